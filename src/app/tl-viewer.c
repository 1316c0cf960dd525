/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-viewer.c: draws video frames with GL (or the CPU), as a panorama or a virtual camera. */
#include "config.h"

#include <epoxy/gl.h>
#include <math.h>

#include "tl-viewer.h"
#include "tl-virtual-camera.h"

#define DEFAULT_HFOV_DEG  60.0
/* Keyboard steps: a tenth of the view per pan, 1.25x per zoom; scroll: 1.1x per notch. */
#define KEY_PAN_FRACTION  0.1
#define KEY_ZOOM          1.25
#define SCROLL_ZOOM       1.1
/* The CPU path renders at most this wide and lets GSK scale it up: it is the fallback. */
#define CPU_MAX_WIDTH     1280

struct _TlViewer
{
  GtkWidget        parent_instance;

  GtkWidget       *gl_area;          /* NULL once GL failed */
  char            *fallback_reason;  /* set: the CPU draws */

  TlPlayer        *player;
  gulong           frame_handler;
  TlVideoFrame    *frame;
  gboolean         upload_pending;

  TlCameraParams   source;           /* projection, width, height, hfov of the frames */
  TlViewerMode     mode;
  double           yaw, pitch, hfov; /* radians */

  /* GL objects, valid between realize and unrealize of gl_area. */
  guint            program;
  guint            vao, vbo;
  guint            textures[3];
  int              tex_width, tex_height;
  int              u_viewport, u_mode, u_pano, u_rot, u_fv, u_fs, u_src_size;
  int              u_cylindrical, u_full_circle, u_yuv_matrix, u_yuv_offset, u_background;
  int              u_tex[3];

  /* Input */
  double           pointer_x, pointer_y;
  gboolean         drag_valid;
  double           drag_u, drag_v;     /* the source point grabbed */
  double           drag_x, drag_y;     /* where, in widget coordinates */
  double           zoom_hfov;          /* hfov when a pinch began */
  double           zoom_u, zoom_v;

  /* CPU path scratch */
  guint8          *cpu_i420;
  gsize            cpu_i420_size;
};

G_DEFINE_ENUM_TYPE (TlViewerMode, tl_viewer_mode,
                    G_DEFINE_ENUM_VALUE (TL_VIEWER_MODE_PANORAMA, "panorama"),
                    G_DEFINE_ENUM_VALUE (TL_VIEWER_MODE_VIRTUAL, "virtual"))

G_DEFINE_FINAL_TYPE (TlViewer, tl_viewer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLAYER,
  PROP_FRAME,
  PROP_MODE,
  PROP_YAW,
  PROP_PITCH,
  PROP_HFOV,
  PROP_RENDERER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The background around a letterboxed panorama: libadwaita's dark view colour. */
static const float background[4] = { 0.12f, 0.12f, 0.12f, 1.0f };

/* --- geometry shared by GL, CPU and input -------------------------------------------------- */

static int
device_width (TlViewer *self)
{
  return MAX (1, gtk_widget_get_width (GTK_WIDGET (self))
                 * gtk_widget_get_scale_factor (GTK_WIDGET (self)));
}

static int
device_height (TlViewer *self)
{
  return MAX (1, gtk_widget_get_height (GTK_WIDGET (self))
                 * gtk_widget_get_scale_factor (GTK_WIDGET (self)));
}

static gboolean
have_source (TlViewer *self)
{
  return self->source.width > 0 && self->source.height > 0;
}

/* The virtual camera for an output of @width x @height. */
static void
virtual_camera (TlViewer        *self,
                int              width,
                int              height,
                TlVirtualCamera *vc)
{
  tl_virtual_camera_init (vc, width, height, self->yaw, self->pitch, self->hfov);
}

/* Panorama mode: source pixel = (output pixel - offset) / scale. */
static void
letterbox (TlViewer *self,
           int       width,
           int       height,
           double   *scale,
           double   *ox,
           double   *oy)
{
  double s = MIN ((double) width / self->source.width, (double) height / self->source.height);

  *scale = s;
  *ox = (width - s * self->source.width) / 2.0;
  *oy = (height - s * self->source.height) / 2.0;
}

/* Widget point -> source pixel; FALSE where it shows no source. */
static gboolean
widget_to_source (TlViewer *self,
                  double    x,
                  double    y,
                  double   *u,
                  double   *v)
{
  int scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double dx = x * scale_factor, dy = y * scale_factor;

  if (!have_source (self))
    return FALSE;

  if (self->mode == TL_VIEWER_MODE_PANORAMA)
    {
      double s, ox, oy;

      letterbox (self, device_width (self), device_height (self), &s, &ox, &oy);
      *u = (dx - ox) / s;
      *v = (dy - oy) / s;
      return *u >= 0 && *u <= self->source.width && *v >= 0 && *v <= self->source.height;
    }
  else
    {
      TlVirtualCamera vc;

      virtual_camera (self, device_width (self), device_height (self), &vc);
      return tl_virtual_camera_map_pixel (&vc, &self->source, dx, dy, u, v) >= 0;
    }
}

static void
queue_render (TlViewer *self)
{
  if (self->gl_area != NULL)
    gtk_gl_area_queue_render (GTK_GL_AREA (self->gl_area));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Clamps @vc into the source and makes it the view, notifying what changed. */
static void
apply_view (TlViewer        *self,
            TlVirtualCamera *vc)
{
  double yaw = self->yaw, pitch = self->pitch, hfov = self->hfov;

  if (have_source (self))
    tl_virtual_camera_clamp (vc, &self->source);

  self->yaw = vc->yaw;
  self->pitch = vc->pitch;
  self->hfov = vc->hfov;

  g_object_freeze_notify (G_OBJECT (self));
  if (yaw != self->yaw)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YAW]);
  if (pitch != self->pitch)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PITCH]);
  if (hfov != self->hfov)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HFOV]);
  g_object_thaw_notify (G_OBJECT (self));

  queue_render (self);
}

