/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-scene-geometry.c: pitch mask and person sizes from the camera or from fallbacks. */
#include "tl-scene-geometry.h"

#include "tl-pitch-markings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tallest player we must not cut at the far touchline, with some arm room. */
#define TL_TALLEST_PERSON_M 2.3
/* How high over the far end of the watched ground the ball is still looked for: a lofted
 * pass or a clearance there rises out of the players' room (on the 60 s demos 3-9% of the
 * ball's frames are above it, nearly all within 8 m of the ground). */
#define TL_BALL_FLIGHT_M 8.0
/* Half the width of the paint of a pitch marking (the Laws allow up to 12 cm). */
#define TL_MARKING_HALF_WIDTH_M 0.06
/* The goal mouth behind each goal line, where the ball lies in the net after a goal: half the
 * goal's width (7.32 m, Law 1) and a metre, and how far beyond the watched ground's margin it
 * reaches. Up on the net the ball's lowest pixel, taken for a point on the ground, lies farther
 * than the net is deep; off the watched ground its candidates start no path, and the ball in the
 * net went unreported until it was carried out (ball recall on the 24 demos 0.7523 -> 0.7560;
 * 1.5 m: 0.7545; 6 m: 0.7560). */
#define TL_GOAL_MOUTH_HALF_WIDTH_M 4.7
#define TL_GOAL_MOUTH_DEPTH_M 3.0

static int
inside_polygon (const double *xy,
                int           n,
                double        x,
                double        y)
{
  int inside = 0;

  for (int i = 0, j = n - 1; i < n; j = i++)
    {
      double xi = xy[2 * i], yi = xy[2 * i + 1];
      double xj = xy[2 * j], yj = xy[2 * j + 1];

      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
        inside = !inside;
    }
  return inside;
}

/* The index of the 2x2-pixel cell holding pixel (@u, @v) in the cell maps; -1 outside the image. */
static long
cell_at (const TlSceneGeometry *geo,
         double                 u,
         double                 v)
{
  int cx = (int) floor (u / 2), cy = (int) floor (v / 2);

  if (cx < 0 || cy < 0 || cx >= geo->width / 2 || cy >= geo->height / 2)
    return -1;
  return (long) cy * (geo->width / 2) + cx;
}

/* Paint to mark in the cells of the image, @geo's markings. */
static void
mark_paint (double x,
            double y,
            void  *user)
{
  TlSceneGeometry *geo = user;
  double u, v;
  long cell;

  if (tl_camera_project (&geo->camera, x, y, 0, &u, &v) != TL_CAMERA_VISIBLE)
    return;
  cell = cell_at (geo, u, v);
  if (cell >= 0)
    geo->markings[cell] = 1;
}

static void
mask_from_camera (TlSceneGeometry       *geo,
                  const TlTrackerConfig *config)
{
  int cw = geo->width / 2, ch = geo->height / 2;
  double half_l = (config->pitch_length > 0 ? config->pitch_length : 105.0) / 2
                  + config->pitch_margin_m;
  double half_w = (config->pitch_width > 0 ? config->pitch_width : 68.0) / 2
                  + config->pitch_margin_m;

  geo->half_length = half_l;
  geo->half_width = half_w;
  geo->pitch_half_length = half_l - config->pitch_margin_m;
  geo->pitch_half_width = half_w - config->pitch_margin_m;
  /* A column of a cylindrical panorama (or nearly, of a pinhole image) is a vertical line in
   * the world: the pitch ground in it, plus a standing person's height above its far end. */
  for (int cx = 0; cx < cw; cx++)
    {
      double u = 2 * cx + 1;
      int top = -1;

      for (int cy = 0; cy < ch; cy++)
        {
          double X, Y;
          int in = 0;

          if (tl_camera_unproject_ground (&geo->camera, u, 2 * cy + 1, &X, &Y) == TL_CAMERA_OK)
            in = fabs (X) <= half_l && fabs (Y) <= half_w;
          geo->pitch_blocks[(long) cy * cw + cx] = in ? TL_PITCH_BLOCK_PLAYERS : TL_PITCH_BLOCK_OFF;
          if (in && top < 0)
            top = cy;
        }

      if (top >= 0)
        {
          double person = tl_camera_person_height_at_pixel (&geo->camera, u, 2 * top + 1,
                                                            TL_TALLEST_PERSON_M);
          double flight = tl_camera_person_height_at_pixel (&geo->camera, u, 2 * top + 1,
                                                            TL_BALL_FLIGHT_M);
          int above = (int) ceil (person / 2), ball_above = (int) ceil (flight / 2);

          for (int cy = top - ball_above; cy < top; cy++)
            if (cy >= 0)
              geo->pitch_blocks[(long) cy * cw + cx] =
                cy >= top - above ? TL_PITCH_BLOCK_PLAYERS : TL_PITCH_BLOCK_BALL;
        }
    }
}

