/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-still.c: decodes a match frame, reprojects it and draws the drawings over it. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "tl-camera-path.h"
#include "tl-error.h"
#include "tl-still.h"
#include "tl-track-chunks.h"

/* A still is one decode: a file that takes longer is broken, not slow. */
#define DECODE_TIMEOUT (20 * GST_SECOND)

/* cairo's ARGB32 is a native-endian 32-bit word: BGRA bytes on little-endian machines. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
#define CAIRO_VIDEO_FORMAT "BGRA"
#else
#define CAIRO_VIDEO_FORMAT "ARGB"
#endif

gboolean
tl_still_camera_from_string (const char    *str,
                             TlStillCamera *out_camera)
{
  if (g_strcmp0 (str, "full") == 0)
    *out_camera = TL_STILL_CAMERA_FULL;
  else if (g_strcmp0 (str, "follow") == 0)
    *out_camera = TL_STILL_CAMERA_FOLLOW;
  else
    return FALSE;
  return TRUE;
}

/* The first error on the bus, or a timeout, as a sentence about the file. */
static gboolean
wait_preroll (GstElement    *pipeline,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  gint64 deadline = g_get_monotonic_time () + DECODE_TIMEOUT / GST_USECOND;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GstMessage) message = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      message = gst_bus_timed_pop_filtered (bus, 100 * GST_MSECOND,
                                            GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR);
      if (message == NULL)
        continue;
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        {
          g_autoptr(GError) gst_error = NULL;

          gst_message_parse_error (message, &gst_error, NULL);
          g_set_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CORRUPT,
                       _("cannot be decoded: %s"), gst_error->message);
          return FALSE;
        }
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (pipeline))
        return TRUE;
    }
  g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CORRUPT,
                       _("cannot be decoded: no frame after 20 seconds"));
  return FALSE;
}

cairo_surface_t *
tl_still_decode_frame (const char    *path,
                       gint64         position_ns,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *description = NULL;
  cairo_surface_t *surface = NULL;
  GstVideoInfo info;
  GstVideoFrame frame;
  GstBuffer *buffer;
  guint8 *dst;
  int dst_stride;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NOT_FOUND,
                           _("the video file is missing (moved or deleted?)"));
      return NULL;
    }
  uri = gst_filename_to_uri (path, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NOT_READABLE, "%s",
                   local_error->message);
      return NULL;
    }

  /* Video only; converted to cairo's pixel layout by GStreamer so no copy loop is needed. */
  description = g_strdup_printf ("uridecodebin name=decode caps=video/x-raw "
                                 "! videoconvert ! video/x-raw,format=" CAIRO_VIDEO_FORMAT
                                 " ! appsink name=frames sync=false max-buffers=1");
  pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS,
                                    &local_error);
  if (pipeline == NULL)
    {
      g_set_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_MISSING_PLUGIN,
                   _("cannot be decoded: GStreamer is incomplete (%s)"), local_error->message);
      return NULL;
    }
  gst_object_ref_sink (pipeline);
  {
    g_autoptr(GstElement) decode = gst_bin_get_by_name (GST_BIN (pipeline), "decode");

    g_object_set (decode, "uri", uri, NULL);
  }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "frames");

  if (gst_element_set_state (pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE
      && !wait_preroll (pipeline, cancellable, error))
    goto out;
  if (!wait_preroll (pipeline, cancellable, error))
    goto out;
  /* ACCURATE: the frame shown at that time, not the keyframe before it. */
  if (position_ns > 0)
    {
      if (!gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
                                    GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, position_ns))
        {
          g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CORRUPT,
                               _("cannot seek in this video"));
          goto out;
        }
      if (!wait_preroll (pipeline, cancellable, error))
        goto out;
    }
  sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (sink), 5 * GST_SECOND);
  if (sample == NULL)
    {
      g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_TRUNCATED,
                           _("has no frame at that time (past the end?)"));
      goto out;
    }

  buffer = gst_sample_get_buffer (sample);
  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample))
      || !gst_video_frame_map (&frame, &info, buffer, GST_MAP_READ))
    {
      g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CORRUPT,
                           _("cannot be decoded: unreadable frame"));
      goto out;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, GST_VIDEO_INFO_WIDTH (&info),
                                        GST_VIDEO_INFO_HEIGHT (&info));
  dst = cairo_image_surface_get_data (surface);
  dst_stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < GST_VIDEO_INFO_HEIGHT (&info); y++)
    {
      const guint8 *src = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0)
                          + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
      guint8 *row = dst + (gsize) y * dst_stride;

      memcpy (row, src, (gsize) GST_VIDEO_INFO_WIDTH (&info) * 4);
      /* Video is opaque; some converters leave alpha at 0, which cairo would take as clear. */
      for (int x = 0; x < GST_VIDEO_INFO_WIDTH (&info); x++)
        row[x * 4 + (G_BYTE_ORDER == G_LITTLE_ENDIAN ? 3 : 0)] = 0xff;
    }
  cairo_surface_mark_dirty (surface);
  gst_video_frame_unmap (&frame);

out:
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return surface;
}

