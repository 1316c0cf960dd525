/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-annotation-renderer.c: draws a match's drawings with cairo, in perspective, over video. */
#include "config.h"

#include <inttypes.h>

#include <math.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "tl-annotation-renderer.h"
#include "tl-match-annotations.h"
#include "tl-track-chunks.h"

/* Frames per cached window of track samples; a bound drawing of a few seconds needs a few. */
#define WINDOW_FRAMES   128
#define MAX_WINDOWS     8
/* How far a track's sample may be from the frame asked for and still stand for it. */
#define MAX_SAMPLE_GAP  6
/* Sampling of shapes before projection: on the ground in metres, in the image in pixels. */
#define PITCH_STEP_M    0.25
#define IMAGE_STEP_PX   6.0
#define MAX_SAMPLES     4096

struct _TlAnnotationRenderer
{
  GObject         parent_instance;

  TlStore        *store;
  gint64          match_id;
  TlCameraParams  source;
  gboolean        calibrated;
  TlCamera        camera;
  double          fps;
  GPtrArray      *stored;      /* TlAnnotation from the store */
  GListModel     *live;        /* when set, drawn instead of stored */
  GHashTable     *windows;     /* window index -> GArray of TlTrackSample */
  GQueue          window_order; /* oldest first, GINT_TO_POINTER (index) */
};

G_DEFINE_FINAL_TYPE (TlAnnotationRenderer, tl_annotation_renderer, G_TYPE_OBJECT)

typedef struct
{
  gint64          match_id;
  TlCameraParams *source;
  char           *calibration;
  double          fps;
  gboolean        found;
} MatchRow;

static gboolean
read_match (TlStore   *store,
            gpointer   user_data,
            GError   **error)
{
  MatchRow *row = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store,
                           "SELECT width, height, projection, hfov_deg, fps_num, fps_den,"
                           " calibration FROM matches WHERE id = ? AND trashed_at IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->match_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return tl_store_set_error (store, rc, error);

  row->found = TRUE;
  row->source->width = sqlite3_column_int (stmt, 0);
  row->source->height = sqlite3_column_int (stmt, 1);
  row->source->projection =
    g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "cylindrical") == 0
      ? TL_CAMERA_CYLINDRICAL : TL_CAMERA_PINHOLE;
  row->source->hfov = sqlite3_column_double (stmt, 3) * G_PI / 180.0;
  if (sqlite3_column_int (stmt, 5) > 0)
    row->fps = (double) sqlite3_column_int (stmt, 4) / sqlite3_column_int (stmt, 5);
  row->calibration = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  return TRUE;
}

TlAnnotationRenderer *
tl_annotation_renderer_new_for_store (TlStore  *store,
                                      gint64    match_id,
                                      GError  **error)
{
  g_autoptr(TlAnnotationRenderer) self = NULL;
  TlCameraParams source = { 0, };
  MatchRow row = { match_id, &source, NULL, 25.0, FALSE };

  g_return_val_if_fail (TL_IS_STORE (store), NULL);

  if (!tl_store_read (store, read_match, &row, error))
    return NULL;
  if (!row.found)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_NO_SUCH_MATCH,
                   _("No match %" PRId64 " in the library"), match_id);
      return NULL;
    }

  self = g_object_new (TL_TYPE_ANNOTATION_RENDERER, NULL);
  self->store = g_object_ref (store);
  self->match_id = match_id;
  self->source = source;
  self->fps = row.fps > 0 ? row.fps : 25.0;
  if (row.calibration != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      TlCameraParams params;

      /* A calibration that does not parse leaves the match uncalibrated: drawings in pitch
       * space are then not shown, but image-space ones still are. */
      if (tl_calibration_parse (row.calibration, &params, &local_error)
          && tl_camera_init (&self->camera, &params) == TL_CAMERA_OK)
        {
          self->calibrated = TRUE;
          self->source = params;
        }
      else
        g_debug ("Match %" G_GINT64_FORMAT ": calibration not used: %s", match_id,
                 local_error != NULL ? local_error->message : "invalid camera");
      g_free (row.calibration);
    }
  if (!tl_annotation_renderer_reload (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

TlAnnotationRenderer *
tl_annotation_renderer_new (TlLibrary  *library,
                            gint64      match_id,
                            GError    **error)
{
  g_return_val_if_fail (TL_IS_LIBRARY (library), NULL);
  return tl_annotation_renderer_new_for_store (tl_library_get_store (library), match_id, error);
}

gboolean
tl_annotation_renderer_reload (TlAnnotationRenderer  *self,
                               GError               **error)
{
  GPtrArray *stored;

  g_return_val_if_fail (TL_IS_ANNOTATION_RENDERER (self), FALSE);

  stored = tl_annotations_load (self->store, self->match_id, error);
  if (stored == NULL)
    return FALSE;
  g_clear_pointer (&self->stored, g_ptr_array_unref);
  self->stored = stored;
  return TRUE;
}

void
tl_annotation_renderer_set_annotations (TlAnnotationRenderer *self,
                                        GListModel           *annotations)
{
  g_return_if_fail (TL_IS_ANNOTATION_RENDERER (self));
  g_return_if_fail (annotations == NULL || G_IS_LIST_MODEL (annotations));

  g_set_object (&self->live, annotations);
}

void
tl_annotation_renderer_clear_tracks (TlAnnotationRenderer *self)
{
  g_return_if_fail (TL_IS_ANNOTATION_RENDERER (self));

  g_hash_table_remove_all (self->windows);
  g_queue_clear (&self->window_order);
}

const TlCameraParams *
tl_annotation_renderer_get_source (TlAnnotationRenderer *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION_RENDERER (self), NULL);
  return &self->source;
}

const TlCamera *
tl_annotation_renderer_get_camera (TlAnnotationRenderer *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION_RENDERER (self), NULL);
  return self->calibrated ? &self->camera : NULL;
}

