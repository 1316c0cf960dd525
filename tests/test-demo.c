/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-demo.c: the demo match generator: camera maths, simulation, pixels vs ground truth,
 * video. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/app/app.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "tl-camera.h"
#include "tl-demo-generator.h"
#include "tl-demo-ground-truth.h"
#include "tl-demo-renderer.h"
#include "tl-demo-script.h"

#define TEST_W 960
#define TEST_H 288

/* --- camera ---------------------------------------------------------------------------------- */

static void
check_round_trip (const TlCameraParams *params)
{
  TlCamera cam;
  double x, y;
  int checked = 0;

  g_assert_cmpint (tl_camera_init (&cam, params), ==, TL_CAMERA_OK);
  for (x = -52.5; x <= 52.5; x += 7.5)
    for (y = -34.0; y <= 34.0; y += 4.25)
      {
        double u, v, X, Y;

        if (tl_camera_project (&cam, x, y, 0.0, &u, &v) != TL_CAMERA_VISIBLE)
          continue;
        g_assert_cmpint (tl_camera_unproject_ground (&cam, u, v, &X, &Y), ==, TL_CAMERA_OK);
        g_assert_cmpfloat (hypot (X - x, Y - y), <, 0.05);
        checked++;
      }
  /* Most of the pitch is in view in every configuration we test. */
  g_assert_cmpint (checked, >, 100);
}

static void
test_camera_round_trip (void)
{
  TlCameraParams p;
  double dist, height;

  for (dist = 3.0; dist <= 8.0; dist += 2.5)
    for (height = 4.0; height <= 8.0; height += 2.0)
      {
        tl_camera_params_default (&p, TL_CAMERA_CYLINDRICAL, 3840, 1152, dist, height);
        check_round_trip (&p);
        tl_camera_params_default (&p, TL_CAMERA_CYLINDRICAL, TEST_W, TEST_H, dist, height);
        p.roll = 0.02;
        p.yaw = -0.03;
        check_round_trip (&p);
        tl_camera_params_default (&p, TL_CAMERA_PINHOLE, 1920, 1080, dist, height);
        p.hfov = 150.0 * G_PI / 180.0;   /* wide enough to see most of the pitch */
        check_round_trip (&p);
      }
}

static void
test_camera_invalid (void)
{
  TlCameraParams p;
  TlCamera cam;
  double u, v, X, Y;

  tl_camera_params_default (&p, TL_CAMERA_PINHOLE, 1920, 1080, 5, 6);
  p.hfov = G_PI;
  g_assert_cmpint (tl_camera_init (&cam, &p), ==, TL_CAMERA_ERROR_INVALID);
  p.hfov = 1.0;
  p.width = 0;
  g_assert_cmpint (tl_camera_init (&cam, &p), ==, TL_CAMERA_ERROR_INVALID);
  g_assert_cmpint (tl_camera_init (NULL, &p), ==, TL_CAMERA_ERROR_INVALID);

  tl_camera_params_default (&p, TL_CAMERA_PINHOLE, 1920, 1080, 5, 6);
  g_assert_cmpint (tl_camera_init (&cam, &p), ==, TL_CAMERA_OK);
  /* Behind the camera, and the sky. */
  g_assert_cmpint (tl_camera_project (&cam, 0, -60, 0, &u, &v), ==, TL_CAMERA_BEHIND);
  g_assert_cmpint (tl_camera_unproject_ground (&cam, 960, 0, &X, &Y), ==, TL_CAMERA_BEHIND);
  g_assert_cmpint (tl_camera_projection_from_string ("flat", &p.projection), ==, 0);
  g_assert_cmpint (p.projection, ==, TL_CAMERA_PINHOLE);
  g_assert_cmpint (tl_camera_projection_from_string ("fisheye", &p.projection), ==, -1);
}

