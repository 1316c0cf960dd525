/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-heatmap.c: time spent per pitch cell, from stored tracks, computed in a worker thread. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tl-heatmap.h"

G_DEFINE_BOXED_TYPE (TlHeatmap, tl_heatmap, tl_heatmap_copy, tl_heatmap_free)

/* Frames read per query of the worker: five minutes at 25 fps. */
#define SLICE_FRAMES 7500

TlHeatmap *
tl_heatmap_new (const TlPitch *pitch,
                int            cols,
                int            rows)
{
  TlHeatmap *self;

  g_return_val_if_fail (pitch != NULL && cols > 0 && rows > 0, NULL);

  self = g_new0 (TlHeatmap, 1);
  self->cols = cols;
  self->rows = rows;
  self->pitch = *pitch;
  self->seconds = g_new0 (double, (gsize) cols * rows);
  return self;
}

TlHeatmap *
tl_heatmap_copy (const TlHeatmap *self)
{
  TlHeatmap *copy = g_memdup2 (self, sizeof *self);

  copy->seconds = g_memdup2 (self->seconds, sizeof (double) * self->cols * self->rows);
  return copy;
}

void
tl_heatmap_free (TlHeatmap *self)
{
  if (self == NULL)
    return;
  g_free (self->seconds);
  g_free (self);
}

static int
cell_of (const TlHeatmap *self,
         double           x,
         double           y)
{
  int col = (int) ((x / self->pitch.length + 0.5) * self->cols);
  int row = (int) ((y / self->pitch.width + 0.5) * self->rows);

  col = CLAMP (col, 0, self->cols - 1);
  row = CLAMP (row, 0, self->rows - 1);
  return row * self->cols + col;
}

static int
compare_u32 (const void *a,
             const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

void
tl_heatmap_add (TlHeatmap           *self,
                const TlTrackSample *samples,
                guint                n_samples,
                double               fps,
                const guint32       *tracks,
                guint                n_tracks)
{
  double dt;

  g_return_if_fail (self != NULL && fps > 0);

  dt = 1.0 / fps;
  for (guint i = 0; i < n_samples; i++)
    {
      const TlTrackSample *s = &samples[i];
      double *cell;

      if (s->coasting || s->pitch_x_cm == TL_TRACK_PITCH_UNKNOWN
          || s->pitch_y_cm == TL_TRACK_PITCH_UNKNOWN
          || bsearch (&s->track_no, tracks, n_tracks, sizeof (guint32), compare_u32) == NULL)
        continue;

      cell = &self->seconds[cell_of (self, s->pitch_x_cm / 100.0, s->pitch_y_cm / 100.0)];
      *cell += dt;
      self->total_s += dt;
      self->max_s = MAX (self->max_s, *cell);
    }
}

double
tl_heatmap_at (const TlHeatmap *self,
               double           x,
               double           y)
{
  g_return_val_if_fail (self != NULL, 0.0);
  return self->seconds[cell_of (self, x, y)];
}

typedef struct
{
  TlStore  *store;
  gint64    match_id;
  double    fps;
  gint64    first_frame, last_frame;
  guint32  *tracks;
  guint     n_tracks;
  TlHeatmap *map;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_free (job->tracks);
  tl_heatmap_free (job->map);
  g_free (job);
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Job *job = data;

  for (gint64 first = job->first_frame; first <= job->last_frame; first += SLICE_FRAMES)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) samples = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;

      samples = tl_track_chunks_query (job->store, job->match_id, first,
                                       MIN (first + SLICE_FRAMES - 1, job->last_frame), &error);
      if (samples == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      tl_heatmap_add (job->map, (const TlTrackSample *) samples->data, samples->len, job->fps,
                      job->tracks, job->n_tracks);
    }

  g_task_return_pointer (task, g_steal_pointer (&job->map), (GDestroyNotify) tl_heatmap_free);
}

void
tl_heatmap_compute_async (TlStore             *store,
                          gint64               match_id,
                          double               fps,
                          gint64               last_frame,
                          const TlPitch       *pitch,
                          int                  cols,
                          int                  rows,
                          const guint32       *tracks,
                          guint                n_tracks,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  tl_heatmap_compute_range_async (store, match_id, fps, 0, last_frame, pitch, cols, rows,
                                  tracks, n_tracks, cancellable, callback, user_data);
}

void
tl_heatmap_compute_range_async (TlStore             *store,
                                gint64               match_id,
                                double               fps,
                                gint64               first_frame,
                                gint64               last_frame,
                                const TlPitch       *pitch,
                                int                  cols,
                                int                  rows,
                                const guint32       *tracks,
                                guint                n_tracks,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (TL_IS_STORE (store));
  g_return_if_fail (fps > 0 && pitch != NULL && cols > 0 && rows > 0);

  job = g_new0 (Job, 1);
  job->store = g_object_ref (store);
  job->match_id = match_id;
  job->fps = fps;
  job->first_frame = MAX (first_frame, 0);
  job->last_frame = last_frame;
  job->tracks = g_memdup2 (tracks, sizeof (guint32) * n_tracks);
  job->n_tracks = n_tracks;
  qsort (job->tracks, n_tracks, sizeof (guint32), compare_u32);
  job->map = tl_heatmap_new (pitch, cols, rows);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_heatmap_compute_range_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, compute_thread);
}

TlHeatmap *
tl_heatmap_compute_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
