/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-assign.h: optimal assignment (Hungarian method with potentials, O(n^3)) with a gate. */
#pragma once

/* Matches rows to columns of the row-major @n_rows x @n_cols matrix @cost, each at most once,
 * minimising the sum of the chosen costs plus @max_cost for every row left unmatched; a pair
 * costing more than @max_cost is never chosen. Writes the column of each row (-1 unmatched)
 * into @row_to_col. Returns the number of pairs, or -1 when out of memory. */
int tl_assign_solve (const double *cost,
                     int           n_rows,
                     int           n_cols,
                     double        max_cost,
                     int          *row_to_col);
