/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tagging-ui.c: tagging through the real application under Xvfb, with real key presses.
 *
 * Keys go through the X server (XTest, loaded at run time: no build dependency), so they take
 * the path an analyst's keyboard does: X focus, GDK, the focused widget, then the page's
 * shortcut controllers. What the UI shows is checked against the library's SQLite file. */
#include "config.h"

#include <adwaita.h>
#include <dlfcn.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <sqlite3.h>

#include "tl-application.h"
#include "tl-event-list.h"
#include "tl-event-matrix.h"
#include "tl-hotkey-button.h"
#include "tl-match-page.h"
#include "tl-reel-panel.h"
#include "tl-tag-board.h"
#include "tl-template-editor.h"
#include "tl-test-media.h"
#include "tl-viewer.h"
#include "tl-window.h"

typedef int (*FakeKeyFunc) (Display *display, unsigned int keycode, int is_press,
                            unsigned long delay);

typedef struct
{
  char          *root;
  TlApplication *app;
  TlWindow      *window;
  TlLibrary     *library;
  TlMatch       *match;
  TlMatchPage   *page;
  TlPlayer      *player;
  TlTagBoard    *board;
  TlEventList   *list;
  TlEventMatrix *matrix;
  TlMatchEvents *events;
  FakeKeyFunc    fake_key;
  /* What the template editor test watches. */
  GtkWidget     *hotkey_button;
  TlTagCode     *edited_code;
  gint64         wanted_position;
} Fixture;

typedef gboolean (*Check) (Fixture *fixture, gconstpointer data);

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until @check holds or @seconds pass. */
static gboolean
spin_until (Fixture       *fixture,
            Check          check,
            gconstpointer  data,
            double         seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint source = g_timeout_add (15, tick, NULL);
  gboolean done = FALSE;

  while (!(done = check (fixture, data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);

  return done;
}

static gboolean
never (Fixture       *fixture,
       gconstpointer  data)
{
  return FALSE;
}

static void
spin_for (Fixture *fixture,
          double   seconds)
{
  spin_until (fixture, never, NULL, seconds);
}

typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget under @root (itself included, depth first) that @match accepts. */
static GtkWidget *
find_widget (GtkWidget     *root,
             WidgetMatch    match,
             gconstpointer  data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_type (GtkWidget     *widget,
          gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

static GtkWidget *
first_of_type (GtkWidget *root,
               GType      type)
{
  return find_widget (root, has_type, GSIZE_TO_POINTER (type));
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

/* A toast's button, while the toast is up. */
static gboolean
is_shown_button_labelled (GtkWidget     *widget,
                          gconstpointer  data)
{
  return is_button_labelled (widget, data) && gtk_widget_get_mapped (widget);
}

/* A label showing @data inside a button: the tag board's code buttons. */
static gboolean
is_label_in_button (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), data) == 0
         && gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON) != NULL;
}

static gboolean
is_hotkey_button_of (GtkWidget     *widget,
                     gconstpointer  data)
{
  return TL_IS_HOTKEY_BUTTON (widget) && g_object_get_data (G_OBJECT (widget), "code") == data;
}

/* --- keys through the X server ------------------------------------------------------------- */

/* Sends @keyval with @mods to @window (NULL: the main window). */
static void
press_key_in (Fixture         *fixture,
              GtkWindow       *window,
              guint            keyval,
              GdkModifierType  mods)
{
  GtkWidget *target = window != NULL ? GTK_WIDGET (window) : GTK_WIDGET (fixture->window);
  GdkDisplay *display = gtk_widget_get_display (target);
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (target));
  KeyCode code = XKeysymToKeycode (xdisplay, gdk_keyval_to_lower (keyval));
  KeyCode shift = XKeysymToKeycode (xdisplay, XK_Shift_L);
  KeyCode control = XKeysymToKeycode (xdisplay, XK_Control_L);

  g_assert_cmpuint (code, !=, 0);
  /* No window manager under Xvfb: give the window the keyboard by hand. */
  XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XSync (xdisplay, False);

  if (mods & GDK_CONTROL_MASK)
    fixture->fake_key (xdisplay, control, True, 0);
  if (mods & GDK_SHIFT_MASK)
    fixture->fake_key (xdisplay, shift, True, 0);
  fixture->fake_key (xdisplay, code, True, 0);
  fixture->fake_key (xdisplay, code, False, 0);
  if (mods & GDK_SHIFT_MASK)
    fixture->fake_key (xdisplay, shift, False, 0);
  if (mods & GDK_CONTROL_MASK)
    fixture->fake_key (xdisplay, control, False, 0);
  XFlush (xdisplay);

  /* Let GDK read and dispatch the events. */
  spin_for (fixture, 0.2);
}

static void
press_key (Fixture         *fixture,
           guint            keyval,
           GdkModifierType  mods)
{
  press_key_in (fixture, NULL, keyval, mods);
}

static void
press_hotkey (Fixture    *fixture,
              const char *accelerator)
{
  guint key = 0;
  GdkModifierType mods = 0;

  g_assert_true (gtk_accelerator_parse (accelerator, &key, &mods));
  press_key (fixture, key, mods);
}

/* --- the library file, read back with SQLite ----------------------------------------------- */

static sqlite3 *
open_db (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (tl_library_get_dir (fixture->library), "library.db",
                                            NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

static int
db_count (Fixture    *fixture,
          const char *sql,
          gint64      id)
{
  sqlite3 *db = open_db (fixture);
  sqlite3_stmt *stmt = NULL;
  int count;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return count;
}

/* The stored row of event @id: code, start and end. */
static void
db_event (Fixture  *fixture,
          gint64    id,
          char    **out_code,
          gint64   *out_start,
          gint64   *out_end)
{
  sqlite3 *db = open_db (fixture);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT code, start_ns, end_ns FROM events "
                                       "WHERE id = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *out_code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  *out_start = sqlite3_column_int64 (stmt, 1);
  *out_end = sqlite3_column_int64 (stmt, 2);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static gboolean
db_has_label (Fixture    *fixture,
              gint64      event_id,
              const char *group,
              const char *text)
{
  sqlite3 *db = open_db (fixture);
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM event_labels WHERE event_id = ? "
                                       "AND group_name IS ? AND text = ?", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, event_id);
  sqlite3_bind_text (stmt, 2, group, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  found = sqlite3_column_int (stmt, 0) > 0;
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return found;
}

/* --- conditions ---------------------------------------------------------------------------- */

static gboolean
window_shown (Fixture       *fixture,
              gconstpointer  data)
{
  fixture->window = TL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));
  return fixture->window != NULL && gtk_widget_get_mapped (GTK_WIDGET (fixture->window));
}

static gboolean
imported (Fixture       *fixture,
          gconstpointer  data)
{
  return g_list_model_get_n_items (tl_library_get_matches (fixture->library)) == 1;
}

static gboolean
shows_frame (Fixture       *fixture,
             gconstpointer  data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->page))
         && tl_player_get_frame_number (fixture->player) == GPOINTER_TO_INT (data);
}

