/* match/persist.c — the index snapshot beside the store, so that a restart
 * does not re-segment the catalogue (docs/matching.md, "Restarts").
 *
 * File: "QIAOIX03", the analyser fingerprint, the store generation the
 * index reflects, then the dictionaries, and per collection its counters,
 * docs, keys, chains and posting lists, all in host byte order (a snapshot
 * is a cache, never moved between machines: any mismatch means rebuild).
 * Written to PATH.tmp and renamed, so a reader sees a whole file or none.
 *
 * A snapshot is current when its fingerprint equals this build's (the
 * analyser's output on a probe text and every weight, so a change in
 * analyze.c, weights.c or the dictionaries invalidates it) and the store
 * can list the records changed since its generation (store_changes); those
 * are then re-read and re-indexed. What is derived from the lists (the hot
 * length arrays, the common terms' random access) is rebuilt at load. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "match/internal.h"
#include "store/store.h"

#define MAGIC "QIAOIX03"

static int probe_tok(const mx_tok *t, void *ud)
{
    uint64_t *h = ud;
    *h = (*h * 1099511628211ull) ^ mx_hash(t->term, t->len) ^ (uint64_t)t->kind;
    return 0;
}

/* Changes whenever indexing or bounds would come out differently. */
static uint64_t fingerprint(void)
{
    static const char probe[] = "電子科技大學研制的射频识别(RFID)标签天线，工作频率2.4GHz；"
                                "基于深度学习的图像识别方法与系统。本发明涉及锂离子电池正极材料";
    /* the weights up to the evaluation-only ones (dense_df, cand_*), which
     * change no byte of the index */
    uint64_t h = mx_hash((const char *)&match_w, offsetof(match_weights, dense_df)) ^
                 (sizeof(mx_doc) << 8) ^ MX_BLOCK;
    text_tokens tt = {0};
    buf sc = {0};
    qiao_err e = {0};
    if (mx_analyze(probe, sizeof probe - 1, 1, &tt, &sc, probe_tok, &h, &e) < 0)
        h = 0;
    text_tokens_free(&tt);
    buf_free(&sc);
    return h;
}

static void w(FILE *f, const void *p, size_t n)
{
    if (n)
        fwrite(p, 1, n, f);
}

static void w_dict(FILE *f, const mx_dict *d)
{
    w(f, &d->n, sizeof d->n);
    w(f, &d->clen, sizeof d->clen);
    w(f, d->off, d->n * sizeof *d->off);
    w(f, d->chars, d->clen);
}

int match_index_save(const match_index *ix, const char *path, int64_t gen, const char *uid,
                     qiao_err *e)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());   /* one per writer */
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return qiao_errf(e, QIAO_EIO, "%s: cannot write the index snapshot: %m", tmp);
    uint64_t fp = fingerprint();
    w(f, MAGIC, 8);
    w(f, &fp, sizeof fp);
    w(f, &gen, sizeof gen);
    char u[STORE_UID_LEN] = {0};
    snprintf(u, sizeof u, "%s", uid ? uid : "");
    w(f, u, sizeof u);
    w_dict(f, &ix->terms);
    w_dict(f, &ix->names);
    for (int ci = 0; ci < MX_NCOLL; ci++) {
        const mx_coll *c = &ix->coll[ci];
        w(f, &c->ndocs, sizeof c->ndocs);
        w(f, &c->nlive, sizeof c->nlive);
        w(f, &c->ndead, sizeof c->ndead);
        w(f, c->lensum, sizeof c->lensum);
        w(f, c->refavg, sizeof c->refavg);
        w(f, c->docs, c->ndocs * sizeof *c->docs);
        w_dict(f, &c->keys);
        w(f, c->keydoc, c->keys.n * sizeof *c->keydoc);
        w(f, &c->nchainv, sizeof c->nchainv);
        w(f, c->chainv, c->nchainv * sizeof *c->chainv);
        uint32_t npl = 0;               /* lists up to the last non-empty one */
        for (uint32_t t = 0; t < c->npl; t++)
            if (c->pl[t].len)
                npl = t + 1;
        w(f, &npl, sizeof npl);
        for (uint32_t t = 0; t < npl; t++) {
            const mx_plist *p = &c->pl[t];
            uint32_t hd[5] = { p->len, p->last, p->df, p->nblk, 0 };
            memcpy(&hd[4], &p->maxtfn, sizeof p->maxtfn);
            w(f, hd, sizeof hd);
            w(f, p->p, p->len);
            w(f, p->blk, p->nblk * sizeof *p->blk);
        }
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        unlink(tmp);
        return qiao_errf(e, QIAO_EIO, "%s: writing the index snapshot failed (disk full?)", tmp);
    }
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        return qiao_errf(e, QIAO_EIO, "%s: cannot put the index snapshot in place: %m", path);
    }
    return 0;
}