TlAnnotationSpace
tl_annotation_renderer_get_default_space (TlAnnotationRenderer *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION_RENDERER (self), TL_ANNOTATION_SPACE_IMAGE);
  return self->calibrated ? TL_ANNOTATION_SPACE_PITCH : TL_ANNOTATION_SPACE_IMAGE;
}

double
tl_annotation_renderer_get_fps (TlAnnotationRenderer *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION_RENDERER (self), 25.0);
  return self->fps;
}

gint64
tl_annotation_renderer_get_match_id (TlAnnotationRenderer *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION_RENDERER (self), 0);
  return self->match_id;
}

/* ---- points ------------------------------------------------------------------------------ */

gboolean
tl_annotation_renderer_to_output (TlAnnotationRenderer  *self,
                                  TlAnnotationSpace      space,
                                  double                 x,
                                  double                 y,
                                  const TlVirtualCamera *view,
                                  int                    width,
                                  int                    height,
                                  double                *out_x,
                                  double                *out_y)
{
  double u = x, v = y;

  if (space == TL_ANNOTATION_SPACE_PITCH)
    {
      if (!self->calibrated || tl_camera_project (&self->camera, x, y, 0, &u, &v) < 0)
        return FALSE;
    }
  if (view != NULL)
    {
      TlCameraStatus status = tl_virtual_camera_unmap_pixel (view, &self->source, u, v,
                                                             out_x, out_y);
      return status >= 0;
    }
  *out_x = u * width / self->source.width;
  *out_y = v * height / self->source.height;
  return TRUE;
}

gboolean
tl_annotation_renderer_from_output (TlAnnotationRenderer  *self,
                                    TlAnnotationSpace      space,
                                    double                 out_x,
                                    double                 out_y,
                                    const TlVirtualCamera *view,
                                    int                    width,
                                    int                    height,
                                    double                *x,
                                    double                *y)
{
  double u, v;

  g_return_val_if_fail (TL_IS_ANNOTATION_RENDERER (self), FALSE);

  if (view != NULL)
    {
      if (tl_virtual_camera_map_pixel (view, &self->source, out_x, out_y, &u, &v) < 0)
        return FALSE;
    }
  else
    {
      u = out_x * self->source.width / width;
      v = out_y * self->source.height / height;
    }
  if (space == TL_ANNOTATION_SPACE_IMAGE)
    {
      *x = u;
      *y = v;
      return TRUE;
    }
  return self->calibrated
         && tl_camera_unproject_ground (&self->camera, u, v, x, y) == TL_CAMERA_OK;
}

/* ---- tracks ------------------------------------------------------------------------------ */

static GArray *
window_samples (TlAnnotationRenderer *self,
                gint64                index)
{
  g_autoptr(GError) error = NULL;
  GArray *samples = g_hash_table_lookup (self->windows, &index);
  gint64 *key;

  if (samples != NULL)
    return samples;

  samples = tl_track_chunks_query (self->store, self->match_id, index * WINDOW_FRAMES,
                                   (index + 1) * WINDOW_FRAMES - 1, &error);
  if (samples == NULL)
    {
      /* Drawn without the player then; the store said why. */
      g_warning ("Track samples of match %" G_GINT64_FORMAT ": %s", self->match_id,
                 error->message);
      samples = g_array_new (FALSE, FALSE, sizeof (TlTrackSample));
    }
  if (g_queue_get_length (&self->window_order) >= MAX_WINDOWS)
    {
      gint64 *oldest = g_queue_pop_head (&self->window_order);

      g_hash_table_remove (self->windows, oldest);
    }
  key = g_new (gint64, 1);
  *key = index;
  g_hash_table_insert (self->windows, key, samples);
  g_queue_push_tail (&self->window_order, key);
  return samples;
}

/* The sample of @track_no at @frame, or the nearest within MAX_SAMPLE_GAP frames. */
static gboolean
find_sample (TlAnnotationRenderer *self,
             guint32               track_no,
             gint64                frame,
             TlTrackSample        *out)
{
  for (gint64 gap = 0; gap <= MAX_SAMPLE_GAP; gap++)
    for (int sign = 0; sign < (gap == 0 ? 1 : 2); sign++)
      {
        gint64 f = sign == 0 ? frame - gap : frame + gap;
        GArray *samples;
        guint lo = 0, hi;

        if (f < 0)
          continue;
        samples = window_samples (self, f / WINDOW_FRAMES);
        hi = samples->len;
        /* Samples are in frame order: find the first of frame f. */
        while (lo < hi)
          {
            guint mid = (lo + hi) / 2;

            if (g_array_index (samples, TlTrackSample, mid).frame < f)
              lo = mid + 1;
            else
              hi = mid;
          }
        for (guint i = lo; i < samples->len; i++)
          {
            const TlTrackSample *s = &g_array_index (samples, TlTrackSample, i);

            if (s->frame != f)
              break;
            if (s->track_no == track_no)
              {
                *out = *s;
                return TRUE;
              }
          }
      }
  return FALSE;
}

static gint64
position_frame (TlAnnotationRenderer *self,
                gint64                position_ns)
{
  return (gint64) floor (position_ns * self->fps / 1e9 + 1e-6);
}

