/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-player.c: playbin3 with an appsink: frames, accurate seeks, steps, speed, loops. */
#include "config.h"

#include <gst/app/app.h>
#include <gst/video/video.h>

#include "tl-player.h"

/* appsink's queue: two frames let decoding run one ahead without buffering seconds of 4K. */
#define APPSINK_MAX_BUFFERS 2

struct _TlPlayer
{
  GObject        parent_instance;

  GMainContext  *context;          /* where signals are emitted */
  char          *path;
  GstElement    *pipeline;         /* playbin3 */
  GstElement    *appsink;
  GSource       *bus_source;

  /* Shared with the streaming threads. */
  GMutex         lock;
  TlVideoFrame  *pending;          /* the newest frame not yet handed to the main context */
  guint          pending_epoch;
  guint          flush_epoch;      /* counts FLUSH_STOPs reaching the appsink */
  GSource       *deliver_source;

  /* Main context only. */
  TlVideoFrame  *frame;            /* the frame shown */
  gboolean       prerolled;        /* the file is open and its first frame decoded */
  gboolean       playing;
  gboolean       stepped;          /* steps moved video away from audio: resync before play */
  gboolean       at_eos;
  gboolean       failed;           /* an error was reported for this file */
  double         rate;
  int            fps_n, fps_d;
  gint64         position;
  gint64         duration;
  GstClockTime   loop_start, loop_end;
  /* A seek asked for before the file was ready, done when it is. */
  GstClockTime   pending_seek;
  gboolean       pending_seek_accurate;
  gint64         pending_seek_frame;
};

G_DEFINE_FINAL_TYPE (TlPlayer, tl_player, G_TYPE_OBJECT)

G_DEFINE_QUARK (tl-player-error-quark, tl_player_error)

enum {
  PROP_0,
  PROP_POSITION,
  PROP_DURATION,
  PROP_FPS,
  PROP_PLAYING,
  PROP_RATE,
  PROP_FRAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_FRAME,
  SIGNAL_ERROR,
  SIGNAL_EOS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void do_seek (TlPlayer     *self,
                     GstClockTime  position,
                     gboolean      accurate);

/* --- frames: streaming thread -> main context ---------------------------------------------- */

static void show_frame (TlPlayer     *self,
                        TlVideoFrame *frame);

static gboolean
deliver_cb (gpointer data)
{
  TlPlayer *self = data;
  g_autoptr(TlVideoFrame) frame = NULL;

  g_mutex_lock (&self->lock);
  frame = g_steal_pointer (&self->pending);
  g_clear_pointer (&self->deliver_source, g_source_unref);
  g_mutex_unlock (&self->lock);

  if (frame != NULL)
    show_frame (self, frame);
  return G_SOURCE_REMOVE;
}

/* Streaming thread: keeps only the newest frame and wakes the main context once for it, so a
 * busy main loop sees the latest picture instead of a backlog. */
static void
queue_frame (TlPlayer  *self,
             GstSample *sample)
{
  TlVideoFrame *frame;

  if (sample == NULL)
    return;
  frame = tl_video_frame_new (sample);
  gst_sample_unref (sample);
  if (frame == NULL)
    return;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->pending, tl_video_frame_unref);
  self->pending = frame;
  self->pending_epoch = self->flush_epoch;
  if (self->deliver_source == NULL)
    {
      self->deliver_source = g_idle_source_new ();
      g_source_set_priority (self->deliver_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->deliver_source, deliver_cb, self, NULL);
      g_source_set_static_name (self->deliver_source, "[touchline] player frame");
      g_source_attach (self->deliver_source, self->context);
    }
  g_mutex_unlock (&self->lock);
}

/* appsink (1.22) hands out a sample object it reuses, and sets new caps on it after a flush;
 * while a frame on screen still holds it, that is a critical ("gst_sample_is_writable") when a
 * seek lands during playback. Frames get a sample of their own instead (no pixel copy). */
