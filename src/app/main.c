/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: entry point of the touchline desktop application. */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <locale.h>

#include "tl-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TlApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Before GApplication parses the command line, so GStreamer's own options work too. */
  gst_init (&argc, &argv);

  app = tl_application_new (NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
