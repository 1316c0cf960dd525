/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-ball-carry.c: the person updates of a spell without a ball, kept until the ball
 * reappears, then a ball at the hands of the person it reappears at for each of them (and for
 * the unseen reports just before the spell); and the unseen reports after a sighting, kept
 * until the next report, then the line between the two (or, past 2 s, a spell's fill). A ball
 * right after a spell waits a frame, or a few where nobody could hold it: seen alone in them, it
 * joins the spell. */
#include "tl-ball-carry.h"

#include "tl-array.h"
#include "tl-ball-shin.h"
#include "tl-ball-throw-in.h"
#include "tl-update-frames.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct _TlBallCarry
{
  int              max_frames;
  TlUpdateFrames   kept;         /* the persons of the spell's frames, oldest first */
  TlBallCarryFill *fills;
  int              fills_capacity;
  TlTrackUpdate   *held;         /* the carrier's box in each filled frame, then when found */
  int              held_capacity;
  int              have_spot;     /* tl_ball_carry_set_centre_spot was called */
  float            spot_x, spot_y;
  int              n_corners;     /* the corner kicks' balls in the picture (set_corners) */
  float            corner_x[4], corner_y[4];
  float            corner_pitch_x[4], corner_pitch_y[4];
  TlCamera         corners_camera;  /* set_corners_seen_by's, for where the ball went out... */
  double           corners_sx, corners_sy; /* ...with the updates' scale to its pixels */
  double           half_length;     /* the pitch's, metres */
  TlTrackUpdate    last_ball;     /* the ball of the last frame that had one (klass 0 while
                                   * none has: the opening spell)... */
  int64_t          last_ball_frame; /* ...and that frame */
  /* The ball each kept frame reported (a fill replaces it), where @reported is set: a run's
   * frames, and a spell's frames whose ball was a lone sighting. [max_frames] each. */
  TlTrackUpdate   *report;
  uint8_t         *reported;
  /* A run of frames reporting one ball path unseen (coasting or held): the first n_run kept
   * frames (a spell may follow them); n_run 0 while there is none. When the run began right
   * after the frame that saw its path (anchored), that frame's ball is the anchor. */
  int              n_run;
  int              anchored;
  TlTrackUpdate    anchor;
  int64_t          anchor_frame;
  /* The path whose run of unseen reports outlasted TL_BALL_CARRY_LONG_RUN_FRAMES and became
   * a spell: its further unseen reports join the spell; 0 while there is none. */
  int              long_run_id;
  /* A frame that reported a ball right after a frame of a spell waits, with the frames right
   * after it that report one too, up to TL_BALL_CARRY_LONE_FRAMES of them: when the next frame
   * reports none, their ball was a lone sighting (a speck, a sock) and the frames join the
   * spell. @pending holds them, none while none waits. */
  TlUpdateFrames   pending;
  /* The throw-ins' rule, once set (tl_ball_carry_set_throw_ins_seen_by): it follows the
   * frames and this pass's fills. */
  TlBallThrowIn   *throw_in;
  /* In front of the pass: a ball path on a player's shins is told from the ball, its frames
   * held back until it is. */
  TlBallShin      *shin;
  /* What a push hands back: for each frame the shins' rule hands on, the fills of the pending
   * frames and of its own, then the throw-ins'. */
  TlBallCarryFill *out;
  int              out_capacity;
};

TlBallCarry *
tl_ball_carry_new (int max_frames)
{
  TlBallCarry *carry;

  if (max_frames < 1)
    return NULL;
  carry = calloc (1, sizeof *carry);
  if (carry == NULL)
    return NULL;
  carry->max_frames = max_frames;
  carry->report = calloc ((size_t) max_frames, sizeof *carry->report);
  carry->reported = calloc ((size_t) max_frames, sizeof *carry->reported);
  carry->shin = tl_ball_shin_new ();
  if (carry->report == NULL || carry->reported == NULL || carry->shin == NULL)
    {
      tl_ball_carry_free (carry);
      return NULL;
    }
  return carry;
}

void
tl_ball_carry_free (TlBallCarry *carry)
{
  if (carry == NULL)
    return;
  tl_update_frames_clear (&carry->kept);
  free (carry->fills);
  free (carry->held);
  free (carry->report);
  free (carry->reported);
  tl_update_frames_clear (&carry->pending);
  free (carry->out);
  tl_ball_throw_in_free (carry->throw_in);
  tl_ball_shin_free (carry->shin);
  free (carry);
}

/* Forgets the kept frames: the spell's and the run's. */
static void
forget_frames (TlBallCarry *carry)
{
  tl_update_frames_drop_oldest (&carry->kept, carry->kept.n_frames);
  carry->n_run = 0;
}

/* Keeps the persons of a frame without a ball, or of one in a run or with a lone sighting
 * (@report: its ball, else NULL); the oldest frame goes when the spell is longer than the
 * fill reaches. */
static int
keep_frame (TlBallCarry         *carry,
            int64_t              frame,
            const TlTrackUpdate *updates,
            int                  n,
            const TlTrackUpdate *report)
{
  int k = carry->kept.n_frames;

  if (k == carry->max_frames)
    {
      tl_update_frames_drop_oldest (&carry->kept, 1);
      k--;
      memmove (carry->report, carry->report + 1, (size_t) k * sizeof *carry->report);
      memmove (carry->reported, carry->reported + 1, (size_t) k * sizeof *carry->reported);
      if (carry->n_run > 0)
        carry->n_run--;
    }
  if (tl_update_frames_append_persons (&carry->kept, frame, updates, n) != 0)
    return -1;
  carry->reported[k] = report != NULL;
  if (report)
    carry->report[k] = *report;
  return 0;
}

double
tl_ball_carry_reach (const TlTrackUpdate *person,
                     double               x,
                     double               y)
{
  double dx = fmax (0.0, fabs (x - (person->x + person->w / 2.0)) - person->w / 2.0);
  double dy = fmax (0.0, fmax (person->y - y, y - (person->y + person->h)));

  return hypot (dx, dy) / person->h;
}

int
tl_ball_carry_stood (const TlTrackUpdate *person,
                     const TlTrackUpdate *before,
                     int64_t              frames,
                     double               min_px)
{
  return hypot ((person->x + person->w / 2.0) - (before->x + before->w / 2.0),
                (person->y + person->h) - (before->y + before->h))
         <= fmax (TL_BALL_CARRY_STANDING * person->h, min_px) * (double) frames;
}

/* How far (@x, @y) lies from @update's box in his heights (tl_ball_carry_reach); infinite when
 * @update is not a person with a box, who can hold no ball. */
static double
person_reach (const TlTrackUpdate *update,
              double               x,
              double               y)
{
  if (update->klass != TL_OBJECT_PERSON || !(update->h > 0))
    return INFINITY;
  return tl_ball_carry_reach (update, x, y);
}

/* Whether @ball's centre lies at (@x, @y): within TL_BALL_CARRY_STILL_DIAMETERS of @size, a
 * ball's size there (where it lay before a spell, a corner kick's ball). */
static int
lies_at (const TlTrackUpdate *ball,
         double               x,
         double               y,
         double               size)
{
  return hypot (ball->x + ball->w / 2.0 - x, ball->y + ball->h / 2.0 - y)
         <= TL_BALL_CARRY_STILL_DIAMETERS * size;
}

/* The person of @updates nearest the point, within TL_BALL_CARRY_REACH of his heights; NULL
 * when none is. */
static const TlTrackUpdate *
nearest_person (const TlTrackUpdate *updates,
                int                  n,
                double               x,
                double               y)
{
  const TlTrackUpdate *best = NULL;
  double best_reach = TL_BALL_CARRY_REACH;

  for (int i = 0; i < n; i++)
    {
      double reach = person_reach (&updates[i], x, y);

      if (reach <= best_reach)
        {
          best_reach = reach;
          best = &updates[i];
        }
    }
  return best;
}

/* The next fill: @ball's, for kept frame @k, coasting (a guess, not seen), in place of the
 * frame's own report where it had one. */
static TlBallCarryFill *
add_fill (TlBallCarry         *carry,
          int                 *n_fills,
          int                  k,
          const TlTrackUpdate *ball)
{
  TlBallCarryFill *fill = &carry->fills[(*n_fills)++];

  fill->frame = carry->kept.frame[k];
  fill->replaced = carry->reported[k];
  if (fill->replaced)
    fill->was = carry->report[k];
  fill->ball = *ball;
  fill->ball.state = TL_TRACK_COASTING;
  fill->ball.team = -1;
  return fill;
}

/* Which way the carrier walks in the picture at @k of @held[lo..hi]: the x component of his
 * foot's direction over TL_BALL_CARRY_HEADING_FRAMES either side, with a step in y counting
 * three times (the ground is seen foreshortened), or 0 while he stands. */
static double
heading_x (const TlTrackUpdate  *held,
           int                   lo,
           int                   hi,
           int                   k)
{
  int a = k - TL_BALL_CARRY_HEADING_FRAMES < lo ? lo : k - TL_BALL_CARRY_HEADING_FRAMES;
  int b = k + TL_BALL_CARRY_HEADING_FRAMES > hi ? hi : k + TL_BALL_CARRY_HEADING_FRAMES;
  double dx = (held[b].x + held[b].w / 2.0) - (held[a].x + held[a].w / 2.0);
  double dy = (held[b].y + held[b].h) - (held[a].y + held[a].h);
  double step = hypot (dx, 3.0 * dy);

  return step > TL_BALL_CARRY_STANDING * held[k].h * (b - a) ? dx / step : 0.0;
}

void
tl_ball_carry_place_between (TlTrackUpdate       *out,
                             const TlTrackUpdate *from,
                             const TlTrackUpdate *to,
                             float                a)
{
  out->x = from->x + a * (to->x - from->x);
  out->y = from->y + a * (to->y - from->y);
  out->w = from->w + a * (to->w - from->w);
  out->h = from->h + a * (to->h - from->h);
  out->pitch_x = from->pitch_x + a * (to->pitch_x - from->pitch_x);
  out->pitch_y = from->pitch_y + a * (to->pitch_y - from->pitch_y);
}

void
tl_ball_carry_place_at (TlTrackUpdate *ball,
                        float          x,
                        float          y,
                        float          pitch_x,
                        float          pitch_y,
                        float          height)
{
  float size = height * (float) TL_BALL_CARRY_BALL_HEIGHTS;

  ball->x = x - size / 2;
  ball->y = y - size / 2;
  ball->w = ball->h = size;
  ball->pitch_x = pitch_x;
  ball->pitch_y = pitch_y;
  ball->vx = ball->vy = 0;
}

/* Puts @ball on the centre spot, for a person @height tall beside it. */
static void
place_on_spot (const TlBallCarry *carry,
               TlTrackUpdate     *ball,
               float              height)
{
  tl_ball_carry_place_at (ball, carry->spot_x, carry->spot_y, 0, 0, height);
}

/* The corner whose corner kick's ball lies within TL_BALL_CARRY_CORNER_REACH of @person's
 * heights from his box; -1 when none does. */
static int
corner_at (const TlBallCarry   *carry,
           const TlTrackUpdate *person)
{
  for (int c = 0; c < carry->n_corners; c++)
    if (tl_ball_carry_reach (person, carry->corner_x[c], carry->corner_y[c])
        <= TL_BALL_CARRY_CORNER_REACH)
      return c;
  return -1;
}

/* Track @id's report in kept frame @k, NULL when that frame has none. */
static const TlTrackUpdate *
person_in (const TlBallCarry *carry,
           int                k,
           int                id)
{
  int m;
  const TlTrackUpdate *persons = tl_update_frames_at (&carry->kept, k, &m);

  for (int i = 0; i < m; i++)
    if (persons[i].id == id)
      return &persons[i];
  return NULL;
}

/* The kept frame at or before @from, and not before @floor, that reports @id's track, within
 * TL_BALL_CARRY_GAP_FRAMES of @from; -1 when none does. */
static int
find_track (const TlBallCarry    *carry,
            int                   id,
            int                   from,
            int                   floor,
            const TlTrackUpdate **found)
{
  for (int k = from; k >= floor && k >= from - TL_BALL_CARRY_GAP_FRAMES; k--)
    if ((*found = person_in (carry, k, id)) != NULL)
      return k;
  return -1;
}

/* The ball last reported before the spell, its centre in *@x, *@y: the sighting before a run
 * of unseen reports, whose own positions are the path's guesses; NULL when the spell is the
 * opening one. */
static const TlTrackUpdate *
last_reported (const TlBallCarry *carry,
               double            *x,
               double            *y)
{
  const TlTrackUpdate *b;

  if (carry->last_ball.klass != TL_OBJECT_BALL)
    return NULL;
  b = carry->n_run > 0 && carry->anchored ? &carry->anchor : &carry->last_ball;
  *x = b->x + b->w / 2.0;
  *y = b->y + b->h / 2.0;
  return b;
}

/* The first of the kept frames @lo..@last in which the carrier (@held) came within
 * TL_BALL_CARRY_PICKUP_REACH of the ball last reported before the spell, put in *@lying (the
 * sighting before a run of unseen reports, whose own positions are the path's guesses), when it
 * is TL_BALL_CARRY_PICKUP_FRAMES or more after @lo; else @lo (he had the ball from the start, or
 * never came near where it was seen: a ball boy's ball, a throw from beyond reach). Before it
 * the ball lay where it was seen: a goal's ball in the net while a player walks in to fetch it,
 * which the carrier's hands missed by metres for seconds. */
static int
picked_up_at (const TlBallCarry    *carry,
              const TlTrackUpdate  *held,
              int                   lo,
              int                   last,
              const TlTrackUpdate **lying)
{
  double x, y;

  if ((*lying = last_reported (carry, &x, &y)) == NULL)
    return lo;
  for (int k = lo; k <= last; k++)
    if (tl_ball_carry_reach (&held[k], x, y) <= TL_BALL_CARRY_PICKUP_REACH)
      return k - lo >= TL_BALL_CARRY_PICKUP_FRAMES ? k : lo;
  return lo;
}

/* Fills the spell back from kept frame @top, where @carrier is (@carry->kept.n_frames: the frame
 * the ball reappears in), for as long as his track was reported, down to the kept frame
 * @floor, after the @n_fills fills already made; returns the count. A break of up to
 * TL_BALL_CARRY_GAP_FRAMES in his track is bridged on the straight line between his boxes
 * either side of it: a carrier standing in a group or by the boards drops out of the reports
 * for a while and is found again under his id. Through a run of unseen reports before the
 * spell too, in place of them: a ball that vanished and reappears in a player's hands was
 * carried by him, and the path the engine went on reporting unseen had lost it when he picked
 * it up (a throw-in, a goal kick placed after a ball boy's throw). Until he walked to where it
 * was last reported it lay there (picked_up_at). */
static int
fill_spell (TlBallCarry         *carry,
            const TlTrackUpdate *carrier,
            const TlTrackUpdate *ball,
            int                  floor,
            int                  top,
            int                  n_fills)
{
  TlTrackUpdate *held;
  const TlTrackUpdate *lying = NULL;
  int lo = top, last, corner = -1, put_down = 0, pickup;

  if (tl_array_reserve ((void **) &carry->held, &carry->held_capacity, carry->kept.n_frames + 1,
                        sizeof *carry->held, 16) != 0)
    return -1;
  held = carry->held;
  held[top] = *carrier;
  while (lo > floor)
    {
      const TlTrackUpdate *found;
      int at = find_track (carry, carrier->id, lo - 1, floor, &found);

      if (at < 0)
        break;
      for (int k = at; k < lo; k++)
        {
          held[k] = *found;
          tl_ball_carry_place_between (&held[k], found, &held[lo],
                                       (float) (k - at) / (float) (lo - at));
        }
      lo = at;
    }
  /* The frame he was found in is the spell's own when he was found before the ball's. */
  last = top < carry->kept.n_frames ? top : top - 1;
  /* Standing by a corner he has put the ball down in its arc for a corner kick (Law 17); it
   * lies there until it is kicked, the spell's end, while he steps back for his run-up. */
  for (int k = lo; k <= last && corner < 0; k++)
    if (heading_x (held, lo, top, k) == 0.0 && (corner = corner_at (carry, &held[k])) >= 0)
      put_down = k;
  pickup = picked_up_at (carry, held, lo, last, &lying);
  for (int k = last; k >= lo; k--)
    {
      TlBallCarryFill *fill = add_fill (carry, &n_fills, k, ball);
      double heading, ahead;

      if (k < pickup)
        {
          /* Where it lay: its box and ground point, still. */
          tl_ball_carry_place_between (&fill->ball, lying, lying, 0);
          fill->ball.vx = fill->ball.vy = 0;
          continue;
        }
      heading = heading_x (held, lo, top, k);
      ahead = TL_BALL_CARRY_AHEAD * held[k].h * heading;
      fill->ball.x = (float) (held[k].x + held[k].w / 2.0 + ahead - ball->w / 2.0);
      fill->ball.y = (float) (held[k].y + held[k].h * (1.0 - TL_BALL_CARRY_HANDS)
                              - ball->h / 2.0);
      /* In the hands the ball stands over the carrier's feet. */
      fill->ball.pitch_x = held[k].pitch_x;
      fill->ball.pitch_y = held[k].pitch_y;
      fill->ball.vx = held[k].vx;
      fill->ball.vy = held[k].vy;
      if (corner >= 0 && k >= put_down)
        tl_ball_carry_place_at (&fill->ball, carry->corner_x[corner], carry->corner_y[corner],
                                carry->corner_pitch_x[corner], carry->corner_pitch_y[corner],
                                held[k].h);
      /* Standing at the centre spot he has put the ball down on it for the kick-off that
       * restarts play after a goal (Law 8); only while he stands there: a taker walking a
       * ball to a free kick may stop by the spot on his way. */
      else if (heading == 0.0 && carry->have_spot
               && tl_ball_carry_reach (&held[k], carry->spot_x, carry->spot_y)
                  <= TL_BALL_CARRY_REACH)
        place_on_spot (carry, &fill->ball, held[k].h);
    }
  return n_fills;
}

/* Whether @person, reported in kept frame @k, stood there: his foot moved under
 * TL_BALL_CARRY_STANDING of his height a frame since his report 2 x TL_BALL_CARRY_HEADING_FRAMES
 * before (or a little earlier, over a break in his track), the span heading_x judges a carrier's
 * walk over: over half of it a near player's foot jitters past the threshold. */
static int
stands (const TlBallCarry   *carry,
        const TlTrackUpdate *person,
        int                  k,
        int                  floor)
{
  const TlTrackUpdate *before;
  int span = 2 * TL_BALL_CARRY_HEADING_FRAMES;
  int at = find_track (carry, person->id, k - span, floor, &before);

  return at >= 0 && k - at <= span + 2 && tl_ball_carry_stood (person, before, k - at, 0);
}

/* The kept frames from @floor on in which track @id stood by corner @corner's ball. */
static int
frames_at_corner (const TlBallCarry *carry,
                  int                id,
                  int                corner,
                  int                floor)
{
  int count = 0;

  for (int k = floor; k < carry->kept.n_frames; k++)
    {
      const TlTrackUpdate *p = person_in (carry, k, id);

      count += p != NULL && corner_at (carry, p) == corner;
    }
  return count;
}

/* Whether the ball last seen before the spell was at corner @corner's end of the pitch: its
 * ground point (where it lies, or beyond it for a ball in the air) within
 * TL_BALL_CARRY_CORNER_OUT_M of that goal line or over it, as a ball that goes out for a corner
 * kick is. A player may stand by a corner while a throw-in is taken further along his touchline
 * (an assistant referee stands there too). Not where the spell is the opening one, and unknown
 * (taken as there) where that ball lies above the horizon. */
static int
went_out_at (const TlBallCarry *carry,
             int                corner)
{
  const TlTrackUpdate *b = &carry->last_ball;
  double gx, gy;

  if (b->klass != TL_OBJECT_BALL)
    return 0;
  if (tl_camera_unproject_ground (&carry->corners_camera,
                                  (b->x + b->w / 2.0) / carry->corners_sx,
                                  (b->y + b->h) / carry->corners_sy, &gx, &gy) != TL_CAMERA_OK)
    return 1;
  return gx * carry->corner_pitch_x[corner] > 0
         && fabs (gx) >= carry->half_length - TL_BALL_CARRY_CORNER_OUT_M;
}

/* The oldest kept frame a look back from the spell's end reaches: the spell's last
 * TL_BALL_CARRY_LOOK_BACK_FRAMES, none before @floor. */
static int
look_back_floor (const TlBallCarry *carry,
                 int                floor)
{
  int lo = carry->kept.n_frames - TL_BALL_CARRY_LOOK_BACK_FRAMES;

  return lo > floor ? lo : floor;
}

/* Whether @ball reappears on a corner kick's ball: lies_at one, by its own size. */
static int
on_corner_ball (const TlBallCarry   *carry,
                const TlTrackUpdate *ball)
{
  for (int c = 0; c < carry->n_corners; c++)
    if (lies_at (ball, carry->corner_x[c], carry->corner_y[c], fmax (ball->w, ball->h)))
      return 1;
  return 0;
}

/* The kept frame, the latest of the spell's last TL_BALL_CARRY_LOOK_BACK_FRAMES, in which a
 * corner kick's taker stands by its corner's ball, out of reach of @ball where it reappears
 * (kicked: a cross is first seen in the air or where it lands); *@taker is his report there.
 * Only one who stood by that corner in TL_BALL_CARRY_CORNER_FRAMES of the spell took a corner:
 * a player passing the flag does not stand there that long; and only where the ball had gone
 * out at that end (went_out_at). -1 when none.
 *
 * Not when the ball reappears on a corner's ball (on_corner_ball): it was put down there for
 * the kick, by whoever stands within reach of it, and a player standing by the other corner at
 * that end (both lie within reach of where the ball went out) took no kick. On seed 97 the
 * carrier walking the ball to the near corner lost 100 frames to a player who had stood by the
 * far one, on seed 71 50 frames. The pass replayed on stop 50's engine's dumps: seeds 50-73
 * 0.7218 -> 0.7232 (s71 +0.033), seeds 74-97 0.7081 -> 0.7108 (s97 +0.065), the bench and
 * held-out demos unchanged to the digit; the same with the ball within 5, 10 or 20 analysis
 * pixels of a corner's ball. */
static int
find_corner_taker (const TlBallCarry    *carry,
                   const TlTrackUpdate  *ball,
                   int                   floor,
                   const TlTrackUpdate **taker)
{
  /* The ball went out before the spell began: one answer per corner for the whole search. */
  int out_at[sizeof carry->corner_x / sizeof carry->corner_x[0]] = { 0 };
  double x = ball->x + ball->w / 2.0, y = ball->y + ball->h / 2.0;

  if (on_corner_ball (carry, ball))
    return -1;
  for (int c = 0; c < carry->n_corners; c++)
    out_at[c] = went_out_at (carry, c);
  for (int k = carry->kept.n_frames - 1; k >= look_back_floor (carry, floor); k--)
    {
      int m;
      const TlTrackUpdate *persons = tl_update_frames_at (&carry->kept, k, &m);

      for (int i = 0; i < m; i++)
        {
          const TlTrackUpdate *p = &persons[i];
          int c = corner_at (carry, p);

          if (c < 0 || !out_at[c] || tl_ball_carry_reach (p, x, y) <= TL_BALL_CARRY_REACH
              || !stands (carry, p, k, floor)
              || frames_at_corner (carry, p->id, c, floor) < TL_BALL_CARRY_CORNER_FRAMES)
            continue;
          *taker = p;
          return k;
        }
    }
  return -1;
}

/* How far @id's track, as reported in kept frame @k, lay from (@x, @y), in his heights
 * (tl_ball_carry_reach); infinite when that frame does not report it. */
static double
reach_in (const TlBallCarry *carry,
          int                k,
          int                id,
          double             x,
          double             y)
{
  const TlTrackUpdate *p = person_in (carry, k, id);

  return p != NULL ? tl_ball_carry_reach (p, x, y) : INFINITY;
}

/* Whether kept frame @k holds the last report of @id's track: none in a later kept frame, nor
 * among the @n @updates of the frame the ball reappears in. */
static int
lost_after (const TlBallCarry   *carry,
            const TlTrackUpdate *updates,
            int                  n,
            int                  id,
            int                  k)
{
  for (int i = 0; i < n; i++)
    if (updates[i].id == id)
      return 0;
  for (int j = k + 1; j < carry->kept.n_frames; j++)
    if (person_in (carry, j, id) != NULL)
      return 0;
  return 1;
}

/* Who brought the ball to (@x, @y), where it reappears, and in *@top the kept frame he is
 * reported in (@carry->kept.n_frames for the frame it reappears in, whose @n @updates are not kept
 * yet): @nearest, the nearest of those @updates, unless he never came within
 * TL_BALL_CARRY_PICKUP_REACH of the ball last reported before the spell. Then whoever was
 * nearest that ball, within TL_BALL_CARRY_REACH of it, in the spell's first kept frame (from
 * @floor) brought it, of those within reach of where it reappears: in that frame, or in his
 * track's last report for one lost in the spell's last TL_BALL_CARRY_LOOK_BACK_FRAMES. A
 * carrier picks the ball up where it was last seen: he is by it when it is seen last, or walks
 * to it (picked_up_at); one who was never near it stood where it reappears. On seed 42 (held
 * out) the near assistant referee, standing by the corner flag, was nearest the corner kick's
 * ball and got the 5 s carry of the player who walked it there; on seed 32 the far one got a
 * thrower's 6 s walk to the far touchline. The pass replayed on stop 47's engine's dumps: on the
 * 24 demos of the bench suite ball recall 0.7745 -> 0.7748 (s23 +0.006), on the 24 held-out
 * ones 0.7050 -> 0.7123 (s32 +0.105, s42 +0.066, s28 +0.004), and on 24 more made to check it
 * (seeds 50-73) 0.7052 -> 0.7092 (s56 +0.076, s72 +0.020), none lower; without the condition
 * on @nearest 0.7748 / 0.7103 (s43 -0.046: the player by a ball left lying walked away from it,
 * and the one who came to fetch it was nearest).
 *
 * The lost tracks (stop 49): a thrower who walked the ball 8 s to the far touchline loses his
 * track as he stops beside the assistant referee, 2-46 frames before the throw, and the one
 * nearest the thrown ball is a player standing in front of him (seeds 62 and 63). Replayed on
 * the same dumps: bench 0.7748 -> 0.7745 (s11 -0.005: the thrower's ball over his head, which
 * the referee's box next to him had had by chance; s21 -0.001), held-out 0.7123 -> 0.7188 (s38
 * +0.088, s40 +0.068), seeds 50-73, where it was found, 0.7092 -> 0.7180 (s63 +0.115, s62
 * +0.097), and on 24 demos made this stop (seeds 74-97) 0.7041 -> 0.7059 (s74 +0.043). Any
 * lost track that had been within reach (not only in his last report): seeds 74-97 0.7020 (s78
 * -0.094: a player who had started by a false report ran past the thrower); any track within
 * reach, lost or not: bench 0.7729 (s17 -0.041), seeds 50-73 0.7143 (s58 -0.089). */
static const TlTrackUpdate *
brought_by (const TlBallCarry   *carry,
            const TlTrackUpdate *nearest,
            const TlTrackUpdate *updates,
            int                  n,
            double               x,
            double               y,
            int                  floor,
            int                 *top)
{
  const TlTrackUpdate *brought = nearest;
  double lx, ly, best = TL_BALL_CARRY_REACH;

  *top = carry->kept.n_frames;
  if (last_reported (carry, &lx, &ly) == NULL || floor >= carry->kept.n_frames)
    return nearest;
  for (int k = floor; k < carry->kept.n_frames; k++)
    if (reach_in (carry, k, nearest->id, lx, ly) <= TL_BALL_CARRY_PICKUP_REACH)
      return nearest;
  for (int i = 0; i < n; i++)
    {
      double reach;

      if (person_reach (&updates[i], x, y) <= TL_BALL_CARRY_REACH
          && (reach = reach_in (carry, floor, updates[i].id, lx, ly)) < best)
        {
          best = reach;
          brought = &updates[i];
        }
    }
  for (int k = carry->kept.n_frames - 1; k >= look_back_floor (carry, floor); k--)
    {
      int m;
      const TlTrackUpdate *persons = tl_update_frames_at (&carry->kept, k, &m);

      for (int i = 0; i < m; i++)
        {
          const TlTrackUpdate *p = &persons[i];
          double reach;

          /* Whether his track ends here, a scan of the later frames, is asked last. */
          if (person_reach (p, x, y) <= TL_BALL_CARRY_REACH
              && (reach = reach_in (carry, floor, p->id, lx, ly)) < best
              && lost_after (carry, updates, n, p->id, k))
            {
              best = reach;
              brought = p;
              *top = k;
            }
        }
    }
  return brought;
}

/* Fills the spell for the person the ball reappears at: a corner kick's taker, when the spell
 * had one (find_corner_taker), else the one within reach of it in the frame it reappears in
 * who brought it there (brought_by), else the one within reach in the latest of the spell's
 * last TL_BALL_CARRY_LOOK_BACK_FRAMES (a keeper whose track was lost as he stood with the ball,
 * then kicked it from his hands), from that frame back. Returns the count of fills, -1 when out
 * of memory. */
static int
fill_carried (TlBallCarry         *carry,
              const TlTrackUpdate *ball,
              const TlTrackUpdate *updates,
              int                  n,
              int                  floor,
              int                  n_fills)
{
  double x = ball->x + ball->w / 2.0, y = ball->y + ball->h / 2.0;
  const TlTrackUpdate *carrier;
  int top, at = find_corner_taker (carry, ball, floor, &carrier);

  if (at >= 0)
    return fill_spell (carry, carrier, ball, floor, at, n_fills);
  carrier = nearest_person (updates, n, x, y);
  if (carrier)
    {
      carrier = brought_by (carry, carrier, updates, n, x, y, floor, &top);
      return fill_spell (carry, carrier, ball, floor, top, n_fills);
    }
  for (int k = carry->kept.n_frames - 1; k >= look_back_floor (carry, floor); k--)
    {
      int m;
      const TlTrackUpdate *persons = tl_update_frames_at (&carry->kept, k, &m);

      carrier = nearest_person (persons, m, x, y);
      if (carrier)
        return fill_spell (carry, carrier, ball, floor, k, n_fills);
    }
  return n_fills;
}

/* The opening spell's frames in which someone stands at the centre spot get the ball on it;
 * returns the count, and in *@after the kept frame after the last of them (0 when none). */
static int
fill_kick_off (TlBallCarry         *carry,
               const TlTrackUpdate *ball,
               int                 *after)
{
  int n_fills = 0;

  *after = 0;
  for (int k = 0; k < carry->kept.n_frames; k++)
    {
      int m;
      const TlTrackUpdate *persons = tl_update_frames_at (&carry->kept, k, &m);
      const TlTrackUpdate *taker = nearest_person (persons, m, carry->spot_x, carry->spot_y);

      if (taker == NULL)
        continue;
      place_on_spot (carry, &add_fill (carry, &n_fills, k, ball)->ball, taker->h);
      *after = k + 1;
    }
  return n_fills;
}

/* A ball reported where it was before the spell lay there all along (a player stood over it,
 * or it sat on a line): the spell gets it on the line between the two reports. */
static int
still_through (const TlBallCarry   *carry,
               const TlTrackUpdate *ball)
{
  const TlTrackUpdate *before = &carry->last_ball;
  double size = fmax (fmax (before->w, before->h), fmax (ball->w, ball->h));

  return lies_at (ball, before->x + before->w / 2.0, before->y + before->h / 2.0, size);
}

static int
fill_still (TlBallCarry         *carry,
            const TlTrackUpdate *ball,
            int64_t              frame)
{
  const TlTrackUpdate *before = &carry->last_ball;
  double span = (double) (frame - carry->last_ball_frame);
  int n_fills = 0;

  for (int k = carry->n_run; k < carry->kept.n_frames; k++)
    {
      TlBallCarryFill *fill = add_fill (carry, &n_fills, k, ball);
      float a = (float) ((carry->kept.frame[k] - carry->last_ball_frame) / span);

      tl_ball_carry_place_between (&fill->ball, before, ball, a);
      fill->ball.vx = fill->ball.vy = 0;
    }
  return n_fills;
}

/* The frames of a run of unseen reports get the straight line from the sighting before it to
 * the ball reported after it instead: the path's own prediction went on at its speed or with
 * the player it took for the holder, and the next report says where the ball really went (the
 * same path seen again, or another one that the engine found the ball on). Returns the count
 * of fills (in carry->fills), -1 when out of memory. */
static int
fill_unseen_run (TlBallCarry         *carry,
                 const TlTrackUpdate *ball,
                 int64_t              frame)
{
  const TlTrackUpdate *before = &carry->anchor;
  double span = (double) (frame - carry->anchor_frame);

  if (tl_array_reserve ((void **) &carry->fills, &carry->fills_capacity, carry->n_run,
                        sizeof *carry->fills, 16) != 0)
    return -1;
  for (int k = 0; k < carry->n_run; k++)
    {
      TlBallCarryFill *fill = &carry->fills[k];
      float a = (float) ((carry->kept.frame[k] - carry->anchor_frame) / span);

      fill->frame = carry->kept.frame[k];
      fill->ball = carry->report[k];
      fill->replaced = 1;
      fill->was = carry->report[k];
      tl_ball_carry_place_between (&fill->ball, before, ball, a);
    }
  return carry->n_run;
}

/* Follows the run of unseen reports: a frame reporting the run's path unseen right after its
 * frames joins it, its persons kept as a spell's; any other frame with a ball ends it, and
 * when that frame reports a ball (the same path seen, or another path) after a run that
 * began right after its path was seen, the run's frames are filled (returns their count);
 * such a frame reporting a path unseen begins the next run. A frame without a ball begins a
 * spell after the run instead (a ball reappearing in a player's hands then reaches back into
 * the run, anchored or not: fill_spell). A run longer than the pass reaches back is let go.
 * -1 when out of memory. */
static int
follow_unseen_run (TlBallCarry         *carry,
                   const TlTrackUpdate *ball,
                   int64_t              frame,
                   const TlTrackUpdate *updates,
                   int                  n)
{
  int next = carry->last_ball.klass == TL_OBJECT_BALL && carry->last_ball_frame == frame - 1;
  int after_sighting = next && ball->id == carry->last_ball.id
                       && carry->last_ball.state != TL_TRACK_COASTING;
  int n_fills = 0;

  if (!(ball->state == TL_TRACK_COASTING && carry->n_run > 0 && next
        && ball->id == carry->last_ball.id))
    {
      /* The run ends here; an unseen report begins the next one. */
      if (next && carry->n_run > 0 && carry->anchored)
        n_fills = fill_unseen_run (carry, ball, frame);
      forget_frames (carry);
      if (ball->state != TL_TRACK_COASTING)
        return n_fills;
      carry->anchored = after_sighting;
      carry->anchor = carry->last_ball;
      carry->anchor_frame = carry->last_ball_frame;
    }
  if (carry->n_run == carry->max_frames)
    {
      forget_frames (carry);
      return n_fills;
    }
  if (keep_frame (carry, frame, updates, n, ball) != 0)
    return -1;
  carry->n_run++;
  return n_fills;
}

void
tl_ball_carry_set_centre_spot (TlBallCarry *carry,
                               float        x,
                               float        y)
{
  carry->have_spot = 1;
  carry->spot_x = x;
  carry->spot_y = y;
}

int
tl_ball_carry_set_centre_spot_seen_by (TlBallCarry          *carry,
                                       const TlCameraParams *camera,
                                       double                sx,
                                       double                sy)
{
  TlCamera cam;
  double u, v;

  /* The ball's centre, its radius above the spot. */
  if (tl_camera_init (&cam, camera) != TL_CAMERA_OK
      || tl_camera_project (&cam, 0.0, 0.0, TL_BALL_CARRY_RADIUS_M, &u, &v) != TL_CAMERA_VISIBLE)
    return -1;
  tl_ball_carry_set_centre_spot (carry, (float) (u * sx), (float) (v * sy));
  return 0;
}

int
tl_ball_carry_set_corners_seen_by (TlBallCarry          *carry,
                                   const TlCameraParams *camera,
                                   double                length,
                                   double                width,
                                   double                sx,
                                   double                sy)
{
  TlCamera cam;

  carry->n_corners = 0;
  if (tl_camera_init (&cam, camera) != TL_CAMERA_OK)
    return -1;
  carry->corners_camera = cam;
  carry->corners_sx = sx;
  carry->corners_sy = sy;
  /* As TlTrackerConfig.pitch_length and pitch_width: 0 for the default pitch. */
  length = length > 0 ? length : 105.0;
  width = width > 0 ? width : 68.0;
  carry->half_length = length / 2;
  for (int c = 0; c < 4; c++)
    {
      double px = (c & 1 ? 1 : -1) * (length / 2 - TL_BALL_CARRY_CORNER_IN_M);
      double py = (c & 2 ? 1 : -1) * (width / 2 - TL_BALL_CARRY_CORNER_IN_M);
      double u, v;

      if (tl_camera_project (&cam, px, py, TL_BALL_CARRY_RADIUS_M, &u, &v) != TL_CAMERA_VISIBLE)
        continue;
      carry->corner_x[carry->n_corners] = (float) (u * sx);
      carry->corner_y[carry->n_corners] = (float) (v * sy);
      carry->corner_pitch_x[carry->n_corners] = (float) px;
      carry->corner_pitch_y[carry->n_corners] = (float) py;
      carry->n_corners++;
    }
  return carry->n_corners;
}

int
tl_ball_carry_set_throw_ins_seen_by (TlBallCarry          *carry,
                                     const TlCameraParams *camera,
                                     double                length,
                                     double                width,
                                     double                sx,
                                     double                sy)
{
  tl_ball_throw_in_free (carry->throw_in);
  carry->throw_in = tl_ball_throw_in_new (camera, length, width, sx, sy);
  return carry->throw_in ? 0 : -1;
}

int
tl_ball_carry_set_pitch_seen_by (TlBallCarry          *carry,
                                 const TlCameraParams *camera,
                                 double                length,
                                 double                width,
                                 double                sx,
                                 double                sy)
{
  int spot = tl_ball_carry_set_centre_spot_seen_by (carry, camera, sx, sy);
  int corners = tl_ball_carry_set_corners_seen_by (carry, camera, length, width, sx, sy);
  int throw_ins = tl_ball_carry_set_throw_ins_seen_by (carry, camera, length, width, sx, sy);

  return spot < 0 || corners < 0 || throw_ins < 0 ? -1 : 0;
}

/* Takes the run's frames for a spell once it has outlasted TL_BALL_CARRY_LONG_RUN_FRAMES: the
 * engine holds a path that vanished into a player at him for up to 3 s, at the offset it had,
 * and after 2 s that player has most often picked the ball up (a keeper's catch, a throw-in):
 * where it reappears finds him (fill_carried) better than the line from the sighting before
 * the run, or the held reports. The run's frames keep their reports, replaced where the spell
 * is filled, and the sighting before the run is the spell's last ball (fill_still). */
static void
spell_from_long_run (TlBallCarry *carry)
{
  carry->long_run_id = carry->anchor.id;
  carry->n_run = 0;
  carry->last_ball = carry->anchor;
  carry->last_ball_frame = carry->anchor_frame;
}

/* Takes one frame (tl_ball_carry_push without the wait for a lone sighting): its fills in
 * @carry->fills, their count returned; -1 when out of memory. */
static int
take_frame (TlBallCarry         *carry,
            int64_t              frame,
            const TlTrackUpdate *updates,
            int                  n)
{
  const TlTrackUpdate *ball = tl_track_updates_ball (updates, n);
  int n_fills = 0, floor = 0, opening;

  if (ball == NULL)
    return keep_frame (carry, frame, updates, n, NULL);
  if (ball->id == carry->long_run_id && ball->state == TL_TRACK_COASTING)
    return keep_frame (carry, frame, updates, n, ball);
  opening = carry->last_ball.klass != TL_OBJECT_BALL;
  if (carry->kept.n_frames == carry->n_run)
    {
      /* No spell ends here: the run goes on or ends. */
      n_fills = follow_unseen_run (carry, ball, frame, updates, n);
      if (n_fills < 0)
        return -1;
      if (carry->anchored && carry->n_run > TL_BALL_CARRY_LONG_RUN_FRAMES)
        {
          spell_from_long_run (carry);
          return n_fills;
        }
    }
  else
    {
      if (tl_array_reserve ((void **) &carry->fills, &carry->fills_capacity, carry->kept.n_frames,
                            sizeof *carry->fills, 16) != 0)
        return -1;
      if (!opening && still_through (carry, ball))
        n_fills = fill_still (carry, ball, frame);
      else
        {
          if (opening && carry->have_spot)
            n_fills = fill_kick_off (carry, ball, &floor);
          n_fills = fill_carried (carry, ball, updates, n, floor, n_fills);
        }
      if (n_fills < 0)
        return -1;
      forget_frames (carry);
      carry->long_run_id = 0;
      /* An unseen report after the spell begins a run. */
      if (follow_unseen_run (carry, ball, frame, updates, n) < 0)
        return -1;
    }
  carry->last_ball = *ball;
  carry->last_ball_frame = frame;
  return n_fills;
}

/* Takes the frame at @frame (tl_ball_carry_push's, or a pending one), and appends its fills to
 * @carry->out after the @n_out there; returns the new count, -1 when out of memory (the kept
 * frames are then forgotten). */
static int
take_into_out (TlBallCarry         *carry,
               int64_t              frame,
               const TlTrackUpdate *updates,
               int                  n,
               int                  n_out)
{
  int n_fills = take_frame (carry, frame, updates, n);

  if (n_fills < 0
      || tl_array_reserve ((void **) &carry->out, &carry->out_capacity, n_out + n_fills,
                           sizeof *carry->out, 16) != 0)
    {
      forget_frames (carry);
      return -1;
    }
  if (n_fills > 0)
    memcpy (carry->out + n_out, carry->fills, (size_t) n_fills * sizeof *carry->out);
  return n_out + n_fills;
}

/* Takes the frames that waited, if any, now that a frame with @next_has_ball tells whether
 * their ball was a lone sighting, and appends their fills to @carry->out after the @n_out
 * there; returns the new count, -1 when out of memory. */
static int
take_pending (TlBallCarry *carry,
              int          next_has_ball,
              int          n_out)
{
  for (int k = 0; k < carry->pending.n_frames && n_out >= 0; k++)
    {
      int n;
      const TlTrackUpdate *updates = tl_update_frames_at (&carry->pending, k, &n);
      int64_t frame = carry->pending.frame[k];

      if (next_has_ball)
        n_out = take_into_out (carry, frame, updates, n, n_out);
      /* A ball seen in a few frames alone inside a spell was not the ball: the frames join
       * the spell, their reports replaced where the spell is filled. */
      else if (keep_frame (carry, frame, updates, n, tl_track_updates_ball (updates, n)) != 0)
        {
          forget_frames (carry);
          n_out = -1;
        }
    }
  tl_update_frames_drop_oldest (&carry->pending, carry->pending.n_frames);
  return n_out;
}

/* Whether @frame comes right after a kept frame of a spell (one that reported no ball). */
static int
follows_spell_frame (const TlBallCarry *carry,
                     int64_t            frame)
{
  int last = carry->kept.n_frames - 1;

  return last >= 0 && carry->kept.frame[last] == frame - 1 && !carry->reported[last];
}

/* Hands the frame and its fills, those in @carry->out from @from to @n_out, to the throw-ins'
 * rule, if set, and appends its fills after them; returns the new count, -1 when out of
 * memory. */
static int
add_throw_ins (TlBallCarry         *carry,
               int64_t              frame,
               const TlTrackUpdate *updates,
               int                  n,
               int                  from,
               int                  n_out)
{
  const TlBallCarryFill *thrown;
  int n_thrown;

  if (carry->throw_in == NULL)
    return n_out;
  n_thrown = tl_ball_throw_in_push (carry->throw_in, frame, updates, n, carry->out + from,
                                    n_out - from, &thrown);
  if (n_thrown < 0
      || tl_array_reserve ((void **) &carry->out, &carry->out_capacity, n_out + n_thrown,
                           sizeof *carry->out, 16) != 0)
    return -1;
  if (n_thrown > 0)
    memcpy (carry->out + n_out, thrown, (size_t) n_thrown * sizeof *carry->out);
  return n_out + n_thrown;
}

/* Whether frame @frame's @ball (of its @n @updates) waits to be told a lone sighting or not: a
 * ball right after a frame of a spell, or seen out of everybody's reach right after a frame that
 * waits, up to TL_BALL_CARRY_LONE_FRAMES in a row. They wait for a frame without a ball (then
 * they join the spell), or for one more with a ball (then they end it). */
static int
waits (const TlBallCarry   *carry,
       int64_t              frame,
       const TlTrackUpdate *ball,
       const TlTrackUpdate *updates,
       int                  n)
{
  int waiting = carry->pending.n_frames;

  if (waiting == 0)
    return follows_spell_frame (carry, frame);
  return waiting < TL_BALL_CARRY_LONE_FRAMES && carry->pending.frame[waiting - 1] == frame - 1
         && ball->state != TL_TRACK_COASTING
         && nearest_person (updates, n, ball->x + ball->w / 2.0, ball->y + ball->h / 2.0) == NULL;
}

/* Takes frame @f as the shins' rule hands it on, and appends its fills to @carry->out after
 * the @n_out there; returns the new count, -1 when out of memory. */
static int
take_handed (TlBallCarry           *carry,
             const TlBallShinFrame *f,
             int                    n_out)
{
  const TlTrackUpdate *ball = tl_track_updates_ball (f->updates, f->n);
  int from = n_out;

  if (f->on_shin)
    {
      /* As a frame without a ball, its report replaced where the spell is filled. */
      n_out = take_pending (carry, 0, n_out);
      if (n_out >= 0 && keep_frame (carry, f->frame, f->updates, f->n, ball) != 0)
        n_out = -1;
    }
  else if (ball && waits (carry, f->frame, ball, f->updates, f->n))
    {
      if (tl_update_frames_append (&carry->pending, f->frame, f->updates, f->n) != 0)
        n_out = -1;
    }
  else
    {
      n_out = take_pending (carry, ball != NULL, n_out);
      if (n_out >= 0)
        n_out = take_into_out (carry, f->frame, f->updates, f->n, n_out);
    }
  if (n_out >= 0)
    n_out = add_throw_ins (carry, f->frame, f->updates, f->n, from, n_out);
  if (n_out < 0)
    forget_frames (carry);
  return n_out;
}

/* Takes the @n_handed frames the shins' rule handed on; the count of fills in @carry->out
 * returned, -1 when out of memory. */
static int
take_all_handed (TlBallCarry           *carry,
                 const TlBallShinFrame *handed,
                 int                    n_handed)
{
  int n_out = n_handed < 0 ? -1 : 0;

  for (int k = 0; k < n_handed && n_out >= 0; k++)
    n_out = take_handed (carry, &handed[k], n_out);
  return n_out;
}

int
tl_ball_carry_push (TlBallCarry            *carry,
                    int64_t                 frame,
                    const TlTrackUpdate    *updates,
                    int                     n,
                    const TlBallCarryFill **fills)
{
  const TlBallShinFrame *handed;
  int n_handed = tl_ball_shin_push (carry->shin, frame, updates, n, &handed);
  int n_out = take_all_handed (carry, handed, n_handed);

  *fills = carry->out;
  return n_out;
}

int
tl_ball_carry_finish (TlBallCarry            *carry,
                      const TlBallCarryFill **fills)
{
  const TlBallShinFrame *handed;
  int n_handed = tl_ball_shin_finish (carry->shin, &handed);
  int n_out = take_all_handed (carry, handed, n_handed);

  if (n_out >= 0)
    n_out = take_pending (carry, 1, n_out);
  *fills = carry->out;
  return n_out;
}
