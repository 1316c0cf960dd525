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
 *              paused by a cancel or failed (message says why). */
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
/* A paused queue keeps its jobs but starts none; running ones go on (cancel them to stop). */
void             tl_analysis_queue_set_paused   (TlAnalysisQueue *self,
                                                 gboolean         paused);

/* Queues @match (a no-op when it is queued or running already). An unfinished analysis
 * resumes from its checkpoint; a finished one is done again from the start. */
gboolean         tl_analysis_queue_add          (TlAnalysisQueue *self,
                                                 TlMatch         *match,
                                                 GError         **error);
/* Stops a running job at a checkpoint (paused) or takes a queued one out (paused too). */
gboolean         tl_analysis_queue_cancel       (TlAnalysisQueue *self,
                                                 TlMatch         *match,
                                                 GError         **error);
/* Queues again the jobs of the library left queued or running (an earlier run of the app
 * ended or crashed); returns how many. */
guint            tl_analysis_queue_restore      (TlAnalysisQueue *self,
                                                 GError         **error);

/* Jobs waiting and running now. */
guint            tl_analysis_queue_get_n_queued  (TlAnalysisQueue *self);
guint            tl_analysis_queue_get_n_running (TlAnalysisQueue *self);

G_END_DECLS
