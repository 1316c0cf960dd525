/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-reel.h: a highlight reel: a named, ordered list of clips (TlReelItem) with an intro title. */
#pragma once

#include <gio/gio.h>

#include "tl-reel-item.h"

G_BEGIN_DECLS

/* How long the intro title and each item's title card are shown in an export. */
#define TL_REEL_INTRO_CARD_NS (3 * G_TIME_SPAN_SECOND * 1000)
#define TL_REEL_TITLE_CARD_NS (2 * G_TIME_SPAN_SECOND * 1000)

#define TL_TYPE_REEL (tl_reel_get_type ())
G_DECLARE_FINAL_TYPE (TlReel, tl_reel, TL, REEL, GObject)

/* Reels are made and edited through TlReels (tl-reels.h), which writes the store first and
 * then updates these objects; the setters below are for it. */
TlReel       *tl_reel_new             (gint64      id,
                                       const char *name,
                                       const char *intro_title);
gint64        tl_reel_get_id          (TlReel     *self);
const char   *tl_reel_get_name        (TlReel     *self);
const char   *tl_reel_get_intro_title (TlReel     *self);
/* A GListModel of TlReelItem in reel order. (transfer none) */
GListModel   *tl_reel_get_items       (TlReel     *self);
guint         tl_reel_get_n_items     (TlReel     *self);
/* (transfer none) NULL when not in this reel. */
TlReelItem   *tl_reel_lookup_item     (TlReel     *self,
                                       gint64      item_id,
                                       guint      *out_position);
/* The exported length: intro card, title cards and every clip (slow motion included). */
gint64        tl_reel_get_output_duration (TlReel *self);
/* A snapshot of the items' facts, in order, for a worker thread: GPtrArray of TlReelItemInfo.
 * (transfer full) */
GPtrArray    *tl_reel_dup_item_infos  (TlReel     *self);

void          tl_reel_set_name        (TlReel     *self,
                                       const char *name);
void          tl_reel_set_intro_title (TlReel     *self,
                                       const char *intro_title);
/* Replaces the items with @items (TlReelItem, in order), keeping the objects that stay so that
 * rows in a list view keep their state. */
void          tl_reel_set_items       (TlReel     *self,
                                       GPtrArray  *items);

G_END_DECLS
