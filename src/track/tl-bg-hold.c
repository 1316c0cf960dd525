/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-bg-hold.c: the cells where tracked players stand, kept out of background absorption. */
#include "tl-bg-hold.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tl-bg-pixel.h"

typedef struct
{
  int32_t id;
  int32_t moved;
  int64_t last_seen;          /* update counter of the last time it was reported */
  float   born_x, born_y;     /* ground point when first reported */
} Record;

struct _TlBgHold
{
  int      width, height;
  int      cells_w, cells_h;
  double   ground_moved;
  double   standing_speed;
  int      forget_frames;
  int64_t  updates;
  uint8_t *plane;
  uint8_t *before;            /* the plane as it was before the last update */
  uint8_t *learnt;            /* held whatever the tracks (tl_bg_hold_add_learnt) */
  Record  *records;
  int      n_records;
  int      capacity;
};

TlBgHold *
tl_bg_hold_new (int    width,
                int    height,
                double ground_moved,
                double standing_speed,
                int    forget_frames)
{
  TlBgHold *hold = calloc (1, sizeof *hold);

  if (hold == NULL)
    return NULL;
  hold->width = width;
  hold->height = height;
  hold->cells_w = TL_BG_HOLD_WIDTH (width);
  hold->cells_h = TL_BG_HOLD_HEIGHT (height);
  hold->ground_moved = ground_moved;
  hold->standing_speed = standing_speed;
  hold->forget_frames = forget_frames;
  hold->plane = calloc ((size_t) hold->cells_w * hold->cells_h, 1);
  hold->before = calloc ((size_t) hold->cells_w * hold->cells_h, 1);
  hold->learnt = calloc ((size_t) hold->cells_w * hold->cells_h, 1);
  if (hold->plane == NULL || hold->before == NULL || hold->learnt == NULL)
    {
      tl_bg_hold_free (hold);
      return NULL;
    }
  return hold;
}

void
tl_bg_hold_free (TlBgHold *hold)
{
  if (hold == NULL)
    return;
  free (hold->plane);
  free (hold->before);
  free (hold->learnt);
  free (hold->records);
  free (hold);
}

void
tl_bg_hold_reset (TlBgHold *hold)
{
  hold->updates = 0;
  hold->n_records = 0;
  memset (hold->plane, 0, (size_t) hold->cells_w * hold->cells_h);
  memset (hold->before, 0, (size_t) hold->cells_w * hold->cells_h);
  memset (hold->learnt, 0, (size_t) hold->cells_w * hold->cells_h);
}

void
tl_bg_hold_add_learnt (TlBgHold      *hold,
                       const uint8_t *cells)
{
  for (long i = 0; i < (long) hold->cells_w * hold->cells_h; i++)
    {
      uint8_t cell = cells[i] ? TL_BG_HELD : 0;

      hold->learnt[i] |= cell;
      hold->plane[i] |= cell;
      hold->before[i] |= cell;
    }
}

const uint8_t *
tl_bg_hold_plane (const TlBgHold *hold)
{
  return hold->plane;
}

const uint8_t *
tl_bg_hold_plane_before (const TlBgHold *hold)
{
  return hold->before;
}

static Record *
find_or_add (TlBgHold            *hold,
             const TlTrackUpdate *track)
{
  for (int i = 0; i < hold->n_records; i++)
    if (hold->records[i].id == track->id)
      return &hold->records[i];

  if (hold->n_records == hold->capacity)
    {
      int capacity = hold->capacity ? 2 * hold->capacity : 64;
      Record *records = realloc (hold->records, (size_t) capacity * sizeof *records);

      if (records == NULL)
        return NULL;
      hold->records = records;
      hold->capacity = capacity;
    }
  hold->records[hold->n_records] = (Record) {
    .id = track->id, .born_x = track->pitch_x, .born_y = track->pitch_y,
  };
  return &hold->records[hold->n_records++];
}

/* Drops the records of tracks unseen for longer than a lost track can come back, so the list
 * holds the live tracks of the last seconds whatever the length of the match. */
static void
forget_old (TlBgHold *hold)
{
  int kept = 0;

  for (int i = 0; i < hold->n_records; i++)
    if (hold->updates - hold->records[i].last_seen <= hold->forget_frames)
      hold->records[kept++] = hold->records[i];
  hold->n_records = kept;
}

/* The box grown by a quarter of its width each side and a tenth of its height up and down:
 * the next frame's player has moved a little, and his arms and legs swing beyond the box.
 * @cell is TL_BG_HELD, with TL_BG_FROZEN or not. */
