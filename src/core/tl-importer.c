/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-importer.c: examines a video file for the library: hash, probe, decodability, poster. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/app/app.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <gst/video/video.h>
#include <json-glib/json-glib.h>

#include "tl-demo-generator.h"
#include "tl-importer.h"

/* The hash reads this much from each end: enough to tell two recordings apart (codec headers,
 * first and last frames, the MP4 index) while a 10 GB match costs two small reads. */
#define HASH_CHUNK            (1024 * 1024)
#define DISCOVER_TIMEOUT      (15 * GST_SECOND)
/* Per prerolled frame; a 4K HEVC frame behind a long GOP can take seconds on a slow CPU. */
#define DECODE_TIMEOUT_US     (30 * G_USEC_PER_SEC)
/* How often a waiting pipeline looks at the cancellable. */
#define CANCEL_POLL           (100 * GST_MSECOND)
#define POSTER_WIDTH          480
#define POSTER_ENCODE_TIMEOUT (10 * GST_SECOND)
/* Ours are a few kilobytes; anything this big next to a video is something else. */
#define SIDECAR_MAX_SIZE      (1024 * 1024)
#define SIDECAR_GENERATOR     "touchline-demo"
#define SIDECAR_FORMAT        1

struct _TlImporter
{
  GObject   parent_instance;

  char     *poster_dir;      /* NULL: no posters are written */

  /* The settings may change in the main thread while a worker examines a file. */
  GMutex    settings_lock;
  gboolean  guess_projection;
  double    panorama_hfov;
};

G_DEFINE_FINAL_TYPE (TlImporter, tl_importer, G_TYPE_OBJECT)

static void
tl_importer_finalize (GObject *object)
{
  TlImporter *self = (TlImporter *) object;

  g_clear_pointer (&self->poster_dir, g_free);
  g_mutex_clear (&self->settings_lock);

  G_OBJECT_CLASS (tl_importer_parent_class)->finalize (object);
}

static void
tl_importer_class_init (TlImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_importer_finalize;
}

static void
tl_importer_init (TlImporter *self)
{
  g_mutex_init (&self->settings_lock);
  self->guess_projection = TRUE;
  self->panorama_hfov = TL_PANORAMA_DEFAULT_HFOV;
}

/* @poster_dir may be NULL for callers that only want the facts (no poster is written then). */
TlImporter *
tl_importer_new (const char *poster_dir)
{
  TlImporter *self;

  /* Normally main() has done this; repeating it is harmless and saves a crash in a tool that
   * forgot. */
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  self = g_object_new (TL_TYPE_IMPORTER, NULL);
  self->poster_dir = g_strdup (poster_dir);

  return self;
}

void
tl_importer_set_guess_projection (TlImporter *self,
                                  gboolean    guess)
{
  g_return_if_fail (TL_IS_IMPORTER (self));

  g_mutex_lock (&self->settings_lock);
  self->guess_projection = !!guess;
  g_mutex_unlock (&self->settings_lock);
}

void
tl_importer_set_panorama_hfov (TlImporter *self,
                               double      hfov_deg)
{
  g_return_if_fail (TL_IS_IMPORTER (self));
  g_return_if_fail (hfov_deg > 0.0 && hfov_deg <= 360.0);

  g_mutex_lock (&self->settings_lock);
  self->panorama_hfov = hfov_deg;
  g_mutex_unlock (&self->settings_lock);
}

static void
set_cancelled (GError **error)
{
  g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CANCELLED, "import cancelled");
}

/* GIO's messages name the path, and ours must not (the caller prints it first). */
static void
set_error_from_io (GError       **error,
                   const GError  *io_error)
{
  if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
      || g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY)
      || g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME))
    g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NOT_FOUND, "no such file");
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NOT_READABLE,
                         "is a folder, not a video file");
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NOT_READABLE,
                         "cannot be read: permission denied");
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_cancelled (error);
  else
    g_set_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NOT_READABLE, "cannot be read: %s",
                 io_error->message);
}

/* Feeds @length bytes from @offset (fewer if the file ends first) into @checksum. */
static gboolean
hash_range (GInputStream  *stream,
            GChecksum     *checksum,
            guchar        *buffer,
            goffset        offset,
            gint64         length,
            GCancellable  *cancellable,
            GError       **error)
{
  if (!g_seekable_seek (G_SEEKABLE (stream), offset, G_SEEK_SET, cancellable, error))
    return FALSE;

  while (length > 0)
    {
      gsize n_read = 0;

      if (!g_input_stream_read_all (stream, buffer, MIN (length, HASH_CHUNK), &n_read,
                                    cancellable, error))
        return FALSE;
      if (n_read == 0)
        break;

      g_checksum_update (checksum, buffer, n_read);
      length -= n_read;
    }

  return TRUE;
}

