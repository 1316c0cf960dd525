/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-demo-generator.c: the demo match pipeline: simulate, render in parallel, encode, write. */
#include "tl-demo-generator.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <gst/app/app.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "tl-camera.h"
#include "tl-demo-ground-truth.h"
#include "tl-demo-renderer.h"
#include "tl-demo-script.h"
#include "tl-main-context.h"

#define FPS 25

struct _TlDemoGenerator
{
  GObject  parent_instance;

  double   seconds;
  guint64  seed;
  int      width, height;
  char    *projection;
  double   hfov;
  char    *light;
  double   noise;
  double   shake;
  gboolean clouds;
  int      players;
  int      referees;
  double   camera_distance;
  double   camera_height;
  int      threads;
  char    *gt_path;
  char    *pitch_path;
  char    *events_path;

  double   elapsed;
  int      n_frames;
};

G_DEFINE_FINAL_TYPE (TlDemoGenerator, tl_demo_generator, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SECONDS,
  PROP_SEED,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_PROJECTION,
  PROP_HFOV,
  PROP_LIGHT,
  PROP_NOISE,
  PROP_SHAKE,
  PROP_CLOUDS,
  PROP_PLAYERS,
  PROP_REFEREES,
  PROP_CAMERA_DISTANCE,
  PROP_CAMERA_HEIGHT,
  PROP_THREADS,
  PROP_GT_PATH,
  PROP_PITCH_PATH,
  PROP_EVENTS_PATH,
  N_PROPS
};

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* --- one run ------------------------------------------------------------------------------- */

typedef void (*ProgressFunc) (TlDemoGenerator *self,
                              double           fraction,
                              gpointer         data);

/* Frames are rendered by worker threads into pooled buffers and handed to the pusher in order;
 * a worker never runs more than `window` frames ahead of the pusher, which bounds memory. */
typedef struct
{
  TlDemoRenderer    *renderer;
  TlDemoScript      *script;
  TlDemoGroundTruth *gt;
  GstBufferPool     *pool;
  int                n_frames;
  int                window;

  GMutex             lock;
  GCond              cond;
  int                next_render;
  int                next_push;
  GstBuffer        **ready;     /* window slots, frame % window */
  gboolean           stop;
  char              *failure;
} RunState;

static gpointer
render_worker (gpointer data)
{
  RunState *st = data;
  g_autoptr(TlDemoCanvas) canvas = tl_demo_canvas_new (st->renderer);
  int n_objects = tl_demo_script_get_n_objects (st->script);
  g_autofree TlDemoBox *boxes = g_new (TlDemoBox, n_objects);

  for (;;)
    {
      GstBuffer *buf = NULL;
      GstMapInfo map;
      int f, n_boxes;

      g_mutex_lock (&st->lock);
      while (!st->stop && st->next_render < st->n_frames
             && st->next_render >= st->next_push + st->window)
        g_cond_wait (&st->cond, &st->lock);
      if (st->stop || st->next_render >= st->n_frames)
        {
          g_mutex_unlock (&st->lock);
          break;
        }
      f = st->next_render++;
      g_mutex_unlock (&st->lock);

      if (gst_buffer_pool_acquire_buffer (st->pool, &buf, NULL) != GST_FLOW_OK
          || !gst_buffer_map (buf, &map, GST_MAP_WRITE))
        {
          g_mutex_lock (&st->lock);
          if (st->failure == NULL)
            st->failure = g_strdup ("Out of memory for video frames");
          st->stop = TRUE;
          g_cond_broadcast (&st->cond);
          g_mutex_unlock (&st->lock);
          g_clear_pointer (&buf, gst_buffer_unref);
          break;
        }

      n_boxes = tl_demo_renderer_draw (st->renderer, canvas, f,
                                       tl_demo_script_get_objects (st->script),
                                       tl_demo_script_get_poses (st->script, f), n_objects,
                                       map.data, boxes);
      gst_buffer_unmap (buf, &map);
      tl_demo_ground_truth_set_frame (st->gt, f, boxes, n_boxes);

      GST_BUFFER_PTS (buf) = gst_util_uint64_scale (f, GST_SECOND, FPS);
      GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (1, GST_SECOND, FPS);

      g_mutex_lock (&st->lock);
      st->ready[f % st->window] = buf;
      g_cond_broadcast (&st->cond);
      g_mutex_unlock (&st->lock);
    }
  return NULL;
}

