/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-ball-track.c: ball paths with alpha-beta filters in image pixels, gated in metres; the
 * most consistent moving one is the ball, and it stays with the player who hides it. */
#include "tl-ball-track.h"

#include "tl-ball-motion.h"
#include "tl-detect.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PATHS 32
/* Frames of each path's positions kept for revisions (tl_ball_track_revised). */
#define HISTORY   (TL_TRACKER_MAX_REPORT_LAG + 1)

/* A sprinting player's top speed, metres a second: no holder runs faster with the ball. */
#define HOLDER_TOP_SPEED 9.0
/* A ball faster than that which vanished at a player is looked for where it would be had it
 * flown on for this many frames: hidden by his legs or body as it passed him, a shot or a pass
 * reappears on its line (docs/tracking.md, "A fast ball that vanished at a player may have
 * passed him"). */
#define FLY_FRAMES 8

/* One candidate path in image pixels (the ball flies: the ground plane means nothing, but
 * the scale at its pixel still says how many pixels a metre is, near enough). */
typedef struct
{
  int      active;
  int      id;
  double   x, y, vx, vy;      /* position and velocity per frame */
  int      hits;
  int      misses;            /* frames since the last candidate */
  uint32_t seen;              /* bit i: a candidate i frames ago */
  double   x0, y0;            /* where it started */
  double   travel;            /* farthest it got from there, metres: specks jitter in place */
  double   ax, ay;            /* a point trailing it by about a second */
  float    w, h;
  int      off_ground;        /* its last candidate was beyond the watched ground */
  /* Born on a painted line: a piece of the line that a player's legs left in the foreground
   * looks like the ball, so such a path is reported only as a ball lying still (a restart
   * placed on a line, the spots) until it is kicked off it or moves off it (clear_of_paint). */
  int      on_paint;
  int      off_paint_run;     /* while on_paint: consecutive free hits beside the paint */
  /* Held: the ball vanished into a player's blob (at his feet) and moves with him until it is
   * seen free again (two frames in a row: a speck at his boots is seen once). */
  int      held;              /* frames since it was lost at his feet, 0 when free */
  int      free_run;          /* consecutive hits while held */
  double   foot_x, foot_y;    /* the holder's foot pixel (bottom centre of his detection) */
  double   foot_vx, foot_vy;
  double   off_x, off_y;      /* ball - foot */
  double   seen_x, seen_y;    /* the candidate that began the free run */
  /* A ball faster than any player that vanished at one may only have passed in front of him
   * or behind: where it would be had it flown on (FLY_FRAMES frames at most). */
  int      flying;            /* frames since it vanished so, 0 when not */
  double   fly_x, fly_y, fly_vx, fly_vy;
  int64_t  born;              /* number of the frame of its first candidate */
  float    hist_x[HISTORY], hist_y[HISTORY]; /* where it was, by frame number % HISTORY */
} Path;

/* What one frame reported (valid: there was a ball). */
typedef struct
{
  int           valid;
  TlTrackUpdate update;
} Reported;

struct _TlBallTrack
{
  const TlSceneGeometry *geo;
  double fps;
  int    ball_max_px;
  int    max_misses;          /* frames a free path survives unseen */
  int    max_held;            /* frames a held path survives unseen */
  Path   path[MAX_PATHS];
  int    current;             /* the path reported as the ball, -1 none */
  TlBallMotion motion;        /* the last frame's luma around where the ball is expected */
  int64_t  frame;             /* frames updated since the reset */
  Reported reported[HISTORY]; /* what each recent frame reported, by frame number % HISTORY */
};

TlBallTrack *
tl_ball_track_new (const TlSceneGeometry *geo,
                   double                 fps,
                   int                    ball_max_px)
{
  TlBallTrack *ball = calloc (1, sizeof *ball);

  if (ball == NULL)
    return NULL;
  ball->geo = geo;
  ball->fps = fps > 0 ? fps : 25;
  ball->ball_max_px = ball_max_px;
  ball->max_misses = (int) lround (ball->fps * 0.8);
  ball->max_held = (int) lround (ball->fps * 3.0);
  ball->current = -1;
  return ball;
}

void
tl_ball_track_free (TlBallTrack *ball)
{
  free (ball);
}

void
tl_ball_track_reset (TlBallTrack *ball)
{
  memset (ball->path, 0, sizeof ball->path);
  memset (ball->reported, 0, sizeof ball->reported);
  ball->current = -1;
  ball->frame = 0;
  tl_ball_motion_reset (&ball->motion);
}

/* Checkpoint state: every path with its recent positions, which one is the ball, the luma
 * window around it, and what the recent frames reported. */
void
tl_ball_track_save (TlBallTrack   *ball,
                    TlStateWriter *w)
{
  tl_state_put_i64 (w, (int64_t) sizeof ball->path);
  tl_state_put (w, ball->path, sizeof ball->path);
  tl_state_put_i64 (w, ball->current);
  tl_state_put_i64 (w, (int64_t) sizeof ball->motion);
  tl_state_put (w, &ball->motion, sizeof ball->motion);
  tl_state_put_i64 (w, ball->frame);
  tl_state_put_i64 (w, (int64_t) sizeof ball->reported);
  tl_state_put (w, ball->reported, sizeof ball->reported);
}

