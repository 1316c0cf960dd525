/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-analyzer.c: one match's analysis: GStreamer decode, the engine, checkpoints, the job row. */
#include "config.h"

#include "tl-analyzer.h"
#include "tl-library.h"

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <math.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "tl-background-task-pool.h"
#include "tl-camera-path.h"
#include "tl-carried-ball.h"
#include "tl-main-context.h"
#include "tl-role-tracks.h"
#include "tl-track-chunks.h"
#include "tl-tracker.h"

/* Frames spread over the video that teach the background model before the first push, so
 * players standing still at kick-off are not taken for background (docs/tracking.md). */
#define N_LEARN_FRAMES 40
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 4)

struct _TlAnalyzer
{
  GObject            parent_instance;

  TlStore           *store;
  TlMatchInfo       *info;        /* snapshot: the worker never touches the TlMatch */
  TlMatch           *match;       /* updated in the caller's context */
  TlTrackBackend     backend;
  int                n_threads;
  double             checkpoint_seconds;
  gboolean           hw_decode;

  /* One run's state, owned by the thread that runs it. */
  GMainContext      *context;     /* where signals are emitted */
  gboolean           in_worker;
  TlAnalysisSummary  summary;
  gint64             job_id;
  gint64             last_progress_us;
};

G_DEFINE_FINAL_TYPE (TlAnalyzer, tl_analyzer, G_TYPE_OBJECT)

enum { PROGRESS, STARTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* A track's row, kept in memory and written at each checkpoint when it changed. */
typedef struct
{
  guint8   klass;
  gint8    team;
  gint64   first_frame;
  gint64   last_frame;
  gboolean dirty;
} TrackRow;

/* What one run works with. */
typedef struct
{
  TlAnalyzer    *self;
  GCancellable  *cancellable;
  TlTracker     *tracker;
  GstElement    *pipeline;
  GstElement    *sink;
  GPtrArray     *hw_decoders;       /* GstElementFactory: the NVDEC decoders usable here */
  gboolean       avoid_hw;          /* this pipeline must not plug an NVDEC decoder */
  gboolean       software_only;     /* resuming a run that decoded in software */
  int            width, height;     /* analysis size */
  double         fps;
  gint64         frames_total;
  gint64         chunk_frames;
  gint64         checkpoint_frames;
  gboolean       has_pitch;
  TlCameraParams camera;            /* the calibration at the video's size, with has_pitch */
  TlPitch        pitch;             /* its pitch's size, with has_pitch */
  gint64         next_frame;        /* the next frame to push */
  gint64         next_report;       /* the next frame whose tracks come (the engine holds the
                                     * last frames back to revise the ball) */
  GArray        *pending;           /* TlTrackSample of the chunk being filled */
  gint64         pending_first;     /* its first frame */
  GPtrArray     *finished;          /* Chunk: chunks completed since the last checkpoint */
  GHashTable    *tracks;            /* track_no -> TrackRow */
  gint64         n_stored_tracks;   /* rows once the last passes have run, -1 before */
} Run;

typedef struct
{
  gint64  first_frame;
  gint64  last_frame;
  GBytes *blob;
} Chunk;

static void
chunk_free (Chunk *chunk)
{
  g_bytes_unref (chunk->blob);
  g_free (chunk);
}

static void
tl_analyzer_finalize (GObject *object)
{
  TlAnalyzer *self = (TlAnalyzer *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->match);
  g_clear_pointer (&self->info, tl_match_info_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (tl_analyzer_parent_class)->finalize (object);
}

static void
tl_analyzer_class_init (TlAnalyzerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_analyzer_finalize;

  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                    G_TYPE_INT64, G_TYPE_INT64, G_TYPE_DOUBLE);
  signals[STARTED] = g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                   G_TYPE_STRING, G_TYPE_STRING);
}

static void
tl_analyzer_init (TlAnalyzer *self)
{
  self->checkpoint_seconds = TL_ANALYZER_CHECKPOINT_SECONDS;
  self->hw_decode = TRUE;
}

TlAnalyzer *
tl_analyzer_new (TlStore *store,
                 TlMatch *match)
{
  TlAnalyzer *self;

  g_return_val_if_fail (TL_IS_STORE (store), NULL);
  g_return_val_if_fail (TL_IS_MATCH (match), NULL);

  self = g_object_new (TL_TYPE_ANALYZER, NULL);
  self->store = g_object_ref (store);
  self->match = g_object_ref (match);
  self->info = tl_match_info_copy (tl_match_get_info (match));
  return self;
}

void
tl_analyzer_set_backend (TlAnalyzer     *self,
                         TlTrackBackend  backend)
{
  g_return_if_fail (TL_IS_ANALYZER (self));
  self->backend = backend;
}

void
tl_analyzer_set_threads (TlAnalyzer *self,
                         int         n_threads)
{
  g_return_if_fail (TL_IS_ANALYZER (self));
  self->n_threads = MAX (0, n_threads);
}

void
tl_analyzer_set_checkpoint_interval (TlAnalyzer *self,
                                     double      seconds)
{
  g_return_if_fail (TL_IS_ANALYZER (self));
  g_return_if_fail (seconds > 0);
  self->checkpoint_seconds = seconds;
}

void
tl_analyzer_set_hw_decode (TlAnalyzer *self,
                           gboolean    hw_decode)
{
  g_return_if_fail (TL_IS_ANALYZER (self));
  self->hw_decode = !!hw_decode;
}

const TlAnalysisSummary *
tl_analyzer_get_summary (TlAnalyzer *self)
{
  g_return_val_if_fail (TL_IS_ANALYZER (self), NULL);
  return &self->summary;
}

void
tl_analyzer_analysis_size (int  width,
                           int  height,
                           int *out_width,
                           int *out_height)
{
  /* Half size: players are still 20+ pixels tall on a 4K panorama and the engine runs four
   * times faster (docs/tracking-experiments.md). */
  *out_width = MAX (16, width / 4 * 2);
  *out_height = MAX (16, height / 4 * 2);
}

/* Signals, in the caller's context. */

