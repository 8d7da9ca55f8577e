/* io/internal.h — internal to src/io/: input files, progress, key sets. */
#ifndef QIAO_IO_INTERNAL_H
#define QIAO_IO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "io/io.h"

/* ---- source.c: one input file as UTF-8 text ---- */

typedef struct io_badline {
    size_t line;             /* 1-based */
    size_t byte;             /* offset in the line of the first undecodable byte */
} io_badline;

typedef struct io_source {
    const char *path;        /* as given; not owned */
    const char *data;        /* the text (BOM skipped); UTF-8 except in bad lines */
    size_t len;
    size_t raw_size;         /* bytes of the file, for progress */
    int all_utf8;            /* 1: data is known valid UTF-8 throughout */
    const char *encoding;    /* "UTF-8" or "GB18030" (what was used) */
    io_badline *bad;         /* lines that could not be decoded (GB18030), in order */
    size_t nbad;
    void *map;               /* mmap of the file, or NULL */
    size_t maplen;
    char *owned;             /* decoded or read text, or NULL */
} io_source;

/* Opens path ("-" = standard input) and decodes it (encoding NULL = detect). */
int io_source_open(io_source *src, const char *path, const char *encoding, qiao_err *e);
void io_source_close(io_source *src);
/* The first undecodable line in [from, to], or NULL (for bad lines of a GB18030 file). */
const io_badline *io_source_bad_in(const io_source *src, size_t from, size_t to);

/* ---- progress.c: a progress bar on a terminal ---- */

typedef struct io_progress {
    FILE *out;
    int on;
    uint64_t total;          /* bytes */
    double t0, last;
} io_progress;

void io_progress_start(io_progress *p, FILE *out, int on, uint64_t total_bytes);
/* Redraws at most ten times a second. */
void io_progress_update(io_progress *p, uint64_t bytes, uint64_t records);
void io_progress_end(io_progress *p);   /* clears the bar */

/* ---- keyset.c: (kind, key) -> entry, for a batch and its references ---- */

enum {
    KS_IN_BATCH = 1,         /* a valid record of this import has this key */
    KS_CREATED = 2,          /* ... and it was new to the store */
    KS_BAD = 4,              /* ... but it was rejected after all (dangling reference) */
    KS_STORE_KNOWN = 8,      /* store lookup done: */
    KS_IN_STORE = 16,        /* ... and the key was in the store before the import */
};

typedef struct io_kentry {
    const char *key;         /* owned by the set */
    uint32_t hash;
    uint8_t kind;
    uint8_t flags;
    uint32_t item;           /* the item that defined it (KS_IN_BATCH) */
} io_kentry;

typedef struct io_keyset {
    io_kentry *ents;         /* append-only: an index names an entry for good */
    size_t n, ecap;
    uint32_t *slots;         /* open addressing over ents (index + 1; 0 = empty) */
    size_t cap;              /* a power of two */
    char **blocks;           /* string storage */
    size_t nblocks, used, blockcap;
} io_keyset;

/* The entry for (kind, key), created (flags 0) when absent; returns its index.
 * Indexes stay valid; pointers into ents do not (the array grows). */
uint32_t io_keyset_intern(io_keyset *ks, model_kind kind, const char *key);
/* The index of (kind, key), or UINT32_MAX when absent. */
uint32_t io_keyset_find(const io_keyset *ks, model_kind kind, const char *key);
void io_keyset_free(io_keyset *ks);

#endif
