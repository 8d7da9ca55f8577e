/* io/import.c — JSONL and CSV files into the store, all or nothing (or
 * skipping bad lines), references resolved across the whole import.
 *
 * Pass 1 reads every file, validates each line and upserts the good records
 * inside one transaction, noting their keys and their references. Then every
 * reference is resolved against the keys of the import and the store as it
 * was. Without errors: commit. With errors: roll back (all or nothing); or,
 * with --skip-bad, commit at once when no good record was refused for a
 * reference to a rejected one, else roll back and write the good lines again
 * (pass 2), now that the fixed point of rejections is known. */
#include <stdlib.h>
#include <string.h>

#include "interest/interest.h"
#include "io/internal.h"

#define LINE_MAX_BYTES (64u << 20)

typedef struct item {
    size_t off, len;          /* the text in its source */
    uint32_t file, line, lines;
    uint32_t entry;           /* keyset index of its key, UINT32_MAX if none */
    uint8_t kind, bad;
} item;

typedef struct iref {
    uint32_t item;
    uint32_t ent[2];          /* the target under each kind it may be */
    uint8_t nent;
    char field[22];
} iref;

typedef struct ierr {
    uint32_t file, line, item, seq;
    char *text;               /* "field: reason" */
} ierr;

typedef struct imp {
    store *s;
    const io_import_opts *o;
    io_import_stats *st;
    const char *const *files;
    io_source *src;
    size_t nsrc;
    item *items;
    size_t nitems, capitems;
    iref *refs;
    size_t nrefs, caprefs;
    ierr *errs;
    size_t nerrs, caperrs;
    size_t nrefusals;         /* errors from reference resolution */
    io_keyset ks;
    int pass;
    io_csv_cells cells;
    model_errors merrs;
    io_progress prog;
    uint64_t bytes_before, nrec;
} imp;

io_import_opts io_import_defaults(void)
{
    io_import_opts o = {0};
    o.err = stderr;
    o.max_errors = 20;
    o.progress = 1;
    return o;
}

static void add_err(imp *m, uint32_t file, uint32_t line, uint32_t it, const char *field,
                    const char *reason)
{
    if (m->nerrs == m->caperrs) {
        m->caperrs = m->caperrs ? m->caperrs * 2 : 64;
        m->errs = qiao_realloc(m->errs, m->caperrs * sizeof *m->errs);
    }
    buf b = {0};
    buf_printf(&b, "%s: ", field && *field ? field : "-");
    for (const char *r = reason; *r; r++) {   /* one line per error: escape breaks */
        if (*r == '\n')
            buf_puts(&b, "\\n");
        else if (*r == '\r')
            buf_puts(&b, "\\r");
        else
            buf_putc(&b, *r);
    }
    m->errs[m->nerrs] = (ierr){file, line, it, (uint32_t)m->nerrs, buf_steal(&b)};
    m->nerrs++;
    if (it != UINT32_MAX)
        m->items[it].bad = 1;
}

static uint32_t new_item(imp *m, uint32_t file, uint32_t line, uint32_t lines, size_t off,
                         size_t len)
{
    if (m->nitems == m->capitems) {
        m->capitems = m->capitems ? m->capitems * 2 : 1024;
        m->items = qiao_realloc(m->items, m->capitems * sizeof *m->items);
    }
    m->items[m->nitems] = (item){off, len, file, line, lines, UINT32_MAX, 0, 0};
    return (uint32_t)m->nitems++;
}

static int collect_ref(const model_ref *ref, void *ud)
{
    imp *m = ud;
    if (m->nrefs == m->caprefs) {
        m->caprefs = m->caprefs ? m->caprefs * 2 : 1024;
        m->refs = qiao_realloc(m->refs, m->caprefs * sizeof *m->refs);
    }
    iref *r = &m->refs[m->nrefs++];
    r->item = (uint32_t)m->nitems - 1;
    r->nent = 0;
    snprintf(r->field, sizeof r->field, "%s", ref->field);
    for (int k = 0; k < MODEL_KIND_COUNT && r->nent < 2; k++)
        if (ref->kinds & (1u << k))
            r->ent[r->nent++] = io_keyset_intern(&m->ks, (model_kind)k, ref->id);
    return 0;
}

