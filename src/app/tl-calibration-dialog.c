/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-calibration-dialog.c: click pitch landmarks on a frame, fit the camera, save it. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "tl-calibration-dialog.h"
#include "tl-magnifier.h"
#include "tl-pitch.h"

/* Saved calibrations say where they came from (the demo's say "touchline-demo"). */
#define CALIBRATION_SOURCE "touchline-calibration-dialog"
/* Metres between the points of a projected pitch line: short enough to bend with a panorama. */
#define LINE_STEP_M 0.5

typedef struct
{
  gboolean   placed;
  double     u, v;          /* the click, source pixels */
  double     error_m;       /* the click back on the ground vs the landmark, once fitted */
  GtkWidget *row;
  GtkLabel  *status;
} Point;

struct _TlCalibrationDialog
{
  AdwWindow       parent_instance;

  TlLibrary      *library;
  TlMatch        *match;
  TlVideoFrame   *frame;
  TlPitch         pitch;
  GArray         *landmarks;    /* TlPitchLandmark */
  Point          *points;       /* one per landmark */
  int             selected;     /* landmark index, -1 none */
  GPtrArray      *lines;

  /* What the last click changed: the first click of a double-click (which zooms the viewer)
   * must not leave a point behind. */
  struct {
    gboolean valid;
    int      index, selected;
    Point    before;
  } undo;

  /* The pointer over the picture, for the magnifier; hovering FALSE when it is elsewhere. */
  gboolean        hovering;
  double          hover_x, hover_y;

  gboolean        fitted;
  TlCamera        camera;
  TlCalibrationReport report;
  char            fit_message[256];

  /* Template children */
  TlViewer       *viewer;
  GtkWidget      *marks_area;
  GtkListBox     *landmark_list;
  GtkLabel       *fit_label;
  GtkLabel       *save_error_label;
  GtkWidget      *save_button;
};

G_DEFINE_FINAL_TYPE (TlCalibrationDialog, tl_calibration_dialog, ADW_TYPE_WINDOW)

static TlCameraProjection
camera_projection (TlCalibrationDialog *self)
{
  return tl_match_get_projection (self->match) == TL_PROJECTION_CYLINDRICAL
         ? TL_CAMERA_CYLINDRICAL : TL_CAMERA_PINHOLE;
}

static const TlPitchLandmark *
landmark (TlCalibrationDialog *self,
          guint                i)
{
  return &g_array_index (self->landmarks, TlPitchLandmark, i);
}

static void
update_rows (TlCalibrationDialog *self)
{
  for (guint i = 0; i < self->landmarks->len; i++)
    {
      Point *p = &self->points[i];
      g_autofree char *text = NULL;

      if (!p->placed)
        text = g_strdup (_("Not placed"));
      else if (self->fitted && isfinite (p->error_m))
        /* Translators: how far a clicked point is from where the fitted camera puts it */
        text = g_strdup_printf (_("%.2f m"), p->error_m);
      else
        text = g_strdup (_("Placed"));
      gtk_label_set_label (p->status, text);
    }
}

