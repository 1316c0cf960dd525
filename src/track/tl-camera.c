/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-camera.c: projection between pitch metres and video pixels (cylindrical or pinhole). */
#include "tl-camera.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

void
tl_camera_params_default (TlCameraParams     *params,
                          TlCameraProjection  projection,
                          int                 width,
                          int                 height,
                          double              distance,
                          double              height_m)
{
  if (params == NULL)
    return;

  memset (params, 0, sizeof *params);
  params->projection = projection;
  params->width = width;
  params->height = height;
  params->x = 0.0;
  params->y = -34.0 - distance;
  params->z = height_m;
  params->yaw = 0.0;
  params->roll = 0.0;

  if (projection == TL_CAMERA_CYLINDRICAL)
    {
      double f, vhalf;

      params->hfov = M_PI;
      f = width / params->hfov;
      vhalf = atan ((height / 2.0) / f);
      /* Put the top row a few degrees above the horizon so that a band of surroundings shows
       * above the far touchline, as in real panoramic footage. */
      params->tilt = vhalf - 6.0 * M_PI / 180.0;
    }
  else
    {
      double f, vhalf;

      params->hfov = M_PI / 2.0;
      f = (width / 2.0) / tan (params->hfov / 2.0);
      vhalf = atan ((height / 2.0) / f);
      /* The same framing as the panorama: the top row a few degrees above the horizon, which
       * with a 90° lens from 4-8 m up also keeps the near touchline in the picture. */
      params->tilt = vhalf - 6.0 * M_PI / 180.0;
    }
}

TlCameraStatus
tl_camera_init (TlCamera             *cam,
                const TlCameraParams *params)
{
  double cy_, sy, ct, st, cr, sr;
  double fwd[3], right[3], up[3];
  int i;

  if (cam == NULL || params == NULL)
    return TL_CAMERA_ERROR_INVALID;
  memset (cam, 0, sizeof *cam);
  if (params->width <= 0 || params->height <= 0)
    return TL_CAMERA_ERROR_INVALID;
  if (!(params->hfov > 0.0) || !isfinite (params->x) || !isfinite (params->y)
      || !isfinite (params->z) || !isfinite (params->yaw) || !isfinite (params->tilt)
      || !isfinite (params->roll))
    return TL_CAMERA_ERROR_INVALID;
  if (params->projection == TL_CAMERA_PINHOLE && params->hfov >= M_PI)
    return TL_CAMERA_ERROR_INVALID;
  if (params->projection == TL_CAMERA_CYLINDRICAL && params->hfov > 2.0 * M_PI)
    return TL_CAMERA_ERROR_INVALID;
  if (params->projection != TL_CAMERA_PINHOLE && params->projection != TL_CAMERA_CYLINDRICAL)
    return TL_CAMERA_ERROR_INVALID;

  cam->params = *params;

  cy_ = cos (params->yaw);
  sy = sin (params->yaw);
  ct = cos (params->tilt);
  st = sin (params->tilt);
  cr = cos (params->roll);
  sr = sin (params->roll);

  /* Yaw about z: forward (sin, cos, 0), right (cos, -sin, 0), up z. */
  fwd[0] = sy * ct;
  fwd[1] = cy_ * ct;
  fwd[2] = -st;
  up[0] = sy * st;
  up[1] = cy_ * st;
  up[2] = ct;
  right[0] = cy_;
  right[1] = -sy;
  right[2] = 0.0;

  /* Roll about forward: positive roll turns the image clockwise, i.e. the camera anticlockwise
   * about its forward axis as seen from behind. */
  for (i = 0; i < 3; i++)
    {
      double r = right[i], u = up[i];

      cam->r[0][i] = r * cr - u * sr;
      cam->r[1][i] = u * cr + r * sr;
      cam->r[2][i] = fwd[i];
    }

  if (params->projection == TL_CAMERA_PINHOLE)
    cam->f = (params->width / 2.0) / tan (params->hfov / 2.0);
  else
    cam->f = params->width / params->hfov;
  cam->cx = params->width / 2.0;
  cam->cy = params->height / 2.0;

  return TL_CAMERA_OK;
}

static void
to_camera (const TlCamera *cam,
           double          X,
           double          Y,
           double          Z,
           double          c[3])
{
  double d[3] = { X - cam->params.x, Y - cam->params.y, Z - cam->params.z };
  int i;

  for (i = 0; i < 3; i++)
    c[i] = cam->r[i][0] * d[0] + cam->r[i][1] * d[1] + cam->r[i][2] * d[2];
}

TlCameraStatus
tl_camera_project_camera_point (const TlCamera *cam,
                                const double    c[3],
                                double         *u,
                                double         *v)
{
  double uu, vv;

  if (cam->params.projection == TL_CAMERA_PINHOLE)
    {
      if (c[2] <= 1e-6)
        return TL_CAMERA_BEHIND;
      uu = cam->cx + cam->f * c[0] / c[2];
      vv = cam->cy - cam->f * c[1] / c[2];
    }
  else
    {
      double rho = sqrt (c[0] * c[0] + c[2] * c[2]);
      double az;

      if (rho <= 1e-9)
        return TL_CAMERA_BEHIND;
      az = atan2 (c[0], c[2]);
      uu = cam->cx + cam->f * az;
      vv = cam->cy - cam->f * c[1] / rho;
    }

  *u = uu;
  *v = vv;
  if (uu >= 0.0 && uu < cam->params.width && vv >= 0.0 && vv < cam->params.height)
    return TL_CAMERA_VISIBLE;
  return TL_CAMERA_OUTSIDE;
}

