/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tag-format.c: how the tagging pages write events: match clock, team and player names. */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "tl-tag-format.h"

typedef struct
{
  int     number;
  char   *name;
  gint64  start_ns;
  gint64  end_ns;          /* -1: open */
  gint64  clock_offset_s;  /* the match clock at its start: 0, 45*60, ... */
} Period;

struct _TlTagFormat
{
  GObject     parent_instance;

  GArray     *periods;     /* Period, by start */
  GHashTable *teams;       /* gint64 id → name */
  GHashTable *players;     /* gint64 id → "9 Smith" */
};

G_DEFINE_FINAL_TYPE (TlTagFormat, tl_tag_format, G_TYPE_OBJECT)

static void
period_clear (gpointer data)
{
  Period *period = data;

  g_free (period->name);
}

static void
tl_tag_format_finalize (GObject *object)
{
  TlTagFormat *self = (TlTagFormat *) object;

  g_clear_pointer (&self->periods, g_array_unref);
  g_clear_pointer (&self->teams, g_hash_table_unref);
  g_clear_pointer (&self->players, g_hash_table_unref);

  G_OBJECT_CLASS (tl_tag_format_parent_class)->finalize (object);
}

static void
tl_tag_format_class_init (TlTagFormatClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tl_tag_format_finalize;
}

static void
tl_tag_format_init (TlTagFormat *self)
{
  self->periods = g_array_new (FALSE, TRUE, sizeof (Period));
  g_array_set_clear_func (self->periods, period_clear);
  self->teams = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->players = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

TlTagFormat *
tl_tag_format_new (void)
{
  return g_object_new (TL_TYPE_TAG_FORMAT, NULL);
}

void
tl_tag_format_set_events (TlTagFormat   *self,
                          TlMatchEvents *events)
{
  g_return_if_fail (TL_IS_TAG_FORMAT (self));

  g_array_set_size (self->periods, 0);
  g_hash_table_remove_all (self->teams);
  g_hash_table_remove_all (self->players);

  if (events == NULL)
    return;
}

static const Period *
period_for (TlTagFormat *self,
            gint64       ns)
{
  const Period *found = NULL;

  for (guint i = 0; i < self->periods->len; i++)
    {
      const Period *period = &g_array_index (self->periods, Period, i);

      if (ns >= period->start_ns && (period->end_ns < 0 || ns < period->end_ns))
        found = period;
    }
  return found;
}

char *
tl_tag_format_file_time (gint64 ns)
{
  gint64 centis = MAX (ns, 0) / (GST_SECOND / 100);
  gint64 seconds = centis / 100;
  int hours = seconds / 3600;

  if (hours > 0)
    return g_strdup_printf ("%d:%02d:%02d.%02d", hours, (int) (seconds / 60) % 60,
                            (int) (seconds % 60), (int) (centis % 100));
  return g_strdup_printf ("%d:%02d.%02d", (int) (seconds / 60), (int) (seconds % 60),
                          (int) (centis % 100));
}

char *
tl_tag_format_clock (TlTagFormat *self,
                     gint64       ns)
{
  const Period *period;
  gint64 seconds;

  g_return_val_if_fail (TL_IS_TAG_FORMAT (self), NULL);

  period = period_for (self, ns);
  if (period == NULL)
    return tl_tag_format_file_time (ns);

  seconds = period->clock_offset_s + (ns - period->start_ns) / GST_SECOND;
  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

char *
tl_tag_format_labels (const char * const *labels)
{
  g_autoptr(GString) text = NULL;

  if (labels == NULL || labels[0] == NULL)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      g_autofree char *group = NULL;
      g_autofree char *label = NULL;

      tl_event_label_split (labels[i], &group, &label);
      if (text->len > 0)
        g_string_append (text, ", ");
      if (group != NULL)
        /* Translators: a label with its group, e.g. "Outcome: won" */
        g_string_append_printf (text, _("%s: %s"), group, label);
      else
        g_string_append (text, label);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
tl_tag_format_team (TlTagFormat *self,
                    gint64       team_id)
{
  const char *name;

  g_return_val_if_fail (TL_IS_TAG_FORMAT (self), NULL);

  if (team_id == 0)
    return NULL;
  name = g_hash_table_lookup (self->teams, &team_id);
  /* Translators: a team the match does not name (anymore) */
  return name != NULL ? g_strdup (name) : g_strdup_printf (_("Team %d"), (int) team_id);
}

char *
tl_tag_format_player (TlTagFormat *self,
                      gint64       player_id)
{
  const char *name;

  g_return_val_if_fail (TL_IS_TAG_FORMAT (self), NULL);

  if (player_id == 0)
    return NULL;
  name = g_hash_table_lookup (self->players, &player_id);
  /* Translators: a player the match's sheet does not name */
  return name != NULL ? g_strdup (name) : g_strdup_printf (_("Player %d"), (int) player_id);
}

guint
tl_tag_format_get_n_periods (TlTagFormat *self)
{
  g_return_val_if_fail (TL_IS_TAG_FORMAT (self), 0);

  return self->periods->len;
}

int
tl_tag_format_get_period_number (TlTagFormat *self,
                                 guint        index)
{
  g_return_val_if_fail (TL_IS_TAG_FORMAT (self), 0);
  g_return_val_if_fail (index < self->periods->len, 0);

  return g_array_index (self->periods, Period, index).number;
}

const char *
tl_tag_format_get_period_name (TlTagFormat *self,
                               guint        index)
{
  g_return_val_if_fail (TL_IS_TAG_FORMAT (self), NULL);
  g_return_val_if_fail (index < self->periods->len, NULL);

  return g_array_index (self->periods, Period, index).name;
}

int
tl_tag_format_period_at (TlTagFormat *self,
                         gint64       ns)
{
  const Period *period;

  g_return_val_if_fail (TL_IS_TAG_FORMAT (self), 0);

  period = period_for (self, ns);
  return period != NULL ? period->number : 0;
}

gboolean
tl_tag_format_contains (const char *haystack,
                        const char *needle)
{
  g_autofree char *folded_haystack = NULL;
  g_autofree char *folded_needle = NULL;

  if (haystack == NULL)
    return FALSE;
  if (needle == NULL || *needle == '\0')
    return TRUE;

  folded_haystack = g_utf8_casefold (haystack, -1);
  folded_needle = g_utf8_casefold (needle, -1);
  return strstr (folded_haystack, folded_needle) != NULL;
}