static int r(FILE *f, void *p, size_t n)
{
    return n == 0 || fread(p, 1, n, f) == n ? 0 : -1;
}

static int r_dict(FILE *f, mx_dict *d)
{
    uint32_t n;
    size_t clen;
    if (r(f, &n, sizeof n) || r(f, &clen, sizeof clen) || clen > ((size_t)1 << 40))
        return -1;
    mx_dict_free(d);
    d->n = n;                          /* room to grow (mx_slack) */
    d->cap = (uint32_t)mx_slack(n);
    d->clen = clen;
    d->ccap = mx_slack(clen);
    d->off = qiao_malloc(d->cap * sizeof *d->off);
    d->chars = qiao_malloc(d->ccap);
    if (r(f, d->off, n * sizeof *d->off) || r(f, d->chars, clen))
        return -1;
    for (uint32_t id = 0; id < n; id++)
        if (d->off[id] >= clen)
            return -1;
    mx_dict_index(d);                  /* the hash table is rebuilt, not stored */
    return 0;
}

static int load_colls(FILE *f, match_index *ix)
{
    if (r_dict(f, &ix->terms) || r_dict(f, &ix->names))
        return -1;
    for (int ci = 0; ci < MX_NCOLL; ci++) {
        mx_coll *c = &ix->coll[ci];
        if (r(f, &c->ndocs, sizeof c->ndocs) || r(f, &c->nlive, sizeof c->nlive) ||
            r(f, &c->ndead, sizeof c->ndead) || r(f, c->lensum, sizeof c->lensum) ||
            r(f, c->refavg, sizeof c->refavg))
            return -1;
        c->cap = (uint32_t)mx_slack(c->ndocs);
        c->docs = qiao_malloc(c->cap * sizeof *c->docs);
        if (r(f, c->docs, c->ndocs * sizeof *c->docs) || r_dict(f, &c->keys))
            return -1;
        c->keydoc = qiao_malloc((c->keys.cap ? c->keys.cap : 1) * sizeof *c->keydoc);
        if (r(f, c->keydoc, c->keys.n * sizeof *c->keydoc) ||
            r(f, &c->nchainv, sizeof c->nchainv) || c->nchainv > ((size_t)1 << 34))
            return -1;
        c->capchainv = c->nchainv;
        c->chainv = qiao_malloc((c->nchainv ? c->nchainv : 1) * sizeof *c->chainv);
        if (r(f, c->chainv, c->nchainv * sizeof *c->chainv))
            return -1;
        uint32_t npl;
        if (r(f, &npl, sizeof npl) || npl > ix->terms.n)
            return -1;
        c->npl = npl;
        c->pl = qiao_calloc(npl ? npl : 1, sizeof *c->pl);
        for (uint32_t t = 0; t < npl; t++) {
            mx_plist *p = &c->pl[t];
            uint32_t hd[5];
            if (r(f, hd, sizeof hd))
                return -1;
            p->len = p->cap = hd[0];
            p->last = hd[1];
            p->df = hd[2];
            p->nblk = hd[3];
            memcpy(&p->maxtfn, &hd[4], sizeof p->maxtfn);
            if (p->len) {
                p->cap = (uint32_t)mx_slack(p->len);
                p->p = qiao_malloc(p->cap);
                if (r(f, p->p, p->len))
                    return -1;
            }
            if (p->nblk) {
                size_t cap = 1;
                while (cap < p->nblk)
                    cap *= 2;
                p->blk = qiao_malloc(cap * sizeof *p->blk);
                if (r(f, p->blk, p->nblk * sizeof *p->blk))
                    return -1;
            }
        }
    }
    for (int ci = 0; ci < MX_NCOLL; ci++) {
        mx_hot_rebuild(&ix->coll[ci]);
        mx_dense_rebuild(&ix->coll[ci], 2);
    }
    return 0;
}

