/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-role-tracks.c: players' ids from their roles, over a finished analysis's stored tracks
 * (tl-role-tracks.h). */
#include "tl-role-tracks.h"

#include <sqlite3.h>

#include "tl-role-ids.h"
#include "tl-track-chunks.h"

typedef struct
{
  TlStore     *store;
  gint64       match_id;
  GArray      *ranges;      /* gint64 pairs: each chunk's first and last frame */
  GArray      *starts;      /* gint64: the frames after the first where a period starts */
  GPtrArray   *roles;       /* TlRoleIds of each part: before the second start, ... */
  GHashTable  *kept;        /* track_no: the tracks the coach gave something */
  guint32      max_track_no;
} Pass;

/* A track as the pass leaves it: its row in the tracks table. */
typedef struct
{
  gint64 first_frame, last_frame;
  int    votes[3];          /* samples of team -1, 0, 1 */
} Row;

static TlRoleIds *
roles_at (Pass   *pass,
          gint64  frame)
{
  guint part = 0;

  while (part < pass->starts->len && frame >= g_array_index (pass->starts, gint64, part))
    part++;
  return g_ptr_array_index (pass->roles, part);
}

/* Whether a tracks row of match ?1 has something of the coach's: a player, a label, a side, a
 * drawing that follows it. */
#define COACH_GAVE \
  "(player_id IS NOT NULL OR label IS NOT NULL OR side_by_user OR track_no IN" \
  " (SELECT t.track_no FROM annotation_tracks t JOIN annotations a ON a.id = t.annotation_id" \
  "  WHERE a.match_id = ?1))"

/* The tracks with something of the coach's, which keep their ids; the highest track number of
 * the rows and of the drawings too, so that no role id becomes one a drawing already names. */
static gboolean
read_kept (Pass    *pass,
           GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (pass->store,
                           "SELECT track_no, " COACH_GAVE " FROM tracks WHERE match_id = ?1"
                           " UNION ALL SELECT t.track_no, 1 FROM annotation_tracks t"
                           " JOIN annotations a ON a.id = t.annotation_id WHERE a.match_id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pass->match_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint32 track_no = (guint32) sqlite3_column_int64 (stmt, 0);

      pass->max_track_no = MAX (pass->max_track_no, track_no);
      if (sqlite3_column_int (stmt, 1))
        g_hash_table_add (pass->kept, GUINT_TO_POINTER (track_no));
    }
  return rc == SQLITE_DONE || tl_store_set_error (pass->store, rc, error);
}

/* Where the periods after the first start, in frames. */
static gboolean
read_starts (Pass    *pass,
             double   fps,
             GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (pass->store,
                           "SELECT DISTINCT start_ns FROM periods WHERE match_id = ?"
                           " ORDER BY start_ns", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pass->match_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 frame = (gint64) (sqlite3_column_int64 (stmt, 0) * fps / G_GINT64_CONSTANT (1000000000)
                               + 0.5);

      if (frame > 0)
        g_array_append_val (pass->starts, frame);
    }
  return rc == SQLITE_DONE || tl_store_set_error (pass->store, rc, error);
}

/* Chunk @r's samples (transfer full), NULL with @error set. */
static GArray *
read_chunk (Pass    *pass,
            guint    r,
            GError **error)
{
  return tl_track_chunks_query (pass->store, pass->match_id,
                                g_array_index (pass->ranges, gint64, 2 * r),
                                g_array_index (pass->ranges, gint64, 2 * r + 1), error);
}

/* The end of the frame whose samples start at @i of @samples. */
static guint
frame_end (const GArray *samples,
           guint         i)
{
  const TlTrackSample *s = (const TlTrackSample *) (void *) samples->data;
  guint j = i;

  while (j < samples->len && s[j].frame == s[i].frame)
    j++;
  return j;
}

