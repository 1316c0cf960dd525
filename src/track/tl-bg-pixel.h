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

/* All thresholds in 8-bit levels; _q8 values are fractions times 256. Every value fits in 16
 * bits: the per-pixel maths below is int16_t. */
typedef struct
{
  int32_t t_min;            /* luma difference that is always noise */
  int32_t t_max;            /* ...and that is always foreground */
  int32_t var_factor;       /* sigma-delta N: the threshold follows N x the typical |I - M|
                             * (at most 128: N x 255 fits 16 bits) */
  int32_t var_init;
  int32_t chroma_t;         /* |dU| + |dV| above this is foreground whatever the luma */
  int32_t shadow_chroma_t;  /* a shadow's chroma lies within this of the model's, as it is
                             * or dimmed with the light (tl_bg_shadow_chroma)... */
  int32_t shadow_lo_q8;     /* ...and darkens the background to between lo and hi */
  int32_t shadow_hi_q8;     /* (both at most 256: tl_bg_luma_pixel multiplies in 16 bits) */
  int32_t lit_lo_q8;        /* a learnt shadow lit again keeps at least this share of the
                             * light (tl_bg_shadow_chroma); shadow_hi_q8 is the other bound */
  int32_t absorb_period;    /* foreground pixels update the model once per this many frames */
  int32_t ghost_frames;     /* ...and every frame, in big steps, after this many in a row */
} TlBgParams;

/* What changes per frame, the same for every pixel. */
typedef struct
{
  int32_t gain_q8;          /* frame brightness over model brightness (previous frame),
                             * TL_BG_GAIN_MIN_Q8..TL_BG_GAIN_MAX_Q8 */
  int32_t absorb;           /* 1 on frames where foreground pixels update too */
  int32_t learn;            /* while learning the background: the step size (> 0), no
                             * selectivity; 0 when detecting */
} TlBgFrameCtl;

#define TL_BG_FG 255

/* The gain's range: beyond x0.6 .. x1.6 a change of brightness is a scene cut or a broken
 * frame, not a cloud. Never negative, so a gained level needs no clamp at 0. 154..410 is also
 * exactly what tl_bg_gained's 16-bit sum has room for (/track/bg/gained). */
#define TL_BG_GAIN_MIN_Q8 154
#define TL_BG_GAIN_MAX_Q8 410

/* The hold plane (see tl_bg_luma_pixel) has one byte per cell of 8x8 pixels (4x4 chroma
 * blocks): fine enough for a player's box, small enough to send to the GPU every frame. */
#define TL_BG_HOLD_CELL 8
#define TL_BG_HOLD_WIDTH(w)  (((w) + TL_BG_HOLD_CELL - 1) / TL_BG_HOLD_CELL)
#define TL_BG_HOLD_HEIGHT(h) (((h) + TL_BG_HOLD_CELL - 1) / TL_BG_HOLD_CELL)
/* A cell's bits: a tracked player stands here (his foreground is not absorbed)... */
#define TL_BG_HELD   1
/* ...and stands still (the chroma model learns nothing here, background or not:
 * tl_bg_chroma_update). */
#define TL_BG_FROZEN 2
#define TL_BG_GHOST_STEP 4
/* The gain's sums (tl_bg_agrees) take the rows whose number is a multiple of this: a quarter of
 * the pitch measures the light as well as all of it, and four sums over every row cost the
 * CPU's per-pixel stage a tenth of its speed. */
#define TL_BG_GAIN_ROWS 4

/* The helpers and the per-pixel maths are 16-bit: levels, their differences and every
 * threshold fit, and gcc then runs the CPU loop on 16-bit lanes (16 pixels an AVX2
 * instruction); on int it used 32-bit lanes, a quarter fewer frames a second. */
TL_BG_INLINE int16_t
tl_bg_abs (int16_t a)
{
  return a < 0 ? -a : a;
}

