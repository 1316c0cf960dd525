/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-template-editor.c: edits the library's tag templates: codes, label groups, labels. */
#include "config.h"

#include <glib/gi18n.h>

#include "tl-hotkey-button.h"
#include "tl-tag-board.h"
#include "tl-template-editor.h"

/* Lead and lag in the spin buttons: seconds, in half-second steps up to two minutes. */
#define MAX_MARGIN_S 120.0

struct _TlTemplateEditor
{
  AdwPreferencesWindow  parent_instance;

  TlTagTemplates       *templates;
  TlTagTemplate        *template;
  /* What rebuild() added, to take out again: rows of codes_group, groups of labels_page. */
  GPtrArray            *code_rows;
  GPtrArray            *label_groups;
  gboolean              updating;

  /* Template children */
  AdwPreferencesPage   *codes_page;
  AdwPreferencesPage   *labels_page;
  AdwEntryRow          *name_row;
  GtkSwitch            *default_switch;
  AdwPreferencesGroup  *codes_group;
  AdwEntryRow          *new_group_row;
};

G_DEFINE_FINAL_TYPE (TlTemplateEditor, tl_template_editor, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_TEMPLATE,
  N_PROPS
};

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void rebuild (TlTemplateEditor *self);

static void
toast (TlTemplateEditor *self,
       const char       *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

static gboolean
save (TlTemplateEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (self->template == NULL)
    return FALSE;

  if (!tl_tag_templates_save (self->templates, self->template, &error))
    {
      toast (self, error->message);
      return FALSE;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
  return TRUE;
}

/* Why @accelerator cannot be a key of this template, or NULL when it can. @code and @label are
 * the owner asking (its own key is no clash). Caller frees. */
static char *
hotkey_problem (TlTemplateEditor *self,
                const char       *accelerator,
                TlTagCode        *code,
                TlLabel          *label)
{
  TlTagCode *other_code;
  TlLabel *other_label;
  guint key = 0;
  GdkModifierType mods = 0;
  g_autofree char *shown = NULL;

  if (accelerator == NULL)
    return NULL;
  gtk_accelerator_parse (accelerator, &key, &mods);
  shown = gtk_accelerator_get_label (key, mods);

  if (tl_tag_board_hotkey_is_reserved (accelerator))
    /* Translators: %s is a key, e.g. "Space" or "Ctrl+S" */
    return g_strdup_printf (_("%s is used by playback or the application"), shown);

  other_code = tl_tag_template_find_code_by_hotkey (self->template, accelerator);
  if (other_code != NULL && other_code != code)
    /* Translators: a key and the code that has it, e.g. "G is the key of Goal" */
    return g_strdup_printf (_("%s is the key of “%s”"), shown, tl_tag_code_get_name (other_code));

  other_label = tl_tag_template_find_label_by_hotkey (self->template, accelerator, NULL);
  if (other_label != NULL && other_label != label)
    return g_strdup_printf (_("%s is the key of “%s”"), shown, tl_label_get_name (other_label));

  return NULL;
}

/* --- codes --------------------------------------------------------------------------------- */

static char *
code_summary (TlTagCode *code)
{
  guint key = 0;
  GdkModifierType mods = 0;
  g_autofree char *hotkey = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (tl_tag_code_get_hotkey (code) != NULL
      && gtk_accelerator_parse (tl_tag_code_get_hotkey (code), &key, &mods))
    hotkey = gtk_accelerator_get_label (key, mods);

  if (hotkey != NULL)
    g_string_append_printf (text, "%s · ", hotkey);
  /* Translators: a code's lead and lag, e.g. "5 s before, 10 s after" */
  g_string_append_printf (text, _("%g s before, %g s after"),
                          (double) tl_tag_code_get_lead (code) / 1e9,
                          (double) tl_tag_code_get_lag (code) / 1e9);
  if (tl_tag_code_get_toggle (code))
    g_string_append_printf (text, " · %s", _("toggle"));
  if (tl_tag_code_get_team_bound (code))
    g_string_append_printf (text, " · %s", _("team"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
refresh_code_row (AdwExpanderRow *row,
                  TlTagCode      *code)
{
  g_autofree char *summary = code_summary (code);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tl_tag_code_get_name (code));
  adw_expander_row_set_subtitle (row, summary);
}

static TlTagCode *
row_code (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "code");
}

static AdwExpanderRow *
row_expander (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "expander");
}

static void
on_code_name_apply (AdwEntryRow      *entry,
                    TlTemplateEditor *self)
{
  TlTagCode *code = row_code (GTK_WIDGET (entry));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autofree char *old = g_strdup (tl_tag_code_get_name (code));
  TlTagCode *other = tl_tag_template_find_code (self->template, name);

  if (*name == '\0' || (other != NULL && other != code))
    {
      toast (self, *name == '\0' ? _("A code needs a name")
                                 : _("Another code already has this name"));
      gtk_editable_set_text (GTK_EDITABLE (entry), old);
      return;
    }

  tl_tag_code_set_name (code, name);
  if (!save (self))
    tl_tag_code_set_name (code, old);
  refresh_code_row (row_expander (GTK_WIDGET (entry)), code);
}

static void
on_code_color_set (GtkColorButton   *button,
                   TlTemplateEditor *self)
{
  TlTagCode *code = row_code (GTK_WIDGET (button));
  GdkRGBA rgba;
  g_autofree char *color = NULL;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  color = g_strdup_printf ("#%02x%02x%02x", (int) (rgba.red * 255 + 0.5),
                           (int) (rgba.green * 255 + 0.5), (int) (rgba.blue * 255 + 0.5));
  tl_tag_code_set_color (code, color);
  save (self);
}

static void
on_code_hotkey_captured (TlHotkeyButton   *button,
                         const char       *accelerator,
                         TlTemplateEditor *self)
{
  TlTagCode *code = row_code (GTK_WIDGET (button));
  g_autofree char *problem = hotkey_problem (self, accelerator, code, NULL);

  if (problem != NULL)
    {
      toast (self, problem);
      return;
    }

  tl_tag_code_set_hotkey (code, accelerator);
  tl_hotkey_button_set_accelerator (button, accelerator);
  save (self);
  refresh_code_row (row_expander (GTK_WIDGET (button)), code);
}

static void
on_code_margin_changed (GtkSpinButton    *spin,
                        TlTemplateEditor *self)
{
  TlTagCode *code = row_code (GTK_WIDGET (spin));
  gint64 ns = (gint64) (gtk_spin_button_get_value (spin) * 1e9 + 0.5);

  if (self->updating)
    return;

  if (g_object_get_data (G_OBJECT (spin), "lag") != NULL)
    tl_tag_code_set_lag (code, ns);
  else
    tl_tag_code_set_lead (code, ns);
  save (self);
  refresh_code_row (row_expander (GTK_WIDGET (spin)), code);
}

static void
on_code_switch (GtkSwitch        *toggle,
                GParamSpec       *pspec,
                TlTemplateEditor *self)
{
  TlTagCode *code = row_code (GTK_WIDGET (toggle));

  if (self->updating)
    return;

  if (g_object_get_data (G_OBJECT (toggle), "toggle") != NULL)
    tl_tag_code_set_toggle (code, gtk_switch_get_active (toggle));
  else
    tl_tag_code_set_team_bound (code, gtk_switch_get_active (toggle));
  save (self);
  refresh_code_row (row_expander (GTK_WIDGET (toggle)), code);
}

static void
on_remove_code (GtkButton        *button,
                TlTemplateEditor *self)
{
  g_autoptr(TlTagCode) code = g_object_ref (row_code (GTK_WIDGET (button)));

  tl_tag_template_remove_code (self->template, code);
  if (!save (self))
    tl_tag_template_add_code (self->template, code, -1);
  rebuild (self);
}

/* Ties @widget to the code and its expander row, for the handlers. */
static void
tie (GtkWidget      *widget,
     TlTagCode      *code,
     AdwExpanderRow *expander)
{
  g_object_set_data_full (G_OBJECT (widget), "code", g_object_ref (code), g_object_unref);
  g_object_set_data (G_OBJECT (widget), "expander", expander);
}

static GtkWidget *
suffix_row (const char *title,
            GtkWidget  *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  if (GTK_IS_SWITCH (suffix) || GTK_IS_BUTTON (suffix))
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), suffix);
  return row;
}

