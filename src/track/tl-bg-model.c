/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-bg-model.c: CPU backend of the background model, foreground mask and closing. */
#include "tl-bg-model.h"

/* The per-pixel loops are byte arithmetic that gcc vectorises; with AVX2 (32-byte vectors,
 * on most x86-64 machines since 2013) a vector holds twice the pixels it holds with the
 * baseline SSE2. The build targets baseline x86-64, so these loops are compiled twice and the
 * loader picks the clone the CPU runs. Integer maths: both clones give the same bytes. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define TL_BG_VECTOR_CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
#define TL_BG_VECTOR_CLONES
#endif

#include <stdlib.h>
#include <string.h>

void
tl_bg_params_default (TlBgParams *params)
{
  /* Tuned on H.264/HEVC grass: coding noise stays under ~10 levels, shirts differ by 30+. */
  params->t_min = 14;
  params->t_max = 48;
  params->var_factor = 3;
  params->var_init = 14;
  params->chroma_t = 16;
  params->shadow_chroma_t = 10;
  params->shadow_lo_q8 = 100;   /* a shadow keeps 40%... */
  params->shadow_hi_q8 = 243;   /* ...to 95% of the light */
  params->lit_lo_q8 = 183;      /* 72%: a learnt shadow lit again, up to 1.4x its model */
  params->absorb_period = 8;
  params->ghost_frames = 75;    /* 3 s at 25 fps */
}

int
tl_bg_planes_alloc (TlBgPlanes *planes,
                    int         width,
                    int         height)
{
  size_t luma = (size_t) width * height;
  size_t chroma = luma / 4;

  memset (planes, 0, sizeof *planes);
  planes->width = width;
  planes->height = height;
  planes->mean_y = malloc (luma);
  planes->spread_y = malloc (luma);
  planes->age_y = malloc (luma);
  planes->lo_y = malloc (luma);
  planes->hi_y = malloc (luma);
  planes->lo_u = malloc (chroma);
  planes->hi_u = malloc (chroma);
  planes->lo_v = malloc (chroma);
  planes->hi_v = malloc (chroma);
  planes->mean_u = malloc (chroma);
  planes->mean_v = malloc (chroma);
  if (planes->mean_y == NULL || planes->spread_y == NULL || planes->age_y == NULL
      || planes->lo_y == NULL || planes->hi_y == NULL || planes->lo_u == NULL
      || planes->hi_u == NULL || planes->lo_v == NULL || planes->hi_v == NULL
      || planes->mean_u == NULL || planes->mean_v == NULL)
    {
      tl_bg_planes_free (planes);
      return -1;
    }

  return 0;
}

void
tl_bg_planes_free (TlBgPlanes *planes)
{
  free (planes->mean_y);
  free (planes->spread_y);
  free (planes->age_y);
  free (planes->lo_y);
  free (planes->hi_y);
  free (planes->lo_u);
  free (planes->hi_u);
  free (planes->lo_v);
  free (planes->hi_v);
  free (planes->mean_u);
  free (planes->mean_v);
  memset (planes, 0, sizeof *planes);
}

void
tl_bg_init_rows (const TlBgParams *params,
                 const TlFrame    *frame,
                 TlBgPlanes       *planes,
                 int               y0,
                 int               y1)
{
  int w = planes->width;
  int cw = w / 2;

  for (int y = y0; y < y1; y++)
    {
      memcpy (planes->mean_y + (long) y * w, frame->planes[0] + (long) y * frame->strides[0],
              (size_t) w);
      memset (planes->spread_y + (long) y * w, params->var_init, (size_t) w);
      memset (planes->age_y + (long) y * w, 0, (size_t) w);
    }
  for (int cy = y0 / 2; cy < y1 / 2; cy++)
    {
      const uint8_t *u_row, *v_row;
      int step;

      tl_frame_chroma_rows (frame, cy, &u_row, &v_row, &step);
      for (int cx = 0; cx < cw; cx++)
        {
          planes->mean_u[(long) cy * cw + cx] = u_row[cx * step];
          planes->mean_v[(long) cy * cw + cx] = v_row[cx * step];
        }
    }
}

