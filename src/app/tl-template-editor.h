/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-template-editor.h: edits the library's tag templates: codes, label groups, labels.
 *
 * Every change is saved at once (as GNOME preferences are), through TlTagTemplates; a change
 * that would make the template invalid (an empty or repeated name, a key used twice or taken by
 * playback) is refused with a toast and not applied. Duplicate, import and export work on files
 * in the template exchange format (tl_tag_template_to_json()).
 *
 * Property "template" (TlTagTemplate): the template edited; it changes after a duplicate, an
 * import or a delete. Signal "saved": the template was saved (the board redraws its buttons). */
#pragma once

#include <adwaita.h>

#include "tl-tag-templates.h"

G_BEGIN_DECLS

#define TL_TYPE_TEMPLATE_EDITOR (tl_template_editor_get_type ())
G_DECLARE_FINAL_TYPE (TlTemplateEditor, tl_template_editor, TL, TEMPLATE_EDITOR,
                      AdwPreferencesWindow)

TlTemplateEditor *tl_template_editor_new          (TlTagTemplates   *templates,
                                                   TlTagTemplate    *template_);
TlTagTemplate    *tl_template_editor_get_template (TlTemplateEditor *self);
void              tl_template_editor_set_template (TlTemplateEditor *self,
                                                   TlTagTemplate    *template_);

G_END_DECLS
