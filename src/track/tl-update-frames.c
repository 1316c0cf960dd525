/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-update-frames.c: whole frames of track updates kept in order (tl-update-frames.h). */
#include "tl-update-frames.h"

#include <stdlib.h>
#include <string.h>

#include "tl-array.h"

int
tl_update_frames_append (TlUpdateFrames      *frames,
                         int64_t              frame,
                         const TlTrackUpdate *updates,
                         int                  n)
{
  int k = frames->n_frames, used = k ? frames->first[k] : 0;

  if (tl_array_reserve ((void **) &frames->updates, &frames->updates_capacity, used + n,
                        sizeof *frames->updates, 64) != 0
      || tl_array_reserve ((void **) &frames->frame, &frames->frame_capacity, k + 1,
                           sizeof *frames->frame, 8) != 0
      || tl_array_reserve ((void **) &frames->first, &frames->first_capacity, k + 2,
                           sizeof *frames->first, 9) != 0)
    return -1;
  if (n > 0)
    memcpy (frames->updates + used, updates, (size_t) n * sizeof *updates);
  frames->frame[k] = frame;
  frames->first[k] = used;
  frames->first[k + 1] = used + n;
  frames->n_frames = k + 1;
  return 0;
}

int
tl_update_frames_append_persons (TlUpdateFrames      *frames,
                                 int64_t              frame,
                                 const TlTrackUpdate *updates,
                                 int                  n)
{
  TlTrackUpdate *kept;
  int k, n_kept = 0;

  if (tl_update_frames_append (frames, frame, updates, n) != 0)
    return -1;
  /* The copy is filtered in place: the persons move down over the others. */
  k = frames->n_frames - 1;
  kept = frames->updates + frames->first[k];
  for (int i = 0; i < n; i++)
    if (kept[i].klass == TL_OBJECT_PERSON)
      kept[n_kept++] = kept[i];
  frames->first[k + 1] = frames->first[k] + n_kept;
  return 0;
}

void
tl_update_frames_drop_oldest (TlUpdateFrames *frames,
                              int             k)
{
  int left = frames->n_frames - k, from;

  if (k <= 0)
    return;
  if (left <= 0)
    {
      frames->n_frames = 0;
      return;
    }
  from = frames->first[k];
  memmove (frames->updates, frames->updates + from,
           (size_t) (frames->first[frames->n_frames] - from) * sizeof *frames->updates);
  memmove (frames->frame, frames->frame + k, (size_t) left * sizeof *frames->frame);
  for (int j = 0; j <= left; j++)
    frames->first[j] = frames->first[k + j] - from;
  frames->n_frames = left;
}

void
tl_update_frames_clear (TlUpdateFrames *frames)
{
  free (frames->frame);
  free (frames->first);
  free (frames->updates);
  memset (frames, 0, sizeof *frames);
}
