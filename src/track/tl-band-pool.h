/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl-band-pool.h: a few worker threads that run one function over horizontal bands of a frame.
 *
 * Plain C11 + pthreads, no GLib. Every per-pixel stage of the CPU backend is a pure function of a
 * row range, so splitting a frame in bands is all the parallelism it needs. */
#pragma once

typedef struct _TlBandPool TlBandPool;

/* Called once per band: rows [@y0, @y1) of a job over @n_rows rows. */
typedef void (*TlBandFunc) (void *user,
                            int   band,
                            int   y0,
                            int   y1);

/* @n_threads <= 0 means one per online CPU. Returns NULL when threads cannot be started. */
TlBandPool *tl_band_pool_new       (int         n_threads);
void        tl_band_pool_free      (TlBandPool *pool);
int         tl_band_pool_n_threads (TlBandPool *pool);

/* Runs @func over @n_rows split in as many bands as threads (the caller's thread runs band 0)
 * and returns when all bands are done. Band edges are multiples of @align rows. */
void        tl_band_pool_run       (TlBandPool *pool,
                                    TlBandFunc  func,
                                    void       *user,
                                    int         n_rows,
                                    int         align);
