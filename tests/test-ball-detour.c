/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ball-detour.c: a detour of a few frames of the reported ball, put back on its line
 * (tl-ball-detour.h), on hand-made frames: which runs are detours and which are not. */
#include <glib.h>
#include <math.h>

#include "tl-ball-detour.h"

#define FPS 25.0
/* A person 90 px tall: 50 px a metre, so a detour lies over 25 px off the line, and its ends
 * at most 6 px a frame apart. */
#define HEIGHT 90.0f
#define PX_PER_M (HEIGHT / TL_BALL_DETOUR_PERSON_M)

/* A ball of 6 x 6 centred at (@cx, @cy). */
static TlTrackUpdate
ball (int   id,
      float cx,
      float cy)
{
  return (TlTrackUpdate) { .id = id, .klass = TL_OBJECT_BALL, .state = TL_TRACK_CONFIRMED,
                           .x = cx - 3, .y = cy - 3, .w = 6, .h = 6, .team = -1,
                           .pitch_x = cx / 10, .pitch_y = cy / 10, .vx = 1, .vy = 2 };
}

typedef struct
{
  TlBallDetour    *detour;
  gboolean         with_person;
  /* Every move handed back, by frame (frames 0..99); moved[f] counts them. */
  TlBallDetourMove moves[100];
  int              moved[100];
  int              n_moves;
} Run;

static void
take (Run                    *run,
      const TlBallDetourMove *moves,
      int                     n)
{
  for (int k = 0; k < n; k++)
    {
      g_assert_cmpint (moves[k].frame, >=, 0);
      g_assert_cmpint (moves[k].frame, <, 100);
      run->moves[moves[k].frame] = moves[k];
      run->moved[moves[k].frame]++;
      run->n_moves++;
    }
}

/* Pushes frame @f: a player standing with his feet at (500, 300) (when the run has one) and
 * @b when not NULL. */
static void
push (Run                 *run,
      int                  f,
      const TlTrackUpdate *b)
{
  TlTrackUpdate u[2];
  const TlBallDetourMove *moves;
  int n = 0;

  if (run->with_person)
    u[n++] = (TlTrackUpdate) { .id = 7, .klass = TL_OBJECT_PERSON,
                               .state = TL_TRACK_CONFIRMED, .x = 490, .y = 300 - HEIGHT,
                               .w = 20, .h = HEIGHT };
  if (b)
    u[n++] = *b;
  take (run, moves, tl_ball_detour_push (run->detour, f, u, n, &moves));
}

static void
finish (Run *run)
{
  const TlBallDetourMove *moves;

  take (run, moves, tl_ball_detour_finish (run->detour, &moves));
  tl_ball_detour_free (run->detour);
}

static Run *
run_new (gboolean with_person)
{
  Run *run = g_new0 (Run, 1);

  run->detour = tl_ball_detour_new (FPS);
  g_assert_nonnull (run->detour);
  run->with_person = with_person;
  return run;
}

/* A ball (id 3) rolling 1 px a frame to the right from (540, 290) in frames 0..59, except
 * frames @from .. @to - 1, which report another path (id 4) @off px below where the ball is. */
static Run *
roll_with_detour (gboolean with_person,
                  int      from,
                  int      to,
                  float    off)
{
  Run *run = run_new (with_person);

  for (int f = 0; f < 60; f++)
    {
      TlTrackUpdate b = f >= from && f < to ? ball (4, 540 + f, 290 + off) : ball (3, 540 + f, 290);

      push (run, f, &b);
    }
  finish (run);
  return run;
}

static void
test_sock_for_three_frames (void)
{
  g_autofree Run *run = roll_with_detour (TRUE, 20, 23, 40);

  g_assert_cmpint (run->n_moves, ==, 3);
  for (int f = 20; f < 23; f++)
    {
      const TlBallDetourMove *m = &run->moves[f];

      g_assert_cmpint (run->moved[f], ==, 1);
      /* On the line from frame 19's ball to frame 23's: where the ball rolled. */
      g_assert_cmpfloat (fabsf (m->ball.x + m->ball.w / 2 - (540 + f)), <, 1e-3);
      g_assert_cmpfloat (fabsf (m->ball.y + m->ball.h / 2 - 290), <, 1e-3);
      g_assert_cmpfloat (fabsf (m->ball.pitch_x - (540 + f) / 10.0f), <, 1e-3);
      /* Its own id and velocity, now coasting; what it replaced with it. */
      g_assert_cmpint (m->ball.id, ==, 4);
      g_assert_cmpint (m->ball.state, ==, TL_TRACK_COASTING);
      g_assert_cmpfloat (m->ball.vx, ==, 1);
      g_assert_cmpfloat (m->was.y + m->was.h / 2, ==, 290 + 40);
      g_assert_cmpint (m->was.state, ==, TL_TRACK_CONFIRMED);
    }
}

