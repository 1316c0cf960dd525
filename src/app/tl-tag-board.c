/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tag-board.c: the "Tag" page: code and label buttons with hotkeys, team toggle, note. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-event-writer.h"
#include "tl-tag-board.h"
#include "tl-tag-format.h"
#include "tl-window.h"

struct _TlTagBoard
{
  GtkWidget       parent_instance;

  TlPlayer       *player;
  TlMatchEvents  *events;
  TlEventWriter  *writer;
  TlTagTemplate  *template;
  GListModel     *templates;
  TlTagFormat    *format;
  GListStore     *shortcuts;      /* GtkShortcut */
  GtkCssProvider *css;
  /* Code name → its GtkButton, to show toggles recording. */
  GHashTable     *code_buttons;
  /* Label "group:text" → its GtkToggleButton, to show the current event's labels. */
  GHashTable     *label_buttons;
  gboolean        updating;       /* while buttons are set to show state, not pressed */

  gint64          home_id;
  gint64          away_id;
  int             selected_track;
  gint64          player_id;

  /* The event labels and the note go to. While tags are still being written (tags_in_flight),
   * it is "the last one tagged" and current_id is 0. */
  gint64          current_id;
  guint           tags_in_flight;
  TlEvent        *current;        /* the shown current event, when known */

  /* Template children */
  GtkDropDown    *template_dropdown;
  GtkWidget      *team_box;
  GtkToggleButton *home_button;
  GtkToggleButton *away_button;
  GtkFlowBox     *code_box;
  GtkBox         *groups_box;
  GtkLabel       *last_code_label;
  GtkLabel       *last_time_label;
  GtkLabel       *last_details_label;
  GtkEntry       *note_entry;
};

G_DEFINE_FINAL_TYPE (TlTagBoard, tl_tag_board, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEMPLATE,
  PROP_SELECTED_TRACK,
  PROP_PLAYER_ID,
  PROP_TEAM_ID,
  PROP_CURRENT_EVENT_ID,
  N_PROPS
};

