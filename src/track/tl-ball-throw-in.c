/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-ball-throw-in.c: the last frames as pushed, each with the ball it now has (the engine's,
 * or a fill of the carried-ball pass), kept in a ring as long as a throw's hold and the span a
 * stand is judged over; a reported at the head of a person standing at a touchline fills his
 * hold back with the ball over his head. A ring of slots rather than a TlUpdateFrames: frames
 * are looked up by number, and a frame's ball changes after it is kept (fills, the held ball). */
#include "tl-ball-throw-in.h"

#include "tl-array.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The stand is judged as the carried-ball pass judges it: a foot that moved under
 * TL_BALL_CARRY_STANDING of his height a frame over this many frames. */
#define STAND_SPAN (2 * TL_BALL_CARRY_HEADING_FRAMES)
#define RING_FRAMES (TL_BALL_THROW_IN_HOLD_FRAMES + STAND_SPAN + 3)

typedef struct
{
  int64_t        frame;       /* -1 while empty */
  TlTrackUpdate *persons;
  int            n_persons;
  int            capacity;
  int            has_ball;    /* the ball the frame has now... */
  TlTrackUpdate  ball;
  int            reported;    /* ...and whether it is the engine's report, not a fill (so a
                               * frame with no ball never has one reported), */
  int            held_up;     /* ...or this rule's ball over a thrower's head */
} Slot;

struct _TlBallThrowIn
{
  TlCamera         camera;
  double           sx, sy;
  double           half_length, half_width;
  double           height;      /* the picture's, in the video's pixels */
  Slot             ring[RING_FRAMES];
  TlBallCarryFill *fills;
  int              fills_capacity;
};

TlBallThrowIn *
tl_ball_throw_in_new (const TlCameraParams *camera,
                      double                length,
                      double                width,
                      double                sx,
                      double                sy)
{
  TlBallThrowIn *throw_in;

  if (camera == NULL || !(sx > 0) || !(sy > 0))
    return NULL;
  throw_in = calloc (1, sizeof *throw_in);
  if (throw_in == NULL)
    return NULL;
  if (tl_camera_init (&throw_in->camera, camera) != TL_CAMERA_OK)
    {
      free (throw_in);
      return NULL;
    }
  throw_in->height = camera->height;
  throw_in->sx = sx;
  throw_in->sy = sy;
  /* As TlTrackerConfig.pitch_length and pitch_width: 0 for the default pitch. */
  throw_in->half_length = (length > 0 ? length : 105.0) / 2;
  throw_in->half_width = (width > 0 ? width : 68.0) / 2;
  for (int k = 0; k < RING_FRAMES; k++)
    throw_in->ring[k].frame = -1;
  return throw_in;
}

void
tl_ball_throw_in_free (TlBallThrowIn *throw_in)
{
  if (throw_in == NULL)
    return;
  for (int k = 0; k < RING_FRAMES; k++)
    free (throw_in->ring[k].persons);
  free (throw_in->fills);
  free (throw_in);
}

/* The kept frame @frame, NULL when the ring no longer (or not yet) has it. */
static Slot *
slot_of (TlBallThrowIn *throw_in,
         int64_t        frame)
{
  Slot *slot;

  if (frame < 0)
    return NULL;
  slot = &throw_in->ring[frame % RING_FRAMES];
  return slot->frame == frame ? slot : NULL;
}

static int
keep (TlBallThrowIn       *throw_in,
      int64_t              frame,
      const TlTrackUpdate *updates,
      int                  n)
{
  Slot *slot = &throw_in->ring[frame % RING_FRAMES];

  slot->frame = -1;
  slot->n_persons = 0;
  slot->has_ball = slot->reported = slot->held_up = 0;
  if (tl_array_reserve ((void **) &slot->persons, &slot->capacity, n, sizeof *slot->persons,
                        32) != 0)
    return -1;
  for (int i = 0; i < n; i++)
    if (updates[i].klass == TL_OBJECT_PERSON)
      slot->persons[slot->n_persons++] = updates[i];
    else if (updates[i].klass == TL_OBJECT_BALL)
      {
        slot->has_ball = 1;
        slot->ball = updates[i];
        slot->reported = 1;
      }
  slot->frame = frame;
  return 0;
}

