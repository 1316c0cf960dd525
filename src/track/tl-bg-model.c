/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-bg-model.c: CPU backend of the background model, foreground mask and closing. */
#include "tl-bg-model.h"

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
  planes->mean_u = malloc (chroma);
  planes->mean_v = malloc (chroma);
  if (planes->mean_y == NULL || planes->spread_y == NULL || planes->age_y == NULL
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

void
tl_bg_classify_rows (const TlBgParams   *params,
                     const TlBgFrameCtl *ctl,
                     const TlFrame      *frame,
                     TlBgPlanes         *planes,
                     const uint8_t      *pitch,
                     uint8_t            *mask,
                     int                 y0,
                     int                 y1,
                     TlBgSums           *sums)
{
  int w = planes->width;
  int cw = w / 2;
  uint64_t sum_frame = 0;
  uint64_t sum_model = 0;
  int16_t dc_row[TL_BG_MAX_WIDTH / 2];
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
      uint8_t *mu = planes->mean_u + (long) cy * cw;
      uint8_t *mv = planes->mean_v + (long) cy * cw;
      uint8_t *o0 = mask + (long) y * w;
      uint8_t *o1 = o0 + w;
      int cstep;

      tl_frame_chroma_rows (frame, cy, &u_row, &v_row, &cstep);
      for (int cx = 0; cx < cw; cx++)
        dc_row[cx] = (int16_t) tl_bg_chroma_dist (u_row[cx * cstep], v_row[cx * cstep],
                                                  mu[cx], mv[cx]);

      for (int r = 0; r < 2; r++)
        {
          const uint8_t *in = frame->planes[0] + (long) (y + r) * frame->strides[0];
          uint8_t *m = planes->mean_y + (long) (y + r) * w;
          uint8_t *s = planes->spread_y + (long) (y + r) * w;
          uint8_t *a = planes->age_y + (long) (y + r) * w;
          uint8_t *o = o0 + (long) r * w;
          uint32_t row_frame = 0, row_model = 0;

          for (int x = 0; x < w; x++)
            {
              int inside = pitch_row[x >> 1] != 0;
              uint8_t nm = m[x], ns = s[x], na = a[x];
              int fg = tl_bg_luma_pixel (&lp, &lc, in[x], dc_row[x >> 1], &nm, &ns, &na);

              /* Outside the pitch nothing changes: select instead of branching. */
              row_frame += inside ? in[x] : 0;
              row_model += inside ? m[x] : 0;
              m[x] = inside ? nm : m[x];
              s[x] = inside ? ns : s[x];
              a[x] = inside ? na : a[x];
              o[x] = (uint8_t) (inside ? fg : 0);
            }
          sum_frame += row_frame;
          sum_model += row_model;
        }

      for (int cx = 0; cx < cw; cx++)
        {
          int x = 2 * cx;
          int any = o0[x] | o0[x + 1] | o1[x] | o1[x + 1];

          if (pitch_row[cx])
            tl_bg_chroma_update (&lc, any, u_row[cx * cstep], v_row[cx * cstep], &mu[cx],
                                 &mv[cx]);
        }
    }

  sums->frame_luma += sum_frame;
  sums->model_luma += sum_model;
}

void
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
        for (int x = 0; x < width; x++)
          o[x] &= (uint8_t) -(pitch_row[x / 2] != 0);
    }
}

int32_t
tl_bg_gain_from_sums (const TlBgSums *sums)
{
  uint64_t g;

  if (sums->model_luma == 0)
    return 256;
  g = (sums->frame_luma * 256 + sums->model_luma / 2) / sums->model_luma;
  /* Beyond x0.6 .. x1.6 it is a scene cut or a broken frame, not a cloud. */
  if (g < 154)
    g = 154;
  if (g > 410)
    g = 410;
  return (int32_t) g;
}
