/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-reel-item.h: one clip of a highlight reel: a range of a match, its camera, slow motion,
 * title. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How the exported clip is framed (the reel_items.camera_mode column). */
typedef enum
{
  TL_REEL_CAMERA_FOLLOW,   /* the follow-cam path computed by the analysis */
  TL_REEL_CAMERA_PATH,     /* the coach's edited camera path (keyframes over the follow path) */
  TL_REEL_CAMERA_FIXED,    /* one still view: yaw, pitch, field of view */
  TL_REEL_CAMERA_FULL,     /* the whole panorama, letterboxed into the output */
} TlReelCamera;

/* No slow motion: slowmo_start_ns is this. */
#define TL_REEL_NO_SLOWMO (-1)
/* Slower than 1/8 is a slide show, faster than 1 is not slow motion. */
#define TL_REEL_MIN_SLOWMO_RATE 0.125

const char *tl_reel_camera_to_string   (TlReelCamera  camera);
gboolean    tl_reel_camera_from_string (const char   *str,
                                        TlReelCamera *out_camera);

/* A telestration freeze inside a clip: the video holds on source time @at_ns for @hold_ns
 * (the drawing's "Freeze Video"), as playback in the viewer does. */
typedef struct
{
  gint64 at_ns;
  gint64 hold_ns;
} TlReelFreeze;

/* The facts of an item as stored; plain data so that the exporter's worker thread can own a
 * copy. Times are in the match's video time. */
typedef struct
{
  gint64        id;            /* 0 until saved */
  gint64        reel_id;
  int           position;      /* 0-based order in the reel */
  gint64        match_id;
  gint64        event_id;      /* 0 when the item is not (or no longer) tied to an event */
  char         *event_code;    /* the event's code ("Goal"), NULL without event */
  gint64        start_ns;
  gint64        end_ns;        /* > start_ns */
  TlReelCamera  camera;
  double        yaw_deg, pitch_deg, hfov_deg;   /* the fixed view (camera == FIXED) */
  gint64        slowmo_start_ns;   /* TL_REEL_NO_SLOWMO, or a range inside [start, end] */
  gint64        slowmo_end_ns;
  double        slowmo_rate;       /* 1.0 = real time; 0.5 = half speed */
  char         *title;         /* title card shown before the clip; NULL: none */
  /* TlReelFreeze by time, inside [start, end); not stored with the item but read from the
   * match's drawings by the exporter when it copies the items. NULL: none. */
  GArray       *freezes;
} TlReelItemInfo;

TlReelItemInfo *tl_reel_item_info_new  (void);
TlReelItemInfo *tl_reel_item_info_copy (const TlReelItemInfo *info);
void            tl_reel_item_info_free (TlReelItemInfo       *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlReelItemInfo, tl_reel_item_info_free)

/* The item's duration in the exported video: its range, stretched by its slow motion, plus its
 * freezes (the title card, when there is one, comes on top: TL_REEL_TITLE_CARD_NS). */
gint64          tl_reel_item_info_get_output_duration (const TlReelItemInfo *info);
/* Output time (from the clip's first frame) -> source time (match video time). */
gint64          tl_reel_item_info_map_time            (const TlReelItemInfo *info,
                                                       gint64                output_ns);
/* Whether output time @output_ns is inside a freeze (the video holds, the sound is silent). */
gboolean        tl_reel_item_info_is_frozen           (const TlReelItemInfo *info,
                                                       gint64                output_ns);

#define TL_TYPE_REEL_ITEM (tl_reel_item_get_type ())
G_DECLARE_FINAL_TYPE (TlReelItem, tl_reel_item, TL, REEL_ITEM, GObject)

TlReelItem           *tl_reel_item_new        (const TlReelItemInfo *info);
const TlReelItemInfo *tl_reel_item_get_info   (TlReelItem           *self);
/* Replaces the facts and notifies the properties that changed (TlReels does it after a write). */
void                  tl_reel_item_update     (TlReelItem           *self,
                                               const TlReelItemInfo *info);

gint64        tl_reel_item_get_id          (TlReelItem *self);
gint64        tl_reel_item_get_match_id    (TlReelItem *self);
gint64        tl_reel_item_get_event_id    (TlReelItem *self);
const char   *tl_reel_item_get_event_code  (TlReelItem *self);
gint64        tl_reel_item_get_start       (TlReelItem *self);
gint64        tl_reel_item_get_end         (TlReelItem *self);
TlReelCamera  tl_reel_item_get_camera      (TlReelItem *self);
const char   *tl_reel_item_get_title       (TlReelItem *self);
double        tl_reel_item_get_slowmo_rate (TlReelItem *self);
/* "Goal 12:04" or "Clip 12:04": what lists and file names show. Caller frees. */
char         *tl_reel_item_dup_label       (TlReelItem *self);

G_END_DECLS
