/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-store.h: the library database (SQLite): schema migrations, transactions, statements. */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "tl-error.h"

G_BEGIN_DECLS

/* The schema version this build writes. Files with a lower user_version are upgraded in place,
 * files with a higher one are refused (TL_STORE_ERROR_TOO_NEW). */
#define TL_STORE_SCHEMA_VERSION 6

#define TL_TYPE_STORE (tl_store_get_type ())
G_DECLARE_FINAL_TYPE (TlStore, tl_store, TL, STORE, GObject)

/* Called inside an open transaction; return FALSE with @error set to roll back. */
typedef gboolean (*TlStoreFunc) (TlStore   *store,
                                 gpointer   user_data,
                                 GError   **error);

/* Opens (creating the file and its folder when missing) and migrates to
 * TL_STORE_SCHEMA_VERSION. WAL journal, foreign keys on, busy timeout set. */
TlStore      *tl_store_open                (const char   *path,
                                            GError      **error);
const char   *tl_store_get_path            (TlStore      *self);
guint         tl_store_get_schema_version  (TlStore      *self);

/* Runs @func inside BEGIN IMMEDIATE ... COMMIT (ROLLBACK when it fails). Serialised with a
 * mutex, so any thread may call it; nested calls from inside @func run inside the outer one. */
gboolean      tl_store_write               (TlStore      *self,
                                            TlStoreFunc   func,
                                            gpointer      user_data,
                                            GError      **error);
/* Same for reads: a deferred transaction gives @func one consistent snapshot. */
gboolean      tl_store_read                (TlStore      *self,
                                            TlStoreFunc   func,
                                            gpointer      user_data,
                                            GError      **error);

/* Only valid inside tl_store_write()/tl_store_read(). Returns a cached prepared statement,
 * reset and with its bindings cleared (owned by the store). */
sqlite3_stmt *tl_store_prepare             (TlStore      *self,
                                            const char   *sql,
                                            GError      **error);
/* Steps @stmt to completion (for INSERT/UPDATE/DELETE). */
gboolean      tl_store_exec_stmt           (TlStore      *self,
                                            sqlite3_stmt *stmt,
                                            GError      **error);
/* Sets @error from the connection's last error, mapping SQLITE_FULL and friends onto TlStoreError.
 * Always returns FALSE, so callers can `return tl_store_set_error (store, rc, error);`. */
gboolean      tl_store_set_error           (TlStore      *self,
                                            int           rc,
                                            GError      **error);
gint64        tl_store_last_insert_rowid   (TlStore      *self);
int           tl_store_changes             (TlStore      *self);

/* Runs PRAGMA integrity_check; TRUE when SQLite answers "ok". */
gboolean      tl_store_check_integrity     (TlStore      *self,
                                            GError      **error);

/* The SQL that upgrades a file from @version - 1 to @version (1 ≤ version ≤
 * TL_STORE_SCHEMA_VERSION), exposed so tests can build files of older versions. */
const char   *tl_store_get_migration_sql   (guint         version);

G_END_DECLS
