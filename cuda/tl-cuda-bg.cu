/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-cuda-bg.cu: CUDA twins of the CPU per-pixel stages (tl-bg-model.c), same integer maths. */
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl-cuda-bg.h"
#include "tl-bg-pixel.h"

struct _TlCudaBg
{
  int           width, height;
  cudaStream_t  stream;

  /* Model, packed planes as in TlBgPlanes. */
  uint8_t      *mean_y, *spread_y, *age_y, *mean_u, *mean_v;
  uint8_t      *lo_y, *hi_y;  /* 3x3 min / max of mean_y before the frame's update */
  uint8_t      *lo_u, *hi_u, *lo_v, *hi_v;
  uint8_t      *pitch;          /* block resolution */
  uint8_t      *hold;           /* TL_BG_HOLD_CELL cells, sent every frame */
  int           hold_w, hold_h;

  /* The frame as uploaded: luma, and chroma as two planes or one interleaved. */
  uint8_t      *frame_y, *frame_c0, *frame_c1;
  uint8_t      *raw, *dilated, *closed;
  unsigned long long *sums;     /* frame luma, model luma */

  /* Timing only: before the upload, after it, after the kernels, after the downloads. */
  cudaEvent_t   marks[4];
  int           n_marks;        /* created */
  int           timing;         /* all four created and none has failed since */
  double        seconds[3];     /* upload, kernels, download, summed */
};

/* A frame on the device: NV12 has @step 2 and @v = @u + 1. */
typedef struct
{
  const uint8_t *y, *u, *v;
  int            y_stride, c_stride, step;
} DevFrame;

static TlTrackStatus
fail (cudaError_t  err,
      const char  *what,
      char        *message,
      size_t       message_size)
{
  if (message != NULL && message_size > 0)
    snprintf (message, message_size, "%s: %s", what, cudaGetErrorString (err));
  cudaGetLastError ();
  return err == cudaErrorMemoryAllocation ? TL_TRACK_ERROR_NO_MEMORY : TL_TRACK_ERROR_CUDA;
}

__global__ static void
init_kernel (TlBgParams p,
             DevFrame   f,
             int        cw,
             int        ch,
             uint8_t   *mean_y,
             uint8_t   *spread_y,
             uint8_t   *age_y,
             uint8_t   *mean_u,
             uint8_t   *mean_v)
{
  int cx = blockIdx.x * blockDim.x + threadIdx.x;
  int cy = blockIdx.y * blockDim.y + threadIdx.y;
  int w = 2 * cw;

  if (cx >= cw || cy >= ch)
    return;
  for (int dy = 0; dy < 2; dy++)
    for (int dx = 0; dx < 2; dx++)
      {
        int x = 2 * cx + dx, y = 2 * cy + dy;

        mean_y[(long) y * w + x] = f.y[(long) y * f.y_stride + x];
        spread_y[(long) y * w + x] = (uint8_t) p.var_init;
        age_y[(long) y * w + x] = 0;
      }
  mean_u[(long) cy * cw + cx] = f.u[(long) cy * f.c_stride + cx * f.step];
  mean_v[(long) cy * cw + cx] = f.v[(long) cy * f.c_stride + cx * f.step];
}

/* 3x3 minimum and maximum of the model mean, neighbours outside the image ignored (as
 * tl_bg_range_rows). A kernel of its own so classify_kernel reads the means of before the
 * update, whatever order its blocks run in. */
__global__ static void
range_kernel (const uint8_t *plane,
              uint8_t       *lo_plane,
              uint8_t       *hi_plane,
              int            width,
              int            height)
{
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  int lo = 255, hi = 0;

  if (x >= width || y >= height)
    return;
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      {
        int xx = x + dx, yy = y + dy;
        int m;

        if (xx < 0 || xx >= width || yy < 0 || yy >= height)
          continue;
        m = plane[(long) yy * width + xx];
        lo = m < lo ? m : lo;
        hi = m > hi ? m : hi;
      }
  lo_plane[(long) y * width + x] = (uint8_t) lo;
  hi_plane[(long) y * width + x] = (uint8_t) hi;
}

