/* core/label.h — the words an export writes of its own (column headers,
 * sheet names, 是/否, a priority, a figure's name), as opposed to the text of
 * the records it carries. Each writer passes its labels, and only its labels,
 * through qiao_label(): a download for a visitor who chose 繁體 sets a
 * conversion (OpenCC s2t, src/web/page_zh.c web_export_labels); everyone else
 * passes NULL and gets the labels as written. Records' text never goes
 * through it, so stored text stays as its author wrote it.
 *
 *   char *h = qiao_label(lb, "机构");    // lb may be NULL; caller frees h
 *   qiao_label_put(lb, "会谈清单", &out); // or append to a buffer
 */
#ifndef QIAO_CORE_LABEL_H
#define QIAO_CORE_LABEL_H

#include "core/buf.h"

typedef struct qiao_labels {
    /* s converted, malloc'ed (the caller of qiao_label frees it); NULL when
     * the conversion fails, and then the label is written as it is. */
    char *(*convert)(void *ctx, const char *s);
    void *ctx;
} qiao_labels;

/* s as lb writes it (lb NULL: a copy of s). Never NULL; the caller frees. */
char *qiao_label(const qiao_labels *lb, const char *s);
/* Appends s as lb writes it to out. */
void qiao_label_put(const qiao_labels *lb, const char *s, buf *out);

#endif