static GstSample *
own_sample (GstSample *sample)
{
  GstSample *own;

  if (sample == NULL)
    return NULL;
  own = gst_sample_new (gst_sample_get_buffer (sample), gst_sample_get_caps (sample),
                        gst_sample_get_segment (sample), NULL);
  gst_sample_unref (sample);
  return own;
}

static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    data)
{
  queue_frame (data, own_sample (gst_app_sink_try_pull_sample (sink, 0)));
  return GST_FLOW_OK;
}

static GstFlowReturn
on_new_preroll (GstAppSink *sink,
                gpointer    data)
{
  queue_frame (data, own_sample (gst_app_sink_try_pull_preroll (sink, 0)));
  return GST_FLOW_OK;
}

static GstPadProbeReturn
on_flush (GstPad          *pad,
          GstPadProbeInfo *info,
          gpointer         data)
{
  TlPlayer *self = data;
  GstEvent *event = gst_pad_probe_info_get_event (info);

  if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_STOP)
    {
      g_mutex_lock (&self->lock);
      self->flush_epoch++;
      g_mutex_unlock (&self->lock);
    }
  return GST_PAD_PROBE_OK;
}

/* After a flushing seek: a frame decoded before the flush must not be shown after it. The
 * flush happens inside gst_element_seek (), so frames queued since carry the new epoch. */
static void
drop_stale_frame (TlPlayer *self)
{
  g_mutex_lock (&self->lock);
  if (self->pending != NULL && self->pending_epoch != self->flush_epoch)
    g_clear_pointer (&self->pending, tl_video_frame_unref);
  g_mutex_unlock (&self->lock);
}

static GstClockTime frame_time (TlPlayer *self,
                                gint64    frame);

static void
show_frame (TlPlayer     *self,
            TlVideoFrame *frame)
{
  const GstVideoInfo *info = tl_video_frame_get_info (frame);
  gint64 position = (gint64) tl_video_frame_get_pts (frame);
  gboolean fps_changed = FALSE;

  /* Going to PLAYING renders the prerolled frame a second time: it is on screen already. */
  if (self->frame != NULL
      && gst_sample_get_buffer (tl_video_frame_get_sample (self->frame))
         == gst_sample_get_buffer (tl_video_frame_get_sample (frame)))
    return;

  if (info->fps_n > 0 && info->fps_d > 0
      && (info->fps_n != self->fps_n || info->fps_d != self->fps_d))
    {
      self->fps_n = info->fps_n;
      self->fps_d = info->fps_d;
      fps_changed = TRUE;
    }
  /* The frame's own start, not the seek position a decoder may have clipped it to. */
  if (self->fps_n > 0 && tl_video_frame_get_number (frame) >= 0)
    position = (gint64) frame_time (self, tl_video_frame_get_number (frame));

  g_clear_pointer (&self->frame, tl_video_frame_unref);
  self->frame = tl_video_frame_ref (frame);

  g_object_freeze_notify (G_OBJECT (self));
  if (fps_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS]);
  if (GST_CLOCK_TIME_IS_VALID (position) && position != self->position)
    {
      self->position = position;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[SIGNAL_FRAME], 0, frame);
}

/* --- the pipeline -------------------------------------------------------------------------- */

