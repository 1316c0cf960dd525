/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-event-list.c: the "Events" page: a match's events as a sortable, filterable table. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-clip-queue.h"
#include "tl-event-drag.h"
#include "tl-event-list.h"
#include "tl-tag-format.h"
#include "tl-window.h"

/* How far one press of the nudge keys moves a start or an end. */
#define NUDGE_NS (GST_SECOND / 2)

struct _TlEventList
{
  GtkWidget           parent_instance;

  TlMatchEvents      *events;
  TlPlayer           *player;
  TlClipQueue        *queue;
  TlTagFormat        *format;
  GtkFilterListModel *filter_model;
  GtkCustomFilter    *filter;
  GtkSortListModel   *sort_model;
  GtkMultiSelection  *selection;
  /* The choices of the filter drop-downs: strings shown, and what each one keeps. */
  GtkStringList      *code_choices;
  GtkStringList      *label_choices;
  GtkStringList      *team_choices;
  GArray             *team_ids;      /* gint64, parallel to team_choices */
  GtkStringList      *player_choices;
  GArray             *player_ids;    /* gint64 */
  GtkStringList      *period_choices;
  GArray             *period_numbers; /* int */
  /* Set while the drop-downs are rebuilt, so that is not a change of filter. */
  gboolean            updating;
  guint               refresh_source;
  /* Filters still to apply once the drop-downs hold their values. */
  gint64              wanted_team;
  gint64              wanted_player;
  int                 wanted_period;

  /* Template children */
  GtkSearchEntry     *search_entry;
  GtkMenuButton      *filter_button;
  GtkToggleButton    *play_filtered_button;
  GtkRevealer        *filter_revealer;
  GtkLabel           *count_label;
  GtkStack           *content_stack;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *time_column;
  GtkColumnViewColumn *code_column;
  GtkColumnViewColumn *labels_column;
  GtkColumnViewColumn *team_column;
  GtkColumnViewColumn *player_column;
  GtkColumnViewColumn *file_time_column;
  GtkColumnViewColumn *note_column;
  GtkDropDown        *code_dropdown;
  GtkDropDown        *label_dropdown;
  GtkDropDown        *team_dropdown;
  GtkDropDown        *player_dropdown;
  GtkDropDown        *period_dropdown;
};

G_DEFINE_FINAL_TYPE (TlEventList, tl_event_list, GTK_TYPE_WIDGET)

enum {
  SIGNAL_EVENT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  COLUMN_TIME,
  COLUMN_CODE,
  COLUMN_LABELS,
  COLUMN_TEAM,
  COLUMN_PLAYER,
  COLUMN_FILE_TIME,
  COLUMN_NOTE,
} Column;

static void
show_error (TlEventList  *self,
            const char   *what,
            const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *title = g_markup_printf_escaped ("%s: %s", what, error->message);

  if (TL_IS_WINDOW (root))
    tl_window_add_toast (TL_WINDOW (root), adw_toast_new (title));
  else
    g_warning ("%s: %s", what, error->message);
}

/* The drop-downs' first entry ("All …") keeps everything. */
static const char *
selected_string (GtkDropDown   *dropdown,
                 GtkStringList *choices)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION
      || selected >= g_list_model_get_n_items (G_LIST_MODEL (choices)))
    return NULL;
  return gtk_string_list_get_string (choices, selected);
}

static gint64
selected_id (GtkDropDown *dropdown,
             GArray      *ids)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected >= ids->len + 1)
    return 0;
  return g_array_index (ids, gint64, selected - 1);
}

static int
selected_period (TlEventList *self)
{
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION
      || selected >= self->period_numbers->len + 1)
    return -1;
  return g_array_index (self->period_numbers, int, selected - 1);
}

