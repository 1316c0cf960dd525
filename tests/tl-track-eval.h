/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-track-eval.h: runs the tracking engine on a demo match and scores it against its truth. */
#pragma once

#include <glib.h>

#include "tl-calibration.h"
#include "tl-mot-metrics.h"

G_BEGIN_DECLS

typedef struct
{
  const char *video;        /* OUT.mp4 of `touchline-cli demo`; OUT.json beside it */
  const char *gt;           /* GT.txt (MOTChallenge); NULL for footage: no sidecar, no scores */
  int         width;        /* analysis size; 0 = half the video's */
  int         height;
  int         n_threads;    /* 0 = one per CPU */
  int         n_learn;      /* frames spread over the video taught first; 0 = 40 */
  int         max_frames;   /* 0 = all */
  double      ball_radius_px; /* ball hit radius at the video's size; 0 = 8 */
  int         report_lag;   /* engine results held back, frames; 0 = the analyzer's
                             * (TL_TRACKER_REPORT_LAG_S), -1 = none */
  gboolean    no_ball_carry; /* without the analyzer's pass for the carried ball
                              * (tl-ball-carry.h) */
  gboolean    no_role_ids;  /* persons scored with the engine's ids, without the analyzer's
                             * pass giving them their roles' (tl-role-ids.h) */
  /* A demo's earlier dump (PREFIX.hyp.txt of --dump): its reports are scored, with the
   * carried-ball and role passes run on them again, instead of running the engine (nothing
   * decoded; the sidecar and GT.txt still read). Seconds, not minutes: for measuring the
   * passes. */
  const char *replay;
  /* When set, writes PREFIX.hyp.txt (MOT format; video pixels for a demo, analysis pixels
   * for footage, whose video size the eval never learns)... */
  const char *dump_prefix;
  int         dump_frame;   /* ...and PREFIX.mask.pgm, PREFIX.frame.pgm of this frame (from 0) */
  int         dump_every;   /* ...or every this many frames, as PREFIX.N.mask.pgm */
  /* Footage only (analysis pixels): the pitch polygon and person heights, as TlTrackerConfig. */
  const double *polygon;
  int         n_polygon;
  double      person_px_top, person_px_bottom;
  /* Footage: 4+ pitch landmarks (analysis pixels, pitch metres of a 105 x 68 m pitch) to fit
   * a flat camera to, as the app's calibration does; then the pitch mask and the person
   * heights come from it and the polygon and heights above are not used. */
  const TlCorrespondence *points;
  int         n_points;
} TlTrackEvalOptions;

typedef struct
{
  TlMotScores person;       /* class 1, boxes at the analysis size */
  long        ball_gt;      /* frames with a ball in GT.txt */
  long        ball_hits;    /* ...where the engine's ball is within the radius */
  long        ball_reported;/* frames where the engine reports a ball */
  long        ball_true;    /* ...within the radius of a GT ball */
  /* Frames with a GT ball where the engine's own report, before the carried-ball pass fills
   * or replaces it, is within the radius: a change to the engine can gain here and still lose
   * once the pass has picked other carriers from its reports (docs/tracking-experiments.md,
   * stop 46). The same as ball_hits without the pass. */
  long        engine_ball_hits;
  double      ball_recall;
  double      engine_ball_recall;
  double      ball_precision;
  int         n_frames;
  int         width, height;
  double      decode_seconds;
  TlCalibrationReport calibration; /* footage with points: how well the camera fits them */
  double      engine_seconds; /* tl_tracker_push only */
} TlTrackEvalResult;

gboolean tl_track_eval_run (const TlTrackEvalOptions *options,
                            TlTrackEvalResult        *result,
                            GError                  **error);

G_END_DECLS
