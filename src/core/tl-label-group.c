/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-label-group.c: a group of labels of a tag template. */
#include "config.h"

#include "tl-label-group.h"

struct _TlLabelGroup
{
  GObject     parent_instance;

  gint64      id;
  char       *name;
  gboolean    exclusive;
  GListStore *labels;
};

G_DEFINE_FINAL_TYPE (TlLabelGroup, tl_label_group, G_TYPE_OBJECT)

enum { PROP_0, PROP_ID, PROP_NAME, PROP_EXCLUSIVE, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
tl_label_group_finalize (GObject *object)
{
  TlLabelGroup *self = (TlLabelGroup *) object;

  g_free (self->name);
  g_clear_object (&self->labels);

  G_OBJECT_CLASS (tl_label_group_parent_class)->finalize (object);
}

static void
tl_label_group_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TlLabelGroup *self = TL_LABEL_GROUP (object);

  switch (prop_id)
    {
    case PROP_ID:        g_value_set_int64 (value, self->id); break;
    case PROP_NAME:      g_value_set_string (value, self->name); break;
    case PROP_EXCLUSIVE: g_value_set_boolean (value, self->exclusive); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_label_group_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TlLabelGroup *self = TL_LABEL_GROUP (object);

  switch (prop_id)
    {
    case PROP_ID:        tl_label_group_set_id (self, g_value_get_int64 (value)); break;
    case PROP_NAME:      tl_label_group_set_name (self, g_value_get_string (value)); break;
    case PROP_EXCLUSIVE: tl_label_group_set_exclusive (self, g_value_get_boolean (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_label_group_class_init (TlLabelGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tl_label_group_finalize;
  object_class->get_property = tl_label_group_get_property;
  object_class->set_property = tl_label_group_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_EXCLUSIVE] = g_param_spec_boolean ("exclusive", NULL, NULL, TRUE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_label_group_init (TlLabelGroup *self)
{
  self->name = g_strdup ("");
  self->exclusive = TRUE;
  self->labels = g_list_store_new (TL_TYPE_LABEL);
}

TlLabelGroup *
tl_label_group_new (const char *name,
                    gboolean    exclusive)
{
  TlLabelGroup *self = g_object_new (TL_TYPE_LABEL_GROUP, NULL);

  tl_label_group_set_name (self, name);
  self->exclusive = !!exclusive;
  return self;
}

TlLabelGroup *
tl_label_group_copy (TlLabelGroup *self)
{
  TlLabelGroup *copy;
  guint n;

  g_return_val_if_fail (TL_IS_LABEL_GROUP (self), NULL);

  copy = tl_label_group_new (self->name, self->exclusive);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->labels));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlLabel) label = g_list_model_get_item (G_LIST_MODEL (self->labels), i);
      g_autoptr(TlLabel) label_copy = tl_label_new (tl_label_get_name (label),
                                                    tl_label_get_hotkey (label));

      g_list_store_append (copy->labels, label_copy);
    }
  return copy;
}

gint64
tl_label_group_get_id (TlLabelGroup *self)
{
  g_return_val_if_fail (TL_IS_LABEL_GROUP (self), 0);
  return self->id;
}

void
tl_label_group_set_id (TlLabelGroup *self,
                       gint64        id)
{
  g_return_if_fail (TL_IS_LABEL_GROUP (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
tl_label_group_get_name (TlLabelGroup *self)
{
  g_return_val_if_fail (TL_IS_LABEL_GROUP (self), NULL);
  return self->name;
}

void
tl_label_group_set_name (TlLabelGroup *self,
                         const char   *name)
{
  g_return_if_fail (TL_IS_LABEL_GROUP (self));

  if (name == NULL)
    name = "";
  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

gboolean
tl_label_group_get_exclusive (TlLabelGroup *self)
{
  g_return_val_if_fail (TL_IS_LABEL_GROUP (self), FALSE);
  return self->exclusive;
}

void
tl_label_group_set_exclusive (TlLabelGroup *self,
                              gboolean      exclusive)
{
  g_return_if_fail (TL_IS_LABEL_GROUP (self));

  exclusive = !!exclusive;
  if (self->exclusive == exclusive)
    return;
  self->exclusive = exclusive;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXCLUSIVE]);
}

GListModel *
tl_label_group_get_labels (TlLabelGroup *self)
{
  g_return_val_if_fail (TL_IS_LABEL_GROUP (self), NULL);
  return G_LIST_MODEL (self->labels);
}

void
tl_label_group_add_label (TlLabelGroup *self,
                          TlLabel      *label,
                          int           position)
{
  guint n;

  g_return_if_fail (TL_IS_LABEL_GROUP (self));
  g_return_if_fail (TL_IS_LABEL (label));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->labels));
  g_list_store_insert (self->labels, position < 0 || (guint) position > n ? n : (guint) position,
                       label);
}

void
tl_label_group_remove_label (TlLabelGroup *self,
                             TlLabel      *label)
{
  guint position;

  g_return_if_fail (TL_IS_LABEL_GROUP (self));

  if (g_list_store_find (self->labels, label, &position))
    g_list_store_remove (self->labels, position);
}

TlLabel *
tl_label_group_find_label (TlLabelGroup *self,
                           const char   *name)
{
  guint n;

  g_return_val_if_fail (TL_IS_LABEL_GROUP (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->labels));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlLabel) label = g_list_model_get_item (G_LIST_MODEL (self->labels), i);

      if (g_strcmp0 (tl_label_get_name (label), name) == 0)
        return label;   /* the store keeps a reference */
    }
  return NULL;
}
