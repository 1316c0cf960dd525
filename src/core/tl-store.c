/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-store.c: the library database: opening, schema migrations, transactions, statement cache. */
#include "tl-store.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

/* How long a transaction waits for another connection (the CLI, a second window) to let go of
 * the write lock before giving up with TL_STORE_ERROR_BUSY. */
#define TL_STORE_BUSY_TIMEOUT_MS 5000

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _TlStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  guint       schema_version;

  /* Held for a whole transaction, so transactions of different threads never interleave on the
   * one connection; recursive so that a TlStoreFunc may nest tl_store_write()/read(). */
  GRecMutex   lock;
  guint       depth;      /* transactions entered by the lock's holder; 0 outside */
  gboolean    writing;    /* the outermost transaction is a write */

  GHashTable *statements; /* SQL text (owned) -> sqlite3_stmt (finalized on removal) */
};

G_DEFINE_FINAL_TYPE (TlStore, tl_store, G_TYPE_OBJECT)

enum { PROP_0, PROP_PATH, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
tl_store_finalize (GObject *object)
{
  TlStore *self = (TlStore *)object;

  /* Statements first: sqlite3_close() refuses a connection with statements left. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      int rc = sqlite3_close (self->db);

      if (rc != SQLITE_OK)
        g_warning ("%s: closing the library failed: %s", self->path, sqlite3_errstr (rc));
      self->db = NULL;
    }
  g_rec_mutex_clear (&self->lock);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (tl_store_parent_class)->finalize (object);
}

static void
tl_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TlStore *self = TL_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_store_class_init (TlStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_store_finalize;
  object_class->get_property = tl_store_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_store_statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
tl_store_init (TlStore *self)
{
  g_rec_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            tl_store_statement_free);
}

gboolean
tl_store_set_error (TlStore  *self,
                    int       rc,
                    GError  **error)
{
  const char *detail;

  g_return_val_if_fail (TL_IS_STORE (self), FALSE);

  detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_FULL,
                   _("disk full while writing %s"), self->path);
      break;

    /* A quota shows up as an I/O error, not SQLITE_FULL (only ENOSPC does), and a failing disk
     * calls for the same action from the user: free space or move the library. */
    case SQLITE_IOERR:
      g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_FULL,
                   _("disk full or failing while writing %s (%s)"), self->path, detail);
      break;

    case SQLITE_NOTADB:
      g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_CORRUPT,
                   _("%s: not a Touchline library (file is not a database)"), self->path);
      break;

    case SQLITE_CORRUPT:
      g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_CORRUPT,
                   _("%s: the library file is damaged (%s)"), self->path, detail);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_BUSY,
                   _("%s is in use by another program (still locked after %d seconds)"),
                   self->path, TL_STORE_BUSY_TIMEOUT_MS / 1000);
      break;

    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_OPEN,
                   _("%s: cannot open the library for writing (%s)"), self->path, detail);
      break;

    default:
      g_set_error_literal (error, TL_STORE_ERROR, TL_STORE_ERROR_FAILED, detail);
    }

  return FALSE;
}

static gboolean
tl_store_set_too_new (TlStore  *self,
                      gint64    version,
                      GError  **error)
{
  g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_TOO_NEW,
               _("%s: written by a newer version of Touchline "
                 "(library schema %lld, this version reads up to %d)"),
               self->path, (long long) version, TL_STORE_SCHEMA_VERSION);
  return FALSE;
}

/* Runs SQL that may hold several statements (migrations) or may not run inside a transaction
 * (most PRAGMAs), hence not through the statement cache. */
static gboolean
tl_store_exec_sql (TlStore     *self,
                   const char  *sql,
                   GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return tl_store_set_error (self, rc, error);
  return TRUE;
}

/* Prepares a one-off statement and steps it to its first row; *out_stmt is NULL when it has
 * none. The caller finalizes the statement. */
static gboolean
tl_store_query (TlStore       *self,
                const char    *sql,
                sqlite3_stmt **out_stmt,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *out_stmt = NULL;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return tl_store_set_error (self, rc, error);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_stmt = g_steal_pointer (&stmt);
  else if (rc != SQLITE_DONE)
    return tl_store_set_error (self, rc, error);

  return TRUE;
}

static gboolean
tl_store_query_int (TlStore     *self,
                    const char  *sql,
                    gint64      *out_value,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!tl_store_query (self, sql, &stmt, error))
    return FALSE;

  *out_value = stmt != NULL ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* A stepped but unreset SELECT keeps its read snapshot after COMMIT, which would stop
 * checkpoints from ever emptying the WAL; a pending one also makes COMMIT fail. */
