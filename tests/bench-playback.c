/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-playback.c: 1x playback of the 3840x1152 demo in a 1280x720 window (dropped frames)
 * and main-thread stalls while playing and while scrubbing the timeline. */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gtk/gtk.h>
#include <math.h>

#include "tl-camera-path.h"
#include "tl-demo-generator.h"
#include "tl-track-chunks.h"
#include "tl-player.h"
#include "tl-thumbnailer.h"
#include "tl-timeline.h"
#include "tl-viewer.h"
#include "tl-test-match.h"
#include "tl-test-media.h"

#define DEMO_W       3840
#define DEMO_H       1152
#define DEMO_SECONDS 20.0
#define FPS          25
#define WIN_W        1280
#define WIN_H        720
#define PLAY_SECONDS 12.0
#define SCRUB_SECONDS 6.0
/* The main thread is stalled when it could not run for longer than a 60 Hz frame. */
#define STALL_US     16000
#define HEARTBEAT_MS 2

void tl_register_resource (void);

typedef struct
{
  TlViewer   *viewer;
  TlTimeline *timeline;
  TlPlayer   *player;

  /* Counted while "recording". */
  gboolean    recording;
  GHashTable *painted;          /* frame numbers on screen at some paint */
  guint       delivered;        /* frames the viewer received */
  guint       paints;
  guint       slow_paints;      /* before-paint to after-paint > STALL_US */
  gint64      paint_total;
  gint64      paint_start;
  gint64      last_beat;
  guint       stalls;           /* heartbeat late by > STALL_US */
  gint64      worst_stall;
  gboolean    turn_view;        /* a new view every frame, as the follow cam does */
} Bench;

static gboolean
heartbeat (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();

  /* A timeout that fires late by more than a frame means the main loop was busy that long. */
  if (b->recording && b->last_beat != 0 && now - b->last_beat - HEARTBEAT_MS * 1000 > STALL_US)
    {
      b->stalls++;
      b->worst_stall = MAX (b->worst_stall, now - b->last_beat);
    }
  b->last_beat = now;
  return G_SOURCE_CONTINUE;
}

static void
on_before_paint (GdkFrameClock *clock,
                 Bench         *b)
{
  b->paint_start = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *b)
{
  TlVideoFrame *frame = tl_viewer_get_frame (b->viewer);

  if (!b->recording)
    return;
  b->paints++;
  b->paint_total += g_get_monotonic_time () - b->paint_start;
  if (g_get_monotonic_time () - b->paint_start > STALL_US)
    b->slow_paints++;
  if (frame != NULL)
    g_hash_table_add (b->painted, GINT_TO_POINTER ((int) tl_video_frame_get_number (frame)));
}

static void
on_frame (Bench *b)
{
  TlVideoFrame *frame = tl_viewer_get_frame (b->viewer);

  if (!b->recording || frame == NULL)
    return;
  b->delivered++;
  if (b->turn_view)
    tl_viewer_set_view (b->viewer, 20 * sin (tl_video_frame_get_number (frame) * 0.05), 8, 45);
}

static void
start_recording (Bench *b)
{
  g_hash_table_remove_all (b->painted);
  b->delivered = b->paints = b->slow_paints = b->stalls = 0;
  b->paint_total = 0;
  b->worst_stall = 0;
  b->last_beat = 0;
  b->recording = TRUE;
}