static void
set_view_radians (TlViewer *self,
                  double    yaw,
                  double    pitch,
                  double    hfov)
{
  TlVirtualCamera vc;

  hfov = CLAMP (hfov, TL_VIRTUAL_CAMERA_MIN_HFOV, TL_VIRTUAL_CAMERA_MAX_HFOV);
  if (!isfinite (yaw) || !isfinite (pitch))
    return;
  tl_virtual_camera_init (&vc, device_width (self), device_height (self), yaw, pitch, hfov);
  apply_view (self, &vc);
}

/* Turns the view so that widget point (@x, @y) shows source pixel (@u, @v). */
static void
look_through (TlViewer *self,
              double    x,
              double    y,
              double    u,
              double    v)
{
  int scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  TlVirtualCamera vc;

  virtual_camera (self, device_width (self), device_height (self), &vc);
  if (tl_virtual_camera_look_through (&vc, &self->source, x * scale_factor, y * scale_factor,
                                      u, v) == TL_CAMERA_OK)
    apply_view (self, &vc);
}

/* --- GL ------------------------------------------------------------------------------------ */

static const char vertex_source[] =
  "in vec2 position;\n"
  "out vec2 out_px;\n"
  "uniform vec2 viewport;\n"
  "void main () {\n"
  "  gl_Position = vec4 (position, 0.0, 1.0);\n"
  /* Output pixel coordinates with y down, as in tl-virtual-camera.h. */
  "  out_px = vec2 ((position.x * 0.5 + 0.5) * viewport.x,\n"
  "                 (0.5 - position.y * 0.5) * viewport.y);\n"
  "}\n";

/* The reprojection is THE FORMULA of tl-virtual-camera.h, line for line; keep them in step
 * (test-viewer compares this shader's output with tl_virtual_camera_map_pixel ()). */
static const char fragment_source[] =
  "in vec2 out_px;\n"
  "out vec4 color;\n"
  "uniform sampler2D tex_y;\n"
  "uniform sampler2D tex_u;\n"
  "uniform sampler2D tex_v;\n"
  "uniform vec2 viewport;\n"
  "uniform int mode;\n"                /* 0 panorama, 1 virtual */
  "uniform vec3 pano;\n"               /* scale, offset x, offset y */
  "uniform mat3 rot;\n"                /* columns: the virtual right, up, forward axes */
  "uniform float fv;\n"
  "uniform float fs;\n"
  "uniform vec2 src_size;\n"
  "uniform int cylindrical;\n"
  "uniform int full_circle;\n"
  "uniform mat3 yuv_matrix;\n"
  "uniform vec3 yuv_offset;\n"
  "uniform vec4 background;\n"
  "void main () {\n"
  "  vec2 uv;\n"
  "  if (mode == 0) {\n"
  "    uv = (out_px - pano.yz) / pano.x;\n"
  "  } else {\n"
  "    vec3 d = rot * vec3 ((out_px.x - viewport.x * 0.5) / fv,\n"
  "                         (viewport.y * 0.5 - out_px.y) / fv, 1.0);\n"
  "    vec2 c = src_size * 0.5;\n"
  "    if (cylindrical != 0) {\n"
  "      float rho = length (d.xz);\n"
  "      uv = vec2 (c.x + fs * atan (d.x, d.z), c.y - fs * d.y / rho);\n"
  "    } else {\n"
  "      if (d.z <= 1e-6) { color = background; return; }\n"
  "      uv = vec2 (c.x + fs * d.x / d.z, c.y - fs * d.y / d.z);\n"
  "    }\n"
  "  }\n"
  "  if (uv.y < 0.0 || uv.y > src_size.y\n"
  "      || (full_circle == 0 && (uv.x < 0.0 || uv.x > src_size.x))) {\n"
  "    color = background;\n"
  "    return;\n"
  "  }\n"
  "  vec2 tc = uv / src_size;\n"
  "  vec3 yuv = vec3 (texture (tex_y, tc).r, texture (tex_u, tc).r, texture (tex_v, tc).r);\n"
  "  color = vec4 (clamp (yuv_matrix * (yuv - yuv_offset), 0.0, 1.0), 1.0);\n"
  "}\n";

