/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-track-equivalence.c: the CUDA backend gives the CPU backend's masks, model and tracks.
 *
 * Tolerance: none. Both backends run the integer per-pixel maths of tl-bg-pixel.h, so masks,
 * model planes and gain sums must be equal byte for byte, and so must everything downstream.
 * Skips, with the probe's reason, where no CUDA device is usable. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "tl-bg-model.h"
#include "tl-test-scene.h"
#include "tl-tracker.h"
#if TL_HAVE_CUDA
#include "tl-cuda-bg.h"
#endif

/* Not multiples of the CUDA kernels' thread blocks (32 x 8 blocks or pixels), so their edge
 * blocks with idle threads run too. */
#define W 648
#define H 364

static gboolean
cuda_usable (void)
{
  char reason[256];

  if (!tl_track_have_cuda_build ())
    {
      g_test_skip ("this build has no CUDA backend");
      return FALSE;
    }
  if (tl_track_cuda_probe (NULL, reason, sizeof reason) != TL_TRACK_OK)
    {
      g_test_skip (reason);
      return FALSE;
    }
  return TRUE;
}

/* g_assert_cmpmem on a plane of @width x @height bytes, saying first where and by how much the
 * two differ: on a GPU machine a bare "mismatch" is all one would get back. */
static void
assert_same_plane (const char   *what,
                   int           frame,
                   const guint8 *expected,
                   const guint8 *got,
                   int           width,
                   int           height)
{
  gsize n = (gsize) width * height, apart = 0, first = 0;

  for (gsize i = 0; i < n; i++)
    if (expected[i] != got[i] && apart++ == 0)
      first = i;
  if (apart > 0)
    g_test_message ("%s, frame %d: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes apart, "
                    "first at x %d y %d (expected %u, got %u)", what, frame, apart, n,
                    (int) (first % width), (int) (first / width), expected[first], got[first]);
  g_assert_cmpmem (expected, n, got, n);
}

/* What the first engine of a comparison (on the CPU: it gives a frame's detections and mask
 * at that frame's push) gave for each frame, to compare the other engines' results with as
 * they come: the CUDA engine gives a frame's detections one push later (tl_tracker_push), and
 * the tracks of a frame a push later too. Kept across pushes, so engines restored from a state
 * are compared with what the first engine gave before the state was taken. */
typedef struct
{
  GHashTable *masks;          /* frame -> GBytes */
  GHashTable *detections;     /* frame -> GBytes of TlDetection */
  GHashTable *tracks;         /* frame -> GBytes of TlTrackUpdate */
} Reference;

static void
reference_init (Reference *ref)
{
  ref->masks = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_bytes_unref);
  ref->detections = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_bytes_unref);
  ref->tracks = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_bytes_unref);
}

static void
reference_clear (Reference *ref)
{
  g_hash_table_unref (ref->masks);
  g_hash_table_unref (ref->detections);
  g_hash_table_unref (ref->tracks);
}

static void
reference_keep (Reference           *ref,
                TlTracker           *engine,
                const TlFrameResult *r)
{
  if (r->pushed >= 0)
    {
      g_hash_table_replace (ref->masks, GINT_TO_POINTER ((int) r->pushed),
                            g_bytes_new (tl_tracker_get_mask (engine), (gsize) W * H));
      g_hash_table_replace (ref->detections, GINT_TO_POINTER ((int) r->pushed),
                            g_bytes_new (r->detections, r->n_detections * sizeof (TlDetection)));
    }
  if (r->frame >= 0)
    g_hash_table_replace (ref->tracks, GINT_TO_POINTER ((int) r->frame),
                          g_bytes_new (r->tracks, r->n_tracks * sizeof (TlTrackUpdate)));
}

/* Compares @engine's result @r with the reference's for the same frames, saying first which
 * track differs. Returns how many frames' detections it compared (0 or 1). */
