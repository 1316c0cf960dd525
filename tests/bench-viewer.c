/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-viewer.c: seek latency to a frame on screen, virtual camera cost on the CPU and GL. */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gtk/gtk.h>
#include <math.h>

#include "tl-demo-generator.h"
#include "tl-player.h"
#include "tl-viewer.h"
#include "tl-virtual-camera.h"

#define DEMO_W       3840
#define DEMO_H       1152
#define DEMO_SECONDS 20.0
#define N_SEEKS      40
#define OUT_W        1920
#define OUT_H        1080
/* The viewer in the match page on a 1920x1080 screen is about this big. */
#define PAGE_W       1280
#define PAGE_H       720

typedef struct
{
  GtkWindow *window;
  TlViewer  *viewer;
  TlPlayer  *player;
  gint64     want;        /* frame number awaited, -1 none */
  gint64     shown_at;    /* when it reached the viewer (µs) */
  gint64     painted_at;  /* when the window was next painted after that */
  guint      paints;
} Bench;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, (guint) MIN (values->len - 1,
                                                     floor (p * (values->len - 1) + 0.5)));
}

static void
on_frame (TlPlayer     *player,
          TlVideoFrame *frame,
          Bench        *bench)
{
  if (bench->want >= 0 && tl_video_frame_get_number (frame) == bench->want
      && bench->shown_at == 0)
    bench->shown_at = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  bench->paints++;
  if (bench->shown_at != 0 && bench->painted_at == 0)
    bench->painted_at = g_get_monotonic_time ();
}

static void
iterate_until (gboolean (*done) (Bench *),
               Bench     *bench,
               double     timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (!done (bench) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
painted (Bench *bench)
{
  return bench->painted_at != 0;
}

static gboolean
has_frame (Bench *bench)
{
  return tl_player_get_frame (bench->player) != NULL && tl_player_get_duration (bench->player) > 0;
}

static void
make_demo (const char *path)
{
  g_autoptr(TlDemoGenerator) generator = tl_demo_generator_new ();
  g_autoptr(GError) error = NULL;

  g_object_set (generator, "seconds", DEMO_SECONDS, "width", DEMO_W, "height", DEMO_H, NULL);
  if (!tl_demo_generator_run (generator, path, NULL, &error))
    g_error ("demo: %s", error->message);
  g_print ("demo: %dx%d, %.0f s made in %.1f s\n", DEMO_W, DEMO_H, DEMO_SECONDS,
           tl_demo_generator_get_elapsed (generator));
}

static void
bench_seeks (Bench *bench)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  g_autoptr(GArray) decoded = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) on_screen = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 n_frames = (gint64) (DEMO_SECONDS * 25);
  int i;

  for (i = 0; i < N_SEEKS; i++)
    {
      gint64 start;
      double ms;

      bench->want = g_rand_int_range (rand, 0, n_frames);
      bench->shown_at = bench->painted_at = 0;
      start = g_get_monotonic_time ();
      tl_player_seek_frame (bench->player, bench->want);
      iterate_until (painted, bench, 10.0);
      if (bench->painted_at == 0)
        g_error ("seek to frame %" G_GINT64_FORMAT " never reached the screen", bench->want);
      g_assert_cmpint (tl_player_get_frame_number (bench->player), ==, bench->want);

      ms = (bench->shown_at - start) / 1000.0;
      g_array_append_val (decoded, ms);
      ms = (bench->painted_at - start) / 1000.0;
      g_array_append_val (on_screen, ms);
    }
  bench->want = -1;

  g_print ("accurate seek, %d random frames of the %dx%d H.264 demo (keyframe every 2 s), "
           "%s viewer %dx%d:\n", N_SEEKS, DEMO_W, DEMO_H, tl_viewer_get_renderer (bench->viewer),
           gtk_widget_get_width (GTK_WIDGET (bench->viewer)),
           gtk_widget_get_height (GTK_WIDGET (bench->viewer)));
  g_print ("  frame decoded:   median %6.1f ms, p95 %6.1f ms, max %6.1f ms\n",
           percentile (decoded, 0.5), percentile (decoded, 0.95), percentile (decoded, 1.0));
  g_print ("  frame on screen: median %6.1f ms, p95 %6.1f ms, max %6.1f ms\n",
           percentile (on_screen, 0.5), percentile (on_screen, 0.95),
           percentile (on_screen, 1.0));
}