static gboolean
check_bus (GstElement  *pipeline,
           GstClockTime timeout,
           gboolean     want_eos,
           const char  *path,
           GError     **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  GstMessageType types = GST_MESSAGE_ERROR | (want_eos ? GST_MESSAGE_EOS : 0);
  g_autoptr(GstMessage) msg = gst_bus_timed_pop_filtered (bus, timeout, types);

  if (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gerr = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (msg, &gerr, &debug);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: encoding failed: %s", path,
                   gerr ? gerr->message : "unknown error");
      return FALSE;
    }
  if (want_eos && msg == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "%s: the encoder did not finish",
                   path);
      return FALSE;
    }
  return TRUE;
}

static GstElement *
make_pipeline (TlDemoGenerator *self,
               const char      *tmp_path,
               GError         **error)
{
  static const char *needed[] = { "appsrc", "x264enc", "mp4mux", "filesink" };
  g_autofree char *desc = NULL;
  g_autoptr(GstCaps) caps = NULL;
  GstElement *pipeline, *src;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (needed); i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (needed[i]);

      if (factory == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "The GStreamer element %s is missing (install gstreamer1.0-plugins-%s)",
                       needed[i], g_str_equal (needed[i], "x264enc") ? "ugly" : "good/base");
          return NULL;
        }
    }

  /* ultrafast keeps the encoder from being the slow part on two cores while the picture stays
   * clean at this quality (CRF 23); a keyframe every 2 s keeps seeking in the viewer quick.
   * One encoder thread: x264's frame and slice threading gave different bits (and so different
   * decoded pixels) for the same frames from run to run on a busy machine, and the same seed
   * must give the same video. It costs ~10% here since rendering has the other cores. */
  desc = g_strdup_printf ("appsrc name=src format=time is-live=false block=true "
                          "! x264enc speed-preset=ultrafast pass=qual quantizer=23 "
                          "key-int-max=%d threads=1 "
                          "! video/x-h264,profile=constrained-baseline "
                          "! mp4mux faststart=true ! filesink name=sink", 2 * FPS);
  pipeline = gst_parse_launch (desc, error);
  if (pipeline == NULL)
    return NULL;

  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "I420",
                              "width", G_TYPE_INT, self->width,
                              "height", G_TYPE_INT, self->height,
                              "framerate", GST_TYPE_FRACTION, FPS, 1,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                              "interlace-mode", G_TYPE_STRING, "progressive",
                              "colorimetry", G_TYPE_STRING, "bt709",
                              NULL);
  g_object_set (src, "caps", caps,
                "max-bytes", (guint64) self->width * self->height * 3 / 2 * 4, NULL);
  gst_object_unref (src);

  {
    GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");

    g_object_set (sink, "location", tmp_path, NULL);
    gst_object_unref (sink);
  }
  return pipeline;
}

