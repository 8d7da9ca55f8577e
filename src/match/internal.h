/* match/internal.h — structures shared by the files of the match module.
 * Not part of the contract: only src/match/ files include it. */
#ifndef QIAO_MATCH_INTERNAL_H
#define QIAO_MATCH_INTERNAL_H

#include <stdint.h>

#include "match/match.h"
#include "text/text.h"

/* ---- weights (weights.c): every tunable number of the ranking ---- */
typedef struct match_weights {
    float k1;                          /* BM25 saturation */
    float b[MATCH_NFIELDS];            /* length normalisation per field */
    float field[MATCH_NFIELDS];        /* document field weights (BM25F) */
    float qfield[MATCH_NFIELDS];       /* weight of a query record's field */
    float kind[6];                     /* by text_tok_kind; [0] unused */
    int min_word_chars;                /* friso words shorter than this are left to bigrams */
    float factor[MATCH_NFACTORS];      /* structured factor weights */
    float trl_gap;                     /* TRL levels below trl_min that cost the whole factor */
    float modes_miss;                  /* factor value when no transfer mode is shared */
    float fresh_days;                  /* age at which freshness reaches 0 */
    float min_multiplier;              /* floor of 1 + sum of factors */
    float lead_chars;                  /* body of a query record: weight L/(L + position) */
    int body_words;                    /* friso words in bodies too (else titles, keywords) */
    int keyword_chars;                 /* a typed query of at most this many characters is a
                                          keyword query: see uni_covered */
    float uni_covered;                 /* keyword queries: weight (times kind) of a single
                                          character a bigram of the query already covers */
    /* query evaluation (search.c, rescore.c), not ranking: */
    float dense_df;                    /* a term held by more than this share of the
                                          records is left out of the first phase */
    float cand_min, cand_per_top;      /* first-phase candidates: max(cand_min, cand_per_top * top) */
    float random_access_df;            /* a term held by this share of the records or more
                                          gets random access (dense.c); <= dense_df, so that
                                          the second phase finds every left-out term there */
    float dense_postings;              /* two phases only when the left-out terms' postings
                                          add up to this many times the records */
    float seed_postings;               /* a first threshold reads at most this many postings */
    float seed_exact_per_top;          /* ... and scores this many times k records whole */
    float probe_cost;                  /* a probe's cost in postings read (search.c: when a
                                          non-essential list is read whole instead) */
    float dense_probe_cost;            /* the same for a list with random access */
    float max_query_terms;             /* a typed query ranks by its this many heaviest terms */
    float max_record_terms;            /* ... and a query built from a record by this many */
} match_weights;
#ifdef MX_TUNE
extern match_weights match_w;          /* development builds: MQ_* variables (weights.c) */
#else
extern const match_weights match_w;
#endif

/* ---- string dictionary: string -> dense id (dict.c) ---- */
typedef struct mx_dict {
    uint32_t *slot;        /* open addressing; 0 = empty, else id + 1 */
    size_t nslot;          /* power of two */
    uint32_t *old;         /* while growing: the previous table, whose ids */
    size_t nold;           /* from `moved` to `nmove` are not yet in slot */
    uint32_t moved, nmove;
    uint32_t *off;         /* id -> offset in chars */
    uint32_t n, cap;
    char *chars;           /* NUL-terminated strings */
    size_t clen, ccap;
} mx_dict;
void mx_dict_free(mx_dict *d);
/* Builds d's hash table for its n strings (after they were read back). */
void mx_dict_index(mx_dict *d);
/* Returns the id of s, adding it when `add`; UINT32_MAX when absent. */
uint32_t mx_dict_id(mx_dict *d, const char *s, size_t len, int add);
uint32_t mx_dict_find(const mx_dict *d, const char *s, size_t len);
static inline const char *mx_dict_str(const mx_dict *d, uint32_t id)
{
    return d->chars + d->off[id];
}
uint64_t mx_hash(const char *s, size_t len);

