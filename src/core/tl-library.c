/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-library.c: the match library: the store, the live list of matches, import and edits. */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tl-library.h"
#include "tl-reel-exporter.h"
#include "tl-reels.h"

struct _TlLibrary
{
  GObject     parent_instance;

  char       *dir;
  char       *cache_dir;
  TlStore    *store;
  TlImporter *importer;
  GListStore *matches;   /* newest import first, trashed matches excluded */
  GHashTable *trashed;   /* id -> TlMatch, so restore can bring the same object back */
  GHashTable *match_events;    /* match id -> TlMatchEvents */
  GHashTable *match_sheets;    /* match id -> TlMatchSheet */
  TlTagTemplates *tag_templates;
  TlReels        *reels;
  TlReelExporter *reel_exporter;
};

G_DEFINE_FINAL_TYPE (TlLibrary, tl_library, G_TYPE_OBJECT)

#define MATCH_COLUMNS \
  "id, title, file_path, content_hash, file_size, duration_ns, width, height, fps_num, " \
  "fps_den, container, video_codec, audio_codec, projection, hfov_deg, recorded_at, " \
  "imported_at, poster_path, analysis_state, calibration"

void
tl_import_result_free (TlImportResult *result)
{
  if (result == NULL)
    return;

  g_free (result->path);
  g_clear_object (&result->match);
  g_clear_error (&result->error);
  g_free (result);
}

char *
tl_library_resolve_dir (const char *override)
{
  const char *env;

  if (override != NULL && *override != '\0')
    return g_canonicalize_filename (override, NULL);

  env = g_getenv ("TOUCHLINE_LIBRARY");
  if (env != NULL && *env != '\0')
    return g_canonicalize_filename (env, NULL);

  return g_build_filename (g_get_user_data_dir (), "touchline", NULL);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static GDateTime *
column_date (sqlite3_stmt *stmt,
             int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;

  return g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, column));
}

/* Reads one row selected with MATCH_COLUMNS. */
static TlMatchInfo *
match_info_from_row (sqlite3_stmt *stmt)
{
  TlMatchInfo *info = tl_match_info_new ();
  TlProjection projection = TL_PROJECTION_FLAT;
  TlAnalysisState state = TL_ANALYSIS_STATE_NONE;

  info->id = sqlite3_column_int64 (stmt, 0);
  info->title = g_strdup (column_text (stmt, 1));
  info->file_path = g_strdup (column_text (stmt, 2));
  info->content_hash = g_strdup (column_text (stmt, 3));
  info->file_size = sqlite3_column_int64 (stmt, 4);
  info->duration_ns = sqlite3_column_int64 (stmt, 5);
  info->width = sqlite3_column_int (stmt, 6);
  info->height = sqlite3_column_int (stmt, 7);
  info->fps_num = sqlite3_column_int (stmt, 8);
  info->fps_den = sqlite3_column_int (stmt, 9);
  info->container = g_strdup (column_text (stmt, 10));
  info->video_codec = g_strdup (column_text (stmt, 11));
  info->audio_codec = g_strdup (column_text (stmt, 12));
  tl_projection_from_string (column_text (stmt, 13), &projection);
  info->projection = projection;
  info->hfov_deg = sqlite3_column_double (stmt, 14);
  info->recorded_at = column_date (stmt, 15);
  info->imported_at = column_date (stmt, 16);
  info->poster_path = g_strdup (column_text (stmt, 17));
  tl_analysis_state_from_string (column_text (stmt, 18), &state);
  info->analysis_state = state;
  info->calibration = g_strdup (column_text (stmt, 19));

  return info;
}

typedef struct
{
  const char *sql;
  gint64      id;
  const char *hash;
  GPtrArray  *infos;   /* of TlMatchInfo */
} SelectMatches;

static gboolean
select_matches (TlStore   *store,
                gpointer   user_data,
                GError   **error)
{
  SelectMatches *select = user_data;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = tl_store_prepare (store, select->sql, error)))
    return FALSE;
  if (select->hash != NULL)
    sqlite3_bind_text (stmt, 1, select->hash, -1, SQLITE_TRANSIENT);
  else if (select->id != 0)
    sqlite3_bind_int64 (stmt, 1, select->id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (select->infos, match_info_from_row (stmt));

  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  return TRUE;
}