static gboolean
matches_search (TlEventList *self,
                TlEvent     *event,
                const char  *needle)
{
  const char * const *labels = tl_event_get_labels (event);
  g_autofree char *team = NULL;
  g_autofree char *player = NULL;

  if (needle == NULL || *needle == '\0')
    return TRUE;

  if (tl_tag_format_contains (tl_event_get_code (event), needle)
      || tl_tag_format_contains (tl_event_get_note (event), needle))
    return TRUE;
  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    if (tl_tag_format_contains (labels[i], needle))
      return TRUE;

  team = tl_tag_format_team (self->format, tl_event_get_team_id (event));
  player = tl_tag_format_player (self->format, tl_event_get_player_id (event));
  return tl_tag_format_contains (team, needle) || tl_tag_format_contains (player, needle);
}

static gboolean
filter_event (gpointer item,
              gpointer data)
{
  TlEventList *self = data;
  TlEvent *event = item;
  const char *code = selected_string (self->code_dropdown, self->code_choices);
  const char *label = selected_string (self->label_dropdown, self->label_choices);
  gint64 team = selected_id (self->team_dropdown, self->team_ids);
  gint64 player = selected_id (self->player_dropdown, self->player_ids);
  int period = selected_period (self);

  if (code != NULL && g_strcmp0 (tl_event_get_code (event), code) != 0)
    return FALSE;
  if (label != NULL && !tl_event_has_label (event, label))
    return FALSE;
  if (team != 0 && tl_event_get_team_id (event) != team)
    return FALSE;
  if (player != 0 && tl_event_get_player_id (event) != player)
    return FALSE;
  if (period >= 0 && tl_tag_format_period_at (self->format, tl_event_get_start (event)) != period)
    return FALSE;

  return matches_search (self, event, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static gboolean
filtering (TlEventList *self)
{
  return gtk_drop_down_get_selected (self->code_dropdown) > 0
         || gtk_drop_down_get_selected (self->label_dropdown) > 0
         || gtk_drop_down_get_selected (self->team_dropdown) > 0
         || gtk_drop_down_get_selected (self->player_dropdown) > 0
         || gtk_drop_down_get_selected (self->period_dropdown) > 0
         || *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';
}

static void
update_count (TlEventList *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
  guint total = self->events != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->events)) : 0;
  gboolean filtered = filtering (self);
  g_autofree char *text = NULL;

  /* Translators: how many events the filters keep, e.g. "12 of 240 events" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u event", "%u of %u events",
                                       total), shown, total);
  gtk_label_set_label (self->count_label, text);
  gtk_revealer_set_reveal_child (self->filter_revealer, filtered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.clear-filters", filtered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.play-filtered",
                                 shown > 0 || (self->queue != NULL
                                               && tl_clip_queue_get_active (self->queue)));

  if (self->filter_button != NULL)
    {
      if (filtered)
        gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "accent");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "accent");
    }

  gtk_stack_set_visible_child_name (self->content_stack, total > 0 ? "list" : "empty");
}

static void
on_filter_changed (TlEventList *self)
{
  if (self->updating)
    return;

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

/* Fills @choices with @all followed by @strings, keeping the selected string selected. */
static void
set_choices (GtkDropDown   *dropdown,
             GtkStringList *choices,
             const char    *all,
             GPtrArray     *strings)
{
  g_autofree char *selected = g_strdup (selected_string (dropdown, choices));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (choices));
  guint keep = 0;

  g_ptr_array_insert (strings, 0, (gpointer) all);
  g_ptr_array_add (strings, NULL);
  gtk_string_list_splice (choices, 0, n, (const char * const *) strings->pdata);

  for (guint i = 1; selected != NULL && i + 1 < strings->len; i++)
    if (g_strcmp0 (g_ptr_array_index (strings, i), selected) == 0)
      keep = i;
  gtk_drop_down_set_selected (dropdown, keep);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

static int
find_id (GArray *ids,
         gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return (int) i;
  return -1;
}

/* The drop-downs offer what the events hold (codes, labels) and the match's teams, players
 * and periods. */
static void
update_choices (TlEventList *self)
{
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) code_list = g_ptr_array_new ();
  g_autoptr(GPtrArray) label_list = g_ptr_array_new ();
  g_autoptr(GPtrArray) team_list = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) player_list = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) period_list = g_ptr_array_new_with_free_func (g_free);
  gint64 team = selected_id (self->team_dropdown, self->team_ids);
  gint64 player = selected_id (self->player_dropdown, self->player_ids);
  int period = selected_period (self);
  guint n = self->events != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->events)) : 0;
  int index;

  if (self->wanted_team != 0)
    team = self->wanted_team;
  if (self->wanted_player != 0)
    player = self->wanted_player;
  if (self->wanted_period >= 0)
    period = self->wanted_period;

  self->updating = TRUE;

  g_array_set_size (self->team_ids, 0);
  g_array_set_size (self->player_ids, 0);
  g_array_set_size (self->period_numbers, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlEvent) event = g_list_model_get_item (G_LIST_MODEL (self->events), i);
      const char * const *event_labels = tl_event_get_labels (event);
      gint64 event_team = tl_event_get_team_id (event);
      gint64 event_player = tl_event_get_player_id (event);

      if (g_hash_table_add (codes, (gpointer) tl_event_get_code (event)))
        g_ptr_array_add (code_list, (gpointer) tl_event_get_code (event));
      for (guint j = 0; event_labels != NULL && event_labels[j] != NULL; j++)
        if (g_hash_table_add (labels, (gpointer) event_labels[j]))
          g_ptr_array_add (label_list, (gpointer) event_labels[j]);
      if (event_team != 0 && find_id (self->team_ids, event_team) < 0)
        {
          g_array_append_val (self->team_ids, event_team);
          g_ptr_array_add (team_list, tl_tag_format_team (self->format, event_team));
        }
      if (event_player != 0 && find_id (self->player_ids, event_player) < 0)
        {
          g_array_append_val (self->player_ids, event_player);
          g_ptr_array_add (player_list, tl_tag_format_player (self->format, event_player));
        }
    }
  g_ptr_array_sort (code_list, compare_strings);
  g_ptr_array_sort (label_list, compare_strings);

  for (guint i = 0; i < tl_tag_format_get_n_periods (self->format); i++)
    {
      int number = tl_tag_format_get_period_number (self->format, i);

      g_array_append_val (self->period_numbers, number);
      g_ptr_array_add (period_list, g_strdup (tl_tag_format_get_period_name (self->format, i)));
    }

  set_choices (self->code_dropdown, self->code_choices, _("All Codes"), code_list);
  set_choices (self->label_dropdown, self->label_choices, _("All Labels"), label_list);
  g_ptr_array_set_free_func (team_list, NULL);
  set_choices (self->team_dropdown, self->team_choices, _("All Teams"), team_list);
  g_ptr_array_set_free_func (player_list, NULL);
  set_choices (self->player_dropdown, self->player_choices, _("All Players"), player_list);
  g_ptr_array_set_free_func (period_list, NULL);
  set_choices (self->period_dropdown, self->period_choices, _("All Periods"), period_list);
  /* The arrays lost their free function so set_choices() could add the "All" entry; the
   * strings themselves were copied by the string lists. */
  for (guint i = 1; i + 1 < team_list->len; i++)
    g_free (g_ptr_array_index (team_list, i));
  for (guint i = 1; i + 1 < player_list->len; i++)
    g_free (g_ptr_array_index (player_list, i));
  for (guint i = 1; i + 1 < period_list->len; i++)
    g_free (g_ptr_array_index (period_list, i));

  /* Ids, not names, pick the team, player and period: two players may share a name. */
  index = team != 0 ? find_id (self->team_ids, team) : -1;
  gtk_drop_down_set_selected (self->team_dropdown, index >= 0 ? (guint) index + 1 : 0);
  index = player != 0 ? find_id (self->player_ids, player) : -1;
  gtk_drop_down_set_selected (self->player_dropdown, index >= 0 ? (guint) index + 1 : 0);
  index = 0;
  for (guint i = 0; period >= 0 && i < self->period_numbers->len; i++)
    if (g_array_index (self->period_numbers, int, i) == period)
      index = (int) i + 1;
  gtk_drop_down_set_selected (self->period_dropdown, (guint) index);

  self->updating = FALSE;
}

