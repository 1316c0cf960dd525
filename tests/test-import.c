/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-import.c: TlImporter on real files: formats, hashes, posters, projection, bad files. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>

#include "tl-demo-generator.h"
#include "tl-importer.h"
#include "tl-library.h"
#include "tl-test-media.h"

#define MIB (1024 * 1024)
/* Generated clips are 25 fps. */
#define FRAME_NS (GST_SECOND / 25)

typedef struct
{
  char       *dir;
  char       *poster_dir;
  TlImporter *importer;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("tl-import-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->poster_dir = g_build_filename (fixture->dir, "posters", NULL);
  fixture->importer = tl_importer_new (fixture->poster_dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->importer);
  tl_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->poster_dir, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static char *
make_media (Fixture     *fixture,
            const char  *name,
            TlTestMedia  kind,
            double       seconds,
            guint        seed)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  tl_test_media_make (path, kind, seconds, seed, &error);
  g_assert_no_error (error);

  return path;
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  return path;
}

/* Reads width and height from the IHDR chunk, which a PNG must start with. */
static void
assert_png_size (const char *path,
                 guint       width,
                 guint       height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const guchar *bytes;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 24);
  bytes = (const guchar *) contents;
  g_assert_cmpmem (bytes, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpmem (bytes + 12, 4, "IHDR", 4);
  g_assert_cmpuint (GST_READ_UINT32_BE (bytes + 16), ==, width);
  g_assert_cmpuint (GST_READ_UINT32_BE (bytes + 20), ==, height);
}

static TlMatchInfo *
examine_ok (Fixture    *fixture,
            const char *path)
{
  g_autoptr(GError) error = NULL;
  TlMatchInfo *info = tl_importer_examine (fixture->importer, path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);

  return info;
}

static void
assert_refused (Fixture       *fixture,
                const char    *path,
                TlImportError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlMatchInfo) info = tl_importer_examine (fixture->importer, path, NULL, &error);

  g_assert_null (info);
  g_assert_error (error, TL_IMPORT_ERROR, (int) code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  /* Callers print "error: PATH: MESSAGE", so the message itself must not repeat the path. */
  g_assert_null (strstr (error->message, path));
  g_test_message ("%s: %s", path, error->message);
}

/* Formats --------------------------------------------------------------------------------- */

typedef struct
{
  TlTestMedia  kind;
  const char  *name;
  gboolean     has_audio;
} FormatCase;

static const FormatCase format_cases[] = {
  { TL_TEST_MEDIA_H264_MP4, "h264-mp4", FALSE },
  { TL_TEST_MEDIA_H264_AAC_MP4, "h264-aac-mp4", TRUE },
  { TL_TEST_MEDIA_VP8_WEBM, "vp8-webm", FALSE },
  { TL_TEST_MEDIA_VP8_VORBIS_WEBM, "vp8-vorbis-webm", TRUE },
};

static void
test_format (Fixture       *fixture,
             gconstpointer  data)
{
  const FormatCase *format = data;
  const char *extension = strstr (format->name, "webm") ? "webm" : "mp4";
  g_autofree char *name = g_strdup_printf ("Final 2024.%s", extension);
  g_autofree char *path = make_media (fixture, name, format->kind, 2.0, 1);
  g_autofree char *expected_poster = NULL;
  g_autofree char *size_prefix = NULL;
  g_autoptr(TlMatchInfo) info = examine_ok (fixture, path);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);

  g_assert_cmpint (info->id, ==, 0);
  g_assert_cmpstr (info->title, ==, "Final 2024");
  g_assert_cmpstr (info->file_path, ==, path);
  g_assert_true (g_path_is_absolute (info->file_path));
  g_assert_cmpint (info->file_size, ==, st.st_size);

  g_assert_cmpint (info->width, ==, 320);
  g_assert_cmpint (info->height, ==, 180);
  g_assert_cmpint (info->fps_num, ==, 25);
  g_assert_cmpint (info->fps_den, ==, 1);
  /* Within a frame: audio (AAC priming, the last Vorbis packet) may end a little after the
   * last video frame. */
  g_assert_cmpint (info->duration_ns, >=, 2 * GST_SECOND - FRAME_NS);
  g_assert_cmpint (info->duration_ns, <=, 2 * GST_SECOND + FRAME_NS);

  g_assert_nonnull (info->container);
  g_assert_cmpstr (info->container, !=, "");
  g_assert_nonnull (info->video_codec);
  g_assert_cmpstr (info->video_codec, !=, "");
  if (format->has_audio)
    {
      g_assert_nonnull (info->audio_codec);
      g_assert_cmpstr (info->audio_codec, !=, "");
    }
  else
    {
      g_assert_null (info->audio_codec);
    }
  g_test_message ("%s: container %s, video %s, audio %s, %" G_GINT64_FORMAT " ms", format->name,
                  info->container, info->video_codec,
                  info->audio_codec ? info->audio_codec : "none", info->duration_ns / GST_MSECOND);

  /* "SIZE:HEX", SHA-256 in lower-case hex. */
  size_prefix = g_strdup_printf ("%" G_GINT64_FORMAT ":", (gint64) st.st_size);
  g_assert_true (g_str_has_prefix (info->content_hash, size_prefix));
  g_assert_cmpuint (strlen (info->content_hash), ==, strlen (size_prefix) + 64);
  g_assert_cmpuint (strspn (info->content_hash + strlen (size_prefix), "0123456789abcdef"), ==,
                    64);

  expected_poster = g_strdup_printf ("%s/%s.png", fixture->poster_dir, info->content_hash);
  g_strdelimit (expected_poster + strlen (fixture->poster_dir), ":", '-');
  g_assert_cmpstr (info->poster_path, ==, expected_poster);
  assert_png_size (info->poster_path, 480, 270);

  g_assert_cmpint (info->projection, ==, TL_PROJECTION_FLAT);
  g_assert_nonnull (info->recorded_at);
  g_assert_nonnull (info->imported_at);
  g_assert_cmpint (g_date_time_get_utc_offset (info->imported_at), ==, 0);
  g_assert_cmpint (info->analysis_state, ==, TL_ANALYSIS_STATE_NONE);
}