enum {
  SIGNAL_TAGGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The match page's own keys (see tl-match-page.c and tl-event-list.c), and the board's team
 * toggle: a code on one of these would never fire, or would stop playback working. */
static const char * const reserved_keys[] = {
  "space", "k", "j", "l", "v", "Left", "Right", "Up", "Down", "comma", "period",
  "<Shift>Left", "<Shift>Right", "Page_Up", "Page_Down", "bracketleft", "bracketright",
  "backslash", "Escape", "Delete", "BackSpace", "Return", "KP_Enter", "Tab", "grave",
  "plus", "minus", "equal", "KP_Add", "KP_Subtract",
  /* Following the play, and the overlays' keys. */
  "f", "<Shift>m", "<Shift>b", "<Shift>n",
};

/* The team toggle's key. */
#define TEAM_TOGGLE_KEY "grave"

gboolean
tl_tag_board_hotkey_is_reserved (const char *accelerator)
{
  guint key = 0;
  GdkModifierType mods = 0;

  if (accelerator == NULL || !gtk_accelerator_parse (accelerator, &key, &mods))
    return FALSE;

  /* Shortcuts with Control or Alt belong to the application and text editing. */
  if (mods & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (reserved_keys); i++)
    {
      guint reserved_key = 0;
      GdkModifierType reserved_mods = 0;

      if (gtk_accelerator_parse (reserved_keys[i], &reserved_key, &reserved_mods)
          && gdk_keyval_to_lower (reserved_key) == gdk_keyval_to_lower (key)
          && reserved_mods == mods)
        return TRUE;
    }

  return FALSE;
}

static void
show_error (TlTagBoard   *self,
            const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *title = g_markup_printf_escaped (_("Could not save the tag: %s"),
                                                    error->message);

  if (TL_IS_WINDOW (root))
    tl_window_add_toast (TL_WINDOW (root), adw_toast_new (title));
  else
    g_warning ("%s", error->message);
}

/* "G" for "g", "Shift+C" for "<Shift>c": what the button shows. */
static char *
hotkey_hint (const char *hotkey)
{
  guint key = 0;
  GdkModifierType mods = 0;

  if (hotkey == NULL || !gtk_accelerator_parse (hotkey, &key, &mods) || key == 0)
    return NULL;
  return gtk_accelerator_get_label (key, mods);
}

/* --- the current event --------------------------------------------------------------------- */

static void
update_current (TlTagBoard *self)
{
  TlEvent *event = self->current;
  g_autofree char *time = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *team = NULL;
  g_autofree char *player = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;
  GtkWidget *focus;
  GtkRoot *root;

  self->updating = TRUE;

  g_hash_table_iter_init (&iter, self->label_buttons);
  while (g_hash_table_iter_next (&iter, &key, &value))
    gtk_toggle_button_set_active (value, event != NULL && tl_event_has_label (event, key));

  gtk_widget_set_sensitive (GTK_WIDGET (self->note_entry), event != NULL);

  if (event == NULL)
    {
      if (self->tags_in_flight == 0)
        {
          gtk_label_set_label (self->last_code_label, _("None yet"));
          gtk_label_set_label (self->last_time_label, "");
          gtk_label_set_label (self->last_details_label, "");
          gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
        }
      self->updating = FALSE;
      return;
    }

  {
    g_autofree char *code = g_markup_escape_text (tl_event_get_code (event), -1);
    g_autofree char *markup = g_strdup_printf ("<span foreground=\"%s\">●</span> %s",
                                               tl_event_get_color (event), code);

    gtk_label_set_markup (self->last_code_label, markup);
  }
  time = tl_tag_format_clock (self->format, tl_event_get_start (event));
  gtk_label_set_label (self->last_time_label, time);

  labels = tl_tag_format_labels (tl_event_get_labels (event));
  team = tl_tag_format_team (self->format, tl_event_get_team_id (event));
  player = tl_tag_format_player (self->format, tl_event_get_player_id (event));
  for (guint i = 0; i < 3; i++)
    {
      const char *part = i == 0 ? team : i == 1 ? player : labels;

      if (part != NULL && *part != '\0')
        g_string_append_printf (details, "%s%s", details->len > 0 ? " · " : "", part);
    }
  gtk_label_set_label (self->last_details_label, details->str);

  /* Not while the user types into it. */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL || (focus != GTK_WIDGET (self->note_entry)
                        && !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->note_entry))))
    gtk_editable_set_text (GTK_EDITABLE (self->note_entry),
                           tl_event_get_note (event) != NULL ? tl_event_get_note (event) : "");

  self->updating = FALSE;
}

static void
set_current (TlTagBoard *self,
             gint64      event_id)
{
  TlEvent *event = NULL;

  if (self->events != NULL && event_id != 0)
    event = tl_match_events_lookup (self->events, event_id);

  if (self->current != NULL)
    g_signal_handlers_disconnect_by_data (self->current, self);
  g_set_object (&self->current, event);
  if (event != NULL)
    g_signal_connect_object (event, "notify", G_CALLBACK (update_current), self,
                             G_CONNECT_SWAPPED);

  if (self->current_id != event_id)
    {
      self->current_id = event_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_EVENT_ID]);
    }
  update_current (self);
}

static void
on_tagged (TlTagBoard *self,
           gint64      event_id)
{
  if (self->tags_in_flight > 0)
    self->tags_in_flight--;
  /* Only the last press in flight decides; a pick in the list since then wins. */
  if (self->tags_in_flight == 0 && self->current_id == 0)
    set_current (self, event_id);
  g_signal_emit (self, signals[SIGNAL_TAGGED], 0, event_id);
}

static void
on_write_failed (TlTagBoard   *self,
                 const GError *error)
{
  show_error (self, error);
}

static void
on_events_changed (TlTagBoard *self)
{
  /* The event may have arrived in the model after the writer's signal, or gone (an undo). */
  if (self->events == NULL)
    return;
  if (self->current_id != 0
      && tl_match_events_lookup (self->events, self->current_id) != self->current)
    set_current (self, tl_match_events_lookup (self->events, self->current_id) != NULL
                       ? self->current_id : 0);
}

/* --- toggles recording --------------------------------------------------------------------- */

static void
update_recording (TlTagBoard *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->code_buttons);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gboolean open = self->events != NULL && tl_match_events_get_open_toggle (self->events, key);

      if (open)
        gtk_widget_add_css_class (value, "recording");
      else
        gtk_widget_remove_css_class (value, "recording");
      gtk_widget_set_visible (g_object_get_data (value, "recording-label"), open);
      gtk_accessible_update_state (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_STATE_PRESSED,
                                   open ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                        : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
    }
}

