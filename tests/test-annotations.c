/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-annotations.c: drawings: geometry in perspective, bound tracks, time, storage, stills. */
#include "config.h"

#include <math.h>

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>

#include "tl-annotation-renderer.h"
#include "tl-match-annotations.h"
#include "tl-still.h"
#include "tl-test-media.h"
#include "tl-track-chunks.h"

/* The panorama test video: 960x320, 25 fps, taken for a 180° cylindrical panorama. */
#define WIDTH   960
#define HEIGHT  320
#define FPS     25
#define SECONDS 2
#define MOVING_TRACK 7

typedef struct
{
  char           *dir;
  char           *video;
  TlLibrary      *library;
  gint64          match_id;
  TlCameraParams  params;
  TlCamera        camera;
} Fixture;

static gint64
seconds (double s)
{
  return (gint64) llround (s * 1e9);
}

/* Where the moving track stands at frame @f: it runs along the halfway line's parallel. */
static void
track_pitch (gint64  f,
             double *x,
             double *y)
{
  *x = -10.0 + 20.0 * f / (FPS * SECONDS - 1);
  *y = 5.0;
}

static char *
calibration_json (const TlCameraParams *p,
                  const TlCamera       *camera)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const double landmarks[][2] = { { 0, 0 }, { -30, 20 }, { 30, 20 }, { -20, -20 }, { 20, -20 } };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "projection");
  json_builder_add_string_value (b, "cylindrical");
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, p->width);
  json_builder_set_member_name (b, "height");
  json_builder_add_int_value (b, p->height);
  json_builder_set_member_name (b, "hfov_deg");
  json_builder_add_double_value (b, p->hfov * 180 / G_PI);
  json_builder_set_member_name (b, "camera");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "x");
  json_builder_add_double_value (b, p->x);
  json_builder_set_member_name (b, "y");
  json_builder_add_double_value (b, p->y);
  json_builder_set_member_name (b, "z");
  json_builder_add_double_value (b, p->z);
  json_builder_set_member_name (b, "yaw_deg");
  json_builder_add_double_value (b, p->yaw * 180 / G_PI);
  json_builder_set_member_name (b, "tilt_deg");
  json_builder_add_double_value (b, p->tilt * 180 / G_PI);
  json_builder_set_member_name (b, "roll_deg");
  json_builder_add_double_value (b, p->roll * 180 / G_PI);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "correspondences");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (landmarks); i++)
    {
      double u, v;

      g_assert_cmpint (tl_camera_project (camera, landmarks[i][0], landmarks[i][1], 0, &u, &v),
                       ==, TL_CAMERA_VISIBLE);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, "landmark");
      json_builder_set_member_name (b, "x");
      json_builder_add_double_value (b, landmarks[i][0]);
      json_builder_set_member_name (b, "y");
      json_builder_add_double_value (b, landmarks[i][1]);
      json_builder_set_member_name (b, "u");
      json_builder_add_double_value (b, u);
      json_builder_set_member_name (b, "v");
      json_builder_add_double_value (b, v);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

typedef struct
{
  Fixture *fixture;
  char    *calibration;
} Setup;

