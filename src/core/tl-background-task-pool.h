/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-background-task-pool.h: streaming threads at background priority, for the analysis.
 *
 * GStreamer runs a pipeline's streaming tasks (demuxing, decoding, scaling) on threads of a
 * pool shared with every other pipeline of the process, the viewer's playback included, and
 * GLib creates them from a thread of its own, so they never inherit the analysis thread's
 * lowered priority. Decoding a 4K match is most of an analysis's CPU, and a laptop's window
 * must stay smooth meanwhile: this pool gives each streaming task of the analysis pipeline a
 * thread of its own, niced like the engine's, that ends with the task (an unprivileged thread
 * cannot get its priority back, so a lowered thread must never serve playback later). */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define TL_TYPE_BACKGROUND_TASK_POOL (tl_background_task_pool_get_type ())
G_DECLARE_FINAL_TYPE (TlBackgroundTaskPool, tl_background_task_pool, TL, BACKGROUND_TASK_POOL,
                      GstTaskPool)

/* @nice: the priority the pool's threads take (Linux: per thread; ignored elsewhere). */
GstTaskPool *tl_background_task_pool_new (int nice);

/* Lowers the calling thread to @nice (never raises it); FALSE with errno when refused. */
gboolean     tl_lower_thread_priority    (int nice);

G_END_DECLS
