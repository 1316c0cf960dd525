/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-ball-motion.c: the ball by frame difference near where its track expects it. Beside a
 * player's boot the ball is part of his blob, and a brightest-pixel search there finds socks
 * as often as the ball; but a moving ball leaves a compact pair of spots in the difference of
 * two frames, brighter where it is and darker where it was, one ball-step apart. */
#include "tl-ball-motion.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A ball-sized spot must have become this much brighter (1-2 px at 1920x576 are half grass)
 * and the place it left this much darker; measured on the demos (docs/tracking.md). */
#define ARRIVAL_RISE 25
#define DEPARTURE_DROP 35
/* Nearly grey: a 2x2 chroma sample is half grass beside a ball, hence the margin. */
#define GREY_MAX 60

void
tl_ball_motion_reset (TlBallMotion *motion)
{
  memset (motion, 0, sizeof *motion);
}

void
tl_ball_motion_remember (TlBallMotion  *motion,
                         const TlFrame *frame,
                         double         x,
                         double         y)
{
  int w = frame->width < TL_BALL_MOTION_SIZE ? frame->width : TL_BALL_MOTION_SIZE;
  int h = frame->height < TL_BALL_MOTION_SIZE ? frame->height : TL_BALL_MOTION_SIZE;
  int x0 = (int) floor (x) - w / 2, y0 = (int) floor (y) - h / 2;

  x0 = x0 < 0 ? 0 : x0 > frame->width - w ? frame->width - w : x0;
  y0 = y0 < 0 ? 0 : y0 > frame->height - h ? frame->height - h : y0;
  motion->valid = 1;
  motion->x0 = x0;
  motion->y0 = y0;
  motion->w = w;
  motion->h = h;
  for (int r = 0; r < h; r++)
    memcpy (motion->luma + r * TL_BALL_MOTION_SIZE,
            frame->planes[0] + (long) (y0 + r) * frame->strides[0] + x0, (size_t) w);
}

/* The change of luma at frame pixel (@px, @py) since the remembered frame; the caller keeps
 * the pixel inside the window. */
static inline int
change_at (const TlBallMotion *motion,
           const TlFrame      *frame,
           int                 px,
           int                 py)
{
  return frame->planes[0][(long) py * frame->strides[0] + px]
         - motion->luma[(py - motion->y0) * TL_BALL_MOTION_SIZE + px - motion->x0];
}

/* Whether pixel (@px, @py) is where a ball arrived: the largest rise of its 3x3, and compact (at
 * most one pixel of the 5x5 ring rose by half as much: a sock, a leg or a line moved by the
 * camera's shake goes on beyond 2x2 pixels). */
static int
arrived_at (const TlBallMotion *motion,
            const TlFrame      *frame,
            int                 px,
            int                 py)
{
  int v = change_at (motion, frame, px, py), wide = 0;

  if (v < ARRIVAL_RISE)
    return 0;
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      if (change_at (motion, frame, px + dx, py + dy) > v)
        return 0;
  for (int dy = -2; dy <= 2; dy++)
    for (int dx = -2; dx <= 2; dx++)
      if ((abs (dx) == 2 || abs (dy) == 2) && 2 * change_at (motion, frame, px + dx, py + dy) >= v)
        wide++;
  return wide <= 1;
}

/* Whether something bright left from within @radius of (@x, @y): a pixel there became darker. */
static int
left_from (const TlBallMotion *motion,
           const TlFrame      *frame,
           double              x,
           double              y,
           double              radius)
{
  int x0 = (int) floor (x - radius), x1 = (int) floor (x + radius);
  int y0 = (int) floor (y - radius), y1 = (int) floor (y + radius);

  x0 = x0 < motion->x0 ? motion->x0 : x0;
  y0 = y0 < motion->y0 ? motion->y0 : y0;
  x1 = x1 > motion->x0 + motion->w - 1 ? motion->x0 + motion->w - 1 : x1;
  y1 = y1 > motion->y0 + motion->h - 1 ? motion->y0 + motion->h - 1 : y1;
  for (int py = y0; py <= y1; py++)
    for (int px = x0; px <= x1; px++)
      if (change_at (motion, frame, px, py) <= -DEPARTURE_DROP)
        return 1;
  return 0;
}

int
tl_ball_motion_find (const TlBallMotion *motion,
                     const TlFrame      *frame,
                     double              x,
                     double              y,
                     double              radius,
                     double              vx,
                     double              vy,
                     double             *out_x,
                     double             *out_y)
{
  /* The 5x5 ring must stay inside the window (and so inside the frame). */
  int x0 = (int) floor (x - radius), x1 = (int) ceil (x + radius);
  int y0 = (int) floor (y - radius), y1 = (int) ceil (y + radius);
  double best = radius * radius, slack = 1.0 + 0.5 * hypot (vx, vy);
  int found = 0;

  if (!motion->valid || frame->width < motion->x0 + motion->w
      || frame->height < motion->y0 + motion->h)
    return 0;
  x0 = x0 < motion->x0 + 2 ? motion->x0 + 2 : x0;
  y0 = y0 < motion->y0 + 2 ? motion->y0 + 2 : y0;
  x1 = x1 > motion->x0 + motion->w - 3 ? motion->x0 + motion->w - 3 : x1;
  y1 = y1 > motion->y0 + motion->h - 3 ? motion->y0 + motion->h - 3 : y1;
  for (int py = y0; py <= y1; py++)
    {
      const uint8_t *urow, *vrow;
      int step;

      tl_frame_chroma_rows (frame, py / 2, &urow, &vrow, &step);
      for (int px = x0; px <= x1; px++)
        {
          double d = (px + 0.5 - x) * (px + 0.5 - x) + (py + 0.5 - y) * (py + 0.5 - y);

          if (d > best
              || abs (urow[(px / 2) * step] - 128) + abs (vrow[(px / 2) * step] - 128) > GREY_MAX
              || !arrived_at (motion, frame, px, py)
              || !left_from (motion, frame, px + 0.5 - vx, py + 0.5 - vy, slack))
            continue;
          best = d;
          *out_x = px + 0.5;
          *out_y = py + 0.5;
          found = 1;
        }
    }
  return found;
}
