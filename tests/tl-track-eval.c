/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-track-eval.c: decodes a demo match with GStreamer at the analysis size, runs the engine
 * on it and scores persons (MOTA, IDF1, HOTA) and the ball (recall within a radius). */
#include "tl-track-eval.h"
#include "tl-track-dump.h"

#include <gio/gio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tl-ball-carry.h"
#include "tl-ball-detour.h"
#include "tl-role-ids.h"
#include "tl-tracker.h"

/* The demos' frame rate, taken for footage's too. */
#define EVAL_FPS 25

typedef struct
{
  int    frame, id, klass;
  double x, y, w, h;
} GtBox;

typedef struct
{
  GArray *boxes;            /* GtBox, sorted by frame as written */
  int     n_frames;
  int    *first;            /* index of each frame's first box, n_frames + 1 entries */
} GroundTruth;

static gboolean
read_sidecar (const char      *video,
              TlCameraParams  *camera,
              double          *pitch_length,
              double          *pitch_width,
              int             *n_frames,
              GError         **error)
{
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *cam, *pitch;
  const char *dot = strrchr (video, '.');

  base = dot ? g_strndup (video, (gsize) (dot - video)) : g_strdup (video);
  path = g_strconcat (base, ".json", NULL);
  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;
  root = json_node_get_object (json_parser_get_root (parser));
  cam = json_object_get_object_member (root, "camera");
  pitch = json_object_get_object_member (root, "pitch");
  if (cam == NULL || pitch == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: no camera or pitch", path);
      return FALSE;
    }
  memset (camera, 0, sizeof *camera);
  if (tl_camera_projection_from_string (json_object_get_string_member (root, "projection"),
                                        &camera->projection) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: unknown projection", path);
      return FALSE;
    }
  camera->width = (int) json_object_get_int_member (root, "width");
  camera->height = (int) json_object_get_int_member (root, "height");
  camera->hfov = json_object_get_double_member (root, "hfov_deg") * G_PI / 180;
  camera->x = json_object_get_double_member (cam, "x");
  camera->y = json_object_get_double_member (cam, "y");
  camera->z = json_object_get_double_member (cam, "z");
  camera->yaw = json_object_get_double_member (cam, "yaw_deg") * G_PI / 180;
  camera->tilt = json_object_get_double_member (cam, "tilt_deg") * G_PI / 180;
  camera->roll = json_object_get_double_member (cam, "roll_deg") * G_PI / 180;
  *pitch_length = json_object_get_double_member (pitch, "length");
  *pitch_width = json_object_get_double_member (pitch, "width");
  *n_frames = (int) json_object_get_int_member (root, "frames");
  return TRUE;
}

static gboolean
read_gt (const char   *path,
         int           n_frames,
         GroundTruth  *gt,
         GError      **error)
{
  g_autofree char *text = NULL;
  char *line, *save = NULL;
  int next = 0;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  gt->boxes = g_array_new (FALSE, FALSE, sizeof (GtBox));
  gt->n_frames = n_frames;
  gt->first = g_new0 (int, n_frames + 1);
  for (line = strtok_r (text, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    {
      GtBox b;
      double conf, vis;

      if (sscanf (line, "%d,%d,%lf,%lf,%lf,%lf,%lf,%d,%lf", &b.frame, &b.id, &b.x, &b.y, &b.w,
                  &b.h, &conf, &b.klass, &vis) != 9 || b.frame < 1 || b.frame > n_frames
          || b.frame - 1 < next - 1)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: bad line \"%s\"", path,
                       line);
          return FALSE;
        }
      while (next < b.frame)
        gt->first[next++] = (int) gt->boxes->len;
      g_array_append_val (gt->boxes, b);
    }
  while (next <= n_frames)
    gt->first[next++] = (int) gt->boxes->len;
  return TRUE;
}

/* Decodes the whole video to I420 at @w x @h into one buffer (frames are w * h * 3 / 2).
 * Sized in gsize, not in a GByteArray: a 60 s demo at full size (3840x1152) is 10 GB. */
