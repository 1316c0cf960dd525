/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tag-template.h: a code board: the codes an analyst tags with and the label groups.
 *
 * Properties (read-write, notify): "id" (gint64, 0 until saved), "name", "is-default" (the
 * template a new match's board shows). Codes and label groups are GListModels in board order;
 * edit them (or their objects), then save with tl_tag_templates_save(). */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tl-label-group.h"
#include "tl-tag-code.h"

G_BEGIN_DECLS

#define TL_TYPE_TAG_TEMPLATE (tl_tag_template_get_type ())
G_DECLARE_FINAL_TYPE (TlTagTemplate, tl_tag_template, TL, TAG_TEMPLATE, GObject)

TlTagTemplate *tl_tag_template_new              (const char    *name);
/* A deep copy without ids, named @name (duplicate). */
TlTagTemplate *tl_tag_template_copy             (TlTagTemplate *self,
                                                 const char    *name);
gint64         tl_tag_template_get_id           (TlTagTemplate *self);
void           tl_tag_template_set_id           (TlTagTemplate *self,
                                                 gint64         id);
const char    *tl_tag_template_get_name         (TlTagTemplate *self);
void           tl_tag_template_set_name         (TlTagTemplate *self,
                                                 const char    *name);
gboolean       tl_tag_template_get_is_default   (TlTagTemplate *self);
void           tl_tag_template_set_is_default   (TlTagTemplate *self,
                                                 gboolean       is_default);

/* (transfer none) of TlTagCode */
GListModel    *tl_tag_template_get_codes        (TlTagTemplate *self);
/* (transfer none) of TlLabelGroup */
GListModel    *tl_tag_template_get_label_groups (TlTagTemplate *self);
/* @position -1 appends. */
void           tl_tag_template_add_code         (TlTagTemplate *self,
                                                 TlTagCode     *code,
                                                 int            position);
void           tl_tag_template_remove_code      (TlTagTemplate *self,
                                                 TlTagCode     *code);
void           tl_tag_template_add_label_group  (TlTagTemplate *self,
                                                 TlLabelGroup  *group,
                                                 int            position);
void           tl_tag_template_remove_label_group (TlTagTemplate *self,
                                                   TlLabelGroup  *group);

/* (transfer none) lookups; NULL when there is none. Hotkeys compare as written. */
TlTagCode     *tl_tag_template_find_code        (TlTagTemplate *self,
                                                 const char    *name);
TlTagCode     *tl_tag_template_find_code_by_hotkey (TlTagTemplate *self,
                                                    const char    *hotkey);
TlLabelGroup  *tl_tag_template_find_label_group (TlTagTemplate *self,
                                                 const char    *name);
/* The label whose hotkey is @hotkey, and its group in @out_group. */
TlLabel       *tl_tag_template_find_label_by_hotkey (TlTagTemplate  *self,
                                                     const char     *hotkey,
                                                     TlLabelGroup  **out_group);
/* Whether a label group named @group exists and is exclusive. */
gboolean       tl_tag_template_is_exclusive_group (TlTagTemplate *self,
                                                   const char    *group);

/* Checks that the template can be saved: a name, non-empty unique code and group names,
 * unique labels in a group, valid colours, no hotkey used twice. Errors are
 * TL_LIBRARY_ERROR_INVALID with a message naming the culprit. */
gboolean       tl_tag_template_validate         (TlTagTemplate *self,
                                                 GError       **error);

/* The exchange format: {"touchline_template": 1, "name", "codes": [{"name", "color", "hotkey",
 * "lead_s", "lag_s", "team_bound", "toggle"}], "label_groups": [{"name", "exclusive",
 * "labels": [{"name", "hotkey"}]}]}. (transfer full) */
JsonNode      *tl_tag_template_to_json          (TlTagTemplate *self);
/* Parses and validates; errors are G_IO_ERROR_INVALID_DATA naming the member at fault. */
TlTagTemplate *tl_tag_template_new_from_json    (JsonNode      *node,
                                                 GError       **error);

G_END_DECLS
