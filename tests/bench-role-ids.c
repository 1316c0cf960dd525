/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-role-ids.c: time and memory of the role pass (tl-role-ids.h) over a made-up half of
 * 45 minutes at 25 fps: two teams of eleven holding their shapes as they drift across the pitch,
 * a referee, each player touching a team-mate every 6 s (which ends his piece), the engine
 * exchanging the two's ids at one touch in five and starting a new id for someone every two
 * minutes; and how long a player keeps one id, with the engine's ids and with the pass's. The
 * analysis runs the pass once per period, after the whole match is stored.
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

/* How long each person keeps one id: the share of his frames under the id he has most often,
 * averaged over the players. @counts: per person, id -> frames. */
static double
kept_share (GHashTable **counts,
            int          n_frames)
{
  double sum = 0;

  for (int p = 0; p < 22; p++)
    {
      GHashTableIter iter;
      gpointer value;
      guint most = 0;

      g_hash_table_iter_init (&iter, counts[p]);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        most = MAX (most, GPOINTER_TO_UINT (value));
      sum += (double) most / n_frames;
    }
  return sum / 22;
}

static void
count_id (GHashTable *counts,
          guint32     id)
{
  gpointer key = GUINT_TO_POINTER (id);

  g_hash_table_insert (counts, key,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1));
}

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
  double gx[N_PERSONS], gy[N_PERSONS];

  for (int p = 0; p < N_PERSONS; p++)
    {
      int team = p < 11 ? 0 : p < 22 ? 1 : -1, slot = p % 11;

      gx[p] = centre_x + (team == 1 ? 8 : 0) + (slot / 4 - 1) * 15 + 2 * sin (frame / 50.0 + p);
      gy[p] = team < 0 ? 20 : 34 + (slot % 4 - 1.5) * 15 + 2 * cos (frame / 60.0 + p);
    }
  /* Once every TOUCH_EVERY frames a player steps onto the next slot's man. */
  for (int p = 0; p < 22; p++)
    if (p % 11 < 10 && frame % TOUCH_EVERY == (p * 7) % TOUCH_EVERY)
      {
        gx[p] = gx[p + 1];
        gy[p] = gy[p + 1];
        if (g_rand_int_range (engine->rand, 0, 5) == 0)
          {
            guint32 swap = engine->ids[p];

            engine->ids[p] = engine->ids[p + 1];
            engine->ids[p + 1] = swap;
          }
      }
  for (int p = 0; p < N_PERSONS; p++)
    obs[p] = (TlRoleObs) { engine->ids[p], p < 11 ? 0 : p < 22 ? 1 : -1, (float) (20 * gx[p]),
                           (float) (8 * gy[p]), 20, 60, (float) gx[p], (float) gy[p] };
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
  GHashTable *engine_counts[N_PERSONS], *role_counts[N_PERSONS];

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--minutes") && i + 1 < argc)
      minutes = atoi (argv[++i]);
  n_frames = minutes * 60 * FPS;
  for (int p = 0; p < N_PERSONS; p++)
    {
      engine_counts[p] = g_hash_table_new (NULL, NULL);
      role_counts[p] = g_hash_table_new (NULL, NULL);
    }

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
      for (int p = 0; p < N_PERSONS; p++)
        {
          count_id (engine_counts[p], obs[p].id);
          count_id (role_counts[p], ids[p]);
        }
    }
  g_rand_free (engine.rand);
  seconds[2] = (g_get_monotonic_time () - t0) / 1e6;
  getrusage (RUSAGE_SELF, &usage);

  printf ("role pass over %d min (%d frames, %d persons each, %u engine ids): %d roles\n",
          minutes, n_frames, N_PERSONS, engine.next_id - 1, n_roles);
  printf ("  teams and pieces %.3f s, roles %.3f s, ids %.3f s (the made-up frames included);"
          " peak memory %.1f MB\n", seconds[0], seconds[1], seconds[2], usage.ru_maxrss / 1024.0);
  /* The exchanges here are made up, one touch in five: a check that the pass runs as meant,
   * not a measure of it (that is eval-track's, on the demos). */
  printf ("  a player's frames under his most frequent id: engine %.3f, roles %.3f\n",
          kept_share (engine_counts, n_frames), kept_share (role_counts, n_frames));
  for (int p = 0; p < N_PERSONS; p++)
    {
      g_hash_table_unref (engine_counts[p]);
      g_hash_table_unref (role_counts[p]);
    }
  tl_role_ids_free (roles);
  return n_roles > 0 ? 0 : 1;
}
