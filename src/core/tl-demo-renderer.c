/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-demo-renderer.c: the demo match painter: static scene once, then people, ball, noise. */
#include "tl-demo-renderer.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#define HALF_L     (TL_DEMO_PITCH_LENGTH / 2.0)
#define HALF_W     (TL_DEMO_PITCH_WIDTH / 2.0)
#define LINE_HW    0.06          /* half the width of a pitch marking, metres */
#define BOARD_Y    (HALF_W + 4.5)
#define BOARD_X    (HALF_L + 6.0)
#define BOARD_H    0.9
#define TREE_Y     (HALF_W + 16.0)
#define TREE_X     (HALF_L + 18.0)
#define NOISE_TILE 256
#define CLOUD_STEP     8          /* pixels between the cloud grid's nodes */
#define CLOUD_SCALE    70.0       /* metres: the size of the cloud field's features */
#define CLOUD_WIND     7.0        /* metres a second, along the touchlines */
#define CLOUD_STRENGTH 0.35       /* light a cloud's shadow takes away */
#define MAX_PARTS  16

typedef struct
{
  float r, g, b;
} Rgb;

struct _TlDemoRenderer
{
  TlDemoRendererOptions opt;
  TlCamera camera;
  int      width, height;
  int      margin;                /* background border for the shake, even */
  int      bw, bh;                /* background size */
  guint8  *bg_y, *bg_u, *bg_v;    /* background planes (bw x bh, chroma halved) */
  gint8   *noise;                 /* NOISE_TILE rows of (width + NOISE_TILE) luma offsets */
  Rgb      tint;                  /* colour of the light on people */
  double   light_dir[4][3];       /* direction light travels (toward the ground) */
  int      n_lights;
  double   shadow_strength;
  gboolean soft_shadows;
  int      cloud_w, cloud_h;      /* the cloud grid (opt.clouds): CLOUD_STEP pixels apart */
  float   *cloud_ground;          /* per node the ground point seen there (x, y), NAN off it */
};

struct _TlDemoCanvas
{
  guint16 *ids;                   /* object id per pixel (0 = scene) */
  guint8  *mask;                  /* shadow coverage */
};

/* --- small maths -------------------------------------------------------------------------- */

static guint32
hash2 (gint32  x,
       gint32  y,
       guint32 seed)
{
  guint32 h = (guint32) x * 0x8da6b343u ^ (guint32) y * 0xd8163841u ^ seed * 0xcb1ab31fu;

  h ^= h >> 13;
  h *= 0x5bd1e995u;
  h ^= h >> 15;
  return h;
}

/* Smooth value noise in [0, 1): grass patches, tree crowns, clouds. */
static double
value_noise (double  x,
             double  y,
             guint32 seed)
{
  double fx = floor (x), fy = floor (y);
  double tx = x - fx, ty = y - fy;
  gint32 ix = (gint32) fx, iy = (gint32) fy;
  double a = (hash2 (ix, iy, seed) & 0xffff) / 65536.0;
  double b = (hash2 (ix + 1, iy, seed) & 0xffff) / 65536.0;
  double c = (hash2 (ix, iy + 1, seed) & 0xffff) / 65536.0;
  double d = (hash2 (ix + 1, iy + 1, seed) & 0xffff) / 65536.0;

  tx = tx * tx * (3.0 - 2.0 * tx);
  ty = ty * ty * (3.0 - 2.0 * ty);
  return (a + (b - a) * tx) + ((c + (d - c) * tx) - (a + (b - a) * tx)) * ty;
}

static double
fbm (double  x,
     double  y,
     guint32 seed)
{
  return 0.5 * value_noise (x, y, seed) + 0.3 * value_noise (2.1 * x, 2.1 * y, seed + 1)
         + 0.2 * value_noise (4.3 * x, 4.3 * y, seed + 2);
}

static guint8
clamp_u8 (double v)
{
  return v <= 0.0 ? 0 : v >= 255.0 ? 255 : (guint8) (v + 0.5);
}

/* BT.709, limited range: what x264 and every player assume for HD video. */
static void
rgb_to_yuv (Rgb     c,
            double *y,
            double *u,
            double *v)
{
  *y = 16.0 + 0.1826 * c.r + 0.6142 * c.g + 0.0620 * c.b;
  *u = 128.0 - 0.1006 * c.r - 0.3386 * c.g + 0.4392 * c.b;
  *v = 128.0 + 0.4392 * c.r - 0.3989 * c.g - 0.0403 * c.b;
}

static Rgb
rgb (double r,
     double g,
     double b)
{
  Rgb c = { (float) r, (float) g, (float) b };
  return c;
}

static Rgb
rgb_mix (Rgb    a,
         Rgb    b,
         double t)
{
  return rgb (a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t);
}

static Rgb
rgb_scale (Rgb    a,
           double s)
{
  return rgb (a.r * s, a.g * s, a.b * s);
}

static Rgb
rgb_tint (Rgb a,
          Rgb t)
{
  return rgb (a.r * t.r, a.g * t.g, a.b * t.b);
}

/* --- options -------------------------------------------------------------------------------- */

const char *
tl_demo_light_to_string (TlDemoLight light)
{
  switch (light)
    {
    case TL_DEMO_LIGHT_OVERCAST: return "overcast";
    case TL_DEMO_LIGHT_FLOODLIGHT: return "floodlight";
    case TL_DEMO_LIGHT_DUSK: return "dusk";
    case TL_DEMO_LIGHT_SUNNY:
    default: return "sunny";
    }
}

int
tl_demo_light_from_string (const char  *str,
                           TlDemoLight *out)
{
  static const char *names[] = { "sunny", "overcast", "floodlight", "dusk" };
  guint i;

  for (i = 0; str != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (str, names[i]) == 0)
      {
        *out = (TlDemoLight) i;
        return 0;
      }
  return -1;
}

void
tl_demo_renderer_options_init (TlDemoRendererOptions *options)
{
  memset (options, 0, sizeof *options);
  tl_camera_params_default (&options->camera, TL_CAMERA_CYLINDRICAL, 3840, 1152, 5.0, 6.0);
  options->fps = 25.0;
  options->light = TL_DEMO_LIGHT_SUNNY;
  options->noise = 2.0;
  options->shake = 1.0;
  options->shadows = TRUE;
  options->seed = 1;
}

/* --- the static scene ------------------------------------------------------------------------ */

typedef struct
{
  Rgb grass, sky_top, sky_horizon, trees, boards[3], fence;
  double gain;
} Palette;

static void
palette_for (TlDemoLight  light,
             Palette     *p)
{
  p->grass = rgb (62, 128, 52);
  p->sky_top = rgb (70, 125, 200);
  p->sky_horizon = rgb (175, 205, 235);
  p->trees = rgb (40, 70, 35);
  p->boards[0] = rgb (20, 60, 150);
  p->boards[1] = rgb (200, 30, 30);
  p->boards[2] = rgb (240, 240, 240);
  p->fence = rgb (120, 125, 120);
  p->gain = 1.0;

  switch (light)
    {
    case TL_DEMO_LIGHT_OVERCAST:
      p->grass = rgb (70, 118, 62);
      p->sky_top = rgb (160, 165, 172);
      p->sky_horizon = rgb (205, 208, 212);
      p->trees = rgb (45, 65, 42);
      p->gain = 0.9;
      break;
    case TL_DEMO_LIGHT_FLOODLIGHT:
      p->grass = rgb (58, 120, 55);
      p->sky_top = rgb (5, 8, 18);
      p->sky_horizon = rgb (25, 30, 50);
      p->trees = rgb (10, 16, 12);
      p->fence = rgb (60, 60, 60);
      p->gain = 0.85;
      break;
    case TL_DEMO_LIGHT_DUSK:
      p->grass = rgb (70, 110, 45);
      p->sky_top = rgb (45, 55, 110);
      p->sky_horizon = rgb (240, 150, 80);
      p->trees = rgb (25, 35, 25);
      p->gain = 0.75;
      break;
    case TL_DEMO_LIGHT_SUNNY:
    default:
      break;
    }
}

