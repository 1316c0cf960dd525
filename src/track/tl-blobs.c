/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-blobs.c: run extraction in bands, union-find labelling, per-blob boxes and run lists. */
#include "tl-blobs.h"

#include <stdlib.h>
#include <string.h>

#define MAX_BANDS 64

typedef struct
{
  TlRun *runs;
  int    n;
  int    capacity;
  int    failed;
} RunBuffer;

struct _TlBlobFinder
{
  RunBuffer bands[MAX_BANDS];

  /* All runs in row order, their union-find parents, and the grouped copy. */
  TlRun    *runs;
  int      *parent;
  int      *blob_of;
  TlRun    *grouped;
  int       n_runs;
  int       runs_capacity;

  TlBlob   *blobs;
  int       blobs_capacity;

  /* For the band workers. */
  const uint8_t *mask;
  int       width;
  int       stride;
};

TlBlobFinder *
tl_blob_finder_new (void)
{
  return calloc (1, sizeof (TlBlobFinder));
}

void
tl_blob_finder_free (TlBlobFinder *finder)
{
  if (finder == NULL)
    return;
  for (int i = 0; i < MAX_BANDS; i++)
    free (finder->bands[i].runs);
  free (finder->runs);
  free (finder->parent);
  free (finder->blob_of);
  free (finder->grouped);
  free (finder->blobs);
  free (finder);
}

static int
push_run (RunBuffer *buf,
          int        y,
          int        x0,
          int        x1)
{
  if (buf->n == buf->capacity)
    {
      int capacity = buf->capacity ? buf->capacity * 2 : 4096;
      TlRun *runs = realloc (buf->runs, (size_t) capacity * sizeof *runs);

      if (runs == NULL)
        return -1;
      buf->runs = runs;
      buf->capacity = capacity;
    }
  buf->runs[buf->n].y = y;
  buf->runs[buf->n].x0 = x0;
  buf->runs[buf->n].x1 = x1;
  buf->n++;
  return 0;
}

static void
extract_band (void *user,
              int   band,
              int   y0,
              int   y1)
{
  TlBlobFinder *finder = user;
  RunBuffer *buf = &finder->bands[band];
  int w = finder->width;

  for (int y = y0; y < y1 && !buf->failed; y++)
    {
      const uint8_t *row = finder->mask + (long) y * finder->stride;
      int x = 0;

      while (x < w)
        {
          int start;

          /* Skip empty words: most of a pitch is background. */
          while (x + 8 <= w)
            {
              uint64_t word;

              memcpy (&word, row + x, 8);
              if (word != 0)
                break;
              x += 8;
            }
          while (x < w && row[x] == 0)
            x++;
          if (x >= w)
            break;
          start = x;
          while (x < w && row[x] != 0)
            x++;
          if (push_run (buf, y, start, x) < 0)
            buf->failed = 1;
        }
    }
}