/* A valid record: remember its key (pass 1), write it, note its references. */
static int accept(imp *m, uint32_t it, model_record *r, qiao_err *e)
{
    item *x = &m->items[it];
    x->kind = (uint8_t)r->kind;
    if (m->pass == 1) {
        uint32_t ent = io_keyset_intern(&m->ks, r->kind, r->key);
        io_kentry *en = &m->ks.ents[ent];
        if (en->flags & KS_IN_BATCH) {
            const item *first = &m->items[en->item];
            char reason[600];
            snprintf(reason, sizeof reason, "%s %s: duplicate %s: also at %s:%u",
                     model_kind_name(r->kind), r->key,
                     r->kind == MODEL_REGISTRATION || !json_object_get(r->doc, "id")
                         ? "key" : "id", m->files[first->file], first->line);
            add_err(m, x->file, x->line, it, r->kind == MODEL_REGISTRATION ? "who" : "id",
                    reason);
            return 0;
        }
        en->flags |= KS_IN_BATCH;
        en->item = it;
        x->entry = ent;
    }
    int created = 0;
    int rc = store_upsert(m->s, r, &created, e);
    if (rc == 0 && !created)
        rc = interest_record_changed(m->s, r, NULL, e);  /* withdrawn: interests closed */
    if (rc)
        return rc;
    if (m->pass == 1) {
        if (created)
            m->ks.ents[x->entry].flags |= KS_CREATED;
        model_each_ref(r, collect_ref, m);
    }
    if (created)
        m->st->created[r->kind]++;
    else
        m->st->updated[r->kind]++;
    m->st->imported++;
    return 0;
}

/* Reports the errors of one item; returns 1 when its text decodes. */
static int check_text(imp *m, uint32_t it)
{
    item *x = &m->items[it];
    const io_source *src = &m->src[x->file];
    char reason[300];
    if (src->nbad) {
        const io_badline *b = io_source_bad_in(src, x->line, x->line + x->lines);
        if (b) {
            snprintf(reason, sizeof reason, "line %zu is not valid %s: undecodable bytes at byte "
                     "%zu of the line", b->line, src->encoding, b->byte + 1);
            add_err(m, x->file, x->line, it, "encoding", reason);
            return 0;
        }
    }
    size_t bad;
    if (!src->all_utf8 && !qiao_utf8_valid(src->data + x->off, x->len, &bad)) {
        snprintf(reason, sizeof reason, "not valid UTF-8 (byte %zu of the %s); if the file is "
                 "GB18030/GBK, give --encoding gb18030", bad + 1,
                 x->lines ? "record" : "line");
        add_err(m, x->file, x->line, it, "encoding", reason);
        return 0;
    }
    return 1;
}

static void add_model_errs(imp *m, uint32_t it)
{
    const item *x = &m->items[it];
    for (size_t i = 0; i < m->merrs.n; i++)
        add_err(m, x->file, x->line, it, m->merrs.v[i].field, m->merrs.v[i].reason);
    m->merrs.n = 0;
}

/* One JSONL line to a record; the line is known to be valid UTF-8. */
static int parse_line(const char *line, size_t len, const io_import_opts *o, model_record *out,
                      model_errors *errs)
{
    memset(out, 0, sizeof *out);
    char err[160];
    json_t *in = model_json_parse(line, len, err, sizeof err);
    if (!in) {
        model_errors_add(errs, "json", "not valid JSON: %s", err);
        return QIAO_EINVAL;
    }
    int rc = o && o->has_kind ? model_from_json_kind(o->kind, in, out, errs)
                              : model_from_json(in, out, errs);
    json_decref(in);
    return rc;
}

