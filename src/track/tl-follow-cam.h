/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-follow-cam.h: the follow-cam path: a virtual camera that follows play, frame by frame.
 *
 * Plain C11, no GLib. Fed each frame with what the tracker knows (the ball when it is trusted,
 * player positions on the pitch), it gives the view of a TlVirtualCamera (tl-virtual-camera.h:
 * yaw and pitch relative to the source camera's axes, pitch UP, horizontal field of view) so
 * the viewer and the exporter show the same picture. What it does, per axis (yaw, pitch, field
 * of view):
 *  - target: the ball, led by its velocity (anticipation), when trusted; else the centre of
 *    play (players weighted toward the densest group); zoom: wide enough for the players near
 *    the target, between hfov_min and hfov_max;
 *  - dead zone: a target that stays within @dead_zone of the view moves nothing, so a still or
 *    jittering ball gives a still picture (exactly: the velocity decays to 0 and stays there);
 *  - motion: velocity toward the target, limited by the maximum speed, the maximum
 *    acceleration and the speed from which it can still brake before the target (no overshoot).
 * Deterministic (plain double arithmetic in a fixed order), O(1) memory: the state is a few
 * numbers, so it streams over a whole match. */
#pragma once

#include <stddef.h>

#include "tl-camera.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
  TlCameraParams source;      /* the video's camera: pitch metres -> directions */
  double fps;
  double hfov_min, hfov_max;  /* radians */
  double max_speed;           /* rad/s, yaw and pitch */
  double max_accel;           /* rad/s² */
  double max_zoom_speed;      /* rad/s of field of view */
  double max_zoom_accel;      /* rad/s² */
  double dead_zone;           /* radians of yaw/pitch error that move nothing */
  double zoom_dead_zone;      /* radians of field of view */
  double lead_s;              /* anticipation: aim where the ball will be this much later */
  double gain;                /* 1/s: wanted speed per radian of error outside the dead zone */
} TlFollowCamConfig;

typedef struct
{
  int          have_ball;     /* the tracker trusts its ball this frame */
  double       ball_x, ball_y;    /* pitch metres */
  double       ball_vx, ball_vy;  /* metres per second */
  const float *players;       /* x, y pairs in pitch metres; may be NULL */
  int          n_players;
} TlFollowCamInput;

typedef struct
{
  double yaw, pitch, hfov;    /* radians, as tl_virtual_camera_set_view () takes them */
} TlFollowCamView;

typedef struct _TlFollowCam TlFollowCam;

/* Sensible defaults for a video with this camera: broadcast-like limits (40°/s, 60°/s²),
 * 2° dead zone, 0.4 s lead, 20°..60° field of view. */
void         tl_follow_cam_config_init (TlFollowCamConfig    *config,
                                        const TlCameraParams *source,
                                        double                fps);

/* Returns NULL on invalid config, with @message (may be NULL) saying why. */
TlFollowCam *tl_follow_cam_new         (const TlFollowCamConfig *config,
                                        char                    *message,
                                        size_t                   message_size);
void         tl_follow_cam_free        (TlFollowCam *cam);

/* Advances one frame and writes the view to show for it. The first frame jumps straight to its
 * target. With neither ball nor players the view holds. Returns 0, or -1 on NULL arguments. */
int          tl_follow_cam_push        (TlFollowCam            *cam,
                                        const TlFollowCamInput *input,
                                        TlFollowCamView        *view);

/* The direction of a pitch point as a view's yaw and pitch (radians, relative to the source
 * camera's axes). Returns 0, or -1 when the point is at the camera. */
int          tl_follow_cam_direction   (const TlFollowCam *cam,
                                        double             x,
                                        double             y,
                                        double             z,
                                        double            *yaw,
                                        double            *pitch);

#ifdef __cplusplus
}
#endif
