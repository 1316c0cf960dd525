/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui.c: the real application under Xvfb: library, import, search, match page, demo match. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "tl-application.h"
#include "tl-library-page.h"
#include "tl-match-card.h"
#include "tl-match-page.h"
#include "tl-test-media.h"
#include "tl-test-ui.h"
#include "tl-viewer.h"
#include "tl-window.h"

/* One application for the whole program: GtkApplication cannot be started twice. */
typedef struct
{
  char          *root;      /* temporary: library/ and media/ */
  TlApplication *app;
  TlWindow      *window;
  TlLibrary     *library;
} UiFixture;

static gboolean
is_status_page_titled (GtkWidget     *widget,
                       gconstpointer  data)
{
  return ADW_IS_STATUS_PAGE (widget)
         && g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), data) == 0;
}

static gboolean
is_shown_card (GtkWidget     *widget,
               gconstpointer  data)
{
  return TL_IS_MATCH_CARD (widget)
         && gtk_widget_get_mapped (widget)
         && tl_match_card_get_match (TL_MATCH_CARD (widget)) != NULL;
}

static gboolean
is_heading_label (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "heading");
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget)
         && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static gboolean
is_label_showing (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
         && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), data) == 0;
}

static gboolean
status_page_shown (UiFixture  *fixture,
                   const char *title)
{
  GtkWidget *page = tl_test_find_widget (GTK_WIDGET (fixture->window), is_status_page_titled,
                                         title);

  g_assert_nonnull (page);
  return gtk_widget_get_mapped (page);
}

static guint
count_shown_cards (UiFixture *fixture)
{
  GtkWidget *grid = tl_test_find_by_type (GTK_WIDGET (fixture->window), GTK_TYPE_GRID_VIEW);
  guint n = 0;

  for (GtkWidget *cell = gtk_widget_get_first_child (grid); cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    if (tl_test_find_widget (cell, is_shown_card, NULL) != NULL)
      n++;

  return n;
}

static TlMatchCard *
find_shown_card (UiFixture *fixture)
{
  return (TlMatchCard *) tl_test_find_widget (GTK_WIDGET (fixture->window), is_shown_card, NULL);
}

static guint
n_matches (UiFixture *fixture)
{
  return g_list_model_get_n_items (tl_library_get_matches (fixture->library));
}

/* Conditions for tl_test_wait_until(). */

static gboolean
window_mapped (gpointer data)
{
  UiFixture *fixture = data;

  fixture->window = TL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));
  return fixture->window != NULL && gtk_widget_get_mapped (GTK_WIDGET (fixture->window));
}

static gboolean
library_has_one (gpointer data)
{
  return n_matches (data) == 1;
}

static gboolean
import_done (gpointer data)
{
  return !gtk_action_bar_get_revealed (data);
}

static gboolean
library_is_empty (gpointer data)
{
  return n_matches (data) == 0;
}

static gboolean
empty_state_only (gpointer data)
{
  return status_page_shown (data, "No Matches Yet") && count_shown_cards (data) == 0;
}

static gboolean
one_card_only (gpointer data)
{
  return !status_page_shown (data, "No Matches Yet")
         && !status_page_shown (data, "No Results")
         && count_shown_cards (data) == 1;
}

static gboolean
no_results_only (gpointer data)
{
  return status_page_shown (data, "No Results") && count_shown_cards (data) == 0;
}

static gboolean
match_page_shown (gpointer data)
{
  UiFixture *fixture = data;
  GtkWidget *page = tl_test_find_by_type (GTK_WIDGET (fixture->window), TL_TYPE_MATCH_PAGE);
  GtkWidget *library_page = tl_test_find_by_type (GTK_WIDGET (fixture->window),
                                                  TL_TYPE_LIBRARY_PAGE);

  return gtk_widget_get_mapped (page) && !gtk_widget_get_mapped (library_page);
}

static gboolean
library_page_shown (gpointer data)
{
  UiFixture *fixture = data;
  GtkWidget *page = tl_test_find_by_type (GTK_WIDGET (fixture->window), TL_TYPE_MATCH_PAGE);
  GtkWidget *library_page = tl_test_find_by_type (GTK_WIDGET (fixture->window),
                                                  TL_TYPE_LIBRARY_PAGE);

  return gtk_widget_get_mapped (library_page) && !gtk_widget_get_mapped (page);
}

