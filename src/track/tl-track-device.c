/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-track-device.c: backend selection; the CUDA side lives in cuda/tl-cuda-device.cu. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tl-track-device.h"

#if TL_HAVE_CUDA
/* Defined in cuda/tl-cuda-device.cu. */
TlTrackStatus tl_cuda_device_probe (TlTrackDeviceInfo *out_info,
                                    char              *reason,
                                    size_t             reason_size);
#endif

static void
set_reason (char       *reason,
            size_t      reason_size,
            const char *text)
{
  if (reason != NULL && reason_size > 0)
    snprintf (reason, reason_size, "%s", text);
}

int
tl_track_have_cuda_build (void)
{
  return TL_HAVE_CUDA;
}

TlTrackStatus
tl_track_cuda_probe (TlTrackDeviceInfo *out_info,
                     char              *reason,
                     size_t             reason_size)
{
  TlTrackDeviceInfo scratch;

  if (out_info == NULL)
    out_info = &scratch;
  memset (out_info, 0, sizeof *out_info);
  out_info->index = -1;

#if TL_HAVE_CUDA
  return tl_cuda_device_probe (out_info, reason, reason_size);
#else
  set_reason (reason, reason_size, "this build of Touchline has no CUDA backend");
  return TL_TRACK_ERROR_NO_CUDA;
#endif
}

TlTrackStatus
tl_track_backend_resolve (TlTrackBackend     requested,
                          TlTrackBackend    *out_backend,
                          TlTrackDeviceInfo *out_info,
                          char              *reason,
                          size_t             reason_size)
{
  TlTrackDeviceInfo info;
  TlTrackStatus status;

  if (out_backend == NULL)
    return TL_TRACK_ERROR_INVALID;

  set_reason (reason, reason_size, "");
  memset (&info, 0, sizeof info);
  info.index = -1;

  switch (requested)
    {
    case TL_TRACK_BACKEND_CPU:
      *out_backend = TL_TRACK_BACKEND_CPU;
      status = TL_TRACK_OK;
      break;

    case TL_TRACK_BACKEND_CUDA:
      status = tl_track_cuda_probe (&info, reason, reason_size);
      *out_backend = status == TL_TRACK_OK ? TL_TRACK_BACKEND_CUDA : TL_TRACK_BACKEND_CPU;
      break;

    case TL_TRACK_BACKEND_AUTO:
      /* A missing GPU is not an error for auto: the reason stays for the log. */
      *out_backend = tl_track_cuda_probe (&info, reason, reason_size) == TL_TRACK_OK
                     ? TL_TRACK_BACKEND_CUDA : TL_TRACK_BACKEND_CPU;
      status = TL_TRACK_OK;
      break;

    default:
      set_reason (reason, reason_size, "unknown backend");
      return TL_TRACK_ERROR_INVALID;
    }

  if (out_info != NULL)
    *out_info = info;

  return status;
}

const char *
tl_track_backend_to_string (TlTrackBackend backend)
{
  switch (backend)
    {
    case TL_TRACK_BACKEND_AUTO: return "auto";
    case TL_TRACK_BACKEND_CPU:  return "cpu";
    case TL_TRACK_BACKEND_CUDA: return "cuda";
    default:                    return "unknown";
    }
}

int
tl_track_backend_from_string (const char     *str,
                              TlTrackBackend *out)
{
  static const TlTrackBackend all[] = {
    TL_TRACK_BACKEND_AUTO, TL_TRACK_BACKEND_CPU, TL_TRACK_BACKEND_CUDA,
  };

  if (str == NULL || out == NULL)
    return -1;

  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    if (strcmp (str, tl_track_backend_to_string (all[i])) == 0)
      {
        *out = all[i];
        return 0;
      }

  return -1;
}
