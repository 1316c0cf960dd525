/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-analyzer.h: analyses one match: decode, tracking engine, checkpoints, tracks in the store.
 *
 * A TlAnalyzer runs the whole analysis of one match in the calling thread (tl_analyzer_run,
 * for the CLI) or in a worker thread of its own, at a lower priority so that the window stays
 * responsive (tl_analyzer_run_async, for the app). It owns the match's
 * analysis_jobs row: queued -> running -> done, or paused (cancelled) / failed (with the reason
 * in "error"), and keeps matches.analysis_state in step. Every checkpoint-interval seconds of
 * video it writes, in one transaction, the track chunks finished so far, the engine state and
 * the frame to resume from; a later run of an unfinished job (after a cancel, a crash or a
 * kill) resumes there and stores exactly the chunks an uninterrupted run would have stored.
 * docs/analysis.md describes the design. */
#pragma once

#include <gio/gio.h>

#include "tl-match.h"
#include "tl-store.h"
#include "tl-track-device.h"

G_BEGIN_DECLS

#define TL_TYPE_ANALYZER (tl_analyzer_get_type ())
G_DECLARE_FINAL_TYPE (TlAnalyzer, tl_analyzer, TL, ANALYZER, GObject)

/* Seconds of video between two checkpoints by default. */
#define TL_ANALYZER_CHECKPOINT_SECONDS 30.0
/* Seconds of video in one track chunk. */
#define TL_ANALYZER_CHUNK_SECONDS 10.0

typedef struct
{
  gint64         frames;          /* frames analysed in this run */
  gint64         frames_total;    /* frames of the video */
  gint64         resumed_from;    /* the checkpoint frame this run started at (0: from the start) */
  guint          n_tracks;        /* tracks of the whole analysis */
  double         fps;             /* frames analysed per second of wall-clock time */
  double         seconds;         /* wall-clock time of this run */
  TlTrackBackend backend;         /* the backend the engine used */
  char           device[256];     /* the GPU's name, or "CPU" */
  char           decoder[64];     /* the GStreamer video decoder, e.g. "avdec_h264" */
  gboolean       hw_decode;       /* the decoder is NVDEC (nvh264dec, nvh265dec) */
  double         engine_seconds;  /* time in the engine (tl_tracker_push) */
  double         wait_seconds;    /* time the engine waited for a decoded frame: with decode
                                   * and tracking overlapping, near 0 unless decoding is the
                                   * bottleneck */
} TlAnalysisSummary;

/* Analyses @match (a snapshot of its facts is taken now) into @store. */
TlAnalyzer    *tl_analyzer_new                  (TlStore        *store,
                                                 TlMatch        *match);
/* Settings, before running: backend (AUTO), CPU threads (0: one per core), checkpoint interval
 * in seconds of video (TL_ANALYZER_CHECKPOINT_SECONDS). */
void           tl_analyzer_set_backend          (TlAnalyzer     *self,
                                                 TlTrackBackend  backend);
void           tl_analyzer_set_threads          (TlAnalyzer     *self,
                                                 int             n_threads);
void           tl_analyzer_set_checkpoint_interval (TlAnalyzer  *self,
                                                    double       seconds);

/* Whether to prefer the NVIDIA decoders (nvh264dec, nvh265dec) when they are installed and
 * usable (TRUE by default); software decoding otherwise, and as the fallback when they refuse
 * the video. */
void           tl_analyzer_set_hw_decode        (TlAnalyzer     *self,
                                                 gboolean        hw_decode);

/* Runs (or resumes) the analysis until the end of the video. Errors: G_IO_ERROR_CANCELLED
 * (the job is paused at a fresh checkpoint), G_IO_ERROR_NOT_FOUND (the video disappeared),
 * G_IO_ERROR_INVALID_DATA (undecodable or truncated video), TL_STORE_ERROR_* (the database,
 * e.g. a full disk). Whatever went wrong, the job row says so and the last checkpoint stays.
 * Signal "progress" (gint64 frames_done, gint64 frames_total, double fps) is emitted in the
 * thread-default main context of the caller, about four times a second; signal "started"
 * (const char *device, const char *decoder) once the engine and the decoder are chosen. */
gboolean       tl_analyzer_run                  (TlAnalyzer     *self,
                                                 GCancellable   *cancellable,
                                                 GError        **error);
void           tl_analyzer_run_async            (TlAnalyzer          *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       tl_analyzer_run_finish           (TlAnalyzer     *self,
                                                 GAsyncResult   *result,
                                                 GError        **error);

/* After a run (successful or not): what it did. */
const TlAnalysisSummary *tl_analyzer_get_summary (TlAnalyzer    *self);

/* The analysis size the engine works at for a video of @width x @height (half size, even). */
void           tl_analyzer_analysis_size        (int             width,
                                                 int             height,
                                                 int            *out_width,
                                                 int            *out_height);

G_END_DECLS
