/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-pitch.c: pitch markings and landmarks in pitch metres. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "tl-pitch.h"

#define PENALTY_DEPTH   16.5
#define PENALTY_HALF_W  20.16
#define GOAL_AREA_DEPTH 5.5
#define GOAL_AREA_HALF_W 9.16
#define PENALTY_SPOT    11.0
#define CIRCLE_RADIUS   9.15

void
tl_pitch_init_default (TlPitch *pitch)
{
  pitch->length = TL_PITCH_DEFAULT_LENGTH;
  pitch->width = TL_PITCH_DEFAULT_WIDTH;
}

void
tl_pitch_from_calibration (TlPitch    *pitch,
                           const char *calibration_json)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root, *object;
  double length, width;

  tl_pitch_init_default (pitch);
  if (calibration_json == NULL)
    return;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, calibration_json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "pitch")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "pitch")))
    return;
  object = json_object_get_object_member (root, "pitch");
  length = json_object_get_double_member_with_default (object, "length", 0);
  width = json_object_get_double_member_with_default (object, "width", 0);
  /* The Laws allow 90-120 m by 45-90 m; anything else is not a pitch we can draw. */
  if (length >= 50 && length <= 130 && width >= 30 && width <= 100)
    {
      pitch->length = length;
      pitch->width = width;
    }
}

static void
add (GArray     *out,
     const char *id,
     const char *label,
     double      x,
     double      y)
{
  TlPitchLandmark l = { id, label, x, y };

  g_array_append_val (out, l);
}

GArray *
tl_pitch_landmarks (const TlPitch *pitch)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (TlPitchLandmark));
  double L = pitch->length / 2, W = pitch->width / 2;

  /* Ids are the demo sidecar's names, so its correspondences can be read back as clicks. */
  add (out, "corner far left", N_("Far left corner"), -L, W);
  add (out, "halfway far end", N_("Halfway line, far end"), 0, W);
  add (out, "corner far right", N_("Far right corner"), L, W);
  add (out, "corner near left", N_("Near left corner"), -L, -W);
  add (out, "halfway near end", N_("Halfway line, near end"), 0, -W);
  add (out, "corner near right", N_("Near right corner"), L, -W);
  add (out, "centre spot", N_("Centre spot"), 0, 0);
  add (out, "penalty box far corner left", N_("Left penalty area, far corner"),
       -L + PENALTY_DEPTH, PENALTY_HALF_W);
  add (out, "penalty box near corner left", N_("Left penalty area, near corner"),
       -L + PENALTY_DEPTH, -PENALTY_HALF_W);
  add (out, "penalty box far line end left", N_("Left penalty area, far goal-line end"),
       -L, PENALTY_HALF_W);
  add (out, "penalty box near line end left", N_("Left penalty area, near goal-line end"),
       -L, -PENALTY_HALF_W);
  add (out, "penalty spot left", N_("Left penalty spot"), -L + PENALTY_SPOT, 0);
  add (out, "goal area far corner left", N_("Left goal area, far corner"),
       -L + GOAL_AREA_DEPTH, GOAL_AREA_HALF_W);
  add (out, "goal area near corner left", N_("Left goal area, near corner"),
       -L + GOAL_AREA_DEPTH, -GOAL_AREA_HALF_W);
  add (out, "penalty box far corner right", N_("Right penalty area, far corner"),
       L - PENALTY_DEPTH, PENALTY_HALF_W);
  add (out, "penalty box near corner right", N_("Right penalty area, near corner"),
       L - PENALTY_DEPTH, -PENALTY_HALF_W);
  add (out, "penalty box far line end right", N_("Right penalty area, far goal-line end"),
       L, PENALTY_HALF_W);
  add (out, "penalty box near line end right", N_("Right penalty area, near goal-line end"),
       L, -PENALTY_HALF_W);
  add (out, "penalty spot right", N_("Right penalty spot"), L - PENALTY_SPOT, 0);
  add (out, "goal area far corner right", N_("Right goal area, far corner"),
       L - GOAL_AREA_DEPTH, GOAL_AREA_HALF_W);
  add (out, "goal area near corner right", N_("Right goal area, near corner"),
       L - GOAL_AREA_DEPTH, -GOAL_AREA_HALF_W);

  return out;
}

static GArray *
polyline_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double) * 2);
}

static void
point (GArray *line,
       double  x,
       double  y)
{
  double p[2] = { x, y };

  g_array_append_val (line, p);
}

/* A straight segment, subdivided so that a camera projection can bend it. */
static void
segment (GPtrArray *out,
         double     x0,
         double     y0,
         double     x1,
         double     y1,
         double     step)
{
  GArray *line = polyline_new ();
  int n = MAX (1, (int) ceil (hypot (x1 - x0, y1 - y0) / step));

  for (int i = 0; i <= n; i++)
    point (line, x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n);
  g_ptr_array_add (out, line);
}

static void
arc (GPtrArray *out,
     double     cx,
     double     cy,
     double     r,
     double     a0,
     double     a1,
     double     step)
{
  GArray *line = polyline_new ();
  int n = MAX (8, (int) ceil (fabs (a1 - a0) * r / step));

  for (int i = 0; i <= n; i++)
    {
      double a = a0 + (a1 - a0) * i / n;

      point (line, cx + r * cos (a), cy + r * sin (a));
    }
  g_ptr_array_add (out, line);
}

GPtrArray *
tl_pitch_lines (const TlPitch *pitch,
                double         step)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  double L = pitch->length / 2, W = pitch->width / 2;
  /* The penalty arc is the part of the 9.15 m circle about the spot outside the area. */
  double arc_half = acos ((PENALTY_DEPTH - PENALTY_SPOT) / CIRCLE_RADIUS);

  step = MAX (step, 0.05);

  segment (out, -L, -W, L, -W, step);
  segment (out, L, -W, L, W, step);
  segment (out, L, W, -L, W, step);
  segment (out, -L, W, -L, -W, step);
  segment (out, 0, -W, 0, W, step);
  arc (out, 0, 0, CIRCLE_RADIUS, 0, 2 * G_PI, step);
  arc (out, 0, 0, 0.15, 0, 2 * G_PI, step);

  for (int s = -1; s <= 1; s += 2)
    {
      double goal = s * L;
      double box = s * (L - PENALTY_DEPTH);
      double area = s * (L - GOAL_AREA_DEPTH);
      double spot = s * (L - PENALTY_SPOT);
      /* The arc faces the centre: angles about π for the right goal, about 0 for the left. */
      double facing = s > 0 ? G_PI : 0.0;

      segment (out, goal, -PENALTY_HALF_W, box, -PENALTY_HALF_W, step);
      segment (out, box, -PENALTY_HALF_W, box, PENALTY_HALF_W, step);
      segment (out, box, PENALTY_HALF_W, goal, PENALTY_HALF_W, step);
      segment (out, goal, -GOAL_AREA_HALF_W, area, -GOAL_AREA_HALF_W, step);
      segment (out, area, -GOAL_AREA_HALF_W, area, GOAL_AREA_HALF_W, step);
      segment (out, area, GOAL_AREA_HALF_W, goal, GOAL_AREA_HALF_W, step);
      arc (out, spot, 0, 0.15, 0, 2 * G_PI, step);
      arc (out, spot, 0, CIRCLE_RADIUS, facing - arc_half, facing + arc_half, step);
    }

  return out;
}
