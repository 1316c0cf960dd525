/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-ball-shin.c: a ball path riding on a player's shins (tl-ball-shin.h). */
#include "tl-ball-shin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tl-array.h"
#include "tl-update-frames.h"

typedef enum
{
  RUN_NONE,      /* no ball path low in a box */
  RUN_WAITING,   /* its frames wait to be judged */
  RUN_ON_SHIN,   /* judged a sock: the next frames of it are handed on as on the shin */
  RUN_BALL,      /* judged the ball: the next frames of it are handed on as they are */
} RunState;

struct _TlBallShin
{
  /* Frames stored, oldest first: the @n_handed handed on by the last call (to be forgotten at
   * the next), then those of the run that waits (n_waiting). */
  TlUpdateFrames   stored;
  int              n_handed;
  /* The run: its state, the ball path and the person it sits low on, its last frame, where
   * across his box the ball was then and the sum of its moves across since the run began. */
  RunState         state;
  int              path_id, person_id;
  int64_t          last_frame;
  double           last_across, strides;
  TlBallShinFrame *out;
  int              out_capacity;
};

TlBallShin *
tl_ball_shin_new (void)
{
  return calloc (1, sizeof (TlBallShin));
}

void
tl_ball_shin_free (TlBallShin *shin)
{
  if (shin == NULL)
    return;
  tl_update_frames_clear (&shin->stored);
  free (shin->out);
  free (shin);
}

/* Where across @person's box the centre of @ball lies (0 his left edge, 1 his right), when it
 * lies low in it (below TL_BALL_SHIN_LOW of his box from the top); -1 when not. */
static double
across_if_low (const TlTrackUpdate *person,
               const TlTrackUpdate *ball)
{
  double cx = ball->x + ball->w / 2.0, cy = ball->y + ball->h / 2.0;

  if (person->w <= 0 || cx < person->x || cx > person->x + person->w
      || cy < person->y + TL_BALL_SHIN_LOW * person->h || cy > person->y + person->h)
    return -1;
  return (cx - person->x) / person->w;
}

/* The one person of @updates whose box holds @ball low (with *@across set), NULL when none
 * does or more than one: a ball low between two players' legs is most often the ball itself,
 * played for by both (on s35 of seeds 26-49, for 2 s; with any box of the run's person
 * holding it, that set's ball recall was 0.7215 -> 0.7203 at the first settings tried, below
 * 0.6 of the box and a stride of 0.045). */
static const TlTrackUpdate *
person_under (const TlTrackUpdate *updates,
              int                  n,
              const TlTrackUpdate *ball,
              double              *across)
{
  const TlTrackUpdate *found = NULL;

  for (int i = 0; i < n; i++)
    if (updates[i].klass == TL_OBJECT_PERSON)
      {
        double a = across_if_low (&updates[i], ball);

        if (a < 0)
          continue;
        if (found != NULL)
          return NULL;
        found = &updates[i];
        *across = a;
      }
  return found;
}

/* How many frames of the run wait: those stored after the ones handed on. */
static int
n_waiting (const TlBallShin *shin)
{
  return shin->stored.n_frames - shin->n_handed;
}

/* Forgets the frames handed on by the last call, keeping the run that waits. */
static void
forget_handed (TlBallShin *shin)
{
  tl_update_frames_drop_oldest (&shin->stored, shin->n_handed);
  shin->n_handed = 0;
}

/* Appends a frame to hand on; -1 when out of memory. */
static int
hand_on (TlBallShin          *shin,
         int                 *n_out,
         int64_t              frame,
         const TlTrackUpdate *updates,
         int                  n,
         int                  on_shin)
{
  TlBallShinFrame *f;

  if (tl_array_reserve ((void **) &shin->out, &shin->out_capacity, *n_out + 1, sizeof *shin->out,
                        TL_BALL_SHIN_FRAMES + 2) != 0)
    return -1;
  f = &shin->out[(*n_out)++];
  f->frame = frame;
  f->updates = updates;
  f->n = n;
  f->on_shin = on_shin;
  return 0;
}

/* Hands on the waiting frames, as on the shin or not; their count added to *@n_out, -1 when
 * out of memory. */