static void
tl_store_reset_statements (TlStore *self)
{
  sqlite3_stmt *stmt = NULL;

  while ((stmt = sqlite3_next_stmt (self->db, stmt)) != NULL)
    {
      if (sqlite3_stmt_busy (stmt))
        sqlite3_reset (stmt);
    }
}

static void
tl_store_rollback (TlStore    *self,
                   const char *sql)
{
  int rc;

  tl_store_reset_statements (self);

  /* SQLITE_FULL, SQLITE_IOERR and SQLITE_BUSY may already have rolled back the whole
   * transaction; a second ROLLBACK would only report that none is active. */
  if (sqlite3_get_autocommit (self->db))
    return;

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    g_warning ("%s: %s failed: %s", self->path, sql, sqlite3_errmsg (self->db));
}

/* Calls @func one level deeper and makes sure that failure and error agree, so that a rollback
 * always comes with a message for the user. */
static gboolean
tl_store_call (TlStore      *self,
               TlStoreFunc   func,
               gpointer      user_data,
               GError      **error)
{
  GError *local_error = NULL;
  gboolean ok;

  self->depth++;
  ok = func (self, user_data, &local_error);
  self->depth--;

  if (!ok && local_error == NULL)
    {
      g_critical ("%s: a TlStoreFunc failed without setting an error", self->path);
      local_error = g_error_new (TL_STORE_ERROR, TL_STORE_ERROR_FAILED,
                                 _("%s: a change failed and was undone"), self->path);
    }
  else if (ok && local_error != NULL)
    {
      g_critical ("%s: a TlStoreFunc succeeded but set an error: %s",
                  self->path, local_error->message);
      g_clear_error (&local_error);
    }

  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return ok;
}

static gboolean
tl_store_run_nested (TlStore      *self,
                     gboolean      write,
                     TlStoreFunc   func,
                     gpointer      user_data,
                     GError      **error)
{
  if (write && !self->writing)
    {
      g_critical ("%s: tl_store_write() called inside tl_store_read()", self->path);
      g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_FAILED,
                   "%s: internal error: a change was attempted inside a read", self->path);
      return FALSE;
    }

  if (!write)
    return tl_store_call (self, func, user_data, error);

  /* A savepoint makes a failed nested write undo only its own part: the outer func may handle
   * the error and go on, and what it keeps still commits or rolls back as one. */
  if (!tl_store_exec_sql (self, "SAVEPOINT tl_nested", error))
    return FALSE;

  if (!tl_store_call (self, func, user_data, error))
    {
      tl_store_rollback (self, "ROLLBACK TO tl_nested");
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "RELEASE tl_nested", NULL, NULL, NULL);
      return FALSE;
    }

  return tl_store_exec_sql (self, "RELEASE tl_nested", error);
}

static gboolean
tl_store_run (TlStore      *self,
              gboolean      write,
              TlStoreFunc   func,
              gpointer      user_data,
              GError      **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  gboolean ok;

  if (self->depth > 0)
    return tl_store_run_nested (self, write, func, user_data, error);

  /* IMMEDIATE takes the write lock up front: a deferred write that started as a read could hit
   * SQLITE_BUSY half-way, which busy_timeout cannot resolve. */
  if (!tl_store_exec_sql (self, write ? "BEGIN IMMEDIATE" : "BEGIN", error))
    return FALSE;

  self->writing = write;
  ok = tl_store_call (self, func, user_data, error);
  if (ok)
    {
      tl_store_reset_statements (self);
      ok = tl_store_exec_sql (self, "COMMIT", error);
    }
  if (!ok)
    tl_store_rollback (self, "ROLLBACK");
  self->writing = FALSE;

  return ok;
}

