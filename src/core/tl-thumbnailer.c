/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-thumbnailer.c: a worker thread that seeks its own pipeline and caches small RGBA frames. */
#include "config.h"

#include "tl-thumbnailer.h"
#include "tl-main-context.h"

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <string.h>

/* A picture that takes longer than this to decode is skipped (a broken stretch of file). */
#define DECODE_TIMEOUT (5 * GST_SECOND)

typedef struct
{
  GBytes  *pixels;
  int      width, height, stride;
  gboolean exact;
  GList   *lru_link;    /* in Shared.lru, most recent first */
} Thumb;

/* What the object and its worker thread share; the thread keeps it alive until it ends. */
typedef struct
{
  GMutex        lock;
  GCond         cond;
  char         *path;
  int           height;
  GMainContext *context;
  GWeakRef      owner;
  gboolean      quit;
  gboolean      broken;      /* the file cannot be decoded: stop trying */
  GArray       *wanted;      /* gint64, next first */
  gboolean      accurate;
  GHashTable   *cache;       /* gint64 time -> Thumb */
  GQueue        lru;         /* of gint64 * keys */
  guint         n_decoded;
} Shared;

struct _TlThumbnailer
{
  GObject  parent_instance;

  Shared  *shared;
  GThread *thread;
};

G_DEFINE_FINAL_TYPE (TlThumbnailer, tl_thumbnailer, G_TYPE_OBJECT)

enum { READY, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
thumb_free (Thumb *thumb)
{
  g_bytes_unref (thumb->pixels);
  g_free (thumb);
}

static void
shared_clear (Shared *shared)
{
  g_mutex_clear (&shared->lock);
  g_cond_clear (&shared->cond);
  g_free (shared->path);
  g_main_context_unref (shared->context);
  g_weak_ref_clear (&shared->owner);
  g_array_unref (shared->wanted);
  g_hash_table_unref (shared->cache);
  g_queue_clear (&shared->lru);
}

static void
shared_unref (Shared *shared)
{
  g_atomic_rc_box_release_full (shared, (GDestroyNotify) shared_clear);
}

typedef struct
{
  Shared *shared;
  gint64  time_ns;
} Ready;

static gboolean
emit_ready (gpointer data)
{
  Ready *ready = data;
  g_autoptr(TlThumbnailer) self = g_weak_ref_get (&ready->shared->owner);

  if (self != NULL)
    g_signal_emit (self, signals[READY], 0, ready->time_ns);
  return G_SOURCE_REMOVE;
}

static void
ready_free (Ready *ready)
{
  shared_unref (ready->shared);
  g_free (ready);
}

/* Adds @thumb, keeping the cache within its size; called with the lock held. The hash table
 * owns the keys, the LRU queue links the same pointers. */
static void
store (Shared    *shared,
       gint64     time_ns,
       Thumb     *thumb)
{
  Thumb *old = g_hash_table_lookup (shared->cache, &time_ns);
  gint64 *key;

  if (old != NULL)
    {
      g_queue_delete_link (&shared->lru, old->lru_link);
      g_hash_table_remove (shared->cache, &time_ns);
    }
  key = g_new (gint64, 1);
  *key = time_ns;
  g_queue_push_head (&shared->lru, key);
  thumb->lru_link = shared->lru.head;
  g_hash_table_insert (shared->cache, key, thumb);
  while (g_hash_table_size (shared->cache) > TL_THUMBNAILER_CACHE_SIZE)
    g_hash_table_remove (shared->cache, g_queue_pop_tail (&shared->lru));
}

/* Waits for the pipeline to settle after a state change or seek: TRUE when a frame is there. */
static gboolean
wait_settled (GstElement *pipeline,
              GError    **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);

  for (;;)
    {
      g_autoptr(GstMessage) message =
        gst_bus_timed_pop_filtered (bus, DECODE_TIMEOUT,
                                    GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR);

      if (message == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "decoding timed out");
          return FALSE;
        }
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        {
          gst_message_parse_error (message, error, NULL);
          return FALSE;
        }
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (pipeline))
        return TRUE;
    }
}

/* One decoding thread: thumbnails are background work and must leave the cores to playback. */
static void
on_element_added (GstBin     *bin,
                  GstBin     *sub_bin,
                  GstElement *element,
                  gpointer    user_data)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (element), "max-threads");

  if (pspec != NULL && G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_INT)
    g_object_set (element, "max-threads", 1, NULL);
}