/* ---- the index ---- */
/* Capacity for n items of an array that will grow by appends: a little
 * room, so that the first writes after a build or a snapshot load do not
 * each copy the big posting lists (write-to-visible latency), at 1/16 more
 * memory. */
static inline size_t mx_slack(size_t n)
{
    return n + n / 16 + 16;
}

typedef int64_t mx_fx;             /* a fixed-point text score (mx_fx_of, below) */
#define MX_NONE UINT32_MAX
#define MX_NODAY INT32_MIN

/* Skip and bound data of MX_BLOCK consecutive postings of a list. 64: a
 * probe decodes half a block on average, and at 10^6 records keyword
 * queries were 8 % faster at p99 than with 128 (32 was slower again), for
 * 0.125 byte a posting (docs/matching.md). -DMX_BLOCK=N for experiments;
 * a snapshot made with another size is rebuilt (persist.c). */
#ifndef MX_BLOCK
#define MX_BLOCK 64
#endif
typedef struct mx_block {
    uint32_t off;                  /* byte offset of the block's first posting */
    uint32_t base;                 /* doc id the first posting's delta starts from */
    uint32_t last;                 /* doc id of the block's last posting */
    float maxtfn;                  /* largest tfn in the block at the collection's refavg */
} mx_block;

/* Random access into a common term's postings (dense.c). */
typedef struct mx_dense {
    uint64_t *w;                   /* 2 bits a doc: 0 absent, 1 body once, 2 title once,
                                      3 counts in side */
    uint32_t *dir;                 /* per 256 docs: side entries of the docs before */
    uint8_t (*side)[MATCH_NFIELDS];
    uint32_t cap, nside, capside, dirfill;
} mx_dense;
#define MX_DENSE_MIN 256           /* arrays in a collection of at least this many records */

typedef struct mx_plist {          /* postings of one term in one collection */
    uint8_t *p;                    /* varint((doc - last) << 2 | c), c as in index.c */
    mx_block *blk;                 /* one per MX_BLOCK postings */
    uint32_t len, cap;
    uint32_t last;                 /* last doc id appended + 1 (0 = none) */
    uint32_t df;                   /* postings held (dead docs included until compaction) */
    uint32_t nblk;
    float maxtfn;                  /* largest tfn of the list at refavg */
    mx_dense *dense;               /* for a common term (dense.c), else NULL */
} mx_plist;

/* Adds doc (ascending over calls) holding the counts tf. */
void mx_dense_put(mx_dense *d, uint32_t doc, const uint8_t tf[MATCH_NFIELDS]);
/* 1 when doc holds the term (tf: its counts), else 0. */
int mx_dense_get(const mx_dense *d, uint32_t doc, float tf[MATCH_NFIELDS]);
void mx_dense_free(mx_dense *d);
/* The states of docs[0..n-1] (ascending) in one pass: st[j] 0 absent, 1
 * once in the body, 2 once in the title, else 3 + the index of its counts
 * in side. The lookups of many docs overlap in memory (prefetched ahead),
 * and the side entries are prefetched for the caller to read next
 * (mx_dense_tf) — one doc at a time, each waited for two cache misses. */
void mx_dense_states(const mx_dense *d, const uint32_t *docs, size_t n, uint32_t *st);
static inline void mx_dense_tf(const mx_dense *d, uint32_t st, float tf[MATCH_NFIELDS])
{
    tf[0] = tf[1] = tf[2] = 0;
    if (st == 1)
        tf[MATCH_F_BODY] = 1;
    else if (st == 2)
        tf[MATCH_F_TITLE] = 1;
    else
        for (int f = 0; f < MATCH_NFIELDS; f++)
            tf[f] = d->side[st - 3][f];
}

mx_dense *mx_dense_new(uint32_t ndocs);
/* Gives back the growth room of the counts beside (after a bulk fill). */
void mx_dense_trim(mx_dense *d);
size_t mx_dense_bytes(const mx_dense *d);
/* Gives the terms from..to-1 of c held by random_access_df of its records their
 * arrays (and drops the others'), from the posting lists. */