static void
test_camera_person_height (void)
{
  TlCameraParams p;
  TlCamera cam;
  double far, near, u, v, at_pixel, along_row, along_col;

  tl_camera_params_default (&p, TL_CAMERA_CYLINDRICAL, 3840, 1152, 5, 6);
  g_assert_cmpint (tl_camera_init (&cam, &p), ==, TL_CAMERA_OK);

  /* The scale: far players about 20 px, near ones about 150 px. */
  far = tl_camera_person_height_px (&cam, 50.0, 34.0, 1.8);
  near = tl_camera_person_height_px (&cam, -8.0, -31.0, 1.8);
  g_assert_cmpfloat (far, >, 15.0);
  g_assert_cmpfloat (far, <, 35.0);
  g_assert_cmpfloat (near, >, 110.0);
  g_assert_cmpfloat (near, <, 260.0);

  /* The same answer from the foot pixel, as the tracker asks it. */
  g_assert_cmpint (tl_camera_project (&cam, 20.0, 10.0, 0.0, &u, &v), ==, TL_CAMERA_VISIBLE);
  at_pixel = tl_camera_person_height_at_pixel (&cam, u, v, 1.8);
  g_assert_cmpfloat (fabs (at_pixel - tl_camera_person_height_px (&cam, 20, 10, 1.8)), <, 0.01);
  g_assert_cmpint (tl_camera_metres_per_pixel (&cam, u, v, &along_row, &along_col), ==,
                   TL_CAMERA_OK);
  g_assert_cmpfloat (along_row, >, 0.0);
  g_assert_cmpfloat (along_col, >, along_row);   /* foreshortened along the view */
}

/* --- simulation ------------------------------------------------------------------------------ */

static void
test_script_determinism (void)
{
  g_autoptr(TlDemoScript) a = tl_demo_script_new (7, 250, 25, 11, 3);
  g_autoptr(TlDemoScript) b = tl_demo_script_new (7, 250, 25, 11, 3);
  g_autoptr(TlDemoScript) c = tl_demo_script_new (8, 250, 25, 11, 3);
  gsize size = sizeof (TlDemoPose) * tl_demo_script_get_n_objects (a);

  g_assert_cmpint (tl_demo_script_get_n_objects (a), ==, 22 + 3 + 1);
  g_assert_cmpmem (tl_demo_script_get_poses (a, 249), size, tl_demo_script_get_poses (b, 249),
                   size);
  g_assert_true (memcmp (tl_demo_script_get_poses (a, 249), tl_demo_script_get_poses (c, 249),
                         size) != 0);
}