static gboolean
n_events_is (Fixture       *fixture,
             gconstpointer  data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (fixture->events)) == GPOINTER_TO_UINT (data);
}

static gboolean
n_shown_is (Fixture       *fixture,
            gconstpointer  data)
{
  return g_list_model_get_n_items (tl_event_list_get_shown (fixture->list))
         == GPOINTER_TO_UINT (data);
}

/* So that current_is_set() waits for the event of the next press. */
static void
forget_current (Fixture *fixture)
{
  tl_tag_board_set_current_event_id (fixture->board, 0);
}

static gboolean
current_is_set (Fixture       *fixture,
                gconstpointer  data)
{
  return tl_tag_board_get_current_event_id (fixture->board) != 0;
}

static gboolean
event_has_label (Fixture       *fixture,
                 gconstpointer  data)
{
  TlEvent *event = tl_match_events_lookup (fixture->events,
                                           tl_tag_board_get_current_event_id (fixture->board));

  return event != NULL && tl_event_has_label (event, data);
}

static gboolean
event_lacks_label (Fixture       *fixture,
                   gconstpointer  data)
{
  TlEvent *event = tl_match_events_lookup (fixture->events,
                                           tl_tag_board_get_current_event_id (fixture->board));

  return event != NULL && !tl_event_has_label (event, data);
}

static gboolean
note_saved (Fixture       *fixture,
            gconstpointer  data)
{
  TlEvent *event = tl_match_events_lookup (fixture->events, GPOINTER_TO_SIZE (data));

  return event != NULL && tl_event_get_note (event) != NULL;
}

static gboolean
undo_offered (Fixture       *fixture,
              gconstpointer  data)
{
  return find_widget (GTK_WIDGET (fixture->window), is_shown_button_labelled, "_Undo") != NULL;
}

/* --- helpers over the template -------------------------------------------------------------- */

/* A plain code (not a toggle) whose key the board honours. */
static TlTagCode *
pick_code (Fixture *fixture,
           guint    nth)
{
  GListModel *codes = tl_tag_template_get_codes (tl_tag_board_get_template (fixture->board));

  for (guint i = 0; i < g_list_model_get_n_items (codes); i++)
    {
      g_autoptr(TlTagCode) code = g_list_model_get_item (codes, i);
      const char *hotkey = tl_tag_code_get_hotkey (code);

      if (hotkey != NULL && !tl_tag_board_hotkey_is_reserved (hotkey)
          && !tl_tag_code_get_toggle (code) && nth-- == 0)
        return code;
    }
  g_assert_not_reached ();
}

static TlLabel *
pick_label (Fixture       *fixture,
            TlLabelGroup **out_group)
{
  GListModel *groups = tl_tag_template_get_label_groups (tl_tag_board_get_template (
                                                           fixture->board));

  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(TlLabelGroup) group = g_list_model_get_item (groups, i);
      GListModel *labels = tl_label_group_get_labels (group);

      for (guint j = 0; j < g_list_model_get_n_items (labels); j++)
        {
          g_autoptr(TlLabel) label = g_list_model_get_item (labels, j);
          const char *hotkey = tl_label_get_hotkey (label);

          if (hotkey != NULL && !tl_tag_board_hotkey_is_reserved (hotkey))
            {
              *out_group = group;
              return label;
            }
        }
    }
  g_assert_not_reached ();
}

static void
show_frame (Fixture *fixture,
            int      frame)
{
  tl_player_seek_frame (fixture->player, frame);
  g_assert_true (spin_until (fixture, shows_frame, GINT_TO_POINTER (frame), 30));
}

static void
focus_video (Fixture *fixture)
{
  GtkWidget *viewer = first_of_type (GTK_WIDGET (fixture->page), TL_TYPE_VIEWER);

  g_assert_true (gtk_widget_grab_focus (viewer));
}

/* --- tests --------------------------------------------------------------------------------- */

/* A code's key on the video tags at the playhead: the event is in the model, the list and the
 * library file, with the code's lead and lag. */
static void
test_hotkey_tags (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  TlTagCode *code = pick_code (fixture, 0);
  g_autofree char *stored_code = NULL;
  gint64 position, start, end, id;
  g_autoptr(TlEvent) event = NULL;

  show_frame (fixture, 50);
  position = tl_player_get_position (fixture->player);
  focus_video (fixture);

  press_hotkey (fixture, tl_tag_code_get_hotkey (code));
  g_assert_true (spin_until (fixture, n_events_is, GUINT_TO_POINTER (1), 20));
  g_assert_true (spin_until (fixture, n_shown_is, GUINT_TO_POINTER (1), 20));
  g_assert_true (spin_until (fixture, current_is_set, NULL, 20));

  event = g_list_model_get_item (tl_event_list_get_shown (fixture->list), 0);
  id = tl_event_get_id (event);
  g_assert_cmpint (id, ==, tl_tag_board_get_current_event_id (fixture->board));
  g_assert_cmpstr (tl_event_get_code (event), ==, tl_tag_code_get_name (code));
  g_assert_cmpint (tl_event_get_start (event), ==,
                   MAX (position - tl_tag_code_get_lead (code), 0));
  g_assert_cmpint (tl_event_get_end (event), ==, position + tl_tag_code_get_lag (code));

  db_event (fixture, id, &stored_code, &start, &end);
  g_assert_cmpstr (stored_code, ==, tl_tag_code_get_name (code));
  g_assert_cmpint (start, ==, tl_event_get_start (event));
  g_assert_cmpint (end, ==, tl_event_get_end (event));
}

