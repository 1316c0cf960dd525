/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-annotation-renderer.h: the one cairo renderer of drawings, for viewer, still and export.
 *
 * Loads a match's drawings, its source geometry and calibration, and reads the tracks that
 * player-bound drawings follow. Draws into any cairo context whose user space is the output
 * image: the pixels of a virtual camera view, or of the whole source frame when no view is
 * given. Pitch-anchored shapes are sampled densely on the ground plane and projected through
 * the camera model and the virtual camera, so they keep their perspective while the view moves.
 *
 * No GTK: any thread may create and use a renderer; one renderer is used by one thread at a
 * time (it caches track samples). */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "tl-annotation.h"
#include "tl-camera.h"
#include "tl-library.h"
#include "tl-virtual-camera.h"

G_BEGIN_DECLS

#define TL_TYPE_ANNOTATION_RENDERER (tl_annotation_renderer_get_type ())
G_DECLARE_FINAL_TYPE (TlAnnotationRenderer, tl_annotation_renderer, TL, ANNOTATION_RENDERER,
                      GObject)

/* Reads match @match_id's size, projection, calibration and drawings from @library's store.
 * TL_LIBRARY_ERROR_NO_SUCH_MATCH when there is no such match. */
TlAnnotationRenderer *tl_annotation_renderer_new (TlLibrary  *library,
                                                  gint64      match_id,
                                                  GError    **error);
/* The same from a store (worker threads that hold only the store). */
TlAnnotationRenderer *tl_annotation_renderer_new_for_store (TlStore  *store,
                                                            gint64    match_id,
                                                            GError  **error);

/* Reads the drawings again from the store (after edits elsewhere). */
gboolean     tl_annotation_renderer_reload          (TlAnnotationRenderer *self,
                                                     GError              **error);
/* Draws these TlAnnotation instead of the stored ones (the editor's live model). NULL goes back
 * to the stored ones. */
void         tl_annotation_renderer_set_annotations (TlAnnotationRenderer *self,
                                                     GListModel           *annotations);
/* Forgets cached track samples (after a new analysis). */
void         tl_annotation_renderer_clear_tracks    (TlAnnotationRenderer *self);

/* The source video: projection, width, height, hfov (the camera position is only meaningful
 * when calibrated). */
const TlCameraParams *tl_annotation_renderer_get_source (TlAnnotationRenderer *self);
/* NULL when the match is not calibrated. */
const TlCamera *tl_annotation_renderer_get_camera   (TlAnnotationRenderer *self);
/* The space new drawings use: pitch when calibrated, else image. */
TlAnnotationSpace tl_annotation_renderer_get_default_space (TlAnnotationRenderer *self);
double       tl_annotation_renderer_get_fps         (TlAnnotationRenderer *self);
gint64       tl_annotation_renderer_get_match_id    (TlAnnotationRenderer *self);

/* Draws every drawing shown at @position_ns. @view: the virtual camera whose output @cr shows
 * (its size is @width x @height), or NULL when @cr shows the whole source frame scaled to
 * @width x @height. */
void         tl_annotation_renderer_draw            (TlAnnotationRenderer  *self,
                                                     cairo_t               *cr,
                                                     gint64                 position_ns,
                                                     const TlVirtualCamera *view,
                                                     int                    width,
                                                     int                    height);
/* Draws one drawing whatever its time range (editor previews). */
void         tl_annotation_renderer_draw_annotation (TlAnnotationRenderer  *self,
                                                     cairo_t               *cr,
                                                     TlAnnotation          *annotation,
                                                     gint64                 position_ns,
                                                     const TlVirtualCamera *view,
                                                     int                    width,
                                                     int                    height);

/* A point of @space -> output pixel, and back (back: pitch points are found on the ground).
 * FALSE when the point cannot be shown (behind the camera, above the horizon, or pitch space
 * without calibration). */
gboolean     tl_annotation_renderer_to_output       (TlAnnotationRenderer  *self,
                                                     TlAnnotationSpace      space,
                                                     double                 x,
                                                     double                 y,
                                                     const TlVirtualCamera *view,
                                                     int                    width,
                                                     int                    height,
                                                     double                *out_x,
                                                     double                *out_y);
gboolean     tl_annotation_renderer_from_output     (TlAnnotationRenderer  *self,
                                                     TlAnnotationSpace      space,
                                                     double                 out_x,
                                                     double                 out_y,
                                                     const TlVirtualCamera *view,
                                                     int                    width,
                                                     int                    height,
                                                     double                *x,
                                                     double                *y);

/* Where track @track_no stands at @position_ns, in @space (its feet: the ground point in pitch
 * space, the bottom centre of its box in image space). FALSE when the track has no sample
 * within a few frames of that time. */
gboolean     tl_annotation_renderer_track_position  (TlAnnotationRenderer *self,
                                                     guint32               track_no,
                                                     gint64                position_ns,
                                                     TlAnnotationSpace     space,
                                                     double               *x,
                                                     double               *y);
/* Every tracked object's sample of the frame shown at @position_ns, as a new GArray of
 * TlTrackSample (tl-track-chunks.h). (transfer full) */
GArray      *tl_annotation_renderer_samples_at      (TlAnnotationRenderer *self,
                                                     gint64                position_ns);
/* The track whose feet are nearest output pixel (@out_x, @out_y) at @position_ns, within
 * @radius output pixels; 0 when none (players only, not the ball). */
guint32      tl_annotation_renderer_pick_track      (TlAnnotationRenderer  *self,
                                                     gint64                 position_ns,
                                                     const TlVirtualCamera *view,
                                                     int                    width,
                                                     int                    height,
                                                     double                 out_x,
                                                     double                 out_y,
                                                     double                 radius);

/* TRUE when output pixel (@out_x, @out_y) is on @annotation as drawn at @position_ns, within
 * @tolerance pixels (on its line, or inside a filled or closed shape, a label or a marker). */
gboolean     tl_annotation_renderer_hit             (TlAnnotationRenderer  *self,
                                                     TlAnnotation          *annotation,
                                                     gint64                 position_ns,
                                                     const TlVirtualCamera *view,
                                                     int                    width,
                                                     int                    height,
                                                     double                 out_x,
                                                     double                 out_y,
                                                     double                 tolerance);

G_END_DECLS
