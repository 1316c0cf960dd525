/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-cli-main.c: touchline-cli: global options, command dispatch, Ctrl+C, shared helpers. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <gst/gst.h>

#include "tl-cli-commands.h"
#include "tl-cli-demo.h"

struct _TlCli
{
  char         *library_dir;   /* from --library, may be NULL */
  TlLibrary    *library;       /* opened on first use */
  GCancellable *cancellable;
  gboolean      library_failed;
};

typedef struct
{
  const char       *name;
  const char       *args;
  const char       *summary;
  TlCliCommandFunc  func;
} TlCliCommand;

static const TlCliCommand commands[] = {
  { "import",  "FILE…",       N_("Import video files into the library"), tl_cli_import },
  { "list",    "[--json]",    N_("List the matches in the library"), tl_cli_list },
  { "info",    "MATCH [--json]", N_("Show everything known about a match"), tl_cli_info },
  { "rm",      "MATCH",       N_("Remove a match and all its data from the library"), tl_cli_rm },
  { "relink",  "MATCH FILE",  N_("Point a match at its video after the file moved"),
    tl_cli_relink },
  { "devices", "[--json]",    N_("Show the analysis backends this machine offers"),
    tl_cli_devices },
  { "analyze", "MATCH [--backend auto|cpu|cuda] [--threads N]",
    N_("Track the players and the ball of a match (resumes an interrupted analysis)"),
    tl_cli_analyze },
  { "tracks",  "MATCH --format mot|pitch|json [-o FILE]",
    N_("Export the tracks of an analysed match"), tl_cli_tracks },
  { "annotate", "MATCH --shape SHAPE --at SECONDS --points X,Y[;X,Y…] [OPTION…]",
    N_("Draw on a match: arrow, zone, spotlight under a player…"), tl_cli_annotate },
  { "still",   "MATCH --at SECONDS -o FILE.png [--camera full|follow]",
    N_("Render a frame as the viewer shows it, drawings included"), tl_cli_still },
  { "demo",    "OUT.mp4 [OPTION…]", N_("Generate a synthetic panoramic match with ground truth"),
    tl_cli_demo },
  { "tag",     "MATCH --code CODE --at S…", N_("Tag an event in a match"),
    tl_cli_tag },
  { "events",  "MATCH [--json]", N_("List the tagged events of a match"), tl_cli_events },
  { "export-events", "MATCH -o FILE [--format F]",
    N_("Export a match's events (Sportscode XML, CSV, JSON)"), tl_cli_export_events },
  { "import-events", "MATCH FILE",  N_("Import events from a Sportscode XML, CSV or JSON file"),
    tl_cli_import_events },
  { "reel",    "--match MATCH (--events ID,…|--code CODE) -o OUT.mp4 [OPTION…]",
    N_("Export events of a match as a highlight reel (MP4)"), tl_cli_reel },
};

void
tl_cli_print_error (const char *path,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (path != NULL)
    g_printerr ("error: %s: %s\n", path, message);
  else
    g_printerr ("error: %s\n", message);
}

gboolean
tl_cli_parse_options (GOptionContext   *context,
                      int              *argc,
                      char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("usage: %s\n", error->message);
      return FALSE;
    }

  return TRUE;
}

GOptionContext *
tl_cli_command_context (const char *parameters,
                        const char *summary)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

gboolean
tl_cli_parse_command (GOptionContext   *context,
                      int              *argc,
                      char           ***argv,
                      int               min_args,
                      int               max_args,
                      const char       *usage)
{
  int n_args;

  if (!tl_cli_parse_options (context, argc, argv))
    return FALSE;

  n_args = *argc - 1;
  if (n_args < min_args || (max_args >= 0 && n_args > max_args))
    {
      g_printerr ("usage: %s\n", usage);
      return FALSE;
    }

  return TRUE;
}

void
tl_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

void
tl_cli_print_field (const char *label,
                    const char *format,
                    ...)
{
  g_autofree char *value = NULL;
  int pad = MAX (1, 15 - (int) g_utf8_strlen (label, -1));
  va_list args;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);

  g_print ("%s%*s%s\n", label, pad, "", value);
}

TlLibrary *
tl_cli_get_library (TlCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  if (cli->library != NULL || cli->library_failed)
    return cli->library;

  dir = tl_library_resolve_dir (cli->library_dir);
  if (!(cli->library = tl_library_open (dir, &error)))
    {
      cli->library_failed = TRUE;
      tl_cli_print_error (NULL, "%s", error->message);
    }

  return cli->library;
}

GCancellable *
tl_cli_get_cancellable (TlCli *cli)
{
  return cli->cancellable;
}