static void
bench_cpu (TlVideoFrame *frame)
{
  TlCameraParams src = { 0, };
  TlVirtualCamera vc;
  const guint8 *src_planes[3];
  size_t src_strides[3], dst_strides[3] = { OUT_W, OUT_W / 2, OUT_W / 2 };
  g_autofree guint8 *out = g_malloc ((gsize) OUT_W * OUT_H * 3 / 2);
  guint8 *dst_planes[3] = { out, out + OUT_W * OUT_H, out + OUT_W * OUT_H * 5 / 4 };
  g_autofree guint8 *rgba_src = g_malloc0 ((gsize) DEMO_W * DEMO_H * 4);
  g_autofree guint8 *rgba_out = g_malloc ((gsize) OUT_W * OUT_H * 4);
  const int runs = 20;
  gint64 start;
  int i;

  src.projection = TL_CAMERA_CYLINDRICAL;
  src.width = DEMO_W;
  src.height = DEMO_H;
  src.hfov = G_PI;
  for (i = 0; i < 3; i++)
    {
      int stride;

      src_planes[i] = tl_video_frame_get_plane (frame, i, &stride);
      src_strides[i] = stride;
    }

  /* A follow cam moves every frame: a new view each time, so nothing is cached. */
  start = g_get_monotonic_time ();
  for (i = 0; i < runs; i++)
    {
      tl_virtual_camera_init (&vc, OUT_W, OUT_H, (i - runs / 2) * 0.02, 0.05, 50.0 * G_PI / 180);
      tl_virtual_camera_clamp (&vc, &src);
      tl_virtual_camera_render_i420 (&vc, &src, src_planes, src_strides, dst_planes,
                                     dst_strides);
    }
  g_print ("CPU reprojection %dx%d I420 -> %dx%d I420 (export path, one core): %.1f ms/frame\n",
           DEMO_W, DEMO_H, OUT_W, OUT_H, (g_get_monotonic_time () - start) / 1000.0 / runs);

  start = g_get_monotonic_time ();
  for (i = 0; i < runs; i++)
    {
      tl_virtual_camera_init (&vc, OUT_W, OUT_H, (i - runs / 2) * 0.02, 0.05, 50.0 * G_PI / 180);
      tl_virtual_camera_clamp (&vc, &src);
      tl_virtual_camera_render_rgba (&vc, &src, rgba_src, DEMO_W * 4, rgba_out, OUT_W * 4);
    }
  g_print ("CPU reprojection %dx%d RGBA -> %dx%d RGBA (one core): %.1f ms/frame\n",
           DEMO_W, DEMO_H, OUT_W, OUT_H, (g_get_monotonic_time () - start) / 1000.0 / runs);
}

/* Each iteration shows another frame (a texture upload) through another view and waits for
 * the window to be painted: what playback with a moving camera costs per frame. */
static void
bench_gl (Bench        *bench,
          TlVideoFrame *a,
          TlVideoFrame *b)
{
  const int runs = 30;
  gint64 start;
  int i;

  /* A window of its own at the export size. */
  tl_viewer_set_player (bench->viewer, NULL);
  gtk_window_destroy (bench->window);
  bench->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (bench->window, OUT_W, OUT_H);
  gtk_window_set_decorated (bench->window, FALSE);
  bench->viewer = TL_VIEWER (tl_viewer_new ());
  gtk_window_set_child (bench->window, GTK_WIDGET (bench->viewer));
  gtk_window_present (bench->window);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (bench->window)), "after-paint",
                    G_CALLBACK (on_after_paint), bench);
  tl_viewer_set_mode (bench->viewer, TL_VIEWER_MODE_VIRTUAL);
  /* Warm up: shader compile, texture allocation. */
  tl_viewer_set_frame (bench->viewer, a);
  bench->shown_at = 1;
  bench->painted_at = 0;
  iterate_until (painted, bench, 5.0);

  start = g_get_monotonic_time ();
  for (i = 0; i < runs; i++)
    {
      tl_viewer_set_frame (bench->viewer, i % 2 ? a : b);
      tl_viewer_set_view (bench->viewer, (i - runs / 2) * 1.0, 3.0, 50.0);
      bench->painted_at = 0;
      iterate_until (painted, bench, 5.0);
    }
  g_print ("%s viewer, %dx%d virtual camera from %dx%d (upload + draw + composite): "
           "%.1f ms/frame\n", tl_viewer_get_renderer (bench->viewer),
           gtk_widget_get_width (GTK_WIDGET (bench->viewer)),
           gtk_widget_get_height (GTK_WIDGET (bench->viewer)), DEMO_W, DEMO_H,
           (g_get_monotonic_time () - start) / 1000.0 / runs);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sidecar = NULL;
  g_autoptr(TlVideoFrame) first = NULL;
  g_autoptr(TlVideoFrame) second = NULL;
  Bench bench = { NULL, };
  int i;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 77;
    }

  dir = g_dir_make_tmp ("touchline-bench-viewer-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "demo.mp4", NULL);
  make_demo (path);

  bench.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (bench.window, PAGE_W, PAGE_H);
  gtk_window_set_decorated (bench.window, FALSE);
  bench.viewer = TL_VIEWER (tl_viewer_new ());
  gtk_window_set_child (bench.window, GTK_WIDGET (bench.viewer));
  bench.player = tl_player_new ();
  bench.want = -1;
  tl_viewer_set_player (bench.viewer, bench.player);
  tl_viewer_set_mode (bench.viewer, TL_VIEWER_MODE_VIRTUAL);
  g_signal_connect (bench.player, "frame", G_CALLBACK (on_frame), &bench);
  gtk_window_present (bench.window);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (bench.window)), "after-paint",
                    G_CALLBACK (on_after_paint), &bench);

  g_assert_true (tl_player_open (bench.player, path, &error));
  iterate_until (has_frame, &bench, 30.0);
  g_assert_true (has_frame (&bench));
  for (i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  bench_seeks (&bench);

  first = tl_video_frame_ref (tl_player_get_frame (bench.player));
  tl_player_step (bench.player, 1);
  bench.want = -1;
  for (i = 0; i < 200 && tl_player_get_frame (bench.player) == first; i++)
    g_main_context_iteration (NULL, TRUE);
  second = tl_video_frame_ref (tl_player_get_frame (bench.player));

  bench_cpu (first);
  bench_gl (&bench, first, second);

  g_clear_object (&bench.player);
  gtk_window_destroy (bench.window);
  g_unlink (path);
  sidecar = tl_demo_sidecar_path_for (path);
  g_unlink (sidecar);
  g_rmdir (dir);
  return 0;
}