struct mx_coll;
void mx_dense_rebuild_range(struct mx_coll *c, uint32_t from, uint32_t to);
/* mx_dense_rebuild_range over every term of c, on `threads` threads. */
void mx_dense_rebuild(struct mx_coll *c, int threads);
/* Whether p (a list of c) should have random access. */
int mx_dense_wanted(const struct mx_coll *c, const mx_plist *p);

/* One past the last byte of a list's postings; a list that never got a
 * posting has p == NULL, and NULL + 0 is undefined behaviour in C. */
static inline const uint8_t *mx_plist_end(const mx_plist *p)
{
    return p->len ? p->p + p->len : p->p;
}

typedef struct mx_doc {
    uint32_t key;                  /* offset in coll.keys */
    uint32_t len[MATCH_NFIELDS];   /* tokens per field */
    uint32_t zone, org;            /* ids in ix->names or MX_NONE */
    uint32_t chains;               /* offset in coll.chainv */
    int32_t day;                   /* published, days since 1970-01-01, or MX_NODAY */
    uint8_t nchains, trl, modes, live; /* trl: achievement trl or demand trl_min, 0 = none */
    int32_t deadline;              /* a demand's deadline (days), or MX_NODAY (facets.c) */
    uint8_t findonly;              /* a person found by search but never offered as a
                                      match (mx_record_matchable 0) */
} mx_doc;

/* A record's structured fields, hot for facet counts and filters
 * (facets.c): 16 bytes a doc read in one stream, instead of the 44-byte
 * doc (mx_hot_set keeps them). */
typedef struct mx_fhot {
    uint32_t zone, org, chains;    /* as in mx_doc */
    uint8_t trl, modes, nchains, findonly;
} mx_fhot;

/* The docs holding one facet value, ascending (fvals.c); a value held by a
 * 32nd of the docs or more also as a bitmap of nbw words (bits). */
typedef struct mx_dlist { uint32_t *v; uint32_t n, cap, nbw; uint64_t *bits; } mx_dlist;
/* A collection's docs by facet value, for filters as bitmaps (fvals.c):
 * chains, zones and orgs by name id (arrays of nchain, nzone, norg lists),
 * TRL 0-9, transfer modes. Docs are appended as they are added; a removed
 * doc stays listed (dead in livebit) until the next compaction. */
typedef struct mx_fvals {
    mx_dlist *chain, *zone, *org;
    uint32_t nchain, nzone, norg;
    mx_dlist trl[10], mode[MATCH_NMODES];
    int dupchains;                 /* a doc names a chain twice (listed once) */
} mx_fvals;

typedef struct mx_coll {
    mx_doc *docs;
    uint32_t ndocs, cap, nlive, ndead;
    mx_plist *pl;                  /* indexed by term id */
    uint32_t npl;
    double lensum[MATCH_NFIELDS];  /* over live docs */
    double refavg[MATCH_NFIELDS];  /* average lengths the maxtfn bounds were computed with;
                                      a bound times max(1, avg/refavg) stays an upper bound */
    mx_dict keys;                  /* key -> slot id; slot -> doc in keydoc */
    uint32_t *keydoc;              /* key id -> doc id or MX_NONE */
    uint32_t *chainv;
    size_t nchainv, capchainv;
    /* Hot copies of docs[].len and docs[].live (mx_hot_set): scoring a
     * posting reads its doc's length in one field from an array of 2 bytes
     * a doc (2 MB at 10^6 records), and liveness from a bitmap, instead of
     * the 40-byte doc: at 10^6 records the doc array does not stay in cache,
     * and its misses were most of a query's time (docs/matching.md). */
    uint16_t *flen[MATCH_NFIELDS];
    uint64_t *livebit;
    mx_fhot *fhot;
    uint32_t caphot;
    uint32_t maxflen[MATCH_NFIELDS];   /* longest field length seen (never lowered) */
    mx_fvals fv;                   /* docs by facet value (fvals.c) */
} mx_coll;

