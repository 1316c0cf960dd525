/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-annotation-layer.c: drawings on the match page under Xvfb: layer, tools page, panning. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>

#include "tl-analyzer.h"
#include "tl-annotation-layer.h"
#include "tl-annotation-panel.h"
#include "tl-annotation-renderer.h"
#include "tl-application.h"
#include "tl-demo-generator.h"
#include "tl-match-page.h"
#include "tl-test-media.h"
#include "tl-test-ui.h"
#include "tl-track-chunks.h"

#define WINDOW_W 1280
#define WINDOW_H 720
#define DEMO_W   1920
#define DEMO_H   576
#define AT_S     2.0

typedef struct
{
  GtkWindow   *window;
  TlMatchPage *page;
  TlLibrary   *library;
  TlMatch     *match;
  char        *dir;
} Fixture;

static Fixture fx;

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
run_for_ms (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;
  guint tick = g_timeout_add (10, wake_up, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

static GtkWidget *
find_by_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* @widget as the window's renderer draws it: B, G, R, A bytes per pixel. */
static GdkTexture *
grab (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static void
texture_rgb (GdkTexture *texture,
             int         x,
             int         y,
             int         rgb[3])
{
  int width = gdk_texture_get_width (texture);
  g_autofree guint8 *pixels = g_malloc ((gsize) width * gdk_texture_get_height (texture) * 4);
  const guint8 *p;

  gdk_texture_download (texture, pixels, (gsize) width * 4);
  p = pixels + ((gsize) y * width + x) * 4;
  rgb[0] = p[2];
  rgb[1] = p[1];
  rgb[2] = p[0];
}

static TlAnnotationLayer *
layer (void)
{
  return TL_ANNOTATION_LAYER (find_by_type (GTK_WIDGET (fx.page), TL_TYPE_ANNOTATION_LAYER));
}

static TlViewer *
viewer (void)
{
  return TL_VIEWER (find_by_type (GTK_WIDGET (fx.page), TL_TYPE_VIEWER));
}

/* Where pitch point (@x, @y) is on the layer now, in its widget pixels. */
static gboolean
pitch_to_widget (TlAnnotationRenderer *renderer,
                 double                x,
                 double                y,
                 double               *wx,
                 double               *wy)
{
  TlVirtualCamera view;
  double scale, ox, oy;

  g_assert_true (tl_viewer_get_mapping (viewer (), NULL, &view, &scale, &ox, &oy));
  return tl_annotation_renderer_to_output (renderer, TL_ANNOTATION_SPACE_PITCH, x, y, &view,
                                           view.width, view.height, wx, wy);
}

/* A pitch point that an analysed player stands on at AT_S, and that player's track. */
static guint32
some_player (TlAnnotationRenderer *renderer,
             double               *x,
             double               *y)
{
  g_autoptr(GArray) samples = tl_annotation_renderer_samples_at (renderer,
                                                                 (gint64) (AT_S * 1e9));

  for (guint i = 0; i < samples->len; i++)
    {
      const TlTrackSample *s = &g_array_index (samples, TlTrackSample, i);

      if (s->klass == 1 && s->pitch_y_cm > -2000 && s->pitch_y_cm < 1500
          && abs (s->pitch_x_cm) < 2000
          && tl_annotation_renderer_track_position (renderer, s->track_no,
                                                    (gint64) (AT_S * 1e9),
                                                    TL_ANNOTATION_SPACE_PITCH, x, y))
        return s->track_no;
    }
  return 0;
}

/* The drawings page drives the layer; drawings added through the layer's model are drawn
 * where the pitch says, stay there while the view pans, and undo through the layer. */
static void
test_layer (void)
{
  TlAnnotationLayer *l = layer ();
  TlMatchAnnotations *model;
  g_autoptr(TlAnnotationRenderer) renderer = NULL;
  g_autoptr(TlAnnotation) spot = NULL;
  g_autoptr(TlAnnotation) arrow = NULL;
  g_autoptr(TlAnnotation) line = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after = NULL;
  GtkWidget *panel;
  guint32 tracks[3] = { 0, };
  double px, py, wx, wy, wx2, wy2;
  int rgb[3];
  int n_tracks = 0;

  g_assert_nonnull (l);
  panel = find_by_type (GTK_WIDGET (fx.page), TL_TYPE_ANNOTATION_PANEL);
  g_assert_nonnull (panel);
  model = tl_annotation_layer_get_annotations (l);
  g_assert_nonnull (model);

  /* The tool buttons and the layer agree; with a tool the layer takes the pointer. */
  g_assert_false (gtk_widget_get_can_target (GTK_WIDGET (l)));
  tl_annotation_layer_set_tool (l, TL_ANNOTATION_TOOL_ARROW);
  g_assert_true (gtk_widget_get_can_target (GTK_WIDGET (l)));
  tl_annotation_layer_set_tool (l, TL_ANNOTATION_TOOL_NONE);

  renderer = tl_annotation_renderer_new (fx.library, tl_match_get_id (fx.match), &error);
  g_assert_no_error (error);
  tracks[0] = some_player (renderer, &px, &py);
  g_assert_cmpuint (tracks[0], >, 0);

  /* The coach rings a player, draws the pass, and a line through three defenders. */
  spot = tl_annotation_new (TL_ANNOTATION_SPOTLIGHT, TL_ANNOTATION_SPACE_PITCH);
  tl_annotation_set_tracks (spot, tracks, 1);
  tl_annotation_set_text (spot, "Scorer");
  tl_annotation_set_range (spot, 0, (gint64) 6e9);
  g_assert_true (tl_match_annotations_add (model, spot, &error));
  arrow = tl_annotation_new (TL_ANNOTATION_ARROW, TL_ANNOTATION_SPACE_PITCH);
  {
    TlAnnotationPoint points[3] = { { px, py }, { px + 8, py + 4 }, { px + 18, py - 2 } };

    tl_annotation_set_points (arrow, points, 3);
  }
  tl_annotation_set_curved (arrow, TRUE);
  tl_annotation_set_color (arrow, "#ff00ff");
  tl_annotation_set_width (arrow, 6);
  tl_annotation_set_range (arrow, 0, (gint64) 6e9);
  g_assert_true (tl_match_annotations_add (model, arrow, &error));
  {
    g_autoptr(GArray) samples = tl_annotation_renderer_samples_at (renderer,
                                                                   (gint64) (AT_S * 1e9));

    for (guint i = 0; i < samples->len && n_tracks < 3; i++)
      {
        const TlTrackSample *s = &g_array_index (samples, TlTrackSample, i);

        double x, y;

        /* Players near the passer: a line across them stays in the picture. */
        if (s->klass == 1 && s->track_no != tracks[0]
            && tl_annotation_renderer_track_position (renderer, s->track_no,
                                                      (gint64) (AT_S * 1e9),
                                                      TL_ANNOTATION_SPACE_PITCH, &x, &y)
            && x > px + 2 && x < px + 30 && fabs (y - py) < 15)
          tracks[n_tracks++] = s->track_no;
      }
  }
  if (n_tracks >= 2)
    {
      line = tl_annotation_new (TL_ANNOTATION_LINK, TL_ANNOTATION_SPACE_PITCH);
      tl_annotation_set_tracks (line, tracks, n_tracks);
      tl_annotation_set_color (line, "#3584e4");
      tl_annotation_set_dash (line, TRUE);
      tl_annotation_set_range (line, 0, (gint64) 6e9);
      g_assert_true (tl_match_annotations_add (model, line, &error));
    }
  g_assert_no_error (error);
  run_for_ms (300);

  /* Listed on the page. */
  g_assert_nonnull (find_by_type (panel, ADW_TYPE_ACTION_ROW));

  /* On the arrow's middle, the arrow's magenta. */
  tl_viewer_set_mode (viewer (), TL_VIEWER_MODE_VIRTUAL);
  g_assert_true (pitch_to_widget (renderer, px + 6, py + 3.3, &wx, &wy));
  tl_viewer_set_view (viewer (), tl_viewer_get_yaw (viewer ()), tl_viewer_get_pitch (viewer ()),
                      50);
  run_for_ms (300);
  {
    /* Look at the pass: centre the view on its middle. */
    double u, v;
    const TlCamera *camera = tl_annotation_renderer_get_camera (renderer);

    g_assert_nonnull (camera);
    tl_camera_project (camera, px + 8, py + 3, 0, &u, &v);
    tl_viewer_set_view (viewer (),
                        (u - DEMO_W / 2.0) / DEMO_W * 180.0 - 4,
                        (DEMO_H / 2.0 - v) / DEMO_W * 180.0, 45);
  }
  run_for_ms (400);
  {
    TlAnnotationPoint mid;
    guint n;
    const TlAnnotationPoint *p = tl_annotation_get_points (arrow, &n);

    /* The Bézier's middle is the through point. */
    mid = p[1];
    g_assert_true (pitch_to_widget (renderer, mid.x, mid.y, &wx, &wy));
  }
  before = grab (GTK_WIDGET (gtk_widget_get_parent (GTK_WIDGET (l))));
  g_assert_true (wx > 0 && wy > 0 && wx < gdk_texture_get_width (before)
                 && wy < gdk_texture_get_height (before));
  texture_rgb (before, (int) wx, (int) wy, rgb);
  g_test_message ("arrow middle at %.0f,%.0f: %d,%d,%d", wx, wy, rgb[0], rgb[1], rgb[2]);
  g_assert_cmpint (rgb[0], >, 180);
  g_assert_cmpint (rgb[2], >, 180);
  g_assert_cmpint (rgb[1], <, 90);

  /* Pan: the arrow moves with the pitch, not with the screen. */
  tl_viewer_set_view (viewer (), tl_viewer_get_yaw (viewer ()) + 6, tl_viewer_get_pitch (viewer ()),
                      tl_viewer_get_hfov (viewer ()));
  run_for_ms (400);
  {
    const TlAnnotationPoint *p = tl_annotation_get_points (arrow, NULL);

    g_assert_true (pitch_to_widget (renderer, p[1].x, p[1].y, &wx2, &wy2));
  }
  g_assert_cmpfloat (fabs (wx2 - wx), >, 30);
  after = grab (GTK_WIDGET (gtk_widget_get_parent (GTK_WIDGET (l))));
  texture_rgb (after, (int) wx2, (int) wy2, rgb);
  g_assert_cmpint (rgb[0], >, 180);
  g_assert_cmpint (rgb[1], <, 90);

  /* A screenshot of the page for the docs (kept when TOUCHLINE_SCREENSHOT_DIR is set). */
  {
    const char *dir = g_getenv ("TOUCHLINE_SCREENSHOT_DIR");
    g_autofree char *path = g_build_filename (dir != NULL ? dir : fx.dir, "annotations.png",
                                              NULL);
    g_autoptr(GdkTexture) shot = NULL;

    tl_viewer_set_view (viewer (), tl_viewer_get_yaw (viewer ()) - 6,
                        tl_viewer_get_pitch (viewer ()), tl_viewer_get_hfov (viewer ()));
    tl_annotation_layer_set_tool (l, TL_ANNOTATION_TOOL_SELECT);
    tl_annotation_layer_set_selected (l, arrow);
    run_for_ms (400);
    shot = grab (GTK_WIDGET (fx.window));
    g_assert_true (gdk_texture_save_to_png (shot, path));
    g_test_message ("screenshot: %s", path);
  }

  /* Undo through the layer removes the last drawing from the model and the store. */
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

    g_assert_true (tl_annotation_layer_undo (l));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n - 1);
    g_assert_true (tl_annotation_layer_redo (l));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
    tl_annotation_layer_set_selected (l, arrow);
    g_assert_true (tl_annotation_layer_delete_selected (l));
    g_assert_null (tl_annotation_layer_get_selected (l));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n - 1);
  }
  /* A player picked elsewhere on the page gets the spotlight tool's ring. */
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
    g_autoptr(TlAnnotation) added = NULL;
    guint n_bound;

    tl_annotation_layer_set_tool (l, TL_ANNOTATION_TOOL_NONE);
    g_assert_false (tl_annotation_layer_use_track (l, tracks[0]));
    tl_annotation_layer_set_tool (l, TL_ANNOTATION_TOOL_SPOTLIGHT);
    g_assert_true (tl_annotation_layer_use_track (l, tracks[0]));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n + 1);
    added = g_list_model_get_item (G_LIST_MODEL (model), n);
    g_assert_cmpint (tl_annotation_get_shape (added), ==, TL_ANNOTATION_SPOTLIGHT);
    g_assert_cmpuint (tl_annotation_get_tracks (added, &n_bound)[0], ==, tracks[0]);
    g_assert_cmpuint (n_bound, ==, 1);
    tl_annotation_layer_set_tool (l, TL_ANNOTATION_TOOL_NONE);
  }

  /* A telestration freeze: playing across its start pauses there, then plays on. */
  {
    g_autoptr(TlAnnotation) hold = tl_annotation_new (TL_ANNOTATION_MARKER,
                                                      TL_ANNOTATION_SPACE_PITCH);
    TlPlayer *player = tl_viewer_get_player (viewer ());
    TlAnnotationPoint p = { px, py };
    gint64 start = (gint64) ((AT_S + 0.5) * 1e9);
    gboolean paused = FALSE, resumed = FALSE;

    tl_annotation_set_points (hold, &p, 1);
    tl_annotation_set_range (hold, start, start + (gint64) 2e9);
    tl_annotation_set_freeze (hold, (gint64) 0.6e9);
    g_assert_true (tl_match_annotations_add (model, hold, &error));
    g_assert_no_error (error);
    tl_player_seek (player, (GstClockTime) (AT_S * GST_SECOND), TRUE);
    run_for_ms (500);
    tl_player_play (player);
    /* Generous waits: the machine may be loaded. Held means paused on the drawing's frame. */
    for (int i = 0; i < 2000 && !paused; i++)
      {
        run_for_ms (10);
        paused = !tl_player_get_playing (player)
                 && llabs (tl_player_get_position (player) - start) < 50000000;
      }
    g_test_message ("froze at %.3f s", tl_player_get_position (player) / 1e9);
    g_assert_true (paused);
    for (int i = 0; i < 2000 && !resumed; i++)
      {
        run_for_ms (10);
        resumed = tl_player_get_playing (player) || tl_player_get_position (player) > start;
      }
    g_assert_true (resumed);
    tl_player_pause (player);
  }

  /* A style change of the selected drawing is one saved edit. */
  tl_annotation_layer_set_selected (l, spot);
  g_object_set (l, "color", "#e01b24", NULL);
  g_assert_cmpstr (tl_annotation_get_color (spot), ==, "#e01b24");
  g_assert_true (tl_match_annotations_can_undo (model));
}