/* Signed coverage of one pitch marking: a box filter of the pixel's ground footprint @e
 * (metres across the line) against the line's width. */
static double
line_cover (double dist,
            double e)
{
  double lo, hi;

  dist = fabs (dist);
  if (e < 1e-4)
    return dist < LINE_HW ? 1.0 : 0.0;
  lo = fmax (dist - LINE_HW, -e / 2.0);
  hi = fmin (dist + LINE_HW, e / 2.0);
  return hi > lo ? fmin (1.0, (hi - lo) / e) : 0.0;
}

static double
seg_cover (double x,
           double y,
           const double a[2],
           const double b[2],
           double x0,
           double y0,
           double x1,
           double y1)
{
  double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((x - x0) * dx + (y - y0) * dy) / len2 : 0.0;
  double px, py, d, nx, ny, e;

  t = t < 0 ? 0 : t > 1 ? 1 : t;
  px = x0 + t * dx;
  py = y0 + t * dy;
  d = hypot (x - px, y - py);
  if (d > 2.0)
    return 0.0;
  /* Normal: across the line (or toward the end cap). */
  if (d > 1e-6)
    {
      nx = (x - px) / d;
      ny = (y - py) / d;
    }
  else
    {
      nx = -dy / sqrt (len2);
      ny = dx / sqrt (len2);
    }
  e = fabs (a[0] * nx + a[1] * ny) + fabs (b[0] * nx + b[1] * ny);
  return line_cover (d, e);
}

static double
arc_cover (double x,
           double y,
           const double a[2],
           const double b[2],
           double cx,
           double cy,
           double radius,
           double ang0,
           double ang1)
{
  double dx = x - cx, dy = y - cy, r = hypot (dx, dy), ang, nx, ny, e;

  if (fabs (r - radius) > 2.0)
    return 0.0;
  ang = atan2 (dy, dx);
  while (ang < ang0)
    ang += 2.0 * G_PI;
  while (ang > ang0 + 2.0 * G_PI)
    ang -= 2.0 * G_PI;
  if (ang > ang1)
    return 0.0;
  nx = r > 1e-6 ? dx / r : 1.0;
  ny = r > 1e-6 ? dy / r : 0.0;
  e = fabs (a[0] * nx + a[1] * ny) + fabs (b[0] * nx + b[1] * ny);
  return line_cover (r - radius, e);
}

/* How much of the pixel at ground point (x, y), with ground steps a (one pixel right) and
 * b (one pixel down), is white paint. Works in the +x, +y quadrant and mirrors. */
static double
markings_cover (double       x,
                double       y,
                const double a[2],
                const double b[2])
{
  double c = 0.0;
  double ax = fabs (x), ay = fabs (y);
  double ma[2] = { x < 0 ? -a[0] : a[0], y < 0 ? -a[1] : a[1] };
  double mb[2] = { x < 0 ? -b[0] : b[0], y < 0 ? -b[1] : b[1] };
  double sp = acos (5.5 / 9.15);

  if (ax > HALF_L + 2.5 || ay > HALF_W + 2.5)
    return 0.0;

  c = fmax (c, seg_cover (ax, ay, ma, mb, 0, HALF_W, HALF_L, HALF_W));           /* touchline */
  c = fmax (c, seg_cover (ax, ay, ma, mb, HALF_L, 0, HALF_L, HALF_W));           /* goal line */
  c = fmax (c, seg_cover (ax, ay, ma, mb, 0, 0, 0, HALF_W));                     /* halfway */
  c = fmax (c, arc_cover (ax, ay, ma, mb, 0, 0, 9.15, 0, G_PI / 2));              /* circle */
  c = fmax (c, seg_cover (ax, ay, ma, mb, HALF_L - 16.5, 20.16, HALF_L, 20.16)); /* penalty box */
  c = fmax (c, seg_cover (ax, ay, ma, mb, HALF_L - 16.5, 0, HALF_L - 16.5, 20.16));
  c = fmax (c, seg_cover (ax, ay, ma, mb, HALF_L - 5.5, 9.16, HALF_L, 9.16));    /* goal area */
  c = fmax (c, seg_cover (ax, ay, ma, mb, HALF_L - 5.5, 0, HALF_L - 5.5, 9.16));
  c = fmax (c, arc_cover (ax, ay, ma, mb, HALF_L - 11.0, 0, 9.15, G_PI - sp, G_PI));
  c = fmax (c, arc_cover (ax, ay, ma, mb, HALF_L, HALF_W, 1.0, G_PI, 1.5 * G_PI)); /* corner */
  /* Centre and penalty spots: small discs. */
  if (hypot (ax - (HALF_L - 11.0), ay) < 0.13 || hypot (ax, ay) < 0.15)
    c = 1.0;
  return c;
}

static Rgb
shade_ground (TlDemoRenderer *self,
              const Palette  *p,
              double          x,
              double          y,
              const double    a[2],
              const double    b[2])
{
  guint32 seed = (guint32) self->opt.seed;
  Rgb c = p->grass;
  double patch = fbm (x / 9.0, y / 9.0, seed + 11) - 0.5;
  double grain = value_noise (x / 0.35, y / 0.35, seed + 21) - 0.5;
  double paint;

  if (fabs (x) < HALF_L + 2.0 && fabs (y) < HALF_W + 2.0)
    {
      /* Mown stripes across the pitch, anti-aliased over the pixel's footprint along x. */
      double w = TL_DEMO_PITCH_LENGTH / 18.0;
      double s = (x + HALF_L) / w;
      double frac = s - floor (s);
      double ex = (fabs (a[0]) + fabs (b[0])) / w;
      double light = ((int) floor (s)) % 2 == 0 ? 1.0 : 0.0;
      double edge = fmin (frac, 1.0 - frac);

      if (ex > 1e-6 && edge < ex / 2.0)
        light = 0.5 + (light - 0.5) * (edge / (ex / 2.0));
      c = rgb_scale (c, 0.92 + 0.14 * light);
      /* Worn goalmouths. */
      if (fabs (x) > HALF_L - 6.0 && fabs (y) < 6.0)
        c = rgb_mix (c, rgb (120, 115, 70), 0.25 * (1.0 - fabs (y) / 6.0));
    }
  else
    c = rgb_scale (c, 0.88);

  c = rgb_scale (c, 1.0 + 0.12 * patch + 0.06 * grain);
  paint = markings_cover (x, y, a, b);
  if (paint > 0.0)
    c = rgb_mix (c, rgb (235, 238, 235), paint * 0.95);
  return c;
}

static Rgb
shade_sky (const Palette *p,
           const double   d[3],
           TlDemoLight    light,
           guint32        seed)
{
  double el = asin (fmax (-1.0, fmin (1.0, d[2])));
  double t = fmin (1.0, fmax (0.0, el / 0.5));
  Rgb c = rgb_mix (p->sky_horizon, p->sky_top, sqrt (t));
  double az = atan2 (d[0], d[1]);
  double cl;

  if (light == TL_DEMO_LIGHT_FLOODLIGHT)
    return c;
  /* Clouds: noise stretched along the horizon. */
  cl = fbm (az * 6.0, el * 25.0, seed + 31);
  cl = fmax (0.0, (cl - 0.5) * 2.5);
  return rgb_mix (c, light == TL_DEMO_LIGHT_DUSK ? rgb (250, 190, 150) : rgb (245, 245, 248),
                  fmin (0.8, cl));
}

