/* io/export.c — the store's records as JSONL or CSV, in canonical form. */
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "io/io.h"

typedef struct exp {
    FILE *out;
    io_format fmt;
    buf line, cell;
} exp;

static int write_one(const model_record *r, void *ud)
{
    exp *x = ud;
    if (x->fmt == IO_JSONL) {
        char *s = model_to_jsonl(r);
        fputs(s, x->out);
        fputc('\n', x->out);
        free(s);
        return ferror(x->out) ? 1 : 0;
    }
    const char *const *cols = model_csv_columns(r->kind);
    buf_clear(&x->line);
    for (size_t i = 0; cols[i]; i++) {
        if (i)
            buf_putc(&x->line, ',');
        buf_clear(&x->cell);
        model_csv_cell(r, cols[i], &x->cell);
        csv_put_cell(&x->line, buf_cstr(&x->cell), x->cell.len, 0);   /* exact: machine format */
    }
    buf_puts(&x->line, "\r\n");
    fwrite(x->line.p, 1, x->line.len, x->out);
    return ferror(x->out) ? 1 : 0;
}

int io_export(store *s, unsigned kinds, io_format fmt, FILE *out, qiao_err *e)
{
    if (!kinds)
        kinds = (1u << MODEL_KIND_COUNT) - 1;
    int one = -1, n = 0;
    for (int k = 0; k < MODEL_KIND_COUNT; k++)
        if (kinds & (1u << k)) {
            one = k;
            n++;
        }
    if (fmt == IO_CSV && n != 1)
        return qiao_errf(e, QIAO_EINVAL, "CSV export needs one kind (--kind K): each kind has "
                         "its own columns");
    exp x = {.out = out, .fmt = fmt};
    int rc = 0;
    if (fmt == IO_CSV) {
        /* A BOM so that spreadsheet programs read UTF-8; CRLF as RFC 4180 says. */
        fputs("\xEF\xBB\xBF", out);
        const char *const *cols = model_csv_columns((model_kind)one);
        for (size_t i = 0; cols[i]; i++)
            fprintf(out, "%s%s", i ? "," : "", cols[i]);
        fputs("\r\n", out);
    }
    for (int k = 0; k < MODEL_KIND_COUNT && rc == 0; k++) {
        if (!(kinds & (1u << k)))
            continue;
        rc = store_scan(s, (model_kind)k, write_one, &x, e);
        if (rc > 0)
            rc = qiao_errf(e, QIAO_EIO, "writing the export failed: %m");
    }
    if (rc == 0 && fflush(out) != 0)
        rc = qiao_errf(e, QIAO_EIO, "writing the export failed: %m");
    buf_free(&x.line);
    buf_free(&x.cell);
    return rc;
}
