/* model/amount.c — amounts of money as people write them ("50万", "1.2亿",
 * "300,000", "30万元") and as pages show them ("30 万元"); see input.h. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "model/ascii.h"
#include "model/input.h"

/* The input as ASCII tokens: digits, '.', ',', '-', ' ', and the units
 * 元 'Y', 万 'W', 亿 'E'. Returns the length, or -1 for any other character. */
static long normalise(const char *s, size_t len, char *out, size_t cap)
{
    static const model_glyph map[] = {
        {"元", 'Y'}, {"万", 'W'}, {"亿", 'E'}, {"．", '.'}, {"，", ','}, {"－", '-'},
        {"　", ' '}, {"￥", '$'}, {"¥", '$'},
    };
    return model_ascii_of(s, len, "0123456789.,- \t", map, sizeof map / sizeof *map, out, cap);
}

static const char *skip_sp(const char *p)
{
    while (*p == ' ')
        p++;
    return p;
}

int model_amount_parse(const char *s, size_t len, long long *yuan, const char **code)
{
    char a[256], ip[64], fp[64];
    size_t ni = 0, nf = 0;
    int u = 0;
    bool neg = false;
    *code = "amount_format";
    if (len >= sizeof a || normalise(s, len, a, sizeof a) < 0)
        return QIAO_EINVAL;
    const char *p = skip_sp(a);
    if (!*p) {
        *code = "required";
        return QIAO_EINVAL;
    }
    if (*p == '$')
        p = skip_sp(p + 1);
    if (*p == '-') {
        neg = true;
        p = skip_sp(p + 1);
    }
    if (*p < '0' || *p > '9')
        return QIAO_EINVAL;
    for (; (*p >= '0' && *p <= '9') || *p == ','; p++) {
        if (*p == ',') {
            if (p[1] < '0' || p[1] > '9')
                return QIAO_EINVAL;   /* a comma stands between digits */
            continue;
        }
        if (ni == 0 && *p == '0')
            continue;                 /* leading zeros */
        if (ni + 1 >= sizeof ip) {
            *code = neg ? "amount_negative" : "amount_range";
            return QIAO_EINVAL;
        }
        ip[ni++] = *p;
    }
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return QIAO_EINVAL;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (nf + 1 >= sizeof fp)
                return QIAO_EINVAL;
            fp[nf++] = *p;
        }
    }
    p = skip_sp(p);
    if (*p == 'W')
        u = 4, p++;
    else if (*p == 'E')
        u = 8, p++;
    if (*p == 'Y')
        p++;
    if (*skip_sp(p))
        return QIAO_EINVAL;
    while (nf && fp[nf - 1] == '0')
        nf--;                         /* 1.50万 is 1.5万 */
    bool zero = ni == 0 && nf == 0;
    if (neg && !zero) {
        *code = "amount_negative";
        return QIAO_EINVAL;
    }
    if (nf > (size_t)u) {
        *code = "amount_fraction";
        return QIAO_EINVAL;
    }
    if (ni + (size_t)u > 11) {        /* MODEL_AMOUNT_MAX has 11 digits */
        *code = "amount_range";
        return QIAO_EINVAL;
    }
    long long v = 0;
    for (size_t i = 0; i < ni; i++)
        v = v * 10 + (ip[i] - '0');
    for (int i = 0; i < u; i++)
        v = v * 10 + ((size_t)i < nf ? fp[i] - '0' : 0);
    if (v > MODEL_AMOUNT_MAX) {
        *code = "amount_range";
        return QIAO_EINVAL;
    }
    *yuan = v;
    *code = NULL;
    return 0;
}

/* Appends x with thousands commas. */
static size_t group(long long x, char *out, size_t cap)
{
    char d[32];
    int n = snprintf(d, sizeof d, "%lld", x), w = 0;
    char t[48];
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            t[w++] = ',';
        t[w++] = d[i];
    }
    t[w] = '\0';
    return (size_t)snprintf(out, cap, "%s", t);
}

void model_amount_format(long long yuan, char *out, size_t cap)
{
    if (cap == 0)
        return;
    if (yuan < 0) {
        snprintf(out, cap, "-");
        size_t n = strlen(out);
        model_amount_format(yuan == -yuan ? 0 : -yuan, out + n, cap - n);
        return;
    }
    long long unit = 1;
    const char *name = "元";
    if (yuan >= 100000000LL && yuan % 10000 == 0)
        unit = 100000000LL, name = "亿元";
    else if (yuan >= 10000)
        unit = 10000, name = "万元";
    size_t n = group(yuan / unit, out, cap);
    long long frac = yuan % unit;
    if (frac && n < cap) {
        char f[16];
        int digits = unit == 10000 ? 4 : 8;
        snprintf(f, sizeof f, "%0*lld", digits, frac);
        for (int i = digits - 1; i > 0 && f[i] == '0'; i--)
            f[i] = '\0';
        n += (size_t)snprintf(out + n, cap - n, ".%s", f);
    }
    if (n < cap)
        snprintf(out + n, cap - n, " %s", name);
}
