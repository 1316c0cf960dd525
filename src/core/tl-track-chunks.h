/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-track-chunks.h: the stored form of tracks: compact chunk blobs, time-window reads, stats.
 *
 * An analysis stores every reported object of every frame as a TlTrackSample. Samples are
 * grouped in chunks of a few seconds of video (one track_chunks row each, a versioned binary
 * blob, docs/analysis.md), so "all objects between t and t + 10 s" is a read of two or three
 * rows. The tracks table has one row per track (class, team, first and last frame) and
 * track_stats the per-player figures computed once when a calibrated analysis ends. */
#pragma once

#include <gio/gio.h>

#include "tl-store.h"
#include "tl-tracker.h"

G_BEGIN_DECLS

/* Version 1 of the chunk blob; a reader refuses versions it does not know. */
#define TL_TRACK_CHUNK_VERSION 1
/* Bytes per sample in a version 1 blob, and of its header. */
#define TL_TRACK_CHUNK_SAMPLE_SIZE 20
#define TL_TRACK_CHUNK_HEADER_SIZE 16

typedef struct
{
  gint64  frame;          /* from 0 */
  guint32 track_no;       /* the engine's id, from 1, unique in one analysis */
  guint8  klass;          /* 1 person, 2 ball (MOTChallenge classes) */
  guint8  coasting;       /* 1 when predicted (not seen in this frame) */
  gint8   team;           /* 0 or 1 by shirt colour, -1 unknown or neither (referee) */
  gint16  x, y, w, h;     /* box in pixels of the source video */
  gint16  pitch_x_cm;     /* ground point in pitch centimetres (calibrated), else 0; */
  gint16  pitch_y_cm;     /* TL_TRACK_PITCH_UNKNOWN when it is off the ground plane */
} TlTrackSample;

/* A pitch coordinate that is not known: the point does not project onto the ground (above the
 * horizon) or lies more than 327 m away. */
#define TL_TRACK_PITCH_UNKNOWN G_MININT16

/* The sample of engine update @u in @frame: its box scaled by @sx, @sy to the video's pixels,
 * its ground point in centimetres when @has_pitch (TL_TRACK_PITCH_UNKNOWN for both coordinates
 * where either is unknown or beyond 327 m), else 0. */
TlTrackSample tl_track_sample_from_update (const TlTrackUpdate *u,
                                           gint64               frame,
                                           double               sx,
                                           double               sy,
                                           gboolean             has_pitch);

/* The index of the first sample of @frame or later in @samples (TlTrackSample in frame order,
 * as chunks and queries hold them); @samples->len when none is. */
guint     tl_track_samples_first_at (const GArray        *samples,
                                     gint64               frame);

/* Encodes samples of frames [@first_frame, @first_frame + 65535] sorted by frame into a blob.
 * @has_pitch says whether the pitch coordinates mean anything. (transfer full) */
GBytes   *tl_track_chunk_encode (gint64               first_frame,
                                 gboolean             has_pitch,
                                 const TlTrackSample *samples,
                                 guint                n_samples);
/* Appends the samples of a blob to @out (a GArray of TlTrackSample). Errors are
 * G_IO_ERROR_INVALID_DATA (truncated, another version). */
gboolean  tl_track_chunk_decode (const guint8        *data,
                                 gsize                size,
                                 gint64               first_frame,
                                 GArray              *out,
                                 gboolean            *out_has_pitch,
                                 GError             **error);

/* Inside tl_store_write(): replaces the chunk that starts at @first_frame. */
gboolean  tl_track_chunks_put   (TlStore             *store,
                                 gint64               match_id,
                                 gint64               first_frame,
                                 gint64               last_frame,
                                 GBytes              *blob,
                                 GError             **error);

/* Inside tl_store_write()/tl_store_read(): the first and last frames of every stored chunk of
 * a match, in frame order, as pairs of gint64. (transfer full) */
GArray   *tl_track_chunks_list_ranges (TlStore           *store,
                                       gint64             match_id,
                                       GError           **error);

/* The samples of frames [@first_frame, @last_frame] of a match, in frame order, as a new
 * GArray of TlTrackSample (empty when there are none). Opens its own read transaction, so any
 * thread may call it. (transfer full) */
GArray   *tl_track_chunks_query (TlStore             *store,
                                 gint64               match_id,
                                 gint64               first_frame,
                                 gint64               last_frame,
                                 GError             **error);
/* tl_track_chunks_query in a worker thread (what reading ahead while playing needs). */
void      tl_track_chunks_query_async  (TlStore             *store,
                                        gint64               match_id,
                                        gint64               first_frame,
                                        gint64               last_frame,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* (transfer full) The samples, or NULL with @error set (G_IO_ERROR_CANCELLED when cancelled). */
GArray   *tl_track_chunks_query_finish (GAsyncResult        *result,
                                        GError             **error);
/* The same for a time window [@t0_ns, @t1_ns) of a video at @fps (what the viewer asks while
 * scrubbing). */
GArray   *tl_track_chunks_query_window (TlStore      *store,
                                        gint64        match_id,
                                        double        fps,
                                        gint64        t0_ns,
                                        gint64        t1_ns,
                                        GError      **error);

/* One row of the tracks table with its figures. */
typedef struct
{
  guint32  track_no;
  guint8   klass;
  gint8    team;          /* as in TlTrackSample, from the track's last sample */
  gint64   first_frame;
  gint64   last_frame;
  gboolean has_stats;     /* the figures below exist (calibrated analyses only) */
  double   distance_m;
  double   top_speed_ms;
  int      sprints;       /* runs above TL_TRACK_SPRINT_SPEED for at least a second */
} TlTrackInfo;

#define TL_TRACK_SPRINT_SPEED 7.0  /* metres per second */

/* The match's tracks by track number, as a GArray of TlTrackInfo. (transfer full) */
GArray   *tl_track_chunks_list_tracks (TlStore   *store,
                                       gint64     match_id,
                                       GError   **error);

/* Per-track figures from a whole match's samples (frame order) at @fps: distance covered
 * (ground path smoothed over 0.2 s), top speed (over 1 s) and sprints. Fills the stats members
 * of the TlTrackInfo in @tracks whose track_no matches. */
void      tl_track_stats_compute (const TlTrackSample *samples,
                                  guint                n_samples,
                                  double               fps,
                                  GArray              *tracks);

/* Removes a match's tracks, chunks and stats (inside tl_store_write()). */
gboolean  tl_track_chunks_clear (TlStore             *store,
                                 gint64               match_id,
                                 GError             **error);


/* A stretch of video, in nanoseconds: [start_ns, end_ns). */
typedef struct
{
  gint64 start_ns;
  gint64 end_ns;
} TlTimeRange;

/* Where a match has been analysed: the stretches covered by stored chunks (adjacent chunks
 * merged), as a GArray of TlTimeRange in time order, for a video at @fps. Any thread.
 * (transfer full) */
GArray   *tl_track_chunks_coverage (TlStore   *store,
                                    gint64     match_id,
                                    double     fps,
                                    GError   **error);

G_END_DECLS