enum { MX_ACH, MX_DEM, MX_PER, MX_NCOLL };

/* Field lengths are counted up to this many tokens (the hot copies are 16-bit). */
#define MX_LEN_MAX 65535u

/* Copies docs[doc].len and .live into the hot arrays (growing them to c->cap). */
void mx_hot_set(mx_coll *c, uint32_t doc);
/* The hot arrays from the doc array (after a snapshot load). */
void mx_hot_rebuild(mx_coll *c);
static inline int mx_live(const mx_coll *c, uint32_t doc)
{
    return (int)(c->livebit[doc >> 6] >> (doc & 63)) & 1;
}

struct match_index {
    mx_dict terms;                 /* prefixed normalised terms: 'b' bigram, 'u' unigram, ... */
    mx_dict names;                 /* normalised chain, zone, org values */
    mx_coll coll[MX_NCOLL];
};

int mx_coll_of(model_kind k);      /* MX_* or -1 */

/* ---- analysis (analyze.c) ---- */
typedef struct mx_tok {
    const char *term;              /* prefixed term, NUL-terminated, valid until the next call */
    size_t len;
    int kind;                      /* text_tok_kind */
    uint32_t src_off, src_len;     /* in the analysed field's original text */
    uint32_t pos;                  /* its first character's position in the normalised text */
} mx_tok;
typedef int (*mx_tok_fn)(const mx_tok *t, void *ud);
/* Tokenises s and calls fn for each index term (words of min_word_chars or
 * more, bigrams, unigrams of every Han character, latin words, numbers). */
int mx_analyze(const char *s, size_t len, int words, text_tokens *tt, buf *scratch,
               mx_tok_fn fn, void *ud, qiao_err *e);
/* Whether field f is segmented into words (body_words). */
static inline int mx_field_words(int f)
{
    return f != MATCH_F_BODY || match_w.body_words;
}

/* ---- the whole words of a clause (wcache.c), for the reason words ---- */
typedef struct mx_cword {
    uint32_t term, len;            /* the normalised word: terms + term, len bytes */
    uint32_t src_off, src_len;     /* its span of the clause as written */
} mx_cword;
typedef struct mx_cwords {
    mx_cword *v;
    size_t n, cap;
    char *terms;                   /* each term NUL-terminated */
    size_t tlen, tcap;
} mx_cwords;
/* The friso words and latin words text_tokenize gives for s (len bytes),
 * in its order, into out (emptied first; its memory is reused): from c when
 * c holds s, else tokenised (tt: scratch) and kept in c. c NULL: always
 * tokenised. */
int mx_clause_words(match_wcache *c, const char *s, size_t len, text_tokens *tt,
                    mx_cwords *out, qiao_err *e);
void mx_cwords_free(mx_cwords *w);

/* The indexed text of a record: field texts (owned by r or by the returned
 * buffers) and metadata. */
typedef struct mx_fields {
    const char *text[MATCH_NFIELDS];
    size_t len[MATCH_NFIELDS];
    buf kw;                        /* keywords joined by '；' */
} mx_fields;
void mx_fields_of(const model_record *r, mx_fields *f);
void mx_fields_free(mx_fields *f);
/* Whether the record should be findable (status; every person, by name
 * and expertise). */
int mx_record_live(const model_record *r);
/* Whether a findable record may be offered as a match of another record:
 * people only with the role expert, scientist or tech_manager, or with no
 * role but an expertise or keywords. */
int mx_record_matchable(const model_record *r);

typedef struct mx_meta {
    uint32_t zone, org;
    uint32_t chain[16];
    uint8_t nchains, trl, modes;
    int32_t day, deadline;
} mx_meta;
/* Fills m from r; names are looked up (added when `add`). */
void mx_meta_of(match_index *ix, const model_record *r, mx_meta *m, int add);
int mx_mode_bit(const char *s, size_t len);  /* bit of a transfer mode or -1 */
uint32_t mx_name_id(match_index *ix, const char *s, size_t len, int add);