/* (transfer full) NULL with no error when there is no such row. */
static TlMatchInfo *
lookup_info_by_hash (TlLibrary   *self,
                     const char  *hash,
                     gboolean    *out_trashed,
                     GError     **error)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_match_info_free);
  g_autoptr(GPtrArray) trashed =
    g_ptr_array_new_with_free_func ((GDestroyNotify) tl_match_info_free);
  SelectMatches live = {
    "SELECT " MATCH_COLUMNS " FROM matches WHERE content_hash = ?1 AND trashed_at IS NULL",
    0, hash, infos,
  };
  SelectMatches in_trash = {
    "SELECT " MATCH_COLUMNS " FROM matches WHERE content_hash = ?1 AND trashed_at IS NOT NULL",
    0, hash, trashed,
  };

  if (!tl_store_read (self->store, select_matches, &live, error)
      || !tl_store_read (self->store, select_matches, &in_trash, error))
    return NULL;

  *out_trashed = infos->len == 0 && trashed->len > 0;
  if (infos->len > 0)
    return g_ptr_array_steal_index (infos, 0);
  if (trashed->len > 0)
    return g_ptr_array_steal_index (trashed, 0);

  return NULL;
}

static gboolean
insert_match (TlStore   *store,
              gpointer   user_data,
              GError   **error)
{
  TlMatchInfo *info = user_data;
  sqlite3_stmt *stmt;

  stmt = tl_store_prepare (store,
                           "INSERT INTO matches (title, file_path, content_hash, file_size,"
                           " duration_ns, width, height, fps_num, fps_den, container,"
                           " video_codec, audio_codec, projection, hfov_deg, recorded_at,"
                           " imported_at, poster_path, analysis_state, calibration)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                           " ?14, ?15, ?16, ?17, ?18, ?19)",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, info->title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, info->file_path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, info->content_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, info->file_size);
  sqlite3_bind_int64 (stmt, 5, info->duration_ns);
  sqlite3_bind_int (stmt, 6, info->width);
  sqlite3_bind_int (stmt, 7, info->height);
  sqlite3_bind_int (stmt, 8, info->fps_num);
  sqlite3_bind_int (stmt, 9, info->fps_den);
  sqlite3_bind_text (stmt, 10, info->container, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, info->video_codec, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, info->audio_codec, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 13, tl_projection_to_string (info->projection), -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 14, info->hfov_deg);
  if (info->recorded_at != NULL)
    sqlite3_bind_int64 (stmt, 15, g_date_time_to_unix (info->recorded_at));
  sqlite3_bind_int64 (stmt, 16, g_date_time_to_unix (info->imported_at));
  sqlite3_bind_text (stmt, 17, info->poster_path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 18, tl_analysis_state_to_string (info->analysis_state), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 19, info->calibration, -1, SQLITE_TRANSIENT);

  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;

  info->id = tl_store_last_insert_rowid (store);
  return TRUE;
}

/* One UPDATE of a single match row; the SQL takes the match id as ?1. */
typedef struct
{
  const char *sql;
  gint64      id;
  const char *text;    /* bound to ?2 when set */
  double      number;  /* bound to ?3 when has_number */
  gboolean    has_number;
} UpdateMatch;

static gboolean
update_match (TlStore   *store,
              gpointer   user_data,
              GError   **error)
{
  UpdateMatch *update = user_data;
  sqlite3_stmt *stmt;

  if (!(stmt = tl_store_prepare (store, update->sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, update->id);
  if (update->text != NULL)
    sqlite3_bind_text (stmt, 2, update->text, -1, SQLITE_TRANSIENT);
  if (update->has_number)
    sqlite3_bind_double (stmt, 3, update->number);

  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;

  if (tl_store_changes (store) != 1)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_NO_SUCH_MATCH,
                   _("Match %lld is not in the library"), (long long) update->id);
      return FALSE;
    }

  return TRUE;
}

static gboolean
run_update (TlLibrary   *self,
            const char  *sql,
            gint64       id,
            const char  *text,
            GError     **error)
{
  UpdateMatch update = { sql, id, text, 0, FALSE };

  return tl_store_write (self->store, update_match, &update, error);
}

