/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-timeline.c: TlTimeline hit testing and zoom, thumbnails, and the follow cam in the
 * viewer under Xvfb (the view follows the path while playing, steering lets go). */
#include "config.h"

#include <adwaita.h>
#include <gst/gst.h>
#include <gtk/gtk.h>
#include <math.h>

#include "tl-camera-path.h"
#include "tl-match-page.h"
#include "tl-thumbnailer.h"
#include "tl-timeline.h"
#include "tl-track-chunks.h"
#include "tl-viewer.h"
#include "tl-viewer-follow.h"
#include "tl-test-match.h"
#include "tl-test-media.h"

/* From the app's compiled resources (registered by hand: they live in a static library). */
void tl_register_resource (void);

#define WIDTH   1000
#define SECOND  ((gint64) GST_SECOND)

/* --- an event as the events helper will have one: only its properties matter ------------- */

#define TEST_TYPE_EVENT (test_event_get_type ())
G_DECLARE_FINAL_TYPE (TestEvent, test_event, TEST, EVENT, GObject)

struct _TestEvent
{
  GObject parent_instance;
  gint64  start_ns, end_ns;
  char   *code, *color;
};

G_DEFINE_FINAL_TYPE (TestEvent, test_event, G_TYPE_OBJECT)

enum { PROP_0, PROP_START, PROP_END, PROP_CODE, PROP_COLOR, N_PROPS };

static void
test_event_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TestEvent *self = TEST_EVENT (object);

  switch (prop_id)
    {
    case PROP_START: g_value_set_int64 (value, self->start_ns); break;
    case PROP_END: g_value_set_int64 (value, self->end_ns); break;
    case PROP_CODE: g_value_set_string (value, self->code); break;
    case PROP_COLOR: g_value_set_string (value, self->color); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_event_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TestEvent *self = TEST_EVENT (object);

  switch (prop_id)
    {
    case PROP_START: self->start_ns = g_value_get_int64 (value); break;
    case PROP_END: self->end_ns = g_value_get_int64 (value); break;
    case PROP_CODE: g_free (self->code); self->code = g_value_dup_string (value); break;
    case PROP_COLOR: g_free (self->color); self->color = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_event_finalize (GObject *object)
{
  TestEvent *self = TEST_EVENT (object);

  g_free (self->code);
  g_free (self->color);
  G_OBJECT_CLASS (test_event_parent_class)->finalize (object);
}

static void
test_event_class_init (TestEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = test_event_get_property;
  object_class->set_property = test_event_set_property;
  object_class->finalize = test_event_finalize;
  g_object_class_install_property (object_class, PROP_START,
    g_param_spec_int64 ("start-ns", NULL, NULL, 0, G_MAXINT64, 0, flags));
  g_object_class_install_property (object_class, PROP_END,
    g_param_spec_int64 ("end-ns", NULL, NULL, 0, G_MAXINT64, 0, flags));
  g_object_class_install_property (object_class, PROP_CODE,
    g_param_spec_string ("code", NULL, NULL, NULL, flags));
  g_object_class_install_property (object_class, PROP_COLOR,
    g_param_spec_string ("color", NULL, NULL, NULL, flags));
}

static void
test_event_init (TestEvent *self)
{
}

static GObject *
event_new (double      start_s,
           double      end_s,
           const char *code,
           const char *color)
{
  return g_object_new (TEST_TYPE_EVENT, "start-ns", (gint64) (start_s * SECOND),
                       "end-ns", (gint64) (end_s * SECOND), "code", code, "color", color, NULL);
}

/* --- fixture ------------------------------------------------------------------------------- */

typedef struct
{
  GtkWindow  *window;
  TlTimeline *timeline;
  TlViewer   *viewer;
  char       *dir;
} Fixture;

static Fixture fx;

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* --- the timeline -------------------------------------------------------------------------- */

static void
test_hit_testing (void)
{
  TlTimeline *t = fx.timeline;
  gint64 before;

  tl_timeline_set_duration (t, 100 * SECOND);
  tl_timeline_zoom_fit (t);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (t)), ==, WIDTH);
  g_assert_cmpint (tl_timeline_get_view_start (t), ==, 0);
  g_assert_cmpint (tl_timeline_get_view_span (t), ==, 100 * SECOND);
  /* 10 px per second over the whole match. */
  g_assert_cmpfloat_with_epsilon (tl_timeline_time_to_x (t, 25 * SECOND), 250, 1e-9);
  g_assert_cmpint (tl_timeline_x_to_time (t, 500), ==, 50 * SECOND);
  for (double x = 0; x <= WIDTH; x += 37.5)
    g_assert_cmpfloat_with_epsilon (tl_timeline_time_to_x (t, tl_timeline_x_to_time (t, x)), x,
                                    1e-6);

  /* Zooming keeps the time under the anchor where it is. */
  before = tl_timeline_x_to_time (t, 300);
  tl_timeline_zoom (t, 4, 300);
  g_assert_cmpint (tl_timeline_get_view_span (t), ==, 25 * SECOND);
  g_assert_cmpint (llabs (tl_timeline_x_to_time (t, 300) - before), <=, 1);
  /* Down to a few seconds, no further; the view stays inside the match. */
  tl_timeline_zoom (t, 1000, 300);
  g_assert_cmpint (tl_timeline_get_view_span (t), ==, TL_TIMELINE_MIN_SPAN);
  g_assert_cmpint (llabs (tl_timeline_x_to_time (t, 300) - before), <=, SECOND / 100);
  tl_timeline_set_view (t, 99 * SECOND, 10 * SECOND);
  g_assert_cmpint (tl_timeline_get_view_start (t), ==, 90 * SECOND);
  tl_timeline_set_view (t, -5 * SECOND, 10 * SECOND);
  g_assert_cmpint (tl_timeline_get_view_start (t), ==, 0);
  tl_timeline_zoom (t, 0.001, 0);
  g_assert_cmpint (tl_timeline_get_view_span (t), ==, 100 * SECOND);

  /* The playhead moving out of sight pages the view to it. */
  tl_timeline_set_view (t, 0, 10 * SECOND);
  tl_timeline_set_position (t, 42 * SECOND);
  g_assert_cmpint (tl_timeline_get_view_start (t), <=, 42 * SECOND);
  g_assert_cmpint (tl_timeline_get_view_start (t) + tl_timeline_get_view_span (t), >,
                   42 * SECOND);
  tl_timeline_zoom_fit (t);
}