int
tl_ball_track_restore (TlBallTrack   *ball,
                       TlStateReader *r)
{
  int64_t current;

  if (tl_state_get_i64 (r) != (int64_t) sizeof ball->path
      || tl_state_get (r, ball->path, sizeof ball->path) < 0)
    return -1;
  current = tl_state_get_i64 (r);
  if (r->failed || current < -1 || current >= MAX_PATHS)
    return -1;
  ball->current = (int) current;
  if (tl_state_get_i64 (r) != (int64_t) sizeof ball->motion
      || tl_state_get (r, &ball->motion, sizeof ball->motion) < 0)
    return -1;
  ball->frame = tl_state_get_i64 (r);
  if (r->failed || ball->frame < 0 || tl_state_get_i64 (r) != (int64_t) sizeof ball->reported
      || tl_state_get (r, ball->reported, sizeof ball->reported) < 0)
    return -1;
  return 0;
}

/* Pixels per metre on the ground at (@x, @y). */
static double
px_per_metre (const TlBallTrack *ball,
              double             x,
              double             y)
{
  return tl_scene_geometry_person_px (ball->geo, x, y) / 1.8;
}

static int
popcount32 (uint32_t v)
{
  int n = 0;

  for (; v; v &= v - 1)
    n++;
  return n;
}

/* Recent consistency and distance covered; a noise speck neither recurs along a path nor gets
 * far from where it started, and a held ball is excused its misses. The distance counts up to
 * 3 m: beyond, it only rewarded a sock that ran with its player over a slow, dribbled ball. */
static double
score (const Path *p)
{
  double travel = p->travel < 3 ? p->travel : 3;

  return popcount32 (p->seen) + 2.0 * travel - (p->held ? 0.25 : 1.0) * p->misses;
}

/* How far from its prediction a path accepts a candidate: a quarter metre of noise, more
 * while unseen (it may have been kicked), and a fast ball's change of speed. A path with one
 * hit has no velocity yet: it takes any step a kicked ball could make. */
static double
gate (const Path *p,
      double      ppm)
{
  double g;

  if (p->hits == 1)
    return 1.5 + 1.2 * ppm;
  if (p->held)
    return 1.5 + 1.0 * ppm;
  g = 1.5 + ppm * (0.25 + 0.3 * p->misses) + 0.3 * hypot (p->vx, p->vy);
  return fmin (g, 1.5 + 2.0 * ppm);
}

/* The ball's own free path, seen in the frame before and faster than TURN_MIN_SPEED (m/s),
 * that finds no candidate in its gate looks again within TURN_GATE times it: a header, a
 * deflection or a bounce turns the ball by more than the gate's share of its speed allows, and
 * the path went on unseen along its old line (or was taken for caught by a player there) while
 * a new path had to prove itself on the ball. On the 24 demos of the bench suite (the engine
 * run with one thread) ball recall 0.7430 -> 0.7462 (any speed: 0.7466; gate x1.5 / x3: 0.7452
 * / 0.7433, the wider one taking socks and specks; also a frame after the last sighting:
 * 0.7459). The speed keeps it from a walking player's boot: at any speed, on the Tsukuba clip a
 * path on a walker's shoe kept the report for three frames from the real ball rolling to the
 * touchline. */
#define TURN_GATE 2.0
#define TURN_MIN_SPEED 5.0

static void
predict (Path *p)
{
  if (p->held && p->flying)
    {
      p->fly_x += p->fly_vx;
      p->fly_y += p->fly_vy;
      p->flying++;
    }
  if (p->held)
    {
      p->x = p->foot_x + p->off_x;
      p->y = p->foot_y + p->off_y;
      return;
    }
  p->x += p->vx;
  p->y += p->vy;
}

/* A held path takes no candidate on its holder's shins and knees: within SHIN_HALF_WIDTH_M of his
 * foot across and SHIN_LOW_M to SHIN_HIGH_M above it (metres where he stands). A white sock there
 * passes the ball test now and then; the held path took such a sighting, two in a row freed it onto
 * the sock, and it went on there as the ball, seen, under the ball's id (after a ball that flew
 * past him to another player, or through a carried ball's spell). Now the sock can only start a
 * path of its own, which has to prove itself as any new one does. The ball at his feet lies lower,
 * a dribbled one ahead of him, a carried one higher. The engine run anew with one thread, the rule
 * on against off, on the bench suite's 24 demos, the held-out 24 (seeds 26-49) and seeds 50-73 and
 * 74-97: ball recall 0.7753 / 0.7280 / 0.7269 / 0.7128 -> 0.7761 / 0.7302 / 0.7272 / 0.7153
 * (precision 0.7562 / 0.7185 / 0.7010 / 0.6943 -> 0.7575 / 0.7211 / 0.7017 / 0.6973), the persons
 * unchanged; down most on s19 -0.036 and s54 -0.039, up most on s74 +0.060, s21 +0.026 and s58
 * +0.025. */
#define SHIN_LOW_M 0.25
#define SHIN_HIGH_M 0.7
#define SHIN_HALF_WIDTH_M 0.35

static int
on_holders_shin (const TlBallTrack *ball,
                 const Path        *p,
                 const TlDetection *det)
{
  double ppm, cx = det->x + det->w / 2, cy = det->y + det->h / 2;

  if (!p->held)
    return 0;
  ppm = px_per_metre (ball, p->foot_x, p->foot_y);
  return fabs (cx - p->foot_x) < SHIN_HALF_WIDTH_M * ppm && cy < p->foot_y - SHIN_LOW_M * ppm
         && cy > p->foot_y - SHIN_HIGH_M * ppm;
}

/* The person detection whose box holds pixel (@x, @y) with a margin, nearest by its foot;
 * -1 when none. */