TlCameraStatus
tl_camera_project (const TlCamera *cam,
                   double          X,
                   double          Y,
                   double          Z,
                   double         *u,
                   double         *v)
{
  double c[3];

  if (cam == NULL || u == NULL || v == NULL || cam->f <= 0.0)
    return TL_CAMERA_ERROR_INVALID;

  to_camera (cam, X, Y, Z, c);
  return tl_camera_project_camera_point (cam, c, u, v);
}

void
tl_camera_camera_ray (const TlCamera *cam,
                      double          u,
                      double          v,
                      double          c[3])
{
  if (cam->params.projection == TL_CAMERA_PINHOLE)
    {
      c[0] = (u - cam->cx) / cam->f;
      c[1] = (cam->cy - v) / cam->f;
      c[2] = 1.0;
    }
  else
    {
      double az = (u - cam->cx) / cam->f;

      c[0] = sin (az);
      c[1] = (cam->cy - v) / cam->f;
      c[2] = cos (az);
    }
}

TlCameraStatus
tl_camera_pixel_ray (const TlCamera *cam,
                     double          u,
                     double          v,
                     double          dir[3])
{
  double c[3], n;
  int i;

  if (cam == NULL || dir == NULL || cam->f <= 0.0)
    return TL_CAMERA_ERROR_INVALID;

  tl_camera_camera_ray (cam, u, v, c);
  n = sqrt (c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
  /* camera -> pitch is the transpose of R. */
  for (i = 0; i < 3; i++)
    dir[i] = (cam->r[0][i] * c[0] + cam->r[1][i] * c[1] + cam->r[2][i] * c[2]) / n;

  return TL_CAMERA_OK;
}

TlCameraStatus
tl_camera_unproject_ground (const TlCamera *cam,
                            double          u,
                            double          v,
                            double         *X,
                            double         *Y)
{
  double d[3], s;
  TlCameraStatus st;

  if (X == NULL || Y == NULL)
    return TL_CAMERA_ERROR_INVALID;
  st = tl_camera_pixel_ray (cam, u, v, d);
  if (st != TL_CAMERA_OK)
    return st;
  /* A camera below the ground or a ray going up never meets it. */
  if (d[2] >= -1e-12 || cam->params.z <= 0.0)
    return TL_CAMERA_BEHIND;

  s = -cam->params.z / d[2];
  *X = cam->params.x + s * d[0];
  *Y = cam->params.y + s * d[1];
  return TL_CAMERA_OK;
}

double
tl_camera_person_height_px (const TlCamera *cam,
                            double          X,
                            double          Y,
                            double          height_m)
{
  double u0, v0, u1, v1;

  if (tl_camera_project (cam, X, Y, 0.0, &u0, &v0) < 0)
    return 0.0;
  if (tl_camera_project (cam, X, Y, height_m, &u1, &v1) < 0)
    return 0.0;
  return hypot (u1 - u0, v1 - v0);
}

double
tl_camera_person_height_at_pixel (const TlCamera *cam,
                                  double          u,
                                  double          v,
                                  double          height_m)
{
  double X, Y;

  if (tl_camera_unproject_ground (cam, u, v, &X, &Y) != TL_CAMERA_OK)
    return 0.0;
  return tl_camera_person_height_px (cam, X, Y, height_m);
}

TlCameraStatus
tl_camera_metres_per_pixel (const TlCamera *cam,
                            double          u,
                            double          v,
                            double         *along_row,
                            double         *along_column)
{
  double x0, y0, x1, y1, x2, y2;

  if (along_row == NULL || along_column == NULL)
    return TL_CAMERA_ERROR_INVALID;
  if (tl_camera_unproject_ground (cam, u, v, &x0, &y0) != TL_CAMERA_OK
      || tl_camera_unproject_ground (cam, u + 1.0, v, &x1, &y1) != TL_CAMERA_OK
      || tl_camera_unproject_ground (cam, u, v + 1.0, &x2, &y2) != TL_CAMERA_OK)
    return TL_CAMERA_BEHIND;
  *along_row = hypot (x1 - x0, y1 - y0);
  *along_column = hypot (x2 - x0, y2 - y0);
  return TL_CAMERA_OK;
}

const char *
tl_camera_projection_to_string (TlCameraProjection projection)
{
  return projection == TL_CAMERA_PINHOLE ? "flat" : "cylindrical";
}

int
tl_camera_projection_from_string (const char         *str,
                                  TlCameraProjection *out)
{
  if (str == NULL || out == NULL)
    return -1;
  if (strcmp (str, "cylindrical") == 0)
    *out = TL_CAMERA_CYLINDRICAL;
  else if (strcmp (str, "flat") == 0 || strcmp (str, "pinhole") == 0)
    *out = TL_CAMERA_PINHOLE;
  else
    return -1;
  return 0;
}
