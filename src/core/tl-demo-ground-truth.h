/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-demo-ground-truth.h: writes what the demo video shows: boxes, pitch positions, events.
 *
 * File formats (all written atomically: temporary file, then rename):
 *  - MOT (GT.txt): "frame,id,left,top,width,height,1,class,visibility" per visible object per
 *    frame, frame from 1, pixel boxes in the output video, class 1 person, 2 ball.
 *  - Pitch (PITCH.txt): "frame,id,x_m,y_m,class,team" for every object every frame, pitch metres
 *    (origin centre spot, x toward the right goal, y toward the far touchline), team 0 home,
 *    1 away, -1 referees and the ball.
 *  - Events (EVENTS.json) and the calibration sidecar (OUT.json), see docs/demo-match.md. */
#pragma once

#include <glib.h>

#include "tl-camera.h"
#include "tl-demo-renderer.h"
#include "tl-demo-script.h"

G_BEGIN_DECLS

typedef struct _TlDemoGroundTruth TlDemoGroundTruth;

TlDemoGroundTruth *tl_demo_ground_truth_new        (int                n_frames);
void               tl_demo_ground_truth_free       (TlDemoGroundTruth *self);

/* Stores the boxes of @frame (0-based). Thread-safe for distinct frames. */
void               tl_demo_ground_truth_set_frame  (TlDemoGroundTruth *self,
                                                    int                frame,
                                                    const TlDemoBox   *boxes,
                                                    int                n_boxes);
/* (transfer none) the boxes of @frame, or NULL before set_frame. */
const TlDemoBox   *tl_demo_ground_truth_get_frame  (TlDemoGroundTruth *self,
                                                    int                frame,
                                                    int               *n_boxes);

gboolean           tl_demo_ground_truth_write_mot  (TlDemoGroundTruth *self,
                                                    const char        *path,
                                                    GError           **error);
gboolean           tl_demo_script_write_pitch      (TlDemoScript      *script,
                                                    const char        *path,
                                                    GError           **error);
gboolean           tl_demo_script_write_events     (TlDemoScript      *script,
                                                    const char        *path,
                                                    GError           **error);

/* The sidecar that lets the app import the demo already calibrated: projection, camera,
 * field of view, and pitch landmarks with their pixels. @extra (may be NULL) is a set of
 * "key" -> string members describing how the video was made (seed, light...). */
gboolean           tl_demo_write_sidecar           (const TlCamera    *camera,
                                                    double             fps,
                                                    int                n_frames,
                                                    GHashTable        *extra,
                                                    const char        *path,
                                                    GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlDemoGroundTruth, tl_demo_ground_truth_free)

G_END_DECLS
