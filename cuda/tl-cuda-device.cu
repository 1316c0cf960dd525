/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-cuda-device.cu: finds a usable CUDA device by launching a tiny kernel on it. */
#include <cuda_runtime.h>
#include <stdio.h>
#include <string.h>

#include "tl-track-device.h"

__global__ static void
tl_cuda_probe_kernel (int *out)
{
  *out = 42;
}

static TlTrackStatus
fail (cudaError_t  err,
      const char  *what,
      char        *reason,
      size_t       reason_size)
{
  if (reason != NULL && reason_size > 0)
    snprintf (reason, reason_size, "%s: %s", what, cudaGetErrorString (err));
  /* Leave no sticky error behind for the next caller. */
  cudaGetLastError ();
  return (err == cudaErrorNoDevice || err == cudaErrorInsufficientDriver)
         ? TL_TRACK_ERROR_NO_CUDA : TL_TRACK_ERROR_CUDA;
}

extern "C" TlTrackStatus
tl_cuda_device_probe (TlTrackDeviceInfo *out_info,
                      char              *reason,
                      size_t             reason_size)
{
  cudaDeviceProp prop;
  cudaError_t err;
  int count = 0;
  int *dev_value = NULL;
  int value = 0;

  err = cudaGetDeviceCount (&count);
  if (err != cudaSuccess)
    return fail (err, "no usable CUDA driver or device", reason, reason_size);
  if (count == 0)
    return fail (cudaErrorNoDevice, "no CUDA device", reason, reason_size);

  err = cudaGetDeviceProperties (&prop, 0);
  if (err != cudaSuccess)
    return fail (err, "cannot query CUDA device 0", reason, reason_size);

  /* A device whose architecture our binaries do not cover fails here, not in the middle of
   * an analysis. */
  err = cudaMalloc ((void **) &dev_value, sizeof *dev_value);
  if (err != cudaSuccess)
    return fail (err, "cannot allocate GPU memory", reason, reason_size);
  tl_cuda_probe_kernel<<<1, 1>>> (dev_value);
  err = cudaGetLastError ();
  if (err == cudaSuccess)
    err = cudaMemcpy (&value, dev_value, sizeof value, cudaMemcpyDeviceToHost);
  cudaFree (dev_value);
  if (err != cudaSuccess || value != 42)
    return fail (err != cudaSuccess ? err : cudaErrorLaunchFailure,
                 "test kernel failed on the GPU", reason, reason_size);

  out_info->index = 0;
  snprintf (out_info->name, sizeof out_info->name, "%s", prop.name);
  out_info->total_memory = prop.totalGlobalMem;
  out_info->compute_major = prop.major;
  out_info->compute_minor = prop.minor;
  out_info->multiprocessors = prop.multiProcessorCount;
  if (reason != NULL && reason_size > 0)
    reason[0] = '\0';

  return TL_TRACK_OK;
}
