/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-timeline.c: the timeline widget: layout, drawing, hit testing, scrubbing, zoom, edits. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "tl-match.h"
#include "tl-period.h"
#include "tl-timeline.h"
#include "tl-track-chunks.h"

/* Bands from the top, in pixels. */
#define RULER_H    18
#define THUMB_H    TL_TIMELINE_THUMBNAIL_HEIGHT
#define PERIOD_H   14
#define COVERAGE_H 4
#define KEYFRAME_H 16
#define ROW_H      16
#define THUMBS_Y   RULER_H
#define PERIODS_Y  (THUMBS_Y + THUMB_H)
#define COVERAGE_Y (PERIODS_Y + PERIOD_H)
#define KEYFRAMES_Y (COVERAGE_Y + COVERAGE_H)
#define ROWS_Y     (KEYFRAMES_Y + KEYFRAME_H)
#define BOTTOM_PAD 4

/* Markers shorter than this are drawn this wide, so that a moment can be hit. */
#define MIN_MARKER_PX 4.0
#define KEYFRAME_HALF 5.0
/* Ticks and thumbnails are spaced at least this far apart. */
#define MIN_TICK_PX 80.0
#define THUMB_GAP_PX 2.0
/* While scrubbing, an accurate seek follows once the pointer rests this long. */
#define SCRUB_SETTLE_MS 150
/* A scrub this close to the frame shown seeks accurately (a slow drag shows every frame it can
 * decode); farther, to the nearest keyframe (a fast drag keeps up). */
#define SCRUB_ACCURATE_WITHIN GST_SECOND
/* Below this spacing the strip shows the frame at each time, not the keyframe nearest. */
#define ACCURATE_THUMBS_BELOW (4 * GST_SECOND)
#define MAX_TEXTURES 2000
#define SCROLL_ZOOM 1.25
#define KEY_ZOOM 2.0

typedef struct
{
  GObject *item;
  gint64   start_ns;
  gint64   end_ns;
  guint    row;
  GdkRGBA  color;
} Marker;

typedef enum
{
  DRAG_NONE,
  DRAG_SCRUB,
  DRAG_KEYFRAME,
  DRAG_EVENT,
} DragKind;

struct _TlTimeline
{
  GtkWidget      parent_instance;

  TlPlayer      *player;
  gint64         duration;
  gint64         position;
  gint64         view_start;
  gint64         view_span;      /* 0: the whole match (until the user zooms) */

  TlThumbnailer *thumbnailer;
  double         aspect;
  GHashTable    *textures;       /* gint64 time -> GdkTexture */
  guint          want_source;

  GListModel    *events;
  GArray        *markers;        /* Marker by start */
  GPtrArray     *codes;          /* row names, sorted */
  GObject       *selected;
  guint          rebuild_source;

  GPtrArray     *periods;        /* TlPeriod */
  GArray        *coverage;       /* TlTimeRange */

  TlCameraPath  *camera_path;
  GArray        *keyframes;      /* TlCameraKeyframe */
  gint64         selected_keyframe;
  gint64         menu_keyframe;

  DragKind       drag;
  double         drag_x, drag_y;
  gboolean       drag_moved;
  gint64         drag_keyframe;
  gint64         drag_time;
  gint64         last_seek;
  guint          settle_source;
  /* Scrubbing: one keyframe seek at a time; where the pointer went meanwhile waits here. */
  gboolean       scrubbing;
  gboolean       scrub_busy;
  gint64         scrub_next;
  gint64         scrub_busy_since;
  double         zoom_span;
  gint64         zoom_anchor;
  double         pointer_x;

  GtkWidget     *keyframe_popover;   /* template child */
};

G_DEFINE_FINAL_TYPE (TlTimeline, tl_timeline, GTK_TYPE_WIDGET)

/* --- geometry ------------------------------------------------------------------------------ */

static gint64
span (TlTimeline *self)
{
  if (self->view_span > 0)
    return self->view_span;
  return MAX (self->duration, TL_TIMELINE_MIN_SPAN);
}

static double
width (TlTimeline *self)
{
  return MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1);
}

double
tl_timeline_time_to_x (TlTimeline *self,
                       gint64      time_ns)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), 0);
  return (double) (time_ns - self->view_start) * width (self) / (double) span (self);
}

gint64
tl_timeline_x_to_time (TlTimeline *self,
                       double      x)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), 0);
  return self->view_start + (gint64) llround (x * (double) span (self) / width (self));
}

static gint64
clamp_time (TlTimeline *self,
            gint64      time_ns)
{
  return CLAMP (time_ns, 0, MAX (self->duration, 0));
}

static void
queue_want_thumbs (TlTimeline *self);

static void
apply_view (TlTimeline *self,
            gint64      start_ns,
            gint64      span_ns)
{
  gint64 whole = MAX (self->duration, TL_TIMELINE_MIN_SPAN);

  span_ns = CLAMP (span_ns, TL_TIMELINE_MIN_SPAN, whole);
  start_ns = CLAMP (start_ns, 0, MAX (whole - span_ns, 0));
  self->view_start = start_ns;
  self->view_span = span_ns >= whole ? 0 : span_ns;
  queue_want_thumbs (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
tl_timeline_set_view (TlTimeline *self,
                      gint64      start_ns,
                      gint64      span_ns)
{
  g_return_if_fail (TL_IS_TIMELINE (self));
  apply_view (self, start_ns, span_ns);
}

gint64
tl_timeline_get_view_start (TlTimeline *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), 0);
  return self->view_start;
}

