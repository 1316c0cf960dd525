/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-events.h: the tagged events of one match: a sorted GListModel, edits, undo/redo.
 *
 * A GListModel of TlEvent sorted by start (then id), obtained from the library with
 * tl_library_get_match_events() (one object per match, cached). Every edit is one store
 * transaction, committed before the call returns (so an acknowledged tag survives a crash), and
 * one step of the undo stack.
 *
 * Threads: the edit methods may be called from any thread (the CLI, a worker); the model
 * (items-changed, the TlEvent objects and their notifications, "can-undo"/"can-redo") is only
 * changed by the thread that made the object, on the main context that was thread-default
 * then. Called from that thread, the model is up to date when the method returns; called from
 * another, it is updated from an idle source on that context.
 *
 * A commit syncs to disk (about 10 ms, more on a busy disk): a UI tagging while a video plays
 * uses tl_match_events_tag_async(), or runs other edits in a GTask, so that the main thread
 * only spends the model update (about 0.2 ms, see docs/performance.md).
 *
 * Properties: "match-id" (gint64), "can-undo", "can-redo" (gboolean), "undo-description",
 * "redo-description" (string, e.g. "Tag “Goal”", NULL when there is nothing to undo/redo).
 * Signal: "toggle-changed" (const char *code, gboolean open): a toggle code started or stopped. */
#pragma once

#include <gio/gio.h>

#include "tl-event.h"
#include "tl-store.h"

G_BEGIN_DECLS

#define TL_TYPE_MATCH_EVENTS (tl_match_events_get_type ())
G_DECLARE_FINAL_TYPE (TlMatchEvents, tl_match_events, TL, MATCH_EVENTS, GObject)

/* Undo keeps this many steps; older ones are dropped. */
#define TL_MATCH_EVENTS_UNDO_DEPTH 500

/* What a tag press creates: an event from at_ns - lead_ns to at_ns + lag_ns (clamped at 0). */
typedef struct
{
  const char         *code;       /* required */
  const char         *color;      /* "#rrggbb"; NULL: the default blue */
  gint64              code_id;    /* 0: none */
  gint64              at_ns;      /* the playhead */
  gint64              lead_ns;
  gint64              lag_ns;
  gboolean            toggle;     /* first press starts (end = start), the next one ends */
  gint64              team_id;    /* 0: none */
  gint64              player_id;  /* 0: none */
  const char * const *labels;     /* NULL or "group:text"... */
  const char         *note;       /* NULL: none */
} TlTagRequest;

/* Loads the events of @match_id. Use tl_library_get_match_events() rather than this. */
TlMatchEvents *tl_match_events_new          (TlStore        *store,
                                             gint64          match_id,
                                             GError        **error);
gint64         tl_match_events_get_match_id (TlMatchEvents  *self);
/* Re-reads the events from the store (after another process changed them, e.g. the CLI).
 * Clears undo. Owner thread only. */
gboolean       tl_match_events_reload       (TlMatchEvents  *self,
                                             GError        **error);
/* (transfer none) The event with @id, or NULL. Owner thread only. */
TlEvent       *tl_match_events_lookup       (TlMatchEvents  *self,
                                             gint64          id);
/* A snapshot of every event as stored now, sorted like the model; any thread.
 * (transfer full) GPtrArray of TlEventInfo. */
GPtrArray     *tl_match_events_dup_infos    (TlMatchEvents  *self);

/* Creates an event (or, for a toggle code already started, ends it). Returns its id, 0 on error.
 * Errors: TL_LIBRARY_ERROR_INVALID for an empty code, a bad colour or a negative time. */
gint64         tl_match_events_tag          (TlMatchEvents       *self,
                                             const TlTagRequest  *request,
                                             GError             **error);
/* The same in a worker thread, so that the disk sync of the commit never runs on the UI's
 * thread while a video plays; @request is copied. The model has the event when @callback runs
 * (on the caller's thread-default main context). */
