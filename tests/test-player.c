/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-player.c: TlPlayer on real H.264 whose frames carry their number: seeks, steps, speed. */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/app/app.h>
#include <gst/gst.h>

#include "tl-player.h"
#include "tl-test-media.h"

#define WIDTH      320
#define HEIGHT     240
#define FPS        25
#define N_FRAMES   250      /* 10 s */
#define GOP        50       /* a keyframe every 2 s, as in the demo */
#define BITS       16
#define BLOCK_W    (WIDTH / BITS)

typedef struct
{
  char     *dir;
  char     *numbered;    /* numbered.mp4 */
  char     *with_audio;  /* H.264 + AAC */
} Media;

static Media media;

/* Frame @n: its number in binary as 16 white/black blocks across the top, a moving gradient
 * below so that P and B frames have something to predict. */
static GstBuffer *
make_frame (int n)
{
  GstBuffer *buffer = gst_buffer_new_allocate (NULL, WIDTH * HEIGHT * 3 / 2, NULL);
  GstMapInfo map;
  int x, y;

  gst_buffer_map (buffer, &map, GST_MAP_WRITE);
  for (y = 0; y < HEIGHT; y++)
    for (x = 0; x < WIDTH; x++)
      {
        guint8 *p = map.data + y * WIDTH + x;

        if (y < 32)
          *p = (n >> (BITS - 1 - x / BLOCK_W)) & 1 ? 235 : 16;
        else
          *p = (guint8) (64 + ((x + 3 * n) % 128));
      }
  memset (map.data + WIDTH * HEIGHT, 128, WIDTH * HEIGHT / 2);
  gst_buffer_unmap (buffer, &map);

  GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (n, GST_SECOND, FPS);
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (1, GST_SECOND, FPS);
  return buffer;
}

/* B-frames on purpose: decode order differs from display order, as in camera footage. */
static void
make_numbered_video (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *desc = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;
  g_autoptr(GstCaps) caps = NULL;
  int n;

  desc = g_strdup_printf ("appsrc name=src format=time ! videoconvert ! "
                          "x264enc speed-preset=veryfast bframes=2 key-int-max=%d ! "
                          "h264parse ! mp4mux faststart=true ! filesink location=\"%s\"",
                          GOP, path);
  pipeline = gst_parse_launch (desc, &error);
  g_assert_no_error (error);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420",
                              "width", G_TYPE_INT, WIDTH, "height", G_TYPE_INT, HEIGHT,
                              "framerate", GST_TYPE_FRACTION, FPS, 1, NULL);
  g_object_set (src, "caps", caps, "block", TRUE, "max-bytes", (guint64) 4 << 20, NULL);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (n = 0; n < N_FRAMES; n++)
    g_assert_cmpint (gst_app_src_push_buffer (GST_APP_SRC (src), make_frame (n)), ==,
                     GST_FLOW_OK);
  gst_app_src_end_of_stream (GST_APP_SRC (src));

  bus = gst_element_get_bus (pipeline);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

/* The number written into the frame's pixels. */
static int
decode_number (TlVideoFrame *frame)
{
  int stride, i, n = 0;
  const guint8 *y = tl_video_frame_get_plane (frame, 0, &stride);

  for (i = 0; i < BITS; i++)
    n = (n << 1) | (y[16 * stride + i * BLOCK_W + BLOCK_W / 2] > 128);
  return n;
}

/* --- waiting on the main loop -------------------------------------------------------------- */

typedef struct
{
  TlPlayer *player;
  GArray   *numbers;     /* frames seen since the last reset, by their pixels */
  GArray   *pts_numbers; /* ... by their time stamps */
  gboolean  eos;
  GError   *error;
} Watch;

static void
on_frame (TlPlayer     *player,
          TlVideoFrame *frame,
          Watch        *watch)
{
  int n = decode_number (frame);
  gint64 p = tl_video_frame_get_number (frame);

  g_array_append_val (watch->numbers, n);
  g_array_append_val (watch->pts_numbers, p);
}

static void
on_eos (TlPlayer *player,
        Watch    *watch)
{
  watch->eos = TRUE;
}

