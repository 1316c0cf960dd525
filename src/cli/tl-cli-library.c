/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-cli-library.c: touchline-cli import, list, info, rm and relink. */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tl-cli-commands.h"

static char *
format_fps (TlMatch *match)
{
  double fps = tl_match_get_fps (match);

  /* 25 -> "25", 29.97 -> "29.97" */
  if (fabs (fps - round (fps)) < 0.005)
    return g_strdup_printf ("%.0f", fps);

  return g_strdup_printf ("%.2f", fps);
}

static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return g_strdup ("-");

  local = g_date_time_to_local (date);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* For people; list and --json keep the stable machine names. */
static const char *
analysis_label (TlAnalysisState state)
{
  switch (state)
    {
    case TL_ANALYSIS_STATE_QUEUED:  return _("queued");
    case TL_ANALYSIS_STATE_RUNNING: return _("analysing");
    case TL_ANALYSIS_STATE_PAUSED:  return _("paused");
    case TL_ANALYSIS_STATE_DONE:    return _("analysed");
    case TL_ANALYSIS_STATE_FAILED:  return _("analysis failed");
    case TL_ANALYSIS_STATE_NONE:
    default:                        return _("not analysed");
    }
}

static const char *
projection_label (TlMatch *match)
{
  return tl_match_get_projection (match) == TL_PROJECTION_CYLINDRICAL
         ? _("panorama") : _("flat");
}

/* One line a match, tab-separated so scripts can cut it:
 * ID TITLE DURATION WxH FPS PROJECTION HFOV ANALYSIS PATH */
static void
print_match_line (TlMatch *match)
{
  g_autofree char *duration = tl_format_duration (tl_match_get_duration (match));
  g_autofree char *fps = format_fps (match);

  g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%dx%d\t%s fps\t%s\t%.0f°\t%s\t%s%s\n",
           tl_match_get_id (match),
           tl_match_get_title (match),
           duration,
           tl_match_get_width (match), tl_match_get_height (match),
           fps,
           tl_projection_to_string (tl_match_get_projection (match)),
           tl_match_get_hfov (match),
           tl_analysis_state_to_string (tl_match_get_analysis_state (match)),
           tl_match_get_file_path (match),
           tl_match_get_file_missing (match) ? " (missing)" : "");
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_date (JsonBuilder *builder,
          const char  *name,
          GDateTime   *date)
{
  g_autofree char *iso = date != NULL ? g_date_time_format_iso8601 (date) : NULL;

  add_string (builder, name, iso);
}

/* The stored calibration as an object, so scripts read it without parsing a string. */
static void
add_calibration (JsonBuilder *builder,
                 const char  *calibration)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  json_builder_set_member_name (builder, "calibration");
  if (calibration != NULL && json_parser_load_from_data (parser, calibration, -1, NULL))
    json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_null_value (builder);
}

static const char *
calibration_label (TlMatch *match)
{
  return tl_match_get_calibrated (match) ? _("Calibrated (from the demo generator)")
                                         : _("Not calibrated");
}

static void
add_match_object (JsonBuilder *builder,
                  TlMatch     *match)
{
  const TlMatchInfo *info = tl_match_get_info (match);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, info->id);
  add_string (builder, "title", info->title);
  add_string (builder, "path", info->file_path);
  json_builder_set_member_name (builder, "file_missing");
  json_builder_add_boolean_value (builder, tl_match_get_file_missing (match));
  add_string (builder, "content_hash", info->content_hash);
  json_builder_set_member_name (builder, "size_bytes");
  json_builder_add_int_value (builder, info->file_size);
  json_builder_set_member_name (builder, "duration_s");
  json_builder_add_double_value (builder, info->duration_ns / 1e9);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, info->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, info->height);
  json_builder_set_member_name (builder, "fps");
  json_builder_add_double_value (builder, tl_match_get_fps (match));
  add_string (builder, "container", info->container);
  add_string (builder, "video_codec", info->video_codec);
  add_string (builder, "audio_codec", info->audio_codec);
  add_string (builder, "projection", tl_projection_to_string (info->projection));
  json_builder_set_member_name (builder, "hfov_deg");
  json_builder_add_double_value (builder, info->hfov_deg);
  json_builder_set_member_name (builder, "calibrated");
  json_builder_add_boolean_value (builder, tl_match_get_calibrated (match));
  add_calibration (builder, info->calibration);
  add_date (builder, "recorded_at", info->recorded_at);
  add_date (builder, "imported_at", info->imported_at);
  add_string (builder, "poster", info->poster_path);
  add_string (builder, "analysis", tl_analysis_state_to_string (info->analysis_state));
  json_builder_end_object (builder);
}

