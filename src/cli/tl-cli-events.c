/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-cli-events.c: touchline-cli tag, events, export-events and import-events. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "tl-cli-commands.h"
#include "tl-event-files.h"

#define NS_PER_S 1000000000.0
/* A code unknown to the default template gets the schema's lead and lag. */
#define DEFAULT_LEAD_LAG_S 5.0

typedef struct
{
  TlLibrary     *library;
  TlMatch       *match;
  TlMatchEvents *events;
  TlMatchSheet  *sheet;
} MatchContext;

/* Looks up MATCH and opens its events and sheet; prints the error itself. */
static gboolean
open_match (TlCli        *cli,
            const char   *arg,
            MatchContext *ctx)
{
  g_autoptr(GError) error = NULL;

  if (!(ctx->match = tl_cli_lookup_match (cli, arg)))
    return FALSE;
  ctx->library = tl_cli_get_library (cli);
  if (!(ctx->events = tl_library_get_match_events (ctx->library, tl_match_get_id (ctx->match),
                                                   &error))
      || !(ctx->sheet = tl_library_get_match_sheet (ctx->library, tl_match_get_id (ctx->match),
                                                    &error)))
    {
      tl_cli_print_error (NULL, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_seconds_option (const char *option,
                      double      seconds,
                      gint64     *out_ns)
{
  if (!(seconds >= 0) || seconds > 1e7)
    {
      g_printerr ("usage: %s\n", option);
      return FALSE;
    }
  *out_ns = (gint64) (seconds * NS_PER_S + 0.5);
  return TRUE;
}

/* One event as a line: ID START END CLOCK CODE LABELS TEAM PLAYER NOTE, tab-separated; CLOCK
 * is the match clock of the tagged moment ("-" before kick-off or without periods). */
static void
print_event_line (MatchContext      *ctx,
                  const TlEventInfo *info)
{
  g_autofree char *start = tl_event_format_seconds (info->start_ns);
  g_autofree char *end = tl_event_format_seconds (info->end_ns);
  /* The clock of the tagged moment, not of the start the lead moved back. */
  g_autofree char *clock = tl_match_sheet_format_clock (ctx->sheet,
                                                        MIN (info->start_ns + info->lead_ns,
                                                             info->end_ns));
  g_autofree char *labels = g_strjoinv (";", info->labels);
  TlTeam *team = info->team_id > 0 ? tl_match_sheet_lookup_team (ctx->sheet, info->team_id) : NULL;
  TlSquadPlayer *player = info->player_id > 0
                          ? tl_match_sheet_lookup_player (ctx->sheet, info->player_id) : NULL;
  g_autofree char *player_label = player != NULL ? tl_squad_player_dup_label (player) : NULL;

  g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
           info->id, start, end, clock != NULL ? clock : "-", info->code,
           *labels != '\0' ? labels : "-",
           team != NULL ? tl_team_get_name (team) : "-",
           player_label != NULL ? player_label : "-",
           info->note != NULL ? info->note : "");
}

/* Fills the code's colour, lead, lag and id from the default template when it has the code. */
static void
apply_template (MatchContext *ctx,
                TlTagRequest *request,
                const char   *code_name)
{
  TlTagTemplates *templates = tl_library_get_tag_templates (ctx->library, NULL);
  TlTagTemplate *template_ = templates != NULL ? tl_tag_templates_get_default (templates) : NULL;
  TlTagCode *code = template_ != NULL ? tl_tag_template_find_code (template_, code_name) : NULL;

  request->code = code_name;
  request->lead_ns = (gint64) (DEFAULT_LEAD_LAG_S * NS_PER_S);
  request->lag_ns = (gint64) (DEFAULT_LEAD_LAG_S * NS_PER_S);
  if (code == NULL)
    return;
  request->code_id = tl_tag_code_get_id (code);
  request->color = tl_tag_code_get_color (code);
  request->lead_ns = tl_tag_code_get_lead (code);
  request->lag_ns = tl_tag_code_get_lag (code);
}

static gboolean
resolve_team_player (MatchContext  *ctx,
                     const char    *team_name,
                     int            number,
                     TlTagRequest  *request)
{
  TlTeam *team = NULL;
  TlSquadPlayer *player;

  if (team_name != NULL && !(team = tl_match_sheet_find_team (ctx->sheet, team_name)))
    {
      tl_cli_print_error (NULL, _("match %lld has no team “%s” (home and away are set in the"
                                  " match's sheet)"),
                          (long long) tl_match_get_id (ctx->match), team_name);
      return FALSE;
    }
  if (team != NULL)
    request->team_id = tl_team_get_id (team);
  if (number < 0)
    return TRUE;

  player = tl_match_sheet_find_player (ctx->sheet, request->team_id, number);
  if (player == NULL)
    {
      tl_cli_print_error (NULL, _("no player with number %d on the sheet of match %lld"), number,
                          (long long) tl_match_get_id (ctx->match));
      return FALSE;
    }
  /* Without --team, a number both teams wear is ambiguous. */
  if (team == NULL)
    for (TlSide side = TL_SIDE_HOME; side <= TL_SIDE_AWAY; side++)
      {
        TlTeam *other = tl_match_sheet_get_team (ctx->sheet, side);
        TlSquadPlayer *found = other != NULL
                               ? tl_match_sheet_find_player (ctx->sheet, tl_team_get_id (other),
                                                             number) : NULL;

        if (found != NULL && found != player)
          {
            tl_cli_print_error (NULL, _("both teams have a number %d: say which with --team"),
                                number);
            return FALSE;
          }
      }
  request->player_id = tl_squad_player_get_id (player);
  request->team_id = tl_squad_player_get_team_id (player);
  return TRUE;
}

/* --stdin: one "SECONDS CODE" a line; each saved tag is acknowledged with its id on stdout
 * before the next line is read, so a killed stream loses nothing it acknowledged. */
static int
tag_stream (MatchContext *ctx)
{
  char line[4096];
  long line_no = 0;
  int status = TL_CLI_EXIT_OK;

  while (fgets (line, sizeof line, stdin) != NULL)
    {
      g_autoptr(GError) error = NULL;
      TlTagRequest request = { NULL, };
      char *code;
      gint64 at_ns = 0;
      gint64 id;

      line_no++;
      g_strstrip (line);
      if (*line == '\0' || *line == '#')
        continue;
      code = strpbrk (line, " \t");
      if (code != NULL)
        *code++ = '\0';
      if (code == NULL || *g_strstrip (code) == '\0' || !tl_event_parse_seconds (line, &at_ns))
        {
          g_printerr ("error: stdin:%ld: %s\n", line_no, _("write SECONDS CODE"));
          status = TL_CLI_EXIT_ERROR;
          continue;
        }
      apply_template (ctx, &request, code);
      request.at_ns = at_ns;
      if ((id = tl_match_events_tag (ctx->events, &request, &error)) == 0)
        {
          g_printerr ("error: stdin:%ld: %s\n", line_no, error->message);
          status = TL_CLI_EXIT_ERROR;
          continue;
        }
      g_print ("%" G_GINT64_FORMAT "\n", id);
      fflush (stdout);
    }
  return status;
}

int
tl_cli_tag (TlCli  *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *code = NULL;
  g_autofree char *team = NULL;
  g_autofree char *note = NULL;
  g_autofree char *color = NULL;
  g_auto(GStrv) labels = NULL;
  double at = -1, lead = -1, lag = -1;
  int player = -1;
  gboolean from_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("The code (e.g. “Goal”)"), "CODE" },
    { "at", 0, 0, G_OPTION_ARG_DOUBLE, &at, N_("The moment in the video, in seconds"),
      "SECONDS" },
    { "lead", 0, 0, G_OPTION_ARG_DOUBLE, &lead,
      N_("Seconds before the moment (default: the code's, else 5)"), "S" },
    { "lag", 0, 0, G_OPTION_ARG_DOUBLE, &lag,
      N_("Seconds after the moment (default: the code's, else 5)"), "S" },
    { "label", 0, 0, G_OPTION_ARG_STRING_ARRAY, &labels, N_("A label (repeatable)"),
      "GROUP:TEXT" },
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, N_("The home or away team, by name"), "NAME" },
    { "player", 0, 0, G_OPTION_ARG_INT, &player, N_("The player's shirt number"), "N" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note"), "TEXT" },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color, N_("The colour (default: the code's)"),
      "#RRGGBB" },
    { "stdin", 0, 0, G_OPTION_ARG_NONE, &from_stdin,
      N_("Read “SECONDS CODE” lines and print each saved event's id"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    tl_cli_command_context (_("MATCH"), _("Tag an event: from SECONDS - lead to SECONDS + lag. "
                                          "Prints the event as “events” does."));
  const char *usage = "touchline-cli tag MATCH --code CODE --at SECONDS [--lead S] [--lag S]"
                      " [--label GROUP:TEXT]... [--team NAME] [--player N]";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  TlTagRequest request = { NULL, };
  MatchContext ctx = { NULL, };
  gint64 id;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tl_cli_parse_command (context, &argc, &argv, 1, 1, usage))
    return TL_CLI_EXIT_USAGE;
  if (!from_stdin && (code == NULL || at < 0))
    {
      g_printerr ("usage: %s\n", usage);
      return TL_CLI_EXIT_USAGE;
    }
  if (!open_match (cli, argv[1], &ctx))
    return TL_CLI_EXIT_ERROR;
  if (from_stdin)
    return tag_stream (&ctx);

  apply_template (&ctx, &request, code);
  if (!parse_seconds_option ("--at SECONDS", at, &request.at_ns)
      || (lead >= 0 && !parse_seconds_option ("--lead S", lead, &request.lead_ns))
      || (lag >= 0 && !parse_seconds_option ("--lag S", lag, &request.lag_ns)))
    return TL_CLI_EXIT_USAGE;
  if (!resolve_team_player (&ctx, team, player, &request))
    return TL_CLI_EXIT_ERROR;
  if (color != NULL)
    request.color = color;
  request.labels = (const char * const *) labels;
  request.note = note;

  if ((id = tl_match_events_tag (ctx.events, &request, &error)) == 0)
    {
      tl_cli_print_error (NULL, "%s", error->message);
      return TL_CLI_EXIT_ERROR;
    }

  infos = tl_match_events_dup_infos (ctx.events);
  for (guint i = 0; i < infos->len; i++)
    if (((TlEventInfo *) g_ptr_array_index (infos, i))->id == id)
      print_event_line (&ctx, g_ptr_array_index (infos, i));
  return TL_CLI_EXIT_OK;
}

int
tl_cli_events (TlCli  *cli,
               int     argc,
               char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (the export-events format)"),
      NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    tl_cli_command_context (_("MATCH"), _("List the tagged events of a match, by start: id, start"
                                          " and end (s), match clock, code, labels, team, player,"
                                          " note."));
  g_autoptr(GError) error = NULL;
  MatchContext ctx = { NULL, };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tl_cli_parse_command (context, &argc, &argv, 1, 1, "touchline-cli events MATCH [--json]"))
    return TL_CLI_EXIT_USAGE;
  if (!open_match (cli, argv[1], &ctx))
    return TL_CLI_EXIT_ERROR;

  if (json)
    {
      g_autoptr(TlEventDocument) document = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gsize size;
      const char *data;

      if (!(document = tl_event_files_collect (ctx.events, tl_library_get_store (ctx.library),
                                               &error)))
        {
          tl_cli_print_error (NULL, "%s", error->message);
          return TL_CLI_EXIT_ERROR;
        }
      bytes = tl_event_document_serialize (document, TL_EVENT_FORMAT_JSON, FALSE);
      data = g_bytes_get_data (bytes, &size);
      fwrite (data, 1, size, stdout);
      g_print ("\n");
      return TL_CLI_EXIT_OK;
    }

  {
    g_autoptr(GPtrArray) infos = tl_match_events_dup_infos (ctx.events);

    for (guint i = 0; i < infos->len; i++)
      print_event_line (&ctx, g_ptr_array_index (infos, i));
  }
  return TL_CLI_EXIT_OK;
}

int
tl_cli_export_events (TlCli  *cli,
                      int     argc,
                      char  **argv)
{
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  gboolean utf16 = FALSE;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      N_("sportscode, csv or json (default: from the file name)"), "FORMAT" },
    { "utf16", 0, 0, G_OPTION_ARG_NONE, &utf16,
      N_("Sportscode: write UTF-16 with a BOM, as Sportscode does"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    tl_cli_command_context (_("MATCH"), _("Export the events of a match as a Sportscode XML edit "
                                          "list, CSV or JSON."));
  const char *usage = "touchline-cli export-events MATCH --format sportscode|csv|json [--utf16]"
                      " -o FILE";
  g_autoptr(TlEventDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  TlEventFormat format;
  MatchContext ctx = { NULL, };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tl_cli_parse_command (context, &argc, &argv, 1, 1, usage))
    return TL_CLI_EXIT_USAGE;
  if (output == NULL
      || (format_name != NULL ? !tl_event_format_from_string (format_name, &format)
                              : !tl_event_format_guess (output, &format))
      || (utf16 && format != TL_EVENT_FORMAT_SPORTSCODE))
    {
      g_printerr ("usage: %s\n", usage);
      return TL_CLI_EXIT_USAGE;
    }
  if (!open_match (cli, argv[1], &ctx))
    return TL_CLI_EXIT_ERROR;

  if (!(document = tl_event_files_collect (ctx.events, tl_library_get_store (ctx.library),
                                           &error)))
    {
      tl_cli_print_error (output, "%s", error->message);
      return TL_CLI_EXIT_ERROR;
    }
  /* Sportscode has no teams or players: they go as Team: and Player: labels. */
  if (format == TL_EVENT_FORMAT_SPORTSCODE)
    tl_event_document_name_teams (document, ctx.sheet);
  if (!tl_event_document_save (document, output, format, utf16, &error))
    {
      tl_cli_print_error (output, "%s", error->message);
      return TL_CLI_EXIT_ERROR;
    }

  g_print (_("%s: %u events, %u codes\n"), output, document->events->len, document->rows->len);
  return TL_CLI_EXIT_OK;
}

/* Without --format or a telling extension: XML starts with '<' (or a BOM), JSON with '{'. */
static TlEventFormat
sniff_format (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  guchar head[4] = { 0, };
  gsize n = 0;

  if (stream != NULL)
    g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, NULL, NULL);
  if (n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)
                 || head[0] == '<' || (head[0] == 0xEF && n >= 4 && head[3] == '<')))
    return TL_EVENT_FORMAT_SPORTSCODE;
  if (n >= 1 && head[0] == '{')
    return TL_EVENT_FORMAT_JSON;
  return TL_EVENT_FORMAT_CSV;
}