void           tl_match_events_tag_async    (TlMatchEvents       *self,
                                             const TlTagRequest  *request,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* The new (or ended toggle) event's id, 0 with @error set. */
gint64         tl_match_events_tag_finish   (TlMatchEvents       *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* Whether toggle @code has been started and not ended yet (its event id, else 0). */
gint64         tl_match_events_get_open_toggle (TlMatchEvents *self,
                                                const char    *code);

/* Adds @label ("group:text" or "text"); with @exclusive, the event's other labels of the same
 * group go (a group like Outcome holds one label). Adding a label it has is a no-op success. */
gboolean       tl_match_events_add_label    (TlMatchEvents  *self,
                                             gint64          event_id,
                                             const char     *label,
                                             gboolean        exclusive,
                                             GError        **error);
gboolean       tl_match_events_remove_label (TlMatchEvents  *self,
                                             gint64          event_id,
                                             const char     *label,
                                             GError        **error);
/* Replaces all labels at once. */
gboolean       tl_match_events_set_labels   (TlMatchEvents       *self,
                                             gint64               event_id,
                                             const char * const  *labels,
                                             GError             **error);
/* Errors: TL_LIBRARY_ERROR_INVALID when start < 0 or end < start. */
gboolean       tl_match_events_set_times    (TlMatchEvents  *self,
                                             gint64          event_id,
                                             gint64          start_ns,
                                             gint64          end_ns,
                                             GError        **error);
/* Moves several events by @delta_ns (a nudge of a multi-selection), one undo step; refused when
 * one would start before 0. */
gboolean       tl_match_events_shift        (TlMatchEvents  *self,
                                             const gint64   *event_ids,
                                             guint           n_ids,
                                             gint64          delta_ns,
                                             GError        **error);
gboolean       tl_match_events_set_code     (TlMatchEvents  *self,
                                             gint64          event_id,
                                             const char     *code,
                                             const char     *color,
                                             GError        **error);
/* @note NULL or "" clears it. */
gboolean       tl_match_events_set_note     (TlMatchEvents  *self,
                                             gint64          event_id,
                                             const char     *note,
                                             GError        **error);
/* 0 clears. */
gboolean       tl_match_events_set_team_player (TlMatchEvents *self,
                                                gint64         event_id,
                                                gint64         team_id,
                                                gint64         player_id,
                                                GError       **error);
/* Deletes several events, one undo step. Unknown ids are an error (nothing deleted). */
gboolean       tl_match_events_delete       (TlMatchEvents  *self,
                                             const gint64   *event_ids,
                                             guint           n_ids,
                                             GError        **error);
/* Adds many events at once (an import), all or nothing, one undo step. The ids of @infos are
 * ignored and set to the new rows' ids; their match_id is set to this match. */
gboolean       tl_match_events_add_many     (TlMatchEvents  *self,
                                             GPtrArray      *infos,
                                             const char     *description,
                                             GError        **error);
/* Lets another service (a Sportscode import that also writes rows) add events inside its own
 * transaction: call tl_match_events_insert_in_store() inside tl_store_write(), then, once
 * committed, tl_match_events_commit_added() with the same infos (ids filled in). */
gboolean       tl_match_events_insert_in_store (TlStore    *store,
                                                GPtrArray  *infos,
                                                GError    **error);
void           tl_match_events_commit_added (TlMatchEvents  *self,
                                             GPtrArray      *infos,
                                             const char     *description);

gboolean       tl_match_events_undo         (TlMatchEvents  *self,
                                             GError        **error);
gboolean       tl_match_events_redo         (TlMatchEvents  *self,
                                             GError        **error);
gboolean       tl_match_events_get_can_undo (TlMatchEvents  *self);
gboolean       tl_match_events_get_can_redo (TlMatchEvents  *self);
/* (transfer full) NULL when there is nothing to undo/redo. */
char          *tl_match_events_dup_undo_description (TlMatchEvents *self);
char          *tl_match_events_dup_redo_description (TlMatchEvents *self);

G_END_DECLS
