/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: touchline-cli as scripts use it: output, exit statuses, the library it leaves. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "tl-test-media.h"

typedef struct
{
  char *dir;        /* scratch folder, removed afterwards */
  char *library;    /* --library for every call */
  char *video_a;
  char *video_b;    /* same kind, other content */
  char *panorama;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs touchline-cli --library LIBRARY ARGS... (NULL-terminated) and captures everything. */
static void
run_cli (Fixture    *fixture,
         Run        *run,
         const char *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("TOUCHLINE_CLI");
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  if (fixture->library != NULL)
    {
      g_ptr_array_add (argv, (char *) "--library");
      g_ptr_array_add (argv, fixture->library);
    }
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("touchline-cli %s -> %d\nstdout: %s\nstderr: %s",
                  first_arg, run->status, run->out, run->err);
}

/* list --json, parsed. (transfer full) */
static JsonArray *
list_json (Fixture *fixture)
{
  g_auto(Run) run = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  run_cli (fixture, &run, "list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));

  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static JsonObject *
info_json (Fixture    *fixture,
           const char *id)
{
  g_auto(Run) run = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  run_cli (fixture, &run, "info", id, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
first_id (Fixture *fixture)
{
  g_autoptr(JsonArray) list = list_json (fixture);

  g_assert_cmpuint (json_array_get_length (list), >, 0);
  return g_strdup_printf ("%" G_GINT64_FORMAT,
                          json_object_get_int_member (json_array_get_object_element (list, 0),
                                                      "id"));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("touchline-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->library = g_build_filename (fixture->dir, "library", NULL);
  fixture->video_a = g_build_filename (fixture->dir, "Home vs Away.mp4", NULL);
  fixture->video_b = g_build_filename (fixture->dir, "second-half.webm", NULL);
  fixture->panorama = g_build_filename (fixture->dir, "panorama.mp4", NULL);

  g_assert_true (tl_test_media_make (fixture->video_a, TL_TEST_MEDIA_H264_AAC_MP4, 2, 1, &error));
  g_assert_no_error (error);
  g_assert_true (tl_test_media_make (fixture->video_b, TL_TEST_MEDIA_VP8_WEBM, 2, 2, &error));
  g_assert_no_error (error);
  g_assert_true (tl_test_media_make (fixture->panorama, TL_TEST_MEDIA_PANORAMA_MP4, 1, 3, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tl_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->library);
  g_free (fixture->video_a);
  g_free (fixture->video_b);
  g_free (fixture->panorama);
}

static void
test_import_list_info (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(Run) run = { 0, };
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autofree char *id = NULL;
  g_autofree char *bad = g_build_filename (fixture->dir, "notes.mp4", NULL);
  g_auto(GStrv) lines = NULL;
  gboolean saw_panorama = FALSE;

  g_assert_true (g_file_set_contents (bad, "these are my match notes, not a video\n", -1, NULL));

  /* Good files import although a bad one sits between them; the bad one is named. */
  run_cli (fixture, &run, "import", fixture->video_a, bad, fixture->video_b, fixture->panorama,
           NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "error: "));
  g_assert_nonnull (strstr (run.err, bad));
  lines = g_strsplit (g_strstrip (run.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_nonnull (strstr (run.out, "320x180"));

  list = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *match = json_array_get_object_element (list, i);
      const char *projection = json_object_get_string_member (match, "projection");

      g_assert_cmpfloat (json_object_get_double_member (match, "fps"), ==, 25.0);
      if (json_object_get_int_member (match, "width") == 960)
        {
          saw_panorama = TRUE;
          g_assert_cmpstr (projection, ==, "cylindrical");
          g_assert_cmpfloat (json_object_get_double_member (match, "hfov_deg"), ==, 180.0);
        }
      else
        g_assert_cmpstr (projection, ==, "flat");
      g_assert_true (g_file_test (json_object_get_string_member (match, "poster"),
                                  G_FILE_TEST_IS_REGULAR));
    }
  g_assert_true (saw_panorama);

  /* Plain text: one tab-separated line a match. */
  run_clear (&run);
  run_cli (fixture, &run, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Home vs Away\t"));
  g_assert_nonnull (strstr (run.out, "\t960x320\t"));

  /* The MP4 has audio, the WebM has none. */
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *match = json_array_get_object_element (list, i);
      const char *title = json_object_get_string_member (match, "title");

      if (g_str_equal (title, "Home vs Away"))
        {
          g_clear_pointer (&id, g_free);
          id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (match, "id"));
          g_assert_false (json_object_get_null_member (match, "audio_codec"));
        }
      else if (g_str_equal (title, "second-half"))
        g_assert_true (json_object_get_null_member (match, "audio_codec"));
    }
  g_assert_nonnull (id);

  info = info_json (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (info, "title"), ==, "Home vs Away");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (info, "duration_s"), 2.0, 0.1);

  run_clear (&run);
  run_cli (fixture, &run, "info", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Home vs Away"));
  g_assert_nonnull (strstr (run.out, "320x180"));
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_auto(Run) first = { 0, };
  g_auto(Run) again = { 0, };
  g_auto(Run) renamed = { 0, };
  g_autoptr(JsonArray) list = NULL;
  g_autofree char *copy = g_build_filename (fixture->dir, "copy of the match.mp4", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  run_cli (fixture, &first, "import", fixture->video_a, NULL);
  g_assert_cmpint (first.status, ==, 0);

  run_cli (fixture, &again, "import", fixture->video_a, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "already in the library as match"));

  /* Same bytes under another name: still the same match. */
  g_assert_true (g_file_get_contents (fixture->video_a, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));
  run_cli (fixture, &renamed, "import", copy, NULL);
  g_assert_cmpint (renamed.status, ==, 0);
  g_assert_nonnull (strstr (renamed.out, "already in the library"));

  list = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
}

static void
test_rm (Fixture       *fixture,
         gconstpointer  data)
{
  g_auto(Run) import = { 0, };
  g_auto(Run) rm = { 0, };
  g_auto(Run) again = { 0, };
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autofree char *id = NULL;
  g_autofree char *poster = NULL;

  run_cli (fixture, &import, "import", fixture->video_a, fixture->video_b, NULL);
  g_assert_cmpint (import.status, ==, 0);
  id = first_id (fixture);
  info = info_json (fixture, id);
  poster = g_strdup (json_object_get_string_member (info, "poster"));
  g_assert_true (g_file_test (poster, G_FILE_TEST_EXISTS));

  run_cli (fixture, &rm, "rm", id, NULL);
  g_assert_cmpint (rm.status, ==, 0);
  list = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  /* The poster is ours and goes with the match; the video is the user's and stays. */
  g_assert_false (g_file_test (poster, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fixture->video_a, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fixture->video_b, G_FILE_TEST_EXISTS));

  run_cli (fixture, &again, "rm", id, NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "no match"));
}

static void
test_relink (Fixture       *fixture,
             gconstpointer  data)
{
  g_auto(Run) import = { 0, };
  g_auto(Run) wrong = { 0, };
  g_auto(Run) relink = { 0, };
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) moved = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *id = NULL;
  g_autofree char *new_path = g_build_filename (fixture->dir, "archive", "match.mp4", NULL);
  g_autofree char *archive = g_path_get_dirname (new_path);

  run_cli (fixture, &import, "import", fixture->video_a, NULL);
  g_assert_cmpint (import.status, ==, 0);
  id = first_id (fixture);
  before = info_json (fixture, id);
  g_assert_false (json_object_get_boolean_member (before, "file_missing"));

  g_assert_cmpint (g_mkdir (archive, 0700), ==, 0);
  g_assert_cmpint (g_rename (fixture->video_a, new_path), ==, 0);
  moved = info_json (fixture, id);
  g_assert_true (json_object_get_boolean_member (moved, "file_missing"));

  /* Another video is refused: its events would not line up. */
  run_cli (fixture, &wrong, "relink", id, fixture->video_b, NULL);
  g_assert_cmpint (wrong.status, ==, 1);
  g_assert_nonnull (strstr (wrong.err, fixture->video_b));
  g_assert_nonnull (strstr (wrong.err, "not the same video"));

  run_cli (fixture, &relink, "relink", id, new_path, NULL);
  g_assert_cmpint (relink.status, ==, 0);
  after = info_json (fixture, id);
  g_assert_false (json_object_get_boolean_member (after, "file_missing"));
  g_assert_cmpstr (json_object_get_string_member (after, "path"), ==, new_path);
}

static void
test_bad_files_leave_library_alone (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "nowhere.mp4", NULL);
  g_autofree char *text = g_build_filename (fixture->dir, "readme.mp4", NULL);
  g_autofree char *truncated = g_build_filename (fixture->dir, "cut.mp4", NULL);
  const char *bad[] = { missing, text, truncated, fixture->dir };
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (text, "plain text\n", -1, NULL));
  g_assert_true (tl_test_media_make_truncated (fixture->video_a, truncated, 0.6, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(Run) run = { 0, };
      g_autofree char *prefix = g_strdup_printf ("error: %s: ", bad[i]);

      run_cli (fixture, &run, "import", bad[i], NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_true (g_str_has_prefix (run.err, prefix));
      /* A reason follows the path. */
      g_assert_cmpuint (strlen (run.err), >, strlen (prefix) + 5);
    }

  list = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (list), ==, 0);
}

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  struct { const char *args[4]; int status; } cases[] = {
    { { NULL }, 2 },
    { { "frobnicate", NULL }, 2 },
    { { "list", "--colour", NULL }, 2 },
    { { "info", NULL }, 2 },
    { { "relink", "1", NULL }, 2 },
    { { "import", NULL }, 2 },
    { { "info", "abc", NULL }, 1 },
    { { "info", "42", NULL }, 1 },
    { { "rm", "0", NULL }, 1 },
    { { "--version", NULL }, 0 },
    { { "--help", NULL }, 0 },
    { { "list", NULL }, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0, };

      run_cli (fixture, &run, cases[i].args[0], cases[i].args[1], cases[i].args[2], NULL);
      g_assert_cmpint (run.status, ==, cases[i].status);
      if (cases[i].status != 0)
        g_assert_cmpstr (run.err, !=, "");
    }
}

static void
test_library_location (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *env_library = g_build_filename (fixture->dir, "from-env", NULL);
  g_autofree char *env_db = g_build_filename (env_library, "library.db", NULL);
  g_autofree char *flag_db = g_build_filename (fixture->library, "library.db", NULL);
  g_auto(Run) run = { 0, };
  g_autofree char *saved_library = g_steal_pointer (&fixture->library);

  /* TOUCHLINE_LIBRARY when no --library is given... */
  g_setenv ("TOUCHLINE_LIBRARY", env_library, TRUE);
  run_cli (fixture, &run, "import", fixture->video_a, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_test (env_db, G_FILE_TEST_IS_REGULAR));

  /* ...and --library wins over it. */
  fixture->library = g_steal_pointer (&saved_library);
  run_clear (&run);
  run_cli (fixture, &run, "list", NULL);
  g_unsetenv ("TOUCHLINE_LIBRARY");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_file_test (flag_db, G_FILE_TEST_IS_REGULAR));
}

static void
test_newer_library_refused (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fixture->library, "library.db", NULL);
  g_auto(Run) create = { 0, };
  g_auto(Run) run = { 0, };
  sqlite3 *db = NULL;

  run_cli (fixture, &create, "import", fixture->video_a, NULL);
  g_assert_cmpint (create.status, ==, 0);

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  run_cli (fixture, &run, "list", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "newer"));
  g_assert_nonnull (strstr (run.err, db_path));
}