static gboolean
refresh_idle (gpointer data)
{
  TlEventList *self = data;

  self->refresh_source = 0;
  update_choices (self);
  /* An edited event may now pass or fail the filter. */
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);

  return G_SOURCE_REMOVE;
}

/* Every edit changes the undo description, also those that leave the items as they are (a
 * label, a note). A burst of tags while the video plays is dealt with once, when idle. */
static void
on_events_edited (TlEventList *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add_full (G_PRIORITY_LOW, refresh_idle, self, NULL);
}

/* --- cells --------------------------------------------------------------------------------- */

static char *
cell_text (TlEventList *self,
           TlEvent     *event,
           Column       column)
{
  switch (column)
    {
    case COLUMN_TIME:
      return tl_tag_format_clock (self->format, tl_event_get_start (event));
    case COLUMN_FILE_TIME:
      {
        g_autofree char *start = tl_tag_format_file_time (tl_event_get_start (event));
        g_autofree char *end = tl_tag_format_file_time (tl_event_get_end (event));

        return g_strdup_printf ("%s – %s", start, end);
      }
    case COLUMN_CODE:
      {
        g_autofree char *code = g_markup_escape_text (tl_event_get_code (event), -1);

        /* A coloured dot, as on the code button. */
        return g_strdup_printf ("<span foreground=\"%s\">●</span> %s",
                                tl_event_get_color (event), code);
      }
    case COLUMN_LABELS:
      return tl_tag_format_labels (tl_event_get_labels (event));
    case COLUMN_TEAM:
      return tl_tag_format_team (self->format, tl_event_get_team_id (event));
    case COLUMN_PLAYER:
      return tl_tag_format_player (self->format, tl_event_get_player_id (event));
    case COLUMN_NOTE:
      return g_strdup (tl_event_get_note (event));
    default:
      g_assert_not_reached ();
    }
}