/* Calibration and tracks as an analysis would leave them, written straight into the store. */
static gboolean
write_analysis (TlStore   *store,
                gpointer   user_data,
                GError   **error)
{
  Setup *setup = user_data;
  Fixture *f = setup->fixture;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (TlTrackSample));
  g_autoptr(GBytes) blob = NULL;
  sqlite3_stmt *stmt;

  stmt = tl_store_prepare (store, "UPDATE matches SET calibration = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, setup->calibration, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, f->match_id);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;

  for (gint64 frame = 0; frame < FPS * SECONDS; frame++)
    {
      TlTrackSample s = { 0, };
      double x, y, u, v, h;

      track_pitch (frame, &x, &y);
      g_assert_cmpint (tl_camera_project (&f->camera, x, y, 0, &u, &v), ==, TL_CAMERA_VISIBLE);
      h = tl_camera_person_height_px (&f->camera, x, y, 1.8);
      s.frame = frame;
      s.track_no = MOVING_TRACK;
      s.klass = 1;
      s.team = 0;
      s.w = (gint16) lround (h * 0.4);
      s.h = (gint16) lround (h);
      s.x = (gint16) lround (u - s.w / 2.0);
      s.y = (gint16) lround (v - s.h);
      s.pitch_x_cm = (gint16) lround (x * 100);
      s.pitch_y_cm = (gint16) lround (y * 100);
      g_array_append_val (samples, s);
    }
  stmt = tl_store_prepare (store,
                           "INSERT INTO tracks (match_id, track_no, class, first_frame,"
                           " last_frame) VALUES (?, ?, 1, 0, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, f->match_id);
  sqlite3_bind_int (stmt, 2, MOVING_TRACK);
  sqlite3_bind_int (stmt, 3, FPS * SECONDS - 1);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  blob = tl_track_chunk_encode (0, TRUE, (TlTrackSample *) samples->data, samples->len);
  return tl_track_chunks_put (store, f->match_id, 0, FPS * SECONDS - 1, blob, error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *library_dir = NULL;
  g_autoptr(TlMatch) match = NULL;
  Setup setup = { f, NULL };

  f->dir = g_dir_make_tmp ("touchline-annotations-XXXXXX", &error);
  g_assert_no_error (error);
  f->video = g_build_filename (f->dir, "panorama.mp4", NULL);
  g_assert_true (tl_test_media_make (f->video, TL_TEST_MEDIA_PANORAMA_MP4, SECONDS, 3, &error));
  g_assert_no_error (error);
  library_dir = g_build_filename (f->dir, "library", NULL);
  f->library = tl_library_open (library_dir, &error);
  g_assert_no_error (error);
  match = tl_library_import_file (f->library, f->video, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl_match_get_width (match), ==, WIDTH);
  g_assert_cmpint (tl_match_get_projection (match), ==, TL_PROJECTION_CYLINDRICAL);
  f->match_id = tl_match_get_id (match);

  tl_camera_params_default (&f->params, TL_CAMERA_CYLINDRICAL, WIDTH, HEIGHT, 5, 6);
  g_assert_cmpint (tl_camera_init (&f->camera, &f->params), ==, TL_CAMERA_OK);
  setup.calibration = calibration_json (&f->params, &f->camera);
  g_assert_true (tl_store_write (tl_library_get_store (f->library), write_analysis, &setup,
                                 &error));
  g_assert_no_error (error);
  g_free (setup.calibration);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->library);
  tl_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->video);
}

static TlAnnotationRenderer *
new_renderer (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  TlAnnotationRenderer *renderer = tl_annotation_renderer_new (f->library, f->match_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tl_annotation_renderer_get_camera (renderer));
  return renderer;
}

static TlMatchAnnotations *
new_model (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  TlMatchAnnotations *model = tl_match_annotations_new (f->library, f->match_id, &error);

  g_assert_no_error (error);
  return model;
}

static TlAnnotation *
pitch_arrow (void)
{
  TlAnnotation *arrow = tl_annotation_new (TL_ANNOTATION_ARROW, TL_ANNOTATION_SPACE_PITCH);
  const TlAnnotationPoint points[] = { { -12, -6 }, { 8, 10 } };

  tl_annotation_set_points (arrow, points, 2);
  tl_annotation_set_color (arrow, "#ff00ff");
  tl_annotation_set_range (arrow, 0, seconds (SECONDS));
  return arrow;
}

