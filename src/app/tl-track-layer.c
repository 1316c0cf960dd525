/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-track-layer.c: track boxes and names over the video; selecting and naming players. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "tl-player-figures.h"
#include "tl-track-layer.h"

/* Pixels around a box that still count as a click on it: players are small in a panorama. */
#define PICK_SLACK 4.0

struct _TlTrackLayer
{
  GtkWidget      parent_instance;

  TlViewer      *viewer;
  GtkGesture    *viewer_click;  /* ours, on the viewer: a click on nobody deselects */
  TlTrackWindow *window;
  TlSideColors  *side_colors;
  int            selected;
  gboolean       show_boxes;
  gboolean       show_names;

  /* Template children */
  GtkPopover    *popover;
  GtkLabel      *title_label;
  GtkLabel      *stats_label;
  GtkEditable   *name_entry;
  GtkEditable   *number_entry;
  GtkDropDown   *side_dropdown;
  GtkLabel      *error_label;
  GtkWidget     *save_button;
};

G_DEFINE_FINAL_TYPE (TlTrackLayer, tl_track_layer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VIEWER,
  PROP_WINDOW,
  PROP_SELECTED_TRACK,
  PROP_SHOW_BOXES,
  PROP_SHOW_NAMES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The widget rectangle covering an object's box: its corners mapped through the viewer (in
 * the virtual view a box is no longer a rectangle; its bounds are close enough). */
static gboolean
object_bounds (TlTrackLayer        *self,
               const TlTrackObject *o,
               graphene_rect_t     *out)
{
  double xs[4], ys[4];
  const double us[4] = { o->x, o->x + o->w, o->x, o->x + o->w };
  const double vs[4] = { o->y, o->y, o->y + o->h, o->y + o->h };
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  for (int i = 0; i < 4; i++)
    {
      if (!tl_viewer_source_to_widget (self->viewer, us[i], vs[i], &xs[i], &ys[i]))
        return FALSE;
      x0 = MIN (x0, xs[i]);
      y0 = MIN (y0, ys[i]);
      x1 = MAX (x1, xs[i]);
      y1 = MAX (y1, ys[i]);
    }
  graphene_rect_init (out, x0, y0, x1 - x0, y1 - y0);
  return TRUE;
}

int
tl_track_layer_pick (TlTrackLayer *self,
                     double        x,
                     double        y)
{
  GArray *objects;
  int best = -1;
  double best_d = G_MAXDOUBLE;

  g_return_val_if_fail (TL_IS_TRACK_LAYER (self), -1);

  if (self->window == NULL || self->viewer == NULL)
    return -1;

  objects = tl_track_window_get_objects (self->window);
  for (guint i = 0; i < objects->len; i++)
    {
      const TlTrackObject *o = &g_array_index (objects, TlTrackObject, i);
      graphene_rect_t r;
      double cx, cy, d;

      if (o->klass != 1 || !object_bounds (self, o, &r))
        continue;
      graphene_rect_inset (&r, -PICK_SLACK, -PICK_SLACK);
      if (!graphene_rect_contains_point (&r, &GRAPHENE_POINT_INIT (x, y)))
        continue;
      /* Of overlapping players, the one whose middle is nearest the click. */
      cx = r.origin.x + r.size.width / 2;
      cy = r.origin.y + r.size.height / 2;
      d = hypot (x - cx, y - cy);
      if (d < best_d)
        {
          best_d = d;
          best = (int) o->track_no;
        }
    }
  return best;
}

static void
snapshot_label (GtkWidget   *widget,
                GtkSnapshot *snapshot,
                const char  *text,
                double       cx,
                double       bottom,
                const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  PangoRectangle ink, logical;
  GskRoundedRect pill;
  graphene_rect_t rect;
  const GdkRGBA shade = { 0, 0, 0, 0.65f };
  const GdkRGBA white = { 1, 1, 1, 1 };

  pango_layout_get_pixel_extents (layout, &ink, &logical);
  graphene_rect_init (&rect, cx - logical.width / 2.0 - 5, bottom - logical.height - 2,
                      logical.width + 10, logical.height + 2);
  gsk_rounded_rect_init_from_rect (&pill, &rect, rect.size.height / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &pill);
  gtk_snapshot_append_color (snapshot, &shade, &rect);
  gtk_snapshot_pop (snapshot);
  /* A stripe of the team colour under the name says the side at a glance. */
  gtk_snapshot_append_color (snapshot, color,
                             &GRAPHENE_RECT_INIT (rect.origin.x + 5, bottom - 2,
                                                  rect.size.width - 10, 2));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (rect.origin.x + 5, rect.origin.y + 1));
  gtk_snapshot_append_layout (snapshot, layout, &white);
  gtk_snapshot_restore (snapshot);
}

