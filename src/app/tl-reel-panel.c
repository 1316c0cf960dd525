/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-reel-panel.c: the Reels page: reels of the library, their clips, export with progress. */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "tl-event-drag.h"
#include "tl-reel-exporter.h"
#include "tl-reel-panel.h"
#include "tl-reels.h"
#include "tl-window.h"

/* "Add the moment at the playhead": this much before and after it. */
#define HERE_BEFORE_NS (6 * GST_SECOND)
#define HERE_AFTER_NS  (4 * GST_SECOND)

struct _TlReelPanel
{
  GtkWidget       parent_instance;

  TlViewer       *viewer;
  TlLibrary      *library;
  TlMatch        *match;
  TlMatchAnnotations *drawings;   /* their freezes lengthen an export */
  TlReels        *reels;
  TlReelExporter *exporter;
  TlReel         *reel;          /* the reel shown, or NULL */
  GCancellable   *export_cancellable;
  gboolean        updating;

  /* Template children */
  GtkDropDown    *reel_dropdown;
  GtkWidget      *delete_button;
  GtkWidget      *reel_rows;
  AdwEntryRow    *name_row;
  AdwEntryRow    *intro_row;
  GtkLabel       *summary_label;
  GtkWidget      *add_here_button;
  GtkWidget      *add_events_button;
  GtkListBox     *codes_list;
  GtkPopover     *add_events_popover;
  GtkStack       *items_stack;
  GtkListBox     *items_list;
  GtkWidget      *export_button;
  GtkWidget      *still_button;
  GtkWidget      *progress_box;
  GtkProgressBar *progress_bar;
  GtkLabel       *progress_label;
};

G_DEFINE_FINAL_TYPE (TlReelPanel, tl_reel_panel, GTK_TYPE_WIDGET)

static TlReels *
get_reels (TlLibrary *library)
{
  g_autoptr(GError) error = NULL;
  TlReels *reels = tl_library_get_reels (library, &error);

  if (reels == NULL)
    g_warning ("cannot read the reels: %s", error->message);
  return reels;
}

static void
toast (TlReelPanel *self,
       AdwToast    *toast_)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (TL_IS_WINDOW (root))
    tl_window_add_toast (TL_WINDOW (root), toast_);
  else
    g_object_unref (toast_);
}

static void
show_error (TlReelPanel  *self,
            const GError *error)
{
  AdwToast *t = adw_toast_new (error->message);

  adw_toast_set_timeout (t, 8);
  toast (self, t);
}

static gint64
playhead (TlReelPanel *self)
{
  TlPlayer *player = tl_viewer_get_player (self->viewer);

  return player != NULL ? MAX (tl_player_get_position (player), 0) : 0;
}

/* --- one clip's row -------------------------------------------------------------------------- */

static const char *
camera_label (TlReelCamera camera)
{
  switch (camera)
    {
    case TL_REEL_CAMERA_FOLLOW:
      return _("Follow Cam");
    case TL_REEL_CAMERA_PATH:
      return _("Edited Camera");
    case TL_REEL_CAMERA_FIXED:
      return _("Fixed View");
    case TL_REEL_CAMERA_FULL:
    default:
      return _("Full Panorama");
    }
}

static void
update_row (AdwExpanderRow *row,
            TlReelItem     *item)
{
  const TlReelItemInfo *info = tl_reel_item_get_info (item);
  g_autofree char *label = tl_reel_item_dup_label (item);
  g_autofree char *start = tl_format_duration (info->start_ns);
  g_autofree char *end = tl_format_duration (info->end_ns);
  g_autofree char *subtitle = NULL;

  subtitle = g_strdup_printf ("%s–%s · %s%s", start, end, camera_label (info->camera),
                              info->slowmo_rate < 1.0 && info->slowmo_start_ns >= 0
                              ? _(" · slow motion") : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_expander_row_set_subtitle (row, subtitle);
}

typedef struct
{
  TlReelPanel    *panel;
  TlReelItem     *item;
  GtkSpinButton  *start;
  GtkSpinButton  *end;
  AdwComboRow    *camera;
  AdwComboRow    *slowmo;
  GtkSpinButton  *slow_from;
  GtkSpinButton  *slow_to;
  AdwEntryRow    *title;
} RowEditors;

static void
row_editors_free (RowEditors *editors)
{
  g_object_unref (editors->item);
  g_free (editors);
}

static const double slowmo_rates[] = { 1.0, 0.5, 0.25 };

static void
sync_editors (RowEditors *e)
{
  const TlReelItemInfo *info = tl_reel_item_get_info (e->item);
  gboolean slow = info->slowmo_rate < 1.0 && info->slowmo_start_ns >= 0;
  guint rate = 0;

  e->panel->updating = TRUE;
  gtk_spin_button_set_value (e->start, info->start_ns / 1e9);
  gtk_spin_button_set_value (e->end, info->end_ns / 1e9);
  adw_combo_row_set_selected (e->camera, info->camera);
  for (guint i = 0; i < G_N_ELEMENTS (slowmo_rates); i++)
    if (slow && G_APPROX_VALUE (info->slowmo_rate, slowmo_rates[i], 1e-6))
      rate = i;
  adw_combo_row_set_selected (e->slowmo, rate);
  gtk_spin_button_set_value (e->slow_from, (slow ? info->slowmo_start_ns : info->start_ns) / 1e9);
  gtk_spin_button_set_value (e->slow_to, (slow ? info->slowmo_end_ns : info->end_ns) / 1e9);
  gtk_widget_set_sensitive (GTK_WIDGET (e->slow_from), rate != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (e->slow_to), rate != 0);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (e->title)),
                 info->title != NULL ? info->title : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (e->title), info->title != NULL ? info->title : "");
  e->panel->updating = FALSE;
}

