/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-test-match.c: a match row in a test library, without importing a real file. */
#include "tl-test-match.h"

gint64
tl_test_insert_match (TlStore     *store,
                      const char  *file_path,
                      gint64       duration_ns,
                      int          width,
                      int          height,
                      double       hfov_deg,
                      const char  *calibration,
                      GError     **error)
{
  sqlite3_stmt *stmt;

  /* A random hash: several test matches may share a path. */
  stmt = tl_store_prepare (store,
                           "INSERT INTO matches (title, file_path, content_hash, file_size,"
                           " duration_ns, width, height, fps_num, fps_den, projection, hfov_deg,"
                           " calibration) VALUES ('Test', ?, hex(randomblob(8)), 1, ?, ?, ?, 25,"
                           " 1, 'cylindrical', ?, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, file_path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, duration_ns);
  sqlite3_bind_int (stmt, 3, width);
  sqlite3_bind_int (stmt, 4, height);
  sqlite3_bind_double (stmt, 5, hfov_deg);
  if (calibration != NULL)
    sqlite3_bind_text (stmt, 6, calibration, -1, SQLITE_TRANSIENT);
  if (!tl_store_exec_stmt (store, stmt, error))
    return 0;
  return tl_store_last_insert_rowid (store);
}
