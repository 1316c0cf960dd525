/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-pitch-markings.h: where the painted lines of a football pitch are. */
#pragma once

/* Called for each point of the paint (pitch metres, origin at the centre spot, x along the
 * touchlines). */
typedef void (*TlPitchPaintFunc) (double x,
                                  double y,
                                  void  *user);

/* Walks over the painted markings of a pitch of @length x @width laid out to the Laws of the
 * Game (touchlines, goal lines, halfway line, centre circle and spot, penalty and goal areas,
 * penalty spots and arcs, corner arcs): points every @step metres along each line
 * and @step apart across its @line_width wide paint. */
void tl_pitch_markings_walk (double           length,
                             double           width,
                             double           line_width,
                             double           step,
                             TlPitchPaintFunc func,
                             void            *user);
