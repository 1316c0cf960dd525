/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tracker.c: the engine: creation, pushes (per-pixel stages on the chosen backend,
 * tl-tracker-pixels.c, then blobs, detections, person tracks and the ball on the CPU), reports.
 * Checkpoints: tl-tracker-state.c. */
#include "tl-tracker-private.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tl-array.h"

TlTrackStatus
tl_tracker_set_error (TlTracker     *tracker,
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
  /* Held once 2 m from where it was born (a keeper sways more than that, a ghost not at all),
   * frozen too while under 1 m/s (a track's speed wanders up to 0.9 m/s on a player who
   * stands, fed pieces of him); remembered as long as a lost track can come back
   * (tl-person-tracks.c: 10 s). */
  tracker->hold = tl_bg_hold_new (config->width, config->height,
                                  config->have_camera ? 2.0 : 0.0,
                                  config->have_camera ? 1.0 : 0.0,
                                  (int) lround (11 * tracker->config.fps));
  tracker->learnt = tl_bg_learnt_new (config->width, config->height);
  tracker->delay = tl_report_delay_new (config->report_lag);
  if (!tracker->raw || !tracker->dilated || !tracker->mask || !tracker->pool
      || !tracker->blobs || !tracker->detector || !tracker->persons || !tracker->ball
      || !tracker->hold || !tracker->learnt || !tracker->delay
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
  tl_bg_learnt_free (tracker->learnt);
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

static TlTrackStatus
check_frame (TlTracker     *tracker,
             const TlFrame *frame)
{
  if (frame == NULL || frame->planes[0] == NULL || frame->planes[1] == NULL
      || (frame->format == TL_FRAME_I420 && frame->planes[2] == NULL))
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_INVALID, "frame without planes");
  if (frame->width != tracker->config.width || frame->height != tracker->config.height)
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_INVALID,
                                 "frame is %dx%d but the engine analyses %dx%d", frame->width,
                                 frame->height, tracker->config.width, tracker->config.height);
  if (frame->format != TL_FRAME_I420 && frame->format != TL_FRAME_NV12)
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_INVALID, "unknown frame format %d",
                                 (int) frame->format);
  return TL_TRACK_OK;
}

double
tl_tracker_seconds_now (void)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  return now.tv_sec + now.tv_nsec * 1e-9;
}

TlTrackStatus
tl_tracker_learn (TlTracker     *tracker,
                  const TlFrame *frame)
{
  TlTrackStatus status;

  if (tracker == NULL)
    return TL_TRACK_ERROR_INVALID;
  status = check_frame (tracker, frame);
  if (status == TL_TRACK_OK)
    status = tl_tracker_finish_pending (tracker, NULL);
  if (status == TL_TRACK_OK)
    status = tl_tracker_pixel_stages (tracker, frame, 1);
  if (status == TL_TRACK_OK)
    {
      tracker->learned++;
      /* Out of memory: the frames are dropped and the model stays the median. */
      tl_bg_learnt_add (tracker->learnt, frame);
    }
  return status;
}

