/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-mot-metrics.c: MOTA, IDF1 and HOTA on cases small enough to work out by hand. */
#include <glib.h>
#include <math.h>

#include "tl-mot-metrics.h"

static TlMotBox
box (int   id,
     float x,
     float y,
     float w,
     float h)
{
  TlMotBox b = { id, x, y, w, h };
  return b;
}

static void
score (const TlMotBox *gt,
       const int      *n_gt,
       const TlMotBox *hyp,
       const int      *n_hyp,
       int             n_frames,
       TlMotScores    *s)
{
  TlMotEval *eval = tl_mot_eval_new (0.5);

  for (int f = 0, g = 0, h = 0; f < n_frames; f++)
    {
      g_assert_cmpint (tl_mot_eval_add_frame (eval, gt + g, n_gt[f], hyp + h, n_hyp[f]), ==, 0);
      g += n_gt[f];
      h += n_hyp[f];
    }
  g_assert_cmpint (tl_mot_eval_compute (eval, s), ==, 0);
  tl_mot_eval_free (eval);
}

static void
test_perfect (void)
{
  TlMotBox gt[6], hyp[6];
  int n[3] = { 2, 2, 2 };
  TlMotScores s;

  for (int f = 0; f < 3; f++)
    {
      gt[2 * f] = box (1, 10 * f, 0, 10, 20);
      gt[2 * f + 1] = box (2, 100, 10 * f, 10, 20);
      hyp[2 * f] = box (7, 10 * f, 0, 10, 20);
      hyp[2 * f + 1] = box (9, 100, 10 * f, 10, 20);
    }
  score (gt, n, hyp, n, 3, &s);
  g_assert_cmpfloat_with_epsilon (s.mota, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.motp, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.idf1, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.hota, 1.0, 1e-12);
  g_assert_cmpint (s.id_switches, ==, 0);
}

static void
test_nothing_found (void)
{
  TlMotBox gt[2] = { box (1, 0, 0, 10, 10), box (1, 1, 0, 10, 10) };
  int n_gt[2] = { 1, 1 }, n_hyp[2] = { 0, 0 };
  TlMotScores s;

  score (gt, n_gt, NULL, n_hyp, 2, &s);
  g_assert_cmpfloat_with_epsilon (s.mota, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.idf1, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.hota, 0.0, 1e-12);
  g_assert_cmpint (s.fn, ==, 2);
}

/* One person, four frames; the tracker changes its id after frame 2.
 * MOTA = 1 - 1/4; IDF1 = 2*2 / (4 + 4); HOTA: DetA 1, AssA = (2 * 2/4 + 2 * 2/4) / 4 = 0.5. */
static void
test_id_switch (void)
{
  TlMotBox gt[4], hyp[4];
  int n[4] = { 1, 1, 1, 1 };
  TlMotScores s;

  for (int f = 0; f < 4; f++)
    {
      gt[f] = box (1, 5 * f, 0, 10, 20);
      hyp[f] = box (f < 2 ? 3 : 4, 5 * f, 0, 10, 20);
    }
  score (gt, n, hyp, n, 4, &s);
  g_assert_cmpint (s.id_switches, ==, 1);
  g_assert_cmpfloat_with_epsilon (s.mota, 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.idf1, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.deta, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.assa, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.hota, sqrt (0.5), 1e-12);
}

/* A false positive in each of 2 frames next to a perfect track: MOTA = 1 - 2/2 = 0;
 * IDF1 = 2*2 / (2 + 4) = 2/3; HOTA: DetA = 2 / (2 + 2) = 0.5, AssA 1 -> sqrt (0.5). */
static void
test_false_positive (void)
{
  TlMotBox gt[2] = { box (1, 0, 0, 10, 10), box (1, 0, 0, 10, 10) };
  TlMotBox hyp[4] = { box (1, 0, 0, 10, 10), box (2, 50, 50, 10, 10),
                      box (1, 0, 0, 10, 10), box (2, 50, 50, 10, 10) };
  int n_gt[2] = { 1, 1 }, n_hyp[2] = { 2, 2 };
  TlMotScores s;

  score (gt, n_gt, hyp, n_hyp, 2, &s);
  g_assert_cmpint (s.fp, ==, 2);
  g_assert_cmpfloat_with_epsilon (s.mota, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.idf1, 2.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.hota, sqrt (0.5), 1e-12);
}

/* IoU 0.6 everywhere: a match for MOTA; for HOTA only alphas up to 0.6 (12 of 19) match. */
static void
test_partial_overlap (void)
{
  TlMotBox gt[3], hyp[3];
  int n[3] = { 1, 1, 1 };
  TlMotScores s;

  for (int f = 0; f < 3; f++)
    {
      gt[f] = box (1, 0, 10 * f, 10, 10);
      hyp[f] = box (5, 0, 10 * f, 6, 10);
    }
  score (gt, n, hyp, n, 3, &s);
  g_assert_cmpfloat_with_epsilon (s.mota, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.motp, 0.6, 1e-6);
  g_assert_cmpfloat_with_epsilon (s.hota, 12.0 / 19.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.deta, 12.0 / 19.0, 1e-9);
}

/* Two people; the tracker swaps their ids after frame 2 of 4 and keeps them swapped: two
 * switches; each id pair overlaps in 2 frames, so IDTP = 4 of 8 boxes and IDF1 = 0.5. */
static void
test_swap (void)
{
  TlMotBox gt[8], hyp[8];
  int n[4] = { 2, 2, 2, 2 };
  TlMotScores s;

  for (int f = 0; f < 4; f++)
    {
      gt[2 * f] = box (1, 0, 30 * f, 10, 10);
      gt[2 * f + 1] = box (2, 100, 30 * f, 10, 10);
      hyp[2 * f] = box (f < 2 ? 10 : 11, 0, 30 * f, 10, 10);
      hyp[2 * f + 1] = box (f < 2 ? 11 : 10, 100, 30 * f, 10, 10);
    }
  score (gt, n, hyp, n, 4, &s);
  g_assert_cmpint (s.id_switches, ==, 2);
  g_assert_cmpfloat_with_epsilon (s.mota, 1.0 - 2.0 / 8.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.idf1, 0.5, 1e-12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mot-metrics/perfect", test_perfect);
  g_test_add_func ("/mot-metrics/nothing-found", test_nothing_found);
  g_test_add_func ("/mot-metrics/id-switch", test_id_switch);
  g_test_add_func ("/mot-metrics/false-positive", test_false_positive);
  g_test_add_func ("/mot-metrics/partial-overlap", test_partial_overlap);
  g_test_add_func ("/mot-metrics/swap", test_swap);
  return g_test_run ();
}
