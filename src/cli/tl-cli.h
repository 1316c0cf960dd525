/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-cli.h: what every touchline-cli command gets, and how commands report. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tl-library.h"

G_BEGIN_DECLS

/* Exit statuses: a stable contract for scripts. */
#define TL_CLI_EXIT_OK    0
#define TL_CLI_EXIT_ERROR 1   /* a user error: bad file, no such match... (message on stderr) */
#define TL_CLI_EXIT_USAGE 2   /* bad command line */

typedef struct _TlCli TlCli;

/* A command gets its own arguments (argv[0] is the command name) and parses them with
 * GOptionContext. It returns one of the TL_CLI_EXIT_* values. */
typedef int (*TlCliCommandFunc) (TlCli  *cli,
                                 int     argc,
                                 char  **argv);

/* Opens the library on first use (commands that need none, like demo, never open it).
 * Prints "error: ..." and returns NULL when it cannot be opened. (transfer none) */
TlLibrary    *tl_cli_get_library   (TlCli      *cli);
GCancellable *tl_cli_get_cancellable (TlCli    *cli);   /* cancelled on Ctrl+C */
/* Whether stderr is a terminal (progress bars are drawn only then). */
gboolean      tl_cli_is_interactive (TlCli     *cli);

/* "error: PATH: message" or "error: message" on stderr. */
void          tl_cli_print_error    (const char *path,
                                     const char *format,
                                     ...) G_GNUC_PRINTF (2, 3);
/* A GOptionContext for a command, translated with the project's domain. (transfer full) */
GOptionContext *tl_cli_command_context (const char *parameters,
                                        const char *summary);
/* Parses @context against argv, printing "usage: ..." on failure. */
gboolean      tl_cli_parse_options  (GOptionContext *context,
                                     int            *argc,
                                     char         ***argv);
/* tl_cli_parse_options() plus a check that between @min_args and @max_args (-1: no limit)
 * positional arguments are left; otherwise prints "usage: @usage". */
gboolean      tl_cli_parse_command  (GOptionContext *context,
                                     int            *argc,
                                     char         ***argv,
                                     int             min_args,
                                     int             max_args,
                                     const char     *usage);
/* Prints @builder's root as indented JSON on stdout. */
void          tl_cli_print_json     (JsonBuilder    *builder);
/* Prints "LABEL  VALUE" with the labels of consecutive calls aligned in characters (not bytes,
 * so translated labels line up too). */
void          tl_cli_print_field    (const char     *label,
                                     const char     *format,
                                     ...) G_GNUC_PRINTF (2, 3);
/* Parses a MATCH argument (numeric id) and looks it up; prints an error and returns NULL. */
TlMatch      *tl_cli_lookup_match   (TlCli      *cli,
                                     const char *arg);

G_END_DECLS