gboolean
tl_store_write (TlStore      *self,
                TlStoreFunc   func,
                gpointer      user_data,
                GError      **error)
{
  g_return_val_if_fail (TL_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return tl_store_run (self, TRUE, func, user_data, error);
}

gboolean
tl_store_read (TlStore      *self,
               TlStoreFunc   func,
               gpointer      user_data,
               GError      **error)
{
  g_return_val_if_fail (TL_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return tl_store_run (self, FALSE, func, user_data, error);
}

/* TRUE only for the thread inside a transaction: the recursive lock can be taken again by its
 * holder, by nobody else while it is held, and when it is free depth is 0. */
static gboolean
tl_store_in_transaction (TlStore *self)
{
  gboolean inside;

  if (!g_rec_mutex_trylock (&self->lock))
    return FALSE;
  inside = self->depth > 0;
  g_rec_mutex_unlock (&self->lock);

  return inside;
}

sqlite3_stmt *
tl_store_prepare (TlStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  const char *tail = NULL;
  int rc;

  g_return_val_if_fail (TL_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!tl_store_in_transaction (self))
    {
      g_critical ("%s: tl_store_prepare() outside tl_store_write()/tl_store_read(): %s",
                  self->path, sql);
      g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_FAILED,
                   "%s: internal error: a statement outside a transaction", self->path);
      return NULL;
    }

  /* After an error that rolled back the whole transaction, statements would run in autocommit
   * mode, each committed on its own: stop here so the caller's change stays all or nothing. */
  if (sqlite3_get_autocommit (self->db))
    {
      g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_FAILED,
                   _("%s: the change was undone after an earlier error"), self->path);
      return NULL;
    }

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK)
    {
      tl_store_set_error (self, rc, error);
      return NULL;
    }

  while (tail != NULL && g_ascii_isspace (*tail))
    tail++;
  if (stmt == NULL || (tail != NULL && *tail != '\0'))
    {
      g_critical ("%s: tl_store_prepare() wants exactly one statement: %s", self->path, sql);
      sqlite3_finalize (stmt);
      g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_FAILED,
                   "%s: internal error: not exactly one SQL statement", self->path);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
tl_store_exec_stmt (TlStore       *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc;

  g_return_val_if_fail (TL_IS_STORE (self), FALSE);
  g_return_val_if_fail (stmt != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Rows come back from INSERT ... RETURNING; the caller who wants them steps itself. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;

  if (rc != SQLITE_DONE)
    {
      tl_store_set_error (self, rc, error);
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  return TRUE;
}

gint64
tl_store_last_insert_rowid (TlStore *self)
{
  g_return_val_if_fail (TL_IS_STORE (self), 0);

  return sqlite3_last_insert_rowid (self->db);
}

int
tl_store_changes (TlStore *self)
{
  g_return_val_if_fail (TL_IS_STORE (self), 0);

  return sqlite3_changes (self->db);
}

static gboolean
tl_store_integrity_func (TlStore   *self,
                         gpointer   user_data,
                         GError   **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  sqlite3_stmt *stmt;
  guint n_problems = 0;
  int rc;

  stmt = tl_store_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *)sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") == 0)
        continue;
      /* The first few are enough for a bug report; the list can run to hundreds. */
      if (n_problems++ < 3)
        g_string_append_printf (problems, "%s%s", problems->len > 0 ? "; " : "", line);
    }

  if (rc != SQLITE_DONE)
    {
      tl_store_set_error (self, rc, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (n_problems > 0)
    {
      g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_CORRUPT,
                   _("%s: the library file is damaged (%u problems: %s)"),
                   self->path, n_problems, problems->str);
      return FALSE;
    }

  return TRUE;
}

gboolean
tl_store_check_integrity (TlStore  *self,
                          GError  **error)
{
  g_return_val_if_fail (TL_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return tl_store_read (self, tl_store_integrity_func, NULL, error);
}

/* One migration, in the same transaction as its user_version bump: a crash or an error half-way
 * leaves the file at the old version, to be upgraded again next time. */
static gboolean
tl_store_migrate_step (TlStore   *self,
                       gpointer   user_data,
                       GError   **error)
{
  gboolean *done = user_data;
  g_autoptr(sqlite3_stmt) broken = NULL;
  g_autofree char *bump = NULL;
  gint64 version;

  /* Read again under the write lock: another process may have upgraded the file meanwhile. */
  if (!tl_store_query_int (self, "PRAGMA user_version", &version, error))
    return FALSE;

  if (version > TL_STORE_SCHEMA_VERSION)
    return tl_store_set_too_new (self, version, error);

  if (version == TL_STORE_SCHEMA_VERSION)
    {
      *done = TRUE;
      return TRUE;
    }

  if (version == 0)
    {
      gint64 n_objects;

      /* Version 0 with tables in it is another program's database: adding ours would change a
       * file the user never meant to give us. */
      if (!tl_store_query_int (self, "SELECT count(*) FROM sqlite_master", &n_objects, error))
        return FALSE;
      if (n_objects > 0)
        {
          g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_CORRUPT,
                       _("%s: not a Touchline library (a database of another program)"),
                       self->path);
          return FALSE;
        }
    }
  else if (version < 0)
    {
      g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_CORRUPT,
                   _("%s: not a Touchline library (schema version %lld)"),
                   self->path, (long long) version);
      return FALSE;
    }

  if (!tl_store_exec_sql (self, tl_store_get_migration_sql (version + 1), error))
    return FALSE;

  bump = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version + 1);
  if (!tl_store_exec_sql (self, bump, error))
    return FALSE;

  /* Foreign keys are off while migrating (see tl_store_migrate()), so check by hand that a
   * step left no dangling references before it commits. */
  if (!tl_store_query (self, "PRAGMA foreign_key_check", &broken, error))
    return FALSE;
  if (broken != NULL)
    {
      g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_FAILED,
                   _("%s: upgrading the library to schema %lld left broken references in "
                     "table %s"),
                   self->path, (long long) (version + 1),
                   (const char *) sqlite3_column_text (broken, 0));
      return FALSE;
    }

  g_debug ("%s: upgraded the library to schema %" G_GINT64_FORMAT, self->path, version + 1);
  return TRUE;
}