static guint8 *
decode (const char  *video,
        int          w,
        int          h,
        int          max_frames,
        int         *n_frames,
        GError     **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autofree char *description = NULL;
  gsize frame_size = (gsize) w * h * 3 / 2;
  guint8 *out = NULL;
  gsize out_len = 0, out_capacity = 0;
  GstVideoInfo info;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  description = g_strdup_printf ("filesrc name=src ! decodebin ! videoconvert ! "
                                 "videoscale method=bilinear ! "
                                 "video/x-raw,format=I420,width=%d,height=%d ! "
                                 "appsink name=sink sync=false", w, h);
  pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, error);
  if (pipeline == NULL)
    return NULL;
  gst_object_ref_sink (pipeline);
  {
    g_autoptr(GstElement) src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
    g_object_set (src, "location", video, NULL);
  }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  *n_frames = 0;
  for (;;)
    {
      g_autoptr(GstSample) sample = gst_app_sink_pull_sample (GST_APP_SINK (sink));
      GstVideoFrame vf;

      if (sample == NULL)
        break;
      if (max_frames > 0 && *n_frames >= max_frames)
        break;
      gst_video_info_from_caps (&info, gst_sample_get_caps (sample));
      if (!gst_video_frame_map (&vf, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
        continue;
      if (out_len + frame_size > out_capacity)
        {
          out_capacity = MAX (out_capacity * 2, frame_size * 16);
          out = g_realloc (out, out_capacity);
        }
      out_len += frame_size;
      {
        guint8 *dst = out + out_len - frame_size;

        for (int p = 0; p < 3; p++)
          {
            int pw = p ? w / 2 : w, ph = p ? h / 2 : h;
            const guint8 *src = GST_VIDEO_FRAME_PLANE_DATA (&vf, p);
            int stride = GST_VIDEO_FRAME_PLANE_STRIDE (&vf, p);

            for (int y = 0; y < ph; y++)
              memcpy (dst + (gsize) y * pw, src + (gsize) y * stride, (gsize) pw);
            dst += (gsize) pw * ph;
          }
      }
      gst_video_frame_unmap (&vf);
      (*n_frames)++;
    }
  {
    g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
    g_autoptr(GstMessage) msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

    if (msg != NULL)
      {
        g_autoptr(GError) gst_error = NULL;

        gst_message_parse_error (msg, &gst_error, NULL);
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: decoding failed: %s", video,
                     gst_error->message);
        gst_element_set_state (pipeline, GST_STATE_NULL);
        g_free (out);
        return NULL;
      }
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return out != NULL ? out : g_malloc (1);
}

static TlFrame
frame_at (const guint8 *frames,
          int           w,
          int           h,
          int           i)
{
  const guint8 *base = frames + (gsize) i * w * h * 3 / 2;

  return (TlFrame) {
    .format = TL_FRAME_I420, .width = w, .height = h,
    .planes = { base, base + (gsize) w * h, base + (gsize) w * h * 5 / 4 },
    .strides = { w, w / 2, w / 2 },
  };
}

/* What scoring a frame's tracks needs; the tracks come some frames after the push (the
 * engine's report lag). */
typedef struct
{
  TlMotEval         *eval;
  GroundTruth       *gt;
  GString           *dump;
  double             sx, sy;
  double             radius;    /* ball hit radius, video pixels */
  TlTrackEvalResult *result;    /* its ball counts */
  TlBallCarry       *carry;     /* the analyzer's pass for the carried ball; NULL without */
  /* After the pass, as the analyzer: the detours put back on their lines, which needs every
   * frame as the pass left it (kept from the first frame, NULL without the pass). */
  TlBallDetour      *detour;
  gboolean           role_ids;  /* persons scored with the ids of their roles (tl-role-ids.h) */
  /* The persons are scored once every frame is in, as the analyzer's last passes leave them. */
  GArray            *persons;   /* TlTrackUpdate: the reported persons, frame after frame */
  GArray            *first_person; /* guint: where each frame's begin in @persons */
  GArray            *scored;    /* gboolean: the frame was reported */
  GArray            *balls;     /* TlTrackUpdate: each frame's ball as the pass left it, klass 0
                                 * when none */
} Scoring;

static void
dump_update (Scoring             *sc,
             int64_t              frame,
             const TlTrackUpdate *u)
{
  /* The confidence column says whether the track was seen (1) or coasting (2), the next its
   * team (-1 unknown or neither), the last two its ground point (pitch metres with a camera),
   * for offline studies of where the players stand (docs/tracking.md). */
  g_string_append_printf (sc->dump, "%d,%d,%.1f,%.1f,%.1f,%.1f,%d,%d,%d,%.2f,%.2f\n",
                          (int) frame + 1, u->id, u->x / sc->sx, u->y / sc->sy, u->w / sc->sx,
                          u->h / sc->sy, u->state == TL_TRACK_COASTING ? 2 : 1, u->klass,
                          u->team, u->pitch_x, u->pitch_y);
}

/* Whether @ball (analysis pixels) lies within the hit radius of frame @frame's GT ball. */
static gboolean
ball_hits (Scoring             *sc,
           int64_t              frame,
           const TlTrackUpdate *ball)
{
  for (int k = sc->gt->first[frame]; k < sc->gt->first[frame + 1]; k++)
    {
      const GtBox *b = &g_array_index (sc->gt->boxes, GtBox, k);

      if (b->klass == 2
          && hypot ((ball->x + ball->w / 2) / sc->sx - (b->x + b->w / 2),
                    (ball->y + ball->h / 2) / sc->sy - (b->y + b->h / 2)) <= sc->radius)
        return TRUE;
    }
  return FALSE;
}

/* A reported ball of frame @frame, scored against its GT ball; whether it was on it. */
static gboolean
count_ball (Scoring             *sc,
            int64_t              frame,
            const TlTrackUpdate *ball)
{
  gboolean hit = ball_hits (sc, frame, ball);

  sc->result->ball_reported++;
  sc->result->ball_hits += hit;
  sc->result->ball_true += hit;
  return hit;
}

/* Keeps @ball (NULL when none) as frame @frame's ball for the detours. */
static void
keep_ball (Scoring             *sc,
           int64_t              frame,
           const TlTrackUpdate *ball)
{
  if (sc->balls->len <= (guint) frame)
    g_array_set_size (sc->balls, (guint) frame + 1);
  if (ball)
    g_array_index (sc->balls, TlTrackUpdate, frame) = *ball;
  else
    memset (&g_array_index (sc->balls, TlTrackUpdate, frame), 0, sizeof (TlTrackUpdate));
}

/* Keeps the persons of @res, and its ball for the detours (frames in order). */
static void
keep_frame (Scoring             *sc,
            const TlFrameResult *res,
            const TlTrackUpdate *ball)
{
  while (sc->first_person->len <= (guint) res->frame)
    g_array_append_val (sc->first_person, sc->persons->len);
  for (int t = 0; t < res->n_tracks; t++)
    if (res->tracks[t].klass == TL_OBJECT_PERSON)
      g_array_append_val (sc->persons, res->tracks[t]);
  if (sc->scored->len <= (guint) res->frame)
    g_array_set_size (sc->scored, (guint) res->frame + 1);
  g_array_index (sc->scored, gboolean, res->frame) = TRUE;
  if (sc->balls)
    keep_ball (sc, res->frame, ball);
}

/* Frame @f's kept persons: [*@first, *@end) of sc->persons. */
static void
frame_persons (Scoring *sc,
               guint    f,
               guint   *first,
               guint   *end)
{
  *first = f < sc->first_person->len ? g_array_index (sc->first_person, guint, f)
                                     : sc->persons->len;
  *end = f + 1 < sc->first_person->len ? g_array_index (sc->first_person, guint, f + 1)
                                       : sc->persons->len;
}

/* A ball moved by the detours: scored in place of the one it moves. */
static void
score_moves (Scoring                *sc,
             const TlBallDetourMove *moves,
             int                     n)
{
  for (int k = 0; k < n; k++)
    {
      int change = ball_hits (sc, moves[k].frame, &moves[k].ball)
                   - ball_hits (sc, moves[k].frame, &moves[k].was);

      sc->result->ball_hits += change;
      sc->result->ball_true += change;
      if (sc->dump)
        dump_update (sc, moves[k].frame, &moves[k].ball);
    }
}

/* After the pass's last fills: every kept frame through the detours, oldest first. */
static void
score_detours (Scoring *sc)
{
  g_autoptr(GArray) updates = g_array_new (FALSE, FALSE, sizeof (TlTrackUpdate));
  const TlBallDetourMove *moves;

  for (guint f = 0; f < sc->balls->len; f++)
    {
      guint first, end;
      const TlTrackUpdate *ball = &g_array_index (sc->balls, TlTrackUpdate, f);

      frame_persons (sc, f, &first, &end);
      g_array_set_size (updates, 0);
      g_array_append_vals (updates, &g_array_index (sc->persons, TlTrackUpdate, first),
                           end - first);
      if (ball->klass == TL_OBJECT_BALL)
        g_array_append_val (updates, *ball);
      score_moves (sc, moves, tl_ball_detour_push (sc->detour, f,
                                                   (const TlTrackUpdate *) (void *) updates->data,
                                                   (int) updates->len, &moves));
    }
  score_moves (sc, moves, tl_ball_detour_finish (sc->detour, &moves));
}

/* The carried balls found once the ball reappears, each for a frame scored without a ball
 * (or with one it replaces); @res NULL after the last frame. */
static gboolean
score_carried (Scoring             *sc,
               const TlFrameResult *res,
               GError             **error)
{
  const TlBallCarryFill *fills;
  int n = res ? tl_ball_carry_push (sc->carry, res->frame, res->tracks, res->n_tracks, &fills)
              : tl_ball_carry_finish (sc->carry, &fills);

  if (n < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "out of memory");
      return FALSE;
    }
  for (int k = 0; k < n; k++)
    {
      if (fills[k].replaced)
        {
          gboolean hit = ball_hits (sc, fills[k].frame, &fills[k].was);

          sc->result->ball_reported--;
          sc->result->ball_hits -= hit;
          sc->result->ball_true -= hit;
        }
      count_ball (sc, fills[k].frame, &fills[k].ball);
      keep_ball (sc, fills[k].frame, &fills[k].ball);
      if (sc->dump)
        dump_update (sc, fills[k].frame, &fills[k].ball);
    }
  return TRUE;
}