static void
test_events (void)
{
  TlTimeline *t = fx.timeline;
  g_autoptr(GListStore) store = g_list_store_new (TEST_TYPE_EVENT);
  g_autoptr(GObject) shot = event_new (10, 14, "Shot", "#e01b24");
  g_autoptr(GObject) corner = event_new (30, 30, "Corner", "#33d17a");
  g_autoptr(GObject) shot2 = event_new (60, 65, "Shot", "#e01b24");
  g_autoptr(GObject) pass = event_new (12, 13, "Pass", "#3584e4");
  double y_shot, y_corner, y_pass;
  int height_before = gtk_widget_get_height (GTK_WIDGET (t));

  tl_timeline_set_duration (t, 100 * SECOND);
  tl_timeline_zoom_fit (t);
  tl_timeline_set_position (t, 0);
  g_list_store_append (store, shot);
  g_list_store_append (store, corner);
  g_list_store_append (store, shot2);
  g_list_store_append (store, pass);
  tl_timeline_set_events (t, G_LIST_MODEL (store));

  /* One row per code, in name order; the widget grows to show them. */
  y_corner = tl_timeline_row_y (t, "Corner");
  y_pass = tl_timeline_row_y (t, "Pass");
  y_shot = tl_timeline_row_y (t, "Shot");
  g_assert_cmpfloat (y_corner, >, 0);
  g_assert_cmpfloat (y_pass, >, y_corner);
  g_assert_cmpfloat (y_shot, >, y_pass);
  g_assert_cmpfloat (tl_timeline_row_y (t, "Foul"), ==, -1);
  run_for_ms (100);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (t)), >, height_before);

  /* Markers under the pointer: by row and by time; a moment is still a few pixels wide. */
  g_assert_true (tl_timeline_event_at (t, 120, y_shot) == shot);
  g_assert_true (tl_timeline_event_at (t, 620, y_shot) == shot2);
  g_assert_null (tl_timeline_event_at (t, 200, y_shot));
  g_assert_null (tl_timeline_event_at (t, 120, y_corner));
  g_assert_true (tl_timeline_event_at (t, 125, y_pass) == pass);
  g_assert_true (tl_timeline_event_at (t, 302, y_corner) == corner);
  g_assert_null (tl_timeline_event_at (t, 302, y_corner - 30));
  /* Zoomed in, the same time is somewhere else on screen. */
  tl_timeline_set_view (t, 25 * SECOND, 10 * SECOND);
  g_assert_true (tl_timeline_event_at (t, 500, y_corner) == corner);
  g_assert_null (tl_timeline_event_at (t, 302, y_corner));
  tl_timeline_zoom_fit (t);

  /* Next and previous event from the playhead, in time order whatever the row. */
  g_assert_true (tl_timeline_jump_event (t, 1));
  g_assert_true (tl_timeline_get_selected_event (t) == shot);
  g_assert_cmpint (tl_timeline_get_position (t), ==, 10 * SECOND);
  g_assert_true (tl_timeline_jump_event (t, 1));
  g_assert_true (tl_timeline_get_selected_event (t) == pass);
  g_assert_true (tl_timeline_jump_event (t, 1));
  g_assert_true (tl_timeline_jump_event (t, 1));
  g_assert_true (tl_timeline_get_selected_event (t) == shot2);
  g_assert_false (tl_timeline_jump_event (t, 1));
  g_assert_true (tl_timeline_jump_event (t, -1));
  g_assert_true (tl_timeline_get_selected_event (t) == corner);

  /* The model changes: markers follow (edits are batched to the next idle). */
  g_list_store_remove (store, 1);
  g_object_set (shot, "start-ns", 80 * SECOND, "end-ns", 81 * SECOND, NULL);
  for (int i = 0; i < 500 && tl_timeline_row_y (t, "Corner") >= 0; i++)
    run_for_ms (10);
  g_assert_cmpfloat (tl_timeline_row_y (t, "Corner"), ==, -1);
  g_assert_null (tl_timeline_event_at (t, 302, y_corner));
  g_assert_null (tl_timeline_get_selected_event (t));
  y_shot = tl_timeline_row_y (t, "Shot");
  g_assert_true (tl_timeline_event_at (t, 802, y_shot) == shot);
  g_assert_null (tl_timeline_event_at (t, 120, y_shot));

  tl_timeline_set_events (t, NULL);
  g_assert_cmpfloat (tl_timeline_row_y (t, "Shot"), ==, -1);
}