typedef struct
{
  TlAnalyzer     *self;
  gint64          done, total;
  double          fps;
  TlAnalysisState state;
  gboolean        is_state;
  gboolean        is_started;
  char           *device;
  char           *decoder;
  char           *error;      /* with a failed state: why */
} Report;

static gboolean
deliver_report (gpointer data)
{
  Report *report = data;

  if (report->is_state)
    {
      /* The reason first: a view that shows the failed state shows why at once. */
      if (report->error != NULL)
        tl_match_set_analysis_error (report->self->match, report->error);
      tl_match_set_analysis_state (report->self->match, report->state);
    }
  else if (report->is_started)
    g_signal_emit (report->self, signals[STARTED], 0, report->device, report->decoder);
  else
    g_signal_emit (report->self, signals[PROGRESS], 0, report->done, report->total, report->fps);
  return G_SOURCE_REMOVE;
}

static void
report_free (Report *report)
{
  g_object_unref (report->self);
  g_free (report->device);
  g_free (report->decoder);
  g_free (report->error);
  g_free (report);
}

static void
post_report (TlAnalyzer *self,
             Report     *report)
{
  report->self = g_object_ref (self);
  /* From the worker, at the priority GTask returns at: reports arrive in order, before the
   * run's result. */
  if (self->in_worker)
    tl_main_context_idle_add (self->context, G_PRIORITY_DEFAULT, deliver_report, report,
                              (GDestroyNotify) report_free);
  else
    {
      deliver_report (report);
      report_free (report);
    }
}

static void
report_progress (Run      *run,
                 gboolean  force)
{
  TlAnalyzer *self = run->self;
  gint64 now = g_get_monotonic_time ();
  Report *report;

  if (!force && now - self->last_progress_us < PROGRESS_INTERVAL_US)
    return;
  self->last_progress_us = now;
  report = g_new0 (Report, 1);
  report->done = run->next_frame;
  report->total = run->frames_total;
  report->fps = self->summary.fps;
  post_report (self, report);
}

static void
report_state (TlAnalyzer      *self,
              TlAnalysisState  state,
              const char      *error_text)
{
  Report *report = g_new0 (Report, 1);

  report->is_state = TRUE;
  report->state = state;
  report->error = g_strdup (error_text);
  post_report (self, report);
}

static void
report_started (TlAnalyzer *self)
{
  Report *report = g_new0 (Report, 1);

  report->is_started = TRUE;
  report->device = g_strdup (self->summary.device);
  report->decoder = g_strdup (self->summary.decoder);
  post_report (self, report);
}

/* The job row. */

typedef struct
{
  TlAnalyzer     *self;
  const char     *state;
  const char     *error_text;
  Run            *run;
  const guint8   *engine_state;
  gsize           engine_state_size;
  /* found by find_job */
  gint64          job_id;
  char           *job_state;
  gint64          checkpoint_frame;
  GBytes         *checkpoint;
  char           *decoder;          /* the decoder the job's run used, NULL when unknown */
} JobOp;

static gboolean
set_match_state (TlStore     *store,
                 gint64       match_id,
                 const char  *state,
                 GError     **error)
{
  TlAnalysisState analysis_state;

  /* A job's states are a subset of a match's analysis states. */
  if (!tl_analysis_state_from_string (state, &analysis_state))
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   "unknown analysis state “%s”", state);
      return FALSE;
    }
  return tl_library_store_analysis_state (store, match_id, analysis_state, error);
}