gint64
tl_timeline_get_view_span (TlTimeline *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), 0);
  return span (self);
}

void
tl_timeline_zoom (TlTimeline *self,
                  double      factor,
                  double      anchor_x)
{
  gint64 anchor, new_span;

  g_return_if_fail (TL_IS_TIMELINE (self));
  g_return_if_fail (factor > 0);

  anchor = tl_timeline_x_to_time (self, anchor_x);
  new_span = (gint64) llround (span (self) / factor);
  new_span = CLAMP (new_span, TL_TIMELINE_MIN_SPAN, MAX (self->duration, TL_TIMELINE_MIN_SPAN));
  apply_view (self, anchor - (gint64) llround (anchor_x / width (self) * new_span), new_span);
}

void
tl_timeline_zoom_fit (TlTimeline *self)
{
  g_return_if_fail (TL_IS_TIMELINE (self));
  apply_view (self, 0, G_MAXINT64 / 4);
}

static guint
n_rows (TlTimeline *self)
{
  return self->codes->len;
}

double
tl_timeline_row_y (TlTimeline *self,
                   const char *code)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), -1);

  if (code == NULL)
    return KEYFRAMES_Y + KEYFRAME_H / 2.0;
  for (guint i = 0; i < self->codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->codes, i), code) == 0)
      return ROWS_Y + i * ROW_H + ROW_H / 2.0;
  return -1;
}

static void
marker_extent (TlTimeline   *self,
               const Marker *m,
               double       *x0,
               double       *x1)
{
  *x0 = tl_timeline_time_to_x (self, m->start_ns);
  *x1 = MAX (tl_timeline_time_to_x (self, m->end_ns), *x0 + MIN_MARKER_PX);
}

GObject *
tl_timeline_event_at (TlTimeline *self,
                      double      x,
                      double      y)
{
  GObject *best = NULL;
  double best_distance = G_MAXDOUBLE;
  guint row;

  g_return_val_if_fail (TL_IS_TIMELINE (self), NULL);

  if (y < ROWS_Y || y >= ROWS_Y + n_rows (self) * ROW_H)
    return NULL;
  row = (guint) ((y - ROWS_Y) / ROW_H);
  /* Overlapping markers: the one that starts nearest the pointer wins. */
  for (guint i = 0; i < self->markers->len; i++)
    {
      const Marker *m = &g_array_index (self->markers, Marker, i);
      double x0, x1;

      if (m->row != row)
        continue;
      marker_extent (self, m, &x0, &x1);
      if (x >= x0 - 1 && x <= x1 + 1 && fabs (x - x0) < best_distance)
        {
          best = m->item;
          best_distance = fabs (x - x0);
        }
    }
  return best;
}

gint64
tl_timeline_keyframe_at (TlTimeline *self,
                         double      x,
                         double      y)
{
  gint64 best = 0;
  double best_distance = KEYFRAME_HALF + 2;

  g_return_val_if_fail (TL_IS_TIMELINE (self), 0);

  if (y < KEYFRAMES_Y || y >= KEYFRAMES_Y + KEYFRAME_H)
    return 0;
  for (guint i = 0; i < self->keyframes->len; i++)
    {
      const TlCameraKeyframe *k = &g_array_index (self->keyframes, TlCameraKeyframe, i);
      double d = fabs (tl_timeline_time_to_x (self, k->time_ns) - x);

      if (d <= best_distance)
        {
          best = k->id;
          best_distance = d;
        }
    }
  return best;
}

/* The usual steps of ticks and thumbnails, in milliseconds. */
static const gint64 steps_ms[] = {
  40, 100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000,
  900000, 1800000, 3600000, 7200000,
};

/* The smallest usual step that is at least @min_ns. */
static gint64
nice_step (gint64 min_ns)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps_ms); i++)
    if (steps_ms[i] * GST_MSECOND >= min_ns)
      return steps_ms[i] * GST_MSECOND;
  return steps_ms[G_N_ELEMENTS (steps_ms) - 1] * GST_MSECOND;
}

/* The largest usual step that is at most @max_ns (the smallest one when none is). */
static gint64
nice_step_below (gint64 max_ns)
{
  gint64 step = steps_ms[0] * GST_MSECOND;

  for (guint i = 0; i < G_N_ELEMENTS (steps_ms) && steps_ms[i] * GST_MSECOND <= max_ns; i++)
    step = steps_ms[i] * GST_MSECOND;
  return step;
}

/* --- thumbnails ---------------------------------------------------------------------------- */

static double
thumb_width (TlTimeline *self)
{
  return THUMB_H * (self->aspect > 0 ? self->aspect : 16.0 / 9.0);
}

/* The strip is a row of slots of a usual step at most a thumbnail wide, so the pictures touch;
 * each shows the middle of its picture (a panorama's is the middle of the pitch). Usual steps
 * keep the times, and so the cache, the same from one zoom level to the next. */
static gint64
thumb_interval (TlTimeline *self)
{
  return nice_step_below ((gint64) ((thumb_width (self) + THUMB_GAP_PX) * span (self)
                                    / width (self)));
}

