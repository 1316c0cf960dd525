/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tracker.h: the tracking engine's public API: push frames, get detections and tracks.
 *
 * Plain C11, no GLib. One engine per video: create it for a frame geometry and a backend, push
 * frames in order (YUV 4:2:0 at the analysis size, any strides), read each frame's detections and
 * track states, destroy it. Errors are TlTrackStatus codes with a message from
 * tl_tracker_get_error(); nothing aborts. The CPU backend is the reference and the CUDA backend
 * gives the same masks bit for bit (tests/test-track-equivalence.c). docs/tracking.md describes
 * the algorithm. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "tl-camera.h"
#include "tl-frame.h"
#include "tl-track-device.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  TL_OBJECT_PERSON = 1,       /* the MOTChallenge classes of our ground truth */
  TL_OBJECT_BALL = 2,
} TlObjectClass;

typedef struct
{
  int           width;        /* analysis size: every pushed frame has it; even */
  int           height;
  TlTrackBackend backend;     /* AUTO falls back to the CPU with a reason (tl_tracker_get_note) */
  int           n_threads;    /* CPU threads; 0 = one per online CPU */
  double        fps;          /* frames per second of the video (motion limits, coasting) */

  /* Geometry, optional. With @have_camera, @camera describes the video at its own size (it is
   * scaled to the analysis size), tracks are reported in pitch metres, person sizes come from it
   * and the pitch mask is the pitch plus @pitch_margin_m. */
  int            have_camera;
  TlCameraParams camera;
  double         pitch_length; /* metres; 0 = 105 */
  double         pitch_width;  /* metres; 0 = 68 */
  double         pitch_margin_m;

  /* Without a camera, an image polygon (analysis pixels, x then y, @n_polygon points) limits
   * detection; with neither, the whole frame is watched. */
  const double  *polygon;
  int            n_polygon;

  /* Without a camera: expected person height in pixels at the top and bottom rows of the
   * frame, linear in between; 0 lets the engine use 12% / 30% of the height. */
  double         person_px_top;
  double         person_px_bottom;

  int            ball_max_px;  /* largest ball diameter in analysis pixels; 0 = from geometry */

  /* Frames each result is held back, 0 to TL_TRACKER_MAX_REPORT_LAG: the ball's path proves
   * itself some frames after it starts, and a result reported later has the ball revised by
   * what those frames showed and each person's box smoothed over the frames around it
   * (TL_TRACKER_REPORT_LAG_S is the analyzer's choice). */
  int            report_lag;

  /* 1: on the CUDA backend, each push starts its frame on the GPU and tracks the frame pushed
   * before while the GPU works (tl_tracker_push). So that both backends still give the same
   * results, frame n is then classified with the held cells of frame n - 2's tracks instead
   * of n - 1's, on either backend. 0 (the default) until the overlap has been checked on a GPU
   * (docs/performance.md, "On a GPU, second session"). */
  int            overlap;
} TlTrackerConfig;

#define TL_TRACKER_MAX_REPORT_LAG 63
/* 0.72 s: on the 60 s demos ball recall +0.03 to +0.06, MOTA +0.02 to +0.03; 0.24 s gave
 * less ball, 1 s no more (docs/tracking.md). */
#define TL_TRACKER_REPORT_LAG_S   0.72

/* TL_TRACKER_REPORT_LAG_S in frames of a video at @fps, within 0..TL_TRACKER_MAX_REPORT_LAG. */
int            tl_tracker_report_lag_frames (double fps);

typedef struct
{
  float         x, y, w, h;   /* box, analysis pixels */
  float         foot_x, foot_y; /* ground point: pitch metres with a camera, else pixels;
                                 * NaN for a ball candidate beyond the watched ground */
  TlObjectClass klass;
  uint8_t       colour[3];    /* mean Y, U, V of the shirt region (persons) or the blob */
  float         legs_x;       /* mean column of the lowest third's pixels (persons), else the
                               * box's centre; analysis pixels */
  uint8_t       striding;     /* persons: one player however wide his arms and legs spread
                               * (his head and shoulders are one person wide) */
  uint8_t       cut_sides;    /* persons: TL_CUT_LEFT / TL_CUT_RIGHT where the detection is a
                               * piece cut from a wider blob and its pixels reach that cut: the
                               * player may reach across it, where his other edge is his own */
  uint8_t       supported;    /* persons: too small for a person on its own, taken because a
                               * tracked player's predicted foot is there and nothing else is
                               * (tl-detect.h); it continues his track, it never starts one */
} TlDetection;