/* What the ray from the camera through one pixel sees beyond or above the ground. */
static gboolean
shade_structures (TlDemoRenderer *self,
                  const Palette  *p,
                  const double    d[3],
                  double          ground_s,
                  Rgb            *out)
{
  const TlCameraParams *cp = &self->camera.params;
  guint32 seed = (guint32) self->opt.seed;
  double best = ground_s > 0 ? ground_s : 1e30;
  gboolean hit = FALSE;
  double s, hx, hy, hz;
  int side;

  /* Advertising boards along the far touchline and behind both goals. */
  if (d[1] > 1e-9)
    {
      s = (BOARD_Y - cp->y) / d[1];
      hx = cp->x + s * d[0];
      hz = cp->z + s * d[2];
      if (s > 0 && s < best && hz >= 0 && hz <= BOARD_H && fabs (hx) <= BOARD_X)
        {
          int k = (int) floor ((hx + BOARD_X) / 7.0);
          double lx = fmod (hx + BOARD_X, 7.0);
          Rgb c = p->boards[k % 3];

          /* A lighter "logo" band in the middle of each board. */
          if (hz > 0.3 && hz < 0.6 && lx > 1.5 && lx < 5.5 && (int) (lx * 3) % 2 == 0)
            c = rgb_mix (c, rgb (250, 250, 250), 0.7);
          *out = c;
          best = s;
          hit = TRUE;
        }
    }
  for (side = -1; side <= 1; side += 2)
    if (d[0] * side > 1e-9)
      {
        s = (side * BOARD_X - cp->x) / d[0];
        hy = cp->y + s * d[1];
        hz = cp->z + s * d[2];
        if (s > 0 && s < best && hz >= 0 && hz <= BOARD_H && hy <= BOARD_Y && hy > cp->y)
          {
            int k = (int) floor ((hy + 100.0) / 7.0);

            *out = p->boards[(k + 1) % 3];
            best = s;
            hit = TRUE;
          }
      }

  /* Tree line beyond, with an uneven top. */
  if (d[1] > 1e-9)
    {
      s = (TREE_Y - cp->y) / d[1];
      hx = cp->x + s * d[0];
      hz = cp->z + s * d[2];
      if (s > 0 && s < best && hz >= 0 && hz < 7.0 + 5.0 * fbm (hx / 3.0, 0.5, seed + 41)
          && fabs (hx) < TREE_X)
        {
          double n = fbm (hx / 1.3, hz / 1.3, seed + 43);

          *out = rgb_scale (p->trees, 0.7 + 0.6 * n);
          /* A fence in front of the trees. */
          if (hz < 2.5 && (fmod (fabs (hx), 3.0) < 0.08 || fabs (hz - 2.45) < 0.05))
            *out = p->fence;
          best = s;
          hit = TRUE;
        }
    }
  for (side = -1; side <= 1; side += 2)
    if (d[0] * side > 1e-9)
      {
        s = (side * TREE_X - cp->x) / d[0];
        hy = cp->y + s * d[1];
        hz = cp->z + s * d[2];
        if (s > 0 && s < best && hz >= 0 && hz < 7.0 + 5.0 * fbm (hy / 3.0, 3.5, seed + 47)
            && hy < TREE_Y)
          {
            *out = rgb_scale (p->trees, 0.7 + 0.6 * fbm (hy / 1.3, hz / 1.3, seed + 49));
            best = s;
            hit = TRUE;
          }
      }

  if (!hit && ground_s > 0)
    return FALSE;
  if (!hit)
    *out = shade_sky (p, d, self->opt.light, seed);
  return TRUE;
}

typedef struct
{
  TlDemoRenderer *self;
  float          *rgb;
  int             row0, step;
} BgJob;

static gpointer
background_rows (gpointer data)
{
  BgJob *job = data;
  TlDemoRenderer *self = job->self;
  const TlCameraParams *cp = &self->camera.params;
  Palette p;
  int i, j;

  palette_for (self->opt.light, &p);

  for (j = job->row0; j < self->bh; j += job->step)
    for (i = 0; i < self->bw; i++)
      {
        double u = i - self->margin + 0.5, v = j - self->margin + 0.5;
        double d[3], s = -1.0, gx = 0, gy = 0;
        Rgb c;
        float *px = job->rgb + 3 * ((gsize) j * self->bw + i);

        tl_camera_pixel_ray (&self->camera, u, v, d);
        if (d[2] < -1e-9)
          {
            s = -cp->z / d[2];
            gx = cp->x + s * d[0];
            gy = cp->y + s * d[1];
            if (fabs (gx) > TREE_X || gy > TREE_Y)
              s = -1.0;
          }

        if (!shade_structures (self, &p, d, s, &c))
          {
            double a[2] = { 0, 0 }, b[2] = { 0, 0 }, x1, y1;

            if (fabs (gx) < BOARD_X && gy < BOARD_Y)
              {
                /* The pixel's ground footprint, for anti-aliased paint. */
                if (tl_camera_unproject_ground (&self->camera, u + 1.0, v, &x1, &y1) == 0)
                  {
                    a[0] = x1 - gx;
                    a[1] = y1 - gy;
                  }
                if (tl_camera_unproject_ground (&self->camera, u, v + 1.0, &x1, &y1) == 0)
                  {
                    b[0] = x1 - gx;
                    b[1] = y1 - gy;
                  }
                c = shade_ground (self, &p, gx, gy, a, b);
              }
            else
              c = rgb_scale (p.grass, 0.55 + 0.2 * fbm (gx / 3.0, gy / 3.0, 51));
          }
        c = rgb_scale (c, p.gain);
        px[0] = c.r;
        px[1] = c.g;
        px[2] = c.b;
      }
  return NULL;
}

/* Draws an anti-aliased 3D stick (a goal post, a strand of net) into the float background. */
static void
bg_stick (TlDemoRenderer *self,
          float          *img,
          const double    P[3],
          const double    Q[3],
          double          radius_m,
          Rgb             c,
          double          alpha)
{
  const int pieces = 8;
  int k;

  for (k = 0; k < pieces; k++)
    {
      double A[3], B[3], u0, v0, u1, v1, dist, r;
      int x0, x1, y0, y1, x, y, t;

      for (t = 0; t < 3; t++)
        {
          A[t] = P[t] + (Q[t] - P[t]) * k / pieces;
          B[t] = P[t] + (Q[t] - P[t]) * (k + 1) / pieces;
        }
      if (tl_camera_project (&self->camera, A[0], A[1], A[2], &u0, &v0) < 0
          || tl_camera_project (&self->camera, B[0], B[1], B[2], &u1, &v1) < 0)
        continue;
      u0 += self->margin;
      u1 += self->margin;
      v0 += self->margin;
      v1 += self->margin;
      dist = sqrt (pow (A[0] - self->camera.params.x, 2) + pow (A[1] - self->camera.params.y, 2)
                   + pow (A[2] - self->camera.params.z, 2));
      r = radius_m * self->camera.f / dist;
      /* Thinner than a pixel: keep one pixel wide, fade instead. */
      if (r < 0.5)
        {
          alpha *= r / 0.5;
          r = 0.5;
        }
      x0 = MAX (0, (int) floor (MIN (u0, u1) - r - 1));
      x1 = MIN (self->bw - 1, (int) ceil (MAX (u0, u1) + r + 1));
      y0 = MAX (0, (int) floor (MIN (v0, v1) - r - 1));
      y1 = MIN (self->bh - 1, (int) ceil (MAX (v0, v1) + r + 1));
      for (y = y0; y <= y1; y++)
        for (x = x0; x <= x1; x++)
          {
            double dx = u1 - u0, dy = v1 - v0, l2 = dx * dx + dy * dy;
            double px = x + 0.5, py = y + 0.5;
            double tt = l2 > 0 ? ((px - u0) * dx + (py - v0) * dy) / l2 : 0;
            double dd, cov;
            float *o;

            tt = tt < 0 ? 0 : tt > 1 ? 1 : tt;
            dd = hypot (px - (u0 + tt * dx), py - (v0 + tt * dy));
            cov = fmin (1.0, fmax (0.0, r + 0.5 - dd)) * alpha;
            if (cov <= 0)
              continue;
            o = img + 3 * ((gsize) y * self->bw + x);
            o[0] += (c.r - o[0]) * cov;
            o[1] += (c.g - o[1]) * cov;
            o[2] += (c.b - o[2]) * cov;
          }
    }
}