static gboolean
want_thumbs (gpointer data)
{
  TlTimeline *self = data;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 step = thumb_interval (self), s = span (self);
  gint64 first = self->view_start / step, last = (self->view_start + s) / step;
  gint64 mid = (first + last) / 2;

  self->want_source = 0;
  if (self->thumbnailer == NULL || self->duration <= 0)
    return G_SOURCE_REMOVE;
  /* What is on screen from the middle out, then a screen either side for panning. */
  for (gint64 d = 0; d <= (last - first) * 3 / 2 + 1; d++)
    for (int sign = 1; sign >= -1; sign -= 2)
      {
        gint64 k = mid + sign * d;
        gint64 t = k * step;

        if ((d == 0 && sign < 0) || t < 0 || t >= self->duration)
          continue;
        if (!g_hash_table_contains (self->textures, &t) || step < ACCURATE_THUMBS_BELOW)
          g_array_append_val (times, t);
      }
  tl_thumbnailer_want (self->thumbnailer, (gint64 *) times->data, times->len,
                       step < ACCURATE_THUMBS_BELOW);
  return G_SOURCE_REMOVE;
}

static void
queue_want_thumbs (TlTimeline *self)
{
  if (self->want_source == 0 && self->thumbnailer != NULL)
    self->want_source = g_timeout_add (50, want_thumbs, self);
}

static void
on_thumbnail_ready (TlTimeline *self,
                    gint64      time_ns)
{
  g_autoptr(GBytes) pixels = NULL;
  int w, h, stride;
  gint64 *key;

  pixels = tl_thumbnailer_lookup (self->thumbnailer, time_ns, &w, &h, &stride);
  if (pixels == NULL)
    return;
  if (g_hash_table_size (self->textures) >= MAX_TEXTURES)
    g_hash_table_remove_all (self->textures);
  key = g_new (gint64, 1);
  *key = time_ns;
  g_hash_table_replace (self->textures, key,
                        gdk_memory_texture_new (w, h, GDK_MEMORY_R8G8B8A8, pixels, stride));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* --- data ---------------------------------------------------------------------------------- */

static void
clear_markers (TlTimeline *self)
{
  for (guint i = 0; i < self->markers->len; i++)
    {
      Marker *m = &g_array_index (self->markers, Marker, i);

      g_signal_handlers_disconnect_by_data (m->item, self);
      g_object_unref (m->item);
    }
  g_array_set_size (self->markers, 0);
  g_ptr_array_set_size (self->codes, 0);
}

static void queue_rebuild (TlTimeline *self);

static int
compare_markers (gconstpointer a,
                 gconstpointer b)
{
  const Marker *ma = a, *mb = b;

  return (ma->start_ns > mb->start_ns) - (ma->start_ns < mb->start_ns);
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static void
rebuild_markers (TlTimeline *self)
{
  guint n = self->events != NULL ? g_list_model_get_n_items (self->events) : 0;
  g_autoptr(GHashTable) rows = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean selected_found = FALSE;

  clear_markers (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->events, i);
      g_autofree char *code = NULL;
      g_autofree char *color = NULL;
      Marker m = { 0 };

      g_object_get (item, "start-ns", &m.start_ns, "end-ns", &m.end_ns, "code", &code,
                    "color", &color, NULL);
      if (code == NULL)
        code = g_strdup ("");
      if (color == NULL || !gdk_rgba_parse (&m.color, color))
        gdk_rgba_parse (&m.color, "#3584e4");
      m.end_ns = MAX (m.end_ns, m.start_ns);
      if (!g_hash_table_contains (rows, code))
        {
          char *name = g_strdup (code);

          g_ptr_array_add (self->codes, name);
          g_hash_table_add (rows, name);
        }
      m.item = g_object_ref (item);
      g_array_append_val (self->markers, m);
      /* An edit of an event (its times, its code) moves its marker. */
      g_signal_connect_swapped (item, "notify", G_CALLBACK (queue_rebuild), self);
      selected_found |= item == self->selected;
    }
  g_ptr_array_sort (self->codes, compare_codes);
  for (guint i = 0; i < self->markers->len; i++)
    {
      Marker *m = &g_array_index (self->markers, Marker, i);
      g_autofree char *code = NULL;

      g_object_get (m->item, "code", &code, NULL);
      for (guint r = 0; r < self->codes->len; r++)
        if (g_strcmp0 (g_ptr_array_index (self->codes, r), code ? code : "") == 0)
          m->row = r;
    }
  g_array_sort (self->markers, compare_markers);
  if (!selected_found)
    self->selected = NULL;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static gboolean
rebuild_now (gpointer data)
{
  TlTimeline *self = data;

  self->rebuild_source = 0;
  rebuild_markers (self);
  return G_SOURCE_REMOVE;
}

static void
queue_rebuild (TlTimeline *self)
{
  if (self->rebuild_source == 0)
    self->rebuild_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_now, self, NULL);
}

static void
reload_keyframes (TlTimeline *self)
{
  g_clear_pointer (&self->keyframes, g_array_unref);
  self->keyframes = self->camera_path != NULL
                    ? tl_camera_path_dup_keyframes (self->camera_path)
                    : g_array_new (FALSE, FALSE, sizeof (TlCameraKeyframe));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* --- drawing ------------------------------------------------------------------------------- */

static void
append_rect (GtkSnapshot   *snapshot,
             const GdkRGBA *color,
             double         x,
             double         y,
             double         w,
             double         h)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, w, h));
}

static GdkRGBA
with_alpha (GdkRGBA color,
            double  alpha)
{
  color.alpha *= alpha;
  return color;
}

