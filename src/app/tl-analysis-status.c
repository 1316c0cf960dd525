/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-analysis-status.c: a match's analysis: state, progress, time left, device and controls. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "tl-analysis-status.h"

struct _TlAnalysisStatus
{
  GtkWidget       parent_instance;

  TlMatch        *match;
  GSignalGroup   *signals;
  gboolean        compact;

  /* Template children */
  GtkWidget      *box;
  GtkLabel       *title_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *detail_label;
  GtkWidget      *analyse_button;
  GtkWidget      *pause_button;
  GtkWidget      *resume_button;
  GtkWidget      *retry_button;
  GtkWidget      *cancel_button;
};

G_DEFINE_FINAL_TYPE (TlAnalysisStatus, tl_analysis_status, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MATCH,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
tl_analysis_status_format_eta (gint64 seconds)
{
  gint64 minutes;

  if (seconds < 60)
    return g_strdup (_("Less than a minute left"));
  minutes = (seconds + 30) / 60;
  if (minutes < 60)
    /* Translators: time left of an analysis */
    return g_strdup_printf (ngettext ("%d min left", "%d min left", (int) minutes),
                            (int) minutes);
  /* Translators: time left of an analysis, hours and minutes */
  return g_strdup_printf (_("%d h %02d min left"), (int) (minutes / 60), (int) (minutes % 60));
}

/* "CPU" comes from the engine untranslated; a GPU's name stays as the driver gives it. */
static const char *
device_text (TlMatch *match)
{
  const char *device = tl_match_get_analysis_device (match);

  if (device == NULL)
    return NULL;
  return g_str_equal (device, "CPU") ? _("CPU") : device;
}

static void
update (TlAnalysisStatus *self)
{
  TlAnalysisState state = self->match ? tl_match_get_analysis_state (self->match)
                                      : TL_ANALYSIS_STATE_NONE;
  g_autofree char *title = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autofree char *tooltip = NULL;
  const char *device, *decoder;
  double fraction;
  int percent;
  gboolean shown;

  /* In full, a match not analysed yet offers to be (the card has its menu for that). */
  shown = state == TL_ANALYSIS_STATE_QUEUED || state == TL_ANALYSIS_STATE_RUNNING
          || state == TL_ANALYSIS_STATE_PAUSED || state == TL_ANALYSIS_STATE_FAILED
          || (state == TL_ANALYSIS_STATE_NONE && self->match != NULL && !self->compact);
  gtk_widget_set_visible (self->box, shown);
  if (!shown)
    return;

  fraction = tl_match_get_analysis_progress (self->match);
  percent = (int) floor (fraction * 100);
  device = device_text (self->match);
  decoder = tl_match_get_analysis_decoder (self->match);

  switch (state)
    {
    case TL_ANALYSIS_STATE_QUEUED:
      title = g_strdup (_("Waiting to Analyse"));
      g_string_append (detail, self->compact ? _("Waiting for its turn")
                                             : _("Starts when the analyses before it are done"));
      break;
    case TL_ANALYSIS_STATE_RUNNING:
      /* Translators: %d is a percentage */
      title = g_strdup_printf (_("Analysing… %d %%"), percent);
      if (tl_match_get_analysis_eta (self->match) >= 0)
        {
          g_autofree char *eta = tl_analysis_status_format_eta (
            tl_match_get_analysis_eta (self->match));

          g_string_append (detail, eta);
        }
      else
        g_string_append (detail, _("Estimating time left…"));
      if (device != NULL)
        g_string_append_printf (detail, " · %s", device);
      if (!self->compact && decoder != NULL)
        g_string_append_printf (detail, " · %s", g_str_has_prefix (decoder, "nv")
                                                   ? _("NVDEC decoding")
                                                   : _("software decoding"));
      break;
    case TL_ANALYSIS_STATE_PAUSED:
      /* Translators: %d is a percentage */
      title = g_strdup_printf (_("Analysis Paused at %d %%"), percent);
      if (self->compact)
        g_string_append_printf (detail, _("Paused at %d %%"), percent);
      else
        g_string_append (detail, _("Resuming goes on from where it stopped"));
      break;
    case TL_ANALYSIS_STATE_FAILED:
      title = g_strdup (_("Analysis Failed"));
      g_string_append (detail, tl_match_get_analysis_error (self->match)
                               ? tl_match_get_analysis_error (self->match)
                               : _("The reason was not recorded"));
      break;
    case TL_ANALYSIS_STATE_NONE:
      title = g_strdup (_("Not Analysed"));
      g_string_append (detail, _("Analyse the match to track the players and the ball"));
      break;
    case TL_ANALYSIS_STATE_DONE:
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_label (self->title_label, title);
  gtk_widget_set_visible (GTK_WIDGET (self->title_label), !self->compact);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), state != TL_ANALYSIS_STATE_FAILED
                                                            && state != TL_ANALYSIS_STATE_NONE);
  gtk_label_set_label (self->detail_label, detail->str);
  /* The whole text (an error can be long) and the decoder element, for the curious. */
  tooltip = decoder != NULL ? g_strdup_printf (_("%s\nDecoder: %s"), detail->str, decoder)
                            : g_strdup (detail->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->detail_label), tooltip);
  if (state == TL_ANALYSIS_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->detail_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->detail_label), "error");

  gtk_widget_set_visible (self->analyse_button, state == TL_ANALYSIS_STATE_NONE);
  gtk_widget_set_visible (self->pause_button, state == TL_ANALYSIS_STATE_QUEUED
                                              || state == TL_ANALYSIS_STATE_RUNNING);
  gtk_widget_set_visible (self->resume_button, state == TL_ANALYSIS_STATE_PAUSED);
  gtk_widget_set_visible (self->retry_button, state == TL_ANALYSIS_STATE_FAILED);
  gtk_widget_set_visible (self->cancel_button, !self->compact && state != TL_ANALYSIS_STATE_NONE);
}

