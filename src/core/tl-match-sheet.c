/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-sheet.c: teams, players and periods of a match, and the match clock. */
#include "config.h"

#include <glib/gi18n.h>

#include "tl-error.h"
#include "tl-event.h"
#include "tl-match-sheet.h"

#define NS_PER_S G_GINT64_CONSTANT (1000000000)

struct _TlMatchSheet
{
  GObject     parent_instance;

  TlStore    *store;
  gint64      match_id;
  TlTeam     *teams[3];    /* indexed by TlSide; [0] unused */
  GListStore *players;     /* of TlSquadPlayer */
  GListStore *periods;     /* of TlPeriod */
};

G_DEFINE_FINAL_TYPE (TlMatchSheet, tl_match_sheet, G_TYPE_OBJECT)

enum { PROP_0, PROP_HOME_TEAM, PROP_AWAY_TEAM, N_PROPS };

static GParamSpec *properties[N_PROPS];

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* Loading */

typedef struct
{
  gint64      match_id;
  gint64      team_ids[3];
  TlTeam     *teams[3];
  GPtrArray  *players;
  GPtrArray  *periods;
} Sheet;

static void
sheet_clear (Sheet *sheet)
{
  for (guint i = 0; i < 3; i++)
    g_clear_object (&sheet->teams[i]);
  g_clear_pointer (&sheet->players, g_ptr_array_unref);
  g_clear_pointer (&sheet->periods, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sheet, sheet_clear)

static TlTeam *
team_from_row (sqlite3_stmt *stmt)
{
  return tl_team_new (sqlite3_column_int64 (stmt, 0), column_text (stmt, 1), column_text (stmt, 2),
                      column_text (stmt, 3), column_text (stmt, 4));
}

static gboolean
load_sheet (TlStore   *store,
            gpointer   user_data,
            GError   **error)
{
  Sheet *sheet = user_data;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = tl_store_prepare (store, "SELECT home_team_id, away_team_id FROM matches"
                                 " WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sheet->match_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_NO_SUCH_MATCH,
                   _("Match %lld is not in the library"), (long long) sheet->match_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return tl_store_set_error (store, rc, error);
  sheet->team_ids[TL_SIDE_HOME] = sqlite3_column_int64 (stmt, 0);
  sheet->team_ids[TL_SIDE_AWAY] = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);

  for (TlSide side = TL_SIDE_HOME; side <= TL_SIDE_AWAY; side++)
    {
      if (sheet->team_ids[side] == 0)
        continue;
      if (!(stmt = tl_store_prepare (store, "SELECT id, name, short_name, color, secondary_color"
                                     " FROM teams WHERE id = ?1", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, sheet->team_ids[side]);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        sheet->teams[side] = team_from_row (stmt);
      else if (rc != SQLITE_DONE)
        return tl_store_set_error (store, rc, error);
      sqlite3_reset (stmt);
    }

  /* Home first, then away, others last; by shirt number, players without one at the end. */
  if (!(stmt = tl_store_prepare (store,
                                 "SELECT p.id, coalesce(mp.team_id, p.team_id),"
                                 " p.name, coalesce(mp.number, p.number, -1), p.position,"
                                 " mp.starter FROM match_players mp"
                                 " JOIN players p ON p.id = mp.player_id WHERE mp.match_id = ?1"
                                 " ORDER BY CASE coalesce(mp.team_id, p.team_id)"
                                 " WHEN ?2 THEN 0 WHEN ?3 THEN 1 ELSE 2 END,"
                                 " coalesce(mp.number, p.number, -1) < 0,"
                                 " coalesce(mp.number, p.number), p.name", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sheet->match_id);
  sqlite3_bind_int64 (stmt, 2, sheet->team_ids[TL_SIDE_HOME]);
  sqlite3_bind_int64 (stmt, 3, sheet->team_ids[TL_SIDE_AWAY]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (sheet->players,
                     tl_squad_player_new (sqlite3_column_int64 (stmt, 0),
                                          sqlite3_column_int64 (stmt, 1), column_text (stmt, 2),
                                          sqlite3_column_int (stmt, 3), column_text (stmt, 4),
                                          sqlite3_column_int (stmt, 5) != 0));
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  if (!(stmt = tl_store_prepare (store, "SELECT number, name, start_ns, coalesce(end_ns, -1),"
                                 " clock_offset_s FROM periods WHERE match_id = ?1"
                                 " ORDER BY number", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sheet->match_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (sheet->periods,
                     tl_period_new (sqlite3_column_int (stmt, 0), column_text (stmt, 1),
                                    sqlite3_column_int64 (stmt, 2),
                                    sqlite3_column_int64 (stmt, 3), sqlite3_column_int (stmt, 4)));
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);

  return TRUE;
}

static void
replace_store (GListStore *store,
               GPtrArray  *items)
{
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata,
                       items->len);
}

gboolean
tl_match_sheet_reload (TlMatchSheet  *self,
                       GError       **error)
{
  g_auto(Sheet) sheet = { self->match_id, };

  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), FALSE);

  sheet.players = g_ptr_array_new_with_free_func (g_object_unref);
  sheet.periods = g_ptr_array_new_with_free_func (g_object_unref);
  if (!tl_store_read (self->store, load_sheet, &sheet, error))
    return FALSE;

  for (TlSide side = TL_SIDE_HOME; side <= TL_SIDE_AWAY; side++)
    {
      TlTeam *old = self->teams[side];
      TlTeam *new = sheet.teams[side];

      /* Keep the object of an unchanged team, so bindings to it stay. */
      if (old != NULL && new != NULL && tl_team_get_id (old) == tl_team_get_id (new))
        tl_team_update (old, tl_team_get_name (new), tl_team_get_short_name (new),
                        tl_team_get_color (new), tl_team_get_secondary_color (new));
      else if (old != NULL || new != NULL)
        {
          g_set_object (&self->teams[side], new);
          g_object_notify_by_pspec (G_OBJECT (self), properties[side == TL_SIDE_HOME
                                                                ? PROP_HOME_TEAM
                                                                : PROP_AWAY_TEAM]);
        }
    }
  replace_store (self->players, sheet.players);
  replace_store (self->periods, sheet.periods);
  return TRUE;
}

/* GObject */

static void
tl_match_sheet_finalize (GObject *object)
{
  TlMatchSheet *self = (TlMatchSheet *) object;

  g_clear_object (&self->store);
  for (guint i = 0; i < 3; i++)
    g_clear_object (&self->teams[i]);
  g_clear_object (&self->players);
  g_clear_object (&self->periods);

  G_OBJECT_CLASS (tl_match_sheet_parent_class)->finalize (object);
}

static void
tl_match_sheet_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TlMatchSheet *self = TL_MATCH_SHEET (object);

  switch (prop_id)
    {
    case PROP_HOME_TEAM: g_value_set_object (value, self->teams[TL_SIDE_HOME]); break;
    case PROP_AWAY_TEAM: g_value_set_object (value, self->teams[TL_SIDE_AWAY]); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_match_sheet_class_init (TlMatchSheetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_match_sheet_finalize;
  object_class->get_property = tl_match_sheet_get_property;

  properties[PROP_HOME_TEAM] =
    g_param_spec_object ("home-team", NULL, NULL, TL_TYPE_TEAM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AWAY_TEAM] =
    g_param_spec_object ("away-team", NULL, NULL, TL_TYPE_TEAM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_match_sheet_init (TlMatchSheet *self)
{
  self->players = g_list_store_new (TL_TYPE_SQUAD_PLAYER);
  self->periods = g_list_store_new (TL_TYPE_PERIOD);
}

TlMatchSheet *
tl_match_sheet_new (TlStore  *store,
                    gint64    match_id,
                    GError  **error)
{
  g_autoptr(TlMatchSheet) self = NULL;

  g_return_val_if_fail (TL_IS_STORE (store), NULL);

  self = g_object_new (TL_TYPE_MATCH_SHEET, NULL);
  self->store = g_object_ref (store);
  self->match_id = match_id;
  if (!tl_match_sheet_reload (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

gint64
tl_match_sheet_get_match_id (TlMatchSheet *self)
{
  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), 0);
  return self->match_id;
}

/* Teams */

TlTeam *
tl_match_sheet_get_team (TlMatchSheet *self,
                         TlSide        side)
{
  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), NULL);
  g_return_val_if_fail (side == TL_SIDE_HOME || side == TL_SIDE_AWAY, NULL);

  return self->teams[side];
}

typedef struct
{
  gint64      match_id;
  TlSide      side;
  const char *name;
  const char *color;
  const char *secondary_color;
} SetTeam;

static gboolean
write_team (TlStore   *store,
            gpointer   user_data,
            GError   **error)
{
  SetTeam *set = user_data;
  sqlite3_stmt *stmt;
  gint64 team_id = 0;
  int rc;

  if (!(stmt = tl_store_prepare (store, "SELECT id FROM teams WHERE name = ?1 ORDER BY id", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, set->name, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    team_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  sqlite3_reset (stmt);

  if (team_id == 0)
    {
      /* A new team with no kit colour takes the colour its side is drawn in without one
       * (GNOME blue 3 / red 3, as tl-team-colors.h), so the colour the sheet shows is the one
       * the video shows, and home and away never both come out white. */
      if (!(stmt = tl_store_prepare (store, "INSERT INTO teams (name, color, secondary_color)"
                                     " VALUES (?1, coalesce(?2, ?4), ?3)", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, set->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, set->side == TL_SIDE_HOME ? "#3584e4" : "#e01b24", -1,
                         SQLITE_STATIC);
    }
  else
    {
      if (!(stmt = tl_store_prepare (store, "UPDATE teams SET color = coalesce(?2, color),"
                                     " secondary_color = coalesce(?3, secondary_color)"
                                     " WHERE id = ?1", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, team_id);
    }
  if (set->color != NULL)
    sqlite3_bind_text (stmt, 2, set->color, -1, SQLITE_TRANSIENT);
  if (set->secondary_color != NULL)
    sqlite3_bind_text (stmt, 3, set->secondary_color, -1, SQLITE_TRANSIENT);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  if (team_id == 0)
    team_id = tl_store_last_insert_rowid (store);

  if (!(stmt = tl_store_prepare (store, set->side == TL_SIDE_HOME
                                 ? "UPDATE matches SET home_team_id = ?2 WHERE id = ?1"
                                 : "UPDATE matches SET away_team_id = ?2 WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set->match_id);
  sqlite3_bind_int64 (stmt, 2, team_id);
  return tl_store_exec_stmt (store, stmt, error);
}

static gboolean
check_color (const char  *color,
             GError     **error)
{
  if (color == NULL || tl_color_is_valid (color))
    return TRUE;

  g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
               _("“%s” is not a colour: write #rrggbb"), color);
  return FALSE;
}

TlTeam *
tl_match_sheet_set_team (TlMatchSheet  *self,
                         TlSide         side,
                         const char    *name,
                         const char    *color,
                         const char    *secondary_color,
                         GError       **error)
{
  g_autofree char *stripped = NULL;
  SetTeam set = { self->match_id, side, NULL, color, secondary_color };

  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), NULL);
  g_return_val_if_fail (side == TL_SIDE_HOME || side == TL_SIDE_AWAY, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0')
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID, _("A team needs a name"));
      return NULL;
    }
  if (!check_color (color, error) || !check_color (secondary_color, error))
    return NULL;

  set.name = stripped;
  if (!tl_store_write (self->store, write_team, &set, error)
      || !tl_match_sheet_reload (self, error))
    return NULL;

  return self->teams[side];
}

TlTeam *
tl_match_sheet_find_team (TlMatchSheet *self,
                          const char   *name)
{
  guint64 id = 0;

  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT64, &id, NULL))
    return tl_match_sheet_lookup_team (self, (gint64) id);

  for (TlSide side = TL_SIDE_HOME; side <= TL_SIDE_AWAY; side++)
    {
      TlTeam *team = self->teams[side];
      g_autofree char *key = g_utf8_casefold (name, -1);
      g_autofree char *team_key = NULL;
      g_autofree char *short_key = NULL;

      if (team == NULL)
        continue;
      team_key = g_utf8_casefold (tl_team_get_name (team), -1);
      short_key = tl_team_get_short_name (team) != NULL
                  ? g_utf8_casefold (tl_team_get_short_name (team), -1) : NULL;
      if (g_strcmp0 (key, team_key) == 0 || g_strcmp0 (key, short_key) == 0)
        return team;
    }
  return NULL;
}

TlTeam *
tl_match_sheet_lookup_team (TlMatchSheet *self,
                            gint64        team_id)
{
  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), NULL);

  for (TlSide side = TL_SIDE_HOME; side <= TL_SIDE_AWAY; side++)
    if (self->teams[side] != NULL && tl_team_get_id (self->teams[side]) == team_id)
      return self->teams[side];
  return NULL;
}

static gboolean
read_library_teams (TlStore   *store,
                    gpointer   user_data,
                    GError   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = tl_store_prepare (store, "SELECT id, name, short_name, color, secondary_color"
                                 " FROM teams ORDER BY name COLLATE NOCASE, id", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (user_data, team_from_row (stmt));
  if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  return TRUE;
}

GPtrArray *
tl_match_sheet_dup_library_teams (TlMatchSheet  *self,
                                  GError       **error)
{
  g_autoptr(GPtrArray) teams = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), NULL);

  if (!tl_store_read (self->store, read_library_teams, teams, error))
    return NULL;
  return g_steal_pointer (&teams);
}

/* Players */

GListModel *
tl_match_sheet_get_players (TlMatchSheet *self)
{
  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), NULL);
  return G_LIST_MODEL (self->players);
}

typedef struct
{
  gint64      match_id;
  gint64      team_id;
  int         number;
  const char *name;
  const char *position;
  gboolean    starter;
  gint64      player_id;   /* out */
} AddPlayer;

static gboolean
write_player (TlStore   *store,
              gpointer   user_data,
              GError   **error)
{
  AddPlayer *add = user_data;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = tl_store_prepare (store, "SELECT id FROM players WHERE team_id = ?1 AND name = ?2"
                                 " ORDER BY id", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, add->team_id);
  sqlite3_bind_text (stmt, 2, add->name, -1, SQLITE_TRANSIENT);
  add->player_id = 0;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add->player_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return tl_store_set_error (store, rc, error);
  sqlite3_reset (stmt);

  /* The squad keeps the player's usual number and position; the sheet the one of this match. */
  if (add->player_id == 0)
    stmt = tl_store_prepare (store, "INSERT INTO players (team_id, name, number, position)"
                             " VALUES (?1, ?2, ?3, ?4)", error);
  else
    stmt = tl_store_prepare (store, "UPDATE players SET number = coalesce(number, ?3),"
                             " position = coalesce(?4, position) WHERE id = ?5", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, add->team_id);
  sqlite3_bind_text (stmt, 2, add->name, -1, SQLITE_TRANSIENT);
  if (add->number >= 0)
    sqlite3_bind_int (stmt, 3, add->number);
  if (add->position != NULL)
    sqlite3_bind_text (stmt, 4, add->position, -1, SQLITE_TRANSIENT);
  if (add->player_id != 0)
    sqlite3_bind_int64 (stmt, 5, add->player_id);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  if (add->player_id == 0)
    add->player_id = tl_store_last_insert_rowid (store);

  if (!(stmt = tl_store_prepare (store, "INSERT OR REPLACE INTO match_players (match_id,"
                                 " player_id, team_id, number, starter)"
                                 " VALUES (?1, ?2, ?3, coalesce(?4, (SELECT number FROM players"
                                 " WHERE id = ?2)), ?5)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, add->match_id);
  sqlite3_bind_int64 (stmt, 2, add->player_id);
  sqlite3_bind_int64 (stmt, 3, add->team_id);
  if (add->number >= 0)
    sqlite3_bind_int (stmt, 4, add->number);
  sqlite3_bind_int (stmt, 5, add->starter);
  return tl_store_exec_stmt (store, stmt, error);
}

TlSquadPlayer *
tl_match_sheet_add_player (TlMatchSheet  *self,
                           TlSide         side,
                           int            number,
                           const char    *name,
                           const char    *position,
                           gboolean       starter,
                           GError       **error)
{
  g_autofree char *stripped = NULL;
  AddPlayer add = { self->match_id, 0, number, NULL, position, starter, 0 };
  TlSquadPlayer *other;

  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), NULL);
  g_return_val_if_fail (side == TL_SIDE_HOME || side == TL_SIDE_AWAY, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (self->teams[side] == NULL)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   side == TL_SIDE_HOME ? _("Set the home team before adding its players")
                                        : _("Set the away team before adding its players"));
      return NULL;
    }
  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0' || number < -1 || number > 999)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("A player needs a name and a number from 0 to 999"));
      return NULL;
    }
  add.team_id = tl_team_get_id (self->teams[side]);
  other = number >= 0 ? tl_match_sheet_find_player (self, add.team_id, number) : NULL;
  if (other != NULL && g_strcmp0 (tl_squad_player_get_name (other), stripped) != 0)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("%s already wears number %d in this match"),
                   tl_squad_player_get_name (other), number);
      return NULL;
    }

  add.name = stripped;
  if (!tl_store_write (self->store, write_player, &add, error)
      || !tl_match_sheet_reload (self, error))
    return NULL;
  return tl_match_sheet_lookup_player (self, add.player_id);
}

typedef struct
{
  gint64 match_id;
  gint64 id;
  int    changes;   /* out */
} RemoveRow;

static gboolean
delete_match_player (TlStore   *store,
                     gpointer   user_data,
                     GError   **error)
{
  RemoveRow *remove = user_data;
  sqlite3_stmt *stmt;

  if (!(stmt = tl_store_prepare (store, "DELETE FROM match_players WHERE match_id = ?1"
                                 " AND player_id = ?2", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, remove->match_id);
  sqlite3_bind_int64 (stmt, 2, remove->id);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  remove->changes = tl_store_changes (store);
  return TRUE;
}

gboolean
tl_match_sheet_remove_player (TlMatchSheet  *self,
                              gint64         player_id,
                              GError       **error)
{
  RemoveRow remove = { self->match_id, player_id, 0 };

  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), FALSE);

  return tl_store_write (self->store, delete_match_player, &remove, error)
         && tl_match_sheet_reload (self, error);
}

static gboolean
write_squad (TlStore   *store,
             gpointer   user_data,
             GError   **error)
{
  AddPlayer *add = user_data;
  sqlite3_stmt *stmt;

  if (!(stmt = tl_store_prepare (store, "INSERT OR IGNORE INTO match_players (match_id,"
                                 " player_id, team_id, number, starter)"
                                 " SELECT ?1, id, team_id, number, 1 FROM players"
                                 " WHERE team_id = ?2", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, add->match_id);
  sqlite3_bind_int64 (stmt, 2, add->team_id);
  if (!tl_store_exec_stmt (store, stmt, error))
    return FALSE;
  add->number = tl_store_changes (store);
  return TRUE;
}

int
tl_match_sheet_add_squad (TlMatchSheet  *self,
                          TlSide         side,
                          GError       **error)
{
  AddPlayer add = { self->match_id, 0, 0, NULL, NULL, TRUE, 0 };

  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), -1);
  g_return_val_if_fail (side == TL_SIDE_HOME || side == TL_SIDE_AWAY, -1);

  if (self->teams[side] == NULL)
    return 0;
  add.team_id = tl_team_get_id (self->teams[side]);
  if (!tl_store_write (self->store, write_squad, &add, error)
      || !tl_match_sheet_reload (self, error))
    return -1;
  return add.number;
}

TlSquadPlayer *
tl_match_sheet_find_player (TlMatchSheet *self,
                            gint64        team_id,
                            int           number)
{
  GListModel *model;

  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), NULL);

  model = G_LIST_MODEL (self->players);
  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(TlSquadPlayer) player = g_list_model_get_item (model, i);

      if ((team_id == 0 || tl_squad_player_get_team_id (player) == team_id)
          && tl_squad_player_get_number (player) == number)
        return player;   /* the store keeps a reference */
    }
  return NULL;
}

