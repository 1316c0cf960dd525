/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-match-view.c: tracks over the video, the minimap, heatmaps and the calibration dialog.
 *
 * A real library in a temporary folder holds a generated 960x320 panorama imported with a demo
 * calibration sidecar, and tracks written as an analysis writes them (chunk blobs, tracks and
 * track_stats rows) for people whose pitch positions are known, their boxes placed through
 * the same camera. The widgets run under Xvfb in a real window. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sqlite3.h>

#include "tl-calibration-dialog.h"
#include "tl-demo-generator.h"
#include "tl-demo-ground-truth.h"
#include "tl-heatmap.h"
#include "tl-library.h"
#include "tl-match-page.h"
#include "tl-magnifier.h"
#include "tl-minimap.h"
#include "tl-player-figures.h"
#include "tl-player-list.h"
#include "tl-resources.h"
#include "tl-track-layer.h"
#include "tl-track-window.h"
#include "tl-viewer.h"
#include "tl-test-media.h"

#define SRC_W     960
#define SRC_H     320
#define FPS       25.0
#define N_FRAMES  500   /* 20 s: two chunks */
#define CHUNK     250
#define VIEW_W    800
#define VIEW_H    400

typedef struct
{
  char        *dir;
  TlLibrary   *library;
  TlMatch     *match;
  TlCamera     camera;
  GtkWindow   *window;
  TlViewer    *viewer;
  TlTrackLayer *layer;
  TlMinimap   *minimap;
} Fixture;

static Fixture fx;

/* --- the scene ------------------------------------------------------------------------------ */

/* Where each object stands at @frame, in metres; FALSE when it is coasting (not seen). Track 1
 * (home) stands still, 2 (away) runs along the near half, 3 (home) walks and is lost for a
 * while, 4 is the ball. */
static gboolean
position (guint32  track_no,
          gint64   frame,
          double  *x,
          double  *y)
{
  double t = frame / FPS;

  switch (track_no)
    {
    case 1:
      *x = -20.0;
      *y = 5.0;
      return TRUE;
    case 2:
      *x = -30.0 + 3.0 * t;
      *y = -10.0;
      return TRUE;
    case 3:
      *x = 10.0 + 0.5 * t;
      *y = 20.0;
      return frame < 300 || frame >= 400;
    default:
      *x = 5.0 * sin (t);
      *y = 2.0 * t;
      return TRUE;
    }
}

static void
make_sample (guint32        track_no,
             gint64         frame,
             TlTrackSample *s)
{
  double x, y, fu, fv, hu, hv, h;
  gboolean seen = position (track_no, frame, &x, &y);

  g_assert_true (tl_camera_project (&fx.camera, x, y, 0, &fu, &fv) == TL_CAMERA_VISIBLE);
  g_assert_true (tl_camera_project (&fx.camera, x, y, track_no == 4 ? 0.22 : 1.8, &hu, &hv)
                 >= 0);
  h = MAX (3.0, fv - hv);
  *s = (TlTrackSample) {
    .frame = frame, .track_no = track_no, .klass = track_no == 4 ? 2 : 1,
    .coasting = !seen, .team = track_no == 2 ? 1 : track_no == 4 ? -1 : 0,
    .x = (gint16) lround (fu - h * 0.2), .y = (gint16) lround (fv - h),
    .w = (gint16) lround (MAX (2.0, h * 0.4)), .h = (gint16) lround (h),
    .pitch_x_cm = (gint16) lround (x * 100), .pitch_y_cm = (gint16) lround (y * 100),
  };
}

static gboolean
write_tracks (TlStore   *store,
              gpointer   user_data,
              GError   **error)
{
  gint64 match_id = tl_match_get_id (fx.match);
  sqlite3_stmt *stmt;

  for (gint64 first = 0; first < N_FRAMES; first += CHUNK)
    {
      g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (TlTrackSample));
      g_autoptr(GBytes) blob = NULL;

      for (gint64 f = first; f < first + CHUNK; f++)
        for (guint32 id = 1; id <= 4; id++)
          {
            TlTrackSample s;

            make_sample (id, f, &s);
            g_array_append_val (samples, s);
          }
      blob = tl_track_chunk_encode (first, TRUE, (TlTrackSample *) samples->data, samples->len);
      if (!tl_track_chunks_put (store, match_id, first, first + CHUNK - 1, blob, error))
        return FALSE;
    }

  for (guint32 id = 1; id <= 4; id++)
    {
      stmt = tl_store_prepare (store, "INSERT INTO tracks (match_id, track_no, class, team_side,"
                                      " first_frame, last_frame) VALUES (?, ?, ?, ?, 0, ?)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, match_id);
      sqlite3_bind_int (stmt, 2, id);
      sqlite3_bind_int (stmt, 3, id == 4 ? 2 : 1);
      sqlite3_bind_int (stmt, 4, id == 2 ? 2 : id == 4 ? 0 : 1);
      sqlite3_bind_int (stmt, 5, N_FRAMES - 1);
      if (!tl_store_exec_stmt (store, stmt, error))
        return FALSE;
    }

  stmt = tl_store_prepare (store, "INSERT INTO track_stats (track_id, distance_m, top_speed_ms,"
                                  " sprints) SELECT id, 60.0, 3.0, 0 FROM tracks"
                                  " WHERE match_id = ? AND track_no = 2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, match_id);
  return tl_store_exec_stmt (store, stmt, error);
}

/* A grey frame of the match's size, for the viewers. */
static TlVideoFrame *
make_frame (void)
{
  GstVideoInfo info;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstBuffer) buffer = NULL;
  g_autoptr(GstSample) sample = NULL;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, SRC_W, SRC_H);
  info.fps_n = 25;
  info.fps_d = 1;
  caps = gst_video_info_to_caps (&info);
  buffer = gst_buffer_new_allocate (NULL, info.size, NULL);
  gst_buffer_memset (buffer, 0, 110, info.size);
  GST_BUFFER_PTS (buffer) = 0;
  sample = gst_sample_new (buffer, caps, NULL, NULL);
  return tl_video_frame_new (sample);
}

/* A frame whose luma is (x + y) mod 256 and chroma neutral, to see which pixel is where. */
static TlVideoFrame *
make_pattern_frame (void)
{
  GstVideoInfo info;
  GstVideoFrame frame;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstBuffer) buffer = NULL;
  g_autoptr(GstSample) sample = NULL;
  guint8 *luma;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, SRC_W, SRC_H);
  caps = gst_video_info_to_caps (&info);
  buffer = gst_buffer_new_allocate (NULL, info.size, NULL);
  gst_buffer_memset (buffer, 0, 128, info.size);
  g_assert_true (gst_video_frame_map (&frame, &info, buffer, GST_MAP_WRITE));
  luma = GST_VIDEO_FRAME_PLANE_DATA (&frame, 0);
  for (int y = 0; y < SRC_H; y++)
    for (int x = 0; x < SRC_W; x++)
      luma[y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0) + x] = (guint8) ((x + y) & 0xff);
  gst_video_frame_unmap (&frame);
  sample = gst_sample_new (buffer, caps, NULL, NULL);
  return tl_video_frame_new (sample);
}

