/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-camera-path.h: a match's virtual-camera path: the follow cam from its tracks, reshaped by
 * the coach's keyframes; shared by the viewer, the exporter and the annotation tools.
 *
 * The follow path is computed once from the stored tracks (tl-follow-cam.h: the ball when the
 * tracker trusts it, else the centre of play) and stored in the camera_paths table as yaw,
 * pitch and field of view per frame (float32 degrees, the TlVirtualCamera convention: yaw right,
 * pitch up, relative to the source camera's axes). The coach's keyframes (camera_keyframes) say
 * "at this moment, look here": the EDITED path is the follow path plus a correction that is
 * each keyframe's exact offset at its time and blends smoothly between keyframes closer than
 * 2 × TL_CAMERA_PATH_KEYFRAME_REACH_S and back to the follow path away from them. Without a
 * follow path (the match is not analysed), the EDITED path goes from keyframe to keyframe.
 *
 * Thread safety: every function may be called from any thread; edits and samples are
 * serialised by a lock, "changed" is emitted on the main context of the thread that loaded. */
#pragma once

#include <gio/gio.h>

#include "tl-library.h"

G_BEGIN_DECLS

/* How far (seconds) a lone keyframe's correction reaches before the path is the follow path
 * again. */
#define TL_CAMERA_PATH_KEYFRAME_REACH_S 3.0

typedef enum
{
  TL_CAMERA_PATH_FOLLOW,   /* the follow cam as computed from the tracks */
  TL_CAMERA_PATH_EDITED,   /* the follow path reshaped by the keyframes */
} TlCameraPathMode;

/* One keyframe of the coach: at @time_ns the camera looks at (@yaw_deg, @pitch_deg), @hfov_deg
 * wide. @id is the camera_keyframes row. */
typedef struct
{
  gint64 id;
  gint64 time_ns;
  double yaw_deg;
  double pitch_deg;
  double hfov_deg;
} TlCameraKeyframe;

#define TL_TYPE_CAMERA_PATH (tl_camera_path_get_type ())
G_DECLARE_FINAL_TYPE (TlCameraPath, tl_camera_path, TL, CAMERA_PATH, GObject)

/* Computes the follow path of match @match_id from its stored tracks and stores it, replacing
 * any earlier one (the analyzer calls this when an analysis ends). A match without tracks gets
 * no path (and any old one is removed). Any thread. */
gboolean      tl_camera_path_compute     (TlStore        *store,
                                          gint64          match_id,
                                          GCancellable   *cancellable,
                                          GError        **error);

/* The path of a match: its stored follow path (computed and stored first when missing and the
 * match has tracks) and its keyframes. Any thread, no GTK. Errors: TL_LIBRARY_ERROR_NO_SUCH_MATCH,
 * store errors, G_IO_ERROR_CANCELLED. (transfer full) */
TlCameraPath *tl_camera_path_load        (TlLibrary      *library,
                                          gint64          match_id,
                                          GCancellable   *cancellable,
                                          GError        **error);
void          tl_camera_path_load_async  (TlLibrary           *library,
                                          gint64               match_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
TlCameraPath *tl_camera_path_load_finish (GAsyncResult        *result,
                                          GError             **error);

gint64        tl_camera_path_get_match_id   (TlCameraPath *self);
/* TRUE when there is a follow path (the match has tracks). */
gboolean      tl_camera_path_has_follow     (TlCameraPath *self);
/* Frames per second of the follow path and its number of frames (0 without one). */
double        tl_camera_path_get_fps        (TlCameraPath *self);
gint64        tl_camera_path_get_n_frames   (TlCameraPath *self);

/* The view at @time_ns (linear between frames, held before the first and after the last).
 * Returns FALSE (outputs untouched) when @mode has nothing to give: FOLLOW without a follow
 * path, EDITED with neither a follow path nor keyframes. Any output may be NULL. */
gboolean      tl_camera_path_sample         (TlCameraPath     *self,
                                             TlCameraPathMode  mode,
                                             gint64            time_ns,
                                             double           *yaw_deg,
                                             double           *pitch_deg,
                                             double           *hfov_deg);

/* The keyframes in time order, as a new array of TlCameraKeyframe. (transfer full) */
GArray       *tl_camera_path_dup_keyframes  (TlCameraPath *self);
guint         tl_camera_path_get_n_keyframes (TlCameraPath *self);

/* Edits, each saved in one transaction, then "changed" is emitted. Adding at the time of an
 * existing keyframe replaces its view. Returns the keyframe's id, 0 on error. */
gint64        tl_camera_path_add_keyframe    (TlCameraPath  *self,
                                              gint64         time_ns,
                                              double         yaw_deg,
                                              double         pitch_deg,
                                              double         hfov_deg,
                                              GError       **error);
/* Moves keyframe @id to @time_ns (refused with TL_LIBRARY_ERROR_INVALID when another keyframe
 * is there) and/or gives it a new view. */
gboolean      tl_camera_path_move_keyframe   (TlCameraPath  *self,
                                              gint64         id,
                                              gint64         time_ns,
                                              GError       **error);
gboolean      tl_camera_path_set_keyframe_view (TlCameraPath *self,
                                                gint64        id,
                                                double        yaw_deg,
                                                double        pitch_deg,
                                                double        hfov_deg,
                                                GError      **error);
gboolean      tl_camera_path_delete_keyframe (TlCameraPath  *self,
                                              gint64         id,
                                              GError       **error);
/* Undo and redo of the edits above made through this object (saved like edits). */
gboolean      tl_camera_path_can_undo        (TlCameraPath  *self);
gboolean      tl_camera_path_can_redo        (TlCameraPath  *self);
gboolean      tl_camera_path_undo            (TlCameraPath  *self,
                                              GError       **error);
gboolean      tl_camera_path_redo            (TlCameraPath  *self,
                                              GError       **error);

G_END_DECLS
