/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-mot-metrics.c: MOTA, IDF1 and HOTA over stored frames. */
#include "tl-mot-metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tl-array.h"
#include "tl-assign.h"

#define N_ALPHA 19
#define EPS 1e-10

typedef struct
{
  int first_gt, n_gt;         /* into boxes_gt */
  int first_hyp, n_hyp;
} Frame;

struct _TlMotEval
{
  double    threshold;
  Frame    *frames;
  int       n_frames, frames_capacity;
  TlMotBox *gt, *hyp;
  int       n_gt, gt_capacity, n_hyp, hyp_capacity;
};

double
tl_mot_iou (const TlMotBox *a,
            const TlMotBox *b)
{
  double ix = fmin (a->x + a->w, b->x + b->w) - fmax (a->x, b->x);
  double iy = fmin (a->y + a->h, b->y + b->h) - fmax (a->y, b->y);
  double inter, uni;

  if (ix <= 0 || iy <= 0)
    return 0;
  inter = ix * iy;
  uni = (double) a->w * a->h + (double) b->w * b->h - inter;
  return uni > 0 ? inter / uni : 0;
}

TlMotEval *
tl_mot_eval_new (double iou_threshold)
{
  TlMotEval *eval = calloc (1, sizeof *eval);

  if (eval != NULL)
    eval->threshold = iou_threshold;
  return eval;
}

void
tl_mot_eval_free (TlMotEval *eval)
{
  if (eval == NULL)
    return;
  free (eval->frames);
  free (eval->gt);
  free (eval->hyp);
  free (eval);
}

int
tl_mot_eval_add_frame (TlMotEval      *eval,
                       const TlMotBox *gt,
                       int             n_gt,
                       const TlMotBox *hyp,
                       int             n_hyp)
{
  Frame *f;

  if (tl_array_reserve ((void **) &eval->frames, &eval->frames_capacity, eval->n_frames + 1,
                        sizeof (Frame), 256) < 0
      || tl_array_reserve ((void **) &eval->gt, &eval->gt_capacity, eval->n_gt + n_gt,
                           sizeof (TlMotBox), 256) < 0
      || tl_array_reserve ((void **) &eval->hyp, &eval->hyp_capacity, eval->n_hyp + n_hyp,
                           sizeof (TlMotBox), 256) < 0)
    return -1;

  f = &eval->frames[eval->n_frames++];
  f->first_gt = eval->n_gt;
  f->n_gt = n_gt;
  f->first_hyp = eval->n_hyp;
  f->n_hyp = n_hyp;
  if (n_gt > 0)
    memcpy (eval->gt + eval->n_gt, gt, (size_t) n_gt * sizeof *gt);
  if (n_hyp > 0)
    memcpy (eval->hyp + eval->n_hyp, hyp, (size_t) n_hyp * sizeof *hyp);
  eval->n_gt += n_gt;
  eval->n_hyp += n_hyp;
  return 0;
}

/* Maps arbitrary ids to 0 .. n-1 (sorted unique list + binary search). */
typedef struct
{
  int *ids;
  int  n;
} IdMap;

static int
cmp_int (const void *a,
         const void *b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return (x > y) - (x < y);
}

static int
id_map_build (IdMap          *map,
              const TlMotBox *boxes,
              int             n)
{
  map->ids = malloc ((size_t) (n > 0 ? n : 1) * sizeof (int));
  map->n = 0;
  if (map->ids == NULL)
    return -1;
  for (int i = 0; i < n; i++)
    map->ids[i] = boxes[i].id;
  qsort (map->ids, (size_t) n, sizeof (int), cmp_int);
  for (int i = 0; i < n; i++)
    if (map->n == 0 || map->ids[map->n - 1] != map->ids[i])
      map->ids[map->n++] = map->ids[i];
  return 0;
}

static int
id_map_index (const IdMap *map,
              int          id)
{
  const int *found = bsearch (&id, map->ids, (size_t) map->n, sizeof (int), cmp_int);

  return found != NULL ? (int) (found - map->ids) : -1;
}

