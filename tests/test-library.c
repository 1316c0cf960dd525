/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-library.c: TlLibrary, the service app and CLI share: model, import, edits, persistence. */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <sqlite3.h>

#include "tl-library.h"
#include "tl-test-media.h"

typedef struct
{
  char      *dir;
  char      *library_dir;
  char      *videos[3];
  TlLibrary *library;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const TlTestMedia kinds[] = {
    TL_TEST_MEDIA_H264_MP4, TL_TEST_MEDIA_VP8_VORBIS_WEBM, TL_TEST_MEDIA_PANORAMA_MP4,
  };
  const char *names[] = { "first.mp4", "second.webm", "panorama.mp4" };

  fixture->dir = g_dir_make_tmp ("touchline-library-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->library_dir = g_build_filename (fixture->dir, "library", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      fixture->videos[i] = g_build_filename (fixture->dir, names[i], NULL);
      g_assert_true (tl_test_media_make (fixture->videos[i], kinds[i], 1, 10 + i, &error));
      g_assert_no_error (error);
    }

  fixture->library = tl_library_open (fixture->library_dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->library);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->library);
  tl_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->library_dir);
  for (guint i = 0; i < G_N_ELEMENTS (fixture->videos); i++)
    g_free (fixture->videos[i]);
}

static void
reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->library);
  fixture->library = tl_library_open (fixture->library_dir, &error);
  g_assert_no_error (error);
}

static guint
n_matches (Fixture *fixture)
{
  return g_list_model_get_n_items (tl_library_get_matches (fixture->library));
}

