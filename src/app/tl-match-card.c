/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-match-card.c: one match in the library grid: poster, title, date, duration and state. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tl-analysis-status.h"
#include "tl-match-card.h"

struct _TlMatchCard
{
  GtkWidget      parent_instance;

  TlMatch       *match;
  /* Follow the shown match, so a rename or a finished analysis shows at once. */
  GBindingGroup *bindings;
  GSignalGroup  *signals;
  GtkPopover    *context_menu;

  /* Template children */
  GtkOverlay    *poster_frame;
  GtkImage      *placeholder;
  GtkPicture    *poster;
  GtkLabel      *state_badge;
  GtkWidget     *missing_badge;
  GtkLabel      *title_label;
  GtkLabel      *subtitle_label;
  GtkMenuButton *menu_button;
  GMenuModel    *card_menu;
  TlAnalysisStatus *analysis_status;
};

G_DEFINE_FINAL_TYPE (TlMatchCard, tl_match_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MATCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_subtitle (TlMatchCard *self)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GDateTime *recorded_at;
  g_autofree char *duration = NULL;

  if (self->match == NULL)
    {
      gtk_label_set_label (self->subtitle_label, NULL);
      return;
    }

  recorded_at = tl_match_get_recorded_at (self->match);
  if (recorded_at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (recorded_at);
      /* Translators: date a match was recorded, see g_date_time_format(); e.g. "3 Mar 2024" */
      g_autofree char *date = g_date_time_format (local, _("%-d %b %Y"));

      g_string_append (subtitle, date);
      g_string_append (subtitle, " · ");
    }

  duration = tl_format_duration (tl_match_get_duration (self->match));
  g_string_append (subtitle, duration);

  gtk_label_set_label (self->subtitle_label, subtitle->str);
}

static void
update_poster (TlMatchCard *self)
{
  const char *path = self->match ? tl_match_get_poster_path (self->match) : NULL;
  gboolean have_poster = path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR);

  gtk_picture_set_filename (self->poster, have_poster ? path : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->poster), have_poster);
  gtk_widget_set_opacity (GTK_WIDGET (self->placeholder), have_poster ? 0.0 : 1.0);
}

static void
update_state (TlMatchCard *self)
{
  static const char * const state_classes[] = { "accent", "success", "error" };
  TlAnalysisState state = self->match ? tl_match_get_analysis_state (self->match)
                                      : TL_ANALYSIS_STATE_NONE;
  const char *label = NULL;
  const char *css_class = NULL;

  switch (state)
    {
    case TL_ANALYSIS_STATE_NONE:
      label = _("Not analysed");
      break;
    case TL_ANALYSIS_STATE_QUEUED:
      label = _("Queued");
      break;
    case TL_ANALYSIS_STATE_RUNNING:
      label = _("Analysing…");
      css_class = "accent";
      break;
    case TL_ANALYSIS_STATE_PAUSED:
      label = _("Paused");
      break;
    case TL_ANALYSIS_STATE_DONE:
      label = _("Analysed");
      css_class = "success";
      break;
    case TL_ANALYSIS_STATE_FAILED:
      label = _("Analysis failed");
      css_class = "error";
      break;
    default:
      g_assert_not_reached ();
    }

  /* The menu offers what fits the state: analyse, pause, resume, retry, cancel. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.analyse",
                                 self->match != NULL && state == TL_ANALYSIS_STATE_NONE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.reanalyse",
                                 state == TL_ANALYSIS_STATE_DONE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.pause-analysis",
                                 state == TL_ANALYSIS_STATE_QUEUED
                                 || state == TL_ANALYSIS_STATE_RUNNING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.resume-analysis",
                                 state == TL_ANALYSIS_STATE_PAUSED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.retry-analysis",
                                 state == TL_ANALYSIS_STATE_FAILED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.cancel-analysis",
                                 state != TL_ANALYSIS_STATE_NONE
                                 && state != TL_ANALYSIS_STATE_DONE);

  gtk_label_set_label (self->state_badge, label);
  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_badge), state_classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_badge), css_class);
}

static void
update_file_missing (TlMatchCard *self)
{
  gboolean missing = self->match != NULL && tl_match_get_file_missing (self->match);

  gtk_widget_set_visible (self->missing_badge, missing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.locate", missing);
  if (missing)
    gtk_widget_add_css_class (GTK_WIDGET (self), "missing");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "missing");
}

/* The card's menu acts through the library page, which knows the library and the window. */
static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TlMatchCard *self = TL_MATCH_CARD (widget);
  g_autofree char *page_action = NULL;

  if (self->match == NULL)
    return;

  page_action = g_strconcat ("library.", action_name + strlen ("card."), NULL);
  gtk_widget_activate_action (widget, page_action, "x", tl_match_get_id (self->match));
}

/* Analysis actions go to the application, which owns the analysis queue. */
static void
analysis_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  TlMatchCard *self = TL_MATCH_CARD (widget);
  const char *app_action = "app.analyse-match";

  if (self->match == NULL)
    return;
  if (g_str_equal (action_name, "card.pause-analysis"))
    app_action = "app.pause-analysis";
  else if (g_str_equal (action_name, "card.cancel-analysis"))
    app_action = "app.cancel-analysis";
  gtk_widget_activate_action (widget, app_action, "x", tl_match_get_id (self->match));
}

