/* store/sqlite_bulk_rows.c — the records put during a bulk write, noted in
 * memory and read by store_bulk_end's set-based statements (sqlite_bulk.c)
 * through two eponymous virtual tables of the handle's connection:
 *
 *   qiao_bulk_rows(kind, key, created, changed)   one row per (kind, key)
 *   qiao_bulk_chains(kind, key, chain)            the chains of the changed
 *
 * Both list their rows in the order the records were first put (the order
 * the triggers would have logged them); the rows view by (kind, key) when a
 * statement orders by them, so SQLite need not sort. Noting a record costs a
 * hash lookup and a copy of its key (and chains) into one growing arena: no statement,
 * no allocation per record. The tables are only for the handle's own
 * statements; they hold nothing outside a bulk. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"

typedef struct brow {
    size_t key;         /* offset of the NUL-terminated key in the arena */
    size_t chains;      /* offset of nchains NUL-terminated chains */
    uint32_t nchains;
    uint8_t kind, created, changed, alive;
} brow;

typedef struct sq_bulk sq_bulk;

typedef struct bview {
    struct sq_bulk *bk;
    int chains;         /* 0 the rows, 1 the chains */
} bview;

struct sq_bulk {
    brow *rows;
    size_t nrows, caprows, nalive;
    uint32_t *slots;    /* row index + 1, 0 empty; open addressing */
    size_t capslots;    /* a power of two, at least twice nrows */
    uint32_t last[MODEL_KIND_COUNT];   /* each kind's last row + 1, 0 none */
    unsigned unsorted;  /* bit k: a row of kind k came after a greater key */
    uint32_t *order;    /* the rows by (kind name, key), when asked; NULL */
    buf arena;
    bview views[2];
};

static uint64_t hash_of(int kind, const char *key)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)kind;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

/* The slot of (kind, key): its row's, or the empty one where it would go. */
static size_t find_slot(const sq_bulk *bk, int kind, const char *key)
{
    size_t mask = bk->capslots - 1, i = (size_t)hash_of(kind, key) & mask;
    for (;; i = (i + 1) & mask) {
        uint32_t s = bk->slots[i];
        if (!s)
            return i;
        const brow *r = &bk->rows[s - 1];
        if (r->kind == kind && strcmp(bk->arena.p + r->key, key) == 0)
            return i;
    }
}

static void grow_slots(sq_bulk *bk)
{
    size_t cap = bk->capslots ? bk->capslots * 2 : 1024;
    free(bk->slots);
    bk->slots = qiao_calloc(cap, sizeof *bk->slots);
    bk->capslots = cap;
    for (size_t i = 0; i < bk->nrows; i++) {
        const brow *r = &bk->rows[i];
        size_t s = find_slot(bk, r->kind, bk->arena.p + r->key);
        bk->slots[s] = (uint32_t)(i + 1);   /* a later row of a key replaces an earlier */
    }
}

/* Appends the strings of chains (a JSON list; items not strings skipped). */
static uint32_t put_chains(sq_bulk *bk, const json_t *chains, size_t *off)
{
    uint32_t n = 0;
    *off = bk->arena.len;
    for (size_t i = 0; i < json_array_size(chains); i++) {
        const json_t *c = json_array_get(chains, i);
        if (!json_is_string(c))
            continue;
        buf_append(&bk->arena, json_string_value(c), json_string_length(c) + 1);
        n++;
    }
    return n;
}

void store_sq_bulk_rows_put(sq *q, model_kind k, const char *key, int created, int changed,
                            const json_t *chains)
{
    sq_bulk *bk = q->bk;
    if (2 * (bk->nrows + 1) > bk->capslots)
        grow_slots(bk);
    size_t s = find_slot(bk, (int)k, key);
    brow *r = bk->slots[s] ? &bk->rows[bk->slots[s] - 1] : NULL;
    if (r && r->alive) {   /* put again in the same bulk: first position, last chains */
        if (changed) {
            r->changed = 1;
            r->nchains = put_chains(bk, chains, &r->chains);
        }
        return;
    }
    if (bk->nrows == bk->caprows) {
        bk->caprows = bk->caprows ? bk->caprows * 2 : 1024;
        bk->rows = qiao_realloc(bk->rows, bk->caprows * sizeof *bk->rows);
    }
    if (bk->last[k] && strcmp(bk->arena.p + bk->rows[bk->last[k] - 1].key, key) > 0)
        bk->unsorted |= 1u << k;
    bk->last[k] = (uint32_t)bk->nrows + 1;
    free(bk->order);
    bk->order = NULL;
    r = &bk->rows[bk->nrows];
    memset(r, 0, sizeof *r);
    r->kind = (uint8_t)k;
    r->created = created != 0;
    r->changed = created || changed;
    r->alive = 1;
    r->key = bk->arena.len;
    buf_append(&bk->arena, key, strlen(key) + 1);
    if (r->changed)
        r->nchains = put_chains(bk, chains, &r->chains);
    bk->slots[s] = (uint32_t)++bk->nrows;
    bk->nalive++;
}

