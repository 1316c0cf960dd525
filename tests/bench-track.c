/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-track.c: frames/s and megapixels/s of the tracking engine alone on pre-decoded frames,
 * per backend, at the demo's full size and at the analysis size.
 *
 *   bench-track [--frames N] [--threads N] [--report-lag N] [--overlap] [--cuda-only]
 *               [--dump DIR] [--yuv FILE --size WxH]
 *
 * The engine runs as the analyzer runs it: results held back TL_TRACKER_REPORT_LAG_S (18
 * frames at 25 fps) to smooth boxes and revise the ball; --report-lag 0 measures without.
 * --cuda-only skips the CPU runs (for a profiler's sake: build-aux/cuda-check).
 * --overlap runs every engine with TlTrackerConfig.overlap (CUDA tracks a frame while the GPU
 * works on the next; the CPU's results change with it, so the comparison still holds).
 *
 * --dump writes the same frames as raw I420 (DIR/frames-WxH.yuv) for the OpenCV peer,
 * tests/bench-opencv-peer.py. --yuv reads the frames from such a file instead (a decoded demo
 * match, say) and runs at that one size.
 *
 * Every run also sums up what the engine gave per pushed frame (mask, detections, tracks) and
 * each later run at a size is compared with the first, the CPU on one thread: the line "same
 * results as cpu x1" counts the frames that agree, so the bench on a GPU machine is also the
 * equivalence check at full size. */
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

/* Raw I420 frames of @width x @height from @path, at most @n_frames of them. */
static void
frame_set_read (FrameSet   *set,
                const char *path,
                int         width,
                int         height,
                int         n_frames)
{
  gsize size = (gsize) width * height * 3 / 2;
  FILE *file = fopen (path, "rb");

  if (file == NULL)
    g_error ("cannot read %s", path);
  set->width = width;
  set->height = height;
  set->planes = g_new (guint8 *, n_frames);
  for (set->n_frames = 0; set->n_frames < n_frames; set->n_frames++)
    {
      guint8 *planes = g_malloc (size);

      if (fread (planes, 1, size, file) != size)
        {
          g_free (planes);
          break;
        }
      set->planes[set->n_frames] = planes;
    }
  fclose (file);
  if (set->n_frames == 0)
    g_error ("%s holds no whole %dx%d I420 frame", path, width, height);
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

/* Where a push's time went, in ms a frame (the CUDA split only where the events ran). */
static void
print_stages (TlTracker *tracker)
{
  TlTrackerTimings t;
  double ms;

  tl_tracker_get_timings (tracker, &t);
  if (t.frames == 0)
    return;
  ms = 1000.0 / t.frames;
  printf ("       stages ms/frame: pixel %.3f", t.pixel_s * ms);
  if (t.cuda_stage_s + t.cuda_upload_s + t.cuda_kernels_s + t.cuda_download_s > 0)
    printf (" (staging copy %.3f; GPU: upload %.3f, kernels %.3f, download %.3f)",
            t.cuda_stage_s * ms, t.cuda_upload_s * ms, t.cuda_kernels_s * ms,
            t.cuda_download_s * ms);
  printf (", blobs %.3f, detect %.3f, tracks %.3f\n", t.blobs_s * ms, t.detect_s * ms,
          t.track_s * ms);
}

/* Sums up @result into @digests (see run) where it is of the first pass: the mask and
 * detections of the frame it names (@pushed), the tracks of the frame they are of (@frame).
 * Returns the microseconds it took, which the speed leaves out. */
static gint64
digest_result (const FrameSet      *set,
               TlTracker           *tracker,
               const TlFrameResult *result,
               char               **digests)
{
  gint64 start = g_get_monotonic_time ();

  if (result->pushed >= 0 && result->pushed < set->n_frames)
    {
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_MD5);

      /* The mask is overwritten by the next push: sum it now. */
      g_checksum_update (sum, tl_tracker_get_mask (tracker), (gssize) set->width * set->height);
      g_checksum_update (sum, (const guchar *) result->detections,
                         result->n_detections * sizeof (TlDetection));
      digests[result->pushed] = g_strdup (g_checksum_get_string (sum));
    }
  if (result->frame >= 0 && result->frame < set->n_frames)
    {
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_MD5);

      g_checksum_update (sum, (const guchar *) result->tracks,
                         result->n_tracks * sizeof (TlTrackUpdate));
      digests[set->n_frames + result->frame] = g_strdup (g_checksum_get_string (sum));
    }
  return g_get_monotonic_time () - start;
}

/* Runs @rounds passes over @set and prints the speed; returns the MD5s of the first pass's
 * results (2 x n_frames of them, see digest_result; NULL-terminated, g_strfreev), NULL when
 * the backend is unavailable. */
static char **
run (const FrameSet        *set,
     TlTrackBackend         backend,
     int                    threads,
     const TlTrackerConfig *options,
     int                    rounds)
{
  char **digests;
  TlTrackerConfig config;
  TlTracker *tracker = NULL;
  char message[256];
  gint64 start, end, hashing = 0;
  int pushed = 0;
  double seconds;

  config = *options;
  config.width = set->width;
  config.height = set->height;
  config.backend = backend;
  config.n_threads = threads;
  if (tl_tracker_new (&config, &tracker, message, sizeof message) != TL_TRACK_OK)
    {
      printf ("%-5s %5dx%-5d  unavailable: %s\n", tl_track_backend_to_string (backend),
              set->width, set->height, message);
      return NULL;
    }
  /* Per frame of the first pass: its mask and detections, then (at n_frames + f) its tracks. */
  digests = g_new0 (char *, 2 * set->n_frames + 1);
  for (int f = 0; f < set->n_frames; f += 4)
    {
      TlFrame frame = frame_at (set, f);
      tl_tracker_learn (tracker, &frame);
    }
  if (tl_tracker_learn_finish (tracker) != TL_TRACK_OK)
    g_error ("learning failed: %s", tl_tracker_get_error (tracker));

  start = g_get_monotonic_time ();
  for (int r = 0; r < rounds; r++)
    for (int f = 0; f < set->n_frames; f++)
      {
        TlFrame frame = frame_at (set, f);
        TlFrameResult result;

        if (tl_tracker_push (tracker, &frame, &result) != TL_TRACK_OK)
          g_error ("push failed: %s", tl_tracker_get_error (tracker));
        pushed++;
        hashing += digest_result (set, tracker, &result, digests);
      }
  /* The CUDA engine tracks a frame while the GPU works on the next: its last frame and the
   * tracks held back come now (on the clock: they are part of the run). */
  {
    TlFrameResult result;

    if (tl_tracker_drain (tracker, &result))
      hashing += digest_result (set, tracker, &result, digests);
    while (tl_tracker_flush (tracker, &result))
      hashing += digest_result (set, tracker, &result, digests);
  }
  end = g_get_monotonic_time ();
  seconds = (end - start - hashing) / 1e6;
  printf ("%-5s %5dx%-5d threads %2d  %8.1f frames/s  %8.1f Mpx/s\n",
          tl_track_backend_to_string (backend), set->width, set->height,
          threads, pushed / seconds,
          pushed * (double) set->width * set->height / seconds / 1e6);
  print_stages (tracker);
  tl_tracker_free (tracker);
  return digests;
}

/* Prints how many frames of @other agree with @reference. */
static void
compare (const FrameSet *set,
         char          **reference,
         char          **other,
         const char     *what)
{
  int same = 0, first_apart = -1;

  if (reference == NULL || other == NULL)
    return;
  for (int f = 0; f < set->n_frames; f++)
    {
      int n = set->n_frames;

      if (g_strcmp0 (reference[f], other[f]) == 0 && reference[f] != NULL
          && g_strcmp0 (reference[n + f], other[n + f]) == 0)
        same++;
      else if (first_apart < 0)
        first_apart = f;
    }
  printf ("%-6s %5dx%-5d  same results as cpu x1 on %d of %d frames", what, set->width,
          set->height, same, set->n_frames);
  if (first_apart >= 0)
    printf (" (first apart: frame %d)", first_apart);
  printf ("\n");
}

/* The backends at one size: CPU on one thread (the reference), on @threads, then CUDA with
 * @threads for what stays on the CPU (blobs, detection, tracking). */
static void
run_size (const FrameSet        *set,
          int                    threads,
          const TlTrackerConfig *options,
          gboolean               cuda_only)
{
  g_auto(GStrv) reference = NULL, threaded = NULL, cuda = NULL;

  if (cuda_only)
    {
      cuda = run (set, TL_TRACK_BACKEND_CUDA, threads, options, 5);
      return;
    }
  reference = run (set, TL_TRACK_BACKEND_CPU, 1, options, 2);
  if (threads > 1)
    {
      threaded = run (set, TL_TRACK_BACKEND_CPU, threads, options, 2);
      compare (set, reference, threaded, "cpu xN");
    }
  cuda = run (set, TL_TRACK_BACKEND_CUDA, threads, options, 5);
  compare (set, reference, cuda, "cuda");
}

static void
frame_set_free (FrameSet *set)
{
  for (int f = 0; f < set->n_frames; f++)
    g_free (set->planes[f]);
  g_free (set->planes);
}

int
main (int   argc,
      char *argv[])
{
  int n_frames = 40, threads = 0;
  TlTrackerConfig options;
  gboolean cuda_only = FALSE;
  const char *dump = NULL, *yuv = NULL;
  int yuv_width = 0, yuv_height = 0;
  static const int sizes[2][2] = { { 3840, 1152 }, { 1920, 576 } };

  /* What every run shares; the size, backend and threads are set per run. */
  tl_tracker_config_init (&options, 2, 2);
  options.report_lag = tl_tracker_report_lag_frames (25);
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--frames") == 0 && i + 1 < argc)
        n_frames = atoi (argv[++i]);
      else if (strcmp (argv[i], "--threads") == 0 && i + 1 < argc)
        threads = atoi (argv[++i]);
      else if (strcmp (argv[i], "--report-lag") == 0 && i + 1 < argc)
        options.report_lag = atoi (argv[++i]);
      else if (strcmp (argv[i], "--overlap") == 0)
        options.overlap = 1;
      else if (strcmp (argv[i], "--cuda-only") == 0)
        cuda_only = TRUE;
      else if (strcmp (argv[i], "--dump") == 0 && i + 1 < argc)
        dump = argv[++i];
      else if (strcmp (argv[i], "--yuv") == 0 && i + 1 < argc)
        yuv = argv[++i];
      else if (strcmp (argv[i], "--size") == 0 && i + 1 < argc)
        {
          if (sscanf (argv[++i], "%dx%d", &yuv_width, &yuv_height) != 2)
            yuv_width = yuv_height = 0;
        }
    }
  if (yuv != NULL && (yuv_width < 2 || yuv_height < 2 || yuv_width % 2 || yuv_height % 2))
    {
      fprintf (stderr, "bench-track: --yuv needs --size WxH (even numbers)\n");
      return 2;
    }
  if (threads <= 0)
    threads = (int) g_get_num_processors ();
  printf ("engine results held back %d frames (--report-lag), as the analyzer runs it%s\n",
          options.report_lag, options.overlap ? "; CUDA overlapping frames (--overlap)" : "");

  if (yuv != NULL)
    {
      FrameSet set;

      frame_set_read (&set, yuv, yuv_width, yuv_height, n_frames);
      run_size (&set, threads, &options, cuda_only);
      frame_set_free (&set);
      return 0;
    }
  for (int s = 0; s < 2; s++)
    {
      FrameSet set;

      frame_set_make (&set, sizes[s][0], sizes[s][1], n_frames, dump);
      run_size (&set, threads, &options, cuda_only);
      frame_set_free (&set);
    }
  return 0;
}