static void
bg_goal (TlDemoRenderer *self,
         float          *img,
         double          sgn,
         double          gain)
{
  Rgb net = rgb_scale (rgb (225, 225, 225), gain);
  Rgb post = rgb_scale (rgb (250, 250, 250), gain);
  double gl = sgn * HALF_L, back_b = sgn * (HALF_L + 2.0), back_t = sgn * (HALF_L + 1.2);
  double P[3], Q[3], yy, zz;

  /* Net first (it lies behind the frame): back, roof and sides as a mesh of strands. */
  for (yy = -3.66; yy <= 3.67; yy += 0.3)
    {
      P[0] = back_b; P[1] = yy; P[2] = 0;
      Q[0] = back_t; Q[1] = yy; Q[2] = 2.44;
      bg_stick (self, img, P, Q, 0.012, net, 0.6);
      P[0] = gl; P[1] = yy; P[2] = 2.44;
      bg_stick (self, img, Q, P, 0.012, net, 0.6);
    }
  for (zz = 0.0; zz <= 2.45; zz += 0.3)
    {
      double bx = back_b + (back_t - back_b) * zz / 2.44;

      P[0] = bx; P[1] = -3.66; P[2] = zz;
      Q[0] = bx; Q[1] = 3.66; Q[2] = zz;
      bg_stick (self, img, P, Q, 0.012, net, 0.6);
      for (yy = -3.66; yy <= 3.67; yy += 7.32)
        {
          P[0] = gl; P[1] = yy; P[2] = zz;
          Q[0] = bx; Q[1] = yy; Q[2] = zz;
          bg_stick (self, img, P, Q, 0.012, net, 0.6);
        }
    }
  /* Posts and crossbar. */
  for (yy = -3.66; yy <= 3.67; yy += 7.32)
    {
      P[0] = gl; P[1] = yy; P[2] = 0;
      Q[0] = gl; Q[1] = yy; Q[2] = 2.44;
      bg_stick (self, img, P, Q, 0.06, post, 1.0);
    }
  P[0] = gl; P[1] = -3.66; P[2] = 2.44;
  Q[0] = gl; Q[1] = 3.66; Q[2] = 2.44;
  bg_stick (self, img, P, Q, 0.06, post, 1.0);
}

static void
build_background (TlDemoRenderer *self)
{
  g_autofree float *img = g_new (float, (gsize) self->bw * self->bh * 3);
  int n = self->opt.threads > 0 ? self->opt.threads : (int) g_get_num_processors ();
  GThread *threads[64];
  BgJob jobs[64];
  Palette p;
  int k, i, j;

  n = CLAMP (n, 1, 64);
  for (k = 0; k < n; k++)
    {
      jobs[k].self = self;
      jobs[k].rgb = img;
      jobs[k].row0 = k;
      jobs[k].step = n;
      threads[k] = k == 0 ? NULL : g_thread_new ("tl-demo-bg", background_rows, &jobs[k]);
    }
  background_rows (&jobs[0]);
  for (k = 1; k < n; k++)
    g_thread_join (threads[k]);

  palette_for (self->opt.light, &p);
  bg_goal (self, img, 1.0, p.gain);
  bg_goal (self, img, -1.0, p.gain);

  /* To I420: full-resolution luma, chroma averaged over 2x2. */
  for (j = 0; j < self->bh; j++)
    for (i = 0; i < self->bw; i++)
      {
        const float *px = img + 3 * ((gsize) j * self->bw + i);
        double y, u, v;

        rgb_to_yuv (rgb (px[0], px[1], px[2]), &y, &u, &v);
        self->bg_y[(gsize) j * self->bw + i] = clamp_u8 (y);
      }
  for (j = 0; j < self->bh / 2; j++)
    for (i = 0; i < self->bw / 2; i++)
      {
        double r = 0, g = 0, b = 0, y, u, v;
        int dy, dx;

        for (dy = 0; dy < 2; dy++)
          for (dx = 0; dx < 2; dx++)
            {
              const float *px = img + 3 * ((gsize) (2 * j + dy) * self->bw + 2 * i + dx);

              r += px[0] / 4;
              g += px[1] / 4;
              b += px[2] / 4;
            }
        rgb_to_yuv (rgb (r, g, b), &y, &u, &v);
        self->bg_u[(gsize) j * (self->bw / 2) + i] = clamp_u8 (u);
        self->bg_v[(gsize) j * (self->bw / 2) + i] = clamp_u8 (v);
      }
}

static void
build_noise (TlDemoRenderer *self)
{
  int tw = self->width + NOISE_TILE;
  int i, j;

  self->noise = g_new (gint8, (gsize) NOISE_TILE * tw);
  for (j = 0; j < NOISE_TILE; j++)
    for (i = 0; i < NOISE_TILE; i++)
      {
        /* Sum of uniforms: close enough to Gaussian for sensor noise. */
        double g = 0;
        int k;

        for (k = 0; k < 4; k++)
          g += (hash2 (i * 4 + k, j, (guint32) self->opt.seed + 77) & 0xffff) / 65536.0 - 0.5;
        g *= sqrt (3.0) * self->opt.noise;
        self->noise[(gsize) j * tw + i] = (gint8) CLAMP (lround (g), -127, 127);
      }
  /* Repeat each row so a frame row reads one contiguous run from any offset. */
  for (j = 0; j < NOISE_TILE; j++)
    for (i = NOISE_TILE; i < tw; i++)
      self->noise[(gsize) j * tw + i] = self->noise[(gsize) j * tw + (i % NOISE_TILE)];
}

static void
setup_light (TlDemoRenderer *self)
{
  static const double towers[4][2] = { { -60, -45 }, { 60, -45 }, { -60, 45 }, { 60, 45 } };
  int k;

  self->soft_shadows = FALSE;
  switch (self->opt.light)
    {
    case TL_DEMO_LIGHT_OVERCAST:
      self->tint = rgb (0.88, 0.9, 0.93);
      self->n_lights = 1;
      self->light_dir[0][0] = 0.0;
      self->light_dir[0][1] = 0.0;
      self->light_dir[0][2] = -1.0;
      self->shadow_strength = 0.3;
      self->soft_shadows = TRUE;
      break;
    case TL_DEMO_LIGHT_FLOODLIGHT:
      self->tint = rgb (0.85, 0.87, 0.92);
      self->n_lights = 4;
      self->shadow_strength = 0.22;
      /* Directions are taken per object from the towers; these are for a player at the centre. */
      for (k = 0; k < 4; k++)
        {
          double v[3] = { -towers[k][0], -towers[k][1], -40.0 };
          double n = sqrt (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);

          self->light_dir[k][0] = v[0] / n;
          self->light_dir[k][1] = v[1] / n;
          self->light_dir[k][2] = v[2] / n;
        }
      break;
    case TL_DEMO_LIGHT_DUSK:
      self->tint = rgb (0.85, 0.68, 0.55);
      self->n_lights = 1;
      self->light_dir[0][0] = 0.85;
      self->light_dir[0][1] = 0.3;
      self->light_dir[0][2] = -0.35;
      self->shadow_strength = 0.4;
      break;
    case TL_DEMO_LIGHT_SUNNY:
    default:
      self->tint = rgb (1.0, 1.0, 0.97);
      self->n_lights = 1;
      self->light_dir[0][0] = 0.45;
      self->light_dir[0][1] = 0.55;
      self->light_dir[0][2] = -1.0;
      self->shadow_strength = 0.45;
      break;
    }
  for (k = 0; k < self->n_lights; k++)
    {
      double *v = self->light_dir[k];
      double n = sqrt (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);

      v[0] /= n;
      v[1] /= n;
      v[2] /= n;
    }
}

