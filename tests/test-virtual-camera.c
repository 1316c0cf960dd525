/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-virtual-camera.c: the virtual camera: known pixels, round trips, clamping, CPU render. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "tl-camera.h"
#include "tl-virtual-camera.h"

#define DEG (G_PI / 180.0)

static void
panorama_params (TlCameraParams *p,
                 int             width,
                 int             height,
                 double          hfov)
{
  memset (p, 0, sizeof *p);
  p->projection = TL_CAMERA_CYLINDRICAL;
  p->width = width;
  p->height = height;
  p->hfov = hfov;
}

static void
flat_params (TlCameraParams *p,
             int             width,
             int             height,
             double          hfov)
{
  memset (p, 0, sizeof *p);
  p->projection = TL_CAMERA_PINHOLE;
  p->width = width;
  p->height = height;
  p->hfov = hfov;
}

static void
assert_maps (const TlVirtualCamera *vc,
             const TlCameraParams  *src,
             double                 x,
             double                 y,
             double                 u,
             double                 v)
{
  double su = -1, sv = -1, ox = -1, oy = -1;

  g_assert_cmpint (tl_virtual_camera_map_pixel (vc, src, x, y, &su, &sv), ==, TL_CAMERA_VISIBLE);
  g_assert_cmpfloat_with_epsilon (su, u, 1e-6);
  g_assert_cmpfloat_with_epsilon (sv, v, 1e-6);
  /* On the border rounding may put it a hair outside. */
  g_assert_cmpint (tl_virtual_camera_unmap_pixel (vc, src, u, v, &ox, &oy), >=, 0);
  g_assert_cmpfloat_with_epsilon (ox, x, 1e-6);
  g_assert_cmpfloat_with_epsilon (oy, y, 1e-6);
}

/* Directions worked out by hand from the formula in tl-virtual-camera.h. */
static void
test_known_pixels_panorama (void)
{
  TlCameraParams src;
  TlVirtualCamera vc;
  double fs = 3840.0 / G_PI;
  double fv = 960.0 / tan (30.0 * DEG);

  panorama_params (&src, 3840, 1152, G_PI);
  g_assert_cmpint (tl_virtual_camera_init (&vc, 1920, 1080, 0.0, 0.0, 60.0 * DEG), ==,
                   TL_CAMERA_OK);

  /* The centre looks at the panorama's centre; the right edge 30° to the right. */
  assert_maps (&vc, &src, 960, 540, 1920, 576);
  assert_maps (&vc, &src, 1920, 540, 1920 + fs * 30.0 * DEG, 576);
  assert_maps (&vc, &src, 0, 540, 1920 - fs * 30.0 * DEG, 576);
  /* The top centre: elevation atan (540 / fv); a cylinder's rows are its tangent. */
  assert_maps (&vc, &src, 960, 0, 1920, 576 - fs * 540.0 / fv);
  /* A corner: azimuth 30°, and the ray's height over its horizontal length. */
  assert_maps (&vc, &src, 1920, 0, 1920 + fs * 30.0 * DEG,
               576 - fs * (540.0 / fv) / hypot (960.0 / fv, 1.0));

  /* Yaw is the panorama's azimuth; pitch raises the centre to the tangent of the pitch. */
  tl_virtual_camera_set_view (&vc, 45.0 * DEG, 0.0, 60.0 * DEG);
  assert_maps (&vc, &src, 960, 540, 1920 + fs * 45.0 * DEG, 576);
  tl_virtual_camera_set_view (&vc, -45.0 * DEG, 10.0 * DEG, 60.0 * DEG);
  assert_maps (&vc, &src, 960, 540, 1920 - fs * 45.0 * DEG, 576 - fs * tan (10.0 * DEG));
}

