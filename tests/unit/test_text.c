/* tests/unit/test_text.c — the Chinese text pipeline (src/text). */
#include <pthread.h>

#include "testutil.h"
#include "text/text.h"

/* ---- helpers written independently of the implementation --------------- */

/* Decodes one UTF-8 character at s (valid input assumed); returns its length. */
static size_t u8dec(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) { *cp = s[0]; return 1; }
    if (s[0] < 0xE0) { *cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F); return 2; }
    if (s[0] < 0xF0) {
        *cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        return 3;
    }
    *cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
          (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
    return 4;
}

static int han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

/* Lower-case pinyin letters: a-z, ü and the tone-marked vowels. */
static const char *const TONED[] = {
    "ā", "á", "ǎ", "à", "ē", "é", "ě", "è", "ī", "í", "ǐ", "ì",
    "ō", "ó", "ǒ", "ò", "ū", "ú", "ǔ", "ù", "ǖ", "ǘ", "ǚ", "ǜ",
};

/* Length of the pinyin letter at s (0 if none); *toned set when it has a tone. */
static size_t py_letter(const char *s, int *toned)
{
    if (*s >= 'a' && *s <= 'z')
        return 1;
    if (strncmp(s, "ü", strlen("ü")) == 0)
        return strlen("ü");
    for (size_t i = 0; i < sizeof TONED / sizeof TONED[0]; i++)
        if (strncmp(s, TONED[i], strlen(TONED[i])) == 0) {
            *toned = 1;
            return strlen(TONED[i]);
        }
    return 0;
}

/* If s[i..] is "(" or "（", then 1-6 pinyin letters, then ")" or "）", and the
 * character before s[i] is Han: returns the span's length in bytes, else 0.
 * *toned says whether the letters carry a tone mark. */
static size_t annotation_at(const char *s, size_t i, int *toned)
{
    static const char FW_OPEN[] = "（", FW_CLOSE[] = "）";
    *toned = 0;
    if (i == 0)
        return 0;
    size_t p = i - 1;
    while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
        p--;
    uint32_t prev;
    u8dec((const unsigned char *)s + p, &prev);
    if (!han(prev))
        return 0;
    size_t j = i;
    if (s[j] == '(')
        j++;
    else if (strncmp(s + j, FW_OPEN, 3) == 0)
        j += 3;
    else
        return 0;
    int letters = 0;
    size_t k;
    while ((k = py_letter(s + j, toned)) > 0) {
        j += k;
        letters++;
    }
    if (letters < 1 || letters > 6)
        return 0;
    if (s[j] == ')')
        return j + 1 - i;
    if (strncmp(s + j, FW_CLOSE, 3) == 0)
        return j + 3 - i;
    return 0;
}