TlSquadPlayer *
tl_match_sheet_lookup_player (TlMatchSheet *self,
                              gint64        player_id)
{
  GListModel *model;

  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), NULL);

  model = G_LIST_MODEL (self->players);
  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(TlSquadPlayer) player = g_list_model_get_item (model, i);

      if (tl_squad_player_get_id (player) == player_id)
        return player;
    }
  return NULL;
}

/* Periods */

GListModel *
tl_match_sheet_get_periods (TlMatchSheet *self)
{
  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), NULL);
  return G_LIST_MODEL (self->periods);
}

/* The usual name and clock of period @number (football: 2 x 45, extra time 2 x 15). */
static const char *
default_period_name (int number)
{
  switch (number)
    {
    case 1:  return _("1st half");
    case 2:  return _("2nd half");
    case 3:  return _("Extra time, 1st half");
    case 4:  return _("Extra time, 2nd half");
    case 5:  return _("Penalty shoot-out");
    default: return _("Period");
    }
}

static int
default_clock_offset (int number)
{
  static const int offsets[] = { 0, 0, 45 * 60, 90 * 60, 105 * 60, 120 * 60 };

  return number >= 1 && number <= 5 ? offsets[number] : 120 * 60;
}

/* How long the period lasts on the clock before added time (0: no limit). */
static int
nominal_length (int number)
{
  return number <= 2 ? 45 * 60 : number <= 4 ? 15 * 60 : 0;
}

