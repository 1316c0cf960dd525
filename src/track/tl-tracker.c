/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tracker.c: the engine: per-pixel stages on the chosen backend, then blobs, detections,
 * person tracks and the ball on the CPU. */
#include "config.h"

#include "tl-tracker.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tl-array.h"
#include "tl-ball-track.h"
#include "tl-band-pool.h"
#include "tl-bg-model.h"
#include "tl-blobs.h"
#include "tl-detect.h"
#include "tl-person-tracks.h"
#include "tl-bg-hold.h"
#include "tl-report-delay.h"
#include "tl-scene-geometry.h"
#include "tl-state-buf.h"
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
   * GPU and then runs the CPU stages of frame n - 1 meanwhile (@pipelined). @pending: a frame whose pixels are done (or
   * on the GPU) waits for its CPU stages, in @slot (its frame and mask), pushed as
   * @pending_format with @pending_tag. @gpu_busy: the GPU works on the frame launched last,
   * in @launched_slot. */
  int              pipelined;
  int              pending;
  int              slot;
  TlFrameFormat    pending_format;
  int64_t          pending_tag;
  int              gpu_busy;
  int              launched_slot;
  TlFrameFormat    launched_format;
  int64_t          launched_tag;
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
  TlReportDelay   *delay;
  int64_t          next_report;   /* the frame the next result's tracks are of */
  TlTrackUpdate   *updates;
  int              updates_capacity;

  TlTrackerTimings timings;       /* the CUDA split is read from tracker->cuda when asked */
};

/* Per-band arguments of the CPU stages. */
typedef struct
{
  TlTracker          *tracker;
  const TlFrame      *frame;
  const uint8_t      *hold;     /* stage 2: the held cells (hold_for_next_frame) */
  const TlFrame      *staged;   /* stage 5: where the frame's rows are copied... */
  int                 row0;     /* ...starting at this row */
  TlBgFrameCtl        ctl;
  TlBgSums            sums[64];
  int                 stage;
} BandJob;

static TlTrackStatus
set_error (TlTracker     *tracker,
           TlTrackStatus  status,
           const char    *format,
           ...)
{
  va_list args;

  va_start (args, format);
  vsnprintf (tracker->error, sizeof tracker->error, format, args);
  va_end (args);
  return status;
}

void
tl_tracker_config_init (TlTrackerConfig *config,
                        int              width,
                        int              height)
{
  memset (config, 0, sizeof *config);
  config->width = width;
  config->height = height;
  config->backend = TL_TRACK_BACKEND_AUTO;
  config->fps = 25;
  config->pitch_margin_m = 3.0;
}

int
tl_tracker_report_lag_frames (double fps)
{
  long frames = lround (TL_TRACKER_REPORT_LAG_S * (fps > 0 ? fps : 25));

  return (int) (frames < 0 ? 0 : frames > TL_TRACKER_MAX_REPORT_LAG ? TL_TRACKER_MAX_REPORT_LAG
                                                                    : frames);
}

static int
ball_max_px (const TlSceneGeometry *geo,
             const TlTrackerConfig *config)
{
  double near;

  if (config->ball_max_px > 0)
    return config->ball_max_px;
  /* The ball is 0.22 m across; the nearest (tallest) person sets the largest scale. Motion
   * blur stretches it, hence the factor. */
  near = tl_scene_geometry_person_px (geo, geo->width / 2.0, geo->height - 1);
  return (int) ceil (near * 0.22 / 1.8 * 2.5) + 2;
}