static char *read_seed(size_t *len)
{
    static const char name[] = "seeds/000_b4b467e356f0483e.txt";
    char path[4096];
    const char *env = getenv("QIAO_SHARED");
    const char *dirs[] = {env && *env ? env : "../shared", "/work/shared"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", dirs[i], name);
        char *s = tu_read_file(path, len);
        if (s)
            return s;
    }
    fail_msg("cannot read the seed %s under $QIAO_SHARED, ../shared or /work/shared", name);
    return NULL;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void init(void)
{
    qiao_err e = {0};
    if (text_init(&e) < 0)
        fail_msg("text_init: %s", e.msg);
}

/* ---- pinyin annotations on the seed ------------------------------------- */

static void test_seed_strip(void **state)
{
    (void)state;
    size_t n, m;
    char *in = read_seed(&n);
    char *out = text_strip_pinyin(in, n, &m);
    assert_non_null(out);
    assert_int_equal(strlen(out), m);

    /* no annotation is left */
    int toned;
    for (size_t i = 0; i < m; i++)
        if (annotation_at(out, i, &toned))
            fail_msg("annotation left at byte %zu: %.24s", i, out + i);

    /* the output is the input with only annotation spans removed */
    size_t i = 0, o = 0, removed = 0, removed_toneless = 0;
    while (i < n) {
        size_t span = annotation_at(in, i, &toned);
        if (span) {
            i += span;
            removed++;
            removed_toneless += !toned;
            continue;
        }
        if (o >= m || in[i] != out[o])
            fail_msg("output differs from input at input byte %zu: %.24s", i, in + i);
        i++, o++;
    }
    assert_int_equal(o, m);
    assert_true(removed > 150);         /* the seed has many */
    assert_int_equal(removed_toneless, 1); /* 著(zhe) */

    /* real parentheses stay */
    assert_int_equal(count(out, "科技園(天府園)"), 2);
    assert_int_equal(count(out, "标簽(RFID)"), 1);
    assert_int_equal(count(out, "(ID:tianhukeji)"), 1);
    assert_int_equal(count(out, "著力"), 1);
    free(out);
    free(in);
}

static void test_seed_normalize(void **state)
{
    (void)state;
    init();
    size_t n, m;
    char *in = read_seed(&n);
    char *out = text_normalize(in, n, &m);
    assert_non_null(out);
    int toned;
    for (size_t i = 0; i < m; i++)
        if (annotation_at(out, i, &toned) && (toned || strncmp(out + i, "(zhe)", 5) == 0))
            fail_msg("annotation left at byte %zu: %.24s", i, out + i);
    assert_int_equal(count(out, "科技园(天府园)"), 2);
    assert_int_equal(count(out, "射频标签(rfid)"), 1);
    assert_int_equal(count(out, "成都"), count(in, "成(chéng)都(dōu)"));
    assert_null(strstr(out, "電"));
    assert_null(strstr(out, "學"));
    free(out);
    free(in);
}

/* ---- the annotation rule on small cases --------------------------------- */

static void expect_strip(const char *in, const char *want)
{
    size_t m;
    char *out = text_strip_pinyin(in, strlen(in), &m);
    assert_string_equal(out, want);
    assert_int_equal(m, strlen(want));
    free(out);
}

static void test_strip_rule(void **state)
{
    (void)state;
    expect_strip("成(chéng)都(dōu)", "成都");
    expect_strip("成（chéng）都（dōu）", "成都");
    expect_strip("成(che\xcc\x81ng)都", "成都");         /* e + combining acute */
    expect_strip("女(nǚ)子", "女子");
    expect_strip("著(zhe)力，成(chéng)果", "著力，成果"); /* toneless beside toned */
    expect_strip("著(zhe)力", "著(zhe)力");                /* toneless alone stays */
    expect_strip("科技园(天府园)", "科技园(天府园)");
    expect_strip("射频标签(RFID)成(chéng)", "射频标签(RFID)成");
    expect_strip("芯片(ADC)与成(chéng)果", "芯片(ADC)与成果");
    expect_strip("步骤(1)与(a)，成(chéng)果", "步骤(1)与(a)，成果"); /* (a): one letter */
    expect_strip("智能(AI)成(chéng)果", "智能(AI)成果");    /* upper case toneless */
    expect_strip("北京(Běijīng)成(chéng)", "北京(Běijīng)成"); /* two syllables */
    expect_strip("成 (chéng)", "成 (chéng)");              /* not directly after Han */
    expect_strip("abc(chéng)", "abc(chéng)");
    expect_strip("(chéng)", "(chéng)");
    expect_strip("成(chéx)", "成(chéx)");                  /* not a syllable */
    expect_strip("成(chéng", "成(chéng");                  /* unclosed */
    expect_strip("", "");
    expect_strip("\xff成", "\xef\xbf\xbd成");              /* invalid byte -> U+FFFD */
}

/* ---- normalisation ------------------------------------------------------ */

static void expect_norm(const char *in, size_t len, const char *want)
{
    size_t m;
    char *out = text_normalize(in, len, &m);
    assert_non_null(out);
    assert_string_equal(out, want);
    assert_int_equal(m, strlen(want));
    free(out);
}

static void test_normalize(void **state)
{
    (void)state;
    init();
    expect_norm("電子科大", strlen("電子科大"), "电子科大");
    expect_norm("电子科大", strlen("电子科大"), "电子科大");
    expect_norm("ＡＤＣ", strlen("ＡＤＣ"), "adc");
    expect_norm("ADC１２３", strlen("ADC１２３"), "adc123");
    expect_norm("Straße", strlen("Straße"), "strasse");
    expect_norm("Cafe\xcc\x81", 6, "caf\xc3\xa9");           /* NFC composed */
    expect_norm("a\0b", 3, "a b");                            /* keys are C strings */
    expect_norm("成(chéng)果轉化", strlen("成(chéng)果轉化"), "成果转化");
    expect_norm("", 0, "");
}

/* ---- tokens ------------------------------------------------------------- */

typedef struct want {
    const char *term;
    int kind;
    unsigned pos;
    const char *src;
} want;

static void expect_tokens(const char *in, size_t len, const want *w, size_t nw)
{
    text_tokens t = {0};
    qiao_err e = {0};
    assert_int_equal(text_tokenize(in, len, &t, &e), 0);
    for (size_t i = 0; i < t.n && i < nw; i++) {
        const text_token *k = &t.v[i];
        char src[256];
        snprintf(src, sizeof src, "%.*s", (int)k->src_len, in + k->src_off);
        if (strcmp(text_token_term(&t, i), w[i].term) || k->kind != w[i].kind ||
            k->pos != w[i].pos || strcmp(src, w[i].src))
            fail_msg("token %zu: got %s/%d/%u/%s, want %s/%d/%u/%s", i,
                     text_token_term(&t, i), k->kind, k->pos, src,
                     w[i].term, w[i].kind, w[i].pos, w[i].src);
        assert_int_equal(strlen(text_token_term(&t, i)), k->len);
    }
    assert_int_equal(t.n, nw);
    text_tokens_free(&t);
}

#define EXPECT(s, ...) do { \
    const want w_[] = {__VA_ARGS__}; \
    expect_tokens(s, strlen(s), w_, sizeof w_ / sizeof w_[0]); \
} while (0)

