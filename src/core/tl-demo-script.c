/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-demo-script.c: a deterministic football match simulation for the demo video. */
#include "tl-demo-script.h"

#include <math.h>
#include <string.h>

#define HALF_L      (TL_DEMO_PITCH_LENGTH / 2.0)
#define HALF_W      (TL_DEMO_PITCH_WIDTH / 2.0)
#define GOAL_HALF_W 3.66
#define GOAL_H      2.44
#define GRAVITY     9.81
#define ROLL_DECEL  1.6      /* m/s² on grass */
#define GOAL_DUE_S  12.0     /* this long after a kick-off, the next shot goes in */
/* The director's clock. Every simulated minute [60k, 60(k+1)) has a goal: this long before a
 * minute without one ends, the team on the ball goes straight for goal and nobody stops it
 * (the slowest case, a restart still to be taken and the ball at the wrong end, needs ~30 s). */
#define MINUTE_S    60.0
#define URGENT_S    34.0
/* ...and every two minutes a corner, awarded early enough to be taken inside the window, and
 * when the minute's goal is still to come, early enough to score from it. */
#define CORNER_WINDOW_S 120.0
#define CORNER_TAKE_S   20.0
#define CORNER_GOAL_S   22.0

typedef struct
{
  guint64 s;
} Rng;

