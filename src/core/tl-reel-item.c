/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-reel-item.c: one clip of a highlight reel as a GObject with notifying properties. */
#include "config.h"

#include <glib/gi18n.h>

#include "tl-enums.h"
#include "tl-match.h"
#include "tl-reel-item.h"

struct _TlReelItem
{
  GObject         parent_instance;

  TlReelItemInfo *info;
};

G_DEFINE_FINAL_TYPE (TlReelItem, tl_reel_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_MATCH_ID,
  PROP_EVENT_CODE,
  PROP_START,
  PROP_END,
  PROP_CAMERA,
  PROP_SLOWMO_RATE,
  PROP_TITLE,
  PROP_LABEL,
  PROP_POSITION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const camera_names[] = { "follow", "path", "fixed", "full" };

const char *
tl_reel_camera_to_string (TlReelCamera camera)
{
  g_return_val_if_fail ((guint) camera < G_N_ELEMENTS (camera_names), "follow");

  return camera_names[camera];
}

gboolean
tl_reel_camera_from_string (const char   *str,
                            TlReelCamera *out_camera)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (camera_names); i++)
    if (g_str_equal (str, camera_names[i]))
      {
        *out_camera = (TlReelCamera) i;
        return TRUE;
      }

  return FALSE;
}

TlReelItemInfo *
tl_reel_item_info_new (void)
{
  TlReelItemInfo *info = g_new0 (TlReelItemInfo, 1);

  info->camera = TL_REEL_CAMERA_FOLLOW;
  info->hfov_deg = 60.0;
  info->slowmo_start_ns = TL_REEL_NO_SLOWMO;
  info->slowmo_end_ns = TL_REEL_NO_SLOWMO;
  info->slowmo_rate = 1.0;

  return info;
}

TlReelItemInfo *
tl_reel_item_info_copy (const TlReelItemInfo *info)
{
  TlReelItemInfo *copy = g_memdup2 (info, sizeof *info);

  copy->event_code = g_strdup (info->event_code);
  copy->title = g_strdup (info->title);
  copy->freezes = info->freezes != NULL ? g_array_copy (info->freezes) : NULL;

  return copy;
}

void
tl_reel_item_info_free (TlReelItemInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->event_code);
  g_free (info->title);
  g_clear_pointer (&info->freezes, g_array_unref);
  g_free (info);
}

/* The slow-motion range clipped to the item, or FALSE when it has none that counts. */
static gboolean
slowmo_range (const TlReelItemInfo *info,
              gint64               *a,
              gint64               *b)
{
  if (info->slowmo_start_ns == TL_REEL_NO_SLOWMO || info->slowmo_rate >= 1.0
      || info->slowmo_rate <= 0)
    return FALSE;

  *a = CLAMP (info->slowmo_start_ns, info->start_ns, info->end_ns);
  *b = CLAMP (info->slowmo_end_ns, *a, info->end_ns);

  return *b > *a;
}

gint64
tl_reel_item_info_get_output_duration (const TlReelItemInfo *info)
{
  gint64 a, b;
  gint64 duration = info->end_ns - info->start_ns;

  if (slowmo_range (info, &a, &b))
    duration += (gint64) ((b - a) / info->slowmo_rate) - (b - a);
  for (guint i = 0; info->freezes != NULL && i < info->freezes->len; i++)
    duration += g_array_index (info->freezes, TlReelFreeze, i).hold_ns;

  return duration;
}

/* Source time -> output time of the clip without its freezes (slow motion only). */
static gint64
unfrozen_output_time (const TlReelItemInfo *info,
                      gint64                source_ns)
{
  gint64 a, b;

  if (!slowmo_range (info, &a, &b) || source_ns <= a)
    return source_ns - info->start_ns;
  if (source_ns < b)
    return a - info->start_ns + (gint64) ((source_ns - a) / info->slowmo_rate);
  return a - info->start_ns + (gint64) ((b - a) / info->slowmo_rate) + (source_ns - b);
}