static gboolean
undo_button_shown (gpointer data)
{
  UiFixture *fixture = data;

  return tl_test_find_widget (GTK_WIDGET (fixture->window), is_button_labelled, "_Undo") != NULL;
}

static AdwMessageDialog *
find_message_dialog (UiFixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  AdwMessageDialog *dialog = find_message_dialog (data);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static void
set_search_text (UiFixture  *fixture,
                 const char *text)
{
  GtkWidget *entry = tl_test_find_by_type (GTK_WIDGET (fixture->window), GTK_TYPE_SEARCH_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static char *
make_video (UiFixture  *fixture,
            const char *name,
            guint       seed)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->root, "media", name, NULL);

  g_assert_true (tl_test_media_make (path, TL_TEST_MEDIA_H264_MP4, 2.0, seed, &error));
  g_assert_no_error (error);

  return path;
}

static void
test_library_page (gconstpointer data)
{
  UiFixture *fixture = (UiFixture *) data;
  g_autofree char *path = make_video (fixture, "derby-day.mp4", 1);
  const char *paths[] = { path, NULL };
  GtkWidget *page = tl_test_find_by_type (GTK_WIDGET (fixture->window), TL_TYPE_LIBRARY_PAGE);
  GtkWidget *import_bar = tl_test_find_by_type (GTK_WIDGET (fixture->window), GTK_TYPE_ACTION_BAR);
  GtkWidget *search_bar = tl_test_find_by_type (page, GTK_TYPE_SEARCH_BAR);
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  TlMatchCard *card;
  TlMatch *match;
  GtkWidget *title_label;

  /* A new library: the library page with its empty state. */
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_true (tl_test_wait_until (empty_state_only, fixture, 5));

  /* The path drag and drop takes: progress while it runs, then one card. */
  tl_window_import_files (fixture->window, paths);
  g_assert_true (gtk_action_bar_get_revealed (GTK_ACTION_BAR (import_bar)));
  g_assert_true (tl_test_wait_until (library_has_one, fixture, 30));
  g_assert_false (gtk_action_bar_get_revealed (GTK_ACTION_BAR (import_bar)));
  g_assert_true (tl_test_wait_until (one_card_only, fixture, 5));

  card = find_shown_card (fixture);
  match = tl_match_card_get_match (card);
  title_label = tl_test_find_widget (GTK_WIDGET (card), is_heading_label, NULL);
  g_assert_cmpstr (tl_match_get_title (match), ==, "derby-day");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (title_label)), ==, "derby-day");

  /* Importing it again adds nothing. */
  tl_window_import_files (fixture->window, paths);
  g_assert_true (tl_test_wait_until (import_done, import_bar, 30));
  g_assert_cmpuint (n_matches (fixture), ==, 1);
  g_assert_true (tl_test_wait_until (one_card_only, fixture, 5));

  /* Rename from the card's menu: the card follows at once. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.rename", NULL));
  g_assert_true (tl_test_wait_until (message_dialog_shown, fixture, 5));
  dialog = find_message_dialog (fixture);
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Cup Final");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "rename"));
  adw_message_dialog_response (dialog, "rename");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpstr (tl_match_get_title (match), ==, "Cup Final");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (title_label)), ==, "Cup Final");

  /* Delete from the page's action, undo from the toast. */
  g_assert_true (gtk_widget_activate_action (page, "library.delete", "x",
                                             tl_match_get_id (match)));
  g_assert_cmpuint (n_matches (fixture), ==, 0);
  g_assert_true (tl_test_wait_until (empty_state_only, fixture, 5));
  g_assert_true (tl_test_wait_until (undo_button_shown, fixture, 5));
  g_signal_emit_by_name (tl_test_find_widget (GTK_WIDGET (fixture->window), is_button_labelled,
                                              "_Undo"),
                         "clicked");
  g_assert_cmpuint (n_matches (fixture), ==, 1);
  g_assert_true (tl_test_wait_until (one_card_only, fixture, 5));

  /* Delete (the key) deletes the card with the focus; restore it through the library. */
  card = find_shown_card (fixture);
  match = g_object_ref (tl_match_card_get_match (card));
  gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (card)));
  g_assert_true (gtk_widget_activate_action (page, "library.delete-focused", NULL));
  g_assert_true (tl_test_wait_until (library_is_empty, fixture, 5));
  g_assert_true (tl_library_restore_match (fixture->library, match, NULL));
  g_object_unref (match);
  g_assert_true (tl_test_wait_until (one_card_only, fixture, 5));

  /* Search: a title that matches nothing shows "No Results", clearing it brings the card back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (search_bar)));
  set_search_text (fixture, "no such match");
  g_assert_true (tl_test_wait_until (no_results_only, fixture, 5));
  set_search_text (fixture, "cup");
  g_assert_true (tl_test_wait_until (one_card_only, fixture, 5));
  set_search_text (fixture, "no such match");
  g_assert_true (tl_test_wait_until (no_results_only, fixture, 5));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));
  g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (search_bar)));
  g_assert_true (tl_test_wait_until (one_card_only, fixture, 5));
}

static void
test_match_page (gconstpointer data)
{
  UiFixture *fixture = (UiFixture *) data;
  GtkWidget *grid = tl_test_find_by_type (GTK_WIDGET (fixture->window), GTK_TYPE_GRID_VIEW);
  GtkWidget *match_page = tl_test_find_by_type (GTK_WIDGET (fixture->window), TL_TYPE_MATCH_PAGE);
  g_autoptr(TlMatch) match = NULL;
  g_autofree char *path = NULL;
  g_autofree char *moved = NULL;
  AdwWindowTitle *title;
  TlViewer *viewer;
  TlPlayer *player;
  GtkSpinButton *spin;

  if (n_matches (fixture) == 0)
    {
      g_autofree char *video_path = make_video (fixture, "training.mp4", 2);
      const char *paths[] = { video_path, NULL };

      tl_window_import_files (fixture->window, paths);
      g_assert_true (tl_test_wait_until (library_has_one, fixture, 30));
    }
  g_assert_true (tl_test_wait_until (one_card_only, fixture, 5));
  match = g_list_model_get_item (tl_library_get_matches (fixture->library), 0);

  /* Activating the card, as a click does, opens the match. */
  g_signal_emit_by_name (grid, "activate", 0);
  g_assert_true (tl_test_wait_until (match_page_shown, fixture, 5));

  g_assert_true (tl_match_page_get_match (TL_MATCH_PAGE (match_page)) == match);
  title = ADW_WINDOW_TITLE (tl_test_find_by_type (match_page, ADW_TYPE_WINDOW_TITLE));
  g_assert_cmpstr (adw_window_title_get_title (title), ==, tl_match_get_title (match));

  viewer = TL_VIEWER (tl_test_find_by_type (match_page, TL_TYPE_VIEWER));
  g_assert_nonnull (viewer);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (viewer), "match-video"));
  player = tl_viewer_get_player (viewer);
  g_assert_nonnull (player);
  g_assert_cmpstr (tl_player_get_path (player), ==, tl_match_get_file_path (match));

  /* The field of view is saved through the library as it is edited. */
  spin = GTK_SPIN_BUTTON (tl_test_find_by_type (match_page, GTK_TYPE_SPIN_BUTTON));
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, tl_match_get_hfov (match));
  gtk_spin_button_set_value (spin, 120);
  g_assert_cmpfloat (tl_match_get_hfov (match), ==, 120);

  /* A rename elsewhere shows in the header. */
  g_assert_true (tl_library_rename_match (fixture->library, match, "Second Leg", NULL));
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Second Leg");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL));
  g_assert_true (tl_test_wait_until (library_page_shown, fixture, 5));
  g_assert_true (tl_test_wait_until (one_card_only, fixture, 5));

  /* A video moved away: the card says so, the page offers to locate it, a relink brings the
   * video back. */
  path = g_strdup (tl_match_get_file_path (match));
  moved = g_strconcat (path, ".moved", NULL);
  g_assert_cmpint (g_rename (path, moved), ==, 0);
  tl_match_refresh_file_missing (match);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (find_shown_card (fixture)), "missing"));

  g_signal_emit_by_name (grid, "activate", 0);
  g_assert_true (tl_test_wait_until (match_page_shown, fixture, 5));
  g_assert_true (status_page_shown (fixture, "Video File Missing"));
  g_assert_null (tl_player_get_path (player));

  g_assert_true (tl_library_relink_match (fixture->library, match, moved, NULL, NULL));
  g_assert_false (status_page_shown (fixture, "Video File Missing"));
  g_assert_cmpstr (tl_player_get_path (player), ==, moved);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL));
  g_assert_true (tl_test_wait_until (library_page_shown, fixture, 5));
  g_assert_true (tl_test_wait_until (one_card_only, fixture, 5));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (find_shown_card (fixture)), "missing"));
}

