/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-period.h: a period of a match (a half, extra time): where it starts in the file and what
 * the match clock reads there.
 *
 * Immutable: TlMatchSheet replaces the object when the period changes. Properties (read-only):
 * "number" (1, 2, ...), "name", "start-ns" (the kick-off in file time), "end-ns" (-1: open,
 * i.e. until the next period), "clock-offset-s" (the clock at kick-off: 0, 2700, 5400...). */
#pragma once

#include <glib-object.h>

#include "tl-store.h"

G_BEGIN_DECLS

#define TL_TYPE_PERIOD (tl_period_get_type ())
G_DECLARE_FINAL_TYPE (TlPeriod, tl_period, TL, PERIOD, GObject)

TlPeriod   *tl_period_new                (int         number,
                                          const char *name,
                                          gint64      start_ns,
                                          gint64      end_ns,
                                          int         clock_offset_s);
int         tl_period_get_number         (TlPeriod *self);
const char *tl_period_get_name           (TlPeriod *self);
gint64      tl_period_get_start          (TlPeriod *self);
gint64      tl_period_get_end            (TlPeriod *self);
int         tl_period_get_clock_offset   (TlPeriod *self);

/* The periods of a match by number, as a GPtrArray of TlPeriod, read in one transaction of its
 * own: any thread, for widgets that only draw them (the timeline). (transfer full) */
GPtrArray  *tl_periods_list              (TlStore    *store,
                                          gint64      match_id,
                                          GError    **error);

G_END_DECLS
