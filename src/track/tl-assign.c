/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-assign.c: the shortest-augmenting-path Hungarian method on a gated, padded matrix. */
#include "tl-assign.h"

#include <float.h>
#include <stdlib.h>

int
tl_assign_solve (const double *cost,
                 int           n_rows,
                 int           n_cols,
                 double        max_cost,
                 int          *row_to_col)
{
  /* Each row also gets its own "unmatched" column costing @max_cost, so the square-or-wide
   * problem always has a perfect row matching and gating needs no special case. */
  int n = n_rows, m = n_cols + n_rows;
  double big = max_cost * 2 + 1;
  double *u, *v, *minv;
  int *p, *way, *used;
  int pairs = 0;

  if (n_rows == 0)
    return 0;

  /* One zeroed block for the potentials and the path state (this runs every frame): doubles
   * u[n + 1], v[m + 1], minv[m + 1], then ints p, way, used, each [m + 1]. */
  u = calloc (1, ((size_t) n + 1 + 2 * ((size_t) m + 1)) * sizeof (double)
                 + 3 * ((size_t) m + 1) * sizeof (int));
  if (u == NULL)
    return -1;
  v = u + n + 1;
  minv = v + m + 1;
  p = (int *) (minv + m + 1);
  way = p + m + 1;
  used = way + m + 1;

  for (int i = 1; i <= n; i++)
    {
      int j0 = 0;

      p[0] = i;
      for (int j = 0; j <= m; j++)
        {
          minv[j] = DBL_MAX;
          used[j] = 0;
        }

      do
        {
          int i0 = p[j0], j1 = 0;
          double delta = DBL_MAX;

          used[j0] = 1;
          for (int j = 1; j <= m; j++)
            {
              double c, cur;

              if (used[j])
                continue;
              if (j <= n_cols)
                {
                  c = cost[(long) (i0 - 1) * n_cols + (j - 1)];
                  if (!(c <= max_cost))     /* also catches NaN */
                    c = big;
                }
              else
                c = (j - n_cols == i0) ? max_cost : big;
              cur = c - u[i0] - v[j];
              if (cur < minv[j])
                {
                  minv[j] = cur;
                  way[j] = j0;
                }
              if (minv[j] < delta)
                {
                  delta = minv[j];
                  j1 = j;
                }
            }
          for (int j = 0; j <= m; j++)
            if (used[j])
              {
                u[p[j]] += delta;
                v[j] -= delta;
              }
            else
              minv[j] -= delta;
          j0 = j1;
        }
      while (p[j0] != 0);

      do
        {
          int j1 = way[j0];

          p[j0] = p[j1];
          j0 = j1;
        }
      while (j0 != 0);
    }

  for (int i = 0; i < n; i++)
    row_to_col[i] = -1;
  for (int j = 1; j <= n_cols; j++)
    if (p[j] != 0)
      {
        double c = cost[(long) (p[j] - 1) * n_cols + (j - 1)];

        if (c <= max_cost)
          {
            row_to_col[p[j] - 1] = j - 1;
            pairs++;
          }
      }

  free (u);
  return pairs;
}