static gboolean
score_tracks (Scoring             *sc,
              const TlFrameResult *res,
              GError             **error)
{
  int i = (int) res->frame;
  const TlTrackUpdate *ball = NULL;

  for (int t = 0; t < res->n_tracks; t++)
    {
      const TlTrackUpdate *u = &res->tracks[t];

      if (u->klass == TL_OBJECT_BALL)
        ball = u;
      if (sc->dump)
        dump_update (sc, i, u);
    }
  for (int k = sc->gt->first[i]; k < sc->gt->first[i + 1]; k++)
    sc->result->ball_gt += g_array_index (sc->gt->boxes, GtBox, k).klass == 2;
  if (ball)
    sc->result->engine_ball_hits += count_ball (sc, i, ball);
  keep_frame (sc, res, ball);
  return sc->carry == NULL || score_carried (sc, res, error);
}

/* The role pass of the analyzer over the kept persons (tl-role-ids.h): their ids rewritten. */
static gboolean
relabel_roles (Scoring  *sc,
               GError  **error)
{
  TlRoleIds *roles = tl_role_ids_new (EVAL_FPS);
  g_autoptr(GArray) obs = g_array_new (FALSE, FALSE, sizeof (TlRoleObs));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 max_id = 0;
  gboolean ok = roles != NULL;

  for (guint k = 0; ok && k < sc->persons->len; k++)
    {
      const TlTrackUpdate *u = &g_array_index (sc->persons, TlTrackUpdate, k);

      ok = tl_role_ids_vote (roles, (guint32) u->id, u->team) == 0;
      max_id = MAX (max_id, (guint32) u->id);
    }
  for (guint f = 0; ok && f < sc->first_person->len; f++)
    {
      guint first, end;

      frame_persons (sc, f, &first, &end);
      g_array_set_size (obs, 0);
      for (guint k = first; k < end; k++)
        {
          const TlTrackUpdate *u = &g_array_index (sc->persons, TlTrackUpdate, k);
          TlRoleObs o = { (guint32) u->id, u->team, u->x, u->y, u->w, u->h, u->pitch_x,
                          u->pitch_y };

          /* As the analyzer: a person off the ground plane is not placed. */
          if (isfinite (u->pitch_x) && isfinite (u->pitch_y))
            g_array_append_val (obs, o);
        }
      ok = tl_role_ids_add_frame (roles, f, (const TlRoleObs *) (void *) obs->data,
                                  (int) obs->len) == 0;
    }
  ok = ok && tl_role_ids_solve (roles, max_id + 1) >= 0;
  for (guint f = 0; ok && f < sc->first_person->len; f++)
    {
      guint first, end;

      frame_persons (sc, f, &first, &end);
      g_array_set_size (ids, end - first);
      for (guint k = first; k < end; k++)
        g_array_index (ids, guint32, k - first) = (guint32)
          g_array_index (sc->persons, TlTrackUpdate, k).id;
      ok = tl_role_ids_relabel (roles, f, (guint32 *) (void *) ids->data, (int) ids->len) == 0;
      for (guint k = first; ok && k < end; k++)
        g_array_index (sc->persons, TlTrackUpdate, k).id = (int)
          g_array_index (ids, guint32, k - first);
    }
  tl_role_ids_free (roles);
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "out of memory");
  return ok;
}