static void
refresh_cell (GtkListItem *item)
{
  TlEventList *self = g_object_get_data (G_OBJECT (item), "event-list");
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "column"));
  TlEvent *event = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  if (event == NULL || label == NULL)
    return;

  text = cell_text (self, event, column);
  if (column == COLUMN_CODE)
    gtk_label_set_markup (label, text);
  else
    gtk_label_set_label (label, text != NULL ? text : "");
  if (column == COLUMN_NOTE || column == COLUMN_LABELS)
    gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            TlEventList              *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_TIME || column == COLUMN_FILE_TIME)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COLUMN_FILE_TIME)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (item, label);
  g_object_set_data (G_OBJECT (item), "event-list", self);
  g_object_set_data (G_OBJECT (item), "column", GINT_TO_POINTER (column));
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           TlEventList              *self)
{
  TlEvent *event = gtk_list_item_get_item (item);

  /* An undo or a nudge changes the event in place. */
  g_signal_connect_object (event, "notify", G_CALLBACK (refresh_cell), item, G_CONNECT_SWAPPED);
  refresh_cell (item);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             TlEventList              *self)
{
  TlEvent *event = gtk_list_item_get_item (item);

  if (event != NULL)
    g_signal_handlers_disconnect_by_func (event, refresh_cell, item);
}

static int
compare_events (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  TlEventList *self = g_object_get_data (G_OBJECT (data), "event-list");
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (data), "column"));
  TlEvent *x = (TlEvent *) a;
  TlEvent *y = (TlEvent *) b;
  g_autofree char *sx = NULL;
  g_autofree char *sy = NULL;
  int result;

  switch (column)
    {
    case COLUMN_TIME:
    case COLUMN_FILE_TIME:
      result = (tl_event_get_start (x) > tl_event_get_start (y))
               - (tl_event_get_start (x) < tl_event_get_start (y));
      break;
    case COLUMN_CODE:
      result = g_utf8_collate (tl_event_get_code (x), tl_event_get_code (y));
      break;
    default:
      sx = cell_text (self, x, column);
      sy = cell_text (self, y, column);
      /* Empty cells last, whichever way the column is sorted up. */
      result = g_utf8_collate (sx != NULL ? sx : "", sy != NULL ? sy : "");
      break;
    }

  /* Ties in time order, so a sorted column still reads chronologically. */
  if (result == 0)
    result = (tl_event_get_start (x) > tl_event_get_start (y))
             - (tl_event_get_start (x) < tl_event_get_start (y));
  return result < 0 ? GTK_ORDERING_SMALLER : result > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
