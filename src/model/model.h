/* model/model.h — the records of docs DATA.md and the one place that knows
 * what a valid record is.
 *
 * A record is held as a jansson object in canonical form: only the fields of
 * its kind, in the order DATA.md lists them, values exactly as given (text is
 * never normalised or trimmed here: normalisation for matching lives in
 * text/). Canonical form makes export → import → export byte-identical.
 *
 *   model_record r;
 *   model_errors errs = {0};
 *   if (model_from_json(json, &r, &errs) < 0) { print errs; }
 *   ... r.doc is owned by r; model_record_clear(&r) releases it.
 *
 * Thread-safety: every function is reentrant; nothing here holds global state.
 */
#ifndef QIAO_MODEL_MODEL_H
#define QIAO_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

typedef enum model_kind {
    MODEL_ORG,
    MODEL_PERSON,
    MODEL_ACHIEVEMENT,
    MODEL_DEMAND,
    MODEL_EVENT,
    MODEL_REGISTRATION,
    MODEL_MEETING_REQUEST,
    MODEL_PROJECT,
    MODEL_KIND_COUNT
} model_kind;

/* "org", "person", ... as in DATA.md's `kind`; NULL for an out-of-range kind. */
const char *model_kind_name(model_kind k);
/* Returns 0 and sets *k, or -1 for an unknown name. */
int model_kind_parse(const char *name, model_kind *k);

/* The key every record is stored under: its `id`; for a registration
 * "EVENT/WHO"; for a meeting_request without id "EVENT/FROM/TO". */
#define MODEL_KEY_MAX 200

typedef struct model_record {
    model_kind kind;
    char key[MODEL_KEY_MAX];
    json_t *doc;          /* owned; canonical object including "kind" */
} model_record;

void model_record_clear(model_record *r);   /* decref doc, zero the struct */

/* One validation failure: the field (JSON path such as "trl", "ip.status",
 * "owners[2]") and a reason a person can act on, which names the record
 * ("achievement uestc-ic-01: trl must be an integer from 1 to 9, got 10"). */
typedef struct model_error {
    char field[64];
    char reason[512];
    /* The rule that failed, as the message catalogue (messages.c) names it:
     * "required", "too_long", "enum", "integer", "amount_range", "date", ...
     * ("invalid" for errors added with model_errors_add), and the rule's
     * Chinese message naming the field by its label and saying what to do
     * ("请填写成果名称"; empty for model_errors_add: show `reason`). */
    char code[24];
    char msg[256];
} model_error;

typedef struct model_errors {
    model_error *v;      /* owned; model_errors_clear releases */
    size_t n, cap;
} model_errors;

