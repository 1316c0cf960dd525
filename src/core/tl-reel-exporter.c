/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-reel-exporter.c: reels to MP4 through GStreamer: one decode pipeline per clip, one encoder.
 *
 * Each clip is decoded by its own small pipeline (uridecodebin, an accurate seek to the clip's
 * range, tlvcam, tloverlay, appsinks) and its frames are handed, re-timed, to one encoding
 * pipeline (appsrc, x264enc or nvh264enc, mp4mux faststart, filesink) that lives for the whole
 * file. Re-timing in between is what makes the file continuous across clips of different
 * matches, frame rates and slow-motion ranges: output frame k of a clip shows the source frame
 * nearest to its mapped source time, and the audio is cut to exactly the clip's video length,
 * so sync cannot drift from clip to clip. See docs/reels.md. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>

#include "tl-annotation-renderer.h"
#include "tl-camera-path.h"
#include "tl-elements.h"
#include "tl-enums.h"
#include "tl-main-context.h"
#include "tl-overlay.h"
#include "tl-reel-exporter.h"
#include "tl-reels.h"
#include "tl-vcam.h"

#define AUDIO_RATE       48000
#define AUDIO_CHANNELS   2
#define AUDIO_BPS        (AUDIO_CHANNELS * 2)   /* S16 interleaved */
#define AUDIO_KBPS       128
/* AAC encoders put 1024 samples of silence before the sound, and mp4mux writes no edit list
 * to hide them: the sound is pushed that much early so that it plays in step. */
#define AAC_PRIMING      1024
/* How long a stalled pipeline may stay silent before we call it broken. */
#define STALL_TIMEOUT    (60 * GST_SECOND)
#define POLL_INTERVAL    (100 * GST_MSECOND)

struct _TlReelExporter
{
  GObject    parent_instance;

  /* Not a reference: the library owns its exporter (tl_library_get_reel_exporter()), so a
   * reference back would keep both alive forever. A weak pointer, main thread only; each job
   * holds the library it works on. */
  TlLibrary *library;
  gboolean   busy;
  GStrv      outputs;
  double     last_speed;
  char      *video_encoder;
};

G_DEFINE_FINAL_TYPE (TlReelExporter, tl_reel_exporter, G_TYPE_OBJECT)

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_PROGRESS, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char * const size_names[] = { "1280x720", "1920x1080", "source" };

const char *
tl_reel_size_to_string (TlReelSize size)
{
  g_return_val_if_fail ((guint) size < G_N_ELEMENTS (size_names), "1280x720");
  return size_names[size];
}

gboolean
tl_reel_size_from_string (const char *str,
                          TlReelSize *out_size)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (size_names); i++)
    if (g_ascii_strcasecmp (str, size_names[i]) == 0)
      {
        *out_size = (TlReelSize) i;
        return TRUE;
      }
  if (g_strcmp0 (str, "720p") == 0 || g_strcmp0 (str, "1080p") == 0)
    {
      *out_size = str[0] == '7' ? TL_REEL_SIZE_720P : TL_REEL_SIZE_1080P;
      return TRUE;
    }

  return FALSE;
}

/* --- one export: everything the worker needs, copied from the main thread ----------------- */

typedef struct
{
  TlReelExporter *self;
  TlLibrary      *library;       /* kept alive until the job is done, even if the app closes */
  GMainContext   *context;       /* where progress goes (async) or NULL: emit directly */
  char           *intro_title;
  GPtrArray      *items;         /* TlReelItemInfo */
  GHashTable     *matches;       /* match id -> TlMatchInfo */
  TlReelSize      size;
  gboolean        override_camera;
  TlReelCamera    camera;
  gboolean        per_event;
  char           *output;
  int             width, height; /* output size */
  int             fps_n, fps_d;
  gboolean        audio;         /* some clip has sound: the file gets an AAC track */
  gint64          total_ns;      /* the output length of everything to write */
  gint64          done_ns;
  gint64          started_us;
  gint64          last_report_us;
  GPtrArray      *written;       /* final paths */
  GHashTable     *paths;         /* match id (as a pointer) -> TlCameraPath, loaded once */
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job->intro_title);
  g_clear_pointer (&job->items, g_ptr_array_unref);
  g_clear_pointer (&job->matches, g_hash_table_unref);
  g_free (job->output);
  g_clear_pointer (&job->written, g_ptr_array_unref);
  g_clear_pointer (&job->paths, g_hash_table_unref);
  g_clear_object (&job->self);
  g_clear_object (&job->library);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

/* The job keeps the exporter and its library alive while it runs: the app may drop both
 * meanwhile (closed mid-export) and the worker still reads the store. */
static gboolean
job_hold (Job             *job,
          TlReelExporter  *self,
          GError         **error)
{
  if (self->library == NULL)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("The library is closed: nothing can be exported from it"));
      return FALSE;
    }
  job->self = g_object_ref (self);
  job->library = g_object_ref (self->library);

  return TRUE;
}

typedef struct
{
  TlReelExporter *self;
  double          fraction;
  gint64          left_ns;
  double          speed;
} Progress;

static gboolean
emit_progress_idle (gpointer data)
{
  Progress *p = data;

  g_signal_emit (p->self, signals[SIGNAL_PROGRESS], 0, p->fraction, p->left_ns, p->speed);
  g_object_unref (p->self);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
report (Job      *job,
        gboolean  force)
{
  gint64 now = g_get_monotonic_time ();
  double elapsed = (now - job->started_us) / 1e6;
  double fraction = job->total_ns > 0 ? CLAMP ((double) job->done_ns / job->total_ns, 0, 1) : 1;
  double speed = elapsed > 0 ? job->done_ns / 1e9 / elapsed : 0;
  Progress *p;

  /* Four reports a second are plenty for a progress bar. */
  if (!force && now - job->last_report_us < G_USEC_PER_SEC / 4)
    return;
  job->last_report_us = now;

  p = g_new0 (Progress, 1);
  p->self = g_object_ref (job->self);
  p->fraction = fraction;
  p->speed = speed;
  /* Time left only once there is a rate to go by (the first second is pipeline start-up). */
  p->left_ns = elapsed > 1.0 && speed > 0
    ? (gint64) ((job->total_ns - job->done_ns) / speed) : -1;
  if (job->context != NULL)
    tl_main_context_idle_add (job->context, G_PRIORITY_DEFAULT, emit_progress_idle, p, NULL);
  else
    emit_progress_idle (p);
}

/* --- pipelines ---------------------------------------------------------------------------- */

static gboolean
check_bus (GstElement  *pipeline,
           const char  *what,
           GError     **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  if (msg == NULL)
    return TRUE;
  gst_message_parse_error (msg, &gst_error, &debug);
  g_debug ("%s: %s (%s)", what, gst_error->message, debug ? debug : "");
  /* Muxers report a full disk as a write error whose details carry the errno text. */
  if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT)
      || (debug != NULL && strstr (debug, g_strerror (ENOSPC)) != NULL))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("%s: the disk is full"), what);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, gst_error->message);

  return FALSE;
}