static int
person_at (const TlDetection *dets,
           int                n_dets,
           double             x,
           double             y,
           double             margin)
{
  int best = -1;
  double best_d = 1e30;

  for (int j = 0; j < n_dets; j++)
    {
      const TlDetection *d = &dets[j];
      double fx = d->x + d->w / 2, fy = d->y + d->h, dist;

      if (d->klass != TL_OBJECT_PERSON || x < d->x - margin || x > d->x + d->w + margin
          || y < d->y || y > d->y + d->h + margin)
        continue;
      dist = hypot (x - fx, y - fy);
      if (dist < best_d)
        {
          best_d = dist;
          best = j;
        }
    }
  return best;
}

/* Moves a held path's foot to the person detection nearest where the holder should be now;
 * stays put when his detection is missing in this frame. The reach is under half a metre: at
 * 0.6 m the ball went over to a team-mate or rival passing beside the holder. */
static void
follow_holder (Path              *p,
               const TlDetection *dets,
               int                n_dets,
               double             ppm)
{
  double ex = p->foot_x + p->foot_vx, ey = p->foot_y + p->foot_vy;
  double reach = 1.0 + 0.45 * ppm;
  int best = -1;
  double best_d = reach;

  for (int j = 0; j < n_dets; j++)
    {
      const TlDetection *d = &dets[j];
      double dist;

      if (d->klass != TL_OBJECT_PERSON)
        continue;
      dist = hypot (d->x + d->w / 2 - ex, d->y + d->h - ey);
      if (dist < best_d)
        {
          best_d = dist;
          best = j;
        }
    }
  if (best < 0)
    {
      p->foot_x = ex;
      p->foot_y = ey;
      return;
    }
  {
    double fx = dets[best].x + dets[best].w / 2, fy = dets[best].y + dets[best].h;

    p->foot_vx = 0.7 * p->foot_vx + 0.3 * (fx - p->foot_x);
    p->foot_vy = 0.7 * p->foot_vy + 0.3 * (fy - p->foot_y);
    p->foot_x = fx;
    p->foot_y = fy;
  }
}

static void
update_hit (Path              *p,
            const TlDetection *det,
            double             ppm)
{
  double cx = det->x + det->w / 2, cy = det->y + det->h / 2;
  double rx = cx - p->x, ry = cy - p->y;

  if (p->hits == 1)
    {
      /* Second sighting: the step is the velocity. */
      p->vx = rx + p->vx;
      p->vy = ry + p->vy;
      p->x = cx;
      p->y = cy;
    }
  else
    {
      if (p->held)
        {
          /* Seen at his feet: still his until it is seen two frames in a row (a speck at
           * his boots is seen once). */
          p->x += 0.7 * rx;
          p->y += 0.7 * ry;
          p->off_x = p->x - p->foot_x;
          p->off_y = p->y - p->foot_y;
          if (++p->free_run >= 2)
            {
              /* Free again, most often passed or shot: it leaves him far faster than he runs.
                 Its two sightings say where it is and how fast it goes; his speed made the
                 narrow gate of a free path lose the kicked ball within a frame or two. */
              double kx = cx - p->seen_x, ky = cy - p->seen_y;

              p->held = 0;
              p->flying = 0;
              p->x = cx;
              p->y = cy;
              p->vx = kx;
              p->vy = ky;
            }
          else
            {
              p->seen_x = cx;
              p->seen_y = cy;
            }
          p->hits++;
          p->misses = 0;
          p->seen |= 1;
          return;
        }
      p->x += 0.7 * rx;
      p->y += 0.7 * ry;
      p->vx += 0.4 * rx / (1 + p->misses);
      p->vy += 0.4 * ry / (1 + p->misses);
      p->travel = fmax (p->travel, hypot (p->x - p->x0, p->y - p->y0) / ppm);
    }
  p->hits++;
  p->misses = 0;
  p->seen |= 1;
  p->w = det->w;
  p->h = det->h;
}

static void
update_miss (Path              *p,
             const TlDetection *dets,
             int                n_dets,
             double             ppm,
             double             fps)
{
  p->misses++;
  p->off_paint_run = 0;
  if (p->held)
    {
      p->held++;
      p->free_run = 0;
      return;
    }
  if (p->hits >= 4)
    {
      /* Vanished where a player stands: at his feet or in front of his shirt. */
      int j = person_at (dets, n_dets, p->x, p->y, 0.3 * ppm);

      if (j >= 0)
        {
          /* A dribbled ball runs with its holder, so his foot goes on at its speed. A ball
           * faster than any player (a pass he receives, a shot the keeper catches) stops with
           * him, and his own speed is not known yet: at the ball's, the foot flew on past him
           * and the path left him within a frame or two (ball recall +0.010 on the 60 s
           * demos, docs/tracking.md). */
          int runs_with_him = hypot (p->vx, p->vy) <= HOLDER_TOP_SPEED / fps * ppm;

          p->held = 1;
          p->free_run = 0;
          p->flying = !runs_with_him;
          p->fly_x = p->x;
          p->fly_y = p->y;
          p->fly_vx = p->vx;
          p->fly_vy = p->vy;
          p->foot_x = dets[j].x + dets[j].w / 2;
          p->foot_y = dets[j].y + dets[j].h;
          p->foot_vx = runs_with_him ? p->vx : 0.0;
          p->foot_vy = runs_with_him ? p->vy : 0.0;
          p->off_x = p->x - p->foot_x;
          p->off_y = p->y - p->foot_y;
          p->vx = p->vy = 0;
          return;
        }
    }
  /* A ball slows down on grass. */
  p->vx *= 0.97;
  p->vy *= 0.97;
}

