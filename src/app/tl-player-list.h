/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-player-list.h: the Players page of the match's side panel.
 *
 * Every player of the analysed match in a table: name ("10 Smith", or "#37" until named),
 * team, time tracked, distance, top speed and sprints (TlPlayerFigures: a named player's
 * tracks summed; unnamed tracks shorter than 10 s are left out as fragments). Sorted by
 * distance, most first; any column sorts by a click on its title. Selecting a row (a click) or
 * activating it (Enter, double-click) emits "player-activated" with the player's first track,
 * which the match page selects; tl_player_list_set_selected_track () highlights a row without.
 * Follows the TlTrackWindow's "tracks-changed" (a naming, a finished analysis). */
#pragma once

#include <gtk/gtk.h>

#include "tl-match-sheet.h"
#include "tl-track-window.h"

G_BEGIN_DECLS

#define TL_TYPE_PLAYER_LIST (tl_player_list_get_type ())
G_DECLARE_FINAL_TYPE (TlPlayerList, tl_player_list, TL, PLAYER_LIST, GtkWidget)

GtkWidget  *tl_player_list_new        (void);

/* @window: (nullable) the match's tracks; NULL shows the empty page. */
void        tl_player_list_set_window (TlPlayerList  *self,
                                       TlTrackWindow *window);

/* @sheet: (nullable) the match sheet, for the teams' names in the Team column ("Home" and
 * "Away" without). */
void        tl_player_list_set_match_sheet (TlPlayerList *self,
                                            TlMatchSheet *sheet);
/* The team shown in row @position's Team column, as drawn. (transfer full) */
char       *tl_player_list_dup_team_text   (TlPlayerList *self,
                                            guint         position);

/* The rows as shown (sorted): a GListModel of TlPlayerFigures. (transfer none) */
GListModel *tl_player_list_get_model  (TlPlayerList  *self);

/* Highlights the row of the player @track_no belongs to (a player picked in the video);
 * -1 or a track not listed: none. */
void        tl_player_list_set_selected_track (TlPlayerList *self,
                                               int           track_no);
/* The track number of the highlighted row, -1 when none is. */
int         tl_player_list_get_selected_track (TlPlayerList *self);

/* What activating row @position does. */
void        tl_player_list_activate   (TlPlayerList  *self,
                                       guint          position);

G_END_DECLS
