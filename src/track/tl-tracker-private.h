/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tracker-private.h: the engine's state, shared by the files that make up TlTracker:
 * tl-tracker.c (creation, pushes, the CPU stages, reports), tl-tracker-pixels.c (the per-pixel
 * stages on either backend, the CUDA overlap) and tl-tracker-state.c (checkpoints). */
#pragma once

#include "config.h"

#include "tl-ball-track.h"
#include "tl-band-pool.h"
#include "tl-bg-hold.h"
#include "tl-bg-learnt.h"
#include "tl-bg-model.h"
#include "tl-blobs.h"
#include "tl-detect.h"
#include "tl-person-tracks.h"
#include "tl-report-delay.h"
#include "tl-scene-geometry.h"
#include "tl-tracker.h"
#if TL_HAVE_CUDA
#include "tl-cuda-bg.h"
#endif

struct _TlTracker
{
  TlTrackerConfig  config;
  TlTrackBackend   backend;
  char             note[320];
  char             error[256];

  TlSceneGeometry  geo;
  TlBgParams       bg_params;
  TlBgPlanes       planes;
  TlBandPool      *pool;
#if TL_HAVE_CUDA
  TlCudaBg        *cuda;
  /* With overlap and page-locked slots (tl_cuda_bg_has_slots), push n starts frame n on the
   * GPU and then runs the CPU stages of frame n - 1 meanwhile (@pipelined). @pending: a frame
   * whose pixels are done (or still on the GPU: tl_cuda_bg_busy) waits for its CPU stages, in
   * @slot (its frame and mask), pushed as @pending_format with @pending_tag. */
  int              pipelined;
  int              pending;
  int              slot;
  TlFrameFormat    pending_format;
  int64_t          pending_tag;
#endif
  uint8_t         *raw;
  uint8_t         *dilated;
  uint8_t         *mask;
  int              mask_pinned;   /* page-locked by CUDA (tl_cuda_host_alloc) */
  const uint8_t   *mask_shown;    /* the mask of the frame last through the CPU stages */

  int              have_model;
  int              learned;       /* frames given to tl_tracker_learn */
  int32_t          gain_q8;
  int64_t          pixel_frames;  /* frames through the per-pixel stages (push only) */
  int64_t          frame;         /* ...and through the CPU stages: the next one's number */

  TlBlobFinder    *blobs;
  TlDetector      *detector;
  TlPersonTracks  *persons;
  TlBallTrack     *ball;
  TlBgHold        *hold;
  TlBgLearnt      *learnt;        /* the learning frames, until the first push */
  TlReportDelay   *delay;
  int64_t          next_report;   /* the frame the next result's tracks are of */
  TlTrackUpdate   *updates;
  int              updates_capacity;

  TlTrackerTimings timings;       /* the CUDA split is read from tracker->cuda when asked */
};

/* Sets the message tl_tracker_get_error gives and returns @status. */
TlTrackStatus tl_tracker_set_error             (TlTracker     *tracker,
                                                TlTrackStatus  status,
                                                const char    *format,
                                                ...) __attribute__ ((format (printf, 3, 4)));
double        tl_tracker_seconds_now           (void);

/* tl-tracker-pixels.c: runs a frame's per-pixel stages and waits for them (tracker->mask then
 * holds its mask); @learn: teach the model without detecting. */
TlTrackStatus tl_tracker_pixel_stages          (TlTracker     *tracker,
                                                const TlFrame *frame,
                                                int            learn);
/* The model between the backend and tracker->planes (on the CPU backend the same): down into
 * the host copy, and back up to the device. */
TlTrackStatus tl_tracker_model_to_host         (TlTracker     *tracker);
TlTrackStatus tl_tracker_model_to_device       (TlTracker     *tracker);
#if TL_HAVE_CUDA
/* With overlap: waits for the frame on the GPU, if one is (its sums set the next gain)... */
TlTrackStatus tl_tracker_wait_for_gpu          (TlTracker     *tracker);
/* ...and starts @frame on the GPU in the free slot without waiting: it is then the pending
 * frame (tracker->pending, slot, pending_format, pending_tag). */
TlTrackStatus tl_tracker_launch_pixel_stages   (TlTracker     *tracker,
                                                const TlFrame *frame);
#endif

/* Whether a frame waits for its CPU stages (overlap; never on the CPU backend). */
static inline int
tl_tracker_has_pending (const TlTracker *tracker)
{
#if TL_HAVE_CUDA
  return tracker->pending;
#else
  (void) tracker;
  return 0;
#endif
}

/* tl-tracker.c: runs the CPU stages of the frame that waits for them (overlap), if one does,
 * filling @result (may be NULL) with its detections. */
TlTrackStatus tl_tracker_finish_pending        (TlTracker     *tracker,
                                                TlFrameResult *result);
/* Waits for a frame still on the GPU and forgets the pending frame (a reset, a restore). */
void          tl_tracker_forget_pending        (TlTracker     *tracker);
/* Forgets tracks and the background; ids continue to grow. */
void          tl_tracker_reset_engine          (TlTracker     *tracker);
