/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-still-patch.h: what a player standing still looked like, to tell that he is still there
 * once the background model no longer shows him.
 *
 * A player who stands for seconds (a keeper on his line, an assistant referee at the halfway
 * line) fades into the background model: the mask loses him and his track coasts, although he
 * has not moved. While such a player is detected, the luma of his detection's foreground pixels
 * is kept; in a frame where no detection matches him, the same pixels unchanged (within a pixel
 * of shake) say he stands there yet: a player who walked away, or one passed in front of him,
 * changes them by far more than the sensor's noise, and so does a change of light. */
#pragma once

#include <stdint.h>

#include "tl-tracker.h"

/* Players up to this many pixels (at the analysis size) are kept: the far ones fade first, and
 * a near player, tall on screen, is never still for long enough. */
#define TL_STILL_PATCH_MAX 1536

typedef struct
{
  int     x, y, w, h;         /* the box the pixels were taken in, analysis pixels */
  int     n;                  /* foreground pixels kept: 0 when none are */
  float   foot[2];            /* the ground point of his foot then */
  uint8_t luma[TL_STILL_PATCH_MAX];
  uint8_t fg[TL_STILL_PATCH_MAX]; /* 1 where the mask had him */
} TlStillPatch;

/* Keeps the luma of @frame's pixels that @mask (one byte a pixel, @mask_stride bytes a row,
 * non-zero where foreground) shows in box (@x, @y, @w, @h), with the foot @foot; forgets the
 * patch (n = 0) when the box is larger than TL_STILL_PATCH_MAX pixels. */
void   tl_still_patch_take      (TlStillPatch  *patch,
                                 const TlFrame *frame,
                                 const uint8_t *mask,
                                 int            mask_stride,
                                 int            x,
                                 int            y,
                                 int            w,
                                 int            h,
                                 const float    foot[2]);

/* The mean absolute luma difference between the kept pixels and @frame's at the same place,
 * the least of the nine shifts by up to a pixel (the camera shakes); a large value when the
 * patch is empty or reaches beyond the frame. */
double tl_still_patch_change    (const TlStillPatch *patch,
                                 const TlFrame      *frame);