/* A relative path comes back absolute, and the title drops only the last extension. */
static void
test_relative_path (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = make_media (fixture, "derby.half-1.mp4", TL_TEST_MEDIA_H264_MP4, 1.0,
                                      3);
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(TlMatchInfo) info = NULL;

  g_assert_cmpint (g_chdir (fixture->dir), ==, 0);
  info = examine_ok (fixture, "./derby.half-1.mp4");
  g_assert_cmpint (g_chdir (cwd), ==, 0);

  g_assert_cmpstr (info->file_path, ==, path);
  g_assert_cmpstr (info->title, ==, "derby.half-1");
}

/* Hash --------------------------------------------------------------------------------------- */

static void
test_hash_identity (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *first = make_media (fixture, "first.mp4", TL_TEST_MEDIA_H264_MP4, 1.0, 1);
  g_autofree char *second = make_media (fixture, "second.mp4", TL_TEST_MEDIA_H264_MP4, 1.0, 2);
  g_autofree char *renamed = g_build_filename (fixture->dir, "renamed copy.mp4", NULL);
  g_autoptr(GFile) first_file = g_file_new_for_path (first);
  g_autoptr(GFile) renamed_file = g_file_new_for_path (renamed);
  g_autoptr(TlMatchInfo) a = NULL;
  g_autoptr(TlMatchInfo) again = NULL;
  g_autoptr(TlMatchInfo) b = NULL;
  g_autoptr(TlMatchInfo) copy = NULL;
  g_autoptr(GError) error = NULL;

  g_file_copy (first_file, renamed_file, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  a = examine_ok (fixture, first);
  again = examine_ok (fixture, first);
  b = examine_ok (fixture, second);
  copy = examine_ok (fixture, renamed);

  g_assert_cmpstr (a->content_hash, ==, again->content_hash);
  g_assert_cmpstr (a->content_hash, !=, b->content_hash);
  g_assert_cmpstr (a->content_hash, ==, copy->content_hash);
  g_assert_cmpstr (copy->title, ==, "renamed copy");
  /* Same content, same poster file. */
  g_assert_cmpstr (a->poster_path, ==, copy->poster_path);
  g_assert_cmpstr (a->poster_path, !=, b->poster_path);
}

static char *
expected_hash (const guchar *bytes,
               gsize         size)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *size_text = g_strdup_printf ("%" G_GSIZE_FORMAT, size);

  if (size <= 2 * MIB)
    {
      g_checksum_update (checksum, bytes, size);
    }
  else
    {
      g_checksum_update (checksum, bytes, MIB);
      g_checksum_update (checksum, bytes + size - MIB, MIB);
    }
  g_checksum_update (checksum, (const guchar *) size_text, -1);

  return g_strdup_printf ("%s:%s", size_text, g_checksum_get_string (checksum));
}

