/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-window.h: the main window: library and match pages, import by chooser or drag and drop. */
#pragma once

#include <adwaita.h>

#include "tl-application.h"

G_BEGIN_DECLS

#define TL_TYPE_WINDOW (tl_window_get_type ())
G_DECLARE_FINAL_TYPE (TlWindow, tl_window, TL, WINDOW, AdwApplicationWindow)

TlWindow *tl_window_new                 (TlApplication      *application);

/* The one way files enter the library from the UI (file chooser, drag and drop, command line):
 * imports @paths in the background, shows progress, then reports in toasts and, for files that
 * failed, a dialog. @paths is NULL-terminated. */
void      tl_window_import_files        (TlWindow           *self,
                                         const char * const *paths);
/* Opens the file chooser for videos to import. */
void      tl_window_choose_import_files (TlWindow           *self);
/* "Try the demo match": generates a calibrated demo of @seconds into LIBRARY/demo/ (with
 * progress in the import bar, cancellable) unless an earlier run left it there, imports it and
 * opens it. */
void      tl_window_try_demo_match      (TlWindow           *self,
                                         double              seconds);
/* Asks for the new place of a match whose file is missing, and relinks it. */
void      tl_window_locate_match        (TlWindow           *self,
                                         TlMatch            *match);

void      tl_window_show_match          (TlWindow           *self,
                                         TlMatch            *match);
void      tl_window_show_library        (TlWindow           *self);

/* @toast: (transfer full) */
void      tl_window_add_toast           (TlWindow           *self,
                                         AdwToast           *toast);

G_END_DECLS
