/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-player-list.c: the match's players and their figures as a sortable table. */
#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "tl-match-sheet.h"
#include "tl-player-figures.h"
#include "tl-player-list.h"

/* Unnamed tracks shorter than this are fragments of players listed already (a player lost
 * behind another comes back as a new track); naming them joins them to their player. */
#define MIN_TRACK_SECONDS 10.0

typedef enum
{
  COLUMN_NAME,
  COLUMN_SIDE,
  COLUMN_TIME,
  COLUMN_DISTANCE,
  COLUMN_SPEED,
  COLUMN_SPRINTS,
} Column;

struct _TlPlayerList
{
  GtkWidget           parent_instance;

  TlTrackWindow      *window;
  TlMatchSheet       *sheet;      /* for the teams' names; NULL: "Home" and "Away" */
  GListStore         *players;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection;
  gboolean            updating;   /* selecting a row for the page: not a pick of the user's */

  /* Template children */
  GtkStack            *content_stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *side_column;
  GtkColumnViewColumn *time_column;
  GtkColumnViewColumn *distance_column;
  GtkColumnViewColumn *speed_column;
  GtkColumnViewColumn *sprints_column;
};

G_DEFINE_FINAL_TYPE (TlPlayerList, tl_player_list, GTK_TYPE_WIDGET)

enum { PLAYER_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The team's short name (or name) from the match sheet when it has one. */
static const char *
team_name (TlPlayerList *self,
           TlTeamSide    side)
{
  TlTeam *team;

  if (self->sheet == NULL || (side != TL_TEAM_SIDE_HOME && side != TL_TEAM_SIDE_AWAY))
    return NULL;
  team = tl_match_sheet_get_team (self->sheet, (TlSide) side);
  if (team == NULL)
    return NULL;
  if (tl_team_get_short_name (team) != NULL && *tl_team_get_short_name (team) != '\0')
    return tl_team_get_short_name (team);
  return tl_team_get_name (team);
}

static char *
cell_text (TlPlayerList    *self,
           TlPlayerFigures *player,
           Column           column)
{
  gboolean figures = tl_player_figures_get_has_figures (player);
  const char *team;
  int seconds;

  switch (column)
    {
    case COLUMN_NAME:
      return g_strdup (tl_player_figures_get_name (player));
    case COLUMN_SIDE:
      if ((team = team_name (self, tl_player_figures_get_side (player))) != NULL)
        return g_strdup (team);
      switch (tl_player_figures_get_side (player))
        {
        case TL_TEAM_SIDE_HOME:    return g_strdup (_("Home"));
        case TL_TEAM_SIDE_AWAY:    return g_strdup (_("Away"));
        case TL_TEAM_SIDE_REFEREE: return g_strdup (_("Referee"));
        case TL_TEAM_SIDE_UNKNOWN:
        default:                   return g_strdup ("—");
        }
    case COLUMN_TIME:
      seconds = (int) (tl_player_figures_get_seconds (player) + 0.5);
      return g_strdup_printf ("%d:%02d", seconds / 60, seconds % 60);
    case COLUMN_DISTANCE:
      /* The column's title gives the unit: km. */
      return figures ? g_strdup_printf ("%.2f", tl_player_figures_get_distance (player) / 1000.0)
                     : g_strdup ("—");
    case COLUMN_SPEED:
      /* km/h, as the column's title says. */
      return figures ? g_strdup_printf ("%.1f", tl_player_figures_get_top_speed (player) * 3.6)
                     : g_strdup ("—");
    case COLUMN_SPRINTS:
    default:
      return figures ? g_strdup_printf ("%d", tl_player_figures_get_sprints (player))
                     : g_strdup ("—");
    }
}

static Column
column_of (GtkSignalListItemFactory *factory)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            TlPlayerList             *self)
{
  Column column = column_of (factory);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_NAME || column == COLUMN_SIDE ? 0
                                                                                        : 1);
  if (column == COLUMN_NAME)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column >= COLUMN_TIME)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           TlPlayerList             *self)
{
  g_autofree char *text = cell_text (self, gtk_list_item_get_item (item), column_of (factory));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

/* Each column draws its cells and sorts by the figure it shows (numbers as numbers). */
static void
setup_column (TlPlayerList        *self,
              GtkColumnViewColumn *view_column,
              Column               column,
              const char          *property)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkExpression *expression = gtk_property_expression_new (TL_TYPE_PLAYER_FIGURES, NULL,
                                                           property);
  g_autoptr(GtkSorter) sorter = column == COLUMN_NAME
                                ? GTK_SORTER (gtk_string_sorter_new (expression))
                                : GTK_SORTER (gtk_numeric_sorter_new (expression));

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  gtk_column_view_column_set_factory (view_column, factory);
  gtk_column_view_column_set_sorter (view_column, sorter);
}