TlTrackStatus
tl_tracker_new (const TlTrackerConfig *config,
                TlTracker            **out,
                char                  *message,
                size_t                 message_size)
{
  TlTracker *tracker;
  TlTrackStatus status;
  size_t luma;
  char reason[256];

  if (out == NULL)
    return TL_TRACK_ERROR_INVALID;
  *out = NULL;
  if (message != NULL && message_size > 0)
    message[0] = '\0';
  if (config == NULL || config->width < 16 || config->height < 16
      || config->width % 2 != 0 || config->height % 2 != 0 || config->width > TL_BG_MAX_WIDTH)
    {
      if (message != NULL)
        snprintf (message, message_size,
                  "the analysis size must be even, at least 16x16 and at most %d wide",
                  TL_BG_MAX_WIDTH);
      return TL_TRACK_ERROR_INVALID;
    }
  if (config->report_lag < 0 || config->report_lag > TL_TRACKER_MAX_REPORT_LAG)
    {
      if (message != NULL)
        snprintf (message, message_size, "the report lag must be 0 to %d frames",
                  TL_TRACKER_MAX_REPORT_LAG);
      return TL_TRACK_ERROR_INVALID;
    }

  tracker = calloc (1, sizeof *tracker);
  if (tracker == NULL)
    return TL_TRACK_ERROR_NO_MEMORY;
  tracker->config = *config;
  tracker->config.polygon = NULL;   /* borrowed: used only below */
  if (tracker->config.fps <= 0)
    tracker->config.fps = 25;
  tracker->gain_q8 = 256;
  tl_bg_params_default (&tracker->bg_params);
  /* Three seconds of unchanging foreground make a ghost (the age counter saturates at 255). */
  tracker->bg_params.ghost_frames =
    (int32_t) fmin (255, fmax (1, lround (3 * tracker->config.fps)));

  if (tl_scene_geometry_init (&tracker->geo, config, reason, sizeof reason) < 0)
    {
      status = TL_TRACK_ERROR_INVALID;
      goto failed;
    }

  status = tl_track_backend_resolve (config->backend, &tracker->backend, NULL,
                                     reason, sizeof reason);
  if (status != TL_TRACK_OK)
    goto failed;
  if (tracker->backend == TL_TRACK_BACKEND_CPU && config->backend == TL_TRACK_BACKEND_AUTO)
    snprintf (tracker->note, sizeof tracker->note, "using the CPU: %s", reason);

#if TL_HAVE_CUDA
  if (tracker->backend == TL_TRACK_BACKEND_CUDA)
    {
      status = tl_cuda_bg_new (config->width, config->height, tracker->geo.pitch_blocks,
                               &tracker->cuda, reason, sizeof reason);
      if (status != TL_TRACK_OK)
        {
          if (config->backend != TL_TRACK_BACKEND_AUTO)
            goto failed;
          /* Out of GPU memory (or a broken device) under AUTO: the CPU does the same work. */
          snprintf (tracker->note, sizeof tracker->note, "using the CPU: %s", reason);
          tracker->backend = TL_TRACK_BACKEND_CPU;
          status = TL_TRACK_OK;
        }
    }
#endif

  luma = (size_t) config->width * config->height;
  tracker->raw = malloc (luma);
  tracker->dilated = malloc (luma);
#if TL_HAVE_CUDA
  /* The mask comes down from the GPU every frame: page-locked, it comes at the bus's speed. */
  if (tracker->cuda != NULL)
    tracker->mask = tl_cuda_host_alloc (luma);
  tracker->mask_pinned = tracker->mask != NULL;
  tracker->pipelined = config->overlap && tracker->cuda != NULL
                       && tl_cuda_bg_has_slots (tracker->cuda);
#endif
  if (tracker->mask == NULL)
    tracker->mask = calloc (1, luma);
  tracker->mask_shown = tracker->mask;
  tracker->pool = tl_band_pool_new (config->n_threads);
  tracker->blobs = tl_blob_finder_new ();
  tracker->detector = tl_detector_new (&tracker->geo, ball_max_px (&tracker->geo, config));
  tracker->persons = tl_person_tracks_new (&tracker->geo, tracker->config.fps);
  tracker->ball = tl_ball_track_new (&tracker->geo, tracker->config.fps,
                                     ball_max_px (&tracker->geo, config));
  /* Held once 2 m from where it was born (a keeper sways more than that, a ghost not at all);
   * remembered as long as a lost track can come back (tl-person-tracks.c: 10 s). */
  tracker->hold = tl_bg_hold_new (config->width, config->height,
                                  config->have_camera ? 2.0 : 0.0,
                                  (int) lround (11 * tracker->config.fps));
  tracker->delay = tl_report_delay_new (config->report_lag);
  if (!tracker->raw || !tracker->dilated || !tracker->mask || !tracker->pool
      || !tracker->blobs || !tracker->detector || !tracker->persons || !tracker->ball
      || !tracker->hold || !tracker->delay
      || tl_bg_planes_alloc (&tracker->planes, config->width, config->height) < 0)
    {
      snprintf (reason, sizeof reason, "out of memory for a %dx%d engine",
                config->width, config->height);
      status = TL_TRACK_ERROR_NO_MEMORY;
      goto failed;
    }

  *out = tracker;
  return TL_TRACK_OK;

failed:
  if (message != NULL)
    snprintf (message, message_size, "%s", reason);
  tl_tracker_free (tracker);
  return status;
}

void
tl_tracker_free (TlTracker *tracker)
{
  if (tracker == NULL)
    return;
#if TL_HAVE_CUDA
  tl_cuda_bg_free (tracker->cuda);
#endif
  tl_bg_planes_free (&tracker->planes);
  tl_scene_geometry_clear (&tracker->geo);
  tl_band_pool_free (tracker->pool);
  tl_blob_finder_free (tracker->blobs);
  tl_detector_free (tracker->detector);
  tl_person_tracks_free (tracker->persons);
  tl_bg_hold_free (tracker->hold);
  tl_ball_track_free (tracker->ball);
  tl_report_delay_free (tracker->delay);
  free (tracker->raw);
  free (tracker->dilated);
#if TL_HAVE_CUDA
  if (tracker->mask_pinned)
    tl_cuda_host_free (tracker->mask);
  else
#endif
    free (tracker->mask);
  free (tracker->updates);
  free (tracker);
}