static gboolean
check_cancel (GCancellable  *cancellable,
              GError       **error)
{
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Waits for @types (or an error) on the bus, a little at a time so a cancel is seen. */
static gboolean
wait_bus (GstElement     *pipeline,
          GstMessageType  types,
          const char     *what,
          GCancellable   *cancellable,
          GError        **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  GstClockTime waited = 0;

  while (waited < STALL_TIMEOUT)
    {
      g_autoptr(GstMessage) msg = NULL;

      if (!check_cancel (cancellable, error))
        return FALSE;
      msg = gst_bus_timed_pop_filtered (bus, POLL_INTERVAL, types | GST_MESSAGE_ERROR);
      if (msg == NULL)
        {
          waited += POLL_INTERVAL;
          continue;
        }
      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
        {
          gst_bus_post (bus, gst_message_ref (msg));
          return check_bus (pipeline, what, error);
        }
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("%s: GStreamer stopped responding"),
               what);

  return FALSE;
}

static const char *
pick_aac_encoder (void)
{
  static const char * const names[] = { "avenc_aac", "voaacenc", "fdkaacenc" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (names[i]);

      if (factory != NULL)
        return names[i];
    }
  return NULL;
}

/* NVENC when the element exists and opens (a GPU with a working driver), else x264. */
static const char *
pick_video_encoder (void)
{
  g_autoptr(GstElement) nv = NULL;

  if (g_getenv ("TOUCHLINE_NO_NVENC") == NULL
      && (nv = gst_element_factory_make ("nvh264enc", NULL)) != NULL)
    {
      gboolean usable = gst_element_set_state (nv, GST_STATE_READY) == GST_STATE_CHANGE_SUCCESS;

      gst_element_set_state (nv, GST_STATE_NULL);
      if (usable)
        return "nvh264enc";
    }
  return "x264enc";
}

static int
video_kbps (int width,
            int height)
{
  /* About 0.17 bit per pixel at 25 fps: clean football on a phone, a few MB per minute. */
  return CLAMP ((int) ((gint64) width * height * 25 * 0.17 / 1000), 1500, 40000);
}

typedef struct
{
  GstElement *pipeline;
  GstAppSrc  *video;
  GstAppSrc  *audio;        /* NULL without an audio track */
  char       *final_path;   /* what errors name: the file the user asked for */
  char       *tmp_path;
  char       *moov_path;
  guint64     frames;       /* pushed so far */
  guint64     samples;      /* audio samples pushed so far */
  GstClockTime frame_ns;
} Encoder;

static void
encoder_free (Encoder *enc)
{
  if (enc->pipeline != NULL)
    gst_element_set_state (enc->pipeline, GST_STATE_NULL);
  g_clear_object (&enc->video);
  g_clear_object (&enc->audio);
  g_clear_object (&enc->pipeline);
  /* Whatever happened, no temporary stays behind (after success it has been renamed). */
  if (enc->tmp_path != NULL)
    g_remove (enc->tmp_path);
  if (enc->moov_path != NULL)
    g_remove (enc->moov_path);
  g_free (enc->final_path);
  g_free (enc->tmp_path);
  g_free (enc->moov_path);
  g_free (enc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Encoder, encoder_free)

static char *
temp_path_for (const char  *final_path,
               const char  *suffix,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (final_path);
  g_autofree char *base = g_path_get_basename (final_path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX%s", base, suffix);
  char *path = g_build_filename (dir, name, NULL);
  int fd = g_mkstemp_full (path, O_RDWR, 0644);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir,
                   g_strerror (saved));
      g_free (path);
      return NULL;
    }
  close (fd);

  return path;
}

static Encoder *
encoder_new (Job         *job,
             const char  *final_path,
             GError     **error)
{
  g_autoptr(Encoder) enc = g_new0 (Encoder, 1);
  g_autoptr(GString) desc = g_string_new (NULL);
  g_autoptr(GstCaps) vcaps = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstElement) mux = NULL;
  const char *encoder = job->self->video_encoder;
  const char *aac = NULL;
  int kbps = video_kbps (job->width, job->height);

  enc->final_path = g_strdup (final_path);
  if (!(enc->tmp_path = temp_path_for (final_path, ".part", error))
      || !(enc->moov_path = temp_path_for (final_path, ".moov", error)))
    return NULL;

  /* The encoding half of the export, as a GStreamer developer would write it by hand. */
  g_string_append (desc, "appsrc name=video format=time block=true max-bytes=16000000 ! ");
  if (g_str_equal (encoder, "nvh264enc"))
    g_string_append_printf (desc, "queue ! nvh264enc bitrate=%d gop-size=%d ! ", kbps,
                            2 * job->fps_n / job->fps_d);
  else
    /* superfast: 1.59x real time at 720p on 2 cores (veryfast gave 1.42x, under the 1.5x
     * target); at the reel's fixed bitrate the files are the same size. threads=0
     * lets x264 use every core; two seconds between keyframes for quick seeks in players.
     * No B-frames: mp4mux writes no edit list for their reordering delay, and the video
     * would then start 80 ms after the sound in every player. */
    g_string_append_printf (desc, "queue max-size-buffers=8 ! x264enc speed-preset=superfast "
                            "bframes=0 bitrate=%d key-int-max=%d threads=0 ! ", kbps,
                            2 * job->fps_n / job->fps_d);
  g_string_append (desc, "video/x-h264,profile=high ! h264parse ! queue ! "
                         "mp4mux name=mux faststart=true ! filesink name=sink ");
  if (job->audio && (aac = pick_aac_encoder ()) != NULL)
    /* Audio never blocks (unbounded queues): x264's look-ahead holds video back for a while,
     * and the muxer must be able to take the audio of that time meanwhile. */
    g_string_append_printf (desc, "appsrc name=audio format=time block=false max-bytes=0 ! "
                            "audioconvert ! %s bitrate=%d ! queue max-size-time=0 "
                            "max-size-buffers=0 max-size-bytes=0 ! mux. ", aac,
                            AUDIO_KBPS * 1000);
  else if (job->audio)
    g_warning ("no AAC encoder (install gstreamer1.0-libav): the reel will have no sound");

  enc->pipeline = gst_parse_launch_full (desc->str, NULL, GST_PARSE_FLAG_FATAL_ERRORS, error);
  if (enc->pipeline == NULL)
    return NULL;
  gst_object_ref_sink (enc->pipeline);
  enc->video = GST_APP_SRC (gst_bin_get_by_name (GST_BIN (enc->pipeline), "video"));
  if (aac != NULL)
    enc->audio = GST_APP_SRC (gst_bin_get_by_name (GST_BIN (enc->pipeline), "audio"));
  sink = gst_bin_get_by_name (GST_BIN (enc->pipeline), "sink");
  mux = gst_bin_get_by_name (GST_BIN (enc->pipeline), "mux");
  g_object_set (sink, "location", enc->tmp_path, NULL);
  /* Faststart rewrites the file at the end: keep its scratch file on the same disk. */
  g_object_set (mux, "faststart-file", enc->moov_path, NULL);

  vcaps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420",
                               "width", G_TYPE_INT, job->width,
                               "height", G_TYPE_INT, job->height,
                               "framerate", GST_TYPE_FRACTION, job->fps_n, job->fps_d,
                               "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  gst_app_src_set_caps (enc->video, vcaps);
  if (enc->audio != NULL)
    {
      g_autoptr(GstCaps) acaps =
        gst_caps_new_simple ("audio/x-raw", "format", G_TYPE_STRING, "S16LE",
                             "rate", G_TYPE_INT, AUDIO_RATE, "channels", G_TYPE_INT,
                             AUDIO_CHANNELS, "layout", G_TYPE_STRING, "interleaved", NULL);

      gst_app_src_set_caps (enc->audio, acaps);
    }
  enc->frame_ns = gst_util_uint64_scale (GST_SECOND, job->fps_d, job->fps_n);

  if (gst_element_set_state (enc->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      if (check_bus (enc->pipeline, final_path, error))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: cannot start the encoder"),
                     final_path);
      return NULL;
    }

  return g_steal_pointer (&enc);
}