/* The ground point under every CLOUD_STEP-th pixel, once: a cloud's shadow lies on the ground
 * (grass, paint, the surroundings up to the trees), and the field is made and moved there. */
static void
build_cloud_grid (TlDemoRenderer *self)
{
  const TlCameraParams *cp = &self->camera.params;

  self->cloud_w = self->width / CLOUD_STEP + 2;
  self->cloud_h = self->height / CLOUD_STEP + 2;
  self->cloud_ground = g_new (float, 2 * (gsize) self->cloud_w * self->cloud_h);
  for (int j = 0; j < self->cloud_h; j++)
    for (int i = 0; i < self->cloud_w; i++)
      {
        float *g = self->cloud_ground + 2 * ((gsize) j * self->cloud_w + i);
        double d[3];

        g[0] = g[1] = NAN;
        if (tl_camera_pixel_ray (&self->camera, i * CLOUD_STEP + 0.5, j * CLOUD_STEP + 0.5, d)
            == TL_CAMERA_OK && d[2] < -1e-9)
          {
            double s = -cp->z / d[2];
            double gx = cp->x + s * d[0], gy = cp->y + s * d[1];

            if (fabs (gx) <= TREE_X && gy <= TREE_Y)
              {
                g[0] = (float) gx;
                g[1] = (float) gy;
              }
          }
      }
}

TlDemoRenderer *
tl_demo_renderer_new (const TlDemoRendererOptions *options,
                      GError                     **error)
{
  TlDemoRenderer *self;
  gsize luma, chroma;

  g_return_val_if_fail (options != NULL, NULL);

  if (options->camera.width < 16 || options->camera.height < 16
      || options->camera.width % 8 != 0 || options->camera.height % 2 != 0
      || options->camera.width > 16384 || options->camera.height > 16384)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Unsupported video size %dx%d: the width must be a multiple of 8 and the "
                   "height even (16 to 16384)", options->camera.width, options->camera.height);
      return NULL;
    }

  self = g_new0 (TlDemoRenderer, 1);
  self->opt = *options;
  self->opt.noise = CLAMP (options->noise, 0.0, 40.0);
  self->opt.shake = CLAMP (options->shake, 0.0, 16.0);
  if (self->opt.fps <= 0)
    self->opt.fps = 25.0;
  if (tl_camera_init (&self->camera, &options->camera) != TL_CAMERA_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Invalid camera: check the field of view and position");
      g_free (self);
      return NULL;
    }

  self->width = options->camera.width;
  self->height = options->camera.height;
  self->margin = 2 * (int) ceil (self->opt.shake / 2.0 + 0.5);
  self->bw = self->width + 2 * self->margin;
  self->bh = self->height + 2 * self->margin;
  luma = (gsize) self->bw * self->bh;
  chroma = luma / 4;
  self->bg_y = g_new (guint8, luma + 2 * chroma);
  self->bg_u = self->bg_y + luma;
  self->bg_v = self->bg_u + chroma;

  setup_light (self);
  build_background (self);
  build_noise (self);
  if (self->opt.clouds)
    build_cloud_grid (self);
  return self;
}

void
tl_demo_renderer_free (TlDemoRenderer *self)
{
  if (self == NULL)
    return;
  g_free (self->bg_y);
  g_free (self->noise);
  g_free (self->cloud_ground);
  g_free (self);
}

const TlCamera *
tl_demo_renderer_get_camera (TlDemoRenderer *self)
{
  return &self->camera;
}

gsize
tl_demo_renderer_get_frame_size (TlDemoRenderer *self)
{
  return (gsize) self->width * self->height * 3 / 2;
}

TlDemoCanvas *
tl_demo_canvas_new (TlDemoRenderer *self)
{
  TlDemoCanvas *canvas = g_new0 (TlDemoCanvas, 1);
  gsize n = (gsize) self->width * self->height;

  canvas->ids = g_new0 (guint16, n);
  canvas->mask = g_new0 (guint8, n);
  return canvas;
}

void
tl_demo_canvas_free (TlDemoCanvas *canvas)
{
  if (canvas == NULL)
    return;
  g_free (canvas->ids);
  g_free (canvas->mask);
  g_free (canvas);
}

/* --- people and ball ------------------------------------------------------------------------- */

typedef struct
{
  double a[3], b[3];          /* ends, pitch metres */
  double radius;              /* metres */
  Rgb    colour;
} Part;

typedef struct
{
  guint8 *y, *u, *v;
  int     w, h;
  double  sx, sy;             /* shake: subtract from projected pixels */
} Frame;

typedef struct
{
  int   x0, y0, x1, y1;       /* drawn extent, inclusive; x0 > x1 when nothing drawn */
  int   own;                  /* pixels it covered (at least half) */
} Extent;

static void
kit_colours (const TlDemoObject *o,
             Rgb                *shirt,
             Rgb                *shorts,
             Rgb                *socks)
{
  if (o->kind == TL_DEMO_REFEREE)
    {
      *shirt = rgb (30, 30, 30);
      *shorts = rgb (20, 20, 20);
      *socks = rgb (25, 25, 25);
    }
  else if (o->kind == TL_DEMO_KEEPER)
    {
      *shirt = o->team == 0 ? rgb (235, 215, 40) : rgb (245, 120, 25);
      *shorts = rgb (30, 30, 30);
      *socks = *shirt;
    }
  else if (o->team == 0)
    {
      *shirt = rgb (200, 28, 40);
      *shorts = rgb (240, 240, 240);
      *socks = rgb (200, 28, 40);
    }
  else
    {
      *shirt = rgb (70, 150, 235);
      *shorts = rgb (20, 30, 85);
      *socks = rgb (240, 240, 240);
    }
}

static void
set3 (double v[3],
      double x,
      double y,
      double z)
{
  v[0] = x;
  v[1] = y;
  v[2] = z;
}

/* Builds the articulated figure: legs swing with the gait phase, arms counter-swing, the body
 * leans into a sprint; a throw-in raises the arms, a kick swings the right leg through. */
