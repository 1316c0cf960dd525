/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-test-library.h: what the tagging tests share: a match row, counts read from another
 * connection, and touchline-cli runs. */
#pragma once

#include "tl-library.h"

G_BEGIN_DECLS

/* A match row as the importer would write it (the video need not exist); returns its id. */
gint64   tl_test_add_match   (TlLibrary  *library,
                              const char *content_hash);

/* The first column of @sql's first row, read through a separate read-only connection to
 * DIR/library.db: what another process, or the app after a crash, would see. */
gint64   tl_test_db_count    (const char *library_dir,
                              const char *sql);

typedef struct
{
  int   status;
  char *out;
  char *err;
} TlTestRun;

void     tl_test_run_clear   (TlTestRun  *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TlTestRun, tl_test_run_clear)

/* Runs $TOUCHLINE_CLI --library @library_dir ARGS... (NULL-terminated), capturing everything. */
void     tl_test_run_cli     (const char *library_dir,
                              TlTestRun  *run,
                              const char *first_arg,
                              ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