static void
test_shared_footage (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *footage = tl_test_media_shared_footage_dir ();
  g_autofree char *tsukuba = NULL;
  g_autofree char *vtest = NULL;
  g_auto(Run) run = { 0, };
  g_autoptr(JsonArray) list = NULL;

  if (footage == NULL)
    {
      g_test_skip ("../shared/footage not found: real-footage import not tested");
      return;
    }

  tsukuba = g_build_filename (footage, "tsukuba-left-3072x1728.mp4", NULL);
  vtest = g_build_filename (footage, "opencv-vtest-768x576.avi", NULL);
  run_cli (fixture, &run, "import", tsukuba, vtest, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "3072x1728"));
  g_assert_nonnull (strstr (run.out, "768x576"));

  list = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
}

/* A demo match imports calibrated from its sidecar, and info says so. */
static void
test_demo_calibrated (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *demo = g_build_filename (fixture->dir, "demo.mp4", NULL);
  g_autofree char *id = NULL;
  g_auto(Run) make = { 0, };
  g_auto(Run) import = { 0, };
  g_auto(Run) info = { 0, };
  g_auto(Run) plain = { 0, };
  g_autoptr(JsonObject) match = NULL;
  g_autoptr(JsonArray) list = NULL;
  JsonObject *calibration;
  JsonObject *camera;

  run_cli (fixture, &make, "demo", "--seconds", "1", "--size", "960x288", demo, NULL);
  g_assert_cmpint (make.status, ==, 0);
  run_cli (fixture, &import, "import", demo, NULL);
  g_assert_cmpint (import.status, ==, 0);
  run_cli (fixture, &plain, "import", fixture->video_a, NULL);
  g_assert_cmpint (plain.status, ==, 0);

  list = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  /* Newest first: the ordinary video knows nothing of the pitch. */
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (list, 0),
                                                  "calibrated"));
  g_assert_true (json_object_get_null_member (json_array_get_object_element (list, 0),
                                              "calibration"));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (list, 1),
                                                 "calibrated"));

  id = g_strdup_printf ("%" G_GINT64_FORMAT,
                        json_object_get_int_member (json_array_get_object_element (list, 1),
                                                    "id"));
  match = info_json (fixture, id);
  g_assert_true (json_object_get_boolean_member (match, "calibrated"));
  g_assert_cmpstr (json_object_get_string_member (match, "projection"), ==, "cylindrical");
  calibration = json_object_get_object_member (match, "calibration");
  g_assert_nonnull (calibration);
  g_assert_cmpstr (json_object_get_string_member (calibration, "projection"), ==, "cylindrical");
  g_assert_cmpint (json_object_get_int_member (calibration, "width"), ==, 960);
  g_assert_cmpfloat (json_object_get_double_member (calibration, "hfov_deg"), ==,
                     json_object_get_double_member (match, "hfov_deg"));
  camera = json_object_get_object_member (calibration, "camera");
  g_assert_nonnull (camera);
  g_assert_true (json_object_has_member (camera, "tilt_deg"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (calibration,
                                                                         "correspondences")),
                    >=, 4);

  run_cli (fixture, &info, "info", id, NULL);
  g_assert_cmpint (info.status, ==, 0);
  g_assert_nonnull (strstr (info.out, "Calibrated"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/import-list-info", Fixture, NULL, fixture_set_up, test_import_list_info,
              fixture_tear_down);
  g_test_add ("/cli/duplicate", Fixture, NULL, fixture_set_up, test_duplicate, fixture_tear_down);
  g_test_add ("/cli/rm", Fixture, NULL, fixture_set_up, test_rm, fixture_tear_down);
  g_test_add ("/cli/relink", Fixture, NULL, fixture_set_up, test_relink, fixture_tear_down);
  g_test_add ("/cli/bad-files", Fixture, NULL, fixture_set_up,
              test_bad_files_leave_library_alone, fixture_tear_down);
  g_test_add ("/cli/usage", Fixture, NULL, fixture_set_up, test_usage, fixture_tear_down);
  g_test_add ("/cli/library-location", Fixture, NULL, fixture_set_up, test_library_location,
              fixture_tear_down);
  g_test_add ("/cli/newer-library", Fixture, NULL, fixture_set_up, test_newer_library_refused,
              fixture_tear_down);
  g_test_add ("/cli/shared-footage", Fixture, NULL, fixture_set_up, test_shared_footage,
              fixture_tear_down);
  g_test_add ("/cli/demo-calibrated", Fixture, NULL, fixture_set_up, test_demo_calibrated,
              fixture_tear_down);

  return g_test_run ();
}