/* 3x3 minimum and maximum of rows [@y0, @y1) of a packed plane; a missing neighbour repeats
 * the centre. Separable: columns first, then along the row. */
TL_BG_VECTOR_CLONES static void
range_plane_rows (const uint8_t *plane,
                  uint8_t       *lo_plane,
                  uint8_t       *hi_plane,
                  int            w,
                  int            h,
                  int            y0,
                  int            y1)
{
  uint8_t vmin[TL_BG_MAX_WIDTH], vmax[TL_BG_MAX_WIDTH];

  for (int y = y0; y < y1; y++)
    {
      const uint8_t *r1 = plane + (long) y * w;
      const uint8_t *r0 = y > 0 ? r1 - w : r1;
      const uint8_t *r2 = y + 1 < h ? r1 + w : r1;
      uint8_t *lo = lo_plane + (long) y * w;
      uint8_t *hi = hi_plane + (long) y * w;

      for (int x = 0; x < w; x++)
        {
          vmin[x] = tl_bg_min3_u8 (r0[x], r1[x], r2[x]);
          vmax[x] = tl_bg_max3_u8 (r0[x], r1[x], r2[x]);
        }
      for (int x = 1; x + 1 < w; x++)
        {
          lo[x] = tl_bg_min3_u8 (vmin[x - 1], vmin[x], vmin[x + 1]);
          hi[x] = tl_bg_max3_u8 (vmax[x - 1], vmax[x], vmax[x + 1]);
        }
      lo[0] = w > 1 ? tl_bg_min3_u8 (vmin[0], vmin[0], vmin[1]) : vmin[0];
      hi[0] = w > 1 ? tl_bg_max3_u8 (vmax[0], vmax[0], vmax[1]) : vmax[0];
      if (w > 1)
        {
          lo[w - 1] = tl_bg_min3_u8 (vmin[w - 2], vmin[w - 1], vmin[w - 1]);
          hi[w - 1] = tl_bg_max3_u8 (vmax[w - 2], vmax[w - 1], vmax[w - 1]);
        }
    }
}

void
tl_bg_range_plane (const uint8_t *plane,
                   uint8_t       *lo,
                   uint8_t       *hi,
                   int            width,
                   int            height)
{
  range_plane_rows (plane, lo, hi, width, height, 0, height);
}

void
tl_bg_range_rows (TlBgPlanes *planes,
                  int         y0,
                  int         y1)
{
  int w = planes->width, h = planes->height;

  range_plane_rows (planes->mean_y, planes->lo_y, planes->hi_y, w, h, y0, y1);
  range_plane_rows (planes->mean_u, planes->lo_u, planes->hi_u, w / 2, h / 2, y0 / 2, y1 / 2);
  range_plane_rows (planes->mean_v, planes->lo_v, planes->hi_v, w / 2, h / 2, y0 / 2, y1 / 2);
}

/* One row of luma pixels. A function of its own with restrict parameters: the planes never
 * overlap, and gcc only believes that (and vectorises without more run-time alias checks than
 * it will emit) from parameters. Not inlined for the same reason. */
__attribute__ ((noinline)) TL_BG_VECTOR_CLONES static void
classify_row (const TlBgParams   *p,
              const TlBgFrameCtl *c,
              const uint8_t *restrict in,
              const uint8_t *restrict chroma,
              const uint8_t *restrict held,
              const uint8_t *restrict inside,
              const uint8_t *restrict lo,
              const uint8_t *restrict hi,
              uint8_t *restrict       m,
              uint8_t *restrict       s,
              uint8_t *restrict       a,
              uint8_t *restrict       o,
              int                     w)
{
  /* Local copies: the compiler cannot know that writes to the byte planes leave them alone,
   * and reloading them per pixel stops vectorisation. */
  const TlBgParams lp = *p;
  const TlBgFrameCtl lc = *c;

  for (int x = 0; x < w; x++)
    {
      /* 0 inside the pitch, all bits set outside. */
      uint8_t keep = (uint8_t) (inside[x] - 1);
      uint8_t nm = m[x], ns = s[x], na = a[x];
      int fg = tl_bg_luma_pixel (&lp, &lc, in[x], chroma[x], held[x], lo[x], hi[x], &nm, &ns, &na);

      /* Outside the pitch nothing changes. Bit masks, not `inside ? new : old`: gcc turns
       * that into a conditional store, which stops vectorisation. */
      m[x] = (uint8_t) ((nm & ~keep) | (m[x] & keep));
      s[x] = (uint8_t) ((ns & ~keep) | (s[x] & keep));
      a[x] = (uint8_t) ((na & ~keep) | (a[x] & keep));
      o[x] = (uint8_t) (fg & ~keep);
    }
}