static void
draw_text (TlTimeline  *self,
           GtkSnapshot *snapshot,
           const char  *text,
           double       x,
           double       y,
           double       max_width,
           GdkRGBA     *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static char *
ruler_label (gint64 time_ns,
             gint64 step)
{
  g_autofree char *whole = tl_format_duration (time_ns / GST_SECOND * GST_SECOND);

  if (step >= GST_SECOND)
    return g_steal_pointer (&whole);
  /* Translators: a time on the timeline's ruler with tenths of a second, e.g. "1:05.4" */
  return g_strdup_printf (_("%s.%d"), whole, (int) (time_ns % GST_SECOND / (GST_SECOND / 10)));
}

static void
draw_ruler (TlTimeline  *self,
            GtkSnapshot *snapshot,
            GdkRGBA     *fg)
{
  gint64 step = nice_step ((gint64) (MIN_TICK_PX * span (self) / width (self)));
  GdkRGBA tick = with_alpha (*fg, 0.35), label = with_alpha (*fg, 0.7);

  for (gint64 t = self->view_start / step * step; t <= self->view_start + span (self); t += step)
    {
      double x = tl_timeline_time_to_x (self, t);
      g_autofree char *text = ruler_label (t, step);

      if (x < 0)
        continue;
      append_rect (snapshot, &tick, floor (x), 0, 1, RULER_H);
      draw_text (self, snapshot, text, x + 3, 1, MIN_TICK_PX - 6, &label);
      /* Minor ticks: a fifth of the step. */
      for (int i = 1; i < 5; i++)
        append_rect (snapshot, &tick, floor (tl_timeline_time_to_x (self, t + step * i / 5)),
                     RULER_H - 5, 1, 5);
    }
}

static void
draw_thumbs (TlTimeline  *self,
             GtkSnapshot *snapshot,
             GdkRGBA     *fg)
{
  gint64 step = thumb_interval (self);
  double tw = thumb_width (self);
  GdkRGBA empty = with_alpha (*fg, 0.08);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, THUMBS_Y, (float) width (self),
                                                         THUMB_H));
  for (gint64 t = self->view_start / step * step; t < self->view_start + span (self)
                                                  && t < self->duration; t += step)
    {
      double x = tl_timeline_time_to_x (self, t);
      double slot = MIN (tl_timeline_time_to_x (self, MIN (t + step, self->duration)) - x, tw)
                    - THUMB_GAP_PX;
      GdkTexture *texture = g_hash_table_lookup (self->textures, &t);

      if (slot < 1)
        continue;
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT ((float) x, THUMBS_Y, (float) slot,
                                                             THUMB_H));
      if (texture != NULL)
        gtk_snapshot_append_texture (snapshot, texture,
                                     &GRAPHENE_RECT_INIT ((float) (x + (slot - tw) / 2),
                                                          THUMBS_Y, (float) tw, THUMB_H));
      else
        append_rect (snapshot, &empty, x, THUMBS_Y, slot, THUMB_H);
      gtk_snapshot_pop (snapshot);
    }
  gtk_snapshot_pop (snapshot);
}

static void
draw_periods (TlTimeline  *self,
              GtkSnapshot *snapshot,
              GdkRGBA     *fg,
              GdkRGBA     *accent)
{
  GdkRGBA label = with_alpha (*fg, 0.8), covered = with_alpha (*accent, 0.8);

  for (guint i = 0; self->periods != NULL && i < self->periods->len; i++)
    {
      TlPeriod *p = g_ptr_array_index (self->periods, i);
      gint64 end = tl_period_get_end (p) >= 0 ? tl_period_get_end (p) : self->duration;
      double x0 = tl_timeline_time_to_x (self, tl_period_get_start (p));
      double x1 = tl_timeline_time_to_x (self, end);
      GdkRGBA band = with_alpha (*fg, i % 2 == 0 ? 0.12 : 0.2);

      if (x1 < 0 || x0 > width (self))
        continue;
      append_rect (snapshot, &band, x0, PERIODS_Y + 1, MAX (x1 - x0, 1), PERIOD_H - 2);
      draw_text (self, snapshot, tl_period_get_name (p), MAX (x0, 0) + 3, PERIODS_Y - 1,
                 x1 - MAX (x0, 0) - 6, &label);
    }
  for (guint i = 0; self->coverage != NULL && i < self->coverage->len; i++)
    {
      const TlTimeRange *r = &g_array_index (self->coverage, TlTimeRange, i);
      double x0 = tl_timeline_time_to_x (self, r->start_ns);
      double x1 = tl_timeline_time_to_x (self, r->end_ns);

      append_rect (snapshot, &covered, x0, COVERAGE_Y, MAX (x1 - x0, 1), COVERAGE_H - 1);
    }
}

static void
draw_diamond (GtkSnapshot   *snapshot,
              const GdkRGBA *color,
              double         x,
              double         y,
              double         half)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
  gtk_snapshot_rotate (snapshot, 45);
  append_rect (snapshot, color, -half * 0.75, -half * 0.75, half * 1.5, half * 1.5);
  gtk_snapshot_restore (snapshot);
}

