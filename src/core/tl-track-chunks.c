/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-track-chunks.c: chunk blobs of track samples, their rows, window reads and stats. */
#include "config.h"

#include "tl-track-chunks.h"

#include <math.h>
#include <string.h>

#define CHUNK_MAGIC "TLCK"
#define FLAG_PITCH  0x01
#define COASTING    0x80   /* high bit of the class byte */

static void
put_u16 (guint8 *p, guint16 v)
{
  p[0] = (guint8) v;
  p[1] = (guint8) (v >> 8);
}

static void
put_u32 (guint8 *p, guint32 v)
{
  put_u16 (p, (guint16) v);
  put_u16 (p + 2, (guint16) (v >> 16));
}

static guint16
get_u16 (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

static guint32
get_u32 (const guint8 *p)
{
  return get_u16 (p) | (guint32) get_u16 (p + 2) << 16;
}

GBytes *
tl_track_chunk_encode (gint64               first_frame,
                       gboolean             has_pitch,
                       const TlTrackSample *samples,
                       guint                n_samples)
{
  gsize size = TL_TRACK_CHUNK_HEADER_SIZE + (gsize) n_samples * TL_TRACK_CHUNK_SAMPLE_SIZE;
  guint8 *blob = g_malloc0 (size);
  guint8 *p = blob + TL_TRACK_CHUNK_HEADER_SIZE;

  /* Header: magic, version, flags, sample size, sample count, reserved. Every number is
   * little-endian so a library folder moves between machines. */
  memcpy (blob, CHUNK_MAGIC, 4);
  blob[4] = TL_TRACK_CHUNK_VERSION;
  blob[5] = has_pitch ? FLAG_PITCH : 0;
  put_u16 (blob + 6, TL_TRACK_CHUNK_SAMPLE_SIZE);
  put_u32 (blob + 8, n_samples);
  for (guint i = 0; i < n_samples; i++, p += TL_TRACK_CHUNK_SAMPLE_SIZE)
    {
      const TlTrackSample *s = &samples[i];

      g_return_val_if_fail (s->frame >= first_frame && s->frame - first_frame <= G_MAXUINT16,
                            (g_free (blob), NULL));
      put_u16 (p, (guint16) (s->frame - first_frame));
      put_u32 (p + 2, s->track_no);
      p[6] = (guint8) ((s->klass & 0x7f) | (s->coasting ? COASTING : 0));
      p[7] = (guint8) s->team;
      put_u16 (p + 8, (guint16) s->x);
      put_u16 (p + 10, (guint16) s->y);
      put_u16 (p + 12, (guint16) s->w);
      put_u16 (p + 14, (guint16) s->h);
      put_u16 (p + 16, (guint16) s->pitch_x_cm);
      put_u16 (p + 18, (guint16) s->pitch_y_cm);
    }
  return g_bytes_new_take (blob, size);
}

gboolean
tl_track_chunk_decode (const guint8  *data,
                       gsize          size,
                       gint64         first_frame,
                       GArray        *out,
                       gboolean      *out_has_pitch,
                       GError       **error)
{
  guint32 n;
  guint16 sample_size;
  const guint8 *p;

  if (size < TL_TRACK_CHUNK_HEADER_SIZE || memcmp (data, CHUNK_MAGIC, 4) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a track chunk");
      return FALSE;
    }
  if (data[4] != TL_TRACK_CHUNK_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "track chunk version %u (this build reads %u): analyse the match again",
                   data[4], TL_TRACK_CHUNK_VERSION);
      return FALSE;
    }
  sample_size = get_u16 (data + 6);
  n = get_u32 (data + 8);
  if (sample_size < TL_TRACK_CHUNK_SAMPLE_SIZE
      || (size - TL_TRACK_CHUNK_HEADER_SIZE) / sample_size < n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "truncated track chunk");
      return FALSE;
    }
  if (out_has_pitch != NULL)
    *out_has_pitch = (data[5] & FLAG_PITCH) != 0;

  p = data + TL_TRACK_CHUNK_HEADER_SIZE;
  g_array_set_size (out, out->len + n);
  for (guint32 i = 0; i < n; i++, p += sample_size)
    {
      TlTrackSample *s = &g_array_index (out, TlTrackSample, out->len - n + i);

      memset (s, 0, sizeof *s);   /* padding too: samples are compared with memcmp */
      s->frame = first_frame + get_u16 (p);
      s->track_no = get_u32 (p + 2);
      s->klass = p[6] & 0x7f;
      s->coasting = (p[6] & COASTING) != 0;
      s->team = (gint8) p[7];
      s->x = (gint16) get_u16 (p + 8);
      s->y = (gint16) get_u16 (p + 10);
      s->w = (gint16) get_u16 (p + 12);
      s->h = (gint16) get_u16 (p + 14);
      s->pitch_x_cm = (gint16) get_u16 (p + 16);
      s->pitch_y_cm = (gint16) get_u16 (p + 18);
    }
  return TRUE;
}