/* Adds one of the gain's rows (TL_BG_GAIN_ROWS) to @sums, from the model before the row is
 * classified: the light of frame and model over the pitch, and over the pixels that agree with
 * the model (tl_bg_agrees). Restrict and not inlined as classify_row. */
__attribute__ ((noinline)) TL_BG_VECTOR_CLONES static void
gain_row (const TlBgParams   *p,
          const TlBgFrameCtl *c,
          const uint8_t *restrict in,
          const uint8_t *restrict chroma,
          const uint8_t *restrict inside,
          const uint8_t *restrict m,
          int                     w,
          TlBgSums               *sums)
{
  const TlBgParams lp = *p;
  const TlBgFrameCtl lc = *c;
  uint32_t frame = 0, model = 0, frame_agreeing = 0, model_agreeing = 0;

  for (int x = 0; x < w; x++)
    {
      /* All bits set inside the pitch, and where the pixel agrees with the model. */
      uint8_t counted = (uint8_t) -inside[x];
      uint8_t agreeing = (uint8_t) (-tl_bg_agrees (&lp, &lc, in[x], chroma[x], m[x]) & counted);

      frame += (uint8_t) (in[x] & counted);
      model += (uint8_t) (m[x] & counted);
      frame_agreeing += (uint8_t) (in[x] & agreeing);
      model_agreeing += (uint8_t) (m[x] & agreeing);
    }
  sums->frame_luma += frame;
  sums->model_luma += model;
  sums->frame_agreeing += frame_agreeing;
  sums->model_agreeing += model_agreeing;
}

/* Per luma column (each chroma block twice), so the pixel loop of classify_row indexes
 * everything by x alone: x >> 1 stops gcc from vectorising it. With the chroma step a
 * constant (I420 1, NV12 2) gcc vectorises this loop too. @in0, @in1 and @m0, @m1 are the
 * block row's two luma rows of frame and model (before the update), for the shadow's
 * darkness. */
static inline __attribute__ ((always_inline)) void
expand_blocks (int                     step,
               const TlBgParams       *p,
               int                     gain_q8,
               const uint8_t *restrict u_row,
               const uint8_t *restrict v_row,
               const uint8_t *restrict lu,
               const uint8_t *restrict hu,
               const uint8_t *restrict lv,
               const uint8_t *restrict hv,
               const uint8_t *restrict in0,
               const uint8_t *restrict in1,
               const uint8_t *restrict m0,
               const uint8_t *restrict m1,
               const uint8_t *restrict pitch_row,
               uint8_t *restrict       chroma_px,
               uint8_t *restrict       inside_px,
               int                     cw)
{
  for (int cx = 0; cx < cw; cx++)
    {
      int x = 2 * cx;
      int16_t luma_x4 = (int16_t) (in0[x] + in0[x + 1] + in1[x] + in1[x + 1]);
      int16_t model_x4 = (int16_t) (m0[x] + m0[x + 1] + m1[x] + m1[x + 1]);
      uint8_t in_pitch = pitch_row[cx] != 0;

      chroma_px[x] = chroma_px[x + 1] = tl_bg_block_chroma (p, gain_q8, u_row[cx * step],
                                                            v_row[cx * step], lu[cx], hu[cx],
                                                            lv[cx], hv[cx], luma_x4, model_x4);
      inside_px[x] = inside_px[x + 1] = in_pitch;
    }
}

