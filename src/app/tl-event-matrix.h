/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-event-matrix.h: the "Summary" page: counts of codes by label, per team and per period.
 *
 * Rows are codes, columns the total and each label; the team and period drop-downs narrow the
 * counts. A click on a cell emits "filter" (a TlEventFilter *) with what the cell counts, for
 * the event list to show those events. */
#pragma once

#include <gtk/gtk.h>

#include "tl-event-list.h"
#include "tl-match-events.h"

G_BEGIN_DECLS

#define TL_TYPE_EVENT_MATRIX (tl_event_matrix_get_type ())
G_DECLARE_FINAL_TYPE (TlEventMatrix, tl_event_matrix, TL, EVENT_MATRIX, GtkWidget)

void  tl_event_matrix_set_events (TlEventMatrix *self,
                                  TlMatchEvents *events);
/* The match's teams and periods, for the team and period drop-downs. */
void  tl_event_matrix_set_sheet  (TlEventMatrix *self,
                                  TlMatchSheet  *sheet);
/* Counts again (after teams or periods changed). */
void  tl_event_matrix_refresh    (TlEventMatrix *self);
/* The count shown for @code and @label (NULL: the total), as a test reads it; -1: no cell. */
int   tl_event_matrix_get_count  (TlEventMatrix *self,
                                  const char    *code,
                                  const char    *label);

G_END_DECLS