/* One thread per 2x2 block, like one iteration of the CPU loop. */
__global__ static void
classify_kernel (TlBgParams          p,
                 TlBgFrameCtl        ctl,
                 DevFrame            f,
                 int                 cw,
                 int                 ch,
                 const uint8_t      *pitch,
                 const uint8_t      *hold,
                 int                 hold_w,
                 uint8_t            *mean_y,
                 uint8_t            *spread_y,
                 uint8_t            *age_y,
                 const uint8_t      *lo_y,
                 const uint8_t      *hi_y,
                 const uint8_t      *lo_u,
                 const uint8_t      *hi_u,
                 const uint8_t      *lo_v,
                 const uint8_t      *hi_v,
                 uint8_t            *mean_u,
                 uint8_t            *mean_v,
                 uint8_t            *mask,
                 unsigned long long *sums)
{
  __shared__ unsigned long long block_sums[2];
  int cx = blockIdx.x * blockDim.x + threadIdx.x;
  int cy = blockIdx.y * blockDim.y + threadIdx.y;
  int w = 2 * cw;
  unsigned int sum_frame = 0, sum_model = 0;

  if (threadIdx.x == 0 && threadIdx.y == 0)
    block_sums[0] = block_sums[1] = 0;
  __syncthreads ();

  if (cx < cw && cy < ch)
    {
      long i0 = (long) (2 * cy) * w + 2 * cx, i1 = i0 + w;
      const uint8_t *in0 = f.y + (long) (2 * cy) * f.y_stride + 2 * cx;
      const uint8_t *in1 = in0 + f.y_stride;

      if (!pitch[(long) cy * cw + cx])
        {
          mask[i0] = mask[i0 + 1] = mask[i1] = mask[i1 + 1] = 0;
        }
      else
        {
          uint8_t u = f.u[(long) cy * f.c_stride + cx * f.step];
          uint8_t v = f.v[(long) cy * f.c_stride + cx * f.step];
          long ci = (long) cy * cw + cx;
          int held = hold[(long) (2 * cy / TL_BG_HOLD_CELL) * hold_w + 2 * cx / TL_BG_HOLD_CELL]
                     != 0;
          int dc = tl_bg_chroma_dist (u, v, lo_u[ci], hi_u[ci], lo_v[ci], hi_v[ci]);
          uint8_t m[4] = { mean_y[i0], mean_y[i0 + 1], mean_y[i1], mean_y[i1 + 1] };
          uint8_t s[4] = { spread_y[i0], spread_y[i0 + 1], spread_y[i1], spread_y[i1 + 1] };
          uint8_t a[4] = { age_y[i0], age_y[i0 + 1], age_y[i1], age_y[i1 + 1] };
          int o[4];
          uint8_t mu = mean_u[ci], mv = mean_v[ci];

          sum_frame = (unsigned) in0[0] + in0[1] + in1[0] + in1[1];
          sum_model = (unsigned) m[0] + m[1] + m[2] + m[3];
          o[0] = tl_bg_luma_pixel (&p, &ctl, in0[0], dc, held, lo_y[i0], hi_y[i0], &m[0], &s[0],
                                   &a[0]);
          o[1] = tl_bg_luma_pixel (&p, &ctl, in0[1], dc, held, lo_y[i0 + 1], hi_y[i0 + 1], &m[1],
                                   &s[1], &a[1]);
          o[2] = tl_bg_luma_pixel (&p, &ctl, in1[0], dc, held, lo_y[i1], hi_y[i1], &m[2], &s[2],
                                   &a[2]);
          o[3] = tl_bg_luma_pixel (&p, &ctl, in1[1], dc, held, lo_y[i1 + 1], hi_y[i1 + 1], &m[3],
                                   &s[3], &a[3]);
          tl_bg_chroma_update (&ctl, o[0] | o[1] | o[2] | o[3], held, u, v, &mu, &mv);

          mean_y[i0] = m[0];
          mean_y[i0 + 1] = m[1];
          mean_y[i1] = m[2];
          mean_y[i1 + 1] = m[3];
          spread_y[i0] = s[0];
          spread_y[i0 + 1] = s[1];
          spread_y[i1] = s[2];
          spread_y[i1 + 1] = s[3];
          age_y[i0] = a[0];
          age_y[i0 + 1] = a[1];
          age_y[i1] = a[2];
          age_y[i1 + 1] = a[3];
          mean_u[ci] = mu;
          mean_v[ci] = mv;
          mask[i0] = (uint8_t) o[0];
          mask[i0 + 1] = (uint8_t) o[1];
          mask[i1] = (uint8_t) o[2];
          mask[i1 + 1] = (uint8_t) o[3];
        }
    }

  /* Integer sums: the order of the atomics cannot change the result. */
  if (sum_frame != 0 || sum_model != 0)
    {
      atomicAdd (&block_sums[0], (unsigned long long) sum_frame);
      atomicAdd (&block_sums[1], (unsigned long long) sum_model);
    }
  __syncthreads ();
  if (threadIdx.x == 0 && threadIdx.y == 0 && (block_sums[0] != 0 || block_sums[1] != 0))
    {
      atomicAdd (&sums[0], block_sums[0]);
      atomicAdd (&sums[1], block_sums[1]);
    }
}

