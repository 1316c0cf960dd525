/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-overlay.c: "tloverlay": drawings and titles drawn with cairo, blended into I420 in place. */
#include "config.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include "tl-annotation-renderer.h"
#include "tl-overlay.h"
#include "tl-vcam.h"

#define DEFAULT_TITLE_DURATION (4 * GST_SECOND)

struct _TlOverlay
{
  GstVideoFilter   parent_instance;

  /* Properties, under the object lock. */
  char            *title;
  gboolean         card;
  guint64          title_duration;
  TlAnnotationRenderer *annotations;

  /* Streaming thread only: the drawing surface, reused from frame to frame. */
  cairo_surface_t *surface;
};

G_DEFINE_FINAL_TYPE (TlOverlay, tl_overlay, GST_TYPE_VIDEO_FILTER)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_CARD,
  PROP_TITLE_DURATION,
  PROP_ANNOTATIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GstStaticPadTemplate pad_caps =
  GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
                           GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("I420")));
static GstStaticPadTemplate src_caps =
  GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
                           GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("I420")));

/* --- drawing ----------------------------------------------------------------------------- */

static void
draw_text_layout (cairo_t    *cr,
                  const char *text,
                  int         width,
                  int         height,
                  gboolean    card)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Cantarell Bold");
  int text_w, text_h;
  double size = card ? height / 11.0 : height / 22.0;
  double pad = size * 0.5;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((width * 0.85) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, card ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &text_w, &text_h);

  if (card)
    {
      /* A veil over the picture: the card stays readable over any frame. */
      cairo_set_source_rgba (cr, 0.05, 0.07, 0.1, 0.78);
      cairo_paint (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, (width - width * 0.85) / 2, (height - text_h) / 2.0);
    }
  else
    {
      /* A lower-third caption: a dark band behind the text, inside the title-safe area. */
      double x = width * 0.05, y = height * 0.9 - text_h - 2 * pad;

      cairo_set_source_rgba (cr, 0, 0, 0, 0.65);
      cairo_rectangle (cr, x, y, text_w + 2 * pad, text_h + 2 * pad);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, x + pad, y + pad);
    }
  pango_cairo_show_layout (cr, layout);

  pango_font_description_free (font);
  g_object_unref (layout);
}

static gboolean
row_pair_empty (const guint8 *argb,
                int           stride,
                int           y,
                int           rows,
                int           width)
{
  for (int r = 0; r < rows; r++)
    {
      const guint32 *p = (const guint32 *) (argb + (gsize) (y + r) * stride);

      for (int x = 0; x < width; x++)
        if (p[x] != 0)
          return FALSE;
    }
  return TRUE;
}

/* Blends a premultiplied ARGB32 surface over an I420 frame (BT.709 for HD, BT.601 below). */
static void
blend_surface (cairo_surface_t *surface,
               GstVideoFrame   *frame)
{
  int width = GST_VIDEO_FRAME_WIDTH (frame), height = GST_VIDEO_FRAME_HEIGHT (frame);
  const guint8 *argb = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint8 *py = GST_VIDEO_FRAME_PLANE_DATA (frame, 0);
  guint8 *pu = GST_VIDEO_FRAME_PLANE_DATA (frame, 1);
  guint8 *pv = GST_VIDEO_FRAME_PLANE_DATA (frame, 2);
  int sy = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  int su = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 1);
  int sv = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 2);
  gboolean hd = height >= 720;
  double kr = hd ? 0.2126 : 0.299, kb = hd ? 0.0722 : 0.114, kg = 1.0 - kr - kb;

  cairo_surface_flush (surface);
  for (int y = 0; y < height; y += 2)
    for (int x = 0; x < width; x += 2)
      {
        double sum_a = 0, sum_u = 0, sum_v = 0;

        /* Most of a frame has no drawing: skip the rest of an empty pair of rows at once. */
        if (x == 0 && row_pair_empty (argb, stride, y, MIN (2, height - y), width))
          break;

        for (int dy = 0; dy < 2 && y + dy < height; dy++)
          for (int dx = 0; dx < 2 && x + dx < width; dx++)
            {
              guint32 px = *(const guint32 *) (argb + (gsize) (y + dy) * stride + (x + dx) * 4);
              double a = (px >> 24) / 255.0, r, g, b, luma;
              guint8 *dst;

              if (a == 0)
                continue;
              /* Premultiplied: the channels already carry alpha. */
              r = ((px >> 16) & 0xff) / 255.0;
              g = ((px >> 8) & 0xff) / 255.0;
              b = (px & 0xff) / 255.0;
              luma = kr * r + kg * g + kb * b;
              dst = py + (gsize) (y + dy) * sy + x + dx;
              *dst = (guint8) CLAMP (*dst * (1 - a) + 16 * a + 219 * luma + 0.5, 0, 255);
              sum_a += a;
              sum_u += (b - luma) / (2 * (1 - kb));
              sum_v += (r - luma) / (2 * (1 - kr));
            }
        if (sum_a > 0)
          {
            guint8 *u = pu + (gsize) (y / 2) * su + x / 2;
            guint8 *v = pv + (gsize) (y / 2) * sv + x / 2;
            double a = sum_a / 4;

            *u = (guint8) CLAMP (*u * (1 - a) + 128 * a + 224 * sum_u / 4 + 0.5, 0, 255);
            *v = (guint8) CLAMP (*v * (1 - a) + 128 * a + 224 * sum_v / 4 + 0.5, 0, 255);
          }
      }
}

