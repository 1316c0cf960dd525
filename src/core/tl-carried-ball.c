/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-carried-ball.c: the carried-ball pass over a match's stored chunks, a sliding window of
 * them as long as the spells it fills. */
#include "tl-carried-ball.h"

#include <math.h>

#include "tl-ball-carry.h"
#include "tl-ball-detour.h"
#include "tl-ball-shin.h"
#include "tl-track-chunks.h"

typedef struct
{
  gint64  first_frame;
  gint64  last_frame;
  GArray *samples;          /* TlTrackSample, as stored */
  GArray *carried;          /* TlTrackSample: the balls this pass gives it */
} Chunk;

static void
chunk_free (Chunk *chunk)
{
  g_clear_pointer (&chunk->samples, g_array_unref);
  g_array_unref (chunk->carried);
  g_free (chunk);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Chunk, chunk_free)

/* Stored samples as the engine's updates (what tl_ball_carry_push reads), to go back through
 * tl_track_sample_from_update unchanged: the pitch in metres, NaN where unknown. */
static TlTrackUpdate
update_of_sample (const TlTrackSample *s)
{
  gboolean known = s->pitch_x_cm != TL_TRACK_PITCH_UNKNOWN
                   && s->pitch_y_cm != TL_TRACK_PITCH_UNKNOWN;

  return (TlTrackUpdate) {
    .id = (int) s->track_no,
    .klass = s->klass,
    .state = s->coasting ? TL_TRACK_COASTING : TL_TRACK_CONFIRMED,
    .team = s->team,
    .x = s->x, .y = s->y, .w = s->w, .h = s->h,
    .pitch_x = known ? s->pitch_x_cm / 100.0f : NAN,
    .pitch_y = known ? s->pitch_y_cm / 100.0f : NAN,
  };
}

static int
by_frame (gconstpointer a,
          gconstpointer b)
{
  gint64 fa = ((const TlTrackSample *) a)->frame, fb = ((const TlTrackSample *) b)->frame;

  return fa < fb ? -1 : fa > fb;
}

/* @chunk's samples with its carried balls, each after the samples of its frame and in place of
 * the ball the frame reported, if any. (transfer full) */
static GArray *
merged_samples (Chunk *chunk)
{
  GArray *merged;
  guint c = 0;

  if (chunk->carried->len == 0)
    return g_array_ref (chunk->samples);
  g_array_sort (chunk->carried, by_frame);
  merged = g_array_sized_new (FALSE, FALSE, sizeof (TlTrackSample),
                              chunk->samples->len + chunk->carried->len);
  for (guint i = 0; i < chunk->samples->len; i++)
    {
      const TlTrackSample *s = &g_array_index (chunk->samples, TlTrackSample, i);

      for (; c < chunk->carried->len
             && g_array_index (chunk->carried, TlTrackSample, c).frame < s->frame; c++)
        g_array_append_val (merged, g_array_index (chunk->carried, TlTrackSample, c));
      /* A ball given to a frame that reported one replaces it. */
      if (s->klass == TL_OBJECT_BALL && c < chunk->carried->len
          && g_array_index (chunk->carried, TlTrackSample, c).frame == s->frame)
        continue;
      g_array_append_val (merged, *s);
    }
  g_array_append_vals (merged, &g_array_index (chunk->carried, TlTrackSample, c),
                       chunk->carried->len - c);
  return merged;
}

/* Stores a chunk again with its carried balls (merged_samples); one without any is left as it
 * was stored. */
static gboolean
store_chunk (TlStore   *store,
             gint64     match_id,
             gboolean   has_pitch,
             Chunk     *chunk,
             GError   **error)
{
  g_autoptr(GArray) merged = NULL;
  g_autoptr(GBytes) blob = NULL;

  if (chunk->carried->len == 0)
    return TRUE;
  merged = merged_samples (chunk);
  blob = tl_track_chunk_encode (chunk->first_frame, has_pitch,
                                (const TlTrackSample *) merged->data, merged->len);
  return tl_track_chunks_put (store, match_id, chunk->first_frame, chunk->last_frame, blob,
                              error);
}

