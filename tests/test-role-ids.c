/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-role-ids.c: identities from the roles in a team's shape (tl-role-ids.h) on a half made
 * up here: two teams of six moving with their centres, a duel in which the engine swaps two
 * team-mates' ids, a referee, and a player's track the coach keeps. */
#include <glib.h>
#include <math.h>

#include "tl-role-ids.h"

#define FPS 25
#define N_FRAMES 600
#define N_PERSONS 13          /* persons 0-5 team 0, 6-11 team 1, 12 the referee */
#define KEPT 12               /* the engine's id of person 11 */
#define DUEL_FIRST 250        /* persons 0 and 1 meet... */
#define DUEL_LAST 300         /* ...and go back */
#define SWAP_FRAME 275        /* where the engine gives each the other's id */

/* Where each player stands off his team's centre, metres. */
static const double shape[6][2] = {
  { -10, -10 }, { 10, -10 }, { -10, 10 }, { 10, 10 }, { 0, -22 }, { 0, 22 },
};

/* How team 1 moves: in its shape, or wandering about its centre in each other's way. */
typedef enum
{
  HOLDS_SHAPE,
  WANDERS,
} TeamOne;

/* Person @p's ground point in @frame, team 1 moving as @team_one. */
static void
ground_at (int      p,
           int      frame,
           TeamOne  team_one,
           double  *gx,
           double  *gy)
{
  double centre_x = 40 + 10 * sin (2 * G_PI * frame / 300.0);

  if (p == 12)
    {
      *gx = centre_x + 3;
      *gy = 30;
      return;
    }
  *gx = (p < 6 ? centre_x : centre_x + 25) + shape[p % 6][0];
  *gy = 34 + shape[p % 6][1];
  if (team_one == WANDERS && p >= 6)
    {
      *gx = centre_x + 25 + 18 * sin (frame / (8.0 + p) + p);
      *gy = 34 + 18 * cos (frame / (11.0 + p) + 2 * p);
    }
  /* The duel: the two first players run to the point between them and back. */
  if (p < 2 && frame > DUEL_FIRST && frame < DUEL_LAST)
    {
      double half = (DUEL_LAST - DUEL_FIRST) / 2.0;
      double towards = 1 - fabs (frame - DUEL_FIRST - half) / half;

      *gx -= shape[p][0] * towards;
    }
}

/* The id the engine gives person @p in @frame: 1 on, the duel's two swapped after it. */
static guint32
engine_id (int p,
           int frame)
{
  if (p < 2 && frame >= SWAP_FRAME)
    return (guint32) (2 - p);
  return (guint32) p + 1;
}

static void
frame_obs (int        frame,
           TeamOne    team_one,
           TlRoleObs *obs)
{
  for (int p = 0; p < N_PERSONS; p++)
    {
      double gx, gy;

      ground_at (p, frame, team_one, &gx, &gy);
      obs[p] = (TlRoleObs) {
        .id = engine_id (p, frame), .team = p < 6 ? 0 : p < 12 ? 1 : -1,
        /* A box 20 x 50 px over a foot 10 px a metre across, 5 down. */
        .x = (float) (100 + 10 * gx - 10), .y = (float) (100 + 5 * gy - 50), .w = 20, .h = 50,
        .ground_x = (float) gx, .ground_y = (float) gy,
      };
    }
  /* A frame now and then reads the wrong shirt: a track's team is the one it has most often. */
  if (frame % 50 == 0)
    obs[3].team = 1;
}

/* The ids of every frame's persons, with the pass or as the engine gave them, with track
 * @keep kept (0 none), team 1 moving as @team_one: person p of frame f at f * N_PERSONS + p;
 * *@n_roles the roles given. */
