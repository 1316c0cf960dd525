/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-annotation-panel.c: the tool, style and timing controls of drawings, and their list. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-annotation-panel.h"
#include "tl-match.h"

struct _TlAnnotationPanel
{
  GtkWidget          parent_instance;

  TlAnnotationLayer *layer;
  GBindingGroup     *history;
  GtkWidget         *tool_buttons[TL_ANNOTATION_TOOL_MAGNIFIER + 1];
  GPtrArray         *swatches;       /* GtkDrawingArea, one per palette colour */

  /* template children */
  GtkButton         *undo_button;
  GtkButton         *redo_button;
  GtkFlowBox        *tool_box;
  GtkLabel          *hint_label;
  GtkBox            *palette_box;
  GtkAdjustment     *width_adjustment;
  GtkAdjustment     *opacity_adjustment;
  GtkSwitch         *dash_switch;
  GtkSwitch         *fill_switch;
  GtkAdjustment     *duration_adjustment;
  GtkAdjustment     *freeze_adjustment;
  AdwEntryRow       *label_row;
  GtkListBox        *list_box;
  GtkWidget         *start_here_button;
};

G_DEFINE_FINAL_TYPE (TlAnnotationPanel, tl_annotation_panel, GTK_TYPE_WIDGET)

/* The tools in the order of the toolbox, with their key (help-overlay.ui lists the same). */
static const struct
{
  TlAnnotationTool  tool;
  const char       *label;
  const char       *key;
  const char       *hint;
} tools[] = {
  { TL_ANNOTATION_TOOL_SELECT, N_("Select"), "S",
    N_("Click a drawing to select it; drag it or its handles; Delete removes it.") },
  { TL_ANNOTATION_TOOL_PEN, N_("Pen"), "P", N_("Drag to draw freehand.") },
  { TL_ANNOTATION_TOOL_LINE, N_("Line"), "I", N_("Drag from one end to the other.") },
  { TL_ANNOTATION_TOOL_ARROW, N_("Arrow"), "A", N_("Drag from the start of the run to its end.") },
  { TL_ANNOTATION_TOOL_CURVED_ARROW, N_("Curve"), "Shift+A",
    N_("Drag to draw a bent arrow; move its middle handle to change the bend.") },
  { TL_ANNOTATION_TOOL_CIRCLE, N_("Circle"), "C", N_("Drag from the centre outwards.") },
  { TL_ANNOTATION_TOOL_RECT, N_("Rectangle"), "R", N_("Drag from corner to corner.") },
  { TL_ANNOTATION_TOOL_ZONE, N_("Zone"), "Z",
    N_("Click each corner; click the first one again, double-click, right-click or press "
       "Enter to close the zone.") },
  { TL_ANNOTATION_TOOL_TEXT, N_("Text"), "T", N_("Click where the label goes, then type.") },
  { TL_ANNOTATION_TOOL_MARKER, N_("Marker"), "M", N_("Click to place the next number.") },
  { TL_ANNOTATION_TOOL_SPOTLIGHT, N_("Spotlight"), "H",
    N_("Click a player: the ring follows them.") },
  { TL_ANNOTATION_TOOL_LINK, N_("Link"), "N",
    N_("Click players one after another; double-click or Enter ends the line.") },
  { TL_ANNOTATION_TOOL_MAGNIFIER, N_("Magnifier"), "G",
    N_("Click, or drag out the lens's size.") },
};

/* A small broadcast palette: readable on grass, on the stands and on each other. */
static const char * const palette[] = {
  "#ffd60a", "#ffffff", "#e01b24", "#ff7800", "#33d17a", "#3584e4", "#9141ac", "#000000",
};

static const char *
shape_label (TlAnnotationShape shape)
{
  switch (shape)
    {
    case TL_ANNOTATION_PEN: return _("Pen");
    case TL_ANNOTATION_LINE: return _("Line");
    case TL_ANNOTATION_ARROW: return _("Arrow");
    case TL_ANNOTATION_CIRCLE: return _("Circle");
    case TL_ANNOTATION_RECT: return _("Rectangle");
    case TL_ANNOTATION_ZONE: return _("Zone");
    case TL_ANNOTATION_TEXT: return _("Text");
    case TL_ANNOTATION_MARKER: return _("Marker");
    case TL_ANNOTATION_SPOTLIGHT: return _("Spotlight");
    case TL_ANNOTATION_LINK: return _("Link");
    case TL_ANNOTATION_MAGNIFIER: return _("Magnifier");
    default: return "";
    }
}

/* "1:02.5" */
static char *
format_time (gint64 ns)
{
  gint64 tenths = ns / 100000000;

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT ".%" G_GINT64_FORMAT,
                          tenths / 600, (tenths / 10) % 60, tenths % 10);
}

static void
on_delete_clicked (GtkButton         *button,
                   TlAnnotationPanel *self)
{
  TlAnnotation *annotation = g_object_get_data (G_OBJECT (button), "annotation");

  tl_annotation_layer_set_selected (self->layer, annotation);
  tl_annotation_layer_delete_selected (self->layer);
}