#define EXPAND_BLOCKS_FOR_STEP(name, step)                                                     \
  __attribute__ ((noinline)) TL_BG_VECTOR_CLONES static void                                   \
  name (const TlBgParams *p, int gain_q8, const uint8_t *restrict u_row,                       \
        const uint8_t *restrict v_row, const uint8_t *restrict lu, const uint8_t *restrict hu,  \
        const uint8_t *restrict lv, const uint8_t *restrict hv, const uint8_t *restrict in0,    \
        const uint8_t *restrict in1, const uint8_t *restrict m0, const uint8_t *restrict m1,    \
        const uint8_t *restrict pitch_row,                                                     \
        uint8_t *restrict chroma_px, uint8_t *restrict inside_px,                              \
        int cw)                                                                                \
  {                                                                                            \
    expand_blocks (step, p, gain_q8, u_row, v_row, lu, hu, lv, hv, in0, in1, m0, m1,           \
                   pitch_row, chroma_px, inside_px, cw);                                       \
  }

EXPAND_BLOCKS_FOR_STEP (expand_blocks_i420, 1)
EXPAND_BLOCKS_FOR_STEP (expand_blocks_nv12, 2)

/* The hold plane's row as a byte per luma column, a cell (8 bytes) at a time: per block, as
 * expand_blocks did, gcc kept it scalar, a third of that loop's time. @held_px has room for a
 * whole last cell. */
static void
expand_hold (const uint8_t *hold_row,
             uint8_t       *held_px,
             int            w)
{
  for (int hx = 0; hx < TL_BG_HOLD_WIDTH (w); hx++)
    memset (held_px + hx * TL_BG_HOLD_CELL, hold_row[hx], TL_BG_HOLD_CELL);
}

/* tl_bg_chroma_update over a row of blocks, as arithmetic so gcc vectorises it (the same
 * result for every input: the step is the learning step, else 1 where the model may follow
 * the frame and 0 where not; outside the pitch nothing changes). */
static inline __attribute__ ((always_inline)) void
update_chroma (int                     step,
               const TlBgFrameCtl     *ctl,
               const uint8_t *restrict u_row,
               const uint8_t *restrict v_row,
               const uint8_t *restrict o0,
               const uint8_t *restrict o1,
               const uint8_t *restrict pitch_row,
               const uint8_t *restrict held_px,
               const uint8_t *restrict chroma_px,
               uint8_t *restrict       mu,
               uint8_t *restrict       mv,
               int                     cw)
{
  int learn = ctl->learn;
  int absorb = ctl->absorb != 0;

  for (int cx = 0; cx < cw; cx++)
    {
      int x = 2 * cx;
      int any = (o0[x] | o0[x + 1] | o1[x] | o1[x + 1]) != 0;
      int held = held_px[x];
      int follow = (((any == 0) & ((held & TL_BG_FROZEN) == 0)) | (absorb & (held == 0)))
                   & (tl_bg_chroma_shadow_kind (chroma_px[x]) != TL_BG_SHADOW_DIMMED);
      int limit = ((learn != 0) * learn + (learn == 0) * follow) * (pitch_row[cx] != 0);

      mu[cx] = (uint8_t) (mu[cx] + tl_bg_clamp (u_row[cx * step] - mu[cx], -limit, limit));
      mv[cx] = (uint8_t) (mv[cx] + tl_bg_clamp (v_row[cx * step] - mv[cx], -limit, limit));
    }
}

#define UPDATE_CHROMA_FOR_STEP(name, step)                                                     \
  __attribute__ ((noinline)) TL_BG_VECTOR_CLONES static void                                   \
  name (const TlBgFrameCtl *ctl, const uint8_t *restrict u_row,                                \
        const uint8_t *restrict v_row, const uint8_t *restrict o0,                             \
        const uint8_t *restrict o1, const uint8_t *restrict pitch_row,                         \
        const uint8_t *restrict held_px, const uint8_t *restrict chroma_px, uint8_t *restrict mu,\
        uint8_t *restrict mv, int cw)                                                          \
  {                                                                                            \
    update_chroma (step, ctl, u_row, v_row, o0, o1, pitch_row, held_px, chroma_px, mu, mv, cw);\
  }

