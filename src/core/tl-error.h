/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-error.h: error domains of the Touchline core, with codes a caller can act on. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TL_STORE_ERROR  (tl_store_error_quark ())
#define TL_IMPORT_ERROR (tl_import_error_quark ())
#define TL_LIBRARY_ERROR (tl_library_error_quark ())

typedef enum
{
  TL_STORE_ERROR_OPEN,      /* the file cannot be opened or created */
  TL_STORE_ERROR_TOO_NEW,   /* written by a newer Touchline: we refuse to touch it */
  TL_STORE_ERROR_CORRUPT,   /* not a database, or fails its integrity check */
  TL_STORE_ERROR_FULL,      /* disk or quota full */
  TL_STORE_ERROR_BUSY,      /* another process holds the write lock for too long */
  TL_STORE_ERROR_FAILED,    /* any other SQLite error, message says which */
} TlStoreError;

typedef enum
{
  TL_IMPORT_ERROR_NOT_FOUND,      /* no such file */
  TL_IMPORT_ERROR_NOT_READABLE,   /* permission denied, a directory, ... */
  TL_IMPORT_ERROR_EMPTY,          /* zero bytes */
  TL_IMPORT_ERROR_NOT_MEDIA,      /* GStreamer does not recognise the format */
  TL_IMPORT_ERROR_NO_VIDEO,       /* media, but without a video stream */
  TL_IMPORT_ERROR_MISSING_PLUGIN, /* a decoder or demuxer is not installed */
  TL_IMPORT_ERROR_CORRUPT,        /* recognised but cannot be decoded */
  TL_IMPORT_ERROR_TRUNCATED,      /* the end of the file is missing */
  TL_IMPORT_ERROR_DIFFERENT_CONTENT, /* relink target is not the same video */
  TL_IMPORT_ERROR_CANCELLED,
} TlImportError;

typedef enum
{
  TL_LIBRARY_ERROR_NO_SUCH_MATCH,
  TL_LIBRARY_ERROR_INVALID,       /* a value the user gave is out of range */
} TlLibraryError;

GQuark tl_store_error_quark   (void);
GQuark tl_import_error_quark  (void);
GQuark tl_library_error_quark (void);

G_END_DECLS