static void
remove_poster (TlLibrary   *self,
               const char  *poster_path)
{
  g_autofree char *posters = g_build_filename (self->cache_dir, "posters", NULL);

  /* Only ever delete what we wrote ourselves. */
  if (poster_path != NULL && g_str_has_prefix (poster_path, posters))
    g_unlink (poster_path);
}

enum { MATCH_IMPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
tl_library_dispose (GObject *object)
{
  TlLibrary *self = (TlLibrary *) object;

  /* They point back at the library without a reference: gone before it is. */
  g_clear_object (&self->reels);
  g_clear_object (&self->reel_exporter);

  G_OBJECT_CLASS (tl_library_parent_class)->dispose (object);
}

static void
tl_library_finalize (GObject *object)
{
  TlLibrary *self = (TlLibrary *) object;

  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->cache_dir, g_free);
  g_clear_object (&self->store);
  g_clear_object (&self->importer);
  g_clear_object (&self->matches);
  g_clear_pointer (&self->trashed, g_hash_table_unref);
  g_clear_pointer (&self->match_events, g_hash_table_unref);
  g_clear_pointer (&self->match_sheets, g_hash_table_unref);
  g_clear_object (&self->tag_templates);

  G_OBJECT_CLASS (tl_library_parent_class)->finalize (object);
}

static void
tl_library_class_init (TlLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_library_dispose;
  object_class->finalize = tl_library_finalize;

  signals[MATCH_IMPORTED] = g_signal_new ("match-imported", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, TL_TYPE_MATCH);
}

static void
tl_library_init (TlLibrary *self)
{
  self->matches = g_list_store_new (TL_TYPE_MATCH);
  self->trashed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->match_events = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                              g_object_unref);
  self->match_sheets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                              g_object_unref);
}

static gboolean
load_matches (TlLibrary  *self,
              GError    **error)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_match_info_free);
  SelectMatches select = {
    "SELECT " MATCH_COLUMNS " FROM matches WHERE trashed_at IS NULL"
    " ORDER BY imported_at DESC, id DESC",
    0, NULL, infos,
  };
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (g_object_unref);

  if (!tl_store_read (self->store, select_matches, &select, error))
    return FALSE;

  for (guint i = 0; i < infos->len; i++)
    g_ptr_array_add (matches, tl_match_new (g_ptr_array_index (infos, i)));

  g_list_store_splice (self->matches, 0, g_list_model_get_n_items (G_LIST_MODEL (self->matches)),
                       matches->pdata, matches->len);
  return TRUE;
}

TlLibrary *
tl_library_open (const char  *dir,
                 GError     **error)
{
  g_autoptr(TlLibrary) self = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *posters = NULL;

  g_return_val_if_fail (dir != NULL, NULL);

  self = g_object_new (TL_TYPE_LIBRARY, NULL);
  self->dir = g_canonicalize_filename (dir, NULL);
  self->cache_dir = g_build_filename (self->dir, "cache", NULL);
  posters = g_build_filename (self->cache_dir, "posters", NULL);

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, TL_STORE_ERROR, TL_STORE_ERROR_OPEN,
                   _("%s: cannot create the library folder: %s"),
                   self->dir, g_strerror (saved_errno));
      return NULL;
    }

  db_path = g_build_filename (self->dir, "library.db", NULL);
  if (!(self->store = tl_store_open (db_path, error)))
    return NULL;

  self->importer = tl_importer_new (posters);

  /* A match deleted in an earlier run whose undo toast went away without undo. */
  if (!tl_library_purge_trash (self, error) || !load_matches (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
tl_library_get_dir (TlLibrary *self)
{
  g_return_val_if_fail (TL_IS_LIBRARY (self), NULL);

  return self->dir;
}

const char *
tl_library_get_cache_dir (TlLibrary *self)
{
  g_return_val_if_fail (TL_IS_LIBRARY (self), NULL);

  return self->cache_dir;
}

TlStore *
tl_library_get_store (TlLibrary *self)
{
  g_return_val_if_fail (TL_IS_LIBRARY (self), NULL);

  return self->store;
}

TlImporter *
tl_library_get_importer (TlLibrary *self)
{
  g_return_val_if_fail (TL_IS_LIBRARY (self), NULL);

  return self->importer;
}

GListModel *
tl_library_get_matches (TlLibrary *self)
{
  g_return_val_if_fail (TL_IS_LIBRARY (self), NULL);

  return G_LIST_MODEL (self->matches);
}

static gboolean
find_match (TlLibrary *self,
            gint64     id,
            guint     *out_position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->matches));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlMatch) match = g_list_model_get_item (G_LIST_MODEL (self->matches), i);

      if (tl_match_get_id (match) == id)
        {
          *out_position = i;
          return TRUE;
        }
    }

  return FALSE;
}

