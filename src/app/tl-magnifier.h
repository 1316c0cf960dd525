/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-magnifier.h: a loupe over the video for placing points to the source pixel.
 *
 * Kinovea-style: while the pointer is over the picture in the calibration dialog, a disc
 * beside it shows the source pixels around the pointer enlarged, nearest-neighbour (each pixel
 * a visible square), with a crosshair on the pixel a click would place. */
#pragma once

#include <cairo.h>

#include "tl-video-frame.h"

G_BEGIN_DECLS

/* The source pixels of @frame (I420) in the square of half-side @radius around source point
 * (@u, @v), as an opaque RGB image of 2 @radius + 1 pixels a side, the pixel holding (@u, @v)
 * at its centre; pixels outside the frame are black. NULL for other formats. (transfer full) */
cairo_surface_t *tl_magnifier_crop (TlVideoFrame    *frame,
                                    double           u,
                                    double           v,
                                    int              radius);

/* Draws @crop as a disc of @zoom widget pixels per source pixel centred on (@x, @y), with a
 * ring and a crosshair on the centre pixel. */
void             tl_magnifier_draw (cairo_t         *cr,
                                    cairo_surface_t *crop,
                                    double           x,
                                    double           y,
                                    double           zoom);

G_END_DECLS