typedef struct
{
  gint64      match_id;
  int         number;
  const char *name;
  gint64      start_ns;
  gint64      end_ns;
  int         clock_offset_s;
} SetPeriod;

static gboolean
write_period (TlStore   *store,
              gpointer   user_data,
              GError   **error)
{
  SetPeriod *set = user_data;
  sqlite3_stmt *stmt;

  if (!(stmt = tl_store_prepare (store, "INSERT INTO periods (match_id, number, name, start_ns,"
                                 " end_ns, clock_offset_s) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                                 " ON CONFLICT (match_id, number) DO UPDATE SET name = ?3,"
                                 " start_ns = ?4, end_ns = ?5, clock_offset_s = ?6", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set->match_id);
  sqlite3_bind_int (stmt, 2, set->number);
  sqlite3_bind_text (stmt, 3, set->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, set->start_ns);
  if (set->end_ns >= 0)
    sqlite3_bind_int64 (stmt, 5, set->end_ns);
  sqlite3_bind_int (stmt, 6, set->clock_offset_s);
  return tl_store_exec_stmt (store, stmt, error);
}

gboolean
tl_match_sheet_set_period (TlMatchSheet  *self,
                           int            number,
                           const char    *name,
                           gint64         start_ns,
                           gint64         end_ns,
                           int            clock_offset_s,
                           GError       **error)
{
  SetPeriod set = { self->match_id, number, name, start_ns, end_ns, clock_offset_s };

  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), FALSE);

  if (number < 1 || start_ns < 0 || (end_ns >= 0 && end_ns < start_ns))
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("A period needs a number from 1 and a kick-off before its end"));
      return FALSE;
    }
  if (set.name == NULL || *set.name == '\0')
    set.name = default_period_name (number);
  if (set.clock_offset_s < 0)
    set.clock_offset_s = default_clock_offset (number);

  return tl_store_write (self->store, write_period, &set, error)
         && tl_match_sheet_reload (self, error);
}

