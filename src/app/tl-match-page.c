/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-page.c: one match: its video with transport controls, and its facts and projection. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-analysis-status.h"
#include "tl-calibration-dialog.h"
#include "tl-camera-path.h"
#include "tl-match-page.h"
#include "tl-match-tagging.h"
#include "tl-minimap.h"
#include "tl-period.h"
#include "tl-player.h"
#include "tl-timeline.h"
#include "tl-track-chunks.h"
#include "tl-track-layer.h"
#include "tl-track-window.h"
#include "tl-viewer.h"
#include "tl-annotation-layer.h"
#include "tl-annotation-panel.h"
#include "tl-player-list.h"
#include "tl-reel-panel.h"
#include "tl-viewer-follow.h"
#include "tl-window.h"

/* A pinhole camera cannot see 180° or more; the spin button stops short of that for flat video. */
#define FLAT_MAX_HFOV     170.0
#define PANORAMA_MAX_HFOV 360.0
#define MIN_HFOV          30.0

#define SHORT_SKIP_NS (5 * GST_SECOND)
#define LONG_SKIP_NS  (30 * GST_SECOND)
/* How long the scrubber must rest before the keyframe seeks of a drag end in an accurate one. */
#define SCRUB_SETTLE_MS 150

struct _TlMatchPage
{
  GtkWidget       parent_instance;

  TlLibrary      *library;
  TlMatch        *match;
  GBindingGroup  *bindings;
  GSignalGroup   *signals;
  /* Set while the rows show the match's values, so that does not count as an edit. */
  gboolean        updating;

  TlPlayer       *player;
  /* The Tag, Events and Summary pages of the side panel, and their keys. */
  TlMatchTagging *tagging;
  /* The A/B points of the loop ("[" and "]"), GST_CLOCK_TIME_NONE while unset. */
  GstClockTime    loop_start;
  GstClockTime    loop_end;
  /* While the scrubber is dragged, the player's position must not move it under the pointer. */
  guint           scrub_source;
  double          scrub_seconds;

  /* The tracks over the video and on the minimap; NULL until the match has tracks. */
  TlTrackWindow  *track_window;
  TlTrackLayer   *track_layer;
  TlMinimap      *minimap;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkStack       *video_stack;
  GtkOverlay     *viewer_overlay;
  AdwViewStack   *side_stack;
  TlViewer       *viewer;
  TlAnnotationLayer *annotation_layer;
  TlReelPanel    *reel_panel;
  TlPlayerList   *player_list;
  GtkWidget      *play_button;
  GtkAdjustment  *position_adjustment;
  GtkLabel       *time_label;
  GtkLabel       *frame_label;
  GtkMenuButton  *speed_button;
  AdwStatusPage  *missing_page;
  AdwComboRow    *projection_row;
  GtkSpinButton  *hfov_spin;
  AdwActionRow   *calibration_row;
  AdwActionRow   *file_row;
  GtkWidget      *locate_button;
  GtkLabel       *duration_label;
  GtkLabel       *resolution_label;
  GtkLabel       *fps_label;
  GtkLabel       *size_label;
  GtkLabel       *container_label;
  GtkLabel       *video_codec_label;
  GtkLabel       *audio_codec_label;

  /* The follow cam, its path and the timeline (issue 6). */
  TlTimeline     *timeline;
  TlViewerFollow *follow;
  TlCameraPath   *camera_path;
  GCancellable   *path_cancellable;
  GSimpleActionGroup *camera_actions;
  AdwToast       *keyframe_toast;
};

G_DEFINE_FINAL_TYPE (TlMatchPage, tl_match_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_MATCH,
  PROP_RATE,
  PROP_VIRTUAL_VIEW,
  PROP_LOOPING,
  PROP_SELECTED_TRACK,
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
show_error (TlMatchPage  *self,
            const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *title = g_markup_escape_text (error->message, -1);

  if (TL_IS_WINDOW (root))
    tl_window_add_toast (TL_WINDOW (root), adw_toast_new (title));
  else
    g_warning ("%s", error->message);
}

/* "12:34.56" (or "1:02:03.45"); with @fraction FALSE "12:34" (for the duration). */
static char *
format_time (gint64   ns,
             gboolean fraction)
{
  gint64 centis = MAX (ns, 0) / (GST_SECOND / 100);
  gint64 seconds = centis / 100;
  int hours = seconds / 3600;
  int minutes = (seconds / 60) % 60;
  int secs = seconds % 60;

  if (hours > 0 && fraction)
    return g_strdup_printf ("%d:%02d:%02d.%02d", hours, minutes, secs, (int) (centis % 100));
  if (hours > 0)
    return g_strdup_printf ("%d:%02d:%02d", hours, minutes, secs);
  if (fraction)
    return g_strdup_printf ("%d:%02d.%02d", minutes, secs, (int) (centis % 100));
  return g_strdup_printf ("%d:%02d", minutes, secs);
}

static void
update_position (TlMatchPage *self)
{
  gint64 position = tl_player_get_position (self->player);
  gint64 duration = tl_player_get_duration (self->player);
  gint64 frame = tl_player_get_frame_number (self->player);
  g_autofree char *now = format_time (position, TRUE);
  g_autofree char *total = format_time (duration, FALSE);
  g_autofree char *time = g_strdup_printf ("%s / %s", now, total);

  gtk_label_set_label (self->time_label, time);

  if (frame >= 0)
    {
      /* An int is enough (three hours at 60 fps), and xgettext cannot see through
       * G_GINT64_FORMAT. */
      /* Translators: the number of the video frame shown, e.g. "Frame 1234" */
      g_autofree char *text = g_strdup_printf (_("Frame %d"), (int) frame);

      gtk_label_set_label (self->frame_label, text);
    }
  else
    gtk_label_set_label (self->frame_label, "");

  gtk_adjustment_set_upper (self->position_adjustment,
                            duration > 0 ? (double) duration / GST_SECOND : 1.0);
  if (self->scrub_source == 0)
    gtk_adjustment_set_value (self->position_adjustment, (double) position / GST_SECOND);
}

static void
update_playing (TlMatchPage *self)
{
  gboolean playing = tl_player_get_playing (self->player);

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic"
                                    : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play_button, playing ? _("Pause (Space)") : _("Play (Space)"));
}

