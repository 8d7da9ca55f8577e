/* match/paste.c — a pasted text as a transient record, so that "try a match
 * without publishing" (/try, `qiao match --text`) ranks it exactly as a
 * stored record is ranked (match_query_from_record). Nothing is stored. */
#include <stdio.h>
#include <string.h>

#include "match/match.h"

/* Bytes of the first `max` characters of s[0..len). */
static size_t prefix_chars(const char *s, size_t len, size_t max)
{
    size_t i = 0, n = 0;
    while (i < len && n < max) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        n++;
    }
    return i;
}

static size_t count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static int space_at(const char *s, size_t len, size_t i, size_t *w)
{
    if (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) {
        *w = 1;
        return 1;
    }
    if (i + 3 <= len && memcmp(s + i, "\xe3\x80\x80", 3) == 0) {   /* ideographic space */
        *w = 3;
        return 1;
    }
    return 0;
}

/* s[*b..*end) without leading and trailing blanks. */
static void trim(const char *s, size_t *b, size_t *end)
{
    size_t w;
    while (*b < *end && space_at(s, *end, *b, &w))
        *b += w;
    while (*end > *b) {
        size_t i = *end - 1;
        while (i > *b && ((unsigned char)s[i] & 0xC0) == 0x80)
            i--;
        if (!space_at(s, *end, i, &w) || i + w != *end)
            break;
        *end = i;
    }
}

/* The end of the first sentence in s[0..len) (after its mark), or 0. */
static size_t sentence_end(const char *s, size_t len)
{
    static const char *const marks[] = {"\xe3\x80\x82", "\xef\xbc\x81", "\xef\xbc\x9f",
                                        "\xef\xbc\x9b", ". ", "! ", "? ", NULL};
    size_t best = 0;
    for (int m = 0; marks[m]; m++) {
        const char *p = memmem(s, len, marks[m], strlen(marks[m]));
        if (p && (!best || (size_t)(p - s) + strlen(marks[m]) < best))
            best = (size_t)(p - s) + strlen(marks[m]);
    }
    return best;
}

int match_record_from_text(model_kind kind, const char *text, model_record *out,
                           qiao_err *e)
{
    memset(out, 0, sizeof *out);
    if (kind != MODEL_DEMAND && kind != MODEL_ACHIEVEMENT)
        return qiao_errf(e, QIAO_EINVAL, "a pasted text is matched as a demand or an achievement");
    size_t len = text ? strlen(text) : 0, n = count_chars(text ? text : "", len);
    if (n > MATCH_PASTE_MAX)
        return qiao_errf(e, QIAO_EINVAL, "the text has %zu characters; at most %d are matched",
                         n, MATCH_PASTE_MAX);
    size_t b = 0, end = len;
    if (text)
        trim(text, &b, &end);
    if (b >= end)
        return qiao_errf(e, QIAO_EINVAL, "the text is empty");
    const char *s = text + b;
    size_t slen = end - b;
    const char *nl = memchr(s, '\n', slen);
    size_t tlen = nl ? (size_t)(nl - s) : slen, rest = nl ? tlen + 1 : slen;
    if (count_chars(s, tlen) > MATCH_PASTE_TITLE_MAX) {   /* no title line: a sentence */
        size_t se = sentence_end(s, tlen);
        tlen = se && count_chars(s, se) <= MATCH_PASTE_TITLE_MAX
                   ? se : prefix_chars(s, tlen, MATCH_PASTE_TITLE_MAX);
        rest = tlen;
    }
    size_t tb = 0, te = tlen, db = rest, de = slen;
    trim(s, &tb, &te);
    trim(s, &db, &de);
    json_t *doc = json_object();
    json_object_set_new(doc, "kind", json_string(model_kind_name(kind)));
    json_object_set_new(doc, "title", json_stringn(s + tb, te - tb));
    if (de > db)
        json_object_set_new(doc, kind == MODEL_DEMAND ? "description" : "summary",
                            json_stringn(s + db, de - db));
    out->kind = kind;
    out->doc = doc;
    return 0;
}
