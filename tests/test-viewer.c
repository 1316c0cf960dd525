/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-viewer.c: TlViewer under Xvfb: its pixels against the virtual camera maths, a demo frame. */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gtk/gtk.h>
#include <math.h>

#include "tl-demo-generator.h"
#include "tl-player.h"
#include "tl-viewer.h"
#include "tl-virtual-camera.h"
#include "tl-test-media.h"
#include "tl-test-ui.h"

#define VIEW_W   640
#define VIEW_H   360
#define SRC_W    1920
#define SRC_H    576
#define BLOCK    64

typedef struct
{
  GtkWindow *window;
  TlViewer  *viewer;
  char      *dir;
} Fixture;

static Fixture fx;

/* Eight colours far apart, as 8-bit RGB. */
static const guint8 palette[8][3] = {
  { 220, 40, 40 }, { 40, 200, 60 }, { 50, 60, 220 }, { 230, 220, 50 },
  { 200, 60, 210 }, { 40, 210, 210 }, { 240, 240, 240 }, { 120, 80, 30 },
};

static int
block_colour (int bx,
              int by)
{
  return (bx * 3 + by * 5) % 8;
}

/* BT.709, limited range: what the viewer has to undo. */
static void
rgb_to_yuv (const guint8 rgb[3],
            guint8       yuv[3])
{
  double r = rgb[0] / 255.0, g = rgb[1] / 255.0, b = rgb[2] / 255.0;
  double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;

  yuv[0] = (guint8) lround (16 + 219 * y);
  yuv[1] = (guint8) lround (128 + 224 * (b - y) / 1.8556);
  yuv[2] = (guint8) lround (128 + 224 * (r - y) / 1.5748);
}

/* A 1920x576 I420 frame of 64x64 coloured blocks. */
static TlVideoFrame *
make_block_frame (void)
{
  GstVideoInfo info;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstBuffer) buffer = NULL;
  g_autoptr(GstSample) sample = NULL;
  GstVideoFrame frame;
  int x, y;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, SRC_W, SRC_H);
  g_assert_true (gst_video_colorimetry_from_string (&info.colorimetry, "bt709"));
  info.fps_n = 25;
  info.fps_d = 1;
  caps = gst_video_info_to_caps (&info);
  buffer = gst_buffer_new_allocate (NULL, info.size, NULL);
  g_assert_true (gst_video_frame_map (&frame, &info, buffer, GST_MAP_WRITE));
  for (y = 0; y < SRC_H; y++)
    for (x = 0; x < SRC_W; x++)
      {
        guint8 yuv[3];

        rgb_to_yuv (palette[block_colour (x / BLOCK, y / BLOCK)], yuv);
        ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0))
          [y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0) + x] = yuv[0];
        if (x % 2 == 0 && y % 2 == 0)
          {
            ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 1))
              [(y / 2) * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 1) + x / 2] = yuv[1];
            ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 2))
              [(y / 2) * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 2) + x / 2] = yuv[2];
          }
      }
  gst_video_frame_unmap (&frame);
  GST_BUFFER_PTS (buffer) = 0;
  sample = gst_sample_new (buffer, caps, NULL, NULL);
  return tl_video_frame_new (sample);
}