static gboolean
has_frame (gpointer data)
{
  return tl_player_get_frame (TL_PLAYER (data)) != NULL;
}

typedef struct
{
  TlPlayer *player;
  gint64    frame;
} FrameWait;

static gboolean
shows_frame (gpointer data)
{
  FrameWait *wait = data;

  return tl_player_get_frame_number (wait->player) == wait->frame;
}

static gboolean
moved_past_frame (gpointer data)
{
  FrameWait *wait = data;

  return tl_player_get_frame_number (wait->player) > wait->frame;
}

static gboolean
is_playing (gpointer data)
{
  return tl_player_get_playing (TL_PLAYER (data));
}

static gboolean
is_paused (gpointer data)
{
  return !tl_player_get_playing (TL_PLAYER (data));
}

/* The transport: play, pause, frame steps, the view toggle and the time label, driven through
 * the page's actions as the keys and buttons do. */
static void
test_playback (gconstpointer data)
{
  UiFixture *fixture = (UiFixture *) data;
  GtkWidget *grid = tl_test_find_by_type (GTK_WIDGET (fixture->window), GTK_TYPE_GRID_VIEW);
  GtkWidget *match_page = tl_test_find_by_type (GTK_WIDGET (fixture->window), TL_TYPE_MATCH_PAGE);
  TlViewer *viewer = TL_VIEWER (tl_test_find_by_type (match_page, TL_TYPE_VIEWER));
  TlPlayer *player = tl_viewer_get_player (viewer);
  FrameWait wait = { player, 0 };
  GtkLabel *time_label;
  gint64 frame;

  if (n_matches (fixture) == 0)
    {
      g_autofree char *video_path = make_video (fixture, "playback.mp4", 2);
      const char *paths[] = { video_path, NULL };

      tl_window_import_files (fixture->window, paths);
      g_assert_true (tl_test_wait_until (library_has_one, fixture, 30));
    }
  g_assert_true (tl_test_wait_until (one_card_only, fixture, 5));
  g_signal_emit_by_name (grid, "activate", 0);
  g_assert_true (tl_test_wait_until (match_page_shown, fixture, 5));
  /* Media waits are generous: decoding shares two cores with the rest of the suite. */
  g_assert_true (tl_test_wait_until (has_frame, player, 30));
  g_assert_true (tl_viewer_get_frame (viewer) != NULL);

  /* Play, then pause: the video moved on. */
  g_assert_true (gtk_widget_activate_action (match_page, "match.play-pause", NULL));
  g_assert_true (tl_test_wait_until (is_playing, player, 30));
  wait.frame = tl_player_get_frame_number (player);
  g_assert_true (tl_test_wait_until (moved_past_frame, &wait, 30));
  g_assert_true (gtk_widget_activate_action (match_page, "match.play-pause", NULL));
  g_assert_true (tl_test_wait_until (is_paused, player, 30));
  tl_test_run_for_ms (200);

  /* Start from a frame with room either side, then step +1 and back -1. */
  tl_player_seek_frame (player, 10);
  wait.frame = 10;
  g_assert_true (tl_test_wait_until (shows_frame, &wait, 30));
  frame = tl_player_get_frame_number (player);
  g_assert_true (gtk_widget_activate_action (match_page, "match.step", "i", 1));
  wait.frame = frame + 1;
  g_assert_true (tl_test_wait_until (shows_frame, &wait, 30));
  g_assert_true (gtk_widget_activate_action (match_page, "match.step", "i", -1));
  wait.frame = frame;
  g_assert_true (tl_test_wait_until (shows_frame, &wait, 30));
  g_assert_false (tl_player_get_playing (player));

  /* Frame 10 at 25 fps is 0.4 s into the 2 s video. */
  time_label = GTK_LABEL (tl_test_find_widget (match_page, is_label_showing, "0:00.40 / 0:02"));
  g_assert_nonnull (time_label);

  g_assert_cmpint (tl_viewer_get_mode (viewer), ==, TL_VIEWER_MODE_PANORAMA);
  g_assert_true (gtk_widget_activate_action (match_page, "match.toggle-view", NULL));
  g_assert_cmpint (tl_viewer_get_mode (viewer), ==, TL_VIEWER_MODE_VIRTUAL);
  g_assert_true (gtk_widget_activate_action (match_page, "match.toggle-view", NULL));
  g_assert_cmpint (tl_viewer_get_mode (viewer), ==, TL_VIEWER_MODE_PANORAMA);

  g_assert_true (gtk_widget_activate_action (match_page, "match.rate", "d", 2.0));
  g_assert_cmpfloat (tl_player_get_rate (player), ==, 2.0);
  g_assert_true (gtk_widget_activate_action (match_page, "match.rate", "d", 1.0));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL));
  g_assert_true (tl_test_wait_until (library_page_shown, fixture, 5));
}