/* The ball the blobs lost, looked for in the image close to where it should be: beside a
 * boot it is part of the player's blob. Only the reported ball looks, in a tight gate, and a
 * peak found so neither frees a held ball nor proves a path: socks and boots look the same. */
static int
find_in_blob (Path          *p,
              const TlFrame *frame,
              const uint8_t *mask,
              double         ppm)
{
  double x, y, rx, ry;

  if (frame == NULL || mask == NULL
      || !tl_ball_peak_find (frame, mask, p->x, p->y, 1.0 + 0.25 * ppm, &x, &y))
    return 0;
  rx = x - p->x;
  ry = y - p->y;
  p->x += 0.7 * rx;
  p->y += 0.7 * ry;
  if (p->held)
    {
      p->off_x = p->x - p->foot_x;
      p->off_y = p->y - p->foot_y;
      p->held++;
    }
  else
    {
      p->vx += 0.4 * rx;
      p->vy += 0.4 * ry;
    }
  p->misses = 0;
  return 1;
}

/* A held ball is most often at its holder's feet, its offset frozen from where it vanished
 * while he turns and dribbles. What moved near that offset since the last frame
 * (tl-ball-motion.c) shows the ball beside his boots: the offset follows it. The sighting
 * counts as a miss all the same (no score, no bonus, the ball stays held): when the held path
 * is wrong, his moving legs pass the same test, and a sighting that kept such a path alive or
 * freed it lost the ball for seconds (docs/tracking-experiments.md). */
static void
follow_by_motion (const TlBallMotion *motion,
                  Path               *p,
                  const TlFrame      *frame,
                  double              ppm)
{
  double x, y;

  if (frame == NULL
      || !tl_ball_motion_find (motion, frame, p->x, p->y, 1.0 + 0.5 * ppm, p->foot_vx, p->foot_vy,
                               &x, &y))
    return;
  p->x += 0.7 * (x - p->x);
  p->y += 0.7 * (y - p->y);
  p->off_x = p->x - p->foot_x;
  p->off_y = p->y - p->foot_y;
}

static int
path_dead (const TlBallTrack *ball,
           const Path        *p)
{
  if (p->hits < 3)
    return p->misses > 1;
  if (p->x < 0 || p->y < 0 || p->x >= ball->geo->width || p->y >= ball->geo->height)
    return 1;
  return p->held ? p->held > ball->max_held : p->misses > ball->max_misses;
}

/* A candidate beyond the watched ground in the players' room above the far touchline: specks
 * on the boards look the same, so only the ball's own path and one just on the ball may take
 * one (may_take_off_ground), and none starts a path. Higher up, over the boards, only the ball
 * flies (a lofted pass, a clearance): there a candidate counts as one on the ground. */
static int
off_ground (const TlBallTrack *ball,
            const TlDetection *det)
{
  return isnan (det->foot_x)
         && tl_scene_geometry_block (ball->geo, det->x + det->w / 2, det->y + det->h / 2)
            != TL_PITCH_BLOCK_BALL;
}

/* How many frames a path may have gone unseen and still take a candidate beyond the watched
 * ground (may_take_off_ground). */
#define OFF_GROUND_MAX_MISSES 2

/* Besides the ball's own path, a free path that was on a candidate up to a moment ago may take
 * one beyond the watched ground: most often the ball on its way there before it proved itself
 * the ball (a shot or a pass crossing the far touchline's band in the air, a ball rolling out
 * over a line). Longer unseen, a path's gate is wide enough for a speck on the boards; a held
 * one stays with its player. Such hits still neither count as seen nor start paths. */
static int
may_take_off_ground (const TlBallTrack *ball,
                     const Path        *p)
{
  return p - ball->path == ball->current
         || (!p->held && p->hits >= 2 && p->misses <= OFF_GROUND_MAX_MISSES);
}

/* The ball candidate of @dets no path took yet (@used) nearest (@x, @y), within @gate; one
 * beyond the watched ground (off_ground) only with @off_ground_too. -1 when none. */
static int
nearest_candidate (const TlBallTrack *ball,
                   const TlDetection *dets,
                   int                n_dets,
                   const int         *used,
                   double             x,
                   double             y,
                   double             gate,
                   int                off_ground_too)
{
  int pick = -1;
  double pick_d = 0;

  for (int j = 0; j < n_dets; j++)
    {
      double d;

      if (used[j] || dets[j].klass != TL_OBJECT_BALL
          || (!off_ground_too && off_ground (ball, &dets[j])))
        continue;
      d = hypot (dets[j].x + dets[j].w / 2 - x, dets[j].y + dets[j].h / 2 - y);
      if (d <= gate && (pick < 0 || d < pick_d))
        {
          pick = j;
          pick_d = d;
        }
    }
  return pick;
}

/* Starts a path at a candidate no path claimed; the weakest path makes room. */
static void
start_path (TlBallTrack       *ball,
            const TlDetection *det)
{
  int slot = -1;
  double weakest = 1e30;
  Path *p;

  for (int i = 0; i < MAX_PATHS && slot < 0; i++)
    if (!ball->path[i].active)
      slot = i;
  if (slot < 0)
    for (int i = 0; i < MAX_PATHS; i++)
      if (i != ball->current && score (&ball->path[i]) < weakest)
        {
          weakest = score (&ball->path[i]);
          slot = i;
        }
  if (slot < 0)
    return;
  p = &ball->path[slot];
  memset (p, 0, sizeof *p);
  p->active = 1;
  p->x = p->x0 = p->ax = det->x + det->w / 2;
  p->y = p->y0 = p->ay = det->y + det->h / 2;
  p->hits = 1;
  p->seen = 1;
  p->on_paint = tl_scene_geometry_on_marking (ball->geo, p->x, p->y);
  p->w = det->w;
  p->h = det->h;
  p->born = ball->frame;
}