static void
update_fit_label (TlCalibrationDialog *self)
{
  guint n = tl_calibration_dialog_get_n_placed (self);
  g_autofree char *text = NULL;

  if (n < TL_CALIBRATION_MIN_LANDMARKS)
    text = g_strdup_printf (ngettext ("Place %u more point", "Place %u more points",
                                      TL_CALIBRATION_MIN_LANDMARKS - n),
                            TL_CALIBRATION_MIN_LANDMARKS - n);
  else if (!self->fitted)
    /* Translators: the fit failed; %s is the reason (in English, from the fitting code) */
    text = g_strdup_printf (_("No camera fits these points: %s"), self->fit_message);
  else
    /* Translators: the calibration's error: mean and largest distance on the pitch, pixels */
    text = g_strdup_printf (_("Error %.2f m (largest %.2f m), %.1f px"), self->report.rms_m,
                            self->report.max_m, self->report.rms_px);
  gtk_label_set_label (self->fit_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calibration.save", self->fitted);
}

/* Fits the camera to the placed points and measures each point's error on the ground. */
static void
refit (TlCalibrationDialog *self)
{
  g_autofree TlCorrespondence *pairs = g_new0 (TlCorrespondence, self->landmarks->len);
  TlCameraParams params;
  int n = 0;

  for (guint i = 0; i < self->landmarks->len; i++)
    if (self->points[i].placed)
      pairs[n++] = (TlCorrespondence) { self->points[i].u, self->points[i].v,
                                        landmark (self, i)->x, landmark (self, i)->y };

  self->fitted = FALSE;
  self->fit_message[0] = '\0';
  if (n >= TL_CALIBRATION_MIN_LANDMARKS && self->frame != NULL
      && tl_camera_fit (pairs, n, camera_projection (self), tl_video_frame_get_width (self->frame),
                        tl_video_frame_get_height (self->frame), NULL, &params, &self->report,
                        self->fit_message, sizeof self->fit_message) == TL_CALIBRATION_OK
      && tl_camera_init (&self->camera, &params) == TL_CAMERA_OK)
    self->fitted = TRUE;

  for (guint i = 0; i < self->landmarks->len; i++)
    {
      Point *p = &self->points[i];
      double x, y;

      p->error_m = NAN;
      if (self->fitted && p->placed
          && tl_camera_unproject_ground (&self->camera, p->u, p->v, &x, &y) == TL_CAMERA_OK)
        p->error_m = hypot (x - landmark (self, i)->x, y - landmark (self, i)->y);
    }

  update_rows (self);
  update_fit_label (self);
  gtk_widget_queue_draw (self->marks_area);
}

static void
draw_lines (TlCalibrationDialog *self,
            cairo_t             *cr)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      GArray *line = g_ptr_array_index (self->lines, i);
      gboolean pen_down = FALSE;

      for (guint j = 0; j < line->len; j++)
        {
          const double *p = &g_array_index (line, double, 2 * j);
          double u, v, x, y;

          /* A point behind the camera breaks the line rather than wrapping across the view. */
          if (tl_camera_project (&self->camera, p[0], p[1], 0, &u, &v) == TL_CAMERA_BEHIND
              || !tl_viewer_source_to_widget (self->viewer, u, v, &x, &y))
            {
              pen_down = FALSE;
              continue;
            }
          if (pen_down)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          pen_down = TRUE;
        }
    }
  cairo_set_line_width (cr, 1.5);
  cairo_set_source_rgba (cr, 1.0, 0.64, 0.28, 0.9);
  cairo_stroke (cr);
}

/* Source pixels shown in the magnifier: MAGNIFIER_RADIUS either side, MAGNIFIER_ZOOM widget
 * pixels each, the disc up and to the right of the pointer so that it never hides the point. */
#define MAGNIFIER_RADIUS 12
#define MAGNIFIER_ZOOM   5.0
#define MAGNIFIER_OFFSET 90.0

static void
draw_magnifier (TlCalibrationDialog *self,
                cairo_t             *cr,
                int                  width)
{
  cairo_surface_t *crop;
  double u, v, x, y, r = (2 * MAGNIFIER_RADIUS + 1) * MAGNIFIER_ZOOM / 2.0;

  if (!self->hovering || self->frame == NULL
      || !tl_viewer_widget_to_source (self->viewer, self->hover_x, self->hover_y, &u, &v))
    return;
  crop = tl_magnifier_crop (self->frame, u, v, MAGNIFIER_RADIUS);
  if (crop == NULL)
    return;
  /* Flipped to the other side near the right or top edge. */
  x = self->hover_x + MAGNIFIER_OFFSET;
  y = self->hover_y - MAGNIFIER_OFFSET;
  if (x + r > width)
    x = self->hover_x - MAGNIFIER_OFFSET;
  if (y - r < 0)
    y = self->hover_y + MAGNIFIER_OFFSET;
  tl_magnifier_draw (cr, crop, x, y, MAGNIFIER_ZOOM);
  cairo_surface_destroy (crop);
}

