/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-window.c: the main window: library and match pages, import by chooser or drag and drop. */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>

#include "tl-demo-generator.h"
#include "tl-library-page.h"
#include "tl-match-page.h"
#include "tl-window.h"

struct _TlWindow
{
  AdwApplicationWindow  parent_instance;

  TlLibrary            *library;
  GSettings            *settings;

  /* Imports in flight share one cancellable, so that "Cancel" stops all of them. */
  GCancellable         *import_cancellable;
  guint                 n_imports;
  guint                 n_import_files;

  /* Set while the demo match is being generated (before it is imported like any file). */
  GCancellable         *demo_cancellable;
  double                demo_fraction;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  TlLibraryPage        *library_page;
  TlMatchPage          *match_page;
  GtkActionBar         *import_bar;
  GtkSpinner           *import_spinner;
  GtkProgressBar       *import_progress;
  GtkLabel             *import_label;
  GtkRevealer          *drop_revealer;
};

G_DEFINE_FINAL_TYPE (TlWindow, tl_window, ADW_TYPE_APPLICATION_WINDOW)

/* Same seed, same match: a demo made by an earlier run can be imported again as it is. */
#define DEMO_SEED 1

/* One call of import_files(). */
typedef struct
{
  TlWindow *self;
  guint     n_files;
  gboolean  show_match;  /* open the (single) match once imported */
} ImportOp;

static void
import_op_free (ImportOp *op)
{
  g_clear_object (&op->self);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportOp, import_op_free)

/* One call of tl_window_try_demo_match() that has to generate the video first. */
typedef struct
{
  TlWindow     *self;
  GApplication *application;  /* held until the generator has stopped */
  char         *path;
} DemoOp;

static void
demo_op_free (DemoOp *op)
{
  /* Closing the window cancels the generator; the application stays until it has stopped,
   * so its temporary file is removed rather than left behind by an exit. */
  g_application_release (op->application);
  g_clear_object (&op->application);
  g_clear_object (&op->self);
  g_free (op->path);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DemoOp, demo_op_free)

