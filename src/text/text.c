/* text/text.c — dictionaries, per-thread workspaces and the normaliser:
 * decode -> strip pinyin -> NFKC + case folding -> OpenCC t2s -> encode.
 * Tokenisation is in tokenize.c, the pinyin rule in pinyin.c. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <opencc.h>
#include <utf8proc.h>

#include "core/err.h"
#include "text/internal.h"
#include "text/text.h"

friso_t text_friso;
friso_config_t text_friso_cfg;

static opencc_t t2s_cc;
/* Bit c set when OpenCC t2s changes the code point c on its own: a text
 * holding none of them is not passed through OpenCC at all. */
enum { T2S_LIMIT = 0x323B0 };
static uint8_t *t2s_bits;

static atomic_int ready;
static pthread_mutex_t init_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t ws_key;

static const utf8proc_option_t NFKC_CF = UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
    UTF8PROC_CASEFOLD | UTF8PROC_IGNORE | UTF8PROC_STABLE;

int text_is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x20000 && c <= 0x323AF) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007;
}

static bool t2s_may_change(uint32_t c)
{
    return c < T2S_LIMIT && c >= 0x2E80 && (t2s_bits[c >> 3] >> (c & 7) & 1);
}

/* ---- workspaces ------------------------------------------------------- */

static void ws_free(void *p)
{
    text_ws *ws = p;
    if (!ws)
        return;
    text_cps *c[2] = {&ws->a, &ws->b};
    for (int i = 0; i < 2; i++) {
        free(c[i]->cp);
        free(c[i]->s0);
        free(c[i]->s1);
    }
    free(ws->u8);
    free(ws->boff);
    free(ws->tmp);
    free(ws->words);
    if (ws->task)
        friso_free_task(ws->task);
    free(ws);
}

static void key_make(void)
{
    if (pthread_key_create(&ws_key, ws_free) != 0)
        abort();
}

text_ws *text_ws_get(void)
{
    pthread_once(&key_once, key_make);
    text_ws *ws = pthread_getspecific(ws_key);
    if (!ws) {
        ws = qiao_calloc(1, sizeof *ws);
        if (pthread_setspecific(ws_key, ws) != 0)
            qiao_oom();
    }
    return ws;
}

static size_t grow_cap(size_t cap, size_t need)
{
    if (cap >= need)
        return cap;
    cap = cap ? cap : 256;
    while (cap < need)
        cap *= 2;
    return cap;
}

void text_cps_reserve(text_cps *c, size_t n)
{
    if (n <= c->cap)
        return;
    size_t cap = grow_cap(c->cap, n);
    c->cp = qiao_realloc(c->cp, cap * sizeof *c->cp);
    c->s0 = qiao_realloc(c->s0, cap * sizeof *c->s0);
    c->s1 = qiao_realloc(c->s1, cap * sizeof *c->s1);
    c->cap = cap;
}

static void tmp_reserve(text_ws *ws, size_t n)
{
    if (n <= ws->tmp_cap)
        return;
    ws->tmp_cap = grow_cap(ws->tmp_cap, n);
    ws->tmp = qiao_realloc(ws->tmp, ws->tmp_cap * sizeof *ws->tmp);
}

/* ---- init ------------------------------------------------------------- */