/* Track @id's report in @slot, NULL when it has none. */
static const TlTrackUpdate *
person_in (const Slot *slot,
           int         id)
{
  for (int i = 0; i < slot->n_persons; i++)
    if (slot->persons[i].id == id)
      return &slot->persons[i];
  return NULL;
}

/* Whether @person, reported in @frame, stood there: his foot moved under
 * TL_BALL_CARRY_STANDING of his height a frame (at least TL_BALL_THROW_IN_STAND_PX: a far
 * player's foot jitters by a pixel) since his report STAND_SPAN frames before (or a little
 * earlier, over a short break in his track). */
static int
stands (TlBallThrowIn       *throw_in,
        const TlTrackUpdate *person,
        int64_t              frame)
{
  for (int64_t k = frame - STAND_SPAN; k >= frame - STAND_SPAN - 2; k--)
    {
      const Slot *slot = slot_of (throw_in, k);
      const TlTrackUpdate *before = slot ? person_in (slot, person->id) : NULL;

      if (before)
        return tl_ball_carry_stood (person, before, frame - k, TL_BALL_THROW_IN_STAND_PX);
    }
  return 0;
}

/* Whether the picture's bottom edge cuts @person: his box ends there. */
static int
cut_at_bottom (const TlBallThrowIn *throw_in,
               const TlTrackUpdate *person)
{
  return (person->y + person->h) / throw_in->sy >= throw_in->height - 1;
}

/* Whether @person's foot stands on the ground by a touchline, between
 * TL_BALL_THROW_IN_INSIDE_M inside it and TL_BALL_THROW_IN_OUTSIDE_M beyond it, along the
 * pitch's length. Seen from afar a metre is under a pixel and a far player's box often lacks
 * his feet, so his foot may also lie from TL_BALL_THROW_IN_INSIDE_HEIGHTS of his height inside
 * the line in the picture to TL_BALL_THROW_IN_OUTSIDE_HEIGHTS beyond it; and a near player
 * cut by the picture's bottom edge stands by a near touchline that lies below it. */
static int
at_touchline (const TlBallThrowIn *throw_in,
              const TlTrackUpdate *person)
{
  double u = (person->x + person->w / 2.0) / throw_in->sx;
  double v = (person->y + person->h) / throw_in->sy;
  double gx, gy, beyond, line_u, line_v, beyond_px;

  if (tl_camera_unproject_ground (&throw_in->camera, u, v, &gx, &gy) != TL_CAMERA_OK
      || fabs (gx) > throw_in->half_length - TL_BALL_THROW_IN_CORNER_M)
    return 0;
  beyond = fabs (gy) - throw_in->half_width;
  if (beyond >= -TL_BALL_THROW_IN_INSIDE_M && beyond <= TL_BALL_THROW_IN_OUTSIDE_M)
    return 1;
  if (tl_camera_project (&throw_in->camera, gx, copysign (throw_in->half_width, gy), 0.0,
                         &line_u, &line_v) == TL_CAMERA_BEHIND)
    return 0;
  /* The far touchline lies higher in the picture than the pitch, the near one lower. */
  if (gy < 0 && line_v >= throw_in->height && cut_at_bottom (throw_in, person))
    return 1;
  beyond_px = (gy > 0 ? line_v - v : v - line_v) * throw_in->sy;
  return beyond_px >= -TL_BALL_THROW_IN_INSIDE_HEIGHTS * person->h
         && beyond_px <= TL_BALL_THROW_IN_OUTSIDE_HEIGHTS * person->h;
}

/* Whether @ball's centre lies at @person's head (TL_BALL_THROW_IN_HEAD_REACH,
 * TL_BALL_THROW_IN_HEAD_DEPTH). */