/* 3x3 dilation or erosion, neighbours outside the image ignored (as tl_bg_morph_rows). */
__global__ static void
morph_kernel (const uint8_t *in,
              uint8_t       *out,
              int            width,
              int            height,
              int            erode,
              const uint8_t *pitch)
{
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  int acc;

  if (x >= width || y >= height)
    return;
  acc = erode ? 255 : 0;
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      {
        int xx = x + dx, yy = y + dy;

        if (xx < 0 || xx >= width || yy < 0 || yy >= height)
          continue;
        acc = erode ? (acc & in[(long) yy * width + xx]) : (acc | in[(long) yy * width + xx]);
      }
  if (pitch != NULL && !pitch[(long) (y / 2) * (width / 2) + x / 2])
    acc = 0;
  out[(long) y * width + x] = (uint8_t) acc;
}

extern "C" TlTrackStatus
tl_cuda_bg_new (int             width,
                int             height,
                const uint8_t  *pitch_blocks,
                TlCudaBg      **out,
                char           *message,
                size_t          message_size)
{
  TlCudaBg *bg;
  size_t luma = (size_t) width * height, chroma = luma / 4;
  cudaError_t err;

  *out = NULL;
  bg = (TlCudaBg *) calloc (1, sizeof *bg);
  if (bg == NULL)
    return TL_TRACK_ERROR_NO_MEMORY;
  bg->width = width;
  bg->height = height;

  err = cudaStreamCreateWithFlags (&bg->stream, cudaStreamNonBlocking);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->mean_y, luma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->spread_y, luma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->age_y, luma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->lo_y, luma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->hi_y, luma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->lo_u, chroma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->hi_u, chroma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->lo_v, chroma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->hi_v, chroma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->mean_u, chroma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->mean_v, chroma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->pitch, chroma);
  bg->hold_w = TL_BG_HOLD_WIDTH (width);
  bg->hold_h = TL_BG_HOLD_HEIGHT (height);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->hold, (size_t) bg->hold_w * bg->hold_h);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->frame_y, luma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->frame_c0, luma / 2);   /* room for interleaved NV12 */
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->frame_c1, chroma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->raw, luma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->dilated, luma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->closed, luma);
  if (err == cudaSuccess)
    err = cudaMalloc ((void **) &bg->sums, 2 * sizeof (unsigned long long));
  if (err == cudaSuccess)
    err = cudaMemcpy (bg->pitch, pitch_blocks, chroma, cudaMemcpyHostToDevice);
  if (err != cudaSuccess)
    {
      TlTrackStatus status = fail (err, "cannot set up the CUDA background model",
                                   message, message_size);
      tl_cuda_bg_free (bg);
      return status;
    }

  /* The events only time the stages: without them the engine runs the same. */
  while (bg->n_marks < 4 && cudaEventCreate (&bg->marks[bg->n_marks]) == cudaSuccess)
    bg->n_marks++;
  cudaGetLastError ();
  bg->timing = bg->n_marks == 4;

  *out = bg;
  return TL_TRACK_OK;
}

