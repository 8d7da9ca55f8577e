/* store/sqlite_list.c — store_list on SQLite: one SELECT for the page and
 * one count(*) for the total, built from the filter with every value bound
 * (never spliced: only column names from fixed tables go into the SQL text),
 * using the indexes of migrations/001 and 005 (record_chains for chains).
 * Prepared statements are kept per handle by SQL text (a few shapes of list
 * are asked for again and again). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"

typedef struct bindv {
    const char *s;        /* text, or NULL for an integer */
    int64_t i;
} bindv;

#define MAX_BINDS 16

typedef struct qb {
    buf where;            /* " AND ..." conditions */
    bindv b[MAX_BINDS];
    int nb;
    buf like;             /* the LIKE pattern of the text filter */
    buf keys;             /* the keys filter as a JSON array */
    buf orgs;             /* the orgs filter as a JSON array */
} qb;

/* Adds a value; returns its parameter number (?N). */
static int bind_text(qb *x, const char *s)
{
    x->b[x->nb++] = (bindv){s, 0};
    return x->nb;
}

static int bind_int(qb *x, int64_t i)
{
    x->b[x->nb++] = (bindv){NULL, i};
    return x->nb;
}

/* The SQL expression of a top-level field: its column, else json_extract. */
static void field_expr(buf *b, model_kind k, const char *field)
{
    const char *col = store_sq_column(k, field);
    if (col)
        buf_printf(b, "t.%s", col);
    else
        buf_printf(b, "json_extract(t.doc, '$.%s')", field);
}

static int has_chains(model_kind k)
{
    return k == MODEL_ORG || k == MODEL_ACHIEVEMENT || k == MODEL_DEMAND || k == MODEL_EVENT;
}

static void json_key(buf *b, const char *s)
{
    buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            buf_printf(b, "\\u%04x", c);
        else
            buf_putc(b, (char)c);
    }
    buf_putc(b, '"');
}

static int build_where(qb *x, model_kind k, const store_filter *f, qiao_err *e)
{
    buf *w = &x->where;
    static const char *const eq_fields[] = {"org", "status", "zone"};
    const char *eq_vals[] = {f->org, f->status, f->zone};
    for (int i = 0; i < 3; i++) {
        if (!eq_vals[i] || !*eq_vals[i])
            continue;
        buf_puts(w, " AND ");
        field_expr(w, k, eq_fields[i]);
        buf_printf(w, " = ?%d", bind_text(x, eq_vals[i]));
    }
    if (f->chain && *f->chain) {
        if (has_chains(k)) {
            buf_printf(w, " AND t.key IN (SELECT key FROM record_chains WHERE kind = '%s' "
                          "AND chain = ?%d)", model_kind_name(k), bind_text(x, f->chain));
        } else {
            buf_puts(w, " AND 0");
        }
    }
    if (f->mode && *f->mode)
        buf_printf(w, " AND EXISTS (SELECT 1 FROM json_each(t.doc, '$.modes') m "
                      "WHERE m.value = ?%d)", bind_text(x, f->mode));
    if (f->by_orgs) {
        buf_puts(&x->orgs, "[");
        for (size_t i = 0; i < f->norgs; i++) {
            if (i)
                buf_putc(&x->orgs, ',');
            json_key(&x->orgs, f->orgs[i]);
        }
        buf_puts(&x->orgs, "]");
        buf_puts(w, " AND ");
        if (k == MODEL_ORG)
            buf_puts(w, "t.key");      /* an org is its own org */
        else
            field_expr(w, k, "org");
        buf_printf(w, " IN (SELECT value FROM json_each(?%d))",
                   bind_text(x, buf_cstr(&x->orgs)));
    }
    if (f->trl_min > 0 || f->trl_max > 0) {
        const char *col = k == MODEL_ACHIEVEMENT ? "trl" : k == MODEL_DEMAND ? "trl_min" : NULL;
        if (!col)
            return qiao_errf(e, QIAO_EINVAL, "store_list: %s records have no TRL to filter on",
                             model_kind_name(k));
        if (f->trl_min > 0)
            buf_printf(w, " AND t.%s >= ?%d", col, bind_int(x, f->trl_min));
        if (f->trl_max > 0)
            buf_printf(w, " AND t.%s <= ?%d", col, bind_int(x, f->trl_max));
    }
    if (f->text && *f->text) {
        buf_putc(&x->like, '%');
        for (const char *p = f->text; *p; p++) {
            if (*p == '%' || *p == '_' || *p == '\\')
                buf_putc(&x->like, '\\');
            buf_putc(&x->like, *p);
        }
        buf_putc(&x->like, '%');
        static const char *const fields[] = {"title", "summary", "description", "name",
                                             "discipline", "expertise", NULL};
        int p = bind_text(x, buf_cstr(&x->like));
        buf_printf(w, " AND (t.key LIKE ?%d ESCAPE '\\'", p);
        for (int i = 0; fields[i]; i++) {
            buf_puts(w, " OR ");
            field_expr(w, k, fields[i]);
            buf_printf(w, " LIKE ?%d ESCAPE '\\'", p);
        }
        buf_printf(w, " OR EXISTS (SELECT 1 FROM json_each(t.doc, '$.keywords') kw "
                      "WHERE kw.type = 'text' AND kw.value LIKE ?%d ESCAPE '\\'))", p);
    }
    return 0;
}