static void
draw_keyframes (TlTimeline  *self,
                GtkSnapshot *snapshot,
                GdkRGBA     *fg,
                GdkRGBA     *accent)
{
  double y = KEYFRAMES_Y + KEYFRAME_H / 2.0;

  for (guint i = 0; i < self->keyframes->len; i++)
    {
      const TlCameraKeyframe *k = &g_array_index (self->keyframes, TlCameraKeyframe, i);
      gint64 t = self->drag == DRAG_KEYFRAME && k->id == self->drag_keyframe && self->drag_moved
                 ? self->drag_time : k->time_ns;
      double x = tl_timeline_time_to_x (self, t);

      if (x < -KEYFRAME_HALF || x > width (self) + KEYFRAME_HALF)
        continue;
      if (k->id == self->selected_keyframe)
        draw_diamond (snapshot, fg, x, y, KEYFRAME_HALF + 2);
      draw_diamond (snapshot, accent, x, y, KEYFRAME_HALF);
    }
}

static void
draw_events (TlTimeline  *self,
             GtkSnapshot *snapshot,
             GdkRGBA     *fg)
{
  GdkRGBA stripe = with_alpha (*fg, 0.04), label = with_alpha (*fg, 0.55);

  for (guint r = 0; r < n_rows (self); r++)
    {
      if (r % 2 == 1)
        append_rect (snapshot, &stripe, 0, ROWS_Y + r * ROW_H, width (self), ROW_H);
    }
  for (guint i = 0; i < self->markers->len; i++)
    {
      const Marker *m = &g_array_index (self->markers, Marker, i);
      double x0, x1, y = ROWS_Y + m->row * ROW_H;

      marker_extent (self, m, &x0, &x1);
      if (x1 < 0 || x0 > width (self))
        continue;
      if (m->item == self->selected)
        append_rect (snapshot, fg, x0 - 2, y + 1, x1 - x0 + 4, ROW_H - 2);
      append_rect (snapshot, &m->color, x0, y + 3, x1 - x0, ROW_H - 6);
    }
  for (guint r = 0; r < n_rows (self); r++)
    draw_text (self, snapshot, g_ptr_array_index (self->codes, r), 4, ROWS_Y + r * ROW_H - 1,
               120, &label);
}

static void
tl_timeline_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  TlTimeline *self = TL_TIMELINE (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkRGBA fg, accent, playhead;
  double h = gtk_widget_get_height (widget);

  gtk_style_context_get_color (style, &fg);
  if (!gtk_style_context_lookup_color (style, "accent_bg_color", &accent))
    gdk_rgba_parse (&accent, "#3584e4");
  gdk_rgba_parse (&playhead, "#e01b24");

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) width (self), (float) h));
  draw_ruler (self, snapshot, &fg);
  draw_thumbs (self, snapshot, &fg);
  draw_periods (self, snapshot, &fg, &accent);
  draw_keyframes (self, snapshot, &fg, &accent);
  draw_events (self, snapshot, &fg);
  if (self->duration > 0)
    {
      double x = tl_timeline_time_to_x (self, self->position);

      append_rect (snapshot, &playhead, round (x) - 1, 0, 2, h);
      draw_diamond (snapshot, &playhead, round (x), 3, 5);
    }
  /* Keyboard focus (Tab): its keys zoom and delete keyframes, so show where it is. */
  if (gtk_widget_has_visible_focus (widget))
    {
      GskRoundedRect outline;
      float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA colors[4] = { accent, accent, accent, accent };

      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, 0, (float) width (self),
                                                                      (float) h), 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
  gtk_snapshot_pop (snapshot);
}

static void
tl_timeline_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  TlTimeline *self = TL_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 600;
    }
  else
    *minimum = *natural = ROWS_Y + (int) n_rows (self) * ROW_H + BOTTOM_PAD;
}

static void
tl_timeline_size_allocate (GtkWidget *widget,
                           int        w,
                           int        h,
                           int        baseline)
{
  TlTimeline *self = TL_TIMELINE (widget);

  gtk_popover_present (GTK_POPOVER (self->keyframe_popover));
  queue_want_thumbs (self);
}

static void
tl_timeline_state_flags_changed (GtkWidget     *widget,
                                 GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (tl_timeline_parent_class)->state_flags_changed (widget, previous);
  /* The focus outline comes and goes with the focus. */
  gtk_widget_queue_draw (widget);
}

/* --- input --------------------------------------------------------------------------------- */