static gboolean
tl_store_migrate (TlStore  *self,
                  GError  **error)
{
  gboolean done = FALSE;

  /* A step that rebuilds a table (create, copy, drop, rename) must not fire ON DELETE actions
   * or fail on the intermediate state, and foreign_keys cannot change inside a transaction. */
  if (!tl_store_exec_sql (self, "PRAGMA foreign_keys = OFF", error))
    return FALSE;

  while (!done)
    {
      if (!tl_store_write (self, tl_store_migrate_step, &done, error))
        return FALSE;
    }

  if (!tl_store_exec_sql (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;

  self->schema_version = TL_STORE_SCHEMA_VERSION;
  return TRUE;
}

static gboolean
tl_store_open_db (TlStore  *self,
                  GError  **error)
{
  g_autofree char *folder = g_path_get_dirname (self->path);
  g_autoptr(sqlite3_stmt) mode = NULL;
  gint64 version;
  int rc;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_OPEN,
                   _("%s: cannot create the folder %s (%s)"),
                   self->path, folder, g_strerror (saved_errno));
      return FALSE;
    }

  /* FULLMUTEX on top of our own lock: the lock orders whole transactions, the connection mutex
   * keeps calls like tl_store_changes() from another thread from corrupting its state. */
  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    return tl_store_set_error (self, rc, error);

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, TL_STORE_BUSY_TIMEOUT_MS);

  /* Before anything that writes (the journal mode lives in the file header): the file may be
   * text or a library from a newer Touchline, and both must stay exactly as they are. */
  if (!tl_store_query_int (self, "PRAGMA user_version", &version, error))
    return FALSE;
  if (version > TL_STORE_SCHEMA_VERSION)
    return tl_store_set_too_new (self, version, error);

  /* WAL lets the analysis worker write while the UI reads. A file system without shared memory
   * (some network mounts) refuses it; a rollback journal is slower but just as safe. */
  if (!tl_store_query (self, "PRAGMA journal_mode = WAL", &mode, error))
    return FALSE;
  if (mode == NULL || g_strcmp0 ((const char *)sqlite3_column_text (mode, 0), "wal") != 0)
    g_warning ("%s: cannot use a write-ahead log, using journal mode %s",
               self->path, mode != NULL ? (const char *)sqlite3_column_text (mode, 0) : "?");

  /* NORMAL would be crash-safe for the process, but a power cut could then lose the last
   * committed transactions: tags the user typed and saw saved. FULL syncs the WAL per commit. */
  if (!tl_store_exec_sql (self, "PRAGMA synchronous = FULL", error))
    return FALSE;

  return tl_store_migrate (self, error);
}

TlStore *
tl_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(TlStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (TL_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (!tl_store_open_db (self, error))
    {
      /* Closing the last connection checkpoints the WAL into the file; one we refused (newer,
       * damaged) is left exactly as we found it. */
      if (self->db != NULL)
        sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
tl_store_get_path (TlStore *self)
{
  g_return_val_if_fail (TL_IS_STORE (self), NULL);

  return self->path;
}

guint
tl_store_get_schema_version (TlStore *self)
{
  g_return_val_if_fail (TL_IS_STORE (self), 0);

  return self->schema_version;
}