char *
tl_content_hash_compute (const char    *path,
                         gint64        *out_size,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) file_info = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guchar *buffer = NULL;
  g_autofree char *size_text = NULL;
  gboolean ok;
  gint64 size;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, cancellable, &local_error);
  if (stream != NULL)
    /* The size of the open file, not of the path, so that a rename in between cannot mix two
     * files into one hash. */
    file_info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                cancellable, &local_error);
  if (file_info == NULL)
    {
      set_error_from_io (error, local_error);
      return NULL;
    }

  size = g_file_info_get_size (file_info);
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  buffer = g_malloc (HASH_CHUNK);

  if (size <= 2 * HASH_CHUNK)
    ok = hash_range (G_INPUT_STREAM (stream), checksum, buffer, 0, size, cancellable,
                     &local_error);
  else
    ok = hash_range (G_INPUT_STREAM (stream), checksum, buffer, 0, HASH_CHUNK, cancellable,
                     &local_error)
         && hash_range (G_INPUT_STREAM (stream), checksum, buffer, size - HASH_CHUNK,
                        HASH_CHUNK, cancellable, &local_error);
  if (!ok)
    {
      set_error_from_io (error, local_error);
      return NULL;
    }

  /* The size goes into the digest too: two files sharing both ends but differing in the middle
   * are then still told apart as long as their lengths differ. */
  size_text = g_strdup_printf ("%" G_GINT64_FORMAT, size);
  g_checksum_update (checksum, (const guchar *) size_text, -1);

  if (out_size != NULL)
    *out_size = size;

  return g_strdup_printf ("%s:%s", size_text, g_checksum_get_string (checksum));
}

/* Container layout check --------------------------------------------------------------------- */

static gboolean
read_at (GInputStream *stream,
         goffset       offset,
         guchar       *buffer,
         gsize         length)
{
  gsize n_read = 0;

  return g_seekable_seek (G_SEEKABLE (stream), offset, G_SEEK_SET, NULL, NULL)
         && g_input_stream_read_all (stream, buffer, length, &n_read, NULL, NULL)
         && n_read == length;
}

/* ISO BMFF (MP4, MOV): the top-level boxes must tile the file, and a finished recording has a
 * 'moov' index. A box running past the end, or no 'moov' at all, means the tail is missing. */
static gboolean
mp4_is_cut_short (GInputStream *stream,
                  gint64        size)
{
  goffset offset = 0;
  gboolean have_moov = FALSE;

  /* A real file has a handful of top-level boxes; the cap stops a loop on garbage. */
  for (guint n = 0; n < 4096 && offset + 8 <= size; n++)
    {
      guchar header[16];
      guint64 box_size;

      if (!read_at (stream, offset, header, 8))
        return FALSE;

      box_size = GST_READ_UINT32_BE (header);
      if (memcmp (header + 4, "moov", 4) == 0)
        have_moov = TRUE;

      if (box_size == 1)
        {
          if (offset + 16 > size || !read_at (stream, offset + 8, header + 8, 8))
            return TRUE;
          box_size = GST_READ_UINT64_BE (header + 8);
        }
      else if (box_size == 0)
        {
          /* "Extends to the end of the file": nothing after it to check. */
          return !have_moov;
        }

      if (box_size < 8 || (guint64) offset + box_size > (guint64) size)
        return box_size >= 8;

      offset += box_size;
    }

  return !have_moov;
}

/* Reads an EBML variable-length number at @p (at most 8 bytes). Returns its length in bytes, or
 * 0 when invalid; sets @unknown for the all-ones "size not known" value. */
static guint
ebml_read_vint (const guchar *p,
                gsize         available,
                guint64      *value,
                gboolean     *unknown)
{
  guint length = 1;
  guint64 mask = 0x80;
  guint64 v;

  if (available == 0)
    return 0;

  while (length <= 8 && (p[0] & mask) == 0)
    {
      length++;
      mask >>= 1;
    }
  if (length > 8 || length > available)
    return 0;

  v = p[0] & (mask - 1);
  for (guint i = 1; i < length; i++)
    v = (v << 8) | p[i];

  *unknown = v == (G_GUINT64_CONSTANT (1) << (7 * length)) - 1;
  *value = v;

  return length;
}

/* Matroska/WebM: a finished file states the size of its Segment, which must fit in the file.
 * Live recordings that never wrote it ("unknown size") cannot be checked this way. */
static gboolean
matroska_is_cut_short (GInputStream *stream,
                       gint64        size)
{
  /* The EBML header is some 30-40 bytes (version, DocType...); room to spare. */
  guchar buffer[256];
  gsize available = MIN ((gint64) sizeof buffer, size);
  guint64 header_size = 0;
  guint64 segment_size = 0;
  gboolean unknown = FALSE;
  guint n;
  gsize pos = 4;

  if (!read_at (stream, 0, buffer, available))
    return FALSE;

  /* EBML header element: ID, size, then its body, then the Segment (ID 18 53 80 67). */
  n = ebml_read_vint (buffer + pos, available - pos, &header_size, &unknown);
  if (n == 0 || unknown)
    return FALSE;
  pos += n;
  if (pos + 4 > available || header_size > available - pos - 4)
    return FALSE;
  pos += header_size;
  if (memcmp (buffer + pos, "\x18\x53\x80\x67", 4) != 0)
    return FALSE;
  pos += 4;

  n = ebml_read_vint (buffer + pos, available - pos, &segment_size, &unknown);
  if (n == 0 || unknown)
    return FALSE;
  pos += n;

  return pos + segment_size > (guint64) size;
}

/* Whether the container's own layout says that bytes are missing at the end. GStreamer plays
 * such files up to the gap without complaint when the gap is small, so this is checked before
 * any decoding; formats we cannot check simply say FALSE and rely on the end-frame decode. */
