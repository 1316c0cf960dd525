/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-squad-player.h: a player on a match sheet: who (from the team's reusable squad), the shirt
 * number worn in this match, position and whether they started.
 *
 * Immutable: TlMatchSheet replaces the object in its model when something changes.
 * Properties (read-only): "id" (players row), "team-id", "name", "number" (-1: none),
 * "position" (free text such as "GK", "CB"; may be NULL), "starter". */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TL_TYPE_SQUAD_PLAYER (tl_squad_player_get_type ())
G_DECLARE_FINAL_TYPE (TlSquadPlayer, tl_squad_player, TL, SQUAD_PLAYER, GObject)

TlSquadPlayer *tl_squad_player_new          (gint64      id,
                                             gint64      team_id,
                                             const char *name,
                                             int         number,
                                             const char *position,
                                             gboolean    starter);
gint64         tl_squad_player_get_id       (TlSquadPlayer *self);
gint64         tl_squad_player_get_team_id  (TlSquadPlayer *self);
const char    *tl_squad_player_get_name     (TlSquadPlayer *self);
int            tl_squad_player_get_number   (TlSquadPlayer *self);
const char    *tl_squad_player_get_position (TlSquadPlayer *self);
gboolean       tl_squad_player_get_starter  (TlSquadPlayer *self);
/* "10 Name" or "Name". (transfer full) */
char          *tl_squad_player_dup_label    (TlSquadPlayer *self);

G_END_DECLS
