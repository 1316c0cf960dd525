/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-cuda-bg.h: the CUDA backend of the per-pixel stages (cuda/tl-cuda-bg.cu), callable from C.
 *
 * The same stages as tl-bg-model.h with the same per-pixel maths (tl-bg-pixel.h): background
 * update and classification, then a 3x3 closing clipped to the pitch. The model lives on the
 * GPU; only the frame goes up and the mask comes down. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "tl-bg-model.h"
#include "tl-frame.h"
#include "tl-track-device.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _TlCudaBg TlCudaBg;

/* Allocates the model and buffers on device 0 and uploads the pitch mask (block resolution).
 * Out of GPU memory gives TL_TRACK_ERROR_NO_MEMORY so callers can fall back to the CPU. */
TlTrackStatus tl_cuda_bg_new     (int             width,
                                  int             height,
                                  const uint8_t  *pitch_blocks,
                                  TlCudaBg      **out,
                                  char           *message,
                                  size_t          message_size);
void          tl_cuda_bg_free    (TlCudaBg *bg);

/* Sets the model from a frame (as tl_bg_init_rows does on the CPU). */
TlTrackStatus tl_cuda_bg_init    (TlCudaBg       *bg,
                                  const TlFrame  *frame,
                                  const TlBgParams *params,
                                  char           *message,
                                  size_t          message_size);

/* One frame: writes the closed mask into @mask (host, packed) and sets @sums. With @raw_mask
 * (may be NULL) the mask before closing too. @hold: the cells not to absorb (host,
 * TL_BG_HOLD_WIDTH x TL_BG_HOLD_HEIGHT), as tl_bg_classify_rows. */
TlTrackStatus tl_cuda_bg_process (TlCudaBg           *bg,
                                  const TlBgParams   *params,
                                  const TlBgFrameCtl *ctl,
                                  const TlFrame      *frame,
                                  const uint8_t      *hold,
                                  uint8_t            *mask,
                                  uint8_t            *raw_mask,
                                  TlBgSums           *sums,
                                  char               *message,
                                  size_t              message_size);

/* Page-locked host memory (zeroed), for the mask tl_cuda_bg_process writes: its download then
 * goes straight over the bus instead of through the driver's pageable staging buffer. NULL when
 * none can be had; free with tl_cuda_host_free. */
uint8_t      *tl_cuda_host_alloc (size_t size);
void          tl_cuda_host_free  (uint8_t *data);

/* Pipelined use, where the caller reads one frame's mask while the GPU works on the next:
 * two slots, each a frame and its mask in page-locked memory (the frame's copy into it and its
 * transfer overlap, and the mask comes down at the bus's speed). 0 when page-locked memory
 * could not be had: tl_cuda_bg_process alone works then. */
int           tl_cuda_bg_has_slots (const TlCudaBg *bg);

/* The frame (of @format) and the mask (@mask may be NULL) of @slot (0 or 1), valid until
 * tl_cuda_bg_free. */
void          tl_cuda_bg_slot      (TlCudaBg        *bg,
                                    int              slot,
                                    TlFrameFormat    format,
                                    TlFrame         *frame,
                                    const uint8_t  **mask);

/* Writes rows [@y0, @y1) (even) of @staged, a slot's frame, for tl_cuda_bg_launch. */
typedef void (*TlCudaFillFunc) (void          *user,
                                const TlFrame *staged,
                                int            y0,
                                int            y1);

/* Starts one frame in @slot without waiting for it: @fill writes the slot's frame in slices,
 * each slice going up while @fill copies the next; then the kernels run and the closed mask
 * comes down into the slot's mask. @hold is copied before this returns. Until
 * tl_cuda_bg_finish, the slot is the GPU's and no other frame may be launched. */
TlTrackStatus tl_cuda_bg_launch    (TlCudaBg           *bg,
                                    const TlBgParams   *params,
                                    const TlBgFrameCtl *ctl,
                                    TlFrameFormat       format,
                                    TlCudaFillFunc      fill,
                                    void               *fill_user,
                                    int                 slot,
                                    const uint8_t      *hold,
                                    char               *message,
                                    size_t              message_size);

/* Whether a launched frame has not been finished yet. */
int           tl_cuda_bg_busy      (const TlCudaBg *bg);

/* Waits for the launched frame (if any) and sets @sums as tl_cuda_bg_process does. */
TlTrackStatus tl_cuda_bg_finish    (TlCudaBg  *bg,
                                    TlBgSums  *sums,
                                    char      *message,
                                    size_t     message_size);

/* Seconds the device spent on the uploads, the kernels and the downloads of every
 * tl_cuda_bg_process so far (CUDA events; all 0 when events could not be created). */
void          tl_cuda_bg_get_times (const TlCudaBg *bg,
                                    double         *upload_s,
                                    double         *kernels_s,
                                    double         *download_s);

/* Copies the model planes back (tests compare them with the CPU's). */
TlTrackStatus tl_cuda_bg_download_model (TlCudaBg   *bg,
                                         TlBgPlanes *planes,
                                         char       *message,
                                         size_t      message_size);

/* Copies model planes up (a saved engine state, possibly from the CPU backend: the planes
 * mean the same on both). */
TlTrackStatus tl_cuda_bg_upload_model (TlCudaBg         *bg,
                                       const TlBgPlanes *planes,
                                       char             *message,
                                       size_t            message_size);

#ifdef __cplusplus
}
#endif
