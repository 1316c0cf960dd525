/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-array.h: growing the engine's reusable arrays (kept between frames, so steady state
 * allocates nothing). */
#pragma once

#include <stddef.h>
#include <stdlib.h>

/* Makes room for @needed items of @item bytes in *@array, whose allocated length is *@capacity:
 * when short, reallocates to twice @needed (at least @minimum). Returns 0, or -1 when out of
 * memory (then *@array and *@capacity are unchanged). */
static inline int
tl_array_reserve (void   **array,
                  int     *capacity,
                  int      needed,
                  size_t   item,
                  int      minimum)
{
  void *bigger;
  int n;

  if (needed <= *capacity)
    return 0;
  n = needed * 2 > minimum ? needed * 2 : minimum;
  bigger = realloc (*array, (size_t) n * item);
  if (bigger == NULL)
    return -1;
  *array = bigger;
  *capacity = n;
  return 0;
}