TlTrackBackend
tl_tracker_get_backend (TlTracker *tracker)
{
  return tracker->backend;
}

const char *
tl_tracker_get_note (TlTracker *tracker)
{
  return tracker->note;
}

const char *
tl_tracker_get_error (TlTracker *tracker)
{
  return tracker->error;
}

const uint8_t *
tl_tracker_get_mask (TlTracker *tracker)
{
  return tracker->mask_shown;
}

/* Copies rows [@y0, @y1) (even) of @from into @to, a frame of the same size and format in
 * memory of the engine's own (a CUDA slot's page-locked frame, tl_cuda_bg_slot). */
static void
copy_frame_rows (const TlFrame *from,
                 const TlFrame *to,
                 int            y0,
                 int            y1)
{
  int chroma_bytes = from->format == TL_FRAME_NV12 ? from->width : from->width / 2;
  int n_chroma_planes = from->format == TL_FRAME_NV12 ? 1 : 2;

  for (int y = y0; y < y1; y++)
    memcpy ((uint8_t *) to->planes[0] + (long) y * to->strides[0],
            from->planes[0] + (long) y * from->strides[0], from->width);
  for (int p = 1; p <= n_chroma_planes; p++)
    for (int y = y0 / 2; y < y1 / 2; y++)
      memcpy ((uint8_t *) to->planes[p] + (long) y * to->strides[p],
              from->planes[p] + (long) y * from->strides[p], chroma_bytes);
}

static void
band_stage (void *user,
            int   band,
            int   y0,
            int   y1)
{
  BandJob *job = user;
  TlTracker *tracker = job->tracker;
  int w = tracker->config.width, h = tracker->config.height;

  switch (job->stage)
    {
    case 0:
      tl_bg_init_rows (&tracker->bg_params, job->frame, &tracker->planes, y0, y1);
      break;
    case 1:
      tl_bg_range_rows (&tracker->planes, y0, y1);
      break;
    case 2:
      tl_bg_classify_rows (&tracker->bg_params, &job->ctl, job->frame, &tracker->planes,
                           tracker->geo.pitch_blocks, job->hold, tracker->raw, y0, y1,
                           &job->sums[band]);
      break;
    case 3:
      tl_bg_morph_rows (tracker->raw, tracker->dilated, w, h, 0, NULL, y0, y1);
      break;
    case 5:
      copy_frame_rows (job->frame, job->staged, job->row0 + y0, job->row0 + y1);
      break;
    default:
      tl_bg_morph_rows (tracker->dilated, tracker->mask, w, h, 1, tracker->geo.pitch_blocks,
                        y0, y1);
      break;
    }
}

static TlTrackStatus
check_frame (TlTracker     *tracker,
             const TlFrame *frame)
{
  if (frame == NULL || frame->planes[0] == NULL || frame->planes[1] == NULL
      || (frame->format == TL_FRAME_I420 && frame->planes[2] == NULL))
    return set_error (tracker, TL_TRACK_ERROR_INVALID, "frame without planes");
  if (frame->width != tracker->config.width || frame->height != tracker->config.height)
    return set_error (tracker, TL_TRACK_ERROR_INVALID,
                      "frame is %dx%d but the engine analyses %dx%d", frame->width,
                      frame->height, tracker->config.width, tracker->config.height);
  if (frame->format != TL_FRAME_I420 && frame->format != TL_FRAME_NV12)
    return set_error (tracker, TL_TRACK_ERROR_INVALID, "unknown frame format %d",
                      (int) frame->format);
  return TL_TRACK_OK;
}

static TlTrackStatus finish_pending (TlTracker     *tracker,
                                     TlFrameResult *result);

static double
seconds_now (void)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  return now.tv_sec + now.tv_nsec * 1e-9;
}

#if TL_HAVE_CUDA
/* TlCudaFillFunc: the band threads copy rows [@y0, @y1) of the job's frame into @staged. */
static void
fill_staging (void          *user,
              const TlFrame *staged,
              int            y0,
              int            y1)
{
  BandJob *job = user;
  double start = seconds_now ();

  job->stage = 5;
  job->staged = staged;
  job->row0 = y0;
  tl_band_pool_run (job->tracker->pool, band_stage, job, y1 - y0, 2);
  job->tracker->timings.cuda_stage_s += seconds_now () - start;
}
#endif

/* The held cells the next frame is classified with: those of the last frame's tracks or, with
 * overlap, those of the tracks two frames before it, on either backend, so that the GPU can
 * classify frame n while the CPU tracks frame n - 1 (on the eight 60 s demos a frame's delay
 * cost nothing: docs/tracking.md). */
