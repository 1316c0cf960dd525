/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-events.c: how long tagging takes (one saved tag, and the main thread's share when it
 * goes through a worker), and a full match's Sportscode edit list in and out. */
#include "config.h"

#include <glib/gstdio.h>

#include "tl-event-files.h"
#include "tl-test-library.h"
#include "tl-test-media.h"

#define N_TAGS 500
#define N_INSTANCES 5000

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_latencies (const char *what,
                 GArray     *ms)
{
  double sum = 0;

  g_array_sort (ms, compare_doubles);
  for (guint i = 0; i < ms->len; i++)
    sum += g_array_index (ms, double, i);
  g_print ("%s: mean %.2f ms, median %.2f ms, p99 %.2f ms, worst %.2f ms (%u)\n", what,
           sum / ms->len, g_array_index (ms, double, ms->len / 2),
           g_array_index (ms, double, ms->len * 99 / 100), g_array_index (ms, double, ms->len - 1),
           ms->len);
}

typedef struct
{
  gboolean done;
} Wait;

static double poll_seconds;

static gint
timed_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 start = g_get_monotonic_time ();
  gint result = g_poll (fds, n_fds, timeout);

  poll_seconds += (g_get_monotonic_time () - start) / 1e6;
  return result;
}

static void
on_tagged (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_assert_cmpint (tl_match_events_tag_finish (TL_MATCH_EVENTS (source), result, NULL), >, 0);
  ((Wait *) user_data)->done = TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("touchline-bench-events-XXXXXX", &error);
  g_autoptr(TlLibrary) library = tl_library_open (dir, &error);
  g_autoptr(GArray) sync_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) main_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(TlEventDocument) document = tl_event_document_new ();
  g_autofree char *xml = g_build_filename (dir, "match.xml", NULL);
  g_autoptr(GTimer) timer = g_timer_new ();
  TlMatchEvents *events, *imported;
  TlStore *store;

  g_assert_no_error (error);
  g_main_context_set_poll_func (NULL, timed_poll);
  store = tl_library_get_store (library);
  events = tl_library_get_match_events (library, tl_test_add_match (library, "a"), &error);
  g_assert_no_error (error);

  /* Tags saved on the calling thread (commit with synchronous=FULL included). */
  for (guint i = 0; i < N_TAGS; i++)
    {
      TlTagRequest request = { .code = "Press", .at_ns = (gint64) i * 1000000000,
                               .lead_ns = 3000000000, .lag_ns = 3000000000 };

      g_timer_start (timer);
      g_assert_cmpint (tl_match_events_tag (events, &request, &error), >, 0);
      g_array_append_val (sync_ms, (double) { g_timer_elapsed (timer, NULL) * 1000 });
    }
  print_latencies ("tag on the calling thread", sync_ms);

  /* Through a worker: what the UI thread spends is starting the task and, later, the model
   * update; measured here as the time to start plus the time of each main-loop dispatch. */
  for (guint i = 0; i < N_TAGS; i++)
    {
      TlTagRequest request = { .code = "Shot", .at_ns = (gint64) i * 1000000000 + 500000000,
                               .lead_ns = 3000000000, .lag_ns = 3000000000 };
      Wait wait = { FALSE };
      double busy;

      g_timer_start (timer);
      tl_match_events_tag_async (events, &request, NULL, on_tagged, &wait);
      busy = g_timer_elapsed (timer, NULL);
      while (!wait.done)
        {
          /* Count the iteration but not its wait in poll(). */
          poll_seconds = 0;
          g_timer_start (timer);
          g_main_context_iteration (NULL, TRUE);
          busy += g_timer_elapsed (timer, NULL) - poll_seconds;
        }
      g_array_append_val (main_ms, (double) { busy * 1000 });
    }
  print_latencies ("tag through a worker, main thread busy", main_ms);

  /* A full match's edit list: 5000 instances with labels. */
  for (guint i = 0; i < N_INSTANCES; i++)
    {
      TlEventInfo *info = tl_event_info_new ();

      info->code = g_strdup_printf ("Code %u", i % 40);
      info->start_ns = (gint64) i * 1000000000;
      info->end_ns = info->start_ns + 8000000000;
      g_strfreev (info->labels);
      info->labels = g_new0 (char *, 3);
      info->labels[0] = g_strdup_printf ("Zone:%u", 1 + i % 18);
      info->labels[1] = g_strdup (i % 2 ? "Outcome:Won" : "Outcome:Lost");
      g_ptr_array_add (document->events, info);
      tl_event_document_add_row (document, info->code, "#3584e4");
    }
  g_timer_start (timer);
  g_assert_true (tl_event_document_save (document, xml, TL_EVENT_FORMAT_SPORTSCODE, TRUE, &error));
  g_print ("write %u instances (UTF-16): %.0f ms\n", N_INSTANCES,
           g_timer_elapsed (timer, NULL) * 1000);
  {
    g_autoptr(TlEventDocument) loaded = NULL;
    GStatBuf st;

    g_stat (xml, &st);
    g_timer_start (timer);
    loaded = tl_event_document_load (xml, TL_EVENT_FORMAT_SPORTSCODE, &error);
    g_assert_no_error (error);
    g_print ("parse %u instances (%.1f MB): %.0f ms\n", loaded->events->len,
             st.st_size / 1e6, g_timer_elapsed (timer, NULL) * 1000);
    imported = tl_library_get_match_events (library, tl_test_add_match (library, "b"), &error);
    g_timer_start (timer);
    g_assert_true (tl_event_files_import (imported, store, loaded, NULL, NULL, &error));
    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_print ("import %u instances into a match (one transaction, model updated): %.0f ms\n",
             g_list_model_get_n_items (G_LIST_MODEL (imported)),
             g_timer_elapsed (timer, NULL) * 1000);
  }

  g_clear_object (&library);
  tl_test_remove_tree (dir);
  return 0;
}