static gboolean
insert_match (TlStore   *store,
              gpointer   user_data,
              GError   **error)
{
  const char *path = ((const char **) user_data)[0];
  gint64 *id = ((gint64 **) user_data)[1];

  /* 4 s of 960x320 panorama (TL_TEST_MEDIA_PANORAMA_MP4), not calibrated. */
  *id = tl_test_insert_match (store, path, 4 * SECOND, 960, 320, 180, NULL, error);
  return *id != 0;
}

/* The ball runs from the left of the panorama to the right in 4 s, players around it. */
static gboolean
insert_tracks (TlStore   *store,
               gpointer   user_data,
               GError   **error)
{
  gint64 id = *(gint64 *) user_data;
  g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (TlTrackSample));
  g_autoptr(GBytes) blob = NULL;

  for (gint64 f = 0; f < 100; f++)
    {
      TlTrackSample ball = { .frame = f, .track_no = 1, .klass = 2, .w = 4, .h = 4 };

      ball.x = (gint16) (150 + f * 6.5);
      ball.y = 250;
      g_array_append_val (samples, ball);
      for (int i = 0; i < 6; i++)
        {
          TlTrackSample p = { .frame = f, .track_no = 2 + i, .klass = 1, .w = 10, .h = 24 };

          p.x = (gint16) (ball.x - 40 + i * 15);
          p.y = (gint16) (230 + (i % 2) * 20);
          g_array_append_val (samples, p);
        }
    }
  blob = tl_track_chunk_encode (0, FALSE, (TlTrackSample *) samples->data, samples->len);
  return tl_track_chunks_put (store, id, 0, 99, blob, error);
}

static TlLibrary *
library_with_match (const char *name,
                    const char *video,
                    gboolean    tracks,
                    gint64     *match_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (fx.dir, name, NULL);
  TlLibrary *library = tl_library_open (dir, &error);
  gconstpointer data[2] = { video, match_id };

  g_assert_no_error (error);
  g_assert_true (tl_store_write (tl_library_get_store (library), insert_match, data, &error));
  g_assert_no_error (error);
  if (tracks)
    g_assert_true (tl_store_write (tl_library_get_store (library), insert_tracks, match_id,
                                   &error));
  g_assert_no_error (error);
  return library;
}

