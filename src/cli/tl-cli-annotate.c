/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-cli-annotate.c: the annotate and still commands: add a drawing, render a frame with them. */
#include "config.h"

#include <inttypes.h>

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "tl-cli-commands.h"
#include "tl-match-annotations.h"
#include "tl-still.h"
#include "tl-track-chunks.h"

static const char annotate_usage[] =
  "touchline-cli annotate MATCH --shape arrow|line|circle|zone|text|spotlight|... "
  "--at SECONDS [--duration SECONDS] --points X,Y[;X,Y...] [--space pitch|image] "
  "[--color #RRGGBB] [--track ID] [--text T]";

/* "X,Y;X,Y" -> points; FALSE on anything else. */
static gboolean
parse_points (const char *text,
              GArray     *out)
{
  g_auto(GStrv) pairs = g_strsplit (text, ";", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) xy = g_strsplit (g_strstrip (pairs[i]), ",", -1);
      TlAnnotationPoint p;
      char *end;

      if (*pairs[i] == '\0' && pairs[i + 1] == NULL && i > 0)
        break;   /* a trailing ";" */
      if (g_strv_length (xy) != 2)
        return FALSE;
      p.x = g_ascii_strtod (g_strstrip (xy[0]), &end);
      if (*end != '\0' || *xy[0] == '\0' || !isfinite (p.x))
        return FALSE;
      p.y = g_ascii_strtod (g_strstrip (xy[1]), &end);
      if (*end != '\0' || *xy[1] == '\0' || !isfinite (p.y))
        return FALSE;
      g_array_append_val (out, p);
    }
  return TRUE;
}

/* "--track 3 --track 7" or "--track 3,7": track numbers in order. */
static gboolean
parse_tracks (char  **values,
              GArray *out)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (values[i], ",", -1);

      for (guint k = 0; parts[k] != NULL; k++)
        {
          guint64 n;

          if (!g_ascii_string_to_unsigned (g_strstrip (parts[k]), 10, 1, G_MAXUINT32, &n, NULL))
            return FALSE;
          g_array_append_vals (out, &(guint32) { (guint32) n }, 1);
        }
    }
  return TRUE;
}

static gboolean
seconds_to_ns (double  seconds,
               gint64 *out)
{
  if (!isfinite (seconds) || seconds < 0 || seconds > 1e6)
    return FALSE;
  *out = (gint64) llround (seconds * 1e9);
  return TRUE;
}

/* Refuses track numbers the match's analysis does not have. */
static gboolean
check_tracks (TlStore  *store,
              TlMatch  *match,
              GArray   *wanted,
              GError  **error)
{
  g_autoptr(GArray) tracks = NULL;

  if (wanted->len == 0)
    return TRUE;
  tracks = tl_track_chunks_list_tracks (store, tl_match_get_id (match), error);
  if (tracks == NULL)
    return FALSE;
  for (guint i = 0; i < wanted->len; i++)
    {
      guint32 n = g_array_index (wanted, guint32, i);
      gboolean found = FALSE;

      for (guint k = 0; k < tracks->len && !found; k++)
        found = g_array_index (tracks, TlTrackInfo, k).track_no == n;
      if (!found)
        {
          g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                       tracks->len == 0
                         ? _("match %" PRId64 " has no tracks: analyse it first")
                         : _("match %" PRId64 " has no track %u"),
                       tl_match_get_id (match), n);
          return FALSE;
        }
    }
  return TRUE;
}

