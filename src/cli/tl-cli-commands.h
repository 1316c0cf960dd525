/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-cli-commands.h: the touchline-cli commands; each parses its own arguments. */
#pragma once

#include "tl-cli.h"

G_BEGIN_DECLS

int tl_cli_import  (TlCli *cli, int argc, char **argv);
int tl_cli_list    (TlCli *cli, int argc, char **argv);
int tl_cli_info    (TlCli *cli, int argc, char **argv);
int tl_cli_rm      (TlCli *cli, int argc, char **argv);
int tl_cli_relink  (TlCli *cli, int argc, char **argv);
int tl_cli_devices (TlCli *cli, int argc, char **argv);
int tl_cli_analyze (TlCli *cli, int argc, char **argv);
int tl_cli_tracks  (TlCli *cli, int argc, char **argv);
int tl_cli_tag           (TlCli *cli, int argc, char **argv);
int tl_cli_events        (TlCli *cli, int argc, char **argv);
int tl_cli_export_events (TlCli *cli, int argc, char **argv);
int tl_cli_import_events (TlCli *cli, int argc, char **argv);
int tl_cli_reel    (TlCli *cli, int argc, char **argv);
int tl_cli_annotate (TlCli *cli, int argc, char **argv);
int tl_cli_still   (TlCli *cli, int argc, char **argv);

G_END_DECLS