/* Every reported frame's persons against its truth. */
static gboolean
score_persons (Scoring  *sc,
               GError  **error)
{
  g_autoptr(GArray) gtb = g_array_new (FALSE, FALSE, sizeof (TlMotBox));
  g_autoptr(GArray) hyp = g_array_new (FALSE, FALSE, sizeof (TlMotBox));

  for (guint f = 0; f < sc->scored->len; f++)
    {
      guint first, end;

      if (!g_array_index (sc->scored, gboolean, f))
        continue;
      frame_persons (sc, f, &first, &end);
      g_array_set_size (gtb, 0);
      g_array_set_size (hyp, 0);
      for (int k = sc->gt->first[f]; k < sc->gt->first[f + 1]; k++)
        {
          const GtBox *b = &g_array_index (sc->gt->boxes, GtBox, k);
          TlMotBox box = { b->id, (float) (b->x * sc->sx), (float) (b->y * sc->sy),
                           (float) (b->w * sc->sx), (float) (b->h * sc->sy) };

          if (b->klass == 1)
            g_array_append_val (gtb, box);
        }
      for (guint k = first; k < end; k++)
        {
          const TlTrackUpdate *u = &g_array_index (sc->persons, TlTrackUpdate, k);
          TlMotBox box = { u->id, u->x, u->y, u->w, u->h };

          g_array_append_val (hyp, box);
        }
      if (tl_mot_eval_add_frame (sc->eval, (const TlMotBox *) (void *) gtb->data, (int) gtb->len,
                                 (const TlMotBox *) (void *) hyp->data, (int) hyp->len) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "out of memory");
          return FALSE;
        }
    }
  return TRUE;
}

