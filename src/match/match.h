/* match/match.h — the in-memory matching index: ranked, explained
 * supply–demand matching and search over achievements, demands and people.
 *
 *   match_index *ix;
 *   match_index_new(&ix, &e);
 *   match_index_build(ix, store, &e);           // every achievement, demand, person
 *   ...on every write: match_index_put(ix, &rec, &e) / match_index_remove(ix, kind, key)
 *
 *   match_query *q;
 *   match_query_parse(ix, "射频 \"标签\" -光学 trl>=6 chain:集成电路", len, &q, &e);
 *   // or match_query_from_record(ix, &demand_record, &q, &e) for matching
 *   match_hits hits = {0};
 *   match_search(ix, q, MODEL_ACHIEVEMENT, 10, &hits, &e);
 *   for each hit: match_explain(ix, q, &stored_record, &hits.v[i], &ex, &e);
 *   match_hits_free(&hits); match_query_free(q); match_index_free(ix);
 *
 * What is indexed: achievements (title, keywords, summary), demands (title,
 * keywords, description), every person (name as title, keywords,
 * expertise): a typed query finds anyone by name or expertise, but a query
 * built from a record (matching) finds only people with the role expert,
 * scientist or tech_manager, or with no role but an expertise. Draft and
 * withdrawn achievements and draft and closed demands are not indexed, so
 * they never match; putting such a record removes an older indexed version.
 *
 * Ranking: BM25F over the three fields with float field weights, times
 * (1 + the sum of the structured factors: shared industry chains, TRL against
 * trl_min, overlap of transfer modes, same zone, freshness). Every weight is
 * in match/weights.c (match_weights), documented there and in docs/matching.md.
 *
 * The index keeps no record text (memory): explanations re-read the record
 * (from the store) and re-tokenise it, mapping each hit back to the author's
 * own characters through text_token.src_off/src_len.
 *
 * Ownership: the index owns everything it holds; records passed in are only
 * read during the call. Queries and hits are owned by the caller.
 *
 * Threads: text_init must have been called. An index is not locked: any
 * number of concurrent readers (search, explain) OR one writer (put, remove,
 * build); the caller serialises writers against readers (an rwlock).
 */
#ifndef QIAO_MATCH_MATCH_H
#define QIAO_MATCH_MATCH_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "model/model.h"

struct store;

typedef struct match_index match_index;
typedef struct match_query match_query;

/* Fields of the index (BM25F). */
enum { MATCH_F_TITLE, MATCH_F_KEYWORDS, MATCH_F_BODY, MATCH_NFIELDS };
/* Structured factors. */
enum { MATCH_X_CHAINS, MATCH_X_TRL, MATCH_X_MODES, MATCH_X_ZONE, MATCH_X_FRESH,
       MATCH_NFACTORS };

const char *match_field_name(int field);    /* "title", "keywords", "body" */
const char *match_factor_name(int factor);  /* "chains", "trl", ... */

int match_index_new(match_index **out, qiao_err *e);
void match_index_free(match_index *ix);

/* Indexes achievements, demands and persons of the store (store_scan).
 * Uses up to `threads` threads to tokenise (0 = 2). */
int match_index_build(match_index *ix, struct store *s, int threads, qiao_err *e);

/* Restarts without re-segmenting (match/persist.c). match_index_open fills
 * an empty index from the snapshot at `path` when it belongs to this store
 * and this analyser, re-indexing the records written since (store_changes);
 * otherwise (none, stale, damaged, or changes over a quarter of the index)
 * builds it from the store (match_index_build) and writes the snapshot.
 * Writing the snapshot is best effort: failing to write it is not an error.
 * path NULL: just build. The snapshot path for a SQLite store is
 * "<db file>.qix" (match_snapshot_path). */
int match_index_open(match_index *ix, struct store *s, const char *path, int threads,
                     qiao_err *e);
int match_index_save(const match_index *ix, const char *path, int64_t gen, const char *uid,
                     qiao_err *e);
/* QIAO_ENOTFOUND (index left empty) when missing, of another analyser or damaged. */
int match_index_load(match_index *ix, const char *path, int64_t *gen, char uid[33],
                     qiao_err *e);
/* "<file>.qix" for a store URL naming a file ("x.db", "sqlite:x.db"), into
 * out (size n); 0, or -1 when the URL names no file. */
int match_snapshot_path(const char *url, char *out, size_t n);

