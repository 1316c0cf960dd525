/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-track.c: frames/s and megapixels/s of the tracking engine alone on pre-decoded frames,
 * per backend, at the demo's full size and at the analysis size.
 *
 *   bench-track [--frames N] [--threads N] [--report-lag N] [--dump DIR]
 *
 * The engine runs as the analyzer runs it: results held back TL_TRACKER_REPORT_LAG_S (18
 * frames at 25 fps) to smooth boxes and revise the ball; --report-lag 0 measures without.
 *
 * --dump writes the same frames as raw I420 (DIR/frames-WxH.yuv) for the OpenCV peer,
 * tests/bench-opencv-peer.py. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl-test-scene.h"
#include "tl-tracker.h"

typedef struct
{
  int       width, height;
  int       n_frames;
  guint8  **planes;           /* one packed I420 buffer per frame */
} FrameSet;

static void
frame_set_make (FrameSet   *set,
                int         width,
                int         height,
                int         n_frames,
                const char *dump_dir)
{
  TlTestScene *scene = tl_test_scene_new (width, height, 22, 3);
  gsize luma = (gsize) width * height, size = luma * 3 / 2;
  FILE *dump = NULL;

  if (dump_dir != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s/frames-%dx%d.yuv", dump_dir, width, height);

      dump = fopen (path, "wb");
      if (dump == NULL)
        g_error ("cannot write %s", path);
    }
  set->width = width;
  set->height = height;
  set->n_frames = n_frames;
  set->planes = g_new (guint8 *, n_frames);
  for (int f = 0; f < n_frames; f++)
    {
      tl_test_scene_step (scene);
      set->planes[f] = g_malloc (size);
      memcpy (set->planes[f], scene->y_plane, luma);
      memcpy (set->planes[f] + luma, scene->u_plane, luma / 4);
      memcpy (set->planes[f] + luma + luma / 4, scene->v_plane, luma / 4);
      if (dump != NULL && fwrite (set->planes[f], 1, size, dump) != size)
        g_error ("short write");
    }
  if (dump != NULL)
    fclose (dump);
  tl_test_scene_free (scene);
}

static TlFrame
frame_at (const FrameSet *set,
          int             f)
{
  gsize luma = (gsize) set->width * set->height;
  TlFrame frame = { TL_FRAME_I420, set->width, set->height,
                    { set->planes[f], set->planes[f] + luma, set->planes[f] + luma + luma / 4 },
                    { set->width, set->width / 2, set->width / 2 } };
  return frame;
}

static void
run (const FrameSet *set,
     TlTrackBackend  backend,
     int             threads,
     int             report_lag,
     int             rounds)
{
  TlTrackerConfig config;
  TlTracker *tracker = NULL;
  char message[256];
  gint64 start, end;
  int pushed = 0;
  double seconds;

  tl_tracker_config_init (&config, set->width, set->height);
  config.backend = backend;
  config.n_threads = threads;
  config.report_lag = report_lag;
  if (tl_tracker_new (&config, &tracker, message, sizeof message) != TL_TRACK_OK)
    {
      printf ("%-5s %5dx%-5d  unavailable: %s\n", tl_track_backend_to_string (backend),
              set->width, set->height, message);
      return;
    }
  for (int f = 0; f < set->n_frames; f += 4)
    {
      TlFrame frame = frame_at (set, f);
      tl_tracker_learn (tracker, &frame);
    }

  start = g_get_monotonic_time ();
  for (int r = 0; r < rounds; r++)
    for (int f = 0; f < set->n_frames; f++)
      {
        TlFrame frame = frame_at (set, f);
        TlFrameResult result;

        if (tl_tracker_push (tracker, &frame, &result) != TL_TRACK_OK)
          g_error ("push failed: %s", tl_tracker_get_error (tracker));
        pushed++;
      }
  end = g_get_monotonic_time ();
  seconds = (end - start) / 1e6;
  printf ("%-5s %5dx%-5d threads %2d  %8.1f frames/s  %8.1f Mpx/s\n",
          tl_track_backend_to_string (backend), set->width, set->height,
          backend == TL_TRACK_BACKEND_CPU ? threads : 0, pushed / seconds,
          pushed * (double) set->width * set->height / seconds / 1e6);
  tl_tracker_free (tracker);
}

int
main (int   argc,
      char *argv[])
{
  int n_frames = 40, threads = 0;
  int report_lag = tl_tracker_report_lag_frames (25);
  const char *dump = NULL;
  static const int sizes[2][2] = { { 3840, 1152 }, { 1920, 576 } };

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--frames") == 0 && i + 1 < argc)
        n_frames = atoi (argv[++i]);
      else if (strcmp (argv[i], "--threads") == 0 && i + 1 < argc)
        threads = atoi (argv[++i]);
      else if (strcmp (argv[i], "--report-lag") == 0 && i + 1 < argc)
        report_lag = atoi (argv[++i]);
      else if (strcmp (argv[i], "--dump") == 0 && i + 1 < argc)
        dump = argv[++i];
    }
  if (threads <= 0)
    threads = (int) g_get_num_processors ();
  printf ("engine results held back %d frames (--report-lag), as the analyzer runs it\n",
          report_lag);

  for (int s = 0; s < 2; s++)
    {
      FrameSet set;

      frame_set_make (&set, sizes[s][0], sizes[s][1], n_frames, dump);
      run (&set, TL_TRACK_BACKEND_CPU, 1, report_lag, 2);
      if (threads > 1)
        run (&set, TL_TRACK_BACKEND_CPU, threads, report_lag, 2);
      run (&set, TL_TRACK_BACKEND_CUDA, 0, report_lag, 5);
      for (int f = 0; f < set.n_frames; f++)
        g_free (set.planes[f]);
      g_free (set.planes);
    }
  return 0;
}
