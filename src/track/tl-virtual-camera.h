/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-virtual-camera.h: a rectilinear view reprojected from a panorama (or a flat video).
 *
 * Plain C11, no GLib: the viewer's GL shader, the exporter's CPU path and the tests share it.
 *
 * The virtual camera is a pinhole camera standing where the source camera stood, turned by
 * @yaw (to the right) and @pitch (UP, unlike TlCamera's tilt which looks down) relative to the
 * source camera's own axes, with a horizontal field of view @hfov and an output of
 * @width x @height square pixels. The source is described by the fields projection, width,
 * height and hfov of a TlCameraParams (tl-camera.h; the other fields are ignored), so the
 * virtual view and the tracker agree on what every source pixel means.
 *
 * THE FORMULA (implemented here in C and in the fragment shader of src/app/tl-viewer.c; keep
 * the two in step). Pixel coordinates are continuous, pixel centres at .5, v/y grows down.
 *
 *   Output pixel (x, y) -> viewing ray in virtual camera coordinates (right, up, forward):
 *     fv = (W / 2) / tan (hfov / 2)
 *     d  = ((x - W / 2) / fv, (H / 2 - y) / fv, 1)
 *   -> in source camera coordinates, d_s = R d with the columns of R being the virtual
 *      camera's axes (yaw ψ about the source's up axis, then pitch θ about the new right axis):
 *     right   = ( cos ψ,          0,     -sin ψ        )
 *     up      = (-sin ψ sin θ,    cos θ, -cos ψ sin θ  )
 *     forward = ( sin ψ cos θ,    sin θ,  cos ψ cos θ  )
 *   -> source pixel (u, v), with the source's cx = Ws / 2, cy = Hs / 2:
 *     cylindrical: fs = Ws / hfov_s,
 *                  u = cx + fs atan2 (d_s.x, d_s.z),  v = cy - fs d_s.y / sqrt (d_s.x² + d_s.z²)
 *     pinhole:     fs = (Ws / 2) / tan (hfov_s / 2), needs d_s.z > 0,
 *                  u = cx + fs d_s.x / d_s.z,          v = cy - fs d_s.y / d_s.z
 *   The inverse (source -> output) runs the same steps backwards with Rᵀ.
 *
 * So yaw 0, pitch 0 looks at the source's centre pixel, and with a cylindrical source a yaw of
 * ψ looks at column cx + fs ψ: yaw is the panorama's azimuth. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "tl-camera.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The narrowest and widest view we allow: beyond 120° a pinhole view is mostly stretched
 * corners, below 3° a 4K panorama is magnified into blur. */
#define TL_VIRTUAL_CAMERA_MIN_HFOV (3.0 * 3.14159265358979323846 / 180.0)
#define TL_VIRTUAL_CAMERA_MAX_HFOV (120.0 * 3.14159265358979323846 / 180.0)

typedef struct
{
  /* Set by tl_virtual_camera_init () / _set_view (); read freely. */
  double yaw, pitch, hfov;    /* radians */
  int    width, height;       /* output size in pixels */

  /* Derived: rows of r are the virtual camera's right, up and forward axes in source camera
   * coordinates (so d_s = rᵀ d_v, i.e. d_s[i] = Σ_k r[k][i] d_v[k]); f is fv above. */
  double r[3][3];
  double f;
} TlVirtualCamera;

/* Sets the output size and the view. Returns TL_CAMERA_OK, or TL_CAMERA_ERROR_INVALID for a
 * size <= 0, a non-finite angle or an hfov outside (0, π) (then @vc is left unusable). */
TlCameraStatus tl_virtual_camera_init     (TlVirtualCamera *vc,
                                           int              width,
                                           int              height,
                                           double           yaw,
                                           double           pitch,
                                           double           hfov);

/* Changes the view, keeping the output size. Same result codes as _init (). */
TlCameraStatus tl_virtual_camera_set_view (TlVirtualCamera *vc,
                                           double           yaw,
                                           double           pitch,
                                           double           hfov);

/* Output pixel -> source pixel. TL_CAMERA_VISIBLE when it lands inside the source image,
 * TL_CAMERA_OUTSIDE when outside it (u, v still set), TL_CAMERA_BEHIND when the ray misses the
 * source altogether (behind a pinhole source; u, v untouched), TL_CAMERA_ERROR_INVALID for a
 * bad argument (a @src that tl_camera_init () would refuse). */
TlCameraStatus tl_virtual_camera_map_pixel   (const TlVirtualCamera *vc,
                                              const TlCameraParams  *src,
                                              double                 out_x,
                                              double                 out_y,
                                              double                *src_u,
                                              double                *src_v);

/* Source pixel -> output pixel: the same codes, TL_CAMERA_BEHIND when the source pixel lies
 * behind the virtual camera. */
TlCameraStatus tl_virtual_camera_unmap_pixel (const TlVirtualCamera *vc,
                                              const TlCameraParams  *src,
                                              double                 src_u,
                                              double                 src_v,
                                              double                *out_x,
                                              double                *out_y);

/* Turns the view (yaw and pitch; hfov and size stay) so that output pixel (@out_x, @out_y)
 * shows source pixel (@src_u, @src_v): drag-to-pan keeps the grabbed point under the cursor,
 * centring on a point is out = the output centre, zooming about the cursor is a change of
 * hfov followed by this. Does not clamp. TL_CAMERA_OK, TL_CAMERA_OUTSIDE when no pitch can put
 * that point there (then the view is unchanged), or TL_CAMERA_ERROR_INVALID. */
TlCameraStatus tl_virtual_camera_look_through (TlVirtualCamera      *vc,
                                               const TlCameraParams *src,
                                               double                out_x,
                                               double                out_y,
                                               double                src_u,
                                               double                src_v);

/* TRUE when every output pixel maps inside the source. */
int            tl_virtual_camera_fits      (const TlVirtualCamera *vc,
                                            const TlCameraParams  *src);

/* Moves the view the least so that it fits: hfov into [MIN_HFOV, the widest that fits the
 * source], then pitch toward 0, then yaw toward 0 (a 360° panorama only wraps yaw into
 * (-π, π]). Returns 1 when something changed, 0 when the view already fitted, or
 * TL_CAMERA_ERROR_INVALID. */
int            tl_virtual_camera_clamp     (TlVirtualCamera      *vc,
                                            const TlCameraParams *src);

/* CPU reprojection with bilinear filtering; output pixels outside the source are black.
 * RGBA: 4 bytes per pixel (alpha copied, 255 outside). I420: three planes, chroma at half
 * resolution (width and height of both images even). Strides in bytes. The source-pixel map is
 * computed exactly on a grid of 8x8 output pixels and interpolated in between (the map is
 * smooth: the error stays below 0.02 px, see test-virtual-camera), which is
 * what makes this fast enough for export. Return TL_CAMERA_OK or TL_CAMERA_ERROR_INVALID. */
TlCameraStatus tl_virtual_camera_render_rgba (const TlVirtualCamera *vc,
                                              const TlCameraParams  *src,
                                              const uint8_t         *src_pixels,
                                              size_t                 src_stride,
                                              uint8_t               *dst_pixels,
                                              size_t                 dst_stride);

TlCameraStatus tl_virtual_camera_render_i420 (const TlVirtualCamera *vc,
                                              const TlCameraParams  *src,
                                              const uint8_t * const  src_planes[3],
                                              const size_t           src_strides[3],
                                              uint8_t * const        dst_planes[3],
                                              const size_t           dst_strides[3]);

#ifdef __cplusplus
}
#endif
