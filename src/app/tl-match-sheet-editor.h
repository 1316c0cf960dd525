/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-sheet-editor.h: edits a match's sheet: home and away teams, players, kick-offs.
 *
 * Every change is saved at once through TlMatchSheet; errors (a shirt number worn twice, no
 * team on that side yet) come back as toasts. Kick-offs are set from the playhead of @player,
 * so the analyst pauses on the kick-off and presses "Add at Playhead". */
#pragma once

#include <adwaita.h>

#include "tl-match-sheet.h"
#include "tl-player.h"

G_BEGIN_DECLS

#define TL_TYPE_MATCH_SHEET_EDITOR (tl_match_sheet_editor_get_type ())
G_DECLARE_FINAL_TYPE (TlMatchSheetEditor, tl_match_sheet_editor, TL, MATCH_SHEET_EDITOR,
                      AdwPreferencesWindow)

TlMatchSheetEditor *tl_match_sheet_editor_new (TlMatchSheet *sheet,
                                               TlPlayer     *player);

G_END_DECLS
