/* store/sqlite_stmt.c — the statements each sqlite_*.c file keeps for its
 * handle's life, prepared on first use; see sqlite_int.h. */
#include "store/sqlite_int.h"

sqlite3_stmt *store_sq_stmt(sq *q, sqlite3_stmt **slots, const char *const *sqls, int which,
                            qiao_err *e)
{
    if (!slots[which] && store_sq_prep(q, sqls[which], &slots[which], e) < 0)
        return NULL;
    return slots[which];
}

void store_sq_finalize(sqlite3_stmt **slots, int n)
{
    for (int i = 0; i < n; i++) {
        sqlite3_finalize(slots[i]);
        slots[i] = NULL;
    }
}
