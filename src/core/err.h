/* core/err.h — errors a person can act on.
 *
 * Every fallible function in qiao returns 0 on success or a negative value on
 * failure and, when given a non-NULL `qiao_err *`, fills it with a message
 * that says what went wrong and, where there is one, which field.
 *
 *   qiao_err e = {0};
 *   if (store_open(path, &s, &e) < 0) { fprintf(stderr, "qiao: %s\n", e.msg); ... }
 *
 * The struct is plain data: no allocation, copy it freely.
 */
#ifndef QIAO_CORE_ERR_H
#define QIAO_CORE_ERR_H

#include <stdarg.h>

enum qiao_code {
    QIAO_OK = 0,
    QIAO_EINVAL = -1,   /* bad input: the message names the field and the rule */
    QIAO_ENOTFOUND = -2,/* a record, file or reference that does not exist */
    QIAO_ECONFLICT = -3,/* duplicate id, stale version, state change out of order */
    QIAO_EIO = -4,      /* file system or database failure */
    QIAO_EPERM = -5,    /* not allowed for this user */
    QIAO_ENOMEM = -6,
};

typedef struct qiao_err {
    int code;           /* one of enum qiao_code */
    char field[64];     /* the field at fault ("trl", "owners[2]"), or "" */
    char msg[1024];     /* a whole sentence a person can act on */
} qiao_err;

/* Fills e (if non-NULL) and returns code, so that `return qiao_errf(...)` reads well. */
int qiao_errf(qiao_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same, naming the field at fault. */
int qiao_field_errf(qiao_err *e, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int qiao_verrf(qiao_err *e, int code, const char *field, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* Out of memory is not recoverable: print and abort. Never returns. */
_Noreturn void qiao_oom(void);

/* malloc/calloc/realloc/strdup that abort on failure (via qiao_oom). */
void *qiao_malloc(size_t n);
void *qiao_calloc(size_t n, size_t size);
void *qiao_realloc(void *p, size_t n);
char *qiao_strdup(const char *s);
char *qiao_strndup(const char *s, size_t n);

#endif