int
tl_scene_geometry_init (TlSceneGeometry       *geo,
                        const TlTrackerConfig *config,
                        char                  *message,
                        size_t                 message_size)
{
  int cw = config->width / 2, ch = config->height / 2;

  memset (geo, 0, sizeof *geo);
  geo->width = config->width;
  geo->height = config->height;
  geo->person_px_top = config->person_px_top > 0 ? config->person_px_top : 0.12 * config->height;
  geo->person_px_bottom = config->person_px_bottom > 0
                          ? config->person_px_bottom : 0.30 * config->height;

  geo->pitch_blocks = malloc ((size_t) cw * ch);
  geo->markings = calloc ((size_t) cw * ch, 1);
  if (geo->pitch_blocks == NULL || geo->markings == NULL)
    {
      snprintf (message, message_size, "out of memory for the pitch mask");
      tl_scene_geometry_clear (geo);
      return -1;
    }

  if (config->have_camera)
    {
      TlCameraParams params = config->camera;

      /* The camera describes the video; the analysis frames are that video scaled. */
      params.width = config->width;
      params.height = config->height;
      if (tl_camera_init (&geo->camera, &params) != TL_CAMERA_OK)
        {
          snprintf (message, message_size, "invalid camera parameters");
          tl_scene_geometry_clear (geo);
          return -1;
        }
      geo->have_camera = 1;
      mask_from_camera (geo, config);
      /* Every centimetre: under a cell near the camera of a 4K-wide panorama. */
      tl_pitch_markings_walk (config->pitch_length > 0 ? config->pitch_length : 105.0,
                              config->pitch_width > 0 ? config->pitch_width : 68.0,
                              2 * TL_MARKING_HALF_WIDTH_M, 0.01, mark_paint, geo);
    }
  else if (config->polygon != NULL && config->n_polygon >= 3)
    {
      for (int cy = 0; cy < ch; cy++)
        for (int cx = 0; cx < cw; cx++)
          geo->pitch_blocks[(long) cy * cw + cx] =
            inside_polygon (config->polygon, config->n_polygon, 2 * cx + 1, 2 * cy + 1)
            ? TL_PITCH_BLOCK_PLAYERS : TL_PITCH_BLOCK_OFF;
    }
  else
    memset (geo->pitch_blocks, TL_PITCH_BLOCK_PLAYERS, (size_t) cw * ch);

  return 0;
}

void
tl_scene_geometry_clear (TlSceneGeometry *geo)
{
  free (geo->pitch_blocks);
  free (geo->markings);
  geo->pitch_blocks = NULL;
  geo->markings = NULL;
}

double
tl_scene_geometry_person_px (const TlSceneGeometry *geo,
                             double                 u,
                             double                 v)
{
  double h;

  if (geo->have_camera)
    h = tl_camera_person_height_at_pixel (&geo->camera, u, v, 1.8);
  else
    {
      double t = geo->height > 1 ? v / (geo->height - 1) : 0;

      h = geo->person_px_top + t * (geo->person_px_bottom - geo->person_px_top);
    }
  return h < 4 ? 4 : h;
}

