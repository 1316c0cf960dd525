/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-frame.h: a borrowed video frame as the tracking engine reads it (YUV 4:2:0, any strides). */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  TL_FRAME_I420 = 0,          /* planes: Y, U, V; chroma at half width and height */
  TL_FRAME_NV12,              /* planes: Y, interleaved UV; planes[2] unused */
} TlFrameFormat;

typedef struct
{
  TlFrameFormat  format;
  int            width;       /* luma pixels; even */
  int            height;
  const uint8_t *planes[3];
  int            strides[3];  /* bytes per row of each plane */
  int64_t        tag;         /* the caller's name for the frame (a video frame number, a
                               * timestamp): handed back with its tracks, which may come
                               * frames later (TlFrameResult.tag) */
} TlFrame;

/* The U and V sample of chroma pixel (@cx, @cy), whatever the layout. */
static inline void
tl_frame_chroma_rows (const TlFrame  *frame,
                      int             cy,
                      const uint8_t **u_row,
                      const uint8_t **v_row,
                      int            *step)
{
  const uint8_t *row = frame->planes[1] + (long) cy * frame->strides[1];

  if (frame->format == TL_FRAME_NV12)
    {
      *u_row = row;
      *v_row = row + 1;
      *step = 2;
    }
  else
    {
      *u_row = row;
      *v_row = frame->planes[2] + (long) cy * frame->strides[2];
      *step = 1;
    }
}

#ifdef __cplusplus
}
#endif