TL_BG_INLINE int16_t
tl_bg_sign (int16_t a)
{
  return (a > 0) - (a < 0);
}

TL_BG_INLINE int16_t
tl_bg_min (int16_t a,
           int16_t b)
{
  return a < b ? a : b;
}

TL_BG_INLINE int16_t
tl_bg_max (int16_t a,
           int16_t b)
{
  return a > b ? a : b;
}

TL_BG_INLINE int16_t
tl_bg_clamp (int16_t a,
             int16_t lo,
             int16_t hi)
{
  return tl_bg_min (tl_bg_max (a, lo), hi);
}

/* How far the gain may fall below 1 (102/256): the offset that keeps tl_bg_gained's sum
 * positive. */
#define TL_BG_GAIN_DROP_Q8 (256 - TL_BG_GAIN_MIN_Q8)

/* (@level * @gain_q8 + 128) >> 8 for a level 0..255 and a gain in TL_BG_GAIN_MIN_Q8..MAX_Q8,
 * in 16-bit arithmetic: level + ((level x (gain - 256) + 128) >> 8), the inner sum offset by
 * TL_BG_GAIN_DROP_Q8 x 256 so that it lies in 230..65510 for every level and gain in range;
 * unsigned 16-bit wrap-around then gives its exact value, one 16-bit multiply where the plain
 * product needs 32-bit lanes. */
TL_BG_INLINE int16_t
tl_bg_gained (int16_t level,
              int16_t gain_q8)
{
  uint16_t offset = (uint16_t) (level * (uint16_t) (gain_q8 - 256) + 128
                                + TL_BG_GAIN_DROP_Q8 * 256);

  return (int16_t) (level - TL_BG_GAIN_DROP_Q8 + (offset >> 8));
}

/* @a - @b for levels, 0 when negative. Bytes in and out: on int gcc widened the CPU loops to
 * 32-bit lanes (8 pixels an AVX2 instruction); on bytes it uses one saturating subtraction
 * for 32 pixels. */
TL_BG_INLINE uint8_t
tl_bg_sub_sat_u8 (uint8_t a,
                  uint8_t b)
{
  return a > b ? (uint8_t) (a - b) : 0;
}

/* Chroma distance of a 2x2 block's frame chroma from the model's range over the 3x3 blocks
 * around it (0 inside the range; see tl_bg_luma_pixel for why a range), 0..510. */
TL_BG_INLINE int
tl_bg_chroma_dist (uint8_t u,
                   uint8_t v,
                   uint8_t lo_u,
                   uint8_t hi_u,
                   uint8_t lo_v,
                   uint8_t hi_v)
{
  return (int16_t) (tl_bg_sub_sat_u8 (u, hi_u) + tl_bg_sub_sat_u8 (lo_u, u))
         + (int16_t) (tl_bg_sub_sat_u8 (v, hi_v) + tl_bg_sub_sat_u8 (lo_v, v));
}

/* Video levels start at 16 (limited range): light scales the level above it. */
#define TL_BG_BLACK 16

/* What a block's chroma says of a shadow (tl_bg_shadow_chroma). */
#define TL_BG_SHADOW_NONE   0 /* not a shadow's */
#define TL_BG_SHADOW_KEPT   1 /* the model's own: the renderer's shadows, or a dark kit */
#define TL_BG_SHADOW_DIMMED 2 /* the model's scaled toward grey with the luma: less light */
#define TL_BG_SHADOW_LIT    3 /* scaled away from grey: the light back on a learnt shadow */