static void
on_item_notify (TlReelItem *item,
                GParamSpec *pspec,
                GtkWidget  *row)
{
  RowEditors *e = g_object_get_data (G_OBJECT (row), "editors");

  update_row (ADW_EXPANDER_ROW (row), item);
  sync_editors (e);
}

static void
on_trim_changed (RowEditors *e)
{
  g_autoptr(GError) error = NULL;
  gint64 start = (gint64) (gtk_spin_button_get_value (e->start) * 1e9 + 0.5);
  gint64 end = (gint64) (gtk_spin_button_get_value (e->end) * 1e9 + 0.5);

  if (e->panel->updating)
    return;
  if (!tl_reels_set_item_trim (e->panel->reels, e->panel->reel, e->item, start, end, &error))
    {
      show_error (e->panel, error);
      sync_editors (e);
    }
}

static void
on_slowmo_changed (RowEditors *e)
{
  g_autoptr(GError) error = NULL;
  guint rate = adw_combo_row_get_selected (e->slowmo);
  gint64 from = (gint64) (gtk_spin_button_get_value (e->slow_from) * 1e9 + 0.5);
  gint64 to = (gint64) (gtk_spin_button_get_value (e->slow_to) * 1e9 + 0.5);

  if (e->panel->updating)
    return;
  if (!tl_reels_set_item_slowmo (e->panel->reels, e->panel->reel, e->item,
                                 rate == 0 ? TL_REEL_NO_SLOWMO : from, to,
                                 slowmo_rates[MIN (rate, G_N_ELEMENTS (slowmo_rates) - 1)],
                                 &error))
    {
      show_error (e->panel, error);
      sync_editors (e);
    }
}

static void
on_camera_changed (RowEditors *e)
{
  g_autoptr(GError) error = NULL;
  TlReelCamera camera = adw_combo_row_get_selected (e->camera);
  const TlReelItemInfo *info = tl_reel_item_get_info (e->item);
  double yaw = info->yaw_deg, pitch = info->pitch_deg, hfov = info->hfov_deg;

  if (e->panel->updating)
    return;
  /* "Fixed view" takes the view the coach is looking through now. */
  if (camera == TL_REEL_CAMERA_FIXED && tl_viewer_get_mode (e->panel->viewer)
      == TL_VIEWER_MODE_VIRTUAL)
    {
      yaw = tl_viewer_get_yaw (e->panel->viewer);
      pitch = tl_viewer_get_pitch (e->panel->viewer);
      hfov = tl_viewer_get_hfov (e->panel->viewer);
    }
  if (!tl_reels_set_item_camera (e->panel->reels, e->panel->reel, e->item, camera, yaw, pitch,
                                 hfov, &error))
    {
      show_error (e->panel, error);
      sync_editors (e);
    }
}

static void
on_title_apply (RowEditors *e)
{
  g_autoptr(GError) error = NULL;

  if (!tl_reels_set_item_title (e->panel->reels, e->panel->reel, e->item,
                                gtk_editable_get_text (GTK_EDITABLE (e->title)), &error))
    show_error (e->panel, error);
}

static void
on_use_playhead (GtkButton  *button,
                 RowEditors *e)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (button), "spin");

  gtk_spin_button_set_value (spin, playhead (e->panel) / 1e9);
}

static void
on_jump (RowEditors *e)
{
  TlPlayer *player = tl_viewer_get_player (e->panel->viewer);

  if (player != NULL && e->panel->match != NULL
      && tl_reel_item_get_match_id (e->item) == tl_match_get_id (e->panel->match))
    tl_player_seek (player, tl_reel_item_get_start (e->item), TRUE);
}

