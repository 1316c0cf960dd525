/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-sportscode.h: the Sportscode XML edit list, read with libxml2 and written by hand.
 * Internal to tl-event-files.c: use tl_event_document_parse() and friends. */
#pragma once

#include "tl-event-files.h"

G_BEGIN_DECLS

/* Detects UTF-16 (BOM or zero bytes) and UTF-8 (with or without BOM), refuses anything else,
 * DTDs and entities, and reads <file> by element names. */
TlEventDocument *tl_sportscode_parse     (const char       *data,
                                          gsize             length,
                                          const char       *name,
                                          GError          **error);
GBytes          *tl_sportscode_serialize (TlEventDocument  *document,
                                          gboolean          utf16);

G_END_DECLS
