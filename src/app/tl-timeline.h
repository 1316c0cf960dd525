/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-timeline.h: the match's timeline under the video: thumbnails, periods, analysis coverage,
 * camera keyframes, event markers in rows, the playhead; zoom from the whole match to seconds.
 *
 * From top to bottom: a time ruler, a strip of thumbnails (TlThumbnailer, decoded in the
 * background for what is on screen), the periods (halves) with the analysed stretches under
 * them, the camera keyframes (diamonds; drag to move, right-click or Delete to remove, click
 * to jump) and one row of markers per event code, coloured by the code.
 *
 * Input: dragging on the ruler or thumbnails scrubs (fast keyframe seeks with live frames, one
 * accurate seek on release); a click seeks there; clicking a marker selects its event and
 * jumps to its start. Scrolling zooms about the pointer (horizontal or Shift+scroll pans),
 * pinching zooms; keys + / - zoom, 0 shows the whole match. While playing, the view pages to
 * keep the playhead in sight.
 *
 * Events are any GObjects with the properties "start-ns", "end-ns" (gint64), "code" and
 * "color" ("#rrggbb") in a GListModel: the timeline reads them with g_object_get (). */
#pragma once

#include <gtk/gtk.h>

#include "tl-camera-path.h"
#include "tl-player.h"
#include "tl-thumbnailer.h"

G_BEGIN_DECLS

#define TL_TYPE_TIMELINE (tl_timeline_get_type ())
G_DECLARE_FINAL_TYPE (TlTimeline, tl_timeline, TL, TIMELINE, GtkWidget)

GtkWidget     *tl_timeline_new              (void);

/* The player it shows and seeks (its position and duration drive the timeline). */
void           tl_timeline_set_player       (TlTimeline    *self,
                                             TlPlayer      *player);
void           tl_timeline_set_duration     (TlTimeline    *self,
                                             gint64         duration_ns);
gint64         tl_timeline_get_duration     (TlTimeline    *self);
void           tl_timeline_set_position     (TlTimeline    *self,
                                             gint64         position_ns);
gint64         tl_timeline_get_position     (TlTimeline    *self);

/* Pixels of the thumbnail strip's height (times the scale factor for a TlThumbnailer). */
#define TL_TIMELINE_THUMBNAIL_HEIGHT 40
/* @thumbnailer: (nullable); @aspect: the video's width / height. */
void           tl_timeline_set_thumbnailer  (TlTimeline    *self,
                                             TlThumbnailer *thumbnailer,
                                             double         aspect);
/* @events: (nullable) a GListModel of event objects (see above). */
void           tl_timeline_set_events       (TlTimeline    *self,
                                             GListModel    *events);
/* @periods: (nullable) a GPtrArray of TlPeriod (tl-period.h), copied. */
void           tl_timeline_set_periods      (TlTimeline    *self,
                                             GPtrArray     *periods);
/* @ranges: (nullable) a GArray of TlTimeRange (tl-track-chunks.h), copied. */
void           tl_timeline_set_coverage     (TlTimeline    *self,
                                             GArray        *ranges);
/* @path: (nullable) its keyframes are shown and edited here. */
void           tl_timeline_set_camera_path  (TlTimeline    *self,
                                             TlCameraPath  *path);

/* The visible stretch: starts at @start_ns and lasts @span_ns (clamped: at least
 * TL_TIMELINE_MIN_SPAN, at most the whole match). */
#define TL_TIMELINE_MIN_SPAN (2 * GST_SECOND)
void           tl_timeline_set_view         (TlTimeline    *self,
                                             gint64         start_ns,
                                             gint64         span_ns);
gint64         tl_timeline_get_view_start   (TlTimeline    *self);
gint64         tl_timeline_get_view_span    (TlTimeline    *self);
/* Zooms by @factor (> 1 narrows) keeping the time under widget x @anchor_x in place. */
void           tl_timeline_zoom             (TlTimeline    *self,
                                             double         factor,
                                             double         anchor_x);
void           tl_timeline_zoom_fit         (TlTimeline    *self);

/* Hit testing, in widget coordinates. */
double         tl_timeline_time_to_x        (TlTimeline    *self,
                                             gint64         time_ns);
gint64         tl_timeline_x_to_time        (TlTimeline    *self,
                                             double         x);
/* The event whose marker is under (@x, @y), or NULL. (transfer none) */
GObject       *tl_timeline_event_at         (TlTimeline    *self,
                                             double         x,
                                             double         y);
/* The id of the camera keyframe under (@x, @y), or 0. */
gint64         tl_timeline_keyframe_at      (TlTimeline    *self,
                                             double         x,
                                             double         y);
/* The vertical middle of the row of @code's markers, or -1 when there is none; the same of
 * the keyframe row for NULL. */
double         tl_timeline_row_y            (TlTimeline    *self,
                                             const char    *code);

/* What dragging on the timeline does, for other inputs too: show the frame near @time_ns at
 * once (keyframe seeks, one at a time, the exact frame once the pointer rests), then
 * tl_timeline_scrub_end () with an accurate seek where it stopped. */
void           tl_timeline_scrub            (TlTimeline    *self,
                                             gint64         time_ns);
void           tl_timeline_scrub_end        (TlTimeline    *self,
                                             gint64         time_ns);

/* The event selected (clicked, or jumped to). (transfer none) */
GObject       *tl_timeline_get_selected_event (TlTimeline  *self);
void           tl_timeline_select_event     (TlTimeline    *self,
                                             GObject       *event);
/* Selects the next (@direction > 0) or previous event from the position and seeks the player
 * to its start. FALSE when there is none that way. */
gboolean       tl_timeline_jump_event       (TlTimeline    *self,
                                             int            direction);

G_END_DECLS