static gboolean
sample_position (TlAnnotationRenderer *self,
                 const TlTrackSample  *s,
                 TlAnnotationSpace     space,
                 double               *x,
                 double               *y)
{
  double u = s->x + s->w / 2.0, v = s->y + s->h;

  if (space == TL_ANNOTATION_SPACE_IMAGE)
    {
      *x = u;
      *y = v;
      return TRUE;
    }
  if (!self->calibrated)
    return FALSE;
  if (s->pitch_x_cm != TL_TRACK_PITCH_UNKNOWN && s->pitch_y_cm != TL_TRACK_PITCH_UNKNOWN
      && (s->pitch_x_cm != 0 || s->pitch_y_cm != 0))
    {
      *x = s->pitch_x_cm / 100.0;
      *y = s->pitch_y_cm / 100.0;
      return TRUE;
    }
  return tl_camera_unproject_ground (&self->camera, u, v, x, y) == TL_CAMERA_OK;
}

gboolean
tl_annotation_renderer_track_position (TlAnnotationRenderer *self,
                                       guint32               track_no,
                                       gint64                position_ns,
                                       TlAnnotationSpace     space,
                                       double               *x,
                                       double               *y)
{
  TlTrackSample s;

  g_return_val_if_fail (TL_IS_ANNOTATION_RENDERER (self), FALSE);

  return find_sample (self, track_no, position_frame (self, position_ns), &s)
         && sample_position (self, &s, space, x, y);
}

GArray *
tl_annotation_renderer_samples_at (TlAnnotationRenderer *self,
                                   gint64                position_ns)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (TlTrackSample));
  gint64 frame;
  GArray *samples;

  g_return_val_if_fail (TL_IS_ANNOTATION_RENDERER (self), out);

  frame = position_frame (self, position_ns);
  samples = window_samples (self, frame / WINDOW_FRAMES);
  for (guint i = 0; i < samples->len; i++)
    if (g_array_index (samples, TlTrackSample, i).frame == frame)
      g_array_append_val (out, g_array_index (samples, TlTrackSample, i));
  return out;
}

guint32
tl_annotation_renderer_pick_track (TlAnnotationRenderer  *self,
                                   gint64                 position_ns,
                                   const TlVirtualCamera *view,
                                   int                    width,
                                   int                    height,
                                   double                 out_x,
                                   double                 out_y,
                                   double                 radius)
{
  g_autoptr(GArray) samples = NULL;
  guint32 best = 0;
  double best_d2 = radius * radius;

  g_return_val_if_fail (TL_IS_ANNOTATION_RENDERER (self), 0);

  samples = tl_annotation_renderer_samples_at (self, position_ns);
  for (guint i = 0; i < samples->len; i++)
    {
      const TlTrackSample *s = &g_array_index (samples, TlTrackSample, i);
      double ox, oy, d2;

      if (s->klass != 1)
        continue;
      /* Feet or body: a click anywhere on the player's box counts, nearest feet win. */
      if (!tl_annotation_renderer_to_output (self, TL_ANNOTATION_SPACE_IMAGE,
                                             s->x + s->w / 2.0, s->y + s->h, view, width,
                                             height, &ox, &oy))
        continue;
      d2 = (ox - out_x) * (ox - out_x) + (oy - out_y) * (oy - out_y);
      if (d2 <= best_d2)
        {
          best_d2 = d2;
          best = s->track_no;
        }
    }
  return best;
}

/* ---- drawing ----------------------------------------------------------------------------- */

typedef struct
{
  TlAnnotationRenderer  *self;
  cairo_t               *cr;
  const TlVirtualCamera *view;
  int                    width, height;
  double                 scale;         /* output height / reference height */
  gint64                 position_ns;
  TlAnnotation          *annotation;
  TlAnnotationSpace      space;
  double                 r, g, b, opacity, line_width;
  gboolean               solid;         /* ignore the dash style (arrowheads) */
  /* Hit testing instead of painting. */
  gboolean               hit_mode;
  double                 hit_x, hit_y, tolerance;
  gboolean               hit;
} Ctx;

static gboolean
map (Ctx    *ctx,
     double  x,
     double  y,
     double *ox,
     double *oy)
{
  return tl_annotation_renderer_to_output (ctx->self, ctx->space, x, y, ctx->view, ctx->width,
                                           ctx->height, ox, oy);
}

/* Marks the points of @p[first..last] that a polyline within SIMPLIFY_PX of all of them keeps
 * (Douglas-Peucker): a densely sampled ground line has hundreds of points on a nearly straight
 * screen line, and every point costs cairo a join when stroking. */
#define SIMPLIFY_PX 0.2

static void
simplify (const TlAnnotationPoint *p,
          guint                    first,
          guint                    last,
          gboolean                *keep)
{
  double dx = p[last].x - p[first].x, dy = p[last].y - p[first].y;
  double len = hypot (dx, dy), worst = 0;
  guint worst_i = first;

  for (guint i = first + 1; i < last; i++)
    {
      double d = len > 1e-9 ? fabs ((p[i].x - p[first].x) * dy - (p[i].y - p[first].y) * dx) / len
                            : hypot (p[i].x - p[first].x, p[i].y - p[first].y);

      if (d > worst)
        {
          worst = d;
          worst_i = i;
        }
    }
  if (worst <= SIMPLIFY_PX)
    return;
  keep[worst_i] = TRUE;
  simplify (p, first, worst_i, keep);
  simplify (p, worst_i, last, keep);
}

