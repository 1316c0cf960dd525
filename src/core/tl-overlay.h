/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-overlay.h: "tloverlay", a GStreamer element that burns drawings and titles into I420 video.
 *
 * In place on I420. The match's drawings (when an annotation source is set) are drawn at each
 * buffer's stream time through the view that "tlvcam" recorded in the buffer's TlViewMeta
 * (the whole panorama when there is none). "title" is drawn as a caption over the first
 * "title-duration" of the stream (running time), or, with "card", as a full-frame title card
 * over a darkened picture. Text is drawn with Pango. */
#pragma once

#include <gst/gst.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

#define TL_TYPE_OVERLAY (tl_overlay_get_type ())
G_DECLARE_FINAL_TYPE (TlOverlay, tl_overlay, TL, OVERLAY, GstVideoFilter)

/* Draws @text onto a mapped I420 @frame as tloverlay does: a caption, or a card. For the
 * exporter's intro and title cards, which are stills rather than streams. */
void tl_overlay_draw_title (GstVideoFrame *frame,
                            const char    *text,
                            gboolean       card);

G_END_DECLS
