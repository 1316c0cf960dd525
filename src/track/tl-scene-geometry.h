/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-scene-geometry.h: what the detector knows about the scene at the analysis size: where the
 * pitch is, how tall a person is at an image position, and image <-> ground.
 *
 * Built from a TlCamera when the video is calibrated, else from an image polygon and a linear
 * person-height model. Internal to the engine. */
#pragma once

#include <stdint.h>

#include "tl-camera.h"
#include "tl-tracker.h"

/* What the detector looks for in a 2x2 block of the analysis frame. */
typedef enum
{
  TL_PITCH_BLOCK_OFF = 0,     /* nothing: the stands, the sky */
  TL_PITCH_BLOCK_PLAYERS = 1, /* players and the ball: the watched ground, players' heads */
  TL_PITCH_BLOCK_BALL = 2,    /* the ball alone: the air above the far touchline */
} TlPitchBlock;

typedef struct
{
  int      width;
  int      height;
  int      have_camera;
  TlCamera camera;          /* scaled to the analysis size */
  double   person_px_top;   /* fallback height model */
  double   person_px_bottom;
  uint8_t *pitch_blocks;    /* (width / 2) x (height / 2): a TlPitchBlock each */
  uint8_t *markings;        /* (width / 2) x (height / 2): 1 where a painted line is */
  double   half_length;     /* with a camera: the watched ground, pitch + margin, metres */
  double   half_width;
  double   pitch_half_length; /* with a camera: the pitch itself, metres */
  double   pitch_half_width;
} TlSceneGeometry;

/* Returns 0, or -1 with @message set. */
int    tl_scene_geometry_init  (TlSceneGeometry       *geo,
                                const TlTrackerConfig *config,
                                char                  *message,
                                size_t                 message_size);
void   tl_scene_geometry_clear (TlSceneGeometry *geo);

/* Expected height of a 1.8 m person whose feet are at pixel (@u, @v); never below 4 px. */
double tl_scene_geometry_person_px (const TlSceneGeometry *geo,
                                    double                 u,
                                    double                 v);

/* The row a person's feet stand on when his pixels run from row @top down to @bottom (one past
 * his lowest): @bottom, unless that is the frame's bottom edge, which then cuts him (the near
 * touchline of a panorama runs along it); his feet are below it, where a person whose head is
 * at @top stands. */
double tl_scene_geometry_foot_row (const TlSceneGeometry *geo,
                                   double                 u,
                                   int                    top,
                                   int                    bottom);

/* The row a person's feet stand on when his box ends at row @bottom (one past its lowest) in
 * column @u: nobody stands beyond the watched ground (on the advertising boards behind the far
 * touchline), so a box whose lowest row lies there lost his legs, and his feet are on the
 * watched ground at least: the first row below @bottom, to a quarter of a pixel, whose pixel
 * row just above it shows the watched ground, when that lies at most @reach pixels below.
 * @bottom where its own row shows the watched ground, where none does within @reach (a head in
 * the stands), and without a camera (no watched ground in metres to be beyond). */
double tl_scene_geometry_standing_row (const TlSceneGeometry *geo,
                                       double                 u,
                                       double                 bottom,
                                       double                 reach);

/* Foot pixel -> reported ground coordinates (pitch metres with a camera, else the pixel).
 * Returns 0, or -1 when the pixel is above the horizon. */
int    tl_scene_geometry_ground (const TlSceneGeometry *geo,
                                 double                 u,
                                 double                 v,
                                 double                *gx,
                                 double                *gy);

/* Whether pixel (@u, @v) shows the watched ground itself (the pitch and its margin, and the
 * goal mouths behind the goal lines; not the room above the far touchline kept for players'
 * heads): where a ball on the ground, or in a goal's net, can be. */
int    tl_scene_geometry_on_ground (const TlSceneGeometry *geo,
                                    double                 u,
                                    double                 v);

/* Whether the ground under pixel (@u, @v) lies within @radius metres of a corner of the pitch,
 * where the ball is placed for a corner kick; always 0 without a camera. */
int    tl_scene_geometry_near_corner (const TlSceneGeometry *geo,
                                      double                 u,
                                      double                 v,
                                      double                 radius);
/* Whether pixel (@u, @v) lies on a painted line of the pitch, within a pixel or two; always 0
 * without a camera. */
int    tl_scene_geometry_on_marking (const TlSceneGeometry *geo,
                                     double                 u,
                                     double                 v);

/* What is looked for at pixel (@u, @v); TL_PITCH_BLOCK_OFF outside the frame. */
TlPitchBlock tl_scene_geometry_block (const TlSceneGeometry *geo,
                                      double                 u,
                                      double                 v);

/* Ground coordinates -> foot pixel. Returns 0, or -1 when behind the camera. */
int    tl_scene_geometry_image  (const TlSceneGeometry *geo,
                                 double                 gx,
                                 double                 gy,
                                 double                *u,
                                 double                *v);