static void
update_rate (TlMatchPage *self)
{
  /* Translators: a playback speed, e.g. "1.5×" */
  g_autofree char *label = g_strdup_printf (_("%g×"), tl_player_get_rate (self->player));

  gtk_menu_button_set_label (self->speed_button, label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

static void
on_player_error (TlMatchPage *self,
                 GError      *error)
{
  show_error (self, error);
}

static void
on_player_eos (TlMatchPage *self)
{
  update_playing (self);
}

static void
on_viewer_mode_changed (TlMatchPage *self)
{
  /* The viewer switches itself on a double-click; the toggle and the action follow. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIRTUAL_VIEW]);
}

static gboolean
scrub_settled (gpointer data)
{
  TlMatchPage *self = data;

  self->scrub_source = 0;
  tl_player_seek (self->player, (GstClockTime) (self->scrub_seconds * GST_SECOND), TRUE);

  return G_SOURCE_REMOVE;
}

/* Dragging seeks to keyframes (fast); once the pointer rests or lets go, one accurate seek
 * shows the exact frame under the knob. */
static gboolean
on_scrubber_change_value (TlMatchPage   *self,
                          GtkScrollType  scroll,
                          double         value)
{
  double upper = gtk_adjustment_get_upper (self->position_adjustment);

  if (tl_player_get_path (self->player) == NULL)
    return TRUE;

  self->scrub_seconds = CLAMP (value, 0.0, upper);
  gtk_adjustment_set_value (self->position_adjustment, self->scrub_seconds);
  tl_player_seek (self->player, (GstClockTime) (self->scrub_seconds * GST_SECOND), FALSE);

  g_clear_handle_id (&self->scrub_source, g_source_remove);
  self->scrub_source = g_timeout_add (SCRUB_SETTLE_MS, scrub_settled, self);

  return TRUE;
}

static void
play_pause_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TlMatchPage *self = TL_MATCH_PAGE (widget);

  if (tl_player_get_path (self->player) != NULL)
    tl_player_set_playing (self->player, !tl_player_get_playing (self->player));
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  tl_player_pause (TL_MATCH_PAGE (widget)->player);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TlMatchPage *self = TL_MATCH_PAGE (widget);

  if (tl_player_get_path (self->player) != NULL)
    tl_player_step (self->player, g_variant_get_int32 (param));
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TlMatchPage *self = TL_MATCH_PAGE (widget);

  /* The parameter is in seconds, so that the shortcut table reads naturally. */
  if (tl_player_get_path (self->player) != NULL)
    tl_player_skip (self->player, (gint64) g_variant_get_int32 (param) * GST_SECOND);
}

/* J and L as in editing suites: each press halves or doubles the speed, and starts playing;
 * the player cannot play backwards, so J bottoms out at the slowest speed. */
static void
shuttle_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TlMatchPage *self = TL_MATCH_PAGE (widget);
  double rate = tl_player_get_rate (self->player);

  if (tl_player_get_path (self->player) == NULL)
    return;

  if (tl_player_get_playing (self->player))
    rate = g_variant_get_int32 (param) > 0 ? rate * 2 : rate / 2;
  else if (g_variant_get_int32 (param) < 0)
    rate = MIN (rate, 1.0) / 2;

  tl_player_set_rate (self->player, CLAMP (rate, TL_PLAYER_MIN_RATE, TL_PLAYER_MAX_RATE));
  tl_player_play (self->player);
}

static void
set_loop_point_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  TlMatchPage *self = TL_MATCH_PAGE (widget);
  gint64 position = tl_player_get_position (self->player);

  if (tl_player_get_path (self->player) == NULL || position < 0)
    return;

  if (g_str_equal (action_name, "match.loop-start"))
    self->loop_start = position;
  else
    self->loop_end = position;

  /* A new point of a running loop takes effect at once. */
  if (tl_match_page_get_looping (self))
    {
      tl_match_page_set_looping (self, FALSE);
      tl_match_page_set_looping (self, TRUE);
    }
}

/* --- follow cam, camera keyframes, timeline ------------------------------------------------ */

static void
event_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TlMatchPage *self = TL_MATCH_PAGE (widget);

  if (tl_player_get_path (self->player) != NULL)
    tl_timeline_jump_event (self->timeline, g_variant_get_int32 (param));
}

