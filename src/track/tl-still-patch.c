/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-still-patch.c: a standing player's pixels, kept to tell he is still there. */
#include "tl-still-patch.h"

#include <math.h>
#include <stdlib.h>

void
tl_still_patch_take (TlStillPatch  *patch,
                     const TlFrame *frame,
                     const uint8_t *mask,
                     int            mask_stride,
                     int            x,
                     int            y,
                     int            w,
                     int            h,
                     const float    foot[2])
{
  int x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
  int x1 = x + w > frame->width ? frame->width : x + w;
  int y1 = y + h > frame->height ? frame->height : y + h;

  patch->n = 0;
  if (x1 <= x0 || y1 <= y0 || (long) (x1 - x0) * (y1 - y0) > TL_STILL_PATCH_MAX)
    return;
  patch->x = x0;
  patch->y = y0;
  patch->w = x1 - x0;
  patch->h = y1 - y0;
  patch->foot[0] = foot[0];
  patch->foot[1] = foot[1];
  for (int r = 0; r < patch->h; r++)
    {
      const uint8_t *row = frame->planes[0] + (long) (y0 + r) * frame->strides[0] + x0;
      const uint8_t *m = mask + (long) (y0 + r) * mask_stride + x0;

      for (int c = 0; c < patch->w; c++)
        {
          int i = r * patch->w + c;

          patch->luma[i] = row[c];
          patch->fg[i] = m[c] != 0;
          patch->n += m[c] != 0;
        }
    }
}

double
tl_still_patch_change (const TlStillPatch *patch,
                       const TlFrame      *frame)
{
  double best = INFINITY;

  if (patch->n == 0 || patch->x < 1 || patch->y < 1 || patch->x + patch->w + 1 > frame->width
      || patch->y + patch->h + 1 > frame->height)
    return INFINITY;
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      {
        long sum = 0;

        for (int r = 0; r < patch->h; r++)
          {
            const uint8_t *row = frame->planes[0] + (long) (patch->y + r + dy) * frame->strides[0]
                                 + patch->x + dx;

            for (int c = 0; c < patch->w; c++)
              {
                int i = r * patch->w + c;

                if (patch->fg[i])
                  sum += abs (row[c] - patch->luma[i]);
              }
          }
        if ((double) sum / patch->n < best)
          best = (double) sum / patch->n;
      }
  return best;
}