/* Sets up @sc: the metrics, the dump when asked for, the carried-ball pass unless left out
 * (with @camera, the restarts' balls where it sees the centre spot and the corners of a pitch
 * @length x @width metres, 0 for 105 x 68, as the analyzer's pass). */
static gboolean
scoring_begin (Scoring                  *sc,
               const TlTrackEvalOptions *options,
               GroundTruth              *gt,
               const TlCameraParams     *camera,
               double                    length,
               double                    width,
               double                    sx,
               double                    sy,
               double                    radius,
               TlTrackEvalResult        *result,
               GError                  **error)
{
  *sc = (Scoring) { tl_mot_eval_new (0.5), gt,
                    options->dump_prefix ? g_string_new (NULL) : NULL, sx, sy, radius, result,
                    NULL };
  sc->role_ids = !options->no_role_ids;
  sc->persons = g_array_new (FALSE, FALSE, sizeof (TlTrackUpdate));
  sc->first_person = g_array_new (FALSE, FALSE, sizeof (guint));
  sc->scored = g_array_new (FALSE, TRUE, sizeof (gboolean));
  if (!options->no_ball_carry
      && (sc->carry = tl_ball_carry_new (TL_BALL_CARRY_MAX_FRAMES)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "out of memory");
      return FALSE;
    }
  if (sc->carry && camera)
    tl_ball_carry_set_pitch_seen_by (sc->carry, camera, length, width, sx, sy);
  if (sc->carry)
    {
      if ((sc->detour = tl_ball_detour_new (EVAL_FPS)) == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "out of memory");
          return FALSE;
        }
      sc->balls = g_array_new (FALSE, TRUE, sizeof (TlTrackUpdate));
    }
  return TRUE;
}