static void
test_script_match (void)
{
  const int fps = 25, seconds = 180;
  guint64 seed;

  for (seed = 1; seed <= 5; seed++)
    {
      g_autoptr(TlDemoScript) s = tl_demo_script_new (seed, seconds * fps, fps, 11, 3);
      int n_obj = tl_demo_script_get_n_objects (s);
      const TlDemoObject *obj = tl_demo_script_get_objects (s);
      const TlDemoEvent *ev;
      int goals_in_minute[3] = { 0, }, corners_in_window[2] = { 0, };
      int n_ev, i, j, f, k, goals = 0, passes = 0;
      double top_speed = 0.0, max_ball_z = 0.0;

      ev = tl_demo_script_get_events (s, &n_ev);
      for (i = 0; i < n_ev; i++)
        {
          g_assert_cmpint (ev[i].frame, >=, 0);
          g_assert_cmpint (ev[i].frame, <, seconds * fps);
          g_assert_true (ev[i].team == 0 || ev[i].team == 1);
          passes += ev[i].kind == TL_DEMO_EVENT_PASS;
          if (ev[i].kind == TL_DEMO_EVENT_CORNER)
            corners_in_window[ev[i].frame / (120 * fps)]++;
          if (ev[i].kind != TL_DEMO_EVENT_GOAL)
            continue;

          goals++;
          goals_in_minute[ev[i].frame / (60 * fps)]++;
          /* The other team kicks off after every goal, unless the video ends first. */
          for (j = i + 1; j < n_ev && ev[j].kind != TL_DEMO_EVENT_KICKOFF; j++)
            ;
          if (ev[i].frame < (seconds - 20) * fps)
            {
              g_assert_cmpint (j, <, n_ev);
              g_assert_cmpint (ev[j].frame - ev[i].frame, <, 20 * fps);
              g_assert_cmpint (ev[j].team, ==, 1 - ev[i].team);
            }
        }
      g_test_message ("seed %" G_GUINT64_FORMAT ": %d goals, corners %d + %d", seed, goals,
                      corners_in_window[0], corners_in_window[1]);

      /* A goal in every simulated minute [60k, 60(k+1)), and a corner every two minutes. */
      for (k = 0; k < seconds / 60; k++)
        g_assert_cmpint (goals_in_minute[k], >=, 1);
      for (k = 0; k < seconds / 120; k++)
        g_assert_cmpint (corners_in_window[k], >=, 1);
      g_assert_cmpint (passes, >=, 10);

      for (f = 1; f < seconds * fps; f++)
        {
          const TlDemoPose *p = tl_demo_script_get_poses (s, f);
          const TlDemoPose *q = tl_demo_script_get_poses (s, f - 1);

          for (k = 0; k < n_obj; k++)
            {
              if (obj[k].kind == TL_DEMO_BALL)
                max_ball_z = MAX (max_ball_z, p[k].z);
              else
                top_speed = MAX (top_speed, hypot (p[k].x - q[k].x, p[k].y - q[k].y) * fps);
            }
        }
      g_assert_cmpfloat (top_speed, >, 6.0);     /* people sprint... */
      g_assert_cmpfloat (top_speed, <, 9.6);     /* ...but never faster than real players */
      g_assert_cmpfloat (max_ball_z, >, 1.5);    /* the ball is in the air sometimes */
    }
}

/* --- rendering ------------------------------------------------------------------------------- */

static TlDemoRenderer *
make_renderer (guint64  seed,
               double   noise,
               double   shake,
               gboolean shadows)
{
  TlDemoRendererOptions opt;
  g_autoptr(GError) error = NULL;
  TlDemoRenderer *r;

  tl_demo_renderer_options_init (&opt);
  tl_camera_params_default (&opt.camera, TL_CAMERA_CYLINDRICAL, TEST_W, TEST_H, 5, 6);
  opt.seed = seed;
  opt.noise = noise;
  opt.shake = shake;
  opt.shadows = shadows;
  r = tl_demo_renderer_new (&opt, &error);
  g_assert_no_error (error);
  return r;
}

static guint32
frame_checksum (TlDemoRenderer *r,
                TlDemoScript   *s,
                int             frame)
{
  g_autoptr(TlDemoCanvas) canvas = tl_demo_canvas_new (r);
  g_autofree guint8 *buf = g_malloc (tl_demo_renderer_get_frame_size (r));
  TlDemoBox boxes[64];
  guint32 crc = 2166136261u;
  gsize i;

  tl_demo_renderer_draw (r, canvas, frame, tl_demo_script_get_objects (s),
                         tl_demo_script_get_poses (s, frame), tl_demo_script_get_n_objects (s),
                         buf, boxes);
  for (i = 0; i < tl_demo_renderer_get_frame_size (r); i++)
    crc = (crc ^ buf[i]) * 16777619u;
  return crc;
}

static void
test_render_determinism (void)
{
  g_autoptr(TlDemoScript) s1 = tl_demo_script_new (3, 10, 25, 11, 3);
  g_autoptr(TlDemoScript) s2 = tl_demo_script_new (4, 10, 25, 11, 3);
  g_autoptr(TlDemoRenderer) a = make_renderer (3, 2.0, 1.0, TRUE);
  g_autoptr(TlDemoRenderer) b = make_renderer (3, 2.0, 1.0, TRUE);
  g_autoptr(TlDemoRenderer) c = make_renderer (4, 2.0, 1.0, TRUE);

  g_assert_cmpuint (frame_checksum (a, s1, 0), ==, frame_checksum (b, s1, 0));
  g_assert_cmpuint (frame_checksum (a, s1, 9), ==, frame_checksum (b, s1, 9));
  g_assert_cmpuint (frame_checksum (a, s1, 0), !=, frame_checksum (c, s2, 0));
}