TlMatch *
tl_library_lookup_match (TlLibrary *self,
                         gint64     id)
{
  guint position;
  g_autoptr(TlMatch) match = NULL;

  g_return_val_if_fail (TL_IS_LIBRARY (self), NULL);

  if (!find_match (self, id, &position))
    return NULL;

  /* The store keeps its own reference: transfer none is safe on the main thread. */
  match = g_list_model_get_item (G_LIST_MODEL (self->matches), position);
  return match;
}

/* Keeps the model sorted newest import first (ties: higher id first). */
static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  TlMatch *match_a = (TlMatch *) a;
  TlMatch *match_b = (TlMatch *) b;
  GDateTime *time_a = tl_match_get_imported_at (match_a);
  GDateTime *time_b = tl_match_get_imported_at (match_b);
  int by_time = 0;

  if (time_a != NULL && time_b != NULL)
    by_time = g_date_time_compare (time_b, time_a);
  if (by_time != 0)
    return by_time;

  return tl_match_get_id (match_b) < tl_match_get_id (match_a) ? -1
         : tl_match_get_id (match_b) > tl_match_get_id (match_a);
}

/* Worker-thread half of an import: everything but the model. Sets result->match to a new
 * TlMatch (not yet in the model) or to a copy of the existing one for a duplicate. */
static void
import_one (TlLibrary      *self,
            TlImportResult *result,
            GCancellable   *cancellable)
{
  g_autoptr(TlMatchInfo) info = NULL;
  g_autoptr(TlMatchInfo) existing = NULL;
  g_autofree char *hash = NULL;
  gboolean trashed = FALSE;
  gint64 size = 0;

  /* The hash is cheap (2 MiB read): recognise a known file before probing it. */
  hash = tl_content_hash_compute (result->path, &size, cancellable, NULL);
  if (hash != NULL)
    {
      existing = lookup_info_by_hash (self, hash, &trashed, &result->error);
      if (result->error != NULL)
        return;
    }

  if (existing != NULL)
    {
      g_autofree char *path = g_canonicalize_filename (result->path, NULL);

      /* Found again at a new place while the old one is gone: that is a move, follow it. */
      if (g_strcmp0 (path, existing->file_path) != 0
          && !g_file_test (existing->file_path, G_FILE_TEST_IS_REGULAR))
        {
          if (!run_update (self, "UPDATE matches SET file_path = ?2 WHERE id = ?1",
                           existing->id, path, &result->error))
            return;
          g_free (existing->file_path);
          existing->file_path = g_steal_pointer (&path);
        }

      /* Importing a match that sits in the trash is an undo of its delete. */
      if (trashed
          && !run_update (self, "UPDATE matches SET trashed_at = NULL WHERE id = ?1",
                          existing->id, NULL, &result->error))
        return;

      result->duplicate = !trashed;
      result->match = tl_match_new (existing);
      return;
    }

  /* A NULL hash (unreadable file) lets examine find and word the error. */
  if (!(info = tl_importer_examine_hashed (self->importer, result->path, hash, size, cancellable,
                                           &result->error)))
    return;

  if (!tl_store_write (self->store, insert_match, info, &result->error))
    {
      /* The row is not there, so neither should its poster be. */
      remove_poster (self, info->poster_path);
      return;
    }

  result->match = tl_match_new (info);
}