static const uint8_t *
hold_for_next_frame (TlTracker *tracker)
{
  if (!tracker->config.overlap)
    return tl_bg_hold_plane (tracker->hold);
#if TL_HAVE_CUDA
  /* Frame n - 1 is not tracked yet: the plane is still that of frame n - 2. */
  if (tracker->pending)
    return tl_bg_hold_plane (tracker->hold);
#endif
  return tl_bg_hold_plane_before (tracker->hold);
}

static void
prepare_job (TlTracker     *tracker,
             const TlFrame *frame,
             int            learn,
             BandJob       *job)
{
  memset (job, 0, sizeof *job);
  job->tracker = tracker;
  job->frame = frame;
  job->hold = hold_for_next_frame (tracker);
  job->ctl.gain_q8 = learn ? 256 : tracker->gain_q8;
  /* Learning steps 8, 4, 2, then 1 level, ten frames each. */
  job->ctl.learn = learn ? 8 >> (tracker->learned / 10 < 3 ? tracker->learned / 10 : 3) : 0;
  job->ctl.absorb = tracker->bg_params.absorb_period > 0
                    && tracker->pixel_frames % tracker->bg_params.absorb_period == 0;
}

/* Runs the per-pixel stages and waits for them: model update + mask on the backend;
 * tracker->mask holds the result. */
static TlTrackStatus
pixel_stages (TlTracker     *tracker,
              const TlFrame *frame,
              int            learn)
{
  BandJob job;
  TlBgSums sums = { 0, 0 };
  int h = tracker->config.height;

  prepare_job (tracker, frame, learn, &job);
#if TL_HAVE_CUDA
  if (tracker->backend == TL_TRACK_BACKEND_CUDA)
    {
      TlTrackStatus status = TL_TRACK_OK;
      TlFrame staged;
      const uint8_t *slot_mask;

      /* A frame in pageable memory would go up through the driver's staging buffer, copied
       * by one thread: the band threads copy it into page-locked memory faster (a slot's
       * frame: none is on its way when this runs), and the upload then runs at the bus's
       * speed. */
      if (tl_cuda_bg_has_slots (tracker->cuda))
        {
          double start = seconds_now ();

          tl_cuda_bg_slot (tracker->cuda, 0, frame->format, &staged, &slot_mask);
          job.stage = 5;
          job.staged = &staged;
          job.row0 = 0;
          tl_band_pool_run (tracker->pool, band_stage, &job, h, 2);
          frame = &staged;
          tracker->timings.cuda_stage_s += seconds_now () - start;
        }
      if (!tracker->have_model)
        status = tl_cuda_bg_init (tracker->cuda, frame, &tracker->bg_params,
                                  tracker->error, sizeof tracker->error);
      if (status == TL_TRACK_OK)
        status = tl_cuda_bg_process (tracker->cuda, &tracker->bg_params, &job.ctl, frame,
                                     job.hold, tracker->mask, NULL, &sums, tracker->error,
                                     sizeof tracker->error);
      if (status != TL_TRACK_OK)
        return status;
      tracker->have_model = 1;
      tracker->gain_q8 = tl_bg_gain_from_sums (&sums);
      return TL_TRACK_OK;
    }
#endif

  if (!tracker->have_model)
    {
      job.stage = 0;
      tl_band_pool_run (tracker->pool, band_stage, &job, h, 2);
      tracker->have_model = 1;
    }
  for (job.stage = 1; job.stage <= 4; job.stage++)
    tl_band_pool_run (tracker->pool, band_stage, &job, h, 2);
  for (int b = 0; b < 64; b++)
    {
      sums.frame_luma += job.sums[b].frame_luma;
      sums.model_luma += job.sums[b].model_luma;
    }
  tracker->gain_q8 = tl_bg_gain_from_sums (&sums);
  return TL_TRACK_OK;
}

#if TL_HAVE_CUDA
/* Waits for the frame on the GPU, if one is: its sums give the next frame's gain. */
static TlTrackStatus
wait_for_gpu (TlTracker *tracker)
{
  TlBgSums sums = { 0, 0 };
  TlTrackStatus status;

  if (!tracker->gpu_busy)
    return TL_TRACK_OK;
  tracker->gpu_busy = 0;
  status = tl_cuda_bg_finish (tracker->cuda, &sums, tracker->error, sizeof tracker->error);
  if (status == TL_TRACK_OK)
    tracker->gain_q8 = tl_bg_gain_from_sums (&sums);
  return status;
}

/* Starts @frame's per-pixel stages on the GPU, in the slot the pending frame (if any) does
 * not hold, and returns without waiting. */
