/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-bg-learnt.c: people the background learnt, taken back out of it after learning. */
#include "tl-bg-learnt.h"

#include <stdlib.h>
#include <string.h>

/* A cluster of levels is the frames within 2 x CLUSTER_HALF levels of each other: coding noise
 * on grass and boards stays within ~10 levels (tl_bg_params_default). */
#define CLUSTER_HALF 12
/* The mode must hold this many frames more than the learnt mean's own cluster... */
#define MODE_MARGIN 5
/* ...and this many frames must lie outside the modes of the 3x3 neighbourhood: not the two
 * sides of an edge under a shaking camera. */
#define UNEXPLAINED_FRAMES 5

struct _TlBgLearnt
{
  int      width, height;
  int      n_frames;
  uint8_t *luma[TL_BG_LEARNT_MAX_FRAMES];   /* n_frames planes of width x height */
};

TlBgLearnt *
tl_bg_learnt_new (int width,
                  int height)
{
  TlBgLearnt *learnt = calloc (1, sizeof *learnt);

  if (learnt == NULL)
    return NULL;
  learnt->width = width;
  learnt->height = height;
  return learnt;
}

void
tl_bg_learnt_reset (TlBgLearnt *learnt)
{
  for (int k = 0; k < learnt->n_frames; k++)
    free (learnt->luma[k]);
  learnt->n_frames = 0;
}

void
tl_bg_learnt_free (TlBgLearnt *learnt)
{
  if (learnt == NULL)
    return;
  tl_bg_learnt_reset (learnt);
  free (learnt);
}

int
tl_bg_learnt_add (TlBgLearnt    *learnt,
                  const TlFrame *frame)
{
  uint8_t *to;

  if (learnt->n_frames == TL_BG_LEARNT_MAX_FRAMES)
    return 0;
  to = malloc ((size_t) learnt->width * learnt->height);
  if (to == NULL)
    {
      tl_bg_learnt_reset (learnt);
      return -1;
    }
  learnt->luma[learnt->n_frames++] = to;
  for (int y = 0; y < learnt->height; y++)
    memcpy (to + (size_t) y * learnt->width, frame->planes[0] + (long) y * frame->strides[0],
            (size_t) learnt->width);
  return 0;
}

int
tl_bg_learnt_pending (const TlBgLearnt *learnt)
{
  return learnt->n_frames > 0;
}

/* The densest cluster of pixel @pixel's @n levels (sorted into @sorted): its middle level, and
 * in *@count how many levels it holds. */
static int
mode_of (uint8_t *const *luma,
         size_t          pixel,
         int             n,
         uint8_t        *sorted,
         int            *count)
{
  int best = 0, best_count = 0;

  for (int k = 0; k < n; k++)
    {
      uint8_t v = luma[k][pixel];
      int j = k;

      for (; j > 0 && sorted[j - 1] > v; j--)
        sorted[j] = sorted[j - 1];
      sorted[j] = v;
    }
  for (int i = 0, j = 0; i < n; i++)
    {
      for (; j < n && sorted[j] - sorted[i] <= 2 * CLUSTER_HALF; j++)
        ;
      if (j - i > best_count)
        best_count = j - i, best = i;
    }
  *count = best_count;
  return sorted[best + best_count / 2];
}

int
tl_bg_learnt_apply (TlBgLearnt       *learnt,
                    const TlBgParams *params,
                    const uint8_t    *pitch,
                    TlBgPlanes       *planes,
                    uint8_t          *cells)
{
  int w = learnt->width, h = learnt->height, n = learnt->n_frames;
  int cells_w = TL_BG_HOLD_WIDTH (w);
  size_t plane = (size_t) w * h;
  uint8_t *mode = malloc (plane), *far = malloc (plane);
  uint8_t *lo = malloc (plane), *hi = malloc (plane);
  uint8_t sorted[TL_BG_LEARNT_MAX_FRAMES] = { 0 };
  int changed = -1;

  if (mode == NULL || far == NULL || lo == NULL || hi == NULL)
    goto out;
  /* Each pixel's mode, and whether it is far from the learnt mean and denser than its cluster. */
  for (size_t i = 0; i < plane; i++)
    {
      int m = planes->mean_y[i], near_mean = 0, count;

      mode[i] = (uint8_t) mode_of (learnt->luma, i, n, sorted, &count);
      for (int k = 0; k < n; k++)
        near_mean += abs (learnt->luma[k][i] - m) <= CLUSTER_HALF;
      far[i] = count >= near_mean + MODE_MARGIN && abs (mode[i] - m) > CLUSTER_HALF;
    }
  /* The modes' 3x3 ranges: a frame inside one is the scene beside the pixel (an edge that
   * shook), not a person over it. */
  tl_bg_range_plane (mode, lo, hi, w, h);
  changed = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        size_t i = (size_t) y * w + x;
        int unexplained = 0;

        if (!far[i] || !pitch[(size_t) (y / 2) * (w / 2) + x / 2])
          continue;
        for (int k = 0; k < n; k++)
          unexplained += learnt->luma[k][i] < lo[i] - CLUSTER_HALF
                         || learnt->luma[k][i] > hi[i] + CLUSTER_HALF;
        if (unexplained < UNEXPLAINED_FRAMES)
          continue;
        planes->mean_y[i] = mode[i];
        planes->spread_y[i] = (uint8_t) params->var_init;
        cells[(y / TL_BG_HOLD_CELL) * cells_w + x / TL_BG_HOLD_CELL] = 1;
        changed++;
      }
out:
  free (mode);
  free (far);
  free (lo);
  free (hi);
  tl_bg_learnt_reset (learnt);
  return changed;
}
