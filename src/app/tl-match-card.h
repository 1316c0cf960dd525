/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-card.h: one match in the library grid: poster, title, date, duration and state. */
#pragma once

#include <gtk/gtk.h>

#include "tl-match.h"

G_BEGIN_DECLS

#define TL_TYPE_MATCH_CARD (tl_match_card_get_type ())
G_DECLARE_FINAL_TYPE (TlMatchCard, tl_match_card, TL, MATCH_CARD, GtkWidget)

GtkWidget *tl_match_card_new       (void);
TlMatch   *tl_match_card_get_match (TlMatchCard *self);
/* @match: (nullable) the card shows nothing and keeps no reference when NULL. */
void       tl_match_card_set_match (TlMatchCard *self,
                                    TlMatch     *match);

G_END_DECLS
