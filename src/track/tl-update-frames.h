/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-update-frames.h: whole frames of track updates kept in order, oldest first, in one growing
 * array: the frames a pass holds back until a later frame tells what their ball was (the
 * carried-ball pass's spell and lone sightings, tl-ball-shin's path low in a box). */
#pragma once

#include <stdint.h>

#include "tl-tracker.h"

typedef struct
{
  int            n_frames;
  int64_t       *frame;      /* each kept frame's number */
  int            frame_capacity;
  int           *first;      /* frame k's updates are @updates[@first[k]] to
                              * @updates[@first[k + 1]] */
  int            first_capacity;
  TlTrackUpdate *updates;
  int            updates_capacity;
} TlUpdateFrames;

/* Keeps a copy of frame @frame's @n @updates after the others; 0, or -1 when out of memory
 * (nothing kept). */
int  tl_update_frames_append      (TlUpdateFrames      *frames,
                                   int64_t              frame,
                                   const TlTrackUpdate *updates,
                                   int                  n);
/* As tl_update_frames_append, keeping only the person updates. */
int  tl_update_frames_append_persons (TlUpdateFrames      *frames,
                                      int64_t              frame,
                                      const TlTrackUpdate *updates,
                                      int                  n);
/* Forgets the @k oldest frames (all when @k is n_frames or more). */
void tl_update_frames_drop_oldest (TlUpdateFrames      *frames,
                                   int                  k);
/* Frees the arrays; @frames is then empty and may be used again. */
void tl_update_frames_clear       (TlUpdateFrames      *frames);

/* Kept frame @k's updates, their count in *@n. */
static inline const TlTrackUpdate *
tl_update_frames_at (const TlUpdateFrames *frames,
                     int                   k,
                     int                  *n)
{
  *n = frames->first[k + 1] - frames->first[k];
  return frames->updates + frames->first[k];
}