static gint16
pitch_cm (float metres)
{
  if (!isfinite (metres) || fabsf (metres) >= 327.0f)
    return TL_TRACK_PITCH_UNKNOWN;
  return (gint16) lroundf (metres * 100);
}

TlTrackSample
tl_track_sample_from_update (const TlTrackUpdate *u,
                             gint64               frame,
                             double               sx,
                             double               sy,
                             gboolean             has_pitch)
{
  TlTrackSample s = { 0 };

  s.frame = frame;
  s.track_no = (guint32) u->id;
  s.klass = (guint8) u->klass;
  s.coasting = u->state == TL_TRACK_COASTING;
  s.team = (gint8) CLAMP (u->team, -1, 1);
  s.x = (gint16) CLAMP (lround (u->x * sx), G_MININT16, G_MAXINT16);
  s.y = (gint16) CLAMP (lround (u->y * sy), G_MININT16, G_MAXINT16);
  s.w = (gint16) CLAMP (lround (u->w * sx), 0, G_MAXINT16);
  s.h = (gint16) CLAMP (lround (u->h * sy), 0, G_MAXINT16);
  if (has_pitch)
    {
      s.pitch_x_cm = pitch_cm (u->pitch_x);
      s.pitch_y_cm = pitch_cm (u->pitch_y);
      if (s.pitch_x_cm == TL_TRACK_PITCH_UNKNOWN || s.pitch_y_cm == TL_TRACK_PITCH_UNKNOWN)
        s.pitch_x_cm = s.pitch_y_cm = TL_TRACK_PITCH_UNKNOWN;
    }
  return s;
}

guint
tl_track_samples_first_at (const GArray *samples,
                           gint64        frame)
{
  guint lo = 0, hi = samples->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (samples, TlTrackSample, mid).frame < frame)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gboolean
tl_track_chunks_put (TlStore  *store,
                     gint64    match_id,
                     gint64    first_frame,
                     gint64    last_frame,
                     GBytes   *blob,
                     GError  **error)
{
  sqlite3_stmt *stmt;
  gsize size;
  gconstpointer data = g_bytes_get_data (blob, &size);

  stmt = tl_store_prepare (store,
                           "INSERT OR REPLACE INTO track_chunks"
                           " (match_id, first_frame, last_frame, samples) VALUES (?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, match_id);
  sqlite3_bind_int64 (stmt, 2, first_frame);
  sqlite3_bind_int64 (stmt, 3, last_frame);
  sqlite3_bind_blob64 (stmt, 4, data, size, SQLITE_STATIC);
  return tl_store_exec_stmt (store, stmt, error);
}

typedef struct
{
  gint64  match_id;
  gint64  first_frame;
  gint64  last_frame;
  GArray *out;
} Query;

static gboolean
query_in_transaction (TlStore   *store,
                      gpointer   user_data,
                      GError   **error)
{
  Query *q = user_data;
  sqlite3_stmt *stmt;
  gint64 from = q->first_frame;
  int rc;

  /* Chunks do not overlap: the window starts in the last chunk that begins at or before it.
   * Finding that chunk's key first keeps the read a range of the primary key whatever the
   * chunk length. */
  stmt = tl_store_prepare (store,
                           "SELECT max(first_frame) FROM track_chunks"
                           " WHERE match_id = ? AND first_frame <= ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, q->match_id);
  sqlite3_bind_int64 (stmt, 2, q->first_frame);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    from = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_ROW)
    return tl_store_set_error (store, rc, error);

  stmt = tl_store_prepare (store,
                           "SELECT first_frame, samples FROM track_chunks"
                           " WHERE match_id = ? AND first_frame BETWEEN ? AND ?"
                           " ORDER BY first_frame", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, q->match_id);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, q->last_frame);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GArray) chunk = g_array_new (FALSE, FALSE, sizeof (TlTrackSample));
      gint64 first = sqlite3_column_int64 (stmt, 0);
      const guint8 *data = sqlite3_column_blob (stmt, 1);
      gsize size = (gsize) sqlite3_column_bytes (stmt, 1);

      if (!tl_track_chunk_decode (data, size, first, chunk, NULL, error))
        return FALSE;
      for (guint i = 0; i < chunk->len; i++)
        {
          const TlTrackSample *s = &g_array_index (chunk, TlTrackSample, i);

          if (s->frame >= q->first_frame && s->frame <= q->last_frame)
            g_array_append_vals (q->out, s, 1);
        }
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  return TRUE;
}