static GstClockTime
encoder_time (Encoder *enc,
              guint64  frames)
{
  return gst_util_uint64_scale (frames, enc->frame_ns, 1);
}

/* Pushes one frame (a new buffer sharing @src's memory) at the next output time. */
static gboolean
encoder_push_frame (Encoder     *enc,
                    GstBuffer   *src,
                    GError     **error)
{
  const char *what = enc->final_path;
  GstBuffer *buffer = gst_buffer_copy (src);

  GST_BUFFER_PTS (buffer) = encoder_time (enc, enc->frames);
  GST_BUFFER_DTS (buffer) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION (buffer) = encoder_time (enc, enc->frames + 1) - GST_BUFFER_PTS (buffer);
  enc->frames++;
  if (gst_app_src_push_buffer (enc->video, buffer) != GST_FLOW_OK)
    {
      if (check_bus (enc->pipeline, what, error))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: the encoder stopped"), what);
      return FALSE;
    }

  return check_bus (enc->pipeline, what, error);
}

/* Audio sample count that matches the video pushed so far: the two tracks end every frame
 * within one sample of each other. */
static guint64
encoder_audio_target (Encoder *enc)
{
  return gst_util_uint64_scale_round (encoder_time (enc, enc->frames), AUDIO_RATE, GST_SECOND);
}

static gboolean
encoder_push_audio (Encoder       *enc,
                    const guint8  *data,
                    guint64        n_samples)
{
  GstBuffer *buffer;

  if (enc->audio == NULL || n_samples == 0)
    return TRUE;
  buffer = gst_buffer_new_memdup (data, n_samples * AUDIO_BPS);
  GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (enc->samples, GST_SECOND, AUDIO_RATE);
  GST_BUFFER_DURATION (buffer) =
    gst_util_uint64_scale (enc->samples + n_samples, GST_SECOND, AUDIO_RATE)
    - GST_BUFFER_PTS (buffer);
  enc->samples += n_samples;

  return gst_app_src_push_buffer (enc->audio, buffer) == GST_FLOW_OK;
}

/* Silence up to the video's current end. */
static gboolean
encoder_pad_audio (Encoder *enc)
{
  guint64 target = encoder_audio_target (enc);
  g_autofree guint8 *zeros = NULL;

  if (enc->audio == NULL || target <= enc->samples)
    return TRUE;
  zeros = g_malloc0 ((target - enc->samples) * AUDIO_BPS);
  return encoder_push_audio (enc, zeros, target - enc->samples);
}

static gboolean
encoder_finish (Encoder       *enc,
                const char    *final_path,
                GCancellable  *cancellable,
                GError       **error)
{
  gst_app_src_end_of_stream (enc->video);
  if (enc->audio != NULL)
    gst_app_src_end_of_stream (enc->audio);
  if (!wait_bus (enc->pipeline, GST_MESSAGE_EOS, final_path, cancellable, error))
    return FALSE;
  gst_element_set_state (enc->pipeline, GST_STATE_NULL);

  if (g_rename (enc->tmp_path, final_path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", final_path,
                   g_strerror (saved));
      return FALSE;
    }
  g_clear_pointer (&enc->tmp_path, g_free);

  return TRUE;
}

/* --- one clip's decode pipeline ----------------------------------------------------------- */

typedef struct
{
  GstElement *pipeline;
  GstAppSink *video;
  GstAppSink *audio;       /* NULL when the source has no sound */
  GstSample  *current;     /* the frame shown now */
  GstSample  *next;        /* the one after it, or NULL at the end */
  gboolean    video_eos;
  gboolean    audio_eos;
  GByteArray *pcm;         /* decoded sound, from source sample index pcm_first */
  gint64      pcm_first;
} Clip;

static void
clip_free (Clip *clip)
{
  if (clip->pipeline != NULL)
    gst_element_set_state (clip->pipeline, GST_STATE_NULL);
  g_clear_pointer (&clip->current, gst_sample_unref);
  g_clear_pointer (&clip->next, gst_sample_unref);
  g_clear_object (&clip->video);
  g_clear_object (&clip->audio);
  g_clear_object (&clip->pipeline);
  g_clear_pointer (&clip->pcm, g_byte_array_unref);
  g_free (clip);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Clip, clip_free)

/* The camera samples of the clip's range for tlvcam's "path" property, or NULL when the match
 * has no path of that kind yet (tlvcam then holds the item's fixed view). */
