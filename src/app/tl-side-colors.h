/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-side-colors.h: the colour each side is drawn in, from the match sheet's kit colours.
 *
 * The track layer and the minimap draw home and away players in their team's kit colour as
 * set in the match sheet ("Kit Colour"), so the coach sees the colours he knows; sides with no
 * team (or a colour that does not parse), referees, unknown tracks and the ball keep the
 * fixed palette of tl-team-colors.h. "changed" is emitted when a team or its colour changes. */
#pragma once

#include <gtk/gtk.h>

#include "tl-match-sheet.h"
#include "tl-track-window.h"

G_BEGIN_DECLS

#define TL_TYPE_SIDE_COLORS (tl_side_colors_get_type ())
G_DECLARE_FINAL_TYPE (TlSideColors, tl_side_colors, TL, SIDE_COLORS, GObject)

/* @sheet: (nullable) the match's sheet; without one every side takes the palette. */
TlSideColors *tl_side_colors_new    (TlMatchSheet *sheet);

/* The colour of an object of class @klass (1 person, 2 ball) on @side. @self may be NULL
 * (the palette). */
void          tl_side_colors_lookup (TlSideColors *self,
                                     guint8        klass,
                                     TlTeamSide    side,
                                     GdkRGBA      *out);

/* For a widget drawing in these colours: makes *@slot (its field, holding a reference) @colors
 * (nullable) and redraws @widget now and whenever they change. */
void          tl_side_colors_replace (TlSideColors **slot,
                                      TlSideColors  *colors,
                                      GtkWidget     *widget);

G_END_DECLS
