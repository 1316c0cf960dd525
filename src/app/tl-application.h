/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-application.h: the Touchline application: owns the library, settings and app actions. */
#pragma once

#include <adwaita.h>

#include "tl-analysis-queue.h"
#include "tl-library.h"

G_BEGIN_DECLS

#define TL_TYPE_APPLICATION (tl_application_get_type ())
G_DECLARE_FINAL_TYPE (TlApplication, tl_application, TL, APPLICATION, AdwApplication)

/* @library_dir: the library folder to open, or NULL to take it from --library,
 * $TOUCHLINE_LIBRARY or the XDG default (see tl_library_resolve_dir()). */
TlApplication *tl_application_new         (const char    *library_dir);
/* (transfer none) NULL before startup, or when the library could not be opened. */
TlLibrary     *tl_application_get_library (TlApplication *self);
/* (transfer none) */
GSettings     *tl_application_get_settings (TlApplication *self);
/* (transfer none) The analysis jobs of the library (NULL when there is no library). The app
 * actions analyse-match, pause-analysis and cancel-analysis (parameter: the match id) act on
 * it. */
TlAnalysisQueue *tl_application_get_analysis_queue (TlApplication *self);

G_END_DECLS
