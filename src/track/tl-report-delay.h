/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-report-delay.h: the person updates of the last few frames, kept until the engine reports
 * them (with the ball revised by what those frames showed, tl-ball-track.h). */
#pragma once

#include <stdint.h>

#include "tl-state-buf.h"
#include "tl-tracker.h"

typedef struct _TlReportDelay TlReportDelay;

/* Keeps @lag + 1 frames. NULL when out of memory. */
TlReportDelay       *tl_report_delay_new     (int lag);
void                 tl_report_delay_free    (TlReportDelay *delay);
void                 tl_report_delay_reset   (TlReportDelay *delay);
/* Keeps the @n updates of frame @frame (frames come in order), forgetting those of frame
 * @frame - @lag - 1. -1 when out of memory. */
int                  tl_report_delay_keep    (TlReportDelay       *delay,
                                              int64_t              frame,
                                              const TlTrackUpdate *updates,
                                              int                  n);
/* The updates kept for @frame (*@n of them); NULL with *@n = 0 when that frame is not kept. */
const TlTrackUpdate *tl_report_delay_get     (TlReportDelay *delay,
                                              int64_t        frame,
                                              int           *n);
/* Appends the frames kept from @first on to @w / reads them back (-1 when the blob is not
 * one of this build's). */
void                 tl_report_delay_save    (TlReportDelay *delay,
                                              int64_t        first,
                                              TlStateWriter *w);
int                  tl_report_delay_restore (TlReportDelay *delay,
                                              TlStateReader *r);