static guint
compile_shader (GLenum       type,
                const char  *header,
                const char  *body,
                GError     **error)
{
  const char *sources[2] = { header, body };
  guint shader = glCreateShader (type);
  int ok = 0;

  glShaderSource (shader, 2, sources, NULL);
  glCompileShader (shader);
  glGetShaderiv (shader, GL_COMPILE_STATUS, &ok);
  if (!ok)
    {
      char log[2048] = "";

      glGetShaderInfoLog (shader, sizeof log, NULL, log);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "shader does not compile: %s", log);
      glDeleteShader (shader);
      return 0;
    }
  return shader;
}

static gboolean
gl_setup (TlViewer  *self,
          GError   **error)
{
  GdkGLContext *context = gtk_gl_area_get_context (GTK_GL_AREA (self->gl_area));
  /* GLSL ES 3.00 and GLSL 1.50 (GL 3.2 core) take the same shaders. */
  const char *header = gdk_gl_context_get_use_es (context)
                       ? "#version 300 es\nprecision highp float;\n"
                       : "#version 150\n";
  static const float quad[] = { -1, -1, 1, -1, -1, 1, 1, 1 };
  const char *tex_names[3] = { "tex_y", "tex_u", "tex_v" };
  guint vs, fs;
  int ok = 0, i;

  vs = compile_shader (GL_VERTEX_SHADER, header, vertex_source, error);
  if (vs == 0)
    return FALSE;
  fs = compile_shader (GL_FRAGMENT_SHADER, header, fragment_source, error);
  if (fs == 0)
    {
      glDeleteShader (vs);
      return FALSE;
    }

  self->program = glCreateProgram ();
  glAttachShader (self->program, vs);
  glAttachShader (self->program, fs);
  glBindAttribLocation (self->program, 0, "position");
  glLinkProgram (self->program);
  glDeleteShader (vs);
  glDeleteShader (fs);
  glGetProgramiv (self->program, GL_LINK_STATUS, &ok);
  if (!ok)
    {
      char log[2048] = "";

      glGetProgramInfoLog (self->program, sizeof log, NULL, log);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "shader does not link: %s", log);
      return FALSE;
    }

  self->u_viewport = glGetUniformLocation (self->program, "viewport");
  self->u_mode = glGetUniformLocation (self->program, "mode");
  self->u_pano = glGetUniformLocation (self->program, "pano");
  self->u_rot = glGetUniformLocation (self->program, "rot");
  self->u_fv = glGetUniformLocation (self->program, "fv");
  self->u_fs = glGetUniformLocation (self->program, "fs");
  self->u_src_size = glGetUniformLocation (self->program, "src_size");
  self->u_cylindrical = glGetUniformLocation (self->program, "cylindrical");
  self->u_full_circle = glGetUniformLocation (self->program, "full_circle");
  self->u_yuv_matrix = glGetUniformLocation (self->program, "yuv_matrix");
  self->u_yuv_offset = glGetUniformLocation (self->program, "yuv_offset");
  self->u_background = glGetUniformLocation (self->program, "background");
  for (i = 0; i < 3; i++)
    self->u_tex[i] = glGetUniformLocation (self->program, tex_names[i]);

  glGenVertexArrays (1, &self->vao);
  glBindVertexArray (self->vao);
  glGenBuffers (1, &self->vbo);
  glBindBuffer (GL_ARRAY_BUFFER, self->vbo);
  glBufferData (GL_ARRAY_BUFFER, sizeof quad, quad, GL_STATIC_DRAW);
  glEnableVertexAttribArray (0);
  glVertexAttribPointer (0, 2, GL_FLOAT, GL_FALSE, 0, NULL);
  glBindVertexArray (0);

  glGenTextures (3, self->textures);
  for (i = 0; i < 3; i++)
    {
      glBindTexture (GL_TEXTURE_2D, self->textures[i]);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
  self->tex_width = self->tex_height = 0;
  self->upload_pending = self->frame != NULL;
  return TRUE;
}