static cairo_surface_t *
draw_to_surface (TlAnnotationRenderer  *renderer,
                 TlAnnotation          *annotation,
                 gint64                 position_ns,
                 const TlVirtualCamera *view,
                 int                    width,
                 int                    height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  if (annotation != NULL)
    tl_annotation_renderer_draw_annotation (renderer, cr, annotation, position_ns, view, width,
                                            height);
  else
    tl_annotation_renderer_draw (renderer, cr, position_ns, view, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* ARGB32 components of a pixel (premultiplied, as stored). */
static void
pixel (cairo_surface_t *surface,
       int              x,
       int              y,
       guint8           argb[4])
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 v = *(const guint32 *) (data + (gsize) y * cairo_image_surface_get_stride (surface)
                                  + (gsize) x * 4);

  argb[0] = v >> 24;
  argb[1] = (v >> 16) & 0xff;
  argb[2] = (v >> 8) & 0xff;
  argb[3] = v & 0xff;
}

/* The centroid of the pixels that are mostly magenta (red and blue high, green low). */
static gboolean
magenta_centroid (cairo_surface_t *surface,
                  double          *cx,
                  double          *cy)
{
  double sx = 0, sy = 0;
  int n = 0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      {
        guint8 p[4];

        pixel (surface, x, y, p);
        if (p[0] > 150 && p[1] > 150 && p[3] > 150 && p[2] < 60)
          {
            sx += x;
            sy += y;
            n++;
          }
      }
  if (n == 0)
    return FALSE;
  *cx = sx / n;
  *cy = sy / n;
  return TRUE;
}

/* A pitch-anchored arrow stays on the same pitch points whatever the view: output pixels map
 * back to the pitch points they came from, the view's mapping agrees with the camera model, and
 * the painted pixels lie where that geometry says. */
static void
test_geometry_views (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TlAnnotationRenderer) renderer = new_renderer (f);
  g_autoptr(TlAnnotation) arrow = pitch_arrow ();
  const double views[][3] = { { 0, 12, 70 }, { 10, 14, 40 }, { -15, 8, 90 }, { -5, 13, 25 } };
  guint n_points;
  const TlAnnotationPoint *p = tl_annotation_get_points (arrow, &n_points);
  int drawn_views = 0;

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      TlVirtualCamera view;
      cairo_surface_t *surface;
      int hits = 0;

      g_assert_cmpint (tl_virtual_camera_init (&view, 640, 360, views[i][0] * G_PI / 180,
                                               views[i][1] * G_PI / 180,
                                               views[i][2] * G_PI / 180), ==, TL_CAMERA_OK);
      surface = draw_to_surface (renderer, arrow, 0, &view, 640, 360);
      /* Along the shaft, away from the head's tip. */
      for (double t = 0.05; t <= 0.75; t += 0.1)
        {
          double X = p[0].x + t * (p[1].x - p[0].x), Y = p[0].y + t * (p[1].y - p[0].y);
          double ox, oy, bx, by, u, v, vx, vy;
          guint8 px[4];

          if (!tl_annotation_renderer_to_output (renderer, TL_ANNOTATION_SPACE_PITCH, X, Y,
                                                 &view, 640, 360, &ox, &oy)
              || ox < 2 || oy < 2 || ox > 637 || oy > 357)
            continue;
          g_assert_true (tl_annotation_renderer_from_output (renderer, TL_ANNOTATION_SPACE_PITCH,
                                                             ox, oy, &view, 640, 360, &bx, &by));
          g_assert_cmpfloat_with_epsilon (bx, X, 0.01);
          g_assert_cmpfloat_with_epsilon (by, Y, 0.01);
          /* Camera model then virtual camera, by hand. */
          tl_camera_project (&f->camera, X, Y, 0, &u, &v);
          tl_virtual_camera_unmap_pixel (&view, &f->params, u, v, &vx, &vy);
          g_assert_cmpfloat_with_epsilon (vx, ox, 1e-6);
          g_assert_cmpfloat_with_epsilon (vy, oy, 1e-6);
          pixel (surface, (int) ox, (int) oy, px);
          g_assert_cmpint (px[0], >, 200);
          g_assert_cmpint (px[1], >, 200);
          g_assert_cmpint (px[2], <, 40);
          hits++;
        }
      if (hits > 0)
        drawn_views++;
      cairo_surface_destroy (surface);
    }
  /* Most views must actually have shown the arrow, else the checks above proved nothing. */
  g_assert_cmpint (drawn_views, >=, 3);
}