static GtkWidget *
margin_spin (TlTemplateEditor *self,
             TlTagCode        *code,
             AdwExpanderRow   *expander,
             gint64            ns,
             gboolean          lag)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, MAX_MARGIN_S, 0.5);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), (double) ns / 1e9);
  tie (spin, code, expander);
  if (lag)
    g_object_set_data (G_OBJECT (spin), "lag", GINT_TO_POINTER (1));
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_code_margin_changed), self);
  return spin;
}

static GtkWidget *
code_switch (TlTemplateEditor *self,
             TlTagCode        *code,
             AdwExpanderRow   *expander,
             gboolean          active,
             gboolean          is_toggle)
{
  GtkWidget *toggle = gtk_switch_new ();

  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  tie (toggle, code, expander);
  if (is_toggle)
    g_object_set_data (G_OBJECT (toggle), "toggle", GINT_TO_POINTER (1));
  g_signal_connect (toggle, "notify::active", G_CALLBACK (on_code_switch), self);
  return toggle;
}

static GtkWidget *
make_code_row (TlTemplateEditor *self,
               TlTagCode        *code)
{
  AdwExpanderRow *expander = ADW_EXPANDER_ROW (adw_expander_row_new ());
  GtkWidget *name = adw_entry_row_new ();
  GtkWidget *color = gtk_color_button_new ();
  GtkWidget *hotkey = tl_hotkey_button_new (tl_tag_code_get_hotkey (code));
  GtkWidget *remove = gtk_button_new_with_mnemonic (_("_Remove Code"));
  GdkRGBA rgba;

  refresh_code_row (expander, code);

  gdk_rgba_parse (&rgba, tl_tag_code_get_color (code));
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (color), &rgba);
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (color), FALSE);
  gtk_widget_set_valign (color, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (color, _("Colour"));
  tie (color, code, expander);
  g_signal_connect (color, "color-set", G_CALLBACK (on_code_color_set), self);
  adw_expander_row_add_prefix (expander, color);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (name), tl_tag_code_get_name (code));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (name), TRUE);
  tie (name, code, expander);
  g_signal_connect (name, "apply", G_CALLBACK (on_code_name_apply), self);
  adw_expander_row_add_row (expander, name);

  tie (hotkey, code, expander);
  g_signal_connect (hotkey, "captured", G_CALLBACK (on_code_hotkey_captured), self);
  adw_expander_row_add_row (expander, suffix_row (_("Hotkey"), hotkey));

  adw_expander_row_add_row (expander, suffix_row (_("Seconds Before the Press"),
                                                  margin_spin (self, code, expander,
                                                               tl_tag_code_get_lead (code),
                                                               FALSE)));
  adw_expander_row_add_row (expander, suffix_row (_("Seconds After the Press"),
                                                  margin_spin (self, code, expander,
                                                               tl_tag_code_get_lag (code),
                                                               TRUE)));
  adw_expander_row_add_row (expander, suffix_row (_("Tag for a Team"),
                                                  code_switch (self, code, expander,
                                                               tl_tag_code_get_team_bound (code),
                                                               FALSE)));
  adw_expander_row_add_row (expander, suffix_row (_("Start and Stop with Two Presses"),
                                                  code_switch (self, code, expander,
                                                               tl_tag_code_get_toggle (code),
                                                               TRUE)));

  gtk_widget_add_css_class (remove, "destructive-action");
  tie (remove, code, expander);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_code), self);
  adw_expander_row_add_row (expander, suffix_row (_("Events keep their code"), remove));

  return GTK_WIDGET (expander);
}

