/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-preferences-window.h: the preferences: appearance, import defaults, library folder. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TL_TYPE_PREFERENCES_WINDOW (tl_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (TlPreferencesWindow, tl_preferences_window, TL, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* @settings: the io.github.touchline.Touchline settings; @library_dir: (nullable) the folder of
 * the open library, shown with a button that opens it. */
GtkWidget *tl_preferences_window_new (GSettings  *settings,
                                      const char *library_dir);

G_END_DECLS