static void
use_cpu (TlViewer   *self,
         const char *reason)
{
  if (self->fallback_reason != NULL)
    return;
  self->fallback_reason = g_strdup (reason);
  g_debug ("Viewer: drawing on the CPU, GL is not available: %s", reason);
  if (self->gl_area != NULL)
    gtk_widget_set_visible (self->gl_area, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENDERER]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_gl_realize (GtkGLArea *area,
               TlViewer  *self)
{
  g_autoptr(GError) error = NULL;

  gtk_gl_area_make_current (area);
  if (gtk_gl_area_get_error (area) != NULL)
    {
      use_cpu (self, gtk_gl_area_get_error (area)->message);
      return;
    }
  if (!gl_setup (self, &error))
    use_cpu (self, error->message);
}

static void
on_gl_unrealize (GtkGLArea *area,
                 TlViewer  *self)
{
  gtk_gl_area_make_current (area);
  if (gtk_gl_area_get_error (area) != NULL)
    return;
  if (self->program != 0)
    glDeleteProgram (self->program);
  if (self->vbo != 0)
    glDeleteBuffers (1, &self->vbo);
  if (self->vao != 0)
    glDeleteVertexArrays (1, &self->vao);
  if (self->textures[0] != 0)
    glDeleteTextures (3, self->textures);
  self->program = self->vao = self->vbo = 0;
  memset (self->textures, 0, sizeof self->textures);
  self->tex_width = self->tex_height = 0;
}

static void
upload_frame (TlViewer *self)
{
  int w = tl_video_frame_get_width (self->frame);
  int h = tl_video_frame_get_height (self->frame);
  gboolean realloc = w != self->tex_width || h != self->tex_height;
  int i;

  glPixelStorei (GL_UNPACK_ALIGNMENT, 1);
  for (i = 0; i < 3; i++)
    {
      int stride;
      const guint8 *data = tl_video_frame_get_plane (self->frame, i, &stride);
      int pw = i == 0 ? w : (w + 1) / 2, ph = i == 0 ? h : (h + 1) / 2;

      glBindTexture (GL_TEXTURE_2D, self->textures[i]);
      /* Rows as the decoder laid them out: no copy to repack them. */
      glPixelStorei (GL_UNPACK_ROW_LENGTH, stride);
      if (realloc)
        glTexImage2D (GL_TEXTURE_2D, 0, GL_R8, pw, ph, 0, GL_RED, GL_UNSIGNED_BYTE, data);
      else
        glTexSubImage2D (GL_TEXTURE_2D, 0, 0, 0, pw, ph, GL_RED, GL_UNSIGNED_BYTE, data);
    }
  glPixelStorei (GL_UNPACK_ROW_LENGTH, 0);
  self->tex_width = w;
  self->tex_height = h;
  self->upload_pending = FALSE;
}

static gboolean
on_gl_render (GtkGLArea    *area,
              GdkGLContext *context,
              TlViewer     *self)
{
  int width = device_width (self), height = device_height (self);
  float m[9], offset[3];
  int i;

  glClearColor (background[0], background[1], background[2], background[3]);
  glClear (GL_COLOR_BUFFER_BIT);
  if (self->program == 0 || self->frame == NULL || tl_video_frame_get_format (self->frame)
                                                   != GST_VIDEO_FORMAT_I420)
    return TRUE;

  if (self->upload_pending)
    upload_frame (self);

  glUseProgram (self->program);
  glUniform2f (self->u_viewport, width, height);
  glUniform1i (self->u_mode, self->mode == TL_VIEWER_MODE_VIRTUAL);
  glUniform2f (self->u_src_size, self->source.width, self->source.height);
  glUniform1i (self->u_cylindrical, self->source.projection == TL_CAMERA_CYLINDRICAL);
  glUniform1i (self->u_full_circle, self->source.projection == TL_CAMERA_CYLINDRICAL
                                    && self->source.hfov >= 2 * G_PI - 1e-9);
  glUniform4fv (self->u_background, 1, background);
  if (self->mode == TL_VIEWER_MODE_PANORAMA)
    {
      double s, ox, oy;

      letterbox (self, width, height, &s, &ox, &oy);
      glUniform3f (self->u_pano, s, ox, oy);
    }
  else
    {
      TlVirtualCamera vc;
      float rot[9];
      int r, c;

      virtual_camera (self, width, height, &vc);
      /* Column c of the GLSL matrix is row c of vc.r (right, up, forward). */
      for (c = 0; c < 3; c++)
        for (r = 0; r < 3; r++)
          rot[c * 3 + r] = vc.r[c][r];
      glUniformMatrix3fv (self->u_rot, 1, GL_FALSE, rot);
      glUniform1f (self->u_fv, vc.f);
      glUniform1f (self->u_fs, self->source.projection == TL_CAMERA_CYLINDRICAL
                               ? self->source.width / self->source.hfov
                               : (self->source.width / 2.0) / tan (self->source.hfov / 2.0));
    }
  tl_video_frame_get_yuv_to_rgb (self->frame, m, offset);
  glUniformMatrix3fv (self->u_yuv_matrix, 1, GL_FALSE, m);
  glUniform3fv (self->u_yuv_offset, 1, offset);

  for (i = 0; i < 3; i++)
    {
      glActiveTexture (GL_TEXTURE0 + i);
      glBindTexture (GL_TEXTURE_2D, self->textures[i]);
      /* A 360° panorama continues across its left and right edges. */
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S,
                       self->source.hfov >= 2 * G_PI - 1e-9 ? GL_REPEAT : GL_CLAMP_TO_EDGE);
      glUniform1i (self->u_tex[i], i);
    }

  glBindVertexArray (self->vao);
  glDrawArrays (GL_TRIANGLE_STRIP, 0, 4);
  glBindVertexArray (0);
  glUseProgram (0);
  glActiveTexture (GL_TEXTURE0);
  return TRUE;
}

/* --- CPU ----------------------------------------------------------------------------------- */

/* The same picture as the shader, on the CPU: the virtual view through the exporter's
 * reprojection, the panorama by nearest-pixel scaling. At most CPU_MAX_WIDTH wide. */
