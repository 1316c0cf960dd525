/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-report-delay.c: a ring of per-frame person updates, one slot per frame of the delay. */
#include "tl-report-delay.h"

#include "tl-array.h"

#include <stdlib.h>
#include <string.h>

typedef struct
{
  int64_t        frame;       /* -1: empty */
  TlTrackUpdate *items;
  int            n;
  int            capacity;
} Slot;

struct _TlReportDelay
{
  int   n_slots;
  Slot *slots;
};

TlReportDelay *
tl_report_delay_new (int lag)
{
  TlReportDelay *delay = calloc (1, sizeof *delay);

  if (delay == NULL || lag < 0)
    {
      free (delay);
      return NULL;
    }
  delay->n_slots = lag + 1;
  delay->slots = calloc ((size_t) delay->n_slots, sizeof (Slot));
  if (delay->slots == NULL)
    {
      free (delay);
      return NULL;
    }
  tl_report_delay_reset (delay);
  return delay;
}

void
tl_report_delay_free (TlReportDelay *delay)
{
  if (delay == NULL)
    return;
  for (int i = 0; i < delay->n_slots; i++)
    free (delay->slots[i].items);
  free (delay->slots);
  free (delay);
}

void
tl_report_delay_reset (TlReportDelay *delay)
{
  for (int i = 0; i < delay->n_slots; i++)
    {
      delay->slots[i].frame = -1;
      delay->slots[i].n = 0;
    }
}

int
tl_report_delay_keep (TlReportDelay       *delay,
                      int64_t              frame,
                      const TlTrackUpdate *updates,
                      int                  n)
{
  Slot *slot = &delay->slots[frame % delay->n_slots];

  if (tl_array_reserve ((void **) &slot->items, &slot->capacity, n, sizeof (TlTrackUpdate),
                        32) < 0)
    return -1;
  if (n > 0)
    memcpy (slot->items, updates, (size_t) n * sizeof (TlTrackUpdate));
  slot->n = n;
  slot->frame = frame;
  return 0;
}

const TlTrackUpdate *
tl_report_delay_get (TlReportDelay *delay,
                     int64_t        frame,
                     int           *n)
{
  Slot *slot = frame >= 0 ? &delay->slots[frame % delay->n_slots] : NULL;

  if (slot == NULL || slot->frame != frame)
    {
      *n = 0;
      return NULL;
    }
  *n = slot->n;
  return slot->items;
}

void
tl_report_delay_save (TlReportDelay *delay,
                      int64_t        first,
                      TlStateWriter *w)
{
  int64_t count = 0;

  for (int i = 0; i < delay->n_slots; i++)
    if (delay->slots[i].frame >= first)
      count++;
  tl_state_put_i64 (w, (int64_t) sizeof (TlTrackUpdate));
  tl_state_put_i64 (w, count);
  for (int i = 0; i < delay->n_slots; i++)
    {
      const Slot *slot = &delay->slots[i];

      if (slot->frame < first)
        continue;
      tl_state_put_i64 (w, slot->frame);
      tl_state_put_i64 (w, slot->n);
      tl_state_put (w, slot->items, (size_t) slot->n * sizeof (TlTrackUpdate));
    }
}

int
tl_report_delay_restore (TlReportDelay *delay,
                         TlStateReader *r)
{
  int64_t count;

  tl_report_delay_reset (delay);
  if (tl_state_get_i64 (r) != (int64_t) sizeof (TlTrackUpdate))
    return -1;
  count = tl_state_get_i64 (r);
  if (r->failed || count < 0 || count > delay->n_slots)
    return -1;
  for (int64_t k = 0; k < count; k++)
    {
      int64_t frame = tl_state_get_i64 (r), n = tl_state_get_i64 (r);
      Slot *slot;

      if (r->failed || frame < 0 || n < 0 || n > (1 << 20))
        return -1;
      slot = &delay->slots[frame % delay->n_slots];
      if (tl_array_reserve ((void **) &slot->items, &slot->capacity, (int) n,
                            sizeof (TlTrackUpdate), 32) < 0
          || tl_state_get (r, slot->items, (size_t) n * sizeof (TlTrackUpdate)) < 0)
        return -1;
      slot->n = (int) n;
      slot->frame = frame;
    }
  return 0;
}
