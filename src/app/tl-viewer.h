/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-viewer.h: the match video on the GPU: the whole panorama, or a virtual camera into it.
 *
 * A GtkGLArea inside: each new frame (TlVideoFrame, I420) is uploaded as three textures and a
 * fragment shader converts it to RGB while reprojecting it with the formula of
 * tl-virtual-camera.h. Where GL is not available, the same picture comes from the CPU
 * (tl_virtual_camera_render_i420 () into a GdkMemoryTexture), slower but correct.
 *
 * Input in virtual mode: drag to pan (the point grabbed stays under the pointer), scroll or
 * pinch to zoom about the pointer, double-click to centre there; keys Ctrl+arrows pan,
 * + / - zoom (bare arrows stay free for the page's frame stepping). In panorama mode a
 * double-click switches to the virtual camera looking at that point.
 *
 * Properties: "player" (TlPlayer: frames come from its "frame" signal), "frame"
 * (TlVideoFrame), "mode" (TlViewerMode), "yaw", "pitch", "hfov" (degrees: yaw to the right
 * from the source's centre, pitch up, hfov the view's horizontal field of view; kept inside
 * the source by tl_virtual_camera_clamp ()), "renderer" (read-only: "gl" or "cpu").
 *
 * Signal "steered": the user turned or zoomed the view (any of the input above, or
 * tl_viewer_centre_on ()); a follow cam (TlViewerFollow) lets go then. tl_viewer_set_view ()
 * does not emit it. */
#pragma once

#include <gtk/gtk.h>

#include "tl-camera.h"
#include "tl-player.h"
#include "tl-video-frame.h"
#include "tl-virtual-camera.h"

G_BEGIN_DECLS

typedef enum
{
  TL_VIEWER_MODE_PANORAMA,   /* the whole frame, letterboxed */
  TL_VIEWER_MODE_VIRTUAL,    /* a rectilinear view into it */
} TlViewerMode;

#define TL_TYPE_VIEWER_MODE (tl_viewer_mode_get_type ())
GType tl_viewer_mode_get_type (void) G_GNUC_CONST;

#define TL_TYPE_VIEWER (tl_viewer_get_type ())
G_DECLARE_FINAL_TYPE (TlViewer, tl_viewer, TL, VIEWER, GtkWidget)

GtkWidget    *tl_viewer_new            (void);

void          tl_viewer_set_player     (TlViewer           *self,
                                        TlPlayer           *player);
TlPlayer     *tl_viewer_get_player     (TlViewer           *self);

/* Shows @frame (NULL: nothing). Done for you when a player is set. */
void          tl_viewer_set_frame      (TlViewer           *self,
                                        TlVideoFrame       *frame);
TlVideoFrame *tl_viewer_get_frame      (TlViewer           *self);

/* What the frames are: a cylindrical panorama covering @hfov_deg, or a flat (pinhole) video
 * with that horizontal field of view (TlMatch's projection and hfov). Default: cylindrical
 * 180°. */
void          tl_viewer_set_projection (TlViewer           *self,
                                        TlCameraProjection  projection,
                                        double              hfov_deg);

void          tl_viewer_set_mode       (TlViewer           *self,
                                        TlViewerMode        mode);
TlViewerMode  tl_viewer_get_mode       (TlViewer           *self);

/* Sets the view in degrees (clamped so it stays inside the source). */
void          tl_viewer_set_view       (TlViewer           *self,
                                        double              yaw_deg,
                                        double              pitch_deg,
                                        double              hfov_deg);
double        tl_viewer_get_yaw        (TlViewer           *self);
double        tl_viewer_get_pitch      (TlViewer           *self);
double        tl_viewer_get_hfov       (TlViewer           *self);

/* Turns the virtual camera to centre on what widget point (@x, @y) shows (and switches to the
 * virtual mode): what a double-click does. */
void          tl_viewer_centre_on      (TlViewer           *self,
                                        double              x,
                                        double              y);

/* For layers drawn over the picture (the overlay's other children, same size as the viewer):
 * how widget coordinates (logical pixels) map to the source. In virtual mode fills @view with
 * the virtual camera whose output is the widget (its width x height) and returns TRUE. In
 * panorama mode returns FALSE and sets @scale, @offset_x, @offset_y so that a widget point is
 * offset + scale × source pixel. @source (nullable) gets the frames' projection, size and hfov;
 * their size is 0 until the first frame. Changes notify "mode", "yaw", "pitch", "hfov" and
 * "frame". */
gboolean      tl_viewer_get_mapping    (TlViewer           *self,
                                        TlCameraParams     *source,
                                        TlVirtualCamera    *view,
                                        double             *scale,
                                        double             *offset_x,
                                        double             *offset_y);

/* "gl", or "cpu" when GL could not be used (the reason is logged with g_debug). */
const char   *tl_viewer_get_renderer   (TlViewer           *self);

G_END_DECLS
