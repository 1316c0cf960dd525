/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-sheet.h: who played a match and when each period started: home and away teams with
 * their colours, the players on the sheet (from reusable squads), the periods, and the match
 * clock ("67:12", "45+2:05") of any file time.
 *
 * Get it with tl_library_get_match_sheet() (cached per match). Main thread; every change is one
 * transaction, saved before the call returns. Teams and their squads belong to the library, so
 * a team set on a second match brings its players along (tl_match_sheet_add_squad()).
 * Properties: "home-team", "away-team" (TlTeam or NULL). */
#pragma once

#include <gio/gio.h>

#include "tl-period.h"
#include "tl-squad-player.h"
#include "tl-store.h"
#include "tl-team.h"

G_BEGIN_DECLS

typedef enum
{
  TL_SIDE_HOME = 1,   /* the values are those of tracks.team_side */
  TL_SIDE_AWAY = 2,
} TlSide;

#define TL_TYPE_MATCH_SHEET (tl_match_sheet_get_type ())
G_DECLARE_FINAL_TYPE (TlMatchSheet, tl_match_sheet, TL, MATCH_SHEET, GObject)

TlMatchSheet  *tl_match_sheet_new          (TlStore       *store,
                                            gint64         match_id,
                                            GError       **error);
gint64         tl_match_sheet_get_match_id (TlMatchSheet  *self);
gboolean       tl_match_sheet_reload       (TlMatchSheet  *self,
                                            GError       **error);

/* (transfer none) NULL when not set. */
TlTeam        *tl_match_sheet_get_team     (TlMatchSheet  *self,
                                            TlSide         side);
/* Makes the library's team called @name (created when there is none; its colours updated when
 * given) the home or away team. (transfer none) */
TlTeam        *tl_match_sheet_set_team     (TlMatchSheet  *self,
                                            TlSide         side,
                                            const char    *name,
                                            const char    *color,
                                            const char    *secondary_color,
                                            GError       **error);
/* (transfer none) The home or away team whose name or short name is @name (any case), or the
 * one with id @name when it is a number; NULL when none. */
TlTeam        *tl_match_sheet_find_team    (TlMatchSheet  *self,
                                            const char    *name);
TlTeam        *tl_match_sheet_lookup_team  (TlMatchSheet  *self,
                                            gint64         team_id);
/* Every team of the library, by name. (transfer full) of TlTeam */
GPtrArray     *tl_match_sheet_dup_library_teams (TlMatchSheet *self,
                                                 GError      **error);

/* (transfer none) GListModel of TlSquadPlayer: home players then away, by number. */
GListModel    *tl_match_sheet_get_players  (TlMatchSheet  *self);
/* Puts a player of @side's team on the sheet: the squad player called @name is reused (or
 * added to the squad). @number -1: the squad number. Errors: no team on that side, a number
 * already worn by another player of the team in this match. (transfer none) */
TlSquadPlayer *tl_match_sheet_add_player   (TlMatchSheet  *self,
                                            TlSide         side,
                                            int            number,
                                            const char    *name,
                                            const char    *position,
                                            gboolean       starter,
                                            GError       **error);
gboolean       tl_match_sheet_remove_player (TlMatchSheet *self,
                                             gint64        player_id,
                                             GError      **error);
/* Puts the whole squad of @side's team on the sheet (players already there stay as they are);
 * returns how many were added, -1 on error. */
int            tl_match_sheet_add_squad    (TlMatchSheet  *self,
                                            TlSide         side,
                                            GError       **error);
/* (transfer none) lookups, NULL when none. */
TlSquadPlayer *tl_match_sheet_find_player  (TlMatchSheet  *self,
                                            gint64         team_id,
                                            int            number);
TlSquadPlayer *tl_match_sheet_lookup_player (TlMatchSheet *self,
                                             gint64        player_id);

/* (transfer none) GListModel of TlPeriod by number. */
GListModel    *tl_match_sheet_get_periods  (TlMatchSheet  *self);
/* Sets period @number's kick-off (and end, -1 for none). @name NULL and @clock_offset_s -1 take
 * the usual ones: 1st half 0:00, 2nd half 45:00, extra time 90:00 and 105:00, penalties. */
gboolean       tl_match_sheet_set_period   (TlMatchSheet  *self,
                                            int            number,
                                            const char    *name,
                                            gint64         start_ns,
                                            gint64         end_ns,
                                            int            clock_offset_s,
                                            GError       **error);
gboolean       tl_match_sheet_remove_period (TlMatchSheet *self,
                                             int           number,
                                             GError      **error);
/* (transfer none) The period that @file_ns falls in (NULL before the first kick-off and in a
 * break after a period's end). */
TlPeriod      *tl_match_sheet_period_at    (TlMatchSheet  *self,
                                            gint64         file_ns);
/* The match clock at @file_ns: "67:12", "45+2:05" in added time; NULL where
 * tl_match_sheet_period_at() is NULL. (transfer full) */
char          *tl_match_sheet_format_clock (TlMatchSheet  *self,
                                            gint64         file_ns);

G_END_DECLS