/* After the last frame: the pass's last fills, the scores, the dump written. */
static gboolean
scoring_end (Scoring     *sc,
             const char  *dump_prefix,
             GError     **error)
{
  TlTrackEvalResult *result = sc->result;

  if (sc->carry && !score_carried (sc, NULL, error))
    return FALSE;
  if (sc->detour)
    score_detours (sc);
  if (sc->role_ids && !relabel_roles (sc, error))
    return FALSE;
  if (!score_persons (sc, error))
    return FALSE;
  tl_mot_eval_compute (sc->eval, &result->person);
  result->ball_recall = result->ball_gt ? (double) result->ball_hits / result->ball_gt : 0;
  result->engine_ball_recall = result->ball_gt
                               ? (double) result->engine_ball_hits / result->ball_gt : 0;
  result->ball_precision = result->ball_reported
                           ? (double) result->ball_true / result->ball_reported : 0;
  if (sc->dump)
    {
      g_autofree char *path = g_strconcat (dump_prefix, ".hyp.txt", NULL);

      if (!g_file_set_contents (path, sc->dump->str, (gssize) sc->dump->len, error))
        return FALSE;
    }
  return TRUE;
}

static void
scoring_clear (Scoring *sc)
{
  tl_ball_carry_free (sc->carry);
  tl_ball_detour_free (sc->detour);
  g_clear_pointer (&sc->persons, g_array_unref);
  g_clear_pointer (&sc->first_person, g_array_unref);
  g_clear_pointer (&sc->scored, g_array_unref);
  g_clear_pointer (&sc->balls, g_array_unref);
  if (sc->eval)
    tl_mot_eval_free (sc->eval);
  if (sc->dump)
    g_string_free (sc->dump, TRUE);
  memset (sc, 0, sizeof *sc);
}

/* Scores with @sc (begun) the reports of the dump at @path, frame by frame over the video's
 * @n_frames, and ends it. */