static void
test_keyframes (void)
{
  TlTimeline *t = fx.timeline;
  gint64 match_id;
  g_autoptr(TlLibrary) library = library_with_match ("lib", "/nonexistent.mp4", FALSE, &match_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlCameraPath) path = tl_camera_path_load (library, match_id, NULL, &error);
  double y = tl_timeline_row_y (t, NULL);
  gint64 k1, k2;

  g_assert_no_error (error);
  tl_timeline_set_duration (t, 4 * SECOND);
  tl_timeline_zoom_fit (t);
  tl_timeline_set_camera_path (t, path);
  g_assert_cmpint (tl_timeline_keyframe_at (t, 250, y), ==, 0);

  /* Edits of the path show on the timeline at once. */
  k1 = tl_camera_path_add_keyframe (path, 1 * SECOND, 10, 0, 40, &error);
  k2 = tl_camera_path_add_keyframe (path, 3 * SECOND, -10, 0, 40, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl_timeline_keyframe_at (t, 250, y), ==, k1);
  g_assert_cmpint (tl_timeline_keyframe_at (t, 253, y), ==, k1);
  g_assert_cmpint (tl_timeline_keyframe_at (t, 750, y), ==, k2);
  g_assert_cmpint (tl_timeline_keyframe_at (t, 250, y + 40), ==, 0);
  g_assert_cmpint (tl_timeline_keyframe_at (t, 400, y), ==, 0);
  g_assert_true (tl_camera_path_move_keyframe (path, k1, 2 * SECOND, &error));
  g_assert_cmpint (tl_timeline_keyframe_at (t, 250, y), ==, 0);
  g_assert_cmpint (tl_timeline_keyframe_at (t, 500, y), ==, k1);
  g_assert_true (tl_camera_path_undo (path, &error));
  g_assert_cmpint (tl_timeline_keyframe_at (t, 250, y), ==, k1);
  tl_timeline_set_camera_path (t, NULL);
  g_assert_cmpint (tl_timeline_keyframe_at (t, 250, y), ==, 0);
}

typedef struct
{
  GArray  *times;
  GThread *thread;      /* where "ready" must come: the thread iterating the context */
  int      elsewhere;   /* emissions in any other thread */
} Readies;

static void
on_ready (TlThumbnailer *thumbnailer,
          gint64         time_ns,
          Readies       *readies)
{
  g_array_append_val (readies->times, time_ns);
  readies->elsewhere += g_thread_self () != readies->thread;
}

static void
test_thumbnails (void)
{
  g_autofree char *video = g_build_filename (fx.dir, "pano.mp4", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlThumbnailer) thumbnailer = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GBytes) pixels = NULL;
  gint64 want[3] = { 2 * SECOND, 0, 3 * SECOND };
  Readies readies = { times, g_thread_self (), 0 };
  int w = 0, h = 0, stride = 0;

  if (!g_file_test (video, G_FILE_TEST_EXISTS))
    g_assert_true (tl_test_media_make (video, TL_TEST_MEDIA_PANORAMA_MP4, 4, 1, &error));
  g_assert_no_error (error);
  thumbnailer = tl_thumbnailer_new (video, 40);
  g_signal_connect (thumbnailer, "ready", G_CALLBACK (on_ready), &readies);
  tl_thumbnailer_want (thumbnailer, want, 3, TRUE);
  for (int i = 0; i < 3000 && times->len < 3; i++)
    run_for_ms (10);
  g_assert_cmpuint (times->len, ==, 3);
  /* In the order asked. */
  g_assert_cmpint (g_array_index (times, gint64, 0), ==, 2 * SECOND);
  g_assert_cmpint (g_array_index (times, gint64, 2), ==, 3 * SECOND);

  /* Decoded while no thread iterates the context (the UI thread busy): "ready" waits for the
   * next iteration, in that thread, never in the worker. */
  {
    gint64 later = SECOND / 2;

    tl_thumbnailer_want (thumbnailer, &later, 1, TRUE);
    for (int i = 0; i < 500 && tl_thumbnailer_get_n_decoded (thumbnailer) < 4; i++)
      g_usleep (10000);
    g_assert_cmpuint (tl_thumbnailer_get_n_decoded (thumbnailer), ==, 4);
    g_usleep (200000);
    g_assert_cmpuint (times->len, ==, 3);
    run_for_ms (100);
    g_assert_cmpuint (times->len, ==, 4);
    g_assert_cmpint (readies.elsewhere, ==, 0);
  }
  pixels = tl_thumbnailer_lookup (thumbnailer, 0, &w, &h, &stride);
  g_assert_nonnull (pixels);
  g_assert_cmpint (h, ==, 40);
  g_assert_cmpint (w, ==, 120);    /* 3:1 */
  g_assert_cmpint (stride, >=, w * 4);
  g_assert_cmpuint (g_bytes_get_size (pixels), >=, (gsize) stride * (h - 1) + w * 4);
  g_assert_null (tl_thumbnailer_lookup (thumbnailer, SECOND, &w, &h, &stride));

  /* Cached: asking again decodes nothing. */
  tl_thumbnailer_want (thumbnailer, want, 3, TRUE);
  run_for_ms (300);
  g_assert_cmpuint (tl_thumbnailer_get_n_decoded (thumbnailer), ==, 4);

  /* The timeline asks for what it shows and draws it. */
  tl_timeline_set_duration (fx.timeline, 4 * SECOND);
  tl_timeline_zoom_fit (fx.timeline);
  tl_timeline_set_thumbnailer (fx.timeline, thumbnailer, 3.0);
  for (int i = 0; i < 3000 && tl_thumbnailer_get_n_decoded (thumbnailer) < 7; i++)
    run_for_ms (10);
  g_assert_cmpuint (tl_thumbnailer_get_n_decoded (thumbnailer), >=, 7);
  tl_timeline_set_thumbnailer (fx.timeline, NULL, 0);

  /* A file that is not a video: no pictures, no crash. */
  {
    g_autofree char *bogus = g_build_filename (fx.dir, "bogus.mp4", NULL);
    g_autoptr(TlThumbnailer) broken = NULL;

    g_assert_true (g_file_set_contents (bogus, "not a video", -1, NULL));
    broken = tl_thumbnailer_new (bogus, 40);
    tl_thumbnailer_want (broken, want, 3, FALSE);
    run_for_ms (500);
    g_assert_cmpuint (tl_thumbnailer_get_n_decoded (broken), ==, 0);
  }
}

