/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-events.c: tagged events and tag templates against a real library database: tagging,
 * labels, edits, undo/redo, threads, persistence; templates, the default board, files. */
#include "config.h"

#include <glib/gstdio.h>

#include "tl-library.h"
#include "tl-test-library.h"
#include "tl-test-media.h"

#define S(seconds) ((gint64) ((seconds) * 1e9))

typedef struct
{
  char      *dir;
  TlLibrary *library;
  gint64     match_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("touchline-events-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->library = tl_library_open (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->match_id = tl_test_add_match (fixture->library, "hash-a");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->library);
  tl_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static gint64
count_rows (Fixture    *fixture,
            const char *sql)
{
  return tl_test_db_count (fixture->dir, sql);
}

static TlMatchEvents *
get_events (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  TlMatchEvents *events = tl_library_get_match_events (fixture->library, fixture->match_id,
                                                       &error);

  g_assert_no_error (error);
  g_assert_true (TL_IS_MATCH_EVENTS (events));
  return events;
}

static gint64
tag (TlMatchEvents *events,
     const char    *code,
     double         at_s)
{
  g_autoptr(GError) error = NULL;
  TlTagRequest request = { .code = code, .color = "#e01b24", .at_ns = S (at_s),
                           .lead_ns = S (5), .lag_ns = S (3) };
  gint64 id = tl_match_events_tag (events, &request, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static TlEvent *
nth (TlMatchEvents *events,
     guint          i)
{
  TlEvent *event = g_list_model_get_item (G_LIST_MODEL (events), i);

  g_object_unref (event);   /* the model keeps it */
  return event;
}

static void
test_tag_sorted (Fixture       *fixture,
                 gconstpointer  data)
{
  TlMatchEvents *events = get_events (fixture);
  g_autoptr(GError) error = NULL;
  TlTagRequest bad = { .code = "Goal", .color = "red", .at_ns = S (1) };
  gint64 goal, corner, early;
  TlEvent *event;

  g_assert_true (tl_library_get_match_events (fixture->library, fixture->match_id, NULL)
                 == events);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 0);

  goal = tag (events, "Goal", 60);
  corner = tag (events, "Corner", 120);
  early = tag (events, "Shot", 2);   /* lead clamps at the start of the video */

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 3);
  g_assert_cmpint (tl_event_get_id (nth (events, 0)), ==, early);
  g_assert_cmpint (tl_event_get_id (nth (events, 1)), ==, goal);
  g_assert_cmpint (tl_event_get_id (nth (events, 2)), ==, corner);

  event = tl_match_events_lookup (events, goal);
  g_assert_cmpstr (tl_event_get_code (event), ==, "Goal");
  g_assert_cmpstr (tl_event_get_color (event), ==, "#e01b24");
  g_assert_cmpint (tl_event_get_start (event), ==, S (55));
  g_assert_cmpint (tl_event_get_end (event), ==, S (63));
  g_assert_cmpint (tl_event_get_lead (event), ==, S (5));
  g_assert_cmpint (tl_event_get_lag (event), ==, S (3));
  g_assert_cmpint (tl_event_get_start (tl_match_events_lookup (events, early)), ==, 0);

  /* The properties another widget binds by name. */
  {
    gint64 start = 0, end = 0;
    g_autofree char *code = NULL;
    g_autofree char *color = NULL;

    g_object_get (event, "start-ns", &start, "end-ns", &end, "code", &code, "color", &color,
                  NULL);
    g_assert_cmpint (start, ==, S (55));
    g_assert_cmpint (end, ==, S (63));
    g_assert_cmpstr (code, ==, "Goal");
    g_assert_cmpstr (color, ==, "#e01b24");
  }

  /* Saved at once, seen from another connection. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events"), ==, 3);

  g_assert_cmpint (tl_match_events_tag (events, &bad, &error), ==, 0);
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events"), ==, 3);

  /* An unknown match is an error, not an empty list. */
  g_clear_error (&error);
  g_assert_null (tl_library_get_match_events (fixture->library, 999, &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_NO_SUCH_MATCH);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_labels (Fixture       *fixture,
             gconstpointer  data)
{
  TlMatchEvents *events = get_events (fixture);
  g_autoptr(GError) error = NULL;
  gint64 id = tag (events, "Shot", 30);
  TlEvent *event = tl_match_events_lookup (events, id);
  const char * const expected[] = { "Zone:14", "Body part:Head", "Outcome:Lost", NULL };
  guint notified = 0;

  g_signal_connect (event, "notify::labels", G_CALLBACK (count_notify), &notified);

  g_assert_true (tl_match_events_add_label (events, id, "Outcome:Won", TRUE, &error));
  g_assert_true (tl_match_events_add_label (events, id, "Zone:14", TRUE, &error));
  g_assert_true (tl_match_events_add_label (events, id, "Body part:Head", TRUE, &error));
  /* Exclusive: Lost replaces Won. */
  g_assert_true (tl_match_events_add_label (events, id, "Outcome:Lost", TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (tl_event_get_labels (event), expected);
  g_assert_cmpstr (tl_event_get_label_in_group (event, "Outcome"), ==, "Lost");
  g_assert_cmpuint (notified, ==, 4);

  /* Not exclusive: both stay; a bare label and one with a colon in its text survive. */
  g_assert_true (tl_match_events_add_label (events, id, "Outcome:Won", FALSE, &error));
  g_assert_true (tl_match_events_add_label (events, id, "Counter", FALSE, &error));
  g_assert_true (tl_match_events_add_label (events, id, ":2:1", FALSE, &error));
  g_assert_true (tl_match_events_remove_label (events, id, "Zone:14", &error));
  g_assert_no_error (error);
  g_assert_true (tl_event_has_label (event, "Outcome:Won"));
  g_assert_true (tl_event_has_label (event, "Outcome:Lost"));
  g_assert_false (tl_event_has_label (event, "Zone:14"));

  g_assert_false (tl_match_events_add_label (events, id, "Outcome:", TRUE, &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM event_labels"), ==, 5);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM event_labels"
                                        " WHERE group_name IS NULL"), ==, 2);

  /* They read back the same. */
  g_assert_true (tl_match_events_reload (events, NULL));
  {
    const char * const after[] = { "Body part:Head", "Outcome:Lost", "Outcome:Won", "Counter",
                                   ":2:1", NULL };

    g_assert_cmpstrv (tl_event_get_labels (tl_match_events_lookup (events, id)), after);
  }
}

static void
test_edits_undo (Fixture       *fixture,
                 gconstpointer  data)
{
  TlMatchEvents *events = get_events (fixture);
  g_autoptr(GError) error = NULL;
  gint64 a = tag (events, "Goal", 60);
  gint64 b = tag (events, "Corner", 120);
  gint64 c = tag (events, "Foul", 200);
  gint64 both[] = { a, c };
  TlEvent *event_a = tl_match_events_lookup (events, a);
  g_autofree char *description = NULL;

  g_assert_true (tl_match_events_get_can_undo (events));
  g_assert_false (tl_match_events_get_can_redo (events));

  /* Moving past another event re-sorts the list, keeping the same object. */
  g_assert_true (tl_match_events_set_times (events, a, S (150), S (160), &error));
  g_assert_true (nth (events, 1) == event_a);
  g_assert_cmpint (tl_event_get_start (event_a), ==, S (150));
  g_assert_false (tl_match_events_set_times (events, a, S (160), S (150), &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tl_match_events_set_times (events, a, S (-1), S (150), &error));
  g_clear_error (&error);

  g_assert_true (tl_match_events_set_note (events, b, "late run from the left back", &error));
  g_assert_true (tl_match_events_set_team_player (events, b, 0, 0, &error));
  g_assert_true (tl_match_events_set_code (events, b, "Free kick", "#1c71d8", &error));
  g_assert_true (tl_match_events_shift (events, both, 2, S (-10), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tl_event_get_code (tl_match_events_lookup (events, b)), ==, "Free kick");
  g_assert_cmpint (tl_event_get_start (event_a), ==, S (140));
  g_assert_cmpint (tl_event_get_start (tl_match_events_lookup (events, c)), ==, S (185));

  g_assert_true (tl_match_events_delete (events, both, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events"), ==, 1);
  description = tl_match_events_dup_undo_description (events);
  g_assert_cmpstr (description, ==, "Delete 2 events");

  /* Undo the delete: the same rows (ids) come back, in the database too. */
  g_assert_true (tl_match_events_undo (events, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 3);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events"), ==, 3);
  g_assert_nonnull (tl_match_events_lookup (events, a));
  g_assert_true (tl_match_events_get_can_redo (events));

  /* Undo shift, code, (no-op team), note, times: back to the tags as made. */
  for (int i = 0; i < 4; i++)
    g_assert_true (tl_match_events_undo (events, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tl_event_get_code (tl_match_events_lookup (events, b)), ==, "Corner");
  g_assert_null (tl_event_get_note (tl_match_events_lookup (events, b)));
  g_assert_cmpint (tl_event_get_start (tl_match_events_lookup (events, a)), ==, S (55));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events WHERE note IS NOT NULL"),
                   ==, 0);

  /* Undo the three tags; then nothing is left to undo. */
  for (int i = 0; i < 3; i++)
    g_assert_true (tl_match_events_undo (events, &error));
  g_assert_false (tl_match_events_get_can_undo (events));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events"), ==, 0);
  g_assert_true (tl_match_events_undo (events, &error));   /* nothing: no error */

  /* Redo everything: the same state as before the first undo. */
  while (tl_match_events_get_can_redo (events))
    g_assert_true (tl_match_events_redo (events, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 1);
  g_assert_cmpstr (tl_event_get_code (nth (events, 0)), ==, "Free kick");
  g_assert_cmpstr (tl_event_get_note (nth (events, 0)), ==, "late run from the left back");

  /* A new edit clears redo. */
  g_assert_true (tl_match_events_undo (events, &error));
  tag (events, "Press", 10);
  g_assert_false (tl_match_events_get_can_redo (events));
}

static void
test_toggle (Fixture       *fixture,
             gconstpointer  data)
{
  TlMatchEvents *events = get_events (fixture);
  g_autoptr(GError) error = NULL;
  TlTagRequest request = { .code = "Build-up", .at_ns = S (100), .lead_ns = S (2),
                           .lag_ns = S (1), .toggle = TRUE };
  gint64 first, second;
  TlEvent *event;

  first = tl_match_events_tag (events, &request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl_match_events_get_open_toggle (events, "Build-up"), ==, first);
  event = tl_match_events_lookup (events, first);
  g_assert_cmpint (tl_event_get_start (event), ==, S (98));
  g_assert_cmpint (tl_event_get_end (event), ==, S (100));

  request.at_ns = S (130);
  second = tl_match_events_tag (events, &request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, ==, first);
  g_assert_cmpint (tl_event_get_end (event), ==, S (131));
  g_assert_cmpint (tl_match_events_get_open_toggle (events, "Build-up"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 1);

  /* Undo the end, then the start: the event is gone and the toggle is closed. */
  g_assert_true (tl_match_events_undo (events, &error));
  g_assert_cmpint (tl_event_get_end (event), ==, S (100));
  g_assert_true (tl_match_events_undo (events, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 0);
  g_assert_cmpint (tl_match_events_get_open_toggle (events, "Build-up"), ==, 0);
}

typedef struct
{
  TlMatchEvents *events;
  guint          n;
  gint64        *ids;
} TagThread;

static gpointer
tag_in_thread (gpointer data)
{
  TagThread *work = data;

  for (guint i = 0; i < work->n; i++)
    {
      TlTagRequest request = { .code = "Press", .at_ns = S (10 + i), .lag_ns = S (1) };

      work->ids[i] = tl_match_events_tag (work->events, &request, NULL);
    }
  return NULL;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  /* The model belongs to the main thread: it changes only there. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  *(guint *) user_data += added;
}

static void
test_threads (Fixture       *fixture,
              gconstpointer  data)
{
  TlMatchEvents *events = get_events (fixture);
  gint64 ids[2][40] = { { 0 } };
  TagThread work[2] = { { events, 40, ids[0] }, { events, 40, ids[1] } };
  GThread *threads[2];
  guint added = 0;
  gulong handler;
  gboolean acquired;

  /* The main thread owns the default context, as a running application does. */
  acquired = g_main_context_acquire (NULL);
  g_assert_true (acquired);
  handler = g_signal_connect (events, "items-changed", G_CALLBACK (on_items_changed), &added);
  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("tagger", tag_in_thread, &work[i]);
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < 40; j++)
      g_assert_cmpint (ids[i][j], >, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events"), ==, 80);

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_signal_handler_disconnect (events, handler);
  g_main_context_release (NULL);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 80);
  g_assert_cmpuint (added, >=, 80);
  for (guint i = 1; i < 80; i++)
    g_assert_cmpint (tl_event_get_start (nth (events, i - 1)), <=,
                     tl_event_get_start (nth (events, i)));
  for (guint j = 0; j < 40; j++)
    g_assert_nonnull (tl_match_events_lookup (events, ids[0][j]));
}

typedef struct
{
  TlMatchEvents *events;
  gint64         id;
  gboolean       done;
  gboolean       in_model;
} AsyncTag;

static void
on_tagged (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncTag *tag = user_data;
  g_autoptr(GError) error = NULL;

  tag->id = tl_match_events_tag_finish (TL_MATCH_EVENTS (source), result, &error);
  g_assert_no_error (error);
  tag->in_model = tl_match_events_lookup (tag->events, tag->id) != NULL;
  tag->done = TRUE;
}

/* Tagging from the UI goes through a worker, so the commit's disk sync never blocks playback;
 * when the callback runs, the event is in the model. */
static void
test_tag_async (Fixture       *fixture,
                gconstpointer  data)
{
  TlMatchEvents *events = get_events (fixture);
  const char * const labels[] = { "Outcome:Won", NULL };
  TlTagRequest request = { .code = "Goal", .at_ns = S (30), .lead_ns = S (2), .lag_ns = S (2),
                           .labels = labels };
  AsyncTag tag = { events, 0, FALSE, FALSE };

  tl_match_events_tag_async (events, &request, NULL, on_tagged, &tag);
  while (!tag.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (tag.id, >, 0);
  g_assert_true (tag.in_model);
  g_assert_true (tl_event_has_label (tl_match_events_lookup (events, tag.id), "Outcome:Won"));
  g_assert_true (tl_match_events_get_can_undo (events));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events"), ==, 1);
}

static void
test_persistence (Fixture       *fixture,
                  gconstpointer  data)
{
  TlMatchEvents *events = get_events (fixture);
  g_autoptr(GError) error = NULL;
  gint64 id = tag (events, "Goal", 75.25);
  g_autoptr(TlEventInfo) before = NULL;
  gint64 other_match = tl_test_add_match (fixture->library, "hash-b");

  g_assert_true (tl_match_events_add_label (events, id, "Outcome:Won", TRUE, &error));
  g_assert_true (tl_match_events_set_note (events, id, "top corner", &error));
  before = tl_event_info_copy (tl_event_get_info (tl_match_events_lookup (events, id)));

  g_clear_object (&fixture->library);
  fixture->library = tl_library_open (fixture->dir, &error);
  g_assert_no_error (error);
  events = get_events (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 1);
  g_assert_true (tl_event_info_equal_content (tl_event_get_info (nth (events, 0)), before));
  g_assert_cmpint (tl_event_get_id (nth (events, 0)), ==, id);
  g_assert_false (tl_match_events_get_can_undo (events));

  /* Another match has its own events. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (
    tl_library_get_match_events (fixture->library, other_match, NULL))), ==, 0);

  /* Deleting the match takes its events along, and its cached model. */
  g_assert_true (tl_library_delete_match (fixture->library,
                                          tl_library_lookup_match (fixture->library,
                                                                   fixture->match_id),
                                          &error));
  g_assert_no_error (error);
  g_assert_null (tl_library_get_match_events (fixture->library, fixture->match_id, &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_NO_SUCH_MATCH);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events"), ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM event_labels"), ==, 0);
}

/* Templates */

static void
test_default_template (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TlTagTemplates *templates = tl_library_get_tag_templates (fixture->library, &error);
  TlTagTemplate *football;
  TlLabelGroup *group = NULL;
  TlLabel *label;
  const char *codes[] = { "Goal", "Shot on target", "Shot off target", "Corner", "Free kick",
                          "Throw-in", "Foul", "Yellow card", "Red card", "Offside",
                          "Substitution", "Turnover", "Press", "Transition", "Build-up" };

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (tl_tag_templates_get_templates (templates)), ==, 1);
  football = tl_tag_templates_get_default (templates);
  g_assert_true (tl_tag_template_get_is_default (football));
  g_assert_cmpint (tl_tag_template_get_id (football), >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      TlTagCode *code = tl_tag_template_find_code (football, codes[i]);

      g_assert_nonnull (code);
      g_assert_cmpint (tl_tag_code_get_id (code), >, 0);
      g_assert_nonnull (tl_tag_code_get_hotkey (code));
      g_assert_true (tl_color_is_valid (tl_tag_code_get_color (code)));
    }
  g_assert_true (tl_tag_code_get_toggle (tl_tag_template_find_code (football, "Build-up")));
  g_assert_true (tl_tag_template_find_code_by_hotkey (football, "g")
                 == tl_tag_template_find_code (football, "Goal"));
  g_assert_cmpuint (g_list_model_get_n_items (tl_label_group_get_labels (
    tl_tag_template_find_label_group (football, "Zone"))), ==, 18);
  label = tl_tag_template_find_label_by_hotkey (football, "w", &group);
  g_assert_cmpstr (tl_label_get_name (label), ==, "Won");
  g_assert_cmpstr (tl_label_group_get_name (group), ==, "Outcome");
  g_assert_true (tl_tag_template_is_exclusive_group (football, "Outcome"));
  g_assert_true (tl_tag_template_validate (football, &error));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM tag_codes"), ==,
                   G_N_ELEMENTS (codes));

  /* Seeded once: reopening does not add a second one. */
  g_clear_object (&fixture->library);
  fixture->library = tl_library_open (fixture->dir, &error);
  templates = tl_library_get_tag_templates (fixture->library, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (tl_tag_templates_get_templates (templates)), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM tag_templates"), ==, 1);
}

static void
test_template_edit (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TlTagTemplates *templates = tl_library_get_tag_templates (fixture->library, &error);
  TlTagTemplate *football = tl_tag_templates_get_default (templates);
  TlTagTemplate *copy;
  TlTagCode *goal = tl_tag_template_find_code (football, "Goal");
  TlTagCode *corner = tl_tag_template_find_code (football, "Corner");
  gint64 goal_id = tl_tag_code_get_id (goal);
  g_autoptr(TlTagCode) cross = tl_tag_code_new ("Cross", "#ffffff", "k", S (4), S (6));
  TlTagCode *clash;

  copy = tl_tag_templates_duplicate (templates, football, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_tag_template_get_name (copy), ==, "Football (copy)");
  g_assert_false (tl_tag_template_get_is_default (copy));
  g_assert_cmpuint (g_list_model_get_n_items (tl_tag_templates_get_templates (templates)), ==, 2);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM tag_codes"), ==, 30);

  /* Swap two names (the unique index must not trip half-way), add and remove codes. */
  tl_tag_code_set_name (goal, "Corner");
  tl_tag_code_set_name (corner, "Goal");
  tl_tag_template_add_code (football, cross, 0);
  tl_tag_template_remove_code (football, tl_tag_template_find_code (football, "Offside"));
  g_assert_true (tl_tag_templates_save (templates, football, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tl_tag_code_get_id (goal), ==, goal_id);
  g_assert_cmpint (tl_tag_code_get_id (cross), >, 0);

  /* A hotkey used twice is refused and nothing is written. */
  clash = tl_tag_template_find_code (football, "Press");
  tl_tag_code_set_hotkey (clash, "k");
  g_assert_false (tl_tag_templates_save (templates, football, &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  tl_tag_code_set_hotkey (clash, "p");

  /* The copy becomes the default; reloading gives what was saved, in board order. */
  tl_tag_template_set_is_default (copy, TRUE);
  g_assert_true (tl_tag_templates_save (templates, copy, &error));
  g_assert_false (tl_tag_template_get_is_default (football));
  g_clear_object (&fixture->library);
  fixture->library = tl_library_open (fixture->dir, &error);
  templates = tl_library_get_tag_templates (fixture->library, &error);
  g_assert_no_error (error);
  football = tl_tag_templates_lookup_by_name (templates, "Football");
  g_assert_nonnull (football);
  g_assert_cmpstr (tl_tag_template_get_name (tl_tag_templates_get_default (templates)), ==,
                   "Football (copy)");
  {
    g_autoptr(TlTagCode) first = g_list_model_get_item (tl_tag_template_get_codes (football), 0);

    g_assert_cmpstr (tl_tag_code_get_name (first), ==, "Cross");
    g_assert_cmpint (tl_tag_code_get_lead (first), ==, S (4));
  }
  g_assert_null (tl_tag_template_find_code (football, "Offside"));
  g_assert_cmpint (tl_tag_code_get_id (tl_tag_template_find_code (football, "Corner")), ==,
                   goal_id);

  g_assert_true (tl_tag_templates_delete (templates, football, &error));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM tag_templates"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM tag_codes"), ==, 15);
}

static void
test_template_files (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TlTagTemplates *templates = tl_library_get_tag_templates (fixture->library, &error);
  TlTagTemplate *football = tl_tag_templates_get_default (templates);
  g_autofree char *path = g_build_filename (fixture->dir, "board.json", NULL);
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.json", NULL);
  TlTagTemplate *imported;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  const char *hostile[] = {
    "",
    "[1, 2]",
    "{\"name\": \"x\"}",
    "{\"touchline_template\": 2, \"name\": \"x\"}",
    "{\"touchline_template\": 1, \"name\": \"x\", \"codes\": [{\"name\": 3}]}",
    "{\"touchline_template\": 1, \"name\": \"x\", \"codes\": [{\"name\": \"a\","
    " \"color\": \"red\"}]}",
    "{\"touchline_template\": 1, \"name\": \"x\", \"codes\": [{\"name\": \"a\", \"lead_s\": -1}]}",
    "{\"touchline_template\": 1, \"name\": \"x\", \"codes\": [{\"name\": \"a\"},"
    " {\"name\": \"a\"}]}",
    "{\"touchline_template\": 1, \"name\": \"x\", \"label_groups\": [{\"name\": \"a:b\"}]}",
    "{\"touchline_template\": 1, \"name\": \"x\", \"codes\": {\"name\": \"a\"}}",
    "{\"touchline_template\": 1, \"name\": \"x\", \"codes\": [",
  };

  g_assert_true (tl_tag_templates_export_file (templates, football, path, &error));
  g_assert_no_error (error);
  imported = tl_tag_templates_import_file (templates, path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_tag_template_get_name (imported), ==, "Football (2)");
  g_assert_false (tl_tag_template_get_is_default (imported));

  /* Same content apart from the name. */
  tl_tag_template_set_name (imported, "Football");
  a = tl_tag_template_to_json (football);
  b = tl_tag_template_to_json (imported);
  g_assert_true (json_node_equal (a, b));

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_assert_true (g_file_set_contents (bad, hostile[i], -1, NULL));
      g_assert_null (tl_tag_templates_import_file (templates, bad, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, bad));
      g_clear_error (&error);
    }
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM tag_templates"), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/events/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("tag-sorted", test_tag_sorted);
  ADD ("labels", test_labels);
  ADD ("edits-undo", test_edits_undo);
  ADD ("toggle", test_toggle);
  ADD ("threads", test_threads);
  ADD ("tag-async", test_tag_async);
  ADD ("persistence", test_persistence);
  ADD ("template/default", test_default_template);
  ADD ("template/edit", test_template_edit);
  ADD ("template/files", test_template_files);
#undef ADD

  return g_test_run ();
}