static gboolean
delete_period (TlStore   *store,
               gpointer   user_data,
               GError   **error)
{
  RemoveRow *remove = user_data;
  sqlite3_stmt *stmt;

  if (!(stmt = tl_store_prepare (store, "DELETE FROM periods WHERE match_id = ?1"
                                 " AND number = ?2", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, remove->match_id);
  sqlite3_bind_int64 (stmt, 2, remove->id);
  return tl_store_exec_stmt (store, stmt, error);
}

gboolean
tl_match_sheet_remove_period (TlMatchSheet  *self,
                              int            number,
                              GError       **error)
{
  RemoveRow remove = { self->match_id, number, 0 };

  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), FALSE);

  return tl_store_write (self->store, delete_period, &remove, error)
         && tl_match_sheet_reload (self, error);
}

TlPeriod *
tl_match_sheet_period_at (TlMatchSheet *self,
                          gint64        file_ns)
{
  GListModel *model;
  TlPeriod *found = NULL;

  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), NULL);

  /* The last kick-off at or before @file_ns, unless that period has ended by then. */
  model = G_LIST_MODEL (self->periods);
  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      g_autoptr(TlPeriod) period = g_list_model_get_item (model, i);

      if (tl_period_get_start (period) <= file_ns
          && (found == NULL || tl_period_get_start (period) >= tl_period_get_start (found)))
        found = period;
    }
  if (found != NULL && tl_period_get_end (found) >= 0 && file_ns > tl_period_get_end (found))
    return NULL;
  return found;
}

char *
tl_match_sheet_format_clock (TlMatchSheet *self,
                             gint64        file_ns)
{
  TlPeriod *period;
  gint64 elapsed_s;
  int nominal;

  g_return_val_if_fail (TL_IS_MATCH_SHEET (self), NULL);

  if ((period = tl_match_sheet_period_at (self, file_ns)) == NULL)
    return NULL;

  elapsed_s = (file_ns - tl_period_get_start (period)) / NS_PER_S;
  nominal = nominal_length (tl_period_get_number (period));
  if (nominal > 0 && elapsed_s >= nominal)
    {
      gint64 added = elapsed_s - nominal;

      return g_strdup_printf ("%d+%" G_GINT64_FORMAT ":%02d",
                              (tl_period_get_clock_offset (period) + nominal) / 60, added / 60,
                              (int) (added % 60));
    }

  elapsed_s += tl_period_get_clock_offset (period);
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", elapsed_s / 60, (int) (elapsed_s % 60));
}
