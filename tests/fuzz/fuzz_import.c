/* fuzz_import.c — libFuzzer harness for the import parsers: a JSONL line
 * (JSON reader + validation) or a CSV text (record splitter + cell
 * conversion + validation). The first byte chooses: even = JSONL, odd = CSV
 * of kind (byte / 2) % kinds. For a record that validates, the canonical
 * line must read back to the same line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/io.h"

static void canonical_round_trip(const model_record *r)
{
    char *line = model_to_jsonl(r);
    model_record back;
    if (model_from_canonical(line, strlen(line), &back, NULL) != 0)
        abort();
    char *again = model_to_jsonl(&back);
    if (strcmp(line, again) != 0 || strcmp(back.key, r->key) != 0)
        abort();
    /* and it validates again to the same record */
    model_record v;
    model_errors errs = {0};
    if (model_from_json(back.doc, &v, &errs) != 0)
        abort();
    model_record_clear(&v);
    model_errors_clear(&errs);
    free(again);
    free(line);
    model_record_clear(&back);
}

static int count_ref(const model_ref *ref, void *ud)
{
    (void)ud;
    if (!ref->id || !ref->field || !ref->kinds)
        abort();
    return 0;
}

static void jsonl(const char *p, size_t n)
{
    model_record r;
    model_errors errs = {0};
    if (io_parse_jsonl(p, n, NULL, &r, &errs) == 0) {
        model_each_ref(&r, count_ref, NULL);
        canonical_round_trip(&r);
        model_record_clear(&r);
    } else if (errs.n == 0) {
        abort();   /* a rejection always says why */
    }
    model_errors_clear(&errs);
}

static void csv(model_kind k, const char *p, size_t n)
{
    size_t bad;
    if (!qiao_utf8_valid(p, n, &bad))
        return;   /* import checks the encoding before it parses */
    io_csv_cells c = {0};
    size_t pos = 0, lines = 0, ncols = 0;
    char **cols = NULL;
    int first = 1;
    while (pos < n) {
        size_t before = pos;
        int rc = io_csv_record(p, n, &pos, &lines, &c, NULL);
        if (rc == 0 || pos <= before)
            break;
        if (rc < 0)
            continue;
        if (first) {
            first = 0;
            ncols = (size_t)rc;
            cols = calloc(ncols, sizeof *cols);
            for (size_t i = 0; i < ncols; i++)
                cols[i] = strdup(c.scratch.p + c.off[i]);
            continue;
        }
        if ((size_t)rc != ncols)
            continue;
        const char **cells = calloc(ncols, sizeof *cells);
        for (size_t i = 0; i < ncols; i++)
            cells[i] = c.scratch.p + c.off[i];
        model_record r;
        model_errors errs = {0};
        if (model_from_csv(k, (const char *const *)cols, cells, c.len, ncols, &r, &errs) == 0) {
            canonical_round_trip(&r);
            buf b = {0};
            for (const char *const *col = model_csv_columns(k); *col; col++)
                model_csv_cell(&r, *col, &b);
            buf_free(&b);
            model_record_clear(&r);
        }
        model_errors_clear(&errs);
        free(cells);
    }
    for (size_t i = 0; i < ncols; i++)
        free(cols[i]);
    free(cols);
    io_csv_cells_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *p = (const char *)data + 1;
    size_t n = size - 1;
    if (data[0] % 2 == 0)
        jsonl(p, n);
    else
        csv((model_kind)((data[0] / 2) % MODEL_KIND_COUNT), p, n);
    return 0;
}