UPDATE_CHROMA_FOR_STEP (update_chroma_i420, 1)
UPDATE_CHROMA_FOR_STEP (update_chroma_nv12, 2)

void
tl_bg_classify_rows (const TlBgParams   *params,
                     const TlBgFrameCtl *ctl,
                     const TlFrame      *frame,
                     TlBgPlanes         *planes,
                     const uint8_t      *pitch,
                     const uint8_t      *hold,
                     uint8_t            *mask,
                     int                 y0,
                     int                 y1,
                     TlBgSums           *sums)
{
  int w = planes->width;
  int cw = w / 2;
  uint8_t chroma_px[TL_BG_MAX_WIDTH];
  uint8_t inside_px[TL_BG_MAX_WIDTH];
  uint8_t held_px[TL_BG_MAX_WIDTH + TL_BG_HOLD_CELL];
  int hw = TL_BG_HOLD_WIDTH (w);
  /* Local copies: the compiler cannot know that writes to the byte planes leave them alone,
   * and reloading them per pixel stops vectorisation. */
  const TlBgParams lp = *params;
  const TlBgFrameCtl lc = *ctl;

  /* Row by row rather than block by block (as CUDA does): the same maths per pixel, but
   * straight loops over a row that the compiler can vectorise. */
  for (int y = y0; y < y1; y += 2)
    {
      int cy = y / 2;
      const uint8_t *u_row, *v_row;
      const uint8_t *pitch_row = pitch + (long) cy * cw;
      const uint8_t *hold_row = hold + (long) (y / TL_BG_HOLD_CELL) * hw;
      uint8_t *mu = planes->mean_u + (long) cy * cw;
      uint8_t *mv = planes->mean_v + (long) cy * cw;
      uint8_t *o0 = mask + (long) y * w;
      uint8_t *o1 = o0 + w;
      int cstep;
      const uint8_t *lu = planes->lo_u + (long) cy * cw, *hu = planes->hi_u + (long) cy * cw;
      const uint8_t *lv = planes->lo_v + (long) cy * cw, *hv = planes->hi_v + (long) cy * cw;
      const uint8_t *in0 = frame->planes[0] + (long) y * frame->strides[0];
      const uint8_t *in1 = in0 + frame->strides[0];
      const uint8_t *m0 = planes->mean_y + (long) y * w, *m1 = m0 + w;

      tl_frame_chroma_rows (frame, cy, &u_row, &v_row, &cstep);
      if (y == y0 || y % TL_BG_HOLD_CELL == 0)
        expand_hold (hold_row, held_px, w);
      if (cstep == 1)
        expand_blocks_i420 (&lp, lc.gain_q8, u_row, v_row, lu, hu, lv, hv, in0, in1, m0, m1,
                            pitch_row, chroma_px, inside_px, cw);
      else
        expand_blocks_nv12 (&lp, lc.gain_q8, u_row, v_row, lu, hu, lv, hv, in0, in1, m0, m1,
                            pitch_row, chroma_px, inside_px, cw);

      for (int r = 0; r < 2; r++)
        {
          const uint8_t *in = frame->planes[0] + (long) (y + r) * frame->strides[0];
          long row = (long) (y + r) * w;

          if ((y + r) % TL_BG_GAIN_ROWS == 0)
            gain_row (&lp, &lc, in, chroma_px, inside_px, planes->mean_y + row, w, sums);
          classify_row (&lp, &lc, in, chroma_px, held_px, inside_px, planes->lo_y + row,
                        planes->hi_y + row, planes->mean_y + row, planes->spread_y + row,
                        planes->age_y + row, o0 + (long) r * w, w);
        }

      if (cstep == 1)
        update_chroma_i420 (&lc, u_row, v_row, o0, o1, pitch_row, held_px, chroma_px, mu, mv, cw);
      else
        update_chroma_nv12 (&lc, u_row, v_row, o0, o1, pitch_row, held_px, chroma_px, mu, mv, cw);
    }
}