void model_errors_clear(model_errors *e);
/* Appends an error (used by the parsers that feed the model, too). */
void model_errors_add(model_errors *errs, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Appends an error with its catalogue rule: msg is made by model_message
 * (kind k, field, code, arg); fmt is the English reason. */
void model_errors_addc(model_errors *errs, model_kind k, const char *field, const char *code,
                       const char *arg, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* What a person reads about an error: its msg, or its reason without one. */
const char *model_error_text(const model_error *e);

/* ---- Messages (messages.c: the one catalogue) ----
 * model_message: the Chinese message of rule `code` about `field` of kind k
 * ("required" on achievement title: "请填写成果名称"; `arg` fills the rule's
 * argument, e.g. the limit of "too_long"). Writes at most cap bytes; returns
 * 0, or -1 for a code the catalogue does not have (a generic message then).
 * model_field_label: "成果名称" for achievement "title" ("keywords[2]" and
 * "ip.status" too); "这一项" when none.
 * model_value_label: "许可" for "license", "高校" for org type "university"
 * (field names the enum; NULL or "" for any); the value itself when none.
 * model_trl_label: "5 级：相关环境验证"; "" outside 1–9.
 * model_kind_label: "科技成果" for MODEL_ACHIEVEMENT, "单位" for MODEL_ORG. */
int model_message(model_kind k, const char *field, const char *code, const char *arg,
                  char *out, size_t cap);
const char *model_field_label(model_kind k, const char *field);
const char *model_value_label(model_kind k, const char *field, const char *value);
const char *model_trl_label(int trl);
const char *model_kind_label(model_kind k);

/* What a form needs to know of a top-level field of kind k: 0 and *fi
 * filled, or -1 when k has no such field. `en`: the values of an enum or
 * enum list (NULL-terminated); `max`: characters of a text, items of a
 * list; `amount`: money in yuan (model/input.h); `trl`: a TRL level 1–9. */
typedef struct model_field_info {
    const char *const *en;
    int max;
    long long lo, hi;
    bool required, list, enumlist, integer, amount, date, trl;
} model_field_info;
int model_field_info_of(model_kind k, const char *field, model_field_info *fi);
/* The status a record of kind k has without one (DATA.md): "published" for
 * an achievement, "open" for a demand; NULL for kinds without a status. */
const char *model_status_default(model_kind k);

/* Values as people write them (amounts, dates, lists): model/input.h.
 * Plausibility of a record a person creates (not of imported history): a
 * deadline of a new demand not in the past (rule "date_past"). `now` is the
 * clock. Returns 0, or QIAO_EINVAL with errs filled. */
int model_check_new(const model_record *r, long long now, model_errors *errs);

/* Validates `in` (an object with "kind") against DATA.md and builds the
 * canonical record. Every failing field is reported, not only the first.
 * Unknown fields are errors (nothing is silently dropped).
 * Returns 0, or QIAO_EINVAL with errs filled. Does not check references. */
int model_from_json(const json_t *in, model_record *out, model_errors *errs);

/* The same for a record whose kind comes from elsewhere (CSV --kind, an API
 * route); a "kind" field in `in`, if present, must agree. */
int model_from_json_kind(model_kind kind, const json_t *in, model_record *out,
                         model_errors *errs);

/* A reference from one record to another. `kinds` is a bit set of
 * (1u << model_kind) the target may be (registration.who: person or org). */
typedef struct model_ref {
    const char *field;   /* "org", "owners[1]" — valid during the callback only */
    const char *id;      /* the target id — valid while the record lives */
    unsigned kinds;
} model_ref;

/* Calls fn for each reference in r; stops and returns fn's value when it is
 * non-zero, otherwise returns 0. */
int model_each_ref(const model_record *r,
                   int (*fn)(const model_ref *ref, void *ud), void *ud);

/* "achievement uestc-ic-01", "registration ev-1/p-2": the record as error
 * messages name it. Writes at most cap bytes (NUL included). */
void model_record_label(const model_record *r, char *out, size_t cap);

/* Serialises the canonical record as one compact JSON line (no newline),
 * keys in canonical order, non-ASCII unescaped. Caller frees. */
char *model_to_jsonl(const model_record *r);

/* Strict JSON (RFC 8259) to a jansson value: the whole of s[0..len) is one
 * value; strings must be valid UTF-8 (checked by the caller: this reader
 * does not check it again) without \u0000; object keys are unique; nesting
 * at most 32 deep. NULL with a reason and byte offset in err on failure. */
json_t *model_json_parse(const char *s, size_t len, char *err, size_t errcap);
/* Appends v as compact JSON (keys in object order, non-ASCII as is). */
void model_json_dump(const json_t *v, buf *out);
/* A JSON string of s[0..n) as model_json_dump writes strings. */
void model_json_put_string(buf *out, const char *s, size_t n);

/* Rebuilds a record from a canonical line written by model_to_jsonl (what a
 * store holds). The line is trusted: it is parsed and keyed, not validated
 * again. Returns 0, or QIAO_EINVAL when it is not a canonical record. */
int model_from_canonical(const char *line, size_t len, model_record *out, qiao_err *e);

/* ---- CSV ----
 * The columns of a kind are its fields in canonical order, except that the
 * nested ip object is two columns "ip.status" and "ip.patents". A cell holds
 * text as is; a list is its items joined by ';' (an item may not contain
 * ';'); an integer in decimal; a boolean true or false; milestones the JSON
 * array itself. An empty cell means the field is absent. A "kind" column is
 * accepted on import and must agree with the kind given.
 *
 * model_csv_columns: the columns in canonical order, NULL-terminated. */
const char *const *model_csv_columns(model_kind k);

/* 0 when `name` is a column of kind k (or "kind"), else QIAO_EINVAL with a
 * reason naming the valid columns in e. */
int model_csv_column_check(model_kind k, const char *name, qiao_err *e);

/* Converts one CSV row (ncols cells named by `cols`; cells[i] is lens[i]
 * bytes of UTF-8, not NUL-terminated) into a validated record. Returns 0, or
 * QIAO_EINVAL with every failing field in errs. */
int model_from_csv(model_kind k, const char *const *cols, const char *const *cells,
                   const size_t *lens, size_t ncols, model_record *out,
                   model_errors *errs);

/* Writes the cell of column `col` for record r into out (appending, without
 * CSV quoting); nothing for an absent field. */
void model_csv_cell(const model_record *r, const char *col, buf *out);

/* ---- Visibility: the one rule (docs/web.md, "Who sees what") ----
 * An achievement is draft, published (the default) or withdrawn; a demand
 * draft, open (the default) or closed. Every other kind has no status.
 *   public:     anyone may see the record. Drafts are never public (only
 *               those who may edit them, and staff, see them); withdrawn
 *               achievements and closed demands stay public, so that links
 *               from projects, events and the history still lead somewhere.
 *   matchable:  the record takes part in matching and search by default: it
 *               is public and not withdrawn or closed. Only matchable records
 *               appear in other records' match lists, suggestions and the
 *               search index; a withdrawn or closed record has no matches.
 * model_status_* decide from a kind and a status value (NULL or "" = the
 * default); model_is_* from a record. */
bool model_status_public(model_kind k, const char *status);
bool model_status_matchable(model_kind k, const char *status);
bool model_is_public(const model_record *r);
bool model_is_matchable(const model_record *r);

/* Text a field holds for matching: concatenation helpers used by the index.
 * Returns the string value of the top-level field `field` in r, or "" (never
 * NULL) when absent or not a string. */
const char *model_str(const model_record *r, const char *field);

/* The integer value of a top-level field, or `dflt` when absent. */
long long model_int(const model_record *r, const char *field, long long dflt);


/* ---- 统一社会信用代码 (unified social credit code, GB 32100-2015;
 * model/credit_code.c) ----
 * 18 characters of 0-9 and A-Z without I, O, Z, S, V; characters 3-8 (the
 * administrative division) digits; the 18th a check character over the
 * other 17. An org's `credit_code` field holds one in this canonical form
 * (capital letters); model_from_json refuses any other. */
#define MODEL_CREDIT_CODE_LEN 18

typedef enum model_cc_status {
    MODEL_CC_OK,
    MODEL_CC_EMPTY,       /* nothing given */
    MODEL_CC_LENGTH,      /* not 18 characters */
    MODEL_CC_CHAR,        /* a character outside the alphabet (at *pos, from 1) */
    MODEL_CC_DIVISION,    /* a letter among characters 3-8 (at *pos) */
    MODEL_CC_CHECK,       /* the 18th character is not the check character */
} model_cc_status;

/* Checks a code in canonical form (lower case is refused: MODEL_CC_CHAR).
 * pos (may be NULL): the 1-based position at fault, 0 when none. */
model_cc_status model_credit_code_check(const char *s, size_t *pos);
/* What people type: surrounding blanks removed and lower case letters made
 * capitals, then checked. On MODEL_CC_OK out holds the canonical code, else
 * out is "". */
model_cc_status model_credit_code_normalize(const char *in, char out[MODEL_CREDIT_CODE_LEN + 1],
                                            size_t *pos);
/* The check character for the first 17 characters (which must be of the
 * alphabet), or 0 when one is not. */
char model_credit_code_check_char(const char *first17);
/* The rule broken, as an English phrase for messages ("must be 18 characters"). */
const char *model_credit_code_reason(model_cc_status st);

#endif
