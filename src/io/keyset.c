/* io/keyset.c — a hash set of (kind, key) with a few flags each: the keys of
 * an import and the targets of its references. */
#include <stdlib.h>
#include <string.h>

#include "io/internal.h"

static uint32_t hash(model_kind kind, const char *s)
{
    uint32_t h = 2166136261u ^ (uint32_t)kind;   /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static const char *store_str(io_keyset *ks, const char *s)
{
    size_t n = strlen(s) + 1;
    if (ks->nblocks == 0 || ks->used + n > ks->blockcap) {
        size_t cap = n > 65536 ? n : 65536;
        ks->blocks = qiao_realloc(ks->blocks, (ks->nblocks + 1) * sizeof *ks->blocks);
        ks->blocks[ks->nblocks++] = qiao_malloc(cap);
        ks->used = 0;
        ks->blockcap = cap;
    }
    char *p = ks->blocks[ks->nblocks - 1] + ks->used;
    memcpy(p, s, n);
    ks->used += n;
    return p;
}

static void grow(io_keyset *ks)
{
    size_t cap = ks->cap ? ks->cap * 2 : 1024;
    uint32_t *slots = qiao_calloc(cap, sizeof *slots);
    for (size_t i = 0; i < ks->n; i++) {
        size_t j = ks->ents[i].hash & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = (uint32_t)i + 1;
    }
    free(ks->slots);
    ks->slots = slots;
    ks->cap = cap;
}

uint32_t io_keyset_find(const io_keyset *ks, model_kind kind, const char *key)
{
    if (!ks->cap)
        return UINT32_MAX;
    uint32_t h = hash(kind, key);
    for (size_t j = h & (ks->cap - 1); ks->slots[j]; j = (j + 1) & (ks->cap - 1)) {
        const io_kentry *en = &ks->ents[ks->slots[j] - 1];
        if (en->hash == h && en->kind == kind && strcmp(en->key, key) == 0)
            return ks->slots[j] - 1;
    }
    return UINT32_MAX;
}

uint32_t io_keyset_intern(io_keyset *ks, model_kind kind, const char *key)
{
    uint32_t i = io_keyset_find(ks, kind, key);
    if (i != UINT32_MAX)
        return i;
    if ((ks->n + 1) * 2 > ks->cap)
        grow(ks);
    if (ks->n == ks->ecap) {
        ks->ecap = ks->ecap ? ks->ecap * 2 : 1024;
        ks->ents = qiao_realloc(ks->ents, ks->ecap * sizeof *ks->ents);
    }
    uint32_t h = hash(kind, key);
    io_kentry *en = &ks->ents[ks->n];
    en->key = store_str(ks, key);
    en->hash = h;
    en->kind = (uint8_t)kind;
    en->flags = 0;
    en->item = UINT32_MAX;
    size_t j = h & (ks->cap - 1);
    while (ks->slots[j])
        j = (j + 1) & (ks->cap - 1);
    ks->slots[j] = (uint32_t)ks->n + 1;
    return (uint32_t)ks->n++;
}

void io_keyset_free(io_keyset *ks)
{
    for (size_t i = 0; i < ks->nblocks; i++)
        free(ks->blocks[i]);
    free(ks->blocks);
    free(ks->ents);
    free(ks->slots);
    memset(ks, 0, sizeof *ks);
}
