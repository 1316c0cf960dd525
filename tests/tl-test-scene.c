/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-test-scene.c: renders the synthetic scene of tl-test-scene.h. */
#include "tl-test-scene.h"

#include <math.h>
#include <string.h>

static const uint8_t team_yuv[3][3] = {
  { 82, 90, 240 },            /* red shirts */
  { 180, 150, 70 },           /* pale blue shirts */
  { 40, 128, 128 },           /* referee: black */
};

static guint32
hash32 (guint32 x)
{
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

double
tl_test_scene_person_px (const TlTestScene *scene,
                         double             v)
{
  double t = v / (scene->height - 1);

  return (0.12 + t * (0.30 - 0.12)) * scene->height;
}

TlTestScene *
tl_test_scene_new (int     width,
                   int     height,
                   int     n_people,
                   guint32 seed)
{
  TlTestScene *scene = g_new0 (TlTestScene, 1);
  GRand *rand = g_rand_new_with_seed (seed);

  scene->width = width;
  scene->height = height;
  scene->n_people = MIN (n_people, TL_TEST_SCENE_MAX - 1);
  scene->seed = seed;
  scene->light = 1.0;
  scene->y_plane = g_malloc ((gsize) width * height);
  scene->u_plane = g_malloc ((gsize) width * height / 4);
  scene->v_plane = g_malloc ((gsize) width * height / 4);
  scene->frame_desc.format = TL_FRAME_I420;
  scene->frame_desc.width = width;
  scene->frame_desc.height = height;
  scene->frame_desc.planes[0] = scene->y_plane;
  scene->frame_desc.planes[1] = scene->u_plane;
  scene->frame_desc.planes[2] = scene->v_plane;
  scene->frame_desc.strides[0] = width;
  scene->frame_desc.strides[1] = width / 2;
  scene->frame_desc.strides[2] = width / 2;

  for (int i = 0; i < scene->n_people; i++)
    {
      scene->px[i] = g_rand_double_range (rand, 0.1 * width, 0.9 * width);
      scene->py[i] = g_rand_double_range (rand, 0.35 * height, 0.95 * height);
      scene->vx[i] = g_rand_double_range (rand, -2.5, 2.5);
      scene->vy[i] = g_rand_double_range (rand, -0.8, 0.8);
      scene->team[i] = i == scene->n_people - 1 ? 2 : i % 2;
    }
  scene->bx = width / 2.0;
  scene->by = height * 0.6;
  scene->bvx = 4.5;
  scene->bvy = 1.3;
  g_rand_free (rand);
  return scene;
}

void
tl_test_scene_free (TlTestScene *scene)
{
  if (scene == NULL)
    return;
  g_free (scene->y_plane);
  g_free (scene->u_plane);
  g_free (scene->v_plane);
  g_free (scene);
}

static void
fill_ellipse (TlTestScene   *scene,
              double         cx,
              double         cy,
              double         rx,
              double         ry,
              const uint8_t  yuv[3])
{
  int x0 = MAX (0, (int) floor (cx - rx)), x1 = MIN (scene->width - 1, (int) ceil (cx + rx));
  int y0 = MAX (0, (int) floor (cy - ry)), y1 = MIN (scene->height - 1, (int) ceil (cy + ry));

  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++)
      {
        double dx = (x + 0.5 - cx) / rx, dy = (y + 0.5 - cy) / ry;

        if (dx * dx + dy * dy > 1)
          continue;
        scene->y_plane[(long) y * scene->width + x] = yuv[0];
        scene->u_plane[(long) (y / 2) * (scene->width / 2) + x / 2] = yuv[1];
        scene->v_plane[(long) (y / 2) * (scene->width / 2) + x / 2] = yuv[2];
      }
}

/* A shadow keeping 60% of the light. With @dim_chroma the chroma moves toward grey by as much,
 * as a real shadow's does (R, G and B darkened alike); without, it stays (the demo renderer's
 * shadows): the background model tells both from a player in different ways. */
static void
darken_ellipse (TlTestScene *scene,
                double       cx,
                double       cy,
                double       rx,
                double       ry,
                gboolean     dim_chroma)
{
  int x0 = MAX (0, (int) floor (cx - rx)), x1 = MIN (scene->width - 1, (int) ceil (cx + rx));
  int y0 = MAX (0, (int) floor (cy - ry)), y1 = MIN (scene->height - 1, (int) ceil (cy + ry));

  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++)
      {
        double dx = (x + 0.5 - cx) / rx, dy = (y + 0.5 - cy) / ry;

        if (dx * dx + dy * dy <= 1)
          scene->y_plane[(long) y * scene->width + x] =
            (uint8_t) (scene->y_plane[(long) y * scene->width + x] * 0.6);
      }
  if (!dim_chroma)
    return;
  /* Each chroma block once, by its centre. */
  for (int by = y0 / 2; by <= y1 / 2; by++)
    for (int bx = x0 / 2; bx <= x1 / 2; bx++)
      {
        double dx = (2 * bx + 1 - cx) / rx, dy = (2 * by + 1 - cy) / ry;
        long i = (long) by * (scene->width / 2) + bx;

        if (dx * dx + dy * dy > 1)
          continue;
        scene->u_plane[i] = (uint8_t) (128 + (scene->u_plane[i] - 128) * 0.6);
        scene->v_plane[i] = (uint8_t) (128 + (scene->v_plane[i] - 128) * 0.6);
      }
}