static GstElement *
make_video_sink (TlPlayer *self)
{
  GstAppSinkCallbacks callbacks = { 0, };
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) pad = NULL;
  GstElement *bin;
  GstElement *convert;
  GstPad *ghost;

  convert = gst_element_factory_make ("videoconvert", NULL);
  self->appsink = gst_element_factory_make ("appsink", "touchline-video");
  if (convert != NULL)
    gst_object_ref_sink (convert);
  if (self->appsink != NULL)
    gst_object_ref_sink (self->appsink);
  if (convert == NULL || self->appsink == NULL)
    {
      g_clear_pointer (&convert, gst_object_unref);
      g_clear_pointer (&self->appsink, gst_object_unref);
      return NULL;
    }

  /* I420 is what software decoders give: no conversion on the CPU, the viewer's shader turns
   * it into RGB. Synced to the clock, and not dropping: we want every frame when stepping. */
  caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420", NULL);
  g_object_set (self->appsink,
                "caps", caps,
                "max-buffers", APPSINK_MAX_BUFFERS,
                "drop", FALSE,
                "sync", TRUE,
                "enable-last-sample", FALSE,
                NULL);
  callbacks.new_sample = on_new_sample;
  callbacks.new_preroll = on_new_preroll;
  gst_app_sink_set_callbacks (GST_APP_SINK (self->appsink), &callbacks, self, NULL);

  pad = gst_element_get_static_pad (self->appsink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_FLUSH, on_flush, self, NULL);

  bin = gst_bin_new ("touchline-video-sink");
  gst_bin_add_many (GST_BIN (bin), convert, self->appsink, NULL);
  gst_object_unref (convert);
  gst_element_link (convert, self->appsink);
  {
    g_autoptr(GstPad) target = gst_element_get_static_pad (convert, "sink");

    ghost = gst_ghost_pad_new ("sink", target);
  }
  gst_element_add_pad (bin, ghost);
  return bin;
}

static void
update_duration (TlPlayer *self)
{
  gint64 duration = -1;

  if (self->pipeline == NULL
      || !gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration))
    duration = -1;
  if (duration != self->duration)
    {
      self->duration = duration;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
    }
}

static void
update_fps_from_caps (TlPlayer *self)
{
  g_autoptr(GstPad) pad = gst_element_get_static_pad (self->appsink, "sink");
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  GstVideoInfo info;

  if (caps == NULL || !gst_video_info_from_caps (&info, caps) || info.fps_n <= 0
      || info.fps_d <= 0 || (info.fps_n == self->fps_n && info.fps_d == self->fps_d))
    return;
  self->fps_n = info.fps_n;
  self->fps_d = info.fps_d;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS]);
}

static void
set_playing_flag (TlPlayer *self,
                  gboolean  playing)
{
  if (self->playing == playing)
    return;
  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static void
emit_error (TlPlayer *self,
            GError   *gst_error,
            const char *debug)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (self->path ? self->path : "");
  int code = TL_PLAYER_ERROR_FAILED;

  g_debug ("Playback error: %s (%s)", gst_error->message, debug ? debug : "");
  /* The first error says what went wrong; the ones after it are its consequences. */
  if (self->failed)
    return;
  self->failed = TRUE;

  if (g_error_matches (gst_error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND))
    code = TL_PLAYER_ERROR_MISSING_PLUGIN;

  if (code == TL_PLAYER_ERROR_MISSING_PLUGIN)
    error = g_error_new (TL_PLAYER_ERROR, code,
                         "%s: cannot be played: %s (is a GStreamer decoder missing?)",
                         name, gst_error->message);
  else if (g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND))
    error = g_error_new (TL_PLAYER_ERROR, code, "%s: not a video GStreamer recognises", name);
  else
    error = g_error_new (TL_PLAYER_ERROR, code, "%s: cannot be played: %s", name,
                         gst_error->message);

  set_playing_flag (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    data)
{
  TlPlayer *self = data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &error, &debug);
        gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
        emit_error (self, error, debug);
      }
      break;

    case GST_MESSAGE_ASYNC_DONE:
      update_duration (self);
      if (!self->prerolled)
        {
          GstClockTime seek = self->pending_seek;
          gint64 seek_frame = self->pending_seek_frame;

          self->prerolled = TRUE;
          self->pending_seek = GST_CLOCK_TIME_NONE;
          self->pending_seek_frame = -1;
          /* The first frame may still be on its way to us: take the rate from the caps. */
          update_fps_from_caps (self);
          if (seek_frame >= 0)
            tl_player_seek_frame (self, seek_frame);
          else if (GST_CLOCK_TIME_IS_VALID (seek))
            do_seek (self, seek, self->pending_seek_accurate);
        }
      break;

    case GST_MESSAGE_DURATION_CHANGED:
      update_duration (self);
      break;

    case GST_MESSAGE_SEGMENT_DONE:
      /* Looping: back to the start without a flush, so the loop plays seamlessly. */
      if (GST_CLOCK_TIME_IS_VALID (self->loop_start))
        gst_element_seek (self->pipeline, self->rate, GST_FORMAT_TIME,
                          GST_SEEK_FLAG_SEGMENT | GST_SEEK_FLAG_ACCURATE,
                          GST_SEEK_TYPE_SET, self->loop_start,
                          GST_SEEK_TYPE_SET, self->loop_end);
      break;

    case GST_MESSAGE_EOS:
      self->at_eos = TRUE;
      gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
      set_playing_flag (self, FALSE);
      g_signal_emit (self, signals[SIGNAL_EOS], 0);
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* A sixteenth of a frame: seeking that far into a frame lands on it whatever the rounding of
 * its time stamp in the container (a tick of its timescale), while the decoder, which clips a
 * frame that starts before the seek position to that position, moves its time stamp too
 * little to change the frame number it rounds to. */
