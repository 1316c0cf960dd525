/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-camera-path.c: the follow path from stored tracks, its camera_paths row, keyframe edits. */
#include "config.h"

#include "tl-camera-path.h"

#include <math.h>
#include <string.h>

#include "tl-follow-cam.h"
#include "tl-track-chunks.h"

/* Tracks are read this many frames at a time, so a whole match never sits in memory. */
#define WINDOW_FRAMES 1500
/* Height and downward margin of the stand-in camera of an uncalibrated video (see
 * stand_in_camera ()). */
#define STAND_IN_HEIGHT_M 10.0
#define STAND_IN_MARGIN_DEG 2.0
/* Bytes per frame in a camera_paths blob: yaw, pitch, hfov as little-endian float32. */
#define FRAME_BYTES 12
#define NS_PER_S 1e9

struct _TlCameraPath
{
  GObject       parent_instance;

  gint64        match_id;
  TlStore      *store;
  GMainContext *context;     /* where "changed" is emitted */

  GMutex        lock;        /* guards everything below */
  double        fps;
  gint64        n_frames;
  float        *frames;      /* yaw, pitch, hfov (degrees) per frame; NULL without a path */
  GArray       *keyframes;   /* TlCameraKeyframe by time */
  GArray       *undo;        /* Edit */
  GArray       *redo;
};