/* --- pressing ------------------------------------------------------------------------------ */

gboolean
tl_tag_board_tag (TlTagBoard *self,
                  const char *name)
{
  TlTagCode *code;
  TlTagRequest request = { NULL, };
  TlMatchSheet *sheet;
  TlSquadPlayer *player;
  gint64 position;

  g_return_val_if_fail (TL_IS_TAG_BOARD (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->template == NULL || self->writer == NULL || self->player == NULL
      || tl_player_get_path (self->player) == NULL)
    return FALSE;
  code = tl_tag_template_find_code (self->template, name);
  if (code == NULL)
    return FALSE;

  position = MAX (tl_player_get_position (self->player), 0);

  request.code = tl_tag_code_get_name (code);
  request.color = tl_tag_code_get_color (code);
  request.code_id = tl_tag_code_get_id (code);
  request.at_ns = position;
  request.lead_ns = tl_tag_code_get_lead (code);
  request.lag_ns = tl_tag_code_get_lag (code);
  request.toggle = tl_tag_code_get_toggle (code);
  request.player_id = self->player_id;
  /* A player picked in the video says which team it was; else the toggle does, for the codes
   * that need a team. */
  sheet = tl_tag_format_get_sheet (self->format);
  player = sheet != NULL && self->player_id != 0
           ? tl_match_sheet_lookup_player (sheet, self->player_id) : NULL;
  if (player != NULL && tl_squad_player_get_team_id (player) != 0)
    request.team_id = tl_squad_player_get_team_id (player);
  else if (tl_tag_code_get_team_bound (code))
    request.team_id = tl_tag_board_get_team_id (self);

  tl_event_writer_tag (self->writer, &request);
  self->tags_in_flight++;

  /* Show the press at once; the saved event replaces this when the writer reports it. */
  if (self->current != NULL)
    g_signal_handlers_disconnect_by_data (self->current, self);
  g_clear_object (&self->current);
  if (self->current_id != 0)
    {
      self->current_id = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_EVENT_ID]);
    }
  {
    g_autofree char *escaped = g_markup_escape_text (request.code, -1);
    g_autofree char *markup = g_strdup_printf ("<span foreground=\"%s\">●</span> %s",
                                               request.color, escaped);
    g_autofree char *time = tl_tag_format_clock (self->format, position);

    gtk_label_set_markup (self->last_code_label, markup);
    gtk_label_set_label (self->last_time_label, time);
    gtk_label_set_label (self->last_details_label, "");
  }
  update_current (self);

  return TRUE;
}

gboolean
tl_tag_board_label (TlTagBoard *self,
                    const char *group_name,
                    const char *name)
{
  TlLabelGroup *group = NULL;
  g_autofree char *label = NULL;
  gboolean exclusive = FALSE;

  g_return_val_if_fail (TL_IS_TAG_BOARD (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->writer == NULL)
    return FALSE;
  if (self->current_id == 0 && self->tags_in_flight == 0)
    return FALSE;

  if (self->template != NULL && group_name != NULL)
    group = tl_tag_template_find_label_group (self->template, group_name);
  exclusive = group != NULL && tl_label_group_get_exclusive (group);
  label = tl_event_label_join (group_name, name);

  /* A second press takes a label off again, as on Sportscode's label buttons. */
  if (self->current != NULL && self->current_id != 0 && tl_event_has_label (self->current, label))
    tl_event_writer_remove_label (self->writer, self->current_id, label);
  else
    tl_event_writer_add_label (self->writer, self->current_id, label, exclusive);

  return TRUE;
}

void
tl_tag_board_flush (TlTagBoard *self)
{
  g_return_if_fail (TL_IS_TAG_BOARD (self));

  if (self->writer != NULL)
    tl_event_writer_flush (self->writer);
}

static void
on_note_activate (TlTagBoard *self)
{
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));

  if (self->writer == NULL || (self->current_id == 0 && self->tags_in_flight == 0))
    return;

  tl_event_writer_set_note (self->writer, self->current_id, note);
  /* Back to the video, so the next hotkey tags again. */
  gtk_widget_activate_action (GTK_WIDGET (self), "tagging.focus-video", NULL);
}