/* Main-thread half: show new and restored matches, refresh duplicates that were relinked. */
static void
merge_result (TlLibrary      *self,
              TlImportResult *result)
{
  guint position;
  gint64 id;

  if (result->match == NULL)
    return;

  id = tl_match_get_id (result->match);
  if (find_match (self, id, &position))
    {
      g_autoptr(TlMatch) shown = g_list_model_get_item (G_LIST_MODEL (self->matches), position);

      tl_match_update (shown, tl_match_get_info (result->match));
      g_set_object (&result->match, shown);
      return;
    }

  g_hash_table_remove (self->trashed, &id);
  g_list_store_insert_sorted (self->matches, result->match, compare_newest_first, NULL);
  g_signal_emit (self, signals[MATCH_IMPORTED], 0, result->match);
}

TlMatch *
tl_library_import_file (TlLibrary     *self,
                        const char    *path,
                        gboolean      *out_duplicate,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(TlImportResult) result = g_new0 (TlImportResult, 1);

  g_return_val_if_fail (TL_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  result->path = g_strdup (path);
  import_one (self, result, cancellable);
  if (result->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&result->error));
      return NULL;
    }

  merge_result (self, result);
  if (out_duplicate != NULL)
    *out_duplicate = result->duplicate;

  return g_steal_pointer (&result->match);
}

static void
import_files_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  TlLibrary *self = source_object;
  GPtrArray *results = task_data;

  for (guint i = 0; i < results->len; i++)
    {
      TlImportResult *result = g_ptr_array_index (results, i);

      if (g_cancellable_is_cancelled (cancellable))
        {
          g_set_error (&result->error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CANCELLED,
                       _("Import cancelled"));
          continue;
        }

      import_one (self, result, cancellable);
    }

  g_task_return_boolean (task, TRUE);
}

static void
import_files_done (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TlLibrary *self = TL_LIBRARY (source_object);
  g_autoptr(GTask) outer = user_data;
  GPtrArray *results = g_task_get_task_data (G_TASK (result));

  /* Back on the caller's thread: now the model may change. */
  for (guint i = 0; i < results->len; i++)
    merge_result (self, g_ptr_array_index (results, i));

  g_task_return_pointer (outer, g_ptr_array_ref (results), (GDestroyNotify) g_ptr_array_unref);
}

void
tl_library_import_files_async (TlLibrary           *self,
                               const char * const  *paths,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) worker = NULL;
  GPtrArray *results;

  g_return_if_fail (TL_IS_LIBRARY (self));
  g_return_if_fail (paths != NULL);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, tl_library_import_files_async);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_import_result_free);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      TlImportResult *result = g_new0 (TlImportResult, 1);

      result->path = g_strdup (paths[i]);
      g_ptr_array_add (results, result);
    }

  worker = g_task_new (self, cancellable, import_files_done, g_steal_pointer (&outer));
  g_task_set_task_data (worker, results, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (worker, import_files_thread);
}

GPtrArray *
tl_library_import_files_finish (TlLibrary     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (TL_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Applies @edit to a copy of the match's facts and shows it. */
static void
refresh_match (TlMatch     *match,
               void       (*edit) (TlMatchInfo *info, gconstpointer data),
               gconstpointer data)
{
  g_autoptr(TlMatchInfo) info = tl_match_info_copy (tl_match_get_info (match));

  edit (info, data);
  tl_match_update (match, info);
}

static void
edit_title (TlMatchInfo   *info,
            gconstpointer  data)
{
  g_free (info->title);
  info->title = g_strdup (data);
}

static void
edit_path (TlMatchInfo   *info,
           gconstpointer  data)
{
  g_free (info->file_path);
  info->file_path = g_strdup (data);
}

gboolean
tl_library_rename_match (TlLibrary   *self,
                         TlMatch     *match,
                         const char  *title,
                         GError     **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (TL_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (TL_IS_MATCH (match), FALSE);
  g_return_val_if_fail (title != NULL, FALSE);

  clean = g_strstrip (g_strdup (title));
  if (*clean == '\0')
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("A match needs a title"));
      return FALSE;
    }
  if (!g_utf8_validate (clean, -1, NULL) || g_utf8_strlen (clean, -1) > 200)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("A title must be valid text of at most 200 characters"));
      return FALSE;
    }

  if (!run_update (self, "UPDATE matches SET title = ?2 WHERE id = ?1",
                   tl_match_get_id (match), clean, error))
    return FALSE;

  refresh_match (match, edit_title, clean);
  return TRUE;
}