/* Output time -> source time ignoring freezes. */
static gint64
map_unfrozen (const TlReelItemInfo *info,
              gint64                output_ns)
{
  gint64 a, b, stretched;

  if (!slowmo_range (info, &a, &b) || output_ns <= a - info->start_ns)
    return info->start_ns + output_ns;

  /* Before the range: real time; inside it: slowed; after it: real time again, shifted. */
  stretched = (gint64) ((b - a) / info->slowmo_rate);
  if (output_ns < a - info->start_ns + stretched)
    return a + (gint64) ((output_ns - (a - info->start_ns)) * info->slowmo_rate);

  return b + (output_ns - (a - info->start_ns) - stretched);
}

/* Walks the freezes in order: before a freeze's output start, time runs as without freezes
 * (less the holds already passed); inside it the source stands at the freeze. Sets *frozen. */
static gint64
map_with_freezes (const TlReelItemInfo *info,
                  gint64                output_ns,
                  gboolean             *frozen)
{
  gint64 held = 0;

  *frozen = FALSE;
  for (guint i = 0; info->freezes != NULL && i < info->freezes->len; i++)
    {
      const TlReelFreeze *f = &g_array_index (info->freezes, TlReelFreeze, i);
      gint64 begins = unfrozen_output_time (info, f->at_ns) + held;

      if (output_ns < begins)
        break;
      if (output_ns < begins + f->hold_ns)
        {
          *frozen = TRUE;
          return f->at_ns;
        }
      held += f->hold_ns;
    }
  return map_unfrozen (info, output_ns - held);
}

gint64
tl_reel_item_info_map_time (const TlReelItemInfo *info,
                            gint64                output_ns)
{
  gboolean frozen;

  return map_with_freezes (info, output_ns, &frozen);
}

gboolean
tl_reel_item_info_is_frozen (const TlReelItemInfo *info,
                             gint64                output_ns)
{
  gboolean frozen;

  map_with_freezes (info, output_ns, &frozen);
  return frozen;
}

static void
tl_reel_item_finalize (GObject *object)
{
  TlReelItem *self = (TlReelItem *) object;

  g_clear_pointer (&self->info, tl_reel_item_info_free);

  G_OBJECT_CLASS (tl_reel_item_parent_class)->finalize (object);
}