GArray *
tl_track_chunks_query (TlStore  *store,
                       gint64    match_id,
                       gint64    first_frame,
                       gint64    last_frame,
                       GError  **error)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (TlTrackSample));
  Query q = { match_id, first_frame, last_frame, out };

  g_return_val_if_fail (TL_IS_STORE (store), NULL);

  if (last_frame < first_frame)
    return g_steal_pointer (&out);
  if (!tl_store_read (store, query_in_transaction, &q, error))
    return NULL;
  return g_steal_pointer (&out);
}

typedef struct
{
  TlStore *store;
  gint64   match_id;
  gint64   first, last;
} AsyncQuery;

static void
async_query_free (gpointer data)
{
  AsyncQuery *job = data;

  g_clear_object (&job->store);
  g_free (job);
}

static void
query_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  AsyncQuery *job = data;
  GError *error = NULL;
  GArray *samples = tl_track_chunks_query (job->store, job->match_id, job->first, job->last,
                                           &error);

  if (samples == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, samples, (GDestroyNotify) g_array_unref);
}

void
tl_track_chunks_query_async (TlStore             *store,
                             gint64               match_id,
                             gint64               first_frame,
                             gint64               last_frame,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncQuery *job;

  g_return_if_fail (TL_IS_STORE (store));

  job = g_new0 (AsyncQuery, 1);
  job->store = g_object_ref (store);
  job->match_id = match_id;
  job->first = first_frame;
  job->last = last_frame;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_track_chunks_query_async);
  g_task_set_task_data (task, job, async_query_free);
  g_task_run_in_thread (task, query_thread);
}

GArray *
tl_track_chunks_query_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GArray *
tl_track_chunks_query_window (TlStore  *store,
                              gint64    match_id,
                              double    fps,
                              gint64    t0_ns,
                              gint64    t1_ns,
                              GError  **error)
{
  gint64 f0, f1;

  g_return_val_if_fail (fps > 0, NULL);

  /* Frame n is shown from n / fps: the window holds the frames that start inside it. */
  f0 = (gint64) ceil (t0_ns * fps / G_USEC_PER_SEC / 1000.0 - 1e-6);
  f1 = (gint64) ceil (t1_ns * fps / G_USEC_PER_SEC / 1000.0 - 1e-6) - 1;
  return tl_track_chunks_query (store, match_id, MAX (f0, 0), f1, error);
}

typedef struct
{
  gint64  match_id;
  GArray *out;
} ListTracks;