TlTrackStatus
tl_tracker_learn_finish (TlTracker *tracker)
{
  size_t n_cells;
  uint8_t *cells;
  TlTrackStatus status;

  if (tracker == NULL)
    return TL_TRACK_ERROR_INVALID;
  if (!tl_bg_learnt_pending (tracker->learnt))
    return TL_TRACK_OK;
  n_cells = (size_t) TL_BG_HOLD_WIDTH (tracker->config.width)
            * TL_BG_HOLD_HEIGHT (tracker->config.height);
  cells = calloc (n_cells, 1);
  if (cells == NULL)
    {
      tl_bg_learnt_reset (tracker->learnt);
      return TL_TRACK_OK;
    }
  /* On CUDA the model comes down into the host copy, is changed there, and goes up. */
  status = tl_tracker_model_to_host (tracker);
  if (status == TL_TRACK_OK
      && tl_bg_learnt_apply (tracker->learnt, &tracker->bg_params, tracker->geo.pitch_blocks,
                             &tracker->planes, cells) > 0)
    {
      status = tl_tracker_model_to_device (tracker);
      if (status == TL_TRACK_OK)
        tl_bg_hold_add_learnt (tracker->hold, cells);
    }
  tl_bg_learnt_reset (tracker->learnt);
  free (cells);
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

/* The far assistant referee, all in black, runs a metre beyond the far touchline in front of
 * the boards. His black socks on the grass pass the shadow test, so his box often ends at his
 * shorts, its foot on the boards: metres beyond the watched ground (the pitch and 3 m), where
 * nobody stands. Reported, such a box reaches down to the watched ground's edge, its ground
 * point with it (tl_scene_geometry_standing_row), when that lies within the box's height below
 * (further, it is not a person on the ground): his feet are at least there, and where below is
 * not known. Only what is reported, as with show_head_edge: the tracker keeps the mask's box.
 * The engine's runs of the four sets of 24 demos (1 thread): MOTA +0.0061 to +0.0068 a set, up
 * on all 96 demos, IDF1 +0.0023 to +0.0030, down on none; within half the height, 0.0003 to
 * 0.0006 less (docs/tracking.md, "Legs lost beyond the watched ground"). */
#define LOST_LEGS_REACH 1.0

static void
show_lost_legs (TlTrackUpdate         *u,
                const TlSceneGeometry *geo)
{
  double mid = u->x + u->w / 2.0, bottom = u->y + u->h;
  double row = tl_scene_geometry_standing_row (geo, mid, bottom, LOST_LEGS_REACH * u->h);
  double gx, gy;

  if (row <= bottom)
    return;
  u->h = (float) (row - u->y);
  if (tl_scene_geometry_ground (geo, mid, row, &gx, &gy) == 0)
    {
      u->pitch_x = (float) gx;
      u->pitch_y = (float) gy;
    }
}

/* A box within the frame: the ground truth and the viewer show what is in the picture, and a
 * player the frame's bottom edge cuts (the near touchline) has his box reach below it to his
 * feet (tl_scene_geometry_foot_row). */
static void
clip_to_frame (TlTrackUpdate         *u,
               const TlSceneGeometry *geo)
{
  float x1 = fminf (u->x + u->w, (float) geo->width), y1 = fminf (u->y + u->h, (float) geo->height);

  u->x = fmaxf (u->x, 0.0f);
  u->y = fmaxf (u->y, 0.0f);
  u->w = fmaxf (x1 - u->x, 0.0f);
  u->h = fmaxf (y1 - u->y, 0.0f);
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
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory for tracks");
  for (int i = 0; i < n_persons; i++)
    {
      show_head_edge (&tracker->updates[i]);
      show_lost_legs (&tracker->updates[i], &tracker->geo);
      clip_to_frame (&tracker->updates[i], &tracker->geo);
    }
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
  double now = tl_tracker_seconds_now ();

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
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_NO_MEMORY,
                                 "out of memory labelling blobs");
  lap (start, &tracker->timings.blobs_s);
  n_feet = tl_person_tracks_predict_feet (tracker->persons, &feet);
  if (n_feet < 0)
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory for tracks");
  n_dets = tl_detector_run (tracker->detector, tl_blob_finder_blobs (tracker->blobs), n_blobs,
                            tl_blob_finder_runs (tracker->blobs), feet, n_feet, frame, &dets);
  if (n_dets < 0)
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory for detections");
  lap (start, &tracker->timings.detect_s);
  n_persons = tl_person_tracks_update (tracker->persons, dets, n_dets, frame, mask, &persons);
  if (n_persons < 0)
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory for tracks");
  if (tl_bg_hold_update (tracker->hold, persons, n_persons) < 0)
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory for tracks");
  /* The ball is reported with the frame's persons, once the delay is over (report_next). */
  tl_ball_track_update (tracker->ball, dets, n_dets, frame, mask, new_id, tracker->persons,
                        &ball);

  if (tl_report_delay_keep (tracker->delay, tracker->frame, frame->tag, persons,
                            n_persons) < 0)
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory for tracks");
  if (keep_late_reports (tracker) < 0)
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_NO_MEMORY, "out of memory for tracks");
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