static gboolean
file_is_cut_short (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autoptr(GFileInfo) file_info = NULL;
  guchar magic[8];
  gint64 size;

  if (stream == NULL)
    return FALSE;
  file_info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL,
                                              NULL);
  if (file_info == NULL)
    return FALSE;
  size = g_file_info_get_size (file_info);
  if (size < 8 || !read_at (G_INPUT_STREAM (stream), 0, magic, 8))
    return FALSE;

  if (memcmp (magic, "\x1a\x45\xdf\xa3", 4) == 0)
    return matroska_is_cut_short (G_INPUT_STREAM (stream), size);

  if (memcmp (magic + 4, "ftyp", 4) == 0 || memcmp (magic + 4, "moov", 4) == 0
      || memcmp (magic + 4, "mdat", 4) == 0 || memcmp (magic + 4, "wide", 4) == 0
      || memcmp (magic + 4, "free", 4) == 0)
    return mp4_is_cut_short (G_INPUT_STREAM (stream), size);

  return FALSE;
}

static void
set_truncated (GError **error)
{
  g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_TRUNCATED,
                       "the file ends early (truncated or still downloading?)");
}

/* Missing plugins -------------------------------------------------------------------------- */

/* Debian/Ubuntu package names, the distributions we build for; the Flatpak ships them all. */
static const struct
{
  const char *media_type;
  const char *package;
} install_hints[] = {
  { "video/x-h265", "gstreamer1.0-libav" },
  { "video/x-h264", "gstreamer1.0-libav" },
  { "video/mpeg", "gstreamer1.0-libav" },
  { "video/x-divx", "gstreamer1.0-libav" },
  { "video/x-xvid", "gstreamer1.0-libav" },
  { "video/x-msmpeg", "gstreamer1.0-libav" },
  { "video/x-prores", "gstreamer1.0-libav" },
  { "video/x-vp8", "gstreamer1.0-plugins-good" },
  { "video/x-vp9", "gstreamer1.0-plugins-good" },
  { "video/x-av1", "gstreamer1.0-plugins-bad" },
  { "video/mpegts", "gstreamer1.0-plugins-bad" },
  { "video/quicktime", "gstreamer1.0-plugins-good" },
  { "video/x-matroska", "gstreamer1.0-plugins-good" },
  { "video/webm", "gstreamer1.0-plugins-good" },
  { "video/x-msvideo", "gstreamer1.0-plugins-good" },
  { "audio/mpeg", "gstreamer1.0-libav" },
  { "audio/x-ac3", "gstreamer1.0-libav" },
};

/* @detail is an installer detail string: "gstreamer|1.0|APP|DESCRIPTION|TYPE-CAPS". */
static const char *
install_hint (const char *detail)
{
  g_auto(GStrv) fields = g_strsplit (detail, "|", 5);
  const char *caps;

  if (g_strv_length (fields) < 5 || (caps = strchr (fields[4], '-')) == NULL)
    return NULL;
  caps++;

  for (guint i = 0; i < G_N_ELEMENTS (install_hints); i++)
    {
      gsize len = strlen (install_hints[i].media_type);

      if (strncmp (caps, install_hints[i].media_type, len) == 0
          && (caps[len] == '\0' || caps[len] == ','))
        return install_hints[i].package;
    }

  return NULL;
}

static char *
description_from_detail (const char *detail)
{
  g_auto(GStrv) fields = g_strsplit (detail, "|", 5);

  if (g_strv_length (fields) < 4)
    return g_strdup ("plugin");

  return g_strdup (fields[3]);
}

/* @descriptions and @details: parallel arrays, one entry per missing plugin. */
static void
set_missing_plugin (GError    **error,
                    GPtrArray  *descriptions,
                    GPtrArray  *details)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GPtrArray) packages = g_ptr_array_new ();
  g_autofree char *package_list = NULL;

  for (guint i = 0; i < descriptions->len; i++)
    {
      const char *hint = i < details->len ? install_hint (g_ptr_array_index (details, i)) : NULL;

      if (missing->len > 0)
        g_string_append (missing, " and ");
      g_string_append (missing, g_ptr_array_index (descriptions, i));

      if (hint != NULL && !g_ptr_array_find_with_equal_func (packages, hint, g_str_equal, NULL))
        g_ptr_array_add (packages, (gpointer) hint);
    }

  if (packages->len == 0)
    {
      g_set_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_MISSING_PLUGIN,
                   "cannot be decoded: missing %s", missing->str);
      return;
    }

  g_ptr_array_add (packages, NULL);
  package_list = g_strjoinv (", ", (char **) packages->pdata);
  g_set_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_MISSING_PLUGIN,
               "cannot be decoded: missing %s (install %s)", missing->str, package_list);
}

/* Probe ----------------------------------------------------------------------------------- */

typedef struct
{
  GMainLoop         *loop;
  GstElement        *source;  /* the discoverer's source element, to interrupt it */
  GstDiscovererInfo *info;
  GError            *error;   /* GStreamer's own error, when discovery failed */
} Discovery;

static void
on_discover_source_setup (GstDiscoverer *discoverer,
                          GstElement    *source,
                          gpointer       user_data)
{
  Discovery *discovery = user_data;

  g_set_object (&discovery->source, source);
}

static void
on_discovered (GstDiscoverer     *discoverer,
               GstDiscovererInfo *info,
               GError            *error,
               gpointer           user_data)
{
  Discovery *discovery = user_data;

  g_set_object (&discovery->info, info);
  g_clear_error (&discovery->error);
  if (error != NULL)
    discovery->error = g_error_copy (error);
}

static void
on_discover_finished (GstDiscoverer *discoverer,
                      gpointer       user_data)
{
  Discovery *discovery = user_data;

  g_main_loop_quit (discovery->loop);
}

