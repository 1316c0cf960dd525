/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-report-delay.h: the person updates of the last few frames, kept until the engine reports
 * them (with the ball revised by what those frames showed, tl-ball-track.h), and their boxes
 * smoothed over the frames around them. */
#pragma once

#include <stdint.h>

#include "tl-state-buf.h"
#include "tl-tracker.h"

typedef struct _TlReportDelay TlReportDelay;

/* Frames kept before the one reported: how far back boxes are smoothed and gaps bridged. */
#define TL_REPORT_DELAY_BACK 16

/* Keeps the @lag + 1 newest frames and TL_REPORT_DELAY_BACK before them. NULL when out of
 * memory. */
TlReportDelay       *tl_report_delay_new     (int lag);
void                 tl_report_delay_free    (TlReportDelay *delay);
void                 tl_report_delay_reset   (TlReportDelay *delay);
/* Keeps the @n updates of frame @frame (frames come in order) and the caller's @tag for it,
 * forgetting the oldest; with a lag, only the updates of tracks seen in the frame (coasting
 * ones are left to the bridges of tl_report_delay_revised). -1 when out of memory. */
int                  tl_report_delay_keep    (TlReportDelay       *delay,
                                              int64_t              frame,
                                              int64_t              tag,
                                              const TlTrackUpdate *updates,
                                              int                  n);
/* Adds @update to the updates kept for @frame: a track confirmed since shows where it was
 * then. Nothing when that frame is not kept. -1 when out of memory. */
int                  tl_report_delay_add     (TlReportDelay       *delay,
                                              int64_t              frame,
                                              const TlTrackUpdate *update);
/* The tag @frame was kept with; -1 when that frame is not kept. */
int64_t              tl_report_delay_get_tag (TlReportDelay *delay,
                                              int64_t        frame);
/* The updates kept for @frame (*@n of them); NULL with *@n = 0 when that frame is not kept. */
const TlTrackUpdate *tl_report_delay_get     (TlReportDelay *delay,
                                              int64_t        frame,
                                              int           *n);
/* What @frame reports, into *@out (grown as needed; *@n updates): its updates with each box
 * averaged over the frames around it where its track was reported, as far on either side as
 * frames up to @newest are kept (the centre of its foot over 3 frames each way, its size over
 * 16, weights falling linearly), then a coasting update for each track missing in @frame but
 * reported shortly before and after it, on the line between those two reports. *@n = 0 when
 * the frame is not kept. -1 when out of memory. */
int                  tl_report_delay_revised (TlReportDelay  *delay,
                                              int64_t         frame,
                                              int64_t         newest,
                                              TlTrackUpdate **out,
                                              int            *out_capacity,
                                              int            *n);
/* Appends every frame kept to @w / reads them back (-1 when the blob is not one of this
 * build's). */
void                 tl_report_delay_save    (TlReportDelay *delay,
                                              TlStateWriter *w);
int                  tl_report_delay_restore (TlReportDelay *delay,
                                              TlStateReader *r);
