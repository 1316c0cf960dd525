/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-vcam.c: "tlvcam": virtual-camera reprojection (or a letterboxed full view) as a video
 * filter. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "tl-enums.h"
#include "tl-match.h"
#include "tl-reel-item.h"
#include "tl-vcam.h"

#define DEFAULT_WIDTH  1280
#define DEFAULT_HEIGHT 720
#define DEFAULT_HFOV   60.0

struct _TlVcam
{
  GstVideoFilter     parent_instance;

  /* Properties, under the object lock. */
  TlReelCamera       mode;
  double             yaw_deg, pitch_deg, hfov_deg;
  int                width, height;
  TlProjection       projection;
  double             source_hfov_deg;
  GBytes            *path;
  guint64            path_start, path_interval;

  /* Streaming thread only. */
  GstVideoConverter *letterbox;
  double             full_x, full_y, full_scale;
};

G_DEFINE_FINAL_TYPE (TlVcam, tl_vcam, GST_TYPE_VIDEO_FILTER)

enum {
  PROP_0,
  PROP_MODE,
  PROP_YAW,
  PROP_PITCH,
  PROP_HFOV,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_PROJECTION,
  PROP_SOURCE_HFOV,
  PROP_PATH,
  PROP_PATH_START,
  PROP_PATH_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GstStaticPadTemplate sink_template =
  GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
                           GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("I420")));
static GstStaticPadTemplate src_template =
  GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
                           GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("I420")));

/* --- TlViewMeta ------------------------------------------------------------------------- */

GType
tl_view_meta_api_get_type (void)
{
  static GType type = 0;
  static const char *tags[] = { GST_META_TAG_VIDEO_STR, NULL };

  if (g_once_init_enter (&type))
    {
      GType t = gst_meta_api_type_register ("TlViewMetaAPI", tags);

      g_once_init_leave (&type, t);
    }
  return type;
}

static gboolean
view_meta_init (GstMeta  *meta,
                gpointer  params,
                GstBuffer *buffer)
{
  TlViewMeta *view = (TlViewMeta *) meta;

  memset ((char *) view + sizeof (GstMeta), 0, sizeof *view - sizeof (GstMeta));
  view->stream_time = GST_CLOCK_TIME_NONE;
  return TRUE;
}

/* Copies survive buffer copies (a writable in-place filter may copy the buffer); a scaling
 * transform would invalidate the geometry, so only copies keep it. */
static gboolean
view_meta_transform (GstBuffer *dest,
                     GstMeta   *meta,
                     GstBuffer *buffer,
                     GQuark     type,
                     gpointer   data)
{
  TlViewMeta *copy;

  if (!GST_META_TRANSFORM_IS_COPY (type))
    return FALSE;
  copy = tl_buffer_add_view_meta (dest);
  memcpy ((char *) copy + sizeof (GstMeta), (char *) meta + sizeof (GstMeta),
          sizeof *copy - sizeof (GstMeta));
  return TRUE;
}

const GstMetaInfo *
tl_view_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;

  if (g_once_init_enter ((GstMetaInfo **) &info))
    {
      const GstMetaInfo *i = gst_meta_register (TL_VIEW_META_API_TYPE, "TlViewMeta",
                                                sizeof (TlViewMeta), view_meta_init, NULL,
                                                view_meta_transform);

      g_once_init_leave ((GstMetaInfo **) &info, (GstMetaInfo *) i);
    }
  return info;
}

TlViewMeta *
tl_buffer_add_view_meta (GstBuffer *buffer)
{
  return (TlViewMeta *) gst_buffer_add_meta (buffer, tl_view_meta_get_info (), NULL);
}

gboolean
tl_vcam_sample_path (GBytes       *path,
                     guint64       path_start_ns,
                     guint64       path_interval_ns,
                     guint64       time_ns,
                     TlVcamSample *out)
{
  gsize size = 0;
  const TlVcamSample *s = path != NULL ? g_bytes_get_data (path, &size) : NULL;
  gsize n = size / sizeof (TlVcamSample);
  double at, frac;
  gsize i;

  if (n == 0)
    return FALSE;
  at = time_ns <= path_start_ns || path_interval_ns == 0
       ? 0.0 : (double) (time_ns - path_start_ns) / (double) path_interval_ns;
  if (at >= (double) (n - 1))
    {
      *out = s[n - 1];
      return TRUE;
    }
  i = (gsize) at;
  frac = at - (double) i;
  out->yaw_deg = (float) (s[i].yaw_deg + frac * (s[i + 1].yaw_deg - s[i].yaw_deg));
  out->pitch_deg = (float) (s[i].pitch_deg + frac * (s[i + 1].pitch_deg - s[i].pitch_deg));
  out->hfov_deg = (float) (s[i].hfov_deg + frac * (s[i + 1].hfov_deg - s[i].hfov_deg));
  return TRUE;
}

