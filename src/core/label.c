/* core/label.c — labels of exports, converted or as written (core/label.h). */
#include <stdlib.h>

#include "core/err.h"
#include "core/label.h"

char *qiao_label(const qiao_labels *lb, const char *s)
{
    if (!s)
        s = "";
    char *t = lb && lb->convert ? lb->convert(lb->ctx, s) : NULL;
    return t ? t : qiao_strdup(s);
}

void qiao_label_put(const qiao_labels *lb, const char *s, buf *out)
{
    char *t = qiao_label(lb, s);
    buf_puts(out, t);
    free(t);
}
