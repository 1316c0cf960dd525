/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-ball-track.c: ball hypotheses with alpha-beta filters; the most consistent one wins. */
#include "tl-ball-track.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HYPOTHESES 32
#define HISTORY 8

/* One candidate path in image pixels (the ball flies: the ground plane means nothing). */
typedef struct
{
  int    active;
  int    id;
  double x, y, vx, vy;        /* per frame */
  int    hits;
  int    misses;
  double travel;              /* pixels moved while seen: noise specks do not move */
  float  w, h;
  double hx[HISTORY], hy[HISTORY];
  int    hn;
} Hypothesis;

struct _TlBallTrack
{
  const TlSceneGeometry *geo;
  double     fps;
  int        ball_max_px;
  int        max_misses;      /* frames a path survives unseen */
  Hypothesis hyp[MAX_HYPOTHESES];
  int        current;         /* the hypothesis reported as the ball, -1 none */
};

TlBallTrack *
tl_ball_track_new (const TlSceneGeometry *geo,
                   double                 fps,
                   int                    ball_max_px)
{
  TlBallTrack *ball = calloc (1, sizeof *ball);

  if (ball == NULL)
    return NULL;
  ball->geo = geo;
  ball->fps = fps > 0 ? fps : 25;
  ball->ball_max_px = ball_max_px;
  ball->max_misses = (int) lround (ball->fps * 0.8);
  ball->current = -1;
  return ball;
}

void
tl_ball_track_free (TlBallTrack *ball)
{
  free (ball);
}

void
tl_ball_track_reset (TlBallTrack *ball)
{
  memset (ball->hyp, 0, sizeof ball->hyp);
  ball->current = -1;
}

/* Checkpoint state: every hypothesis with its history, and which one is the ball. */
void
tl_ball_track_save (TlBallTrack   *ball,
                    TlStateWriter *w)
{
  tl_state_put_i64 (w, (int64_t) sizeof ball->hyp);
  tl_state_put (w, ball->hyp, sizeof ball->hyp);
  tl_state_put_i64 (w, ball->current);
}

int
tl_ball_track_restore (TlBallTrack   *ball,
                       TlStateReader *r)
{
  int64_t current;

  if (tl_state_get_i64 (r) != (int64_t) sizeof ball->hyp
      || tl_state_get (r, ball->hyp, sizeof ball->hyp) < 0)
    return -1;
  current = tl_state_get_i64 (r);
  if (r->failed || current < -1 || current >= MAX_HYPOTHESES)
    return -1;
  ball->current = (int) current;
  return 0;
}

static double
score (const Hypothesis *h)
{
  double hits = h->hits < 50 ? h->hits : 50;

  return hits + h->travel / 4.0 - 2.0 * h->misses;
}

/* Coasting: a quadratic through the recent positions follows a lob or a bending pass better
 * than the straight line of the filter; fall back to the filter when the history is short. */
static void
coast (Hypothesis *h)
{
  double sx[3] = { 0 }, sy[3] = { 0 };
  double s[5] = { 0 };
  int n = h->hn < HISTORY ? h->hn : HISTORY;

  h->x += h->vx;
  h->y += h->vy;
  if (n < 5 || h->misses > 12)
    return;

  /* Least squares x(t), y(t) = a + b t + c t^2 over the history, t = 0 at the newest. */
  for (int i = 0; i < n; i++)
    {
      double ti = -i, p = 1;

      for (int k = 0; k < 5; k++, p *= ti)
        s[k] += p;
      sx[0] += h->hx[i];
      sx[1] += h->hx[i] * ti;
      sx[2] += h->hx[i] * ti * ti;
      sy[0] += h->hy[i];
      sy[1] += h->hy[i] * ti;
      sy[2] += h->hy[i] * ti * ti;
    }
  {
    double m[3][3] = { { s[0], s[1], s[2] }, { s[1], s[2], s[3] }, { s[2], s[3], s[4] } };
    double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                 - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                 + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    double tc = h->misses;
    double coef[2][3];

    if (fabs (det) < 1e-9)
      return;
    for (int axis = 0; axis < 2; axis++)
      {
        const double *b = axis == 0 ? sx : sy;

        /* Cramer's rule on the 3x3 normal equations. */
        for (int k = 0; k < 3; k++)
          {
            double mk[3][3];

            memcpy (mk, m, sizeof mk);
            for (int r = 0; r < 3; r++)
              mk[r][k] = b[r];
            coef[axis][k] = (mk[0][0] * (mk[1][1] * mk[2][2] - mk[1][2] * mk[2][1])
                             - mk[0][1] * (mk[1][0] * mk[2][2] - mk[1][2] * mk[2][0])
                             + mk[0][2] * (mk[1][0] * mk[2][1] - mk[1][1] * mk[2][0])) / det;
          }
      }
    h->x = coef[0][0] + coef[0][1] * tc + coef[0][2] * tc * tc;
    h->y = coef[1][0] + coef[1][1] * tc + coef[1][2] * tc * tc;
  }
}

