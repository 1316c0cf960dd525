/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-analysis-ui.c: match analysis in the real app under Xvfb; --bench: main-loop stalls. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "tl-analysis-status.h"
#include "tl-application.h"
#include "tl-demo-generator.h"
#include "tl-match-card.h"
#include "tl-match-page.h"
#include "tl-test-media.h"
#include "tl-test-ui.h"
#include "tl-window.h"

#define DEMO_W 960
#define DEMO_H 288

typedef struct
{
  char          *root;
  TlApplication *app;
  TlWindow      *window;
  TlLibrary     *library;
  TlMatch       *match;       /* the demo, once imported */
} Fixture;

static gboolean
is_shown_card (GtkWidget     *widget,
               gconstpointer  data)
{
  return TL_IS_MATCH_CARD (widget) && gtk_widget_get_mapped (widget)
         && tl_match_card_get_match (TL_MATCH_CARD (widget)) == data;
}

static gboolean
is_match_page (GtkWidget     *widget,
               gconstpointer  data)
{
  return TL_IS_MATCH_PAGE (widget);
}

static gboolean
is_status (GtkWidget     *widget,
           gconstpointer  data)
{
  return TL_IS_ANALYSIS_STATUS (widget);
}

static gboolean
is_progress_bar (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_PROGRESS_BAR (widget);
}

static gboolean
is_label_containing (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
         && strstr (gtk_label_get_label (GTK_LABEL (widget)), data) != NULL;
}

static gboolean
is_button_tipped (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget)
         && g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget)
         && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static GtkWidget *
card_of (Fixture *fixture)
{
  return tl_test_find_widget (GTK_WIDGET (fixture->window), is_shown_card, fixture->match);
}

/* The match page's analysis bar. */
static GtkWidget *
page_status (Fixture *fixture)
{
  GtkWidget *page = tl_test_find_widget (GTK_WIDGET (fixture->window), is_match_page, NULL);

  return page != NULL ? tl_test_find_widget (page, is_status, NULL) : NULL;
}

static gboolean
card_shown (gpointer data)
{
  return card_of (data) != NULL;
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
window_mapped (gpointer data)
{
  Fixture *fixture = data;

  fixture->window = TL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));
  return fixture->window != NULL && gtk_widget_get_mapped (GTK_WIDGET (fixture->window));
}

static gboolean
demo_imported (gpointer data)
{
  Fixture *fixture = data;
  GListModel *matches = tl_library_get_matches (fixture->library);

  if (fixture->match == NULL && g_list_model_get_n_items (matches) > 0)
    fixture->match = g_list_model_get_item (matches, 0);
  return fixture->match != NULL;
}

static TlAnalysisState want_state;

static gboolean
state_is (gpointer data)
{
  Fixture *fixture = data;

  return tl_match_get_analysis_state (fixture->match) == want_state;
}

static gboolean
wait_for_state (Fixture         *fixture,
                TlAnalysisState  state,
                guint            timeout_s)
{
  want_state = state;
  return tl_test_wait_until (state_is, fixture, timeout_s);
}

/* The card shows the running analysis: its bar moved, time left (or its estimate) and CPU. */
static gboolean
card_shows_progress (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *card = card_of (fixture);
  GtkWidget *bar = card ? tl_test_find_widget (card, is_progress_bar, NULL) : NULL;

  return bar != NULL && gtk_widget_get_mapped (bar)
         && gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)) > 0
         && tl_test_find_widget (card, is_label_containing, "left · CPU") != NULL;
}

static gboolean
toast_shown (gpointer data)
{
  Fixture *fixture = data;

  return tl_test_find_widget (GTK_WIDGET (fixture->window), is_label_containing,
                              "analysed") != NULL;
}

static char *
make_demo (Fixture *fixture,
           double   seconds)
{
  g_autoptr(TlDemoGenerator) generator = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->root, "media", "demo.mp4", NULL);

  generator = g_object_new (TL_TYPE_DEMO_GENERATOR, "seconds", seconds, "width", DEMO_W,
                            "height", DEMO_H, "seed", (guint64) 11, NULL);
  g_assert_true (tl_demo_generator_run (generator, path, NULL, &error));
  g_assert_no_error (error);
  return path;
}

/* Import (the analysis starts by itself), progress on the card, pause and resume from the
 * card, the bar on the match page, cancel there, "Analyse" there, done with a toast. */
