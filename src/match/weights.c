/* match/weights.c — every number the ranking uses, in one place.
 *
 * Score of a record d for a query q:
 *
 *   text(d)  = sum over query terms t of  qw(t) * idf(t) * (k1 + 1) * tfn / (k1 + tfn)
 *   tfn      = sum over fields f of  field[f] * tf(t, d, f) / (1 - b[f] + b[f] * len(d, f) / avglen(f))
 *   idf(t)   = ln(1 + (N - n + 0.5) / (n + 0.5))          (N records, n holding t)
 *   score(d) = text(d) * max(min_multiplier, 1 + sum of factor[x] * value_x(q, d))
 *
 * qw(t), the weight of a query term, is kind[kind of t] times, for a query
 * built from a record, the sum over its fields of qfield[f] * (occurrences in
 * f, each repeated sentence counted once, and each body occurrence p
 * characters into the body counting lead_chars / (lead_chars + p)), times
 * the query-side idf of t over the records of the query's own kind (a term
 * found in most demands, such as 需求, 技术 or 预期目标, says little about
 * what this demand wants).
 * For a typed query qw(t) = kind[kind of t] * occurrences; in a keyword
 * query (at most keyword_chars characters, what a search box gets) a single
 * character that a bigram of the same query word covers weighs uni_covered
 * (0: left out) — the bigrams already say it, and the characters alone
 * found records that hold them apart (电 … 池 for 电池). csl-dev keyword
 * nDCG@10 0.9852 with them, 0.9818 without; typed demand texts (longer) keep
 * them: techmatch flat search is 0.6818 either way; keyword queries at
 * 100,000 records run 6.9x faster (docs/matching.md).
 * A query of more than max_query_terms terms (typed) or max_record_terms
 * (built from a record) ranks by that many of its heaviest, qw(t) * idf(t):
 * the lightest add little to any score and cost as much to read
 * (query.c, mx_query_capped).
 *
 * Values of the factors, each in [-1, 1] (0 when either side lacks the field):
 *   chains  shared industry chains / chains of the query record
 *   trl     +1 when the achievement's trl >= the demand's trl_min, otherwise
 *           -min(1, (trl_min - trl) / trl_gap)
 *   modes   shared transfer modes / modes of the query record; modes_miss
 *           when none is shared
 *   zone    1 when both are in the same zone
 *   fresh   1 - age / fresh_days of the candidate's `published`, floored at 0
 *
 * Why these values: k1 and b are the usual BM25 defaults (Robertson; Lucene).
 * Character bigrams plus single characters (Kwok 1997) carry Chinese
 * matching; friso words of three or more characters add a little precision
 * (two-character words equal a bigram already) and weigh half. A title says
 * what a record is about better than its description; a demand's title is
 * worth three description occurrences. A description states what it wants
 * first and adds background, details and targets after: its weight fades
 * with position, to a half at lead_chars (200) characters, a fifth at 800
 * (chosen by cross-validation on techmatch-dev, where it helped on every
 * fold for any L from 150 to 400: docs/matching.md). The factor weights keep
 * text first: together they move a score by at most about ±85 %.
 */
#include "match/internal.h"

#ifdef MX_TUNE
#include <stdlib.h>
#define MX_WCONST
#else
#define MX_WCONST const
#endif