typedef struct
{
  int x0, y0, x1, y1, n;
} Diff;

/* The extent of the pixels (luma, or chroma mapped to its 2x2 luma block) that differ. */
static Diff
diff_frames (const guint8 *a,
             const guint8 *b)
{
  Diff d = { G_MAXINT, G_MAXINT, -1, -1, 0 };
  const gsize luma = (gsize) TEST_W * TEST_H;
  int x, y;

  for (y = 0; y < TEST_H; y++)
    for (x = 0; x < TEST_W; x++)
      {
        gsize c = luma + (gsize) (y / 2) * (TEST_W / 2) + x / 2;
        gboolean differs = a[(gsize) y * TEST_W + x] != b[(gsize) y * TEST_W + x]
                           || a[c] != b[c] || a[c + luma / 4] != b[c + luma / 4];

        if (!differs)
          continue;
        d.n++;
        d.x0 = MIN (d.x0, x);
        d.y0 = MIN (d.y0, y);
        d.x1 = MAX (d.x1, x);
        d.y1 = MAX (d.y1, y);
      }
  return d;
}

static void
test_render_box_encloses_player (void)
{
  /* Far, middle, near and off to the side of the panorama. */
  static const double spots[][2] = { { 10, 30 }, { -30, 5 }, { 3, -30 }, { 48, -20 },
                                     { -50, 25 } };
  g_autoptr(TlDemoRenderer) r = make_renderer (5, 0.0, 0.0, FALSE);
  g_autoptr(TlDemoCanvas) canvas = tl_demo_canvas_new (r);
  gsize size = tl_demo_renderer_get_frame_size (r);
  g_autofree guint8 *empty = g_malloc (size);
  g_autofree guint8 *frame = g_malloc (size);
  TlDemoObject player = { 1, TL_DEMO_PLAYER, 0, 9, 1.8f, { 200, 160, 130 }, { 40, 30, 20 } };
  TlDemoBox boxes[2];
  guint k;

  g_assert_cmpint (tl_demo_renderer_draw (r, canvas, 0, NULL, NULL, 0, empty, boxes), ==, 0);

  for (k = 0; k < G_N_ELEMENTS (spots); k++)
    {
      TlDemoPose pose = { spots[k][0], spots[k][1], 0, 0.7f, 5.0f, 1.3f, 0, 0 };
      double expect;
      Diff d;
      int n;

      n = tl_demo_renderer_draw (r, canvas, 0, &player, &pose, 1, frame, boxes);
      g_assert_cmpint (n, ==, 1);
      g_assert_cmpint (boxes[0].id, ==, 1);
      g_assert_cmpint (boxes[0].object_class, ==, 1);
      g_assert_cmpfloat (boxes[0].visibility, ==, 1.0);

      d = diff_frames (empty, frame);
      g_assert_cmpint (d.n, >, 0);
      /* Every changed pixel inside the box (chroma is shared by 2x2 pixels: 1 px slack)... */
      g_assert_cmpint (d.x0, >=, boxes[0].left - 1);
      g_assert_cmpint (d.y0, >=, boxes[0].top - 1);
      g_assert_cmpint (d.x1, <=, boxes[0].left + boxes[0].width);
      g_assert_cmpint (d.y1, <=, boxes[0].top + boxes[0].height);
      /* ...and the box no bigger than what changed. */
      g_assert_cmpint (d.x0, <=, boxes[0].left + 1);
      g_assert_cmpint (d.y0, <=, boxes[0].top + 1);
      g_assert_cmpint (d.x1, >=, boxes[0].left + boxes[0].width - 2);
      g_assert_cmpint (d.y1, >=, boxes[0].top + boxes[0].height - 2);

      /* Perspective-correct size: the camera model's person height, give or take the pose. */
      expect = tl_camera_person_height_px (tl_demo_renderer_get_camera (r), pose.x, pose.y, 1.8);
      g_assert_cmpfloat (boxes[0].height, >, 0.8 * expect);
      g_assert_cmpfloat (boxes[0].height, <, 1.25 * expect + 3);
    }
}

