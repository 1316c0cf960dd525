/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-demo-generator.h: makes a synthetic demo match video with its ground truth.
 *
 * Simulates the match (TlDemoScript), renders frames in parallel on all cores (TlDemoRenderer)
 * and encodes them through appsrc ! x264enc ! mp4mux into OUT.mp4 (via a temporary file and a
 * rename), then writes the calibration sidecar OUT.json and, when asked, the MOT ground truth,
 * pitch positions and events. The same seed and options give the same frames. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TL_TYPE_DEMO_GENERATOR (tl_demo_generator_get_type ())
G_DECLARE_FINAL_TYPE (TlDemoGenerator, tl_demo_generator, TL, DEMO_GENERATOR, GObject)

/* Properties (all read-write; set them before running):
 *   "seconds" (double, 10), "seed" (guint64, 1), "width" (3840), "height" (1152),
 *   "projection" ("cylindrical" | "flat"), "hfov" (degrees, 0 = 180 cylindrical / 90 flat),
 *   "light" ("sunny" | "overcast" | "floodlight" | "dusk"), "noise" (luma levels, 2),
 *   "shake" (pixels, 1), "clouds" (cloud shadows drifting over the ground, FALSE),
 *   "players" (per team, 11), "referees" (3),
 *   "camera-distance" (metres behind the near touchline, 5), "camera-height" (metres, 6),
 *   "threads" (render threads, 0 = all cores),
 *   "gt-path", "pitch-path", "events-path" (optional extra outputs, NULL = none).
 * Signal "progress" (double fraction 0..1): emitted in the thread-default main context of
 * the caller of run() / run_async(). */
TlDemoGenerator *tl_demo_generator_new         (void);

/* Blocks until the video and its files are written. Errors are G_IO_ERROR:
 * INVALID_ARGUMENT (bad option), NOT_SUPPORTED (x264enc or mp4mux missing), CANCELLED,
 * or a write/encode failure with a message about @out_path. */
gboolean         tl_demo_generator_run         (TlDemoGenerator     *self,
                                                const char          *out_path,
                                                GCancellable        *cancellable,
                                                GError             **error);
void             tl_demo_generator_run_async   (TlDemoGenerator     *self,
                                                const char          *out_path,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean         tl_demo_generator_run_finish  (TlDemoGenerator     *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* The calibration sidecar written next to @video_path: "match.mp4" -> "match.json". */
char            *tl_demo_sidecar_path_for      (const char          *video_path);

/* After a successful run: wall-clock seconds of the whole run and frames written. */
double           tl_demo_generator_get_elapsed (TlDemoGenerator     *self);
int              tl_demo_generator_get_n_frames (TlDemoGenerator    *self);

G_END_DECLS