#define TL_CUT_LEFT  1
#define TL_CUT_RIGHT 2

typedef enum
{
  TL_TRACK_TENTATIVE = 0,     /* not reported by tl_tracker_push */
  TL_TRACK_CONFIRMED,         /* matched in this frame */
  TL_TRACK_COASTING,          /* not seen in this frame: predicted */
} TlTrackState;

typedef struct
{
  int           id;           /* from 1, never reused in one engine */
  TlObjectClass klass;
  TlTrackState  state;
  int           team;         /* 0 or 1 by shirt colour, -1 unknown or neither (referee) */
  float         x, y, w, h;   /* box, analysis pixels */
  float         pitch_x, pitch_y; /* pitch metres with a camera, else the foot pixel */
  float         vx, vy;       /* per second, in the same unit */
} TlTrackUpdate;

typedef struct
{
  int64_t              pushed;       /* the frame whose detections these are, counted from 0:
                                      * the frame just pushed, or with overlap on CUDA the
                                      * one before it (tl_tracker_push); -1 when none (a
                                      * flush, the first push then) */
  const TlDetection   *detections;   /* ...its detections */
  int                  n_detections;
  int64_t              frame;        /* the frame the tracks are of: @pushed - report_lag, or
                                      * -1 while the first pushes fill the delay */
  int64_t              tag;          /* the TlFrame.tag that frame was pushed with (kept in
                                      * the engine state too, so a caller that numbers frames
                                      * its own way needs no table of its own) */
  const TlTrackUpdate *tracks;       /* persons then, when there is an estimate, the ball */
  int                  n_tracks;
} TlFrameResult;

/* The ball among one frame's @n @updates (a TlFrameResult's tracks, or the same read back from
 * a store), NULL when they have none. */
const TlTrackUpdate *tl_track_updates_ball (const TlTrackUpdate *updates,
                                            int                  n);

typedef struct _TlTracker TlTracker;

/* Fills @config with defaults for an analysis size. */
void           tl_tracker_config_init (TlTrackerConfig *config,
                                       int              width,
                                       int              height);

/* Creates an engine. On failure *@out is NULL and @message (may be NULL) says why. */
TlTrackStatus  tl_tracker_new        (const TlTrackerConfig *config,
                                      TlTracker            **out,
                                      char                  *message,
                                      size_t                 message_size);
void           tl_tracker_free       (TlTracker *tracker);

/* The backend actually used, and why AUTO did not choose CUDA ("" when it did). */
TlTrackBackend tl_tracker_get_backend (TlTracker *tracker);
const char    *tl_tracker_get_note    (TlTracker *tracker);
/* The message of the last failed call. */
const char    *tl_tracker_get_error   (TlTracker *tracker);

/* Teaches the background model a frame without detecting: callers pass a few dozen frames
 * spread over the video before the first push so players standing at kick-off are not taken
 * for background. Optional. */
TlTrackStatus  tl_tracker_learn      (TlTracker     *tracker,
                                      const TlFrame *frame);
/* After the last learning frame: takes the people the learnt median holds (someone standing on
 * one spot in most of the frames) back out of the model and holds their cells for the match
 * (tl-bg-learnt.h). The first push does it if the caller has not; about half a second at
 * 1920x576, so callers that time the pushes call it first. The learning frames' luma is kept
 * until then (44 MB for 40 frames at 1920x576). */
TlTrackStatus  tl_tracker_learn_finish (TlTracker *tracker);

