/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-annotation.c: one drawing on a match: shape, anchored points, style, time, bound tracks. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tl-annotation.h"

struct _TlAnnotation
{
  GObject            parent_instance;

  gint64             id;
  gint64             match_id;
  gint64             event_id;
  TlAnnotationShape  shape;
  TlAnnotationSpace  space;
  GArray            *points;      /* TlAnnotationPoint */
  gboolean           curved;
  double             radius;
  int                number;
  double             zoom;
  char              *color;
  double             width;
  double             opacity;
  gboolean           dash;
  gboolean           fill;
  char              *text;
  gint64             start_ns;
  gint64             end_ns;
  gint64             freeze_ns;
  int                z_order;
  GArray            *tracks;      /* guint32 */
};

G_DEFINE_FINAL_TYPE (TlAnnotation, tl_annotation, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_SHAPE,
  PROP_SPACE,
  PROP_EVENT_ID,
  PROP_COLOR,
  PROP_WIDTH,
  PROP_OPACITY,
  PROP_DASH,
  PROP_FILL,
  PROP_TEXT,
  PROP_START_NS,
  PROP_END_NS,
  PROP_FREEZE_NS,
  PROP_Z_ORDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char * const shape_names[TL_ANNOTATION_N_SHAPES] = {
  "pen", "line", "arrow", "circle", "rect", "zone", "text", "marker", "spotlight", "link",
  "magnifier",
};

const char *
tl_annotation_shape_to_string (TlAnnotationShape shape)
{
  g_return_val_if_fail ((guint) shape < TL_ANNOTATION_N_SHAPES, NULL);
  return shape_names[shape];
}

gboolean
tl_annotation_shape_from_string (const char        *str,
                                 TlAnnotationShape *out_shape)
{
  for (guint i = 0; str != NULL && i < TL_ANNOTATION_N_SHAPES; i++)
    if (g_strcmp0 (str, shape_names[i]) == 0)
      {
        *out_shape = (TlAnnotationShape) i;
        return TRUE;
      }
  /* The spelling a user may type for a circle or a rectangle. */
  if (g_strcmp0 (str, "ellipse") == 0)
    {
      *out_shape = TL_ANNOTATION_CIRCLE;
      return TRUE;
    }
  if (g_strcmp0 (str, "rectangle") == 0)
    {
      *out_shape = TL_ANNOTATION_RECT;
      return TRUE;
    }
  return FALSE;
}

const char *
tl_annotation_space_to_string (TlAnnotationSpace space)
{
  return space == TL_ANNOTATION_SPACE_PITCH ? "pitch" : "image";
}

gboolean
tl_annotation_space_from_string (const char        *str,
                                 TlAnnotationSpace *out_space)
{
  if (g_strcmp0 (str, "pitch") == 0)
    *out_space = TL_ANNOTATION_SPACE_PITCH;
  else if (g_strcmp0 (str, "image") == 0)
    *out_space = TL_ANNOTATION_SPACE_IMAGE;
  else
    return FALSE;
  return TRUE;
}

guint
tl_annotation_shape_min_points (TlAnnotationShape shape)
{
  switch (shape)
    {
    case TL_ANNOTATION_PEN:
    case TL_ANNOTATION_LINE:
    case TL_ANNOTATION_ARROW:
    case TL_ANNOTATION_CIRCLE:
    case TL_ANNOTATION_RECT:
      return 2;
    case TL_ANNOTATION_ZONE:
      return 3;
    case TL_ANNOTATION_LINK:
    case TL_ANNOTATION_SPOTLIGHT:
      return 0;   /* the tracks may carry it; see validate () */
    case TL_ANNOTATION_TEXT:
    case TL_ANNOTATION_MARKER:
    case TL_ANNOTATION_MAGNIFIER:
    default:
      return 1;
    }
}

guint
tl_annotation_shape_max_points (TlAnnotationShape shape)
{
  switch (shape)
    {
    case TL_ANNOTATION_LINE:
    case TL_ANNOTATION_CIRCLE:
    case TL_ANNOTATION_RECT:
      return 2;
    case TL_ANNOTATION_ARROW:
      return 3;
    case TL_ANNOTATION_TEXT:
    case TL_ANNOTATION_MARKER:
    case TL_ANNOTATION_SPOTLIGHT:
    case TL_ANNOTATION_MAGNIFIER:
      return 1;
    case TL_ANNOTATION_PEN:
    case TL_ANNOTATION_ZONE:
    case TL_ANNOTATION_LINK:
    default:
      return G_MAXUINT;
    }
}

gboolean
tl_annotation_shape_is_bound (TlAnnotationShape shape)
{
  return shape == TL_ANNOTATION_SPOTLIGHT || shape == TL_ANNOTATION_LINK;
}

gboolean
tl_annotation_parse_color (const char *str,
                           double     *r,
                           double     *g,
                           double     *b)
{
  guint v = 0;

  if (str == NULL || str[0] != '#' || strlen (str) != 7)
    return FALSE;
  for (int i = 1; i < 7; i++)
    {
      int d = g_ascii_xdigit_value (str[i]);

      if (d < 0)
        return FALSE;
      v = v << 4 | (guint) d;
    }
  *r = ((v >> 16) & 0xff) / 255.0;
  *g = ((v >> 8) & 0xff) / 255.0;
  *b = (v & 0xff) / 255.0;
  return TRUE;
}

static void
changed (TlAnnotation *self,
         int           prop)
{
  if (prop != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_signal_emit (self, signals[CHANGED], 0);
}

TlAnnotation *
tl_annotation_new (TlAnnotationShape shape,
                   TlAnnotationSpace space)
{
  TlAnnotation *self;

  g_return_val_if_fail ((guint) shape < TL_ANNOTATION_N_SHAPES, NULL);

  self = g_object_new (TL_TYPE_ANNOTATION, NULL);
  self->shape = shape;
  self->space = space;
  if (shape == TL_ANNOTATION_MAGNIFIER)
    self->radius = 90.0;
  else if (space == TL_ANNOTATION_SPACE_IMAGE)
    self->radius = 40.0;
  return self;
}

static void
copy_fields (TlAnnotation *dst,
             TlAnnotation *src)
{
  dst->id = src->id;
  dst->match_id = src->match_id;
  dst->event_id = src->event_id;
  dst->shape = src->shape;
  dst->space = src->space;
  g_array_set_size (dst->points, 0);
  g_array_append_vals (dst->points, src->points->data, src->points->len);
  dst->curved = src->curved;
  dst->radius = src->radius;
  dst->number = src->number;
  dst->zoom = src->zoom;
  g_free (dst->color);
  dst->color = g_strdup (src->color);
  dst->width = src->width;
  dst->opacity = src->opacity;
  dst->dash = src->dash;
  dst->fill = src->fill;
  g_free (dst->text);
  dst->text = g_strdup (src->text);
  dst->start_ns = src->start_ns;
  dst->end_ns = src->end_ns;
  dst->freeze_ns = src->freeze_ns;
  dst->z_order = src->z_order;
  g_array_set_size (dst->tracks, 0);
  g_array_append_vals (dst->tracks, src->tracks->data, src->tracks->len);
}

TlAnnotation *
tl_annotation_copy (TlAnnotation *self)
{
  TlAnnotation *copy;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);

  copy = g_object_new (TL_TYPE_ANNOTATION, NULL);
  copy_fields (copy, self);
  return copy;
}

void
tl_annotation_assign (TlAnnotation *self,
                      TlAnnotation *other)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  g_return_if_fail (TL_IS_ANNOTATION (other));

  if (self == other)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  copy_fields (self, other);
  /* Everything may have changed; listeners re-read what they show. */
  for (int i = 1; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
tl_annotation_validate (TlAnnotation  *self,
                        GError       **error)
{
  guint n = self->points->len;
  const char *name = shape_names[self->shape];

  if (n < tl_annotation_shape_min_points (self->shape)
      || n > tl_annotation_shape_max_points (self->shape))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A %s drawing cannot have %u points"), name, n);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      const TlAnnotationPoint *p = &g_array_index (self->points, TlAnnotationPoint, i);

      if (!isfinite (p->x) || !isfinite (p->y) || fabs (p->x) > 1e6 || fabs (p->y) > 1e6)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Point %u of a %s drawing is not a usable coordinate"), i + 1, name);
          return FALSE;
        }
    }
  if (self->shape == TL_ANNOTATION_LINK && self->tracks->len + n < 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A link joins two or more players"));
      return FALSE;
    }
  if (self->shape == TL_ANNOTATION_SPOTLIGHT && self->tracks->len + n == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A spotlight needs a player to follow or a point to stand on"));
      return FALSE;
    }
  if (self->shape == TL_ANNOTATION_SPOTLIGHT && self->tracks->len > 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A spotlight follows one player"));
      return FALSE;
    }
  if (self->tracks->len > 0 && !tl_annotation_shape_is_bound (self->shape))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Only a spotlight or a link can follow players, not a %s"), name);
      return FALSE;
    }
  if (self->shape == TL_ANNOTATION_TEXT && (self->text == NULL || *self->text == '\0'))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A text label needs some text"));
      return FALSE;
    }
  if (self->start_ns < 0 || self->end_ns < self->start_ns || self->freeze_ns < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A drawing must end after it starts"));
      return FALSE;
    }
  if (!(self->width > 0 && self->width <= 100) || !(self->opacity >= 0 && self->opacity <= 1)
      || !(self->radius >= 0 && self->radius < 1e5) || !(self->zoom >= 1 && self->zoom <= 16))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The drawing's width, opacity, radius or zoom is out of range"));
      return FALSE;
    }
  return TRUE;
}

