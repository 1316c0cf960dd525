/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-match-view.c: what the overlays and the minimap cost on a full 90-minute match's
 * tracks (26 objects in every frame): the frame-window reads while jumping and while playing,
 * a team's heatmap over the whole match, and a calibration fit from 20 clicked landmarks. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "tl-calibration.h"
#include "tl-heatmap.h"
#include "tl-pitch.h"
#include "tl-store.h"
#include "tl-track-window.h"
#include "tl-test-media.h"

#define FPS          25
#define MATCH_FRAMES (90 * 60 * FPS)
#define OBJECTS      26
#define CHUNK        (10 * FPS)

static gboolean
fill (TlStore   *store,
      gpointer   user_data,
      GError   **error)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (TlTrackSample));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  double px[OBJECTS], py[OBJECTS];
  sqlite3_stmt *stmt;

  stmt = tl_store_prepare (store, "INSERT INTO matches (id, title, file_path, content_hash,"
                                  " file_size, duration_ns, width, height)"
                                  " VALUES (1, 'bench', '/nonexistent', 'x', 0, 0, 3840, 1152)",
                           error);
  if (stmt == NULL || !tl_store_exec_stmt (store, stmt, error))
    return FALSE;

  for (int o = 0; o < OBJECTS; o++)
    {
      px[o] = g_rand_double_range (rand, -50, 50);
      py[o] = g_rand_double_range (rand, -32, 32);
    }

  /* Players walk at random over the pitch; a new track every minute, as when tracks are lost. */
  for (gint64 first = 0; first < MATCH_FRAMES; first += CHUNK)
    {
      g_autoptr(GBytes) blob = NULL;

      g_array_set_size (samples, 0);
      for (gint64 f = first; f < first + CHUNK; f++)
        for (int o = 0; o < OBJECTS; o++)
          {
            TlTrackSample s = { 0 };

            px[o] = CLAMP (px[o] + g_rand_double_range (rand, -0.3, 0.3), -52, 52);
            py[o] = CLAMP (py[o] + g_rand_double_range (rand, -0.3, 0.3), -33, 33);
            s.frame = f;
            s.track_no = (guint32) (o + 1 + (f / (FPS * 60)) * OBJECTS);
            s.klass = o == OBJECTS - 1 ? 2 : 1;
            s.team = (gint8) (o < 11 ? 0 : o < 22 ? 1 : -1);
            s.x = (gint16) (1920 + px[o] * 30);
            s.y = (gint16) (600 - py[o] * 8);
            s.w = 20;
            s.h = 60;
            s.pitch_x_cm = (gint16) lround (px[o] * 100);
            s.pitch_y_cm = (gint16) lround (py[o] * 100);
            g_array_append_val (samples, s);
          }
      blob = tl_track_chunk_encode (first, TRUE, (TlTrackSample *) samples->data, samples->len);
      if (!tl_track_chunks_put (store, 1, first, first + CHUNK - 1, blob, error))
        return FALSE;
    }

  for (guint32 t = 1; t <= (MATCH_FRAMES / (FPS * 60)) * OBJECTS; t++)
    {
      int o = (int) ((t - 1) % OBJECTS);
      gint64 minute = (t - 1) / OBJECTS;

      stmt = tl_store_prepare (store, "INSERT INTO tracks (match_id, track_no, class, team_side,"
                                      " first_frame, last_frame) VALUES (1, ?, ?, ?, ?, ?)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, t);
      sqlite3_bind_int (stmt, 2, o == OBJECTS - 1 ? 2 : 1);
      sqlite3_bind_int (stmt, 3, o < 11 ? 1 : o < 22 ? 2 : 0);
      sqlite3_bind_int64 (stmt, 4, minute * FPS * 60);
      sqlite3_bind_int64 (stmt, 5, (minute + 1) * FPS * 60 - 1);
      if (!tl_store_exec_stmt (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
on_heatmap (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tl-bench-match-view-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autoptr(TlStore) store = NULL;
  g_autoptr(TlTrackWindow) window = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(GArray) home = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TlHeatmap) heatmap = NULL;
  double times[200];
  gint64 t0;
  TlPitch pitch;

  g_assert_no_error (error);
  store = tl_store_open (path, &error);
  g_assert_no_error (error);
  t0 = g_get_monotonic_time ();
  g_assert_true (tl_store_write (store, fill, NULL, &error));
  g_assert_no_error (error);
  printf ("stored a 90-minute match (%d objects per frame) in %.1f s\n", OBJECTS,
          (g_get_monotonic_time () - t0) / 1e6);

  window = tl_track_window_new (store, 1, FPS, &error);
  g_assert_no_error (error);
  tl_track_window_set_trail_seconds (window, 10);

  /* Jumps (seeks, scrubbing): every one a new read of 20 s around the frame. */
  for (int i = 0; i < 200; i++)
    {
      gint64 frame = g_rand_int_range (rand, 0, MATCH_FRAMES);

      t0 = g_get_monotonic_time ();
      tl_track_window_set_frame (window, frame);
      times[i] = (g_get_monotonic_time () - t0) / 1000.0;
      g_assert_cmpuint (tl_track_window_get_objects (window)->len, ==, OBJECTS);
    }
  qsort (times, 200, sizeof (double), compare_double);
  printf ("frame window after a jump (10 s trail + 2 s behind + 10 s ahead): "
          "median %.2f ms, p95 %.2f ms\n",
          times[100], times[190]);

  /* Playing: one frame after the other, 10 minutes. */
  tl_track_window_set_frame (window, 0);
  t0 = g_get_monotonic_time ();
  for (gint64 f = 0; f < 10 * 60 * FPS; f++)
    tl_track_window_set_frame (window, f);
  printf ("frame window while playing: %.1f µs per frame (reads included)\n",
          (g_get_monotonic_time () - t0) / (double) (10 * 60 * FPS));

  /* A team's heatmap over the whole match, in its worker thread. */
  home = tl_track_window_tracks_of_side (window, TL_TEAM_SIDE_HOME);
  tl_pitch_init_default (&pitch);
  t0 = g_get_monotonic_time ();
  tl_heatmap_compute_async (store, 1, FPS, MATCH_FRAMES - 1, &pitch, 42, 27,
                            (const guint32 *) home->data, home->len, NULL, on_heatmap, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  heatmap = tl_heatmap_compute_finish (result, &error);
  g_assert_no_error (error);
  printf ("home team heatmap, 90 minutes (%u tracks, %.0f player-seconds): %.0f ms\n",
          home->len, heatmap->total_s, (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpfloat (fabs (heatmap->total_s - 11.0 * MATCH_FRAMES / FPS), <, 1.0);

  /* A calibration from 20 landmarks clicked within half a pixel on the 3840x1152 demo. */
  {
    TlCameraParams truth, fitted;
    TlCamera camera;
    TlCalibrationReport report;
    TlCorrespondence points[32];
    g_autoptr(GArray) landmarks = tl_pitch_landmarks (&pitch);
    int n = 0;

    tl_camera_params_default (&truth, TL_CAMERA_CYLINDRICAL, 3840, 1152, 8.0, 10.0);
    g_assert_cmpint (tl_camera_init (&camera, &truth), ==, TL_CAMERA_OK);
    for (guint i = 0; i < landmarks->len && n < 32; i++)
      {
        const TlPitchLandmark *l = &g_array_index (landmarks, TlPitchLandmark, i);
        double u, v;

        if (tl_camera_project (&camera, l->x, l->y, 0, &u, &v) != TL_CAMERA_VISIBLE)
          continue;
        points[n++] = (TlCorrespondence) { u + g_rand_double_range (rand, -0.5, 0.5),
                                           v + g_rand_double_range (rand, -0.5, 0.5),
                                           l->x, l->y };
      }
    t0 = g_get_monotonic_time ();
    g_assert_cmpint (tl_camera_fit (points, n, TL_CAMERA_CYLINDRICAL, 3840, 1152, NULL, &fitted,
                                    &report, NULL, 0), ==, TL_CALIBRATION_OK);
    printf ("calibration fit, %d clicks within 0.5 px on 3840x1152: %.1f ms, error %.3f m rms, "
            "%.3f m max\n", n, (g_get_monotonic_time () - t0) / 1000.0, report.rms_m,
            report.max_m);
  }

  g_clear_object (&window);
  g_clear_object (&store);
  tl_test_remove_tree (dir);
  return 0;
}
