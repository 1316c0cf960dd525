/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-library-page.c: the grid of matches in the library, with search and the empty state. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-library-page.h"
#include "tl-match-card.h"
#include "tl-window.h"

struct _TlLibraryPage
{
  GtkWidget           parent_instance;

  TlLibrary          *library;
  GtkFilterListModel *filter_model;
  GtkStringFilter    *filter;
  /* Deleted matches whose "Undo" toast is still up; the trash is emptied when none is left. */
  guint               n_pending_deletes;

  /* Template children */
  AdwWindowTitle     *window_title;
  GtkToggleButton    *search_button;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkStack           *content_stack;
  GtkGridView        *grid_view;
};

G_DEFINE_FINAL_TYPE (TlLibraryPage, tl_library_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIBRARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static TlWindow *
get_window (TlLibraryPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return TL_IS_WINDOW (root) ? TL_WINDOW (root) : NULL;
}

static void
add_toast (TlLibraryPage *self,
           AdwToast      *toast)
{
  TlWindow *window = get_window (self);

  if (window != NULL)
    tl_window_add_toast (window, toast);
  else
    g_object_unref (toast);
}

static void
show_error (TlLibraryPage *self,
            const char    *heading,
            const GError  *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (get_window (self)), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_view (TlLibraryPage *self)
{
  guint n_matches = 0;
  guint n_shown = 0;
  const char *child;

  if (self->library != NULL)
    {
      n_matches = g_list_model_get_n_items (tl_library_get_matches (self->library));
      n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
    }

  if (n_matches == 0)
    child = "empty";
  else if (n_shown == 0)
    child = "no-results";
  else
    child = "matches";
  gtk_stack_set_visible_child_name (self->content_stack, child);

  /* Nothing to search in an empty library: no search button, and typing does not open it. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), n_matches > 0);
  gtk_search_bar_set_key_capture_widget (self->search_bar,
                                         n_matches > 0 ? GTK_WIDGET (self) : NULL);
  if (n_matches == 0)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);

  if (n_matches > 0)
    {
      g_autofree char *subtitle = g_strdup_printf (ngettext ("%u match", "%u matches", n_matches),
                                                   n_matches);

      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->window_title, NULL);
}

static void
on_search_changed (TlLibraryPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_string_filter_set_search (self->filter, text[0] != '\0' ? text : NULL);
}

static void
on_grid_activate (TlLibraryPage *self,
                  guint          position)
{
  g_autoptr(TlMatch) match = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);

  if (match != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-match", "x",
                                tl_match_get_id (match));
}

static void
on_factory_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  TlLibraryPage            *self)
{
  gtk_list_item_set_child (item, tl_match_card_new ());
}

static void
on_factory_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 TlLibraryPage            *self)
{
  tl_match_card_set_match (TL_MATCH_CARD (gtk_list_item_get_child (item)),
                           gtk_list_item_get_item (item));
}

static void
on_factory_unbind (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   TlLibraryPage            *self)
{
  tl_match_card_set_match (TL_MATCH_CARD (gtk_list_item_get_child (item)), NULL);
}

/* (transfer none) The match an action names, or NULL when it has gone meanwhile. */
static TlMatch *
lookup_match (TlLibraryPage *self,
              GVariant      *param)
{
  if (self->library == NULL)
    return NULL;

  return tl_library_lookup_match (self->library, g_variant_get_int64 (param));
}

static void
on_rename_entry_changed (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "rename", title[0] != '\0');
}

static void
on_rename_response (AdwMessageDialog *dialog,
                    const char       *response,
                    TlLibraryPage    *self)
{
  TlMatch *match = g_object_get_data (G_OBJECT (dialog), "match");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *title = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "rename") || self->library == NULL)
    return;

  title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (title[0] == '\0' || g_strcmp0 (title, tl_match_get_title (match)) == 0)
    return;

  if (!tl_library_rename_match (self->library, match, title, &error))
    show_error (self, _("Could Not Rename the Match"), error);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TlLibraryPage *self = TL_LIBRARY_PAGE (widget);
  TlMatch *match = lookup_match (self, param);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (match == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (get_window (self)), _("Rename Match"), NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  entry = g_object_new (GTK_TYPE_ENTRY,
                        "text", tl_match_get_title (match),
                        "activates-default", TRUE,
                        NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Match title"),
                                  -1);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_rename_entry_changed), dialog, 0);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_object_set_data_full (G_OBJECT (dialog), "match", g_object_ref (match), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
locate_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TlLibraryPage *self = TL_LIBRARY_PAGE (widget);
  TlMatch *match = lookup_match (self, param);
  TlWindow *window = get_window (self);

  if (match != NULL && window != NULL)
    tl_window_locate_match (window, match);
}

static void
on_undo_delete (AdwToast      *toast,
                TlLibraryPage *self)
{
  TlMatch *match = g_object_get_data (G_OBJECT (toast), "match");
  g_autoptr(GError) error = NULL;

  if (self->library != NULL && !tl_library_restore_match (self->library, match, &error))
    show_error (self, _("Could Not Restore the Match"), error);
}