static void
on_error (TlPlayer *player,
          GError   *error,
          Watch    *watch)
{
  g_clear_error (&watch->error);
  watch->error = g_error_copy (error);
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
run_for_ms (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;
  guint tick = g_timeout_add (5, wake_up, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

static gboolean
last_is (Watch *watch,
         int    n)
{
  return watch->numbers->len > 0
         && g_array_index (watch->numbers, int, watch->numbers->len - 1) == n;
}

/* Waits for a frame showing @n; then lets the pipeline settle and checks nothing else came. */
static void
wait_for_frame (Watch *watch,
                int    n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (5, wake_up, NULL);

  while (!last_is (watch, n) && watch->error == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  g_assert_no_error (watch->error);
  if (!last_is (watch, n))
    g_error ("waited for frame %d, last shown %d", n,
             watch->numbers->len ? g_array_index (watch->numbers, int, watch->numbers->len - 1)
                                 : -1);
  run_for_ms (60);
  g_assert_true (last_is (watch, n));
  g_assert_cmpint (tl_player_get_frame_number (watch->player), ==, n);
  g_assert_cmpint (decode_number (tl_player_get_frame (watch->player)), ==, n);
}

static void
watch_reset (Watch *watch)
{
  g_array_set_size (watch->numbers, 0);
  g_array_set_size (watch->pts_numbers, 0);
}

static void
watch_init (Watch    *watch,
            TlPlayer *player)
{
  watch->player = player;
  watch->numbers = g_array_new (FALSE, FALSE, sizeof (int));
  watch->pts_numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  watch->eos = FALSE;
  watch->error = NULL;
  g_signal_connect (player, "frame", G_CALLBACK (on_frame), watch);
  g_signal_connect (player, "eos", G_CALLBACK (on_eos), watch);
  g_signal_connect (player, "error", G_CALLBACK (on_error), watch);
}

static void
watch_clear (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->player, watch);
  g_array_unref (watch->numbers);
  g_array_unref (watch->pts_numbers);
  g_clear_error (&watch->error);
}

/* --- tests --------------------------------------------------------------------------------- */

static void
test_open (void)
{
  g_autoptr(TlPlayer) player = tl_player_new ();
  g_autoptr(GError) error = NULL;
  Watch watch;

  watch_init (&watch, player);
  g_assert_true (tl_player_open (player, media.numbered, &error));
  g_assert_no_error (error);
  wait_for_frame (&watch, 0);

  g_assert_cmpfloat_with_epsilon (tl_player_get_fps (player), 25.0, 1e-9);
  g_assert_cmpint (tl_player_get_duration (player), ==, 10 * GST_SECOND);
  g_assert_cmpint (tl_player_get_position (player), ==, 0);
  g_assert_false (tl_player_get_playing (player));
  g_assert_cmpint (tl_video_frame_get_width (tl_player_get_frame (player)), ==, WIDTH);
  g_assert_cmpint (tl_video_frame_get_format (tl_player_get_frame (player)), ==,
                   GST_VIDEO_FORMAT_I420);
  g_assert_cmpstr (tl_player_get_path (player), ==, media.numbered);

  tl_player_close (player);
  g_assert_null (tl_player_get_frame (player));
  g_assert_cmpint (tl_player_get_duration (player), ==, -1);

  /* A seek asked for before the file is ready is done once it is. */
  g_assert_true (tl_player_open (player, media.numbered, NULL));
  tl_player_seek_frame (player, 123);
  wait_for_frame (&watch, 123);
  g_assert_true (tl_player_open (player, media.numbered, NULL));
  tl_player_seek (player, 2 * GST_SECOND, TRUE);
  wait_for_frame (&watch, 50);
  watch_clear (&watch);
}

static void
test_seek_accuracy (void)
{
  g_autoptr(TlPlayer) player = tl_player_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  /* Keyframes, their neighbours, both ends, then random frames. */
  int fixed[] = { 0, 1, 49, 50, 51, 99, 100, 149, 248, 249, 120, 3 };
  Watch watch;
  guint i;
  int n;

  watch_init (&watch, player);
  g_assert_true (tl_player_open (player, media.numbered, NULL));
  wait_for_frame (&watch, 0);

  for (i = 0; i < G_N_ELEMENTS (fixed) + 30; i++)
    {
      n = i < G_N_ELEMENTS (fixed) ? fixed[i] : g_rand_int_range (rand, 0, N_FRAMES);
      watch_reset (&watch);
      tl_player_seek_frame (player, n);
      wait_for_frame (&watch, n);
      /* The very first frame after the seek is the one asked for: no flash of another. */
      g_assert_cmpint (g_array_index (watch.numbers, int, 0), ==, n);
      g_assert_cmpint (g_array_index (watch.pts_numbers, gint64, 0), ==, n);
      g_assert_cmpint (tl_player_get_position (player), ==,
                       gst_util_uint64_scale (n, GST_SECOND, FPS));
    }

  /* By time: 3.3 s is inside frame 82 (3.28 - 3.32 s). */
  watch_reset (&watch);
  tl_player_seek (player, 3300 * GST_MSECOND, TRUE);
  wait_for_frame (&watch, 82);

  /* A fast seek shows a keyframe near 3.9 s (which one is the demuxer's choice). */
  watch_reset (&watch);
  tl_player_seek (player, 3900 * GST_MSECOND, FALSE);
  for (i = 0; i < 500 && watch.numbers->len == 0; i++)
    run_for_ms (10);
  run_for_ms (60);
  g_assert_cmpuint (watch.numbers->len, ==, 1);
  n = g_array_index (watch.numbers, int, 0);
  g_assert_true (n == 50 || n == 100);
  g_assert_cmpint (tl_player_get_frame_number (player), ==, n);

  /* Past the end: the last frame. */
  watch_reset (&watch);
  tl_player_seek_frame (player, 100000);
  wait_for_frame (&watch, N_FRAMES - 1);

  watch_clear (&watch);
}

static void
test_step (void)
{
  g_autoptr(TlPlayer) player = tl_player_new ();
  Watch watch;
  int n;

  watch_init (&watch, player);
  g_assert_true (tl_player_open (player, media.numbered, NULL));
  wait_for_frame (&watch, 0);

  /* Forward across a keyframe, one frame at a time. */
  tl_player_seek_frame (player, 46);
  wait_for_frame (&watch, 46);
  for (n = 47; n <= 53; n++)
    {
      watch_reset (&watch);
      tl_player_step (player, 1);
      wait_for_frame (&watch, n);
      g_assert_cmpint (watch.numbers->len, ==, 1);
    }

  /* And back across it. */
  for (n = 52; n >= 47; n--)
    {
      watch_reset (&watch);
      tl_player_step (player, -1);
      wait_for_frame (&watch, n);
    }

  /* Larger steps, and not before the first frame. */
  tl_player_step (player, 10);
  wait_for_frame (&watch, 57);
  tl_player_step (player, -100);
  wait_for_frame (&watch, 0);
  tl_player_step (player, 1);
  wait_for_frame (&watch, 1);

  /* Playing after steps resumes from the frame shown. */
  watch_reset (&watch);
  tl_player_play (player);
  g_assert_true (tl_player_get_playing (player));
  run_for_ms (300);
  tl_player_pause (player);
  g_assert_false (tl_player_get_playing (player));
  run_for_ms (100);
  g_assert_cmpuint (watch.numbers->len, >, 2);
  g_assert_cmpint (g_array_index (watch.numbers, int, 0), <=, 2);
  for (guint i = 1; i < watch.numbers->len; i++)
    g_assert_cmpint (g_array_index (watch.numbers, int, i), >,
                     g_array_index (watch.numbers, int, i - 1));

  /* Stepping while playing pauses first. */
  tl_player_play (player);
  run_for_ms (200);
  n = tl_player_get_frame_number (player);
  tl_player_step (player, 1);
  g_assert_false (tl_player_get_playing (player));
  run_for_ms (300);
  g_assert_cmpint (tl_player_get_frame_number (player), >, n);
  g_assert_cmpint (tl_player_get_frame_number (player), <=, n + 4);

  watch_clear (&watch);
}

static void
test_skip (void)
{
  g_autoptr(TlPlayer) player = tl_player_new ();
  Watch watch;

  watch_init (&watch, player);
  g_assert_true (tl_player_open (player, media.numbered, NULL));
  wait_for_frame (&watch, 0);

  tl_player_seek_frame (player, 10);
  wait_for_frame (&watch, 10);
  tl_player_skip (player, 5 * GST_SECOND);
  wait_for_frame (&watch, 135);
  tl_player_skip (player, -1 * GST_SECOND);
  wait_for_frame (&watch, 110);
  tl_player_skip (player, -30 * (gint64) GST_SECOND);
  wait_for_frame (&watch, 0);
  tl_player_skip (player, 30 * GST_SECOND);
  wait_for_frame (&watch, N_FRAMES - 1);

  watch_clear (&watch);
}

/* For files without numbers in their pixels: waits on the time stamps alone. */
static void
wait_for_pts_frame (Watch *watch,
                    int    n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (5, wake_up, NULL);

  while (tl_player_get_frame_number (watch->player) != n && watch->error == NULL
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  g_assert_no_error (watch->error);
  g_assert_cmpint (tl_player_get_frame_number (watch->player), ==, n);
}

/* Media seconds played in @wall_ms of wall time at @rate. */
static double
media_seconds_played (TlPlayer *player,
                      Watch    *watch,
                      double    rate,
                      guint     wall_ms)
{
  gint64 start;

  tl_player_seek_frame (player, 0);
  wait_for_pts_frame (watch, 0);
  tl_player_set_rate (player, rate);
  g_assert_cmpfloat (tl_player_get_rate (player), ==, rate);
  run_for_ms (50);
  start = tl_player_get_position (player);
  tl_player_play (player);
  run_for_ms (wall_ms);
  tl_player_pause (player);
  return (tl_player_get_position (player) - start) / (double) GST_SECOND;
}

static void
test_rate (gconstpointer data)
{
  const char *path = *(const char * const *) data;
  g_autoptr(TlPlayer) player = tl_player_new ();
  Watch watch;
  double played;

  watch_init (&watch, player);
  g_assert_true (tl_player_open (player, path, NULL));
  wait_for_pts_frame (&watch, 0);

  /* Loose bounds: a loaded 2-core machine starts late, but 2x is clearly not 1x or 4x. */
  played = media_seconds_played (player, &watch, 2.0, 1000);
  g_test_message ("2x: %.2f s of media in 1 s", played);
  g_assert_cmpfloat (played, >, 1.4);
  g_assert_cmpfloat (played, <, 2.3);

  played = media_seconds_played (player, &watch, 0.5, 1000);
  g_test_message ("0.5x: %.2f s of media in 1 s", played);
  g_assert_cmpfloat (played, >, 0.3);
  g_assert_cmpfloat (played, <, 0.6);

  tl_player_set_rate (player, 10.0);
  g_assert_cmpfloat (tl_player_get_rate (player), ==, TL_PLAYER_MAX_RATE);
  tl_player_set_rate (player, 0.0);
  g_assert_cmpfloat (tl_player_get_rate (player), ==, TL_PLAYER_MIN_RATE);

  watch_clear (&watch);
}

static void
test_loop_and_eos (void)
{
  g_autoptr(TlPlayer) player = tl_player_new ();
  Watch watch;
  GstClockTime start, end;
  guint i, wraps = 0;

  watch_init (&watch, player);
  g_assert_true (tl_player_open (player, media.numbered, NULL));
  wait_for_frame (&watch, 0);

  /* Frames 50-59 over and over, at 4x so it wraps several times in a second. */
  tl_player_set_rate (player, 4.0);
  tl_player_set_loop (player, 2 * GST_SECOND, 2400 * GST_MSECOND);
  g_assert_true (tl_player_get_loop (player, &start, &end));
  g_assert_cmpint (start, ==, 2 * GST_SECOND);
  wait_for_frame (&watch, 50);
  watch_reset (&watch);
  tl_player_play (player);
  run_for_ms (1200);
  tl_player_pause (player);
  g_assert_cmpuint (watch.numbers->len, >, 10);
  for (i = 0; i < watch.numbers->len; i++)
    {
      int n = g_array_index (watch.numbers, int, i);

      g_assert_cmpint (n, >=, 50);
      g_assert_cmpint (n, <, 60);
      if (i > 0 && n < g_array_index (watch.numbers, int, i - 1))
        wraps++;
    }
  g_test_message ("loop: %u frames, %u wraps", watch.numbers->len, wraps);
  g_assert_cmpuint (wraps, >=, 2);
  g_assert_false (watch.eos);

  /* Without the loop, playing runs to the end. */
  tl_player_set_loop (player, GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE);
  g_assert_false (tl_player_get_loop (player, NULL, NULL));
  tl_player_seek_frame (player, 240);
  wait_for_frame (&watch, 240);
  tl_player_play (player);
  for (i = 0; i < 300 && !watch.eos; i++)
    run_for_ms (10);
  g_assert_true (watch.eos);
  g_assert_false (tl_player_get_playing (player));
  g_assert_cmpint (tl_player_get_frame_number (player), ==, N_FRAMES - 1);

  /* Play again at the end starts over. */
  watch_reset (&watch);
  tl_player_set_rate (player, 1.0);
  tl_player_play (player);
  run_for_ms (300);
  tl_player_pause (player);
  g_assert_cmpuint (watch.numbers->len, >, 0);
  g_assert_cmpint (g_array_index (watch.numbers, int, 0), <=, 1);

  watch_clear (&watch);
}

static void
test_errors (void)
{
  g_autoptr(TlPlayer) player = tl_player_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *junk = g_build_filename (media.dir, "junk.mp4", NULL);
  Watch watch;
  int i;

  g_assert_false (tl_player_open (player, "/nonexistent/match.mp4", &error));
  g_assert_error (error, TL_PLAYER_ERROR, TL_PLAYER_ERROR_NOT_FOUND);

  g_assert_true (g_file_set_contents (junk, "this is not a video, just text\n", -1, NULL));
  watch_init (&watch, player);
  g_assert_true (tl_player_open (player, junk, NULL));
  for (i = 0; i < 500 && watch.error == NULL; i++)
    run_for_ms (10);
  g_assert_nonnull (watch.error);
  g_assert_true (watch.error->domain == TL_PLAYER_ERROR);
  g_assert_nonnull (strstr (watch.error->message, "junk.mp4"));
  g_assert_nonnull (strstr (watch.error->message, "not a video"));
  g_test_message ("%s", watch.error->message);
  g_clear_error (&watch.error);

  /* The player recovers: another file opens. */
  g_assert_true (tl_player_open (player, media.numbered, NULL));
  wait_for_frame (&watch, 0);
  watch_clear (&watch);
}

static void
remove_media (void)
{
  g_autoptr(GDir) dir = g_dir_open (media.dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (media.dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (media.dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  media.dir = g_dir_make_tmp ("touchline-player-XXXXXX", &error);
  g_assert_no_error (error);
  media.numbered = g_build_filename (media.dir, "numbered.mp4", NULL);
  media.with_audio = g_build_filename (media.dir, "audio.mp4", NULL);
  make_numbered_video (media.numbered);
  g_assert_true (tl_test_media_make (media.with_audio, TL_TEST_MEDIA_H264_AAC_MP4, 6.0, 1,
                                     &error));
  g_assert_no_error (error);

  g_test_add_func ("/player/open", test_open);
  g_test_add_func ("/player/seek-accuracy", test_seek_accuracy);
  g_test_add_func ("/player/step", test_step);
  g_test_add_func ("/player/skip", test_skip);
  g_test_add_data_func ("/player/rate/video", &media.numbered, test_rate);
  g_test_add_data_func ("/player/rate/audio", &media.with_audio, test_rate);
  g_test_add_func ("/player/loop-and-eos", test_loop_and_eos);
  g_test_add_func ("/player/errors", test_errors);
  status = g_test_run ();

  remove_media ();
  g_free (media.numbered);
  g_free (media.with_audio);
  g_free (media.dir);
  return status;
}