static GBytes *
load_path (Job                  *job,
           const TlReelItemInfo *item,
           const TlMatchInfo    *match,
           TlReelCamera          camera,
           guint64              *path_start,
           guint64              *path_interval,
           GCancellable         *cancellable)
{
  TlCameraPathMode mode = camera == TL_REEL_CAMERA_PATH ? TL_CAMERA_PATH_EDITED
                                                        : TL_CAMERA_PATH_FOLLOW;
  TlCameraPath *path = g_hash_table_lookup (job->paths, GSIZE_TO_POINTER (item->match_id));
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (TlVcamSample));
  GstClockTime interval = match->fps_num > 0
    ? gst_util_uint64_scale (GST_SECOND, match->fps_den, match->fps_num) : GST_SECOND / 25;
  /* A second either side: tlvcam holds the ends, and a frame may land just outside. */
  gint64 from = MAX (item->start_ns - GST_SECOND, 0), to = item->end_ns + GST_SECOND;

  if (path == NULL)
    {
      g_autoptr(GError) error = NULL;

      path = tl_camera_path_load (job->library, item->match_id, cancellable, &error);
      if (path == NULL)
        {
          g_debug ("match %" G_GINT64_FORMAT ": no camera path: %s", item->match_id,
                   error->message);
          return NULL;
        }
      g_hash_table_insert (job->paths, GSIZE_TO_POINTER (item->match_id), path);
    }

  for (gint64 t = from; t <= to; t += (gint64) interval)
    {
      double yaw, pitch, hfov;
      TlVcamSample sample;

      /* Nothing to give (not analysed, nothing edited): tlvcam holds the fixed view. */
      if (!tl_camera_path_sample (path, mode, t, &yaw, &pitch, &hfov))
        return NULL;
      sample.yaw_deg = (float) yaw;
      sample.pitch_deg = (float) pitch;
      sample.hfov_deg = (float) hfov;
      g_array_append_val (samples, sample);
    }
  *path_start = (guint64) from;
  *path_interval = interval;

  return g_bytes_new (samples->data, samples->len * sizeof (TlVcamSample));
}

static GstSample *
pull_video (Clip          *clip,
            const char    *what,
            GCancellable  *cancellable,
            GError       **error)
{
  GstClockTime waited = 0;

  while (!clip->video_eos)
    {
      GstSample *sample = gst_app_sink_try_pull_sample (clip->video, POLL_INTERVAL);

      if (sample != NULL)
        return sample;
      if (gst_app_sink_is_eos (clip->video))
        clip->video_eos = TRUE;
      else if (!check_cancel (cancellable, error) || !check_bus (clip->pipeline, what, error))
        return NULL;
      else if ((waited += POLL_INTERVAL) > STALL_TIMEOUT)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       _("%s: the decoder stopped responding"), what);
          return NULL;
        }
    }

  return NULL;
}

static void
take_audio (Clip      *clip,
            GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstClockTime pts = GST_BUFFER_PTS (buffer);
  GstMapInfo map;

  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return;
  if (clip->pcm->len == 0 && GST_CLOCK_TIME_IS_VALID (pts))
    clip->pcm_first = (gint64) gst_util_uint64_scale_round (pts, AUDIO_RATE, GST_SECOND);
  g_byte_array_append (clip->pcm, map.data, (guint) (map.size - map.size % AUDIO_BPS));
  gst_buffer_unmap (buffer, &map);
}

/* Takes what the audio sink has; with @block, waits until it has sound up to source sample
 * @until (or its end), for at most a few seconds: a stuck audio branch costs sound, not the
 * whole export. */
static void
pump_audio (Clip    *clip,
            gint64   until,
            gboolean block)
{
  GstClockTime waited = 0;

  while (clip->audio != NULL && !clip->audio_eos)
    {
      GstSample *sample;

      if (block && (clip->pcm->len == 0
                    || clip->pcm_first + (gint64) (clip->pcm->len / AUDIO_BPS) <= until))
        sample = gst_app_sink_try_pull_sample (clip->audio, POLL_INTERVAL);
      else
        sample = gst_app_sink_try_pull_sample (clip->audio, 0);

      if (sample != NULL)
        {
          take_audio (clip, sample);
          gst_sample_unref (sample);
          continue;
        }
      if (gst_app_sink_is_eos (clip->audio))
        clip->audio_eos = TRUE;
      else if (!block || (clip->pcm->len > 0
                          && clip->pcm_first + (gint64) (clip->pcm->len / AUDIO_BPS) > until)
               || (waited += POLL_INTERVAL) > 5 * GST_SECOND)
        break;
    }
}

