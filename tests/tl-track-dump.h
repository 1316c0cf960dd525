/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-track-dump.h: the engine's reports read back from an eval-track dump (PREFIX.hyp.txt), so
 * that the analysis's carried-ball pass can be scored again on them without running the
 * engine (eval-track --replay). */
#pragma once

#include <glib.h>

#include "tl-tracker.h"

G_BEGIN_DECLS

typedef struct
{
  GArray *updates;          /* TlTrackUpdate in frame order, analysis pixels */
  int     n_frames;         /* one past the last frame with a report */
  int    *first;            /* index of each frame's first update, n_frames + 1 entries */
} TlTrackDump;

/* Reads the frames' reports as the engine handed them back: the detection lines (id -1) and
 * the pass's fills (lines for a frame before one already read) are left out. The dump's boxes
 * are in the video's pixels, times @sx, @sy here; its one decimal is kept. The ground points
 * are read where the lines have them (dumps since stop 55; 0 in older ones, where the role pass
 * then finds no shape and leaves the ids), velocities are not in a dump (0). FALSE with @error
 * set when the file cannot be read or a line is not a dump's. */
gboolean tl_track_dump_read  (const char   *path,
                              double        sx,
                              double        sy,
                              TlTrackDump  *dump,
                              GError      **error);
void     tl_track_dump_clear (TlTrackDump  *dump);

G_END_DECLS
