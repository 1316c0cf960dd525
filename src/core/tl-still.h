/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-still.h: one frame of a match as the viewer shows it, drawings included, as an image.
 *
 * Decodes the frame with GStreamer, reprojects it through a virtual camera on the CPU
 * (tl_virtual_camera_render_rgba ()) when a view is asked for, and draws the match's drawings
 * over it with TlAnnotationRenderer: the same code as the viewer and the export. No GTK; any
 * thread. */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "tl-annotation-renderer.h"
#include "tl-library.h"
#include "tl-virtual-camera.h"

G_BEGIN_DECLS

typedef enum
{
  TL_STILL_CAMERA_FULL,     /* the whole source frame */
  TL_STILL_CAMERA_FOLLOW,   /* the follow-cam's view at that time */
} TlStillCamera;

/* The follow view's output size. */
#define TL_STILL_FOLLOW_WIDTH  1280
#define TL_STILL_FOLLOW_HEIGHT 720

gboolean         tl_still_camera_from_string (const char     *str,
                                              TlStillCamera  *out_camera);

/* Decodes the frame of @path shown at @position_ns at its own size, as a cairo ARGB32 image
 * (opaque). TL_IMPORT_ERROR codes on failure. (transfer full) */
cairo_surface_t *tl_still_decode_frame       (const char     *path,
                                              gint64          position_ns,
                                              GCancellable   *cancellable,
                                              GError        **error);

/* The view the follow camera has at @position_ns for output @width x @height: the match's
 * camera path (tl-camera-path.h: the follow cam reshaped by the coach's keyframes) when it has
 * one; else centred on the ball or the players' mean position with a 60° field of view, or on
 * the source's centre when nothing is tracked then. Fills @view. */
void             tl_still_follow_view        (TlLibrary            *library,
                                              TlAnnotationRenderer *renderer,
                                              gint64                position_ns,
                                              int                   width,
                                              int                   height,
                                              TlVirtualCamera      *view);

/* Match @match_id's frame at @position_ns through @camera, drawings included. (transfer full) */
cairo_surface_t *tl_still_render             (TlLibrary      *library,
                                              gint64          match_id,
                                              gint64          position_ns,
                                              TlStillCamera   camera,
                                              GCancellable   *cancellable,
                                              GError        **error);

/* Writes @surface as PNG to @path through a temporary file and a rename. */
gboolean         tl_still_write_png          (cairo_surface_t *surface,
                                              const char      *path,
                                              GError         **error);

G_END_DECLS
