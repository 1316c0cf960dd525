/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-bg-learnt.h: people the background learnt, taken back out of it after learning.
 *
 * The model is learnt as a running median of a few dozen frames spread over the match, so
 * whoever stands on one spot in most of them (an assistant referee at his post, a keeper on his
 * line) is learnt as background and never found. Such a person sways: where he stands, the
 * learning frames show him in a spread of levels and, in some of them, the scene behind him as
 * one tight cluster; the median lies somewhere between. This module keeps the learning frames'
 * luma, and after learning sets each pixel whose densest cluster of levels (the mode) is far
 * from its learnt mean, and whose frames often fall outside the modes of its 3x3 neighbourhood
 * (a shaking camera's edges do not: their frames show the two sides of the edge, both modes
 * there), to that mode; the 8x8 cells of those pixels are then held for the rest of the match
 * (tl-bg-hold.h), so neither the slow absorption nor the ghost rule learns him back while he
 * stands. Plain C, the model on the host: the CUDA backend's model goes down and up around
 * it (tl-tracker.c). */
#pragma once

#include <stdint.h>

#include "tl-bg-model.h"
#include "tl-frame.h"

/* Learning frames kept at most: the analyzer learns from 40 (44 MB of luma at 1920x576). */
#define TL_BG_LEARNT_MAX_FRAMES 64

typedef struct _TlBgLearnt TlBgLearnt;

TlBgLearnt *tl_bg_learnt_new     (int width,
                                  int height);
void        tl_bg_learnt_free    (TlBgLearnt *learnt);
/* Forgets the frames kept. */
void        tl_bg_learnt_reset   (TlBgLearnt *learnt);

/* Keeps @frame's luma (beyond TL_BG_LEARNT_MAX_FRAMES, nothing). Returns -1 when out of memory
 * (the frames kept so far are dropped and the model stays the median: tl_bg_learnt_apply then
 * changes nothing). */
int         tl_bg_learnt_add     (TlBgLearnt    *learnt,
                                  const TlFrame *frame);
/* Whether frames are kept (tl_bg_learnt_apply has something to do). */
int         tl_bg_learnt_pending (const TlBgLearnt *learnt);

/* Sets the pixels of @planes (learnt from the frames kept, @pitch at block resolution) that
 * held a person to the scene behind him, marks their cells in @cells (TL_BG_HOLD_WIDTH x
 * TL_BG_HOLD_HEIGHT, set to 1, others left alone) and forgets the frames. Returns the number
 * of pixels changed, or -1 when out of memory (nothing changed). */
int         tl_bg_learnt_apply   (TlBgLearnt       *learnt,
                                  const TlBgParams *params,
                                  const uint8_t    *pitch,
                                  TlBgPlanes       *planes,
                                  uint8_t          *cells);
