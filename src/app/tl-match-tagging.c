/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-tagging.c: the tagging tools of a match page: Tag, Events and Summary pages. */
#include "config.h"

#include <glib/gi18n.h>

#include "tl-event-files.h"
#include "tl-match-sheet-editor.h"
#include "tl-match-tagging.h"
#include "tl-template-editor.h"
#include "tl-window.h"

struct _TlMatchTagging
{
  GObject               parent_instance;

  GtkWidget            *page;        /* weak: the page owns us */
  AdwViewStack         *side_stack;
  GtkWidget            *video;
  TlPlayer             *player;
  TlLibrary            *library;
  TlMatch              *match;
  TlMatchEvents        *events;
  TlMatchSheet         *sheet;
  TlTagTemplates       *templates;

  TlTagBoard           *board;
  TlEventList          *list;
  TlEventMatrix        *matrix;
  GtkEventController   *tag_keys;
  GtkEventController   *edit_keys;
  GSimpleActionGroup   *actions;
};

G_DEFINE_FINAL_TYPE (TlMatchTagging, tl_match_tagging, G_TYPE_OBJECT)

static void
toast (TlMatchTagging *self,
       const char     *title)
{
  GtkRoot *root = self->page != NULL ? gtk_widget_get_root (self->page) : NULL;

  if (TL_IS_WINDOW (root))
    tl_window_add_toast (TL_WINDOW (root), adw_toast_new (title));
  else
    g_message ("%s", title);
}

static void
toast_error (TlMatchTagging *self,
             const char     *what,
             const GError   *error)
{
  g_autofree char *title = g_markup_printf_escaped ("%s: %s", what, error->message);

  toast (self, title);
}

static void
update_undo_actions (TlMatchTagging *self)
{
  GAction *undo = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "undo");
  GAction *redo = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "redo");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (undo), self->events != NULL
                               && tl_match_events_get_can_undo (self->events));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (redo), self->events != NULL
                               && tl_match_events_get_can_redo (self->events));
}

static void
undo_redo (TlMatchTagging *self,
           gboolean        redo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *title = NULL;

  if (self->events == NULL)
    return;

  /* Presses still on their way to the disk come first, so the undo takes the last one. */
  tl_tag_board_flush (self->board);

  description = redo ? tl_match_events_dup_redo_description (self->events)
                     : tl_match_events_dup_undo_description (self->events);
  if (description == NULL)
    return;

  if (!(redo ? tl_match_events_redo (self->events, &error)
             : tl_match_events_undo (self->events, &error)))
    {
      toast_error (self, redo ? _("Could not redo") : _("Could not undo"), error);
      return;
    }

  /* Translators: a toast after Ctrl+Z, e.g. "Undone: Tag “Goal”" */
  title = g_strdup_printf (redo ? _("Redone: %s") : _("Undone: %s"), description);
  toast (self, title);
}

static void
undo_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  undo_redo (data, FALSE);
}

static void
redo_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  undo_redo (data, TRUE);
}

static void
focus_video_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       data)
{
  TlMatchTagging *self = data;

  if (self->video != NULL)
    gtk_widget_grab_focus (self->video);
}

static void
on_event_activated (TlMatchTagging *self,
                    TlEvent        *event)
{
  /* Labels and the note go to the event picked, until the next tag. */
  tl_tag_board_set_current_event_id (self->board, tl_event_get_id (event));
}

static void
on_matrix_filter (TlMatchTagging      *self,
                  const TlEventFilter *filter)
{
  tl_event_list_set_filter (self->list, filter);
  adw_view_stack_set_visible_child_name (self->side_stack, "events");
}

static void
on_tagged (TlMatchTagging *self,
           gint64          event_id)
{
  tl_event_list_select_event (self->list, event_id);
}

static void
on_editor_template (TlMatchTagging   *self,
                    GParamSpec       *pspec,
                    TlTemplateEditor *editor)
{
  /* The board shows what is edited: a duplicate or an import is the one wanted next. */
  if (self->board != NULL && tl_template_editor_get_template (editor) != NULL)
    tl_tag_board_set_template (self->board, tl_template_editor_get_template (editor));
}