/* Adds one unbroken run of output points to the current path. */
static void
emit_run (Ctx    *ctx,
          GArray *run,
          gboolean closed)
{
  const TlAnnotationPoint *p = (const TlAnnotationPoint *) run->data;
  g_autofree gboolean *keep = NULL;

  if (run->len == 0)
    return;
  keep = g_new0 (gboolean, run->len);
  keep[0] = keep[run->len - 1] = TRUE;
  if (run->len > 2)
    simplify (p, 0, run->len - 1, keep);
  cairo_move_to (ctx->cr, p[0].x, p[0].y);
  for (guint i = 1; i < run->len; i++)
    if (keep[i])
      cairo_line_to (ctx->cr, p[i].x, p[i].y);
  if (closed)
    cairo_close_path (ctx->cr);
  g_array_set_size (run, 0);
}

/* Adds to the current path the polyline through @points (in the drawing's space), sampled
 * densely in that space so that straight lines on the ground bend as the lens bends them; a
 * piece that cannot be shown breaks the line. */
static void
path_polyline (Ctx                     *ctx,
               const TlAnnotationPoint *points,
               guint                    n,
               gboolean                 closed)
{
  g_autoptr(GArray) run = g_array_new (FALSE, FALSE, sizeof (TlAnnotationPoint));
  double step = ctx->space == TL_ANNOTATION_SPACE_PITCH ? PITCH_STEP_M : IMAGE_STEP_PX;
  double total = 0;
  gboolean broken = FALSE;
  guint n_segments = closed ? n : n - 1;

  if (n == 0)
    return;
  for (guint i = 0; i < n_segments; i++)
    {
      const TlAnnotationPoint *a = &points[i], *b = &points[(i + 1) % n];

      total += hypot (b->x - a->x, b->y - a->y);
    }
  if (total / step > MAX_SAMPLES)
    step = total / MAX_SAMPLES;

  for (guint i = 0; i <= n_segments; i++)
    {
      const TlAnnotationPoint *a = &points[i % n];
      const TlAnnotationPoint *b = &points[(i + 1) % n];
      int steps = i == n_segments ? 1 : MAX (1, (int) ceil (hypot (b->x - a->x,
                                                                     b->y - a->y) / step));

      for (int k = 0; k < steps; k++)
        {
          double t = (double) k / steps;
          TlAnnotationPoint q;

          if (i == n_segments && k > 0)
            break;
          if (map (ctx, a->x + t * (b->x - a->x), a->y + t * (b->y - a->y), &q.x, &q.y))
            g_array_append_val (run, q);
          else
            {
              emit_run (ctx, run, FALSE);
              broken = TRUE;
            }
        }
    }
  emit_run (ctx, run, closed && !broken);
}

/* The drawing's points as a sampled curve: an arrow through a middle point becomes the
 * quadratic Bézier that passes through it. (transfer full) */
static GArray *
curve_points (const TlAnnotationPoint *p,
              guint                    n)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (TlAnnotationPoint));
  TlAnnotationPoint c;

  if (n != 3)
    {
      g_array_append_vals (out, p, n);
      return out;
    }
  c.x = 2 * p[1].x - (p[0].x + p[2].x) / 2;
  c.y = 2 * p[1].y - (p[0].y + p[2].y) / 2;
  for (int k = 0; k <= 64; k++)
    {
      double t = k / 64.0, s = 1 - t;
      TlAnnotationPoint q = {
        s * s * p[0].x + 2 * s * t * c.x + t * t * p[2].x,
        s * s * p[0].y + 2 * s * t * c.y + t * t * p[2].y,
      };

      g_array_append_val (out, q);
    }
  return out;
}

static void
ellipse_points (GArray *out,
                double  cx,
                double  cy,
                double  rx,
                double  ry)
{
  for (int k = 0; k < 96; k++)
    {
      double a = 2 * G_PI * k / 96;
      TlAnnotationPoint q = { cx + rx * cos (a), cy + ry * sin (a) };

      g_array_append_val (out, q);
    }
}

/* Paints the current path: soft shadow, translucent fill when @fill_alpha > 0, then the line
 * (when @stroke). In hit mode tests the point against it instead. Clears the path. */
static void
paint_path (Ctx      *ctx,
            double    fill_alpha,
            gboolean  stroke)
{
  cairo_t *cr = ctx->cr;
  cairo_path_t *path;
  double off = 1.6 * ctx->scale;

  if (ctx->hit_mode)
    {
      cairo_set_line_width (cr, ctx->line_width + 2 * ctx->tolerance);
      if ((fill_alpha > 0 && cairo_in_fill (cr, ctx->hit_x, ctx->hit_y))
          || cairo_in_stroke (cr, ctx->hit_x, ctx->hit_y))
        ctx->hit = TRUE;
      cairo_new_path (cr);
      return;
    }

  path = cairo_copy_path (cr);
  cairo_new_path (cr);
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (tl_annotation_get_dash (ctx->annotation) && stroke && !ctx->solid)
    {
      double d[2] = { ctx->line_width * 2.6 + 4 * ctx->scale,
                      ctx->line_width * 2.2 + 6 * ctx->scale };

      cairo_set_dash (cr, d, 2, 0);
    }

  /* Shadow: one soft pass below and right of the line, a little wider, so it reads on bright
   * grass and on white lines alike without a hard outline. Fills cast none: a translucent
   * area over its own shadow would only look dirty. */
  if (stroke)
    {
      cairo_save (cr);
      cairo_translate (cr, off * 0.5, off);
      cairo_append_path (cr, path);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.35 * ctx->opacity);
      cairo_set_line_width (cr, ctx->line_width + 2.0 * ctx->scale);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  cairo_append_path (cr, path);
  if (fill_alpha > 0)
    {
      cairo_set_source_rgba (cr, ctx->r, ctx->g, ctx->b, fill_alpha * ctx->opacity);
      cairo_fill_preserve (cr);
    }
  if (stroke)
    {
      cairo_set_source_rgba (cr, ctx->r, ctx->g, ctx->b, ctx->opacity);
      cairo_set_line_width (cr, ctx->line_width);
      cairo_stroke_preserve (cr);
    }
  cairo_new_path (cr);
  cairo_restore (cr);
  cairo_path_destroy (path);
}

