/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-analysis-queue.c: queued analysis jobs in the store, started in turn on worker threads. */
#include "config.h"

#include "tl-analysis-queue.h"

#include "tl-analyzer.h"

struct _TlAnalysisQueue
{
  GObject          parent_instance;

  TlLibrary       *library;
  GQueue           waiting;      /* TlMatch, in order */
  GHashTable      *running;      /* TlMatch -> Job */
  TlTrackBackend   backend;
  int              n_threads;
  guint            max_jobs;
  double           checkpoint_seconds;
  gboolean         paused;
};

typedef struct
{
  TlAnalysisQueue *queue;       /* weak: the job holds a ref while it runs */
  TlMatch         *match;
  TlAnalyzer      *analyzer;
  GCancellable    *cancellable;
} Job;

G_DEFINE_FINAL_TYPE (TlAnalysisQueue, tl_analysis_queue, G_TYPE_OBJECT)

enum { PROGRESS, FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
job_free (Job *job)
{
  g_clear_object (&job->match);
  g_clear_object (&job->analyzer);
  g_clear_object (&job->cancellable);
  g_free (job);
}

static void
tl_analysis_queue_dispose (GObject *object)
{
  TlAnalysisQueue *self = (TlAnalysisQueue *) object;
  GHashTableIter iter;
  gpointer value;

  /* Running jobs keep the queue alive, so this only happens once they are over; cancel any
   * left anyway so no worker outlives the library. */
  if (self->running != NULL)
    {
      g_hash_table_iter_init (&iter, self->running);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_cancellable_cancel (((Job *) value)->cancellable);
    }
  g_queue_clear_full (&self->waiting, g_object_unref);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (tl_analysis_queue_parent_class)->dispose (object);
}

static void
tl_analysis_queue_finalize (GObject *object)
{
  TlAnalysisQueue *self = (TlAnalysisQueue *) object;

  g_clear_pointer (&self->running, g_hash_table_unref);

  G_OBJECT_CLASS (tl_analysis_queue_parent_class)->finalize (object);
}

static void
tl_analysis_queue_class_init (TlAnalysisQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_analysis_queue_dispose;
  object_class->finalize = tl_analysis_queue_finalize;

  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 4, TL_TYPE_MATCH,
                                    G_TYPE_INT64, G_TYPE_INT64, G_TYPE_DOUBLE);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 3, TL_TYPE_MATCH,
                                    G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
tl_analysis_queue_init (TlAnalysisQueue *self)
{
  g_queue_init (&self->waiting);
  self->running = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) job_free);
  self->max_jobs = 1;
  self->checkpoint_seconds = TL_ANALYZER_CHECKPOINT_SECONDS;
}

TlAnalysisQueue *
tl_analysis_queue_new (TlLibrary *library)
{
  TlAnalysisQueue *self;

  g_return_val_if_fail (TL_IS_LIBRARY (library), NULL);

  self = g_object_new (TL_TYPE_ANALYSIS_QUEUE, NULL);
  self->library = g_object_ref (library);
  return self;
}

void
tl_analysis_queue_set_backend (TlAnalysisQueue *self,
                               TlTrackBackend   backend)
{
  g_return_if_fail (TL_IS_ANALYSIS_QUEUE (self));
  self->backend = backend;
}

void
tl_analysis_queue_set_threads (TlAnalysisQueue *self,
                               int              n_threads)
{
  g_return_if_fail (TL_IS_ANALYSIS_QUEUE (self));
  self->n_threads = MAX (0, n_threads);
}

void
tl_analysis_queue_set_checkpoint_interval (TlAnalysisQueue *self,
                                           double           seconds)
{
  g_return_if_fail (TL_IS_ANALYSIS_QUEUE (self));
  g_return_if_fail (seconds > 0);
  self->checkpoint_seconds = seconds;
}

guint
tl_analysis_queue_get_n_queued (TlAnalysisQueue *self)
{
  g_return_val_if_fail (TL_IS_ANALYSIS_QUEUE (self), 0);
  return self->waiting.length;
}

guint
tl_analysis_queue_get_n_running (TlAnalysisQueue *self)
{
  g_return_val_if_fail (TL_IS_ANALYSIS_QUEUE (self), 0);
  return g_hash_table_size (self->running);
}

static void start_jobs (TlAnalysisQueue *self);

void
tl_analysis_queue_set_max_jobs (TlAnalysisQueue *self,
                                guint            max_jobs)
{
  g_return_if_fail (TL_IS_ANALYSIS_QUEUE (self));
  self->max_jobs = MAX (1, max_jobs);
  start_jobs (self);
}

void
tl_analysis_queue_set_paused (TlAnalysisQueue *self,
                              gboolean         paused)
{
  g_return_if_fail (TL_IS_ANALYSIS_QUEUE (self));
  self->paused = !!paused;
  start_jobs (self);
}

typedef struct
{
  gint64           match_id;
  const char      *state;           /* for the job row */
  TlAnalysisState  analysis_state;  /* the same, for the match */
} SetState;

/* Marks the latest job of a match @state (a new row when there is none or it is done), and
 * the match too, in one transaction. */