/* --- the element ------------------------------------------------------------------------ */

static void
source_params (TlVcam         *self,
               int             width,
               int             height,
               TlCameraParams *params)
{
  memset (params, 0, sizeof *params);
  params->projection = self->projection == TL_PROJECTION_CYLINDRICAL
                       ? TL_CAMERA_CYLINDRICAL : TL_CAMERA_PINHOLE;
  params->width = width;
  params->height = height;
  params->hfov = self->source_hfov_deg * G_PI / 180.0;
}

static GstCaps *
tl_vcam_transform_caps (GstBaseTransform *trans,
                        GstPadDirection   direction,
                        GstCaps          *caps,
                        GstCaps          *filter)
{
  TlVcam *self = TL_VCAM (trans);
  GstCaps *result = gst_caps_copy (caps);
  int width, height;

  GST_OBJECT_LOCK (self);
  width = self->width;
  height = self->height;
  GST_OBJECT_UNLOCK (self);

  for (guint i = 0; i < gst_caps_get_size (result); i++)
    {
      GstStructure *s = gst_caps_get_structure (result, i);

      if (direction == GST_PAD_SINK)
        gst_structure_set (s, "width", G_TYPE_INT, width, "height", G_TYPE_INT, height,
                           "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
      else
        gst_structure_set (s, "width", GST_TYPE_INT_RANGE, 2, G_MAXINT,
                           "height", GST_TYPE_INT_RANGE, 2, G_MAXINT, NULL);
    }
  if (direction == GST_PAD_SRC)
    for (guint i = 0; i < gst_caps_get_size (result); i++)
      gst_structure_remove_field (gst_caps_get_structure (result, i), "pixel-aspect-ratio");

  if (filter != NULL)
    {
      GstCaps *both = gst_caps_intersect_full (filter, result, GST_CAPS_INTERSECT_FIRST);

      gst_caps_unref (result);
      result = both;
    }
  return result;
}

static gboolean
tl_vcam_set_info (GstVideoFilter *filter,
                  GstCaps        *incaps,
                  GstVideoInfo   *in_info,
                  GstCaps        *outcaps,
                  GstVideoInfo   *out_info)
{
  TlVcam *self = TL_VCAM (filter);
  int iw = GST_VIDEO_INFO_WIDTH (in_info), ih = GST_VIDEO_INFO_HEIGHT (in_info);
  int ow = GST_VIDEO_INFO_WIDTH (out_info), oh = GST_VIDEO_INFO_HEIGHT (out_info);
  double scale = MIN ((double) ow / iw, (double) oh / ih);
  int dw = MIN (ow, (int) lround (iw * scale)) & ~1, dh = MIN (oh, (int) lround (ih * scale)) & ~1;
  int dx = ((ow - dw) / 2) & ~1, dy = ((oh - dh) / 2) & ~1;

  if ((ow | oh | iw | ih) & 1)
    {
      GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
                         ("I420 reprojection needs even sizes, got %dx%d -> %dx%d", iw, ih, ow,
                          oh));
      return FALSE;
    }

  /* The letterbox converter is cheap to make and only used in full mode. */
  g_clear_pointer (&self->letterbox, gst_video_converter_free);
  self->letterbox =
    gst_video_converter_new (in_info, out_info,
                             gst_structure_new ("options",
                                                GST_VIDEO_CONVERTER_OPT_DEST_X, G_TYPE_INT, dx,
                                                GST_VIDEO_CONVERTER_OPT_DEST_Y, G_TYPE_INT, dy,
                                                GST_VIDEO_CONVERTER_OPT_DEST_WIDTH, G_TYPE_INT,
                                                dw,
                                                GST_VIDEO_CONVERTER_OPT_DEST_HEIGHT, G_TYPE_INT,
                                                dh,
                                                GST_VIDEO_CONVERTER_OPT_FILL_BORDER,
                                                G_TYPE_BOOLEAN, TRUE,
                                                GST_VIDEO_CONVERTER_OPT_BORDER_ARGB, G_TYPE_UINT,
                                                0xff000000u,
                                                NULL));
  self->full_x = dx;
  self->full_y = dy;
  self->full_scale = (double) dw / iw;

  return self->letterbox != NULL;
}

