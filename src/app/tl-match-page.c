/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-page.c: one match: its video and its facts, with the editable projection. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-match-page.h"
#include "tl-window.h"

/* A pinhole camera cannot see 180° or more; the spin button stops short of that for flat video. */
#define FLAT_MAX_HFOV     170.0
#define PANORAMA_MAX_HFOV 360.0
#define MIN_HFOV          30.0

struct _TlMatchPage
{
  GtkWidget       parent_instance;

  TlLibrary      *library;
  TlMatch        *match;
  GBindingGroup  *bindings;
  GSignalGroup   *signals;
  /* Set while the rows show the match's values, so that does not count as an edit. */
  gboolean        updating;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkStack       *video_stack;
  GtkVideo       *video;
  AdwStatusPage  *missing_page;
  AdwComboRow    *projection_row;
  GtkSpinButton  *hfov_spin;
  GtkLabel       *calibration_label;
  AdwActionRow   *file_row;
  GtkWidget      *locate_button;
  GtkLabel       *duration_label;
  GtkLabel       *resolution_label;
  GtkLabel       *fps_label;
  GtkLabel       *size_label;
  GtkLabel       *container_label;
  GtkLabel       *video_codec_label;
  GtkLabel       *audio_codec_label;
};

G_DEFINE_FINAL_TYPE (TlMatchPage, tl_match_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_MATCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_value (GtkLabel   *label,
           const char *value)
{
  gtk_label_set_label (label, value);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), value);
}

static void
update_video (TlMatchPage *self)
{
  gboolean missing = self->match == NULL || tl_match_get_file_missing (self->match);
  GFile *current;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "match.locate",
                                 self->match != NULL && missing);
  gtk_widget_set_visible (self->locate_button, self->match != NULL && missing);

  if (missing)
    {
      gtk_video_set_file (self->video, NULL);
      gtk_stack_set_visible_child_name (self->video_stack, "missing");

      if (self->match != NULL)
        {
          const char *path = tl_match_get_file_path (self->match);
          g_autofree char *name = g_filename_display_basename (path);
          g_autofree char *description = NULL;

          description = g_markup_printf_escaped (_("“%s” was moved or deleted. Find it to "
                                                   "watch this match again."), name);
          adw_status_page_set_description (self->missing_page, description);
        }
      return;
    }

  gtk_stack_set_visible_child_name (self->video_stack, "video");

  /* Reloading the same file would restart playback on every change of the match. */
  current = gtk_video_get_file (self->video);
  if (current == NULL
      || g_strcmp0 (g_file_peek_path (current), tl_match_get_file_path (self->match)) != 0)
    gtk_video_set_filename (self->video, tl_match_get_file_path (self->match));
}

static void
update_facts (TlMatchPage *self)
{
  const TlMatchInfo *info;
  g_autofree char *duration = NULL;
  g_autofree char *resolution = NULL;
  g_autofree char *fps = NULL;
  g_autofree char *size = NULL;

  if (self->match == NULL)
    return;

  info = tl_match_get_info (self->match);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->file_row), info->file_path);

  duration = tl_format_duration (info->duration_ns);
  set_value (self->duration_label, duration);

  /* Translators: a video's width × height in pixels */
  resolution = g_strdup_printf (_("%d × %d"), info->width, info->height);
  set_value (self->resolution_label, resolution);

  /* Translators: frames per second, e.g. "25 fps" or "29.97 fps" */
  fps = g_strdup_printf (_("%.4g fps"), tl_match_get_fps (self->match));
  set_value (self->fps_label, fps);

  size = g_format_size (info->file_size);
  set_value (self->size_label, size);

  set_value (self->container_label, info->container ? info->container : _("Unknown"));
  set_value (self->video_codec_label, info->video_codec ? info->video_codec : _("Unknown"));
  /* Translators: the audio codec of a video without sound */
  set_value (self->audio_codec_label, info->audio_codec ? info->audio_codec : _("None"));
  /* Only the demo generator calibrates for now; analysis will be the other source. */
  set_value (self->calibration_label, info->calibration != NULL ? _("From the demo generator")
                                                                 : _("Not calibrated"));

  if (info->recorded_at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (info->recorded_at);
      /* Translators: the date a match was recorded, see g_date_time_format() */
      g_autofree char *date = g_date_time_format (local, _("%-d %B %Y"));

      adw_window_title_set_subtitle (self->window_title, date);
    }
  else
    adw_window_title_set_subtitle (self->window_title, NULL);
}