static void
tl_analysis_status_dispose (GObject *object)
{
  TlAnalysisStatus *self = (TlAnalysisStatus *) object;

  tl_analysis_status_set_match (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_ANALYSIS_STATUS);

  G_OBJECT_CLASS (tl_analysis_status_parent_class)->dispose (object);
}

static void
tl_analysis_status_finalize (GObject *object)
{
  TlAnalysisStatus *self = (TlAnalysisStatus *) object;

  g_clear_object (&self->signals);

  G_OBJECT_CLASS (tl_analysis_status_parent_class)->finalize (object);
}

static void
tl_analysis_status_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TlAnalysisStatus *self = TL_ANALYSIS_STATUS (object);

  switch (prop_id)
    {
    case PROP_MATCH:
      g_value_set_object (value, self->match);
      break;
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_analysis_status_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TlAnalysisStatus *self = TL_ANALYSIS_STATUS (object);

  switch (prop_id)
    {
    case PROP_MATCH:
      tl_analysis_status_set_match (self, g_value_get_object (value));
      break;
    case PROP_COMPACT:
      tl_analysis_status_set_compact (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_analysis_status_class_init (TlAnalysisStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_analysis_status_dispose;
  object_class->finalize = tl_analysis_status_finalize;
  object_class->get_property = tl_analysis_status_get_property;
  object_class->set_property = tl_analysis_status_set_property;

  properties[PROP_MATCH] =
    g_param_spec_object ("match", NULL, NULL, TL_TYPE_MATCH,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/tl-analysis-status.ui");
  gtk_widget_class_bind_template_child (widget_class, TlAnalysisStatus, box);
  gtk_widget_class_bind_template_child (widget_class, TlAnalysisStatus, title_label);
  gtk_widget_class_bind_template_child (widget_class, TlAnalysisStatus, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TlAnalysisStatus, detail_label);
  gtk_widget_class_bind_template_child (widget_class, TlAnalysisStatus, analyse_button);
  gtk_widget_class_bind_template_child (widget_class, TlAnalysisStatus, pause_button);
  gtk_widget_class_bind_template_child (widget_class, TlAnalysisStatus, resume_button);
  gtk_widget_class_bind_template_child (widget_class, TlAnalysisStatus, retry_button);
  gtk_widget_class_bind_template_child (widget_class, TlAnalysisStatus, cancel_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "analysisstatus");
}

static void
tl_analysis_status_init (TlAnalysisStatus *self)
{
  static const char * const notifies[] = {
    "notify::analysis-state", "notify::analysis-progress", "notify::analysis-eta",
    "notify::analysis-device", "notify::analysis-decoder", "notify::analysis-error",
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  for (GtkWidget *child = gtk_widget_get_first_child (self->box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_ACTIONABLE (child))
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (child), g_variant_new_int64 (0));

  self->signals = g_signal_group_new (TL_TYPE_MATCH);
  for (guint i = 0; i < G_N_ELEMENTS (notifies); i++)
    g_signal_group_connect_object (self->signals, notifies[i], G_CALLBACK (update), self,
                                   G_CONNECT_SWAPPED);
  update (self);
}

GtkWidget *
tl_analysis_status_new (void)
{
  return g_object_new (TL_TYPE_ANALYSIS_STATUS, NULL);
}

TlMatch *
tl_analysis_status_get_match (TlAnalysisStatus *self)
{
  g_return_val_if_fail (TL_IS_ANALYSIS_STATUS (self), NULL);

  return self->match;
}

void
tl_analysis_status_set_match (TlAnalysisStatus *self,
                              TlMatch          *match)
{
  GtkWidget *buttons[5];

  g_return_if_fail (TL_IS_ANALYSIS_STATUS (self));
  g_return_if_fail (match == NULL || TL_IS_MATCH (match));

  if (!g_set_object (&self->match, match))
    return;

  g_signal_group_set_target (self->signals, match);
  /* The app actions take the match's id (0, no match, does nothing). */
  buttons[0] = self->pause_button;
  buttons[1] = self->resume_button;
  buttons[2] = self->retry_button;
  buttons[3] = self->cancel_button;
  buttons[4] = self->analyse_button;
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    if (buttons[i] != NULL)
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (buttons[i]),
                                              g_variant_new_int64 (match ? tl_match_get_id (match)
                                                                         : 0));
  if (self->box != NULL)
    update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MATCH]);
}

gboolean
tl_analysis_status_get_compact (TlAnalysisStatus *self)
{
  g_return_val_if_fail (TL_IS_ANALYSIS_STATUS (self), FALSE);

  return self->compact;
}

void
tl_analysis_status_set_compact (TlAnalysisStatus *self,
                                gboolean          compact)
{
  g_return_if_fail (TL_IS_ANALYSIS_STATUS (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}
