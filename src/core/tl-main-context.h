/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-main-context.h: handing work from a worker thread to the thread that owns a context. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs @func (@data) once in whichever thread iterates @context, at @priority; @notify (may be
 * NULL) frees @data there afterwards. Unlike g_main_context_invoke(), never in the calling
 * thread: invoke runs the function right away in a worker whenever @context is the global
 * default and no thread happens to own it between two iterations, so a signal meant for the
 * UI thread was emitted in the worker, and an object whose last reference the function
 * dropped was finalized there (a thumbnailer joining its own thread). */
void tl_main_context_idle_add (GMainContext   *context,
                               int             priority,
                               GSourceFunc     func,
                               gpointer        data,
                               GDestroyNotify  notify);

G_END_DECLS