gint64
tl_annotation_get_id (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), 0);
  return self->id;
}

void
tl_annotation_set_id (TlAnnotation *self,
                      gint64        id)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  if (self->id == id)
    return;
  self->id = id;
  changed (self, PROP_ID);
}

gint64
tl_annotation_get_match_id (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), 0);
  return self->match_id;
}

void
tl_annotation_set_match_id (TlAnnotation *self,
                            gint64        match_id)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  self->match_id = match_id;
}

gint64
tl_annotation_get_event_id (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), 0);
  return self->event_id;
}

void
tl_annotation_set_event_id (TlAnnotation *self,
                            gint64        event_id)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  if (self->event_id == event_id)
    return;
  self->event_id = event_id;
  changed (self, PROP_EVENT_ID);
}

TlAnnotationShape
tl_annotation_get_shape (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), TL_ANNOTATION_LINE);
  return self->shape;
}

TlAnnotationSpace
tl_annotation_get_space (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), TL_ANNOTATION_SPACE_IMAGE);
  return self->space;
}

const TlAnnotationPoint *
tl_annotation_get_points (TlAnnotation *self,
                          guint        *n_points)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);
  if (n_points != NULL)
    *n_points = self->points->len;
  return (const TlAnnotationPoint *) self->points->data;
}