static GstClockTime
seek_offset (TlPlayer *self)
{
  if (self->fps_n <= 0 || self->fps_d <= 0)
    return 0;
  return gst_util_uint64_scale (GST_SECOND / 16, self->fps_d, self->fps_n);
}

static GstClockTime
frame_time (TlPlayer *self,
            gint64    frame)
{
  return gst_util_uint64_scale (frame, (guint64) self->fps_d * GST_SECOND, self->fps_n);
}

/* The last frame's number, from the duration; -1 when unknown. */
static gint64
last_frame (TlPlayer *self)
{
  guint64 frames;

  if (self->duration <= 0 || self->fps_n <= 0 || self->fps_d <= 0)
    return -1;
  frames = gst_util_uint64_scale_ceil (self->duration, self->fps_n,
                                       (guint64) self->fps_d * GST_SECOND);
  return frames > 0 ? (gint64) frames - 1 : 0;
}

static void
do_seek (TlPlayer     *self,
         GstClockTime  position,
         gboolean      accurate)
{
  GstSeekFlags flags = GST_SEEK_FLAG_FLUSH;
  /* Always set the stop: "none" would keep the end of a loop just left. */
  GstSeekType stop_type = GST_SEEK_TYPE_SET;
  GstClockTime stop = GST_CLOCK_TIME_NONE;

  if (self->pipeline == NULL)
    return;
  if (!self->prerolled)
    {
      self->pending_seek = position;
      self->pending_seek_accurate = accurate;
      self->pending_seek_frame = -1;
      return;
    }

  flags |= accurate ? GST_SEEK_FLAG_ACCURATE
                    : (GST_SEEK_FLAG_KEY_UNIT | GST_SEEK_FLAG_SNAP_NEAREST);
  /* Past the end there is nothing to show: the last frame instead. */
  if (self->duration > 0 && position >= (GstClockTime) self->duration)
    position = last_frame (self) >= 0 ? frame_time (self, last_frame (self)) + seek_offset (self)
                                      : (GstClockTime) self->duration - 1;

  if (GST_CLOCK_TIME_IS_VALID (self->loop_start))
    {
      flags |= GST_SEEK_FLAG_SEGMENT;
      stop = self->loop_end;
      if (position < self->loop_start || position >= self->loop_end)
        position = self->loop_start;
    }

  if (!gst_element_seek (self->pipeline, self->rate, GST_FORMAT_TIME, flags,
                         GST_SEEK_TYPE_SET, position, stop_type, stop))
    g_debug ("Seek to %" GST_TIME_FORMAT " refused", GST_TIME_ARGS (position));
  drop_stale_frame (self);

  self->stepped = FALSE;
  self->at_eos = FALSE;
}

/* --- public API ---------------------------------------------------------------------------- */

