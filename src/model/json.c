/* model/json.c — a strict JSON reader and a compact writer for records.
 *
 * jansson holds the values; this file only reads and writes text, several
 * times faster than jansson's own loader and dumper (which read through a
 * stream a character at a time): a string without escapes is one scan and
 * one copy. Bulk import and store scans spend most of their time here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/scan.h"

#define DEPTH_MAX 32

/* 1 for the bytes that end a plain run inside a JSON string: control
 * characters, '"' and '\\'. */
static const unsigned char special[256] = {
    [0x00 ... 0x1F] = 1, ['"'] = 1, ['\\'] = 1,
};

typedef struct rd {
    const unsigned char *p, *end, *start;
    char *err;
    size_t errcap;
    buf tmp;                 /* unescaped string bytes */
    int depth;
} rd;

static json_t *fail(rd *r, const char *what)
{
    if (r->err && !r->err[0])
        snprintf(r->err, r->errcap, "%s at byte %zu", what, (size_t)(r->p - r->start) + 1);
    return NULL;
}

static void ws(rd *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int hex4(const unsigned char *p, unsigned *v)
{
    unsigned x = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = p[i], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return 0;
        x = x * 16 + d;
    }
    *v = x;
    return 1;
}

static void put_utf8(buf *b, unsigned cp)
{
    char o[4];
    size_t n;
    if (cp < 0x80) { o[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { o[0] = (char)(0xC0 | cp >> 6); o[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        o[0] = (char)(0xF0 | cp >> 18); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    buf_append(b, o, n);
}

/* Reads a string (r->p at the opening quote). On success *s, *n point either
 * into the input or into r->tmp. */
static int str(rd *r, const char **s, size_t *n)
{
    const unsigned char *p = ++r->p, *q = p + scan_plain(p, (size_t)(r->end - p), special);
    if (q < r->end && *q == '"') {        /* no escapes: the common case */
        *s = (const char *)p;
        *n = (size_t)(q - p);
        r->p = q + 1;
        return 1;
    }
    buf_clear(&r->tmp);
    buf_append(&r->tmp, p, (size_t)(q - p));
    r->p = q;
    for (;;) {
        if (r->p >= r->end)
            return fail(r, "unterminated string"), 0;
        unsigned c = *r->p;
        if (c == '"') {
            r->p++;
            break;
        }
        if (c < 0x20)
            return fail(r, "control character in a string (escape it)"), 0;
        if (c != '\\') {
            const unsigned char *run = r->p;
            r->p += scan_plain(r->p, (size_t)(r->end - r->p), special);
            buf_append(&r->tmp, run, (size_t)(r->p - run));
            continue;
        }
        if (r->p + 1 >= r->end)
            return fail(r, "unterminated string"), 0;
        c = r->p[1];
        r->p += 2;
        switch (c) {
        case '"': buf_putc(&r->tmp, '"'); break;
        case '\\': buf_putc(&r->tmp, '\\'); break;
        case '/': buf_putc(&r->tmp, '/'); break;
        case 'b': buf_putc(&r->tmp, '\b'); break;
        case 'f': buf_putc(&r->tmp, '\f'); break;
        case 'n': buf_putc(&r->tmp, '\n'); break;
        case 'r': buf_putc(&r->tmp, '\r'); break;
        case 't': buf_putc(&r->tmp, '\t'); break;
        case 'u': {
            unsigned cp, lo;
            if (r->end - r->p < 4 || !hex4(r->p, &cp))
                return fail(r, "bad \\u escape"), 0;
            r->p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u' ||
                    !hex4(r->p + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    return fail(r, "lone surrogate in a \\u escape"), 0;
                r->p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return fail(r, "lone surrogate in a \\u escape"), 0;
            }
            if (cp == 0)
                return fail(r, "\\u0000 (a NUL character) is not allowed"), 0;
            put_utf8(&r->tmp, cp);
            break;
        }
        default:
            r->p -= 2;
            return fail(r, "bad escape in a string"), 0;
        }
    }
    *s = buf_cstr(&r->tmp);
    *n = r->tmp.len;
    return 1;
}

static json_t *value(rd *r);

static json_t *number(rd *r)
{
    const unsigned char *s = r->p, *p = s;
    int real = 0;
    if (p < r->end && *p == '-')
        p++;
    if (p < r->end && *p == '0')
        p++;
    else if (p < r->end && *p >= '1' && *p <= '9')
        while (p < r->end && *p >= '0' && *p <= '9')
            p++;
    else
        return fail(r, "invalid value");
    if (p < r->end && *p == '.') {
        real = 1;
        p++;
        if (p >= r->end || *p < '0' || *p > '9')
            return r->p = p, fail(r, "invalid number");
        while (p < r->end && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < r->end && (*p == 'e' || *p == 'E')) {
        real = 1;
        p++;
        if (p < r->end && (*p == '+' || *p == '-'))
            p++;
        if (p >= r->end || *p < '0' || *p > '9')
            return r->p = p, fail(r, "invalid number");
        while (p < r->end && *p >= '0' && *p <= '9')
            p++;
    }
    char tmp[64];
    size_t n = (size_t)(p - s);
    if (n >= sizeof tmp)
        return fail(r, "number too long");
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    r->p = p;
    if (!real) {
        unsigned long long x = 0;
        const char *d = tmp + (tmp[0] == '-');
        for (; *d; d++) {
            unsigned v = (unsigned)(*d - '0');
            if (x > (9223372036854775807ULL - v) / 10)
                return r->p = s, fail(r, "integer too big");
            x = x * 10 + v;
        }
        return json_integer(tmp[0] == '-' ? -(long long)x : (long long)x);
    }
    return json_real(strtod(tmp, NULL));
}

static json_t *object(rd *r)
{
    json_t *o = json_object();
    r->p++;
    ws(r);
    if (r->p < r->end && *r->p == '}') {
        r->p++;
        return o;
    }
    for (;;) {
        ws(r);
        if (r->p >= r->end || *r->p != '"')
            goto bad_key;
        const char *k;
        size_t kn;
        if (!str(r, &k, &kn))
            goto err;
        char kbuf[64];
        char *key = kn < sizeof kbuf ? memcpy(kbuf, k, kn) : qiao_strndup(k, kn);
        key[kn] = '\0';
        ws(r);
        if (r->p >= r->end || *r->p != ':') {
            if (key != kbuf)
                free(key);
            fail(r, "expected ':'");
            goto err;
        }
        r->p++;
        json_t *v = value(r);
        if (!v) {
            if (key != kbuf)
                free(key);
            goto err;
        }
        if (json_object_getn(o, key, kn)) {
            char msg[120];
            snprintf(msg, sizeof msg, "duplicate key \"%.60s\"", key);
            if (key != kbuf)
                free(key);
            json_decref(v);
            fail(r, msg);
            goto err;
        }
        json_object_setn_new_nocheck(o, key, kn, v);
        if (key != kbuf)
            free(key);
        ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == '}') {
            r->p++;
            return o;
        }
        fail(r, "expected ',' or '}'");
        goto err;
    }
bad_key:
    fail(r, "expected a key in double quotes");
err:
    json_decref(o);
    return NULL;
}

static json_t *array(rd *r)
{
    json_t *a = json_array();
    r->p++;
    ws(r);
    if (r->p < r->end && *r->p == ']') {
        r->p++;
        return a;
    }
    for (;;) {
        json_t *v = value(r);
        if (!v)
            break;
        json_array_append_new(a, v);
        ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == ']') {
            r->p++;
            return a;
        }
        fail(r, "expected ',' or ']'");
        break;
    }
    json_decref(a);
    return NULL;
}

static int word(rd *r, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(r->end - r->p) >= n && memcmp(r->p, w, n) == 0) {
        r->p += n;
        return 1;
    }
    return 0;
}

static json_t *value(rd *r)
{
    ws(r);
    if (r->p >= r->end)
        return fail(r, "unexpected end of the line");
    json_t *v;
    switch (*r->p) {
    case '{':
    case '[':
        if (++r->depth > DEPTH_MAX)
            return fail(r, "nested too deeply");
        v = *r->p == '{' ? object(r) : array(r);
        r->depth--;
        return v;
    case '"': {
        const char *s;
        size_t n;
        return str(r, &s, &n) ? json_stringn_nocheck(s, n) : NULL;
    }
    case 't': return word(r, "true") ? json_true() : fail(r, "invalid value");
    case 'f': return word(r, "false") ? json_false() : fail(r, "invalid value");
    case 'n': return word(r, "null") ? json_null() : fail(r, "invalid value");
    default: return number(r);
    }
}

json_t *model_json_parse(const char *s, size_t len, char *err, size_t errcap)
{
    rd r = {(const unsigned char *)s, (const unsigned char *)s + len,
            (const unsigned char *)s, err, errcap, {0}, 0};
    if (err && errcap)
        err[0] = '\0';
    json_t *v = value(&r);
    if (v) {
        ws(&r);
        if (r.p != r.end) {
            json_decref(v);
            v = fail(&r, "text after the end of the value");
        }
    }
    buf_free(&r.tmp);
    return v;
}

static void put_str(buf *b, const char *s, size_t n)
{
    static const char hexd[] = "0123456789abcdef";
    buf_reserve(b, n + 2);
    buf_putc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        i += scan_plain((const unsigned char *)s + i, n - i, special);
        if (i == n)
            break;
        unsigned char c = (unsigned char)s[i];
        buf_append(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        case '\b': buf_puts(b, "\\b"); break;
        case '\f': buf_puts(b, "\\f"); break;
        default: {
            char u[7] = {'\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15], 0};
            buf_puts(b, u);
        }
        }
    }
    buf_append(b, s + run, n - run);
    buf_putc(b, '"');
}

void model_json_put_string(buf *out, const char *s, size_t n)
{
    put_str(out, s, n);
}

void model_json_dump(const json_t *v, buf *b)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        buf_putc(b, '{');
        int first = 1;
        const char *k;
        size_t kn;
        json_t *x;
        json_object_keylen_foreach((json_t *)v, k, kn, x) {
            if (!first)
                buf_putc(b, ',');
            first = 0;
            put_str(b, k, kn);
            buf_putc(b, ':');
            model_json_dump(x, b);
        }
        buf_putc(b, '}');
        break;
    }
    case JSON_ARRAY:
        buf_putc(b, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                buf_putc(b, ',');
            model_json_dump(json_array_get(v, i), b);
        }
        buf_putc(b, ']');
        break;
    case JSON_STRING:
        put_str(b, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        buf_printf(b, "%lld", (long long)json_integer_value(v));
        break;
    case JSON_REAL:
        buf_printf(b, "%.17g", json_real_value(v));
        break;
    case JSON_TRUE: buf_puts(b, "true"); break;
    case JSON_FALSE: buf_puts(b, "false"); break;
    case JSON_NULL: buf_puts(b, "null"); break;
    }
}
