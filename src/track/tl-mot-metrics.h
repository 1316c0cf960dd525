/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-mot-metrics.h: multi-object tracking scores: CLEAR MOT (MOTA, MOTP), identity (IDF1) and
 * HOTA, written from the published definitions.
 *
 *  - MOTA: Bernardin & Stiefelhagen 2008. Per frame, ground-truth/hypothesis pairs of the last
 *    frame are kept while their IoU stays >= the threshold, the rest are matched by the
 *    Hungarian method; MOTA = 1 - (FN + FP + IDSW) / GT.
 *  - IDF1: Ristani et al. 2016. One global bipartite matching of ground-truth ids to
 *    hypothesis ids maximising the frames where the pair overlaps (IoU >= threshold);
 *    IDF1 = 2 IDTP / (GT + hypotheses).
 *  - HOTA: Luiten et al. 2021, as in TrackEval: per frame, matching by IoU weighted with the
 *    global alignment score of the id pair; for each alpha in 0.05 .. 0.95, DetA = TP / (TP +
 *    FN + FP), AssA = mean over TPs of the pair's TPA / (TPA + FNA + FPA), HOTA = sqrt (DetA
 *    AssA), averaged over alpha.
 *
 * Boxes are (left, top, width, height). The evaluator keeps every frame (evaluation only). */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
  int   id;
  float x, y, w, h;
} TlMotBox;

typedef struct
{
  double mota, motp;
  double idf1, idp, idr;
  double hota, deta, assa, loca;
  long   n_gt, n_hyp;
  long   tp, fn, fp, id_switches;
  long   idtp;
  int    n_frames;
} TlMotScores;

typedef struct _TlMotEval TlMotEval;

/* @iou_threshold is the match threshold of MOTA and IDF1 (0.5 is customary). */
TlMotEval *tl_mot_eval_new       (double           iou_threshold);
void       tl_mot_eval_free      (TlMotEval       *eval);
/* Adds the next frame. Ids must be unique within a frame. Returns 0, or -1 out of memory. */
int        tl_mot_eval_add_frame (TlMotEval       *eval,
                                  const TlMotBox  *gt,
                                  int              n_gt,
                                  const TlMotBox  *hyp,
                                  int              n_hyp);
/* Returns 0, or -1 out of memory. */
int        tl_mot_eval_compute   (TlMotEval       *eval,
                                  TlMotScores     *scores);

double     tl_mot_iou            (const TlMotBox  *a,
                                  const TlMotBox  *b);

#ifdef __cplusplus
}
#endif
