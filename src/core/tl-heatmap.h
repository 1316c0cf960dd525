/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-heatmap.h: where on the pitch a player or a team spent their time, from stored tracks.
 *
 * A grid over the pitch whose cells hold seconds: every seen sample (not a coasting guess)
 * with a ground point adds one frame's duration to the cell it falls in. Samples off the pitch
 * are counted in the nearest edge cell, so the cells sum to the time the tracks were seen on
 * the ground. The grid is raw; drawing smooths it. */
#pragma once

#include <glib-object.h>

#include "tl-pitch.h"
#include "tl-track-chunks.h"

G_BEGIN_DECLS

#define TL_TYPE_HEATMAP (tl_heatmap_get_type ())
GType       tl_heatmap_get_type  (void) G_GNUC_CONST;

typedef struct
{
  int      cols, rows;      /* cells along x (goal to goal) and y */
  TlPitch  pitch;
  double   total_s;         /* the sum of the cells */
  double   max_s;           /* the fullest cell */
  double  *seconds;         /* rows × cols, row 0 at the near touchline (y = -width/2) */
} TlHeatmap;

TlHeatmap  *tl_heatmap_new       (const TlPitch *pitch,
                                  int            cols,
                                  int            rows);
TlHeatmap  *tl_heatmap_copy      (const TlHeatmap *self);
void        tl_heatmap_free      (TlHeatmap     *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlHeatmap, tl_heatmap_free)

/* Adds the samples (of any order) of the tracks in @tracks (a sorted array of track numbers,
 * @n_tracks of them) at @fps. */
void        tl_heatmap_add       (TlHeatmap           *self,
                                  const TlTrackSample *samples,
                                  guint                n_samples,
                                  double               fps,
                                  const guint32       *tracks,
                                  guint                n_tracks);

/* Seconds in the cell holding pitch point (@x, @y) metres. */
double      tl_heatmap_at        (const TlHeatmap *self,
                                  double           x,
                                  double           y);

/* Reads a whole match's samples in a worker thread, a few minutes at a time (memory stays
 * small, cancellation is quick), and builds the heatmap of @tracks (copied). */
void        tl_heatmap_compute_async  (TlStore             *store,
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
                                       gpointer             user_data);
/* The same over frames [@first_frame, @last_frame] only (a half); finish with
 * tl_heatmap_compute_finish (). */
void        tl_heatmap_compute_range_async (TlStore             *store,
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
                                            gpointer             user_data);
/* (transfer full) */
TlHeatmap  *tl_heatmap_compute_finish (GAsyncResult        *result,
                                       GError             **error);

G_END_DECLS