/* After @p, born on a painted line, took @det: whether it has shown itself a ball rather than
 * a piece of the line (kicked faster than a player runs, or seen free beside the paint half a
 * metre or more from where it was born: specks beside a line stay where they are). */
static void
clear_of_paint (const TlBallTrack *ball,
                Path              *p,
                const TlDetection *det,
                double             ppm)
{
  if (p->held || hypot (p->x - p->x0, p->y - p->y0) < 0.5 * ppm
      || tl_scene_geometry_on_marking (ball->geo, det->x + det->w / 2, det->y + det->h / 2))
    p->off_paint_run = 0;
  else
    p->off_paint_run++;
  if (p->off_paint_run >= 4
      || (!p->held && hypot (p->vx, p->vy) * ball->fps > HOLDER_TOP_SPEED * ppm))
    p->on_paint = 0;
}

/* Whether @p is up in the air over the far touchline, where a ball never stands still. */
static int
in_flight (const TlBallTrack *ball,
           const Path        *p)
{
  return tl_scene_geometry_block (ball->geo, p->x, p->y) == TL_PITCH_BLOCK_BALL;
}

/* A ball in play moves or is at a player's feet; a white sock or a speck that made a path
 * while its player walked stays where he stands. Up in the air it flies, at 2.5 m/s or more
 * (the scale of the ground below is near enough), where specks on a fence rail crawl. */
static int
in_play (const TlBallTrack *ball,
         const Path        *p)
{
  double ppm = px_per_metre (ball, p->x, p->y);

  if (in_flight (ball, p) && hypot (p->vx, p->vy) * ball->fps < 2.5 * ppm)
    return 0;
  return p->held || hypot (p->x - p->ax, p->y - p->ay) >= 0.3 * ppm;
}

/* A standing player's white sock is seen as often as a ball lying still: a still path inside
 * a player's box, or within this margin of it (metres where the path is), is taken for his
 * sock. A ball placed for a restart lies beside the taker's boot, often within 0.3 m of his box
 * in the picture. On the 24 demos ball recall 0.6841 -> 0.6865 against 0.3 m, up on 13 and
 * down on 4 by at most 0.002, the persons unchanged (no margin: the same on seeds 1-8). */
#define STILL_SOCK_MARGIN_M 0.15

/* A ball placed for a corner kick lies in the corner's arc (1 m), within this of the corner
 * (metres), its taker standing over it or beside it: as for a ball placed on a painted line, a
 * still path there is not taken for his sock. On the 24 demos of the bench suite (the engine run
 * with one thread) ball recall 0.7605 -> 0.7645, precision 0.7450 -> 0.7492 (s19 +0.059, s23
 * +0.036, s18 +0.004; s11 -0.003); the 75 frames before each corner kick 0.707 -> 0.777. 1 m
 * and 2.5 m give the same to 0.0001. */
#define CORNER_BALL_M 1.5

/* Whether @p lies in a corner's arc (CORNER_BALL_M). */
static int
in_corner_arc (const TlBallTrack *ball,
               const Path        *p)
{
  return tl_scene_geometry_near_corner (ball->geo, p->x, p->y + p->h / 2, CORNER_BALL_M);
}

/* Whether @p lies where a restart's ball is placed beside its taker: where it began on a painted
 * line (the spots, the lines), or in a corner's arc. */
static int
placed_for_restart (const TlBallTrack *ball,
                    const Path        *p)
{
  return p->on_paint || in_corner_arc (ball, p);
}

/* How near where the held ball vanished a still ball is taken for it, left behind (metres).
 * On the 24 demos ball recall 0.7488 -> 0.7523 (reported from its fourth sighting; from its
 * eighth, as other still balls: 0.7503, and 3 m the same). */
#define LEFT_BEHIND_M 1.5

/* Whether the still ball @still is the one the held path @held lost: it lies within
 * LEFT_BEHIND_M of where the ball vanished (or of where it would have rolled on to), seen in 4
 * of its last 5 frames, while the held path went on with the player who ran past it. It need
 * not outscore the held path, whose score the frames before he reached the ball still carry,
 * nor have been seen in 12 frames (8 for any still ball): on s23 the report rode on with him
 * for the 18 frames the ball lay there; on s24 a path that went off with a player's boot kept
 * it while the ball lay there and was picked up by another (+0.041). */
static int
left_behind (const TlBallTrack *ball,
             const Path        *held,
             const Path        *still)
{
  return held->held && held->misses > 0 && popcount32 (still->seen & 31u) >= 4
         && hypot (still->x - held->fly_x, still->y - held->fly_y)
              < LEFT_BEHIND_M * px_per_metre (ball, still->x, still->y);
}

/* Whether path @i has been seen often enough to be reported lying still: in 8 of the last 32
 * frames, or in 4 of them in a corner's arc, or in 4 of the last 5 as the ball the held current
 * path left behind (left_behind), which keeps it while it is the current ball. A corner kick's
 * taker stands over the ball and hides it in most frames while he waits (s21: seen in 7 of the
 * 30 before the kick at the far corner, never in 8 of 32). 4 of 32 in the arc: ball recall on
 * the 24 demos 0.7645 -> 0.7697, precision 0.7492 -> 0.7504 (s21 +0.125, s1 +0.012, s12
 * +0.003, s13 +0.002; s14 -0.011, s17 -0.004, s19 -0.004); 3: 0.7699 (s10 +0.010, s24 -0.004);
 * 6: 0.7651. */
