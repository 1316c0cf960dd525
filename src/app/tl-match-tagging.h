/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-tagging.h: the tagging tools of a match page: Tag, Events and Summary pages.
 *
 * Puts the tag board, the event list and the summary into the page's side stack, the board's
 * hotkeys into a bubbling shortcut controller on the page (so they work while the video has the
 * focus, and entries keep their keys), and the "tagging" actions on the page: undo, redo
 * (Ctrl+Z, Ctrl+Shift+Z), edit-templates, edit-sheet, import-events, export-events,
 * focus-video. It wires the three pages together: a click in the summary filters the list, an
 * event picked in the list is the one the board's labels apply to. */
#pragma once

#include <adwaita.h>

#include "tl-event-files.h"
#include "tl-event-list.h"
#include "tl-event-matrix.h"
#include "tl-library.h"
#include "tl-tag-board.h"

G_BEGIN_DECLS

#define TL_TYPE_MATCH_TAGGING (tl_match_tagging_get_type ())
G_DECLARE_FINAL_TYPE (TlMatchTagging, tl_match_tagging, TL, MATCH_TAGGING, GObject)

/* @page: the match page (holds the shortcuts and actions); @side_stack: where the pages go;
 * @video: what "focus-video" focuses. */
TlMatchTagging *tl_match_tagging_new        (GtkWidget      *page,
                                             AdwViewStack   *side_stack,
                                             GtkWidget      *video,
                                             TlPlayer       *player);
/* Shows @match of @library (either may be NULL). */
void            tl_match_tagging_set_match  (TlMatchTagging *self,
                                             TlLibrary      *library,
                                             TlMatch        *match);
/* The player selected in the video (from the tracks), for the events tagged next. */
void            tl_match_tagging_set_selected_track (TlMatchTagging *self,
                                                     int             track);
TlTagBoard     *tl_match_tagging_get_board  (TlMatchTagging *self);
TlEventList    *tl_match_tagging_get_list   (TlMatchTagging *self);
TlEventMatrix  *tl_match_tagging_get_matrix (TlMatchTagging *self);
/* (transfer none) NULL without a match. */
TlMatchEvents  *tl_match_tagging_get_events (TlMatchTagging *self);
/* Turns the code and label keys on or off (off while another tool owns the letters). */
void            tl_match_tagging_set_keys_enabled (TlMatchTagging *self,
                                                   gboolean        enabled);
/* What the import and export actions do after their file choosers; the format of an import
 * comes from the file's extension. Errors name the file (and the line, for a bad file). */
gboolean        tl_match_tagging_import_file (TlMatchTagging *self,
                                              const char     *path,
                                              GError        **error);
gboolean        tl_match_tagging_export_file (TlMatchTagging *self,
                                              const char     *path,
                                              TlEventFormat   format,
                                              gboolean        utf16,
                                              GError        **error);
/* Stops using the page (its dispose). */
void            tl_match_tagging_detach     (TlMatchTagging *self);

G_END_DECLS
