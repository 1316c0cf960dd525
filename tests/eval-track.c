/* SPDX-License-Identifier: GPL-3.0-or-later */
/* eval-track.c: scores the tracking engine on demo matches; with no arguments (the bench suite)
 * it makes 60 s demos of each light at two noise levels, three seeds each, with touchline-cli,
 * scores them and prints each set's means and how many demos meet the targets; with --held-out
 * (and TOUCHLINE_CLI set) the same for seeds 26-49, which no rule was chosen on, and with
 * --held-out-from S for the 24 seeds from S (26 or more: the later check sets, 50-73, 74-97).
 *
 *   eval-track [--held-out | --held-out-from S] [--threads N]
 *              (the suite; TOUCHLINE_CLI names touchline-cli)
 *   eval-track VIDEO.mp4 GT.txt [--size WxH] [--threads N] [--frames N] [--report-lag N]
 *              [--no-carry] [--no-roles] [--dump PREFIX]     (--report-lag 0: no lag;
 *              default the analyzer's; --no-carry: without the analyzer's pass for the
 *              carried ball; --no-roles: persons scored with the engine's ids, without the
 *              analyzer's role pass)
 *   eval-track VIDEO.mp4 GT.txt --replay PREFIX.hyp.txt [--size WxH] [--no-roles]
 *              [--dump PREFIX2] (an earlier --dump's reports scored again with the
 *              carried-ball and role passes, in seconds: the engine is not run, the video not
 *              decoded)
 *   eval-track --footage VIDEO --size WxH [--polygon x,y,x,y,...] [--person-px TOP,BOTTOM]
 *              [--points "u,v,x,y;..."] --dump PREFIX --dump-every N
 *              (real footage: boxes and masks to look at; --points: 4+ landmarks, analysis
 *              pixels and pitch metres, fit a flat camera as the app's calibration does)
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl-track-eval.h"

static void
print_row (const char        *name,
           const TlTrackEvalResult *r)
{
  printf ("%-28s %5d fr %4dx%-4d  MOTA %.3f  IDF1 %.3f  HOTA %.3f  IDSW %4ld FN %6ld FP %6ld  "
          "ball recall %.3f precision %.3f (engine alone %.3f)  engine %.1f fps\n", name,
          r->n_frames, r->width, r->height, r->person.mota, r->person.idf1, r->person.hota,
          r->person.id_switches, r->person.fn, r->person.fp, r->ball_recall, r->ball_precision,
          r->engine_ball_recall, r->engine_seconds > 0 ? r->n_frames / r->engine_seconds : 0.0);
  fflush (stdout);
}

/* The targets on every 60 s demo (docs/tracking.md, Evaluation on demo matches). */
#define TARGET_MOTA 0.90
#define TARGET_IDF1 0.85
#define TARGET_BALL_RECALL 0.85

/* Sums for the means of the demos scored so far, and how many meet each target. */
typedef struct
{
  int    n;
  double mota, idf1, hota, id_switches, ball_recall, ball_precision, engine_ball_recall;
  int    mota_met, idf1_met, ball_met;
} SuiteTotals;

static void
add_to_totals (SuiteTotals             *t,
               const TlTrackEvalResult *r)
{
  t->n++;
  t->mota += r->person.mota;
  t->idf1 += r->person.idf1;
  t->hota += r->person.hota;
  t->id_switches += r->person.id_switches;
  t->ball_recall += r->ball_recall;
  t->ball_precision += r->ball_precision;
  t->engine_ball_recall += r->engine_ball_recall;
  t->mota_met += r->person.mota >= TARGET_MOTA;
  t->idf1_met += r->person.idf1 >= TARGET_IDF1;
  t->ball_met += r->ball_recall >= TARGET_BALL_RECALL;
}

static void
print_totals (const char        *name,
              const SuiteTotals *t)
{
  if (t->n == 0)
    return;
  printf ("%-28s %2d demos        MOTA %.4f IDF1 %.4f HOTA %.4f IDSW %6.1f  "
          "ball recall %.4f precision %.4f (engine alone %.4f)\n", name, t->n, t->mota / t->n,
          t->idf1 / t->n, t->hota / t->n, t->id_switches / t->n, t->ball_recall / t->n,
          t->ball_precision / t->n, t->engine_ball_recall / t->n);
  printf ("%-28s targets met on MOTA %d, IDF1 %d, ball recall %d of %d demos\n", "", t->mota_met,
          t->idf1_met, t->ball_met, t->n);
  fflush (stdout);
}

