/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c: the library database on real files: migrations, refusals, transactions, crashes. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "tl-store.h"
#include "tl-test-media.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

/* Written by hand, not derived from the migrations, so that a table lost from the schema fails. */
static const char * const tables_v1[] = {
  "teams", "players", "matches", "periods", "match_players", NULL
};
static const char * const tables_v2[] = {
  "tag_templates", "tag_codes", "label_groups", "labels", "events", "event_labels",
  "annotations", "annotation_tracks", "reels", "reel_items", NULL
};
static const char * const tables_v3[] = {
  "analysis_jobs", "tracks", "track_chunks", "track_stats", "camera_paths", "camera_keyframes",
  NULL
};
static const char * const tables_v4[] = { "event_rows", "event_sessions", NULL };
static const char * const tables_v5[] = { NULL }; /* a column: tracks.side_by_user */
static const char * const tables_v6[] = { NULL }; /* a column: analysis_jobs.decoder */
static const char * const * const tables_by_version[] = {
  NULL, tables_v1, tables_v2, tables_v3, tables_v4, tables_v5, tables_v6
};

G_STATIC_ASSERT (G_N_ELEMENTS (tables_by_version) == TL_STORE_SCHEMA_VERSION + 1);

typedef struct
{
  char *dir;
  char *path;   /* dir/library.db, not created */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("touchline-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "library.db", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  tl_test_remove_tree (fixture->dir);
  g_assert_false (g_file_test (fixture->dir, G_FILE_TEST_EXISTS));
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

/* Raw SQLite, for building files as older (or newer) versions of Touchline left them. */

static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  return db;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* Through the store: small TlStoreFuncs the tests share. */

typedef struct
{
  const char *sql;
  const char *bind_text;  /* bound to ?1 when not NULL */
  gboolean    has_row;
  gint64      value;
  char       *text;
} Query;

static gboolean
query_func (TlStore   *store,
            gpointer   user_data,
            GError   **error)
{
  Query *query = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store, query->sql, error);
  if (stmt == NULL)
    return FALSE;
  if (query->bind_text != NULL)
    sqlite3_bind_text (stmt, 1, query->bind_text, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      query->has_row = TRUE;
      query->value = sqlite3_column_int64 (stmt, 0);
      query->text = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
    }
  else if (rc != SQLITE_DONE)
    {
      return tl_store_set_error (store, rc, error);
    }

  return TRUE;
}

static gint64
store_int (TlStore    *store,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  Query query = { sql };

  g_assert_true (tl_store_read (store, query_func, &query, &error));
  g_assert_no_error (error);
  g_assert_true (query.has_row);
  g_free (query.text);

  return query.value;
}

static char *
store_text (TlStore    *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  Query query = { sql };

  g_assert_true (tl_store_read (store, query_func, &query, &error));
  g_assert_no_error (error);
  g_assert_true (query.has_row);

  return query.text;
}

static gboolean
table_exists (TlStore    *store,
              const char *table)
{
  g_autoptr(GError) error = NULL;
  Query query = { "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", table };

  g_assert_true (tl_store_read (store, query_func, &query, &error));
  g_assert_no_error (error);
  g_free (query.text);

  return query.value == 1;
}

/* @user_data: one SQL statement. */
static gboolean
exec_func (TlStore   *store,
           gpointer   user_data,
           GError   **error)
{
  sqlite3_stmt *stmt = tl_store_prepare (store, user_data, error);

  return stmt != NULL && tl_store_exec_stmt (store, stmt, error);
}

/* @user_data: the team's name. */
static gboolean
insert_team_func (TlStore   *store,
                  gpointer   user_data,
                  GError   **error)
{
  sqlite3_stmt *stmt = tl_store_prepare (store, "INSERT INTO teams (name) VALUES (?1)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_data, -1, SQLITE_TRANSIENT);

  return tl_store_exec_stmt (store, stmt, error);
}

/* @user_data: a GHashTable of strings, filled with every team's name. */
static gboolean
collect_team_names_func (TlStore   *store,
                         gpointer   user_data,
                         GError   **error)
{
  GHashTable *names = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store, "SELECT name FROM teams", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (names, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  return TRUE;
}

static void
assert_tables_up_to (TlStore *store,
                     guint    version)
{
  for (guint v = 1; v <= version; v++)
    {
      for (guint i = 0; tables_by_version[v][i] != NULL; i++)
        {
          if (!table_exists (store, tables_by_version[v][i]))
            g_error ("table %s of schema %u is missing", tables_by_version[v][i], v);
        }
    }
}

static void
assert_file_unchanged (const char *path,
                       const char *contents,
                       gsize       length)
{
  g_autofree char *now = NULL;
  gsize now_length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &now, &now_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (now, now_length, contents, length);
}

static void
test_open_fresh (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "not", "yet", "library.db", NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *journal_mode = NULL;
  g_autofree char *property_path = NULL;
  g_autoptr(TlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  gint64 n_objects;

  store = tl_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_cmpstr (tl_store_get_path (store), ==, path);
  g_object_get (store, "path", &property_path, NULL);
  g_assert_cmpstr (property_path, ==, path);

  g_assert_cmpuint (tl_store_get_schema_version (store), ==, TL_STORE_SCHEMA_VERSION);
  g_assert_cmpint (store_int (store, "PRAGMA user_version"), ==, TL_STORE_SCHEMA_VERSION);
  journal_mode = store_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpint (store_int (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (store_int (store, "PRAGMA synchronous"), ==, 2); /* FULL */
  g_assert_cmpint (store_int (store, "PRAGMA busy_timeout"), >=, 1000);
  assert_tables_up_to (store, TL_STORE_SCHEMA_VERSION);

  g_assert_true (tl_store_check_integrity (store, &error));
  g_assert_no_error (error);

  g_assert_true (tl_store_write (store, insert_team_func, "Home", &error));
  g_assert_no_error (error);
  n_objects = store_int (store, "SELECT count(*) FROM sqlite_master");
  g_clear_object (&store);

  /* Reopening finds nothing to do: same version, same schema, the data still there. */
  store = tl_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tl_store_get_schema_version (store), ==, TL_STORE_SCHEMA_VERSION);
  g_assert_cmpint (store_int (store, "PRAGMA user_version"), ==, TL_STORE_SCHEMA_VERSION);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM sqlite_master"), ==, n_objects);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM teams WHERE name = 'Home'"), ==, 1);
}

static void
test_migrate_from_older (Fixture       *fixture,
                         gconstpointer  data)
{
  guint old_version = GPOINTER_TO_UINT (data);
  g_autoptr(TlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *home = NULL;
  g_autofree char *journal_mode = NULL;

  {
    g_autoptr(sqlite3) db = raw_open (fixture->path);
    g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u", old_version);

    for (guint v = 1; v <= old_version; v++)
      raw_exec (db, tl_store_get_migration_sql (v));
    raw_exec (db, bump);
    raw_exec (db, "INSERT INTO teams (id, name, color) VALUES (7, 'Rovers', '#aa0000')");
    raw_exec (db, "INSERT INTO matches (id, title, file_path, content_hash, file_size, duration_ns,"
                  "  width, height, home_team_id)"
                  " VALUES (3, 'Rovers v United', '/videos/a.mp4', 'abc123', 1000, 5400000000000,"
                  "  1920, 1080, 7)");
    if (old_version >= 2)
      raw_exec (db, "INSERT INTO events (match_id, code, start_ns, end_ns)"
                    " VALUES (3, 'Shot', 10, 20)");
  }

  store = tl_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  g_assert_cmpuint (tl_store_get_schema_version (store), ==, TL_STORE_SCHEMA_VERSION);
  g_assert_cmpint (store_int (store, "PRAGMA user_version"), ==, TL_STORE_SCHEMA_VERSION);
  assert_tables_up_to (store, TL_STORE_SCHEMA_VERSION);
  g_assert_cmpint (store_int (store, "PRAGMA foreign_keys"), ==, 1);
  journal_mode = store_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");

  title = store_text (store, "SELECT title FROM matches WHERE id = 3 AND content_hash = 'abc123'"
                             " AND duration_ns = 5400000000000 AND width = 1920");
  g_assert_cmpstr (title, ==, "Rovers v United");
  home = store_text (store, "SELECT t.name FROM matches m JOIN teams t ON t.id = m.home_team_id");
  g_assert_cmpstr (home, ==, "Rovers");
  if (old_version >= 2)
    g_assert_cmpint (store_int (store, "SELECT count(*) FROM events WHERE match_id = 3"), ==, 1);

  /* The tables the upgrade added are usable with the old rows. */
  g_assert_true (tl_store_write (store, exec_func,
                                 "INSERT INTO analysis_jobs (match_id) VALUES (3)", &error));
  g_assert_no_error (error);
  g_assert_true (tl_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

static void
test_migrate_failed_step (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TlStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* A version 1 file where step 2 fails late (its "reels" exists), after it created tables. */
  {
    g_autoptr(sqlite3) db = raw_open (fixture->path);

    raw_exec (db, tl_store_get_migration_sql (1));
    raw_exec (db, "PRAGMA user_version = 1");
    raw_exec (db, "INSERT INTO teams (name) VALUES ('Kept')");
    raw_exec (db, "CREATE TABLE reels (x)");
  }

  store = tl_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, TL_STORE_ERROR, TL_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "reels"));

  /* The failed step was undone as a whole, version bump included. */
  {
    g_autoptr(sqlite3) db = raw_open (fixture->path);

    g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 1);
    g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master"
                                  " WHERE name = 'tag_templates'"), ==, 0);
    g_assert_cmpint (raw_int (db, "SELECT count(*) FROM teams WHERE name = 'Kept'"), ==, 1);
  }
}

static void
test_refuse_newer (Fixture       *fixture,
                   gconstpointer  data)
{
  const int newer = TL_STORE_SCHEMA_VERSION + 6;
  g_autoptr(TlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  gsize before_length = 0;

  {
    g_autoptr(sqlite3) db = raw_open (fixture->path);
    g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", newer);

    raw_exec (db, "CREATE TABLE future (id INTEGER PRIMARY KEY, what TEXT)");
    raw_exec (db, "INSERT INTO future (what) VALUES ('from the future')");
    raw_exec (db, bump);
  }
  g_file_get_contents (fixture->path, &before, &before_length, &error);
  g_assert_no_error (error);

  store = tl_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, TL_STORE_ERROR, TL_STORE_ERROR_TOO_NEW);
  expected = g_strdup_printf ("%s: written by a newer version of Touchline "
                              "(library schema %d, this version reads up to %d)",
                              fixture->path, newer, TL_STORE_SCHEMA_VERSION);
  g_assert_cmpstr (error->message, ==, expected);

  /* Not a byte changed: no journal mode switch, no migration attempt. */
  assert_file_unchanged (fixture->path, before, before_length);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  {
    g_autoptr(sqlite3) db = raw_open (fixture->path);

    g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, newer);
    g_assert_cmpint (raw_int (db, "SELECT count(*) FROM future"), ==, 1);
  }
}