/* --- main loop and pixels ------------------------------------------------------------------ */

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
run_for_ms (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;
  guint tick = g_timeout_add (10, wake_up, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

/* The widget as the window's renderer draws it, as bytes B, G, R, A per pixel (GDK's
 * download format on little-endian machines; Xvfb runs on one). */
static guint8 *
grab (TlViewer *viewer,
      int      *width,
      int      *height)
{
  GtkWidget *widget = GTK_WIDGET (viewer);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  guint8 *pixels;

  *width = gtk_widget_get_width (widget);
  *height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  pixels = g_malloc ((gsize) *width * *height * 4);
  gdk_texture_download (texture, pixels, (gsize) *width * 4);
  return pixels;
}

static void
pixel_rgb (const guint8 *pixels,
           int           width,
           int           x,
           int           y,
           int           rgb[3])
{
  const guint8 *p = pixels + ((gsize) y * width + x) * 4;

  rgb[0] = p[2];
  rgb[1] = p[1];
  rgb[2] = p[0];
}

/* Source pixel -> the expected colour, or -1 within @margin of a block's edge. */
static int
expected_colour (double u,
                 double v,
                 double margin)
{
  double fu = fmod (u, BLOCK), fv = fmod (v, BLOCK);

  if (u < 0 || v < 0 || u >= SRC_W || v >= SRC_H)
    return -1;
  if (fu < margin || fu > BLOCK - margin || fv < margin || fv > BLOCK - margin)
    return -1;
  return block_colour ((int) (u / BLOCK), (int) (v / BLOCK));
}

static void
assert_colour_near (const int     got[3],
                    const guint8  want[3],
                    int           x,
                    int           y)
{
  int k;

  for (k = 0; k < 3; k++)
    if (ABS (got[k] - want[k]) > 8)
      g_error ("pixel %d,%d is %d,%d,%d, expected %d,%d,%d", x, y, got[0], got[1], got[2],
               want[0], want[1], want[2]);
}

/* --- tests --------------------------------------------------------------------------------- */

static void
test_renderer (void)
{
  const char *debug = g_getenv ("GDK_DEBUG");
  const char *expected = debug != NULL && strstr (debug, "gl-disable") ? "cpu" : "gl";

  g_test_message ("renderer: %s", tl_viewer_get_renderer (fx.viewer));
  g_assert_cmpstr (tl_viewer_get_renderer (fx.viewer), ==, expected);
}

static void
test_panorama (void)
{
  g_autoptr(TlVideoFrame) frame = make_block_frame ();
  g_autofree guint8 *pixels = NULL;
  int width, height, x, y, checked = 0, rgb[3];
  double s, oy;

  tl_viewer_set_projection (fx.viewer, TL_CAMERA_CYLINDRICAL, 180.0);
  tl_viewer_set_frame (fx.viewer, frame);
  tl_viewer_set_mode (fx.viewer, TL_VIEWER_MODE_PANORAMA);
  run_for_ms (100);
  pixels = grab (fx.viewer, &width, &height);
  g_assert_cmpint (width, ==, VIEW_W);
  g_assert_cmpint (height, ==, VIEW_H);

  /* Letterboxed: a third of the size, bars above and below. */
  s = (double) width / SRC_W;
  oy = (height - SRC_H * s) / 2;
  pixel_rgb (pixels, width, width / 2, 5, rgb);
  g_assert_cmpint (ABS (rgb[0] - 31), <=, 2);
  g_assert_cmpint (ABS (rgb[1] - 31), <=, 2);
  pixel_rgb (pixels, width, width / 2, height - 5, rgb);
  g_assert_cmpint (ABS (rgb[2] - 31), <=, 2);

  for (y = 0; y < height; y += 7)
    for (x = 0; x < width; x += 7)
      {
        int c = expected_colour ((x + 0.5) / s, (y + 0.5 - oy) / s, 6);

        if (c < 0)
          continue;
        pixel_rgb (pixels, width, x, y, rgb);
        assert_colour_near (rgb, palette[c], x, y);
        checked++;
      }
  g_test_message ("panorama: %d pixels checked", checked);
  g_assert_cmpint (checked, >, 500);
}

/* The shader (or the CPU path) and tl_virtual_camera_map_pixel () agree pixel for pixel. */
static void
test_virtual (void)
{
  g_autoptr(TlVideoFrame) frame = make_block_frame ();
  g_autofree guint8 *pixels = NULL;
  TlCameraParams src = { 0, };
  TlVirtualCamera vc;
  int width, height, x, y, checked = 0, rgb[3];

  tl_viewer_set_frame (fx.viewer, frame);
  tl_viewer_set_mode (fx.viewer, TL_VIEWER_MODE_VIRTUAL);
  tl_viewer_set_view (fx.viewer, 20.0, 5.0, 50.0);
  g_assert_cmpfloat_with_epsilon (tl_viewer_get_yaw (fx.viewer), 20.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (tl_viewer_get_pitch (fx.viewer), 5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (tl_viewer_get_hfov (fx.viewer), 50.0, 1e-9);
  run_for_ms (100);
  pixels = grab (fx.viewer, &width, &height);

  src.projection = TL_CAMERA_CYLINDRICAL;
  src.width = SRC_W;
  src.height = SRC_H;
  src.hfov = G_PI;
  tl_virtual_camera_init (&vc, width, height, 20.0 * G_PI / 180, 5.0 * G_PI / 180,
                          50.0 * G_PI / 180);
  for (y = 0; y < height; y += 5)
    for (x = 0; x < width; x += 5)
      {
        double u, v;
        int c;

        g_assert_cmpint (tl_virtual_camera_map_pixel (&vc, &src, x + 0.5, y + 0.5, &u, &v), ==,
                         TL_CAMERA_VISIBLE);
        c = expected_colour (u, v, 2.5);
        if (c < 0)
          continue;
        pixel_rgb (pixels, width, x, y, rgb);
        assert_colour_near (rgb, palette[c], x, y);
        checked++;
      }
  g_test_message ("virtual: %d pixels checked", checked);
  g_assert_cmpint (checked, >, 3000);
}

static void
test_clamp_and_centre (void)
{
  g_autoptr(TlVideoFrame) frame = make_block_frame ();
  TlCameraParams src = { 0, };
  TlVirtualCamera vc;
  double u, v, fs = SRC_W / G_PI;

  tl_viewer_set_frame (fx.viewer, frame);
  tl_viewer_set_mode (fx.viewer, TL_VIEWER_MODE_VIRTUAL);

  /* Far right and too wide: the view stays inside the 180° x 50° panorama. */
  tl_viewer_set_view (fx.viewer, 170.0, 40.0, 100.0);
  src.projection = TL_CAMERA_CYLINDRICAL;
  src.width = SRC_W;
  src.height = SRC_H;
  src.hfov = G_PI;
  tl_virtual_camera_init (&vc, VIEW_W, VIEW_H, tl_viewer_get_yaw (fx.viewer) * G_PI / 180,
                          tl_viewer_get_pitch (fx.viewer) * G_PI / 180,
                          tl_viewer_get_hfov (fx.viewer) * G_PI / 180);
  g_assert_true (tl_virtual_camera_fits (&vc, &src));
  g_assert_cmpfloat (tl_viewer_get_hfov (fx.viewer), <, 100.0);
  g_assert_cmpfloat (tl_viewer_get_yaw (fx.viewer), <, 90.0);

  /* Centring on a widget point puts what it showed in the middle. */
  tl_viewer_set_view (fx.viewer, 0.0, 0.0, 40.0);
  tl_virtual_camera_init (&vc, VIEW_W, VIEW_H, 0, 0, 40.0 * G_PI / 180);
  tl_virtual_camera_map_pixel (&vc, &src, 100, 250, &u, &v);
  tl_viewer_centre_on (fx.viewer, 100, 250);
  g_assert_cmpfloat_with_epsilon (tl_viewer_get_yaw (fx.viewer) * G_PI / 180,
                                  (u - SRC_W / 2.0) / fs, 1e-9);

  /* From the panorama, a double-click's centring switches to the virtual camera. */
  tl_viewer_set_mode (fx.viewer, TL_VIEWER_MODE_PANORAMA);
  tl_viewer_centre_on (fx.viewer, VIEW_W * 0.75, VIEW_H / 2.0);
  g_assert_cmpint (tl_viewer_get_mode (fx.viewer), ==, TL_VIEWER_MODE_VIRTUAL);
  g_assert_cmpfloat_with_epsilon (tl_viewer_get_yaw (fx.viewer), 45.0, 0.2);
  g_assert_cmpfloat_with_epsilon (tl_viewer_get_pitch (fx.viewer), 0.0, 0.2);

  /* Properties are in degrees. */
  g_object_set (fx.viewer, "yaw", -10.0, "hfov", 30.0, NULL);
  g_assert_cmpfloat_with_epsilon (tl_viewer_get_yaw (fx.viewer), -10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (tl_viewer_get_hfov (fx.viewer), 30.0, 1e-9);
}

/* A demo match through TlPlayer: the pitch is green in the middle of the picture. */
static void
test_demo_frame (void)
{
  g_autoptr(TlDemoGenerator) generator = tl_demo_generator_new ();
  g_autoptr(TlPlayer) player = tl_player_new ();
  g_autofree char *path = g_build_filename (fx.dir, "demo.mp4", NULL);
  g_autofree guint8 *pixels = NULL;
  g_autoptr(GError) error = NULL;
  int width, height, rgb[3], i;

  g_object_set (generator, "seconds", 1.0, "width", SRC_W, "height", SRC_H, NULL);
  if (!tl_test_generate_demo (generator, path, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      g_test_skip (error->message);
      return;
    }
  g_assert_no_error (error);

  tl_viewer_set_player (fx.viewer, player);
  g_assert_true (tl_player_open (player, path, NULL));
  for (i = 0; i < 500 && tl_viewer_get_frame (fx.viewer) == NULL; i++)
    run_for_ms (10);
  g_assert_nonnull (tl_viewer_get_frame (fx.viewer));
  g_assert_true (tl_viewer_get_frame (fx.viewer) == tl_player_get_frame (player));

  tl_viewer_set_projection (fx.viewer, TL_CAMERA_CYLINDRICAL, 180.0);
  tl_viewer_set_mode (fx.viewer, TL_VIEWER_MODE_VIRTUAL);
  /* 10° to the right: off the halfway line, which runs down the middle of the picture. */
  tl_viewer_set_view (fx.viewer, 10.0, 0.0, 40.0);
  run_for_ms (100);
  pixels = grab (fx.viewer, &width, &height);
  pixel_rgb (pixels, width, width / 2, height / 2, rgb);
  g_test_message ("demo, virtual camera centre: %d,%d,%d", rgb[0], rgb[1], rgb[2]);
  g_assert_cmpint (rgb[1], >, rgb[0] + 15);
  g_assert_cmpint (rgb[1], >, rgb[2] + 15);
  g_clear_pointer (&pixels, g_free);

  tl_viewer_set_mode (fx.viewer, TL_VIEWER_MODE_PANORAMA);
  run_for_ms (100);
  pixels = grab (fx.viewer, &width, &height);
  pixel_rgb (pixels, width, width / 2 + width / 18, height / 2, rgb);
  g_test_message ("demo, panorama 10° right of centre: %d,%d,%d", rgb[0], rgb[1], rgb[2]);
  g_assert_cmpint (rgb[1], >, rgb[0] + 15);
  g_assert_cmpint (rgb[1], >, rgb[2] + 15);

  /* The next frame reaches the viewer by itself. */
  tl_player_step (player, 1);
  for (i = 0; i < 500 && tl_video_frame_get_number (tl_viewer_get_frame (fx.viewer)) != 1; i++)
    run_for_ms (10);
  g_assert_cmpint (tl_video_frame_get_number (tl_viewer_get_frame (fx.viewer)), ==, 1);

  tl_viewer_set_player (fx.viewer, NULL);
  tl_player_close (player);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status, i;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 77;
    }

  fx.dir = g_dir_make_tmp ("touchline-viewer-XXXXXX", &error);
  g_assert_no_error (error);
  fx.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx.window, VIEW_W, VIEW_H);
  gtk_window_set_decorated (fx.window, FALSE);
  fx.viewer = TL_VIEWER (tl_viewer_new ());
  gtk_window_set_child (fx.window, GTK_WIDGET (fx.viewer));
  gtk_window_present (fx.window);
  for (i = 0; i < 500 && gtk_widget_get_width (GTK_WIDGET (fx.viewer)) != VIEW_W; i++)
    run_for_ms (10);
  run_for_ms (100);

  g_test_add_func ("/viewer/renderer", test_renderer);
  g_test_add_func ("/viewer/panorama", test_panorama);
  g_test_add_func ("/viewer/virtual", test_virtual);
  g_test_add_func ("/viewer/clamp-and-centre", test_clamp_and_centre);
  g_test_add_func ("/viewer/demo-frame", test_demo_frame);
  status = g_test_run ();

  gtk_window_destroy (fx.window);
  run_for_ms (50);
  tl_test_remove_tree (fx.dir);
  g_free (fx.dir);
  return status;
}