/* A label's key applies to the last event; pressing it again takes it off. */
static void
test_label_hotkey (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  TlLabelGroup *group = NULL;
  TlLabel *label = pick_label (fixture, &group);
  g_autofree char *joined = tl_event_label_join (tl_label_group_get_name (group),
                                                 tl_label_get_name (label));
  gint64 id = tl_tag_board_get_current_event_id (fixture->board);

  g_assert_cmpint (id, !=, 0);
  focus_video (fixture);
  press_hotkey (fixture, tl_label_get_hotkey (label));
  g_assert_true (spin_until (fixture, event_has_label, joined, 20));
  g_assert_true (db_has_label (fixture, id, tl_label_group_get_name (group),
                               tl_label_get_name (label)));

  press_hotkey (fixture, tl_label_get_hotkey (label));
  g_assert_true (spin_until (fixture, event_lacks_label, joined, 20));
  g_assert_false (db_has_label (fixture, id, tl_label_group_get_name (group),
                                tl_label_get_name (label)));

  /* On again, for the undo test. */
  press_hotkey (fixture, tl_label_get_hotkey (label));
  g_assert_true (spin_until (fixture, event_has_label, joined, 20));
}

/* Ctrl+Z takes the label off again, Ctrl+Shift+Z puts it back; both saved. */
static void
test_undo_redo (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  TlLabelGroup *group = NULL;
  TlLabel *label = pick_label (fixture, &group);
  g_autofree char *joined = tl_event_label_join (tl_label_group_get_name (group),
                                                 tl_label_get_name (label));
  gint64 id = tl_tag_board_get_current_event_id (fixture->board);

  focus_video (fixture);
  press_key (fixture, GDK_KEY_z, GDK_CONTROL_MASK);
  g_assert_true (spin_until (fixture, event_lacks_label, joined, 20));
  g_assert_false (db_has_label (fixture, id, tl_label_group_get_name (group),
                                tl_label_get_name (label)));

  press_key (fixture, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_true (spin_until (fixture, event_has_label, joined, 20));
  g_assert_true (db_has_label (fixture, id, tl_label_group_get_name (group),
                               tl_label_get_name (label)));
}

static gboolean
entry_has_text (Fixture       *fixture,
                gconstpointer  data)
{
  return *gtk_editable_get_text (GTK_EDITABLE (data)) != '\0';
}

/* With the note entry focused the same key types into it and tags nothing; Enter saves the
 * note to the event. */
static void
test_entry_keeps_keys (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  TlTagCode *code = pick_code (fixture, 0);
  GtkWidget *entry = first_of_type (GTK_WIDGET (fixture->board), GTK_TYPE_ENTRY);
  gint64 id = tl_tag_board_get_current_event_id (fixture->board);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture->events));
  guint key = 0;
  GdkModifierType mods = 0;

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (
                                           GTK_WIDGET (fixture->board), ADW_TYPE_VIEW_STACK)),
                                         "tag");
  spin_for (fixture, 0.2);
  g_assert_true (gtk_widget_get_sensitive (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_true (gtk_widget_grab_focus (entry));
  gtk_accelerator_parse (tl_tag_code_get_hotkey (code), &key, &mods);
  press_key (fixture, key, mods);
  g_assert_true (spin_until (fixture, entry_has_text, entry, 10));
  tl_tag_board_flush (fixture->board);
  spin_for (fixture, 0.3);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->events)), ==, n);
  g_assert_cmpuint (strlen (gtk_editable_get_text (GTK_EDITABLE (entry))), ==, 1);

  press_key (fixture, GDK_KEY_Return, 0);
  tl_tag_board_flush (fixture->board);
  g_assert_true (spin_until (fixture, note_saved, GSIZE_TO_POINTER (id), 10));
  g_assert_cmpint (db_count (fixture, "SELECT count(*) FROM events WHERE id = ? AND note IS NOT "
                             "NULL", id), ==, 1);
  g_assert_nonnull (tl_match_events_lookup (fixture->events, id));
  g_assert_cmpstr (tl_event_get_note (tl_match_events_lookup (fixture->events, id)), ==,
                   gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* Filters by code, by label, by search text; the count follows. */
static void
test_filter (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  TlTagCode *first = pick_code (fixture, 0);
  TlTagCode *second = pick_code (fixture, 1);
  TlLabelGroup *group = NULL;
  TlLabel *label = pick_label (fixture, &group);
  g_autofree char *joined = tl_event_label_join (tl_label_group_get_name (group),
                                                 tl_label_get_name (label));
  TlEventFilter filter = { NULL, NULL, 0, 0, -1 };
  GtkWidget *search;

  show_frame (fixture, 80);
  g_assert_true (tl_tag_board_tag (fixture->board, tl_tag_code_get_name (second)));
  show_frame (fixture, 20);
  g_assert_true (tl_tag_board_tag (fixture->board, tl_tag_code_get_name (first)));
  tl_tag_board_flush (fixture->board);
  g_assert_true (spin_until (fixture, n_events_is, GUINT_TO_POINTER (3), 20));
  g_assert_true (spin_until (fixture, n_shown_is, GUINT_TO_POINTER (3), 20));

  filter.code = tl_tag_code_get_name (first);
  tl_event_list_set_filter (fixture->list, &filter);
  g_assert_true (spin_until (fixture, n_shown_is, GUINT_TO_POINTER (2), 5));

  filter.code = NULL;
  filter.label = joined;
  tl_event_list_set_filter (fixture->list, &filter);
  g_assert_true (spin_until (fixture, n_shown_is, GUINT_TO_POINTER (1), 5));

  tl_event_list_clear_filter (fixture->list);
  g_assert_true (spin_until (fixture, n_shown_is, GUINT_TO_POINTER (3), 5));

  search = first_of_type (GTK_WIDGET (fixture->list), GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (search), tl_tag_code_get_name (second));
  g_assert_true (spin_until (fixture, n_shown_is, GUINT_TO_POINTER (1), 5));
  gtk_editable_set_text (GTK_EDITABLE (search), "no such code anywhere");
  g_assert_true (spin_until (fixture, n_shown_is, GUINT_TO_POINTER (0), 5));
  tl_event_list_clear_filter (fixture->list);
  g_assert_true (spin_until (fixture, n_shown_is, GUINT_TO_POINTER (3), 5));

  /* Sorted by time: the list starts with the earliest event. */
  {
    g_autoptr(TlEvent) earliest = g_list_model_get_item (tl_event_list_get_shown (fixture->list),
                                                         0);

    for (guint i = 1; i < 3; i++)
      {
        g_autoptr(TlEvent) other = g_list_model_get_item (tl_event_list_get_shown (fixture->list),
                                                          i);

        g_assert_cmpint (tl_event_get_start (earliest), <=, tl_event_get_start (other));
      }
  }
}

/* The summary counts codes and code × label; a click on a cell filters the list. */
static void
test_matrix (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  TlTagCode *first = pick_code (fixture, 0);
  TlTagCode *second = pick_code (fixture, 1);
  TlLabelGroup *group = NULL;
  TlLabel *label = pick_label (fixture, &group);
  g_autofree char *joined = tl_event_label_join (tl_label_group_get_name (group),
                                                 tl_label_get_name (label));
  GtkWidget *grid = first_of_type (GTK_WIDGET (fixture->matrix), GTK_TYPE_GRID);
  GtkWidget *cell;

  g_assert_cmpint (tl_event_matrix_get_count (fixture->matrix, tl_tag_code_get_name (first),
                                              NULL), ==, 2);
  g_assert_cmpint (tl_event_matrix_get_count (fixture->matrix, tl_tag_code_get_name (second),
                                              NULL), ==, 1);
  g_assert_cmpint (tl_event_matrix_get_count (fixture->matrix, tl_tag_code_get_name (first),
                                              joined), ==, 1);
  g_assert_cmpint (tl_event_matrix_get_count (fixture->matrix, tl_tag_code_get_name (second),
                                              joined), ==, 0);

  /* Row 1 is the first code alphabetically, column 1 its total: a click shows its events. */
  cell = gtk_grid_get_child_at (GTK_GRID (grid), 1, 1);
  g_assert_true (GTK_IS_BUTTON (cell));
  g_signal_emit_by_name (cell, "clicked");
  g_assert_true (spin_until (fixture, n_shown_is,
                             GUINT_TO_POINTER ((guint) atoi (gtk_button_get_label (
                                                               GTK_BUTTON (cell)))), 5));
  tl_event_list_clear_filter (fixture->list);
  g_assert_true (spin_until (fixture, n_shown_is, GUINT_TO_POINTER (3), 5));
}

/* Delete in the list, then Undo from the toast: the event comes back, in the file too. */
static void
test_delete_undo (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  g_autoptr(TlEvent) event = g_list_model_get_item (tl_event_list_get_shown (fixture->list), 0);
  gint64 id = tl_event_get_id (event);
  GtkWidget *undo;

  tl_event_list_select_event (fixture->list, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->list), "events.delete", NULL));
  g_assert_true (spin_until (fixture, n_events_is, GUINT_TO_POINTER (2), 10));
  g_assert_true (spin_until (fixture, n_shown_is, GUINT_TO_POINTER (2), 10));
  g_assert_cmpint (db_count (fixture, "SELECT count(*) FROM events WHERE id = ?", id), ==, 0);

  g_assert_true (spin_until (fixture, undo_offered, NULL, 10));
  undo = find_widget (GTK_WIDGET (fixture->window), is_shown_button_labelled, "_Undo");
  g_signal_emit_by_name (undo, "clicked");
  g_assert_true (spin_until (fixture, n_events_is, GUINT_TO_POINTER (3), 10));
  g_assert_true (spin_until (fixture, n_shown_is, GUINT_TO_POINTER (3), 10));
  g_assert_cmpint (db_count (fixture, "SELECT count(*) FROM events WHERE id = ?", id), ==, 1);
}