/* What the demo test watches for while the main loop runs. */
typedef struct
{
  UiFixture      *fixture;
  GtkProgressBar *progress;
  gboolean        progress_seen;   /* the bar was shown with some progress */
} DemoWatch;

static gboolean
demo_imported (gpointer data)
{
  DemoWatch *watch = data;

  if (gtk_widget_get_mapped (GTK_WIDGET (watch->progress))
      && gtk_progress_bar_get_fraction (watch->progress) > 0.0)
    watch->progress_seen = TRUE;

  return n_matches (watch->fixture) == 1;
}

static gboolean
demo_under_way (gpointer data)
{
  DemoWatch *watch = data;

  demo_imported (watch);
  return watch->progress_seen;
}

static void
empty_the_library (UiFixture *fixture)
{
  GListModel *matches = tl_library_get_matches (fixture->library);

  if (!library_page_shown (fixture))
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back",
                                                 NULL));
      g_assert_true (tl_test_wait_until (library_page_shown, fixture, 5));
    }

  while (g_list_model_get_n_items (matches) > 0)
    {
      g_autoptr(TlMatch) match = g_list_model_get_item (matches, 0);

      g_assert_true (tl_library_delete_match (fixture->library, match, NULL));
    }
  g_assert_true (tl_test_wait_until (empty_state_only, fixture, 5));
}

