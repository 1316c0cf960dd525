/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-state-buf.h: a growable byte buffer and a bounds-checked reader for engine state blobs.
 *
 * The engine's checkpoint state is a flat sequence of fixed-size records in host byte order
 * (little-endian on every platform we build for); the header written by tl_tracker_save_state()
 * records the sizes so a blob from another build is refused rather than misread. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  uint8_t *data;
  size_t   size;
  size_t   capacity;
  int      failed;              /* set when an allocation failed; later puts do nothing */
} TlStateWriter;

typedef struct
{
  const uint8_t *data;
  size_t         size;
  size_t         pos;
  int            failed;        /* set when a get ran past the end */
} TlStateReader;

static inline void
tl_state_put (TlStateWriter *w,
              const void    *bytes,
              size_t         n)
{
  if (w->failed)
    return;
  if (w->size + n > w->capacity)
    {
      size_t capacity = (w->size + n) * 2 + 256;
      uint8_t *data = realloc (w->data, capacity);

      if (data == NULL)
        {
          w->failed = 1;
          return;
        }
      w->data = data;
      w->capacity = capacity;
    }
  if (n > 0)
    memcpy (w->data + w->size, bytes, n);
  w->size += n;
}

static inline void
tl_state_put_i64 (TlStateWriter *w,
                  int64_t        v)
{
  tl_state_put (w, &v, sizeof v);
}

static inline int
tl_state_get (TlStateReader *r,
              void          *bytes,
              size_t         n)
{
  if (r->failed || n > r->size - r->pos)
    {
      r->failed = 1;
      return -1;
    }
  if (n > 0)
    memcpy (bytes, r->data + r->pos, n);
  r->pos += n;
  return 0;
}

static inline int64_t
tl_state_get_i64 (TlStateReader *r)
{
  int64_t v = 0;

  tl_state_get (r, &v, sizeof v);
  return v;
}