static GstElement *
make_pipeline (Shared      *shared,
               GstElement **out_sink,
               GError     **error)
{
  g_autofree char *uri = gst_filename_to_uri (shared->path, error);
  g_autofree char *description = NULL;
  GstElement *pipeline;

  if (uri == NULL)
    return NULL;
  /* Scale before converting: the conversion to RGBA then touches a few thousand pixels, not
   * millions. The width follows from the aspect ratio (add-borders off keeps it exact). */
  description = g_strdup_printf ("uridecodebin uri=\"%s\" ! videoscale add-borders=false"
                                 " ! video/x-raw,height=%d,pixel-aspect-ratio=1/1"
                                 " ! videoconvert ! video/x-raw,format=RGBA"
                                 " ! appsink name=sink sync=false max-buffers=1 drop=true",
                                 uri, shared->height);
  pipeline = gst_parse_launch (description, error);
  if (pipeline == NULL)
    return NULL;
  g_signal_connect (pipeline, "deep-element-added", G_CALLBACK (on_element_added), NULL);
  *out_sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  return pipeline;
}

static Thumb *
thumb_from_sample (GstSample *sample,
                   gboolean   exact)
{
  GstVideoInfo info;
  GstVideoFrame frame;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  Thumb *thumb;
  guint8 *pixels;
  int row_bytes, stride;

  if (buffer == NULL || !gst_video_info_from_caps (&info, gst_sample_get_caps (sample))
      || !gst_video_frame_map (&frame, &info, buffer, GST_MAP_READ))
    return NULL;
  thumb = g_new0 (Thumb, 1);
  thumb->width = GST_VIDEO_FRAME_WIDTH (&frame);
  thumb->height = GST_VIDEO_FRAME_HEIGHT (&frame);
  row_bytes = thumb->width * 4;
  thumb->stride = row_bytes;
  /* Repacked: rows may be padded, and the buffer goes back to the decoder's pool. */
  stride = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
  pixels = g_malloc ((gsize) row_bytes * thumb->height);
  for (int y = 0; y < thumb->height; y++)
    memcpy (pixels + (gsize) y * row_bytes,
            (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) + (gsize) y * stride,
            row_bytes);
  thumb->pixels = g_bytes_new_take (pixels, (gsize) row_bytes * thumb->height);
  thumb->exact = exact;
  gst_video_frame_unmap (&frame);
  return thumb;
}

static gpointer
worker (gpointer data)
{
  Shared *shared = data;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GError) error = NULL;

  pipeline = make_pipeline (shared, &sink, &error);
  if (pipeline != NULL
      && (gst_element_set_state (pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE
          || !wait_settled (pipeline, &error)))
    {
      gst_element_set_state (pipeline, GST_STATE_NULL);
      g_clear_object (&pipeline);
    }
  if (pipeline == NULL)
    {
      g_debug ("%s: no thumbnails: %s", shared->path, error ? error->message : "no pipeline");
      g_mutex_lock (&shared->lock);
      shared->broken = TRUE;
      g_mutex_unlock (&shared->lock);
    }

  for (;;)
    {
      gint64 time_ns;
      gboolean accurate;
      g_autoptr(GstSample) sample = NULL;
      Thumb *thumb;
      Ready *ready;

      g_mutex_lock (&shared->lock);
      while (!shared->quit && (shared->wanted->len == 0 || pipeline == NULL))
        g_cond_wait (&shared->cond, &shared->lock);
      if (shared->quit)
        {
          g_mutex_unlock (&shared->lock);
          break;
        }
      time_ns = g_array_index (shared->wanted, gint64, 0);
      g_array_remove_index (shared->wanted, 0);
      accurate = shared->accurate;
      g_mutex_unlock (&shared->lock);

      g_clear_error (&error);
      if (!gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
                                    GST_SEEK_FLAG_FLUSH
                                    | (accurate ? GST_SEEK_FLAG_ACCURATE
                                                : GST_SEEK_FLAG_KEY_UNIT
                                                  | GST_SEEK_FLAG_SNAP_NEAREST),
                                    time_ns)
          || !wait_settled (pipeline, &error)
          || (sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (sink), GST_SECOND)) == NULL
          || (thumb = thumb_from_sample (sample, accurate)) == NULL)
        {
          g_debug ("%s: no thumbnail at %" GST_TIME_FORMAT ": %s", shared->path,
                   GST_TIME_ARGS (time_ns), error ? error->message : "no frame");
          continue;
        }
      g_mutex_lock (&shared->lock);
      store (shared, time_ns, thumb);
      shared->n_decoded++;
      g_mutex_unlock (&shared->lock);

      ready = g_new (Ready, 1);
      ready->shared = g_atomic_rc_box_acquire (shared);
      ready->time_ns = time_ns;
      tl_main_context_idle_add (shared->context, G_PRIORITY_DEFAULT_IDLE, emit_ready, ready,
                                (GDestroyNotify) ready_free);
    }
  if (pipeline != NULL)
    gst_element_set_state (pipeline, GST_STATE_NULL);
  shared_unref (shared);
  return NULL;
}