/* The hash reads only both ends of a big file: the documented trade-off, checked both ways. */
static void
test_hash_big_file (Fixture       *fixture,
                    gconstpointer  data)
{
  gsize size = 3 * MIB + 12345;
  g_autofree guchar *bytes = g_malloc (size);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *path = NULL;
  g_autofree char *small_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *middle_changed = NULL;
  g_autofree char *end_changed = NULL;
  g_autofree char *small_hash = NULL;
  g_autofree char *small_expected = NULL;
  gint64 out_size = 0;

  for (gsize i = 0; i < size; i++)
    bytes[i] = (guchar) g_rand_int (rand);

  path = write_file (fixture, "big.bin", (const char *) bytes, size);
  hash = tl_content_hash_compute (path, &out_size, NULL, &error);
  g_assert_no_error (error);
  expected = expected_hash (bytes, size);
  g_assert_cmpstr (hash, ==, expected);
  g_assert_cmpint (out_size, ==, size);

  bytes[size / 2] ^= 0xff;
  g_file_set_contents (path, (const char *) bytes, size, &error);
  g_assert_no_error (error);
  middle_changed = tl_content_hash_compute (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (middle_changed, ==, hash);

  bytes[size - 10] ^= 0xff;
  g_file_set_contents (path, (const char *) bytes, size, &error);
  g_assert_no_error (error);
  end_changed = tl_content_hash_compute (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (end_changed, !=, hash);

  /* At or under 2 MiB the whole file counts. */
  small_path = write_file (fixture, "small.bin", (const char *) bytes, 2 * MIB);
  small_hash = tl_content_hash_compute (small_path, NULL, NULL, &error);
  g_assert_no_error (error);
  small_expected = expected_hash (bytes, 2 * MIB);
  g_assert_cmpstr (small_hash, ==, small_expected);
}

static void
test_hash_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "nope.mp4", NULL);
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = write_file (fixture, "some.bin", "abc", 3);

  hash = tl_content_hash_compute (missing, NULL, NULL, &error);
  g_assert_null (hash);
  g_assert_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  hash = tl_content_hash_compute (fixture->dir, NULL, NULL, &error);
  g_assert_null (hash);
  g_assert_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NOT_READABLE);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  hash = tl_content_hash_compute (path, NULL, cancellable, &error);
  g_assert_null (hash);
  g_assert_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CANCELLED);
}

/* Projection -------------------------------------------------------------------------------- */

static void
test_projection_panorama (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = make_media (fixture, "pano.mp4", TL_TEST_MEDIA_PANORAMA_MP4, 1.0, 4);
  g_autoptr(TlMatchInfo) info = examine_ok (fixture, path);

  g_assert_cmpint (info->width, ==, 960);
  g_assert_cmpint (info->height, ==, 320);
  g_assert_cmpint (info->projection, ==, TL_PROJECTION_CYLINDRICAL);
  g_assert_cmpfloat_with_epsilon (info->hfov_deg, TL_PANORAMA_DEFAULT_HFOV, 1e-9);
  assert_png_size (info->poster_path, 480, 160);
}

static void
test_projection_flat (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = make_media (fixture, "flat.mp4", TL_TEST_MEDIA_H264_MP4, 1.0, 5);
  g_autoptr(TlMatchInfo) info = examine_ok (fixture, path);

  g_assert_cmpint (info->projection, ==, TL_PROJECTION_FLAT);
  g_assert_cmpfloat_with_epsilon (info->hfov_deg, TL_FLAT_DEFAULT_HFOV, 1e-9);
}

static void
test_projection_guess_off (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = make_media (fixture, "pano.mp4", TL_TEST_MEDIA_PANORAMA_MP4, 1.0, 6);
  g_autoptr(TlMatchInfo) info = NULL;

  tl_importer_set_guess_projection (fixture->importer, FALSE);
  info = examine_ok (fixture, path);

  g_assert_cmpint (info->projection, ==, TL_PROJECTION_FLAT);
  g_assert_cmpfloat_with_epsilon (info->hfov_deg, TL_FLAT_DEFAULT_HFOV, 1e-9);
}

static void
test_projection_custom_hfov (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *pano = make_media (fixture, "pano.mp4", TL_TEST_MEDIA_PANORAMA_MP4, 1.0, 7);
  g_autofree char *flat = make_media (fixture, "flat.mp4", TL_TEST_MEDIA_H264_MP4, 1.0, 7);
  g_autoptr(TlMatchInfo) pano_info = NULL;
  g_autoptr(TlMatchInfo) flat_info = NULL;

  tl_importer_set_panorama_hfov (fixture->importer, 200.0);
  pano_info = examine_ok (fixture, pano);
  flat_info = examine_ok (fixture, flat);

  g_assert_cmpint (pano_info->projection, ==, TL_PROJECTION_CYLINDRICAL);
  g_assert_cmpfloat_with_epsilon (pano_info->hfov_deg, 200.0, 1e-9);
  /* The panorama setting leaves ordinary videos alone. */
  g_assert_cmpfloat_with_epsilon (flat_info->hfov_deg, TL_FLAT_DEFAULT_HFOV, 1e-9);
}