/* After many match_index_put calls (a bulk load without match_index_build):
 * recomputes the score bounds query evaluation prunes with at the current
 * average field lengths, using up to `threads` threads (0 = 2). Optional:
 * bounds stay correct without it, only looser. match_index_build does it. */
void match_index_finish(match_index *ix, int threads);

/* Adds or replaces a record (by kind and key). Records of kinds the index does
 * not hold, and records that must not match (draft, withdrawn, closed), are
 * removed if present and otherwise ignored; both return 0. */
int match_index_put(match_index *ix, const model_record *r, qiao_err *e);
/* The same in two steps (match/prepared.c): match_prepare analyses r (any
 * thread, no index needed: the costly part), match_index_put_prepared adds
 * it (the index's writer; r must be the record prepared). A record that
 * must not be indexed prepares to a removal. */
typedef struct match_prepared match_prepared;
int match_prepare(const model_record *r, match_prepared **out, qiao_err *e);
int match_index_put_prepared(match_index *ix, const model_record *r, const match_prepared *p,
                             qiao_err *e);
void match_prepared_free(match_prepared *p);    /* NULL: nothing */
/* Removes a record; 0 whether or not it was indexed. */
int match_index_remove(match_index *ix, model_kind kind, const char *key);
/* Drops the postings of replaced and removed records (which count in the
 * document frequencies until then) in every collection that has any, and
 * recomputes the bounds: the index then ranks exactly as a fresh build of
 * the same records. Returns the dead records dropped (0: nothing to do). */
size_t match_index_compact(match_index *ix);
/* The same in two steps, so that searches go on meanwhile: prepare builds
 * the compacted lists aside (a reader: under the read lock, with no writer
 * until commit; NULL when there is nothing to compact), commit puts them in
 * place (the writer: quick) and frees m, returning the dead records dropped.
 * match_compaction_free drops a prepared compaction instead. */
typedef struct match_compaction match_compaction;
match_compaction *match_compact_prepare(const match_index *ix);
size_t match_compact_commit(match_index *ix, match_compaction *m);
void match_compaction_free(match_compaction *m);
/* Number of live records of a kind in the index. */
size_t match_index_count(const match_index *ix, model_kind kind);
/* Bytes of memory the index holds (approximate, for benchmarks). */
size_t match_index_bytes(const match_index *ix);

/* Parses a search-box query: words, "quoted phrases", -exclusions
 * (-word or -"phrase") and filters chain:X, mode:M, zone:Z, org:O,
 * trl>=N (also >, <=, <, =, :). On a syntax error returns QIAO_EINVAL with a
 * message naming the byte position (e.g. "query: position 12: ..."). An
 * empty query (no terms and no filters) is QIAO_EINVAL too. */
int match_query_parse(match_index *ix, const char *s, size_t len,
                      match_query **out, qiao_err *e);
/* Builds the query for matching from a record: a demand looks for
 * achievements (or people), an achievement for demands; the structured
 * factors then compare the two records. Title terms weigh more than the
 * description; repeated sentences count once; terms frequent across the
 * query's own kind (boilerplate such as 需求内容) are down-weighted. */
int match_query_from_record(match_index *ix, const model_record *r,
                            match_query **out, qiao_err *e);
/* A pasted text as a transient record of `kind` (demand or achievement), so
 * that it is matched as match_query_from_record matches a stored one: the
 * first line is the title (when that line is longer than
 * MATCH_PASTE_TITLE_MAX characters, its first sentence, cut there if need
 * be), the rest the description (a demand) or summary (an achievement). The
 * record has no id (key ""), no org and no structured fields. Text of more
 * than MATCH_PASTE_MAX characters, or blank, is QIAO_EINVAL (an English
 * message; the web says it in Chinese). out: model_record_clear frees it. */
#define MATCH_PASTE_MAX 5000
#define MATCH_PASTE_TITLE_MAX 100
int match_record_from_text(model_kind kind, const char *text, model_record *out,
                           qiao_err *e);
void match_query_free(match_query *q);
/* A copy of q (its own memory: filter it, free it, apart from q). */
match_query *match_query_copy(const match_query *q);
/* The key of the record the query came from ("" for a typed query); the
 * record itself is never returned as its own match. */
const char *match_query_self(const match_query *q);

typedef struct match_hit {
    char key[MODEL_KEY_MAX];
    model_kind kind;
    float score;                 /* text * (1 + sum of factors) */
    float text;                  /* the BM25F part */
    float factor[MATCH_NFACTORS];/* each factor's value in [-1, 1] times its weight */
} match_hit;

