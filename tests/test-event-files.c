/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-event-files.c: events as files (Sportscode XML, CSV, JSON): round trips, a real-style
 * UTF-16 export, hostile files, a bounded fuzz of the XML importer; the match sheet and clock;
 * touchline-cli's event commands and a kill -9 in the middle of a tag stream. */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "tl-event-files.h"
#include "tl-library.h"
#include "tl-test-library.h"
#include "tl-test-media.h"

#define S(seconds) ((gint64) ((seconds) * 1e9))

typedef struct
{
  char      *dir;
  TlLibrary *library;
  gint64     match_a;
  gint64     match_b;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("touchline-event-files-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->library = tl_library_open (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->match_a = tl_test_add_match (fixture->library, "hash-a");
  fixture->match_b = tl_test_add_match (fixture->library, "hash-b");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->library);
  tl_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static TlMatchEvents *
events_of (Fixture *fixture,
           gint64   match_id)
{
  g_autoptr(GError) error = NULL;
  TlMatchEvents *events = tl_library_get_match_events (fixture->library, match_id, &error);

  g_assert_no_error (error);
  return events;
}

static guint
n_events (Fixture *fixture,
          gint64   match_id)
{
  return g_list_model_get_n_items (G_LIST_MODEL (events_of (fixture, match_id)));
}

static char *
path_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* A match with events that use every field a file can carry. */
static void
tag_sample (Fixture *fixture,
            gboolean with_team_and_lead)
{
  TlMatchEvents *events = events_of (fixture, fixture->match_a);
  const char * const labels_goal[] = { "Outcome:Won", "Body part:Head", "Zone:14", NULL };
  const char * const labels_odd[] = { "Comma, \"quoted\"", ":12:30", "Outcome:Lost",
                                      "Outcome:Won", "semi;colon\\back", NULL };
  struct {
    const char *code;
    const char *color;
    double at;
    const char * const *labels;
    const char *note;
  } tags[] = {
    { "Goal", "#e01b24", 600.123456789, labels_goal, "top corner\nafter a one-two" },
    { "Shot, blocked", "#ff7800", 12.5, labels_odd, NULL },
    { "Pressing <high> & \"wide\"", "#2ec27e", 1800, NULL, "ünïcödé ⚽" },
    { "Goal", "#e01b24", 3000.000000001, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      g_autoptr(GError) error = NULL;
      TlTagRequest request = {
        .code = tags[i].code, .color = tags[i].color, .at_ns = S (tags[i].at),
        .lead_ns = with_team_and_lead ? S (3) : 0, .lag_ns = S (2), .labels = tags[i].labels,
        .note = tags[i].note,
      };

      g_assert_cmpint (tl_match_events_tag (events, &request, &error), >, 0);
      g_assert_no_error (error);
    }
}

/* Exports match A in @format, imports the file into match B: the events are the same. */
static void
round_trip (Fixture       *fixture,
            TlEventFormat  format,
            gboolean       utf16,
            gboolean       all_fields)
{
  TlStore *store = tl_library_get_store (fixture->library);
  g_autofree char *path = path_in (fixture, utf16 ? "export16" : "export");
  g_autoptr(TlEventDocument) document = NULL;
  g_autoptr(TlEventDocument) loaded = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  TlEventImportSummary summary = { 0, };

  tag_sample (fixture, all_fields);
  document = tl_event_files_collect (events_of (fixture, fixture->match_a), store, &error);
  g_assert_no_error (error);
  g_assert_true (tl_event_document_save (document, path, format, utf16, &error));
  g_assert_no_error (error);

  loaded = tl_event_document_load (path, format, &error);
  g_assert_no_error (error);
  g_assert_true (tl_event_files_import (events_of (fixture, fixture->match_b), store, loaded,
                                        NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.instances, ==, 4);
  g_assert_cmpuint (summary.codes, ==, 3);
  g_assert_cmpuint (summary.labels, ==, 7);

  before = tl_match_events_dup_infos (events_of (fixture, fixture->match_a));
  after = tl_match_events_dup_infos (events_of (fixture, fixture->match_b));
  g_assert_cmpuint (before->len, ==, after->len);
  for (guint i = 0; i < before->len; i++)
    {
      TlEventInfo *a = g_ptr_array_index (before, i);
      TlEventInfo *b = g_ptr_array_index (after, i);

      /* Sportscode gives every instance an <ID>: an event that had none gets its number. */
      if (format == TL_EVENT_FORMAT_SPORTSCODE && a->external_id == NULL)
        a->external_id = g_strdup (b->external_id);
      /* Sportscode has no lead and lag (the sample has no team or player for it). */
      if (format == TL_EVENT_FORMAT_SPORTSCODE)
        a->lead_ns = a->lag_ns = 0;
      g_assert_cmpstr (a->code, ==, b->code);
      g_assert_cmpstr (a->color, ==, b->color);
      g_assert_cmpint (a->start_ns, ==, b->start_ns);
      g_assert_cmpint (a->end_ns, ==, b->end_ns);
      g_assert_cmpstrv (a->labels, b->labels);
      g_assert_cmpstr (a->note, ==, b->note);
      g_assert_cmpstr (a->external_id, ==, b->external_id);
      g_assert_true (tl_event_info_equal_content (a, b));
      g_assert_cmpint (b->match_id, ==, fixture->match_b);
    }

  /* Exporting the imported match gives the same bytes (rows and all). */
  {
    g_autoptr(TlEventDocument) again = tl_event_files_collect (events_of (fixture,
                                                                          fixture->match_b),
                                                               store, &error);
    g_autoptr(GBytes) first = NULL;
    g_autoptr(GBytes) second = NULL;

    g_assert_no_error (error);
    /* ids are the rows' own: compare what is not an id. */
    for (guint i = 0; i < again->events->len; i++)
      ((TlEventInfo *) g_ptr_array_index (again->events, i))->id = 0;
    for (guint i = 0; i < loaded->events->len; i++)
      ((TlEventInfo *) g_ptr_array_index (loaded->events, i))->id = 0;
    first = tl_event_document_serialize (loaded, format, utf16);
    second = tl_event_document_serialize (again, format, utf16);
    if (!g_bytes_equal (first, second))
      g_test_message ("first:\n%.*s\nsecond:\n%.*s", (int) g_bytes_get_size (first),
                      (const char *) g_bytes_get_data (first, NULL),
                      (int) g_bytes_get_size (second),
                      (const char *) g_bytes_get_data (second, NULL));
    g_assert_true (g_bytes_equal (first, second));
  }
}

static void
test_round_trip_sportscode (Fixture *fixture, gconstpointer data)
{
  round_trip (fixture, TL_EVENT_FORMAT_SPORTSCODE, FALSE, FALSE);
}

static void
test_round_trip_sportscode_utf16 (Fixture *fixture, gconstpointer data)
{
  round_trip (fixture, TL_EVENT_FORMAT_SPORTSCODE, TRUE, FALSE);
}

static void
test_round_trip_csv (Fixture *fixture, gconstpointer data)
{
  round_trip (fixture, TL_EVENT_FORMAT_CSV, FALSE, TRUE);
}

static void
test_round_trip_json (Fixture *fixture, gconstpointer data)
{
  round_trip (fixture, TL_EVENT_FORMAT_JSON, FALSE, TRUE);
}

/* Sportscode carries team and player as Team: and Player: labels; a match whose sheet has the
 * same team and players gets the ids back. */
static void
test_round_trip_sportscode_teams (Fixture       *fixture,
                                  gconstpointer  data)
{
  TlStore *store = tl_library_get_store (fixture->library);
  g_autoptr(GError) error = NULL;
  TlMatchSheet *sheet_a = tl_library_get_match_sheet (fixture->library, fixture->match_a, &error);
  TlMatchSheet *sheet_b = tl_library_get_match_sheet (fixture->library, fixture->match_b, &error);
  g_autofree char *path = path_in (fixture, "teams.xml");
  g_autoptr(TlEventDocument) document = NULL;
  g_autoptr(TlEventDocument) loaded = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  const char * const labels[] = { "Outcome:Won", NULL };
  const char * const expected[] = { "Outcome:Won", "Team:Home FC", "Player:9 Nine", NULL };
  TlSquadPlayer *nine;
  TlTagRequest request = { .code = "Shot", .at_ns = S (20), .labels = labels };

  tl_match_sheet_set_team (sheet_a, TL_SIDE_HOME, "Home FC", NULL, NULL, &error);
  tl_match_sheet_set_team (sheet_a, TL_SIDE_AWAY, "Away FC", NULL, NULL, &error);
  nine = tl_match_sheet_add_player (sheet_a, TL_SIDE_HOME, 9, "Nine", NULL, TRUE, &error);
  g_assert_no_error (error);
  request.team_id = tl_squad_player_get_team_id (nine);
  request.player_id = tl_squad_player_get_id (nine);
  g_assert_cmpint (tl_match_events_tag (events_of (fixture, fixture->match_a), &request, &error),
                   >, 0);
  request.at_ns = S (40);
  request.player_id = 0;
  request.team_id = tl_team_get_id (tl_match_sheet_get_team (sheet_a, TL_SIDE_AWAY));
  g_assert_cmpint (tl_match_events_tag (events_of (fixture, fixture->match_a), &request, &error),
                   >, 0);

  document = tl_event_files_collect (events_of (fixture, fixture->match_a), store, &error);
  tl_event_document_name_teams (document, sheet_a);
  g_assert_cmpstrv (((TlEventInfo *) g_ptr_array_index (document->events, 0))->labels,
                    expected);
  g_assert_true (tl_event_document_save (document, path, TL_EVENT_FORMAT_SPORTSCODE, TRUE,
                                         &error));
  g_assert_no_error (error);

  /* The second match has the same teams and the home squad. */
  tl_match_sheet_set_team (sheet_b, TL_SIDE_AWAY, "Home FC", NULL, NULL, &error);
  tl_match_sheet_set_team (sheet_b, TL_SIDE_HOME, "Away FC", NULL, NULL, &error);
  g_assert_cmpint (tl_match_sheet_add_squad (sheet_b, TL_SIDE_AWAY, &error), ==, 1);
  loaded = tl_event_document_load (path, TL_EVENT_FORMAT_SPORTSCODE, &error);
  g_assert_no_error (error);
  tl_event_document_resolve_teams (loaded, sheet_b);
  g_assert_true (tl_event_files_import (events_of (fixture, fixture->match_b), store, loaded,
                                        NULL, NULL, &error));
  g_assert_no_error (error);

  before = tl_match_events_dup_infos (events_of (fixture, fixture->match_a));
  after = tl_match_events_dup_infos (events_of (fixture, fixture->match_b));
  g_assert_cmpuint (after->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      TlEventInfo *a = g_ptr_array_index (before, i);
      TlEventInfo *b = g_ptr_array_index (after, i);

      g_assert_cmpint (a->team_id, ==, b->team_id);
      g_assert_cmpint (a->player_id, ==, b->player_id);
      g_assert_cmpstrv (a->labels, b->labels);
    }
}

static void
test_seconds (void)
{
  struct { const char *text; gint64 ns; } good[] = {
    { "0", 0 }, { "12.5", S (12.5) }, { "0.000000001", 1 }, { "3.1415926535", 3141592654 },
    { "3.14159265349", 3141592653 }, { "0.9999999999", S (1) }, { ".5", S (0.5) },
    { "5.", S (5) }, { "1e2", S (100) }, { "5400", S (5400) },
  };
  const char *bad[] = { "", "-1", "-0.5", "nan", "NaN", "inf", "-inf", "1e400", "12s", "1,5",
                        "0x10", "99999999999", " ", "--1" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 ns = -1;
      g_autofree char *text = NULL;

      g_assert_true (tl_event_parse_seconds (good[i].text, &ns));
      g_assert_cmpint (ns, ==, good[i].ns);
      text = tl_event_format_seconds (ns);
      g_assert_true (tl_event_parse_seconds (text, &ns));
      g_assert_cmpint (ns, ==, good[i].ns);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 ns = 0;

      g_test_message ("%s", bad[i]);
      g_assert_false (tl_event_parse_seconds (bad[i], &ns));
    }
}

/* As Sportscode writes it: UTF-16 LE, BOM, CR line ends, no declaration, elements in its order
 * and with members Touchline does not use. (transfer full) */
static GBytes *
sportscode_utf16 (const char *utf8)
{
  g_auto(GStrv) lines = g_strsplit (utf8, "\n", -1);
  g_autofree char *cr = g_strjoinv ("\r", lines);
  gsize length = 0;
  g_autofree char *utf16 = g_convert (cr, -1, "UTF-16LE", "UTF-8", NULL, &length, NULL);
  GByteArray *bytes = g_byte_array_new ();

  g_byte_array_append (bytes, (const guint8 *) "\xFF\xFE", 2);
  g_byte_array_append (bytes, (const guint8 *) utf16, length);
  return g_byte_array_free_to_bytes (bytes);
}

static const char real_style[] =
  "<file>\n"
  "<SESSION_INFO>\n"
  "<start_time>2024-03-09 15:00:00.000</start_time>\n"
  "</SESSION_INFO>\n"
  "<ALL_INSTANCES>\n"
  "<instance>\n"
  "<ID>1</ID>\n"
  "<start>12.56</start>\n"
  "<end>31.04</end>\n"
  "<code>Corner Home</code>\n"
  "<label>\n<group>Outcome</group>\n<text>Shot</text>\n</label>\n"
  "<label>\n<text>Near post</text>\n</label>\n"
  "<pos_x>10</pos_x><pos_y>20</pos_y>\n"
  "</instance>\n"
  "<instance>\n"
  "<code>Attack Away</code>\n"
  "<end>95</end>\n"
  "<start>80.5</start>\n"
  "<ID>2</ID>\n"
  "<label><group>Zone</group><text>14</text></label>"
  "<label><group>Zone</group><text>15</text></label>\n"
  "<free_text>Überzahl nach Ballgewinn</free_text>\n"
  "</instance>\n"
  "</ALL_INSTANCES>\n"
  "<ROWS>\n"
  "<row>\n<code>Corner Home</code>\n<R>65535</R>\n<G>0</G>\n<B>0</B>\n</row>\n"
  "<row>\n<sort_order>2</sort_order><code>Attack Away</code>\n"
  "<R>0</R>\n<G>32896</G>\n<B>65535</B>\n</row>\n"
  "<row>\n<code>Free kick</code>\n<R>0</R>\n<G>65535</G>\n<B>0</B>\n</row>\n"
  "</ROWS>\n"
  "</file>\n";

static void
test_sportscode_utf16_file (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GBytes) bytes = sportscode_utf16 (real_style);
  g_autofree char *path = path_in (fixture, "Sportscode.xml");
  g_autoptr(TlEventDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  TlEventInfo *corner, *attack;
  const char * const corner_labels[] = { "Outcome:Shot", "Near post", NULL };
  const char * const attack_labels[] = { "Zone:14", "Zone:15", NULL };
  TlMatchEvents *events = events_of (fixture, fixture->match_a);
  TlEventImportSummary summary = { 0, };
  TlEvent *first;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  document = tl_event_document_load (path, TL_EVENT_FORMAT_SPORTSCODE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (document->start_time, ==, "2024-03-09 15:00:00.000");
  g_assert_cmpuint (document->events->len, ==, 2);
  g_assert_cmpuint (document->rows->len, ==, 3);

  corner = g_ptr_array_index (document->events, 0);
  g_assert_cmpstr (corner->code, ==, "Corner Home");
  g_assert_cmpstr (corner->external_id, ==, "1");
  g_assert_cmpint (corner->start_ns, ==, S (12.56));
  g_assert_cmpint (corner->end_ns, ==, S (31.04));
  g_assert_cmpstr (corner->color, ==, "#ff0000");
  g_assert_cmpstrv (corner->labels, corner_labels);

  attack = g_ptr_array_index (document->events, 1);
  g_assert_cmpint (attack->start_ns, ==, S (80.5));
  g_assert_cmpstr (attack->color, ==, "#0080ff");
  g_assert_cmpstrv (attack->labels, attack_labels);
  g_assert_cmpstr (attack->note, ==, "Überzahl nach Ballgewinn");

  /* Imported, the codes show without any template: each event carries name and colour. */
  g_assert_true (tl_event_files_import (events, tl_library_get_store (fixture->library),
                                        document, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.instances, ==, 2);
  g_assert_cmpuint (summary.codes, ==, 3);
  g_assert_cmpuint (summary.labels, ==, 4);
  first = g_list_model_get_item (G_LIST_MODEL (events), 0);
  g_assert_cmpstr (tl_event_get_code (first), ==, "Corner Home");
  g_assert_cmpstr (tl_event_get_color (first), ==, "#ff0000");
  g_object_unref (first);

  /* One undo step takes the whole import back. */
  g_assert_true (tl_match_events_undo (events, &error));
  g_assert_cmpuint (n_events (fixture, fixture->match_a), ==, 0);
}

/* Whatever the file, a refused import leaves the match as it was and names the file. */
static void
assert_refused (Fixture     *fixture,
                const char  *path,
                const char  *data,
                gssize       length,
                const char  *expect_in_message)
{
  g_autoptr(TlEventDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  if (data != NULL)
    g_assert_true (g_file_set_contents (path, data, length, NULL));
  document = tl_event_document_load (path, TL_EVENT_FORMAT_SPORTSCODE, &error);
  g_assert_null (document);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  if (expect_in_message != NULL)
    g_assert_nonnull (strstr (error->message, expect_in_message));
  g_assert_cmpuint (n_events (fixture, fixture->match_a), ==, 0);
}

static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "hostile.xml");
  g_autofree char *latin1 = NULL;
  g_autofree char *truncated = g_strndup (real_style, sizeof real_style / 2);
  g_autoptr(GBytes) utf16 = sportscode_utf16 (real_style);
  g_autofree char *negative = NULL;
  g_autofree char *nan = NULL;
  g_autofree char *backwards = NULL;
  g_autofree char *deep = NULL;
  const char *laughs =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE file [\n"
    " <!ENTITY a \"lollollollollollollollollollol\">\n"
    " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
    " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
    " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
    " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
    " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
    " <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
    "]>\n"
    "<file><ALL_INSTANCES><instance><code>&g;</code><start>1</start><end>2</end></instance>"
    "</ALL_INSTANCES></file>\n";
  const char *xxe =
    "<!DOCTYPE file [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n"
    "<file><ALL_INSTANCES><instance><code>&x;</code><start>1</start><end>2</end></instance>"
    "</ALL_INSTANCES></file>\n";
  const char *undeclared =
    "<file><ALL_INSTANCES><instance><code>&x;</code><start>1</start><end>2</end></instance>"
    "</ALL_INSTANCES></file>\n";
  const char *no_code =
    "<file>\n<ALL_INSTANCES>\n<instance>\n<start>1</start>\n<end>2</end>\n</instance>\n"
    "</ALL_INSTANCES>\n</file>\n";
  const char *not_file = "<html><body>hello</body></html>";
  const char *bad_color =
    "<file><ROWS><row><code>A</code><R>70000</R><G>0</G><B>0</B></row></ROWS></file>";

  latin1 = g_strdup ("<file><ALL_INSTANCES><instance><code>Tor f\xfcr Heim</code>"
                     "<start>1</start><end>2</end></instance></ALL_INSTANCES></file>");
  negative = g_strdup ("<file>\n<ALL_INSTANCES>\n<instance>\n<code>A</code>\n"
                       "<start>-3</start>\n<end>2</end>\n</instance>\n</ALL_INSTANCES>\n</file>\n");
  nan = g_strdup ("<file>\n<ALL_INSTANCES>\n<instance>\n<code>A</code>\n<start>1</start>\n"
                  "<end>NaN</end>\n</instance>\n</ALL_INSTANCES>\n</file>\n");
  backwards = g_strdup ("<file>\n<ALL_INSTANCES>\n<instance>\n<code>A</code>\n<start>9</start>\n"
                        "<end>2</end>\n</instance>\n</ALL_INSTANCES>\n</file>\n");
  {
    GString *nest = g_string_new ("<file>");

    for (int i = 0; i < 100000; i++)
      g_string_append (nest, "<a>");
    deep = g_string_free (nest, FALSE);
  }

  assert_refused (fixture, path, truncated, -1, ":");
  /* A UTF-16 file cut in the middle of a character. */
  assert_refused (fixture, path, g_bytes_get_data (utf16, NULL), g_bytes_get_size (utf16) - 1,
                  "UTF-16");
  assert_refused (fixture, path, latin1, -1, ":1: not UTF-8");
  assert_refused (fixture, path, laughs, -1, ":2:");
  assert_refused (fixture, path, xxe, -1, ":1:");
  assert_refused (fixture, path, undeclared, -1, ":1:");
  assert_refused (fixture, path, negative, -1, ":5:");
  assert_refused (fixture, path, nan, -1, ":6:");
  assert_refused (fixture, path, backwards, -1, ":3:");
  assert_refused (fixture, path, no_code, -1, ":3:");
  assert_refused (fixture, path, not_file, -1, "<file>");
  assert_refused (fixture, path, bad_color, -1, "65535");
  assert_refused (fixture, path, deep, -1, NULL);
  assert_refused (fixture, path, "", 0, NULL);

  /* 100 MB of garbage: refused by its size, before any parsing. */
  {
    g_autofree char *garbage_path = path_in (fixture, "garbage.xml");
    FILE *file = g_fopen (garbage_path, "wb");
    char block[65536];
    g_autoptr(GTimer) timer = g_timer_new ();

    for (gsize i = 0; i < sizeof block; i++)
      block[i] = (char) g_test_rand_int_range (0, 256);
    for (int i = 0; i < 100 * 16; i++)
      g_assert_cmpuint (fwrite (block, 1, sizeof block, file), ==, sizeof block);
    fclose (file);
    g_timer_start (timer);
    assert_refused (fixture, garbage_path, NULL, 0, "too large");
    g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 10);
    g_unlink (garbage_path);
  }

  /* 200 good instances and a bad one: nothing is imported. */
  {
    GString *many = g_string_new ("<file>\n<ALL_INSTANCES>\n");

    for (int i = 0; i < 200; i++)
      g_string_append_printf (many, "<instance><code>A</code><start>%d</start><end>%d</end>"
                                    "</instance>\n", i, i + 1);
    g_string_append (many, "<instance><code>A</code><start>5</start><end>x</end></instance>\n"
                           "</ALL_INSTANCES>\n</file>\n");
    assert_refused (fixture, path, many->str, (gssize) many->len, ":203:");
    g_string_free (many, TRUE);
  }
}

static void
test_hostile_csv_json (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "hostile");
  struct { TlEventFormat format; const char *text; const char *expect; } cases[] = {
    { TL_EVENT_FORMAT_CSV, "", "empty" },
    { TL_EVENT_FORMAT_CSV, "code,start_s\nA,1\n", ":1:" },
    { TL_EVENT_FORMAT_CSV, "code,start_s,end_s\nA,1,2\nB,-1,2\n", ":3:" },
    { TL_EVENT_FORMAT_CSV, "code,start_s,end_s\nA,1,nan\n", ":2:" },
    { TL_EVENT_FORMAT_CSV, "code,start_s,end_s\nA,5,2\n", ":2:" },
    { TL_EVENT_FORMAT_CSV, "code,start_s,end_s,note\nA,1,2,\"never closed\n", ":2:" },
    { TL_EVENT_FORMAT_CSV, "code,start_s,end_s\n,1,2\n", ":2:" },
    { TL_EVENT_FORMAT_CSV, "code,start_s,end_s,color\nA,1,2,blue\n", ":2:" },
    { TL_EVENT_FORMAT_CSV, "code,start_s,end_s\nA,1,2\n\xff\xfe,1,2\n", ":3:" },
    { TL_EVENT_FORMAT_JSON, "{\"touchline_events\": 1, \"events\": [", NULL },
    { TL_EVENT_FORMAT_JSON, "[]", "touchline_events" },
    { TL_EVENT_FORMAT_JSON, "{\"touchline_events\": 1, \"events\": [{\"code\": \"A\","
                            " \"start_ns\": -5, \"end_ns\": 2}]}", "event 1" },
    { TL_EVENT_FORMAT_JSON, "{\"touchline_events\": 1, \"events\": [{\"code\": \"A\","
                            " \"start_s\": 9, \"end_s\": 2}]}", "event 1" },
    { TL_EVENT_FORMAT_JSON, "{\"touchline_events\": 1, \"events\": [{\"code\": \"A\","
                            " \"start_s\": 1, \"end_s\": 2}, {\"code\": 5}]}", "event 2" },
  };

  /* Well-formed, but naming a team this library does not have: refused at import, whole. */
  {
    g_autoptr(TlEventDocument) document = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_set_contents (path, "code,start_s,end_s,team_id\nA,1,2,\nB,3,4,77\n",
                                        -1, NULL));
    document = tl_event_document_load (path, TL_EVENT_FORMAT_CSV, &error);
    g_assert_no_error (error);
    g_assert_false (tl_event_files_import (events_of (fixture, fixture->match_a),
                                           tl_library_get_store (fixture->library), document,
                                           NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_nonnull (strstr (error->message, "event 2: team 77"));
    g_assert_cmpuint (n_events (fixture, fixture->match_a), ==, 0);
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TlEventDocument) document = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (path, cases[i].text, -1, NULL));
      document = tl_event_document_load (path, cases[i].format, &error);
      g_assert_null (document);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, path));
      if (cases[i].expect != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].expect));
    }
}

