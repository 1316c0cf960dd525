/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-annotation-layer.c: drawing tools over the video; shows drawings in the viewer's view. */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "tl-annotation-layer.h"
#include "tl-annotation-renderer.h"

/* Pointer slack, in widget pixels: a press and release closer than this is a click; a handle
 * or a line is hit within this. */
#define CLICK_SLOP      4.0
#define HIT_TOLERANCE   6.0
#define HANDLE_RADIUS   6.0
#define PICK_RADIUS     40.0
/* Pen strokes keep a point every this many widget pixels. */
#define PEN_SPACING     3.0

struct _TlAnnotationLayer
{
  GtkWidget             parent_instance;

  TlViewer             *viewer;
  TlPlayer             *player;
  GdkPaintable         *viewer_paintable;   /* the video, for the magnifier's lens */
  TlLibrary            *library;
  TlMatch              *match;
  TlMatchAnnotations   *annotations;
  TlAnnotationRenderer *renderer;

  TlAnnotationTool      tool;
  char                 *color;
  double                line_width;
  double                opacity;
  gboolean              dash;
  gboolean              fill;
  double                duration_s;
  double                freeze_s;
  char                 *label;

  TlAnnotation         *selected;
  TlAnnotation         *draft;             /* being drawn, not saved yet */
  gint64                draft_start;
  TlAnnotation         *drag_before;       /* the selected drawing when a move began */
  int                   drag_handle;       /* -1: move the whole drawing */
  double                press_x, press_y;  /* widget */
  double                press_sx, press_sy;/* the press in the drawing's space */
  gboolean              press_valid;
  double                last_pen_x, last_pen_y;
  double                hover_x, hover_y;
  gboolean              hover_valid;

  GtkWidget            *key_scope;         /* weak: the tool keys work while it is shown */
  GtkWidget            *text_popover;
  GtkWidget            *text_entry;
  double                text_sx, text_sy;
  gboolean              text_edits_selected;  /* the popover renames, not adds */

  gint64                last_position;
  gint64                last_position_time; /* monotonic µs when last_position came */
  guint                 freeze_source;
};

G_DEFINE_ENUM_TYPE (TlAnnotationTool, tl_annotation_tool,
                    G_DEFINE_ENUM_VALUE (TL_ANNOTATION_TOOL_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (TL_ANNOTATION_TOOL_SELECT, "select"),
                    G_DEFINE_ENUM_VALUE (TL_ANNOTATION_TOOL_PEN, "pen"),
                    G_DEFINE_ENUM_VALUE (TL_ANNOTATION_TOOL_LINE, "line"),
                    G_DEFINE_ENUM_VALUE (TL_ANNOTATION_TOOL_ARROW, "arrow"),
                    G_DEFINE_ENUM_VALUE (TL_ANNOTATION_TOOL_CURVED_ARROW, "curved-arrow"),
                    G_DEFINE_ENUM_VALUE (TL_ANNOTATION_TOOL_CIRCLE, "circle"),
                    G_DEFINE_ENUM_VALUE (TL_ANNOTATION_TOOL_RECT, "rect"),
                    G_DEFINE_ENUM_VALUE (TL_ANNOTATION_TOOL_ZONE, "zone"),
                    G_DEFINE_ENUM_VALUE (TL_ANNOTATION_TOOL_TEXT, "text"),
                    G_DEFINE_ENUM_VALUE (TL_ANNOTATION_TOOL_MARKER, "marker"),
                    G_DEFINE_ENUM_VALUE (TL_ANNOTATION_TOOL_SPOTLIGHT, "spotlight"),
                    G_DEFINE_ENUM_VALUE (TL_ANNOTATION_TOOL_LINK, "link"),
                    G_DEFINE_ENUM_VALUE (TL_ANNOTATION_TOOL_MAGNIFIER, "magnifier"))

G_DEFINE_FINAL_TYPE (TlAnnotationLayer, tl_annotation_layer, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TOOL,
  PROP_COLOR,
  PROP_LINE_WIDTH,
  PROP_OPACITY,
  PROP_DASH,
  PROP_FILL,
  PROP_DURATION,
  PROP_FREEZE,
  PROP_LABEL,
  PROP_SELECTED,
  PROP_ANNOTATIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum { ERROR, N_SIGNALS };
static guint signals[N_SIGNALS];

/* --- mapping: widget <-> output <-> the drawing's space ------------------------------------ */

typedef struct
{
  gboolean        is_virtual;
  TlVirtualCamera view;
  double          scale, ox, oy;   /* panorama: widget = o + scale × source pixel */
  int             out_width, out_height;
} Mapping;

static gboolean
get_mapping (TlAnnotationLayer *self,
             Mapping           *m)
{
  const TlCameraParams *source;

  if (self->renderer == NULL)
    return FALSE;
  source = tl_annotation_renderer_get_source (self->renderer);
  m->is_virtual = tl_viewer_get_mapping (self->viewer, NULL, &m->view, &m->scale, &m->ox,
                                         &m->oy);
  if (m->is_virtual)
    {
      m->out_width = m->view.width;
      m->out_height = m->view.height;
      return TRUE;
    }
  m->out_width = source->width;
  m->out_height = source->height;
  return m->scale > 0;
}

static const TlVirtualCamera *
mapping_view (const Mapping *m)
{
  return m->is_virtual ? &m->view : NULL;
}

static void
widget_to_output (const Mapping *m,
                  double         x,
                  double         y,
                  double        *out_x,
                  double        *out_y)
{
  *out_x = m->is_virtual ? x : (x - m->ox) / m->scale;
  *out_y = m->is_virtual ? y : (y - m->oy) / m->scale;
}

static double
widget_per_output (const Mapping *m)
{
  return m->is_virtual ? 1.0 : m->scale;
}

static gboolean
widget_to_space (TlAnnotationLayer *self,
                 TlAnnotationSpace  space,
                 double             x,
                 double             y,
                 double            *sx,
                 double            *sy)
{
  Mapping m;
  double ox, oy;

  if (!get_mapping (self, &m))
    return FALSE;
  widget_to_output (&m, x, y, &ox, &oy);
  return tl_annotation_renderer_from_output (self->renderer, space, ox, oy, mapping_view (&m),
                                             m.out_width, m.out_height, sx, sy);
}

static gboolean
space_to_widget (TlAnnotationLayer *self,
                 TlAnnotationSpace  space,
                 double             sx,
                 double             sy,
                 double            *x,
                 double            *y)
{
  Mapping m;
  double ox, oy;

  if (!get_mapping (self, &m)
      || !tl_annotation_renderer_to_output (self->renderer, space, sx, sy, mapping_view (&m),
                                            m.out_width, m.out_height, &ox, &oy))
    return FALSE;
  *x = m.is_virtual ? ox : m.ox + ox * m.scale;
  *y = m.is_virtual ? oy : m.oy + oy * m.scale;
  return TRUE;
}

static gint64
position (TlAnnotationLayer *self)
{
  return self->player != NULL ? MAX (0, tl_player_get_position (self->player)) : 0;
}

static TlAnnotationSpace
default_space (TlAnnotationLayer *self)
{
  return tl_annotation_renderer_get_default_space (self->renderer);
}

/* --- drawing --------------------------------------------------------------------------------- */

static void
append_point (TlAnnotation *a,
              double        x,
              double        y)
{
  guint n;
  const TlAnnotationPoint *p = tl_annotation_get_points (a, &n);
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (TlAnnotationPoint));
  TlAnnotationPoint q = { x, y };

  g_array_append_vals (points, p, n);
  g_array_append_val (points, q);
  tl_annotation_set_points (a, (TlAnnotationPoint *) points->data, points->len);
}

/* The video under each magnifier drawn larger, from the viewer's own rendering; the renderer
 * then adds the lens ring (it cannot read back pixels from a GTK snapshot). */
static void
snapshot_magnifiers (TlAnnotationLayer *self,
                     GtkSnapshot       *snapshot,
                     const Mapping     *m)
{
  gint64 now = position (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->annotations));
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlAnnotation) a = g_list_model_get_item (G_LIST_MODEL (self->annotations), i);
      const TlAnnotationPoint *p;
      double x, y, radius, zoom;
      GskRoundedRect clip;

      if (tl_annotation_get_shape (a) != TL_ANNOTATION_MAGNIFIER
          || !tl_annotation_is_visible_at (a, now))
        continue;
      p = tl_annotation_get_points (a, NULL);
      if (!space_to_widget (self, tl_annotation_get_space (a), p[0].x, p[0].y, &x, &y))
        continue;
      radius = tl_annotation_get_radius (a) * m->out_height / TL_ANNOTATION_REFERENCE_HEIGHT
               * widget_per_output (m);
      zoom = tl_annotation_get_zoom (a);
      gsk_rounded_rect_init_from_rect (&clip, &GRAPHENE_RECT_INIT (x - radius, y - radius,
                                                                   2 * radius, 2 * radius),
                                       radius);
      gtk_snapshot_push_rounded_clip (snapshot, &clip);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
      gtk_snapshot_scale (snapshot, zoom, zoom);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-x, -y));
      gdk_paintable_snapshot (self->viewer_paintable, snapshot, width, height);
      gtk_snapshot_restore (snapshot);
      gtk_snapshot_pop (snapshot);
    }
}