typedef struct match_hits {
    match_hit *v;                /* owned, best first */
    size_t n, cap;
} match_hits;
void match_hits_free(match_hits *h);

/* For tests: evaluate over windows of 2^bits doc ids (6..16; 16 is the
 * default), so that a few hundred records cross window boundaries. Not for
 * use while queries run. */
void match_set_window(unsigned bits);
/* For tests: a query with a phrase held by at most n / (query terms)
 * records scores those records alone (default 20,000; 0: never). Returns
 * the setting it replaces. */
size_t match_set_few_probes(size_t n);
/* For tests: every query ranks by its n heaviest terms (0: the defaults,
 * 150 for a typed query and 300 for one built from a record). Returns the
 * setting it replaces (0 for the defaults). */
size_t match_set_max_query_terms(size_t n);
/* Ranks the records of kind `target` (MODEL_ACHIEVEMENT, MODEL_DEMAND or
 * MODEL_PERSON) for q; at most `top` hits, best first. Ties are broken by key. */
int match_search(match_index *ix, const match_query *q, model_kind target,
                 size_t top, match_hits *out, qiao_err *e);

/* The hits of the records of kind `target` named by keys[0..n) for q, with
 * the scores match_search gives them (the same formula and sums), in doc
 * order; keys not indexed (absent, draft, withdrawn, closed) and the query's
 * own record are left out. Costs a lookup per query term and record, not a
 * ranking of the collection: to confirm that a record would rank for q. */
int match_score_keys(match_index *ix, const match_query *q, model_kind target,
                     const char *const *keys, size_t n, match_hits *out, qiao_err *e);

/* ---- filters, facets and other orders (facets.c) ----
 * Lists and search pages narrow a query by facet values and count, for
 * every facet, how many of the query's hits hold each value — in the
 * engine, over every hit (not just a page):
 *
 *   match_filter f = { .chains = (const char *[]){"集成电路"}, .nchains = 1, .trl_min = 6 };
 *   match_query_filter(ix, q, &f, &e);          // AND with the query's own filters
 *   match_search(ix, q, MODEL_ACHIEVEMENT, 20, &hits, &e);   // best 20 that pass
 *   match_facets fc;
 *   match_facets_count(ix, q, MODEL_ACHIEVEMENT, &fc, &e);   // fc.total = every hit
 *
 * The hits of a query are the records match_search would return with an
 * unlimited `top`: with words, the live records holding a term of the
 * query that counts (weight above 0) and passing its filters, phrases and
 * exclusions; without words (match_query_all), every live record passing
 * the filters. */
typedef struct match_filter {
    const char *const *chains;   /* each of these chains (as chain:X) */
    size_t nchains;
    const char *zone;            /* NULL or "": any */
    const char *const *orgs;     /* with by_orgs: the record's org is one of these */
    size_t norgs;                /* (an org type's orgs; none at all: nothing passes) */
    int by_orgs;
    unsigned modes;              /* bit m (MATCH_MODE_*): shares one of these modes; 0 any */
    int trl_min, trl_max;        /* 1-9, 0 = open: achievement trl / demand trl_min */
} match_filter;
/* Transfer modes as bits of match_filter.modes and match_facets.modes, in
 * the schema's order. */
enum { MATCH_MODE_SELF, MATCH_MODE_ASSIGN, MATCH_MODE_LICENSE, MATCH_MODE_COOPERATE,
       MATCH_MODE_EQUITY, MATCH_MODE_OTHER, MATCH_NMODES };
/* MATCH_MODE_* of "self" ... "other", or -1. */
int match_mode_of(const char *s);
/* ANDs f into q (q's own filters stay). A value no record holds makes the
 * query match nothing. QIAO_EINVAL for more than 16 chains in all or a
 * TRL outside 1-9. */
int match_query_filter(match_index *ix, match_query *q, const match_filter *f, qiao_err *e);
/* A query without words: every live record, score 0, in key order (for
 * browsing; narrow it with match_query_filter). */
int match_query_all(match_query **out, qiao_err *e);