MX_WCONST match_weights match_w = {
    .k1 = 1.2f,
    .b = { [MATCH_F_TITLE] = 0.75f, [MATCH_F_KEYWORDS] = 0.5f, [MATCH_F_BODY] = 0.75f },
    .field = { [MATCH_F_TITLE] = 2.0f, [MATCH_F_KEYWORDS] = 1.5f, [MATCH_F_BODY] = 1.0f },
    .qfield = { [MATCH_F_TITLE] = 3.0f, [MATCH_F_KEYWORDS] = 2.0f, [MATCH_F_BODY] = 1.0f },
    .kind = { [TEXT_TOK_WORD] = 0.5f, [TEXT_TOK_BIGRAM] = 1.0f, [TEXT_TOK_UNIGRAM] = 1.0f,
              [TEXT_TOK_LATIN] = 1.0f, [TEXT_TOK_NUM] = 0.5f },
    .min_word_chars = 3,
    .factor = { [MATCH_X_CHAINS] = 0.25f, [MATCH_X_TRL] = 0.3f, [MATCH_X_MODES] = 0.15f,
                [MATCH_X_ZONE] = 0.1f, [MATCH_X_FRESH] = 0.05f },
    .trl_gap = 3.0f,
    .modes_miss = -0.5f,
    .fresh_days = 3.0f * 365.0f,
    .min_multiplier = 0.05f,
    .lead_chars = 200.0f,
    .body_words = 0,
    .keyword_chars = 128,
    .uni_covered = 0.0f,
    .dense_df = 0.125f,
    .cand_min = 1000.0f,
    .cand_per_top = 100.0f,
    .random_access_df = 0.0625f,
    .dense_postings = 4.0f,
    .seed_postings = 4096.0f,
    .seed_exact_per_top = 4.0f,
    .probe_cost = 2.0f,
    .dense_probe_cost = 1.0f,
    .max_query_terms = 150.0f,         /* both also stated in `qiao help search|match` */
    .max_record_terms = 300.0f,
};

#ifdef MX_TUNE
/* Development builds only (make BUILD=build/tune OPT="-O2 -DMX_TUNE"
 * build/tune/bench/jsonl_run, driven by bench/match/tune.py): each MQ_*
 * variable set in the environment replaces one weight at start-up. */
static void tune(const char *name, float *v)
{
    const char *s = getenv(name);
    if (s && *s)
        *v = strtof(s, NULL);
}

__attribute__((constructor)) static void tune_all(void)
{
    tune("MQ_K1", &match_w.k1);
    tune("MQ_BT", &match_w.b[MATCH_F_TITLE]);
    tune("MQ_BK", &match_w.b[MATCH_F_KEYWORDS]);
    tune("MQ_BB", &match_w.b[MATCH_F_BODY]);
    tune("MQ_FT", &match_w.field[MATCH_F_TITLE]);
    tune("MQ_FK", &match_w.field[MATCH_F_KEYWORDS]);
    tune("MQ_FB", &match_w.field[MATCH_F_BODY]);
    tune("MQ_QT", &match_w.qfield[MATCH_F_TITLE]);
    tune("MQ_QK", &match_w.qfield[MATCH_F_KEYWORDS]);
    tune("MQ_QB", &match_w.qfield[MATCH_F_BODY]);
    tune("MQ_WW", &match_w.kind[TEXT_TOK_WORD]);
    tune("MQ_WB", &match_w.kind[TEXT_TOK_BIGRAM]);
    tune("MQ_WU", &match_w.kind[TEXT_TOK_UNIGRAM]);
    tune("MQ_WL", &match_w.kind[TEXT_TOK_LATIN]);
    tune("MQ_WN", &match_w.kind[TEXT_TOK_NUM]);
    tune("MQ_LEAD", &match_w.lead_chars);
    tune("MQ_DENSE", &match_w.dense_df);
    tune("MQ_CANDMIN", &match_w.cand_min);
    tune("MQ_CANDTOP", &match_w.cand_per_top);
    tune("MQ_DENSEP", &match_w.dense_postings);
    tune("MQ_RA", &match_w.random_access_df);
    tune("MQ_SEEDMAX", &match_w.seed_postings);
    tune("MQ_SEEDX", &match_w.seed_exact_per_top);
    tune("MQ_PROBE", &match_w.probe_cost);
    tune("MQ_DPROBE", &match_w.dense_probe_cost);
    tune("MQ_QTERMS", &match_w.max_query_terms);
    tune("MQ_RTERMS", &match_w.max_record_terms);
    tune("MQ_UNICOV", &match_w.uni_covered);
    const char *kc = getenv("MQ_KWCHARS");
    if (kc && *kc)
        match_w.keyword_chars = atoi(kc);
    const char *bw = getenv("MQ_BODYW");
    if (bw && *bw)
        match_w.body_words = atoi(bw);
    const char *s = getenv("MQ_MINW");
    if (s && *s)
        match_w.min_word_chars = atoi(s);
}
#endif
