/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-team.c: a team of the library. */
#include "config.h"

#include "tl-team.h"

struct _TlTeam
{
  GObject  parent_instance;

  gint64   id;
  char    *name;
  char    *short_name;
  char    *color;
  char    *secondary_color;
};

G_DEFINE_FINAL_TYPE (TlTeam, tl_team, G_TYPE_OBJECT)

enum { PROP_0, PROP_ID, PROP_NAME, PROP_SHORT_NAME, PROP_COLOR, PROP_SECONDARY_COLOR, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
tl_team_finalize (GObject *object)
{
  TlTeam *self = (TlTeam *) object;

  g_free (self->name);
  g_free (self->short_name);
  g_free (self->color);
  g_free (self->secondary_color);

  G_OBJECT_CLASS (tl_team_parent_class)->finalize (object);
}

static void
tl_team_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  TlTeam *self = TL_TEAM (object);

  switch (prop_id)
    {
    case PROP_ID:              g_value_set_int64 (value, self->id); break;
    case PROP_NAME:            g_value_set_string (value, self->name); break;
    case PROP_SHORT_NAME:      g_value_set_string (value, self->short_name); break;
    case PROP_COLOR:           g_value_set_string (value, self->color); break;
    case PROP_SECONDARY_COLOR: g_value_set_string (value, self->secondary_color); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_team_class_init (TlTeamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tl_team_finalize;
  object_class->get_property = tl_team_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SHORT_NAME] = g_param_spec_string ("short-name", NULL, NULL, NULL, flags);
  properties[PROP_COLOR] = g_param_spec_string ("color", NULL, NULL, NULL, flags);
  properties[PROP_SECONDARY_COLOR] = g_param_spec_string ("secondary-color", NULL, NULL, NULL,
                                                          flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_team_init (TlTeam *self)
{
}

TlTeam *
tl_team_new (gint64      id,
             const char *name,
             const char *short_name,
             const char *color,
             const char *secondary_color)
{
  TlTeam *self = g_object_new (TL_TYPE_TEAM, NULL);

  self->id = id;
  self->name = g_strdup (name);
  self->short_name = g_strdup (short_name);
  self->color = g_strdup (color);
  self->secondary_color = g_strdup (secondary_color);
  return self;
}

gint64
tl_team_get_id (TlTeam *self)
{
  g_return_val_if_fail (TL_IS_TEAM (self), 0);
  return self->id;
}

const char *
tl_team_get_name (TlTeam *self)
{
  g_return_val_if_fail (TL_IS_TEAM (self), NULL);
  return self->name;
}

const char *
tl_team_get_short_name (TlTeam *self)
{
  g_return_val_if_fail (TL_IS_TEAM (self), NULL);
  return self->short_name;
}

const char *
tl_team_get_color (TlTeam *self)
{
  g_return_val_if_fail (TL_IS_TEAM (self), NULL);
  return self->color;
}

const char *
tl_team_get_secondary_color (TlTeam *self)
{
  g_return_val_if_fail (TL_IS_TEAM (self), NULL);
  return self->secondary_color;
}

static void
update_string (TlTeam      *self,
               char       **field,
               const char  *value,
               guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
tl_team_update (TlTeam     *self,
                const char *name,
                const char *short_name,
                const char *color,
                const char *secondary_color)
{
  g_return_if_fail (TL_IS_TEAM (self));

  g_object_freeze_notify (G_OBJECT (self));
  update_string (self, &self->name, name, PROP_NAME);
  update_string (self, &self->short_name, short_name, PROP_SHORT_NAME);
  update_string (self, &self->color, color, PROP_COLOR);
  update_string (self, &self->secondary_color, secondary_color, PROP_SECONDARY_COLOR);
  g_object_thaw_notify (G_OBJECT (self));
}