static void
set_hfov_range (TlMatchPage  *self,
                TlProjection  projection)
{
  gtk_spin_button_set_range (self->hfov_spin, MIN_HFOV,
                             projection == TL_PROJECTION_FLAT ? FLAT_MAX_HFOV
                                                              : PANORAMA_MAX_HFOV);
}

static void
update_projection (TlMatchPage *self)
{
  TlProjection projection;

  if (self->match == NULL)
    return;

  projection = tl_match_get_projection (self->match);

  self->updating = TRUE;
  adw_combo_row_set_selected (self->projection_row,
                              projection == TL_PROJECTION_CYLINDRICAL ? 1 : 0);
  set_hfov_range (self, projection);
  gtk_spin_button_set_value (self->hfov_spin, tl_match_get_hfov (self->match));
  self->updating = FALSE;
}

static void
save_projection (TlMatchPage *self)
{
  TlProjection projection;
  double hfov;
  g_autoptr(GError) error = NULL;

  if (self->updating || self->match == NULL || self->library == NULL)
    return;

  projection = adw_combo_row_get_selected (self->projection_row) == 1
               ? TL_PROJECTION_CYLINDRICAL : TL_PROJECTION_FLAT;
  hfov = gtk_spin_button_get_value (self->hfov_spin);

  if (projection == tl_match_get_projection (self->match)
      && G_APPROX_VALUE (hfov, tl_match_get_hfov (self->match), 1e-6))
    return;

  if (!tl_library_set_projection (self->library, self->match, projection, hfov, &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      g_autofree char *title = g_markup_printf_escaped (_("Could not change the projection: %s"),
                                                        error->message);

      if (TL_IS_WINDOW (root))
        tl_window_add_toast (TL_WINDOW (root), adw_toast_new (title));

      /* Show what is really stored. */
      update_projection (self);
    }
}

static void
on_projection_changed (TlMatchPage *self)
{
  TlProjection projection;
  double hfov;

  if (self->updating || self->match == NULL)
    return;

  projection = adw_combo_row_get_selected (self->projection_row) == 1
               ? TL_PROJECTION_CYLINDRICAL : TL_PROJECTION_FLAT;
  hfov = gtk_spin_button_get_value (self->hfov_spin);

  /* A field of view still at the other projection's default is no choice the user made: move
   * it to this projection's default, as the importer would have. */
  if (projection == TL_PROJECTION_FLAT && (G_APPROX_VALUE (hfov, TL_PANORAMA_DEFAULT_HFOV, 1e-6)
                                           || hfov > FLAT_MAX_HFOV))
    hfov = TL_FLAT_DEFAULT_HFOV;
  else if (projection == TL_PROJECTION_CYLINDRICAL
           && G_APPROX_VALUE (hfov, TL_FLAT_DEFAULT_HFOV, 1e-6))
    hfov = TL_PANORAMA_DEFAULT_HFOV;

  self->updating = TRUE;
  set_hfov_range (self, projection);
  gtk_spin_button_set_value (self->hfov_spin, hfov);
  self->updating = FALSE;

  save_projection (self);
}

static void
on_hfov_changed (TlMatchPage *self)
{
  save_projection (self);
}

static void
locate_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TlMatchPage *self = TL_MATCH_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->match != NULL && TL_IS_WINDOW (root))
    tl_window_locate_match (TL_WINDOW (root), self->match);
}

static void
tl_match_page_unmap (GtkWidget *widget)
{
  TlMatchPage *self = TL_MATCH_PAGE (widget);
  GtkMediaStream *stream = gtk_video_get_media_stream (self->video);

  /* Leaving the page (or hiding the window) should not leave a match playing unseen. */
  if (stream != NULL)
    gtk_media_stream_pause (stream);

  GTK_WIDGET_CLASS (tl_match_page_parent_class)->unmap (widget);
}