void
tl_annotation_set_points (TlAnnotation            *self,
                          const TlAnnotationPoint *points,
                          guint                    n_points)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  g_return_if_fail (points != NULL || n_points == 0);

  g_array_set_size (self->points, 0);
  g_array_append_vals (self->points, points, n_points);
  changed (self, PROP_0);
}

void
tl_annotation_translate (TlAnnotation *self,
                         double        dx,
                         double        dy)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));

  for (guint i = 0; i < self->points->len; i++)
    {
      TlAnnotationPoint *p = &g_array_index (self->points, TlAnnotationPoint, i);

      p->x += dx;
      p->y += dy;
    }
  changed (self, PROP_0);
}

gboolean
tl_annotation_get_curved (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), FALSE);
  return self->curved;
}

void
tl_annotation_set_curved (TlAnnotation *self,
                          gboolean      curved)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  self->curved = !!curved;
  changed (self, PROP_0);
}

double
tl_annotation_get_radius (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), 0);
  return self->radius;
}

void
tl_annotation_set_radius (TlAnnotation *self,
                          double        radius)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  self->radius = radius;
  changed (self, PROP_0);
}

int
tl_annotation_get_number (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), 0);
  return self->number;
}

void
tl_annotation_set_number (TlAnnotation *self,
                          int           number)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  self->number = number;
  changed (self, PROP_0);
}

