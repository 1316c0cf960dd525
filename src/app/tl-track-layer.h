/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-track-layer.h: tracks drawn over the match video: boxes, names, the selected player.
 *
 * A layer of the match page's viewer_overlay, the same size as the TlViewer under it, that
 * draws the objects of a TlTrackWindow through the viewer's mapping (so boxes follow the
 * virtual camera). Clicking a player selects them ("selected-track", -1 for none) and opens a
 * popover to name them, give their shirt number and team, with their figures. The layer only
 * takes clicks over players; the rest goes to the viewer below (drag to pan, scroll to zoom). */
#pragma once

#include <gtk/gtk.h>

#include "tl-side-colors.h"
#include "tl-track-window.h"
#include "tl-viewer.h"

G_BEGIN_DECLS

#define TL_TYPE_TRACK_LAYER (tl_track_layer_get_type ())
G_DECLARE_FINAL_TYPE (TlTrackLayer, tl_track_layer, TL, TRACK_LAYER, GtkWidget)

GtkWidget     *tl_track_layer_new                (void);

void           tl_track_layer_set_viewer         (TlTrackLayer  *self,
                                                  TlViewer      *viewer);
/* @window: (nullable) the tracks to draw; NULL draws nothing. */
void           tl_track_layer_set_window         (TlTrackLayer  *self,
                                                  TlTrackWindow *window);
TlTrackWindow *tl_track_layer_get_window         (TlTrackLayer  *self);
/* @colors: (nullable) the sides' colours; NULL: the fixed palette. */
void           tl_track_layer_set_side_colors    (TlTrackLayer  *self,
                                                  TlSideColors  *colors);

int            tl_track_layer_get_selected_track (TlTrackLayer  *self);
void           tl_track_layer_set_selected_track (TlTrackLayer  *self,
                                                  int            track_no);

/* The person track whose box is under widget point (@x, @y) (the nearest of overlapping
 * boxes), or -1. */
int            tl_track_layer_pick               (TlTrackLayer  *self,
                                                  double         x,
                                                  double         y);
/* What a click at (@x, @y) does: selects the player there and opens the identity popover, or
 * clears the selection where there is none. */
void           tl_track_layer_click              (TlTrackLayer  *self,
                                                  double         x,
                                                  double         y);

/* The identity popover of the selected player (for tests: fill it and activate Save). */
GtkPopover    *tl_track_layer_get_popover        (TlTrackLayer  *self);

G_END_DECLS