static gboolean
write_state (TlStore   *store,
             gpointer   user_data,
             GError   **error)
{
  SetState *set = user_data;
  sqlite3_stmt *stmt;
  gint64 job_id = 0;
  int rc;

  stmt = tl_store_prepare (store, "SELECT id, state FROM analysis_jobs WHERE match_id = ?"
                                  " ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set->match_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "done") != 0)
    job_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  if (job_id != 0)
    {
      stmt = tl_store_prepare (store, "UPDATE analysis_jobs SET state = ?, error = NULL"
                                      " WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, set->state, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, job_id);
    }
  else
    {
      stmt = tl_store_prepare (store, "INSERT INTO analysis_jobs (match_id, state)"
                                      " VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, set->match_id);
      sqlite3_bind_text (stmt, 2, set->state, -1, SQLITE_STATIC);
    }
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;

  return tl_library_store_analysis_state (store, set->match_id, set->analysis_state, error);
}

/* Records @state for @match in the library, then on the match object. */
static gboolean
set_match_state (TlAnalysisQueue  *self,
                 TlMatch          *match,
                 TlAnalysisState   state,
                 GError          **error)
{
  SetState set = { tl_match_get_id (match), tl_analysis_state_to_string (state), state };

  if (!tl_store_write (tl_library_get_store (self->library), write_state, &set, error))
    return FALSE;
  tl_match_set_analysis_state (match, state);
  return TRUE;
}

static void
on_progress (TlAnalyzer *analyzer,
             gint64      done,
             gint64      total,
             double      fps,
             Job        *job)
{
  g_signal_emit (job->queue, signals[PROGRESS], 0, job->match, done, total, fps);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TlAnalysisQueue) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlMatch) match = NULL;
  gboolean ok;
  GHashTableIter iter;
  gpointer key, value;

  ok = tl_analyzer_run_finish (TL_ANALYZER (source), result, &error);
  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((Job *) value)->analyzer == TL_ANALYZER (source))
      {
        match = g_object_ref (((Job *) value)->match);
        g_signal_handlers_disconnect_by_data (source, value);
        g_hash_table_iter_remove (&iter);
        break;
      }
  g_return_if_fail (match != NULL);

  g_signal_emit (self, signals[FINISHED], 0, match, ok, ok ? NULL : error->message);
  start_jobs (self);
}

static void
start_jobs (TlAnalysisQueue *self)
{
  while (!self->paused && self->library != NULL && self->waiting.length > 0
         && g_hash_table_size (self->running) < self->max_jobs)
    {
      Job *job = g_new0 (Job, 1);

      job->queue = self;
      job->match = g_queue_pop_head (&self->waiting);
      job->cancellable = g_cancellable_new ();
      job->analyzer = tl_analyzer_new (tl_library_get_store (self->library), job->match);
      tl_analyzer_set_backend (job->analyzer, self->backend);
      tl_analyzer_set_threads (job->analyzer, self->n_threads);
      tl_analyzer_set_checkpoint_interval (job->analyzer, self->checkpoint_seconds);
      g_signal_connect (job->analyzer, "progress", G_CALLBACK (on_progress), job);
      g_hash_table_insert (self->running, job->match, job);
      tl_analyzer_run_async (job->analyzer, job->cancellable, on_run_done,
                             g_object_ref (self));
    }
}

gboolean
tl_analysis_queue_add (TlAnalysisQueue  *self,
                       TlMatch          *match,
                       GError          **error)
{
  g_return_val_if_fail (TL_IS_ANALYSIS_QUEUE (self), FALSE);
  g_return_val_if_fail (TL_IS_MATCH (match), FALSE);

  if (g_hash_table_contains (self->running, match)
      || g_queue_find (&self->waiting, match) != NULL)
    return TRUE;
  if (!set_match_state (self, match, TL_ANALYSIS_STATE_QUEUED, error))
    return FALSE;
  g_queue_push_tail (&self->waiting, g_object_ref (match));
  start_jobs (self);
  return TRUE;
}

gboolean
tl_analysis_queue_cancel (TlAnalysisQueue  *self,
                          TlMatch          *match,
                          GError          **error)
{
  Job *job;
  GList *link;

  g_return_val_if_fail (TL_IS_ANALYSIS_QUEUE (self), FALSE);
  g_return_val_if_fail (TL_IS_MATCH (match), FALSE);

  /* A running job writes its own checkpoint and "paused" when it sees the cancel. */
  if ((job = g_hash_table_lookup (self->running, match)) != NULL)
    {
      g_cancellable_cancel (job->cancellable);
      return TRUE;
    }
  if ((link = g_queue_find (&self->waiting, match)) != NULL)
    {
      if (!set_match_state (self, match, TL_ANALYSIS_STATE_PAUSED, error))
        return FALSE;
      g_queue_delete_link (&self->waiting, link);
      g_object_unref (match);
    }
  return TRUE;
}

typedef struct
{
  GArray *match_ids;
} Restore;

static gboolean
read_unfinished (TlStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  Restore *restore = user_data;
  sqlite3_stmt *stmt;
  int rc;

  /* Only each match's latest job counts; queued ones first in the order they were added. */
  stmt = tl_store_prepare (store,
                           "SELECT j.match_id FROM analysis_jobs j"
                           " WHERE j.state IN ('queued', 'running')"
                           " AND j.id = (SELECT max(id) FROM analysis_jobs WHERE match_id = j.match_id)"
                           " ORDER BY j.created_at, j.id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (restore->match_ids, id);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  return TRUE;
}

guint
tl_analysis_queue_restore (TlAnalysisQueue  *self,
                           GError          **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  Restore restore = { ids };
  guint n = 0;

  g_return_val_if_fail (TL_IS_ANALYSIS_QUEUE (self), 0);

  if (!tl_store_read (tl_library_get_store (self->library), read_unfinished, &restore, error))
    return 0;
  for (guint i = 0; i < ids->len; i++)
    {
      TlMatch *match = tl_library_lookup_match (self->library, g_array_index (ids, gint64, i));

      /* A trashed match waits for its undo or its purge, which removes the job. */
      if (match != NULL && tl_analysis_queue_add (self, match, error))
        n++;
      else if (match != NULL)
        return n;
    }
  return n;
}
