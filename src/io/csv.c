/* io/csv.c — RFC 4180 records: cells separated by ',', quoted cells with
 * '""' for a quote and line breaks inside, records ended by CRLF or LF. */
#include <stdlib.h>
#include <string.h>

#include "io/io.h"

static size_t count_nl(const char *p, size_t n)
{
    size_t k = 0;
    for (const char *q = p; (q = memchr(q, '\n', (size_t)(p + n - q))); q++)
        k++;
    return k;
}

static void push(io_csv_cells *c, size_t off)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 32;
        c->off = qiao_realloc(c->off, c->cap * sizeof *c->off);
        c->len = qiao_realloc(c->len, c->cap * sizeof *c->len);
    }
    c->off[c->n] = off;
    c->len[c->n] = c->scratch.len - off;
    c->n++;
    buf_putc(&c->scratch, '\0');
}

/* After an error: skip to the end of the physical line. */
static int fail(const char *p, size_t len, size_t i, size_t nl, size_t *pos, size_t *lines)
{
    const char *q = i < len ? memchr(p + i, '\n', len - i) : NULL;
    *pos = q ? (size_t)(q - p) + 1 : len;
    *lines += nl + (q != NULL);
    return QIAO_EINVAL;
}

int io_csv_record(const char *p, size_t len, size_t *pos, size_t *lines, io_csv_cells *c,
                  qiao_err *e)
{
    size_t i = *pos, nl = 0;
    c->n = 0;
    buf_clear(&c->scratch);
    buf_reserve(&c->scratch, 256);
    if (i >= len)
        return 0;
    for (;;) {
        size_t off = c->scratch.len;
        if (i < len && p[i] == '"') {
            size_t open_nl = nl;
            i++;
            for (;;) {
                const char *q = i < len ? memchr(p + i, '"', len - i) : NULL;
                if (!q) {
                    qiao_field_errf(e, QIAO_EINVAL, "csv", "cell %zu: a quoted cell opened on "
                                    "this line is never closed", c->n + 1);
                    *pos = len;
                    *lines += open_nl + count_nl(p + i, len - i);
                    return QIAO_EINVAL;
                }
                size_t n = (size_t)(q - (p + i));
                buf_append(&c->scratch, p + i, n);
                nl += count_nl(p + i, n);
                i += n + 1;
                if (i < len && p[i] == '"') {
                    buf_putc(&c->scratch, '"');
                    i++;
                    continue;
                }
                break;
            }
            if (i < len && p[i] != ',' && p[i] != '\n' &&
                !(p[i] == '\r' && (i + 1 == len || p[i + 1] == '\n'))) {
                qiao_field_errf(e, QIAO_EINVAL, "csv", "cell %zu: text after the closing quote; "
                                "double a quote inside a quoted cell (\"\")", c->n + 1);
                return fail(p, len, i, nl, pos, lines);
            }
        } else {
            size_t j = i;
            while (j < len && p[j] != ',' && p[j] != '\n' && p[j] != '"' &&
                   !(p[j] == '\r' && (j + 1 == len || p[j + 1] == '\n')))
                j++;
            if (j < len && p[j] == '"') {
                qiao_field_errf(e, QIAO_EINVAL, "csv", "cell %zu: a quote inside an unquoted "
                                "cell; quote the whole cell and double the quote (\"\")", c->n + 1);
                return fail(p, len, j, nl, pos, lines);
            }
            buf_append(&c->scratch, p + i, j - i);
            i = j;
        }
        push(c, off);
        if (i >= len)
            break;
        if (p[i] == ',') {
            i++;
            continue;
        }
        if (p[i] == '\r')
            i++;
        if (i < len && p[i] == '\n') {
            i++;
            nl++;
        }
        break;
    }
    *pos = i;
    *lines += nl;
    return (int)c->n;
}

void io_csv_cells_free(io_csv_cells *c)
{
    buf_free(&c->scratch);
    free(c->off);
    free(c->len);
    memset(c, 0, sizeof *c);
}