static void
snapshot_box (GtkSnapshot           *snapshot,
              const graphene_rect_t *r,
              const GdkRGBA         *color,
              float                  width)
{
  GskRoundedRect outline;
  const float widths[4] = { width, width, width, width };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&outline, r, 2);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

static void
tl_track_layer_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  TlTrackLayer *self = TL_TRACK_LAYER (widget);
  GArray *objects;

  if (self->window == NULL || self->viewer == NULL)
    return;

  objects = tl_track_window_get_objects (self->window);
  for (guint i = 0; i < objects->len; i++)
    {
      const TlTrackObject *o = &g_array_index (objects, TlTrackObject, i);
      gboolean selected = (int) o->track_no == self->selected;
      GdkRGBA color;
      graphene_rect_t r;

      if (!object_bounds (self, o, &r))
        continue;
      tl_side_colors_lookup (self->side_colors, o->klass, o->side, &color);
      /* Coasting boxes are guesses: fainter. */
      if (o->coasting)
        color.alpha = 0.5f;

      if (selected)
        {
          const GdkRGBA accent = { 1.0f, 0.64f, 0.28f, 1 };   /* orange 2 */
          GskRoundedRect ring;
          graphene_rect_t feet;

          /* A spotlight ring at the feet, as broadcast graphics do. */
          graphene_rect_init (&feet, r.origin.x - r.size.width * 0.35,
                              r.origin.y + r.size.height - r.size.width * 0.25,
                              r.size.width * 1.7, r.size.width * 0.5);
          gsk_rounded_rect_init_from_rect (&ring, &feet, feet.size.width / 2);
          gtk_snapshot_append_border (snapshot, &ring, (float[4]) { 3, 3, 3, 3 },
                                      (GdkRGBA[4]) { accent, accent, accent, accent });
          snapshot_box (snapshot, &r, &accent, 2);
        }
      else if (self->show_boxes)
        snapshot_box (snapshot, &r, &color, 1.5f);

      if (o->klass == 1 && (selected || self->show_names))
        {
          g_autofree char *name = tl_track_window_dup_display_name (self->window, o->track_no);

          snapshot_label (widget, snapshot, name, r.origin.x + r.size.width / 2,
                          r.origin.y - 3, &color);
        }
    }
}

/* Only players are targets: everywhere else the viewer below gets the pointer. */
static gboolean
tl_track_layer_contains (GtkWidget *widget,
                         double     x,
                         double     y)
{
  return tl_track_layer_pick (TL_TRACK_LAYER (widget), x, y) >= 0;
}

