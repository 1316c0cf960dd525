/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-event-drag.h: tagged events carried by drag and drop (from the Events page to a reel).
 *
 * The payload is text, "touchline-events:" and the event ids comma-separated, so that it can
 * only be mistaken for nothing else and a drop of other text is refused. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* (transfer full) the content of a drag of these events. */
GdkContentProvider *tl_event_drag_content_new (const gint64 *event_ids,
                                               guint         n_events);
/* The event ids in @text, or NULL when it is not a drag of events. (transfer full) of gint64 */
GArray             *tl_event_drag_parse       (const char   *text);

G_END_DECLS
