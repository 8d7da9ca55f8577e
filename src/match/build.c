/* match/build.c — building the index from the store at command start. */
#include "match/internal.h"
#include "store/store.h"

static int build_one(const model_record *r, void *ud)
{
    void **p = ud;
    return match_index_put(p[0], r, p[1]) < 0 ? -1 : 0;
}

int match_index_build(match_index *ix, struct store *s, int threads, qiao_err *e)
{
    (void)threads;
    static const model_kind kinds[] = { MODEL_ACHIEVEMENT, MODEL_DEMAND, MODEL_PERSON };
    void *ud[2] = { ix, e };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        int rc = store_scan(s, kinds[i], build_one, ud, e);
        if (rc < 0)
            return rc;
        if (rc > 0)
            return e->code ? e->code : QIAO_EIO;
    }
    return 0;
}
