/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-squad-player.c: a player on a match sheet. */
#include "config.h"

#include "tl-squad-player.h"

struct _TlSquadPlayer
{
  GObject   parent_instance;

  gint64    id;
  gint64    team_id;
  char     *name;
  int       number;
  char     *position;
  gboolean  starter;
};

G_DEFINE_FINAL_TYPE (TlSquadPlayer, tl_squad_player, G_TYPE_OBJECT)

enum { PROP_0, PROP_ID, PROP_TEAM_ID, PROP_NAME, PROP_NUMBER, PROP_POSITION, PROP_STARTER,
       N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
tl_squad_player_finalize (GObject *object)
{
  TlSquadPlayer *self = (TlSquadPlayer *) object;

  g_free (self->name);
  g_free (self->position);

  G_OBJECT_CLASS (tl_squad_player_parent_class)->finalize (object);
}

static void
tl_squad_player_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TlSquadPlayer *self = TL_SQUAD_PLAYER (object);

  switch (prop_id)
    {
    case PROP_ID:       g_value_set_int64 (value, self->id); break;
    case PROP_TEAM_ID:  g_value_set_int64 (value, self->team_id); break;
    case PROP_NAME:     g_value_set_string (value, self->name); break;
    case PROP_NUMBER:   g_value_set_int (value, self->number); break;
    case PROP_POSITION: g_value_set_string (value, self->position); break;
    case PROP_STARTER:  g_value_set_boolean (value, self->starter); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_squad_player_class_init (TlSquadPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tl_squad_player_finalize;
  object_class->get_property = tl_squad_player_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TEAM_ID] = g_param_spec_int64 ("team-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_NUMBER] = g_param_spec_int ("number", NULL, NULL, -1, 999, -1, flags);
  properties[PROP_POSITION] = g_param_spec_string ("position", NULL, NULL, NULL, flags);
  properties[PROP_STARTER] = g_param_spec_boolean ("starter", NULL, NULL, TRUE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_squad_player_init (TlSquadPlayer *self)
{
  self->number = -1;
}

TlSquadPlayer *
tl_squad_player_new (gint64      id,
                     gint64      team_id,
                     const char *name,
                     int         number,
                     const char *position,
                     gboolean    starter)
{
  TlSquadPlayer *self = g_object_new (TL_TYPE_SQUAD_PLAYER, NULL);

  self->id = id;
  self->team_id = team_id;
  self->name = g_strdup (name);
  self->number = number;
  self->position = g_strdup (position);
  self->starter = starter;
  return self;
}

gint64
tl_squad_player_get_id (TlSquadPlayer *self)
{
  g_return_val_if_fail (TL_IS_SQUAD_PLAYER (self), 0);
  return self->id;
}

gint64
tl_squad_player_get_team_id (TlSquadPlayer *self)
{
  g_return_val_if_fail (TL_IS_SQUAD_PLAYER (self), 0);
  return self->team_id;
}

const char *
tl_squad_player_get_name (TlSquadPlayer *self)
{
  g_return_val_if_fail (TL_IS_SQUAD_PLAYER (self), NULL);
  return self->name;
}

int
tl_squad_player_get_number (TlSquadPlayer *self)
{
  g_return_val_if_fail (TL_IS_SQUAD_PLAYER (self), -1);
  return self->number;
}

const char *
tl_squad_player_get_position (TlSquadPlayer *self)
{
  g_return_val_if_fail (TL_IS_SQUAD_PLAYER (self), NULL);
  return self->position;
}

gboolean
tl_squad_player_get_starter (TlSquadPlayer *self)
{
  g_return_val_if_fail (TL_IS_SQUAD_PLAYER (self), FALSE);
  return self->starter;
}

char *
tl_squad_player_dup_label (TlSquadPlayer *self)
{
  g_return_val_if_fail (TL_IS_SQUAD_PLAYER (self), NULL);

  if (self->number >= 0)
    return g_strdup_printf ("%d %s", self->number, self->name);
  return g_strdup (self->name);
}
