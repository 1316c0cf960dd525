/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-ball-shin.h: a ball path riding on a player's shins, told from the ball before the
 * carried-ball pass takes it for one.
 *
 * A pale sock or the edge of a boot passes the engine's ball test now and then, and once a ball
 * path has locked onto one it can follow that player for seconds while the ball is elsewhere:
 * on seed 85 of the fourth demo set, 100 frames on one player's shins while the ball was held
 * for a throw-in 500 px away. To the carried-ball pass such frames report a ball, so they end
 * the spell of the ball in the thrower's hands at the wrong man. A path on a sock sits low in one
 * player's box and crosses it from side to side as his legs stride; a ball lying beside a
 * standing player, or rolled along at a dribbler's feet, keeps to one side of him. So the
 * frames whose ball path sits low in one person's box (its centre below TL_BALL_SHIN_LOW of his
 * box from the top, and inside it across) wait, up to TL_BALL_SHIN_FRAMES in a row; when that
 * many have, and the ball's place across his box moved on average by TL_BALL_SHIN_STRIDE of its
 * width a frame, the path is taken for his sock: those frames and the next ones, while the path
 * stays low in his box, are handed on as on the shin, and the pass keeps them in its spell (each
 * report replaced where the spell is filled). Any other frame hands the waiting ones on as they
 * were. docs/tracking.md, "A path on a player's shins". */
#pragma once

#include <stdint.h>

#include "tl-tracker.h"

/* Measured with the pass replayed on the engine's dumps of 96 demos (the bench suite's 24,
 * the held-out 24 of seeds 26-49, and seeds 50-73 and 74-97, made as those), ball recall
 * before 0.7745 / 0.7188 / 0.7180 / 0.7059: 2 s, below 0.55 of the box and a stride of 0.03
 * give 0.7754 / 0.7233 / 0.7218 / 0.7081 (precision 0.7555 / 0.7096 / 0.6923 / 0.6877 ->
 * 0.7563 / 0.7138 / 0.6960 / 0.6897), lower on three demos of the 96 (s59 -0.039: a fast
 * dribbler's ball, stride 0.083; s73 -0.008, s97 -0.004). 1.6 s: 0.7710 / 0.7231 / 0.7230 /
 * 0.7092 (s24 -0.048, s10 -0.028: balls at a dribbler's feet); 3 s: 0.7745 / 0.7214 / 0.7177 /
 * 0.7058. Below 0.5: 0.7746 / 0.7240 / 0.7218 / 0.7081; below 0.6: 0.7754 / 0.7215 / 0.7207 /
 * 0.7081. Strides of 0.045 / 0.06: seeds 50-73 0.7207 / 0.7199, the rest the same; no stride
 * test: 0.7750 / 0.7225 / 0.7218 / 0.7064 (s79 -0.042: a ball lying 2 s by a standing
 * player's feet). On the dumps the sock paths' strides were 0.055-0.104, those of the two
 * runs on the ball 0.018-0.020. */
#define TL_BALL_SHIN_FRAMES 50
#define TL_BALL_SHIN_LOW 0.55
#define TL_BALL_SHIN_STRIDE 0.03

typedef struct _TlBallShin TlBallShin;

/* A frame handed on: its updates (valid until the next call) and whether its ball path was
 * taken for a player's sock. */
typedef struct
{
  int64_t              frame;
  const TlTrackUpdate *updates;
  int                  n;
  int                  on_shin;
} TlBallShinFrame;

/* NULL when out of memory. */
TlBallShin *tl_ball_shin_new    (void);
void        tl_ball_shin_free   (TlBallShin *shin);
/* Takes the @n updates of @frame (frames in order, each once); *@frames points to the frames it
 * hands on, oldest first: none while this one waits, else the ones that waited and then this
 * one unless it begins to wait. Returns their count, -1 when out of memory (the waiting frames
 * are then lost). Valid until the next call. */
int         tl_ball_shin_push   (TlBallShin             *shin,
                                 int64_t                 frame,
                                 const TlTrackUpdate    *updates,
                                 int                     n,
                                 const TlBallShinFrame **frames);
/* Hands on the frames still waiting after the last one, as they were (under
 * TL_BALL_SHIN_FRAMES of them: no sock was found); returns their count. */
int         tl_ball_shin_finish (TlBallShin             *shin,
                                 const TlBallShinFrame **frames);
