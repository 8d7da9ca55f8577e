/* model/plausible.c — plausibility of a record a person creates, beyond its
 * validity (model.h, model_check_new): imported history may hold past
 * deadlines; a new demand may not. */
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "model/input.h"
#include "model/model.h"

int model_check_new(const model_record *r, long long now, model_errors *errs)
{
    int rc = 0;
    if (r->kind != MODEL_DEMAND)
        return 0;
    const char *dl = model_str(r, "deadline");
    long long t;
    if (*dl && model_when_epoch(dl, &t) == 0) {
        /* a date is past once its day is over in Beijing */
        bool date_only = dl[10] == '\0';
        if ((date_only ? t + 86400 : t) <= now) {
            model_errors_addc(errs, r->kind, "deadline", "date_past", NULL,
                              "demand %s: deadline %s is in the past", r->key, dl);
            rc = QIAO_EINVAL;
        }
    }
    return rc;
}