static Clip *
clip_open (Job                  *job,
           const TlReelItemInfo *item,
           const TlMatchInfo    *match,
           TlReelCamera          camera,
           GCancellable         *cancellable,
           GError              **error)
{
  g_autoptr(Clip) clip = g_new0 (Clip, 1);
  g_autoptr(GString) desc = g_string_new (NULL);
  g_autoptr(GstElement) dec = NULL;
  g_autoptr(GstElement) vcam = NULL;
  g_autoptr(GBytes) path = NULL;
  g_autofree char *uri = NULL;
  guint64 path_start, path_interval;
  gboolean has_audio = match->audio_codec != NULL;

  if (!g_file_test (match->file_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("%s: the video is missing (moved or deleted? relink the match)"),
                   match->file_path);
      return NULL;
    }

  /* Decode, reframe, draw: the per-clip half of the export. */
  g_string_append_printf (desc, "uridecodebin name=dec "
                          "dec. ! videoconvert ! video/x-raw,format=I420 ! "
                          "queue max-size-buffers=3 ! tlvcam name=vcam width=%d height=%d ! "
                          "tloverlay name=overlay ! "
                          "appsink name=video sync=false max-buffers=4 ",
                          job->width, job->height);
  if (has_audio)
    g_string_append_printf (desc, "dec. ! audioconvert ! audioresample ! "
                            "audio/x-raw,format=S16LE,rate=%d,channels=%d,layout=interleaved ! "
                            "appsink name=audio sync=false ", AUDIO_RATE, AUDIO_CHANNELS);
  clip->pipeline = gst_parse_launch_full (desc->str, NULL, GST_PARSE_FLAG_FATAL_ERRORS, error);
  if (clip->pipeline == NULL)
    return NULL;
  gst_object_ref_sink (clip->pipeline);
  clip->video = GST_APP_SINK (gst_bin_get_by_name (GST_BIN (clip->pipeline), "video"));
  if (has_audio)
    {
      clip->audio = GST_APP_SINK (gst_bin_get_by_name (GST_BIN (clip->pipeline), "audio"));
      /* Unbounded: sound is small, and a full audio sink would stall the demuxer. */
      gst_app_sink_set_max_buffers (clip->audio, 0);
    }
  clip->pcm = g_byte_array_new ();

  dec = gst_bin_get_by_name (GST_BIN (clip->pipeline), "dec");
  uri = g_filename_to_uri (match->file_path, NULL, error);
  if (uri == NULL)
    return NULL;
  g_object_set (dec, "uri", uri, NULL);

  vcam = gst_bin_get_by_name (GST_BIN (clip->pipeline), "vcam");
  path = camera == TL_REEL_CAMERA_FOLLOW || camera == TL_REEL_CAMERA_PATH
         ? load_path (job, item, match, camera, &path_start, &path_interval, cancellable)
         : NULL;
  g_object_set (vcam, "mode", camera, "projection", match->projection,
                "source-hfov", match->hfov_deg, "yaw", item->yaw_deg,
                "pitch", CLAMP (item->pitch_deg, -90.0, 90.0),
                "hfov", CLAMP (item->hfov_deg, 3.0, 120.0), NULL);
  if (path != NULL)
    g_object_set (vcam, "path", path, "path-start", path_start, "path-interval", path_interval,
                  NULL);

  /* A renderer per clip: renderers are used by one thread at a time. No drawings (or a
   * library without them) is not an error: the clip is exported without. */
  {
    g_autoptr(GstElement) overlay = gst_bin_get_by_name (GST_BIN (clip->pipeline), "overlay");
    g_autoptr(TlAnnotationRenderer) renderer = NULL;
    g_autoptr(GError) renderer_error = NULL;

    renderer = tl_annotation_renderer_new_for_store (tl_library_get_store (job->library),
                                                     item->match_id, &renderer_error);
    if (renderer != NULL)
      g_object_set (overlay, "annotations", renderer, NULL);
    else
      g_debug ("match %" G_GINT64_FORMAT ": drawings left out: %s", item->match_id,
               renderer_error->message);
  }

  /* Preroll, then an accurate seek: decoding starts at the keyframe before the clip but the
   * first frame out is the one at (or just after) its start. */
  if (gst_element_set_state (clip->pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE
      || !wait_bus (clip->pipeline, GST_MESSAGE_ASYNC_DONE, match->file_path, cancellable,
                    error))
    {
      if (error != NULL && *error == NULL)
        check_bus (clip->pipeline, match->file_path, error);
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: cannot be decoded"),
                     match->file_path);
      return NULL;
    }
  if (!gst_element_seek (clip->pipeline, 1.0, GST_FORMAT_TIME,
                         GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                         GST_SEEK_TYPE_SET, item->start_ns, GST_SEEK_TYPE_SET, item->end_ns))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: cannot seek"), match->file_path);
      return NULL;
    }
  if (!wait_bus (clip->pipeline, GST_MESSAGE_ASYNC_DONE, match->file_path, cancellable, error))
    return NULL;
  gst_element_set_state (clip->pipeline, GST_STATE_PLAYING);

  if (!(clip->current = pull_video (clip, match->file_path, cancellable, error)))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("%s: no picture in the clip's range"), match->file_path);
      return NULL;
    }

  return g_steal_pointer (&clip);
}

static GstClockTime
sample_pts (GstSample *sample)
{
  return GST_BUFFER_PTS (gst_sample_get_buffer (sample));
}

/* A frame of the output's size and format, black (for the intro card). */
static GstBuffer *
black_frame (Job *job)
{
  GstVideoInfo info;
  GstVideoFrame frame;
  GstBuffer *buffer;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, job->width, job->height);
  buffer = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (&info), NULL);
  gst_video_frame_map (&frame, &info, buffer, GST_MAP_WRITE);
  for (int p = 0; p < 3; p++)
    for (int y = 0; y < GST_VIDEO_FRAME_COMP_HEIGHT (&frame, p); y++)
      memset ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, p)
              + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, p), p == 0 ? 16 : 128,
              GST_VIDEO_FRAME_COMP_WIDTH (&frame, p));
  gst_video_frame_unmap (&frame);

  return buffer;
}

/* A card: @text over a darkened copy of @picture (or black), shown for @duration. */
static gboolean
push_card (Job           *job,
           Encoder       *enc,
           GstBuffer     *picture,
           const char    *text,
           GstClockTime   duration,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GstBuffer) card = picture != NULL ? gst_buffer_copy_deep (picture)
                                              : black_frame (job);
  guint64 n = gst_util_uint64_scale_round (duration, job->fps_n, job->fps_d * GST_SECOND);
  GstVideoInfo info;
  GstVideoFrame frame;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, job->width, job->height);
  if (!gst_video_frame_map (&frame, &info, card, GST_MAP_WRITE))
    return TRUE;
  tl_overlay_draw_title (&frame, text, TRUE);
  gst_video_frame_unmap (&frame);

  for (guint64 i = 0; i < n; i++)
    {
      if (!check_cancel (cancellable, error) || !encoder_push_frame (enc, card, error))
        return FALSE;
      if (!encoder_pad_audio (enc))
        return FALSE;
      job->done_ns += enc->frame_ns;
      report (job, FALSE);
    }

  return TRUE;
}

/* Sound for the output samples up to the video's end, taken from the clip at each sample's
 * mapped source time; silence in slow motion, gaps and sources without sound. */
