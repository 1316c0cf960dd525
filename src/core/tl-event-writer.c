/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-event-writer.c: saves tag presses in order on a worker thread, so playback never waits. */
#include "config.h"

#include "tl-event-writer.h"

typedef enum
{
  JOB_TAG,
  JOB_ADD_LABEL,
  JOB_REMOVE_LABEL,
  JOB_SET_NOTE,
} JobKind;

typedef struct
{
  JobKind       kind;
  TlTagRequest  request;   /* JOB_TAG; the strings below are its copies */
  char         *code;
  char         *color;
  char        **labels;
  char         *note;      /* JOB_TAG, JOB_SET_NOTE */
  gint64        event_id;  /* 0: the last tagged */
  char         *label;     /* JOB_ADD_LABEL, JOB_REMOVE_LABEL */
  gboolean      exclusive;
} Job;

/* What the worker hands back to the main context. */
typedef struct
{
  JobKind  kind;
  gint64   event_id;
  GError  *error;
} Result;

struct _TlEventWriter
{
  GObject        parent_instance;

  TlMatchEvents *events;
  GMainContext  *context;
  GThreadPool   *pool;        /* one thread: jobs run in the order queued */

  /* Worker side: the event of the last tag saved. */
  gint64         last_tagged;

  GMutex         mutex;
  GCond          cond;
  guint          queued;      /* under mutex, both counters */
  guint          done;
  GQueue         results;     /* under mutex: Result */
  guint          drain_source;

  guint          pending;     /* main thread: queued minus delivered */
};

