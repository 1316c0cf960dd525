/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-team-colors.h: the colours of the sides on the video and the minimap.
 *
 * Kits vary, so these are GNOME palette colours chosen to stay apart from the pitch green and
 * from each other: home blue, away red, referee yellow, unknown light grey, the ball white. */
#pragma once

#include <gtk/gtk.h>

#include "tl-track-window.h"

G_BEGIN_DECLS

static inline void
tl_team_color (guint8      klass,
               TlTeamSide  side,
               GdkRGBA    *out)
{
  static const GdkRGBA sides[] = {
    { 0.87f, 0.87f, 0.85f, 1 },   /* unknown: light 3 */
    { 0.21f, 0.52f, 0.89f, 1 },   /* home: blue 3 */
    { 0.88f, 0.11f, 0.14f, 1 },   /* away: red 3 */
    { 0.96f, 0.83f, 0.18f, 1 },   /* referee: yellow 3 */
  };
  const GdkRGBA ball = { 1, 1, 1, 1 };

  *out = klass == 2 ? ball : sides[side <= TL_TEAM_SIDE_REFEREE ? side : 0];
}

G_END_DECLS