static GstFlowReturn
tl_vcam_transform_frame (GstVideoFilter *filter,
                         GstVideoFrame  *in_frame,
                         GstVideoFrame  *out_frame)
{
  TlVcam *self = TL_VCAM (filter);
  GstBaseTransform *trans = GST_BASE_TRANSFORM (filter);
  GstClockTime pts = GST_BUFFER_PTS (in_frame->buffer);
  TlViewMeta *meta = tl_buffer_add_view_meta (out_frame->buffer);
  TlReelCamera mode;
  TlVcamSample view;
  const guint8 *src_planes[3];
  size_t src_strides[3], dst_strides[3];
  guint8 *dst_planes[3];

  meta->stream_time = GST_CLOCK_TIME_IS_VALID (pts)
    ? gst_segment_to_stream_time (&trans->segment, GST_FORMAT_TIME, pts) : GST_CLOCK_TIME_NONE;

  GST_OBJECT_LOCK (self);
  source_params (self, GST_VIDEO_FRAME_WIDTH (in_frame), GST_VIDEO_FRAME_HEIGHT (in_frame),
                 &meta->source);
  mode = self->mode;
  view.yaw_deg = (float) self->yaw_deg;
  view.pitch_deg = (float) self->pitch_deg;
  view.hfov_deg = (float) self->hfov_deg;
  /* Without a path (not analysed yet, nothing edited) the fixed view stands in. */
  if ((mode == TL_REEL_CAMERA_FOLLOW || mode == TL_REEL_CAMERA_PATH)
      && GST_CLOCK_TIME_IS_VALID (meta->stream_time))
    tl_vcam_sample_path (self->path, self->path_start, self->path_interval, meta->stream_time,
                         &view);
  GST_OBJECT_UNLOCK (self);

  if (mode == TL_REEL_CAMERA_FULL)
    {
      meta->full = TRUE;
      meta->full_x = self->full_x;
      meta->full_y = self->full_y;
      meta->full_scale = self->full_scale;
      gst_video_converter_frame (self->letterbox, in_frame, out_frame);
      return GST_FLOW_OK;
    }

  if (tl_virtual_camera_init (&meta->view, GST_VIDEO_FRAME_WIDTH (out_frame),
                              GST_VIDEO_FRAME_HEIGHT (out_frame), view.yaw_deg * G_PI / 180.0,
                              view.pitch_deg * G_PI / 180.0,
                              CLAMP (view.hfov_deg, 3.0, 120.0) * G_PI / 180.0) != TL_CAMERA_OK)
    {
      GST_ELEMENT_ERROR (self, STREAM, FAILED, (NULL),
                         ("invalid view yaw %g pitch %g hfov %g", view.yaw_deg, view.pitch_deg,
                          view.hfov_deg));
      return GST_FLOW_ERROR;
    }
  /* As in the viewer: a view that shows black beyond the panorama's edge is pulled back in. */
  tl_virtual_camera_clamp (&meta->view, &meta->source);

  for (int i = 0; i < 3; i++)
    {
      src_planes[i] = GST_VIDEO_FRAME_PLANE_DATA (in_frame, i);
      src_strides[i] = GST_VIDEO_FRAME_PLANE_STRIDE (in_frame, i);
      dst_planes[i] = GST_VIDEO_FRAME_PLANE_DATA (out_frame, i);
      dst_strides[i] = GST_VIDEO_FRAME_PLANE_STRIDE (out_frame, i);
    }
  if (tl_virtual_camera_render_i420 (&meta->view, &meta->source, src_planes, src_strides,
                                     dst_planes, dst_strides) != TL_CAMERA_OK)
    {
      GST_ELEMENT_ERROR (self, STREAM, FAILED, (NULL), ("reprojection refused the frame"));
      return GST_FLOW_ERROR;
    }

  return GST_FLOW_OK;
}

static void
tl_vcam_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  TlVcam *self = TL_VCAM (object);
  gboolean renegotiate = FALSE;

  GST_OBJECT_LOCK (self);
  switch (prop_id)
    {
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    case PROP_YAW:
      self->yaw_deg = g_value_get_double (value);
      break;
    case PROP_PITCH:
      self->pitch_deg = g_value_get_double (value);
      break;
    case PROP_HFOV:
      self->hfov_deg = g_value_get_double (value);
      break;
    case PROP_WIDTH:
      self->width = g_value_get_int (value) & ~1;
      renegotiate = TRUE;
      break;
    case PROP_HEIGHT:
      self->height = g_value_get_int (value) & ~1;
      renegotiate = TRUE;
      break;
    case PROP_PROJECTION:
      self->projection = g_value_get_enum (value);
      break;
    case PROP_SOURCE_HFOV:
      self->source_hfov_deg = g_value_get_double (value);
      break;
    case PROP_PATH:
      g_clear_pointer (&self->path, g_bytes_unref);
      self->path = g_value_dup_boxed (value);
      break;
    case PROP_PATH_START:
      self->path_start = g_value_get_uint64 (value);
      break;
    case PROP_PATH_INTERVAL:
      self->path_interval = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  GST_OBJECT_UNLOCK (self);

  if (renegotiate)
    gst_base_transform_reconfigure_src (GST_BASE_TRANSFORM (self));
}