/* Every light at two noise levels, with three seeds each: the first eight are the demos of the
 * table in docs/tracking.md that the engine was tuned on, the second and third eight check sets.
 * One demo's IDF1 moves by a few hundredths with any change of who stands behind whom, and the
 * mean of eight by up to 0.06 from one set of seeds to another, so a measure must hold on all
 * three sets. Then one sunny demo with cloud shadows drifting over the pitch (real shadows: the
 * demos' own keep the grass's colour), scored on its own. With @held_out_from (the first of
 * its seeds, 0 for the suite above), seeds 26-49 or a later 24 instead, seed s with the light
 * and noise of seed 1 + (s - 1) mod 8, and no clouds: since stop 36 the ball's rules were
 * chosen on the means of all 24 demos above, and these show what they are worth on demos no
 * rule was chosen on (docs/tracking.md, "Evaluation on demo matches"); rules found on one such
 * set are checked on the next. */
static int
run_suite (int n_threads,
           int held_out_from)
{
  static const struct { int seed; const char *light; int noise; gboolean clouds; } cases[] = {
    { 1, "sunny", 2 }, { 2, "overcast", 2 }, { 3, "floodlight", 2 }, { 4, "dusk", 2 },
    { 5, "sunny", 6 }, { 6, "dusk", 6 }, { 7, "floodlight", 6 }, { 8, "overcast", 6 },
    { 9, "sunny", 2 }, { 10, "overcast", 2 }, { 11, "floodlight", 2 }, { 12, "dusk", 2 },
    { 13, "sunny", 6 }, { 14, "dusk", 6 }, { 15, "floodlight", 6 }, { 16, "overcast", 6 },
    { 17, "sunny", 2 }, { 18, "overcast", 2 }, { 19, "floodlight", 2 }, { 20, "dusk", 2 },
    { 21, "sunny", 6 }, { 22, "dusk", 6 }, { 23, "floodlight", 6 }, { 24, "overcast", 6 },
    { 25, "sunny", 2, TRUE },
  };
  const char *cli = g_getenv ("TOUCHLINE_CLI");
  g_autofree char *dir = NULL;
  static const char *const set_names[3] = {
    "mean, seeds 1-8 (tuned on)", "mean, seeds 9-16 (check)", "mean, seeds 17-24 (check)",
  };
  gsize n_cases = held_out_from ? 24 : G_N_ELEMENTS (cases);
  SuiteTotals sets[3] = { { 0 } }, all = { 0 };
  int failures = 0;

  if (cli == NULL)
    {
      fprintf (stderr, "eval-track: TOUCHLINE_CLI is not set\n");
      return 77;
    }
  dir = g_dir_make_tmp ("tl-eval-XXXXXX", NULL);
  for (gsize c = 0; c < n_cases; c++)
    {
      int seed_no = held_out_from ? held_out_from + (int) c : cases[c].seed;
      gsize l = held_out_from ? (gsize) (seed_no - 1) % 8 : c;
      g_autofree char *name = g_strdup_printf ("s%d-%s-n%d%s", seed_no, cases[l].light,
                                               cases[l].noise,
                                               cases[l].clouds ? "-clouds" : "");
      g_autofree char *video = g_strdup_printf ("%s/%s.mp4", dir, name);
      g_autofree char *json = g_strdup_printf ("%s/%s.json", dir, name);
      g_autofree char *gt = g_strdup_printf ("%s/%s.gt.txt", dir, name);
      g_autofree char *seed = g_strdup_printf ("%d", seed_no);
      g_autofree char *noise = g_strdup_printf ("%d", cases[l].noise);
      const char *argv[] = { cli, "demo", video, "--seconds", "60", "--seed", seed, "--light",
                             cases[l].light, "--noise", noise, "--gt", gt,
                             cases[l].clouds ? "--clouds" : NULL, NULL };
      g_autoptr(GError) error = NULL;
      TlTrackEvalOptions options = { .video = video, .gt = gt, .n_threads = n_threads };
      TlTrackEvalResult r;
      int status = 0;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                         &status, &error) || !g_spawn_check_wait_status (status, &error)
          || !tl_track_eval_run (&options, &r, &error))
        {
          fprintf (stderr, "%s: %s\n", name, error->message);
          failures++;
        }
      else
        {
          print_row (name, &r);
          if (!cases[l].clouds)
            {
              add_to_totals (&sets[c / 8], &r);
              add_to_totals (&all, &r);
            }
        }
      g_unlink (video);
      g_unlink (json);
      g_unlink (gt);
    }
  g_rmdir (dir);
  for (int k = 0; k < 3; k++)
    {
      int first = held_out_from + 8 * k;
      g_autofree char *name = held_out_from
                              ? g_strdup_printf ("mean, seeds %d-%d (held out)", first, first + 7)
                              : g_strdup (set_names[k]);

      print_totals (name, &sets[k]);
    }
  print_totals (held_out_from ? "mean, all held out" : "mean, all", &all);
  return failures ? 1 : 0;
}

