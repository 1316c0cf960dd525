/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-role-ids.h: a player's identity over a whole half from where he stands in his team's shape.
 *
 * The engine keeps a player's id from frame to frame, and loses it where two team-mates cross
 * or stand in a group: the ids they come out with are swapped about as often as not, and a swap
 * lasts until the next group. Over a second its ids are right (IDF1 0.95 in one-second windows
 * of the bench demos), over a minute they are not (0.72). What does last is a player's place in
 * his team's shape: the left back stays left and deep of his team's centre of mass however often
 * he crosses the centre back. So, once the whole half has been tracked, every stretch of a track
 * at least TL_ROLE_IDS_MIN_PIECE_S long in which its box touches no team-mate's (a piece: the
 * engine seldom exchanges ids inside one) is placed by its mean offset from its team's centre
 * in those frames, and pieces are given roles: as many roles as the team usually has players
 * in pieces at once plus one, their places found from the longest pieces (spread out first,
 * then refined), a role never held by two pieces at the same time, and a track's piece keeps the
 * role of its previous piece unless another free role is much nearer (TL_ROLE_IDS_KEEP); those
 * labels are then settled over the whole half, a track's change of role weighed against how
 * far its pieces stand from their roles (TL_ROLE_IDS_CHANGE_M), and settled again once each
 * role is moved to its settled pieces. A role is an id of its own; every frame of a piece
 * reports it, and a frame of the track between pieces (in a group, or where its team's centre
 * is not known) reports the role of the track's nearest piece in time whose role nobody holds
 * then. A team whose players are seldom in pieces (TL_ROLE_IDS_MIN_HELD) or whose pieces do
 * not stand apart by their roles (TL_ROLE_IDS_MIN_SEPARATION) keeps the engine's ids, as do
 * tracks mostly of no team (referees, linesmen, keepers in their own colours); those the caller
 * keeps (a track the coach named) report their own. docs/tracking.md, "Roles in the team's shape".
 *
 * Teams change ends at half time, and a shape can change over a match: the caller gives each
 * period its own TlRoleIds (and ids). Plain C: the pass needs the stored tracks of the whole
 * period, which the analyzer has once it ends (src/core/tl-role-tracks.c). */
#pragma once

#include <stdint.h>

/* The rules' figures: docs/tracking.md, "Roles in the team's shape" (IDF1 replayed on the four
 * sets of 24 demos 0.7176 / 0.7022 / 0.7000 / 0.7317 -> 0.8303 / 0.8211 / 0.8323 / 0.8188).
 * A piece at least this long, seconds: a shorter piece's offset names its player less often
 * (half the time at 1-2 s), a longer minimum leaves more frames between pieces (stop 55's
 * study: 2 s lowered IDF1 on all four sets, 8 s on three of them). */
#define TL_ROLE_IDS_MIN_PIECE_S 4.0
/* A track's piece keeps its previous piece's role unless the nearest free role lies nearer than
 * this times the kept role's distance. */
#define TL_ROLE_IDS_KEEP 0.3
/* A track's change of role costs as much as a piece of the minimum length this many metres
 * off its role's place: the labels are settled over the whole half against that (25 and 60
 * both lower IDF1 on the four sets' sum). */
#define TL_ROLE_IDS_CHANGE_M 40.0
/* Two roles' places nearer than this, metres, are one role (the later placed is dropped). */
#define TL_ROLE_IDS_SAME_M 2.0
/* A team whose pieces stand apart by their roles less than this (the mean silhouette of a
 * piece between its role and the nearest other, 1 on its role, 0 halfway) keeps the engine's
 * ids: a shape the team does not hold names nobody. */
#define TL_ROLE_IDS_MIN_SEPARATION 0.4
/* A team whose usual number of players in pieces at once is under this share of its usual
 * number in a frame keeps the engine's ids  (on the demos the share is 0.83-1.18). */
#define TL_ROLE_IDS_MIN_HELD 0.5
/* A box touching a team-mate's by at least this share of its area is in a group. Smaller
 * overlaps (two players passing close) cut pieces where the engine keeps its ids, each cut a
 * new decision: 0.05 / 0.15 / 0.2 / 0.3 / 0.5 lower the four sets' summed IDF1 by 0.073 /
 * 0.024 / 0.006 / 0.003 / 0.017 from 0.25's. */
#define TL_ROLE_IDS_TOUCH 0.25
/* A team's centre needs at least this many of its players in the frame. */
#define TL_ROLE_IDS_MIN_TEAM 5

typedef struct _TlRoleIds TlRoleIds;

/* One reported person in a frame: the engine's id (from 1), its team in this frame (0, 1, -1
 * none), its box (any pixels, the same for all) and its ground point (pitch metres, or the foot
 * pixel without a camera). */
typedef struct
{
  uint32_t id;
  int      team;
  float    x, y, w, h;
  float    ground_x, ground_y;
} TlRoleObs;

/* For a video of @fps frames a second; NULL when out of memory or @fps <= 0. */
TlRoleIds *tl_role_ids_new     (double           fps);
void       tl_role_ids_free    (TlRoleIds       *roles);
/* Leaves track @id its own id in every frame. It is placed and given roles all the same (the
 * role it would report stays unused), so that every other track's ids are those it would have
 * without this call. Before tl_role_ids_relabel. -1 when out of memory. */
int        tl_role_ids_keep    (TlRoleIds       *roles,
                                uint32_t         id);
/* First pass, before tl_role_ids_add_frame: each reported person's team in one frame, to find
 * each track's team (the one it has most often). Any order. -1 when out of memory. */
int        tl_role_ids_vote    (TlRoleIds       *roles,
                                uint32_t         id,
                                int              team);
/* Second pass: the @n persons of @frame (frames in order, each once; a frame without persons
 * may be left out). -1 when out of memory. */
int        tl_role_ids_add_frame (TlRoleIds     *roles,
                                  int64_t        frame,
                                  const TlRoleObs *obs,
                                  int            n);
/* After the last frame: gives the pieces roles, numbered @first_id on (above every id the
 * engine gave, so the two never meet). Returns the number of ids it uses, or -1 when out of
 * memory. */
int        tl_role_ids_solve   (TlRoleIds       *roles,
                                uint32_t         first_id);
/* Third pass, after tl_role_ids_solve: rewrites the @n ids of @frame in place (any order of
 * frames). No two persons of a frame come out with the same id: where two would take one role,
 * the lower engine id takes it and the other keeps its own. -1 when out of memory. */
int        tl_role_ids_relabel (TlRoleIds       *roles,
                                int64_t          frame,
                                uint32_t        *ids,
                                int              n);