/* The ORDER BY expression of a sort field kind k has, or NULL. */
static int sort_expr(buf *b, model_kind k, const char *field, int rank_ok)
{
    static const struct { const char *field; unsigned kinds; } allowed[] = {
        {"title", 1u << MODEL_ACHIEVEMENT | 1u << MODEL_DEMAND | 1u << MODEL_EVENT},
        {"name", 1u << MODEL_ORG | 1u << MODEL_PERSON},
        {"published", 1u << MODEL_ACHIEVEMENT | 1u << MODEL_DEMAND},
        {"trl", 1u << MODEL_ACHIEVEMENT},
        {"price", 1u << MODEL_ACHIEVEMENT},
        {"budget", 1u << MODEL_DEMAND},
        {"deadline", 1u << MODEL_DEMAND},
        {"trl_min", 1u << MODEL_DEMAND},
        {"starts", 1u << MODEL_EVENT},
    };
    if (!field || !*field || strcmp(field, "id") == 0) {
        buf_puts(b, "t.key");
        return 0;
    }
    if (strcmp(field, "rank") == 0) {
        if (!rank_ok)
            return -1;
        buf_puts(b, "r.key");
        return 0;
    }
    for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
        if (strcmp(allowed[i].field, field) == 0 && (allowed[i].kinds & (1u << k))) {
            field_expr(b, k, field);
            return 0;
        }
    return -1;
}

void store_sq_list_unprepare(sq *q)
{
    for (int i = 0; i < SQ_LIST_CACHE; i++) {
        sqlite3_finalize(q->cache[i].st);
        free(q->cache[i].sql);
        q->cache[i] = (sq_cached){0};
    }
}

/* A prepared statement for sql: from the cache when one is free, else a new
 * one put in the cache (*slot its index) or, when every slot is busy, one of
 * its own (*slot -1: the caller finalizes it). */
static sqlite3_stmt *get_stmt(sq *q, const char *sql, int *slot, qiao_err *e)
{
    int victim = -1;
    for (int i = 0; i < SQ_LIST_CACHE; i++) {
        sq_cached *c = &q->cache[i];
        if (c->sql && !c->busy && strcmp(c->sql, sql) == 0) {
            c->busy = 1;
            c->used = ++q->clock;
            *slot = i;
            return c->st;
        }
        if (!c->busy && (victim < 0 || !c->sql ||
                         (q->cache[victim].sql && c->used < q->cache[victim].used)))
            victim = i;
    }
    sqlite3_stmt *st;
    if (store_sq_prep(q, sql, &st, e) < 0)
        return NULL;
    *slot = victim;
    if (victim >= 0) {
        sq_cached *c = &q->cache[victim];
        sqlite3_finalize(c->st);
        free(c->sql);
        *c = (sq_cached){qiao_strdup(sql), st, 1, ++q->clock};
    }
    return st;
}

static void put_stmt(sq *q, sqlite3_stmt *st, int slot)
{
    if (slot < 0) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    q->cache[slot].busy = 0;
}

