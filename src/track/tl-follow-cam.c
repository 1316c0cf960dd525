/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-follow-cam.c: follow-cam path from tracks; tl-follow-cam.h describes the behaviour. */
#include "tl-follow-cam.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#define DEG (M_PI / 180.0)

/* One axis of the camera: position and velocity. */
typedef struct
{
  double p, v;
} Axis;

struct _TlFollowCam
{
  TlFollowCamConfig config;
  TlCamera          source;
  double            dt;
  int               started;
  Axis              yaw, pitch, hfov;
  double            target_yaw, target_pitch, target_hfov;
};

void
tl_follow_cam_config_init (TlFollowCamConfig    *config,
                           const TlCameraParams *source,
                           double                fps)
{
  config->source = *source;
  config->fps = fps > 0 ? fps : 25;
  config->hfov_min = 20 * DEG;
  config->hfov_max = 60 * DEG;
  config->max_speed = 40 * DEG;
  config->max_accel = 60 * DEG;
  config->max_zoom_speed = 15 * DEG;
  config->max_zoom_accel = 20 * DEG;
  config->dead_zone = 2 * DEG;
  config->zoom_dead_zone = 3 * DEG;
  config->lead_s = 0.4;
  config->gain = 2.5;
}

TlFollowCam *
tl_follow_cam_new (const TlFollowCamConfig *config,
                   char                    *message,
                   size_t                   message_size)
{
  TlFollowCam *cam;
  TlCamera source;
  const char *why = NULL;

  if (config == NULL)
    why = "no configuration";
  else if (tl_camera_init (&source, &config->source) != TL_CAMERA_OK)
    why = "the source camera is not valid";
  else if (!(config->fps > 0) || !(config->hfov_min > 0) || !(config->hfov_max < M_PI)
           || !(config->hfov_min <= config->hfov_max))
    why = "fps or field of view limits out of range (0 < hfov_min <= hfov_max < 180°)";
  else if (!(config->max_speed > 0) || !(config->max_accel > 0)
           || !(config->max_zoom_speed > 0) || !(config->max_zoom_accel > 0)
           || !(config->gain > 0) || !(config->dead_zone >= 0)
           || !(config->zoom_dead_zone >= 0) || !(config->lead_s >= 0))
    why = "speed, acceleration and gain must be positive, dead zones and lead >= 0";
  if (why != NULL)
    {
      if (message != NULL && message_size > 0)
        snprintf (message, message_size, "follow-cam: %s", why);
      return NULL;
    }

  cam = calloc (1, sizeof *cam);
  if (cam == NULL)
    {
      if (message != NULL && message_size > 0)
        snprintf (message, message_size, "follow-cam: out of memory");
      return NULL;
    }
  cam->config = *config;
  cam->source = source;
  cam->dt = 1.0 / config->fps;
  return cam;
}

void
tl_follow_cam_free (TlFollowCam *cam)
{
  free (cam);
}

int
tl_follow_cam_direction (const TlFollowCam *cam,
                         double             x,
                         double             y,
                         double             z,
                         double            *yaw,
                         double            *pitch)
{
  const TlCameraParams *p = &cam->source.params;
  double d[3] = { x - p->x, y - p->y, z - p->z }, c[3];

  /* Into the source camera's (right, up, forward) axes: the TlVirtualCamera convention. */
  for (int i = 0; i < 3; i++)
    c[i] = cam->source.r[i][0] * d[0] + cam->source.r[i][1] * d[1] + cam->source.r[i][2] * d[2];
  if (c[0] == 0 && c[1] == 0 && c[2] == 0)
    return -1;
  *yaw = atan2 (c[0], c[2]);
  *pitch = atan2 (c[1], hypot (c[0], c[2]));
  return 0;
}

/* Moves @a toward @target. Inside the dead zone the wanted speed is 0 (the axis brakes to an
 * exact stop and stays); outside it, speed proportional to the distance to the middle of the
 * dead zone (so it stops well inside, not on the edge, where jitter would restart it), capped
 * by the top speed and by the speed from which it can still stop there; the velocity changes
 * by at most @accel dt per frame. */
static void
axis_step (Axis   *a,
           double  target,
           double  dead_zone,
           double  gain,
           double  speed,
           double  accel,
           double  dt)
{
  double e = target - a->p;
  double want = 0, dv;

  if (fabs (e) > dead_zone)
    {
      double to_go = fabs (e) - dead_zone / 2;

      want = fmin (fmin (gain * to_go, speed), sqrt (2 * accel * to_go));
      want = e > 0 ? want : -want;
    }
  dv = want - a->v;
  if (dv > accel * dt)
    dv = accel * dt;
  else if (dv < -accel * dt)
    dv = -accel * dt;
  a->v += dv;
  a->p += a->v * dt;
}

