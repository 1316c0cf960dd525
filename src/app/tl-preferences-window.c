/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-preferences-window.c: the preferences: appearance, import, analysis, library folder. */
#include "config.h"

#include <glib/gi18n.h>

#include "tl-preferences-window.h"

struct _TlPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  char                 *library_dir;

  /* Template children */
  AdwComboRow          *color_scheme_row;
  GtkSwitch            *guess_projection_switch;
  GtkWidget            *panorama_hfov_row;
  GtkSpinButton        *panorama_hfov_spin;
  GtkSwitch            *analyse_after_import_switch;
  GtkSwitch            *analyse_on_ac_only_switch;
  GtkSpinButton        *analysis_threads_spin;
  GtkWidget            *library_group;
  AdwActionRow         *library_row;
};

G_DEFINE_FINAL_TYPE (TlPreferencesWindow, tl_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_LIBRARY_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The rows of the style combo, in the order of the schema's ColorScheme enum. */
static const char * const color_schemes[] = { "default", "light", "dark" };

static gboolean
color_scheme_get_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    if (g_str_equal (nick, color_schemes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
color_scheme_set_mapping (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  guint index = g_value_get_uint (value);

  if (index >= G_N_ELEMENTS (color_schemes))
    return NULL;

  return g_variant_new_string (color_schemes[index]);
}

static void
open_library_folder_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  TlPreferencesWindow *self = TL_PREFERENCES_WINDOW (widget);
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uri = NULL;

  if (self->library_dir == NULL)
    return;

  folder = g_file_new_for_path (self->library_dir);
  uri = g_file_get_uri (folder);
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
tl_preferences_window_constructed (GObject *object)
{
  TlPreferencesWindow *self = (TlPreferencesWindow *) object;

  G_OBJECT_CLASS (tl_preferences_window_parent_class)->constructed (object);

  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->color_scheme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                color_scheme_get_mapping, color_scheme_set_mapping,
                                NULL, NULL);
  g_settings_bind (self->settings, "guess-projection",
                   self->guess_projection_switch, "active", G_SETTINGS_BIND_DEFAULT);
  /* The field of view is only given to videos detected as panoramas. */
  g_settings_bind (self->settings, "guess-projection",
                   self->panorama_hfov_row, "sensitive", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "panorama-hfov",
                   self->panorama_hfov_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "analyse-after-import",
                   self->analyse_after_import_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "analyse-on-ac-only",
                   self->analyse_on_ac_only_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "analysis-threads",
                   self->analysis_threads_spin, "value", G_SETTINGS_BIND_DEFAULT);

  gtk_widget_set_visible (self->library_group, self->library_dir != NULL);
  adw_action_row_set_subtitle (self->library_row, self->library_dir);
}

static void
tl_preferences_window_dispose (GObject *object)
{
  TlPreferencesWindow *self = (TlPreferencesWindow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tl_preferences_window_parent_class)->dispose (object);
}

static void
tl_preferences_window_finalize (GObject *object)
{
  TlPreferencesWindow *self = (TlPreferencesWindow *) object;

  g_clear_pointer (&self->library_dir, g_free);

  G_OBJECT_CLASS (tl_preferences_window_parent_class)->finalize (object);
}

static void
tl_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TlPreferencesWindow *self = TL_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_LIBRARY_DIR:
      g_value_set_string (value, self->library_dir);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TlPreferencesWindow *self = TL_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_LIBRARY_DIR:
      self->library_dir = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_preferences_window_class_init (TlPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tl_preferences_window_constructed;
  object_class->dispose = tl_preferences_window_dispose;
  object_class->finalize = tl_preferences_window_finalize;
  object_class->get_property = tl_preferences_window_get_property;
  object_class->set_property = tl_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LIBRARY_DIR] =
    g_param_spec_string ("library-dir", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/tl-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow,
                                        guess_projection_switch);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, panorama_hfov_row);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, panorama_hfov_spin);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow,
                                        analyse_after_import_switch);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow,
                                        analyse_on_ac_only_switch);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow,
                                        analysis_threads_spin);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, library_group);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, library_row);

  gtk_widget_class_install_action (widget_class, "preferences.open-library-folder", NULL,
                                   open_library_folder_action);
}

static void
tl_preferences_window_init (TlPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tl_preferences_window_new (GSettings  *settings,
                           const char *library_dir)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (TL_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       "library-dir", library_dir,
                       NULL);
}