extern "C" void
tl_cuda_bg_free (TlCudaBg *bg)
{
  if (bg == NULL)
    return;
  cudaFree (bg->mean_y);
  cudaFree (bg->spread_y);
  cudaFree (bg->age_y);
  cudaFree (bg->lo_y);
  cudaFree (bg->hi_y);
  cudaFree (bg->lo_u);
  cudaFree (bg->hi_u);
  cudaFree (bg->lo_v);
  cudaFree (bg->hi_v);
  cudaFree (bg->mean_u);
  cudaFree (bg->mean_v);
  cudaFree (bg->pitch);
  cudaFree (bg->hold);
  cudaFree (bg->frame_y);
  cudaFree (bg->frame_c0);
  cudaFree (bg->frame_c1);
  cudaFree (bg->raw);
  cudaFree (bg->dilated);
  cudaFree (bg->closed);
  cudaFree (bg->sums);
  for (int i = 0; i < bg->n_marks; i++)
    cudaEventDestroy (bg->marks[i]);
  if (bg->stream != NULL)
    cudaStreamDestroy (bg->stream);
  free (bg);
}

extern "C" uint8_t *
tl_cuda_host_alloc (size_t size)
{
  void *data = NULL;

  if (cudaMallocHost (&data, size) != cudaSuccess)
    {
      cudaGetLastError ();
      return NULL;
    }
  memset (data, 0, size);
  return (uint8_t *) data;
}

extern "C" void
tl_cuda_host_free (uint8_t *data)
{
  if (data != NULL)
    cudaFreeHost (data);
}

/* Records timing mark @i on the stream; a failure only stops the timing. */
static void
mark (TlCudaBg *bg,
      int       i)
{
  if (bg->timing && cudaEventRecord (bg->marks[i], bg->stream) != cudaSuccess)
    {
      bg->timing = 0;
      cudaGetLastError ();
    }
}

/* After the stream is done: adds the stages' times between the four marks. */
static void
add_marked_times (TlCudaBg *bg)
{
  float ms[3];

  for (int i = 0; i < 3 && bg->timing; i++)
    if (cudaEventElapsedTime (&ms[i], bg->marks[i], bg->marks[i + 1]) != cudaSuccess)
      {
        bg->timing = 0;
        cudaGetLastError ();
      }
  for (int i = 0; i < 3 && bg->timing; i++)
    bg->seconds[i] += ms[i] / 1000.0;
}

extern "C" void
tl_cuda_bg_get_times (const TlCudaBg *bg,
                      double         *upload_s,
                      double         *kernels_s,
                      double         *download_s)
{
  *upload_s = bg->seconds[0];
  *kernels_s = bg->seconds[1];
  *download_s = bg->seconds[2];
}