static int
at_head (const TlTrackUpdate *person,
         const TlTrackUpdate *ball)
{
  double x = ball->x + ball->w / 2.0, y = ball->y + ball->h / 2.0;

  return fabs (x - (person->x + person->w / 2.0))
         <= person->w / 2.0 + TL_BALL_THROW_IN_HEAD_REACH * person->h
         && y >= person->y - TL_BALL_THROW_IN_HEAD_REACH * person->h
         && y <= person->y + TL_BALL_THROW_IN_HEAD_DEPTH * person->h;
}

/* Whether the ball stayed with track @id before @frame, as a thrower's does while he fetches
 * it, walks it to the line and holds it: in at least half of the STAND_SPAN frames before it
 * the engine reported none (it was in his hands; a fill of the carried-ball pass is a guess,
 * and one in another's hands must not veto him) or it lay within TL_BALL_CARRY_REACH of his
 * heights of his box. An assistant referee on his line, or a player by it, had the ball
 * elsewhere. */
static int
ball_stayed_with (TlBallThrowIn *throw_in,
                  int            id,
                  int64_t        frame)
{
  int with = 0;

  for (int64_t k = frame - STAND_SPAN; k < frame; k++)
    {
      const Slot *slot = slot_of (throw_in, k);
      const TlTrackUpdate *p = slot ? person_in (slot, id) : NULL;

      if (p != NULL && p->h > 0)
        with += !slot->reported
                || tl_ball_carry_reach (p, slot->ball.x + slot->ball.w / 2.0,
                                        slot->ball.y + slot->ball.h / 2.0)
                   <= TL_BALL_CARRY_REACH;
    }
  return 2 * with >= STAND_SPAN;
}

/* Whether @ball's centre lies higher in the picture than @person's head
 * (TL_BALL_THROW_IN_HEAD_REACH above his box). */
static int
above_head (const TlTrackUpdate *person,
            const TlTrackUpdate *ball)
{
  return ball->y + ball->h / 2.0 < person->y - TL_BALL_THROW_IN_HEAD_REACH * person->h;
}

/* How far @ball's centre lies from the top centre of @person's box, in his heights. */
static double
from_head (const TlTrackUpdate *person,
           const TlTrackUpdate *ball)
{
  return hypot (ball->x + ball->w / 2.0 - (person->x + person->w / 2.0),
                ball->y + ball->h / 2.0 - person->y) / person->h;
}

/* The thrower of @slot's ball, the engine's report: a person at whose head it lies, leaving it
 * in @next's (the frame after; a ball held there stays), who stood at a touchline in the frame
 * before with the ball (ball_stayed_with); NULL when none. */
static const TlTrackUpdate *
find_thrower (TlBallThrowIn *throw_in,
              const Slot    *slot,
              const Slot    *next)
{
  const Slot *before = slot_of (throw_in, slot->frame - 1);

  if (before == NULL)
    return NULL;
  for (int i = 0; i < slot->n_persons; i++)
    {
      const TlTrackUpdate *p = &slot->persons[i];
      const TlTrackUpdate *was = person_in (before, p->id);
      const TlTrackUpdate *then = person_in (next, p->id);

      if (p->h > 0 && was != NULL && then != NULL && at_head (p, &slot->ball)
          && from_head (then, &next->ball) > from_head (p, &slot->ball) + TL_BALL_THROW_IN_LEAVING
          && at_touchline (throw_in, was) && stands (throw_in, was, before->frame)
          && ball_stayed_with (throw_in, p->id, slot->frame))
        return p;
    }
  return NULL;
}

/* Gives @held the ball over the head of @p, the thrower's report there, as the next of the
 * @n_fills fills (with the id of @thrown, the thrown ball), in place of the ball it had; a
 * frame whose report has it at his head already keeps it, and one this rule held up already
 * (the ball still leaving his head a frame later) is not given it again. */