TlPlayer *
tl_player_new (void)
{
  return g_object_new (TL_TYPE_PLAYER, NULL);
}

void
tl_player_close (TlPlayer *self)
{
  g_return_if_fail (TL_IS_PLAYER (self));

  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (self->bus_source != NULL)
    {
      g_source_destroy (self->bus_source);
      g_clear_pointer (&self->bus_source, g_source_unref);
    }
  /* The streaming threads are gone: nothing queues frames any more. */
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->pending, tl_video_frame_unref);
  if (self->deliver_source != NULL)
    {
      g_source_destroy (self->deliver_source);
      g_clear_pointer (&self->deliver_source, g_source_unref);
    }
  g_mutex_unlock (&self->lock);

  g_clear_object (&self->pipeline);
  g_clear_object (&self->appsink);
  g_clear_pointer (&self->path, g_free);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->frame != NULL)
    {
      g_clear_pointer (&self->frame, tl_video_frame_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
    }
  self->prerolled = FALSE;
  self->failed = FALSE;
  self->stepped = FALSE;
  self->at_eos = FALSE;
  self->pending_seek = GST_CLOCK_TIME_NONE;
  self->pending_seek_frame = -1;
  self->loop_start = self->loop_end = GST_CLOCK_TIME_NONE;
  set_playing_flag (self, FALSE);
  if (self->position != 0)
    {
      self->position = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }
  if (self->duration != -1)
    {
      self->duration = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
    }
  if (self->fps_n != 0)
    {
      self->fps_n = 0;
      self->fps_d = 1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
tl_player_open (TlPlayer    *self,
                const char  *path,
                GError     **error)
{
  g_autofree char *uri = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstElement *video_sink;
  GstElement *scaletempo;

  g_return_val_if_fail (TL_IS_PLAYER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  tl_player_close (self);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, TL_PLAYER_ERROR, TL_PLAYER_ERROR_NOT_FOUND,
                   "%s: no such file (moved or deleted?)", name);
      return FALSE;
    }

  uri = gst_filename_to_uri (path, error);
  if (uri == NULL)
    return FALSE;

  self->pipeline = gst_element_factory_make ("playbin3", NULL);
  video_sink = self->pipeline != NULL ? make_video_sink (self) : NULL;
  if (video_sink == NULL)
    {
      g_clear_pointer (&self->pipeline, gst_object_unref);
      g_set_error_literal (error, TL_PLAYER_ERROR, TL_PLAYER_ERROR_MISSING_PLUGIN,
                           "GStreamer's playbin3, videoconvert or appsink is missing "
                           "(install gst-plugins-base)");
      return FALSE;
    }
  gst_object_ref_sink (self->pipeline);
  self->path = g_strdup (path);

  g_object_set (self->pipeline,
                "uri", uri,
                "video-sink", video_sink,
                NULL);
  /* autoaudiosink falls back to a fake sink on its own where there is no sound device (CI,
   * Xvfb), so a video plays muted rather than fails. */
  g_object_set (self->pipeline, "audio-sink",
                gst_element_factory_make ("autoaudiosink", NULL), NULL);
  /* scaletempo keeps the pitch at 0.25x-4x; without it (gst-plugins-good missing) speed
   * changes still work, with chipmunk audio. */
  scaletempo = gst_element_factory_make ("scaletempo", NULL);
  if (scaletempo != NULL)
    g_object_set (self->pipeline, "audio-filter", scaletempo, NULL);
  gst_util_set_object_arg (G_OBJECT (self->pipeline), "flags", "video+audio+soft-volume");

  bus = gst_element_get_bus (self->pipeline);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, G_SOURCE_FUNC (on_bus_message), self, NULL);
  g_source_attach (self->bus_source, self->context);

  /* Paused: decodes the first frame (the "frame" signal), which also tells us the frame rate
   * seeks by frame need. */
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  return TRUE;
}