static void
test_analysis_ui (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  g_autofree char *video = make_demo (fixture, 12.0);
  const char *paths[] = { video, NULL };
  GSettings *settings = tl_application_get_settings (fixture->app);
  GtkWidget *card, *status;
  TlAnalysisQueue *queue = tl_application_get_analysis_queue (fixture->app);

  g_assert_true (g_settings_get_boolean (settings, "analyse-after-import"));
  g_settings_set_int (settings, "analysis-threads", 2);
  /* The queue persists jobs: keep checkpoints frequent so the pauses below are quick. */
  tl_analysis_queue_set_checkpoint_interval (queue, 2.0);
  tl_window_import_files (fixture->window, paths);
  g_assert_true (tl_test_wait_until (demo_imported, fixture, 60));
  g_assert_true (tl_test_wait_until (card_shows_progress, fixture, 120));
  g_assert_cmpint (tl_match_get_analysis_state (fixture->match), ==,
                   TL_ANALYSIS_STATE_RUNNING);

  /* Pause from the card's menu; the card says so and offers to resume. */
  card = card_of (fixture);
  g_assert_true (gtk_widget_activate_action (card, "card.pause-analysis", NULL));
  g_assert_true (wait_for_state (fixture, TL_ANALYSIS_STATE_PAUSED, 60));
  g_assert_nonnull (tl_test_find_widget (card, is_label_containing, "Paused at"));
  click (tl_test_find_widget (card, is_button_tipped, "Resume Analysis"));
  g_assert_true (wait_for_state (fixture, TL_ANALYSIS_STATE_RUNNING, 60));

  /* The match page shows it too, with its decoder; cancel there. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-match",
                                             "x", tl_match_get_id (fixture->match)));
  status = page_status (fixture);
  g_assert_nonnull (status);
  g_assert_true (tl_analysis_status_get_match (TL_ANALYSIS_STATUS (status)) == fixture->match);
  g_assert_true (tl_test_wait_until (widget_mapped, status, 10));
  g_assert_nonnull (tl_test_find_widget (status, is_label_containing, "software decoding"));
  click (tl_test_find_widget (status, is_button_tipped, "Cancel Analysis"));
  g_assert_true (wait_for_state (fixture, TL_ANALYSIS_STATE_NONE, 60));
  g_assert_cmpfloat (tl_match_get_analysis_progress (fixture->match), ==, 0.0);

  /* Not analysed now: the bar offers it; analysed to the end, with a toast. */
  click (tl_test_find_widget (status, is_button_labelled, "_Analyse"));
  g_assert_true (wait_for_state (fixture, TL_ANALYSIS_STATE_DONE, 300));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_first_child (status)));
  g_assert_true (tl_test_wait_until (toast_shown, fixture, 30));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL));
  card = card_of (fixture);
  g_assert_nonnull (card);
  g_assert_nonnull (tl_test_find_widget (card, is_label_containing, "Analysed"));
}

/* A failure shows its reason on the card with a Retry, which works once the file is back. */
static void
test_analysis_failure (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  g_autofree char *hidden = g_strconcat (tl_match_get_file_path (fixture->match), ".away", NULL);
  GtkWidget *card;

  g_assert_cmpint (g_rename (tl_match_get_file_path (fixture->match), hidden), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "app.analyse-match",
                                             "x", tl_match_get_id (fixture->match)));
  g_assert_true (wait_for_state (fixture, TL_ANALYSIS_STATE_FAILED, 60));
  /* With the failed state comes its reason, not a moment later. */
  card = card_of (fixture);
  g_assert_nonnull (card);
  g_assert_nonnull (tl_test_find_widget (card, is_label_containing, "missing"));
  g_assert_cmpint (g_rename (hidden, tl_match_get_file_path (fixture->match)), ==, 0);
  click (tl_test_find_widget (card, is_button_tipped, "Retry Analysis"));
  g_assert_true (wait_for_state (fixture, TL_ANALYSIS_STATE_DONE, 300));
  g_assert_null (tl_match_get_analysis_error (fixture->match));
}

/* The benchmark: while a match is analysed, how long does each main-loop iteration spend
 * dispatching (work on the main thread between two polls), and how regular is the frame
 * clock (a tick callback keeps it running, as an animation would)? */
typedef struct
{
  GPollFunc  poll;
  gint64     poll_return_us;    /* when the last poll returned */
  gint64     poll_return_cpu_us; /* the main thread's CPU time then */
  GArray    *dispatch_ms;       /* double: wall-clock time between two polls */
  GArray    *dispatch_cpu_ms;   /* double: CPU time of the main thread between two polls */
  gint64     last_frame_us;
  GArray    *frame_gap_ms;      /* double: between two frame clock ticks */
} Stalls;