static int
reference_check (Reference           *ref,
                 TlTracker           *engine,
                 const TlFrameResult *r)
{
  if (r->frame >= 0)
    {
      GBytes *kept = g_hash_table_lookup (ref->tracks, GINT_TO_POINTER ((int) r->frame));
      gsize size = 0;
      const TlTrackUpdate *expected;
      int n_expected;

      g_assert_nonnull (kept);
      expected = g_bytes_get_data (kept, &size);
      n_expected = (int) (size / sizeof (TlTrackUpdate));
      if (n_expected != r->n_tracks)
        g_test_message ("frame %d: %d tracks, the other engine %d", (int) r->frame, n_expected,
                        r->n_tracks);
      for (int t = 0; t < MIN (n_expected, r->n_tracks); t++)
        {
          const TlTrackUpdate *a = &expected[t], *b = &r->tracks[t];

          if (memcmp (a, b, sizeof *a) != 0)
            {
              g_test_message ("frame %d, track %d: id %d at %.2f,%.2f %.2fx%.2f; the other "
                              "engine id %d at %.2f,%.2f %.2fx%.2f", (int) r->frame, t, a->id,
                              a->x, a->y, a->w, a->h, b->id, b->x, b->y, b->w, b->h);
              break;
            }
        }
      g_assert_cmpmem (expected, size, r->tracks, r->n_tracks * sizeof (TlTrackUpdate));
    }
  if (r->pushed >= 0)
    {
      GBytes *mask = g_hash_table_lookup (ref->masks, GINT_TO_POINTER ((int) r->pushed));
      GBytes *dets = g_hash_table_lookup (ref->detections, GINT_TO_POINTER ((int) r->pushed));
      gsize size = 0;
      const void *expected;

      g_assert_nonnull (mask);
      g_assert_nonnull (dets);
      assert_same_plane ("engine mask", (int) r->pushed, g_bytes_get_data (mask, NULL),
                         tl_tracker_get_mask (engine), W, H);
      expected = g_bytes_get_data (dets, &size);
      if (size != r->n_detections * sizeof (TlDetection))
        g_test_message ("frame %d: %d detections, the other engine %d", (int) r->pushed,
                        (int) (size / sizeof (TlDetection)), r->n_detections);
      g_assert_cmpmem (expected, size, r->detections, r->n_detections * sizeof (TlDetection));
      return 1;
    }
  return 0;
}

/* A copy of @src with padded rows (strides differ from widths), as decoders hand them out. */
static TlFrame
padded_copy (const TlTestScene *scene,
             gboolean           nv12,
             guint8           **store)
{
  TlFrame f = { 0 };
  int ys = W + 64, cs = (nv12 ? W : W / 2) + 32;
  guint8 *buf = g_malloc0 ((gsize) ys * H + (gsize) cs * H);
  g_autofree guint8 *y = NULL, *uv = NULL;

  f.format = nv12 ? TL_FRAME_NV12 : TL_FRAME_I420;
  f.width = W;
  f.height = H;
  f.planes[0] = buf;
  f.strides[0] = ys;
  for (int r = 0; r < H; r++)
    memcpy (buf + (gsize) r * ys, scene->y_plane + (gsize) r * W, W);
  if (nv12)
    {
      tl_test_scene_to_nv12 (scene, &y, &uv);
      f.planes[1] = buf + (gsize) ys * H;
      f.strides[1] = cs;
      for (int r = 0; r < H / 2; r++)
        memcpy ((guint8 *) f.planes[1] + (gsize) r * cs, uv + (gsize) r * W, W);
    }
  else
    {
      f.planes[1] = buf + (gsize) ys * H;
      f.planes[2] = f.planes[1] + (gsize) cs * H / 2;
      f.strides[1] = f.strides[2] = cs;
      for (int r = 0; r < H / 2; r++)
        {
          memcpy ((guint8 *) f.planes[1] + (gsize) r * cs, scene->u_plane + (gsize) r * W / 2,
                  W / 2);
          memcpy ((guint8 *) f.planes[2] + (gsize) r * cs, scene->v_plane + (gsize) r * W / 2,
                  W / 2);
        }
    }
  *store = buf;
  return f;
}