int io_parse_jsonl(const char *line, size_t len, const io_import_opts *o, model_record *out,
                   model_errors *errs)
{
    size_t bad;
    memset(out, 0, sizeof *out);
    if (!qiao_utf8_valid(line, len, &bad)) {
        model_errors_add(errs, "encoding", "not valid UTF-8 (byte %zu of the line)", bad + 1);
        return QIAO_EINVAL;
    }
    return parse_line(line, len, o, out, errs);
}

static void progress(imp *m, const io_source *src, size_t pos)
{
    m->nrec++;
    if (m->prog.on && (m->nrec & 255) == 0)
        io_progress_update(&m->prog, m->bytes_before + (src->len ? (uint64_t)pos *
                           src->raw_size / src->len : 0), m->nrec);
}

static int do_jsonl(imp *m, uint32_t fi, qiao_err *e)
{
    const io_source *src = &m->src[fi];
    const char *p = src->data;
    uint32_t line = 0;
    size_t next_item = 0;   /* pass 2: the items of this file, in order */
    while (next_item < m->nitems && m->items[next_item].file != fi)
        next_item++;
    for (size_t pos = 0; pos < src->len;) {
        const char *nl = memchr(p + pos, '\n', src->len - pos);
        size_t end = nl ? (size_t)(nl - p) : src->len, len = end - pos;
        size_t start = pos;
        pos = end + 1;
        line++;
        if (len && p[start + len - 1] == '\r')
            len--;
        size_t k = 0;
        while (k < len && (p[start + k] == ' ' || p[start + k] == '\t'))
            k++;
        if (k == len)
            continue;   /* a blank line */
        uint32_t it;
        if (m->pass == 1) {
            it = new_item(m, fi, line, 0, start, len);
        } else {
            it = (uint32_t)next_item++;
            if (m->items[it].bad)
                continue;
        }
        progress(m, src, pos);
        if (m->pass == 1 && !check_text(m, it))
            continue;
        if (len > LINE_MAX_BYTES) {
            char reason[100];
            snprintf(reason, sizeof reason, "line too long: %zu bytes, at most %u MB", len,
                     LINE_MAX_BYTES >> 20);
            add_err(m, fi, line, it, "line", reason);
            continue;
        }
        model_record r;
        if (parse_line(p + start, len, m->o, &r, &m->merrs) < 0) {
            add_model_errs(m, it);
            continue;
        }
        int rc = accept(m, it, &r, e);
        model_record_clear(&r);
        if (rc)
            return rc;
    }
    return 0;
}

