/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-calibration.c: normalised DLT homography and Levenberg-Marquardt camera fit. */
#include "tl-calibration.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define N_PARAMS 7            /* x, y, z, yaw, tilt, roll, hfov */

static TlCalibrationStatus
fail (TlCalibrationStatus status,
      char               *message,
      size_t              message_size,
      const char         *format,
      ...)
{
  va_list args;

  if (message != NULL && message_size > 0)
    {
      va_start (args, format);
      vsnprintf (message, message_size, format, args);
      va_end (args);
    }
  return status;
}

/* Eigen-decomposition of a symmetric n x n matrix (n <= 9) by cyclic Jacobi rotations:
 * @a is destroyed, @values[i] goes with column i of @vectors. Small and exact enough here. */
static void
jacobi_eigen (int     n,
              double *a,
              double *values,
              double *vectors)
{
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      vectors[i * n + j] = i == j;

  for (int sweep = 0; sweep < 100; sweep++)
    {
      double off = 0;

      for (int p = 0; p < n; p++)
        for (int q = p + 1; q < n; q++)
          off += a[p * n + q] * a[p * n + q];
      if (off < 1e-30)
        break;
      for (int p = 0; p < n; p++)
        for (int q = p + 1; q < n; q++)
          {
            double apq = a[p * n + q], theta, t, c, s;

            if (fabs (apq) < 1e-300)
              continue;
            theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
            t = (theta >= 0 ? 1 : -1) / (fabs (theta) + sqrt (theta * theta + 1));
            c = 1 / sqrt (t * t + 1);
            s = t * c;
            for (int k = 0; k < n; k++)
              {
                double akp = a[k * n + p], akq = a[k * n + q];

                a[k * n + p] = c * akp - s * akq;
                a[k * n + q] = s * akp + c * akq;
              }
            for (int k = 0; k < n; k++)
              {
                double apk = a[p * n + k], aqk = a[q * n + k];

                a[p * n + k] = c * apk - s * aqk;
                a[q * n + k] = s * apk + c * aqk;
              }
            for (int k = 0; k < n; k++)
              {
                double vkp = vectors[k * n + p], vkq = vectors[k * n + q];

                vectors[k * n + p] = c * vkp - s * vkq;
                vectors[k * n + q] = s * vkp + c * vkq;
              }
          }
    }
  for (int i = 0; i < n; i++)
    values[i] = a[i * n + i];
}

/* Similarity that moves the points' centroid to 0 and their mean distance to √2. Returns
 * -1 when all points coincide. */
static int
normaliser (const TlCorrespondence *points,
            int                     n,
            int                     image,
            double                  t[9])
{
  double cx = 0, cy = 0, d = 0;

  for (int i = 0; i < n; i++)
    {
      cx += image ? points[i].u : points[i].x;
      cy += image ? points[i].v : points[i].y;
    }
  cx /= n;
  cy /= n;
  for (int i = 0; i < n; i++)
    d += hypot ((image ? points[i].u : points[i].x) - cx,
                (image ? points[i].v : points[i].y) - cy);
  d /= n;
  if (!(d > 1e-12))
    return -1;
  memset (t, 0, 9 * sizeof (double));
  t[0] = t[4] = sqrt (2.0) / d;
  t[2] = -cx * t[0];
  t[5] = -cy * t[0];
  t[8] = 1;
  return 0;
}

/* 1 when the points (pitch or image side) lie on one line, after normalisation. */
static int
collinear (const TlCorrespondence *points,
           int                     n,
           int                     image)
{
  double t[9], sxx = 0, sxy = 0, syy = 0, tr, det, lo;

  if (normaliser (points, n, image, t) < 0)
    return 1;
  for (int i = 0; i < n; i++)
    {
      double x = image ? points[i].u : points[i].x, y = image ? points[i].v : points[i].y;
      double px = t[0] * x + t[2], py = t[4] * y + t[5];

      sxx += px * px;
      sxy += px * py;
      syy += py * py;
    }
  tr = sxx + syy;
  det = sxx * syy - sxy * sxy;
  lo = tr / 2 - sqrt (fmax (tr * tr / 4 - det, 0));
  return lo < 1e-6 * tr;
}