/* The last two distinct points of the current path, for an arrowhead. */
static gboolean
path_tail (cairo_t *cr,
           double   back,
           double  *tip_x,
           double  *tip_y,
           double  *dir_x,
           double  *dir_y)
{
  cairo_path_t *path = cairo_copy_path_flat (cr);
  GArray *pts = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  gboolean ok = FALSE;

  for (int i = 0; i < path->num_data; i += path->data[i].header.length)
    {
      cairo_path_data_t *d = &path->data[i];

      if (d->header.type == CAIRO_PATH_MOVE_TO)
        g_array_set_size (pts, 0);
      if (d->header.type == CAIRO_PATH_MOVE_TO || d->header.type == CAIRO_PATH_LINE_TO)
        {
          double p[2] = { d[1].point.x, d[1].point.y };

          g_array_append_val (pts, p);
        }
    }
  if (pts->len >= 2)
    {
      double *tip = (double *) pts->data + 2 * (pts->len - 1);
      double walked = 0;

      *tip_x = tip[0];
      *tip_y = tip[1];
      /* Direction from a point about @back pixels up the line: smooth on dense curves. */
      for (int i = (int) pts->len - 2; i >= 0; i--)
        {
          double *p = (double *) pts->data + 2 * i;
          double *q = (double *) pts->data + 2 * (i + 1);

          walked += hypot (q[0] - p[0], q[1] - p[1]);
          *dir_x = tip[0] - p[0];
          *dir_y = tip[1] - p[1];
          if (walked >= back)
            break;
        }
      ok = hypot (*dir_x, *dir_y) > 1e-6;
    }
  g_array_unref (pts);
  cairo_path_destroy (path);
  return ok;
}

static void
draw_line_shape (Ctx                     *ctx,
                 const TlAnnotationPoint *points,
                 guint                    n,
                 gboolean                 arrow)
{
  g_autoptr(GArray) curve = NULL;
  double tip_x = 0, tip_y = 0, dx = 0, dy = 0, len, head;
  gboolean has_tail;

  if (n == 3 && !tl_annotation_get_curved (ctx->annotation))
    {
      /* A through-point kept from a curved arrow made straight again: ignore it. */
      TlAnnotationPoint ends[2] = { points[0], points[2] };

      curve = curve_points (ends, 2);
    }
  else
    curve = curve_points (points, n);
  path_polyline (ctx, (TlAnnotationPoint *) curve->data, curve->len, FALSE);
  if (!arrow)
    {
      paint_path (ctx, 0, TRUE);
      return;
    }

  head = (12.0 + 3.2 * ctx->line_width / ctx->scale) * ctx->scale;
  has_tail = path_tail (ctx->cr, head, &tip_x, &tip_y, &dx, &dy);
  paint_path (ctx, 0, TRUE);
  if (!has_tail)
    return;

  /* The head is drawn in output pixels: a ground-plane head far away would shrink to nothing. */
  len = hypot (dx, dy);
  dx /= len;
  dy /= len;
  cairo_move_to (ctx->cr, tip_x + dx * head * 0.25, tip_y + dy * head * 0.25);
  cairo_line_to (ctx->cr, tip_x - dx * head * 0.75 - dy * head * 0.5,
                 tip_y - dy * head * 0.75 + dx * head * 0.5);
  cairo_line_to (ctx->cr, tip_x - dx * head * 0.5, tip_y - dy * head * 0.5);
  cairo_line_to (ctx->cr, tip_x - dx * head * 0.75 + dy * head * 0.5,
                 tip_y - dy * head * 0.75 - dx * head * 0.5);
  cairo_close_path (ctx->cr);
  {
    double saved = ctx->line_width;

    /* A solid head even on a dashed arrow, with a thin outline to round its corners. */
    ctx->solid = TRUE;
    ctx->line_width = MAX (1.0, saved * 0.4);
    paint_path (ctx, 1.0, TRUE);
    ctx->line_width = saved;
    ctx->solid = FALSE;
  }
}

static void
draw_ellipse_shape (Ctx                     *ctx,
                    const TlAnnotationPoint *p)
{
  g_autoptr(GArray) ring = g_array_new (FALSE, FALSE, sizeof (TlAnnotationPoint));

  ellipse_points (ring, p[0].x, p[0].y, fabs (p[1].x - p[0].x), fabs (p[1].y - p[0].y));
  path_polyline (ctx, (TlAnnotationPoint *) ring->data, ring->len, TRUE);
  paint_path (ctx, tl_annotation_get_fill (ctx->annotation) ? 0.3 : 0, TRUE);
}

