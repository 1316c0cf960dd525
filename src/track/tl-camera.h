/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-camera.h: the one camera model of Touchline: where a pitch point lands in the video.
 *
 * Plain C11, no GLib: the tracker, the viewer, the exporter and the demo generator all use it.
 *
 * Pitch coordinates, in metres: origin at the centre spot, x along the touchlines toward the
 * right goal (as seen from the camera), y toward the FAR touchline, z up. This is right-handed.
 * The pitch is 105 x 68 m by default, so the goal lines are x = ±52.5 and the touchlines
 * y = ±34; a Veo-style camera stands behind the near touchline, at y < -34.
 *
 * Orientation: yaw turns the camera to the right (0 looks along +y, 90° looks along +x), tilt
 * looks down (positive = toward the ground), roll turns the image clockwise. They are applied in
 * that order (yaw, then tilt about the new right axis, then roll about the view axis).
 *
 * Projections:
 *  - TL_CAMERA_PINHOLE ("flat"): an ordinary rectilinear camera. Square pixels, focal length
 *    f = (width / 2) / tan (hfov / 2), principal point at the image centre.
 *  - TL_CAMERA_CYLINDRICAL: a panorama as stitched by Veo-style cameras. Columns are equal
 *    steps of azimuth: u = cx + f * azimuth, with f = width / hfov (pixels per radian). Rows are
 *    the tangent of the elevation over the cylinder: v = cy - f * y_c / sqrt (x_c² + z_c²), with
 *    the same f, so the image is conformal at its centre line and vertical lines in the world
 *    stay vertical in the image when roll is 0. The vertical field of view follows from the
 *    height: vfov = 2 atan ((height / 2) / f).
 *
 * All parameters are plain doubles in TlCameraParams so that a fit from correspondences (the
 * tracking issue) can vary them directly; tl_camera_init() derives the rotation once. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  TL_CAMERA_CYLINDRICAL = 0,
  TL_CAMERA_PINHOLE = 1,
} TlCameraProjection;

typedef enum
{
  TL_CAMERA_OK = 0,
  TL_CAMERA_VISIBLE = 1,         /* tl_camera_project: the point lands inside the image */
  TL_CAMERA_OUTSIDE = 0,         /* ...in front of the camera but outside the image (u, v set) */
  TL_CAMERA_BEHIND = -1,         /* ...behind the camera / no ground hit: u, v untouched */
  TL_CAMERA_ERROR_INVALID = -2,  /* bad argument: NULL, size <= 0, fov out of range... */
} TlCameraStatus;

/* Everything that defines a camera; the serialised form (a sidecar stores these numbers). */
typedef struct
{
  TlCameraProjection projection;
  int    width;               /* image size in pixels */
  int    height;
  double x, y, z;             /* position in pitch metres */
  double yaw, tilt, roll;     /* radians, see above */
  double hfov;                /* horizontal field of view, radians: (0, 2π] cylindrical,
                               * (0, π) pinhole */
} TlCameraParams;

typedef struct
{
  TlCameraParams params;

  /* Derived by tl_camera_init (): rows are the camera's right, up and forward axes in pitch
   * coordinates, so camera = R (P - C). */
  double r[3][3];
  double f;                   /* focal length, pixels (per radian for cylindrical columns) */
  double cx, cy;              /* principal point */
} TlCamera;

/* A Veo-style camera for a pitch of the default size: at the halfway line, @distance metres
 * behind the near touchline, @height metres up, looking at the pitch. Fills @params. */
void           tl_camera_params_default (TlCameraParams     *params,
                                         TlCameraProjection  projection,
                                         int                 width,
                                         int                 height,
                                         double              distance,
                                         double              height_m);

/* Validates @params and derives the rotation. Returns TL_CAMERA_OK or TL_CAMERA_ERROR_INVALID
 * (then @cam is left unusable). */
TlCameraStatus tl_camera_init           (TlCamera             *cam,
                                         const TlCameraParams *params);

/* Pitch point -> pixel (continuous, pixel centres at .5). See TlCameraStatus for the result. */
TlCameraStatus tl_camera_project        (const TlCamera *cam,
                                         double          X,
                                         double          Y,
                                         double          Z,
                                         double         *u,
                                         double         *v);

/* Pixel -> point on the ground plane z = 0 seen there. TL_CAMERA_OK, or TL_CAMERA_BEHIND when
 * the ray does not reach the ground in front of the camera (sky, above the horizon). */
TlCameraStatus tl_camera_unproject_ground (const TlCamera *cam,
                                           double          u,
                                           double          v,
                                           double         *X,
                                           double         *Y);

/* The same two steps in the camera's own frame (x right, y up, z forward), for code that
 * composes its own rotation with this projection (tl-virtual-camera): camera-frame point or
 * direction @c -> pixel, with the status of tl_camera_project (); and pixel -> camera-frame
 * ray (not normalised). @cam must come from a successful tl_camera_init (). */
TlCameraStatus tl_camera_project_camera_point (const TlCamera *cam,
                                               const double    c[3],
                                               double         *u,
                                               double         *v);
void           tl_camera_camera_ray     (const TlCamera *cam,
                                         double          u,
                                         double          v,
                                         double          c[3]);

/* The viewing ray through a pixel, in pitch coordinates (unit length). */
TlCameraStatus tl_camera_pixel_ray      (const TlCamera *cam,
                                         double          u,
                                         double          v,
                                         double          dir[3]);

/* Expected height in pixels of an upright person @height_m tall standing at ground point
 * (@X, @Y) (head pixel row minus foot pixel row). Returns 0 when not in front of the camera. */
double         tl_camera_person_height_px (const TlCamera *cam,
                                           double          X,
                                           double          Y,
                                           double          height_m);

/* The same for a person whose feet are at pixel (@u, @v): what a detector needs to know about
 * the size of people at an image position. Returns 0 above the horizon. */
double         tl_camera_person_height_at_pixel (const TlCamera *cam,
                                                 double          u,
                                                 double          v,
                                                 double          height_m);

/* Ground metres covered by one pixel step along the image row and along the column at pixel
 * (@u, @v). Returns TL_CAMERA_BEHIND above the horizon. */
TlCameraStatus tl_camera_metres_per_pixel (const TlCamera *cam,
                                           double          u,
                                           double          v,
                                           double         *along_row,
                                           double         *along_column);

const char    *tl_camera_projection_to_string   (TlCameraProjection projection);
/* Accepts "cylindrical" and "flat" (or "pinhole"). Returns 0 on success, -1 otherwise. */
int            tl_camera_projection_from_string (const char         *str,
                                                 TlCameraProjection *out);

#ifdef __cplusplus
}
#endif
