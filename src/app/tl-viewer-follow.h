/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-viewer-follow.h: the follow cam in the viewer: each frame shown turns the view along the
 * match's camera path, until the coach steers.
 *
 * Holds a TlViewer and a TlCameraPath (tl-camera-path.h). While "following" is TRUE, every new
 * frame of the viewer sets its view to the EDITED path (the follow cam reshaped by the coach's
 * keyframes) at that frame's time, in virtual mode. The viewer's "steered" signal (a drag, a
 * scroll, keys) sets "following" to FALSE: the coach has the camera; setting it TRUE again (the
 * camera.follow action, F) resumes the path at once. "available" says whether the path has
 * anything to follow. */
#pragma once

#include <gtk/gtk.h>

#include "tl-camera-path.h"
#include "tl-viewer.h"

G_BEGIN_DECLS

#define TL_TYPE_VIEWER_FOLLOW (tl_viewer_follow_get_type ())
G_DECLARE_FINAL_TYPE (TlViewerFollow, tl_viewer_follow, TL, VIEWER_FOLLOW, GObject)

TlViewerFollow *tl_viewer_follow_new             (TlViewer       *viewer);
TlViewer       *tl_viewer_follow_get_viewer      (TlViewerFollow *self);
/* @path: (nullable) */
void            tl_viewer_follow_set_camera_path (TlViewerFollow *self,
                                                  TlCameraPath   *path);
TlCameraPath   *tl_viewer_follow_get_camera_path (TlViewerFollow *self);
gboolean        tl_viewer_follow_get_available   (TlViewerFollow *self);
gboolean        tl_viewer_follow_get_following   (TlViewerFollow *self);
/* Ignored (stays FALSE) while the path has nothing to follow. */
void            tl_viewer_follow_set_following   (TlViewerFollow *self,
                                                  gboolean        following);
/* Points the viewer along the path at @time_ns now (what each frame does while following). */
void            tl_viewer_follow_apply           (TlViewerFollow *self,
                                                  gint64          time_ns);

G_END_DECLS