int
tl_cli_import_events (TlCli  *cli,
                      int     argc,
                      char  **argv)
{
  g_autofree char *format_name = NULL;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      N_("sportscode, csv or json (default: from the file)"), "FORMAT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    tl_cli_command_context (_("MATCH FILE"), _("Add the events of a Sportscode XML edit list, a "
                                               "CSV or a JSON file to a match: all of them or, "
                                               "when the file has a problem, none."));
  const char *usage = "touchline-cli import-events MATCH FILE [--format sportscode|csv|json]";
  g_autoptr(TlEventDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  TlEventImportSummary summary = { 0, };
  TlEventFormat format;
  MatchContext ctx = { NULL, };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tl_cli_parse_command (context, &argc, &argv, 2, 2, usage))
    return TL_CLI_EXIT_USAGE;
  if (format_name != NULL && !tl_event_format_from_string (format_name, &format))
    {
      g_printerr ("usage: %s\n", usage);
      return TL_CLI_EXIT_USAGE;
    }
  if (format_name == NULL && !tl_event_format_guess (argv[2], &format))
    format = sniff_format (argv[2]);
  if (!open_match (cli, argv[1], &ctx))
    return TL_CLI_EXIT_ERROR;

  description = g_strdup_printf (_("Import %s"), argv[2]);
  document = tl_event_document_load (argv[2], format, &error);
  if (document != NULL && format == TL_EVENT_FORMAT_SPORTSCODE)
    tl_event_document_resolve_teams (document, ctx.sheet);
  if (document == NULL
      || !tl_event_files_import (ctx.events, tl_library_get_store (ctx.library), document,
                                 description, &summary, &error))
    {
      /* Parse errors already start with the file name. */
      if (g_str_has_prefix (error->message, argv[2]))
        tl_cli_print_error (NULL, "%s", error->message);
      else
        tl_cli_print_error (argv[2], "%s", error->message);
      return TL_CLI_EXIT_ERROR;
    }

  g_print (_("%s: imported %u instances, %u codes and %u labels into match %s\n"), argv[2],
           summary.instances, summary.codes, summary.labels, argv[1]);
  return TL_CLI_EXIT_OK;
}