static gboolean
push_clip_audio (Encoder              *enc,
                 Clip                 *clip,
                 const TlReelItemInfo *item,
                 GstClockTime          clip_out_start)
{
  guint64 target = encoder_audio_target (enc);
  guint64 n = target > enc->samples ? target - enc->samples : 0;
  g_autofree gint16 *out = NULL;
  gint64 clip_length = tl_reel_item_info_get_output_duration (item);
  gint64 last_needed;

  if (enc->audio == NULL || n == 0)
    return TRUE;
  out = g_new0 (gint16, n * AUDIO_CHANNELS);
  last_needed = (gint64) gst_util_uint64_scale_round (
    tl_reel_item_info_map_time (item, (gint64) (encoder_time (enc, enc->frames)
                                                - clip_out_start)), AUDIO_RATE, GST_SECOND)
                + AAC_PRIMING;
  pump_audio (clip, last_needed, TRUE);

  for (guint64 i = 0; i < n; i++)
    {
      gint64 t = (gint64) gst_util_uint64_scale (enc->samples + i + AAC_PRIMING, GST_SECOND,
                                                 AUDIO_RATE) - (gint64) clip_out_start;
      gint64 s = tl_reel_item_info_map_time (item, MAX (t, 0));
      gint64 index;

      if (t >= clip_length)
        continue;

      /* A freeze holds a picture: no sound goes with it. */
      if (tl_reel_item_info_is_frozen (item, MAX (t, 0)))
        continue;
      /* Slowed sound is unpleasant and useless for analysis: slow motion is silent. */
      if (item->slowmo_rate < 1.0 && item->slowmo_start_ns != TL_REEL_NO_SLOWMO
          && s >= item->slowmo_start_ns && s < item->slowmo_end_ns)
        continue;
      index = (gint64) gst_util_uint64_scale_round (s, AUDIO_RATE, GST_SECOND) - clip->pcm_first;
      if (clip->pcm->len > 0 && index >= 0 && index < (gint64) (clip->pcm->len / AUDIO_BPS))
        memcpy (out + i * AUDIO_CHANNELS, clip->pcm->data + index * AUDIO_BPS, AUDIO_BPS);
    }

  return encoder_push_audio (enc, (const guint8 *) out, n);
}

/* Forgets sound before source sample @before: a long clip keeps only a few seconds. */
static void
trim_audio (Clip   *clip,
            gint64  before)
{
  gint64 drop = before - clip->pcm_first - AUDIO_RATE;

  if (drop > AUDIO_RATE && drop * AUDIO_BPS < (gint64) clip->pcm->len)
    {
      g_byte_array_remove_range (clip->pcm, 0, (guint) (drop * AUDIO_BPS));
      clip->pcm_first += drop;
    }
}

static gboolean
export_clip (Job                  *job,
             Encoder              *enc,
             const TlReelItemInfo *item,
             GCancellable         *cancellable,
             GError              **error)
{
  const TlMatchInfo *match = g_hash_table_lookup (job->matches, &item->match_id);
  TlReelCamera camera = job->size == TL_REEL_SIZE_SOURCE ? TL_REEL_CAMERA_FULL
                        : job->override_camera ? job->camera : item->camera;
  g_autoptr(Clip) clip = NULL;
  GstClockTime out_duration = (GstClockTime) tl_reel_item_info_get_output_duration (item);
  guint64 n_frames = gst_util_uint64_scale_round (out_duration, job->fps_n,
                                                  job->fps_d * GST_SECOND);
  GstClockTime src_frame = match->fps_num > 0
    ? gst_util_uint64_scale (GST_SECOND, match->fps_den, match->fps_num) : enc->frame_ns;
  GstClockTime clip_out_start;

  if (!(clip = clip_open (job, item, match, camera, cancellable, error)))
    return FALSE;
  clip->next = pull_video (clip, match->file_path, cancellable, error);
  if (error != NULL && *error != NULL)
    return FALSE;

  if (item->title != NULL && *item->title != '\0'
      && !push_card (job, enc, gst_sample_get_buffer (clip->current), item->title,
                     TL_REEL_TITLE_CARD_NS, cancellable, error))
    return FALSE;

  clip_out_start = encoder_time (enc, enc->frames);
  for (guint64 k = 0; k < n_frames; k++)
    {
      GstClockTime s = (GstClockTime) tl_reel_item_info_map_time (
        item, (gint64) gst_util_uint64_scale (k, enc->frame_ns, 1));

      /* The latest source frame that starts less than half a frame after s. */
      while (clip->next != NULL && sample_pts (clip->next) < s + src_frame / 2)
        {
          g_clear_pointer (&clip->current, gst_sample_unref);
          clip->current = g_steal_pointer (&clip->next);
          clip->next = pull_video (clip, match->file_path, cancellable, error);
          if (error != NULL && *error != NULL)
            return FALSE;
        }
      /* The video ended well before the clip did (a shorter file than the library thinks):
       * end the clip rather than freeze the picture for long. */
      if (clip->next == NULL && s > sample_pts (clip->current) + GST_SECOND)
        break;

      if (!check_cancel (cancellable, error)
          || !encoder_push_frame (enc, gst_sample_get_buffer (clip->current), error)
          || !push_clip_audio (enc, clip, item, clip_out_start))
        return FALSE;
      trim_audio (clip, (gint64) gst_util_uint64_scale (s, AUDIO_RATE, GST_SECOND));
      job->done_ns += enc->frame_ns;
      report (job, FALSE);
    }

  /* Whatever the clip gave, both tracks end together. */
  return encoder_pad_audio (enc);
}

static char *
per_event_name (const TlReelItemInfo *item,
                guint                 index)
{
  gint64 seconds = item->start_ns / GST_SECOND;
  g_autofree char *at = NULL;
  g_autofree char *name = NULL;

  /* "12m04s": sorts, reads aloud, and needs no colon (which phones and shares refuse). */
  at = seconds >= 3600
    ? g_strdup_printf ("%dh%02dm%02ds", (int) (seconds / 3600), (int) (seconds / 60 % 60),
                       (int) (seconds % 60))
    : g_strdup_printf ("%02dm%02ds", (int) (seconds / 60), (int) (seconds % 60));
  name = g_strdup_printf ("%02u %s %s.mp4", index + 1,
                          item->event_code != NULL ? item->event_code : _("Clip"), at);
  /* Codes are free text: no path separators or characters that shares refuse. */
  g_strdelimit (name, "/\\:*?\"<>|", '-');

  return g_steal_pointer (&name);
}

static gboolean
check_space (Job          *job,
             const char   *dir,
             GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GFileInfo) info = NULL;
  double seconds = job->total_ns / 1e9;
  /* The file, and once more for faststart's scratch copy, plus 10 % and a margin. */
  guint64 need = (guint64) (seconds * (video_kbps (job->width, job->height) + AUDIO_KBPS)
                            * 1000 / 8 * 2 * 1.1) + (4 << 20);
  guint64 free_bytes;

  info = g_file_query_filesystem_info (file, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);
  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    return TRUE;   /* cannot tell (a network share): the write itself will say */
  free_bytes = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
  if (free_bytes < need)
    {
      g_autofree char *need_str = g_format_size (need);
      g_autofree char *free_str = g_format_size (free_bytes);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("%s: not enough free space (the export needs about %s, %s free)"), dir,
                   need_str, free_str);
      return FALSE;
    }

  return TRUE;
}

