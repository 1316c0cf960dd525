/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-error.c: error domain quarks. */
#include "tl-error.h"

G_DEFINE_QUARK (tl-store-error-quark, tl_store_error)
G_DEFINE_QUARK (tl-import-error-quark, tl_import_error)
G_DEFINE_QUARK (tl-library-error-quark, tl_library_error)