static void
paint_box (TlBgHold            *hold,
           const TlTrackUpdate *track,
           uint8_t              cell)
{
  double gx = 0.25 * track->w, gy = 0.1 * track->h;
  int c0 = (int) floor ((track->x - gx) / TL_BG_HOLD_CELL);
  int c1 = (int) floor ((track->x + track->w + gx) / TL_BG_HOLD_CELL);
  int r0 = (int) floor ((track->y - gy) / TL_BG_HOLD_CELL);
  int r1 = (int) floor ((track->y + track->h + gy) / TL_BG_HOLD_CELL);

  c0 = c0 < 0 ? 0 : c0;
  r0 = r0 < 0 ? 0 : r0;
  c1 = c1 >= hold->cells_w ? hold->cells_w - 1 : c1;
  r1 = r1 >= hold->cells_h ? hold->cells_h - 1 : r1;
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      hold->plane[(long) r * hold->cells_w + c] |= cell;
}

int
tl_bg_hold_update (TlBgHold            *hold,
                   const TlTrackUpdate *tracks,
                   int                  n_tracks)
{
  int status = 0;
  uint8_t *kept = hold->before;

  /* The plane painted last becomes the one before; the other is painted afresh. */
  hold->before = hold->plane;
  hold->plane = kept;
  hold->updates++;
  memset (hold->plane, 0, (size_t) hold->cells_w * hold->cells_h);
  for (int i = 0; i < n_tracks; i++)
    {
      const TlTrackUpdate *track = &tracks[i];
      Record *record;
      double reach, standing;

      /* Only a track matched in this frame: a coasting box may be on empty grass. */
      if (track->klass != TL_OBJECT_PERSON || track->state != TL_TRACK_CONFIRMED)
        continue;
      record = find_or_add (hold, track);
      if (record == NULL)
        {
          status = -1;
          continue;
        }
      record->last_seen = hold->updates;
      reach = hold->ground_moved > 0 ? hold->ground_moved : track->h;
      if (hypot (track->pitch_x - record->born_x, track->pitch_y - record->born_y) > reach)
        record->moved = 1;
      /* A player standing still is frozen too (tl_bg_chroma_update): over seconds the blocks of
       * his that the noise brings within the threshold would pull the chroma model onto him. */
      standing = hold->standing_speed > 0 ? hold->standing_speed : 0.5 * track->h;
      if (record->moved)
        paint_box (hold, track,
                   hypot (track->vx, track->vy) < standing ? TL_BG_HELD | TL_BG_FROZEN
                                                           : TL_BG_HELD);
    }
  for (long i = 0; i < (long) hold->cells_w * hold->cells_h; i++)
    hold->plane[i] |= hold->learnt[i];
  forget_old (hold);
  return status;
}

void
tl_bg_hold_save (const TlBgHold *hold,
                 TlStateWriter  *w)
{
  tl_state_put_i64 (w, hold->updates);
  tl_state_put_i64 (w, hold->n_records);
  tl_state_put (w, hold->records, (size_t) hold->n_records * sizeof *hold->records);
  tl_state_put (w, hold->plane, (size_t) hold->cells_w * hold->cells_h);
  tl_state_put (w, hold->before, (size_t) hold->cells_w * hold->cells_h);
  tl_state_put (w, hold->learnt, (size_t) hold->cells_w * hold->cells_h);
}

int
tl_bg_hold_restore (TlBgHold      *hold,
                    TlStateReader *r)
{
  int64_t updates = tl_state_get_i64 (r);
  int64_t n = tl_state_get_i64 (r);

  if (r->failed || n < 0 || n > 1 << 20)
    return -1;
  if (n > hold->capacity)
    {
      Record *records = realloc (hold->records, (size_t) n * sizeof *records);

      if (records == NULL)
        return -1;
      hold->records = records;
      hold->capacity = (int) n;
    }
  if (tl_state_get (r, hold->records, (size_t) n * sizeof *hold->records) < 0
      || tl_state_get (r, hold->plane, (size_t) hold->cells_w * hold->cells_h) < 0
      || tl_state_get (r, hold->before, (size_t) hold->cells_w * hold->cells_h) < 0
      || tl_state_get (r, hold->learnt, (size_t) hold->cells_w * hold->cells_h) < 0)
    return -1;
  hold->updates = updates;
  hold->n_records = (int) n;
  return 0;
}