static void
popup_context_menu (TlMatchCard *self,
                    double       x,
                    double       y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  if (self->match == NULL)
    return;

  if (self->context_menu == NULL)
    {
      self->context_menu = GTK_POPOVER (gtk_popover_menu_new_from_model (self->card_menu));
      gtk_popover_set_has_arrow (self->context_menu, FALSE);
      gtk_widget_set_halign (GTK_WIDGET (self->context_menu), GTK_ALIGN_START);
      gtk_widget_set_parent (GTK_WIDGET (self->context_menu), GTK_WIDGET (self));
    }

  gtk_popover_set_pointing_to (self->context_menu, &rect);
  gtk_popover_popup (self->context_menu);
}

static void
on_secondary_click (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    TlMatchCard     *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_context_menu (self, x, y);
}

static void
on_long_press (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               TlMatchCard         *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_context_menu (self, x, y);
}

static void
tl_match_card_dispose (GObject *object)
{
  TlMatchCard *self = (TlMatchCard *) object;
  GtkWidget *child;

  tl_match_card_set_match (self, NULL);
  if (self->context_menu != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->context_menu));
      self->context_menu = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_MATCH_CARD);
  /* The template's outer box has no name, so dispose_template() leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tl_match_card_parent_class)->dispose (object);
}

static void
tl_match_card_finalize (GObject *object)
{
  TlMatchCard *self = (TlMatchCard *) object;

  g_clear_object (&self->bindings);
  g_clear_object (&self->signals);

  G_OBJECT_CLASS (tl_match_card_parent_class)->finalize (object);
}

static void
tl_match_card_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TlMatchCard *self = TL_MATCH_CARD (object);

  switch (prop_id)
    {
    case PROP_MATCH:
      g_value_set_object (value, self->match);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_match_card_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TlMatchCard *self = TL_MATCH_CARD (object);

  switch (prop_id)
    {
    case PROP_MATCH:
      tl_match_card_set_match (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_match_card_class_init (TlMatchCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_match_card_dispose;
  object_class->finalize = tl_match_card_finalize;
  object_class->get_property = tl_match_card_get_property;
  object_class->set_property = tl_match_card_set_property;

  properties[PROP_MATCH] =
    g_param_spec_object ("match", NULL, NULL, TL_TYPE_MATCH,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/tl-match-card.ui");
  gtk_widget_class_bind_template_child (widget_class, TlMatchCard, poster_frame);
  gtk_widget_class_bind_template_child (widget_class, TlMatchCard, placeholder);
  gtk_widget_class_bind_template_child (widget_class, TlMatchCard, poster);
  gtk_widget_class_bind_template_child (widget_class, TlMatchCard, state_badge);
  gtk_widget_class_bind_template_child (widget_class, TlMatchCard, missing_badge);
  gtk_widget_class_bind_template_child (widget_class, TlMatchCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchCard, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, TlMatchCard, menu_button);
  gtk_widget_class_bind_template_child (widget_class, TlMatchCard, card_menu);
  gtk_widget_class_bind_template_child (widget_class, TlMatchCard, analysis_status);

  gtk_widget_class_install_action (widget_class, "card.rename", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "card.locate", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "card.delete", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "card.analyse", NULL, analysis_action);
  gtk_widget_class_install_action (widget_class, "card.reanalyse", NULL, analysis_action);
  gtk_widget_class_install_action (widget_class, "card.pause-analysis", NULL, analysis_action);
  gtk_widget_class_install_action (widget_class, "card.resume-analysis", NULL, analysis_action);
  gtk_widget_class_install_action (widget_class, "card.retry-analysis", NULL, analysis_action);
  gtk_widget_class_install_action (widget_class, "card.cancel-analysis", NULL, analysis_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "matchcard");

  g_type_ensure (TL_TYPE_ANALYSIS_STATUS);
}

static void
tl_match_card_init (TlMatchCard *self)
{
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "title", self->title_label, "label",
                        G_BINDING_SYNC_CREATE);
  /* For titles too long for the card. */
  g_binding_group_bind (self->bindings, "title", self->title_label, "tooltip-text",
                        G_BINDING_SYNC_CREATE);

  self->signals = g_signal_group_new (TL_TYPE_MATCH);
  g_signal_group_connect_object (self->signals, "notify::recorded-at",
                                 G_CALLBACK (update_subtitle), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::duration",
                                 G_CALLBACK (update_subtitle), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::poster-path",
                                 G_CALLBACK (update_poster), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::analysis-state",
                                 G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals, "notify::file-missing",
                                 G_CALLBACK (update_file_missing), self, G_CONNECT_SWAPPED);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_secondary_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_long_press), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  update_subtitle (self);
  update_poster (self);
  update_state (self);
  update_file_missing (self);
}

GtkWidget *
tl_match_card_new (void)
{
  return g_object_new (TL_TYPE_MATCH_CARD, NULL);
}

TlMatch *
tl_match_card_get_match (TlMatchCard *self)
{
  g_return_val_if_fail (TL_IS_MATCH_CARD (self), NULL);

  return self->match;
}

void
tl_match_card_set_match (TlMatchCard *self,
                         TlMatch     *match)
{
  g_return_if_fail (TL_IS_MATCH_CARD (self));
  g_return_if_fail (match == NULL || TL_IS_MATCH (match));

  if (!g_set_object (&self->match, match))
    return;

  g_binding_group_set_source (self->bindings, match);
  g_signal_group_set_target (self->signals, match);
  tl_analysis_status_set_match (self->analysis_status, match);

  if (self->context_menu != NULL)
    gtk_popover_popdown (self->context_menu);

  update_subtitle (self);
  update_poster (self);
  update_state (self);
  update_file_missing (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MATCH]);
}
