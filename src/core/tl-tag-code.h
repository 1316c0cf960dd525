/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tag-code.h: one button of a tag template: a code with colour, hotkey, lead and lag.
 *
 * Properties (read-write, notify): "id" (gint64, 0 until saved), "name", "color" ("#rrggbb"),
 * "hotkey" (an accelerator string such as "g" or "<Shift>c", or NULL), "lead-ns", "lag-ns"
 * (gint64 nanoseconds before and after the press), "team-bound" (the code asks for a team),
 * "toggle" (one press starts the event, the next ends it). Setting a property changes the
 * object only: TlTagTemplates saves a template with its codes. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TL_TYPE_TAG_CODE (tl_tag_code_get_type ())
G_DECLARE_FINAL_TYPE (TlTagCode, tl_tag_code, TL, TAG_CODE, GObject)

TlTagCode  *tl_tag_code_new            (const char *name,
                                        const char *color,
                                        const char *hotkey,
                                        gint64      lead_ns,
                                        gint64      lag_ns);
/* A copy without id (for duplicating a template). */
TlTagCode  *tl_tag_code_copy           (TlTagCode  *self);
gint64      tl_tag_code_get_id         (TlTagCode  *self);
void        tl_tag_code_set_id         (TlTagCode  *self,
                                        gint64      id);
const char *tl_tag_code_get_name       (TlTagCode  *self);
void        tl_tag_code_set_name       (TlTagCode  *self,
                                        const char *name);
const char *tl_tag_code_get_color      (TlTagCode  *self);
void        tl_tag_code_set_color      (TlTagCode  *self,
                                        const char *color);
const char *tl_tag_code_get_hotkey     (TlTagCode  *self);
void        tl_tag_code_set_hotkey     (TlTagCode  *self,
                                        const char *hotkey);
gint64      tl_tag_code_get_lead       (TlTagCode  *self);
void        tl_tag_code_set_lead       (TlTagCode  *self,
                                        gint64      lead_ns);
gint64      tl_tag_code_get_lag        (TlTagCode  *self);
void        tl_tag_code_set_lag        (TlTagCode  *self,
                                        gint64      lag_ns);
gboolean    tl_tag_code_get_team_bound (TlTagCode  *self);
void        tl_tag_code_set_team_bound (TlTagCode  *self,
                                        gboolean    team_bound);
gboolean    tl_tag_code_get_toggle     (TlTagCode  *self);
void        tl_tag_code_set_toggle     (TlTagCode  *self,
                                        gboolean    toggle);

G_END_DECLS
