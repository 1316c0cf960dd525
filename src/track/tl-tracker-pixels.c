/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tracker-pixels.c: the engine's per-pixel stages: background model, mask and closing, in
 * bands on the CPU or on the GPU (staged through page-locked memory, and with overlap started
 * without waiting so the CPU can track the frame before meanwhile). */
#include "tl-tracker-private.h"

#include <string.h>

/* The stages the band threads run, in the order a frame goes through them (STAGE_COPY: the
 * frame into a CUDA slot, tl_cuda_bg_launch's fill). */
typedef enum
{
  STAGE_INIT_MODEL,
  STAGE_RANGES,
  STAGE_CLASSIFY,
  STAGE_DILATE,
  STAGE_ERODE,
  STAGE_COPY,
} Stage;

/* Per-band arguments of the CPU stages. */
typedef struct
{
  TlTracker          *tracker;
  const TlFrame      *frame;
  const uint8_t      *hold;     /* STAGE_CLASSIFY: the held cells (hold_for_next_frame) */
  const TlFrame      *staged;   /* STAGE_COPY: where the frame's rows are copied... */
  int                 row0;     /* ...starting at this row */
  TlBgFrameCtl        ctl;
  TlBgSums            sums[64];
  Stage               stage;
} BandJob;

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
    case STAGE_INIT_MODEL:
      tl_bg_init_rows (&tracker->bg_params, job->frame, &tracker->planes, y0, y1);
      break;
    case STAGE_RANGES:
      tl_bg_range_rows (&tracker->planes, y0, y1);
      break;
    case STAGE_CLASSIFY:
      tl_bg_classify_rows (&tracker->bg_params, &job->ctl, job->frame, &tracker->planes,
                           tracker->geo.pitch_blocks, job->hold, tracker->raw, y0, y1,
                           &job->sums[band]);
      break;
    case STAGE_DILATE:
      tl_bg_morph_rows (tracker->raw, tracker->dilated, w, h, 0, NULL, y0, y1);
      break;
    case STAGE_ERODE:
      tl_bg_morph_rows (tracker->dilated, tracker->mask, w, h, 1, tracker->geo.pitch_blocks,
                        y0, y1);
      break;
    case STAGE_COPY:
      copy_frame_rows (job->frame, job->staged, job->row0 + y0, job->row0 + y1);
      break;
    }
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
  double start = tl_tracker_seconds_now ();

  job->stage = STAGE_COPY;
  job->staged = staged;
  job->row0 = y0;
  tl_band_pool_run (job->tracker->pool, band_stage, job, y1 - y0, 2);
  job->tracker->timings.cuda_stage_s += tl_tracker_seconds_now () - start;
}
#endif

/* The held cells the next frame is classified with: those of the last frame's tracks or, with
 * overlap, those of the tracks two frames before it, on either backend, so that the GPU can
 * classify frame n while the CPU tracks frame n - 1 (on the eight 60 s demos a frame's delay
 * cost nothing: docs/tracking.md). */
static const uint8_t *
hold_for_next_frame (TlTracker *tracker)
{
  /* With overlap and frame n - 1 not tracked yet, the plane is still that of frame n - 2. */
  if (!tracker->config.overlap || tl_tracker_has_pending (tracker))
    return tl_bg_hold_plane (tracker->hold);
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
TlTrackStatus
tl_tracker_pixel_stages (TlTracker     *tracker,
                         const TlFrame *frame,
                         int            learn)
{
  BandJob job;
  TlBgSums sums = { 0, 0, 0, 0 };
  int h = tracker->config.height;

  prepare_job (tracker, frame, learn, &job);
#if TL_HAVE_CUDA
  if (tracker->backend == TL_TRACK_BACKEND_CUDA)
    {
      TlTrackStatus status = TL_TRACK_OK;
      TlFrame staged;

      /* A frame in pageable memory would go up through the driver's staging buffer, copied
       * by one thread: the band threads copy it into page-locked memory faster (a slot's
       * frame: none is on its way when this runs), and the upload then runs at the bus's
       * speed. */
      if (tl_cuda_bg_has_slots (tracker->cuda))
        {
          tl_cuda_bg_slot (tracker->cuda, 0, frame->format, &staged, NULL);
          fill_staging (&job, &staged, 0, h);
          frame = &staged;
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
      job.stage = STAGE_INIT_MODEL;
      tl_band_pool_run (tracker->pool, band_stage, &job, h, 2);
      tracker->have_model = 1;
    }
  for (Stage stage = STAGE_RANGES; stage <= STAGE_ERODE; stage++)
    {
      job.stage = stage;
      tl_band_pool_run (tracker->pool, band_stage, &job, h, 2);
    }
  for (int b = 0; b < 64; b++)
    {
      sums.frame_luma += job.sums[b].frame_luma;
      sums.model_luma += job.sums[b].model_luma;
      sums.frame_agreeing += job.sums[b].frame_agreeing;
      sums.model_agreeing += job.sums[b].model_agreeing;
    }
  tracker->gain_q8 = tl_bg_gain_from_sums (&sums);
  return TL_TRACK_OK;
}

/* The CUDA model lives on the device; tracker->planes is the CPU backend's model, and on CUDA
 * the host copy that states and the learning's corrections go through. No-ops on the CPU or
 * before there is a model. */
static TlTrackStatus
transfer_model (TlTracker *tracker,
                int        to_device)
{
#if TL_HAVE_CUDA
  char reason[200];
  TlTrackStatus status;

  if (tracker->backend != TL_TRACK_BACKEND_CUDA || !tracker->have_model)
    return TL_TRACK_OK;
  status = to_device
           ? tl_cuda_bg_upload_model (tracker->cuda, &tracker->planes, reason, sizeof reason)
           : tl_cuda_bg_download_model (tracker->cuda, &tracker->planes, reason, sizeof reason);
  if (status != TL_TRACK_OK)
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_CUDA, "%s", reason);
#endif
  (void) tracker;
  (void) to_device;
  return TL_TRACK_OK;
}

TlTrackStatus
tl_tracker_model_to_host (TlTracker *tracker)
{
  return transfer_model (tracker, 0);
}

TlTrackStatus
tl_tracker_model_to_device (TlTracker *tracker)
{
  return transfer_model (tracker, 1);
}

#if TL_HAVE_CUDA
/* Waits for the frame on the GPU, if one is: its sums give the next frame's gain. */
TlTrackStatus
tl_tracker_wait_for_gpu (TlTracker *tracker)
{
  TlBgSums sums = { 0, 0, 0, 0 };
  TlTrackStatus status;

  if (tracker->cuda == NULL || !tl_cuda_bg_busy (tracker->cuda))
    return TL_TRACK_OK;
  status = tl_cuda_bg_finish (tracker->cuda, &sums, tracker->error, sizeof tracker->error);
  if (status == TL_TRACK_OK)
    tracker->gain_q8 = tl_bg_gain_from_sums (&sums);
  return status;
}

/* Starts @frame's per-pixel stages on the GPU, in the slot the pending frame (if any) does
 * not hold, and returns without waiting. */
TlTrackStatus
tl_tracker_launch_pixel_stages (TlTracker     *tracker,
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
  tracker->pending = 1;
  tracker->slot = slot;
  tracker->pending_format = frame->format;
  tracker->pending_tag = frame->tag;
  return TL_TRACK_OK;
}
#endif