static void
test_known_pixels_flat (void)
{
  TlCameraParams src;
  TlVirtualCamera vc;
  double u, v;

  /* The same camera as the source: the identity. */
  flat_params (&src, 1920, 1080, 90.0 * DEG);
  tl_virtual_camera_init (&vc, 1920, 1080, 0.0, 0.0, 90.0 * DEG);
  assert_maps (&vc, &src, 0.5, 0.5, 0.5, 0.5);
  assert_maps (&vc, &src, 1234.25, 77.5, 1234.25, 77.5);

  /* Half the field of view at half the size: a centred crop. */
  tl_virtual_camera_init (&vc, 960, 540, 0.0, 0.0, 2.0 * atan (0.5));
  assert_maps (&vc, &src, 0, 0, 480, 270);
  assert_maps (&vc, &src, 960, 540, 1440, 810);

  /* Turned 20° right: the centre lands at cx + f tan 20°. */
  tl_virtual_camera_set_view (&vc, 20.0 * DEG, 0.0, 60.0 * DEG);
  assert_maps (&vc, &src, 480, 270, 960 + 960 * tan (20.0 * DEG), 540);

  /* Turned round, the view sees nothing of a flat source. */
  tl_virtual_camera_set_view (&vc, 180.0 * DEG, 0.0, 60.0 * DEG);
  g_assert_cmpint (tl_virtual_camera_map_pixel (&vc, &src, 480, 270, &u, &v), ==,
                   TL_CAMERA_BEHIND);
  g_assert_cmpint (tl_virtual_camera_unmap_pixel (&vc, &src, 960, 540, &u, &v), ==,
                   TL_CAMERA_BEHIND);
}

static void
test_round_trips (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  int i;

  for (i = 0; i < 2000; i++)
    {
      TlCameraParams src;
      TlVirtualCamera vc;
      double x, y, u, v, x2, y2;
      TlCameraStatus st;

      if (i % 2 == 0)
        panorama_params (&src, 3840, 1152, g_rand_double_range (rand, 90, 360) * DEG);
      else
        flat_params (&src, 1920, 1080, g_rand_double_range (rand, 40, 150) * DEG);
      tl_virtual_camera_init (&vc, 1280, 720, g_rand_double_range (rand, -1.0, 1.0),
                              g_rand_double_range (rand, -0.5, 0.5),
                              g_rand_double_range (rand, 5, 110) * DEG);
      x = g_rand_double_range (rand, 0, 1280);
      y = g_rand_double_range (rand, 0, 720);
      st = tl_virtual_camera_map_pixel (&vc, &src, x, y, &u, &v);
      if (st == TL_CAMERA_BEHIND)
        continue;
      g_assert_cmpint (st, >=, 0);
      g_assert_cmpint (tl_virtual_camera_unmap_pixel (&vc, &src, u, v, &x2, &y2), ==,
                       TL_CAMERA_VISIBLE);
      g_assert_cmpfloat_with_epsilon (x2, x, 1e-6);
      g_assert_cmpfloat_with_epsilon (y2, y, 1e-6);
    }
}

/* The virtual view is a pinhole in the world of tl-camera.h: a pitch point the source camera
 * sees at (u, v) is where the virtual ray through the output pixel points. */
