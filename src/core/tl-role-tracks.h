/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-role-tracks.h: the analysis's pass that gives the players of a finished, calibrated
 * analysis the ids of their roles in their team's shape (the engine's tl-role-ids.h), so that a
 * player keeps one track through the groups in which the engine swaps ids. */
#pragma once

#include <gio/gio.h>

#include "tl-store.h"

G_BEGIN_DECLS

/* Inside tl_store_write(), once every chunk of the match is stored (after the carried-ball
 * pass, which follows the engine's ids): reads the match's chunks three times, one at a time
 * (teams, pieces, ids), and stores each again with its persons' new ids; the tracks table then
 * has a row for each id its persons now have, and none for an engine id no sample keeps. Each
 * period of the match (the periods table; teams change ends between them) and the frames
 * before the first have roles of their own. A track the coach gave something (a player, a
 * label, a side, a drawing that follows it) keeps its id and its row untouched, and every other
 * id is what it would be without it; referees, and anyone whose ground point is never known,
 * keep their ids (their rows are written again). The samples' pitch
 * positions must mean something (a calibrated analysis). @n_roles (may be NULL): the ids of
 * roles given. FALSE with @error set when the store fails, when out of memory, or when @fps is
 * not positive. */
gboolean tl_role_tracks_apply (TlStore   *store,
                               gint64     match_id,
                               double     fps,
                               int       *n_roles,
                               GError   **error);

G_END_DECLS
