/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-event-writer.h: saves tag presses in order on a worker thread, so playback never waits.
 *
 * A tag is one SQLite transaction with synchronous=FULL: an fsync, milliseconds on a busy disk.
 * Made on the main thread, a burst of presses would hold up the frames the player hands to the
 * main context. The writer queues each press (tag, label, note) and applies it to the
 * TlMatchEvents from one worker thread, in the order pressed; TlMatchEvents then updates its
 * model on the main context. A label or note aimed at "the last tagged event" (event id 0)
 * finds the id of a tag still queued before it.
 *
 * Signals (main context of the creator): "tagged" (gint64 event_id): a tag request was saved;
 * "failed" (GError *error): a queued edit could not be saved. Property "pending" (uint): edits
 * queued or being written. */
#pragma once

#include "tl-match-events.h"

G_BEGIN_DECLS

#define TL_TYPE_EVENT_WRITER (tl_event_writer_get_type ())
G_DECLARE_FINAL_TYPE (TlEventWriter, tl_event_writer, TL, EVENT_WRITER, GObject)

TlEventWriter *tl_event_writer_new         (TlMatchEvents      *events);
TlMatchEvents *tl_event_writer_get_events  (TlEventWriter      *self);

/* Queues a tag; @request and the strings it points to are copied. */
void           tl_event_writer_tag         (TlEventWriter      *self,
                                            const TlTagRequest *request);
/* @event_id 0: the event of the last tag queued before this call. See
 * tl_match_events_add_label() for @exclusive. */
void           tl_event_writer_add_label   (TlEventWriter      *self,
                                            gint64              event_id,
                                            const char         *label,
                                            gboolean            exclusive);
void           tl_event_writer_remove_label (TlEventWriter     *self,
                                             gint64             event_id,
                                             const char        *label);
void           tl_event_writer_set_note    (TlEventWriter      *self,
                                            gint64              event_id,
                                            const char         *note);
/* Blocks until every queued edit is saved and its "tagged"/"failed" signal has been emitted
 * (before an undo, so that the edit being undone is the last one pressed). */
void           tl_event_writer_flush       (TlEventWriter      *self);
guint          tl_event_writer_get_pending (TlEventWriter      *self);

G_END_DECLS
