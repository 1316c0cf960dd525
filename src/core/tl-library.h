/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-library.h: the match library service: store + matches model + import, shared by app and
 * CLI. */
#pragma once

#include <gio/gio.h>

#include "tl-error.h"
#include "tl-importer.h"
#include "tl-match.h"
#include "tl-match-events.h"
#include "tl-match-sheet.h"
#include "tl-store.h"
#include "tl-tag-templates.h"

G_BEGIN_DECLS

#define TL_TYPE_LIBRARY (tl_library_get_type ())
G_DECLARE_FINAL_TYPE (TlLibrary, tl_library, TL, LIBRARY, GObject)

/* Declared in tl-reels.h and tl-reel-exporter.h, which need TlLibrary themselves. */
typedef struct _TlReels TlReels;
typedef struct _TlReelExporter TlReelExporter;

/* One file's outcome in a batch import. */
typedef struct
{
  char    *path;
  TlMatch *match;      /* the new or (duplicate) existing match; NULL on error */
  gboolean duplicate;  /* the file was already in the library */
  GError  *error;      /* NULL on success */
} TlImportResult;

void         tl_import_result_free (TlImportResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlImportResult, tl_import_result_free)

/* The library folder: @override when given, else $TOUCHLINE_LIBRARY, else
 * $XDG_DATA_HOME/touchline. Caller frees. */
char        *tl_library_resolve_dir   (const char *override);

/* Signal "match-imported" (TlMatch *match), main thread: a file became a new match of the
 * library (not a duplicate), e.g. to analyse it after import. */

/* Opens (creating when needed) DIR/library.db; DIR/cache holds posters and other regenerable
 * files. Matches left in the trash by an earlier run (deleted, undo not taken) are purged. */
TlLibrary   *tl_library_open          (const char *dir,
                                       GError    **error);
const char  *tl_library_get_dir       (TlLibrary  *self);
const char  *tl_library_get_cache_dir (TlLibrary  *self);
TlStore     *tl_library_get_store     (TlLibrary  *self);
TlImporter  *tl_library_get_importer  (TlLibrary  *self);

/* A GListModel of TlMatch, newest import first, without trashed matches. Main thread only. */
GListModel  *tl_library_get_matches   (TlLibrary  *self);
/* (transfer none) NULL when not in the library (or trashed). */
TlMatch     *tl_library_lookup_match  (TlLibrary  *self,
                                       gint64      id);

/* Imports one file now (CLI). On a duplicate, returns the existing match and sets
 * *out_duplicate. (transfer full) */
TlMatch     *tl_library_import_file   (TlLibrary    *self,
                                       const char   *path,
                                       gboolean     *out_duplicate,
                                       GCancellable *cancellable,
                                       GError      **error);

/* Imports several files in a worker thread, one after the other; a bad file does not stop the
 * others. The result is a GPtrArray of TlImportResult, one per path, in order. */
void         tl_library_import_files_async  (TlLibrary           *self,
                                             const char * const  *paths,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray   *tl_library_import_files_finish (TlLibrary           *self,
                                             GAsyncResult        *result,
                                             GError             **error);

gboolean     tl_library_rename_match  (TlLibrary  *self,
                                       TlMatch    *match,
                                       const char *title,
                                       GError    **error);
gboolean     tl_library_set_projection (TlLibrary    *self,
                                        TlMatch      *match,
                                        TlProjection  projection,
                                        double        hfov_deg,
                                        GError      **error);
/* Stores a calibration (JSON as described at tl_calibration_parse (), checked with it and
 * against the match's picture size) and the projection and field of view it describes, in one
 * transaction; NULL removes the calibration. */
gboolean     tl_library_set_calibration (TlLibrary   *self,
                                         TlMatch     *match,
                                         const char  *calibration,
                                         GError     **error);
/* Points the match at a moved file; refuses a file whose content hash differs. */
gboolean     tl_library_relink_match  (TlLibrary    *self,
                                       TlMatch      *match,
                                       const char   *path,
                                       GCancellable *cancellable,
                                       GError      **error);

/* Delete with undo: trash hides the match (saved at once), restore brings it back, purge removes
 * trashed matches and everything that belongs to them for good. */
gboolean     tl_library_trash_match   (TlLibrary  *self,
                                       TlMatch    *match,
                                       GError    **error);
gboolean     tl_library_restore_match (TlLibrary  *self,
                                       TlMatch    *match,
                                       GError    **error);
gboolean     tl_library_purge_trash   (TlLibrary  *self,
                                       GError    **error);
/* Records a match's analysis state; for services that keep their own job rows in the same
 * transaction (the analyzer, the queue): call it inside tl_store_write(). The TlMatch object is
 * theirs to update, with tl_match_set_analysis_state(), once the write has committed. */
gboolean     tl_library_store_analysis_state (TlStore          *store,
                                              gint64            match_id,
                                              TlAnalysisState   state,
                                              GError          **error);

/* Immediate, permanent delete (CLI rm). */
gboolean     tl_library_delete_match  (TlLibrary  *self,
                                       TlMatch    *match,
                                       GError    **error);

/* The tagged events of a match (issue 7), made on first use and cached: the app's panels and
 * the CLI share one object per match. Main thread (the object itself may be edited from any
 * thread). (transfer none) Errors: TL_LIBRARY_ERROR_NO_SUCH_MATCH. */
TlMatchEvents  *tl_library_get_match_events  (TlLibrary  *self,
                                              gint64      match_id,
                                              GError    **error);
/* The tag templates, loaded (and the default seeded) on first use. (transfer none) */
TlTagTemplates *tl_library_get_tag_templates (TlLibrary  *self,
                                              GError    **error);

/* Teams, players and periods of a match, cached. Main thread. (transfer none) */
TlMatchSheet   *tl_library_get_match_sheet   (TlLibrary  *self,
                                              gint64      match_id,
                                              GError    **error);

/* The library's highlight reels, loaded on first use, and the one exporter the app shares (an
 * export goes on when the page that started it is closed). The library owns both and releases
 * them when it is disposed; they do not keep it alive. Main thread. (transfer none) */
TlReels        *tl_library_get_reels         (TlLibrary  *self,
                                              GError    **error);
TlReelExporter *tl_library_get_reel_exporter (TlLibrary  *self);

G_END_DECLS