/* The grey (R = G = B) of a magnifier pixel, -1 when it is not grey. */
static int
crop_grey (cairo_surface_t *crop,
           int              i,
           int              j)
{
  guint32 px = *(guint32 *) (gpointer) (cairo_image_surface_get_data (crop)
                                        + j * cairo_image_surface_get_stride (crop) + i * 4);
  int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;

  return r == g && g == b ? r : -1;
}

/* The magnifier's crop: the pixel under the point at the centre, neighbours around it, black
 * beyond the frame's edge; limited-range luma 30 shows as 16, 100 as 98. */
static void
test_magnifier (void)
{
  g_autoptr(TlVideoFrame) frame = make_pattern_frame ();
  cairo_surface_t *crop = tl_magnifier_crop (frame, 10.5, 20.2, 2);

  g_assert_nonnull (crop);
  g_assert_cmpint (cairo_image_surface_get_width (crop), ==, 5);
  g_assert_cmpint (crop_grey (crop, 2, 2), ==, 16);    /* (10, 20): luma 30 */
  g_assert_cmpint (crop_grey (crop, 0, 0), ==, 12);    /* (8, 18): luma 26 */
  g_assert_cmpint (crop_grey (crop, 4, 2), ==, 19);    /* (12, 20): luma 32 */
  cairo_surface_destroy (crop);
  crop = tl_magnifier_crop (frame, 0.5, 100.5, 2);
  g_assert_cmpint (crop_grey (crop, 2, 2), ==, 98);    /* (0, 100): luma 100 */
  g_assert_cmpint (crop_grey (crop, 0, 2), ==, 0);     /* beyond the left edge */
  cairo_surface_destroy (crop);
}

static TlTrackWindow *
new_window (void)
{
  g_autoptr(GError) error = NULL;
  TlTrackWindow *window = tl_track_window_new (tl_library_get_store (fx.library),
                                               tl_match_get_id (fx.match), FPS, &error);

  g_assert_no_error (error);
  return window;
}

static const TlTrackObject *
find_object (TlTrackWindow *window,
             guint32        track_no)
{
  GArray *objects = tl_track_window_get_objects (window);

  for (guint i = 0; i < objects->len; i++)
    if (g_array_index (objects, TlTrackObject, i).track_no == track_no)
      return &g_array_index (objects, TlTrackObject, i);
  return NULL;
}

/* --- core ----------------------------------------------------------------------------------- */

/* Playing reads the next window in a worker thread before the frame gets there, so the
 * frames that follow cost no query on the main thread; a jump elsewhere reads at once. */
static void
test_track_window_read_ahead (void)
{
  g_autoptr(TlTrackWindow) window = new_window ();
  const TlTrackObject *o;
  gint64 first, last;
  gboolean reading;
  double x, y;

  tl_track_window_set_frame (window, 0);
  tl_track_window_get_cached_frames (window, &first, &last, &reading);
  g_assert_cmpint (first, ==, 0);
  g_assert_cmpint (last, ==, 250);
  g_assert_false (reading);

  /* Frame by frame to 6 s: with less than 5 s left in memory, the next window is on its way. */
  for (gint64 frame = 1; frame <= 150; frame++)
    tl_track_window_set_frame (window, frame);
  tl_track_window_get_cached_frames (window, &first, &last, &reading);
  g_assert_true (reading);
  g_assert_cmpint (last, ==, 250);
  for (int i = 0; i < 500 && reading; i++)
    {
      tl_test_run_for_ms (10);
      tl_track_window_get_cached_frames (window, &first, &last, &reading);
    }
  g_assert_false (reading);
  /* Read from frame 126, the first with less than 125 frames left up to 250. */
  g_assert_cmpint (last, ==, 126 + 250);

  /* 12 s was not in the first window: it comes from the one read ahead, not from a new read
   * (which would reach 300 + 250). */
  tl_track_window_set_frame (window, 300);
  tl_track_window_get_cached_frames (window, &first, &last, &reading);
  g_assert_cmpint (last, ==, 376);
  o = find_object (window, 2);
  g_assert_nonnull (o);
  position (2, 300, &x, &y);
  g_assert_cmpfloat_with_epsilon (o->pitch_x, x, 0.01);

  /* A jump beyond it reads there and then: its boxes are shown without waiting. */
  tl_track_window_set_frame (window, 480);
  tl_track_window_get_cached_frames (window, &first, &last, &reading);
  g_assert_cmpint (last, ==, 480 + 250);
  g_assert_false (reading);
  g_assert_nonnull (find_object (window, 2));
}

