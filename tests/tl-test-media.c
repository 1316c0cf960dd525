/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-test-media.c: small real media files made with GStreamer for the tests. */
#include "tl-test-media.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>

#define TEST_MEDIA_FPS        25
#define TEST_MEDIA_RATE       48000
#define TEST_MEDIA_AUDIO_SPB  1024
/* Generous: a 2 s file takes well under a second, but CI machines can be slow and busy. */
#define TEST_MEDIA_TIMEOUT    (120 * GST_SECOND)

/* Only patterns that draw with foreground-color/background-color, so that two seeds give two
 * different files even when they pick the same pattern. */
static const char * const patterns[] = {
  "ball", "smpte", "zone-plate", "circular", "bar", "pinwheel", "spokes", "gradient",
};

static guint32
seed_colour (guint seed,
             guint salt)
{
  /* Knuth's multiplicative hash spreads consecutive seeds over the colour cube. */
  return 0xff000000u | (((seed + 1) * 2654435761u + salt * 40503u) & 0xffffffu);
}

static char *
video_branch (TlTestMedia kind,
              guint       n_frames,
              guint       seed)
{
  gboolean panorama = kind == TL_TEST_MEDIA_PANORAMA_MP4;
  gboolean webm = kind == TL_TEST_MEDIA_VP8_WEBM || kind == TL_TEST_MEDIA_VP8_VORBIS_WEBM;
  /* One keyframe a second, as cameras do, so that seeking near the end stays cheap. */
  const char *encoder = webm
    ? "vp8enc deadline=1 keyframe-max-dist=25"
    : "x264enc speed-preset=ultrafast tune=zerolatency key-int-max=25";

  return g_strdup_printf ("videotestsrc num-buffers=%u pattern=%s foreground-color=0x%08x "
                          "background-color=0x%08x "
                          "! video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1 "
                          "! %s ! mux. ",
                          n_frames, patterns[seed % G_N_ELEMENTS (patterns)],
                          seed_colour (seed, 1), seed_colour (seed, 2),
                          panorama ? 960 : 320, panorama ? 320 : 180, TEST_MEDIA_FPS,
                          encoder);
}

static char *
audio_branch (const char *encoder,
              double      seconds,
              guint       seed)
{
  guint n_buffers = (guint) (seconds * TEST_MEDIA_RATE / TEST_MEDIA_AUDIO_SPB + 0.999);

  return g_strdup_printf ("audiotestsrc num-buffers=%u samplesperbuffer=%d freq=%u "
                          "! audio/x-raw,rate=%d,channels=2 ! audioconvert ! %s ! mux. ",
                          n_buffers, TEST_MEDIA_AUDIO_SPB, 220 + (seed % 32) * 20,
                          TEST_MEDIA_RATE, encoder);
}

static char *
describe_pipeline (TlTestMedia  kind,
                   double       seconds,
                   guint        seed)
{
  g_autofree char *video = NULL;
  g_autofree char *audio = NULL;
  guint n_frames = MAX (1, (guint) (seconds * TEST_MEDIA_FPS + 0.5));
  const char *muxer = NULL;

  switch (kind)
    {
    case TL_TEST_MEDIA_H264_MP4:
    case TL_TEST_MEDIA_PANORAMA_MP4:
      muxer = "mp4mux";
      video = video_branch (kind, n_frames, seed);
      break;
    case TL_TEST_MEDIA_H264_AAC_MP4:
      muxer = "mp4mux";
      video = video_branch (kind, n_frames, seed);
      audio = audio_branch ("avenc_aac", seconds, seed);
      break;
    case TL_TEST_MEDIA_VP8_WEBM:
      muxer = "webmmux";
      video = video_branch (kind, n_frames, seed);
      break;
    case TL_TEST_MEDIA_VP8_VORBIS_WEBM:
      muxer = "webmmux";
      video = video_branch (kind, n_frames, seed);
      audio = audio_branch ("vorbisenc", seconds, seed);
      break;
    case TL_TEST_MEDIA_AUDIO_ONLY_OGG:
      muxer = "oggmux";
      audio = audio_branch ("vorbisenc", seconds, seed);
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  /* The location is set as a property later: parse-launch syntax would need path quoting. */
  return g_strdup_printf ("%s name=mux ! filesink name=sink %s%s",
                          muxer, video ? video : "", audio ? audio : "");
}

/* Plays @description (a filesink named "sink" writes @path) to its end. */
static gboolean
write_with_pipeline (const char           *description,
                     const char           *path,
                     GstPadProbeCallback   probe,
                     gpointer              probe_data,
                     GError              **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  gboolean ok = FALSE;

  /* FATAL_ERRORS: a missing encoder must fail here, not leave a half-built pipeline. */
  pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, error);
  if (pipeline == NULL)
    return FALSE;
  /* gst_parse_launch_full returns a floating ref; g_autoptr wants a real one. */
  gst_object_ref_sink (pipeline);

  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (sink, "location", path, NULL);
  if (probe != NULL)
    {
      g_autoptr(GstElement) gate = gst_bin_get_by_name (GST_BIN (pipeline), "gate");
      g_autoptr(GstPad) pad = gst_element_get_static_pad (gate, "src");

      gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, probe, probe_data, NULL);
    }

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot start pipeline: %s",
                   description);
      gst_element_set_state (pipeline, GST_STATE_NULL);
      return FALSE;
    }

  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, TEST_MEDIA_TIMEOUT,
                                        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);

  if (message == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "timed out writing %s", path);
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (message, &gst_error, &debug);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "writing %s failed: %s (%s)", path,
                   gst_error->message, debug ? debug : "no details");
    }
  else
    {
      ok = TRUE;
    }

  /* NULL state makes the muxer's file complete on disk (filesink closes it). */
  gst_element_set_state (pipeline, GST_STATE_NULL);

  return ok;
}

