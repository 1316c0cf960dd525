/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-event-files.h: a match's events as files: Sportscode XML edit lists, CSV and JSON.
 *
 * Reading gives a TlEventDocument (events, the Sportscode rows, the session start) without
 * touching the library; tl_event_files_import() then adds it to a match in one transaction
 * (all or nothing, one undo step). Writing goes through a temporary file renamed over the
 * target. Each format reads back what it wrote:
 *  - Sportscode XML: code, start, end, labels (group and text), the <ID> (external id),
 *    the note (as <free_text>), row colours. Lead, lag, team and player have no place in it.
 *  - CSV: one row per event, RFC 4180 quoting, UTF-8; columns (any order on reading; code,
 *    start_s and end_s required): id, code, color, start_s, end_s, lead_s, lag_s, team_id,
 *    player_id, labels ("group:text" joined with ';', a ';' or '\' inside escaped with '\'),
 *    note, external_id. Times are decimal seconds with up to nine decimals (exact).
 *  - JSON: {"touchline_events": 1, "start_time", "rows": [{"code", "color"}], "events":
 *    [{"id", "code", "color", "start_ns", "end_ns", "start_s", "end_s", "lead_ns", "lag_ns",
 *    "team_id", "player_id", "labels": [...], "note", "external_id"}]} (the _ns members rule).
 *
 * Bad files are refused with G_IO_ERROR_INVALID_DATA and a message "FILE:LINE: problem"
 * (JSON: "FILE: event N: problem" where the parser cannot tell the line). */
#pragma once

#include <gio/gio.h>

#include "tl-event.h"
#include "tl-match-events.h"
#include "tl-match-sheet.h"
#include "tl-store.h"

G_BEGIN_DECLS

/* Files larger than this are refused before they are parsed. */
#define TL_EVENT_FILE_MAX_BYTES (64 * 1024 * 1024)

typedef enum
{
  TL_EVENT_FORMAT_SPORTSCODE,
  TL_EVENT_FORMAT_CSV,
  TL_EVENT_FORMAT_JSON,
} TlEventFormat;

/* "sportscode" (or "xml"), "csv", "json". */
gboolean     tl_event_format_from_string (const char    *str,
                                          TlEventFormat *out_format);
const char  *tl_event_format_to_string   (TlEventFormat  format);
/* By the file name's extension (.xml, .csv, .json); FALSE when it says nothing. */
gboolean     tl_event_format_guess       (const char    *path,
                                          TlEventFormat *out_format);

/* Decimal seconds with up to nine decimals, trailing zeros dropped ("12.5", "3"): exact for
 * every nanosecond. (transfer full) */
char        *tl_event_format_seconds     (gint64         ns);
/* Parses decimal seconds ("12.5", "1e2" too) into nanoseconds: refuses empty text, NaN,
 * infinities, negatives and anything past 10^7 s; FALSE without a message (callers say where). */
gboolean     tl_event_parse_seconds      (const char    *text,
                                          gint64        *out_ns);

/* A row of the Sportscode timeline: a code and its colour. */
typedef struct
{
  char *code;
  char *color;   /* "#rrggbb" */
} TlEventRow;

typedef struct
{
  GPtrArray *events;      /* of TlEventInfo, in file order */
  GPtrArray *rows;        /* of TlEventRow, in file order */
  char      *start_time;  /* <SESSION_INFO><start_time> as written, or NULL */
} TlEventDocument;

TlEventDocument *tl_event_document_new    (void);
void             tl_event_document_free   (TlEventDocument *document);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlEventDocument, tl_event_document_free)
/* Adds a row for @code unless there is one. */
void             tl_event_document_add_row (TlEventDocument *document,
                                            const char      *code,
                                            const char      *color);

/* Parses @data (@length bytes) in @format; @name is the file name used in messages.
 * (transfer full) */
TlEventDocument *tl_event_document_parse  (const char     *data,
                                           gsize           length,
                                           TlEventFormat   format,
                                           const char     *name,
                                           GError        **error);
/* Reads and parses @path (refusing files over TL_EVENT_FILE_MAX_BYTES). */
TlEventDocument *tl_event_document_load   (const char     *path,
                                           TlEventFormat   format,
                                           GError        **error);
/* The file's bytes; @utf16 (Sportscode only) writes UTF-16 LE with a BOM and CR line ends as
 * Sportscode itself does. (transfer full) */
GBytes          *tl_event_document_serialize (TlEventDocument *document,
                                              TlEventFormat    format,
                                              gboolean         utf16);
/* Writes @path through a temporary file and a rename. */
gboolean         tl_event_document_save   (TlEventDocument *document,
                                           const char      *path,
                                           TlEventFormat    format,
                                           gboolean         utf16,
                                           GError         **error);

/* A match's events, rows and session start as a document (rows: the stored ones, then one for
 * every code of an event without a row). (transfer full) */
TlEventDocument *tl_event_files_collect   (TlMatchEvents  *events,
                                           TlStore        *store,
                                           GError        **error);

/* Sportscode has no team or player: for it they travel as labels "Team:NAME" and "Player:LABEL"
 * (LABEL as tl_squad_player_dup_label(), "10 Name"). tl_event_document_name_teams() turns
 * the team and player ids of @document's events into such labels (the ids are cleared);
 * tl_event_document_resolve_teams() turns such labels back into ids where @sheet knows the
 * team or player (other labels stay labels). */
void             tl_event_document_name_teams    (TlEventDocument *document,
                                                  TlMatchSheet    *sheet);
void             tl_event_document_resolve_teams (TlEventDocument *document,
                                                  TlMatchSheet    *sheet);

typedef struct
{
  guint instances;   /* events added */
  guint codes;       /* distinct codes among events and rows */
  guint labels;      /* distinct labels */
} TlEventImportSummary;

/* Adds @document's events to the match of @events, with its rows and session start, in one
 * transaction and one undo step. */
gboolean         tl_event_files_import    (TlMatchEvents        *events,
                                           TlStore              *store,
                                           TlEventDocument      *document,
                                           const char           *description,
                                           TlEventImportSummary *out_summary,
                                           GError              **error);

G_END_DECLS
