/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-team.h: a team of the library (reused across matches): name and kit colours.
 *
 * Properties (read-only, notify when TlMatchSheet changes them): "id", "name", "short-name",
 * "color", "secondary-color" ("#rrggbb" or NULL). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TL_TYPE_TEAM (tl_team_get_type ())
G_DECLARE_FINAL_TYPE (TlTeam, tl_team, TL, TEAM, GObject)

TlTeam     *tl_team_new                 (gint64      id,
                                         const char *name,
                                         const char *short_name,
                                         const char *color,
                                         const char *secondary_color);
gint64      tl_team_get_id              (TlTeam     *self);
const char *tl_team_get_name            (TlTeam     *self);
const char *tl_team_get_short_name      (TlTeam     *self);
const char *tl_team_get_color           (TlTeam     *self);
const char *tl_team_get_secondary_color (TlTeam     *self);
/* For TlMatchSheet: replaces the values and notifies what changed. */
void        tl_team_update              (TlTeam     *self,
                                         const char *name,
                                         const char *short_name,
                                         const char *color,
                                         const char *secondary_color);

G_END_DECLS