static void
update_thumbnailer (TlMatchPage *self)
{
  const char *path = tl_player_get_path (self->player);
  g_autoptr(TlThumbnailer) thumbnailer = NULL;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  if (path != NULL && self->match != NULL)
    thumbnailer = tl_thumbnailer_new (path, TL_TIMELINE_THUMBNAIL_HEIGHT * scale);
  tl_timeline_set_thumbnailer (self->timeline, thumbnailer,
                               self->match != NULL && tl_match_get_height (self->match) > 0
                               ? (double) tl_match_get_width (self->match)
                                 / tl_match_get_height (self->match)
                               : 16.0 / 9.0);
}

static void
on_camera_path_loaded (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(TlMatchPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlCameraPath) path = tl_camera_path_load_finish (result, &error);

  if (path == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  if (self->match == NULL || tl_camera_path_get_match_id (path) != tl_match_get_id (self->match))
    return;
  g_set_object (&self->camera_path, path);
  tl_viewer_follow_set_camera_path (self->follow, path);
  tl_timeline_set_camera_path (self->timeline, path);
  /* An analysed match opens following the play, as a broadcast would. */
  tl_viewer_follow_set_following (self->follow, tl_camera_path_has_follow (path));
}

/* The camera path, periods and analysed stretches of the match shown (again after an
 * analysis). */
static void
load_match_extras (TlMatchPage *self)
{
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GArray) coverage = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (self->path_cancellable);
  g_clear_object (&self->path_cancellable);
  g_clear_object (&self->camera_path);
  tl_viewer_follow_set_camera_path (self->follow, NULL);
  tl_timeline_set_camera_path (self->timeline, NULL);
  if (self->match == NULL || self->library == NULL)
    {
      tl_timeline_set_periods (self->timeline, NULL);
      tl_timeline_set_coverage (self->timeline, NULL);
      return;
    }

  self->path_cancellable = g_cancellable_new ();
  tl_camera_path_load_async (self->library, tl_match_get_id (self->match),
                             self->path_cancellable, on_camera_path_loaded,
                             g_object_ref (self));
  /* A few rows each: cheap enough to read here. */
  periods = tl_periods_list (tl_library_get_store (self->library),
                             tl_match_get_id (self->match), &error);
  if (periods == NULL)
    g_warning ("Periods of match %" G_GINT64_FORMAT ": %s", tl_match_get_id (self->match),
               error->message);
  tl_timeline_set_periods (self->timeline, periods);
  g_clear_error (&error);
  if (tl_match_get_fps (self->match) > 0)
    coverage = tl_track_chunks_coverage (tl_library_get_store (self->library),
                                         tl_match_get_id (self->match),
                                         tl_match_get_fps (self->match), &error);
  if (error != NULL)
    g_warning ("Analysis coverage of match %" G_GINT64_FORMAT ": %s",
               tl_match_get_id (self->match), error->message);
  tl_timeline_set_coverage (self->timeline, coverage);
}

static void
on_analysis_state (TlMatchPage *self)
{
  if (self->match != NULL && tl_match_get_analysis_state (self->match) == TL_ANALYSIS_STATE_DONE)
    load_match_extras (self);
}

static void
follow_change_state (GSimpleAction *action,
                     GVariant      *state,
                     gpointer       user_data)
{
  TlMatchPage *self = user_data;

  tl_viewer_follow_set_following (self->follow, g_variant_get_boolean (state));
}

static void
follow_activate (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  TlMatchPage *self = user_data;

  tl_viewer_follow_set_following (self->follow, !tl_viewer_follow_get_following (self->follow));
}

static void
update_follow_actions (TlMatchPage *self)
{
  GAction *follow = g_action_map_lookup_action (G_ACTION_MAP (self->camera_actions), "follow");
  GAction *set = g_action_map_lookup_action (G_ACTION_MAP (self->camera_actions),
                                             "set-keyframe");

  g_simple_action_set_state (G_SIMPLE_ACTION (follow),
                             g_variant_new_boolean (tl_viewer_follow_get_following (self->follow)));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (follow),
                               tl_viewer_follow_get_available (self->follow));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (set), self->camera_path != NULL);
}

static void
on_keyframe_undo (TlMatchPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->camera_path != NULL && !tl_camera_path_undo (self->camera_path, &error))
    show_error (self, error);
}

static void
on_keyframes_changed (TlMatchPage *self)
{
  /* Its Undo would undo some other edit now. */
  if (self->keyframe_toast != NULL)
    adw_toast_dismiss (self->keyframe_toast);
}

/* Keeps what the coach steered to: a keyframe at the frame shown with the view shown. */
static void
set_keyframe_activate (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  TlMatchPage *self = user_data;
  gint64 position = tl_player_get_position (self->player);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (self->camera_path == NULL || position < 0)
    return;
  if (tl_viewer_get_mode (self->viewer) != TL_VIEWER_MODE_VIRTUAL)
    tl_viewer_set_mode (self->viewer, TL_VIEWER_MODE_VIRTUAL);
  g_signal_handlers_block_by_func (self->camera_path, on_keyframes_changed, self);
  if (tl_camera_path_add_keyframe (self->camera_path, position, tl_viewer_get_yaw (self->viewer),
                                   tl_viewer_get_pitch (self->viewer),
                                   tl_viewer_get_hfov (self->viewer), &error) == 0)
    show_error (self, error);
  g_signal_handlers_unblock_by_func (self->camera_path, on_keyframes_changed, self);
  if (error != NULL || !TL_IS_WINDOW (root))
    return;
  on_keyframes_changed (self);
  toast = adw_toast_new (_("Camera keyframe set"));
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_keyframe_undo), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->keyframe_toast, toast);
  tl_window_add_toast (TL_WINDOW (root), toast);
}

