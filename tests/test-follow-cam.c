/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-follow-cam.c: the follow-cam path: stillness, limits, step response, zoom, determinism. */
#include <glib.h>
#include <math.h>

#include "tl-follow-cam.h"

#define FPS 25.0

static TlFollowCam *
make_cam (TlFollowCamConfig *config)
{
  TlCameraParams source;
  TlFollowCam *cam;
  char message[128];

  tl_camera_params_default (&source, TL_CAMERA_CYLINDRICAL, 3840, 1152, 5, 6);
  tl_follow_cam_config_init (config, &source, FPS);
  cam = tl_follow_cam_new (config, message, sizeof message);
  g_assert_nonnull (cam);
  return cam;
}

static void
test_still_ball (void)
{
  TlFollowCamConfig config;
  TlFollowCam *cam = make_cam (&config);
  GRand *rand = g_rand_new_with_seed (3);
  TlFollowCamView view, settled = { 0 };

  /* The ball rests at (20, 5) with 5 cm of tracking jitter, after play elsewhere. */
  for (int f = 0; f < 50; f++)
    {
      TlFollowCamInput in = { .have_ball = 1, .ball_x = -20, .ball_y = -5 };

      tl_follow_cam_push (cam, &in, &view);
    }
  for (int f = 0; f < 25 * 20; f++)
    {
      TlFollowCamInput in = { .have_ball = 1,
                              .ball_x = 20 + g_rand_double_range (rand, -0.05, 0.05),
                              .ball_y = 5 + g_rand_double_range (rand, -0.05, 0.05) };

      g_assert_cmpint (tl_follow_cam_push (cam, &in, &view), ==, 0);
      if (f == 25 * 10)
        settled = view;
      /* After settling (10 s), not the smallest change. */
      if (f > 25 * 10)
        {
          g_assert_cmpfloat (view.yaw, ==, settled.yaw);
          g_assert_cmpfloat (view.pitch, ==, settled.pitch);
          g_assert_cmpfloat (view.hfov, ==, settled.hfov);
        }
    }
  {
    double yaw, pitch;

    tl_follow_cam_direction (cam, 20, 5, 0, &yaw, &pitch);
    g_assert_cmpfloat (fabs (view.yaw - yaw), <=, config.dead_zone + 1e-9);
  }
  g_rand_free (rand);
  tl_follow_cam_free (cam);
}

static void
test_limits (void)
{
  TlFollowCamConfig config;
  TlFollowCam *cam = make_cam (&config);
  GRand *rand = g_rand_new_with_seed (5);
  TlFollowCamView prev = { 0 }, view;
  double prev_v = 0, bx = 0, by = 0, vx = 0, vy = 0, dt = 1 / FPS;
  float players[22 * 2];

  for (int f = 0; f < 25 * 120; f++)
    {
      TlFollowCamInput in = { 0 };

      /* A ball that wanders, gets kicked and sometimes teleports (a tracking switch). */
      if (g_rand_int_range (rand, 0, 50) == 0)
        {
          vx = g_rand_double_range (rand, -25, 25);
          vy = g_rand_double_range (rand, -15, 15);
        }
      if (g_rand_int_range (rand, 0, 200) == 0)
        {
          bx = g_rand_double_range (rand, -50, 50);
          by = g_rand_double_range (rand, -30, 30);
        }
      bx = CLAMP (bx + vx * dt, -52, 52);
      by = CLAMP (by + vy * dt, -33, 33);
      for (int i = 0; i < 22; i++)
        {
          players[2 * i] = (float) (bx + 15 * sin (i * 1.7 + f * 0.01));
          players[2 * i + 1] = (float) CLAMP (by + 10 * cos (i * 2.3), -34, 34);
        }
      in.have_ball = g_rand_int_range (rand, 0, 4) != 0;
      in.ball_x = bx;
      in.ball_y = by;
      in.ball_vx = vx;
      in.ball_vy = vy;
      in.players = players;
      in.n_players = 22;
      tl_follow_cam_push (cam, &in, &view);
      if (f > 0)
        {
          double v = (view.yaw - prev.yaw) / dt;

          g_assert_cmpfloat (fabs (v), <=, config.max_speed + 1e-9);
          g_assert_cmpfloat (fabs ((view.pitch - prev.pitch) / dt), <=, config.max_speed + 1e-9);
          if (f > 1)
            g_assert_cmpfloat (fabs (v - prev_v) / dt, <=, config.max_accel + 1e-6);
          prev_v = v;
        }
      g_assert_cmpfloat (view.hfov, >=, config.hfov_min);
      g_assert_cmpfloat (view.hfov, <=, config.hfov_max);
      prev = view;
    }
  g_rand_free (rand);
  tl_follow_cam_free (cam);
}

