/* web/arena.c — request-lifetime bump allocator. */
#include <stdarg.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "web/arena.h"

#define CHUNK_MIN 8192

struct web_arena_chunk {
    web_arena_chunk *next;
    size_t cap, used;
    alignas(max_align_t) unsigned char data[];
};

void *web_arena_alloc(web_arena *a, size_t n)
{
    const size_t al = alignof(max_align_t);
    size_t need = (n + al - 1) & ~(al - 1);
    if (need < n)
        qiao_oom();
    web_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < need) {
        size_t cap = need > CHUNK_MIN ? need : CHUNK_MIN;
        c = qiao_malloc(sizeof *c + cap);
        c->cap = cap;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += need;
    memset(p, 0, n);
    return p;
}

char *web_arena_strndup(web_arena *a, const char *s, size_t n)
{
    char *p = web_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *web_arena_strdup(web_arena *a, const char *s)
{
    return web_arena_strndup(a, s, strlen(s));
}

char *web_arena_printf(web_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        qiao_oom();
    char *p = web_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void web_arena_free(web_arena *a)
{
    web_arena_chunk *c = a->head;
    while (c) {
        web_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}