static TlTrackStatus
launch_pixel_stages (TlTracker     *tracker,
                     const TlFrame *frame)
{
  BandJob job;
  TlTrackStatus status = TL_TRACK_OK;
  int slot = 1 - tracker->slot;

  prepare_job (tracker, frame, 0, &job);
  if (!tracker->have_model)
    status = tl_cuda_bg_init (tracker->cuda, frame, &tracker->bg_params, tracker->error,
                              sizeof tracker->error);
  if (status == TL_TRACK_OK)
    status = tl_cuda_bg_launch (tracker->cuda, &tracker->bg_params, &job.ctl, frame->format,
                                fill_staging, &job, slot, job.hold, tracker->error,
                                sizeof tracker->error);
  if (status != TL_TRACK_OK)
    return status;
  tracker->have_model = 1;
  tracker->gpu_busy = 1;
  tracker->launched_slot = slot;
  tracker->launched_format = frame->format;
  tracker->launched_tag = frame->tag;
  return TL_TRACK_OK;
}
#endif

TlTrackStatus
tl_tracker_learn (TlTracker     *tracker,
                  const TlFrame *frame)
{
  TlTrackStatus status;

  if (tracker == NULL)
    return TL_TRACK_ERROR_INVALID;
  status = check_frame (tracker, frame);
  if (status == TL_TRACK_OK)
    status = finish_pending (tracker, NULL);
  if (status == TL_TRACK_OK)
    status = pixel_stages (tracker, frame, 1);
  if (status == TL_TRACK_OK)
    tracker->learned++;
  return status;
}

static int
new_id (void *user)
{
  return tl_person_tracks_next_id (user);
}

/* The foreground mask misses the top of a player's head: the pixels there are partly grass
 * (a round head, the edge blended by the lens and the coding), and the 2x2 chroma blocks mix
 * them with the grass above. On the eight 60 s demos the tops of the far players' boxes that
 * matched their player lay 0.04 of his height (0.8 px at 1920x576) below his own, the feet
 * right to 0.006. Reported boxes reach that pixel higher, as they are a pixel wider for the
 * blended sides (SILHOUETTE_EDGE_PX in tl-person-tracks.c). Only what is reported: the tracker
 * itself keeps the mask's box, which the held cells and its size rules are measured on (the
 * pixel added there as well, the held cells moved with it and the identities reshuffled:
 * IDF1 mean 0.706 -> 0.699 for MOTA 0.856 -> 0.859; here 0.706 -> 0.707 and 0.856 -> 0.860,
 * docs/tracking.md). */
#define HEAD_EDGE_PX 1.0f

static void
show_head_edge (TlTrackUpdate *u)
{
  u->y -= HEAD_EDGE_PX;
  u->h += HEAD_EDGE_PX;
}

/* Fills @result (may be NULL) with the tracks of the next frame to report: its persons with
 * their boxes smoothed over the frames around it and short gaps bridged, and the ball as the
 * frames pushed since revise it. */
static TlTrackStatus
report_next (TlTracker     *tracker,
             TlFrameResult *result)
{
  int64_t frame = tracker->next_report++;
  int n_persons;
  TlTrackUpdate ball;
  int have_ball = tl_ball_track_revised (tracker->ball, (int) (tracker->frame - 1 - frame), &ball);

  if (tl_report_delay_revised (tracker->delay, frame, tracker->frame - 1, &tracker->updates,
                               &tracker->updates_capacity, &n_persons) < 0)
    return set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory for tracks");
  for (int i = 0; i < n_persons; i++)
    show_head_edge (&tracker->updates[i]);
  if (have_ball)
    tracker->updates[n_persons++] = ball;
  if (result != NULL)
    {
      result->frame = frame;
      result->tag = tl_report_delay_get_tag (tracker->delay, frame);
      result->tracks = tracker->updates;
      result->n_tracks = n_persons;
    }
  return TL_TRACK_OK;
}

/* With a report lag, the tracks confirmed in the frame just kept show the player in the frames
 * before, while they were tentative, where those frames are not reported yet: a far player's
 * track needs 8 frames (0.32 s) to be confirmed. */
static int
keep_late_reports (TlTracker *tracker)
{
  const TlLateUpdate *late;
  int n = tl_person_tracks_get_late (tracker->persons, &late);

  if (tracker->config.report_lag == 0)
    return 0;
  for (int i = 0; i < n; i++)
    {
      int64_t frame = tracker->frame - late[i].back;

      if (frame >= tracker->next_report
          && tl_report_delay_add (tracker->delay, frame, &late[i].update) < 0)
        return -1;
    }
  return 0;
}

/* Adds the time since *@start to *@total and starts the next lap. */
static void
lap (double *start,
     double *total)
{
  double now = seconds_now ();

  *total += now - *start;
  *start = now;
}

void
tl_tracker_get_timings (TlTracker        *tracker,
                        TlTrackerTimings *out)
{
  *out = tracker->timings;
#if TL_HAVE_CUDA
  if (tracker->cuda != NULL)
    tl_cuda_bg_get_times (tracker->cuda, &out->cuda_upload_s, &out->cuda_kernels_s,
                          &out->cuda_download_s);
#endif
}