/* Processes the next frame. @result (may be NULL) points into the engine and stays valid until
 * the next push, reset or free.
 *
 * With TlTrackerConfig.overlap on the CUDA backend the frame's per-pixel stages are only
 * started, and the CPU stages of the frame pushed before run while the GPU works: @result then
 * holds that earlier frame's detections (@pushed says which), and the frame just pushed is
 * tracked by the next push, tl_tracker_drain, tl_tracker_flush or tl_tracker_save_state.
 * Tracks and masks are the same on both backends, frame for frame. */
TlTrackStatus  tl_tracker_push       (TlTracker      *tracker,
                                      const TlFrame  *frame,
                                      TlFrameResult  *result);

/* How many pushed frames have not had their tracks reported yet (at most report_lag, and with
 * overlap on CUDA one more). */
int            tl_tracker_get_held_back (TlTracker *tracker);
/* The TlFrame.tag of the oldest of them (the next frame to be reported); -1 when none is held
 * back. After a restore, where a caller's own record of what it stored ends. */
int64_t        tl_tracker_get_next_tag  (TlTracker *tracker);

/* Finishes the frame pushed last where it is still on its way (overlap: tl_tracker_push) and
 * sets @result to its detections (no tracks: those come with the next push or flush). Returns
 * 1, or 0 when no frame was on its way or finishing it failed (tl_tracker_get_error). */
int            tl_tracker_drain      (TlTracker      *tracker,
                                      TlFrameResult  *result);

/* At the end of the video: the tracks of the next frame still held back (report_lag), in
 * @result (no detections, @pushed -1); the frame on its way, if any, is finished first
 * (its detections go to no one: tl_tracker_drain gives them). Returns 1, or 0 when none is
 * left. Frames pushed after a flush report nothing until report_lag more have been pushed. */
int            tl_tracker_flush      (TlTracker      *tracker,
                                      TlFrameResult  *result);

/* Where the pushes' time went, summed since the engine was created (seconds of wall clock).
 * CUDA's share of the per-pixel stages is split by CUDA events into the frame's upload, the
 * kernels and the mask's download (0 on the CPU, or where the events are unavailable). */
typedef struct
{
  int64_t frames;             /* pushes counted */
  double  pixel_s;            /* background model and mask, either backend */
  double  cuda_stage_s;       /* of pixel_s on CUDA: the frame copied into page-locked
                               * memory by the band threads (host clock) */
  double  cuda_upload_s;      /* ...frame and held cells up (CUDA events from here on) */
  double  cuda_kernels_s;     /* ...the two kernels */
  double  cuda_download_s;    /* ...mask and sums down */
  double  blobs_s;            /* connected components of the mask */
  double  detect_s;           /* persons and ball candidates from the blobs */
  double  track_s;            /* person and ball tracks, held cells, the report delay */
} TlTrackerTimings;

void           tl_tracker_get_timings (TlTracker        *tracker,
                                       TlTrackerTimings *out);

/* The cleaned foreground mask of the frame of the last result's @pushed (0/255, packed, width
 * bytes per row). */
const uint8_t *tl_tracker_get_mask   (TlTracker *tracker);

/* Checkpoints: everything later pushes depend on (the background model, gain, frame counter,
 * live and lost tracks with their Kalman filters and team votes, the ball hypotheses, the id
 * counter) as one versioned blob (*@out_data is malloc'd; free() it). An engine created with
 * the same configuration and restored from it gives, push for push, the same results as the
 * engine that saved it. Both backends write and read the same blob (the CUDA model is copied
 * down to save and up to restore; TL_TRACK_ERROR_CUDA when that copy fails), so a run begun on
 * the GPU can resume on the CPU and the other way round. A blob of another version or analysis
 * size, or a corrupt one, is refused with TL_TRACK_ERROR_INVALID (the engine is then reset).
 * Saving finishes a frame still on its way first (overlap; its detections go to no one, its
 * tracks are reported as usual: the next push reports one frame without tracking one). */
TlTrackStatus  tl_tracker_save_state    (TlTracker      *tracker,
                                         uint8_t       **out_data,
                                         size_t         *out_size);
TlTrackStatus  tl_tracker_restore_state (TlTracker      *tracker,
                                         const uint8_t  *data,
                                         size_t          size);

#ifdef __cplusplus
}
#endif
