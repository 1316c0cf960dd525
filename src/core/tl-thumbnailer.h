/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-thumbnailer.h: small pictures of a video at given times, decoded in the background.
 *
 * One TlThumbnailer per video file. tl_thumbnailer_want () replaces the list of times to
 * decode (the first ones first: what is on screen); a worker thread with its own pipeline
 * (uridecodebin ! videoscale ! videoconvert ! appsink, RGBA at the asked height) seeks to each
 * and keeps the pictures in a memory cache of TL_THUMBNAILER_CACHE_SIZE entries (least recently
 * used ones go first). "ready" (with the time) is emitted on the creating thread's main context
 * when a picture is in the cache; tl_thumbnailer_lookup () gets it. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TL_THUMBNAILER_CACHE_SIZE 1500

#define TL_TYPE_THUMBNAILER (tl_thumbnailer_get_type ())
G_DECLARE_FINAL_TYPE (TlThumbnailer, tl_thumbnailer, TL, THUMBNAILER, GObject)

/* @height: pixels of each picture (the width follows the video's aspect). */
TlThumbnailer *tl_thumbnailer_new    (const char    *path,
                                      int            height);
const char    *tl_thumbnailer_get_path (TlThumbnailer *self);

/* Decodes the pictures at @times (ns, in the order given) that are not cached yet, dropping
 * earlier wishes. @accurate: the very frame at each time (slower: decodes from the keyframe
 * before), else the nearest keyframe (what a zoomed-out strip needs). */
void           tl_thumbnailer_want   (TlThumbnailer *self,
                                      const gint64  *times,
                                      guint          n_times,
                                      gboolean       accurate);

/* The cached picture at @time_ns: RGBA rows of @stride bytes. (transfer full) */
GBytes        *tl_thumbnailer_lookup (TlThumbnailer *self,
                                      gint64         time_ns,
                                      int           *width,
                                      int           *height,
                                      int           *stride);

/* Pictures decoded so far (for tests and benchmarks). */
guint          tl_thumbnailer_get_n_decoded (TlThumbnailer *self);

G_END_DECLS
