/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-carried-ball.h: the analysis's last pass over a match's stored tracks: the ball carried in
 * a player's hands where the engine reported none, the ball between a sighting and the next
 * report where the engine reported it unseen (the engine's tl-ball-carry.h), and then the
 * detours of a few frames put back on the ball's line (tl-ball-detour.h). */
#pragma once

#include <gio/gio.h>

#include "tl-camera.h"
#include "tl-pitch.h"
#include "tl-store.h"

G_BEGIN_DECLS

/* Inside tl_store_write(): reads the match's chunks (of a video of @fps frames a second) in frame
 * order, gives each frame of a spell without a ball the ball carried by the person it reappears at
 * (or lying still, where it is found again where it was before the spell; the carried ball also in
 * place of the unseen reports just before the spell), replaces the ball of each frame of a run of
 * unseen reports after a sighting by the line from that sighting to the next reported ball, stores
 * each chunk that changed again and moves the first frame of each ball track that now starts
 * earlier. Chunks are read one at a time and kept only while a later spell or run can reach back
 * into them, so the memory it needs does not grow with the match. With @camera (the match's
 * calibration, at the video's size; NULL without) and @pitch (its pitch's size; NULL for
 * 105 x 68 m) the frames before the first ball also get the kick-off's ball on the centre spot
 * where someone stands at it, a carrier standing at the spot later has the ball on it, and one
 * standing by a corner has it in the corner's arc, a corner kick's taker being the carrier of the
 * spell his kick ends, and a thrower who stood at a touchline before the ball left his head held it
 * over his head there, in place of the ball those frames had (the rules in full: tl-ball-carry.h,
 * tl-ball-throw-in.h). The frames as this leaves them then go through the detours, whose balls take
 * the place of the frames' (tl-ball-detour.h); a chunk is stored once no later frame can move one
 * of its balls. Running it again changes nothing (the spells it filled report a ball, the runs it
 * replaced and the detours lie on their lines already, a held ball stays at the thrower's head).
 * @n_filled (may be NULL): frames given a ball or a new one. FALSE with @error set when the store
 * fails, when out of memory, or when @fps is not positive. */
gboolean tl_carried_ball_add (TlStore              *store,
                              gint64                match_id,
                              double                fps,
                              const TlCameraParams *camera,
                              const TlPitch        *pitch,
                              gint64               *n_filled,
                              GError              **error);

G_END_DECLS
