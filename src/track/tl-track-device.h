/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-track-device.h: which compute backends the tracking engine can use on this machine.
 *
 * Plain C11, no GLib: the tracking core builds with nvcc alone. */
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  TL_TRACK_BACKEND_AUTO = 0,  /* CUDA when a usable device is found, else CPU */
  TL_TRACK_BACKEND_CPU,
  TL_TRACK_BACKEND_CUDA,
} TlTrackBackend;

typedef enum
{
  TL_TRACK_OK = 0,
  TL_TRACK_ERROR_INVALID,     /* bad argument */
  TL_TRACK_ERROR_NO_CUDA,     /* built without CUDA, no driver, or no device */
  TL_TRACK_ERROR_CUDA,        /* the CUDA runtime failed; the message says how */
  TL_TRACK_ERROR_NO_MEMORY,
} TlTrackStatus;

typedef struct
{
  int    index;               /* CUDA device ordinal */
  char   name[256];           /* e.g. "NVIDIA H100 80GB HBM3" */
  size_t total_memory;        /* bytes */
  int    compute_major;
  int    compute_minor;
  int    multiprocessors;
} TlTrackDeviceInfo;

/* Looks for a CUDA device that can run our kernels (a test kernel is launched, so a driver too
 * old for our binaries counts as unusable). On failure @reason (may be NULL) receives a sentence
 * for logs and the UI. Never aborts. */
TlTrackStatus tl_track_cuda_probe   (TlTrackDeviceInfo *out_info,
                                     char              *reason,
                                     size_t             reason_size);

/* Resolves AUTO to CPU or CUDA with tl_track_cuda_probe(); asking for CUDA when none is usable
 * fails with TL_TRACK_ERROR_NO_CUDA and the reason. */
TlTrackStatus tl_track_backend_resolve (TlTrackBackend     requested,
                                        TlTrackBackend    *out_backend,
                                        TlTrackDeviceInfo *out_info,
                                        char              *reason,
                                        size_t             reason_size);

const char   *tl_track_backend_to_string (TlTrackBackend backend);
/* Returns 0 and sets @out for "auto", "cpu" or "cuda"; -1 otherwise. */
int           tl_track_backend_from_string (const char     *str,
                                            TlTrackBackend *out);

/* 1 when this build contains the CUDA backend. */
int           tl_track_have_cuda_build (void);

#ifdef __cplusplus
}
#endif