int
tl_mot_eval_compute (TlMotEval   *eval,
                     TlMotScores *s)
{
  IdMap gmap = { 0 }, hmap = { 0 };
  int G, H, max_gt = 0, max_hyp = 0;
  double *sim = NULL, *cost = NULL, *pmc = NULL, *align = NULL, *hota_counts = NULL;
  long *id_overlap = NULL, *gt_count = NULL, *hyp_count = NULL;
  int *last_match = NULL, *match = NULL, *row_g = NULL, *col_h = NULL;
  double tp_a[N_ALPHA] = { 0 }, fn_a[N_ALPHA] = { 0 }, fp_a[N_ALPHA] = { 0 };
  double loc_a[N_ALPHA] = { 0 };
  double iou_sum = 0;
  int status = -1;

  memset (s, 0, sizeof *s);
  s->n_frames = eval->n_frames;
  s->n_gt = eval->n_gt;
  s->n_hyp = eval->n_hyp;

  if (id_map_build (&gmap, eval->gt, eval->n_gt) < 0
      || id_map_build (&hmap, eval->hyp, eval->n_hyp) < 0)
    goto out;
  G = gmap.n;
  H = hmap.n;
  for (int f = 0; f < eval->n_frames; f++)
    {
      if (eval->frames[f].n_gt > max_gt)
        max_gt = eval->frames[f].n_gt;
      if (eval->frames[f].n_hyp > max_hyp)
        max_hyp = eval->frames[f].n_hyp;
    }

  sim = malloc ((size_t) (max_gt * max_hyp + 1) * sizeof *sim);
  cost = malloc ((size_t) (max_gt * max_hyp + 1) * sizeof *cost);
  match = malloc ((size_t) (max_gt + 1) * sizeof *match);
  row_g = malloc ((size_t) (max_gt + 1) * sizeof *row_g);
  col_h = malloc ((size_t) (max_hyp + 1) * sizeof *col_h);
  last_match = malloc ((size_t) (G + 1) * sizeof *last_match);
  id_overlap = calloc ((size_t) G * H + 1, sizeof *id_overlap);
  pmc = calloc ((size_t) G * H + 1, sizeof *pmc);
  align = calloc ((size_t) G * H + 1, sizeof *align);
  hota_counts = calloc ((size_t) N_ALPHA * G * H + 1, sizeof *hota_counts);
  gt_count = calloc ((size_t) G + 1, sizeof *gt_count);
  hyp_count = calloc ((size_t) H + 1, sizeof *hyp_count);
  if (!sim || !cost || !match || !row_g || !col_h || !last_match || !id_overlap || !pmc
      || !align || !hota_counts || !gt_count || !hyp_count)
    goto out;
  for (int g = 0; g < G; g++)
    last_match[g] = -1;

  /* Pass 1: CLEAR MOT, the id overlaps of IDF1 and HOTA's potential matches. */
  {
    int *prev = malloc ((size_t) (G + 1) * sizeof *prev);   /* hyp index matched last frame */

    if (prev == NULL)
      goto out;
    for (int g = 0; g < G; g++)
      prev[g] = -1;

    for (int f = 0; f < eval->n_frames; f++)
      {
        const Frame *fr = &eval->frames[f];
        const TlMotBox *gt = eval->gt + fr->first_gt, *hyp = eval->hyp + fr->first_hyp;
        int ng = fr->n_gt, nh = fr->n_hyp, matched = 0;
        int *now = malloc ((size_t) (G + 1) * sizeof *now);

        if (now == NULL)
          {
            free (prev);
            goto out;
          }
        for (int g = 0; g < G; g++)
          now[g] = -1;
        for (int i = 0; i < ng; i++)
          {
            row_g[i] = id_map_index (&gmap, gt[i].id);
            gt_count[row_g[i]]++;
          }
        for (int j = 0; j < nh; j++)
          {
            col_h[j] = id_map_index (&hmap, hyp[j].id);
            hyp_count[col_h[j]]++;
          }

        for (int i = 0; i < ng; i++)
          for (int j = 0; j < nh; j++)
            {
              double iou = tl_mot_iou (&gt[i], &hyp[j]);

              sim[i * nh + j] = iou;
              if (iou >= eval->threshold - EPS)
                id_overlap[(long) row_g[i] * H + col_h[j]]++;
            }

        /* HOTA: IoU-normalised similarity accumulates into the potential matches. */
        for (int i = 0; i < ng; i++)
          for (int j = 0; j < nh; j++)
            {
              double row_sum = 0, col_sum = 0, denom;

              for (int k = 0; k < nh; k++)
                row_sum += sim[i * nh + k];
              for (int k = 0; k < ng; k++)
                col_sum += sim[k * nh + j];
              denom = row_sum + col_sum - sim[i * nh + j];
              if (denom > EPS)
                pmc[(long) row_g[i] * H + col_h[j]] += sim[i * nh + j] / denom;
            }

        /* CLEAR: last frame's pairs that still overlap win (a large bonus), then the best
         * IoU. */
        for (int i = 0; i < ng; i++)
          for (int j = 0; j < nh; j++)
            {
              double v = sim[i * nh + j];

              cost[i * nh + j] = v >= eval->threshold - EPS
                                 ? -(v + (prev[row_g[i]] == col_h[j] ? 1000.0 : 0.0))
                                 : INFINITY;
            }
        if (tl_assign_solve (cost, ng, nh, 0.0, match) < 0)
          {
            free (now);
            free (prev);
            goto out;
          }
        for (int i = 0; i < ng; i++)
          {
            int j = match[i];

            if (j < 0)
              continue;
            matched++;
            iou_sum += sim[i * nh + j];
            now[row_g[i]] = col_h[j];
            if (last_match[row_g[i]] >= 0 && last_match[row_g[i]] != col_h[j])
              s->id_switches++;
            last_match[row_g[i]] = col_h[j];
          }
        s->tp += matched;
        s->fn += ng - matched;
        s->fp += nh - matched;
        free (prev);
        prev = now;
      }
    free (prev);
  }

  s->mota = s->n_gt > 0 ? 1.0 - (double) (s->fn + s->fp + s->id_switches) / s->n_gt : 0;
  s->motp = s->tp > 0 ? iou_sum / s->tp : 0;

  /* IDF1: maximise the overlapping frames of a one-to-one id matching. */
  if (G > 0 && H > 0)
    {
      double *id_cost = malloc ((size_t) G * H * sizeof *id_cost);
      int *id_match = malloc ((size_t) G * sizeof *id_match);

      if (id_cost == NULL || id_match == NULL)
        {
          free (id_cost);
          free (id_match);
          goto out;
        }
      for (long k = 0; k < (long) G * H; k++)
        id_cost[k] = -(double) id_overlap[k];
      if (tl_assign_solve (id_cost, G, H, 0.0, id_match) < 0)
        {
          free (id_cost);
          free (id_match);
          goto out;
        }
      for (int g = 0; g < G; g++)
        if (id_match[g] >= 0)
          s->idtp += id_overlap[(long) g * H + id_match[g]];
      free (id_cost);
      free (id_match);
    }
  s->idp = s->n_hyp > 0 ? (double) s->idtp / s->n_hyp : 0;
  s->idr = s->n_gt > 0 ? (double) s->idtp / s->n_gt : 0;
  s->idf1 = s->n_gt + s->n_hyp > 0 ? 2.0 * s->idtp / (s->n_gt + s->n_hyp) : 0;

  /* HOTA pass 2: per-frame matching on global alignment x similarity. */
  for (int g = 0; g < G; g++)
    for (int h = 0; h < H; h++)
      {
        long k = (long) g * H + h;

        align[k] = pmc[k] / (gt_count[g] + hyp_count[h] - pmc[k]);
      }
  for (int f = 0; f < eval->n_frames; f++)
    {
      const Frame *fr = &eval->frames[f];
      const TlMotBox *gt = eval->gt + fr->first_gt, *hyp = eval->hyp + fr->first_hyp;
      int ng = fr->n_gt, nh = fr->n_hyp;

      for (int i = 0; i < ng; i++)
        row_g[i] = id_map_index (&gmap, gt[i].id);
      for (int j = 0; j < nh; j++)
        col_h[j] = id_map_index (&hmap, hyp[j].id);
      for (int i = 0; i < ng; i++)
        for (int j = 0; j < nh; j++)
          {
            sim[i * nh + j] = tl_mot_iou (&gt[i], &hyp[j]);
            cost[i * nh + j] = -align[(long) row_g[i] * H + col_h[j]] * sim[i * nh + j];
          }
      if (tl_assign_solve (cost, ng, nh, 0.0, match) < 0)
        goto out;
      for (int a = 0; a < N_ALPHA; a++)
        {
          double alpha = 0.05 * (a + 1);
          int count = 0;

          for (int i = 0; i < ng; i++)
            if (match[i] >= 0 && sim[i * nh + match[i]] >= alpha - EPS)
              {
                count++;
                loc_a[a] += sim[i * nh + match[i]];
                hota_counts[((long) a * G + row_g[i]) * H + col_h[match[i]]] += 1;
              }
          tp_a[a] += count;
          fn_a[a] += ng - count;
          fp_a[a] += nh - count;
        }
    }

  for (int a = 0; a < N_ALPHA; a++)
    {
      double ass = 0, det, hota;

      for (int g = 0; g < G; g++)
        for (int h = 0; h < H; h++)
          {
            double m = hota_counts[((long) a * G + g) * H + h];

            if (m > 0)
              ass += m * m / fmax (1.0, gt_count[g] + hyp_count[h] - m);
          }
      ass /= fmax (1.0, tp_a[a]);
      det = tp_a[a] / fmax (1.0, tp_a[a] + fn_a[a] + fp_a[a]);
      hota = sqrt (det * ass);
      s->deta += det / N_ALPHA;
      s->assa += ass / N_ALPHA;
      s->hota += hota / N_ALPHA;
      s->loca += (tp_a[a] > 0 ? loc_a[a] / tp_a[a] : 0) / N_ALPHA;
    }

  status = 0;

out:
  free (gmap.ids);
  free (hmap.ids);
  free (sim);
  free (cost);
  free (match);
  free (row_g);
  free (col_h);
  free (last_match);
  free (id_overlap);
  free (pmc);
  free (align);
  free (hota_counts);
  free (gt_count);
  free (hyp_count);
  return status;
}