static void
update_row (GtkWidget    *row,
            TlAnnotation *a)
{
  g_autofree char *start = format_time (tl_annotation_get_start (a));
  g_autofree char *end = format_time (tl_annotation_get_end (a));
  g_autofree char *subtitle = NULL;
  const char *text = tl_annotation_get_text (a);
  g_autofree char *title = text != NULL
                             ? g_markup_printf_escaped ("%s: %s",
                                                        shape_label (tl_annotation_get_shape (a)),
                                                        text)
                             : g_markup_escape_text (shape_label (tl_annotation_get_shape (a)),
                                                     -1);

  if (tl_annotation_get_freeze (a) > 0)
    /* Translators: a drawing's time range and how long the video pauses for it. */
    subtitle = g_strdup_printf (_("%s – %s, pauses %.1f s"), start, end,
                                tl_annotation_get_freeze (a) / 1e9);
  else
    subtitle = g_strdup_printf ("%s – %s", start, end);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  TlAnnotationPanel *self = user_data;
  TlAnnotation *a = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *swatch = gtk_label_new ("●");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *markup = g_markup_printf_escaped ("<span foreground=\"%s\">●</span>",
                                                     tl_annotation_get_color (a));

  gtk_label_set_markup (GTK_LABEL (swatch), markup);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), swatch);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Delete"));
  g_object_set_data_full (G_OBJECT (remove), "annotation", g_object_ref (a), g_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_delete_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "annotation", g_object_ref (a), g_object_unref);
  update_row (row, a);
  return row;
}

static void
on_row_activated (TlAnnotationPanel *self,
                  GtkListBoxRow     *row)
{
  tl_annotation_layer_go_to (self->layer, g_object_get_data (G_OBJECT (row), "annotation"));
}

static void
on_start_here_clicked (TlAnnotationPanel *self)
{
  tl_annotation_layer_start_selected_here (self->layer);
}

static void
on_selected_changed (TlAnnotationPanel *self)
{
  gtk_widget_set_sensitive (self->start_here_button,
                            tl_annotation_layer_get_selected (self->layer) != NULL);
}

static void
on_undo_clicked (TlAnnotationPanel *self)
{
  tl_annotation_layer_undo (self->layer);
}

static void
on_redo_clicked (TlAnnotationPanel *self)
{
  tl_annotation_layer_redo (self->layer);
}

static void
on_annotations_changed (TlAnnotationPanel *self)
{
  TlMatchAnnotations *annotations = tl_annotation_layer_get_annotations (self->layer);

  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (annotations), create_row, self, NULL);
  g_binding_group_set_source (self->history, annotations);
  if (annotations == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->undo_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->redo_button), FALSE);
    }
}

static void
on_tool_toggled (GtkToggleButton   *button,
                 TlAnnotationPanel *self)
{
  TlAnnotationTool tool = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "tool"));

  if (gtk_toggle_button_get_active (button))
    tl_annotation_layer_set_tool (self->layer, tool);
  else if (tl_annotation_layer_get_tool (self->layer) == tool)
    tl_annotation_layer_set_tool (self->layer, TL_ANNOTATION_TOOL_NONE);
}

static void
on_tool_changed (TlAnnotationPanel *self)
{
  TlAnnotationTool tool = tl_annotation_layer_get_tool (self->layer);

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      GtkToggleButton *button = GTK_TOGGLE_BUTTON (self->tool_buttons[tools[i].tool]);

      g_signal_handlers_block_by_func (button, on_tool_toggled, self);
      gtk_toggle_button_set_active (button, tools[i].tool == tool);
      g_signal_handlers_unblock_by_func (button, on_tool_toggled, self);
      if (tools[i].tool == tool)
        gtk_label_set_label (self->hint_label, _(tools[i].hint));
    }
  if (tool == TL_ANNOTATION_TOOL_NONE)
    gtk_label_set_label (self->hint_label, _("Pick a tool to draw on the video. Drawings stay on "
                                             "the pitch while the camera moves."));
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  TlAnnotationPanel *self = user_data;
  const char *color = g_object_get_data (G_OBJECT (area), "color");
  g_autofree char *current = NULL;
  double r, g, b, radius = MIN (width, height) / 2.0 - 2;

  g_object_get (self->layer, "color", &current, NULL);
  tl_annotation_parse_color (color, &r, &g, &b);
  cairo_arc (cr, width / 2.0, height / 2.0, radius, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  if (g_ascii_strcasecmp (color, current) == 0)
    {
      /* The colour in use: a ring around it. */
      cairo_arc (cr, width / 2.0, height / 2.0, radius + 1.5, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
}

static void
on_swatch_clicked (GtkButton         *button,
                   TlAnnotationPanel *self)
{
  g_object_set (self->layer, "color", g_object_get_data (G_OBJECT (button), "color"), NULL);
}

static void
on_color_changed (TlAnnotationPanel *self)
{
  for (guint i = 0; i < self->swatches->len; i++)
    gtk_widget_queue_draw (g_ptr_array_index (self->swatches, i));
}

static void
build_tools (TlAnnotationPanel *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(tools[i].label));
      g_autofree char *tooltip = g_strdup_printf ("%s (%s)", _(tools[i].label), tools[i].key);

      gtk_widget_set_tooltip_text (button, tooltip);
      g_object_set_data (G_OBJECT (button), "tool", GINT_TO_POINTER (tools[i].tool));
      g_signal_connect (button, "toggled", G_CALLBACK (on_tool_toggled), self);
      self->tool_buttons[tools[i].tool] = button;
      gtk_flow_box_append (self->tool_box, button);
    }
  for (guint i = 0; i < G_N_ELEMENTS (palette); i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *area = gtk_drawing_area_new ();

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 18);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 18);
      g_object_set_data (G_OBJECT (area), "color", (gpointer) palette[i]);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch, self, NULL);
      gtk_button_set_child (GTK_BUTTON (button), area);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "circular");
      gtk_widget_set_tooltip_text (button, palette[i]);
      g_object_set_data (G_OBJECT (button), "color", (gpointer) palette[i]);
      g_signal_connect (button, "clicked", G_CALLBACK (on_swatch_clicked), self);
      gtk_box_append (self->palette_box, button);
      g_ptr_array_add (self->swatches, area);
    }
}