typedef struct
{
  TlProjection projection;
  double       hfov_deg;
} ProjectionEdit;

static void
edit_projection (TlMatchInfo   *info,
                 gconstpointer  data)
{
  const ProjectionEdit *edit = data;

  if (info->projection != edit->projection || info->hfov_deg != edit->hfov_deg)
    g_clear_pointer (&info->calibration, g_free);
  info->projection = edit->projection;
  info->hfov_deg = edit->hfov_deg;
}

gboolean
tl_library_set_projection (TlLibrary     *self,
                           TlMatch       *match,
                           TlProjection   projection,
                           double         hfov_deg,
                           GError       **error)
{
  ProjectionEdit edit = { projection, hfov_deg };
  UpdateMatch update = {
    /* A calibration describes one projection and field of view: another makes it wrong. */
    "UPDATE matches SET calibration = CASE WHEN projection = ?2 AND hfov_deg = ?3"
    " THEN calibration END, projection = ?2, hfov_deg = ?3 WHERE id = ?1",
    0, tl_projection_to_string (projection), hfov_deg, TRUE,
  };

  g_return_val_if_fail (TL_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (TL_IS_MATCH (match), FALSE);

  /* A pinhole camera cannot see 180° or more; a panorama can wrap all the way round. */
  if (!(hfov_deg > 0)
      || hfov_deg > (projection == TL_PROJECTION_FLAT ? 170.0 : 360.0))
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   projection == TL_PROJECTION_FLAT
                   ? _("A flat video covers between 0° and 170° horizontally")
                   : _("A panorama covers between 0° and 360° horizontally"));
      return FALSE;
    }

  update.id = tl_match_get_id (match);
  if (!tl_store_write (self->store, update_match, &update, error))
    return FALSE;

  refresh_match (match, edit_projection, &edit);
  return TRUE;
}

typedef struct
{
  gint64        id;
  const char   *calibration;
  TlProjection  projection;
  double        hfov_deg;
} CalibrationEdit;

static gboolean
write_calibration (TlStore   *store,
                   gpointer   user_data,
                   GError   **error)
{
  CalibrationEdit *edit = user_data;
  sqlite3_stmt *stmt;

  stmt = tl_store_prepare (store,
                           "UPDATE matches SET calibration = ?2, projection = ?3, hfov_deg = ?4"
                           " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, edit->id);
  sqlite3_bind_text (stmt, 2, edit->calibration, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, tl_projection_to_string (edit->projection), -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 4, edit->hfov_deg);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  if (tl_store_changes (store) != 1)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_NO_SUCH_MATCH,
                   _("Match %lld is not in the library"), (long long) edit->id);
      return FALSE;
    }
  return TRUE;
}

static void
edit_calibration (TlMatchInfo   *info,
                  gconstpointer  data)
{
  const CalibrationEdit *edit = data;

  g_free (info->calibration);
  info->calibration = g_strdup (edit->calibration);
  info->projection = edit->projection;
  info->hfov_deg = edit->hfov_deg;
}

gboolean
tl_library_set_calibration (TlLibrary   *self,
                            TlMatch     *match,
                            const char  *calibration,
                            GError     **error)
{
  CalibrationEdit edit = { 0, calibration, 0, 0 };
  TlCameraParams params;

  g_return_val_if_fail (TL_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (TL_IS_MATCH (match), FALSE);

  edit.id = tl_match_get_id (match);
  edit.projection = tl_match_get_projection (match);
  edit.hfov_deg = tl_match_get_hfov (match);

  if (calibration != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!tl_calibration_parse (calibration, &params, &local_error))
        {
          g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                       _("Not a usable calibration: %s"), local_error->message);
          return FALSE;
        }
      /* Pixels of another size would put every landmark in the wrong place. */
      if (params.width != tl_match_get_width (match)
          || params.height != tl_match_get_height (match))
        {
          g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                       _("The calibration is for %d × %d pixels, the video has %d × %d"),
                       params.width, params.height, tl_match_get_width (match),
                       tl_match_get_height (match));
          return FALSE;
        }
      if (params.projection == TL_CAMERA_PINHOLE && params.hfov > 170.0 * G_PI / 180.0)
        {
          g_set_error_literal (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                               _("A flat video covers between 0° and 170° horizontally"));
          return FALSE;
        }
      edit.projection = params.projection == TL_CAMERA_CYLINDRICAL ? TL_PROJECTION_CYLINDRICAL
                                                                    : TL_PROJECTION_FLAT;
      edit.hfov_deg = params.hfov * 180.0 / G_PI;
    }

  if (!tl_store_write (self->store, write_calibration, &edit, error))
    return FALSE;

  refresh_match (match, edit_calibration, &edit);
  return TRUE;
}

