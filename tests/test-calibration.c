/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-calibration.c: homography and camera fits recover known cameras from landmarks. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "tl-calibration.h"

/* Landmarks a user can click: corners, halfway ends, centre spot, penalty spots, box corners. */
static const double landmarks[][2] = {
  { 0, 0 }, { 0, 34 }, { 0, -34 }, { -52.5, 34 }, { 52.5, 34 }, { -52.5, -34 }, { 52.5, -34 },
  { -41.5, 0 }, { 41.5, 0 }, { -36, 20.16 }, { 36, 20.16 }, { -36, -20.16 }, { 36, -20.16 },
};

static int
project_landmarks (const TlCameraParams *params,
                   double                noise,
                   GRand                *rand,
                   TlCorrespondence     *out)
{
  TlCamera cam;
  int n = 0;

  g_assert_cmpint (tl_camera_init (&cam, params), ==, TL_CAMERA_OK);
  for (gsize i = 0; i < G_N_ELEMENTS (landmarks); i++)
    {
      double u, v;

      if (tl_camera_project (&cam, landmarks[i][0], landmarks[i][1], 0, &u, &v)
          != TL_CAMERA_VISIBLE)
        continue;
      /* Box-Muller: Gaussian pixel noise of @noise px per axis. */
      if (noise > 0)
        {
          double a = g_rand_double_range (rand, 1e-12, 1), b = g_rand_double (rand);

          u += noise * sqrt (-2 * log (a)) * cos (2 * G_PI * b);
          v += noise * sqrt (-2 * log (a)) * sin (2 * G_PI * b);
        }
      out[n++] = (TlCorrespondence) { u, v, landmarks[i][0], landmarks[i][1] };
    }
  return n;
}

/* Largest pitch -> true pixel -> fitted camera -> pitch error over a grid on the pitch. */
static double
round_trip_error (const TlCameraParams *truth,
                  const TlCameraParams *fitted)
{
  TlCamera a, b;
  double worst = 0;

  g_assert_cmpint (tl_camera_init (&a, truth), ==, TL_CAMERA_OK);
  g_assert_cmpint (tl_camera_init (&b, fitted), ==, TL_CAMERA_OK);
  for (double x = -52.5; x <= 52.5; x += 7.5)
    for (double y = -34; y <= 34; y += 6.8)
      {
        double u, v, gx, gy;

        if (tl_camera_project (&a, x, y, 0, &u, &v) != TL_CAMERA_VISIBLE)
          continue;
        g_assert_cmpint (tl_camera_unproject_ground (&b, u, v, &gx, &gy), ==, TL_CAMERA_OK);
        worst = MAX (worst, hypot (gx - x, gy - y));
      }
  return worst;
}

static void
test_homography_exact (void)
{
  TlCameraParams params;
  TlCorrespondence pts[G_N_ELEMENTS (landmarks)];
  TlCalibrationReport report;
  TlCamera cam;
  double h[9], inv[9], worst = 0;
  char message[256];
  int n;

  tl_camera_params_default (&params, TL_CAMERA_PINHOLE, 1920, 1080, 5, 6);
  params.hfov = 100 * G_PI / 180;
  params.yaw = 0.05;
  params.roll = 0.02;
  n = project_landmarks (&params, 0, NULL, pts);
  g_assert_cmpint (n, >=, 6);
  g_assert_cmpint (tl_homography_fit (pts, n, h, &report, message, sizeof message), ==,
                   TL_CALIBRATION_OK);
  g_assert_cmpfloat (report.rms_px, <, 1e-6);
  g_assert_cmpfloat (report.rms_m, <, 1e-6);

  g_assert_cmpint (tl_homography_invert (h, inv), ==, 0);
  g_assert_cmpint (tl_camera_init (&cam, &params), ==, TL_CAMERA_OK);
  for (double x = -52.5; x <= 52.5; x += 7.5)
    for (double y = -34; y <= 34; y += 6.8)
      {
        double u, v, gx, gy;

        if (tl_camera_project (&cam, x, y, 0, &u, &v) != TL_CAMERA_VISIBLE)
          continue;
        g_assert_cmpint (tl_homography_apply (inv, u, v, &gx, &gy), ==, 0);
        worst = MAX (worst, hypot (gx - x, gy - y));
      }
  g_assert_cmpfloat (worst, <, 0.05);
}

