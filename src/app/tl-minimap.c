/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-minimap.c: a 2D pitch with the tracked players, the camera's view and a heatmap. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "tl-camera.h"
#include "tl-match.h"
#include "tl-minimap.h"
#include "tl-period.h"

/* Metres of grass drawn around the lines: players run out of play. */
#define PAD_M         3.0
/* Where the footprint of a view that reaches the horizon is cut. */
#define FAR_M         150.0
/* Points sampled along each edge of the viewer for the footprint: enough for a curved edge. */
#define EDGE_SAMPLES  24
/* Heatmap cells of 2.5 m on a standard pitch. */
#define HEATMAP_COLS  42
#define HEATMAP_ROWS  27

struct _TlMinimap
{
  GtkWidget        parent_instance;

  TlViewer        *viewer;
  TlTrackWindow   *window;
  TlSideColors    *side_colors;
  gboolean         calibrated;
  TlCamera         camera;
  TlPitch          pitch;
  GPtrArray       *lines;            /* tl_pitch_lines () of pitch */

  int              selected;
  gboolean         show_trails;
  double           trail_seconds;

  TlMinimapHeatmap heatmap_mode;
  int              heatmap_period;   /* 0: the whole match, else a period's number */
  GListModel      *periods;          /* the match sheet's, watched for kick-off edits */
  const char      *heatmap_note;     /* why no heatmap is drawn, NULL when one is */
  TlHeatmap       *heatmap;
  cairo_surface_t *heatmap_surface;
  GCancellable    *heatmap_cancellable;

  double           drag_x, drag_y;
};

