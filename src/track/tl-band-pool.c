/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-band-pool.c: persistent pthreads that split a frame's rows between them. */
#include "tl-band-pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define TL_BAND_POOL_MAX_THREADS 64

struct _TlBandPool
{
  int             n_threads;
  pthread_t       threads[TL_BAND_POOL_MAX_THREADS];
  pthread_mutex_t lock;
  pthread_cond_t  start_cond;
  pthread_cond_t  done_cond;

  /* The current job; workers wait for @generation to change. */
  unsigned long   generation;
  int             pending;
  int             quit;
  TlBandFunc      func;
  void           *user;
  int             n_rows;
  int             align;
};

typedef struct
{
  TlBandPool *pool;
  int         band;
} WorkerArg;

static void
band_range (const TlBandPool *pool,
            int               band,
            int              *y0,
            int              *y1)
{
  int units = (pool->n_rows + pool->align - 1) / pool->align;

  *y0 = (int) ((long) units * band / pool->n_threads) * pool->align;
  *y1 = (int) ((long) units * (band + 1) / pool->n_threads) * pool->align;
  if (*y1 > pool->n_rows)
    *y1 = pool->n_rows;
  if (*y0 > *y1)
    *y0 = *y1;
}

static void *
worker_main (void *data)
{
  WorkerArg arg = *(WorkerArg *) data;
  TlBandPool *pool = arg.pool;
  unsigned long seen = 0;

  free (data);

  for (;;)
    {
      int y0, y1;

      pthread_mutex_lock (&pool->lock);
      while (!pool->quit && pool->generation == seen)
        pthread_cond_wait (&pool->start_cond, &pool->lock);
      if (pool->quit)
        {
          pthread_mutex_unlock (&pool->lock);
          return NULL;
        }
      seen = pool->generation;
      pthread_mutex_unlock (&pool->lock);

      band_range (pool, arg.band, &y0, &y1);
      if (y1 > y0)
        pool->func (pool->user, arg.band, y0, y1);

      pthread_mutex_lock (&pool->lock);
      if (--pool->pending == 0)
        pthread_cond_signal (&pool->done_cond);
      pthread_mutex_unlock (&pool->lock);
    }
}

TlBandPool *
tl_band_pool_new (int n_threads)
{
  TlBandPool *pool;

  if (n_threads <= 0)
    {
      long online = sysconf (_SC_NPROCESSORS_ONLN);
      n_threads = online > 0 ? (int) online : 1;
    }
  if (n_threads > TL_BAND_POOL_MAX_THREADS)
    n_threads = TL_BAND_POOL_MAX_THREADS;

  pool = calloc (1, sizeof *pool);
  if (pool == NULL)
    return NULL;
  pthread_mutex_init (&pool->lock, NULL);
  pthread_cond_init (&pool->start_cond, NULL);
  pthread_cond_init (&pool->done_cond, NULL);
  pool->n_threads = 1;

  /* Band 0 runs on the caller's thread, so n - 1 workers. */
  for (int i = 1; i < n_threads; i++)
    {
      WorkerArg *arg = malloc (sizeof *arg);

      if (arg == NULL)
        break;
      arg->pool = pool;
      arg->band = i;
      if (pthread_create (&pool->threads[i], NULL, worker_main, arg) != 0)
        {
          free (arg);
          break;
        }
      pool->n_threads++;
    }

  return pool;
}

void
tl_band_pool_free (TlBandPool *pool)
{
  if (pool == NULL)
    return;

  pthread_mutex_lock (&pool->lock);
  pool->quit = 1;
  pthread_cond_broadcast (&pool->start_cond);
  pthread_mutex_unlock (&pool->lock);
  for (int i = 1; i < pool->n_threads; i++)
    pthread_join (pool->threads[i], NULL);

  pthread_mutex_destroy (&pool->lock);
  pthread_cond_destroy (&pool->start_cond);
  pthread_cond_destroy (&pool->done_cond);
  free (pool);
}

int
tl_band_pool_n_threads (TlBandPool *pool)
{
  return pool->n_threads;
}

void
tl_band_pool_run (TlBandPool *pool,
                  TlBandFunc  func,
                  void       *user,
                  int         n_rows,
                  int         align)
{
  int y0, y1;

  if (n_rows <= 0)
    return;

  pthread_mutex_lock (&pool->lock);
  pool->func = func;
  pool->user = user;
  pool->n_rows = n_rows;
  pool->align = align > 0 ? align : 1;
  pool->pending = pool->n_threads - 1;
  pool->generation++;
  pthread_cond_broadcast (&pool->start_cond);
  pthread_mutex_unlock (&pool->lock);

  band_range (pool, 0, &y0, &y1);
  if (y1 > y0)
    func (user, 0, y0, y1);

  pthread_mutex_lock (&pool->lock);
  while (pool->pending > 0)
    pthread_cond_wait (&pool->done_cond, &pool->lock);
  pthread_mutex_unlock (&pool->lock);
}
