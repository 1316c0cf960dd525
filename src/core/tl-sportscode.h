/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-sportscode.h: the Sportscode XML edit list, read with libxml2 and written by hand.
 * Internal to tl-event-files.c: use tl_event_document_parse() and friends. */
#pragma once

#include "tl-event-files.h"

G_BEGIN_DECLS

/* Sets G_IO_ERROR_INVALID_DATA "NAME:LINE: message" ("NAME: message" when @line is 0) and
 * returns FALSE. Defined in tl-event-files.c, shared by the readers. */
gboolean         tl_event_file_fail      (GError          **error,
                                          const char       *name,
                                          long              line,
                                          const char       *format,
                                          ...) G_GNUC_PRINTF (4, 5);

/* Detects UTF-16 (BOM or zero bytes) and UTF-8 (with or without BOM), refuses anything else,
 * DTDs and entities, and reads <file> by element names. */
TlEventDocument *tl_sportscode_parse     (const char       *data,
                                          gsize             length,
                                          const char       *name,
                                          GError          **error);
GBytes          *tl_sportscode_serialize (TlEventDocument  *document,
                                          gboolean          utf16);

G_END_DECLS