static void
test_render_occlusion (void)
{
  g_autoptr(TlDemoRenderer) r = make_renderer (5, 0.0, 0.0, TRUE);
  g_autoptr(TlDemoCanvas) canvas = tl_demo_canvas_new (r);
  g_autofree guint8 *frame = g_malloc (tl_demo_renderer_get_frame_size (r));
  TlDemoObject people[3] = {
    { 1, TL_DEMO_PLAYER, 0, 9, 1.8f, { 200, 160, 130 }, { 40, 30, 20 } },
    { 2, TL_DEMO_PLAYER, 1, 4, 1.8f, { 120, 80, 60 }, { 10, 10, 10 } },
    { 3, TL_DEMO_PLAYER, 1, 5, 1.8f, { 120, 80, 60 }, { 10, 10, 10 } },
  };
  /* Player 1 straight behind player 2 as the camera sees them; player 3 beside the pitch and
   * out of the picture (behind the camera). */
  TlDemoPose poses[3] = {
    { 0, 10, 0, 0, 0, 0, 0, 0 },
    { 0, 0, 0, 0, 0, 0, 0, 0 },
    { 0, -80, 0, 0, 0, 0, 0, 0 },
  };
  TlDemoBox boxes[3];
  int n, i;

  n = tl_demo_renderer_draw (r, canvas, 0, people, poses, 3, frame, boxes);
  g_assert_cmpint (n, ==, 2);
  for (i = 0; i < n; i++)
    {
      if (boxes[i].id == 2)
        g_assert_cmpfloat (boxes[i].visibility, ==, 1.0);
      else
        {
          g_assert_cmpint (boxes[i].id, ==, 1);
          g_assert_cmpfloat (boxes[i].visibility, <, 0.9);
          g_assert_cmpfloat (boxes[i].visibility, >, 0.0);
        }
    }
}

/* --- the video ------------------------------------------------------------------------------- */

/* Cloud shadows darken the ground as a real shadow does: luma above black and chroma around
 * grey by the same share (so the grass's colour fades too), leave the sky alone, move with the
 * wind and change no ground truth. */