static void
on_camera_path_set (TlMatchPage *self)
{
  TlCameraPath *path = tl_viewer_follow_get_camera_path (self->follow);

  if (path != NULL)
    g_signal_connect_object (path, "changed", G_CALLBACK (on_keyframes_changed), self,
                             G_CONNECT_SWAPPED);
  update_follow_actions (self);
}

static void
setup_camera (TlMatchPage *self)
{
  static const GActionEntry entries[] = {
    { "follow", follow_activate, NULL, "false", follow_change_state },
    { "set-keyframe", set_keyframe_activate, NULL, NULL, NULL },
  };

  self->follow = tl_viewer_follow_new (self->viewer);
  self->camera_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->camera_actions), entries,
                                   G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "camera",
                                  G_ACTION_GROUP (self->camera_actions));
  g_signal_connect_object (self->follow, "notify::following",
                           G_CALLBACK (update_follow_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->follow, "notify::available",
                           G_CALLBACK (update_follow_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->follow, "notify::camera-path",
                           G_CALLBACK (on_camera_path_set), self, G_CONNECT_SWAPPED);
  tl_timeline_set_player (self->timeline, self->player);
  update_follow_actions (self);
}

static void
update_viewer_projection (TlMatchPage *self)
{
  if (self->match == NULL)
    return;

  tl_viewer_set_projection (self->viewer,
                            tl_match_get_projection (self->match) == TL_PROJECTION_CYLINDRICAL
                            ? TL_CAMERA_CYLINDRICAL : TL_CAMERA_PINHOLE,
                            tl_match_get_hfov (self->match));
}

static void
update_video (TlMatchPage *self)
{
  gboolean missing = self->match == NULL || tl_match_get_file_missing (self->match);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "match.locate",
                                 self->match != NULL && missing);
  gtk_widget_set_visible (self->locate_button, self->match != NULL && missing);

  if (missing)
    {
      tl_player_close (self->player);
      update_thumbnailer (self);
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

  /* Reopening the same file would restart playback on every change of the match. */
  if (g_strcmp0 (tl_player_get_path (self->player), tl_match_get_file_path (self->match)) != 0)
    {
      g_autoptr(GError) error = NULL;

      if (!tl_player_open (self->player, tl_match_get_file_path (self->match), &error))
        show_error (self, error);
      update_thumbnailer (self);
    }

  update_viewer_projection (self);
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
  adw_action_row_set_subtitle (self->calibration_row,
                               info->calibration == NULL ? _("Not calibrated")
                               : strstr (info->calibration, "\"touchline-demo\"") != NULL
                               ? _("From the demo generator") : _("Calibrated by hand"));

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

  if (tl_library_set_projection (self->library, self->match, projection, hfov, &error))
    update_viewer_projection (self);
  else
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
on_player_activated (TlMatchPage *self,
                     guint        track_no)
{
  tl_track_layer_set_selected_track (self->track_layer, (int) track_no);
}

/* Players are drawn in their team's kit colour from the match sheet (the library's cached
 * sheet, the one the sheet editor changes, so a colour picked there shows at once), and the
 * Players page names their teams from it. */
static void
update_side_colors (TlMatchPage *self)
{
  g_autoptr(TlSideColors) colors = NULL;
  g_autoptr(GError) error = NULL;
  TlMatchSheet *sheet = NULL;

  if (self->match != NULL && self->library != NULL)
    {
      sheet = tl_library_get_match_sheet (self->library, tl_match_get_id (self->match), &error);
      if (sheet == NULL)
        g_warning ("Cannot read the match sheet of “%s”: %s", tl_match_get_title (self->match),
                   error->message);
      colors = tl_side_colors_new (sheet);
    }
  tl_track_layer_set_side_colors (self->track_layer, colors);
  tl_minimap_set_side_colors (self->minimap, colors);
  tl_minimap_set_periods (self->minimap, sheet != NULL ? tl_match_sheet_get_periods (sheet) : NULL);
  if (self->player_list != NULL)
    tl_player_list_set_match_sheet (self->player_list, sheet);
}

/* A new match, a finished analysis or a new calibration: read the tracks again. */
static void
update_tracks (TlMatchPage *self)
{
  g_autoptr(TlTrackWindow) window = NULL;
  g_autoptr(GError) error = NULL;

  if (self->track_layer == NULL)
    return;

  if (self->match != NULL && self->library != NULL && tl_match_get_fps (self->match) > 0)
    {
      window = tl_track_window_new (tl_library_get_store (self->library),
                                    tl_match_get_id (self->match),
                                    tl_match_get_fps (self->match), &error);
      if (window == NULL)
        g_warning ("Cannot read the tracks of “%s”: %s", tl_match_get_title (self->match),
                   error->message);
      else
        tl_track_window_set_frame (window, tl_player_get_frame_number (self->player));
    }

  g_set_object (&self->track_window, window);
  tl_track_layer_set_window (self->track_layer, window);
  tl_minimap_set_window (self->minimap, window);
  if (self->player_list != NULL)
    tl_player_list_set_window (self->player_list, window);
  update_side_colors (self);
  tl_minimap_set_calibration (self->minimap,
                              self->match != NULL ? tl_match_get_calibration (self->match)
                                                  : NULL);
}

static void
on_frame_changed (TlMatchPage *self)
{
  if (self->track_window != NULL)
    tl_track_window_set_frame (self->track_window, tl_player_get_frame_number (self->player));
}

static void
calibrate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  TlMatchPage *self = TL_MATCH_PAGE (widget);
  TlVideoFrame *frame = tl_viewer_get_frame (self->viewer);
  GtkRoot *root = gtk_widget_get_root (widget);
  TlCalibrationDialog *dialog;

  if (self->match == NULL || self->library == NULL)
    return;
  if (frame == NULL)
    {
      if (TL_IS_WINDOW (root))
        tl_window_add_toast (TL_WINDOW (root),
                             adw_toast_new (_("The video shows no picture to calibrate on")));
      return;
    }

  tl_player_pause (self->player);
  dialog = tl_calibration_dialog_new (self->library, self->match, frame);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
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
tl_match_page_map (GtkWidget *widget)
{
  TlMatchPage *self = TL_MATCH_PAGE (widget);
  GtkRoot *root;
  GtkWidget *focus;

  GTK_WIDGET_CLASS (tl_match_page_parent_class)->map (widget);

  /* The playback keys are bindings of the page, so they need the focus inside it; coming from
   * the library the focus is still on the card that was activated. */
  root = gtk_widget_get_root (widget);
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, widget))
    gtk_widget_grab_focus (GTK_WIDGET (self->viewer));
}