/* --- label groups and labels --------------------------------------------------------------- */

static void
on_group_name_apply (AdwEntryRow      *entry,
                     TlTemplateEditor *self)
{
  TlLabelGroup *group = g_object_get_data (G_OBJECT (entry), "group");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autofree char *old = g_strdup (tl_label_group_get_name (group));
  TlLabelGroup *other = tl_tag_template_find_label_group (self->template, name);

  if (*name == '\0' || (other != NULL && other != group))
    {
      toast (self, *name == '\0' ? _("A label group needs a name")
                                 : _("Another label group already has this name"));
      gtk_editable_set_text (GTK_EDITABLE (entry), old);
      return;
    }

  tl_label_group_set_name (group, name);
  if (!save (self))
    tl_label_group_set_name (group, old);
  rebuild (self);
}

static void
on_group_exclusive (GtkSwitch        *toggle,
                    GParamSpec       *pspec,
                    TlTemplateEditor *self)
{
  if (self->updating)
    return;

  tl_label_group_set_exclusive (g_object_get_data (G_OBJECT (toggle), "group"),
                                gtk_switch_get_active (toggle));
  save (self);
}

static void
on_remove_group (GtkButton        *button,
                 TlTemplateEditor *self)
{
  g_autoptr(TlLabelGroup) group = g_object_ref (g_object_get_data (G_OBJECT (button), "group"));

  tl_tag_template_remove_label_group (self->template, group);
  if (!save (self))
    tl_tag_template_add_label_group (self->template, group, -1);
  rebuild (self);
}