/* Calibration from the demo's sidecar ------------------------------------------------------- */

#define DEMO_WIDTH  960
#define DEMO_HEIGHT 288

/* A small demo match and its sidecar; returns the video's path. */
static char *
make_demo (Fixture    *fixture,
           const char *name)
{
  g_autoptr(TlDemoGenerator) generator = tl_demo_generator_new ();
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_object_set (generator, "width", DEMO_WIDTH, "height", DEMO_HEIGHT, "seconds", 2.0,
                "seed", (guint64) 3, NULL);
  tl_demo_generator_run (generator, path, NULL, &error);
  g_assert_no_error (error);

  return path;
}

static JsonNode *
load_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_node_copy (json_parser_get_root (parser));
}

static TlLibrary *
open_library (Fixture *fixture)
{
  g_autofree char *dir = g_build_filename (fixture->dir, "library", NULL);
  g_autoptr(GError) error = NULL;
  TlLibrary *library = tl_library_open (dir, &error);

  g_assert_no_error (error);
  return library;
}

static TlMatch *
import_ok (TlLibrary  *library,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  gboolean duplicate = TRUE;
  TlMatch *match = tl_library_import_file (library, path, &duplicate, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (match);
  g_assert_false (duplicate);

  return match;
}

/* Reads the camera back from the stored JSON by hand (not with the code under test) and checks
 * it against the landmarks of the sidecar. */
static void
assert_calibration_matches_sidecar (const char *calibration,
                                    JsonObject *sidecar)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *cam;
  JsonArray *landmarks;
  TlCameraParams params = { 0, };
  TlCamera camera;
  const double rad = G_PI / 180.0;

  json_parser_load_from_data (parser, calibration, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  cam = json_object_get_object_member (root, "camera");
  g_assert_nonnull (cam);

  g_assert_cmpint (tl_camera_projection_from_string (
                     json_object_get_string_member (root, "projection"), &params.projection),
                   ==, 0);
  g_assert_cmpint (params.projection, ==, TL_CAMERA_CYLINDRICAL);
  params.width = (int) json_object_get_int_member (root, "width");
  params.height = (int) json_object_get_int_member (root, "height");
  params.hfov = json_object_get_double_member (root, "hfov_deg") * rad;
  params.x = json_object_get_double_member (cam, "x");
  params.y = json_object_get_double_member (cam, "y");
  params.z = json_object_get_double_member (cam, "z");
  params.yaw = json_object_get_double_member (cam, "yaw_deg") * rad;
  params.tilt = json_object_get_double_member (cam, "tilt_deg") * rad;
  params.roll = json_object_get_double_member (cam, "roll_deg") * rad;
  g_assert_cmpint (params.width, ==, DEMO_WIDTH);
  g_assert_cmpint (params.height, ==, DEMO_HEIGHT);
  g_assert_cmpint (tl_camera_init (&camera, &params), ==, TL_CAMERA_OK);

  landmarks = json_object_get_array_member (sidecar, "correspondences");
  g_assert_cmpuint (json_array_get_length (landmarks), >=, 8);
  for (guint i = 0; i < json_array_get_length (landmarks); i++)
    {
      JsonObject *landmark = json_array_get_object_element (landmarks, i);
      double u, v;

      g_assert_cmpint (tl_camera_project (&camera, json_object_get_double_member (landmark, "x"),
                                          json_object_get_double_member (landmark, "y"), 0.0,
                                          &u, &v),
                       ==, TL_CAMERA_VISIBLE);
      g_assert_cmpfloat (fabs (u - json_object_get_double_member (landmark, "u")), <=, 1.0);
      g_assert_cmpfloat (fabs (v - json_object_get_double_member (landmark, "v")), <=, 1.0);
    }
}

static void
test_demo_calibrated (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = make_demo (fixture, "demo.mp4");
  g_autofree char *sidecar_path = tl_demo_sidecar_path_for (path);
  g_autoptr(JsonNode) sidecar_node = load_json (sidecar_path);
  JsonObject *sidecar = json_node_get_object (sidecar_node);
  g_autoptr(TlLibrary) library = open_library (fixture);
  g_autoptr(TlLibrary) reopened = NULL;
  g_autoptr(TlMatch) match = NULL;
  g_autoptr(GError) error = NULL;
  TlCameraParams params;
  TlMatch *loaded;
  gboolean calibrated = FALSE;

  /* The sidecar is a fact: it wins over the importer's settings, which only guess. */
  tl_importer_set_guess_projection (tl_library_get_importer (library), FALSE);
  match = import_ok (library, path);

  g_object_get (match, "calibrated", &calibrated, NULL);
  g_assert_true (calibrated);
  g_assert_true (tl_match_get_calibrated (match));
  g_assert_cmpint (tl_match_get_projection (match), ==, TL_PROJECTION_CYLINDRICAL);
  g_assert_cmpfloat (tl_match_get_hfov (match), ==,
                     json_object_get_double_member (sidecar, "hfov_deg"));
  assert_calibration_matches_sidecar (tl_match_get_calibration (match), sidecar);

  tl_calibration_parse (tl_match_get_calibration (match), &params, &error);
  g_assert_no_error (error);
  g_assert_cmpint (params.width, ==, DEMO_WIDTH);

  /* What was stored is what comes back. */
  g_clear_object (&library);
  reopened = open_library (fixture);
  loaded = tl_library_lookup_match (reopened, tl_match_get_id (match));
  g_assert_nonnull (loaded);
  g_assert_cmpstr (tl_match_get_calibration (loaded), ==, tl_match_get_calibration (match));

  /* Another projection or field of view makes the calibration wrong: it goes. */
  tl_library_set_projection (reopened, loaded, TL_PROJECTION_CYLINDRICAL,
                             tl_match_get_hfov (loaded), &error);
  g_assert_no_error (error);
  g_assert_true (tl_match_get_calibrated (loaded));
  tl_library_set_projection (reopened, loaded, TL_PROJECTION_CYLINDRICAL, 170.0, &error);
  g_assert_no_error (error);
  g_assert_false (tl_match_get_calibrated (loaded));
}

typedef struct
{
  const char *name;
  const char *contents;   /* NULL: the generator's sidecar, edited by @edit */
  void      (*edit) (JsonObject *sidecar);
  gboolean    warns;      /* ours but wrong (a warning), rather than foreign (quiet) */
} BadSidecarCase;

static void
edit_size (JsonObject *sidecar)
{
  json_object_set_int_member (sidecar, "width", DEMO_WIDTH * 2);
}

static void
edit_camera (JsonObject *sidecar)
{
  JsonObject *camera = json_object_get_object_member (sidecar, "camera");

  /* Half a metre off: the landmarks no longer land on their pixels. */
  json_object_set_double_member (camera, "z", json_object_get_double_member (camera, "z") + 0.5);
}

static void
edit_generator (JsonObject *sidecar)
{
  json_object_set_string_member (sidecar, "generator", "someone-else");
}

static void
edit_no_landmarks (JsonObject *sidecar)
{
  json_object_remove_member (sidecar, "correspondences");
}

static const BadSidecarCase bad_sidecar_cases[] = {
  { "garbage", "{\"generator\": \"touchline-demo\", \"format\": 1, \"width\": ", NULL, FALSE },
  { "not-an-object", "[1, 2, 3]", NULL, FALSE },
  { "wrong-size", NULL, edit_size, TRUE },
  { "wrong-camera", NULL, edit_camera, TRUE },
  { "no-landmarks", NULL, edit_no_landmarks, TRUE },
  { "foreign", NULL, edit_generator, FALSE },
};

static void
test_demo_bad_sidecar (Fixture       *fixture,
                       gconstpointer  data)
{
  const BadSidecarCase *bad = data;
  g_autofree char *path = make_demo (fixture, "demo.mp4");
  g_autofree char *sidecar_path = tl_demo_sidecar_path_for (path);
  g_autoptr(TlLibrary) library = open_library (fixture);
  g_autoptr(TlMatch) match = NULL;
  g_autoptr(GError) error = NULL;

  if (bad->contents != NULL)
    g_file_set_contents (sidecar_path, bad->contents, -1, &error);
  else
    {
      g_autoptr(JsonNode) sidecar = load_json (sidecar_path);
      g_autoptr(JsonGenerator) generator = json_generator_new ();

      bad->edit (json_node_get_object (sidecar));
      json_generator_set_root (generator, sidecar);
      json_generator_to_file (generator, sidecar_path, &error);
    }
  g_assert_no_error (error);

  if (bad->warns)
    g_test_expect_message ("Touchline", G_LOG_LEVEL_WARNING,
                           "Ignoring the calibration sidecar*");
  match = import_ok (library, path);
  g_test_assert_expected_messages ();

  /* Imported all the same, with the importer's guess. */
  g_assert_false (tl_match_get_calibrated (match));
  g_assert_null (tl_match_get_calibration (match));
  g_assert_cmpint (tl_match_get_projection (match), ==, TL_PROJECTION_CYLINDRICAL);
  g_assert_cmpfloat (tl_match_get_hfov (match), ==, TL_PANORAMA_DEFAULT_HFOV);
}

/* Bad files --------------------------------------------------------------------------------- */

static void
test_refuse_missing (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "gone.mp4", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlMatchInfo) info = tl_importer_examine (fixture->importer, path, NULL, &error);

  g_assert_null (info);
  g_assert_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "no such file");
}