static GdkTexture *
cpu_render (TlViewer *self)
{
  int width = device_width (self), height = device_height (self);
  g_autoptr(GBytes) bytes = NULL;
  guint8 *rgba;
  float m[9], offset[3];
  int x, y;

  if (width > CPU_MAX_WIDTH)
    {
      height = MAX (2, height * CPU_MAX_WIDTH / width);
      width = CPU_MAX_WIDTH;
    }
  width &= ~1;
  height &= ~1;
  if (width < 2 || height < 2)
    return NULL;

  rgba = g_malloc ((gsize) width * height * 4);
  tl_video_frame_get_yuv_to_rgb (self->frame, m, offset);

  if (self->mode == TL_VIEWER_MODE_VIRTUAL)
    {
      TlVirtualCamera vc;
      const guint8 *src_planes[3];
      size_t src_strides[3], dst_strides[3] = { width, width / 2, width / 2 };
      guint8 *dst_planes[3];
      gsize size = (gsize) width * height * 3 / 2;
      int i;

      if (self->cpu_i420_size < size)
        {
          g_free (self->cpu_i420);
          self->cpu_i420 = g_malloc (size);
          self->cpu_i420_size = size;
        }
      dst_planes[0] = self->cpu_i420;
      dst_planes[1] = self->cpu_i420 + (gsize) width * height;
      dst_planes[2] = dst_planes[1] + (gsize) width * height / 4;
      for (i = 0; i < 3; i++)
        {
          int stride;

          src_planes[i] = tl_video_frame_get_plane (self->frame, i, &stride);
          src_strides[i] = stride;
        }
      /* The view's angles do not depend on the output size, only its pixel count does. */
      virtual_camera (self, width, height, &vc);
      tl_virtual_camera_render_i420 (&vc, &self->source, src_planes, src_strides, dst_planes,
                                     dst_strides);
      for (y = 0; y < height; y++)
        for (x = 0; x < width; x++)
          tl_video_frame_yuv_to_rgba (m, offset, dst_planes[0][y * width + x],
                                      dst_planes[1][(y / 2) * (width / 2) + x / 2],
                                      dst_planes[2][(y / 2) * (width / 2) + x / 2],
                                      rgba + ((gsize) y * width + x) * 4);
    }
  else
    {
      int ys, us, vs;
      const guint8 *yp = tl_video_frame_get_plane (self->frame, 0, &ys);
      const guint8 *up = tl_video_frame_get_plane (self->frame, 1, &us);
      const guint8 *vp = tl_video_frame_get_plane (self->frame, 2, &vs);
      double s, ox, oy;

      letterbox (self, width, height, &s, &ox, &oy);
      for (y = 0; y < height; y++)
        for (x = 0; x < width; x++)
          {
            guint8 *out = rgba + ((gsize) y * width + x) * 4;
            int u = (int) floor ((x + 0.5 - ox) / s), v = (int) floor ((y + 0.5 - oy) / s);

            if (u < 0 || v < 0 || u >= self->source.width || v >= self->source.height)
              {
                out[0] = out[1] = out[2] = (guint8) (background[0] * 255);
                out[3] = 255;
                continue;
              }
            tl_video_frame_yuv_to_rgba (m, offset, yp[v * ys + u], up[(v / 2) * us + u / 2],
                                        vp[(v / 2) * vs + u / 2], out);
          }
    }

  bytes = g_bytes_new_take (rgba, (gsize) width * height * 4);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, bytes, (gsize) width * 4);
}

static void
tl_viewer_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  TlViewer *self = TL_VIEWER (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (self->fallback_reason == NULL)
    {
      GTK_WIDGET_CLASS (tl_viewer_parent_class)->snapshot (widget, snapshot);
      return;
    }

  {
    GdkRGBA bg = { background[0], background[1], background[2], background[3] };
    g_autoptr(GdkTexture) texture = NULL;

    gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (0, 0, width, height));
    if (self->frame == NULL || !have_source (self)
        || tl_video_frame_get_format (self->frame) != GST_VIDEO_FORMAT_I420)
      return;
    texture = cpu_render (self);
    if (texture != NULL)
      gtk_snapshot_append_texture (snapshot, texture, &GRAPHENE_RECT_INIT (0, 0, width, height));
  }
}

/* --- input --------------------------------------------------------------------------------- */

/* "steered": the user turned or zoomed the view (a follow cam lets go). */
static guint steered_signal;

static void
steer (TlViewer *self)
{
  g_signal_emit (self, steered_signal, 0);
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           TlViewer                 *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               TlViewer       *self)
{
  self->drag_valid = self->mode == TL_VIEWER_MODE_VIRTUAL
                     && widget_to_source (self, x, y, &self->drag_u, &self->drag_v);
  self->drag_x = x;
  self->drag_y = y;
  if (!self->drag_valid)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                TlViewer       *self)
{
  if (!self->drag_valid)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  steer (self);
  /* The point grabbed stays under the pointer (as far as the panorama's edges allow). */
  look_through (self, self->drag_x + dx, self->drag_y + dy, self->drag_u, self->drag_v);
}

