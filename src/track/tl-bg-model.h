/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-bg-model.h: the CPU backend's per-pixel stages: background model, foreground mask, closing.
 *
 * Each stage is a pure function of a band of rows so that a TlBandPool can split a frame; the
 * CUDA twins are in cuda/tl-cuda-bg.cu and share the per-pixel maths of tl-bg-pixel.h. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "tl-bg-pixel.h"
#include "tl-frame.h"

/* Widest analysis frame the CPU backend takes (a row buffer lives on the stack). */
#define TL_BG_MAX_WIDTH 8192

/* The model planes. Luma planes are width x height; chroma and the pitch mask one value per
 * 2x2 block, (width / 2) x (height / 2). All rows are packed (stride = width of the plane). */
typedef struct
{
  int      width;
  int      height;
  uint8_t *mean_y;
  uint8_t *spread_y;
  uint8_t *age_y;             /* consecutive foreground frames, saturating */
  uint8_t *lo_y;              /* 3x3 minimum and maximum of mean_y, made before each frame */
  uint8_t *hi_y;
  uint8_t *lo_u, *hi_u;       /* the same for the chroma means */
  uint8_t *lo_v, *hi_v;
  uint8_t *mean_u;
  uint8_t *mean_v;
} TlBgPlanes;

/* Sums over the in-pitch pixels of every TL_BG_GAIN_ROWS-th row that give the next frame's
 * gain: over all of them, and over those that agree with the model (tl_bg_agrees). */
typedef struct
{
  uint64_t frame_luma;
  uint64_t model_luma;
  uint64_t frame_agreeing;
  uint64_t model_agreeing;
} TlBgSums;

/* Allocates the planes (NULL planes on failure: check mean_y). */
int      tl_bg_planes_alloc   (TlBgPlanes *planes,
                               int         width,
                               int         height);
void     tl_bg_planes_free    (TlBgPlanes *planes);

/* Sets the model of rows [@y0, @y1) (even) from a frame: mean = frame, spread = var_init. */
void     tl_bg_init_rows      (const TlBgParams   *params,
                               const TlFrame      *frame,
                               TlBgPlanes         *planes,
                               int                 y0,
                               int                 y1);

/* The 3x3 minimum and maximum of each pixel of a packed @width x @height plane (at most
 * TL_BG_MAX_WIDTH wide), as the model's ranges are made. */
void     tl_bg_range_plane    (const uint8_t      *plane,
                               uint8_t            *lo,
                               uint8_t            *hi,
                               int                 width,
                               int                 height);

/* Rows [@y0, @y1) (even) of lo_y and hi_y from mean_y, and of the chroma ranges (read only, so
 * bands may run at once); pixels outside the image are ignored. */
void     tl_bg_range_rows     (TlBgPlanes         *planes,
                               int                 y0,
                               int                 y1);

/* Rows [@y0, @y1) (even) of the frame: updates the model, writes 0/255 into @mask (packed,
 * width bytes per row) and adds to @sums. Blocks whose @pitch value is 0 are skipped (mask 0,
 * model untouched). @hold (TL_BG_HOLD_WIDTH x TL_BG_HOLD_HEIGHT cells) marks where tracked
 * players stand: their foreground is not absorbed. */
void     tl_bg_classify_rows  (const TlBgParams   *params,
                               const TlBgFrameCtl *ctl,
                               const TlFrame      *frame,
                               TlBgPlanes         *planes,
                               const uint8_t      *pitch,
                               const uint8_t      *hold,
                               uint8_t            *mask,
                               int                 y0,
                               int                 y1,
                               TlBgSums           *sums);

/* 3x3 dilation (@erode = 0) or erosion (@erode = 1) of rows [@y0, @y1) of a packed 0/255 mask;
 * pixels outside the image are ignored. With @pitch (block resolution) the result is cleared
 * outside the pitch. */
void     tl_bg_morph_rows     (const uint8_t *in,
                               uint8_t       *out,
                               int            width,
                               int            height,
                               int            erode,
                               const uint8_t *pitch,
                               int            y0,
                               int            y1);

/* The gain of the next frame from this frame's sums, clamped to a sane range: the frame's light
 * over the model's on the pixels that agree with the model, or on all of them when those hold
 * less than a quarter of the model's light (a change over the whole pitch: a cloud, the
 * floodlights). */
int32_t  tl_bg_gain_from_sums (const TlBgSums *sums);

void     tl_bg_params_default (TlBgParams *params);