/* The whole panorama (no view) at another size scales the source pixels. */
static void
test_geometry_panorama (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TlAnnotationRenderer) renderer = new_renderer (f);
  g_autoptr(TlAnnotation) arrow = pitch_arrow ();
  cairo_surface_t *surface;
  double u, v, ox, oy;
  guint8 px[4];

  tl_camera_project (&f->camera, -2, 2, 0, &u, &v);
  g_assert_true (tl_annotation_renderer_to_output (renderer, TL_ANNOTATION_SPACE_PITCH, -2, 2,
                                                   NULL, WIDTH * 2, HEIGHT * 2, &ox, &oy));
  g_assert_cmpfloat_with_epsilon (ox, 2 * u, 1e-9);
  g_assert_cmpfloat_with_epsilon (oy, 2 * v, 1e-9);
  surface = draw_to_surface (renderer, arrow, 0, NULL, WIDTH * 2, HEIGHT * 2);
  pixel (surface, (int) ox, (int) oy, px);
  g_assert_cmpint (px[0], >, 200);
  /* Far from the arrow: nothing. */
  pixel (surface, 10, HEIGHT * 2 - 10, px);
  g_assert_cmpint (px[0], ==, 0);
  cairo_surface_destroy (surface);
}

/* A spotlight bound to a track is drawn under the player wherever the player runs. */
static void
test_spotlight_follows_track (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(TlAnnotationRenderer) renderer = new_renderer (f);
  g_autoptr(TlAnnotation) spot = tl_annotation_new (TL_ANNOTATION_SPOTLIGHT,
                                                    TL_ANNOTATION_SPACE_PITCH);
  const guint32 track = MOVING_TRACK;
  double first_x = 0;

  tl_annotation_set_tracks (spot, &track, 1);
  tl_annotation_set_color (spot, "#ff00ff");
  tl_annotation_set_range (spot, 0, seconds (SECONDS));
  for (int frame = 0; frame < FPS * SECONDS; frame += 16)
    {
      gint64 t = seconds ((double) frame / FPS);
      cairo_surface_t *surface = draw_to_surface (renderer, spot, t, NULL, WIDTH, HEIGHT);
      double x, y, u, v, px, py, cx, cy;

      track_pitch (frame, &x, &y);
      g_assert_true (tl_annotation_renderer_track_position (renderer, MOVING_TRACK, t,
                                                            TL_ANNOTATION_SPACE_PITCH, &px, &py));
      g_assert_cmpfloat_with_epsilon (px, x, 0.011);
      g_assert_cmpfloat_with_epsilon (py, y, 0.011);
      tl_camera_project (&f->camera, x, y, 0, &u, &v);
      g_assert_true (magenta_centroid (surface, &cx, &cy));
      /* A ring on the ground is centred on the feet, up to perspective (far half smaller). */
      g_assert_cmpfloat (fabs (cx - u), <, 2.0);
      g_assert_cmpfloat (fabs (cy - v), <, 3.0);
      if (frame == 0)
        first_x = cx;
      else
        g_assert_cmpfloat (cx, >, first_x + 10);
      cairo_surface_destroy (surface);
    }
  /* Clicking near the player picks its track; far away picks nothing. */
  {
    double x, y, u, v;

    track_pitch (25, &x, &y);
    tl_camera_project (&f->camera, x, y, 0, &u, &v);
    g_assert_cmpuint (tl_annotation_renderer_pick_track (renderer, seconds (1), NULL, WIDTH,
                                                         HEIGHT, u + 3, v - 4, 12), ==,
                      MOVING_TRACK);
    g_assert_cmpuint (tl_annotation_renderer_pick_track (renderer, seconds (1), NULL, WIDTH,
                                                         HEIGHT, 5, 5, 12), ==, 0);
  }
}