static gboolean
find_job (TlStore   *store,
          gpointer   user_data,
          GError   **error)
{
  JobOp *op = user_data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_store_prepare (store, "SELECT id, state, checkpoint_frame, checkpoint, decoder"
                                  " FROM analysis_jobs WHERE match_id = ?"
                                  " ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->self->info->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      op->job_id = sqlite3_column_int64 (stmt, 0);
      op->job_state = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      op->checkpoint_frame = sqlite3_column_int64 (stmt, 2);
      if (sqlite3_column_type (stmt, 3) == SQLITE_BLOB)
        op->checkpoint = g_bytes_new (sqlite3_column_blob (stmt, 3),
                                      (gsize) sqlite3_column_bytes (stmt, 3));
      op->decoder = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  return TRUE;
}

/* A fresh start: forget earlier tracks, make a new job row. */
static gboolean
start_job (TlStore   *store,
           gpointer   user_data,
           GError   **error)
{
  JobOp *op = user_data;
  TlAnalyzer *self = op->self;
  sqlite3_stmt *stmt;

  if (!tl_track_chunks_clear (store, self->info->id, error))
    return FALSE;
  stmt = tl_store_prepare (store, "DELETE FROM analysis_jobs WHERE match_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->info->id);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  stmt = tl_store_prepare (store,
                           "INSERT INTO analysis_jobs (match_id, state, backend, threads,"
                           " frames_total, started_at) VALUES (?, 'running', ?, ?, ?, unixepoch())",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->info->id);
  sqlite3_bind_text (stmt, 2, tl_track_backend_to_string (self->backend), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, self->n_threads);
  sqlite3_bind_int64 (stmt, 4, op->run->frames_total);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  op->job_id = tl_store_last_insert_rowid (store);
  return set_match_state (store, self->info->id, "running", error);
}

/* Moves the job to @op->state with @op->error_text (may be NULL). */
static gboolean
update_job (TlStore   *store,
            gpointer   user_data,
            GError   **error)
{
  JobOp *op = user_data;
  TlAnalyzer *self = op->self;
  sqlite3_stmt *stmt;
  gboolean final = g_str_equal (op->state, "done") || g_str_equal (op->state, "failed");

  stmt = tl_store_prepare (store,
                           "UPDATE analysis_jobs SET state = ?, error = ?, device_name = ?,"
                           " finished_at = CASE WHEN ? THEN unixepoch() END,"
                           " started_at = coalesce (started_at, unixepoch())"
                           " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, op->error_text, -1, SQLITE_TRANSIENT);
  if (self->summary.device[0] != '\0')
    sqlite3_bind_text (stmt, 3, self->summary.device, -1, SQLITE_STATIC);
  else
    sqlite3_bind_text (stmt, 3, tl_track_backend_to_string (self->summary.backend), -1,
                       SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, final);
  sqlite3_bind_int64 (stmt, 5, self->job_id);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  return set_match_state (store, self->info->id, op->state, error);
}

static void
finish_job (TlAnalyzer      *self,
            TlAnalysisState  state,
            const char      *error_text)
{
  JobOp op = { .self = self, .state = tl_analysis_state_to_string (state),
               .error_text = error_text };
  g_autoptr(GError) error = NULL;

  /* Best effort: on a full disk even this may fail, and the row then still says running,
   * which the next run treats as an interrupted job to resume. */
  if (!tl_store_write (self->store, update_job, &op, &error))
    g_warning ("Could not record the analysis of match %" G_GINT64_FORMAT " as %s: %s",
               self->info->id, op.state, error->message);
  else
    report_state (self, state, error_text);
}

/* Checkpoints. */

static void
finish_pending_chunk (Run    *run,
                      gint64  last_frame)
{
  Chunk *chunk = g_new0 (Chunk, 1);

  chunk->first_frame = run->pending_first;
  chunk->last_frame = last_frame;
  chunk->blob = tl_track_chunk_encode (run->pending_first, run->has_pitch,
                                       (const TlTrackSample *) run->pending->data,
                                       run->pending->len);
  g_ptr_array_add (run->finished, chunk);
  g_array_set_size (run->pending, 0);
  run->pending_first = last_frame + 1;
}

static gboolean
write_tracks (TlStore  *store,
              Run      *run,
              GError  **error)
{
  GHashTableIter iter;
  gpointer key, value;
  sqlite3_stmt *stmt;

  g_hash_table_iter_init (&iter, run->tracks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      TrackRow *row = value;

      if (!row->dirty)
        continue;
      stmt = tl_store_prepare (store,
                               "INSERT INTO tracks (match_id, track_no, class, team_side,"
                               " first_frame, last_frame) VALUES (?, ?, ?, ?, ?, ?)"
                               " ON CONFLICT (match_id, track_no) DO UPDATE SET"
                               " team_side = CASE WHEN tracks.side_by_user"
                               "   THEN tracks.team_side ELSE excluded.team_side END,"
                               " last_frame = excluded.last_frame", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, run->self->info->id);
      sqlite3_bind_int64 (stmt, 2, GPOINTER_TO_UINT (key));
      sqlite3_bind_int (stmt, 3, row->klass);
      sqlite3_bind_int (stmt, 4, row->team >= 0 ? row->team + 1 : 0);
      sqlite3_bind_int64 (stmt, 5, row->first_frame);
      sqlite3_bind_int64 (stmt, 6, row->last_frame);
      if (!tl_store_exec_stmt (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_checkpoint (TlStore   *store,
                  gpointer   user_data,
                  GError   **error)
{
  JobOp *op = user_data;
  Run *run = op->run;
  sqlite3_stmt *stmt;

  for (guint i = 0; i < run->finished->len; i++)
    {
      Chunk *chunk = g_ptr_array_index (run->finished, i);

      if (!tl_track_chunks_put (store, run->self->info->id, chunk->first_frame,
                                chunk->last_frame, chunk->blob, error))
        return FALSE;
    }
  /* The chunk being filled is stored as it is; resuming reads it back and goes on filling.
   * It ends before the frames the engine still holds back: their tracks are in its state. */
  if (run->next_report > run->pending_first)
    {
      g_autoptr(GBytes) blob = tl_track_chunk_encode (run->pending_first, run->has_pitch,
                                                      (const TlTrackSample *) run->pending->data,
                                                      run->pending->len);

      if (!tl_track_chunks_put (store, run->self->info->id, run->pending_first,
                                run->next_report - 1, blob, error))
        return FALSE;
    }
  if (!write_tracks (store, run, error))
    return FALSE;

  stmt = tl_store_prepare (store,
                           "UPDATE analysis_jobs SET state = ?, frames_done = ?,"
                           " checkpoint_frame = ?, checkpoint = ?, error = NULL WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->state, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, run->next_frame);
  sqlite3_bind_int64 (stmt, 3, run->next_frame);
  if (op->engine_state != NULL)
    sqlite3_bind_blob64 (stmt, 4, op->engine_state, op->engine_state_size, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_int64 (stmt, 5, run->self->job_id);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  return set_match_state (store, run->self->info->id, op->state, error);
}

static gboolean
checkpoint (Run         *run,
            const char  *state,
            GError     **error)
{
  JobOp op = { .self = run->self, .state = state, .run = run };
  g_autofree uint8_t *engine_state = NULL;
  size_t size = 0;
  GHashTableIter iter;
  gpointer value;

  /* A file deleted while open still reads to the end on Unix; the user expects the analysis
   * of a file that is gone to stop, and the checkpoint so far to stay. */
  if (!g_file_test (run->self->info->file_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s: the video disappeared during the analysis", run->self->info->file_path);
      return FALSE;
    }
  /* Without a state (the GPU's model could not be copied down) the checkpoint still keeps
   * the tracks, and resuming it starts over. */
  if (tl_tracker_save_state (run->tracker, &engine_state, &size) == TL_TRACK_OK)
    {
      op.engine_state = engine_state;
      op.engine_state_size = size;
    }
  if (!tl_store_write (run->self->store, write_checkpoint, &op, error))
    return FALSE;
  g_ptr_array_set_size (run->finished, 0);
  g_hash_table_iter_init (&iter, run->tracks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((TrackRow *) value)->dirty = FALSE;
  return TRUE;
}

/* Reads back what the checkpoint stored: the partial chunk and the track rows. */
typedef struct
{
  Run    *run;
  gint64  frames_done;
} Reload;

static gboolean
reload_run (TlStore   *store,
            gpointer   user_data,
            GError   **error)
{
  Reload *reload = user_data;
  Run *run = reload->run;
  gint64 match_id = run->self->info->id;
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GArray) tracks = NULL;

  /* The partial chunk, trusted only up to the checkpoint (reads nest in this transaction). */
  samples = tl_track_chunks_query (store, match_id, run->pending_first,
                                   reload->frames_done - 1, error);
  tracks = samples ? tl_track_chunks_list_tracks (store, match_id, error) : NULL;
  if (tracks == NULL)
    return FALSE;
  g_array_append_vals (run->pending, samples->data, samples->len);
  for (guint i = 0; i < tracks->len; i++)
    {
      const TlTrackInfo *t = &g_array_index (tracks, TlTrackInfo, i);
      TrackRow *row = g_new0 (TrackRow, 1);

      row->klass = t->klass;
      row->team = t->team;
      row->first_frame = t->first_frame;
      row->last_frame = t->last_frame;
      g_hash_table_insert (run->tracks, GUINT_TO_POINTER (t->track_no), row);
    }
  return TRUE;
}

/* Decoding. */

static gboolean
bus_error (Run      *run,
           GError  **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (run->pipeline);
  g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  g_autoptr(GError) gst_error = NULL;

  if (message == NULL)
    return FALSE;
  gst_message_parse_error (message, &gst_error, NULL);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: decoding failed: %s",
               run->self->info->file_path, gst_error->message);
  return TRUE;
}

/* decodebin's GstAutoplugSelectResult, which no public header declares. */
enum { AUTOPLUG_TRY = 0, AUTOPLUG_SKIP = 2 };

static gboolean
is_video_decoder (GstElementFactory *factory)
{
  const char *klass = gst_element_factory_get_metadata (factory, GST_ELEMENT_METADATA_KLASS);

  return klass != NULL && strstr (klass, "Decoder") != NULL && strstr (klass, "Video") != NULL;
}

/* The NVDEC decoders this machine can run: installed (nvcodec registers them only when it
 * finds a driver) and able to open a CUDA context (which they do going to READY). */
static GPtrArray *
find_hw_decoders (void)
{
  static const char * const names[] = { "nvh264dec", "nvh265dec" };
  GPtrArray *usable = g_ptr_array_new_with_free_func (gst_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GstElementFactory *factory = gst_element_factory_find (names[i]);
      g_autoptr(GstElement) element = NULL;

      if (factory == NULL)
        continue;
      element = gst_element_factory_create (factory, NULL);
      if (element != NULL
          && gst_element_set_state (element, GST_STATE_READY) == GST_STATE_CHANGE_SUCCESS)
        g_ptr_array_add (usable, g_object_ref (factory));
      else
        g_info ("%s is installed but cannot be used (no CUDA device?)", names[i]);
      if (element != NULL)
        gst_element_set_state (element, GST_STATE_NULL);
      gst_object_unref (factory);
    }
  return usable;
}

/* Software decoding where NVDEC is installed: decodebin (not decodebin3, which only goes by
 * rank, and NVDEC ranks first) is told to pass the NVIDIA decoders over. */
static int
on_autoplug_select (GstElement        *decodebin,
                    GstPad            *pad,
                    GstCaps           *caps,
                    GstElementFactory *factory,
                    Run               *run)
{
  const char *name = GST_OBJECT_NAME (factory);

  if (run->avoid_hw && is_video_decoder (factory) && g_str_has_prefix (name, "nv"))
    return AUTOPLUG_SKIP;
  return AUTOPLUG_TRY;
}

/* Notes which decoder decodebin chose (streaming thread; read after the preroll). */
static void
on_element_added (GstBin     *bin,
                  GstBin     *sub_bin,
                  GstElement *element,
                  Run        *run)
{
  GstElementFactory *factory = gst_element_get_factory (element);

  if (factory == NULL || !is_video_decoder (factory))
    return;
  g_strlcpy (run->self->summary.decoder, GST_OBJECT_NAME (factory),
             sizeof run->self->summary.decoder);
  run->self->summary.hw_decode = g_str_has_prefix (GST_OBJECT_NAME (factory), "nv");
}

static gboolean open_pipeline_with (Run *run, GError **error);

/* Whether NVDEC is installed at all (nvcodec registers its decoders only with a driver). */
static gboolean
nvdec_installed (void)
{
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  return gst_registry_check_feature_version (gst_registry_get (), "nvh264dec", 1, 0, 0)
         || gst_registry_check_feature_version (gst_registry_get (), "nvh265dec", 1, 0, 0);
}

/* The NVDEC decoders this run may use, found once: none when hardware decoding is off, NVDEC
 * is not installed, or the run resumes a software-decoded one. */
static GPtrArray *
usable_hw_decoders (Run *run)
{
  if (run->hw_decoders == NULL)
    run->hw_decoders = run->self->hw_decode && !run->software_only && nvdec_installed ()
                       ? find_hw_decoders () : g_ptr_array_new_with_free_func (gst_object_unref);
  return run->hw_decoders;
}

/* Whether this run can decode with @decoder (the element a resumed run used): software again
 * (NVDEC is then passed over), or NVDEC when this machine can run it. NULL (a job of an older
 * version): no constraint. */
static gboolean
can_decode_as (Run        *run,
               const char *decoder)
{
  if (decoder == NULL || *decoder == '\0')
    return TRUE;
  if (!g_str_has_prefix (decoder, "nv"))
    {
      run->software_only = TRUE;
      return TRUE;
    }
  return usable_hw_decoders (run)->len > 0;
}

/* The decoder this run uses, for a later resume (one transaction of its own). */
static gboolean
write_decoder (TlStore   *store,
               gpointer   user_data,
               GError   **error)
{
  TlAnalyzer *self = user_data;
  sqlite3_stmt *stmt = tl_store_prepare (store, "UPDATE analysis_jobs SET decoder = ?"
                                                " WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->summary.decoder, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, self->job_id);
  return tl_store_exec_stmt (store, stmt, error);
}

/* decodebin3 picks decoders by rank, NVDEC first (primary + 1) when it is installed and
 * usable; software otherwise, and when NVDEC refuses the video (H.264 over 4096 pixels wide,
 * an unsupported profile...) or is not wanted. */
static gboolean
open_pipeline (Run      *run,
               GError  **error)
{
  g_autoptr(GError) hw_error = NULL;

  run->avoid_hw = usable_hw_decoders (run)->len == 0 && nvdec_installed ();
  if (run->hw_decoders->len > 0)
    {
      if (open_pipeline_with (run, &hw_error))
        goto opened;
      g_info ("%s: NVDEC could not decode it (%s), decoding in software",
              run->self->info->file_path, hw_error->message);
      gst_element_set_state (run->pipeline, GST_STATE_NULL);
      g_clear_object (&run->sink);
      g_clear_object (&run->pipeline);
      run->avoid_hw = TRUE;
    }
  if (!open_pipeline_with (run, error))
    return FALSE;

opened:
  g_info ("%s: decoding with %s (%s, in %s), tracking on %s", run->self->info->file_path,
          run->self->summary.decoder, run->self->summary.hw_decode ? "NVDEC" : "software",
          run->avoid_hw ? "decodebin" : "decodebin3", run->self->summary.device);
  return TRUE;
}

/* The app's analysis is background work: on Linux, nice is per thread, and the engine's
 * threads (made by the run's thread) inherit it, so the window's threads get the CPU first. The
 * thread is the run's own (not GTask's pool) because an unprivileged thread cannot get its
 * priority back, and a pool would hand the lowered thread to other work. The streaming threads
 * (decoding most of all) get the same from a pool of their own (tl-background-task-pool.h). */
#define BACKGROUND_NICE 10

/* Streaming thread: each streaming task of the analysis pipeline, as it is created, runs on a
 * niced thread of @data's pool rather than on GStreamer's shared (playback's) threads. */
static GstBusSyncReply
give_tasks_to_pool (GstBus     *bus,
                    GstMessage *message,
                    gpointer    data)
{
  GstStreamStatusType type;
  GstElement *owner;
  const GValue *value;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_STREAM_STATUS)
    return GST_BUS_PASS;
  gst_message_parse_stream_status (message, &type, &owner);
  value = gst_message_get_stream_status_object (message);
  if (type == GST_STREAM_STATUS_TYPE_CREATE && value != NULL
      && G_VALUE_HOLDS (value, GST_TYPE_TASK))
    gst_task_set_pool (g_value_get_object (value), GST_TASK_POOL (data));
  return GST_BUS_PASS;
}

static gboolean
open_pipeline_with (Run      *run,
                    GError  **error)
{
  g_autofree char *description = NULL;
  g_autoptr(GstElement) decodebin = NULL;
  GstElement *src;

  /* The appsink holds at most two frames: the streaming threads decode and scale the next
   * frames while the engine works on the current one (double buffering), and memory stays
   * flat whatever the length of the match. */
  description = g_strdup_printf ("%s name=dec ! videoconvert ! "
                                 "videoscale method=bilinear ! "
                                 "video/x-raw,format=I420,width=%d,height=%d,"
                                 "pixel-aspect-ratio=1/1 ! "
                                 "appsink name=sink sync=false max-buffers=2 drop=false",
                                 run->avoid_hw ? "decodebin" : "decodebin3",
                                 run->width, run->height);
  run->pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, error);
  if (run->pipeline == NULL)
    return FALSE;
  gst_object_ref_sink (run->pipeline);
  decodebin = gst_bin_get_by_name (GST_BIN (run->pipeline), "dec");
  /* The source is linked with its location set: decodebin3 starts reading as soon as it is
   * linked, which would be too early for a location set afterwards. */
  src = gst_element_factory_make ("filesrc", NULL);
  g_object_set (src, "location", run->self->info->file_path, NULL);
  gst_bin_add (GST_BIN (run->pipeline), src);
  if (!gst_element_link (src, decodebin))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot link the file source",
                   run->self->info->file_path);
      return FALSE;
    }
  if (run->avoid_hw)
    g_signal_connect (decodebin, "autoplug-select", G_CALLBACK (on_autoplug_select), run);
  g_signal_connect (run->pipeline, "deep-element-added", G_CALLBACK (on_element_added), run);
  if (run->self->in_worker)
    {
      g_autoptr(GstBus) bus = gst_element_get_bus (run->pipeline);
      GstTaskPool *pool = tl_background_task_pool_new (BACKGROUND_NICE);

      /* The pool goes with the handler, freed when the pipeline's bus is. */
      gst_object_ref_sink (pool);
      gst_bus_set_sync_handler (bus, give_tasks_to_pool, pool, gst_object_unref);
    }
  run->self->summary.decoder[0] = '\0';
  run->self->summary.hw_decode = FALSE;
  run->sink = gst_bin_get_by_name (GST_BIN (run->pipeline), "sink");
  if (gst_element_set_state (run->pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE
      || gst_element_get_state (run->pipeline, NULL, NULL, GST_CLOCK_TIME_NONE)
         == GST_STATE_CHANGE_FAILURE)
    {
      if (!bus_error (run, error))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "%s: not a video GStreamer can decode", run->self->info->file_path);
      return FALSE;
    }
  return TRUE;
}

static gint64
sample_frame (Run       *run,
              GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstSegment *segment = gst_sample_get_segment (sample);
  guint64 pts = GST_BUFFER_PTS (buffer);

  if (segment != NULL)
    pts = gst_segment_to_stream_time (segment, GST_FORMAT_TIME, pts);
  return (gint64) floor (pts * run->fps / GST_SECOND + 0.5);
}

/* Copies a sample into a packed I420 frame the engine reads. */
static gboolean
map_frame (Run          *run,
           GstSample    *sample,
           GstVideoFrame *vf,
           TlFrame      *frame)
{
  GstVideoInfo info;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample))
      || !gst_video_frame_map (vf, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    return FALSE;
  *frame = (TlFrame) {
    .format = TL_FRAME_I420, .width = run->width, .height = run->height,
    .planes = { GST_VIDEO_FRAME_PLANE_DATA (vf, 0), GST_VIDEO_FRAME_PLANE_DATA (vf, 1),
                GST_VIDEO_FRAME_PLANE_DATA (vf, 2) },
    .strides = { GST_VIDEO_FRAME_PLANE_STRIDE (vf, 0), GST_VIDEO_FRAME_PLANE_STRIDE (vf, 1),
                 GST_VIDEO_FRAME_PLANE_STRIDE (vf, 2) },
  };
  return TRUE;
}

static gboolean
seek_to (Run     *run,
         gint64   frame)
{
  gint64 t = (gint64) llround (frame * (double) GST_SECOND / run->fps);

  /* ACCURATE: the first frame out is the one asked for, decoded from the keyframe before it,
   * which gives the same pixels as decoding the file from the start. */
  return gst_element_seek_simple (run->pipeline, GST_FORMAT_TIME,
                                  GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, t);
}

static gboolean
learn_background (Run      *run,
                  GError  **error)
{
  for (int i = 0; i < N_LEARN_FRAMES; i++)
    {
      gint64 frame = (gint64) ((i + 0.5) * run->frames_total / N_LEARN_FRAMES);
      g_autoptr(GstSample) sample = NULL;
      GstVideoFrame vf;
      TlFrame f;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      if (!seek_to (run, frame))
        continue;
      sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (run->sink), 30 * GST_SECOND);
      if (sample == NULL)
        {
          if (!bus_error (run, error))
            continue;
          return FALSE;
        }
      if (!map_frame (run, sample, &vf, &f))
        continue;
      tl_tracker_learn (run->tracker, &f);
      gst_video_frame_unmap (&vf);
    }
  return TRUE;
}

static void
add_samples (Run                 *run,
             const TlFrameResult *result,
             gint64               frame)
{
  double sx = (double) run->self->info->width / run->width;
  double sy = (double) run->self->info->height / run->height;

  for (int i = 0; i < result->n_tracks; i++)
    {
      TlTrackSample s = tl_track_sample_from_update (&result->tracks[i], frame, sx, sy,
                                                     run->has_pitch);
      TrackRow *row;

      g_array_append_val (run->pending, s);

      row = g_hash_table_lookup (run->tracks, GUINT_TO_POINTER (s.track_no));
      if (row == NULL)
        {
          row = g_new0 (TrackRow, 1);
          row->klass = s.klass;
          row->first_frame = frame;
          g_hash_table_insert (run->tracks, GUINT_TO_POINTER (s.track_no), row);
        }
      row->team = s.team;
      row->last_frame = frame;
      row->dirty = TRUE;
    }
}

/* Adds the tracks of a result to the chunk of their frame: the video frame it was pushed
 * with as its tag (kept in the engine state, so the frames held back at a checkpoint keep
 * their numbers across a resume, even where the video skips frames). */
static void
add_report (Run                 *run,
            const TlFrameResult *result)
{
  gint64 frame = result->tag;

  /* Chunks are cut at fixed frame numbers so that where a run was interrupted does not
   * change them. */
  if (frame >= run->pending_first + run->chunk_frames)
    finish_pending_chunk (run, run->pending_first + run->chunk_frames - 1);
  add_samples (run, result, frame);
  run->next_report = frame + 1;
}

/* Per-track figures once the whole match is stored (calibrated analyses only). */
static gboolean
write_stats (TlStore   *store,
             gpointer   user_data,
             GError   **error)
{
  Run *run = user_data;
  gint64 match_id = run->self->info->id;
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GArray) tracks = NULL;

  samples = tl_track_chunks_query (store, match_id, 0, G_MAXINT64, error);
  tracks = samples ? tl_track_chunks_list_tracks (store, match_id, error) : NULL;
  if (tracks == NULL)
    return FALSE;
  tl_track_stats_compute ((const TlTrackSample *) samples->data, samples->len, run->fps, tracks);
  for (guint i = 0; i < tracks->len; i++)
    {
      const TlTrackInfo *t = &g_array_index (tracks, TlTrackInfo, i);
      sqlite3_stmt *stmt;

      if (!t->has_stats)
        continue;
      stmt = tl_store_prepare (store,
                               "INSERT OR REPLACE INTO track_stats"
                               " (track_id, distance_m, top_speed_ms, sprints)"
                               " SELECT id, ?, ?, ? FROM tracks"
                               " WHERE match_id = ? AND track_no = ?",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_double (stmt, 1, t->distance_m);
      sqlite3_bind_double (stmt, 2, t->top_speed_ms);
      sqlite3_bind_int (stmt, 3, t->sprints);
      sqlite3_bind_int64 (stmt, 4, match_id);
      sqlite3_bind_int64 (stmt, 5, t->track_no);
      if (!tl_store_exec_stmt (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* The rows the match has in the end (the role pass changes them from the engine's ids). */
static gboolean
count_tracks (TlStore  *store,
              Run      *run,
              GError  **error)
{
  sqlite3_stmt *stmt = tl_store_prepare (store, "SELECT count(*) FROM tracks WHERE match_id = ?",
                                         error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run->self->info->id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return tl_store_set_error (store, rc, error);
  run->n_stored_tracks = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
finish_run (TlStore   *store,
            gpointer   user_data,
            GError   **error)
{
  JobOp *op = user_data;

  if (!write_checkpoint (store, op, error))
    return FALSE;
  /* The ball in the hands at restarts needs the frames after it; in the same transaction as
   * the end of the job, so a run killed here does it again on resuming. */
  if (!tl_carried_ball_add (store, op->run->self->info->id, op->run->fps,
                            op->run->has_pitch ? &op->run->camera : NULL,
                            op->run->has_pitch ? &op->run->pitch : NULL, NULL, error))
    return FALSE;
  /* Then each player's ids by his role in the shape, which needs the whole match and metres
   * (docs/tracking.md, "Roles in the team's shape"); the figures are a role's. */
  if (op->run->has_pitch
      && !tl_role_tracks_apply (store, op->run->self->info->id, op->run->fps, NULL, error))
    return FALSE;
  if (op->run->has_pitch && !write_stats (store, op->run, error))
    return FALSE;
  if (!count_tracks (store, op->run, error))
    return FALSE;
  return update_job (store, op, error);
}

static gboolean
create_engine (Run           *run,
               GError       **error)
{
  TlAnalyzer *self = run->self;
  TlTrackerConfig config;
  char message[256];

  tl_tracker_config_init (&config, run->width, run->height);
  config.backend = self->backend;
  config.n_threads = self->n_threads;
  config.fps = run->fps;
  config.report_lag = tl_tracker_report_lag_frames (run->fps);
  if (self->info->calibration != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (tl_calibration_parse (self->info->calibration, &config.camera, &local_error))
        {
          config.have_camera = TRUE;
          /* The pitch mask and the restarts' spots lie on the pitch the user calibrated on. */
          tl_pitch_from_calibration (&run->pitch, self->info->calibration);
          config.pitch_length = run->pitch.length;
          config.pitch_width = run->pitch.width;
        }
      else
        g_warning ("Match %" G_GINT64_FORMAT ": calibration ignored: %s", self->info->id,
                   local_error->message);
    }
  run->has_pitch = config.have_camera;
  run->camera = config.camera;
  if (tl_tracker_new (&config, &run->tracker, message, sizeof message) != TL_TRACK_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "tracking engine: %s", message);
      return FALSE;
    }
  self->summary.backend = tl_tracker_get_backend (run->tracker);
  g_strlcpy (self->summary.device, "CPU", sizeof self->summary.device);
  if (self->summary.backend == TL_TRACK_BACKEND_CUDA)
    {
      TlTrackDeviceInfo device;

      if (tl_track_cuda_probe (&device, NULL, 0) == TL_TRACK_OK)
        g_strlcpy (self->summary.device, device.name, sizeof self->summary.device);
      else
        g_strlcpy (self->summary.device, "CUDA", sizeof self->summary.device);
    }
  return TRUE;
}

static gboolean
analyze (TlAnalyzer    *self,
         Run           *run,
         GError       **error)
{
  JobOp found = { .self = self };
  gint64 start = 0, t0;
  gboolean ok, resumable;

  ok = tl_store_read (self->store, find_job, &found, error);
  if (!ok)
    return FALSE;
  /* A queued job row is this run's from the start, so a failure below is recorded in it. */
  if (found.job_id != 0 && g_strcmp0 (found.job_state, "done") != 0)
    self->job_id = found.job_id;

  if (!create_engine (run, error))
    return FALSE;

  /* An unfinished job with an engine state resumes at its checkpoint, if this run can decode
   * as the one it resumes did. */
  resumable = found.job_id != 0 && g_strcmp0 (found.job_state, "done") != 0
              && found.checkpoint != NULL && found.checkpoint_frame > 0;
  if (resumable && !can_decode_as (run, found.decoder))
    g_message ("Match %" G_GINT64_FORMAT ": its analysis decoded with %s, which cannot run "
               "here now; starting over", self->info->id, found.decoder);
  else if (resumable)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (found.checkpoint, &size);

      if (tl_tracker_restore_state (run->tracker, data, size) == TL_TRACK_OK)
        {
          /* The tracks of the last frames pushed before the checkpoint are still held back
           * in the engine's state; the stored ones end before the oldest of them, which the
           * engine names by its video frame (its tag), even where the video skipped frames. */
          gint64 held = tl_tracker_get_next_tag (run->tracker);
          Reload reload = { run, held >= 0 ? held : found.checkpoint_frame };

          start = found.checkpoint_frame;
          run->next_report = reload.frames_done;
          run->pending_first = reload.frames_done / run->chunk_frames * run->chunk_frames;
          self->job_id = found.job_id;
          if (!tl_store_read (self->store, reload_run, &reload, error))
            return FALSE;
        }
      else
        g_message ("Match %" G_GINT64_FORMAT ": checkpoint not usable (%s), starting over",
                   self->info->id, tl_tracker_get_error (run->tracker));
    }
  g_clear_pointer (&found.checkpoint, g_bytes_unref);
  g_clear_pointer (&found.job_state, g_free);
  g_clear_pointer (&found.decoder, g_free);

  if (start == 0)
    {
      JobOp op = { .self = self, .run = run };

      /* The restore may have failed half-way: a fresh engine is the only safe start; and a
       * fresh start decodes with the best decoder there is. */
      run->software_only = FALSE;
      g_clear_pointer (&run->tracker, tl_tracker_free);
      g_hash_table_remove_all (run->tracks);
      g_array_set_size (run->pending, 0);
      run->pending_first = 0;
      run->next_report = 0;
      if (!create_engine (run, error)
          || !tl_store_write (self->store, start_job, &op, error))
        return FALSE;
      self->job_id = op.job_id;
    }
  else
    {
      JobOp op = { .self = self, .state = "running" };

      if (!tl_store_write (self->store, update_job, &op, error))
        return FALSE;
    }
  report_state (self, TL_ANALYSIS_STATE_RUNNING, NULL);
  self->summary.resumed_from = start;
  run->next_frame = start;

  if (!g_file_test (self->info->file_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: the video file is missing",
                   self->info->file_path);
      return FALSE;
    }
  if (!open_pipeline (run, error)
      || !tl_store_write (self->store, write_decoder, self, error))
    return FALSE;
  report_started (self);
  if (start == 0 && !learn_background (run, error))
    return FALSE;
  seek_to (run, start);
  gst_element_set_state (run->pipeline, GST_STATE_PLAYING);

  t0 = g_get_monotonic_time ();
  for (;;)
    {
      g_autoptr(GstSample) sample = NULL;
      GstVideoFrame vf;
      TlFrame f;
      TlFrameResult result;
      gint64 frame;
      TlTrackStatus status;
      gint64 t_pull, t_pulled;

      if (g_cancellable_is_cancelled (run->cancellable))
        {
          g_autoptr(GError) local_error = NULL;

          /* Keep everything done so far: the next run goes on from here. */
          if (!checkpoint (run, "paused", &local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          report_state (self, TL_ANALYSIS_STATE_PAUSED, NULL);
          g_cancellable_set_error_if_cancelled (run->cancellable, error);
          return FALSE;
        }

      t_pull = g_get_monotonic_time ();
      sample = gst_app_sink_pull_sample (GST_APP_SINK (run->sink));
      t_pulled = g_get_monotonic_time ();
      self->summary.wait_seconds += (t_pulled - t_pull) / (double) G_USEC_PER_SEC;
      if (sample == NULL)
        break;
      frame = sample_frame (run, sample);
      if (frame < run->next_frame)
        continue;   /* before the checkpoint: the seek lands on or before it */
      if (!map_frame (run, sample, &vf, &f))
        continue;
      f.tag = frame;
      status = tl_tracker_push (run->tracker, &f, &result);
      self->summary.engine_seconds += (g_get_monotonic_time () - t_pulled)
                                      / (double) G_USEC_PER_SEC;
      gst_video_frame_unmap (&vf);
      if (status != TL_TRACK_OK)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "tracking engine: %s",
                       tl_tracker_get_error (run->tracker));
          return FALSE;
        }
      if (result.frame >= 0)
        add_report (run, &result);
      run->next_frame = frame + 1;
      self->summary.frames++;
      self->summary.seconds = (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC;
      self->summary.fps = self->summary.frames / MAX (self->summary.seconds, 1e-6);

      if (run->next_frame % run->checkpoint_frames == 0)
        {
          if (!checkpoint (run, "running", error))
            return FALSE;
          /* After each checkpoint too, so a listener sees every point the job can resume at. */
          report_progress (run, TRUE);
        }
      else
        report_progress (run, FALSE);
    }

  if (bus_error (run, error))
    return FALSE;
  /* A truncated file can end without a decoder error: compare with the probed duration. */
  if (run->next_frame + (gint64) ceil (run->fps) < run->frames_total)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: the video ends at frame %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                   " (truncated?)", self->info->file_path, run->next_frame, run->frames_total);
      return FALSE;
    }
  if (!g_file_test (self->info->file_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s: the video disappeared during the analysis", self->info->file_path);
      return FALSE;
    }

  /* The tracks of the last frames, which the engine held back to revise the ball. */
  for (TlFrameResult result; tl_tracker_flush (run->tracker, &result);)
    add_report (run, &result);
  finish_pending_chunk (run, MAX (run->next_report - 1, run->pending_first));
  {
    JobOp op = { .self = self, .state = "done", .run = run };

    if (!tl_store_write (self->store, finish_run, &op, error))
      return FALSE;
  }
  /* The follow cam of the new tracks; a failure leaves it to tl_camera_path_load (). */
  tl_camera_path_compute (self->store, self->info->id, run->cancellable, NULL);
  self->summary.n_tracks = (guint) run->n_stored_tracks;
  report_progress (run, TRUE);
  report_state (self, TL_ANALYSIS_STATE_DONE, NULL);
  return TRUE;
}

static gboolean
run_analysis (TlAnalyzer    *self,
              GCancellable  *cancellable,
              GError       **error)
{
  Run run = { 0 };
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  memset (&self->summary, 0, sizeof self->summary);
  self->job_id = 0;
  run.self = self;
  run.cancellable = cancellable;
  run.fps = self->info->fps_den > 0 && self->info->fps_num > 0
            ? (double) self->info->fps_num / self->info->fps_den : 25;
  run.frames_total = (gint64) llround (self->info->duration_ns * run.fps / GST_SECOND);
  run.chunk_frames = MAX (1, (gint64) llround (TL_ANALYZER_CHUNK_SECONDS * run.fps));
  run.checkpoint_frames = MAX (1, (gint64) llround (self->checkpoint_seconds * run.fps));
  tl_analyzer_analysis_size (self->info->width, self->info->height, &run.width, &run.height);
  run.n_stored_tracks = -1;
  run.pending = g_array_new (FALSE, FALSE, sizeof (TlTrackSample));
  run.finished = g_ptr_array_new_with_free_func ((GDestroyNotify) chunk_free);
  run.tracks = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->summary.frames_total = run.frames_total;

  ok = analyze (self, &run, &local_error);
  /* A cancel before the first frame (while learning) has no checkpoint to write: the job is
   * paused all the same. */
  if (!ok && self->job_id != 0
      && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    finish_job (self, TL_ANALYSIS_STATE_PAUSED, NULL);
  else if (!ok && self->job_id != 0)
    finish_job (self, TL_ANALYSIS_STATE_FAILED, local_error->message);
  self->summary.n_tracks = run.n_stored_tracks >= 0 ? (guint) run.n_stored_tracks
                                                    : g_hash_table_size (run.tracks);

  if (run.pipeline != NULL)
    gst_element_set_state (run.pipeline, GST_STATE_NULL);
  g_clear_object (&run.sink);
  g_clear_object (&run.pipeline);
  g_clear_pointer (&run.tracker, tl_tracker_free);
  g_clear_pointer (&run.hw_decoders, g_ptr_array_unref);
  g_array_unref (run.pending);
  g_ptr_array_unref (run.finished);
  g_hash_table_unref (run.tracks);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

gboolean
tl_analyzer_run (TlAnalyzer    *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_return_val_if_fail (TL_IS_ANALYZER (self), FALSE);

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->in_worker = FALSE;
  return run_analysis (self, cancellable, error);
}

static gpointer
run_in_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  TlAnalyzer *self = g_task_get_source_object (task);
  GError *error = NULL;

  /* (BACKGROUND_NICE: see give_tasks_to_pool ().) */
  if (!tl_lower_thread_priority (BACKGROUND_NICE))
    g_debug ("Could not lower the analysis thread's priority: %s", g_strerror (errno));
  if (run_analysis (self, g_task_get_cancellable (task), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  return NULL;
}

void
tl_analyzer_run_async (TlAnalyzer          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TL_IS_ANALYZER (self));

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->in_worker = TRUE;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_analyzer_run_async);
  g_thread_unref (g_thread_new ("tl-analysis", run_in_thread, g_steal_pointer (&task)));
}

gboolean
tl_analyzer_run_finish (TlAnalyzer    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
