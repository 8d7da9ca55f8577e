/* web/search_help.c — what a search box takes: GET /help/search (the query
 * syntax with examples, in Chinese) and the check that refuses a search
 * text holding nothing to search by (web_query_vague). */
#include <string.h>

#include "text/text.h"
#include "web/pages.h"

/* Characters and words that carry no subject on their own (normalised). */
static const char *const function_chars[] = {
    "的", "了", "和", "与", "及", "或", "是", "在", "有", "我", "你", "他", "她", "它", "们",
    "这", "那", "就", "都", "也", "而", "之", "其", "把", "被", "对", "从", "为", "以", "于",
    "等", "个", "些", "吗", "呢", "吧", "啊", "并", "且", "但", "却", "又", "很", "更", "最",
    "去", "来", "上", "下", "中", "里", "着", "过", "要", "会", "能", "可", "一", "不",
};
static const char *const function_words[] = {
    "the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "with", "is", "are", "by",
};

static bool function_char(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof function_chars / sizeof *function_chars; i++)
        if (strlen(function_chars[i]) == len && memcmp(function_chars[i], s, len) == 0)
            return true;
    return false;
}

/* Every character of a Han term (bigram or unigram) is a function character. */
static bool han_vague(const char *t)
{
    while (*t) {
        size_t n = 1;
        while (((unsigned char)t[n] & 0xC0) == 0x80)
            n++;
        if (!function_char(t, n))
            return false;
        t += n;
    }
    return true;
}

bool web_query_vague(const char *q)
{
    if (!q || !*q)
        return false;
    buf words = {0};                   /* the text without filters and exclusions */
    bool filter = false;
    for (const char *p = q; *p;) {
        while (*p == ' ' || *p == '\t' || strncmp(p, "\u3000", 3) == 0)
            p += *p == ' ' || *p == '\t' ? 1 : 3;
        const char *a = p;
        while (*p && *p != ' ' && *p != '\t' && strncmp(p, "\u3000", 3) != 0)
            p++;
        size_t n = (size_t)(p - a);
        bool is_filter = false;
        for (size_t i = 0; i < n && ((a[i] >= 'a' && a[i] <= 'z') || (a[i] >= 'A' && a[i] <= 'Z'));
             i++)
            is_filter = i + 1 < n && strchr(":<>=", a[i + 1]);
        if (is_filter) {
            filter = true;
        } else if (n && *a != '-') {
            buf_append(&words, a, n);
            buf_putc(&words, ' ');
        }
    }
    bool vague = !filter;
    text_tokens tt = {0};
    /* without friso's words: a word's characters are all in the bigrams or
     * unigrams at its place, so the verdict is the same, without the
     * segmentation (most of a search request's tokenizing) */
    if (vague && words.len &&
        text_tokenize_nowords(buf_cstr(&words), words.len, &tt, NULL) == 0) {
        for (size_t i = 0; i < tt.n && vague; i++) {
            const char *t = text_token_term(&tt, i);
            switch (tt.v[i].kind) {
            case TEXT_TOK_BIGRAM:
            case TEXT_TOK_UNIGRAM:
            case TEXT_TOK_WORD:
                vague = han_vague(t);
                break;
            case TEXT_TOK_LATIN:
                vague = false;
                for (size_t w = 0; w < sizeof function_words / sizeof *function_words; w++)
                    vague = vague || strcmp(function_words[w], t) == 0;
                break;
            default:
                vague = false;         /* a number says something */
            }
        }
    }
    text_tokens_free(&tt);
    buf_free(&words);
    return vague;
}

int web_page_help_search(web_req *rq, web_resp *rs)
{
    buf *b = &rs->body;
    web_page_begin(rq, rs, "搜索帮助");
    buf_puts(b,
        "<article class=\"help\"><h1>怎样搜索</h1>"
        "<p>在科技成果、技术需求、专家与人才、参与单位的搜索框里输入词语即可，结果按相关度排序："
        "标题和关键词里出现的词比正文里出现的更靠前。繁体和简体、全角和半角都能互相找到。</p>"
        "<h2>写法</h2><table class=\"help-syntax\"><thead><tr><th>写法</th><th>意思</th>"
        "<th>例子</th></tr></thead><tbody>"
        "<tr><td>几个词，用空格隔开</td><td>含有其中任意一个词的记录，含得越多越靠前</td>"
        "<td><a href=\"/achievements?q=%E5%B0%84%E9%A2%91+%E8%8A%AF%E7%89%87\">射频 芯片</a></td></tr>"
        "<tr><td>\"精确短语\"（加双引号）</td><td>必须含有引号里的整个短语</td>"
        "<td><a href=\"/achievements?q=%22%E5%B0%84%E9%A2%91%E6%A0%87%E7%AD%BE%22\">"
        "\"射频标签\"</a></td></tr>"
        "<tr><td>-排除（词前加减号）</td><td>不要含有这个词的记录</td>"
        "<td><a href=\"/achievements?q=%E4%BC%A0%E6%84%9F%E5%99%A8+-%E5%85%89%E5%AD%A6\">"
        "传感器 -光学</a></td></tr>"
        "<tr><td><code>trl&gt;=6</code></td><td>技术成熟度（TRL）至少 6 级；也可以写 <code>trl&lt;=4</code>、<code>trl=5</code></td>"
        "<td><a href=\"/achievements?q=%E6%9D%90%E6%96%99+trl%3E%3D6\">材料 <code>trl&gt;=6</code></a></td></tr>"
        "<tr><td><code>chain:集成电路</code></td><td>只看这条产业链</td>"
        "<td><a href=\"/achievements?q=chain%3A%E9%9B%86%E6%88%90%E7%94%B5%E8%B7%AF\">"
        "<code>chain:集成电路</code></a></td></tr>"
        "<tr><td><code>zone:知识经济圈</code></td><td>只看这个知识经济圈</td><td><code>zone:环电子科大知识经济圈</code></td></tr>"
        "<tr><td><code>mode:license</code></td><td>按转化方式：<code>self</code> 自行实施、<code>assign</code> 转让、"
        "<code>license</code> 许可、<code>cooperate</code> 合作实施、<code>equity</code> 作价投资、"
        "<code>other</code> 其他</td>"
        "<td><a href=\"/demands?q=mode%3Alicense\"><code>mode:license</code></a></td></tr>"
        "</tbody></table>"
        "<h2>筛选</h2><p>结果上方的“筛选”可以按技术成熟度、产业链、知识经济圈、转化方式、"
        "单位类型和单位缩小范围，每个选项后的数字是当前搜索里符合该选项的条数。"
        "翻页和改变排序时，已选的筛选条件保持不变。</p>"
        "<h2>搜不到时</h2><ul><li>换一个说法，或去掉一些词；</li>"
        "<li>只有“的”“和”之类的虚词或只有标点时无法搜索，请输入更具体的词语；</li>"
        "<li>人名可以直接搜索，例如在“专家与人才”里输入姓名。</li></ul></article>");
    web_page_end(rq, rs);
    return 0;
}