void store_sq_bulk_rows_del(sq *q, model_kind k, const char *key)
{
    sq_bulk *bk = q->bk;
    if (!bk->capslots)
        return;
    size_t s = find_slot(bk, (int)k, key);
    if (bk->slots[s] && bk->rows[bk->slots[s] - 1].alive) {
        bk->rows[bk->slots[s] - 1].alive = 0;
        bk->nalive--;
    }
}

void store_sq_bulk_rows_clear(sq *q)
{
    sq_bulk *bk = q->bk;
    if (!bk)
        return;
    free(bk->rows);
    free(bk->slots);
    free(bk->order);
    buf_free(&bk->arena);
    bk->rows = NULL;
    bk->slots = NULL;
    bk->order = NULL;
    bk->nrows = bk->caprows = bk->nalive = bk->capslots = 0;
    memset(bk->last, 0, sizeof bk->last);
    bk->unsorted = 0;
}

void store_sq_bulk_rows_free(sq *q)
{
    store_sq_bulk_rows_clear(q);
    free(q->bk);
    q->bk = NULL;
}

static int by_key(const void *a, const void *b, void *arg)
{
    const sq_bulk *bk = arg;
    const brow *x = &bk->rows[*(const uint32_t *)a], *y = &bk->rows[*(const uint32_t *)b];
    return strcmp(bk->arena.p + x->key, bk->arena.p + y->key);
}

/* bk->order: the rows by kind name, then by key (strcmp: SQLite's binary
 * collation), a kind's rows in the order put unless some came after a
 * greater key (then sorted). Kinds are few: a pass per kind. */
static void build_order(sq_bulk *bk)
{
    if (bk->order || !bk->nrows)
        return;
    int kinds[MODEL_KIND_COUNT];
    for (int k = 0; k < MODEL_KIND_COUNT; k++) {   /* kinds by name */
        int j = k;
        for (; j > 0 && strcmp(model_kind_name((model_kind)kinds[j - 1]),
                               model_kind_name((model_kind)k)) > 0; j--)
            kinds[j] = kinds[j - 1];
        kinds[j] = k;
    }
    bk->order = qiao_calloc(bk->nrows, sizeof *bk->order);
    size_t n = 0;
    for (int i = 0; i < MODEL_KIND_COUNT; i++) {
        size_t from = n;
        for (size_t r = 0; r < bk->nrows; r++)
            if (bk->rows[r].kind == kinds[i])
                bk->order[n++] = (uint32_t)r;
        if (n - from > 1 && (bk->unsorted >> kinds[i] & 1))
            qsort_r(bk->order + from, n - from, sizeof *bk->order, by_key, bk);
    }
}

/* The virtual tables. A cursor walks the rows (and, in the chains view,
 * each row's chains); rows dead or (chains view) unchanged are skipped. */
typedef struct bvtab {
    sqlite3_vtab base;
    bview *view;
} bvtab;

typedef struct bcur {
    sqlite3_vtab_cursor base;
    bview *view;
    size_t row, chain, chain_off;
    int ordered;        /* rows view by (kind, key): row is order[pos] */
    size_t pos;
} bcur;

static int vt_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                      sqlite3_vtab **out, char **err)
{
    (void)argc;
    (void)argv;
    (void)err;
    bview *v = aux;
    int rc = sqlite3_declare_vtab(db, v->chains
        ? "CREATE TABLE x(kind TEXT, key TEXT, chain TEXT)"
        : "CREATE TABLE x(kind TEXT, key TEXT, created INTEGER, changed INTEGER)");
    if (rc != SQLITE_OK)
        return rc;
    bvtab *t = sqlite3_malloc(sizeof *t);
    if (!t)
        return SQLITE_NOMEM;
    memset(t, 0, sizeof *t);
    t->view = v;
    *out = &t->base;
    return SQLITE_OK;
}

static int vt_disconnect(sqlite3_vtab *t)
{
    sqlite3_free(t);
    return SQLITE_OK;
}

/* The rows view gives its rows by (kind, key) when a statement orders by
 * them (idxNum 1), so that SQLite need not sort them (store_bulk_end's
 * ORDER BY kind, key): in the order put when it is that order already. */
static int vt_best_index(sqlite3_vtab *t, sqlite3_index_info *info)
{
    const bview *v = ((bvtab *)t)->view;
    const sq_bulk *bk = v->bk;
    info->estimatedCost = (double)bk->nrows + 1;
    info->estimatedRows = (sqlite3_int64)bk->nrows + 1;
    int ordered = !v->chains && info->nOrderBy >= 1 && info->nOrderBy <= 2;
    for (int i = 0; ordered && i < info->nOrderBy; i++)
        ordered = info->aOrderBy[i].iColumn == i && !info->aOrderBy[i].desc;
    info->idxNum = ordered;
    info->orderByConsumed = ordered;
    return SQLITE_OK;
}