static void
set_action_enabled (TlWindow   *self,
                    const char *name,
                    gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* One bar for everything that brings matches in: imports (a spinner, they are quick) and the
 * demo match being generated (a progress bar, that takes minutes). */
static void
update_import_progress (TlWindow   *self,
                        const char *single_path)
{
  gboolean importing = self->n_imports > 0;
  gboolean generating = self->demo_cancellable != NULL;

  set_action_enabled (self, "cancel-import", importing || generating);
  set_action_enabled (self, "try-demo", !generating);
  gtk_spinner_set_spinning (self->import_spinner, importing && !generating);
  gtk_widget_set_visible (GTK_WIDGET (self->import_spinner), !generating);
  gtk_widget_set_visible (GTK_WIDGET (self->import_progress), generating);
  gtk_action_bar_set_revealed (self->import_bar, importing || generating);

  if (generating)
    {
      /* Translators: %d is a percentage; "%%" is the percent sign */
      g_autofree char *text = g_strdup_printf (_("Generating the demo match… %d%%"),
                                               (int) (self->demo_fraction * 100.0));

      gtk_progress_bar_set_fraction (self->import_progress, self->demo_fraction);
      gtk_label_set_label (self->import_label, text);
      return;
    }

  if (!importing)
    return;

  if (single_path != NULL && self->n_import_files == 1)
    {
      g_autofree char *name = g_filename_display_basename (single_path);
      g_autofree char *text = g_strdup_printf (_("Importing “%s”…"), name);

      gtk_label_set_label (self->import_label, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (ngettext ("Importing %u file…",
                                                         "Importing %u files…",
                                                         self->n_import_files),
                                               self->n_import_files);

      gtk_label_set_label (self->import_label, text);
    }
}

static AdwToast *
toast_new_for_match (const char *title,
                     TlMatch    *match)
{
  AdwToast *toast = adw_toast_new (title);

  if (match != NULL)
    {
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_action_name (toast, "win.show-match");
      adw_toast_set_action_target_value (toast, g_variant_new_int64 (tl_match_get_id (match)));
    }

  return toast;
}

static void
show_import_failures (TlWindow   *self,
                      guint       n_failed,
                      guint       n_imported,
                      guint       n_duplicates,
                      const char *failures)
{
  GtkWidget *dialog;
  GtkWidget *label;
  g_autofree char *heading = NULL;
  const char *body = NULL;

  heading = g_strdup_printf (ngettext ("Could Not Import %u File",
                                       "Could Not Import %u Files", n_failed),
                             n_failed);
  /* Say what became of the rest, so nobody re-imports files that are already there. */
  if (n_imported > 0 && n_duplicates > 0)
    body = _("The other files were imported or were already in the library.");
  else if (n_imported > 0)
    body = _("The other files were imported.");
  else if (n_duplicates > 0)
    body = _("The other files were already in the library.");
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));

  /* One line per file, "FILE: reason" (marked up by report_import()). */
  label = g_object_new (GTK_TYPE_LABEL,
                        "label", failures,
                        "use-markup", TRUE,
                        "wrap", TRUE,
                        "wrap-mode", PANGO_WRAP_WORD_CHAR,
                        "selectable", TRUE,
                        "xalign", 0.0f,
                        "yalign", 0.0f,
                        NULL);

  /* A long list scrolls rather than growing the dialog off the screen. A scrolled window
   * sizes a wrapping label for its unwrapped width, so a short list goes without one. */
  if (n_failed > 6)
    {
      GtkWidget *scroller = g_object_new (GTK_TYPE_SCROLLED_WINDOW,
                                          "child", label,
                                          "hscrollbar-policy", GTK_POLICY_NEVER,
                                          "min-content-height", 240,
                                          NULL);

      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
    }
  else
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Toasts for what went well, a dialog for what did not: each file appears in exactly one. */
static void
report_import (TlWindow  *self,
               GPtrArray *results)
{
  g_autoptr(GString) failures = g_string_new (NULL);   /* Pango markup */
  TlImportResult *last_imported = NULL;
  TlImportResult *last_duplicate = NULL;
  guint n_imported = 0;
  guint n_duplicates = 0;
  guint n_failed = 0;
  guint n_cancelled = 0;

  for (guint i = 0; i < results->len; i++)
    {
      TlImportResult *result = g_ptr_array_index (results, i);

      if (result->error != NULL)
        {
          g_autofree char *name = NULL;
          g_autofree char *line = NULL;

          if (g_error_matches (result->error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
              || g_error_matches (result->error, TL_IMPORT_ERROR, TL_IMPORT_ERROR_CANCELLED))
            {
              n_cancelled++;
              continue;
            }

          name = g_filename_display_basename (result->path);
          if (failures->len > 0)
            g_string_append_c (failures, '\n');
          line = g_markup_printf_escaped ("<b>%s</b>: %s", name, result->error->message);
          g_string_append (failures, line);
          n_failed++;
        }
      else if (result->duplicate)
        {
          last_duplicate = result;
          n_duplicates++;
        }
      else
        {
          last_imported = result;
          n_imported++;
        }
    }

  if (n_imported == 1)
    {
      g_autofree char *title = g_markup_printf_escaped (_("“%s” imported"),
                                                        tl_match_get_title (last_imported->match));

      tl_window_add_toast (self, toast_new_for_match (title, last_imported->match));
    }
  else if (n_imported > 1)
    {
      g_autofree char *title = g_strdup_printf (ngettext ("Imported %u match",
                                                          "Imported %u matches", n_imported),
                                                n_imported);

      tl_window_add_toast (self, adw_toast_new (title));
    }

  if (n_duplicates == 1)
    {
      g_autofree char *name = g_filename_display_basename (last_duplicate->path);
      g_autofree char *title = g_markup_printf_escaped (_("“%s” is already in the library"),
                                                        name);

      tl_window_add_toast (self, toast_new_for_match (title, last_duplicate->match));
    }
  else if (n_duplicates > 1)
    {
      g_autofree char *title = g_strdup_printf (ngettext ("%u file is already in the library",
                                                          "%u files are already in the library",
                                                          n_duplicates),
                                                n_duplicates);

      tl_window_add_toast (self, adw_toast_new (title));
    }

  if (n_cancelled > 0)
    tl_window_add_toast (self, adw_toast_new (_("Import cancelled")));

  if (n_failed > 0)
    show_import_failures (self, n_failed, n_imported, n_duplicates, failures->str);
}

static void
on_import_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ImportOp) op = user_data;
  TlWindow *self = op->self;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  self->n_imports--;
  self->n_import_files -= op->n_files;
  if (self->n_imports == 0)
    g_clear_object (&self->import_cancellable);

  results = tl_library_import_files_finish (TL_LIBRARY (source), result, &error);

  /* The window was closed while importing: the library has the matches, nobody to tell. */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || self->import_bar == NULL)
    return;

  update_import_progress (self, NULL);
  if (results == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tl_window_add_toast (self, adw_toast_new (_("Import cancelled")));
      else
        {
          g_autofree char *title = g_markup_printf_escaped (_("Could not import: %s"),
                                                            error->message);

          tl_window_add_toast (self, adw_toast_new (title));
        }
      return;
    }

  report_import (self, results);

  /* Opened for the user who asked for it, unless they went to another match meanwhile. */
  if (op->show_match && results->len == 1)
    {
      TlImportResult *first = g_ptr_array_index (results, 0);
      TlMatch *match = first->match != NULL
                       ? tl_library_lookup_match (self->library, tl_match_get_id (first->match))
                       : NULL;

      if (match != NULL
          && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "library") == 0)
        tl_window_show_match (self, match);
    }
}