G_DEFINE_ENUM_TYPE (TlMinimapHeatmap, tl_minimap_heatmap,
                    G_DEFINE_ENUM_VALUE (TL_MINIMAP_HEATMAP_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (TL_MINIMAP_HEATMAP_PLAYER, "player"),
                    G_DEFINE_ENUM_VALUE (TL_MINIMAP_HEATMAP_HOME, "home"),
                    G_DEFINE_ENUM_VALUE (TL_MINIMAP_HEATMAP_AWAY, "away"))

G_DEFINE_FINAL_TYPE (TlMinimap, tl_minimap, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_TRACK,
  PROP_SHOW_TRAILS,
  PROP_TRAIL_SECONDS,
  PROP_HEATMAP_MODE,
  PROP_HEATMAP_PERIOD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- geometry ------------------------------------------------------------------------------ */

static double
pitch_scale (TlMinimap *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  return MAX (1e-6, MIN (w / (self->pitch.length + 2 * PAD_M),
                         h / (self->pitch.width + 2 * PAD_M)));
}

void
tl_minimap_pitch_to_widget (TlMinimap *self,
                            double     px,
                            double     py,
                            double    *x,
                            double    *y)
{
  double s;

  g_return_if_fail (TL_IS_MINIMAP (self));

  s = pitch_scale (self);
  /* The far touchline (+y) at the top, as the camera sees the pitch. */
  *x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 + px * s;
  *y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 - py * s;
}

void
tl_minimap_widget_to_pitch (TlMinimap *self,
                            double     x,
                            double     y,
                            double    *px,
                            double    *py)
{
  double s;

  g_return_if_fail (TL_IS_MINIMAP (self));

  s = pitch_scale (self);
  *px = (x - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / s;
  *py = (gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 - y) / s;
}

/* The ground point seen through source pixel (@u, @v), cut at FAR_M toward the horizon. */
static gboolean
ground_of_pixel (TlMinimap *self,
                 double     u,
                 double     v,
                 double     p[2])
{
  const TlCameraParams *c = &self->camera.params;
  double dir[3], t, horizontal;

  if (tl_camera_pixel_ray (&self->camera, u, v, dir) != TL_CAMERA_OK)
    return FALSE;
  horizontal = hypot (dir[0], dir[1]);
  if (horizontal < 1e-9)
    return FALSE;
  t = dir[2] < 0 ? -c->z / dir[2] : G_MAXDOUBLE;
  if (t * horizontal > FAR_M)
    t = FAR_M / horizontal;
  p[0] = c->x + t * dir[0];
  p[1] = c->y + t * dir[1];
  return TRUE;
}

GArray *
tl_minimap_get_footprint (TlMinimap *self)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  double w, h, x0, y0, x1, y1, sx0, sy0, sx1, sy1;

  g_return_val_if_fail (TL_IS_MINIMAP (self), out);

  if (!self->calibrated || self->viewer == NULL)
    return out;

  x0 = 0;
  y0 = 0;
  x1 = gtk_widget_get_width (GTK_WIDGET (self->viewer));
  y1 = gtk_widget_get_height (GTK_WIDGET (self->viewer));
  /* A letterboxed panorama: the picture's own border, not the bars around it. */
  if (tl_viewer_get_mode (self->viewer) == TL_VIEWER_MODE_PANORAMA
      && tl_viewer_source_to_widget (self->viewer, 0, 0, &sx0, &sy0)
      && tl_viewer_source_to_widget (self->viewer, self->camera.params.width,
                                     self->camera.params.height, &sx1, &sy1))
    {
      x0 = MAX (x0, sx0);
      y0 = MAX (y0, sy0);
      x1 = MIN (x1, sx1);
      y1 = MIN (y1, sy1);
    }
  w = x1 - x0;
  h = y1 - y0;
  /* Around the view's border clockwise, a hair inside; points that show no picture are left
   * out. */
  for (int edge = 0; edge < 4; edge++)
    for (int i = 0; i < EDGE_SAMPLES; i++)
      {
        double f = (double) i / EDGE_SAMPLES, x, y, u, v, p[2];

        switch (edge)
          {
          case 0: x = x0 + f * w; y = y0; break;
          case 1: x = x1; y = y0 + f * h; break;
          case 2: x = x1 - f * w; y = y1; break;
          default: x = x0; y = y1 - f * h; break;
          }
        x = CLAMP (x, x0 + 0.01, x1 - 0.01);
        y = CLAMP (y, y0 + 0.01, y1 - 0.01);
        if (tl_viewer_widget_to_source (self->viewer, x, y, &u, &v)
            && ground_of_pixel (self, u, v, p))
          g_array_append_val (out, p);
      }
  return out;
}

gboolean
tl_minimap_point_camera (TlMinimap *self,
                         double     x,
                         double     y)
{
  double px, py, u, v;

  g_return_val_if_fail (TL_IS_MINIMAP (self), FALSE);

  if (!self->calibrated || self->viewer == NULL)
    return FALSE;
  tl_minimap_widget_to_pitch (self, x, y, &px, &py);
  if (tl_camera_project (&self->camera, px, py, 0.0, &u, &v) == TL_CAMERA_BEHIND)
    return FALSE;
  tl_viewer_look_at (self->viewer, u, v);
  return TRUE;
}

/* --- heatmap ------------------------------------------------------------------------------- */

static void
set_heatmap (TlMinimap *self,
             TlHeatmap *heatmap)
{
  g_clear_pointer (&self->heatmap, tl_heatmap_free);
  g_clear_pointer (&self->heatmap_surface, cairo_surface_destroy);
  self->heatmap = heatmap;

  if (heatmap != NULL && heatmap->max_s > 0)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, heatmap->cols,
                                                             heatmap->rows);
      guint8 *data = cairo_image_surface_get_data (surface);
      int stride = cairo_image_surface_get_stride (surface);

      cairo_surface_flush (surface);
      for (int r = 0; r < heatmap->rows; r++)
        for (int c = 0; c < heatmap->cols; c++)
          {
            /* A square root keeps the places passed through visible beside the one lived in. */
            double t = sqrt (heatmap->seconds[r * heatmap->cols + c] / heatmap->max_s);
            double a = MIN (1.0, t * 1.4) * 0.8;
            guint32 *px = (guint32 *) (data + r * stride) + c;
            double red = 1.0, green = 0.85 * (1 - t) + 0.1 * t, blue = 0.2 * (1 - t);

            /* Premultiplied ARGB. */
            *px = ((guint32) (a * 255) << 24) | ((guint32) (red * a * 255) << 16)
                  | ((guint32) (green * a * 255) << 8) | (guint32) (blue * a * 255);
          }
      cairo_surface_mark_dirty (surface);
      self->heatmap_surface = surface;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_heatmap_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(TlMinimap) self = data;
  g_autoptr(GError) error = NULL;
  TlHeatmap *heatmap = tl_heatmap_compute_finish (result, &error);

  if (heatmap == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot compute the heatmap: %s", error->message);
      return;
    }
  set_heatmap (self, heatmap);
}

/* The frames of period heatmap_period: from its kick-off to its end, or to the next period's
 * kick-off when it is open, or to the last tracked frame. FALSE when the match sheet has no
 * such period (its kick-off was never set). */
static gboolean
period_frames (TlMinimap *self,
               gint64    *first_frame,
               gint64    *last_frame)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) periods = tl_periods_list (tl_track_window_get_store (self->window),
                                                  tl_track_window_get_match_id (self->window),
                                                  &error);
  double fps = tl_track_window_get_fps (self->window);

  if (periods == NULL)
    {
      g_warning ("Cannot read the periods of match %" G_GINT64_FORMAT ": %s",
                 tl_track_window_get_match_id (self->window), error->message);
      return FALSE;
    }
  for (guint i = 0; i < periods->len; i++)
    {
      TlPeriod *period = g_ptr_array_index (periods, i);
      TlPeriod *next = i + 1 < periods->len ? g_ptr_array_index (periods, i + 1) : NULL;
      gint64 end_ns = tl_period_get_end (period);

      if (tl_period_get_number (period) != self->heatmap_period)
        continue;
      /* Period times are file nanoseconds. */
      *first_frame = (gint64) (tl_period_get_start (period) * fps / 1e9);
      if (end_ns < 0 && next != NULL)
        end_ns = tl_period_get_start (next);
      if (end_ns >= 0)
        *last_frame = MIN (*last_frame, (gint64) (end_ns * fps / 1e9) - 1);
      return TRUE;
    }
  return FALSE;
}