double
tl_annotation_get_zoom (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), 1);
  return self->zoom;
}

void
tl_annotation_set_zoom (TlAnnotation *self,
                        double        zoom)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  self->zoom = zoom;
  changed (self, PROP_0);
}

const char *
tl_annotation_get_color (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);
  return self->color;
}

void
tl_annotation_set_color (TlAnnotation *self,
                         const char   *color)
{
  double r, g, b;

  g_return_if_fail (TL_IS_ANNOTATION (self));
  g_return_if_fail (tl_annotation_parse_color (color, &r, &g, &b));

  if (g_ascii_strcasecmp (self->color, color) == 0)
    return;
  g_free (self->color);
  self->color = g_ascii_strdown (color, -1);
  changed (self, PROP_COLOR);
}

double
tl_annotation_get_width (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), 0);
  return self->width;
}

void
tl_annotation_set_width (TlAnnotation *self,
                         double        width)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  if (self->width == width)
    return;
  self->width = width;
  changed (self, PROP_WIDTH);
}

double
tl_annotation_get_opacity (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), 1);
  return self->opacity;
}

void
tl_annotation_set_opacity (TlAnnotation *self,
                           double        opacity)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  if (self->opacity == opacity)
    return;
  self->opacity = opacity;
  changed (self, PROP_OPACITY);
}

gboolean
tl_annotation_get_dash (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), FALSE);
  return self->dash;
}

void
tl_annotation_set_dash (TlAnnotation *self,
                        gboolean      dash)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  if (self->dash == !!dash)
    return;
  self->dash = !!dash;
  changed (self, PROP_DASH);
}

gboolean
tl_annotation_get_fill (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), FALSE);
  return self->fill;
}

void
tl_annotation_set_fill (TlAnnotation *self,
                        gboolean      fill)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  if (self->fill == !!fill)
    return;
  self->fill = !!fill;
  changed (self, PROP_FILL);
}

const char *
tl_annotation_get_text (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);
  return self->text;
}

void
tl_annotation_set_text (TlAnnotation *self,
                        const char   *text)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = (text != NULL && *text != '\0') ? g_strdup (text) : NULL;
  changed (self, PROP_TEXT);
}

gint64
tl_annotation_get_start (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), 0);
  return self->start_ns;
}

gint64
tl_annotation_get_end (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), 0);
  return self->end_ns;
}

void
tl_annotation_set_range (TlAnnotation *self,
                         gint64        start_ns,
                         gint64        end_ns)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  g_return_if_fail (start_ns >= 0 && end_ns >= start_ns);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->start_ns != start_ns)
    {
      self->start_ns = start_ns;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_NS]);
    }
  if (self->end_ns != end_ns)
    {
      self->end_ns = end_ns;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_NS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  changed (self, PROP_0);
}

gint64
tl_annotation_get_freeze (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), 0);
  return self->freeze_ns;
}

void
tl_annotation_set_freeze (TlAnnotation *self,
                          gint64        freeze_ns)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  g_return_if_fail (freeze_ns >= 0);
  if (self->freeze_ns == freeze_ns)
    return;
  self->freeze_ns = freeze_ns;
  changed (self, PROP_FREEZE_NS);
}

int
tl_annotation_get_z_order (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), 0);
  return self->z_order;
}

void
tl_annotation_set_z_order (TlAnnotation *self,
                           int           z_order)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  if (self->z_order == z_order)
    return;
  self->z_order = z_order;
  changed (self, PROP_Z_ORDER);
}

gboolean
tl_annotation_is_visible_at (TlAnnotation *self,
                             gint64        position_ns)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), FALSE);

  /* A zero-length drawing still shows on its own frame (a freeze-only telestration). */
  if (self->end_ns == self->start_ns)
    return position_ns == self->start_ns;
  return position_ns >= self->start_ns && position_ns < self->end_ns;
}

const guint32 *
tl_annotation_get_tracks (TlAnnotation *self,
                          guint        *n_tracks)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);
  if (n_tracks != NULL)
    *n_tracks = self->tracks->len;
  return (const guint32 *) self->tracks->data;
}