G_DEFINE_FINAL_TYPE (TlCameraPath, tl_camera_path, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* One undoable edit: the keyframe before and after (id 0: it did not exist). */
typedef struct
{
  TlCameraKeyframe before;
  TlCameraKeyframe after;
} Edit;

static void
tl_camera_path_finalize (GObject *object)
{
  TlCameraPath *self = (TlCameraPath *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->frames, g_free);
  g_clear_pointer (&self->keyframes, g_array_unref);
  g_clear_pointer (&self->undo, g_array_unref);
  g_clear_pointer (&self->redo, g_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (tl_camera_path_parent_class)->finalize (object);
}

static void
tl_camera_path_class_init (TlCameraPathClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_camera_path_finalize;

  /**
   * TlCameraPath::changed:
   *
   * The keyframes changed (an edit, undo or redo), so the EDITED path did too.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tl_camera_path_init (TlCameraPath *self)
{
  g_mutex_init (&self->lock);
  self->keyframes = g_array_new (FALSE, FALSE, sizeof (TlCameraKeyframe));
  self->undo = g_array_new (FALSE, FALSE, sizeof (Edit));
  self->redo = g_array_new (FALSE, FALSE, sizeof (Edit));
}

/* ---- The follow path from the tracks ---- */

typedef struct
{
  gint64  match_id;
  gboolean found;
  double  fps;
  gint64  duration_ns;
  int     width, height;
  char   *projection;
  double  hfov_deg;
  char   *calibration;
  gboolean has_tracks;
} MatchFacts;

static void
match_facts_clear (MatchFacts *facts)
{
  g_clear_pointer (&facts->projection, g_free);
  g_clear_pointer (&facts->calibration, g_free);
}

static gboolean
read_match_facts (TlStore   *store,
                  gpointer   user_data,
                  GError   **error)
{
  MatchFacts *facts = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store,
                           "SELECT fps_num, fps_den, duration_ns, width, height, projection,"
                           " hfov_deg, calibration FROM matches WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, facts->match_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      int num = sqlite3_column_int (stmt, 0), den = sqlite3_column_int (stmt, 1);

      facts->found = TRUE;
      facts->fps = num > 0 && den > 0 ? (double) num / den : 25;
      facts->duration_ns = sqlite3_column_int64 (stmt, 2);
      facts->width = sqlite3_column_int (stmt, 3);
      facts->height = sqlite3_column_int (stmt, 4);
      facts->projection = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      facts->hfov_deg = sqlite3_column_double (stmt, 6);
      facts->calibration = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
    }
  else if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  if (!facts->found)
    return TRUE;

  stmt = tl_store_prepare (store, "SELECT 1 FROM track_chunks WHERE match_id = ? LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, facts->match_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  facts->has_tracks = rc == SQLITE_ROW;
  return TRUE;
}

/* An uncalibrated video still has directions: a camera with the video's projection and field
 * of view, standing STAND_IN_HEIGHT_M above a ground plane and tilted so that even the top row
 * looks down, turns every pixel into a ground point and back into the same direction. Distances
 * on that plane are not metres of the pitch, but the follow cam only needs them to be
 * consistent. */
static void
stand_in_camera (const MatchFacts *facts,
                 TlCameraParams   *params)
{
  gboolean cylindrical = g_strcmp0 (facts->projection, "cylindrical") == 0;
  double hfov = facts->hfov_deg * G_PI / 180;
  double f, half_vfov;

  memset (params, 0, sizeof *params);
  params->projection = cylindrical ? TL_CAMERA_CYLINDRICAL : TL_CAMERA_PINHOLE;
  params->width = facts->width;
  params->height = facts->height;
  params->z = STAND_IN_HEIGHT_M;
  params->hfov = hfov;
  f = cylindrical ? facts->width / hfov : (facts->width / 2.0) / tan (hfov / 2);
  half_vfov = atan ((facts->height / 2.0) / f);
  params->tilt = half_vfov + STAND_IN_MARGIN_DEG * G_PI / 180;
}

typedef struct
{
  GByteArray *blob;
} Computed;

static void
put_float (guint8 *p,
           float   value)
{
  guint32 bits;

  memcpy (&bits, &value, 4);
  bits = GUINT32_TO_LE (bits);
  memcpy (p, &bits, 4);
}

static float
get_float (const guint8 *p)
{
  guint32 bits;
  float value;

  memcpy (&bits, p, 4);
  bits = GUINT32_FROM_LE (bits);
  memcpy (&value, &bits, 4);
  return value;
}

/* Runs the follow cam over every frame of the match, WINDOW_FRAMES of tracks at a time. */
static gboolean
run_follow_cam (TlStore          *store,
                const MatchFacts *facts,
                GCancellable     *cancellable,
                Computed         *out,
                GError          **error)
{
  TlCameraParams params;
  TlCamera camera;
  TlFollowCamConfig config;
  TlFollowCam *cam;
  char message[256];
  g_autoptr(GArray) players = g_array_new (FALSE, FALSE, sizeof (float));
  gint64 n_frames = (gint64) llround (facts->duration_ns * facts->fps / NS_PER_S);
  gint64 last_ball_frame = G_MININT64;
  double last_bx = 0, last_by = 0, vx = 0, vy = 0;
  gboolean ok = TRUE, started = FALSE;

  if (facts->calibration == NULL || !tl_calibration_parse (facts->calibration, &params, NULL))
    stand_in_camera (facts, &params);
  if (tl_camera_init (&camera, &params) != TL_CAMERA_OK)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   "match %" G_GINT64_FORMAT ": no usable camera model for the follow cam",
                   facts->match_id);
      return FALSE;
    }
  tl_follow_cam_config_init (&config, &params, facts->fps);
  cam = tl_follow_cam_new (&config, message, sizeof message);
  if (cam == NULL)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID, "match %" G_GINT64_FORMAT
                   ": %s", facts->match_id, message);
      return FALSE;
    }

  out->blob = g_byte_array_new ();
  for (gint64 first = 0; ok && first < n_frames; first += WINDOW_FRAMES)
    {
      gint64 last = MIN (first + WINDOW_FRAMES, n_frames) - 1;
      g_autoptr(GArray) samples = NULL;
      guint i = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || (samples = tl_track_chunks_query (store, facts->match_id, first, last,
                                               error)) == NULL)
        {
          ok = FALSE;
          break;
        }
      for (gint64 frame = first; frame <= last; frame++)
        {
          TlFollowCamInput in = { 0 };
          TlFollowCamView view;
          guint8 *p;

          g_array_set_size (players, 0);
          for (; i < samples->len && g_array_index (samples, TlTrackSample, i).frame <= frame;
               i++)
            {
              const TlTrackSample *s = &g_array_index (samples, TlTrackSample, i);
              double gx, gy;

              if (s->frame < frame
                  || tl_camera_unproject_ground (&camera, s->x + s->w / 2.0, s->y + s->h,
                                                 &gx, &gy) != TL_CAMERA_OK)
                continue;
              if (s->klass == 2 && !s->coasting && !in.have_ball)
                {
                  in.have_ball = TRUE;
                  in.ball_x = gx;
                  in.ball_y = gy;
                }
              else if (s->klass == 1)
                {
                  float xy[2] = { (float) gx, (float) gy };

                  g_array_append_vals (players, xy, 2);
                }
            }
          /* The ball's velocity from its last trusted position, smoothed: the lead aims
           * where it goes, not where one noisy frame points. */
          if (in.have_ball)
            {
              if (frame - last_ball_frame <= 5)
                {
                  double dt = (frame - last_ball_frame) / facts->fps;

                  vx += 0.3 * ((in.ball_x - last_bx) / dt - vx);
                  vy += 0.3 * ((in.ball_y - last_by) / dt - vy);
                }
              else
                vx = vy = 0;
              last_ball_frame = frame;
              last_bx = in.ball_x;
              last_by = in.ball_y;
              in.ball_vx = vx;
              in.ball_vy = vy;
            }
          in.players = (const float *) players->data;
          in.n_players = (int) (players->len / 2);
          tl_follow_cam_push (cam, &in, &view);

          g_byte_array_set_size (out->blob, out->blob->len + FRAME_BYTES);
          p = out->blob->data + out->blob->len - FRAME_BYTES;
          put_float (p, (float) (view.yaw * 180 / G_PI));
          put_float (p + 4, (float) (view.pitch * 180 / G_PI));
          put_float (p + 8, (float) (view.hfov * 180 / G_PI));
          /* Until the tracker first sees something the follow cam has no target; rather than
           * jump from the source's centre then, the path starts where play first is. */
          if (!started && (in.have_ball || in.n_players > 0))
            {
              started = TRUE;
              for (guint8 *q = out->blob->data; q < p; q += FRAME_BYTES)
                memcpy (q, p, FRAME_BYTES);
            }
        }
    }
  tl_follow_cam_free (cam);
  if (!ok)
    g_clear_pointer (&out->blob, g_byte_array_unref);
  return ok;
}

