/* io/io.h — records in and out of the store: JSON Lines and CSV files,
 * encodings, line numbers, references across a batch, progress.
 *
 * Import (docs/data.md "Import"):
 *
 *   io_import_opts o = io_import_defaults();      // errors to stderr, cap 20
 *   io_import_stats st;
 *   int rc = io_import(store, files, nfiles, &o, &st, &e);
 *
 * Each file is JSONL (one record per line, each with "kind") or CSV (a
 * header row naming the columns of o.kind; lists ';'-separated; RFC 4180
 * quoting, quoted newlines included). A file named *.csv, or one whose first
 * character is not '{', is CSV. Text is UTF-8 (a BOM is accepted) or
 * GB18030/GBK: detected (not valid UTF-8 but valid GB18030) or forced with
 * o.encoding, and converted with iconv.
 *
 * Records are upserted by key in one transaction; references (org, owners[],
 * ...) must name a record of this import (any file, any order) or of the
 * store. By default any bad line leaves the store as it was and io_import
 * returns QIAO_EINVAL after printing each error as `FILE:LINE: field: reason`
 * (at most o.max_errors of them, then a count of the rest). With o.skip_bad
 * the good lines are committed and each rejected line is written, after its
 * reasons as `# FILE:LINE: field: reason` lines, to that file; io_import then
 * returns 0 and st->rejected says how many lines were left out.
 *
 * Export writes every record of the chosen kinds in kind order (org, person,
 * achievement, ...) and key order, in canonical form: export, import into an
 * empty store and export again give the same bytes. CSV export (one kind) is
 * UTF-8 with a BOM and CRLF line ends, so that spreadsheet programs open it.
 *
 * Threads: one import or export per store handle at a time.
 */
#ifndef QIAO_IO_IO_H
#define QIAO_IO_IO_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "core/utf8.h"
#include "model/model.h"
#include "store/store.h"

typedef struct io_import_opts {
    int has_kind;            /* 1: every record is of `kind` (required for CSV) */
    model_kind kind;
    const char *encoding;    /* NULL: detect; else "utf-8", "gb18030", "gbk" (iconv names) */
    const char *skip_bad;    /* NULL: all or nothing; else the file for rejected lines */
    FILE *err;               /* where errors and the progress bar go */
    int max_errors;          /* errors printed; the rest are counted */
    int progress;            /* 1: draw a progress bar on err (when it is a terminal) */
} io_import_opts;

typedef struct io_import_stats {
    int64_t created[MODEL_KIND_COUNT];
    int64_t updated[MODEL_KIND_COUNT];
    int64_t imported;        /* created + updated over all kinds */
    int64_t rejected;        /* lines (CSV records) left out or refused */
    int64_t errors;          /* error messages (a line may have several) */
} io_import_stats;

io_import_opts io_import_defaults(void);

/* Returns 0 when the import was committed; QIAO_EINVAL when bad input left
 * the store unchanged (errors printed to o->err, e says how many); another
 * code for a file or store failure (e says which). */
int io_import(store *s, const char *const *files, size_t nfiles, const io_import_opts *o,
              io_import_stats *st, qiao_err *e);

/* "9001 imported: 9001 new, 0 updated (org 1, achievement 9000)". */
void io_import_summary(const io_import_stats *st, char *out, size_t cap);

typedef enum io_format { IO_JSONL, IO_CSV } io_format;

/* Exports the kinds in `kinds` (bit set of 1u << model_kind; 0 = all) to out.
 * CSV needs exactly one kind. */
int io_export(store *s, unsigned kinds, io_format fmt, FILE *out, qiao_err *e);

/* ---- pieces, exposed for the fuzzer and the tests ---- */

/* UTF-8 validation: qiao_utf8_valid (core/utf8.h). */

/* One CSV record from p[*pos..len): its cells (unquoted) into `cells` as
 * offsets into `scratch`, advancing *pos past the record and its line end
 * and *lines by the number of line breaks consumed. Returns the number of
 * cells, 0 at the end of input, or QIAO_EINVAL with a reason in e. */
typedef struct io_csv_cells {
    buf scratch;             /* cell bytes, each cell NUL-terminated */
    size_t *off, *len;       /* cell i: scratch.p + off[i], len[i] bytes */
    size_t n, cap;
} io_csv_cells;
int io_csv_record(const char *p, size_t len, size_t *pos, size_t *lines, io_csv_cells *c,
                  qiao_err *e);
void io_csv_cells_free(io_csv_cells *c);

/* Parses and validates one JSONL line or one CSV row (given the header) the
 * way import does; 0 or QIAO_EINVAL with errs filled. */
int io_parse_jsonl(const char *line, size_t len, const io_import_opts *o, model_record *out,
                   model_errors *errs);

#endif
