/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-label.h: one label button of a label group (e.g. "Won" in Outcome), with its hotkey.
 *
 * Properties (read-write, notify): "id" (gint64, 0 until saved), "name", "hotkey" (an
 * accelerator string, or NULL). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TL_TYPE_LABEL (tl_label_get_type ())
G_DECLARE_FINAL_TYPE (TlLabel, tl_label, TL, LABEL, GObject)

TlLabel    *tl_label_new        (const char *name,
                                 const char *hotkey);
gint64      tl_label_get_id     (TlLabel    *self);
void        tl_label_set_id     (TlLabel    *self,
                                 gint64      id);
const char *tl_label_get_name   (TlLabel    *self);
void        tl_label_set_name   (TlLabel    *self,
                                 const char *name);
const char *tl_label_get_hotkey (TlLabel    *self);
void        tl_label_set_hotkey (TlLabel    *self,
                                 const char *hotkey);

G_END_DECLS