/* Whether a 2x2 block's chroma (@u, @v) could be its model's under a shadow. A shadow of the
 * demos' renderer darkens luma only and keeps the chroma (@dc, the distance from the model's
 * 3x3 range, within shadow_chroma_t: KEPT). A real one (a cloud, a stand) darkens R, G and B
 * alike, which moves U and V toward grey (128) by the fraction the luma keeps above black: 35%
 * less light moves grass 12-18 levels, past shadow_chroma_t and even chroma_t. So the range is
 * also scaled toward grey by the block's own darkness, the mean of its four frame levels
 * (@luma_x4, their sum) over the mean of its four model levels (@model_x4, before this frame's
 * update) times the gain @gain_q8, and the chroma measured against that: within
 * shadow_chroma_t it is DIMMED. Both sides are multiplied by the model's light to stay in
 * integers. A grey kit on green grass fails it: as dark as the kit, the grass would still be
 * green.
 *
 * DIMMED wins where both pass (weakly coloured grass moves less than shadow_chroma_t): such a
 * pixel is never learnt (tl_bg_luma_pixel), so the model keeps the sunlit pitch under a cloud
 * and the grass is background again the moment the sun is back. LIT is the same test for a
 * block brighter than its model: the sun back on a shadow the model did learn; such a pixel is
 * background, and learnt as background. */
TL_BG_INLINE int16_t
tl_bg_shadow_chroma (const TlBgParams *p,
                     int16_t           gain_q8,
                     int16_t           dc,
                     int16_t           luma_x4,
                     int16_t           model_x4,
                     int16_t           u,
                     int16_t           v,
                     int16_t           lo_u,
                     int16_t           hi_u,
                     int16_t           lo_v,
                     int16_t           hi_v)
{
  /* The light above black in half levels (0..119), so every product below fits 16 bits: the
   * CPU loop then runs 16 blocks an AVX2 instruction (on 32-bit lanes the engine was 18%
   * slower at 1920x576). */
  int16_t l = tl_bg_max ((int16_t) ((luma_x4 >> 2) - TL_BG_BLACK), 0) >> 1;
  int16_t mg = tl_bg_min (tl_bg_gained ((int16_t) (model_x4 >> 2), gain_q8), 255);
  int16_t m = tl_bg_max ((int16_t) ((mg - TL_BG_BLACK) >> 1), 1);
  int16_t su = (int16_t) ((u - 128) * m), sv = (int16_t) ((v - 128) * m);
  /* Distances from the range scaled toward grey, times m; lo <= hi, so one term of each is 0
   * and neither passes 2 x 128 x 119. */
  int16_t du = tl_bg_max ((int16_t) (su - (hi_u - 128) * l), 0)
               + tl_bg_max ((int16_t) ((lo_u - 128) * l - su), 0);
  int16_t dv = tl_bg_max ((int16_t) (sv - (hi_v - 128) * l), 0)
               + tl_bg_max ((int16_t) ((lo_v - 128) * l - sv), 0);
  int16_t limit = (int16_t) (p->shadow_chroma_t * m);
  /* The block as a whole as dark as a shadow (each pixel's own test is tl_bg_luma_pixel's):
   * grass a level under its model is none, and its chroma must go on being learnt. */
  int16_t dark = ((uint16_t) (l << 8) >= (uint16_t) (m * p->shadow_lo_q8))
                 & ((uint16_t) (l << 8) <= (uint16_t) (m * p->shadow_hi_q8));
  /* The other way round: the model as dark as a shadow of the block, a shadow it learnt (the
   * learning frames' median under a passing cloud, or the model following a cloud's soft edge
   * a level a frame) with the sun back on it. Up to 1.4 times the model only (lit_lo_q8):
   * allowed as far as a shadow may go, kits brighter than the grass passed too (on the demos
   * MOTA -0.02 on every set). */
  int16_t light = ((uint16_t) (m << 8) >= (uint16_t) (l * p->lit_lo_q8))
                  & ((uint16_t) (m << 8) <= (uint16_t) (l * p->shadow_hi_q8));
  int16_t fits = (du <= limit) & (dv <= limit - du);
  int16_t dimmed = dark & fits;
  int16_t lit = light & fits;
  int16_t kept = dc <= p->shadow_chroma_t;

  return (int16_t) (dimmed * TL_BG_SHADOW_DIMMED + lit * TL_BG_SHADOW_LIT
                    + (1 - dimmed) * (1 - lit) * kept * TL_BG_SHADOW_KEPT);
}