static int
build_figure (const TlDemoObject *o,
              const TlDemoPose   *p,
              Part               *parts)
{
  double H = o->height_m;
  double fx = cos (p->heading), fy = sin (p->heading);  /* forward */
  double sx = -fy, sy = fx;                             /* left */
  double amp = fmin (1.0, p->speed / 7.0) * 0.75 + (p->speed > 0.3 ? 0.12 : 0.0);
  double lean = fmin (1.0, p->speed / 8.0) * 0.18;
  double bob = 0.02 * H * fabs (sin (p->phase)) * fmin (1.0, p->speed / 4.0);
  double hipz = 0.53 * H + bob;
  double thigh = 0.245 * H, shin = 0.25 * H;
  Rgb shirt, shorts, socks, skin, hair;
  double hip[3], neck[3], head[3];
  int n = 0, side;

  kit_colours (o, &shirt, &shorts, &socks);
  skin = rgb (o->skin[0], o->skin[1], o->skin[2]);
  hair = rgb (o->hair[0], o->hair[1], o->hair[2]);

  set3 (hip, p->x + fx * lean * 0.1, p->y + fy * lean * 0.1, hipz);
  set3 (neck, hip[0] + fx * lean * 0.3 * H, hip[1] + fy * lean * 0.3 * H, hipz + 0.29 * H);

  for (side = -1; side <= 1; side += 2)
    {
      double ph = p->phase + (side > 0 ? 0.0 : G_PI);
      double th = amp * sin (ph);
      double knee_bend = amp * (0.6 + 0.6 * fmax (0.0, cos (ph)));
      double h[3], k[3], f[3], sh[3], el[3], wr[3], toe[3];
      double arm, fore;

      if (side > 0 && p->kick > 0.0)
        {
          th = 0.9 * sin (p->kick * G_PI);
          knee_bend = 0.3;
        }

      set3 (h, hip[0] + side * sx * 0.09 * H, hip[1] + side * sy * 0.09 * H, hip[2]);
      set3 (k, h[0] + fx * thigh * sin (th), h[1] + fy * thigh * sin (th),
            h[2] - thigh * cos (th));
      set3 (f, k[0] + fx * shin * sin (th - knee_bend), k[1] + fy * shin * sin (th - knee_bend),
            k[2] - shin * cos (th - knee_bend));
      f[2] = fmax (f[2], 0.05);
      set3 (toe, f[0] + fx * 0.17, f[1] + fy * 0.17, fmax (f[2] - 0.02, 0.03));

      /* Thigh in shorts, the shin in socks, a dark boot. */
      memcpy (parts[n].a, h, sizeof h);
      memcpy (parts[n].b, k, sizeof k);
      parts[n].radius = 0.055 * H * 0.9;
      parts[n++].colour = shorts;
      memcpy (parts[n].a, k, sizeof k);
      memcpy (parts[n].b, f, sizeof f);
      parts[n].radius = 0.032 * H;
      parts[n++].colour = socks;
      memcpy (parts[n].a, f, sizeof f);
      memcpy (parts[n].b, toe, sizeof toe);
      parts[n].radius = 0.025 * H;
      parts[n++].colour = rgb (25, 25, 25);

      /* Arms swing against the legs; both go up to throw in. */
      arm = -0.8 * th;
      fore = arm + 0.6 + 0.5 * amp;
      set3 (sh, neck[0] + side * sx * 0.12 * H, neck[1] + side * sy * 0.12 * H,
            neck[2] - 0.03 * H);
      if (p->arms_up > 0.0)
        {
          arm = arm * (1.0 - p->arms_up) + G_PI * 0.92 * p->arms_up;
          fore = arm;
        }
      set3 (el, sh[0] + fx * 0.17 * H * sin (arm), sh[1] + fy * 0.17 * H * sin (arm),
            sh[2] - 0.17 * H * cos (arm));
      set3 (wr, el[0] + fx * 0.16 * H * sin (fore), el[1] + fy * 0.16 * H * sin (fore),
            el[2] - 0.16 * H * cos (fore));
      memcpy (parts[n].a, sh, sizeof sh);
      memcpy (parts[n].b, el, sizeof el);
      parts[n].radius = 0.03 * H;
      parts[n++].colour = shirt;
      memcpy (parts[n].a, el, sizeof el);
      memcpy (parts[n].b, wr, sizeof wr);
      parts[n].radius = 0.024 * H;
      parts[n++].colour = o->kind == TL_DEMO_KEEPER ? rgb (230, 230, 230) : skin;
    }

  /* Torso: a thick capsule from the hips to the shoulders. */
  set3 (parts[n].a, hip[0], hip[1], hip[2] + 0.06 * H);
  set3 (parts[n].b, neck[0], neck[1], neck[2] - 0.05 * H);
  parts[n].radius = 0.1 * H;
  parts[n++].colour = shirt;

  set3 (head, neck[0] + fx * 0.01 * H, neck[1] + fy * 0.01 * H, neck[2] + 0.085 * H);
  memcpy (parts[n].a, head, sizeof head);
  memcpy (parts[n].b, head, sizeof head);
  parts[n].a[2] -= 0.02 * H;
  parts[n].radius = 0.06 * H;
  parts[n++].colour = skin;
  set3 (parts[n].a, head[0] - fx * 0.012 * H, head[1] - fy * 0.012 * H, head[2] + 0.022 * H);
  memcpy (parts[n].b, parts[n].a, sizeof parts[n].a);
  parts[n].radius = 0.05 * H;
  parts[n++].colour = hair;

  return n;
}

static void
extent_add (Extent *e,
            int     x,
            int     y)
{
  if (x < e->x0) e->x0 = x;
  if (x > e->x1) e->x1 = x;
  if (y < e->y0) e->y0 = y;
  if (y > e->y1) e->y1 = y;
}

/* Fills a 2D capsule with anti-aliased edges and a rounded shade, marking the id buffer. */
static void
draw_capsule (Frame        *fr,
              TlDemoCanvas *cv,
              guint16       id,
              double        u0,
              double        v0,
              double        u1,
              double        v1,
              double        r,
              Rgb           c,
              Extent       *ext)
{
  double Y, U, V, dx = u1 - u0, dy = v1 - v0, l2 = dx * dx + dy * dy;
  int x0, x1, y0, y1, x, y;

  rgb_to_yuv (c, &Y, &U, &V);
  r = fmax (r, 0.55);
  x0 = MAX (0, (int) floor (MIN (u0, u1) - r - 1));
  x1 = MIN (fr->w - 1, (int) ceil (MAX (u0, u1) + r + 1));
  y0 = MAX (0, (int) floor (MIN (v0, v1) - r - 1));
  y1 = MIN (fr->h - 1, (int) ceil (MAX (v0, v1) + r + 1));

  for (y = y0; y <= y1; y++)
    for (x = x0; x <= x1; x++)
      {
        double px = x + 0.5, py = y + 0.5;
        double t = l2 > 0 ? ((px - u0) * dx + (py - v0) * dy) / l2 : 0;
        double d, cov, shade;
        gsize o = (gsize) y * fr->w + x;

        t = t < 0 ? 0 : t > 1 ? 1 : t;
        d = hypot (px - (u0 + t * dx), py - (v0 + t * dy));
        cov = r + 0.5 - d;
        if (cov <= 0.0)
          continue;
        cov = fmin (cov, 1.0);
        shade = 0.72 + 0.33 * sqrt (fmax (0.0, 1.0 - (d * d) / (r * r)));
        fr->y[o] = clamp_u8 (fr->y[o] + (16.0 + (Y - 16.0) * shade - fr->y[o]) * cov);
        extent_add (ext, x, y);
        if (cov >= 0.5)
          {
            gsize oc = (gsize) (y / 2) * (fr->w / 2) + x / 2;

            if (cv->ids[o] != id)
              ext->own++;
            cv->ids[o] = id;
            fr->u[oc] = clamp_u8 (U);
            fr->v[oc] = clamp_u8 (V);
          }
      }
}

static void
mask_capsule (Frame        *fr,
              TlDemoCanvas *cv,
              double        u0,
              double        v0,
              double        u1,
              double        v1,
              double        r,
              double        soft,
              Extent       *ext)
{
  double dx = u1 - u0, dy = v1 - v0, l2 = dx * dx + dy * dy;
  int x0, x1, y0, y1, x, y;

  r = fmax (r, 0.5);
  x0 = MAX (0, (int) floor (MIN (u0, u1) - r - soft - 1));
  x1 = MIN (fr->w - 1, (int) ceil (MAX (u0, u1) + r + soft + 1));
  y0 = MAX (0, (int) floor (MIN (v0, v1) - r - soft - 1));
  y1 = MIN (fr->h - 1, (int) ceil (MAX (v0, v1) + r + soft + 1));

  for (y = y0; y <= y1; y++)
    for (x = x0; x <= x1; x++)
      {
        double px = x + 0.5, py = y + 0.5;
        double t = l2 > 0 ? ((px - u0) * dx + (py - v0) * dy) / l2 : 0;
        double d, cov;
        gsize o = (gsize) y * fr->w + x;

        t = t < 0 ? 0 : t > 1 ? 1 : t;
        d = hypot (px - (u0 + t * dx), py - (v0 + t * dy));
        cov = (r + 0.5 + soft - d) / (1.0 + 2.0 * soft);
        if (cov <= 0.0)
          continue;
        cov = fmin (cov, 1.0);
        if (cov * 255.0 > cv->mask[o])
          cv->mask[o] = (guint8) (cov * 255.0);
        extent_add (ext, x, y);
      }
}