/* splitmix64: tiny, fast, and the same on every platform, which is all determinism needs. */
static guint64
rng_next (Rng *r)
{
  guint64 z = (r->s += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static double
rng_uniform (Rng *r)
{
  return (rng_next (r) >> 11) * (1.0 / 9007199254740992.0);
}

static double
rng_range (Rng    *r,
           double  a,
           double  b)
{
  return a + (b - a) * rng_uniform (r);
}

typedef struct
{
  double x, y, vx, vy;
  double heading, phase, arms_up, kick;
  double base_ax, base_ay;     /* formation slot, attack-normalised metres */
  double wander_phase[2];
  double wander_period[2];
  double run_until, run_ax, run_ay;
  double top_speed;
  int    team;
  TlDemoObjectKind kind;
} Agent;

typedef enum
{
  PHASE_PLAY,
  PHASE_RESTART,
  PHASE_GOAL,
} MatchPhase;

typedef enum
{
  RESTART_KICKOFF,
  RESTART_THROW_IN,
  RESTART_CORNER,
  RESTART_GOAL_KICK,
  RESTART_FREE_KICK,
} RestartKind;

typedef enum
{
  TAKER_FETCH,     /* running to the ball */
  TAKER_CARRY,     /* carrying it to the spot */
  TAKER_READY,     /* at the spot, waiting for the others */
} TakerStep;

struct _TlDemoScript
{
  int           n_frames;
  double        fps;
  int           ppt;           /* players per team */
  int           n_players;
  int           n_refs;
  int           n_agents;
  int           n_objects;
  TlDemoObject *objects;
  TlDemoPose   *poses;
  GArray       *events;

  /* Simulation state. */
  Rng        rng;
  Agent     *agents;
  double     bx, by, bz, bvx, bvy, bvz;
  int        owner;            /* agent at the ball, -1 when loose */
  gboolean   carried;          /* in the owner's hands rather than at the feet */
  int        last_touch;
  int        last_kicker;
  double     last_kick_t;
  int        receiver;
  double     recv_x, recv_y;
  gboolean   shot_live;
  gboolean   shot_scores;
  MatchPhase phase;
  RestartKind restart;
  int        restart_team;
  double     rx, ry;
  int        taker;
  TakerStep  taker_step;
  double     phase_t;
  double     ready_t;
  double     t;
  int        frame;
  double     last_kickoff_t;
  gboolean   had_throw_in;     /* this spell of play, between kick-offs */
  int        goal_minute;      /* the minute (t / MINUTE_S) of the last goal, -1 before one */
  int        corner_window;    /* the window (t / CORNER_WINDOW_S) of the last corner, -1 */
  int        tip_keeper;       /* the keeper who tips the shot in flight over the bar, or -1 */
  double     tip_x, tip_y;     /* where he gets to it */
  gboolean   cross_scripted;   /* a corner onto the receiver's head, no one else's */
  double     decide_t;
  double     tackle_t;
  int        mark_of[32];
  double     box_x[32], box_y[32];
};

/* Formation slots (attack-normalised: own goal at -52.5), in the order players are added, so a
 * small-sided team still has a sensible shape: keeper, centre-backs and strikers first. */
static const double formation[11][2] = {
  { -50.0,   0.0 },   /* keeper */
  { -32.0,  -8.0 },
  {  -4.0,  -1.5 },
  { -16.0,  -8.0 },
  { -32.0,   8.0 },
  { -16.0,   8.0 },
  {  -4.0,  12.0 },
  { -29.0, -24.0 },
  { -29.0,  24.0 },
  { -12.0, -26.0 },
  { -12.0,  26.0 },
};

/* No goal yet this minute, and the minute is running out. */
static gboolean
goal_urgent (TlDemoScript *self)
{
  int minute = (int) floor (self->t / MINUTE_S);

  return self->goal_minute < minute && self->t >= (minute + 1) * MINUTE_S - URGENT_S;
}

/* The next shot goes in: a while after the kick-off, or when the minute demands it. */
static gboolean
goal_due (TlDemoScript *self)
{
  return self->t - self->last_kickoff_t > GOAL_DUE_S || goal_urgent (self);
}

/* No corner yet in this two-minute window, and time to take it inside the window and, when the
 * minute still needs its goal, to score from it (see take_restart()). */
static gboolean
corner_wanted (TlDemoScript *self)
{
  int window = (int) floor (self->t / CORNER_WINDOW_S);
  int minute = (int) floor (self->t / MINUTE_S);

  return self->corner_window < window
         && self->t < (window + 1) * CORNER_WINDOW_S - CORNER_TAKE_S
         && (self->goal_minute == minute || self->t < (minute + 1) * MINUTE_S - CORNER_GOAL_S);
}

static double
team_dir (int team)
{
  return team == 0 ? 1.0 : -1.0;
}

static void
add_event (TlDemoScript    *self,
           TlDemoEventKind  kind,
           int              team,
           int              agent,
           double           x,
           double           y)
{
  TlDemoEvent ev = { self->frame, kind, team, agent >= 0 ? agent + 1 : 0, (float) x, (float) y };

  g_array_append_val (self->events, ev);
}

static double
clampd (double v,
        double lo,
        double hi)
{
  return v < lo ? lo : v > hi ? hi : v;
}

/* Steers toward (tx, ty) at up to @speed with limited acceleration: players cannot turn or stop
 * instantly, which is what makes tracks look like tracks. */
static void
agent_steer (Agent  *a,
             double  tx,
             double  ty,
             double  speed,
             double  dt)
{
  double dx = tx - a->x, dy = ty - a->y;
  double dist = hypot (dx, dy);
  double want = fmin (speed, fmin (a->top_speed, dist * 1.2));
  double dvx, dvy, dv, maxdv;

  if (dist > 1e-6)
    {
      dvx = dx / dist * want - a->vx;
      dvy = dy / dist * want - a->vy;
    }
  else
    {
      dvx = -a->vx;
      dvy = -a->vy;
    }
  dv = hypot (dvx, dvy);
  maxdv = 5.0 * dt;
  if (dv > maxdv)
    {
      dvx *= maxdv / dv;
      dvy *= maxdv / dv;
    }
  a->vx += dvx;
  a->vy += dvy;
}

static void
ball_release (TlDemoScript *self)
{
  self->owner = -1;
  self->carried = FALSE;
}

/* Kicks toward (tx, ty): on the ground, arriving with a little pace, or lofted (in the air for
 * a flight time that grows with distance). */
static void
kick_to (TlDemoScript *self,
         int           kicker,
         double        tx,
         double        ty,
         gboolean      lofted)
{
  double dx = tx - self->bx, dy = ty - self->by;
  double d = fmax (hypot (dx, dy), 0.5);
  double speed;

  if (lofted)
    {
      double T = clampd (d / 17.0, 0.7, 2.6);

      speed = d / T;
      self->bvz = 0.5 * GRAVITY * T;
      self->bz = fmax (self->bz, 0.12);
    }
  else
    {
      speed = fmin (sqrt (16.0 + 2.0 * ROLL_DECEL * d), 26.0);
      self->bvz = 0.0;
    }
  self->bvx = dx / d * speed;
  self->bvy = dy / d * speed;
  ball_release (self);
  self->last_kicker = kicker;
  self->last_touch = kicker;
  self->last_kick_t = self->t;
  self->agents[kicker].kick = 1.0;
  self->shot_live = FALSE;
  self->shot_scores = FALSE;
  self->tip_keeper = -1;
  self->cross_scripted = FALSE;
}

static void
pass_to (TlDemoScript *self,
         int           kicker,
         int           receiver,
         gboolean      lofted)
{
  Agent *r = &self->agents[receiver];
  double d = hypot (r->x - self->bx, r->y - self->by);
  double lead = lofted ? clampd (d / 17.0, 0.7, 2.6) : d / 14.0;
  /* Passes are not perfect: some run out of play, some get intercepted. */
  double err = d * (lofted ? 0.12 : 0.07);
  double tx = clampd (r->x + r->vx * lead * 0.8 + rng_range (&self->rng, -err, err),
                      -HALF_L - 3.0, HALF_L + 3.0);
  double ty = clampd (r->y + r->vy * lead * 0.8 + rng_range (&self->rng, -err, err),
                      -HALF_W - 3.0, HALF_W + 3.0);

  kick_to (self, kicker, tx, ty, lofted);
  self->receiver = receiver;
  self->recv_x = tx;
  self->recv_y = ty;
  add_event (self, TL_DEMO_EVENT_PASS, self->agents[kicker].team, kicker, self->bx, self->by);
}

static void
shoot (TlDemoScript *self,
       int           kicker)
{
  Agent *a = &self->agents[kicker];
  double gx = HALF_L * team_dir (a->team) + 0.8 * team_dir (a->team);
  gboolean due = goal_due (self);
  double p = rng_uniform (&self->rng);
  double ty, tz, d, T, speed;

  self->shot_scores = due || p < 0.15;
  if (self->shot_scores)
    {
      ty = rng_range (&self->rng, -2.7, 2.7);
      tz = rng_range (&self->rng, 0.2, 1.9);
    }
  else if (p < 0.55)
    {
      /* On target: the keeper will get there. */
      ty = rng_range (&self->rng, -1.5, 1.5);
      tz = rng_range (&self->rng, 0.2, 1.6);
    }
  else
    {
      ty = (rng_uniform (&self->rng) < 0.5 ? -1.0 : 1.0) * rng_range (&self->rng, 4.5, 8.0);
      tz = rng_range (&self->rng, 0.3, 3.5);
    }

  d = hypot (gx - self->bx, ty - self->by);
  speed = rng_range (&self->rng, 20.0, 27.0);
  T = d / speed;
  self->bvx = (gx - self->bx) / T;
  self->bvy = (ty - self->by) / T;
  self->bvz = (tz + 0.5 * GRAVITY * T * T) / T;
  ball_release (self);
  self->last_kicker = kicker;
  self->last_touch = kicker;
  self->last_kick_t = self->t;
  a->kick = 1.0;
  self->shot_live = TRUE;
  self->receiver = -1;
  self->tip_keeper = -1;
  self->cross_scripted = FALSE;
  add_event (self, TL_DEMO_EVENT_SHOT, a->team, kicker, self->bx, self->by);
}

static int
keeper_of (TlDemoScript *self,
           int           team)
{
  return team == 0 ? 0 : self->ppt;
}

/* Picks a teammate to pass to: forward, open, not too far. */
static int
choose_receiver (TlDemoScript *self,
                 int           from)
{
  Agent *a = &self->agents[from];
  double dir = team_dir (a->team);
  double best = -1e9;
  int best_i = -1;
  int i, j;

  for (i = 0; i < self->n_players; i++)
    {
      Agent *b = &self->agents[i];
      double d, open = 10.0, score;

      if (i == from || b->team != a->team)
        continue;
      d = hypot (b->x - a->x, b->y - a->y);
      if (d < 5.0 || d > 45.0)
        continue;
      for (j = 0; j < self->n_players; j++)
        if (self->agents[j].team != a->team)
          open = fmin (open, hypot (self->agents[j].x - b->x, self->agents[j].y - b->y));
      score = (b->x - a->x) * dir * 0.06 + open * 0.3 - fmax (0.0, d - 25.0) * 0.15
              + rng_range (&self->rng, 0.0, 2.0);
      if (b->kind == TL_DEMO_KEEPER)
        score -= 3.0;
      if (score > best)
        {
          best = score;
          best_i = i;
        }
    }
  return best_i;
}

static int
nearest_of_team (TlDemoScript *self,
                 int           team,
                 double        x,
                 double        y,
                 gboolean      allow_keeper)
{
  double best = 1e9;
  int best_i = -1;
  int i;

  for (i = 0; i < self->n_players; i++)
    {
      Agent *a = &self->agents[i];
      double d;

      if (a->team != team || (!allow_keeper && a->kind == TL_DEMO_KEEPER))
        continue;
      d = hypot (a->x - x, a->y - y);
      if (d < best)
        {
          best = d;
          best_i = i;
        }
    }
  return best_i;
}

/* The outfield player of @team nearest to (@x, @y), other than @except. */
static int
nearest_attacker (TlDemoScript *self,
                  int           team,
                  int           except,
                  double        x,
                  double        y)
{
  double best = 1e9;
  int best_i = -1;
  int i;

  for (i = 0; i < self->n_players; i++)
    {
      Agent *a = &self->agents[i];
      double d = hypot (a->x - x, a->y - y);

      if (a->team == team && a->kind != TL_DEMO_KEEPER && i != except && d < best)
        {
          best = d;
          best_i = i;
        }
    }
  return best_i;
}

static void
start_restart (TlDemoScript *self,
               RestartKind   kind,
               int           team,
               double        x,
               double        y)
{
  int i, n_att = 0;

  self->phase = PHASE_RESTART;
  self->restart = kind;
  self->restart_team = team;
  self->rx = x;
  self->ry = y;
  self->phase_t = 0.0;
  self->taker_step = TAKER_FETCH;
  self->receiver = -1;
  self->shot_live = FALSE;
  self->tip_keeper = -1;
  self->cross_scripted = FALSE;
  if (kind == RESTART_GOAL_KICK)
    self->taker = keeper_of (self, team);
  else
    self->taker = nearest_of_team (self, team, self->bx, self->by, kind == RESTART_FREE_KICK);
  if (self->taker < 0)
    self->taker = keeper_of (self, team);

  /* For corners, send attackers to spots in the box and give each defender a man to mark:
   * the crowded goalmouth is exactly what a tracker finds hard. */
  for (i = 0; i < self->n_players; i++)
    {
      double gx = HALF_L * (x > 0 ? 1.0 : -1.0);

      self->mark_of[i] = -1;
      self->box_x[i] = gx - (x > 0 ? 1.0 : -1.0) * rng_range (&self->rng, 4.0, 14.0);
      self->box_y[i] = rng_range (&self->rng, -9.0, 9.0);
    }
  if (kind == RESTART_CORNER)
    for (i = 0; i < self->n_players; i++)
      if (self->agents[i].team != team && self->agents[i].kind != TL_DEMO_KEEPER)
        {
          int k, seen = 0;

          for (k = 0; k < self->n_players; k++)
            if (self->agents[k].team == team && self->agents[k].kind != TL_DEMO_KEEPER
                && k != self->taker && seen++ == n_att)
              {
                self->mark_of[i] = k;
                break;
              }
          n_att++;
        }
}

static void
player_controls_ball (TlDemoScript *self,
                      int           i)
{
  Agent *a = &self->agents[i];
  gboolean was_shot = self->shot_live;
  gboolean was_cross = self->cross_scripted;

  self->owner = i;
  self->carried = FALSE;
  self->last_touch = i;
  self->receiver = -1;
  self->shot_live = FALSE;
  self->tip_keeper = -1;
  self->bz = 0.0;
  self->bvz = 0.0;
  self->decide_t = self->t + rng_range (&self->rng, 0.5, 1.8);
  self->tackle_t = self->t + 0.8;
  self->cross_scripted = FALSE;
  /* Met first time, as a header or a volley. */
  if (was_cross)
    self->decide_t = self->t;

  if (a->kind == TL_DEMO_KEEPER && fabs (self->bx) > HALF_L - 16.5 && fabs (self->by) < 20.0
      && (self->bx > 0) == (team_dir (a->team) < 0))
    {
      /* A keeper saves in his own box: often parried out for a corner, else caught and played
       * out like a goal kick. */
      if (was_shot && rng_uniform (&self->rng) < 0.5)
        {
          double out = self->bx > 0 ? 1.0 : -1.0;

          self->bvx = out * 7.0;
          self->bvy = (self->by > 0 ? 1.0 : -1.0) * rng_range (&self->rng, 3.0, 8.0);
          self->bvz = 4.0;
          self->bz = 1.0;
          ball_release (self);
          self->last_kicker = i;
          self->last_kick_t = self->t;
          add_event (self, TL_DEMO_EVENT_SAVE, a->team, i, self->bx, self->by);
          return;
        }
      self->carried = TRUE;
      add_event (self, TL_DEMO_EVENT_SAVE, a->team, i, self->bx, self->by);
      start_restart (self, RESTART_GOAL_KICK, a->team, a->x, a->y);
      self->taker_step = TAKER_CARRY;
      self->owner = i;
    }
}

static void
formation_target (TlDemoScript *self,
                  int           i,
                  double       *tx,
                  double       *ty,
                  double       *speed)
{
  Agent *a = &self->agents[i];
  double d = team_dir (a->team);
  int poss_team = self->owner >= 0 ? self->agents[self->owner].team
                  : self->last_touch >= 0 ? self->agents[self->last_touch].team : 0;
  gboolean inpos = poss_team == a->team;
  double bax = self->bx * d, bay = self->by * d;
  double ax, ay;

  if (a->kind == TL_DEMO_KEEPER)
    {
      ax = -HALF_L + clampd (0.12 * (bax + HALF_L), 1.0, 14.0);
      ay = clampd (bay * 0.12, -3.0, 3.0);
      *speed = 4.0;
    }
  else if (self->phase == PHASE_RESTART && self->restart == RESTART_KICKOFF)
    {
      ax = fmin (a->base_ax, -1.0);
      ay = a->base_ay;
      *speed = 6.0;
    }
  else
    {
      ax = a->base_ax + 0.45 * bax + (inpos ? 10.0 : -2.0);
      ay = a->base_ay * 0.8 + 0.3 * bay;
      ax += 2.5 * sin (self->t * 2.0 * G_PI / a->wander_period[0] + a->wander_phase[0]);
      ay += 2.5 * sin (self->t * 2.0 * G_PI / a->wander_period[1] + a->wander_phase[1]);
      if (self->t < a->run_until)
        {
          ax = a->run_ax;
          ay = a->run_ay;
        }
      *speed = 5.0;
    }

  ax = clampd (ax, -HALF_L + 0.5, HALF_L - 6.0);
  ay = clampd (ay, -HALF_W + 1.0, HALF_W - 1.0);
  *tx = ax * d;
  *ty = ay * d;
  if (hypot (*tx - a->x, *ty - a->y) > 12.0)
    *speed = fmax (*speed, 7.0);
}

static void
target_for (TlDemoScript *self,
            int           i,
            double       *tx,
            double       *ty,
            double       *speed)
{
  Agent *a = &self->agents[i];

  formation_target (self, i, tx, ty, speed);

  if (self->phase == PHASE_GOAL)
    {
      int scorer = self->last_kicker;

      if (scorer >= 0 && a->team == self->agents[scorer].team && i != scorer
          && a->kind != TL_DEMO_KEEPER)
        {
          /* Team-mates mob the scorer. */
          *tx = self->agents[scorer].x + 1.2 * cos (i * 1.7);
          *ty = self->agents[scorer].y + 1.2 * sin (i * 1.7);
          *speed = 8.0;
        }
      else if (i == scorer)
        {
          *tx = clampd (a->x * 0.9, -HALF_L, HALF_L);
          *ty = a->y > 0 ? HALF_W - 3.0 : -HALF_W + 3.0;
          *speed = 6.0;
        }
      else
        *speed = 2.0;
      return;
    }

  if (self->phase == PHASE_RESTART && self->restart == RESTART_CORNER
      && a->kind != TL_DEMO_KEEPER && i != self->taker)
    {
      if (a->team == self->restart_team && (i % self->ppt) > 2)
        {
          *tx = self->box_x[i];
          *ty = self->box_y[i];
          *speed = 6.0;
        }
      else if (a->team != self->restart_team && self->mark_of[i] >= 0)
        {
          Agent *m = &self->agents[self->mark_of[i]];
          double gx = HALF_L * (self->rx > 0 ? 1.0 : -1.0);

          *tx = m->x + (gx - m->x) * 0.08;
          *ty = m->y * 0.92;
          *speed = 6.5;
        }
    }

  if (self->phase == PHASE_RESTART && self->restart == RESTART_FREE_KICK
      && a->team != self->restart_team)
    {
      double dx = *tx - self->rx, dy = *ty - self->ry, d = hypot (dx, dy);

      if (d < 9.5)
        {
          *tx = self->rx + dx / fmax (d, 0.1) * 9.5;
          *ty = self->ry + dy / fmax (d, 0.1) * 9.5;
        }
    }
}

/* A shot that ends in a corner: blocked wide by a defender close enough to throw himself in
 * the way, or else struck for the top corner and tipped over by the keeper near his line. */
static void
shoot_for_corner (TlDemoScript *self,
                  int           kicker)
{
  Agent *a = &self->agents[kicker];
  double dir = team_dir (a->team);
  int defender = nearest_of_team (self, 1 - a->team, a->x, a->y, FALSE);
  int keeper = keeper_of (self, 1 - a->team);
  double gx = HALF_L * dir + 0.8 * dir;
  double ty, tz, T;

  shoot (self, kicker);
  self->shot_scores = TRUE;   /* no one else gets to it */
  if (defender >= 0 && hypot (self->agents[defender].x - a->x,
                              self->agents[defender].y - a->y) < 4.0)
    {
      ty = (a->y > 0 ? 1.0 : -1.0) * (GOAL_HALF_W + 1.5);
      tz = 0.5;
      self->last_touch = defender;
    }
  else
    {
      Agent *k = &self->agents[keeper];

      ty = clampd (k->y + (self->by > k->y ? 1.5 : -1.5), -GOAL_HALF_W + 0.6, GOAL_HALF_W - 0.6);
      /* Aimed for the top corner: air drag brings it down to about the keeper's reach. */
      tz = GOAL_H + 0.6;
      self->tip_keeper = keeper;
      self->tip_x = HALF_L * dir - 0.8 * dir;
      self->tip_y = ty;
    }

  T = hypot (gx - self->bx, ty - self->by) / 22.0;
  self->bvx = (gx - self->bx) / T;
  self->bvy = (ty - self->by) / T;
  self->bvz = (tz + 0.5 * GRAVITY * T * T) / T;
}

static void
step_owner (TlDemoScript *self,
            double        dt)
{
  int i = self->owner;
  Agent *a = &self->agents[i];
  double dir = team_dir (a->team);
  double gx = HALF_L * dir;
  double dist_goal = hypot (gx - a->x, a->y);
  gboolean urgent = goal_urgent (self);
  gboolean due = goal_due (self);
  double tx, ty, lat = 0.0;
  int j;

  /* Drift toward the opponents' goal, sidestepping the nearest challenger. */
  for (j = 0; j < self->n_players; j++)
    {
      Agent *o = &self->agents[j];
      double ox = (o->x - a->x) * dir, oy = o->y - a->y;

      if (o->team == a->team || ox < 0.0 || ox > 6.0 || fabs (oy) > 3.0)
        continue;
      lat += (oy > 0 ? -1.0 : 1.0) * (6.0 - ox);
    }
  tx = clampd (a->x + dir * 10.0, -HALF_L + 2.0, HALF_L - 2.0);
  ty = clampd (a->y * (due ? 0.5 : 0.85) + lat + 3.0 * sin (self->t * 0.7 + i),
               -HALF_W + 2.0, HALF_W - 2.0);
  if (dist_goal < 18.0)
    ty = a->y * 0.7;
  agent_steer (a, tx, ty, urgent ? 7.5 : due ? 6.5 : 5.5, dt);

  if (self->t >= self->decide_t)
    {
      double p = rng_uniform (&self->rng);

      self->decide_t = self->t + (urgent ? rng_range (&self->rng, 0.3, 0.8)
                                         : rng_range (&self->rng, 0.6, 1.8));
      /* The script makes sure of its set pieces: every spell of play between kick-offs has a
       * pass that runs out for a throw-in, every two minutes the first attack ends in a
       * corner. */
      if (!due && !self->had_throw_in && self->t - self->last_kickoff_t > 4.0)
        {
          double side = a->y > 0 ? 1.0 : -1.0;

          self->had_throw_in = TRUE;
          kick_to (self, i, clampd (a->x + dir * 12.0, -HALF_L + 5, HALF_L - 5),
                   side * (HALF_W + 4.0), FALSE);
          add_event (self, TL_DEMO_EVENT_PASS, a->team, i, self->bx, self->by);
          return;
        }
      if (corner_wanted (self) && dist_goal < 38.0)
        {
          shoot_for_corner (self, i);
          return;
        }
      /* Running out of time: shoot from further out, never pass back. */
      if (dist_goal < (urgent ? 35.0 : due ? 33.0 : 30.0) && (due || p < 0.5))
        {
          shoot (self, i);
          return;
        }
      if (!urgent && p < (due ? 0.35 : 0.6))
        {
          int r = choose_receiver (self, i);

          if (r >= 0)
            {
              double d = hypot (self->agents[r].x - a->x, self->agents[r].y - a->y);

              pass_to (self, i, r, d > 25.0 || rng_uniform (&self->rng) < 0.25);
              return;
            }
        }
    }

  /* Challenges: the nearest opponent within reach tries to win the ball, sometimes fouls. */
  if (!urgent && self->t >= self->tackle_t)
    {
      for (j = 0; j < self->n_players; j++)
        {
          Agent *o = &self->agents[j];

          if (o->team == a->team || hypot (o->x - a->x, o->y - a->y) > 1.3)
            continue;
          self->tackle_t = self->t + 0.6;
          if (rng_uniform (&self->rng) < (due ? 0.03 : 0.3))
            {
              if (rng_uniform (&self->rng) < 0.3)
                {
                  add_event (self, TL_DEMO_EVENT_FOUL, o->team, j, a->x, a->y);
                  self->bvx = self->bvy = 0.0;
                  ball_release (self);
                  self->last_touch = i;
                  start_restart (self, RESTART_FREE_KICK, a->team, a->x, a->y);
                  return;
                }
              if (rng_uniform (&self->rng) < 0.35)
                {
                  /* A poke: the ball squirts away loose; near a touchline, out of play. */
                  double ang = rng_range (&self->rng, 0.0, 2.0 * G_PI);

                  if (fabs (a->y) > 24.0)
                    ang = (a->y > 0 ? 1.0 : -1.0) * G_PI / 2.0 + rng_range (&self->rng, -0.6, 0.6);

                  ball_release (self);
                  self->bvx = 9.0 * cos (ang);
                  self->bvy = 9.0 * sin (ang);
                  self->last_touch = self->last_kicker = j;
                  self->last_kick_t = self->t;
                  o->kick = 1.0;
                  return;
                }
              player_controls_ball (self, j);
              return;
            }
          break;
        }
    }
}

static void
take_restart (TlDemoScript *self)
{
  Agent *a = &self->agents[self->taker];
  int r;

  switch (self->restart)
    {
    case RESTART_KICKOFF:
      add_event (self, TL_DEMO_EVENT_KICKOFF, a->team, self->taker, self->bx, self->by);
      self->last_kickoff_t = self->t;
      self->had_throw_in = FALSE;
      r = nearest_of_team (self, a->team, a->x - 8.0 * team_dir (a->team), a->y, FALSE);
      if (r == self->taker || r < 0)
        r = choose_receiver (self, self->taker);
      if (r >= 0)
        pass_to (self, self->taker, r, FALSE);
      else
        kick_to (self, self->taker, a->x + 10.0 * team_dir (a->team), a->y, FALSE);
      break;

    case RESTART_THROW_IN:
      add_event (self, TL_DEMO_EVENT_THROW_IN, a->team, self->taker, self->bx, self->by);
      self->bz = 2.0;
      r = choose_receiver (self, self->taker);
      if (r >= 0)
        pass_to (self, self->taker, r, TRUE);
      else
        kick_to (self, self->taker, a->x, a->y * 0.7, TRUE);
      a->arms_up = 0.0;
      break;

    case RESTART_CORNER:
      add_event (self, TL_DEMO_EVENT_CORNER, a->team, self->taker, self->bx, self->by);
      self->corner_window = (int) floor (self->t / CORNER_WINDOW_S);
      {
        double side = self->rx > 0 ? 1.0 : -1.0;
        double tx = (HALF_L - rng_range (&self->rng, 5.0, 12.0)) * side;
        double ty = rng_range (&self->rng, -6.0, 6.0);

        /* When the minute's goal cannot wait, the corner is a rehearsed one: onto the head of
         * the attacker already in the box, who scores. */
        r = goal_urgent (self) ? nearest_attacker (self, a->team, self->taker, tx, ty) : -1;
        if (r >= 0)
          {
            tx = clampd (self->agents[r].x * side, HALF_L - 12.0, HALF_L - 5.0) * side;
            ty = clampd (self->agents[r].y, -7.0, 7.0);
          }
        kick_to (self, self->taker, tx, ty, TRUE);
        if (r >= 0)
          {
            self->receiver = r;
            self->recv_x = tx;
            self->recv_y = ty;
            self->cross_scripted = TRUE;
          }
      }
      break;

    case RESTART_GOAL_KICK:
      add_event (self, TL_DEMO_EVENT_GOAL_KICK, a->team, self->taker, self->bx, self->by);
      r = choose_receiver (self, self->taker);
      if (r >= 0)
        pass_to (self, self->taker, r, TRUE);
      else
        kick_to (self, self->taker, 0.0, a->y, TRUE);
      break;

    case RESTART_FREE_KICK:
    default:
      add_event (self, TL_DEMO_EVENT_FREE_KICK, a->team, self->taker, self->bx, self->by);
      r = choose_receiver (self, self->taker);
      if (r >= 0)
        pass_to (self, self->taker, r, rng_uniform (&self->rng) < 0.4);
      else
        kick_to (self, self->taker, a->x + 15.0 * team_dir (a->team), a->y, TRUE);
      break;
    }
  self->phase = PHASE_PLAY;
}

static void
step_restart (TlDemoScript *self,
              double        dt)
{
  Agent *a = &self->agents[self->taker];
  double spot_x = self->rx, spot_y = self->ry;

  if (self->restart == RESTART_THROW_IN)
    spot_y = (self->ry > 0 ? 1.0 : -1.0) * (HALF_W + 0.3);
  else if (self->restart == RESTART_CORNER)
    {
      spot_x = (self->rx > 0 ? 1.0 : -1.0) * (HALF_L - 0.3);
      spot_y = (self->ry > 0 ? 1.0 : -1.0) * (HALF_W - 0.3);
    }
  else if (self->restart == RESTART_GOAL_KICK && self->taker_step != TAKER_READY
           && !self->carried)
    {
      spot_x = (self->rx > 0 ? 1.0 : -1.0) * (HALF_L - 5.5);
      spot_y = self->ry > 0 ? 4.0 : -4.0;
    }
  else if (self->restart == RESTART_KICKOFF)
    spot_x = spot_y = 0.0;

  switch (self->taker_step)
    {
    case TAKER_FETCH:
      agent_steer (a, self->bx, self->by, 7.0, dt);
      /* A ball out of reach is replaced by a ball boy's, as in real matches. */
      if (hypot (a->x - self->bx, a->y - self->by) < 0.9 || self->phase_t > 8.0)
        {
          if (self->restart == RESTART_KICKOFF && a->kind == TL_DEMO_KEEPER)
            {
              /* After a goal the keeper fishes the ball out of the net and boots it to the
               * centre, where the striker picks it up: keeps the restart short. */
              self->bz = 0.2;
              kick_to (self, self->taker, -team_dir (a->team) * 16.0,
                       rng_range (&self->rng, -4.0, 4.0), TRUE);
              self->taker = nearest_of_team (self, a->team, 0.0, 0.0, FALSE);
              if (self->taker < 0)
                self->taker = keeper_of (self, a->team);
              break;
            }
          self->owner = self->taker;
          self->carried = TRUE;
          self->taker_step = TAKER_CARRY;
        }
      break;

    case TAKER_CARRY:
      if (self->restart == RESTART_GOAL_KICK)
        {
          spot_x = (self->rx > 0 ? 1.0 : -1.0) * (HALF_L - 5.5);
          spot_y = self->ry > 0 ? 4.0 : -4.0;
        }
      agent_steer (a, spot_x, spot_y, 6.0, dt);
      if (hypot (a->x - spot_x, a->y - spot_y) < 0.4)
        {
          self->taker_step = TAKER_READY;
          self->ready_t = self->t;
          self->carried = self->restart == RESTART_THROW_IN;
          if (!self->carried)
            {
              /* Put the ball down just in front, facing the pitch. */
              self->bx = spot_x;
              self->by = spot_y;
              self->bz = 0.0;
            }
        }
      break;

    case TAKER_READY:
      agent_steer (a, a->x, a->y, 0.0, dt);
      if (self->restart == RESTART_THROW_IN)
        a->arms_up = fmin (1.0, a->arms_up + dt * 3.0);
      if (self->t - self->ready_t > (self->restart == RESTART_KICKOFF ? 1.0 : 1.2))
        take_restart (self);
      break;
    }
}

static void
step_ball (TlDemoScript *self,
           double        dt)
{
  double v;

  if (self->owner >= 0)
    {
      Agent *a = &self->agents[self->owner];
      double ch = cos (a->heading), sh = sin (a->heading);

      if (self->carried)
        {
          double up = a->arms_up;

          self->bx = a->x + ch * 0.3 * (1.0 - up);
          self->by = a->y + sh * 0.3 * (1.0 - up);
          self->bz = 1.0 + up * 1.3;
        }
      else
        {
          /* Dribbling: the ball runs ahead and is touched on once per stride. */
          double reach = 0.45 + 0.35 * (0.5 + 0.5 * sin (a->phase));

          self->bx = a->x + ch * reach;
          self->by = a->y + sh * reach;
          self->bz = 0.0;
        }
      self->bvx = a->vx;
      self->bvy = a->vy;
      self->bvz = 0.0;
      return;
    }

  if (self->bz > 0.0 || self->bvz > 0.0)
    {
      self->bvz -= GRAVITY * dt;
      self->bz += self->bvz * dt;
      if (self->bz <= 0.0)
        {
          self->bz = 0.0;
          self->bvz = -self->bvz * 0.5;
          self->bvx *= 0.8;
          self->bvy *= 0.8;
          if (self->bvz < 1.0)
            self->bvz = 0.0;
        }
      /* A little air drag. */
      self->bvx *= 1.0 - 0.01 * dt * hypot (self->bvx, self->bvy);
      self->bvy *= 1.0 - 0.01 * dt * hypot (self->bvx, self->bvy);
    }
  else
    {
      v = hypot (self->bvx, self->bvy);
      if (v > 1e-6)
        {
          double nv = fmax (0.0, v - ROLL_DECEL * dt);

          self->bvx *= nv / v;
          self->bvy *= nv / v;
        }
    }
  self->bx += self->bvx * dt;
  self->by += self->bvy * dt;

  /* The net stops a goal; the boards stop a ball that went out. */
  if (self->phase == PHASE_GOAL && fabs (self->bx) > HALF_L)
    self->by = clampd (self->by, -GOAL_HALF_W + 0.3, GOAL_HALF_W - 0.3);
  if (fabs (self->bx) > HALF_L + 1.8 && fabs (self->by) < GOAL_HALF_W + 0.5)
    {
      self->bx = (self->bx > 0 ? 1.0 : -1.0) * (HALF_L + 1.8);
      self->bvx = -self->bvx * 0.1;
      self->bvy *= 0.3;
    }
  if (fabs (self->bx) > HALF_L + 4.0 || fabs (self->by) > HALF_W + 3.5)
    {
      self->bx = clampd (self->bx, -HALF_L - 4.0, HALF_L + 4.0);
      self->by = clampd (self->by, -HALF_W - 3.5, HALF_W + 3.5);
      self->bvx = self->bvy = 0.0;
    }
}

static void
check_ball_events (TlDemoScript *self)
{
  int i, best = -1;
  double best_d = 1e9;
  int lt_team;

  if (self->owner >= 0 || self->phase != PHASE_PLAY)
    return;

  /* The keeper gets a hand to it near his line and pushes it up, slowed, so that it loops over
   * the bar whatever height it came at. */
  if (self->tip_keeper >= 0 && fabs (self->bx) > HALF_L - 1.2
      && (self->bx > 0) == (self->tip_x > 0))
    {
      Agent *k = &self->agents[self->tip_keeper];
      double to_line = HALF_L + 0.3 - fabs (self->bx);
      double tl = fmax (to_line / fmax (fabs (self->bvx), 0.1), 0.35);
      double slow = fmin (1.0, to_line / (tl * fmax (fabs (self->bvx), 0.1)));

      self->bvx *= slow;
      self->bvy *= slow;
      self->bvz = fmax (2.0, (GOAL_H + 0.5 - self->bz + 0.5 * GRAVITY * tl * tl) / tl);
      self->bz = fmax (self->bz, 0.05);
      self->last_touch = self->tip_keeper;
      k->arms_up = 1.0;
      add_event (self, TL_DEMO_EVENT_SAVE, k->team, self->tip_keeper, self->bx, self->by);
      self->tip_keeper = -1;
    }

  lt_team = self->last_touch >= 0 ? self->agents[self->last_touch].team : 0;

  /* Goal, or out over a goal line. */
  if (fabs (self->bx) > HALF_L + TL_DEMO_BALL_RADIUS)
    {
      int defending = self->bx > 0 ? 1 : 0;

      if (fabs (self->by) < GOAL_HALF_W - TL_DEMO_BALL_RADIUS && self->bz < GOAL_H)
        {
          add_event (self, TL_DEMO_EVENT_GOAL, 1 - defending, self->last_kicker,
                     self->bx, self->by);
          self->goal_minute = (int) floor (self->t / MINUTE_S);
          self->phase = PHASE_GOAL;
          self->phase_t = 0.0;
          self->restart_team = defending;
          self->shot_live = FALSE;
          return;
        }
      self->bvx *= 0.3;
      self->bvy *= 0.3;
      if (lt_team == defending)
        start_restart (self, RESTART_CORNER, 1 - defending, self->bx, self->by);
      else
        start_restart (self, RESTART_GOAL_KICK, defending, self->bx, self->by);
      return;
    }
  if (fabs (self->by) > HALF_W + TL_DEMO_BALL_RADIUS)
    {
      self->bvx *= 0.3;
      self->bvy *= 0.3;
      start_restart (self, RESTART_THROW_IN, 1 - lt_team,
                     clampd (self->bx, -HALF_L + 1, HALF_L - 1), self->by);
      return;
    }

  /* Who gets to the loose ball. A scripted goal is untouchable once struck, and a rehearsed
   * corner is for its receiver alone (in the air too: a header). */
  if (self->shot_live && self->shot_scores)
    return;
  /* ...unless he never gets there: then it is anyone's. */
  if (self->cross_scripted && self->t - self->last_kick_t > 3.5)
    self->cross_scripted = FALSE;
  for (i = 0; i < self->n_players; i++)
    {
      Agent *a = &self->agents[i];
      double reach = a->kind == TL_DEMO_KEEPER ? 1.6
                     : i == self->receiver ? (self->cross_scripted ? 1.8 : 1.2) : 0.8;
      double zmax = a->kind == TL_DEMO_KEEPER ? 2.6 : self->cross_scripted ? 2.4 : 1.9;
      double d = hypot (a->x - self->bx, a->y - self->by);

      if (i == self->last_kicker && self->t - self->last_kick_t < 0.4)
        continue;
      if (self->cross_scripted && i != self->receiver)
        continue;
      if (d < reach && self->bz < zmax && d < best_d)
        {
          best_d = d;
          best = i;
        }
    }
  if (best >= 0)
    player_controls_ball (self, best);
}

static void
step_players (TlDemoScript *self,
              double        dt)
{
  int chaser[2] = { -1, -1 };
  double chase_d[2] = { 1e9, 1e9 };
  double px = self->bx + self->bvx * 0.6, py = self->by + self->bvy * 0.6;
  int i;

  /* One player of each team goes for a loose ball (or presses the dribbler). */
  if (self->phase == PHASE_PLAY)
    for (i = 0; i < self->n_players; i++)
      {
        Agent *a = &self->agents[i];
        double d = hypot (a->x - px, a->y - py);

        if (i == self->owner || (self->owner >= 0 && self->agents[self->owner].team == a->team))
          continue;
        if (a->kind == TL_DEMO_KEEPER && (fabs (px) < HALF_L - 16.5 || fabs (py) > 20.0))
          continue;
        if (d < chase_d[a->team])
          {
            chase_d[a->team] = d;
            chaser[a->team] = i;
          }
      }

  for (i = 0; i < self->n_players; i++)
    {
      Agent *a = &self->agents[i];
      double tx, ty, speed;

      if (i == self->owner && self->phase == PHASE_PLAY)
        continue;
      if (self->phase == PHASE_RESTART && i == self->taker)
        continue;

      if (self->phase == PHASE_PLAY && i == self->receiver)
        {
          tx = self->recv_x;
          ty = self->recv_y;
          speed = 8.0;
        }
      else if (self->phase == PHASE_PLAY && i == self->tip_keeper)
        {
          tx = self->tip_x;
          ty = self->tip_y;
          speed = 8.0;
        }
      else if (self->phase == PHASE_PLAY && (i == chaser[0] || i == chaser[1]))
        {
          tx = px;
          ty = py;
          speed = self->shot_live && a->kind == TL_DEMO_KEEPER && self->shot_scores ? 2.0 : 9.0;
        }
      else
        {
          target_for (self, i, &tx, &ty, &speed);
          /* Now and then a forward run into space when the team has the ball. */
          if (self->phase == PHASE_PLAY && a->kind == TL_DEMO_PLAYER && self->owner >= 0
              && self->agents[self->owner].team == a->team && self->t > a->run_until + 4.0
              && rng_uniform (&self->rng) < 0.12 * dt)
            {
              double d = team_dir (a->team);

              a->run_until = self->t + rng_range (&self->rng, 2.0, 3.5);
              a->run_ax = clampd (a->x * d + rng_range (&self->rng, 12.0, 22.0), -40.0, 45.0);
              a->run_ay = clampd (a->y * d + rng_range (&self->rng, -8.0, 8.0), -30.0, 30.0);
            }
          if (self->t < a->run_until && self->phase == PHASE_PLAY)
            speed = 8.5;
        }
      agent_steer (a, tx, ty, speed, dt);
    }

  if (self->phase == PHASE_PLAY && self->owner >= 0)
    step_owner (self, dt);
}

static void
step_referees (TlDemoScript *self,
               double        dt)
{
  int k;

  for (k = 0; k < self->n_refs; k++)
    {
      Agent *a = &self->agents[self->n_players + k];
      double tx, ty;

      if (k == 0)
        {
          /* The referee keeps the play in view from a diagonal, out of the way. */
          tx = clampd (self->bx * 0.85 - 6.0, -HALF_L + 8, HALF_L - 8);
          ty = clampd (self->by * 0.6 + (self->by > 0 ? -9.0 : 9.0), -HALF_W + 4, HALF_W - 4);
          agent_steer (a, tx, ty, 6.5, dt);
        }
      else
        {
          /* Assistants run the touchline level with the ball in their half. */
          double side = k == 1 ? 1.0 : -1.0;

          tx = clampd (self->bx, side > 0 ? 0.0 : -HALF_L + 1.0, side > 0 ? HALF_L - 1.0 : 0.0);
          ty = side * (HALF_W + 1.0);
          agent_steer (a, tx, ty, 6.0, dt);
        }
    }
}

static void
integrate (TlDemoScript *self,
           double        dt)
{
  int i, j;

  /* Soft separation so two players never stand in exactly the same spot. */
  for (i = 0; i < self->n_agents; i++)
    for (j = i + 1; j < self->n_agents; j++)
      {
        Agent *a = &self->agents[i], *b = &self->agents[j];
        double dx = b->x - a->x, dy = b->y - a->y, d = hypot (dx, dy);

        if (d < 0.7 && d > 1e-6)
          {
            double push = (0.7 - d) * 0.5 * dt * 4.0;

            a->vx -= dx / d * push;
            a->vy -= dy / d * push;
            b->vx += dx / d * push;
            b->vy += dy / d * push;
          }
      }

  for (i = 0; i < self->n_agents; i++)
    {
      Agent *a = &self->agents[i];
      double sp = hypot (a->vx, a->vy);
      double want, diff;

      if (sp > a->top_speed)
        {
          a->vx *= a->top_speed / sp;
          a->vy *= a->top_speed / sp;
          sp = a->top_speed;
        }
      a->x += a->vx * dt;
      a->y += a->vy * dt;
      if (a->kind != TL_DEMO_REFEREE)
        {
          a->x = clampd (a->x, -HALF_L - 4.5, HALF_L + 4.5);
          a->y = clampd (a->y, -HALF_W - 4.0, HALF_W + 4.0);
        }

      /* Face where you run; when standing, face the ball. */
      want = sp > 0.8 ? atan2 (a->vy, a->vx) : atan2 (self->by - a->y, self->bx - a->x);
      diff = remainder (want - a->heading, 2.0 * G_PI);
      a->heading += clampd (diff, -7.0 * dt, 7.0 * dt);

      a->phase = fmod (a->phase + 2.0 * G_PI * sp * dt / (1.3 + 0.33 * sp), 2.0 * G_PI);
      a->kick = fmax (0.0, a->kick - dt * 3.0);
      if (!(self->phase == PHASE_RESTART && i == self->taker))
        a->arms_up = fmax (0.0, a->arms_up - dt * 3.0);
    }
}

static void
step (TlDemoScript *self,
      double        dt)
{
  self->phase_t += dt;

  if (self->phase == PHASE_GOAL && self->phase_t > 2.5)
    {
      start_restart (self, RESTART_KICKOFF, self->restart_team, 0.0, 0.0);
      self->taker = keeper_of (self, self->restart_team);
    }
  if (self->phase == PHASE_RESTART)
    step_restart (self, dt);

  step_players (self, dt);
  step_referees (self, dt);
  integrate (self, dt);
  step_ball (self, dt);
  check_ball_events (self);
}

static void
record (TlDemoScript *self,
        int           frame)
{
  TlDemoPose *p = self->poses + (gsize) frame * self->n_objects;
  int i;

  for (i = 0; i < self->n_agents; i++)
    {
      Agent *a = &self->agents[i];

      p[i].x = a->x;
      p[i].y = a->y;
      p[i].z = 0.0f;
      p[i].heading = a->heading;
      p[i].speed = hypot (a->vx, a->vy);
      p[i].phase = a->phase;
      p[i].arms_up = a->arms_up;
      p[i].kick = a->kick;
    }
  p[self->n_agents].x = self->bx;
  p[self->n_agents].y = self->by;
  p[self->n_agents].z = self->bz + TL_DEMO_BALL_RADIUS;
  p[self->n_agents].heading = 0.0f;
  p[self->n_agents].speed = hypot (self->bvx, self->bvy);
  p[self->n_agents].phase = 0.0f;
}

static void
init_objects (TlDemoScript *self)
{
  static const guint8 skins[][3] = {
    { 240, 200, 170 }, { 224, 172, 138 }, { 198, 134, 94 }, { 141, 85, 54 },
    { 95, 60, 40 }, { 230, 190, 150 },
  };
  static const guint8 hairs[][3] = {
    { 30, 22, 18 }, { 70, 45, 25 }, { 160, 120, 70 }, { 15, 15, 15 }, { 120, 70, 30 },
  };
  int i;

  for (i = 0; i < self->n_objects; i++)
    {
      TlDemoObject *o = &self->objects[i];
      int s = (int) (rng_next (&self->rng) % G_N_ELEMENTS (skins));
      int h = (int) (rng_next (&self->rng) % G_N_ELEMENTS (hairs));

      o->id = i + 1;
      memcpy (o->skin, skins[s], 3);
      memcpy (o->hair, hairs[h], 3);
      o->height_m = (float) rng_range (&self->rng, 1.70, 1.92);
      if (i < self->n_players)
        {
          o->team = i / self->ppt;
          o->kind = (i % self->ppt) == 0 ? TL_DEMO_KEEPER : TL_DEMO_PLAYER;
          o->number = (i % self->ppt) + 1;
        }
      else if (i < self->n_agents)
        {
          o->team = -1;
          o->kind = TL_DEMO_REFEREE;
          o->number = 0;
        }
      else
        {
          o->team = -1;
          o->kind = TL_DEMO_BALL;
          o->height_m = 2.0f * TL_DEMO_BALL_RADIUS;
        }
    }
}

static void
init_agents (TlDemoScript *self)
{
  int i;

  for (i = 0; i < self->n_agents; i++)
    {
      Agent *a = &self->agents[i];
      const TlDemoObject *o = &self->objects[i];

      a->team = o->team;
      a->kind = o->kind;
      a->top_speed = o->kind == TL_DEMO_REFEREE ? 7.0 : rng_range (&self->rng, 8.2, 9.2);
      a->wander_phase[0] = rng_range (&self->rng, 0.0, 2.0 * G_PI);
      a->wander_phase[1] = rng_range (&self->rng, 0.0, 2.0 * G_PI);
      a->wander_period[0] = rng_range (&self->rng, 8.0, 20.0);
      a->wander_period[1] = rng_range (&self->rng, 8.0, 20.0);
      a->run_until = -10.0;
      a->phase = rng_range (&self->rng, 0.0, 2.0 * G_PI);
      if (i < self->n_players)
        {
          double d = team_dir (a->team);

          a->base_ax = formation[i % self->ppt][0];
          a->base_ay = formation[i % self->ppt][1];
          a->x = fmin (a->base_ax, -1.0) * d;
          a->y = a->base_ay * d;
          a->heading = d > 0 ? 0.0 : G_PI;
        }
      else
        {
          int k = i - self->n_players;

          a->x = k == 0 ? -6.0 : k == 1 ? 20.0 : -20.0;
          a->y = k == 0 ? 8.0 : k == 1 ? HALF_W + 1.0 : -HALF_W - 1.0;
          a->heading = -G_PI / 2.0;
        }
    }
}

TlDemoScript *
tl_demo_script_new (guint64 seed,
                    int     n_frames,
                    double  fps,
                    int     players_per_team,
                    int     n_referees)
{
  TlDemoScript *self;
  double dt;
  int f, striker;

  g_return_val_if_fail (n_frames > 0 && fps > 0.0, NULL);

  self = g_new0 (TlDemoScript, 1);
  self->n_frames = n_frames;
  self->fps = fps;
  self->ppt = CLAMP (players_per_team, 1, 11);
  self->n_refs = CLAMP (n_referees, 0, 3);
  self->n_players = 2 * self->ppt;
  self->n_agents = self->n_players + self->n_refs;
  self->n_objects = self->n_agents + 1;
  self->rng.s = seed ^ G_GUINT64_CONSTANT (0x746F7563686C696E);   /* "touchlin" */
  self->objects = g_new0 (TlDemoObject, self->n_objects);
  self->poses = g_new0 (TlDemoPose, (gsize) n_frames * self->n_objects);
  self->events = g_array_new (FALSE, TRUE, sizeof (TlDemoEvent));
  self->agents = g_new0 (Agent, self->n_agents);

  init_objects (self);
  init_agents (self);

  /* Kick-off at the start: the home striker stands over the ball on the centre spot. */
  self->owner = -1;
  self->receiver = -1;
  self->last_kicker = -1;
  self->last_touch = -1;
  self->last_kickoff_t = 0.0;
  self->goal_minute = -1;
  self->corner_window = -1;
  self->tip_keeper = -1;
  striker = self->ppt > 2 ? 2 : self->ppt - 1;
  start_restart (self, RESTART_KICKOFF, 0, 0.0, 0.0);
  self->taker = striker;
  self->agents[striker].x = -0.5;
  self->agents[striker].y = 0.0;
  self->taker_step = TAKER_READY;
  self->ready_t = 0.0;
  self->bx = self->by = self->bz = 0.0;

  dt = 1.0 / fps;
  for (f = 0; f < n_frames; f++)
    {
      self->frame = f;
      record (self, f);
      self->t += dt;
      step (self, dt);
    }

  g_clear_pointer (&self->agents, g_free);
  return self;
}

void
tl_demo_script_free (TlDemoScript *self)
{
  if (self == NULL)
    return;
  g_free (self->objects);
  g_free (self->poses);
  g_array_unref (self->events);
  g_free (self->agents);
  g_free (self);
}

int
tl_demo_script_get_n_frames (TlDemoScript *self)
{
  return self->n_frames;
}

double
tl_demo_script_get_fps (TlDemoScript *self)
{
  return self->fps;
}

int
tl_demo_script_get_n_objects (TlDemoScript *self)
{
  return self->n_objects;
}

const TlDemoObject *
tl_demo_script_get_objects (TlDemoScript *self)
{
  return self->objects;
}

const TlDemoPose *
tl_demo_script_get_poses (TlDemoScript *self,
                          int           frame)
{
  g_return_val_if_fail (frame >= 0 && frame < self->n_frames, NULL);
  return self->poses + (gsize) frame * self->n_objects;
}

const TlDemoEvent *
tl_demo_script_get_events (TlDemoScript *self,
                           int          *n_events)
{
  if (n_events)
    *n_events = (int) self->events->len;
  return (const TlDemoEvent *) self->events->data;
}

const char *
tl_demo_event_kind_to_string (TlDemoEventKind kind)
{
  static const char *names[] = {
    "kickoff", "pass", "shot", "goal", "save", "corner", "throw-in", "goal-kick", "free-kick",
    "foul",
  };

  if ((unsigned) kind < G_N_ELEMENTS (names))
    return names[kind];
  return "unknown";
}