gboolean
tl_cli_is_interactive (TlCli *cli)
{
  return isatty (STDERR_FILENO);
}

TlMatch *
tl_cli_lookup_match (TlCli      *cli,
                     const char *arg)
{
  TlLibrary *library;
  TlMatch *match;
  guint64 id = 0;
  g_autoptr(GError) error = NULL;

  if (!g_ascii_string_to_unsigned (arg, 10, 1, G_MAXINT64, &id, &error))
    {
      tl_cli_print_error (NULL, _("“%s” is not a match id (see “touchline-cli list”)"), arg);
      return NULL;
    }

  if (!(library = tl_cli_get_library (cli)))
    return NULL;

  if (!(match = tl_library_lookup_match (library, (gint64) id)))
    tl_cli_print_error (NULL, _("no match %s in the library"), arg);

  return match;
}

/* Ctrl+C cancels the running command instead of killing it half-way through a write: a
 * small thread of its own waits for SIGINT/SIGTERM, since commands block the main thread. */
static gboolean
on_quit_signal (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

static gpointer
signal_thread (gpointer user_data)
{
  GMainContext *context = user_data;

  for (;;)
    g_main_context_iteration (context, TRUE);

  return NULL;
}

static void
watch_quit_signals (GCancellable *cancellable)
{
  GMainContext *context = g_main_context_new ();
  int signals[] = { SIGINT, SIGTERM };

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      g_autoptr(GSource) source = g_unix_signal_source_new (signals[i]);

      g_source_set_callback (source, on_quit_signal, g_object_ref (cancellable), g_object_unref);
      g_source_attach (source, context);
    }

  /* Lives until exit, like the process it guards. */
  g_thread_unref (g_thread_new ("tl-cli-signals", signal_thread, context));
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: touchline-cli [--library DIR] COMMAND [ARGS…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *call = g_strdup_printf ("%s %s", commands[i].name, commands[i].args);
      /* Pad by characters, not bytes: "…" is three bytes wide in UTF-8. */
      int pad = MAX (1, 25 - (int) g_utf8_strlen (call, -1));

      fprintf (out, "  %s%*s%s\n", call, pad, "", _(commands[i].summary));
    }
  fprintf (out, "\n%s\n", _("Options:"));
  fprintf (out, "  %-24s %s\n", "--library DIR",
           _("Use the library in DIR (default: $TOUCHLINE_LIBRARY, "
             "else ~/.local/share/touchline)"));
  fprintf (out, "  %-24s %s\n", "--version", _("Print the version and exit"));
  fprintf (out, "\n%s\n", _("MATCH is the number “list” shows. Run “COMMAND --help” for details."));
}

int
main (int    argc,
      char **argv)
{
  TlCli cli = { NULL, };
  g_autofree char *prgname = NULL;
  int first = 1;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command, so each command keeps its own option names. */
  while (first < argc && argv[first][0] == '-')
    {
      const char *arg = argv[first];

      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_usage (stdout);
          return TL_CLI_EXIT_OK;
        }
      else if (g_str_equal (arg, "--version"))
        {
          g_print ("touchline-cli %s\n", PACKAGE_VERSION);
          return TL_CLI_EXIT_OK;
        }
      else if (g_str_equal (arg, "--library") && first + 1 < argc)
        {
          g_free (cli.library_dir);
          cli.library_dir = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (arg, "--library="))
        {
          g_free (cli.library_dir);
          cli.library_dir = g_strdup (arg + strlen ("--library="));
          first += 1;
        }
      else
        {
          g_printerr ("usage: %s\n", arg[1] == '-' && g_str_equal (arg, "--library")
                      ? _("--library needs a folder") : _("unknown option before the command"));
          print_usage (stderr);
          return TL_CLI_EXIT_USAGE;
        }
    }

  if (first >= argc)
    {
      print_usage (stderr);
      return TL_CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (argv[first], commands[i].name))
        continue;

      /* "touchline-cli import --help" then says "touchline-cli import [OPTION…] FILE…". */
      prgname = g_strdup_printf ("touchline-cli %s", commands[i].name);
      g_set_prgname (prgname);
      gst_init (NULL, NULL);
      cli.cancellable = g_cancellable_new ();
      watch_quit_signals (cli.cancellable);

      status = commands[i].func (&cli, argc - first, argv + first);

      g_clear_object (&cli.library);
      g_clear_object (&cli.cancellable);
      g_free (cli.library_dir);
      return status;
    }

  g_printerr ("usage: %s\n", _("unknown command"));
  g_printerr ("       “%s”\n\n", argv[first]);
  print_usage (stderr);
  g_free (cli.library_dir);
  return TL_CLI_EXIT_USAGE;
}