/* What a block's chroma says, in one byte for the per-pixel maths: tl_bg_shadow_chroma's
 * answer in the low two bits, TL_BG_CHROMA_FAR added when it is far from the model's (@dc over
 * chroma_t: foreground whatever the luma). A byte, not the distance itself: the CPU's
 * per-pixel loops read it for every pixel. Read back with comparisons and masks only: gcc
 * vectorises those, not a single bit turned into a truth value. */
#define TL_BG_CHROMA_FAR 4
TL_BG_INLINE uint8_t
tl_bg_chroma_code (const TlBgParams *p,
                   int16_t           dc,
                   int16_t           shadow_chroma)
{
  return (uint8_t) ((dc > p->chroma_t) * TL_BG_CHROMA_FAR + shadow_chroma);
}

/* The tl_bg_chroma_code byte of a 2x2 block: its chroma (@u, @v) against the model's 3x3
 * ranges, with @luma_x4 and @model_x4 as for tl_bg_shadow_chroma. What every backend computes
 * once a block, before its four luma pixels. */
TL_BG_INLINE uint8_t
tl_bg_block_chroma (const TlBgParams *p,
                    int16_t           gain_q8,
                    uint8_t           u,
                    uint8_t           v,
                    uint8_t           lo_u,
                    uint8_t           hi_u,
                    uint8_t           lo_v,
                    uint8_t           hi_v,
                    int16_t           luma_x4,
                    int16_t           model_x4)
{
  int16_t dc = (int16_t) tl_bg_chroma_dist (u, v, lo_u, hi_u, lo_v, hi_v);

  return tl_bg_chroma_code (p, dc, tl_bg_shadow_chroma (p, gain_q8, dc, luma_x4, model_x4, u, v,
                                                        lo_u, hi_u, lo_v, hi_v));
}

/* tl_bg_shadow_chroma's answer, back out of a tl_bg_chroma_code byte. */
TL_BG_INLINE int16_t
tl_bg_chroma_shadow_kind (uint8_t chroma)
{
  return (int16_t) (chroma & (TL_BG_CHROMA_FAR - 1));
}

/* 1 when a pixel agrees with its model (mean @m) before this frame's update: luma within t_min
 * (what is always noise) of its own mean times the gain, chroma within chroma_t of its block's
 * range (@chroma, tl_bg_chroma_code). Such pixels are the scene as the model has it: no
 * player, no shadow, no new light over part of the pitch; the gain is measured on them
 * (tl_bg_gain_from_sums). Not the pixel's own threshold (its spread): a shadow the model is
 * learning, on absorb frames, widens the spread with every step, until the shadow agrees 33
 * levels off, pulls the gain down by its weight and the sunlit grass no longer agrees: the
 * gain then follows the shadow alone and the whole pitch is foreground
 * (/track/bg/shadow-dimmed). */
TL_BG_INLINE int16_t
tl_bg_agrees (const TlBgParams   *p,
              const TlBgFrameCtl *ctl,
              int16_t             luma,
              uint8_t             chroma,
              uint8_t             m)
{
  int16_t mg = tl_bg_min (tl_bg_gained (m, ctl->gain_q8), 255);
  /* Both 16 bits: compared with the 32-bit field, gcc left the CPU's loop scalar. */
  int16_t t = (int16_t) p->t_min;
  int16_t code = chroma;

  return (tl_bg_abs ((int16_t) (luma - mg)) <= t) & (code < TL_BG_CHROMA_FAR);
}

