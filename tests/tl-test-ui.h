/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-test-ui.h: driving real GTK widgets in tests: main-loop waits and widget-tree searches. */
#pragma once

#include <gtk/gtk.h>

#include "tl-demo-generator.h"
#include "tl-test-media.h" /* tl_test_run_for_ms() */

G_BEGIN_DECLS

typedef gboolean (*TlTestCondition)   (gpointer       data);
typedef gboolean (*TlTestWidgetMatch) (GtkWidget     *widget,
                                       gconstpointer  data);

/* Runs the main loop until @condition holds or @timeout_s passes; returns the last result. */
gboolean   tl_test_wait_until   (TlTestCondition    condition,
                                 gpointer           data,
                                 guint              timeout_s);
/* The first widget of the tree under @widget (itself included, depth first) that @match
 * accepts, or NULL. */
GtkWidget *tl_test_find_widget  (GtkWidget         *widget,
                                 TlTestWidgetMatch  match,
                                 gconstpointer      data);
GtkWidget *tl_test_find_by_type (GtkWidget         *widget,
                                 GType              type);

/* Runs @generator into @path while the main loop keeps the widgets alive (the GUI tests' demo
 * videos). G_IO_ERROR_NOT_SUPPORTED when an encoder is missing: skip rather than fail. */
gboolean   tl_test_generate_demo (TlDemoGenerator  *generator,
                                  const char       *path,
                                  GError          **error);

G_END_DECLS
