/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-pitch.h: the markings of a football pitch and its named landmarks, in pitch metres.
 *
 * One description of the lines for everything that draws a pitch (the minimap, the calibration
 * dialog's overlay) and of the points a user clicks to calibrate. Coordinates as in
 * tl-camera.h: origin at the centre spot, x toward the right goal, y toward the far touchline.
 * The markings inside the pitch have the Laws of the Game's fixed sizes (penalty area 16.5 m by
 * 40.32 m, goal area 5.5 m by 18.32 m, circle 9.15 m); only the length and width vary. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TL_PITCH_DEFAULT_LENGTH 105.0
#define TL_PITCH_DEFAULT_WIDTH  68.0

typedef struct
{
  double length;   /* goal line to goal line, metres */
  double width;    /* touchline to touchline */
} TlPitch;

/* A point a user can find in a frame. @id is the stable name (the demo sidecar's landmark
 * names); @label is translatable (pass it through gettext). */
typedef struct
{
  const char *id;
  const char *label;
  double      x, y;
} TlPitchLandmark;

void     tl_pitch_init_default    (TlPitch    *pitch);

/* The pitch size a calibration JSON gives ("pitch": {"length", "width"}), else the default. */
void     tl_pitch_from_calibration (TlPitch   *pitch,
                                    const char *calibration_json);

/* The landmarks of @pitch, as a new array of TlPitchLandmark (strings static). */
GArray  *tl_pitch_landmarks       (const TlPitch *pitch);

/* The markings as polylines: a GPtrArray of GArray of double pairs (x, y), arcs sampled so
 * that no chord is longer than @step metres, straight lines likewise (a caller projecting
 * them into a panorama sees them bend). (transfer full) */
GPtrArray *tl_pitch_lines         (const TlPitch *pitch,
                                   double         step);

G_END_DECLS