static void
seek (TlTimeline *self,
      gint64      time_ns,
      gboolean    accurate)
{
  time_ns = clamp_time (self, time_ns);
  self->position = time_ns;
  self->last_seek = time_ns;
  if (self->player != NULL && tl_player_get_path (self->player) != NULL)
    tl_player_seek (self->player, (GstClockTime) time_ns, accurate);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
scrub_settled (gpointer data)
{
  TlTimeline *self = data;

  self->settle_source = 0;
  seek (self, self->position, TRUE);
  return G_SOURCE_REMOVE;
}

/* Seeks while scrubbing: a new one only once the last has shown its frame (or after a while),
 * so that a quick drag does not pile up flushing seeks the decoder never finishes. Near the
 * last one they are accurate, far from it keyframe seeks; the exact frame follows anyway once
 * the pointer rests for SCRUB_SETTLE_MS. */
void
tl_timeline_scrub (TlTimeline *self,
                   gint64      time_ns)
{
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (TL_IS_TIMELINE (self));

  time_ns = clamp_time (self, time_ns);
  self->scrubbing = TRUE;
  if (self->scrub_busy && now - self->scrub_busy_since < 250 * G_TIME_SPAN_MILLISECOND)
    self->scrub_next = time_ns;
  else if (llabs (time_ns - self->last_seek) >= span (self) / (gint64) width (self))
    {
      gboolean accurate = llabs (time_ns - self->last_seek) <= SCRUB_ACCURATE_WITHIN;

      self->scrub_busy = TRUE;
      self->scrub_busy_since = now;
      self->scrub_next = -1;
      seek (self, time_ns, accurate);
    }
  self->position = time_ns;
  g_clear_handle_id (&self->settle_source, g_source_remove);
  self->settle_source = g_timeout_add (SCRUB_SETTLE_MS, scrub_settled, self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
tl_timeline_scrub_end (TlTimeline *self,
                       gint64      time_ns)
{
  g_return_if_fail (TL_IS_TIMELINE (self));

  self->scrubbing = FALSE;
  self->scrub_busy = FALSE;
  self->scrub_next = -1;
  g_clear_handle_id (&self->settle_source, g_source_remove);
  seek (self, time_ns, TRUE);
}

/* A frame from the player: the last scrub seek is done. */
static void
scrub_frame_arrived (TlTimeline *self)
{
  gint64 next = self->scrub_next;

  if (!self->scrub_busy)
    return;
  self->scrub_busy = FALSE;
  self->scrub_next = -1;
  if (self->scrubbing && next >= 0)
    tl_timeline_scrub (self, next);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               TlTimeline     *self)
{
  GObject *event;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_x = x;
  self->drag_y = y;
  self->drag_moved = FALSE;
  if ((self->drag_keyframe = tl_timeline_keyframe_at (self, x, y)) != 0)
    {
      self->drag = DRAG_KEYFRAME;
      self->selected_keyframe = self->drag_keyframe;
      self->drag_time = tl_timeline_x_to_time (self, x);
    }
  else if ((event = tl_timeline_event_at (self, x, y)) != NULL)
    {
      self->drag = DRAG_EVENT;
      tl_timeline_select_event (self, event);
    }
  else
    {
      /* A press on the ruler or the strip already shows that moment. */
      self->drag = DRAG_SCRUB;
      self->selected_keyframe = 0;
      tl_timeline_scrub (self, tl_timeline_x_to_time (self, x));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                TlTimeline     *self)
{
  gint64 t = clamp_time (self, tl_timeline_x_to_time (self, self->drag_x + dx));

  if (fabs (dx) >= 3)
    self->drag_moved = TRUE;
  switch (self->drag)
    {
    case DRAG_SCRUB:
      tl_timeline_scrub (self, t);
      break;
    case DRAG_KEYFRAME:
      self->drag_time = t;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    case DRAG_EVENT:
    case DRAG_NONE:
    default:
      break;
    }
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             TlTimeline     *self)
{
  DragKind kind = self->drag;
  gint64 t = clamp_time (self, tl_timeline_x_to_time (self, self->drag_x + dx));

  self->drag = DRAG_NONE;
  g_clear_handle_id (&self->settle_source, g_source_remove);
  switch (kind)
    {
    case DRAG_SCRUB:
      tl_timeline_scrub_end (self, t);
      break;
    case DRAG_KEYFRAME:
      if (self->drag_moved && self->camera_path != NULL)
        {
          g_autoptr(GError) error = NULL;

          if (!tl_camera_path_move_keyframe (self->camera_path, self->drag_keyframe, t, &error))
            g_debug ("keyframe not moved: %s", error->message);
        }
      else
        for (guint i = 0; i < self->keyframes->len; i++)
          if (g_array_index (self->keyframes, TlCameraKeyframe, i).id == self->drag_keyframe)
            seek (self, g_array_index (self->keyframes, TlCameraKeyframe, i).time_ns, TRUE);
      break;
    case DRAG_EVENT:
      if (self->selected != NULL)
        {
          gint64 start;

          g_object_get (self->selected, "start-ns", &start, NULL);
          seek (self, start, TRUE);
        }
      break;
    case DRAG_NONE:
    default:
      break;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_secondary_pressed (GtkGestureClick *click,
                      int              n_press,
                      double           x,
                      double           y,
                      TlTimeline      *self)
{
  gint64 id = tl_timeline_keyframe_at (self, x, y);

  if (id == 0)
    return;
  self->menu_keyframe = id;
  self->selected_keyframe = id;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->keyframe_popover),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->keyframe_popover));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           TlTimeline               *self)
{
  self->pointer_x = x;
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           TlTimeline               *self)
{
  GdkModifierType state;

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));

  if ((state & GDK_SHIFT_MASK) != 0 && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  if (dx != 0)
    apply_view (self, self->view_start + (gint64) (dx * 40 * span (self) / width (self)),
                span (self));
  if (dy != 0)
    tl_timeline_zoom (self, pow (SCROLL_ZOOM, -dy), self->pointer_x);
  return TRUE;
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               TlTimeline       *self)
{
  double x, y;

  self->zoom_span = (double) span (self);
  gtk_gesture_get_bounding_box_center (gesture, &x, &y);
  self->zoom_anchor = tl_timeline_x_to_time (self, x);
}

static void
on_zoom_scale_changed (GtkGestureZoom *gesture,
                       double          scale,
                       TlTimeline     *self)
{
  double x, y;
  gint64 new_span;

  if (scale <= 0 || !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  new_span = (gint64) (self->zoom_span / scale);
  apply_view (self, self->zoom_anchor - (gint64) (x / width (self) * new_span), new_span);
}

static void
delete_keyframe (TlTimeline *self,
                 gint64      id)
{
  g_autoptr(GError) error = NULL;

  if (self->camera_path != NULL && id != 0
      && !tl_camera_path_delete_keyframe (self->camera_path, id, &error))
    g_debug ("keyframe not deleted: %s", error->message);
  if (id == self->selected_keyframe)
    self->selected_keyframe = 0;
}

static gboolean
on_key_pressed (GtkEventControllerKey *keys,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                TlTimeline            *self)
{
  double centre = tl_timeline_time_to_x (self, self->position);

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  /* Zoom about the playhead when it is in sight, else about the middle. */
  if (centre < 0 || centre > width (self))
    centre = width (self) / 2;
  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      tl_timeline_zoom (self, KEY_ZOOM, centre);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      tl_timeline_zoom (self, 1 / KEY_ZOOM, centre);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      tl_timeline_zoom_fit (self);
      return TRUE;
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
      if (self->selected_keyframe == 0)
        return FALSE;
      delete_keyframe (self, self->selected_keyframe);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
delete_keyframe_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  TlTimeline *self = TL_TIMELINE (widget);

  delete_keyframe (self, self->menu_keyframe);
}

static void
goto_keyframe_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  TlTimeline *self = TL_TIMELINE (widget);

  for (guint i = 0; i < self->keyframes->len; i++)
    if (g_array_index (self->keyframes, TlCameraKeyframe, i).id == self->menu_keyframe)
      seek (self, g_array_index (self->keyframes, TlCameraKeyframe, i).time_ns, TRUE);
}

static gboolean
on_query_tooltip (TlTimeline *self,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  GObject *event;
  g_autofree char *text = NULL;

  if ((event = tl_timeline_event_at (self, x, y)) != NULL)
    {
      g_autofree char *code = NULL;
      g_autofree char *from = NULL;
      gint64 start, end;

      g_object_get (event, "start-ns", &start, "end-ns", &end, "code", &code, NULL);
      from = tl_format_duration (start);
      /* Translators: an event's code and start time on the timeline, e.g. "Shot at 12:05" */
      text = g_strdup_printf (_("%s at %s"), code, from);
    }
  else if (tl_timeline_keyframe_at (self, x, y) != 0)
    text = g_strdup (_("Camera keyframe: drag to move, right-click or Delete to remove"));
  else if (y < PERIODS_Y)
    text = tl_format_duration (tl_timeline_x_to_time (self, x));
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* --- GObject ------------------------------------------------------------------------------- */

static void
tl_timeline_dispose (GObject *object)
{
  TlTimeline *self = (TlTimeline *) object;

  g_clear_handle_id (&self->want_source, g_source_remove);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  g_clear_handle_id (&self->settle_source, g_source_remove);
  tl_timeline_set_player (self, NULL);
  tl_timeline_set_thumbnailer (self, NULL, 0);
  tl_timeline_set_events (self, NULL);
  tl_timeline_set_camera_path (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_TIMELINE);

  G_OBJECT_CLASS (tl_timeline_parent_class)->dispose (object);
}

static void
tl_timeline_finalize (GObject *object)
{
  TlTimeline *self = (TlTimeline *) object;

  g_hash_table_unref (self->textures);
  g_array_unref (self->markers);
  g_ptr_array_unref (self->codes);
  g_clear_pointer (&self->periods, g_ptr_array_unref);
  g_clear_pointer (&self->coverage, g_array_unref);
  g_clear_pointer (&self->keyframes, g_array_unref);

  G_OBJECT_CLASS (tl_timeline_parent_class)->finalize (object);
}

static void
tl_timeline_class_init (TlTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_timeline_dispose;
  object_class->finalize = tl_timeline_finalize;
  widget_class->snapshot = tl_timeline_snapshot;
  widget_class->measure = tl_timeline_measure;
  widget_class->size_allocate = tl_timeline_size_allocate;
  widget_class->state_flags_changed = tl_timeline_state_flags_changed;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/tl-timeline.ui");
  gtk_widget_class_bind_template_child (widget_class, TlTimeline, keyframe_popover);
  gtk_widget_class_install_action (widget_class, "timeline.delete-keyframe", NULL,
                                   delete_keyframe_action);
  gtk_widget_class_install_action (widget_class, "timeline.goto-keyframe", NULL,
                                   goto_keyframe_action);
  gtk_widget_class_set_css_name (widget_class, "timeline");
}

static void
tl_timeline_init (TlTimeline *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Timeline"), -1);

  self->textures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->markers = g_array_new (FALSE, FALSE, sizeof (Marker));
  self->codes = g_ptr_array_new_with_free_func (g_free);
  self->keyframes = g_array_new (FALSE, FALSE, sizeof (TlCameraKeyframe));
  self->duration = 0;

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_secondary_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
}

/* --- public API ---------------------------------------------------------------------------- */

GtkWidget *
tl_timeline_new (void)
{
  return g_object_new (TL_TYPE_TIMELINE, NULL);
}

static void
on_player_position (TlTimeline *self)
{
  /* The pointer owns the playhead while scrubbing. */
  if (!self->scrubbing)
    tl_timeline_set_position (self, tl_player_get_position (self->player));
  else
    scrub_frame_arrived (self);
}

static void
on_player_duration (TlTimeline *self)
{
  tl_timeline_set_duration (self, tl_player_get_duration (self->player));
}

void
tl_timeline_set_player (TlTimeline *self,
                        TlPlayer   *player)
{
  g_return_if_fail (TL_IS_TIMELINE (self));
  g_return_if_fail (player == NULL || TL_IS_PLAYER (player));

  if (self->player == player)
    return;
  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_set_object (&self->player, player);
  if (player != NULL)
    {
      g_signal_connect_swapped (player, "notify::position", G_CALLBACK (on_player_position),
                                self);
      g_signal_connect_swapped (player, "notify::duration", G_CALLBACK (on_player_duration),
                                self);
      on_player_duration (self);
      on_player_position (self);
    }
}

void
tl_timeline_set_duration (TlTimeline *self,
                          gint64      duration_ns)
{
  g_return_if_fail (TL_IS_TIMELINE (self));

  duration_ns = MAX (duration_ns, 0);
  if (self->duration == duration_ns)
    return;
  self->duration = duration_ns;
  apply_view (self, self->view_start, span (self));
}

gint64
tl_timeline_get_duration (TlTimeline *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), 0);
  return self->duration;
}

void
tl_timeline_set_position (TlTimeline *self,
                          gint64      position_ns)
{
  gint64 s;

  g_return_if_fail (TL_IS_TIMELINE (self));

  if (position_ns < 0)
    return;
  self->position = position_ns;
  /* Playing off the right edge (or jumping out of sight) pages the view. */
  s = span (self);
  if (position_ns < self->view_start || position_ns >= self->view_start + s)
    apply_view (self, position_ns - s / 10, s);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
tl_timeline_get_position (TlTimeline *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), 0);
  return self->position;
}