typedef struct match_count {
    char *value;                 /* owned; normalised (text_normalize) as the index keeps it */
    size_t n;
} match_count;
typedef struct match_facets {
    size_t total;                /* hits */
    size_t trl[10];              /* hits by TRL (demands: trl_min); [0] without */
    size_t modes[MATCH_NMODES];  /* hits offering each transfer mode */
    match_count *chains, *zones, *orgs;  /* owned; most hits first, then by value */
    size_t nchains, nzones, norgs;
    size_t no_zone, no_org;      /* hits without a zone, an org */
} match_facets;
int match_facets_count(match_index *ix, const match_query *q, model_kind target,
                       match_facets *out, qiao_err *e);
void match_facets_free(match_facets *f);
/* A list's facets in one pass over the hits (a list counts each chosen
 * facet without its own filter, so that each value's count is the total
 * choosing it instead would give): groups[0..ngroups) are filter-only
 * queries (match_query_all narrowed by match_query_filter); `all` gets the
 * facets of q with every group ANDed in (what match_facets_count gives for
 * q narrowed by each group's filter in turn), without[g] those of q with
 * every group but g: its total and the facets group g filters by (chains,
 * zones, orgs, modes, TRL; the others left empty), or every facet when g
 * filters by nothing or names a value no record holds. The caller frees
 * every match_facets. 1 (nothing
 * filled) when q and a group both filter by transfer mode, which
 * match_query_filter merges as either mode, not both: then count each with
 * match_facets_count. At most MATCH_FACET_GROUPS groups. */
#define MATCH_FACET_GROUPS 8
int match_facets_multi(match_index *ix, const match_query *q, model_kind target,
                       const match_query *const *groups, size_t ngroups, match_facets *all,
                       match_facets *without, qiao_err *e);

/* Orders other than the score: every hit of q sorted, then hits first ..
 * first + n - 1 into out (score fields 0), *total (may be NULL) all hits.
 * NEWEST: by published, newest first; DEADLINE: by a demand's deadline,
 * soonest first; records without the date last; ties by key. */
typedef enum match_order { MATCH_ORDER_NEWEST, MATCH_ORDER_DEADLINE } match_order;
int match_search_ordered(match_index *ix, const match_query *q, model_kind target,
                         match_order order, size_t first, size_t n, match_hits *out,
                         size_t *total, qiao_err *e);

/* One contributing piece of text, as the author wrote it. */
typedef struct match_term {
    char *text;                  /* owned; the original characters of the hit */
    int field;                   /* MATCH_F_* */
    float score;                 /* its part of hit->text */
} match_term;

typedef struct match_explanation {
    match_term *terms;           /* owned, largest score first */
    size_t nterms;
    float text_share;            /* hit->text / hit->score */
    float factor_share[MATCH_NFACTORS]; /* each factor's part of the score */
    char factor_detail[MATCH_NFACTORS][160]; /* "集成电路", "trl 5 < trl_min 6", ... */
    /* the same facts as values, for sentences in other languages: */
    int trl, trl_min;            /* the achievement's TRL and the demand's trl_min (0: none) */
    unsigned modes_shared;       /* bit m: model transfer mode m ("self" 0 ... "other" 5) */
} match_explanation;

/* Explains a hit of q: `doc` is the hit's record (re-read from the store by
 * the caller). */
int match_explain(match_index *ix, const match_query *q, const model_record *doc,
                  const match_hit *hit, match_explanation *out, qiao_err *e);
void match_explanation_free(match_explanation *x);

/* The terms worth showing a person, at most `max`, best first: distinct
 * texts of two or more characters; lone characters (的, 高) say little and
 * are picked only when no longer term matched; terms worth less than 5% of
 * the best one picked are left out. Fills idx with indices into
 * x->terms and returns how many. The scores of all terms still add up to
 * the text part of the score (x->terms is complete). */
size_t match_explanation_pick(const match_explanation *x, size_t max, size_t *idx);

/* The shared words of a match as a person reads them (words.c): whole
 * words — friso words of two or more characters and latin words, from
 * every field of both records — and keyword entries, that both records
 * hold (as a word, or the one's word or keyword entry inside the other's
 * text) and whose terms counted in the score (they lie in one of x's
 * runs), best first, at most `max`. Never a bigram fragment that straddles
 * two words, never a stopword or the data's boilerplate (示例数据: one list
 * in words.c, docs/matching.md), and no word inside a longer word picked.
 * qr: the query record's words (match_reasons_new, once per query), doc:
 * the hit's record, x: match_explain's explanation of the hit. */