/* Uploads @frame (any strides) into packed device planes. */
static cudaError_t
upload (TlCudaBg      *bg,
        const TlFrame *frame,
        DevFrame      *dev)
{
  int w = bg->width, h = bg->height;
  cudaError_t err;

  err = cudaMemcpy2DAsync (bg->frame_y, w, frame->planes[0], frame->strides[0], w, h,
                           cudaMemcpyHostToDevice, bg->stream);
  dev->y = bg->frame_y;
  dev->y_stride = w;
  if (err != cudaSuccess)
    return err;

  if (frame->format == TL_FRAME_NV12)
    {
      err = cudaMemcpy2DAsync (bg->frame_c0, w, frame->planes[1], frame->strides[1], w, h / 2,
                               cudaMemcpyHostToDevice, bg->stream);
      dev->u = bg->frame_c0;
      dev->v = bg->frame_c0 + 1;
      dev->c_stride = w;
      dev->step = 2;
    }
  else
    {
      err = cudaMemcpy2DAsync (bg->frame_c0, w / 2, frame->planes[1], frame->strides[1], w / 2,
                               h / 2, cudaMemcpyHostToDevice, bg->stream);
      if (err == cudaSuccess)
        err = cudaMemcpy2DAsync (bg->frame_c1, w / 2, frame->planes[2], frame->strides[2],
                                 w / 2, h / 2, cudaMemcpyHostToDevice, bg->stream);
      dev->u = bg->frame_c0;
      dev->v = bg->frame_c1;
      dev->c_stride = w / 2;
      dev->step = 1;
    }
  return err;
}

extern "C" TlTrackStatus
tl_cuda_bg_init (TlCudaBg         *bg,
                 const TlFrame    *frame,
                 const TlBgParams *params,
                 char             *message,
                 size_t            message_size)
{
  int cw = bg->width / 2, ch = bg->height / 2;
  dim3 block (32, 8), grid ((cw + 31) / 32, (ch + 7) / 8);
  DevFrame dev;
  cudaError_t err = upload (bg, frame, &dev);

  if (err == cudaSuccess)
    {
      init_kernel<<<grid, block, 0, bg->stream>>> (*params, dev, cw, ch, bg->mean_y,
                                                   bg->spread_y, bg->age_y, bg->mean_u,
                                                   bg->mean_v);
      err = cudaGetLastError ();
    }
  if (err == cudaSuccess)
    err = cudaStreamSynchronize (bg->stream);
  return err == cudaSuccess ? TL_TRACK_OK
         : fail (err, "CUDA background initialisation failed", message, message_size);
}