static void
move_item (RowEditors *e,
           int         delta)
{
  g_autoptr(GError) error = NULL;
  guint position = 0;

  tl_reel_lookup_item (e->panel->reel, tl_reel_item_get_id (e->item), &position);
  if ((int) position + delta < 0)
    return;
  if (!tl_reels_move_item (e->panel->reels, e->panel->reel, e->item,
                           (guint) ((int) position + delta), &error))
    show_error (e->panel, error);
}

static void
on_up (RowEditors *e)
{
  move_item (e, -1);
}

static void
on_down (RowEditors *e)
{
  move_item (e, 1);
}

static void
on_remove (RowEditors *e)
{
  g_autoptr(GError) error = NULL;

  if (!tl_reels_remove_item (e->panel->reels, e->panel->reel, e->item, &error))
    show_error (e->panel, error);
}

static GtkSpinButton *
time_row (AdwExpanderRow *row,
          const char     *title,
          RowEditors     *e,
          gboolean        playhead_button)
{
  GtkWidget *action = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 24 * 3600, 0.04);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action), title);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 2);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (spin, _("Seconds into the video"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (action), spin);
  if (playhead_button)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("find-location-symbolic");

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Use the Playhead"));
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data (G_OBJECT (button), "spin", spin);
      g_signal_connect (button, "clicked", G_CALLBACK (on_use_playhead), e);
      adw_action_row_add_suffix (ADW_ACTION_ROW (action), button);
    }
  adw_expander_row_add_row (row, action);

  return GTK_SPIN_BUTTON (spin);
}

static GtkWidget *
suffix_button (const char *icon,
               const char *tooltip,
               GCallback   callback,
               RowEditors *e)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_swapped (button, "clicked", callback, e);

  return button;
}

static GtkWidget *
create_item_row (gpointer item_,
                 gpointer user_data)
{
  TlReelPanel *self = user_data;
  TlReelItem *item = item_;
  GtkWidget *row = adw_expander_row_new ();
  RowEditors *e = g_new0 (RowEditors, 1);
  const char * const cameras[] = { camera_label (TL_REEL_CAMERA_FOLLOW),
                                   camera_label (TL_REEL_CAMERA_PATH),
                                   camera_label (TL_REEL_CAMERA_FIXED),
                                   camera_label (TL_REEL_CAMERA_FULL), NULL };
  const char * const speeds[] = { _("Off"), _("Half Speed"), _("Quarter Speed"), NULL };
  gboolean here = self->match != NULL
                  && tl_reel_item_get_match_id (item) == tl_match_get_id (self->match);
  g_autoptr(GtkStringList) camera_model = gtk_string_list_new (cameras);
  g_autoptr(GtkStringList) speed_model = gtk_string_list_new (speeds);

  e->panel = self;
  e->item = g_object_ref (item);
  g_object_set_data_full (G_OBJECT (row), "editors", e, (GDestroyNotify) row_editors_free);

  adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                               suffix_button ("media-playback-start-symbolic", _("Go to Clip"),
                                              G_CALLBACK (on_jump), e));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                               suffix_button ("go-up-symbolic", _("Move Up"),
                                              G_CALLBACK (on_up), e));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                               suffix_button ("go-down-symbolic", _("Move Down"),
                                              G_CALLBACK (on_down), e));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                               suffix_button ("list-remove-symbolic", _("Remove from Reel"),
                                              G_CALLBACK (on_remove), e));

  e->start = time_row (ADW_EXPANDER_ROW (row), _("Start"), e, here);
  e->end = time_row (ADW_EXPANDER_ROW (row), _("End"), e, here);
  e->camera = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (e->camera), _("Camera"));
  adw_combo_row_set_model (e->camera, G_LIST_MODEL (camera_model));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), GTK_WIDGET (e->camera));
  e->slowmo = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (e->slowmo), _("Slow Motion"));
  adw_combo_row_set_model (e->slowmo, G_LIST_MODEL (speed_model));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), GTK_WIDGET (e->slowmo));
  e->slow_from = time_row (ADW_EXPANDER_ROW (row), _("Slow From"), e, here);
  e->slow_to = time_row (ADW_EXPANDER_ROW (row), _("Slow To"), e, here);
  e->title = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (e->title), _("Title Card"));
  adw_entry_row_set_show_apply_button (e->title, TRUE);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), GTK_WIDGET (e->title));

  update_row (ADW_EXPANDER_ROW (row), item);
  sync_editors (e);
  g_signal_connect_swapped (e->start, "value-changed", G_CALLBACK (on_trim_changed), e);
  g_signal_connect_swapped (e->end, "value-changed", G_CALLBACK (on_trim_changed), e);
  g_signal_connect_swapped (e->camera, "notify::selected", G_CALLBACK (on_camera_changed), e);
  g_signal_connect_swapped (e->slowmo, "notify::selected", G_CALLBACK (on_slowmo_changed), e);
  g_signal_connect_swapped (e->slow_from, "value-changed", G_CALLBACK (on_slowmo_changed), e);
  g_signal_connect_swapped (e->slow_to, "value-changed", G_CALLBACK (on_slowmo_changed), e);
  g_signal_connect_swapped (e->title, "apply", G_CALLBACK (on_title_apply), e);
  /* Tied to the row: the item outlives it (a reorder rebuilds rows). */
  g_signal_connect_object (item, "notify", G_CALLBACK (on_item_notify), row, 0);

  return row;
}