static void
on_delete_toast_dismissed (AdwToast      *toast,
                           TlLibraryPage *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (self->n_pending_deletes > 0);

  /* Emptying the trash while another toast still offers "Undo" would break that promise. */
  if (--self->n_pending_deletes > 0 || self->library == NULL)
    return;

  if (!tl_library_purge_trash (self->library, &error))
    g_warning ("Could not empty the trash of the library: %s", error->message);
}

static void
delete_match (TlLibraryPage *self,
              TlMatch       *match)
{
  g_autoptr(TlMatch) hold = g_object_ref (match);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (!tl_library_trash_match (self->library, match, &error))
    {
      show_error (self, _("Could Not Delete the Match"), error);
      return;
    }

  title = g_markup_printf_escaped (_("“%s” deleted"), tl_match_get_title (match));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "match", g_steal_pointer (&hold), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_delete), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_delete_toast_dismissed), self, 0);
  self->n_pending_deletes++;

  add_toast (self, toast);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TlLibraryPage *self = TL_LIBRARY_PAGE (widget);
  TlMatch *match = lookup_match (self, param);

  if (match != NULL)
    delete_match (self, match);
}

/* Delete (the key) acts on the card that has the keyboard focus. */
static void
delete_focused_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  TlLibraryPage *self = TL_LIBRARY_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *card = NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->grid_view)))
    return;

  /* The focus is on the grid's cell around the card, or on a button inside it. */
  if (TL_IS_MATCH_CARD (gtk_widget_get_first_child (focus)))
    card = gtk_widget_get_first_child (focus);
  else
    card = gtk_widget_get_ancestor (focus, TL_TYPE_MATCH_CARD);

  if (card != NULL && tl_match_card_get_match (TL_MATCH_CARD (card)) != NULL)
    delete_match (self, tl_match_card_get_match (TL_MATCH_CARD (card)));
}

static void
tl_library_page_dispose (GObject *object)
{
  TlLibraryPage *self = (TlLibraryPage *) object;
  GtkWidget *child;

  tl_library_page_set_library (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_LIBRARY_PAGE);
  /* The template's outer box has no name, so dispose_template() leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->filter_model);

  G_OBJECT_CLASS (tl_library_page_parent_class)->dispose (object);
}

static void
tl_library_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TlLibraryPage *self = TL_LIBRARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_library_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TlLibraryPage *self = TL_LIBRARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      tl_library_page_set_library (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_library_page_class_init (TlLibraryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_library_page_dispose;
  object_class->get_property = tl_library_page_get_property;
  object_class->set_property = tl_library_page_set_property;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, TL_TYPE_LIBRARY,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/tl-library-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TlLibraryPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, TlLibraryPage, search_button);
  gtk_widget_class_bind_template_child (widget_class, TlLibraryPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TlLibraryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TlLibraryPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TlLibraryPage, grid_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_grid_activate);

  gtk_widget_class_install_action (widget_class, "library.rename", "x", rename_action);
  gtk_widget_class_install_action (widget_class, "library.locate", "x", locate_action);
  gtk_widget_class_install_action (widget_class, "library.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "library.delete-focused", NULL,
                                   delete_focused_action);

  /* A key binding, not an accelerator: the search entry gets Delete first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0,
                                       "library.delete-focused", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "library.delete-focused", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (TL_TYPE_MATCH_CARD);
}

static void
tl_library_page_init (TlLibraryPage *self)
{
  GtkListItemFactory *factory;
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The entry sits in a clamp, where the search bar does not find it by itself. */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  expression = gtk_property_expression_new (TL_TYPE_MATCH, NULL, "title");
  self->filter = gtk_string_filter_new (expression);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (update_view), self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind), self);
  gtk_grid_view_set_factory (self->grid_view, factory);
  g_object_unref (factory);

  /* Cards open with a click; there is nothing to select. */
  gtk_grid_view_set_model (self->grid_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (
                             g_object_ref (G_LIST_MODEL (self->filter_model)))));

  update_view (self);
}

TlLibrary *
tl_library_page_get_library (TlLibraryPage *self)
{
  g_return_val_if_fail (TL_IS_LIBRARY_PAGE (self), NULL);

  return self->library;
}

void
tl_library_page_set_library (TlLibraryPage *self,
                             TlLibrary     *library)
{
  g_return_if_fail (TL_IS_LIBRARY_PAGE (self));
  g_return_if_fail (library == NULL || TL_IS_LIBRARY (library));

  if (self->library == library)
    return;

  if (self->library != NULL)
    g_signal_handlers_disconnect_by_func (tl_library_get_matches (self->library),
                                          update_view, self);
  g_set_object (&self->library, library);

  /* The filter model notifies only what passes the search; the empty state needs them all. */
  if (library != NULL)
    g_signal_connect_object (tl_library_get_matches (library), "items-changed",
                             G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  gtk_filter_list_model_set_model (self->filter_model,
                                   library ? tl_library_get_matches (library) : NULL);
  update_view (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY]);
}

void
tl_library_page_toggle_search (TlLibraryPage *self)
{
  g_return_if_fail (TL_IS_LIBRARY_PAGE (self));

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->search_button)))
    return;

  gtk_search_bar_set_search_mode (self->search_bar,
                                  !gtk_search_bar_get_search_mode (self->search_bar));
}