typedef struct
{
  gint64      match_id;
  double      fps;
  GByteArray *blob;   /* NULL: remove the path */
} StorePath;

static gboolean
store_path (TlStore   *store,
            gpointer   user_data,
            GError   **error)
{
  StorePath *op = user_data;
  sqlite3_stmt *stmt;

  if (op->blob == NULL)
    {
      stmt = tl_store_prepare (store, "DELETE FROM camera_paths WHERE match_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, op->match_id);
      return tl_store_exec_stmt (store, stmt, error);
    }
  stmt = tl_store_prepare (store,
                           "INSERT OR REPLACE INTO camera_paths (match_id, fps, samples)"
                           " VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->match_id);
  sqlite3_bind_double (stmt, 2, op->fps);
  sqlite3_bind_blob64 (stmt, 3, op->blob->data, op->blob->len, SQLITE_STATIC);
  return tl_store_exec_stmt (store, stmt, error);
}

static gboolean
compute_with_facts (TlStore           *store,
                    const MatchFacts  *facts,
                    GCancellable      *cancellable,
                    GError           **error)
{
  Computed computed = { 0 };
  StorePath op = { facts->match_id, facts->fps, NULL };
  gboolean ok;

  if (facts->has_tracks && !run_follow_cam (store, facts, cancellable, &computed, error))
    return FALSE;
  op.blob = computed.blob;
  ok = tl_store_write (store, store_path, &op, error);
  g_clear_pointer (&computed.blob, g_byte_array_unref);
  return ok;
}

static gboolean
no_such_match (gint64   match_id,
               GError **error)
{
  g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_NO_SUCH_MATCH,
               "no match with id %" G_GINT64_FORMAT " in the library", match_id);
  return FALSE;
}

gboolean
tl_camera_path_compute (TlStore       *store,
                        gint64         match_id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  MatchFacts facts = { .match_id = match_id };
  gboolean ok;

  g_return_val_if_fail (TL_IS_STORE (store), FALSE);

  ok = tl_store_read (store, read_match_facts, &facts, error);
  if (ok && !facts.found)
    ok = no_such_match (match_id, error);
  if (ok)
    ok = compute_with_facts (store, &facts, cancellable, error);
  match_facts_clear (&facts);
  return ok;
}

/* ---- Loading ---- */

typedef struct
{
  TlCameraPath *path;
  gboolean      have_row;
} LoadOp;

static gboolean
read_path (TlStore   *store,
           gpointer   user_data,
           GError   **error)
{
  LoadOp *op = user_data;
  TlCameraPath *self = op->path;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store, "SELECT fps, samples FROM camera_paths WHERE match_id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->match_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const guint8 *data = sqlite3_column_blob (stmt, 1);
      gsize size = (gsize) sqlite3_column_bytes (stmt, 1);

      op->have_row = TRUE;
      self->fps = sqlite3_column_double (stmt, 0);
      self->n_frames = (gint64) (size / FRAME_BYTES);
      g_clear_pointer (&self->frames, g_free);
      if (self->n_frames > 0 && self->fps > 0)
        {
          self->frames = g_new (float, self->n_frames * 3);
          for (gint64 i = 0; i < self->n_frames * 3; i++)
            self->frames[i] = get_float (data + 4 * i);
        }
      else
        self->n_frames = 0;
    }
  else if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  stmt = tl_store_prepare (store,
                           "SELECT id, time_ns, yaw_deg, pitch_deg, hfov_deg FROM camera_keyframes"
                           " WHERE match_id = ? ORDER BY time_ns", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->match_id);
  g_array_set_size (self->keyframes, 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlCameraKeyframe k = {
        sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
        sqlite3_column_double (stmt, 2), sqlite3_column_double (stmt, 3),
        sqlite3_column_double (stmt, 4)
      };

      g_array_append_val (self->keyframes, k);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  return TRUE;
}

static TlCameraPath *
load (TlLibrary     *library,
      gint64         match_id,
      GMainContext  *context,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(TlCameraPath) self = NULL;
  TlStore *store = tl_library_get_store (library);
  MatchFacts facts = { .match_id = match_id };
  LoadOp op = { 0 };
  gboolean ok;

  ok = tl_store_read (store, read_match_facts, &facts, error);
  if (ok && !facts.found)
    ok = no_such_match (match_id, error);
  if (!ok)
    {
      match_facts_clear (&facts);
      return NULL;
    }

  self = g_object_new (TL_TYPE_CAMERA_PATH, NULL);
  self->match_id = match_id;
  self->store = g_object_ref (store);
  self->context = g_main_context_ref (context);
  op.path = self;
  ok = tl_store_read (store, read_path, &op, error);
  /* A match analysed before paths existed, or whose path was lost: compute it now. */
  if (ok && !op.have_row && facts.has_tracks)
    ok = compute_with_facts (store, &facts, cancellable, error)
         && tl_store_read (store, read_path, &op, error);
  match_facts_clear (&facts);
  if (!ok)
    return NULL;
  if (self->fps <= 0)
    self->fps = facts.fps;
  return g_steal_pointer (&self);
}

TlCameraPath *
tl_camera_path_load (TlLibrary     *library,
                     gint64         match_id,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  g_return_val_if_fail (TL_IS_LIBRARY (library), NULL);

  return load (library, match_id, context, cancellable, error);
}

typedef struct
{
  TlLibrary    *library;
  gint64        match_id;
  GMainContext *context;
} LoadTask;

static void
load_task_free (LoadTask *task)
{
  g_object_unref (task->library);
  g_main_context_unref (task->context);
  g_free (task);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadTask *data = task_data;
  GError *error = NULL;
  TlCameraPath *path = load (data->library, data->match_id, data->context, cancellable, &error);

  if (path != NULL)
    g_task_return_pointer (task, path, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
tl_camera_path_load_async (TlLibrary           *library,
                           gint64               match_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadTask *data;

  g_return_if_fail (TL_IS_LIBRARY (library));

  data = g_new0 (LoadTask, 1);
  data->library = g_object_ref (library);
  data->match_id = match_id;
  data->context = g_main_context_ref_thread_default ();
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_camera_path_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_task_free);
  g_task_run_in_thread (task, load_in_thread);
}

TlCameraPath *
tl_camera_path_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gint64
tl_camera_path_get_match_id (TlCameraPath *self)
{
  g_return_val_if_fail (TL_IS_CAMERA_PATH (self), 0);
  return self->match_id;
}

gboolean
tl_camera_path_has_follow (TlCameraPath *self)
{
  g_return_val_if_fail (TL_IS_CAMERA_PATH (self), FALSE);
  return self->frames != NULL;
}

double
tl_camera_path_get_fps (TlCameraPath *self)
{
  g_return_val_if_fail (TL_IS_CAMERA_PATH (self), 0);
  return self->fps;
}

gint64
tl_camera_path_get_n_frames (TlCameraPath *self)
{
  g_return_val_if_fail (TL_IS_CAMERA_PATH (self), 0);
  return self->n_frames;
}

/* ---- Sampling ---- */

static void
sample_follow (TlCameraPath *self,
               double        t_s,
               double        out[3])
{
  double f = CLAMP (t_s * self->fps, 0, (double) (self->n_frames - 1));
  gint64 i = (gint64) floor (f);
  gint64 j = MIN (i + 1, self->n_frames - 1);
  double a = f - i;

  for (int k = 0; k < 3; k++)
    out[k] = self->frames[3 * i + k] * (1 - a) + self->frames[3 * j + k] * a;
}

static void
keyframe_view (const TlCameraKeyframe *k,
               double                  out[3])
{
  out[0] = k->yaw_deg;
  out[1] = k->pitch_deg;
  out[2] = k->hfov_deg;
}

/* What keyframe @i contributes: its offset from the follow path, or its view without one. */
static void
keyframe_value (TlCameraPath *self,
                guint         i,
                double        out[3])
{
  const TlCameraKeyframe *k = &g_array_index (self->keyframes, TlCameraKeyframe, i);

  keyframe_view (k, out);
  if (self->frames != NULL)
    {
      double base[3];

      sample_follow (self, k->time_ns / NS_PER_S, base);
      for (int a = 0; a < 3; a++)
        out[a] -= base[a];
    }
}

static double
keyframe_time (TlCameraPath *self,
               guint         i)
{
  return g_array_index (self->keyframes, TlCameraKeyframe, i).time_ns / NS_PER_S;
}

/* Keyframes i and i + 1 are blended (rather than each fading back to the follow path). */
static gboolean
linked (TlCameraPath *self,
        guint         i)
{
  if (i + 1 >= self->keyframes->len)
    return FALSE;
  return self->frames == NULL
         || keyframe_time (self, i + 1) - keyframe_time (self, i)
            <= 2 * TL_CAMERA_PATH_KEYFRAME_REACH_S;
}

/* The slope at keyframe @i of one axis: monotone (Fritsch-Carlson) so the path never
 * overshoots a keyframe, and 0 at the ends of a run of linked keyframes, where it meets a fade
 * or a hold with slope 0: the path is smooth (C1) everywhere. */
static double
keyframe_slope (TlCameraPath *self,
                guint         i,
                int           axis)
{
  double v0[3], v1[3], v2[3], h0, h1, d0, d1;

  if (i == 0 || !linked (self, i - 1) || !linked (self, i))
    return 0;
  keyframe_value (self, i - 1, v0);
  keyframe_value (self, i, v1);
  keyframe_value (self, i + 1, v2);
  h0 = keyframe_time (self, i) - keyframe_time (self, i - 1);
  h1 = keyframe_time (self, i + 1) - keyframe_time (self, i);
  d0 = (v1[axis] - v0[axis]) / h0;
  d1 = (v2[axis] - v1[axis]) / h1;
  if (d0 * d1 <= 0)
    return 0;
  /* Weighted harmonic mean of the two secants (Fritsch-Butland). */
  return 3 * (h0 + h1) / ((2 * h1 + h0) / d0 + (h1 + 2 * h0) / d1);
}

static double
smoother (double s)
{
  s = CLAMP (s, 0, 1);
  return s * s * s * (s * (6 * s - 15) + 10);
}

/* The keyframes' part at @t_s: the blended offsets (or views, without a follow path). */
static void
keyframe_part (TlCameraPath *self,
               double        t_s,
               double        out[3])
{
  guint n = self->keyframes->len, i = 0;

  out[0] = out[1] = out[2] = 0;
  if (n == 0)
    return;
  while (i < n && keyframe_time (self, i) <= t_s)
    i++;
  /* i is the first keyframe after t_s. */
  if (i > 0 && i < n && linked (self, i - 1))
    {
      double t0 = keyframe_time (self, i - 1), t1 = keyframe_time (self, i);
      double h = t1 - t0, s = (t_s - t0) / h;
      double v0[3], v1[3];
      double h00 = (1 + 2 * s) * (1 - s) * (1 - s), h10 = s * (1 - s) * (1 - s);
      double h01 = s * s * (3 - 2 * s), h11 = s * s * (s - 1);

      keyframe_value (self, i - 1, v0);
      keyframe_value (self, i, v1);
      for (int a = 0; a < 3; a++)
        out[a] = h00 * v0[a] + h10 * h * keyframe_slope (self, i - 1, a) + h01 * v1[a]
                 + h11 * h * keyframe_slope (self, i, a);
      return;
    }
  if (self->frames == NULL)
    {
      /* Only keyframes: hold the nearest one before the first and after the last. */
      keyframe_view (&g_array_index (self->keyframes, TlCameraKeyframe, i > 0 ? i - 1 : 0), out);
      return;
    }
  /* Away from linked keyframes, each one's offset fades back to the follow path. */
  for (guint k = i > 0 ? i - 1 : 0; k <= i && k < n; k++)
    {
      double v[3], w = 1 - smoother (fabs (t_s - keyframe_time (self, k))
                                     / TL_CAMERA_PATH_KEYFRAME_REACH_S);

      keyframe_value (self, k, v);
      for (int a = 0; a < 3; a++)
        out[a] += w * v[a];
    }
}

gboolean
tl_camera_path_sample (TlCameraPath     *self,
                       TlCameraPathMode  mode,
                       gint64            time_ns,
                       double           *yaw_deg,
                       double           *pitch_deg,
                       double           *hfov_deg)
{
  double t_s = time_ns / NS_PER_S, view[3] = { 0, 0, 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (TL_IS_CAMERA_PATH (self), FALSE);

  g_mutex_lock (&self->lock);
  if (mode == TL_CAMERA_PATH_FOLLOW || self->keyframes->len == 0)
    {
      if (self->frames != NULL)
        sample_follow (self, t_s, view);
      else
        ok = FALSE;
    }
  else
    {
      double part[3];

      keyframe_part (self, t_s, part);
      if (self->frames != NULL)
        sample_follow (self, t_s, view);
      for (int a = 0; a < 3; a++)
        view[a] += part[a];
    }
  g_mutex_unlock (&self->lock);
  if (!ok)
    return FALSE;
  if (yaw_deg != NULL)
    *yaw_deg = view[0];
  if (pitch_deg != NULL)
    *pitch_deg = view[1];
  if (hfov_deg != NULL)
    *hfov_deg = MAX (view[2], 1.0);
  return TRUE;
}

/* ---- Keyframe edits ---- */

GArray *
tl_camera_path_dup_keyframes (TlCameraPath *self)
{
  GArray *copy;

  g_return_val_if_fail (TL_IS_CAMERA_PATH (self), NULL);

  g_mutex_lock (&self->lock);
  copy = g_array_sized_new (FALSE, FALSE, sizeof (TlCameraKeyframe), self->keyframes->len);
  g_array_append_vals (copy, self->keyframes->data, self->keyframes->len);
  g_mutex_unlock (&self->lock);
  return copy;
}

guint
tl_camera_path_get_n_keyframes (TlCameraPath *self)
{
  guint n;

  g_return_val_if_fail (TL_IS_CAMERA_PATH (self), 0);

  g_mutex_lock (&self->lock);
  n = self->keyframes->len;
  g_mutex_unlock (&self->lock);
  return n;
}

static gboolean
emit_changed (gpointer user_data)
{
  TlCameraPath *self = user_data;

  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  TlCameraPath           *path;
  const TlCameraKeyframe *from;   /* NULL: insert @to */
  TlCameraKeyframe       *to;     /* NULL: delete @from; its id is set on insert */
} WriteOp;

static gboolean
write_keyframe (TlStore   *store,
                gpointer   user_data,
                GError   **error)
{
  WriteOp *op = user_data;
  sqlite3_stmt *stmt;

  if (op->to == NULL)
    {
      stmt = tl_store_prepare (store, "DELETE FROM camera_keyframes WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, op->from->id);
      return tl_store_exec_stmt (store, stmt, error);
    }
  if (op->from == NULL)
    stmt = tl_store_prepare (store,
                             "INSERT INTO camera_keyframes"
                             " (time_ns, yaw_deg, pitch_deg, hfov_deg, match_id, id)"
                             " VALUES (?, ?, ?, ?, ?, ?)", error);
  else
    stmt = tl_store_prepare (store,
                             "UPDATE camera_keyframes SET time_ns = ?, yaw_deg = ?, pitch_deg = ?,"
                             " hfov_deg = ? WHERE match_id = ? AND id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->to->time_ns);
  sqlite3_bind_double (stmt, 2, op->to->yaw_deg);
  sqlite3_bind_double (stmt, 3, op->to->pitch_deg);
  sqlite3_bind_double (stmt, 4, op->to->hfov_deg);
  sqlite3_bind_int64 (stmt, 5, op->path->match_id);
  if (op->to->id != 0)
    sqlite3_bind_int64 (stmt, 6, op->to->id);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  if (op->from == NULL)
    op->to->id = tl_store_last_insert_rowid (store);
  return TRUE;
}

static int
compare_keyframes (gconstpointer a,
                   gconstpointer b)
{
  const TlCameraKeyframe *ka = a, *kb = b;

  return (ka->time_ns > kb->time_ns) - (ka->time_ns < kb->time_ns);
}

static gint
find_keyframe (TlCameraPath *self,
               gint64        id)
{
  for (guint i = 0; i < self->keyframes->len; i++)
    if (g_array_index (self->keyframes, TlCameraKeyframe, i).id == id)
      return (gint) i;
  return -1;
}

static gint
find_keyframe_at (TlCameraPath *self,
                  gint64        time_ns)
{
  for (guint i = 0; i < self->keyframes->len; i++)
    if (g_array_index (self->keyframes, TlCameraKeyframe, i).time_ns == time_ns)
      return (gint) i;
  return -1;
}

/* Saves the change @edit (from its "before" to its "after" keyframe, either may be absent:
 * id 0) and applies it to the list. Called with the lock held. */
static gboolean
apply_edit (TlCameraPath  *self,
            Edit          *edit,
            GError       **error)
{
  WriteOp op = { self, edit->before.id != 0 ? &edit->before : NULL,
                 edit->after.id != 0 || edit->before.id == 0 ? &edit->after : NULL };
  gint index;

  if (!tl_store_write (self->store, write_keyframe, &op, error))
    return FALSE;
  if (edit->before.id != 0 && (index = find_keyframe (self, edit->before.id)) >= 0)
    g_array_remove_index (self->keyframes, (guint) index);
  if (op.to != NULL)
    {
      g_array_append_val (self->keyframes, edit->after);
      g_array_sort (self->keyframes, compare_keyframes);
    }
  return TRUE;
}

static Edit
reversed (const Edit *edit)
{
  Edit r = { edit->after, edit->before };

  return r;
}

/* A new edit: saved, recorded for undo, redo forgotten. Takes the lock. */
static gboolean
do_edit (TlCameraPath  *self,
         Edit          *edit,
         GError       **error)
{
  gboolean ok;

  ok = apply_edit (self, edit, error);
  if (ok)
    {
      g_array_append_val (self->undo, *edit);
      g_array_set_size (self->redo, 0);
    }
  g_mutex_unlock (&self->lock);
  if (ok)
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_changed,
                                g_object_ref (self), g_object_unref);
  return ok;
}

static gboolean
check_view (double    yaw_deg,
            double    pitch_deg,
            double    hfov_deg,
            GError  **error)
{
  if (isfinite (yaw_deg) && isfinite (pitch_deg) && hfov_deg > 0 && hfov_deg < 180
      && fabs (pitch_deg) <= 90)
    return TRUE;
  g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
               "camera keyframe: yaw %g°, pitch %g°, field of view %g° is not a view"
               " (pitch within ±90°, field of view between 0 and 180°)",
               yaw_deg, pitch_deg, hfov_deg);
  return FALSE;
}

gint64
tl_camera_path_add_keyframe (TlCameraPath  *self,
                             gint64         time_ns,
                             double         yaw_deg,
                             double         pitch_deg,
                             double         hfov_deg,
                             GError       **error)
{
  Edit edit = { { 0 }, { 0, time_ns, yaw_deg, pitch_deg, hfov_deg } };
  gint existing;

  g_return_val_if_fail (TL_IS_CAMERA_PATH (self), 0);

  if (!check_view (yaw_deg, pitch_deg, hfov_deg, error))
    return 0;
  if (time_ns < 0)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   "camera keyframe: time %" G_GINT64_FORMAT " ns is before the start", time_ns);
      return 0;
    }
  g_mutex_lock (&self->lock);
  existing = find_keyframe_at (self, time_ns);
  if (existing >= 0)
    {
      edit.before = g_array_index (self->keyframes, TlCameraKeyframe, existing);
      edit.after.id = edit.before.id;
    }
  if (!do_edit (self, &edit, error))
    return 0;
  return edit.after.id;
}

/* Looks keyframe @id up for an edit; takes the lock, which stays held on success. */
static gboolean
lock_keyframe (TlCameraPath     *self,
               gint64            id,
               Edit             *edit,
               GError          **error)
{
  gint index;

  g_mutex_lock (&self->lock);
  index = find_keyframe (self, id);
  if (index < 0)
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   "camera keyframe %" G_GINT64_FORMAT " does not exist (deleted?)", id);
      return FALSE;
    }
  edit->before = edit->after = g_array_index (self->keyframes, TlCameraKeyframe, index);
  return TRUE;
}