static void
import_files (TlWindow           *self,
              const char * const *paths,
              gboolean            show_match)
{
  ImportOp *op;

  if (paths == NULL || paths[0] == NULL)
    return;

  op = g_new0 (ImportOp, 1);
  op->self = g_object_ref (self);
  op->n_files = g_strv_length ((char **) paths);
  op->show_match = show_match;

  if (self->import_cancellable == NULL)
    self->import_cancellable = g_cancellable_new ();
  self->n_imports++;
  self->n_import_files += op->n_files;
  update_import_progress (self, self->n_imports == 1 ? paths[0] : NULL);

  tl_library_import_files_async (self->library, paths, self->import_cancellable,
                                 on_import_done, op);
}

void
tl_window_import_files (TlWindow           *self,
                        const char * const *paths)
{
  g_return_if_fail (TL_IS_WINDOW (self));

  import_files (self, paths, FALSE);
}

static GtkFileFilter *
video_filter_new (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Videos"));
  gtk_file_filter_add_mime_type (filter, "video/*");

  return filter;
}

static GtkFileFilter *
all_files_filter_new (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");

  return filter;
}

static void
on_import_chooser_response (GtkNativeDialog *native,
                            int              response,
                            TlWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);

          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
      g_ptr_array_add (paths, NULL);

      tl_window_import_files (self, (const char * const *) paths->pdata);
    }

  g_object_unref (native);
}

void
tl_window_choose_import_files (TlWindow *self)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) videos = video_filter_new ();
  g_autoptr(GtkFileFilter) all = all_files_filter_new ();

  g_return_if_fail (TL_IS_WINDOW (self));

  native = gtk_file_chooser_native_new (_("Import Matches"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), videos);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (native), videos);

  /* The dialog holds itself until the response, where it is released. */
  g_signal_connect_object (native, "response", G_CALLBACK (on_import_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
show_error_dialog (TlWindow   *self,
                   const char *heading,
                   const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_demo_progress (TlDemoGenerator *generator,
                  double           fraction,
                  TlWindow        *self)
{
  /* A last report may come in after the result. */
  if (self->demo_cancellable == NULL)
    return;

  self->demo_fraction = fraction;
  update_import_progress (self, NULL);
}

static void
on_demo_generated (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DemoOp) op = user_data;
  TlWindow *self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean generated;

  generated = tl_demo_generator_run_finish (TL_DEMO_GENERATOR (source), result, &error);
  g_clear_object (&self->demo_cancellable);

  /* The window was closed: a finished video is picked up by the next "Try the demo match". */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || self->import_bar == NULL)
    return;

  update_import_progress (self, NULL);
  if (generated)
    {
      const char *paths[] = { op->path, NULL };

      import_files (self, paths, TRUE);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    tl_window_add_toast (self, adw_toast_new (_("Demo match cancelled")));
  else
    show_error_dialog (self, _("Could Not Make the Demo Match"), error->message);
}

void
tl_window_try_demo_match (TlWindow *self,
                          double    seconds)
{
  g_autoptr(TlDemoGenerator) generator = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sidecar = NULL;
  DemoOp *op;

  g_return_if_fail (TL_IS_WINDOW (self));
  g_return_if_fail (seconds > 0);

  /* Already on its way; the bar shows how far. */
  if (self->demo_cancellable != NULL)
    return;

  dir = g_build_filename (tl_library_get_dir (self->library), "demo", NULL);
  name = g_strdup_printf ("demo-match-%d.mp4", DEMO_SEED);
  path = g_build_filename (dir, name, NULL);
  sidecar = tl_demo_sidecar_path_for (path);

  /* The generator renames the video into place only when complete and writes the sidecar
   * after it, so both there means an earlier run finished. */
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && g_file_test (sidecar, G_FILE_TEST_IS_REGULAR))
    {
      const char *paths[] = { path, NULL };

      import_files (self, paths, TRUE);
      return;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *body = g_strdup_printf ("%s: %s", dir, g_strerror (saved_errno));

      show_error_dialog (self, _("Could Not Make the Demo Match"), body);
      return;
    }

  generator = tl_demo_generator_new ();
  g_object_set (generator, "seconds", seconds, "seed", (guint64) DEMO_SEED, NULL);
  g_signal_connect_object (generator, "progress", G_CALLBACK (on_demo_progress), self, 0);

  op = g_new0 (DemoOp, 1);
  op->self = g_object_ref (self);
  op->application = G_APPLICATION (g_object_ref (gtk_window_get_application (GTK_WINDOW (self))));
  op->path = g_steal_pointer (&path);
  g_application_hold (op->application);

  self->demo_cancellable = g_cancellable_new ();
  self->demo_fraction = 0.0;
  update_import_progress (self, NULL);

  tl_demo_generator_run_async (generator, op->path, self->demo_cancellable, on_demo_generated,
                               op);
}

static void
on_locate_chooser_response (GtkNativeDialog *native,
                            int              response,
                            TlWindow        *self)
{
  TlMatch *match = g_object_get_data (G_OBJECT (native), "match");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                     _("Only local files can be used"));
      else
        tl_library_relink_match (self->library, match, path, NULL, &error);

      if (error != NULL)
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *body = g_strdup_printf ("%s: %s", name, error->message);

          show_error_dialog (self, _("Could Not Locate the Video"), body);
        }
      else
        {
          g_autofree char *title = g_markup_printf_escaped (_("Found the video of “%s”"),
                                                            tl_match_get_title (match));

          tl_window_add_toast (self, adw_toast_new (title));
        }
    }

  g_object_unref (native);
}