int
tl_ball_track_update (TlBallTrack       *ball,
                      const TlDetection *dets,
                      int                n_dets,
                      int              (*new_id) (void *user),
                      void              *user,
                      TlTrackUpdate     *out)
{
  int used[256] = { 0 };
  int best = -1;
  double best_score = -1e30;

  if (n_dets > 256)
    n_dets = 256;

  /* Predict, then give each path its nearest candidate inside a gate that widens while the
   * path is unseen; the strongest paths choose first. */
  for (int pass = 0; pass < MAX_HYPOTHESES; pass++)
    {
      Hypothesis *h = NULL;
      double hs = -1e30;
      int pick = -1;
      double pick_d = 0;

      for (int i = 0; i < MAX_HYPOTHESES; i++)
        if (ball->hyp[i].active && ball->hyp[i].misses >= 0 && score (&ball->hyp[i]) > hs)
          {
            hs = score (&ball->hyp[i]);
            h = &ball->hyp[i];
          }
      if (h == NULL)
        break;

      {
        double px = h->x + h->vx, py = h->y + h->vy;
        double gate = 2.0 * ball->ball_max_px + 3.0 * h->misses + 0.5 * hypot (h->vx, h->vy);

        for (int j = 0; j < n_dets; j++)
          {
            double cx, cy, d;

            if (used[j] || dets[j].klass != TL_OBJECT_BALL)
              continue;
            cx = dets[j].x + dets[j].w / 2;
            cy = dets[j].y + dets[j].h / 2;
            d = hypot (cx - px, cy - py);
            if (d <= gate && (pick < 0 || d < pick_d))
              {
                pick = j;
                pick_d = d;
              }
          }
      }

      if (pick >= 0)
        {
          double cx = dets[pick].x + dets[pick].w / 2, cy = dets[pick].y + dets[pick].h / 2;
          double px = h->x + h->vx, py = h->y + h->vy;
          double rx = cx - px, ry = cy - py;
          double step = hypot (cx - h->x, cy - h->y);

          used[pick] = 1;
          h->x = px + 0.7 * rx;
          h->y = py + 0.7 * ry;
          h->vx += 0.4 * rx / (1 + h->misses);
          h->vy += 0.4 * ry / (1 + h->misses);
          h->travel += step < 3.0 * ball->ball_max_px ? step : 0;
          h->hits++;
          h->misses = 0;
          h->w = dets[pick].w;
          h->h = dets[pick].h;
          memmove (h->hx + 1, h->hx, (HISTORY - 1) * sizeof h->hx[0]);
          memmove (h->hy + 1, h->hy, (HISTORY - 1) * sizeof h->hy[0]);
          h->hx[0] = h->x;
          h->hy[0] = h->y;
          h->hn++;
        }
      else
        {
          h->misses++;
          coast (h);
          /* A ball slows down on grass; a lost path should not run off. */
          h->vx *= 0.95;
          h->vy *= 0.95;
        }
      /* Marks it done for this frame: restored below. */
      h->misses = -h->misses - 1;
    }

  for (int i = 0; i < MAX_HYPOTHESES; i++)
    {
      Hypothesis *h = &ball->hyp[i];

      if (!h->active)
        continue;
      h->misses = -h->misses - 1;
      if (h->misses > ball->max_misses || (h->hits < 3 && h->misses > 2))
        {
          h->active = 0;
          if (ball->current == i)
            ball->current = -1;
        }
    }

  /* New paths from candidates no path claimed; the weakest path makes room. */
  for (int j = 0; j < n_dets; j++)
    {
      int slot = -1;
      double weakest = 1e30;

      if (used[j] || dets[j].klass != TL_OBJECT_BALL)
        continue;
      for (int i = 0; i < MAX_HYPOTHESES && slot < 0; i++)
        if (!ball->hyp[i].active)
          slot = i;
      if (slot < 0)
        for (int i = 0; i < MAX_HYPOTHESES; i++)
          if (i != ball->current && score (&ball->hyp[i]) < weakest)
            {
              weakest = score (&ball->hyp[i]);
              slot = i;
            }
      if (slot < 0)
        continue;
      memset (&ball->hyp[slot], 0, sizeof (Hypothesis));
      ball->hyp[slot].active = 1;
      ball->hyp[slot].x = ball->hyp[slot].hx[0] = dets[j].x + dets[j].w / 2;
      ball->hyp[slot].y = ball->hyp[slot].hy[0] = dets[j].y + dets[j].h / 2;
      ball->hyp[slot].hn = 1;
      ball->hyp[slot].hits = 1;
      ball->hyp[slot].w = dets[j].w;
      ball->hyp[slot].h = dets[j].h;
    }

  /* The ball is the best path that has proved itself; keep the current one unless another is
   * clearly better, so the estimate does not hop between candidates. */
  for (int i = 0; i < MAX_HYPOTHESES; i++)
    {
      const Hypothesis *h = &ball->hyp[i];
      double s;

      if (!h->active || h->hits < 4 || h->travel < 2.0)
        continue;
      s = score (h) + (i == ball->current ? 10.0 : 0.0);
      if (s > best_score)
        {
          best_score = s;
          best = i;
        }
    }
  if (best != ball->current && best >= 0)
    ball->hyp[best].id = ball->hyp[best].id ? ball->hyp[best].id : new_id (user);
  ball->current = best;
  if (best < 0)
    return 0;

  {
    const Hypothesis *h = &ball->hyp[best];
    double gx, gy;

    memset (out, 0, sizeof *out);
    out->id = h->id;
    out->klass = TL_OBJECT_BALL;
    out->state = h->misses == 0 ? TL_TRACK_CONFIRMED : TL_TRACK_COASTING;
    out->team = -1;
    out->w = h->w > 0 ? h->w : 2;
    out->h = h->h > 0 ? h->h : 2;
    out->x = (float) (h->x - out->w / 2);
    out->y = (float) (h->y - out->h / 2);
    /* Where it would be if on the ground: the best a single view can say in the air. */
    if (tl_scene_geometry_ground (ball->geo, h->x, h->y + out->h / 2, &gx, &gy) == 0)
      {
        out->pitch_x = (float) gx;
        out->pitch_y = (float) gy;
      }
    out->vx = (float) (h->vx * ball->fps);
    out->vy = (float) (h->vy * ball->fps);
  }
  return 1;
}
