/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-role-ids.c: time and memory of the role pass (tl-role-ids.h) over a made-up half of
 * 45 minutes at 25 fps: two teams of eleven holding their shapes as they drift across the pitch,
 * a referee, each player touching a team-mate every 6 s (which ends his piece), the engine
 * exchanging the two's ids at one touch in five and starting a new id for someone every two
 * minutes. The analysis runs the pass once per period, after the whole match is stored.
 *
 *   bench-role-ids [--minutes N] */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "tl-role-ids.h"

#define FPS 25
#define N_PERSONS 23          /* 0-10 team 0, 11-21 team 1, 22 the referee */
#define TOUCH_EVERY 150       /* frames between a player's touches */

typedef struct
{
  guint32 ids[N_PERSONS];     /* the engine's id of each person now */
  guint32 next_id;
  GRand  *rand;
} Engine;

/* The persons of @frame as the engine reports them; @engine's ids move on as the frames come
 * (so the three passes must each start from a fresh one). */
static void
frame_obs (Engine    *engine,
           int        frame,
           TlRoleObs *obs)
{
  double centre_x = 52 + 20 * sin (frame / 400.0);

  for (int p = 0; p < N_PERSONS; p++)
    {
      int team = p < 11 ? 0 : p < 22 ? 1 : -1;
      int slot = p % 11, toward = slot;
      double gx, gy;

      /* Once every TOUCH_EVERY frames a player steps onto the next slot's man. */
      if (team >= 0 && slot < 10 && frame % TOUCH_EVERY == (p * 7) % TOUCH_EVERY)
        {
          toward = slot + 1;
          if (g_rand_int_range (engine->rand, 0, 5) == 0)
            {
              guint32 swap = engine->ids[p];

              engine->ids[p] = engine->ids[p + 1];
              engine->ids[p + 1] = swap;
            }
        }
      gx = centre_x + (team == 1 ? 8 : 0) + (toward / 4 - 1) * 15 + 2 * sin (frame / 50.0 + p);
      gy = 34 + (toward % 4 - 1.5) * 15 + 2 * cos (frame / 60.0 + p);
      if (team < 0)
        gy = 20;
      obs[p] = (TlRoleObs) { engine->ids[p], team, (float) (20 * gx), (float) (8 * gy), 20, 60,
                             (float) gx, (float) gy };
    }
  if (frame % (2 * 60 * FPS) == 0 && frame > 0)
    engine->ids[g_rand_int_range (engine->rand, 0, 22)] = engine->next_id++;
}

static void
engine_init (Engine *engine)
{
  for (int p = 0; p < N_PERSONS; p++)
    engine->ids[p] = (guint32) p + 1;
  engine->next_id = N_PERSONS + 1;
  engine->rand = g_rand_new_with_seed (1);
}

int
main (int   argc,
      char *argv[])
{
  int minutes = 45, n_frames, n_roles;
  TlRoleIds *roles = tl_role_ids_new (FPS);
  TlRoleObs obs[N_PERSONS];
  guint32 ids[N_PERSONS];
  Engine engine;
  gint64 t0;
  double seconds[3];
  struct rusage usage;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--minutes") && i + 1 < argc)
      minutes = atoi (argv[++i]);
  n_frames = minutes * 60 * FPS;

  t0 = g_get_monotonic_time ();
  engine_init (&engine);
  for (int f = 0; f < n_frames; f++)
    {
      frame_obs (&engine, f, obs);
      for (int p = 0; p < N_PERSONS; p++)
        tl_role_ids_vote (roles, obs[p].id, obs[p].team);
    }
  g_rand_free (engine.rand);
  engine_init (&engine);
  for (int f = 0; f < n_frames; f++)
    {
      frame_obs (&engine, f, obs);
      tl_role_ids_add_frame (roles, f, obs, N_PERSONS);
    }
  g_rand_free (engine.rand);
  seconds[0] = (g_get_monotonic_time () - t0) / 1e6;

  t0 = g_get_monotonic_time ();
  n_roles = tl_role_ids_solve (roles, 1000000);
  seconds[1] = (g_get_monotonic_time () - t0) / 1e6;

  t0 = g_get_monotonic_time ();
  engine_init (&engine);
  for (int f = 0; f < n_frames; f++)
    {
      frame_obs (&engine, f, obs);
      for (int p = 0; p < N_PERSONS; p++)
        ids[p] = obs[p].id;
      tl_role_ids_relabel (roles, f, ids, N_PERSONS);
    }
  g_rand_free (engine.rand);
  seconds[2] = (g_get_monotonic_time () - t0) / 1e6;
  getrusage (RUSAGE_SELF, &usage);

  printf ("role pass over %d min (%d frames, %d persons each, %u engine ids): %d roles\n",
          minutes, n_frames, N_PERSONS, engine.next_id - 1, n_roles);
  printf ("  teams and pieces %.3f s, roles %.3f s, ids %.3f s (the made-up frames included);"
          " peak memory %.1f MB\n", seconds[0], seconds[1], seconds[2], usage.ru_maxrss / 1024.0);
  tl_role_ids_free (roles);
  return n_roles > 0 ? 0 : 1;
}
