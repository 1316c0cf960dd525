/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-label.c: one label button of a label group. */
#include "config.h"

#include "tl-label.h"

struct _TlLabel
{
  GObject  parent_instance;

  gint64   id;
  char    *name;
  char    *hotkey;
};

G_DEFINE_FINAL_TYPE (TlLabel, tl_label, G_TYPE_OBJECT)

enum { PROP_0, PROP_ID, PROP_NAME, PROP_HOTKEY, N_PROPS };

static GParamSpec *properties[N_PROPS];

/* g_set_str() is GLib 2.76; Debian 12 has 2.74. */
static gboolean
replace_str (char       **field,
             const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
tl_label_finalize (GObject *object)
{
  TlLabel *self = (TlLabel *) object;

  g_free (self->name);
  g_free (self->hotkey);

  G_OBJECT_CLASS (tl_label_parent_class)->finalize (object);
}

static void
tl_label_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TlLabel *self = TL_LABEL (object);

  switch (prop_id)
    {
    case PROP_ID:     g_value_set_int64 (value, self->id); break;
    case PROP_NAME:   g_value_set_string (value, self->name); break;
    case PROP_HOTKEY: g_value_set_string (value, self->hotkey); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_label_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  TlLabel *self = TL_LABEL (object);

  switch (prop_id)
    {
    case PROP_ID:     tl_label_set_id (self, g_value_get_int64 (value)); break;
    case PROP_NAME:   tl_label_set_name (self, g_value_get_string (value)); break;
    case PROP_HOTKEY: tl_label_set_hotkey (self, g_value_get_string (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_label_class_init (TlLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tl_label_finalize;
  object_class->get_property = tl_label_get_property;
  object_class->set_property = tl_label_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_HOTKEY] = g_param_spec_string ("hotkey", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_label_init (TlLabel *self)
{
  self->name = g_strdup ("");
}

TlLabel *
tl_label_new (const char *name,
              const char *hotkey)
{
  TlLabel *self = g_object_new (TL_TYPE_LABEL, NULL);

  tl_label_set_name (self, name);
  tl_label_set_hotkey (self, hotkey);
  return self;
}

gint64
tl_label_get_id (TlLabel *self)
{
  g_return_val_if_fail (TL_IS_LABEL (self), 0);
  return self->id;
}

void
tl_label_set_id (TlLabel *self,
                 gint64   id)
{
  g_return_if_fail (TL_IS_LABEL (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
tl_label_get_name (TlLabel *self)
{
  g_return_val_if_fail (TL_IS_LABEL (self), NULL);
  return self->name;
}

void
tl_label_set_name (TlLabel    *self,
                   const char *name)
{
  g_return_if_fail (TL_IS_LABEL (self));

  if (replace_str (&self->name, name != NULL ? name : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
tl_label_get_hotkey (TlLabel *self)
{
  g_return_val_if_fail (TL_IS_LABEL (self), NULL);
  return self->hotkey;
}

void
tl_label_set_hotkey (TlLabel    *self,
                     const char *hotkey)
{
  g_return_if_fail (TL_IS_LABEL (self));

  if (replace_str (&self->hotkey, hotkey != NULL && *hotkey != '\0' ? hotkey : NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOTKEY]);
}