const char *
tl_player_get_path (TlPlayer *self)
{
  g_return_val_if_fail (TL_IS_PLAYER (self), NULL);
  return self->path;
}

void
tl_player_play (TlPlayer *self)
{
  g_return_if_fail (TL_IS_PLAYER (self));

  if (self->pipeline == NULL)
    return;

  /* At the end (whether or not playback ran into it), play starts over. */
  if (self->at_eos
      || (self->frame != NULL && last_frame (self) >= 0
          && tl_video_frame_get_number (self->frame) >= last_frame (self)))
    do_seek (self, GST_CLOCK_TIME_IS_VALID (self->loop_start) ? self->loop_start : 0, TRUE);
  else if (self->stepped)
    do_seek (self, self->position + seek_offset (self), TRUE);

  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  set_playing_flag (self, TRUE);
}

void
tl_player_pause (TlPlayer *self)
{
  g_return_if_fail (TL_IS_PLAYER (self));

  if (self->pipeline == NULL)
    return;
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  set_playing_flag (self, FALSE);
}

gboolean
tl_player_get_playing (TlPlayer *self)
{
  g_return_val_if_fail (TL_IS_PLAYER (self), FALSE);
  return self->playing;
}

void
tl_player_set_playing (TlPlayer *self,
                       gboolean  playing)
{
  if (playing)
    tl_player_play (self);
  else
    tl_player_pause (self);
}