static void
on_label_name_apply (AdwEntryRow      *entry,
                     TlTemplateEditor *self)
{
  TlLabelGroup *group = g_object_get_data (G_OBJECT (entry), "group");
  TlLabel *label = g_object_get_data (G_OBJECT (entry), "label");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  TlLabel *other = tl_label_group_find_label (group, name);

  if (*name == '\0' || (other != NULL && other != label))
    {
      toast (self, *name == '\0' ? _("A label needs a name")
                                 : _("The group already has this label"));
      gtk_editable_set_text (GTK_EDITABLE (entry), label != NULL ? tl_label_get_name (label)
                                                                 : "");
      return;
    }

  if (label != NULL)
    {
      g_autofree char *old = g_strdup (tl_label_get_name (label));

      tl_label_set_name (label, name);
      if (!save (self))
        tl_label_set_name (label, old);
      return;
    }

  /* The group's last row adds a label. */
  {
    g_autoptr(TlLabel) added = tl_label_new (name, NULL);

    tl_label_group_add_label (group, added, -1);
    if (!save (self))
      tl_label_group_remove_label (group, added);
    rebuild (self);
  }
}

static void
on_label_hotkey_captured (TlHotkeyButton   *button,
                          const char       *accelerator,
                          TlTemplateEditor *self)
{
  TlLabel *label = g_object_get_data (G_OBJECT (button), "label");
  g_autofree char *problem = hotkey_problem (self, accelerator, NULL, label);

  if (problem != NULL)
    {
      toast (self, problem);
      return;
    }

  tl_label_set_hotkey (label, accelerator);
  tl_hotkey_button_set_accelerator (button, accelerator);
  save (self);
}

static void
on_remove_label (GtkButton        *button,
                 TlTemplateEditor *self)
{
  TlLabelGroup *group = g_object_get_data (G_OBJECT (button), "group");
  g_autoptr(TlLabel) label = g_object_ref (g_object_get_data (G_OBJECT (button), "label"));

  tl_label_group_remove_label (group, label);
  if (!save (self))
    tl_label_group_add_label (group, label, -1);
  rebuild (self);
}

static void
tie_label (GtkWidget    *widget,
           TlLabelGroup *group,
           TlLabel      *label)
{
  g_object_set_data_full (G_OBJECT (widget), "group", g_object_ref (group), g_object_unref);
  if (label != NULL)
    g_object_set_data_full (G_OBJECT (widget), "label", g_object_ref (label), g_object_unref);
}

