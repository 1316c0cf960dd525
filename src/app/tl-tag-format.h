/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tag-format.h: how the tagging pages write events: match clock, team and player names.
 *
 * One object per page, told which match's events it describes; it reads the match's teams,
 * players and periods through the core services so that the event list, the tag board and the
 * summary all say "67:12", "Home" and "9 Smith" the same way. */
#pragma once

#include <glib-object.h>

#include "tl-match-events.h"

G_BEGIN_DECLS

#define TL_TYPE_TAG_FORMAT (tl_tag_format_get_type ())
G_DECLARE_FINAL_TYPE (TlTagFormat, tl_tag_format, TL, TAG_FORMAT, GObject)

TlTagFormat *tl_tag_format_new              (void);
/* Reads the teams, players and periods of the events' match again. */
void         tl_tag_format_set_events       (TlTagFormat        *self,
                                             TlMatchEvents      *events);

/* The match clock at @ns of the file ("67:12", "45+2:10"), or the file time when the match
 * has no periods. Caller frees. */
char        *tl_tag_format_clock            (TlTagFormat        *self,
                                             gint64              ns);
/* "1:07:12.40" or "7:12.40". Caller frees. */
char        *tl_tag_format_file_time        (gint64              ns);
/* "Outcome: won, Zone 3". Caller frees; NULL for none. */
char        *tl_tag_format_labels           (const char * const *labels);
/* Names; NULL for id 0. Caller frees. */
char        *tl_tag_format_team             (TlTagFormat        *self,
                                             gint64              team_id);
char        *tl_tag_format_player           (TlTagFormat        *self,
                                             gint64              player_id);

guint        tl_tag_format_get_n_periods    (TlTagFormat        *self);
int          tl_tag_format_get_period_number (TlTagFormat       *self,
                                              guint              index);
const char  *tl_tag_format_get_period_name  (TlTagFormat        *self,
                                             guint              index);
/* The number of the period holding @ns, or 0 when none does (before kick-off, half time). */
int          tl_tag_format_period_at        (TlTagFormat        *self,
                                             gint64              ns);

/* Case-insensitive substring test for searches; FALSE for a NULL @haystack. */
gboolean     tl_tag_format_contains         (const char         *haystack,
                                             const char         *needle);

G_END_DECLS