static size_t put_utf8(uint32_t c, char *o)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | c >> 6);
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | c >> 12);
        o[1] = (char)(0x80 | (c >> 6 & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | c >> 18);
    o[1] = (char)(0x80 | (c >> 12 & 0x3F));
    o[2] = (char)(0x80 | (c >> 6 & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Converts every CJK code point once (one per line, in one OpenCC call) and
 * sets the bit of each one that t2s changes. */
static int build_t2s_bits(qiao_err *e)
{
    static const uint32_t ranges[][2] = {
        {0x2E80, 0x9FFF}, {0xF900, 0xFAFF}, {0xFE30, 0xFE4F}, {0x20000, 0x323AF},
    };
    size_t cap = 0, n = 0;
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
        cap += (ranges[r][1] - ranges[r][0] + 1) * 5;
    char *in = qiao_malloc(cap + 1);
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
        for (uint32_t c = ranges[r][0]; c <= ranges[r][1]; c++) {
            n += put_utf8(c, in + n);
            in[n++] = '\n';
        }
    in[n] = '\0';
    char *out = opencc_convert_utf8(t2s_cc, in, n);
    if (!out) {
        free(in);
        return qiao_errf(e, QIAO_EIO, "OpenCC t2s could not convert the CJK table: %s",
                         opencc_error());
    }
    t2s_bits = qiao_calloc(T2S_LIMIT / 8 + 1, 1);
    const char *p = in, *q = out;
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
        for (uint32_t c = ranges[r][0]; c <= ranges[r][1]; c++) {
            const char *pe = strchr(p, '\n'), *qe = q ? strchr(q, '\n') : NULL;
            if (!pe || !qe || pe - p != qe - q || memcmp(p, q, (size_t)(pe - p)) != 0)
                t2s_bits[c >> 3] |= (uint8_t)(1u << (c & 7));
            p = pe ? pe + 1 : p;
            q = qe ? qe + 1 : NULL;
        }
    opencc_convert_utf8_free(out);
    free(in);
    return 0;
}

static void unload(void)
{
    if (text_friso)
        friso_free(text_friso);
    if (text_friso_cfg)
        friso_free_config(text_friso_cfg);
    if (t2s_cc && t2s_cc != (opencc_t)-1)
        opencc_close(t2s_cc);
    free(t2s_bits);
    text_friso = NULL;
    text_friso_cfg = NULL;
    t2s_cc = NULL;
    t2s_bits = NULL;
}

static int load(qiao_err *e)
{
    const char *ini = getenv("QIAO_FRISO_INI");
    if (!ini || !*ini)
        ini = "/etc/friso/friso.ini";
    if (access(ini, R_OK) != 0)
        return qiao_errf(e, QIAO_ENOTFOUND,
                         "cannot read the friso configuration %s: install friso-dict "
                         "(scripts/deps.sh) or set QIAO_FRISO_INI to a friso.ini", ini);
    text_friso = friso_new();
    text_friso_cfg = friso_new_config();
    if (friso_init_from_ifile(text_friso, text_friso_cfg, (fstring)ini) != 1 ||
        friso_all_dic_size(text_friso->dic) == 0) {
        unload();
        return qiao_errf(e, QIAO_EIO,
                         "friso loaded no dictionary from %s: check its friso.lex_dir", ini);
    }
    /* Our settings whatever the file says: complex mode, no synonyms (they are
     * not in the text), stopwords kept (docs/text.md). */
    friso_set_mode(text_friso_cfg, __FRISO_COMPLEX_MODE__);
    text_friso_cfg->add_syn = 0;
    text_friso_cfg->clr_stw = 0;
    text_friso_cfg->keep_urec = 0;

    t2s_cc = opencc_open("t2s.json");
    if (t2s_cc == (opencc_t)-1) {
        int rc = qiao_errf(e, QIAO_EIO, "cannot open OpenCC t2s.json (%s): install opencc",
                           opencc_error());
        unload();
        return rc;
    }
    int rc = build_t2s_bits(e);
    if (rc < 0)
        unload();
    return rc;
}

int text_init(qiao_err *e)
{
    if (atomic_load_explicit(&ready, memory_order_acquire))
        return 0;
    pthread_mutex_lock(&init_mu);
    int rc = 0;
    if (!atomic_load_explicit(&ready, memory_order_relaxed)) {
        rc = load(e);
        if (rc == 0)
            atomic_store_explicit(&ready, 1, memory_order_release);
    }
    pthread_mutex_unlock(&init_mu);
    return rc;
}

void text_shutdown(void)
{
    pthread_mutex_lock(&init_mu);
    if (atomic_load(&ready)) {
        atomic_store(&ready, 0);
        unload();
    }
    pthread_mutex_unlock(&init_mu);
    pthread_once(&key_once, key_make);
    ws_free(pthread_getspecific(ws_key));
    pthread_setspecific(ws_key, NULL);
}

/* ---- decode / encode -------------------------------------------------- */

void text_decode(text_ws *ws, const char *s, size_t len)
{
    text_cps *a = &ws->a;
    text_cps_reserve(a, len + 1);
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0, i = 0;
    while (i < len) {
        uint32_t c = p[i];
        size_t k = 1;
        if (c >= 0x80) {
            size_t need;
            uint32_t min;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1, min = 0x80, c &= 0x1F;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2, min = 0x800, c &= 0x0F;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3, min = 0x10000, c &= 0x07;
            } else {
                need = 0, min = 1, c = 0xFFFD;
            }
            if (need) {
                size_t j = 1;
                for (; j <= need && i + j < len && (p[i + j] & 0xC0) == 0x80; j++)
                    c = c << 6 | (p[i + j] & 0x3F);
                if (j <= need || c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
                    c = 0xFFFD; /* one U+FFFD for the lead byte; the rest are re-read */
                else
                    k = need + 1;
            }
        }
        a->cp[n] = c;
        a->s0[n] = (uint32_t)i;
        a->s1[n] = (uint32_t)(i + k);
        n++;
        i += k;
    }
    a->n = n;
}

void text_encode(text_ws *ws, const text_cps *c)
{
    size_t need = c->n * 4 + 1;
    if (need > ws->u8_cap) {
        ws->u8_cap = grow_cap(ws->u8_cap, need);
        ws->u8 = qiao_realloc(ws->u8, ws->u8_cap);
    }
    if (c->n + 1 > ws->boff_cap) {
        ws->boff_cap = grow_cap(ws->boff_cap, c->n + 1);
        ws->boff = qiao_realloc(ws->boff, ws->boff_cap * sizeof *ws->boff);
    }
    size_t o = 0;
    for (size_t i = 0; i < c->n; i++) {
        ws->boff[i] = (uint32_t)o;
        uint32_t ch = c->cp[i];
        if (ch < 0x80)
            ws->u8[o++] = (char)ch;
        else
            o += put_utf8(ch, ws->u8 + o);
    }
    ws->boff[c->n] = (uint32_t)o;
    ws->u8[o] = '\0';
    ws->u8_len = o;
}

/* ---- NFKC + case folding ---------------------------------------------- */

static bool simple_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

/* Does c attach to the character before it under NFKC (a combining mark, or a
 * Hangul medial or final jamo)? */
static bool attaches(uint32_t c)
{
    if (c < 0x300 || simple_han(c))
        return false;
    if ((c >= 0x1160 && c <= 0x11FF) || (c >= 0xD7B0 && c <= 0xD7FF))
        return true;
    return utf8proc_get_property((utf8proc_int32_t)c)->combining_class != 0;
}

static void push(text_cps *b, uint32_t c, uint32_t s0, uint32_t s1)
{
    if (b->n == b->cap)
        text_cps_reserve(b, b->n + 1);
    b->cp[b->n] = c;
    b->s0[b->n] = s0;
    b->s1[b->n] = s1;
    b->n++;
}

/* a -> b. ASCII and the common Han blocks take a fast path; everything else
 * is normalised one cluster (a character and the marks attached to it) at a
 * time, so each output character keeps the source span of its cluster. */
static void nfkc_casefold(text_ws *ws)
{
    const text_cps *a = &ws->a;
    text_cps *b = &ws->b;
    b->n = 0;
    text_cps_reserve(b, a->n + 16);
    for (size_t i = 0; i < a->n;) {
        uint32_t c = a->cp[i];
        bool next_attaches = i + 1 < a->n && attaches(a->cp[i + 1]);
        if (!next_attaches && (c < 0x80 || simple_han(c))) {
            if (c >= 'A' && c <= 'Z')
                c += 'a' - 'A';
            else if (c == 0)
                c = ' '; /* keys are C strings */
            push(b, c, a->s0[i], a->s1[i]);
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < a->n && attaches(a->cp[j]))
            j++;
        size_t len = 0;
        for (size_t k = i; k < j; k++) {
            for (;;) {
                tmp_reserve(ws, len + 32);
                int bound = 0;
                utf8proc_ssize_t r = utf8proc_decompose_char(
                    (utf8proc_int32_t)a->cp[k], ws->tmp + len,
                    (utf8proc_ssize_t)(ws->tmp_cap - len), NFKC_CF, &bound);
                if (r < 0) { /* cannot happen for valid code points */
                    ws->tmp[len] = 0xFFFD;
                    r = 1;
                }
                if ((size_t)r <= ws->tmp_cap - len) {
                    len += (size_t)r;
                    break;
                }
                tmp_reserve(ws, len + (size_t)r);
            }
        }
        utf8proc_ssize_t m = utf8proc_normalize_utf32(ws->tmp, (utf8proc_ssize_t)len, NFKC_CF);
        if (m < 0)
            m = 0;
        for (utf8proc_ssize_t k = 0; k < m; k++) {
            uint32_t o = (uint32_t)ws->tmp[k];
            push(b, o == 0 ? ' ' : o, a->s0[i], a->s1[j - 1]);
        }
        i = j;
    }
}

/* ---- traditional -> simplified ---------------------------------------- */

static bool t2s_run_char(uint32_t c)
{
    return text_is_han(c) || t2s_may_change(c);
}

/* Decodes OpenCC's output (valid UTF-8) into cp[], at most cap code points;
 * returns how many there were (may exceed cap: then only cap were stored). */
static size_t decode_plain(const char *s, uint32_t *cp, size_t cap)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p) {
        uint32_t c = *p;
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (k > 1) {
            c &= k == 2 ? 0x1F : k == 3 ? 0x0F : 0x07;
            for (size_t j = 1; j < k && p[j]; j++)
                c = c << 6 | (p[j] & 0x3F);
        }
        for (size_t j = 0; j < k && *p; j++)
            p++;
        if (n < cap)
            cp[n] = c;
        n++;
    }
    return n;
}

/* Slow path when whole-text conversion changed the number of characters:
 * converts each Han run that needs it alone; a run whose length changes maps
 * its output characters proportionally onto its source spans. b -> a -> b. */
static int t2s_by_runs(text_ws *ws)
{
    text_cps *b = &ws->b, *a = &ws->a;
    a->n = 0;
    for (size_t i = 0; i < b->n;) {
        size_t j = i;
        bool change = false;
        while (j < b->n && t2s_run_char(b->cp[j]))
            change |= t2s_may_change(b->cp[j++]);
        if (!change) {
            size_t k = j > i ? j : i + 1;
            for (; i < k; i++)
                push(a, b->cp[i], b->s0[i], b->s1[i]);
            continue;
        }
        const char *u = ws->u8 + ws->boff[i];
        char *out = opencc_convert_utf8(t2s_cc, u, ws->boff[j] - ws->boff[i]);
        if (!out)
            return -1;
        size_t r = j - i, m = decode_plain(out, NULL, 0);
        tmp_reserve(ws, m + 1);
        decode_plain(out, (uint32_t *)ws->tmp, m);
        opencc_convert_utf8_free(out);
        for (size_t k = 0; k < m; k++) {
            size_t lo = i + k * r / m, hi = i + ((k + 1) * r - 1) / m;
            push(a, (uint32_t)ws->tmp[k], b->s0[lo], b->s1[hi]);
        }
        i = j;
    }
    text_cps t = *a;
    *a = *b;
    *b = t;
    return 0;
}

static int t2s(text_ws *ws)
{
    text_cps *b = &ws->b;
    size_t i = 0;
    while (i < b->n && !t2s_may_change(b->cp[i]))
        i++;
    if (i == b->n)
        return 0;
    text_encode(ws, b);
    char *out = opencc_convert_utf8(t2s_cc, ws->u8, ws->u8_len);
    if (!out)
        return -1;
    text_cps_reserve(&ws->a, b->n + 1);
    size_t m = decode_plain(out, ws->a.cp, ws->a.cap);
    opencc_convert_utf8_free(out);
    if (m != b->n)
        return t2s_by_runs(ws);
    memcpy(b->cp, ws->a.cp, m * sizeof *b->cp);
    return 0;
}

int text_fold(text_ws *ws)
{
    nfkc_casefold(ws);
    int rc = t2s(ws);
    text_encode(ws, &ws->b);
    return rc;
}

/* ---- public string functions ------------------------------------------ */

char *text_strip_pinyin(const char *s, size_t len, size_t *out_len)
{
    text_ws *ws = text_ws_get();
    text_decode(ws, s, len);
    text_pinyin_strip_cps(&ws->a);
    text_encode(ws, &ws->a);
    if (out_len)
        *out_len = ws->u8_len;
    char *r = qiao_malloc(ws->u8_len + 1);
    memcpy(r, ws->u8, ws->u8_len + 1);
    return r;
}

char *text_normalize(const char *s, size_t len, size_t *out_len)
{
    if (text_init(NULL) < 0)
        return NULL;
    text_ws *ws = text_ws_get();
    text_decode(ws, s, len);
    text_pinyin_strip_cps(&ws->a);
    if (text_fold(ws) < 0)
        return NULL;
    if (out_len)
        *out_len = ws->u8_len;
    char *r = qiao_malloc(ws->u8_len + 1);
    memcpy(r, ws->u8, ws->u8_len + 1);
    return r;
}
