/* core/err.c — error filling and allocation that aborts on out-of-memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"

int qiao_verrf(qiao_err *e, int code, const char *field, const char *fmt, va_list ap)
{
    if (e) {
        e->code = code;
        snprintf(e->field, sizeof e->field, "%s", field ? field : "");
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    }
    return code;
}

int qiao_errf(qiao_err *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    qiao_verrf(e, code, NULL, fmt, ap);
    va_end(ap);
    return code;
}

int qiao_field_errf(qiao_err *e, int code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    qiao_verrf(e, code, field, fmt, ap);
    va_end(ap);
    return code;
}

void qiao_oom(void)
{
    fputs("qiao: out of memory\n", stderr);
    abort();
}

void *qiao_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        qiao_oom();
    return p;
}

void *qiao_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        qiao_oom();
    return p;
}

void *qiao_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        qiao_oom();
    return q;
}

char *qiao_strdup(const char *s)
{
    return qiao_strndup(s, strlen(s));
}

char *qiao_strndup(const char *s, size_t n)
{
    char *p = qiao_malloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