void
tl_player_set_rate (TlPlayer *self,
                    double    rate)
{
  g_return_if_fail (TL_IS_PLAYER (self));

  rate = CLAMP (rate, TL_PLAYER_MIN_RATE, TL_PLAYER_MAX_RATE);
  if (rate == self->rate)
    return;
  self->rate = rate;
  /* A new segment with the new rate, from the frame shown. */
  if (self->prerolled)
    do_seek (self, self->position + seek_offset (self), TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

double
tl_player_get_rate (TlPlayer *self)
{
  g_return_val_if_fail (TL_IS_PLAYER (self), 1.0);
  return self->rate;
}

void
tl_player_seek (TlPlayer     *self,
                GstClockTime  position,
                gboolean      accurate)
{
  g_return_if_fail (TL_IS_PLAYER (self));
  g_return_if_fail (GST_CLOCK_TIME_IS_VALID (position));

  do_seek (self, position, accurate);
}

void
tl_player_seek_frame (TlPlayer *self,
                      gint64    frame)
{
  g_return_if_fail (TL_IS_PLAYER (self));

  if (self->pipeline == NULL)
    return;
  frame = MAX (frame, 0);
  if (!self->prerolled || self->fps_n <= 0)
    {
      self->pending_seek_frame = frame;
      self->pending_seek = GST_CLOCK_TIME_NONE;
      return;
    }
  do_seek (self, frame_time (self, frame) + seek_offset (self), TRUE);
}

void
tl_player_skip (TlPlayer *self,
                gint64    delta)
{
  gint64 target;

  g_return_if_fail (TL_IS_PLAYER (self));

  target = MAX (self->position + delta, 0);
  do_seek (self, (GstClockTime) target + seek_offset (self), TRUE);
}

void
tl_player_step (TlPlayer *self,
                int       frames)
{
  gint64 current;

  g_return_if_fail (TL_IS_PLAYER (self));

  if (self->pipeline == NULL || frames == 0)
    return;
  if (self->playing)
    tl_player_pause (self);

  current = self->frame != NULL ? tl_video_frame_get_number (self->frame) : 0;
  if (frames == 1 && self->prerolled && !self->at_eos)
    {
      /* The sink drops the frame it holds and prerolls the next: no seek, no decoding from
       * the last keyframe. */
      gst_element_send_event (self->appsink,
                              gst_event_new_step (GST_FORMAT_BUFFERS, 1, 1.0, TRUE, FALSE));
      self->stepped = TRUE;
      return;
    }
  tl_player_seek_frame (self, MAX (current + frames, 0));
}

void
tl_player_set_loop (TlPlayer     *self,
                    GstClockTime  start,
                    GstClockTime  end)
{
  g_return_if_fail (TL_IS_PLAYER (self));

  if (!GST_CLOCK_TIME_IS_VALID (start) || !GST_CLOCK_TIME_IS_VALID (end) || end <= start)
    {
      if (!GST_CLOCK_TIME_IS_VALID (self->loop_start))
        return;
      self->loop_start = self->loop_end = GST_CLOCK_TIME_NONE;
    }
  else
    {
      self->loop_start = start;
      self->loop_end = end;
    }
  /* A segment seek sets the loop's end; a plain one clears it. Both from the frame shown. */
  if (self->prerolled)
    do_seek (self, self->position + seek_offset (self), TRUE);
}

gboolean
tl_player_get_loop (TlPlayer     *self,
                    GstClockTime *start,
                    GstClockTime *end)
{
  g_return_val_if_fail (TL_IS_PLAYER (self), FALSE);

  if (start != NULL)
    *start = self->loop_start;
  if (end != NULL)
    *end = self->loop_end;
  return GST_CLOCK_TIME_IS_VALID (self->loop_start);
}

gint64
tl_player_get_position (TlPlayer *self)
{
  g_return_val_if_fail (TL_IS_PLAYER (self), 0);
  return self->position;
}

gint64
tl_player_get_duration (TlPlayer *self)
{
  g_return_val_if_fail (TL_IS_PLAYER (self), -1);
  return self->duration;
}

double
tl_player_get_fps (TlPlayer *self)
{
  g_return_val_if_fail (TL_IS_PLAYER (self), 0.0);
  return self->fps_n > 0 && self->fps_d > 0 ? (double) self->fps_n / self->fps_d : 0.0;
}

gint64
tl_player_get_frame_number (TlPlayer *self)
{
  g_return_val_if_fail (TL_IS_PLAYER (self), -1);
  return self->frame != NULL ? tl_video_frame_get_number (self->frame) : -1;
}

TlVideoFrame *
tl_player_get_frame (TlPlayer *self)
{
  g_return_val_if_fail (TL_IS_PLAYER (self), NULL);
  return self->frame;
}

/* --- GObject ------------------------------------------------------------------------------- */

static void
tl_player_dispose (GObject *object)
{
  TlPlayer *self = (TlPlayer *) object;

  tl_player_close (self);

  G_OBJECT_CLASS (tl_player_parent_class)->dispose (object);
}

static void
tl_player_finalize (GObject *object)
{
  TlPlayer *self = (TlPlayer *) object;

  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (tl_player_parent_class)->finalize (object);
}

static void
tl_player_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TlPlayer *self = TL_PLAYER (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_int64 (value, self->position);
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;
    case PROP_FPS:
      g_value_set_double (value, tl_player_get_fps (self));
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_FRAME:
      g_value_set_boxed (value, self->frame);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_player_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TlPlayer *self = TL_PLAYER (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      tl_player_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_RATE:
      tl_player_set_rate (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_player_class_init (TlPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_player_dispose;
  object_class->finalize = tl_player_finalize;
  object_class->get_property = tl_player_get_property;
  object_class->set_property = tl_player_set_property;

  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FPS] =
    g_param_spec_double ("fps", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, TL_PLAYER_MIN_RATE, TL_PLAYER_MAX_RATE, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FRAME] =
    g_param_spec_boxed ("frame", NULL, NULL, TL_TYPE_VIDEO_FRAME,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FRAME] =
    g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, TL_TYPE_VIDEO_FRAME | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_EOS] =
    g_signal_new ("eos", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tl_player_init (TlPlayer *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->rate = 1.0;
  self->fps_d = 1;
  self->duration = -1;
  self->loop_start = self->loop_end = GST_CLOCK_TIME_NONE;
  self->pending_seek = GST_CLOCK_TIME_NONE;
  self->pending_seek_frame = -1;
}
