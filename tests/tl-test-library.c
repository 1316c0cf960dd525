/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-test-library.c: helpers the tagging tests share. */
#include "config.h"

#include <sqlite3.h>

#include "tl-test-library.h"

static gboolean
insert_match (TlStore   *store,
              gpointer   user_data,
              GError   **error)
{
  sqlite3_stmt *stmt;

  stmt = tl_store_prepare (store,
                           "INSERT INTO matches (title, file_path, content_hash, file_size,"
                           " duration_ns, width, height) VALUES ('Test', '/nonexistent.mp4',"
                           " ?1, 1, 5400000000000, 320, 180)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, (const char *) user_data, -1, SQLITE_TRANSIENT);
  return tl_store_exec_stmt (store, stmt, error);
}

gint64
tl_test_add_match (TlLibrary  *library,
                   const char *content_hash)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tl_store_write (tl_library_get_store (library), insert_match,
                                 (gpointer) content_hash, &error));
  g_assert_no_error (error);
  return tl_store_last_insert_rowid (tl_library_get_store (library));
}

gint64
tl_test_db_count (const char *library_dir,
                  const char *sql)
{
  g_autofree char *path = g_build_filename (library_dir, "library.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

void
tl_test_run_clear (TlTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

void
tl_test_run_cli (const char *library_dir,
                 TlTestRun  *run,
                 const char *first_arg,
                 ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("TOUCHLINE_CLI");
  va_list args;

  g_assert_nonnull (cli);
  tl_test_run_clear (run);
  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, (char *) "--library");
  g_ptr_array_add (argv, (char *) library_dir);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("touchline-cli %s -> %d\nstdout: %s\nstderr: %s", first_arg, run->status,
                  run->out, run->err);
}
