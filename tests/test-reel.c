/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-reel.c: highlight reels: the model in SQLite, export to MP4 checked frame by frame. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "tl-annotation-renderer.h"
#include "tl-elements.h"
#include "tl-match-annotations.h"
#include "tl-reel-exporter.h"
#include "tl-reels.h"
#include "tl-test-media.h"

/* The numbered panorama: frame n carries n in binary as 16 blocks across the top rows; its
 * sound is silent but for a 20 ms click at the start of every second. */
#define WIDTH     640
#define HEIGHT    192
#define FPS       25
#define N_FRAMES  100
#define BITS      16
#define BLOCK_W   (WIDTH / BITS)
#define RATE      48000
#define CLICK     (RATE / 50)
#define FRAME_NS  (GST_SECOND / FPS)
#define MS        ((gint64) 1000000)

typedef struct
{
  char *dir;
  char *numbered;    /* numbered.mp4: H.264 + AAC, 4 s */
} Media;

static Media media;

static GstBuffer *
make_frame (int n)
{
  GstBuffer *buffer = gst_buffer_new_allocate (NULL, WIDTH * HEIGHT * 3 / 2, NULL);
  GstMapInfo map;

  gst_buffer_map (buffer, &map, GST_MAP_WRITE);
  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      map.data[y * WIDTH + x] = y < 32 ? ((n >> (BITS - 1 - x / BLOCK_W)) & 1 ? 235 : 16)
                                       : (guint8) (64 + ((x + 3 * n) % 128));
  memset (map.data + WIDTH * HEIGHT, 128, WIDTH * HEIGHT / 2);
  gst_buffer_unmap (buffer, &map);
  GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (n, GST_SECOND, FPS);
  GST_BUFFER_DURATION (buffer) = FRAME_NS;

  return buffer;
}

static GstBuffer *
make_audio (int second)
{
  GstBuffer *buffer = gst_buffer_new_allocate (NULL, RATE * 2 * 2, NULL);
  GstMapInfo map;
  gint16 *s;

  gst_buffer_map (buffer, &map, GST_MAP_WRITE);
  s = (gint16 *) map.data;
  memset (s, 0, map.size);
  for (int i = 0; i < CLICK; i++)
    s[2 * i] = s[2 * i + 1] = (gint16) (12000 * ((i / 24) % 2 ? 1 : -1));
  gst_buffer_unmap (buffer, &map);
  GST_BUFFER_PTS (buffer) = (GstClockTime) second * GST_SECOND;
  GST_BUFFER_DURATION (buffer) = GST_SECOND;

  return buffer;
}