enum { W = TEXT_TOK_WORD, B = TEXT_TOK_BIGRAM, U = TEXT_TOK_UNIGRAM,
       L = TEXT_TOK_LATIN, N = TEXT_TOK_NUM };

static void test_tokens_golden(void **state)
{
    (void)state;
    init();
    EXPECT("超高速模数转换芯片",
           {"超高速", W, 0, "超高速"}, {"超高", B, 0, "超高"}, {"高速", B, 1, "高速"},
           {"速模", B, 2, "速模"}, {"模数", W, 3, "模数"}, {"模数", B, 3, "模数"},
           {"数转", B, 4, "数转"}, {"转换", W, 5, "转换"}, {"转换", B, 5, "转换"},
           {"换芯", B, 6, "换芯"}, {"芯片", W, 7, "芯片"}, {"芯片", B, 7, "芯片"});
    EXPECT("射频标签(RFID)",
           {"射频", W, 0, "射频"}, {"射频", B, 0, "射频"}, {"频标", B, 1, "频标"},
           {"标签", W, 2, "标签"}, {"标签", B, 2, "标签"}, {"rfid", L, 5, "RFID"});
    EXPECT("12位以上、1GSPS",
           {"12", N, 0, "12"}, {"位以", B, 2, "位以"}, {"以上", W, 3, "以上"},
           {"以上", B, 3, "以上"}, {"1", N, 6, "1"}, {"gsps", L, 7, "GSPS"});
    EXPECT("電子科大",
           {"电子", W, 0, "電子"}, {"电子", B, 0, "電子"}, {"子科", B, 1, "子科"},
           {"科大", W, 2, "科大"}, {"科大", B, 2, "科大"});
    EXPECT("电子科大",
           {"电子", W, 0, "电子"}, {"电子", B, 0, "电子"}, {"子科", B, 1, "子科"},
           {"科大", W, 2, "科大"}, {"科大", B, 2, "科大"});
    EXPECT("ＡＤＣ", {"adc", L, 0, "ＡＤＣ"});
    EXPECT("adc", {"adc", L, 0, "adc"});
    EXPECT("一", {"一", U, 0, "一"});
    EXPECT("a一b 2.4GHz", {"a", L, 0, "a"}, {"一", U, 1, "一"}, {"b", L, 2, "b"},
           {"2.4", N, 4, "2.4"}, {"ghz", L, 7, "GHz"});
    EXPECT("成(chéng)都", {"成都", W, 0, "成(chéng)都"}, {"成都", B, 0, "成(chéng)都"});
    EXPECT("，。、！");
    expect_tokens("", 0, NULL, 0);
    /* invalid UTF-8: kept as U+FFFD (not a token), spans still point at the input */
    expect_tokens("\xff芯片\xc3", 8, (const want[]){{"芯片", W, 1, "芯片"},
                                                  {"芯片", B, 1, "芯片"}}, 2);
}