static void
test_track_window (void)
{
  g_autoptr(TlTrackWindow) window = new_window ();
  g_autoptr(GPtrArray) trails = NULL;
  g_autoptr(GArray) tracks = NULL;
  g_autoptr(GError) error = NULL;
  const TlTrackObject *o;
  const TlTrackIdentity *identity;
  g_autofree char *name = NULL;
  double x, y;

  g_assert_cmpuint (tl_track_window_get_tracks (window)->len, ==, 4);
  g_assert_cmpint (tl_track_window_get_last_frame (window), ==, N_FRAMES - 1);

  /* Every object of the frame, with its box and ground point. */
  tl_track_window_set_frame (window, 260);
  g_assert_cmpuint (tl_track_window_get_objects (window)->len, ==, 4);
  o = find_object (window, 2);
  g_assert_nonnull (o);
  position (2, 260, &x, &y);
  g_assert_true (o->has_pitch);
  g_assert_cmpfloat_with_epsilon (o->pitch_x, x, 0.01);
  g_assert_cmpfloat_with_epsilon (o->pitch_y, y, 0.01);
  g_assert_cmpint (o->side, ==, TL_TEAM_SIDE_AWAY);
  g_assert_cmpint (find_object (window, 1)->side, ==, TL_TEAM_SIDE_HOME);
  g_assert_true (find_object (window, 3)->coasting == FALSE);
  tl_track_window_set_frame (window, 350);
  g_assert_true (find_object (window, 3)->coasting);
  tl_track_window_set_frame (window, N_FRAMES + 10);
  g_assert_cmpuint (tl_track_window_get_objects (window)->len, ==, 0);

  /* Trails: the last two seconds, oldest first, across the chunk boundary. */
  tl_track_window_set_trail_seconds (window, 2.0);
  tl_track_window_set_frame (window, 260);
  trails = tl_track_window_get_trails (window);
  g_assert_cmpuint (trails->len, ==, 4);
  for (guint i = 0; i < trails->len; i++)
    {
      TlTrackTrail *trail = g_ptr_array_index (trails, i);

      g_assert_cmpuint (trail->points->len, ==, 51);
      if (trail->track_no == 2)
        {
          position (2, 210, &x, &y);
          g_assert_cmpfloat_with_epsilon (g_array_index (trail->points, double, 0), x, 0.01);
          position (2, 260, &x, &y);
          g_assert_cmpfloat_with_epsilon (g_array_index (trail->points, double, 100), x, 0.01);
        }
    }

  /* Naming: the squad keeps the player, a second track of the same player links to it. */
  name = tl_track_window_dup_display_name (window, 1);
  g_assert_cmpstr (name, ==, "#1");
  g_assert_true (tl_track_window_set_identity (window, 1, "  Smith ", 10, TL_TEAM_SIDE_HOME,
                                               &error));
  g_assert_no_error (error);
  identity = tl_track_window_lookup (window, 1);
  g_assert_cmpstr (identity->name, ==, "Smith");
  g_assert_cmpint (identity->number, ==, 10);
  g_assert_cmpint (identity->player_id, >, 0);
  g_clear_pointer (&name, g_free);
  name = tl_track_window_dup_display_name (window, 1);
  g_assert_cmpstr (name, ==, "10 Smith");
  g_assert_true (tl_track_window_set_identity (window, 3, "smith", 10, TL_TEAM_SIDE_HOME,
                                               &error));
  g_assert_cmpint (tl_track_window_lookup (window, 3)->player_id, ==,
                   tl_track_window_lookup (window, 1)->player_id);
  tracks = tl_track_window_tracks_of_player (window, 3);
  g_assert_cmpuint (tracks->len, ==, 2);
  g_assert_cmpuint (g_array_index (tracks, guint32, 0), ==, 1);
  g_assert_cmpuint (g_array_index (tracks, guint32, 1), ==, 3);

  /* A team correction moves the track to the other side, on the video too. */
  g_assert_true (tl_track_window_set_identity (window, 2, NULL, 7, TL_TEAM_SIDE_REFEREE, &error));
  g_assert_cmpint (find_object (window, 2)->side, ==, TL_TEAM_SIDE_REFEREE);
  g_assert_true (tl_track_window_set_identity (window, 2, NULL, -1, TL_TEAM_SIDE_AWAY, &error));
  g_assert_cmpint (tl_track_window_lookup (window, 2)->player_id, ==, 0);

  /* Refusals. */
  g_assert_false (tl_track_window_set_identity (window, 1, "Smith", 1000, TL_TEAM_SIDE_HOME,
                                                &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tl_track_window_set_identity (window, 99, "Nobody", 1, TL_TEAM_SIDE_HOME,
                                                &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_assert_cmpstr (tl_track_window_lookup (window, 1)->name, ==, "Smith");
}

/* Names outlive the library being closed (run after test_track_window). */
static void
test_naming_persisted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTrackWindow) window = NULL;
  gint64 id = tl_match_get_id (fx.match);

  g_clear_object (&fx.match);
  g_clear_object (&fx.library);
  fx.library = tl_library_open (fx.dir, &error);
  g_assert_no_error (error);
  fx.match = g_object_ref (tl_library_lookup_match (fx.library, id));

  window = new_window ();
  g_assert_cmpstr (tl_track_window_lookup (window, 1)->name, ==, "Smith");
  g_assert_cmpint (tl_track_window_lookup (window, 3)->number, ==, 10);
  g_assert_cmpint (tl_track_window_lookup (window, 2)->side, ==, TL_TEAM_SIDE_AWAY);
  g_assert_true (tl_track_window_lookup (window, 2)->has_stats);
  g_assert_cmpfloat (tl_track_window_lookup (window, 2)->distance_m, ==, 60.0);
}

static void
on_heatmap (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static TlHeatmap *
compute_heatmap (const guint32  *tracks,
                 guint           n,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  TlPitch pitch;

  tl_pitch_init_default (&pitch);
  tl_heatmap_compute_async (tl_library_get_store (fx.library), tl_match_get_id (fx.match), FPS,
                            N_FRAMES - 1, &pitch, 42, 27, tracks, n, cancellable, on_heatmap,
                            &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return tl_heatmap_compute_finish (result, error);
}

static void
test_heatmap (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHeatmap) still = NULL;
  g_autoptr(TlHeatmap) team = NULL;
  g_autoptr(TlHeatmap) runner = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const guint32 one[] = { 1 }, home[] = { 3, 1 }, two[] = { 2 };
  double sum = 0;

  /* Track 1 stood on one spot for the whole 20 s. */
  still = compute_heatmap (one, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (still->total_s, N_FRAMES / FPS, 1e-9);
  g_assert_cmpfloat_with_epsilon (tl_heatmap_at (still, -20.0, 5.0), N_FRAMES / FPS, 1e-9);
  g_assert_cmpfloat_with_epsilon (still->max_s, N_FRAMES / FPS, 1e-9);
  g_assert_cmpfloat (tl_heatmap_at (still, 20.0, 5.0), ==, 0.0);

  /* A side: the unsorted list is fine, coasting samples (track 3, 4 s) do not count. */
  team = compute_heatmap (home, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (team->total_s, (2 * N_FRAMES - 100) / FPS, 1e-9);

  /* A runner: the cells sum to the time seen, spread along the path. */
  runner = compute_heatmap (two, 1, NULL, &error);
  g_assert_no_error (error);
  for (int i = 0; i < runner->cols * runner->rows; i++)
    sum += runner->seconds[i];
  g_assert_cmpfloat_with_epsilon (sum, N_FRAMES / FPS, 1e-9);
  g_assert_cmpfloat (runner->max_s, <, 2.0);
  g_assert_cmpfloat (tl_heatmap_at (runner, 0.0, -10.0), >, 0.0);
  g_assert_cmpfloat (tl_heatmap_at (runner, 0.0, 10.0), ==, 0.0);

  g_cancellable_cancel (cancellable);
  g_assert_null (compute_heatmap (one, 1, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* --- widgets -------------------------------------------------------------------------------- */

static void
show_frame (TlTrackWindow *window,
            gint64         frame)
{
  tl_track_window_set_frame (window, frame);
  tl_test_run_for_ms (50);
}

/* Widget point of an object's box centre. */
static void
box_centre (const TlTrackObject *o,
            double              *x,
            double              *y)
{
  g_assert_true (tl_viewer_source_to_widget (fx.viewer, o->x + o->w / 2.0, o->y + o->h / 2.0,
                                             x, y));
}

/* A label under @widget whose text contains @text, or NULL. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_overlay (void)
{
  g_autoptr(TlTrackWindow) window = new_window ();
  const TlTrackObject *o;
  GtkWidget *child;
  GtkEditable *entries[2] = { NULL, NULL };
  int n_entries = 0;
  double x, y, u, v;

  tl_viewer_set_mode (fx.viewer, TL_VIEWER_MODE_PANORAMA);
  tl_track_layer_set_window (fx.layer, window);
  show_frame (window, 100);

  /* Panorama: the box centre of each player picks that player; the ball is no target. */
  for (guint32 id = 1; id <= 3; id++)
    {
      o = find_object (window, id);
      box_centre (o, &x, &y);
      g_assert_cmpint (tl_track_layer_pick (fx.layer, x, y), ==, (int) id);
      g_assert_true (gtk_widget_contains (GTK_WIDGET (fx.layer), x, y));
    }
  o = find_object (window, 4);
  box_centre (o, &x, &y);
  g_assert_cmpint (tl_track_layer_pick (fx.layer, x, y), !=, 4);
  g_assert_cmpint (tl_track_layer_pick (fx.layer, 2, 2), ==, -1);
  g_assert_false (gtk_widget_contains (GTK_WIDGET (fx.layer), 2, 2));

  /* The mapping both ways agrees. */
  box_centre (find_object (window, 2), &x, &y);
  g_assert_true (tl_viewer_widget_to_source (fx.viewer, x, y, &u, &v));
  o = find_object (window, 2);
  g_assert_cmpfloat (fabs (u - (o->x + o->w / 2.0)), <, 1e-6);
  g_assert_cmpfloat (fabs (v - (o->y + o->h / 2.0)), <, 1e-6);

  /* A click selects the player and opens the popover; a click on nobody deselects. */
  tl_track_layer_click (fx.layer, x, y);
  g_assert_cmpint (tl_track_layer_get_selected_track (fx.layer), ==, 2);
  tl_test_run_for_ms (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (tl_track_layer_get_popover (fx.layer))));
  /* With the track's figures (track_stats: 60 m, 3 m/s). */
  g_assert_nonnull (find_label (GTK_WIDGET (tl_track_layer_get_popover (fx.layer)),
                                "0.06 km covered · top speed 10.8 km/h · 0 sprints"));
  gtk_popover_popdown (tl_track_layer_get_popover (fx.layer));
  tl_track_layer_click (fx.layer, 2, 2);
  g_assert_cmpint (tl_track_layer_get_selected_track (fx.layer), ==, -1);

  /* The virtual camera looking at track 1: its box moved on the widget and still picks. */
  o = find_object (window, 1);
  tl_viewer_set_view (fx.viewer, 0, 0, 30);
  tl_viewer_look_at (fx.viewer, o->x + o->w / 2.0, o->y + o->h / 2.0);
  tl_test_run_for_ms (50);
  g_assert_cmpint (tl_viewer_get_mode (fx.viewer), ==, TL_VIEWER_MODE_VIRTUAL);
  box_centre (o, &x, &y);
  g_assert_cmpfloat (fabs (x - VIEW_W / 2.0), <, 1.0);
  g_assert_cmpfloat (fabs (y - VIEW_H / 2.0), <, 1.0);
  g_assert_cmpint (tl_track_layer_pick (fx.layer, x, y), ==, 1);

  /* Naming through the popover. */
  tl_track_layer_click (fx.layer, x, y);
  g_assert_cmpint (tl_track_layer_get_selected_track (fx.layer), ==, 1);
  for (child = gtk_widget_get_first_child (GTK_WIDGET (tl_track_layer_get_popover (fx.layer)));
       child != NULL;)
    {
      GtkWidget *next;

      if (GTK_IS_ENTRY (child) && n_entries < 2)
        entries[n_entries++] = GTK_EDITABLE (child);
      /* Depth first through the popover's tree. */
      next = gtk_widget_get_first_child (child);
      while (next == NULL && child != NULL)
        {
          next = gtk_widget_get_next_sibling (child);
          child = gtk_widget_get_parent (child);
          if (child == GTK_WIDGET (tl_track_layer_get_popover (fx.layer)))
            child = NULL;
        }
      child = next;
    }
  g_assert_cmpint (n_entries, ==, 2);
  gtk_editable_set_text (entries[0], "Jones");
  gtk_editable_set_text (entries[1], "abc");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.layer), "layer.save-identity", NULL));
  /* A bad number is refused where it was typed. */
  g_assert_cmpstr (tl_track_window_lookup (window, 1)->name, !=, "Jones");
  gtk_editable_set_text (entries[1], "4");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.layer), "layer.save-identity", NULL));
  g_assert_cmpstr (tl_track_window_lookup (window, 1)->name, ==, "Jones");
  g_assert_cmpint (tl_track_window_lookup (window, 1)->number, ==, 4);

  tl_track_layer_set_window (fx.layer, NULL);
  tl_viewer_set_mode (fx.viewer, TL_VIEWER_MODE_PANORAMA);
}