int
main (int   argc,
      char *argv[])
{
  TlTrackEvalOptions options = { 0 };
  TlTrackEvalResult r;
  g_autoptr(GError) error = NULL;
  int n_pos = 0, footage = 0, held_out_from = 0;
  double polygon[64];
  TlCorrespondence points[32];

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--size") == 0 && i + 1 < argc)
        {
          if (sscanf (argv[++i], "%dx%d", &options.width, &options.height) != 2)
            return 2;
        }
      else if (strcmp (argv[i], "--threads") == 0 && i + 1 < argc)
        options.n_threads = atoi (argv[++i]);
      else if (strcmp (argv[i], "--report-lag") == 0 && i + 1 < argc)
        {
          int lag = atoi (argv[++i]);

          /* 0 on the command line is no lag; in the options it is the analyzer's. */
          options.report_lag = lag > 0 ? lag : -1;
        }
      else if (strcmp (argv[i], "--no-carry") == 0)
        options.no_ball_carry = TRUE;
      else if (strcmp (argv[i], "--no-roles") == 0)
        options.no_role_ids = TRUE;
      else if (strcmp (argv[i], "--replay") == 0 && i + 1 < argc)
        options.replay = argv[++i];
      else if (strcmp (argv[i], "--frames") == 0 && i + 1 < argc)
        options.max_frames = atoi (argv[++i]);
      else if (strcmp (argv[i], "--footage") == 0)
        footage = 1;
      else if (strcmp (argv[i], "--held-out") == 0)
        held_out_from = 26;
      else if (strcmp (argv[i], "--held-out-from") == 0 && i + 1 < argc)
        {
          /* The bench suite's own seeds (1-25) are not held out. */
          if ((held_out_from = atoi (argv[++i])) < 26)
            {
              fprintf (stderr, "eval-track: --held-out-from: \"%s\" is not a seed of 26 or "
                       "more\n", argv[i]);
              return 2;
            }
        }
      else if (strcmp (argv[i], "--dump-every") == 0 && i + 1 < argc)
        options.dump_every = atoi (argv[++i]);
      else if (strcmp (argv[i], "--person-px") == 0 && i + 1 < argc)
        {
          if (sscanf (argv[++i], "%lf,%lf", &options.person_px_top,
                      &options.person_px_bottom) != 2)
            return 2;
        }
      else if (strcmp (argv[i], "--polygon") == 0 && i + 1 < argc)
        {
          char **parts = g_strsplit (argv[++i], ",", -1);
          int n = 0;

          for (; parts[n] != NULL && n < 64; n++)
            polygon[n] = g_ascii_strtod (parts[n], NULL);
          g_strfreev (parts);
          options.polygon = polygon;
          options.n_polygon = n / 2;
        }
      else if (strcmp (argv[i], "--points") == 0 && i + 1 < argc)
        {
          g_auto(GStrv) parts = g_strsplit (argv[++i], ";", -1);
          int n = 0;

          for (; parts[n] != NULL; n++)
            if (n == G_N_ELEMENTS (points)
                || sscanf (parts[n], "%lf,%lf,%lf,%lf", &points[n].u, &points[n].v,
                           &points[n].x, &points[n].y) != 4)
              {
                fprintf (stderr, "eval-track: --points: \"%s\" is not u,v,x,y (at most %d)\n",
                         parts[n], (int) G_N_ELEMENTS (points));
                return 2;
              }
          options.points = points;
          options.n_points = n;
        }
      else if (strcmp (argv[i], "--dump-frame") == 0 && i + 1 < argc)
        options.dump_frame = atoi (argv[++i]);
      else if (strcmp (argv[i], "--dump") == 0 && i + 1 < argc)
        options.dump_prefix = argv[++i];
      else if (n_pos == 0)
        options.video = argv[i], n_pos++;
      else if (n_pos == 1)
        options.gt = argv[i], n_pos++;
      else
        return 2;
    }
  if (footage && n_pos == 1)
    {
      if (!tl_track_eval_run (&options, &r, &error))
        {
          fprintf (stderr, "eval-track: %s\n", error->message);
          return 1;
        }
      if (options.n_points > 0)
        printf ("camera fitted to %d points: %.2f px rms (%.2f px at most), %.2f m rms "
                "(%.2f m at most)\n", options.n_points, r.calibration.rms_px,
                r.calibration.max_px, r.calibration.rms_m, r.calibration.max_m);
      printf ("%s: %d frames at %dx%d, engine %.1f fps\n", options.video, r.n_frames,
              r.width, r.height, r.n_frames / MAX (r.engine_seconds, 1e-6));
      return 0;
    }
  if (n_pos == 0)
    return run_suite (options.n_threads, held_out_from);
  if (n_pos != 2 || held_out_from)
    {
      fprintf (stderr, "usage: eval-track [--held-out | --held-out-from S] [--threads N]\n"
               "       eval-track VIDEO.mp4 GT.txt [--size WxH] [--threads N] "
               "[--frames N] [--report-lag N] [--no-carry] [--no-roles] [--replay PREFIX.hyp.txt] "
               "[--dump PREFIX]\n");
      return 2;
    }
  if (!tl_track_eval_run (&options, &r, &error))
    {
      fprintf (stderr, "eval-track: %s\n", error->message);
      return 1;
    }
  print_row (options.video, &r);
  return 0;
}