static Stalls stalls;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
timed_poll (GPollFD *fds,
            guint    n_fds,
            int      timeout)
{
  gint64 now = g_get_monotonic_time ();
  int ret;

  if (stalls.poll_return_us > 0)
    {
      double ms = (now - stalls.poll_return_us) / 1000.0;

      double cpu_ms = (thread_cpu_us () - stalls.poll_return_cpu_us) / 1000.0;

      g_array_append_val (stalls.dispatch_ms, ms);
      g_array_append_val (stalls.dispatch_cpu_ms, cpu_ms);
      if (ms > 16 && g_getenv ("TL_STALLS") != NULL)
        g_printerr ("stall %.1f ms (%.1f ms CPU) at %.3f s\n", ms, cpu_ms, now / 1e6);
    }
  ret = stalls.poll (fds, n_fds, timeout);
  stalls.poll_return_us = g_get_monotonic_time ();
  stalls.poll_return_cpu_us = thread_cpu_us ();
  return ret;
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  gint64 now = g_get_monotonic_time ();

  if (stalls.last_frame_us > 0)
    {
      double ms = (now - stalls.last_frame_us) / 1000.0;

      g_array_append_val (stalls.frame_gap_ms, ms);
    }
  stalls.last_frame_us = now;
  return G_SOURCE_CONTINUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
print_figures (const char *what,
               GArray     *values,
               double      limit_ms)
{
  guint over = 0;

  g_array_sort (values, compare_doubles);
  for (guint i = 0; i < values->len; i++)
    over += g_array_index (values, double, i) > limit_ms;
  g_print ("%s: %u samples, median %.2f ms, p99 %.2f ms, max %.2f ms, %u over %.1f ms\n", what,
           values->len, g_array_index (values, double, values->len / 2),
           g_array_index (values, double, MIN (values->len - 1, values->len * 99 / 100)),
           g_array_index (values, double, values->len - 1), over, limit_ms);
}

static void
bench_responsiveness (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  g_autofree char *video = make_demo (fixture, 30.0);
  const char *paths[] = { video, NULL };
  GMainContext *context = g_main_context_default ();
  guint tick_id;
  gint64 t0;

  tl_window_import_files (fixture->window, paths);
  g_assert_true (tl_test_wait_until (demo_imported, fixture, 120));
  g_assert_true (wait_for_state (fixture, TL_ANALYSIS_STATE_RUNNING, 120));

  /* From the first frame analysed to the end: the card, then the match page with its bar. */
  stalls.dispatch_ms = g_array_new (FALSE, FALSE, sizeof (double));
  stalls.dispatch_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  stalls.frame_gap_ms = g_array_new (FALSE, FALSE, sizeof (double));
  stalls.poll = g_main_context_get_poll_func (context);
  g_main_context_set_poll_func (context, timed_poll);
  tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (fixture->window), on_tick, NULL, NULL);
  t0 = g_get_monotonic_time ();
  g_assert_true (tl_test_wait_until (card_shown, fixture, 30));
  want_state = TL_ANALYSIS_STATE_DONE;
  while (!state_is (fixture) && g_get_monotonic_time () - t0 < 10 * G_USEC_PER_SEC)
    g_main_context_iteration (context, TRUE);
  if (g_getenv ("TL_STALLS") != NULL)
    g_printerr ("showing the match page at %.3f s\n", g_get_monotonic_time () / 1e6);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-match",
                                             "x", tl_match_get_id (fixture->match)));
  g_assert_true (wait_for_state (fixture, TL_ANALYSIS_STATE_DONE, 600));
  gtk_widget_remove_tick_callback (GTK_WIDGET (fixture->window), tick_id);
  g_main_context_set_poll_func (context, stalls.poll);

  g_print ("analysis of a 30 s %dx%d demo, %.1f s, %u CPU cores\n", DEMO_W, DEMO_H,
           (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC, g_get_num_processors ());
  print_figures ("main-loop iteration, wall clock", stalls.dispatch_ms, 16.0);
  print_figures ("main-loop iteration, main-thread CPU", stalls.dispatch_cpu_ms, 16.0);
  print_figures ("frame clock interval", stalls.frame_gap_ms, 1000.0 / 60 * 2);
  g_array_unref (stalls.dispatch_ms);
  g_array_unref (stalls.dispatch_cpu_ms);
  g_array_unref (stalls.frame_gap_ms);
}

int
main (int   argc,
      char *argv[])
{
  Fixture fixture = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autofree char *library_dir = NULL;
  g_autofree char *media_dir = NULL;
  gboolean bench = argc > 1 && g_str_equal (argv[argc - 1], "--bench");
  int status;

  if (bench)
    argc--;
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 77;
    }

  fixture.root = g_dir_make_tmp ("touchline-analysis-ui-XXXXXX", &error);
  g_assert_no_error (error);
  library_dir = g_build_filename (fixture.root, "library", NULL);
  media_dir = g_build_filename (fixture.root, "media", NULL);
  g_assert_cmpint (g_mkdir (media_dir, 0700), ==, 0);

  fixture.app = tl_application_new (library_dir);
  g_application_set_flags (G_APPLICATION (fixture.app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (fixture.app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (fixture.app));
  g_assert_true (tl_test_wait_until (window_mapped, &fixture, 10));
  fixture.library = tl_application_get_library (fixture.app);

  if (bench)
    {
      g_test_add_data_func ("/analysis-ui/responsiveness", &fixture, bench_responsiveness);
    }
  else
    {
      g_test_add_data_func ("/analysis-ui/progress-pause-cancel", &fixture, test_analysis_ui);
      g_test_add_data_func ("/analysis-ui/failure-retry", &fixture, test_analysis_failure);
    }
  status = g_test_run ();

  g_clear_object (&fixture.match);
  gtk_window_destroy (GTK_WINDOW (fixture.window));
  g_clear_object (&fixture.app);
  tl_test_remove_tree (fixture.root);
  g_free (fixture.root);
  return status;
}