static guint32 *
run_pass (gboolean roles_on,
          guint32  keep,
          TeamOne  team_one,
          int     *n_roles)
{
  guint32 *out = g_new (guint32, N_FRAMES * N_PERSONS);
  TlRoleIds *roles = tl_role_ids_new (FPS);
  TlRoleObs obs[N_PERSONS];

  g_assert_nonnull (roles);
  if (keep != 0)
    g_assert_cmpint (tl_role_ids_keep (roles, keep), ==, 0);
  for (int f = 0; f < N_FRAMES; f++)
    {
      frame_obs (f, team_one, obs);
      for (int p = 0; p < N_PERSONS; p++)
        g_assert_cmpint (tl_role_ids_vote (roles, obs[p].id, obs[p].team), ==, 0);
    }
  for (int f = 0; f < N_FRAMES; f++)
    {
      frame_obs (f, team_one, obs);
      g_assert_cmpint (tl_role_ids_add_frame (roles, f, obs, N_PERSONS), ==, 0);
    }
  *n_roles = tl_role_ids_solve (roles, 100);
  g_assert_cmpint (*n_roles, >=, 0);
  for (int f = 0; f < N_FRAMES; f++)
    {
      frame_obs (f, team_one, obs);
      for (int p = 0; p < N_PERSONS; p++)
        out[f * N_PERSONS + p] = obs[p].id;
      if (roles_on)
        g_assert_cmpint (tl_role_ids_relabel (roles, f, out + f * N_PERSONS, N_PERSONS), ==, 0);
    }
  tl_role_ids_free (roles);
  return out;
}

/* Whether the duel's two players' boxes touch in @frame. */
static gboolean
in_duel (int frame)
{
  double x0, x1, y;

  ground_at (0, frame, HOLDS_SHAPE, &x0, &y);
  ground_at (1, frame, HOLDS_SHAPE, &x1, &y);
  return fabs (x1 - x0) * 10 < 20;
}

/* Whether person @p has one id in every frame, but for the duel's two those where they touch:
 * there a frame takes the role of the nearer end of the group, where the engine's swap need
 * not be. */
static gboolean
one_id (const guint32 *ids,
        int            p)
{
  for (int f = 1; f < N_FRAMES; f++)
    if (ids[f * N_PERSONS + p] != ids[p] && !(p < 2 && in_duel (f)))
      return FALSE;
  return TRUE;
}

static void
test_duel_swap (void)
{
  int n_roles;
  g_autofree guint32 *engine = run_pass (FALSE, 0, HOLDS_SHAPE, &n_roles);
  g_autofree guint32 *ids = run_pass (TRUE, 0, HOLDS_SHAPE, &n_roles);

  /* Roles: as many as a team has players in pieces at once plus one; here the spare one of
   * each team is placed at a player's and dropped. */
  g_assert_cmpint (n_roles, ==, 12);

  /* The engine's ids swap in the duel... */
  g_assert_false (one_id (engine, 0));
  g_assert_false (one_id (engine, 1));
  /* ...its roles do not: every player of a team one id, a role's, from start to end. */
  for (int p = 0; p < 12; p++)
    {
      g_assert_true (one_id (ids, p));
      g_assert_cmpuint (ids[p], >=, 100);
    }
  /* The referee (no team) has his. */
  g_assert_true (one_id (ids, 12));
  g_assert_cmpuint (ids[12], ==, 13);
  /* No frame has an id twice. */
  for (int f = 0; f < N_FRAMES; f++)
    for (int p = 0; p < N_PERSONS; p++)
      for (int q = p + 1; q < N_PERSONS; q++)
        g_assert_cmpuint (ids[f * N_PERSONS + p], !=, ids[f * N_PERSONS + q]);
}

/* A kept track reports its own id, and everyone else's ids are as without it. */
static void
test_kept (void)
{
  int n_roles;
  g_autofree guint32 *ids = run_pass (TRUE, 0, HOLDS_SHAPE, &n_roles);
  g_autofree guint32 *kept = run_pass (TRUE, KEPT, HOLDS_SHAPE, &n_roles);

  g_assert_true (one_id (kept, 11));
  g_assert_cmpuint (kept[11], ==, KEPT);
  g_assert_cmpuint (ids[11], !=, KEPT);
  for (int f = 0; f < N_FRAMES; f++)
    for (int p = 0; p < N_PERSONS; p++)
      if (p != 11)
        g_assert_cmpuint (kept[f * N_PERSONS + p], ==, ids[f * N_PERSONS + p]);
}

/* A team always in each other's way (seldom in pieces, TL_ROLE_IDS_MIN_HELD) keeps the
 * engine's ids; the other still gets its roles. */
static void
test_shapeless (void)
{
  int n_roles;
  g_autofree guint32 *engine = run_pass (FALSE, 0, WANDERS, &n_roles);
  g_autofree guint32 *ids = run_pass (TRUE, 0, WANDERS, &n_roles);

  g_assert_cmpint (n_roles, ==, 6);
  for (int f = 0; f < N_FRAMES; f++)
    for (int p = 0; p < N_PERSONS; p++)
      if (p >= 6)
        g_assert_cmpuint (ids[f * N_PERSONS + p], ==, engine[f * N_PERSONS + p]);
      else
        g_assert_cmpuint (ids[f * N_PERSONS + p], >=, 100);
}