static int
seen_enough_to_lie_still (const TlBallTrack *ball,
                          int                i)
{
  const Path *p = &ball->path[i];
  int seen = popcount32 (p->seen);

  if (seen >= 8 || i == ball->current)
    return 1;
  if (seen >= 4 && in_corner_arc (ball, p))
    return 1;
  return ball->current >= 0 && left_behind (ball, &ball->path[ball->current], p);
}

/* With no ball in play, a ball lying still for a restart (a free kick, a corner, the centre
 * spot at kick-off) fails the in-play rule: then the best path seen now and in a quarter of
 * the last 32 frames (or in 4 of the last 5 for the ball the held current path left behind,
 * left_behind, then kept while seen), at no player's feet (his sock: STILL_SOCK_MARGIN_M)
 * unless it lies where it began on a painted line or in a corner's arc, where restarts are
 * placed and the taker stands beside the ball (placed_for_restart). -1 when none. */
static int
still_ball (const TlBallTrack *ball,
            const TlDetection *dets,
            int                n_dets,
            double            *still_score)
{
  int best = -1;
  double best_score = -1e30;

  for (int i = 0; i < MAX_PATHS; i++)
    {
      const Path *p = &ball->path[i];
      double ppm;

      if (!p->active || p->held || p->misses > 0 || in_flight (ball, p)
          || !seen_enough_to_lie_still (ball, i))
        continue;
      ppm = px_per_metre (ball, p->x, p->y);
      /* On a line, only what lies where it was first seen: pieces of the line crawl along it
         with the legs that uncover them. */
      if (placed_for_restart (ball, p)
          ? p->travel >= 0.3
          : person_at (dets, n_dets, p->x, p->y, STILL_SOCK_MARGIN_M * ppm) >= 0)
        continue;
      if (score (p) > best_score)
        {
          best_score = score (p);
          best = i;
        }
    }
  if (best >= 0)
    *still_score = best_score + (best == ball->current ? 10.0 : 0.0);
  return best;
}

/* The current ball when @p is a rival to it, else NULL. */
static const Path *
current_rivalled_by (const TlBallTrack *ball,
                     const Path        *p)
{
  if (ball->current < 0 || p == &ball->path[ball->current])
    return NULL;
  return &ball->path[ball->current];
}

/* What a rival pays for its distance from the current ball: the ball moves on from where it
 * was lost (held or coasting), and a path far away is more likely a sock or a speck than the
 * ball kicked unseen. 0 when there is no current ball. */
static double
distance_penalty (const TlBallTrack *ball,
                  const Path        *p)
{
  const Path *c = current_rivalled_by (ball, p);

  if (c == NULL)
    return 0;
  return fmin (10.0, 0.5 * hypot (p->x - c->x, p->y - c->y) / px_per_metre (ball, c->x, c->y));
}

/* The ball dribbled, passed or shot away from the player a held path stays with: while the
 * held ball is unseen, a path seen in 4 of its last 5 frames within 5 m of it takes over (its
 * score had to outgrow the held path's for 8 frames or more). Not each of the last 4: a shot
 * rising into the net or a pass behind a leg is lost for a frame now and then, and the held
 * path rode on with the player meanwhile. */
static int
leaves_holder (const TlBallTrack *ball,
               const Path        *p)
{
  const Path *c = current_rivalled_by (ball, p);

  return c != NULL && c->held && c->misses > 0 && popcount32 (p->seen & 31u) >= 4
         && hypot (p->x - c->x, p->y - c->y) < 5.0 * px_per_metre (ball, c->x, c->y);
}

/* The ball the update reports: the best path in play (@best, scoring @best_score), or a ball
 * lying still when none is, or when the best is unseen and the still ball, seen in 12 of the
 * last 32 frames, outscores it (the restart was taken there while the held or coasting path
 * stayed with a player), or was left behind by the holder. -1 when none. */
static int
prefer_still_ball (const TlBallTrack *ball,
                   const TlDetection *dets,
                   int                n_dets,
                   int                best,
                   double             best_score)
{
  double still_score = 0;
  int still = still_ball (ball, dets, n_dets, &still_score);

  if (still < 0 || best < 0)
    return still >= 0 ? still : best;
  still_score -= distance_penalty (ball, &ball->path[still]);
  if (left_behind (ball, &ball->path[best], &ball->path[still]))
    return still;
  if (ball->path[best].misses > 0 && popcount32 (ball->path[still].seen) >= 12
      && still_score > best_score)
    return still;
  return best;
}

/* One frame of every path and the choice of the ball (@out, returns 1 when there is one);
 * tl_ball_track_update then records where the paths are for later revisions. */
