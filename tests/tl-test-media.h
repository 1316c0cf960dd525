/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-test-media.h: small real media files made with GStreamer for the tests. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  TL_TEST_MEDIA_H264_MP4,          /* 320x180, 25 fps, H.264 in MP4, no audio */
  TL_TEST_MEDIA_H264_AAC_MP4,      /* the same with an AAC sine tone */
  TL_TEST_MEDIA_VP8_WEBM,          /* 320x180 VP8 in WebM, no audio */
  TL_TEST_MEDIA_VP8_VORBIS_WEBM,   /* the same with Vorbis audio */
  TL_TEST_MEDIA_PANORAMA_MP4,      /* 960x320 (3:1) H.264 in MP4: detected as a panorama */
  TL_TEST_MEDIA_AUDIO_ONLY_OGG,    /* Vorbis in Ogg: media, but no video */
} TlTestMedia;

/* Writes a @seconds long file of @kind to @path (pattern varies with @seed so that two files made
 * with different seeds have different content hashes). */
gboolean tl_test_media_make          (const char  *path,
                                      TlTestMedia  kind,
                                      double       seconds,
                                      guint        seed,
                                      GError     **error);

/* Copies the first @keep_fraction of @src to @dst: a truncated download. */
gboolean tl_test_media_make_truncated (const char  *src,
                                       const char  *dst,
                                       double       keep_fraction,
                                       GError     **error);

/* Re-encodes the video of @src into @dst (H.264 in MP4) without its frames @first to
 * @first + @n - 1, the others keeping their times: a capture that dropped frames. */
gboolean tl_test_media_make_gapped   (const char  *src,
                                      const char  *dst,
                                      guint        first,
                                      guint        n,
                                      GError     **error);

/* Deletes @path and, for a folder, everything under it (symbolic links are removed, not
 * followed). For test tear-downs: errors are ignored. */
void     tl_test_remove_tree         (const char  *path);

/* Runs the default main context for @ms milliseconds (GUI tests: let frames draw, idles run). */
void     tl_test_run_for_ms          (guint        ms);

/* After g_test_init: GStreamer's "Sticky event misordering" warning, which decodebin's proxy
 * pads of GStreamer 1.22 emit now and then under load when GstDiscoverer probes a file (seen
 * once in CI-like runs of test-library, not reproduced in 60 runs), is logged instead of
 * aborting the test; every other warning stays fatal. GLib still prints its "Bail out!" line
 * for it; meson judges these tests by their exit status. */
void     tl_test_media_tolerate_gst_races (void);

/* Where ../shared/footage lives for this build, or NULL (tests then skip with a message). */
char    *tl_test_media_shared_footage_dir (void);

G_END_DECLS
