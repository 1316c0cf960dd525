/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-camera-path.c: the stored follow path: smoothness, stillness, keyframes, sampling. */
#include <glib/gstdio.h>
#include <math.h>

#include "tl-camera-path.h"
#include "tl-follow-cam.h"
#include "tl-track-chunks.h"
#include "tl-virtual-camera.h"

#define FPS 25.0
#define W 3840
#define H 1152
#define SECOND ((gint64) 1000000000)

typedef struct
{
  char           *dir;
  TlLibrary      *library;
  TlCameraParams  params;
  TlCamera        camera;
} Fixture;

/* The ball's pitch position and the 22 players' at frame f, in a scene the test chooses. */
typedef void (*SceneFunc) (gint64 frame, double *bx, double *by, gboolean *seen, float *players);

typedef struct
{
  gint64      match_id;
  gint64      n_frames;
  gboolean    calibrated;
  const char *calibration;
  Fixture    *fixture;
  SceneFunc   scene;
  gint64      first_tracked;   /* no tracks before this frame */
} MatchSpec;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("tl-camera-path-XXXXXX", &error);
  g_assert_no_error (error);
  f->library = tl_library_open (f->dir, &error);
  g_assert_no_error (error);
  tl_camera_params_default (&f->params, TL_CAMERA_CYLINDRICAL, W, H, 5, 6);
  g_assert_cmpint (tl_camera_init (&f->camera, &f->params), ==, TL_CAMERA_OK);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->library);
  remove_tree (f->dir);
  g_free (f->dir);
}