static void
run_for (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

static void
print_stalls (Bench      *b,
              const char *what)
{
  g_print ("  main thread (%s): %u stalls > %d ms (worst %.0f ms), %u of %u paints took"
           " > %d ms (mean paint %.1f ms)\n", what, b->stalls, STALL_US / 1000,
           b->worst_stall / 1000.0, b->slow_paints, b->paints, STALL_US / 1000,
           b->paints > 0 ? b->paint_total / 1000.0 / b->paints : 0.0);
}

static void
bench_play (Bench      *b,
            gboolean    virtual_view)
{
  gint64 t0, p0, p1;
  double wall, media;
  guint expected;

  tl_player_pause (b->player);
  tl_player_seek (b->player, 0, TRUE);
  tl_viewer_set_mode (b->viewer, virtual_view ? TL_VIEWER_MODE_VIRTUAL : TL_VIEWER_MODE_PANORAMA);
  b->turn_view = virtual_view;
  run_for (1.0);
  p0 = tl_player_get_position (b->player);
  start_recording (b);
  t0 = g_get_monotonic_time ();
  tl_player_play (b->player);
  run_for (PLAY_SECONDS);
  b->recording = FALSE;
  p1 = tl_player_get_position (b->player);
  tl_player_pause (b->player);
  wall = (g_get_monotonic_time () - t0) / 1e6;
  media = (p1 - p0) / 1e9;
  expected = (guint) llround (media * FPS);
  g_print ("1x playback, %s%s, %.1f s: media advanced %.2f s (%.0f%% of real time), %u frames"
           " due, %u reached the viewer, %u painted: %d dropped\n",
           virtual_view ? "virtual camera turning every frame" : "whole panorama",
           gtk_widget_get_visible (GTK_WIDGET (b->timeline)) ? ", with the timeline"
                                                             : ", viewer alone",
           wall, media, 100 * media / wall, expected, b->delivered,
           g_hash_table_size (b->painted), (int) expected - (int) g_hash_table_size (b->painted));
  print_stalls (b, "playing");
}

/* A coach dragging the playhead across the timeline: a pointer event every 16 ms, 18 s of
 * match in SCRUB_SECONDS, then the release. */
static void
bench_scrub (Bench *b)
{
  gint64 t0 = g_get_monotonic_time (), now, released;
  gint64 target = 0, exact;

  tl_player_pause (b->player);
  run_for (0.5);
  start_recording (b);
  while ((now = g_get_monotonic_time ()) - t0 < SCRUB_SECONDS * G_USEC_PER_SEC)
    {
      double f = (now - t0) / (SCRUB_SECONDS * G_USEC_PER_SEC);

      target = (gint64) (f * 18 * GST_SECOND);
      tl_timeline_scrub (b->timeline, target);
      run_for (0.016);
    }
  tl_timeline_scrub_end (b->timeline, target);
  released = g_get_monotonic_time ();
  /* The frame that holds the release time. */
  exact = target / (GST_SECOND / FPS) * (GST_SECOND / FPS);
  while (tl_player_get_position (b->player) != exact
         && g_get_monotonic_time () - released < 10 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  b->recording = FALSE;
  g_print ("scrubbing the timeline over 18 s of the demo in %.0f s: %u different frames shown;"
           " the exact frame %s %.0f ms after the release\n", SCRUB_SECONDS,
           g_hash_table_size (b->painted),
           tl_player_get_position (b->player) == exact ? "reached the viewer"
                                                      : "had NOT reached the viewer",
           (g_get_monotonic_time () - released) / 1000.0);
  print_stalls (b, "scrubbing");
}

#define MATCH_FRAMES (90 * 60 * FPS)
#define CHUNK_FRAMES 250

/* A full match of tracks, as the analyzer stores them: a ball and 22 players every frame,
 * 3840x1152 pixels, not calibrated (the stand-in camera). */
static gboolean
fill_match (TlStore   *store,
            gpointer   user_data,
            GError   **error)
{
  gint64 *match_id = user_data;

  *match_id = tl_test_insert_match (store, "/nonexistent.mp4",
                                    (gint64) MATCH_FRAMES * GST_SECOND / FPS, 3840, 1152, 180,
                                    NULL, error);
  if (*match_id == 0)
    return FALSE;
  for (gint64 first = 0; first < MATCH_FRAMES; first += CHUNK_FRAMES)
    {
      g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (TlTrackSample));
      g_autoptr(GBytes) blob = NULL;

      for (gint64 f = first; f < first + CHUNK_FRAMES; f++)
        {
          double t = (double) f / FPS, bx = 1920 + 1500 * sin (t * 0.05) + 200 * sin (t * 0.7);

          for (guint32 i = 0; i < 23; i++)
            {
              TlTrackSample s = { .frame = f, .track_no = i + 1, .klass = i == 0 ? 2 : 1 };

              s.w = i == 0 ? 8 : 20;
              s.h = i == 0 ? 8 : 50;
              s.x = (gint16) (i == 0 ? bx : bx + 400 * sin (i * 1.3 + t * 0.02));
              s.y = (gint16) (i == 0 ? 700 : 600 + 200 * cos (i * 2.1));
              g_array_append_val (samples, s);
            }
        }
      blob = tl_track_chunk_encode (first, FALSE, (TlTrackSample *) samples->data, samples->len);
      if (!tl_track_chunks_put (store, *match_id, first, first + CHUNK_FRAMES - 1, blob, error))
        return FALSE;
    }
  return TRUE;
}

static void
bench_camera_path (const char *dir)
{
  g_autofree char *library_dir = g_build_filename (dir, "library", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlLibrary) library = tl_library_open (library_dir, &error);
  g_autoptr(TlCameraPath) path = NULL;
  gint64 match_id = 0, start;
  double compute_s, load_ms, sample_ns, sink = 0;
  const int n_samples = 1000000;

  g_assert_no_error (error);
  g_assert_true (tl_store_write (tl_library_get_store (library), fill_match, &match_id, &error));
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  g_assert_true (tl_camera_path_compute (tl_library_get_store (library), match_id, NULL,
                                         &error));
  g_assert_no_error (error);
  compute_s = (g_get_monotonic_time () - start) / 1e6;
  start = g_get_monotonic_time ();
  path = tl_camera_path_load (library, match_id, NULL, &error);
  g_assert_no_error (error);
  load_ms = (g_get_monotonic_time () - start) / 1e3;
  g_assert_true (tl_camera_path_add_keyframe (path, 600 * GST_SECOND, 10, 5, 40, &error) > 0);
  start = g_get_monotonic_time ();
  for (int i = 0; i < n_samples; i++)
    {
      double yaw;

      tl_camera_path_sample (path, TL_CAMERA_PATH_EDITED,
                             (gint64) i * (MATCH_FRAMES / 25) * GST_SECOND / n_samples, &yaw,
                             NULL, NULL);
      sink += yaw;
    }
  sample_ns = (g_get_monotonic_time () - start) * 1e3 / n_samples;
  g_print ("camera path of a 90 min match (%d frames, 23 objects a frame): computed and stored"
           " in %.1f s, loaded in %.1f ms (%.1f MB), %.0f ns a sample (edited path)%s\n",
           MATCH_FRAMES, compute_s, load_ms, tl_camera_path_get_n_frames (path) * 12 / 1e6,
           sample_ns, isfinite (sink) ? "" : "!");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlDemoGenerator) generator = tl_demo_generator_new ();
  g_autoptr(TlThumbnailer) thumbnailer = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GtkWindow *window;
  GtkWidget *box;
  GdkFrameClock *clock;
  Bench b = { 0 };

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 77;
    }
  tl_register_resource ();

  dir = g_dir_make_tmp ("touchline-bench-playback-XXXXXX", &error);
  g_assert_no_error (error);
  bench_camera_path (dir);
  path = g_build_filename (dir, "demo.mp4", NULL);
  g_object_set (generator, "seconds", DEMO_SECONDS, "width", DEMO_W, "height", DEMO_H, NULL);
  if (!tl_demo_generator_run (generator, path, NULL, &error))
    g_error ("demo: %s", error->message);

  /* The match page's video and timeline, in a 1280x720 window. */
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, WIN_W, WIN_H);
  gtk_window_set_decorated (window, FALSE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  b.viewer = TL_VIEWER (tl_viewer_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (b.viewer), TRUE);
  b.timeline = TL_TIMELINE (tl_timeline_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (b.viewer));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (b.timeline));
  gtk_window_set_child (window, box);
  b.player = tl_player_new ();
  b.painted = g_hash_table_new (NULL, NULL);
  tl_viewer_set_player (b.viewer, b.player);
  tl_timeline_set_player (b.timeline, b.player);
  thumbnailer = tl_thumbnailer_new (path, TL_TIMELINE_THUMBNAIL_HEIGHT);
  tl_timeline_set_thumbnailer (b.timeline, thumbnailer, (double) DEMO_W / DEMO_H);
  g_signal_connect_swapped (b.viewer, "notify::frame", G_CALLBACK (on_frame), &b);
  gtk_window_present (window);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), &b);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &b);
  g_timeout_add_full (G_PRIORITY_HIGH, HEARTBEAT_MS, heartbeat, &b, NULL);

  g_assert_true (tl_player_open (b.player, path, &error));
  run_for (3.0);   /* first frame, and the thumbnails of the whole match */
  g_print ("%s viewer %dx%d in a %dx%d window, %dx%d H.264 demo at %d fps, %u thumbnails"
           " decoded so far\n", tl_viewer_get_renderer (b.viewer),
           gtk_widget_get_width (GTK_WIDGET (b.viewer)),
           gtk_widget_get_height (GTK_WIDGET (b.viewer)), WIN_W, WIN_H, DEMO_W, DEMO_H, FPS,
           tl_thumbnailer_get_n_decoded (thumbnailer));

  /* The viewer alone first: what the timeline adds shows in the difference. */
  gtk_widget_set_visible (GTK_WIDGET (b.timeline), FALSE);
  bench_play (&b, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (b.timeline), TRUE);
  bench_play (&b, FALSE);
  bench_play (&b, TRUE);
  bench_scrub (&b);

  tl_viewer_set_player (b.viewer, NULL);
  tl_timeline_set_player (b.timeline, NULL);
  tl_player_close (b.player);
  g_clear_object (&b.player);
  gtk_window_destroy (window);
  g_hash_table_unref (b.painted);
  tl_test_remove_tree (dir);
  return 0;
}
