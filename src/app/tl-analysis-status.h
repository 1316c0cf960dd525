/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-analysis-status.h: a match's analysis at a glance: progress, time left, device, controls.
 *
 * Shown on the library card (compact: progress, time left and the device, one pause/resume/
 * retry button) and over the match page's video (with the decoder, and pause, resume, retry
 * and cancel). Follows the TlMatch's analysis-* properties, which TlAnalysisQueue keeps up to
 * date; its buttons activate app.analyse-match / app.pause-analysis / app.cancel-analysis.
 * Hidden while there is nothing to report (not analysed, or done). */
#pragma once

#include <gtk/gtk.h>

#include "tl-match.h"

G_BEGIN_DECLS

#define TL_TYPE_ANALYSIS_STATUS (tl_analysis_status_get_type ())
G_DECLARE_FINAL_TYPE (TlAnalysisStatus, tl_analysis_status, TL, ANALYSIS_STATUS, GtkWidget)

GtkWidget *tl_analysis_status_new         (void);
TlMatch   *tl_analysis_status_get_match   (TlAnalysisStatus *self);
/* @match: (nullable) */
void       tl_analysis_status_set_match   (TlAnalysisStatus *self,
                                           TlMatch          *match);
gboolean   tl_analysis_status_get_compact (TlAnalysisStatus *self);
void       tl_analysis_status_set_compact (TlAnalysisStatus *self,
                                           gboolean          compact);
/* "12 min left", "Less than a minute left"; caller frees. */
char      *tl_analysis_status_format_eta  (gint64            seconds);

G_END_DECLS