static gboolean
validate (TlDemoGenerator *self,
          GError         **error)
{
  TlCameraProjection proj;
  TlDemoLight light;

  if (!(self->seconds > 0.0) || self->seconds > 6 * 3600)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Length %.3g s: must be more than 0 and at most 6 hours", self->seconds);
      return FALSE;
    }
  if (tl_camera_projection_from_string (self->projection, &proj) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Unknown projection “%s” (use cylindrical or flat)", self->projection);
      return FALSE;
    }
  if (tl_demo_light_from_string (self->light, &light) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Unknown light “%s” (use sunny, overcast, floodlight or dusk)", self->light);
      return FALSE;
    }
  if (self->camera_distance < 0.5 || self->camera_distance > 40.0
      || self->camera_height < 1.0 || self->camera_height > 40.0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Camera %.3g m behind the touchline at %.3g m height: out of range "
                   "(0.5-40 m behind, 1-40 m high)", self->camera_distance, self->camera_height);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_extras (TlDemoGenerator   *self,
              TlDemoScript      *script,
              TlDemoGroundTruth *gt,
              const TlCamera    *camera,
              const char        *out_path,
              GError           **error)
{
  g_autofree char *sidecar = tl_demo_sidecar_path_for (out_path);
  g_autoptr(GHashTable) extra = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (extra, "seed", g_strdup_printf ("%" G_GUINT64_FORMAT, self->seed));
  g_hash_table_insert (extra, "light", g_strdup (self->light));
  g_hash_table_insert (extra, "noise", g_strdup_printf ("%g", self->noise));
  g_hash_table_insert (extra, "players", g_strdup_printf ("%d", self->players));
  g_hash_table_insert (extra, "note", g_strdup ("pixels are for the steady camera; "
                                                "shake moves frames by up to the shake "
                                                "amplitude"));
  g_hash_table_insert (extra, "shake", g_strdup_printf ("%g", self->shake));
  if (self->clouds)
    g_hash_table_insert (extra, "clouds", g_strdup ("true"));

  if (!tl_demo_write_sidecar (camera, FPS, tl_demo_script_get_n_frames (script), extra, sidecar,
                              error))
    return FALSE;
  if (self->gt_path && !tl_demo_ground_truth_write_mot (gt, self->gt_path, error))
    return FALSE;
  if (self->pitch_path && !tl_demo_script_write_pitch (script, self->pitch_path, error))
    return FALSE;
  if (self->events_path && !tl_demo_script_write_events (script, self->events_path, error))
    return FALSE;
  return TRUE;
}