#if TL_HAVE_CUDA
/* The pending frame (overlap): its copy in its slot, its mask and its tag. */
static void
pending_frame (TlTracker      *tracker,
               TlFrame        *frame,
               const uint8_t **mask)
{
  tl_cuda_bg_slot (tracker->cuda, tracker->slot, tracker->pending_format, frame, mask);
  frame->tag = tracker->pending_tag;
}
#endif

void
tl_tracker_forget_pending (TlTracker *tracker)
{
#if TL_HAVE_CUDA
  tl_tracker_wait_for_gpu (tracker);
  tracker->pending = 0;
#else
  (void) tracker;
#endif
}

/* Runs the CPU stages of the frame that waits for them (pipelined CUDA), if one does. */
TlTrackStatus
tl_tracker_finish_pending (TlTracker     *tracker,
                           TlFrameResult *result)
{
#if TL_HAVE_CUDA
  TlTrackStatus status;
  TlFrame frame;
  const uint8_t *mask;
  double start = tl_tracker_seconds_now ();

  if (!tracker->pending)
    return TL_TRACK_OK;
  status = tl_tracker_wait_for_gpu (tracker);
  if (status != TL_TRACK_OK)
    return status;
  lap (&start, &tracker->timings.pixel_s);
  tracker->pending = 0;
  pending_frame (tracker, &frame, &mask);
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
  status = tl_tracker_learn_finish (tracker);
  if (status != TL_TRACK_OK)
    return status;

  start = tl_tracker_seconds_now ();
#if TL_HAVE_CUDA
  if (tracker->pipelined)
    {
      TlFrame previous;
      const uint8_t *previous_mask = NULL;
      int had_previous = tracker->pending;

      /* The previous frame's mask must be down before this frame is launched (one frame on
       * the GPU at a time, and its sums set this frame's gain); then the CPU tracks the
       * previous frame, from its slot, while the GPU works on this one in the other. */
      if (had_previous)
        pending_frame (tracker, &previous, &previous_mask);
      status = tl_tracker_wait_for_gpu (tracker);
      if (status == TL_TRACK_OK)
        status = tl_tracker_launch_pixel_stages (tracker, frame);
      if (status != TL_TRACK_OK)
        return status;
      tracker->pixel_frames++;
      lap (&start, &tracker->timings.pixel_s);
      if (had_previous)
        {
          status = cpu_stages (tracker, &previous, previous_mask, result, &start);
          if (status != TL_TRACK_OK)
            return status;
        }
    }
  else
#endif
    {
      status = tl_tracker_pixel_stages (tracker, frame, 0);
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
  if (tracker == NULL || result == NULL)
    return 0;
  clear_result (tracker, result);
  return tl_tracker_has_pending (tracker)
         && tl_tracker_finish_pending (tracker, result) == TL_TRACK_OK;
}

int
tl_tracker_get_held_back (TlTracker *tracker)
{
  if (tracker == NULL)
    return 0;
  return (int) (tracker->frame + tl_tracker_has_pending (tracker) - tracker->next_report);
}

int64_t
tl_tracker_get_next_tag (TlTracker *tracker)
{
  if (tracker == NULL)
    return -1;
  if (tracker->next_report < tracker->frame)
    return tl_report_delay_get_tag (tracker->delay, tracker->next_report);
#if TL_HAVE_CUDA
  /* The frame still on its way is the next to report. */
  if (tracker->pending && tracker->next_report == tracker->frame)
    return tracker->pending_tag;
#endif
  return -1;
}

int
tl_tracker_flush (TlTracker     *tracker,
                  TlFrameResult *result)
{
  if (tracker == NULL || result == NULL
      || tl_tracker_finish_pending (tracker, NULL) != TL_TRACK_OK
      || tracker->next_report >= tracker->frame)
    return 0;
  clear_result (tracker, result);
  return report_next (tracker, result) == TL_TRACK_OK;
}

void
tl_tracker_reset_engine (TlTracker *tracker)
{
  tl_tracker_forget_pending (tracker);
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
  tl_bg_learnt_reset (tracker->learnt);
}

const TlTrackUpdate *
tl_track_updates_ball (const TlTrackUpdate *updates,
                       int                  n)
{
  for (int i = 0; i < n; i++)
    if (updates[i].klass == TL_OBJECT_BALL)
      return &updates[i];
  return NULL;
}