static void
test_render_clouds (void)
{
  g_autoptr(TlDemoScript) s = tl_demo_script_new (5, 60, 25, 11, 3);
  g_autoptr(TlDemoRenderer) plain = make_renderer (5, 0.0, 0.0, TRUE);
  TlDemoRendererOptions opt;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlDemoRenderer) cloudy = NULL;
  g_autoptr(TlDemoCanvas) cp = tl_demo_canvas_new (plain);
  g_autoptr(TlDemoCanvas) cc = NULL;
  gsize size = tl_demo_renderer_get_frame_size (plain);
  g_autofree guint8 *a = g_malloc (size), *b = g_malloc (size), *b2 = g_malloc (size);
  TlDemoBox boxes_a[64], boxes_b[64];
  const TlDemoObject *objects = tl_demo_script_get_objects (s);
  const TlDemoPose *poses = tl_demo_script_get_poses (s, 50);
  int n_objects = tl_demo_script_get_n_objects (s);
  int n_a, n_b, w = TEST_W, h = TEST_H, shaded = 0, sky_changed = 0, moved = 0;

  tl_demo_renderer_options_init (&opt);
  tl_camera_params_default (&opt.camera, TL_CAMERA_CYLINDRICAL, TEST_W, TEST_H, 5, 6);
  opt.seed = 5;
  opt.noise = 0.0;
  opt.shake = 0.0;
  opt.clouds = TRUE;
  cloudy = tl_demo_renderer_new (&opt, &error);
  g_assert_no_error (error);
  cc = tl_demo_canvas_new (cloudy);

  n_a = tl_demo_renderer_draw (plain, cp, 50, objects, poses, n_objects, a, boxes_a);
  n_b = tl_demo_renderer_draw (cloudy, cc, 50, objects, poses, n_objects, b, boxes_b);
  g_assert_cmpint (n_a, ==, n_b);
  g_assert_cmpmem (boxes_a, n_a * sizeof (TlDemoBox), boxes_b, n_b * sizeof (TlDemoBox));
  /* The same people 5 s later: only the clouds have moved. */
  tl_demo_renderer_draw (cloudy, cc, 175, objects, poses, n_objects, b2, boxes_b);

  for (int y = 0; y < h; y += 2)
    for (int x = 0; x < w; x += 2)
      {
        int i = y * w + x, ci = (y / 2) * (w / 2) + x / 2;
        const guint8 *ua = a + w * h, *ub = b + w * h;
        double keep;

        if (y < h / 8 && a[i] != b[i])
          sky_changed++;
        if (b[i] != b2[i])
          moved++;
        if (a[i] < 60 || b[i] >= a[i] - 8 || abs (ua[ci] - 128) < 12)
          continue;
        /* Inside a cloud's shadow: the chroma kept the luma's share, within rounding. */
        keep = (b[i] - 16.0) / (a[i] - 16.0);
        g_assert_cmpfloat (keep, >=, 0.6);
        g_assert_cmpfloat (fabs ((ub[ci] - 128.0) - (ua[ci] - 128.0) * keep), <=, 3.0);
        shaded++;
      }
  g_assert_cmpint (shaded, >, w * h / 4 / 50);
  g_assert_cmpint (sky_changed, ==, 0);
  g_assert_cmpint (moved, >, w * h / 4 / 50);
}

typedef struct
{
  int   frames;
  int   width, height;
  char *checksum;   /* SHA-256 over every decoded frame's bytes, in order */
} Decoded;