static gboolean
polygon_contains (GArray *polygon,
                  double  px,
                  double  py)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = polygon->len - 1; i < polygon->len; j = i++)
    {
      const double *a = &g_array_index (polygon, double, 2 * i);
      const double *b = &g_array_index (polygon, double, 2 * j);

      if ((a[1] > py) != (b[1] > py) && px < (b[0] - a[0]) * (py - a[1]) / (b[1] - a[1]) + a[0])
        inside = !inside;
    }
  return inside;
}

static void
test_minimap (void)
{
  g_autoptr(TlTrackWindow) window = new_window ();
  g_autoptr(GArray) footprint = NULL;
  int w = gtk_widget_get_width (GTK_WIDGET (fx.minimap));
  int h = gtk_widget_get_height (GTK_WIDGET (fx.minimap));
  double x, y, px, py, u, v, cu, cv;

  g_assert_cmpint (w, >=, 300);
  g_assert_cmpint (h, >=, 200);
  tl_minimap_set_calibration (fx.minimap, NULL);
  g_assert_false (tl_minimap_get_calibrated (fx.minimap));
  g_assert_false (tl_minimap_point_camera (fx.minimap, w / 2.0, h / 2.0));
  tl_minimap_set_calibration (fx.minimap, tl_match_get_calibration (fx.match));
  g_assert_true (tl_minimap_get_calibrated (fx.minimap));
  tl_minimap_set_window (fx.minimap, window);

  /* Pixel <-> pitch: the centre spot in the middle, the far touchline above, round trips. */
  tl_minimap_pitch_to_widget (fx.minimap, 0, 0, &x, &y);
  g_assert_cmpfloat (fabs (x - w / 2.0), <, 1e-9);
  g_assert_cmpfloat (fabs (y - h / 2.0), <, 1e-9);
  tl_minimap_pitch_to_widget (fx.minimap, -52.5, 34, &x, &y);
  g_assert_cmpfloat (x, >, 0);
  g_assert_cmpfloat (x, <, w / 2.0);
  g_assert_cmpfloat (y, >, 0);
  g_assert_cmpfloat (y, <, h / 2.0);
  for (int i = 0; i < 100; i++)
    {
      double ax = g_test_rand_double_range (-60, 60), ay = g_test_rand_double_range (-40, 40);

      tl_minimap_pitch_to_widget (fx.minimap, ax, ay, &x, &y);
      tl_minimap_widget_to_pitch (fx.minimap, x, y, &px, &py);
      g_assert_cmpfloat (fabs (px - ax) + fabs (py - ay), <, 1e-9);
    }

  /* Clicking at a pitch point turns the virtual camera to look at it. */
  tl_viewer_set_view (fx.viewer, 0, 0, 40);
  tl_minimap_pitch_to_widget (fx.minimap, 12, 6, &x, &y);
  g_assert_true (tl_minimap_point_camera (fx.minimap, x, y));
  tl_test_run_for_ms (50);
  g_assert_cmpint (tl_viewer_get_mode (fx.viewer), ==, TL_VIEWER_MODE_VIRTUAL);
  g_assert_true (tl_viewer_widget_to_source (fx.viewer, VIEW_W / 2.0, VIEW_H / 2.0, &cu, &cv));
  g_assert_true (tl_camera_project (&fx.camera, 12, 6, 0, &u, &v) == TL_CAMERA_VISIBLE);
  g_assert_cmpfloat (hypot (cu - u, cv - v), <, 0.5);

  /* The view's footprint on the ground holds that point and not the far goal. */
  footprint = tl_minimap_get_footprint (fx.minimap);
  g_assert_cmpuint (footprint->len, >=, 3 * 24);
  g_assert_true (polygon_contains (footprint, 12, 6));
  g_assert_false (polygon_contains (footprint, -45, 0));
  g_clear_pointer (&footprint, g_array_unref);

  /* The whole panorama sees the whole pitch. */
  tl_viewer_set_mode (fx.viewer, TL_VIEWER_MODE_PANORAMA);
  footprint = tl_minimap_get_footprint (fx.minimap);
  g_assert_true (polygon_contains (footprint, -45, 0));
  g_assert_true (polygon_contains (footprint, 45, 30));

  /* Heatmaps follow the choice of player or side. */
  tl_minimap_set_selected_track (fx.minimap, 2);
  tl_minimap_set_heatmap_mode (fx.minimap, TL_MINIMAP_HEATMAP_PLAYER);
  for (int i = 0; i < 500 && tl_minimap_get_heatmap (fx.minimap) == NULL; i++)
    tl_test_run_for_ms (10);
  g_assert_nonnull (tl_minimap_get_heatmap (fx.minimap));
  g_assert_cmpfloat (tl_heatmap_at (tl_minimap_get_heatmap (fx.minimap), 0, -10), >, 0);
  tl_minimap_set_heatmap_mode (fx.minimap, TL_MINIMAP_HEATMAP_HOME);
  g_assert_null (tl_minimap_get_heatmap (fx.minimap));
  for (int i = 0; i < 500 && tl_minimap_get_heatmap (fx.minimap) == NULL; i++)
    tl_test_run_for_ms (10);
  g_assert_cmpfloat (tl_heatmap_at (tl_minimap_get_heatmap (fx.minimap), -20, 5), >, 19.9);
  g_assert_cmpfloat (tl_heatmap_at (tl_minimap_get_heatmap (fx.minimap), 0, -10), ==, 0);

  /* One half only: kick-offs at 0 s and 12 s; track 1 stands still for the whole 20 s. */
  {
    g_autoptr(GError) error = NULL;
    TlMatchSheet *sheet = tl_library_get_match_sheet (fx.library, tl_match_get_id (fx.match),
                                                      &error);
    const struct { int period; double seconds; } halves[] = { { 2, 8.0 }, { 1, 12.0 },
                                                             { 0, N_FRAMES / FPS } };

    g_assert_no_error (error);
    tl_minimap_set_periods (fx.minimap, tl_match_sheet_get_periods (sheet));
    g_assert_true (tl_match_sheet_set_period (sheet, 1, NULL, 0, -1, -1, &error));
    g_assert_true (tl_match_sheet_set_period (sheet, 2, NULL, 12000000000LL, -1,
                                              -1, &error));
    g_assert_no_error (error);
    for (guint k = 0; k < G_N_ELEMENTS (halves); k++)
      {
        g_object_set (fx.minimap, "heatmap-period", halves[k].period, NULL);
        for (int i = 0; i < 500 && tl_minimap_get_heatmap (fx.minimap) == NULL; i++)
          tl_test_run_for_ms (10);
        g_assert_nonnull (tl_minimap_get_heatmap (fx.minimap));
        g_assert_null (tl_minimap_get_heatmap_note (fx.minimap));
        g_assert_cmpfloat_with_epsilon (tl_heatmap_at (tl_minimap_get_heatmap (fx.minimap), -20, 5),
                                        halves[k].seconds, 1e-9);
      }
    /* Moving the second half's kick-off to 16 s in the match sheet recomputes its heatmap. */
    tl_minimap_set_heatmap_period (fx.minimap, 2);
    for (int i = 0; i < 500 && tl_minimap_get_heatmap (fx.minimap) == NULL; i++)
      tl_test_run_for_ms (10);
    g_assert_cmpfloat_with_epsilon (tl_heatmap_at (tl_minimap_get_heatmap (fx.minimap), -20, 5),
                                    8.0, 1e-9);
    g_assert_true (tl_match_sheet_set_period (sheet, 2, NULL, 16000000000LL, -1, -1, &error));
    g_assert_no_error (error);
    for (int i = 0; i < 500 && (tl_minimap_get_heatmap (fx.minimap) == NULL
                                || tl_heatmap_at (tl_minimap_get_heatmap (fx.minimap), -20, 5)
                                   > 4.5); i++)
      tl_test_run_for_ms (10);
    g_assert_cmpfloat_with_epsilon (tl_heatmap_at (tl_minimap_get_heatmap (fx.minimap), -20, 5),
                                    4.0, 1e-9);
    /* A half whose kick-off was never set: no heatmap, and the minimap says why. */
    tl_minimap_set_heatmap_period (fx.minimap, 3);
    tl_test_run_for_ms (50);
    g_assert_null (tl_minimap_get_heatmap (fx.minimap));
    g_assert_nonnull (tl_minimap_get_heatmap_note (fx.minimap));
    tl_minimap_set_heatmap_period (fx.minimap, 0);
    g_assert_true (tl_match_sheet_remove_period (sheet, 2, &error));
    g_assert_true (tl_match_sheet_remove_period (sheet, 1, &error));
    g_assert_no_error (error);
  }
  g_object_set (fx.minimap, "show-trails", TRUE, NULL);
  g_assert_cmpfloat (tl_track_window_get_trail_seconds (window), ==, 10.0);
  tl_test_run_for_ms (50);

  tl_minimap_set_heatmap_mode (fx.minimap, TL_MINIMAP_HEATMAP_NONE);
  tl_minimap_set_window (fx.minimap, NULL);
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

/* What @widget shows, rendered by its window's renderer; NULL when it draws nothing. */
static GdkTexture *
render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return NULL;
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                      node, &GRAPHENE_RECT_INIT (0, 0, w, h));
}