static void
tl_match_page_dispose (GObject *object)
{
  TlMatchPage *self = (TlMatchPage *) object;
  GtkWidget *child;

  tl_match_page_set_match (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_MATCH_PAGE);
  /* The template's outer box has no name, so dispose_template() leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (tl_match_page_parent_class)->dispose (object);
}

static void
tl_match_page_finalize (GObject *object)
{
  TlMatchPage *self = (TlMatchPage *) object;

  g_clear_object (&self->bindings);
  g_clear_object (&self->signals);

  G_OBJECT_CLASS (tl_match_page_parent_class)->finalize (object);
}

static void
tl_match_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TlMatchPage *self = TL_MATCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;
    case PROP_MATCH:
      g_value_set_object (value, self->match);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_match_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TlMatchPage *self = TL_MATCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      tl_match_page_set_library (self, g_value_get_object (value));
      break;
    case PROP_MATCH:
      tl_match_page_set_match (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_match_page_class_init (TlMatchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_match_page_dispose;
  object_class->finalize = tl_match_page_finalize;
  object_class->get_property = tl_match_page_get_property;
  object_class->set_property = tl_match_page_set_property;

  widget_class->unmap = tl_match_page_unmap;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, TL_TYPE_LIBRARY,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MATCH] =
    g_param_spec_object ("match", NULL, NULL, TL_TYPE_MATCH,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/tl-match-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, video_stack);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, video);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, missing_page);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, projection_row);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, hfov_spin);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, calibration_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, file_row);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, locate_button);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, duration_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, resolution_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, fps_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, size_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, container_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, video_codec_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, audio_codec_label);
  gtk_widget_class_bind_template_callback (widget_class, on_projection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_hfov_changed);

  gtk_widget_class_install_action (widget_class, "match.locate", NULL, locate_action);

  /* Alt+Left is the application's accelerator for win.back; Escape is a binding here so that
   * popovers and entries on the page get it first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "win.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tl_match_page_init (TlMatchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "title", self->window_title, "title",
                        G_BINDING_SYNC_CREATE);

  /* Any change of the match (a relink, an analysis, the CLI) refreshes what is shown. */
  self->signals = g_signal_group_new (TL_TYPE_MATCH);
  g_signal_group_connect_object (self->signals, "notify", G_CALLBACK (update_facts), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::file-missing",
                                 G_CALLBACK (update_video), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::file-path",
                                 G_CALLBACK (update_video), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::projection",
                                 G_CALLBACK (update_projection), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::hfov",
                                 G_CALLBACK (update_projection), self, G_CONNECT_SWAPPED);

  update_video (self);
}

TlLibrary *
tl_match_page_get_library (TlMatchPage *self)
{
  g_return_val_if_fail (TL_IS_MATCH_PAGE (self), NULL);

  return self->library;
}

void
tl_match_page_set_library (TlMatchPage *self,
                           TlLibrary   *library)
{
  g_return_if_fail (TL_IS_MATCH_PAGE (self));
  g_return_if_fail (library == NULL || TL_IS_LIBRARY (library));

  if (g_set_object (&self->library, library))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY]);
}

TlMatch *
tl_match_page_get_match (TlMatchPage *self)
{
  g_return_val_if_fail (TL_IS_MATCH_PAGE (self), NULL);

  return self->match;
}

void
tl_match_page_set_match (TlMatchPage *self,
                         TlMatch     *match)
{
  g_return_if_fail (TL_IS_MATCH_PAGE (self));
  g_return_if_fail (match == NULL || TL_IS_MATCH (match));

  if (!g_set_object (&self->match, match))
    return;

  g_binding_group_set_source (self->bindings, match);
  g_signal_group_set_target (self->signals, match);

  /* The file may have gone since the library was loaded; better the "Locate" page than a
   * video that fails to play. */
  if (match != NULL)
    tl_match_refresh_file_missing (match);

  /* A new match starts from the beginning, paused. */
  gtk_video_set_file (self->video, NULL);
  update_video (self);
  update_facts (self);
  update_projection (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MATCH]);
}
