/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-annotations.h: a match's drawings as a GListModel, with saved edits and undo/redo.
 *
 * Every edit (add, update, delete, undo, redo) is one store transaction, saved at once, and then
 * applied to the model. The list is in drawing order: z-order, then id. Main thread only; worker
 * threads read drawings with tl_annotations_load (). */
#pragma once

#include <gio/gio.h>

#include "tl-annotation.h"
#include "tl-library.h"
#include "tl-store.h"

G_BEGIN_DECLS

/* The drawings of a match in drawing order, as a GPtrArray of new TlAnnotation. Opens its own
 * read transaction, so any thread may call it. (transfer full) */
GPtrArray          *tl_annotations_load (TlStore  *store,
                                         gint64    match_id,
                                         GError  **error);

#define TL_TYPE_MATCH_ANNOTATIONS (tl_match_annotations_get_type ())
G_DECLARE_FINAL_TYPE (TlMatchAnnotations, tl_match_annotations, TL, MATCH_ANNOTATIONS, GObject)

/* Loads the drawings of match @match_id; TL_LIBRARY_ERROR_NO_SUCH_MATCH when there is none. */
TlMatchAnnotations *tl_match_annotations_new      (TlLibrary          *library,
                                                   gint64              match_id,
                                                   GError            **error);
TlLibrary          *tl_match_annotations_get_library  (TlMatchAnnotations *self);
gint64              tl_match_annotations_get_match_id (TlMatchAnnotations *self);
/* (transfer none) NULL when there is no such drawing in this match. */
TlAnnotation       *tl_match_annotations_lookup   (TlMatchAnnotations *self,
                                                   gint64              id);

/* Saves a new drawing (its id must be 0) on top of the others and adds it to the model; sets
 * its id and match. The model keeps a reference to @annotation. */
gboolean            tl_match_annotations_add      (TlMatchAnnotations *self,
                                                   TlAnnotation       *annotation,
                                                   GError            **error);
/* Saves @edited (usually a tl_annotation_copy () of a drawing of the model, changed) and
 * applies it to the model's drawing with the same id. */
gboolean            tl_match_annotations_update   (TlMatchAnnotations *self,
                                                   TlAnnotation       *edited,
                                                   GError            **error);
gboolean            tl_match_annotations_delete   (TlMatchAnnotations *self,
                                                   gint64              id,
                                                   GError            **error);

/* Undo and redo of the edits above, in this session ("can-undo", "can-redo" notify). */
gboolean            tl_match_annotations_can_undo (TlMatchAnnotations *self);
gboolean            tl_match_annotations_can_redo (TlMatchAnnotations *self);
gboolean            tl_match_annotations_undo     (TlMatchAnnotations *self,
                                                   GError            **error);
gboolean            tl_match_annotations_redo     (TlMatchAnnotations *self,
                                                   GError            **error);

/* The first telestration freeze that playback crosses going from @from_ns (excluded) to @to_ns
 * (included): returns its drawing (transfer none), or NULL. */
TlAnnotation       *tl_match_annotations_find_freeze (TlMatchAnnotations *self,
                                                      gint64              from_ns,
                                                      gint64              to_ns);

G_END_DECLS
