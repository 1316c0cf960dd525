/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-demo-ground-truth.c: MOT, pitch-position, event and calibration files for the demo. */
#include "tl-demo-ground-truth.h"

#include <json-glib/json-glib.h>
#include <math.h>

struct _TlDemoGroundTruth
{
  int         n_frames;
  TlDemoBox **boxes;
  int        *n_boxes;
};

TlDemoGroundTruth *
tl_demo_ground_truth_new (int n_frames)
{
  TlDemoGroundTruth *self = g_new0 (TlDemoGroundTruth, 1);

  self->n_frames = MAX (n_frames, 0);
  self->boxes = g_new0 (TlDemoBox *, self->n_frames + 1);
  self->n_boxes = g_new0 (int, self->n_frames + 1);
  return self;
}

void
tl_demo_ground_truth_free (TlDemoGroundTruth *self)
{
  int i;

  if (self == NULL)
    return;
  for (i = 0; i < self->n_frames; i++)
    g_free (self->boxes[i]);
  g_free (self->boxes);
  g_free (self->n_boxes);
  g_free (self);
}

void
tl_demo_ground_truth_set_frame (TlDemoGroundTruth *self,
                                int                frame,
                                const TlDemoBox   *boxes,
                                int                n_boxes)
{
  g_return_if_fail (frame >= 0 && frame < self->n_frames);

  g_free (self->boxes[frame]);
  self->boxes[frame] = g_memdup2 (boxes, sizeof (TlDemoBox) * MAX (n_boxes, 1));
  self->n_boxes[frame] = n_boxes;
}

const TlDemoBox *
tl_demo_ground_truth_get_frame (TlDemoGroundTruth *self,
                                int                frame,
                                int               *n_boxes)
{
  g_return_val_if_fail (frame >= 0 && frame < self->n_frames, NULL);

  if (n_boxes)
    *n_boxes = self->n_boxes[frame];
  return self->boxes[frame];
}

static gboolean
write_text (const char *path,
            GString    *text,
            GError    **error)
{
  /* g_file_set_contents writes a temporary file and renames it over @path. */
  return g_file_set_contents (path, text->str, (gssize) text->len, error);
}

/* Writes @b's finished document to @path, pretty-printed. */
static gboolean
write_json (JsonBuilder  *b,
            const char   *path,
            GError      **error)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *data = NULL;
  gsize len;

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  data = json_generator_to_data (gen, &len);
  return g_file_set_contents (path, data, (gssize) len, error);
}

gboolean
tl_demo_ground_truth_write_mot (TlDemoGroundTruth *self,
                                const char        *path,
                                GError           **error)
{
  g_autoptr(GString) s = g_string_new (NULL);
  int f, k;

  for (f = 0; f < self->n_frames; f++)
    for (k = 0; k < self->n_boxes[f]; k++)
      {
        const TlDemoBox *b = &self->boxes[f][k];

        g_string_append_printf (s, "%d,%d,%d,%d,%d,%d,1,%d,%.3f\n", f + 1, b->id, b->left, b->top,
                                b->width, b->height, b->object_class, b->visibility);
      }
  return write_text (path, s, error);
}

gboolean
tl_demo_script_write_pitch (TlDemoScript *script,
                            const char   *path,
                            GError      **error)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const TlDemoObject *objects = tl_demo_script_get_objects (script);
  int n = tl_demo_script_get_n_objects (script);
  int f, k;

  for (f = 0; f < tl_demo_script_get_n_frames (script); f++)
    {
      const TlDemoPose *p = tl_demo_script_get_poses (script, f);

      for (k = 0; k < n; k++)
        g_string_append_printf (s, "%d,%d,%.3f,%.3f,%d,%d\n", f + 1, objects[k].id, p[k].x,
                                p[k].y, objects[k].kind == TL_DEMO_BALL ? 2 : 1, objects[k].team);
    }
  return write_text (path, s, error);
}

gboolean
tl_demo_script_write_events (TlDemoScript *script,
                             const char   *path,
                             GError      **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  double fps = tl_demo_script_get_fps (script);
  const TlDemoEvent *ev;
  int n, i;

  ev = tl_demo_script_get_events (script, &n);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "fps");
  json_builder_add_double_value (b, fps);
  json_builder_set_member_name (b, "frames");
  json_builder_add_int_value (b, tl_demo_script_get_n_frames (script));
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (i = 0; i < n; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, tl_demo_event_kind_to_string (ev[i].kind));
      /* 1-based like the MOT file, so the two can be joined on frame. */
      json_builder_set_member_name (b, "frame");
      json_builder_add_int_value (b, ev[i].frame + 1);
      json_builder_set_member_name (b, "time");
      json_builder_add_double_value (b, round (ev[i].frame / fps * 1000.0) / 1000.0);
      json_builder_set_member_name (b, "team");
      json_builder_add_int_value (b, ev[i].team);
      json_builder_set_member_name (b, "player");
      json_builder_add_int_value (b, ev[i].player_id);
      json_builder_set_member_name (b, "x");
      json_builder_add_double_value (b, round (ev[i].x * 100.0) / 100.0);
      json_builder_set_member_name (b, "y");
      json_builder_add_double_value (b, round (ev[i].y * 100.0) / 100.0);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  return write_json (b, path, error);
}

