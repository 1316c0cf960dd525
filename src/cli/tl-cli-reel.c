/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-cli-reel.c: the reel command: export tagged events of a match as an MP4 highlight reel. */
#include "config.h"

#include <inttypes.h>

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "tl-cli-commands.h"
#include "tl-reel-exporter.h"
#include "tl-reels.h"

#define REEL_USAGE "touchline-cli reel --match MATCH (--events ID,ID,... | --code CODE) " \
                   "-o OUT.mp4 [--size 1280x720|1920x1080|source] [--camera follow|path|full] " \
                   "[--per-event DIR]"

typedef struct
{
  gboolean interactive;
  gboolean drawn;
} Bar;

static void
on_progress (TlReelExporter *exporter,
             double          fraction,
             gint64          left_ns,
             double          speed,
             Bar            *bar)
{
  char line[31];
  int filled = (int) (CLAMP (fraction, 0, 1) * 30);
  g_autofree char *eta = NULL;

  if (!bar->interactive)
    return;
  memset (line, '#', (size_t) filled);
  memset (line + filled, '-', (size_t) (30 - filled));
  line[30] = '\0';
  eta = left_ns >= 0 ? tl_format_duration (left_ns) : g_strdup ("--:--");
  g_printerr ("\r[%s] %5.1f%%  %4.1fx  ETA %s   ", line, fraction * 100, speed, eta);
  bar->drawn = TRUE;
}

/* "12,13,15" -> ids; FALSE on anything that is not a list of positive integers. */
static GArray *
parse_ids (const char *list)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *end = NULL;
      gint64 id = g_ascii_strtoll (g_strstrip (parts[i]), &end, 10);

      if (*parts[i] == '\0' || end == NULL || *end != '\0' || id <= 0)
        return NULL;
      g_array_append_val (ids, id);
    }

  return ids->len > 0 ? g_steal_pointer (&ids) : NULL;
}

static int
run_export (TlCli                     *cli,
            TlReelExporter            *exporter,
            const char                *intro,
            GPtrArray                 *items,
            const TlReelExportOptions *options)
{
  g_autoptr(GError) error = NULL;
  Bar bar = { tl_cli_is_interactive (cli), FALSE };
  gulong handler = g_signal_connect (exporter, "progress", G_CALLBACK (on_progress), &bar);
  gboolean ok = tl_reel_exporter_export (exporter, intro, items, options,
                                         tl_cli_get_cancellable (cli), &error);
  const char * const *outputs;

  g_signal_handler_disconnect (exporter, handler);
  if (bar.drawn)
    g_printerr ("\n");
  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tl_cli_print_error (options->output, "%s", _("export cancelled; nothing was written"));
      else
        tl_cli_print_error (NULL, "%s", error->message);
      return TL_CLI_EXIT_ERROR;
    }

  outputs = tl_reel_exporter_get_outputs (exporter);
  /* Not translated: scripts read these lines. */
  for (guint i = 0; outputs != NULL && outputs[i] != NULL; i++)
    g_print ("wrote %s\n", outputs[i]);
  g_print ("exported %u clips, %s, %.1fx real time, encoder %s\n", items->len,
           tl_reel_size_to_string (options->size), tl_reel_exporter_get_last_speed (exporter),
           tl_reel_exporter_get_video_encoder (exporter));

  return TL_CLI_EXIT_OK;
}

int
tl_cli_reel (TlCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *match_arg = NULL;
  g_autofree char *events_arg = NULL;
  g_autofree char *code = NULL;
  g_autofree char *output = NULL;
  g_autofree char *size_arg = NULL;
  g_autofree char *camera_arg = NULL;
  g_autofree char *per_event = NULL;
  g_autofree char *intro = NULL;
  const GOptionEntry entries[] = {
    { "match", 0, 0, G_OPTION_ARG_STRING, &match_arg, N_("The match whose events to export"),
      "MATCH" },
    { "events", 0, 0, G_OPTION_ARG_STRING, &events_arg, N_("Event ids, in reel order"),
      "ID,ID,…" },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("Every event with this code, in time order"),
      "CODE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The MP4 file to write"), "OUT.mp4" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size_arg,
      N_("1280x720 (default), 1920x1080, or source (the whole panorama)"), "SIZE" },
    { "camera", 0, 0, G_OPTION_ARG_STRING, &camera_arg,
      N_("follow (default), path (the edited camera) or full (the whole panorama)"), "CAMERA" },
    { "per-event", 0, 0, G_OPTION_ARG_FILENAME, &per_event,
      N_("Also write one MP4 per event into this folder"), "DIR" },
    { "intro", 0, 0, G_OPTION_ARG_STRING, &intro, N_("An intro title card"), "TEXT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    tl_cli_command_context ("", _("Export events of a match as a highlight reel (H.264 + AAC "
                                  "MP4 that plays in browsers and on phones)."));
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlReelExporter) exporter = NULL;
  TlReelExportOptions options = { .size = TL_REEL_SIZE_720P, .camera = TL_REEL_CAMERA_FOLLOW };
  TlLibrary *library;
  TlMatch *match;
  int status = TL_CLI_EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tl_cli_parse_command (context, &argc, &argv, 0, 0, REEL_USAGE))
    return TL_CLI_EXIT_USAGE;
  if (match_arg == NULL || (events_arg == NULL) == (code == NULL)
      || (output == NULL && per_event == NULL)
      || (events_arg != NULL && !(ids = parse_ids (events_arg)))
      || (size_arg != NULL && !tl_reel_size_from_string (size_arg, &options.size))
      || (camera_arg != NULL && (!tl_reel_camera_from_string (camera_arg, &options.camera)
                                 || options.camera == TL_REEL_CAMERA_FIXED)))
    {
      g_printerr ("usage: %s\n", REEL_USAGE);
      return TL_CLI_EXIT_USAGE;
    }
  options.override_camera = TRUE;
  if (!(match = tl_cli_lookup_match (cli, match_arg)))
    return TL_CLI_EXIT_ERROR;
  library = tl_cli_get_library (cli);

  if (code != NULL
      && !(ids = tl_reels_find_events (tl_library_get_store (library), tl_match_get_id (match),
                                       code, &error)))
    {
      tl_cli_print_error (NULL, "%s", error->message);
      return TL_CLI_EXIT_ERROR;
    }
  if (ids->len == 0)
    {
      tl_cli_print_error (NULL, _("match %s has no event with the code “%s”"), match_arg, code);
      return TL_CLI_EXIT_ERROR;
    }
  items = tl_reels_items_from_events (tl_library_get_store (library),
                                      (const gint64 *) (gpointer) ids->data, ids->len, &error);
  if (items == NULL)
    {
      tl_cli_print_error (NULL, "%s", error->message);
      return TL_CLI_EXIT_ERROR;
    }
  for (guint i = 0; i < items->len; i++)
    {
      const TlReelItemInfo *item = g_ptr_array_index (items, i);

      if (item->match_id != tl_match_get_id (match))
        {
          tl_cli_print_error (NULL, _("event %" PRId64 " belongs to match %"
                                      PRId64 ", not %s"), item->event_id,
                              item->match_id, match_arg);
          return TL_CLI_EXIT_ERROR;
        }
    }

  exporter = tl_reel_exporter_new (library);
  if (output != NULL)
    {
      options.output = output;
      status = run_export (cli, exporter, intro, items, &options);
    }
  if (status == TL_CLI_EXIT_OK && per_event != NULL)
    {
      options.output = per_event;
      options.per_event = TRUE;
      status = run_export (cli, exporter, NULL, items, &options);
    }

  return status;
}
