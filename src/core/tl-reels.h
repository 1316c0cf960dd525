/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-reels.h: the library's highlight reels: a list model of TlReel and every edit of them. */
#pragma once

#include <gio/gio.h>

#include "tl-library.h"
#include "tl-reel.h"

G_BEGIN_DECLS

#define TL_TYPE_REELS (tl_reels_get_type ())
G_DECLARE_FINAL_TYPE (TlReels, tl_reels, TL, REELS, GObject)

/* Loads every reel of @library. Main thread: the models are for widgets. Each edit below is
 * one transaction; the objects change only once it has committed, so a failed edit (disk
 * full, a match deleted meanwhile) leaves both store and models as they were.
 * The app shares the library's own (tl_library_get_reels()); a new one is for standalone
 * users (CLI, tests). It keeps the library's store open but not the library itself. */
TlReels    *tl_reels_new              (TlLibrary    *library,
                                       GError      **error);
/* (transfer none) NULL once the library has been disposed. */
TlLibrary  *tl_reels_get_library      (TlReels      *self);
/* A GListModel of TlReel, oldest first. (transfer none) */
GListModel *tl_reels_get_model        (TlReels      *self);
/* (transfer none) NULL when there is no such reel. */
TlReel     *tl_reels_lookup           (TlReels      *self,
                                       gint64        reel_id);

/* A new reel; with @event_ids (n_events may be 0) its items are those events, in that order,
 * from any matches: built in the same transaction. (transfer none) */
TlReel     *tl_reels_create           (TlReels      *self,
                                       const char   *name,
                                       const gint64 *event_ids,
                                       guint         n_events,
                                       GError      **error);
gboolean    tl_reels_delete           (TlReels      *self,
                                       TlReel       *reel,
                                       GError      **error);
gboolean    tl_reels_rename           (TlReels      *self,
                                       TlReel       *reel,
                                       const char   *name,
                                       GError      **error);
/* NULL or "" removes the intro card. */
gboolean    tl_reels_set_intro_title  (TlReels      *self,
                                       TlReel       *reel,
                                       const char   *title,
                                       GError      **error);

/* Appends (position -1) or inserts the events as items: the range is the event's, widened by
 * its lead and lag and kept inside the video ("add all filtered" passes every visible event).
 * Events already in the reel are added again: a coach may want a moment twice. */
gboolean    tl_reels_add_events       (TlReels      *self,
                                       TlReel       *reel,
                                       const gint64 *event_ids,
                                       guint         n_events,
                                       int           position,
                                       GError      **error);
/* A clip cut by hand from a match (no event). */
gboolean    tl_reels_add_range        (TlReels      *self,
                                       TlReel       *reel,
                                       gint64        match_id,
                                       gint64        start_ns,
                                       gint64        end_ns,
                                       int           position,
                                       GError      **error);
gboolean    tl_reels_remove_item      (TlReels      *self,
                                       TlReel       *reel,
                                       TlReelItem   *item,
                                       GError      **error);
/* Moves @item to @position (0-based, clamped), shifting the others. */
gboolean    tl_reels_move_item        (TlReels      *self,
                                       TlReel       *reel,
                                       TlReelItem   *item,
                                       guint         position,
                                       GError      **error);

/* Per item edits. Times are match video times; the range must lie inside the video. */
gboolean    tl_reels_set_item_trim    (TlReels      *self,
                                       TlReel       *reel,
                                       TlReelItem   *item,
                                       gint64        start_ns,
                                       gint64        end_ns,
                                       GError      **error);
/* The fixed view (degrees) is stored with any mode, so switching back to FIXED restores it. */
gboolean    tl_reels_set_item_camera  (TlReels      *self,
                                       TlReel       *reel,
                                       TlReelItem   *item,
                                       TlReelCamera  camera,
                                       double        yaw_deg,
                                       double        pitch_deg,
                                       double        hfov_deg,
                                       GError      **error);
/* @rate 1.0 (or start == TL_REEL_NO_SLOWMO) removes the slow motion. The range is clipped to
 * the item's range when it is trimmed later. */
gboolean    tl_reels_set_item_slowmo  (TlReels      *self,
                                       TlReel       *reel,
                                       TlReelItem   *item,
                                       gint64        start_ns,
                                       gint64        end_ns,
                                       double        rate,
                                       GError      **error);
/* NULL or "" removes the title card. */
gboolean    tl_reels_set_item_title   (TlReels      *self,
                                       TlReel       *reel,
                                       TlReelItem   *item,
                                       const char   *title,
                                       GError      **error);

/* Event ids of @match_id whose code is @code (case-insensitive; NULL: every event), in time
 * order: the CLI's --code and "add all of this code". Works on any thread. */
GArray     *tl_reels_find_events      (TlStore      *store,
                                       gint64        match_id,
                                       const char   *code,
                                       GError      **error);

/* Items (not saved: id 0) for these events, as tl_reels_add_events() would make them: a reel
 * exported once by a script need not be kept in the library. GPtrArray of TlReelItemInfo.
 * Any thread. */
GPtrArray  *tl_reels_items_from_events (TlStore      *store,
                                        const gint64 *event_ids,
                                        guint         n_events,
                                        GError      **error);

/* Fills @item's freezes (TlReelItemInfo.freezes) from its match's drawings: the telestration
 * freezes that start inside the clip, in time order. Any thread. */
gboolean    tl_reels_read_freezes     (TlStore         *store,
                                       TlReelItemInfo  *item,
                                       GError         **error);

/* How long @reel's exported file will be: tl_reel_get_output_duration () plus the freezes of
 * the drawings in its clips, read now (drawings are edited elsewhere). Main thread. */
gint64      tl_reels_get_exported_duration (TlReels *self,
                                            TlReel  *reel);

/* The codes tagged in a match with how many events each has, in order of first use: what the
 * reel panel offers to add. GPtrArray of TlReelCodeCount. Any thread. */
typedef struct
{
  char *code;
  guint n_events;
} TlReelCodeCount;

GPtrArray  *tl_reels_count_codes      (TlStore      *store,
                                       gint64        match_id,
                                       GError      **error);

G_END_DECLS