/* --- the reel -------------------------------------------------------------------------------- */

static void
update_summary (TlReelPanel *self)
{
  guint n = self->reel != NULL ? tl_reel_get_n_items (self->reel) : 0;
  g_autofree char *length = NULL;
  g_autofree char *text = NULL;
  gboolean busy = self->exporter != NULL && tl_reel_exporter_get_busy (self->exporter);

  if (self->reel != NULL)
    {
      /* The file's length: the drawings' freezes count too. */
      length = tl_format_duration (tl_reels_get_exported_duration (self->reels, self->reel));
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u clip · %s", "%u clips · %s", n),
                              n, length);
    }
  gtk_label_set_text (self->summary_label, text != NULL ? text : _("No reel yet"));
  gtk_stack_set_visible_child_name (self->items_stack, n > 0 ? "items" : "empty");
  gtk_widget_set_sensitive (self->export_button, n > 0 && !busy);
  gtk_widget_set_sensitive (self->delete_button, self->reel != NULL);
  gtk_widget_set_sensitive (self->reel_rows, self->reel != NULL);
  gtk_widget_set_sensitive (self->add_here_button, self->match != NULL);
  gtk_widget_set_sensitive (self->add_events_button, self->match != NULL);
  gtk_widget_set_sensitive (self->still_button, self->match != NULL);
}

static void
show_reel (TlReelPanel *self,
           TlReel      *reel)
{
  if (self->reel != NULL)
    g_signal_handlers_disconnect_by_data (self->reel, self);
  g_set_object (&self->reel, reel);

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), reel ? tl_reel_get_name (reel) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->intro_row),
                         reel && tl_reel_get_intro_title (reel) ? tl_reel_get_intro_title (reel)
                                                                : "");
  self->updating = FALSE;
  gtk_list_box_bind_model (self->items_list, reel ? tl_reel_get_items (reel) : NULL,
                           create_item_row, self, NULL);
  if (reel != NULL)
    g_signal_connect_object (reel, "notify", G_CALLBACK (update_summary), self,
                             G_CONNECT_SWAPPED);
  update_summary (self);
}

static void
on_reel_selected (TlReelPanel *self)
{
  g_autoptr(TlReel) reel = NULL;

  if (self->reels == NULL)
    return;
  reel = gtk_drop_down_get_selected_item (self->reel_dropdown)
         ? g_object_ref (gtk_drop_down_get_selected_item (self->reel_dropdown)) : NULL;
  if (reel != self->reel)
    show_reel (self, reel);
}

static void
select_reel (TlReelPanel *self,
             TlReel      *reel)
{
  GListModel *model = tl_reels_get_model (self->reels);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TlReel) r = g_list_model_get_item (model, i);

      if (r == reel)
        gtk_drop_down_set_selected (self->reel_dropdown, i);
    }
  show_reel (self, reel);
}

static TlReel *
ensure_reel (TlReelPanel  *self,
             GError      **error)
{
  TlReel *reel;
  g_autofree char *name = NULL;

  if (self->reel != NULL)
    return self->reel;
  name = self->match != NULL ? g_strdup (tl_match_get_title (self->match))
                             : g_strdup (_("Highlights"));
  reel = tl_reels_create (self->reels, name, NULL, 0, error);
  if (reel != NULL)
    select_reel (self, reel);
  return reel;
}

static void
on_new_clicked (TlReelPanel *self)
{
  g_autoptr(GError) error = NULL;
  TlReel *reel;

  if (self->reels == NULL)
    return;
  reel = tl_reels_create (self->reels, _("New Reel"), NULL, 0, &error);
  if (reel == NULL)
    show_error (self, error);
  else
    select_reel (self, reel);
}

static void
on_delete_clicked (TlReelPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlReel) reel = self->reel ? g_object_ref (self->reel) : NULL;
  g_autofree char *message = NULL;

  if (reel == NULL)
    return;
  message = g_strdup_printf (_("Reel “%s” deleted"), tl_reel_get_name (reel));
  if (!tl_reels_delete (self->reels, reel, &error))
    {
      show_error (self, error);
      return;
    }
  on_reel_selected (self);
  toast (self, adw_toast_new (message));
}