setup_column (TlEventList         *self,
              GtkColumnViewColumn *column,
              Column               kind)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkCustomSorter) sorter = NULL;
  GObject *holder = G_OBJECT (column);

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (kind));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);
  gtk_column_view_column_set_factory (column, factory);

  g_object_set_data (holder, "event-list", self);
  g_object_set_data (holder, "column", GINT_TO_POINTER (kind));
  sorter = gtk_custom_sorter_new (compare_events, holder, NULL);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
}

/* --- actions ------------------------------------------------------------------------------- */

static void
seek_to (TlEventList *self,
         TlEvent     *event)
{
  if (self->player == NULL || tl_player_get_path (self->player) == NULL)
    return;

  if (self->queue != NULL)
    tl_clip_queue_stop (self->queue);
  tl_player_seek (self->player, (GstClockTime) tl_event_get_start (event), TRUE);
}

static void
on_row_activated (TlEventList *self,
                  guint        position)
{
  g_autoptr(TlEvent) event = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);

  if (event == NULL)
    return;

  seek_to (self, event);
  g_signal_emit (self, signals[SIGNAL_EVENT_ACTIVATED], 0, event);
}

static GArray *selected_ids (TlEventList *self);

/* Dragging the selected events (onto the Reels page, through the view switcher's Reels
 * button) adds them to the reel shown there. */
static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 TlEventList   *self)
{
  g_autoptr(GArray) ids = selected_ids (self);

  if (ids->len == 0)
    return NULL;
  return tl_event_drag_content_new ((const gint64 *) (gpointer) ids->data, ids->len);
}

static GArray *
selected_ids (TlEventList *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (
                                    GTK_SELECTION_MODEL (self->selection));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint position;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(TlEvent) event = g_list_model_get_item (G_LIST_MODEL (self->sort_model),
                                                        position);
      gint64 id = tl_event_get_id (event);

      g_array_append_val (ids, id);
    }

  return ids;
}

static void
on_undo_delete (AdwToast    *toast,
                TlEventList *self)
{
  g_autoptr(GError) error = NULL;

  /* The toast only offers this while the delete is the last step on the stack. */
  if (self->events != NULL && !tl_match_events_undo (self->events, &error))
    show_error (self, _("Could not undo"), error);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TlEventList *self = TL_EVENT_LIST (widget);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwToast *toast;
  g_autofree char *title = NULL;

  if (self->events == NULL)
    return;

  ids = selected_ids (self);
  if (ids->len == 0)
    return;

  if (!tl_match_events_delete (self->events, (gint64 *) ids->data, ids->len, &error))
    {
      show_error (self, _("Could not delete"), error);
      return;
    }

  if (!TL_IS_WINDOW (root))
    return;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event deleted",
                                        "%u events deleted", ids->len), ids->len);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_delete), self, 0);
  tl_window_add_toast (TL_WINDOW (root), toast);
}

/* Moves the start (target "start"), the end ("end") or both ("both") of the selection. */
static void
nudge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TlEventList *self = TL_EVENT_LIST (widget);
  g_autoptr(GPtrArray) selected = tl_event_list_dup_selected (self);
  g_autoptr(GError) error = NULL;
  const char *edge;
  int steps;

  if (self->events == NULL || selected->len == 0)
    return;

  g_variant_get (param, "(&si)", &edge, &steps);

  if (g_str_equal (edge, "both"))
    {
      g_autoptr(GArray) ids = selected_ids (self);

      if (!tl_match_events_shift (self->events, (gint64 *) ids->data, ids->len,
                                  steps * NUDGE_NS, &error))
        show_error (self, _("Could not move the events"), error);
      return;
    }

  for (guint i = 0; i < selected->len; i++)
    {
      TlEvent *event = g_ptr_array_index (selected, i);
      gint64 start = tl_event_get_start (event);
      gint64 end = tl_event_get_end (event);

      if (g_str_equal (edge, "start"))
        start = CLAMP (start + steps * NUDGE_NS, 0, end);
      else
        end = MAX (end + steps * NUDGE_NS, start);

      if (!tl_match_events_set_times (self->events, tl_event_get_id (event), start, end, &error))
        {
          show_error (self, _("Could not change the times"), error);
          return;
        }
    }
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  tl_event_list_clear_filter (TL_EVENT_LIST (widget));
}