/* Classifies one luma pixel and updates its mean @m_io, spread @v_io and foreground age @a_io
 * (consecutive foreground frames). @chroma is what the chroma of its 2x2 block says
 * (tl_bg_chroma_code: far from the model's, and whether it may be a shadow's); @lo and @hi
 * the smallest and largest model mean in the pixel's 3x3 neighbourhood (before this frame's
 * update). @hold (its cell: 0, or TL_BG_HELD with TL_BG_FROZEN or not) says a tracked player
 * stands over the pixel: its foreground is then never absorbed into the model. Returns
 * TL_BG_FG or 0.
 *
 * Foreground means outside [lo, hi] by more than the threshold, not merely far from the
 * pixel's own mean: a camera that shakes by a pixel moves every edge of the static scene
 * (lines, boards, goal posts) by up to a pixel, which the pixel's own mean alone takes for
 * foreground; a moving object is far from the whole neighbourhood. */
TL_BG_INLINE int
tl_bg_luma_pixel (const TlBgParams   *p,
                  const TlBgFrameCtl *ctl,
                  int                 luma,
                  int                 chroma,
                  int                 hold,
                  int                 lo,
                  int                 hi,
                  uint8_t            *m_io,
                  uint8_t            *v_io,
                  uint8_t            *a_io)
{
  int16_t m = *m_io;
  int16_t v = *v_io;
  int16_t age = *a_io;
  /* The gain is positive: only the top can overflow. One operation a level fewer than a
   * clamp, in the loop that takes most of the engine's time. */
  int16_t mg = tl_bg_min (tl_bg_gained (m, ctl->gain_q8), 255);
  int16_t lg = tl_bg_min (tl_bg_gained (lo, ctl->gain_q8), 255);
  int16_t hg = tl_bg_min (tl_bg_gained (hi, ctl->gain_q8), 255);
  int16_t d = luma - mg;
  int16_t ad = tl_bg_abs (d);
  /* Distance to the neighbourhood's range: 0 inside it (levels are 0..255, so neither term
   * can pass 255). */
  int16_t an = tl_bg_max (luma - hg, 0) + tl_bg_max (lg - luma, 0);
  int16_t t = tl_bg_clamp (v, p->t_min, p->t_max);
  /* Bitwise & and | on 0/1 values: no short-circuit, so no control flow in the CPU loop.
   * The ratio test in unsigned 16 bits: exact for fractions up to 256 (255 x 256 < 65536). */
  int16_t chroma_far = chroma >= TL_BG_CHROMA_FAR;
  int16_t shadow_chroma = tl_bg_chroma_shadow_kind ((uint8_t) chroma);
  int16_t shadow = (d < 0) & (shadow_chroma != 0)
                   & ((uint16_t) (luma << 8) >= (uint16_t) (mg * (uint16_t) p->shadow_lo_q8))
                   & ((uint16_t) (luma << 8) <= (uint16_t) (mg * (uint16_t) p->shadow_hi_q8));
  /* A learnt shadow the light came back onto (tl_bg_shadow_chroma): not foreground, and
   * learnt as any background. */
  int16_t lit = (d > 0) & (shadow_chroma == TL_BG_SHADOW_LIT)
                & ((uint16_t) (mg << 8) >= (uint16_t) (luma * (uint16_t) p->lit_lo_q8))
                & ((uint16_t) (mg << 8) <= (uint16_t) (luma * (uint16_t) p->shadow_hi_q8));
  int16_t fg = (chroma_far | (an > t)) & (1 - shadow) & (1 - lit);

  int16_t dm = luma - m;
  int16_t dv = tl_bg_sign ((int16_t) (p->var_factor * ad) - v);
  /* A player the tracker follows may stand still for a minute (a keeper, a wall at a free
   * kick): neither the slow absorption nor the ghost rule may eat him. Ghosts are not held:
   * the tracker holds only tracks that have moved (tl-tracker.c). A pixel that passes only as
   * shadow is learnt like foreground, on absorb frames and never when held: dark boots, socks
   * and black kits pass the shadow test, and learnt a level a frame they let the pixels above
   * them pass the 3x3 range too, so a player faded from the feet up (held or not: an assistant
   * referee the tracker has not confirmed, a player who has not moved yet). A shadow whose
   * chroma is dimmed with its light (tl_bg_shadow_chroma: a cloud's, a stand's) is not learnt
   * at all: as it is it is no foreground, and the sunlit model is what the pitch comes back
   * to (docs/tracking.md). */
  int16_t ghost = fg & (age >= p->ghost_frames) & (hold == 0);
  int16_t dimmed = shadow & (shadow_chroma == TL_BG_SHADOW_DIMMED);
  int16_t update = ((fg == 0) & (shadow == 0)) | ((ctl->absorb != 0) & (hold == 0) & (1 - dimmed));
  int16_t learning = ctl->learn != 0;

  /* Arithmetic, not branches, so the CPU loop vectorises; CUDA runs the same expressions.
   *  - learning: a running median with big, shrinking steps (annealing) that crosses the whole
   *    range in a few dozen frames, while a player over the pixel in one of the last learnt
   *    frames moves it by a level or two only;
   *  - a ghost (foreground that has not changed for seconds: something the model learnt, a
   *    player who stood still during learning, or an object put down): absorbed quickly;
   *  - otherwise the sigma-delta step of one level (sign = clamp to ±1), for foreground only
   *    on absorb frames (a step of 0). */
  int16_t step = learning ? ctl->learn : ghost * TL_BG_GHOST_STEP + (1 - ghost) * update;
  dm = tl_bg_clamp (dm, -step, step);
  dv *= learning | ((!ghost) & update & (ad != 0));
  m += dm;
  v = tl_bg_clamp (v + dv, 1, 255);
  age = (fg & !learning) * tl_bg_min (age + 1, 255);

  *m_io = (uint8_t) m;
  *v_io = (uint8_t) v;
  *a_io = (uint8_t) age;
  return fg * TL_BG_FG;
}

