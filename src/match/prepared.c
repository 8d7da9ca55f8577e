/* match/prepared.c — a record analysed ahead of indexing (match.h,
 * match_prepare): the expensive part of match_index_put (segmentation,
 * normalisation, counting terms) done by any thread without the index, so
 * that a writer holds the index's lock only to insert. */
#include <stdlib.h>

#include "match/internal.h"

struct match_prepared {
    mx_arec a;
    int live;                  /* indexed kind and matchable: else put removes */
};

int match_prepare(const model_record *r, match_prepared **out, qiao_err *e)
{
    match_prepared *p = qiao_calloc(1, sizeof *p);
    p->live = mx_coll_of(r->kind) >= 0 && mx_record_live(r);
    int rc = p->live ? mx_arec_analyze(&p->a, r, e) : 0;
    if (rc < 0) {
        match_prepared_free(p);
        p = NULL;
    }
    *out = p;
    return rc;
}

int match_index_put_prepared(match_index *ix, const model_record *r, const match_prepared *p,
                             qiao_err *e)
{
    if (!p)
        return match_index_put(ix, r, e);
    if (mx_coll_of(r->kind) < 0)
        return 0;
    if (!p->live)
        return match_index_remove(ix, r->kind, r->key);
    return mx_index_add(ix, r, &p->a, e);
}

void match_prepared_free(match_prepared *p)
{
    if (!p)
        return;
    mx_arec_free(&p->a);
    free(p);
}