/* The ball tracks that now start earlier: their rows say so. */
static gboolean
move_first_frames (TlStore     *store,
                   gint64       match_id,
                   GHashTable  *first_frames,
                   GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, first_frames);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_stmt *stmt = tl_store_prepare (store,
                                             "UPDATE tracks SET first_frame = min(first_frame, ?)"
                                             " WHERE match_id = ? AND track_no = ?", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *(gint64 *) value);
      sqlite3_bind_int64 (stmt, 2, match_id);
      sqlite3_bind_int64 (stmt, 3, GPOINTER_TO_UINT (key));
      if (!tl_store_exec_stmt (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
same_sample (const TlTrackSample *a,
             const TlTrackSample *b)
{
  return a->frame == b->frame && a->track_no == b->track_no && a->klass == b->klass
         && a->coasting == b->coasting && a->team == b->team && a->x == b->x && a->y == b->y
         && a->w == b->w && a->h == b->h && a->pitch_x_cm == b->pitch_x_cm
         && a->pitch_y_cm == b->pitch_y_cm;
}

/* Whether @chunk stores a sample of @frame. */
static gboolean
chunk_has_frame (const Chunk *chunk,
                 gint64       frame)
{
  guint i = tl_track_samples_first_at (chunk->samples, frame);

  return i < chunk->samples->len && g_array_index (chunk->samples, TlTrackSample, i).frame == frame;
}

/* Gives @chunk the carried ball @s; one that @replaces a ball takes the place of one given to
 * its frame before, if any (a throw-in's ball over the thrower's head replaces the one the pass
 * put in his hands; only such a fill can meet one). */
static void
carry_into (Chunk               *chunk,
            const TlTrackSample *s,
            gboolean             replaces)
{
  for (guint c = 0; replaces && c < chunk->carried->len; c++)
    if (g_array_index (chunk->carried, TlTrackSample, c).frame == s->frame)
      {
        g_array_index (chunk->carried, TlTrackSample, c) = *s;
        return;
      }
  g_array_append_val (chunk->carried, *s);
}

/* Hands each fill to the chunk of its frame (the newest chunks are the likeliest); returns
 * how many found theirs (all: the window reaches as far back as a spell). */
static int
add_fills (GQueue                *window,
           GHashTable            *first_frames,
           gboolean               has_pitch,
           const TlBallCarryFill *fills,
           int                    n_fills)
{
  int added = 0;

  for (int k = 0; k < n_fills; k++)
    {
      TlTrackSample s = tl_track_sample_from_update (&fills[k].ball, fills[k].frame, 1.0, 1.0,
                                                     has_pitch);
      gint64 *first = g_hash_table_lookup (first_frames, GUINT_TO_POINTER (s.track_no));
      GList *l;

      /* A stored ball given again as it is (the pass run a second time) changes nothing. */
      if (fills[k].replaced)
        {
          TlTrackSample was = tl_track_sample_from_update (&fills[k].was, fills[k].frame, 1.0,
                                                           1.0, has_pitch);

          if (same_sample (&was, &s))
            continue;
        }

      for (l = window->tail; l != NULL; l = l->prev)
        {
          Chunk *chunk = l->data;

          if (s.frame >= chunk->first_frame && s.frame <= chunk->last_frame)
            break;
        }
      /* A frame with nothing stored is a hole in the video (a capture that dropped it): it
       * keeps none, a ball carried across it included. */
      if (l == NULL || !chunk_has_frame (l->data, s.frame))
        continue;
      carry_into (l->data, &s, fills[k].replaced);
      added++;
      if (first == NULL)
        {
          first = g_new (gint64, 1);
          *first = s.frame;
          g_hash_table_insert (first_frames, GUINT_TO_POINTER (s.track_no), first);
        }
      *first = MIN (*first, s.frame);
    }
  return added;
}

/* The chunks the pass is done with go through the detours (tl-ball-detour.h) before they are
 * stored: @detour takes their frames as the pass left them, and @settled keeps them until no
 * later frame can move one of theirs. */
typedef struct
{
  TlBallDetour *detour;
  GQueue       *settled;
  GArray       *updates;      /* TlTrackUpdate, one frame's (the pass's own scratch array) */
  gint64        pushed;       /* the last frame pushed, -1 none */
  gint64        moved;
} Detours;

/* Gives each of the @n @moves to the settled chunk of its frame, in place of its ball. */
static void
add_moves (Detours                *detours,
           gboolean                has_pitch,
           const TlBallDetourMove *moves,
           int                     n)
{
  for (int k = 0; k < n; k++)
    {
      TlTrackSample s = tl_track_sample_from_update (&moves[k].ball, moves[k].frame, 1.0, 1.0,
                                                     has_pitch);

      for (GList *l = detours->settled->tail; l != NULL; l = l->prev)
        {
          Chunk *chunk = l->data;

          if (s.frame >= chunk->first_frame && s.frame <= chunk->last_frame)
            {
              carry_into (chunk, &s, TRUE);
              detours->moved++;
              break;
            }
        }
    }
}

/* Pushes each frame of @chunk that stores samples into the detours, as the pass leaves it
 * (merged_samples). */
static void
push_detours (Detours  *detours,
              gboolean  has_pitch,
              Chunk    *chunk)
{
  g_autoptr(GArray) merged = merged_samples (chunk);
  guint i = 0;

  while (i < merged->len)
    {
      gint64 frame = g_array_index (merged, TlTrackSample, i).frame;
      const TlBallDetourMove *moves;
      int n;

      g_array_set_size (detours->updates, 0);
      for (; i < merged->len && g_array_index (merged, TlTrackSample, i).frame == frame; i++)
        {
          TlTrackUpdate u = update_of_sample (&g_array_index (merged, TlTrackSample, i));

          g_array_append_val (detours->updates, u);
        }
      n = tl_ball_detour_push (detours->detour, frame,
                               (const TlTrackUpdate *) (void *) detours->updates->data,
                               (int) detours->updates->len, &moves);
      add_moves (detours, has_pitch, moves, n);
      detours->pushed = frame;
    }
}

/* Stores and forgets the settled chunks that no frame after the last one pushed can change. */
static gboolean
store_settled (TlStore   *store,
               gint64     match_id,
               gboolean   has_pitch,
               Detours   *detours,
               gboolean   all,
               GError   **error)
{
  while (!g_queue_is_empty (detours->settled)
         && (all || ((Chunk *) g_queue_peek_head (detours->settled))->last_frame
                      < detours->pushed - TL_BALL_DETOUR_MAX_FRAMES - 1))
    {
      g_autoptr(Chunk) oldest = g_queue_pop_head (detours->settled);

      if (!store_chunk (store, match_id, has_pitch, oldest, error))
        return FALSE;
    }
  return TRUE;
}

/* Hands the chunks of @window that end before frame @before, which no later spell can reach
 * back into, to the detours, and stores those the detours are done with. */
static gboolean
store_chunks_before (TlStore   *store,
                     gint64     match_id,
                     gboolean   has_pitch,
                     GQueue    *window,
                     Detours   *detours,
                     gint64     before,
                     GError   **error)
{
  while (!g_queue_is_empty (window)
         && ((Chunk *) g_queue_peek_head (window))->last_frame < before)
    {
      Chunk *oldest = g_queue_pop_head (window);

      g_queue_push_tail (detours->settled, oldest);
      push_detours (detours, has_pitch, oldest);
    }
  return store_settled (store, match_id, has_pitch, detours, FALSE, error);
}

/* Pushes every frame of @chunk, those without a sample too (so that a spell is as many frames
 * long as it lasts and the window reaches back far enough), and hands the fills to the chunks
 * of @window. FALSE when out of memory. */
static gboolean
push_chunk (TlBallCarry *carry,
            Chunk       *chunk,
            GQueue      *window,
            GHashTable  *first_frames,
            gboolean     has_pitch,
            GArray      *updates,
            gint64      *filled)
{
  guint i = 0;

  for (gint64 frame = chunk->first_frame; frame <= chunk->last_frame; frame++)
    {
      const TlBallCarryFill *fills;
      int n_fills;

      g_array_set_size (updates, 0);
      for (; i < chunk->samples->len
             && g_array_index (chunk->samples, TlTrackSample, i).frame == frame; i++)
        {
          TlTrackUpdate u = update_of_sample (&g_array_index (chunk->samples, TlTrackSample, i));

          g_array_append_val (updates, u);
        }
      n_fills = tl_ball_carry_push (carry, frame, (const TlTrackUpdate *) updates->data,
                                    (int) updates->len, &fills);
      if (n_fills < 0)
        return FALSE;
      *filled += add_fills (window, first_frames, has_pitch, fills, n_fills);
    }
  return TRUE;
}

/* Hands the fills the last frames' ball still waited for (a ball right after a spell waits
 * for a frame without one, or for TL_BALL_CARRY_LONE_FRAMES with one; a ball low in a
 * person's box for up to TL_BALL_SHIN_FRAMES) to the chunks of @window. FALSE when out of
 * memory. */
static gboolean
finish_pass (TlBallCarry *carry,
             GQueue      *window,
             GHashTable  *first_frames,
             gboolean     has_pitch,
             gint64      *filled)
{
  const TlBallCarryFill *fills;
  int n_fills = tl_ball_carry_finish (carry, &fills);

  if (n_fills < 0)
    return FALSE;
  *filled += add_fills (window, first_frames, has_pitch, fills, n_fills);
  return TRUE;
}

gboolean
tl_carried_ball_add (TlStore              *store,
                     gint64                match_id,
                     double                fps,
                     const TlCameraParams *camera,
                     const TlPitch        *pitch,
                     gint64               *n_filled,
                     GError              **error)
{
  gboolean has_pitch = camera != NULL;
  g_autoptr(GArray) ranges = NULL;
  g_autoptr(GArray) updates = g_array_new (FALSE, FALSE, sizeof (TlTrackUpdate));
  g_autoptr(GHashTable) first_frames = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GQueue) window = g_queue_new ();
  Detours detours = { NULL, g_queue_new (), updates, -1, 0 };
  const TlBallDetourMove *moves;
  TlBallCarry *carry = NULL;
  gint64 filled = 0;
  gboolean ok = FALSE;

  if (!(fps > 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the carried-ball pass needs the video's frame rate");
      goto out;
    }
  if ((ranges = tl_track_chunks_list_ranges (store, match_id, error)) == NULL)
    goto out;
  if ((carry = tl_ball_carry_new (TL_BALL_CARRY_MAX_FRAMES)) == NULL
      || (detours.detour = tl_ball_detour_new (fps)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory");
      goto out;
    }
  /* The samples are in the video's pixels, as the camera. */
  if (camera)
    tl_ball_carry_set_pitch_seen_by (carry, camera, pitch ? pitch->length : 0,
                                     pitch ? pitch->width : 0, 1.0, 1.0);
  for (guint r = 0; r < ranges->len; r += 2)
    {
      Chunk *chunk = g_new0 (Chunk, 1);

      chunk->first_frame = g_array_index (ranges, gint64, r);
      chunk->last_frame = g_array_index (ranges, gint64, r + 1);
      chunk->carried = g_array_new (FALSE, FALSE, sizeof (TlTrackSample));
      g_queue_push_tail (window, chunk);
      chunk->samples = tl_track_chunks_query (store, match_id, chunk->first_frame,
                                              chunk->last_frame, error);
      if (chunk->samples == NULL)
        goto out;
      if (!push_chunk (carry, chunk, window, first_frames, has_pitch, updates, &filled))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory");
          goto out;
        }
      /* Chunks no later spell can reach back into are done with: a spell reaches back
         TL_BALL_CARRY_MAX_FRAMES from the ball that ends it, whose frame may wait for up to
         TL_BALL_CARRY_LONE_FRAMES more, after up to TL_BALL_SHIN_FRAMES to be told from a
         sock. */
      if (!store_chunks_before (store, match_id, has_pitch, window, &detours,
                                chunk->last_frame - TL_BALL_CARRY_MAX_FRAMES
                                  - TL_BALL_CARRY_LONE_FRAMES - TL_BALL_SHIN_FRAMES, error))
        goto out;
    }
  if (!finish_pass (carry, window, first_frames, has_pitch, &filled))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory");
      goto out;
    }
  if (!store_chunks_before (store, match_id, has_pitch, window, &detours, G_MAXINT64, error))
    goto out;
  add_moves (&detours, has_pitch, moves, tl_ball_detour_finish (detours.detour, &moves));
  if (!store_settled (store, match_id, has_pitch, &detours, TRUE, error)
      || !move_first_frames (store, match_id, first_frames, error))
    goto out;
  if (n_filled)
    *n_filled = filled + detours.moved;
  ok = TRUE;

out:
  g_queue_free_full (g_steal_pointer (&window), (GDestroyNotify) chunk_free);
  g_queue_free_full (g_steal_pointer (&detours.settled), (GDestroyNotify) chunk_free);
  tl_ball_detour_free (detours.detour);
  tl_ball_carry_free (carry);
  return ok;
}