static void
draw_marks (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  TlCalibrationDialog *self = data;
  double x0, y0, x1, y1;

  /* Lines stop at the picture's edge, not in the bars around a letterboxed panorama. */
  if (tl_viewer_get_mode (self->viewer) == TL_VIEWER_MODE_PANORAMA
      && tl_viewer_source_to_widget (self->viewer, 0, 0, &x0, &y0)
      && tl_viewer_source_to_widget (self->viewer, tl_video_frame_get_width (self->frame),
                                     tl_video_frame_get_height (self->frame), &x1, &y1))
    {
      cairo_save (cr);
      cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
      cairo_clip (cr);
      if (self->fitted)
        draw_lines (self, cr);
      cairo_restore (cr);
    }
  else if (self->fitted)
    draw_lines (self, cr);

  for (guint i = 0; i < self->landmarks->len; i++)
    {
      Point *p = &self->points[i];
      gboolean selected = (int) i == self->selected;
      char number[16];
      double x, y;

      if (!p->placed || !tl_viewer_source_to_widget (self->viewer, p->u, p->v, &x, &y))
        continue;

      /* A ring with a gap at the centre, so the point clicked stays visible. */
      cairo_new_path (cr);
      cairo_arc (cr, x, y, 7, 0, 2 * G_PI);
      cairo_set_line_width (cr, 3);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      cairo_stroke_preserve (cr);
      cairo_set_line_width (cr, 1.5);
      if (selected)
        cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_stroke (cr);

      g_snprintf (number, sizeof number, "%u", i + 1);
      cairo_move_to (cr, x + 9, y - 9);
      cairo_set_font_size (cr, 12);
      cairo_text_path (cr, number);
      cairo_set_line_width (cr, 3);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill (cr);
    }

  draw_magnifier (self, cr, width);
}

static void
select_row (TlCalibrationDialog *self,
            int                  index)
{
  self->selected = index;
  if (index >= 0)
    gtk_list_box_select_row (self->landmark_list, GTK_LIST_BOX_ROW (self->points[index].row));
  else
    gtk_list_box_unselect_all (self->landmark_list);
  gtk_widget_queue_draw (self->marks_area);
}

static void
on_row_selected (GtkListBox          *list,
                 GtkListBoxRow       *row,
                 TlCalibrationDialog *self)
{
  self->selected = row != NULL ? gtk_list_box_row_get_index (row) : -1;
  gtk_widget_queue_draw (self->marks_area);
}

gboolean
tl_calibration_dialog_select_landmark (TlCalibrationDialog *self,
                                       const char          *id)
{
  g_return_val_if_fail (TL_IS_CALIBRATION_DIALOG (self), FALSE);

  for (guint i = 0; i < self->landmarks->len; i++)
    if (g_strcmp0 (landmark (self, i)->id, id) == 0)
      {
        select_row (self, (int) i);
        return TRUE;
      }
  return FALSE;
}

void
tl_calibration_dialog_click (TlCalibrationDialog *self,
                             double               x,
                             double               y)
{
  Point *p;
  double u, v;

  g_return_if_fail (TL_IS_CALIBRATION_DIALOG (self));

  if (self->selected < 0 || !tl_viewer_widget_to_source (self->viewer, x, y, &u, &v))
    return;

  p = &self->points[self->selected];
  self->undo.valid = TRUE;
  self->undo.index = self->selected;
  self->undo.selected = self->selected;
  self->undo.before = *p;
  p->placed = TRUE;
  p->u = u;
  p->v = v;

  /* On to the next point still to place, after this one in the list. */
  for (guint k = 1; k <= self->landmarks->len; k++)
    {
      guint i = (self->selected + k) % self->landmarks->len;

      if (!self->points[i].placed)
        {
          select_row (self, (int) i);
          break;
        }
    }
  refit (self);
}