static void
on_name_apply (TlReelPanel *self)
{
  g_autoptr(GError) error = NULL;

  if (self->reel != NULL
      && !tl_reels_rename (self->reels, self->reel,
                           gtk_editable_get_text (GTK_EDITABLE (self->name_row)), &error))
    show_error (self, error);
}

static void
on_intro_apply (TlReelPanel *self)
{
  g_autoptr(GError) error = NULL;

  if (self->reel != NULL
      && !tl_reels_set_intro_title (self->reels, self->reel,
                                    gtk_editable_get_text (GTK_EDITABLE (self->intro_row)),
                                    &error))
    show_error (self, error);
}

static void
on_add_here_clicked (TlReelPanel *self)
{
  g_autoptr(GError) error = NULL;
  gint64 at = playhead (self), duration;
  TlReel *reel;

  if (self->match == NULL || !(reel = ensure_reel (self, &error)))
    {
      if (error != NULL)
        show_error (self, error);
      return;
    }
  duration = tl_match_get_duration (self->match);
  if (!tl_reels_add_range (self->reels, reel, tl_match_get_id (self->match),
                           MAX (at - HERE_BEFORE_NS, 0),
                           duration > 0 ? MIN (at + HERE_AFTER_NS, duration)
                                        : at + HERE_AFTER_NS, -1, &error))
    show_error (self, error);
}

static GtkWidget *
code_row (const char *label,
          const char *code,
          guint       n)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *count = g_strdup_printf ("%u", n);
  GtkWidget *badge = gtk_label_new (count);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_widget_add_css_class (badge, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "code", g_strdup (code), g_free);
  g_object_set_data (G_OBJECT (row), "all", GINT_TO_POINTER (code == NULL));

  return row;
}

static void
on_add_events_shown (TlReelPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  GtkWidget *child;
  guint total = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->codes_list))) != NULL)
    gtk_list_box_remove (self->codes_list, child);
  if (self->match == NULL)
    return;
  counts = tl_reels_count_codes (tl_library_get_store (self->library),
                                 tl_match_get_id (self->match), &error);
  if (counts == NULL)
    {
      show_error (self, error);
      return;
    }
  for (guint i = 0; i < counts->len; i++)
    total += ((TlReelCodeCount *) g_ptr_array_index (counts, i))->n_events;
  if (total == 0)
    {
      GtkWidget *none = gtk_label_new (_("No tagged events in this match"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_set_margin_top (none, 12);
      gtk_widget_set_margin_bottom (none, 12);
      gtk_list_box_append (self->codes_list, none);
      return;
    }
  gtk_list_box_append (self->codes_list, code_row (_("All Events"), NULL, total));
  for (guint i = 0; i < counts->len; i++)
    {
      TlReelCodeCount *c = g_ptr_array_index (counts, i);

      gtk_list_box_append (self->codes_list, code_row (c->code, c->code, c->n_events));
    }
}

static void
on_code_activated (TlReelPanel   *self,
                   GtkListBoxRow *row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  const char *code = g_object_get_data (G_OBJECT (row), "code");
  gboolean all = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "all"));

  gtk_popover_popdown (self->add_events_popover);
  if (self->match == NULL || (code == NULL && !all))
    return;
  ids = tl_reels_find_events (tl_library_get_store (self->library),
                              tl_match_get_id (self->match), code, &error);
  if (ids == NULL
      || !tl_reel_panel_add_events (self, (const gint64 *) (gpointer) ids->data, ids->len,
                                    &error))
    show_error (self, error);
}

/* --- export ---------------------------------------------------------------------------------- */

typedef struct
{
  TlReelPanel *panel;
  TlReel      *reel;
  TlReelSize   size;
  gboolean     per_event;
} ExportRequest;

static void
export_request_free (ExportRequest *request)
{
  g_clear_object (&request->panel);
  g_clear_object (&request->reel);
  g_free (request);
}

static void
on_progress (TlReelPanel *self,
             double       fraction,
             gint64       left_ns,
             double       speed)
{
  g_autofree char *left = left_ns >= 0 ? tl_format_duration (left_ns) : NULL;
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  /* TRANSLATORS: time left of an export, e.g. "1:20 left" */
  text = left != NULL ? g_strdup_printf (_("%s left"), left) : g_strdup (_("Starting…"));
  gtk_label_set_text (self->progress_label, text);
}

