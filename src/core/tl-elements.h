/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-elements.h: registers Touchline's own GStreamer elements (tlvcam, tloverlay) in-process. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Initialises GStreamer when needed and registers "tlvcam" and "tloverlay" so that
 * gst_element_factory_make() and gst_parse_launch() find them. Idempotent, thread-safe. */
void tl_elements_register (void);

G_END_DECLS
