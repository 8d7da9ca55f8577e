/* match/dict.c — string -> dense id dictionary (open addressing, FNV-1a). */
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

void mx_dict_free(mx_dict *d)
{
    free(d->slot);
    free(d->off);
    free(d->chars);
    memset(d, 0, sizeof *d);
}

static int same(const mx_dict *d, uint32_t id, const char *s, size_t len)
{
    const char *t = d->chars + d->off[id];
    return strncmp(t, s, len) == 0 && t[len] == '\0';
}

uint32_t mx_dict_find(const mx_dict *d, const char *s, size_t len)
{
    if (!d->nslot)
        return MX_NONE;
    size_t m = d->nslot - 1;
    for (size_t i = mx_hash(s, len) & m;; i = (i + 1) & m) {
        uint32_t v = d->slot[i];
        if (!v)
            return MX_NONE;
        if (same(d, v - 1, s, len))
            return v - 1;
    }
}

static void grow(mx_dict *d)
{
    size_t ns = d->nslot ? d->nslot * 2 : 1024;
    uint32_t *slot = qiao_calloc(ns, sizeof *slot);
    for (uint32_t id = 0; id < d->n; id++) {
        const char *t = d->chars + d->off[id];
        size_t i = mx_hash(t, strlen(t)) & (ns - 1);
        while (slot[i])
            i = (i + 1) & (ns - 1);
        slot[i] = id + 1;
    }
    free(d->slot);
    d->slot = slot;
    d->nslot = ns;
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
    size_t m = d->nslot - 1;
    size_t i = mx_hash(s, len) & m;
    while (d->slot[i])
        i = (i + 1) & m;
    d->slot[i] = id + 1;
    return id;
}