static gboolean
list_in_transaction (TlStore   *store,
                     gpointer   user_data,
                     GError   **error)
{
  ListTracks *l = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store,
                           "SELECT t.track_no, t.class, t.team_side, t.first_frame, t.last_frame,"
                           " s.track_id IS NOT NULL, s.distance_m, s.top_speed_ms, s.sprints"
                           " FROM tracks t LEFT JOIN track_stats s ON s.track_id = t.id"
                           " WHERE t.match_id = ? ORDER BY t.track_no", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, l->match_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlTrackInfo info = { 0 };
      int side = sqlite3_column_int (stmt, 2);

      info.track_no = (guint32) sqlite3_column_int64 (stmt, 0);
      info.klass = (guint8) sqlite3_column_int (stmt, 1);
      /* team_side: 0 unknown, 1 home, 2 away, 3 referee; the engine's teams are 0 and 1. */
      info.team = side == 1 || side == 2 ? (gint8) (side - 1) : -1;
      info.first_frame = sqlite3_column_int64 (stmt, 3);
      info.last_frame = sqlite3_column_int64 (stmt, 4);
      info.has_stats = sqlite3_column_int (stmt, 5);
      info.distance_m = sqlite3_column_double (stmt, 6);
      info.top_speed_ms = sqlite3_column_double (stmt, 7);
      info.sprints = sqlite3_column_int (stmt, 8);
      g_array_append_val (l->out, info);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  return TRUE;
}

GArray *
tl_track_chunks_list_ranges (TlStore  *store,
                             gint64    match_id,
                             GError  **error)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store,
                           "SELECT first_frame, last_frame FROM track_chunks"
                           " WHERE match_id = ? ORDER BY first_frame", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, match_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 range[2] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_vals (out, range, 2);
    }
  if (rc != SQLITE_DONE)
    {
      tl_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

GArray *
tl_track_chunks_list_tracks (TlStore  *store,
                             gint64    match_id,
                             GError  **error)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (TlTrackInfo));
  ListTracks l = { match_id, out };

  g_return_val_if_fail (TL_IS_STORE (store), NULL);

  if (!tl_store_read (store, list_in_transaction, &l, error))
    return NULL;
  return g_steal_pointer (&out);
}

typedef struct
{
  gint64 slice;               /* frame / step */
  double frame;               /* mean frame of the slice's samples */
  double x, y;
  gint64 frame_sum;
  int    n;
} GroundPoint;

static int
compare_track_no (gconstpointer a,
                  gconstpointer b)
{
  guint32 ta = ((const TlTrackInfo *) a)->track_no, tb = ((const TlTrackInfo *) b)->track_no;

  return ta < tb ? -1 : ta > tb;
}

static void
stats_for_path (const GArray *path,
                double        fps,
                TlTrackInfo  *info)
{
  const GroundPoint *p = (const GroundPoint *) path->data;
  double gap = ceil (fps * 0.5);
  double second = fps;
  gboolean in_sprint = FALSE;
  guint j = 0;

  info->has_stats = TRUE;
  info->distance_m = 0;
  info->top_speed_ms = 0;
  info->sprints = 0;
  for (guint i = 0; i + 1 < path->len; i++)
    if (p[i + 1].frame - p[i].frame <= gap)
      info->distance_m += hypot (p[i + 1].x - p[i].x, p[i + 1].y - p[i].y);

  /* Speed over one second of path: short enough for a sprint, long enough that detection
   * jitter of a few centimetres per frame does not show up as speed. */
  for (guint i = 0; i < path->len; i++)
    {
      double v = -1;

      if (j < i)
        j = i;
      while (j < path->len && p[j].frame - p[i].frame < second)
        j++;
      if (j < path->len && p[j].frame - p[i].frame <= second + gap)
        {
          v = hypot (p[j].x - p[i].x, p[j].y - p[i].y) * fps / (p[j].frame - p[i].frame);
          info->top_speed_ms = MAX (info->top_speed_ms, v);
        }
      if (v > TL_TRACK_SPRINT_SPEED && !in_sprint)
        in_sprint = TRUE;
      else if (v <= TL_TRACK_SPRINT_SPEED && in_sprint)
        {
          /* A window above the threshold already spans a second of running. */
          in_sprint = FALSE;
          info->sprints++;
        }
    }
  if (in_sprint)
    info->sprints++;
}