static gboolean
project (TlDemoRenderer *self,
         Frame          *fr,
         const double    P[3],
         double         *u,
         double         *v)
{
  if (tl_camera_project (&self->camera, P[0], P[1], P[2], u, v) < 0)
    return FALSE;
  *u -= fr->sx;
  *v -= fr->sy;
  return TRUE;
}

static double
pixels_per_metre (TlDemoRenderer *self,
                  const double    P[3])
{
  double c[3] = { P[0] - self->camera.params.x, P[1] - self->camera.params.y,
                  P[2] - self->camera.params.z };
  double dist = sqrt (c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);

  return self->camera.f / fmax (dist, 0.5);
}

/* Shadows: every body part projected along the light onto the ground, accumulated in a mask
 * first so that overlapping limbs do not darken twice. */
static void
draw_shadow (TlDemoRenderer *self,
             Frame          *fr,
             TlDemoCanvas   *cv,
             const Part     *parts,
             int             n_parts,
             double          ox,
             double          oy)
{
  Extent ext = { G_MAXINT, G_MAXINT, G_MININT, G_MININT, 0 };
  int l, k, x, y;

  for (l = 0; l < self->n_lights; l++)
    {
      double L[3];

      if (self->opt.light == TL_DEMO_LIGHT_FLOODLIGHT)
        {
          static const double towers[4][2] = { { -60, -45 }, { 60, -45 }, { -60, 45 }, { 60, 45 } };
          double n;

          set3 (L, ox - towers[l][0], oy - towers[l][1], -40.0);
          n = sqrt (L[0] * L[0] + L[1] * L[1] + L[2] * L[2]);
          L[0] /= n;
          L[1] /= n;
          L[2] /= n;
        }
      else
        memcpy (L, self->light_dir[l], sizeof L);

      if (self->soft_shadows)
        {
          /* Overcast: a soft dark patch under the feet. */
          double P[3] = { ox, oy, 0 }, Q[3] = { ox, oy, 0 }, u0, v0, u1, v1, r;

          P[0] -= 0.25;
          Q[0] += 0.25;
          if (!project (self, fr, P, &u0, &v0) || !project (self, fr, Q, &u1, &v1))
            continue;
          r = 0.3 * pixels_per_metre (self, P) * 0.5;
          mask_capsule (fr, cv, u0, v0, u1, v1, r, r * 0.8, &ext);
          continue;
        }

      for (k = 0; k < n_parts; k++)
        {
          double A[3], B[3], u0, v0, u1, v1;
          int t;

          for (t = 0; t < 3; t++)
            {
              A[t] = parts[k].a[t] - parts[k].a[2] / L[2] * L[t];
              B[t] = parts[k].b[t] - parts[k].b[2] / L[2] * L[t];
            }
          A[2] = B[2] = 0.0;
          if (!project (self, fr, A, &u0, &v0) || !project (self, fr, B, &u1, &v1))
            continue;
          mask_capsule (fr, cv, u0, v0, u1, v1, parts[k].radius * pixels_per_metre (self, A),
                        0.3, &ext);
        }

      /* Apply per light, so the floodlights' shadows overlap as in real night games. */
      for (y = MAX (ext.y0, 0); y <= ext.y1; y++)
        for (x = MAX (ext.x0, 0); x <= ext.x1; x++)
          {
            gsize o = (gsize) y * fr->w + x;

            if (cv->mask[o])
              {
                double m = cv->mask[o] / 255.0 * self->shadow_strength;

                fr->y[o] = clamp_u8 (16.0 + (fr->y[o] - 16.0) * (1.0 - m));
                cv->mask[o] = 0;
              }
          }
      ext.x0 = ext.y0 = G_MAXINT;
      ext.x1 = ext.y1 = G_MININT;
    }

  if (self->soft_shadows)
    for (y = MAX (ext.y0, 0); y <= ext.y1; y++)
      for (x = MAX (ext.x0, 0); x <= ext.x1; x++)
        {
          gsize o = (gsize) y * fr->w + x;

          if (cv->mask[o])
            {
              double m = cv->mask[o] / 255.0 * self->shadow_strength;

              fr->y[o] = clamp_u8 (16.0 + (fr->y[o] - 16.0) * (1.0 - m));
              cv->mask[o] = 0;
            }
        }
}

typedef struct
{
  int    index;
  double depth;
} Order;

static int
order_far_first (gconstpointer a,
                 gconstpointer b)
{
  const Order *oa = a, *ob = b;

  if (oa->depth != ob->depth)
    return oa->depth < ob->depth ? 1 : -1;
  return oa->index - ob->index;
}

static int
order_parts (gconstpointer a,
             gconstpointer b)
{
  return order_far_first (a, b);
}

static void
draw_object (TlDemoRenderer     *self,
             Frame              *fr,
             TlDemoCanvas       *cv,
             const TlDemoObject *o,
             const TlDemoPose   *p,
             Extent             *ext)
{
  if (o->kind == TL_DEMO_BALL)
    {
      double P[3] = { p->x, p->y, p->z }, u, v, r;

      if (!project (self, fr, P, &u, &v))
        return;
      r = TL_DEMO_BALL_RADIUS * pixels_per_metre (self, P);
      r = fmax (r, 1.2);
      draw_capsule (fr, cv, (guint16) o->id, u, v, u, v, r,
                    rgb_tint (rgb (245, 245, 245), self->tint), ext);
      /* A dark patch: the ball is not a plain white disc. */
      if (r > 2.5)
        {
          Extent dummy = *ext;

          draw_capsule (fr, cv, (guint16) o->id, u + r * 0.25, v - r * 0.1, u + r * 0.25,
                        v - r * 0.1, r * 0.3, rgb_tint (rgb (50, 50, 60), self->tint), &dummy);
          ext->own = dummy.own;
        }
      return;
    }
  else
    {
      Part parts[MAX_PARTS];
      Order ord[MAX_PARTS];
      int n = build_figure (o, p, parts);
      int k;

      for (k = 0; k < n; k++)
        {
          double m[3] = { (parts[k].a[0] + parts[k].b[0]) / 2, (parts[k].a[1] + parts[k].b[1]) / 2,
                          (parts[k].a[2] + parts[k].b[2]) / 2 };

          ord[k].index = k;
          ord[k].depth = hypot (m[0] - self->camera.params.x, m[1] - self->camera.params.y);
        }
      /* Head and hair always last (nearest), whatever the limb order. */
      qsort (ord, n - 2, sizeof (Order), order_parts);
      ord[n - 2].index = n - 2;
      ord[n - 1].index = n - 1;

      for (k = 0; k < n; k++)
        {
          const Part *pt = &parts[ord[k].index];
          double u0, v0, u1, v1;

          if (!project (self, fr, pt->a, &u0, &v0) || !project (self, fr, pt->b, &u1, &v1))
            continue;
          draw_capsule (fr, cv, (guint16) o->id, u0, v0, u1, v1,
                        pt->radius * pixels_per_metre (self, pt->a),
                        rgb_tint (pt->colour, self->tint), ext);
        }
    }
}

static void
shadow_object (TlDemoRenderer     *self,
               Frame              *fr,
               TlDemoCanvas       *cv,
               const TlDemoObject *o,
               const TlDemoPose   *p)
{
  Part parts[MAX_PARTS];
  int n;

  if (o->kind == TL_DEMO_BALL)
    {
      parts[0].a[0] = parts[0].b[0] = p->x;
      parts[0].a[1] = parts[0].b[1] = p->y;
      parts[0].a[2] = parts[0].b[2] = p->z;
      parts[0].radius = TL_DEMO_BALL_RADIUS;
      n = 1;
    }
  else
    n = build_figure (o, p, parts);
  draw_shadow (self, fr, cv, parts, n, p->x, p->y);
}