/* A GByteArray is a GArray of bytes; GLib 2.74 has no insert for it. */
static void
insert_bytes (GByteArray   *bytes,
              guint         at,
              const guint8 *data,
              guint         length)
{
  g_array_insert_vals ((GArray *) bytes, at, data, length);
}

/* Random damage to a valid file, many times: never a crash, and an import is all or nothing.
 * TL_FUZZ_ITERATIONS runs it longer by hand. */
static void
test_fuzz_sportscode (Fixture       *fixture,
                      gconstpointer  data)
{
  TlMatchEvents *events = events_of (fixture, fixture->match_a);
  TlStore *store = tl_library_get_store (fixture->library);
  g_autoptr(GBytes) utf16 = sportscode_utf16 (real_style);
  const char *env = g_getenv ("TL_FUZZ_ITERATIONS");
  guint iterations = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 400;
  const char *snippets[] = { "<", ">", "</instance>", "<instance>", "&", "&amp;", "<!ENTITY",
                             "-", "NaN", "1e999", "\xff", "\xc3", "\0", "<label>", "]]>" };
  guint accepted = 0;

  for (guint n = 0; n < iterations; n++)
    {
      GByteArray *bytes = g_byte_array_new ();
      g_autoptr(TlEventDocument) document = NULL;
      g_autoptr(GError) error = NULL;
      guint before = n_events (fixture, fixture->match_a);
      guint mutations = g_test_rand_int_range (1, 4);

      if (n % 3 == 0)
        g_byte_array_append (bytes, g_bytes_get_data (utf16, NULL), g_bytes_get_size (utf16));
      else
        g_byte_array_append (bytes, (const guint8 *) real_style, sizeof real_style - 1);

      for (guint m = 0; m < mutations && bytes->len > 0; m++)
        {
          guint at = g_test_rand_int_range (0, bytes->len);

          switch (g_test_rand_int_range (0, 7))
            {
            case 5:   /* change a digit: times, colours and ids stay XML but go wrong */
            case 6:
              {
                const char *swaps = "0123456789.-eN+ ";
                guint digit = at;

                while (digit < bytes->len && !g_ascii_isdigit (bytes->data[digit]))
                  digit++;
                if (digit < bytes->len)
                  bytes->data[digit] = swaps[g_test_rand_int_range (0, strlen (swaps))];
              }
              break;
            case 0:   /* flip a byte */
              bytes->data[at] ^= (guint8) g_test_rand_int_range (1, 256);
              break;
            case 1:   /* cut the end off */
              g_byte_array_set_size (bytes, at);
              break;
            case 2:   /* drop a stretch */
              {
                guint len = (guint) g_test_rand_int_range (1, 40);

                g_byte_array_remove_range (bytes, at, MIN (bytes->len - at, len));
              }
              break;
            case 3:   /* insert something XML cares about */
              {
                const char *s = snippets[g_test_rand_int_range (0, G_N_ELEMENTS (snippets))];

                insert_bytes (bytes, at, (const guint8 *) s, MAX (1, strlen (s)));
              }
              break;
            default:  /* repeat a stretch */
              {
                guint want = (guint) g_test_rand_int_range (1, 200);
                guint len = MIN (bytes->len - at, want);
                g_autofree guint8 *copy = g_memdup2 (bytes->data + at, len);

                insert_bytes (bytes, g_test_rand_int_range (0, bytes->len), copy, len);
              }
              break;
            }
        }

      document = tl_event_document_parse ((const char *) bytes->data, bytes->len,
                                          TL_EVENT_FORMAT_SPORTSCODE, "fuzz.xml", &error);
      if (document == NULL)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
          g_assert_true (g_str_has_prefix (error->message, "fuzz.xml"));
        }
      else
        {
          guint n_new = document->events->len;

          g_assert_true (tl_event_files_import (events, store, document, NULL, NULL, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (n_events (fixture, fixture->match_a), ==, before + n_new);
          accepted++;
        }
      g_byte_array_unref (bytes);
    }

  g_test_message ("%u of %u damaged files parsed", accepted, iterations);
  g_assert_true (tl_store_check_integrity (store, NULL));
}

static void
test_match_sheet (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TlMatchSheet *sheet = tl_library_get_match_sheet (fixture->library, fixture->match_a, &error);
  TlMatchSheet *other;
  TlTeam *home, *away;
  TlSquadPlayer *player;
  struct { double t; const char *clock; } clocks[] = {
    { 10, NULL },            /* before kick-off */
    { 60, "0:00" },
    { 60 + 67, "1:07" },
    { 60 + 45 * 60 + 130, "45+2:10" },
    { 60 + 48 * 60 + 1, NULL },   /* half time */
    { 3600 + 22 * 60 + 12, "67:12" },
    { 3600 + 47 * 60, "90+2:00" },
  };

  g_assert_no_error (error);
  g_assert_null (tl_match_sheet_get_team (sheet, TL_SIDE_HOME));

  home = tl_match_sheet_set_team (sheet, TL_SIDE_HOME, "FC Example", "#e01b24", NULL, &error);
  g_assert_no_error (error);
  away = tl_match_sheet_set_team (sheet, TL_SIDE_AWAY, "Sample United", "#1c71d8", "#ffffff",
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_team_get_color (home), ==, "#e01b24");
  g_assert_true (tl_match_sheet_find_team (sheet, "fc example") == home);
  g_assert_null (tl_match_sheet_set_team (sheet, TL_SIDE_HOME, "X", "red", NULL, &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);

  player = tl_match_sheet_add_player (sheet, TL_SIDE_HOME, 10, "Ada Striker", "FW", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl_squad_player_get_number (player), ==, 10);
  tl_match_sheet_add_player (sheet, TL_SIDE_HOME, 1, "Bea Keeper", "GK", TRUE, &error);
  tl_match_sheet_add_player (sheet, TL_SIDE_AWAY, 10, "Cleo Ten", NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_null (tl_match_sheet_add_player (sheet, TL_SIDE_HOME, 10, "Someone Else", NULL, TRUE,
                                            &error));
  g_assert_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (tl_match_sheet_get_players (sheet)), ==, 3);
  g_assert_cmpstr (tl_squad_player_get_name (tl_match_sheet_find_player (
    sheet, tl_team_get_id (away), 10)), ==, "Cleo Ten");

  /* Squads are reused: the same team on another match brings its players. */
  other = tl_library_get_match_sheet (fixture->library, fixture->match_b, &error);
  g_assert_nonnull (tl_match_sheet_set_team (other, TL_SIDE_AWAY, "FC Example", NULL, NULL,
                                             &error));
  g_assert_cmpint (tl_match_sheet_add_squad (other, TL_SIDE_AWAY, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_team_get_color (tl_match_sheet_get_team (other, TL_SIDE_AWAY)), ==,
                   "#e01b24");
  g_assert_cmpuint (g_list_model_get_n_items (tl_match_sheet_get_players (other)), ==, 2);

  /* Kick-offs at 1:00 and 60:00 of the file; the first half ended after 48 minutes. */
  g_assert_true (tl_match_sheet_set_period (sheet, 1, NULL, S (60), S (60 + 48 * 60), -1,
                                            &error));
  g_assert_true (tl_match_sheet_set_period (sheet, 2, NULL, S (3600), -1, -1, &error));
  g_assert_no_error (error);
  g_assert_false (tl_match_sheet_set_period (sheet, 3, NULL, S (10), S (5), -1, &error));
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (clocks); i++)
    {
      g_autofree char *clock = tl_match_sheet_format_clock (sheet, S (clocks[i].t));

      g_assert_cmpstr (clock, ==, clocks[i].clock);
    }
  g_assert_cmpstr (tl_period_get_name (tl_match_sheet_period_at (sheet, S (4000))), ==,
                   "2nd half");

  /* Everything was saved. */
  g_clear_object (&fixture->library);
  fixture->library = tl_library_open (fixture->dir, &error);
  sheet = tl_library_get_match_sheet (fixture->library, fixture->match_a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_team_get_name (tl_match_sheet_get_team (sheet, TL_SIDE_AWAY)), ==,
                   "Sample United");
  g_assert_cmpuint (g_list_model_get_n_items (tl_match_sheet_get_periods (sheet)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (tl_match_sheet_get_players (sheet)), ==, 3);
}

/* touchline-cli */

typedef struct
{
  char *dir;
  char *library;
  char *video;
} CliFixture;

/* touchline-cli --library LIBRARY ARGS..., into `run`. */
#define CLI(...) tl_test_run_cli (fixture->library, &run, __VA_ARGS__, NULL)

static void
cli_set_up (CliFixture    *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(TlTestRun) run = { 0, };

  if (g_getenv ("TOUCHLINE_CLI") == NULL)
    {
      g_test_skip ("TOUCHLINE_CLI is not set (run through meson test)");
      return;
    }
  fixture->dir = g_dir_make_tmp ("touchline-events-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->library = g_build_filename (fixture->dir, "library", NULL);
  fixture->video = g_build_filename (fixture->dir, "match.mp4", NULL);
  g_assert_true (tl_test_media_make (fixture->video, TL_TEST_MEDIA_H264_MP4, 1, 7, &error));
  g_assert_no_error (error);
  CLI ("import", fixture->video);
  g_assert_cmpint (run.status, ==, 0);
}

static void
cli_tear_down (CliFixture    *fixture,
               gconstpointer  data)
{
  if (fixture->dir != NULL)
    tl_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->library);
  g_free (fixture->video);
}

static void
test_cli_contract (CliFixture    *fixture,
                   gconstpointer  data)
{
  g_autofree char *xml = g_build_filename (fixture->dir, "events.xml", NULL);
  g_autofree char *csv = g_build_filename (fixture->dir, "events.csv", NULL);
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.xml", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(TlTestRun) run = { 0, };
  g_auto(GStrv) fields = NULL;
  JsonArray *events;
  gsize length = 0;
  g_autofree char *bytes = NULL;

  if (g_test_failed () || fixture->dir == NULL)
    return;

  /* The default template's Goal: 15 s lead, 10 s lag, its colour. */
  CLI ("tag", "1", "--code", "Goal", "--at", "60", "--label", "Outcome:Won",
       "--label", "Body part:Head", "--note", "a, b");
  g_assert_cmpint (run.status, ==, 0);
  fields = g_strsplit (g_strchomp (run.out), "\t", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 9);
  g_assert_cmpstr (fields[1], ==, "45");
  g_assert_cmpstr (fields[2], ==, "70");
  g_assert_cmpstr (fields[4], ==, "Goal");
  g_assert_cmpstr (fields[5], ==, "Outcome:Won;Body part:Head");
  CLI ("tag", "1", "--code", "Own code", "--at", "10.25", "--lead", "1", "--lag", "0.5");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (tl_test_db_count (fixture->library, "SELECT count(*) FROM events WHERE"
                             " start_ns = 9250000000 AND end_ns = 10750000000"), ==, 1);

  /* Usage errors exit 2, user errors 1 with "error: ". */
  CLI ("tag", "1", "--code", "Goal");
  g_assert_cmpint (run.status, ==, 2);
  CLI ("tag", "1", "--code", "Goal", "--at", "-4");
  g_assert_cmpint (run.status, ==, 2);
  CLI ("tag", "7", "--code", "Goal", "--at", "4");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "error: "));
  CLI ("tag", "1", "--code", "Goal", "--at", "4", "--team", "Nobody");
  g_assert_cmpint (run.status, ==, 1);
  CLI ("tag", "1", "--code", "Goal", "--at", "4", "--label", "Outcome:");
  g_assert_cmpint (run.status, ==, 1);
  CLI ("export-events", "1", "--format", "csv", "--utf16", "-o", csv);
  g_assert_cmpint (run.status, ==, 2);
  CLI ("export-events", "1", "--format", "pdf", "-o", csv);
  g_assert_cmpint (run.status, ==, 2);

  CLI ("events", "1");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "2\t9.25\t10.75\t-\tOwn code\t"));
  CLI ("events", "1", "--json");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  events = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 1),
                                                  "note"), ==, "a, b");

  /* Export as Sportscode UTF-16 and import it back: the summary counts, and the events double. */
  CLI ("export-events", "1", "--format", "sportscode", "--utf16", "-o", xml);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (xml, &bytes, &length, NULL));
  g_assert_cmpuint (length, >, 2);
  g_assert_cmpint ((guchar) bytes[0], ==, 0xFF);
  g_assert_cmpint ((guchar) bytes[1], ==, 0xFE);
  CLI ("import-events", "1", xml);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "imported 2 instances, 2 codes and 2 labels"));
  g_assert_cmpint (tl_test_db_count (fixture->library, "SELECT count(*) FROM events"), ==, 4);

  CLI ("export-events", "1", "-o", csv);
  g_assert_cmpint (run.status, ==, 0);
  CLI ("import-events", "1", csv);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "imported 4 instances"));

  /* A bad file: exit 1, file and line named, nothing imported. */
  g_assert_true (g_file_set_contents (bad, "<file>\n<ALL_INSTANCES>\n<instance><code>A</code>"
                                           "<start>4</start><end>1</end></instance>\n", -1, NULL));
  CLI ("import-events", "1", bad);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "error: "));
  g_assert_nonnull (strstr (run.err, bad));
  g_assert_cmpint (tl_test_db_count (fixture->library, "SELECT count(*) FROM events"), ==, 8);
}

