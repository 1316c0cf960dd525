/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-teams.h: team assignment by clustering shirt colours in two groups plus outliers. */
#pragma once

/* Clusters @n colours (Y, U, V) into two teams with k-means (deterministic farthest-point
 * seeding). Writes 0 or 1 into @labels, or -1 for colours far from both centres (referees,
 * keepers). Team 0 is the cluster with the lower mean U + V so labels are stable from one call
 * to the next. The teams' mean colours go to @centres (may be NULL), team 0 first. Returns 0,
 * or -1 when @n < 2. */
int tl_teams_cluster (const float (*colours)[3],
                      int          n,
                      int         *labels,
                      float        centres[2][3]);
