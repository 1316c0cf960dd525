/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-tagging.c: the tagging tools of a match page: Tag, Events and Summary pages. */
#include "config.h"

#include <glib/gi18n.h>

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

static const GActionEntry action_entries[] = {
  { "edit-templates", edit_templates_activated, NULL, NULL, NULL, { 0 } },
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

static void
update_teams (TlMatchTagging *self)
{
  tl_tag_board_set_teams (self->board, 0, NULL, 0, NULL);
  tl_event_list_refresh (self->list);
  tl_event_matrix_refresh (self->matrix);
}

void
tl_match_tagging_set_match (TlMatchTagging *self,
                            TlLibrary      *library,
                            TlMatch        *match)
{
  g_autoptr(GError) error = NULL;
  TlMatchEvents *events = NULL;

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
    }

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
  update_teams (self);
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