/* Where to look and how wide: see the header. */
static int
choose_target (TlFollowCam            *cam,
               const TlFollowCamInput *in)
{
  const TlFollowCamConfig *c = &cam->config;
  double tx, ty, lo = INFINITY, hi = -INFINITY;
  int n_near = 0;

  if (in->have_ball)
    {
      tx = in->ball_x + in->ball_vx * c->lead_s;
      ty = in->ball_y + in->ball_vy * c->lead_s;
    }
  else if (in->players != NULL && in->n_players > 0)
    {
      /* Centre of play: the mean, then the mean of those within 20 m of it (twice), so a
       * keeper or a lone forward does not drag the view off the group. */
      double mx = 0, my = 0;

      for (int i = 0; i < in->n_players; i++)
        {
          mx += in->players[2 * i];
          my += in->players[2 * i + 1];
        }
      mx /= in->n_players;
      my /= in->n_players;
      for (int round = 0; round < 2; round++)
        {
          double sx = 0, sy = 0;
          int n = 0;

          for (int i = 0; i < in->n_players; i++)
            if (hypot (in->players[2 * i] - mx, in->players[2 * i + 1] - my) <= 20)
              {
                sx += in->players[2 * i];
                sy += in->players[2 * i + 1];
                n++;
              }
          if (n > 0)
            {
              mx = sx / n;
              my = sy / n;
            }
        }
      tx = mx;
      ty = my;
    }
  else
    return -1;

  if (tl_follow_cam_direction (cam, tx, ty, 0, &cam->target_yaw, &cam->target_pitch) < 0)
    return -1;

  /* Zoom: the yaw span of the players within 20 m of the target, plus a margin. */
  for (int i = 0; in->players != NULL && i < in->n_players; i++)
    {
      double yaw, pitch;

      if (hypot (in->players[2 * i] - tx, in->players[2 * i + 1] - ty) > 20
          || tl_follow_cam_direction (cam, in->players[2 * i], in->players[2 * i + 1], 0, &yaw,
                                      &pitch) < 0)
        continue;
      lo = fmin (lo, yaw);
      hi = fmax (hi, yaw);
      n_near++;
    }
  if (n_near >= 2)
    {
      double half = fmax (hi - cam->target_yaw, cam->target_yaw - lo);

      cam->target_hfov = 2 * half * 1.2 + 6 * DEG;
    }
  else
    cam->target_hfov = c->hfov_min;
  cam->target_hfov = fmin (fmax (cam->target_hfov, c->hfov_min), c->hfov_max);
  return 0;
}

int
tl_follow_cam_push (TlFollowCam            *cam,
                    const TlFollowCamInput *input,
                    TlFollowCamView        *view)
{
  const TlFollowCamConfig *c;

  if (cam == NULL || input == NULL || view == NULL)
    return -1;
  c = &cam->config;
  if (choose_target (cam, input) == 0 && !cam->started)
    {
      cam->yaw = (Axis) { cam->target_yaw, 0 };
      cam->pitch = (Axis) { cam->target_pitch, 0 };
      cam->hfov = (Axis) { cam->target_hfov, 0 };
      cam->started = 1;
    }
  if (!cam->started)
    {
      /* Nothing seen yet: the source camera's centre, at the widest. */
      cam->yaw = (Axis) { 0, 0 };
      cam->pitch = (Axis) { 0, 0 };
      cam->hfov = (Axis) { c->hfov_max, 0 };
      cam->target_yaw = cam->target_pitch = 0;
      cam->target_hfov = c->hfov_max;
    }
  axis_step (&cam->yaw, cam->target_yaw, c->dead_zone, c->gain, c->max_speed, c->max_accel,
             cam->dt);
  axis_step (&cam->pitch, cam->target_pitch, c->dead_zone, c->gain, c->max_speed,
             c->max_accel, cam->dt);
  axis_step (&cam->hfov, cam->target_hfov, c->zoom_dead_zone, c->gain, c->max_zoom_speed,
             c->max_zoom_accel, cam->dt);
  cam->hfov.p = fmin (fmax (cam->hfov.p, c->hfov_min), c->hfov_max);
  view->yaw = cam->yaw.p;
  view->pitch = cam->pitch.p;
  view->hfov = cam->hfov.p;
  return 0;
}