/* The CPU stages of a frame whose mask is ready: blobs, detections, person and ball tracks,
 * held cells, the report delay. Fills @result (may be NULL) with the frame's detections;
 * *@start is the lap clock of the timings. */
static TlTrackStatus
cpu_stages (TlTracker     *tracker,
            const TlFrame *frame,
            const uint8_t *mask,
            TlFrameResult *result,
            double        *start)
{
  const TlDetection *dets;
  const TlTrackUpdate *persons;
  TlTrackUpdate ball;
  const float *feet;
  int n_blobs, n_dets, n_persons, n_feet;

  tracker->mask_shown = mask;
  n_blobs = tl_blob_finder_run (tracker->blobs, mask, tracker->config.width,
                                tracker->config.height, tracker->config.width, tracker->pool);
  if (n_blobs < 0)
    return set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory labelling blobs");
  lap (start, &tracker->timings.blobs_s);
  n_feet = tl_person_tracks_predict_feet (tracker->persons, &feet);
  if (n_feet < 0)
    return set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory for tracks");
  n_dets = tl_detector_run (tracker->detector, tl_blob_finder_blobs (tracker->blobs), n_blobs,
                            tl_blob_finder_runs (tracker->blobs), feet, n_feet, frame, &dets);
  if (n_dets < 0)
    return set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory for detections");
  lap (start, &tracker->timings.detect_s);
  n_persons = tl_person_tracks_update (tracker->persons, dets, n_dets, &persons);
  if (n_persons < 0)
    return set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory for tracks");
  if (tl_bg_hold_update (tracker->hold, persons, n_persons) < 0)
    return set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory for tracks");
  /* The ball is reported with the frame's persons, once the delay is over (report_next). */
  tl_ball_track_update (tracker->ball, dets, n_dets, frame, mask, new_id, tracker->persons,
                        &ball);

  if (tl_report_delay_keep (tracker->delay, tracker->frame, frame->tag, persons,
                            n_persons) < 0)
    return set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory for tracks");
  if (keep_late_reports (tracker) < 0)
    return set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory for tracks");
  lap (start, &tracker->timings.track_s);
  tracker->timings.frames++;
  tracker->frame++;

  if (result != NULL)
    {
      result->pushed = tracker->frame - 1;
      result->detections = dets;
      result->n_detections = n_dets;
    }
  return TL_TRACK_OK;
}

static void
clear_result (TlTracker     *tracker,
              TlFrameResult *result)
{
  if (result == NULL)
    return;
  memset (result, 0, sizeof *result);
  result->pushed = -1;
  result->frame = -1;
  result->tag = -1;
  result->tracks = tracker->updates;
}

/* Runs the CPU stages of the frame that waits for them (pipelined CUDA), if one does. */
static TlTrackStatus
finish_pending (TlTracker     *tracker,
                TlFrameResult *result)
{
#if TL_HAVE_CUDA
  TlTrackStatus status;
  TlFrame frame;
  const uint8_t *mask;
  double start = seconds_now ();

  if (!tracker->pending)
    return TL_TRACK_OK;
  status = wait_for_gpu (tracker);
  if (status != TL_TRACK_OK)
    return status;
  lap (&start, &tracker->timings.pixel_s);
  tracker->pending = 0;
  tl_cuda_bg_slot (tracker->cuda, tracker->slot, tracker->pending_format, &frame, &mask);
  frame.tag = tracker->pending_tag;
  return cpu_stages (tracker, &frame, mask, result, &start);
#else
  (void) tracker;
  (void) result;
  return TL_TRACK_OK;
#endif
}