static void
test_refuse_directory (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "folder.mp4", NULL);

  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  assert_refused (fixture, path, TL_IMPORT_ERROR_NOT_READABLE);
}

static void
test_refuse_empty (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "empty.mp4", "", 0);

  assert_refused (fixture, path, TL_IMPORT_ERROR_EMPTY);
}

static void
test_refuse_text (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "notes.mp4",
                                      "Team sheet\nGK: Neuer\nRB: Kimmich\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlMatchInfo) info = tl_importer_examine (fixture->importer, path, NULL, &error);

  g_assert_null (info);
  g_assert_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NOT_MEDIA);
  g_assert_cmpstr (error->message, ==,
                   "not a video file (GStreamer does not recognise its format)");
}

static void
test_refuse_garbage (Fixture       *fixture,
                     gconstpointer  data)
{
  gsize size = 256 * 1024;
  g_autofree char *bytes = g_malloc (size);
  /* A fixed seed: random bytes can now and then look like MPEG audio to a typefinder. */
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *path = NULL;

  for (gsize i = 0; i < size; i++)
    bytes[i] = (char) g_rand_int (rand);
  path = write_file (fixture, "match.mkv", bytes, size);

  assert_refused (fixture, path, TL_IMPORT_ERROR_NOT_MEDIA);
}