static gboolean
near_wanted_position (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 position = tl_player_get_position (fixture->player);

  return position <= fixture->wanted_position
         && position > fixture->wanted_position - GST_SECOND / 25 - 1;
}

/* Nudging the selection with the list's keys moves the start; Enter jumps the video there. */
static void
test_nudge_and_jump (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  g_autoptr(TlEvent) event = g_list_model_get_item (tl_event_list_get_shown (fixture->list), 2);
  gint64 id = tl_event_get_id (event);
  gint64 start = tl_event_get_start (event);
  gint64 end = tl_event_get_end (event);

  tl_event_list_select_event (fixture->list, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->list), "events.nudge", "(si)",
                                             "start", -1));
  spin_for (fixture, 0.2);
  g_assert_cmpint (tl_event_get_start (event), ==, MAX (start - GST_SECOND / 2, 0));
  g_assert_cmpint (tl_event_get_end (event), ==, end);
  g_assert_cmpint (db_count (fixture, "SELECT start_ns = (SELECT start_ns FROM events WHERE "
                             "id = ?1) FROM events WHERE id = ?1", id), ==, 1);

  g_signal_emit_by_name (first_of_type (GTK_WIDGET (fixture->list), GTK_TYPE_COLUMN_VIEW),
                         "activate", 2);
  g_assert_cmpint (tl_tag_board_get_current_event_id (fixture->board), ==, id);
  /* The video shows the frame that holds the event's start. */
  fixture->wanted_position = tl_event_get_start (event);
  g_assert_true (spin_until (fixture, near_wanted_position, NULL, 30));
}

static gboolean
toggle_closed (Fixture       *fixture,
               gconstpointer  data)
{
  return tl_match_events_get_open_toggle (fixture->events, data) == 0;
}