void
tl_window_locate_match (TlWindow *self,
                        TlMatch  *match)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) videos = video_filter_new ();
  g_autoptr(GtkFileFilter) all = all_files_filter_new ();
  g_autofree char *title = NULL;
  g_autofree char *dir = NULL;

  g_return_if_fail (TL_IS_WINDOW (self));
  g_return_if_fail (TL_IS_MATCH (match));

  title = g_strdup_printf (_("Locate “%s”"), tl_match_get_title (match));
  native = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Select"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), videos);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (native), videos);

  /* Start where the file used to be, if that folder still exists. */
  dir = g_path_get_dirname (tl_match_get_file_path (match));
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (dir);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    }

  g_object_set_data_full (G_OBJECT (native), "match", g_object_ref (match), g_object_unref);
  g_signal_connect_object (native, "response", G_CALLBACK (on_locate_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
release_match_page (TlWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "library") == 0
      && !gtk_stack_get_transition_running (self->stack))
    tl_match_page_set_match (self->match_page, NULL);
}

void
tl_window_show_match (TlWindow *self,
                      TlMatch  *match)
{
  g_return_if_fail (TL_IS_WINDOW (self));
  g_return_if_fail (TL_IS_MATCH (match));

  tl_match_page_set_match (self->match_page, match);
  gtk_stack_set_visible_child_full (self->stack, "match", GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT);
}

void
tl_window_show_library (TlWindow *self)
{
  g_return_if_fail (TL_IS_WINDOW (self));

  gtk_stack_set_visible_child_full (self->stack, "library",
                                    GTK_STACK_TRANSITION_TYPE_SLIDE_RIGHT);
  /* Without animations the switch is done already; otherwise once the slide has finished. */
  release_match_page (self);
}

void
tl_window_add_toast (TlWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (TL_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_visible_page_changed (TlWindow *self)
{
  gboolean on_library = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack),
                                   "library") == 0;

  set_action_enabled (self, "search", on_library);
  set_action_enabled (self, "back", !on_library);
}

/* Files get moved and USB disks unplugged while Touchline is in the background: check again
 * when the user comes back, so the cards say which videos are missing. */