gboolean
tl_library_relink_match (TlLibrary     *self,
                         TlMatch       *match,
                         const char    *path,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (TL_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (TL_IS_MATCH (match), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!(hash = tl_content_hash_compute (path, NULL, cancellable, error)))
    return FALSE;

  /* Events, drawings and tracks are timed against this exact video: a re-encode or another
   * match would silently shift them all. */
  if (g_strcmp0 (hash, tl_match_get_content_hash (match)) != 0)
    {
      g_set_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_DIFFERENT_CONTENT,
                   _("not the same video as “%s” (the content differs)"),
                   tl_match_get_title (match));
      return FALSE;
    }

  canonical = g_canonicalize_filename (path, NULL);
  if (!run_update (self, "UPDATE matches SET file_path = ?2 WHERE id = ?1",
                   tl_match_get_id (match), canonical, error))
    return FALSE;

  refresh_match (match, edit_path, canonical);
  tl_match_refresh_file_missing (match);
  return TRUE;
}

gboolean
tl_library_trash_match (TlLibrary  *self,
                        TlMatch    *match,
                        GError    **error)
{
  gint64 id;
  guint position;

  g_return_val_if_fail (TL_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (TL_IS_MATCH (match), FALSE);

  id = tl_match_get_id (match);
  if (!run_update (self,
                   "UPDATE matches SET trashed_at = unixepoch() WHERE id = ?1"
                   " AND trashed_at IS NULL",
                   id, NULL, error))
    return FALSE;

  g_hash_table_replace (self->trashed, g_memdup2 (&id, sizeof id), g_object_ref (match));
  if (find_match (self, id, &position))
    g_list_store_remove (self->matches, position);

  return TRUE;
}

gboolean
tl_library_restore_match (TlLibrary  *self,
                          TlMatch    *match,
                          GError    **error)
{
  gint64 id;
  guint position;

  g_return_val_if_fail (TL_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (TL_IS_MATCH (match), FALSE);

  id = tl_match_get_id (match);
  if (!run_update (self,
                   "UPDATE matches SET trashed_at = NULL WHERE id = ?1 AND trashed_at IS NOT NULL",
                   id, NULL, error))
    return FALSE;

  if (!find_match (self, id, &position))
    g_list_store_insert_sorted (self->matches, match, compare_newest_first, NULL);
  g_hash_table_remove (self->trashed, &id);

  return TRUE;
}

static gboolean
purge_trashed_rows (TlStore   *store,
                    gpointer   user_data,
                    GError   **error)
{
  GPtrArray *posters = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store, "SELECT poster_path FROM matches WHERE trashed_at IS NOT NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
      g_ptr_array_add (posters, g_strdup (column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  /* Events, drawings, tracks... go with the match through ON DELETE CASCADE. */
  stmt = tl_store_prepare (store, "DELETE FROM matches WHERE trashed_at IS NOT NULL", error);
  return stmt != NULL && tl_store_exec_stmt (store, stmt, error);
}

gboolean
tl_library_purge_trash (TlLibrary  *self,
                        GError    **error)
{
  g_autoptr(GPtrArray) posters = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (TL_IS_LIBRARY (self), FALSE);

  if (!tl_store_write (self->store, purge_trashed_rows, posters, error))
    return FALSE;

  /* Files go only once the rows are gone for good. */
  for (guint i = 0; i < posters->len; i++)
    remove_poster (self, g_ptr_array_index (posters, i));
  /* The purged matches' events and sheets went with them. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, self->trashed);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_hash_table_remove (self->match_events, key);
        g_hash_table_remove (self->match_sheets, key);
      }
  }
  g_hash_table_remove_all (self->trashed);

  return TRUE;
}

gboolean
tl_library_delete_match (TlLibrary  *self,
                         TlMatch    *match,
                         GError    **error)
{
  g_autoptr(TlMatch) keep = NULL;
  gint64 id;
  guint position;

  g_return_val_if_fail (TL_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (TL_IS_MATCH (match), FALSE);

  keep = g_object_ref (match);
  id = tl_match_get_id (match);
  if (!run_update (self, "DELETE FROM matches WHERE id = ?1", id, NULL, error))
    return FALSE;

  remove_poster (self, tl_match_get_poster_path (match));
  if (find_match (self, id, &position))
    g_list_store_remove (self->matches, position);
  g_hash_table_remove (self->trashed, &id);
  g_hash_table_remove (self->match_events, &id);
  g_hash_table_remove (self->match_sheets, &id);

  return TRUE;
}

gboolean
tl_library_store_analysis_state (TlStore          *store,
                                 gint64            match_id,
                                 TlAnalysisState   state,
                                 GError          **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TL_IS_STORE (store), FALSE);

  stmt = tl_store_prepare (store, "UPDATE matches SET analysis_state = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, match_id);
  sqlite3_bind_text (stmt, 2, tl_analysis_state_to_string (state), -1, SQLITE_STATIC);
  return tl_store_exec_stmt (store, stmt, error);
}

static gboolean
check_match_exists (TlStore   *store,
                    gpointer   user_data,
                    GError   **error)
{
  gint64 id = *(gint64 *) user_data;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = tl_store_prepare (store, "SELECT 1 FROM matches WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_NO_SUCH_MATCH,
                   _("Match %lld is not in the library"), (long long) id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return tl_store_set_error (store, rc, error);
  return TRUE;
}

TlMatchEvents *
tl_library_get_match_events (TlLibrary  *self,
                             gint64      match_id,
                             GError    **error)
{
  TlMatchEvents *events;

  g_return_val_if_fail (TL_IS_LIBRARY (self), NULL);

  if ((events = g_hash_table_lookup (self->match_events, &match_id)) != NULL)
    return events;

  if (!tl_store_read (self->store, check_match_exists, &match_id, error)
      || !(events = tl_match_events_new (self->store, match_id, error)))
    return NULL;

  g_hash_table_insert (self->match_events, g_memdup2 (&match_id, sizeof match_id), events);
  return events;
}

TlTagTemplates *
tl_library_get_tag_templates (TlLibrary  *self,
                              GError    **error)
{
  g_return_val_if_fail (TL_IS_LIBRARY (self), NULL);

  if (self->tag_templates == NULL)
    self->tag_templates = tl_tag_templates_new (self->store, error);

  return self->tag_templates;
}

TlReels *
tl_library_get_reels (TlLibrary  *self,
                      GError    **error)
{
  g_return_val_if_fail (TL_IS_LIBRARY (self), NULL);

  if (self->reels == NULL)
    self->reels = tl_reels_new (self, error);

  return self->reels;
}

TlReelExporter *
tl_library_get_reel_exporter (TlLibrary *self)
{
  g_return_val_if_fail (TL_IS_LIBRARY (self), NULL);

  if (self->reel_exporter == NULL)
    self->reel_exporter = tl_reel_exporter_new (self);

  return self->reel_exporter;
}

TlMatchSheet *
tl_library_get_match_sheet (TlLibrary  *self,
                            gint64      match_id,
                            GError    **error)
{
  TlMatchSheet *sheet;

  g_return_val_if_fail (TL_IS_LIBRARY (self), NULL);

  if ((sheet = g_hash_table_lookup (self->match_sheets, &match_id)) != NULL)
    return sheet;
  if (!(sheet = tl_match_sheet_new (self->store, match_id, error)))
    return NULL;

  g_hash_table_insert (self->match_sheets, g_memdup2 (&match_id, sizeof match_id), sheet);
  return sheet;
}