static void
update_heatmap (TlMinimap *self)
{
  g_autoptr(GArray) tracks = NULL;

  gint64 first_frame = 0, last_frame;

  g_cancellable_cancel (self->heatmap_cancellable);
  g_clear_object (&self->heatmap_cancellable);
  set_heatmap (self, NULL);
  self->heatmap_note = NULL;

  if (self->window == NULL || self->heatmap_mode == TL_MINIMAP_HEATMAP_NONE)
    return;

  last_frame = tl_track_window_get_last_frame (self->window);
  if (self->heatmap_period > 0 && !period_frames (self, &first_frame, &last_frame))
    {
      /* Translators: on the minimap, when a half's heatmap is chosen but its kick-off is not
       * known */
      self->heatmap_note = _("Set this half’s kick-off in the match sheet for its heatmap");
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  switch (self->heatmap_mode)
    {
    case TL_MINIMAP_HEATMAP_PLAYER:
      if (self->selected < 0)
        return;
      tracks = tl_track_window_tracks_of_player (self->window, (guint32) self->selected);
      break;
    case TL_MINIMAP_HEATMAP_HOME:
      tracks = tl_track_window_tracks_of_side (self->window, TL_TEAM_SIDE_HOME);
      break;
    case TL_MINIMAP_HEATMAP_AWAY:
    default:
      tracks = tl_track_window_tracks_of_side (self->window, TL_TEAM_SIDE_AWAY);
      break;
    }

  self->heatmap_cancellable = g_cancellable_new ();
  tl_heatmap_compute_range_async (tl_track_window_get_store (self->window),
                                  tl_track_window_get_match_id (self->window),
                                  tl_track_window_get_fps (self->window), first_frame, last_frame,
                                  &self->pitch, HEATMAP_COLS, HEATMAP_ROWS,
                                  (const guint32 *) tracks->data, tracks->len,
                                  self->heatmap_cancellable, on_heatmap_ready,
                                  g_object_ref (self));
}

void
tl_minimap_set_heatmap_period (TlMinimap *self,
                               int        period)
{
  g_return_if_fail (TL_IS_MINIMAP (self));

  period = MAX (period, 0);
  if (self->heatmap_period == period)
    return;
  self->heatmap_period = period;
  update_heatmap (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEATMAP_PERIOD]);
}

