/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-ball-track.h: picks the ball among small pale candidates by motion consistency and keeps
 * it through short occlusions (at a player's feet, in front of a shirt) on a fitted path. */
#pragma once

#include "tl-scene-geometry.h"
#include "tl-state-buf.h"
#include "tl-tracker.h"

typedef struct _TlBallTrack TlBallTrack;

TlBallTrack *tl_ball_track_new    (const TlSceneGeometry *geo,
                                   double                 fps,
                                   int                    ball_max_px);
void         tl_ball_track_free   (TlBallTrack *ball);
void         tl_ball_track_reset  (TlBallTrack *ball);

/* Feeds a frame's detections (only TL_OBJECT_BALL ones are used). Returns 1 and fills @out
 * (with @id as its id when it is a new ball track) when there is a ball estimate, else 0. */
int          tl_ball_track_update (TlBallTrack       *ball,
                                   const TlDetection *dets,
                                   int                n_dets,
                                   int              (*new_id) (void *user),
                                   void              *user,
                                   TlTrackUpdate     *out);

/* Appends the ball's state to @w / reads it back (-1 when the blob does not fit this build). */
void         tl_ball_track_save    (TlBallTrack   *ball,
                                    TlStateWriter *w);
int          tl_ball_track_restore (TlBallTrack   *ball,
                                    TlStateReader *r);