gboolean
tl_camera_path_move_keyframe (TlCameraPath  *self,
                              gint64         id,
                              gint64         time_ns,
                              GError       **error)
{
  Edit edit;
  gint other;

  g_return_val_if_fail (TL_IS_CAMERA_PATH (self), FALSE);

  if (time_ns < 0)
    time_ns = 0;
  if (!lock_keyframe (self, id, &edit, error))
    return FALSE;
  other = find_keyframe_at (self, time_ns);
  if (other >= 0 && g_array_index (self->keyframes, TlCameraKeyframe, other).id != id)
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   "another camera keyframe is already at that moment");
      return FALSE;
    }
  edit.after.time_ns = time_ns;
  return do_edit (self, &edit, error);
}

gboolean
tl_camera_path_set_keyframe_view (TlCameraPath  *self,
                                  gint64         id,
                                  double         yaw_deg,
                                  double         pitch_deg,
                                  double         hfov_deg,
                                  GError       **error)
{
  Edit edit;

  g_return_val_if_fail (TL_IS_CAMERA_PATH (self), FALSE);

  if (!check_view (yaw_deg, pitch_deg, hfov_deg, error) || !lock_keyframe (self, id, &edit, error))
    return FALSE;
  edit.after.yaw_deg = yaw_deg;
  edit.after.pitch_deg = pitch_deg;
  edit.after.hfov_deg = hfov_deg;
  return do_edit (self, &edit, error);
}