static int do_csv(imp *m, uint32_t fi, qiao_err *e)
{
    const io_source *src = &m->src[fi];
    const char *p = src->data;
    size_t pos = 0, lines = 0, ncols = 0;
    char **cols = NULL;
    const char **cellp = NULL;
    int rc = 0;
    qiao_err ce = {0};
    /* the header: the first record that is not a blank line */
    for (;;) {
        size_t before = lines;
        int n = io_csv_record(p, src->len, &pos, &lines, &m->cells, &ce);
        if (n == 0) {
            rc = qiao_errf(e, QIAO_EINVAL, "%s: empty CSV file: the first row must name the "
                           "columns", m->files[fi]);
            goto out;
        }
        if (n < 0) {
            rc = qiao_errf(e, QIAO_EINVAL, "%s:%zu: %s: %s (in the header row)", m->files[fi],
                           before + 1, ce.field, ce.msg);
            goto out;
        }
        if (n == 1 && m->cells.len[0] == 0)
            continue;
        ncols = (size_t)n;
        cols = qiao_calloc(ncols, sizeof *cols);
        cellp = qiao_calloc(ncols, sizeof *cellp);
        for (size_t i = 0; i < ncols; i++) {
            cols[i] = qiao_strdup(m->cells.scratch.p + m->cells.off[i]);
            if (model_csv_column_check(m->o->kind, cols[i], &ce) < 0) {
                rc = qiao_errf(e, QIAO_EINVAL, "%s:%zu: %s: %s", m->files[fi], before + 1,
                               ce.field, ce.msg);
                goto out;
            }
            for (size_t j = 0; j < i; j++)
                if (strcmp(cols[j], cols[i]) == 0) {
                    rc = qiao_errf(e, QIAO_EINVAL, "%s:%zu: %s: the header names this column "
                                   "twice", m->files[fi], before + 1, cols[i]);
                    goto out;
                }
        }
        break;
    }
    size_t next_item = 0;
    while (next_item < m->nitems && m->items[next_item].file != fi)
        next_item++;
    while (pos < src->len) {
        size_t start = pos, first_line = lines + 1;
        int n = io_csv_record(p, src->len, &pos, &lines, &m->cells, &ce);
        if (n == 0)
            break;
        if (n == 1 && m->cells.len[0] == 0)
            continue;   /* a blank line */
        uint32_t it;
        if (m->pass == 1) {
            size_t end = pos;
            while (end > start && (p[end - 1] == '\n' || p[end - 1] == '\r'))
                end--;
            it = new_item(m, fi, (uint32_t)first_line, (uint32_t)(lines - first_line + 1),
                          start, end - start);
        } else {
            it = (uint32_t)next_item++;
            if (m->items[it].bad)
                continue;
        }
        progress(m, src, pos);
        if (m->pass == 1 && !check_text(m, it))
            continue;
        if (n < 0) {
            add_err(m, fi, (uint32_t)first_line, it, ce.field, ce.msg);
            continue;
        }
        if ((size_t)n != ncols) {
            char reason[120];
            snprintf(reason, sizeof reason, "the row has %d cells, the header %zu", n, ncols);
            add_err(m, fi, (uint32_t)first_line, it, "csv", reason);
            continue;
        }
        for (size_t i = 0; i < ncols; i++)
            cellp[i] = m->cells.scratch.p + m->cells.off[i];
        model_record r;
        if (model_from_csv(m->o->kind, (const char *const *)cols, cellp, m->cells.len, ncols,
                           &r, &m->merrs) < 0) {
            add_model_errs(m, it);
            continue;
        }
        rc = accept(m, it, &r, e);
        model_record_clear(&r);
        if (rc)
            goto out;
    }
out:
    for (size_t i = 0; cols && i < ncols; i++)
        free(cols[i]);
    free(cols);
    free(cellp);
    return rc;
}

