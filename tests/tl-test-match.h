/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-test-match.h: a match row in a test library, without importing a real file. */
#pragma once

#include "tl-store.h"

G_BEGIN_DECLS

/* Inside tl_store_write (): adds a 25 fps cylindrical match of @duration_ns at @file_path (it
 * need not exist), @width x @height covering @hfov_deg, with @calibration (JSON, may be NULL).
 * Returns its id, or 0 with @error set. */
gint64 tl_test_insert_match (TlStore     *store,
                             const char  *file_path,
                             gint64       duration_ns,
                             int          width,
                             int          height,
                             double       hfov_deg,
                             const char  *calibration,
                             GError     **error);

G_END_DECLS