static int
hand_on_waiting (TlBallShin *shin,
                 int        *n_out,
                 int         on_shin)
{
  for (int k = shin->n_handed; k < shin->stored.n_frames; k++)
    {
      int n;
      const TlTrackUpdate *updates = tl_update_frames_at (&shin->stored, k, &n);

      if (hand_on (shin, n_out, shin->stored.frame[k], updates, n, on_shin) != 0)
        return -1;
    }
  shin->n_handed = shin->stored.n_frames;
  return 0;
}

/* Whether frame @frame's @ball lies low in the box of the run's person, with *@across set. */
static int
run_goes_on (const TlBallShin    *shin,
             int64_t              frame,
             const TlTrackUpdate *updates,
             int                  n,
             const TlTrackUpdate *ball,
             double              *across)
{
  const TlTrackUpdate *person;

  if (shin->state == RUN_NONE || ball == NULL || ball->id != shin->path_id
      || frame != shin->last_frame + 1)
    return 0;
  person = person_under (updates, n, ball, across);
  return person != NULL && person->id == shin->person_id;
}

/* tl_ball_shin_push without *frames; -1 when out of memory. */
static int
take (TlBallShin          *shin,
      int64_t              frame,
      const TlTrackUpdate *updates,
      int                  n)
{
  const TlTrackUpdate *ball = tl_track_updates_ball (updates, n), *person = NULL;
  double across = -1;
  int n_out = 0;

  if (run_goes_on (shin, frame, updates, n, ball, &across))
    {
      shin->strides += fabs (across - shin->last_across);
      shin->last_across = across;
      shin->last_frame = frame;
      if (shin->state != RUN_WAITING)
        return hand_on (shin, &n_out, frame, updates, n, shin->state == RUN_ON_SHIN) != 0
               ? -1 : n_out;
      if (tl_update_frames_append (&shin->stored, frame, updates, n) != 0)
        return -1;
      if (n_waiting (shin) < TL_BALL_SHIN_FRAMES)
        return 0;
      shin->state = shin->strides / (n_waiting (shin) - 1) >= TL_BALL_SHIN_STRIDE
                    ? RUN_ON_SHIN : RUN_BALL;
      return hand_on_waiting (shin, &n_out, shin->state == RUN_ON_SHIN) != 0 ? -1 : n_out;
    }

  /* The run, if any, ends: what waited goes on as it was; this frame may begin the next. */
  if (hand_on_waiting (shin, &n_out, 0) != 0)
    return -1;
  shin->state = RUN_NONE;
  if (ball != NULL)
    person = person_under (updates, n, ball, &across);
  if (person == NULL)
    return hand_on (shin, &n_out, frame, updates, n, 0) != 0 ? -1 : n_out;
  if (tl_update_frames_append (&shin->stored, frame, updates, n) != 0)
    return -1;
  shin->state = RUN_WAITING;
  shin->path_id = ball->id;
  shin->person_id = person->id;
  shin->last_frame = frame;
  shin->last_across = across;
  shin->strides = 0;
  /* The frames just handed on point into the stored updates, which the store may have
   * moved. */
  for (int k = 0; k < n_out; k++)
    shin->out[k].updates = tl_update_frames_at (&shin->stored, k, &shin->out[k].n);
  return n_out;
}

int
tl_ball_shin_push (TlBallShin             *shin,
                   int64_t                 frame,
                   const TlTrackUpdate    *updates,
                   int                     n,
                   const TlBallShinFrame **frames)
{
  int n_out;

  forget_handed (shin);
  n_out = take (shin, frame, updates, n);
  if (n_out < 0)
    {
      /* Out of memory: the waiting frames are lost (tl-ball-shin.h). */
      tl_update_frames_drop_oldest (&shin->stored, shin->stored.n_frames);
      shin->n_handed = 0;
      shin->state = RUN_NONE;
    }
  *frames = shin->out;
  return n_out;
}

int
tl_ball_shin_finish (TlBallShin             *shin,
                     const TlBallShinFrame **frames)
{
  int n_out = 0;

  forget_handed (shin);
  shin->state = RUN_NONE;
  if (hand_on_waiting (shin, &n_out, 0) != 0)
    n_out = -1;
  *frames = shin->out;
  return n_out;
}