static void
on_code_clicked (GtkButton  *button,
                 TlTagBoard *self)
{
  tl_tag_board_tag (self, g_object_get_data (G_OBJECT (button), "code"));
}

static void
on_label_toggled (GtkToggleButton *button,
                  TlTagBoard      *self)
{
  if (self->updating)
    return;

  /* The button shows the event's state; the writer changes it and update_current() follows. */
  if (!tl_tag_board_label (self, g_object_get_data (G_OBJECT (button), "group"),
                           g_object_get_data (G_OBJECT (button), "label")))
    {
      self->updating = TRUE;
      gtk_toggle_button_set_active (button, !gtk_toggle_button_get_active (button));
      self->updating = FALSE;
    }
}

static void
on_team_toggled (TlTagBoard *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEAM_ID]);
}

/* --- shortcuts ----------------------------------------------------------------------------- */

/* What a code or label key presses. The board empties its shortcut list before it goes, so
 * the pointer to it stays valid for as long as the shortcut exists. */
typedef struct
{
  TlTagBoard *board;
  char       *group;   /* NULL for a code */
  char       *name;
} Press;

static Press *
press_new (TlTagBoard *board,
           const char *group,
           const char *name)
{
  Press *press = g_new0 (Press, 1);

  press->board = board;
  press->group = g_strdup (group);
  press->name = g_strdup (name);
  return press;
}

static void
press_free (gpointer data)
{
  Press *press = data;

  g_free (press->group);
  g_free (press->name);
  g_free (press);
}

static gboolean
code_shortcut (GtkWidget *widget,
               GVariant  *args,
               gpointer   data)
{
  Press *press = data;

  return tl_tag_board_tag (press->board, press->name);
}

static gboolean
label_shortcut (GtkWidget *widget,
                GVariant  *args,
                gpointer   data)
{
  Press *press = data;

  return tl_tag_board_label (press->board, press->group, press->name);
}

static gboolean
team_shortcut (GtkWidget *widget,
               GVariant  *args,
               gpointer   data)
{
  TlTagBoard *self = data;

  if (!gtk_widget_get_visible (self->team_box))
    return FALSE;
  if (gtk_toggle_button_get_active (self->home_button))
    gtk_toggle_button_set_active (self->away_button, TRUE);
  else
    gtk_toggle_button_set_active (self->home_button, TRUE);
  return TRUE;
}

static void
add_shortcut (TlTagBoard      *self,
              const char      *hotkey,
              GtkShortcutFunc  func,
              Press           *press)
{
  GtkShortcutTrigger *trigger = NULL;
  g_autoptr(GtkShortcut) shortcut = NULL;

  if (hotkey != NULL && *hotkey != '\0' && !tl_tag_board_hotkey_is_reserved (hotkey))
    trigger = gtk_shortcut_trigger_parse_string (hotkey);
  if (trigger == NULL)
    {
      press_free (press);
      return;
    }

  shortcut = gtk_shortcut_new (trigger, gtk_callback_action_new (func, press, press_free));
  g_list_store_append (self->shortcuts, shortcut);
}

/* --- building the board -------------------------------------------------------------------- */

static const char *
text_color_for (const char *background)
{
  GdkRGBA rgba;

  if (!gdk_rgba_parse (&rgba, background))
    return "white";
  /* Relative luminance, so yellow gets dark text and navy light text. */
  return 0.2126 * rgba.red + 0.7152 * rgba.green + 0.0722 * rgba.blue > 0.6 ? "#1e1e1e"
                                                                           : "white";
}

