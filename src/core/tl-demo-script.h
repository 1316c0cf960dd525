/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-demo-script.h: the simulated football match behind the demo video: who is where, when.
 *
 * The whole match is simulated up front, deterministically from a seed (its own PRNG, never
 * rand ()), into a table of poses: one per object per frame. Rendering then needs nothing but
 * that table, so frames can be drawn in any order on any thread. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TL_DEMO_PITCH_LENGTH 105.0
#define TL_DEMO_PITCH_WIDTH   68.0
#define TL_DEMO_BALL_RADIUS    0.11

typedef enum
{
  TL_DEMO_PLAYER,
  TL_DEMO_KEEPER,
  TL_DEMO_REFEREE,
  TL_DEMO_BALL,
} TlDemoObjectKind;

/* What does not change during the match. */
typedef struct
{
  int              id;        /* MOT id, from 1 */
  TlDemoObjectKind kind;
  int              team;      /* 0 home (attacks +x), 1 away, -1 referees and ball */
  int              number;    /* shirt number */
  float            height_m;
  guint8           skin[3];   /* RGB */
  guint8           hair[3];
} TlDemoObject;

/* Where an object is in one frame. Positions in pitch metres (see tl-camera.h). */
typedef struct
{
  float x, y, z;              /* z: the ball's height; people stand at z = 0 */
  float heading;              /* direction the body faces, radians (atan2 (dy, dx)) */
  float speed;                /* m/s over the ground */
  float phase;                /* gait phase, radians: drives legs and arms */
  float arms_up;              /* 0..1: holding the ball over the head (throw-in) */
  float kick;                 /* 0..1: kicking leg swung forward */
} TlDemoPose;

typedef enum
{
  TL_DEMO_EVENT_KICKOFF,
  TL_DEMO_EVENT_PASS,
  TL_DEMO_EVENT_SHOT,
  TL_DEMO_EVENT_GOAL,
  TL_DEMO_EVENT_SAVE,
  TL_DEMO_EVENT_CORNER,
  TL_DEMO_EVENT_THROW_IN,
  TL_DEMO_EVENT_GOAL_KICK,
  TL_DEMO_EVENT_FREE_KICK,
  TL_DEMO_EVENT_FOUL,
} TlDemoEventKind;

typedef struct
{
  int             frame;      /* from 0 */
  TlDemoEventKind kind;
  int             team;       /* 0 or 1 */
  int             player_id;  /* MOT id of the player who acted (the fouler for a foul) */
  float           x, y;       /* where, pitch metres */
} TlDemoEvent;

typedef struct _TlDemoScript TlDemoScript;

/* Simulates @n_frames at @fps. @players_per_team 1..11 (the first of each team is the keeper),
 * @n_referees 0..3 (referee, then assistants on the far and near touchlines). */
TlDemoScript       *tl_demo_script_new          (guint64 seed,
                                                 int     n_frames,
                                                 double  fps,
                                                 int     players_per_team,
                                                 int     n_referees);
void                tl_demo_script_free         (TlDemoScript *self);

int                 tl_demo_script_get_n_frames  (TlDemoScript *self);
double              tl_demo_script_get_fps       (TlDemoScript *self);
int                 tl_demo_script_get_n_objects (TlDemoScript *self);
/* (transfer none) n_objects entries; the ball is the last one. */
const TlDemoObject *tl_demo_script_get_objects   (TlDemoScript *self);
/* (transfer none) n_objects poses for @frame (0-based). */
const TlDemoPose   *tl_demo_script_get_poses     (TlDemoScript *self,
                                                  int           frame);
/* (transfer none) */
const TlDemoEvent  *tl_demo_script_get_events    (TlDemoScript *self,
                                                  int          *n_events);

const char         *tl_demo_event_kind_to_string (TlDemoEventKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlDemoScript, tl_demo_script_free)

G_END_DECLS
