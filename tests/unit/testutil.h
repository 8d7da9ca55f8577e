/* tests/unit/testutil.h — small helpers shared by the cmocka unit tests.
 * Tests run from the repository root (make unit), so relative paths such as
 * "data/demo" and "../shared/seeds" work. */
#ifndef QIAO_TESTUTIL_H
#define QIAO_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

/* Reads a whole file; returns a malloc'ed NUL-terminated buffer or NULL. */
static inline char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *p = malloc(cap);
    size_t r;
    while (p && (r = fread(p + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n - 1 == 0)
            p = realloc(p, cap *= 2);
    }
    fclose(f);
    if (!p)
        return NULL;
    p[n] = '\0';
    if (len)
        *len = n;
    return p;
}

/* Writes `s` to a new file in a fresh temporary directory; returns its path
 * in `path` (PATH_MAX bytes). The directory is left for the OS to clean. */
static inline void tu_write_tmp(char *path, size_t cap, const char *name, const char *s, size_t len)
{
    char dir[] = "/tmp/qiao-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    snprintf(path, cap, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, len, f), len);
    fclose(f);
}

/* A fresh path for a database file in a new temporary directory. */
static inline void tu_tmp_db(char *path, size_t cap)
{
    char dir[] = "/tmp/qiao-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    snprintf(path, cap, "%s/test.db", dir);
}

#endif
