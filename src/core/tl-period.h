/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-period.h: the periods of a match (halves, extra time): where each lies in the video. */
#pragma once

#include <gio/gio.h>

#include "tl-store.h"

G_BEGIN_DECLS

/* One row of the periods table. */
typedef struct
{
  gint64  id;
  int     number;          /* 1, 2, ... */
  char   *name;            /* "1st half" */
  gint64  start_ns;        /* in the video */
  gint64  end_ns;          /* -1 while open (not ended yet) */
  int     clock_offset_s;  /* the match clock at its start: 45 * 60 for a second half */
} TlPeriod;

void       tl_period_free  (TlPeriod *period);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlPeriod, tl_period_free)

/* The periods of a match by number, as a GPtrArray of TlPeriod (freeing them). Opens its own
 * read transaction: any thread. (transfer full) */
GPtrArray *tl_periods_list (TlStore  *store,
                            gint64    match_id,
                            GError  **error);

G_END_DECLS