static void
tl_match_page_unmap (GtkWidget *widget)
{
  TlMatchPage *self = TL_MATCH_PAGE (widget);

  /* Leaving the page (or hiding the window) should not leave a match playing unseen. */
  tl_player_pause (self->player);

  GTK_WIDGET_CLASS (tl_match_page_parent_class)->unmap (widget);
}

static void
tl_match_page_dispose (GObject *object)
{
  TlMatchPage *self = (TlMatchPage *) object;
  GtkWidget *child;

  tl_match_page_set_match (self, NULL);
  g_clear_object (&self->track_window);
  if (self->tagging != NULL)
    tl_match_tagging_detach (self->tagging);
  g_clear_object (&self->tagging);
  /* The overlays go with the template's overlay; what they still notify is not for us. */
  if (self->track_layer != NULL)
    g_signal_handlers_disconnect_by_data (self->track_layer, self);
  if (self->minimap != NULL)
    g_signal_handlers_disconnect_by_data (self->minimap, self);
  self->track_layer = NULL;
  self->minimap = NULL;
  g_clear_handle_id (&self->scrub_source, g_source_remove);
  g_cancellable_cancel (self->path_cancellable);
  g_clear_object (&self->path_cancellable);
  g_clear_object (&self->camera_path);
  g_clear_object (&self->follow);
  g_clear_object (&self->camera_actions);
  if (self->viewer != NULL)
    tl_viewer_set_player (self->viewer, NULL);
  if (self->player != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      tl_player_close (self->player);
      g_clear_object (&self->player);
    }
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
    case PROP_RATE:
      g_value_set_double (value, tl_player_get_rate (self->player));
      break;
    case PROP_VIRTUAL_VIEW:
      g_value_set_boolean (value, tl_viewer_get_mode (self->viewer) == TL_VIEWER_MODE_VIRTUAL);
      break;
    case PROP_LOOPING:
      g_value_set_boolean (value, tl_match_page_get_looping (self));
      break;
    case PROP_SELECTED_TRACK:
      g_value_set_int (value, tl_match_page_get_selected_track (self));
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
    case PROP_RATE:
      tl_player_set_rate (self->player, g_value_get_double (value));
      break;
    case PROP_VIRTUAL_VIEW:
      tl_viewer_set_mode (self->viewer, g_value_get_boolean (value) ? TL_VIEWER_MODE_VIRTUAL
                                                                    : TL_VIEWER_MODE_PANORAMA);
      break;
    case PROP_LOOPING:
      tl_match_page_set_looping (self, g_value_get_boolean (value));
      break;
    case PROP_SELECTED_TRACK:
      tl_match_page_set_selected_track (self, g_value_get_int (value));
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

  widget_class->map = tl_match_page_map;
  widget_class->unmap = tl_match_page_unmap;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, TL_TYPE_LIBRARY,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MATCH] =
    g_param_spec_object ("match", NULL, NULL, TL_TYPE_MATCH,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, TL_PLAYER_MIN_RATE, TL_PLAYER_MAX_RATE, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VIRTUAL_VIEW] =
    g_param_spec_boolean ("virtual-view", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOOPING] =
    g_param_spec_boolean ("looping", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The player picked on the video (engine track number), -1 for none: what tagging and
   * drawings attach to. */
  properties[PROP_SELECTED_TRACK] =
    g_param_spec_int ("selected-track", NULL, NULL, -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TL_TYPE_VIEWER);
  g_type_ensure (TL_TYPE_TIMELINE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/tl-match-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, video_stack);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, viewer_overlay);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, side_stack);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, viewer);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, play_button);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, position_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, time_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, frame_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, speed_button);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, missing_page);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, projection_row);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, hfov_spin);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, calibration_row);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, file_row);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, locate_button);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, duration_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, resolution_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, fps_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, size_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, container_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, video_codec_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, audio_codec_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchPage, timeline);
  gtk_widget_class_bind_template_callback (widget_class, on_projection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_hfov_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_scrubber_change_value);

  gtk_widget_class_install_action (widget_class, "match.locate", NULL, locate_action);
  gtk_widget_class_install_action (widget_class, "match.calibrate", NULL, calibrate_action);
  gtk_widget_class_install_action (widget_class, "match.play-pause", NULL, play_pause_action);
  gtk_widget_class_install_action (widget_class, "match.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "match.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "match.skip", "i", skip_action);
  gtk_widget_class_install_action (widget_class, "match.shuttle", "i", shuttle_action);
  gtk_widget_class_install_action (widget_class, "match.loop-start", NULL,
                                   set_loop_point_action);
  gtk_widget_class_install_action (widget_class, "match.loop-end", NULL, set_loop_point_action);
  gtk_widget_class_install_property_action (widget_class, "match.rate", "rate");
  gtk_widget_class_install_property_action (widget_class, "match.toggle-view", "virtual-view");
  gtk_widget_class_install_property_action (widget_class, "match.loop", "looping");
  gtk_widget_class_install_action (widget_class, "match.event", "i", event_action);

  /* The playback keys are bindings of the page, not accelerators in tl-application.c's table:
   * they act on this page's player and mean nothing elsewhere (Space and the arrows must stay
   * free for the library's grid). Bubbling up from the viewer, they work while it has focus;
   * the viewer keeps Ctrl+arrows and +/- for panning and zooming. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "match.play-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "match.pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "match.shuttle", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, 0, "match.shuttle", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "match.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "match.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, 0, "match.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "match.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_SHIFT_MASK,
                                       "match.skip", "i", -5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_SHIFT_MASK,
                                       "match.skip", "i", 5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "match.skip", "i", -30);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0,
                                       "match.skip", "i", 30);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, 0,
                                       "match.loop-start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, 0,
                                       "match.loop-end", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_backslash, 0, "match.loop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, 0, "match.toggle-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "match.event", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "match.event", "i", 1);
  /* The camera.* actions are a group of the page (set up in init), bound the same way. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "camera.follow", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK,
                                       "camera.set-keyframe", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_SHIFT_MASK,
                                       "overlay.minimap", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_SHIFT_MASK,
                                       "overlay.boxes", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_SHIFT_MASK,
                                       "overlay.names", NULL);

  /* Alt+Left is the application's accelerator for win.back; Escape is a binding here so that
   * popovers and entries on the page get it first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "win.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* "Add to Reel" from the Events page: the selected events, or every event the filters show. */