static cairo_surface_t *
ensure_surface (cairo_surface_t **surface,
                int               width,
                int               height)
{
  if (*surface != NULL && (cairo_image_surface_get_width (*surface) != width
                           || cairo_image_surface_get_height (*surface) != height))
    g_clear_pointer (surface, cairo_surface_destroy);
  if (*surface == NULL)
    *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  return *surface;
}

static void
clear_surface (cairo_surface_t *surface)
{
  cairo_t *cr = cairo_create (surface);

  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_destroy (cr);
}

void
tl_overlay_draw_title (GstVideoFrame *frame,
                       const char    *text,
                       gboolean       card)
{
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  int width = GST_VIDEO_FRAME_WIDTH (frame), height = GST_VIDEO_FRAME_HEIGHT (frame);

  g_return_if_fail (GST_VIDEO_FRAME_FORMAT (frame) == GST_VIDEO_FORMAT_I420);

  if (text == NULL || *text == '\0')
    return;
  ensure_surface (&surface, width, height);
  clear_surface (surface);
  cr = cairo_create (surface);
  draw_text_layout (cr, text, width, height, card);
  cairo_destroy (cr);
  blend_surface (surface, frame);
  cairo_surface_destroy (surface);
}

/* --- the element ------------------------------------------------------------------------ */

static GstFlowReturn
tl_overlay_transform_frame_ip (GstVideoFilter *filter,
                               GstVideoFrame  *frame)
{
  TlOverlay *self = TL_OVERLAY (filter);
  GstBaseTransform *trans = GST_BASE_TRANSFORM (filter);
  GstClockTime pts = GST_BUFFER_PTS (frame->buffer);
  GstClockTime running = GST_CLOCK_TIME_IS_VALID (pts)
    ? gst_segment_to_running_time (&trans->segment, GST_FORMAT_TIME, pts) : 0;
  int width = GST_VIDEO_FRAME_WIDTH (frame), height = GST_VIDEO_FRAME_HEIGHT (frame);
  g_autofree char *title = NULL;
  g_autoptr(TlAnnotationRenderer) annotations = NULL;
  TlViewMeta *meta = tl_buffer_get_view_meta (frame->buffer);
  gboolean card;
  cairo_t *cr;

  GST_OBJECT_LOCK (self);
  if (self->title != NULL && *self->title != '\0'
      && (self->title_duration == 0 || running < self->title_duration))
    title = g_strdup (self->title);
  card = self->card;
  if (self->annotations != NULL)
    annotations = g_object_ref (self->annotations);
  GST_OBJECT_UNLOCK (self);

  if (title == NULL && annotations == NULL)
    return GST_FLOW_OK;

  ensure_surface (&self->surface, width, height);
  clear_surface (self->surface);
  cr = cairo_create (self->surface);
  if (annotations != NULL)
    {
      /* The drawings' time is the source video's: the stream time tlvcam recorded, or this
       * element's own when it runs without tlvcam. */
      GstClockTime at = meta != NULL && GST_CLOCK_TIME_IS_VALID (meta->stream_time)
        ? meta->stream_time
        : gst_segment_to_stream_time (&trans->segment, GST_FORMAT_TIME, pts);

      if (meta != NULL && meta->full)
        {
          /* Letterboxed: the whole source frame, scaled into its rectangle. */
          cairo_save (cr);
          cairo_translate (cr, meta->full_x, meta->full_y);
          tl_annotation_renderer_draw (annotations, cr, (gint64) at, NULL,
                                       (int) (meta->source.width * meta->full_scale + 0.5),
                                       (int) (meta->source.height * meta->full_scale + 0.5));
          cairo_restore (cr);
        }
      else if (GST_CLOCK_TIME_IS_VALID (at))
        {
          tl_annotation_renderer_draw (annotations, cr, (gint64) at,
                                       meta != NULL ? &meta->view : NULL, width, height);
        }
    }
  if (title != NULL)
    draw_text_layout (cr, title, width, height, card);
  cairo_destroy (cr);
  blend_surface (self->surface, frame);

  return GST_FLOW_OK;
}

