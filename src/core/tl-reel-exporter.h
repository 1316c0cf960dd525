/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-reel-exporter.h: exports highlight reels to MP4 (H.264 + AAC) and views to PNG stills. */
#pragma once

#include <gio/gio.h>

#include "tl-library.h"
#include "tl-reel.h"

G_BEGIN_DECLS

typedef enum
{
  TL_REEL_SIZE_720P,     /* 1280x720 */
  TL_REEL_SIZE_1080P,    /* 1920x1080 */
  TL_REEL_SIZE_SOURCE,   /* the source's own size: the full panorama, not reframed */
} TlReelSize;

const char *tl_reel_size_to_string   (TlReelSize  size);
gboolean    tl_reel_size_from_string (const char *str,
                                      TlReelSize *out_size);

typedef struct
{
  TlReelSize   size;
  gboolean     override_camera;  /* TRUE: every item uses @camera instead of its own */
  TlReelCamera camera;
  gboolean     per_event;        /* @output is a folder: one MP4 per item, named after it */
  const char  *output;           /* the MP4 (or the folder) to write */
} TlReelExportOptions;

#define TL_TYPE_REEL_EXPORTER (tl_reel_exporter_get_type ())
G_DECLARE_FINAL_TYPE (TlReelExporter, tl_reel_exporter, TL, REEL_EXPORTER, GObject)

/* "progress" (double fraction, gint64 time_left_ns or -1 while unknown, double speed: seconds
 * of reel made per second) is emitted in the thread that runs an export (the caller's for
 * tl_reel_exporter_export(), the main context of the caller for _export_async()). */
/* The app shares the library's own (tl_library_get_reel_exporter()); a new one is for
 * standalone users (CLI, tests), who keep @library alive while they export with it. The
 * exporter does not keep the library alive; a running export does, until it ends. */
TlReelExporter *tl_reel_exporter_new       (TlLibrary       *library);

/* Exports @items (TlReelItemInfo, in order) with an optional intro card, blocking; any
 * thread. Writes to a hidden temporary file next to each output and renames it at the end, so
 * a cancel, crash or full disk never leaves a file under the output's name. Checks the free
 * space first. G_IO_ERROR_CANCELLED when @cancellable fires. */
gboolean        tl_reel_exporter_export    (TlReelExporter            *self,
                                            const char                *intro_title,
                                            GPtrArray                 *items,
                                            const TlReelExportOptions *options,
                                            GCancellable              *cancellable,
                                            GError                   **error);
/* The same in a worker thread, for the app; the reel's items are copied now, so the user
 * can keep editing it. "busy" is TRUE meanwhile; one export at a time. */
void            tl_reel_exporter_export_async  (TlReelExporter            *self,
                                                TlReel                    *reel,
                                                const TlReelExportOptions *options,
                                                GCancellable              *cancellable,
                                                GAsyncReadyCallback        callback,
                                                gpointer                   user_data);
gboolean        tl_reel_exporter_export_finish (TlReelExporter            *self,
                                                GAsyncResult              *result,
                                                GError                   **error);
gboolean        tl_reel_exporter_get_busy      (TlReelExporter            *self);
/* The files the last successful export wrote. (transfer none) */
const char * const *tl_reel_exporter_get_outputs (TlReelExporter          *self);
/* The speed and the encoder used by the last export: for benchmarks and logs. */
double          tl_reel_exporter_get_last_speed   (TlReelExporter *self);
const char     *tl_reel_exporter_get_video_encoder (TlReelExporter *self);

/* A PNG of one frame of @match at @position_ns, framed like an item with @camera and the view
 * (degrees; used by FIXED, and by FOLLOW/PATH when the match has no path), with the drawings
 * burned in. @width/@height 0: the source size (the whole frame). Atomic write. */
gboolean        tl_reel_exporter_export_still (TlReelExporter *self,
                                               TlMatch        *match,
                                               gint64          position_ns,
                                               TlReelCamera    camera,
                                               double          yaw_deg,
                                               double          pitch_deg,
                                               double          hfov_deg,
                                               int             width,
                                               int             height,
                                               const char     *path,
                                               GCancellable   *cancellable,
                                               GError        **error);

G_END_DECLS
