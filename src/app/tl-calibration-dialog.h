/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-calibration-dialog.h: calibrating a match's camera by clicking pitch landmarks on a frame.
 *
 * The frame on screen is shown in a TlViewer of its own (zoom in to click precisely); the user
 * picks a landmark from the list (corners, halfway-line ends, penalty and goal areas, spots)
 * and clicks it in the picture. From four points on, the camera is fitted (tl_camera_fit ())
 * after every click, the pitch lines are drawn through the fitted camera over the frame, and
 * the error is given in metres, per point and overall. Save stores the calibration through
 * tl_library_set_calibration () in the demo sidecar's JSON form, with the clicks kept so that
 * a later session starts from them. A calibrated match opens with its points placed. */
#pragma once

#include <adwaita.h>

#include "tl-calibration.h"
#include "tl-library.h"
#include "tl-video-frame.h"
#include "tl-viewer.h"

G_BEGIN_DECLS

#define TL_TYPE_CALIBRATION_DIALOG (tl_calibration_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TlCalibrationDialog, tl_calibration_dialog, TL, CALIBRATION_DIALOG,
                      AdwWindow)

TlCalibrationDialog *tl_calibration_dialog_new (TlLibrary    *library,
                                                TlMatch      *match,
                                                TlVideoFrame *frame);

TlViewer  *tl_calibration_dialog_get_viewer      (TlCalibrationDialog *self);
/* Makes landmark @id (a TlPitchLandmark id) the one the next click places. */
gboolean   tl_calibration_dialog_select_landmark (TlCalibrationDialog *self,
                                                  const char          *id);
/* What a click at viewer widget point (@x, @y) does: places the selected landmark there, moves
 * on to the next unplaced one and fits again. */
void       tl_calibration_dialog_click           (TlCalibrationDialog *self,
                                                  double               x,
                                                  double               y);
guint      tl_calibration_dialog_get_n_placed    (TlCalibrationDialog *self);
/* TRUE with the fit's @report once >= 4 points give a camera. */
gboolean   tl_calibration_dialog_get_fit         (TlCalibrationDialog *self,
                                                  TlCalibrationReport *report);
/* Removes every point. */
void       tl_calibration_dialog_reset           (TlCalibrationDialog *self);
/* What Save does, without closing the window. */
gboolean   tl_calibration_dialog_save            (TlCalibrationDialog *self,
                                                  GError             **error);

G_END_DECLS