static void
test_agrees_with_camera_model (void)
{
  TlCameraParams params;
  TlCamera cam;
  TlVirtualCamera vc;
  double pts[][2] = { { 0, 0 }, { -52.5, 34 }, { 52.5, -34 }, { 40, 20 }, { -30, -10 } };
  guint i;

  tl_camera_params_default (&params, TL_CAMERA_CYLINDRICAL, 3840, 1152, 5.0, 6.0);
  g_assert_cmpint (tl_camera_init (&cam, &params), ==, TL_CAMERA_OK);
  tl_virtual_camera_init (&vc, 1920, 1080, 0.0, 0.0, 60.0 * DEG);

  for (i = 0; i < G_N_ELEMENTS (pts); i++)
    {
      double u, v, x, y, u2, v2, ray[3], dir[3], P[3], n;
      int k;

      g_assert_cmpint (tl_camera_project (&cam, pts[i][0], pts[i][1], 0.0, &u, &v), ==,
                       TL_CAMERA_VISIBLE);
      /* Point the virtual camera at it, then check where the ray of the centre goes. */
      g_assert_cmpint (tl_virtual_camera_look_through (&vc, &params, 960, 540, u, v), ==,
                       TL_CAMERA_OK);
      g_assert_cmpint (tl_virtual_camera_map_pixel (&vc, &params, 960, 540, &u2, &v2), >=, 0);
      g_assert_cmpfloat_with_epsilon (u2, u, 1e-6);
      g_assert_cmpfloat_with_epsilon (v2, v, 1e-6);

      /* The virtual forward axis, in pitch coordinates, points at the pitch point. */
      for (k = 0; k < 3; k++)
        ray[k] = vc.r[2][k];
      for (k = 0; k < 3; k++)
        dir[k] = cam.r[0][k] * ray[0] + cam.r[1][k] * ray[1] + cam.r[2][k] * ray[2];
      P[0] = pts[i][0] - params.x;
      P[1] = pts[i][1] - params.y;
      P[2] = -params.z;
      n = sqrt (P[0] * P[0] + P[1] * P[1] + P[2] * P[2]);
      for (k = 0; k < 3; k++)
        g_assert_cmpfloat_with_epsilon (dir[k], P[k] / n, 1e-9);

      /* And the unmap of that source pixel is the centre. */
      g_assert_cmpint (tl_virtual_camera_unmap_pixel (&vc, &params, u, v, &x, &y), ==,
                       TL_CAMERA_VISIBLE);
      g_assert_cmpfloat_with_epsilon (x, 960, 1e-6);
      g_assert_cmpfloat_with_epsilon (y, 540, 1e-6);
    }
}

static void
test_look_through (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  TlCameraParams src;
  TlVirtualCamera vc;
  int i;

  panorama_params (&src, 3840, 1152, G_PI);
  tl_virtual_camera_init (&vc, 1920, 1080, 0.0, 0.0, 50.0 * DEG);
  for (i = 0; i < 500; i++)
    {
      double x = g_rand_double_range (rand, 0, 1920), y = g_rand_double_range (rand, 0, 1080);
      double u = g_rand_double_range (rand, 0, 3840), v = g_rand_double_range (rand, 0, 1152);
      double u2, v2;

      g_assert_cmpint (tl_virtual_camera_look_through (&vc, &src, x, y, u, v), ==, TL_CAMERA_OK);
      g_assert_cmpint (tl_virtual_camera_map_pixel (&vc, &src, x, y, &u2, &v2), >=, 0);
      g_assert_cmpfloat_with_epsilon (u2, u, 1e-6);
      g_assert_cmpfloat_with_epsilon (v2, v, 1e-6);
    }
}

/* Every pixel of every border lands in the source (denser than the clamp's own check). */
static gboolean
border_inside (const TlVirtualCamera *vc,
               const TlCameraParams  *src)
{
  int i;

  for (i = 0; i <= vc->width; i++)
    {
      double u, v;

      if (tl_virtual_camera_map_pixel (vc, src, i, 0, &u, &v) != TL_CAMERA_VISIBLE
          && !(src->hfov >= 2 * G_PI - 1e-9 && v >= -1e-6 && v <= src->height + 1e-6))
        return FALSE;
      if (tl_virtual_camera_map_pixel (vc, src, i, vc->height, &u, &v) != TL_CAMERA_VISIBLE
          && !(src->hfov >= 2 * G_PI - 1e-9 && v >= -1e-6 && v <= src->height + 1e-6))
        return FALSE;
    }
  for (i = 0; i <= vc->height; i++)
    {
      double u, v;

      if (tl_virtual_camera_map_pixel (vc, src, 0, i, &u, &v) != TL_CAMERA_VISIBLE)
        return FALSE;
      if (tl_virtual_camera_map_pixel (vc, src, vc->width, i, &u, &v) != TL_CAMERA_VISIBLE)
        return FALSE;
    }
  return TRUE;
}