/* 3x3 minimum and maximum of a plane, neighbours outside ignored: cuda/tl-cuda-bg.cu's
 * range_kernel, pixel by pixel. */
static void
reference_range (const guint8 *plane,
                 guint8       *lo,
                 guint8       *hi,
                 int           w,
                 int           h)
{
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int l = 255, u = 0;

        for (int dy = -1; dy <= 1; dy++)
          for (int dx = -1; dx <= 1; dx++)
            if (x + dx >= 0 && x + dx < w && y + dy >= 0 && y + dy < h)
              {
                l = MIN (l, plane[(y + dy) * w + x + dx]);
                u = MAX (u, plane[(y + dy) * w + x + dx]);
              }
        lo[y * w + x] = (guint8) l;
        hi[y * w + x] = (guint8) u;
      }
}

#define HOLD_W TL_BG_HOLD_WIDTH (W)
#define HOLD_H TL_BG_HOLD_HEIGHT (H)

/* Held cells for frame @f: stripes that move every few frames, so pixels are held, released,
 * and held again while the scene's objects cross them (both update paths, and the ghost rule
 * on and off); half of the held stripes frozen too. */
static void
fill_hold (guint8 *hold,
           int     f)
{
  for (int r = 0; r < HOLD_H; r++)
    for (int c = 0; c < HOLD_W; c++)
      {
        int k = (c + r + f / 4) % 5;

        hold[r * HOLD_W + c] = k == 0 ? TL_BG_HELD : k == 1 ? TL_BG_HELD | TL_BG_FROZEN : 0;
      }
}

/* One frame the way cuda/tl-cuda-bg.cu's classify_kernel does it: 2x2 block by block. Adds
 * the blocks of each kind of shadow chroma (tl_bg_shadow_chroma) to @n_shadow_chroma. */
static void
reference_classify (const TlBgParams   *p,
                    const TlBgFrameCtl *ctl,
                    const TlFrame      *f,
                    TlBgPlanes         *m,
                    const guint8       *pitch,
                    const guint8       *hold,
                    guint8             *mask,
                    TlBgSums           *sums,
                    int                 n_shadow_chroma[4])
{
  int cw = W / 2, ch = H / 2;
  g_autofree guint8 *ly = g_malloc (W * H), *hy = g_malloc (W * H);
  g_autofree guint8 *lu = g_malloc (cw * ch), *hu = g_malloc (cw * ch);
  g_autofree guint8 *lv = g_malloc (cw * ch), *hv = g_malloc (cw * ch);

  reference_range (m->mean_y, ly, hy, W, H);
  reference_range (m->mean_u, lu, hu, cw, ch);
  reference_range (m->mean_v, lv, hv, cw, ch);
  for (int cy = 0; cy < ch; cy++)
    for (int cx = 0; cx < cw; cx++)
      {
        const guint8 *u_row, *v_row;
        int step, ci = cy * cw + cx, any = 0, u, v, chroma, luma_x4 = 0, model_x4 = 0;
        int held = hold[(2 * cy / TL_BG_HOLD_CELL) * HOLD_W + 2 * cx / TL_BG_HOLD_CELL];

        if (!pitch[ci])
          {
            for (int k = 0; k < 4; k++)
              mask[(2 * cy + k / 2) * W + 2 * cx + k % 2] = 0;
            continue;
          }
        tl_frame_chroma_rows (f, cy, &u_row, &v_row, &step);
        u = u_row[cx * step];
        v = v_row[cx * step];
        for (int k = 0; k < 4; k++)
          {
            int i = (2 * cy + k / 2) * W + 2 * cx + k % 2;

            luma_x4 += f->planes[0][(gsize) (2 * cy + k / 2) * f->strides[0] + 2 * cx + k % 2];
            model_x4 += m->mean_y[i];
          }
        chroma = tl_bg_block_chroma (p, ctl->gain_q8, u, v, lu[ci], hu[ci], lv[ci], hv[ci],
                                     luma_x4, model_x4);
        n_shadow_chroma[tl_bg_chroma_shadow_kind (chroma)]++;
        for (int k = 0; k < 4; k++)
          {
            int y = 2 * cy + k / 2, x = 2 * cx + k % 2, i = y * W + x;
            int luma = f->planes[0][(gsize) y * f->strides[0] + x];

            if (y % TL_BG_GAIN_ROWS == 0)
              {
                sums->frame_luma += luma;
                sums->model_luma += m->mean_y[i];
                if (tl_bg_agrees (p, ctl, luma, chroma, m->mean_y[i]))
                  {
                    sums->frame_agreeing += luma;
                    sums->model_agreeing += m->mean_y[i];
                  }
              }
            mask[i] = (guint8) tl_bg_luma_pixel (p, ctl, luma, chroma, held, ly[i], hy[i],
                                                 &m->mean_y[i], &m->spread_y[i], &m->age_y[i]);
            any |= mask[i];
          }
        tl_bg_chroma_update (ctl, any, chroma, held, u, v, &m->mean_u[ci], &m->mean_v[ci]);
      }
}

