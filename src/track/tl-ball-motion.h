/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-ball-motion.h: the ball at a player's feet, found by what changed since the last frame in
 * a small window around where the ball track expects it. */
#pragma once

#include "tl-frame.h"

#include <stdint.h>

/* The luma of the last frame is kept only in a window this size (analysis pixels) around the
 * ball's expected position: the engine keeps no previous frame, and both backends share this. */
#define TL_BALL_MOTION_SIZE 96

typedef struct
{
  int     valid;                /* 0: nothing remembered */
  int     x0, y0;               /* top-left pixel of the window in the frame */
  int     w, h;                 /* its size: smaller than the full size only in a small frame */
  uint8_t luma[TL_BALL_MOTION_SIZE * TL_BALL_MOTION_SIZE];
} TlBallMotion;

void tl_ball_motion_reset    (TlBallMotion  *motion);

/* Keeps the luma of @frame in a window centred on (@x, @y), where the ball is expected in the
 * next frame. */
void tl_ball_motion_remember (TlBallMotion  *motion,
                              const TlFrame *frame,
                              double         x,
                              double         y);

/* Looks within @radius of (@x, @y) in @frame for a ball that moved by about (@vx, @vy) since the
 * remembered frame: a compact, nearly grey spot that became brighter, with a spot that became
 * darker where it came from. Returns 1 and the spot's centre in @out_x, @out_y, else 0. */
int  tl_ball_motion_find     (const TlBallMotion *motion,
                              const TlFrame      *frame,
                              double              x,
                              double              y,
                              double              radius,
                              double              vx,
                              double              vy,
                              double             *out_x,
                              double             *out_y);