const char *
tl_minimap_get_heatmap_note (TlMinimap *self)
{
  g_return_val_if_fail (TL_IS_MINIMAP (self), NULL);
  return self->heatmap_note;
}

const TlHeatmap *
tl_minimap_get_heatmap (TlMinimap *self)
{
  g_return_val_if_fail (TL_IS_MINIMAP (self), NULL);
  return self->heatmap;
}

/* --- drawing ------------------------------------------------------------------------------- */

static void
move_to_pitch (TlMinimap *self,
               cairo_t   *cr,
               double     px,
               double     py,
               gboolean   line)
{
  double x, y;

  tl_minimap_pitch_to_widget (self, px, py, &x, &y);
  if (line)
    cairo_line_to (cr, x, y);
  else
    cairo_move_to (cr, x, y);
}

static void
draw (TlMinimap *self,
      cairo_t   *cr)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double s = pitch_scale (self);
  double x0, y0, x1, y1;

  /* Grass, with the stripes of a mown pitch. */
  tl_minimap_pitch_to_widget (self, -self->pitch.length / 2 - PAD_M,
                              self->pitch.width / 2 + PAD_M, &x0, &y0);
  tl_minimap_pitch_to_widget (self, self->pitch.length / 2 + PAD_M,
                              -self->pitch.width / 2 - PAD_M, &x1, &y1);
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  cairo_set_source_rgba (cr, 0.15, 0.42, 0.22, 0.9);
  cairo_fill (cr);
  for (int i = 0; i < 12; i += 2)
    {
      double sx0, sx1, sy;

      tl_minimap_pitch_to_widget (self, -self->pitch.length / 2 + i * self->pitch.length / 12,
                                  0, &sx0, &sy);
      tl_minimap_pitch_to_widget (self, -self->pitch.length / 2
                                        + (i + 1) * self->pitch.length / 12, 0, &sx1, &sy);
      cairo_rectangle (cr, sx0, y0, sx1 - sx0, y1 - y0);
    }
  cairo_set_source_rgba (cr, 1, 1, 1, 0.04);
  cairo_fill (cr);

  if (!self->calibrated)
    {
      g_autoptr(PangoLayout) layout =
        gtk_widget_create_pango_layout (GTK_WIDGET (self), _("Calibrate the pitch to see the "
                                                             "players here"));
      int lw, lh;

      pango_layout_set_width (layout, (int) (w - 24) * PANGO_SCALE);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_move_to (cr, 12, (h - lh) / 2);
      pango_cairo_show_layout (cr, layout);
      return;
    }

  if (self->heatmap_surface != NULL)
    {
      cairo_pattern_t *pattern;
      double hx, hy;

      tl_minimap_pitch_to_widget (self, -self->pitch.length / 2, -self->pitch.width / 2,
                                  &hx, &hy);
      cairo_save (cr);
      cairo_translate (cr, hx, hy);
      /* Row 0 is the near touchline, at the bottom. */
      cairo_scale (cr, self->pitch.length * s / self->heatmap->cols,
                   -self->pitch.width * s / self->heatmap->rows);
      cairo_set_source_surface (cr, self->heatmap_surface, 0, 0);
      pattern = cairo_get_source (cr);
      cairo_pattern_set_filter (pattern, CAIRO_FILTER_GOOD);
      cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
      cairo_rectangle (cr, 0, 0, self->heatmap->cols, self->heatmap->rows);
      cairo_fill (cr);
      cairo_restore (cr);
    }

  /* The lines. */
  cairo_set_line_width (cr, 1.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.75);
  for (guint i = 0; i < self->lines->len; i++)
    {
      GArray *line = g_ptr_array_index (self->lines, i);

      for (guint j = 0; j < line->len; j++)
        {
          const double *p = &g_array_index (line, double, 2 * j);

          move_to_pitch (self, cr, p[0], p[1], j > 0);
        }
      cairo_stroke (cr);
    }

  /* What the viewer shows. */
  {
    g_autoptr(GArray) footprint = tl_minimap_get_footprint (self);

    if (footprint->len >= 3)
      {
        cairo_save (cr);
        cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
        cairo_clip (cr);
        for (guint i = 0; i < footprint->len; i++)
          {
            const double *p = &g_array_index (footprint, double, 2 * i);

            move_to_pitch (self, cr, p[0], p[1], i > 0);
          }
        cairo_close_path (cr);
        cairo_set_source_rgba (cr, 1, 1, 1, 0.14);
        cairo_fill_preserve (cr);
        cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
        cairo_set_line_width (cr, 1.5);
        cairo_stroke (cr);
        cairo_restore (cr);
      }
  }

  if ((self->heatmap_mode == TL_MINIMAP_HEATMAP_PLAYER && self->selected < 0)
      || self->heatmap_note != NULL)
    {
      g_autoptr(PangoLayout) layout =
        gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                        self->heatmap_note != NULL
                                        ? self->heatmap_note
                                        : _("Click a player in the video for their heatmap"));
      int lw, lh;

      pango_layout_get_pixel_size (layout, &lw, &lh);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      cairo_rectangle (cr, (w - lw) / 2 - 6, 4, lw + 12, lh + 4);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, (w - lw) / 2, 6);
      pango_cairo_show_layout (cr, layout);
    }

  if (self->window == NULL)
    return;

  if (self->show_trails)
    {
      g_autoptr(GPtrArray) trails = tl_track_window_get_trails (self->window);

      cairo_set_line_width (cr, 1.5);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      for (guint i = 0; i < trails->len; i++)
        {
          TlTrackTrail *trail = g_ptr_array_index (trails, i);
          GdkRGBA color;

          tl_side_colors_lookup (self->side_colors, trail->klass, trail->side, &color);
          for (guint j = 0; j < trail->points->len; j++)
            {
              const double *p = &g_array_index (trail->points, double, 2 * j);

              move_to_pitch (self, cr, p[0], p[1], j > 0);
            }
          cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.55);
          cairo_stroke (cr);
        }
    }

  {
    GArray *objects = tl_track_window_get_objects (self->window);

    /* Players first, the ball on top. */
    for (int pass = 1; pass <= 2; pass++)
      for (guint i = 0; i < objects->len; i++)
        {
          const TlTrackObject *o = &g_array_index (objects, TlTrackObject, i);
          gboolean selected = (int) o->track_no == self->selected;
          double x, y, r = o->klass == 2 ? 2.5 : selected ? 5.5 : 4.0;
          GdkRGBA color;

          if (o->klass != pass || !o->has_pitch)
            continue;
          tl_minimap_pitch_to_widget (self, o->pitch_x, o->pitch_y, &x, &y);
          tl_side_colors_lookup (self->side_colors, o->klass, o->side, &color);
          cairo_arc (cr, x, y, r, 0, 2 * G_PI);
          cairo_set_source_rgba (cr, color.red, color.green, color.blue,
                                 o->coasting ? 0.5 : 1.0);
          cairo_fill_preserve (cr);
          cairo_set_line_width (cr, selected ? 2.0 : 1.0);
          if (selected)
            cairo_set_source_rgb (cr, 1.0, 0.64, 0.28);
          else
            cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
          cairo_stroke (cr);
        }
  }
}

