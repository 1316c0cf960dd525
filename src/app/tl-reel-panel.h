/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-reel-panel.h: the Reels page of the match page's side panel: build, edit and export reels. */
#pragma once

#include <gtk/gtk.h>

#include "tl-library.h"
#include "tl-match-annotations.h"
#include "tl-viewer.h"

G_BEGIN_DECLS

#define TL_TYPE_REEL_PANEL (tl_reel_panel_get_type ())
G_DECLARE_FINAL_TYPE (TlReelPanel, tl_reel_panel, TL, REEL_PANEL, GtkWidget)

/* @viewer gives the playhead and the current view (for "add the moment here", fixed cameras
 * and stills). */
GtkWidget *tl_reel_panel_new        (TlViewer     *viewer);
/* The library's reels are shared by every panel of that library; @match is the one shown. */
void       tl_reel_panel_set_match  (TlReelPanel  *self,
                                     TlLibrary    *library,
                                     TlMatch      *match);
/* The drawings of the match shown, as the video's drawing layer edits them: a freeze added,
 * moved or removed there changes the length the panel shows for the reel. */
void       tl_reel_panel_set_drawings (TlReelPanel        *self,
                                       TlMatchAnnotations *drawings);
/* Appends these events (of any match) to the reel shown, creating one when there is none:
 * for "add to reel" and "add all filtered" from an event list. */
gboolean   tl_reel_panel_add_events (TlReelPanel  *self,
                                     const gint64 *event_ids,
                                     guint         n_events,
                                     GError      **error);

G_END_DECLS