static void
on_is_active_changed (TlWindow *self)
{
  GListModel *matches;

  if (self->library == NULL || !gtk_window_is_active (GTK_WINDOW (self)))
    return;

  matches = tl_library_get_matches (self->library);
  for (guint i = 0; i < g_list_model_get_n_items (matches); i++)
    {
      g_autoptr(TlMatch) match = g_list_model_get_item (matches, i);

      tl_match_refresh_file_missing (match);
    }
}

static void
on_transition_running_changed (TlWindow *self)
{
  release_match_page (self);
}

static void
show_match_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  TlWindow *self = user_data;
  TlMatch *match = tl_library_lookup_match (self->library, g_variant_get_int64 (param));

  /* The toast that offered it may outlive the match (deleted meanwhile). */
  if (match != NULL)
    tl_window_show_match (self, match);
}

static void
back_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  tl_window_show_library (TL_WINDOW (user_data));
}

static void
search_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  TlWindow *self = user_data;

  tl_library_page_toggle_search (self->library_page);
}

static void
cancel_import_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  TlWindow *self = user_data;

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  if (self->demo_cancellable != NULL)
    g_cancellable_cancel (self->demo_cancellable);
}

static void
try_demo_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  /* Two minutes: long enough to see play, goals and restarts, made in about a minute. */
  tl_window_try_demo_match (TL_WINDOW (user_data), 120.0);
}

static const GActionEntry win_actions[] = {
  { .name = "show-match", .activate = show_match_action, .parameter_type = "x" },
  { .name = "back", .activate = back_action },
  { .name = "search", .activate = search_action },
  { .name = "cancel-import", .activate = cancel_import_action },
  { .name = "try-demo", .activate = try_demo_action },
};

static GdkDragAction
on_drop_enter (GtkDropTarget *target,
               double         x,
               double         y,
               TlWindow      *self)
{
  gtk_revealer_set_reveal_child (self->drop_revealer, TRUE);

  return GDK_ACTION_COPY;
}

static void
on_drop_leave (GtkDropTarget *target,
               TlWindow      *self)
{
  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         TlWindow      *self)
{
  GdkFileList *file_list = g_value_get_boxed (value);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  GSList *files;

  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);

  files = gdk_file_list_get_files (file_list);
  for (GSList *l = files; l != NULL; l = l->next)
    {
      char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_slist_free (files);

  if (paths->len == 0)
    return FALSE;

  g_ptr_array_add (paths, NULL);
  tl_window_import_files (self, (const char * const *) paths->pdata);

  return TRUE;
}

static void
tl_window_dispose (GObject *object)
{
  TlWindow *self = (TlWindow *) object;

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  if (self->demo_cancellable != NULL)
    g_cancellable_cancel (self->demo_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_WINDOW);

  G_OBJECT_CLASS (tl_window_parent_class)->dispose (object);
}

static void
tl_window_finalize (GObject *object)
{
  TlWindow *self = (TlWindow *) object;

  g_clear_object (&self->import_cancellable);
  g_clear_object (&self->demo_cancellable);
  g_clear_object (&self->library);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tl_window_parent_class)->finalize (object);
}

static void
tl_window_class_init (TlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_window_dispose;
  object_class->finalize = tl_window_finalize;

  g_type_ensure (TL_TYPE_LIBRARY_PAGE);
  g_type_ensure (TL_TYPE_MATCH_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/tl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, library_page);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, match_page);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, import_bar);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, import_spinner);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, import_label);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, drop_revealer);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_page_changed);
}

static void
tl_window_init (TlWindow *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions),
                                   self);
  set_action_enabled (self, "cancel-import", FALSE);
  on_visible_page_changed (self);

  g_signal_connect_object (self->stack, "notify::transition-running",
                           G_CALLBACK (on_transition_running_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_is_active_changed), NULL);

  /* Files dragged from a file manager: several at once, imported like chosen ones. */
  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "enter", G_CALLBACK (on_drop_enter), self);
  g_signal_connect (target, "leave", G_CALLBACK (on_drop_leave), self);
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

TlWindow *
tl_window_new (TlApplication *application)
{
  TlWindow *self;

  g_return_val_if_fail (TL_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (tl_application_get_library (application) != NULL, NULL);

  /* GtkWindow:application is no construct property: set up here, not in constructed(). */
  self = g_object_new (TL_TYPE_WINDOW, "application", application, NULL);
  self->library = g_object_ref (tl_application_get_library (application));
  self->settings = g_object_ref (tl_application_get_settings (application));

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT);

  tl_library_page_set_library (self->library_page, self->library);
  tl_match_page_set_library (self->match_page, self->library);

  return self;
}
