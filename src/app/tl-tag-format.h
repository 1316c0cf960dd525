/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tag-format.h: how the tagging pages write events: match clock, team and player names.
 *
 * Reads the match's TlMatchSheet, so that the event list, the tag board and the summary all say
 * "67:12", "Rovers" and "9 Smith" the same way, and fall back the same way (file time before
 * kick-off, "Team 3" for a team no longer on the sheet). */
#pragma once

#include <glib-object.h>

#include "tl-event.h"
#include "tl-match-sheet.h"

G_BEGIN_DECLS

#define TL_TYPE_TAG_FORMAT (tl_tag_format_get_type ())
G_DECLARE_FINAL_TYPE (TlTagFormat, tl_tag_format, TL, TAG_FORMAT, GObject)

TlTagFormat *tl_tag_format_new              (void);
/* The match's teams, players and periods (NULL: none known). */
void         tl_tag_format_set_sheet        (TlTagFormat        *self,
                                             TlMatchSheet       *sheet);
TlMatchSheet *tl_tag_format_get_sheet       (TlTagFormat        *self);

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