static void
update_play_button (TlEventList *self)
{
  gboolean active = self->queue != NULL && tl_clip_queue_get_active (self->queue);

  gtk_toggle_button_set_active (self->play_filtered_button, active);
  if (active)
    {
      /* Translators: which clip of "Play filtered" is playing, e.g. "Clip 3 of 12" */
      g_autofree char *text = g_strdup_printf (_("Playing clip %d of %u — Esc stops"),
                                               tl_clip_queue_get_index (self->queue) + 1,
                                               tl_clip_queue_get_n_clips (self->queue));

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_filtered_button), text);
    }
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_filtered_button),
                                 _("Play Filtered Events Back to Back (Ctrl+Enter)"));
  update_count (self);
}

/* GTK 4.8's column view cannot scroll to a row itself; its inner list view's action can. */
static void
scroll_to (TlEventList *self,
           guint        position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

static void
on_queue_index (TlEventList *self)
{
  int index = self->queue != NULL ? tl_clip_queue_get_index (self->queue) : -1;

  /* The row of the clip playing is selected, so the list follows the playlist. */
  if (index >= 0 && (guint) index < g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)))
    {
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), index, TRUE);
      scroll_to (self, (guint) index);
    }
  update_play_button (self);
}

static void
play_filtered_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  TlEventList *self = TL_EVENT_LIST (widget);
  GListModel *shown = G_LIST_MODEL (self->sort_model);
  guint n = g_list_model_get_n_items (shown);
  g_autoptr(GArray) clips = g_array_sized_new (FALSE, FALSE, sizeof (TlClip), n);

  if (self->queue == NULL)
    return;

  if (tl_clip_queue_get_active (self->queue))
    {
      tl_clip_queue_stop (self->queue);
      update_play_button (self);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlEvent) event = g_list_model_get_item (shown, i);
      TlClip clip = { tl_event_get_start (event), tl_event_get_end (event) };

      /* A point event (a toggle still open, an import without duration) still shows a moment. */
      if (clip.end_ns <= clip.start_ns)
        clip.end_ns = clip.start_ns + GST_SECOND;
      g_array_append_val (clips, clip);
    }

  tl_clip_queue_play (self->queue, (TlClip *) clips->data, clips->len);
  update_play_button (self);
}

static void
stop_playlist_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  TlEventList *self = TL_EVENT_LIST (widget);

  if (self->queue != NULL && tl_clip_queue_get_active (self->queue))
    {
      tl_clip_queue_stop (self->queue);
      update_play_button (self);
    }
  else
    /* Not playing a list: Escape means what it means on the page (back to the library). */
    gtk_widget_activate_action (widget, "win.back", NULL);
}

/* --- GObject ------------------------------------------------------------------------------- */

