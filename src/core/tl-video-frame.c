/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-video-frame.c: a decoded frame kept mapped, with its presentation time and frame number. */
#include "config.h"

#include "tl-video-frame.h"

struct _TlVideoFrame
{
  gatomicrefcount  ref_count;
  GstSample       *sample;
  GstVideoFrame    frame;      /* mapped for reading while we live */
  GstClockTime     pts;        /* stream time */
  GstClockTime     duration;
  gint64           number;
};

G_DEFINE_BOXED_TYPE (TlVideoFrame, tl_video_frame, tl_video_frame_ref, tl_video_frame_unref)

TlVideoFrame *
tl_video_frame_new (GstSample *sample)
{
  g_autoptr(TlVideoFrame) self = NULL;
  GstBuffer *buffer;
  GstCaps *caps;
  const GstSegment *segment;
  GstVideoInfo info;
  GstClockTime pts;
  gboolean clipped = FALSE;

  g_return_val_if_fail (GST_IS_SAMPLE (sample), NULL);

  buffer = gst_sample_get_buffer (sample);
  caps = gst_sample_get_caps (sample);
  if (buffer == NULL || caps == NULL || !gst_video_info_from_caps (&info, caps))
    return NULL;

  self = g_new0 (TlVideoFrame, 1);
  g_atomic_ref_count_init (&self->ref_count);
  if (!gst_video_frame_map (&self->frame, &info, buffer, GST_MAP_READ))
    {
      g_free (g_steal_pointer (&self));
      return NULL;
    }
  self->sample = gst_sample_ref (sample);

  /* Buffer times are running in the segment's time; a seek's segment keeps stream time, which
   * is what positions and frame numbers mean to the user. */
  pts = GST_BUFFER_PTS (buffer);
  segment = gst_sample_get_segment (sample);
  if (segment != NULL && segment->format == GST_FORMAT_TIME && GST_CLOCK_TIME_IS_VALID (pts))
    {
      GstClockTime stream = gst_segment_to_stream_time (segment, GST_FORMAT_TIME, pts);

      /* A decoder clips a frame that starts before an accurate seek's position to that
       * position, so its time stamp then lies anywhere inside the frame. */
      clipped = pts == segment->start;
      if (GST_CLOCK_TIME_IS_VALID (stream))
        pts = stream;
    }
  self->pts = pts;
  self->duration = GST_BUFFER_DURATION (buffer);

  if (!GST_CLOCK_TIME_IS_VALID (pts) || info.fps_n <= 0 || info.fps_d <= 0)
    self->number = -1;
  else if (clipped)
    /* The frame that holds the position (a thousandth of a frame of slack for time stamps
     * rounded down in the container). */
    self->number = (gint64) ((pts * (guint64) info.fps_n + info.fps_d * GST_MSECOND)
                             / ((guint64) info.fps_d * GST_SECOND));
  else
    self->number = (gint64) gst_util_uint64_scale_round (pts, info.fps_n,
                                                         (guint64) info.fps_d * GST_SECOND);

  return g_steal_pointer (&self);
}

TlVideoFrame *
tl_video_frame_ref (TlVideoFrame *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
tl_video_frame_unref (TlVideoFrame *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  if (self->sample != NULL)
    {
      gst_video_frame_unmap (&self->frame);
      gst_sample_unref (self->sample);
    }
  g_free (self);
}

GstClockTime
tl_video_frame_get_pts (TlVideoFrame *self)
{
  g_return_val_if_fail (self != NULL, GST_CLOCK_TIME_NONE);
  return self->pts;
}

GstClockTime
tl_video_frame_get_duration (TlVideoFrame *self)
{
  g_return_val_if_fail (self != NULL, GST_CLOCK_TIME_NONE);
  return self->duration;
}

gint64
tl_video_frame_get_number (TlVideoFrame *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->number;
}

const GstVideoInfo *
tl_video_frame_get_info (TlVideoFrame *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->frame.info;
}

int
tl_video_frame_get_width (TlVideoFrame *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return GST_VIDEO_FRAME_WIDTH (&self->frame);
}

int
tl_video_frame_get_height (TlVideoFrame *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return GST_VIDEO_FRAME_HEIGHT (&self->frame);
}

GstVideoFormat
tl_video_frame_get_format (TlVideoFrame *self)
{
  g_return_val_if_fail (self != NULL, GST_VIDEO_FORMAT_UNKNOWN);
  return GST_VIDEO_FRAME_FORMAT (&self->frame);
}

const guint8 *
tl_video_frame_get_plane (TlVideoFrame *self,
                          guint         plane,
                          int          *stride)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (plane < GST_VIDEO_FRAME_N_PLANES (&self->frame), NULL);

  if (stride != NULL)
    *stride = GST_VIDEO_FRAME_PLANE_STRIDE (&self->frame, plane);
  return GST_VIDEO_FRAME_PLANE_DATA (&self->frame, plane);
}

GstSample *
tl_video_frame_get_sample (TlVideoFrame *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->sample;
}

void
tl_video_frame_get_yuv_to_rgb (TlVideoFrame *self,
                               float         m[9],
                               float         offset[3])
{
  const GstVideoInfo *info = tl_video_frame_get_info (self);
  double kr = 0.2126, kb = 0.0722, kg, ys, cs;
  gboolean full = info->colorimetry.range == GST_VIDEO_COLOR_RANGE_0_255;

  if (!gst_video_color_matrix_get_Kr_Kb (info->colorimetry.matrix, &kr, &kb))
    {
      kr = 0.2126;
      kb = 0.0722;
    }
  kg = 1.0 - kr - kb;
  ys = full ? 1.0 : 255.0 / 219.0;
  cs = full ? 1.0 : 255.0 / 224.0;
  offset[0] = full ? 0.0f : 16.0f / 255.0f;
  offset[1] = offset[2] = 128.0f / 255.0f;

  /* Column-major for GLSL: column 0 multiplies Y, 1 Cb, 2 Cr; rows are R, G, B. */
  m[0] = ys;
  m[1] = ys;
  m[2] = ys;
  m[3] = 0.0f;
  m[4] = -cs * 2.0 * kb * (1.0 - kb) / kg;
  m[5] = cs * 2.0 * (1.0 - kb);
  m[6] = cs * 2.0 * (1.0 - kr);
  m[7] = -cs * 2.0 * kr * (1.0 - kr) / kg;
  m[8] = 0.0f;
}
