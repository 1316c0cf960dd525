/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-teams.h: team assignment by clustering shirt colours in two groups plus outliers. */
#pragma once

/* What a clustering found besides the labels. */
typedef struct
{
  float  centre[2][3];        /* each team's mean colour, team 0 first */
  int    count[2];            /* colours in each team, outliers included */
  double spread[2];           /* median distance of a team's colours to its mean */
  int    distinct;            /* two teams of 4 or more, their means 3 spreads apart: shirts of
                               * a match, not the clothes of passers-by split in two */
} TlTeamsFit;

/* Clusters @n colours (Y, U, V) into two teams with k-means (deterministic farthest-point
 * seeding). Writes 0 or 1 into @labels, or -1 for colours far from both centres (referees,
 * keepers). Team 0 is the cluster with the lower mean U + V so labels are stable from one call
 * to the next. Fills @fit (may be NULL). Returns 0, or -1 when @n < 2. */
int tl_teams_cluster (const float (*colours)[3],
                      int          n,
                      int         *labels,
                      TlTeamsFit  *fit);