static void
add_events_to_reel (TlMatchPage *self,
                    gboolean     selected_only)
{
  TlEventList *list = tl_match_tagging_get_list (self->tagging);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (selected_only)
    {
      g_autoptr(GPtrArray) selected = tl_event_list_dup_selected (list);

      for (guint i = 0; i < selected->len; i++)
        {
          gint64 id = tl_event_get_id (g_ptr_array_index (selected, i));

          g_array_append_val (ids, id);
        }
    }
  else
    {
      GListModel *shown = tl_event_list_get_shown (list);

      for (guint i = 0; shown != NULL && i < g_list_model_get_n_items (shown); i++)
        {
          g_autoptr(TlEvent) event = g_list_model_get_item (shown, i);
          gint64 id = tl_event_get_id (event);

          g_array_append_val (ids, id);
        }
    }
  if (ids->len == 0)
    return;

  if (!tl_reel_panel_add_events (self->reel_panel, (const gint64 *) (gpointer) ids->data,
                                 ids->len, &error))
    {
      show_error (self, error);
      return;
    }
  if (TL_IS_WINDOW (root))
    {
      g_autofree char *title = g_strdup_printf (ngettext ("%u event added to the reel",
                                                          "%u events added to the reel",
                                                          ids->len),
                                                ids->len);

      tl_window_add_toast (TL_WINDOW (root), adw_toast_new (title));
    }
}

static void
add_selected_to_reel (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  add_events_to_reel (TL_MATCH_PAGE (user_data), TRUE);
}

static void
add_shown_to_reel (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  add_events_to_reel (TL_MATCH_PAGE (user_data), FALSE);
}

/* Plain letters tag events (as in Sportscode's code window), except while the Drawings page is
 * shown: then they pick drawing tools. */
static void
on_side_page_changed (TlMatchPage *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->side_stack);

  if (self->tagging != NULL)
    tl_match_tagging_set_keys_enabled (self->tagging, g_strcmp0 (page, "drawings") != 0);
}

/* The match's events (the tagging model, new for each match) as markers on the timeline. */
static void
update_timeline_events (TlMatchPage *self)
{
  TlMatchEvents *events = self->tagging != NULL ? tl_match_tagging_get_events (self->tagging)
                                                : NULL;

  tl_timeline_set_events (self->timeline, events != NULL ? G_LIST_MODEL (events) : NULL);
}

/* A player picked in the video is who the next tag is about, and the player a spotlight or a
 * link being drawn takes. */
static void
on_selected_track_changed (TlMatchPage *self)
{
  int track_no = tl_track_layer_get_selected_track (self->track_layer);
  const TlTrackIdentity *identity = NULL;

  tl_minimap_set_selected_track (self->minimap, track_no);
  if (self->player_list != NULL)
    tl_player_list_set_selected_track (self->player_list, track_no);
  if (track_no >= 0 && self->track_window != NULL)
    identity = tl_track_window_lookup (self->track_window, (guint32) track_no);
  if (self->tagging != NULL)
    {
      TlTagBoard *board = tl_match_tagging_get_board (self->tagging);

      tl_tag_board_set_selected_track (board, track_no);
      tl_tag_board_set_player_id (board, identity != NULL ? identity->player_id : 0);
    }
  if (track_no >= 0)
    tl_annotation_layer_use_track (self->annotation_layer, (guint32) track_no);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TRACK]);
}