/* Updates the chroma model of a block after its four luma pixels were classified; @chroma and
 * @hold as for tl_bg_luma_pixel: a dimmed block (tl_bg_shadow_chroma) is never learnt, its
 * chroma no more than its luma (tl_bg_luma_pixel), or the grass would come back from under a
 * cloud greener than its model. Under a player who stands still (TL_BG_FROZEN) nothing is
 * learnt: at dusk the grass is nearly grey and most kits lie near it, so in the frames where
 * the noise brings a block of his within the threshold (luma and chroma) the model stepped a
 * level towards his kit, never back while he stood, and within seconds his chroma was the
 * model's and only the luma, which at dusk tells few kits from the grass, still saw him. */
TL_BG_INLINE void
tl_bg_chroma_update (const TlBgFrameCtl *ctl,
                     int                 any_fg,
                     uint8_t             chroma,
                     int                 hold,
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
  else if (tl_bg_chroma_shadow_kind (chroma) != TL_BG_SHADOW_DIMMED
           && ((!any_fg && !(hold & TL_BG_FROZEN)) || (ctl->absorb && !hold)))
    {
      mu += tl_bg_sign (u - mu);
      mv += tl_bg_sign (v - mv);
    }

  *mu_io = (uint8_t) mu;
  *mv_io = (uint8_t) mv;
}

/* Smallest and largest of three levels, for the model's 3x3 range. Bytes, as
 * tl_bg_sub_sat_u8: on int the CPU's range pass ran 8 pixels an AVX2 instruction, on bytes
 * 32 (vpminub / vpmaxub). */
TL_BG_INLINE uint8_t
tl_bg_min3_u8 (uint8_t a,
               uint8_t b,
               uint8_t c)
{
  uint8_t ab = a < b ? a : b;

  return ab < c ? ab : c;
}

TL_BG_INLINE uint8_t
tl_bg_max3_u8 (uint8_t a,
               uint8_t b,
               uint8_t c)
{
  uint8_t ab = a > b ? a : b;

  return ab > c ? ab : c;
}