static void
draw_handles (TlAnnotationLayer *self,
              cairo_t           *cr)
{
  const TlAnnotationPoint *p;
  guint n;

  p = tl_annotation_get_points (self->selected, &n);
  for (guint i = 0; i < n; i++)
    {
      double x, y;

      if (!space_to_widget (self, tl_annotation_get_space (self->selected), p[i].x, p[i].y,
                            &x, &y))
        continue;
      cairo_new_path (cr);
      cairo_arc (cr, x, y, HANDLE_RADIUS, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 1);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
}

static void
tl_annotation_layer_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  TlAnnotationLayer *self = TL_ANNOTATION_LAYER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gint64 now = position (self);
  Mapping m;
  cairo_t *cr;

  if (self->annotations == NULL || !get_mapping (self, &m))
    return;

  snapshot_magnifiers (self, snapshot, &m);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_save (cr);
  if (!m.is_virtual)
    {
      /* The panorama is letterboxed: draw in source pixels, as a full-frame still does. */
      cairo_rectangle (cr, m.ox, m.oy, m.out_width * m.scale, m.out_height * m.scale);
      cairo_clip (cr);
      cairo_translate (cr, m.ox, m.oy);
      cairo_scale (cr, m.scale, m.scale);
    }
  tl_annotation_renderer_draw (self->renderer, cr, now, mapping_view (&m), m.out_width,
                               m.out_height);
  if (self->draft != NULL && self->tool == TL_ANNOTATION_TOOL_ZONE && self->hover_valid)
    {
      /* The zone as it would close with a corner under the pointer. */
      g_autoptr(TlAnnotation) preview = tl_annotation_copy (self->draft);
      double sx, sy;

      if (widget_to_space (self, tl_annotation_get_space (preview), self->hover_x,
                           self->hover_y, &sx, &sy))
        append_point (preview, sx, sy);
      tl_annotation_renderer_draw_annotation (self->renderer, cr, preview, now,
                                              mapping_view (&m), m.out_width, m.out_height);
    }
  else if (self->draft != NULL)
    tl_annotation_renderer_draw_annotation (self->renderer, cr, self->draft, now,
                                            mapping_view (&m), m.out_width, m.out_height);
  cairo_restore (cr);
  if (self->selected != NULL && self->tool == TL_ANNOTATION_TOOL_SELECT)
    draw_handles (self, cr);
  cairo_destroy (cr);
}

/* --- edits ----------------------------------------------------------------------------------- */

static void
report (TlAnnotationLayer *self,
        GError            *error)
{
  g_signal_emit (self, signals[ERROR], 0, error);
}

static void
apply_style (TlAnnotationLayer *self,
             TlAnnotation      *a)
{
  tl_annotation_set_color (a, self->color);
  tl_annotation_set_width (a, self->line_width);
  tl_annotation_set_opacity (a, self->opacity);
  tl_annotation_set_dash (a, self->dash);
  tl_annotation_set_fill (a, self->fill);
}

static TlAnnotation *
new_drawing (TlAnnotationLayer *self,
             TlAnnotationShape  shape)
{
  TlAnnotation *a = tl_annotation_new (shape, default_space (self));
  gint64 start = position (self);

  apply_style (self, a);
  tl_annotation_set_range (a, start, start + (gint64) (self->duration_s * 1e9));
  tl_annotation_set_freeze (a, (gint64) (self->freeze_s * 1e9));
  return a;
}

static void
save_new (TlAnnotationLayer *self,
          TlAnnotation      *a)
{
  g_autoptr(GError) error = NULL;

  if (!tl_match_annotations_add (self->annotations, a, &error))
    {
      report (self, error);
      return;
    }
  tl_annotation_layer_set_selected (self, a);
}