/* A heatmap is drawn on the minimap: choosing one shows it. */
static void
on_heatmap_mode_changed (TlMatchPage *self)
{
  TlMinimapHeatmap mode;

  g_object_get (self->minimap, "heatmap-mode", &mode, NULL);
  if (mode != TL_MINIMAP_HEATMAP_NONE)
    gtk_widget_set_visible (GTK_WIDGET (self->minimap), TRUE);
}

/* The track layer and the minimap over the video, and the "overlay" actions that show them. */
static void
init_overlays (TlMatchPage *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  static const struct { const char *action; gboolean minimap; const char *property; } map[] = {
    { "boxes", FALSE, "show-boxes" },
    { "names", FALSE, "show-names" },
    { "minimap", TRUE, "visible" },
    { "trails", TRUE, "show-trails" },
    { "heatmap", TRUE, "heatmap-mode" },
    { "heatmap-period", TRUE, "heatmap-period" },
  };

  self->track_layer = TL_TRACK_LAYER (tl_track_layer_new ());
  tl_track_layer_set_viewer (self->track_layer, self->viewer);
  gtk_overlay_add_overlay (self->viewer_overlay, GTK_WIDGET (self->track_layer));
  g_signal_connect_object (self->track_layer, "notify::selected-track",
                           G_CALLBACK (on_selected_track_changed), self, G_CONNECT_SWAPPED);

  self->minimap = TL_MINIMAP (tl_minimap_new ());
  tl_minimap_set_viewer (self->minimap, self->viewer);
  gtk_widget_set_halign (GTK_WIDGET (self->minimap), GTK_ALIGN_END);
  gtk_widget_set_valign (GTK_WIDGET (self->minimap), GTK_ALIGN_END);
  gtk_widget_set_margin_end (GTK_WIDGET (self->minimap), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->minimap), 12);
  gtk_widget_set_visible (GTK_WIDGET (self->minimap), FALSE);
  gtk_overlay_add_overlay (self->viewer_overlay, GTK_WIDGET (self->minimap));

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      g_autoptr(GPropertyAction) action =
        g_property_action_new (map[i].action,
                               map[i].minimap ? (gpointer) self->minimap
                                              : (gpointer) self->track_layer,
                               map[i].property);

      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "overlay", G_ACTION_GROUP (group));

  g_signal_connect_object (self->player, "notify::frame", G_CALLBACK (on_frame_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->minimap, "notify::heatmap-mode",
                           G_CALLBACK (on_heatmap_mode_changed), self, G_CONNECT_SWAPPED);
}