typedef struct match_word {
    char *text;                  /* owned; as the author of the record holding it wrote it */
    char *norm;                  /* owned; normalised (text_normalize) */
    float score;                 /* its share of the runs it lies in */
} match_word;
typedef struct match_words { match_word *v; size_t n; } match_words;
typedef struct match_reasons match_reasons;
int match_reasons_new(const model_record *q, match_reasons **out, qiao_err *e);
/* Segmenting the hits' text is most of what reason words cost; a server
 * keeps the words of the clauses it segmented (wcache.c), so that a hit seen
 * before costs no segmentation. The cache is keyed by the text itself, so it
 * never needs invalidating; it is thread-safe and bounded (`slots` clauses
 * of at most 2 KB, 32 MB in all; slots 0: MATCH_WCACHE_SLOTS). match_reasons_cached is
 * match_reasons_new whose reason words (and the query record's own words)
 * use c (NULL: none); c must outlive qr. Words are the same with or without. */
#define MATCH_WCACHE_SLOTS 16384
typedef struct match_wcache match_wcache;
match_wcache *match_wcache_new(size_t slots);
void match_wcache_free(match_wcache *c);      /* NULL: nothing */
/* Lookups answered from the cache, lookups that segmented, bytes held (any may be NULL). */
void match_wcache_stats(match_wcache *c, size_t *hits, size_t *misses, size_t *bytes);
int match_reasons_cached(const model_record *q, match_wcache *c, match_reasons **out,
                         qiao_err *e);
void match_reasons_free(match_reasons *qr);      /* NULL: nothing */
int match_reason_words(const match_reasons *qr, const model_record *doc,
                       const match_explanation *x, size_t max, match_words *out, qiao_err *e);
void match_words_free(match_words *w);
/* 1 when a normalised word is a stopword or boilerplate (never a reason). */
int match_is_stopword(const char *norm);

/* Appends the explanation as a JSON object (no trailing newline):
 * {"terms":[{"text":..,"field":..,"score":..}],"text_share":..,
 *  "factors":[{"name":..,"share":..,"detail":..}]} */
void match_explanation_json(const match_explanation *x, buf *out);

/* The match level (level.c): how much of what the query's record holds a
 * hit holds, on a scale a person can read and that means the same on
 * every page. self is the text score the query's own record would get as
 * a record of `target`, times the largest multiplier the factors that
 * apply between the two kinds can give (match_self_score); the level is
 * round(100 * hit score / self), at most 100. Within one query the level
 * follows the ranking (self is one number per query); across queries it
 * is a share of each record's own best, so 80 means much the same for a
 * short demand and a long one. Adding records that share no terms with
 * the pair moves it only through idf and average lengths
 * (docs/matching.md "Match level" gives the measured drift). */
enum { MATCH_LEVEL_HIGH = 45, MATCH_LEVEL_MID = 25 };
int match_self_score(match_index *ix, const match_query *q, const model_record *r,
                     model_kind target, float *out, qiao_err *e);
/* 0..100; 0 when self or score is not positive. */
int match_level(float score, float self);
/* "高" (level >= MATCH_LEVEL_HIGH), "中" (>= MATCH_LEVEL_MID) or "低". */
const char *match_level_label(int level);

/* Output of ranked hits for the command line and the API. */
typedef enum match_format { MATCH_FMT_TEXT, MATCH_FMT_JSON, MATCH_FMT_TREC } match_format;
/* Parses "text", "json" or "trec"; -1 otherwise. */
int match_format_parse(const char *s);
/* Appends hits in the format: trec lines `qid Q0 id rank score qiao`; text
 * (rank, id, score, title, the contributing terms and factors); json (one
 * object {"query":qid,"hits":[{rank,id,kind,title,score,explanation}]} and a
 * newline). For text and json each hit's record is read from the store
 * to explain it (so keep `top` small there). */
int match_report(match_index *ix, const match_query *q, const match_hits *h,
                 struct store *s, match_format fmt, const char *qid, buf *out,
                 qiao_err *e);

/* Top `top` records of kind `target` for every live record of kind `src` in
 * the store, as TREC lines (the record's id as the query id), in store
 * order, on `threads` threads (0 = 2): the same lines as one match_search +
 * match_report(MATCH_FMT_TREC) per record. *nrec (may be NULL): records
 * matched. Reads the store before searching; the index is only read. */
int match_batch(match_index *ix, struct store *s, model_kind src, model_kind target,
                size_t top, int threads, FILE *out, size_t *nrec, qiao_err *e);

#endif