/* Without a GPU: the CPU's row-order, vectorised stages give what the CUDA kernels' block order
 * gives, written out plainly above; so the two backends still agree by construction. */
static void
test_cpu_matches_block_order (void)
{
  TlTestScene *scene = tl_test_scene_new (W, H, 10, 5);
  TlBgParams params;
  TlBgPlanes cpu, ref;
  g_autofree guint8 *pitch = g_malloc ((gsize) W * H / 4);
  g_autofree guint8 *raw = g_malloc ((gsize) W * H), *ref_raw = g_malloc ((gsize) W * H);
  g_autofree guint8 *hold = g_malloc (HOLD_W * HOLD_H);
  int32_t gain = 256;
  int n_shadow_chroma[4] = { 0, 0, 0, 0 };

  scene->shadows = 1;
  tl_bg_params_default (&params);
  params.ghost_frames = 20;
  for (int i = 0; i < W * H / 4; i++)
    pitch[i] = i / (W / 2) >= 20;
  g_assert_cmpint (tl_bg_planes_alloc (&cpu, W, H), ==, 0);
  g_assert_cmpint (tl_bg_planes_alloc (&ref, W, H), ==, 0);
  for (int f = 0; f < 80; f++)
    {
      g_autofree guint8 *store = NULL;
      TlFrame frame;
      TlBgFrameCtl ctl = { gain, f % params.absorb_period == 0, f < 20 ? 8 >> (f / 6) : 0 };
      TlBgSums cpu_sums = { 0, 0, 0, 0 }, ref_sums = { 0, 0, 0, 0 };

      scene->light = 1.0 + 0.003 * f;
      tl_test_scene_step (scene);
      frame = padded_copy (scene, f % 2 == 1, &store);
      fill_hold (hold, f);
      if (f == 0)
        {
          tl_bg_init_rows (&params, &frame, &cpu, 0, H);
          tl_bg_init_rows (&params, &frame, &ref, 0, H);
        }
      /* Two bands, as the pool would cut them. */
      tl_bg_range_rows (&cpu, 0, H / 2);
      tl_bg_range_rows (&cpu, H / 2, H);
      tl_bg_classify_rows (&params, &ctl, &frame, &cpu, pitch, hold, raw, 0, H / 2, &cpu_sums);
      tl_bg_classify_rows (&params, &ctl, &frame, &cpu, pitch, hold, raw, H / 2, H, &cpu_sums);
      reference_classify (&params, &ctl, &frame, &ref, pitch, hold, ref_raw, &ref_sums,
                          n_shadow_chroma);

      assert_same_plane ("raw mask", f, ref_raw, raw, W, H);
      g_assert_cmpuint (cpu_sums.frame_luma, ==, ref_sums.frame_luma);
      g_assert_cmpuint (cpu_sums.model_luma, ==, ref_sums.model_luma);
      g_assert_cmpuint (cpu_sums.frame_agreeing, ==, ref_sums.frame_agreeing);
      g_assert_cmpuint (cpu_sums.model_agreeing, ==, ref_sums.model_agreeing);
      assert_same_plane ("model mean Y", f, ref.mean_y, cpu.mean_y, W, H);
      assert_same_plane ("model spread Y", f, ref.spread_y, cpu.spread_y, W, H);
      assert_same_plane ("model age Y", f, ref.age_y, cpu.age_y, W, H);
      assert_same_plane ("model mean U", f, ref.mean_u, cpu.mean_u, W / 2, H / 2);
      assert_same_plane ("model mean V", f, ref.mean_v, cpu.mean_v, W / 2, H / 2);
      gain = tl_bg_gain_from_sums (&cpu_sums);
    }
  /* Every kind of shadow chroma went through the comparison: the scene's dimmed shadows and
   * kept ones, and the light back where a shadow was learnt. */
  g_assert_cmpint (n_shadow_chroma[TL_BG_SHADOW_KEPT], >, 0);
  g_assert_cmpint (n_shadow_chroma[TL_BG_SHADOW_DIMMED], >, 0);
  g_assert_cmpint (n_shadow_chroma[TL_BG_SHADOW_LIT], >, 0);
  tl_bg_planes_free (&cpu);
  tl_bg_planes_free (&ref);
  tl_test_scene_free (scene);
}

