/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-pitch-markings.c: the painted lines of a pitch laid out to the Laws of the Game. */
#include "tl-pitch-markings.h"

#include <math.h>

#define CIRCLE_RADIUS     9.15
#define PENALTY_DEPTH     16.5
#define PENALTY_HALF_SPAN 20.16
#define GOAL_AREA_DEPTH   5.5
#define GOAL_AREA_HALF    9.16
#define PENALTY_SPOT      11.0
#define CORNER_RADIUS     1.0
#define SPOT_RADIUS       0.11

typedef struct
{
  double           half_paint;
  double           step;
  TlPitchPaintFunc func;
  void            *user;
} Walk;

/* The paint across the line at (x, y), whose direction is (dx, dy) (unit length), mirrored into
 * all four quarters of the pitch: the quarter's lines are drawn once for each. */
static void
paint_across (const Walk *walk,
              double      x,
              double      y,
              double      dx,
              double      dy)
{
  int n = (int) ceil (walk->half_paint / walk->step);

  for (int k = -n; k <= n; k++)
    {
      double across = walk->half_paint * k / n;
      double px = x - across * dy, py = y + across * dx;

      walk->func (px, py, walk->user);
      walk->func (-px, py, walk->user);
      walk->func (px, -py, walk->user);
      walk->func (-px, -py, walk->user);
    }
}

static void
segment (const Walk *walk,
         double      ax,
         double      ay,
         double      bx,
         double      by)
{
  double length = hypot (bx - ax, by - ay);
  int n = (int) ceil (length / walk->step);

  for (int i = 0; i <= n; i++)
    paint_across (walk, ax + (bx - ax) * i / n, ay + (by - ay) * i / n, (bx - ax) / length,
                  (by - ay) / length);
}

/* The arc of @radius about (cx, cy) from angle @from to @to (radians, counter-clockwise). */
static void
arc (const Walk *walk,
     double      cx,
     double      cy,
     double      radius,
     double      from,
     double      to)
{
  int n = (int) ceil (radius * (to - from) / walk->step);

  for (int i = 0; i <= n; i++)
    {
      double a = from + (to - from) * i / n;

      paint_across (walk, cx + radius * cos (a), cy + radius * sin (a), -sin (a), cos (a));
    }
}

void
tl_pitch_markings_walk (double           length,
                        double           width,
                        double           line_width,
                        double           step,
                        TlPitchPaintFunc func,
                        void            *user)
{
  Walk walk = { line_width / 2, step, func, user };
  double hl = length / 2, hw = width / 2;
  double box = hl - PENALTY_DEPTH, area = hl - GOAL_AREA_DEPTH, spot = hl - PENALTY_SPOT;
  /* The penalty arc is the part of the circle about the spot outside the penalty area. */
  double arc_end = acos ((spot - box) / CIRCLE_RADIUS);

  /* One quarter (x, y >= 0); paint_across mirrors it. */
  segment (&walk, 0, hw, hl, hw);
  segment (&walk, hl, 0, hl, hw);
  segment (&walk, 0, 0, 0, hw);
  arc (&walk, 0, 0, CIRCLE_RADIUS, 0, M_PI / 2);
  segment (&walk, box, PENALTY_HALF_SPAN, hl, PENALTY_HALF_SPAN);
  segment (&walk, box, 0, box, PENALTY_HALF_SPAN);
  segment (&walk, area, GOAL_AREA_HALF, hl, GOAL_AREA_HALF);
  segment (&walk, area, 0, area, GOAL_AREA_HALF);
  arc (&walk, spot, 0, CIRCLE_RADIUS, M_PI - arc_end, M_PI);
  arc (&walk, hl, hw, CORNER_RADIUS, M_PI, 1.5 * M_PI);
  /* The spots: discs, painted as rings down to their middle. */
  for (double r = SPOT_RADIUS; r > 0; r -= walk.half_paint)
    {
      arc (&walk, 0, 0, r, 0, M_PI / 2);
      arc (&walk, spot, 0, r, -M_PI / 2, M_PI / 2);
    }
}