static void
test_cli_team_player (CliFixture    *fixture,
                      gconstpointer  data)
{
  g_autoptr(TlLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(TlTestRun) run = { 0, };
  TlMatchSheet *sheet;

  if (g_test_failed () || fixture->dir == NULL)
    return;

  library = tl_library_open (fixture->library, &error);
  g_assert_no_error (error);
  sheet = tl_library_get_match_sheet (library, 1, &error);
  g_assert_no_error (error);
  tl_match_sheet_set_team (sheet, TL_SIDE_HOME, "Home FC", NULL, NULL, &error);
  tl_match_sheet_set_team (sheet, TL_SIDE_AWAY, "Away FC", NULL, NULL, &error);
  tl_match_sheet_add_player (sheet, TL_SIDE_HOME, 9, "Nine Home", NULL, TRUE, &error);
  tl_match_sheet_add_player (sheet, TL_SIDE_AWAY, 9, "Nine Away", NULL, TRUE, &error);
  tl_match_sheet_add_player (sheet, TL_SIDE_AWAY, 4, "Four Away", NULL, TRUE, &error);
  tl_match_sheet_set_period (sheet, 1, NULL, S (0.5), -1, -1, &error);
  g_assert_no_error (error);

  CLI ("tag", "1", "--code", "Foul", "--at", "0.75", "--player", "4");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\t0:00\tFoul\t-\tAway FC\t4 Four Away\t"));
  CLI ("tag", "1", "--code", "Foul", "--at", "1", "--player", "9");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--team"));
  CLI ("tag", "1", "--code", "Foul", "--at", "1", "--team", "home fc", "--player", "9");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\tHome FC\t9 Nine Home\t"));

  /* To Sportscode and back: teams and players travel as labels and come back as such. */
  {
    g_autofree char *xml = g_build_filename (fixture->dir, "teams.xml", NULL);
    g_autofree char *text = NULL;

    CLI ("export-events", "1", "-o", xml);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (xml, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "<group>Team</group>\n        <text>Away FC</text>"));
    g_assert_nonnull (strstr (text, "<group>Player</group>\n        <text>4 Four Away</text>"));
    CLI ("import-events", "1", xml);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpint (tl_test_db_count (fixture->library, "SELECT count(*) FROM events"
                                       " WHERE player_id IS NOT NULL"), ==, 4);
    g_assert_cmpint (tl_test_db_count (fixture->library, "SELECT count(*) FROM event_labels"),
                     ==, 0);
  }
}