static GtkWidget *
make_label_row (TlTemplateEditor *self,
                TlLabelGroup     *group,
                TlLabel          *label)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  tie_label (row, group, label);
  g_signal_connect (row, "apply", G_CALLBACK (on_label_name_apply), self);

  if (label == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("New Label"));
      return row;
    }

  {
    GtkWidget *hotkey = tl_hotkey_button_new (tl_label_get_hotkey (label));
    GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Label"));
    gtk_editable_set_text (GTK_EDITABLE (row), tl_label_get_name (label));

    gtk_widget_set_tooltip_text (hotkey, _("Hotkey"));
    tie_label (hotkey, group, label);
    g_signal_connect (hotkey, "captured", G_CALLBACK (on_label_hotkey_captured), self);
    adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), hotkey);

    gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
    gtk_widget_add_css_class (remove, "flat");
    gtk_widget_set_tooltip_text (remove, _("Remove Label"));
    tie_label (remove, group, label);
    g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_label), self);
    adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
  }

  return row;
}

static GtkWidget *
make_group (TlTemplateEditor *self,
            TlLabelGroup     *group)
{
  GtkWidget *box = adw_preferences_group_new ();
  GListModel *labels = tl_label_group_get_labels (group);
  GtkWidget *name = adw_entry_row_new ();
  GtkWidget *exclusive = gtk_switch_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (box), tl_label_group_get_name (group));

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove Label Group"));
  tie_label (remove, group, NULL);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_group), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (box), remove);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name), _("Group Name"));
  gtk_editable_set_text (GTK_EDITABLE (name), tl_label_group_get_name (group));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (name), TRUE);
  tie_label (name, group, NULL);
  g_signal_connect (name, "apply", G_CALLBACK (on_group_name_apply), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (box), name);

  gtk_switch_set_active (GTK_SWITCH (exclusive), tl_label_group_get_exclusive (group));
  tie_label (exclusive, group, NULL);
  g_signal_connect (exclusive, "notify::active", G_CALLBACK (on_group_exclusive), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (box),
                             suffix_row (_("One Label of the Group per Event"), exclusive));

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(TlLabel) label = g_list_model_get_item (labels, i);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (box), make_label_row (self, group, label));
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (box), make_label_row (self, group, NULL));

  return box;
}

/* --- the whole template -------------------------------------------------------------------- */

static void
rebuild (TlTemplateEditor *self)
{
  GListModel *codes;
  GListModel *groups;

  self->updating = TRUE;

  for (guint i = 0; i < self->code_rows->len; i++)
    adw_preferences_group_remove (self->codes_group, g_ptr_array_index (self->code_rows, i));
  g_ptr_array_set_size (self->code_rows, 0);
  for (guint i = 0; i < self->label_groups->len; i++)
    adw_preferences_page_remove (self->labels_page, g_ptr_array_index (self->label_groups, i));
  g_ptr_array_set_size (self->label_groups, 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-code", self->template != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.export", self->template != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.duplicate", self->template != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.delete", self->template != NULL);

  if (self->template == NULL)
    {
      self->updating = FALSE;
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), tl_tag_template_get_name (self->template));
  gtk_switch_set_active (self->default_switch, tl_tag_template_get_is_default (self->template));

  codes = tl_tag_template_get_codes (self->template);
  for (guint i = 0; i < g_list_model_get_n_items (codes); i++)
    {
      g_autoptr(TlTagCode) code = g_list_model_get_item (codes, i);
      GtkWidget *row = make_code_row (self, code);

      adw_preferences_group_add (self->codes_group, row);
      g_ptr_array_add (self->code_rows, row);
    }

  groups = tl_tag_template_get_label_groups (self->template);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(TlLabelGroup) group = g_list_model_get_item (groups, i);
      GtkWidget *box = make_group (self, group);

      adw_preferences_page_add (self->labels_page, ADW_PREFERENCES_GROUP (box));
      g_ptr_array_add (self->label_groups, box);
    }

  self->updating = FALSE;
}