static void
mat3_mul (const double a[9],
          const double b[9],
          double       out[9])
{
  double r[9];

  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      r[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
  memcpy (out, r, sizeof r);
}

int
tl_homography_invert (const double h[9],
                      double       inv[9])
{
  double det = h[0] * (h[4] * h[8] - h[5] * h[7]) - h[1] * (h[3] * h[8] - h[5] * h[6])
               + h[2] * (h[3] * h[7] - h[4] * h[6]);
  double norm = 0;

  for (int i = 0; i < 9; i++)
    norm = fmax (norm, fabs (h[i]));
  if (!(fabs (det) > 1e-14 * norm * norm * norm))
    return -1;
  inv[0] = (h[4] * h[8] - h[5] * h[7]) / det;
  inv[1] = (h[2] * h[7] - h[1] * h[8]) / det;
  inv[2] = (h[1] * h[5] - h[2] * h[4]) / det;
  inv[3] = (h[5] * h[6] - h[3] * h[8]) / det;
  inv[4] = (h[0] * h[8] - h[2] * h[6]) / det;
  inv[5] = (h[2] * h[3] - h[0] * h[5]) / det;
  inv[6] = (h[3] * h[7] - h[4] * h[6]) / det;
  inv[7] = (h[1] * h[6] - h[0] * h[7]) / det;
  inv[8] = (h[0] * h[4] - h[1] * h[3]) / det;
  return 0;
}

int
tl_homography_apply (const double h[9],
                     double       x,
                     double       y,
                     double      *u,
                     double      *v)
{
  double w = h[6] * x + h[7] * y + h[8];

  if (fabs (w) < 1e-12)
    return -1;
  *u = (h[0] * x + h[1] * y + h[2]) / w;
  *v = (h[3] * x + h[4] * y + h[5]) / w;
  return 0;
}

/* A fitted model's two directions, for fill_report (): pitch point -> pixel when @to_pitch is
 * 0, pixel -> ground point when 1. Returns 0 where the model maps the point. */
typedef int (*Mapping) (const void *model,
                        int         to_pitch,
                        double      a,
                        double      b,
                        double     *out_a,
                        double     *out_b);

/* The residuals of @map over @points, in pixels and in metres, into @report (rest untouched). */
static void
fill_report (Mapping                 map,
             const void             *model,
             const TlCorrespondence *points,
             int                     n,
             TlCalibrationReport    *report)
{
  double spx = 0, sm = 0;
  int nm = 0;

  for (int i = 0; i < n; i++)
    {
      double u, v, x, y;

      if (map (model, 0, points[i].x, points[i].y, &u, &v) == 0)
        {
          double e = hypot (u - points[i].u, v - points[i].v);

          spx += e * e;
          report->max_px = fmax (report->max_px, e);
        }
      if (map (model, 1, points[i].u, points[i].v, &x, &y) == 0)
        {
          double e = hypot (x - points[i].x, y - points[i].y);

          sm += e * e;
          report->max_m = fmax (report->max_m, e);
          nm++;
        }
    }
  report->rms_px = sqrt (spx / n);
  report->rms_m = nm ? sqrt (sm / nm) : 0;
}

typedef struct
{
  double h[9], inv[9];
  int    have_inv;
} HomographyPair;

static int
homography_map (const void *model,
                int         to_pitch,
                double      a,
                double      b,
                double     *out_a,
                double     *out_b)
{
  const HomographyPair *pair = model;

  if (to_pitch && !pair->have_inv)
    return -1;
  return tl_homography_apply (to_pitch ? pair->inv : pair->h, a, b, out_a, out_b);
}

static void
homography_report (const double            h[9],
                   const TlCorrespondence *points,
                   int                     n,
                   TlCalibrationReport    *report)
{
  HomographyPair pair;

  memcpy (pair.h, h, sizeof pair.h);
  pair.have_inv = tl_homography_invert (h, pair.inv) == 0;
  memset (report, 0, sizeof *report);
  fill_report (homography_map, &pair, points, n, report);
}

TlCalibrationStatus
tl_homography_fit (const TlCorrespondence *points,
                   int                     n,
                   double                  h[9],
                   TlCalibrationReport    *report,
                   char                   *message,
                   size_t                  message_size)
{
  double tp[9], ti[9], ti_inv[9], m[81] = { 0 }, values[9], vectors[81], hn[9];
  int order[9];
  TlCalibrationReport local;

  if (points == NULL || h == NULL)
    return fail (TL_CALIBRATION_ERROR_INVALID, message, message_size, "no points");
  if (n < 4)
    return fail (TL_CALIBRATION_ERROR_INVALID, message, message_size,
                 "a homography needs at least 4 point pairs, got %d", n);
  if (collinear (points, n, 0) || collinear (points, n, 1))
    return fail (TL_CALIBRATION_ERROR_DEGENERATE, message, message_size,
                 "the %d points lie on one line: pick points spread over the pitch "
                 "(corners, penalty box corners, centre spot)", n);
  normaliser (points, n, 0, tp);
  normaliser (points, n, 1, ti);

  /* AᵀA of the DLT system, two rows per point, in normalised coordinates. */
  for (int i = 0; i < n; i++)
    {
      double X[3] = { tp[0] * points[i].x + tp[2], tp[4] * points[i].y + tp[5], 1 };
      double u = ti[0] * points[i].u + ti[2], v = ti[4] * points[i].v + ti[5];
      double rows[2][9] = {
        { 0, 0, 0, -X[0], -X[1], -X[2], v * X[0], v * X[1], v * X[2] },
        { X[0], X[1], X[2], 0, 0, 0, -u * X[0], -u * X[1], -u * X[2] },
      };

      for (int r = 0; r < 2; r++)
        for (int a = 0; a < 9; a++)
          for (int b = 0; b < 9; b++)
            m[a * 9 + b] += rows[r][a] * rows[r][b];
    }
  jacobi_eigen (9, m, values, vectors);
  for (int i = 0; i < 9; i++)
    order[i] = i;
  for (int i = 0; i < 9; i++)
    for (int j = i + 1; j < 9; j++)
      if (values[order[j]] < values[order[i]])
        {
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
  /* A second (near) zero eigenvalue: the points do not fix a unique homography (three of
   * four on one line, or repeated points). */
  if (values[order[1]] < 1e-10 * values[order[8]])
    return fail (TL_CALIBRATION_ERROR_DEGENERATE, message, message_size,
                 "the points do not determine a homography (three on one line, or repeated "
                 "points?)");
  for (int i = 0; i < 9; i++)
    hn[i] = vectors[i * 9 + order[0]];

  /* Denormalise: h = ti⁻¹ hn tp. */
  memset (ti_inv, 0, sizeof ti_inv);
  ti_inv[0] = ti_inv[4] = 1 / ti[0];
  ti_inv[2] = -ti[2] / ti[0];
  ti_inv[5] = -ti[5] / ti[0];
  ti_inv[8] = 1;
  mat3_mul (hn, tp, hn);
  mat3_mul (ti_inv, hn, h);
  if (fabs (h[8]) > 1e-12)
    {
      double scale = h[8];

      for (int i = 0; i < 9; i++)
        h[i] /= scale;
    }

  homography_report (h, points, n, report ? report : &local);
  return TL_CALIBRATION_OK;
}

/* --- Camera fit ------------------------------------------------------------------------ */

static void
params_to_vector (const TlCameraParams *p,
                  double                q[N_PARAMS])
{
  q[0] = p->x;
  q[1] = p->y;
  q[2] = p->z;
  q[3] = p->yaw;
  q[4] = p->tilt;
  q[5] = p->roll;
  q[6] = p->hfov;
}

static void
vector_to_params (const double    q[N_PARAMS],
                  TlCameraParams *p)
{
  p->x = q[0];
  p->y = q[1];
  p->z = q[2];
  p->yaw = q[3];
  p->tilt = q[4];
  p->roll = q[5];
  p->hfov = q[6];
}

/* Reprojection residuals (2 per point). Returns -1 when the camera is invalid or a point is
 * behind it: the step that led there is rejected. */
static int
residuals (const TlCameraParams   *base,
           const double            q[N_PARAMS],
           const TlCorrespondence *points,
           int                     n,
           double                 *r)
{
  TlCameraParams p = *base;
  TlCamera cam;

  vector_to_params (q, &p);
  if (p.z <= 0.1 || tl_camera_init (&cam, &p) != TL_CAMERA_OK)
    return -1;
  for (int i = 0; i < n; i++)
    {
      double u, v;

      if (tl_camera_project (&cam, points[i].x, points[i].y, 0, &u, &v) == TL_CAMERA_BEHIND)
        return -1;
      r[2 * i] = u - points[i].u;
      r[2 * i + 1] = v - points[i].v;
    }
  return 0;
}

static double
sum_sq (const double *r,
        int           m)
{
  double s = 0;

  for (int i = 0; i < m; i++)
    s += r[i] * r[i];
  return s;
}

/* Solves a x = b (N_PARAMS square) by Gaussian elimination with partial pivoting. */
static int
solve (double a[N_PARAMS][N_PARAMS],
       double b[N_PARAMS],
       double x[N_PARAMS])
{
  for (int c = 0; c < N_PARAMS; c++)
    {
      int piv = c;

      for (int r = c + 1; r < N_PARAMS; r++)
        if (fabs (a[r][c]) > fabs (a[piv][c]))
          piv = r;
      if (fabs (a[piv][c]) < 1e-300)
        return -1;
      for (int k = 0; k < N_PARAMS; k++)
        {
          double t = a[c][k];
          a[c][k] = a[piv][k];
          a[piv][k] = t;
        }
      {
        double t = b[c];
        b[c] = b[piv];
        b[piv] = t;
      }
      for (int r = c + 1; r < N_PARAMS; r++)
        {
          double f = a[r][c] / a[c][c];

          for (int k = c; k < N_PARAMS; k++)
            a[r][k] -= f * a[c][k];
          b[r] -= f * b[c];
        }
    }
  for (int c = N_PARAMS - 1; c >= 0; c--)
    {
      double s = b[c];

      for (int k = c + 1; k < N_PARAMS; k++)
        s -= a[c][k] * x[k];
      x[c] = s / a[c][c];
    }
  return 0;
}

/* Levenberg-Marquardt (Marquardt's scaling of the diagonal) from @q, in place. Returns the
 * final sum of squares, or INFINITY when @q is not a valid start. @r and @jac are scratch of
 * 2n and 2n x N_PARAMS doubles. */
static double
levenberg_marquardt (const TlCameraParams   *base,
                     double                  q[N_PARAMS],
                     const TlCorrespondence *points,
                     int                     n,
                     double                 *r,
                     double                 *r2,
                     double                 *jac,
                     int                    *iterations)
{
  static const double step[N_PARAMS] = { 1e-4, 1e-4, 1e-4, 1e-7, 1e-7, 1e-7, 1e-7 };
  int m = 2 * n;
  double lambda = 1e-3, cost;

  if (residuals (base, q, points, n, r) < 0)
    return INFINITY;
  cost = sum_sq (r, m);
  *iterations = 0;
  for (int it = 0; it < 300; it++)
    {
      double jtj[N_PARAMS][N_PARAMS], jtr[N_PARAMS], delta[N_PARAMS], trial[N_PARAMS];
      int improved = 0;

      *iterations = it + 1;
      /* Central differences; a side that leaves the valid region falls back to one-sided. */
      for (int k = 0; k < N_PARAMS; k++)
        {
          double qp[N_PARAMS], qm[N_PARAMS];
          int okp, okm;

          memcpy (qp, q, sizeof qp);
          memcpy (qm, q, sizeof qm);
          qp[k] += step[k];
          qm[k] -= step[k];
          okp = residuals (base, qp, points, n, r2) == 0;
          for (int i = 0; okp && i < m; i++)
            jac[i * N_PARAMS + k] = r2[i];
          okm = residuals (base, qm, points, n, r2) == 0;
          for (int i = 0; i < m; i++)
            {
              double plus = okp ? jac[i * N_PARAMS + k] : r[i];
              double minus = okm ? r2[i] : r[i];
              double span = (okp ? step[k] : 0) + (okm ? step[k] : 0);

              jac[i * N_PARAMS + k] = span > 0 ? (plus - minus) / span : 0;
            }
        }
      for (int a = 0; a < N_PARAMS; a++)
        {
          jtr[a] = 0;
          for (int i = 0; i < m; i++)
            jtr[a] += jac[i * N_PARAMS + a] * r[i];
          for (int b = 0; b < N_PARAMS; b++)
            {
              double s = 0;

              for (int i = 0; i < m; i++)
                s += jac[i * N_PARAMS + a] * jac[i * N_PARAMS + b];
              jtj[a][b] = s;
            }
        }

      while (lambda < 1e12)
        {
          double a[N_PARAMS][N_PARAMS], b[N_PARAMS], new_cost;

          memcpy (a, jtj, sizeof a);
          for (int k = 0; k < N_PARAMS; k++)
            {
              a[k][k] += lambda * (jtj[k][k] > 1e-12 ? jtj[k][k] : 1e-12);
              b[k] = -jtr[k];
            }
          if (solve (a, b, delta) == 0)
            {
              for (int k = 0; k < N_PARAMS; k++)
                trial[k] = q[k] + delta[k];
              if (residuals (base, trial, points, n, r2) == 0
                  && (new_cost = sum_sq (r2, m)) < cost)
                {
                  double rel = (cost - new_cost) / (cost + 1e-30);

                  memcpy (q, trial, sizeof trial);
                  memcpy (r, r2, (size_t) m * sizeof (double));
                  cost = new_cost;
                  lambda = fmax (lambda / 10, 1e-12);
                  improved = 1;
                  if (rel < 1e-14 || cost < 1e-20)
                    return cost;
                  break;
                }
            }
          lambda *= 10;
        }
      if (!improved)
        break;
    }
  return cost;
}

static int
camera_map (const void *model,
            int         to_pitch,
            double      a,
            double      b,
            double     *out_a,
            double     *out_b)
{
  if (to_pitch)
    return tl_camera_unproject_ground (model, a, b, out_a, out_b) == TL_CAMERA_OK ? 0 : -1;
  return tl_camera_project (model, a, b, 0, out_a, out_b) != TL_CAMERA_BEHIND ? 0 : -1;
}

static void
camera_report (const TlCameraParams   *p,
               const TlCorrespondence *points,
               int                     n,
               TlCalibrationReport    *report)
{
  TlCamera cam;
  int iterations = report->iterations;

  memset (report, 0, sizeof *report);
  report->iterations = iterations;
  if (tl_camera_init (&cam, p) != TL_CAMERA_OK)
    return;
  fill_report (camera_map, &cam, points, n, report);
}

TlCalibrationStatus
tl_camera_fit (const TlCorrespondence *points,
               int                     n,
               TlCameraProjection      projection,
               int                     width,
               int                     height,
               const TlCameraParams   *guess,
               TlCameraParams         *out,
               TlCalibrationReport    *report,
               char                   *message,
               size_t                  message_size)
{
  /* Starts around a Veo-style camera: behind the near touchline, a few metres up, looking
   * at the pitch; yaw and distance on a small grid. LM converges from any of them on
   * well-spread points; the grid guards against the rare local minimum. */
  static const double distances[] = { 2, 6, 15, 30 };
  static const double heights[] = { 3, 6, 12 };
  static const double yaws[] = { -0.4, 0, 0.4 };
  TlCameraParams base, best;
  TlCalibrationReport local;
  double best_cost = INFINITY, r[2 * 256], r2[2 * 256], jac[2 * 256 * N_PARAMS];
  int best_iterations = 0;

  if (points == NULL || out == NULL)
    return fail (TL_CALIBRATION_ERROR_INVALID, message, message_size, "no points");
  if (n < 4)
    return fail (TL_CALIBRATION_ERROR_INVALID, message, message_size,
                 "a camera fit needs at least 4 point pairs, got %d", n);
  if (n > 256)
    return fail (TL_CALIBRATION_ERROR_INVALID, message, message_size,
                 "at most 256 point pairs, got %d", n);
  if (guess != NULL)
    {
      projection = guess->projection;
      width = guess->width;
      height = guess->height;
    }
  if (width <= 0 || height <= 0)
    return fail (TL_CALIBRATION_ERROR_INVALID, message, message_size,
                 "image size %dx%d is not valid", width, height);
  if (collinear (points, n, 0) || collinear (points, n, 1))
    return fail (TL_CALIBRATION_ERROR_DEGENERATE, message, message_size,
                 "the %d points lie on one line: pick points spread over the pitch "
                 "(corners, penalty box corners, centre spot)", n);

  for (int s = -1; s < (int) (sizeof distances / sizeof distances[0]
                              * sizeof heights / sizeof heights[0]
                              * sizeof yaws / sizeof yaws[0]); s++)
    {
      TlCameraParams start;
      double q[N_PARAMS], cost;
      int iterations = 0;

      if (s < 0)
        {
          if (guess == NULL)
            continue;
          start = *guess;
        }
      else
        {
          int di = s % 4, hi = (s / 4) % 3, yi = s / 12;

          tl_camera_params_default (&start, projection, width, height, distances[di],
                                    heights[hi]);
          start.yaw = yaws[yi];
          /* Look at the pitch's centre from there: tilt down to the centre spot. */
          start.tilt = atan2 (heights[hi], 34.0 + distances[di]);
        }
      base = start;
      params_to_vector (&start, q);
      cost = levenberg_marquardt (&base, q, points, n, r, r2, jac, &iterations);
      if (cost < best_cost)
        {
          best_cost = cost;
          best = base;
          vector_to_params (q, &best);
          best_iterations = iterations;
        }
      /* A start that already explains the points to a hundredth of a pixel is the answer. */
      if (best_cost < 1e-4 * n)
        break;
    }

  if (!isfinite (best_cost))
    return fail (TL_CALIBRATION_ERROR_NO_FIT, message, message_size,
                 "no camera sees all %d points in front of it: check the point pairs", n);
  /* Angles back to (-π, π]. */
  best.yaw = atan2 (sin (best.yaw), cos (best.yaw));
  best.roll = atan2 (sin (best.roll), cos (best.roll));
  *out = best;
  if (report == NULL)
    report = &local;
  report->iterations = best_iterations;
  camera_report (out, points, n, report);
  if (report->rms_px > 0.02 * width)
    return fail (TL_CALIBRATION_ERROR_NO_FIT, message, message_size,
                 "the best camera is %.0f px off on average: check the point pairs",
                 report->rms_px);
  return TL_CALIBRATION_OK;
}
