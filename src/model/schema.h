/* model/schema.h — internal to src/model/: the field table of each kind.
 *
 * One row per field, in canonical order (DATA.md's order: required fields,
 * then the others as listed). model.c validates JSON against these rows,
 * csv.c converts CSV cells with them. Nothing outside src/model/ includes
 * this file: use model.h.
 */
#ifndef QIAO_MODEL_SCHEMA_H
#define QIAO_MODEL_SCHEMA_H

#include <stddef.h>

#include "model/model.h"

typedef enum model_ftype {
    FT_ID,          /* the record's own id: 1-64 of A-Za-z0-9._:- */
    FT_TEXT,        /* string, at most `max` characters */
    FT_REF,         /* id of a record of one of `refk` */
    FT_ENUM,        /* one of `en` */
    FT_INT,         /* integer in [lo, hi] */
    FT_BOOL,
    FT_DATE,        /* ISO 8601 date or date-time with offset */
    FT_TEXTLIST,    /* at most `max` strings of at most `item` characters */
    FT_REFLIST,     /* at most `max` ids of records of `refk` */
    FT_ENUMLIST,    /* at most `max` values of `en`, no repeats */
    FT_INTLIST,     /* at most `max` integers in [lo, hi] */
    FT_IP,          /* {status: none/pending/granted, patents: [text]} */
    FT_MILESTONES,  /* [{title, due, done}] */
} model_ftype;

enum { F_REQ = 1, F_NONEMPTY = 2 };

typedef struct model_fdef {
    const char *name;
    model_ftype t;
    unsigned flags;           /* F_REQ, F_NONEMPTY (a list with at least one item) */
    int max;                  /* text: characters; list: items */
    int item;                 /* list item: characters */
    const char *const *en;    /* enum values, NULL-terminated */
    long long lo, hi;         /* integer bounds */
    unsigned refk;            /* kinds a reference may name: bits 1u << model_kind */
} model_fdef;

/* The fields of kind k, in canonical order; *n is set to their number. */
const model_fdef *model_schema(model_kind k, size_t *n);
/* The field named `name` (top level), or NULL. */
const model_fdef *model_schema_field(model_kind k, const char *name);

/* Shared value checks: 1 when valid. */
int model_valid_id(const char *s);
int model_valid_date(const char *s);

/* Builds the canonical record from a JSON object whose kind is already known
 * (model.c). Used by model_from_csv after converting cells. */
int model_build(model_kind k, const json_t *in, model_record *out, model_errors *errs);

/* The key of a canonical document (model.h, MODEL_KEY_MAX). */
void model_doc_key(model_kind k, const json_t *doc, char *out, size_t cap);

#endif