static void
make_numbered_video (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *desc = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) vsrc = NULL;
  g_autoptr(GstElement) asrc = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;
  g_autoptr(GstCaps) vcaps = NULL;
  g_autoptr(GstCaps) acaps = NULL;

  /* A keyframe a second: clips start between keyframes, as in camera footage. No B-frames:
   * GStreamer's mp4mux writes no edit list for their delay, so the video would start 80 ms
   * after the sound and "the frame at 1 s" would be ambiguous. */
  desc = g_strdup_printf ("appsrc name=v format=time ! videoconvert ! "
                          "x264enc speed-preset=veryfast bframes=0 key-int-max=%d ! h264parse ! "
                          "mp4mux name=mux ! filesink location=\"%s\" "
                          "appsrc name=a format=time ! audioconvert ! avenc_aac ! mux.",
                          FPS, path);
  pipeline = gst_parse_launch (desc, &error);
  g_assert_no_error (error);
  vsrc = gst_bin_get_by_name (GST_BIN (pipeline), "v");
  asrc = gst_bin_get_by_name (GST_BIN (pipeline), "a");
  vcaps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420",
                               "width", G_TYPE_INT, WIDTH, "height", G_TYPE_INT, HEIGHT,
                               "framerate", GST_TYPE_FRACTION, FPS, 1, NULL);
  acaps = gst_caps_new_simple ("audio/x-raw", "format", G_TYPE_STRING, "S16LE",
                               "rate", G_TYPE_INT, RATE, "channels", G_TYPE_INT, 2,
                               "layout", G_TYPE_STRING, "interleaved", NULL);
  g_object_set (vsrc, "caps", vcaps, NULL);
  g_object_set (asrc, "caps", acaps, NULL);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (int second = 0; second < N_FRAMES / FPS; second++)
    {
      g_assert_cmpint (gst_app_src_push_buffer (GST_APP_SRC (asrc), make_audio (second)), ==,
                       GST_FLOW_OK);
      for (int n = second * FPS; n < (second + 1) * FPS; n++)
        g_assert_cmpint (gst_app_src_push_buffer (GST_APP_SRC (vsrc), make_frame (n)), ==,
                         GST_FLOW_OK);
    }
  gst_app_src_end_of_stream (GST_APP_SRC (vsrc));
  gst_app_src_end_of_stream (GST_APP_SRC (asrc));

  bus = gst_element_get_bus (pipeline);
  msg = gst_bus_timed_pop_filtered (bus, 120 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

/* --- a library with the numbered video and some events -------------------------------------- */

typedef struct
{
  char      *dir;
  TlLibrary *library;
  TlMatch   *match;
  gint64     events[4];
} Fixture;

typedef struct
{
  gint64      match_id;
  const char *code;
  gint64      start, end;
  gint64      id;
} NewEvent;

static gboolean
insert_event (TlStore  *store,
              gpointer  user_data,
              GError  **error)
{
  NewEvent *event = user_data;
  sqlite3_stmt *stmt = tl_store_prepare (store, "INSERT INTO events (match_id, code, start_ns,"
                                                " end_ns) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event->match_id);
  sqlite3_bind_text (stmt, 2, event->code, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, event->start);
  sqlite3_bind_int64 (stmt, 4, event->end);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  event->id = tl_store_last_insert_rowid (store);

  return TRUE;
}

static gint64
add_event (Fixture    *fixture,
           const char *code,
           gint64      start,
           gint64      end)
{
  g_autoptr(GError) error = NULL;
  NewEvent event = { tl_match_get_id (fixture->match), code, start, end, 0 };

  g_assert_true (tl_store_write (tl_library_get_store (fixture->library), insert_event, &event,
                                 &error));
  g_assert_no_error (error);

  return event.id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *library_dir = NULL;

  fixture->dir = g_dir_make_tmp ("touchline-reel-XXXXXX", &error);
  g_assert_no_error (error);
  library_dir = g_build_filename (fixture->dir, "library", NULL);
  fixture->library = tl_library_open (library_dir, &error);
  g_assert_no_error (error);
  fixture->match = tl_library_import_file (fixture->library, media.numbered, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl_match_get_projection (fixture->match), ==, TL_PROJECTION_CYLINDRICAL);

  fixture->events[0] = add_event (fixture, "Goal", 1000 * MS, 2000 * MS);
  fixture->events[1] = add_event (fixture, "Shot", 400 * MS, 1600 * MS);
  fixture->events[2] = add_event (fixture, "Goal", 2500 * MS, 3500 * MS);
  /* An instant event: its clip is a few seconds around it, kept inside the video. */
  fixture->events[3] = add_event (fixture, "Foul", 3000 * MS, 3000 * MS);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->match);
  g_clear_object (&fixture->library);
  tl_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static TlReelItem *
item_at (TlReel *reel,
         guint   position)
{
  /* The store holds a reference for the test's lifetime. */
  g_autoptr(TlReelItem) item = g_list_model_get_item (tl_reel_get_items (reel), position);

  return item;
}

/* --- the model ------------------------------------------------------------------------------ */

static void
test_model (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlReels) reels = tl_reels_new (fixture->library, &error);
  g_autoptr(TlReels) again = NULL;
  TlReel *reel, *reloaded;
  TlReelItem *item;
  const TlReelItemInfo *info;
  gint64 ids[] = { fixture->events[0], fixture->events[1] };
  gint64 foul = fixture->events[3];
  gint64 bogus = 999;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (tl_reels_get_model (reels)), ==, 0);

  reel = tl_reels_create (reels, "  Goals  ", ids, G_N_ELEMENTS (ids), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_reel_get_name (reel), ==, "Goals");
  g_assert_cmpuint (tl_reel_get_n_items (reel), ==, 2);
  item = item_at (reel, 1);
  g_assert_cmpstr (tl_reel_item_get_event_code (item), ==, "Shot");
  g_assert_cmpint (tl_reel_item_get_start (item), ==, 400 * MS);
  g_assert_cmpint (tl_reel_item_get_end (item), ==, 1600 * MS);
  g_assert_cmpint (tl_reel_get_output_duration (reel), ==, 2200 * MS);

  /* An unknown event fails as a whole: nothing of that edit is kept. */
  g_assert_false (tl_reels_add_events (reels, reel, (gint64[]) { foul, bogus }, 2, -1, &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (tl_reel_get_n_items (reel), ==, 2);

  /* Insert at the front; the instant event gets 5 s either side, clipped to the video. */
  g_assert_true (tl_reels_add_events (reels, reel, &foul, 1, 0, &error));
  g_assert_no_error (error);
  item = item_at (reel, 0);
  g_assert_cmpstr (tl_reel_item_get_event_code (item), ==, "Foul");
  g_assert_cmpint (tl_reel_item_get_start (item), ==, 0);
  g_assert_cmpint (tl_reel_item_get_end (item), ==, tl_match_get_duration (fixture->match));

  /* Reorder: the foul goes last; then trim, camera, slow motion, title. */
  g_assert_true (tl_reels_move_item (reels, reel, item, 10, &error));
  g_assert_no_error (error);
  g_assert_true (item_at (reel, 2) == item);
  g_assert_cmpstr (tl_reel_item_get_event_code (item_at (reel, 0)), ==, "Goal");

  g_assert_false (tl_reels_set_item_trim (reels, reel, item, 2000 * MS, 1000 * MS, &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tl_reels_set_item_trim (reels, reel, item, 0, 60 * GST_SECOND, &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (tl_reels_set_item_trim (reels, reel, item, 2500 * MS, 3500 * MS, &error));
  g_assert_no_error (error);
  g_assert_true (tl_reels_set_item_camera (reels, reel, item, TL_REEL_CAMERA_FIXED, 20, -5, 40,
                                           &error));
  g_assert_no_error (error);
  g_assert_true (tl_reels_set_item_slowmo (reels, reel, item, 2800 * MS, 3200 * MS, 0.5,
                                           &error));
  g_assert_no_error (error);
  g_assert_false (tl_reels_set_item_slowmo (reels, reel, item, 2800 * MS, 3200 * MS, 0.01,
                                            &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (tl_reels_set_item_title (reels, reel, item, "The foul", &error));
  g_assert_no_error (error);
  g_assert_true (tl_reels_set_intro_title (reels, reel, "Match 12", &error));
  g_assert_no_error (error);
  /* 1 + 1.2 + (1 + 0.4 slow motion) + 2 (title card) + 3 (intro) */
  g_assert_cmpint (tl_reel_get_output_duration (reel), ==, 8600 * MS);

  /* Slow motion maps output time back to the source: real time, half speed, real time. */
  info = tl_reel_item_get_info (item);
  g_assert_cmpint (tl_reel_item_info_map_time (info, 200 * MS), ==, 2700 * MS);
  g_assert_cmpint (tl_reel_item_info_map_time (info, 500 * MS), ==, 2900 * MS);
  g_assert_cmpint (tl_reel_item_info_map_time (info, 1100 * MS), ==, 3200 * MS);
  g_assert_cmpint (tl_reel_item_info_map_time (info, 1400 * MS), ==, 3500 * MS);

  /* Freezes hold the source time (a copy owns its own list): 1 s at 2.6 s, 0.5 s at 3.0 s
   * inside the slow motion. */
  {
    g_autoptr(TlReelItemInfo) frozen = tl_reel_item_info_copy (info);
    g_autoptr(TlReelItemInfo) copy = NULL;
    const TlReelFreeze freezes[] = { { 2600 * MS, 1000 * MS }, { 3000 * MS, 500 * MS } };
    const struct { gint64 out, source; gboolean frozen; } expect[] = {
      { 50, 2550, FALSE }, { 100, 2600, TRUE }, { 1099, 2600, TRUE }, { 1100, 2600, FALSE },
      { 1200, 2700, FALSE }, { 1700, 3000, TRUE }, { 2199, 3000, TRUE }, { 2200, 3000, FALSE },
      { 2300, 3050, FALSE }, { 2800, 3400, FALSE },
    };

    frozen->freezes = g_array_new (FALSE, FALSE, sizeof (TlReelFreeze));
    g_array_append_vals (frozen->freezes, freezes, G_N_ELEMENTS (freezes));
    copy = tl_reel_item_info_copy (frozen);
    g_clear_pointer (&frozen->freezes, g_array_unref);
    g_assert_cmpint (tl_reel_item_info_get_output_duration (copy), ==, 2900 * MS);
    for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
      {
        g_assert_cmpint (tl_reel_item_info_map_time (copy, expect[i].out * MS), ==,
                         expect[i].source * MS);
        g_assert_cmpint (tl_reel_item_info_is_frozen (copy, expect[i].out * MS), ==,
                         expect[i].frozen);
      }
  }

  /* Everything is in the store: a second model reads the same reel back. */
  again = tl_reels_new (fixture->library, &error);
  g_assert_no_error (error);
  reloaded = tl_reels_lookup (again, tl_reel_get_id (reel));
  g_assert_nonnull (reloaded);
  g_assert_cmpstr (tl_reel_get_intro_title (reloaded), ==, "Match 12");
  g_assert_cmpuint (tl_reel_get_n_items (reloaded), ==, 3);
  info = tl_reel_item_get_info (item_at (reloaded, 2));
  g_assert_cmpstr (info->event_code, ==, "Foul");
  g_assert_cmpstr (info->title, ==, "The foul");
  g_assert_cmpint (info->camera, ==, TL_REEL_CAMERA_FIXED);
  g_assert_cmpfloat_with_epsilon (info->yaw_deg, 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (info->pitch_deg, -5, 1e-9);
  g_assert_cmpfloat_with_epsilon (info->hfov_deg, 40, 1e-9);
  g_assert_cmpint (info->slowmo_start_ns, ==, 2800 * MS);
  g_assert_cmpfloat_with_epsilon (info->slowmo_rate, 0.5, 1e-9);
  g_assert_cmpint (tl_reel_get_output_duration (reloaded), ==, 8600 * MS);

  /* Remove and rename; deleting the reel deletes its items. */
  g_assert_true (tl_reels_remove_item (reels, reel, item_at (reel, 0), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tl_reel_get_n_items (reel), ==, 2);
  g_assert_false (tl_reels_rename (reels, reel, "   ", &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (tl_reels_rename (reels, reel, "Best of", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tl_reel_get_name (reel), ==, "Best of");
  g_assert_true (tl_reels_delete (reels, reel, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (tl_reels_get_model (reels)), ==, 0);
  g_clear_object (&again);
  again = tl_reels_new (fixture->library, &error);
  g_assert_cmpuint (g_list_model_get_n_items (tl_reels_get_model (again)), ==, 0);
}

/* --- decoding what was exported ------------------------------------------------------------- */

typedef struct
{
  int      width, height;
  char    *profile;
  char    *format;           /* chroma format of the H.264 stream */
  GArray  *numbers;          /* int: each frame's number, by its pixels */
  GArray  *pts;              /* GstClockTime of each frame */
  GArray  *audio;            /* gint16 mono samples from audio_start */
  GstClockTime audio_start;
  GstClockTime duration;
} Decoded;

static void
decoded_clear (Decoded *d)
{
  g_free (d->profile);
  g_free (d->format);
  g_clear_pointer (&d->numbers, g_array_unref);
  g_clear_pointer (&d->pts, g_array_unref);
  g_clear_pointer (&d->audio, g_array_unref);
}

static int
frame_number (const guint8 *y,
              int           stride,
              int           width)
{
  int n = 0;
  int block = width / BITS;

  for (int i = 0; i < BITS; i++)
    n = (n << 1) | (y[16 * stride + i * block + block / 2] > 128);
  return n;
}

static void
probe_stream (const char *path,
              Decoded    *d)
{
  g_autofree char *desc = g_strdup_printf ("filesrc location=\"%s\" ! qtdemux ! "
                                           "video/x-h264 ! h264parse ! "
                                           "appsink name=s caps=video/x-h264", path);
  g_autoptr(GstElement) pipeline = gst_parse_launch (desc, NULL);
  g_autoptr(GstElement) sink = gst_bin_get_by_name (GST_BIN (pipeline), "s");
  g_autoptr(GstSample) sample = NULL;
  GstStructure *s;

  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (sink), 30 * GST_SECOND);
  g_assert_nonnull (sample);
  s = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
  d->profile = g_strdup (gst_structure_get_string (s, "profile"));
  d->format = g_strdup (gst_structure_get_string (s, "chroma-format"));
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

static void
decode (const char *path,
        gboolean    with_audio,
        Decoded    *d)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *desc = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) vsink = NULL;
  g_autoptr(GstElement) asink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;
  GstSample *sample;

  memset (d, 0, sizeof *d);
  probe_stream (path, d);
  desc = g_strdup_printf ("uridecodebin uri=%s name=d d. ! videoconvert ! "
                          "video/x-raw,format=I420 ! "
                          "appsink name=v sync=false wait-on-eos=false %s", uri,
                          with_audio ? "d. ! audioconvert ! audioresample ! "
                                       "audio/x-raw,format=S16LE,channels=1,rate=48000 ! "
                                       "appsink name=a sync=false wait-on-eos=false" : "");
  pipeline = gst_parse_launch (desc, NULL);
  g_assert_nonnull (pipeline);
  vsink = gst_bin_get_by_name (GST_BIN (pipeline), "v");
  asink = with_audio ? gst_bin_get_by_name (GST_BIN (pipeline), "a") : NULL;
  d->numbers = g_array_new (FALSE, FALSE, sizeof (int));
  d->pts = g_array_new (FALSE, FALSE, sizeof (GstClockTime));
  d->audio = g_array_new (FALSE, FALSE, sizeof (gint16));
  d->audio_start = GST_CLOCK_TIME_NONE;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  msg = gst_bus_timed_pop_filtered (bus, 120 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);

  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (vsink), 0)) != NULL)
    {
      GstVideoInfo info;
      GstVideoFrame frame;
      GstBuffer *buffer = gst_sample_get_buffer (sample);
      int n;

      gst_video_info_from_caps (&info, gst_sample_get_caps (sample));
      d->width = GST_VIDEO_INFO_WIDTH (&info);
      d->height = GST_VIDEO_INFO_HEIGHT (&info);
      gst_video_frame_map (&frame, &info, buffer, GST_MAP_READ);
      n = frame_number (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0),
                        GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), d->width);
      gst_video_frame_unmap (&frame);
      g_array_append_val (d->numbers, n);
      g_array_append_val (d->pts, GST_BUFFER_PTS (buffer));
      d->duration = GST_BUFFER_PTS (buffer) + GST_BUFFER_DURATION (buffer);
      gst_sample_unref (sample);
    }
  while (asink != NULL
         && (sample = gst_app_sink_try_pull_sample (GST_APP_SINK (asink), 0)) != NULL)
    {
      GstBuffer *buffer = gst_sample_get_buffer (sample);
      GstMapInfo map;

      if (!GST_CLOCK_TIME_IS_VALID (d->audio_start))
        d->audio_start = GST_BUFFER_PTS (buffer);
      gst_buffer_map (buffer, &map, GST_MAP_READ);
      g_array_append_vals (d->audio, map.data, (guint) (map.size / 2));
      gst_buffer_unmap (buffer, &map);
      gst_sample_unref (sample);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

static gboolean
dir_is_empty_but (const char *dir,
                  const char *keep)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_strcmp0 (name, keep) != 0)
      {
        g_test_message ("left behind: %s", name);
        return FALSE;
      }
  return TRUE;
}

/* --- export --------------------------------------------------------------------------------- */

/* Intro card, a clip, then a reordered earlier clip with slow motion, at the source's own size:
 * the file must hold exactly the asked frames, with the sound in step. */
static void
test_export_frames (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlReels) reels = tl_reels_new (fixture->library, &error);
  g_autoptr(TlReelExporter) exporter = tl_reel_exporter_new (fixture->library);
  g_autofree char *out_dir = g_build_filename (fixture->dir, "out", NULL);
  g_autofree char *out = g_build_filename (out_dir, "reel.mp4", NULL);
  gint64 ids[] = { fixture->events[0], fixture->events[1] };
  TlReelExportOptions options = { .size = TL_REEL_SIZE_SOURCE, .output = out };
  Decoded d;
  TlReel *reel;
  guint item_a = 75, item_b = 100, n_total = 140, clicks = 0;

  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  reel = tl_reels_create (reels, "Frames", ids, 2, &error);
  g_assert_no_error (error);
  g_assert_true (tl_reels_set_intro_title (reels, reel, "Intro", &error));
  g_assert_true (tl_reels_set_item_slowmo (reels, reel, item_at (reel, 1), 800 * MS, 1200 * MS,
                                           0.5, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tl_reel_get_output_duration (reel), ==, (gint64) n_total * FRAME_NS);

  {
    g_autoptr(GPtrArray) items = tl_reel_dup_item_infos (reel);

    g_assert_true (tl_reel_exporter_export (exporter, tl_reel_get_intro_title (reel), items,
                                            &options, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_true (dir_is_empty_but (out_dir, "reel.mp4"));

  decode (out, TRUE, &d);
  g_assert_cmpstr (d.profile, ==, "high");
  g_assert_cmpstr (d.format, ==, "4:2:0");
  g_assert_cmpint (d.width, ==, WIDTH);
  g_assert_cmpint (d.height, ==, HEIGHT);
  /* Duration: the sum of the parts, to the frame. */
  g_test_message ("first frame at %" GST_TIME_FORMAT ", audio from %" GST_TIME_FORMAT
                  ", end %" GST_TIME_FORMAT,
                  GST_TIME_ARGS (g_array_index (d.pts, GstClockTime, 0)),
                  GST_TIME_ARGS (d.audio_start), GST_TIME_ARGS (d.duration));
  g_assert_cmpuint (d.numbers->len, ==, n_total);
  g_assert_cmpint (llabs ((gint64) d.duration - (gint64) n_total * FRAME_NS), <=, FRAME_NS);

  /* The intro card is dark; then each clip starts on the asked frame and runs on. */
  g_assert_cmpint (g_array_index (d.numbers, int, 0), ==, 0);
  for (guint k = 0; k < 25; k++)
    g_assert_cmpint (g_array_index (d.numbers, int, item_a + k), ==, 25 + (int) k);
  for (guint k = 0; k < 10; k++)
    g_assert_cmpint (g_array_index (d.numbers, int, item_b + k), ==, 10 + (int) k);
  /* Half speed from 0.8 s: every frame twice, then real time again from 1.2 s. */
  for (guint k = 0; k < 20; k++)
    g_assert_cmpint (g_array_index (d.numbers, int, item_b + 10 + k), ==, 20 + (int) k / 2);
  for (guint k = 0; k < 10; k++)
    g_assert_cmpint (g_array_index (d.numbers, int, item_b + 30 + k), ==, 30 + (int) k);

  /* Sync: every click in the sound starts with the frame of a whole second (n % 25 == 0). */
  g_assert_cmpuint (d.audio->len, >, 0);
  for (guint i = 1; i < d.audio->len; i++)
    {
      gboolean onset = ABS (g_array_index (d.audio, gint16, i)) > 4000;
      GstClockTime at;
      gint64 best = G_MAXINT64;

      if (!onset)
        continue;
      /* Found a click: compare with the nearest whole-second frame, then skip the click. */
      at = d.audio_start + gst_util_uint64_scale (i, GST_SECOND, RATE);
      for (guint k = 0; k < d.numbers->len; k++)
        if (g_array_index (d.numbers, int, k) % 25 == 0 && g_array_index (d.numbers, int, k) > 0)
          best = MIN (best, llabs ((gint64) at - (gint64) g_array_index (d.pts, GstClockTime, k)));
      g_test_message ("click at %" GST_TIME_FORMAT ", %.1f ms from its frame",
                      GST_TIME_ARGS (at), best / 1e6);
      g_assert_cmpint (best, <=, 40 * MS);
      clicks++;
      i += RATE / 10;
    }
  /* Clip A (1-2 s) holds the click of second 1; clip B (0.4-1.6 s) too, but it falls in its
   * slow motion (0.8-1.2 s), which is silent. */
  g_assert_cmpuint (clicks, ==, 1);
  decoded_clear (&d);
}

/* Draws a red arrow across the panorama (image space) on the fixture's match, saved. */
static void
add_arrow (Fixture *fixture,
           gint64   start_ns,
           gint64   end_ns,
           gint64   freeze_ns)
{
  g_autoptr(GError) error = NULL;
  gint64 match_id = tl_match_get_id (fixture->match);
  g_autoptr(TlMatchAnnotations) drawings = tl_match_annotations_new (fixture->library, match_id,
                                                                     &error);
  g_autoptr(TlAnnotation) arrow = tl_annotation_new (TL_ANNOTATION_ARROW,
                                                     TL_ANNOTATION_SPACE_IMAGE);
  const TlAnnotationPoint points[] = { { 240, 120 }, { 400, 120 } };

  g_assert_no_error (error);
  tl_annotation_set_match_id (arrow, match_id);
  tl_annotation_set_points (arrow, points, G_N_ELEMENTS (points));
  tl_annotation_set_color (arrow, "#ff0000");
  tl_annotation_set_width (arrow, 10);
  tl_annotation_set_range (arrow, start_ns, end_ns);
  tl_annotation_set_freeze (arrow, freeze_ns);
  g_assert_true (tl_match_annotations_add (drawings, arrow, &error));
  g_assert_no_error (error);
}

/* A drawing that freezes the video for 0.4 s at 1.4 s: the export holds that frame as long,
 * then plays on; the file is 0.4 s longer and its sound as long as its picture. */
static void
test_export_freeze (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlReelExporter) exporter = tl_reel_exporter_new (fixture->library);
  g_autofree char *out = g_build_filename (fixture->dir, "freeze.mp4", NULL);
  gint64 ids[] = { fixture->events[0] };
  g_autoptr(GPtrArray) items = tl_reels_items_from_events (tl_library_get_store (fixture->library),
                                                           ids, 1, &error);
  TlReelExportOptions options = { .size = TL_REEL_SIZE_SOURCE, .output = out };
  Decoded d;

  g_assert_no_error (error);
  add_arrow (fixture, 35 * FRAME_NS, 45 * FRAME_NS, 10 * FRAME_NS);

  /* The length a reel of that clip shows before export counts the freeze. */
  {
    g_autoptr(TlReels) reels = tl_reels_new (fixture->library, &error);
    TlReel *reel;

    g_assert_no_error (error);
    reel = tl_reels_create (reels, "Freeze", ids, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (tl_reels_get_exported_duration (reels, reel), ==,
                     tl_reel_get_output_duration (reel) + 10 * FRAME_NS);
  }

  g_assert_true (tl_reel_exporter_export (exporter, NULL, items, &options, NULL, &error));
  g_assert_no_error (error);

  decode (out, TRUE, &d);
  /* Clip A is frames 25-49; frame 35 shows for its own time and the 10 frames of the freeze. */
  g_assert_cmpuint (d.numbers->len, ==, 35);
  for (guint k = 0; k < d.numbers->len; k++)
    g_assert_cmpint (g_array_index (d.numbers, int, k), ==,
                     k < 10 ? 25 + (int) k : k <= 20 ? 35 : 15 + (int) k);
  /* The sound lasts as long as the picture (silent during the freeze). */
  g_assert_cmpint (llabs ((gint64) gst_util_uint64_scale (d.audio->len, GST_SECOND, RATE)
                          - (gint64) d.duration), <=, FRAME_NS);
  decoded_clear (&d);
}

/* One file per event, named after them, each a whole reel of its own. */
static void
test_export_per_event (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlReelExporter) exporter = tl_reel_exporter_new (fixture->library);
  g_autofree char *out_dir = g_build_filename (fixture->dir, "clips", NULL);
  gint64 ids[] = { fixture->events[2], fixture->events[1] };
  g_autoptr(GPtrArray) items = tl_reels_items_from_events (tl_library_get_store (fixture->library),
                                                           ids, 2, &error);
  TlReelExportOptions options = { .size = TL_REEL_SIZE_720P, .override_camera = TRUE,
                                  .camera = TL_REEL_CAMERA_FULL, .per_event = TRUE,
                                  .output = out_dir };
  const char * const *outputs;

  g_assert_no_error (error);
  g_assert_true (tl_reel_exporter_export (exporter, "ignored", items, &options, NULL, &error));
  g_assert_no_error (error);
  outputs = tl_reel_exporter_get_outputs (exporter);
  g_assert_cmpuint (g_strv_length ((GStrv) outputs), ==, 2);
  g_test_message ("%s, %s", outputs[0], outputs[1]);
  g_assert_true (g_str_has_suffix (outputs[0], "/01 Goal 00m02s.mp4"));
  g_assert_true (g_str_has_suffix (outputs[1], "/02 Shot 00m00s.mp4"));
  for (guint i = 0; i < 2; i++)
    {
      Decoded d;

      decode (outputs[i], FALSE, &d);
      g_assert_cmpint (d.width, ==, 1280);
      g_assert_cmpint (d.height, ==, 720);
      g_assert_cmpuint (d.numbers->len, ==, i == 0 ? 25 : 30);
      decoded_clear (&d);
    }
}

/* A fixed view is the viewer's maths: the exported frame equals tl_virtual_camera_render_i420
 * of the source frame, within the codec's error. */
static void
test_export_fixed_view (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlReelExporter) exporter = tl_reel_exporter_new (fixture->library);
  g_autofree char *png = g_build_filename (fixture->dir, "still.png", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (tl_reel_exporter_export_still (exporter, fixture->match, 1000 * MS,
                                                TL_REEL_CAMERA_FIXED, 30, 5, 50, 320, 180, png,
                                                NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 24);
  g_assert_cmpmem (contents + 1, 3, "PNG", 3);
  /* IHDR: width and height, big-endian. */
  g_assert_cmpint (GUINT32_FROM_BE (*(guint32 *) (contents + 16)), ==, 320);
  g_assert_cmpint (GUINT32_FROM_BE (*(guint32 *) (contents + 20)), ==, 180);
}

/* The follow path of the numbered match: a pan from -20° to +20° yaw over its 4 s. */
static double
path_yaw (int frame)
{
  return -20.0 + 40.0 * frame / N_FRAMES;
}

static gboolean
store_follow_path (TlStore  *store,
                   gpointer  user_data,
                   GError  **error)
{
  gint64 match_id = *(gint64 *) user_data;
  g_autoptr(GByteArray) blob = g_byte_array_new ();
  sqlite3_stmt *stmt;

  for (int i = 0; i < N_FRAMES; i++)
    {
      float view[3] = { (float) path_yaw (i), 0.0f, 60.0f };

      for (int k = 0; k < 3; k++)
        {
          guint32 bits;

          memcpy (&bits, &view[k], 4);
          bits = GUINT32_TO_LE (bits);
          g_byte_array_append (blob, (const guint8 *) &bits, 4);
        }
    }
  stmt = tl_store_prepare (store, "INSERT INTO camera_paths (match_id, fps, samples)"
                                  " VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, match_id);
  sqlite3_bind_double (stmt, 2, FPS);
  sqlite3_bind_blob (stmt, 3, blob->data, (int) blob->len, SQLITE_TRANSIENT);

  return tl_store_exec_stmt (store, stmt, error);
}

/* Follow cam with a red arrow drawn on the panorama: in every frame the arrow is where the
 * view of that moment puts it, and not above it. */
static void
test_export_follow_arrow (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlReelExporter) exporter = tl_reel_exporter_new (fixture->library);
  g_autoptr(TlAnnotationRenderer) renderer = NULL;
  g_autofree char *out = g_build_filename (fixture->dir, "follow.mp4", NULL);
  g_autofree char *uri = g_filename_to_uri (out, NULL, NULL);
  g_autofree char *desc = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  gint64 match_id = tl_match_get_id (fixture->match);
  gint64 ids[] = { fixture->events[0] };
  g_autoptr(GPtrArray) items = tl_reels_items_from_events (tl_library_get_store (fixture->library),
                                                           ids, 1, &error);
  TlReelExportOptions options = { .size = TL_REEL_SIZE_720P, .output = out };
  TlCameraParams source = { 0 };
  GstSample *sample;
  guint n = 0, red = 0;

  g_assert_true (tl_store_write (tl_library_get_store (fixture->library), store_follow_path,
                                 &match_id, &error));
  g_assert_no_error (error);
  add_arrow (fixture, 0, 4 * GST_SECOND, 0);

  g_assert_cmpint (((TlReelItemInfo *) g_ptr_array_index (items, 0))->camera, ==,
                   TL_REEL_CAMERA_FOLLOW);
  g_assert_true (tl_reel_exporter_export (exporter, NULL, items, &options, NULL, &error));
  g_assert_no_error (error);

  renderer = tl_annotation_renderer_new (fixture->library, match_id, &error);
  g_assert_no_error (error);
  source.projection = TL_CAMERA_CYLINDRICAL;
  source.width = WIDTH;
  source.height = HEIGHT;
  source.hfov = G_PI;
  desc = g_strdup_printf ("uridecodebin uri=%s ! videoconvert ! video/x-raw,format=I420 ! "
                          "appsink name=s sync=false", uri);
  pipeline = gst_parse_launch (desc, NULL);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "s");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 30 * GST_SECOND)))
    {
      GstVideoInfo info;
      GstVideoFrame frame;
      TlVirtualCamera view;
      /* Clip of the event at 1-2 s: output frame n shows source frame 25 + n. */
      int source_frame = 25 + (int) n;
      double x, y;
      const guint8 *v;
      int sv;

      gst_video_info_from_caps (&info, gst_sample_get_caps (sample));
      gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ);
      g_assert_cmpint (tl_virtual_camera_init (&view, 1280, 720, path_yaw (source_frame) * G_PI
                                               / 180, 0, 60 * G_PI / 180), ==, TL_CAMERA_OK);
      g_assert_false (tl_virtual_camera_clamp (&view, &source));
      /* The middle of the arrow's shaft, and a point well above it. */
      g_assert_true (tl_annotation_renderer_to_output (renderer, TL_ANNOTATION_SPACE_IMAGE, 300,
                                                       120, &view, 1280, 720, &x, &y));
      v = GST_VIDEO_FRAME_PLANE_DATA (&frame, 2);
      sv = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 2);
      if (v[(int) (y / 2) * sv + (int) (x / 2)] > 190)
        red++;
      g_assert_cmpint (v[(int) ((y - 60) / 2) * sv + (int) (x / 2)], <, 150);
      gst_video_frame_unmap (&frame);
      gst_sample_unref (sample);
      n++;
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_cmpuint (n, ==, 25);
  /* Every frame, give or take the codec's smearing of a thin red line. */
  g_assert_cmpuint (red, >=, n - 1);
}

static void
on_progress_cancel (TlReelExporter *exporter,
                    double          fraction,
                    gint64          left_ns,
                    double          speed,
                    GCancellable   *cancellable)
{
  if (fraction > 0.2)
    g_cancellable_cancel (cancellable);
}

/* Cancel midway: an error, and nothing under the final name, no temporary left either. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlReelExporter) exporter = tl_reel_exporter_new (fixture->library);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *out_dir = g_build_filename (fixture->dir, "out", NULL);
  g_autofree char *out = g_build_filename (out_dir, "reel.mp4", NULL);
  g_autoptr(GPtrArray) items = tl_reels_items_from_events (tl_library_get_store (fixture->library),
                                                           fixture->events, 3, &error);
  TlReelExportOptions options = { .size = TL_REEL_SIZE_720P, .output = out };

  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  g_signal_connect (exporter, "progress", G_CALLBACK (on_progress_cancel), cancellable);
  g_assert_false (tl_reel_exporter_export (exporter, NULL, items, &options, cancellable,
                                           &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_true (dir_is_empty_but (out_dir, NULL));
}

/* --- ownership: the library owns its reels and exporter, they do not keep it alive ---------- */

static void
test_library_owns (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlReels) standalone = tl_reels_new (fixture->library, &error);
  g_autoptr(TlReelExporter) standalone_exporter = tl_reel_exporter_new (fixture->library);
  g_autoptr(GPtrArray) items = NULL;
  gint64 ids[] = { fixture->events[0] };
  TlReelExportOptions options = { .size = TL_REEL_SIZE_720P, .output = "/nonexistent.mp4" };
  gpointer library = fixture->library, store = tl_library_get_store (fixture->library);
  gpointer reels, exporter;

  g_assert_no_error (error);
  reels = tl_library_get_reels (fixture->library, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reels);
  g_assert_true (tl_library_get_reels (fixture->library, NULL) == reels);
  g_assert_true (tl_reels_get_library (reels) == fixture->library);
  exporter = tl_library_get_reel_exporter (fixture->library);
  g_assert_nonnull (exporter);
  g_assert_true (tl_library_get_reel_exporter (fixture->library) == exporter);
  items = tl_reels_items_from_events (store, ids, 1, &error);
  g_assert_no_error (error);

  g_object_add_weak_pointer (G_OBJECT (library), &library);
  g_object_add_weak_pointer (G_OBJECT (store), &store);
  g_object_add_weak_pointer (G_OBJECT (reels), &reels);
  g_object_add_weak_pointer (G_OBJECT (exporter), &exporter);

  /* The last outside reference goes: everything is finalized, the database closed. */
  g_clear_object (&fixture->library);
  g_assert_null (library);
  g_assert_null (reels);
  g_assert_null (exporter);

  /* Standalone ones (CLI, tests) outlive the library without keeping it: the reels still
   * write through the store they hold, the exporter refuses clearly. */
  g_assert_nonnull (store);
  g_assert_null (tl_reels_get_library (standalone));
  g_assert_nonnull (tl_reels_create (standalone, "After", ids, 1, &error));
  g_assert_no_error (error);
  g_assert_false (tl_reel_exporter_export (standalone_exporter, NULL, items, &options, NULL,
                                           &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_object (&standalone);
  g_assert_null (store);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Outcome;

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = tl_reel_exporter_export_finish (TL_REEL_EXPORTER (source), result,
                                                &outcome->error);
  outcome->done = TRUE;
}

/* The app closes mid-export: the running export keeps the library (and its store) alive, ends
 * normally, and only then is everything finalized. */
static void
test_export_outlives_library (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (fixture->dir, "reel.mp4", NULL);
  gint64 ids[] = { fixture->events[0], fixture->events[2] };
  TlReelExportOptions options = { .size = TL_REEL_SIZE_720P, .output = out };
  gpointer library = fixture->library, exporter;
  Outcome outcome = { FALSE, FALSE, NULL };
  gint64 deadline = g_get_monotonic_time () + 120 * G_TIME_SPAN_SECOND;
  TlReels *reels;
  TlReel *reel;

  reels = tl_library_get_reels (fixture->library, &error);
  g_assert_no_error (error);
  reel = tl_reels_create (reels, "Goals", ids, G_N_ELEMENTS (ids), &error);
  g_assert_no_error (error);
  exporter = tl_library_get_reel_exporter (fixture->library);
  g_object_add_weak_pointer (G_OBJECT (library), &library);
  g_object_add_weak_pointer (G_OBJECT (exporter), &exporter);

  tl_reel_exporter_export_async (exporter, reel, &options, NULL, on_export_done, &outcome);
  g_assert_true (tl_reel_exporter_get_busy (exporter));
  g_clear_object (&fixture->library);
  g_assert_nonnull (library);

  while (!outcome.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (outcome.done);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_true (g_file_test (out, G_FILE_TEST_EXISTS));

  /* The worker's task may end a moment later in its own thread. */
  while ((library != NULL || exporter != NULL) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (library);
  g_assert_null (exporter);
}

typedef struct
{
  const char *filler;
  gboolean    filled;
} Filler;

/* Fills the disk as soon as the export is under way. */
static void
on_progress_fill (TlReelExporter *exporter,
                  double          fraction,
                  gint64          left_ns,
                  double          speed,
                  Filler         *filler)
{
  g_autofree char *zeros = NULL;
  FILE *file;

  if (filler->filled || fraction <= 0)
    return;
  filler->filled = TRUE;
  zeros = g_malloc0 (1 << 16);
  file = fopen (filler->filler, "wb");
  g_assert_nonnull (file);
  while (fwrite (zeros, 1, 1 << 16, file) == 1 << 16)
    ;
  fclose (file);
}

/* A disk too small is refused up front; a disk that fills up midway fails the export. Both
 * leave nothing under the final name. Needs root for a small tmpfs of its own. */
static void
test_full_disk (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlReelExporter) exporter = tl_reel_exporter_new (fixture->library);
  g_autofree char *mnt = g_build_filename (fixture->dir, "small", NULL);
  g_autofree char *out = g_build_filename (mnt, "reel.mp4", NULL);
  g_autofree char *filler_path = g_build_filename (mnt, "filler", NULL);
  g_autoptr(GPtrArray) items = tl_reels_items_from_events (tl_library_get_store (fixture->library),
                                                           fixture->events, 3, &error);
  TlReelExportOptions options = { .size = TL_REEL_SIZE_720P, .output = out };
  Filler filler = { filler_path, FALSE };
  gulong handler;

  g_assert_cmpint (g_mkdir (mnt, 0755), ==, 0);
  if (geteuid () != 0 || mount ("tmpfs", mnt, "tmpfs", 0, "size=256k") != 0)
    {
      g_test_skip ("needs root to mount a small tmpfs");
      return;
    }
  g_assert_false (tl_reel_exporter_export (exporter, NULL, items, &options, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_true (dir_is_empty_but (mnt, NULL));
  umount (mnt);

  /* Room for the check, then the disk fills up during the export. */
  g_assert_cmpint (mount ("tmpfs", mnt, "tmpfs", 0, "size=32m"), ==, 0);
  handler = g_signal_connect (exporter, "progress", G_CALLBACK (on_progress_fill), &filler);
  g_assert_false (tl_reel_exporter_export (exporter, NULL, items, &options, NULL, &error));
  g_signal_handler_disconnect (exporter, handler);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, out));
  g_test_message ("%s", error->message);
  g_assert_true (filler.filled);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_true (dir_is_empty_but (mnt, "filler"));
  umount (mnt);
}

static int
run_cli (char       **out,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status = -1;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("TOUCHLINE_CLI"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* touchline-cli reel as scripts use it: exit statuses, messages, the files. */
static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *library_dir = g_build_filename (fixture->dir, "library", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "goals.mp4", NULL);
  g_autofree char *clips = g_build_filename (fixture->dir, "clips", NULL);
  g_autofree char *events = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                                             fixture->events[1], fixture->events[0]);
  g_autofree char *o = NULL;
  g_autofree char *e = NULL;

  if (g_getenv ("TOUCHLINE_CLI") == NULL)
    {
      g_test_skip ("TOUCHLINE_CLI is not set (run through meson test)");
      return;
    }
  /* The library is used by the CLI process: close ours first. */
  g_clear_object (&fixture->match);
  g_clear_object (&fixture->library);

  g_assert_cmpint (run_cli (&o, &e, "--library", library_dir, "reel", "--match", "1", "--code",
                            "GOAL", "-o", out, "--per-event", clips, NULL), ==, 0);
  g_assert_nonnull (strstr (o, "wrote "));
  g_assert_nonnull (strstr (o, "exported 2 clips, 1280x720"));
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (clips, G_FILE_TEST_IS_DIR));
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);

  g_assert_cmpint (run_cli (&o, &e, "--library", library_dir, "reel", "--match", "1",
                            "--events", events, "--size", "source", "--camera", "full", "-o",
                            out, NULL), ==, 0);
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);

  /* Usage errors: no output, both selections, a bad size or camera, a bad id list. */
  g_assert_cmpint (run_cli (&o, &e, "--library", library_dir, "reel", "--match", "1", "--code",
                            "Goal", NULL), ==, 2);
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (run_cli (&o, &e, "--library", library_dir, "reel", "--match", "1", "--code",
                            "Goal", "--events", "1", "-o", out, NULL), ==, 2);
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (run_cli (&o, &e, "--library", library_dir, "reel", "--match", "1", "--code",
                            "Goal", "--size", "4k", "-o", out, NULL), ==, 2);
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (run_cli (&o, &e, "--library", library_dir, "reel", "--match", "1",
                            "--events", "1,x", "-o", out, NULL), ==, 2);
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);

  /* User errors: an unknown code or event, an unknown match. */
  g_assert_cmpint (run_cli (&o, &e, "--library", library_dir, "reel", "--match", "1", "--code",
                            "Corner", "-o", out, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (e, "error: "));
  g_assert_nonnull (strstr (e, "Corner"));
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (run_cli (&o, &e, "--library", library_dir, "reel", "--match", "1",
                            "--events", "999", "-o", out, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (e, "error: "));
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (run_cli (&o, &e, "--library", library_dir, "reel", "--match", "7", "--code",
                            "Goal", "-o", out, NULL), ==, 1);
}

/* The elements on their own, as a GStreamer developer would use them. */
static void
test_elements (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  GstStructure *s;
  int width, height;

  tl_elements_register ();
  pipeline = gst_parse_launch ("videotestsrc num-buffers=2 ! "
                               "video/x-raw,format=I420,width=960,height=320 ! "
                               "tlvcam mode=fixed yaw=20 hfov=40 width=320 height=240 ! "
                               "tloverlay title=Hello card=true ! appsink name=s", &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "s");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 30 * GST_SECOND);
  g_assert_nonnull (sample);
  s = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
  g_assert_true (gst_structure_get_int (s, "width", &width));
  g_assert_true (gst_structure_get_int (s, "height", &height));
  g_assert_cmpint (width, ==, 320);
  g_assert_cmpint (height, ==, 240);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  media.dir = g_dir_make_tmp ("touchline-reel-media-XXXXXX", &error);
  g_assert_no_error (error);
  media.numbered = g_build_filename (media.dir, "numbered.mp4", NULL);
  make_numbered_video (media.numbered);

  g_test_add_func ("/reel/elements", test_elements);
  g_test_add ("/reel/model", Fixture, NULL, fixture_set_up, test_model, fixture_tear_down);
  g_test_add ("/reel/export/frames", Fixture, NULL, fixture_set_up, test_export_frames,
              fixture_tear_down);
  g_test_add ("/reel/export/freeze", Fixture, NULL, fixture_set_up, test_export_freeze,
              fixture_tear_down);
  g_test_add ("/reel/export/per-event", Fixture, NULL, fixture_set_up, test_export_per_event,
              fixture_tear_down);
  g_test_add ("/reel/export/follow-arrow", Fixture, NULL, fixture_set_up,
              test_export_follow_arrow, fixture_tear_down);
  g_test_add ("/reel/export/still", Fixture, NULL, fixture_set_up, test_export_fixed_view,
              fixture_tear_down);
  g_test_add ("/reel/export/cancel", Fixture, NULL, fixture_set_up, test_cancel,
              fixture_tear_down);
  g_test_add ("/reel/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  g_test_add ("/reel/library-owns", Fixture, NULL, fixture_set_up, test_library_owns,
              fixture_tear_down);
  g_test_add ("/reel/export/outlives-library", Fixture, NULL, fixture_set_up,
              test_export_outlives_library, fixture_tear_down);
  g_test_add ("/reel/export/full-disk", Fixture, NULL, fixture_set_up, test_full_disk,
              fixture_tear_down);
  status = g_test_run ();

  tl_test_remove_tree (media.dir);
  g_free (media.dir);
  g_free (media.numbered);

  return status;
}
