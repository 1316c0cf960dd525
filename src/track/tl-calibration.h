/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-calibration.h: fits the camera of a video from image/pitch point correspondences.
 *
 * Plain C11, no GLib. Two models, as in tl-camera.h:
 *  - flat video: a plane-to-plane homography pitch (x, y, metres) -> image (u, v, pixels) by
 *    the normalised direct linear transform (Hartley & Zisserman, alg. 4.2);
 *  - any TlCamera (cylindrical panoramas, and pinhole when the full camera is wanted): the
 *    position, yaw, tilt, roll and field of view of TlCameraParams by Levenberg-Marquardt on
 *    the reprojection error, from several initial guesses around a Veo-style camera behind the
 *    near touchline, or from the caller's guess.
 * Both need >= 4 correspondences not all on one line; the reports give the RMS reprojection
 * error in pixels and, back on the pitch, in metres, so tracks can be reported in metres and the
 * user told how good the calibration is. */
#pragma once

#include <stddef.h>

#include "tl-camera.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
  double u, v;                /* image pixel (continuous, pixel centres at .5) */
  double x, y;                /* the same point on the pitch, metres (z = 0) */
} TlCorrespondence;

typedef enum
{
  TL_CALIBRATION_OK = 0,
  TL_CALIBRATION_ERROR_INVALID = -1,     /* NULL, fewer than 4 points, bad size */
  TL_CALIBRATION_ERROR_DEGENERATE = -2,  /* points on one line, or repeated */
  TL_CALIBRATION_ERROR_NO_FIT = -3,      /* no camera explains the points (wrong pairs?) */
} TlCalibrationStatus;

typedef struct
{
  double rms_px;              /* pitch -> image reprojection error */
  double max_px;
  double rms_m;               /* image -> pitch error, metres (points above the horizon skipped) */
  double max_m;
  int    iterations;          /* Levenberg-Marquardt iterations of the winning start */
} TlCalibrationReport;

/* Fits @h (row major, pitch -> image: [u v 1]ᵀ ~ h [x y 1]ᵀ) to @n >= 4 correspondences.
 * @report and @message (may be NULL) say how well, or why not. */
TlCalibrationStatus tl_homography_fit    (const TlCorrespondence *points,
                                          int                     n,
                                          double                  h[9],
                                          TlCalibrationReport    *report,
                                          char                   *message,
                                          size_t                  message_size);

/* Maps (@x, @y) through @h. Returns 0, or -1 when the point maps to infinity. */
int                 tl_homography_apply  (const double h[9],
                                          double       x,
                                          double       y,
                                          double      *u,
                                          double      *v);

/* @inv = @h⁻¹ (image -> pitch). Returns 0, or -1 when @h is singular. */
int                 tl_homography_invert (const double h[9],
                                          double       inv[9]);

/* Fits the camera: projection, width and height come from @guess (or, with @guess NULL, from
 * @projection, @width, @height and a default guess); the other fields are fitted. Needs
 * n >= 4 (7 unknowns, 2 equations per point). */
TlCalibrationStatus tl_camera_fit        (const TlCorrespondence *points,
                                          int                     n,
                                          TlCameraProjection      projection,
                                          int                     width,
                                          int                     height,
                                          const TlCameraParams   *guess,
                                          TlCameraParams         *out,
                                          TlCalibrationReport    *report,
                                          char                   *message,
                                          size_t                  message_size);

#ifdef __cplusplus
}
#endif
