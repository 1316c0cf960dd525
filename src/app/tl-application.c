/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-application.c: the Touchline application: owns the library, settings and app actions. */
#include "config.h"

#include <glib/gi18n.h>

#include "tl-analysis-queue.h"
#include "tl-application.h"
#include "tl-power-monitor.h"
#include "tl-preferences-window.h"
#include "tl-resources.h"
#include "tl-window.h"

struct _TlApplication
{
  AdwApplication  parent_instance;

  char           *library_dir;   /* from the constructor or --library; NULL: the default */
  GSettings      *settings;
  TlLibrary      *library;       /* NULL when it could not be opened */
  GError         *library_error;
  TlAnalysisQueue *analysis_queue; /* NULL without a library */
  TlPowerMonitor *power_monitor;
};

G_DEFINE_FINAL_TYPE (TlApplication, tl_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_LIBRARY_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Every accelerator of the application, in one place; the shortcuts window lists them.
 * Escape (back) and Delete (delete the focused match) are key bindings of the pages instead,
 * so that entries and popovers get those keys first. */
static const struct
{
  const char *action;
  const char *accels[3];
} accelerators[] = {
  { "app.import", { "<Control>o", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.quit", { "<Control>q", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.back", { "<Alt>Left", NULL } },
};

static TlWindow *
tl_application_get_main_window (TlApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (TL_IS_WINDOW (l->data))
      return l->data;

  return tl_window_new (self);
}

static void
apply_color_scheme (TlApplication *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  AdwColorScheme scheme;

  switch (g_settings_get_enum (self->settings, "color-scheme"))
    {
    case 1:
      scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
      break;
    case 2:
      scheme = ADW_COLOR_SCHEME_FORCE_DARK;
      break;
    default:
      scheme = ADW_COLOR_SCHEME_DEFAULT;
      break;
    }

  adw_style_manager_set_color_scheme (style_manager, scheme);
}

static void
apply_importer_settings (TlApplication *self)
{
  TlImporter *importer;

  if (self->library == NULL)
    return;

  importer = tl_library_get_importer (self->library);
  tl_importer_set_guess_projection (importer,
                                    g_settings_get_boolean (self->settings, "guess-projection"));
  tl_importer_set_panorama_hfov (importer,
                                 g_settings_get_double (self->settings, "panorama-hfov"));
}

/* On battery with "analyse only on AC power", the queue pauses (running jobs stop at a
 * checkpoint) and resumes once the computer is plugged in. */
static void
apply_analysis_settings (TlApplication *self)
{
  gboolean on_battery;

  if (self->analysis_queue == NULL)
    return;

  on_battery = self->power_monitor != NULL
               && tl_power_monitor_get_on_battery (self->power_monitor);
  tl_analysis_queue_set_threads (self->analysis_queue,
                                 g_settings_get_int (self->settings, "analysis-threads"));
  tl_analysis_queue_set_paused (self->analysis_queue,
                                on_battery
                                && g_settings_get_boolean (self->settings, "analyse-on-ac-only"));
}

static void
on_settings_changed (TlApplication *self,
                     const char    *key,
                     GSettings     *settings)
{
  if (g_str_equal (key, "color-scheme"))
    apply_color_scheme (self);
  else if (g_str_equal (key, "guess-projection") || g_str_equal (key, "panorama-hfov"))
    apply_importer_settings (self);
  else if (g_str_equal (key, "analyse-on-ac-only") || g_str_equal (key, "analysis-threads"))
    apply_analysis_settings (self);
}

static void
on_match_imported (TlApplication *self,
                   TlMatch       *match,
                   TlLibrary     *library)
{
  g_autoptr(GError) error = NULL;

  if (!g_settings_get_boolean (self->settings, "analyse-after-import"))
    return;
  if (!tl_analysis_queue_add (self->analysis_queue, match, &error))
    g_warning ("Could not queue the analysis of “%s”: %s", tl_match_get_title (match),
               error->message);
}

/* A toast in the window, and a desktop notification when the window is not in front (the
 * coach went on working elsewhere while the match was analysed). */
static void
on_analysis_finished (TlApplication   *self,
                      TlMatch         *match,
                      gboolean         ok,
                      const char      *message,
                      TlAnalysisQueue *queue)
{
  GtkWindow *window = NULL;
  g_autofree char *title = NULL;
  g_autofree char *toast_title = NULL;
  AdwToast *toast;
  gint64 id = tl_match_get_id (match);
  g_autofree char *notification_id = g_strdup_printf ("analysis-%" G_GINT64_FORMAT, id);

  if (!ok && tl_match_get_analysis_state (match) != TL_ANALYSIS_STATE_FAILED)
    return;   /* paused, cancelled or waiting for AC power: the user knows */

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (TL_IS_WINDOW (l->data))
      window = l->data;

  if (ok)
    title = g_strdup_printf (_("“%s” analysed"), tl_match_get_title (match));
  else
    title = g_strdup_printf (_("Could not analyse “%s”"), tl_match_get_title (match));

  if (window != NULL)
    {
      toast_title = g_markup_escape_text (title, -1);
      toast = adw_toast_new (toast_title);
      if (ok)
        {
          adw_toast_set_button_label (toast, _("_Open"));
          adw_toast_set_action_name (toast, "win.show-match");
        }
      else
        {
          adw_toast_set_button_label (toast, _("_Retry"));
          adw_toast_set_action_name (toast, "app.analyse-match");
          adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
        }
      adw_toast_set_action_target_value (toast, g_variant_new_int64 (id));
      tl_window_add_toast (TL_WINDOW (window), toast);
    }

  if (window == NULL || !gtk_window_is_active (window))
    {
      g_autoptr(GNotification) notification = g_notification_new (title);

      g_notification_set_body (notification, ok ? _("Players and ball are tracked.") : message);
      g_notification_set_default_action_and_target (notification, "app.show-match", "x", id);
      g_application_send_notification (G_APPLICATION (self), notification_id, notification);
    }
}

static void
on_library_error_response (AdwMessageDialog *dialog,
                           const char       *response,
                           TlApplication    *self)
{
  g_application_quit (G_APPLICATION (self));
}

/* Without a library there is nothing to show: say why (a library from a newer Touchline, a
 * folder we cannot write...) and quit once the user has read it. */
static void
show_library_error (TlApplication *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Could Not Open the Library"),
                                   self->library_error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Quit"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_library_error_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
tl_application_import_action (GSimpleAction *action,
                              GVariant      *param,
                              gpointer       user_data)
{
  TlApplication *self = user_data;
  TlWindow *window;

  if (self->library == NULL)
    return;

  window = tl_application_get_main_window (self);
  gtk_window_present (GTK_WINDOW (window));
  tl_window_choose_import_files (window);
}

static void
tl_application_preferences_action (GSimpleAction *action,
                                   GVariant      *param,
                                   gpointer       user_data)
{
  TlApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *preferences;

  preferences = tl_preferences_window_new (self->settings,
                                           self->library ? tl_library_get_dir (self->library)
                                                         : NULL);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
tl_application_about_action (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  TlApplication *self = user_data;
  static const char *developers[] = { "The Touchline developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-icon", APP_ID,
                        "application-name", _("Touchline"),
                        "developer-name", _("The Touchline developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Review recorded football matches, tag what happened and "
                                      "export the clips that matter"),
                        "website", "https://touchline.github.io/",
                        "issue-url", "https://github.com/touchline/touchline/issues",
                        "developers", developers,
                        "copyright", _("© The Touchline developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your names, one per line, shown in the About window. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* (transfer none) The match an app action names, or NULL when it is gone (or no library). */
static TlMatch *
lookup_match (TlApplication *self,
              GVariant      *param)
{
  if (self->library == NULL)
    return NULL;
  return tl_library_lookup_match (self->library, g_variant_get_int64 (param));
}

static void
show_analysis_error (TlApplication *self,
                     const char    *heading,
                     const GError  *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                   heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* analyse-match (analyse, resume and retry are one thing: queue the match, an unfinished job
 * resumes), pause-analysis and cancel-analysis. */
static void
tl_application_analysis_action (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       user_data)
{
  TlApplication *self = user_data;
  const char *name = g_action_get_name (G_ACTION (action));
  TlMatch *match = lookup_match (self, param);
  g_autoptr(GError) error = NULL;

  if (match == NULL)
    return;
  if (g_str_equal (name, "pause-analysis"))
    {
      if (!tl_analysis_queue_pause (self->analysis_queue, match, &error))
        show_analysis_error (self, _("Could Not Pause the Analysis"), error);
    }
  else if (g_str_equal (name, "cancel-analysis"))
    {
      if (!tl_analysis_queue_cancel (self->analysis_queue, match, &error))
        show_analysis_error (self, _("Could Not Cancel the Analysis"), error);
    }
  else if (!tl_analysis_queue_add (self->analysis_queue, match, &error))
    show_analysis_error (self, _("Could Not Start the Analysis"), error);
}

/* From a notification: bring the window up on that match. */
static void
tl_application_show_match_action (GSimpleAction *action,
                                  GVariant      *param,
                                  gpointer       user_data)
{
  TlApplication *self = user_data;
  TlWindow *window;

  if (self->library == NULL)
    return;
  window = tl_application_get_main_window (self);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.show-match", param);
}

static void
tl_application_quit_action (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       user_data)
{
  TlApplication *self = user_data;

  /* Closing the windows (rather than quitting under them) lets them save their size. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_destroy (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { .name = "import", .activate = tl_application_import_action },
  { .name = "preferences", .activate = tl_application_preferences_action },
  { .name = "about", .activate = tl_application_about_action },
  { .name = "quit", .activate = tl_application_quit_action },
  { .name = "analyse-match", .activate = tl_application_analysis_action, .parameter_type = "x" },
  { .name = "pause-analysis", .activate = tl_application_analysis_action, .parameter_type = "x" },
  { .name = "cancel-analysis", .activate = tl_application_analysis_action, .parameter_type = "x" },
  { .name = "show-match", .activate = tl_application_show_match_action, .parameter_type = "x" },
};

static void
tl_application_startup (GApplication *application)
{
  TlApplication *self = (TlApplication *) application;
  g_autofree char *dir = NULL;

  G_APPLICATION_CLASS (tl_application_parent_class)->startup (application);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self,
                           G_CONNECT_SWAPPED);
  apply_color_scheme (self);

  dir = tl_library_resolve_dir (self->library_dir);
  self->library = tl_library_open (dir, &self->library_error);
  if (self->library == NULL)
    g_message ("%s", self->library_error->message);
  apply_importer_settings (self);

  if (self->library != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->analysis_queue = tl_analysis_queue_new (self->library);
      self->power_monitor = tl_power_monitor_new (G_BUS_TYPE_SYSTEM);
      g_signal_connect_object (self->power_monitor, "notify::on-battery",
                               G_CALLBACK (apply_analysis_settings), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->library, "match-imported", G_CALLBACK (on_match_imported),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->analysis_queue, "finished",
                               G_CALLBACK (on_analysis_finished), self, G_CONNECT_SWAPPED);
      apply_analysis_settings (self);
      /* Jobs an earlier run left queued or running go on from their checkpoints. */
      if (!tl_analysis_queue_restore (self->analysis_queue, &error))
        if (error != NULL)
          g_warning ("Could not restore the analysis queue: %s", error->message);
    }

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                            "import")),
                               self->library != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (accelerators); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accelerators[i].action,
                                           accelerators[i].accels);
}

static void
tl_application_activate (GApplication *application)
{
  TlApplication *self = (TlApplication *) application;

  if (self->library == NULL)
    {
      show_library_error (self);
      return;
    }

  gtk_window_present (GTK_WINDOW (tl_application_get_main_window (self)));
}

static void
tl_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  TlApplication *self = (TlApplication *) application;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  TlWindow *window;

  g_application_activate (application);
  if (self->library == NULL)
    return;

  for (int i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);

      /* Only local files (or FUSE paths from a portal) can be imported. */
      if (path != NULL)
        {
          g_ptr_array_add (paths, path);
        }
      else
        {
          g_autofree char *uri = g_file_get_uri (files[i]);

          g_warning ("%s: not a local file, skipped", uri);
        }
    }
  g_ptr_array_add (paths, NULL);

  window = tl_application_get_main_window (self);
  tl_window_import_files (window, (const char * const *) paths->pdata);
}

static int
tl_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  TlApplication *self = (TlApplication *) application;
  const char *dir = NULL;

  if (g_variant_dict_lookup (options, "library", "^&ay", &dir))
    {
      g_free (self->library_dir);
      self->library_dir = g_canonicalize_filename (dir, NULL);
    }

  return -1;
}

static void
tl_application_shutdown (GApplication *application)
{
  TlApplication *self = (TlApplication *) application;

  /* Matches whose "Undo" toast was still up are gone for good now. */
  if (self->library != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!tl_library_purge_trash (self->library, &error))
        g_warning ("Could not empty the trash of the library: %s", error->message);
    }

  /* Running analyses stop at a checkpoint and stay queued in the library: the next start
   * resumes them. */
  if (self->analysis_queue != NULL)
    tl_analysis_queue_shutdown (self->analysis_queue);
  g_clear_object (&self->analysis_queue);
  g_clear_object (&self->power_monitor);

  G_APPLICATION_CLASS (tl_application_parent_class)->shutdown (application);

  g_clear_object (&self->library);
}