static GtkWidget *
make_code_button (TlTagBoard *self,
                  TlTagCode  *code,
                  guint       index,
                  GString    *css)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (tl_tag_code_get_name (code));
  g_autofree char *hint = hotkey_hint (tl_tag_code_get_hotkey (code));
  g_autofree char *css_class = g_strdup_printf ("tag-code-%u", index);
  GtkWidget *key = gtk_label_new (hint);
  GtkWidget *recording;
  g_autoptr(GString) tooltip = g_string_new (tl_tag_code_get_name (code));

  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (key, "caption");
  gtk_widget_add_css_class (key, "hotkey");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), key);
  /* Translators: shown on a toggle code's button between its two presses */
  recording = gtk_label_new (_("● Recording"));
  gtk_widget_add_css_class (recording, "caption-heading");
  gtk_widget_set_visible (recording, FALSE);
  gtk_box_append (GTK_BOX (box), recording);
  g_object_set_data (G_OBJECT (button), "recording-label", recording);
  gtk_button_set_child (GTK_BUTTON (button), box);

  gtk_widget_add_css_class (button, "tag-code");
  gtk_widget_add_css_class (button, css_class);
  g_string_append_printf (css, "button.tag-code.%s { background-color: %s; color: %s; }\n",
                          css_class, tl_tag_code_get_color (code),
                          text_color_for (tl_tag_code_get_color (code)));

  if (hint != NULL && tl_tag_board_hotkey_is_reserved (tl_tag_code_get_hotkey (code)))
    {
      /* Translators: tooltip of a code whose key the video player uses */
      g_string_append_printf (tooltip, "\n%s", _("Its key is taken by playback: pick another "
                                                 "one in the template editor"));
      gtk_widget_add_css_class (key, "error");
    }
  if (tl_tag_code_get_toggle (code))
    /* Translators: tooltip of a code that starts on one press and ends on the next */
    g_string_append_printf (tooltip, "\n%s", _("Press to start, press again to end"));
  if (tl_tag_code_get_team_bound (code))
    g_string_append_printf (tooltip, "\n%s", _("Tagged for the selected team"));
  gtk_widget_set_tooltip_text (button, tooltip->str);

  g_object_set_data_full (G_OBJECT (button), "code", g_strdup (tl_tag_code_get_name (code)),
                          g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_code_clicked), self);
  g_hash_table_insert (self->code_buttons, g_strdup (tl_tag_code_get_name (code)), button);

  return button;
}

static GtkWidget *
make_label_button (TlTagBoard   *self,
                   TlLabelGroup *group,
                   TlLabel      *label)
{
  g_autofree char *hint = hotkey_hint (tl_label_get_hotkey (label));
  g_autofree char *text = g_markup_escape_text (tl_label_get_name (label), -1);
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *child = gtk_label_new (NULL);

  if (hint != NULL)
    {
      g_autofree char *name = g_markup_escape_text (tl_label_get_name (label), -1);
      g_autofree char *key = g_markup_escape_text (hint, -1);

      g_free (text);
      text = g_strdup_printf ("%s  <span alpha=\"55%%\">%s</span>", name, key);
    }
  gtk_label_set_markup (GTK_LABEL (child), text);
  gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_END);
  gtk_button_set_child (GTK_BUTTON (button), child);
  gtk_widget_add_css_class (button, "tag-label");
  gtk_widget_set_tooltip_text (button, _("Applies to the last event; press again to remove"));

  g_object_set_data_full (G_OBJECT (button), "group", g_strdup (tl_label_group_get_name (group)),
                          g_free);
  g_object_set_data_full (G_OBJECT (button), "label", g_strdup (tl_label_get_name (label)),
                          g_free);
  g_signal_connect (button, "toggled", G_CALLBACK (on_label_toggled), self);
  g_hash_table_insert (self->label_buttons,
                       tl_event_label_join (tl_label_group_get_name (group),
                                            tl_label_get_name (label)),
                       button);

  return button;
}