void
tl_timeline_set_thumbnailer (TlTimeline    *self,
                             TlThumbnailer *thumbnailer,
                             double         aspect)
{
  g_return_if_fail (TL_IS_TIMELINE (self));
  g_return_if_fail (thumbnailer == NULL || TL_IS_THUMBNAILER (thumbnailer));

  if (self->thumbnailer != NULL)
    g_signal_handlers_disconnect_by_data (self->thumbnailer, self);
  g_set_object (&self->thumbnailer, thumbnailer);
  self->aspect = aspect;
  g_hash_table_remove_all (self->textures);
  if (thumbnailer != NULL)
    g_signal_connect_swapped (thumbnailer, "ready", G_CALLBACK (on_thumbnail_ready), self);
  queue_want_thumbs (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
tl_timeline_set_events (TlTimeline *self,
                        GListModel *events)
{
  g_return_if_fail (TL_IS_TIMELINE (self));
  g_return_if_fail (events == NULL || G_IS_LIST_MODEL (events));

  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  g_set_object (&self->events, events);
  if (events != NULL)
    g_signal_connect_swapped (events, "items-changed", G_CALLBACK (queue_rebuild), self);
  /* Now, so that a caller sees the markers at once; edits later are batched. */
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  rebuild_markers (self);
}

void
tl_timeline_set_periods (TlTimeline *self,
                         GPtrArray  *periods)
{
  g_return_if_fail (TL_IS_TIMELINE (self));

  g_clear_pointer (&self->periods, g_ptr_array_unref);
  if (periods != NULL)
    {
      self->periods = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < periods->len; i++)
        g_ptr_array_add (self->periods, g_object_ref (g_ptr_array_index (periods, i)));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
tl_timeline_set_coverage (TlTimeline *self,
                          GArray     *ranges)
{
  g_return_if_fail (TL_IS_TIMELINE (self));

  g_clear_pointer (&self->coverage, g_array_unref);
  if (ranges != NULL)
    {
      self->coverage = g_array_sized_new (FALSE, FALSE, sizeof (TlTimeRange), ranges->len);
      g_array_append_vals (self->coverage, ranges->data, ranges->len);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
tl_timeline_set_camera_path (TlTimeline   *self,
                             TlCameraPath *path)
{
  g_return_if_fail (TL_IS_TIMELINE (self));
  g_return_if_fail (path == NULL || TL_IS_CAMERA_PATH (path));

  if (self->camera_path != NULL)
    g_signal_handlers_disconnect_by_data (self->camera_path, self);
  g_set_object (&self->camera_path, path);
  if (path != NULL)
    g_signal_connect_swapped (path, "changed", G_CALLBACK (reload_keyframes), self);
  self->selected_keyframe = 0;
  reload_keyframes (self);
}

GObject *
tl_timeline_get_selected_event (TlTimeline *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), NULL);
  return self->selected;
}

void
tl_timeline_select_event (TlTimeline *self,
                          GObject    *event)
{
  g_return_if_fail (TL_IS_TIMELINE (self));

  self->selected = event;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
tl_timeline_jump_event (TlTimeline *self,
                        int         direction)
{
  const Marker *best = NULL;
  /* A frame's slack: jumping from an event's start must reach the next one, not itself. */
  gint64 slack = GST_MSECOND * 20;

  g_return_val_if_fail (TL_IS_TIMELINE (self), FALSE);

  for (guint i = 0; i < self->markers->len; i++)
    {
      const Marker *m = &g_array_index (self->markers, Marker, i);

      if (direction > 0 && m->start_ns > self->position + slack
          && (best == NULL || m->start_ns < best->start_ns))
        best = m;
      else if (direction < 0 && m->start_ns < self->position - slack
               && (best == NULL || m->start_ns >= best->start_ns))
        best = m;
    }
  if (best == NULL)
    return FALSE;
  tl_timeline_select_event (self, best->item);
  seek (self, best->start_ns, TRUE);
  tl_timeline_set_position (self, best->start_ns);
  return TRUE;
}
