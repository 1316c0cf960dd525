/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-sheet-editor.c: edits a match's sheet: home and away teams, players, kick-offs. */
#include "config.h"

#include <glib/gi18n.h>

#include "tl-match-sheet-editor.h"
#include "tl-tag-format.h"

struct _TlMatchSheetEditor
{
  AdwPreferencesWindow  parent_instance;

  TlMatchSheet         *sheet;
  TlPlayer             *player;
  /* What rebuild() added, to take out again. */
  GPtrArray            *team_groups;
  GPtrArray            *period_rows;
  guint                 rebuild_source;

  /* Template children */
  AdwPreferencesPage   *teams_page;
  AdwPreferencesGroup  *periods_group;
};

G_DEFINE_FINAL_TYPE (TlMatchSheetEditor, tl_match_sheet_editor, ADW_TYPE_PREFERENCES_WINDOW)

static void
toast (TlMatchSheetEditor *self,
       const GError       *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

static TlSide
widget_side (GtkWidget *widget)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "side"));
}

static char *
color_of (GtkColorChooser *chooser)
{
  GdkRGBA rgba;

  gtk_color_chooser_get_rgba (chooser, &rgba);
  return g_strdup_printf ("#%02x%02x%02x", (int) (rgba.red * 255 + 0.5),
                          (int) (rgba.green * 255 + 0.5), (int) (rgba.blue * 255 + 0.5));
}

/* --- teams and players --------------------------------------------------------------------- */

static void
save_team (TlMatchSheetEditor *self,
           TlSide              side,
           const char         *name,
           const char         *color)
{
  g_autoptr(GError) error = NULL;
  TlTeam *team = tl_match_sheet_get_team (self->sheet, side);

  if (name == NULL || *name == '\0')
    return;
  if (color == NULL && team != NULL)
    color = tl_team_get_color (team);
  if (tl_match_sheet_set_team (self->sheet, side, name, color,
                               team != NULL ? tl_team_get_secondary_color (team) : NULL,
                               &error) == NULL)
    toast (self, error);
}

static void
on_team_name_apply (AdwEntryRow        *row,
                    TlMatchSheetEditor *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  save_team (self, widget_side (GTK_WIDGET (row)), name, NULL);
}

static void
on_team_color_set (GtkColorButton     *button,
                   TlMatchSheetEditor *self)
{
  TlTeam *team = tl_match_sheet_get_team (self->sheet, widget_side (GTK_WIDGET (button)));
  g_autofree char *color = color_of (GTK_COLOR_CHOOSER (button));

  if (team != NULL)
    save_team (self, widget_side (GTK_WIDGET (button)), tl_team_get_name (team), color);
}

static void
on_remove_player (GtkButton          *button,
                  TlMatchSheetEditor *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "player-id");

  if (!tl_match_sheet_remove_player (self->sheet, id, &error))
    toast (self, error);
}