static gint64
wait_position (TlPlayer *player,
               gint64    position)
{
  for (int i = 0; i < 500 && tl_player_get_position (player) != position; i++)
    run_for_ms (10);
  return tl_player_get_position (player);
}

static void
record_frame (TlPlayer     *player,
              TlVideoFrame *frame,
              GArray       *frames)
{
  gint64 number = tl_video_frame_get_number (frame);

  g_array_append_val (frames, number);
}

/* Scrubbing through the timeline: slow moves show the very frames, a jump a keyframe at once,
 * the release the exact frame; the playhead follows the pointer, not the player. */
static void
test_scrub (void)
{
  g_autofree char *video = g_build_filename (fx.dir, "pano.mp4", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlPlayer) player = tl_player_new ();
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  TlTimeline *t = fx.timeline;

  if (!g_file_test (video, G_FILE_TEST_EXISTS))
    g_assert_true (tl_test_media_make (video, TL_TEST_MEDIA_PANORAMA_MP4, 4, 1, &error));
  g_assert_no_error (error);
  tl_timeline_set_player (t, player);
  g_assert_true (tl_player_open (player, video, NULL));
  for (int i = 0; i < 500 && tl_player_get_duration (player) <= 0; i++)
    run_for_ms (10);
  tl_timeline_zoom_fit (t);

  /* Frame 25 (1 s), then 0.28 s further: frame 32 exactly, not a keyframe. */
  tl_timeline_scrub (t, SECOND);
  g_assert_cmpint (wait_position (player, SECOND), ==, SECOND);
  run_for_ms (300);   /* the settle seek of the first scrub is done */
  g_signal_connect (player, "frame", G_CALLBACK (record_frame), frames);
  tl_timeline_scrub (t, 1280 * GST_MSECOND);
  g_assert_cmpint (tl_timeline_get_position (t), ==, 1280 * GST_MSECOND);
  g_assert_cmpint (wait_position (player, 1280 * GST_MSECOND), ==, 1280 * GST_MSECOND);
  /* The first frame shown is that one: no keyframe on the way. */
  g_assert_cmpuint (frames->len, >=, 1);
  g_assert_cmpint (g_array_index (frames, gint64, 0), ==, 32);
  g_signal_handlers_disconnect_by_func (player, record_frame, frames);
  /* The playhead stays with the pointer while the player catches up. */
  tl_timeline_scrub (t, 3 * SECOND);
  g_assert_cmpint (tl_timeline_get_position (t), ==, 3 * SECOND);
  tl_timeline_scrub_end (t, 3120 * GST_MSECOND);
  g_assert_cmpint (wait_position (player, 3120 * GST_MSECOND), ==, 3120 * GST_MSECOND);
  g_assert_cmpint (tl_timeline_get_position (t), ==, 3120 * GST_MSECOND);
  /* Released: the playhead follows the player again. */
  tl_player_seek (player, 2 * SECOND, TRUE);
  g_assert_cmpint (wait_position (player, 2 * SECOND), ==, 2 * SECOND);
  g_assert_cmpint (tl_timeline_get_position (t), ==, 2 * SECOND);

  tl_timeline_set_player (t, NULL);
  tl_player_close (player);
}

/* --- the follow cam in the viewer ---------------------------------------------------------- */