gboolean
tl_camera_path_delete_keyframe (TlCameraPath  *self,
                                gint64         id,
                                GError       **error)
{
  Edit edit;

  g_return_val_if_fail (TL_IS_CAMERA_PATH (self), FALSE);

  if (!lock_keyframe (self, id, &edit, error))
    return FALSE;
  memset (&edit.after, 0, sizeof edit.after);
  return do_edit (self, &edit, error);
}

gboolean
tl_camera_path_can_undo (TlCameraPath *self)
{
  gboolean can;

  g_return_val_if_fail (TL_IS_CAMERA_PATH (self), FALSE);

  g_mutex_lock (&self->lock);
  can = self->undo->len > 0;
  g_mutex_unlock (&self->lock);
  return can;
}

gboolean
tl_camera_path_can_redo (TlCameraPath *self)
{
  gboolean can;

  g_return_val_if_fail (TL_IS_CAMERA_PATH (self), FALSE);

  g_mutex_lock (&self->lock);
  can = self->redo->len > 0;
  g_mutex_unlock (&self->lock);
  return can;
}

/* Pops an edit from @from, applies it (reversed for undo) and pushes it on @to. */
static gboolean
replay (TlCameraPath  *self,
        gboolean       undo,
        GError       **error)
{
  GArray *from = undo ? self->undo : self->redo, *to = undo ? self->redo : self->undo;
  Edit edit, applied;
  gboolean ok = FALSE;

  g_mutex_lock (&self->lock);
  if (from->len == 0)
    g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                 undo ? "nothing to undo" : "nothing to redo");
  else
    {
      edit = g_array_index (from, Edit, from->len - 1);
      applied = undo ? reversed (&edit) : edit;
      ok = apply_edit (self, &applied, error);
      if (ok)
        {
          g_array_set_size (from, from->len - 1);
          g_array_append_val (to, edit);
        }
    }
  g_mutex_unlock (&self->lock);
  if (ok)
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_changed,
                                g_object_ref (self), g_object_unref);
  return ok;
}

gboolean
tl_camera_path_undo (TlCameraPath  *self,
                     GError       **error)
{
  g_return_val_if_fail (TL_IS_CAMERA_PATH (self), FALSE);
  return replay (self, TRUE, error);
}

gboolean
tl_camera_path_redo (TlCameraPath  *self,
                     GError       **error)
{
  g_return_val_if_fail (TL_IS_CAMERA_PATH (self), FALSE);
  return replay (self, FALSE, error);
}
