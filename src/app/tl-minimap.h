/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-minimap.h: the pitch from above: players, ball, the virtual camera's view, a heatmap.
 *
 * A small 2D pitch drawn in a corner of the video (far touchline at the top, as the camera
 * sees it): every tracked player of the frame on screen as a dot in their side's colour, the
 * ball, optional trails of the last seconds, and the ground footprint of what the viewer shows
 * (its widget border mapped through the viewer to source pixels and onto the ground through
 * the calibrated camera). Clicking or dragging on it points the virtual camera there. The
 * heatmap of the selected player or of a side comes from the whole match's stored tracks
 * (tl_heatmap_compute_async (), cancelled when the choice changes). Needs a calibration
 * ("calibration": the match's JSON); without one it says so. */
#pragma once

#include <gtk/gtk.h>

#include "tl-heatmap.h"
#include "tl-side-colors.h"
#include "tl-track-window.h"
#include "tl-viewer.h"

G_BEGIN_DECLS

typedef enum
{
  TL_MINIMAP_HEATMAP_NONE,
  TL_MINIMAP_HEATMAP_PLAYER,   /* the selected track's player */
  TL_MINIMAP_HEATMAP_HOME,
  TL_MINIMAP_HEATMAP_AWAY,
} TlMinimapHeatmap;

#define TL_TYPE_MINIMAP_HEATMAP (tl_minimap_heatmap_get_type ())
GType tl_minimap_heatmap_get_type (void) G_GNUC_CONST;

#define TL_TYPE_MINIMAP (tl_minimap_get_type ())
G_DECLARE_FINAL_TYPE (TlMinimap, tl_minimap, TL, MINIMAP, GtkWidget)

GtkWidget       *tl_minimap_new                (void);

void             tl_minimap_set_viewer         (TlMinimap     *self,
                                                TlViewer      *viewer);
void             tl_minimap_set_window         (TlMinimap     *self,
                                                TlTrackWindow *window);
/* @colors: (nullable) the sides' colours; NULL: the fixed palette. */
void             tl_minimap_set_side_colors    (TlMinimap     *self,
                                                TlSideColors  *colors);
/* @periods: (nullable) the match sheet's periods (tl_match_sheet_get_periods): a kick-off
 * set, moved or removed there recomputes the heatmap of one half. */
void             tl_minimap_set_periods        (TlMinimap     *self,
                                                GListModel    *periods);
/* @calibration: (nullable) the match's calibration JSON. */
void             tl_minimap_set_calibration    (TlMinimap     *self,
                                                const char    *calibration);
gboolean         tl_minimap_get_calibrated     (TlMinimap     *self);

void             tl_minimap_set_selected_track (TlMinimap     *self,
                                                int            track_no);
void             tl_minimap_set_heatmap_mode   (TlMinimap        *self,
                                                TlMinimapHeatmap  mode);
/* "heatmap-period": 0 for the whole match, or a period's number (1 the first half, 2 the
 * second...): the heatmap then counts only that period's frames, from the match sheet's
 * kick-offs. */
void             tl_minimap_set_heatmap_period (TlMinimap     *self,
                                                int            period);
/* Why no heatmap is drawn (a period without a kick-off), NULL otherwise. */
const char      *tl_minimap_get_heatmap_note   (TlMinimap     *self);
/* (transfer none) the heatmap shown, NULL while none is (or while it is computed). */
const TlHeatmap *tl_minimap_get_heatmap        (TlMinimap     *self);

/* Widget point <-> pitch metres, for the current size. */
void             tl_minimap_pitch_to_widget    (TlMinimap     *self,
                                                double         px,
                                                double         py,
                                                double        *x,
                                                double        *y);
void             tl_minimap_widget_to_pitch    (TlMinimap     *self,
                                                double         x,
                                                double         y,
                                                double        *px,
                                                double        *py);
/* Points the viewer's virtual camera at the pitch point under widget point (@x, @y): what a
 * click does. FALSE when there is no calibration or the camera cannot see that point. */
gboolean         tl_minimap_point_camera       (TlMinimap     *self,
                                                double         x,
                                                double         y);
/* The ground footprint of the viewer's view, a GArray of double pairs (pitch metres), empty
 * without a calibration. (transfer full) */
GArray          *tl_minimap_get_footprint      (TlMinimap     *self);

G_END_DECLS
