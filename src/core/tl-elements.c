/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-elements.c: registers Touchline's own GStreamer elements (tlvcam, tloverlay) in-process. */
#include "config.h"

#include <gst/gst.h>

#include "tl-elements.h"
#include "tl-overlay.h"
#include "tl-vcam.h"

void
tl_elements_register (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      if (!gst_is_initialized ())
        gst_init (NULL, NULL);
      /* No plugin: the elements live in this process only, like the app's own widgets. */
      gst_element_register (NULL, "tlvcam", GST_RANK_NONE, TL_TYPE_VCAM);
      gst_element_register (NULL, "tloverlay", GST_RANK_NONE, TL_TYPE_OVERLAY);
      g_once_init_leave (&registered, 1);
    }
}
