/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-cli-demo.h: `touchline-cli demo`: writes a synthetic match video with ground truth. */
#pragma once

#include "tl-cli.h"

G_BEGIN_DECLS

int tl_cli_demo (TlCli  *cli,
                 int     argc,
                 char  **argv);

G_END_DECLS