static void
on_name_apply (TlTemplateEditor *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                                  GTK_EDITABLE (self->name_row))));
  g_autofree char *old = NULL;
  TlTagTemplate *other;

  if (self->template == NULL)
    return;

  old = g_strdup (tl_tag_template_get_name (self->template));
  other = tl_tag_templates_lookup_by_name (self->templates, name);
  if (*name == '\0' || (other != NULL && other != self->template))
    {
      toast (self, *name == '\0' ? _("A template needs a name")
                                 : _("Another template already has this name"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), old);
      return;
    }

  tl_tag_template_set_name (self->template, name);
  if (!save (self))
    tl_tag_template_set_name (self->template, old);
}

static void
on_default_toggled (TlTemplateEditor *self)
{
  if (self->updating || self->template == NULL)
    return;

  tl_tag_template_set_is_default (self->template, gtk_switch_get_active (self->default_switch));
  save (self);
}

static void
on_new_group_apply (TlTemplateEditor *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                                  GTK_EDITABLE (self->new_group_row))));
  g_autoptr(TlLabelGroup) group = NULL;

  if (self->template == NULL || *name == '\0')
    return;
  if (tl_tag_template_find_label_group (self->template, name) != NULL)
    {
      toast (self, _("Another label group already has this name"));
      return;
    }

  group = tl_label_group_new (name, TRUE);
  tl_tag_template_add_label_group (self->template, group, -1);
  if (!save (self))
    {
      tl_tag_template_remove_label_group (self->template, group);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->new_group_row), "");
  rebuild (self);
}

static void
add_code_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  TlTemplateEditor *self = TL_TEMPLATE_EDITOR (widget);
  g_autoptr(TlTagCode) code = NULL;
  g_autofree char *name = NULL;

  if (self->template == NULL)
    return;

  /* A free name: "New Code", "New Code 2", ... */
  for (guint n = 1; name == NULL || tl_tag_template_find_code (self->template, name) != NULL;
       n++)
    {
      g_free (name);
      /* Translators: the name of a code just added; %u counts up when taken */
      name = n == 1 ? g_strdup (_("New Code")) : g_strdup_printf (_("New Code %u"), n);
    }

  code = tl_tag_code_new (name, "#3584e4", NULL, 5 * G_GINT64_CONSTANT (1000000000),
                          5 * G_GINT64_CONSTANT (1000000000));
  tl_tag_template_add_code (self->template, code, -1);
  if (!save (self))
    {
      tl_tag_template_remove_code (self->template, code);
      return;
    }
  rebuild (self);
  /* Open the new code's row for naming it. */
  if (self->code_rows->len > 0)
    adw_expander_row_set_expanded (g_ptr_array_index (self->code_rows,
                                                      self->code_rows->len - 1), TRUE);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  TlTemplateEditor *self = TL_TEMPLATE_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  TlTagTemplate *copy;

  if (self->template == NULL)
    return;

  copy = tl_tag_templates_duplicate (self->templates, self->template, NULL, &error);
  if (copy == NULL)
    toast (self, error->message);
  else
    tl_template_editor_set_template (self, copy);
}

static void
delete_template_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  TlTemplateEditor *self = TL_TEMPLATE_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (self->template == NULL)
    return;

  /* The library seeds the default template again when the last one goes: never empty. */
  if (!tl_tag_templates_delete (self->templates, self->template, &error))
    {
      toast (self, error->message);
      return;
    }
  tl_template_editor_set_template (self, tl_tag_templates_get_default (self->templates));
  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
}

static GtkFileFilter *
template_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Tag Templates (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  return filter;
}

