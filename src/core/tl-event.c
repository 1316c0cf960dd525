/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-event.c: one tagged event of a match, plain data wrapped in a notifying GObject. */
#include "config.h"

#include <string.h>

#include "tl-event.h"

struct _TlEvent
{
  GObject      parent_instance;

  TlEventInfo *info;
};

G_DEFINE_FINAL_TYPE (TlEvent, tl_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_MATCH_ID,
  PROP_CODE_ID,
  PROP_CODE,
  PROP_COLOR,
  PROP_START_NS,
  PROP_END_NS,
  PROP_LEAD_NS,
  PROP_LAG_NS,
  PROP_TEAM_ID,
  PROP_PLAYER_ID,
  PROP_NOTE,
  PROP_LABELS,
  PROP_EXTERNAL_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const no_labels[] = { NULL };

TlEventInfo *
tl_event_info_new (void)
{
  TlEventInfo *info = g_new0 (TlEventInfo, 1);

  info->color = g_strdup ("#3584e4");
  info->labels = g_new0 (char *, 1);
  return info;
}

TlEventInfo *
tl_event_info_copy (const TlEventInfo *info)
{
  TlEventInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->code = g_strdup (info->code);
  copy->color = g_strdup (info->color);
  copy->note = g_strdup (info->note);
  copy->labels = g_strdupv (info->labels != NULL ? info->labels : (char **) no_labels);
  copy->external_id = g_strdup (info->external_id);
  return copy;
}

void
tl_event_info_free (TlEventInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->code);
  g_free (info->color);
  g_free (info->note);
  g_strfreev (info->labels);
  g_free (info->external_id);
  g_free (info);
}

static gboolean
labels_equal (char **a,
              char **b)
{
  return g_strv_equal ((const char * const *) (a ? a : (char **) no_labels),
                       (const char * const *) (b ? b : (char **) no_labels));
}

gboolean
tl_event_info_equal_content (const TlEventInfo *a,
                             const TlEventInfo *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return g_strcmp0 (a->code, b->code) == 0
         && g_ascii_strcasecmp (a->color, b->color) == 0
         && a->start_ns == b->start_ns
         && a->end_ns == b->end_ns
         && a->lead_ns == b->lead_ns
         && a->lag_ns == b->lag_ns
         && a->team_id == b->team_id
         && a->player_id == b->player_id
         && g_strcmp0 (a->note, b->note) == 0
         && labels_equal (a->labels, b->labels)
         && g_strcmp0 (a->external_id, b->external_id) == 0;
}

void
tl_event_label_split (const char  *label,
                      char       **out_group,
                      char       **out_text)
{
  const char *colon;

  g_return_if_fail (label != NULL);

  colon = strchr (label, ':');
  if (colon == NULL)
    {
      *out_group = NULL;
      *out_text = g_strdup (label);
      return;
    }

  *out_group = colon == label ? NULL : g_strndup (label, colon - label);
  *out_text = g_strdup (colon + 1);
}

char *
tl_event_label_join (const char *group,
                     const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  if (group != NULL && *group != '\0')
    return g_strconcat (group, ":", text, NULL);
  /* A bare text with a colon would read back as group:text. */
  if (strchr (text, ':') != NULL)
    return g_strconcat (":", text, NULL);

  return g_strdup (text);
}

gboolean
tl_color_is_valid (const char *color)
{
  if (color == NULL || color[0] != '#' || strlen (color) != 7)
    return FALSE;

  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (color[i]))
      return FALSE;

  return TRUE;
}

static void
tl_event_finalize (GObject *object)
{
  TlEvent *self = (TlEvent *) object;

  g_clear_pointer (&self->info, tl_event_info_free);

  G_OBJECT_CLASS (tl_event_parent_class)->finalize (object);
}