static void
test_refuse_audio_only (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = make_media (fixture, "commentary.ogg", TL_TEST_MEDIA_AUDIO_ONLY_OGG,
                                      1.0, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlMatchInfo) info = tl_importer_examine (fixture->importer, path, NULL, &error);

  g_assert_null (info);
  g_assert_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NO_VIDEO);
  g_assert_cmpstr (error->message, ==, "has no video stream");
}

typedef struct
{
  TlTestMedia  kind;
  const char  *name;
  double       keep;
} TruncatedCase;

static const TruncatedCase truncated_cases[] = {
  { TL_TEST_MEDIA_H264_MP4, "match.mp4", 0.6 },
  { TL_TEST_MEDIA_H264_AAC_MP4, "match-aac.mp4", 0.6 },
  { TL_TEST_MEDIA_VP8_WEBM, "match.webm", 0.6 },
  { TL_TEST_MEDIA_VP8_VORBIS_WEBM, "match-vorbis.webm", 0.6 },
  { TL_TEST_MEDIA_H264_MP4, "match-95.mp4", 0.95 },
  { TL_TEST_MEDIA_VP8_WEBM, "match-95.webm", 0.95 },
};

static void
test_refuse_truncated (Fixture       *fixture,
                       gconstpointer  data)
{
  const TruncatedCase *truncated = data;
  g_autofree char *path = make_media (fixture, truncated->name, truncated->kind, 3.0, 8);
  g_autofree char *cut_name = g_strconcat ("cut-", truncated->name, NULL);
  g_autofree char *cut = g_build_filename (fixture->dir, cut_name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlMatchInfo) whole = NULL;
  g_autoptr(TlMatchInfo) info = NULL;

  /* The uncut file is fine: the refusal below is about the missing tail alone. */
  whole = examine_ok (fixture, path);

  tl_test_media_make_truncated (path, cut, truncated->keep, &error);
  g_assert_no_error (error);

  info = tl_importer_examine (fixture->importer, cut, NULL, &error);
  g_assert_null (info);
  g_assert_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_TRUNCATED);
  g_assert_cmpstr (error->message, ==, "the file ends early (truncated or still downloading?)");
}

/* Cancellation and threads ------------------------------------------------------------------- */

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = make_media (fixture, "match.mp4", TL_TEST_MEDIA_H264_MP4, 1.0, 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TlMatchInfo) info = NULL;

  g_cancellable_cancel (cancellable);
  info = tl_importer_examine (fixture->importer, path, cancellable, &error);

  g_assert_null (info);
  g_assert_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CANCELLED);
  g_assert_false (g_file_test (fixture->poster_dir, G_FILE_TEST_EXISTS));
}

typedef struct
{
  GCancellable *cancellable;
  gulong        delay_us;
} CancelLater;

static gpointer
cancel_later (gpointer data)
{
  CancelLater *later = data;

  g_usleep (later->delay_us);
  g_cancellable_cancel (later->cancellable);

  return NULL;
}

/* Cancelling at any moment (hash, probe, decoding) ends the examination promptly and cleanly:
 * either it finished first, or it says CANCELLED. */
