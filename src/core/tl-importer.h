/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-importer.h: examines a video file for the library: hash, probe, decodability, poster. */
#pragma once

#include <gio/gio.h>

#include "tl-error.h"
#include "tl-match.h"

G_BEGIN_DECLS

#define TL_TYPE_IMPORTER (tl_importer_get_type ())
G_DECLARE_FINAL_TYPE (TlImporter, tl_importer, TL, IMPORTER, GObject)

/* @poster_dir: where poster frames (PNG, named after the content hash) are written. */
TlImporter  *tl_importer_new              (const char   *poster_dir);

/* Whether to guess the projection from the aspect ratio (default TRUE); when FALSE every video is
 * imported as flat. */
void         tl_importer_set_guess_projection (TlImporter *self,
                                               gboolean    guess);
/* The field of view given to videos guessed to be panoramas (default 180°). */
void         tl_importer_set_panorama_hfov    (TlImporter *self,
                                               double      hfov_deg);

/* Cheap: size + SHA-256 of the first and last MiB. Recognises the same file under another name
 * without reading a whole match. Returns "size:hex" (caller frees). Thread-safe. */
char        *tl_content_hash_compute      (const char   *path,
                                           gint64       *out_size,
                                           GCancellable *cancellable,
                                           GError      **error);

/* Full examination, safe in any thread, touches no database: checks that the file exists and is
 * readable, computes the content hash, probes it with GstDiscoverer, decodes a frame near the
 * start and one near the end (catches truncated and corrupt files), and writes the poster.
 * When the demo generator's calibration sidecar (VIDEO.json) lies next to the video and agrees
 * with it, the projection and field of view come from it and "calibration" is set.
 * Returns a new TlMatchInfo with id 0, or NULL with a TL_IMPORT_ERROR whose message is a
 * sentence about the file (without its path: callers print "error: PATH: MESSAGE"). */
TlMatchInfo *tl_importer_examine          (TlImporter   *self,
                                           const char   *path,
                                           GCancellable *cancellable,
                                           GError      **error);
/* The same, for a caller that has just computed the file's content hash and size with
 * tl_content_hash_compute(): they are taken as given instead of being read again. */
TlMatchInfo *tl_importer_examine_hashed   (TlImporter   *self,
                                           const char   *path,
                                           const char   *content_hash,
                                           gint64        file_size,
                                           GCancellable *cancellable,
                                           GError      **error);

G_END_DECLS