int
tl_cli_import (TlCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) context = tl_cli_command_context (_("FILE…"),
                                                       _("Import video files into the library."));
  TlLibrary *library;
  int failures = 0;

  if (!tl_cli_parse_command (context, &argc, &argv, 1, -1,
                             _("touchline-cli import FILE…")))
    return TL_CLI_EXIT_USAGE;
  if (!(library = tl_cli_get_library (cli)))
    return TL_CLI_EXIT_ERROR;

  /* One bad file must not stop the others: report each, fail at the end. */
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TlMatch) match = NULL;
      gboolean duplicate = FALSE;

      match = tl_library_import_file (library, argv[i], &duplicate,
                                      tl_cli_get_cancellable (cli), &error);
      if (match == NULL)
        {
          tl_cli_print_error (argv[i], "%s", error->message);
          failures++;
          if (g_error_matches (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CANCELLED))
            break;
          continue;
        }

      if (duplicate)
        g_print (_("%s: already in the library as match %lld\n"),
                 argv[i], (long long) tl_match_get_id (match));
      else
        {
          g_autofree char *duration = tl_format_duration (tl_match_get_duration (match));
          g_autofree char *fps = format_fps (match);
          const TlMatchInfo *info = tl_match_get_info (match);

          /* TRANSLATORS: imported 3: PATH (0:10, 3072x1728, 25 fps, H.265, no audio, flat 90°) */
          g_print (_("imported %lld: %s (%s, %dx%d, %s fps, %s, %s, %s %.0f°)\n"),
                   (long long) info->id, info->file_path, duration, info->width, info->height, fps,
                   info->video_codec != NULL ? info->video_codec : _("unknown codec"),
                   info->audio_codec != NULL ? info->audio_codec : _("no audio"),
                   projection_label (match), info->hfov_deg);
        }
    }

  return failures > 0 ? TL_CLI_EXIT_ERROR : TL_CLI_EXIT_OK;
}

int
tl_cli_list (TlCli  *cli,
             int     argc,
             char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    tl_cli_command_context (NULL, _("List the matches in the library."));
  TlLibrary *library;
  GListModel *matches;
  guint n;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tl_cli_parse_command (context, &argc, &argv, 0, 0,
                             _("touchline-cli list [--json]")))
    return TL_CLI_EXIT_USAGE;
  if (!(library = tl_cli_get_library (cli)))
    return TL_CLI_EXIT_ERROR;

  matches = tl_library_get_matches (library);
  n = g_list_model_get_n_items (matches);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TlMatch) match = g_list_model_get_item (matches, i);

          add_match_object (builder, match);
        }
      json_builder_end_array (builder);
      tl_cli_print_json (builder);
      return TL_CLI_EXIT_OK;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlMatch) match = g_list_model_get_item (matches, i);

      print_match_line (match);
    }

  return TL_CLI_EXIT_OK;
}

