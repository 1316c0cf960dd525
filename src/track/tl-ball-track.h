/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-ball-track.h: picks the ball among small pale candidates by motion consistency, keeps it
 * with the player at whose feet it vanished, and looks for it inside his blob. */
#pragma once

#include "tl-frame.h"
#include "tl-scene-geometry.h"
#include "tl-state-buf.h"
#include "tl-tracker.h"

typedef struct _TlBallTrack TlBallTrack;

TlBallTrack *tl_ball_track_new    (const TlSceneGeometry *geo,
                                   double                 fps,
                                   int                    ball_max_px);
void         tl_ball_track_free   (TlBallTrack *ball);
void         tl_ball_track_reset  (TlBallTrack *ball);

/* Feeds a frame's detections (ball candidates; persons, for a ball held at a player's feet)
 * and the frame with its foreground mask (to find the ball inside a player's blob near where
 * it should be). Returns 1 and fills @out (with @id as its id when it is a new ball track)
 * when there is a ball estimate, else 0. */
int          tl_ball_track_update (TlBallTrack       *ball,
                                   const TlDetection *dets,
                                   int                n_dets,
                                   const TlFrame     *frame,
                                   const uint8_t     *mask,
                                   int              (*new_id) (void *user),
                                   void              *user,
                                   TlTrackUpdate     *out);

/* The ball of the frame @lag updates before the last one (0: the last), revised with what
 * the frames since showed: where the path that is the ball now was then, when it already
 * existed; else what that frame reported. Returns 1 and fills @out, or 0 when there is none
 * (also when @lag is beyond TL_TRACKER_MAX_REPORT_LAG or before the first update). */
int          tl_ball_track_revised (TlBallTrack   *ball,
                                    int            lag,
                                    TlTrackUpdate *out);

/* Appends the ball's state to @w / reads it back (-1 when the blob does not fit this build). */
void         tl_ball_track_save    (TlBallTrack   *ball,
                                    TlStateWriter *w);
int          tl_ball_track_restore (TlBallTrack   *ball,
                                    TlStateReader *r);
