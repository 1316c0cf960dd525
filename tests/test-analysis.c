/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-analysis.c: match analysis end to end on a real demo video: tracks in the store, window
 * reads, the tracks export, cancel / kill -9 and resume (byte-identical chunks, the coach's
 * side of a track kept; a video that skips a frame), a file that disappears mid-analysis, CLI
 * exit statuses, the chunk blob format. */
#include <gio/gio.h>
#include <gst/gst.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tl-analysis-queue.h"
#include "tl-analyzer.h"
#include "tl-demo-generator.h"
#include "tl-library.h"
#include "tl-power-monitor.h"
#include "tl-track-chunks.h"
#include "tl-track-window.h"
#include "tl-tracker.h"
#include "tl-test-media.h"

#define DEMO_W 960
#define DEMO_H 288
#define DEMO_SECONDS 12.0
#define DEMO_FRAMES 300
#define CHECKPOINT_SECONDS 2.0
#define THREADS 2

/* Made once: the demo video and the chunks of an uninterrupted analysis of it. */
typedef struct
{
  char      *dir;
  char      *video;
  GPtrArray *reference;   /* "first:last:hex" of each chunk row, by first frame */
} Shared;

static Shared shared;

typedef struct
{
  char      *dir;
  TlLibrary *library;
  TlMatch   *match;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *video = data != NULL ? data : shared.video;

  fixture->dir = g_dir_make_tmp ("tl-analysis-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->library = tl_library_open (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->match = tl_library_import_file (fixture->library, video, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tl_match_get_calibrated (fixture->match));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->match);
  g_clear_object (&fixture->library);
  tl_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static TlAnalyzer *
make_analyzer (Fixture *fixture)
{
  TlAnalyzer *analyzer = tl_analyzer_new (tl_library_get_store (fixture->library),
                                          fixture->match);

  tl_analyzer_set_backend (analyzer, TL_TRACK_BACKEND_CPU);
  tl_analyzer_set_threads (analyzer, THREADS);
  tl_analyzer_set_checkpoint_interval (analyzer, CHECKPOINT_SECONDS);
  return analyzer;
}

/* Every chunk row of match 1 of a library file, as comparable strings. */
static GPtrArray *
read_chunks (const char *db_path)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT first_frame, last_frame, samples"
                                           " FROM track_chunks ORDER BY first_frame",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const guint8 *blob = sqlite3_column_blob (stmt, 2);
      int n = sqlite3_column_bytes (stmt, 2);
      GString *row = g_string_new (NULL);

      g_string_printf (row, "%lld:%lld:", (long long) sqlite3_column_int64 (stmt, 0),
                       (long long) sqlite3_column_int64 (stmt, 1));
      for (int i = 0; i < n; i++)
        g_string_append_printf (row, "%02x", blob[i]);
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return rows;
}

static void
assert_chunks_equal (GPtrArray *chunks,
                     GPtrArray *reference)
{
  g_assert_cmpuint (chunks->len, ==, reference->len);
  for (guint i = 0; i < chunks->len; i++)
    g_assert_cmpstr (g_ptr_array_index (chunks, i), ==, g_ptr_array_index (reference, i));
}

/* The chunks of an uninterrupted analysis of the shared demo. */
static void
assert_same_chunks (GPtrArray *chunks)
{
  /* The reference is /analysis/end-to-end's: a test run alone (-p) has none to compare with. */
  g_assert_nonnull (shared.reference);
  assert_chunks_equal (chunks, shared.reference);
}

/* The samples of chunk rows as read_chunks () gives them, in order. */
static GArray *
samples_of_rows (GPtrArray *rows)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (TlTrackSample));

  for (guint i = 0; i < rows->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (rows, i), ":", 3);
      gsize size = strlen (parts[2]) / 2;
      g_autofree guint8 *blob = g_malloc (size + 1);
      g_autoptr(GError) error = NULL;
      gboolean has_pitch;

      for (gsize k = 0; k < size; k++)
        blob[k] = (guint8) (g_ascii_xdigit_value (parts[2][2 * k]) * 16
                            + g_ascii_xdigit_value (parts[2][2 * k + 1]));
      g_assert_true (tl_track_chunk_decode (blob, size, g_ascii_strtoll (parts[0], NULL, 10), out,
                                            &has_pitch, &error));
      g_assert_no_error (error);
    }
  return out;
}

/* The chunks of an uninterrupted analysis of the shared demo, but that track @kept (one the
 * coach named) has its own id where that run's samples have the id of its role. */
static void
assert_same_chunks_but (GPtrArray *chunks,
                        guint32    kept)
{
  g_autoptr(GArray) samples = samples_of_rows (chunks);
  g_autoptr(GArray) reference = NULL;
  guint n_kept = 0;

  g_assert_nonnull (shared.reference);
  reference = samples_of_rows (shared.reference);
  g_assert_cmpuint (chunks->len, ==, shared.reference->len);
  g_assert_cmpuint (samples->len, ==, reference->len);
  for (guint i = 0; i < samples->len; i++)
    {
      const TlTrackSample *s = &g_array_index (samples, TlTrackSample, i);
      TlTrackSample r = g_array_index (reference, TlTrackSample, i);

      if (s->track_no == kept)
        {
          n_kept++;
          r.track_no = kept;
        }
      g_assert_cmpmem (s, sizeof *s, &r, sizeof r);
    }
  g_assert_cmpuint (n_kept, >, 0);
}

