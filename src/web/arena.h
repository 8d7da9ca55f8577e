/* web/arena.h — a request-lifetime arena (after lwan's lwan-arena).
 *
 * Everything a request handler allocates for the request comes from its
 * arena and is released at once when the request completes:
 *
 *   web_arena a = {0};
 *   char *s = web_arena_strdup(&a, "成果");
 *   ...
 *   web_arena_free(&a);          // every allocation is gone
 *
 * Allocation failure aborts (qiao_oom). One arena belongs to one thread.
 */
#ifndef QIAO_WEB_ARENA_H
#define QIAO_WEB_ARENA_H

#include <stddef.h>

typedef struct web_arena_chunk web_arena_chunk;

typedef struct web_arena {
    web_arena_chunk *head;   /* newest chunk first; NULL when empty */
} web_arena;

/* n bytes aligned for any type; never NULL. Memory is zeroed. */
void *web_arena_alloc(web_arena *a, size_t n);
char *web_arena_strdup(web_arena *a, const char *s);
char *web_arena_strndup(web_arena *a, const char *s, size_t n);
char *web_arena_printf(web_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Releases every allocation; the arena can be used again. */
void web_arena_free(web_arena *a);

#endif
