/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-event-matrix.c: the "Summary" page: counts of codes by label, per team and per period. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-event-matrix.h"
#include "tl-tag-format.h"

struct _TlEventMatrix
{
  GtkWidget      parent_instance;

  TlMatchEvents *events;
  TlTagFormat   *format;
  GtkStringList *team_choices;
  GArray        *team_ids;        /* gint64, parallel to team_choices after "All" */
  GtkStringList *period_choices;
  GArray        *period_numbers;  /* int */
  /* "code\nlabel" (label "" for the total) → count, as last shown. */
  GHashTable    *counts;
  guint          refresh_source;
  /* Edits came while the page was hidden: count when it is shown. */
  gboolean       stale;
  gboolean       updating;

  /* Template children */
  GtkDropDown   *team_dropdown;
  GtkDropDown   *period_dropdown;
  GtkStack      *content_stack;
  GtkGrid       *grid;
};

G_DEFINE_FINAL_TYPE (TlEventMatrix, tl_event_matrix, GTK_TYPE_WIDGET)

enum {
  SIGNAL_FILTER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
selected_team (TlEventMatrix *self)
{
  guint selected = gtk_drop_down_get_selected (self->team_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > self->team_ids->len)
    return 0;
  return g_array_index (self->team_ids, gint64, selected - 1);
}

static int
selected_period (TlEventMatrix *self)
{
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION
      || selected > self->period_numbers->len)
    return -1;
  return g_array_index (self->period_numbers, int, selected - 1);
}

static void
on_cell_clicked (GtkButton     *button,
                 TlEventMatrix *self)
{
  TlEventFilter filter = {
    .code = g_object_get_data (G_OBJECT (button), "code"),
    .label = g_object_get_data (G_OBJECT (button), "label"),
    .team_id = selected_team (self),
    .player_id = 0,
    .period = selected_period (self),
  };

  g_signal_emit (self, signals[SIGNAL_FILTER], 0, &filter);
}

static GtkWidget *
make_cell (TlEventMatrix *self,
           const char    *code,
           const char    *label,
           guint          count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);
  GtkWidget *button = gtk_button_new_with_label (text);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "numeric");
  if (count == 0)
    {
      gtk_widget_add_css_class (button, "dim-label");
      gtk_widget_set_sensitive (button, FALSE);
    }
  if (label == NULL)
    gtk_widget_add_css_class (button, "heading");
  g_object_set_data_full (G_OBJECT (button), "code", g_strdup (code), g_free);
  g_object_set_data_full (G_OBJECT (button), "label", g_strdup (label), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_cell_clicked), self);
  gtk_widget_set_tooltip_text (button, _("Show these events in the list"));

  return button;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

static char *
count_key (const char *code,
           const char *label)
{
  return g_strconcat (code, "\n", label != NULL ? label : "", NULL);
}

static guint
lookup_count (TlEventMatrix *self,
              const char    *code,
              const char    *label)
{
  g_autofree char *key = count_key (code, label);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, key));
}

static void
bump (TlEventMatrix *self,
      const char    *code,
      const char    *label)
{
  char *key = count_key (code, label);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, key));

  g_hash_table_replace (self->counts, key, GUINT_TO_POINTER (count + 1));
}

/* The team and period drop-downs offer the teams in the events and the match's periods. */
static void
update_choices (TlEventMatrix *self)
{
  gint64 team = selected_team (self);
  int period = selected_period (self);
  guint n = self->events != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->events)) : 0;
  g_autoptr(GStrvBuilder) teams = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) periods = g_strv_builder_new ();
  g_auto(GStrv) team_names = NULL;
  g_auto(GStrv) period_names = NULL;
  guint select_team = 0;
  guint select_period = 0;

  g_array_set_size (self->team_ids, 0);
  g_array_set_size (self->period_numbers, 0);
  g_strv_builder_add (teams, _("All Teams"));
  g_strv_builder_add (periods, _("Whole Match"));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlEvent) event = g_list_model_get_item (G_LIST_MODEL (self->events), i);
      gint64 id = tl_event_get_team_id (event);
      gboolean known = FALSE;

      for (guint j = 0; j < self->team_ids->len && !known; j++)
        known = g_array_index (self->team_ids, gint64, j) == id;
      if (id != 0 && !known)
        {
          g_autofree char *name = tl_tag_format_team (self->format, id);

          g_array_append_val (self->team_ids, id);
          g_strv_builder_add (teams, name);
          if (id == team)
            select_team = self->team_ids->len;
        }
    }

  for (guint i = 0; i < tl_tag_format_get_n_periods (self->format); i++)
    {
      int number = tl_tag_format_get_period_number (self->format, i);

      g_array_append_val (self->period_numbers, number);
      g_strv_builder_add (periods, tl_tag_format_get_period_name (self->format, i));
      if (number == period)
        select_period = self->period_numbers->len;
    }

  team_names = g_strv_builder_end (teams);
  period_names = g_strv_builder_end (periods);

  self->updating = TRUE;
  gtk_string_list_splice (self->team_choices, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->team_choices)),
                          (const char * const *) team_names);
  gtk_string_list_splice (self->period_choices, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->period_choices)),
                          (const char * const *) period_names);
  gtk_drop_down_set_selected (self->team_dropdown, select_team);
  gtk_drop_down_set_selected (self->period_dropdown, select_period);
  self->updating = FALSE;
}

