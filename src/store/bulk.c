/* store/bulk.c — bulk writes: the interface's checks (contract in store.h). */
#include "store/backend.h"

int store_bulk_begin(store *s, qiao_err *e)
{
    if (!s->in_tx)
        return qiao_errf(e, QIAO_EINVAL, "store_bulk_begin outside a transaction: call "
                         "store_begin first");
    if (s->in_bulk)
        return qiao_errf(e, QIAO_EINVAL, "store_bulk_begin: a bulk write is already open");
    int rc = s->ops->bulk_begin(s, e);
    if (rc == 0)
        s->in_bulk = 1;
    return rc;
}

int store_bulk_end(store *s, qiao_err *e)
{
    if (!s->in_tx || !s->in_bulk)
        return qiao_errf(e, QIAO_EINVAL, "store_bulk_end: no bulk write is open");
    s->in_bulk = 0;
    return s->ops->bulk_end(s, e);
}