static void test_tokens_append(void **state)
{
    (void)state;
    init();
    text_tokens t = {0};
    qiao_err e = {0};
    assert_int_equal(text_tokenize("芯片", strlen("芯片"), &t, &e), 0);
    size_t first = t.n;
    assert_int_equal(text_tokenize("ADC 芯片", strlen("ADC 芯片"), &t, &e), 0);
    assert_int_equal(t.n, first + 3);
    assert_string_equal(text_token_term(&t, first), "adc");
    assert_int_equal(t.v[first].pos, 0);
    assert_string_equal(text_token_term(&t, 0), "芯片");
    void *v = t.v;
    text_tokens_clear(&t);
    assert_int_equal(t.n, 0);
    assert_ptr_equal(t.v, v);
    text_tokens_free(&t);
}

/* An input large enough to make the workspace shrink afterwards. */
static void test_tokens_large(void **state)
{
    (void)state;
    init();
    enum { REP = 400000 };
    const char unit[] = "ab 芯片 ";    /* 4 + 7 bytes, 6 characters */
    size_t ul = strlen(unit);
    char *big = malloc(ul * REP + 1);
    assert_non_null(big);
    for (size_t i = 0; i < REP; i++)
        memcpy(big + i * ul, unit, ul);
    text_tokens t = {0};
    qiao_err e = {0};
    assert_int_equal(text_tokenize(big, ul * REP, &t, &e), 0);
    assert_int_equal(t.n, 3 * (size_t)REP); /* ab, word 芯片, bigram 芯片 */
    size_t last = t.n - 1;
    assert_string_equal(text_token_term(&t, last), "芯片");
    assert_int_equal(t.v[last].pos, 6 * (REP - 1) + 3);
    assert_int_equal(t.v[last].src_off, ul * (REP - 1) + 3);
    free(big);
    text_tokens_clear(&t);
    assert_int_equal(text_tokenize("电子科大", strlen("电子科大"), &t, &e), 0);
    assert_int_equal(t.n, 5);
    text_tokens_free(&t);
}

/* Traditional sentences of the seed (with its annotations) and their
 * simplified form written by hand: the token streams must be identical. */
static const char *const TRAD[] = {
    "2023年成(chéng)都(dōu)市科技創新暨成(chéng)果轉化工作推進(jìn)會召開(kāi)",
    "電子科技大學(xué)集成(chéng)電路科學(xué)與工程學(xué)院發(fā)布了單片全集成(chéng)自驅動智能(néng)"
    "射頻标簽(RFID)微系統、超高速模數轉換芯片、高性能(néng)MOS控制二極管等11項科技成(chéng)"
    "果轉化項目,引起(qǐ)了廣泛關注。",
    "3月10日,“菁蓉彙·校企雙進(jìn)·科學(xué)家進(jìn)園區”電子科技大學(xué)市校成(chéng)果對(duì)接活動"
    "暨聚焦集成(chéng)電路服務産業建圈強鏈論壇在電子科大科技園(天府園)舉行。",
    "在成(chéng)都(dōu)電子科大創業孵化服務有限公司總經(jīng)理徐楓看來,打通技術到産品和市場的"
    "“最後(hòu)一公裡(lǐ)”,其難點和堵點在于有效的需求端。",
    "下一步,成(chéng)都(dōu)將(jiāng)從深化體制機制改革、發(fā)揮平台牽引作用、推動産學(xué)研深度融合、"
    "完善轉化服務體系建設四個方面(miàn)加強政策支持",
};
static const char *const SIMP[] = {
    "2023年成都市科技创新暨成果转化工作推进会召开",
    "电子科技大学集成电路科学与工程学院发布了单片全集成自驱动智能"
    "射频标签(RFID)微系统、超高速模数转换芯片、高性能MOS控制二极管等11项科技成"
    "果转化项目,引起了广泛关注。",
    "3月10日,“菁蓉汇·校企双进·科学家进园区”电子科技大学市校成果对接活动"
    "暨聚焦集成电路服务产业建圈强链论坛在电子科大科技园(天府园)举行。",
    "在成都电子科大创业孵化服务有限公司总经理徐枫看来,打通技术到产品和市场的"
    "“最后一公里”,其难点和堵点在于有效的需求端。",
    "下一步,成都将从深化体制机制改革、发挥平台牵引作用、推动产学研深度融合、"
    "完善转化服务体系建设四个方面加强政策支持",
};

