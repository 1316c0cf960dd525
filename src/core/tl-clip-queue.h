/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-clip-queue.h: plays a list of time ranges of one video back to back through a TlPlayer.
 *
 * The quick playlist behind "Play filtered": each clip is a [start, end) range in ns of the
 * file open in the player. The queue seeks to a clip's start, lets the player play, and when
 * the position reaches the clip's end jumps to the next one (overlapping or touching clips play
 * on without a seek); after the last clip it pauses and emits "finished".
 *
 * Properties: "active" (boolean, read-only), "index" (int, read-only: the clip playing, -1 when
 * inactive), "n-clips" (uint, read-only). Signals: "finished": the last clip ended (not emitted
 * by tl_clip_queue_stop()). Main thread only, like TlPlayer. */
#pragma once

#include "tl-player.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 start_ns;
  gint64 end_ns;
} TlClip;

#define TL_TYPE_CLIP_QUEUE (tl_clip_queue_get_type ())
G_DECLARE_FINAL_TYPE (TlClipQueue, tl_clip_queue, TL, CLIP_QUEUE, GObject)

TlClipQueue *tl_clip_queue_new        (TlPlayer     *player);

/* Starts playing @clips (copied) from the first; clips with end <= start are skipped. Replaces
 * a queue already playing. Returns FALSE (and does nothing) when no clip is left. */
gboolean     tl_clip_queue_play       (TlClipQueue  *self,
                                       const TlClip *clips,
                                       guint         n_clips);
/* Leaves the player where it is (paused) and forgets the clips. */
void         tl_clip_queue_stop       (TlClipQueue  *self);
/* Jumps to clip @index (clamped) and plays on. */
void         tl_clip_queue_skip_to    (TlClipQueue  *self,
                                       int           index);

gboolean     tl_clip_queue_get_active (TlClipQueue  *self);
int          tl_clip_queue_get_index  (TlClipQueue  *self);
guint        tl_clip_queue_get_n_clips (TlClipQueue *self);

G_END_DECLS
