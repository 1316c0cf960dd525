/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-analysis-queue.c: queued analysis jobs in the store, started in turn on worker threads. */
#include "config.h"

#include <math.h>

#include "tl-analysis-queue.h"

#include "tl-analyzer.h"
#include "tl-track-chunks.h"

/* Why a running job was told to stop. */
typedef enum
{
  STOP_NONE,
  STOP_PAUSE,     /* paused at a checkpoint, until the user resumes it */
  STOP_DISCARD,   /* cancelled: the job and its tracks go */
  STOP_SUSPEND,   /* the queue was paused (on battery): queued again at the head */
} Stop;

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
  gboolean         hw_decode;
};

typedef struct
{
  TlAnalysisQueue *queue;       /* weak: the job holds a ref while it runs */
  TlMatch         *match;
  TlAnalyzer      *analyzer;
  GCancellable    *cancellable;
  Stop             stop;
  /* Added again while it was stopping (Resume clicked before its thread had ended): queued
   * once the thread is done rather than dropped. */
  gboolean         add_again;
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
  if (self->library != NULL)
    g_signal_handlers_disconnect_by_data (tl_library_get_matches (self->library), self);
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
  self->hw_decode = TRUE;
}

static void on_matches_changed (TlAnalysisQueue *self);

TlAnalysisQueue *
tl_analysis_queue_new (TlLibrary *library)
{
  TlAnalysisQueue *self;

  g_return_val_if_fail (TL_IS_LIBRARY (library), NULL);

  self = g_object_new (TL_TYPE_ANALYSIS_QUEUE, NULL);
  self->library = g_object_ref (library);
  /* A match moved to the trash stops being analysed (its job is paused, for an undo). */
  g_signal_connect_object (tl_library_get_matches (library), "items-changed",
                           G_CALLBACK (on_matches_changed), self, G_CONNECT_SWAPPED);
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
tl_analysis_queue_set_hw_decode (TlAnalysisQueue *self,
                                 gboolean         hw_decode)
{
  g_return_if_fail (TL_IS_ANALYSIS_QUEUE (self));
  self->hw_decode = !!hw_decode;
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
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (TL_IS_ANALYSIS_QUEUE (self));

  if (self->paused == !!paused)
    return;
  self->paused = !!paused;
  /* Running jobs stop at a checkpoint and wait at the head of the queue for the resume. */
  g_hash_table_iter_init (&iter, self->running);
  while (self->paused && g_hash_table_iter_next (&iter, NULL, &value))
    {
      Job *job = value;

      if (job->stop == STOP_NONE)
        job->stop = STOP_SUSPEND;
      g_cancellable_cancel (job->cancellable);
    }
  start_jobs (self);
}

void
tl_analysis_queue_shutdown (TlAnalysisQueue *self)
{
  GMainContext *context = g_main_context_ref_thread_default ();

  g_return_if_fail (TL_IS_ANALYSIS_QUEUE (self));

  /* As for a pause on battery: the jobs stay queued in the library, at their checkpoints. */
  tl_analysis_queue_set_paused (self, TRUE);
  while (g_hash_table_size (self->running) > 0)
    g_main_context_iteration (context, TRUE);
  g_main_context_unref (context);
}

gboolean
tl_analysis_queue_get_paused (TlAnalysisQueue *self)
{
  g_return_val_if_fail (TL_IS_ANALYSIS_QUEUE (self), FALSE);
  return self->paused;
}

gboolean
tl_analysis_queue_has_job (TlAnalysisQueue *self,
                           TlMatch         *match)
{
  g_return_val_if_fail (TL_IS_ANALYSIS_QUEUE (self), FALSE);
  return g_hash_table_contains (self->running, match)
         || g_queue_find (&self->waiting, match) != NULL;
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
  gint64 eta = -1;

  /* The rate of this run so far: the engine's speed is steady once the model is learnt. */
  if (fps > 0 && total > 0)
    eta = (gint64) ceil ((total - MIN (done, total)) / fps);
  tl_match_set_analysis_progress (job->match, total > 0 ? (double) done / total : 0, eta);
  g_signal_emit (job->queue, signals[PROGRESS], 0, job->match, done, total, fps);
}

static void
on_started (TlAnalyzer *analyzer,
            const char *device,
            const char *decoder,
            Job        *job)
{
  tl_match_set_analysis_device (job->match, device, decoder);
  tl_match_set_analysis_error (job->match, NULL);
}

/* A cancelled job leaves nothing: no job row, no tracks, state none. */
static gboolean
write_discard (TlStore   *store,
               gpointer   user_data,
               GError   **error)
{
  gint64 match_id = *(gint64 *) user_data;
  sqlite3_stmt *stmt;

  if (!tl_track_chunks_clear (store, match_id, error))
    return FALSE;
  stmt = tl_store_prepare (store, "DELETE FROM analysis_jobs WHERE match_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, match_id);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  return tl_library_store_analysis_state (store, match_id, TL_ANALYSIS_STATE_NONE, error);
}

static gboolean
discard (TlAnalysisQueue  *self,
         TlMatch          *match,
         GError          **error)
{
  gint64 id = tl_match_get_id (match);

  if (!tl_store_write (tl_library_get_store (self->library), write_discard, &id, error))
    return FALSE;
  tl_match_set_analysis_state (match, TL_ANALYSIS_STATE_NONE);
  tl_match_set_analysis_progress (match, 0, -1);
  tl_match_set_analysis_error (match, NULL);
  return TRUE;
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TlAnalysisQueue) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlMatch) match = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;
  GHashTableIter iter;
  gpointer key, value;
  Stop stop = STOP_NONE;
  gboolean add_again = FALSE;

  ok = tl_analyzer_run_finish (TL_ANALYZER (source), result, &error);
  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((Job *) value)->analyzer == TL_ANALYZER (source))
      {
        match = g_object_ref (((Job *) value)->match);
        stop = ((Job *) value)->stop;
        add_again = ((Job *) value)->add_again;
        g_signal_handlers_disconnect_by_data (source, value);
        g_hash_table_iter_remove (&iter);
        break;
      }
  g_return_if_fail (match != NULL);

  if (ok)
    {
      tl_match_set_analysis_progress (match, 1, -1);
      tl_match_set_analysis_error (match, NULL);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      tl_match_set_analysis_progress (match, tl_match_get_analysis_progress (match), -1);
      /* The analyzer wrote "paused" with the checkpoint; a cancel or a suspend goes further. */
      if (stop == STOP_DISCARD && !discard (self, match, &local_error))
        g_warning ("Could not cancel the analysis of “%s”: %s", tl_match_get_title (match),
                   local_error->message);
      else if (stop == STOP_SUSPEND && self->library != NULL)
        {
          if (set_match_state (self, match, TL_ANALYSIS_STATE_QUEUED, &local_error))
            g_queue_push_head (&self->waiting, g_object_ref (match));
          else
            g_warning ("Could not queue the analysis of “%s” again: %s",
                       tl_match_get_title (match), local_error->message);
        }
    }
  else
    {
      tl_match_set_analysis_progress (match, tl_match_get_analysis_progress (match), -1);
      tl_match_set_analysis_error (match, error->message);
      /* The analyzer records the failure itself unless the store refused even that (a full
       * disk): the match still shows it, and the job resumes from its checkpoint later. */
      if (tl_match_get_analysis_state (match) != TL_ANALYSIS_STATE_FAILED)
        tl_match_set_analysis_state (match, TL_ANALYSIS_STATE_FAILED);
    }

  g_signal_emit (self, signals[FINISHED], 0, match, ok, ok ? NULL : error->message);
  if (add_again && !ok)
    {
      g_autoptr(GError) add_error = NULL;

      if (!tl_analysis_queue_add (self, match, &add_error))
        g_warning ("Could not queue the analysis of “%s” again: %s",
                   tl_match_get_title (match), add_error->message);
    }
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
      tl_analyzer_set_hw_decode (job->analyzer, self->hw_decode);
      g_signal_connect (job->analyzer, "progress", G_CALLBACK (on_progress), job);
      g_signal_connect (job->analyzer, "started", G_CALLBACK (on_started), job);
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
  Job *job;

  g_return_val_if_fail (TL_IS_ANALYSIS_QUEUE (self), FALSE);
  g_return_val_if_fail (TL_IS_MATCH (match), FALSE);

  if ((job = g_hash_table_lookup (self->running, match)) != NULL)
    {
      /* A job told to stop is still winding down: it goes on once its thread has ended. So
       * does one that has failed: its thread shows the failure (and the card its Retry)
       * before the queue hears that it ended, and a retry clicked in between was lost. */
      if (job->stop != STOP_NONE
          || tl_match_get_analysis_state (match) == TL_ANALYSIS_STATE_FAILED)
        job->add_again = TRUE;
      return TRUE;
    }
  if (g_queue_find (&self->waiting, match) != NULL)
    return TRUE;
  if (!set_match_state (self, match, TL_ANALYSIS_STATE_QUEUED, error))
    return FALSE;
  tl_match_set_analysis_error (match, NULL);
  g_queue_push_tail (&self->waiting, g_object_ref (match));
  start_jobs (self);
  return TRUE;
}