static void
reload (TlPlayerList *self)
{
  g_autoptr(GPtrArray) players = self->window != NULL
                                  ? tl_player_figures_list (self->window, MIN_TRACK_SECONDS)
                                  : g_ptr_array_new ();

  /* One splice: the table re-sorts and redraws once. */
  g_list_store_splice (self->players, 0, g_list_model_get_n_items (G_LIST_MODEL (self->players)),
                       players->pdata, players->len);
  gtk_stack_set_visible_child_name (self->content_stack, players->len > 0 ? "list" : "empty");
}

static void
on_row_activated (TlPlayerList *self,
                  guint         position)
{
  tl_player_list_activate (self, position);
}

/* A click on a row picks that player, as a click on him in the video does. */
static void
on_selected_changed (TlPlayerList *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (!self->updating && position != GTK_INVALID_LIST_POSITION)
    tl_player_list_activate (self, position);
}

static void
tl_player_list_dispose (GObject *object)
{
  TlPlayerList *self = TL_PLAYER_LIST (object);

  tl_player_list_set_window (self, NULL);
  if (self->players != NULL)
    tl_player_list_set_match_sheet (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_PLAYER_LIST);
  g_clear_object (&self->selection);
  g_clear_object (&self->players);

  G_OBJECT_CLASS (tl_player_list_parent_class)->dispose (object);
}

static void
tl_player_list_class_init (TlPlayerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_player_list_dispose;

  /* player-activated (guint track_no): the player's first track. */
  signals[PLAYER_ACTIVATED] = g_signal_new ("player-activated", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/touchline/Touchline/tl-player-list.ui");
  gtk_widget_class_bind_template_child (widget_class, TlPlayerList, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TlPlayerList, column_view);
  gtk_widget_class_bind_template_child (widget_class, TlPlayerList, name_column);
  gtk_widget_class_bind_template_child (widget_class, TlPlayerList, side_column);
  gtk_widget_class_bind_template_child (widget_class, TlPlayerList, time_column);
  gtk_widget_class_bind_template_child (widget_class, TlPlayerList, distance_column);
  gtk_widget_class_bind_template_child (widget_class, TlPlayerList, speed_column);
  gtk_widget_class_bind_template_child (widget_class, TlPlayerList, sprints_column);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "playerlist");
}

static void
tl_player_list_init (TlPlayerList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  setup_column (self, self->name_column, COLUMN_NAME, "name");
  setup_column (self, self->side_column, COLUMN_SIDE, "side");
  setup_column (self, self->time_column, COLUMN_TIME, "seconds");
  setup_column (self, self->distance_column, COLUMN_DISTANCE, "distance");
  setup_column (self, self->speed_column, COLUMN_SPEED, "top-speed");
  setup_column (self, self->sprints_column, COLUMN_SPRINTS, "sprints");

  self->players = g_list_store_new (TL_TYPE_PLAYER_FIGURES);
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->players)),
                                              g_object_ref (gtk_column_view_get_sorter (
                                                self->column_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sort_model));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selected_changed),
                            self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  /* Who ran most first: the question a coach opens this page with. */
  gtk_column_view_sort_by_column (self->column_view, self->distance_column,
                                  GTK_SORT_DESCENDING);
  reload (self);
}

