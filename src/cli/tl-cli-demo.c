/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-cli-demo.c: `touchline-cli demo OUT.mp4 [options]`: the demo match generator. */
#include "config.h"

#include "tl-cli-demo.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "tl-demo-generator.h"

typedef struct
{
  gboolean interactive;
  int      last_width;
} ProgressBar;

static void
on_progress (TlDemoGenerator *generator,
             double           fraction,
             ProgressBar     *bar)
{
  const int cells = 40;
  int filled = (int) (fraction * cells + 0.5);
  int pct = (int) (fraction * 100.0 + 0.5);

  if (!bar->interactive || pct == bar->last_width)
    return;
  bar->last_width = pct;
  fprintf (stderr, _("\rGenerating demo [%.*s%*s] %3d%%"), filled,
           "########################################", cells - filled, "", pct);
  fflush (stderr);
}

static gboolean
parse_size (const char *str,
            int        *width,
            int        *height)
{
  g_auto(GStrv) parts = NULL;
  guint64 w, h;

  if (str == NULL)
    return FALSE;
  parts = g_strsplit (str, "x", 2);
  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 16, 16384, &w, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 16, 16384, &h, NULL))
    return FALSE;
  *width = (int) w;
  *height = (int) h;
  return TRUE;
}

int
tl_cli_demo (TlCli  *cli,
             int     argc,
             char  **argv)
{
  double seconds = 10.0, noise = 2.0, shake = 1.0, hfov = 0.0;
  double camera_distance = 5.0, camera_height = 6.0;
  gint64 seed = 1;
  int players = 11, referees = 3;
  gboolean clouds = FALSE;
  g_autofree char *size = NULL;
  g_autofree char *projection = NULL;
  g_autofree char *light = NULL;
  g_autofree char *gt = NULL;
  g_autofree char *gt_pitch = NULL;
  g_autofree char *events = NULL;
  GOptionEntry entries[] = {
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, N_("Length of the video (default 10)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Random seed: same seed, same frames"), "N" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size,
      N_("Video size (default 3840x1152, flat 1920x1080)"), "WxH" },
    { "projection", 0, 0, G_OPTION_ARG_STRING, &projection,
      N_("cylindrical (panorama, default) or flat"), "KIND" },
    { "light", 0, 0, G_OPTION_ARG_STRING, &light,
      N_("sunny (default), overcast, floodlight or dusk"), "KIND" },
    { "noise", 0, 0, G_OPTION_ARG_DOUBLE, &noise,
      N_("Sensor noise in luma levels (default 2)"), "N" },
    { "shake", 0, 0, G_OPTION_ARG_DOUBLE, &shake, N_("Camera shake in pixels (default 1)"), "PX" },
    { "clouds", 0, 0, G_OPTION_ARG_NONE, &clouds,
      N_("Cloud shadows drifting over the pitch (they dim colour as well as brightness)"), NULL },
    { "hfov", 0, 0, G_OPTION_ARG_DOUBLE, &hfov,
      N_("Horizontal field of view in degrees (default 180, flat 90)"), "DEG" },
    { "camera-distance", 0, 0, G_OPTION_ARG_DOUBLE, &camera_distance,
      N_("Camera distance behind the near touchline in metres (default 5)"), "M" },
    { "camera-height", 0, 0, G_OPTION_ARG_DOUBLE, &camera_height,
      N_("Camera height in metres (default 6)"), "M" },
    { "players", 0, 0, G_OPTION_ARG_INT, &players, N_("Players per team, 1-11 (default 11)"), "N" },
    { "referees", 0, 0, G_OPTION_ARG_INT, &referees, N_("Referees, 0-3 (default 3)"), "N" },
    { "gt", 0, 0, G_OPTION_ARG_FILENAME, &gt, N_("Write MOTChallenge ground truth"), "GT.txt" },
    { "gt-pitch", 0, 0, G_OPTION_ARG_FILENAME, &gt_pitch,
      N_("Write pitch positions"), "PITCH.txt" },
    { "events", 0, 0, G_OPTION_ARG_FILENAME, &events,
      N_("Write the scripted events"), "EVENTS.json" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("OUT.mp4");
  g_autoptr(TlDemoGenerator) generator = NULL;
  g_autoptr(GError) error = NULL;
  ProgressBar bar = { tl_cli_is_interactive (cli), -1 };
  int width = 3840, height = 1152;
  gboolean ok;

  g_option_context_set_summary (context,
                                _("Writes a synthetic football match filmed like a panoramic "
                                  "camera, with exact ground truth,\nand OUT.json with its "
                                  "calibration next to it."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tl_cli_parse_options (context, &argc, &argv))
    return TL_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      fprintf (stderr, "usage: %s\n", _("touchline-cli demo OUT.mp4 [OPTION…]"));
      return TL_CLI_EXIT_USAGE;
    }

  if (g_strcmp0 (projection, "flat") == 0 && size == NULL)
    {
      width = 1920;
      height = 1080;
    }
  if (size != NULL && !parse_size (size, &width, &height))
    {
      fprintf (stderr, "usage: %s\n", _("--size WxH, for example 3840x1152"));
      return TL_CLI_EXIT_USAGE;
    }
  if (width % 8 != 0 || height % 2 != 0)
    {
      fprintf (stderr, "usage: %s\n",
               _("--size: the width must be a multiple of 8 and the height even"));
      return TL_CLI_EXIT_USAGE;
    }
  if (players < 1 || players > 11 || referees < 0 || referees > 3 || seed < 0
      || noise < 0 || noise > 40 || !(seconds > 0) || seconds > 6 * 3600
      || shake < 0 || shake > 16 || hfov < 0 || hfov > 360
      || camera_distance < 0.5 || camera_distance > 40
      || camera_height < 1 || camera_height > 40)
    {
      fprintf (stderr, "usage: %s\n", _("--players 1-11, --referees 0-3, --seed >= 0, "
                                         "--noise 0-40, --seconds > 0, --shake 0-16, "
                                         "--hfov 0-360 (0: default), --camera-distance 0.5-40, "
                                         "--camera-height 1-40"));
      return TL_CLI_EXIT_USAGE;
    }

  generator = g_object_new (TL_TYPE_DEMO_GENERATOR,
                            "seconds", seconds,
                            "seed", (guint64) seed,
                            "width", width,
                            "height", height,
                            "projection", projection ? projection : "cylindrical",
                            "light", light ? light : "sunny",
                            "noise", noise,
                            "shake", shake,
                            "clouds", clouds,
                            "hfov", hfov,
                            "camera-distance", camera_distance,
                            "camera-height", camera_height,
                            "players", players,
                            "referees", referees,
                            "gt-path", gt,
                            "pitch-path", gt_pitch,
                            "events-path", events,
                            NULL);
  g_signal_connect (generator, "progress", G_CALLBACK (on_progress), &bar);

  ok = tl_demo_generator_run (generator, argv[1], tl_cli_get_cancellable (cli), &error);
  if (bar.interactive && bar.last_width >= 0)
    fprintf (stderr, "\n");
  if (!ok)
    {
      /* A bad --projection or --light is a usage error, the rest are failures. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        {
          fprintf (stderr, "usage: %s\n", error->message);
          return TL_CLI_EXIT_USAGE;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tl_cli_print_error (NULL, "%s", _("cancelled"));
      else
        tl_cli_print_error (NULL, "%s", error->message);
      return TL_CLI_EXIT_ERROR;
    }

  if (bar.interactive)
    fprintf (stderr, _("%d frames in %.1f s (%.1f frames/s)\n"),
             tl_demo_generator_get_n_frames (generator), tl_demo_generator_get_elapsed (generator),
             tl_demo_generator_get_n_frames (generator)
             / MAX (tl_demo_generator_get_elapsed (generator), 1e-6));
  return TL_CLI_EXIT_OK;
}