/* Whether doc passes q's filters (chains, modes, zone, org, org set, TRL),
 * read from its hot fields (c->fhot). */
int mx_passes(const match_query *q, const mx_coll *c, uint32_t doc);
/* fvals.c: lists doc (its hot fields, set) under its values; every live doc
 * afresh (after a snapshot load or a compaction); frees; bytes held. */
void mx_fvals_add(mx_coll *c, uint32_t doc);
void mx_fvals_rebuild(mx_coll *c);
void mx_fvals_free(mx_coll *c);
size_t mx_fvals_bytes(const mx_coll *c);
/* The docs passing q's filters (chains, modes, zone, org, org set, TRL: as
 * mx_passes, liveness aside) into out, a bitmap of `words` words (tmp:
 * scratch of the same size), and 1; 0 (out untouched) when q has no
 * filter. */
int mx_filter_bits(const match_query *q, const mx_coll *c, uint64_t *out, uint64_t *tmp,
                   size_t words);
/* How many docs of l are set in bitmap x (`words` words). */
/* Bits set in a & b over n words (b NULL: in a), popcount chosen at run time. */
size_t mx_and_count(const uint64_t *a, const uint64_t *b, size_t n);
size_t mx_dlist_count(const mx_dlist *l, const uint64_t *x, size_t words);
/* The indexes of x's words that are not zero into nz (room for `words`);
 * their number. */
size_t mx_nonzero(const uint64_t *x, size_t words, uint32_t *nz);
/* mx_dlist_count over the words nz[0..nnz) of x alone (x zero elsewhere). */
size_t mx_dlist_count_nz(const mx_dlist *l, const uint64_t *x, const uint32_t *nz,
                         size_t nnz);
/* What counting each of a[0..n) over such a bitmap costs, in doc reads. */
size_t mx_dlist_cost(const mx_dlist *a, uint32_t n, size_t words);
/* A bitmap x of `words` words with pop bits, and (a sparse one; else NULL)
 * the nnz indexes of its words that are not zero (mx_nonzero). */
typedef struct mx_span { const uint64_t *x; size_t words, pop; const uint32_t *nz; size_t nnz; } mx_span;
/* Counts of one facet's values over the docs of x by the values' doc lists
 * a[0..na) into n[0..nn), when that costs less than reading each doc
 * (mx_dlist_cost); their sum, or SIZE_MAX (nothing counted) when it does not. */
size_t mx_dlist_counts(const mx_dlist *a, uint32_t na, size_t nn, const mx_span *x,
                       uint32_t *n);
/* The docs holding every term of q's group g, as a bitmap of `words` words
 * (tmp: scratch of the same size). */
void mx_group_bits(const match_query *q, size_t g, const mx_coll *c, uint64_t *out,
                   uint64_t *tmp, size_t words);

/* ---- queries ---- */
typedef struct mx_qterm { uint32_t term; float w; } mx_qterm;

struct match_query {
    mx_qterm *t;                   /* sorted by term, unique */
    size_t nt, capt;
    uint32_t *gterm;               /* group terms: phrases (all required) and exclusions */
    uint32_t *gstart;              /* group g is gterm[gstart[g] .. gstart[g+1]) */
    uint8_t *gneg;                 /* 1 = exclusion */
    size_t ng, ngterm, capg, capgt;
    /* filters */
    uint32_t fchain[16]; uint8_t nfchain;
    uint8_t fmodes;                /* doc must share one of these modes */
    uint32_t fzone, forg;          /* MX_NONE = no filter */
    uint8_t trl_lo, trl_hi;        /* 0..9; lo 0 hi 9 when absent */
    uint32_t *forgs;               /* owned, sorted: the doc's org must be one of these */
    uint32_t nforgs;               /* (match_query_filter: orgs of a type); */
    int has_forgs;                 /* has_forgs 0: no such filter */
    int impossible;                /* a filter names a value no record has */
    int has_text;                  /* words to rank by (else filters alone select) */
    /* matching from a record */
    int has_meta;
    model_kind self_kind;
    char self[MODEL_KEY_MAX];
    mx_meta meta;
};

