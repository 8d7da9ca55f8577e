/* tests/unit/teststore.h — a fresh store for the unit tests that need one
 * (testutil.h stays free of qiao's headers for the tests that do not). */
#ifndef QIAO_TESTSTORE_H
#define QIAO_TESTSTORE_H

#include "store/store.h"
#include "testutil.h"

/* A new SQLite store, migrated to the latest version, in a fresh temporary
 * directory; its path in `path` (cap bytes). Fails the test when it cannot
 * be opened. */
static inline store *tu_store_fresh(char *path, size_t cap)
{
    tu_tmp_db(path, cap);
    store *s;
    qiao_err e = {0};
    if (store_open(path, &s, &e) != 0)
        fail_msg("store_open: %s", e.msg);
    return s;
}

#endif
