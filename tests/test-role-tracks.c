/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-role-tracks.c: the analysis's role pass (tl-role-tracks.h) over a match stored in a real
 * SQLite file: two halves of two teams of six, a duel in the first in which the engine swaps two
 * players' ids, the teams' shapes turned round in the second, a referee, a track the coach
 * named and one a drawing follows. */
#include <math.h>
#include <sqlite3.h>

#include "tl-role-tracks.h"
#include "tl-test-media.h"
#include "tl-track-chunks.h"

#define FPS 25
#define HALF 600              /* frames of a half; the second starts here */
#define N_FRAMES (2 * HALF)
#define CHUNK 250
#define N_PERSONS 13          /* 0-5 team 0, 6-11 team 1, 12 the referee */
#define PER_FRAME (N_PERSONS + 1) /* and the ball */
#define DUEL_FIRST 250        /* persons 0 and 1 meet, the engine swaps their ids... */
#define DUEL_LAST 300         /* ...and they go back */
#define SWAP_FRAME 275
#define NAMED 12              /* the engine's id of person 11, whom the coach named */
#define FOLLOWED 11           /* ...and of person 10, whom a drawing follows */
#define BALL 20
#define SECOND_HALF_IDS 100   /* the engine's ids in the second half are its first's + this */

static const double shape[6][2] = {
  { -10, -10 }, { 10, -10 }, { -10, 10 }, { 10, 10 }, { 0, -22 }, { 0, 22 },
};

typedef struct
{
  char    *dir;
  char    *db;
  TlStore *store;
} Fixture;

/* Person @p's ground point (metres) in @frame: the teams' shapes are turned round at half
 * time, as the teams change ends. */
static void
ground_at (int     p,
           int     frame,
           double *gx,
           double *gy)
{
  double centre = 40 + 10 * sin (2 * G_PI * frame / 300.0);
  double turn = frame < HALF ? 1 : -1;

  if (p == 12)
    {
      *gx = centre + 3;
      *gy = 30;
      return;
    }
  *gx = (p < 6 ? centre : centre + 25) + turn * shape[p % 6][0];
  *gy = 34 + turn * shape[p % 6][1];
  if (p < 2 && frame > DUEL_FIRST && frame < DUEL_LAST)
    {
      double half = (DUEL_LAST - DUEL_FIRST) / 2.0;

      *gx -= shape[p][0] * (1 - fabs (frame - DUEL_FIRST - half) / half);
    }
}

/* The engine's id of person @p in @frame: new ones after the break, but the referee's. */
static guint32
engine_id (int p,
           int frame)
{
  guint32 id = (guint32) p + 1;

  if (p == 12)
    return id;
  if (p < 2 && frame >= SWAP_FRAME && frame < HALF)
    id = (guint32) (2 - p);
  return frame < HALF ? id : id + SECOND_HALF_IDS;
}

static TlTrackSample
sample_of (int p,
           int frame)
{
  double gx, gy;

  ground_at (p, frame, &gx, &gy);
  /* A foot 20 px a metre across and 8 down; a box 30 x 80 px. */
  return (TlTrackSample) {
    .frame = frame, .track_no = engine_id (p, frame), .klass = 1,
    .team = p < 6 ? 0 : p < 12 ? 1 : -1,
    .x = (gint16) lround (200 + 20 * gx - 15), .y = (gint16) lround (300 + 8 * gy - 80),
    .w = 30, .h = 80,
    .pitch_x_cm = (gint16) lround (100 * gx), .pitch_y_cm = (gint16) lround (100 * gy),
  };
}

static gboolean
exec (TlStore     *store,
      const char  *sql,
      GError     **error)
{
  sqlite3_stmt *stmt = tl_store_prepare (store, sql, error);

  return stmt != NULL && tl_store_exec_stmt (store, stmt, error);
}