gboolean
tl_analysis_queue_pause (TlAnalysisQueue  *self,
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
      if (job->stop != STOP_DISCARD)
        job->stop = STOP_PAUSE;
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

gboolean
tl_analysis_queue_cancel (TlAnalysisQueue  *self,
                          TlMatch          *match,
                          GError          **error)
{
  Job *job;
  GList *link;
  TlAnalysisState state;

  g_return_val_if_fail (TL_IS_ANALYSIS_QUEUE (self), FALSE);
  g_return_val_if_fail (TL_IS_MATCH (match), FALSE);

  /* A running job is discarded once its thread has stopped (on_run_done). */
  if ((job = g_hash_table_lookup (self->running, match)) != NULL)
    {
      job->stop = STOP_DISCARD;
      g_cancellable_cancel (job->cancellable);
      return TRUE;
    }
  /* A finished analysis is not cancelled: a new one replaces it. */
  state = tl_match_get_analysis_state (match);
  if (state == TL_ANALYSIS_STATE_NONE || state == TL_ANALYSIS_STATE_DONE)
    return TRUE;
  if (!discard (self, match, error))
    return FALSE;
  if ((link = g_queue_find (&self->waiting, match)) != NULL)
    {
      g_queue_delete_link (&self->waiting, link);
      g_object_unref (match);
    }
  return TRUE;
}

static void
on_matches_changed (TlAnalysisQueue *self)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (tl_library_lookup_match (self->library, tl_match_get_id (key)) == NULL)
      g_ptr_array_add (gone, g_object_ref (key));
  for (GList *l = self->waiting.head; l != NULL; l = l->next)
    if (tl_library_lookup_match (self->library, tl_match_get_id (l->data)) == NULL)
      g_ptr_array_add (gone, g_object_ref (l->data));

  for (guint i = 0; i < gone->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!tl_analysis_queue_pause (self, g_ptr_array_index (gone, i), &error))
        g_warning ("Could not pause the analysis of a deleted match: %s", error->message);
    }
}