/* Stage by stage: learn frames, then detection frames with shadows and a light ramp, I420 and
 * NV12 alternating, every mask, sum and, at the end, every model byte compared. */
static void
test_pixel_stages (void)
{
#if TL_HAVE_CUDA
  TlTestScene *scene;
  TlBgParams params;
  TlBgPlanes cpu, gpu;
  TlCudaBg *cuda = NULL;
  g_autofree guint8 *pitch = g_malloc ((gsize) W * H / 4);
  g_autofree guint8 *raw = g_malloc ((gsize) W * H), *dil = g_malloc ((gsize) W * H);
  g_autofree guint8 *mask = g_malloc ((gsize) W * H);
  g_autofree guint8 *gpu_raw = g_malloc ((gsize) W * H), *gpu_mask = g_malloc ((gsize) W * H);
  g_autofree guint8 *hold = g_malloc (HOLD_W * HOLD_H);
  char message[256];
  int32_t gain = 256;

  if (!cuda_usable ())
    return;

  scene = tl_test_scene_new (W, H, 10, 5);
  scene->shadows = 1;
  tl_bg_params_default (&params);
  params.ghost_frames = 20;     /* reach the ghost path within the test */
  /* Pitch: everything but a band at the top, so the skip path is compared too. */
  for (int i = 0; i < W * H / 4; i++)
    pitch[i] = i / (W / 2) >= 20;
  g_assert_cmpint (tl_bg_planes_alloc (&cpu, W, H), ==, 0);
  g_assert_cmpint (tl_bg_planes_alloc (&gpu, W, H), ==, 0);
  g_assert_cmpint (tl_cuda_bg_new (W, H, pitch, &cuda, message, sizeof message), ==,
                   TL_TRACK_OK);

  for (int f = 0; f < 120; f++)
    {
      g_autofree guint8 *store = NULL;
      TlFrame frame;
      TlBgFrameCtl ctl = { gain, f % params.absorb_period == 0, f < 20 ? 8 >> (f / 6) : 0 };
      TlBgSums cpu_sums = { 0, 0, 0, 0 }, gpu_sums = { 0, 0, 0, 0 };

      scene->light = 1.0 + 0.002 * f;
      tl_test_scene_step (scene);
      frame = padded_copy (scene, f % 2 == 1, &store);
      fill_hold (hold, f);
      if (f == 0)
        {
          tl_bg_init_rows (&params, &frame, &cpu, 0, H);
          g_assert_cmpint (tl_cuda_bg_init (cuda, &frame, &params, message, sizeof message),
                           ==, TL_TRACK_OK);
        }
      tl_bg_range_rows (&cpu, 0, H);
      tl_bg_classify_rows (&params, &ctl, &frame, &cpu, pitch, hold, raw, 0, H, &cpu_sums);
      tl_bg_morph_rows (raw, dil, W, H, 0, NULL, 0, H);
      tl_bg_morph_rows (dil, mask, W, H, 1, pitch, 0, H);
      g_assert_cmpint (tl_cuda_bg_process (cuda, &params, &ctl, &frame, hold, gpu_mask,
                                           gpu_raw, &gpu_sums, message, sizeof message), ==,
                       TL_TRACK_OK);

      assert_same_plane ("raw mask", f, raw, gpu_raw, W, H);
      assert_same_plane ("mask", f, mask, gpu_mask, W, H);
      g_assert_cmpuint (cpu_sums.frame_luma, ==, gpu_sums.frame_luma);
      g_assert_cmpuint (cpu_sums.model_luma, ==, gpu_sums.model_luma);
      g_assert_cmpuint (cpu_sums.frame_agreeing, ==, gpu_sums.frame_agreeing);
      g_assert_cmpuint (cpu_sums.model_agreeing, ==, gpu_sums.model_agreeing);
      gain = tl_bg_gain_from_sums (&cpu_sums);
    }

  g_assert_cmpint (tl_cuda_bg_download_model (cuda, &gpu, message, sizeof message), ==,
                   TL_TRACK_OK);
  assert_same_plane ("model mean Y", 119, cpu.mean_y, gpu.mean_y, W, H);
  assert_same_plane ("model spread Y", 119, cpu.spread_y, gpu.spread_y, W, H);
  assert_same_plane ("model age Y", 119, cpu.age_y, gpu.age_y, W, H);
  assert_same_plane ("model mean U", 119, cpu.mean_u, gpu.mean_u, W / 2, H / 2);
  assert_same_plane ("model mean V", 119, cpu.mean_v, gpu.mean_v, W / 2, H / 2);

  tl_cuda_bg_free (cuda);
  tl_bg_planes_free (&cpu);
  tl_bg_planes_free (&gpu);
  tl_test_scene_free (scene);
#else
  cuda_usable ();
#endif
}