GtkWidget *
tl_annotation_panel_new (TlAnnotationLayer *layer)
{
  TlAnnotationPanel *self;
  const GBindingFlags both = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;

  g_return_val_if_fail (TL_IS_ANNOTATION_LAYER (layer), NULL);

  self = g_object_new (TL_TYPE_ANNOTATION_PANEL, NULL);
  self->layer = g_object_ref (layer);
  build_tools (self);

  g_object_bind_property (layer, "line-width", self->width_adjustment, "value", both);
  g_object_bind_property (layer, "opacity", self->opacity_adjustment, "value", both);
  g_object_bind_property (layer, "dash", self->dash_switch, "active", both);
  g_object_bind_property (layer, "fill", self->fill_switch, "active", both);
  g_object_bind_property (layer, "duration", self->duration_adjustment, "value", both);
  g_object_bind_property (layer, "freeze", self->freeze_adjustment, "value", both);
  g_object_bind_property (layer, "label", self->label_row, "text", both);
  g_signal_connect_object (layer, "notify::tool", G_CALLBACK (on_tool_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (layer, "notify::color", G_CALLBACK (on_color_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (layer, "notify::annotations", G_CALLBACK (on_annotations_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (layer, "notify::selected", G_CALLBACK (on_selected_changed), self,
                           G_CONNECT_SWAPPED);
  on_tool_changed (self);
  on_annotations_changed (self);
  return GTK_WIDGET (self);
}

static void
tl_annotation_panel_dispose (GObject *object)
{
  TlAnnotationPanel *self = (TlAnnotationPanel *) object;
  GtkWidget *child;

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_ANNOTATION_PANEL);
  /* The scrolled window at the template's root has no id, so it is unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->history);
  g_clear_object (&self->layer);
  g_clear_pointer (&self->swatches, g_ptr_array_unref);

  G_OBJECT_CLASS (tl_annotation_panel_parent_class)->dispose (object);
}

static void
tl_annotation_panel_class_init (TlAnnotationPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_annotation_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/touchline/Touchline/"
                                               "tl-annotation-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TlAnnotationPanel, undo_button);
  gtk_widget_class_bind_template_child (widget_class, TlAnnotationPanel, redo_button);
  gtk_widget_class_bind_template_child (widget_class, TlAnnotationPanel, tool_box);
  gtk_widget_class_bind_template_child (widget_class, TlAnnotationPanel, hint_label);
  gtk_widget_class_bind_template_child (widget_class, TlAnnotationPanel, palette_box);
  gtk_widget_class_bind_template_child (widget_class, TlAnnotationPanel, width_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TlAnnotationPanel, opacity_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TlAnnotationPanel, dash_switch);
  gtk_widget_class_bind_template_child (widget_class, TlAnnotationPanel, fill_switch);
  gtk_widget_class_bind_template_child (widget_class, TlAnnotationPanel, duration_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TlAnnotationPanel, freeze_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TlAnnotationPanel, label_row);
  gtk_widget_class_bind_template_child (widget_class, TlAnnotationPanel, list_box);
  gtk_widget_class_bind_template_child (widget_class, TlAnnotationPanel, start_here_button);
  gtk_widget_class_bind_template_callback (widget_class, on_start_here_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_undo_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_redo_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tl_annotation_panel_init (TlAnnotationPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->swatches = g_ptr_array_new ();
  self->history = g_binding_group_new ();
  g_binding_group_bind (self->history, "can-undo", self->undo_button, "sensitive",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->history, "can-redo", self->redo_button, "sensitive",
                        G_BINDING_SYNC_CREATE);
}