static void
rebuild (TlEventMatrix *self)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GHashTable) seen_codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_labels = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) colors = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 team = selected_team (self);
  int period = selected_period (self);
  guint n = self->events != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->events)) : 0;
  GtkWidget *child;

  g_hash_table_remove_all (self->counts);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);

  /* The event objects live as long as the model holds them, through this function. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlEvent) event = g_list_model_get_item (G_LIST_MODEL (self->events), i);
      const char *code = tl_event_get_code (event);
      const char * const *event_labels = tl_event_get_labels (event);

      if (g_hash_table_add (seen_codes, (gpointer) code))
        {
          g_ptr_array_add (codes, (gpointer) code);
          g_hash_table_insert (colors, (gpointer) code, (gpointer) tl_event_get_color (event));
        }
      for (guint j = 0; event_labels[j] != NULL; j++)
        if (g_hash_table_add (seen_labels, (gpointer) event_labels[j]))
          g_ptr_array_add (labels, (gpointer) event_labels[j]);

      if (team != 0 && tl_event_get_team_id (event) != team)
        continue;
      if (period >= 0
          && tl_tag_format_period_at (self->format, tl_event_get_start (event)) != period)
        continue;

      bump (self, code, NULL);
      for (guint j = 0; event_labels[j] != NULL; j++)
        bump (self, code, event_labels[j]);
    }

  g_ptr_array_sort (codes, compare_strings);
  g_ptr_array_sort (labels, compare_strings);

  gtk_stack_set_visible_child_name (self->content_stack, codes->len > 0 ? "matrix" : "empty");

  /* Header row: the total, then each label as "group: text" over two lines. */
  for (guint j = 0; j <= labels->len; j++)
    {
      GtkWidget *header;

      if (j == 0)
        header = gtk_label_new (_("Total"));
      else
        {
          g_autofree char *group = NULL;
          g_autofree char *text = NULL;
          g_autofree char *markup = NULL;

          tl_event_label_split (g_ptr_array_index (labels, j - 1), &group, &text);
          markup = group != NULL ? g_markup_printf_escaped ("<small>%s</small>\n%s", group, text)
                                 : g_markup_escape_text (text, -1);
          header = gtk_label_new (NULL);
          gtk_label_set_markup (GTK_LABEL (header), markup);
          gtk_label_set_justify (GTK_LABEL (header), GTK_JUSTIFY_CENTER);
        }
      gtk_widget_add_css_class (header, "caption-heading");
      gtk_widget_set_valign (header, GTK_ALIGN_END);
      gtk_grid_attach (self->grid, header, (int) j + 1, 0, 1, 1);
    }

  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);
      g_autofree char *escaped = g_markup_escape_text (code, -1);
      g_autofree char *markup = g_strdup_printf ("<span foreground=\"%s\">●</span> %s",
                                                 (const char *) g_hash_table_lookup (colors, code),
                                                 escaped);
      GtkWidget *name = gtk_label_new (NULL);

      gtk_label_set_markup (GTK_LABEL (name), markup);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 18);
      gtk_grid_attach (self->grid, name, 0, (int) i + 1, 1, 1);

      gtk_grid_attach (self->grid, make_cell (self, code, NULL, lookup_count (self, code, NULL)),
                       1, (int) i + 1, 1, 1);
      for (guint j = 0; j < labels->len; j++)
        {
          const char *label = g_ptr_array_index (labels, j);

          gtk_grid_attach (self->grid, make_cell (self, code, label,
                                                  lookup_count (self, code, label)),
                           (int) j + 2, (int) i + 1, 1, 1);
        }
    }
}

static gboolean
refresh_idle (gpointer data)
{
  TlEventMatrix *self = data;

  self->refresh_source = 0;
  self->stale = FALSE;
  update_choices (self);
  rebuild (self);

  return G_SOURCE_REMOVE;
}