static void
test_homography_noise (void)
{
  TlCameraParams params;
  TlCorrespondence pts[G_N_ELEMENTS (landmarks)];
  TlCalibrationReport report;
  GRand *rand = g_rand_new_with_seed (7);
  double h[9];
  int n;

  tl_camera_params_default (&params, TL_CAMERA_PINHOLE, 1920, 1080, 5, 6);
  params.hfov = 100 * G_PI / 180;
  n = project_landmarks (&params, 1.0, rand, pts);
  g_assert_cmpint (tl_homography_fit (pts, n, h, &report, NULL, 0), ==, TL_CALIBRATION_OK);
  g_test_message ("homography, 1 px noise: rms %.2f px, %.3f m (max %.3f m)", report.rms_px,
                  report.rms_m, report.max_m);
  /* The DLT minimises an algebraic error, not the pixel one: a little above the noise. */
  g_assert_cmpfloat (report.rms_px, <, 3.0);
  g_assert_cmpfloat (report.max_m, <, 1.5);
  g_rand_free (rand);
}

/* Fits a camera, from no guess, to the landmarks @truth sees (with @noise px of noise) and
 * checks it is @truth. */
static void
check_fit_of (const TlCameraParams *truth,
              double                noise)
{
  TlCameraParams fitted;
  TlCorrespondence pts[G_N_ELEMENTS (landmarks)];
  TlCalibrationReport report;
  GRand *rand = g_rand_new_with_seed (11);
  char message[256] = "";
  double err;
  int n;

  n = project_landmarks (truth, noise, rand, pts);
  g_assert_cmpint (n, >=, 6);
  g_assert_cmpint (tl_camera_fit (pts, n, truth->projection, truth->width, truth->height, NULL,
                                  &fitted, &report, message, sizeof message), ==,
                   TL_CALIBRATION_OK);
  err = round_trip_error (truth, &fitted);
  g_test_message ("%s, %d points, noise %.1f px: rms %.3f px, %.3f m; round trip max %.3f m; "
                  "%d iterations", tl_camera_projection_to_string (truth->projection), n,
                  noise, report.rms_px, report.rms_m, err, report.iterations);
  if (noise == 0)
    {
      g_assert_cmpfloat (report.rms_px, <, 1e-3);
      g_assert_cmpfloat (fabs (fitted.x - truth->x), <, 0.01);
      g_assert_cmpfloat (fabs (fitted.y - truth->y), <, 0.01);
      g_assert_cmpfloat (fabs (fitted.z - truth->z), <, 0.01);
      g_assert_cmpfloat (fabs (fitted.yaw - truth->yaw), <, 1e-4);
      g_assert_cmpfloat (fabs (fitted.tilt - truth->tilt), <, 1e-4);
      g_assert_cmpfloat (fabs (fitted.roll - truth->roll), <, 1e-4);
      g_assert_cmpfloat (fabs (fitted.hfov - truth->hfov), <, 1e-4);
      g_assert_cmpfloat (err, <, 0.05);
    }
  else
    {
      g_assert_cmpfloat (report.rms_px, <, 2 * noise);
      g_assert_cmpfloat (err, <, 2.0);
    }
  g_rand_free (rand);
}

/* A camera a little off the default one behind the halfway line. */
static void
check_camera_fit (TlCameraProjection projection,
                  int                width,
                  int                height,
                  double             noise)
{
  TlCameraParams truth;

  tl_camera_params_default (&truth, projection, width, height, 5, 6);
  truth.x = 3;
  truth.y -= 2;
  truth.z = 7.5;
  truth.yaw = 4 * G_PI / 180;
  truth.tilt += 1.5 * G_PI / 180;
  truth.roll = 0.8 * G_PI / 180;
  truth.hfov *= 0.97;
  check_fit_of (&truth, noise);
}

static void
test_camera_cylindrical (void)
{
  check_camera_fit (TL_CAMERA_CYLINDRICAL, 3840, 1152, 0);
}

static void
test_camera_cylindrical_noise (void)
{
  check_camera_fit (TL_CAMERA_CYLINDRICAL, 3840, 1152, 1.0);
}

static void
test_camera_pinhole (void)
{
  check_camera_fit (TL_CAMERA_PINHOLE, 1920, 1080, 0);
}

/* A flat camera on a mast behind a corner, looking along the diagonal (club grounds, the
 * shared tsukuba footage): far from the starts around a Veo-style camera behind the halfway
 * line. */
