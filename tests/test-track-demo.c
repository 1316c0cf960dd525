/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-track-demo.c: the engine on a short demo match (made by touchline-cli, decoded with
 * GStreamer): a regression guard on MOTA, IDF1 and ball recall a little below today's figures;
 * its dump replayed (eval-track --replay) gives the same scores. The full 60 s evaluation for
 * every light is tests/eval-track.c (suite bench). */
#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "tl-track-eval.h"

static void
test_demo_sunny (void)
{
  const char *cli = g_getenv ("TOUCHLINE_CLI");
  g_autofree char *dir = NULL;
  g_autofree char *video = NULL;
  g_autofree char *json = NULL;
  g_autofree char *gt = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *hyp = NULL;
  g_autoptr(GError) error = NULL;
  TlTrackEvalOptions options = { 0 };
  TlTrackEvalResult r, again;
  int status = 0;

  if (cli == NULL)
    {
      g_test_skip ("TOUCHLINE_CLI is not set (run through meson test)");
      return;
    }
  dir = g_dir_make_tmp ("tl-track-demo-XXXXXX", &error);
  g_assert_no_error (error);
  video = g_build_filename (dir, "demo.mp4", NULL);
  json = g_build_filename (dir, "demo.json", NULL);
  gt = g_build_filename (dir, "gt.txt", NULL);
  dump = g_build_filename (dir, "run", NULL);
  hyp = g_build_filename (dir, "run.hyp.txt", NULL);
  {
    const char *argv[] = { cli, "demo", video, "--seconds", "8", "--seed", "3", "--gt", gt,
                           NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                                 NULL, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, &error));
  }

  options.video = video;
  options.gt = gt;
  options.n_threads = 2;
  options.dump_prefix = dump;
  g_assert_true (tl_track_eval_run (&options, &r, &error));
  g_assert_no_error (error);
  g_test_message ("8 s demo at %dx%d: MOTA %.3f IDF1 %.3f HOTA %.3f IDSW %ld FN %ld FP %ld "
                  "ball recall %.3f", r.width, r.height, r.person.mota, r.person.idf1,
                  r.person.hota, r.person.id_switches, r.person.fn, r.person.fp,
                  r.ball_recall);
  g_assert_cmpint (r.n_frames, ==, 200);
  /* Measured: MOTA 0.936, IDF1 0.961, ball recall 0.71 with the analyzer's report lag (boxes
   * smoothed, gaps bridged, the frames before a track's confirmation shown, the ball revised;
   * 0.944 / 0.966 before reported boxes reached a pixel over the head, which gained on all
   * eight 60 s demos but matched 19 fewer boxes of this one's 2,900; 0.910 / 0.950 without
   * those early frames; 0.917 / 0.953 / 0.76 before held pixels that pass
   * only as shadow stopped being learnt, which gained on the 60 s demos). docs/tracking.md
   * has the 60 s table: the targets (MOTA 0.90, IDF1 0.85, ball 0.85 on every 60 s
   * demo) are not met yet. The ball's 200 frames move by 0.1 with any change of who holds it,
   * so its floor sits lower; scored with the analysis's last pass (the carried ball, the unseen
   * runs drawn on a line), 0.95 at stop 37, 0.79 without it. */
  g_assert_cmpfloat (r.person.mota, >=, 0.91);
  g_assert_cmpfloat (r.person.idf1, >=, 0.94);
  g_assert_cmpfloat (r.ball_recall, >=, 0.50);

  /* The dump's reports scored again: the pass gives the same balls, to a frame or two (the
   * dump keeps a tenth of a pixel, and whether a carrier stands or walks is a threshold); the
   * persons' boxes match as before to a box or two. Without the pass, its fills go. */
  options.dump_prefix = NULL;
  options.replay = hyp;
  g_assert_true (tl_track_eval_run (&options, &again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (again.n_frames, ==, 200);
  g_assert_cmpint (again.ball_gt, ==, r.ball_gt);
  g_assert_cmpint (labs (again.ball_hits - r.ball_hits), <=, 2);
  g_assert_cmpint (labs (again.ball_reported - r.ball_reported), <=, 2);
  g_assert_cmpfloat_with_epsilon (again.person.mota, r.person.mota, 0.002);
  g_assert_cmpfloat_with_epsilon (again.person.idf1, r.person.idf1, 0.002);
  options.no_ball_carry = TRUE;
  g_assert_true (tl_track_eval_run (&options, &again, &error));
  g_assert_no_error (error);
  g_test_message ("replayed without the pass: ball recall %.3f", again.ball_recall);
  g_assert_cmpint (again.ball_hits, <, r.ball_hits);
  /* The run's "engine alone" recall counts the engine's reports before the pass fills or
   * replaces them: what the replay without the pass scores. */
  g_assert_cmpint (again.engine_ball_hits, ==, again.ball_hits);
  g_assert_cmpint (labs (again.ball_hits - r.engine_ball_hits), <=, 2);
  g_assert_cmpfloat_with_epsilon (r.engine_ball_recall,
                                  (double) r.engine_ball_hits / r.ball_gt, 1e-9);

  g_unlink (hyp);
  for (int k = 0; k < 2; k++)
    {
      /* The dump also wrote frame 0's mask and luma. */
      g_autofree char *pgm = g_strconcat (dump, k ? ".frame.pgm" : ".mask.pgm", NULL);

      g_unlink (pgm);
    }
  g_unlink (video);
  g_unlink (json);
  g_unlink (gt);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/track-demo/sunny", test_demo_sunny);
  return g_test_run ();
}