static void
tl_application_finalize (GObject *object)
{
  TlApplication *self = (TlApplication *) object;

  g_clear_pointer (&self->library_dir, g_free);
  g_clear_object (&self->settings);
  g_clear_object (&self->analysis_queue);
  g_clear_object (&self->power_monitor);
  g_clear_object (&self->library);
  g_clear_error (&self->library_error);

  G_OBJECT_CLASS (tl_application_parent_class)->finalize (object);
}

static void
tl_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TlApplication *self = TL_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_LIBRARY_DIR:
      g_value_set_string (value, self->library_dir);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_application_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TlApplication *self = TL_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_LIBRARY_DIR:
      g_free (self->library_dir);
      self->library_dir = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_application_class_init (TlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = tl_application_finalize;
  object_class->get_property = tl_application_get_property;
  object_class->set_property = tl_application_set_property;

  app_class->startup = tl_application_startup;
  app_class->activate = tl_application_activate;
  app_class->open = tl_application_open;
  app_class->handle_local_options = tl_application_handle_local_options;
  app_class->shutdown = tl_application_shutdown;

  properties[PROP_LIBRARY_DIR] =
    g_param_spec_string ("library-dir", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The templates are looked up when the widget classes initialise, which can be before any
   * window exists (tests); the resources live in a static library, so register them here. */
  tl_register_resource ();
}

static void
tl_application_init (TlApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "library", 'l', G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_FILENAME,
                                 _("Use the match library in DIR instead of the default one"),
                                 _("DIR"));
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (
    G_APPLICATION (self), _("Import the given video files and open the library."));
}

TlApplication *
tl_application_new (const char *library_dir)
{
  return g_object_new (TL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       "library-dir", library_dir,
                       NULL);
}

TlLibrary *
tl_application_get_library (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);

  return self->library;
}

GSettings *
tl_application_get_settings (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);

  return self->settings;
}

TlAnalysisQueue *
tl_application_get_analysis_queue (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);

  return self->analysis_queue;
}