static void
clear_draft (TlAnnotationLayer *self)
{
  g_clear_object (&self->draft);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
finish_draft (TlAnnotationLayer *self)
{
  g_autoptr(TlAnnotation) draft = g_steal_pointer (&self->draft);

  if (draft != NULL)
    {
      /* A drawing begun while playing starts where the stroke began. */
      tl_annotation_set_range (draft, self->draft_start,
                               self->draft_start + (gint64) (self->duration_s * 1e9));
      save_new (self, draft);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Changes the selected drawing through @edit applied to a copy, saved as one undoable step. */
static void
edit_selected (TlAnnotationLayer *self,
               void             (*edit) (TlAnnotation *a, gpointer data),
               gpointer           data)
{
  g_autoptr(TlAnnotation) copy = NULL;
  g_autoptr(GError) error = NULL;

  if (self->selected == NULL || self->annotations == NULL)
    return;
  copy = tl_annotation_copy (self->selected);
  edit (copy, data);
  if (!tl_match_annotations_update (self->annotations, copy, &error))
    report (self, error);
}

static void
edit_style (TlAnnotation *a,
            gpointer      data)
{
  TlAnnotationLayer *self = data;

  apply_style (self, a);
  tl_annotation_set_range (a, tl_annotation_get_start (a),
                           tl_annotation_get_start (a) + (gint64) (self->duration_s * 1e9));
  tl_annotation_set_freeze (a, (gint64) (self->freeze_s * 1e9));
}

static void
edit_start (TlAnnotation *a,
            gpointer      data)
{
  gint64 start = *(gint64 *) data;

  tl_annotation_set_range (a, start,
                           start + tl_annotation_get_end (a) - tl_annotation_get_start (a));
}

static void
restyle_selected (TlAnnotationLayer *self)
{
  edit_selected (self, edit_style, self);
}

/* --- pointer --------------------------------------------------------------------------------- */

/* The topmost drawing shown now under widget point (@x, @y). */
static TlAnnotation *
hit_test (TlAnnotationLayer *self,
          double             x,
          double             y)
{
  gint64 now = position (self);
  Mapping m;
  double ox, oy;
  guint n;

  if (self->annotations == NULL || !get_mapping (self, &m))
    return NULL;
  widget_to_output (&m, x, y, &ox, &oy);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->annotations));
  for (guint i = n; i-- > 0;)
    {
      g_autoptr(TlAnnotation) a = g_list_model_get_item (G_LIST_MODEL (self->annotations), i);

      if (tl_annotation_is_visible_at (a, now)
          && tl_annotation_renderer_hit (self->renderer, a, now, mapping_view (&m),
                                         m.out_width, m.out_height, ox, oy,
                                         HIT_TOLERANCE / widget_per_output (&m)))
        return a;
    }
  return NULL;
}

static int
handle_at (TlAnnotationLayer *self,
           double             x,
           double             y)
{
  const TlAnnotationPoint *p;
  guint n;

  if (self->selected == NULL)
    return -1;
  p = tl_annotation_get_points (self->selected, &n);
  for (guint i = 0; i < n; i++)
    {
      double hx, hy;

      if (space_to_widget (self, tl_annotation_get_space (self->selected), p[i].x, p[i].y,
                           &hx, &hy)
          && hypot (hx - x, hy - y) <= HANDLE_RADIUS + 3)
        return (int) i;
    }
  return -1;
}

static guint32
pick_track (TlAnnotationLayer *self,
            double             x,
            double             y)
{
  Mapping m;
  double ox, oy;

  if (!get_mapping (self, &m))
    return 0;
  widget_to_output (&m, x, y, &ox, &oy);
  return tl_annotation_renderer_pick_track (self->renderer, position (self), mapping_view (&m),
                                            m.out_width, m.out_height, ox, oy,
                                            PICK_RADIUS / widget_per_output (&m));
}

static int
next_marker_number (TlAnnotationLayer *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->annotations));
  int number = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlAnnotation) a = g_list_model_get_item (G_LIST_MODEL (self->annotations), i);

      if (tl_annotation_get_shape (a) == TL_ANNOTATION_MARKER)
        number = MAX (number, tl_annotation_get_number (a));
    }
  return number + 1;
}

static void
show_text_popover (TlAnnotationLayer *self,
                   double             x,
                   double             y,
                   const char        *text)
{
  gtk_popover_set_pointing_to (GTK_POPOVER (self->text_popover),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_editable_set_text (GTK_EDITABLE (self->text_entry), text != NULL ? text : "");
  gtk_popover_popup (GTK_POPOVER (self->text_popover));
}

static void
edit_text (TlAnnotation *a,
           gpointer      data)
{
  tl_annotation_set_text (a, data);
}

static void
on_text_activate (TlAnnotationLayer *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->text_entry));
  g_autofree char *clean = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(TlAnnotation) a = NULL;
  TlAnnotationPoint p = { self->text_sx, self->text_sy };

  gtk_popover_popdown (GTK_POPOVER (self->text_popover));
  if (self->text_edits_selected)
    {
      /* A label keeps some text; a spotlight may lose its name. */
      if (*clean != '\0' || tl_annotation_get_shape (self->selected) != TL_ANNOTATION_TEXT)
        edit_selected (self, edit_text, clean);
      self->text_edits_selected = FALSE;
      return;
    }
  if (*clean == '\0' || self->annotations == NULL)
    return;
  a = new_drawing (self, TL_ANNOTATION_TEXT);
  tl_annotation_set_points (a, &p, 1);
  tl_annotation_set_text (a, text);
  save_new (self, a);
}

gboolean
tl_annotation_layer_use_track (TlAnnotationLayer *self,
                               guint32            track_no)
{
  g_return_val_if_fail (TL_IS_ANNOTATION_LAYER (self), FALSE);

  if (self->annotations == NULL || track_no == 0)
    return FALSE;
  if (self->tool == TL_ANNOTATION_TOOL_LINK)
    {
      guint n;
      const guint32 *tracks;
      g_autoptr(GArray) more = g_array_new (FALSE, FALSE, sizeof (guint32));

      if (self->draft == NULL)
        {
          self->draft = new_drawing (self, TL_ANNOTATION_LINK);
          self->draft_start = position (self);
        }
      tracks = tl_annotation_get_tracks (self->draft, &n);
      g_array_append_vals (more, tracks, n);
      g_array_append_val (more, track_no);
      tl_annotation_set_tracks (self->draft, (guint32 *) more->data, more->len);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return TRUE;
    }
  if (self->tool == TL_ANNOTATION_TOOL_SPOTLIGHT)
    {
      g_autoptr(TlAnnotation) a = new_drawing (self, TL_ANNOTATION_SPOTLIGHT);
      TlAnnotationPoint p;

      /* Where the player stands now: drawn there if the track has a gap later. */
      if (tl_annotation_renderer_track_position (self->renderer, track_no, position (self),
                                                 tl_annotation_get_space (a), &p.x, &p.y))
        tl_annotation_set_points (a, &p, 1);
      tl_annotation_set_tracks (a, &track_no, 1);
      tl_annotation_set_text (a, self->label);
      save_new (self, a);
      return TRUE;
    }
  return FALSE;
}