GtkWidget *
tl_player_list_new (void)
{
  return g_object_new (TL_TYPE_PLAYER_LIST, NULL);
}

void
tl_player_list_set_window (TlPlayerList  *self,
                           TlTrackWindow *window)
{
  g_return_if_fail (TL_IS_PLAYER_LIST (self));
  g_return_if_fail (window == NULL || TL_IS_TRACK_WINDOW (window));

  if (self->window == window)
    return;
  if (self->window != NULL)
    g_signal_handlers_disconnect_by_data (self->window, self);
  g_set_object (&self->window, window);
  if (window != NULL)
    g_signal_connect_swapped (window, "tracks-changed", G_CALLBACK (reload), self);
  if (self->players != NULL)
    reload (self);
}

/* The team names changed: the rows stay, their cells are drawn again. */
static void
redraw_rows (TlPlayerList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->players));

  g_list_model_items_changed (G_LIST_MODEL (self->players), 0, n, n);
}

void
tl_player_list_set_match_sheet (TlPlayerList *self,
                                TlMatchSheet *sheet)
{
  g_return_if_fail (TL_IS_PLAYER_LIST (self));
  g_return_if_fail (sheet == NULL || TL_IS_MATCH_SHEET (sheet));

  if (self->sheet == sheet)
    return;
  if (self->sheet != NULL)
    g_signal_handlers_disconnect_by_data (self->sheet, self);
  g_set_object (&self->sheet, sheet);
  if (sheet != NULL)
    {
      g_signal_connect_swapped (sheet, "notify::home-team", G_CALLBACK (redraw_rows), self);
      g_signal_connect_swapped (sheet, "notify::away-team", G_CALLBACK (redraw_rows), self);
    }
  redraw_rows (self);
}

GListModel *
tl_player_list_get_model (TlPlayerList *self)
{
  g_return_val_if_fail (TL_IS_PLAYER_LIST (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

void
tl_player_list_activate (TlPlayerList *self,
                         guint         position)
{
  g_autoptr(TlPlayerFigures) player = NULL;

  g_return_if_fail (TL_IS_PLAYER_LIST (self));

  player = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);
  if (player != NULL)
    g_signal_emit (self, signals[PLAYER_ACTIVATED], 0, tl_player_figures_get_track_no (player));
}

void
tl_player_list_set_selected_track (TlPlayerList *self,
                                   int           track_no)
{
  guint position = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (TL_IS_PLAYER_LIST (self));

  if (track_no >= 0 && self->window != NULL)
    {
      /* A named player's row stands for his first track, the first of tracks_of_player (). */
      g_autoptr(GArray) tracks = tl_track_window_tracks_of_player (self->window,
                                                                   (guint32) track_no);
      guint32 first = tracks->len > 0 ? g_array_index (tracks, guint32, 0) : (guint32) track_no;
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));

      for (guint i = 0; i < n && position == GTK_INVALID_LIST_POSITION; i++)
        {
          g_autoptr(TlPlayerFigures) player = g_list_model_get_item (
            G_LIST_MODEL (self->sort_model), i);

          if (tl_player_figures_get_track_no (player) == first)
            position = i;
        }
    }
  self->updating = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->updating = FALSE;
}

int
tl_player_list_get_selected_track (TlPlayerList *self)
{
  TlPlayerFigures *player;

  g_return_val_if_fail (TL_IS_PLAYER_LIST (self), -1);

  player = gtk_single_selection_get_selected_item (self->selection);
  return player != NULL ? (int) tl_player_figures_get_track_no (player) : -1;
}

char *
tl_player_list_dup_team_text (TlPlayerList *self,
                              guint         position)
{
  g_autoptr(TlPlayerFigures) player = NULL;

  g_return_val_if_fail (TL_IS_PLAYER_LIST (self), NULL);

  player = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);
  return player != NULL ? cell_text (self, player, COLUMN_SIDE) : NULL;
}
