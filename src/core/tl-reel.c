/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-reel.c: a highlight reel as a GObject: name, intro title and a list model of its items. */
#include "config.h"

#include "tl-reel.h"

struct _TlReel
{
  GObject     parent_instance;

  gint64      id;
  char       *name;
  char       *intro_title;
  GListStore *items;
};

G_DEFINE_FINAL_TYPE (TlReel, tl_reel, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_INTRO_TITLE,
  PROP_N_ITEMS,
  PROP_DURATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tl_reel_dispose (GObject *object)
{
  TlReel *self = (TlReel *) object;

  g_clear_object (&self->items);

  G_OBJECT_CLASS (tl_reel_parent_class)->dispose (object);
}

static void
tl_reel_finalize (GObject *object)
{
  TlReel *self = (TlReel *) object;

  g_free (self->name);
  g_free (self->intro_title);

  G_OBJECT_CLASS (tl_reel_parent_class)->finalize (object);
}

static void
tl_reel_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  TlReel *self = TL_REEL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_INTRO_TITLE:
      g_value_set_string (value, self->intro_title);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, tl_reel_get_n_items (self));
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, tl_reel_get_output_duration (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_reel_class_init (TlReelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tl_reel_dispose;
  object_class->finalize = tl_reel_finalize;
  object_class->get_property = tl_reel_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_INTRO_TITLE] = g_param_spec_string ("intro-title", NULL, NULL, NULL, flags);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* Output length in nanoseconds, for "12 clips · 3:40" summaries. */
  properties[PROP_DURATION] = g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 0,
                                                  flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
on_item_notify (TlReel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

static void
on_items_changed (TlReel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

static void
tl_reel_init (TlReel *self)
{
  self->items = g_list_store_new (TL_TYPE_REEL_ITEM);
  g_signal_connect_swapped (self->items, "items-changed", G_CALLBACK (on_items_changed), self);
}

TlReel *
tl_reel_new (gint64      id,
             const char *name,
             const char *intro_title)
{
  TlReel *self = g_object_new (TL_TYPE_REEL, NULL);

  self->id = id;
  self->name = g_strdup (name);
  self->intro_title = g_strdup (intro_title);

  return self;
}

gint64
tl_reel_get_id (TlReel *self)
{
  g_return_val_if_fail (TL_IS_REEL (self), 0);
  return self->id;
}

const char *
tl_reel_get_name (TlReel *self)
{
  g_return_val_if_fail (TL_IS_REEL (self), NULL);
  return self->name;
}

const char *
tl_reel_get_intro_title (TlReel *self)
{
  g_return_val_if_fail (TL_IS_REEL (self), NULL);
  return self->intro_title;
}

GListModel *
tl_reel_get_items (TlReel *self)
{
  g_return_val_if_fail (TL_IS_REEL (self), NULL);
  return G_LIST_MODEL (self->items);
}

guint
tl_reel_get_n_items (TlReel *self)
{
  g_return_val_if_fail (TL_IS_REEL (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->items));
}

TlReelItem *
tl_reel_lookup_item (TlReel *self,
                     gint64  item_id,
                     guint  *out_position)
{
  guint n;

  g_return_val_if_fail (TL_IS_REEL (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlReelItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (tl_reel_item_get_id (item) == item_id)
        {
          if (out_position != NULL)
            *out_position = i;
          /* The store holds a reference: transfer none is safe. */
          return item;
        }
    }

  return NULL;
}

gint64
tl_reel_get_output_duration (TlReel *self)
{
  gint64 total;
  guint n;

  g_return_val_if_fail (TL_IS_REEL (self), 0);

  total = self->intro_title != NULL && *self->intro_title != '\0' ? TL_REEL_INTRO_CARD_NS : 0;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlReelItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      const TlReelItemInfo *info = tl_reel_item_get_info (item);

      total += tl_reel_item_info_get_output_duration (info);
      if (info->title != NULL && *info->title != '\0')
        total += TL_REEL_TITLE_CARD_NS;
    }

  return total;
}

GPtrArray *
tl_reel_dup_item_infos (TlReel *self)
{
  GPtrArray *infos = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_reel_item_info_free);
  guint n;

  g_return_val_if_fail (TL_IS_REEL (self), infos);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlReelItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      g_ptr_array_add (infos, tl_reel_item_info_copy (tl_reel_item_get_info (item)));
    }

  return infos;
}

void
tl_reel_set_name (TlReel     *self,
                  const char *name)
{
  g_return_if_fail (TL_IS_REEL (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

void
tl_reel_set_intro_title (TlReel     *self,
                         const char *intro_title)
{
  g_return_if_fail (TL_IS_REEL (self));

  if (g_strcmp0 (self->intro_title, intro_title) == 0)
    return;
  g_free (self->intro_title);
  self->intro_title = g_strdup (intro_title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTRO_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

void
tl_reel_set_items (TlReel    *self,
                   GPtrArray *items)
{
  guint n_old;

  g_return_if_fail (TL_IS_REEL (self));

  for (guint i = 0; i < items->len; i++)
    {
      TlReelItem *item = g_ptr_array_index (items, i);

      /* Connect once per object: the same object may come back after a reorder. */
      g_signal_handlers_disconnect_by_func (item, on_item_notify, self);
      g_signal_connect_object (item, "notify", G_CALLBACK (on_item_notify), self,
                               G_CONNECT_SWAPPED);
    }
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  /* The same objects in the same order (an edit of one item): rows stay as they are, so an
   * editor in a row is not rebuilt under the user's fingers; the items notify on their own. */
  if (n_old == items->len)
    {
      gboolean same = TRUE;

      for (guint i = 0; same && i < n_old; i++)
        {
          g_autoptr(TlReelItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

          same = item == g_ptr_array_index (items, i);
        }
      if (same)
        return;
    }
  g_list_store_splice (self->items, 0, n_old, items->pdata, items->len);
}