static void
tl_event_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TlEvent *self = TL_EVENT (object);
  TlEventInfo *info = self->info;

  switch (prop_id)
    {
    case PROP_ID:          g_value_set_int64 (value, info->id); break;
    case PROP_MATCH_ID:    g_value_set_int64 (value, info->match_id); break;
    case PROP_CODE_ID:     g_value_set_int64 (value, info->code_id); break;
    case PROP_CODE:        g_value_set_string (value, info->code); break;
    case PROP_COLOR:       g_value_set_string (value, info->color); break;
    case PROP_START_NS:    g_value_set_int64 (value, info->start_ns); break;
    case PROP_END_NS:      g_value_set_int64 (value, info->end_ns); break;
    case PROP_LEAD_NS:     g_value_set_int64 (value, info->lead_ns); break;
    case PROP_LAG_NS:      g_value_set_int64 (value, info->lag_ns); break;
    case PROP_TEAM_ID:     g_value_set_int64 (value, info->team_id); break;
    case PROP_PLAYER_ID:   g_value_set_int64 (value, info->player_id); break;
    case PROP_NOTE:        g_value_set_string (value, info->note); break;
    case PROP_LABELS:      g_value_set_boxed (value, info->labels); break;
    case PROP_EXTERNAL_ID: g_value_set_string (value, info->external_id); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Construct-only: lets tests and widgets build a free-standing event with g_object_new(). */
static void
tl_event_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  TlEvent *self = TL_EVENT (object);
  TlEventInfo *info = self->info;

  switch (prop_id)
    {
    case PROP_ID:        info->id = g_value_get_int64 (value); break;
    case PROP_MATCH_ID:  info->match_id = g_value_get_int64 (value); break;
    case PROP_CODE_ID:   info->code_id = g_value_get_int64 (value); break;
    case PROP_CODE:      g_free (info->code); info->code = g_value_dup_string (value); break;
    case PROP_COLOR:
      if (g_value_get_string (value) != NULL)
        {
          g_free (info->color);
          info->color = g_value_dup_string (value);
        }
      break;
    case PROP_START_NS:  info->start_ns = g_value_get_int64 (value); break;
    case PROP_END_NS:    info->end_ns = g_value_get_int64 (value); break;
    case PROP_LEAD_NS:   info->lead_ns = g_value_get_int64 (value); break;
    case PROP_LAG_NS:    info->lag_ns = g_value_get_int64 (value); break;
    case PROP_TEAM_ID:   info->team_id = g_value_get_int64 (value); break;
    case PROP_PLAYER_ID: info->player_id = g_value_get_int64 (value); break;
    case PROP_NOTE:      g_free (info->note); info->note = g_value_dup_string (value); break;
    case PROP_LABELS:
      if (g_value_get_boxed (value) != NULL)
        {
          g_strfreev (info->labels);
          info->labels = g_value_dup_boxed (value);
        }
      break;
    case PROP_EXTERNAL_ID:
      g_free (info->external_id);
      info->external_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
int64_property (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, 0, G_MAXINT64, 0,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                             | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                              | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
tl_event_class_init (TlEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_event_finalize;
  object_class->get_property = tl_event_get_property;
  object_class->set_property = tl_event_set_property;

  properties[PROP_ID] = int64_property ("id");
  properties[PROP_MATCH_ID] = int64_property ("match-id");
  properties[PROP_CODE_ID] = int64_property ("code-id");
  properties[PROP_CODE] = string_property ("code");
  properties[PROP_COLOR] = string_property ("color");
  properties[PROP_START_NS] = int64_property ("start-ns");
  properties[PROP_END_NS] = int64_property ("end-ns");
  properties[PROP_LEAD_NS] = int64_property ("lead-ns");
  properties[PROP_LAG_NS] = int64_property ("lag-ns");
  properties[PROP_TEAM_ID] = int64_property ("team-id");
  properties[PROP_PLAYER_ID] = int64_property ("player-id");
  properties[PROP_NOTE] = string_property ("note");
  properties[PROP_LABELS] =
    g_param_spec_boxed ("labels", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                        | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXTERNAL_ID] = string_property ("external-id");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_event_init (TlEvent *self)
{
  self->info = tl_event_info_new ();
}

TlEvent *
tl_event_new (const TlEventInfo *info)
{
  TlEvent *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (TL_TYPE_EVENT, NULL);
  tl_event_info_free (self->info);
  self->info = tl_event_info_copy (info);
  return self;
}

const TlEventInfo *
tl_event_get_info (TlEvent *self)
{
  g_return_val_if_fail (TL_IS_EVENT (self), NULL);

  return self->info;
}

void
tl_event_update (TlEvent           *self,
                 const TlEventInfo *info)
{
  TlEventInfo *old;

  g_return_if_fail (TL_IS_EVENT (self));
  g_return_if_fail (info != NULL);

  old = self->info;
  self->info = tl_event_info_copy (info);

  g_object_freeze_notify (G_OBJECT (self));
#define NOTIFY_IF(cond, prop) \
  if (cond) g_object_notify_by_pspec (G_OBJECT (self), properties[prop])
  NOTIFY_IF (old->id != info->id, PROP_ID);
  NOTIFY_IF (old->match_id != info->match_id, PROP_MATCH_ID);
  NOTIFY_IF (old->code_id != info->code_id, PROP_CODE_ID);
  NOTIFY_IF (g_strcmp0 (old->code, info->code) != 0, PROP_CODE);
  NOTIFY_IF (g_strcmp0 (old->color, info->color) != 0, PROP_COLOR);
  NOTIFY_IF (old->start_ns != info->start_ns, PROP_START_NS);
  NOTIFY_IF (old->end_ns != info->end_ns, PROP_END_NS);
  NOTIFY_IF (old->lead_ns != info->lead_ns, PROP_LEAD_NS);
  NOTIFY_IF (old->lag_ns != info->lag_ns, PROP_LAG_NS);
  NOTIFY_IF (old->team_id != info->team_id, PROP_TEAM_ID);
  NOTIFY_IF (old->player_id != info->player_id, PROP_PLAYER_ID);
  NOTIFY_IF (g_strcmp0 (old->note, info->note) != 0, PROP_NOTE);
  NOTIFY_IF (!labels_equal (old->labels, info->labels), PROP_LABELS);
  NOTIFY_IF (g_strcmp0 (old->external_id, info->external_id) != 0, PROP_EXTERNAL_ID);
#undef NOTIFY_IF
  g_object_thaw_notify (G_OBJECT (self));

  tl_event_info_free (old);
}

#define GETTER(type, name, expr) \
  type \
  tl_event_get_##name (TlEvent *self) \
  { \
    g_return_val_if_fail (TL_IS_EVENT (self), 0); \
    return (expr); \
  }

GETTER (gint64, id, self->info->id)
GETTER (gint64, match_id, self->info->match_id)
GETTER (gint64, code_id, self->info->code_id)
GETTER (const char *, code, self->info->code)
GETTER (const char *, color, self->info->color)
GETTER (gint64, start, self->info->start_ns)
GETTER (gint64, end, self->info->end_ns)
GETTER (gint64, lead, self->info->lead_ns)
GETTER (gint64, lag, self->info->lag_ns)
GETTER (gint64, team_id, self->info->team_id)
GETTER (gint64, player_id, self->info->player_id)
GETTER (const char *, note, self->info->note)
GETTER (const char * const *, labels, (const char * const *) self->info->labels)
GETTER (const char *, external_id, self->info->external_id)

#undef GETTER

gboolean
tl_event_has_label (TlEvent    *self,
                    const char *label)
{
  g_return_val_if_fail (TL_IS_EVENT (self), FALSE);

  return label != NULL && g_strv_contains ((const char * const *) self->info->labels, label);
}

const char *
tl_event_get_label_in_group (TlEvent    *self,
                             const char *group)
{
  gsize len;

  g_return_val_if_fail (TL_IS_EVENT (self), NULL);
  g_return_val_if_fail (group != NULL, NULL);

  len = strlen (group);
  for (char **l = self->info->labels; *l != NULL; l++)
    if (strncmp (*l, group, len) == 0 && (*l)[len] == ':')
      return *l + len + 1;

  return NULL;
}