static void
on_import_response (GtkNativeDialog  *dialog,
                    int               response,
                    TlTemplateEditor *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  TlTagTemplate *imported;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  imported = tl_tag_templates_import_file (self->templates, path, &error);
  if (imported == NULL)
    {
      toast (self, error->message);
      return;
    }
  tl_template_editor_set_template (self, imported);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TlTemplateEditor *self = TL_TEMPLATE_EDITOR (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = template_filter ();

  dialog = gtk_file_chooser_native_new (_("Import Tag Template"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (on_import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_export_response (GtkNativeDialog  *dialog,
                    int               response,
                    TlTemplateEditor *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL || (path = g_file_get_path (file)) == NULL || self->template == NULL)
    return;

  if (!tl_tag_templates_export_file (self->templates, self->template, path, &error))
    toast (self, error->message);
  else
    {
      g_autofree char *name = g_filename_display_basename (path);
      /* Translators: a toast after exporting a template; %s is the file name */
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);

      toast (self, message);
    }
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TlTemplateEditor *self = TL_TEMPLATE_EDITOR (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = template_filter ();
  g_autofree char *name = NULL;

  if (self->template == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_("Export Tag Template"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  name = g_strconcat (tl_tag_template_get_name (self->template), ".json", NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* --- GObject ------------------------------------------------------------------------------- */

static void
tl_template_editor_dispose (GObject *object)
{
  TlTemplateEditor *self = (TlTemplateEditor *) object;

  g_clear_object (&self->template);
  g_clear_object (&self->templates);

  G_OBJECT_CLASS (tl_template_editor_parent_class)->dispose (object);
}

static void
tl_template_editor_finalize (GObject *object)
{
  TlTemplateEditor *self = (TlTemplateEditor *) object;

  g_clear_pointer (&self->code_rows, g_ptr_array_unref);
  g_clear_pointer (&self->label_groups, g_ptr_array_unref);

  G_OBJECT_CLASS (tl_template_editor_parent_class)->finalize (object);
}

static void
tl_template_editor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TlTemplateEditor *self = TL_TEMPLATE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_TEMPLATE:
      g_value_set_object (value, self->template);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_template_editor_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TlTemplateEditor *self = TL_TEMPLATE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_TEMPLATE:
      tl_template_editor_set_template (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_template_editor_class_init (TlTemplateEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_template_editor_dispose;
  object_class->finalize = tl_template_editor_finalize;
  object_class->get_property = tl_template_editor_get_property;
  object_class->set_property = tl_template_editor_set_property;

  properties[PROP_TEMPLATE] =
    g_param_spec_object ("template", NULL, NULL, TL_TYPE_TAG_TEMPLATE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/tl-template-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TlTemplateEditor, codes_page);
  gtk_widget_class_bind_template_child (widget_class, TlTemplateEditor, labels_page);
  gtk_widget_class_bind_template_child (widget_class, TlTemplateEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, TlTemplateEditor, default_switch);
  gtk_widget_class_bind_template_child (widget_class, TlTemplateEditor, codes_group);
  gtk_widget_class_bind_template_child (widget_class, TlTemplateEditor, new_group_row);
  gtk_widget_class_bind_template_callback (widget_class, on_name_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_default_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_new_group_apply);

  gtk_widget_class_install_action (widget_class, "editor.add-code", NULL, add_code_action);
  gtk_widget_class_install_action (widget_class, "editor.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "editor.delete", NULL, delete_template_action);
  gtk_widget_class_install_action (widget_class, "editor.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "editor.export", NULL, export_action);
}

static void
tl_template_editor_init (TlTemplateEditor *self)
{
  self->code_rows = g_ptr_array_new ();
  self->label_groups = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

TlTemplateEditor *
tl_template_editor_new (TlTagTemplates *templates,
                        TlTagTemplate  *template_)
{
  TlTemplateEditor *self;

  g_return_val_if_fail (TL_IS_TAG_TEMPLATES (templates), NULL);

  self = g_object_new (TL_TYPE_TEMPLATE_EDITOR, NULL);
  self->templates = g_object_ref (templates);
  tl_template_editor_set_template (self, template_ != NULL ? template_
                                   : tl_tag_templates_get_default (templates));
  return self;
}

TlTagTemplate *
tl_template_editor_get_template (TlTemplateEditor *self)
{
  g_return_val_if_fail (TL_IS_TEMPLATE_EDITOR (self), NULL);

  return self->template;
}

void
tl_template_editor_set_template (TlTemplateEditor *self,
                                 TlTagTemplate    *template_)
{
  g_return_if_fail (TL_IS_TEMPLATE_EDITOR (self));

  if (!g_set_object (&self->template, template_))
    return;

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPLATE]);
}
