/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-track-window.h: a match's tracks around the frame on screen, and who each track is.
 *
 * What the video overlays and the minimap draw: every object of the current frame (box in
 * video pixels, ground point in pitch metres), the last few seconds of each track for trails,
 * and each track's identity (name, shirt number, team) and figures. Widgets hold one of these
 * and redraw on "changed"; it reads the store (tl_track_chunks_query) a window of seconds at a
 * time, so playing or stepping through a window costs no query, and reads the next window in a
 * worker thread before playing gets there. Naming a track writes the
 * tracks row (and the squad's players row) in one transaction and emits "tracks-changed". */
#pragma once

#include <gio/gio.h>

#include "tl-heatmap.h"
#include "tl-pitch.h"
#include "tl-store.h"
#include "tl-track-chunks.h"

G_BEGIN_DECLS

/* tracks.team_side */
typedef enum
{
  TL_TEAM_SIDE_UNKNOWN = 0,
  TL_TEAM_SIDE_HOME = 1,
  TL_TEAM_SIDE_AWAY = 2,
  TL_TEAM_SIDE_REFEREE = 3,
} TlTeamSide;

/* One object in the current frame. */
typedef struct
{
  guint32    track_no;
  guint8     klass;          /* 1 person, 2 ball */
  gboolean   coasting;       /* predicted, not seen */
  TlTeamSide side;           /* the track's (user-corrected) side */
  double     x, y, w, h;     /* box in video pixels */
  gboolean   has_pitch;
  double     pitch_x, pitch_y; /* ground point, metres */
} TlTrackObject;

/* Who a track is, with its figures. */
typedef struct
{
  guint32    track_no;
  guint8     klass;
  TlTeamSide side;
  gint64     player_id;      /* players.id, 0 when unassigned */
  char      *name;           /* tracks.label: the name shown, NULL when unnamed */
  int        number;         /* shirt number, -1 when unknown */
  gint64     first_frame, last_frame;
  gboolean   has_stats;
  double     distance_m, top_speed_ms;
  int        sprints;
} TlTrackIdentity;

/* A track's recent ground path, oldest first: points are double pairs (x, y) in metres. */
typedef struct
{
  guint32    track_no;
  guint8     klass;
  TlTeamSide side;
  GArray    *points;
} TlTrackTrail;

#define TL_TYPE_TRACK_WINDOW (tl_track_window_get_type ())
G_DECLARE_FINAL_TYPE (TlTrackWindow, tl_track_window, TL, TRACK_WINDOW, GObject)

/* Loads the match's identities; NULL with @error when the store cannot be read. */
TlTrackWindow *tl_track_window_new          (TlStore        *store,
                                             gint64          match_id,
                                             double          fps,
                                             GError        **error);
TlStore       *tl_track_window_get_store    (TlTrackWindow  *self);
gint64         tl_track_window_get_match_id (TlTrackWindow  *self);
double         tl_track_window_get_fps      (TlTrackWindow  *self);

/* The frame on screen (the "frame" property); emits "changed". */
void           tl_track_window_set_frame    (TlTrackWindow  *self,
                                             gint64          frame);
gint64         tl_track_window_get_frame    (TlTrackWindow  *self);

/* How many seconds before the frame trails cover (the "trail-seconds" property, 0 to 60). */
void           tl_track_window_set_trail_seconds (TlTrackWindow *self,
                                                  double         seconds);
double         tl_track_window_get_trail_seconds (TlTrackWindow *self);

/* The objects of the current frame, as a GArray of TlTrackObject. (transfer none) */
GArray        *tl_track_window_get_objects  (TlTrackWindow  *self);
/* The trails ending at the current frame, a GPtrArray of TlTrackTrail. (transfer full) */
GPtrArray     *tl_track_window_get_trails   (TlTrackWindow  *self);

/* Every track of the match, by track number, as a GArray of TlTrackIdentity. (transfer none) */
GArray        *tl_track_window_get_tracks   (TlTrackWindow  *self);
/* (transfer none) NULL when there is no such track. */
const TlTrackIdentity *tl_track_window_lookup (TlTrackWindow *self,
                                               guint32        track_no);
/* The frames whose samples are in memory ([*@first, *@last], empty when last < first) and
 * whether the next window is being read in the background: what playing costs no query. */
void           tl_track_window_get_cached_frames (TlTrackWindow *self,
                                                  gint64        *first,
                                                  gint64        *last,
                                                  gboolean      *reading_ahead);
/* The last frame any track reaches (-1 without tracks). */
gint64         tl_track_window_get_last_frame (TlTrackWindow *self);
/* "10 Smith", "Smith", "10", or "#37" (the track number) for an unnamed track; caller frees. */
char          *tl_track_window_dup_display_name (TlTrackWindow *self,
                                                 guint32        track_no);

/* Says who a track is: @name (NULL or empty: none), @number (-1: none), @side. The squad keeps
 * the player (players row, found again by name and number in this match's sheet, so naming a
 * second track of the same player links both); the tracks row gets player_id, label and
 * team_side. One transaction; then "tracks-changed" and "changed". */
gboolean       tl_track_window_set_identity (TlTrackWindow  *self,
                                             guint32         track_no,
                                             const char     *name,
                                             int             number,
                                             TlTeamSide      side,
                                             GError        **error);

/* Reads the identities again and forgets the cached samples (an analysis added tracks). */
gboolean       tl_track_window_reload       (TlTrackWindow  *self,
                                             GError        **error);

/* The track numbers of a player (every track named like @track_no, itself included) or of
 * a side's person tracks, sorted, for tl_heatmap_compute_async (). (transfer full) */
GArray        *tl_track_window_tracks_of_player (TlTrackWindow *self,
                                                 guint32        track_no);
GArray        *tl_track_window_tracks_of_side   (TlTrackWindow *self,
                                                 TlTeamSide     side);

G_END_DECLS