static void
on_show_in_files (AdwToast *t,
                  gpointer  user_data)
{
  const char *path = g_object_get_data (G_OBJECT (t), "path");
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  const char *uris[] = { uri, NULL };

  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (t), "open")))
    {
      g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
      return;
    }
  /* The file manager's standard interface selects the file in its folder. */
  if (bus != NULL && uri != NULL)
    g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                            "org.freedesktop.FileManager1", "ShowItems",
                            g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE,
                            -1, NULL, NULL, NULL);
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  TlReelPanel *self = user_data;
  g_autoptr(GError) error = NULL;
  const char * const *outputs;
  g_autofree char *title = NULL;
  AdwToast *t;

  gtk_widget_set_visible (self->progress_box, FALSE);
  g_clear_object (&self->export_cancellable);
  if (!tl_reel_exporter_export_finish (TL_REEL_EXPORTER (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      update_summary (self);
      g_object_unref (self);
      return;
    }
  outputs = tl_reel_exporter_get_outputs (TL_REEL_EXPORTER (source));
  if (outputs != NULL && outputs[0] != NULL)
    {
      g_autofree char *name = g_path_get_basename (outputs[0]);
      g_autofree char *folder = g_path_get_dirname (outputs[0]);
      guint n = g_strv_length ((GStrv) outputs);

      title = n == 1 ? g_strdup_printf (_("Exported “%s”"), name)
                     : g_strdup_printf (_("Exported %u clips"), n);
      t = adw_toast_new (title);
      /* One file opens in the video player; a folder of clips opens in the file manager. */
      adw_toast_set_button_label (t, n == 1 ? _("Open") : _("Show in Files"));
      g_object_set_data_full (G_OBJECT (t), "path", g_strdup (outputs[0]), g_free);
      g_object_set_data (G_OBJECT (t), "open", GINT_TO_POINTER (n == 1));
      g_signal_connect (t, "button-clicked", G_CALLBACK (on_show_in_files), NULL);
      adw_toast_set_timeout (t, 10);
      toast (self, t);
    }
  update_summary (self);
  g_object_unref (self);
}

static void
start_export (TlReelPanel   *self,
              ExportRequest *request,
              const char    *output)
{
  TlReelExportOptions options = { .size = request->size, .per_event = request->per_event,
                                  .output = output };

  g_clear_object (&self->export_cancellable);
  self->export_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, _("Starting…"));
  gtk_widget_set_visible (self->progress_box, TRUE);
  tl_reel_exporter_export_async (self->exporter, request->reel, &options,
                                 self->export_cancellable, on_export_done, g_object_ref (self));
  update_summary (self);
}

static void
on_file_chosen (GtkNativeDialog *native,
                int              response,
                ExportRequest   *request)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL && !request->per_event && !g_str_has_suffix (path, ".mp4"))
        {
          char *with = g_strconcat (path, ".mp4", NULL);

          g_free (path);
          path = with;
        }
      if (path != NULL)
        start_export (request->panel, request, path);
    }
  export_request_free (request);
  g_object_unref (native);
}

