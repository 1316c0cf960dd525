/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-library-page.h: the grid of matches in the library, with search and the empty state. */
#pragma once

#include <gtk/gtk.h>

#include "tl-library.h"

G_BEGIN_DECLS

#define TL_TYPE_LIBRARY_PAGE (tl_library_page_get_type ())
G_DECLARE_FINAL_TYPE (TlLibraryPage, tl_library_page, TL, LIBRARY_PAGE, GtkWidget)

TlLibrary *tl_library_page_get_library   (TlLibraryPage *self);
void       tl_library_page_set_library   (TlLibraryPage *self,
                                          TlLibrary     *library);
/* Shows the search bar when hidden, hides it (clearing the search) when shown. */
void       tl_library_page_toggle_search (TlLibraryPage *self);

G_END_DECLS
