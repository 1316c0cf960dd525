/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-video-frame.h: one decoded video frame, mapped for reading, with its time and number.
 *
 * What TlPlayer hands to the viewer (and anything else that wants pixels): a reference-counted
 * boxed type wrapping a GstSample whose buffer stays mapped for the frame's lifetime, so
 * readers take plane pointers without knowing GStreamer's mapping rules. Immutable, so any
 * thread may read it. */
#pragma once

#include <gst/gst.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

#define TL_TYPE_VIDEO_FRAME (tl_video_frame_get_type ())

typedef struct _TlVideoFrame TlVideoFrame;

GType               tl_video_frame_get_type   (void) G_GNUC_CONST;

/* Maps @sample's buffer (raw video caps with a framerate). NULL when it cannot be mapped.
 * The frame number is the stream time of the frame's PTS in frames, rounded: frame N of a
 * 25 fps file starts at N × 40 ms. Transfer full. */
TlVideoFrame       *tl_video_frame_new        (GstSample    *sample);
TlVideoFrame       *tl_video_frame_ref        (TlVideoFrame *self);
void                tl_video_frame_unref      (TlVideoFrame *self);

/* Stream time of the frame (ns), its duration (GST_CLOCK_TIME_NONE if unknown), number. */
GstClockTime        tl_video_frame_get_pts    (TlVideoFrame *self);
GstClockTime        tl_video_frame_get_duration (TlVideoFrame *self);
gint64              tl_video_frame_get_number (TlVideoFrame *self);

const GstVideoInfo *tl_video_frame_get_info   (TlVideoFrame *self);
int                 tl_video_frame_get_width  (TlVideoFrame *self);
int                 tl_video_frame_get_height (TlVideoFrame *self);
GstVideoFormat      tl_video_frame_get_format (TlVideoFrame *self);
/* Plane @plane's first byte and its stride in bytes (I420: 0 = Y, 1 = U, 2 = V). */
const guint8       *tl_video_frame_get_plane  (TlVideoFrame *self,
                                               guint         plane,
                                               int          *stride);
/* Transfer none. */
GstSample          *tl_video_frame_get_sample (TlVideoFrame *self);
/* The YUV -> RGB conversion for this frame's colorimetry (range and matrix), for a shader or a
 * CPU converter: rgb = m (yuv - offset), every value in 0..1; @m is column-major (GLSL mat3:
 * column 0 multiplies Y, 1 Cb, 2 Cr; rows are R, G, B). */
void                tl_video_frame_get_yuv_to_rgb (TlVideoFrame *self,
                                                   float         m[9],
                                                   float         offset[3]);

/* One pixel through that conversion on the CPU (bytes in, R, G, B, 255 out): for code that
 * draws a few pixels of a frame without the shader. */
static inline void
tl_video_frame_yuv_to_rgba (const float  m[9],
                            const float  offset[3],
                            int          y,
                            int          u,
                            int          v,
                            guint8       out[4])
{
  double a = y / 255.0 - offset[0], b = u / 255.0 - offset[1], c = v / 255.0 - offset[2];

  for (int k = 0; k < 3; k++)
    {
      double value = 255.0 * (m[k] * a + m[3 + k] * b + m[6 + k] * c);

      out[k] = value <= 0.0 ? 0 : value >= 255.0 ? 255 : (guint8) (value + 0.5);
    }
  out[3] = 255;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlVideoFrame, tl_video_frame_unref)

G_END_DECLS
