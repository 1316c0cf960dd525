/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-clip-queue.c: plays a list of time ranges back to back through a TlPlayer. */
#include "config.h"

#include "tl-clip-queue.h"

/* Without a known frame rate, how close to a clip's bounds a frame counts as inside it. */
#define DEFAULT_FRAME_NS (GST_SECOND / 25)
/* How far past a clip's end the first frame we see may lie at normal speed. */
#define OVERSHOOT_NS (GST_SECOND / 2)

struct _TlClipQueue
{
  GObject   parent_instance;

  TlPlayer *player;
  GArray   *clips;     /* TlClip */
  int       index;     /* -1 when inactive */
  /* Set from a seek to a clip's start until a frame of that clip arrives: the frames before
   * it say nothing about where the clip is. */
  gboolean  seeking;
};

G_DEFINE_FINAL_TYPE (TlClipQueue, tl_clip_queue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVE,
  PROP_INDEX,
  PROP_N_CLIPS,
  N_PROPS
};

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gint64
frame_ns (TlClipQueue *self)
{
  double fps = tl_player_get_fps (self->player);

  return fps > 0 ? (gint64) (GST_SECOND / fps) : DEFAULT_FRAME_NS;
}

static const TlClip *
current_clip (TlClipQueue *self)
{
  return &g_array_index (self->clips, TlClip, self->index);
}

static void
set_index (TlClipQueue *self,
           int          index)
{
  gboolean was_active = self->index >= 0;

  if (self->index == index)
    return;

  self->index = index;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
  if (was_active != (index >= 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
seek_to_current (TlClipQueue *self)
{
  self->seeking = TRUE;
  tl_player_seek (self->player, (GstClockTime) current_clip (self)->start_ns, TRUE);
  tl_player_play (self->player);
}

static void
finish (TlClipQueue *self)
{
  tl_player_pause (self->player);
  g_array_set_size (self->clips, 0);
  set_index (self, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CLIPS]);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

static void
on_position (TlClipQueue *self)
{
  gint64 position = tl_player_get_position (self->player);
  gint64 frame = frame_ns (self);
  const TlClip *clip;

  if (self->index < 0)
    return;

  clip = current_clip (self);

  /* A decoder lands on the frame that holds the start, which may begin up to a frame early.
   * TlPlayer drops frames decoded before a seek, so a first frame elsewhere comes from
   * somebody else's seek. */
  if (self->seeking)
    {
      self->seeking = FALSE;
      if (position < clip->start_ns - frame || position >= clip->end_ns)
        tl_clip_queue_stop (self);
      return;
    }

  /* Somebody else moved the playhead (a click on the timeline, a skip): the playlist is over.
   * A busy main loop may skip frames, so a little overshoot of the end is no such move. */
  if (position < clip->start_ns - frame
      || position > clip->end_ns + MAX (2 * frame,
                                        (gint64) (OVERSHOOT_NS
                                                  * tl_player_get_rate (self->player))))
    {
      tl_clip_queue_stop (self);
      return;
    }

  /* The frame shown reaches the end of the clip: on to the next one. */
  if (position + frame <= clip->end_ns)
    return;

  if ((guint) self->index + 1 >= self->clips->len)
    {
      finish (self);
      return;
    }

  set_index (self, self->index + 1);
  clip = current_clip (self);
  /* Overlapping or touching clips play on: a seek would show a frame twice. */
  if (clip->start_ns > position + frame || clip->end_ns <= position)
    seek_to_current (self);
}

static void
on_eos (TlClipQueue *self)
{
  if (self->index >= 0)
    finish (self);
}

static void
tl_clip_queue_dispose (GObject *object)
{
  TlClipQueue *self = (TlClipQueue *) object;

  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_clear_object (&self->player);

  G_OBJECT_CLASS (tl_clip_queue_parent_class)->dispose (object);
}

static void
tl_clip_queue_finalize (GObject *object)
{
  TlClipQueue *self = (TlClipQueue *) object;

  g_clear_pointer (&self->clips, g_array_unref);

  G_OBJECT_CLASS (tl_clip_queue_parent_class)->finalize (object);
}

static void
tl_clip_queue_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TlClipQueue *self = TL_CLIP_QUEUE (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, tl_clip_queue_get_active (self));
      break;
    case PROP_INDEX:
      g_value_set_int (value, self->index);
      break;
    case PROP_N_CLIPS:
      g_value_set_uint (value, self->clips->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_clip_queue_class_init (TlClipQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_clip_queue_dispose;
  object_class->finalize = tl_clip_queue_finalize;
  object_class->get_property = tl_clip_queue_get_property;

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_INDEX] =
    g_param_spec_int ("index", NULL, NULL, -1, G_MAXINT, -1,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_CLIPS] =
    g_param_spec_uint ("n-clips", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tl_clip_queue_init (TlClipQueue *self)
{
  self->clips = g_array_new (FALSE, FALSE, sizeof (TlClip));
  self->index = -1;
}

TlClipQueue *
tl_clip_queue_new (TlPlayer *player)
{
  TlClipQueue *self;

  g_return_val_if_fail (TL_IS_PLAYER (player), NULL);

  self = g_object_new (TL_TYPE_CLIP_QUEUE, NULL);
  self->player = g_object_ref (player);
  g_signal_connect_object (player, "notify::position", G_CALLBACK (on_position), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (player, "eos", G_CALLBACK (on_eos), self, G_CONNECT_SWAPPED);

  return self;
}

gboolean
tl_clip_queue_play (TlClipQueue  *self,
                    const TlClip *clips,
                    guint         n_clips)
{
  g_return_val_if_fail (TL_IS_CLIP_QUEUE (self), FALSE);
  g_return_val_if_fail (clips != NULL || n_clips == 0, FALSE);

  g_array_set_size (self->clips, 0);
  for (guint i = 0; i < n_clips; i++)
    if (clips[i].end_ns > clips[i].start_ns && clips[i].start_ns >= 0)
      g_array_append_val (self->clips, clips[i]);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CLIPS]);

  if (self->clips->len == 0)
    {
      set_index (self, -1);
      return FALSE;
    }

  /* Notified even when it stays 0, so a view can show the new first clip. */
  self->index = -1;
  set_index (self, 0);
  seek_to_current (self);

  return TRUE;
}

void
tl_clip_queue_stop (TlClipQueue *self)
{
  g_return_if_fail (TL_IS_CLIP_QUEUE (self));

  if (self->index < 0)
    return;

  tl_player_pause (self->player);
  g_array_set_size (self->clips, 0);
  self->seeking = FALSE;
  set_index (self, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CLIPS]);
}

void
tl_clip_queue_skip_to (TlClipQueue *self,
                       int          index)
{
  g_return_if_fail (TL_IS_CLIP_QUEUE (self));

  if (self->index < 0)
    return;

  set_index (self, CLAMP (index, 0, (int) self->clips->len - 1));
  seek_to_current (self);
}

gboolean
tl_clip_queue_get_active (TlClipQueue *self)
{
  g_return_val_if_fail (TL_IS_CLIP_QUEUE (self), FALSE);

  return self->index >= 0;
}

int
tl_clip_queue_get_index (TlClipQueue *self)
{
  g_return_val_if_fail (TL_IS_CLIP_QUEUE (self), -1);

  return self->index;
}

guint
tl_clip_queue_get_n_clips (TlClipQueue *self)
{
  g_return_val_if_fail (TL_IS_CLIP_QUEUE (self), 0);

  return self->clips->len;
}