/* Time ranges decide what is drawn; freezes are found where playback crosses them. */
static void
test_time_ranges (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlMatchAnnotations) model = new_model (f);
  g_autoptr(TlAnnotationRenderer) renderer = new_renderer (f);
  g_autoptr(TlAnnotation) arrow = pitch_arrow ();
  g_autoptr(TlAnnotation) still = pitch_arrow ();
  cairo_surface_t *surface;
  double cx, cy;

  g_assert_no_error (error);
  tl_annotation_set_range (arrow, seconds (0.5), seconds (1.0));
  g_assert_false (tl_annotation_is_visible_at (arrow, seconds (0.49)));
  g_assert_true (tl_annotation_is_visible_at (arrow, seconds (0.5)));
  g_assert_true (tl_annotation_is_visible_at (arrow, seconds (0.99)));
  g_assert_false (tl_annotation_is_visible_at (arrow, seconds (1.0)));
  tl_annotation_set_range (still, seconds (1.2), seconds (1.2));
  tl_annotation_set_freeze (still, seconds (3));
  g_assert_true (tl_annotation_is_visible_at (still, seconds (1.2)));
  g_assert_false (tl_annotation_is_visible_at (still, seconds (1.24)));

  g_assert_true (tl_match_annotations_add (model, arrow, &error));
  g_assert_no_error (error);
  g_assert_true (tl_match_annotations_add (model, still, &error));
  g_assert_no_error (error);

  g_assert_true (tl_annotation_renderer_reload (renderer, &error));
  surface = draw_to_surface (renderer, NULL, seconds (0.2), NULL, WIDTH, HEIGHT);
  g_assert_false (magenta_centroid (surface, &cx, &cy));
  cairo_surface_destroy (surface);
  surface = draw_to_surface (renderer, NULL, seconds (0.7), NULL, WIDTH, HEIGHT);
  g_assert_true (magenta_centroid (surface, &cx, &cy));
  cairo_surface_destroy (surface);
  /* The live model instead of the stored rows: the same answer. */
  tl_annotation_renderer_set_annotations (renderer, G_LIST_MODEL (model));
  surface = draw_to_surface (renderer, NULL, seconds (1.1), NULL, WIDTH, HEIGHT);
  g_assert_false (magenta_centroid (surface, &cx, &cy));
  cairo_surface_destroy (surface);

  g_assert_true (tl_match_annotations_find_freeze (model, seconds (1.0), seconds (1.3)) == still);
  g_assert_null (tl_match_annotations_find_freeze (model, seconds (1.2), seconds (1.9)));
  g_assert_null (tl_match_annotations_find_freeze (model, 0, seconds (1.1)));
}

static void
assert_stored (Fixture *f,
               guint    n,
               ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = tl_annotations_load (tl_library_get_store (f->library),
                                                   f->match_id, &error);
  va_list args;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, n);
  va_start (args, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (tl_annotation_get_color (g_ptr_array_index (rows, i)), ==,
                     va_arg (args, const char *));
  va_end (args);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           int        *count)
{
  (*count)++;
}