static gboolean
generate (TlDemoGenerator *self,
          const char      *out_path,
          GCancellable    *cancellable,
          ProgressFunc     progress,
          gpointer         progress_data,
          GError         **error)
{
  g_autoptr(TlDemoScript) script = NULL;
  g_autoptr(TlDemoRenderer) renderer = NULL;
  g_autoptr(TlDemoGroundTruth) gt = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree GThread **workers = NULL;
  g_autoptr(GstCaps) caps = NULL;
  TlDemoRendererOptions opt;
  GstStructure *config;
  RunState st = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  int n_threads, n_frames, f, k, last_pct = -1;
  gboolean ok = TRUE;

  if (!validate (self, error))
    return FALSE;
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  n_frames = MAX (1, (int) lround (self->seconds * FPS));
  tl_demo_renderer_options_init (&opt);
  {
    TlCameraProjection proj = TL_CAMERA_CYLINDRICAL;

    tl_camera_projection_from_string (self->projection, &proj);
    tl_camera_params_default (&opt.camera, proj, self->width, self->height,
                              self->camera_distance, self->camera_height);
    if (self->hfov > 0)
      {
        opt.camera.hfov = self->hfov * G_PI / 180.0;
        if (proj == TL_CAMERA_CYLINDRICAL)
          {
            /* Keep a few degrees of sky above the far touchline whatever the field of view. */
            double fpx = self->width / opt.camera.hfov;

            opt.camera.tilt = atan ((self->height / 2.0) / fpx) - 6.0 * G_PI / 180.0;
          }
      }
  }
  opt.fps = FPS;
  tl_demo_light_from_string (self->light, &opt.light);
  opt.noise = self->noise;
  opt.shake = self->shake;
  opt.clouds = self->clouds;
  opt.seed = self->seed;
  opt.threads = self->threads;

  renderer = tl_demo_renderer_new (&opt, error);
  if (renderer == NULL)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  script = tl_demo_script_new (self->seed, n_frames, FPS, self->players, self->referees);
  gt = tl_demo_ground_truth_new (n_frames);

  tmp_path = g_strdup_printf ("%s.part", out_path);
  pipeline = make_pipeline (self, tmp_path, error);
  if (pipeline == NULL)
    return FALSE;
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");

  /* Recycled frame buffers: no page faults for a fresh 6 MiB allocation per frame. */
  n_threads = self->threads > 0 ? self->threads : (int) g_get_num_processors ();
  n_threads = CLAMP (n_threads, 1, 64);
  st.renderer = renderer;
  st.script = script;
  st.gt = gt;
  st.n_frames = n_frames;
  st.window = 2 * n_threads + 2;
  st.ready = g_new0 (GstBuffer *, st.window);
  st.pool = gst_buffer_pool_new ();
  config = gst_buffer_pool_get_config (st.pool);
  g_object_get (src, "caps", &caps, NULL);
  gst_buffer_pool_config_set_params (config, caps,
                                     (guint) tl_demo_renderer_get_frame_size (renderer), 0, 0);
  gst_buffer_pool_set_config (st.pool, config);
  gst_buffer_pool_set_active (st.pool, TRUE);
  g_mutex_init (&st.lock);
  g_cond_init (&st.cond);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      check_bus (pipeline, 0, FALSE, out_path, error);
      if (error && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot start the encoder",
                     out_path);
      ok = FALSE;
    }

  workers = g_new0 (GThread *, n_threads);
  if (ok)
    for (k = 0; k < n_threads; k++)
      workers[k] = g_thread_new ("tl-demo-render", render_worker, &st);

  for (f = 0; ok && f < n_frames; f++)
    {
      GstBuffer *buf;
      int pct;

      g_mutex_lock (&st.lock);
      while (st.ready[f % st.window] == NULL && !st.stop)
        g_cond_wait (&st.cond, &st.lock);
      buf = g_steal_pointer (&st.ready[f % st.window]);
      st.next_push = f + 1;
      g_cond_broadcast (&st.cond);
      g_mutex_unlock (&st.lock);

      if (buf == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", out_path,
                       st.failure ? st.failure : "rendering failed");
          ok = FALSE;
          break;
        }
      if (gst_app_src_push_buffer (GST_APP_SRC (src), buf) != GST_FLOW_OK)
        {
          if (!check_bus (pipeline, 0, FALSE, out_path, error))
            ok = FALSE;
          else
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: the encoder stopped",
                           out_path);
              ok = FALSE;
            }
          break;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (!check_bus (pipeline, 0, FALSE, out_path, error))
        {
          ok = FALSE;
          break;
        }
      /* The last percent is the muxer finishing the file. */
      pct = (int) (99.0 * (f + 1) / n_frames);
      if (progress && pct != last_pct)
        {
          last_pct = pct;
          progress (self, pct / 100.0, progress_data);
        }
    }

  g_mutex_lock (&st.lock);
  st.stop = TRUE;
  g_cond_broadcast (&st.cond);
  g_mutex_unlock (&st.lock);
  for (k = 0; k < n_threads; k++)
    if (workers[k])
      g_thread_join (workers[k]);
  for (k = 0; k < st.window; k++)
    g_clear_pointer (&st.ready[k], gst_buffer_unref);

  if (ok)
    {
      gst_app_src_end_of_stream (GST_APP_SRC (src));
      ok = check_bus (pipeline, 120 * GST_SECOND, TRUE, out_path, error);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_buffer_pool_set_active (st.pool, FALSE);
  gst_object_unref (st.pool);
  g_free (st.ready);
  g_free (st.failure);
  g_mutex_clear (&st.lock);
  g_cond_clear (&st.cond);

  if (ok && g_rename (tmp_path, out_path) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s: %s", out_path,
                   g_strerror (errsv));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  if (!write_extras (self, script, gt, tl_demo_renderer_get_camera (renderer), out_path, error))
    return FALSE;

  self->n_frames = n_frames;
  self->elapsed = (g_get_monotonic_time () - t0) / 1e6;
  if (progress)
    progress (self, 1.0, progress_data);
  return TRUE;
}

/* --- public API ---------------------------------------------------------------------------- */

char *
tl_demo_sidecar_path_for (const char *video_path)
{
  g_autofree char *base = g_path_get_basename (video_path);
  const char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    return g_strdup_printf ("%.*s.json", (int) (strlen (video_path) - strlen (dot)), video_path);
  return g_strdup_printf ("%s.json", video_path);
}

static void
emit_progress_now (TlDemoGenerator *self,
                   double           fraction,
                   gpointer         data)
{
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, fraction);
}

