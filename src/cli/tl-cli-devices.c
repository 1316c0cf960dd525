/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-cli-devices.c: touchline-cli devices: which analysis backends this machine offers. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tl-cli-commands.h"
#include "tl-track-device.h"

int
tl_cli_devices (TlCli  *cli,
                int     argc,
                char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    tl_cli_command_context (NULL, _("Show the analysis backends this machine offers."));
  TlTrackDeviceInfo info;
  char reason[256];
  gboolean cuda_ok;
  guint cpus = g_get_num_processors ();

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tl_cli_parse_command (context, &argc, &argv, 0, 0, _("touchline-cli devices [--json]")))
    return TL_CLI_EXIT_USAGE;

  cuda_ok = tl_track_cuda_probe (&info, reason, sizeof reason) == TL_TRACK_OK;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "cpu_threads");
      json_builder_add_int_value (builder, cpus);
      json_builder_set_member_name (builder, "cuda_built");
      json_builder_add_boolean_value (builder, tl_track_have_cuda_build ());
      json_builder_set_member_name (builder, "cuda_usable");
      json_builder_add_boolean_value (builder, cuda_ok);
      json_builder_set_member_name (builder, cuda_ok ? "cuda_device" : "cuda_reason");
      json_builder_add_string_value (builder, cuda_ok ? info.name : reason);
      if (cuda_ok)
        {
          g_autofree char *capability = g_strdup_printf ("%d.%d", info.compute_major,
                                                         info.compute_minor);

          json_builder_set_member_name (builder, "cuda_memory_bytes");
          json_builder_add_int_value (builder, (gint64) info.total_memory);
          json_builder_set_member_name (builder, "cuda_compute_capability");
          json_builder_add_string_value (builder, capability);
        }
      json_builder_end_object (builder);

      tl_cli_print_json (builder);
      return TL_CLI_EXIT_OK;
    }

  g_print (ngettext ("cpu\tavailable, %u thread\n", "cpu\tavailable, %u threads\n", cpus), cpus);
  if (cuda_ok)
    g_print (_("cuda\t%s, %.1f GiB, compute capability %d.%d, %d multiprocessors\n"),
             info.name, info.total_memory / (1024.0 * 1024.0 * 1024.0),
             info.compute_major, info.compute_minor, info.multiprocessors);
  else
    g_print (_("cuda\tunavailable: %s\n"), reason);

  return TL_CLI_EXIT_OK;
}
