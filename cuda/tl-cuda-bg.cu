/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-cuda-bg.cu: CUDA twins of the CPU per-pixel stages (tl-bg-model.c), same integer maths. */
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl-cuda-bg.h"
#include "tl-bg-pixel.h"

/* The frame's sums (TlBgSums): frame and model luma over the pitch's gain rows, then over
 * their agreeing pixels. */
#define TL_CUDA_N_SUMS 4

struct _TlCudaBg
{
  int           width, height;
  cudaStream_t  stream;

  /* Model, packed planes as in TlBgPlanes. The means are read and written in the same kernel,
   * which also takes their 3x3 range, so each frame reads one copy and writes the other
   * (@cur is the one that holds the model); spread and age are only read at their own pixel. */
  uint8_t      *mean_y[2], *mean_u[2], *mean_v[2];
  int           cur;
  uint8_t      *spread_y, *age_y;
  uint8_t      *pitch;          /* block resolution */
  uint8_t      *hold;           /* TL_BG_HOLD_CELL cells, sent every frame */
  int           hold_w, hold_h;

  /* The frame as uploaded: luma, and chroma as two planes or one interleaved. */
  uint8_t      *frame_y, *frame_c0, *frame_c1;
  uint8_t      *raw, *closed;
  unsigned long long *sums;     /* TL_CUDA_N_SUMS: frame and model luma, all and agreeing */