/* Pushes the next @n frames of @scene to every engine of @engines (NULL-terminated), the
 * first on the CPU, and requires the same masks, detections and tracks of the others,
 * frame for frame. With @drain the engines finish their last frame (tl_tracker_drain) and
 * every frame's detections are compared; without, the last frame may stay on its way. */
static void
push_all (Reference    *ref,
          TlTestScene  *scene,
          TlTracker   **engines,
          int           n,
          gboolean      drain)
{
  int compared[8] = { 0 };

  g_assert_cmpint (tl_tracker_get_backend (engines[0]), ==, TL_TRACK_BACKEND_CPU);
  for (int f = 0; f < n; f++)
    {
      const TlFrame *frame = tl_test_scene_step (scene);
      TlFrameResult r;

      g_assert_cmpint (tl_tracker_push (engines[0], frame, &r), ==, TL_TRACK_OK);
      reference_keep (ref, engines[0], &r);
      for (int e = 1; engines[e] != NULL; e++)
        {
          g_assert_cmpint (tl_tracker_push (engines[e], frame, &r), ==, TL_TRACK_OK);
          compared[e] += reference_check (ref, engines[e], &r);
        }
    }
  for (int e = 1; engines[e] != NULL; e++)
    {
      TlFrameResult r;

      if (drain && tl_tracker_drain (engines[e], &r))
        compared[e] += reference_check (ref, engines[e], &r);
      /* A test that compared nothing could not fail. */
      g_assert_cmpint (compared[e], >=, drain ? n : n - 1);
    }
}

