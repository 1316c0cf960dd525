/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-test-ui.c: main-loop waits and widget-tree searches for the GUI tests. */
#include "tl-test-ui.h"

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
tl_test_wait_until (TlTestCondition condition,
                    gpointer        data,
                    guint           timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  /* A timer, so that the loop wakes up to check the condition even when nothing happens. */
  guint tick = g_timeout_add (20, wake_up, NULL);
  gboolean ok;

  while (!(ok = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return ok;
}

GtkWidget *
tl_test_find_widget (GtkWidget         *widget,
                     TlTestWidgetMatch  match,
                     gconstpointer      data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = tl_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

GtkWidget *
tl_test_find_by_type (GtkWidget *widget,
                      GType      type)
{
  return tl_test_find_widget (widget, is_of_type, GSIZE_TO_POINTER (type));
}

typedef struct
{
  gboolean  done;
  GError   *error;
} DemoRun;

static void
demo_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  DemoRun *run = data;

  tl_demo_generator_run_finish (TL_DEMO_GENERATOR (source), result, &run->error);
  run->done = TRUE;
}

gboolean
tl_test_generate_demo (TlDemoGenerator  *generator,
                       const char       *path,
                       GError          **error)
{
  DemoRun run = { FALSE, NULL };

  tl_demo_generator_run_async (generator, path, NULL, demo_done, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  if (run.error != NULL)
    {
      g_propagate_error (error, run.error);
      return FALSE;
    }
  return TRUE;
}