TlTrackStatus
tl_tracker_push (TlTracker     *tracker,
                 const TlFrame *frame,
                 TlFrameResult *result)
{
  TlTrackStatus status;
  double start;

  if (tracker == NULL)
    return TL_TRACK_ERROR_INVALID;
  status = check_frame (tracker, frame);
  if (status != TL_TRACK_OK)
    return status;
  clear_result (tracker, result);

  start = seconds_now ();
#if TL_HAVE_CUDA
  if (tracker->pipelined)
    {
      /* The previous frame's mask must be down before this frame is launched (one frame on
       * the GPU at a time, and its sums set this frame's gain); then the CPU tracks the
       * previous frame while the GPU works on this one. */
      status = wait_for_gpu (tracker);
      if (status == TL_TRACK_OK)
        status = launch_pixel_stages (tracker, frame);
      if (status != TL_TRACK_OK)
        return status;
      tracker->pixel_frames++;
      lap (&start, &tracker->timings.pixel_s);
      if (tracker->pending)
        {
          TlFrame previous;
          const uint8_t *mask;

          tl_cuda_bg_slot (tracker->cuda, tracker->slot, tracker->pending_format, &previous,
                           &mask);
          previous.tag = tracker->pending_tag;
          status = cpu_stages (tracker, &previous, mask, result, &start);
          if (status != TL_TRACK_OK)
            return status;
        }
      tracker->pending = 1;
      tracker->slot = tracker->launched_slot;
      tracker->pending_format = tracker->launched_format;
      tracker->pending_tag = tracker->launched_tag;
    }
  else
#endif
    {
      status = pixel_stages (tracker, frame, 0);
      if (status != TL_TRACK_OK)
        return status;
      tracker->pixel_frames++;
      lap (&start, &tracker->timings.pixel_s);
      status = cpu_stages (tracker, frame, tracker->mask, result, &start);
      if (status != TL_TRACK_OK)
        return status;
    }

  /* One report a push: after a tl_tracker_drain the push that tracks no frame reports the
   * drained one's. */
  if (tracker->frame - 1 - tracker->config.report_lag >= tracker->next_report)
    return report_next (tracker, result);
  return TL_TRACK_OK;
}

int
tl_tracker_drain (TlTracker     *tracker,
                  TlFrameResult *result)
{
  int had;

  if (tracker == NULL || result == NULL)
    return 0;
  clear_result (tracker, result);
#if TL_HAVE_CUDA
  had = tracker->pending;
#else
  had = 0;
#endif
  return had && finish_pending (tracker, result) == TL_TRACK_OK;
}

int
tl_tracker_get_held_back (TlTracker *tracker)
{
  int pending = 0;

  if (tracker == NULL)
    return 0;
#if TL_HAVE_CUDA
  pending = tracker->pending;
#endif
  return (int) (tracker->frame + pending - tracker->next_report);
}

int64_t
tl_tracker_get_next_tag (TlTracker *tracker)
{
  if (tracker == NULL)
    return -1;
  if (tracker->next_report < tracker->frame)
    return tl_report_delay_get_tag (tracker->delay, tracker->next_report);
#if TL_HAVE_CUDA
  if (tracker->pending && tracker->next_report == tracker->frame)
    return tracker->pending_tag;
#endif
  return -1;
}

int
tl_tracker_flush (TlTracker     *tracker,
                  TlFrameResult *result)
{
  if (tracker == NULL || result == NULL || finish_pending (tracker, NULL) != TL_TRACK_OK
      || tracker->next_report >= tracker->frame)
    return 0;
  memset (result, 0, sizeof *result);
  result->pushed = -1;
  return report_next (tracker, result) == TL_TRACK_OK;
}

/* Forgets tracks and the background; ids continue to grow. */
static void
reset (TlTracker *tracker)
{
#if TL_HAVE_CUDA
  /* A frame still on the GPU is waited for and forgotten. */
  wait_for_gpu (tracker);
  tracker->pending = 0;
#endif
  tracker->mask_shown = tracker->mask;
  tracker->pixel_frames = 0;
  tracker->have_model = 0;
  tracker->learned = 0;
  tracker->gain_q8 = 256;
  tracker->frame = 0;
  tracker->next_report = 0;
  tl_report_delay_reset (tracker->delay);
  tl_person_tracks_reset (tracker->persons);
  tl_ball_track_reset (tracker->ball);
  tl_bg_hold_reset (tracker->hold);
}

/* "TLES", then the format version, the analysis size and the sizes of the records that follow,
 * so a blob from another build or another analysis size is refused instead of misread. */
#define STATE_MAGIC   0x53454c54u
#define STATE_VERSION 10