static gboolean
replay_dump (Scoring     *sc,
             const char  *path,
             const char  *dump_prefix,
             int          n_frames,
             GError     **error)
{
  TlTrackDump reports;
  gboolean ok = FALSE;

  if (!tl_track_dump_read (path, sc->sx, sc->sy, &reports, error))
    return FALSE;
  for (int i = 0; i < n_frames; i++)
    {
      TlFrameResult res = { .pushed = -1, .frame = i, .tag = i };

      if (i < reports.n_frames)
        {
          res.tracks = (const TlTrackUpdate *) (void *) reports.updates->data + reports.first[i];
          res.n_tracks = reports.first[i + 1] - reports.first[i];
        }
      if (!score_tracks (sc, &res, error))
        goto out;
    }
  ok = scoring_end (sc, dump_prefix, error);

out:
  tl_track_dump_clear (&reports);
  return ok;
}

gboolean
tl_track_eval_run (const TlTrackEvalOptions *options,
                   TlTrackEvalResult        *result,
                   GError                  **error)
{
  TlTrackerConfig config;
  TlCameraParams camera;
  TlTracker *tracker = NULL;
  GroundTruth gt = { 0 };
  g_autofree guint8 *frames = NULL;
  double length, width, sx, sy, radius;
  Scoring scoring = { 0 };
  int n_video_frames, n_frames = 0, w, h, n_learn;
  char message[256];
  gint64 t0;
  gboolean ok = FALSE;

  memset (result, 0, sizeof *result);
  if (options->gt == NULL)
    {
      /* Footage without a sidecar or truth: no camera, the caller's size and polygon. */
      if (options->width <= 0 || options->height <= 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "footage needs an analysis size");
          return FALSE;
        }
      memset (&camera, 0, sizeof camera);
      camera.width = options->width;
      camera.height = options->height;
      length = width = 0;
      if (options->n_points > 0
          && tl_camera_fit (options->points, options->n_points, TL_CAMERA_PINHOLE,
                            options->width, options->height, NULL, &camera,
                            &result->calibration, message, sizeof message)
             != TL_CALIBRATION_OK)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "calibration: %s",
                       message);
          return FALSE;
        }
      n_video_frames = options->max_frames > 0 ? options->max_frames : 1 << 20;
    }
  else if (!read_sidecar (options->video, &camera, &length, &width, &n_video_frames, error))
    return FALSE;
  w = options->width > 0 ? options->width : camera.width / 2;
  h = options->height > 0 ? options->height : camera.height / 2;
  sx = (double) w / camera.width;
  sy = (double) h / camera.height;
  radius = options->ball_radius_px > 0 ? options->ball_radius_px : 8;
  if (options->gt != NULL && !read_gt (options->gt, n_video_frames, &gt, error))
    goto out;
  if (options->gt == NULL)
    {
      gt.boxes = g_array_new (FALSE, FALSE, sizeof (GtBox));
      gt.n_frames = n_video_frames;
      gt.first = g_new0 (int, n_video_frames + 1);
    }
  else if (options->replay)
    {
      if (options->max_frames > 0)
        n_video_frames = MIN (n_video_frames, options->max_frames);
      ok = scoring_begin (&scoring, options, &gt, &camera, length, width, sx, sy, radius, result,
                          error)
           && replay_dump (&scoring, options->replay, options->dump_prefix, n_video_frames, error);
      result->n_frames = n_video_frames;
      result->width = w;
      result->height = h;
      goto out;
    }

  t0 = g_get_monotonic_time ();
  frames = decode (options->video, w, h, options->max_frames, &n_frames, error);
  if (frames == NULL)
    goto out;
  result->decode_seconds = (g_get_monotonic_time () - t0) / 1e6;
  n_frames = MIN (n_frames, n_video_frames);

  tl_tracker_config_init (&config, w, h);
  config.backend = TL_TRACK_BACKEND_CPU;
  config.n_threads = options->n_threads;
  config.fps = EVAL_FPS;
  config.have_camera = options->gt != NULL || options->n_points > 0;
  config.camera = camera;
  config.polygon = options->polygon;
  config.n_polygon = options->n_polygon;
  config.person_px_top = options->person_px_top;
  config.person_px_bottom = options->person_px_bottom;
  config.pitch_length = length;
  config.pitch_width = width;
  config.pitch_margin_m = 3;
  /* As the analyzer does: the ball revised by the frames after it. */
  config.report_lag = options->report_lag > 0 ? options->report_lag
                      : options->report_lag < 0 ? 0
                      : tl_tracker_report_lag_frames (config.fps);
  if (tl_tracker_new (&config, &tracker, message, sizeof message) != TL_TRACK_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "engine: %s", message);
      goto out;
    }

  n_learn = options->n_learn > 0 ? options->n_learn : 40;
  for (int i = 0; i < n_learn; i++)
    {
      TlFrame f = frame_at (frames, w, h, (int) ((i + 0.5) * n_frames / n_learn));

      tl_tracker_learn (tracker, &f);
    }
  /* Outside the engine's timing, as bench-track. */
  tl_tracker_learn_finish (tracker);

  if (!scoring_begin (&scoring, options, &gt, config.have_camera ? &camera : NULL, length, width,
                      sx, sy, radius, result, error))
    goto out;
  for (int i = 0; i < n_frames; i++)
    {
      TlFrame f = frame_at (frames, w, h, i);
      TlFrameResult res;

      t0 = g_get_monotonic_time ();
      if (tl_tracker_push (tracker, &f, &res) != TL_TRACK_OK)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "push: %s",
                       tl_tracker_get_error (tracker));
          goto out;
        }
      result->engine_seconds += (g_get_monotonic_time () - t0) / 1e6;

      for (int d = 0; scoring.dump && d < res.n_detections; d++)
        {
          const TlDetection *det = &res.detections[d];

          g_string_append_printf (scoring.dump, "%d,-1,%.1f,%.1f,%.1f,%.1f,1,%d,0\n", i + 1,
                                  det->x / sx, det->y / sy, det->w / sx, det->h / sy,
                                  det->klass + 10);
        }
      if (scoring.dump && (i == options->dump_frame
                   || (options->dump_every > 0 && i % options->dump_every == 0)))
        {
          g_autofree char *mp = options->dump_every > 0
                                ? g_strdup_printf ("%s.%d.mask.pgm", options->dump_prefix, i)
                                : g_strconcat (options->dump_prefix, ".mask.pgm", NULL);
          g_autofree char *yp = options->dump_every > 0
                                ? g_strdup_printf ("%s.%d.frame.pgm", options->dump_prefix, i)
                                : g_strconcat (options->dump_prefix, ".frame.pgm", NULL);
          g_autofree char *hdr = g_strdup_printf ("P5\n%d %d\n255\n", w, h);
          g_autoptr(GByteArray) bytes = g_byte_array_new ();

          g_byte_array_append (bytes, (const guint8 *) hdr, (guint) strlen (hdr));
          g_byte_array_append (bytes, tl_tracker_get_mask (tracker), (guint) (w * h));
          g_file_set_contents (mp, (const char *) bytes->data, bytes->len, NULL);
          g_byte_array_set_size (bytes, (guint) strlen (hdr));
          g_byte_array_append (bytes, f.planes[0], (guint) (w * h));
          g_file_set_contents (yp, (const char *) bytes->data, bytes->len, NULL);
        }
      if (res.frame >= 0 && !score_tracks (&scoring, &res, error))
        goto out;
    }
  /* The last frames' tracks, held back to revise the ball. */
  for (TlFrameResult res; tl_tracker_flush (tracker, &res);)
    if (!score_tracks (&scoring, &res, error))
      goto out;
  if (!scoring_end (&scoring, options->dump_prefix, error))
    goto out;
  result->n_frames = n_frames;
  result->width = w;
  result->height = h;
  ok = TRUE;

out:
  scoring_clear (&scoring);
  if (tracker)
    tl_tracker_free (tracker);
  if (gt.boxes)
    g_array_free (gt.boxes, TRUE);
  g_free (gt.first);
  return ok;
}