static void
on_editor_saved (TlMatchTagging   *self,
                 TlTemplateEditor *editor)
{
  TlTagTemplate *shown;

  if (self->board == NULL)
    return;

  /* A deleted template is no longer in the list: fall back to the default. */
  shown = tl_tag_board_get_template (self->board);
  if (shown != NULL && tl_tag_templates_lookup (self->templates,
                                                tl_tag_template_get_id (shown)) != shown)
    shown = tl_tag_templates_get_default (self->templates);
  tl_tag_board_set_template (self->board, shown);
}

static void
edit_templates_activated (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       data)
{
  TlMatchTagging *self = data;
  TlTemplateEditor *editor;
  GtkRoot *root;

  if (self->templates == NULL || self->page == NULL)
    return;

  editor = tl_template_editor_new (self->templates, tl_tag_board_get_template (self->board));
  root = gtk_widget_get_root (self->page);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  g_signal_connect_object (editor, "notify::template", G_CALLBACK (on_editor_template), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static GtkWindow *
parent_window (TlMatchTagging *self)
{
  GtkRoot *root = self->page != NULL ? gtk_widget_get_root (self->page) : NULL;

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
edit_sheet_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  TlMatchTagging *self = data;
  TlMatchSheetEditor *editor;

  if (self->sheet == NULL)
    return;

  editor = tl_match_sheet_editor_new (self->sheet, self->player);
  gtk_window_set_transient_for (GTK_WINDOW (editor), parent_window (self));
  gtk_window_present (GTK_WINDOW (editor));
}

/* Import failures get a dialog, not a toast: the message names the file and the line, and the
 * analyst needs the time to read it. */
static void
show_import_error (TlMatchTagging *self,
                   const GError   *error)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), _("Could Not Import Events"),
                                              NULL);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
tl_match_tagging_import_file (TlMatchTagging *self,
                              const char     *path,
                              GError        **error)
{
  g_autoptr(TlEventDocument) document = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *title = NULL;
  TlEventImportSummary summary = { 0, };
  TlEventFormat format;

  g_return_val_if_fail (TL_IS_MATCH_TAGGING (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->events == NULL || self->library == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("No match is open"));
      return FALSE;
    }

  name = g_filename_display_basename (path);
  if (!tl_event_format_guess (path, &format))
    {
      /* Translators: %s is a file name */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: not a Sportscode XML, CSV or JSON file (by its name)"), name);
      return FALSE;
    }

  document = tl_event_document_load (path, format, error);
  if (document == NULL)
    return FALSE;

  /* Presses still being written go first, so the import is one clean undo step after them. */
  tl_tag_board_flush (self->board);
  /* Translators: the undo description of an import, e.g. "Import “match.xml”" */
  description = g_strdup_printf (_("Import “%s”"), name);
  if (!tl_event_files_import (self->events, tl_library_get_store (self->library), document,
                              description, &summary, error))
    return FALSE;

  /* Translators: a toast after an import */
  title = g_strdup_printf (_("Imported %u events, %u codes and %u labels from “%s”"),
                           summary.instances, summary.codes, summary.labels, name);
  toast (self, title);
  return TRUE;
}