static void
on_export_response (AdwMessageDialog *dialog,
                    const char       *response,
                    TlReelPanel      *self)
{
  AdwComboRow *size_row = g_object_get_data (G_OBJECT (dialog), "size");
  GtkSwitch *per_event = g_object_get_data (G_OBJECT (dialog), "per-event");
  ExportRequest *request;
  GtkFileChooserNative *native;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = NULL;

  if (g_strcmp0 (response, "export") != 0 || self->reel == NULL)
    return;
  request = g_new0 (ExportRequest, 1);
  request->panel = g_object_ref (self);
  request->reel = g_object_ref (self->reel);
  request->size = (TlReelSize) adw_combo_row_get_selected (size_row);
  request->per_event = gtk_switch_get_active (per_event);

  native = gtk_file_chooser_native_new (request->per_event ? _("Export Clips to Folder")
                                                           : _("Export Reel"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        request->per_event ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                           : GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (!request->per_event)
    {
      name = g_strdup_printf ("%s.mp4", tl_reel_get_name (self->reel));
      g_strdelimit (name, "/\\:", '-');
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
    }
  g_signal_connect (native, "response", G_CALLBACK (on_file_chosen), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_export_clicked (TlReelPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char * const sizes[] = { _("720p (1280×720)"), _("1080p (1920×1080)"),
                                 _("Source Panorama"), NULL };
  g_autoptr(GtkStringList) size_model = gtk_string_list_new (sizes);
  GtkWidget *dialog, *list, *size_row, *per_row, *per_switch;
  g_autofree char *length = NULL;
  g_autofree char *body = NULL;

  if (self->reel == NULL || tl_reel_get_n_items (self->reel) == 0)
    return;
  length = tl_format_duration (tl_reels_get_exported_duration (self->reels, self->reel));
  body = g_strdup_printf (_("An H.264 MP4 of %s that plays in browsers and on phones. You can "
                            "keep working while it is made."), length);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Export Reel"), body);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  size_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (size_row), _("Size"));
  adw_combo_row_set_model (ADW_COMBO_ROW (size_row), G_LIST_MODEL (size_model));
  gtk_list_box_append (GTK_LIST_BOX (list), size_row);
  per_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (per_row), _("One File per Clip"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (per_row),
                               _("A folder of MP4 files named after the events"));
  per_switch = gtk_switch_new ();
  gtk_widget_set_valign (per_switch, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (per_row), per_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (per_row), per_switch);
  gtk_list_box_append (GTK_LIST_BOX (list), per_row);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  g_object_set_data (G_OBJECT (dialog), "size", size_row);
  g_object_set_data (G_OBJECT (dialog), "per-event", per_switch);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "export", _("_Choose File…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "export");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_cancel_clicked (TlReelPanel *self)
{
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}

typedef struct
{
  TlReelPanel  *panel;
  TlMatch      *match;
  gint64        position;
  TlReelCamera  camera;
  double        yaw, pitch, hfov;
} StillRequest;

static void
still_request_free (StillRequest *request)
{
  g_clear_object (&request->panel);
  g_clear_object (&request->match);
  g_free (request);
}

static void
still_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StillRequest *request = task_data;
  const char *path = g_object_get_data (G_OBJECT (task), "path");
  GError *error = NULL;

  if (tl_reel_exporter_export_still (request->panel->exporter, request->match,
                                     request->position, request->camera, request->yaw,
                                     request->pitch, request->hfov,
                                     request->camera == TL_REEL_CAMERA_FULL ? 0 : 1920,
                                     request->camera == TL_REEL_CAMERA_FULL ? 0 : 1080, path,
                                     cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_still_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  TlReelPanel *self = TL_REEL_PANEL (source);
  g_autoptr(GError) error = NULL;
  const char *path = g_object_get_data (G_OBJECT (result), "path");

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    show_error (self, error);
  else
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *title = g_strdup_printf (_("Saved “%s”"), name);
      AdwToast *t = adw_toast_new (title);

      adw_toast_set_button_label (t, _("Show in Files"));
      g_object_set_data_full (G_OBJECT (t), "path", g_strdup (path), g_free);
      g_signal_connect (t, "button-clicked", G_CALLBACK (on_show_in_files), NULL);
      toast (self, t);
    }
}

static void
on_still_file_chosen (GtkNativeDialog *native,
                      int              response,
                      StillRequest    *request)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autoptr(GTask) task = g_task_new (request->panel, NULL, on_still_done, NULL);

      g_object_set_data_full (G_OBJECT (task), "path", g_file_get_path (file), g_free);
      g_task_set_task_data (task, request, (GDestroyNotify) still_request_free);
      g_task_run_in_thread (task, still_thread);
    }
  else
    {
      still_request_free (request);
    }
  g_object_unref (native);
}

static void
on_still_clicked (TlReelPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  StillRequest *request;
  GtkFileChooserNative *native;
  g_autofree char *at = NULL;
  g_autofree char *name = NULL;

  if (self->match == NULL)
    return;
  request = g_new0 (StillRequest, 1);
  request->panel = g_object_ref (self);
  request->match = g_object_ref (self->match);
  request->position = playhead (self);
  /* The view on screen: the virtual camera's, or the whole frame. */
  request->camera = tl_viewer_get_mode (self->viewer) == TL_VIEWER_MODE_VIRTUAL
                    ? TL_REEL_CAMERA_FIXED : TL_REEL_CAMERA_FULL;
  request->yaw = tl_viewer_get_yaw (self->viewer);
  request->pitch = tl_viewer_get_pitch (self->viewer);
  request->hfov = tl_viewer_get_hfov (self->viewer);

  native = gtk_file_chooser_native_new (_("Save Still"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  at = tl_format_duration (request->position);
  name = g_strdup_printf ("%s %s.png", tl_match_get_title (self->match), at);
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_still_file_chosen), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* --- the widget ------------------------------------------------------------------------------ */

static void
tl_reel_panel_dispose (GObject *object)
{
  TlReelPanel *self = (TlReelPanel *) object;
  GtkWidget *child;

  if (self->exporter != NULL)
    g_signal_handlers_disconnect_by_data (self->exporter, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_REEL_PANEL);
  /* The template's root (the scrolled window) is no bound child: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->reel);
  g_clear_object (&self->reels);
  g_clear_object (&self->exporter);
  g_clear_object (&self->match);
  g_clear_object (&self->drawings);
  g_clear_object (&self->library);
  g_clear_object (&self->viewer);
  g_clear_object (&self->export_cancellable);

  G_OBJECT_CLASS (tl_reel_panel_parent_class)->dispose (object);
}

static void
tl_reel_panel_class_init (TlReelPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_reel_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/touchline/Touchline/tl-reel-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, reel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, delete_button);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, reel_rows);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, name_row);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, intro_row);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, add_here_button);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, add_events_button);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, add_events_popover);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, codes_list);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, items_stack);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, items_list);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, export_button);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, still_button);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, progress_box);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TlReelPanel, progress_label);
  gtk_widget_class_bind_template_callback (widget_class, on_new_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_name_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_intro_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_add_here_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_add_events_shown);
  gtk_widget_class_bind_template_callback (widget_class, on_code_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_still_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* Events dragged from the Events page: appended to the reel shown (one is made if none). */
static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         TlReelPanel   *self)
{
  g_autoptr(GArray) ids = tl_event_drag_parse (g_value_get_string (value));
  g_autoptr(GError) error = NULL;

  if (ids == NULL)
    return FALSE;
  if (!tl_reel_panel_add_events (self, (const gint64 *) (gpointer) ids->data, ids->len, &error))
    {
      show_error (self, error);
      return FALSE;
    }
  return TRUE;
}

static void
tl_reel_panel_init (TlReelPanel *self)
{
  g_autoptr(GtkExpression) name = NULL;
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);

  gtk_widget_init_template (GTK_WIDGET (self));
  name = gtk_property_expression_new (TL_TYPE_REEL, NULL, "name");
  gtk_drop_down_set_expression (self->reel_dropdown, name);
  g_signal_connect_swapped (self->reel_dropdown, "notify::selected-item",
                            G_CALLBACK (on_reel_selected), self);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  update_summary (self);
}

GtkWidget *
tl_reel_panel_new (TlViewer *viewer)
{
  TlReelPanel *self;

  g_return_val_if_fail (TL_IS_VIEWER (viewer), NULL);

  self = g_object_new (TL_TYPE_REEL_PANEL, NULL);
  self->viewer = g_object_ref (viewer);

  return GTK_WIDGET (self);
}

void
tl_reel_panel_set_match (TlReelPanel *self,
                         TlLibrary   *library,
                         TlMatch     *match)
{
  g_return_if_fail (TL_IS_REEL_PANEL (self));

  g_set_object (&self->match, match);
  if (g_set_object (&self->library, library))
    {
      if (self->exporter != NULL)
        g_signal_handlers_disconnect_by_data (self->exporter, self);
      g_clear_object (&self->reels);
      g_clear_object (&self->exporter);
      /* Reels and their exporter belong to the library, not to a page: every match page
       * shows the same reels, and an export goes on when its page is closed. */
      if (library != NULL && (self->reels = get_reels (library)) != NULL)
        {
          g_object_ref (self->reels);
          self->exporter = g_object_ref (tl_library_get_reel_exporter (library));
          g_signal_connect_object (self->exporter, "progress", G_CALLBACK (on_progress), self,
                                   G_CONNECT_SWAPPED);
          g_signal_connect_object (self->exporter, "notify::busy", G_CALLBACK (update_summary),
                                   self, G_CONNECT_SWAPPED);
        }
      gtk_drop_down_set_model (self->reel_dropdown,
                               self->reels ? tl_reels_get_model (self->reels) : NULL);
      on_reel_selected (self);
    }
  update_summary (self);
}

static void
on_drawings_changed (TlReelPanel *self)
{
  update_summary (self);
}

void
tl_reel_panel_set_drawings (TlReelPanel        *self,
                            TlMatchAnnotations *drawings)
{
  g_return_if_fail (TL_IS_REEL_PANEL (self));
  g_return_if_fail (drawings == NULL || TL_IS_MATCH_ANNOTATIONS (drawings));

  if (self->drawings == drawings)
    return;
  if (self->drawings != NULL)
    g_signal_handlers_disconnect_by_data (self->drawings, self);
  g_set_object (&self->drawings, drawings);
  /* Any drawing added, edited or deleted: cheaper to re-read the freezes than to tell which
   * edits touched one. */
  if (drawings != NULL)
    g_signal_connect_object (drawings, "items-changed", G_CALLBACK (on_drawings_changed), self,
                             G_CONNECT_SWAPPED);
  update_summary (self);
}

gboolean
tl_reel_panel_add_events (TlReelPanel   *self,
                          const gint64  *event_ids,
                          guint          n_events,
                          GError       **error)
{
  TlReel *reel;

  g_return_val_if_fail (TL_IS_REEL_PANEL (self), FALSE);

  if (self->reels == NULL || n_events == 0)
    return TRUE;
  if (!(reel = ensure_reel (self, error)))
    return FALSE;

  return tl_reels_add_events (self->reels, reel, event_ids, n_events, -1, error);
}