int
tl_cli_info (TlCli  *cli,
             int     argc,
             char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = tl_cli_command_context (_("MATCH"),
                                                       _("Show everything known about a match."));
  const TlMatchInfo *info;
  TlMatch *match;
  g_autofree char *duration = NULL;
  g_autofree char *fps = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *imported = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tl_cli_parse_command (context, &argc, &argv, 1, 1,
                             _("touchline-cli info MATCH [--json]")))
    return TL_CLI_EXIT_USAGE;
  if (!(match = tl_cli_lookup_match (cli, argv[1])))
    return TL_CLI_EXIT_ERROR;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      add_match_object (builder, match);
      tl_cli_print_json (builder);
      return TL_CLI_EXIT_OK;
    }

  info = tl_match_get_info (match);
  duration = tl_format_duration (info->duration_ns);
  fps = format_fps (match);
  recorded = format_date (info->recorded_at);
  imported = format_date (info->imported_at);

  tl_cli_print_field (_("Match:"), "%lld", (long long) info->id);
  tl_cli_print_field (_("Title:"), "%s", info->title);
  tl_cli_print_field (_("File:"), "%s%s", info->file_path,
                      tl_match_get_file_missing (match) ? _(" (missing: use “relink”)") : "");
  tl_cli_print_field (_("Size:"), "%.1f MiB", info->file_size / (1024.0 * 1024.0));
  tl_cli_print_field (_("Duration:"), "%s", duration);
  tl_cli_print_field (_("Video:"), "%dx%d, %s fps", info->width, info->height, fps);
  tl_cli_print_field (_("Container:"), "%s", info->container ? info->container : "-");
  tl_cli_print_field (_("Video codec:"), "%s", info->video_codec ? info->video_codec : "-");
  tl_cli_print_field (_("Audio:"), "%s", info->audio_codec ? info->audio_codec : _("none"));
  tl_cli_print_field (_("Projection:"), "%s, %.0f°", projection_label (match), info->hfov_deg);
  tl_cli_print_field (_("Calibration:"), "%s", calibration_label (match));
  tl_cli_print_field (_("Recorded:"), "%s", recorded);
  tl_cli_print_field (_("Imported:"), "%s", imported);
  tl_cli_print_field (_("Analysis:"), "%s", analysis_label (info->analysis_state));
  tl_cli_print_field (_("Poster:"), "%s", info->poster_path ? info->poster_path : "-");
  tl_cli_print_field (_("Hash:"), "%s", info->content_hash);

  return TL_CLI_EXIT_OK;
}

int
tl_cli_rm (TlCli  *cli,
           int     argc,
           char  **argv)
{
  g_autoptr(GOptionContext) context =
    tl_cli_command_context (_("MATCH"), _("Remove a match and all its data from the library. "
                                   "The video file itself is not touched."));
  g_autoptr(GError) error = NULL;
  g_autoptr(TlMatch) match = NULL;
  g_autofree char *title = NULL;
  TlMatch *found;

  if (!tl_cli_parse_command (context, &argc, &argv, 1, 1,
                             _("touchline-cli rm MATCH")))
    return TL_CLI_EXIT_USAGE;
  if (!(found = tl_cli_lookup_match (cli, argv[1])))
    return TL_CLI_EXIT_ERROR;

  match = g_object_ref (found);
  title = g_strdup (tl_match_get_title (match));
  if (!tl_library_delete_match (tl_cli_get_library (cli), match, &error))
    {
      tl_cli_print_error (NULL, "%s", error->message);
      return TL_CLI_EXIT_ERROR;
    }

  g_print (_("removed match %lld (%s)\n"), (long long) tl_match_get_id (match), title);
  return TL_CLI_EXIT_OK;
}

int
tl_cli_relink (TlCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) context =
    tl_cli_command_context (_("MATCH FILE"), _("Point a match at its video after the file moved. "
                                        "The file must be the same video."));
  g_autoptr(GError) error = NULL;
  TlMatch *match;

  if (!tl_cli_parse_command (context, &argc, &argv, 2, 2,
                             _("touchline-cli relink MATCH FILE")))
    return TL_CLI_EXIT_USAGE;
  if (!(match = tl_cli_lookup_match (cli, argv[1])))
    return TL_CLI_EXIT_ERROR;

  if (!tl_library_relink_match (tl_cli_get_library (cli), match, argv[2],
                                tl_cli_get_cancellable (cli), &error))
    {
      tl_cli_print_error (argv[2], "%s", error->message);
      return TL_CLI_EXIT_ERROR;
    }

  g_print (_("match %lld now points at %s\n"),
           (long long) tl_match_get_id (match), tl_match_get_file_path (match));
  return TL_CLI_EXIT_OK;
}
