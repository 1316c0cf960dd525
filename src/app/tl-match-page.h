/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-page.h: one match: its video and its facts, with the editable projection. */
#pragma once

#include <gtk/gtk.h>

#include "tl-library.h"
#include "tl-match-tagging.h"
#include "tl-timeline.h"

G_BEGIN_DECLS

#define TL_TYPE_MATCH_PAGE (tl_match_page_get_type ())
G_DECLARE_FINAL_TYPE (TlMatchPage, tl_match_page, TL, MATCH_PAGE, GtkWidget)

TlLibrary *tl_match_page_get_library (TlMatchPage *self);
void       tl_match_page_set_library (TlMatchPage *self,
                                      TlLibrary   *library);
TlMatch   *tl_match_page_get_match   (TlMatchPage *self);
/* @match: (nullable) NULL stops the video and lets go of the file. */
void       tl_match_page_set_match   (TlMatchPage *self,
                                      TlMatch     *match);
/* The timeline under the video (tl_timeline_set_events () shows a match's events on it).
 * (transfer none) */
TlTimeline *tl_match_page_get_timeline (TlMatchPage *self);
/* Whether the video loops between the "[" and "]" points (the match.loop action). */
gboolean   tl_match_page_get_looping (TlMatchPage *self);
void       tl_match_page_set_looping (TlMatchPage *self,
                                      gboolean     looping);

/* The player selected on the video: an engine track number, -1 for none (also the
 * "selected-track" property, for tagging and drawings to bind to). */
int        tl_match_page_get_selected_track (TlMatchPage *self);
void       tl_match_page_set_selected_track (TlMatchPage *self,
                                             int          track_no);
/* The Tag, Events and Summary pages of the side panel. (transfer none) */
TlMatchTagging *tl_match_page_get_tagging (TlMatchPage *self);

G_END_DECLS