gboolean
tl_demo_generator_run (TlDemoGenerator *self,
                       const char      *out_path,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_return_val_if_fail (TL_IS_DEMO_GENERATOR (self), FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  return generate (self, out_path, cancellable, emit_progress_now, NULL, error);
}

typedef struct
{
  TlDemoGenerator *self;
  double           fraction;
} ProgressIdle;

static gboolean
progress_idle (gpointer data)
{
  ProgressIdle *p = data;

  g_signal_emit (p->self, signals[SIGNAL_PROGRESS], 0, p->fraction);
  return G_SOURCE_REMOVE;
}

static void
progress_idle_free (gpointer data)
{
  ProgressIdle *p = data;

  g_object_unref (p->self);
  g_free (p);
}

/* From the worker thread: hop to the caller's main context, never emit in the worker. */
static void
emit_progress_in_context (TlDemoGenerator *self,
                          double           fraction,
                          gpointer         data)
{
  GMainContext *context = data;
  ProgressIdle *p = g_new (ProgressIdle, 1);

  p->self = g_object_ref (self);
  p->fraction = fraction;
  tl_main_context_idle_add (context, G_PRIORITY_DEFAULT, progress_idle, p, progress_idle_free);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  TlDemoGenerator *self = source_object;
  const char *out_path = task_data;
  GMainContext *context = g_task_get_context (task);
  g_autoptr(GError) error = NULL;

  if (generate (self, out_path, cancellable, emit_progress_in_context, context, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
tl_demo_generator_run_async (TlDemoGenerator     *self,
                             const char          *out_path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TL_IS_DEMO_GENERATOR (self));
  g_return_if_fail (out_path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_demo_generator_run_async);
  g_task_set_task_data (task, g_strdup (out_path), g_free);
  g_task_run_in_thread (task, run_thread);
}

gboolean
tl_demo_generator_run_finish (TlDemoGenerator *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

double
tl_demo_generator_get_elapsed (TlDemoGenerator *self)
{
  g_return_val_if_fail (TL_IS_DEMO_GENERATOR (self), 0.0);
  return self->elapsed;
}

int
tl_demo_generator_get_n_frames (TlDemoGenerator *self)
{
  g_return_val_if_fail (TL_IS_DEMO_GENERATOR (self), 0);
  return self->n_frames;
}

TlDemoGenerator *
tl_demo_generator_new (void)
{
  return g_object_new (TL_TYPE_DEMO_GENERATOR, NULL);
}

/* --- GObject ------------------------------------------------------------------------------- */

static void
tl_demo_generator_finalize (GObject *object)
{
  TlDemoGenerator *self = TL_DEMO_GENERATOR (object);

  g_free (self->projection);
  g_free (self->light);
  g_free (self->gt_path);
  g_free (self->pitch_path);
  g_free (self->events_path);

  G_OBJECT_CLASS (tl_demo_generator_parent_class)->finalize (object);
}

static void
tl_demo_generator_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TlDemoGenerator *self = TL_DEMO_GENERATOR (object);

  switch (prop_id)
    {
    case PROP_SECONDS: g_value_set_double (value, self->seconds); break;
    case PROP_SEED: g_value_set_uint64 (value, self->seed); break;
    case PROP_WIDTH: g_value_set_int (value, self->width); break;
    case PROP_HEIGHT: g_value_set_int (value, self->height); break;
    case PROP_PROJECTION: g_value_set_string (value, self->projection); break;
    case PROP_HFOV: g_value_set_double (value, self->hfov); break;
    case PROP_LIGHT: g_value_set_string (value, self->light); break;
    case PROP_NOISE: g_value_set_double (value, self->noise); break;
    case PROP_SHAKE: g_value_set_double (value, self->shake); break;
    case PROP_CLOUDS: g_value_set_boolean (value, self->clouds); break;
    case PROP_PLAYERS: g_value_set_int (value, self->players); break;
    case PROP_REFEREES: g_value_set_int (value, self->referees); break;
    case PROP_CAMERA_DISTANCE: g_value_set_double (value, self->camera_distance); break;
    case PROP_CAMERA_HEIGHT: g_value_set_double (value, self->camera_height); break;
    case PROP_THREADS: g_value_set_int (value, self->threads); break;
    case PROP_GT_PATH: g_value_set_string (value, self->gt_path); break;
    case PROP_PITCH_PATH: g_value_set_string (value, self->pitch_path); break;
    case PROP_EVENTS_PATH: g_value_set_string (value, self->events_path); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_string (char         **field,
            const GValue  *value)
{
  g_free (*field);
  *field = g_value_dup_string (value);
}

static void
tl_demo_generator_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TlDemoGenerator *self = TL_DEMO_GENERATOR (object);

  switch (prop_id)
    {
    case PROP_SECONDS: self->seconds = g_value_get_double (value); break;
    case PROP_SEED: self->seed = g_value_get_uint64 (value); break;
    case PROP_WIDTH: self->width = g_value_get_int (value); break;
    case PROP_HEIGHT: self->height = g_value_get_int (value); break;
    case PROP_PROJECTION: set_string (&self->projection, value); break;
    case PROP_HFOV: self->hfov = g_value_get_double (value); break;
    case PROP_LIGHT: set_string (&self->light, value); break;
    case PROP_NOISE: self->noise = g_value_get_double (value); break;
    case PROP_SHAKE: self->shake = g_value_get_double (value); break;
    case PROP_CLOUDS: self->clouds = g_value_get_boolean (value); break;
    case PROP_PLAYERS: self->players = g_value_get_int (value); break;
    case PROP_REFEREES: self->referees = g_value_get_int (value); break;
    case PROP_CAMERA_DISTANCE: self->camera_distance = g_value_get_double (value); break;
    case PROP_CAMERA_HEIGHT: self->camera_height = g_value_get_double (value); break;
    case PROP_THREADS: self->threads = g_value_get_int (value); break;
    case PROP_GT_PATH: set_string (&self->gt_path, value); break;
    case PROP_PITCH_PATH: set_string (&self->pitch_path, value); break;
    case PROP_EVENTS_PATH: set_string (&self->events_path, value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_demo_generator_class_init (TlDemoGeneratorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tl_demo_generator_finalize;
  object_class->get_property = tl_demo_generator_get_property;
  object_class->set_property = tl_demo_generator_set_property;

  properties[PROP_SECONDS] =
    g_param_spec_double ("seconds", NULL, NULL, 0.0, 6 * 3600.0, 10.0, rw);
  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, 1, rw);
  properties[PROP_WIDTH] =
    g_param_spec_int ("width", NULL, NULL, 16, 16384, 3840, rw);
  properties[PROP_HEIGHT] =
    g_param_spec_int ("height", NULL, NULL, 16, 16384, 1152, rw);
  properties[PROP_PROJECTION] =
    g_param_spec_string ("projection", NULL, NULL, "cylindrical", rw);
  properties[PROP_HFOV] =
    g_param_spec_double ("hfov", NULL, NULL, 0.0, 360.0, 0.0, rw);
  properties[PROP_LIGHT] =
    g_param_spec_string ("light", NULL, NULL, "sunny", rw);
  properties[PROP_NOISE] =
    g_param_spec_double ("noise", NULL, NULL, 0.0, 40.0, 2.0, rw);
  properties[PROP_SHAKE] =
    g_param_spec_double ("shake", NULL, NULL, 0.0, 16.0, 1.0, rw);
  properties[PROP_CLOUDS] =
    g_param_spec_boolean ("clouds", NULL, NULL, FALSE, rw);
  properties[PROP_PLAYERS] =
    g_param_spec_int ("players", NULL, NULL, 1, 11, 11, rw);
  properties[PROP_REFEREES] =
    g_param_spec_int ("referees", NULL, NULL, 0, 3, 3, rw);
  properties[PROP_CAMERA_DISTANCE] =
    g_param_spec_double ("camera-distance", NULL, NULL, 0.5, 40.0, 5.0, rw);
  properties[PROP_CAMERA_HEIGHT] =
    g_param_spec_double ("camera-height", NULL, NULL, 1.0, 40.0, 6.0, rw);
  properties[PROP_THREADS] =
    g_param_spec_int ("threads", NULL, NULL, 0, 64, 0, rw);
  properties[PROP_GT_PATH] =
    g_param_spec_string ("gt-path", NULL, NULL, NULL, rw);
  properties[PROP_PITCH_PATH] =
    g_param_spec_string ("pitch-path", NULL, NULL, NULL, rw);
  properties[PROP_EVENTS_PATH] =
    g_param_spec_string ("events-path", NULL, NULL, NULL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_DOUBLE);
}

static void
tl_demo_generator_init (TlDemoGenerator *self)
{
}