static void test_trad_simp_same_tokens(void **state)
{
    (void)state;
    init();
    for (size_t s = 0; s < sizeof TRAD / sizeof TRAD[0]; s++) {
        text_tokens a = {0}, b = {0};
        qiao_err e = {0};
        assert_int_equal(text_tokenize(TRAD[s], strlen(TRAD[s]), &a, &e), 0);
        assert_int_equal(text_tokenize(SIMP[s], strlen(SIMP[s]), &b, &e), 0);
        assert_true(a.n > 10);
        for (size_t i = 0; i < a.n && i < b.n; i++)
            if (strcmp(text_token_term(&a, i), text_token_term(&b, i)) ||
                a.v[i].kind != b.v[i].kind || a.v[i].pos != b.v[i].pos)
                fail_msg("sentence %zu token %zu: %s/%d/%u vs %s/%d/%u", s, i,
                         text_token_term(&a, i), a.v[i].kind, a.v[i].pos,
                         text_token_term(&b, i), b.v[i].kind, b.v[i].pos);
        assert_int_equal(a.n, b.n);
        text_tokens_free(&a);
        text_tokens_free(&b);
    }
}

/* ---- threads ------------------------------------------------------------ */

typedef struct job {
    const char *const *texts;
    size_t ntexts;
    text_tokens *ref;      /* single-threaded results */
    int ok;
} job;

static int same(const text_tokens *a, const text_tokens *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(text_token_term(a, i), text_token_term(b, i)) ||
            a->v[i].kind != b->v[i].kind || a->v[i].pos != b->v[i].pos ||
            a->v[i].src_off != b->v[i].src_off || a->v[i].src_len != b->v[i].src_len)
            return 0;
    return 1;
}

static void *worker(void *p)
{
    job *j = p;
    text_tokens t = {0};
    qiao_err e = {0};
    j->ok = 1;
    for (int round = 0; round < 60; round++)
        for (size_t i = 0; i < j->ntexts; i++) {
            text_tokens_clear(&t);
            if (text_tokenize(j->texts[i], strlen(j->texts[i]), &t, &e) < 0 ||
                !same(&t, &j->ref[i]))
                j->ok = 0;
        }
    text_tokens_free(&t);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    init();
    size_t n;
    char *seed = read_seed(&n);
    const char *texts[] = {seed, TRAD[1], SIMP[2], "ＡＤＣ 電子科大 12位以上、1GSPS"};
    enum { NT = sizeof texts / sizeof texts[0], THREADS = 4 };
    text_tokens ref[NT] = {{0}};
    qiao_err e = {0};
    for (size_t i = 0; i < NT; i++)
        assert_int_equal(text_tokenize(texts[i], strlen(texts[i]), &ref[i], &e), 0);
    pthread_t th[THREADS];
    job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i] = (job){texts, NT, ref, 0};
        assert_int_equal(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        assert_true(jobs[i].ok);
    }
    for (size_t i = 0; i < NT; i++)
        text_tokens_free(&ref[i]);
    free(seed);
}

static int teardown_all(void **state)
{
    (void)state;
    text_shutdown();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_strip),
        cmocka_unit_test(test_strip_rule),
        cmocka_unit_test(test_seed_normalize),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_tokens_golden),
        cmocka_unit_test(test_tokens_append),
        cmocka_unit_test(test_tokens_large),
        cmocka_unit_test(test_trad_simp_same_tokens),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, teardown_all);
}