/* A calibration of the fixture's camera: four landmarks it reproduces exactly. */
static char *
calibration_json (Fixture *f)
{
  static const double points[4][2] = { { -52.5, 34 }, { 52.5, 34 }, { 0, 0 }, { 0, -34 } };
  GString *json = g_string_new (NULL);

  g_string_append_printf (json, "{\"projection\": \"cylindrical\", \"width\": %d, \"height\": %d,"
                          " \"hfov_deg\": %.17g, \"camera\": {\"x\": %.17g, \"y\": %.17g,"
                          " \"z\": %.17g, \"yaw_deg\": %.17g, \"tilt_deg\": %.17g,"
                          " \"roll_deg\": %.17g}, \"correspondences\": [",
                          W, H, f->params.hfov * 180 / G_PI, f->params.x, f->params.y,
                          f->params.z, f->params.yaw * 180 / G_PI, f->params.tilt * 180 / G_PI,
                          f->params.roll * 180 / G_PI);
  for (int i = 0; i < 4; i++)
    {
      double u, v;

      tl_camera_project (&f->camera, points[i][0], points[i][1], 0, &u, &v);
      g_string_append_printf (json, "%s{\"name\": \"p%d\", \"x\": %g, \"y\": %g, \"u\": %.17g,"
                              " \"v\": %.17g}", i ? ", " : "", i, points[i][0], points[i][1], u, v);
    }
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

/* A box whose foot point (bottom centre) is the pixel of pitch point (x, y). */
static void
box_at (Fixture       *f,
        double         x,
        double         y,
        int            size,
        TlTrackSample *s)
{
  double u, v;

  g_assert_cmpint (tl_camera_project (&f->camera, x, y, 0, &u, &v), !=, TL_CAMERA_BEHIND);
  s->w = (gint16) size;
  s->h = (gint16) size;
  s->x = (gint16) lround (u - size / 2.0);
  s->y = (gint16) lround (v - size);
  s->pitch_x_cm = (gint16) lround (x * 100);
  s->pitch_y_cm = (gint16) lround (y * 100);
}

static gboolean
insert_match (TlStore   *store,
              gpointer   user_data,
              GError   **error)
{
  MatchSpec *spec = user_data;
  sqlite3_stmt *stmt;

  stmt = tl_store_prepare (store,
                           "INSERT INTO matches (title, file_path, content_hash, file_size,"
                           " duration_ns, width, height, fps_num, fps_den, projection, hfov_deg,"
                           " calibration) VALUES ('Test', '/nonexistent.mp4', hex(randomblob(8)),"
                           " 1, ?, ?, ?, 25, 1, 'cylindrical', ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, spec->n_frames * SECOND / (gint64) FPS);
  sqlite3_bind_int (stmt, 2, W);
  sqlite3_bind_int (stmt, 3, H);
  sqlite3_bind_double (stmt, 4, spec->fixture->params.hfov * 180 / G_PI);
  if (spec->calibration != NULL)
    sqlite3_bind_text (stmt, 5, spec->calibration, -1, SQLITE_TRANSIENT);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  spec->match_id = tl_store_last_insert_rowid (store);
  if (spec->scene == NULL)
    return TRUE;

  /* Tracks in chunks of 100 frames, as the analyzer stores them. */
  for (gint64 first = 0; first < spec->n_frames; first += 100)
    {
      g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (TlTrackSample));
      g_autoptr(GBytes) blob = NULL;
      gint64 last = MIN (first + 100, spec->n_frames) - 1;

      for (gint64 frame = MAX (first, spec->first_tracked); frame <= last; frame++)
        {
          double bx, by;
          gboolean seen;
          float players[44];
          TlTrackSample s = { 0 };

          spec->scene (frame, &bx, &by, &seen, players);
          s.frame = frame;
          if (seen)
            {
              s.track_no = 1;
              s.klass = 2;
              box_at (spec->fixture, bx, by, 6, &s);
              g_array_append_val (samples, s);
            }
          for (int i = 0; i < 22; i++)
            {
              TlTrackSample p = { .frame = frame, .track_no = 2 + i, .klass = 1,
                                  .team = i % 2 };

              box_at (spec->fixture, players[2 * i], players[2 * i + 1], 40, &p);
              g_array_append_val (samples, p);
            }
        }
      blob = tl_track_chunk_encode (first, TRUE, (TlTrackSample *) samples->data, samples->len);
      if (!tl_track_chunks_put (store, spec->match_id, first, last, blob, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
add_match_from (Fixture   *f,
                gint64     n_frames,
                gboolean   calibrated,
                SceneFunc  scene,
                gint64     first_tracked)
{
  g_autofree char *calibration = calibrated ? calibration_json (f) : NULL;
  MatchSpec spec = { 0, n_frames, calibrated, calibration, f, scene, first_tracked };
  g_autoptr(GError) error = NULL;

  g_assert_true (tl_store_write (tl_library_get_store (f->library), insert_match, &spec, &error));
  g_assert_no_error (error);
  return spec.match_id;
}

static gint64
add_match (Fixture   *f,
           gint64     n_frames,
           gboolean   calibrated,
           SceneFunc  scene)
{
  return add_match_from (f, n_frames, calibrated, scene, 0);
}

static TlCameraPath *
load (Fixture *f,
      gint64   match_id)
{
  g_autoptr(GError) error = NULL;
  TlCameraPath *path = tl_camera_path_load (f->library, match_id, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (path);
  return path;
}

static gint64
frame_time (gint64 frame)
{
  return frame * SECOND / (gint64) FPS;
}

static void
view_at (TlCameraPath     *path,
         TlCameraPathMode  mode,
         gint64            time_ns,
         double            view[3])
{
  g_assert_true (tl_camera_path_sample (path, mode, time_ns, &view[0], &view[1], &view[2]));
}

/* Players around the ball, moving a little. */
static void
players_around (gint64  frame,
                double  bx,
                double  by,
                float  *players)
{
  for (int i = 0; i < 22; i++)
    {
      players[2 * i] = (float) CLAMP (bx + 14 * sin (i * 1.7 + frame * 0.01), -52, 52);
      players[2 * i + 1] = (float) CLAMP (by + 9 * cos (i * 2.3), -33, 33);
    }
}

/* A match of play: the ball is passed about, kicked long, lost by the tracker now and then. */
static void
busy_scene (gint64    frame,
            double   *bx,
            double   *by,
            gboolean *seen,
            float    *players)
{
  double t = frame / FPS;

  *bx = 40 * sin (t * 0.21) + 8 * sin (t * 1.3);
  *by = 22 * sin (t * 0.13 + 1) + 3 * cos (t * 2.1);
  /* A long ball every 20 s: 50 m in a second. */
  if (fmod (t, 20) > 10 && fmod (t, 20) < 11)
    *bx = CLAMP (*bx + 50 * (fmod (t, 20) - 10), -52, 52);
  *seen = (frame / 37) % 5 != 0;
  players_around (frame, *bx, *by, players);
}

static void
test_smoothness (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TlCameraPath) path = NULL;
  TlFollowCamConfig config;
  gint64 n = (gint64) (90 * FPS);
  double prev[3], prev_v[3] = { 0 }, dt = 1 / FPS, rad = 180 / G_PI;
  double max_v = 0, max_a = 0, err_sum = 0;
  gint64 match_id = add_match (f, n, TRUE, busy_scene);

  tl_follow_cam_config_init (&config, &f->params, FPS);
  path = load (f, match_id);
  g_assert_true (tl_camera_path_has_follow (path));
  g_assert_cmpint (tl_camera_path_get_n_frames (path), ==, n);
  g_assert_cmpfloat (tl_camera_path_get_fps (path), ==, FPS);

  for (gint64 frame = 0; frame < n; frame++)
    {
      double view[3];

      view_at (path, TL_CAMERA_PATH_FOLLOW, frame_time (frame), view);
      g_assert_cmpfloat (view[2], >=, config.hfov_min * rad - 1e-3);
      g_assert_cmpfloat (view[2], <=, config.hfov_max * rad + 1e-3);
      if (frame > 0)
        for (int a = 0; a < 2; a++)
          {
            double v = (view[a] - prev[a]) / dt;

            max_v = MAX (max_v, fabs (v));
            if (frame > 1)
              max_a = MAX (max_a, fabs (v - prev_v[a]) / dt);
            prev_v[a] = v;
          }
      /* It follows the play: once started, the ball stays in view (within the half field). */
      if (frame > 5 * FPS)
        {
          double bx, by, yaw, pitch, u, v;
          gboolean seen;
          float players[44];

          busy_scene (frame, &bx, &by, &seen, players);
          tl_camera_project (&f->camera, bx, by, 0, &u, &v);
          yaw = (u - f->camera.cx) / f->camera.f * rad;
          err_sum += fabs (yaw - view[0]);
          (void) pitch;
        }
      memcpy (prev, view, sizeof prev);
    }
  g_test_message ("max speed %.2f°/s, max acceleration %.2f°/s², mean yaw error %.2f°",
                  max_v, max_a, err_sum / (n - 5 * FPS));
  /* float32 storage adds a little noise to the differences. */
  g_assert_cmpfloat (max_v, <=, config.max_speed * rad + 0.01);
  g_assert_cmpfloat (max_a, <=, config.max_accel * rad + 0.5);
  g_assert_cmpfloat (max_v, >, 5);   /* it did move */
  g_assert_cmpfloat (err_sum / (n - 5 * FPS), <, 8);
}

/* The ball rests at the penalty spot with a pixel of tracking jitter. */
static void
still_scene (gint64    frame,
             double   *bx,
             double   *by,
             gboolean *seen,
             float    *players)
{
  *bx = 41.5 + 0.03 * sin (frame * 2.7);
  *by = 0.03 * cos (frame * 3.1);
  *seen = TRUE;
  for (int i = 0; i < 22; i++)
    {
      players[2 * i] = (float) (35 + (i % 6) * 2.5 + 0.02 * sin (frame * 1.9 + i));
      players[2 * i + 1] = (float) (-12 + (i / 6) * 7 + 0.02 * cos (frame * 2.3 + i));
    }
}

static void
test_still_ball (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TlCameraPath) path = NULL;
  gint64 match_id = add_match (f, (gint64) (30 * FPS), TRUE, still_scene);
  double settled[3];

  path = load (f, match_id);
  view_at (path, TL_CAMERA_PATH_FOLLOW, 10 * SECOND, settled);
  for (gint64 frame = (gint64) (10 * FPS); frame < 30 * FPS; frame++)
    {
      double view[3];

      view_at (path, TL_CAMERA_PATH_FOLLOW, frame_time (frame), view);
      g_assert_cmpfloat (view[0], ==, settled[0]);
      g_assert_cmpfloat (view[1], ==, settled[1]);
      g_assert_cmpfloat (view[2], ==, settled[2]);
    }
  /* ...and looks at the ball: the view's centre lands near its pixel. */
  {
    TlVirtualCamera vc;
    double u, v, bu, bv;

    tl_virtual_camera_init (&vc, 1920, 1080, settled[0] * G_PI / 180, settled[1] * G_PI / 180,
                            settled[2] * G_PI / 180);
    tl_virtual_camera_map_pixel (&vc, &f->params, 960, 540, &u, &v);
    tl_camera_project (&f->camera, 41.5, 0, 0, &bu, &bv);
    g_test_message ("view centre (%.0f, %.0f), ball (%.0f, %.0f)", u, v, bu, bv);
    g_assert_cmpfloat (fabs (u - bu), <, 3 * f->camera.f * G_PI / 180);
  }
}

/* The same play seen by an uncalibrated match: the path still follows the ball's pixels. */
static void
test_uncalibrated (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TlCameraPath) path = NULL;
  gint64 match_id = add_match (f, (gint64) (30 * FPS), FALSE, still_scene);
  double view[3], bu, bv;
  TlVirtualCamera vc;
  double u, v;

  path = load (f, match_id);
  g_assert_true (tl_camera_path_has_follow (path));
  view_at (path, TL_CAMERA_PATH_FOLLOW, 20 * SECOND, view);
  tl_virtual_camera_init (&vc, 1920, 1080, view[0] * G_PI / 180, view[1] * G_PI / 180,
                          view[2] * G_PI / 180);
  tl_virtual_camera_map_pixel (&vc, &f->params, 960, 540, &u, &v);
  tl_camera_project (&f->camera, 41.5, 0, 0, &bu, &bv);
  g_test_message ("view centre (%.0f, %.0f), ball (%.0f, %.0f)", u, v, bu, bv);
  g_assert_cmpfloat (fabs (u - bu), <, 3 * f->camera.f * G_PI / 180);
  g_assert_cmpfloat (fabs (v - bv), <, 3 * f->camera.f * G_PI / 180);
}

/* The tracker sees nothing for the first 2 s: the path waits where play then is, no jump. */
static void
test_late_start (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TlCameraPath) path = NULL;
  gint64 match_id = add_match_from (f, (gint64) (10 * FPS), TRUE, busy_scene, 50);
  double first[3], v[3], prev[3];

  path = load (f, match_id);
  view_at (path, TL_CAMERA_PATH_FOLLOW, frame_time (50), first);
  for (gint64 frame = 0; frame < 10 * FPS; frame++)
    {
      view_at (path, TL_CAMERA_PATH_FOLLOW, frame_time (frame), v);
      if (frame <= 50)
        g_assert_cmpmem (v, sizeof v, first, sizeof first);
      else
        g_assert_cmpfloat (fabs (v[0] - prev[0]) * FPS, <=, 40 + 0.01);
      memcpy (prev, v, sizeof v);
    }
}

static void
test_sample (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TlCameraPath) path = NULL;
  gint64 n = (gint64) (20 * FPS);
  gint64 match_id = add_match (f, n, TRUE, busy_scene);
  double a[3], b[3], mid[3], first[3], last[3], v[3];

  path = load (f, match_id);
  /* Halfway between two frames: halfway between their views. */
  view_at (path, TL_CAMERA_PATH_FOLLOW, frame_time (300), a);
  view_at (path, TL_CAMERA_PATH_FOLLOW, frame_time (301), b);
  view_at (path, TL_CAMERA_PATH_FOLLOW, (frame_time (300) + frame_time (301)) / 2, mid);
  for (int k = 0; k < 3; k++)
    g_assert_cmpfloat_with_epsilon (mid[k], (a[k] + b[k]) / 2, 1e-9);
  g_assert_cmpfloat (fabs (a[0] - b[0]), >, 1e-4);   /* the camera moves there */
  /* Held before the start and after the end. */
  view_at (path, TL_CAMERA_PATH_FOLLOW, 0, first);
  view_at (path, TL_CAMERA_PATH_FOLLOW, -SECOND, v);
  g_assert_cmpmem (v, sizeof v, first, sizeof first);
  view_at (path, TL_CAMERA_PATH_FOLLOW, frame_time (n - 1), last);
  view_at (path, TL_CAMERA_PATH_FOLLOW, frame_time (n + 100), v);
  g_assert_cmpmem (v, sizeof v, last, sizeof last);
  /* Without keyframes the edited path is the follow path. */
  view_at (path, TL_CAMERA_PATH_EDITED, frame_time (300), v);
  g_assert_cmpmem (v, sizeof v, a, sizeof a);
  /* NULL outputs are allowed. */
  g_assert_true (tl_camera_path_sample (path, TL_CAMERA_PATH_FOLLOW, 0, NULL, NULL, NULL));
}

static void
test_keyframes (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TlCameraPath) path = NULL;
  g_autoptr(TlCameraPath) reloaded = NULL;
  g_autoptr(GArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  gint64 match_id = add_match (f, (gint64) (60 * FPS), TRUE, busy_scene);
  double follow[3], v[3], prev[3], prev_d[3] = { 0 }, max_a = 0;
  gint64 k1, k2, k3;
  int changed = 0;

  path = load (f, match_id);
  g_signal_connect_swapped (path, "changed", G_CALLBACK (g_atomic_int_inc), &changed);

  /* A lone keyframe: exact at its time, the follow path again beyond its reach. */
  k1 = tl_camera_path_add_keyframe (path, 10 * SECOND, 30, -8, 35, &error);
  g_assert_no_error (error);
  g_assert_cmpint (k1, >, 0);
  g_assert_cmpint (changed, ==, 1);
  view_at (path, TL_CAMERA_PATH_EDITED, 10 * SECOND, v);
  g_assert_cmpfloat_with_epsilon (v[0], 30, 1e-9);
  g_assert_cmpfloat_with_epsilon (v[1], -8, 1e-9);
  g_assert_cmpfloat_with_epsilon (v[2], 35, 1e-9);
  for (gint64 t = 0; t < 60 * SECOND; t += SECOND / 5)
    if (llabs (t - 10 * SECOND) >= (gint64) (TL_CAMERA_PATH_KEYFRAME_REACH_S * SECOND))
      {
        view_at (path, TL_CAMERA_PATH_EDITED, t, v);
        view_at (path, TL_CAMERA_PATH_FOLLOW, t, follow);
        g_assert_cmpmem (v, sizeof v, follow, sizeof follow);
      }
  /* FOLLOW ignores keyframes. */
  view_at (path, TL_CAMERA_PATH_FOLLOW, 10 * SECOND, follow);
  g_assert_cmpfloat (fabs (follow[0] - 30), >, 0.01);

  /* Linked keyframes: each exact, the path between them smooth. */
  k2 = tl_camera_path_add_keyframe (path, 12 * SECOND, -10, -5, 25, &error);
  g_assert_no_error (error);
  k3 = tl_camera_path_add_keyframe (path, 15 * SECOND, 5, -6, 40, &error);
  g_assert_no_error (error);
  view_at (path, TL_CAMERA_PATH_EDITED, 12 * SECOND, v);
  g_assert_cmpfloat_with_epsilon (v[0], -10, 1e-9);
  view_at (path, TL_CAMERA_PATH_EDITED, 15 * SECOND, v);
  g_assert_cmpfloat_with_epsilon (v[2], 40, 1e-9);
  for (gint64 frame = 0; frame < 25 * FPS; frame++)
    {
      double d[3];

      view_at (path, TL_CAMERA_PATH_EDITED, frame_time (frame), v);
      view_at (path, TL_CAMERA_PATH_FOLLOW, frame_time (frame), follow);
      /* The correction's acceleration: bounded (no kinks), whatever the follow path does. */
      for (int a = 0; a < 3; a++)
        {
          d[a] = (v[a] - follow[a] - (frame > 0 ? prev[a] : 0)) * FPS;
          if (frame > 1)
            max_a = MAX (max_a, fabs (d[a] - prev_d[a]) * FPS);
          prev_d[a] = d[a];
          prev[a] = v[a] - follow[a];
        }
    }
  g_test_message ("max acceleration of the keyframe correction %.1f°/s²", max_a);
  g_assert_cmpfloat (max_a, <, 120);

  /* Adding at an existing time replaces the view. */
  g_assert_cmpint (tl_camera_path_add_keyframe (path, 12 * SECOND, -12, -5, 25, &error), ==, k2);
  g_assert_cmpuint (tl_camera_path_get_n_keyframes (path), ==, 3);

  /* Persisted: another load sees the same keyframes and the same edited path. */
  reloaded = load (f, match_id);
  keys = tl_camera_path_dup_keyframes (reloaded);
  g_assert_cmpuint (keys->len, ==, 3);
  g_assert_cmpint (g_array_index (keys, TlCameraKeyframe, 1).id, ==, k2);
  g_assert_cmpfloat (g_array_index (keys, TlCameraKeyframe, 1).yaw_deg, ==, -12);
  for (gint64 t = 8 * SECOND; t < 18 * SECOND; t += SECOND / 3)
    {
      double w[3];

      view_at (path, TL_CAMERA_PATH_EDITED, t, v);
      view_at (reloaded, TL_CAMERA_PATH_EDITED, t, w);
      g_assert_cmpmem (v, sizeof v, w, sizeof w);
    }
  g_clear_object (&reloaded);

  /* Move, delete, undo, redo; refusals. */
  g_assert_true (tl_camera_path_move_keyframe (path, k3, 20 * SECOND, &error));
  g_assert_no_error (error);
  g_assert_false (tl_camera_path_move_keyframe (path, k3, 10 * SECOND, &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (tl_camera_path_delete_keyframe (path, k1, &error));
  g_assert_no_error (error);
  g_assert_false (tl_camera_path_delete_keyframe (path, k1, &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tl_camera_path_add_keyframe (path, SECOND, 0, 0, 0, &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (tl_camera_path_get_n_keyframes (path), ==, 2);

  g_assert_true (tl_camera_path_undo (path, &error));   /* the delete */
  g_assert_true (tl_camera_path_undo (path, &error));   /* the move */
  g_assert_no_error (error);
  keys = (g_array_unref (keys), tl_camera_path_dup_keyframes (path));
  g_assert_cmpuint (keys->len, ==, 3);
  g_assert_cmpint (g_array_index (keys, TlCameraKeyframe, 0).id, ==, k1);
  g_assert_cmpint (g_array_index (keys, TlCameraKeyframe, 2).time_ns, ==, 15 * SECOND);
  g_assert_true (tl_camera_path_can_redo (path));
  g_assert_true (tl_camera_path_redo (path, &error));   /* the move again */
  g_assert_no_error (error);

  reloaded = load (f, match_id);
  keys = (g_array_unref (keys), tl_camera_path_dup_keyframes (reloaded));
  g_assert_cmpuint (keys->len, ==, 3);
  g_assert_cmpint (g_array_index (keys, TlCameraKeyframe, 0).id, ==, k1);
  g_assert_cmpint (g_array_index (keys, TlCameraKeyframe, 2).time_ns, ==, 20 * SECOND);

  /* Undo everything: no keyframes left, in the file too. */
  while (tl_camera_path_can_undo (path))
    g_assert_true (tl_camera_path_undo (path, NULL));
  g_assert_cmpuint (tl_camera_path_get_n_keyframes (path), ==, 0);
  g_clear_object (&reloaded);
  reloaded = load (f, match_id);
  g_assert_cmpuint (tl_camera_path_get_n_keyframes (reloaded), ==, 0);
  g_assert_cmpint (changed, >=, 10);
}

/* Not analysed: no follow path, but keyframes alone still make a path. */
static void
test_no_tracks (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TlCameraPath) path = NULL;
  g_autoptr(GError) error = NULL;
  gint64 match_id = add_match (f, (gint64) (20 * FPS), FALSE, NULL);
  double v[3];

  path = load (f, match_id);
  g_assert_false (tl_camera_path_has_follow (path));
  g_assert_false (tl_camera_path_sample (path, TL_CAMERA_PATH_FOLLOW, 0, &v[0], &v[1], &v[2]));
  g_assert_false (tl_camera_path_sample (path, TL_CAMERA_PATH_EDITED, 0, &v[0], &v[1], &v[2]));
  tl_camera_path_add_keyframe (path, 2 * SECOND, -20, 0, 30, &error);
  tl_camera_path_add_keyframe (path, 12 * SECOND, 20, -10, 50, &error);
  g_assert_no_error (error);
  view_at (path, TL_CAMERA_PATH_EDITED, 0, v);
  g_assert_cmpfloat (v[0], ==, -20);
  view_at (path, TL_CAMERA_PATH_EDITED, 7 * SECOND, v);
  g_assert_cmpfloat_with_epsilon (v[0], 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (v[2], 40, 1e-9);
  view_at (path, TL_CAMERA_PATH_EDITED, 19 * SECOND, v);
  g_assert_cmpfloat (v[1], ==, -10);

  g_clear_object (&path);
  path = tl_camera_path_load (f->library, 9999, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_NO_SUCH_MATCH);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  TlCameraPath **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = tl_camera_path_load_finish (result, &error);
  g_assert_no_error (error);
}

/* The async load computes in a thread; the analyzer's compute gives the same path. */
static void
test_async_and_compute (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TlCameraPath) path = NULL;
  g_autoptr(TlCameraPath) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 match_id = add_match (f, (gint64) (10 * FPS), TRUE, busy_scene);
  double a[3], b[3];

  tl_camera_path_load_async (f->library, match_id, NULL, loaded, &path);
  while (path == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (tl_camera_path_has_follow (path));
  g_assert_true (tl_camera_path_compute (tl_library_get_store (f->library), match_id, NULL,
                                         &error));
  g_assert_no_error (error);
  again = load (f, match_id);
  for (gint64 t = 0; t < 10 * SECOND; t += SECOND / 7)
    {
      view_at (path, TL_CAMERA_PATH_FOLLOW, t, a);
      view_at (again, TL_CAMERA_PATH_FOLLOW, t, b);
      g_assert_cmpmem (a, sizeof a, b, sizeof b);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/camera-path/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("smoothness", test_smoothness);
  ADD ("still-ball", test_still_ball);
  ADD ("uncalibrated", test_uncalibrated);
  ADD ("late-start", test_late_start);
  ADD ("sample", test_sample);
  ADD ("keyframes", test_keyframes);
  ADD ("no-tracks", test_no_tracks);
  ADD ("async-and-compute", test_async_and_compute);
#undef ADD

  return g_test_run ();
}