  /* Page-locked host memory: a pageable copy makes the driver stage it through a buffer of
   * its own, one thread, at a fraction of the bus's speed. Two slots of a frame (@stage,
   * filled by the caller's threads) and its mask (@masks), so the caller can read one frame's
   * while the next goes through the GPU (tl_cuda_bg_launch); @hold_host the held cells,
   * @sums_host the sums. NULL when page-locked memory could not be had: the frames and masks
   * then go through the caller's pageable memory (tl_cuda_bg_process), the sums through
   * @pageable_sums. */
  uint8_t      *stage[2];
  uint8_t      *masks[2];
  uint8_t      *hold_host;
  unsigned long long *sums_host;
  unsigned long long  pageable_sums[TL_CUDA_N_SUMS];
  int           in_flight;      /* a frame was launched and not yet finished */

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

/* The classification's thread block: CLASSIFY_BX x CLASSIFY_BY threads, one per 2x2 block. */
#define CLASSIFY_BX 32
#define CLASSIFY_BY 8
/* Its tiles of the model's means: its own pixels and one around them for the 3x3 ranges. */
#define TILE_Y_W (2 * CLASSIFY_BX + 2)
#define TILE_Y_H (2 * CLASSIFY_BY + 2)
#define TILE_C_W (CLASSIFY_BX + 2)
#define TILE_C_H (CLASSIFY_BY + 2)

__device__ static __forceinline__ int
clamp_index (int i,
             int n)
{
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/* Fills @tile (@tile_w x @tile_h) from @plane (@width x @height) starting at (@x0, @y0), the
 * coordinates clamped to the plane. For a 3x3 minimum, maximum, OR or AND centred on a pixel
 * of the plane that is exactly "neighbours outside the image ignored" (tl_bg_range_rows,
 * tl_bg_morph_rows): a clamped neighbour is another pixel of the same 3x3 window. */
__device__ static __forceinline__ void
load_tile (uint8_t       *tile,
           int            tile_w,
           int            tile_h,
           const uint8_t *plane,
           int            width,
           int            height,
           int            x0,
           int            y0)
{
  int n_threads = blockDim.x * blockDim.y;

  for (int i = threadIdx.y * blockDim.x + threadIdx.x; i < tile_w * tile_h; i += n_threads)
    {
      int r = i / tile_w, c = i % tile_w;

      tile[i] = plane[(long) clamp_index (y0 + r, height) * width + clamp_index (x0 + c, width)];
    }
}

/* 3x3 minimum and maximum around (@x, @y) of @tile (@tile_w wide). */
__device__ static __forceinline__ void
tile_range (const uint8_t *tile,
            int            tile_w,
            int            x,
            int            y,
            uint8_t       *lo,
            uint8_t       *hi)
{
  int l = 255, u = 0;

  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      {
        int m = tile[(y + dy) * tile_w + x + dx];

        l = m < l ? m : l;
        u = m > u ? m : u;
      }
  *lo = (uint8_t) l;
  *hi = (uint8_t) u;
}

/* One thread per 2x2 block, like one iteration of the CPU loop (tl_bg_classify_rows), with
 * the model's 3x3 ranges (tl_bg_range_rows) taken from the block's tiles of the means as they
 * were before this frame: the old means are read from one copy and the new ones written to
 * the other, so no block sees another's update. Block (32, 8) threads. */
__global__ static void
classify_kernel (TlBgParams          p,
                 TlBgFrameCtl        ctl,
                 DevFrame            f,
                 int                 cw,
                 int                 ch,
                 const uint8_t      *pitch,
                 const uint8_t      *hold,
                 int                 hold_w,
                 const uint8_t      *old_y,
                 const uint8_t      *old_u,
                 const uint8_t      *old_v,
                 uint8_t            *mean_y,
                 uint8_t            *mean_u,
                 uint8_t            *mean_v,
                 uint8_t            *spread_y,
                 uint8_t            *age_y,
                 uint8_t            *mask,
                 unsigned long long *sums)
{
  __shared__ uint8_t tile_y[TILE_Y_H * TILE_Y_W];
  __shared__ uint8_t tile_u[TILE_C_H * TILE_C_W];
  __shared__ uint8_t tile_v[TILE_C_H * TILE_C_W];
  __shared__ unsigned long long block_sums[TL_CUDA_N_SUMS];
  int bx0 = blockIdx.x * CLASSIFY_BX, by0 = blockIdx.y * CLASSIFY_BY;
  int cx = bx0 + threadIdx.x;
  int cy = by0 + threadIdx.y;
  int w = 2 * cw;
  unsigned int sum_frame = 0, sum_model = 0, sum_frame_agreeing = 0, sum_model_agreeing = 0;

  if (threadIdx.x == 0 && threadIdx.y == 0)
    for (int k = 0; k < TL_CUDA_N_SUMS; k++)
      block_sums[k] = 0;
  load_tile (tile_y, TILE_Y_W, TILE_Y_H, old_y, w, 2 * ch, 2 * bx0 - 1, 2 * by0 - 1);
  load_tile (tile_u, TILE_C_W, TILE_C_H, old_u, cw, ch, bx0 - 1, by0 - 1);
  load_tile (tile_v, TILE_C_W, TILE_C_H, old_v, cw, ch, bx0 - 1, by0 - 1);
  __syncthreads ();

  if (cx < cw && cy < ch)
    {
      long i0 = (long) (2 * cy) * w + 2 * cx, i1 = i0 + w;
      long ci = (long) cy * cw + cx;
      /* The block's first pixel in the luma tile, its chroma in the chroma tiles. */
      int ty = 2 * threadIdx.y + 1, tx = 2 * threadIdx.x + 1;
      int tc = (threadIdx.y + 1) * TILE_C_W + threadIdx.x + 1;
      uint8_t m[4] = { tile_y[ty * TILE_Y_W + tx], tile_y[ty * TILE_Y_W + tx + 1],
                       tile_y[(ty + 1) * TILE_Y_W + tx], tile_y[(ty + 1) * TILE_Y_W + tx + 1] };
      uint8_t mu = tile_u[tc], mv = tile_v[tc];

      if (!pitch[ci])
        {
          mask[i0] = mask[i0 + 1] = mask[i1] = mask[i1 + 1] = 0;
        }
      else
        {
          const uint8_t *in0 = f.y + (long) (2 * cy) * f.y_stride + 2 * cx;
          const uint8_t *in1 = in0 + f.y_stride;
          uint8_t u = f.u[(long) cy * f.c_stride + cx * f.step];
          uint8_t v = f.v[(long) cy * f.c_stride + cx * f.step];
          int held = hold[(long) (2 * cy / TL_BG_HOLD_CELL) * hold_w + 2 * cx / TL_BG_HOLD_CELL];
          uint8_t lo_u, hi_u, lo_v, hi_v, lo[4], hi[4];
          uint8_t s[4] = { spread_y[i0], spread_y[i0 + 1], spread_y[i1], spread_y[i1 + 1] };
          uint8_t a[4] = { age_y[i0], age_y[i0 + 1], age_y[i1], age_y[i1 + 1] };
          const uint8_t luma[4] = { in0[0], in0[1], in1[0], in1[1] };
          int o[4], chroma, luma_x4 = 0, model_x4 = 0;

          tile_range (tile_u, TILE_C_W, threadIdx.x + 1, threadIdx.y + 1, &lo_u, &hi_u);
          tile_range (tile_v, TILE_C_W, threadIdx.x + 1, threadIdx.y + 1, &lo_v, &hi_v);
          for (int k = 0; k < 4; k++)
            {
              luma_x4 += luma[k];
              model_x4 += m[k];
            }
          chroma = tl_bg_block_chroma (&p, ctl.gain_q8, u, v, lo_u, hi_u, lo_v, hi_v, luma_x4,
                                       model_x4);
          for (int k = 0; k < 4; k++)
            tile_range (tile_y, TILE_Y_W, tx + (k & 1), ty + (k >> 1), &lo[k], &hi[k]);

          /* The gain's sums, over its rows (TL_BG_GAIN_ROWS) as the CPU takes them. */
          for (int k = 0; k < 4; k++)
            if ((2 * cy + k / 2) % TL_BG_GAIN_ROWS == 0)
              {
                sum_frame += luma[k];
                sum_model += m[k];
                if (tl_bg_agrees (&p, &ctl, luma[k], chroma, m[k]))
                  {
                    sum_frame_agreeing += luma[k];
                    sum_model_agreeing += m[k];
                  }
              }
          for (int k = 0; k < 4; k++)
            o[k] = tl_bg_luma_pixel (&p, &ctl, luma[k], chroma, held, lo[k], hi[k], &m[k], &s[k],
                                     &a[k]);
          tl_bg_chroma_update (&ctl, o[0] | o[1] | o[2] | o[3], chroma, held, u, v, &mu, &mv);

          spread_y[i0] = s[0];
          spread_y[i0 + 1] = s[1];
          spread_y[i1] = s[2];
          spread_y[i1 + 1] = s[3];
          age_y[i0] = a[0];
          age_y[i0 + 1] = a[1];
          age_y[i1] = a[2];
          age_y[i1 + 1] = a[3];
          mask[i0] = (uint8_t) o[0];
          mask[i0 + 1] = (uint8_t) o[1];
          mask[i1] = (uint8_t) o[2];
          mask[i1 + 1] = (uint8_t) o[3];
        }
      /* Off the pitch the model keeps its values: the new copy gets them too. */
      mean_y[i0] = m[0];
      mean_y[i0 + 1] = m[1];
      mean_y[i1] = m[2];
      mean_y[i1 + 1] = m[3];
      mean_u[ci] = mu;
      mean_v[ci] = mv;
    }

  /* Integer sums: the order of the atomics cannot change the result. */
  if (sum_frame != 0 || sum_model != 0)
    {
      atomicAdd (&block_sums[0], (unsigned long long) sum_frame);
      atomicAdd (&block_sums[1], (unsigned long long) sum_model);
      atomicAdd (&block_sums[2], (unsigned long long) sum_frame_agreeing);
      atomicAdd (&block_sums[3], (unsigned long long) sum_model_agreeing);
    }
  __syncthreads ();
  if (threadIdx.x == 0 && threadIdx.y == 0 && (block_sums[0] != 0 || block_sums[1] != 0))
    for (int k = 0; k < TL_CUDA_N_SUMS; k++)
      atomicAdd (&sums[k], block_sums[k]);
}

/* The closing's thread block, one thread per pixel. */
#define CLOSE_BX 32
#define CLOSE_BY 8

/* 3x3 dilation then 3x3 erosion, neighbours outside the image ignored, clipped to the pitch
 * (tl_bg_morph_rows twice) in one pass: the block dilates its pixels and one around them from
 * a tile of the raw mask two around, then erodes its own. Block (32, 8) threads. */
__global__ static void
close_kernel (const uint8_t *raw,
              uint8_t       *out,
              int            width,
              int            height,
              const uint8_t *pitch)
{
  __shared__ uint8_t tile_raw[(CLOSE_BY + 4) * (CLOSE_BX + 4)];
  __shared__ uint8_t tile_dilated[(CLOSE_BY + 2) * (CLOSE_BX + 2)];
  const int raw_w = CLOSE_BX + 4, dil_w = CLOSE_BX + 2;
  int x0 = blockIdx.x * CLOSE_BX, y0 = blockIdx.y * CLOSE_BY;
  int x = x0 + threadIdx.x, y = y0 + threadIdx.y;
  int n_threads = blockDim.x * blockDim.y;

  load_tile (tile_raw, raw_w, CLOSE_BY + 4, raw, width, height, x0 - 2, y0 - 2);
  __syncthreads ();
  /* Dilated (x0 - 1 + c, y0 - 1 + r); where that lies outside the image the value is never
   * read, as the erosion below clamps its neighbours into the image. */
  for (int i = threadIdx.y * blockDim.x + threadIdx.x; i < (CLOSE_BY + 2) * dil_w; i += n_threads)
    {
      int r = i / dil_w, c = i % dil_w;
      int acc = 0;

      for (int dy = 0; dy < 3; dy++)
        for (int dx = 0; dx < 3; dx++)
          acc |= tile_raw[(r + dy) * raw_w + c + dx];
      tile_dilated[i] = (uint8_t) acc;
    }
  __syncthreads ();

  if (x < width && y < height)
    {
      int acc = 255;

      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++)
          {
            int r = clamp_index (y + dy, height) - (y0 - 1);
            int c = clamp_index (x + dx, width) - (x0 - 1);

            acc &= tile_dilated[r * dil_w + c];
          }
      if (!pitch[(long) (y / 2) * (width / 2) + x / 2])
        acc = 0;
      out[(long) y * width + x] = (uint8_t) acc;
    }
}

/* Every device buffer of @bg with its size, for tl_cuda_bg_new and tl_cuda_bg_free; returns
 * their number. NV12's interleaved chroma is a luma row wide. */
typedef struct
{
  void   **ptr;
  size_t   size;
} DeviceBuffer;

#define N_DEVICE_BUFFERS 16

static int
device_buffers (TlCudaBg     *bg,
                DeviceBuffer  out[N_DEVICE_BUFFERS])
{
  size_t luma = (size_t) bg->width * bg->height, chroma = luma / 4;
  const DeviceBuffer all[N_DEVICE_BUFFERS] = {
    { (void **) &bg->mean_y[0], luma }, { (void **) &bg->mean_y[1], luma },
    { (void **) &bg->mean_u[0], chroma }, { (void **) &bg->mean_u[1], chroma },
    { (void **) &bg->mean_v[0], chroma }, { (void **) &bg->mean_v[1], chroma },
    { (void **) &bg->spread_y, luma }, { (void **) &bg->age_y, luma },
    { (void **) &bg->pitch, chroma }, { (void **) &bg->hold, (size_t) bg->hold_w * bg->hold_h },
    { (void **) &bg->frame_y, luma }, { (void **) &bg->frame_c0, luma / 2 },
    { (void **) &bg->frame_c1, chroma }, { (void **) &bg->raw, luma },
    { (void **) &bg->closed, luma },
    { (void **) &bg->sums, TL_CUDA_N_SUMS * sizeof (unsigned long long) },
  };

  memcpy (out, all, sizeof all);
  return N_DEVICE_BUFFERS;
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
  DeviceBuffer buffers[N_DEVICE_BUFFERS];
  int n_buffers;
  cudaError_t err;

  *out = NULL;
  bg = (TlCudaBg *) calloc (1, sizeof *bg);
  if (bg == NULL)
    return TL_TRACK_ERROR_NO_MEMORY;
  bg->width = width;
  bg->height = height;

  bg->hold_w = TL_BG_HOLD_WIDTH (width);
  bg->hold_h = TL_BG_HOLD_HEIGHT (height);
  n_buffers = device_buffers (bg, buffers);
  err = cudaStreamCreateWithFlags (&bg->stream, cudaStreamNonBlocking);
  for (int i = 0; i < n_buffers && err == cudaSuccess; i++)
    err = cudaMalloc (buffers[i].ptr, buffers[i].size);
  if (err == cudaSuccess)
    err = cudaMemcpy (bg->pitch, pitch_blocks, chroma, cudaMemcpyHostToDevice);
  if (err != cudaSuccess)
    {
      TlTrackStatus status = fail (err, "cannot set up the CUDA background model",
                                   message, message_size);
      tl_cuda_bg_free (bg);
      return status;
    }

  /* Without page-locked memory the copies are slower, the results the same. */
  for (int i = 0; i < 2; i++)
    {
      bg->stage[i] = tl_cuda_host_alloc (luma + luma / 2);
      bg->masks[i] = tl_cuda_host_alloc (luma);
    }
  bg->hold_host = tl_cuda_host_alloc ((size_t) bg->hold_w * bg->hold_h);
  bg->sums_host = (unsigned long long *) tl_cuda_host_alloc (TL_CUDA_N_SUMS
                                                             * sizeof (unsigned long long));
  if (bg->sums_host == NULL)
    bg->sums_host = bg->pageable_sums;

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
  DeviceBuffer buffers[N_DEVICE_BUFFERS];
  int n_buffers;

  if (bg == NULL)
    return;
  /* A launched frame still reads and writes these buffers. */
  if (bg->in_flight)
    cudaStreamSynchronize (bg->stream);
  n_buffers = device_buffers (bg, buffers);
  for (int i = 0; i < n_buffers; i++)
    cudaFree (*buffers[i].ptr);
  for (int i = 0; i < 2; i++)
    {
      tl_cuda_host_free (bg->stage[i]);
      tl_cuda_host_free (bg->masks[i]);
    }
  tl_cuda_host_free (bg->hold_host);
  if (bg->sums_host != bg->pageable_sums)
    tl_cuda_host_free ((uint8_t *) bg->sums_host);
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

extern "C" int
tl_cuda_bg_has_slots (const TlCudaBg *bg)
{
  return bg->stage[0] != NULL && bg->stage[1] != NULL && bg->masks[0] != NULL
         && bg->masks[1] != NULL && bg->hold_host != NULL;
}

extern "C" int
tl_cuda_bg_busy (const TlCudaBg *bg)
{
  return bg->in_flight;
}

extern "C" void
tl_cuda_bg_slot (TlCudaBg       *bg,
                 int             slot,
                 TlFrameFormat   format,
                 TlFrame        *frame,
                 const uint8_t **mask)
{
  int w = bg->width, h = bg->height;
  uint8_t *stage = bg->stage[slot];

  memset (frame, 0, sizeof *frame);
  frame->format = format;
  frame->width = w;
  frame->height = h;
  frame->planes[0] = stage;
  frame->strides[0] = w;
  frame->planes[1] = stage + (size_t) w * h;
  if (format == TL_FRAME_NV12)
    frame->strides[1] = w;
  else
    {
      frame->strides[1] = w / 2;
      frame->planes[2] = stage + (size_t) w * h + (size_t) (w / 2) * (h / 2);
      frame->strides[2] = w / 2;
    }
  if (mask != NULL)
    *mask = bg->masks[slot];
}

/* The device frame of @format as upload_rows() packs it. */
static void
describe_device_frame (const TlCudaBg *bg,
                       TlFrameFormat   format,
                       DevFrame       *dev)
{
  int nv12 = format == TL_FRAME_NV12;

  dev->y = bg->frame_y;
  dev->y_stride = bg->width;
  dev->u = bg->frame_c0;
  dev->v = nv12 ? bg->frame_c0 + 1 : bg->frame_c1;
  dev->c_stride = nv12 ? bg->width : bg->width / 2;
  dev->step = nv12 ? 2 : 1;
}

/* Uploads rows [@y0, @y1) (even) of @frame (any strides) into the packed device planes:
 * asynchronous where the frame is in page-locked memory, through the driver's staging buffer
 * otherwise. */
static cudaError_t
upload_rows (TlCudaBg      *bg,
             const TlFrame *frame,
             int            y0,
             int            y1,
             DevFrame      *dev)
{
  int w = bg->width, c0 = y0 / 2, n_chroma = (y1 - y0) / 2;
  /* NV12's interleaved chroma is a luma row wide; I420's two planes half a row each. */
  int chroma_w = frame->format == TL_FRAME_NV12 ? w : w / 2;
  int n_chroma_planes = frame->format == TL_FRAME_NV12 ? 1 : 2;
  uint8_t *const chroma[2] = { bg->frame_c0, bg->frame_c1 };
  cudaError_t err;

  describe_device_frame (bg, frame->format, dev);
  err = cudaMemcpy2DAsync (bg->frame_y + (size_t) y0 * w, w,
                           frame->planes[0] + (size_t) y0 * frame->strides[0], frame->strides[0],
                           w, y1 - y0, cudaMemcpyHostToDevice, bg->stream);
  for (int p = 0; p < n_chroma_planes && err == cudaSuccess; p++)
    err = cudaMemcpy2DAsync (chroma[p] + (size_t) c0 * chroma_w, chroma_w,
                             frame->planes[p + 1] + (size_t) c0 * frame->strides[p + 1],
                             frame->strides[p + 1], chroma_w, n_chroma, cudaMemcpyHostToDevice,
                             bg->stream);
  return err;
}

/* The whole of @frame, as upload_rows. */
static cudaError_t
upload (TlCudaBg      *bg,
        const TlFrame *frame,
        DevFrame      *dev)
{
  return upload_rows (bg, frame, 0, bg->height, dev);
}

/* The staging frame goes up in this many slices: each slice's transfer runs while the caller
 * copies the next one into page-locked memory. */
#define STAGED_SLICES 4

/* Fills the staging frame of @slot slice by slice with @fill and uploads each slice as soon
 * as it is there (see tl_cuda_bg_launch). */
static cudaError_t
upload_staged (TlCudaBg       *bg,
               TlFrameFormat   format,
               TlCudaFillFunc  fill,
               void           *user,
               int             slot,
               DevFrame       *dev)
{
  TlFrame staged;
  int h = bg->height;
  cudaError_t err = cudaSuccess;

  tl_cuda_bg_slot (bg, slot, format, &staged, NULL);
  for (int i = 0; i < STAGED_SLICES && err == cudaSuccess; i++)
    {
      /* Even slice edges: chroma rows go with their two luma rows. */
      int y0 = h * i / STAGED_SLICES / 2 * 2, y1 = h * (i + 1) / STAGED_SLICES / 2 * 2;

      if (i == STAGED_SLICES - 1)
        y1 = h;
      if (y1 <= y0)
        continue;
      fill (user, &staged, y0, y1);
      err = upload_rows (bg, &staged, y0, y1, dev);
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
      init_kernel<<<grid, block, 0, bg->stream>>> (*params, dev, cw, ch, bg->mean_y[bg->cur],
                                                   bg->spread_y, bg->age_y, bg->mean_u[bg->cur],
                                                   bg->mean_v[bg->cur]);
      err = cudaGetLastError ();
    }
  if (err == cudaSuccess)
    err = cudaStreamSynchronize (bg->stream);
  return err == cudaSuccess ? TL_TRACK_OK
         : fail (err, "CUDA background initialisation failed", message, message_size);
}

/* Enqueues one frame, from @frame or, with @fill, from the staging frame of @slot that @fill
 * writes: upload, kernels, downloads of the mask into @mask (and @raw_mask) and of the sums.
 * tl_cuda_bg_finish waits for it. */
static TlTrackStatus
launch (TlCudaBg           *bg,
        const TlBgParams   *params,
        const TlBgFrameCtl *ctl,
        const TlFrame      *frame,
        TlFrameFormat       format,
        TlCudaFillFunc      fill,
        void               *fill_user,
        int                 slot,
        const uint8_t      *hold,
        uint8_t            *mask,
        uint8_t            *raw_mask,
        char               *message,
        size_t              message_size)
{
  int w = bg->width, h = bg->height, cw = w / 2, ch = h / 2;
  size_t hold_size = (size_t) bg->hold_w * bg->hold_h;
  dim3 grid_blocks ((cw + CLASSIFY_BX - 1) / CLASSIFY_BX, (ch + CLASSIFY_BY - 1) / CLASSIFY_BY);
  dim3 grid_pixels ((w + CLOSE_BX - 1) / CLOSE_BX, (h + CLOSE_BY - 1) / CLOSE_BY);
  int old = bg->cur, next = 1 - bg->cur;
  DevFrame dev;
  cudaError_t err;

  mark (bg, 0);
  err = fill != NULL ? upload_staged (bg, format, fill, fill_user, slot, &dev)
                     : upload (bg, frame, &dev);
  if (err == cudaSuccess && bg->hold_host != NULL)
    {
      memcpy (bg->hold_host, hold, hold_size);
      hold = bg->hold_host;
    }
  if (err == cudaSuccess)
    err = cudaMemcpyAsync (bg->hold, hold, hold_size, cudaMemcpyHostToDevice, bg->stream);
  if (err == cudaSuccess)
    err = cudaMemsetAsync (bg->sums, 0, TL_CUDA_N_SUMS * sizeof (unsigned long long),
                           bg->stream);
  if (err == cudaSuccess)
    {
      mark (bg, 1);
      classify_kernel<<<grid_blocks, dim3 (CLASSIFY_BX, CLASSIFY_BY), 0, bg->stream>>> (
        *params, *ctl, dev, cw, ch, bg->pitch, bg->hold, bg->hold_w, bg->mean_y[old],
        bg->mean_u[old], bg->mean_v[old], bg->mean_y[next], bg->mean_u[next],
        bg->mean_v[next], bg->spread_y, bg->age_y, bg->raw, bg->sums);
      close_kernel<<<grid_pixels, dim3 (CLOSE_BX, CLOSE_BY), 0, bg->stream>>> (
        bg->raw, bg->closed, w, h, bg->pitch);
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
    err = cudaMemcpyAsync (bg->sums_host, bg->sums, TL_CUDA_N_SUMS * sizeof (unsigned long long),
                           cudaMemcpyDeviceToHost, bg->stream);
  if (err != cudaSuccess)
    {
      /* What was enqueued may still run: wait for it before anything is reused. */
      cudaStreamSynchronize (bg->stream);
      return fail (err, "CUDA background step failed", message, message_size);
    }
  mark (bg, 3);
  bg->in_flight = 1;
  return TL_TRACK_OK;
}

extern "C" TlTrackStatus
tl_cuda_bg_finish (TlCudaBg  *bg,
                   TlBgSums  *sums,
                   char      *message,
                   size_t     message_size)
{
  cudaError_t err;

  if (!bg->in_flight)
    return TL_TRACK_OK;
  bg->in_flight = 0;
  err = cudaStreamSynchronize (bg->stream);
  if (err != cudaSuccess)
    return fail (err, "CUDA background step failed", message, message_size);
  /* The kernels ran: the new copy of the means is the model now. */
  bg->cur = 1 - bg->cur;
  add_marked_times (bg);
  sums->frame_luma = bg->sums_host[0];
  sums->model_luma = bg->sums_host[1];
  sums->frame_agreeing = bg->sums_host[2];
  sums->model_agreeing = bg->sums_host[3];
  return TL_TRACK_OK;
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
  TlTrackStatus status = launch (bg, params, ctl, frame, frame->format, NULL, NULL, 0, hold,
                                 mask, raw_mask, message, message_size);

  return status == TL_TRACK_OK ? tl_cuda_bg_finish (bg, sums, message, message_size) : status;
}

extern "C" TlTrackStatus
tl_cuda_bg_launch (TlCudaBg           *bg,
                   const TlBgParams   *params,
                   const TlBgFrameCtl *ctl,
                   TlFrameFormat       format,
                   TlCudaFillFunc      fill,
                   void               *fill_user,
                   int                 slot,
                   const uint8_t      *hold,
                   char               *message,
                   size_t              message_size)
{
  if (!tl_cuda_bg_has_slots (bg))
    {
      if (message != NULL && message_size > 0)
        snprintf (message, message_size, "no page-locked memory for the CUDA frame slots");
      return TL_TRACK_ERROR_NO_MEMORY;
    }
  return launch (bg, params, ctl, NULL, format, fill, fill_user, slot, hold, bg->masks[slot],
                 NULL, message, message_size);
}

/* Copies the five model planes between the device and @host (mean, spread and age of luma,
 * chroma means), either way. */
static cudaError_t
copy_model (TlCudaBg       *bg,
            uint8_t *const  host[5],
            cudaMemcpyKind  kind)
{
  size_t luma = (size_t) bg->width * bg->height;
  uint8_t *const device[5] = { bg->mean_y[bg->cur], bg->spread_y, bg->age_y,
                               bg->mean_u[bg->cur], bg->mean_v[bg->cur] };
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