static GtkGesture *
find_drag_gesture (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        return GTK_GESTURE (controller);
    }
  return NULL;
}

static void
test_follow (void)
{
  g_autofree char *video = g_build_filename (fx.dir, "pano.mp4", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlLibrary) library = NULL;
  g_autoptr(TlCameraPath) path = NULL;
  g_autoptr(TlPlayer) player = tl_player_new ();
  g_autoptr(TlViewerFollow) follow = NULL;
  gint64 match_id;
  double first_yaw, yaw, held, min_yaw = 1e9, max_yaw = -1e9;
  int checked = 0;

  if (!g_file_test (video, G_FILE_TEST_EXISTS))
    g_assert_true (tl_test_media_make (video, TL_TEST_MEDIA_PANORAMA_MP4, 4, 1, &error));
  g_assert_no_error (error);
  library = library_with_match ("lib-tracks", video, TRUE, &match_id);
  path = tl_camera_path_load (library, match_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tl_camera_path_has_follow (path));

  tl_viewer_set_projection (fx.viewer, TL_CAMERA_CYLINDRICAL, 180);
  tl_viewer_set_mode (fx.viewer, TL_VIEWER_MODE_PANORAMA);
  tl_viewer_set_player (fx.viewer, player);
  follow = tl_viewer_follow_new (fx.viewer);
  tl_viewer_follow_set_camera_path (follow, path);
  g_assert_true (tl_viewer_follow_get_available (follow));
  g_assert_true (tl_camera_path_sample (path, TL_CAMERA_PATH_EDITED, 0, &first_yaw, NULL,
                                        NULL));

  g_assert_true (tl_player_open (player, video, NULL));
  for (int i = 0; i < 500 && tl_viewer_get_frame (fx.viewer) == NULL; i++)
    run_for_ms (10);
  g_assert_nonnull (tl_viewer_get_frame (fx.viewer));
  tl_viewer_follow_set_following (follow, TRUE);
  g_assert_true (tl_viewer_follow_get_following (follow));
  g_assert_cmpint (tl_viewer_get_mode (fx.viewer), ==, TL_VIEWER_MODE_VIRTUAL);
  g_assert_cmpfloat_with_epsilon (tl_viewer_get_yaw (fx.viewer), first_yaw, 0.5);

  /* While playing, every frame's view is the path's at that frame. */
  tl_player_play (player);
  for (int i = 0; i < 600 && tl_player_get_position (player) < 3 * SECOND; i++)
    {
      TlVideoFrame *frame;
      double want;

      run_for_ms (10);
      frame = tl_viewer_get_frame (fx.viewer);
      if (frame == NULL || tl_video_frame_get_pts (frame) < SECOND / 2)
        continue;
      tl_camera_path_sample (path, TL_CAMERA_PATH_EDITED, tl_video_frame_get_pts (frame), &want,
                             NULL, NULL);
      yaw = tl_viewer_get_yaw (fx.viewer);
      g_assert_cmpfloat_with_epsilon (yaw, want, 0.5);
      min_yaw = MIN (min_yaw, yaw);
      max_yaw = MAX (max_yaw, yaw);
      checked++;
    }
  g_test_message ("%d frames checked, the view turned from %.1f° to %.1f°", checked, min_yaw,
                  max_yaw);
  g_assert_cmpint (checked, >, 5);
  g_assert_cmpfloat (max_yaw - min_yaw, >, 10);

  /* The coach drags the view (the viewer's own drag gesture, driven through its signals as
   * the pointer would): follow lets go, the view turns with the drag and stays there. */
  tl_player_pause (player);
  tl_player_seek (player, SECOND, TRUE);
  run_for_ms (300);
  {
    GtkGesture *drag = find_drag_gesture (GTK_WIDGET (fx.viewer));
    double before = tl_viewer_get_yaw (fx.viewer);

    g_assert_nonnull (drag);
    g_signal_emit_by_name (drag, "drag-begin", 300.0, 150.0);
    g_signal_emit_by_name (drag, "drag-update", -120.0, 0.0);
    g_signal_emit_by_name (drag, "drag-end", -120.0, 0.0);
    g_assert_false (tl_viewer_follow_get_following (follow));
    /* Dragged to the left: the view turned right. */
    g_assert_cmpfloat (tl_viewer_get_yaw (fx.viewer), >, before + 1);
  }
  held = tl_viewer_get_yaw (fx.viewer);
  tl_player_play (player);
  for (int i = 0; i < 1000 && tl_player_get_position (player) < SECOND + SECOND / 2; i++)
    run_for_ms (10);
  g_assert_cmpfloat (tl_player_get_position (player), >=, SECOND + SECOND / 2);
  g_assert_cmpfloat (tl_viewer_get_yaw (fx.viewer), ==, held);

  /* Resuming jumps back onto the path. */
  tl_player_pause (player);
  run_for_ms (100);
  tl_viewer_follow_set_following (follow, TRUE);
  {
    double want;

    tl_camera_path_sample (path, TL_CAMERA_PATH_EDITED,
                           tl_video_frame_get_pts (tl_viewer_get_frame (fx.viewer)), &want,
                           NULL, NULL);
    g_assert_cmpfloat_with_epsilon (tl_viewer_get_yaw (fx.viewer), want, 0.5);
  }

  /* A double-click's centring is steering too. */
  tl_viewer_centre_on (fx.viewer, 100, 100);
  g_assert_false (tl_viewer_follow_get_following (follow));
  tl_viewer_follow_set_following (follow, TRUE);

  /* The whole panorama has no camera to follow with. */
  g_assert_true (tl_viewer_follow_get_following (follow));
  tl_viewer_set_mode (fx.viewer, TL_VIEWER_MODE_PANORAMA);
  g_assert_false (tl_viewer_follow_get_following (follow));
  tl_viewer_follow_set_following (follow, TRUE);
  g_assert_cmpint (tl_viewer_get_mode (fx.viewer), ==, TL_VIEWER_MODE_VIRTUAL);

  /* Without a path there is nothing to follow. */
  tl_viewer_follow_set_camera_path (follow, NULL);
  g_assert_false (tl_viewer_follow_get_following (follow));
  tl_viewer_follow_set_following (follow, TRUE);
  g_assert_false (tl_viewer_follow_get_following (follow));

  tl_viewer_set_player (fx.viewer, NULL);
  tl_player_close (player);
}