/* A press and release in place: the click tools. */
static void
click (TlAnnotationLayer *self,
       double             x,
       double             y)
{
  TlAnnotationSpace space = default_space (self);
  double sx, sy;
  gboolean on_ground = widget_to_space (self, space, x, y, &sx, &sy);
  TlAnnotationPoint p = { sx, sy };
  guint32 track;

  switch (self->tool)
    {
    case TL_ANNOTATION_TOOL_SELECT:
      tl_annotation_layer_set_selected (self, hit_test (self, x, y));
      break;
    case TL_ANNOTATION_TOOL_ZONE:
      if (!on_ground)
        return;
      if (self->draft == NULL)
        {
          self->draft = new_drawing (self, TL_ANNOTATION_ZONE);
          self->draft_start = position (self);
        }
      else
        {
          guint n;
          const TlAnnotationPoint *first = tl_annotation_get_points (self->draft, &n);
          double fx, fy;

          /* A click on the first corner closes the zone, as in every drawing program. */
          if (n >= 3
              && space_to_widget (self, tl_annotation_get_space (self->draft), first->x,
                                  first->y, &fx, &fy)
              && hypot (fx - x, fy - y) <= HANDLE_RADIUS + 4)
            {
              finish_draft (self);
              return;
            }
        }
      append_point (self->draft, sx, sy);
      break;
    case TL_ANNOTATION_TOOL_LINK:
      track = pick_track (self, x, y);
      if (track == 0)
        {
          gtk_widget_error_bell (GTK_WIDGET (self));
          return;
        }
      tl_annotation_layer_use_track (self, track);
      break;
    case TL_ANNOTATION_TOOL_TEXT:
      if (!on_ground)
        return;
      self->text_sx = sx;
      self->text_sy = sy;
      self->text_edits_selected = FALSE;
      show_text_popover (self, x, y, NULL);
      break;
    case TL_ANNOTATION_TOOL_SPOTLIGHT:
      track = pick_track (self, x, y);
      if (track != 0)
        {
          tl_annotation_layer_use_track (self, track);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case TL_ANNOTATION_TOOL_MARKER:
    case TL_ANNOTATION_TOOL_MAGNIFIER:
      {
        /* A spotlight here stands on the spot clicked: no player there. */
        static const TlAnnotationShape shapes[] = {
          [TL_ANNOTATION_TOOL_SPOTLIGHT] = TL_ANNOTATION_SPOTLIGHT,
          [TL_ANNOTATION_TOOL_MARKER] = TL_ANNOTATION_MARKER,
          [TL_ANNOTATION_TOOL_MAGNIFIER] = TL_ANNOTATION_MAGNIFIER,
        };
        g_autoptr(TlAnnotation) a = NULL;

        if (!on_ground)
          return;
        a = new_drawing (self, shapes[self->tool]);
        tl_annotation_set_points (a, &p, 1);
        if (self->tool == TL_ANNOTATION_TOOL_MARKER)
          tl_annotation_set_number (a, next_marker_number (self));
        if (self->tool == TL_ANNOTATION_TOOL_SPOTLIGHT)
          tl_annotation_set_text (a, self->label);
        save_new (self, a);
      }
      break;
    default:
      break;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
is_drag_tool (TlAnnotationTool tool)
{
  return tool == TL_ANNOTATION_TOOL_PEN || tool == TL_ANNOTATION_TOOL_LINE
         || tool == TL_ANNOTATION_TOOL_ARROW || tool == TL_ANNOTATION_TOOL_CURVED_ARROW
         || tool == TL_ANNOTATION_TOOL_CIRCLE || tool == TL_ANNOTATION_TOOL_RECT;
}

static void
on_drag_begin (GtkGestureDrag    *gesture,
               double             x,
               double             y,
               TlAnnotationLayer *self)
{
  TlAnnotationSpace space;

  if (self->annotations == NULL)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->press_x = x;
  self->press_y = y;
  self->drag_handle = -1;
  space = self->selected != NULL && self->tool == TL_ANNOTATION_TOOL_SELECT
          ? tl_annotation_get_space (self->selected) : default_space (self);
  self->press_valid = widget_to_space (self, space, x, y, &self->press_sx, &self->press_sy);

  if (self->tool == TL_ANNOTATION_TOOL_SELECT)
    {
      TlAnnotation *hit;

      self->drag_handle = handle_at (self, x, y);
      if (self->drag_handle < 0 && (hit = hit_test (self, x, y)) != NULL)
        tl_annotation_layer_set_selected (self, hit);
      if (self->selected != NULL && (self->drag_handle >= 0 || hit_test (self, x, y) != NULL))
        {
          g_clear_object (&self->drag_before);
          self->drag_before = tl_annotation_copy (self->selected);
          self->press_valid = widget_to_space (self, tl_annotation_get_space (self->selected),
                                               x, y, &self->press_sx, &self->press_sy);
        }
      return;
    }
  if (is_drag_tool (self->tool) && self->press_valid)
    {
      static const TlAnnotationShape shapes[] = {
        [TL_ANNOTATION_TOOL_PEN] = TL_ANNOTATION_PEN,
        [TL_ANNOTATION_TOOL_LINE] = TL_ANNOTATION_LINE,
        [TL_ANNOTATION_TOOL_ARROW] = TL_ANNOTATION_ARROW,
        [TL_ANNOTATION_TOOL_CURVED_ARROW] = TL_ANNOTATION_ARROW,
        [TL_ANNOTATION_TOOL_CIRCLE] = TL_ANNOTATION_CIRCLE,
        [TL_ANNOTATION_TOOL_RECT] = TL_ANNOTATION_RECT,
      };
      TlAnnotationPoint p = { self->press_sx, self->press_sy };

      g_clear_object (&self->draft);
      self->draft = new_drawing (self, shapes[self->tool]);
      self->draft_start = position (self);
      tl_annotation_set_points (self->draft, &p, 1);
      tl_annotation_set_curved (self->draft, self->tool == TL_ANNOTATION_TOOL_CURVED_ARROW);
      self->last_pen_x = x;
      self->last_pen_y = y;
    }
}

static void
on_drag_update (GtkGestureDrag    *gesture,
                double             dx,
                double             dy,
                TlAnnotationLayer *self)
{
  double x = self->press_x + dx, y = self->press_y + dy, sx, sy;

  if (self->tool == TL_ANNOTATION_TOOL_SELECT)
    {
      TlAnnotationSpace space;

      if (self->drag_before == NULL || !self->press_valid)
        return;
      space = tl_annotation_get_space (self->selected);
      if (!widget_to_space (self, space, x, y, &sx, &sy))
        return;
      /* Live on the model's object; saved as one step from drag_before on release. */
      if (self->drag_handle >= 0)
        {
          guint n;
          g_autofree TlAnnotationPoint *p =
            g_memdup2 (tl_annotation_get_points (self->selected, &n),
                       sizeof (TlAnnotationPoint) * MAX (n, 1));

          if ((guint) self->drag_handle < n)
            {
              p[self->drag_handle].x = sx;
              p[self->drag_handle].y = sy;
              tl_annotation_set_points (self->selected, p, n);
            }
        }
      else
        {
          tl_annotation_assign (self->selected, self->drag_before);
          tl_annotation_translate (self->selected, sx - self->press_sx, sy - self->press_sy);
        }
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  if (self->draft == NULL || !is_drag_tool (self->tool))
    return;
  if (!widget_to_space (self, tl_annotation_get_space (self->draft), x, y, &sx, &sy))
    return;
  if (self->tool == TL_ANNOTATION_TOOL_PEN)
    {
      if (hypot (x - self->last_pen_x, y - self->last_pen_y) < PEN_SPACING)
        return;
      self->last_pen_x = x;
      self->last_pen_y = y;
      append_point (self->draft, sx, sy);
    }
  else
    {
      TlAnnotationPoint p[3] = { { self->press_sx, self->press_sy }, { sx, sy }, { sx, sy } };

      if (self->tool == TL_ANNOTATION_TOOL_CURVED_ARROW)
        {
          /* Bent to the left of the run by a sixth of its length; the middle handle changes
           * the bend afterwards. */
          double mx = (p[0].x + sx) / 2, my = (p[0].y + sy) / 2;
          double ux = sx - p[0].x, uy = sy - p[0].y;

          p[1].x = mx - uy / 6;
          p[1].y = my + ux / 6;
          tl_annotation_set_points (self->draft, p, 3);
        }
      else
        tl_annotation_set_points (self->draft, p, 2);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end (GtkGestureDrag    *gesture,
             double             dx,
             double             dy,
             TlAnnotationLayer *self)
{
  gboolean is_click = hypot (dx, dy) < CLICK_SLOP;

  if (self->tool == TL_ANNOTATION_TOOL_SELECT && self->drag_before != NULL)
    {
      g_autoptr(TlAnnotation) before = g_steal_pointer (&self->drag_before);
      g_autoptr(TlAnnotation) after = tl_annotation_copy (self->selected);
      g_autoptr(GError) error = NULL;

      if (is_click)
        {
          tl_annotation_assign (self->selected, before);
          return;
        }
      /* Back to the state before the drag, then the whole move as one saved, undoable edit. */
      tl_annotation_assign (self->selected, before);
      if (!tl_match_annotations_update (self->annotations, after, &error))
        report (self, error);
      return;
    }
  if (is_click)
    {
      if (is_drag_tool (self->tool))
        clear_draft (self);
      else
        click (self, self->press_x, self->press_y);
      return;
    }
  if (is_drag_tool (self->tool) && self->draft != NULL)
    {
      guint n;

      tl_annotation_get_points (self->draft, &n);
      if (n >= tl_annotation_shape_min_points (tl_annotation_get_shape (self->draft)))
        finish_draft (self);
      else
        clear_draft (self);
    }
  else if (self->tool == TL_ANNOTATION_TOOL_MAGNIFIER)
    {
      /* Dragged out: the lens as wide as the drag. */
      Mapping m;
      g_autoptr(TlAnnotation) a = NULL;
      TlAnnotationPoint p = { self->press_sx, self->press_sy };

      if (!self->press_valid || !get_mapping (self, &m))
        return;
      a = new_drawing (self, TL_ANNOTATION_MAGNIFIER);
      tl_annotation_set_points (a, &p, 1);
      tl_annotation_set_radius (a, hypot (dx, dy) / widget_per_output (&m)
                                   * TL_ANNOTATION_REFERENCE_HEIGHT / m.out_height);
      save_new (self, a);
    }
}

static void
on_click_pressed (GtkGestureClick   *gesture,
                  int                n_press,
                  double             x,
                  double             y,
                  TlAnnotationLayer *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  TlAnnotation *hit;

  /* A double-click on a label or a spotlight edits its text. */
  if (self->tool == TL_ANNOTATION_TOOL_SELECT && n_press == 2
      && (hit = hit_test (self, x, y)) != NULL
      && (tl_annotation_get_shape (hit) == TL_ANNOTATION_TEXT
          || tl_annotation_get_shape (hit) == TL_ANNOTATION_SPOTLIGHT))
    {
      tl_annotation_layer_set_selected (self, hit);
      self->text_edits_selected = TRUE;
      show_text_popover (self, x, y, tl_annotation_get_text (hit));
      return;
    }

  /* A double-click, or a right-click, closes a zone or a link. */
  if (self->draft != NULL && (n_press == 2 || button == GDK_BUTTON_SECONDARY)
      && (self->tool == TL_ANNOTATION_TOOL_ZONE || self->tool == TL_ANNOTATION_TOOL_LINK))
    {
      g_autoptr(GError) error = NULL;

      if (tl_annotation_validate (self->draft, &error))
        finish_draft (self);
      else
        gtk_widget_error_bell (GTK_WIDGET (self));
    }
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           TlAnnotationLayer        *self)
{
  self->hover_x = x;
  self->hover_y = y;
  self->hover_valid = TRUE;
  if (self->draft != NULL && self->tool == TL_ANNOTATION_TOOL_ZONE)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_key_pressed (GtkEventControllerKey *keys,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                TlAnnotationLayer     *self)
{
  if (keyval == GDK_KEY_Escape && (self->draft != NULL || self->tool != TL_ANNOTATION_TOOL_NONE))
    {
      if (self->draft != NULL)
        clear_draft (self);
      else
        tl_annotation_layer_set_tool (self, TL_ANNOTATION_TOOL_NONE);
      return GDK_EVENT_STOP;
    }
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && self->draft != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (tl_annotation_validate (self->draft, &error))
        finish_draft (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* --- playback: freezes and redraws ------------------------------------------------------------ */

static gboolean
end_freeze (gpointer data)
{
  TlAnnotationLayer *self = data;

  self->freeze_source = 0;
  if (self->player != NULL)
    tl_player_play (self->player);
  return G_SOURCE_REMOVE;
}

static void
on_position (TlAnnotationLayer *self)
{
  gint64 now = position (self);
  gint64 before = self->last_position;
  gint64 wall = g_get_monotonic_time ();
  gint64 elapsed_ns = (wall - self->last_position_time) * 1000;

  self->last_position = now;
  self->last_position_time = wall;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  /* Playing forward across a drawing's start that asks for a freeze: hold there. A jump (seek,
   * loop) is not playing across it: playback advances about as fast as the clock (frames may
   * come far apart on a busy machine, so the clock decides, not a fixed step). */
  if (self->annotations == NULL || self->freeze_source != 0
      || !tl_player_get_playing (self->player) || now <= before
      || now - before > elapsed_ns * tl_player_get_rate (self->player) * 1.5 + 200000000)
    return;
  {
    TlAnnotation *freeze = tl_match_annotations_find_freeze (self->annotations, before, now);

    if (freeze == NULL)
      return;
    tl_player_pause (self->player);
    tl_player_seek (self->player, tl_annotation_get_start (freeze), TRUE);
    self->last_position = tl_annotation_get_start (freeze);
    self->freeze_source = g_timeout_add ((guint) (tl_annotation_get_freeze (freeze) / 1000000),
                                         end_freeze, self);
  }
}

static void
on_playing (TlAnnotationLayer *self)
{
  /* The user pressed play or pause during a freeze: theirs to decide now. */
  if (self->freeze_source != 0 && tl_player_get_playing (self->player))
    g_clear_handle_id (&self->freeze_source, g_source_remove);
}

/* --- public ---------------------------------------------------------------------------------- */

GtkWidget *
tl_annotation_layer_new (TlViewer *viewer)
{
  TlAnnotationLayer *self;

  g_return_val_if_fail (TL_IS_VIEWER (viewer), NULL);

  self = g_object_new (TL_TYPE_ANNOTATION_LAYER, NULL);
  self->viewer = g_object_ref (viewer);
  self->viewer_paintable = gtk_widget_paintable_new (GTK_WIDGET (viewer));
  self->player = tl_viewer_get_player (viewer);
  if (self->player != NULL)
    {
      g_object_ref (self->player);
      g_signal_connect_object (self->player, "notify::position", G_CALLBACK (on_position),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->player, "notify::playing", G_CALLBACK (on_playing),
                               self, G_CONNECT_SWAPPED);
    }
  /* The view moves: the drawings move with it. */
  g_signal_connect_object (viewer, "notify", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

static void load_match (TlAnnotationLayer *self);

static void
on_match_changed (TlAnnotationLayer *self,
                  GParamSpec        *pspec)
{
  /* A new calibration changes what every pitch point means; a new analysis, the tracks. */
  if (g_str_equal (pspec->name, "calibration") || g_str_equal (pspec->name, "calibrated"))
    load_match (self);
  else if (g_str_equal (pspec->name, "analysis-state") && self->renderer != NULL)
    {
      tl_annotation_renderer_clear_tracks (self->renderer);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_items_changed (TlAnnotationLayer *self)
{
  /* The selected drawing may have been deleted (or undone away). */
  if (self->selected != NULL
      && tl_match_annotations_lookup (self->annotations,
                                      tl_annotation_get_id (self->selected)) != self->selected)
    tl_annotation_layer_set_selected (self, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
load_match (TlAnnotationLayer *self)
{
  g_autoptr(GError) error = NULL;

  tl_annotation_layer_set_selected (self, NULL);
  g_clear_object (&self->draft);
  if (self->annotations != NULL)
    g_signal_handlers_disconnect_by_data (self->annotations, self);
  g_clear_object (&self->annotations);
  g_clear_object (&self->renderer);

  if (self->library != NULL && self->match != NULL)
    {
      gint64 id = tl_match_get_id (self->match);

      self->annotations = tl_match_annotations_new (self->library, id, &error);
      if (self->annotations != NULL)
        self->renderer = tl_annotation_renderer_new (self->library, id, &error);
      if (self->renderer == NULL)
        {
          g_clear_object (&self->annotations);
          report (self, error);
        }
      else
        {
          tl_annotation_renderer_set_annotations (self->renderer,
                                                  G_LIST_MODEL (self->annotations));
          g_signal_connect_object (self->annotations, "items-changed",
                                   G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
        }
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATIONS]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
tl_annotation_layer_set_match (TlAnnotationLayer *self,
                               TlLibrary         *library,
                               TlMatch           *match)
{
  g_return_if_fail (TL_IS_ANNOTATION_LAYER (self));

  if (match == self->match && library == self->library)
    return;
  if (self->match != NULL)
    g_signal_handlers_disconnect_by_data (self->match, self);
  g_set_object (&self->library, library);
  g_set_object (&self->match, match);
  if (match != NULL)
    g_signal_connect_object (match, "notify", G_CALLBACK (on_match_changed), self,
                             G_CONNECT_SWAPPED);
  load_match (self);
}

TlMatchAnnotations *
tl_annotation_layer_get_annotations (TlAnnotationLayer *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION_LAYER (self), NULL);
  return self->annotations;
}

void
tl_annotation_layer_set_tool (TlAnnotationLayer *self,
                              TlAnnotationTool   tool)
{
  g_return_if_fail (TL_IS_ANNOTATION_LAYER (self));

  if (self->tool == tool)
    return;
  self->tool = tool;
  clear_draft (self);
  /* Without a tool every click belongs to the viewer (pan, zoom, double-click). */
  gtk_widget_set_can_target (GTK_WIDGET (self), tool != TL_ANNOTATION_TOOL_NONE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   tool == TL_ANNOTATION_TOOL_SELECT ? "default"
                                   : tool == TL_ANNOTATION_TOOL_TEXT ? "text"
                                   : "crosshair");
  if (tool != TL_ANNOTATION_TOOL_SELECT)
    tl_annotation_layer_set_selected (self, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

TlAnnotationTool
tl_annotation_layer_get_tool (TlAnnotationLayer *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION_LAYER (self), TL_ANNOTATION_TOOL_NONE);
  return self->tool;
}

TlAnnotation *
tl_annotation_layer_get_selected (TlAnnotationLayer *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION_LAYER (self), NULL);
  return self->selected;
}

void
tl_annotation_layer_set_selected (TlAnnotationLayer *self,
                                  TlAnnotation      *annotation)
{
  g_return_if_fail (TL_IS_ANNOTATION_LAYER (self));

  if (!g_set_object (&self->selected, annotation))
    return;
  if (annotation != NULL)
    {
      /* The style controls show the selected drawing's style. */
      g_object_freeze_notify (G_OBJECT (self));
      g_free (self->color);
      self->color = g_strdup (tl_annotation_get_color (annotation));
      self->line_width = tl_annotation_get_width (annotation);
      self->opacity = tl_annotation_get_opacity (annotation);
      self->dash = tl_annotation_get_dash (annotation);
      self->fill = tl_annotation_get_fill (annotation);
      self->duration_s = (tl_annotation_get_end (annotation)
                          - tl_annotation_get_start (annotation)) / 1e9;
      self->freeze_s = tl_annotation_get_freeze (annotation) / 1e9;
      for (int p = PROP_COLOR; p <= PROP_FREEZE; p++)
        g_object_notify_by_pspec (G_OBJECT (self), properties[p]);
      g_object_thaw_notify (G_OBJECT (self));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

void
tl_annotation_layer_go_to (TlAnnotationLayer *self,
                           TlAnnotation      *annotation)
{
  g_return_if_fail (TL_IS_ANNOTATION_LAYER (self));
  g_return_if_fail (TL_IS_ANNOTATION (annotation));

  if (self->player != NULL)
    {
      tl_player_pause (self->player);
      tl_player_seek (self->player, tl_annotation_get_start (annotation), TRUE);
    }
  tl_annotation_layer_set_tool (self, TL_ANNOTATION_TOOL_SELECT);
  tl_annotation_layer_set_selected (self, annotation);
}

void
tl_annotation_layer_start_selected_here (TlAnnotationLayer *self)
{
  gint64 start;

  g_return_if_fail (TL_IS_ANNOTATION_LAYER (self));

  start = position (self);
  edit_selected (self, edit_start, &start);
}

static gboolean
history_step (TlAnnotationLayer *self,
              gboolean           undo)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->annotations == NULL)
    return FALSE;
  ok = undo ? tl_match_annotations_undo (self->annotations, &error)
            : tl_match_annotations_redo (self->annotations, &error);
  if (!ok)
    report (self, error);
  return ok;
}

gboolean
tl_annotation_layer_undo (TlAnnotationLayer *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION_LAYER (self), FALSE);
  return history_step (self, TRUE);
}

gboolean
tl_annotation_layer_redo (TlAnnotationLayer *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION_LAYER (self), FALSE);
  return history_step (self, FALSE);
}

gboolean
tl_annotation_layer_delete_selected (TlAnnotationLayer *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (TL_IS_ANNOTATION_LAYER (self), FALSE);

  if (self->selected == NULL || self->annotations == NULL)
    return FALSE;
  if (!tl_match_annotations_delete (self->annotations, tl_annotation_get_id (self->selected),
                                    &error))
    {
      report (self, error);
      return FALSE;
    }
  return TRUE;
}

/* Letters also tag events on the match page: the drawing keys only act while drawing is what
 * the user is doing (the Drawings page is shown, or a tool is in hand). */
static gboolean
keys_active (TlAnnotationLayer *self)
{
  return self->annotations != NULL
         && (self->tool != TL_ANNOTATION_TOOL_NONE
             || (self->key_scope != NULL && gtk_widget_get_mapped (self->key_scope)));
}

static gboolean
shortcut_tool (GtkWidget *widget,
               GVariant  *args,
               gpointer   data)
{
  TlAnnotationLayer *self = data;
  TlAnnotationTool tool = (TlAnnotationTool) g_variant_get_int32 (args);

  if (!keys_active (self))
    return FALSE;
  /* The same key again puts the tool down. */
  tl_annotation_layer_set_tool (self, self->tool == tool ? TL_ANNOTATION_TOOL_NONE : tool);
  return TRUE;
}

static gboolean
shortcut_edit (GtkWidget *widget,
               GVariant  *args,
               gpointer   data)
{
  TlAnnotationLayer *self = data;
  const char *what = g_variant_get_string (args, NULL);

  if (!keys_active (self))
    return FALSE;
  if (g_str_equal (what, "undo"))
    return tl_annotation_layer_undo (self);
  if (g_str_equal (what, "redo"))
    return tl_annotation_layer_redo (self);
  return tl_annotation_layer_delete_selected (self);
}

GtkEventController *
tl_annotation_layer_new_shortcuts (TlAnnotationLayer *self,
                                   GtkWidget         *scope)
{
  /* Listed in ui/gtk/help-overlay.ui; keys the match page does not already use. */
  static const struct
  {
    const char       *trigger;
    TlAnnotationTool  tool;
  } tools[] = {
    { "s", TL_ANNOTATION_TOOL_SELECT },
    { "p", TL_ANNOTATION_TOOL_PEN },
    { "i", TL_ANNOTATION_TOOL_LINE },
    { "a", TL_ANNOTATION_TOOL_ARROW },
    { "<Shift>a", TL_ANNOTATION_TOOL_CURVED_ARROW },
    { "c", TL_ANNOTATION_TOOL_CIRCLE },
    { "r", TL_ANNOTATION_TOOL_RECT },
    { "z", TL_ANNOTATION_TOOL_ZONE },
    { "t", TL_ANNOTATION_TOOL_TEXT },
    { "m", TL_ANNOTATION_TOOL_MARKER },
    { "h", TL_ANNOTATION_TOOL_SPOTLIGHT },
    { "n", TL_ANNOTATION_TOOL_LINK },
    { "g", TL_ANNOTATION_TOOL_MAGNIFIER },
  };
  static const struct
  {
    const char *trigger;
    const char *what;
  } edits[] = {
    { "<Control>z", "undo" },
    { "<Control><Shift>z", "redo" },
    { "<Control>y", "redo" },
    { "Delete", "delete" },
  };
  GtkEventController *controller;

  g_return_val_if_fail (TL_IS_ANNOTATION_LAYER (self), NULL);
  g_return_val_if_fail (scope == NULL || GTK_IS_WIDGET (scope), NULL);

  g_clear_weak_pointer (&self->key_scope);
  g_set_weak_pointer (&self->key_scope, scope);
  controller = gtk_shortcut_controller_new ();
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      GtkShortcut *shortcut =
        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (tools[i].trigger),
                          gtk_callback_action_new (shortcut_tool, self, NULL));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (tools[i].tool));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      GtkShortcut *shortcut =
        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (edits[i].trigger),
                          gtk_callback_action_new (shortcut_edit, self, NULL));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_string (edits[i].what));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  return controller;
}

/* --- class ------------------------------------------------------------------------------------ */

static void
tl_annotation_layer_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  TlAnnotationLayer *self = TL_ANNOTATION_LAYER (widget);

  gtk_popover_present (GTK_POPOVER (self->text_popover));
}

static void
tl_annotation_layer_dispose (GObject *object)
{
  TlAnnotationLayer *self = (TlAnnotationLayer *) object;

  g_clear_handle_id (&self->freeze_source, g_source_remove);
  g_clear_weak_pointer (&self->key_scope);
  g_clear_pointer (&self->text_popover, gtk_widget_unparent);
  if (self->annotations != NULL)
    g_signal_handlers_disconnect_by_data (self->annotations, self);
  g_clear_object (&self->annotations);
  g_clear_object (&self->renderer);
  g_clear_object (&self->selected);
  g_clear_object (&self->draft);
  g_clear_object (&self->drag_before);
  g_clear_object (&self->viewer_paintable);
  g_clear_object (&self->viewer);
  g_clear_object (&self->player);
  g_clear_object (&self->library);
  g_clear_object (&self->match);

  G_OBJECT_CLASS (tl_annotation_layer_parent_class)->dispose (object);
}

static void
tl_annotation_layer_finalize (GObject *object)
{
  TlAnnotationLayer *self = (TlAnnotationLayer *) object;

  g_free (self->color);
  g_free (self->label);

  G_OBJECT_CLASS (tl_annotation_layer_parent_class)->finalize (object);
}

static void
tl_annotation_layer_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TlAnnotationLayer *self = TL_ANNOTATION_LAYER (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      g_value_set_enum (value, self->tool);
      break;
    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;
    case PROP_LINE_WIDTH:
      g_value_set_double (value, self->line_width);
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
    case PROP_DURATION:
      g_value_set_double (value, self->duration_s);
      break;
    case PROP_FREEZE:
      g_value_set_double (value, self->freeze_s);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;
    case PROP_ANNOTATIONS:
      g_value_set_object (value, self->annotations);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_annotation_layer_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TlAnnotationLayer *self = TL_ANNOTATION_LAYER (object);
  double r, g, b;

  switch (prop_id)
    {
    case PROP_TOOL:
      tl_annotation_layer_set_tool (self, g_value_get_enum (value));
      return;
    case PROP_COLOR:
      if (!tl_annotation_parse_color (g_value_get_string (value), &r, &g, &b)
          || g_strcmp0 (self->color, g_value_get_string (value)) == 0)
        return;
      g_free (self->color);
      self->color = g_value_dup_string (value);
      break;
    case PROP_LINE_WIDTH:
      if (self->line_width == g_value_get_double (value))
        return;
      self->line_width = g_value_get_double (value);
      break;
    case PROP_OPACITY:
      if (self->opacity == g_value_get_double (value))
        return;
      self->opacity = g_value_get_double (value);
      break;
    case PROP_DASH:
      if (self->dash == g_value_get_boolean (value))
        return;
      self->dash = g_value_get_boolean (value);
      break;
    case PROP_FILL:
      if (self->fill == g_value_get_boolean (value))
        return;
      self->fill = g_value_get_boolean (value);
      break;
    case PROP_DURATION:
      if (self->duration_s == g_value_get_double (value))
        return;
      self->duration_s = g_value_get_double (value);
      break;
    case PROP_FREEZE:
      if (self->freeze_s == g_value_get_double (value))
        return;
      self->freeze_s = g_value_get_double (value);
      break;
    case PROP_LABEL:
      g_free (self->label);
      /* Never NULL: an entry row is bound to it. */
      self->label = g_strdup (g_value_get_string (value) != NULL ? g_value_get_string (value)
                                                                 : "");
      g_object_notify_by_pspec (object, pspec);
      return;
    case PROP_SELECTED:
      tl_annotation_layer_set_selected (self, g_value_get_object (value));
      return;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  /* A style or timing control changed: new drawings get it, and so does the selected one. */
  g_object_notify_by_pspec (object, pspec);
  restyle_selected (self);
}

static void
tl_annotation_layer_class_init (TlAnnotationLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tl_annotation_layer_dispose;
  object_class->finalize = tl_annotation_layer_finalize;
  object_class->get_property = tl_annotation_layer_get_property;
  object_class->set_property = tl_annotation_layer_set_property;
  widget_class->snapshot = tl_annotation_layer_snapshot;
  widget_class->size_allocate = tl_annotation_layer_size_allocate;

  properties[PROP_TOOL] = g_param_spec_enum ("tool", NULL, NULL, TL_TYPE_ANNOTATION_TOOL,
                                             TL_ANNOTATION_TOOL_NONE, flags);
  properties[PROP_COLOR] = g_param_spec_string ("color", NULL, NULL,
                                                TL_ANNOTATION_DEFAULT_COLOR, flags);
  properties[PROP_LINE_WIDTH] = g_param_spec_double ("line-width", NULL, NULL, 1, 24,
                                                     TL_ANNOTATION_DEFAULT_WIDTH, flags);
  properties[PROP_OPACITY] = g_param_spec_double ("opacity", NULL, NULL, 0.1, 1, 1, flags);
  properties[PROP_DASH] = g_param_spec_boolean ("dash", NULL, NULL, FALSE, flags);
  properties[PROP_FILL] = g_param_spec_boolean ("fill", NULL, NULL, FALSE, flags);
  properties[PROP_DURATION] = g_param_spec_double ("duration", NULL, NULL, 0, 3600, 5, flags);
  properties[PROP_FREEZE] = g_param_spec_double ("freeze", NULL, NULL, 0, 60, 0, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, "", flags);
  properties[PROP_SELECTED] = g_param_spec_object ("selected", NULL, NULL, TL_TYPE_ANNOTATION,
                                                   flags);
  properties[PROP_ANNOTATIONS] =
    g_param_spec_object ("annotations", NULL, NULL, TL_TYPE_MATCH_ANNOTATIONS,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_css_name (widget_class, "annotationlayer");
}

static void
tl_annotation_layer_init (TlAnnotationLayer *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkWidget *box;

  self->color = g_strdup (TL_ANNOTATION_DEFAULT_COLOR);
  self->line_width = TL_ANNOTATION_DEFAULT_WIDTH;
  self->opacity = 1.0;
  self->duration_s = 5.0;
  self->label = g_strdup ("");
  self->last_position = -1;

  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  /* The text tool asks for its text where the label will stand. */
  self->text_popover = gtk_popover_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->text_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->text_entry), _("Label text"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Label text"), -1);
  g_signal_connect_swapped (self->text_entry, "activate", G_CALLBACK (on_text_activate), self);
  gtk_box_append (GTK_BOX (box), self->text_entry);
  gtk_popover_set_child (GTK_POPOVER (self->text_popover), box);
  gtk_widget_set_parent (self->text_popover, GTK_WIDGET (self));
}