static void
tl_vcam_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  TlVcam *self = TL_VCAM (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_YAW:
      g_value_set_double (value, self->yaw_deg);
      break;
    case PROP_PITCH:
      g_value_set_double (value, self->pitch_deg);
      break;
    case PROP_HFOV:
      g_value_set_double (value, self->hfov_deg);
      break;
    case PROP_WIDTH:
      g_value_set_int (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_int (value, self->height);
      break;
    case PROP_PROJECTION:
      g_value_set_enum (value, self->projection);
      break;
    case PROP_SOURCE_HFOV:
      g_value_set_double (value, self->source_hfov_deg);
      break;
    case PROP_PATH:
      g_value_set_boxed (value, self->path);
      break;
    case PROP_PATH_START:
      g_value_set_uint64 (value, self->path_start);
      break;
    case PROP_PATH_INTERVAL:
      g_value_set_uint64 (value, self->path_interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  GST_OBJECT_UNLOCK (self);
}

static void
tl_vcam_finalize (GObject *object)
{
  TlVcam *self = TL_VCAM (object);

  g_clear_pointer (&self->letterbox, gst_video_converter_free);
  g_clear_pointer (&self->path, g_bytes_unref);

  G_OBJECT_CLASS (tl_vcam_parent_class)->finalize (object);
}

static void
tl_vcam_class_init (TlVcamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstVideoFilterClass *filter_class = GST_VIDEO_FILTER_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                            | GST_PARAM_MUTABLE_PLAYING;

  object_class->set_property = tl_vcam_set_property;
  object_class->get_property = tl_vcam_get_property;
  object_class->finalize = tl_vcam_finalize;
  trans_class->transform_caps = tl_vcam_transform_caps;
  filter_class->set_info = tl_vcam_set_info;
  filter_class->transform_frame = tl_vcam_transform_frame;

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", "Mode", "follow/path: the path property; fixed: yaw, pitch, "
                       "hfov; full: the whole frame letterboxed", TL_TYPE_REEL_CAMERA,
                       TL_REEL_CAMERA_FIXED, flags);
  properties[PROP_YAW] =
    g_param_spec_double ("yaw", "Yaw", "Fixed view: degrees to the right of the source's "
                         "centre", -360, 360, 0, flags);
  properties[PROP_PITCH] =
    g_param_spec_double ("pitch", "Pitch", "Fixed view: degrees up", -90, 90, 0, flags);
  properties[PROP_HFOV] =
    g_param_spec_double ("hfov", "Field of view", "Fixed view: horizontal field of view, "
                         "degrees", 3, 120, DEFAULT_HFOV, flags);
  properties[PROP_WIDTH] =
    g_param_spec_int ("width", "Width", "Output width (even)", 2, 16384, DEFAULT_WIDTH, flags);
  properties[PROP_HEIGHT] =
    g_param_spec_int ("height", "Height", "Output height (even)", 2, 16384, DEFAULT_HEIGHT,
                      flags);
  properties[PROP_PROJECTION] =
    g_param_spec_enum ("projection", "Projection", "How the source maps directions to pixels",
                       TL_TYPE_PROJECTION, TL_PROJECTION_CYLINDRICAL, flags);
  properties[PROP_SOURCE_HFOV] =
    g_param_spec_double ("source-hfov", "Source field of view", "Degrees the source covers",
                         1, 360, TL_PANORAMA_DEFAULT_HFOV, flags);
  properties[PROP_PATH] =
    g_param_spec_boxed ("path", "Camera path", "Views (TlVcamSample: yaw, pitch, hfov as "
                        "float degrees) every path-interval from path-start", G_TYPE_BYTES,
                        flags);
  properties[PROP_PATH_START] =
    g_param_spec_uint64 ("path-start", "Path start", "Source time of the first sample (ns)", 0,
                         G_MAXUINT64, 0, flags);
  properties[PROP_PATH_INTERVAL] =
    g_param_spec_uint64 ("path-interval", "Path interval", "Time between samples (ns)", 0,
                         G_MAXUINT64, GST_SECOND / 25, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gst_element_class_set_static_metadata (element_class, "Touchline virtual camera",
                                         "Filter/Effect/Converter/Video",
                                         "Reframes a panorama with a virtual camera following "
                                         "a path, a fixed view or the full frame",
                                         "Touchline");
  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
}

static void
tl_vcam_init (TlVcam *self)
{
  self->mode = TL_REEL_CAMERA_FIXED;
  self->hfov_deg = DEFAULT_HFOV;
  self->width = DEFAULT_WIDTH;
  self->height = DEFAULT_HEIGHT;
  self->projection = TL_PROJECTION_CYLINDRICAL;
  self->source_hfov_deg = TL_PANORAMA_DEFAULT_HFOV;
  self->path_interval = GST_SECOND / 25;
}
