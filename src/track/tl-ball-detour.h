/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-ball-detour.h: a short detour of the reported ball away from its line and back, put back
 * on the line.
 *
 * After the carried-ball pass, the ball a frame ends up with is now and then somewhere else for
 * a few frames between two frames that agree: a sock or a speck the engine took for a frame or
 * three, a fill at the hands between two reports at the feet, a coasting path that ran on while
 * the ball stopped. A ball that moves slowly cannot leave its line by half a metre and come back
 * within a third of a second; a kicked one can (a bounce, a deflection), but then the two ends
 * lie far apart. So a run of up to TL_BALL_DETOUR_MAX_FRAMES frames with a ball, each over
 * TL_BALL_DETOUR_OFF_M off the straight line between the balls of the frames either side of it,
 * whose ends lie no further apart than TL_BALL_DETOUR_SPEED_M_S allows over the run, gets the
 * balls on that line instead (their boxes and ground points moved, their ids and velocities
 * kept, coasting). Metres are taken from the person nearest the first end (his box's height
 * over TL_BALL_DETOUR_PERSON_M), so it needs no camera; a frame with nobody in it starts none.
 * The runs are found from the oldest frame on, each begun at the first frame that can begin
 * one, the shortest first. docs/tracking.md, "A detour of a few frames". */
#pragma once

#include <stdint.h>

#include "tl-tracker.h"

/* The pass replayed with it on the engine's dumps of 96 demos (the bench suite's 24, the held-out
 * 24 of seeds 26-49, and seeds 50-73 and 74-97), against the same replay without it: ball recall
 * +0.0032 / +0.0022 / +0.0026 / +0.0011, up on 56 demos and down on 9 (most s41 -0.008: a speck
 * reported before and after the ball's own 7 frames). Summed over the four sets, +0.0091; 0.3 /
 * 0.4 / 0.6 / 0.8 m off the line +0.0088 / +0.0085 / +0.0088 / +0.0075, ends at 2 / 4 / 5 m/s
 * +0.0073 / +0.0091 / +0.0089, up to 4 / 6 / 10 / 12 frames +0.0061 / +0.0077 / +0.0083 /
 * +0.0089 (docs/tracking.md, "A detour of a few frames"). */
#define TL_BALL_DETOUR_MAX_FRAMES 8
#define TL_BALL_DETOUR_OFF_M 0.5
#define TL_BALL_DETOUR_SPEED_M_S 3.0
#define TL_BALL_DETOUR_PERSON_M 1.8

typedef struct _TlBallDetour TlBallDetour;

typedef struct
{
  int64_t       frame;
  TlTrackUpdate ball;         /* on the line, TL_TRACK_COASTING */
  TlTrackUpdate was;          /* the ball the frame had */
} TlBallDetourMove;

/* For a video of @fps frames a second; NULL when out of memory or @fps <= 0. */
TlBallDetour *tl_ball_detour_new    (double fps);
void          tl_ball_detour_free   (TlBallDetour *detour);
/* Takes the @n updates of @frame as they finally are (persons and at most one ball; frames in
 * order, each once, a frame not pushed counting as one without a ball). *@moves points to the
 * balls moved onto a line in frames pushed before, oldest first, valid until the next call;
 * returns their count (it allocates nothing, so it cannot fail). */
int           tl_ball_detour_push   (TlBallDetour            *detour,
                                     int64_t                  frame,
                                     const TlTrackUpdate     *updates,
                                     int                      n,
                                     const TlBallDetourMove **moves);
/* After the last frame: the moves the last frames still waited for; their count. */
int           tl_ball_detour_finish (TlBallDetour            *detour,
                                     const TlBallDetourMove **moves);
