/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-virtual-camera.c: pinhole views into a cylindrical or flat source, maths and CPU render. */
#include "tl-virtual-camera.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Output pixels between exactly mapped grid nodes; see render_plane (). */
#define GRID_STEP 8

/* Border samples per edge for tl_virtual_camera_fits (). The extremes of a pinhole rectangle on
 * a cylinder lie at corners and edge midpoints; the rest guards odd pitches. */
#define FIT_SAMPLES 16

/* The source camera: its projection comes from tl-camera (the one implementation of the
 * projection maths); its pose is unused, as everything here is in source camera coordinates. */
typedef struct
{
  TlCamera cam;
  int      full_circle;   /* a 360° panorama: columns wrap */
  int      width, height;
} Source;

static int
source_init (Source               *s,
             const TlCameraParams *src)
{
  if (src == NULL || tl_camera_init (&s->cam, src) != TL_CAMERA_OK)
    return -1;
  s->full_circle = src->projection == TL_CAMERA_CYLINDRICAL && src->hfov >= 2.0 * M_PI - 1e-9;
  s->width = src->width;
  s->height = src->height;
  return 0;
}

TlCameraStatus
tl_virtual_camera_set_view (TlVirtualCamera *vc,
                            double           yaw,
                            double           pitch,
                            double           hfov)
{
  double cp, sp, ct, st;

  if (vc == NULL || vc->width <= 0 || vc->height <= 0)
    return TL_CAMERA_ERROR_INVALID;
  if (!isfinite (yaw) || !isfinite (pitch) || !(hfov > 0.0) || !(hfov < M_PI))
    return TL_CAMERA_ERROR_INVALID;

  vc->yaw = yaw;
  vc->pitch = pitch;
  vc->hfov = hfov;

  cp = cos (yaw);
  sp = sin (yaw);
  ct = cos (pitch);
  st = sin (pitch);

  /* right, up, forward: the formula in the header. */
  vc->r[0][0] = cp;
  vc->r[0][1] = 0.0;
  vc->r[0][2] = -sp;
  vc->r[1][0] = -sp * st;
  vc->r[1][1] = ct;
  vc->r[1][2] = -cp * st;
  vc->r[2][0] = sp * ct;
  vc->r[2][1] = st;
  vc->r[2][2] = cp * ct;

  vc->f = (vc->width / 2.0) / tan (hfov / 2.0);
  return TL_CAMERA_OK;
}

TlCameraStatus
tl_virtual_camera_init (TlVirtualCamera *vc,
                        int              width,
                        int              height,
                        double           yaw,
                        double           pitch,
                        double           hfov)
{
  TlCameraStatus status;

  if (vc == NULL)
    return TL_CAMERA_ERROR_INVALID;
  memset (vc, 0, sizeof *vc);
  if (width <= 0 || height <= 0)
    return TL_CAMERA_ERROR_INVALID;
  vc->width = width;
  vc->height = height;
  status = tl_virtual_camera_set_view (vc, yaw, pitch, hfov);
  if (status != TL_CAMERA_OK)
    memset (vc, 0, sizeof *vc);
  return status;
}

/* Output pixel -> ray in source camera coordinates (not normalised). */
static inline void
output_ray (const TlVirtualCamera *vc,
            double                 x,
            double                 y,
            double                 d[3])
{
  double a = (x - vc->width / 2.0) / vc->f;
  double b = (vc->height / 2.0 - y) / vc->f;
  int i;

  for (i = 0; i < 3; i++)
    d[i] = vc->r[0][i] * a + vc->r[1][i] * b + vc->r[2][i];
}

/* Ray in source camera coordinates -> source pixel; BEHIND when it has no image. A view's
 * border may sit exactly on the source's (tl_virtual_camera_clamp () puts it there), so here
 * the source image is the closed rectangle [0, width] x [0, height]. */
static inline TlCameraStatus
source_project (const Source *s,
                const double  d[3],
                double       *u,
                double       *v)
{
  if (tl_camera_project_camera_point (&s->cam, d, u, v) == TL_CAMERA_BEHIND)
    return TL_CAMERA_BEHIND;
  if (*u >= 0.0 && *u <= s->width && *v >= 0.0 && *v <= s->height)
    return TL_CAMERA_VISIBLE;
  return TL_CAMERA_OUTSIDE;
}

