/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-demo.c: how fast the demo match is made at full size, with and without the encoder. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <stdio.h>

#include "tl-demo-generator.h"
#include "tl-demo-renderer.h"
#include "tl-demo-script.h"

#define WIDTH   3840
#define HEIGHT  1152
#define SECONDS 10
#define FPS     25

typedef struct
{
  TlDemoRenderer *renderer;
  TlDemoScript   *script;
  int             first, step, n_frames;
} Slice;

static gpointer
render_slice (gpointer data)
{
  Slice *s = data;
  g_autoptr(TlDemoCanvas) canvas = tl_demo_canvas_new (s->renderer);
  g_autofree guint8 *buf = g_malloc (tl_demo_renderer_get_frame_size (s->renderer));
  int n = tl_demo_script_get_n_objects (s->script);
  g_autofree TlDemoBox *boxes = g_new (TlDemoBox, n);
  int f;

  for (f = s->first; f < s->n_frames; f += s->step)
    tl_demo_renderer_draw (s->renderer, canvas, f,
                           tl_demo_script_get_objects (s->script),
                           tl_demo_script_get_poses (s->script, f), n, buf, boxes);
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("tl-bench-demo-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "bench.mp4", NULL);
  g_autofree char *sidecar = tl_demo_sidecar_path_for (out);
  g_autoptr(TlDemoGenerator) gen = NULL;
  g_autoptr(TlDemoRenderer) renderer = NULL;
  g_autoptr(TlDemoScript) script = NULL;
  g_autoptr(GError) error = NULL;
  TlDemoRendererOptions opt;
  int n_threads = (int) g_get_num_processors ();
  int n_frames = SECONDS * FPS, k;
  GThread *threads[64];
  Slice slices[64];
  gint64 t0;
  double setup_s, render_s, total_s;

  gst_init (&argc, &argv);

  /* Render only: background once, then every frame on all cores, no encoder. */
  t0 = g_get_monotonic_time ();
  tl_demo_renderer_options_init (&opt);
  renderer = tl_demo_renderer_new (&opt, &error);
  g_assert_no_error (error);
  script = tl_demo_script_new (1, n_frames, FPS, 11, 3);
  setup_s = (g_get_monotonic_time () - t0) / 1e6;

  n_threads = CLAMP (n_threads, 1, 64);
  t0 = g_get_monotonic_time ();
  for (k = 0; k < n_threads; k++)
    {
      slices[k] = (Slice) { renderer, script, k, n_threads, n_frames };
      threads[k] = g_thread_new ("bench-render", render_slice, &slices[k]);
    }
  for (k = 0; k < n_threads; k++)
    g_thread_join (threads[k]);
  render_s = (g_get_monotonic_time () - t0) / 1e6;

  /* The whole thing as `touchline-cli demo` does it: simulate, render, x264, mp4. */
  gen = g_object_new (TL_TYPE_DEMO_GENERATOR, "seconds", (double) SECONDS, "width", WIDTH,
                      "height", HEIGHT, NULL);
  t0 = g_get_monotonic_time ();
  if (!tl_demo_generator_run (gen, out, NULL, &error))
    {
      fprintf (stderr, "bench-demo: %s\n", error->message);
      return 1;
    }
  total_s = (g_get_monotonic_time () - t0) / 1e6;

  printf ("demo %dx%d, %d s, %d frames, %d cores\n", WIDTH, HEIGHT, SECONDS, n_frames,
          (int) g_get_num_processors ());
  printf ("  scene + simulation setup: %.2f s\n", setup_s);
  printf ("  render only:              %.1f frames/s\n", n_frames / render_s);
  printf ("  render + encode (x264):   %.1f frames/s (%.2f s for %d s of video, %s)\n",
          n_frames / total_s, total_s, SECONDS,
          n_frames / total_s >= FPS ? "faster than real time" : "SLOWER than real time");

  g_unlink (out);
  g_unlink (sidecar);
  g_rmdir (dir);
  return 0;
}