double
tl_scene_geometry_foot_row (const TlSceneGeometry *geo,
                            double                 u,
                            int                    top,
                            int                    bottom)
{
  double v = bottom;

  if (bottom < geo->height)
    return bottom;
  /* The height grows slowly with the row (far less than a pixel a pixel), so a few steps of
   * v = top + height at v settle to a tenth of a pixel. */
  for (int i = 0; i < 6; i++)
    v = fmax (bottom, top + tl_scene_geometry_person_px (geo, u, v));
  return v;
}

double
tl_scene_geometry_standing_row (const TlSceneGeometry *geo,
                                double                 u,
                                double                 bottom,
                                double                 reach)
{
  if (!geo->have_camera || tl_scene_geometry_on_ground (geo, u, bottom - 0.5))
    return bottom;
  for (double row = bottom + 0.25; row <= bottom + reach; row += 0.25)
    if (tl_scene_geometry_on_ground (geo, u, row - 0.5))
      return row;
  return bottom;
}

int
tl_scene_geometry_ground (const TlSceneGeometry *geo,
                          double                 u,
                          double                 v,
                          double                *gx,
                          double                *gy)
{
  if (!geo->have_camera)
    {
      *gx = u;
      *gy = v;
      return 0;
    }
  return tl_camera_unproject_ground (&geo->camera, u, v, gx, gy) == TL_CAMERA_OK ? 0 : -1;
}

int
tl_scene_geometry_image (const TlSceneGeometry *geo,
                         double                 gx,
                         double                 gy,
                         double                *u,
                         double                *v)
{
  if (!geo->have_camera)
    {
      *u = gx;
      *v = gy;
      return 0;
    }
  return tl_camera_project (&geo->camera, gx, gy, 0, u, v) == TL_CAMERA_BEHIND ? -1 : 0;
}

int
tl_scene_geometry_on_ground (const TlSceneGeometry *geo,
                             double                 u,
                             double                 v)
{
  double X, Y;

  if (!geo->have_camera)
    return tl_scene_geometry_block (geo, u, v) == TL_PITCH_BLOCK_PLAYERS;
  if (u < 0 || v < 0 || u >= geo->width || v >= geo->height)
    return 0;
  if (tl_camera_unproject_ground (&geo->camera, u, v, &X, &Y) != TL_CAMERA_OK)
    return 0;
  if (fabs (Y) <= TL_GOAL_MOUTH_HALF_WIDTH_M)
    return fabs (X) <= geo->half_length + TL_GOAL_MOUTH_DEPTH_M;
  return fabs (X) <= geo->half_length && fabs (Y) <= geo->half_width;
}

TlPitchBlock
tl_scene_geometry_block (const TlSceneGeometry *geo,
                         double                 u,
                         double                 v)
{
  long cell = cell_at (geo, u, v);

  return cell < 0 ? TL_PITCH_BLOCK_OFF : (TlPitchBlock) geo->pitch_blocks[cell];
}

int
tl_scene_geometry_near_corner (const TlSceneGeometry *geo,
                               double                 u,
                               double                 v,
                               double                 radius)
{
  double X, Y;

  if (!geo->have_camera || tl_camera_unproject_ground (&geo->camera, u, v, &X, &Y) != TL_CAMERA_OK)
    return 0;
  return hypot (fabs (X) - geo->pitch_half_length, fabs (Y) - geo->pitch_half_width) <= radius;
}

int
tl_scene_geometry_on_marking (const TlSceneGeometry *geo,
                              double                 u,
                              double                 v)
{
  long cell = cell_at (geo, u, v);

  return cell >= 0 && geo->markings[cell];
}