/* Source pixel -> unit ray in source camera coordinates. */
static void
source_ray (const Source *s,
            double        u,
            double        v,
            double        d[3])
{
  double n;

  tl_camera_camera_ray (&s->cam, u, v, d);
  n = sqrt (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
  d[0] /= n;
  d[1] /= n;
  d[2] /= n;
}

TlCameraStatus
tl_virtual_camera_map_pixel (const TlVirtualCamera *vc,
                             const TlCameraParams  *src,
                             double                 out_x,
                             double                 out_y,
                             double                *src_u,
                             double                *src_v)
{
  Source s;
  double d[3];

  if (vc == NULL || vc->f <= 0.0 || src_u == NULL || src_v == NULL || source_init (&s, src) < 0)
    return TL_CAMERA_ERROR_INVALID;
  output_ray (vc, out_x, out_y, d);
  return source_project (&s, d, src_u, src_v);
}

TlCameraStatus
tl_virtual_camera_unmap_pixel (const TlVirtualCamera *vc,
                               const TlCameraParams  *src,
                               double                 src_u,
                               double                 src_v,
                               double                *out_x,
                               double                *out_y)
{
  Source s;
  double d[3], c[3], x, y;
  int k;

  if (vc == NULL || vc->f <= 0.0 || out_x == NULL || out_y == NULL || source_init (&s, src) < 0)
    return TL_CAMERA_ERROR_INVALID;

  source_ray (&s, src_u, src_v, d);
  /* Source -> virtual coordinates: the rows of r are the virtual axes, so c = r d. */
  for (k = 0; k < 3; k++)
    c[k] = vc->r[k][0] * d[0] + vc->r[k][1] * d[1] + vc->r[k][2] * d[2];
  if (c[2] <= 1e-12)
    return TL_CAMERA_BEHIND;

  x = vc->width / 2.0 + vc->f * c[0] / c[2];
  y = vc->height / 2.0 - vc->f * c[1] / c[2];
  *out_x = x;
  *out_y = y;
  if (x >= 0.0 && x <= vc->width && y >= 0.0 && y <= vc->height)
    return TL_CAMERA_VISIBLE;
  return TL_CAMERA_OUTSIDE;
}

static double
wrap_angle (double a)
{
  a = fmod (a, 2.0 * M_PI);
  if (a > M_PI)
    a -= 2.0 * M_PI;
  else if (a <= -M_PI)
    a += 2.0 * M_PI;
  return a;
}

TlCameraStatus
tl_virtual_camera_look_through (TlVirtualCamera      *vc,
                                const TlCameraParams *src,
                                double                out_x,
                                double                out_y,
                                double                src_u,
                                double                src_v)
{
  Source s;
  double d0[3], p[3], n, rho, phi, c, pitch_a, pitch_b, pitch, qx, qz, yaw;

  if (vc == NULL || vc->f <= 0.0 || source_init (&s, src) < 0)
    return TL_CAMERA_ERROR_INVALID;
  if (!isfinite (out_x) || !isfinite (out_y) || !isfinite (src_u) || !isfinite (src_v))
    return TL_CAMERA_ERROR_INVALID;

  source_ray (&s, src_u, src_v, d0);
  p[0] = (out_x - vc->width / 2.0) / vc->f;
  p[1] = (vc->height / 2.0 - out_y) / vc->f;
  p[2] = 1.0;
  n = sqrt (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
  p[0] /= n;
  p[1] /= n;
  p[2] /= n;

  /* Yaw turns about the up axis, so the elevation of the ray depends on pitch alone:
   * p.y cos θ + p.z sin θ = d0.y, i.e. ρ cos (θ - φ) = d0.y. */
  rho = hypot (p[1], p[2]);
  phi = atan2 (p[2], p[1]);
  c = d0[1] / rho;
  if (c > 1.0 + 1e-12 || c < -1.0 - 1e-12)
    return TL_CAMERA_OUTSIDE;
  c = fmax (-1.0, fmin (1.0, c));
  pitch_a = wrap_angle (phi - acos (c));
  pitch_b = wrap_angle (phi + acos (c));
  /* Of the two, the one that keeps the camera upright (|θ| <= 90°), nearest the current. */
  if (fabs (pitch_a) > M_PI / 2.0 + 1e-9)
    pitch = pitch_b;
  else if (fabs (pitch_b) > M_PI / 2.0 + 1e-9)
    pitch = pitch_a;
  else
    pitch = fabs (pitch_a - vc->pitch) <= fabs (pitch_b - vc->pitch) ? pitch_a : pitch_b;
  if (fabs (pitch) > M_PI / 2.0 + 1e-9)
    return TL_CAMERA_OUTSIDE;

  /* Then yaw adds to the azimuth of the pitched ray. */
  qx = p[0];
  qz = -p[1] * sin (pitch) + p[2] * cos (pitch);
  yaw = wrap_angle (atan2 (d0[0], d0[2]) - atan2 (qx, qz));

  return tl_virtual_camera_set_view (vc, yaw, pitch, vc->hfov);
}

static int
fits (const TlVirtualCamera *vc,
      const Source          *s)
{
  double w = vc->width, h = vc->height;
  int i;

  for (i = 0; i <= FIT_SAMPLES; i++)
    {
      double t = (double) i / FIT_SAMPLES;
      double pts[4][2] = { { t * w, 0.0 }, { t * w, h }, { 0.0, t * h }, { w, t * h } };
      int k;

      for (k = 0; k < 4; k++)
        {
          double d[3], u, v;

          output_ray (vc, pts[k][0], pts[k][1], d);
          if (source_project (s, d, &u, &v) == TL_CAMERA_BEHIND)
            return 0;
          /* A 360° panorama wraps: only the rows can be left. Strict, so that a clamped view
           * (the fitting end of a bisection) passes any later check of its border. */
          if (v < 0.0 || v > s->height)
            return 0;
          if (!s->full_circle && (u < 0.0 || u > s->width))
            return 0;
        }
    }
  return 1;
}

int
tl_virtual_camera_fits (const TlVirtualCamera *vc,
                        const TlCameraParams  *src)
{
  Source s;

  if (vc == NULL || vc->f <= 0.0 || source_init (&s, src) < 0)
    return 0;
  return fits (vc, &s);
}

/* The largest t in [0, 1] for which @set (t) fits, given that t = 0 fits (bisection: fitting
 * shrinks monotonically as the view moves away from the centre). */
typedef void (*ViewAt) (TlVirtualCamera *vc, double t, const double *args);

static double
largest_fitting (TlVirtualCamera *vc,
                 const Source    *s,
                 ViewAt           set,
                 const double    *args)
{
  double lo = 0.0, hi = 1.0;
  int i;

  for (i = 0; i < 40 && hi - lo > 1e-10; i++)
    {
      double mid = (lo + hi) / 2.0;

      set (vc, mid, args);
      if (fits (vc, s))
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* args: { yaw, pitch, hfov_lo, hfov_hi } */
static void
hfov_at (TlVirtualCamera *vc,
         double           t,
         const double    *args)
{
  tl_virtual_camera_set_view (vc, args[0], args[1], args[2] + t * (args[3] - args[2]));
}

static void
pitch_at (TlVirtualCamera *vc,
          double           t,
          const double    *args)
{
  tl_virtual_camera_set_view (vc, args[0], t * args[1], args[2]);
}

static void
yaw_at (TlVirtualCamera *vc,
        double           t,
        const double    *args)
{
  tl_virtual_camera_set_view (vc, t * args[0], args[1], args[2]);
}

int
tl_virtual_camera_clamp (TlVirtualCamera      *vc,
                         const TlCameraParams *src)
{
  Source s;
  double yaw, pitch, hfov, args[4], t, yaw0, pitch0, hfov0;

  if (vc == NULL || vc->f <= 0.0 || source_init (&s, src) < 0)
    return TL_CAMERA_ERROR_INVALID;

  yaw0 = vc->yaw;
  pitch0 = vc->pitch;
  hfov0 = vc->hfov;

  yaw = s.full_circle ? wrap_angle (vc->yaw) : vc->yaw;
  pitch = fmax (-M_PI / 2.0, fmin (M_PI / 2.0, vc->pitch));
  hfov = fmax (TL_VIRTUAL_CAMERA_MIN_HFOV, fmin (TL_VIRTUAL_CAMERA_MAX_HFOV, vc->hfov));
  tl_virtual_camera_set_view (vc, yaw, pitch, hfov);
  if (fits (vc, &s))
    return yaw != yaw0 || pitch != pitch0 || hfov != hfov0;

  /* The widest view that fits when centred; narrower is always fine. */
  tl_virtual_camera_set_view (vc, 0.0, 0.0, hfov);
  if (!fits (vc, &s))
    {
      args[0] = 0.0;
      args[1] = 0.0;
      args[2] = TL_VIRTUAL_CAMERA_MIN_HFOV;
      args[3] = hfov;
      t = largest_fitting (vc, &s, hfov_at, args);
      hfov = args[2] + t * (args[3] - args[2]);
    }

  tl_virtual_camera_set_view (vc, 0.0, pitch, hfov);
  if (!fits (vc, &s))
    {
      args[0] = 0.0;
      args[1] = pitch;
      args[2] = hfov;
      pitch *= largest_fitting (vc, &s, pitch_at, args);
    }

  tl_virtual_camera_set_view (vc, yaw, pitch, hfov);
  if (!fits (vc, &s))
    {
      args[0] = yaw;
      args[1] = pitch;
      args[2] = hfov;
      yaw *= largest_fitting (vc, &s, yaw_at, args);
    }

  tl_virtual_camera_set_view (vc, yaw, pitch, hfov);
  return 1;
}

/* --- CPU render --------------------------------------------------------------------------- */

/* One plane (or the interleaved RGBA plane) of the output: @scale is 1 for luma and RGBA,
 * 2 for chroma (a plane pixel covers scale x scale output pixels), @bpp bytes per pixel,
 * @black the value of each byte where the view has no source. */
typedef struct
{
  const uint8_t *src;
  size_t         src_stride;
  int            src_w, src_h;     /* plane size */
  uint8_t       *dst;
  size_t         dst_stride;
  int            dst_w, dst_h;
  int            scale;
  int            bpp;
  uint8_t        black[4];
} Plane;

static inline void
sample (const Plane *p,
        const Source *s,
        double       u,
        double       v,
        uint8_t     *out)
{
  /* u, v are full-resolution source coordinates; the plane's pixel centres are at .5. */
  double sx = u / p->scale - 0.5, sy = v / p->scale - 0.5;
  int x0, y0, x1, y1, wx, wy, c;
  const uint8_t *r0, *r1;

  if (!(u >= 0.0 && v >= 0.0 && v <= s->height) || (!s->full_circle && u > s->width)
      || !isfinite (u))
    {
      memcpy (out, p->black, p->bpp);
      return;
    }

  x0 = (int) floor (sx);
  y0 = (int) floor (sy);
  wx = (int) ((sx - x0) * 256.0 + 0.5);
  wy = (int) ((sy - y0) * 256.0 + 0.5);
  x1 = x0 + 1;
  y1 = y0 + 1;
  if (s->full_circle)
    {
      x0 = (x0 % p->src_w + p->src_w) % p->src_w;
      x1 = (x1 % p->src_w + p->src_w) % p->src_w;
    }
  else
    {
      x0 = x0 < 0 ? 0 : (x0 >= p->src_w ? p->src_w - 1 : x0);
      x1 = x1 < 0 ? 0 : (x1 >= p->src_w ? p->src_w - 1 : x1);
    }
  y0 = y0 < 0 ? 0 : (y0 >= p->src_h ? p->src_h - 1 : y0);
  y1 = y1 < 0 ? 0 : (y1 >= p->src_h ? p->src_h - 1 : y1);

  r0 = p->src + (size_t) y0 * p->src_stride;
  r1 = p->src + (size_t) y1 * p->src_stride;
  for (c = 0; c < p->bpp; c++)
    {
      int a = r0[x0 * p->bpp + c], b = r0[x1 * p->bpp + c];
      int e = r1[x0 * p->bpp + c], f = r1[x1 * p->bpp + c];
      int top = a * (256 - wx) + b * wx;
      int bottom = e * (256 - wx) + f * wx;

      out[c] = (uint8_t) ((top * (256 - wy) + bottom * wy + 32768) >> 16);
    }
}

/* The exact map at plane pixel (i, j), as full-resolution source coordinates; NAN when the
 * ray has no source pixel. */
static inline void
map_exact (const TlVirtualCamera *vc,
           const Source          *s,
           const Plane           *p,
           double                 i,
           double                 j,
           double                *u,
           double                *v)
{
  double d[3];

  output_ray (vc, (i + 0.5) * p->scale, (j + 0.5) * p->scale, d);
  if (source_project (s, d, u, v) == TL_CAMERA_BEHIND)
    *u = *v = NAN;
}

/* The common case, a run of output pixels whose samples all lie inside the source: the source
 * position steps linearly along it, so 16.16 fixed point replaces floor () and the bounds
 * checks (about 3x faster). Returns 0, doing nothing, when the run touches the border. */
static int
row_fast (const Plane *p,
          double       ul,
          double       vl,
          double       ur,
          double       vr,
          uint8_t     *row,
          int          x0,
          int          x1)
{
  double inv = 1.0 / p->scale;
  double sx = ul * inv - 0.5, sy = vl * inv - 0.5;
  double dsx = (ur - ul) * inv / GRID_STEP, dsy = (vr - vl) * inv / GRID_STEP;
  double ex = sx + dsx * (x1 - x0 - 1), ey = sy + dsy * (x1 - x0 - 1);
  int32_t fx, fy, dfx, dfy;
  int x, c;

  /* Both taps of every sample inside: [0, w - 1) with a margin for fixed-point rounding. */
  if (fmin (sx, ex) < 0.001 || fmax (sx, ex) > p->src_w - 1.001
      || fmin (sy, ey) < 0.001 || fmax (sy, ey) > p->src_h - 1.001)
    return 0;

  fx = (int32_t) lround (sx * 65536.0);
  fy = (int32_t) lround (sy * 65536.0);
  dfx = (int32_t) lround (dsx * 65536.0);
  dfy = (int32_t) lround (dsy * 65536.0);

  for (x = x0; x < x1; x++, fx += dfx, fy += dfy)
    {
      int ix = fx >> 16, iy = fy >> 16;
      int wx = (fx >> 8) & 255, wy = (fy >> 8) & 255;
      const uint8_t *r0 = p->src + (size_t) iy * p->src_stride + (size_t) ix * p->bpp;
      const uint8_t *r1 = r0 + p->src_stride;
      uint8_t *out = row + (size_t) x * p->bpp;

      for (c = 0; c < p->bpp; c++)
        {
          int top = r0[c] * (256 - wx) + r0[c + p->bpp] * wx;
          int bottom = r1[c] * (256 - wx) + r1[c + p->bpp] * wx;

          out[c] = (uint8_t) ((top * (256 - wy) + bottom * wy + 32768) >> 16);
        }
    }
  return 1;
}

static int
render_plane (const TlVirtualCamera *vc,
              const Source          *s,
              const Plane           *p)
{
  int gw = (p->dst_w - 1) / GRID_STEP + 2;
  int gh = (p->dst_h - 1) / GRID_STEP + 2;
  double *grid = malloc (sizeof (double) * 2 * (size_t) gw * gh);
  int gx, gy;

  if (grid == NULL)
    return -1;

  /* The map is smooth, so exact values on a coarse grid and bilinear interpolation in between
   * lose nothing visible and save an atan2 and a sqrt per pixel. */
  for (gy = 0; gy < gh; gy++)
    for (gx = 0; gx < gw; gx++)
      map_exact (vc, s, p, gx * GRID_STEP, gy * GRID_STEP,
                 &grid[2 * (gy * gw + gx)], &grid[2 * (gy * gw + gx) + 1]);

  for (gy = 0; gy < gh - 1; gy++)
    for (gx = 0; gx < gw - 1; gx++)
      {
        const double *n00 = &grid[2 * (gy * gw + gx)], *n10 = n00 + 2;
        const double *n01 = &grid[2 * ((gy + 1) * gw + gx)], *n11 = n01 + 2;
        int x0 = gx * GRID_STEP, y0 = gy * GRID_STEP;
        int x1 = x0 + GRID_STEP < p->dst_w ? x0 + GRID_STEP : p->dst_w;
        int y1 = y0 + GRID_STEP < p->dst_h ? y0 + GRID_STEP : p->dst_h;
        double umin = fmin (fmin (n00[0], n10[0]), fmin (n01[0], n11[0]));
        double umax = fmax (fmax (n00[0], n10[0]), fmax (n01[0], n11[0]));
        /* Behind the source, or across the seam of a 360° panorama: exact per pixel. */
        int exact = !isfinite (n00[0]) || !isfinite (n10[0]) || !isfinite (n01[0])
                    || !isfinite (n11[0]) || umax - umin > s->width / 2.0;
        int x, y;

        for (y = y0; y < y1; y++)
          {
            double ty = (double) (y - y0) / GRID_STEP;
            uint8_t *row = p->dst + (size_t) y * p->dst_stride;
            double ul = n00[0] + ty * (n01[0] - n00[0]), vl = n00[1] + ty * (n01[1] - n00[1]);
            double ur = n10[0] + ty * (n11[0] - n10[0]), vr = n10[1] + ty * (n11[1] - n10[1]);

            if (!exact && row_fast (p, ul, vl, ur, vr, row, x0, x1))
              continue;

            for (x = x0; x < x1; x++)
              {
                double tx = (double) (x - x0) / GRID_STEP, u, v;

                if (exact)
                  map_exact (vc, s, p, x, y, &u, &v);
                else
                  {
                    u = ul + tx * (ur - ul);
                    v = vl + tx * (vr - vl);
                  }
                sample (p, s, u, v, row + (size_t) x * p->bpp);
              }
          }
      }

  free (grid);
  return 0;
}

TlCameraStatus
tl_virtual_camera_render_rgba (const TlVirtualCamera *vc,
                               const TlCameraParams  *src,
                               const uint8_t         *src_pixels,
                               size_t                 src_stride,
                               uint8_t               *dst_pixels,
                               size_t                 dst_stride)
{
  Source s;
  Plane p = { 0, };

  if (vc == NULL || vc->f <= 0.0 || src_pixels == NULL || dst_pixels == NULL
      || source_init (&s, src) < 0)
    return TL_CAMERA_ERROR_INVALID;
  if (src_stride < (size_t) s.width * 4 || dst_stride < (size_t) vc->width * 4)
    return TL_CAMERA_ERROR_INVALID;

  p.src = src_pixels;
  p.src_stride = src_stride;
  p.src_w = s.width;
  p.src_h = s.height;
  p.dst = dst_pixels;
  p.dst_stride = dst_stride;
  p.dst_w = vc->width;
  p.dst_h = vc->height;
  p.scale = 1;
  p.bpp = 4;
  p.black[3] = 255;
  return render_plane (vc, &s, &p) == 0 ? TL_CAMERA_OK : TL_CAMERA_ERROR_INVALID;
}

TlCameraStatus
tl_virtual_camera_render_i420 (const TlVirtualCamera *vc,
                               const TlCameraParams  *src,
                               const uint8_t * const  src_planes[3],
                               const size_t           src_strides[3],
                               uint8_t * const        dst_planes[3],
                               const size_t           dst_strides[3])
{
  Source s;
  int k;

  if (vc == NULL || vc->f <= 0.0 || src_planes == NULL || src_strides == NULL
      || dst_planes == NULL || dst_strides == NULL || source_init (&s, src) < 0)
    return TL_CAMERA_ERROR_INVALID;
  if (s.width % 2 != 0 || s.height % 2 != 0 || vc->width % 2 != 0 || vc->height % 2 != 0)
    return TL_CAMERA_ERROR_INVALID;

  for (k = 0; k < 3; k++)
    {
      Plane p = { 0, };
      int scale = k == 0 ? 1 : 2;

      if (src_planes[k] == NULL || dst_planes[k] == NULL
          || src_strides[k] < (size_t) (s.width / scale)
          || dst_strides[k] < (size_t) (vc->width / scale))
        return TL_CAMERA_ERROR_INVALID;

      p.src = src_planes[k];
      p.src_stride = src_strides[k];
      p.src_w = s.width / scale;
      p.src_h = s.height / scale;
      p.dst = dst_planes[k];
      p.dst_stride = dst_strides[k];
      p.dst_w = vc->width / scale;
      p.dst_h = vc->height / scale;
      p.scale = scale;
      p.bpp = 1;
      /* Video black: luma 16, neutral chroma. */
      p.black[0] = k == 0 ? 16 : 128;
      if (render_plane (vc, &s, &p) < 0)
        return TL_CAMERA_ERROR_INVALID;
    }
  return TL_CAMERA_OK;
}