static gboolean
put_match (TlStore   *store,
           gpointer   user_data,
           GError   **error)
{
  (void) user_data;
  /* The chunks need a match row (foreign key). */
  if (!exec (store, "INSERT INTO matches (id, title, file_path, content_hash, file_size,"
                    " duration_ns, width, height, fps_num, fps_den) VALUES (1, 'roles', '/x',"
                    " 'h', 1, 48000000000, 3840, 1152, 25, 1)", error))
    return FALSE;
  for (int first = 0; first < N_FRAMES; first += CHUNK)
    {
      g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (TlTrackSample));
      g_autoptr(GBytes) blob = NULL;
      int last = MIN (first + CHUNK, N_FRAMES) - 1;

      for (int f = first; f <= last; f++)
        {
          TlTrackSample ball = { .frame = f, .track_no = BALL, .klass = 2, .team = -1,
                                 .x = 900, .y = 500, .w = 6, .h = 6, .pitch_x_cm = 4000,
                                 .pitch_y_cm = 3400 };

          for (int p = 0; p < N_PERSONS; p++)
            {
              TlTrackSample s = sample_of (p, f);

              g_array_append_val (samples, s);
            }
          g_array_append_val (samples, ball);
        }
      blob = tl_track_chunk_encode (first, TRUE, (const TlTrackSample *) (void *) samples->data,
                                    samples->len);
      if (!tl_track_chunks_put (store, 1, first, last, blob, error))
        return FALSE;
    }
  /* The rows the engine's analysis wrote (each id's frames), the coach's name and drawing. */
  for (int p = 0; p < N_PERSONS; p++)
    for (int half = 0; half < 2; half++)
      {
        g_autofree char *sql = g_strdup_printf (
          "INSERT OR IGNORE INTO tracks (match_id, track_no, class, team_side, first_frame,"
          " last_frame) VALUES (1, %u, 1, %d, %d, %d)", engine_id (p, half * HALF),
          p < 6 ? 1 : p < 12 ? 2 : 0, half * HALF, half * HALF + HALF - 1);

        if (!exec (store, sql, error))
          return FALSE;
      }
  return exec (store, "INSERT INTO tracks (match_id, track_no, class, first_frame, last_frame)"
                      " VALUES (1, 20, 2, 0, 1199)", error)
         && exec (store, "UPDATE tracks SET label = 'Smith' WHERE track_no = 12", error)
         && exec (store, "INSERT INTO annotations (id, match_id, shape, space, geometry,"
                         " start_ns, end_ns) VALUES (1, 1, 'spotlight', 'image', '{}', 0,"
                         " 2000000000)", error)
         && exec (store, "INSERT INTO annotation_tracks (annotation_id, track_no)"
                         " VALUES (1, 11)", error)
         && exec (store, "INSERT INTO periods (match_id, number, name, start_ns)"
                         " VALUES (1, 1, 'First half', 0), (1, 2, 'Second half', 24000000000)",
                  error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  (void) data;
  fixture->dir = g_dir_make_tmp ("tl-test-role-tracks-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "library.db", NULL);
  fixture->store = tl_store_open (fixture->db, &error);
  g_assert_no_error (error);
  g_assert_true (tl_store_write (fixture->store, put_match, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  (void) data;
  g_object_unref (fixture->store);
  tl_test_remove_tree (fixture->dir);
  g_free (fixture->db);
  g_free (fixture->dir);
}

typedef struct
{
  int n_roles;
} PassOp;

static gboolean
run_pass (TlStore   *store,
          gpointer   user_data,
          GError   **error)
{
  PassOp *op = user_data;

  return tl_role_tracks_apply (store, 1, FPS, &op->n_roles, error);
}

/* Person @p's id in @frame after the pass. */
static guint32
id_at (const GArray *samples,
       int           p,
       int           frame)
{
  const TlTrackSample *s = &g_array_index (samples, TlTrackSample, frame * PER_FRAME + p);

  g_assert_cmpint (s->frame, ==, frame);
  return s->track_no;
}

/* Whether person @p has one id over frames [@first, @end), but where the duel's two touch. */
static gboolean
one_id (const GArray *samples,
        int           p,
        int           first,
        int           end)
{
  for (int f = first; f < end; f++)
    {
      double x0, x1, y;

      ground_at (0, f, &x0, &y);
      ground_at (1, f, &x1, &y);
      if (id_at (samples, p, f) != id_at (samples, p, first)
          && !(p < 2 && fabs (x1 - x0) * 20 < 30))
        return FALSE;
    }
  return TRUE;
}

static gint64
count_rows (Fixture    *fixture,
            const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tracks WHERE %s", where);
  sqlite3 *handle;
  sqlite3_stmt *stmt;
  gint64 n;

  g_assert_cmpint (sqlite3_open (fixture->db, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return n;
}

static void
test_roles (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = tl_track_chunks_query (fixture->store, 1, 0, N_FRAMES, &error);
  g_autoptr(GArray) after = NULL;
  g_autoptr(GArray) tracks = NULL;
  PassOp op = { -1 };
  guint32 last_first_half = 0;

  (void) data;
  g_assert_no_error (error);
  g_assert_true (tl_store_write (fixture->store, run_pass, &op, &error));
  g_assert_no_error (error);
  after = tl_track_chunks_query (fixture->store, 1, 0, N_FRAMES, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len);
  /* A role for each player in each half (the named and the followed have theirs, unused). */
  g_assert_cmpint (op.n_roles, ==, 24);

  /* The first half: the duel's swap undone, each player one role's id, numbered after the
   * engine's last id; the named, the followed and the referee as the engine had them. */
  for (int p = 0; p < 10; p++)
    {
      g_assert_true (one_id (after, p, 0, HALF));
      g_assert_cmpuint (id_at (after, p, 0), >, NAMED + SECOND_HALF_IDS);
      last_first_half = MAX (last_first_half, id_at (after, p, 0));
    }
  g_assert_true (one_id (after, 10, 0, HALF));
  g_assert_cmpuint (id_at (after, 10, 0), ==, FOLLOWED);
  g_assert_true (one_id (after, 11, 0, HALF));
  g_assert_cmpuint (id_at (after, 11, 0), ==, NAMED);
  g_assert_true (one_id (after, 12, 0, N_FRAMES));
  g_assert_cmpuint (id_at (after, 12, 0), ==, 13);
  /* The second half has roles of its own, every player one. */
  for (int p = 0; p < 12; p++)
    {
      g_assert_true (one_id (after, p, HALF, N_FRAMES));
      g_assert_cmpuint (id_at (after, p, HALF), >, last_first_half);
    }
  /* The ball is as it was. */
  for (int f = 0; f < N_FRAMES; f++)
    g_assert_cmpmem (&g_array_index (after, TlTrackSample, f * PER_FRAME + N_PERSONS),
                     sizeof (TlTrackSample),
                     &g_array_index (before, TlTrackSample, f * PER_FRAME + N_PERSONS),
                     sizeof (TlTrackSample));

  /* The rows: the engine's ids no sample has any more are gone, the coach's stay, and every
   * id has one with its frames and its team's side. */
  g_assert_cmpint (count_rows (fixture, "track_no IN (1, 2, 101, 102)"), ==, 0);
  g_assert_cmpint (count_rows (fixture, "track_no = 12 AND label = 'Smith'"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "track_no = 11"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "track_no = 20 AND class = 2"), ==, 1);
  tracks = tl_track_chunks_list_tracks (fixture->store, 1, &error);
  g_assert_no_error (error);
  for (int p = 0; p < N_PERSONS; p++)
    for (int half = 0; half < 2; half++)
      {
        guint32 id = id_at (after, p, half * HALF);
        g_autofree char *where = g_strdup_printf ("track_no = %u AND team_side = %d", id,
                                                  p < 6 ? 1 : p < 12 ? 2 : 0);
        gboolean found = FALSE;

        g_assert_cmpint (count_rows (fixture, where), ==, 1);
        for (guint i = 0; i < tracks->len; i++)
          {
            const TlTrackInfo *t = &g_array_index (tracks, TlTrackInfo, i);

            if (t->track_no != id)
              continue;
            found = TRUE;
            /* Those of a half start and end with it, the referee's span the match. */
            g_assert_cmpint (t->first_frame, ==, p == 12 ? 0 : half * HALF);
            g_assert_cmpint (t->last_frame, ==, p == 12 ? N_FRAMES - 1 : half * HALF + HALF - 1);
          }
        g_assert_true (found);
      }
}

static void
test_no_frame_rate (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  (void) data;
  g_assert_false (tl_role_tracks_apply (fixture->store, 1, 0, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/analysis/role-tracks/halves", Fixture, NULL, fixture_set_up, test_roles,
              fixture_tear_down);
  g_test_add ("/analysis/role-tracks/no-frame-rate", Fixture, NULL, fixture_set_up,
              test_no_frame_rate, fixture_tear_down);
  return g_test_run ();
}