static void
on_pointer_motion (GtkEventControllerMotion *motion,
                   double                    x,
                   double                    y,
                   TlCalibrationDialog      *self)
{
  self->hovering = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw (self->marks_area);
}

static void
on_pointer_leave (GtkEventControllerMotion *motion,
                  TlCalibrationDialog      *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (self->marks_area);
}

static void
on_click_released (GtkGestureClick     *click,
                   int                  n_press,
                   double               x,
                   double               y,
                   TlCalibrationDialog *self)
{
  if (n_press == 1)
    tl_calibration_dialog_click (self, x, y);
  else if (n_press == 2 && self->undo.valid)
    {
      /* The viewer zoomed in on the double-click; its first click placed nothing after all. */
      self->points[self->undo.index] = self->undo.before;
      self->undo.valid = FALSE;
      select_row (self, self->undo.selected);
      refit (self);
    }
}

guint
tl_calibration_dialog_get_n_placed (TlCalibrationDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (TL_IS_CALIBRATION_DIALOG (self), 0);

  for (guint i = 0; i < self->landmarks->len; i++)
    n += self->points[i].placed;
  return n;
}

gboolean
tl_calibration_dialog_get_fit (TlCalibrationDialog *self,
                               TlCalibrationReport *report)
{
  g_return_val_if_fail (TL_IS_CALIBRATION_DIALOG (self), FALSE);

  if (self->fitted && report != NULL)
    *report = self->report;
  return self->fitted;
}

void
tl_calibration_dialog_reset (TlCalibrationDialog *self)
{
  g_return_if_fail (TL_IS_CALIBRATION_DIALOG (self));

  for (guint i = 0; i < self->landmarks->len; i++)
    self->points[i].placed = FALSE;
  select_row (self, 0);
  refit (self);
}

static void
add_point (JsonBuilder *b,
           const char  *name,
           double       x,
           double       y,
           double       u,
           double       v)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "x");
  json_builder_add_double_value (b, x);
  json_builder_set_member_name (b, "y");
  json_builder_add_double_value (b, y);
  json_builder_set_member_name (b, "u");
  json_builder_add_double_value (b, u);
  json_builder_set_member_name (b, "v");
  json_builder_add_double_value (b, v);
  json_builder_end_object (b);
}

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

/* The calibration JSON of tl_calibration_parse (): the fitted camera; "correspondences" are
 * the landmarks where that camera puts them (so the calibration agrees with itself), "clicks"
 * where the user put them. */
static char *
calibration_json (TlCalibrationDialog *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const TlCameraParams *c = &self->camera.params;
  const double deg = 180.0 / G_PI;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, CALIBRATION_SOURCE);
  json_builder_set_member_name (b, "projection");
  json_builder_add_string_value (b, tl_camera_projection_to_string (c->projection));
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, c->width);
  json_builder_set_member_name (b, "height");
  json_builder_add_int_value (b, c->height);
  add_number (b, "hfov_deg", c->hfov * deg);

  json_builder_set_member_name (b, "camera");
  json_builder_begin_object (b);
  add_number (b, "x", c->x);
  add_number (b, "y", c->y);
  add_number (b, "z", c->z);
  add_number (b, "yaw_deg", c->yaw * deg);
  add_number (b, "tilt_deg", c->tilt * deg);
  add_number (b, "roll_deg", c->roll * deg);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "pitch");
  json_builder_begin_object (b);
  add_number (b, "length", self->pitch.length);
  add_number (b, "width", self->pitch.width);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  add_number (b, "rms_m", self->report.rms_m);
  add_number (b, "max_m", self->report.max_m);
  add_number (b, "rms_px", self->report.rms_px);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "correspondences");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->landmarks->len; i++)
    {
      const TlPitchLandmark *l = landmark (self, i);
      double u, v;

      if (self->points[i].placed
          && tl_camera_project (&self->camera, l->x, l->y, 0, &u, &v) != TL_CAMERA_BEHIND)
        add_point (b, l->id, l->x, l->y, u, v);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "clicks");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->landmarks->len; i++)
    if (self->points[i].placed)
      add_point (b, landmark (self, i)->id, landmark (self, i)->x, landmark (self, i)->y,
                 self->points[i].u, self->points[i].v);
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

