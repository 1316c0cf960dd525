/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-event.h: one tagged event of a match (a Sportscode "instance"): code, times, labels.
 *
 * Properties (all notify when TlMatchEvents changes the event, always on its owner's main
 * context): "id", "match-id", "code-id" (gint64, 0 = not from a template), "code", "color"
 * ("#rrggbb"), "start-ns", "end-ns", "lead-ns", "lag-ns" (gint64 nanoseconds of the file),
 * "team-id", "player-id" (gint64, 0 = none), "note", "labels" (GStrv of "group:text" or
 * "text"), "external-id" (the <ID> of an imported Sportscode instance, or NULL).
 * The properties are read-only after construction: edits go through TlMatchEvents, which
 * saves them and keeps undo. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Plain data of an event, so that the store, importers and worker threads can build it; the
 * TlEvent object wraps it for the model. */
typedef struct
{
  gint64  id;           /* 0 until saved */
  gint64  match_id;
  gint64  code_id;      /* tag_codes row it came from; 0 when none */
  char   *code;
  char   *color;        /* "#rrggbb" */
  gint64  start_ns;
  gint64  end_ns;       /* >= start_ns */
  gint64  lead_ns;      /* the lead and lag the event was tagged with: start + lead is the
                         * moment of the press (the lead is shorter near 0:00) */
  gint64  lag_ns;
  gint64  team_id;      /* 0 = none */
  gint64  player_id;    /* 0 = none */
  char   *note;         /* NULL = none */
  char  **labels;       /* NULL-terminated "group:text" or "text"; never NULL */
  char   *external_id;  /* NULL = none */
} TlEventInfo;

TlEventInfo *tl_event_info_new   (void);
TlEventInfo *tl_event_info_copy  (const TlEventInfo *info);
void         tl_event_info_free  (TlEventInfo       *info);
/* TRUE when everything but the ids (id, match_id, code_id) is the same: what a round trip
 * through a file must keep. */
gboolean     tl_event_info_equal_content (const TlEventInfo *a,
                                          const TlEventInfo *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlEventInfo, tl_event_info_free)

/* A label string is "group:text", or "text" for a label without group. A text without group
 * that itself holds a ':' is written ":text". Splits @label; @out_group is NULL when there is
 * no group. Caller frees both. */
void         tl_event_label_split (const char  *label,
                                   char       **out_group,
                                   char       **out_text);
/* The inverse of tl_event_label_split(); @group may be NULL or "". Caller frees. */
char        *tl_event_label_join  (const char  *group,
                                   const char  *text);

/* TRUE for "#rrggbb" (either case). */
gboolean     tl_color_is_valid    (const char *color);

#define TL_TYPE_EVENT (tl_event_get_type ())
G_DECLARE_FINAL_TYPE (TlEvent, tl_event, TL, EVENT, GObject)

TlEvent           *tl_event_new            (const TlEventInfo *info);
const TlEventInfo *tl_event_get_info       (TlEvent *self);
/* Replaces the data (the id must be the same) and notifies what changed. For TlMatchEvents. */
void               tl_event_update         (TlEvent           *self,
                                            const TlEventInfo *info);

gint64             tl_event_get_id          (TlEvent *self);
gint64             tl_event_get_match_id    (TlEvent *self);
gint64             tl_event_get_code_id     (TlEvent *self);
const char        *tl_event_get_code        (TlEvent *self);
const char        *tl_event_get_color       (TlEvent *self);
gint64             tl_event_get_start       (TlEvent *self);
gint64             tl_event_get_end         (TlEvent *self);
gint64             tl_event_get_lead        (TlEvent *self);
gint64             tl_event_get_lag         (TlEvent *self);
gint64             tl_event_get_team_id     (TlEvent *self);
gint64             tl_event_get_player_id   (TlEvent *self);
const char        *tl_event_get_note        (TlEvent *self);
const char * const *tl_event_get_labels     (TlEvent *self);
const char        *tl_event_get_external_id (TlEvent *self);
/* Whether the event carries @label ("group:text" or "text"). */
gboolean           tl_event_has_label       (TlEvent    *self,
                                             const char *label);
/* The text of the first label of @group, or NULL. (transfer none) */
const char        *tl_event_get_label_in_group (TlEvent    *self,
                                                const char *group);

G_END_DECLS