static Decoded
decode (const char *path)
{
  g_autofree char *desc = g_strdup_printf ("filesrc location=\"%s\" ! qtdemux ! decodebin "
                                           "! appsink name=sink sync=false", path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (desc, &error);
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  Decoded d = { 0, 0, 0, NULL };

  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (;;)
    {
      g_autoptr(GstSample) sample = gst_app_sink_pull_sample (GST_APP_SINK (sink));
      GstStructure *st;

      if (sample == NULL)
        break;
      st = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
      gst_structure_get_int (st, "width", &d.width);
      gst_structure_get_int (st, "height", &d.height);
      {
        GstMapInfo map;

        g_assert_true (gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ));
        g_checksum_update (checksum, map.data, map.size);
        gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
      }
      d.frames++;
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  d.checksum = g_strdup (g_checksum_get_string (checksum));
  return d;
}

static void
on_progress (TlDemoGenerator *gen,
             double           fraction,
             double          *last)
{
  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
test_video (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tl-demo-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "demo.mp4", NULL);
  g_autofree char *gt = g_build_filename (dir, "gt.txt", NULL);
  g_autofree char *pitch = g_build_filename (dir, "pitch.txt", NULL);
  g_autofree char *events = g_build_filename (dir, "events.json", NULL);
  g_autofree char *sidecar = tl_demo_sidecar_path_for (out);
  g_autofree char *part = g_strconcat (out, ".part", NULL);
  g_autofree char *text = NULL;
  g_autoptr(TlDemoGenerator) gen = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  JsonObject *root, *cam_obj;
  JsonArray *corr;
  TlCameraParams params;
  TlCamera cam;
  double last = 0.0;
  Decoded d;
  guint i;

  gen = g_object_new (TL_TYPE_DEMO_GENERATOR, "seconds", 2.0, "width", TEST_W, "height", TEST_H,
                      "seed", (guint64) 11, "gt-path", gt, "pitch-path", pitch,
                      "events-path", events, NULL);
  g_signal_connect (gen, "progress", G_CALLBACK (on_progress), &last);
  g_assert_true (tl_demo_generator_run (gen, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpint (tl_demo_generator_get_n_frames (gen), ==, 50);

  /* The video decodes to the stated frame count and size. */
  d = decode (out);
  g_assert_cmpint (d.frames, ==, 50);
  g_assert_cmpint (d.width, ==, TEST_W);
  g_assert_cmpint (d.height, ==, TEST_H);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));

  /* MOT rows: frame from 1, boxes inside the picture, people and the ball. */
  g_assert_true (g_file_get_contents (gt, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >, 50 * 15);
  for (i = 0; lines[i] && *lines[i]; i++)
    {
      int frame, id, l, t, w, h, one, cls;
      float vis;

      g_assert_cmpint (sscanf (lines[i], "%d,%d,%d,%d,%d,%d,%d,%d,%f", &frame, &id, &l, &t, &w,
                               &h, &one, &cls, &vis), ==, 9);
      g_assert_cmpint (frame, >=, 1);
      g_assert_cmpint (frame, <=, 50);
      g_assert_cmpint (l, >=, 0);
      g_assert_cmpint (t, >=, 0);
      g_assert_cmpint (l + w, <=, TEST_W);
      g_assert_cmpint (t + h, <=, TEST_H);
      g_assert_true (cls == 1 || cls == 2);
      g_assert_cmpfloat (vis, >, 0.0);
      g_assert_cmpfloat (vis, <=, 1.0);
    }
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&lines, g_strfreev);

  /* Pitch file: every object every frame. */
  g_assert_true (g_file_get_contents (pitch, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines) - 1, ==, 50 * 26);

  /* Events and the sidecar parse; the sidecar's landmarks agree with its own camera. */
  g_assert_true (json_parser_load_from_file (parser, events, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, sidecar, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "projection"), ==, "cylindrical");
  g_assert_cmpint (json_object_get_int_member (root, "width"), ==, TEST_W);
  cam_obj = json_object_get_object_member (root, "camera");
  memset (&params, 0, sizeof params);
  params.projection = TL_CAMERA_CYLINDRICAL;
  params.width = TEST_W;
  params.height = TEST_H;
  params.x = json_object_get_double_member (cam_obj, "x");
  params.y = json_object_get_double_member (cam_obj, "y");
  params.z = json_object_get_double_member (cam_obj, "z");
  params.yaw = json_object_get_double_member (cam_obj, "yaw_deg") * G_PI / 180.0;
  params.tilt = json_object_get_double_member (cam_obj, "tilt_deg") * G_PI / 180.0;
  params.roll = json_object_get_double_member (cam_obj, "roll_deg") * G_PI / 180.0;
  params.hfov = json_object_get_double_member (root, "hfov_deg") * G_PI / 180.0;
  g_assert_cmpint (tl_camera_init (&cam, &params), ==, TL_CAMERA_OK);
  corr = json_object_get_array_member (root, "correspondences");
  g_assert_cmpuint (json_array_get_length (corr), >=, 8);
  for (i = 0; i < json_array_get_length (corr); i++)
    {
      JsonObject *c = json_array_get_object_element (corr, i);
      double u, v;

      tl_camera_project (&cam, json_object_get_double_member (c, "x"),
                         json_object_get_double_member (c, "y"), 0, &u, &v);
      g_assert_cmpfloat (fabs (u - json_object_get_double_member (c, "u")), <, 0.02);
      g_assert_cmpfloat (fabs (v - json_object_get_double_member (c, "v")), <, 0.02);
    }

  g_unlink (out);
  g_unlink (gt);
  g_unlink (pitch);
  g_unlink (events);
  g_unlink (sidecar);
  g_rmdir (dir);
}

static void
cancel_on_progress (TlDemoGenerator *gen,
                    double           fraction,
                    GCancellable    *cancellable)
{
  if (fraction > 0.2)
    g_cancellable_cancel (cancellable);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  GError **error = data;

  g_assert_false (tl_demo_generator_run_finish (TL_DEMO_GENERATOR (source), result, error));
}

static void
test_video_cancel_async (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tl-demo-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "demo.mp4", NULL);
  g_autofree char *part = g_strconcat (out, ".part", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(TlDemoGenerator) gen = NULL;
  GError *error = NULL;

  gen = g_object_new (TL_TYPE_DEMO_GENERATOR, "seconds", 6.0, "width", TEST_W,
                      "height", TEST_H, NULL);
  /* Progress arrives in this thread's main context; cancelling from there stops the run. */
  g_signal_connect (gen, "progress", G_CALLBACK (cancel_on_progress), cancellable);
  tl_demo_generator_run_async (gen, out, cancellable, on_run_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

static void
test_video_bad_options (void)
{
  g_autoptr(TlDemoGenerator) gen = g_object_new (TL_TYPE_DEMO_GENERATOR, "projection", "fisheye",
                                                 NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (tl_demo_generator_run (gen, "/nonexistent/x.mp4", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_object_set (gen, "projection", "flat", "width", 1001, NULL);
  g_assert_false (tl_demo_generator_run (gen, "/nonexistent/x.mp4", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static gpointer
generate_in_thread (gpointer data)
{
  const char *path = data;
  g_autoptr(TlDemoGenerator) generator = NULL;
  g_autoptr(GError) error = NULL;

  generator = g_object_new (TL_TYPE_DEMO_GENERATOR, "seconds", 3.0, "seed", (guint64) 7,
                            "width", 1920, "height", 576, NULL);
  g_assert_true (tl_demo_generator_run (generator, path, NULL, &error));
  g_assert_no_error (error);
  return NULL;
}

/* The same seed gives the same *video*, not only the same rendered frames: two runs at once
 * (so the machine is busy, as in CI) must decode to identical pixels. */
static void
test_video_deterministic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tl-demo-det-XXXXXX", &error);
  g_autofree char *first = g_build_filename (dir, "first.mp4", NULL);
  g_autofree char *second = g_build_filename (dir, "second.mp4", NULL);
  GThread *threads[2];
  Decoded a, b;

  g_assert_no_error (error);
  threads[0] = g_thread_new ("first", generate_in_thread, first);
  threads[1] = g_thread_new ("second", generate_in_thread, second);
  g_thread_join (threads[0]);
  g_thread_join (threads[1]);

  a = decode (first);
  b = decode (second);
  g_assert_cmpint (a.frames, ==, 75);
  g_assert_cmpint (b.frames, ==, 75);
  g_assert_cmpstr (a.checksum, ==, b.checksum);

  g_free (a.checksum);
  g_free (b.checksum);
  for (guint i = 0; i < 2; i++)
    {
      const char *video = i == 0 ? first : second;
      g_autofree char *sidecar = tl_demo_sidecar_path_for (video);

      g_unlink (video);
      g_unlink (sidecar);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/camera/round-trip", test_camera_round_trip);
  g_test_add_func ("/demo/camera/invalid", test_camera_invalid);
  g_test_add_func ("/demo/camera/person-height", test_camera_person_height);
  g_test_add_func ("/demo/script/determinism", test_script_determinism);
  g_test_add_func ("/demo/script/match", test_script_match);
  g_test_add_func ("/demo/render/determinism", test_render_determinism);
  g_test_add_func ("/demo/render/box-encloses-player", test_render_box_encloses_player);
  g_test_add_func ("/demo/render/occlusion", test_render_occlusion);
  g_test_add_func ("/demo/render/clouds", test_render_clouds);
  g_test_add_func ("/demo/video/decodes", test_video);
  g_test_add_func ("/demo/video/deterministic", test_video_deterministic);
  g_test_add_func ("/demo/video/cancel-async", test_video_cancel_async);
  g_test_add_func ("/demo/video/bad-options", test_video_bad_options);

  return g_test_run ();
}