int
tl_cli_annotate (TlCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autofree char *shape_name = NULL;
  g_autofree char *points_text = NULL;
  g_autofree char *space_name = NULL;
  g_autofree char *color = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) track_args = NULL;
  double at = -1, duration = 5, freeze = 0, width = TL_ANNOTATION_DEFAULT_WIDTH, opacity = 1;
  double radius = -1;
  gboolean dash = FALSE, fill = FALSE, curved = FALSE;
  gint64 event_id = 0;
  int number = 1;
  const GOptionEntry entries[] = {
    { "shape", 0, 0, G_OPTION_ARG_STRING, &shape_name,
      N_("pen, line, arrow, circle, rect, zone, text, marker, spotlight, link or magnifier"),
      "SHAPE" },
    { "at", 0, 0, G_OPTION_ARG_DOUBLE, &at, N_("Show it from this time of the video"),
      "SECONDS" },
    { "duration", 0, 0, G_OPTION_ARG_DOUBLE, &duration, N_("Show it this long (5)"),
      "SECONDS" },
    { "freeze", 0, 0, G_OPTION_ARG_DOUBLE, &freeze,
      N_("Pause the video this long at its start and show it"), "SECONDS" },
    { "points", 0, 0, G_OPTION_ARG_STRING, &points_text,
      N_("Points in the drawing's space: pitch metres or video pixels"), "X,Y[;X,Y…]" },
    { "space", 0, 0, G_OPTION_ARG_STRING, &space_name,
      N_("pitch (default when calibrated) or image"), "SPACE" },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color, N_("Colour (#ffd60a)"), "#RRGGBB" },
    { "width", 0, 0, G_OPTION_ARG_DOUBLE, &width, N_("Line width in pixels at 720 lines (4)"),
      "PX" },
    { "opacity", 0, 0, G_OPTION_ARG_DOUBLE, &opacity, N_("Opacity from 0 to 1 (1)"), "A" },
    { "dash", 0, 0, G_OPTION_ARG_NONE, &dash, N_("Dashed line"), NULL },
    { "fill", 0, 0, G_OPTION_ARG_NONE, &fill, N_("Fill a circle or rectangle"), NULL },
    { "curved", 0, 0, G_OPTION_ARG_NONE, &curved,
      N_("Curve an arrow through its middle point"), NULL },
    { "radius", 0, 0, G_OPTION_ARG_DOUBLE, &radius,
      N_("Spotlight radius in metres (pixels in image space); magnifier radius"), "R" },
    { "number", 0, 0, G_OPTION_ARG_INT, &number, N_("The number of a marker (1)"), "N" },
    { "track", 0, 0, G_OPTION_ARG_STRING_ARRAY, &track_args,
      N_("Follow this track (repeat, or list with commas, for a link)"), "ID" },
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("A label's text or a spotlight's name"),
      "T" },
    { "event", 0, 0, G_OPTION_ARG_INT64, &event_id, N_("Belong to this event"), "ID" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    tl_cli_command_context (_("MATCH"), _("Draw on a match: an arrow, a zone, a ring under a "
                                          "player… anchored to the pitch when it is "
                                          "calibrated. Prints the new drawing's id."));
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (TlAnnotationPoint));
  g_autoptr(GArray) tracks = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(TlMatchAnnotations) annotations = NULL;
  g_autoptr(TlAnnotation) annotation = NULL;
  g_autoptr(GError) error = NULL;
  TlAnnotationShape shape;
  TlAnnotationSpace space;
  gint64 start_ns, duration_ns, freeze_ns;
  double r, g, b;
  TlLibrary *library;
  TlMatch *match;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tl_cli_parse_command (context, &argc, &argv, 1, 1, annotate_usage))
    return TL_CLI_EXIT_USAGE;
  if (shape_name == NULL || !tl_annotation_shape_from_string (shape_name, &shape)
      || !seconds_to_ns (at, &start_ns) || !seconds_to_ns (duration, &duration_ns)
      || !seconds_to_ns (freeze, &freeze_ns)
      || (space_name != NULL && !tl_annotation_space_from_string (space_name, &space))
      || (points_text != NULL && !parse_points (points_text, points))
      || !parse_tracks (track_args, tracks)
      || (color != NULL && !tl_annotation_parse_color (color, &r, &g, &b)))
    {
      g_printerr ("usage: %s\n", annotate_usage);
      return TL_CLI_EXIT_USAGE;
    }
  if (!(match = tl_cli_lookup_match (cli, argv[1])))
    return TL_CLI_EXIT_ERROR;
  library = tl_cli_get_library (cli);

  if (space_name == NULL)
    space = tl_match_get_calibrated (match) ? TL_ANNOTATION_SPACE_PITCH
                                            : TL_ANNOTATION_SPACE_IMAGE;
  if (space == TL_ANNOTATION_SPACE_PITCH && !tl_match_get_calibrated (match))
    {
      tl_cli_print_error (NULL, _("match %s has no calibration: draw with --space image"),
                          argv[1]);
      return TL_CLI_EXIT_ERROR;
    }
  if (start_ns > tl_match_get_duration (match) && tl_match_get_duration (match) > 0)
    {
      g_autofree char *length = tl_format_duration (tl_match_get_duration (match));

      tl_cli_print_error (NULL, _("match %s is only %s long"), argv[1], length);
      return TL_CLI_EXIT_ERROR;
    }

  annotation = tl_annotation_new (shape, space);
  tl_annotation_set_points (annotation, (TlAnnotationPoint *) points->data, points->len);
  tl_annotation_set_tracks (annotation, (guint32 *) tracks->data, tracks->len);
  tl_annotation_set_range (annotation, start_ns, start_ns + duration_ns);
  tl_annotation_set_freeze (annotation, freeze_ns);
  if (color != NULL)
    tl_annotation_set_color (annotation, color);
  tl_annotation_set_width (annotation, width);
  tl_annotation_set_opacity (annotation, opacity);
  tl_annotation_set_dash (annotation, dash);
  tl_annotation_set_fill (annotation, fill);
  tl_annotation_set_curved (annotation, curved);
  tl_annotation_set_number (annotation, number);
  tl_annotation_set_text (annotation, text);
  tl_annotation_set_event_id (annotation, event_id);
  if (radius >= 0)
    tl_annotation_set_radius (annotation, radius);

  if (!check_tracks (tl_library_get_store (library), match, tracks, &error)
      || !(annotations = tl_match_annotations_new (library, tl_match_get_id (match), &error))
      || !tl_match_annotations_add (annotations, annotation, &error))
    {
      tl_cli_print_error (NULL, "%s", error->message);
      return TL_CLI_EXIT_ERROR;
    }
  g_print ("%" G_GINT64_FORMAT "\n", tl_annotation_get_id (annotation));
  return TL_CLI_EXIT_OK;
}