static void
tl_reel_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TlReelItem *self = TL_REEL_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->info->id);
      break;
    case PROP_MATCH_ID:
      g_value_set_int64 (value, self->info->match_id);
      break;
    case PROP_EVENT_CODE:
      g_value_set_string (value, self->info->event_code);
      break;
    case PROP_START:
      g_value_set_int64 (value, self->info->start_ns);
      break;
    case PROP_END:
      g_value_set_int64 (value, self->info->end_ns);
      break;
    case PROP_CAMERA:
      g_value_set_enum (value, self->info->camera);
      break;
    case PROP_SLOWMO_RATE:
      g_value_set_double (value, self->info->slowmo_rate);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->info->title);
      break;
    case PROP_LABEL:
      g_value_take_string (value, tl_reel_item_dup_label (self));
      break;
    case PROP_POSITION:
      g_value_set_int (value, self->info->position);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_reel_item_class_init (TlReelItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tl_reel_item_finalize;
  object_class->get_property = tl_reel_item_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_MATCH_ID] = g_param_spec_int64 ("match-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                  flags);
  properties[PROP_EVENT_CODE] = g_param_spec_string ("event-code", NULL, NULL, NULL, flags);
  properties[PROP_START] = g_param_spec_int64 ("start", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_END] = g_param_spec_int64 ("end", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CAMERA] = g_param_spec_enum ("camera", NULL, NULL, TL_TYPE_REEL_CAMERA,
                                               TL_REEL_CAMERA_FOLLOW, flags);
  properties[PROP_SLOWMO_RATE] = g_param_spec_double ("slowmo-rate", NULL, NULL,
                                                      TL_REEL_MIN_SLOWMO_RATE, 1.0, 1.0, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_POSITION] = g_param_spec_int ("position", NULL, NULL, 0, G_MAXINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_reel_item_init (TlReelItem *self)
{
}

TlReelItem *
tl_reel_item_new (const TlReelItemInfo *info)
{
  TlReelItem *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (TL_TYPE_REEL_ITEM, NULL);
  self->info = tl_reel_item_info_copy (info);

  return self;
}

const TlReelItemInfo *
tl_reel_item_get_info (TlReelItem *self)
{
  g_return_val_if_fail (TL_IS_REEL_ITEM (self), NULL);

  return self->info;
}

void
tl_reel_item_update (TlReelItem           *self,
                     const TlReelItemInfo *info)
{
  TlReelItemInfo *old;

  g_return_if_fail (TL_IS_REEL_ITEM (self));
  g_return_if_fail (info != NULL);

  old = g_steal_pointer (&self->info);
  self->info = tl_reel_item_info_copy (info);

  g_object_freeze_notify (G_OBJECT (self));
  if (old->start_ns != info->start_ns)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START]);
  if (old->end_ns != info->end_ns)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
  if (old->camera != info->camera)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA]);
  if (old->slowmo_rate != info->slowmo_rate)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLOWMO_RATE]);
  if (g_strcmp0 (old->title, info->title) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  if (g_strcmp0 (old->event_code, info->event_code) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT_CODE]);
  if (old->position != info->position)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
  g_object_thaw_notify (G_OBJECT (self));

  tl_reel_item_info_free (old);
}

gint64
tl_reel_item_get_id (TlReelItem *self)
{
  g_return_val_if_fail (TL_IS_REEL_ITEM (self), 0);
  return self->info->id;
}

gint64
tl_reel_item_get_match_id (TlReelItem *self)
{
  g_return_val_if_fail (TL_IS_REEL_ITEM (self), 0);
  return self->info->match_id;
}

gint64
tl_reel_item_get_event_id (TlReelItem *self)
{
  g_return_val_if_fail (TL_IS_REEL_ITEM (self), 0);
  return self->info->event_id;
}

const char *
tl_reel_item_get_event_code (TlReelItem *self)
{
  g_return_val_if_fail (TL_IS_REEL_ITEM (self), NULL);
  return self->info->event_code;
}

gint64
tl_reel_item_get_start (TlReelItem *self)
{
  g_return_val_if_fail (TL_IS_REEL_ITEM (self), 0);
  return self->info->start_ns;
}

gint64
tl_reel_item_get_end (TlReelItem *self)
{
  g_return_val_if_fail (TL_IS_REEL_ITEM (self), 0);
  return self->info->end_ns;
}

TlReelCamera
tl_reel_item_get_camera (TlReelItem *self)
{
  g_return_val_if_fail (TL_IS_REEL_ITEM (self), TL_REEL_CAMERA_FOLLOW);
  return self->info->camera;
}

const char *
tl_reel_item_get_title (TlReelItem *self)
{
  g_return_val_if_fail (TL_IS_REEL_ITEM (self), NULL);
  return self->info->title;
}

double
tl_reel_item_get_slowmo_rate (TlReelItem *self)
{
  g_return_val_if_fail (TL_IS_REEL_ITEM (self), 1.0);
  return self->info->slowmo_rate;
}

char *
tl_reel_item_dup_label (TlReelItem *self)
{
  g_autofree char *at = NULL;

  g_return_val_if_fail (TL_IS_REEL_ITEM (self), NULL);

  at = tl_format_duration (self->info->start_ns);
  if (self->info->event_code != NULL)
    return g_strdup_printf ("%s %s", self->info->event_code, at);
  /* TRANSLATORS: a reel item cut by hand, not from a tagged event; %s is its start time */
  return g_strdup_printf (_("Clip %s"), at);
}