/* Clears a mask row outside the pitch (@pitch_row at block resolution, @cw blocks). Each
 * block's byte written to both its pixels first, then one AND a pixel: indexed by x / 2 in
 * one loop gcc kept it scalar, two thirds of the closing's time. */
TL_BG_VECTOR_CLONES static void
clear_off_pitch (const uint8_t *restrict pitch_row,
                 uint8_t *restrict       o,
                 int                     cw)
{
  uint8_t keep[TL_BG_MAX_WIDTH];

  for (int cx = 0; cx < cw; cx++)
    keep[2 * cx] = keep[2 * cx + 1] = (uint8_t) -(pitch_row[cx] != 0);
  for (int x = 0; x < 2 * cw; x++)
    o[x] &= keep[x];
}

TL_BG_VECTOR_CLONES void
tl_bg_morph_rows (const uint8_t *in,
                  uint8_t       *out,
                  int            width,
                  int            height,
                  int            erode,
                  const uint8_t *pitch,
                  int            y0,
                  int            y1)
{
  int cw = width / 2;

  /* Masks hold 0 or 255, so max is OR and min is AND; a missing neighbour row or column
   * repeats the centre, which is the same as ignoring it. */
  for (int y = y0; y < y1; y++)
    {
      const uint8_t *r1 = in + (long) y * width;
      const uint8_t *r0 = y > 0 ? r1 - width : r1;
      const uint8_t *r2 = y + 1 < height ? r1 + width : r1;
      const uint8_t *pitch_row = pitch != NULL ? pitch + (long) (y / 2) * cw : NULL;
      uint8_t *o = out + (long) y * width;

      /* Edges apart, the loops have no conditions, so they vectorise. */
      if (erode)
        {
          for (int x = 1; x + 1 < width; x++)
            o[x] = r0[x - 1] & r0[x] & r0[x + 1] & r1[x - 1] & r1[x] & r1[x + 1]
                   & r2[x - 1] & r2[x] & r2[x + 1];
        }
      else
        {
          for (int x = 1; x + 1 < width; x++)
            o[x] = r0[x - 1] | r0[x] | r0[x + 1] | r1[x - 1] | r1[x] | r1[x + 1]
                   | r2[x - 1] | r2[x] | r2[x + 1];
        }
      for (int x = 0; x < width; x += width - 1 > 0 ? width - 1 : 1)
        {
          int l = x > 0 ? x - 1 : x;
          int r = x + 1 < width ? x + 1 : x;

          o[x] = erode
                 ? r0[l] & r0[x] & r0[r] & r1[l] & r1[x] & r1[r] & r2[l] & r2[x] & r2[r]
                 : r0[l] | r0[x] | r0[r] | r1[l] | r1[x] | r1[r] | r2[l] | r2[x] | r2[r];
        }

      if (pitch_row != NULL)
        clear_off_pitch (pitch_row, o, cw);
    }
}

int32_t
tl_bg_gain_from_sums (const TlBgSums *sums)
{
  uint64_t frame = sums->frame_luma, model = sums->model_luma, g;

  /* A cloud's shadow over part of the pitch is not learnt (shadow is learnt like foreground:
   * tl_bg_luma_pixel), so over all pixels the gain would darken the sunlit part's model too,
   * and its grass would turn foreground: on a demo with a shadow over 40% of the frame for
   * 10 s, 4,079 false positives in the 100 frames after it came, 694 with this rule
   * (docs/tracking.md, Lighting). */
  if (sums->model_agreeing * 4 >= sums->model_luma)
    frame = sums->frame_agreeing, model = sums->model_agreeing;
  if (model == 0)
    return 256;
  g = (frame * 256 + model / 2) / model;
  if (g < TL_BG_GAIN_MIN_Q8)
    g = TL_BG_GAIN_MIN_Q8;
  if (g > TL_BG_GAIN_MAX_Q8)
    g = TL_BG_GAIN_MAX_Q8;
  return (int32_t) g;
}