static void
test_cancel_midway (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = make_media (fixture, "match.mp4", TL_TEST_MEDIA_H264_AAC_MP4, 2.0, 1);
  guint n_cancelled = 0;

  /* An examination of this clip takes some tens of milliseconds: 2 ms steps land in every
   * stage. */
  for (gulong delay_us = 0; delay_us <= 50000; delay_us += 2000)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      CancelLater later = { cancellable, delay_us };
      g_autoptr(GError) error = NULL;
      g_autoptr(TlMatchInfo) info = NULL;
      GThread *thread = g_thread_new ("cancel-later", cancel_later, &later);

      info = tl_importer_examine (fixture->importer, path, cancellable, &error);
      g_thread_join (thread);

      g_test_message ("cancel after %lu us: %s", delay_us,
                      info != NULL ? "finished first" : error->message);
      if (info == NULL)
        {
          g_assert_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CANCELLED);
          n_cancelled++;
        }
      else
        {
          g_assert_no_error (error);
        }
    }

  /* At least the immediate cancellation must have landed. */
  g_assert_cmpuint (n_cancelled, >=, 1);
}

typedef struct
{
  TlImporter  *importer;
  char        *path;
  TlMatchInfo *info;
  GError      *error;
} WorkerJob;

static gpointer
examine_in_worker (gpointer data)
{
  WorkerJob *job = data;

  job->info = tl_importer_examine (job->importer, job->path, NULL, &job->error);

  return NULL;
}

/* The importer runs in worker threads, several at once, without a main loop of its own. */
static void
test_worker_threads (Fixture       *fixture,
                     gconstpointer  data)
{
  WorkerJob jobs[3] = { { 0 } };
  GThread *threads[G_N_ELEMENTS (jobs)];

  jobs[0].path = make_media (fixture, "a.mp4", TL_TEST_MEDIA_H264_AAC_MP4, 1.0, 11);
  jobs[1].path = make_media (fixture, "b.webm", TL_TEST_MEDIA_VP8_VORBIS_WEBM, 1.0, 12);
  jobs[2].path = make_media (fixture, "c.mp4", TL_TEST_MEDIA_PANORAMA_MP4, 1.0, 13);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i].importer = fixture->importer;
      threads[i] = g_thread_new ("examine", examine_in_worker, &jobs[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (jobs[i].error);
      g_assert_nonnull (jobs[i].info);
      g_assert_true (g_file_test (jobs[i].info->poster_path, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_cmpint (jobs[2].info->projection, ==, TL_PROJECTION_CYLINDRICAL);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_free (jobs[i].path);
      tl_match_info_free (jobs[i].info);
    }
}

/* Missing decoder ---------------------------------------------------------------------------- */

/* Hides every element of @type that accepts @caps from autoplugging, as on a system where the
 * plugin is not installed. */
static void
hide_elements (GstElementFactoryListType  type,
               const char                *caps)
{
  g_autoptr(GstCaps) sink_caps = gst_caps_from_string (caps);
  GList *factories = gst_element_factory_list_get_elements (type, GST_RANK_NONE);
  GList *matching = gst_element_factory_list_filter (factories, sink_caps, GST_PAD_SINK, FALSE);

  g_assert_nonnull (matching);
  for (GList *l = matching; l != NULL; l = l->next)
    gst_plugin_feature_set_rank (GST_PLUGIN_FEATURE (l->data), GST_RANK_NONE);

  gst_plugin_feature_list_free (matching);
  gst_plugin_feature_list_free (factories);
}

static void
test_missing_decoder (Fixture       *fixture,
                      gconstpointer  data)
{
  /* The registry change must not leak into the other tests: run it in a child. */
  if (g_test_subprocess ())
    {
      g_autofree char *path = make_media (fixture, "match.mp4", TL_TEST_MEDIA_H264_MP4, 1.0, 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(TlMatchInfo) info = NULL;

      /* Without gstreamer1.0-libav: the discoverer only parses, so it is decoding that
       * notices. */
      hide_elements (GST_ELEMENT_FACTORY_TYPE_DECODER, "video/x-h264");
      info = tl_importer_examine (fixture->importer, path, NULL, &error);
      g_assert_null (info);
      g_assert_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_MISSING_PLUGIN);
      g_print ("%s\n", error->message);
      return;
    }

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*cannot be decoded: missing H.264*decoder*"
                             "(install gstreamer1.0-libav)*");
}

static void
test_missing_demuxer (Fixture       *fixture,
                      gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autofree char *path = make_media (fixture, "match.mp4", TL_TEST_MEDIA_H264_MP4, 1.0, 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(TlMatchInfo) info = NULL;

      /* Without the MP4 demuxer the discoverer itself reports the missing plugin. */
      hide_elements (GST_ELEMENT_FACTORY_TYPE_DEMUXER, "video/quicktime");
      info = tl_importer_examine (fixture->importer, path, NULL, &error);
      g_assert_null (info);
      g_assert_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_MISSING_PLUGIN);
      g_print ("%s\n", error->message);
      return;
    }

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*cannot be decoded: missing *demuxer*"
                             "(install gstreamer1.0-plugins-good)*");
}