static void
tl_minimap_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  TlMinimap *self = TL_MINIMAP (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GskRoundedRect clip;
  cairo_t *cr;

  if (w <= 0 || h <= 0)
    return;

  gsk_rounded_rect_init_from_rect (&clip, &GRAPHENE_RECT_INIT (0, 0, w, h), 8);
  gtk_snapshot_push_rounded_clip (snapshot, &clip);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  cairo_set_source_rgba (cr, 0.05, 0.12, 0.07, 0.85);
  cairo_paint (cr);
  draw (self, cr);
  cairo_destroy (cr);
  gtk_snapshot_pop (snapshot);
}

/* --- input --------------------------------------------------------------------------------- */

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               TlMinimap      *self)
{
  self->drag_x = x;
  self->drag_y = y;
  if (tl_minimap_point_camera (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  else
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                TlMinimap      *self)
{
  tl_minimap_point_camera (self, self->drag_x + dx, self->drag_y + dy);
}

/* --- GObject ------------------------------------------------------------------------------- */

static void
queue_draw (TlMinimap *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
tl_minimap_dispose (GObject *object)
{
  TlMinimap *self = (TlMinimap *) object;

  g_cancellable_cancel (self->heatmap_cancellable);
  g_clear_object (&self->heatmap_cancellable);
  tl_minimap_set_viewer (self, NULL);
  tl_minimap_set_window (self, NULL);
  tl_minimap_set_side_colors (self, NULL);
  tl_minimap_set_periods (self, NULL);
  set_heatmap (self, NULL);
  g_clear_pointer (&self->lines, g_ptr_array_unref);

  G_OBJECT_CLASS (tl_minimap_parent_class)->dispose (object);
}

static void
tl_minimap_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TlMinimap *self = TL_MINIMAP (object);

  switch (prop_id)
    {
    case PROP_SELECTED_TRACK:
      g_value_set_int (value, self->selected);
      break;
    case PROP_SHOW_TRAILS:
      g_value_set_boolean (value, self->show_trails);
      break;
    case PROP_TRAIL_SECONDS:
      g_value_set_double (value, self->trail_seconds);
      break;
    case PROP_HEATMAP_MODE:
      g_value_set_enum (value, self->heatmap_mode);
      break;
    case PROP_HEATMAP_PERIOD:
      g_value_set_int (value, self->heatmap_period);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
apply_trails (TlMinimap *self)
{
  if (self->window != NULL)
    tl_track_window_set_trail_seconds (self->window, self->show_trails ? self->trail_seconds
                                                                       : 0);
  queue_draw (self);
}

static void
tl_minimap_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TlMinimap *self = TL_MINIMAP (object);

  switch (prop_id)
    {
    case PROP_SELECTED_TRACK:
      tl_minimap_set_selected_track (self, g_value_get_int (value));
      break;
    case PROP_SHOW_TRAILS:
      if (self->show_trails != g_value_get_boolean (value))
        {
          self->show_trails = g_value_get_boolean (value);
          apply_trails (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_TRAIL_SECONDS:
      if (self->trail_seconds != g_value_get_double (value))
        {
          self->trail_seconds = g_value_get_double (value);
          apply_trails (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_HEATMAP_MODE:
      tl_minimap_set_heatmap_mode (self, g_value_get_enum (value));
      break;
    case PROP_HEATMAP_PERIOD:
      tl_minimap_set_heatmap_period (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_minimap_class_init (TlMinimapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_minimap_dispose;
  object_class->get_property = tl_minimap_get_property;
  object_class->set_property = tl_minimap_set_property;

  widget_class->snapshot = tl_minimap_snapshot;

  properties[PROP_SELECTED_TRACK] =
    g_param_spec_int ("selected-track", NULL, NULL, -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SHOW_TRAILS] =
    g_param_spec_boolean ("show-trails", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TRAIL_SECONDS] =
    g_param_spec_double ("trail-seconds", NULL, NULL, 1, 60, 10,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_HEATMAP_MODE] =
    g_param_spec_enum ("heatmap-mode", NULL, NULL, TL_TYPE_MINIMAP_HEATMAP,
                       TL_MINIMAP_HEATMAP_NONE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_HEATMAP_PERIOD] =
    g_param_spec_int ("heatmap-period", NULL, NULL, 0, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "minimap");
}

static void
tl_minimap_init (TlMinimap *self)
{
  GtkGesture *drag;

  self->selected = -1;
  self->trail_seconds = 10;
  tl_pitch_init_default (&self->pitch);
  self->lines = tl_pitch_lines (&self->pitch, 1.0);
  gtk_widget_set_size_request (GTK_WIDGET (self), 300, 200);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("Click to point the camera there"));

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

GtkWidget *
tl_minimap_new (void)
{
  return g_object_new (TL_TYPE_MINIMAP, NULL);
}

void
tl_minimap_set_viewer (TlMinimap *self,
                       TlViewer  *viewer)
{
  static const char * const view_props[] = {
    "notify::mode", "notify::yaw", "notify::pitch", "notify::hfov",
  };

  g_return_if_fail (TL_IS_MINIMAP (self));
  g_return_if_fail (viewer == NULL || TL_IS_VIEWER (viewer));

  if (self->viewer == viewer)
    return;
  if (self->viewer != NULL)
    g_signal_handlers_disconnect_by_data (self->viewer, self);
  g_set_object (&self->viewer, viewer);
  if (viewer != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (view_props); i++)
      g_signal_connect_swapped (viewer, view_props[i], G_CALLBACK (queue_draw), self);
  queue_draw (self);
}

void
tl_minimap_set_window (TlMinimap     *self,
                       TlTrackWindow *window)
{
  g_return_if_fail (TL_IS_MINIMAP (self));
  g_return_if_fail (window == NULL || TL_IS_TRACK_WINDOW (window));

  if (self->window == window)
    return;
  if (self->window != NULL)
    g_signal_handlers_disconnect_by_data (self->window, self);
  g_set_object (&self->window, window);
  if (window != NULL)
    {
      g_signal_connect_swapped (window, "changed", G_CALLBACK (queue_draw), self);
      g_signal_connect_swapped (window, "tracks-changed", G_CALLBACK (update_heatmap), self);
    }
  apply_trails (self);
  update_heatmap (self);
}

void
tl_minimap_set_side_colors (TlMinimap    *self,
                            TlSideColors *colors)
{
  g_return_if_fail (TL_IS_MINIMAP (self));

  tl_side_colors_replace (&self->side_colors, colors, GTK_WIDGET (self));
}

/* period_frames reads the periods from the store; the model only says when they changed. */
static void
on_periods_changed (TlMinimap *self)
{
  if (self->heatmap_period > 0)
    update_heatmap (self);
}

void
tl_minimap_set_periods (TlMinimap  *self,
                        GListModel *periods)
{
  g_return_if_fail (TL_IS_MINIMAP (self));
  g_return_if_fail (periods == NULL || G_IS_LIST_MODEL (periods));

  if (self->periods == periods)
    return;
  if (self->periods != NULL)
    g_signal_handlers_disconnect_by_data (self->periods, self);
  g_set_object (&self->periods, periods);
  if (periods != NULL)
    g_signal_connect_object (periods, "items-changed", G_CALLBACK (on_periods_changed), self,
                             G_CONNECT_SWAPPED);
  on_periods_changed (self);
}

void
tl_minimap_set_calibration (TlMinimap  *self,
                            const char *calibration)
{
  TlCameraParams params;

  g_return_if_fail (TL_IS_MINIMAP (self));

  self->calibrated = calibration != NULL && tl_calibration_parse (calibration, &params, NULL)
                     && tl_camera_init (&self->camera, &params) == TL_CAMERA_OK;
  tl_pitch_from_calibration (&self->pitch, self->calibrated ? calibration : NULL);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  self->lines = tl_pitch_lines (&self->pitch, 1.0);
  update_heatmap (self);
  queue_draw (self);
}

gboolean
tl_minimap_get_calibrated (TlMinimap *self)
{
  g_return_val_if_fail (TL_IS_MINIMAP (self), FALSE);
  return self->calibrated;
}

void
tl_minimap_set_selected_track (TlMinimap *self,
                               int        track_no)
{
  g_return_if_fail (TL_IS_MINIMAP (self));

  track_no = MAX (track_no, -1);
  if (self->selected == track_no)
    return;
  self->selected = track_no;
  if (self->heatmap_mode == TL_MINIMAP_HEATMAP_PLAYER)
    update_heatmap (self);
  queue_draw (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TRACK]);
}

void
tl_minimap_set_heatmap_mode (TlMinimap        *self,
                             TlMinimapHeatmap  mode)
{
  g_return_if_fail (TL_IS_MINIMAP (self));

  if (self->heatmap_mode == mode)
    return;
  self->heatmap_mode = mode;
  update_heatmap (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEATMAP_MODE]);
}