/* Binds the first n values as ?1..?n. */
static void bind_all(sqlite3_stmt *st, const qb *x, int n)
{
    for (int i = 0; i < n; i++) {
        if (x->b[i].s)
            sqlite3_bind_text(st, i + 1, x->b[i].s, -1, SQLITE_STATIC);
        else
            sqlite3_bind_int64(st, i + 1, x->b[i].i);
    }
}

int store_sq_list(store *s, model_kind k, const store_filter *f, const store_sort *sort,
                  int64_t offset, int64_t limit, store_scan_fn fn, void *ud, int64_t *total,
                  qiao_err *e)
{
    sq *q = (sq *)s;
    qb x = {0};
    buf from = {0}, sql = {0};
    sqlite3_stmt *st = NULL;
    int slot = -1, rc = 0;
    buf_printf(&from, " FROM %s t", model_kind_name(k));
    if (f->keys) {
        buf_puts(&x.keys, "[");
        for (size_t i = 0; i < f->nkeys; i++) {
            if (i)
                buf_putc(&x.keys, ',');
            json_key(&x.keys, f->keys[i] ? f->keys[i] : "");
        }
        buf_puts(&x.keys, "]");
        buf_printf(&from, " JOIN json_each(?%d) r ON r.value = t.key",
                   bind_text(&x, buf_cstr(&x.keys)));
    }
    if ((rc = build_where(&x, k, f, e)) < 0)
        goto out;
    if (total) {
        buf_printf(&sql, "SELECT count(*)%s WHERE 1%s", buf_cstr(&from), buf_cstr(&x.where));
        if (!(st = get_stmt(q, buf_cstr(&sql), &slot, e))) {
            rc = QIAO_EIO;
            goto out;
        }
        bind_all(st, &x, x.nb);
        if (sqlite3_step(st) == SQLITE_ROW)
            *total = sqlite3_column_int64(st, 0);
        else
            rc = store_sq_dberr(q, e, "counting a list");
        put_stmt(q, st, slot);
        st = NULL;
        if (rc)
            goto out;
    }
    if (limit == 0)
        goto out;
    buf order = {0};
    const char *field = sort && sort->field ? sort->field : NULL;
    if (sort_expr(&order, k, field, f->keys != NULL) < 0) {
        buf_free(&order);
        rc = qiao_errf(e, QIAO_EINVAL, "%s records cannot be sorted by '%s'",
                       model_kind_name(k), field);
        goto out;
    }
    const char *dir = sort && sort->desc ? "DESC" : "ASC";
    buf_clear(&sql);
    buf_printf(&sql, "SELECT t.doc%s WHERE 1%s ORDER BY %s %s NULLS LAST", buf_cstr(&from),
               buf_cstr(&x.where), buf_cstr(&order), dir);
    if (strcmp(buf_cstr(&order), "t.key") != 0)
        buf_puts(&sql, ", t.key");
    buf_printf(&sql, " LIMIT ?%d", bind_int(&x, limit));
    buf_printf(&sql, " OFFSET ?%d", bind_int(&x, offset));
    buf_free(&order);
    if (!(st = get_stmt(q, buf_cstr(&sql), &slot, e))) {
        rc = QIAO_EIO;
        goto out;
    }
    bind_all(st, &x, x.nb);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        model_record r;
        rc = model_from_canonical((const char *)sqlite3_column_text(st, 0),
                                  (size_t)sqlite3_column_bytes(st, 0), &r, e);
        if (rc)
            break;
        rc = fn(&r, ud);
        model_record_clear(&r);
        if (rc)
            break;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "listing");
    put_stmt(q, st, slot);
out:
    buf_free(&x.where);
    buf_free(&x.like);
    buf_free(&x.keys);
    buf_free(&x.orgs);
    buf_free(&from);
    buf_free(&sql);
    return rc;
}

sqlite3_stmt *store_sq_stmt_get(sq *q, const char *sql, int *slot, qiao_err *e)
{
    return get_stmt(q, sql, slot, e);
}

void store_sq_stmt_put(sq *q, sqlite3_stmt *st, int slot)
{
    put_stmt(q, st, slot);
}