G_DEFINE_FINAL_TYPE (TlEventWriter, tl_event_writer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

enum {
  SIGNAL_TAGGED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
job_free (Job *job)
{
  g_free (job->code);
  g_free (job->color);
  g_strfreev (job->labels);
  g_free (job->note);
  g_free (job->label);
  g_free (job);
}

static void
result_free (Result *result)
{
  g_clear_error (&result->error);
  g_free (result);
}

/* Main thread: emits what the worker has finished, in order. */
static void
drain (TlEventWriter *self)
{
  GQueue results = G_QUEUE_INIT;
  Result *result;

  g_mutex_lock (&self->mutex);
  results = self->results;
  g_queue_init (&self->results);
  g_mutex_unlock (&self->mutex);

  if (results.length == 0)
    return;

  g_object_ref (self);
  while ((result = g_queue_pop_head (&results)) != NULL)
    {
      self->pending--;
      if (result->error != NULL)
        g_signal_emit (self, signals[SIGNAL_FAILED], 0, result->error);
      else if (result->kind == JOB_TAG)
        g_signal_emit (self, signals[SIGNAL_TAGGED], 0, result->event_id);
      result_free (result);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  g_object_unref (self);
}

static gboolean
drain_idle (gpointer data)
{
  TlEventWriter *self = data;

  g_mutex_lock (&self->mutex);
  self->drain_source = 0;
  g_mutex_unlock (&self->mutex);
  drain (self);

  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  TlEventWriter *self = user_data;
  Result *result = g_new0 (Result, 1);
  gint64 target = job->event_id != 0 ? job->event_id : self->last_tagged;

  result->kind = job->kind;

  switch (job->kind)
    {
    case JOB_TAG:
      result->event_id = tl_match_events_tag (self->events, &job->request, &result->error);
      if (result->event_id != 0)
        self->last_tagged = result->event_id;
      break;
    case JOB_ADD_LABEL:
      result->event_id = target;
      if (target != 0)
        tl_match_events_add_label (self->events, target, job->label, job->exclusive,
                                   &result->error);
      break;
    case JOB_REMOVE_LABEL:
      result->event_id = target;
      if (target != 0)
        tl_match_events_remove_label (self->events, target, job->label, &result->error);
      break;
    case JOB_SET_NOTE:
      result->event_id = target;
      if (target != 0)
        tl_match_events_set_note (self->events, target, job->note, &result->error);
      break;
    default:
      g_assert_not_reached ();
    }

  job_free (job);

  g_mutex_lock (&self->mutex);
  g_queue_push_tail (&self->results, result);
  self->done++;
  g_cond_broadcast (&self->cond);
  if (self->drain_source == 0)
    {
      GSource *source = g_idle_source_new ();

      /* The writer outlives its jobs (dispose waits for them), so no reference is needed. */
      g_source_set_callback (source, drain_idle, self, NULL);
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      self->drain_source = g_source_attach (source, self->context);
      g_source_unref (source);
    }
  g_mutex_unlock (&self->mutex);
}

static void
push (TlEventWriter *self,
      Job           *job)
{
  g_mutex_lock (&self->mutex);
  self->queued++;
  g_mutex_unlock (&self->mutex);

  self->pending++;
  g_thread_pool_push (self->pool, job, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
tl_event_writer_dispose (GObject *object)
{
  TlEventWriter *self = (TlEventWriter *) object;

  /* Every acknowledged press must reach the disk: wait for the queue, do not drop it. */
  if (self->pool != NULL)
    {
      g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
      g_mutex_lock (&self->mutex);
      if (self->drain_source != 0)
        {
          GSource *source = g_main_context_find_source_by_id (self->context, self->drain_source);

          if (source != NULL)
            g_source_destroy (source);
          self->drain_source = 0;
        }
      g_mutex_unlock (&self->mutex);
      g_queue_clear_full (&self->results, (GDestroyNotify) result_free);
    }
  g_clear_object (&self->events);

  G_OBJECT_CLASS (tl_event_writer_parent_class)->dispose (object);
}

static void
tl_event_writer_finalize (GObject *object)
{
  TlEventWriter *self = (TlEventWriter *) object;

  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (tl_event_writer_parent_class)->finalize (object);
}

static void
tl_event_writer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TlEventWriter *self = TL_EVENT_WRITER (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_event_writer_class_init (TlEventWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_event_writer_dispose;
  object_class->finalize = tl_event_writer_finalize;
  object_class->get_property = tl_event_writer_get_property;

  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TAGGED] =
    g_signal_new ("tagged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
tl_event_writer_init (TlEventWriter *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  g_queue_init (&self->results);
}

TlEventWriter *
tl_event_writer_new (TlMatchEvents *events)
{
  TlEventWriter *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (TL_IS_MATCH_EVENTS (events), NULL);

  self = g_object_new (TL_TYPE_EVENT_WRITER, NULL);
  self->events = g_object_ref (events);
  self->context = g_main_context_ref_thread_default ();
  /* Exclusive, so the thread is ours and the jobs never wait behind other pools' work. */
  self->pool = g_thread_pool_new (run_job, self, 1, TRUE, &error);
  if (self->pool == NULL)
    g_error ("Cannot start the event writer's thread: %s", error->message);

  return self;
}

TlMatchEvents *
tl_event_writer_get_events (TlEventWriter *self)
{
  g_return_val_if_fail (TL_IS_EVENT_WRITER (self), NULL);

  return self->events;
}

void
tl_event_writer_tag (TlEventWriter      *self,
                     const TlTagRequest *request)
{
  Job *job;

  g_return_if_fail (TL_IS_EVENT_WRITER (self));
  g_return_if_fail (request != NULL && request->code != NULL);

  job = g_new0 (Job, 1);
  job->kind = JOB_TAG;
  job->request = *request;
  job->code = g_strdup (request->code);
  job->color = g_strdup (request->color);
  job->labels = g_strdupv ((char **) request->labels);
  job->note = g_strdup (request->note);
  job->request.code = job->code;
  job->request.color = job->color;
  job->request.labels = (const char * const *) job->labels;
  job->request.note = job->note;
  push (self, job);
}

void
tl_event_writer_add_label (TlEventWriter *self,
                           gint64         event_id,
                           const char    *label,
                           gboolean       exclusive)
{
  Job *job;

  g_return_if_fail (TL_IS_EVENT_WRITER (self));
  g_return_if_fail (label != NULL);

  job = g_new0 (Job, 1);
  job->kind = JOB_ADD_LABEL;
  job->event_id = event_id;
  job->label = g_strdup (label);
  job->exclusive = exclusive;
  push (self, job);
}

void
tl_event_writer_remove_label (TlEventWriter *self,
                              gint64         event_id,
                              const char    *label)
{
  Job *job;

  g_return_if_fail (TL_IS_EVENT_WRITER (self));
  g_return_if_fail (label != NULL);

  job = g_new0 (Job, 1);
  job->kind = JOB_REMOVE_LABEL;
  job->event_id = event_id;
  job->label = g_strdup (label);
  push (self, job);
}

void
tl_event_writer_set_note (TlEventWriter *self,
                          gint64         event_id,
                          const char    *note)
{
  Job *job;

  g_return_if_fail (TL_IS_EVENT_WRITER (self));

  job = g_new0 (Job, 1);
  job->kind = JOB_SET_NOTE;
  job->event_id = event_id;
  job->note = g_strdup (note);
  push (self, job);
}

void
tl_event_writer_flush (TlEventWriter *self)
{
  g_return_if_fail (TL_IS_EVENT_WRITER (self));

  g_mutex_lock (&self->mutex);
  while (self->done < self->queued)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  drain (self);
}

guint
tl_event_writer_get_pending (TlEventWriter *self)
{
  g_return_val_if_fail (TL_IS_EVENT_WRITER (self), 0);

  return self->pending;
}
