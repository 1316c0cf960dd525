/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tracker-state.c: the engine's checkpoints: everything later pushes depend on, as one
 * versioned blob either backend writes and reads. */
#include "tl-tracker-private.h"

#include <stdlib.h>
#include <string.h>

#include "tl-state-buf.h"

/* "TLES", then the format version, the analysis size and the sizes of the records that follow,
 * so a blob from another build or another analysis size is refused instead of misread. */
#define STATE_MAGIC   0x53454c54u
#define STATE_VERSION 13

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
  status = tl_tracker_finish_pending (tracker, NULL);
  /* Learning frames are not kept in a state: the model takes what they say first. */
  if (status == TL_TRACK_OK)
    status = tl_tracker_learn_finish (tracker);
  if (status != TL_TRACK_OK)
    return status;
  /* The CUDA model lives on the device: its planes come down into the host copy, which is
   * the CPU backend's model, so either backend can resume from the state. */
  status = tl_tracker_model_to_host (tracker);
  if (status != TL_TRACK_OK)
    return status;

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
      return tl_tracker_set_error (tracker, TL_TRACK_ERROR_NO_MEMORY,
                                   "out of memory saving the state");
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
  /* Whatever the engine was at is replaced: a frame still on its way is forgotten, and so are
   * learning frames not yet taken into the model. */
  tl_tracker_forget_pending (tracker);
  tl_bg_learnt_reset (tracker->learnt);
  if (tl_state_get (&r, head, sizeof head) < 0 || head[0] != STATE_MAGIC)
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_INVALID, "not an engine state");
  if (head[1] != STATE_VERSION)
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_INVALID,
                                 "engine state version %d, expected %d", (int) head[1],
                                 STATE_VERSION);
  if (head[2] != tracker->config.width || head[3] != tracker->config.height)
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_INVALID,
                                 "engine state is for %dx%d, the engine analyses %dx%d",
                                 (int) head[2], (int) head[3], tracker->config.width,
                                 tracker->config.height);
  if (head[8] != tracker->config.report_lag)
    return tl_tracker_set_error (tracker, TL_TRACK_ERROR_INVALID,
                                 "engine state holds results back %d frames, the engine %d",
                                 (int) head[8], tracker->config.report_lag);
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
  tracker->have_model = (int) head[4];
  if (tl_tracker_model_to_device (tracker) != TL_TRACK_OK)
    {
      /* The message stays: resetting the engine leaves it alone. */
      tl_tracker_reset_engine (tracker);
      return TL_TRACK_ERROR_CUDA;
    }
  tracker->learned = (int) head[5];
  tracker->gain_q8 = (int32_t) head[6];
  tracker->frame = head[7];
  tracker->pixel_frames = head[7];
  tracker->next_report = head[9];
  tracker->mask_shown = tracker->mask;
  return TL_TRACK_OK;

corrupt:
  /* A half-restored engine must not be pushed: start it over. */
  tl_tracker_reset_engine (tracker);
  return tl_tracker_set_error (tracker, TL_TRACK_ERROR_INVALID,
                               "engine state is truncated or corrupt");
}