/* Tagging while the video plays changes the model often: count once per burst, when idle,
 * and not at all while another page of the side panel is shown. */
static void
queue_refresh (TlEventMatrix *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_source == 0)
    self->refresh_source = g_idle_add_full (G_PRIORITY_LOW, refresh_idle, self, NULL);
}

static void
tl_event_matrix_map (GtkWidget *widget)
{
  TlEventMatrix *self = TL_EVENT_MATRIX (widget);

  GTK_WIDGET_CLASS (tl_event_matrix_parent_class)->map (widget);

  if (self->stale)
    tl_event_matrix_refresh (self);
}

static void
tl_event_matrix_dispose (GObject *object)
{
  TlEventMatrix *self = (TlEventMatrix *) object;
  GtkWidget *child;

  tl_event_matrix_set_events (self, NULL);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_EVENT_MATRIX);
  /* The template's outer widget has no name, so dispose_template() leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->format);

  G_OBJECT_CLASS (tl_event_matrix_parent_class)->dispose (object);
}

static void
tl_event_matrix_finalize (GObject *object)
{
  TlEventMatrix *self = (TlEventMatrix *) object;

  g_clear_pointer (&self->team_ids, g_array_unref);
  g_clear_pointer (&self->period_numbers, g_array_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);

  G_OBJECT_CLASS (tl_event_matrix_parent_class)->finalize (object);
}

static void
tl_event_matrix_class_init (TlEventMatrixClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_event_matrix_dispose;
  object_class->finalize = tl_event_matrix_finalize;
  widget_class->map = tl_event_matrix_map;

  signals[SIGNAL_FILTER] =
    g_signal_new ("filter", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/tl-event-matrix.ui");
  gtk_widget_class_bind_template_child (widget_class, TlEventMatrix, team_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlEventMatrix, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlEventMatrix, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TlEventMatrix, grid);
  gtk_widget_class_bind_template_callback (widget_class, tl_event_matrix_refresh);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "eventmatrix");
}

static void
tl_event_matrix_init (TlEventMatrix *self)
{
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->format = tl_tag_format_new ();
  self->team_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->period_numbers = g_array_new (FALSE, FALSE, sizeof (int));
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->team_choices = gtk_string_list_new (NULL);
  self->period_choices = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->team_dropdown, G_LIST_MODEL (self->team_choices));
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (self->period_choices));
  g_object_unref (self->team_choices);
  g_object_unref (self->period_choices);
  self->updating = FALSE;

  update_choices (self);
  rebuild (self);
}

void
tl_event_matrix_set_events (TlEventMatrix *self,
                            TlMatchEvents *events)
{
  g_return_if_fail (TL_IS_EVENT_MATRIX (self));
  g_return_if_fail (events == NULL || TL_IS_MATCH_EVENTS (events));

  if (self->events == events)
    return;

  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  g_set_object (&self->events, events);
  if (events != NULL)
    {
      g_signal_connect_object (events, "items-changed", G_CALLBACK (queue_refresh), self,
                               G_CONNECT_SWAPPED);
      /* Every edit changes it, also a label added in place. */
      g_signal_connect_object (events, "notify::undo-description", G_CALLBACK (queue_refresh),
                               self, G_CONNECT_SWAPPED);
    }

  tl_event_matrix_refresh (self);
}

void
tl_event_matrix_set_sheet (TlEventMatrix *self,
                           TlMatchSheet  *sheet)
{
  g_return_if_fail (TL_IS_EVENT_MATRIX (self));

  tl_tag_format_set_sheet (self->format, sheet);
  tl_event_matrix_refresh (self);
}

void
tl_event_matrix_refresh (TlEventMatrix *self)
{
  g_return_if_fail (TL_IS_EVENT_MATRIX (self));

  if (self->updating)
    return;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->stale = FALSE;
  update_choices (self);
  rebuild (self);
}

int
tl_event_matrix_get_count (TlEventMatrix *self,
                           const char    *code,
                           const char    *label)
{
  g_autofree char *key = NULL;
  gpointer value;

  g_return_val_if_fail (TL_IS_EVENT_MATRIX (self), -1);

  /* A refresh still queued would change the answer. */
  if (self->refresh_source != 0 || self->stale)
    {
      g_clear_handle_id (&self->refresh_source, g_source_remove);
      refresh_idle (self);
    }

  key = count_key (code, label);
  if (!g_hash_table_lookup_extended (self->counts, key, NULL, &value))
    return g_hash_table_size (self->counts) > 0 ? 0 : -1;
  return (int) GPOINTER_TO_UINT (value);
}