void
tl_annotation_set_tracks (TlAnnotation  *self,
                          const guint32 *tracks,
                          guint          n_tracks)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  g_return_if_fail (tracks != NULL || n_tracks == 0);

  g_array_set_size (self->tracks, 0);
  g_array_append_vals (self->tracks, tracks, n_tracks);
  changed (self, PROP_0);
}

char *
tl_annotation_geometry_to_json (TlAnnotation *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "points");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->points->len; i++)
    {
      const TlAnnotationPoint *p = &g_array_index (self->points, TlAnnotationPoint, i);

      json_builder_begin_array (builder);
      json_builder_add_double_value (builder, p->x);
      json_builder_add_double_value (builder, p->y);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  if (self->curved)
    {
      json_builder_set_member_name (builder, "curved");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (self->shape == TL_ANNOTATION_SPOTLIGHT || self->shape == TL_ANNOTATION_MAGNIFIER)
    {
      json_builder_set_member_name (builder, "radius");
      json_builder_add_double_value (builder, self->radius);
    }
  if (self->shape == TL_ANNOTATION_MARKER)
    {
      json_builder_set_member_name (builder, "number");
      json_builder_add_int_value (builder, self->number);
    }
  if (self->shape == TL_ANNOTATION_MAGNIFIER)
    {
      json_builder_set_member_name (builder, "zoom");
      json_builder_add_double_value (builder, self->zoom);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

char *
tl_annotation_style_to_json (TlAnnotation *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "color");
  json_builder_add_string_value (builder, self->color);
  json_builder_set_member_name (builder, "width");
  json_builder_add_double_value (builder, self->width);
  json_builder_set_member_name (builder, "opacity");
  json_builder_add_double_value (builder, self->opacity);
  json_builder_set_member_name (builder, "dash");
  json_builder_add_boolean_value (builder, self->dash);
  json_builder_set_member_name (builder, "fill");
  json_builder_add_boolean_value (builder, self->fill);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static JsonObject *
parse_object (JsonParser  *parser,
              const char  *json,
              const char  *what,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The drawing's %s is not valid JSON: %s"), what, local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The drawing's %s is not a JSON object"), what);
      return NULL;
    }
  return json_node_get_object (root);
}

gboolean
tl_annotation_geometry_from_json (TlAnnotation  *self,
                                  const char    *json,
                                  GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonArray *points;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), FALSE);

  object = parse_object (parser, json, _("geometry"), error);
  if (object == NULL)
    return FALSE;
  if (!json_object_has_member (object, "points")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "points")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The drawing's geometry has no \"points\" array"));
      return FALSE;
    }
  points = json_object_get_array_member (object, "points");
  g_array_set_size (self->points, 0);
  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      JsonNode *node = json_array_get_element (points, i);
      JsonArray *pair;
      TlAnnotationPoint p;

      if (!JSON_NODE_HOLDS_ARRAY (node)
          || json_array_get_length (pair = json_node_get_array (node)) != 2)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Point %u of the drawing's geometry is not an [x, y] pair"), i + 1);
          return FALSE;
        }
      p.x = json_array_get_double_element (pair, 0);
      p.y = json_array_get_double_element (pair, 1);
      g_array_append_val (self->points, p);
    }
  self->curved = json_object_get_boolean_member_with_default (object, "curved", FALSE);
  self->radius = json_object_get_double_member_with_default (object, "radius", 0);
  self->number = (int) json_object_get_int_member_with_default (object, "number", 0);
  self->zoom = json_object_get_double_member_with_default (object, "zoom", 2.0);
  changed (self, PROP_0);
  return TRUE;
}