gboolean
tl_test_media_make (const char  *path,
                    TlTestMedia  kind,
                    double       seconds,
                    guint        seed,
                    GError     **error)
{
  g_autofree char *description = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (seconds > 0, FALSE);

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  description = describe_pipeline (kind, seconds, seed);
  if (description == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "unknown test media kind %d",
                   kind);
      return FALSE;
    }
  return write_with_pipeline (description, path, NULL, NULL, error);
}

typedef struct
{
  guint64 seen;
  guint64 first, n;
} Drop;

static GstPadProbeReturn
drop_frames (GstPad          *pad,
             GstPadProbeInfo *info,
             gpointer         user_data)
{
  Drop *drop = user_data;
  guint64 index = drop->seen++;

  return index >= drop->first && index < drop->first + drop->n ? GST_PAD_PROBE_DROP
                                                               : GST_PAD_PROBE_OK;
}

gboolean
tl_test_media_make_gapped (const char  *src,
                           const char  *dst,
                           guint        first,
                           guint        n,
                           GError     **error)
{
  g_autofree char *description = NULL;
  g_autofree char *uri = NULL;
  Drop drop = { 0, first, n };

  g_return_val_if_fail (src != NULL && dst != NULL, FALSE);

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  uri = gst_filename_to_uri (src, error);
  if (uri == NULL)
    return FALSE;
  /* Decoded frames keep their timestamps through the encoder: the file plays with a hole. One
   * encoder thread: x264's frame threads gave other bits from run to run on a busy machine. */
  description = g_strdup_printf ("uridecodebin uri=\"%s\" ! videoconvert ! identity name=gate "
                                 "! x264enc speed-preset=ultrafast key-int-max=25 threads=1 "
                                 "! h264parse ! mp4mux ! filesink name=sink", uri);
  return write_with_pipeline (description, dst, drop_frames, &drop, error);
}

gboolean
tl_test_media_make_truncated (const char  *src,
                              const char  *dst,
                              double       keep_fraction,
                              GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  gsize keep;

  g_return_val_if_fail (src != NULL && dst != NULL, FALSE);
  g_return_val_if_fail (keep_fraction >= 0.0 && keep_fraction <= 1.0, FALSE);

  /* Test files are a few hundred KiB at most: reading them whole is simplest. */
  if (!g_file_get_contents (src, &contents, &length, error))
    return FALSE;

  keep = (gsize) (length * keep_fraction);

  return g_file_set_contents (dst, contents, (gssize) keep, error);
}

static gboolean
fatal_unless_gst_race (const char     *log_domain,
                       GLogLevelFlags  log_level,
                       const char     *message,
                       gpointer        user_data)
{
  return !(g_strcmp0 (log_domain, "GStreamer") == 0 && (log_level & G_LOG_LEVEL_WARNING)
           && message != NULL && strstr (message, "Sticky event misordering") != NULL);
}

void
tl_test_media_tolerate_gst_races (void)
{
  g_test_log_set_fatal_handler (fatal_unless_gst_race, NULL);
}

char *
tl_test_media_shared_footage_dir (void)
{
  const char *source_dir = g_getenv ("TOUCHLINE_SOURCE_DIR");
  g_autofree char *dir = NULL;

#ifdef TL_TEST_SOURCE_DIR
  /* Lets a test binary run by hand, outside `meson test`, still find the footage. */
  if (source_dir == NULL)
    source_dir = TL_TEST_SOURCE_DIR;
#endif

  if (source_dir == NULL)
    return NULL;

  dir = g_build_filename (source_dir, "..", "shared", "footage", NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;

  return g_canonicalize_filename (dir, NULL);
}

void
tl_test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          tl_test_remove_tree (child);
        }
    }
  g_remove (path);
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
tl_test_run_for_ms (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;
  guint tick = g_timeout_add (10, wake_up, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}