void mx_query_add(match_query *q, uint32_t term, float w);
/* When q has more terms than max_query_terms (a typed query) or
 * max_record_terms (one built from a record; match_set_max_query_terms):
 * its heaviest ones in collection ci — weight times idf there, ties by term
 * id — into out (a copy of q whose t it owns; free out->t), and 1. Else 0
 * and out untouched. Ranking (search.c) and explanations (explain.c) both
 * take the query through here, so a hit's score is the sum of its
 * explanation's terms. */
int mx_query_capped(const match_index *ix, const match_query *q, int ci, match_query *out);
void mx_query_finish(match_query *q);
match_query *mx_query_new(void);

/* ---- a record analysed for the index (index.c) ----
 * Per field its token count and its distinct terms in order of first
 * appearance with their counts: enough to add the record, and adding these
 * gives term ids in the same order as adding the token stream would. Made
 * by any thread (mx_arec_analyze reads only the record); added by the
 * writer (mx_index_add). */
typedef struct mx_aterm { uint32_t off, len, count, field; } mx_aterm;
typedef struct mx_arec {
    uint32_t flen[MATCH_NFIELDS];
    mx_aterm *v;
    size_t n, cap;
    char *chars;                   /* term bytes, each NUL-terminated */
    size_t clen, ccap;
    uint32_t *slot;                /* dedup table of the field being analysed */
    size_t nslot;
    text_tokens tt;                /* scratch */
    buf sc;
} mx_arec;
void mx_arec_free(mx_arec *a);
int mx_arec_analyze(mx_arec *a, const model_record *r, qiao_err *e);
/* Adds r (analysed as a) to the index, replacing an older version. */
int mx_index_add(match_index *ix, const model_record *r, const mx_arec *a, qiao_err *e);
/* Recomputes every posting list's bounds at the current average lengths
 * (after a bulk build); terms are split among `threads` threads. */
void mx_rebound(match_index *ix, int threads);
/* Runs fn over ranges of c's terms on `threads` threads, the ranges holding
 * equal shares of weight(c, list). */
void mx_terms_parallel(mx_coll *c, int threads, uint64_t (*weight)(const mx_coll *, const mx_plist *),
                       void (*fn)(mx_coll *c, uint32_t from, uint32_t to));

/* ---- the second phase (rescore.c) ---- */
/* The first-phase query for q (two-phase evaluation, search.c): sub gets a
 * copy of q without the terms held by more than dense_df of the records
 * (sub->t owned by the caller). 0 when two phases would not help (no such terms, or
 * nothing else to rank by): then sub is untouched. */
int mx_phase1_query(const match_index *ix, const match_query *q, int ci, match_query *sub);
/* The second phase: adds to fx[j], the text score of cand[j] (doc ids
 * ascending, live) over sub's terms, the contributions of q's terms that sub
 * left out; fx then holds the text score over all of q's terms. */
void mx_rescore(const match_index *ix, const match_query *q, const match_query *sub, int ci,
                const uint32_t *cand, size_t n, mx_fx *fx);

/* A cursor probing one posting list for ascending doc ids (block skips). */
typedef struct mx_probe {
    const mx_plist *pl;
    const uint8_t *s, *end;
    uint32_t bi, doc;
    int have;                      /* doc (and tf) hold a decoded posting */
    float w, tf[MATCH_NFIELDS];
} mx_probe;
static inline mx_probe mx_probe_of(const mx_plist *p, float w)
{
    return (mx_probe){ p, p->p, mx_plist_end(p), 0, 0, 0, w, {0} };
}
/* 1 when the list holds target (tf then holds its counts); targets of
 * successive calls must ascend. */
int mx_probe_at(mx_probe *k, uint32_t target);

/* tfn at given average field lengths (mx_tfn with avg = lensum / nlive);
 * the bounds of index.c use it. */