/* A calibrated, analysed demo match in a fresh library. */
static gboolean
make_match (void)
{
  g_autoptr(TlDemoGenerator) generator = tl_demo_generator_new ();
  g_autoptr(TlAnalyzer) analyzer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *video = g_build_filename (fx.dir, "demo.mp4", NULL);
  g_autofree char *library_dir = g_build_filename (fx.dir, "library", NULL);

  g_object_set (generator, "seconds", 4.0, "width", DEMO_W, "height", DEMO_H, NULL);
  if (!tl_test_generate_demo (generator, video, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      g_print ("1..0 # SKIP %s\n", error->message);
      return FALSE;
    }
  g_assert_no_error (error);
  fx.library = tl_library_open (library_dir, &error);
  g_assert_no_error (error);
  fx.match = tl_library_import_file (fx.library, video, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tl_match_get_calibrated (fx.match));
  analyzer = tl_analyzer_new (tl_library_get_store (fx.library), fx.match);
  tl_analyzer_set_backend (analyzer, TL_TRACK_BACKEND_CPU);
  g_assert_true (tl_analyzer_run (analyzer, NULL, &error));
  g_assert_no_error (error);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status, i;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 77;
    }
  adw_init ();
  /* The page's templates are resources that TlApplication registers. */
  g_type_class_unref (g_type_class_ref (TL_TYPE_APPLICATION));

  fx.dir = g_dir_make_tmp ("touchline-annotation-layer-XXXXXX", &error);
  g_assert_no_error (error);
  if (!make_match ())
    return 0;

  fx.window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (fx.window, WINDOW_W, WINDOW_H);
  fx.page = g_object_new (TL_TYPE_MATCH_PAGE, NULL);
  adw_window_set_content (ADW_WINDOW (fx.window), GTK_WIDGET (fx.page));
  tl_match_page_set_library (fx.page, fx.library);
  tl_match_page_set_match (fx.page, fx.match);
  gtk_window_present (fx.window);
  for (i = 0; i < 500 && gtk_widget_get_width (GTK_WIDGET (fx.page)) != WINDOW_W; i++)
    run_for_ms (10);
  /* The side panel open on the Drawings page, and the frame at AT_S on screen. */
  {
    AdwViewStack *stack = ADW_VIEW_STACK (find_by_type (GTK_WIDGET (fx.page),
                                                        ADW_TYPE_VIEW_STACK));
    AdwFlap *flap = ADW_FLAP (find_by_type (GTK_WIDGET (fx.page), ADW_TYPE_FLAP));
    TlPlayer *player = tl_viewer_get_player (viewer ());

    adw_flap_set_reveal_flap (flap, TRUE);
    adw_view_stack_set_visible_child_name (stack, "drawings");
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "drawings");
    for (i = 0; i < 1000 && tl_viewer_get_frame (viewer ()) == NULL; i++)
      run_for_ms (10);
    tl_player_seek (player, (GstClockTime) (AT_S * GST_SECOND), TRUE);
    for (i = 0; i < 1000 && llabs (tl_player_get_position (player) - (gint64) (AT_S * 1e9))
                              > 50000000; i++)
      run_for_ms (10);
  }
  run_for_ms (300);

  g_test_add_func ("/annotation-layer/draw-pan-undo", test_layer);
  status = g_test_run ();

  gtk_window_destroy (fx.window);
  run_for_ms (50);
  g_clear_object (&fx.match);
  g_clear_object (&fx.library);
  tl_test_remove_tree (fx.dir);
  g_free (fx.dir);
  return status;
}
