/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-event-list.h: the "Events" page: a match's events as a sortable, filterable table. */
#pragma once

#include <gtk/gtk.h>

#include "tl-match-events.h"
#include "tl-match-sheet.h"
#include "tl-player.h"

G_BEGIN_DECLS

/* What a filter keeps; NULL / 0 / -1 fields do not filter. */
typedef struct
{
  const char *code;
  const char *label;      /* "group:text" or "text" */
  gint64      team_id;
  gint64      player_id;
  int         period;     /* period number (1 = first half), -1: any */
} TlEventFilter;

#define TL_TYPE_EVENT_LIST (tl_event_list_get_type ())
G_DECLARE_FINAL_TYPE (TlEventList, tl_event_list, TL, EVENT_LIST, GtkWidget)

/* The model the list shows, or NULL; the match (for teams, players and periods) comes with it. */
void           tl_event_list_set_events   (TlEventList         *self,
                                           TlMatchEvents       *events);
TlMatchEvents *tl_event_list_get_events   (TlEventList         *self);
/* Where "jump to event" and "play filtered" seek. */
void           tl_event_list_set_player   (TlEventList         *self,
                                           TlPlayer            *player);
/* Replaces every filter (the search text too is cleared), e.g. from a click in the summary. */
void           tl_event_list_set_filter   (TlEventList         *self,
                                           const TlEventFilter *filter);
void           tl_event_list_clear_filter (TlEventList         *self);
/* The events shown, in the order shown. (transfer none) */
GListModel    *tl_event_list_get_shown    (TlEventList         *self);
/* The selected events. (transfer full) GPtrArray of TlEvent. */
GPtrArray     *tl_event_list_dup_selected (TlEventList         *self);
void           tl_event_list_select_event (TlEventList         *self,
                                           gint64               event_id);
/* The match's teams, players and periods, for names, the match clock and the period filter. */
void           tl_event_list_set_sheet    (TlEventList         *self,
                                           TlMatchSheet        *sheet);
/* Shows names and clock times again (after the sheet changed). */
void           tl_event_list_refresh      (TlEventList         *self);

G_END_DECLS