/* Flushes every engine of @engines and compares the last frames' tracks. */
static void
flush_all (Reference  *ref,
           TlTracker **engines)
{
  TlFrameResult r;

  while (tl_tracker_flush (engines[0], &r))
    reference_keep (ref, engines[0], &r);
  for (int e = 1; engines[e] != NULL; e++)
    while (tl_tracker_flush (engines[e], &r))
      reference_check (ref, engines[e], &r);
}

/* The whole engine: same detections and same tracks, frame by frame; with @data 1 the
 * engines overlap (TlTrackerConfig.overlap: CUDA tracks a frame while the GPU works on the
 * next). */
static void
test_engine (gconstpointer data)
{
  TlTestScene *scene;
  TlTracker *cpu = NULL, *gpu = NULL;
  TlTrackerConfig config;
  Reference ref;
  char message[256];

  if (!cuda_usable ())
    return;

  scene = tl_test_scene_new (W, H, 12, 9);
  tl_tracker_config_init (&config, W, H);
  config.overlap = GPOINTER_TO_INT (data);
  config.backend = TL_TRACK_BACKEND_CPU;
  g_assert_cmpint (tl_tracker_new (&config, &cpu, message, sizeof message), ==, TL_TRACK_OK);
  config.backend = TL_TRACK_BACKEND_CUDA;
  g_assert_cmpint (tl_tracker_new (&config, &gpu, message, sizeof message), ==, TL_TRACK_OK);
  g_assert_cmpint (tl_tracker_get_backend (gpu), ==, TL_TRACK_BACKEND_CUDA);

  for (int i = 0; i < 30; i++)
    {
      tl_test_scene_skip (scene, 50);
      tl_test_scene_step (scene);
      g_assert_cmpint (tl_tracker_learn (cpu, &scene->frame_desc), ==, TL_TRACK_OK);
      g_assert_cmpint (tl_tracker_learn (gpu, &scene->frame_desc), ==, TL_TRACK_OK);
    }
  reference_init (&ref);
  push_all (&ref, scene, (TlTracker *[]) { cpu, gpu, NULL }, 150, TRUE);
  flush_all (&ref, (TlTracker *[]) { cpu, gpu, NULL });
  reference_clear (&ref);

  tl_tracker_free (cpu);
  tl_tracker_free (gpu);
  tl_test_scene_free (scene);
}

/* The state the CUDA engine saves is the CPU engine's, byte for byte; restored on the other
 * backend (GPU -> CPU and CPU -> GPU) it goes on push for push as the engines that saved it.
 * @data: overlap, as test_engine. */
