/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-annotation-panel.h: the Drawings side page: tools, palette, style, timing, the list. */
#pragma once

#include <gtk/gtk.h>

#include "tl-annotation-layer.h"

G_BEGIN_DECLS

#define TL_TYPE_ANNOTATION_PANEL (tl_annotation_panel_get_type ())
G_DECLARE_FINAL_TYPE (TlAnnotationPanel, tl_annotation_panel, TL, ANNOTATION_PANEL, GtkWidget)

/* Controls @layer: its tool and style, and lists its drawings. */
GtkWidget *tl_annotation_panel_new (TlAnnotationLayer *layer);

G_END_DECLS
