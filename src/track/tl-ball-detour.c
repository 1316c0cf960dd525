/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-ball-detour.c: a short detour of the reported ball put back on its line (tl-ball-detour.h). */
#include "tl-ball-detour.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tl-ball-carry.h"

/* A detour's first end, its frames and its last end. */
#define SPAN (TL_BALL_DETOUR_MAX_FRAMES + 2)

typedef struct
{
  int64_t       frame;
  TlTrackUpdate ball;
  double        px_per_m;     /* from the nearest person, 0 when nobody was in the frame */
} Kept;

struct _TlBallDetour
{
  double           fps;
  Kept             kept[SPAN]; /* consecutive frames with a ball, oldest first */
  int              n_kept;
  TlBallDetourMove moves[SPAN];
  int              n_moves;
};

TlBallDetour *
tl_ball_detour_new (double fps)
{
  TlBallDetour *detour;

  if (!(fps > 0) || (detour = calloc (1, sizeof *detour)) == NULL)
    return NULL;
  detour->fps = fps;
  return detour;
}

void
tl_ball_detour_free (TlBallDetour *detour)
{
  free (detour);
}

static double
centre_x (const TlTrackUpdate *u)
{
  return u->x + u->w / 2.0;
}

static double
centre_y (const TlTrackUpdate *u)
{
  return u->y + u->h / 2.0;
}

/* Pixels a metre at @ball: the height of the person whose foot lies nearest it over
 * TL_BALL_DETOUR_PERSON_M; 0 when none of the @n @updates is a person. */
static double
px_per_m_at (const TlTrackUpdate *ball,
             const TlTrackUpdate *updates,
             int                  n)
{
  double best = INFINITY, height = 0;

  for (int i = 0; i < n; i++)
    {
      const TlTrackUpdate *u = &updates[i];
      double d;

      if (u->klass != TL_OBJECT_PERSON)
        continue;
      d = hypot (centre_x (u) - centre_x (ball), u->y + u->h - centre_y (ball));
      if (d < best)
        {
          best = d;
          height = u->h;
        }
    }
  return height / TL_BALL_DETOUR_PERSON_M;
}

/* Whether the kept frames 1 .. @last - 1 are a detour between frames 0 and @last. */
static int
is_detour (const TlBallDetour *detour,
           int                 last)
{
  const Kept *from = &detour->kept[0], *to = &detour->kept[last];
  double x0 = centre_x (&from->ball), y0 = centre_y (&from->ball);
  double dx = centre_x (&to->ball) - x0, dy = centre_y (&to->ball) - y0;
  double ppm = from->px_per_m;

  if (ppm <= 0 || hypot (dx, dy) > TL_BALL_DETOUR_SPEED_M_S / detour->fps * ppm * last)
    return 0;
  for (int k = 1; k < last; k++)
    {
      double a = (double) k / last;

      if (hypot (centre_x (&detour->kept[k].ball) - (x0 + a * dx),
                 centre_y (&detour->kept[k].ball) - (y0 + a * dy))
          <= TL_BALL_DETOUR_OFF_M * ppm)
        return 0;
    }
  return 1;
}

/* Moves the kept frames 1 .. @last - 1 onto the line between frames 0 and @last. */
static void
straighten (TlBallDetour *detour,
            int           last)
{
  const TlTrackUpdate *from = &detour->kept[0].ball, *to = &detour->kept[last].ball;

  for (int k = 1; k < last; k++)
    {
      TlBallDetourMove *move = &detour->moves[detour->n_moves++];

      move->frame = detour->kept[k].frame;
      move->was = detour->kept[k].ball;
      move->ball = move->was;
      move->ball.state = TL_TRACK_COASTING;
      tl_ball_carry_place_between (&move->ball, from, to, (float) k / (float) last);
    }
}

static void
drop_oldest (TlBallDetour *detour,
             int           count)
{
  memmove (detour->kept, detour->kept + count, (size_t) (detour->n_kept - count) * sizeof (Kept));
  detour->n_kept -= count;
}

/* Decides for the oldest kept frames, as long as enough frames after them are kept (all of
 * them when @all: no frame with a ball follows; none is kept after). */
static void
settle (TlBallDetour *detour,
        int           all)
{
  while (detour->n_kept > 0 && (all || detour->n_kept == SPAN))
    {
      int last = 2;

      while (last < detour->n_kept && !is_detour (detour, last))
        last++;
      if (last < detour->n_kept)
        {
          straighten (detour, last);
          /* Its last end is the first frame that can begin the next one. */
          drop_oldest (detour, last);
        }
      else
        drop_oldest (detour, 1);
    }
}

int
tl_ball_detour_push (TlBallDetour            *detour,
                     int64_t                  frame,
                     const TlTrackUpdate     *updates,
                     int                      n,
                     const TlBallDetourMove **moves)
{
  const TlTrackUpdate *ball = tl_track_updates_ball (updates, n);

  detour->n_moves = 0;
  /* A frame without a ball ends every run: a detour is all frames with one. */
  if (detour->n_kept > 0 && (ball == NULL || frame != detour->kept[detour->n_kept - 1].frame + 1))
    settle (detour, 1);
  if (ball != NULL)
    {
      Kept *k = &detour->kept[detour->n_kept++];

      k->frame = frame;
      k->ball = *ball;
      k->px_per_m = px_per_m_at (ball, updates, n);
      settle (detour, 0);
    }
  *moves = detour->moves;
  return detour->n_moves;
}

int
tl_ball_detour_finish (TlBallDetour            *detour,
                       const TlBallDetourMove **moves)
{
  detour->n_moves = 0;
  settle (detour, 1);
  *moves = detour->moves;
  return detour->n_moves;
}