/* Real footage ------------------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  int         width;
  int         height;
  int         fps_num;
  int         fps_den;
  gint64      min_duration_ns;
} FootageCase;

static const FootageCase footage_cases[] = {
  { "tsukuba-left-3072x1728.mp4", 3072, 1728, 25, 1, 9 * GST_SECOND },
  /* 795 frames at 10 fps. */
  { "opencv-vtest-768x576.avi", 768, 576, 10, 1, 79 * GST_SECOND },
};

static void
test_footage (Fixture       *fixture,
              gconstpointer  data)
{
  const FootageCase *footage = data;
  g_autofree char *dir = tl_test_media_shared_footage_dir ();
  g_autofree char *path = NULL;
  g_autoptr(TlMatchInfo) info = NULL;

  if (dir == NULL)
    {
      g_test_skip ("../shared/footage not found: set TOUCHLINE_SOURCE_DIR to a checkout "
                   "next to shared/");
      return;
    }
  path = g_build_filename (dir, footage->name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *message = g_strdup_printf ("../shared/footage not found: no %s",
                                                  footage->name);

      g_test_skip (message);
      return;
    }

  info = examine_ok (fixture, path);
  g_test_message ("%s: %s, %s, %d/%d fps, %" G_GINT64_FORMAT " ms", footage->name,
                  info->container, info->video_codec, info->fps_num, info->fps_den,
                  info->duration_ns / GST_MSECOND);

  g_assert_cmpint (info->width, ==, footage->width);
  g_assert_cmpint (info->height, ==, footage->height);
  g_assert_cmpint (info->fps_num * footage->fps_den, ==, footage->fps_num * info->fps_den);
  g_assert_cmpint (info->duration_ns, >=, footage->min_duration_ns);
  g_assert_cmpint (info->projection, ==, TL_PROJECTION_FLAT);
  assert_png_size (info->poster_path, 480,
                   (guint) (480.0 * footage->height / footage->width / 2.0 + 0.5) * 2);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  tl_test_media_tolerate_gst_races ();

#define ADD(name, func, data) \
  g_test_add (name, Fixture, data, fixture_set_up, func, fixture_tear_down)

  for (guint i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/import/format/%s", format_cases[i].name);

      ADD (name, test_format, &format_cases[i]);
    }
  ADD ("/import/relative-path", test_relative_path, NULL);

  ADD ("/import/hash/identity", test_hash_identity, NULL);
  ADD ("/import/hash/big-file", test_hash_big_file, NULL);
  ADD ("/import/hash/errors", test_hash_errors, NULL);

  ADD ("/import/projection/panorama", test_projection_panorama, NULL);
  ADD ("/import/projection/flat", test_projection_flat, NULL);
  ADD ("/import/projection/guess-off", test_projection_guess_off, NULL);
  ADD ("/import/projection/custom-hfov", test_projection_custom_hfov, NULL);

  ADD ("/import/demo/calibrated", test_demo_calibrated, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (bad_sidecar_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/import/demo/bad-sidecar/%s",
                                               bad_sidecar_cases[i].name);

      ADD (name, test_demo_bad_sidecar, &bad_sidecar_cases[i]);
    }

  ADD ("/import/refuse/missing", test_refuse_missing, NULL);
  ADD ("/import/refuse/directory", test_refuse_directory, NULL);
  ADD ("/import/refuse/empty", test_refuse_empty, NULL);
  ADD ("/import/refuse/text", test_refuse_text, NULL);
  ADD ("/import/refuse/garbage", test_refuse_garbage, NULL);
  ADD ("/import/refuse/audio-only", test_refuse_audio_only, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (truncated_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/import/refuse/truncated/%s",
                                               truncated_cases[i].name);

      ADD (name, test_refuse_truncated, &truncated_cases[i]);
    }
  ADD ("/import/refuse/missing-decoder", test_missing_decoder, NULL);
  ADD ("/import/refuse/missing-demuxer", test_missing_demuxer, NULL);

  ADD ("/import/cancel/before", test_cancelled, NULL);
  ADD ("/import/cancel/midway", test_cancel_midway, NULL);
  ADD ("/import/threads", test_worker_threads, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (footage_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/import/footage/%s", footage_cases[i].name);

      ADD (name, test_footage, &footage_cases[i]);
    }

#undef ADD

  return g_test_run ();
}