static void
rebuild (TlTagBoard *self)
{
  g_autoptr(GString) css = g_string_new (NULL);
  GtkWidget *child;
  GListModel *codes;
  GListModel *groups;
  gboolean any_team_bound = FALSE;

  g_hash_table_remove_all (self->code_buttons);
  g_hash_table_remove_all (self->label_buttons);
  g_list_store_remove_all (self->shortcuts);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->code_box))) != NULL)
    gtk_flow_box_remove (self->code_box, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);

  /* The team toggle's key is reserved for templates, so add_shortcut() would refuse it. */
  {
    g_autoptr(GtkShortcut) shortcut =
      gtk_shortcut_new (gtk_shortcut_trigger_parse_string (TEAM_TOGGLE_KEY),
                        gtk_callback_action_new (team_shortcut, self, NULL));

    g_list_store_append (self->shortcuts, shortcut);
  }

  if (self->template == NULL)
    {
      gtk_css_provider_load_from_data (self->css, "", -1);
      gtk_widget_set_visible (self->team_box, FALSE);
      return;
    }

  codes = tl_tag_template_get_codes (self->template);
  for (guint i = 0; i < g_list_model_get_n_items (codes); i++)
    {
      g_autoptr(TlTagCode) code = g_list_model_get_item (codes, i);

      gtk_flow_box_append (self->code_box, make_code_button (self, code, i, css));
      add_shortcut (self, tl_tag_code_get_hotkey (code), code_shortcut,
                    press_new (self, NULL, tl_tag_code_get_name (code)));
      any_team_bound |= tl_tag_code_get_team_bound (code);
    }

  groups = tl_tag_template_get_label_groups (self->template);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(TlLabelGroup) group = g_list_model_get_item (groups, i);
      GListModel *labels = tl_label_group_get_labels (group);
      GtkWidget *heading = gtk_label_new (tl_label_group_get_name (group));
      GtkWidget *flow = gtk_flow_box_new ();

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "caption-heading");
      gtk_widget_add_css_class (heading, "dim-label");
      gtk_box_append (self->groups_box, heading);

      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
      gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 3);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 6);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
      for (guint j = 0; j < g_list_model_get_n_items (labels); j++)
        {
          g_autoptr(TlLabel) label = g_list_model_get_item (labels, j);

          gtk_flow_box_append (GTK_FLOW_BOX (flow), make_label_button (self, group, label));
          add_shortcut (self, tl_label_get_hotkey (label), label_shortcut,
                        press_new (self, tl_label_group_get_name (group),
                                   tl_label_get_name (label)));
        }
      gtk_box_append (self->groups_box, flow);
    }

  gtk_css_provider_load_from_data (self->css, css->str, -1);
  gtk_widget_set_visible (self->team_box, any_team_bound || self->home_id != 0);
  update_recording (self);
  update_current (self);
}

