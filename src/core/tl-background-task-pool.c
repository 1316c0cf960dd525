/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-background-task-pool.c: a GstTaskPool whose threads run niced and end with their task. */
#include "config.h"

#include <errno.h>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "tl-background-task-pool.h"

struct _TlBackgroundTaskPool
{
  GstTaskPool parent_instance;

  int         nice;
};

G_DEFINE_FINAL_TYPE (TlBackgroundTaskPool, tl_background_task_pool, GST_TYPE_TASK_POOL)

typedef struct
{
  GstTaskPoolFunction func;
  gpointer            user_data;
  int                 nice;
} Job;

gboolean
tl_lower_thread_priority (int nice)
{
#ifdef __linux__
  id_t tid = (id_t) syscall (SYS_gettid);

  return setpriority (PRIO_PROCESS, tid, MAX (getpriority (PRIO_PROCESS, tid), nice)) == 0;
#else
  return TRUE;
#endif
}

static gpointer
run_job (gpointer data)
{
  Job *job = data;

  if (!tl_lower_thread_priority (job->nice))
    g_debug ("Could not lower a streaming thread's priority: %s", g_strerror (errno));
  job->func (job->user_data);
  g_free (job);
  return NULL;
}

/* GstTaskPool: a new thread per task (a pipeline has a handful), joined when the task stops. */
static gpointer
tl_background_task_pool_push (GstTaskPool          *pool,
                              GstTaskPoolFunction   func,
                              gpointer              user_data,
                              GError              **error)
{
  Job *job = g_new0 (Job, 1);
  GThread *thread;

  job->func = func;
  job->user_data = user_data;
  job->nice = TL_BACKGROUND_TASK_POOL (pool)->nice;
  thread = g_thread_try_new ("tl-analysis-io", run_job, job, error);
  if (thread == NULL)
    g_free (job);
  return thread;
}

static void
tl_background_task_pool_join (GstTaskPool *pool,
                              gpointer     id)
{
  g_thread_join (id);
}

static void
tl_background_task_pool_prepare (GstTaskPool  *pool,
                                 GError      **error)
{
  /* Nothing to set up: threads are made per task. */
}

static void
tl_background_task_pool_cleanup (GstTaskPool *pool)
{
}

static void
tl_background_task_pool_class_init (TlBackgroundTaskPoolClass *klass)
{
  GstTaskPoolClass *pool_class = GST_TASK_POOL_CLASS (klass);

  pool_class->prepare = tl_background_task_pool_prepare;
  pool_class->cleanup = tl_background_task_pool_cleanup;
  pool_class->push = tl_background_task_pool_push;
  pool_class->join = tl_background_task_pool_join;
}

static void
tl_background_task_pool_init (TlBackgroundTaskPool *self)
{
}

GstTaskPool *
tl_background_task_pool_new (int nice)
{
  TlBackgroundTaskPool *self = g_object_new (TL_TYPE_BACKGROUND_TASK_POOL, NULL);

  self->nice = nice;
  return GST_TASK_POOL (self);
}