/* Every edit is saved at once; undo and redo walk the history and the store follows. */
static void
test_persistence_undo (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlMatchAnnotations) model = new_model (f);
  g_autoptr(TlMatchAnnotations) again = NULL;
  g_autoptr(TlAnnotation) zone = tl_annotation_new (TL_ANNOTATION_ZONE,
                                                    TL_ANNOTATION_SPACE_PITCH);
  g_autoptr(TlAnnotation) link = tl_annotation_new (TL_ANNOTATION_LINK,
                                                    TL_ANNOTATION_SPACE_PITCH);
  g_autoptr(TlAnnotation) label = tl_annotation_new (TL_ANNOTATION_TEXT,
                                                     TL_ANNOTATION_SPACE_IMAGE);
  g_autoptr(TlAnnotation) edited = NULL;
  const TlAnnotationPoint corners[] = { { 30, -20 }, { 52.5, -20 }, { 52.5, 20 } };
  const TlAnnotationPoint anchor = { 480, 100 };
  const guint32 players[] = { 7, 9, 11 };
  TlAnnotation *item;
  gint64 zone_id;
  int undo_notifies = 0;
  guint n;

  g_assert_no_error (error);
  g_signal_connect (model, "notify::can-undo", G_CALLBACK (on_notify), &undo_notifies);
  g_assert_false (tl_match_annotations_can_undo (model));

  tl_annotation_set_points (zone, corners, 3);
  tl_annotation_set_color (zone, "#e01b24");
  g_assert_true (tl_match_annotations_add (model, zone, &error));
  g_assert_no_error (error);
  zone_id = tl_annotation_get_id (zone);
  g_assert_cmpint (zone_id, >, 0);
  tl_annotation_set_tracks (link, players, 3);
  tl_annotation_set_color (link, "#3584e4");
  tl_annotation_set_dash (link, TRUE);
  g_assert_true (tl_match_annotations_add (model, link, &error));
  tl_annotation_set_points (label, &anchor, 1);
  tl_annotation_set_text (label, "Press “here”");
  tl_annotation_set_color (label, "#ffffff");
  g_assert_true (tl_match_annotations_add (model, label, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_assert_cmpint (undo_notifies, >, 0);
  assert_stored (f, 3, "#e01b24", "#3584e4", "#ffffff");

  /* Update through a copy: the model's object changes, the row too. */
  edited = tl_annotation_copy (zone);
  tl_annotation_set_color (edited, "#2ec27e");
  tl_annotation_translate (edited, -5, 0);
  tl_annotation_set_freeze (edited, seconds (2));
  g_assert_true (tl_match_annotations_update (model, edited, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tl_annotation_get_color (zone), ==, "#2ec27e");
  assert_stored (f, 3, "#2ec27e", "#3584e4", "#ffffff");

  g_assert_true (tl_match_annotations_delete (model, tl_annotation_get_id (link), &error));
  assert_stored (f, 2, "#2ec27e", "#ffffff");

  /* Everything survives a new session: points, tracks, text, style, freeze. */
  again = tl_match_annotations_new (f->library, f->match_id, &error);
  g_assert_no_error (error);
  item = tl_match_annotations_lookup (again, zone_id);
  g_assert_nonnull (item);
  g_assert_cmpfloat (tl_annotation_get_points (item, &n)[0].x, ==, 25);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (tl_annotation_get_freeze (item), ==, seconds (2));
  item = g_list_model_get_item (G_LIST_MODEL (again), 1);
  g_assert_cmpstr (tl_annotation_get_text (item), ==, "Press “here”");
  g_assert_cmpint (tl_annotation_get_space (item), ==, TL_ANNOTATION_SPACE_IMAGE);
  g_object_unref (item);

  /* Undo the delete: the link is back with its id and its tracks. */
  g_assert_true (tl_match_annotations_undo (model, &error));
  g_assert_no_error (error);
  assert_stored (f, 3, "#2ec27e", "#3584e4", "#ffffff");
  g_clear_object (&again);
  again = tl_match_annotations_new (f->library, f->match_id, &error);
  item = tl_match_annotations_lookup (again, tl_annotation_get_id (link));
  g_assert_nonnull (item);
  g_assert_cmpuint (tl_annotation_get_tracks (item, &n)[2], ==, 11);
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (tl_annotation_get_dash (item));

  /* Undo the update, then the last add. */
  g_assert_true (tl_match_annotations_undo (model, &error));
  assert_stored (f, 3, "#e01b24", "#3584e4", "#ffffff");
  g_assert_cmpstr (tl_annotation_get_color (tl_match_annotations_lookup (model, zone_id)), ==,
                   "#e01b24");
  g_assert_true (tl_match_annotations_undo (model, &error));
  assert_stored (f, 2, "#e01b24", "#3584e4");
  g_assert_true (tl_match_annotations_can_redo (model));

  /* Redo twice: the label returns, then the update. */
  g_assert_true (tl_match_annotations_redo (model, &error));
  g_assert_true (tl_match_annotations_redo (model, &error));
  g_assert_no_error (error);
  assert_stored (f, 3, "#2ec27e", "#3584e4", "#ffffff");
  /* A new edit drops the redo history (the link's deletion here). */
  g_assert_true (tl_match_annotations_can_redo (model));
  g_assert_true (tl_match_annotations_delete (model, zone_id, &error));
  g_assert_false (tl_match_annotations_can_redo (model));
  assert_stored (f, 2, "#3584e4", "#ffffff");
}

/* Bad drawings are refused with a reason, and nothing is saved. */
static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlMatchAnnotations) model = new_model (f);
  g_autoptr(TlAnnotation) line = tl_annotation_new (TL_ANNOTATION_LINE,
                                                    TL_ANNOTATION_SPACE_PITCH);
  g_autoptr(TlAnnotation) link = tl_annotation_new (TL_ANNOTATION_LINK,
                                                    TL_ANNOTATION_SPACE_PITCH);
  g_autoptr(TlAnnotation) text = tl_annotation_new (TL_ANNOTATION_TEXT,
                                                    TL_ANNOTATION_SPACE_PITCH);
  g_autoptr(TlAnnotation) parsed = tl_annotation_new (TL_ANNOTATION_LINE,
                                                      TL_ANNOTATION_SPACE_PITCH);
  const TlAnnotationPoint one = { 1, 2 };
  const guint32 track = 3;

  g_assert_no_error (error);
  tl_annotation_set_points (line, &one, 1);
  g_assert_false (tl_match_annotations_add (model, line, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  tl_annotation_set_tracks (link, &track, 1);
  g_assert_false (tl_match_annotations_add (model, link, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  tl_annotation_set_points (text, &one, 1);
  g_assert_false (tl_match_annotations_add (model, text, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  tl_annotation_set_text (text, "ok");
  tl_annotation_set_event_id (text, 4242);
  g_assert_false (tl_match_annotations_add (model, text, &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tl_match_annotations_can_undo (model));
  assert_stored (f, 0);

  g_assert_false (tl_annotation_geometry_from_json (parsed, "{\"points\": [[1]]}", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (tl_annotation_style_from_json (parsed, "{\"color\": \"red\"}", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* A still: the decoded frame with the drawings where the geometry says, full and follow. */
static void
test_still (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlMatchAnnotations) model = new_model (f);
  g_autoptr(TlAnnotationRenderer) renderer = new_renderer (f);
  g_autoptr(TlAnnotation) arrow = pitch_arrow ();
  g_autofree char *png = g_build_filename (f->dir, "still.png", NULL);
  cairo_surface_t *bare, *still, *follow, *loaded;
  TlVirtualCamera view;
  double X = -7, Y = -2, u, v, ox, oy;
  guint8 a[4], b[4];

  g_assert_true (tl_match_annotations_add (model, arrow, &error));
  g_assert_no_error (error);

  bare = tl_still_decode_frame (f->video, seconds (1), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (bare), ==, WIDTH);
  still = tl_still_render (f->library, f->match_id, seconds (1),
                           TL_STILL_CAMERA_FULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_height (still), ==, HEIGHT);

  /* On the arrow: magenta; far from it: the video's own pixel, untouched. */
  tl_camera_project (&f->camera, X, Y, 0, &u, &v);
  pixel (still, (int) u, (int) v, a);
  g_assert_cmpint (a[1], >, 200);
  g_assert_cmpint (a[2], <, 60);
  g_assert_cmpint (a[3], >, 200);
  pixel (bare, 20, 20, a);
  pixel (still, 20, 20, b);
  g_assert_cmpmem (a, 4, b, 4);

  g_assert_true (tl_still_write_png (still, png, &error));
  g_assert_no_error (error);
  loaded = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (loaded), ==, CAIRO_STATUS_SUCCESS);
  pixel (loaded, (int) u, (int) v, a);
  g_assert_cmpint (a[1], >, 200);
  cairo_surface_destroy (loaded);

  /* Follow: the view centres on the tracked player; the arrow is where the view puts it. */
  follow = tl_still_render (f->library, f->match_id, seconds (1),
                            TL_STILL_CAMERA_FOLLOW, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (follow), ==, TL_STILL_FOLLOW_WIDTH);
  tl_still_follow_view (f->library, renderer, seconds (1), TL_STILL_FOLLOW_WIDTH,
                        TL_STILL_FOLLOW_HEIGHT, &view);
  g_assert_true (tl_annotation_renderer_to_output (renderer, TL_ANNOTATION_SPACE_PITCH, X, Y,
                                                   &view, view.width, view.height, &ox, &oy));
  g_assert_true (ox > 0 && oy > 0 && ox < view.width && oy < view.height);
  pixel (follow, (int) ox, (int) oy, a);
  g_assert_cmpint (a[1], >, 200);
  g_assert_cmpint (a[2], <, 60);

  cairo_surface_destroy (bare);
  cairo_surface_destroy (still);
  cairo_surface_destroy (follow);

  g_assert_null (tl_still_render (f->library, 999, 0,
                                  TL_STILL_CAMERA_FULL, NULL, &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_NO_SUCH_MATCH);
}

/* Runs touchline-cli on the fixture's library; returns its exit status. */
static int
run_cli (Fixture     *f,
         char       **out,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *library_dir = g_build_filename (f->dir, "library", NULL);
  const char *cli = g_getenv ("TOUCHLINE_CLI");
  int status = -1;
  va_list ap;

  g_ptr_array_add (args, (char *) cli);
  g_ptr_array_add (args, (char *) "--library");
  g_ptr_array_add (args, library_dir);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* touchline-cli annotate and still, as scripts use them. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, f->match_id);
  g_autofree char *png = g_build_filename (f->dir, "cli.png", NULL);
  char *out = NULL, *err = NULL;
  cairo_surface_t *loaded;
  double u, v;
  guint8 a[4];

  if (g_getenv ("TOUCHLINE_CLI") == NULL)
    {
      g_test_skip ("TOUCHLINE_CLI is not set (run through meson test)");
      return;
    }
  g_assert_cmpint (run_cli (f, &out, &err, "annotate", id, "--shape", "line", "--at", "0.5",
                            "--duration", "1", "--points", "-12,-6;8,10", "--color", "#ff00ff",
                            "--width", "6", NULL), ==, 0);
  g_assert_cmpint (g_ascii_strtoll (out, NULL, 10), >, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "annotate", id, "--shape", "spotlight", "--at", "0",
                            "--track", "7", "--text", "Number 7", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Errors name the problem: an unknown track, a bad point list, a bad shape. */
  g_assert_cmpint (run_cli (f, &out, &err, "annotate", id, "--shape", "spotlight", "--at", "0",
                            "--track", "99", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no track 99"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "annotate", id, "--shape", "line", "--at", "0",
                            "--points", "1,2;3", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "annotate", id, "--shape", "blob", "--at", "0",
                            "--points", "1,2", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "annotate", id, "--shape", "line", "--at", "0",
                            "--points", "1,2", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "error: "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "still", id, "--at", "1", "-o", png, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  loaded = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (loaded), ==, CAIRO_STATUS_SUCCESS);
  tl_camera_project (&f->camera, -2, 2, 0, &u, &v);
  pixel (loaded, (int) u, (int) v, a);
  g_assert_cmpint (a[1], >, 200);
  g_assert_cmpint (a[2], <, 60);
  cairo_surface_destroy (loaded);

  g_assert_cmpint (run_cli (f, &out, &err, "still", id, "--at", "60", "-o", png, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "long"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "still", id, "--at", "1", NULL), ==, 2);
  g_free (out);
  g_free (err);
}

int
main (int    argc,
      char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/annotations/geometry/views", test_geometry_views);
  ADD ("/annotations/geometry/panorama", test_geometry_panorama);
  ADD ("/annotations/spotlight-follows-track", test_spotlight_follows_track);
  ADD ("/annotations/time-ranges", test_time_ranges);
  ADD ("/annotations/persistence-undo", test_persistence_undo);
  ADD ("/annotations/validation", test_validation);
  ADD ("/annotations/still", test_still);
  ADD ("/annotations/cli", test_cli);
#undef ADD

  return g_test_run ();
}
