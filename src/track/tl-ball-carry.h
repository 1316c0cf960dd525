/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-ball-carry.h: the ball carried in a player's hands through a spell in which no ball was
 * reported, found once the ball reappears at him.
 *
 * At a restart the taker picks the ball up (or a ball boy hands him one), walks it to the line or
 * the spot and throws it in or puts it down; a keeper walks a caught ball to where he kicks it. In
 * the hands the ball is part of the carrier's blob and the engine loses it, often for seconds.
 * Where the ball is reported again, the first report lies at the carrier: at his hands for a
 * throw-in, at his feet where he put it down. So each frame of the spell is given a ball at the
 * hands of the person nearest that first report (or, when nobody is near it, of the one near it in
 * the spell's last frames: his track was lost as he stood with the ball), going back along his
 * track for as long as the track was reported in the spell (over short breaks in it), and on into
 * the frames just before the spell that reported one path unseen, in place of those reports; a ball
 * seen in one frame alone inside a spell, or in a few where nobody could hold it, is not taken for
 * its end (a speck). A ball found again where it was before the spell lay still through it instead
 * (a player stood over it). The spell before the video's first ball is also the kick-off's: with a
 * camera, its frames with someone at the centre spot get the ball on it; in a later spell, the
 * frames in which the carrier stands at the spot have it there (a kick-off after a goal). And a run
 * of frames that reported the last seen path unseen (coasting, or held at the player it took for
 * the holder) gets the straight line from that sighting to the ball reported after the run, the
 * same path seen again or another one found on it; a run that goes on for over 1.6 s is taken for a
 * spell instead (the ball was picked up). With the touchlines set, the frames a thrower stood at
 * his line before the ball left his head get it over his head, in place of what they had
 * (tl-ball-throw-in.h). Before all this, a ball path riding on a player's shins for 2 s is told
 * from the ball, and its frames count as frames without one (tl-ball-shin.h).
 * This needs the frames after the spell or the run, so it runs on reported results (the
 * analyzer's pass over the stored tracks, tests/eval-track), not inside the engine's fixed report
 * lag. docs/tracking.md, "Carried in the hands", "Between a sighting and the next report", "Carried
 * back through the unseen reports before a spell", "A lone sighting inside a spell", "A speck
 * of a few frames inside a spell", "The kick-off after a goal", "A long run is a spell" and "A
 * throw-in". */
#pragma once

#include <stdint.h>

#include "tl-camera.h"
#include "tl-tracker.h"

typedef struct _TlBallCarry TlBallCarry;

/* How far back a spell is filled: 10 s at 25 fps (the demo's longest carries are 6.6 s). */
#define TL_BALL_CARRY_MAX_FRAMES 250
/* The carried ball's centre above the carrier's feet, in his heights: the hands while he walks
 * with it (1.0 m on a 1.7-1.9 m player) and over his head for a throw are 0.55-0.65 on the
 * demos; 0.56 / 0.64 found fewer. */
#define TL_BALL_CARRY_HANDS 0.6
/* Held in front of him: 0.3 m ahead of a 1.8 m player, to the side he walks towards in the
 * picture (found over this many frames either side; a foot that moves under 0.01 of his height
 * a frame stands, and the ball is then over it). On seeds 1-8 this made ball recall 0.614 ->
 * 0.638. */
#define TL_BALL_CARRY_AHEAD 0.167
#define TL_BALL_CARRY_HEADING_FRAMES 5
#define TL_BALL_CARRY_STANDING 0.01
/* The ball's diameter in heights of the person beside it (0.22 m, 1.8 m): the kick-off's. */
#define TL_BALL_CARRY_BALL_HEIGHTS 0.122
#define TL_BALL_CARRY_RADIUS_M 0.11
/* A ball reported within this many of its sizes of where it was before the spell lay still
 * through it: the spell gets it there rather than in someone's hands. */
#define TL_BALL_CARRY_STILL_DIAMETERS 2.0
/* The reappearing ball must lie within this many of the carrier's heights of his box. */
#define TL_BALL_CARRY_REACH 1.0
/* The fill goes back along the carrier's track over a break of up to this many frames in it
 * (2 s at 25 fps), on the straight line between his boxes either side; and when nobody is
 * within reach of the reappearing ball, the carrier is the one within reach of it in the
 * latest of the spell's last this many frames. On the 24 demos of the bench suite ball recall
 * 0.664 -> 0.677 (bridging 1 s: 0.668; looking back 1 s: 0.674). */
#define TL_BALL_CARRY_GAP_FRAMES 50
#define TL_BALL_CARRY_LOOK_BACK_FRAMES 50
/* The carrier picks the ball up where it was last reported before the spell: the frames before
 * he first comes within this many of his heights of it get the ball lying there, when that walk
 * to the ball takes this many frames (half a second at 25 fps) or more (a scorer's team-mate
 * fetching the ball from the net, a thrower walking to where it rolled out). On the 24 demos of
 * the bench suite ball recall 0.7694 -> 0.7745 and on the 24 held-out ones 0.7020 -> 0.7050
 * (the pass replayed on stop 45's engine's dumps), none lower; the clouds demo 0.633 -> 0.615
 * (a false report by the centre spot, where the carrier later walked the ball). Any walk: 0.7742
 * / 0.7045 (s7 -0.008: a keeper 12 frames from a false report; s39 -0.005); within 0.25 / 0.75 /
 * 1.0 heights, any walk: 0.7738 / 0.7740 / 0.7739 and 0.7033 / 0.7047 / 0.7027. */
#define TL_BALL_CARRY_PICKUP_REACH 0.5
#define TL_BALL_CARRY_PICKUP_FRAMES 13

/* The ball placed for a corner kick: in the corner arc (Law 17), this far inside both lines. A
 * carrier standing (as for TL_BALL_CARRY_AHEAD) within TL_BALL_CARRY_CORNER_REACH of his
 * heights of it has put it there for the kick, and it lies there from then until the kick
 * (in the frames he shuffles or steps back too); and one who stood so in
 * TL_BALL_CARRY_CORNER_FRAMES frames of a spell (1.6 s at 25 fps), the last of them among the
 * spell's last TL_BALL_CARRY_LOOK_BACK_FRAMES, took the kick when the ball reappears out of his
 * reach: he is the carrier (tl_ball_carry_set_corners_seen_by), where the ball last seen before
 * the spell lay at his corner's end, within TL_BALL_CARRY_CORNER_OUT_M of its goal line (the
 * penalty area's depth) or beyond it (a player may stand by a corner through a throw-in), and
 * where the ball does not reappear on a corner's ball (put down there, not kicked). On
 * the 24 demos of the bench suite (one corner each) ball recall 0.692 -> 0.707; from the
 * standing frame on rather than in each standing frame, and with where the ball went out,
 * 0.7266 -> 0.7295 (the pass replayed on the same reports). */
#define TL_BALL_CARRY_CORNER_IN_M 0.3
#define TL_BALL_CARRY_CORNER_REACH 0.3
#define TL_BALL_CARRY_CORNER_FRAMES 40
#define TL_BALL_CARRY_CORNER_OUT_M 16.5
/* A run of unseen reports of the path seen just before it that goes on for longer than this
 * (1.6 s at 25 fps) is taken for a spell: the ball has most often been picked up by the player
 * the engine holds the path at. On the 24 demos of the bench suite ball recall 0.686 -> 0.692
 * at 2 s (1 s: 0.690; 3 s: 0.688). Stop 51 measured it again on all 96 demos (the pass
 * replayed on stop 50's engine's dumps; bench / held-out / seeds 50-73 / 74-97): 2 s 0.7754 /
 * 0.7233 / 0.7232 / 0.7108, 1.6 s 0.7749 / 0.7275 / 0.7245 / 0.7110 (held-out s49 +0.043, s47
 * +0.024, s31 +0.022, s42 +0.014: a ball picked up and carried for 1.7-2 s, the line from the
 * sighting before it 30-50 px off his hands; bench s8 -0.005, s6 -0.004), 1.4 s 0.7734 / 0.7274 /
 * 0.7241 / 0.7118, 1.8 s 0.7751 / 0.7238 / 0.7243 / 0.7110. Chosen over all four sets. */
#define TL_BALL_CARRY_LONG_RUN_FRAMES 40
/* A ball seen right after a frame of a spell and in none after it was a lone sighting (a speck,
 * a sock): its frame joins the spell. So with up to this many frames in a row, those after the
 * first seen (not coasting) where nobody could hold the ball (beyond TL_BALL_CARRY_REACH of
 * every person): a speck by the boards or on the stands flickers for a few frames, and the
 * spell ending there, nobody to carry the ball, was left unfilled (s13: the 200 frames of a
 * carry to a corner kick). A second frame with the ball at someone's hands ends the spell. On
 * the 24 demos of the bench suite (the engine run with one thread) ball recall 0.7560 ->
 * 0.7605, precision 0.7432 -> 0.7450. The pass replayed on stop 44's dumps, 0.7557 -> 0.7600;
 * 10 frames 0.7601; coasting reports waiting too 0.7588 (s4 -0.008: a corner's ball put down
 * and reported coasting); at a person's hands too 0.7601 (s9 +0.010, s12 -0.006); with neither
 * condition 0.7548 (s9 -0.113: the ball seen twice in its carrier's hands ended his spell). */
#define TL_BALL_CARRY_LONE_FRAMES 4

typedef struct
{
  int64_t       frame;        /* as pushed */
  TlTrackUpdate ball;         /* TL_OBJECT_BALL, TL_TRACK_COASTING, the reappearing ball's id
                               * (a run's: its own path's id and velocity, as reported) */
  int           replaced;     /* 1 when @frame reported a ball, @was, that this one replaces */
  TlTrackUpdate was;
} TlBallCarryFill;

/* How far the point (@x, @y) lies outside @person's box, in his heights (0 inside it). */
double       tl_ball_carry_reach (const TlTrackUpdate *person,
                                  double               x,
                                  double               y);
/* Whether @person's foot moved under TL_BALL_CARRY_STANDING of his height a frame (and under
 * @min_px a frame, when that is more) since his report @before, @frames frames earlier: he
 * stood. */
int          tl_ball_carry_stood (const TlTrackUpdate *person,
                                  const TlTrackUpdate *before,
                                  int64_t              frames,
                                  double               min_px);
/* Puts @ball still with its centre at (@x, @y), its ground point (@pitch_x, @pitch_y), a ball's
 * size for a person @height tall beside it (TL_BALL_CARRY_BALL_HEIGHTS). */
void         tl_ball_carry_place_at (TlTrackUpdate *ball,
                                     float          x,
                                     float          y,
                                     float          pitch_x,
                                     float          pitch_y,
                                     float          height);
/* Moves @out's box and ground point the share @a of the way from @from's to @to's (the rest of
 * @out as it was): a ball on the straight line between two. */
void         tl_ball_carry_place_between (TlTrackUpdate       *out,
                                          const TlTrackUpdate *from,
                                          const TlTrackUpdate *to,
                                          float                a);
/* Keeps up to @max_frames frames of a spell without a ball (TL_BALL_CARRY_MAX_FRAMES). NULL
 * when out of memory or @max_frames < 1. */
TlBallCarry *tl_ball_carry_new  (int max_frames);
void         tl_ball_carry_free (TlBallCarry *carry);
/* Where the ball's centre lies on the centre spot, in the updates' unit (with a camera). A
 * match's video begins at its kick-off, the ball on the centre spot until it is kicked (Law 8)
 * with the taker beside it, and white on the white spot it leaves nothing in the mask: the
 * frames before the first one with a ball in which someone stands within one of his heights of
 * the spot get the ball there (the rest of that spell as any other). Play restarts so after
 * each goal too: in a later spell the frames in which the carrier stands (still) within one of
 * his heights of the spot get the ball on it rather than in his hands. Without a call the first
 * spell is as any other, and a carrier at the spot keeps the ball in his hands. */
void         tl_ball_carry_set_centre_spot (TlBallCarry *carry,
                                            float        x,
                                            float        y);
/* The same where @camera (at the video's size) sees the ball on the spot, for updates in the
 * video's pixels times @sx, @sy. Returns 0, or -1 (nothing set) when the camera is not valid or
 * the spot is out of its picture. */
int          tl_ball_carry_set_centre_spot_seen_by (TlBallCarry          *carry,
                                                    const TlCameraParams *camera,
                                                    double                sx,
                                                    double                sy);
/* Where @camera (at the video's size) sees the ball placed for a corner kick at each corner of
 * a pitch @length x @width metres (0 for 105 x 68, as TlTrackerConfig; TL_BALL_CARRY_CORNER_IN_M
 * inside both lines, on the ground),
 * for updates in the video's pixels times @sx, @sy. Returns how many of the four are in its
 * picture, -1 (none set) when the camera is not valid. Without a call the corner kick's rules
 * are off. */
int          tl_ball_carry_set_corners_seen_by     (TlBallCarry          *carry,
                                                    const TlCameraParams *camera,
                                                    double                length,
                                                    double                width,
                                                    double                sx,
                                                    double                sy);
/* All the restarts' rules at once, as the analyzer's pass and tests/eval-track set them:
 * tl_ball_carry_set_centre_spot_seen_by, tl_ball_carry_set_corners_seen_by and
 * tl_ball_carry_set_throw_ins_seen_by with these arguments. Returns 0, or -1 when the camera is
 * not valid (the rules it could not set stay off). */
int          tl_ball_carry_set_pitch_seen_by       (TlBallCarry          *carry,
                                                    const TlCameraParams *camera,
                                                    double                length,
                                                    double                width,
                                                    double                sx,
                                                    double                sy);
/* With @camera (at the video's size) and the touchlines of a pitch @length x @width metres (0
 * for 105 x 68), for updates in the video's pixels times @sx, @sy: a ball seen at the head of
 * a person who stood at a touchline was held there over his head for a throw-in while he
 * stood (tl-ball-throw-in.h); each push then also hands back those fills, after the others
 * (each replacing the ball its frame had, a fill of this pass's included). Returns 0, or -1
 * (the rule off) when the camera is not valid or out of memory. Without a call the rule is
 * off. */
int          tl_ball_carry_set_throw_ins_seen_by   (TlBallCarry          *carry,
                                                    const TlCameraParams *camera,
                                                    double                length,
                                                    double                width,
                                                    double                sx,
                                                    double                sy);
/* Takes the @n updates reported for @frame (persons and at most one ball; frames in order,
 * in any unit as long as it is the same for all). A frame whose ball path lies low in one
 * person's box first waits, with the frames after it that have it there too, up to
 * TL_BALL_SHIN_FRAMES of them, to be told from his sock (tl-ball-shin.h): taken for one, the
 * path's frames count as frames without a ball, each report replaced (`replaced`) wherever the
 * spell is filled; else they go on as below, a push's fills then those of all the frames it
 * hands on. A frame that reports a ball right after a frame
 * that reported none waits for the next frame, and so do up to TL_BALL_CARRY_LONE_FRAMES - 1 frames
 * after it that see that ball where nobody could hold it: when the next frame reports none, their
 * ball was a lone sighting (a speck, a sock) and the frames join the spell, their reports replaced
 * (`replaced`) wherever the spell is filled; else the ball ends the spell, and the push that tells
 * hands back, with its own fills, a ball for each frame of the spell that gets one: every frame
 * where the ball lay still through the spell, else those in which the person the ball reappeared at
 * was reported, or lay between two of his reports at most TL_BALL_CARRY_GAP_FRAMES apart (and in
 * the opening spell those with someone at the centre spot); the carried ball goes on back into the
 * frames just before the spell that reported one path unseen for as long as that person was
 * reported, each replacing the frame's report (`replaced`). One per frame: a still ball's and the
 * kick-off's oldest first, then the carried ball's newest first. When a frame reports a ball after
 * a run of unseen reports of the last seen path, *@fills points to a ball for each frame of the
 * run, oldest first, each replacing that frame's report (`replaced`); a run that began right after
 * its path was seen and goes on for over TL_BALL_CARRY_LONG_RUN_FRAMES becomes a spell, its frames
 * and the path's further unseen reports (each replaced where the spell is filled) ending with the
 * next frame that reports another ball or this one seen. Returns their count, else 0. The fills
 * stay valid until the next call. -1 when out of memory (the spell or run is then forgotten). */
int          tl_ball_carry_push (TlBallCarry            *carry,
                                 int64_t                 frame,
                                 const TlTrackUpdate    *updates,
                                 int                     n,
                                 const TlBallCarryFill **fills);
/* After the last frame: the fills the last frames' ball still waited for (a ball right after
 * a spell is only taken for the ball once a frame without one, or TL_BALL_CARRY_LONE_FRAMES
 * with one, are pushed; a ball low in a person's box waits to be told from his sock); their
 * count, else 0, -1 when out of memory. The carry can then be freed. */
int          tl_ball_carry_finish (TlBallCarry            *carry,
                                   const TlBallCarryFill **fills);
