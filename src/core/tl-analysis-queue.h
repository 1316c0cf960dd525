/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-analysis-queue.h: the analysis job queue: jobs persisted in the library, run in turn.
 *
 * A main-thread service on top of TlAnalyzer. Adding a match writes its job as queued (so the
 * queue survives a restart: tl_analysis_queue_restore() picks up queued jobs and jobs left
 * running by a crash), then jobs run in worker threads, in the order they were added, at most
 * max-jobs at a time (1 by default: one analysis per GPU; more only makes sense for CPU jobs
 * with few threads each). A paused queue starts nothing new (say, on battery). */
#pragma once

#include <gio/gio.h>

#include "tl-library.h"
#include "tl-track-device.h"

G_BEGIN_DECLS

#define TL_TYPE_ANALYSIS_QUEUE (tl_analysis_queue_get_type ())
G_DECLARE_FINAL_TYPE (TlAnalysisQueue, tl_analysis_queue, TL, ANALYSIS_QUEUE, GObject)

/* Signals, on the main thread:
 *   "progress" (TlMatch *match, gint64 frames_done, gint64 frames_total, double fps)
 *   "finished" (TlMatch *match, gboolean ok, const char *message): done (ok, message NULL),
 *              or stopped (paused, cancelled, suspended: the match's state tells) or failed
 *              (message says why). The match's analysis-* properties follow the job. */
TlAnalysisQueue *tl_analysis_queue_new          (TlLibrary       *library);

/* Settings for the jobs started from now on. */
void             tl_analysis_queue_set_backend  (TlAnalysisQueue *self,
                                                 TlTrackBackend   backend);
void             tl_analysis_queue_set_threads  (TlAnalysisQueue *self,
                                                 int              n_threads);
void             tl_analysis_queue_set_max_jobs (TlAnalysisQueue *self,
                                                 guint            max_jobs);
void             tl_analysis_queue_set_checkpoint_interval (TlAnalysisQueue *self,
                                                            double           seconds);
/* Prefer NVDEC decoders when usable (TRUE by default). */
void             tl_analysis_queue_set_hw_decode (TlAnalysisQueue *self,
                                                  gboolean         hw_decode);
/* A paused queue (say, on battery) keeps its jobs but runs none: running ones stop at a
 * checkpoint and wait, queued, at the head of the queue; unpausing resumes them. */
void             tl_analysis_queue_set_paused   (TlAnalysisQueue *self,
                                                 gboolean         paused);
gboolean         tl_analysis_queue_get_paused   (TlAnalysisQueue *self);
/* For the end of the application: pauses the queue, and waits (iterating the thread-default
 * main context) until every running job has stopped at a checkpoint. The jobs stay queued in
 * the library: tl_analysis_queue_restore() resumes them at the next start. */
void             tl_analysis_queue_shutdown     (TlAnalysisQueue *self);

/* Queues @match (a no-op when it is queued or running already). An unfinished analysis
 * resumes from its checkpoint; a finished one is done again from the start. */
gboolean         tl_analysis_queue_add          (TlAnalysisQueue *self,
                                                 TlMatch         *match,
                                                 GError         **error);
/* Stops a running job at a checkpoint (paused) or takes a queued one out (paused too); resume
 * it with tl_analysis_queue_add(). */
gboolean         tl_analysis_queue_pause        (TlAnalysisQueue *self,
                                                 TlMatch         *match,
                                                 GError         **error);
/* Stops and forgets an unfinished analysis: its job row and tracks are deleted and the match
 * is "not analysed" again (for a running job, once its thread has stopped: see "finished").
 * A finished analysis stays. */
gboolean         tl_analysis_queue_cancel       (TlAnalysisQueue *self,
                                                 TlMatch         *match,
                                                 GError         **error);
/* TRUE while @match is queued or running here. */
gboolean         tl_analysis_queue_has_job      (TlAnalysisQueue *self,
                                                 TlMatch         *match);
/* Queues again the jobs of the library left queued or running (an earlier run of the app
 * ended or crashed), and shows on every match how far its latest job got (progress, device,
 * the reason of a failure); returns how many were queued. */
guint            tl_analysis_queue_restore      (TlAnalysisQueue *self,
                                                 GError         **error);

/* Jobs waiting and running now. */
guint            tl_analysis_queue_get_n_queued  (TlAnalysisQueue *self);
guint            tl_analysis_queue_get_n_running (TlAnalysisQueue *self);

G_END_DECLS