/* A half of two teams of six in their shapes, no exchanges, but team 0's first player leaves his
 * place for 5 s (hidden for a moment either side of it) to stand on the second's, who is off
 * the pitch meanwhile. Person p of frame f at f * N_PERSONS + p, 0 where unreported. */
#define EXCURSION_FRAMES 2000
#define AWAY_FIRST 1005       /* on the second player's place... */
#define AWAY_END 1125         /* ...until here */
#define HIDDEN 5              /* unreported frames either side */

static guint32 *
excursion_ids (void)
{
  guint32 *out = g_new0 (guint32, EXCURSION_FRAMES * N_PERSONS);
  TlRoleIds *roles = tl_role_ids_new (FPS);

  for (int pass = 0; pass < 3; pass++)
    for (int f = 0; f < EXCURSION_FRAMES; f++)
      {
        TlRoleObs obs[N_PERSONS];
        guint32 ids[N_PERSONS];
        int who[N_PERSONS], n = 0;

        for (int p = 0; p < 12; p++)
          {
            double gx, gy;

            if ((p == 0 && ((f >= AWAY_FIRST - HIDDEN && f < AWAY_FIRST)
                            || (f >= AWAY_END && f < AWAY_END + HIDDEN)))
                || (p == 1 && f >= AWAY_FIRST - 2 * HIDDEN && f < AWAY_END + 2 * HIDDEN))
              continue;
            ground_at (p, f, FALSE, &gx, &gy);
            if (p == 0 && f >= AWAY_FIRST && f < AWAY_END)
              gx += shape[1][0] - shape[0][0] - 1;
            obs[n] = (TlRoleObs) { (guint32) p + 1, p < 6 ? 0 : 1, (float) (100 + 10 * gx - 10),
                                   (float) (100 + 5 * gy - 50), 20, 50, (float) gx, (float) gy };
            ids[n] = obs[n].id;
            who[n++] = p;
          }
        if (pass == 0)
          for (int k = 0; k < n; k++)
            tl_role_ids_vote (roles, obs[k].id, obs[k].team);
        else if (pass == 1)
          g_assert_cmpint (tl_role_ids_add_frame (roles, f, obs, n), ==, 0);
        else
          {
            if (f == 0)
              g_assert_cmpint (tl_role_ids_solve (roles, 100), >, 0);
            g_assert_cmpint (tl_role_ids_relabel (roles, f, ids, n), ==, 0);
            for (int k = 0; k < n; k++)
              out[f * N_PERSONS + who[k]] = ids[k];
          }
      }
  tl_role_ids_free (roles);
  return out;
}

/* A player's short stay on another's place is not a change of role: over the whole half it
 * costs more (TL_ROLE_IDS_CHANGE_M) than it gains, though the stay taken alone is on the other
 * role's place (where the labels in time order put it). */
static void
test_excursion (void)
{
  g_autofree guint32 *ids = excursion_ids ();

  for (int p = 0; p < 2; p++)
    {
      guint32 first = ids[p];

      g_assert_cmpuint (first, >=, 100);
      for (int f = 0; f < EXCURSION_FRAMES; f++)
        if (ids[f * N_PERSONS + p] != 0)
          g_assert_cmpuint (ids[f * N_PERSONS + p], ==, first);
    }
  g_assert_cmpuint (ids[0], !=, ids[1]);
}

static void
test_bad_input (void)
{
  TlRoleIds *roles;
  guint32 ids[2] = { 5, 6 };

  g_assert_null (tl_role_ids_new (0));
  roles = tl_role_ids_new (FPS);
  /* Nothing added: no roles, and ids stay. */
  g_assert_cmpint (tl_role_ids_solve (roles, 10), ==, 0);
  g_assert_cmpint (tl_role_ids_relabel (roles, 0, ids, 2), ==, 0);
  g_assert_cmpuint (ids[0], ==, 5);
  g_assert_cmpuint (ids[1], ==, 6);
  tl_role_ids_free (roles);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/role-ids/duel-swap", test_duel_swap);
  g_test_add_func ("/role-ids/kept", test_kept);
  g_test_add_func ("/role-ids/shapeless", test_shapeless);
  g_test_add_func ("/role-ids/excursion", test_excursion);
  g_test_add_func ("/role-ids/bad-input", test_bad_input);
  return g_test_run ();
}
