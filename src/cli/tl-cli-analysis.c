/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-cli-analysis.c: the analyze and tracks commands: run an analysis, export its tracks. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "tl-analyzer.h"
#include "tl-cli-commands.h"
#include "tl-track-chunks.h"

typedef struct
{
  gboolean interactive;
} Bar;

static void
on_progress (TlAnalyzer *analyzer,
             gint64      done,
             gint64      total,
             double      fps,
             Bar        *bar)
{
  double fraction = total > 0 ? CLAMP ((double) done / total, 0, 1) : 0;
  char line[41];
  int filled = (int) (fraction * 30);
  g_autofree char *eta = NULL;

  if (!bar->interactive)
    return;
  memset (line, '#', (size_t) filled);
  memset (line + filled, '-', (size_t) (30 - filled));
  line[30] = '\0';
  eta = fps > 0 ? tl_format_duration ((gint64) ((total - done) / fps * G_TIME_SPAN_SECOND)
                                      * 1000)
                : g_strdup ("--:--");
  g_printerr ("\r[%s] %5.1f%%  %6.1f fps  ETA %s   ", line, fraction * 100, fps, eta);
}

int
tl_cli_analyze (TlCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *backend_name = NULL;
  int threads = 0;
  double checkpoint = TL_ANALYZER_CHECKPOINT_SECONDS;
  const GOptionEntry entries[] = {
    { "backend", 0, 0, G_OPTION_ARG_STRING, &backend_name,
      N_("Tracking backend: auto, cpu or cuda"), "BACKEND" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, N_("CPU threads (0: one per core)"), "N" },
    { "checkpoint-interval", 0, 0, G_OPTION_ARG_DOUBLE, &checkpoint,
      N_("Seconds of video between checkpoints (30)"), "SECONDS" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    tl_cli_command_context (_("MATCH"), _("Find and track the players and the ball of a match. "
                                          "An interrupted analysis resumes from its last "
                                          "checkpoint."));
  g_autoptr(TlAnalyzer) analyzer = NULL;
  g_autoptr(GError) error = NULL;
  const TlAnalysisSummary *summary;
  TlTrackBackend backend = TL_TRACK_BACKEND_AUTO;
  TlLibrary *library;
  TlMatch *match;
  Bar bar = { 0 };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tl_cli_parse_command (context, &argc, &argv, 1, 1,
                             "touchline-cli analyze MATCH [--backend auto|cpu|cuda] "
                             "[--threads N]"))
    return TL_CLI_EXIT_USAGE;
  if ((backend_name != NULL && tl_track_backend_from_string (backend_name, &backend) != 0)
      || threads < 0 || checkpoint <= 0)
    {
      g_printerr ("usage: touchline-cli analyze MATCH [--backend auto|cpu|cuda] "
                  "[--threads N]\n");
      return TL_CLI_EXIT_USAGE;
    }
  if (!(match = tl_cli_lookup_match (cli, argv[1])))
    return TL_CLI_EXIT_ERROR;
  library = tl_cli_get_library (cli);

  analyzer = tl_analyzer_new (tl_library_get_store (library), match);
  tl_analyzer_set_backend (analyzer, backend);
  tl_analyzer_set_threads (analyzer, threads);
  tl_analyzer_set_checkpoint_interval (analyzer, checkpoint);
  bar.interactive = tl_cli_is_interactive (cli);
  g_signal_connect (analyzer, "progress", G_CALLBACK (on_progress), &bar);

  if (!tl_analyzer_run (analyzer, tl_cli_get_cancellable (cli), &error))
    {
      if (bar.interactive)
        g_printerr ("\n");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tl_cli_print_error (NULL, "%s", _("analysis interrupted; run analyze again to resume it"));
      else
        tl_cli_print_error (NULL, "%s", error->message);
      return TL_CLI_EXIT_ERROR;
    }
  if (bar.interactive)
    g_printerr ("\n");
  summary = tl_analyzer_get_summary (analyzer);
  /* Not translated: scripts read this summary line. */
  g_print ("analysed %" G_GINT64_FORMAT " frames%s, %u tracks, %.1f fps, backend %s\n",
           summary->frames_total,
           summary->resumed_from > 0 ? " (resumed)" : "", summary->n_tracks, summary->fps,
           tl_track_backend_to_string (summary->backend));
  return TL_CLI_EXIT_OK;
}

static void
print_samples (GString      *out,
               const char   *format,
               GArray       *samples)
{
  for (guint i = 0; i < samples->len; i++)
    {
      const TlTrackSample *s = &g_array_index (samples, TlTrackSample, i);

      if (g_str_equal (format, "mot"))
        g_string_append_printf (out, "%" G_GINT64_FORMAT ",%u,%d,%d,%d,%d,%s,%u,-1,-1\n",
                                s->frame + 1, s->track_no, s->x, s->y, s->w, s->h,
                                s->coasting ? "0.5" : "1", s->klass);
      else if (s->pitch_x_cm != TL_TRACK_PITCH_UNKNOWN)
        g_string_append_printf (out, "%" G_GINT64_FORMAT ",%u,%.2f,%.2f,%u,%d\n",
                                s->frame + 1, s->track_no, s->pitch_x_cm / 100.0,
                                s->pitch_y_cm / 100.0, s->klass, s->team);
    }
}

static void
print_json (GString *out,
            GArray  *tracks,
            GArray  *samples)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tracks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tracks->len; i++)
    {
      const TlTrackInfo *t = &g_array_index (tracks, TlTrackInfo, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, t->track_no);
      json_builder_set_member_name (builder, "class");
      json_builder_add_string_value (builder, t->klass == 2 ? "ball" : "person");
      json_builder_set_member_name (builder, "team");
      json_builder_add_int_value (builder, t->team);
      json_builder_set_member_name (builder, "first_frame");
      json_builder_add_int_value (builder, t->first_frame + 1);
      json_builder_set_member_name (builder, "last_frame");
      json_builder_add_int_value (builder, t->last_frame + 1);
      if (t->has_stats)
        {
          json_builder_set_member_name (builder, "distance_m");
          json_builder_add_double_value (builder, t->distance_m);
          json_builder_set_member_name (builder, "top_speed_ms");
          json_builder_add_double_value (builder, t->top_speed_ms);
          json_builder_set_member_name (builder, "sprints");
          json_builder_add_int_value (builder, t->sprints);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "samples");
  json_builder_begin_array (builder);
  for (guint i = 0; i < samples->len; i++)
    {
      const TlTrackSample *s = &g_array_index (samples, TlTrackSample, i);

      /* Arrays, not objects: a match has millions of samples. */
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, s->frame + 1);
      json_builder_add_int_value (builder, s->track_no);
      json_builder_add_int_value (builder, s->x);
      json_builder_add_int_value (builder, s->y);
      json_builder_add_int_value (builder, s->w);
      json_builder_add_int_value (builder, s->h);
      json_builder_add_double_value (builder, s->pitch_x_cm / 100.0);
      json_builder_add_double_value (builder, s->pitch_y_cm / 100.0);
      json_builder_add_int_value (builder, s->klass);
      json_builder_add_int_value (builder, s->team);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

int
tl_cli_tracks (TlCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("mot, pitch or json (mot)"), "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of stdout"),
      "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    tl_cli_command_context (_("MATCH"), _("Export the tracks of an analysed match: MOTChallenge "
                                          "boxes in video pixels (mot), pitch metres (pitch) or "
                                          "everything (json)."));
  const char *usage = "touchline-cli tracks MATCH --format mot|pitch|json [-o FILE]";
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GArray) tracks = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  TlStore *store;
  TlMatch *match;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tl_cli_parse_command (context, &argc, &argv, 1, 1, usage))
    return TL_CLI_EXIT_USAGE;
  if (format == NULL)
    format = g_strdup ("mot");
  if (!g_str_equal (format, "mot") && !g_str_equal (format, "pitch")
      && !g_str_equal (format, "json"))
    {
      g_printerr ("usage: %s\n", usage);
      return TL_CLI_EXIT_USAGE;
    }
  if (!(match = tl_cli_lookup_match (cli, argv[1])))
    return TL_CLI_EXIT_ERROR;
  if (tl_match_get_analysis_state (match) != TL_ANALYSIS_STATE_DONE)
    {
      tl_cli_print_error (NULL, _("match %s is not analysed yet: run “touchline-cli analyze %s”"),
                          argv[1], argv[1]);
      return TL_CLI_EXIT_ERROR;
    }
  if (g_str_equal (format, "pitch") && !tl_match_get_calibrated (match))
    {
      tl_cli_print_error (NULL, _("match %s has no calibration: pitch positions are unknown"),
                          argv[1]);
      return TL_CLI_EXIT_ERROR;
    }

  store = tl_library_get_store (tl_cli_get_library (cli));
  samples = tl_track_chunks_query (store, tl_match_get_id (match), 0, G_MAXINT64, &error);
  if (samples != NULL && g_str_equal (format, "json"))
    tracks = tl_track_chunks_list_tracks (store, tl_match_get_id (match), &error);
  if (samples == NULL || (g_str_equal (format, "json") && tracks == NULL))
    {
      tl_cli_print_error (NULL, "%s", error->message);
      return TL_CLI_EXIT_ERROR;
    }
  if (g_str_equal (format, "json"))
    print_json (out, tracks, samples);
  else
    print_samples (out, format, samples);

  if (output != NULL)
    {
      if (!g_file_set_contents (output, out->str, (gssize) out->len, &error))
        {
          tl_cli_print_error (output, "%s", error->message);
          return TL_CLI_EXIT_ERROR;
        }
    }
  else if (fwrite (out->str, 1, out->len, stdout) != out->len)
    {
      tl_cli_print_error (NULL, "%s", _("could not write the tracks"));
      return TL_CLI_EXIT_ERROR;
    }
  return TL_CLI_EXIT_OK;
}