static void
tl_event_list_dispose (GObject *object)
{
  TlEventList *self = (TlEventList *) object;
  GtkWidget *child;

  tl_event_list_set_events (self, NULL);
  tl_event_list_set_player (self, NULL);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_EVENT_LIST);
  /* The template's outer widget has no name, so dispose_template() leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->format);

  G_OBJECT_CLASS (tl_event_list_parent_class)->dispose (object);
}

static void
tl_event_list_finalize (GObject *object)
{
  TlEventList *self = (TlEventList *) object;

  g_clear_pointer (&self->team_ids, g_array_unref);
  g_clear_pointer (&self->player_ids, g_array_unref);
  g_clear_pointer (&self->period_numbers, g_array_unref);

  G_OBJECT_CLASS (tl_event_list_parent_class)->finalize (object);
}

static void
tl_event_list_class_init (TlEventListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_event_list_dispose;
  object_class->finalize = tl_event_list_finalize;

  signals[SIGNAL_EVENT_ACTIVATED] =
    g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_EVENT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/tl-event-list.ui");
  gtk_widget_class_bind_template_child (widget_class, TlEventList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, filter_button);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, play_filtered_button);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, count_label);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, column_view);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, time_column);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, code_column);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, labels_column);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, team_column);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, player_column);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, file_time_column);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, note_column);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, code_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, label_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, team_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, player_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlEventList, period_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "events.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "events.nudge", "(si)", nudge_action);
  gtk_widget_class_install_action (widget_class, "events.clear-filters", NULL,
                                   clear_filters_action);
  gtk_widget_class_install_action (widget_class, "events.play-filtered", NULL,
                                   play_filtered_action);
  gtk_widget_class_install_action (widget_class, "events.stop", NULL, stop_playlist_action);

  /* Bindings of the list: they act on the selection, so only while the focus is in it. Ctrl
   * moves the start, Ctrl+Shift the end, Alt the whole event; the bare arrows stay the page's
   * frame steps. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "events.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "events.delete",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_CONTROL_MASK,
                                       "events.nudge", "(si)", "start", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_CONTROL_MASK,
                                       "events.nudge", "(si)", "start", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "events.nudge", "(si)", "end", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "events.nudge", "(si)", "end", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "events.nudge", "(si)", "both", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, GDK_CONTROL_MASK,
                                       "events.nudge", "(si)", "both", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "events.play-filtered", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "events.stop", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "eventlist");
}

static void
tl_event_list_init (TlEventList *self)
{
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->format = tl_tag_format_new ();
  self->team_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->player_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->period_numbers = g_array_new (FALSE, FALSE, sizeof (int));
  self->wanted_period = -1;

  self->code_choices = gtk_string_list_new (NULL);
  self->label_choices = gtk_string_list_new (NULL);
  self->team_choices = gtk_string_list_new (NULL);
  self->player_choices = gtk_string_list_new (NULL);
  self->period_choices = gtk_string_list_new (NULL);
  self->updating = TRUE;
  gtk_drop_down_set_model (self->code_dropdown, G_LIST_MODEL (self->code_choices));
  gtk_drop_down_set_model (self->label_dropdown, G_LIST_MODEL (self->label_choices));
  gtk_drop_down_set_model (self->team_dropdown, G_LIST_MODEL (self->team_choices));
  gtk_drop_down_set_model (self->player_dropdown, G_LIST_MODEL (self->player_choices));
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (self->period_choices));
  /* The drop-downs hold their models now. */
  g_object_unref (self->code_choices);
  g_object_unref (self->label_choices);
  g_object_unref (self->team_choices);
  g_object_unref (self->player_choices);
  g_object_unref (self->period_choices);
  gtk_drop_down_set_expression (self->code_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  gtk_drop_down_set_expression (self->label_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  gtk_drop_down_set_expression (self->player_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  self->updating = FALSE;

  {
    GtkDragSource *drag = gtk_drag_source_new ();

    gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
    g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), self);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (drag));
  }

  setup_column (self, self->time_column, COLUMN_TIME);
  setup_column (self, self->code_column, COLUMN_CODE);
  setup_column (self, self->labels_column, COLUMN_LABELS);
  setup_column (self, self->team_column, COLUMN_TEAM);
  setup_column (self, self->player_column, COLUMN_PLAYER);
  setup_column (self, self->file_time_column, COLUMN_FILE_TIME);
  setup_column (self, self->note_column, COLUMN_NOTE);

  self->filter = gtk_custom_filter_new (filter_event, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (self->filter_model),
                                              g_object_ref (sorter));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (self->sort_model));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_sort_by_column (self->column_view, self->time_column, GTK_SORT_ASCENDING);

  update_choices (self);
  update_count (self);
}

void
tl_event_list_set_events (TlEventList   *self,
                          TlMatchEvents *events)
{
  g_return_if_fail (TL_IS_EVENT_LIST (self));
  g_return_if_fail (events == NULL || TL_IS_MATCH_EVENTS (events));

  if (self->events == events)
    return;

  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  g_set_object (&self->events, events);
  if (events != NULL)
    {
      g_signal_connect_object (events, "items-changed", G_CALLBACK (on_events_edited), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (events, "notify::undo-description",
                               G_CALLBACK (on_events_edited), self, G_CONNECT_SWAPPED);
    }

  if (self->queue != NULL)
    tl_clip_queue_stop (self->queue);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (events));
  tl_event_list_clear_filter (self);
}