gboolean
tl_calibration_dialog_save (TlCalibrationDialog  *self,
                            GError              **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (TL_IS_CALIBRATION_DIALOG (self), FALSE);

  if (!self->fitted)
    {
      g_set_error_literal (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                           _("Place at least four points that a camera can explain"));
      return FALSE;
    }
  json = calibration_json (self);
  return tl_library_set_calibration (self->library, self->match, json, error);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TlCalibrationDialog *self = TL_CALIBRATION_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (!tl_calibration_dialog_save (self, &error))
    {
      gtk_label_set_label (self->save_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->save_error_label), TRUE);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
remove_point_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  TlCalibrationDialog *self = TL_CALIBRATION_DIALOG (widget);

  if (self->selected >= 0 && self->points[self->selected].placed)
    {
      self->points[self->selected].placed = FALSE;
      refit (self);
    }
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  tl_calibration_dialog_reset (TL_CALIBRATION_DIALOG (widget));
}

/* Places the points of the stored calibration: the user's clicks when it has them, else the
 * landmarks it vouches for (the demo's). */
static void
load_points (TlCalibrationDialog *self)
{
  const char *json = tl_match_get_calibration (self->match);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *array = NULL;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (root, "clicks"))
    array = json_object_get_array_member (root, "clicks");
  else if (json_object_has_member (root, "correspondences"))
    array = json_object_get_array_member (root, "correspondences");
  if (array == NULL)
    return;

  for (guint k = 0; k < json_array_get_length (array); k++)
    {
      JsonNode *node = json_array_get_element (array, k);
      JsonObject *point;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      point = json_node_get_object (node);
      name = json_object_get_string_member_with_default (point, "name", NULL);
      for (guint i = 0; i < self->landmarks->len; i++)
        if (g_strcmp0 (landmark (self, i)->id, name) == 0)
          {
            self->points[i].placed = TRUE;
            self->points[i].u = json_object_get_double_member_with_default (point, "u", 0);
            self->points[i].v = json_object_get_double_member_with_default (point, "v", 0);
          }
    }
}

static void
tl_calibration_dialog_dispose (GObject *object)
{
  TlCalibrationDialog *self = (TlCalibrationDialog *) object;

  /* The list selects no row as its rows go, and the viewer notifies as it lets go of the
   * frame: neither should reach the marks being disposed. */
  if (self->viewer != NULL)
    g_signal_handlers_disconnect_by_data (self->viewer, self);
  if (self->landmark_list != NULL)
    g_signal_handlers_disconnect_by_data (self->landmark_list, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_CALIBRATION_DIALOG);
  g_clear_object (&self->library);
  g_clear_object (&self->match);
  g_clear_pointer (&self->frame, tl_video_frame_unref);

  G_OBJECT_CLASS (tl_calibration_dialog_parent_class)->dispose (object);
}

static void
tl_calibration_dialog_finalize (GObject *object)
{
  TlCalibrationDialog *self = (TlCalibrationDialog *) object;

  g_clear_pointer (&self->landmarks, g_array_unref);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_free (self->points);

  G_OBJECT_CLASS (tl_calibration_dialog_parent_class)->finalize (object);
}

static void
tl_calibration_dialog_class_init (TlCalibrationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_calibration_dialog_dispose;
  object_class->finalize = tl_calibration_dialog_finalize;

  g_type_ensure (TL_TYPE_VIEWER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/tl-calibration-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TlCalibrationDialog, viewer);
  gtk_widget_class_bind_template_child (widget_class, TlCalibrationDialog, marks_area);
  gtk_widget_class_bind_template_child (widget_class, TlCalibrationDialog, landmark_list);
  gtk_widget_class_bind_template_child (widget_class, TlCalibrationDialog, fit_label);
  gtk_widget_class_bind_template_child (widget_class, TlCalibrationDialog, save_error_label);
  gtk_widget_class_bind_template_child (widget_class, TlCalibrationDialog, save_button);

  gtk_widget_class_install_action (widget_class, "calibration.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "calibration.remove-point", NULL,
                                   remove_point_action);
  gtk_widget_class_install_action (widget_class, "calibration.reset", NULL, reset_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0,
                                       "calibration.remove-point", NULL);
}