const TlFrame *
tl_test_scene_step (TlTestScene *scene)
{
  int w = scene->width, h = scene->height;
  guint32 frame_salt = hash32 (scene->seed * 7919u + (guint32) scene->frame);
  static const uint8_t skin[3] = { 170, 110, 150 };
  static const uint8_t shorts[3] = { 235, 128, 128 };
  static const uint8_t legs[3] = { 120, 118, 140 };
  static const uint8_t ball_yuv[3] = { 235, 128, 128 };
  int order[TL_TEST_SCENE_MAX];

  /* Grass: mowing stripes, fixed texture, a little noise per frame, then the light. */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int stripe = ((x / 48) & 1) ? 8 : 0;
        int texture = (int) (hash32 ((guint32) (y * w + x)) % 9) - 4;
        int noise = (int) (hash32 (frame_salt ^ (guint32) (y * w + x)) % 5) - 2;
        double value = (100 + stripe + texture + noise) * scene->light;

        scene->y_plane[(long) y * w + x] = (uint8_t) CLAMP (value, 0, 255);
      }
  memset (scene->u_plane, 100, (gsize) w * h / 4);
  memset (scene->v_plane, 110, (gsize) w * h / 4);

  /* Far figures first so near ones cover them, as in a real view. */
  for (int i = 0; i < scene->n_people; i++)
    order[i] = i;
  for (int i = 1; i < scene->n_people; i++)
    for (int j = i; j > 0 && scene->py[order[j - 1]] > scene->py[order[j]]; j--)
      {
        int t = order[j];
        order[j] = order[j - 1];
        order[j - 1] = t;
      }

  scene->n_objects = 0;
  for (int k = 0; k < scene->n_people; k++)
    {
      int i = order[k];
      double ph = tl_test_scene_person_px (scene, scene->py[i]);
      double pw = ph * 0.36;
      double cx = scene->px[i], foot = scene->py[i];
      double swing = sin (scene->frame * 0.4 + i) * pw * 0.18;
      TlTestObject *obj = &scene->objects[scene->n_objects++];

      if (scene->shadows)
        darken_ellipse (scene, cx + ph * 0.35, foot - ph * 0.04, ph * 0.35, ph * 0.06, i % 2);
      fill_ellipse (scene, cx - pw * 0.18 + swing, foot - ph * 0.22, pw * 0.13, ph * 0.22, legs);
      fill_ellipse (scene, cx + pw * 0.18 - swing, foot - ph * 0.22, pw * 0.13, ph * 0.22, legs);
      fill_ellipse (scene, cx, foot - ph * 0.45, pw * 0.42, ph * 0.10, shorts);
      fill_ellipse (scene, cx, foot - ph * 0.66, pw * 0.5, ph * 0.2, team_yuv[scene->team[i]]);
      fill_ellipse (scene, cx, foot - ph * 0.91, pw * 0.22, ph * 0.09, skin);

      obj->id = i + 1;
      obj->klass = 1;
      obj->x = (float) (cx - pw / 2);
      obj->y = (float) (foot - ph);
      obj->w = (float) pw;
      obj->h = (float) ph;
      obj->visible = 1;
    }

  {
    TlTestObject *obj = &scene->objects[scene->n_objects++];
    double r = 2.2;

    fill_ellipse (scene, scene->bx, scene->by, r, r, ball_yuv);
    obj->id = TL_TEST_SCENE_MAX;
    obj->klass = 2;
    obj->x = (float) (scene->bx - r);
    obj->y = (float) (scene->by - r);
    obj->w = obj->h = (float) (2 * r);
    obj->visible = 1;
  }

  tl_test_scene_skip (scene, 1);

  return &scene->frame_desc;
}

void
tl_test_scene_skip (TlTestScene *scene,
                    int          n)
{
  int w = scene->width, h = scene->height;

  /* Figures bounce inside the watched area. */
  for (int k = 0; k < n; k++)
    {
      for (int i = 0; i < scene->n_people; i++)
        {
          scene->px[i] += scene->vx[i];
          scene->py[i] += scene->vy[i];
          if (scene->px[i] < 0.05 * w || scene->px[i] > 0.95 * w)
            scene->vx[i] = -scene->vx[i];
          if (scene->py[i] < 0.3 * h || scene->py[i] > 0.97 * h)
            scene->vy[i] = -scene->vy[i];
        }
      scene->bx += scene->bvx;
      scene->by += scene->bvy;
      if (scene->bx < 0.05 * w || scene->bx > 0.95 * w)
        scene->bvx = -scene->bvx;
      if (scene->by < 0.3 * h || scene->by > 0.95 * h)
        scene->bvy = -scene->bvy;
      scene->frame++;
    }
}

void
tl_test_scene_to_nv12 (const TlTestScene *scene,
                       uint8_t          **y_out,
                       uint8_t          **uv_out)
{
  int w = scene->width, h = scene->height;
  uint8_t *uv = g_malloc ((gsize) w * h / 2);

  *y_out = g_memdup2 (scene->y_plane, (gsize) w * h);
  for (int i = 0; i < w * h / 4; i++)
    {
      uv[2 * i] = scene->u_plane[i];
      uv[2 * i + 1] = scene->v_plane[i];
    }
  *uv_out = uv;
}