static char *
query_text (TlLibrary  *library,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *path = g_build_filename (tl_library_get_dir (library), "library.db", NULL);
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static void
test_chunk_format (void)
{
  TlTrackSample in[3] = {
    { .frame = 250, .track_no = 1, .klass = 1, .team = 0, .x = 10, .y = 20, .w = 5, .h = 12,
      .pitch_x_cm = -5230, .pitch_y_cm = 3400 },
    { .frame = 250, .track_no = 70000, .klass = 2, .coasting = 1, .team = -1, .x = -3,
      .y = 32000, .w = 2, .h = 2 },
    { .frame = 499, .track_no = 3, .klass = 1, .team = 1, .x = 3839, .y = 1151, .w = 40,
      .h = 90, .pitch_x_cm = 5250, .pitch_y_cm = -3400 },
  };
  g_autoptr(GBytes) blob = tl_track_chunk_encode (250, TRUE, in, 3);
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (TlTrackSample));
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *bad = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (blob, &size);
  gboolean has_pitch = FALSE;

  g_assert_cmpuint (size, ==, TL_TRACK_CHUNK_HEADER_SIZE + 3 * TL_TRACK_CHUNK_SAMPLE_SIZE);
  g_assert_cmpmem (data, 4, "TLCK", 4);
  g_assert_true (tl_track_chunk_decode (data, size, 250, out, &has_pitch, &error));
  g_assert_no_error (error);
  g_assert_true (has_pitch);
  g_assert_cmpuint (out->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const TlTrackSample *a = &in[i], *b = &g_array_index (out, TlTrackSample, i);

      g_assert_cmpint (a->frame, ==, b->frame);
      g_assert_cmpuint (a->track_no, ==, b->track_no);
      g_assert_cmpuint (a->klass, ==, b->klass);
      g_assert_cmpuint (a->coasting, ==, b->coasting);
      g_assert_cmpint (a->team, ==, b->team);
      g_assert_cmpint (a->x, ==, b->x);
      g_assert_cmpint (a->y, ==, b->y);
      g_assert_cmpint (a->w, ==, b->w);
      g_assert_cmpint (a->h, ==, b->h);
      g_assert_cmpint (a->pitch_x_cm, ==, b->pitch_x_cm);
      g_assert_cmpint (a->pitch_y_cm, ==, b->pitch_y_cm);
    }

  /* Another version and a truncated blob are refused, not misread. */
  bad = g_memdup2 (data, size);
  bad[4] = TL_TRACK_CHUNK_VERSION + 1;
  g_assert_false (tl_track_chunk_decode (bad, size, 250, out, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (tl_track_chunk_decode (data, size - 1, 250, out, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* The engine state blob: a round trip, and refusals of blobs that do not fit. */
static void
test_engine_state (void)
{
  TlTrackerConfig config;
  TlTracker *a = NULL, *b = NULL, *other = NULL;
  g_autofree guint8 *plane = g_malloc (64 * 48 * 3 / 2);
  uint8_t *blob = NULL, *again = NULL;
  size_t size = 0, size_again = 0;
  TlFrame frame = {
    .format = TL_FRAME_I420, .width = 64, .height = 48,
    .planes = { plane, plane + 64 * 48, plane + 64 * 48 * 5 / 4 },
    .strides = { 64, 32, 32 },
  };

  memset (plane, 100, 64 * 48 * 3 / 2);
  tl_tracker_config_init (&config, 64, 48);
  config.backend = TL_TRACK_BACKEND_CPU;
  config.n_threads = 1;
  g_assert_cmpint (tl_tracker_new (&config, &a, NULL, 0), ==, TL_TRACK_OK);
  g_assert_cmpint (tl_tracker_new (&config, &b, NULL, 0), ==, TL_TRACK_OK);
  for (int i = 0; i < 5; i++)
    g_assert_cmpint (tl_tracker_push (a, &frame, NULL), ==, TL_TRACK_OK);
  g_assert_cmpint (tl_tracker_save_state (a, &blob, &size), ==, TL_TRACK_OK);
  g_assert_cmpuint (size, >, 64 * 48 * 3);

  /* Restored, the second engine saves the very same state. */
  g_assert_cmpint (tl_tracker_restore_state (b, blob, size), ==, TL_TRACK_OK);
  g_assert_cmpint (tl_tracker_save_state (b, &again, &size_again), ==, TL_TRACK_OK);
  g_assert_cmpmem (blob, size, again, size_again);

  g_assert_cmpint (tl_tracker_restore_state (b, blob, size - 1), ==, TL_TRACK_ERROR_INVALID);
  g_assert_nonnull (strstr (tl_tracker_get_error (b), "corrupt"));
  config.width = 96;
  g_assert_cmpint (tl_tracker_new (&config, &other, NULL, 0), ==, TL_TRACK_OK);
  g_assert_cmpint (tl_tracker_restore_state (other, blob, size), ==, TL_TRACK_ERROR_INVALID);
  g_assert_nonnull (strstr (tl_tracker_get_error (other), "64x48"));
  /* A brightness gain out of its range (the seventh number of the head): the per-pixel maths
   * count on it being positive. */
  {
    int64_t gain = -256, saved;

    memcpy (&saved, blob + 6 * sizeof (int64_t), sizeof saved);
    memcpy (blob + 6 * sizeof (int64_t), &gain, sizeof gain);
    g_assert_cmpint (tl_tracker_restore_state (b, blob, size), ==, TL_TRACK_ERROR_INVALID);
    g_assert_nonnull (strstr (tl_tracker_get_error (b), "corrupt"));
    memcpy (blob + 6 * sizeof (int64_t), &saved, sizeof saved);
    g_assert_cmpint (tl_tracker_restore_state (b, blob, size), ==, TL_TRACK_OK);
  }
  blob[8] = 99;   /* the version */
  g_assert_cmpint (tl_tracker_restore_state (b, blob, size), ==, TL_TRACK_ERROR_INVALID);

  free (blob);
  free (again);
  tl_tracker_free (a);
  tl_tracker_free (b);
  tl_tracker_free (other);
}

static void
test_end_to_end (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TlAnalyzer) analyzer = make_analyzer (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) window = NULL;
  g_autoptr(GArray) tracks = NULL;
  g_autofree char *state = NULL;
  g_autofree char *db = g_build_filename (fixture->dir, "library.db", NULL);
  TlStore *store = tl_library_get_store (fixture->library);
  const TlAnalysisSummary *summary;
  guint with_stats = 0;
  gint64 t0;

  g_assert_true (tl_analyzer_run (analyzer, NULL, &error));
  g_assert_no_error (error);
  summary = tl_analyzer_get_summary (analyzer);
  g_assert_cmpint (summary->frames, ==, DEMO_FRAMES);
  g_assert_cmpint (summary->resumed_from, ==, 0);
  g_assert_cmpuint (summary->n_tracks, >, 20);
  g_assert_cmpint (summary->backend, ==, TL_TRACK_BACKEND_CPU);
  g_assert_cmpint (tl_match_get_analysis_state (fixture->match), ==, TL_ANALYSIS_STATE_DONE);
  state = query_text (fixture->library, "SELECT state || ':' || frames_done FROM analysis_jobs");
  g_assert_cmpstr (state, ==, "done:300");

  /* "All objects between 4 s and 6 s": frames 100..149, each with its players. */
  t0 = g_get_monotonic_time ();
  window = tl_track_chunks_query_window (store, tl_match_get_id (fixture->match), 25,
                                         4 * G_TIME_SPAN_SECOND * 1000,
                                         6 * G_TIME_SPAN_SECOND * 1000, &error);
  g_test_message ("window read: %.2f ms", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_no_error (error);
  g_assert_cmpuint (window->len, >, 50 * 15);
  for (guint i = 0; i < window->len; i++)
    {
      const TlTrackSample *s = &g_array_index (window, TlTrackSample, i);

      g_assert_cmpint (s->frame, >=, 100);
      g_assert_cmpint (s->frame, <=, 149);
      if (!s->coasting)
        {
          g_assert_cmpint (s->x, <, DEMO_W);
          g_assert_cmpint (s->y, <, DEMO_H);
        }
      /* Pitch positions of players with a calibration. Loose: at 480x144 a pixel on the far
       * touchline spans metres, and coasting tracks drift. */
      if (s->klass == 1)
        {
          g_assert_cmpint (ABS (s->pitch_x_cm), <=, 15000);
          g_assert_cmpint (ABS (s->pitch_y_cm), <=, 15000);
        }
      if (i > 0)
        g_assert_cmpint (s->frame, >=, g_array_index (window, TlTrackSample, i - 1).frame);
    }
  /* A window across the chunk boundary (frame 250) reads both chunks. */
  g_clear_pointer (&window, g_array_unref);
  window = tl_track_chunks_query (store, tl_match_get_id (fixture->match), 240, 260, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (window, TlTrackSample, 0).frame, ==, 240);
  g_assert_cmpint (g_array_index (window, TlTrackSample, window->len - 1).frame, ==, 260);

  tracks = tl_track_chunks_list_tracks (store, tl_match_get_id (fixture->match), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tracks->len, ==, summary->n_tracks);
  for (guint i = 0; i < tracks->len; i++)
    {
      const TlTrackInfo *t = &g_array_index (tracks, TlTrackInfo, i);

      g_assert_cmpint (t->first_frame, <=, t->last_frame);
      if (t->has_stats)
        {
          with_stats++;
          g_assert_cmpfloat (t->distance_m, >=, 0);
          g_assert_cmpfloat (t->top_speed_ms, >=, 0);
          g_assert_cmpint (t->sprints, >=, 0);
        }
    }
  g_assert_cmpuint (with_stats, >, 15);
  g_assert_true (tl_store_check_integrity (store, &error));

  /* The follow-cam path was stored when the analysis ended: one view per frame. */
  {
    sqlite3 *handle = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT length(samples) FROM camera_paths",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, DEMO_FRAMES * 12);
    sqlite3_finalize (stmt);
    sqlite3_close (handle);
  }

  shared.reference = read_chunks (db);
  g_assert_cmpuint (shared.reference->len, ==, 2);   /* frames 0-249 and 250-299 */
  g_assert_true (g_str_has_prefix (g_ptr_array_index (shared.reference, 1), "250:299:"));
}

static void
cancel_after (TlAnalyzer   *analyzer,
              gint64        done,
              gint64        total,
              double        fps,
              GCancellable *cancellable)
{
  if (done >= 100)
    g_cancellable_cancel (cancellable);
}

/* The person track with the greatest last frame stored so far. */
static guint32
latest_person_track (Fixture *fixture,
                     gint64  *last_frame)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) tracks = tl_track_chunks_list_tracks (tl_library_get_store (fixture->library),
                                                          tl_match_get_id (fixture->match),
                                                          &error);
  guint32 best = 0;

  g_assert_no_error (error);
  *last_frame = -1;
  for (guint i = 0; i < tracks->len; i++)
    {
      const TlTrackInfo *t = &g_array_index (tracks, TlTrackInfo, i);

      if (t->klass == 1 && t->last_frame > *last_frame)
        {
          best = t->track_no;
          *last_frame = t->last_frame;
        }
    }
  g_assert_cmpint (*last_frame, >=, 0);
  return best;
}

static void
test_cancel_resume (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TlAnalyzer) analyzer = make_analyzer (fixture);
  g_autoptr(TlAnalyzer) again = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autofree char *state = NULL;
  g_autofree char *db = g_build_filename (fixture->dir, "library.db", NULL);
  g_autofree char *sql = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *expected = NULL;
  guint32 referee;
  gint64 last_before = 0;

  g_assert_nonnull (shared.reference);
  g_signal_connect (analyzer, "progress", G_CALLBACK (cancel_after), cancellable);
  g_assert_false (tl_analyzer_run (analyzer, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (tl_match_get_analysis_state (fixture->match), ==, TL_ANALYSIS_STATE_PAUSED);
  state = query_text (fixture->library, "SELECT state FROM analysis_jobs");
  g_assert_cmpstr (state, ==, "paused");

  /* While paused the coach says the person track that reaches furthest is the referee: the
   * engine never gives that side, and the resumed run extends (rewrites) that track's row. */
  referee = latest_person_track (fixture, &last_before);
  {
    g_autoptr(TlTrackWindow) window = tl_track_window_new (tl_library_get_store (fixture->library),
                                                           tl_match_get_id (fixture->match),
                                                           25.0, &error);

    g_assert_no_error (error);
    g_assert_true (tl_track_window_set_identity (window, referee, "Ref", -1,
                                                 TL_TEAM_SIDE_REFEREE, &error));
    g_assert_no_error (error);
  }

  /* A second analyzer, as after a restart, goes on from the checkpoint. */
  again = make_analyzer (fixture);
  g_assert_true (tl_analyzer_run (again, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tl_analyzer_get_summary (again)->resumed_from, >=, 100);
  g_assert_cmpint (tl_analyzer_get_summary (again)->frames, <=, DEMO_FRAMES - 100);
  chunks = read_chunks (db);
  /* The track the coach named keeps its id through the role pass (tl-role-tracks.h). */
  assert_same_chunks_but (chunks, referee);

  sql = g_strdup_printf ("SELECT team_side || ':' || label || ':' || last_frame FROM tracks"
                         " WHERE track_no = %u", referee);
  identity = query_text (fixture->library, sql);
  expected = g_strdup_printf ("3:Ref:%" G_GINT64_FORMAT, last_before);
  g_assert_nonnull (identity);
  /* The row was rewritten (it reaches further now), and kept the side and name. */
  g_assert_true (g_str_has_prefix (identity, "3:Ref:"));
  g_assert_cmpstr (identity, !=, expected);
}

static void
exec_sql (TlLibrary  *library,
          const char *sql)
{
  sqlite3 *db = NULL;
  g_autofree char *path = g_build_filename (tl_library_get_dir (library), "library.db", NULL);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A run records its decoder; a resume of a run that decoded with a decoder this machine cannot
 * use (NVDEC here, where there is no GPU) starts over rather than mixing decoders' pixels, and
 * still gives the chunks of an uninterrupted run. */
static void
test_resume_other_decoder (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TlAnalyzer) analyzer = make_analyzer (fixture);
  g_autoptr(TlAnalyzer) again = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autofree char *decoder = NULL;
  g_autofree char *db = g_build_filename (fixture->dir, "library.db", NULL);
  g_autoptr(GstElementFactory) nvdec = gst_element_factory_find ("nvh264dec");

  if (nvdec != NULL)
    {
      g_test_skip ("NVDEC is installed here: a resume could decode with it");
      return;
    }
  g_signal_connect (analyzer, "progress", G_CALLBACK (cancel_after), cancellable);
  g_assert_false (tl_analyzer_run (analyzer, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  decoder = query_text (fixture->library, "SELECT decoder FROM analysis_jobs");
  g_test_message ("decoded with %s", decoder);
  g_assert_nonnull (decoder);
  g_assert_false (g_str_has_prefix (decoder, "nv"));

  exec_sql (fixture->library, "UPDATE analysis_jobs SET decoder = 'nvh264dec'");
  again = make_analyzer (fixture);
  g_assert_true (tl_analyzer_run (again, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tl_analyzer_get_summary (again)->resumed_from, ==, 0);
  g_assert_cmpint (tl_analyzer_get_summary (again)->frames, ==, DEMO_FRAMES);
  chunks = read_chunks (db);
  assert_same_chunks (chunks);
}

/* Threads of this process named like GStreamer's streaming tasks ("element:pad") and running
 * at nice 10 or more; Linux only. */
static guint
count_niced_streaming_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  guint n = 0;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "stat", NULL);
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;
      const char *name_end;

      if (!g_file_get_contents (path, &stat, NULL, NULL)
          || (name_end = strrchr (stat, ')')) == NULL)
        continue;
      /* "tid (comm) state ppid ... priority nice": nice is the 19th field, the 17th after
       * the name's closing parenthesis. */
      fields = g_strsplit (name_end + 2, " ", -1);
      if (g_strv_length (fields) > 16 && memchr (stat, ':', (gsize) (name_end - stat)) != NULL
          && g_ascii_strtoll (fields[16], NULL, 10) >= 10)
        n++;
    }
  return n;
}

typedef struct
{
  guint     niced;
  gboolean  done;
} PriorityWatch;

static void
look_at_threads (TlAnalyzer    *analyzer,
                 gint64         done,
                 gint64         total,
                 double         fps,
                 PriorityWatch *watch)
{
  if (done >= 50)
    watch->niced = MAX (watch->niced, count_niced_streaming_threads ());
}

static void
on_priority_run_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  PriorityWatch *watch = data;

  g_assert_true (tl_analyzer_run_finish (TL_ANALYZER (source), result, NULL));
  watch->done = TRUE;
}

/* The app's analysis runs in the background: its decoding threads too, not only the engine's,
 * run niced, so the window stays smooth. */
static void
test_background_priority (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TlAnalyzer) analyzer = make_analyzer (fixture);
  PriorityWatch watch = { 0, FALSE };

  if (!g_file_test ("/proc/self/task", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no /proc/self/task to read thread priorities from");
      return;
    }
  g_signal_connect (analyzer, "progress", G_CALLBACK (look_at_threads), &watch);
  tl_analyzer_run_async (analyzer, NULL, on_priority_run_done, &watch);
  while (!watch.done)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("%u streaming threads niced during the analysis", watch.niced);
  g_assert_cmpuint (watch.niced, >=, 2);
}

static int
run_cli (const char * const *args,
         char              **out)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_DEFAULT, NULL, NULL, out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_kill_resume (void)
{
  const char *cli = g_getenv ("TOUCHLINE_CLI");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  int kills = 0, rounds = 0;

  if (cli == NULL)
    {
      g_test_skip ("TOUCHLINE_CLI is not set (run through meson test)");
      return;
    }
  g_assert_nonnull (shared.reference);
  dir = g_dir_make_tmp ("tl-analysis-kill-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "library.db", NULL);
  {
    const char *args[] = { cli, "--library", dir, "import", shared.video, NULL };

    g_assert_cmpint (run_cli (args, NULL), ==, 0);
  }

  /* Kill -9 at random points until a run gets to the end on its own. */
  for (;;)
    {
      const char *args[] = { cli, "--library", dir, "analyze", "1", "--backend", "cpu",
                             "--threads", "2", "--checkpoint-interval", "2", NULL };
      GPid pid;
      int status = 0;
      gint64 deadline;

      g_assert_true (g_spawn_async (NULL, (char **) args, NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                    NULL, NULL, &pid, &error));
      g_assert_no_error (error);
      rounds++;
      deadline = g_get_monotonic_time () + g_rand_int_range (rand, 80, 400) * 1000;
      while (waitpid (pid, &status, WNOHANG) == 0)
        {
          if (kills < 4 && g_get_monotonic_time () >= deadline)
            {
              kill (pid, SIGKILL);
              waitpid (pid, &status, 0);
              kills++;
              break;
            }
          g_usleep (5000);
        }
      g_spawn_close_pid (pid);
      if (WIFEXITED (status))
        {
          g_assert_cmpint (WEXITSTATUS (status), ==, 0);
          break;
        }
      g_assert_cmpint (rounds, <, 20);
    }
  g_test_message ("%d runs, %d killed", rounds, kills);
  g_assert_cmpint (kills, >=, 2);

  chunks = read_chunks (db);
  assert_same_chunks (chunks);
  {
    TlStore *store = tl_store_open (db, &error);

    g_assert_no_error (error);
    g_assert_true (tl_store_check_integrity (store, &error));
    g_assert_no_error (error);
    g_object_unref (store);
  }
  tl_test_remove_tree (dir);
}

/* Whether any sample of @frame is stored. */
static gboolean
has_samples_at (Fixture *fixture,
                gint64   frame)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = tl_track_chunks_query (tl_library_get_store (fixture->library),
                                                     tl_match_get_id (fixture->match), frame,
                                                     frame, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < samples->len; i++)
    if (g_array_index (samples, TlTrackSample, i).frame == frame)
      return TRUE;
  return FALSE;
}

/* A video that skips a frame (a capture that dropped one) a few frames before the analysis is
 * paused: the frames the engine still held back at that checkpoint keep their own numbers
 * when it resumes, and the chunks are those of an uninterrupted run. */
static void
test_gap_resume (void)
{
  enum { GAP = 90 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tl-analysis-gap-XXXXXX", &error);
  g_autofree char *video = g_build_filename (dir, "gap.mp4", NULL);
  g_autofree char *sidecar = tl_demo_sidecar_path_for (shared.video);
  g_autofree char *gap_sidecar = tl_demo_sidecar_path_for (video);
  g_autofree char *json = NULL;
  gsize json_length = 0;
  Fixture whole = { 0 }, paused = { 0 };
  g_autoptr(GPtrArray) reference = NULL;
  g_autoptr(GPtrArray) chunks = NULL;

  g_assert_no_error (error);
  g_assert_true (tl_test_media_make_gapped (shared.video, video, GAP, 1, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (sidecar, &json, &json_length, &error));
  g_assert_true (g_file_set_contents (gap_sidecar, json, (gssize) json_length, &error));
  g_assert_no_error (error);

  fixture_setup (&whole, video);
  {
    g_autoptr(TlAnalyzer) analyzer = make_analyzer (&whole);
    g_autofree char *db = g_build_filename (whole.dir, "library.db", NULL);

    g_assert_true (tl_analyzer_run (analyzer, NULL, &error));
    g_assert_no_error (error);
    reference = read_chunks (db);
  }
  /* The hole is in the file, and the analysis leaves it: no frame is renumbered. */
  g_assert_true (has_samples_at (&whole, GAP - 1));
  g_assert_false (has_samples_at (&whole, GAP));
  g_assert_true (has_samples_at (&whole, GAP + 1));

  fixture_setup (&paused, video);
  {
    g_autoptr(TlAnalyzer) analyzer = make_analyzer (&paused);
    g_autoptr(TlAnalyzer) again = make_analyzer (&paused);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autofree char *db = g_build_filename (paused.dir, "library.db", NULL);

    g_signal_connect (analyzer, "progress", G_CALLBACK (cancel_after), cancellable);
    g_assert_false (tl_analyzer_run (analyzer, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    /* Paused with the frames around the hole still held back in the engine. */
    g_assert_cmpint (tl_analyzer_get_summary (analyzer)->frames, <,
                     GAP + tl_tracker_report_lag_frames (25.0));
    g_assert_false (has_samples_at (&paused, GAP - 1));
    g_assert_true (tl_analyzer_run (again, NULL, &error));
    g_assert_no_error (error);
    chunks = read_chunks (db);
  }
  assert_chunks_equal (chunks, reference);

  fixture_teardown (&whole, NULL);
  fixture_teardown (&paused, NULL);
  tl_test_remove_tree (dir);
}

static void
delete_after (TlAnalyzer *analyzer,
              gint64      done,
              gint64      total,
              double      fps,
              const char *path)
{
  if (done >= 50)
    g_unlink (path);
}

static void
test_file_deleted (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tl-analysis-gone-XXXXXX", &error);
  g_autofree char *video = g_build_filename (dir, "gone.mp4", NULL);
  g_autofree char *json = g_build_filename (dir, "gone.json", NULL);
  g_autofree char *source_json = tl_demo_sidecar_path_for (shared.video);
  g_autofree char *state = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GFile) from = g_file_new_for_path (shared.video);
  g_autoptr(GFile) to = g_file_new_for_path (video);
  g_autoptr(GFile) from_json = g_file_new_for_path (source_json);
  g_autoptr(GFile) to_json = g_file_new_for_path (json);
  g_autoptr(TlAnalyzer) analyzer = NULL;
  g_autoptr(GArray) samples = NULL;
  Fixture fixture = { 0 };

  g_assert_no_error (error);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_true (g_file_copy (from_json, to_json, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  fixture_setup (&fixture, video);

  analyzer = make_analyzer (&fixture);
  g_signal_connect (analyzer, "progress", G_CALLBACK (delete_after), video);
  g_assert_false (tl_analyzer_run (analyzer, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, video));
  g_clear_error (&error);

  g_assert_cmpint (tl_match_get_analysis_state (fixture.match), ==, TL_ANALYSIS_STATE_FAILED);
  state = query_text (fixture.library, "SELECT state || ':' || checkpoint_frame || ':' || error"
                                       " FROM analysis_jobs");
  g_assert_true (g_str_has_prefix (state, "failed:50:"));
  g_assert_nonnull (strstr (state, video));
  text = query_text (fixture.library, "SELECT analysis_state FROM matches");
  g_assert_cmpstr (text, ==, "failed");

  /* What was checkpointed stays readable: the tracks up to frame 49, less the last frames',
   * which the engine held back to revise the ball (the demo has 25 frames a second). */
  samples = tl_track_chunks_query (tl_library_get_store (fixture.library),
                                   tl_match_get_id (fixture.match), 0, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (samples->len, >, 0);
  g_assert_cmpint (g_array_index (samples, TlTrackSample, samples->len - 1).frame, ==,
                   49 - tl_tracker_report_lag_frames (25));
  g_assert_true (tl_store_check_integrity (tl_library_get_store (fixture.library), &error));
  g_assert_no_error (error);

  fixture_teardown (&fixture, NULL);
  g_unlink (json);
  g_rmdir (dir);
}

/* A file cut short after import (a copy that was still running, a bad disk): the job fails
 * naming the file, and the database stays sound. */
static void
test_file_truncated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tl-analysis-cut-XXXXXX", &error);
  g_autofree char *video = g_build_filename (dir, "cut.mp4", NULL);
  g_autofree char *json = g_build_filename (dir, "cut.json", NULL);
  g_autofree char *source_json = tl_demo_sidecar_path_for (shared.video);
  g_autofree char *state = NULL;
  g_autoptr(GFile) from = g_file_new_for_path (shared.video);
  g_autoptr(GFile) to = g_file_new_for_path (video);
  g_autoptr(GFile) from_json = g_file_new_for_path (source_json);
  g_autoptr(GFile) to_json = g_file_new_for_path (json);
  g_autoptr(TlAnalyzer) analyzer = NULL;
  Fixture fixture = { 0 };
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_true (g_file_copy (from_json, to_json, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  fixture_setup (&fixture, video);
  g_assert_cmpint (g_stat (video, &st), ==, 0);
  g_assert_cmpint (truncate (video, st.st_size / 2), ==, 0);

  analyzer = make_analyzer (&fixture);
  g_assert_false (tl_analyzer_run (analyzer, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, video));
  g_clear_error (&error);
  g_assert_cmpint (tl_match_get_analysis_state (fixture.match), ==, TL_ANALYSIS_STATE_FAILED);
  state = query_text (fixture.library, "SELECT state || ':' || error FROM analysis_jobs");
  g_assert_true (g_str_has_prefix (state, "failed:"));
  g_assert_nonnull (strstr (state, video));
  g_assert_true (tl_store_check_integrity (tl_library_get_store (fixture.library), &error));
  g_assert_no_error (error);

  fixture_teardown (&fixture, NULL);
  g_unlink (json);
  g_unlink (video);
  g_rmdir (dir);
}

typedef struct
{
  GMainLoop *loop;
  TlMatch   *first, *second;
  GPtrArray *finished;     /* TlMatch, in order */
  gboolean   second_waited;
} QueueRun;

static void
on_queue_progress (TlAnalysisQueue *queue,
                   TlMatch         *match,
                   gint64           done,
                   gint64           total,
                   double           fps,
                   QueueRun        *run)
{
  g_assert_true (match == run->first || match == run->second);
  g_assert_cmpint (done, <=, total);
  /* One job at a time: the second waits while the first runs. */
  if (match == run->first && done < total)
    {
      g_assert_cmpint (tl_match_get_analysis_state (run->second), ==, TL_ANALYSIS_STATE_QUEUED);
      run->second_waited = TRUE;
    }
}

static void
on_queue_finished (TlAnalysisQueue *queue,
                   TlMatch         *match,
                   gboolean         ok,
                   const char      *message,
                   QueueRun        *run)
{
  g_assert_true (ok);
  g_assert_null (message);
  g_ptr_array_add (run->finished, match);
  if (run->finished->len == 2)
    g_main_loop_quit (run->loop);
}

static gboolean
on_queue_timeout (gpointer data)
{
  g_error ("the queue did not finish in time");
  return G_SOURCE_REMOVE;
}

/* Jobs written as queued survive the queue (an app restart) and then run one at a time. */
static void
test_queue (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *video = g_build_filename (fixture->dir, "second.mp4", NULL);
  g_autofree char *json = tl_demo_sidecar_path_for (video);
  g_autoptr(TlDemoGenerator) generator = NULL;
  g_autoptr(TlMatch) second = NULL;
  g_autoptr(TlAnalysisQueue) before = NULL;
  g_autoptr(TlAnalysisQueue) after = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) finished = g_ptr_array_new ();
  g_autofree char *states = NULL;
  QueueRun run = { loop, fixture->match, NULL, finished, FALSE };
  guint timeout;

  generator = g_object_new (TL_TYPE_DEMO_GENERATOR, "seconds", 4.0, "width", DEMO_W,
                            "height", DEMO_H, "seed", (guint64) 5, NULL);
  g_assert_true (tl_demo_generator_run (generator, video, NULL, &error));
  g_assert_no_error (error);
  second = tl_library_import_file (fixture->library, video, NULL, NULL, &error);
  g_assert_no_error (error);
  run.second = second;

  before = tl_analysis_queue_new (fixture->library);
  tl_analysis_queue_set_paused (before, TRUE);
  g_assert_true (tl_analysis_queue_add (before, fixture->match, &error));
  g_assert_true (tl_analysis_queue_add (before, second, &error));
  g_assert_true (tl_analysis_queue_add (before, second, &error));   /* already queued */
  g_assert_no_error (error);
  g_assert_cmpuint (tl_analysis_queue_get_n_queued (before), ==, 2);
  g_assert_cmpuint (tl_analysis_queue_get_n_running (before), ==, 0);
  g_assert_cmpint (tl_match_get_analysis_state (second), ==, TL_ANALYSIS_STATE_QUEUED);
  g_clear_object (&before);
  states = query_text (fixture->library, "SELECT group_concat (state) FROM analysis_jobs");
  g_assert_cmpstr (states, ==, "queued,queued");

  after = tl_analysis_queue_new (fixture->library);
  tl_analysis_queue_set_backend (after, TL_TRACK_BACKEND_CPU);
  tl_analysis_queue_set_threads (after, THREADS);
  g_signal_connect (after, "progress", G_CALLBACK (on_queue_progress), &run);
  g_signal_connect (after, "finished", G_CALLBACK (on_queue_finished), &run);
  g_assert_cmpuint (tl_analysis_queue_restore (after, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpuint (tl_analysis_queue_get_n_running (after), ==, 1);
  timeout = g_timeout_add_seconds (120, on_queue_timeout, NULL);
  g_main_loop_run (loop);
  g_source_remove (timeout);

  g_assert_true (g_ptr_array_index (finished, 0) == fixture->match);
  g_assert_true (g_ptr_array_index (finished, 1) == second);
  g_assert_true (run.second_waited);
  g_assert_cmpint (tl_match_get_analysis_state (fixture->match), ==, TL_ANALYSIS_STATE_DONE);
  g_assert_cmpint (tl_match_get_analysis_state (second), ==, TL_ANALYSIS_STATE_DONE);
  g_clear_pointer (&states, g_free);
  states = query_text (fixture->library, "SELECT group_concat (state) FROM analysis_jobs");
  g_assert_cmpstr (states, ==, "done,done");
  g_unlink (video);
  g_unlink (json);
}


/* Drives a queue through the main loop: what happened to the jobs, and a hook that acts once
 * a job has passed a frame. */
typedef struct
{
  GMainLoop       *loop;
  TlAnalysisQueue *queue;
  gint64           act_at;        /* act once progress reaches this frame (0: never) */
  void           (*act) (TlAnalysisQueue *queue, TlMatch *match);
  gboolean         acted;
  gint64           first_done;    /* the first progress seen (-1: none yet) */
  guint            n_finished;
  gboolean         last_ok;
  char            *last_message;
} Watch;

static void
on_watch_progress (TlAnalysisQueue *queue,
                   TlMatch         *match,
                   gint64           done,
                   gint64           total,
                   double           fps,
                   Watch           *watch)
{
  if (watch->first_done < 0)
    watch->first_done = done;
  /* What the UI shows follows the job. */
  g_assert_cmpfloat_with_epsilon (tl_match_get_analysis_progress (match),
                                  (double) done / total, 1e-9);
  g_assert_cmpstr (tl_match_get_analysis_device (match), ==, "CPU");
  g_assert_nonnull (tl_match_get_analysis_decoder (match));
  if (watch->act != NULL && !watch->acted && watch->act_at > 0 && done >= watch->act_at)
    {
      watch->acted = TRUE;
      watch->act (queue, match);
    }
}

static void
on_watch_finished (TlAnalysisQueue *queue,
                   TlMatch         *match,
                   gboolean         ok,
                   const char      *message,
                   Watch           *watch)
{
  watch->n_finished++;
  watch->last_ok = ok;
  g_free (watch->last_message);
  watch->last_message = g_strdup (message);
  g_main_loop_quit (watch->loop);
}

static TlAnalysisQueue *
watched_queue (Fixture *fixture,
               Watch   *watch)
{
  TlAnalysisQueue *queue = tl_analysis_queue_new (fixture->library);

  tl_analysis_queue_set_backend (queue, TL_TRACK_BACKEND_CPU);
  tl_analysis_queue_set_threads (queue, THREADS);
  tl_analysis_queue_set_checkpoint_interval (queue, CHECKPOINT_SECONDS);
  g_signal_connect (queue, "progress", G_CALLBACK (on_watch_progress), watch);
  g_signal_connect (queue, "finished", G_CALLBACK (on_watch_finished), watch);
  watch->queue = queue;
  watch->first_done = -1;
  return queue;
}

/* Runs the main loop until a job finishes. */
static void
run_watch (Watch *watch)
{
  guint timeout = g_timeout_add_seconds (120, on_queue_timeout, NULL);

  g_main_loop_run (watch->loop);
  g_source_remove (timeout);
}

/* Neither fails here (no store error to report): a NULL error is fine. */
static void
pause_job (TlAnalysisQueue *queue,
           TlMatch         *match)
{
  g_assert_true (tl_analysis_queue_pause (queue, match, NULL));
}

static void
cancel_job (TlAnalysisQueue *queue,
            TlMatch         *match)
{
  g_assert_true (tl_analysis_queue_cancel (queue, match, NULL));
}

static void
suspend_queue (TlAnalysisQueue *queue,
               TlMatch         *match)
{
  tl_analysis_queue_set_paused (queue, TRUE);
}

static void
shut_down_queue (TlAnalysisQueue *queue,
                 TlMatch         *match)
{
  tl_analysis_queue_shutdown (queue);
}

static gint64
query_int (TlLibrary  *library,
           const char *sql)
{
  g_autofree char *text = query_text (library, sql);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* Pause through the queue keeps the checkpoint; a resume goes on from it. */
static void
test_queue_pause_resume (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Watch watch = { loop, .act_at = 100, .act = pause_job };
  g_autoptr(TlAnalysisQueue) queue = watched_queue (fixture, &watch);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autofree char *db = g_build_filename (fixture->dir, "library.db", NULL);
  g_autofree char *state = NULL;
  double paused_at;

  g_assert_true (tl_analysis_queue_add (queue, fixture->match, &error));
  g_assert_no_error (error);
  run_watch (&watch);
  g_assert_true (watch.acted);
  g_assert_false (watch.last_ok);
  g_assert_cmpint (tl_match_get_analysis_state (fixture->match), ==, TL_ANALYSIS_STATE_PAUSED);
  g_assert_false (tl_analysis_queue_has_job (queue, fixture->match));
  state = query_text (fixture->library, "SELECT state FROM analysis_jobs");
  g_assert_cmpstr (state, ==, "paused");
  paused_at = tl_match_get_analysis_progress (fixture->match);
  g_assert_cmpfloat (paused_at, >=, 100.0 / DEMO_FRAMES);
  g_assert_cmpint (tl_match_get_analysis_eta (fixture->match), ==, -1);

  /* Resume: from the checkpoint, to the same tracks as an uninterrupted run. */
  watch.first_done = -1;
  g_assert_true (tl_analysis_queue_add (queue, fixture->match, &error));
  run_watch (&watch);
  g_assert_true (watch.last_ok);
  g_assert_cmpint (watch.first_done, >=, 100);
  g_assert_cmpint (tl_match_get_analysis_state (fixture->match), ==, TL_ANALYSIS_STATE_DONE);
  g_assert_cmpfloat (tl_match_get_analysis_progress (fixture->match), ==, 1.0);
  chunks = read_chunks (db);
  assert_same_chunks (chunks);
  g_free (watch.last_message);
}

/* Resume clicked while the paused job's thread is still winding down (the card already says
 * "Paused"): the job goes on once the thread has ended, rather than the click being lost. */
static void
pause_then_resume (TlAnalysisQueue *queue,
                   TlMatch         *match)
{
  g_assert_true (tl_analysis_queue_pause (queue, match, NULL));
  g_assert_true (tl_analysis_queue_add (queue, match, NULL));
}

static void
test_queue_resume_while_stopping (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Watch watch = { loop, .act_at = 100, .act = pause_then_resume };
  g_autoptr(TlAnalysisQueue) queue = watched_queue (fixture, &watch);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autofree char *db = g_build_filename (fixture->dir, "library.db", NULL);

  g_assert_nonnull (shared.reference);
  g_assert_true (tl_analysis_queue_add (queue, fixture->match, &error));
  g_assert_no_error (error);
  run_watch (&watch);
  g_assert_true (watch.acted);
  g_assert_false (watch.last_ok);
  /* The paused run has ended and the job is queued (or running) again. */
  g_assert_true (tl_analysis_queue_has_job (queue, fixture->match));
  watch.first_done = -1;
  run_watch (&watch);
  g_assert_true (watch.last_ok);
  g_assert_cmpint (watch.first_done, >=, 100);
  g_assert_cmpint (tl_match_get_analysis_state (fixture->match), ==, TL_ANALYSIS_STATE_DONE);
  chunks = read_chunks (db);
  assert_same_chunks (chunks);
  g_free (watch.last_message);
}

/* Cancel through the queue, running and queued: no job, no tracks, not analysed. */
static void
test_queue_cancel (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Watch watch = { loop, .act_at = 100, .act = cancel_job };
  g_autoptr(TlAnalysisQueue) queue = watched_queue (fixture, &watch);
  g_autoptr(GError) error = NULL;

  g_assert_true (tl_analysis_queue_add (queue, fixture->match, &error));
  g_assert_no_error (error);
  run_watch (&watch);
  g_assert_true (watch.acted);
  g_assert_false (watch.last_ok);
  g_assert_cmpint (tl_match_get_analysis_state (fixture->match), ==, TL_ANALYSIS_STATE_NONE);
  g_assert_cmpfloat (tl_match_get_analysis_progress (fixture->match), ==, 0.0);
  g_assert_cmpint (query_int (fixture->library, "SELECT count(*) FROM analysis_jobs"), ==, 0);
  g_assert_cmpint (query_int (fixture->library, "SELECT count(*) FROM track_chunks"), ==, 0);
  g_assert_cmpint (query_int (fixture->library, "SELECT count(*) FROM tracks"), ==, 0);
  g_assert_cmpint (query_int (fixture->library, "SELECT analysis_state = 'none' FROM matches"),
                   ==, 1);

  /* A queued job (the queue paused) goes at once. */
  tl_analysis_queue_set_paused (queue, TRUE);
  g_assert_true (tl_analysis_queue_add (queue, fixture->match, &error));
  g_assert_cmpuint (tl_analysis_queue_get_n_queued (queue), ==, 1);
  g_assert_true (tl_analysis_queue_cancel (queue, fixture->match, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tl_analysis_queue_get_n_queued (queue), ==, 0);
  g_assert_cmpint (tl_match_get_analysis_state (fixture->match), ==, TL_ANALYSIS_STATE_NONE);
  g_assert_cmpint (query_int (fixture->library, "SELECT count(*) FROM analysis_jobs"), ==, 0);
  g_free (watch.last_message);
}

/* Pausing the queue (on battery) stops the running job at a checkpoint, queued; unpausing
 * resumes it from there. */
static void
test_queue_suspend (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Watch watch = { loop, .act_at = 100, .act = suspend_queue };
  g_autoptr(TlAnalysisQueue) queue = watched_queue (fixture, &watch);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autofree char *db = g_build_filename (fixture->dir, "library.db", NULL);
  g_autofree char *state = NULL;

  g_assert_true (tl_analysis_queue_add (queue, fixture->match, &error));
  g_assert_no_error (error);
  run_watch (&watch);
  g_assert_true (watch.acted);
  g_assert_false (watch.last_ok);
  g_assert_cmpint (tl_match_get_analysis_state (fixture->match), ==, TL_ANALYSIS_STATE_QUEUED);
  g_assert_cmpuint (tl_analysis_queue_get_n_queued (queue), ==, 1);
  g_assert_cmpuint (tl_analysis_queue_get_n_running (queue), ==, 0);
  state = query_text (fixture->library, "SELECT state FROM analysis_jobs");
  g_assert_cmpstr (state, ==, "queued");

  watch.first_done = -1;
  tl_analysis_queue_set_paused (queue, FALSE);
  g_assert_cmpuint (tl_analysis_queue_get_n_running (queue), ==, 1);
  run_watch (&watch);
  g_assert_true (watch.last_ok);
  g_assert_cmpint (watch.first_done, >=, 100);
  chunks = read_chunks (db);
  assert_same_chunks (chunks);
  g_free (watch.last_message);
}

/* The service recreated (the app quit and started again): the job left queued at its
 * checkpoint by the shutdown is restored, shows how far it got, and resumes from there. */
static void
test_queue_restart (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Watch watch = { loop, .act_at = 100, .act = shut_down_queue };
  g_autoptr(TlAnalysisQueue) before = watched_queue (fixture, &watch);
  g_autoptr(TlAnalysisQueue) after = NULL;
  g_autoptr(TlLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autofree char *db = g_build_filename (fixture->dir, "library.db", NULL);
  TlMatch *match;
  gint64 job_id;

  g_assert_true (tl_analysis_queue_add (before, fixture->match, &error));
  g_assert_no_error (error);
  run_watch (&watch);
  g_assert_true (watch.acted);
  g_assert_cmpuint (tl_analysis_queue_get_n_running (before), ==, 0);
  g_assert_cmpint (query_int (fixture->library, "SELECT state = 'queued' FROM analysis_jobs"),
                   ==, 1);
  g_assert_cmpint (query_int (fixture->library, "SELECT checkpoint_frame FROM analysis_jobs"),
                   >=, 100);
  job_id = query_int (fixture->library, "SELECT id FROM analysis_jobs");
  g_clear_object (&before);

  /* A new library and queue, as after a restart. */
  library = tl_library_open (fixture->dir, &error);
  g_assert_no_error (error);
  match = tl_library_lookup_match (library, tl_match_get_id (fixture->match));
  g_assert_nonnull (match);
  g_clear_object (&fixture->library);
  fixture->library = g_object_ref (library);
  after = watched_queue (fixture, &watch);
  tl_analysis_queue_set_paused (after, TRUE);
  g_assert_cmpuint (tl_analysis_queue_restore (after, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpfloat (tl_match_get_analysis_progress (match), >=, 100.0 / DEMO_FRAMES);
  g_assert_cmpstr (tl_match_get_analysis_device (match), ==, "CPU");
  watch.first_done = -1;
  tl_analysis_queue_set_paused (after, FALSE);
  run_watch (&watch);
  g_assert_true (watch.last_ok);
  g_assert_cmpint (watch.first_done, >=, 100);
  g_assert_cmpint (tl_match_get_analysis_state (match), ==, TL_ANALYSIS_STATE_DONE);
  g_assert_cmpint (query_int (fixture->library, "SELECT id FROM analysis_jobs"), ==, job_id);
  chunks = read_chunks (db);
  assert_same_chunks (chunks);
  g_free (watch.last_message);
}

static gboolean
set_page_limit (TlStore   *store,
                gpointer   user_data,
                GError   **error)
{
  const char *sql = user_data;
  sqlite3_stmt *stmt = tl_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    ;
  sqlite3_reset (stmt);
  return TRUE;
}

/* A nearly full disk: room for the job rows, not for a checkpoint's engine state. */
static void
fill_disk (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *limit = NULL;
  gint64 pages = query_int (fixture->library, "PRAGMA page_count");

  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 8);
  g_assert_true (tl_store_write (tl_library_get_store (fixture->library), set_page_limit, limit,
                                 &error));
  g_assert_no_error (error);
}

static void
make_room (TlStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tl_store_write (store, set_page_limit, "PRAGMA max_page_count = 1073741823",
                                 &error));
  g_assert_no_error (error);
}

/* A full disk (SQLite's page limit, as ENOSPC would): the job fails with the reason, the
 * database stays whole, and once there is room a retry ends with the same tracks. */
static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Watch watch = { loop };
  g_autoptr(TlAnalysisQueue) queue = watched_queue (fixture, &watch);
  TlStore *store = tl_library_get_store (fixture->library);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autofree char *db = g_build_filename (fixture->dir, "library.db", NULL);

  fill_disk (fixture);
  g_assert_true (tl_analysis_queue_add (queue, fixture->match, &error));
  run_watch (&watch);
  g_assert_false (watch.last_ok);
  g_assert_nonnull (strstr (watch.last_message, "disk full"));
  g_assert_cmpint (tl_match_get_analysis_state (fixture->match), ==, TL_ANALYSIS_STATE_FAILED);
  g_assert_cmpstr (tl_match_get_analysis_error (fixture->match), ==, watch.last_message);
  g_assert_true (tl_store_check_integrity (store, &error));
  g_assert_no_error (error);
  /* Nothing half-written: the checkpoint transaction rolled back whole. */
  g_assert_cmpint (query_int (fixture->library, "SELECT count(*) FROM track_chunks"), ==, 0);
  g_assert_cmpint (query_int (fixture->library, "SELECT checkpoint_frame FROM analysis_jobs"),
                   ==, 0);

  /* Room again: the retry (the card's "Retry") completes. */
  make_room (store);
  g_assert_true (tl_analysis_queue_add (queue, fixture->match, &error));
  g_assert_no_error (error);
  g_assert_null (tl_match_get_analysis_error (fixture->match));
  run_watch (&watch);
  g_assert_true (watch.last_ok);
  chunks = read_chunks (db);
  assert_same_chunks (chunks);
  g_free (watch.last_message);
}

typedef struct
{
  TlAnalysisQueue *queue;
  TlStore         *store;
  gboolean         asked;
} RetryOnFailure;

/* The card's Retry, clicked the moment the failure shows: the job's thread reports the failed
 * state before the queue hears that the job has ended. */
static void
retry_on_failure (TlMatch        *match,
                  GParamSpec     *pspec,
                  RetryOnFailure *retry)
{
  if (retry->asked || tl_match_get_analysis_state (match) != TL_ANALYSIS_STATE_FAILED)
    return;
  retry->asked = TRUE;
  g_assert_true (tl_analysis_queue_has_job (retry->queue, match));
  make_room (retry->store);
  g_assert_true (tl_analysis_queue_add (retry->queue, match, NULL));
}

/* A retry asked for while the failed job's thread is still ending is not lost: the job runs
 * again once it has ended (it once was, and the match stayed failed). */
static void
test_retry_as_it_fails (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Watch watch = { loop };
  g_autoptr(TlAnalysisQueue) queue = watched_queue (fixture, &watch);
  TlStore *store = tl_library_get_store (fixture->library);
  RetryOnFailure retry = { queue, store, FALSE };
  g_autoptr(GError) error = NULL;

  fill_disk (fixture);
  g_signal_connect (fixture->match, "notify::analysis-state", G_CALLBACK (retry_on_failure),
                    &retry);
  g_assert_true (tl_analysis_queue_add (queue, fixture->match, &error));
  run_watch (&watch);
  g_assert_false (watch.last_ok);
  g_assert_true (retry.asked);
  g_signal_handlers_disconnect_by_data (fixture->match, &retry);

  g_assert_true (tl_analysis_queue_has_job (queue, fixture->match));
  run_watch (&watch);
  g_assert_true (watch.last_ok);
  g_assert_cmpint (tl_match_get_analysis_state (fixture->match), ==, TL_ANALYSIS_STATE_DONE);
  g_assert_null (tl_match_get_analysis_error (fixture->match));
  g_free (watch.last_message);
}

/* A UPower of our own on the session bus: the OnBattery property and its change signal. */
static const char upower_xml[] =
  "<node><interface name='org.freedesktop.UPower'>"
  "<property name='OnBattery' type='b' access='read'/>"
  "</interface></node>";

static GVariant *
upower_get_property (GDBusConnection  *connection,
                     const char       *sender,
                     const char       *path,
                     const char       *interface,
                     const char       *property,
                     GError          **error,
                     gpointer          user_data)
{
  return g_variant_new_boolean (*(gboolean *) user_data);
}

static void
upower_set_on_battery (GDBusConnection *connection,
                       gboolean        *on_battery,
                       gboolean         value)
{
  GVariantBuilder changed;

  *on_battery = value;
  g_variant_builder_init (&changed, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&changed, "{sv}", "OnBattery", g_variant_new_boolean (value));
  g_dbus_connection_emit_signal (connection, NULL, "/org/freedesktop/UPower",
                                 "org.freedesktop.DBus.Properties", "PropertiesChanged",
                                 g_variant_new ("(sa{sv}as)", "org.freedesktop.UPower",
                                                &changed, NULL),
                                 NULL);
}

static gboolean
power_is (TlPowerMonitor *monitor,
          gboolean        on_battery)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (tl_power_monitor_get_on_battery (monitor) != on_battery
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  return tl_power_monitor_get_on_battery (monitor) == on_battery;
}

/* On battery and back, and no UPower at all counts as AC power. */
static void
test_power_monitor (void)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(TlPowerMonitor) monitor = NULL;
  g_autoptr(GError) error = NULL;
  GDBusInterfaceVTable vtable = { NULL, upower_get_property, NULL };
  gboolean on_battery = TRUE;
  guint object_id, owner_id;

  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (connection == NULL)
    {
      g_test_skip ("no D-Bus session bus (run under dbus-run-session)");
      return;
    }
  node = g_dbus_node_info_new_for_xml (upower_xml, &error);
  g_assert_no_error (error);

  /* Nobody answers yet: AC. */
  monitor = tl_power_monitor_new (G_BUS_TYPE_SESSION);
  g_assert_true (power_is (monitor, FALSE));

  object_id = g_dbus_connection_register_object (connection, "/org/freedesktop/UPower",
                                                 node->interfaces[0], &vtable, &on_battery,
                                                 NULL, &error);
  g_assert_no_error (error);
  owner_id = g_bus_own_name_on_connection (connection, "org.freedesktop.UPower",
                                           G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL,
                                           NULL);
  /* UPower appears, on battery. */
  g_assert_true (power_is (monitor, TRUE));
  upower_set_on_battery (connection, &on_battery, FALSE);
  g_assert_true (power_is (monitor, FALSE));
  upower_set_on_battery (connection, &on_battery, TRUE);
  g_assert_true (power_is (monitor, TRUE));
  /* UPower goes away: AC again, rather than analyses held up for good. */
  g_bus_unown_name (owner_id);
  g_assert_true (power_is (monitor, FALSE));
  g_dbus_connection_unregister_object (connection, object_id);
}

static void
test_cli (void)
{
  const char *cli = g_getenv ("TOUCHLINE_CLI");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *mot = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 first = G_MAXINT64;
  int n = 0, max_right = 0;

  if (cli == NULL)
    {
      g_test_skip ("TOUCHLINE_CLI is not set (run through meson test)");
      return;
    }
  dir = g_dir_make_tmp ("tl-analysis-cli-XXXXXX", &error);
  g_assert_no_error (error);
  mot = g_build_filename (dir, "tracks.txt", NULL);
  {
    const char *import[] = { cli, "--library", dir, "import", shared.video, NULL };
    const char *no_match[] = { cli, "--library", dir, "analyze", NULL };
    const char *unknown[] = { cli, "--library", dir, "analyze", "99", NULL };
    const char *bad_backend[] = { cli, "--library", dir, "analyze", "1", "--backend", "tpu",
                                  NULL };
    const char *not_yet[] = { cli, "--library", dir, "tracks", "1", "--format", "mot", NULL };
    const char *bad_format[] = { cli, "--library", dir, "tracks", "1", "--format", "csv",
                                 NULL };
    const char *analyze[] = { cli, "--library", dir, "analyze", "1", "--backend", "cpu", NULL };
    const char *tracks[] = { cli, "--library", dir, "tracks", "1", "--format", "mot", "-o", mot,
                             NULL };
    const char *pitch[] = { cli, "--library", dir, "tracks", "1", "--format", "pitch", NULL };

    g_assert_cmpint (run_cli (import, NULL), ==, 0);
    g_assert_cmpint (run_cli (no_match, NULL), ==, 2);
    g_assert_cmpint (run_cli (unknown, NULL), ==, 1);
    g_assert_cmpint (run_cli (bad_backend, NULL), ==, 2);
    g_assert_cmpint (run_cli (not_yet, NULL), ==, 1);
    g_assert_cmpint (run_cli (bad_format, NULL), ==, 2);
    g_assert_cmpint (run_cli (analyze, &out), ==, 0);
    g_assert_true (g_regex_match_simple ("^analysed 300 frames, [0-9]+ tracks, [0-9.]+ fps, "
                                         "backend cpu\n$", out, 0, 0));
    g_assert_cmpint (run_cli (tracks, NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_cli (pitch, &out), ==, 0);
    g_assert_true (g_regex_match_simple ("^[0-9]+,[0-9]+,-?[0-9.]+,-?[0-9.]+,[12],-?[01]\n",
                                         out, 0, 0));
  }

  /* frame,id,left,top,width,height,conf,class,-1,-1; frames from 1; boxes in video pixels. */
  g_assert_true (g_file_get_contents (mot, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (int i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++, n++)
    {
      long long frame;
      int id, left, top, width, height, klass, a, b;
      double conf;

      g_assert_cmpint (sscanf (lines[i], "%lld,%d,%d,%d,%d,%d,%lf,%d,%d,%d", &frame, &id, &left,
                               &top, &width, &height, &conf, &klass, &a, &b), ==, 10);
      g_assert_cmpint (frame, >=, 1);
      g_assert_cmpint (frame, <=, DEMO_FRAMES);
      first = MIN (first, frame);
      g_assert_cmpint (id, >=, 1);
      g_assert_true (klass == 1 || klass == 2);
      /* In video pixels (not the half-size analysis): seen boxes overlap the 960x288 frame
       * (a coasting one, conf 0.5, is a prediction and may have left it). */
      if (conf == 1)
        {
          g_assert_cmpint (left, <, DEMO_W);
          g_assert_cmpint (top, <, DEMO_H);
          g_assert_cmpint (left + width, >, 0);
          g_assert_cmpint (top + height, >, 0);
          max_right = MAX (max_right, left + width);
        }
      g_assert_cmpint (a, ==, -1);
      g_assert_cmpint (b, ==, -1);
    }
  g_assert_cmpint (n, >, DEMO_FRAMES * 10);
  /* Half-size boxes would all be in the left half. */
  g_assert_cmpint (max_right, >, DEMO_W / 2);
  /* Tracks need a few frames of detections before they are confirmed. */
  g_assert_cmpint (first, <=, 15);
  tl_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlDemoGenerator) generator = NULL;
  g_autofree char *json = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  shared.dir = g_dir_make_tmp ("tl-analysis-demo-XXXXXX", &error);
  g_assert_no_error (error);
  shared.video = g_build_filename (shared.dir, "demo.mp4", NULL);
  generator = g_object_new (TL_TYPE_DEMO_GENERATOR, "seconds", DEMO_SECONDS, "width", DEMO_W,
                            "height", DEMO_H, "seed", (guint64) 3, NULL);
  if (!tl_demo_generator_run (generator, shared.video, NULL, &error))
    g_error ("demo: %s", error->message);

  g_test_add_func ("/analysis/chunk-format", test_chunk_format);
  g_test_add_func ("/analysis/engine-state", test_engine_state);
  /* The end-to-end run makes the reference the resume tests compare with: keep it first. */
  g_test_add ("/analysis/end-to-end", Fixture, NULL, fixture_setup, test_end_to_end,
              fixture_teardown);
  g_test_add ("/analysis/cancel-resume", Fixture, NULL, fixture_setup, test_cancel_resume,
              fixture_teardown);
  g_test_add_func ("/analysis/kill-resume", test_kill_resume);
  g_test_add_func ("/analysis/gap-resume", test_gap_resume);
  g_test_add ("/analysis/resume-other-decoder", Fixture, NULL, fixture_setup,
              test_resume_other_decoder, fixture_teardown);
  g_test_add ("/analysis/background-priority", Fixture, NULL, fixture_setup,
              test_background_priority, fixture_teardown);
  g_test_add ("/analysis/queue", Fixture, NULL, fixture_setup, test_queue, fixture_teardown);
  g_test_add ("/analysis/queue-pause-resume", Fixture, NULL, fixture_setup,
              test_queue_pause_resume, fixture_teardown);
  g_test_add ("/analysis/queue-resume-while-stopping", Fixture, NULL, fixture_setup,
              test_queue_resume_while_stopping, fixture_teardown);
  g_test_add ("/analysis/queue-cancel", Fixture, NULL, fixture_setup, test_queue_cancel,
              fixture_teardown);
  g_test_add ("/analysis/queue-suspend", Fixture, NULL, fixture_setup, test_queue_suspend,
              fixture_teardown);
  g_test_add ("/analysis/queue-restart", Fixture, NULL, fixture_setup, test_queue_restart,
              fixture_teardown);
  g_test_add ("/analysis/disk-full", Fixture, NULL, fixture_setup, test_disk_full,
              fixture_teardown);
  g_test_add ("/analysis/retry-as-it-fails", Fixture, NULL, fixture_setup,
              test_retry_as_it_fails, fixture_teardown);
  g_test_add_func ("/analysis/power-monitor", test_power_monitor);
  g_test_add_func ("/analysis/file-deleted", test_file_deleted);
  g_test_add_func ("/analysis/file-truncated", test_file_truncated);
  g_test_add_func ("/analysis/cli", test_cli);
  status = g_test_run ();

  json = tl_demo_sidecar_path_for (shared.video);
  g_unlink (json);
  g_unlink (shared.video);
  g_rmdir (shared.dir);
  g_clear_pointer (&shared.reference, g_ptr_array_unref);
  g_free (shared.video);
  g_free (shared.dir);
  return status;
}