static gboolean
run_job (Job           *job,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autofree char *dir = NULL;

  tl_elements_register ();
  job->started_us = g_get_monotonic_time ();
  job->written = g_ptr_array_new_with_free_func (g_free);

  if (job->per_event)
    {
      if (g_mkdir_with_parents (job->output, 0755) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", job->output,
                       g_strerror (saved));
          return FALSE;
        }
      dir = g_strdup (job->output);
    }
  else
    {
      dir = g_path_get_dirname (job->output);
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s: no such folder"), dir);
          return FALSE;
        }
    }
  if (!check_space (job, dir, error))
    return FALSE;

  if (job->per_event)
    {
      for (guint i = 0; i < job->items->len; i++)
        {
          const TlReelItemInfo *item = g_ptr_array_index (job->items, i);
          g_autofree char *name = per_event_name (item, i);
          g_autofree char *path = g_build_filename (job->output, name, NULL);
          g_autoptr(Encoder) enc = encoder_new (job, path, error);

          if (enc == NULL || !export_clip (job, enc, item, cancellable, error)
              || !encoder_finish (enc, path, cancellable, error))
            return FALSE;
          g_ptr_array_add (job->written, g_steal_pointer (&path));
        }
    }
  else
    {
      g_autoptr(Encoder) enc = encoder_new (job, job->output, error);

      if (enc == NULL)
        return FALSE;
      if (job->intro_title != NULL && *job->intro_title != '\0'
          && !push_card (job, enc, NULL, job->intro_title, TL_REEL_INTRO_CARD_NS, cancellable,
                         error))
        return FALSE;
      for (guint i = 0; i < job->items->len; i++)
        if (!export_clip (job, enc, g_ptr_array_index (job->items, i), cancellable, error))
          return FALSE;
      if (!encoder_finish (enc, job->output, cancellable, error))
        return FALSE;
      g_ptr_array_add (job->written, g_strdup (job->output));
    }
  job->done_ns = job->total_ns;
  report (job, TRUE);

  return TRUE;
}

/* Copies what the worker needs and checks it, in the caller's thread. */
static Job *
job_new (TlReelExporter            *self,
         const char                *intro_title,
         GPtrArray                 *items,
         const TlReelExportOptions *options,
         GError                   **error)
{
  g_autoptr(Job) job = g_new0 (Job, 1);
  const TlMatchInfo *first = NULL;

  if (items->len == 0)
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID,
                   _("The reel is empty: add clips before exporting"));
      return NULL;
    }
  if (options->output == NULL || *options->output == '\0')
    {
      g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_INVALID, _("No output file given"));
      return NULL;
    }

  if (!job_hold (job, self, error))
    return NULL;
  job->intro_title = g_strdup (options->per_event ? NULL : intro_title);
  job->items = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_reel_item_info_free);
  job->matches = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                        (GDestroyNotify) tl_match_info_free);
  job->size = options->size;
  job->override_camera = options->override_camera;
  job->camera = options->camera;
  job->per_event = options->per_event;
  job->output = g_canonicalize_filename (options->output, NULL);
  job->paths = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);

  for (guint i = 0; i < items->len; i++)
    {
      const TlReelItemInfo *item = g_ptr_array_index (items, i);
      TlReelItemInfo *copy = tl_reel_item_info_copy (item);
      TlMatch *match = tl_library_lookup_match (job->library, item->match_id);

      if (match == NULL)
        {
          g_set_error (error, TL_LIBRARY_ERROR, TL_LIBRARY_ERROR_NO_SUCH_MATCH,
                       _("Clip %u: its match is no longer in the library"), i + 1);
          tl_reel_item_info_free (copy);
          return NULL;
        }
      if (!tl_reels_read_freezes (tl_library_get_store (job->library), copy, error))
        {
          tl_reel_item_info_free (copy);
          return NULL;
        }
      g_ptr_array_add (job->items, copy);
      if (!g_hash_table_contains (job->matches, &item->match_id))
        {
          TlMatchInfo *info = tl_match_info_copy (tl_match_get_info (match));

          g_hash_table_insert (job->matches, &info->id, info);
        }
      if (first == NULL)
        first = g_hash_table_lookup (job->matches, &item->match_id);
      job->audio |= tl_match_get_info (match)->audio_codec != NULL;
      job->total_ns += tl_reel_item_info_get_output_duration (copy);
      if (item->title != NULL && *item->title != '\0')
        job->total_ns += TL_REEL_TITLE_CARD_NS;
    }
  if (job->intro_title != NULL && *job->intro_title != '\0')
    job->total_ns += TL_REEL_INTRO_CARD_NS;

  /* The first clip's frame rate for the whole reel (phones want one constant rate). */
  job->fps_n = first->fps_num > 0 ? first->fps_num : 25;
  job->fps_d = first->fps_num > 0 ? MAX (first->fps_den, 1) : 1;
  switch (options->size)
    {
    case TL_REEL_SIZE_720P:
      job->width = 1280, job->height = 720;
      break;
    case TL_REEL_SIZE_1080P:
      job->width = 1920, job->height = 1080;
      break;
    case TL_REEL_SIZE_SOURCE:
    default:
      /* H.264 4:2:0 needs even sizes; the panorama keeps its own. */
      job->width = first->width & ~1;
      job->height = first->height & ~1;
      break;
    }

  return g_steal_pointer (&job);
}

/* --- the service --------------------------------------------------------------------------- */

static void
tl_reel_exporter_dispose (GObject *object)
{
  TlReelExporter *self = (TlReelExporter *) object;

  g_clear_weak_pointer (&self->library);

  G_OBJECT_CLASS (tl_reel_exporter_parent_class)->dispose (object);
}

static void
tl_reel_exporter_finalize (GObject *object)
{
  TlReelExporter *self = (TlReelExporter *) object;

  g_strfreev (self->outputs);
  g_free (self->video_encoder);

  G_OBJECT_CLASS (tl_reel_exporter_parent_class)->finalize (object);
}

static void
tl_reel_exporter_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TlReelExporter *self = TL_REEL_EXPORTER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_reel_exporter_class_init (TlReelExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_reel_exporter_dispose;
  object_class->finalize = tl_reel_exporter_finalize;
  object_class->get_property = tl_reel_exporter_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_DOUBLE, G_TYPE_INT64, G_TYPE_DOUBLE);
}

static void
tl_reel_exporter_init (TlReelExporter *self)
{
}

TlReelExporter *
tl_reel_exporter_new (TlLibrary *library)
{
  TlReelExporter *self;

  g_return_val_if_fail (TL_IS_LIBRARY (library), NULL);

  self = g_object_new (TL_TYPE_REEL_EXPORTER, NULL);
  g_set_weak_pointer (&self->library, library);

  return self;
}