static void
on_view_changed (TlCalibrationDialog *self)
{
  gtk_widget_queue_draw (self->marks_area);
}

static void
tl_calibration_dialog_init (TlCalibrationDialog *self)
{
  static const char * const view_props[] = {
    "notify::frame", "notify::mode", "notify::yaw", "notify::pitch", "notify::hfov",
  };
  GtkGesture *click;
  GtkEventController *motion;

  self->selected = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->marks_area), draw_marks, self, NULL);
  g_signal_connect (self->landmark_list, "row-selected", G_CALLBACK (on_row_selected), self);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self->viewer), GTK_EVENT_CONTROLLER (click));

  /* A magnifier follows the pointer over the picture. */
  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (on_pointer_motion), self);
  g_signal_connect (motion, "motion", G_CALLBACK (on_pointer_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_pointer_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->viewer), motion);

  /* The marks follow the picture when the user zooms and pans. */
  for (guint i = 0; i < G_N_ELEMENTS (view_props); i++)
    g_signal_connect_swapped (self->viewer, view_props[i], G_CALLBACK (on_view_changed), self);
}

static GtkWidget *
make_row (guint       number,
          const char *title,
          GtkLabel  **status)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *index_label, *title_label, *status_label, *row;
  g_autofree char *index_text = g_strdup_printf ("%u", number);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  index_label = gtk_label_new (index_text);
  gtk_label_set_width_chars (GTK_LABEL (index_label), 2);
  gtk_widget_add_css_class (index_label, "numeric");
  gtk_widget_add_css_class (index_label, "dim-label");
  title_label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_widget_set_hexpand (title_label, TRUE);
  status_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (status_label, "dim-label");
  gtk_widget_add_css_class (status_label, "numeric");

  gtk_box_append (GTK_BOX (box), index_label);
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), status_label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  *status = GTK_LABEL (status_label);
  return row;
}

TlCalibrationDialog *
tl_calibration_dialog_new (TlLibrary    *library,
                           TlMatch      *match,
                           TlVideoFrame *frame)
{
  TlCalibrationDialog *self;

  g_return_val_if_fail (TL_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (TL_IS_MATCH (match), NULL);
  g_return_val_if_fail (frame != NULL, NULL);

  self = g_object_new (TL_TYPE_CALIBRATION_DIALOG, NULL);
  self->library = g_object_ref (library);
  self->match = g_object_ref (match);
  self->frame = tl_video_frame_ref (frame);

  tl_pitch_from_calibration (&self->pitch, tl_match_get_calibration (match));
  self->landmarks = tl_pitch_landmarks (&self->pitch);
  self->points = g_new0 (Point, self->landmarks->len);
  self->lines = tl_pitch_lines (&self->pitch, LINE_STEP_M);
  for (guint i = 0; i < self->landmarks->len; i++)
    {
      self->points[i].row = make_row (i + 1, gettext (landmark (self, i)->label),
                                      &self->points[i].status);
      gtk_list_box_append (self->landmark_list, self->points[i].row);
    }

  tl_viewer_set_projection (self->viewer, camera_projection (self), tl_match_get_hfov (match));
  tl_viewer_set_frame (self->viewer, frame);

  load_points (self);
  select_row (self, 0);
  for (guint i = 0; i < self->landmarks->len; i++)
    if (!self->points[i].placed)
      {
        select_row (self, (int) i);
        break;
      }
  refit (self);
  return self;
}

TlViewer *
tl_calibration_dialog_get_viewer (TlCalibrationDialog *self)
{
  g_return_val_if_fail (TL_IS_CALIBRATION_DIALOG (self), NULL);
  return self->viewer;
}