/* "9 Smith, CB": a new player on the sheet; the number and the position are optional. */
static void
on_add_player_apply (AdwEntryRow        *row,
                     TlMatchSheetEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *position = NULL;
  char *comma = strrchr (text, ',');
  char *name = text;
  char *end = NULL;
  int number = -1;
  gint64 parsed;

  if (comma != NULL)
    {
      *comma = '\0';
      position = g_strstrip (g_strdup (comma + 1));
    }
  parsed = g_ascii_strtoll (text, &end, 10);
  if (end != text && end != NULL && g_ascii_isspace (*end) && parsed >= 0 && parsed <= 999)
    {
      number = (int) parsed;
      name = end;
    }
  name = g_strstrip (name);
  if (*name == '\0')
    return;

  if (tl_match_sheet_add_player (self->sheet, widget_side (GTK_WIDGET (row)), number, name,
                                 position != NULL && *position != '\0' ? position : NULL, TRUE,
                                 &error) == NULL)
    toast (self, error);
  else
    gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
on_add_squad (GtkButton          *button,
              TlMatchSheetEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (tl_match_sheet_add_squad (self->sheet, widget_side (GTK_WIDGET (button)), &error) < 0)
    toast (self, error);
}

static void
set_side (GtkWidget *widget,
          TlSide     side)
{
  g_object_set_data (G_OBJECT (widget), "side", GINT_TO_POINTER (side));
}

static GtkWidget *
make_team_group (TlMatchSheetEditor *self,
                 TlSide              side)
{
  TlTeam *team = tl_match_sheet_get_team (self->sheet, side);
  GListModel *players = tl_match_sheet_get_players (self->sheet);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *name = adw_entry_row_new ();
  GtkWidget *color = gtk_color_button_new ();
  GtkWidget *add = adw_entry_row_new ();
  GtkWidget *squad = gtk_button_new_with_mnemonic (_("Add _Squad"));
  GdkRGBA rgba;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                   side == TL_SIDE_HOME ? _("Home") : _("Away"));

  set_side (squad, side);
  gtk_widget_set_valign (squad, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (squad, team != NULL);
  gtk_widget_set_tooltip_text (squad, _("Put every player of the team's squad on the sheet"));
  g_signal_connect (squad, "clicked", G_CALLBACK (on_add_squad), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), squad);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name), _("Team Name"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (name), TRUE);
  if (team != NULL)
    gtk_editable_set_text (GTK_EDITABLE (name), tl_team_get_name (team));
  set_side (name, side);
  g_signal_connect (name, "apply", G_CALLBACK (on_team_name_apply), self);
  if (gdk_rgba_parse (&rgba, team != NULL && tl_team_get_color (team) != NULL
                             ? tl_team_get_color (team)
                             : side == TL_SIDE_HOME ? "#e01b24" : "#3584e4"))
    gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (color), &rgba);
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (color), FALSE);
  gtk_widget_set_valign (color, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (color, _("Kit Colour"));
  gtk_widget_set_sensitive (color, team != NULL);
  set_side (color, side);
  g_signal_connect (color, "color-set", G_CALLBACK (on_team_color_set), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (name), color);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), name);

  for (guint i = 0; team != NULL && i < g_list_model_get_n_items (players); i++)
    {
      g_autoptr(TlSquadPlayer) player = g_list_model_get_item (players, i);
      g_autofree char *label = NULL;
      GtkWidget *row;
      GtkWidget *remove;
      gint64 *id;

      if (tl_squad_player_get_team_id (player) != tl_team_get_id (team))
        continue;

      label = tl_squad_player_dup_label (player);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   tl_squad_player_get_position (player) != NULL
                                   ? tl_squad_player_get_position (player) : "");
      remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (remove, _("Take Off the Sheet"));
      id = g_new (gint64, 1);
      *id = tl_squad_player_get_id (player);
      g_object_set_data_full (G_OBJECT (remove), "player-id", id, g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_player), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  /* Translators: how to type a new player: number, name, then position */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add), _("Add Player: “9 Name, Position”"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (add), TRUE);
  gtk_widget_set_sensitive (add, team != NULL);
  set_side (add, side);
  g_signal_connect (add, "apply", G_CALLBACK (on_add_player_apply), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), add);

  return group;
}

/* --- periods ------------------------------------------------------------------------------- */

static gint64
playhead (TlMatchSheetEditor *self)
{
  return self->player != NULL ? MAX (tl_player_get_position (self->player), 0) : 0;
}

static void
on_period_kickoff (GtkButton          *button,
                   TlMatchSheetEditor *self)
{
  g_autoptr(GError) error = NULL;
  TlPeriod *period = g_object_get_data (G_OBJECT (button), "period");
  gboolean end = g_object_get_data (G_OBJECT (button), "end") != NULL;
  gint64 start = end ? tl_period_get_start (period) : playhead (self);
  gint64 stop = end ? playhead (self) : tl_period_get_end (period);

  if (stop >= 0 && stop < start)
    stop = -1;
  if (!tl_match_sheet_set_period (self->sheet, tl_period_get_number (period),
                                  tl_period_get_name (period), start, stop,
                                  tl_period_get_clock_offset (period), &error))
    toast (self, error);
}

static void
on_remove_period (GtkButton          *button,
                  TlMatchSheetEditor *self)
{
  g_autoptr(GError) error = NULL;
  TlPeriod *period = g_object_get_data (G_OBJECT (button), "period");

  if (!tl_match_sheet_remove_period (self->sheet, tl_period_get_number (period), &error))
    toast (self, error);
}

static void
add_period_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TlMatchSheetEditor *self = TL_MATCH_SHEET_EDITOR (widget);
  GListModel *periods = tl_match_sheet_get_periods (self->sheet);
  guint n = g_list_model_get_n_items (periods);
  g_autoptr(GError) error = NULL;
  int number = 1;

  if (n > 0)
    {
      g_autoptr(TlPeriod) last = g_list_model_get_item (periods, n - 1);

      number = tl_period_get_number (last) + 1;
    }

  if (!tl_match_sheet_set_period (self->sheet, number, NULL, playhead (self), -1, -1, &error))
    toast (self, error);
}

static GtkWidget *
period_button (TlMatchSheetEditor *self,
               TlPeriod           *period,
               const char         *label,
               const char         *tooltip,
               gboolean            end)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data_full (G_OBJECT (button), "period", g_object_ref (period), g_object_unref);
  if (end)
    g_object_set_data (G_OBJECT (button), "end", GINT_TO_POINTER (1));
  g_signal_connect (button, "clicked", G_CALLBACK (on_period_kickoff), self);
  return button;
}