/* Writes what @widget shows into $TL_MATCH_VIEW_SCREENSHOTS/@name. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkTexture) texture = render_widget (widget);
  g_autofree char *path = g_build_filename (g_getenv ("TL_MATCH_VIEW_SCREENSHOTS"), name, NULL);

  g_assert_nonnull (texture);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* How many pixels @widget shows in (nearly) pure magenta, a colour nothing else on the match
 * page uses. */
static guint
count_magenta (GtkWidget *widget)
{
  g_autoptr(GdkTexture) texture = render_widget (widget);
  g_autofree guint8 *pixels = NULL;
  int w, h;
  guint n = 0;

  if (texture == NULL)
    return 0;
  w = gdk_texture_get_width (texture);
  h = gdk_texture_get_height (texture);
  pixels = g_malloc ((gsize) w * h * 4);

  /* Cairo's ARGB32: B, G, R, A bytes on little-endian machines, premultiplied. */
  gdk_texture_download (texture, pixels, (gsize) w * 4);
  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      guint32 px = ((guint32 *) pixels)[i];
      guint8 r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;

      if (r > 200 && b > 200 && g < 60)
        n++;
    }
  return n;
}

static void
count_notify (int *count)
{
  (*count)++;
}

/* The match page puts the layer and the minimap over its viewer and shares the selection. */
static void
test_page (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *page = g_object_new (TL_TYPE_MATCH_PAGE, "library", fx.library, "match", fx.match,
                                  NULL);
  TlTrackLayer *layer;
  TlMinimap *minimap;
  int notified = 0, selected = 0;

  gtk_window_set_default_size (window, 1200, 700);
  gtk_window_set_child (window, page);
  gtk_window_present (window);
  tl_test_run_for_ms (200);

  layer = TL_TRACK_LAYER (find_by_type (page, TL_TYPE_TRACK_LAYER));
  minimap = TL_MINIMAP (find_by_type (page, TL_TYPE_MINIMAP));
  g_assert_nonnull (layer);
  g_assert_nonnull (minimap);
  g_assert_nonnull (tl_track_layer_get_window (layer));
  g_assert_cmpuint (tl_track_window_get_tracks (tl_track_layer_get_window (layer))->len, ==, 4);
  g_assert_true (tl_minimap_get_calibrated (minimap));

  /* "selected-track" is the layer's selection, both ways, and the minimap's. */
  g_signal_connect_swapped (page, "notify::selected-track", G_CALLBACK (count_notify), &notified);
  tl_track_layer_set_selected_track (layer, 3);
  g_object_get (page, "selected-track", &selected, NULL);
  g_assert_cmpint (selected, ==, 3);
  g_assert_cmpint (notified, ==, 1);
  g_object_set (page, "selected-track", -1, NULL);
  g_assert_cmpint (tl_track_layer_get_selected_track (layer), ==, -1);
  g_assert_cmpint (tl_match_page_get_selected_track (TL_MATCH_PAGE (page)), ==, -1);
  g_assert_cmpint (notified, ==, 2);

  /* The Players page: tracks 1 and 3 named as one player, 2 as another. */
  {
    TlTrackWindow *tracks = tl_track_layer_get_window (layer);
    TlPlayerList *list = TL_PLAYER_LIST (find_by_type (page, TL_TYPE_PLAYER_LIST));
    g_autoptr(GError) error = NULL;
    g_autoptr(TlPlayerFigures) first = NULL;
    g_autoptr(TlPlayerFigures) second = NULL;
    GListModel *rows;

    g_assert_nonnull (list);
    rows = tl_player_list_get_model (list);
    g_assert_true (tl_track_window_set_identity (tracks, 1, "Keeper", 1, TL_TEAM_SIDE_HOME,
                                                 &error));
    g_assert_true (tl_track_window_set_identity (tracks, 3, "keeper", 1, TL_TEAM_SIDE_HOME,
                                                 &error));
    g_assert_true (tl_track_window_set_identity (tracks, 2, "Runner", 9, TL_TEAM_SIDE_AWAY,
                                                 &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);
    /* Most distance first: the runner's 60 m, then the keeper (no figures: 0). */
    first = g_list_model_get_item (rows, 0);
    second = g_list_model_get_item (rows, 1);
    g_assert_cmpstr (tl_player_figures_get_name (first), ==, "9 Runner");
    g_assert_true (tl_player_figures_get_has_figures (first));
    g_assert_cmpfloat (tl_player_figures_get_distance (first), ==, 60.0);
    g_assert_cmpfloat (tl_player_figures_get_top_speed (first), ==, 3.0);
    g_assert_cmpint (tl_player_figures_get_side (first), ==, TL_TEAM_SIDE_AWAY);
    g_assert_cmpstr (tl_player_figures_get_name (second), ==, "1 Keeper");
    g_assert_cmpuint (tl_player_figures_get_n_tracks (second), ==, 2);
    g_assert_cmpuint (tl_player_figures_get_track_no (second), ==, 1);
    g_assert_cmpfloat_with_epsilon (tl_player_figures_get_seconds (second), 2 * N_FRAMES / FPS,
                                    1e-9);
    g_assert_false (tl_player_figures_get_has_figures (second));

    /* Activating a row selects the player on the page; a player picked in the video (here
     * his second track) highlights his row. */
    tl_player_list_activate (list, 1);
    g_assert_cmpint (tl_match_page_get_selected_track (TL_MATCH_PAGE (page)), ==, 1);
    tl_match_page_set_selected_track (TL_MATCH_PAGE (page), 3);
    g_assert_cmpint (tl_player_list_get_selected_track (list), ==, 1);
    tl_match_page_set_selected_track (TL_MATCH_PAGE (page), -1);
    g_assert_cmpint (tl_player_list_get_selected_track (list), ==, -1);
    /* A click on a row (selecting it) picks that player too. */
    g_assert_true (gtk_selection_model_select_item (
      GTK_SELECTION_MODEL (gtk_column_view_get_model (
        GTK_COLUMN_VIEW (find_by_type (GTK_WIDGET (list), GTK_TYPE_COLUMN_VIEW)))), 0, TRUE));
    g_assert_cmpint (tl_match_page_get_selected_track (TL_MATCH_PAGE (page)), ==, 2);
    tl_player_list_activate (list, 0);
    g_assert_cmpint (tl_match_page_get_selected_track (TL_MATCH_PAGE (page)), ==, 2);

    /* Renamed apart, the keeper's tracks are two rows again (each lasts the whole 20 s). */
    g_assert_true (tl_track_window_set_identity (tracks, 3, "Sweeper", 5, TL_TEAM_SIDE_HOME,
                                                 &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
    g_object_set (page, "selected-track", -1, NULL);
  }

  /* The overlay actions. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (minimap)));
  g_assert_true (gtk_widget_activate_action (page, "overlay.minimap", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (minimap)));
  g_assert_true (gtk_widget_activate_action (page, "overlay.boxes", NULL));

  /* Players are drawn in their team's kit colour from the match sheet, as soon as it is
   * picked: home (tracks 1 and 3) in magenta on the video and on the minimap. On a loaded
   * machine the video may not show its first frame (and the tracks of that frame) yet. */
  for (int i = 0; i < 500 && tl_track_window_get_objects (tl_track_layer_get_window (layer))->len
                             < 4; i++)
    tl_test_run_for_ms (10);
  g_assert_cmpuint (tl_track_window_get_objects (tl_track_layer_get_window (layer))->len, ==, 4);
  g_assert_cmpuint (count_magenta (GTK_WIDGET (layer)), ==, 0);
  g_assert_cmpuint (count_magenta (GTK_WIDGET (minimap)), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    TlMatchSheet *sheet = tl_library_get_match_sheet (fx.library, tl_match_get_id (fx.match),
                                                      &error);

    g_assert_no_error (error);
    g_assert_nonnull (tl_match_sheet_set_team (sheet, TL_SIDE_HOME, "Magenta FC", "#ff00ff",
                                               NULL, &error));
    g_assert_no_error (error);
    tl_test_run_for_ms (100);
    g_test_message ("magenta pixels: %u on the video, %u on the minimap",
                    count_magenta (GTK_WIDGET (layer)), count_magenta (GTK_WIDGET (minimap)));
    g_assert_cmpuint (count_magenta (GTK_WIDGET (layer)), >, 20);
    g_assert_cmpuint (count_magenta (GTK_WIDGET (minimap)), >, 20);
    /* A new away team without a colour is drawn red, as before it had a name. */
    g_assert_nonnull (tl_match_sheet_set_team (sheet, TL_SIDE_AWAY, "Plain United", NULL, NULL,
                                               &error));
    g_assert_no_error (error);
    g_assert_cmpstr (tl_team_get_color (tl_match_sheet_get_team (sheet, TL_SIDE_AWAY)), ==,
                     "#e01b24");
    /* The same team in a new kit colour (the sheet editor's colour button). */
    g_assert_nonnull (tl_match_sheet_set_team (sheet, TL_SIDE_HOME, "Magenta FC", "#2ec27e",
                                               NULL, &error));
    g_assert_no_error (error);
    tl_test_run_for_ms (100);
    g_assert_cmpuint (count_magenta (GTK_WIDGET (layer)), ==, 0);
    g_assert_cmpuint (count_magenta (GTK_WIDGET (minimap)), ==, 0);

    /* The Players page names the teams: the runner (row 0, most distance) plays away. */
    {
      TlPlayerList *list = TL_PLAYER_LIST (find_by_type (page, TL_TYPE_PLAYER_LIST));
      g_autofree char *team = tl_player_list_dup_team_text (list, 0);

      g_assert_cmpstr (team, ==, "Plain United");
    }
  }
  g_assert_true (gtk_widget_activate_action (page, "overlay.heatmap", "s", "away"));
  g_object_get (minimap, "heatmap-mode", &selected, NULL);
  g_assert_cmpint (selected, ==, TL_MINIMAP_HEATMAP_AWAY);
  g_assert_true (gtk_widget_activate_action (page, "overlay.heatmap-period", "i", 2));
  g_object_get (minimap, "heatmap-period", &selected, NULL);
  g_assert_cmpint (selected, ==, 2);
  g_assert_true (gtk_widget_activate_action (page, "overlay.heatmap-period", "i", 0));
  tl_test_run_for_ms (200);

  /* For looking at it: TL_MATCH_VIEW_SCREENSHOTS=folder. */
  if (g_getenv ("TL_MATCH_VIEW_SCREENSHOTS") != NULL)
    {
      gtk_widget_activate_action (page, "overlay.names", NULL);
      gtk_widget_activate_action (page, "overlay.trails", NULL);
      tl_track_window_set_frame (tl_track_layer_get_window (layer), 260);
      tl_track_layer_set_selected_track (layer, 2);
      tl_test_run_for_ms (500);
      save_screenshot (page, "match-page.png");
      {
        GtkWidget *list = find_by_type (page, TL_TYPE_PLAYER_LIST);
        GtkWidget *stack = gtk_widget_get_ancestor (list, ADW_TYPE_VIEW_STACK);

        adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "players");
        tl_test_run_for_ms (300);
        save_screenshot (page, "match-page-players.png");
      }
    }

  /* Going away with a player selected. */
  tl_track_layer_set_selected_track (layer, 2);
  gtk_window_destroy (window);
  tl_test_run_for_ms (50);
}

/* Nearly white pixels of what @widget shows within 4 px of (@x, @y). */
static guint
count_white_near (GtkWidget *widget,
                  double     x,
                  double     y)
{
  g_autoptr(GdkTexture) texture = render_widget (widget);
  g_autofree guint32 *pixels = NULL;
  guint n = 0;
  int w, h;

  /* A window that has not drawn its first frame yet renders nothing: wait for it. */
  for (int i = 0; i < 300 && texture == NULL; i++)
    {
      tl_test_run_for_ms (10);
      texture = render_widget (widget);
    }
  g_assert_nonnull (texture);
  w = gdk_texture_get_width (texture);
  h = gdk_texture_get_height (texture);
  pixels = g_new (guint32, (gsize) w * h);
  gdk_texture_download (texture, (guint8 *) pixels, (gsize) w * 4);
  for (int j = MAX (0, (int) y - 4); j <= MIN (h - 1, (int) y + 4); j++)
    for (int i = MAX (0, (int) x - 4); i <= MIN (w - 1, (int) x + 4); i++)
      {
        guint32 px = pixels[j * w + i];

        if (((px >> 16) & 0xff) > 235 && ((px >> 8) & 0xff) > 235 && (px & 0xff) > 235)
          n++;
      }
  return n;
}

static void
test_calibration_dialog (void)
{
  g_autoptr(TlVideoFrame) frame = make_frame ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  TlCalibrationDialog *dialog;
  TlCalibrationReport report;
  TlCameraParams params;
  JsonArray *landmarks;
  TlViewer *viewer;
  guint n;
  gint64 id = tl_match_get_id (fx.match);

  /* The demo's calibration opens with its landmarks placed and fitting. */
  dialog = tl_calibration_dialog_new (fx.library, fx.match, frame);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 1000, 500);
  gtk_window_present (GTK_WINDOW (dialog));
  viewer = tl_calibration_dialog_get_viewer (dialog);
  for (int i = 0; i < 500 && gtk_widget_get_width (GTK_WIDGET (viewer)) < 100; i++)
    tl_test_run_for_ms (10);
  tl_test_run_for_ms (100);

  g_assert_true (json_parser_load_from_data (parser, tl_match_get_calibration (fx.match), -1,
                                             NULL));
  landmarks = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "correspondences");
  n = json_array_get_length (landmarks);
  g_test_message ("%u landmarks in the demo calibration", n);
  g_assert_cmpuint (n, >=, 8);
  g_assert_cmpuint (tl_calibration_dialog_get_n_placed (dialog), ==, n);
  g_assert_true (tl_calibration_dialog_get_fit (dialog, &report));

  /* The magnifier: the pointer over the middle of the picture brings a disc (white ring)
   * up and to the right of it; leaving the picture takes it away. */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (viewer));
    GtkEventController *motion = NULL;
    double px = gtk_widget_get_width (GTK_WIDGET (viewer)) / 2.0;
    double py = gtk_widget_get_height (GTK_WIDGET (viewer)) / 2.0;
    double rx, ry, ring = (2 * 12 + 1) * 5.0 / 2.0;
    guint before, during, after;

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && motion == NULL; i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
          motion = GTK_EVENT_CONTROLLER (controller);
      }
    g_assert_nonnull (motion);
    g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (viewer), GTK_WIDGET (dialog),
                                                     px + 90 + ring, py - 90, &rx, &ry));
    before = count_white_near (GTK_WIDGET (dialog), rx, ry);
    g_signal_emit_by_name (motion, "motion", px, py);
    tl_test_run_for_ms (50);
    during = count_white_near (GTK_WIDGET (dialog), rx, ry);
    if (g_getenv ("TL_MATCH_VIEW_SCREENSHOTS") != NULL)
      save_screenshot (GTK_WIDGET (dialog), "calibration-magnifier.png");
    g_signal_emit_by_name (motion, "leave");
    tl_test_run_for_ms (50);
    after = count_white_near (GTK_WIDGET (dialog), rx, ry);
    g_test_message ("white pixels at the magnifier's ring: %u, %u hovering, %u after", before,
                    during, after);
    g_assert_cmpuint (during, >, before);
    g_assert_cmpuint (after, ==, before);
  }
  g_assert_cmpfloat (report.rms_m, <, 0.05);
  if (g_getenv ("TL_MATCH_VIEW_SCREENSHOTS") != NULL)
    {
      tl_calibration_dialog_select_landmark (dialog, "centre spot");
      tl_test_run_for_ms (300);
      save_screenshot (GTK_WIDGET (dialog), "calibration-dialog.png");
    }

  /* Start over and click the landmarks where the sidecar says they are. */
  tl_calibration_dialog_reset (dialog);
  g_assert_cmpuint (tl_calibration_dialog_get_n_placed (dialog), ==, 0);
  g_assert_false (tl_calibration_dialog_get_fit (dialog, NULL));
  g_assert_false (tl_calibration_dialog_save (dialog, &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *l = json_array_get_object_element (landmarks, i);
      double x, y;

      g_assert_true (tl_calibration_dialog_select_landmark (dialog,
                       json_object_get_string_member (l, "name")));
      g_assert_true (tl_viewer_source_to_widget (viewer, json_object_get_double_member (l, "u"),
                                                 json_object_get_double_member (l, "v"), &x, &y));
      tl_calibration_dialog_click (dialog, x, y);
      g_assert_cmpuint (tl_calibration_dialog_get_n_placed (dialog), ==, i + 1);
      g_assert_true (tl_calibration_dialog_get_fit (dialog, NULL) == (i + 1 >= 4));
    }
  g_assert_true (tl_calibration_dialog_get_fit (dialog, &report));
  g_test_message ("fit from %u clicks: %.3f m rms, %.3f m max, %.2f px", n, report.rms_m,
                  report.max_m, report.rms_px);
  g_assert_cmpfloat (report.rms_m, <, 0.5);
  g_assert_cmpfloat (report.max_m, <, 0.5);

  g_assert_true (tl_calibration_dialog_save (dialog, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (tl_match_get_calibration (fx.match), "touchline-calibration-dialog"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  tl_test_run_for_ms (50);

  /* Stored: the reopened library has it, and it parses as a camera like the demo's. */
  g_clear_object (&fx.match);
  g_clear_object (&fx.library);
  fx.library = tl_library_open (fx.dir, &error);
  g_assert_no_error (error);
  fx.match = g_object_ref (tl_library_lookup_match (fx.library, id));
  g_assert_nonnull (strstr (tl_match_get_calibration (fx.match), "\"clicks\""));
  g_assert_true (tl_calibration_parse (tl_match_get_calibration (fx.match), &params, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (params.x - fx.camera.params.x), <, 2.0);
  g_assert_cmpfloat (fabs (params.z - fx.camera.params.z), <, 1.0);
  g_assert_cmpint (tl_match_get_projection (fx.match), ==, TL_PROJECTION_CYLINDRICAL);

  /* The calibration must fit the video. */
  g_assert_false (tl_library_set_calibration (fx.library, fx.match, "{\"projection\": 3}",
                                              &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (tl_library_set_calibration (fx.library, fx.match, NULL, &error));
  g_assert_false (tl_match_get_calibrated (fx.match));
}

/* --- setup ---------------------------------------------------------------------------------- */

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *video = NULL;
  g_autofree char *sidecar = NULL;
  g_autoptr(TlVideoFrame) frame = NULL;
  GtkWidget *overlay;
  TlCameraParams params;

  fx.dir = g_dir_make_tmp ("touchline-match-view-XXXXXX", &error);
  g_assert_no_error (error);
  video = g_build_filename (fx.dir, "panorama.mp4", NULL);
  g_assert_true (tl_test_media_make (video, TL_TEST_MEDIA_PANORAMA_MP4, 1.0, 3, &error));
  g_assert_no_error (error);

  /* The demo generator's camera for this size, written as its sidecar beside the video. */
  tl_camera_params_default (&params, TL_CAMERA_CYLINDRICAL, SRC_W, SRC_H, 8.0, 10.0);
  g_assert_cmpint (tl_camera_init (&fx.camera, &params), ==, TL_CAMERA_OK);
  sidecar = tl_demo_sidecar_path_for (video);
  g_assert_true (tl_demo_write_sidecar (&fx.camera, FPS, 25, NULL, sidecar, &error));
  g_assert_no_error (error);

  fx.library = tl_library_open (fx.dir, &error);
  g_assert_no_error (error);
  fx.match = tl_library_import_file (fx.library, video, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tl_match_get_calibrated (fx.match));
  g_assert_true (tl_store_write (tl_library_get_store (fx.library), write_tracks, NULL, &error));
  g_assert_no_error (error);

  /* The match page's arrangement: the viewer with the layer and the minimap over it. */
  fx.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx.window, VIEW_W, VIEW_H);
  gtk_window_set_decorated (fx.window, FALSE);
  overlay = gtk_overlay_new ();
  fx.viewer = TL_VIEWER (tl_viewer_new ());
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (fx.viewer));
  fx.layer = TL_TRACK_LAYER (tl_track_layer_new ());
  tl_track_layer_set_viewer (fx.layer, fx.viewer);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (fx.layer));
  fx.minimap = TL_MINIMAP (tl_minimap_new ());
  tl_minimap_set_viewer (fx.minimap, fx.viewer);
  gtk_widget_set_halign (GTK_WIDGET (fx.minimap), GTK_ALIGN_END);
  gtk_widget_set_valign (GTK_WIDGET (fx.minimap), GTK_ALIGN_END);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (fx.minimap));
  gtk_window_set_child (fx.window, overlay);
  gtk_window_present (fx.window);

  frame = make_frame ();
  tl_viewer_set_projection (fx.viewer, TL_CAMERA_CYLINDRICAL, tl_match_get_hfov (fx.match));
  tl_viewer_set_frame (fx.viewer, frame);
  for (int i = 0; i < 500 && gtk_widget_get_width (GTK_WIDGET (fx.viewer)) != VIEW_W; i++)
    tl_test_run_for_ms (10);
  tl_test_run_for_ms (100);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fx.viewer)), ==, VIEW_W);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 77;
    }
  adw_init ();
  tl_register_resource ();
  setup ();

  g_test_add_func ("/match-view/track-window", test_track_window);
  g_test_add_func ("/match-view/track-window-read-ahead", test_track_window_read_ahead);
  g_test_add_func ("/match-view/naming-persisted", test_naming_persisted);
  g_test_add_func ("/match-view/heatmap", test_heatmap);
  g_test_add_func ("/match-view/magnifier", test_magnifier);
  g_test_add_func ("/match-view/overlay", test_overlay);
  g_test_add_func ("/match-view/minimap", test_minimap);
  g_test_add_func ("/match-view/page", test_page);
  g_test_add_func ("/match-view/calibration-dialog", test_calibration_dialog);
  status = g_test_run ();

  gtk_window_destroy (fx.window);
  tl_test_run_for_ms (50);
  g_clear_object (&fx.match);
  g_clear_object (&fx.library);
  tl_test_remove_tree (fx.dir);
  g_free (fx.dir);
  return status;
}
