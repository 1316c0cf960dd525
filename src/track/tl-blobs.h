/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-blobs.h: connected components (8-connected) of a foreground mask, as runs and boxes.
 *
 * Run-based labelling: a match's mask is mostly empty, so rows are scanned for runs a word at a
 * time (in parallel bands) and only the runs are labelled, with union-find. Each blob keeps its
 * runs, which the person splitter and the colour sampler read. */
#pragma once

#include <stdint.h>

#include "tl-band-pool.h"

typedef struct
{
  int32_t y;
  int32_t x0;                 /* first pixel */
  int32_t x1;                 /* one past the last */
} TlRun;

typedef struct
{
  int x0, y0, x1, y1;         /* bounding box, x1/y1 exclusive */
  int area;                   /* pixels */
  int first_run;              /* runs of this blob: runs[first_run .. first_run + n_runs) */
  int n_runs;
} TlBlob;

typedef struct _TlBlobFinder TlBlobFinder;

TlBlobFinder *tl_blob_finder_new   (void);
void          tl_blob_finder_free  (TlBlobFinder *finder);

/* Labels @mask (non-zero = foreground; @stride bytes per row). Returns the number of blobs or
 * -1 when out of memory. The arrays stay valid until the next call. @pool may be NULL. */
int           tl_blob_finder_run   (TlBlobFinder  *finder,
                                    const uint8_t *mask,
                                    int            width,
                                    int            height,
                                    int            stride,
                                    TlBandPool    *pool);
const TlBlob *tl_blob_finder_blobs (TlBlobFinder  *finder);
/* Runs grouped by blob, each group in row order. */
const TlRun  *tl_blob_finder_runs  (TlBlobFinder  *finder);