static void
on_import_response (GtkNativeDialog *dialog,
                    int              response,
                    TlMatchTagging  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  if (!tl_match_tagging_import_file (self, path, &error))
    show_import_error (self, error);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
import_events_activated (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       data)
{
  TlMatchTagging *self = data;
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->events == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_("Import Events"), parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_file_filter_set_name (all, _("Event Files"));
  gtk_file_filter_add_pattern (all, "*.xml");
  gtk_file_filter_add_pattern (all, "*.csv");
  gtk_file_filter_add_pattern (all, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  add_filter (GTK_FILE_CHOOSER (dialog), _("Sportscode XML Edit Lists"), "*.xml");
  add_filter (GTK_FILE_CHOOSER (dialog), _("CSV"), "*.csv");
  add_filter (GTK_FILE_CHOOSER (dialog), _("JSON"), "*.json");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_import_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

gboolean
tl_match_tagging_export_file (TlMatchTagging *self,
                              const char     *path,
                              TlEventFormat   format,
                              gboolean        utf16,
                              GError        **error)
{
  g_autoptr(TlEventDocument) document = NULL;

  g_return_val_if_fail (TL_IS_MATCH_TAGGING (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->events == NULL || self->library == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("No match is open"));
      return FALSE;
    }

  tl_tag_board_flush (self->board);
  document = tl_event_files_collect (self->events, tl_library_get_store (self->library), error);
  return document != NULL && tl_event_document_save (document, path, format, utf16, error);
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    TlMatchTagging  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const char *choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "format");
  TlEventFormat format = TL_EVENT_FORMAT_SPORTSCODE;
  gboolean utf16 = g_strcmp0 (choice, "sportscode-utf16") == 0;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (choice != NULL && !utf16)
    tl_event_format_from_string (choice, &format);
  g_object_unref (dialog);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  if (!tl_match_tagging_export_file (self, path, format, utf16, &error))
    toast_error (self, _("Could not export the events"), error);
  else
    {
      g_autofree char *name = g_filename_display_basename (path);
      /* Translators: a toast after exporting events; %s is the file name */
      g_autofree char *title = g_strdup_printf (_("Saved “%s”"), name);

      toast (self, title);
    }
}

static void
export_events_activated (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       data)
{
  TlMatchTagging *self = data;
  GtkFileChooserNative *dialog;
  const char *ids[] = { "sportscode", "sportscode-utf16", "csv", "json", NULL };
  const char *labels[] = { _("Sportscode XML"), _("Sportscode XML, UTF-16 (as Sportscode)"),
                           _("CSV"), _("JSON"), NULL };
  g_autofree char *name = NULL;

  if (self->events == NULL || self->match == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_("Export Events"), parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "format", _("Format"), ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "format", "sportscode");
  name = g_strconcat (tl_match_get_title (self->match), ".xml", NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static const GActionEntry action_entries[] = {
  { "edit-templates", edit_templates_activated, NULL, NULL, NULL, { 0 } },
  { "edit-sheet", edit_sheet_activated, NULL, NULL, NULL, { 0 } },
  { "import-events", import_events_activated, NULL, NULL, NULL, { 0 } },
  { "export-events", export_events_activated, NULL, NULL, NULL, { 0 } },
  { "undo", undo_activated, NULL, NULL, NULL, { 0 } },
  { "redo", redo_activated, NULL, NULL, NULL, { 0 } },
  { "focus-video", focus_video_activated, NULL, NULL, NULL, { 0 } },
};

static void
tl_match_tagging_dispose (GObject *object)
{
  TlMatchTagging *self = (TlMatchTagging *) object;

  tl_match_tagging_detach (self);

  G_OBJECT_CLASS (tl_match_tagging_parent_class)->dispose (object);
}

static void
tl_match_tagging_class_init (TlMatchTaggingClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tl_match_tagging_dispose;
}

static void
tl_match_tagging_init (TlMatchTagging *self)
{
}

static GtkEventController *
edit_shortcuts_new (void)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  const struct { const char *trigger; const char *action; } keys[] = {
    { "<Control>z", "tagging.undo" },
    { "<Control><Shift>z", "tagging.redo" },
    { "<Control>y", "tagging.redo" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (
                                            gtk_shortcut_trigger_parse_string (keys[i].trigger),
                                            gtk_named_action_new (keys[i].action)));
  return controller;
}

TlMatchTagging *
tl_match_tagging_new (GtkWidget    *page,
                      AdwViewStack *side_stack,
                      GtkWidget    *video,
                      TlPlayer     *player)
{
  TlMatchTagging *self;
  AdwViewStackPage *stack_page;

  g_return_val_if_fail (GTK_IS_WIDGET (page), NULL);
  g_return_val_if_fail (ADW_IS_VIEW_STACK (side_stack), NULL);
  g_return_val_if_fail (TL_IS_PLAYER (player), NULL);

  self = g_object_new (TL_TYPE_MATCH_TAGGING, NULL);
  self->page = page;
  self->side_stack = side_stack;
  self->video = video;
  self->player = g_object_ref (player);

  self->board = g_object_new (TL_TYPE_TAG_BOARD, NULL);
  self->list = g_object_new (TL_TYPE_EVENT_LIST, NULL);
  self->matrix = g_object_new (TL_TYPE_EVENT_MATRIX, NULL);
  tl_tag_board_set_player (self->board, player);
  tl_event_list_set_player (self->list, player);

  stack_page = adw_view_stack_add_titled (side_stack, GTK_WIDGET (self->board), "tag",
                                          _("Tag"));
  adw_view_stack_page_set_icon_name (stack_page, "tag-symbolic");
  stack_page = adw_view_stack_add_titled (side_stack, GTK_WIDGET (self->list), "events",
                                          _("Events"));
  adw_view_stack_page_set_icon_name (stack_page, "view-list-symbolic");
  stack_page = adw_view_stack_add_titled (side_stack, GTK_WIDGET (self->matrix), "summary",
                                          _("Summary"));
  adw_view_stack_page_set_icon_name (stack_page, "view-grid-symbolic");

  g_signal_connect_object (self->list, "event-activated", G_CALLBACK (on_event_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->matrix, "filter", G_CALLBACK (on_matrix_filter), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->board, "tagged", G_CALLBACK (on_tagged), self,
                           G_CONNECT_SWAPPED);

  /* Bubbling: the focused widget (an entry above all) sees a key before the tag board does,
   * and the page's own playback keys, which templates may not use, are not in the way. */
  self->tag_keys = gtk_shortcut_controller_new_for_model (tl_tag_board_get_shortcuts (self->board));
  gtk_event_controller_set_name (self->tag_keys, "tag-hotkeys");
  gtk_event_controller_set_propagation_phase (self->tag_keys, GTK_PHASE_BUBBLE);
  gtk_widget_add_controller (page, g_object_ref (self->tag_keys));

  self->edit_keys = edit_shortcuts_new ();
  gtk_event_controller_set_name (self->edit_keys, "tagging-edit-keys");
  gtk_widget_add_controller (page, g_object_ref (self->edit_keys));

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), action_entries,
                                   G_N_ELEMENTS (action_entries), self);
  gtk_widget_insert_action_group (page, "tagging", G_ACTION_GROUP (self->actions));
  update_undo_actions (self);

  return self;
}

/* Names, the match clock and the period filters follow every change of the sheet. */
static void
on_sheet_changed (TlMatchTagging *self)
{
  tl_event_list_refresh (self->list);
  tl_event_matrix_refresh (self->matrix);
}

static void
set_sheet (TlMatchTagging *self,
           TlMatchSheet   *sheet)
{
  if (self->sheet == sheet)
    return;

  if (self->sheet != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sheet, self);
      g_signal_handlers_disconnect_by_data (tl_match_sheet_get_players (self->sheet), self);
      g_signal_handlers_disconnect_by_data (tl_match_sheet_get_periods (self->sheet), self);
    }
  g_set_object (&self->sheet, sheet);
  if (sheet != NULL)
    {
      g_signal_connect_object (sheet, "notify", G_CALLBACK (on_sheet_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (tl_match_sheet_get_players (sheet), "items-changed",
                               G_CALLBACK (on_sheet_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (tl_match_sheet_get_periods (sheet), "items-changed",
                               G_CALLBACK (on_sheet_changed), self, G_CONNECT_SWAPPED);
    }

  tl_tag_board_set_sheet (self->board, sheet);
  tl_event_list_set_sheet (self->list, sheet);
  tl_event_matrix_set_sheet (self->matrix, sheet);
}

void
tl_match_tagging_set_match (TlMatchTagging *self,
                            TlLibrary      *library,
                            TlMatch        *match)
{
  g_autoptr(GError) error = NULL;
  TlMatchEvents *events = NULL;
  TlMatchSheet *sheet = NULL;

  g_return_if_fail (TL_IS_MATCH_TAGGING (self));

  g_set_object (&self->library, library);
  g_set_object (&self->match, match);

  if (library != NULL && self->templates == NULL)
    {
      self->templates = tl_library_get_tag_templates (library, &error);
      if (self->templates == NULL)
        {
          toast_error (self, _("Could not load the tag templates"), error);
          g_clear_error (&error);
        }
      else
        {
          g_object_ref (self->templates);
          tl_tag_board_set_templates (self->board,
                                      tl_tag_templates_get_templates (self->templates));
          tl_tag_board_set_template (self->board, tl_tag_templates_get_default (self->templates));
        }
    }

  if (library != NULL && match != NULL)
    {
      events = tl_library_get_match_events (library, tl_match_get_id (match), &error);
      if (events == NULL)
        toast_error (self, _("Could not load the events"), error);
      g_clear_error (&error);
      sheet = tl_library_get_match_sheet (library, tl_match_get_id (match), &error);
      if (sheet == NULL)
        toast_error (self, _("Could not load the teams and periods"), error);
    }
  set_sheet (self, sheet);

  if (self->events != events)
    {
      if (self->events != NULL)
        g_signal_handlers_disconnect_by_data (self->events, self);
      g_set_object (&self->events, events);
      if (events != NULL)
        {
          g_signal_connect_object (events, "notify::can-undo", G_CALLBACK (update_undo_actions),
                                   self, G_CONNECT_SWAPPED);
          g_signal_connect_object (events, "notify::can-redo", G_CALLBACK (update_undo_actions),
                                   self, G_CONNECT_SWAPPED);
        }
    }

  tl_tag_board_set_events (self->board, events);
  tl_event_list_set_events (self->list, events);
  tl_event_matrix_set_events (self->matrix, events);
  update_undo_actions (self);
}

void
tl_match_tagging_set_selected_track (TlMatchTagging *self,
                                     int             track)
{
  g_return_if_fail (TL_IS_MATCH_TAGGING (self));

  tl_tag_board_set_selected_track (self->board, track);
}

TlTagBoard *
tl_match_tagging_get_board (TlMatchTagging *self)
{
  g_return_val_if_fail (TL_IS_MATCH_TAGGING (self), NULL);

  return self->board;
}

TlEventList *
tl_match_tagging_get_list (TlMatchTagging *self)
{
  g_return_val_if_fail (TL_IS_MATCH_TAGGING (self), NULL);

  return self->list;
}

TlEventMatrix *
tl_match_tagging_get_matrix (TlMatchTagging *self)
{
  g_return_val_if_fail (TL_IS_MATCH_TAGGING (self), NULL);

  return self->matrix;
}

TlMatchEvents *
tl_match_tagging_get_events (TlMatchTagging *self)
{
  g_return_val_if_fail (TL_IS_MATCH_TAGGING (self), NULL);

  return self->events;
}

void
tl_match_tagging_detach (TlMatchTagging *self)
{
  g_return_if_fail (TL_IS_MATCH_TAGGING (self));

  if (self->page == NULL)
    return;

  /* Every press is saved before the pages go. */
  if (self->board != NULL)
    tl_tag_board_set_events (self->board, NULL);
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  g_clear_object (&self->events);
  set_sheet (self, NULL);

  gtk_widget_remove_controller (self->page, self->tag_keys);
  gtk_widget_remove_controller (self->page, self->edit_keys);
  g_clear_object (&self->tag_keys);
  g_clear_object (&self->edit_keys);
  gtk_widget_insert_action_group (self->page, "tagging", NULL);
  g_clear_object (&self->actions);
  self->page = NULL;
  self->video = NULL;
  self->board = NULL;
  self->list = NULL;
  self->matrix = NULL;
  g_clear_object (&self->templates);
  g_clear_object (&self->library);
  g_clear_object (&self->match);
  g_clear_object (&self->player);
}

void
tl_match_tagging_set_keys_enabled (TlMatchTagging *self,
                                   gboolean        enabled)
{
  g_return_if_fail (TL_IS_MATCH_TAGGING (self));

  gtk_event_controller_set_propagation_phase (self->tag_keys,
                                              enabled ? GTK_PHASE_BUBBLE : GTK_PHASE_NONE);
}