static void
fill_popover (TlTrackLayer *self)
{
  const TlTrackIdentity *identity;
  g_autofree char *title = NULL;
  g_autofree char *number = NULL;
  g_autoptr(TlPlayerFigures) figures = NULL;

  if (self->window == NULL || self->selected < 0)
    return;

  identity = tl_track_window_lookup (self->window, (guint32) self->selected);
  title = tl_track_window_dup_display_name (self->window, (guint32) self->selected);
  gtk_label_set_label (self->title_label, title);

  /* The player's figures: every track named as this player counts. */
  figures = tl_player_figures_new_for_track (self->window, (guint32) self->selected);
  if (figures != NULL && tl_player_figures_get_has_figures (figures))
    {
      /* Translators: a player's figures: distance in km, top speed in km/h, sprint count */
      g_autofree char *stats = g_strdup_printf (_("%.2f km covered · top speed %.1f km/h · "
                                                  "%d sprints"),
                                                tl_player_figures_get_distance (figures) / 1000.0,
                                                tl_player_figures_get_top_speed (figures) * 3.6,
                                                tl_player_figures_get_sprints (figures));

      gtk_label_set_label (self->stats_label, stats);
    }
  else
    gtk_label_set_label (self->stats_label, _("No figures: they need a calibrated pitch and a "
                                              "finished analysis"));

  number = identity != NULL && identity->number >= 0 ? g_strdup_printf ("%d", identity->number)
                                                     : g_strdup ("");
  gtk_editable_set_text (self->name_entry,
                         identity != NULL && identity->name != NULL ? identity->name : "");
  gtk_editable_set_text (self->number_entry, number);
  gtk_drop_down_set_selected (self->side_dropdown, identity != NULL ? identity->side : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
open_popover (TlTrackLayer *self)
{
  GArray *objects = tl_track_window_get_objects (self->window);

  for (guint i = 0; i < objects->len; i++)
    {
      const TlTrackObject *o = &g_array_index (objects, TlTrackObject, i);
      graphene_rect_t r;

      if ((int) o->track_no != self->selected || !object_bounds (self, o, &r))
        continue;
      fill_popover (self);
      gtk_popover_set_pointing_to (self->popover,
                                   &(GdkRectangle) { (int) r.origin.x, (int) r.origin.y,
                                                     MAX (1, (int) r.size.width),
                                                     MAX (1, (int) r.size.height) });
      gtk_popover_popup (self->popover);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
      return;
    }
}

void
tl_track_layer_click (TlTrackLayer *self,
                      double        x,
                      double        y)
{
  int track_no;

  g_return_if_fail (TL_IS_TRACK_LAYER (self));

  track_no = tl_track_layer_pick (self, x, y);
  tl_track_layer_set_selected_track (self, track_no);
  if (track_no >= 0)
    open_popover (self);
}

static void
on_click_released (GtkGestureClick *click,
                   int              n_press,
                   double           x,
                   double           y,
                   TlTrackLayer    *self)
{
  if (n_press == 1)
    tl_track_layer_click (self, x, y);
}

static void
on_viewer_click_released (GtkGestureClick *click,
                          int              n_press,
                          double           x,
                          double           y,
                          TlTrackLayer    *self)
{
  /* The layer took clicks on players, so this one was on nobody. */
  if (n_press == 1 && tl_track_layer_pick (self, x, y) < 0)
    tl_track_layer_set_selected_track (self, -1);
}

static void
save_identity_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  TlTrackLayer *self = TL_TRACK_LAYER (widget);
  g_autoptr(GError) error = NULL;
  const char *number_text = gtk_editable_get_text (self->number_entry);
  char *end = NULL;
  gint64 number = -1;

  if (self->window == NULL || self->selected < 0)
    return;

  if (*number_text != '\0')
    {
      number = g_ascii_strtoll (number_text, &end, 10);
      if (*end != '\0' || number < 0 || number > 999)
        {
          gtk_label_set_label (self->error_label, _("A shirt number is between 0 and 999"));
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          return;
        }
    }

  if (!tl_track_window_set_identity (self->window, (guint32) self->selected,
                                     gtk_editable_get_text (self->name_entry), (int) number,
                                     (TlTeamSide) gtk_drop_down_get_selected (self->side_dropdown),
                                     &error))
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_popover_popdown (self->popover);
}

static void
on_window_changed (TlTrackLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_view_changed (TlTrackLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
tl_track_layer_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  TlTrackLayer *self = TL_TRACK_LAYER (widget);

  gtk_popover_present (self->popover);
}

static void
tl_track_layer_dispose (GObject *object)
{
  TlTrackLayer *self = (TlTrackLayer *) object;

  tl_track_layer_set_viewer (self, NULL);
  tl_track_layer_set_window (self, NULL);
  tl_track_layer_set_side_colors (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_TRACK_LAYER);

  G_OBJECT_CLASS (tl_track_layer_parent_class)->dispose (object);
}

static void
tl_track_layer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TlTrackLayer *self = TL_TRACK_LAYER (object);

  switch (prop_id)
    {
    case PROP_VIEWER:
      g_value_set_object (value, self->viewer);
      break;
    case PROP_WINDOW:
      g_value_set_object (value, self->window);
      break;
    case PROP_SELECTED_TRACK:
      g_value_set_int (value, self->selected);
      break;
    case PROP_SHOW_BOXES:
      g_value_set_boolean (value, self->show_boxes);
      break;
    case PROP_SHOW_NAMES:
      g_value_set_boolean (value, self->show_names);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_track_layer_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TlTrackLayer *self = TL_TRACK_LAYER (object);

  switch (prop_id)
    {
    case PROP_VIEWER:
      tl_track_layer_set_viewer (self, g_value_get_object (value));
      break;
    case PROP_WINDOW:
      tl_track_layer_set_window (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_TRACK:
      tl_track_layer_set_selected_track (self, g_value_get_int (value));
      break;
    case PROP_SHOW_BOXES:
      if (self->show_boxes != g_value_get_boolean (value))
        {
          self->show_boxes = g_value_get_boolean (value);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SHOW_NAMES:
      if (self->show_names != g_value_get_boolean (value))
        {
          self->show_names = g_value_get_boolean (value);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_track_layer_class_init (TlTrackLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_track_layer_dispose;
  object_class->get_property = tl_track_layer_get_property;
  object_class->set_property = tl_track_layer_set_property;

  widget_class->snapshot = tl_track_layer_snapshot;
  widget_class->contains = tl_track_layer_contains;
  widget_class->size_allocate = tl_track_layer_size_allocate;

  properties[PROP_VIEWER] =
    g_param_spec_object ("viewer", NULL, NULL, TL_TYPE_VIEWER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_WINDOW] =
    g_param_spec_object ("window", NULL, NULL, TL_TYPE_TRACK_WINDOW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTED_TRACK] =
    g_param_spec_int ("selected-track", NULL, NULL, -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SHOW_BOXES] =
    g_param_spec_boolean ("show-boxes", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SHOW_NAMES] =
    g_param_spec_boolean ("show-names", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/tl-track-layer.ui");
  gtk_widget_class_bind_template_child (widget_class, TlTrackLayer, popover);
  gtk_widget_class_bind_template_child (widget_class, TlTrackLayer, title_label);
  gtk_widget_class_bind_template_child (widget_class, TlTrackLayer, stats_label);
  gtk_widget_class_bind_template_child (widget_class, TlTrackLayer, name_entry);
  gtk_widget_class_bind_template_child (widget_class, TlTrackLayer, number_entry);
  gtk_widget_class_bind_template_child (widget_class, TlTrackLayer, side_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlTrackLayer, error_label);
  gtk_widget_class_bind_template_child (widget_class, TlTrackLayer, save_button);

  gtk_widget_class_install_action (widget_class, "layer.save-identity", NULL,
                                   save_identity_action);
  gtk_widget_class_set_css_name (widget_class, "tracklayer");
}

static void
tl_track_layer_init (TlTrackLayer *self)
{
  GtkGesture *click;

  self->selected = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_popover_set_default_widget (self->popover, self->save_button);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
tl_track_layer_new (void)
{
  return g_object_new (TL_TYPE_TRACK_LAYER, NULL);
}

void
tl_track_layer_set_viewer (TlTrackLayer *self,
                           TlViewer     *viewer)
{
  static const char * const view_props[] = {
    "notify::frame", "notify::mode", "notify::yaw", "notify::pitch", "notify::hfov",
  };

  g_return_if_fail (TL_IS_TRACK_LAYER (self));
  g_return_if_fail (viewer == NULL || TL_IS_VIEWER (viewer));

  if (self->viewer == viewer)
    return;

  if (self->viewer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->viewer, self);
      /* A viewer being disposed may have dropped its controllers already. */
      if (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (self->viewer_click))
          == GTK_WIDGET (self->viewer))
        gtk_widget_remove_controller (GTK_WIDGET (self->viewer),
                                      GTK_EVENT_CONTROLLER (self->viewer_click));
      self->viewer_click = NULL;
    }
  g_set_object (&self->viewer, viewer);
  if (viewer != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (view_props); i++)
        g_signal_connect_swapped (viewer, view_props[i], G_CALLBACK (on_view_changed), self);
      self->viewer_click = gtk_gesture_click_new ();
      g_signal_connect (self->viewer_click, "released", G_CALLBACK (on_viewer_click_released),
                        self);
      gtk_widget_add_controller (GTK_WIDGET (viewer), GTK_EVENT_CONTROLLER (self->viewer_click));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWER]);
}

void
tl_track_layer_set_window (TlTrackLayer  *self,
                           TlTrackWindow *window)
{
  g_return_if_fail (TL_IS_TRACK_LAYER (self));
  g_return_if_fail (window == NULL || TL_IS_TRACK_WINDOW (window));

  if (self->window == window)
    return;
  if (self->window != NULL)
    g_signal_handlers_disconnect_by_data (self->window, self);
  g_set_object (&self->window, window);
  if (window != NULL)
    g_signal_connect_swapped (window, "changed", G_CALLBACK (on_window_changed), self);

  /* Track numbers belong to one analysis of one match. */
  tl_track_layer_set_selected_track (self, -1);
  if (self->popover != NULL)
    gtk_popover_popdown (self->popover);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW]);
}

void
tl_track_layer_set_side_colors (TlTrackLayer *self,
                                TlSideColors *colors)
{
  g_return_if_fail (TL_IS_TRACK_LAYER (self));

  tl_side_colors_replace (&self->side_colors, colors, GTK_WIDGET (self));
}

TlTrackWindow *
tl_track_layer_get_window (TlTrackLayer *self)
{
  g_return_val_if_fail (TL_IS_TRACK_LAYER (self), NULL);
  return self->window;
}

int
tl_track_layer_get_selected_track (TlTrackLayer *self)
{
  g_return_val_if_fail (TL_IS_TRACK_LAYER (self), -1);
  return self->selected;
}

void
tl_track_layer_set_selected_track (TlTrackLayer *self,
                                   int           track_no)
{
  g_return_if_fail (TL_IS_TRACK_LAYER (self));

  track_no = MAX (track_no, -1);
  if (self->selected == track_no)
    return;
  self->selected = track_no;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TRACK]);
}

GtkPopover *
tl_track_layer_get_popover (TlTrackLayer *self)
{
  g_return_val_if_fail (TL_IS_TRACK_LAYER (self), NULL);
  return self->popover;
}