/* gst_discoverer_stop() in the middle of a discovery deadlocks in GStreamer 1.22 (it holds its
 * lock while setting the pipeline to READY, and the pad-removed handler that this triggers
 * takes the same lock). So a cancellation makes the discovery fail instead, with an error from
 * its own source element: the discoverer then winds down by its normal path ("discovered",
 * "finished") within one main-loop iteration. */
static gboolean
on_discover_cancelled (GCancellable *cancellable,
                       gpointer      user_data)
{
  Discovery *discovery = user_data;

  if (discovery->source != NULL)
    {
      g_autoptr(GError) cancelled = g_error_new_literal (GST_CORE_ERROR, GST_CORE_ERROR_FAILED,
                                                         "cancelled");

      gst_element_post_message (discovery->source,
                                gst_message_new_error (GST_OBJECT (discovery->source),
                                                       cancelled, NULL));
    }
  else
    {
      /* No source: nothing is running that stop() could trip over. */
      g_main_loop_quit (discovery->loop);
    }

  return G_SOURCE_REMOVE;
}

/* The synchronous discoverer cannot be interrupted, so run the asynchronous one on a private
 * main context: that keeps it usable from any thread and lets the cancellable stop it. Returns
 * NULL only when cancelled or when the discoverer cannot be created. */
static GstDiscovererInfo *
discover (const char    *uri,
          GError       **out_gst_error,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GSource) cancel_source = NULL;
  g_autoptr(GError) local_error = NULL;
  Discovery discovery = { loop, NULL, NULL, NULL };

  g_main_context_push_thread_default (context);

  discoverer = gst_discoverer_new (DISCOVER_TIMEOUT, &local_error);
  if (discoverer == NULL)
    {
      g_main_context_pop_thread_default (context);
      g_set_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_MISSING_PLUGIN,
                   "cannot be examined: GStreamer is incomplete (%s)", local_error->message);
      return NULL;
    }

  g_signal_connect (discoverer, "discovered", G_CALLBACK (on_discovered), &discovery);
  g_signal_connect (discoverer, "finished", G_CALLBACK (on_discover_finished), &discovery);
  g_signal_connect (discoverer, "source-setup", G_CALLBACK (on_discover_source_setup),
                    &discovery);

  if (cancellable != NULL)
    {
      cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (cancel_source, G_SOURCE_FUNC (on_discover_cancelled), &discovery,
                             NULL);
      g_source_attach (cancel_source, context);
    }

  /* start() attaches to the thread-default context, which is why it is pushed first. */
  gst_discoverer_start (discoverer);
  if (gst_discoverer_discover_uri_async (discoverer, uri))
    g_main_loop_run (loop);
  /* Safe here: "finished" means nothing is being processed any more. */
  gst_discoverer_stop (discoverer);
  g_signal_handlers_disconnect_by_data (discoverer, &discovery);
  g_clear_object (&discovery.source);

  if (cancel_source != NULL)
    g_source_destroy (cancel_source);
  g_main_context_pop_thread_default (context);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_object (&discovery.info);
      g_clear_error (&discovery.error);
      set_cancelled (error);
      return NULL;
    }

  *out_gst_error = discovery.error;

  if (discovery.info == NULL)
    g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CORRUPT,
                         "cannot be examined: GStreamer gave no answer");

  return discovery.info;
}

/* Turns a failed discovery into our error codes and sentences. */
static void
set_discover_error (GError           **error,
                    GstDiscovererInfo *info,
                    const GError      *gst_error)
{
  switch (gst_discoverer_info_get_result (info))
    {
    case GST_DISCOVERER_MISSING_PLUGINS:
      {
        const char **details = gst_discoverer_info_get_missing_elements_installer_details (info);
        g_autoptr(GPtrArray) descriptions = g_ptr_array_new_with_free_func (g_free);
        g_autoptr(GPtrArray) detail_array = g_ptr_array_new ();

        for (guint i = 0; details != NULL && details[i] != NULL; i++)
          {
            g_ptr_array_add (descriptions, description_from_detail (details[i]));
            g_ptr_array_add (detail_array, (gpointer) details[i]);
          }
        if (descriptions->len == 0)
          g_ptr_array_add (descriptions, g_strdup ("plugin"));

        set_missing_plugin (error, descriptions, detail_array);
        return;
      }

    case GST_DISCOVERER_TIMEOUT:
      g_set_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CORRUPT,
                   "cannot be examined: GStreamer took more than %d s",
                   (int) (DISCOVER_TIMEOUT / GST_SECOND));
      return;

    case GST_DISCOVERER_URI_INVALID:
    case GST_DISCOVERER_BUSY:
    case GST_DISCOVERER_ERROR:
    case GST_DISCOVERER_OK:
    default:
      break;
    }

  if (g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE))
    g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NOT_MEDIA,
                         "not a video file (GStreamer does not recognise its format)");
  else if (gst_error != NULL)
    g_set_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CORRUPT, "cannot be decoded: %s",
                 gst_error->message);
  else
    g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CORRUPT,
                         "cannot be decoded: GStreamer could not read it");
}

/* Frame decoding ------------------------------------------------------------------------------- */

typedef struct
{
  GstElement *pipeline;
  GstElement *sink;         /* the appsink behind playbin's video-sink */
  GError     *error;        /* first error from the bus */
  GPtrArray  *missing;      /* descriptions of missing plugins */
  GPtrArray  *missing_details;
} FrameReader;

typedef enum
{
  WAIT_PREROLLED,
  WAIT_FAILED,
  WAIT_CANCELLED,
  WAIT_TIMED_OUT,
} WaitResult;

