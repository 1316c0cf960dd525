/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match.h: one recorded match in the library, as the UI and CLI see it. */
#pragma once

#include <gio/gio.h>

#include "tl-camera.h"

G_BEGIN_DECLS

typedef enum
{
  TL_PROJECTION_FLAT,         /* an ordinary perspective (pinhole) video */
  TL_PROJECTION_CYLINDRICAL,  /* a panorama: columns are equal steps of yaw */
} TlProjection;

typedef enum
{
  TL_ANALYSIS_STATE_NONE,
  TL_ANALYSIS_STATE_QUEUED,
  TL_ANALYSIS_STATE_RUNNING,
  TL_ANALYSIS_STATE_PAUSED,
  TL_ANALYSIS_STATE_DONE,
  TL_ANALYSIS_STATE_FAILED,
} TlAnalysisState;

/* A video at least this many times wider than tall is taken for a ~180° cylindrical panorama. */
#define TL_PANORAMA_MIN_ASPECT   2.4
#define TL_PANORAMA_DEFAULT_HFOV 180.0
#define TL_FLAT_DEFAULT_HFOV     90.0

const char   *tl_projection_to_string     (TlProjection projection);
gboolean      tl_projection_from_string   (const char   *str,
                                           TlProjection *out_projection);
/* The importer's first guess, editable later by the user. */
void          tl_projection_guess         (int           width,
                                           int           height,
                                           TlProjection *out_projection,
                                           double       *out_hfov_deg);

const char   *tl_analysis_state_to_string   (TlAnalysisState state);
gboolean      tl_analysis_state_from_string (const char      *str,
                                             TlAnalysisState *out_state);

#define TL_TYPE_MATCH (tl_match_get_type ())
G_DECLARE_FINAL_TYPE (TlMatch, tl_match, TL, MATCH, GObject)

/* Facts of a match as stored in the library. Plain data so the store and importer can fill it
 * in any thread; the TlMatch object wraps it for the main thread (properties, notify). */
typedef struct
{
  gint64          id;             /* 0 until saved */
  char           *title;
  char           *file_path;      /* absolute path of the video */
  char           *content_hash;   /* see tl_content_hash_compute() */
  gint64          file_size;      /* bytes */
  gint64          duration_ns;
  int             width;
  int             height;
  int             fps_num;
  int             fps_den;
  char           *container;      /* human-readable, e.g. "ISO MP4/M4A" */
  char           *video_codec;    /* e.g. "H.264 (High Profile)" */
  char           *audio_codec;    /* NULL when there is no audio */
  TlProjection    projection;
  double          hfov_deg;       /* horizontal field of view covered by the frame */
  char           *calibration;    /* JSON camera model (see tl_calibration_parse()); NULL when
                                   * the pitch is not calibrated */
  GDateTime      *recorded_at;    /* from the file's tags or mtime; may be NULL */
  GDateTime      *imported_at;
  char           *poster_path;    /* PNG in the library's cache folder; may be NULL */
  TlAnalysisState analysis_state;
} TlMatchInfo;

TlMatchInfo  *tl_match_info_new           (void);
TlMatchInfo  *tl_match_info_copy          (const TlMatchInfo *info);
void          tl_match_info_free          (TlMatchInfo       *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlMatchInfo, tl_match_info_free)

TlMatch      *tl_match_new                (const TlMatchInfo *info);
/* Replaces every fact and notifies the properties that changed. */
void          tl_match_update             (TlMatch           *self,
                                           const TlMatchInfo *info);
const TlMatchInfo *tl_match_get_info      (TlMatch           *self);

gint64        tl_match_get_id             (TlMatch *self);
const char   *tl_match_get_title          (TlMatch *self);
const char   *tl_match_get_file_path      (TlMatch *self);
const char   *tl_match_get_content_hash   (TlMatch *self);
gint64        tl_match_get_duration       (TlMatch *self);
int           tl_match_get_width          (TlMatch *self);
int           tl_match_get_height         (TlMatch *self);
double        tl_match_get_fps            (TlMatch *self);
TlProjection  tl_match_get_projection     (TlMatch *self);
double        tl_match_get_hfov           (TlMatch *self);
GDateTime    *tl_match_get_recorded_at    (TlMatch *self);
GDateTime    *tl_match_get_imported_at    (TlMatch *self);
const char   *tl_match_get_poster_path    (TlMatch *self);
TlAnalysisState tl_match_get_analysis_state (TlMatch *self);
/* The "calibration" JSON, or NULL; "calibrated" is TRUE when there is one. */
const char   *tl_match_get_calibration    (TlMatch *self);
gboolean      tl_match_get_calibrated     (TlMatch *self);
/* TRUE when the video is no longer at its path (moved or deleted): offer to relink. */
/* Shows a new analysis state (already saved by the caller) and notifies "analysis-state". */
void          tl_match_set_analysis_state (TlMatch         *self,
                                           TlAnalysisState  state);
gboolean      tl_match_get_file_missing   (TlMatch *self);
void          tl_match_refresh_file_missing (TlMatch *self);

/* The analysis as the job queue reports it (main thread): "analysis-progress" (0..1),
 * "analysis-eta" (seconds left, -1 unknown), "analysis-device" (the engine's device, e.g.
 * "NVIDIA H100 80GB HBM3" or "CPU, 8 threads"), "analysis-decoder" (the GStreamer decoder
 * element), "analysis-error" (why the last run failed, or NULL). */
double        tl_match_get_analysis_progress (TlMatch *self);
gint64        tl_match_get_analysis_eta      (TlMatch *self);
const char   *tl_match_get_analysis_device   (TlMatch *self);
const char   *tl_match_get_analysis_decoder  (TlMatch *self);
const char   *tl_match_get_analysis_error    (TlMatch *self);
void          tl_match_set_analysis_progress (TlMatch    *self,
                                              double      fraction,
                                              gint64      eta_s);
void          tl_match_set_analysis_device   (TlMatch    *self,
                                              const char *device,
                                              const char *decoder);
void          tl_match_set_analysis_error    (TlMatch    *self,
                                              const char *message);

/* A calibration is JSON text: {"source": "touchline-demo", "projection": "cylindrical" | "flat",
 * "width", "height" (pixels), "hfov_deg", "camera": {"x", "y", "z" (pitch metres, see
 * tl-camera.h), "yaw_deg", "tilt_deg", "roll_deg"}, "correspondences": [{"name", "x", "y"
 * (pitch metres), "u", "v" (pixels)}...]}; the demo's sidecar has the same members and more.
 * Parses the camera and checks that it reproduces each landmark's pixel within
 * TL_CALIBRATION_MAX_ERROR_PX, so that a calibration is only trusted when it agrees with
 * itself. Errors are G_IO_ERROR_INVALID_DATA with a message saying what is wrong. */
#define TL_CALIBRATION_MAX_ERROR_PX 1.0
#define TL_CALIBRATION_MIN_LANDMARKS 4

gboolean      tl_calibration_parse        (const char     *json,
                                           TlCameraParams *out_params,
                                           GError        **error);

/* "1:32:05" or "4:07"; caller frees. */
char         *tl_format_duration          (gint64 duration_ns);

G_END_DECLS