/* Empties ix (after a failed load or before a rebuild). */
static void reset(match_index *ix)
{
    qiao_err e = {0};
    match_index *fresh;
    match_index_new(&fresh, &e);
    match_index tmp = *ix;
    *ix = *fresh;
    *fresh = tmp;
    match_index_free(fresh);
}

int match_index_load(match_index *ix, const char *path, int64_t *gen, char uid[STORE_UID_LEN],
                     qiao_err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return qiao_errf(e, QIAO_ENOTFOUND, "%s: no index snapshot", path);
    char magic[8];
    uint64_t fp;
    int rc = 0;
    if (r(f, magic, 8) || memcmp(magic, MAGIC, 8) || r(f, &fp, sizeof fp) || r(f, gen, sizeof *gen) ||
        r(f, uid, STORE_UID_LEN) || uid[STORE_UID_LEN - 1]) {
        rc = qiao_errf(e, QIAO_ENOTFOUND, "%s: not an index snapshot of this qiao", path);
    } else if (fp != fingerprint()) {
        rc = qiao_errf(e, QIAO_ENOTFOUND, "%s: the snapshot was made by another analyser", path);
    } else if (load_colls(f, ix) < 0) {
        rc = qiao_errf(e, QIAO_ENOTFOUND, "%s: the index snapshot is truncated or damaged", path);
    }
    fclose(f);
    if (rc)
        reset(ix);                     /* leave an empty index */
    return rc;
}

typedef struct chg { match_index *ix; struct store *s; qiao_err *e; size_t n; } chg;

static int apply_change(model_kind kind, const char *key, void *ud)
{
    chg *c = ud;
    model_record rec;
    c->n++;
    int rc = store_get(c->s, kind, key, &rec, c->e);
    if (rc == QIAO_ENOTFOUND)
        return match_index_remove(c->ix, kind, key);
    if (rc < 0)
        return rc;
    rc = match_index_put(c->ix, &rec, c->e);
    model_record_clear(&rec);
    return rc < 0 ? rc : 0;
}

int match_index_open(match_index *ix, struct store *s, const char *path, int threads,
                     qiao_err *e)
{
    int64_t now = 0, since = -1;
    char uid[STORE_UID_LEN], suid[STORE_UID_LEN];
    int rc = store_generation(s, &now, uid, e);
    if (rc < 0)
        return rc;
    qiao_err le = {0};
    if (path && match_index_load(ix, path, &since, suid, &le) == 0 &&
        strcmp(suid, uid) == 0 && since <= now) {
        int64_t nchanged = 0;
        rc = store_changes_count(s, since, &nchanged, e);
        size_t total = 0;
        for (int ci = 0; ci < MX_NCOLL; ci++)
            total += ix->coll[ci].nlive;
        if (rc < 0)
            return rc;
        if ((size_t)nchanged <= total / 4 + 1000) {   /* else rebuilding is faster */
            chg c = { ix, s, e, 0 };
            rc = store_changes(s, since, apply_change, &c, e);
            if (rc == 0 && c.n)
                match_index_save(ix, path, now, uid, &le);  /* best effort */
            return rc < 0 ? rc : rc > 0 ? QIAO_EIO : 0;
        }
    }
    reset(ix);                         /* none, stale, or too many changes: rebuild */
    rc = match_index_build(ix, s, threads, e);
    if (rc == 0 && path)
        match_index_save(ix, path, now, uid, &le);     /* best effort */
    return rc;
}

int match_snapshot_path(const char *url, char *out, size_t n)
{
    if (!url || !*url || strstr(url, "://"))
        return -1;
    if (strncmp(url, "sqlite:", 7) == 0)
        url += 7;
    if (strcmp(url, ":memory:") == 0 || snprintf(out, n, "%s.qix", url) >= (int)n)
        return -1;
    return 0;
}