static void
test_step (void)
{
  TlFollowCamConfig config;
  TlFollowCam *cam = make_cam (&config);
  TlFollowCamView view;
  double target_yaw, target_pitch;
  int reached = -1;

  for (int f = 0; f < 25; f++)
    tl_follow_cam_push (cam, &(TlFollowCamInput) { .have_ball = 1, .ball_x = -30 }, &view);
  tl_follow_cam_direction (cam, 30, 0, 0, &target_yaw, &target_pitch);
  /* A long ball across the pitch (about 70° of pan) is followed within 3 s. */
  for (int f = 0; f < 25 * 5; f++)
    {
      tl_follow_cam_push (cam, &(TlFollowCamInput) { .have_ball = 1, .ball_x = 30 }, &view);
      if (reached < 0 && fabs (view.yaw - target_yaw) <= config.dead_zone + 1e-3)
        reached = f;
      /* No overshoot past the target. */
      g_assert_cmpfloat (view.yaw, <=, target_yaw + 1e-9);
    }
  g_test_message ("step of %.1f deg reached after %.2f s", target_yaw * 2 * 180 / G_PI,
                  reached / FPS);
  g_assert_cmpint (reached, >=, 0);
  g_assert_cmpfloat (reached / FPS, <=, 3.0);
  tl_follow_cam_free (cam);
}

static void
test_zoom_and_centre (void)
{
  TlFollowCamConfig config;
  TlFollowCam *cam = make_cam (&config);
  TlFollowCamView tight, wide;
  float grouped[10 * 2], spread[10 * 2];

  for (int i = 0; i < 10; i++)
    {
      grouped[2 * i] = (float) (i % 3);
      grouped[2 * i + 1] = (float) (i / 3);
      spread[2 * i] = (float) (-18 + 4 * i);
      spread[2 * i + 1] = 0;
    }
  for (int f = 0; f < 25 * 10; f++)
    tl_follow_cam_push (cam, &(TlFollowCamInput) { .players = grouped, .n_players = 10 },
                        &tight);
  for (int f = 0; f < 25 * 10; f++)
    tl_follow_cam_push (cam, &(TlFollowCamInput) { .players = spread, .n_players = 10 },
                        &wide);
  g_test_message ("hfov grouped %.1f deg, spread %.1f deg", tight.hfov * 180 / G_PI,
                  wide.hfov * 180 / G_PI);
  g_assert_cmpfloat (wide.hfov, >, tight.hfov + 10 * G_PI / 180);
  tl_follow_cam_free (cam);
}

static void
test_deterministic_and_errors (void)
{
  TlFollowCamConfig config;
  TlFollowCam *a = make_cam (&config), *b = make_cam (&config);
  char message[128] = "";

  for (int f = 0; f < 500; f++)
    {
      TlFollowCamInput in = { .have_ball = 1, .ball_x = 40 * sin (f * 0.05),
                              .ball_y = 20 * cos (f * 0.031) };
      TlFollowCamView va, vb;

      tl_follow_cam_push (a, &in, &va);
      tl_follow_cam_push (b, &in, &vb);
      g_assert_cmpmem (&va, sizeof va, &vb, sizeof vb);
    }
  g_assert_cmpint (tl_follow_cam_push (a, NULL, NULL), ==, -1);
  tl_follow_cam_free (a);
  tl_follow_cam_free (b);

  config.max_speed = 0;
  g_assert_null (tl_follow_cam_new (&config, message, sizeof message));
  g_assert_cmpstr (message, !=, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/follow-cam/still-ball", test_still_ball);
  g_test_add_func ("/follow-cam/limits", test_limits);
  g_test_add_func ("/follow-cam/step", test_step);
  g_test_add_func ("/follow-cam/zoom-and-centre", test_zoom_and_centre);
  g_test_add_func ("/follow-cam/deterministic-and-errors", test_deterministic_and_errors);
  return g_test_run ();
}