static void
add_landmark (JsonBuilder    *b,
              const TlCamera *camera,
              const char     *name,
              double          x,
              double          y)
{
  double u, v;

  if (tl_camera_project (camera, x, y, 0.0, &u, &v) != TL_CAMERA_VISIBLE)
    return;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "x");
  json_builder_add_double_value (b, x);
  json_builder_set_member_name (b, "y");
  json_builder_add_double_value (b, y);
  json_builder_set_member_name (b, "u");
  json_builder_add_double_value (b, round (u * 100.0) / 100.0);
  json_builder_set_member_name (b, "v");
  json_builder_add_double_value (b, round (v * 100.0) / 100.0);
  json_builder_end_object (b);
}

gboolean
tl_demo_write_sidecar (const TlCamera *camera,
                       double          fps,
                       int             n_frames,
                       GHashTable     *extra,
                       const char     *path,
                       GError        **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const TlCameraParams *p = &camera->params;
  const double deg = 180.0 / G_PI;
  const double L = TL_DEMO_PITCH_LENGTH / 2.0, W = TL_DEMO_PITCH_WIDTH / 2.0;
  int s;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "generator");
  json_builder_add_string_value (b, "touchline-demo");
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "projection");
  json_builder_add_string_value (b, tl_camera_projection_to_string (p->projection));
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, p->width);
  json_builder_set_member_name (b, "height");
  json_builder_add_int_value (b, p->height);
  json_builder_set_member_name (b, "fps");
  json_builder_add_double_value (b, fps);
  json_builder_set_member_name (b, "frames");
  json_builder_add_int_value (b, n_frames);
  json_builder_set_member_name (b, "hfov_deg");
  json_builder_add_double_value (b, p->hfov * deg);
  json_builder_set_member_name (b, "vfov_deg");
  json_builder_add_double_value (b, 2.0 * atan ((p->height / 2.0) / camera->f) * deg);
  json_builder_set_member_name (b, "focal_px");
  json_builder_add_double_value (b, camera->f);

  json_builder_set_member_name (b, "camera");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "x");
  json_builder_add_double_value (b, p->x);
  json_builder_set_member_name (b, "y");
  json_builder_add_double_value (b, p->y);
  json_builder_set_member_name (b, "z");
  json_builder_add_double_value (b, p->z);
  json_builder_set_member_name (b, "yaw_deg");
  json_builder_add_double_value (b, p->yaw * deg);
  json_builder_set_member_name (b, "tilt_deg");
  json_builder_add_double_value (b, p->tilt * deg);
  json_builder_set_member_name (b, "roll_deg");
  json_builder_add_double_value (b, p->roll * deg);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "pitch");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "length");
  json_builder_add_double_value (b, TL_DEMO_PITCH_LENGTH);
  json_builder_set_member_name (b, "width");
  json_builder_add_double_value (b, TL_DEMO_PITCH_WIDTH);
  json_builder_set_member_name (b, "axes");
  json_builder_add_string_value (b, "origin centre spot, x toward the right goal, "
                                    "y toward the far touchline, z up, metres");
  json_builder_end_object (b);

  /* Landmarks a user (or a test) can check the calibration against. */
  json_builder_set_member_name (b, "correspondences");
  json_builder_begin_array (b);
  add_landmark (b, camera, "centre spot", 0, 0);
  add_landmark (b, camera, "halfway far end", 0, W);
  add_landmark (b, camera, "halfway near end", 0, -W);
  for (s = -1; s <= 1; s += 2)
    {
      const char *side = s < 0 ? "left" : "right";
      g_autofree char *n1 = g_strdup_printf ("corner far %s", side);
      g_autofree char *n2 = g_strdup_printf ("corner near %s", side);
      g_autofree char *n3 = g_strdup_printf ("penalty spot %s", side);
      g_autofree char *n4 = g_strdup_printf ("penalty box far corner %s", side);
      g_autofree char *n5 = g_strdup_printf ("penalty box near corner %s", side);
      g_autofree char *n6 = g_strdup_printf ("penalty box far line end %s", side);
      g_autofree char *n7 = g_strdup_printf ("penalty box near line end %s", side);
      g_autofree char *n8 = g_strdup_printf ("goal area far corner %s", side);
      g_autofree char *n9 = g_strdup_printf ("goal area near corner %s", side);

      add_landmark (b, camera, n1, s * L, W);
      add_landmark (b, camera, n2, s * L, -W);
      add_landmark (b, camera, n3, s * (L - 11.0), 0);
      add_landmark (b, camera, n4, s * (L - 16.5), 20.16);
      add_landmark (b, camera, n5, s * (L - 16.5), -20.16);
      add_landmark (b, camera, n6, s * L, 20.16);
      add_landmark (b, camera, n7, s * L, -20.16);
      add_landmark (b, camera, n8, s * (L - 5.5), 9.16);
      add_landmark (b, camera, n9, s * (L - 5.5), -9.16);
    }
  json_builder_end_array (b);

  if (extra != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      json_builder_set_member_name (b, "demo");
      json_builder_begin_object (b);
      g_hash_table_iter_init (&iter, extra);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          json_builder_set_member_name (b, key);
          json_builder_add_string_value (b, value);
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  return write_json (b, path, error);
}