static void
on_template_selected (TlTagBoard *self)
{
  guint selected = gtk_drop_down_get_selected (self->template_dropdown);
  g_autoptr(TlTagTemplate) template = NULL;

  if (self->updating || self->templates == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  template = g_list_model_get_item (self->templates, selected);
  tl_tag_board_set_template (self, template);
}

/* --- GObject ------------------------------------------------------------------------------- */

static void
tl_tag_board_dispose (GObject *object)
{
  TlTagBoard *self = (TlTagBoard *) object;
  GtkWidget *child;

  tl_tag_board_set_events (self, NULL);
  tl_tag_board_set_player (self, NULL);
  tl_tag_board_set_templates (self, NULL);
  tl_tag_board_set_template (self, NULL);
  if (self->css != NULL)
    gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                   GTK_STYLE_PROVIDER (self->css));
  g_clear_object (&self->css);
  if (self->shortcuts != NULL)
    g_list_store_remove_all (self->shortcuts);
  g_clear_object (&self->shortcuts);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_TAG_BOARD);
  /* The template's outer widget has no name, so dispose_template() leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->code_buttons, g_hash_table_unref);
  g_clear_pointer (&self->label_buttons, g_hash_table_unref);
  g_clear_object (&self->format);

  G_OBJECT_CLASS (tl_tag_board_parent_class)->dispose (object);
}

static void
tl_tag_board_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TlTagBoard *self = TL_TAG_BOARD (object);

  switch (prop_id)
    {
    case PROP_TEMPLATE:
      g_value_set_object (value, self->template);
      break;
    case PROP_SELECTED_TRACK:
      g_value_set_int (value, self->selected_track);
      break;
    case PROP_PLAYER_ID:
      g_value_set_int64 (value, self->player_id);
      break;
    case PROP_TEAM_ID:
      g_value_set_int64 (value, tl_tag_board_get_team_id (self));
      break;
    case PROP_CURRENT_EVENT_ID:
      g_value_set_int64 (value, self->current_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_tag_board_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TlTagBoard *self = TL_TAG_BOARD (object);

  switch (prop_id)
    {
    case PROP_TEMPLATE:
      tl_tag_board_set_template (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_TRACK:
      tl_tag_board_set_selected_track (self, g_value_get_int (value));
      break;
    case PROP_PLAYER_ID:
      tl_tag_board_set_player_id (self, g_value_get_int64 (value));
      break;
    case PROP_CURRENT_EVENT_ID:
      tl_tag_board_set_current_event_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_tag_board_class_init (TlTagBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_tag_board_dispose;
  object_class->get_property = tl_tag_board_get_property;
  object_class->set_property = tl_tag_board_set_property;

  properties[PROP_TEMPLATE] =
    g_param_spec_object ("template", NULL, NULL, TL_TYPE_TAG_TEMPLATE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTED_TRACK] =
    g_param_spec_int ("selected-track", NULL, NULL, -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PLAYER_ID] =
    g_param_spec_int64 ("player-id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TEAM_ID] =
    g_param_spec_int64 ("team-id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CURRENT_EVENT_ID] =
    g_param_spec_int64 ("current-event-id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TAGGED] =
    g_signal_new ("tagged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/tl-tag-board.ui");
  gtk_widget_class_bind_template_child (widget_class, TlTagBoard, template_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlTagBoard, team_box);
  gtk_widget_class_bind_template_child (widget_class, TlTagBoard, home_button);
  gtk_widget_class_bind_template_child (widget_class, TlTagBoard, away_button);
  gtk_widget_class_bind_template_child (widget_class, TlTagBoard, code_box);
  gtk_widget_class_bind_template_child (widget_class, TlTagBoard, groups_box);
  gtk_widget_class_bind_template_child (widget_class, TlTagBoard, last_code_label);
  gtk_widget_class_bind_template_child (widget_class, TlTagBoard, last_time_label);
  gtk_widget_class_bind_template_child (widget_class, TlTagBoard, last_details_label);
  gtk_widget_class_bind_template_child (widget_class, TlTagBoard, note_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_template_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_team_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_note_activate);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tagboard");
}

static void
tl_tag_board_init (TlTagBoard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selected_track = -1;
  self->format = tl_tag_format_new ();
  self->shortcuts = g_list_store_new (GTK_TYPE_SHORTCUT);
  self->code_buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->label_buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_drop_down_set_expression (self->template_dropdown,
                                gtk_property_expression_new (TL_TYPE_TAG_TEMPLATE, NULL, "name"));
  rebuild (self);
}

void
tl_tag_board_set_player (TlTagBoard *self,
                         TlPlayer   *player)
{
  g_return_if_fail (TL_IS_TAG_BOARD (self));

  g_set_object (&self->player, player);
}

void
tl_tag_board_set_events (TlTagBoard    *self,
                         TlMatchEvents *events)
{
  g_return_if_fail (TL_IS_TAG_BOARD (self));
  g_return_if_fail (events == NULL || TL_IS_MATCH_EVENTS (events));

  if (self->events == events)
    return;

  /* Whatever was pressed for the previous match is saved before the board lets it go. */
  if (self->writer != NULL)
    {
      tl_event_writer_flush (self->writer);
      g_signal_handlers_disconnect_by_data (self->writer, self);
      g_clear_object (&self->writer);
    }
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);

  g_set_object (&self->events, events);
  self->tags_in_flight = 0;

  if (events != NULL)
    {
      self->writer = tl_event_writer_new (events);
      g_signal_connect_object (self->writer, "tagged", G_CALLBACK (on_tagged), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->writer, "failed", G_CALLBACK (on_write_failed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (events, "items-changed", G_CALLBACK (on_events_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (events, "toggle-changed", G_CALLBACK (update_recording), self,
                               G_CONNECT_SWAPPED);
    }

  set_current (self, 0);
  update_recording (self);
}

TlMatchEvents *
tl_tag_board_get_events (TlTagBoard *self)
{
  g_return_val_if_fail (TL_IS_TAG_BOARD (self), NULL);

  return self->events;
}

void
tl_tag_board_set_templates (TlTagBoard *self,
                            GListModel *templates)
{
  g_return_if_fail (TL_IS_TAG_BOARD (self));

  if (!g_set_object (&self->templates, templates))
    return;

  self->updating = TRUE;
  gtk_drop_down_set_model (self->template_dropdown, templates);
  self->updating = FALSE;
  /* Keep the template shown selected in the new list. */
  tl_tag_board_set_template (self, self->template);
}

void
tl_tag_board_set_template (TlTagBoard    *self,
                           TlTagTemplate *template)
{
  g_return_if_fail (TL_IS_TAG_BOARD (self));
  g_return_if_fail (template == NULL || TL_IS_TAG_TEMPLATE (template));

  if (self->templates != NULL && template != NULL)
    {
      self->updating = TRUE;
      for (guint i = 0; i < g_list_model_get_n_items (self->templates); i++)
        {
          g_autoptr(TlTagTemplate) item = g_list_model_get_item (self->templates, i);

          if (item == template)
            gtk_drop_down_set_selected (self->template_dropdown, i);
        }
      self->updating = FALSE;
    }

  if (self->template != NULL)
    {
      g_signal_handlers_disconnect_by_data (tl_tag_template_get_codes (self->template), self);
      g_signal_handlers_disconnect_by_data (tl_tag_template_get_label_groups (self->template),
                                            self);
    }
  if (!g_set_object (&self->template, template) && template != NULL)
    {
      rebuild (self);
      return;
    }
  if (template != NULL)
    {
      g_signal_connect_object (tl_tag_template_get_codes (template), "items-changed",
                               G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (tl_tag_template_get_label_groups (template), "items-changed",
                               G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
    }

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPLATE]);
}

TlTagTemplate *
tl_tag_board_get_template (TlTagBoard *self)
{
  g_return_val_if_fail (TL_IS_TAG_BOARD (self), NULL);

  return self->template;
}

static void
update_teams (TlTagBoard *self)
{
  TlMatchSheet *sheet = tl_tag_format_get_sheet (self->format);
  TlTeam *home = sheet != NULL ? tl_match_sheet_get_team (sheet, TL_SIDE_HOME) : NULL;
  TlTeam *away = sheet != NULL ? tl_match_sheet_get_team (sheet, TL_SIDE_AWAY) : NULL;

  self->home_id = home != NULL ? tl_team_get_id (home) : 0;
  self->away_id = away != NULL ? tl_team_get_id (away) : 0;
  gtk_button_set_label (GTK_BUTTON (self->home_button),
                        home != NULL ? tl_team_get_name (home) : _("Home"));
  gtk_button_set_label (GTK_BUTTON (self->away_button),
                        away != NULL ? tl_team_get_name (away) : _("Away"));
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEAM_ID]);
}

void
tl_tag_board_set_sheet (TlTagBoard   *self,
                        TlMatchSheet *sheet)
{
  TlMatchSheet *old;

  g_return_if_fail (TL_IS_TAG_BOARD (self));
  g_return_if_fail (sheet == NULL || TL_IS_MATCH_SHEET (sheet));

  old = tl_tag_format_get_sheet (self->format);
  if (old != NULL)
    g_signal_handlers_disconnect_by_data (old, self);
  tl_tag_format_set_sheet (self->format, sheet);
  if (sheet != NULL)
    {
      g_signal_connect_object (sheet, "notify::home-team", G_CALLBACK (update_teams), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (sheet, "notify::away-team", G_CALLBACK (update_teams), self,
                               G_CONNECT_SWAPPED);
    }
  update_teams (self);
}

gint64
tl_tag_board_get_team_id (TlTagBoard *self)
{
  g_return_val_if_fail (TL_IS_TAG_BOARD (self), 0);

  return gtk_toggle_button_get_active (self->away_button) ? self->away_id : self->home_id;
}

void
tl_tag_board_set_selected_track (TlTagBoard *self,
                                 int         track)
{
  g_return_if_fail (TL_IS_TAG_BOARD (self));

  if (self->selected_track == track)
    return;

  self->selected_track = track;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TRACK]);
}

void
tl_tag_board_set_player_id (TlTagBoard *self,
                            gint64      player_id)
{
  g_return_if_fail (TL_IS_TAG_BOARD (self));

  if (self->player_id == player_id)
    return;

  self->player_id = player_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER_ID]);
}

GListModel *
tl_tag_board_get_shortcuts (TlTagBoard *self)
{
  g_return_val_if_fail (TL_IS_TAG_BOARD (self), NULL);

  return G_LIST_MODEL (self->shortcuts);
}

gint64
tl_tag_board_get_current_event_id (TlTagBoard *self)
{
  g_return_val_if_fail (TL_IS_TAG_BOARD (self), 0);

  return self->current_id;
}

void
tl_tag_board_set_current_event_id (TlTagBoard *self,
                                   gint64      event_id)
{
  g_return_if_fail (TL_IS_TAG_BOARD (self));

  /* A pick in the list outranks the tags still being written. */
  self->tags_in_flight = 0;
  set_current (self, event_id);
}
