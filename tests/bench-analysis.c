/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-analysis.c: match analysis speed on a 60 s 3840x1152 demo (CPU backend; or the demo in
 * $TOUCHLINE_BENCH_VIDEO), its memory and decode/engine overlap, and the stored tracks of a
 * full 90-minute match: database size and 10 s window read latency. */
#include <gio/gio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "tl-analyzer.h"
#include "tl-carried-ball.h"
#include "tl-demo-generator.h"
#include "tl-library.h"
#include "tl-track-chunks.h"
#include "tl-test-media.h"

#define FPS          25
#define MATCH_FRAMES (90 * 60 * FPS)
#define OBJECTS      26            /* 22 players, 3 referees, the ball */

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("tl-bench-analysis-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static gboolean
put_chunks (TlStore   *store,
            gpointer   user_data,
            GError   **error)
{
  GArray *samples = g_array_new (FALSE, TRUE, sizeof (TlTrackSample));
  GRand *rand = g_rand_new_with_seed (1);
  gint64 chunk = 10 * FPS;
  gboolean ok = TRUE;

  /* Samples that move like players: a random walk per object, every object in every frame; the
   * ball unseen in the last 10 of every 50 frames (runs the last pass replaces). */
  for (gint64 first = 0; ok && first < MATCH_FRAMES; first += chunk)
    {
      g_autoptr(GBytes) blob = NULL;

      g_array_set_size (samples, 0);
      for (gint64 f = first; f < first + chunk; f++)
        for (int o = 0; o < OBJECTS; o++)
          {
            TlTrackSample s = { 0 };

            s.frame = f;
            s.track_no = (guint32) (o + 1 + (f / (FPS * 60)) * OBJECTS);
            s.klass = o == OBJECTS - 1 ? 2 : 1;
            s.coasting = s.klass == 2 && f % 50 >= 40;
            s.team = (gint8) (o < 11 ? 0 : o < 22 ? 1 : -1);
            s.x = (gint16) g_rand_int_range (rand, 0, 3800);
            s.y = (gint16) g_rand_int_range (rand, 300, 1100);
            s.w = 20;
            s.h = 60;
            s.pitch_x_cm = (gint16) g_rand_int_range (rand, -5250, 5250);
            s.pitch_y_cm = (gint16) g_rand_int_range (rand, -3400, 3400);
            g_array_append_val (samples, s);
          }
      blob = tl_track_chunk_encode (first, TRUE, (const TlTrackSample *) samples->data,
                                    samples->len);
      ok = tl_track_chunks_put (store, 1, first, first + chunk - 1, blob, error);
    }
  g_rand_free (rand);
  g_array_unref (samples);
  return ok;
}

/* Resident memory of this process, MB. */
static double
rss_mb (void)
{
  g_autofree char *statm = NULL;
  long pages = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    sscanf (statm, "%*d %ld", &pages);
  return pages * (double) sysconf (_SC_PAGESIZE) / (1024 * 1024);
}

static gboolean
carried_ball_pass (TlStore   *store,
                   gpointer   user_data,
                   GError   **error)
{
  return tl_carried_ball_add (store, 1, 25, NULL, NULL, user_data, error);
}

static void
bench_full_match_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "library.db", NULL);
  TlStore *store = tl_store_open (db, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2);
  double worst = 0, total = 0;
  GStatBuf st;
  int n = 200;

  g_assert_no_error (error);
  {
    sqlite3 *handle = NULL;

    /* The chunks need a match row (foreign key); the fewest columns that make one. */
    g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (handle, "INSERT INTO matches (id, title, file_path,"
                                   " content_hash, file_size, duration_ns, width, height,"
                                   " fps_num, fps_den) VALUES (1, 'bench', '/x', 'h', 1,"
                                   " 5400000000000, 3840, 1152, 25, 1)", NULL, NULL, NULL),
                     ==, SQLITE_OK);
    sqlite3_close (handle);
  }
  g_assert_true (tl_store_write (store, put_chunks, NULL, &error));
  g_assert_no_error (error);
  for (int i = 0; i < n; i++)
    {
      gint64 t = g_rand_int_range (rand, 0, 90 * 60 - 10) * G_TIME_SPAN_SECOND * 1000;
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(GArray) window = tl_track_chunks_query_window (store, 1, FPS, t,
                                                               t + 10 * G_TIME_SPAN_SECOND * 1000,
                                                               &error);
      double ms = (g_get_monotonic_time () - t0) / 1000.0;

      g_assert_no_error (error);
      g_assert_cmpuint (window->len, ==, 10 * FPS * OBJECTS);
      worst = MAX (worst, ms);
      total += ms;
    }
  {
    /* The analysis's last pass reads every chunk once and stores each again (no spell to fill:
     * the synthetic ball is in every frame, but every run of unseen ones is replaced but the
     * match's last, and since the ball jumps anywhere from frame to frame, a few frames between
     * two that happen to lie close are taken for a detour, tl-ball-detour.h); its memory is a
     * window of chunks, whatever the match. */
    double rss0 = rss_mb ();
    gint64 t0 = g_get_monotonic_time (), n_filled = -1;

    g_assert_true (tl_store_write (store, carried_ball_pass, &n_filled, &error));
    g_assert_no_error (error);
    g_assert_cmpint (n_filled, >=, MATCH_FRAMES / 5 - 10);
    printf ("carried-ball pass over the full match: %.2f s, resident memory %+.1f MB, "
            "%" G_GINT64_FORMAT " balls given (%" G_GINT64_FORMAT " of them on detours)\n",
            (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC, rss_mb () - rss0,
            n_filled, n_filled - (MATCH_FRAMES / 5 - 10));
  }
  /* Closing checkpoints the write-ahead log into the file: its size is what the disk keeps. */
  g_clear_object (&store);
  g_assert_cmpint (g_stat (db, &st), ==, 0);
  printf ("full match (%d frames, %d objects): database %.1f MB, "
          "10 s window read: mean %.2f ms, worst %.2f ms over %d reads\n",
          MATCH_FRAMES, OBJECTS, st.st_size / 1e6, total / n, worst, n);
  tl_test_remove_tree (dir);
}

