/* core/buf.h — a growable byte buffer, always NUL-terminated.
 *
 *   buf b = {0};                 // empty, owns nothing yet
 *   buf_puts(&b, "成都");
 *   buf_printf(&b, " %d", 2023);
 *   use(b.p, b.len);
 *   buf_free(&b);                // or take ownership: char *s = buf_steal(&b);
 *
 * Appending may reallocate: pointers into b.p are invalidated by any append.
 * Allocation failure aborts (core/err.h qiao_oom).
 */
#ifndef QIAO_CORE_BUF_H
#define QIAO_CORE_BUF_H

#include <stddef.h>

typedef struct buf {
    char *p;     /* NULL until the first append, then always NUL-terminated */
    size_t len;  /* bytes used, excluding the NUL */
    size_t cap;  /* bytes allocated */
} buf;

void buf_reserve(buf *b, size_t extra);            /* room for `extra` more bytes */
void buf_append(buf *b, const void *data, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_clear(buf *b);                             /* len = 0, keeps the memory */
void buf_free(buf *b);                              /* releases; b is empty again */
char *buf_steal(buf *b);                            /* caller frees; b is empty again; never NULL */
const char *buf_cstr(const buf *b);                 /* "" when empty */

#endif