static int
update_paths (TlBallTrack       *ball,
              const TlDetection *dets,
              int                n_dets,
              const TlFrame     *frame,
              const uint8_t     *mask,
              int              (*new_id) (void *user),
              void              *user,
              TlTrackUpdate     *out)
{
  int used[256] = { 0 };
  int done[MAX_PATHS] = { 0 };
  int best = -1;
  double best_score = -1e30;

  if (n_dets > 256)
    n_dets = 256;

  for (int i = 0; i < MAX_PATHS; i++)
    {
      Path *p = &ball->path[i];

      if (!p->active)
        continue;
      p->seen <<= 1;
      if (p->held)
        follow_holder (p, dets, n_dets, px_per_metre (ball, p->foot_x, p->foot_y));
      predict (p);
      p->ax += 0.05 * (p->x - p->ax);
      p->ay += 0.05 * (p->y - p->ay);
    }

  /* Each path takes its nearest candidate inside its gate; the strongest paths choose first. */
  for (int pass = 0; pass < MAX_PATHS; pass++)
    {
      Path *p = NULL;
      double ps = -1e30, ppm, g;
      int pick = -1;

      for (int i = 0; i < MAX_PATHS; i++)
        if (ball->path[i].active && !done[i] && score (&ball->path[i]) > ps)
          {
            ps = score (&ball->path[i]);
            p = &ball->path[i];
          }
      if (p == NULL)
        break;
      done[p - ball->path] = 1;

      ppm = px_per_metre (ball, p->x, p->y);
      g = gate (p, ppm);
      if (p->held && p->flying && p->flying <= FLY_FRAMES)
        {
          /* Seen where it would be had it flown on, not at his feet: it passed him. */
          pick = nearest_candidate (ball, dets, n_dets, used, p->fly_x, p->fly_y,
                                    1.5 + ppm * (0.25 + 0.3 * p->flying)
                                      + 0.3 * hypot (p->fly_vx, p->fly_vy),
                                    may_take_off_ground (ball, p));
          if (pick >= 0)
            {
              p->held = 0;
              p->free_run = 0;
              p->flying = 0;
              p->x = p->fly_x;
              p->y = p->fly_y;
              p->vx = p->fly_vx;
              p->vy = p->fly_vy;
            }
        }
      if (pick < 0)
        pick = nearest_candidate (ball, dets, n_dets, used, p->x, p->y, g,
                                  may_take_off_ground (ball, p));
      if (pick < 0 && p - ball->path == ball->current && !p->held && p->hits >= 4
          && p->misses == 0 && hypot (p->vx, p->vy) * ball->fps > TURN_MIN_SPEED * ppm)
        pick = nearest_candidate (ball, dets, n_dets, used, p->x, p->y, TURN_GATE * g,
                                  may_take_off_ground (ball, p));
      if (pick >= 0 && on_holders_shin (ball, p, &dets[pick]))
        pick = -1;
      if (pick >= 0)
        {
          used[pick] = 1;
          update_hit (p, &dets[pick], ppm);
          p->off_ground = off_ground (ball, &dets[pick]);
          if (p->on_paint)
            clear_of_paint (ball, p, &dets[pick], ppm);
          if (p->off_ground)
            p->seen &= ~1u;
        }
      else if (p - ball->path == ball->current && find_in_blob (p, frame, mask, ppm))
        ;
      else
        {
          if (p - ball->path == ball->current && p->held)
            follow_by_motion (&ball->motion, p, frame, ppm);
          update_miss (p, dets, n_dets, ppm, ball->fps);
        }
    }

  for (int i = 0; i < MAX_PATHS; i++)
    if (ball->path[i].active && path_dead (ball, &ball->path[i]))
      {
        ball->path[i].active = 0;
        if (ball->current == i)
          ball->current = -1;
      }

  for (int j = 0; j < n_dets; j++)
    if (!used[j] && dets[j].klass == TL_OBJECT_BALL && !off_ground (ball, &dets[j]))
      start_path (ball, &dets[j]);

  /* The ball is the best path that has proved itself; keep the current one unless another is
   * clearly better, so the estimate does not hop between candidates. */
  for (int i = 0; i < MAX_PATHS; i++)
    {
      const Path *p = &ball->path[i];
      double s;

      if (!p->active || p->hits < 4 || p->travel < 0.5 || !in_play (ball, p) || p->on_paint)
        continue;
      /* The current ball is kept against a rival only while it is seen: a held or coasting
         ball gives way to a path that has just proved itself. */
      s = score (p) + (i == ball->current && p->misses == 0 && !p->off_ground ? 10.0 : 0.0);
      s -= distance_penalty (ball, p);
      if (leaves_holder (ball, p))
        s += 100.0;
      if (s > best_score)
        {
          best_score = s;
          best = i;
        }
    }
  best = prefer_still_ball (ball, dets, n_dets, best, best_score);
  /* The ball has left its holder: the held path ends. Kept, its score (the frames it was seen
     before he got the ball) outweighed the new path's whenever that one missed a frame, and the
     report went back to him until the new one was seen 4 of 5 again. */
  if (best >= 0 && best != ball->current && leaves_holder (ball, &ball->path[best]))
    ball->path[ball->current].active = 0;
  if (best != ball->current && best >= 0)
    ball->path[best].id = ball->path[best].id ? ball->path[best].id : new_id (user);
  ball->current = best;
  if (best < 0)
    {
      ball->motion.valid = 0;
      return 0;
    }
  if (frame != NULL)
    {
      const Path *p = &ball->path[best];

      /* Where the next frame will look for it. */
      tl_ball_motion_remember (&ball->motion, frame, p->x + (p->held ? p->foot_vx : p->vx),
                               p->y + (p->held ? p->foot_vy : p->vy));
    }

  {
    const Path *p = &ball->path[best];
    double gx, gy;

    memset (out, 0, sizeof *out);
    out->id = p->id;
    out->klass = TL_OBJECT_BALL;
    out->state = p->misses == 0 ? TL_TRACK_CONFIRMED : TL_TRACK_COASTING;
    out->team = -1;
    out->w = p->w > 0 ? p->w : 2;
    out->h = p->h > 0 ? p->h : 2;
    out->x = (float) (p->x - out->w / 2);
    out->y = (float) (p->y - out->h / 2);
    /* Where it would be if on the ground: the best a single view can say in the air. */
    if (tl_scene_geometry_ground (ball->geo, p->x, p->y + out->h / 2, &gx, &gy) == 0)
      {
        out->pitch_x = (float) gx;
        out->pitch_y = (float) gy;
      }
    out->vx = (float) ((p->held ? p->foot_vx : p->vx) * ball->fps);
    out->vy = (float) ((p->held ? p->foot_vy : p->vy) * ball->fps);
  }
  return 1;
}