void
tl_track_stats_compute (const TlTrackSample *samples,
                        guint                n_samples,
                        double               fps,
                        GArray              *tracks)
{
  g_autoptr(GHashTable) paths = g_hash_table_new_full (NULL, NULL, NULL,
                                                       (GDestroyNotify) g_array_unref);
  gint64 step = MAX (1, (gint64) lround (fps * 0.2));
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (fps > 0);

  /* One ground point per 0.2 s of each person while seen (coasting is a guess): the mean of
   * that slice's samples. Summing frame-to-frame steps would add the detection jitter to the
   * distance; averaging takes most of it out of the speeds too. */
  for (guint i = 0; i < n_samples; i++)
    {
      const TlTrackSample *s = &samples[i];
      GArray *path;
      GroundPoint *last;

      if (s->klass != 1 || s->coasting || s->pitch_x_cm == TL_TRACK_PITCH_UNKNOWN)
        continue;
      path = g_hash_table_lookup (paths, GUINT_TO_POINTER (s->track_no));
      if (path == NULL)
        {
          path = g_array_new (FALSE, FALSE, sizeof (GroundPoint));
          g_hash_table_insert (paths, GUINT_TO_POINTER (s->track_no), path);
        }
      last = path->len > 0 ? &g_array_index (path, GroundPoint, path->len - 1) : NULL;
      if (last == NULL || last->slice != s->frame / step)
        {
          GroundPoint point = { s->frame / step, 0, 0, 0, 0 };

          g_array_append_val (path, point);
          last = &g_array_index (path, GroundPoint, path->len - 1);
        }
      last->frame_sum += s->frame;
      last->x += s->pitch_x_cm / 100.0;
      last->y += s->pitch_y_cm / 100.0;
      last->n++;
    }
  g_hash_table_iter_init (&iter, paths);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GArray *path = value;

      for (guint i = 0; i < path->len; i++)
        {
          GroundPoint *p = &g_array_index (path, GroundPoint, i);

          p->frame = (double) p->frame_sum / p->n;
          p->x /= p->n;
          p->y /= p->n;
        }
    }

  g_array_sort (tracks, compare_track_no);
  g_hash_table_iter_init (&iter, paths);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      TlTrackInfo probe = { .track_no = GPOINTER_TO_UINT (key) };
      guint index;

      if (g_array_binary_search (tracks, &probe, compare_track_no, &index))
        stats_for_path (value, fps, &g_array_index (tracks, TlTrackInfo, index));
    }
}

gboolean
tl_track_chunks_clear (TlStore  *store,
                       gint64    match_id,
                       GError  **error)
{
  const char *sqls[] = {
    "DELETE FROM track_chunks WHERE match_id = ?",
    "DELETE FROM tracks WHERE match_id = ?",  /* track_stats follow by cascade */
  };

  for (guint i = 0; i < G_N_ELEMENTS (sqls); i++)
    {
      sqlite3_stmt *stmt = tl_store_prepare (store, sqls[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, match_id);
      if (!tl_store_exec_stmt (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  gint64  match_id;
  double  fps;
  GArray *ranges;
} CoverageOp;

static gboolean
read_coverage (TlStore   *store,
               gpointer   user_data,
               GError   **error)
{
  CoverageOp *op = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store,
                           "SELECT first_frame, last_frame FROM track_chunks WHERE match_id = ?"
                           " ORDER BY first_frame", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->match_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* Frame n lasts from n / fps to (n + 1) / fps. */
      TlTimeRange range = {
        (gint64) llround (sqlite3_column_int64 (stmt, 0) * 1e9 / op->fps),
        (gint64) llround ((sqlite3_column_int64 (stmt, 1) + 1) * 1e9 / op->fps)
      };
      TlTimeRange *last = op->ranges->len > 0
                          ? &g_array_index (op->ranges, TlTimeRange, op->ranges->len - 1) : NULL;

      if (last != NULL && range.start_ns <= last->end_ns)
        last->end_ns = MAX (last->end_ns, range.end_ns);
      else
        g_array_append_val (op->ranges, range);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  return TRUE;
}

GArray *
tl_track_chunks_coverage (TlStore  *store,
                          gint64    match_id,
                          double    fps,
                          GError  **error)
{
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (TlTimeRange));
  CoverageOp op = { match_id, fps, ranges };

  g_return_val_if_fail (TL_IS_STORE (store), NULL);
  g_return_val_if_fail (fps > 0, NULL);

  if (!tl_store_read (store, read_coverage, &op, error))
    return NULL;
  return g_steal_pointer (&ranges);
}