static void
tl_match_page_init (TlMatchPage *self)
{
  GtkWidget *drawings;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->loop_start = GST_CLOCK_TIME_NONE;
  self->loop_end = GST_CLOCK_TIME_NONE;

  self->player = tl_player_new ();
  tl_viewer_set_player (self->viewer, self->player);
  self->tagging = tl_match_tagging_new (GTK_WIDGET (self), self->side_stack,
                                        GTK_WIDGET (self->viewer), self->player);
  g_signal_connect_object (self->player, "error", G_CALLBACK (on_player_error), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "eos", G_CALLBACK (on_player_eos), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::position", G_CALLBACK (update_position), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::duration", G_CALLBACK (update_position), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::frame", G_CALLBACK (update_position), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::playing", G_CALLBACK (update_playing), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::rate", G_CALLBACK (update_rate), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->viewer, "notify::mode", G_CALLBACK (on_viewer_mode_changed),
                           self, G_CONNECT_SWAPPED);
  setup_camera (self);
  init_overlays (self);

  /* Drawings: a layer over the video, their tools in the side panel, their keys on the page. */
  self->annotation_layer = TL_ANNOTATION_LAYER (tl_annotation_layer_new (self->viewer));
  gtk_overlay_add_overlay (self->viewer_overlay, GTK_WIDGET (self->annotation_layer));
  drawings = tl_annotation_panel_new (self->annotation_layer);
  adw_view_stack_page_set_icon_name (adw_view_stack_add_titled (self->side_stack, drawings,
                                                                "drawings", _("Drawings")),
                                     "document-edit-symbolic");
  gtk_widget_add_controller (GTK_WIDGET (self),
                             tl_annotation_layer_new_shortcuts (self->annotation_layer,
                                                                drawings));
  g_signal_connect_object (self->annotation_layer, "error", G_CALLBACK (show_error), self,
                           G_CONNECT_SWAPPED);

  /* Highlight reels (issue 9): build, edit and export them beside the video. */
  self->reel_panel = TL_REEL_PANEL (tl_reel_panel_new (self->viewer));
  adw_view_stack_page_set_icon_name (
    adw_view_stack_add_titled (self->side_stack, GTK_WIDGET (self->reel_panel), "reels",
                               _("Reels")),
    "media-playlist-consecutive-symbolic");

  /* Every player and his figures; activating one selects him (ring, heatmap, tagging). */
  self->player_list = TL_PLAYER_LIST (tl_player_list_new ());
  adw_view_stack_page_set_icon_name (
    adw_view_stack_add_titled (self->side_stack, GTK_WIDGET (self->player_list), "players",
                               _("Players")),
    "avatar-default-symbolic");
  g_signal_connect_object (self->player_list, "player-activated",
                           G_CALLBACK (on_player_activated), self, G_CONNECT_SWAPPED);
  {
    static const GActionEntry reel_actions[] = {
      { .name = "add-selected", .activate = add_selected_to_reel },
      { .name = "add-shown", .activate = add_shown_to_reel },
    };
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

    g_action_map_add_action_entries (G_ACTION_MAP (group), reel_actions,
                                     G_N_ELEMENTS (reel_actions), self);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "reel", G_ACTION_GROUP (group));
  }
  g_signal_connect_object (self->side_stack, "notify::visible-child-name",
                           G_CALLBACK (on_side_page_changed), self, G_CONNECT_SWAPPED);
  on_side_page_changed (self);

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
  g_signal_group_connect_object (self->signals, "notify::analysis-state",
                                 G_CALLBACK (on_analysis_state), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::analysis-state",
                                 G_CALLBACK (update_tracks), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::calibrated",
                                 G_CALLBACK (update_tracks), self, G_CONNECT_SWAPPED);

  update_video (self);

  /* The match's analysis (progress, pause, resume, retry, or an offer to analyse) over the
   * top of the video (issue #5). */
  {
    GtkWidget *status = tl_analysis_status_new ();

    gtk_widget_set_valign (status, GTK_ALIGN_START);
    gtk_widget_set_halign (status, GTK_ALIGN_CENTER);
    gtk_widget_set_size_request (status, 420, -1);
    gtk_widget_add_css_class (status, "analysis-bar");
    gtk_overlay_add_overlay (self->viewer_overlay, status);
    g_object_bind_property (self, "match", status, "match", G_BINDING_SYNC_CREATE);
  }
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

  if (!g_set_object (&self->library, library))
    return;
  load_match_extras (self);
  update_tracks (self);
  tl_annotation_layer_set_match (self->annotation_layer, self->library, self->match);
  tl_reel_panel_set_match (self->reel_panel, self->library, self->match);
  tl_reel_panel_set_drawings (self->reel_panel,
                              tl_annotation_layer_get_annotations (self->annotation_layer));
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

  /* A new match starts from the beginning, paused, with no loop. */
  tl_match_page_set_looping (self, FALSE);
  tl_player_close (self->player);
  self->loop_start = GST_CLOCK_TIME_NONE;
  self->loop_end = GST_CLOCK_TIME_NONE;
  update_video (self);
  update_facts (self);
  update_projection (self);
  load_match_extras (self);
  update_tracks (self);
  if (self->tagging != NULL)
    tl_match_tagging_set_match (self->tagging, self->library, match);
  update_timeline_events (self);
  tl_annotation_layer_set_match (self->annotation_layer, self->library, match);
  tl_reel_panel_set_match (self->reel_panel, self->library, match);
  tl_reel_panel_set_drawings (self->reel_panel,
                              tl_annotation_layer_get_annotations (self->annotation_layer));
  tl_timeline_zoom_fit (self->timeline);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MATCH]);
}

gboolean
tl_match_page_get_looping (TlMatchPage *self)
{
  g_return_val_if_fail (TL_IS_MATCH_PAGE (self), FALSE);

  return tl_player_get_loop (self->player, NULL, NULL);
}

/* Loops between the "[" and "]" points; an unset point is the start or end of the video. */
void
tl_match_page_set_looping (TlMatchPage *self,
                           gboolean     looping)
{
  GstClockTime start;
  GstClockTime end;

  g_return_if_fail (TL_IS_MATCH_PAGE (self));

  if (looping == tl_match_page_get_looping (self))
    return;

  if (looping && tl_player_get_path (self->player) != NULL)
    {
      gint64 duration = tl_player_get_duration (self->player);

      start = self->loop_start != GST_CLOCK_TIME_NONE ? self->loop_start : 0;
      end = self->loop_end != GST_CLOCK_TIME_NONE ? self->loop_end
            : duration > 0 ? (GstClockTime) duration : GST_CLOCK_TIME_NONE;
      if (end == GST_CLOCK_TIME_NONE || end <= start)
        return;
      tl_player_set_loop (self->player, start, end);
    }
  else
    tl_player_set_loop (self->player, GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOPING]);
}

int
tl_match_page_get_selected_track (TlMatchPage *self)
{
  g_return_val_if_fail (TL_IS_MATCH_PAGE (self), -1);

  return self->track_layer != NULL ? tl_track_layer_get_selected_track (self->track_layer) : -1;
}

void
tl_match_page_set_selected_track (TlMatchPage *self,
                                  int          track_no)
{
  g_return_if_fail (TL_IS_MATCH_PAGE (self));

  if (self->track_layer != NULL)
    tl_track_layer_set_selected_track (self->track_layer, track_no);
}

TlTimeline *
tl_match_page_get_timeline (TlMatchPage *self)
{
  g_return_val_if_fail (TL_IS_MATCH_PAGE (self), NULL);

  return self->timeline;
}

TlMatchTagging *
tl_match_page_get_tagging (TlMatchPage *self)
{
  g_return_val_if_fail (TL_IS_MATCH_PAGE (self), NULL);

  return self->tagging;
}