/* A toggle code starts on one press, shows that it is recording, and ends on the next. */
static void
test_toggle_code (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  GListModel *codes = tl_tag_template_get_codes (tl_tag_board_get_template (fixture->board));
  g_autoptr(TlTagCode) code = NULL;
  GtkWidget *button;
  gint64 first, second, id;
  TlEvent *event;

  for (guint i = 0; code == NULL && i < g_list_model_get_n_items (codes); i++)
    {
      g_autoptr(TlTagCode) candidate = g_list_model_get_item (codes, i);

      if (tl_tag_code_get_toggle (candidate) && tl_tag_code_get_hotkey (candidate) != NULL
          && !tl_tag_board_hotkey_is_reserved (tl_tag_code_get_hotkey (candidate)))
        code = g_steal_pointer (&candidate);
    }
  g_assert_nonnull (code);
  button = find_widget (GTK_WIDGET (fixture->board), is_label_in_button,
                        tl_tag_code_get_name (code));
  button = button != NULL ? gtk_widget_get_ancestor (button, GTK_TYPE_BUTTON) : NULL;
  g_assert_nonnull (button);

  show_frame (fixture, 30);
  first = tl_player_get_position (fixture->player);
  forget_current (fixture);
  focus_video (fixture);
  press_hotkey (fixture, tl_tag_code_get_hotkey (code));
  tl_tag_board_flush (fixture->board);
  g_assert_true (spin_until (fixture, current_is_set, NULL, 20));
  id = tl_tag_board_get_current_event_id (fixture->board);
  g_assert_cmpint (tl_match_events_get_open_toggle (fixture->events, tl_tag_code_get_name (code)),
                   ==, id);
  spin_for (fixture, 0.2);
  g_assert_true (gtk_widget_has_css_class (button, "recording"));

  show_frame (fixture, 70);
  second = tl_player_get_position (fixture->player);
  focus_video (fixture);
  press_hotkey (fixture, tl_tag_code_get_hotkey (code));
  tl_tag_board_flush (fixture->board);
  g_assert_true (spin_until (fixture, toggle_closed, tl_tag_code_get_name (code), 20));
  spin_for (fixture, 0.2);
  g_assert_false (gtk_widget_has_css_class (button, "recording"));

  event = tl_match_events_lookup (fixture->events, id);
  g_assert_nonnull (event);
  g_assert_cmpint (tl_event_get_start (event), ==, MAX (first - tl_tag_code_get_lead (code), 0));
  g_assert_cmpint (tl_event_get_end (event), ==, second + tl_tag_code_get_lag (code));
}

typedef struct
{
  gint64 last_frame_us;
  gint64 max_gap_us;
  guint  frames;
} FrameWatch;

static void
on_frame (TlPlayer     *player,
          TlVideoFrame *frame,
          FrameWatch   *watch)
{
  gint64 now = g_get_monotonic_time ();

  if (watch->last_frame_us != 0)
    watch->max_gap_us = MAX (watch->max_gap_us, now - watch->last_frame_us);
  watch->last_frame_us = now;
  watch->frames++;
}

/* 50 presses as fast as the main loop takes them while the video plays, and one key press among
 * them: all are saved, and the figures say how long the main thread spent per press and the
 * longest gap between frames. */
static void
test_burst_while_playing (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  TlTagCode *code = pick_code (fixture, 0);
  guint before = g_list_model_get_n_items (G_LIST_MODEL (fixture->events));
  FrameWatch quiet = { 0, }, busy = { 0, };
  gulong handler;
  gint64 press_us = 0, max_press_us = 0, start_us;

  show_frame (fixture, 0);
  tl_player_play (fixture->player);
  handler = g_signal_connect (fixture->player, "frame", G_CALLBACK (on_frame), &quiet);
  spin_for (fixture, 1.0);
  g_signal_handler_disconnect (fixture->player, handler);

  handler = g_signal_connect (fixture->player, "frame", G_CALLBACK (on_frame), &busy);
  start_us = g_get_monotonic_time ();
  for (guint i = 0; i < 50; i++)
    {
      gint64 t0;

      /* One of them a real key press, to show the keys work while the video plays. */
      if (i == 25)
        {
          g_assert_true (tl_player_get_playing (fixture->player));
          focus_video (fixture);
          press_hotkey (fixture, tl_tag_code_get_hotkey (code));
        }
      t0 = g_get_monotonic_time ();

      g_assert_true (tl_tag_board_tag (fixture->board, tl_tag_code_get_name (code)));
      press_us += g_get_monotonic_time () - t0;
      max_press_us = MAX (max_press_us, g_get_monotonic_time () - t0);
      /* A fast analyst: a press every 20 ms, the main loop running in between. */
      spin_for (fixture, 0.02);
    }
  g_assert_true (spin_until (fixture, n_events_is, GUINT_TO_POINTER (before + 51), 60));
  g_test_message ("burst: 50 tags saved %.0f ms after the first press",
                  (g_get_monotonic_time () - start_us) / 1000.0);
  spin_for (fixture, 0.3);
  g_signal_handler_disconnect (fixture->player, handler);
  tl_player_pause (fixture->player);

  g_assert_cmpint (db_count (fixture, "SELECT count(*) FROM events WHERE match_id = ?",
                             tl_match_get_id (fixture->match)), ==, (int) before + 51);
  g_test_message ("burst: main thread per press: mean %.2f ms, max %.2f ms",
                  press_us / 50 / 1000.0, max_press_us / 1000.0);
  g_test_message ("burst: frames %u, longest gap %.1f ms (playing without tagging: %u, "
                  "%.1f ms)", busy.frames, busy.max_gap_us / 1000.0, quiet.frames,
                  quiet.max_gap_us / 1000.0);
  g_print ("# tagging burst: press mean %.2f ms max %.2f ms; frame gap max %.1f ms while "
           "tagging, %.1f ms without\n", press_us / 50 / 1000.0, max_press_us / 1000.0,
           busy.max_gap_us / 1000.0, quiet.max_gap_us / 1000.0);
  g_assert_cmpuint (busy.frames, >, 0);

  /* For comparison, what the same presses would cost the main thread written there directly. */
  {
    gint64 sync_us = 0, max_sync_us = 0;

    for (guint i = 0; i < 50; i++)
      {
        TlTagRequest request = { tl_tag_code_get_name (code), tl_tag_code_get_color (code), 0,
                                 (gint64) i * GST_SECOND / 10, 0, GST_SECOND, FALSE, 0, 0,
                                 NULL, NULL };
        gint64 t0 = g_get_monotonic_time ();

        g_assert_cmpint (tl_match_events_tag (fixture->events, &request, NULL), >, 0);
        sync_us += g_get_monotonic_time () - t0;
        max_sync_us = MAX (max_sync_us, g_get_monotonic_time () - t0);
      }
    g_print ("# tagging burst: written on the main thread instead: mean %.2f ms max %.2f ms "
             "per press\n", sync_us / 50 / 1000.0, max_sync_us / 1000.0);
    g_assert_true (spin_until (fixture, n_events_is, GUINT_TO_POINTER (before + 101), 20));
  }
}