static int
find_root (int *parent,
           int  i)
{
  while (parent[i] != i)
    {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
  return i;
}

static void
unite (int *parent,
       int  a,
       int  b)
{
  a = find_root (parent, a);
  b = find_root (parent, b);
  /* The smaller index wins, so labels follow raster order whatever the banding. */
  if (a < b)
    parent[b] = a;
  else if (b < a)
    parent[a] = b;
}

static int
ensure_runs (TlBlobFinder *finder,
             int           n)
{
  if (n <= finder->runs_capacity)
    return 0;

  free (finder->runs);
  free (finder->parent);
  free (finder->blob_of);
  free (finder->grouped);
  finder->runs = malloc ((size_t) n * sizeof (TlRun));
  finder->parent = malloc ((size_t) n * sizeof (int));
  finder->blob_of = malloc ((size_t) n * sizeof (int));
  finder->grouped = malloc ((size_t) n * sizeof (TlRun));
  if (!finder->runs || !finder->parent || !finder->blob_of || !finder->grouped)
    {
      finder->runs_capacity = 0;
      return -1;
    }
  finder->runs_capacity = n;
  return 0;
}

int
tl_blob_finder_run (TlBlobFinder  *finder,
                    const uint8_t *mask,
                    int            width,
                    int            height,
                    int            stride,
                    TlBandPool    *pool)
{
  int n_bands = pool != NULL ? tl_band_pool_n_threads (pool) : 1;
  int n = 0;
  int n_blobs = 0;
  int prev_start = 0, prev_end = 0, cur_start = 0;
  int *first;

  finder->mask = mask;
  finder->width = width;
  finder->stride = stride;
  for (int b = 0; b < n_bands; b++)
    {
      finder->bands[b].n = 0;
      finder->bands[b].failed = 0;
    }

  if (pool != NULL)
    tl_band_pool_run (pool, extract_band, finder, height, 1);
  else
    extract_band (finder, 0, 0, height);

  for (int b = 0; b < n_bands; b++)
    {
      if (finder->bands[b].failed)
        return -1;
      n += finder->bands[b].n;
    }
  if (ensure_runs (finder, n) < 0)
    return -1;

  /* Bands cover increasing rows, so concatenating keeps raster order. */
  n = 0;
  for (int b = 0; b < n_bands; b++)
    {
      memcpy (finder->runs + n, finder->bands[b].runs,
              (size_t) finder->bands[b].n * sizeof (TlRun));
      n += finder->bands[b].n;
    }
  finder->n_runs = n;

  /* Union each run with the runs of the row above that touch it (8-connectivity). */
  for (int i = 0; i < n; i++)
    finder->parent[i] = i;
  for (int i = 0; i < n; i++)
    {
      const TlRun *run = &finder->runs[i];

      if (i == 0 || run->y != finder->runs[i - 1].y)
        {
          /* New row: the previous row's runs are the last row's group if adjacent. */
          if (i > 0 && finder->runs[i - 1].y == run->y - 1)
            {
              prev_start = cur_start;
              prev_end = i;
            }
          else
            prev_start = prev_end = i;
          cur_start = i;
        }

      while (prev_start < prev_end && finder->runs[prev_start].x1 < run->x0)
        prev_start++;
      for (int j = prev_start; j < prev_end && finder->runs[j].x0 <= run->x1; j++)
        unite (finder->parent, i, j);
    }

  /* Roots in raster order become blob numbers. */
  for (int i = 0; i < n; i++)
    {
      int root = find_root (finder->parent, i);

      if (root == i)
        finder->blob_of[i] = n_blobs++;
      else
        finder->blob_of[i] = finder->blob_of[root];
    }

  if (n_blobs > finder->blobs_capacity)
    {
      int capacity = n_blobs * 2;
      TlBlob *blobs = realloc (finder->blobs, (size_t) capacity * sizeof *blobs);

      if (blobs == NULL)
        return -1;
      finder->blobs = blobs;
      finder->blobs_capacity = capacity;
    }

  for (int b = 0; b < n_blobs; b++)
    {
      TlBlob *blob = &finder->blobs[b];

      blob->x0 = blob->y0 = 1 << 30;
      blob->x1 = blob->y1 = -1;
      blob->area = 0;
      blob->n_runs = 0;
    }
  for (int i = 0; i < n; i++)
    {
      const TlRun *run = &finder->runs[i];
      TlBlob *blob = &finder->blobs[finder->blob_of[i]];

      if (run->x0 < blob->x0)
        blob->x0 = run->x0;
      if (run->x1 > blob->x1)
        blob->x1 = run->x1;
      if (run->y < blob->y0)
        blob->y0 = run->y;
      if (run->y + 1 > blob->y1)
        blob->y1 = run->y + 1;
      blob->area += run->x1 - run->x0;
      blob->n_runs++;
    }

  /* Counting sort of the runs by blob; stable, so each group stays in row order. */
  first = finder->parent;   /* the parents are no longer needed */
  for (int b = 0, acc = 0; b < n_blobs; b++)
    {
      finder->blobs[b].first_run = acc;
      first[b] = acc;
      acc += finder->blobs[b].n_runs;
    }
  for (int i = 0; i < n; i++)
    finder->grouped[first[finder->blob_of[i]]++] = finder->runs[i];

  return n_blobs;
}

const TlBlob *
tl_blob_finder_blobs (TlBlobFinder *finder)
{
  return finder->blobs;
}

const TlRun *
tl_blob_finder_runs (TlBlobFinder *finder)
{
  return finder->grouped;
}