static void
test_longest_detour (void)
{
  g_autofree Run *run = roll_with_detour (TRUE, 10, 10 + TL_BALL_DETOUR_MAX_FRAMES, 40);
  g_autofree Run *longer = roll_with_detour (TRUE, 10, 11 + TL_BALL_DETOUR_MAX_FRAMES, 40);

  g_assert_cmpint (run->n_moves, ==, TL_BALL_DETOUR_MAX_FRAMES);
  /* One frame more is no detour: the ball went somewhere else for a while. */
  g_assert_cmpint (longer->n_moves, ==, 0);
}

static void
test_near_the_line (void)
{
  /* Just inside TL_BALL_DETOUR_OFF_M of the line, and just beyond it. */
  g_autofree Run *near = roll_with_detour (TRUE, 30, 33, TL_BALL_DETOUR_OFF_M * PX_PER_M - 1);
  g_autofree Run *off = roll_with_detour (TRUE, 30, 33, TL_BALL_DETOUR_OFF_M * PX_PER_M + 1);

  g_assert_cmpint (near->n_moves, ==, 0);
  g_assert_cmpint (off->n_moves, ==, 3);
}

static void
test_nobody_to_measure_by (void)
{
  g_autofree Run *run = roll_with_detour (FALSE, 20, 23, 40);

  g_assert_cmpint (run->n_moves, ==, 0);
}

/* The ends of a kicked ball lie far apart: a bounce or a deflection between them is the ball's
 * own, and it stays. */
static void
test_fast_ball_stays (void)
{
  g_autofree Run *run = run_new (TRUE);
  float step = TL_BALL_DETOUR_SPEED_M_S / FPS * PX_PER_M + 1;

  for (int f = 0; f < 40; f++)
    {
      TlTrackUpdate b = ball (3, 100 + step * f, f >= 20 && f < 23 ? 330 : 290);

      push (run, f, &b);
    }
  finish (run);
  g_assert_cmpint (run->n_moves, ==, 0);
}

/* A frame without a ball inside a run, or a frame missing, breaks it. */
static void
test_frame_without_ball (void)
{
  g_autofree Run *run = run_new (TRUE);
  g_autofree Run *gap = run_new (TRUE);

  for (int f = 0; f < 40; f++)
    {
      TlTrackUpdate b = ball (3, 540 + f, f >= 20 && f < 23 ? 330 : 290);

      push (run, f, f == 21 ? NULL : &b);
      if (f != 21)
        push (gap, f, &b);
    }
  finish (run);
  finish (gap);
  g_assert_cmpint (run->n_moves, ==, 0);
  g_assert_cmpint (gap->n_moves, ==, 0);
}

/* Two detours in a row, the second starting at the first one's last end, and one at the very
 * end of the video (tl_ball_detour_finish). */
static void
test_one_after_another (void)
{
  g_autofree Run *run = run_new (TRUE);

  for (int f = 0; f < 30; f++)
    {
      gboolean off = (f >= 5 && f < 7) || (f >= 8 && f < 10) || (f >= 27 && f < 29);
      TlTrackUpdate b = ball (3, 540 + f, off ? 330 : 290);

      push (run, f, &b);
    }
  finish (run);
  g_assert_cmpint (run->n_moves, ==, 6);
  for (int f = 0; f < 30; f++)
    g_assert_cmpint (run->moved[f], ==, (f >= 5 && f < 7) || (f >= 8 && f < 10)
                                        || (f >= 27 && f < 29));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/track/ball-detour/sock-for-three-frames", test_sock_for_three_frames);
  g_test_add_func ("/track/ball-detour/longest", test_longest_detour);
  g_test_add_func ("/track/ball-detour/near-the-line", test_near_the_line);
  g_test_add_func ("/track/ball-detour/nobody-to-measure-by", test_nobody_to_measure_by);
  g_test_add_func ("/track/ball-detour/fast-ball-stays", test_fast_ball_stays);
  g_test_add_func ("/track/ball-detour/frame-without-ball", test_frame_without_ball);
  g_test_add_func ("/track/ball-detour/one-after-another", test_one_after_another);
  return g_test_run ();
}