static void
test_state_across_backends (gconstpointer data)
{
  TlTestScene *scene;
  TlTracker *gpu = NULL, *cpu = NULL, *cpu_from_gpu = NULL, *gpu_from_cpu = NULL;
  TlTrackerConfig config;
  Reference ref;
  uint8_t *gpu_state = NULL, *cpu_state = NULL;
  size_t gpu_size = 0, cpu_size = 0;
  char message[256];

  if (!cuda_usable ())
    return;

  scene = tl_test_scene_new (W, H, 12, 11);
  tl_tracker_config_init (&config, W, H);
  config.overlap = GPOINTER_TO_INT (data);
  config.backend = TL_TRACK_BACKEND_CUDA;
  g_assert_cmpint (tl_tracker_new (&config, &gpu, message, sizeof message), ==, TL_TRACK_OK);
  g_assert_cmpint (tl_tracker_new (&config, &gpu_from_cpu, message, sizeof message), ==,
                   TL_TRACK_OK);
  config.backend = TL_TRACK_BACKEND_CPU;
  g_assert_cmpint (tl_tracker_new (&config, &cpu, message, sizeof message), ==, TL_TRACK_OK);
  g_assert_cmpint (tl_tracker_new (&config, &cpu_from_gpu, message, sizeof message), ==,
                   TL_TRACK_OK);
  for (int i = 0; i < 30; i++)
    {
      tl_test_scene_skip (scene, 50);
      tl_test_scene_step (scene);
      g_assert_cmpint (tl_tracker_learn (gpu, &scene->frame_desc), ==, TL_TRACK_OK);
      g_assert_cmpint (tl_tracker_learn (cpu, &scene->frame_desc), ==, TL_TRACK_OK);
    }
  reference_init (&ref);
  /* Not drained: saving the state finishes the CUDA engine's last frame itself. */
  push_all (&ref, scene, (TlTracker *[]) { cpu, gpu, NULL }, 60, FALSE);

  g_assert_cmpint (tl_tracker_save_state (gpu, &gpu_state, &gpu_size), ==, TL_TRACK_OK);
  g_assert_cmpint (tl_tracker_save_state (cpu, &cpu_state, &cpu_size), ==, TL_TRACK_OK);
  g_assert_cmpmem (gpu_state, gpu_size, cpu_state, cpu_size);
  g_assert_cmpint (tl_tracker_restore_state (cpu_from_gpu, gpu_state, gpu_size), ==,
                   TL_TRACK_OK);
  g_assert_cmpint (tl_tracker_restore_state (gpu_from_cpu, cpu_state, cpu_size), ==,
                   TL_TRACK_OK);
  free (gpu_state);
  free (cpu_state);
  push_all (&ref, scene, (TlTracker *[]) { cpu, gpu, cpu_from_gpu, gpu_from_cpu, NULL }, 60,
            TRUE);
  flush_all (&ref, (TlTracker *[]) { cpu, gpu, cpu_from_gpu, gpu_from_cpu, NULL });
  reference_clear (&ref);

  tl_tracker_free (gpu_from_cpu);
  tl_tracker_free (cpu_from_gpu);
  tl_tracker_free (gpu);
  tl_tracker_free (cpu);
  tl_test_scene_free (scene);
}

/* AUTO never fails for want of a GPU: it falls back and says why. */
static void
test_auto_fallback (void)
{
  TlTracker *tracker = NULL;
  TlTrackerConfig config;
  char message[256];

  tl_tracker_config_init (&config, 64, 32);
  g_assert_cmpint (tl_tracker_new (&config, &tracker, message, sizeof message), ==,
                   TL_TRACK_OK);
  if (tl_tracker_get_backend (tracker) == TL_TRACK_BACKEND_CPU)
    {
      g_test_message ("auto chose the CPU: %s", tl_tracker_get_note (tracker));
      g_assert_cmpstr (tl_tracker_get_note (tracker), !=, "");
    }
  tl_tracker_free (tracker);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/track-equivalence/auto-fallback", test_auto_fallback);
  g_test_add_func ("/track-equivalence/cpu-matches-block-order", test_cpu_matches_block_order);
  g_test_add_func ("/track-equivalence/pixel-stages", test_pixel_stages);
  g_test_add_data_func ("/track-equivalence/engine", GINT_TO_POINTER (0), test_engine);
  g_test_add_data_func ("/track-equivalence/engine-overlap", GINT_TO_POINTER (1), test_engine);
  g_test_add_data_func ("/track-equivalence/state-across-backends", GINT_TO_POINTER (0),
                        test_state_across_backends);
  g_test_add_data_func ("/track-equivalence/state-across-backends-overlap", GINT_TO_POINTER (1),
                        test_state_across_backends);
  return g_test_run ();
}