static int vt_open(sqlite3_vtab *t, sqlite3_vtab_cursor **out)
{
    bcur *c = sqlite3_malloc(sizeof *c);
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    c->view = ((bvtab *)t)->view;
    *out = &c->base;
    return SQLITE_OK;
}

static int vt_close(sqlite3_vtab_cursor *c)
{
    sqlite3_free(c);
    return SQLITE_OK;
}

/* Moves c to the first row (or chain) at or after its position that is shown. */
static void settle(bcur *c)
{
    const sq_bulk *bk = c->view->bk;
    if (c->ordered) {
        for (; c->pos < bk->nrows && !bk->rows[bk->order[c->pos]].alive; c->pos++)
            ;
        c->row = c->pos < bk->nrows ? bk->order[c->pos] : bk->nrows;
        return;
    }
    for (; c->row < bk->nrows; c->row++, c->chain = 0) {
        const brow *r = &bk->rows[c->row];
        if (!r->alive)
            continue;
        if (!c->view->chains)
            return;
        if (r->changed && c->chain < r->nchains) {
            if (c->chain == 0)
                c->chain_off = r->chains;
            return;
        }
    }
}

static int vt_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxs, int argc,
                     sqlite3_value **argv)
{
    (void)idxs;
    (void)argc;
    (void)argv;
    bcur *c = (bcur *)cur;
    c->ordered = idx == 1;
    if (c->ordered)
        build_order(c->view->bk);
    c->row = c->chain = c->pos = 0;
    settle(c);
    return SQLITE_OK;
}

static int vt_next(sqlite3_vtab_cursor *cur)
{
    bcur *c = (bcur *)cur;
    if (c->view->chains) {
        const sq_bulk *bk = c->view->bk;
        c->chain_off += strlen(bk->arena.p + c->chain_off) + 1;
        if (++c->chain < bk->rows[c->row].nchains)
            return SQLITE_OK;
    }
    if (c->ordered)
        c->pos++;
    else
        c->row++;
    c->chain = 0;
    settle(c);
    return SQLITE_OK;
}

static int vt_eof(sqlite3_vtab_cursor *cur)
{
    bcur *c = (bcur *)cur;
    return c->row >= c->view->bk->nrows;
}

/* Keys and chains are given without a copy (SQLITE_STATIC): the arena does
 * not change while store_bulk_end's statements read it (nothing is put
 * then), and it is freed only after them. */
static int vt_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    bcur *c = (bcur *)cur;
    const sq_bulk *bk = c->view->bk;
    const brow *r = &bk->rows[c->row];
    switch (col) {
    case 0: sqlite3_result_text(ctx, model_kind_name((model_kind)r->kind), -1, SQLITE_STATIC); break;
    case 1: sqlite3_result_text(ctx, bk->arena.p + r->key, -1, SQLITE_STATIC); break;
    case 2:
        if (c->view->chains)
            sqlite3_result_text(ctx, bk->arena.p + c->chain_off, -1, SQLITE_STATIC);
        else
            sqlite3_result_int(ctx, r->created);
        break;
    default: sqlite3_result_int(ctx, r->changed); break;
    }
    return SQLITE_OK;
}

static int vt_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    bcur *c = (bcur *)cur;
    *rowid = (sqlite3_int64)c->row + 1;
    return SQLITE_OK;
}

static const sqlite3_module bulk_module = {
    .iVersion = 0, .xCreate = NULL, .xConnect = vt_connect, .xBestIndex = vt_best_index,
    .xDisconnect = vt_disconnect, .xDestroy = vt_disconnect, .xOpen = vt_open,
    .xClose = vt_close, .xFilter = vt_filter, .xNext = vt_next, .xEof = vt_eof,
    .xColumn = vt_column, .xRowid = vt_rowid,
};

int store_sq_bulk_rows_open(sq *q, qiao_err *e)
{
    if (q->bk)
        return 0;
    sq_bulk *bk = qiao_calloc(1, sizeof *bk);
    bk->views[0] = (bview){bk, 0};
    bk->views[1] = (bview){bk, 1};
    if (sqlite3_create_module_v2(q->db, "qiao_bulk_rows", &bulk_module, &bk->views[0], NULL) !=
            SQLITE_OK ||
        sqlite3_create_module_v2(q->db, "qiao_bulk_chains", &bulk_module, &bk->views[1], NULL) !=
            SQLITE_OK) {
        q->bk = bk;   /* kept until the handle closes: a module may hold it */
        return store_sq_dberr(q, e, "starting a bulk write");
    }
    q->bk = bk;
    return 0;
}
