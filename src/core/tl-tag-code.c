/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tag-code.c: one button of a tag template. */
#include "config.h"

#include "tl-event.h"
#include "tl-tag-code.h"

struct _TlTagCode
{
  GObject   parent_instance;

  gint64    id;
  char     *name;
  char     *color;
  char     *hotkey;
  gint64    lead_ns;
  gint64    lag_ns;
  gboolean  team_bound;
  gboolean  toggle;
};

G_DEFINE_FINAL_TYPE (TlTagCode, tl_tag_code, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_COLOR,
  PROP_HOTKEY,
  PROP_LEAD_NS,
  PROP_LAG_NS,
  PROP_TEAM_BOUND,
  PROP_TOGGLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tl_tag_code_finalize (GObject *object)
{
  TlTagCode *self = (TlTagCode *) object;

  g_free (self->name);
  g_free (self->color);
  g_free (self->hotkey);

  G_OBJECT_CLASS (tl_tag_code_parent_class)->finalize (object);
}

static void
tl_tag_code_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TlTagCode *self = TL_TAG_CODE (object);

  switch (prop_id)
    {
    case PROP_ID:         g_value_set_int64 (value, self->id); break;
    case PROP_NAME:       g_value_set_string (value, self->name); break;
    case PROP_COLOR:      g_value_set_string (value, self->color); break;
    case PROP_HOTKEY:     g_value_set_string (value, self->hotkey); break;
    case PROP_LEAD_NS:    g_value_set_int64 (value, self->lead_ns); break;
    case PROP_LAG_NS:     g_value_set_int64 (value, self->lag_ns); break;
    case PROP_TEAM_BOUND: g_value_set_boolean (value, self->team_bound); break;
    case PROP_TOGGLE:     g_value_set_boolean (value, self->toggle); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_tag_code_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TlTagCode *self = TL_TAG_CODE (object);

  switch (prop_id)
    {
    case PROP_ID:         tl_tag_code_set_id (self, g_value_get_int64 (value)); break;
    case PROP_NAME:       tl_tag_code_set_name (self, g_value_get_string (value)); break;
    case PROP_COLOR:      tl_tag_code_set_color (self, g_value_get_string (value)); break;
    case PROP_HOTKEY:     tl_tag_code_set_hotkey (self, g_value_get_string (value)); break;
    case PROP_LEAD_NS:    tl_tag_code_set_lead (self, g_value_get_int64 (value)); break;
    case PROP_LAG_NS:     tl_tag_code_set_lag (self, g_value_get_int64 (value)); break;
    case PROP_TEAM_BOUND: tl_tag_code_set_team_bound (self, g_value_get_boolean (value)); break;
    case PROP_TOGGLE:     tl_tag_code_set_toggle (self, g_value_get_boolean (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_tag_code_class_init (TlTagCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tl_tag_code_finalize;
  object_class->get_property = tl_tag_code_get_property;
  object_class->set_property = tl_tag_code_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_COLOR] = g_param_spec_string ("color", NULL, NULL, "#3584e4", flags);
  properties[PROP_HOTKEY] = g_param_spec_string ("hotkey", NULL, NULL, NULL, flags);
  properties[PROP_LEAD_NS] =
    g_param_spec_int64 ("lead-ns", NULL, NULL, 0, G_MAXINT64, 5 * G_GINT64_CONSTANT (1000000000),
                        flags);
  properties[PROP_LAG_NS] =
    g_param_spec_int64 ("lag-ns", NULL, NULL, 0, G_MAXINT64, 5 * G_GINT64_CONSTANT (1000000000),
                        flags);
  properties[PROP_TEAM_BOUND] = g_param_spec_boolean ("team-bound", NULL, NULL, FALSE, flags);
  properties[PROP_TOGGLE] = g_param_spec_boolean ("toggle", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_tag_code_init (TlTagCode *self)
{
  self->name = g_strdup ("");
  self->color = g_strdup ("#3584e4");
  self->lead_ns = 5 * G_GINT64_CONSTANT (1000000000);
  self->lag_ns = 5 * G_GINT64_CONSTANT (1000000000);
}

TlTagCode *
tl_tag_code_new (const char *name,
                 const char *color,
                 const char *hotkey,
                 gint64      lead_ns,
                 gint64      lag_ns)
{
  TlTagCode *self = g_object_new (TL_TYPE_TAG_CODE, NULL);

  tl_tag_code_set_name (self, name);
  tl_tag_code_set_color (self, color);
  tl_tag_code_set_hotkey (self, hotkey);
  tl_tag_code_set_lead (self, lead_ns);
  tl_tag_code_set_lag (self, lag_ns);
  return self;
}

TlTagCode *
tl_tag_code_copy (TlTagCode *self)
{
  TlTagCode *copy;

  g_return_val_if_fail (TL_IS_TAG_CODE (self), NULL);

  copy = tl_tag_code_new (self->name, self->color, self->hotkey, self->lead_ns, self->lag_ns);
  copy->team_bound = self->team_bound;
  copy->toggle = self->toggle;
  return copy;
}

static void
set_string (TlTagCode   *self,
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

static void
set_int64 (TlTagCode *self,
           gint64    *field,
           gint64     value,
           guint      prop)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_boolean (TlTagCode *self,
             gboolean  *field,
             gboolean   value,
             guint      prop)
{
  value = !!value;
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

gint64
tl_tag_code_get_id (TlTagCode *self)
{
  g_return_val_if_fail (TL_IS_TAG_CODE (self), 0);
  return self->id;
}

void
tl_tag_code_set_id (TlTagCode *self,
                    gint64     id)
{
  g_return_if_fail (TL_IS_TAG_CODE (self));
  set_int64 (self, &self->id, id, PROP_ID);
}

const char *
tl_tag_code_get_name (TlTagCode *self)
{
  g_return_val_if_fail (TL_IS_TAG_CODE (self), NULL);
  return self->name;
}

void
tl_tag_code_set_name (TlTagCode  *self,
                      const char *name)
{
  g_return_if_fail (TL_IS_TAG_CODE (self));
  set_string (self, &self->name, name != NULL ? name : "", PROP_NAME);
}

const char *
tl_tag_code_get_color (TlTagCode *self)
{
  g_return_val_if_fail (TL_IS_TAG_CODE (self), NULL);
  return self->color;
}

void
tl_tag_code_set_color (TlTagCode  *self,
                       const char *color)
{
  g_return_if_fail (TL_IS_TAG_CODE (self));

  /* A bad colour keeps the old one: the editor's colour button only produces good ones. */
  if (tl_color_is_valid (color))
    set_string (self, &self->color, color, PROP_COLOR);
}

const char *
tl_tag_code_get_hotkey (TlTagCode *self)
{
  g_return_val_if_fail (TL_IS_TAG_CODE (self), NULL);
  return self->hotkey;
}

void
tl_tag_code_set_hotkey (TlTagCode  *self,
                        const char *hotkey)
{
  g_return_if_fail (TL_IS_TAG_CODE (self));
  set_string (self, &self->hotkey, hotkey != NULL && *hotkey != '\0' ? hotkey : NULL,
              PROP_HOTKEY);
}

gint64
tl_tag_code_get_lead (TlTagCode *self)
{
  g_return_val_if_fail (TL_IS_TAG_CODE (self), 0);
  return self->lead_ns;
}

void
tl_tag_code_set_lead (TlTagCode *self,
                      gint64     lead_ns)
{
  g_return_if_fail (TL_IS_TAG_CODE (self));
  set_int64 (self, &self->lead_ns, MAX (0, lead_ns), PROP_LEAD_NS);
}

gint64
tl_tag_code_get_lag (TlTagCode *self)
{
  g_return_val_if_fail (TL_IS_TAG_CODE (self), 0);
  return self->lag_ns;
}

void
tl_tag_code_set_lag (TlTagCode *self,
                     gint64     lag_ns)
{
  g_return_if_fail (TL_IS_TAG_CODE (self));
  set_int64 (self, &self->lag_ns, MAX (0, lag_ns), PROP_LAG_NS);
}

gboolean
tl_tag_code_get_team_bound (TlTagCode *self)
{
  g_return_val_if_fail (TL_IS_TAG_CODE (self), FALSE);
  return self->team_bound;
}

void
tl_tag_code_set_team_bound (TlTagCode *self,
                            gboolean   team_bound)
{
  g_return_if_fail (TL_IS_TAG_CODE (self));
  set_boolean (self, &self->team_bound, team_bound, PROP_TEAM_BOUND);
}

gboolean
tl_tag_code_get_toggle (TlTagCode *self)
{
  g_return_val_if_fail (TL_IS_TAG_CODE (self), FALSE);
  return self->toggle;
}

void
tl_tag_code_set_toggle (TlTagCode *self,
                        gboolean   toggle)
{
  g_return_if_fail (TL_IS_TAG_CODE (self));
  set_boolean (self, &self->toggle, toggle, PROP_TOGGLE);
}
