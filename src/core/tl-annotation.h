/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-annotation.h: one drawing on a match (telestration), anchored to the pitch or the image.
 *
 * A drawing lives in one of two spaces and never in screen pixels:
 *  - TL_ANNOTATION_SPACE_PITCH: points are pitch metres (tl-camera.h: origin at the centre
 *    spot, x toward the right goal, y toward the far touchline). Used when the match is
 *    calibrated, so the drawing lies on the ground plane in correct perspective.
 *  - TL_ANNOTATION_SPACE_IMAGE: points are pixels of the source video (the whole panorama).
 *
 * Geometry per shape (points in the annotation's space):
 *   pen        the stroke's points (two or more)
 *   line       start, end
 *   arrow      start, end; or start, through-point, end when "curved"
 *   circle     centre, a corner of the bounding box (an ellipse; a circle when |dx| = |dy|)
 *   rect       two opposite corners
 *   zone       the polygon's corners (three or more), filled translucent
 *   text       the label's anchor (its bottom-centre), text in "text"
 *   marker     the marker's centre; "number" is shown inside
 *   spotlight  a ring of "radius" (metres; pixels in image space) under the first bound track,
 *              with "text" as an optional name; the point is where it stands without a track
 *   link       a line through the bound tracks (two or more), in order; the points are used for
 *              tracks that have no sample at the time shown
 *   magnifier  centre; "radius" in output pixels at 720 lines, "zoom" the magnification
 *
 * Style: colour (#rrggbb), width in output pixels at a 720-line output (scaled with the
 * output's height so that export and viewer agree), opacity 0..1, dash, fill.
 * Time: shown for start-ns <= t < end-ns. freeze-ns > 0 asks playback (and export) to hold the
 * frame at start-ns for that long with the drawing shown. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  TL_ANNOTATION_PEN,
  TL_ANNOTATION_LINE,
  TL_ANNOTATION_ARROW,
  TL_ANNOTATION_CIRCLE,
  TL_ANNOTATION_RECT,
  TL_ANNOTATION_ZONE,
  TL_ANNOTATION_TEXT,
  TL_ANNOTATION_MARKER,
  TL_ANNOTATION_SPOTLIGHT,
  TL_ANNOTATION_LINK,
  TL_ANNOTATION_MAGNIFIER,
} TlAnnotationShape;

#define TL_ANNOTATION_N_SHAPES (TL_ANNOTATION_MAGNIFIER + 1)

typedef enum
{
  TL_ANNOTATION_SPACE_PITCH,
  TL_ANNOTATION_SPACE_IMAGE,
} TlAnnotationSpace;

typedef struct
{
  double x;
  double y;
} TlAnnotationPoint;

/* The output height at which style widths and sizes are meant literally. */
#define TL_ANNOTATION_REFERENCE_HEIGHT 720.0
#define TL_ANNOTATION_DEFAULT_COLOR    "#ffd60a"
#define TL_ANNOTATION_DEFAULT_WIDTH    4.0
#define TL_ANNOTATION_SPOTLIGHT_RADIUS 1.2   /* metres */

/* "pen", "line", "arrow", "circle", "rect", "zone", "text", "marker", "spotlight", "link",
 * "magnifier" (the schema's words). */
const char *tl_annotation_shape_to_string   (TlAnnotationShape  shape);
gboolean    tl_annotation_shape_from_string (const char        *str,
                                             TlAnnotationShape *out_shape);
const char *tl_annotation_space_to_string   (TlAnnotationSpace  space);
gboolean    tl_annotation_space_from_string (const char        *str,
                                             TlAnnotationSpace *out_space);
/* How many points a shape needs at least, and at most (G_MAXUINT: any number). */
guint       tl_annotation_shape_min_points  (TlAnnotationShape  shape);
guint       tl_annotation_shape_max_points  (TlAnnotationShape  shape);
/* TRUE for shapes that follow tracked players (spotlight, link). */
gboolean    tl_annotation_shape_is_bound    (TlAnnotationShape  shape);

/* Parses "#rrggbb" into 0..1 components. */
gboolean    tl_annotation_parse_color       (const char *str,
                                             double     *r,
                                             double     *g,
                                             double     *b);

#define TL_TYPE_ANNOTATION (tl_annotation_get_type ())
G_DECLARE_FINAL_TYPE (TlAnnotation, tl_annotation, TL, ANNOTATION, GObject)

/* A new unsaved drawing (id 0) with the default style, shown from 0 for 5 s. */
TlAnnotation      *tl_annotation_new          (TlAnnotationShape  shape,
                                               TlAnnotationSpace  space);
/* A deep copy, id included (what an editor changes before handing it to update). */
TlAnnotation      *tl_annotation_copy         (TlAnnotation      *self);
/* Makes @self equal to @other (every field, id included) and notifies what changed. */
void               tl_annotation_assign       (TlAnnotation      *self,
                                               TlAnnotation      *other);
/* Checks what a saved drawing must satisfy; G_IO_ERROR_INVALID_ARGUMENT names the problem. */
gboolean           tl_annotation_validate     (TlAnnotation      *self,
                                               GError           **error);

gint64             tl_annotation_get_id       (TlAnnotation *self);
void               tl_annotation_set_id       (TlAnnotation *self,
                                               gint64        id);
gint64             tl_annotation_get_match_id (TlAnnotation *self);
void               tl_annotation_set_match_id (TlAnnotation *self,
                                               gint64        match_id);
/* 0 when the drawing belongs to no event. */
gint64             tl_annotation_get_event_id (TlAnnotation *self);
void               tl_annotation_set_event_id (TlAnnotation *self,
                                               gint64        event_id);
TlAnnotationShape  tl_annotation_get_shape    (TlAnnotation *self);
TlAnnotationSpace  tl_annotation_get_space    (TlAnnotation *self);

const TlAnnotationPoint *tl_annotation_get_points (TlAnnotation            *self,
                                                   guint                   *n_points);
void               tl_annotation_set_points   (TlAnnotation            *self,
                                               const TlAnnotationPoint *points,
                                               guint                    n_points);
/* Moves every point by (@dx, @dy) in the drawing's space. */
void               tl_annotation_translate    (TlAnnotation *self,
                                               double        dx,
                                               double        dy);
gboolean           tl_annotation_get_curved   (TlAnnotation *self);
void               tl_annotation_set_curved   (TlAnnotation *self,
                                               gboolean      curved);
double             tl_annotation_get_radius   (TlAnnotation *self);
void               tl_annotation_set_radius   (TlAnnotation *self,
                                               double        radius);
int                tl_annotation_get_number   (TlAnnotation *self);
void               tl_annotation_set_number   (TlAnnotation *self,
                                               int           number);
double             tl_annotation_get_zoom     (TlAnnotation *self);
void               tl_annotation_set_zoom     (TlAnnotation *self,
                                               double        zoom);

const char        *tl_annotation_get_color    (TlAnnotation *self);
void               tl_annotation_set_color    (TlAnnotation *self,
                                               const char   *color);
double             tl_annotation_get_width    (TlAnnotation *self);
void               tl_annotation_set_width    (TlAnnotation *self,
                                               double        width);
double             tl_annotation_get_opacity  (TlAnnotation *self);
void               tl_annotation_set_opacity  (TlAnnotation *self,
                                               double        opacity);
gboolean           tl_annotation_get_dash     (TlAnnotation *self);
void               tl_annotation_set_dash     (TlAnnotation *self,
                                               gboolean      dash);
gboolean           tl_annotation_get_fill     (TlAnnotation *self);
void               tl_annotation_set_fill     (TlAnnotation *self,
                                               gboolean      fill);
const char        *tl_annotation_get_text     (TlAnnotation *self);
void               tl_annotation_set_text     (TlAnnotation *self,
                                               const char   *text);

gint64             tl_annotation_get_start    (TlAnnotation *self);
gint64             tl_annotation_get_end      (TlAnnotation *self);
/* Sets start and end together (end >= start). */
void               tl_annotation_set_range    (TlAnnotation *self,
                                               gint64        start_ns,
                                               gint64        end_ns);
gint64             tl_annotation_get_freeze   (TlAnnotation *self);
void               tl_annotation_set_freeze   (TlAnnotation *self,
                                               gint64        freeze_ns);
int                tl_annotation_get_z_order  (TlAnnotation *self);
void               tl_annotation_set_z_order  (TlAnnotation *self,
                                               int           z_order);
/* TRUE when the drawing is shown at @position_ns. */
gboolean           tl_annotation_is_visible_at (TlAnnotation *self,
                                                gint64        position_ns);

/* The track numbers a player-bound drawing follows, in order. */
const guint32     *tl_annotation_get_tracks   (TlAnnotation  *self,
                                               guint         *n_tracks);
void               tl_annotation_set_tracks   (TlAnnotation  *self,
                                               const guint32 *tracks,
                                               guint          n_tracks);

/* The stored form: the JSON of the "geometry" and "style" columns. (transfer full) */
char              *tl_annotation_geometry_to_json (TlAnnotation  *self);
char              *tl_annotation_style_to_json    (TlAnnotation  *self);
/* Reads the columns back; G_IO_ERROR_INVALID_DATA says what is wrong. */
gboolean           tl_annotation_geometry_from_json (TlAnnotation  *self,
                                                     const char    *json,
                                                     GError       **error);
gboolean           tl_annotation_style_from_json    (TlAnnotation  *self,
                                                     const char    *json,
                                                     GError       **error);

G_END_DECLS