/* Seconds to decode and scale the whole video to the analysis size, with the analyzer's
 * pipeline and no engine behind it: what a run would add if decode and tracking took turns. */
static double
decode_alone (const char *video,
              int         width,
              int         height)
{
  g_autofree char *description = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  GstSample *sample;
  guint n = 0;

  description = g_strdup_printf ("filesrc location=\"%s\" ! decodebin3 ! videoconvert ! "
                                 "videoscale method=bilinear ! "
                                 "video/x-raw,format=I420,width=%d,height=%d,"
                                 "pixel-aspect-ratio=1/1 ! "
                                 "appsink name=sink sync=false max-buffers=2 drop=false",
                                 video, width, height);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))) != NULL)
    {
      gst_sample_unref (sample);
      n++;
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_cmpuint (n, >, 0);
  return (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC;
}

/* Resident memory every tenth of the run: flat means nothing grows with the match's length. */
typedef struct
{
  int     next_tenth;
  GString *line;
} RssWatch;

static void
on_progress (TlAnalyzer *analyzer,
             gint64      done,
             gint64      total,
             double      fps,
             RssWatch   *watch)
{
  if (total <= 0 || done * 10 < (gint64) watch->next_tenth * total)
    return;
  g_string_append_printf (watch->line, " %d%%: %.0f MB", (int) (done * 100 / total), rss_mb ());
  watch->next_tenth = (int) (done * 10 / total) + 1;
}

static void
bench_analysis (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *video = g_build_filename (dir, "demo.mp4", NULL);
  g_autoptr(TlDemoGenerator) generator = NULL;
  g_autoptr(TlLibrary) library = NULL;
  g_autoptr(TlMatch) match = NULL;
  g_autoptr(TlAnalyzer) analyzer = NULL;
  const TlAnalysisSummary *summary;
  const char *seconds_env = g_getenv ("TOUCHLINE_BENCH_SECONDS");
  const char *video_env = g_getenv ("TOUCHLINE_BENCH_VIDEO");
  double seconds = seconds_env ? g_ascii_strtod (seconds_env, NULL) : 60;
  struct rusage usage;
  gint64 t0;
  RssWatch watch = { 1, g_string_new (NULL) };

  /* A demo made beforehand (touchline-cli demo, with its sidecar) spares the generation. */
  if (video_env != NULL)
    {
      g_free (video);
      video = g_strdup (video_env);
    }
  else
    {
      generator = g_object_new (TL_TYPE_DEMO_GENERATOR, "seconds", seconds, "seed", (guint64) 1,
                                NULL);
      g_assert_true (tl_demo_generator_run (generator, video, NULL, &error));
      g_assert_no_error (error);
    }
  library = tl_library_open (dir, &error);
  g_assert_no_error (error);
  match = tl_library_import_file (library, video, NULL, NULL, &error);
  g_assert_no_error (error);

  analyzer = tl_analyzer_new (tl_library_get_store (library), match);
  tl_analyzer_set_backend (analyzer, TL_TRACK_BACKEND_CPU);
  g_signal_connect (analyzer, "progress", G_CALLBACK (on_progress), &watch);
  seconds = tl_match_get_duration (match) / 1e9;
  t0 = g_get_monotonic_time ();
  g_assert_true (tl_analyzer_run (analyzer, NULL, &error));
  g_assert_no_error (error);
  summary = tl_analyzer_get_summary (analyzer);
  getrusage (RUSAGE_SELF, &usage);
  printf ("analysis of %.0f s at 3840x1152 (engine at 1920x576, CPU, %u cores): %.1f s "
          "end to end = %.2fx real time, %.1f fps, %u tracks, peak RSS %.0f MB\n", seconds,
          g_get_num_processors (), (g_get_monotonic_time () - t0) / 1e6,
          seconds / ((g_get_monotonic_time () - t0) / 1e6), summary->fps, summary->n_tracks,
          usage.ru_maxrss / 1024.0);
  printf ("resident memory during the analysis:%s\n", watch.line->str);
  g_string_free (watch.line, TRUE);

  {
    int width, height;
    double decode, serial;

    tl_analyzer_analysis_size (tl_match_get_width (match), tl_match_get_height (match), &width,
                               &height);
    decode = decode_alone (video, width, height);
    serial = decode + summary->engine_seconds;
    printf ("double buffering: engine %.1f s, engine waiting for frames %.1f s (%.0f%% of the "
            "run); decode and scale alone %.1f s (%.0f fps), decoder %s; one after the other "
            "would take at least %.1f s, overlapped the frame loop took %.1f s (%.0f%% less)\n",
            summary->engine_seconds, summary->wait_seconds,
            100 * summary->wait_seconds / summary->seconds, decode,
            summary->frames / decode, summary->decoder, serial, summary->seconds,
            100 * (1 - summary->seconds / serial));
  }

  g_clear_object (&analyzer);
  g_clear_object (&match);
  g_clear_object (&library);
  tl_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  g_test_add_func ("/analysis/bench/full-match-store", bench_full_match_store);
  g_test_add_func ("/analysis/bench/analysis-speed", bench_analysis);
  return g_test_run ();
}
