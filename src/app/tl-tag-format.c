/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-tag-format.c: how the tagging pages write events: match clock, team and player names. */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "tl-tag-format.h"

struct _TlTagFormat
{
  GObject       parent_instance;

  TlMatchSheet *sheet;
};

G_DEFINE_FINAL_TYPE (TlTagFormat, tl_tag_format, G_TYPE_OBJECT)

static void
tl_tag_format_dispose (GObject *object)
{
  TlTagFormat *self = (TlTagFormat *) object;

  g_clear_object (&self->sheet);

  G_OBJECT_CLASS (tl_tag_format_parent_class)->dispose (object);
}

static void
tl_tag_format_class_init (TlTagFormatClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tl_tag_format_dispose;
}

static void
tl_tag_format_init (TlTagFormat *self)
{
}

TlTagFormat *
tl_tag_format_new (void)
{
  return g_object_new (TL_TYPE_TAG_FORMAT, NULL);
}

void
tl_tag_format_set_sheet (TlTagFormat  *self,
                         TlMatchSheet *sheet)
{
  g_return_if_fail (TL_IS_TAG_FORMAT (self));
  g_return_if_fail (sheet == NULL || TL_IS_MATCH_SHEET (sheet));

  g_set_object (&self->sheet, sheet);
}

TlMatchSheet *
tl_tag_format_get_sheet (TlTagFormat *self)
{
  g_return_val_if_fail (TL_IS_TAG_FORMAT (self), NULL);

  return self->sheet;
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
  char *clock;

  g_return_val_if_fail (TL_IS_TAG_FORMAT (self), NULL);

  clock = self->sheet != NULL ? tl_match_sheet_format_clock (self->sheet, ns) : NULL;
  return clock != NULL ? clock : tl_tag_format_file_time (ns);
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
  TlTeam *team;

  g_return_val_if_fail (TL_IS_TAG_FORMAT (self), NULL);

  if (team_id == 0)
    return NULL;
  team = self->sheet != NULL ? tl_match_sheet_lookup_team (self->sheet, team_id) : NULL;
  /* Translators: a team the match does not name (anymore) */
  return team != NULL ? g_strdup (tl_team_get_name (team))
                      : g_strdup_printf (_("Team %d"), (int) team_id);
}

char *
tl_tag_format_player (TlTagFormat *self,
                      gint64       player_id)
{
  TlSquadPlayer *player;

  g_return_val_if_fail (TL_IS_TAG_FORMAT (self), NULL);

  if (player_id == 0)
    return NULL;
  player = self->sheet != NULL ? tl_match_sheet_lookup_player (self->sheet, player_id) : NULL;
  /* Translators: a player the match's sheet does not name */
  return player != NULL ? tl_squad_player_dup_label (player)
                        : g_strdup_printf (_("Player %d"), (int) player_id);
}

static TlPeriod *
period_get (TlTagFormat *self,
            guint        index)
{
  g_autoptr(TlPeriod) period = g_list_model_get_item (tl_match_sheet_get_periods (self->sheet),
                                                      index);

  /* The sheet's model holds it. */
  return period;
}

guint
tl_tag_format_get_n_periods (TlTagFormat *self)
{
  g_return_val_if_fail (TL_IS_TAG_FORMAT (self), 0);

  return self->sheet != NULL
         ? g_list_model_get_n_items (tl_match_sheet_get_periods (self->sheet)) : 0;
}

int
tl_tag_format_get_period_number (TlTagFormat *self,
                                 guint        index)
{
  g_return_val_if_fail (TL_IS_TAG_FORMAT (self), 0);
  g_return_val_if_fail (index < tl_tag_format_get_n_periods (self), 0);

  return tl_period_get_number (period_get (self, index));
}

const char *
tl_tag_format_get_period_name (TlTagFormat *self,
                               guint        index)
{
  g_return_val_if_fail (TL_IS_TAG_FORMAT (self), NULL);
  g_return_val_if_fail (index < tl_tag_format_get_n_periods (self), NULL);

  return tl_period_get_name (period_get (self, index));
}

int
tl_tag_format_period_at (TlTagFormat *self,
                         gint64       ns)
{
  TlPeriod *period;

  g_return_val_if_fail (TL_IS_TAG_FORMAT (self), 0);

  period = self->sheet != NULL ? tl_match_sheet_period_at (self->sheet, ns) : NULL;
  return period != NULL ? tl_period_get_number (period) : 0;
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