static inline float mx_tfn_lens(const double avg[MATCH_NFIELDS], const uint32_t len[MATCH_NFIELDS],
                                const float tf[MATCH_NFIELDS])
{
    float s = 0;
    for (int f = 0; f < MATCH_NFIELDS; f++) {
        if (tf[f] <= 0)
            continue;
        double norm = avg[f] > 0 ? 1 - match_w.b[f] + match_w.b[f] * len[f] / avg[f] : 1;
        s += (float)(match_w.field[f] * tf[f] / norm);
    }
    return s;
}
static inline float mx_tfn_avg(const double avg[MATCH_NFIELDS], const mx_doc *d,
                               const float tf[MATCH_NFIELDS])
{
    return mx_tfn_lens(avg, d->len, tf);
}
static inline void mx_avg(const mx_coll *c, double avg[MATCH_NFIELDS])
{
    for (int f = 0; f < MATCH_NFIELDS; f++)
        avg[f] = c->nlive ? c->lensum[f] / c->nlive : 0;
}

/* The length normalisation of a collection at its current average lengths,
 * ready for scoring postings: field f of doc d divides by
 * a[f] + bl[f] * len(d, f) (= 1 - b + b * len / avg). Every path that
 * scores a posting (search.c, rescore.c, explain.c) uses mx_score with it,
 * so a record's score is the same number whichever path computed it. */
typedef struct mx_lnorm { float a[MATCH_NFIELDS], bl[MATCH_NFIELDS]; } mx_lnorm;
static inline void mx_lnorm_of(const mx_coll *c, mx_lnorm *n)
{
    for (int f = 0; f < MATCH_NFIELDS; f++) {
        double avg = c->nlive ? c->lensum[f] / c->nlive : 0;
        n->a[f] = avg > 0 ? 1 - match_w.b[f] : 1;
        n->bl[f] = avg > 0 ? (float)(match_w.b[f] / avg) : 0;
    }
}
/* w * sat(tfn): the contribution of a term of weight w (query weight * idf)
 * holding tf in d. A posting in one field (most are) costs one division:
 * sat(F tf / N) = F tf (k1 + 1) / (F tf + k1 N). */
static inline float mx_score(float w, const mx_lnorm *n, const mx_coll *c, uint32_t doc,
                             const float tf[MATCH_NFIELDS])
{
    const float k1 = match_w.k1;
    int f1 = -1, nf = 0;
    for (int f = 0; f < MATCH_NFIELDS; f++)
        if (tf[f] > 0) {
            f1 = f;
            nf++;
        }
    if (nf == 0)
        return 0;
    if (nf == 1) {
        float ft = match_w.field[f1] * tf[f1];
        return w * (ft * (k1 + 1) / (ft + k1 * (n->a[f1] + n->bl[f1] * (float)c->flen[f1][doc])));
    }
    float tfn = 0;
    for (int f = 0; f < MATCH_NFIELDS; f++)
        if (tf[f] > 0)
            tfn += match_w.field[f] * tf[f] / (n->a[f] + n->bl[f] * (float)c->flen[f][doc]);
    return w * (tfn * (k1 + 1) / (tfn + k1));
}

/* A text score summed in fixed point (units of 2^-32): integer sums do not
 * depend on the order of their terms, so the sum of a record's
 * contributions is the same number whichever path adds them in whichever
 * order — the two phases (search.c, rescore.c) add the second phase's terms
 * to the first phase's sum and get exactly what one phase would. A
 * contribution (always > 0) counts at least one unit. */
static inline mx_fx mx_fx_scaled(float v)   /* v: a contribution times 2^32 */
{
    mx_fx x = (mx_fx)v;
    return x > 0 ? x : 1;
}
static inline mx_fx mx_fx_of(float v)
{
    /* v * 2^32 is exact in float (a power of two only moves the exponent),
     * so this is the value (double)v * 2^32 truncates to, in fewer steps */
    return mx_fx_scaled(v * 4294967296.0f);
}
static inline float mx_fx_float(mx_fx x)
{
    return (float)((double)x / 4294967296.0);
}

