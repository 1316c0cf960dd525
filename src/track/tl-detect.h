/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-detect.h: blobs of the foreground mask -> person and ball detections.
 *
 * Persons: a blob wider or taller than one person of the expected height at its feet is split
 * at the valleys of its column (then row) profile; one holding more tracked players than its
 * width says, between their predicted feet. Balls: small, roughly round, pale blobs; the
 * ball tracker (tl-ball.h) decides which candidate is the ball. */
#pragma once

#include "tl-blobs.h"
#include "tl-frame.h"
#include "tl-scene-geometry.h"
#include "tl-tracker.h"

typedef struct _TlDetector TlDetector;

TlDetector *tl_detector_new  (const TlSceneGeometry *geo,
                              int                    ball_max_px);
void        tl_detector_free (TlDetector *detector);

/* Turns @n_blobs blobs into detections. @feet (u then v, @n_feet points) are where the tracked
 * players are predicted to stand: a blob holding several of them is cut between them, and where
 * no detection stands at one, a blob too small for a person on its own near it is taken for
 * that player (TlDetection.supported). Returns
 * the number written to *@out (owned by the detector, valid until the next call), or -1 when
 * out of memory. */
int         tl_detector_run  (TlDetector         *detector,
                              const TlBlob       *blobs,
                              int                 n_blobs,
                              const TlRun        *runs,
                              const float        *feet,
                              int                 n_feet,
                              const TlFrame      *frame,
                              const TlDetection **out);

/* The ball where no blob shows it: beside a boot it is part of the player's blob. Looks in
 * the foreground of @mask (@frame's size, one byte per pixel) within @radius of (@x, @y) for a
 * ball-sized bright, nearly grey peak well above the ground around it. Returns 1 and the
 * peak nearest (@x, @y) in *@out_x, *@out_y (pixel centre), 0 when there is none. */
int         tl_ball_peak_find (const TlFrame  *frame,
                               const uint8_t  *mask,
                               double          x,
                               double          y,
                               double          radius,
                               double         *out_x,
                               double         *out_y);