static void
frame_reader_free (FrameReader *reader)
{
  if (reader->pipeline != NULL)
    gst_element_set_state (reader->pipeline, GST_STATE_NULL);
  g_clear_object (&reader->sink);
  g_clear_object (&reader->pipeline);
  g_clear_error (&reader->error);
  g_clear_pointer (&reader->missing, g_ptr_array_unref);
  g_clear_pointer (&reader->missing_details, g_ptr_array_unref);
  g_free (reader);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FrameReader, frame_reader_free)

/* playbin with only its video branch: it picks demuxer and decoder for us and leaves audio
 * undecoded; frames come out scaled to @width x @height RGB. */
static FrameReader *
frame_reader_new (const char  *uri,
                  int          width,
                  int          height,
                  GError     **error)
{
  g_autoptr(FrameReader) reader = g_new0 (FrameReader, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *description = NULL;
  GstElement *video_sink;

  reader->missing = g_ptr_array_new_with_free_func (g_free);
  reader->missing_details = g_ptr_array_new_with_free_func (g_free);

  /* Scale before converting: converting a 4K frame to RGB costs far more than a 480 px one. */
  description = g_strdup_printf ("videoscale ! videoconvert "
                                 "! video/x-raw,format=RGB,width=%d,height=%d,"
                                 "pixel-aspect-ratio=1/1 "
                                 "! appsink name=frames sync=false enable-last-sample=false "
                                 "max-buffers=1",
                                 width, height);
  reader->pipeline = gst_element_factory_make ("playbin", NULL);
  if (reader->pipeline == NULL)
    {
      g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_MISSING_PLUGIN,
                           "cannot be decoded: GStreamer is incomplete (no playbin)");
      return NULL;
    }
  gst_object_ref_sink (reader->pipeline);

  video_sink = gst_parse_bin_from_description_full (description, TRUE, NULL,
                                                    GST_PARSE_FLAG_FATAL_ERRORS, &local_error);
  if (video_sink == NULL)
    {
      g_set_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_MISSING_PLUGIN,
                   "cannot be decoded: GStreamer is incomplete (%s)", local_error->message);
      return NULL;
    }

  reader->sink = gst_bin_get_by_name (GST_BIN (video_sink), "frames");
  /* Audio is never decoded (flags), but without an explicit sink playbin would still probe
   * the sound devices for one. */
  g_object_set (reader->pipeline,
                "uri", uri,
                "video-sink", video_sink,
                "audio-sink", gst_element_factory_make ("fakesink", NULL),
                NULL);
  gst_util_set_object_arg (G_OBJECT (reader->pipeline), "flags", "video");

  return g_steal_pointer (&reader);
}

/* Waits until the pipeline has a frame ready (or knows there is none), polling so that a
 * cancellation is seen within CANCEL_POLL. */
static WaitResult
frame_reader_wait (FrameReader  *reader,
                   GCancellable *cancellable)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (reader->pipeline);
  gint64 deadline = g_get_monotonic_time () + DECODE_TIMEOUT_US;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GstMessage) message = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        return WAIT_CANCELLED;

      message = gst_bus_timed_pop_filtered (bus, CANCEL_POLL,
                                            GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR
                                            | GST_MESSAGE_ELEMENT);
      if (message == NULL)
        continue;

      switch (GST_MESSAGE_TYPE (message))
        {
        case GST_MESSAGE_ASYNC_DONE:
          if (GST_MESSAGE_SRC (message) == GST_OBJECT (reader->pipeline))
            return WAIT_PREROLLED;
          break;

        case GST_MESSAGE_ERROR:
          g_clear_error (&reader->error);
          gst_message_parse_error (message, &reader->error, NULL);
          return WAIT_FAILED;

        case GST_MESSAGE_ELEMENT:
          if (gst_is_missing_plugin_message (message))
            {
              g_ptr_array_add (reader->missing,
                               gst_missing_plugin_message_get_description (message));
              g_ptr_array_add (reader->missing_details,
                               gst_missing_plugin_message_get_installer_detail (message));
            }
          break;

        default:
          break;
        }
    }

  return WAIT_TIMED_OUT;
}