static void
test_demo_match (gconstpointer data)
{
  UiFixture *fixture = (UiFixture *) data;
  GtkWidget *import_bar = tl_test_find_by_type (GTK_WIDGET (fixture->window), GTK_TYPE_ACTION_BAR);
  DemoWatch watch = { fixture, NULL, FALSE };
  g_autofree char *video = g_build_filename (tl_library_get_dir (fixture->library), "demo",
                                             "demo-match-1.mp4", NULL);
  g_autofree char *part = g_strconcat (video, ".part", NULL);
  g_autofree char *sidecar = g_build_filename (tl_library_get_dir (fixture->library), "demo",
                                               "demo-match-1.json", NULL);
  g_autoptr(TlMatch) match = NULL;
  GStatBuf before, after;

  /* The import bar's own: cards, the match page (analysis) and the Reels page (export) have
   * progress bars too. */
  watch.progress = GTK_PROGRESS_BAR (tl_test_find_by_type (import_bar, GTK_TYPE_PROGRESS_BAR));
  empty_the_library (fixture);

  /* The empty library offers it next to importing. */
  g_assert_nonnull (tl_test_find_widget (GTK_WIDGET (fixture->window), is_button_labelled,
                                 "Try the _Demo Match"));

  /* Cancelled while generating: nothing is left behind. */
  tl_window_try_demo_match (fixture->window, 2.0);
  g_assert_true (gtk_action_bar_get_revealed (GTK_ACTION_BAR (import_bar)));
  g_assert_true (tl_test_wait_until (demo_under_way, &watch, 60));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.cancel-import",
                                             NULL));
  g_assert_true (tl_test_wait_until (import_done, import_bar, 30));
  g_assert_cmpuint (n_matches (fixture), ==, 0);
  g_assert_false (g_file_test (video, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));

  /* Generated with progress in the bar, imported calibrated, and opened. */
  watch.progress_seen = FALSE;
  tl_window_try_demo_match (fixture->window, 2.0);
  g_assert_true (tl_test_wait_until (demo_imported, &watch, 60));
  g_assert_true (watch.progress_seen);
  g_assert_true (tl_test_wait_until (import_done, import_bar, 30));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (watch.progress)));
  g_assert_true (g_file_test (video, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (sidecar, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));

  match = g_list_model_get_item (tl_library_get_matches (fixture->library), 0);
  g_assert_cmpstr (tl_match_get_file_path (match), ==, video);
  g_assert_true (tl_match_get_calibrated (match));
  g_assert_cmpint (tl_match_get_projection (match), ==, TL_PROJECTION_CYLINDRICAL);
  g_assert_true (tl_test_wait_until (match_page_shown, fixture, 5));
  g_assert_true (tl_match_page_get_match (TL_MATCH_PAGE (tl_test_find_by_type (
                   GTK_WIDGET (fixture->window), TL_TYPE_MATCH_PAGE))) == match);
  g_assert_nonnull (tl_test_find_widget (GTK_WIDGET (fixture->window), is_label_showing,
                                 "From the demo generator"));

  /* Again: the video from the first time is imported as it is, a duplicate. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL));
  g_assert_true (tl_test_wait_until (library_page_shown, fixture, 5));
  g_assert_cmpint (g_stat (video, &before), ==, 0);
  tl_window_try_demo_match (fixture->window, 2.0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (watch.progress)));
  g_assert_true (tl_test_wait_until (import_done, import_bar, 30));
  g_assert_cmpuint (n_matches (fixture), ==, 1);
  g_assert_cmpint (g_stat (video, &after), ==, 0);
  g_assert_cmpint (before.st_mtime, ==, after.st_mtime);
  g_assert_cmpint (before.st_ino, ==, after.st_ino);
  g_assert_true (tl_test_wait_until (match_page_shown, fixture, 5));
}

int
main (int   argc,
      char *argv[])
{
  UiFixture fixture = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autofree char *library_dir = NULL;
  g_autofree char *media_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  /* Settings in memory only, never the user's (meson sets these too, for runs by hand). */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* These tests drive the library and the transport. An analysis after import (tested in
   * test-analysis-ui) would turn the follow cam on under them, halfway through a test. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.touchline.Touchline");

    g_settings_set_boolean (settings, "analyse-after-import", FALSE);
  }

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 77;
    }

  fixture.root = g_dir_make_tmp ("touchline-ui-XXXXXX", &error);
  g_assert_no_error (error);
  library_dir = g_build_filename (fixture.root, "library", NULL);
  media_dir = g_build_filename (fixture.root, "media", NULL);
  g_assert_cmpint (g_mkdir (media_dir, 0700), ==, 0);

  /* Registered and activated by hand: g_application_run() would not return to the tests.
   * Non-unique, so that a running Touchline (or another test) is not asked to do the work. */
  fixture.app = tl_application_new (library_dir);
  g_application_set_flags (G_APPLICATION (fixture.app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (fixture.app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (fixture.app));
  g_assert_true (tl_test_wait_until (window_mapped, &fixture, 10));
  fixture.library = tl_application_get_library (fixture.app);
  g_assert_nonnull (fixture.library);

  g_test_add_data_func ("/ui/library-page", &fixture, test_library_page);
  g_test_add_data_func ("/ui/match-page", &fixture, test_match_page);
  g_test_add_data_func ("/ui/playback", &fixture, test_playback);
  g_test_add_data_func ("/ui/demo-match", &fixture, test_demo_match);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (fixture.window));
  tl_test_run_for_ms (100);
  g_clear_object (&fixture.app);
  tl_test_remove_tree (fixture.root);
  g_free (fixture.root);

  return status;
}
