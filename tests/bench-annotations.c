/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-annotations.c: what drawings cost per frame: the renderer in a view, and a still. */
#include "config.h"

#include <gst/gst.h>
#include <math.h>

#include "tl-analyzer.h"
#include "tl-annotation-renderer.h"
#include "tl-demo-generator.h"
#include "tl-match-annotations.h"
#include "tl-still.h"
#include "tl-test-media.h"

#define FRAMES 200

static void
add (TlMatchAnnotations      *model,
     TlAnnotationShape        shape,
     const TlAnnotationPoint *points,
     guint                    n,
     const guint32           *tracks,
     guint                    n_tracks)
{
  g_autoptr(TlAnnotation) a = tl_annotation_new (shape, TL_ANNOTATION_SPACE_PITCH);
  g_autoptr(GError) error = NULL;

  tl_annotation_set_points (a, points, n);
  tl_annotation_set_tracks (a, tracks, n_tracks);
  tl_annotation_set_text (a, shape == TL_ANNOTATION_TEXT || shape == TL_ANNOTATION_SPOTLIGHT
                               ? "Label" : NULL);
  tl_annotation_set_range (a, 0, (gint64) 60e9);
  g_assert_true (tl_match_annotations_add (model, a, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *video = NULL;
  g_autofree char *library_dir = NULL;
  g_autoptr(TlDemoGenerator) generator = tl_demo_generator_new ();
  g_autoptr(TlLibrary) library = NULL;
  g_autoptr(TlMatch) match = NULL;
  g_autoptr(TlAnalyzer) analyzer = NULL;
  g_autoptr(TlMatchAnnotations) model = NULL;
  g_autoptr(TlAnnotationRenderer) renderer = NULL;
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GArray) pen = g_array_new (FALSE, FALSE, sizeof (TlAnnotationPoint));
  const TlAnnotationPoint arrow[3] = { { -20, -10 }, { -5, 5 }, { 15, 0 } };
  const TlAnnotationPoint zone[4] = { { 20, -20 }, { 52.5, -20 }, { 52.5, 20 }, { 20, 20 } };
  const TlAnnotationPoint centre[2] = { { 0, 0 }, { 9.15, 9.15 } };
  guint32 players[4] = { 0, };
  guint n_players = 0;
  cairo_surface_t *surface;
  TlVirtualCamera view;
  gint64 t0;
  double per_view, per_full, per_still;
  cairo_t *cr;

  gst_init (&argc, &argv);
  dir = g_dir_make_tmp ("touchline-bench-annotations-XXXXXX", &error);
  g_assert_no_error (error);
  video = g_build_filename (dir, "demo.mp4", NULL);
  library_dir = g_build_filename (dir, "library", NULL);
  g_object_set (generator, "seconds", 3.0, "width", 1920, "height", 576, NULL);
  if (!tl_demo_generator_run (generator, video, NULL, &error))
    {
      g_print ("1..0 # SKIP %s\n", error->message);
      return 0;
    }
  library = tl_library_open (library_dir, &error);
  g_assert_no_error (error);
  match = tl_library_import_file (library, video, NULL, NULL, &error);
  g_assert_no_error (error);
  analyzer = tl_analyzer_new (tl_library_get_store (library), match);
  g_assert_true (tl_analyzer_run (analyzer, NULL, &error));

  renderer = tl_annotation_renderer_new (library, tl_match_get_id (match), &error);
  g_assert_no_error (error);
  samples = tl_annotation_renderer_samples_at (renderer, (gint64) 1e9);
  for (guint i = 0; i < samples->len && n_players < 4; i++)
    if (g_array_index (samples, TlTrackSample, i).klass == 1)
      players[n_players++] = g_array_index (samples, TlTrackSample, i).track_no;
  for (int i = 0; i < 300; i++)
    {
      TlAnnotationPoint p = { -30 + i * 0.1, 10 + 3 * sin (i * 0.05) };

      g_array_append_val (pen, p);
    }

  /* A busy telestration: ten drawings of every kind at once. */
  model = tl_match_annotations_new (library, tl_match_get_id (match), &error);
  g_assert_no_error (error);
  add (model, TL_ANNOTATION_ARROW, arrow, 3, NULL, 0);
  add (model, TL_ANNOTATION_ARROW, arrow, 2, NULL, 0);
  add (model, TL_ANNOTATION_ZONE, zone, 4, NULL, 0);
  add (model, TL_ANNOTATION_CIRCLE, centre, 2, NULL, 0);
  add (model, TL_ANNOTATION_RECT, zone, 2, NULL, 0);
  add (model, TL_ANNOTATION_PEN, (TlAnnotationPoint *) pen->data, pen->len, NULL, 0);
  add (model, TL_ANNOTATION_TEXT, centre, 1, NULL, 0);
  add (model, TL_ANNOTATION_MARKER, centre, 1, NULL, 0);
  add (model, TL_ANNOTATION_SPOTLIGHT, NULL, 0, players, 1);
  add (model, TL_ANNOTATION_LINK, NULL, 0, players, n_players);
  g_assert_true (tl_annotation_renderer_reload (renderer, &error));

  tl_virtual_camera_init (&view, 1920, 1080, 0, 0.15, 1.0);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  cr = cairo_create (surface);
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < FRAMES; i++)
    tl_annotation_renderer_draw (renderer, cr, (gint64) (i * 1e9 / 25) % (gint64) 3e9, &view,
                                 1920, 1080);
  per_view = (g_get_monotonic_time () - t0) / 1000.0 / FRAMES;
  /* Each kind on its own, to see where the time goes. */
  for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (model)); k++)
    {
      g_autoptr(TlAnnotation) a = g_list_model_get_item (G_LIST_MODEL (model), k);

      t0 = g_get_monotonic_time ();
      for (int i = 0; i < FRAMES / 4; i++)
        tl_annotation_renderer_draw_annotation (renderer, cr, a, (gint64) 1e9, &view, 1920,
                                                1080);
      g_print ("  %-10s %.2f ms\n", tl_annotation_shape_to_string (tl_annotation_get_shape (a)),
               (g_get_monotonic_time () - t0) / 1000.0 / (FRAMES / 4));
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 576);
  cr = cairo_create (surface);
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < FRAMES; i++)
    tl_annotation_renderer_draw (renderer, cr, (gint64) (i * 1e9 / 25) % (gint64) 3e9, NULL,
                                 1920, 576);
  per_full = (g_get_monotonic_time () - t0) / 1000.0 / FRAMES;
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  t0 = g_get_monotonic_time ();
  for (int i = 0; i < 5; i++)
    {
      surface = tl_still_render (library, tl_match_get_id (match), (gint64) 1e9,
                                 TL_STILL_CAMERA_FOLLOW, NULL, &error);
      g_assert_no_error (error);
      cairo_surface_destroy (surface);
    }
  per_still = (g_get_monotonic_time () - t0) / 1000.0 / 5;

  g_print ("ten drawings, 1920x1080 virtual-camera view: %.2f ms per frame\n", per_view);
  g_print ("ten drawings, 1920x576 whole panorama: %.2f ms per frame\n", per_full);
  g_print ("still, follow camera 1280x720 (decode + reproject + draw): %.0f ms\n", per_still);

  g_clear_object (&model);
  g_clear_object (&renderer);
  g_clear_object (&analyzer);
  g_clear_object (&match);
  g_clear_object (&library);
  tl_test_remove_tree (dir);
  return 0;
}