/* kill -9 in the middle of a stream of tags: every tag the CLI acknowledged is in the file. */
static void
test_cli_kill_stream (CliFixture    *fixture,
                      gconstpointer  data)
{
  const char *argv[] = { g_getenv ("TOUCHLINE_CLI"), "--library", fixture->library, "tag", "1",
                         "--stdin", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) acks = NULL;
  g_autoptr(GArray) acked = g_array_new (FALSE, FALSE, sizeof (gint64));
  GOutputStream *in;

  if (g_test_failed () || fixture->dir == NULL)
    return;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE
                               | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  in = g_subprocess_get_stdin_pipe (process);
  acks = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  /* Keep tags in flight: write ahead of the acknowledgements, kill after the 60th. */
  for (guint i = 0; i < 200 && acked->len < 60; i++)
    {
      g_autofree char *line = g_strdup_printf ("%u.%03u Press\n", i / 4, (i % 4) * 250);

      g_assert_true (g_output_stream_write_all (in, line, strlen (line), NULL, NULL, &error));
      g_assert_true (g_output_stream_flush (in, NULL, &error));
      if (i >= 5)
        {
          g_autofree char *ack = g_data_input_stream_read_line (acks, NULL, NULL, &error);
          gint64 id;

          g_assert_no_error (error);
          g_assert_nonnull (ack);
          id = g_ascii_strtoll (ack, NULL, 10);
          g_assert_cmpint (id, >, 0);
          g_array_append_val (acked, id);
        }
    }
  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));

  g_assert_cmpuint (acked->len, ==, 60);
  for (guint i = 0; i < acked->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM events WHERE id = %"
                                              G_GINT64_FORMAT, g_array_index (acked, gint64, i));

      g_assert_cmpint (tl_test_db_count (fixture->library, sql), ==, 1);
    }
  g_assert_cmpint (tl_test_db_count (fixture->library, "SELECT count(*) FROM events"), >=, 60);

  /* The library opens cleanly after the kill. */
  {
    g_autoptr(TlLibrary) library = tl_library_open (fixture->library, &error);

    g_assert_no_error (error);
    g_assert_true (tl_store_check_integrity (tl_library_get_store (library), &error));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/event-files/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/event-files/seconds", test_seconds);
  ADD ("round-trip/sportscode", test_round_trip_sportscode);
  ADD ("round-trip/sportscode-utf16", test_round_trip_sportscode_utf16);
  ADD ("round-trip/sportscode-teams", test_round_trip_sportscode_teams);
  ADD ("round-trip/csv", test_round_trip_csv);
  ADD ("round-trip/json", test_round_trip_json);
  ADD ("sportscode-utf16-bom-cr", test_sportscode_utf16_file);
  ADD ("hostile/sportscode", test_hostile);
  ADD ("hostile/csv-json", test_hostile_csv_json);
  ADD ("fuzz/sportscode", test_fuzz_sportscode);
  ADD ("match-sheet", test_match_sheet);
#undef ADD
#define ADD_CLI(name, func) \
  g_test_add ("/event-files/cli/" name, CliFixture, NULL, cli_set_up, func, cli_tear_down)
  ADD_CLI ("contract", test_cli_contract);
  ADD_CLI ("team-player", test_cli_team_player);
  ADD_CLI ("kill-stream", test_cli_kill_stream);
#undef ADD_CLI

  return g_test_run ();
}