int
tl_ball_track_update (TlBallTrack       *ball,
                      const TlDetection *dets,
                      int                n_dets,
                      const TlFrame     *frame,
                      const uint8_t     *mask,
                      int              (*new_id) (void *user),
                      void              *user,
                      TlTrackUpdate     *out)
{
  int have = update_paths (ball, dets, n_dets, frame, mask, new_id, user, out);
  int slot = (int) (ball->frame % HISTORY);

  for (int i = 0; i < MAX_PATHS; i++)
    if (ball->path[i].active)
      {
        ball->path[i].hist_x[slot] = (float) ball->path[i].x;
        ball->path[i].hist_y[slot] = (float) ball->path[i].y;
      }
  ball->reported[slot].valid = have;
  if (have)
    ball->reported[slot].update = *out;
  ball->frame++;
  return have;
}

/* The live path of id @id; NULL when it has ended. */
static const Path *
path_with_id (const TlBallTrack *ball,
              int                id)
{
  for (int i = 0; i < MAX_PATHS; i++)
    if (ball->path[i].active && ball->path[i].id == id)
      return &ball->path[i];
  return NULL;
}

/* How many frames before its first candidate the path that is the ball now is carried back,
 * on the line of its first steps, into frames that reported no ball: it was on its way there
 * (kicked from a player's feet, out of a group). Ball recall / precision, 60 s demos s1 / s2 /
 * s6: none 0.404 / 0.594 / 0.290 (precision 0.547 / 0.671 / 0.279); 4 frames 0.416 / 0.598 /
 * 0.293; 8 0.419 / 0.598 / 0.295 (0.543 / 0.652 / 0.281); 16 0.423 / 0.598 / 0.298 (0.536 /
 * 0.636 / 0.282). */
#define BACKFILL_FRAMES 8

/* A path proves itself only after some frames (tl_ball_track_update): by then the ball is
 * where it was for those frames, most often reported missing or on another path (a sock, a
 * speck). Looking back from later, the path that is the ball now says where it was then;
 * interpolating between its sightings instead of its predictions did no better (recall -0.003
 * on three demos, docs/tracking-experiments.md). */
int
tl_ball_track_revised (TlBallTrack   *ball,
                       int            lag,
                       TlTrackUpdate *out)
{
  int64_t f = ball->frame - 1 - lag, newest = ball->frame - 1;
  const Reported *then;
  const Path *now;
  double x, y, vx = 0, vy = 0, gx, gy;
  int slot;

  if (lag < 0 || lag > TL_TRACKER_MAX_REPORT_LAG || f < 0)
    return 0;
  slot = (int) (f % HISTORY);
  then = &ball->reported[slot];
  now = ball->current >= 0 ? &ball->path[ball->current] : NULL;
  /* A frame that reported a path seen in it, a path that has since ended, keeps that report
   * against a rival that was then already over a second old: the two had been compared for
   * that second and the rival lost; it is the ball now only because the reported one left
   * the view. On s2 a ball kicked out over the near touchline handed the report to a speck
   * that had been there all along, and its last 18 seen frames were rewritten to the speck.
   * While the reported path lives on, the rival has beaten it in view and takes the frame
   * back: on a real clip a spare ball by the bench, reported for a second, was the path that
   * lived on (docs/tracking.md). */
  if (now != NULL && then->valid && then->update.state == TL_TRACK_CONFIRMED
      && then->update.id != now->id && f - now->born > lround (ball->fps)
      && !path_with_id (ball, then->update.id))
    now = NULL;
  if (now != NULL && now->born <= f)
    {
      x = now->hist_x[slot];
      y = now->hist_y[slot];
      if (f > now->born)
        {
          int before = (int) ((f - 1) % HISTORY);

          vx = now->hist_x[slot] - now->hist_x[before];
          vy = now->hist_y[slot] - now->hist_y[before];
        }
    }
  else if (now != NULL && !then->valid && now->born - f <= BACKFILL_FRAMES)
    {
      int first = (int) (now->born % HISTORY);

      if (now->born + 2 <= newest)
        {
          int third = (int) ((now->born + 2) % HISTORY);

          vx = (now->hist_x[third] - now->hist_x[first]) / 2;
          vy = (now->hist_y[third] - now->hist_y[first]) / 2;
        }
      x = now->hist_x[first] - (double) (now->born - f) * vx;
      y = now->hist_y[first] - (double) (now->born - f) * vy;
    }
  else
    {
      if (then->valid)
        *out = then->update;
      return then->valid != 0;
    }

  if (then->valid)
    *out = then->update;
  else
    {
      memset (out, 0, sizeof *out);
      out->klass = TL_OBJECT_BALL;
      out->state = TL_TRACK_COASTING;
      out->team = -1;
      out->w = now->w > 0 ? now->w : 2;
      out->h = now->h > 0 ? now->h : 2;
    }
  out->id = now->id;
  out->x = (float) (x - out->w / 2);
  out->y = (float) (y - out->h / 2);
  if (tl_scene_geometry_ground (ball->geo, x, y + out->h / 2, &gx, &gy) == 0)
    {
      out->pitch_x = (float) gx;
      out->pitch_y = (float) gy;
    }
  out->vx = (float) (vx * ball->fps);
  out->vy = (float) (vy * ball->fps);
  return 1;
}
