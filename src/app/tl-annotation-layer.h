/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-annotation-layer.h: draws and edits a match's drawings over the viewer (telestration).
 *
 * An overlay child of the match page's viewer_overlay, the size of the TlViewer below it. It
 * draws the drawings shown at the player's position with TlAnnotationRenderer (the same code as
 * stills and export), in the viewer's current view, and lets the user draw with the active tool,
 * select, move, reshape, restyle and delete; every edit goes through TlMatchAnnotations (saved at
 * once, undoable). With the tool "none" the layer lets every click through to the viewer (pan,
 * zoom). Playback stops for a drawing's freeze when it plays across its start.
 *
 * Properties: "tool" (TlAnnotationTool), "color" (#rrggbb), "line-width", "opacity", "dash",
 * "fill" (the style of new drawings, and of the selected one when changed), "duration" and
 * "freeze" (seconds: how long new drawings show, how long playback holds for them; also the
 * selected one's when changed), "label"
 * (the name a new spotlight shows), "selected" (TlAnnotation or NULL), "annotations"
 * (TlMatchAnnotations, read-only, NULL without a match). */
#pragma once

#include <gtk/gtk.h>

#include "tl-annotation.h"
#include "tl-library.h"
#include "tl-match-annotations.h"
#include "tl-viewer.h"

G_BEGIN_DECLS

typedef enum
{
  TL_ANNOTATION_TOOL_NONE,         /* the viewer gets the pointer: pan and zoom */
  TL_ANNOTATION_TOOL_SELECT,
  TL_ANNOTATION_TOOL_PEN,
  TL_ANNOTATION_TOOL_LINE,
  TL_ANNOTATION_TOOL_ARROW,
  TL_ANNOTATION_TOOL_CURVED_ARROW,
  TL_ANNOTATION_TOOL_CIRCLE,
  TL_ANNOTATION_TOOL_RECT,
  TL_ANNOTATION_TOOL_ZONE,
  TL_ANNOTATION_TOOL_TEXT,
  TL_ANNOTATION_TOOL_MARKER,
  TL_ANNOTATION_TOOL_SPOTLIGHT,
  TL_ANNOTATION_TOOL_LINK,
  TL_ANNOTATION_TOOL_MAGNIFIER,
} TlAnnotationTool;

#define TL_TYPE_ANNOTATION_TOOL (tl_annotation_tool_get_type ())
GType tl_annotation_tool_get_type (void) G_GNUC_CONST;

#define TL_TYPE_ANNOTATION_LAYER (tl_annotation_layer_get_type ())
G_DECLARE_FINAL_TYPE (TlAnnotationLayer, tl_annotation_layer, TL, ANNOTATION_LAYER, GtkWidget)

GtkWidget          *tl_annotation_layer_new             (TlViewer          *viewer);
/* Shows and edits @match's drawings (NULL: none). Errors are shown as a toast by the caller
 * through the "error" signal (GError *). */
void                tl_annotation_layer_set_match       (TlAnnotationLayer *self,
                                                         TlLibrary         *library,
                                                         TlMatch           *match);
TlMatchAnnotations *tl_annotation_layer_get_annotations (TlAnnotationLayer *self);

void                tl_annotation_layer_set_tool        (TlAnnotationLayer *self,
                                                         TlAnnotationTool   tool);
TlAnnotationTool    tl_annotation_layer_get_tool        (TlAnnotationLayer *self);
TlAnnotation       *tl_annotation_layer_get_selected    (TlAnnotationLayer *self);
void                tl_annotation_layer_set_selected    (TlAnnotationLayer *self,
                                                         TlAnnotation      *annotation);

/* Shows @annotation: seeks the player to its start, picks the select tool and selects it. */
void                tl_annotation_layer_go_to           (TlAnnotationLayer *self,
                                                         TlAnnotation      *annotation);

/* A player picked elsewhere (the match page's "selected-track"): with the spotlight tool it gets
 * a spotlight, with the link tool it joins the link being drawn. FALSE when no such tool is in
 * hand. */
gboolean            tl_annotation_layer_use_track       (TlAnnotationLayer *self,
                                                         guint32            track_no);

/* Moves the selected drawing's time range to start at the frame shown (keeping its length). */
void                tl_annotation_layer_start_selected_here (TlAnnotationLayer *self);

gboolean            tl_annotation_layer_undo            (TlAnnotationLayer *self);
gboolean            tl_annotation_layer_redo            (TlAnnotationLayer *self);
gboolean            tl_annotation_layer_delete_selected (TlAnnotationLayer *self);

/* The drawing keys (tools, undo, redo, delete), for the page that holds the layer to add to
 * itself, so that they work while the viewer or the layer has the focus. They act only while
 * @scope (the Drawings page) is shown or a tool is in hand: elsewhere the same letters tag
 * events. (transfer full) */
GtkEventController *tl_annotation_layer_new_shortcuts   (TlAnnotationLayer *self,
                                                         GtkWidget         *scope);

G_END_DECLS
