/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-teams.c: 2-means over shirt colours with an outlier band. */
#include "tl-teams.h"

#include <math.h>
#include <stdlib.h>

/* TlTeamsFit.distinct: on the demo matches the two teams' means are 5-7 times a team's spread
 * apart (48-61 against 7-10); on a street scene (OpenCV's vtest.avi) 5-7 tracked people split
 * into clusters of one to four whose spread says nothing. */
#define TEAM_MIN_SIZE 4
#define TEAMS_APART   3.0

/* Luma counts half: shade changes with light and distance, hue does not. */
static double
dist2 (const float a[3],
       const float b[3])
{
  double dy = 0.5 * (a[0] - b[0]), du = a[1] - b[1], dv = a[2] - b[2];

  return dy * dy + du * du + dv * dv;
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
tl_teams_cluster (const float (*colours)[3],
                  int          n,
                  int         *labels,
                  TlTeamsFit  *fit)
{
  float centre[2][3];
  double best = -1, spread[2] = { 0, 0 };
  int counts[2] = { 0, 0 };
  int a = 0, b = 0;

  if (n < 2)
    return -1;

  /* Seeds: the two colours farthest apart. */
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      {
        double d = dist2 (colours[i], colours[j]);

        if (d > best)
          {
            best = d;
            a = i;
            b = j;
          }
      }
  for (int c = 0; c < 3; c++)
    {
      centre[0][c] = colours[a][c];
      centre[1][c] = colours[b][c];
    }

  for (int iter = 0; iter < 20; iter++)
    {
      double sum[2][3] = { { 0 } };
      int changed = 0;

      counts[0] = counts[1] = 0;
      for (int i = 0; i < n; i++)
        {
          int l = dist2 (colours[i], centre[0]) <= dist2 (colours[i], centre[1]) ? 0 : 1;

          if (iter == 0 || labels[i] != l)
            changed = 1;
          labels[i] = l;
          counts[l]++;
          for (int c = 0; c < 3; c++)
            sum[l][c] += colours[i][c];
        }
      for (int l = 0; l < 2; l++)
        if (counts[l] > 0)
          for (int c = 0; c < 3; c++)
            centre[l][c] = (float) (sum[l][c] / counts[l]);
      if (!changed)
        break;
    }

  /* Outliers: far beyond their cluster's median distance. The median, not the mean, so a
   * referee does not widen the very spread he must fall outside of. */
  for (int l = 0; l < 2; l++)
    {
      double d[256];
      int m = 0;

      for (int i = 0; i < n && m < 256; i++)
        if (labels[i] == l)
          d[m++] = sqrt (dist2 (colours[i], centre[l]));
      qsort (d, (size_t) m, sizeof d[0], cmp_double);
      spread[l] = m > 0 ? d[m / 2] : 0;
    }
  for (int i = 0; i < n; i++)
    {
      int l = labels[i];
      double limit = 3.0 * spread[l] > 16 ? 3.0 * spread[l] : 16;

      if (counts[l] >= 3 && sqrt (dist2 (colours[i], centre[l])) > limit)
        labels[i] = -1;
    }

  {
    int flip = centre[0][1] + centre[0][2] > centre[1][1] + centre[1][2];

    if (flip)
      for (int i = 0; i < n; i++)
        if (labels[i] >= 0)
          labels[i] = 1 - labels[i];
    if (fit != NULL)
      {
        double apart = sqrt (dist2 (centre[0], centre[1]));
        double widest = spread[0] > spread[1] ? spread[0] : spread[1];

        for (int l = 0; l < 2; l++)
          {
            int from = flip ? 1 - l : l;

            for (int c = 0; c < 3; c++)
              fit->centre[l][c] = centre[from][c];
            fit->count[l] = counts[from];
            fit->spread[l] = spread[from];
          }
        fit->distinct = counts[0] >= TEAM_MIN_SIZE && counts[1] >= TEAM_MIN_SIZE
                        && apart >= TEAMS_APART * widest;
      }
  }

  return 0;
}