extern "C" TlTrackStatus
tl_cuda_bg_process (TlCudaBg           *bg,
                    const TlBgParams   *params,
                    const TlBgFrameCtl *ctl,
                    const TlFrame      *frame,
                    const uint8_t      *hold,
                    uint8_t            *mask,
                    uint8_t            *raw_mask,
                    TlBgSums           *sums,
                    char               *message,
                    size_t              message_size)
{
  int w = bg->width, h = bg->height, cw = w / 2, ch = h / 2;
  dim3 block (32, 8);
  dim3 grid_blocks ((cw + 31) / 32, (ch + 7) / 8);
  dim3 grid_pixels ((w + 31) / 32, (h + 7) / 8);
  unsigned long long host_sums[2] = { 0, 0 };
  DevFrame dev;
  cudaError_t err;

  mark (bg, 0);
  err = upload (bg, frame, &dev);
  if (err == cudaSuccess)
    err = cudaMemcpyAsync (bg->hold, hold, (size_t) bg->hold_w * bg->hold_h,
                           cudaMemcpyHostToDevice, bg->stream);
  if (err == cudaSuccess)
    err = cudaMemsetAsync (bg->sums, 0, 2 * sizeof (unsigned long long), bg->stream);
  if (err == cudaSuccess)
    {
      mark (bg, 1);
      range_kernel<<<grid_pixels, block, 0, bg->stream>>> (bg->mean_y, bg->lo_y, bg->hi_y, w,
                                                           h);
      range_kernel<<<grid_blocks, block, 0, bg->stream>>> (bg->mean_u, bg->lo_u, bg->hi_u, cw,
                                                           ch);
      range_kernel<<<grid_blocks, block, 0, bg->stream>>> (bg->mean_v, bg->lo_v, bg->hi_v, cw,
                                                           ch);
      classify_kernel<<<grid_blocks, block, 0, bg->stream>>> (
        *params, *ctl, dev, cw, ch, bg->pitch, bg->hold, bg->hold_w, bg->mean_y, bg->spread_y,
        bg->age_y, bg->lo_y, bg->hi_y, bg->lo_u, bg->hi_u, bg->lo_v, bg->hi_v, bg->mean_u, bg->mean_v, bg->raw, bg->sums);
      morph_kernel<<<grid_pixels, block, 0, bg->stream>>> (bg->raw, bg->dilated, w, h, 0, NULL);
      morph_kernel<<<grid_pixels, block, 0, bg->stream>>> (bg->dilated, bg->closed, w, h, 1,
                                                           bg->pitch);
      err = cudaGetLastError ();
      mark (bg, 2);
    }
  if (err == cudaSuccess)
    err = cudaMemcpyAsync (mask, bg->closed, (size_t) w * h, cudaMemcpyDeviceToHost,
                           bg->stream);
  if (err == cudaSuccess && raw_mask != NULL)
    err = cudaMemcpyAsync (raw_mask, bg->raw, (size_t) w * h, cudaMemcpyDeviceToHost,
                           bg->stream);
  if (err == cudaSuccess)
    err = cudaMemcpyAsync (host_sums, bg->sums, sizeof host_sums, cudaMemcpyDeviceToHost,
                           bg->stream);
  if (err == cudaSuccess)
    {
      mark (bg, 3);
      err = cudaStreamSynchronize (bg->stream);
    }
  if (err != cudaSuccess)
    return fail (err, "CUDA background step failed", message, message_size);
  add_marked_times (bg);

  sums->frame_luma = host_sums[0];
  sums->model_luma = host_sums[1];
  return TL_TRACK_OK;
}

/* Copies the five model planes between the device and @host (mean, spread and age of luma,
 * chroma means), either way. */
static cudaError_t
copy_model (TlCudaBg       *bg,
            uint8_t *const  host[5],
            cudaMemcpyKind  kind)
{
  size_t luma = (size_t) bg->width * bg->height;
  uint8_t *const device[5] = { bg->mean_y, bg->spread_y, bg->age_y, bg->mean_u, bg->mean_v };
  const size_t sizes[5] = { luma, luma, luma, luma / 4, luma / 4 };
  cudaError_t err = cudaSuccess;

  for (int i = 0; i < 5 && err == cudaSuccess; i++)
    err = kind == cudaMemcpyDeviceToHost ? cudaMemcpy (host[i], device[i], sizes[i], kind)
                                         : cudaMemcpy (device[i], host[i], sizes[i], kind);
  return err;
}

extern "C" TlTrackStatus
tl_cuda_bg_download_model (TlCudaBg   *bg,
                           TlBgPlanes *planes,
                           char       *message,
                           size_t      message_size)
{
  uint8_t *const host[5] = { planes->mean_y, planes->spread_y, planes->age_y, planes->mean_u,
                             planes->mean_v };
  cudaError_t err = copy_model (bg, host, cudaMemcpyDeviceToHost);

  return err == cudaSuccess ? TL_TRACK_OK
         : fail (err, "cannot read the CUDA background model", message, message_size);
}

extern "C" TlTrackStatus
tl_cuda_bg_upload_model (TlCudaBg         *bg,
                         const TlBgPlanes *planes,
                         char             *message,
                         size_t            message_size)
{
  /* Only read: cudaMemcpy wants the same pointer type either way. */
  uint8_t *const host[5] = { planes->mean_y, planes->spread_y, planes->age_y, planes->mean_u,
                             planes->mean_v };
  cudaError_t err = copy_model (bg, host, cudaMemcpyHostToDevice);

  return err == cudaSuccess ? TL_TRACK_OK
         : fail (err, "cannot write the CUDA background model", message, message_size);
}