static gboolean
widget_mapped (Fixture       *fixture,
               gconstpointer  data)
{
  return gtk_widget_get_mapped ((GtkWidget *) data);
}

static TlTemplateEditor *
find_editor (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (TL_IS_TEMPLATE_EDITOR (window))
        return TL_TEMPLATE_EDITOR (window);
    }
  return NULL;
}

static gboolean
editor_shown (Fixture       *fixture,
              gconstpointer  data)
{
  return find_editor () != NULL && gtk_widget_get_mapped (GTK_WIDGET (find_editor ()));
}

static gboolean
button_says (Fixture       *fixture,
             gconstpointer  data)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (fixture->hotkey_button)), data) == 0;
}

static gboolean
team_is (Fixture       *fixture,
         gconstpointer  data)
{
  return tl_tag_board_get_team_id (fixture->board) == *(const gint64 *) data;
}

static gboolean
hotkey_is (Fixture       *fixture,
           gconstpointer  data)
{
  return g_strcmp0 (tl_tag_code_get_hotkey (fixture->edited_code), data) == 0;
}

/* The template editor adds a code, records its key from the keyboard (refusing one playback
 * uses), saves it to the library, and the board tags with it at once. */
static void
test_template_editor (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  TlTagTemplate *template = tl_tag_board_get_template (fixture->board);
  GListModel *codes = tl_tag_template_get_codes (template);
  guint n_codes = g_list_model_get_n_items (codes);
  guint n_events = g_list_model_get_n_items (G_LIST_MODEL (fixture->events));
  g_autoptr(TlTagCode) code = NULL;
  TlTemplateEditor *editor;
  GtkWidget *button;
  g_autoptr(TlEvent) event = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                             "tagging.edit-templates", NULL));
  g_assert_true (spin_until (fixture, editor_shown, NULL, 10));
  editor = find_editor ();
  g_assert_true (tl_template_editor_get_template (editor) == template);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-code", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (codes), ==, n_codes + 1);
  code = g_list_model_get_item (codes, n_codes);
  g_assert_cmpstr (tl_tag_code_get_name (code), ==, "New Code");
  g_assert_cmpint (db_count (fixture, "SELECT count(*) FROM tag_codes WHERE template_id = ? "
                             "AND name = 'New Code'", tl_tag_template_get_id (template)), ==, 1);

  /* Space belongs to playback: refused. Then Q is taken. */
  button = find_widget (GTK_WIDGET (editor), is_hotkey_button_of, code);
  fixture->hotkey_button = button;
  fixture->edited_code = code;
  g_assert_nonnull (button);
  /* A new code's row opens for editing. */
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (gtk_widget_get_ancestor (
                                                  button, ADW_TYPE_EXPANDER_ROW))));
  g_assert_true (spin_until (fixture, widget_mapped, button, 10));
  g_signal_emit_by_name (button, "clicked");
  press_key_in (fixture, GTK_WINDOW (editor), GDK_KEY_space, 0);
  /* Refused: the button stops recording and the code keeps no key. */
  g_assert_true (spin_until (fixture, button_says, (gpointer) "None", 10));
  g_assert_null (tl_tag_code_get_hotkey (code));
  g_signal_emit_by_name (button, "clicked");
  press_key_in (fixture, GTK_WINDOW (editor), GDK_KEY_q, 0);
  g_assert_true (spin_until (fixture, hotkey_is, "q", 10));
  g_assert_cmpint (db_count (fixture, "SELECT count(*) FROM tag_codes WHERE template_id = ? "
                             "AND name = 'New Code' AND hotkey = 'q'",
                             tl_tag_template_get_id (template)), ==, 1);
  fixture->hotkey_button = NULL;
  fixture->edited_code = NULL;
  gtk_window_destroy (GTK_WINDOW (editor));

  show_frame (fixture, 100);
  forget_current (fixture);
  focus_video (fixture);
  press_key (fixture, GDK_KEY_q, 0);
  g_assert_true (spin_until (fixture, n_events_is, GUINT_TO_POINTER (n_events + 1), 20));
  g_assert_true (spin_until (fixture, current_is_set, NULL, 20));
  event = g_object_ref (tl_match_events_lookup (fixture->events,
                                                tl_tag_board_get_current_event_id (
                                                  fixture->board)));
  g_assert_cmpstr (tl_event_get_code (event), ==, "New Code");
}

/* Teams on the sheet name the team toggle; its key switches it; a team-bound code gets the
 * team picked; the list finds events by team name and filters by team. */