static WaitResult
frame_reader_start (FrameReader  *reader,
                    GCancellable *cancellable)
{
  if (gst_element_set_state (reader->pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    {
      /* The reason is on the bus; fetch it so the error names it. */
      WaitResult result = frame_reader_wait (reader, cancellable);

      return result == WAIT_PREROLLED ? WAIT_FAILED : result;
    }

  return frame_reader_wait (reader, cancellable);
}

/* Seeks to @position and returns the frame there (transfer full), or NULL with *out_result
 * saying why; a clean NULL with WAIT_PREROLLED means the stream ended before @position. */
static GstSample *
frame_reader_read (FrameReader  *reader,
                   GstClockTime  position,
                   GCancellable *cancellable,
                   WaitResult   *out_result)
{
  /* ACCURATE: the frame at @position, not the keyframe before it; the end check must really
   * decode data near the end of the file. */
  if (!gst_element_seek_simple (reader->pipeline, GST_FORMAT_TIME,
                                GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, position))
    {
      *out_result = WAIT_FAILED;
      return NULL;
    }

  *out_result = frame_reader_wait (reader, cancellable);
  if (*out_result != WAIT_PREROLLED)
    return NULL;

  return gst_app_sink_try_pull_preroll (GST_APP_SINK (reader->sink), GST_SECOND);
}

/* Poster ----------------------------------------------------------------------------------- */

static char *
write_poster (const char  *poster_dir,
              const char  *hash,
              GstSample   *sample,
              GError     **error)
{
  g_autoptr(GstCaps) png_caps = gst_caps_new_empty_simple ("image/png");
  g_autoptr(GstSample) png = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  GstBuffer *buffer;
  GstMapInfo map;
  gboolean ok;

  png = gst_video_convert_sample (sample, png_caps, POSTER_ENCODE_TIMEOUT, error);
  if (png == NULL || (buffer = gst_sample_get_buffer (png)) == NULL)
    return NULL;

  if (g_mkdir_with_parents (poster_dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "cannot create %s: %s", poster_dir, g_strerror (saved_errno));
      return NULL;
    }

  /* ':' is not allowed in file names on every file system the library may live on. */
  name = g_strdup_printf ("%s.png", hash);
  g_strdelimit (name, ":", '-');
  path = g_build_filename (poster_dir, name, NULL);

  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot map the PNG");
      return NULL;
    }
  /* g_file_set_contents writes a temporary file and renames it: a reader never sees half a
   * poster, and two imports of the same file simply replace one another. */
  ok = g_file_set_contents (path, (const char *) map.data, map.size, error);
  gst_buffer_unmap (buffer, &map);

  return ok ? g_steal_pointer (&path) : NULL;
}

/* Examination ------------------------------------------------------------------------------ */

static char *
describe_caps (GstDiscovererStreamInfo *stream)
{
  g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (stream);

  if (caps == NULL)
    return NULL;

  return gst_pb_utils_get_codec_description (caps);
}

static GDateTime *
tagged_date_time (const GstTagList *tags)
{
  GstDateTime *date_time = NULL;
  GDateTime *result = NULL;

  if (tags == NULL || !gst_tag_list_get_date_time (tags, GST_TAG_DATE_TIME, &date_time))
    return NULL;

  /* A bare year or date says too little to sort matches by; the mtime is better then. */
  if (gst_date_time_has_time (date_time))
    result = gst_date_time_to_g_date_time (date_time);
  gst_date_time_unref (date_time);

  return result;
}

static char *
title_from_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  /* Keep dot-files whole: ".match" has no extension. */
  if (dot != NULL && dot != base)
    *dot = '\0';

  return g_steal_pointer (&base);
}

/* Fills in what the discoverer knows. Returns FALSE (with @error) for files that are media but
 * not usable video. */
static gboolean
fill_from_discovery (TlMatchInfo       *info,
                     GstDiscovererInfo *discovered,
                     int               *out_par_n,
                     int               *out_par_d,
                     GError           **error)
{
  g_autoptr(GstDiscovererStreamInfo) top = gst_discoverer_info_get_stream_info (discovered);
  GList *video_streams = gst_discoverer_info_get_video_streams (discovered);
  GList *audio_streams = gst_discoverer_info_get_audio_streams (discovered);
  GstDiscovererVideoInfo *video;
  GDateTime *recorded_at = NULL;
  gboolean ok = FALSE;

  if (video_streams == NULL)
    {
      g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NO_VIDEO,
                           "has no video stream");
      goto out;
    }

  video = video_streams->data;
  if (gst_discoverer_video_info_is_image (video))
    {
      g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NO_VIDEO,
                           "is a still image, not a video");
      goto out;
    }

  info->width = (int) gst_discoverer_video_info_get_width (video);
  info->height = (int) gst_discoverer_video_info_get_height (video);
  if (info->width <= 0 || info->height <= 0)
    {
      g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CORRUPT,
                           "cannot be decoded: its video has no picture size");
      goto out;
    }

  info->fps_num = (int) gst_discoverer_video_info_get_framerate_num (video);
  info->fps_den = (int) gst_discoverer_video_info_get_framerate_denom (video);
  if (info->fps_num <= 0 || info->fps_den <= 0)
    {
      /* Variable frame rate (phones, screen recorders) reports 0/1. The analysis needs a
       * nominal rate; 25 fps is the broadcast norm for football in most of the world. */
      info->fps_num = 25;
      info->fps_den = 1;
    }

  *out_par_n = (int) gst_discoverer_video_info_get_par_num (video);
  *out_par_d = (int) gst_discoverer_video_info_get_par_denom (video);

  info->duration_ns = (gint64) gst_discoverer_info_get_duration (discovered);
  info->video_codec = describe_caps (GST_DISCOVERER_STREAM_INFO (video));
  if (audio_streams != NULL)
    info->audio_codec = describe_caps (audio_streams->data);

  if (GST_IS_DISCOVERER_CONTAINER_INFO (top))
    {
      info->container = describe_caps (top);
      recorded_at = tagged_date_time (
        gst_discoverer_container_info_get_tags (GST_DISCOVERER_CONTAINER_INFO (top)));
    }
  else
    {
      /* An elementary stream (a bare .h264 file) has no container; name the stream instead. */
      info->container = g_strdup (info->video_codec);
    }
  if (recorded_at == NULL)
    recorded_at = tagged_date_time (
      gst_discoverer_stream_info_get_tags (GST_DISCOVERER_STREAM_INFO (video)));
  info->recorded_at = recorded_at;

  ok = TRUE;

out:
  gst_discoverer_stream_info_list_free (video_streams);
  gst_discoverer_stream_info_list_free (audio_streams);

  return ok;
}

/* Turns a failed wait of the frame reader into our error codes. @at_end: the end-of-file
 * check rather than the poster. */
