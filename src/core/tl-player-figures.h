/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-player-figures.h: what one player did in a match, summed over the tracks that are him.
 *
 * A player is a named player (every track the coach named alike, see
 * tl_track_window_set_identity ()) or, until named, one person track. The figures come from
 * track_stats (calibrated matches, after the analysis): distance, top speed, sprints; the time
 * on the pitch is the span of his tracks. Read-only properties, for list models and sorters:
 * "track-no" (his first track: select it to select him), "name" (as shown: "10 Smith", "#37"),
 * "side" (TlTeamSide), "n-tracks", "seconds", "has-figures", "distance" (m), "top-speed" (m/s),
 * "sprints". */
#pragma once

#include <gio/gio.h>

#include "tl-track-window.h"

G_BEGIN_DECLS

#define TL_TYPE_PLAYER_FIGURES (tl_player_figures_get_type ())
G_DECLARE_FINAL_TYPE (TlPlayerFigures, tl_player_figures, TL, PLAYER_FIGURES, GObject)

/* The player of @track_no (all his tracks); NULL when @window has no such track. */
TlPlayerFigures *tl_player_figures_new_for_track (TlTrackWindow   *window,
                                                  guint32          track_no);

/* Every player of @window's match: named players once each, then the unnamed person tracks
 * that last at least @min_seconds (shorter ones are mostly fragments of someone already
 * listed). In track order. (transfer full) GPtrArray of TlPlayerFigures */
GPtrArray       *tl_player_figures_list          (TlTrackWindow   *window,
                                                  double           min_seconds);

guint32          tl_player_figures_get_track_no  (TlPlayerFigures *self);
const char      *tl_player_figures_get_name      (TlPlayerFigures *self);
TlTeamSide       tl_player_figures_get_side      (TlPlayerFigures *self);
guint            tl_player_figures_get_n_tracks  (TlPlayerFigures *self);
double           tl_player_figures_get_seconds   (TlPlayerFigures *self);
/* FALSE without a calibration or before the analysis ends: the three below are then 0. */
gboolean         tl_player_figures_get_has_figures (TlPlayerFigures *self);
double           tl_player_figures_get_distance  (TlPlayerFigures *self);
double           tl_player_figures_get_top_speed (TlPlayerFigures *self);
int              tl_player_figures_get_sprints   (TlPlayerFigures *self);

G_END_DECLS