/* The counts a posting's code c stands for (c 3: the three bytes at cnt). */
static inline void mx_tf_of(unsigned c, const uint8_t *cnt, float tf[MATCH_NFIELDS])
{
    tf[0] = tf[1] = tf[2] = 0;
    switch (c) {
    case 0: tf[MATCH_F_BODY] = 1; break;
    case 1: tf[MATCH_F_TITLE] = 1; break;
    case 2: tf[MATCH_F_KEYWORDS] = 1; break;
    default:
        for (int f = 0; f < MATCH_NFIELDS; f++)
            tf[f] = cnt[f];
    }
}

/* Reads the varint at s into *v; returns the byte after it. */
static inline const uint8_t *mx_varint(const uint8_t *s, uint64_t *v)
{
    uint64_t x = *s++;
    if (x & 0x80) {                    /* most deltas fit one byte */
        x &= 0x7f;
        int sh = 7;
        uint64_t b;
        do {
            b = *s++;
            x |= (b & 0x7f) << sh;
            sh += 7;
        } while (b & 0x80);
    }
    *v = x;
    return s;
}

/* mx_varint for loops over many postings: a varint of one or two bytes (a
 * doc delta below 4,096) is read without a branch on its length, which in
 * lists of a few percent of the records varies at random (in a skip, the
 * mispredicted branch cost more than the rest of a posting). end: the
 * list's end (no byte past it is read). */
static inline const uint8_t *mx_varint_short(const uint8_t *s, const uint8_t *end, uint64_t *v)
{
    if (s + 1 < end && !(s[0] & s[1] & 0x80)) {
        uint32_t b0 = s[0], b1 = s[1], two = b0 >> 7;
        *v = (b0 & 0x7f) | (((b1 & 0x7f) << 7) & (0u - two));
        return s + 1 + two;
    }
    return mx_varint(s, v);
}

/* Decodes one posting at s (index.c: varint((doc delta) << 2 | c), c 0..2
 * a count of 1 in body, title or keywords, 3 followed by the three counts);
 * returns the byte after it. */
static inline const uint8_t *mx_posting(const uint8_t *s, uint32_t *doc,
                                        float tf[MATCH_NFIELDS])
{
    uint64_t v;
    s = mx_varint(s, &v);
    *doc += (uint32_t)(v >> 2);
    mx_tf_of((unsigned)(v & 3), s, tf);
    return (v & 3) == 3 ? s + MATCH_NFIELDS : s;
}

/* Decodes from *s (doc: the doc id before it) to the first posting whose
 * doc is >= target, reading only doc deltas on the way, then that
 * posting's counts into tf; *s is left after it. Returns its doc, or
 * UINT32_MAX at end (*s = end). */
static inline uint32_t mx_skip_to(const uint8_t **sp, const uint8_t *end, uint32_t doc,
                                  uint32_t target, float tf[MATCH_NFIELDS])
{
    const uint8_t *s = *sp;
    while (s < end) {
        uint64_t v;
        s = mx_varint_short(s, end, &v);
        doc += (uint32_t)(v >> 2);
        const uint8_t *cnt = s;
        if ((v & 3) == 3)
            s += MATCH_NFIELDS;
        if (doc >= target) {
            mx_tf_of((unsigned)(v & 3), cnt, tf);
            *sp = s;
            return doc;
        }
    }
    *sp = end;
    return UINT32_MAX;
}

/* BM25F pieces shared by rank.c and explain.c */
float mx_idf(const mx_coll *c, uint32_t term);
float mx_tfn(const mx_coll *c, const mx_doc *d, const float tf[MATCH_NFIELDS]);
void mx_factors(const match_query *q, int target_coll, const match_index *ix,
                const mx_doc *d, int32_t today, float out[MATCH_NFACTORS]);
int32_t mx_today(void);
int32_t mx_parse_day(const char *s);

#endif
