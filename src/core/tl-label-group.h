/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-label-group.h: a group of labels of a tag template (Outcome: Won, Lost; Zone: 1-18).
 *
 * Properties (read-write, notify): "id" (gint64, 0 until saved), "name", "exclusive" (an
 * event holds at most one label of the group: a new one replaces the old).
 * tl_label_group_get_labels() is a GListModel of TlLabel in button order. */
#pragma once

#include <gio/gio.h>

#include "tl-label.h"

G_BEGIN_DECLS

#define TL_TYPE_LABEL_GROUP (tl_label_group_get_type ())
G_DECLARE_FINAL_TYPE (TlLabelGroup, tl_label_group, TL, LABEL_GROUP, GObject)

TlLabelGroup *tl_label_group_new           (const char   *name,
                                            gboolean      exclusive);
/* A copy with copies of the labels, without ids. */
TlLabelGroup *tl_label_group_copy          (TlLabelGroup *self);
gint64        tl_label_group_get_id        (TlLabelGroup *self);
void          tl_label_group_set_id        (TlLabelGroup *self,
                                            gint64        id);
const char   *tl_label_group_get_name      (TlLabelGroup *self);
void          tl_label_group_set_name      (TlLabelGroup *self,
                                            const char   *name);
gboolean      tl_label_group_get_exclusive (TlLabelGroup *self);
void          tl_label_group_set_exclusive (TlLabelGroup *self,
                                            gboolean      exclusive);
/* (transfer none) of TlLabel */
GListModel   *tl_label_group_get_labels    (TlLabelGroup *self);
/* Appends a label (or inserts at @position; -1 appends). */
void          tl_label_group_add_label     (TlLabelGroup *self,
                                            TlLabel      *label,
                                            int           position);
void          tl_label_group_remove_label  (TlLabelGroup *self,
                                            TlLabel      *label);
/* (transfer none) The label named @name, or NULL. */
TlLabel      *tl_label_group_find_label    (TlLabelGroup *self,
                                            const char   *name);

G_END_DECLS
