/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-viewer-follow.c: drives a TlViewer's virtual camera along a TlCameraPath. */
#include "config.h"

#include "tl-viewer-follow.h"

struct _TlViewerFollow
{
  GObject       parent_instance;

  TlViewer     *viewer;        /* weak: the viewer owns the page that owns us */
  TlCameraPath *path;
  gboolean      following;
  gulong        frame_handler;
  gulong        steered_handler;
  gulong        changed_handler;
};

G_DEFINE_FINAL_TYPE (TlViewerFollow, tl_viewer_follow, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VIEWER,
  PROP_CAMERA_PATH,
  PROP_AVAILABLE,
  PROP_FOLLOWING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
available (TlViewerFollow *self)
{
  return self->path != NULL
         && tl_camera_path_sample (self->path, TL_CAMERA_PATH_EDITED, 0, NULL, NULL, NULL);
}

void
tl_viewer_follow_apply (TlViewerFollow *self,
                        gint64          time_ns)
{
  double yaw, pitch, hfov;

  g_return_if_fail (TL_IS_VIEWER_FOLLOW (self));

  if (self->viewer == NULL || self->path == NULL
      || !tl_camera_path_sample (self->path, TL_CAMERA_PATH_EDITED, time_ns, &yaw, &pitch, &hfov))
    return;
  tl_viewer_set_mode (self->viewer, TL_VIEWER_MODE_VIRTUAL);
  tl_viewer_set_view (self->viewer, yaw, pitch, hfov);
}

static void
apply_current (TlViewerFollow *self)
{
  TlVideoFrame *frame = self->viewer != NULL ? tl_viewer_get_frame (self->viewer) : NULL;

  if (self->following && frame != NULL && GST_CLOCK_TIME_IS_VALID (tl_video_frame_get_pts (frame)))
    tl_viewer_follow_apply (self, (gint64) tl_video_frame_get_pts (frame));
}

static void
on_frame (TlViewerFollow *self)
{
  apply_current (self);
}

static void
on_steered (TlViewerFollow *self)
{
  tl_viewer_follow_set_following (self, FALSE);
}

static void
on_path_changed (TlViewerFollow *self)
{
  /* An edited keyframe shows at once on the frame being looked at. */
  apply_current (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

static void
set_viewer (TlViewerFollow *self,
            TlViewer       *viewer)
{
  self->viewer = viewer;
  g_object_add_weak_pointer (G_OBJECT (viewer), (gpointer *) &self->viewer);
  self->frame_handler = g_signal_connect_object (viewer, "notify::frame", G_CALLBACK (on_frame),
                                                 self, G_CONNECT_SWAPPED);
  self->steered_handler = g_signal_connect_object (viewer, "steered", G_CALLBACK (on_steered),
                                                   self, G_CONNECT_SWAPPED);
}

static void
tl_viewer_follow_dispose (GObject *object)
{
  TlViewerFollow *self = (TlViewerFollow *) object;

  if (self->viewer != NULL)
    {
      g_clear_signal_handler (&self->frame_handler, self->viewer);
      g_clear_signal_handler (&self->steered_handler, self->viewer);
      g_object_remove_weak_pointer (G_OBJECT (self->viewer), (gpointer *) &self->viewer);
      self->viewer = NULL;
    }
  tl_viewer_follow_set_camera_path (self, NULL);

  G_OBJECT_CLASS (tl_viewer_follow_parent_class)->dispose (object);
}

static void
tl_viewer_follow_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TlViewerFollow *self = TL_VIEWER_FOLLOW (object);

  switch (prop_id)
    {
    case PROP_VIEWER:
      g_value_set_object (value, self->viewer);
      break;
    case PROP_CAMERA_PATH:
      g_value_set_object (value, self->path);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, available (self));
      break;
    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_viewer_follow_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TlViewerFollow *self = TL_VIEWER_FOLLOW (object);

  switch (prop_id)
    {
    case PROP_VIEWER:
      set_viewer (self, g_value_get_object (value));
      break;
    case PROP_CAMERA_PATH:
      tl_viewer_follow_set_camera_path (self, g_value_get_object (value));
      break;
    case PROP_FOLLOWING:
      tl_viewer_follow_set_following (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_viewer_follow_class_init (TlViewerFollowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_viewer_follow_dispose;
  object_class->get_property = tl_viewer_follow_get_property;
  object_class->set_property = tl_viewer_follow_set_property;

  properties[PROP_VIEWER] =
    g_param_spec_object ("viewer", NULL, NULL, TL_TYPE_VIEWER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CAMERA_PATH] =
    g_param_spec_object ("camera-path", NULL, NULL, TL_TYPE_CAMERA_PATH,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_viewer_follow_init (TlViewerFollow *self)
{
}

TlViewerFollow *
tl_viewer_follow_new (TlViewer *viewer)
{
  g_return_val_if_fail (TL_IS_VIEWER (viewer), NULL);
  return g_object_new (TL_TYPE_VIEWER_FOLLOW, "viewer", viewer, NULL);
}

TlViewer *
tl_viewer_follow_get_viewer (TlViewerFollow *self)
{
  g_return_val_if_fail (TL_IS_VIEWER_FOLLOW (self), NULL);
  return self->viewer;
}

void
tl_viewer_follow_set_camera_path (TlViewerFollow *self,
                                  TlCameraPath   *path)
{
  g_return_if_fail (TL_IS_VIEWER_FOLLOW (self));
  g_return_if_fail (path == NULL || TL_IS_CAMERA_PATH (path));

  if (self->path == path)
    return;
  if (self->path != NULL)
    g_clear_signal_handler (&self->changed_handler, self->path);
  g_set_object (&self->path, path);
  if (path != NULL)
    self->changed_handler = g_signal_connect_object (path, "changed",
                                                     G_CALLBACK (on_path_changed), self,
                                                     G_CONNECT_SWAPPED);
  g_object_freeze_notify (G_OBJECT (self));
  if (!available (self))
    tl_viewer_follow_set_following (self, FALSE);
  apply_current (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA_PATH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
  g_object_thaw_notify (G_OBJECT (self));
}

TlCameraPath *
tl_viewer_follow_get_camera_path (TlViewerFollow *self)
{
  g_return_val_if_fail (TL_IS_VIEWER_FOLLOW (self), NULL);
  return self->path;
}

gboolean
tl_viewer_follow_get_available (TlViewerFollow *self)
{
  g_return_val_if_fail (TL_IS_VIEWER_FOLLOW (self), FALSE);
  return available (self);
}

gboolean
tl_viewer_follow_get_following (TlViewerFollow *self)
{
  g_return_val_if_fail (TL_IS_VIEWER_FOLLOW (self), FALSE);
  return self->following;
}

void
tl_viewer_follow_set_following (TlViewerFollow *self,
                                gboolean        following)
{
  g_return_if_fail (TL_IS_VIEWER_FOLLOW (self));

  following = following && available (self);
  if (self->following == following)
    return;
  self->following = following;
  apply_current (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}