static void
test_refuse_not_database (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char text[] =
    "minute,team,event\n12,home,goal\n33,away,yellow card\n67,home,substitution\n"
    "89,away,goal\n90,home,goal\nThis is a spreadsheet export, not a library.\n";
  g_autoptr(TlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  g_file_set_contents (fixture->path, text, -1, &error);
  g_assert_no_error (error);

  store = tl_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, TL_STORE_ERROR, TL_STORE_ERROR_CORRUPT);
  expected = g_strdup_printf ("%s: not a Touchline library (file is not a database)",
                              fixture->path);
  g_assert_cmpstr (error->message, ==, expected);

  assert_file_unchanged (fixture->path, text, strlen (text));
}

static void
test_refuse_other_database (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(TlStore) store = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(sqlite3) db = raw_open (fixture->path);

    raw_exec (db, "CREATE TABLE recipes (name TEXT)");
  }

  store = tl_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, TL_STORE_ERROR, TL_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, fixture->path));

  {
    g_autoptr(sqlite3) db = raw_open (fixture->path);

    g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 0);
    g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master"), ==, 1);
  }
}

static gboolean
insert_then_fail_func (TlStore   *store,
                       gpointer   user_data,
                       GError   **error)
{
  if (!insert_team_func (store, user_data, error))
    return FALSE;

  /* The row is really there inside the transaction, so its absence later means a rollback. */
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM teams"), ==, 1);

  g_set_error_literal (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID, "changed my mind");
  return FALSE;
}

