/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-player.h: plays a match video for the viewer: frames as TlVideoFrame, seeks, steps, rate.
 *
 * A GStreamer playbin3 whose video goes to an appsink (I420, the decoders' own format, so the
 * viewer converts on the GPU) and whose audio goes through scaletempo (pitch-corrected speed).
 * No GTK: the viewer, the CLI and tests all drive it the same way.
 *
 * Threads: create and use it from one thread with a main context (the thread-default context
 * at creation time). Every signal and notification is emitted there, never on a streaming
 * thread.
 *
 * Properties: "position" (gint64 ns, read-only: the stream time of the frame last shown),
 * "duration" (gint64 ns, read-only, -1 until known), "fps" (double, read-only, 0 until known),
 * "playing" (boolean), "rate" (double, 0.25 - 4), "frame" (TlVideoFrame, read-only).
 * Signals: "frame" (TlVideoFrame *frame): a new frame to show; "error" (GError *error): the
 * file cannot be played (TL_PLAYER_ERROR); "eos": the end was reached (playing goes FALSE). */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "tl-video-frame.h"

G_BEGIN_DECLS

#define TL_PLAYER_ERROR (tl_player_error_quark ())

typedef enum
{
  TL_PLAYER_ERROR_NOT_FOUND,       /* no such file */
  TL_PLAYER_ERROR_MISSING_PLUGIN,  /* a decoder or demuxer is not installed */
  TL_PLAYER_ERROR_FAILED,          /* cannot be decoded; the message says why */
} TlPlayerError;

#define TL_PLAYER_MIN_RATE 0.25
#define TL_PLAYER_MAX_RATE 4.0

#define TL_TYPE_PLAYER (tl_player_get_type ())
G_DECLARE_FINAL_TYPE (TlPlayer, tl_player, TL, PLAYER, GObject)

GQuark        tl_player_error_quark    (void);

TlPlayer     *tl_player_new            (void);

/* Opens @path paused on its first frame (the "frame" signal follows). Replaces any open file.
 * Fails at once only for a missing file; decoding problems arrive later through "error". */
gboolean      tl_player_open           (TlPlayer      *self,
                                        const char    *path,
                                        GError       **error);
void          tl_player_close          (TlPlayer      *self);
/* The file open now, or NULL. */
const char   *tl_player_get_path       (TlPlayer      *self);

void          tl_player_play           (TlPlayer      *self);
void          tl_player_pause          (TlPlayer      *self);
gboolean      tl_player_get_playing    (TlPlayer      *self);
void          tl_player_set_playing    (TlPlayer      *self,
                                        gboolean       playing);

/* Clamped to [TL_PLAYER_MIN_RATE, TL_PLAYER_MAX_RATE]; audio keeps its pitch. */
void          tl_player_set_rate       (TlPlayer      *self,
                                        double         rate);
double        tl_player_get_rate       (TlPlayer      *self);

/* Accurate seek: the frame shown is the one on screen at @position (the frame whose time span
 * holds it). With @accurate FALSE, a keyframe near it (the nearest or the one before, as the
 * demuxer can) instead: for scrubbing, where speed beats precision; finish a scrub with an
 * accurate seek. */
void          tl_player_seek           (TlPlayer      *self,
                                        GstClockTime   position,
                                        gboolean       accurate);
/* Accurate seek to frame @frame (0 = the first). */
void          tl_player_seek_frame     (TlPlayer      *self,
                                        gint64         frame);
/* Jumps @delta ns from the current position (e.g. ±5 s, ±30 s), accurately, within the file. */
void          tl_player_skip           (TlPlayer      *self,
                                        gint64         delta);
/* Pauses and shows the next frame (+1: a GStreamer step, cheap) or a previous one (negative:
 * an accurate seek, as a decoder cannot run backwards). */
void          tl_player_step           (TlPlayer      *self,
                                        int            frames);

/* Plays [@start, @end) over and over (seamless segment seeks); GST_CLOCK_TIME_NONE for both
 * stops looping. */
void          tl_player_set_loop       (TlPlayer      *self,
                                        GstClockTime   start,
                                        GstClockTime   end);
gboolean      tl_player_get_loop       (TlPlayer      *self,
                                        GstClockTime  *start,
                                        GstClockTime  *end);

gint64        tl_player_get_position   (TlPlayer      *self);
gint64        tl_player_get_duration   (TlPlayer      *self);
double        tl_player_get_fps        (TlPlayer      *self);
/* The number of the frame shown, -1 before the first. */
gint64        tl_player_get_frame_number (TlPlayer    *self);
/* The frame shown, or NULL. Transfer none. */
TlVideoFrame *tl_player_get_frame      (TlPlayer      *self);

G_END_DECLS
