/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-bg-hold.h: where the background model must not absorb foreground: under tracked players.
 *
 * The background model absorbs foreground slowly (every few frames) and ghosts quickly (after
 * seconds without change), so a player who stops, a keeper on his line or a wall at a free kick
 * fades into the background and is lost. This module remembers, per person track, where it was
 * first seen, and paints the boxes of the tracks that have since moved into a plane of 8x8-pixel
 * cells (TL_BG_HOLD_CELL) that the next frame's background update reads. A track that has never
 * moved is not held: that is what a ghost looks like (a player the model learnt as background
 * who has walked away leaves a player-shaped hole), and the ghost rule must still clear it.
 * A cell is TL_BG_HELD (tl-bg-pixel.h) under such a track, and TL_BG_FROZEN as well while the
 * track stands still: then the chroma model learns nothing there at all. */
#pragma once

#include <stdint.h>

#include "tl-state-buf.h"
#include "tl-tracker.h"

typedef struct _TlBgHold TlBgHold;

/* @ground_moved: how far (in the tracks' ground units: metres with a camera) a track must get
 * from where it was born to be held; 0 measures in box heights instead (image ground units).
 * @standing_speed: under this speed (ground units a second) a held track's cells are
 * TL_BG_FROZEN too; 0 takes half a box height a second. @forget_frames: how long an unseen
 * track's record is kept (it may come back re-identified). */
TlBgHold      *tl_bg_hold_new     (int     width,
                                   int     height,
                                   double  ground_moved,
                                   double  standing_speed,
                                   int     forget_frames);
void           tl_bg_hold_free    (TlBgHold *hold);
void           tl_bg_hold_reset   (TlBgHold *hold);

/* Paints the plane from this frame's person tracks (the one before is kept). Returns -1 when out of
 * memory (the plane is then empty). */
int            tl_bg_hold_update  (TlBgHold            *hold,
                                   const TlTrackUpdate *tracks,
                                   int                  n_tracks);

/* Holds @cells (TL_BG_HOLD_WIDTH x TL_BG_HOLD_HEIGHT, 0 or 1) from now on, whatever the tracks
 * (TL_BG_HELD, not frozen): where the learning found a person the model had taken for
 * background (tl-bg-learnt.h). */
void           tl_bg_hold_add_learnt (TlBgHold      *hold,
                                      const uint8_t *cells);

/* TL_BG_HOLD_WIDTH (width) x TL_BG_HOLD_HEIGHT (height) cells: 0, or TL_BG_HELD with
 * TL_BG_FROZEN or not. */
const uint8_t *tl_bg_hold_plane   (const TlBgHold *hold);
/* The plane as it was before the last tl_bg_hold_update: the engine classifies frame n with
 * the tracks of frame n - 2, so that on the GPU frame n's pixels can run while the CPU tracks
 * frame n - 1 (tl-tracker.c). */
const uint8_t *tl_bg_hold_plane_before (const TlBgHold *hold);

void           tl_bg_hold_save    (const TlBgHold *hold,
                                   TlStateWriter  *w);
int            tl_bg_hold_restore (TlBgHold       *hold,
                                   TlStateReader  *r);