static void
set_decode_error (GError      **error,
                  FrameReader  *reader,
                  WaitResult    result,
                  gboolean      at_end)
{
  if (result == WAIT_CANCELLED)
    set_cancelled (error);
  else if (reader->missing->len > 0)
    set_missing_plugin (error, reader->missing, reader->missing_details);
  else if (at_end)
    set_truncated (error);
  else if (result == WAIT_TIMED_OUT)
    g_set_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CORRUPT,
                 "cannot be decoded: no picture after %d s",
                 (int) (DECODE_TIMEOUT_US / G_USEC_PER_SEC));
  else if (reader->error != NULL)
    g_set_error (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CORRUPT, "cannot be decoded: %s",
                 reader->error->message);
  else
    g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CORRUPT,
                         "cannot be decoded: no picture at the start");
}

/* The calibration to store for a sidecar's text, or NULL with the reason. Sets @out_foreign when
 * the file is not one of ours at all (that deserves no warning). */
static char *
calibration_from_sidecar (const char   *text,
                          gsize         length,
                          TlMatchInfo  *info,
                          gboolean     *out_foreign,
                          GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) calibration_node = NULL;
  g_autofree char *calibration = NULL;
  const char * const copied[] = {
    "projection", "width", "height", "hfov_deg", "camera", "pitch", "correspondences",
  };
  JsonObject *root;
  JsonObject *calibration_object;
  TlCameraParams params;
  double hfov_deg;

  *out_foreign = TRUE;
  if (!json_parser_load_from_data (parser, text, (gssize) length, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a JSON object");
      return NULL;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "generator", NULL),
                 SIDECAR_GENERATOR) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "not written by the Touchline demo generator");
      return NULL;
    }

  *out_foreign = FALSE;
  if (json_object_get_int_member_with_default (root, "format", 0) != SIDECAR_FORMAT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "format %" G_GINT64_FORMAT " is not the one this Touchline reads (%d)",
                   json_object_get_int_member_with_default (root, "format", 0), SIDECAR_FORMAT);
      return NULL;
    }

  /* What is stored is the camera and the landmarks that vouch for it, not how the video was
   * made (seed, light...). */
  calibration_object = json_object_new ();
  json_object_set_string_member (calibration_object, "source", SIDECAR_GENERATOR);
  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    if (json_object_has_member (root, copied[i]))
      json_object_set_member (calibration_object, copied[i],
                              json_node_copy (json_object_get_member (root, copied[i])));
  calibration_node = json_node_init_object (json_node_alloc (), calibration_object);
  json_object_unref (calibration_object);
  generator = json_generator_new ();
  json_generator_set_root (generator, calibration_node);
  calibration = json_generator_to_data (generator, NULL);

  if (!tl_calibration_parse (calibration, &params, error))
    return NULL;

  /* The pixels of a sidecar are those of the video it was written with: a re-encoded or
   * cropped copy would be calibrated wrong. */
  if (params.width != info->width || params.height != info->height)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "made for %d×%d pixels, the video has %d×%d",
                   params.width, params.height, info->width, info->height);
      return NULL;
    }

  /* The same limits as a projection the user sets by hand. */
  hfov_deg = json_object_get_double_member (root, "hfov_deg");
  if (params.projection == TL_CAMERA_PINHOLE && hfov_deg > 170.0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "a flat video cannot cover %.0f°", hfov_deg);
      return NULL;
    }

  info->projection = params.projection == TL_CAMERA_CYLINDRICAL ? TL_PROJECTION_CYLINDRICAL
                                                                 : TL_PROJECTION_FLAT;
  info->hfov_deg = hfov_deg;
  return g_steal_pointer (&calibration);
}

/* A video made by the demo generator comes with VIDEO.json (tl_demo_sidecar_path_for()) that
 * says exactly how the camera saw the pitch: import it calibrated. A sidecar that is missing,
 * foreign or wrong changes nothing; the import goes on with the guessed projection. */
static void
read_calibration_sidecar (TlMatchInfo *info)
{
  g_autofree char *path = tl_demo_sidecar_path_for (info->file_path);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  gsize length;
  gboolean foreign = TRUE;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return;
  if (st.st_size > SIDECAR_MAX_SIZE)
    {
      g_debug ("%s: too big for a calibration sidecar, ignored", path);
      return;
    }
  if (!g_file_get_contents (path, &text, &length, &error))
    {
      g_warning ("Cannot read the calibration sidecar %s: %s", path, error->message);
      return;
    }

  info->calibration = calibration_from_sidecar (text, length, info, &foreign, &error);
  if (info->calibration != NULL)
    g_debug ("%s: calibrated from %s", info->file_path, path);
  else if (foreign)
    g_debug ("%s: not a calibration sidecar (%s), ignored", path, error->message);
  else
    g_warning ("Ignoring the calibration sidecar %s: %s", path, error->message);
}

TlMatchInfo *
tl_importer_examine (TlImporter    *self,
                     const char    *path,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return tl_importer_examine_hashed (self, path, NULL, 0, cancellable, error);
}