static void
test_sheet_teams (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  g_autoptr(GError) error = NULL;
  TlMatchSheet *sheet = tl_library_get_match_sheet (fixture->library,
                                                    tl_match_get_id (fixture->match), &error);
  TlTagCode *code = pick_code (fixture, 0);
  GtkWidget *search = first_of_type (GTK_WIDGET (fixture->list), GTK_TYPE_SEARCH_ENTRY);
  TlEventFilter filter = { NULL, NULL, 0, 0, -1 };
  TlTeam *home, *away;
  gint64 home_id, away_id;
  TlEvent *event;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture->events));

  g_assert_no_error (error);
  home = tl_match_sheet_set_team (sheet, TL_SIDE_HOME, "Rovers", "#e01b24", NULL, &error);
  g_assert_no_error (error);
  away = tl_match_sheet_set_team (sheet, TL_SIDE_AWAY, "United", "#3584e4", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tl_match_sheet_set_period (sheet, 1, NULL, 0, -1, -1, &error));
  g_assert_no_error (error);
  g_assert_true (tl_tag_code_get_team_bound (code));
  home_id = tl_team_get_id (home);
  away_id = tl_team_get_id (away);

  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->board), is_button_labelled, "Rovers"));
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->board), is_button_labelled, "United"));
  g_assert_cmpint (tl_tag_board_get_team_id (fixture->board), ==, tl_team_get_id (home));

  /* The toggle's key picks the away team; the next tag is theirs. */
  focus_video (fixture);
  press_key (fixture, GDK_KEY_grave, 0);
  g_assert_true (spin_until (fixture, team_is, &away_id, 10));
  show_frame (fixture, 60);
  forget_current (fixture);
  press_hotkey (fixture, tl_tag_code_get_hotkey (code));
  g_assert_true (spin_until (fixture, n_events_is, GUINT_TO_POINTER (n + 1), 20));
  g_assert_true (spin_until (fixture, current_is_set, NULL, 20));
  event = tl_match_events_lookup (fixture->events,
                                  tl_tag_board_get_current_event_id (fixture->board));
  g_assert_cmpint (tl_event_get_team_id (event), ==, tl_team_get_id (away));
  g_assert_cmpint (db_count (fixture, "SELECT team_id FROM events WHERE id = ?",
                             tl_event_get_id (event)), ==, (int) tl_team_get_id (away));
  press_key (fixture, GDK_KEY_grave, 0);
  g_assert_true (spin_until (fixture, team_is, &home_id, 10));

  gtk_editable_set_text (GTK_EDITABLE (search), "united");
  g_assert_true (spin_until (fixture, n_shown_is, GUINT_TO_POINTER (1), 5));
  tl_event_list_clear_filter (fixture->list);
  filter.team_id = tl_team_get_id (away);
  tl_event_list_set_filter (fixture->list, &filter);
  g_assert_true (spin_until (fixture, n_shown_is, GUINT_TO_POINTER (1), 5));
  filter.team_id = 0;
  filter.period = 1;
  tl_event_list_set_filter (fixture->list, &filter);
  g_assert_true (spin_until (fixture, n_shown_is, GUINT_TO_POINTER (n + 1), 5));
  tl_event_list_clear_filter (fixture->list);
}

/* Export to each format and import back: the events come twice, one Ctrl+Z takes the import
 * away; a broken file is refused with its name and line, and nothing is added. */
static void
test_import_export (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  TlMatchTagging *tagging = tl_match_page_get_tagging (fixture->page);
  const struct { const char *name; TlEventFormat format; gboolean utf16; } files[] = {
    { "events.xml", TL_EVENT_FORMAT_SPORTSCODE, TRUE },
    { "events.csv", TL_EVENT_FORMAT_CSV, FALSE },
    { "events.json", TL_EVENT_FORMAT_JSON, FALSE },
  };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture->events));
  g_autofree char *broken = g_build_filename (fixture->root, "broken.xml", NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (fixture->root, files[i].name, NULL);

      g_assert_true (tl_match_tagging_export_file (tagging, path, files[i].format,
                                                   files[i].utf16, &error));
      g_assert_no_error (error);
      g_assert_true (tl_match_tagging_import_file (tagging, path, &error));
      g_assert_no_error (error);
      g_assert_true (spin_until (fixture, n_events_is, GUINT_TO_POINTER (2 * n), 20));
      g_assert_true (spin_until (fixture, n_shown_is, GUINT_TO_POINTER (2 * n), 20));

      focus_video (fixture);
      press_key (fixture, GDK_KEY_z, GDK_CONTROL_MASK);
      g_assert_true (spin_until (fixture, n_events_is, GUINT_TO_POINTER (n), 20));
    }

  g_assert_true (g_file_set_contents (broken, "<file><ALL_INSTANCES><instance><ID>1</ID>\n"
                                      "<start>oops</start></instance>", -1, NULL));
  g_assert_false (tl_match_tagging_import_file (tagging, broken, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "broken.xml"));
  g_test_message ("refused: %s", error->message);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->events)), ==, n);
}

/* "Add to Reel" on the Events page: the selected event, then every event shown, become items of
 * the reel (in the library file), through the match page's reel.* actions. */
/* The first controller of @type on @widget. */
static GtkEventController *
controller_of_type (GtkWidget *widget,
                    GType      type)
{
  g_autoptr(GListModel) controllers = NULL;

  g_assert_nonnull (widget);
  controllers = gtk_widget_observe_controllers (widget);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return GTK_EVENT_CONTROLLER (controller);
    }
  g_assert_not_reached ();
}