TlMatchEvents *
tl_event_list_get_events (TlEventList *self)
{
  g_return_val_if_fail (TL_IS_EVENT_LIST (self), NULL);

  return self->events;
}

void
tl_event_list_set_player (TlEventList *self,
                          TlPlayer    *player)
{
  g_return_if_fail (TL_IS_EVENT_LIST (self));
  g_return_if_fail (player == NULL || TL_IS_PLAYER (player));

  if (self->player == player)
    return;

  if (self->queue != NULL)
    {
      tl_clip_queue_stop (self->queue);
      g_signal_handlers_disconnect_by_data (self->queue, self);
      g_clear_object (&self->queue);
    }
  g_set_object (&self->player, player);
  if (player != NULL)
    {
      self->queue = tl_clip_queue_new (player);
      g_signal_connect_object (self->queue, "notify::index", G_CALLBACK (on_queue_index), self,
                               G_CONNECT_SWAPPED);
    }
  update_count (self);
}

void
tl_event_list_set_filter (TlEventList         *self,
                          const TlEventFilter *filter)
{
  g_return_if_fail (TL_IS_EVENT_LIST (self));
  g_return_if_fail (filter != NULL);

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->code_dropdown, 0);
  gtk_drop_down_set_selected (self->label_dropdown, 0);
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (self->code_choices)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->code_choices, i), filter->code) == 0)
      gtk_drop_down_set_selected (self->code_dropdown, i);
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (self->label_choices)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->label_choices, i), filter->label) == 0)
      gtk_drop_down_set_selected (self->label_dropdown, i);
  self->updating = FALSE;

  self->wanted_team = filter->team_id;
  self->wanted_player = filter->player_id;
  self->wanted_period = filter->period;
  /* Rebuilt so that the team, player and period drop-downs pick the ids asked for. */
  gtk_drop_down_set_selected (self->team_dropdown, 0);
  gtk_drop_down_set_selected (self->player_dropdown, 0);
  gtk_drop_down_set_selected (self->period_dropdown, 0);
  update_choices (self);
  self->wanted_team = 0;
  self->wanted_player = 0;
  self->wanted_period = -1;

  on_filter_changed (self);
}

void
tl_event_list_clear_filter (TlEventList *self)
{
  TlEventFilter none = { NULL, NULL, 0, 0, -1 };

  g_return_if_fail (TL_IS_EVENT_LIST (self));

  tl_event_list_set_filter (self, &none);
}

GListModel *
tl_event_list_get_shown (TlEventList *self)
{
  g_return_val_if_fail (TL_IS_EVENT_LIST (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

GPtrArray *
tl_event_list_dup_selected (TlEventList *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GPtrArray *events = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (TL_IS_EVENT_LIST (self), events);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (events, g_list_model_get_item (G_LIST_MODEL (self->sort_model), position));

  return events;
}

void
tl_event_list_select_event (TlEventList *self,
                            gint64       event_id)
{
  GListModel *shown;

  g_return_if_fail (TL_IS_EVENT_LIST (self));

  shown = G_LIST_MODEL (self->sort_model);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(TlEvent) event = g_list_model_get_item (shown, i);

      if (tl_event_get_id (event) == event_id)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
          scroll_to (self, i);
          return;
        }
    }
}

void
tl_event_list_set_sheet (TlEventList  *self,
                         TlMatchSheet *sheet)
{
  g_return_if_fail (TL_IS_EVENT_LIST (self));

  tl_tag_format_set_sheet (self->format, sheet);
  tl_event_list_refresh (self);
}

void
tl_event_list_refresh (TlEventList *self)
{
  g_return_if_fail (TL_IS_EVENT_LIST (self));

  update_choices (self);
  on_filter_changed (self);
  /* Names and clock times in the cells may have changed. */
  gtk_sorter_changed (gtk_column_view_get_sorter (self->column_view), GTK_SORTER_CHANGE_DIFFERENT);
}