/* First read: each track's team, from its samples'. */
static gboolean
vote_teams (Pass     *pass,
            GError  **error)
{
  for (guint r = 0; r < pass->ranges->len / 2; r++)
    {
      g_autoptr(GArray) samples = read_chunk (pass, r, error);

      if (samples == NULL)
        return FALSE;
      for (guint i = 0; i < samples->len; i++)
        {
          const TlTrackSample *s = &g_array_index (samples, TlTrackSample, i);

          pass->max_track_no = MAX (pass->max_track_no, s->track_no);
          if (s->klass == TL_OBJECT_PERSON
              && tl_role_ids_vote (roles_at (pass, s->frame), s->track_no, s->team) != 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory");
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Second read: each frame's persons on the ground, where they stand. */
static gboolean
add_frames (Pass     *pass,
            GError  **error)
{
  g_autoptr(GArray) obs = g_array_new (FALSE, FALSE, sizeof (TlRoleObs));

  for (guint r = 0; r < pass->ranges->len / 2; r++)
    {
      g_autoptr(GArray) samples = read_chunk (pass, r, error);

      if (samples == NULL)
        return FALSE;
      for (guint i = 0, end; i < samples->len; i = end)
        {
          gint64 frame = g_array_index (samples, TlTrackSample, i).frame;

          end = frame_end (samples, i);
          g_array_set_size (obs, 0);
          for (guint k = i; k < end; k++)
            {
              const TlTrackSample *s = &g_array_index (samples, TlTrackSample, k);
              TlRoleObs o = { s->track_no, s->team, s->x, s->y, s->w, s->h,
                              s->pitch_x_cm / 100.0f, s->pitch_y_cm / 100.0f };

              if (s->klass == TL_OBJECT_PERSON && s->pitch_x_cm != TL_TRACK_PITCH_UNKNOWN)
                g_array_append_val (obs, o);
            }
          if (tl_role_ids_add_frame (roles_at (pass, frame), frame,
                                     (const TlRoleObs *) (void *) obs->data, (int) obs->len) != 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory");
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Third read: the persons' new ids, each chunk stored again; @rows gets every person track's
 * frames and teams. */
static gboolean
relabel_chunks (Pass        *pass,
                GHashTable  *rows,
                GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) where = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint r = 0; r < pass->ranges->len / 2; r++)
    {
      g_autoptr(GArray) samples = read_chunk (pass, r, error);
      g_autoptr(GBytes) blob = NULL;
      gboolean changed = FALSE;

      if (samples == NULL)
        return FALSE;
      for (guint i = 0, end; i < samples->len; i = end)
        {
          gint64 frame = g_array_index (samples, TlTrackSample, i).frame;

          end = frame_end (samples, i);
          g_array_set_size (ids, 0);
          g_array_set_size (where, 0);
          for (guint k = i; k < end; k++)
            if (g_array_index (samples, TlTrackSample, k).klass == TL_OBJECT_PERSON)
              {
                g_array_append_val (ids, g_array_index (samples, TlTrackSample, k).track_no);
                g_array_append_val (where, k);
              }
          if (tl_role_ids_relabel (roles_at (pass, frame), frame,
                                   (guint32 *) (void *) ids->data, (int) ids->len) != 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory");
              return FALSE;
            }
          for (guint k = 0; k < ids->len; k++)
            {
              TlTrackSample *s = &g_array_index (samples, TlTrackSample,
                                                 g_array_index (where, guint, k));
              guint32 id = g_array_index (ids, guint32, k);
              Row *row = g_hash_table_lookup (rows, GUINT_TO_POINTER (id));

              changed |= s->track_no != id;
              s->track_no = id;
              if (row == NULL)
                {
                  row = g_new0 (Row, 1);
                  row->first_frame = frame;
                  g_hash_table_insert (rows, GUINT_TO_POINTER (id), row);
                }
              row->last_frame = frame;
              row->votes[CLAMP (s->team + 1, 0, 2)]++;
            }
        }
      if (!changed)
        continue;
      blob = tl_track_chunk_encode (g_array_index (pass->ranges, gint64, 2 * r), TRUE,
                                    (const TlTrackSample *) (void *) samples->data,
                                    samples->len);
      if (!tl_track_chunks_put (pass->store, pass->match_id,
                                g_array_index (pass->ranges, gint64, 2 * r),
                                g_array_index (pass->ranges, gint64, 2 * r + 1), blob, error))
        return FALSE;
    }
  return TRUE;
}

/* The person rows: the engine's go (but the coach's), one for each id the samples now have
 * comes (a kept one stays as it was). */
static gboolean
write_rows (Pass        *pass,
            GHashTable  *rows,
            GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;
  sqlite3_stmt *stmt;

  stmt = tl_store_prepare (pass->store,
                           "DELETE FROM tracks WHERE match_id = ?1 AND class = 1"
                           " AND NOT " COACH_GAVE, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pass->match_id);
  if (!tl_store_exec_stmt (pass->store, stmt, error))
    return FALSE;
  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Row *row = value;
      int side = row->votes[1] >= row->votes[2] ? 1 : 2;

      /* The side of its team, none where most of its samples have none. */
      if (row->votes[0] > row->votes[1] && row->votes[0] > row->votes[2])
        side = 0;
      stmt = tl_store_prepare (pass->store,
                               "INSERT INTO tracks (match_id, track_no, class, team_side,"
                               " first_frame, last_frame) VALUES (?, ?, 1, ?, ?, ?)"
                               " ON CONFLICT (match_id, track_no) DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, pass->match_id);
      sqlite3_bind_int64 (stmt, 2, GPOINTER_TO_UINT (key));
      sqlite3_bind_int (stmt, 3, side);
      sqlite3_bind_int64 (stmt, 4, row->first_frame);
      sqlite3_bind_int64 (stmt, 5, row->last_frame);
      if (!tl_store_exec_stmt (pass->store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
tl_role_tracks_apply (TlStore   *store,
                      gint64     match_id,
                      double     fps,
                      int       *n_roles,
                      GError   **error)
{
  Pass pass = { store, match_id };
  g_autoptr(GHashTable) rows = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  GHashTableIter iter;
  gpointer key;
  guint32 first_id;
  int given = 0;
  gboolean ok = FALSE;

  if (!(fps > 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the role pass needs the video's frame rate");
      return FALSE;
    }
  pass.starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  pass.roles = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_role_ids_free);
  pass.kept = g_hash_table_new (NULL, NULL);
  if (!read_kept (&pass, error) || !read_starts (&pass, fps, error)
      || (pass.ranges = tl_track_chunks_list_ranges (store, match_id, error)) == NULL)
    goto out;
  for (guint part = 0; part <= pass.starts->len; part++)
    {
      TlRoleIds *roles = tl_role_ids_new (fps);

      if (roles == NULL)
        goto oom;
      g_ptr_array_add (pass.roles, roles);
      g_hash_table_iter_init (&iter, pass.kept);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (tl_role_ids_keep (roles, GPOINTER_TO_UINT (key)) != 0)
          goto oom;
    }
  if (!vote_teams (&pass, error) || !add_frames (&pass, error))
    goto out;
  /* Each part's roles numbered on from the engine's last id. */
  first_id = pass.max_track_no + 1;
  for (guint part = 0; part < pass.roles->len; part++)
    {
      int n = tl_role_ids_solve (g_ptr_array_index (pass.roles, part), first_id);

      if (n < 0)
        goto oom;
      first_id += (guint32) n;
      given += n;
    }
  if (!relabel_chunks (&pass, rows, error) || !write_rows (&pass, rows, error))
    goto out;
  if (n_roles)
    *n_roles = given;
  ok = TRUE;
  goto out;

oom:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory");
out:
  g_clear_pointer (&pass.ranges, g_array_unref);
  g_array_unref (pass.starts);
  g_ptr_array_unref (pass.roles);
  g_hash_table_unref (pass.kept);
  return ok;
}