typedef struct
{
  gint64  match_id;
  char   *state;
  gint64  frames_done;
  gint64  frames_total;
  char   *device;
  char   *error;
} JobFacts;

static void
job_facts_clear (JobFacts *facts)
{
  g_free (facts->state);
  g_free (facts->device);
  g_free (facts->error);
}

typedef struct
{
  GArray *jobs;   /* JobFacts */
} Restore;

static gboolean
read_unfinished (TlStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  Restore *restore = user_data;
  sqlite3_stmt *stmt;
  int rc;

  /* Only each match's latest job counts, in the order they were added. */
  stmt = tl_store_prepare (store,
                           "SELECT j.match_id, j.state, j.frames_done, j.frames_total,"
                           " j.device_name, j.error FROM analysis_jobs j"
                           " WHERE j.id = (SELECT max(id) FROM analysis_jobs"
                           " WHERE match_id = j.match_id)"
                           " ORDER BY j.created_at, j.id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JobFacts facts = {
        sqlite3_column_int64 (stmt, 0),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        sqlite3_column_int64 (stmt, 2),
        sqlite3_column_int64 (stmt, 3),
        g_strdup ((const char *) sqlite3_column_text (stmt, 4)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 5)),
      };

      g_array_append_val (restore->jobs, facts);
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  return TRUE;
}

guint
tl_analysis_queue_restore (TlAnalysisQueue  *self,
                           GError          **error)
{
  g_autoptr(GArray) jobs = g_array_new (FALSE, TRUE, sizeof (JobFacts));
  Restore restore = { jobs };
  guint n = 0;

  g_return_val_if_fail (TL_IS_ANALYSIS_QUEUE (self), 0);

  g_array_set_clear_func (jobs, (GDestroyNotify) job_facts_clear);
  if (!tl_store_read (tl_library_get_store (self->library), read_unfinished, &restore, error))
    return 0;
  for (guint i = 0; i < jobs->len; i++)
    {
      JobFacts *facts = &g_array_index (jobs, JobFacts, i);
      TlMatch *match = tl_library_lookup_match (self->library, facts->match_id);

      /* A trashed match waits for its undo or its purge, which removes the job. */
      if (match == NULL)
        continue;
      /* What the cards show before anything runs: how far each job got, where, and why it
       * failed. */
      tl_match_set_analysis_progress (match, facts->frames_total > 0
                                             ? (double) facts->frames_done / facts->frames_total
                                             : 0, -1);
      tl_match_set_analysis_device (match, facts->device, NULL);
      if (g_strcmp0 (facts->state, "failed") == 0)
        tl_match_set_analysis_error (match, facts->error);
      if (g_strcmp0 (facts->state, "queued") != 0 && g_strcmp0 (facts->state, "running") != 0)
        continue;
      if (!tl_analysis_queue_add (self, match, error))
        return n;
      n++;
    }
  return n;
}