static void
tl_overlay_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TlOverlay *self = TL_OVERLAY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id)
    {
    case PROP_TITLE:
      g_free (self->title);
      self->title = g_value_dup_string (value);
      break;
    case PROP_CARD:
      self->card = g_value_get_boolean (value);
      break;
    case PROP_TITLE_DURATION:
      self->title_duration = g_value_get_uint64 (value);
      break;
    case PROP_ANNOTATIONS:
      g_clear_object (&self->annotations);
      self->annotations = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  GST_OBJECT_UNLOCK (self);
}

static void
tl_overlay_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TlOverlay *self = TL_OVERLAY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_CARD:
      g_value_set_boolean (value, self->card);
      break;
    case PROP_TITLE_DURATION:
      g_value_set_uint64 (value, self->title_duration);
      break;
    case PROP_ANNOTATIONS:
      g_value_set_object (value, self->annotations);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  GST_OBJECT_UNLOCK (self);
}

static void
tl_overlay_finalize (GObject *object)
{
  TlOverlay *self = TL_OVERLAY (object);

  g_free (self->title);
  g_clear_object (&self->annotations);
  g_clear_pointer (&self->surface, cairo_surface_destroy);

  G_OBJECT_CLASS (tl_overlay_parent_class)->finalize (object);
}

static void
tl_overlay_class_init (TlOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstVideoFilterClass *filter_class = GST_VIDEO_FILTER_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                            | GST_PARAM_MUTABLE_PLAYING;

  object_class->set_property = tl_overlay_set_property;
  object_class->get_property = tl_overlay_get_property;
  object_class->finalize = tl_overlay_finalize;
  filter_class->transform_frame_ip = tl_overlay_transform_frame_ip;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", "Title", "Text shown over the start of the stream", NULL,
                         flags);
  properties[PROP_CARD] =
    g_param_spec_boolean ("card", "Card", "Show the title as a full-frame card rather than a "
                          "caption", FALSE, flags);
  properties[PROP_TITLE_DURATION] =
    g_param_spec_uint64 ("title-duration", "Title duration", "How long the title shows (ns of "
                         "running time; 0: always)", 0, G_MAXUINT64, DEFAULT_TITLE_DURATION,
                         flags);
  properties[PROP_ANNOTATIONS] =
    g_param_spec_object ("annotations", "Drawings", "The match's drawings "
                         "(a TlAnnotationRenderer); NULL draws none",
                         TL_TYPE_ANNOTATION_RENDERER, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gst_element_class_set_static_metadata (element_class, "Touchline overlay",
                                         "Filter/Effect/Video",
                                         "Burns a match's drawings and titles into the video",
                                         "Touchline");
  gst_element_class_add_static_pad_template (element_class, &pad_caps);
  gst_element_class_add_static_pad_template (element_class, &src_caps);
}

static void
tl_overlay_init (TlOverlay *self)
{
  self->title_duration = DEFAULT_TITLE_DURATION;
}