static GtkWidget *
make_period_row (TlMatchSheetEditor *self,
                 TlPeriod           *period)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *start = tl_tag_format_file_time (tl_period_get_start (period));
  g_autofree char *end = tl_period_get_end (period) >= 0
                         ? tl_tag_format_file_time (tl_period_get_end (period)) : NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: where a period is in the video file, e.g. "From 0:12.40 to 47:03.00" */
  subtitle = end != NULL ? g_strdup_printf (_("From %s to %s of the video"), start, end)
                         : g_strdup_printf (_("From %s of the video"), start);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tl_period_get_name (period));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             period_button (self, period, _("_Kick-off Here"),
                                            _("The period starts at the playhead"), FALSE));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             period_button (self, period, _("_End Here"),
                                            _("The period ends at the playhead"), TRUE));
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove Period"));
  g_object_set_data_full (G_OBJECT (remove), "period", g_object_ref (period), g_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_period), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  return row;
}

/* --- the whole sheet ----------------------------------------------------------------------- */

static gboolean
rebuild (gpointer data)
{
  TlMatchSheetEditor *self = data;
  GListModel *periods = tl_match_sheet_get_periods (self->sheet);

  self->rebuild_source = 0;

  for (guint i = 0; i < self->team_groups->len; i++)
    adw_preferences_page_remove (self->teams_page, g_ptr_array_index (self->team_groups, i));
  g_ptr_array_set_size (self->team_groups, 0);
  for (guint i = 0; i < self->period_rows->len; i++)
    adw_preferences_group_remove (self->periods_group, g_ptr_array_index (self->period_rows, i));
  g_ptr_array_set_size (self->period_rows, 0);

  for (TlSide side = TL_SIDE_HOME; side <= TL_SIDE_AWAY; side++)
    {
      GtkWidget *group = make_team_group (self, side);

      adw_preferences_page_add (self->teams_page, ADW_PREFERENCES_GROUP (group));
      g_ptr_array_add (self->team_groups, group);
    }

  for (guint i = 0; i < g_list_model_get_n_items (periods); i++)
    {
      g_autoptr(TlPeriod) period = g_list_model_get_item (periods, i);
      GtkWidget *row = make_period_row (self, period);

      adw_preferences_group_add (self->periods_group, row);
      g_ptr_array_add (self->period_rows, row);
    }

  return G_SOURCE_REMOVE;
}

/* A change arrives while a row's handler still runs: rebuild once it has returned. */
static void
queue_rebuild (TlMatchSheetEditor *self)
{
  if (self->rebuild_source == 0)
    self->rebuild_source = g_idle_add (rebuild, self);
}

static void
tl_match_sheet_editor_dispose (GObject *object)
{
  TlMatchSheetEditor *self = (TlMatchSheetEditor *) object;

  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  g_clear_object (&self->sheet);
  g_clear_object (&self->player);

  G_OBJECT_CLASS (tl_match_sheet_editor_parent_class)->dispose (object);
}

static void
tl_match_sheet_editor_finalize (GObject *object)
{
  TlMatchSheetEditor *self = (TlMatchSheetEditor *) object;

  g_clear_pointer (&self->team_groups, g_ptr_array_unref);
  g_clear_pointer (&self->period_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (tl_match_sheet_editor_parent_class)->finalize (object);
}

static void
tl_match_sheet_editor_class_init (TlMatchSheetEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_match_sheet_editor_dispose;
  object_class->finalize = tl_match_sheet_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/tl-match-sheet-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TlMatchSheetEditor, teams_page);
  gtk_widget_class_bind_template_child (widget_class, TlMatchSheetEditor, periods_group);

  gtk_widget_class_install_action (widget_class, "sheet.add-period", NULL, add_period_action);
}

static void
tl_match_sheet_editor_init (TlMatchSheetEditor *self)
{
  self->team_groups = g_ptr_array_new ();
  self->period_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

TlMatchSheetEditor *
tl_match_sheet_editor_new (TlMatchSheet *sheet,
                           TlPlayer     *player)
{
  TlMatchSheetEditor *self;

  g_return_val_if_fail (TL_IS_MATCH_SHEET (sheet), NULL);
  g_return_val_if_fail (player == NULL || TL_IS_PLAYER (player), NULL);

  self = g_object_new (TL_TYPE_MATCH_SHEET_EDITOR, NULL);
  self->sheet = g_object_ref (sheet);
  self->player = player != NULL ? g_object_ref (player) : NULL;

  g_signal_connect_object (sheet, "notify", G_CALLBACK (queue_rebuild), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (tl_match_sheet_get_players (sheet), "items-changed",
                           G_CALLBACK (queue_rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tl_match_sheet_get_periods (sheet), "items-changed",
                           G_CALLBACK (queue_rebuild), self, G_CONNECT_SWAPPED);
  rebuild (self);

  return self;
}
