/* store/backend.h — internal to src/store/: what a backend provides.
 *
 * A backend allocates a struct whose first member is `store` (so that a
 * `store *` can be cast to the backend's own type), sets `ops`, and does
 * its own checks; store.c dispatches and checks what every backend shares
 * (arguments, the transaction rule, user fields).
 */
#ifndef QIAO_STORE_BACKEND_H
#define QIAO_STORE_BACKEND_H

#include <stddef.h>

#include "store/store.h"

struct store {
    const store_ops *ops;
    int in_tx;            /* set by store.c between begin and commit/rollback */
    int in_bulk;          /* set by store.c between bulk_begin and bulk_end/commit/rollback */
};

/* A numbered migration, embedded in the binary (migrations.c). */
typedef struct store_migration {
    int version;          /* increasing: 1, 2, 20, ... (gaps allowed) */
    const char *name;     /* "records" */
    const char *sql;      /* the whole file, NUL-terminated */
} store_migration;

/* The migrations this build knows, in order; *n is their number. */
const store_migration *store_migrations(size_t *n);

/* SQLite backend (sqlite.c). migrate: bring the schema to the latest version. */
int store_sqlite_open(const char *path, int migrate, store **out, qiao_err *e);

#endif