static void
test_add_to_reel (gconstpointer data)
{
  Fixture *fixture = (Fixture *) data;
  GListModel *shown = tl_event_list_get_shown (fixture->list);
  g_autoptr(TlEvent) event = g_list_model_get_item (shown, 0);
  guint n_shown = g_list_model_get_n_items (shown);
  gint64 id = tl_event_get_id (event);

  g_assert_cmpuint (n_shown, >, 1);
  g_assert_cmpint (db_count (fixture, "SELECT count(*) FROM reel_items WHERE ?1 > 0", 1), ==, 0);
  tl_event_list_select_event (fixture->list, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->list), "reel.add-selected",
                                             NULL));
  g_assert_cmpint (db_count (fixture, "SELECT count(*) FROM reel_items WHERE event_id = ?1", id),
                   ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->list), "reel.add-shown", NULL));
  g_assert_cmpint (db_count (fixture, "SELECT count(*) FROM reel_items WHERE ?1 > 0", 1), ==,
                   1 + n_shown);

  /* Dragging the selected event from the list and dropping it on the Reels page adds it once
   * more (the two ends of the drag, driven through their controllers' signals). */
  {
    GtkDragSource *drag = GTK_DRAG_SOURCE (
      controller_of_type (first_of_type (GTK_WIDGET (fixture->list), GTK_TYPE_COLUMN_VIEW),
                          GTK_TYPE_DRAG_SOURCE));
    GtkDropTarget *drop = GTK_DROP_TARGET (
      controller_of_type (first_of_type (GTK_WIDGET (fixture->page), TL_TYPE_REEL_PANEL),
                          GTK_TYPE_DROP_TARGET));
    g_autoptr(GdkContentProvider) content = NULL;
    g_autoptr(GError) error = NULL;
    GValue value = G_VALUE_INIT;
    gboolean accepted = FALSE;

    g_signal_emit_by_name (drag, "prepare", 10.0, 10.0, &content);
    g_assert_nonnull (content);
    g_value_init (&value, G_TYPE_STRING);
    g_assert_true (gdk_content_provider_get_value (content, &value, &error));
    g_assert_no_error (error);
    g_signal_emit_by_name (drop, "drop", &value, 10.0, 10.0, &accepted);
    g_value_unset (&value);
    g_assert_true (accepted);
    g_assert_cmpint (db_count (fixture, "SELECT count(*) FROM reel_items WHERE event_id = ?1",
                               id), ==, 3);
  }
}

int
main (int   argc,
      char *argv[])
{
  Fixture fixture = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autofree char *library_dir = NULL;
  g_autofree char *video = NULL;
  const char *paths[2] = { NULL, NULL };
  void *xtst;
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Keys are sent through the X server. */
  g_setenv ("GDK_BACKEND", "x11", TRUE);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 77;
    }
  xtst = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_LOCAL);
  fixture.fake_key = xtst != NULL ? (FakeKeyFunc) dlsym (xtst, "XTestFakeKeyEvent") : NULL;
  if (fixture.fake_key == NULL)
    {
      g_print ("1..0 # SKIP libXtst.so.6 not found: cannot send keys\n");
      return 77;
    }

  fixture.root = g_dir_make_tmp ("touchline-tagging-ui-XXXXXX", &error);
  g_assert_no_error (error);
  library_dir = g_build_filename (fixture.root, "library", NULL);
  video = g_build_filename (fixture.root, "half.mp4", NULL);
  /* Long enough to keep playing through the burst test on a loaded machine. */
  g_assert_true (tl_test_media_make (video, TL_TEST_MEDIA_H264_MP4, 15.0, 7, &error));
  g_assert_no_error (error);

  fixture.app = tl_application_new (library_dir);
  g_application_set_flags (G_APPLICATION (fixture.app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (fixture.app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (fixture.app));
  g_assert_true (spin_until (&fixture, window_shown, NULL, 20));
  fixture.library = tl_application_get_library (fixture.app);

  paths[0] = video;
  tl_window_import_files (fixture.window, paths);
  g_assert_true (spin_until (&fixture, imported, NULL, 60));
  fixture.match = g_list_model_get_item (tl_library_get_matches (fixture.library), 0);
  tl_window_show_match (fixture.window, fixture.match);

  fixture.page = TL_MATCH_PAGE (first_of_type (GTK_WIDGET (fixture.window), TL_TYPE_MATCH_PAGE));
  fixture.player = tl_viewer_get_player (TL_VIEWER (first_of_type (GTK_WIDGET (fixture.page),
                                                                   TL_TYPE_VIEWER)));
  fixture.board = TL_TAG_BOARD (first_of_type (GTK_WIDGET (fixture.page), TL_TYPE_TAG_BOARD));
  fixture.list = TL_EVENT_LIST (first_of_type (GTK_WIDGET (fixture.page), TL_TYPE_EVENT_LIST));
  fixture.matrix = TL_EVENT_MATRIX (first_of_type (GTK_WIDGET (fixture.page),
                                                   TL_TYPE_EVENT_MATRIX));
  fixture.events = tl_library_get_match_events (fixture.library, tl_match_get_id (fixture.match),
                                                &error);
  g_assert_no_error (error);
  g_assert_true (tl_tag_board_get_events (fixture.board) == fixture.events);
  g_assert_nonnull (tl_tag_board_get_template (fixture.board));
  if (!spin_until (&fixture, shows_frame, GINT_TO_POINTER (0), 60))
    g_error ("no first frame of %s after 60 s (page mapped: %d)",
             tl_player_get_path (fixture.player),
             gtk_widget_get_mapped (GTK_WIDGET (fixture.page)));

  g_test_add_data_func ("/tagging/hotkey", &fixture, test_hotkey_tags);
  g_test_add_data_func ("/tagging/label-hotkey", &fixture, test_label_hotkey);
  g_test_add_data_func ("/tagging/undo-redo", &fixture, test_undo_redo);
  g_test_add_data_func ("/tagging/entry-keeps-keys", &fixture, test_entry_keeps_keys);
  g_test_add_data_func ("/tagging/filter", &fixture, test_filter);
  g_test_add_data_func ("/tagging/matrix", &fixture, test_matrix);
  g_test_add_data_func ("/tagging/delete-undo", &fixture, test_delete_undo);
  g_test_add_data_func ("/tagging/add-to-reel", &fixture, test_add_to_reel);
  g_test_add_data_func ("/tagging/nudge-jump", &fixture, test_nudge_and_jump);
  g_test_add_data_func ("/tagging/toggle-code", &fixture, test_toggle_code);
  g_test_add_data_func ("/tagging/burst-while-playing", &fixture, test_burst_while_playing);
  g_test_add_data_func ("/tagging/template-editor", &fixture, test_template_editor);
  g_test_add_data_func ("/tagging/sheet-teams", &fixture, test_sheet_teams);
  g_test_add_data_func ("/tagging/import-export", &fixture, test_import_export);
  status = g_test_run ();

  g_clear_object (&fixture.match);
  gtk_window_destroy (GTK_WINDOW (fixture.window));
  spin_for (&fixture, 0.1);
  g_clear_object (&fixture.app);
  tl_test_remove_tree (fixture.root);
  g_free (fixture.root);

  return status;
}