/* Zooms by @factor (> 1 narrows the view) keeping widget point (@x, @y) where it is. */
static void
zoom_about (TlViewer *self,
            double    factor,
            double    x,
            double    y)
{
  double u, v;
  gboolean anchored;

  if (self->mode != TL_VIEWER_MODE_VIRTUAL)
    return;
  anchored = widget_to_source (self, x, y, &u, &v);
  steer (self);
  set_view_radians (self, self->yaw, self->pitch, self->hfov / factor);
  if (anchored)
    look_through (self, x, y, u, v);
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           TlViewer                 *self)
{
  if (self->mode != TL_VIEWER_MODE_VIRTUAL || dy == 0.0)
    return FALSE;
  zoom_about (self, pow (SCROLL_ZOOM, -dy), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               TlViewer         *self)
{
  double x, y;

  self->zoom_hfov = self->hfov;
  if (self->mode != TL_VIEWER_MODE_VIRTUAL
      || !gtk_gesture_get_bounding_box_center (gesture, &x, &y)
      || !widget_to_source (self, x, y, &self->zoom_u, &self->zoom_v))
    self->zoom_u = self->zoom_v = NAN;
}

static void
on_zoom_scale_changed (GtkGestureZoom *gesture,
                       double          scale,
                       TlViewer       *self)
{
  double x, y;

  if (self->mode != TL_VIEWER_MODE_VIRTUAL || scale <= 0.0)
    return;
  steer (self);
  set_view_radians (self, self->yaw, self->pitch, self->zoom_hfov / scale);
  if (isfinite (self->zoom_u)
      && gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    look_through (self, x, y, self->zoom_u, self->zoom_v);
}

static void
on_click_pressed (GtkGestureClick *click,
                  int              n_press,
                  double           x,
                  double           y,
                  TlViewer        *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 2)
    tl_viewer_centre_on (self, x, y);
}

static gboolean
handle_key (GtkEventControllerKey *keys,
            guint                  keyval,
            guint                  keycode,
            GdkModifierType        state,
            TlViewer              *self)
{
  gboolean ctrl = (state & GDK_CONTROL_MASK) != 0;
  double step = self->hfov * KEY_PAN_FRACTION;

  if (self->mode != TL_VIEWER_MODE_VIRTUAL)
    return FALSE;

  /* Bare arrows belong to the page (frame stepping); the view pans with Ctrl held. */
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      if (!ctrl)
        return FALSE;
      set_view_radians (self, self->yaw - step, self->pitch, self->hfov);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (!ctrl)
        return FALSE;
      set_view_radians (self, self->yaw + step, self->pitch, self->hfov);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (!ctrl)
        return FALSE;
      set_view_radians (self, self->yaw, self->pitch + step, self->hfov);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (!ctrl)
        return FALSE;
      set_view_radians (self, self->yaw, self->pitch - step, self->hfov);
      return TRUE;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      set_view_radians (self, self->yaw, self->pitch, self->hfov / KEY_ZOOM);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      set_view_radians (self, self->yaw, self->pitch, self->hfov * KEY_ZOOM);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
on_key_pressed (GtkEventControllerKey *keys,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                TlViewer              *self)
{
  if (!handle_key (keys, keyval, keycode, state, self))
    return FALSE;
  steer (self);
  return TRUE;
}

/* --- public API ---------------------------------------------------------------------------- */

GtkWidget *
tl_viewer_new (void)
{
  return g_object_new (TL_TYPE_VIEWER, NULL);
}

static void
on_player_frame (TlPlayer     *player,
                 TlVideoFrame *frame,
                 TlViewer     *self)
{
  tl_viewer_set_frame (self, frame);
}

void
tl_viewer_set_player (TlViewer *self,
                      TlPlayer *player)
{
  g_return_if_fail (TL_IS_VIEWER (self));
  g_return_if_fail (player == NULL || TL_IS_PLAYER (player));

  if (self->player == player)
    return;
  if (self->player != NULL)
    g_clear_signal_handler (&self->frame_handler, self->player);
  g_set_object (&self->player, player);
  if (player != NULL)
    {
      self->frame_handler = g_signal_connect (player, "frame", G_CALLBACK (on_player_frame),
                                              self);
      tl_viewer_set_frame (self, tl_player_get_frame (player));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);
}

TlPlayer *
tl_viewer_get_player (TlViewer *self)
{
  g_return_val_if_fail (TL_IS_VIEWER (self), NULL);
  return self->player;
}

void
tl_viewer_set_frame (TlViewer     *self,
                     TlVideoFrame *frame)
{
  gboolean resized;

  g_return_if_fail (TL_IS_VIEWER (self));

  if (self->frame == frame)
    return;
  g_clear_pointer (&self->frame, tl_video_frame_unref);
  if (frame != NULL)
    self->frame = tl_video_frame_ref (frame);
  self->upload_pending = frame != NULL;

  /* The source's size comes with the frames; a new size needs the view clamped anew. */
  resized = frame != NULL && (tl_video_frame_get_width (frame) != self->source.width
                              || tl_video_frame_get_height (frame) != self->source.height);
  if (resized)
    {
      self->source.width = tl_video_frame_get_width (frame);
      self->source.height = tl_video_frame_get_height (frame);
      set_view_radians (self, self->yaw, self->pitch, self->hfov);
    }
  queue_render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
}

TlVideoFrame *
tl_viewer_get_frame (TlViewer *self)
{
  g_return_val_if_fail (TL_IS_VIEWER (self), NULL);
  return self->frame;
}

void
tl_viewer_set_projection (TlViewer           *self,
                          TlCameraProjection  projection,
                          double              hfov_deg)
{
  double max_deg = projection == TL_CAMERA_PINHOLE ? 179.0 : 360.0;

  g_return_if_fail (TL_IS_VIEWER (self));
  g_return_if_fail (projection == TL_CAMERA_PINHOLE || projection == TL_CAMERA_CYLINDRICAL);

  self->source.projection = projection;
  self->source.hfov = CLAMP (hfov_deg, 1.0, max_deg) * G_PI / 180.0;
  set_view_radians (self, self->yaw, self->pitch, self->hfov);
}

void
tl_viewer_set_mode (TlViewer     *self,
                    TlViewerMode  mode)
{
  g_return_if_fail (TL_IS_VIEWER (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  queue_render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

TlViewerMode
tl_viewer_get_mode (TlViewer *self)
{
  g_return_val_if_fail (TL_IS_VIEWER (self), TL_VIEWER_MODE_PANORAMA);
  return self->mode;
}

void
tl_viewer_set_view (TlViewer *self,
                    double    yaw_deg,
                    double    pitch_deg,
                    double    hfov_deg)
{
  g_return_if_fail (TL_IS_VIEWER (self));
  set_view_radians (self, yaw_deg * G_PI / 180.0, pitch_deg * G_PI / 180.0,
                    hfov_deg * G_PI / 180.0);
}

double
tl_viewer_get_yaw (TlViewer *self)
{
  g_return_val_if_fail (TL_IS_VIEWER (self), 0.0);
  return self->yaw * 180.0 / G_PI;
}

double
tl_viewer_get_pitch (TlViewer *self)
{
  g_return_val_if_fail (TL_IS_VIEWER (self), 0.0);
  return self->pitch * 180.0 / G_PI;
}

double
tl_viewer_get_hfov (TlViewer *self)
{
  g_return_val_if_fail (TL_IS_VIEWER (self), 0.0);
  return self->hfov * 180.0 / G_PI;
}

void
tl_viewer_centre_on (TlViewer *self,
                     double    x,
                     double    y)
{
  double u, v;

  g_return_if_fail (TL_IS_VIEWER (self));

  if (!widget_to_source (self, x, y, &u, &v))
    return;
  tl_viewer_set_mode (self, TL_VIEWER_MODE_VIRTUAL);
  steer (self);
  look_through (self, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                gtk_widget_get_height (GTK_WIDGET (self)) / 2.0, u, v);
}

gboolean
tl_viewer_widget_to_source (TlViewer *self,
                            double    x,
                            double    y,
                            double   *u,
                            double   *v)
{
  g_return_val_if_fail (TL_IS_VIEWER (self), FALSE);
  g_return_val_if_fail (u != NULL && v != NULL, FALSE);

  return widget_to_source (self, x, y, u, v);
}

gboolean
tl_viewer_source_to_widget (TlViewer *self,
                            double    u,
                            double    v,
                            double   *x,
                            double   *y)
{
  int scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double dx, dy;

  g_return_val_if_fail (TL_IS_VIEWER (self), FALSE);
  g_return_val_if_fail (x != NULL && y != NULL, FALSE);

  if (!have_source (self))
    return FALSE;

  if (self->mode == TL_VIEWER_MODE_PANORAMA)
    {
      double s, ox, oy;

      letterbox (self, device_width (self), device_height (self), &s, &ox, &oy);
      dx = ox + u * s;
      dy = oy + v * s;
    }
  else
    {
      TlVirtualCamera vc;

      virtual_camera (self, device_width (self), device_height (self), &vc);
      if (tl_virtual_camera_unmap_pixel (&vc, &self->source, u, v, &dx, &dy) < 0)
        return FALSE;
    }

  *x = dx / scale_factor;
  *y = dy / scale_factor;
  return TRUE;
}

void
tl_viewer_look_at (TlViewer *self,
                   double    u,
                   double    v)
{
  g_return_if_fail (TL_IS_VIEWER (self));

  if (!have_source (self) || !isfinite (u) || !isfinite (v))
    return;
  tl_viewer_set_mode (self, TL_VIEWER_MODE_VIRTUAL);
  /* The user pointed the camera (the minimap): following stops, as for a drag. */
  steer (self);
  look_through (self, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                gtk_widget_get_height (GTK_WIDGET (self)) / 2.0, u, v);
}

gboolean
tl_viewer_get_mapping (TlViewer        *self,
                       TlCameraParams  *source,
                       TlVirtualCamera *view,
                       double          *scale,
                       double          *offset_x,
                       double          *offset_y)
{
  int width, height;

  g_return_val_if_fail (TL_IS_VIEWER (self), FALSE);

  width = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)));
  height = MAX (1, gtk_widget_get_height (GTK_WIDGET (self)));
  if (source != NULL)
    *source = self->source;
  *scale = 0;
  *offset_x = *offset_y = 0;
  if (self->mode == TL_VIEWER_MODE_VIRTUAL)
    {
      virtual_camera (self, width, height, view);
      return TRUE;
    }
  if (have_source (self))
    letterbox (self, width, height, scale, offset_x, offset_y);
  return FALSE;
}

const char *
tl_viewer_get_renderer (TlViewer *self)
{
  g_return_val_if_fail (TL_IS_VIEWER (self), NULL);
  return self->fallback_reason != NULL ? "cpu" : "gl";
}

/* --- GObject / GtkWidget ------------------------------------------------------------------- */

static void
tl_viewer_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  TlViewer *self = TL_VIEWER (widget);

  GTK_WIDGET_CLASS (tl_viewer_parent_class)->size_allocate (widget, width, height, baseline);
  /* A new aspect ratio may push the view's edges out of the source. */
  set_view_radians (self, self->yaw, self->pitch, self->hfov);
}

static void
tl_viewer_dispose (GObject *object)
{
  TlViewer *self = (TlViewer *) object;

  tl_viewer_set_player (self, NULL);
  g_clear_pointer (&self->gl_area, gtk_widget_unparent);
  g_clear_pointer (&self->frame, tl_video_frame_unref);

  G_OBJECT_CLASS (tl_viewer_parent_class)->dispose (object);
}

static void
tl_viewer_finalize (GObject *object)
{
  TlViewer *self = (TlViewer *) object;

  g_clear_pointer (&self->fallback_reason, g_free);
  g_clear_pointer (&self->cpu_i420, g_free);

  G_OBJECT_CLASS (tl_viewer_parent_class)->finalize (object);
}

static void
tl_viewer_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TlViewer *self = TL_VIEWER (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      g_value_set_object (value, self->player);
      break;
    case PROP_FRAME:
      g_value_set_boxed (value, self->frame);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_YAW:
      g_value_set_double (value, tl_viewer_get_yaw (self));
      break;
    case PROP_PITCH:
      g_value_set_double (value, tl_viewer_get_pitch (self));
      break;
    case PROP_HFOV:
      g_value_set_double (value, tl_viewer_get_hfov (self));
      break;
    case PROP_RENDERER:
      g_value_set_string (value, tl_viewer_get_renderer (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_viewer_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TlViewer *self = TL_VIEWER (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      tl_viewer_set_player (self, g_value_get_object (value));
      break;
    case PROP_FRAME:
      tl_viewer_set_frame (self, g_value_get_boxed (value));
      break;
    case PROP_MODE:
      tl_viewer_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_YAW:
      tl_viewer_set_view (self, g_value_get_double (value), tl_viewer_get_pitch (self),
                          tl_viewer_get_hfov (self));
      break;
    case PROP_PITCH:
      tl_viewer_set_view (self, tl_viewer_get_yaw (self), g_value_get_double (value),
                          tl_viewer_get_hfov (self));
      break;
    case PROP_HFOV:
      tl_viewer_set_view (self, tl_viewer_get_yaw (self), tl_viewer_get_pitch (self),
                          g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_viewer_class_init (TlViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_viewer_dispose;
  object_class->finalize = tl_viewer_finalize;
  object_class->get_property = tl_viewer_get_property;
  object_class->set_property = tl_viewer_set_property;

  widget_class->snapshot = tl_viewer_snapshot;
  widget_class->size_allocate = tl_viewer_size_allocate;

  properties[PROP_PLAYER] =
    g_param_spec_object ("player", NULL, NULL, TL_TYPE_PLAYER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FRAME] =
    g_param_spec_boxed ("frame", NULL, NULL, TL_TYPE_VIDEO_FRAME,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, TL_TYPE_VIEWER_MODE, TL_VIEWER_MODE_PANORAMA,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_YAW] =
    g_param_spec_double ("yaw", NULL, NULL, -360.0, 360.0, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PITCH] =
    g_param_spec_double ("pitch", NULL, NULL, -90.0, 90.0, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_HFOV] =
    g_param_spec_double ("hfov", NULL, NULL, 1.0, 179.0, DEFAULT_HFOV_DEG,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RENDERER] =
    g_param_spec_string ("renderer", NULL, NULL, "gl",
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TlViewer::steered:
   *
   * The user turned or zoomed the virtual camera (drag, scroll, pinch, keys, double-click):
   * whatever drives the view (the follow cam) should let go.
   */
  steered_signal = g_signal_new ("steered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tl-viewer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tl_viewer_init (TlViewer *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->source.projection = TL_CAMERA_CYLINDRICAL;
  self->source.hfov = G_PI;
  self->hfov = DEFAULT_HFOV_DEG * G_PI / 180.0;
  self->mode = TL_VIEWER_MODE_PANORAMA;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  self->gl_area = gtk_gl_area_new ();
  gtk_gl_area_set_auto_render (GTK_GL_AREA (self->gl_area), FALSE);
  gtk_widget_set_can_target (self->gl_area, FALSE);
  g_signal_connect (self->gl_area, "realize", G_CALLBACK (on_gl_realize), self);
  g_signal_connect (self->gl_area, "unrealize", G_CALLBACK (on_gl_unrealize), self);
  g_signal_connect (self->gl_area, "render", G_CALLBACK (on_gl_render), self);
  gtk_widget_set_parent (self->gl_area, GTK_WIDGET (self));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "enter", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
