/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tag-board.h: the "Tag" page: code and label buttons with hotkeys, team toggle, note.
 *
 * Tagging needs the keys wherever the focus is on the match page (the video above all), so the
 * board does not handle keys itself: tl_tag_board_get_shortcuts() is a GListModel of
 * GtkShortcut (codes, labels, the team toggle) that the page puts in a bubbling
 * GtkShortcutController of its own. Bubbling, an entry with the focus gets the keys first.
 *
 * Properties: "player" (TlPlayer: its position is the time of a tag), "events"
 * (TlMatchEvents), "template" (TlTagTemplate shown), "selected-track" (int, -1: none),
 * "player-id" (gint64, 0: none; the player selected in the video, given to the events tagged),
 * "team-id" (gint64: the team the toggle picks for team-bound codes), "current-event-id"
 * (gint64: the event labels and the note apply to: the last tagged, or one picked in the list).
 * Signal "tagged" (gint64 event_id): a tag press has been saved. */
#pragma once

#include <gtk/gtk.h>

#include "tl-match-events.h"
#include "tl-match-sheet.h"
#include "tl-player.h"
#include "tl-tag-template.h"

G_BEGIN_DECLS

#define TL_TYPE_TAG_BOARD (tl_tag_board_get_type ())
G_DECLARE_FINAL_TYPE (TlTagBoard, tl_tag_board, TL, TAG_BOARD, GtkWidget)

void           tl_tag_board_set_player       (TlTagBoard    *self,
                                              TlPlayer      *player);
void           tl_tag_board_set_events       (TlTagBoard    *self,
                                              TlMatchEvents *events);
TlMatchEvents *tl_tag_board_get_events       (TlTagBoard    *self);
/* The templates offered in the board's drop-down (GListModel of TlTagTemplate). */
void           tl_tag_board_set_templates    (TlTagBoard    *self,
                                              GListModel    *templates);
void           tl_tag_board_set_template     (TlTagBoard    *self,
                                              TlTagTemplate *template);
TlTagTemplate *tl_tag_board_get_template     (TlTagBoard    *self);
/* The match's sheet: its home and away teams name the team toggle, its players give the team
 * of the player selected. */
void           tl_tag_board_set_sheet        (TlTagBoard    *self,
                                              TlMatchSheet  *sheet);
gint64         tl_tag_board_get_team_id      (TlTagBoard    *self);
void           tl_tag_board_set_selected_track (TlTagBoard  *self,
                                                int          track);
/* The player (players row id, 0: none) selected in the video: events tagged get the player
 * and the player's team. */
void           tl_tag_board_set_player_id    (TlTagBoard    *self,
                                              gint64         player_id);

/* (transfer none) GListModel of GtkShortcut, updated with the template. */
GListModel    *tl_tag_board_get_shortcuts    (TlTagBoard    *self);

/* What a button press does, for the page's actions and tests. FALSE when nothing was done
 * (no such code or label, no video, no event to label). */
gboolean       tl_tag_board_tag              (TlTagBoard    *self,
                                              const char    *code);
gboolean       tl_tag_board_label            (TlTagBoard    *self,
                                              const char    *group,
                                              const char    *label);
/* Waits until every press so far is saved (before an undo; in tests). */
void           tl_tag_board_flush            (TlTagBoard    *self);
gint64         tl_tag_board_get_current_event_id (TlTagBoard *self);
void           tl_tag_board_set_current_event_id (TlTagBoard *self,
                                                  gint64      event_id);

/* Keys the match page keeps for playback and navigation: a template must not use them.
 * @accelerator as gtk_accelerator_parse() reads it. */
gboolean       tl_tag_board_hotkey_is_reserved (const char  *accelerator);

G_END_DECLS