static TlMatch *
import_sync (Fixture    *fixture,
             const char *path)
{
  g_autoptr(GError) error = NULL;
  TlMatch *match;

  match = tl_library_import_file (fixture->library, path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (match);
  return match;
}

/* Counts rows straight from the file, to see what really is on disk. */
static int
count_rows (Fixture    *fixture,
            const char *sql)
{
  g_autofree char *path = g_build_filename (fixture->library_dir, "library.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return count;
}

typedef struct
{
  GPtrArray *results;
  GError    *error;
  gboolean   done;
  guint      items_changed;
} AsyncImport;

static void
on_import_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncImport *import = user_data;

  import->results = tl_library_import_files_finish (TL_LIBRARY (source), result, &import->error);
  import->done = TRUE;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  AsyncImport *import = user_data;

  /* The model belongs to the main thread: it may change only there. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  import->items_changed++;
}

static void
test_import_async (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.mp4", NULL);
  const char *paths[] = {
    fixture->videos[0], bad, fixture->videos[1], fixture->videos[2], fixture->videos[0], NULL,
  };
  AsyncImport import = { NULL, };
  g_autoptr(GPtrArray) results = NULL;
  gulong handler;

  g_assert_true (g_file_set_contents (bad, "not a video", -1, NULL));
  handler = g_signal_connect (tl_library_get_matches (fixture->library), "items-changed",
                              G_CALLBACK (on_items_changed), &import);

  tl_library_import_files_async (fixture->library, paths, NULL, on_import_done, &import);
  while (!import.done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (tl_library_get_matches (fixture->library), handler);

  g_assert_no_error (import.error);
  results = import.results;
  g_assert_cmpuint (results->len, ==, 5);

  for (guint i = 0; i < results->len; i++)
    {
      TlImportResult *result = g_ptr_array_index (results, i);

      g_assert_cmpstr (result->path, ==, paths[i]);
      if (i == 1)
        {
          g_assert_error (result->error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NOT_MEDIA);
          g_assert_null (result->match);
        }
      else
        {
          g_assert_no_error (result->error);
          g_assert_true (TL_IS_MATCH (result->match));
          g_assert_cmpint (result->duplicate, ==, i == 4);
        }
    }

  /* The same file twice in one batch is one match, and the duplicate is the shown object. */
  g_assert_true (((TlImportResult *) g_ptr_array_index (results, 4))->match
                 == ((TlImportResult *) g_ptr_array_index (results, 0))->match);
  g_assert_cmpuint (n_matches (fixture), ==, 3);
  g_assert_cmpuint (import.items_changed, >=, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM matches"), ==, 3);

  /* Newest first: the panorama was imported last. */
  {
    g_autoptr(TlMatch) first = g_list_model_get_item (tl_library_get_matches (fixture->library), 0);

    g_assert_cmpstr (tl_match_get_title (first), ==, "panorama");
    g_assert_cmpint (tl_match_get_projection (first), ==, TL_PROJECTION_CYLINDRICAL);
  }
}

static void
test_persistence (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TlMatch) match = import_sync (fixture, fixture->videos[1]);
  g_autoptr(GError) error = NULL;
  gint64 id = tl_match_get_id (match);
  TlMatch *again;
  GStatBuf st;

  g_assert_true (tl_library_rename_match (fixture->library, match, "  Derby, 2nd half  ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tl_match_get_title (match), ==, "Derby, 2nd half");
  g_assert_true (tl_library_set_projection (fixture->library, match, TL_PROJECTION_CYLINDRICAL,
                                            200, &error));
  g_assert_no_error (error);

  reopen (fixture);
  again = tl_library_lookup_match (fixture->library, id);
  g_assert_nonnull (again);
  g_assert_cmpstr (tl_match_get_title (again), ==, "Derby, 2nd half");
  g_assert_cmpint (tl_match_get_projection (again), ==, TL_PROJECTION_CYLINDRICAL);
  g_assert_cmpfloat (tl_match_get_hfov (again), ==, 200);
  g_assert_cmpint (tl_match_get_width (again), ==, 320);
  g_assert_cmpint (tl_match_get_duration (again), >, 0);
  g_assert_nonnull (tl_match_get_imported_at (again));
  g_assert_cmpstr (tl_match_get_content_hash (again), ==, tl_match_get_content_hash (match));
  /* The size comes from the hash taken before the probe, not from a second read. */
  g_assert_cmpint (g_stat (fixture->videos[1], &st), ==, 0);
  g_assert_cmpint (tl_match_get_info (again)->file_size, ==, st.st_size);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  GString *seen = user_data;

  g_string_append_printf (seen, "%s;", pspec->name);
}

static void
test_edits_validate_and_notify (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(TlMatch) match = import_sync (fixture, fixture->videos[0]);
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_signal_connect (match, "notify", G_CALLBACK (on_notify), seen);

  g_assert_false (tl_library_rename_match (fixture->library, match, "   ", &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (tl_match_get_title (match), ==, "first");

  /* A pinhole camera cannot cover 180°, a panorama cannot cover more than a full turn. */
  g_assert_false (tl_library_set_projection (fixture->library, match, TL_PROJECTION_FLAT, 180,
                                             &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tl_library_set_projection (fixture->library, match, TL_PROJECTION_CYLINDRICAL,
                                             361, &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (seen->str, ==, "");

  g_assert_true (tl_library_rename_match (fixture->library, match, "Cup final", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (seen->str, ==, "title;");
  g_assert_true (tl_library_set_projection (fixture->library, match, TL_PROJECTION_FLAT, 100,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpstr (seen->str, ==, "title;hfov;");
}

static void
test_trash_restore_purge (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TlMatch) keep = import_sync (fixture, fixture->videos[0]);
  g_autoptr(TlMatch) victim = import_sync (fixture, fixture->videos[1]);
  g_autoptr(GError) error = NULL;
  gint64 victim_id = tl_match_get_id (victim);
  g_autofree char *poster = g_strdup (tl_match_get_poster_path (victim));

  g_assert_true (g_file_test (poster, G_FILE_TEST_IS_REGULAR));

  /* Trash hides at once and is saved at once... */
  g_assert_true (tl_library_trash_match (fixture->library, victim, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_matches (fixture), ==, 1);
  g_assert_null (tl_library_lookup_match (fixture->library, victim_id));
  g_assert_cmpint (count_rows (fixture,
                               "SELECT count(*) FROM matches WHERE trashed_at IS NOT NULL"),
                   ==, 1);

  /* ...undo brings the same object back... */
  g_assert_true (tl_library_restore_match (fixture->library, victim, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_matches (fixture), ==, 2);
  g_assert_true (tl_library_lookup_match (fixture->library, victim_id) == victim);

  /* ...purge makes it final, poster included. */
  g_assert_true (tl_library_trash_match (fixture->library, victim, &error));
  g_assert_true (tl_library_purge_trash (fixture->library, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM matches"), ==, 1);
  g_assert_false (g_file_test (poster, G_FILE_TEST_EXISTS));
  g_assert_false (tl_library_restore_match (fixture->library, victim, &error));
  g_assert_nonnull (error);
}

static void
test_trash_purged_on_next_open (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(TlMatch) victim = import_sync (fixture, fixture->videos[2]);
  g_autoptr(GError) error = NULL;

  /* The app quit (or crashed) while the undo toast was still up. */
  g_assert_true (tl_library_trash_match (fixture->library, victim, &error));
  g_assert_no_error (error);
  reopen (fixture);
  g_assert_cmpuint (n_matches (fixture), ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM matches"), ==, 0);
}

static void
test_reimport_from_trash_restores (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(TlMatch) match = import_sync (fixture, fixture->videos[0]);
  g_autoptr(TlMatch) again = NULL;
  g_autoptr(GError) error = NULL;
  gboolean duplicate = TRUE;

  g_assert_true (tl_library_rename_match (fixture->library, match, "Tagged for hours", &error));
  g_assert_true (tl_library_trash_match (fixture->library, match, &error));
  g_assert_no_error (error);

  /* Importing it again is an undo: the title the user typed survives. */
  again = tl_library_import_file (fixture->library, fixture->videos[0], &duplicate, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (duplicate);
  g_assert_cmpint (tl_match_get_id (again), ==, tl_match_get_id (match));
  g_assert_cmpstr (tl_match_get_title (again), ==, "Tagged for hours");
  g_assert_cmpuint (n_matches (fixture), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM matches WHERE trashed_at IS NULL"),
                   ==, 1);
}

static void
test_moved_file_followed (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TlMatch) match = import_sync (fixture, fixture->videos[0]);
  g_autoptr(TlMatch) found = NULL;
  g_autofree char *moved = g_build_filename (fixture->dir, "moved.mp4", NULL);
  g_autoptr(GError) error = NULL;
  gboolean duplicate = FALSE;

  g_assert_cmpint (g_rename (fixture->videos[0], moved), ==, 0);
  tl_match_refresh_file_missing (match);
  g_assert_true (tl_match_get_file_missing (match));

  /* Importing the moved file relinks the match rather than making a second one. */
  found = tl_library_import_file (fixture->library, moved, &duplicate, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (duplicate);
  g_assert_true (found == match);
  g_assert_cmpstr (tl_match_get_file_path (match), ==, moved);
  g_assert_false (tl_match_get_file_missing (match));

  /* relink refuses other content, accepts the same. */
  g_assert_false (tl_library_relink_match (fixture->library, match, fixture->videos[1], NULL,
                                           &error));
  g_assert_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_DIFFERENT_CONTENT);
  g_clear_error (&error);
  g_assert_cmpstr (tl_match_get_file_path (match), ==, moved);
}

static void
test_delete_cascades (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TlMatch) match = import_sync (fixture, fixture->videos[0]);
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = g_build_filename (fixture->library_dir, "library.db", NULL);
  g_autofree char *insert = NULL;
  sqlite3 *db = NULL;

  /* Something a later feature stores against the match: it must go with it. */
  insert = g_strdup_printf ("INSERT INTO events (match_id, code, start_ns, end_ns)"
                            " VALUES (%lld, 'Goal', 0, 1000)",
                            (long long) tl_match_get_id (match));
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, insert, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events"), ==, 1);

  g_assert_true (tl_library_delete_match (fixture->library, match, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_matches (fixture), ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events"), ==, 0);
}

static void
test_resolve_dir (void)
{
  g_autofree char *explicit_dir = tl_library_resolve_dir ("/srv/clubs/../analysis");
  g_autofree char *from_env = NULL;
  g_autofree char *fallback = NULL;
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "touchline", NULL);

  g_assert_cmpstr (explicit_dir, ==, "/srv/analysis");

  g_setenv ("TOUCHLINE_LIBRARY", "/media/usb/library", TRUE);
  from_env = tl_library_resolve_dir (NULL);
  g_assert_cmpstr (from_env, ==, "/media/usb/library");

  g_unsetenv ("TOUCHLINE_LIBRARY");
  fallback = tl_library_resolve_dir (NULL);
  g_assert_cmpstr (fallback, ==, expected);
}

int
main (int    argc,
      char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  tl_test_media_tolerate_gst_races ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/library/import-async", test_import_async);
  ADD ("/library/persistence", test_persistence);
  ADD ("/library/edits", test_edits_validate_and_notify);
  ADD ("/library/trash-restore-purge", test_trash_restore_purge);
  ADD ("/library/trash-purged-on-open", test_trash_purged_on_next_open);
  ADD ("/library/reimport-from-trash", test_reimport_from_trash_restores);
  ADD ("/library/moved-file", test_moved_file_followed);
  ADD ("/library/delete-cascades", test_delete_cascades);
#undef ADD
  g_test_add_func ("/library/resolve-dir", test_resolve_dir);

  return g_test_run ();
}