TlTrackStatus
tl_tracker_save_state (TlTracker *tracker,
                       uint8_t  **out_data,
                       size_t    *out_size)
{
  TlStateWriter w = { 0 };
  TlTrackStatus status;
  size_t luma, chroma;
  int64_t head[10];

  if (tracker == NULL || out_data == NULL || out_size == NULL)
    return TL_TRACK_ERROR_INVALID;
  *out_data = NULL;
  *out_size = 0;
  /* A state is taken between frames: the frame the GPU and the CPU stages are still at is
   * finished first (its detections go to no one; its tracks are reported as usual). */
  status = finish_pending (tracker, NULL);
  if (status != TL_TRACK_OK)
    return status;
#if TL_HAVE_CUDA
  /* The CUDA model lives on the device: its planes come down into the host copy, which is
   * the CPU backend's model, so either backend can resume from the state. */
  if (tracker->backend == TL_TRACK_BACKEND_CUDA && tracker->have_model)
    {
      char reason[200];

      if (tl_cuda_bg_download_model (tracker->cuda, &tracker->planes, reason, sizeof reason)
          != TL_TRACK_OK)
        return set_error (tracker, TL_TRACK_ERROR_CUDA, "%s", reason);
    }
#endif

  head[0] = STATE_MAGIC;
  head[1] = STATE_VERSION;
  head[2] = tracker->config.width;
  head[3] = tracker->config.height;
  head[4] = tracker->have_model;
  head[5] = tracker->learned;
  head[6] = tracker->gain_q8;
  head[7] = tracker->frame;
  head[8] = tracker->config.report_lag;
  head[9] = tracker->next_report;
  tl_state_put (&w, head, sizeof head);
  luma = (size_t) tracker->config.width * tracker->config.height;
  chroma = luma / 4;
  if (tracker->have_model)
    {
      tl_state_put (&w, tracker->planes.mean_y, luma);
      tl_state_put (&w, tracker->planes.spread_y, luma);
      tl_state_put (&w, tracker->planes.age_y, luma);
      tl_state_put (&w, tracker->planes.mean_u, chroma);
      tl_state_put (&w, tracker->planes.mean_v, chroma);
    }
  tl_person_tracks_save (tracker->persons, &w);
  tl_ball_track_save (tracker->ball, &w);
  tl_bg_hold_save (tracker->hold, &w);
  tl_report_delay_save (tracker->delay, &w);
  if (w.failed)
    {
      free (w.data);
      return set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory saving the state");
    }
  *out_data = w.data;
  *out_size = w.size;
  return TL_TRACK_OK;
}

TlTrackStatus
tl_tracker_restore_state (TlTracker     *tracker,
                          const uint8_t *data,
                          size_t         size)
{
  TlStateReader r = { data, size, 0, 0 };
  size_t luma, chroma;
  int64_t head[10];

  if (tracker == NULL || data == NULL)
    return TL_TRACK_ERROR_INVALID;
#if TL_HAVE_CUDA
  /* Whatever the engine was at is replaced: a frame still on the GPU is forgotten. */
  wait_for_gpu (tracker);
  tracker->pending = 0;
#endif
  if (tl_state_get (&r, head, sizeof head) < 0 || head[0] != STATE_MAGIC)
    return set_error (tracker, TL_TRACK_ERROR_INVALID, "not an engine state");
  if (head[1] != STATE_VERSION)
    return set_error (tracker, TL_TRACK_ERROR_INVALID, "engine state version %d, expected %d",
                      (int) head[1], STATE_VERSION);
  if (head[2] != tracker->config.width || head[3] != tracker->config.height)
    return set_error (tracker, TL_TRACK_ERROR_INVALID,
                      "engine state is for %dx%d, the engine analyses %dx%d", (int) head[2],
                      (int) head[3], tracker->config.width, tracker->config.height);
  if (head[8] != tracker->config.report_lag)
    return set_error (tracker, TL_TRACK_ERROR_INVALID,
                      "engine state holds results back %d frames, the engine %d", (int) head[8],
                      tracker->config.report_lag);
  luma = (size_t) tracker->config.width * tracker->config.height;
  chroma = luma / 4;
  if (head[4]
      && (tl_state_get (&r, tracker->planes.mean_y, luma) < 0
          || tl_state_get (&r, tracker->planes.spread_y, luma) < 0
          || tl_state_get (&r, tracker->planes.age_y, luma) < 0
          || tl_state_get (&r, tracker->planes.mean_u, chroma) < 0
          || tl_state_get (&r, tracker->planes.mean_v, chroma) < 0))
    goto corrupt;
  if (tl_person_tracks_restore (tracker->persons, &r) < 0
      || tl_ball_track_restore (tracker->ball, &r) < 0
      || tl_bg_hold_restore (tracker->hold, &r) < 0
      || tl_report_delay_restore (tracker->delay, &r) < 0 || r.pos != r.size
      || head[9] < 0 || head[9] > head[7]
      || head[6] < TL_BG_GAIN_MIN_Q8 || head[6] > TL_BG_GAIN_MAX_Q8)
    goto corrupt;
#if TL_HAVE_CUDA
  if (tracker->backend == TL_TRACK_BACKEND_CUDA && head[4])
    {
      char reason[200];

      if (tl_cuda_bg_upload_model (tracker->cuda, &tracker->planes, reason, sizeof reason)
          != TL_TRACK_OK)
        {
          reset (tracker);
          return set_error (tracker, TL_TRACK_ERROR_CUDA, "%s", reason);
        }
    }
#endif
  tracker->have_model = (int) head[4];
  tracker->learned = (int) head[5];
  tracker->gain_q8 = (int32_t) head[6];
  tracker->frame = head[7];
  tracker->pixel_frames = head[7];
  tracker->next_report = head[9];
  tracker->mask_shown = tracker->mask;
  return TL_TRACK_OK;

corrupt:
  /* A half-restored engine must not be pushed: start it over. */
  reset (tracker);
  return set_error (tracker, TL_TRACK_ERROR_INVALID, "engine state is truncated or corrupt");
}
