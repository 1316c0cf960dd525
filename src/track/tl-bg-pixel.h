/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-bg-pixel.h: the per-pixel maths of the background model, shared verbatim by CPU and CUDA.
 *
 * Both backends include this file, so the same integer expressions run on both and their masks
 * are bit-identical by construction: no floating point, no rounding differences, no order of
 * evaluation that could differ. The model is a sigma-delta (approximate running median) per
 * pixel with a global gain for lighting changes and a chroma test for shadows; docs/tracking.md
 * explains the choices. */
#pragma once

#include <stdint.h>

#ifdef __CUDACC__
#define TL_BG_INLINE static __host__ __device__ __forceinline__
#else
/* Always inlined: called per pixel, and the CPU loop only vectorises once it is. */
#define TL_BG_INLINE static inline __attribute__ ((always_inline))
#endif

/* All thresholds in 8-bit levels; _q8 values are fractions times 256. */
typedef struct
{
  int32_t t_min;            /* luma difference that is always noise */
  int32_t t_max;            /* ...and that is always foreground */
  int32_t var_factor;       /* sigma-delta N: the threshold follows N x the typical |I - M| */
  int32_t var_init;
  int32_t chroma_t;         /* |dU| + |dV| above this is foreground whatever the luma */
  int32_t shadow_chroma_t;  /* a shadow keeps its chroma within this... */
  int32_t shadow_lo_q8;     /* ...and darkens the background to between lo and hi */
  int32_t shadow_hi_q8;
  int32_t absorb_period;    /* foreground pixels update the model once per this many frames */
  int32_t ghost_frames;     /* ...and every frame, in big steps, after this many in a row */
} TlBgParams;

/* What changes per frame, the same for every pixel. */
typedef struct
{
  int32_t gain_q8;          /* frame brightness over model brightness (previous frame) */
  int32_t absorb;           /* 1 on frames where foreground pixels update too */
  int32_t learn;            /* while learning the background: the step size (> 0), no
                             * selectivity; 0 when detecting */
} TlBgFrameCtl;

#define TL_BG_FG 255
#define TL_BG_GHOST_STEP 4

TL_BG_INLINE int
tl_bg_abs (int a)
{
  return a < 0 ? -a : a;
}

TL_BG_INLINE int
tl_bg_sign (int a)
{
  return (a > 0) - (a < 0);
}

TL_BG_INLINE int
tl_bg_clamp (int a,
             int lo,
             int hi)
{
  return a < lo ? lo : (a > hi ? hi : a);
}

/* Chroma distance of a 2x2 block's frame chroma from the model. */
TL_BG_INLINE int
tl_bg_chroma_dist (int u,
                   int v,
                   int mu,
                   int mv)
{
  return tl_bg_abs (u - mu) + tl_bg_abs (v - mv);
}

/* Classifies one luma pixel and updates its mean @m_io, spread @v_io and foreground age @a_io
 * (consecutive foreground frames). @dc is the chroma distance of its 2x2 block. Returns
 * TL_BG_FG or 0. */
TL_BG_INLINE int
tl_bg_luma_pixel (const TlBgParams   *p,
                  const TlBgFrameCtl *ctl,
                  int                 luma,
                  int                 dc,
                  uint8_t            *m_io,
                  uint8_t            *v_io,
                  uint8_t            *a_io)
{
  int m = *m_io;
  int v = *v_io;
  int age = *a_io;
  int mg = tl_bg_clamp ((m * ctl->gain_q8 + 128) >> 8, 0, 255);
  int d = luma - mg;
  int ad = tl_bg_abs (d);
  int t = tl_bg_clamp (v, p->t_min, p->t_max);
  /* Bitwise & and | on 0/1 values: no short-circuit, so no control flow in the CPU loop. */
  int shadow = (d < 0) & (dc <= p->shadow_chroma_t)
               & (luma * 256 >= mg * p->shadow_lo_q8) & (luma * 256 <= mg * p->shadow_hi_q8);
  int fg = (dc > p->chroma_t) | ((ad > t) & !shadow);

  int dm = luma - m;
  int dv = tl_bg_sign (p->var_factor * ad - v);
  int ghost = fg & (age >= p->ghost_frames);
  int update = !fg | (ctl->absorb != 0);

  /* Selects, not branches, so the CPU loop vectorises; CUDA runs the same expressions.
   *  - learning: a running median with big, shrinking steps (annealing) that crosses the whole
   *    range in a few dozen frames, while a player over the pixel in one of the last learnt
   *    frames moves it by a level or two only;
   *  - a ghost (foreground that has not changed for seconds: something the model learnt, a
   *    player who stood still during learning, or an object put down): absorbed quickly;
   *  - otherwise the sigma-delta step of one level, for foreground only on absorb frames. */
  dm = ctl->learn ? tl_bg_clamp (dm, -ctl->learn, ctl->learn)
       : ghost ? tl_bg_clamp (dm, -TL_BG_GHOST_STEP, TL_BG_GHOST_STEP)
       : update ? tl_bg_sign (dm) : 0;
  dv = ctl->learn ? dv : ((!ghost) & update & (ad != 0)) ? dv : 0;
  m += dm;
  v = tl_bg_clamp (v + dv, 1, 255);
  age = fg & (ctl->learn == 0) ? (age < 255 ? age + 1 : 255) : 0;

  *m_io = (uint8_t) m;
  *v_io = (uint8_t) v;
  *a_io = (uint8_t) age;
  return fg ? TL_BG_FG : 0;
}

/* Updates the chroma model of a block after its four luma pixels were classified. */
TL_BG_INLINE void
tl_bg_chroma_update (const TlBgFrameCtl *ctl,
                     int                 any_fg,
                     int                 u,
                     int                 v,
                     uint8_t            *mu_io,
                     uint8_t            *mv_io)
{
  int mu = *mu_io;
  int mv = *mv_io;

  if (ctl->learn)
    {
      mu += tl_bg_clamp (u - mu, -ctl->learn, ctl->learn);
      mv += tl_bg_clamp (v - mv, -ctl->learn, ctl->learn);
    }
  else if (!any_fg || ctl->absorb)
    {
      mu += tl_bg_sign (u - mu);
      mv += tl_bg_sign (v - mv);
    }

  *mu_io = (uint8_t) mu;
  *mv_io = (uint8_t) mv;
}

/* The morphological closing: out = min over the 3x3 of the dilation; both ignore pixels outside
 * the image. One output pixel of each pass; @at (r, c) reads the input. */
TL_BG_INLINE int
tl_bg_max3 (int a,
            int b,
            int c)
{
  int m = a > b ? a : b;
  return m > c ? m : c;
}

TL_BG_INLINE int
tl_bg_min3 (int a,
            int b,
            int c)
{
  int m = a < b ? a : b;
  return m < c ? m : c;
}
