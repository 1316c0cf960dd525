/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-magnifier.c: source pixels around a point, enlarged. */
#include "config.h"

#include <math.h>

#include "tl-magnifier.h"

cairo_surface_t *
tl_magnifier_crop (TlVideoFrame *frame,
                   double        u,
                   double        v,
                   int           radius)
{
  int side = 2 * radius + 1;
  int width = tl_video_frame_get_width (frame), height = tl_video_frame_get_height (frame);
  int cu = (int) floor (u), cv = (int) floor (v);
  int y_stride, u_stride, v_stride, out_stride;
  const guint8 *y_plane, *u_plane, *v_plane;
  cairo_surface_t *surface;
  guint8 *out;
  float m[9], offset[3];

  g_return_val_if_fail (frame != NULL && radius >= 0, NULL);

  if (tl_video_frame_get_format (frame) != GST_VIDEO_FORMAT_I420)
    return NULL;
  y_plane = tl_video_frame_get_plane (frame, 0, &y_stride);
  u_plane = tl_video_frame_get_plane (frame, 1, &u_stride);
  v_plane = tl_video_frame_get_plane (frame, 2, &v_stride);
  tl_video_frame_get_yuv_to_rgb (frame, m, offset);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side, side);
  out = cairo_image_surface_get_data (surface);
  out_stride = cairo_image_surface_get_stride (surface);
  for (int j = 0; j < side; j++)
    for (int i = 0; i < side; i++)
      {
        int x = cu - radius + i, y = cv - radius + j;
        guint32 *px = (guint32 *) (gpointer) (out + j * out_stride + i * 4);
        guint8 rgba[4];

        if (x < 0 || y < 0 || x >= width || y >= height)
          {
            *px = 0;
            continue;
          }
        /* The same conversion as the viewer's, on a few hundred pixels. */
        tl_video_frame_yuv_to_rgba (m, offset, y_plane[y * y_stride + x],
                                    u_plane[(y / 2) * u_stride + x / 2],
                                    v_plane[(y / 2) * v_stride + x / 2], rgba);
        *px = (guint32) rgba[0] << 16 | (guint32) rgba[1] << 8 | rgba[2];
      }
  cairo_surface_mark_dirty (surface);
  return surface;
}

void
tl_magnifier_draw (cairo_t         *cr,
                   cairo_surface_t *crop,
                   double           x,
                   double           y,
                   double           zoom)
{
  int side = cairo_image_surface_get_width (crop);
  double r = side * zoom / 2.0;
  cairo_pattern_t *pattern;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  cairo_clip_preserve (cr);
  cairo_translate (cr, x - r, y - r);
  cairo_scale (cr, zoom, zoom);
  cairo_set_source_surface (cr, crop, 0, 0);
  pattern = cairo_get_source (cr);
  /* Each source pixel a crisp square: the point is to see where one pixel ends. */
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);

  /* The centre pixel outlined, then the ring. */
  cairo_save (cr);
  cairo_rectangle (cr, x - zoom / 2.0, y - zoom / 2.0, zoom, zoom);
  cairo_set_line_width (cr, 1.5);
  cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
  cairo_stroke (cr);
  cairo_new_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  cairo_set_line_width (cr, 3);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, 1.5);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_stroke (cr);
  cairo_restore (cr);
}
