/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-reel.c: export speed of a highlight reel: ten 15 s clips of the 3840x1152 demo, follow
 * cam from a real analysis, at 1280x720 and 1920x1080. Prints the figures. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>

#include "tl-analyzer.h"
#include "tl-demo-generator.h"
#include "tl-library.h"
#include "tl-reel-exporter.h"
#include "tl-reels.h"
#include "tl-test-media.h"

#define N_CLIPS   10
#define CLIP_NS   (15 * G_TIME_SPAN_SECOND * (gint64) 1000)

typedef struct
{
  gint64 match_id;
  gint64 ids[N_CLIPS];
  gint64 spacing_ns;
} Events;

static gboolean
insert_events (TlStore  *store,
               gpointer  user_data,
               GError  **error)
{
  Events *events = user_data;

  for (int i = 0; i < N_CLIPS; i++)
    {
      sqlite3_stmt *stmt = tl_store_prepare (store, "INSERT INTO events (match_id, code,"
                                                    " start_ns, end_ns) VALUES (?, 'Attack', ?, ?)",
                                             error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, events->match_id);
      sqlite3_bind_int64 (stmt, 2, i * events->spacing_ns);
      sqlite3_bind_int64 (stmt, 3, i * events->spacing_ns + CLIP_NS);
      if (!tl_store_exec_stmt (store, stmt, error))
        return FALSE;
      events->ids[i] = tl_store_last_insert_rowid (store);
    }
  return TRUE;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void
bench_size (TlLibrary  *library,
            GPtrArray  *items,
            TlReelSize  size,
            const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlReelExporter) exporter = tl_reel_exporter_new (library);
  g_autofree char *out = g_build_filename (dir, "reel.mp4", NULL);
  TlReelExportOptions options = { .size = size, .output = out };
  double cpu0 = cpu_seconds ();
  gint64 t0 = g_get_monotonic_time ();
  double wall, reel_s = N_CLIPS * CLIP_NS / 1e9;
  GStatBuf st;

  g_assert_true (tl_reel_exporter_export (exporter, NULL, items, &options, NULL, &error));
  g_assert_no_error (error);
  wall = (g_get_monotonic_time () - t0) / 1e6;
  g_assert_cmpint (g_stat (out, &st), ==, 0);
  printf ("reel %s: %d x %.0f s = %.0f s of video in %.1f s wall = %.2fx real time "
          "(target >= 1.5x), CPU %.1f s (%.0f%%), %s, %.1f MB\n",
          tl_reel_size_to_string (size), N_CLIPS, CLIP_NS / 1e9, reel_s, wall, reel_s / wall,
          cpu_seconds () - cpu0, (cpu_seconds () - cpu0) / wall * 100,
          tl_reel_exporter_get_video_encoder (exporter), st.st_size / 1e6);
  fflush (stdout);
  g_remove (out);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tl-bench-reel-XXXXXX", &error);
  g_autofree char *video = g_build_filename (dir, "demo.mp4", NULL);
  g_autofree char *library_dir = g_build_filename (dir, "library", NULL);
  g_autoptr(TlDemoGenerator) generator = NULL;
  g_autoptr(TlLibrary) library = NULL;
  g_autoptr(TlMatch) match = NULL;
  g_autoptr(TlAnalyzer) analyzer = NULL;
  g_autoptr(GPtrArray) items = NULL;
  const char *seconds_env = g_getenv ("TOUCHLINE_BENCH_SECONDS");
  double seconds = seconds_env ? g_ascii_strtod (seconds_env, NULL) : 60;
  Events events = { 0 };
  gint64 t0;

  g_test_init (&argc, &argv, NULL);
  g_assert_no_error (error);

  generator = g_object_new (TL_TYPE_DEMO_GENERATOR, "seconds", seconds, "seed", (guint64) 1,
                            NULL);
  g_assert_true (tl_demo_generator_run (generator, video, NULL, &error));
  g_assert_no_error (error);
  library = tl_library_open (library_dir, &error);
  g_assert_no_error (error);
  match = tl_library_import_file (library, video, NULL, NULL, &error);
  g_assert_no_error (error);

  /* A real follow path: the clips are framed as a coach's would be. */
  t0 = g_get_monotonic_time ();
  analyzer = tl_analyzer_new (tl_library_get_store (library), match);
  g_assert_true (tl_analyzer_run (analyzer, NULL, &error));
  g_assert_no_error (error);
  printf ("demo %.0f s at %dx%d analysed in %.1f s (follow path)\n", seconds,
          tl_match_get_width (match), tl_match_get_height (match),
          (g_get_monotonic_time () - t0) / 1e6);

  /* Ten 15 s clips spread over the demo (they overlap when it is shorter than 150 s). */
  events.match_id = tl_match_get_id (match);
  events.spacing_ns = MAX ((gint64) ((tl_match_get_duration (match) - CLIP_NS) / (N_CLIPS - 1)),
                           0);
  g_assert_true (tl_store_write (tl_library_get_store (library), insert_events, &events,
                                 &error));
  g_assert_no_error (error);
  items = tl_reels_items_from_events (tl_library_get_store (library), events.ids, N_CLIPS,
                                      &error);
  g_assert_no_error (error);

  bench_size (library, items, TL_REEL_SIZE_720P, dir);
  bench_size (library, items, TL_REEL_SIZE_1080P, dir);

  g_clear_object (&library);
  tl_test_remove_tree (dir);
  return 0;
}