static int is_csv(const io_source *src, const char *path)
{
    size_t n = strlen(path);
    if (n >= 4 && strcasecmp(path + n - 4, ".csv") == 0)
        return 1;
    if (n >= 6 && strcasecmp(path + n - 6, ".jsonl") == 0)
        return 0;
    for (size_t i = 0; i < src->len; i++) {
        char c = src->data[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return c != '{';
    }
    return 0;
}

static int run_pass(imp *m, qiao_err *e)
{
    m->bytes_before = 0;
    m->nrec = 0;
    for (uint32_t fi = 0; fi < m->nsrc; fi++) {
        int csv = is_csv(&m->src[fi], m->files[fi]);
        if (csv && !m->o->has_kind)
            return qiao_errf(e, QIAO_EINVAL, "%s: a CSV file needs --kind K (the kind of "
                             "record on each row)", m->files[fi]);
        int rc = csv ? do_csv(m, fi, e) : do_jsonl(m, fi, e);
        if (rc)
            return rc;
        m->bytes_before += m->src[fi].raw_size;
    }
    return 0;
}

static int existed_before(imp *m, uint32_t ix, qiao_err *e)
{
    io_kentry *en = &m->ks.ents[ix];
    if (en->flags & KS_IN_BATCH)
        return !(en->flags & KS_CREATED);
    if (!(en->flags & KS_STORE_KNOWN)) {
        int rc = store_exists(m->s, (model_kind)en->kind, en->key, e);
        if (rc < 0)
            return rc;
        en = &m->ks.ents[ix];
        en->flags |= KS_STORE_KNOWN | (rc ? KS_IN_STORE : 0);
    }
    return (en->flags & KS_IN_STORE) != 0;
}

/* Refuses records whose references name nothing; with skip_bad, repeats
 * until no refusal makes another (a record refused makes its key absent). */
static int resolve(imp *m, qiao_err *e)
{
    for (;;) {
        int changed = 0;
        for (size_t i = 0; i < m->nrefs; i++) {
            const iref *r = &m->refs[i];
            if (m->items[r->item].bad)
                continue;
            int ok = 0;
            const io_kentry *rejected = NULL;
            for (int k = 0; k < r->nent && !ok; k++) {
                const io_kentry *en = &m->ks.ents[r->ent[k]];
                if ((en->flags & KS_IN_BATCH) && !(en->flags & KS_BAD)) {
                    ok = 1;
                    break;
                }
                if (en->flags & KS_BAD)
                    rejected = en;
                int rc = existed_before(m, r->ent[k], e);
                if (rc < 0)
                    return rc;
                ok = rc;
            }
            if (ok)
                continue;
            const item *x = &m->items[r->item];
            const io_kentry *t = &m->ks.ents[r->ent[0]];
            char reason[800];
            int n = snprintf(reason, sizeof reason, "%s %s: refers to %s \"%s\", which is ",
                             model_kind_name((model_kind)x->kind), m->ks.ents[x->entry].key,
                             r->nent > 1 ? "person or org" : model_kind_name((model_kind)t->kind),
                             t->key);
            if (rejected)
                snprintf(reason + n, sizeof reason - (size_t)n, "rejected (%s:%u)",
                         m->files[m->items[rejected->item].file], m->items[rejected->item].line);
            else
                snprintf(reason + n, sizeof reason - (size_t)n,
                         "neither in this import nor in the store");
            add_err(m, x->file, x->line, r->item, r->field, reason);
            if (m->o->skip_bad)   /* all or nothing reports causes, not consequences */
                m->ks.ents[x->entry].flags |= KS_BAD;
            m->nrefusals++;
            changed = 1;
        }
        if (!changed || !m->o->skip_bad)
            return 0;
    }
}

static int cmp_err(const void *a, const void *b)
{
    const ierr *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void print_errors(imp *m)
{
    FILE *out = m->o->err;
    if (!out)
        return;
    size_t cap = m->o->max_errors > 0 ? (size_t)m->o->max_errors : 0;
    for (size_t i = 0; i < m->nerrs && i < cap; i++)
        fprintf(out, "%s:%u: %s\n", m->files[m->errs[i].file], m->errs[i].line, m->errs[i].text);
    if (m->nerrs > cap)
        fprintf(out, "... and %zu more errors\n", m->nerrs - cap);
}

static int write_rejects(imp *m, qiao_err *e)
{
    FILE *f = fopen(m->o->skip_bad, "w");
    if (!f)
        return qiao_errf(e, QIAO_EIO, "%s: cannot write the rejected lines: %m", m->o->skip_bad);
    for (size_t i = 0; i < m->nerrs; i++) {
        const ierr *x = &m->errs[i];
        fprintf(f, "# %s:%u: %s\n", m->files[x->file], x->line, x->text);
        if (i + 1 < m->nerrs && m->errs[i + 1].item == x->item)
            continue;   /* the line itself after its last reason */
        const item *it = &m->items[x->item];
        fwrite(m->src[it->file].data + it->off, 1, it->len, f);
        fputc('\n', f);
    }
    if (fclose(f) != 0)
        return qiao_errf(e, QIAO_EIO, "%s: cannot write the rejected lines: %m", m->o->skip_bad);
    return 0;
}

static void imp_free(imp *m)
{
    for (size_t i = 0; i < m->nsrc; i++)
        io_source_close(&m->src[i]);
    free(m->src);
    free(m->items);
    free(m->refs);
    for (size_t i = 0; i < m->nerrs; i++)
        free(m->errs[i].text);
    free(m->errs);
    io_keyset_free(&m->ks);
    io_csv_cells_free(&m->cells);
    model_errors_clear(&m->merrs);
}

int io_import(store *s, const char *const *files, size_t nfiles, const io_import_opts *o,
              io_import_stats *st, qiao_err *e)
{
    imp m = {.s = s, .o = o, .st = st, .files = files, .pass = 1};
    memset(st, 0, sizeof *st);
    int rc = 0, in_tx = 0;
    m.src = qiao_calloc(nfiles, sizeof *m.src);
    uint64_t total = 0;
    for (; m.nsrc < nfiles; m.nsrc++) {
        rc = io_source_open(&m.src[m.nsrc], files[m.nsrc], o->encoding, e);
        if (rc)
            goto out;
        total += m.src[m.nsrc].raw_size;
    }
    io_progress_start(&m.prog, o->err, o->progress, total);
    rc = store_begin(s, e);
    if (rc)
        goto out;
    in_tx = 1;
    rc = store_bulk_begin(s, e);   /* the change log etc. once, at the commit */
    if (rc == 0)
        rc = run_pass(&m, e);
    if (rc == 0)
        rc = resolve(&m, e);
    if (rc)
        goto out;
    if (m.nerrs)
        qsort(m.errs, m.nerrs, sizeof *m.errs, cmp_err);
    size_t nbad = 0;
    for (size_t i = 0; i < m.nitems; i++)
        nbad += m.items[i].bad;
    st->rejected = (int64_t)nbad;
    st->errors = (int64_t)m.nerrs;
    if (m.nerrs && !o->skip_bad) {
        io_progress_end(&m.prog);
        print_errors(&m);
        rc = qiao_errf(e, QIAO_EINVAL, "nothing imported: %zu errors in %zu lines; the store is "
                       "as it was (--skip-bad FILE imports the good lines)", m.nerrs, nbad);
        goto out;
    }
    if (m.nrefusals) {
        /* records refused after they were written: write the good ones again */
        store_rollback(s);
        in_tx = 0;
        memset(st, 0, sizeof *st);
        st->rejected = (int64_t)nbad;
        st->errors = (int64_t)m.nerrs;
        rc = store_begin(s, e);
        if (rc)
            goto out;
        in_tx = 1;
        m.pass = 2;
        rc = store_bulk_begin(s, e);
        if (rc == 0)
            rc = run_pass(&m, e);
        if (rc)
            goto out;
    }
    if (m.nerrs) {
        rc = write_rejects(&m, e);
        if (rc)
            goto out;
    }
    in_tx = 0;
    rc = store_commit(s, e);
    io_progress_end(&m.prog);
    if (rc == 0 && m.nerrs)
        print_errors(&m);
out:
    io_progress_end(&m.prog);
    if (in_tx)
        store_rollback(s);
    imp_free(&m);
    return rc;
}

void io_import_summary(const io_import_stats *st, char *out, size_t cap)
{
    int64_t c = 0, u = 0;
    for (int k = 0; k < MODEL_KIND_COUNT; k++) {
        c += st->created[k];
        u += st->updated[k];
    }
    size_t n = (size_t)snprintf(out, cap, "%lld imported: %lld new, %lld updated",
                                (long long)(c + u), (long long)c, (long long)u);
    const char *sep = " (";
    for (int k = 0; k < MODEL_KIND_COUNT && n < cap; k++) {
        int64_t t = st->created[k] + st->updated[k];
        if (!t)
            continue;
        n += (size_t)snprintf(out + n, cap - n, "%s%s %lld", sep, model_kind_name((model_kind)k),
                              (long long)t);
        sep = ", ";
    }
    if (*sep == ',' && n < cap)
        n += (size_t)snprintf(out + n, cap - n, ")");
    if (st->rejected && n < cap)
        snprintf(out + n, cap - n, "; %lld rejected", (long long)st->rejected);
}