static void
tl_thumbnailer_dispose (GObject *object)
{
  TlThumbnailer *self = (TlThumbnailer *) object;

  if (self->thread != NULL)
    {
      g_mutex_lock (&self->shared->lock);
      self->shared->quit = TRUE;
      g_cond_signal (&self->shared->cond);
      g_mutex_unlock (&self->shared->lock);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  g_clear_pointer (&self->shared, shared_unref);

  G_OBJECT_CLASS (tl_thumbnailer_parent_class)->dispose (object);
}

static void
tl_thumbnailer_class_init (TlThumbnailerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_thumbnailer_dispose;

  /**
   * TlThumbnailer::ready:
   * @time_ns: the time whose picture is now in the cache
   */
  signals[READY] = g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
tl_thumbnailer_init (TlThumbnailer *self)
{
}

TlThumbnailer *
tl_thumbnailer_new (const char *path,
                    int         height)
{
  TlThumbnailer *self;
  Shared *shared;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (height > 0, NULL);

  self = g_object_new (TL_TYPE_THUMBNAILER, NULL);
  shared = g_atomic_rc_box_new0 (Shared);
  g_mutex_init (&shared->lock);
  g_cond_init (&shared->cond);
  shared->path = g_strdup (path);
  shared->height = height;
  shared->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&shared->owner, self);
  shared->wanted = g_array_new (FALSE, FALSE, sizeof (gint64));
  shared->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) thumb_free);
  g_queue_init (&shared->lru);
  self->shared = shared;
  return self;
}

const char *
tl_thumbnailer_get_path (TlThumbnailer *self)
{
  g_return_val_if_fail (TL_IS_THUMBNAILER (self), NULL);
  return self->shared->path;
}

void
tl_thumbnailer_want (TlThumbnailer *self,
                     const gint64  *times,
                     guint          n_times,
                     gboolean       accurate)
{
  Shared *shared;

  g_return_if_fail (TL_IS_THUMBNAILER (self));

  shared = self->shared;
  g_mutex_lock (&shared->lock);
  g_array_set_size (shared->wanted, 0);
  shared->accurate = accurate;
  for (guint i = 0; i < n_times; i++)
    {
      Thumb *thumb = g_hash_table_lookup (shared->cache, &times[i]);

      if (thumb == NULL || (accurate && !thumb->exact))
        g_array_append_val (shared->wanted, times[i]);
    }
  if (shared->wanted->len > 0 && !shared->broken)
    {
      /* The thread starts with the first wish, so a page that never shows a timeline costs
       * nothing. */
      if (self->thread == NULL)
        self->thread = g_thread_new ("tl-thumbnailer", worker, g_atomic_rc_box_acquire (shared));
      g_cond_signal (&shared->cond);
    }
  g_mutex_unlock (&shared->lock);
}

GBytes *
tl_thumbnailer_lookup (TlThumbnailer *self,
                       gint64         time_ns,
                       int           *width,
                       int           *height,
                       int           *stride)
{
  Shared *shared;
  Thumb *thumb;
  GBytes *pixels = NULL;

  g_return_val_if_fail (TL_IS_THUMBNAILER (self), NULL);

  shared = self->shared;
  g_mutex_lock (&shared->lock);
  thumb = g_hash_table_lookup (shared->cache, &time_ns);
  if (thumb != NULL)
    {
      /* Most recently used first, so what is on screen stays. */
      g_queue_unlink (&shared->lru, thumb->lru_link);
      g_queue_push_head_link (&shared->lru, thumb->lru_link);
      pixels = g_bytes_ref (thumb->pixels);
      *width = thumb->width;
      *height = thumb->height;
      *stride = thumb->stride;
    }
  g_mutex_unlock (&shared->lock);
  return pixels;
}

guint
tl_thumbnailer_get_n_decoded (TlThumbnailer *self)
{
  guint n;

  g_return_val_if_fail (TL_IS_THUMBNAILER (self), 0);

  g_mutex_lock (&self->shared->lock);
  n = self->shared->n_decoded;
  g_mutex_unlock (&self->shared->lock);
  return n;
}