gboolean
tl_annotation_style_from_json (TlAnnotation  *self,
                               const char    *json,
                               GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *color;
  double r, g, b;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), FALSE);

  object = parse_object (parser, json, _("style"), error);
  if (object == NULL)
    return FALSE;
  color = json_object_get_string_member_with_default (object, "color",
                                                      TL_ANNOTATION_DEFAULT_COLOR);
  if (!tl_annotation_parse_color (color, &r, &g, &b))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The drawing's colour “%s” is not #rrggbb"), color);
      return FALSE;
    }
  g_free (self->color);
  self->color = g_ascii_strdown (color, -1);
  self->width = json_object_get_double_member_with_default (object, "width",
                                                            TL_ANNOTATION_DEFAULT_WIDTH);
  self->opacity = json_object_get_double_member_with_default (object, "opacity", 1.0);
  self->dash = json_object_get_boolean_member_with_default (object, "dash", FALSE);
  self->fill = json_object_get_boolean_member_with_default (object, "fill", FALSE);
  changed (self, PROP_0);
  return TRUE;
}

static void
tl_annotation_finalize (GObject *object)
{
  TlAnnotation *self = (TlAnnotation *) object;

  g_array_unref (self->points);
  g_array_unref (self->tracks);
  g_free (self->color);
  g_free (self->text);

  G_OBJECT_CLASS (tl_annotation_parent_class)->finalize (object);
}

static void
tl_annotation_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TlAnnotation *self = TL_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_SHAPE:
      g_value_set_string (value, shape_names[self->shape]);
      break;
    case PROP_SPACE:
      g_value_set_string (value, tl_annotation_space_to_string (self->space));
      break;
    case PROP_EVENT_ID:
      g_value_set_int64 (value, self->event_id);
      break;
    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;
    case PROP_WIDTH:
      g_value_set_double (value, self->width);
      break;
    case PROP_OPACITY:
      g_value_set_double (value, self->opacity);
      break;
    case PROP_DASH:
      g_value_set_boolean (value, self->dash);
      break;
    case PROP_FILL:
      g_value_set_boolean (value, self->fill);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_START_NS:
      g_value_set_int64 (value, self->start_ns);
      break;
    case PROP_END_NS:
      g_value_set_int64 (value, self->end_ns);
      break;
    case PROP_FREEZE_NS:
      g_value_set_int64 (value, self->freeze_ns);
      break;
    case PROP_Z_ORDER:
      g_value_set_int (value, self->z_order);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_annotation_class_init (TlAnnotationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tl_annotation_finalize;
  object_class->get_property = tl_annotation_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SHAPE] = g_param_spec_string ("shape", NULL, NULL, NULL, flags);
  properties[PROP_SPACE] = g_param_spec_string ("space", NULL, NULL, NULL, flags);
  properties[PROP_EVENT_ID] = g_param_spec_int64 ("event-id", NULL, NULL,
                                                  0, G_MAXINT64, 0, flags);
  properties[PROP_COLOR] = g_param_spec_string ("color", NULL, NULL, NULL, flags);
  properties[PROP_WIDTH] = g_param_spec_double ("width", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_OPACITY] = g_param_spec_double ("opacity", NULL, NULL, 0, 1, 1, flags);
  properties[PROP_DASH] = g_param_spec_boolean ("dash", NULL, NULL, FALSE, flags);
  properties[PROP_FILL] = g_param_spec_boolean ("fill", NULL, NULL, FALSE, flags);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_START_NS] = g_param_spec_int64 ("start-ns", NULL, NULL,
                                                  0, G_MAXINT64, 0, flags);
  properties[PROP_END_NS] = g_param_spec_int64 ("end-ns", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_FREEZE_NS] = g_param_spec_int64 ("freeze-ns", NULL, NULL,
                                                   0, G_MAXINT64, 0, flags);
  properties[PROP_Z_ORDER] = g_param_spec_int ("z-order", NULL, NULL,
                                               G_MININT, G_MAXINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Any field changed (points and tracks have no property of their own). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tl_annotation_init (TlAnnotation *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (TlAnnotationPoint));
  self->tracks = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->color = g_strdup (TL_ANNOTATION_DEFAULT_COLOR);
  self->width = TL_ANNOTATION_DEFAULT_WIDTH;
  self->opacity = 1.0;
  self->radius = TL_ANNOTATION_SPOTLIGHT_RADIUS;
  self->zoom = 2.0;
  self->end_ns = 5 * G_TIME_SPAN_SECOND * 1000;
}