static void
test_write_rollback (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TlStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = tl_store_open (fixture->path, &error);
  g_assert_no_error (error);

  g_assert_false (tl_store_write (store, insert_then_fail_func, "Gone", &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM teams"), ==, 0);
  g_clear_error (&error);

  /* The store is usable afterwards. */
  g_assert_true (tl_store_write (store, insert_team_func, "Stays", &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM teams"), ==, 1);
}

static void
test_foreign_keys (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TlStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = tl_store_open (fixture->path, &error);
  g_assert_no_error (error);

  g_assert_false (tl_store_write (store, exec_func,
                                  "INSERT INTO events (match_id, code, start_ns, end_ns)"
                                  " VALUES (999, 'Shot', 0, 10)", &error));
  g_assert_error (error, TL_STORE_ERROR, TL_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "FOREIGN KEY"));
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM events"), ==, 0);
  g_clear_error (&error);

  /* ON DELETE CASCADE works, which also needs foreign keys on. */
  g_assert_true (tl_store_write (store, exec_func,
                                 "INSERT INTO matches (id, title, file_path, content_hash,"
                                 "  file_size, duration_ns, width, height)"
                                 " VALUES (1, 'M', '/m.mp4', 'h', 1, 1, 1, 1)", &error));
  g_assert_no_error (error);
  g_assert_true (tl_store_write (store, exec_func,
                                 "INSERT INTO events (match_id, code, start_ns, end_ns)"
                                 " VALUES (1, 'Shot', 0, 10)", &error));
  g_assert_no_error (error);
  g_assert_true (tl_store_write (store, exec_func, "DELETE FROM matches WHERE id = 1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM events"), ==, 0);
}

static void
test_constraints (Fixture       *fixture,
                  gconstpointer  data)
{
  static const struct { const char *sql; const char *says; } bad[] = {
    { "INSERT INTO teams (name) VALUES (NULL)", "NOT NULL" },
    { "INSERT INTO players (name, number) VALUES ('Big', 5000)", "CHECK" },
    { "INSERT INTO matches (title, file_path, content_hash, file_size, duration_ns, width, height)"
      " VALUES ('Same', '/b.mp4', 'dup', 1, 1, 1, 1)", "UNIQUE" },
    { "INSERT INTO no_such_table VALUES (1)", "no such table" },
  };
  g_autoptr(TlStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = tl_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (tl_store_write (store, exec_func,
                                 "INSERT INTO matches (title, file_path, content_hash, file_size,"
                                 "  duration_ns, width, height)"
                                 " VALUES ('First', '/a.mp4', 'dup', 1, 1, 1, 1)", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (tl_store_write (store, exec_func, (gpointer)bad[i].sql, &error));
      g_assert_error (error, TL_STORE_ERROR, TL_STORE_ERROR_FAILED);
      if (strstr (error->message, bad[i].says) == NULL)
        g_error ("%s: expected \"%s\" in \"%s\"", bad[i].sql, bad[i].says, error->message);
      g_clear_error (&error);
    }

  g_assert_cmpint (store_int (store, "SELECT count(*) FROM matches"), ==, 1);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM teams"), ==, 0);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM players"), ==, 0);
}

static gboolean
insert_and_fail_func (TlStore   *store,
                      gpointer   user_data,
                      GError   **error)
{
  if (!insert_team_func (store, user_data, error))
    return FALSE;

  g_set_error_literal (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID, "changed my mind");
  return FALSE;
}

static gboolean
count_teams_func (TlStore   *store,
                  gpointer   user_data,
                  GError   **error)
{
  *(gint64 *)user_data = store_int (store, "SELECT count(*) FROM teams");
  return TRUE;
}

static gboolean
nested_func (TlStore   *store,
             gpointer   user_data,
             GError   **error)
{
  gboolean fail_at_end = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) nested_error = NULL;
  gint64 n_teams = -1;

  if (!insert_team_func (store, "Outer", error))
    return FALSE;
  if (!tl_store_write (store, insert_team_func, "Nested", error))
    return FALSE;

  /* A nested write that fails undoes its own row only; this func carries on. */
  g_assert_false (tl_store_write (store, insert_and_fail_func, "Undone", &nested_error));
  g_assert_error (nested_error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);

  if (!tl_store_read (store, count_teams_func, &n_teams, error))
    return FALSE;
  g_assert_cmpint (n_teams, ==, 2);

  if (fail_at_end)
    {
      g_set_error_literal (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID, "outer fails");
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_inside_read_func (TlStore   *store,
                        gpointer   user_data,
                        GError   **error)
{
  return tl_store_write (store, insert_team_func, "Never", error);
}

static void
test_nested (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  store = tl_store_open (fixture->path, &error);
  g_assert_no_error (error);

  /* When the outer func fails, the nested write that succeeded goes too. */
  g_assert_false (tl_store_write (store, nested_func, GINT_TO_POINTER (TRUE), &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM teams"), ==, 0);

  g_assert_true (tl_store_write (store, nested_func, GINT_TO_POINTER (FALSE), &error));
  g_assert_no_error (error);
  g_assert_true (tl_store_read (store, collect_team_names_func, names, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (names), ==, 2);
  g_assert_true (g_hash_table_contains (names, "Outer"));
  g_assert_true (g_hash_table_contains (names, "Nested"));

  /* Writing inside a read is a programmer error, reported and refused. */
  g_test_expect_message ("Touchline", G_LOG_LEVEL_CRITICAL, "*tl_store_write() called inside*");
  g_assert_false (tl_store_read (store, write_inside_read_func, NULL, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, TL_STORE_ERROR, TL_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM teams"), ==, 2);

  g_test_expect_message ("Touchline", G_LOG_LEVEL_CRITICAL, "*outside tl_store_write()*");
  g_assert_null (tl_store_prepare (store, "SELECT 1", &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, TL_STORE_ERROR, TL_STORE_ERROR_FAILED);
}

static gboolean
fill_disk_func (TlStore   *store,
                gpointer   user_data,
                GError   **error)
{
  g_autofree char *limit = NULL;
  sqlite3_stmt *stmt;

  /* A low page limit gives SQLITE_FULL exactly as a full disk does. */
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT,
                           store_int (store, "PRAGMA page_count") + 4);
  if (!exec_func (store, limit, error))
    return FALSE;

  for (guint i = 0; i < 100; i++)
    {
      stmt = tl_store_prepare (store, "INSERT INTO teams (name) VALUES (hex (randomblob (20000)))",
                               error);
      if (stmt == NULL || !tl_store_exec_stmt (store, stmt, error))
        return FALSE;
    }

  g_assert_not_reached ();
  return TRUE;
}

static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  store = tl_store_open (fixture->path, &error);
  g_assert_no_error (error);

  g_assert_false (tl_store_write (store, fill_disk_func, NULL, &error));
  g_assert_error (error, TL_STORE_ERROR, TL_STORE_ERROR_FULL);
  expected = g_strdup_printf ("disk full while writing %s", fixture->path);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM teams"), ==, 0);
}

static void
test_integrity_damaged (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(TlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gint64 page_size;

  store = tl_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (tl_store_write (store, exec_func,
                                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                                 "  WHERE i < 2000)"
                                 " INSERT INTO teams (name)"
                                 "  SELECT printf ('team %05d %.100c', i, 'x') FROM n", &error));
  g_assert_no_error (error);
  page_size = store_int (store, "PRAGMA page_size");
  g_assert_true (tl_store_check_integrity (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store); /* checkpoints the WAL into the file */

  /* The last pages hold team rows (the schema came first): give them an invalid page type. */
  g_file_get_contents (fixture->path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 20 * page_size);
  for (gsize page = length / page_size - 10; page < length / page_size - 1; page++)
    memset (contents + page * page_size, 0x42, 16);
  g_file_set_contents (fixture->path, contents, length, &error);
  g_assert_no_error (error);

  store = tl_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (tl_store_check_integrity (store, &error));
  g_assert_error (error, TL_STORE_ERROR, TL_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, fixture->path));
}

#define N_THREADS 4
#define ROWS_PER_THREAD 200

typedef struct
{
  TlStore *store;
  guint    index;
} Writer;

static gpointer
writer_thread (gpointer user_data)
{
  Writer *writer = user_data;

  for (guint i = 0; i < ROWS_PER_THREAD; i++)
    {
      g_autofree char *name = g_strdup_printf ("thread %u row %u", writer->index, i);
      g_autoptr(GError) error = NULL;

      if (!tl_store_write (writer->store, insert_team_func, name, &error))
        g_error ("thread %u: %s", writer->index, error->message);
    }

  return NULL;
}

static void
test_threads (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Writer writers[N_THREADS];
  GThread *threads[N_THREADS];

  store = tl_store_open (fixture->path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < N_THREADS; i++)
    {
      writers[i] = (Writer) { store, i };
      threads[i] = g_thread_new ("store-writer", writer_thread, &writers[i]);
    }
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);

  g_assert_cmpint (store_int (store, "SELECT count(*) FROM teams"),
                   ==, N_THREADS * ROWS_PER_THREAD);
  g_assert_true (tl_store_read (store, collect_team_names_func, names, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (names), ==, N_THREADS * ROWS_PER_THREAD);
}

/* The child side of test_crash_safety(): numbers teams @first, @first + 1, ... one transaction
 * each, and prints a number only once its COMMIT has returned. Runs until killed. */
static int
run_writer (const char *path,
            const char *first)
{
  g_autoptr(TlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint64 next;

  if (!g_ascii_string_to_unsigned (first, 10, 1, G_MAXINT64, &next, &error))
    {
      g_printerr ("writer: %s\n", error->message);
      return 1;
    }

  store = tl_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("writer: %s\n", error->message);
      return 1;
    }

  for (;; next++)
    {
      g_autofree char *name = g_strdup_printf ("%" G_GUINT64_FORMAT, next);

      if (!tl_store_write (store, insert_team_func, name, &error))
        {
          g_printerr ("writer: %s\n", error->message);
          return 1;
        }
      printf ("%s\n", name);
      fflush (stdout);
    }
}

/* Each writer numbers from its own block, so that a row lost in one round can never be made up
 * for by a later round writing the same number. */
#define CRASH_ROUNDS 20
#define CRASH_BLOCK  G_GINT64_CONSTANT (1000000)

typedef struct
{
  gint64 first;
  gint64 n_acked;   /* acknowledged: first .. first + n_acked - 1 */
} CrashRound;

/* Takes each complete line of @pending as the next acknowledged number of @round. */
static void
take_acknowledged (GString    *pending,
                   CrashRound *round)
{
  char *newline;

  while ((newline = memchr (pending->str, '\n', pending->len)) != NULL)
    {
      g_autofree char *line = g_strndup (pending->str, newline - pending->str);
      g_autoptr(GError) error = NULL;
      guint64 number = 0;

      g_ascii_string_to_unsigned (line, 10, 1, G_MAXINT64, &number, &error);
      g_assert_no_error (error);
      g_assert_cmpint ((gint64)number, ==, round->first + round->n_acked);
      round->n_acked++;
      g_string_erase (pending, 0, newline - pending->str + 1);
    }
}

typedef struct
{
  gint64 first;
  gint64 last;
  gint64 count;   /* rows numbered first .. last */
  gint64 min;
  gint64 max;
} CrashRows;

static gboolean
crash_rows_func (TlStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  CrashRows *rows = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store,
                           "SELECT count(*), min (n), max (n)"
                           " FROM (SELECT CAST (name AS INTEGER) AS n FROM teams)"
                           " WHERE n BETWEEN ?1 AND ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rows->first);
  sqlite3_bind_int64 (stmt, 2, rows->last);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return tl_store_set_error (store, rc, error);
  rows->count = sqlite3_column_int64 (stmt, 0);
  rows->min = sqlite3_column_int64 (stmt, 1);
  rows->max = sqlite3_column_int64 (stmt, 2);

  return TRUE;
}

static void
test_crash_safety (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *self_exe = data;
  CrashRound rounds[CRASH_ROUNDS];
  g_autoptr(TlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_acked = 0;
  gint64 n_rows = 0;

  for (guint r = 0; r < CRASH_ROUNDS; r++)
    {
      g_autoptr(GSubprocess) writer = NULL;
      g_autoptr(GString) pending = g_string_new (NULL);
      g_autofree char *first = NULL;
      GInputStream *out;
      gint64 deadline;
      char buffer[4096];
      gssize n_read;

      rounds[r] = (CrashRound) { r * CRASH_BLOCK + 1, 0 };
      first = g_strdup_printf ("%" G_GINT64_FORMAT, rounds[r].first);
      writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                 self_exe, "--writer", fixture->path, first, NULL);
      g_assert_no_error (error);
      out = g_subprocess_get_stdout_pipe (writer);

      /* The writer prints after every commit, so these reads block for a millisecond or so. */
      deadline = g_get_monotonic_time ()
                 + g_test_rand_int_range (50, 301) * G_TIME_SPAN_MILLISECOND;
      while (g_get_monotonic_time () < deadline)
        {
          n_read = g_input_stream_read (out, buffer, sizeof buffer, NULL, &error);
          g_assert_no_error (error);
          if (n_read == 0)
            break;
          g_string_append_len (pending, buffer, n_read);
          take_acknowledged (pending, &rounds[r]);
        }

      g_subprocess_send_signal (writer, SIGKILL);

      /* What it printed before it died was acknowledged too: read the pipe to its end. */
      while ((n_read = g_input_stream_read (out, buffer, sizeof buffer, NULL, &error)) > 0)
        {
          g_string_append_len (pending, buffer, n_read);
          take_acknowledged (pending, &rounds[r]);
        }
      g_assert_no_error (error);

      g_subprocess_wait (writer, NULL, &error);
      g_assert_no_error (error);
      /* It must have died by our hand, mid-work, not given up on its own. */
      g_assert_true (g_subprocess_get_if_signaled (writer));
      g_assert_cmpint (g_subprocess_get_term_sig (writer), ==, SIGKILL);
      g_assert_cmpint (rounds[r].n_acked, <, CRASH_BLOCK);
      n_acked += rounds[r].n_acked;
    }

  g_test_message ("%" G_GINT64_FORMAT " commits acknowledged over %d kills",
                  n_acked, CRASH_ROUNDS);
  /* Without acknowledged commits the checks below would pass vacuously. */
  g_assert_cmpint (n_acked, >=, CRASH_ROUNDS);

  store = tl_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (tl_store_check_integrity (store, &error));
  g_assert_no_error (error);

  for (guint r = 0; r < CRASH_ROUNDS; r++)
    {
      CrashRows rows = { rounds[r].first, rounds[r].first + CRASH_BLOCK - 1 };

      g_assert_true (tl_store_read (store, crash_rows_func, &rows, &error));
      g_assert_no_error (error);

      /* Every acknowledged number is there, plus at most the one committed just before the
       * kill and never printed; nothing is duplicated and nothing is missing in between. */
      if (rows.count < rounds[r].n_acked
          || (rounds[r].n_acked > 0 && rows.max < rounds[r].first + rounds[r].n_acked - 1))
        g_error ("round %u: %" G_GINT64_FORMAT " commits acknowledged, but the library holds %"
                 G_GINT64_FORMAT " (up to %" G_GINT64_FORMAT ")",
                 r, rounds[r].n_acked, rows.count, rows.max);
      g_assert_cmpint (rows.count, <=, rounds[r].n_acked + 1);
      if (rows.count > 0)
        {
          g_assert_cmpint (rows.min, ==, rounds[r].first);
          g_assert_cmpint (rows.max, ==, rounds[r].first + rows.count - 1);
        }
      n_rows += rows.count;
    }

  g_assert_cmpint (store_int (store, "SELECT count(*) FROM teams"), ==, n_rows);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *self_exe = NULL;
  int status;

  /* test_crash_safety() runs this program again as the writer it kills. */
  if (argc == 4 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2], argv[3]);

  g_test_init (&argc, &argv, NULL);

  self_exe = g_find_program_in_path (argv[0]);
  g_assert_nonnull (self_exe);

  g_test_add ("/store/open/fresh", Fixture, NULL,
              fixture_setup, test_open_fresh, fixture_teardown);
  for (guint v = 1; v < TL_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *name = g_strdup_printf ("/store/open/migrate-from-%u", v);

      g_test_add (name, Fixture, GUINT_TO_POINTER (v),
                  fixture_setup, test_migrate_from_older, fixture_teardown);
    }
  g_test_add ("/store/open/migrate-failed-step", Fixture, NULL,
              fixture_setup, test_migrate_failed_step, fixture_teardown);
  g_test_add ("/store/open/refuse-newer", Fixture, NULL,
              fixture_setup, test_refuse_newer, fixture_teardown);
  g_test_add ("/store/open/refuse-not-database", Fixture, NULL,
              fixture_setup, test_refuse_not_database, fixture_teardown);
  g_test_add ("/store/open/refuse-other-database", Fixture, NULL,
              fixture_setup, test_refuse_other_database, fixture_teardown);
  g_test_add ("/store/write/rollback", Fixture, NULL,
              fixture_setup, test_write_rollback, fixture_teardown);
  g_test_add ("/store/write/foreign-keys", Fixture, NULL,
              fixture_setup, test_foreign_keys, fixture_teardown);
  g_test_add ("/store/write/constraints", Fixture, NULL,
              fixture_setup, test_constraints, fixture_teardown);
  g_test_add ("/store/write/nested", Fixture, NULL,
              fixture_setup, test_nested, fixture_teardown);
  g_test_add ("/store/write/disk-full", Fixture, NULL,
              fixture_setup, test_disk_full, fixture_teardown);
  g_test_add ("/store/integrity/damaged", Fixture, NULL,
              fixture_setup, test_integrity_damaged, fixture_teardown);
  g_test_add ("/store/threads", Fixture, NULL,
              fixture_setup, test_threads, fixture_teardown);
  g_test_add ("/store/crash-safety", Fixture, self_exe,
              fixture_setup, test_crash_safety, fixture_teardown);

  status = g_test_run ();
  return status;
}