static GtkWidget *
find_child (GtkWidget *root,
            GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_child (child, type)) != NULL)
        return found;
    }
  return NULL;
}

static double
path_yaw_now (TlCameraPath *path,
              TlViewer     *viewer)
{
  double yaw;

  g_assert_true (tl_camera_path_sample (path, TL_CAMERA_PATH_EDITED,
                                        tl_video_frame_get_pts (tl_viewer_get_frame (viewer)),
                                        &yaw, NULL, NULL));
  return yaw;
}

/* The match page wires it all: an analysed match opens following, F and Ctrl+K work, the
 * timeline shows the keyframe and jumps to events. */
static void
test_match_page (void)
{
  g_autofree char *video = g_build_filename (fx.dir, "pano.mp4", NULL);
  g_autofree char *dir = g_build_filename (fx.dir, "lib-page", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlLibrary) library = NULL;
  g_autoptr(TlCameraPath) path = NULL;
  g_autoptr(TlCameraPath) reloaded = NULL;
  g_autoptr(GListStore) events = g_list_store_new (TEST_TYPE_EVENT);
  g_autoptr(GObject) corner = event_new (2.5, 3, "Corner", "#33d17a");
  GtkWindow *window;
  TlMatchPage *page;
  TlViewer *viewer;
  TlTimeline *timeline;
  TlPlayer *player = NULL;
  gint64 match_id;
  double y;

  if (!g_file_test (video, G_FILE_TEST_EXISTS))
    g_assert_true (tl_test_media_make (video, TL_TEST_MEDIA_PANORAMA_MP4, 4, 1, &error));
  g_assert_no_error (error);
  /* Reopened, so that the library's model has the match. */
  g_clear_object (&library);
  library = library_with_match ("lib-page", video, TRUE, &match_id);
  g_clear_object (&library);
  library = tl_library_open (dir, &error);
  g_assert_no_error (error);
  path = tl_camera_path_load (library, match_id, NULL, &error);
  g_assert_no_error (error);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1000, 700);
  page = g_object_new (TL_TYPE_MATCH_PAGE, NULL);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  tl_match_page_set_library (page, library);
  tl_match_page_set_match (page, tl_library_lookup_match (library, match_id));
  viewer = TL_VIEWER (find_child (GTK_WIDGET (page), TL_TYPE_VIEWER));
  timeline = tl_match_page_get_timeline (page);
  g_assert_nonnull (viewer);
  g_assert_true (TL_IS_TIMELINE (timeline));

  /* Following from the start. */
  for (int i = 0; i < 1000 && (tl_viewer_get_frame (viewer) == NULL
                               || tl_viewer_get_mode (viewer) != TL_VIEWER_MODE_VIRTUAL); i++)
    run_for_ms (10);
  g_assert_cmpint (tl_viewer_get_mode (viewer), ==, TL_VIEWER_MODE_VIRTUAL);
  g_assert_cmpfloat_with_epsilon (tl_viewer_get_yaw (viewer), path_yaw_now (path, viewer), 0.5);
  for (int i = 0; i < 500 && tl_timeline_get_duration (timeline) == 0; i++)
    run_for_ms (10);
  g_assert_cmpint (llabs (tl_timeline_get_duration (timeline) - 4 * SECOND), <, SECOND / 10);

  /* F: the view is the coach's; a frame later it still is. */
  gtk_widget_activate_action (GTK_WIDGET (page), "camera.follow", NULL);
  tl_viewer_set_view (viewer, 30, 0, 40);
  player = tl_viewer_get_player (viewer);
  tl_player_seek (player, 2 * SECOND, TRUE);
  for (int i = 0; i < 500 && tl_player_get_position (player) != 2 * SECOND; i++)
    run_for_ms (10);
  g_assert_cmpint (tl_player_get_position (player), ==, 2 * SECOND);
  g_assert_cmpfloat_with_epsilon (tl_viewer_get_yaw (viewer), 30, 1e-6);

  /* Ctrl+K keeps that view as a keyframe, saved and on the timeline. */
  gtk_widget_activate_action (GTK_WIDGET (page), "camera.set-keyframe", NULL);
  reloaded = tl_camera_path_load (library, match_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tl_camera_path_get_n_keyframes (reloaded), ==, 1);
  y = tl_timeline_row_y (timeline, NULL);
  g_assert_cmpint (tl_timeline_keyframe_at (timeline,
                                            tl_timeline_time_to_x (timeline, 2 * SECOND), y),
                   !=, 0);

  /* F again: back on the (now edited) path, which passes through the keyframe. */
  gtk_widget_activate_action (GTK_WIDGET (page), "camera.follow", NULL);
  g_assert_cmpfloat_with_epsilon (tl_viewer_get_yaw (viewer), 30, 1e-3);
  tl_player_seek (player, 0, TRUE);
  for (int i = 0; i < 500 && tl_player_get_position (player) != 0; i++)
    run_for_ms (10);
  g_assert_cmpfloat_with_epsilon (tl_viewer_get_yaw (viewer), path_yaw_now (reloaded, viewer),
                                  0.5);

  /* Down: the next event, through the page's action. */
  g_list_store_append (events, corner);
  tl_timeline_set_events (timeline, G_LIST_MODEL (events));
  gtk_widget_activate_action (GTK_WIDGET (page), "match.event", "i", 1);
  /* The frame shown at 2.5 s is frame 62, from 2.48 s. */
  for (int i = 0; i < 500 && tl_player_get_position (player) != 2480 * GST_MSECOND; i++)
    run_for_ms (10);
  g_assert_cmpint (tl_player_get_position (player), ==, 2480 * GST_MSECOND);
  g_assert_true (tl_timeline_get_selected_event (timeline) == corner);

  tl_match_page_set_match (page, NULL);
  gtk_window_destroy (window);
  run_for_ms (50);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  GtkWidget *box;
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 77;
    }
  tl_register_resource ();
  adw_init ();

  fx.dir = g_dir_make_tmp ("touchline-timeline-XXXXXX", &error);
  g_assert_no_error (error);
  fx.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx.window, WIDTH, 500);
  gtk_window_set_decorated (fx.window, FALSE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  fx.viewer = TL_VIEWER (tl_viewer_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (fx.viewer), TRUE);
  fx.timeline = TL_TIMELINE (tl_timeline_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fx.viewer));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fx.timeline));
  gtk_window_set_child (fx.window, box);
  gtk_window_present (fx.window);
  for (int i = 0; i < 500 && gtk_widget_get_width (GTK_WIDGET (fx.timeline)) != WIDTH; i++)
    run_for_ms (10);
  run_for_ms (100);

  g_test_add_func ("/timeline/hit-testing", test_hit_testing);
  g_test_add_func ("/timeline/events", test_events);
  g_test_add_func ("/timeline/keyframes", test_keyframes);
  g_test_add_func ("/timeline/thumbnails", test_thumbnails);
  g_test_add_func ("/timeline/scrub", test_scrub);
  g_test_add_func ("/follow/viewer", test_follow);
  g_test_add_func ("/follow/match-page", test_match_page);
  status = g_test_run ();

  gtk_window_destroy (fx.window);
  run_for_ms (50);
  tl_test_remove_tree (fx.dir);
  g_free (fx.dir);
  return status;
}