/* Darkens what lies under the clouds at time @t: a field of soft-edged patches (a third of the
 * ground or so) drifting with the wind. A real shadow takes the same share of R, G and B, so
 * luma above black and chroma around grey (128) both shrink by it; people and ball under a
 * cloud are darkened with the grass. */
static void
apply_clouds (TlDemoRenderer *self,
              Frame          *fr,
              double          t)
{
  int gw = self->cloud_w, gh = self->cloud_h;
  g_autofree float *keep = g_new (float, (gsize) gw * gh);
  guint32 seed = (guint32) self->opt.seed + 101;
  int cw = fr->w / 2;

  for (gsize n = 0; n < (gsize) gw * gh; n++)
    {
      const float *g = self->cloud_ground + 2 * n;
      double c = 0.0;

      if (!isnan (g[0]))
        {
          double f = fbm ((g[0] - CLOUD_WIND * t) / CLOUD_SCALE, g[1] / CLOUD_SCALE, seed);

          /* smoothstep over a band of the noise: soft edges a few metres wide */
          c = CLAMP ((f - 0.52) / 0.08, 0.0, 1.0);
          c = c * c * (3.0 - 2.0 * c);
        }
      keep[n] = (float) (1.0 - CLOUD_STRENGTH * c);
    }

  for (int y = 0; y < fr->h; y++)
    {
      int j = y / CLOUD_STEP;
      float ty = (y % CLOUD_STEP + 0.5f) / CLOUD_STEP;
      const float *k0 = keep + (gsize) j * gw, *k1 = k0 + gw;
      guint8 *row = fr->y + (gsize) y * fr->w;
      guint8 *u = fr->u + (gsize) (y / 2) * cw, *v = fr->v + (gsize) (y / 2) * cw;

      for (int x = 0; x < fr->w; x++)
        {
          int i = x / CLOUD_STEP;
          float tx = (x % CLOUD_STEP + 0.5f) / CLOUD_STEP;
          float a = k0[i] + (k0[i + 1] - k0[i]) * tx, b = k1[i] + (k1[i + 1] - k1[i]) * tx;
          float f = a + (b - a) * ty;

          if (f >= 1.0f)
            continue;
          row[x] = clamp_u8 (16.0 + (row[x] - 16.0) * f);
          /* Each chroma sample once, from its block's top-left pixel. */
          if ((x | y) % 2 == 0)
            {
              u[x / 2] = clamp_u8 (128.0 + (u[x / 2] - 128.0) * f);
              v[x / 2] = clamp_u8 (128.0 + (v[x / 2] - 128.0) * f);
            }
        }
    }
}

static void
add_noise (TlDemoRenderer *self,
           Frame          *fr,
           int             frame_index)
{
  int tw = self->width + NOISE_TILE;
  guint32 h = hash2 (frame_index, 17, (guint32) self->opt.seed);
  int ox = h % NOISE_TILE, oy = (h >> 12) % NOISE_TILE;
  int x, y;

  for (y = 0; y < fr->h; y++)
    {
      guint8 *row = fr->y + (gsize) y * fr->w;
      const gint8 *n = self->noise + (gsize) ((y + oy) % NOISE_TILE) * tw + ox;

      for (x = 0; x < fr->w; x++)
        {
          int v = row[x] + n[x];

          row[x] = (guint8) (v < 0 ? 0 : v > 255 ? 255 : v);
        }
    }
}

int
tl_demo_renderer_draw (TlDemoRenderer     *self,
                       TlDemoCanvas       *canvas,
                       int                 frame_index,
                       const TlDemoObject *objects,
                       const TlDemoPose   *poses,
                       int                 n_objects,
                       guint8             *out,
                       TlDemoBox          *boxes)
{
  g_autofree Order *order = g_new (Order, MAX (n_objects, 1));
  g_autofree Extent *ext = g_new (Extent, MAX (n_objects, 1));
  Frame fr;
  double t = frame_index / self->opt.fps;
  double phase = (double) (self->opt.seed % 1000);
  int dx = 0, dy = 0, j, k, n_boxes = 0;
  int cw = self->width / 2;

  /* Camera shake: a smooth wobble of a pixel or so, applied to the whole picture. */
  if (self->opt.shake > 0)
    {
      dx = (int) lround (self->opt.shake * (0.7 * sin (2 * G_PI * 0.53 * t + phase)
                                            + 0.3 * sin (2 * G_PI * 1.7 * t + 2 * phase)));
      dy = (int) lround (self->opt.shake * (0.7 * sin (2 * G_PI * 0.41 * t + 3 * phase)
                                            + 0.3 * sin (2 * G_PI * 1.3 * t + 5 * phase)));
    }

  fr.w = self->width;
  fr.h = self->height;
  fr.y = out;
  fr.u = out + (gsize) fr.w * fr.h;
  fr.v = fr.u + (gsize) cw * (fr.h / 2);
  fr.sx = dx;
  fr.sy = dy;

  for (j = 0; j < fr.h; j++)
    memcpy (fr.y + (gsize) j * fr.w,
            self->bg_y + (gsize) (j + self->margin + dy) * self->bw + self->margin + dx, fr.w);
  for (j = 0; j < fr.h / 2; j++)
    {
      gsize src = (gsize) (j + (self->margin + dy) / 2) * (self->bw / 2) + (self->margin + dx) / 2;

      memcpy (fr.u + (gsize) j * cw, self->bg_u + src, cw);
      memcpy (fr.v + (gsize) j * cw, self->bg_v + src, cw);
    }

  for (k = 0; k < n_objects; k++)
    {
      order[k].index = k;
      order[k].depth = hypot (poses[k].x - self->camera.params.x,
                              poses[k].y - self->camera.params.y);
      ext[k].x0 = ext[k].y0 = G_MAXINT;
      ext[k].x1 = ext[k].y1 = G_MININT;
      ext[k].own = 0;
    }
  qsort (order, n_objects, sizeof (Order), order_far_first);

  if (self->opt.shadows)
    for (k = 0; k < n_objects; k++)
      shadow_object (self, &fr, canvas, &objects[order[k].index], &poses[order[k].index]);
  for (k = 0; k < n_objects; k++)
    draw_object (self, &fr, canvas, &objects[order[k].index], &poses[order[k].index],
                 &ext[order[k].index]);

  /* Ground truth from what was drawn; then clear the id buffer where we used it. */
  for (k = 0; k < n_objects; k++)
    {
      Extent *e = &ext[k];
      int visible = 0, x, y;

      if (e->x1 < e->x0)
        continue;
      for (y = e->y0; y <= e->y1; y++)
        for (x = e->x0; x <= e->x1; x++)
          if (canvas->ids[(gsize) y * fr.w + x] == objects[k].id)
            visible++;
      if (visible > 0 && e->own > 0)
        {
          TlDemoBox *b = &boxes[n_boxes++];

          b->id = objects[k].id;
          b->object_class = objects[k].kind == TL_DEMO_BALL ? 2 : 1;
          b->left = e->x0;
          b->top = e->y0;
          b->width = e->x1 - e->x0 + 1;
          b->height = e->y1 - e->y0 + 1;
          b->visibility = (float) MIN (1.0, (double) visible / e->own);
        }
    }
  for (k = 0; k < n_objects; k++)
    {
      Extent *e = &ext[k];
      int y;

      if (e->x1 < e->x0)
        continue;
      for (y = e->y0; y <= e->y1; y++)
        memset (canvas->ids + (gsize) y * fr.w + e->x0, 0,
                sizeof (guint16) * (e->x1 - e->x0 + 1));
    }

  if (self->opt.clouds)
    apply_clouds (self, &fr, t);
  if (self->opt.noise > 0)
    add_noise (self, &fr, frame_index);

  return n_boxes;
}
