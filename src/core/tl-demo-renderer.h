/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-demo-renderer.h: draws demo match frames (I420) and measures exactly what it drew.
 *
 * The static scene (pitch, markings, goals, surroundings, sky) is rendered once when the renderer
 * is made; a frame is a copy of it plus shadows, articulated people, the ball, and sensor noise.
 * The ground truth comes from the drawing itself: each object's box is the extent of the pixels
 * it changed, and its visibility the fraction of its pixels left uncovered by nearer objects
 * (an object-id buffer is kept while drawing). */
#pragma once

#include <glib.h>

#include "tl-camera.h"
#include "tl-demo-script.h"

G_BEGIN_DECLS

typedef enum
{
  TL_DEMO_LIGHT_SUNNY,        /* hard shadows from a high sun */
  TL_DEMO_LIGHT_OVERCAST,     /* flat light, soft blobs under the feet */
  TL_DEMO_LIGHT_FLOODLIGHT,   /* night, four towers, four faint shadows each */
  TL_DEMO_LIGHT_DUSK,         /* low orange sun, long shadows */
} TlDemoLight;

typedef struct
{
  TlCameraParams camera;      /* width must be a multiple of 8, height even */
  double         fps;         /* for the camera shake's frequencies */
  TlDemoLight    light;
  double         noise;       /* sensor noise, standard deviation in 8-bit luma levels */
  double         shake;       /* camera shake amplitude in pixels; 0 = tripod-steady */
  gboolean       shadows;
  gboolean       clouds;      /* cloud shadows drifting over the ground (real ones: R, G and B
                               * darkened alike, so the chroma fades toward grey too) */
  guint64        seed;
  int            threads;     /* for the background; 0 = all cores */
} TlDemoRendererOptions;

/* One object's ground truth in one frame, in output pixels. */
typedef struct
{
  int   id;
  int   object_class;         /* 1 person, 2 ball (MOTChallenge classes used by Touchline) */
  int   left, top, width, height;
  float visibility;           /* 0..1: fraction of its pixels not hidden by nearer objects */
} TlDemoBox;

typedef struct _TlDemoRenderer TlDemoRenderer;
typedef struct _TlDemoCanvas   TlDemoCanvas;

const char     *tl_demo_light_to_string   (TlDemoLight  light);
/* Returns 0 and sets @out for "sunny", "overcast", "floodlight", "dusk"; -1 otherwise. */
int             tl_demo_light_from_string (const char  *str,
                                           TlDemoLight *out);

void            tl_demo_renderer_options_init (TlDemoRendererOptions *options);

/* Renders the static scene. Fails (G_IO_ERROR_INVALID_ARGUMENT) on a bad size or camera. */
TlDemoRenderer *tl_demo_renderer_new      (const TlDemoRendererOptions *options,
                                           GError                     **error);
void            tl_demo_renderer_free     (TlDemoRenderer *self);

const TlCamera *tl_demo_renderer_get_camera     (TlDemoRenderer *self);
/* Bytes of one I420 frame: width * height * 3 / 2, planes packed without padding. */
gsize           tl_demo_renderer_get_frame_size (TlDemoRenderer *self);

/* Per-thread scratch memory (object-id buffer, shadow mask). One per rendering thread. */
TlDemoCanvas   *tl_demo_canvas_new        (TlDemoRenderer *self);
void            tl_demo_canvas_free       (TlDemoCanvas   *canvas);

/* Draws frame @frame_index with @n_objects objects at @poses into @out (frame_size bytes).
 * Writes one TlDemoBox per object that is at least partly visible into @boxes (room for
 * @n_objects) and returns how many. Thread-safe for distinct canvases. */
int             tl_demo_renderer_draw     (TlDemoRenderer     *self,
                                           TlDemoCanvas       *canvas,
                                           int                 frame_index,
                                           const TlDemoObject *objects,
                                           const TlDemoPose   *poses,
                                           int                 n_objects,
                                           guint8             *out,
                                           TlDemoBox          *boxes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlDemoRenderer, tl_demo_renderer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlDemoCanvas, tl_demo_canvas_free)

G_END_DECLS
