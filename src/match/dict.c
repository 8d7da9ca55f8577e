/* match/dict.c — string -> dense id dictionary (open addressing, FNV-1a).
 *
 * A table that fills to half doubles, and its entries move to the new table
 * a few at a time with the next additions (MOVE_PER_ADD each) instead of all
 * at once: at 10^6 record keys, moving them all took 93 ms, the one write in
 * ~50,000 that did it (docs/matching.md, session 5). Until they are all
 * moved, a lookup that misses the new table tries the old one. */
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"

uint64_t mx_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

#define MOVE_PER_ADD 16

void mx_dict_free(mx_dict *d)
{
    free(d->slot);
    free(d->old);
    free(d->off);
    free(d->chars);
    memset(d, 0, sizeof *d);
}

static int same(const mx_dict *d, uint32_t id, const char *s, size_t len)
{
    const char *t = d->chars + d->off[id];
    return strncmp(t, s, len) == 0 && t[len] == '\0';
}

static uint32_t find_in(const mx_dict *d, const uint32_t *slot, size_t nslot, uint64_t h,
                        const char *s, size_t len)
{
    size_t m = nslot - 1;
    for (size_t i = h & m;; i = (i + 1) & m) {
        uint32_t v = slot[i];
        if (!v)
            return MX_NONE;
        if (same(d, v - 1, s, len))
            return v - 1;
    }
}

uint32_t mx_dict_find(const mx_dict *d, const char *s, size_t len)
{
    if (!d->nslot)
        return MX_NONE;
    uint64_t h = mx_hash(s, len);
    uint32_t id = find_in(d, d->slot, d->nslot, h, s, len);
    if (id == MX_NONE && d->old)
        id = find_in(d, d->old, d->nold, h, s, len);
    return id;
}

static void put_in(uint32_t *slot, size_t nslot, uint64_t h, uint32_t id)
{
    size_t m = nslot - 1, i = h & m;
    while (slot[i])
        i = (i + 1) & m;
    slot[i] = id + 1;
}

/* Moves up to n more ids of the old table into the new one. */
static void move_some(mx_dict *d, uint32_t n)
{
    for (; n && d->moved < d->nmove; n--, d->moved++) {
        const char *t = d->chars + d->off[d->moved];
        put_in(d->slot, d->nslot, mx_hash(t, strlen(t)), d->moved);
    }
    if (d->old && d->moved == d->nmove) {
        free(d->old);
        d->old = NULL;
        d->nold = 0;
    }
}

void mx_dict_index(mx_dict *d)
{
    free(d->slot);
    free(d->old);
    d->old = NULL;
    d->nold = 0;
    d->moved = d->nmove = 0;
    d->nslot = 1024;
    while (d->nslot < (size_t)d->n * 2 + 2)
        d->nslot *= 2;
    d->slot = qiao_calloc(d->nslot, sizeof *d->slot);
    for (uint32_t id = 0; id < d->n; id++) {
        const char *t = d->chars + d->off[id];
        put_in(d->slot, d->nslot, mx_hash(t, strlen(t)), id);
    }
}

static void grow(mx_dict *d)
{
    move_some(d, UINT32_MAX);          /* the previous growth's rest, if any */
    d->old = d->slot;
    d->nold = d->nslot;
    d->moved = 0;
    d->nmove = d->n;
    d->nslot = d->nslot ? d->nslot * 2 : 1024;
    d->slot = qiao_calloc(d->nslot, sizeof *d->slot);
    move_some(d, 0);                   /* an empty table has nothing to move */
}

uint32_t mx_dict_id(mx_dict *d, const char *s, size_t len, int add)
{
    uint32_t id = mx_dict_find(d, s, len);
    if (id != MX_NONE || !add)
        return id;
    if ((size_t)(d->n + 1) * 2 > d->nslot)
        grow(d);
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 1024;
        d->off = qiao_realloc(d->off, d->cap * sizeof *d->off);
    }
    if (d->clen + len + 1 > d->ccap) {
        while (d->clen + len + 1 > d->ccap)
            d->ccap = d->ccap ? d->ccap * 2 : 16384;
        d->chars = qiao_realloc(d->chars, d->ccap);
    }
    id = d->n++;
    d->off[id] = (uint32_t)d->clen;
    memcpy(d->chars + d->clen, s, len);
    d->chars[d->clen + len] = '\0';
    d->clen += len + 1;
    put_in(d->slot, d->nslot, mx_hash(s, len), id);
    move_some(d, MOVE_PER_ADD);
    return id;
}