static void
test_clamp (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  TlCameraParams src;
  TlVirtualCamera vc;
  double expected;
  int i;

  /* The widest 16:9 view of a 3840x1152 180° panorama is bounded by its height:
   * tan (vfov / 2) = 576 / fs. */
  panorama_params (&src, 3840, 1152, G_PI);
  tl_virtual_camera_init (&vc, 1920, 1080, 0.0, 0.0, 110.0 * DEG);
  g_assert_false (tl_virtual_camera_fits (&vc, &src));
  g_assert_cmpint (tl_virtual_camera_clamp (&vc, &src), ==, 1);
  expected = 2.0 * atan (576.0 / (3840.0 / G_PI) * 1920.0 / 1080.0);
  g_assert_cmpfloat_with_epsilon (vc.hfov, expected, 1e-6);
  g_assert_true (tl_virtual_camera_fits (&vc, &src));

  /* A view that fits is left alone. */
  tl_virtual_camera_init (&vc, 1920, 1080, 0.3, -0.05, 40.0 * DEG);
  g_assert_cmpint (tl_virtual_camera_clamp (&vc, &src), ==, 0);
  g_assert_cmpfloat (vc.yaw, ==, 0.3);
  g_assert_cmpfloat (vc.pitch, ==, -0.05);
  g_assert_cmpfloat (vc.hfov, ==, 40.0 * DEG);

  /* Too far right: yaw stops where the right edge meets the panorama's edge. */
  tl_virtual_camera_init (&vc, 1920, 1080, 85.0 * DEG, 0.0, 40.0 * DEG);
  g_assert_cmpint (tl_virtual_camera_clamp (&vc, &src), ==, 1);
  g_assert_cmpfloat_with_epsilon (vc.yaw, 70.0 * DEG, 1e-6);

  /* A flat 90° source and a 16:9 view: the widest is the source itself. */
  flat_params (&src, 1920, 1080, 90.0 * DEG);
  tl_virtual_camera_init (&vc, 1920, 1080, 0.2, 0.2, 100.0 * DEG);
  tl_virtual_camera_clamp (&vc, &src);
  g_assert_cmpfloat_with_epsilon (vc.hfov, 90.0 * DEG, 1e-6);
  g_assert_cmpfloat_with_epsilon (vc.yaw, 0.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (vc.pitch, 0.0, 1e-6);

  /* A 360° panorama only wraps yaw. */
  panorama_params (&src, 4096, 1024, 2 * G_PI);
  tl_virtual_camera_init (&vc, 1280, 720, 4.0, 0.0, 60.0 * DEG);
  tl_virtual_camera_clamp (&vc, &src);
  g_assert_cmpfloat_with_epsilon (vc.yaw, 4.0 - 2 * G_PI, 1e-9);

  /* Random views of random sources always end up inside. */
  for (i = 0; i < 300; i++)
    {
      int w = 2 * g_rand_int_range (rand, 100, 1000), h = 2 * g_rand_int_range (rand, 100, 600);

      if (i % 3 == 0)
        flat_params (&src, 1920, 1080, g_rand_double_range (rand, 40, 120) * DEG);
      else if (i % 3 == 1)
        panorama_params (&src, 3840, 1152, g_rand_double_range (rand, 120, 200) * DEG);
      else
        panorama_params (&src, 4000, 1000, 2 * G_PI);
      tl_virtual_camera_init (&vc, w, h, g_rand_double_range (rand, -3, 3),
                              g_rand_double_range (rand, -1.5, 1.5),
                              g_rand_double_range (rand, 1, 170) * DEG);
      g_assert_cmpint (tl_virtual_camera_clamp (&vc, &src), >=, 0);
      g_assert_true (tl_virtual_camera_fits (&vc, &src));
      g_assert_true (border_inside (&vc, &src));
      g_assert_cmpfloat (vc.hfov, >=, TL_VIRTUAL_CAMERA_MIN_HFOV - 1e-12);
      g_assert_cmpfloat (vc.hfov, <=, TL_VIRTUAL_CAMERA_MAX_HFOV + 1e-12);
      /* Clamping twice changes nothing. */
      g_assert_cmpint (tl_virtual_camera_clamp (&vc, &src), ==, 0);
    }
}

/* A pinhole view keeps straight world lines straight; the panorama bends them. */
static void
test_straight_lines (void)
{
  TlCameraParams params;
  TlCamera cam;
  TlVirtualCamera vc;
  double xs[9][2], us[9][2];
  double dev_view = 0, dev_pano = 0;
  int i;

  tl_camera_params_default (&params, TL_CAMERA_CYLINDRICAL, 3840, 1152, 5.0, 6.0);
  tl_camera_init (&cam, &params);
  tl_virtual_camera_init (&vc, 1920, 1080, 0.0, 0.2, 70.0 * DEG);

  /* The far touchline between the edges of the penalty areas. */
  for (i = 0; i < 9; i++)
    {
      double u, v;

      g_assert_cmpint (tl_camera_project (&cam, -36.0 + 9.0 * i, 34.0, 0.0, &u, &v), ==,
                       TL_CAMERA_VISIBLE);
      us[i][0] = u;
      us[i][1] = v;
      g_assert_cmpint (tl_virtual_camera_unmap_pixel (&vc, &params, u, v, &xs[i][0], &xs[i][1]),
                       ==, TL_CAMERA_VISIBLE);
    }

  for (i = 1; i < 8; i++)
    {
      double dx = xs[8][0] - xs[0][0], dy = xs[8][1] - xs[0][1];
      double du = us[8][0] - us[0][0], dv = us[8][1] - us[0][1];

      dev_view = fmax (dev_view, fabs ((xs[i][0] - xs[0][0]) * dy - (xs[i][1] - xs[0][1]) * dx)
                                 / hypot (dx, dy));
      dev_pano = fmax (dev_pano, fabs ((us[i][0] - us[0][0]) * dv - (us[i][1] - us[0][1]) * du)
                                 / hypot (du, dv));
    }
  g_test_message ("far touchline: %.2g px off straight in the view, %.1f px in the panorama",
                  dev_view, dev_pano);
  g_assert_cmpfloat (dev_view, <, 1e-6);
  g_assert_cmpfloat (dev_pano, >, 5.0);
}

/* RGBA gradient: red follows the column, green the row, blue a checker. */
static guint8 *
make_rgba_panorama (int w,
                    int h)
{
  guint8 *pix = g_malloc ((gsize) w * h * 4);
  int x, y;

  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      {
        guint8 *p = pix + ((gsize) y * w + x) * 4;

        p[0] = (guint8) (x * 255 / (w - 1));
        p[1] = (guint8) (y * 255 / (h - 1));
        p[2] = ((x / 64 + y / 64) % 2) ? 200 : 40;
        p[3] = 255;
      }
  return pix;
}

static void
test_render_rgba (void)
{
  const int sw = 3840, sh = 1152, ow = 640, oh = 360;
  g_autofree guint8 *pano = make_rgba_panorama (sw, sh);
  g_autofree guint8 *out = g_malloc0 ((gsize) ow * oh * 4);
  TlCameraParams src;
  TlVirtualCamera vc;
  double max_err = 0.0;
  int x, y, k, worst = 0;

  panorama_params (&src, sw, sh, G_PI);
  tl_virtual_camera_init (&vc, ow, oh, 0.0, 0.0, 60.0 * DEG);
  g_assert_cmpint (tl_virtual_camera_render_rgba (&vc, &src, pano, sw * 4, out, ow * 4), ==,
                   TL_CAMERA_OK);
  /* Output pixel (320, 180) has its centre at 320.5, 180.5, a quarter source pixel right and
   * down of the panorama's centre (1920, 576): between source pixels 1919.5 and 1920.5. */
  for (k = 0; k < 3; k++)
    {
      int a = pano[(576 * sw + 1920) * 4 + k];
      int b = out[(180 * ow + 320) * 4 + k];

      g_assert_cmpint (ABS (a - b), <=, 2);
    }

  /* Against an exact per-pixel reference (map_pixel and the same bilinear sampling): the grid
   * interpolation costs at most a level or two. */
  tl_virtual_camera_init (&vc, ow, oh, 0.7, -0.1, 45.0 * DEG);
  tl_virtual_camera_clamp (&vc, &src);
  tl_virtual_camera_render_rgba (&vc, &src, pano, sw * 4, out, ow * 4);
  for (y = 0; y < oh; y++)
    for (x = 0; x < ow; x++)
      {
        double u, v, gu, gv;
        double sx, sy, fx, fy;
        int x0, y0;

        g_assert_cmpint (tl_virtual_camera_map_pixel (&vc, &src, x + 0.5, y + 0.5, &u, &v), ==,
                         TL_CAMERA_VISIBLE);
        /* The grid's own interpolation error, for the header's claim. */
        {
          int gx = x / 8, gy = y / 8;
          double n[4][2], tx = (x - gx * 8) / 8.0, ty = (y - gy * 8) / 8.0;

          for (k = 0; k < 4; k++)
            tl_virtual_camera_map_pixel (&vc, &src, (gx + k % 2) * 8 + 0.5,
                                         (gy + k / 2) * 8 + 0.5, &n[k][0], &n[k][1]);
          gu = (1 - ty) * ((1 - tx) * n[0][0] + tx * n[1][0])
               + ty * ((1 - tx) * n[2][0] + tx * n[3][0]);
          gv = (1 - ty) * ((1 - tx) * n[0][1] + tx * n[1][1])
               + ty * ((1 - tx) * n[2][1] + tx * n[3][1]);
          max_err = fmax (max_err, hypot (gu - u, gv - v));
        }
        sx = u - 0.5;
        sy = v - 0.5;
        x0 = (int) floor (sx);
        y0 = (int) floor (sy);
        fx = sx - x0;
        fy = sy - y0;
        for (k = 0; k < 3; k++)
          {
            int x1 = MIN (x0 + 1, sw - 1), y1 = MIN (y0 + 1, sh - 1);
            int xa = MAX (x0, 0), ya = MAX (y0, 0);
            double ref = (1 - fy) * ((1 - fx) * pano[(ya * sw + xa) * 4 + k]
                                     + fx * pano[(ya * sw + x1) * 4 + k])
                         + fy * ((1 - fx) * pano[(y1 * sw + xa) * 4 + k]
                                 + fx * pano[(y1 * sw + x1) * 4 + k]);

            worst = MAX (worst, (int) fabs (ref - out[(y * ow + x) * 4 + k]));
          }
        g_assert_cmpint (out[(y * ow + x) * 4 + 3], ==, 255);
      }
  g_test_message ("grid interpolation: %.4f px at most; rendering %d levels off at most",
                  max_err, worst);
  g_assert_cmpfloat (max_err, <, 0.02);
  /* The checker's edges are 160 levels high: a fiftieth of a pixel is ~3 levels there. */
  g_assert_cmpint (worst, <=, 4);
}

static void
test_render_i420 (void)
{
  const int sw = 1920, sh = 576, ow = 320, oh = 180;
  g_autofree guint8 *y_src = g_malloc (sw * sh);
  g_autofree guint8 *u_src = g_malloc (sw * sh / 4);
  g_autofree guint8 *v_src = g_malloc (sw * sh / 4);
  g_autofree guint8 *y_dst = g_malloc (ow * oh);
  g_autofree guint8 *u_dst = g_malloc (ow * oh / 4);
  g_autofree guint8 *v_dst = g_malloc (ow * oh / 4);
  const guint8 *srcs[3] = { y_src, u_src, v_src };
  guint8 *dsts[3] = { y_dst, u_dst, v_dst };
  size_t sstr[3] = { sw, sw / 2, sw / 2 }, dstr[3] = { ow, ow / 2, ow / 2 };
  TlCameraParams src;
  TlVirtualCamera vc;
  int i;

  /* Pitch green everywhere but a white square at the centre. */
  memset (y_src, 120, sw * sh);
  memset (u_src, 90, sw * sh / 4);
  memset (v_src, 80, sw * sh / 4);
  for (i = sh / 2 - 8; i < sh / 2 + 8; i++)
    memset (y_src + i * sw + sw / 2 - 8, 235, 16);

  panorama_params (&src, sw, sh, G_PI);
  tl_virtual_camera_init (&vc, ow, oh, 0.0, 0.0, 30.0 * DEG);
  g_assert_cmpint (tl_virtual_camera_render_i420 (&vc, &src, srcs, sstr, dsts, dstr), ==,
                   TL_CAMERA_OK);
  /* 30° over 320 px is about as magnified as 180° over 1920: the square stays ~16 px. */
  g_assert_cmpint (y_dst[90 * ow + 160], ==, 235);
  g_assert_cmpint (y_dst[90 * ow + 155], ==, 235);
  g_assert_cmpint (y_dst[90 * ow + 100], ==, 120);
  g_assert_cmpint (y_dst[10 * ow + 160], ==, 120);
  g_assert_cmpint (u_dst[45 * ow / 2 + 80], ==, 90);
  g_assert_cmpint (v_dst[10 * ow / 2 + 10], ==, 80);

  /* Odd sizes are refused. */
  tl_virtual_camera_init (&vc, 321, 180, 0.0, 0.0, 30.0 * DEG);
  g_assert_cmpint (tl_virtual_camera_render_i420 (&vc, &src, srcs, sstr, dsts, dstr), ==,
                   TL_CAMERA_ERROR_INVALID);
}

static void
test_invalid (void)
{
  TlVirtualCamera vc;
  TlCameraParams src;
  double u, v;

  g_assert_cmpint (tl_virtual_camera_init (&vc, 0, 100, 0, 0, 1.0), ==, TL_CAMERA_ERROR_INVALID);
  g_assert_cmpint (tl_virtual_camera_init (&vc, 100, 100, 0, 0, G_PI), ==,
                   TL_CAMERA_ERROR_INVALID);
  g_assert_cmpint (tl_virtual_camera_init (&vc, 100, 100, NAN, 0, 1.0), ==,
                   TL_CAMERA_ERROR_INVALID);
  g_assert_cmpint (tl_virtual_camera_init (&vc, 100, 100, 0, 0, 1.0), ==, TL_CAMERA_OK);
  flat_params (&src, 100, 100, G_PI);
  g_assert_cmpint (tl_virtual_camera_map_pixel (&vc, &src, 1, 1, &u, &v), ==,
                   TL_CAMERA_ERROR_INVALID);
  g_assert_cmpint (tl_virtual_camera_map_pixel (&vc, NULL, 1, 1, &u, &v), ==,
                   TL_CAMERA_ERROR_INVALID);
  g_assert_cmpint (tl_virtual_camera_clamp (NULL, &src), ==, TL_CAMERA_ERROR_INVALID);
  g_assert_false (tl_virtual_camera_fits (&vc, &src));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/virtual-camera/known-pixels/panorama", test_known_pixels_panorama);
  g_test_add_func ("/virtual-camera/known-pixels/flat", test_known_pixels_flat);
  g_test_add_func ("/virtual-camera/round-trips", test_round_trips);
  g_test_add_func ("/virtual-camera/camera-model", test_agrees_with_camera_model);
  g_test_add_func ("/virtual-camera/look-through", test_look_through);
  g_test_add_func ("/virtual-camera/clamp", test_clamp);
  g_test_add_func ("/virtual-camera/straight-lines", test_straight_lines);
  g_test_add_func ("/virtual-camera/render-rgba", test_render_rgba);
  g_test_add_func ("/virtual-camera/render-i420", test_render_i420);
  g_test_add_func ("/virtual-camera/invalid", test_invalid);

  return g_test_run ();
}
