/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-test-scene.h: synthetic match-like frames with known boxes for the tracking tests.
 *
 * A striped, textured green pitch with sensor noise; upright figures (head, shirt in a team
 * colour, shorts, legs) whose height follows the engine's default linear perspective; a small
 * white ball. Deterministic from a seed. */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "tl-frame.h"

#define TL_TEST_SCENE_MAX 32

typedef struct
{
  int   id;                 /* from 1; the ball has the highest id */
  int   klass;              /* 1 person, 2 ball */
  float x, y, w, h;         /* box */
  int   visible;
} TlTestObject;

typedef struct
{
  int      width, height;
  int      n_people;
  guint32  seed;
  int      frame;
  double   light;           /* global gain applied to the pitch (1 = none) */
  int      shadows;         /* draw a dark shadow beside each figure (every other one's
                             * chroma dimmed too, as a real shadow's) */

  double   px[TL_TEST_SCENE_MAX], py[TL_TEST_SCENE_MAX];   /* foot positions */
  double   vx[TL_TEST_SCENE_MAX], vy[TL_TEST_SCENE_MAX];
  int      team[TL_TEST_SCENE_MAX];
  double   bx, by, bvx, bvy;

  uint8_t *y_plane, *u_plane, *v_plane;   /* I420, packed */
  TlFrame  frame_desc;
  TlTestObject objects[TL_TEST_SCENE_MAX + 1];
  int      n_objects;
} TlTestScene;

TlTestScene *tl_test_scene_new   (int     width,
                                  int     height,
                                  int     n_people,
                                  guint32 seed);
void         tl_test_scene_free  (TlTestScene *scene);
/* Renders the current state into the planes and the objects, then moves everything on. */
const TlFrame *tl_test_scene_step (TlTestScene *scene);
/* Moves everything on by @n frames without drawing. */
void         tl_test_scene_skip  (TlTestScene *scene,
                                  int          n);
/* Expected person height in pixels at foot row @v (the engine's default fallback model). */
double       tl_test_scene_person_px (const TlTestScene *scene,
                                      double             v);
/* A copy of the current frame as NV12 (caller frees the two planes with g_free). */
void         tl_test_scene_to_nv12 (const TlTestScene *scene,
                                    uint8_t          **y_out,
                                    uint8_t          **uv_out);
