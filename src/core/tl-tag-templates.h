/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tag-templates.h: the library's tag templates: list, save, duplicate, delete, files.
 *
 * Get it with tl_library_get_tag_templates(). On first use of a library without any
 * template, a default football template is saved (and again only if every template was deleted,
 * so that the board is never empty). Main thread: the model and the template objects are the
 * UI's; every save is one transaction. */
#pragma once

#include <gio/gio.h>

#include "tl-store.h"
#include "tl-tag-template.h"

G_BEGIN_DECLS

#define TL_TYPE_TAG_TEMPLATES (tl_tag_templates_get_type ())
G_DECLARE_FINAL_TYPE (TlTagTemplates, tl_tag_templates, TL, TAG_TEMPLATES, GObject)

TlTagTemplates *tl_tag_templates_new           (TlStore         *store,
                                                GError         **error);
/* Re-reads the templates (after another process changed them). */
gboolean        tl_tag_templates_reload        (TlTagTemplates  *self,
                                                GError         **error);
/* (transfer none) A GListModel of TlTagTemplate, by name. */
GListModel     *tl_tag_templates_get_templates (TlTagTemplates  *self);
/* (transfer none) The default template (the first one when none is marked). */
TlTagTemplate  *tl_tag_templates_get_default   (TlTagTemplates  *self);
/* (transfer none) NULL when there is none. */
TlTagTemplate  *tl_tag_templates_lookup        (TlTagTemplates  *self,
                                                gint64           id);
TlTagTemplate  *tl_tag_templates_lookup_by_name (TlTagTemplates *self,
                                                 const char     *name);

/* Validates and saves @template with its codes, groups and labels (new ones get ids, removed
 * ones are deleted: events keep their code name and colour). A template not yet in the list is
 * added. Marking it default unmarks the others. */
gboolean        tl_tag_templates_save          (TlTagTemplates  *self,
                                                TlTagTemplate   *template_,
                                                GError         **error);
gboolean        tl_tag_templates_delete        (TlTagTemplates  *self,
                                                TlTagTemplate   *template_,
                                                GError         **error);
/* Saves a copy named @name (NULL: "NAME (copy)"). (transfer none) */
TlTagTemplate  *tl_tag_templates_duplicate     (TlTagTemplates  *self,
                                                TlTagTemplate   *template_,
                                                const char      *name,
                                                GError         **error);
/* Reads a template file (tl_tag_template_to_json() format) and saves it; a name already taken
 * gets " (2)"... Errors name the file. (transfer none) */
TlTagTemplate  *tl_tag_templates_import_file   (TlTagTemplates  *self,
                                                const char      *path,
                                                GError         **error);
/* Writes @template to @path (temp file + rename). */
gboolean        tl_tag_templates_export_file   (TlTagTemplates  *self,
                                                TlTagTemplate   *template_,
                                                const char      *path,
                                                GError         **error);

/* The default football template, unsaved. (transfer full) */
TlTagTemplate  *tl_tag_template_new_football   (void);

G_END_DECLS
