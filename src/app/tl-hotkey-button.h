/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-hotkey-button.h: a button that shows a hotkey and, when clicked, records the next key.
 *
 * Click, then press the key: "captured" (const char *accelerator, e.g. "g", "<Shift>1") is
 * emitted and the owner decides whether to take it (tl_hotkey_button_set_accelerator()).
 * Escape cancels, Backspace captures NULL (no key). Shift is the only modifier kept: the others
 * belong to the application. The key is read without Shift's effect, so Shift+1 is "<Shift>1"
 * on any layout. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TL_TYPE_HOTKEY_BUTTON (tl_hotkey_button_get_type ())
G_DECLARE_FINAL_TYPE (TlHotkeyButton, tl_hotkey_button, TL, HOTKEY_BUTTON, GtkButton)

GtkWidget  *tl_hotkey_button_new             (const char     *accelerator);
const char *tl_hotkey_button_get_accelerator (TlHotkeyButton *self);
void        tl_hotkey_button_set_accelerator (TlHotkeyButton *self,
                                              const char     *accelerator);

G_END_DECLS