static void
finish_job (TlReelExporter *self,
            Job            *job,
            gboolean        ok)
{
  g_clear_pointer (&self->outputs, g_strfreev);
  if (ok)
    {
      double elapsed = (g_get_monotonic_time () - job->started_us) / 1e6;

      g_ptr_array_add (job->written, NULL);
      self->outputs = (GStrv) g_ptr_array_steal (job->written, NULL);
      self->last_speed = elapsed > 0 ? job->total_ns / 1e9 / elapsed : 0;
    }
}

static void
prepare_encoder (TlReelExporter *self)
{
  tl_elements_register ();
  if (self->video_encoder == NULL)
    self->video_encoder = g_strdup (pick_video_encoder ());
}

gboolean
tl_reel_exporter_export (TlReelExporter             *self,
                         const char                 *intro_title,
                         GPtrArray                  *items,
                         const TlReelExportOptions  *options,
                         GCancellable               *cancellable,
                         GError                    **error)
{
  g_autoptr(Job) job = NULL;
  gboolean ok;

  g_return_val_if_fail (TL_IS_REEL_EXPORTER (self), FALSE);
  g_return_val_if_fail (items != NULL && options != NULL, FALSE);

  prepare_encoder (self);
  if (!(job = job_new (self, intro_title, items, options, error)))
    return FALSE;
  ok = run_job (job, cancellable, error);
  finish_job (self, job, ok);

  return ok;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (run_job (job, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}


static void
set_busy (TlReelExporter *self,
          gboolean        busy)
{
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The worker's task ends here, on the caller's main context: the service's state (busy,
 * outputs) is settled before the caller hears of it, even a caller that passed no callback. */
static void
on_worker_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  TlReelExporter *self = TL_REEL_EXPORTER (source);
  g_autoptr(GTask) outer = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  finish_job (self, job, ok);
  set_busy (self, FALSE);
  if (ok)
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
  /* Here, not when the worker's task is freed (maybe in its thread): if this was the last
   * reference, the library is disposed on the main thread, as its models want. */
  g_clear_object (&job->library);
}

void
tl_reel_exporter_export_async (TlReelExporter             *self,
                               TlReel                     *reel,
                               const TlReelExportOptions  *options,
                               GCancellable               *cancellable,
                               GAsyncReadyCallback         callback,
                               gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;
  Job *job;

  g_return_if_fail (TL_IS_REEL_EXPORTER (self));
  g_return_if_fail (TL_IS_REEL (reel));
  g_return_if_fail (options != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_reel_exporter_export_async);
  if (self->busy)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("Another export is running; wait for it or cancel it"));
      return;
    }
  prepare_encoder (self);
  items = tl_reel_dup_item_infos (reel);
  if (!(job = job_new (self, tl_reel_get_intro_title (reel), items, options, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  job->context = g_main_context_ref_thread_default ();
  worker = g_task_new (self, cancellable, on_worker_done, g_steal_pointer (&task));
  g_task_set_task_data (worker, job, (GDestroyNotify) job_free);
  set_busy (self, TRUE);
  g_task_run_in_thread (worker, export_thread);
}

gboolean
tl_reel_exporter_export_finish (TlReelExporter  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
tl_reel_exporter_get_busy (TlReelExporter *self)
{
  g_return_val_if_fail (TL_IS_REEL_EXPORTER (self), FALSE);
  return self->busy;
}

const char * const *
tl_reel_exporter_get_outputs (TlReelExporter *self)
{
  g_return_val_if_fail (TL_IS_REEL_EXPORTER (self), NULL);
  return (const char * const *) self->outputs;
}

double
tl_reel_exporter_get_last_speed (TlReelExporter *self)
{
  g_return_val_if_fail (TL_IS_REEL_EXPORTER (self), 0);
  return self->last_speed;
}

const char *
tl_reel_exporter_get_video_encoder (TlReelExporter *self)
{
  g_return_val_if_fail (TL_IS_REEL_EXPORTER (self), NULL);
  return self->video_encoder;
}

/* --- stills -------------------------------------------------------------------------------- */

gboolean
tl_reel_exporter_export_still (TlReelExporter  *self,
                               TlMatch         *match,
                               gint64           position_ns,
                               TlReelCamera     camera,
                               double           yaw_deg,
                               double           pitch_deg,
                               double           hfov_deg,
                               int              width,
                               int              height,
                               const char      *path,
                               GCancellable    *cancellable,
                               GError         **error)
{
  const TlMatchInfo *info;
  g_autoptr(Job) job = g_new0 (Job, 1);
  g_autoptr(TlReelItemInfo) item = tl_reel_item_info_new ();
  g_autoptr(Clip) clip = NULL;
  g_autoptr(GstCaps) png_caps = NULL;
  g_autoptr(GstSample) png = NULL;
  g_autoptr(GError) convert_error = NULL;
  GstMapInfo map;
  gboolean ok;

  g_return_val_if_fail (TL_IS_REEL_EXPORTER (self), FALSE);
  g_return_val_if_fail (TL_IS_MATCH (match), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  tl_elements_register ();
  info = tl_match_get_info (match);
  if (!job_hold (job, self, error))
    return FALSE;
  job->paths = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  job->width = (width > 0 ? width : info->width) & ~1;
  job->height = (height > 0 ? height : info->height) & ~1;
  if (width <= 0 || height <= 0)
    camera = TL_REEL_CAMERA_FULL;
  item->match_id = info->id;
  item->start_ns = CLAMP (position_ns, 0, MAX (info->duration_ns - 1, 0));
  item->end_ns = item->start_ns + GST_SECOND;
  item->camera = camera;
  item->yaw_deg = yaw_deg;
  item->pitch_deg = pitch_deg;
  item->hfov_deg = hfov_deg;

  if (!(clip = clip_open (job, item, info, camera, cancellable, error)))
    return FALSE;
  png_caps = gst_caps_new_empty_simple ("image/png");
  png = gst_video_convert_sample (clip->current, png_caps, 10 * GST_SECOND, &convert_error);
  if (png == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
                   convert_error ? convert_error->message : _("cannot encode PNG"));
      return FALSE;
    }
  gst_buffer_map (gst_sample_get_buffer (png), &map, GST_MAP_READ);
  /* g_file_set_contents writes a temporary file and renames it: never a half PNG. */
  ok = g_file_set_contents (path, (const char *) map.data, (gssize) map.size, error);
  gst_buffer_unmap (gst_sample_get_buffer (png), &map);

  return ok;
}