static void
draw_rect_shape (Ctx                     *ctx,
                 const TlAnnotationPoint *p)
{
  TlAnnotationPoint corners[4] = {
    { p[0].x, p[0].y }, { p[1].x, p[0].y }, { p[1].x, p[1].y }, { p[0].x, p[1].y },
  };

  path_polyline (ctx, corners, 4, TRUE);
  paint_path (ctx, tl_annotation_get_fill (ctx->annotation) ? 0.3 : 0, TRUE);
}

static PangoLayout *
label_layout (Ctx        *ctx,
              const char *text,
              double      size_px)
{
  PangoLayout *layout = pango_cairo_create_layout (ctx->cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans Bold");

  pango_font_description_set_absolute_size (font, size_px * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (font);
  return layout;
}

/* A label box with its bottom centre at (@x, @y): the colour as background, text in black or
 * white, whichever reads better on it. */
static void
draw_label (Ctx        *ctx,
            const char *text,
            double      x,
            double      y,
            double      size_px)
{
  g_autoptr(PangoLayout) layout = label_layout (ctx, text, size_px);
  PangoRectangle ink, logical;
  double pad = size_px * 0.35, w, h, left, top, radius;
  double luma = 0.2126 * ctx->r + 0.7152 * ctx->g + 0.0722 * ctx->b;

  pango_layout_get_pixel_extents (layout, &ink, &logical);
  w = logical.width + 2 * pad;
  h = logical.height + pad;
  left = x - w / 2;
  top = y - h;
  radius = MIN (h / 2, 6 * ctx->scale);

  cairo_new_sub_path (ctx->cr);
  cairo_arc (ctx->cr, left + w - radius, top + radius, radius, -G_PI / 2, 0);
  cairo_arc (ctx->cr, left + w - radius, top + h - radius, radius, 0, G_PI / 2);
  cairo_arc (ctx->cr, left + radius, top + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (ctx->cr, left + radius, top + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (ctx->cr);
  if (ctx->hit_mode)
    {
      paint_path (ctx, 1.0, FALSE);
      return;
    }
  {
    double saved = ctx->opacity;

    ctx->opacity = saved * 0.9;
    paint_path (ctx, 1.0, FALSE);
    ctx->opacity = saved;
  }
  cairo_save (ctx->cr);
  if (luma > 0.55)
    cairo_set_source_rgba (ctx->cr, 0.08, 0.08, 0.08, ctx->opacity);
  else
    cairo_set_source_rgba (ctx->cr, 1, 1, 1, ctx->opacity);
  cairo_move_to (ctx->cr, left + pad, top + pad / 2);
  pango_cairo_show_layout (ctx->cr, layout);
  cairo_restore (ctx->cr);
}

static void
draw_marker (Ctx    *ctx,
             double  x,
             double  y,
             int     number)
{
  double radius = 15 * ctx->scale + ctx->line_width;
  g_autofree char *text = g_strdup_printf ("%d", number);
  g_autoptr(PangoLayout) layout = NULL;
  PangoRectangle ink, logical;
  double luma = 0.2126 * ctx->r + 0.7152 * ctx->g + 0.0722 * ctx->b;

  cairo_arc (ctx->cr, x, y, radius, 0, 2 * G_PI);
  if (ctx->hit_mode)
    {
      paint_path (ctx, 1.0, FALSE);
      return;
    }
  paint_path (ctx, 1.0, FALSE);
  /* A white rim separates the disc from any background. */
  cairo_save (ctx->cr);
  cairo_arc (ctx->cr, x, y, radius, 0, 2 * G_PI);
  cairo_set_source_rgba (ctx->cr, 1, 1, 1, 0.9 * ctx->opacity);
  cairo_set_line_width (ctx->cr, 2 * ctx->scale);
  cairo_stroke (ctx->cr);
  layout = label_layout (ctx, text, radius * 1.1);
  pango_layout_get_pixel_extents (layout, &ink, &logical);
  if (luma > 0.55)
    cairo_set_source_rgba (ctx->cr, 0.08, 0.08, 0.08, ctx->opacity);
  else
    cairo_set_source_rgba (ctx->cr, 1, 1, 1, ctx->opacity);
  cairo_move_to (ctx->cr, x - ink.x - ink.width / 2.0, y - ink.y - ink.height / 2.0);
  pango_cairo_show_layout (ctx->cr, layout);
  cairo_restore (ctx->cr);
}

/* Where a bound drawing's @i-th player stands now, in the drawing's space; falls back on the
 * stored point when the track has no sample. */
static gboolean
bound_point (Ctx               *ctx,
             guint              i,
             TlAnnotationPoint *out)
{
  guint n_tracks, n_points;
  const guint32 *tracks = tl_annotation_get_tracks (ctx->annotation, &n_tracks);
  const TlAnnotationPoint *points = tl_annotation_get_points (ctx->annotation, &n_points);

  if (i < n_tracks
      && tl_annotation_renderer_track_position (ctx->self, tracks[i], ctx->position_ns,
                                                ctx->space, &out->x, &out->y))
    return TRUE;
  if (i < n_points)
    {
      *out = points[i];
      return TRUE;
    }
  return FALSE;
}

static void
draw_spotlight (Ctx *ctx)
{
  g_autoptr(GArray) ring = g_array_new (FALSE, FALSE, sizeof (TlAnnotationPoint));
  TlAnnotationPoint at;
  double radius = tl_annotation_get_radius (ctx->annotation);
  double ox, oy, lx, ly;
  const char *name = tl_annotation_get_text (ctx->annotation);

  if (!bound_point (ctx, 0, &at))
    return;
  if (radius <= 0)
    radius = ctx->space == TL_ANNOTATION_SPACE_PITCH ? TL_ANNOTATION_SPOTLIGHT_RADIUS : 40;

  /* On the ground a circle; in the image an ellipse flattened as a ground circle would be. */
  ellipse_points (ring, at.x, at.y, radius,
                  ctx->space == TL_ANNOTATION_SPACE_PITCH ? radius : radius * 0.35);
  path_polyline (ctx, (TlAnnotationPoint *) ring->data, ring->len, TRUE);
  paint_path (ctx, 0.28, TRUE);

  if (name == NULL || !map (ctx, at.x, at.y, &ox, &oy))
    return;
  /* The name above the player's head: 2.1 m up when calibrated. */
  lx = ox;
  ly = oy - 90 * ctx->scale;
  if (ctx->space == TL_ANNOTATION_SPACE_PITCH)
    {
      double u, v, hx, hy;

      if (tl_camera_project (&ctx->self->camera, at.x, at.y, 2.1, &u, &v) >= 0
          && tl_annotation_renderer_to_output (ctx->self, TL_ANNOTATION_SPACE_IMAGE, u, v,
                                               ctx->view, ctx->width, ctx->height, &hx, &hy))
        {
          lx = hx;
          ly = hy - 4 * ctx->scale;
        }
    }
  draw_label (ctx, name, lx, ly, 16 * ctx->scale);
}

static void
draw_link (Ctx *ctx)
{
  g_autoptr(GArray) at = g_array_new (FALSE, FALSE, sizeof (TlAnnotationPoint));
  guint n_tracks, n_points;

  tl_annotation_get_tracks (ctx->annotation, &n_tracks);
  tl_annotation_get_points (ctx->annotation, &n_points);
  for (guint i = 0; i < MAX (n_tracks, n_points); i++)
    {
      TlAnnotationPoint p;

      if (bound_point (ctx, i, &p))
        g_array_append_val (at, p);
    }
  if (at->len < 2)
    return;
  path_polyline (ctx, (TlAnnotationPoint *) at->data, at->len, FALSE);
  paint_path (ctx, 0, TRUE);
  /* A dot at each player so the line reads as joining people. */
  for (guint i = 0; i < at->len; i++)
    {
      TlAnnotationPoint *p = &g_array_index (at, TlAnnotationPoint, i);
      double ox, oy;

      if (!map (ctx, p->x, p->y, &ox, &oy))
        continue;
      cairo_arc (ctx->cr, ox, oy, ctx->line_width * 1.2 + 3 * ctx->scale, 0, 2 * G_PI);
      paint_path (ctx, 1.0, FALSE);
    }
}

static void
draw_magnifier (Ctx    *ctx,
                double  x,
                double  y)
{
  cairo_t *cr = ctx->cr;
  cairo_surface_t *target = cairo_get_target (cr);
  double radius = tl_annotation_get_radius (ctx->annotation) * ctx->scale;
  double zoom = tl_annotation_get_zoom (ctx->annotation);

  if (radius <= 0)
    radius = 90 * ctx->scale;
  if (!ctx->hit_mode && cairo_surface_get_type (target) == CAIRO_SURFACE_TYPE_IMAGE)
    {
      double dx = x, dy = y, dr = radius, unused = 0;
      cairo_surface_t *copy;
      cairo_t *copy_cr;
      int x0, y0, size;

      /* Copy what lies under the lens first: cairo cannot read and write one surface. */
      cairo_user_to_device (cr, &dx, &dy);
      cairo_user_to_device_distance (cr, &dr, &unused);
      x0 = (int) floor (dx - dr);
      y0 = (int) floor (dy - dr);
      size = (int) ceil (2 * dr) + 2;
      cairo_surface_flush (target);
      copy = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
      copy_cr = cairo_create (copy);
      cairo_set_source_surface (copy_cr, target, -x0, -y0);
      cairo_paint (copy_cr);
      cairo_destroy (copy_cr);

      cairo_save (cr);
      cairo_identity_matrix (cr);
      cairo_arc (cr, dx, dy, dr, 0, 2 * G_PI);
      cairo_clip (cr);
      cairo_translate (cr, dx, dy);
      cairo_scale (cr, zoom, zoom);
      cairo_translate (cr, -dx, -dy);
      cairo_set_source_surface (cr, copy, x0, y0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_surface_destroy (copy);
    }
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  paint_path (ctx, ctx->hit_mode ? 1.0 : 0, TRUE);
}

static void
draw_one (Ctx          *ctx,
          TlAnnotation *annotation)
{
  guint n;
  const TlAnnotationPoint *p = tl_annotation_get_points (annotation, &n);
  TlAnnotationShape shape = tl_annotation_get_shape (annotation);
  double ox, oy;

  ctx->annotation = annotation;
  ctx->space = tl_annotation_get_space (annotation);
  if (ctx->space == TL_ANNOTATION_SPACE_PITCH && !ctx->self->calibrated)
    return;
  if (!tl_annotation_parse_color (tl_annotation_get_color (annotation), &ctx->r, &ctx->g,
                                  &ctx->b))
    ctx->r = ctx->g = ctx->b = 1;
  ctx->opacity = tl_annotation_get_opacity (annotation);
  ctx->line_width = tl_annotation_get_width (annotation) * ctx->scale;
  cairo_new_path (ctx->cr);

  if (n < tl_annotation_shape_min_points (shape) && !tl_annotation_shape_is_bound (shape))
    return;
  switch (shape)
    {
    case TL_ANNOTATION_PEN:
      path_polyline (ctx, p, n, FALSE);
      paint_path (ctx, 0, TRUE);
      break;
    case TL_ANNOTATION_LINE:
      draw_line_shape (ctx, p, n, FALSE);
      break;
    case TL_ANNOTATION_ARROW:
      draw_line_shape (ctx, p, n, TRUE);
      break;
    case TL_ANNOTATION_CIRCLE:
      draw_ellipse_shape (ctx, p);
      break;
    case TL_ANNOTATION_RECT:
      draw_rect_shape (ctx, p);
      break;
    case TL_ANNOTATION_ZONE:
      path_polyline (ctx, p, n, TRUE);
      paint_path (ctx, 0.32, TRUE);
      break;
    case TL_ANNOTATION_TEXT:
      if (map (ctx, p[0].x, p[0].y, &ox, &oy) && tl_annotation_get_text (annotation) != NULL)
        draw_label (ctx, tl_annotation_get_text (annotation), ox, oy,
                    (14 + 2 * tl_annotation_get_width (annotation)) * ctx->scale);
      break;
    case TL_ANNOTATION_MARKER:
      if (map (ctx, p[0].x, p[0].y, &ox, &oy))
        draw_marker (ctx, ox, oy, tl_annotation_get_number (annotation));
      break;
    case TL_ANNOTATION_SPOTLIGHT:
      draw_spotlight (ctx);
      break;
    case TL_ANNOTATION_LINK:
      draw_link (ctx);
      break;
    case TL_ANNOTATION_MAGNIFIER:
      if (map (ctx, p[0].x, p[0].y, &ox, &oy))
        draw_magnifier (ctx, ox, oy);
      break;
    default:
      break;
    }
}

static void
ctx_init (Ctx                   *ctx,
          TlAnnotationRenderer  *self,
          cairo_t               *cr,
          gint64                 position_ns,
          const TlVirtualCamera *view,
          int                    width,
          int                    height)
{
  *ctx = (Ctx) { 0, };
  ctx->self = self;
  ctx->cr = cr;
  ctx->view = view;
  ctx->width = width;
  ctx->height = height;
  ctx->scale = height / TL_ANNOTATION_REFERENCE_HEIGHT;
  ctx->position_ns = position_ns;
}

void
tl_annotation_renderer_draw_annotation (TlAnnotationRenderer  *self,
                                        cairo_t               *cr,
                                        TlAnnotation          *annotation,
                                        gint64                 position_ns,
                                        const TlVirtualCamera *view,
                                        int                    width,
                                        int                    height)
{
  Ctx ctx;

  g_return_if_fail (TL_IS_ANNOTATION_RENDERER (self));
  g_return_if_fail (TL_IS_ANNOTATION (annotation));
  g_return_if_fail (width > 0 && height > 0);

  ctx_init (&ctx, self, cr, position_ns, view, width, height);
  cairo_save (cr);
  /* GOOD, not BEST: the same smooth edges at video sizes, at a fraction of the cost. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_GOOD);
  draw_one (&ctx, annotation);
  cairo_restore (cr);
}

void
tl_annotation_renderer_draw (TlAnnotationRenderer  *self,
                             cairo_t               *cr,
                             gint64                 position_ns,
                             const TlVirtualCamera *view,
                             int                    width,
                             int                    height)
{
  guint n;

  g_return_if_fail (TL_IS_ANNOTATION_RENDERER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (width > 0 && height > 0);

  n = self->live != NULL ? g_list_model_get_n_items (self->live) : self->stored->len;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlAnnotation) annotation =
        self->live != NULL ? g_list_model_get_item (self->live, i)
                           : g_object_ref (g_ptr_array_index (self->stored, i));

      if (tl_annotation_is_visible_at (annotation, position_ns))
        tl_annotation_renderer_draw_annotation (self, cr, annotation, position_ns, view,
                                                width, height);
    }
}

gboolean
tl_annotation_renderer_hit (TlAnnotationRenderer  *self,
                            TlAnnotation          *annotation,
                            gint64                 position_ns,
                            const TlVirtualCamera *view,
                            int                    width,
                            int                    height,
                            double                 out_x,
                            double                 out_y,
                            double                 tolerance)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  Ctx ctx;

  g_return_val_if_fail (TL_IS_ANNOTATION_RENDERER (self), FALSE);
  g_return_val_if_fail (TL_IS_ANNOTATION (annotation), FALSE);

  /* The same path code as drawing, tested instead of painted, so what is hit is what is seen. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cr = cairo_create (surface);
  ctx_init (&ctx, self, cr, position_ns, view, width, height);
  ctx.hit_mode = TRUE;
  ctx.hit_x = out_x;
  ctx.hit_y = out_y;
  ctx.tolerance = tolerance;
  draw_one (&ctx, annotation);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return ctx.hit;
}

static void
tl_annotation_renderer_finalize (GObject *object)
{
  TlAnnotationRenderer *self = (TlAnnotationRenderer *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->live);
  g_clear_pointer (&self->stored, g_ptr_array_unref);
  g_hash_table_unref (self->windows);
  g_queue_clear (&self->window_order);

  G_OBJECT_CLASS (tl_annotation_renderer_parent_class)->finalize (object);
}

static void
tl_annotation_renderer_class_init (TlAnnotationRendererClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tl_annotation_renderer_finalize;
}

static void
tl_annotation_renderer_init (TlAnnotationRenderer *self)
{
  self->windows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) g_array_unref);
  g_queue_init (&self->window_order);
}
