/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-vcam.h: "tlvcam", a GStreamer element that reframes a panorama with the virtual camera.
 *
 * I420 in, I420 out at width x height. mode=fixed shows the view yaw/pitch/hfov (degrees, as
 * in tl-virtual-camera.h); mode=follow and mode=path show the view of the "path" property at
 * each buffer's stream time (which is the source video's time after a seek); mode=full
 * letterboxes the whole frame. The source is described by "projection" and "source-hfov".
 * Each output buffer carries a TlViewMeta saying how it was made, so that "tloverlay" can
 * draw pitch-space drawings in the same place. Same maths as the viewer
 * (tl_virtual_camera_render_i420). */
#pragma once

#include <gst/gst.h>
#include <gst/video/video.h>

#include "tl-virtual-camera.h"

G_BEGIN_DECLS

#define TL_TYPE_VCAM (tl_vcam_get_type ())
G_DECLARE_FINAL_TYPE (TlVcam, tl_vcam, TL, VCAM, GstVideoFilter)

/* One sample of a camera path in the "path" property (a GBytes of these, one every
 * "path-interval" nanoseconds from "path-start"). Degrees, as the store keeps them. */
typedef struct
{
  float yaw_deg;
  float pitch_deg;
  float hfov_deg;
} TlVcamSample;

/* How a frame was made: the source camera, and either the virtual view or (full) the
 * rectangle of the output the whole source was scaled into. */
typedef struct
{
  GstMeta         meta;

  TlCameraParams  source;
  gboolean        full;
  TlVirtualCamera view;          /* valid when !full */
  double          full_x, full_y, full_scale;   /* output = full_xy + source_px * scale */
  GstClockTime    stream_time;   /* the source video's time of this frame */
} TlViewMeta;

GType              tl_view_meta_api_get_type (void);
const GstMetaInfo *tl_view_meta_get_info     (void);
#define TL_VIEW_META_API_TYPE (tl_view_meta_api_get_type ())
#define tl_buffer_get_view_meta(b) ((TlViewMeta *) gst_buffer_get_meta ((b), TL_VIEW_META_API_TYPE))
TlViewMeta        *tl_buffer_add_view_meta   (GstBuffer *buffer);

/* The view of @path (TlVcamSample) at @time_ns, interpolated between samples, held at the
 * ends. FALSE when the path is empty. */
gboolean           tl_vcam_sample_path       (GBytes    *path,
                                              guint64    path_start_ns,
                                              guint64    path_interval_ns,
                                              guint64    time_ns,
                                              TlVcamSample *out);

G_END_DECLS