int
tl_cli_still (TlCli  *cli,
              int     argc,
              char  **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *camera_name = NULL;
  double at = -1;
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_DOUBLE, &at, N_("The time of the frame"), "SECONDS" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PNG file to write"), "FILE" },
    { "camera", 0, 0, G_OPTION_ARG_STRING, &camera_name,
      N_("full (the whole frame) or follow (the follow-cam's view)"), "CAMERA" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    tl_cli_command_context (_("MATCH"), _("Render one frame of a match as the viewer shows it, "
                                          "drawings included, to a PNG file."));
  const char *usage = "touchline-cli still MATCH --at SECONDS -o FILE.png [--camera full|follow]";
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  TlStillCamera camera = TL_STILL_CAMERA_FULL;
  gint64 position_ns;
  TlMatch *match;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tl_cli_parse_command (context, &argc, &argv, 1, 1, usage))
    return TL_CLI_EXIT_USAGE;
  if (output == NULL || !seconds_to_ns (at, &position_ns)
      || (camera_name != NULL && !tl_still_camera_from_string (camera_name, &camera)))
    {
      g_printerr ("usage: %s\n", usage);
      return TL_CLI_EXIT_USAGE;
    }
  if (!(match = tl_cli_lookup_match (cli, argv[1])))
    return TL_CLI_EXIT_ERROR;
  if (tl_match_get_duration (match) > 0 && position_ns >= tl_match_get_duration (match))
    {
      g_autofree char *length = tl_format_duration (tl_match_get_duration (match));

      tl_cli_print_error (NULL, _("match %s is only %s long"), argv[1], length);
      return TL_CLI_EXIT_ERROR;
    }

  surface = tl_still_render (tl_cli_get_library (cli),
                             tl_match_get_id (match), position_ns, camera,
                             tl_cli_get_cancellable (cli), &error);
  if (surface == NULL)
    {
      tl_cli_print_error (NULL, "%s", error->message);
      return TL_CLI_EXIT_ERROR;
    }
  ok = tl_still_write_png (surface, output, &error);
  cairo_surface_destroy (surface);
  if (!ok)
    {
      tl_cli_print_error (output, "%s", error->message);
      return TL_CLI_EXIT_ERROR;
    }
  return TL_CLI_EXIT_OK;
}