static void
hold_over_head (TlBallThrowIn       *throw_in,
                int                 *n_fills,
                Slot                *held,
                const TlTrackUpdate *p,
                const TlTrackUpdate *thrown)
{
  float above = (float) (cut_at_bottom (throw_in, p) ? TL_BALL_THROW_IN_CUT_ABOVE
                                                     : TL_BALL_THROW_IN_ABOVE);
  TlBallCarryFill *fill;

  if (held->held_up || (held->reported && at_head (p, &held->ball)))
    return;
  fill = &throw_in->fills[(*n_fills)++];
  fill->frame = held->frame;
  fill->replaced = held->has_ball;
  if (held->has_ball)
    fill->was = held->ball;
  fill->ball = *thrown;
  fill->ball.state = TL_TRACK_COASTING;
  fill->ball.team = -1;
  /* Over his head the ball stands over his feet. */
  tl_ball_carry_place_at (&fill->ball, p->x + p->w / 2, p->y - above * p->h, p->pitch_x,
                          p->pitch_y, p->h);
  held->has_ball = 1;
  held->ball = fill->ball;
  held->reported = 0;
  held->held_up = 1;
}

/* The frames before @slot's in which @thrower stood at his touchline get the ball over his
 * head, newest first, back to where he was not reported, or was seen walking or away from the
 * line in more than TL_BALL_THROW_IN_SLACK_FRAMES frames in a row (a far player's foot jumps
 * by a pixel or two, a metre on the ground), or the engine reported the ball higher than his
 * head, TL_BALL_THROW_IN_HOLD_FRAMES at most. Returns their count in @throw_in->fills, -1 when
 * out of memory. */
static int
fill_hold (TlBallThrowIn       *throw_in,
           const Slot          *slot,
           const TlTrackUpdate *thrower)
{
  int n_fills = 0, n_unsure = 0;

  if (tl_array_reserve ((void **) &throw_in->fills, &throw_in->fills_capacity,
                        TL_BALL_THROW_IN_HOLD_FRAMES, sizeof *throw_in->fills, 16) != 0)
    return -1;
  for (int64_t k = slot->frame - 1; k >= slot->frame - TL_BALL_THROW_IN_HOLD_FRAMES; k--)
    {
      Slot *held = slot_of (throw_in, k);
      const TlTrackUpdate *p = held ? person_in (held, thrower->id) : NULL;

      if (p == NULL || !(p->h > 0))
        break;
      /* A ball reported higher than his head was in flight: the throw came before it (this
       * ball fell back past the thrower's head in the picture). */
      if (held->reported && above_head (p, &held->ball))
        break;
      if (!at_touchline (throw_in, p) || !stands (throw_in, p, k))
        {
          if (n_unsure++ == TL_BALL_THROW_IN_SLACK_FRAMES)
            break;
          continue;
        }
      /* He stood there through the frames in doubt too. */
      for (int64_t u = k + n_unsure; u > k; u--)
        {
          Slot *unsure = slot_of (throw_in, u);

          hold_over_head (throw_in, &n_fills, unsure, person_in (unsure, thrower->id),
                          &slot->ball);
        }
      n_unsure = 0;
      hold_over_head (throw_in, &n_fills, held, p, &slot->ball);
    }
  return n_fills;
}

int
tl_ball_throw_in_push (TlBallThrowIn          *throw_in,
                       int64_t                 frame,
                       const TlTrackUpdate    *updates,
                       int                     n,
                       const TlBallCarryFill  *carried,
                       int                     n_carried,
                       const TlBallCarryFill **fills)
{
  Slot *slot, *now;
  const TlTrackUpdate *thrower;
  int n_fills;

  *fills = throw_in->fills;
  if (keep (throw_in, frame, updates, n) != 0)
    return -1;
  for (int k = 0; k < n_carried; k++)
    if ((slot = slot_of (throw_in, carried[k].frame)) != NULL)
      {
        slot->has_ball = 1;
        slot->ball = carried[k].ball;
        slot->reported = 0;
        slot->held_up = 0;
      }
  /* The frame before is judged once this one says whether its ball went on. */
  now = slot_of (throw_in, frame);
  slot = slot_of (throw_in, frame - 1);
  if (slot == NULL || !slot->reported || !now->has_ball)
    return 0;
  thrower = find_thrower (throw_in, slot, now);
  if (thrower == NULL)
    return 0;
  n_fills = fill_hold (throw_in, slot, thrower);
  *fills = throw_in->fills;
  return n_fills;
}