void
tl_still_follow_view (TlLibrary            *library,
                      TlAnnotationRenderer *renderer,
                      gint64                position_ns,
                      int                   width,
                      int                   height,
                      TlVirtualCamera      *view)
{
  const TlCameraParams *source = tl_annotation_renderer_get_source (renderer);
  g_autoptr(GArray) samples = NULL;
  g_autoptr(TlCameraPath) path = NULL;
  g_autoptr(GError) error = NULL;
  double u = source->width / 2.0, v = source->height / 2.0;
  double sum_u = 0, sum_v = 0, yaw, pitch, hfov;
  int n = 0;

  tl_virtual_camera_init (view, width, height, 0, 0, 60.0 * G_PI / 180.0);

  /* The viewer's follow cam, keyframes included: the still matches what was seen. */
  path = tl_camera_path_load (library, tl_annotation_renderer_get_match_id (renderer), NULL,
                              &error);
  if (path != NULL
      && tl_camera_path_sample (path, TL_CAMERA_PATH_EDITED, position_ns, &yaw, &pitch, &hfov))
    {
      tl_virtual_camera_set_view (view, yaw * G_PI / 180.0, pitch * G_PI / 180.0,
                                  CLAMP (hfov, 3.0, 120.0) * G_PI / 180.0);
      tl_virtual_camera_clamp (view, source);
      return;
    }
  if (error != NULL)
    g_debug ("Follow view without a camera path: %s", error->message);

  samples = tl_annotation_renderer_samples_at (renderer, position_ns);

  /* The ball when it is tracked, else the mean of the players' feet: where the play is. */
  for (guint i = 0; i < samples->len; i++)
    {
      const TlTrackSample *s = &g_array_index (samples, TlTrackSample, i);

      if (s->klass == 2)
        {
          sum_u = s->x + s->w / 2.0;
          sum_v = s->y + s->h / 2.0;
          n = -1;
          break;
        }
      sum_u += s->x + s->w / 2.0;
      sum_v += s->y + s->h;
      n++;
    }
  if (n < 0)
    {
      u = sum_u;
      v = sum_v;
    }
  else if (n > 0)
    {
      u = sum_u / n;
      v = sum_v / n;
    }
  tl_virtual_camera_look_through (view, source, width / 2.0, height / 2.0, u, v);
  tl_virtual_camera_clamp (view, source);
}

typedef struct
{
  gint64  match_id;
  char   *path;
} VideoPath;

static gboolean
read_video_path (TlStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  VideoPath *video = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store, "SELECT file_path FROM matches WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, video->match_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    video->path = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  return TRUE;
}

cairo_surface_t *
tl_still_render (TlLibrary      *library,
                 gint64          match_id,
                 gint64          position_ns,
                 TlStillCamera   camera,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(TlAnnotationRenderer) renderer = NULL;
  g_autofree char *path = NULL;
  cairo_surface_t *frame;
  cairo_surface_t *out;
  const TlCameraParams *source;
  TlVirtualCamera view;
  cairo_t *cr;

  TlStore *store;

  g_return_val_if_fail (TL_IS_LIBRARY (library), NULL);

  store = tl_library_get_store (library);
  renderer = tl_annotation_renderer_new_for_store (store, match_id, error);
  if (renderer == NULL)
    return NULL;
  {
    VideoPath video = { match_id, NULL };

    if (!tl_store_read (store, read_video_path, &video, error))
      return NULL;
    path = video.path;
  }

  frame = tl_still_decode_frame (path, position_ns, cancellable, error);
  if (frame == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  source = tl_annotation_renderer_get_source (renderer);
  if (cairo_image_surface_get_width (frame) != source->width
      || cairo_image_surface_get_height (frame) != source->height)
    {
      g_set_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_DIFFERENT_CONTENT,
                   _("%s: the video is %d×%d, the library says %d×%d (relink the match?)"),
                   path, cairo_image_surface_get_width (frame),
                   cairo_image_surface_get_height (frame), source->width, source->height);
      cairo_surface_destroy (frame);
      return NULL;
    }

  if (camera == TL_STILL_CAMERA_FULL)
    {
      out = frame;
      cr = cairo_create (out);
      tl_annotation_renderer_draw (renderer, cr, position_ns, NULL, source->width,
                                   source->height);
    }
  else
    {
      tl_still_follow_view (library, renderer, position_ns, TL_STILL_FOLLOW_WIDTH,
                            TL_STILL_FOLLOW_HEIGHT, &view);
      out = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, view.width, view.height);
      cairo_surface_flush (frame);
      /* Channel order does not matter to the reprojection: it filters four bytes alike. */
      tl_virtual_camera_render_rgba (&view, source, cairo_image_surface_get_data (frame),
                                     cairo_image_surface_get_stride (frame),
                                     cairo_image_surface_get_data (out),
                                     cairo_image_surface_get_stride (out));
      cairo_surface_mark_dirty (out);
      cairo_surface_destroy (frame);
      cr = cairo_create (out);
      tl_annotation_renderer_draw (renderer, cr, position_ns, &view, view.width, view.height);
    }
  cairo_destroy (cr);
  cairo_surface_flush (out);
  return out;
}

static cairo_status_t
write_chunk (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  return g_output_stream_write_all (closure, data, length, NULL, NULL, NULL)
           ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

gboolean
tl_still_write_png (cairo_surface_t  *surface,
                    const char       *path,
                    GError          **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  cairo_status_t status;

  g_return_val_if_fail (surface != NULL, FALSE);

  /* GFile's replace writes a temporary file beside @path and renames it on close, so a crash
   * never leaves half a PNG under the real name. */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (stream == NULL)
    return FALSE;
  status = cairo_surface_write_to_png_stream (surface, write_chunk, stream);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("cannot write the PNG: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}
