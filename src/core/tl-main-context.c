/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-main-context.c: handing work from a worker thread to the thread that owns a context. */
#include "tl-main-context.h"

void
tl_main_context_idle_add (GMainContext   *context,
                          int             priority,
                          GSourceFunc     func,
                          gpointer        data,
                          GDestroyNotify  notify)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, priority);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[touchline] main-context hop");
  g_source_attach (source, context);
}
