/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-event-drag.c: the text form of dragged events. */
#include "config.h"

#include <string.h>

#include "tl-event-drag.h"

#define PREFIX "touchline-events:"

GdkContentProvider *
tl_event_drag_content_new (const gint64 *event_ids,
                           guint         n_events)
{
  g_autoptr(GString) text = g_string_new (PREFIX);
  GValue value = G_VALUE_INIT;
  GdkContentProvider *provider;

  for (guint i = 0; i < n_events; i++)
    g_string_append_printf (text, i > 0 ? ",%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                            event_ids[i]);
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, text->str);
  provider = gdk_content_provider_new_for_value (&value);
  g_value_unset (&value);
  return provider;
}

GArray *
tl_event_drag_parse (const char *text)
{
  g_autoptr(GArray) ids = NULL;
  g_auto(GStrv) parts = NULL;

  if (text == NULL || !g_str_has_prefix (text, PREFIX))
    return NULL;
  parts = g_strsplit (text + strlen (PREFIX), ",", -1);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 id;

      if (!g_ascii_string_to_signed (parts[i], 10, 1, G_MAXINT64, &id, NULL))
        return NULL;
      g_array_append_val (ids, id);
    }
  return ids->len > 0 ? g_steal_pointer (&ids) : NULL;
}