static void
test_camera_pinhole_corner (void)
{
  TlCameraParams truth;

  tl_camera_params_default (&truth, TL_CAMERA_PINHOLE, 1920, 1080, 5, 6);
  truth.x = -62;
  truth.y = -46;
  truth.z = 14;
  truth.yaw = 52 * G_PI / 180;
  truth.tilt = 17 * G_PI / 180;
  truth.roll = 0.5 * G_PI / 180;
  truth.hfov = 85 * G_PI / 180;
  check_fit_of (&truth, 0);
}

/* Four points are the minimum: the demo's centre spot, two far corners and a penalty spot. */
static void
test_camera_four_points (void)
{
  TlCameraParams truth, fitted;
  TlCorrespondence all[G_N_ELEMENTS (landmarks)], pts[4];
  TlCalibrationReport report;
  char message[256] = "";

  tl_camera_params_default (&truth, TL_CAMERA_CYLINDRICAL, 3840, 1152, 5, 6);
  project_landmarks (&truth, 0, NULL, all);
  pts[0] = all[0];   /* centre spot */
  pts[1] = all[3];   /* far left corner */
  pts[2] = all[4];   /* far right corner */
  pts[3] = all[5];   /* near left corner */
  g_assert_cmpint (tl_camera_fit (pts, 4, TL_CAMERA_CYLINDRICAL, 3840, 1152, NULL, &fitted,
                                  &report, message, sizeof message), ==, TL_CALIBRATION_OK);
  g_assert_cmpfloat (report.rms_px, <, 1e-3);
  g_assert_cmpfloat (round_trip_error (&truth, &fitted), <, 0.05);
}

static void
test_degenerate (void)
{
  TlCorrespondence line[5], few[3];
  TlCameraParams out;
  double h[9];
  char message[256];

  for (int i = 0; i < 5; i++)
    line[i] = (TlCorrespondence) { 1920, 300 + 20 * i, 0, -34 + 17 * i };
  for (int i = 0; i < 3; i++)
    few[i] = (TlCorrespondence) { 100 * i, 50 * i * i, 10 * i, 5 * i * i };

  message[0] = 0;
  g_assert_cmpint (tl_homography_fit (line, 5, h, NULL, message, sizeof message), ==,
                   TL_CALIBRATION_ERROR_DEGENERATE);
  g_assert_nonnull (strstr (message, "one line"));
  message[0] = 0;
  g_assert_cmpint (tl_camera_fit (line, 5, TL_CAMERA_CYLINDRICAL, 3840, 1152, NULL, &out, NULL,
                                  message, sizeof message), ==,
                   TL_CALIBRATION_ERROR_DEGENERATE);
  g_assert_cmpstr (message, !=, "");
  message[0] = 0;
  g_assert_cmpint (tl_homography_fit (few, 3, h, NULL, message, sizeof message), ==,
                   TL_CALIBRATION_ERROR_INVALID);
  g_assert_nonnull (strstr (message, "at least 4"));
  message[0] = 0;
  g_assert_cmpint (tl_camera_fit (few, 3, TL_CAMERA_CYLINDRICAL, 3840, 1152, NULL, &out, NULL,
                                  message, sizeof message), ==, TL_CALIBRATION_ERROR_INVALID);
  g_assert_cmpstr (message, !=, "");
  g_assert_cmpint (tl_homography_fit (NULL, 4, h, NULL, NULL, 0), ==,
                   TL_CALIBRATION_ERROR_INVALID);

  /* Three of four on one line: no unique homography. */
  {
    TlCorrespondence three[4] = {
      { 0, 0, 0, 0 }, { 10, 0, 1, 0 }, { 20, 0, 2, 0 }, { 0, 10, 0, 1 },
    };

    message[0] = 0;
    g_assert_cmpint (tl_homography_fit (three, 4, h, NULL, message, sizeof message), ==,
                     TL_CALIBRATION_ERROR_DEGENERATE);
    g_assert_cmpstr (message, !=, "");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/calibration/homography/exact", test_homography_exact);
  g_test_add_func ("/calibration/homography/noise", test_homography_noise);
  g_test_add_func ("/calibration/camera/cylindrical", test_camera_cylindrical);
  g_test_add_func ("/calibration/camera/cylindrical-noise", test_camera_cylindrical_noise);
  g_test_add_func ("/calibration/camera/pinhole", test_camera_pinhole);
  g_test_add_func ("/calibration/camera/pinhole-corner", test_camera_pinhole_corner);
  g_test_add_func ("/calibration/camera/four-points", test_camera_four_points);
  g_test_add_func ("/calibration/degenerate", test_degenerate);
  return g_test_run ();
}