TlMatchInfo *
tl_importer_examine_hashed (TlImporter    *self,
                            const char    *path,
                            const char    *content_hash,
                            gint64         file_size,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(TlMatchInfo) info = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) file_info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) gst_error = NULL;
  g_autoptr(GstDiscovererInfo) discovered = NULL;
  g_autoptr(FrameReader) reader = NULL;
  g_autoptr(GstSample) poster = NULL;
  g_autoptr(GstSample) last = NULL;
  g_autofree char *uri = NULL;
  GstClockTime poster_at;
  GstClockTime end_at;
  WaitResult result;
  gboolean guess;
  double panorama_hfov;
  int par_n = 1;
  int par_d = 1;
  int poster_height;

  g_return_val_if_fail (TL_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_is_cancelled (cancellable))
    {
      set_cancelled (error);
      return NULL;
    }

  g_mutex_lock (&self->settings_lock);
  guess = self->guess_projection;
  panorama_hfov = self->panorama_hfov;
  g_mutex_unlock (&self->settings_lock);

  info = tl_match_info_new ();
  info->file_path = g_canonicalize_filename (path, NULL);
  info->title = title_from_path (info->file_path);
  file = g_file_new_for_path (info->file_path);

  /* Cheap checks first, so that the common mistakes get a precise message. */
  file_info = g_file_query_info (file,
                                 G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                 G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                 G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                 G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (file_info == NULL)
    {
      set_error_from_io (error, local_error);
      return NULL;
    }
  if (g_file_info_get_file_type (file_info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NOT_READABLE,
                           "is a folder, not a video file");
      return NULL;
    }
  if (g_file_info_get_file_type (file_info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_NOT_READABLE,
                           "is not a regular file");
      return NULL;
    }
  if (g_file_info_get_size (file_info) == 0)
    {
      g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_EMPTY, "is empty (0 bytes)");
      return NULL;
    }

  if (content_hash != NULL)
    {
      info->content_hash = g_strdup (content_hash);
      info->file_size = file_size;
    }
  else if (!(info->content_hash = tl_content_hash_compute (info->file_path, &info->file_size,
                                                           cancellable, error)))
    return NULL;

  if (file_is_cut_short (info->file_path))
    {
      set_truncated (error);
      return NULL;
    }

  uri = g_file_get_uri (file);
  discovered = discover (uri, &gst_error, cancellable, error);
  if (discovered == NULL)
    return NULL;
  if (gst_discoverer_info_get_result (discovered) != GST_DISCOVERER_OK)
    {
      set_discover_error (error, discovered, gst_error);
      return NULL;
    }

  if (!fill_from_discovery (info, discovered, &par_n, &par_d, error))
    return NULL;

  if (info->recorded_at == NULL)
    info->recorded_at = g_file_info_get_modification_date_time (file_info);

  /* The poster keeps the displayed aspect ratio (pixel aspect included), with even sides as
   * video scalers and encoders prefer. */
  if (par_n <= 0 || par_d <= 0)
    par_n = par_d = 1;
  poster_height = (int) (POSTER_WIDTH * ((double) info->height * par_d)
                         / ((double) info->width * par_n) / 2.0 + 0.5) * 2;
  poster_height = MAX (poster_height, 2);

  reader = frame_reader_new (uri, POSTER_WIDTH, poster_height, error);
  if (reader == NULL)
    return NULL;

  result = frame_reader_start (reader, cancellable);
  if (result != WAIT_PREROLLED)
    {
      set_decode_error (error, reader, result, FALSE);
      return NULL;
    }

  if (info->duration_ns <= 0)
    {
      gint64 duration = 0;

      /* Some containers only know their length once a demuxer has looked at them. */
      if (gst_element_query_duration (reader->pipeline, GST_FORMAT_TIME, &duration))
        info->duration_ns = duration;
    }
  if (info->duration_ns <= 0)
    {
      g_set_error_literal (error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CORRUPT,
                           "cannot be decoded: its length is unknown");
      return NULL;
    }

  /* The first frames are often black or a fade-in, so the poster comes from 10% in; capped at
   * 5 s so that a 90-minute match still seeks near the start of the file, where kick-off
   * usually is. The end check looks 1 s before the end (10% for short clips): far enough in to
   * need the tail of the file, not so close that a rounded duration overshoots it. */
  poster_at = (GstClockTime) MIN (info->duration_ns / 10, 5 * GST_SECOND);
  end_at = (GstClockTime) (info->duration_ns - MIN (info->duration_ns / 10, GST_SECOND));

  poster = frame_reader_read (reader, poster_at, cancellable, &result);
  if (poster == NULL)
    {
      set_decode_error (error, reader, result, FALSE);
      return NULL;
    }

  last = frame_reader_read (reader, end_at, cancellable, &result);
  if (last == NULL)
    {
      set_decode_error (error, reader, result, TRUE);
      return NULL;
    }
  g_clear_pointer (&reader, frame_reader_free);

  if (self->poster_dir != NULL)
    {
      /* A missing poster is cosmetic: the library shows a placeholder, the match still
       * imports. */
      info->poster_path = write_poster (self->poster_dir, info->content_hash, poster,
                                        &local_error);
      if (info->poster_path == NULL)
        g_warning ("Cannot write the poster of %s: %s", info->file_path, local_error->message);
    }

  if (guess)
    tl_projection_guess (info->width, info->height, &info->projection, &info->hfov_deg);
  else
    info->projection = TL_PROJECTION_FLAT;

  if (info->projection == TL_PROJECTION_CYLINDRICAL)
    info->hfov_deg = panorama_hfov;
  else
    info->hfov_deg = TL_FLAT_DEFAULT_HFOV;

  /* A fact beats a guess: a valid sidecar sets the projection and field of view too. */
  read_calibration_sidecar (info);

  info->imported_at = g_date_time_new_now_utc ();
  info->analysis_state = TL_ANALYSIS_STATE_NONE;

  return g_steal_pointer (&info);
}
