/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-person-tracks.h: multi-person tracking: Kalman filters on the ground, Hungarian assignment
 * on position + colour, birth after a few hits, coasting, re-identification after occlusion. */
#pragma once

#include <stdint.h>

#include "tl-scene-geometry.h"
#include "tl-state-buf.h"
#include "tl-tracker.h"

typedef struct _TlPersonTracks TlPersonTracks;

TlPersonTracks *tl_person_tracks_new    (const TlSceneGeometry *geo,
                                         double                 fps);
void            tl_person_tracks_free   (TlPersonTracks *tracks);
void            tl_person_tracks_reset  (TlPersonTracks *tracks);

/* Feeds one frame's detections (other classes are ignored), found in @frame's foreground
 * @mask (one byte a pixel, the frame's width a row; without them, NULL, no player standing
 * still is seen in his pixels: tl-still-patch.h). Writes the reported tracks (confirmed or
 * briefly coasting) into *@out, owned by @tracks until the next call. Returns their number, or
 * -1 when out of memory. */
int             tl_person_tracks_update (TlPersonTracks       *tracks,
                                         const TlDetection    *dets,
                                         int                   n_dets,
                                         const TlFrame        *frame,
                                         const uint8_t        *mask,
                                         const TlTrackUpdate **out);

/* A report made late: where a track confirmed in the last frame was @back frames before it,
 * while it was tentative (boxes of its detections then, the same as a confirmed track's). */
typedef struct
{
  int           back;
  TlTrackUpdate update;
} TlLateUpdate;

/* The late reports of the tracks confirmed by the last tl_person_tracks_update (up to
 * TL_PERSON_TRACKS_MAX_LATE frames back each), into *@out, owned by @tracks until the next
 * update; returns their number. With a report lag the engine adds them to the frames still
 * held back, so a player is shown from his first detection rather than from his confirmation. */
#define TL_PERSON_TRACKS_MAX_LATE 16
int             tl_person_tracks_get_late (TlPersonTracks      *tracks,
                                           const TlLateUpdate **out);

/* Where the players the tracker follows will stand in the coming frame: the predicted foot
 * pixels (u then v, analysis pixels) of the confirmed tracks seen within the last 8 frames,
 * for the detector to split a blob holding several of them (tl-detect.h). Writes a pointer to them
 * into *@out, owned by @tracks until the next call; returns their number, -1 when out of
 * memory. */
int             tl_person_tracks_predict_feet (TlPersonTracks *tracks,
                                               const float   **out);

/* Ids come from this counter, shared with the ball so every id is unique in one engine. */
int             tl_person_tracks_next_id (TlPersonTracks *tracks);

/* Appends the tracks' state to @w / reads it back (-1 when the blob does not fit this build). */
void            tl_person_tracks_save    (TlPersonTracks *tracks,
                                          TlStateWriter  *w);
int             tl_person_tracks_restore (TlPersonTracks *tracks,
                                          TlStateReader  *r);
