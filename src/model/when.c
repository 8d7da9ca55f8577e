/* model/when.c — dates and times as people write them ("2027-01-15 09:00",
 * "2027年1月15日") and as pages show them (Beijing time); see input.h. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "model/ascii.h"
#include "model/input.h"

#define BEIJING (8 * 3600)
#define YEAR_MIN 1900
#define YEAR_MAX 2200

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long long days_of(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_of(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int mdays(int y, int m)
{
    static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return n[m - 1] + (m == 2 && leap);
}

/* Full-width digits and ：to ASCII; 年 'y', 月 'm', 日 'd'; U+3000 to ' '.
 * -1 for a character no date has. */
static long normalise(const char *s, size_t len, char *out, size_t cap)
{
    static const model_glyph map[] = {
        {"年", 'y'}, {"月", 'm'}, {"日", 'd'}, {"：", ':'}, {"　", ' '}, {"－", '-'},
        {"／", '/'}, {"＋", '+'},
    };
    return model_ascii_of(s, len, "0123456789-/:T+Z \t", map, sizeof map / sizeof *map, out,
                          cap);
}

/* Reads 1..max digits. */
static bool num(const char **p, int min, int max, int *v)
{
    int x = 0, n = 0;
    while (n < max && **p >= '0' && **p <= '9') {
        x = x * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *v = x;
    return n >= min && !(**p >= '0' && **p <= '9');
}

static const char *skip_sp(const char *p)
{
    while (*p == ' ')
        p++;
    return p;
}

int model_when_parse(const char *s, size_t len, char *out, size_t cap, const char **code)
{
    char a[128];
    int y, m, d, hh = 0, mi = 0, ss = -1, oh = 8, om = 0, osign = 1;
    bool time = false, zulu = false, offset = false;
    *code = "date";
    if (len >= sizeof a || normalise(s, len, a, sizeof a) < 0)
        return QIAO_EINVAL;
    const char *p = skip_sp(a);
    if (!*p) {
        *code = "required";
        return QIAO_EINVAL;
    }
    if (!num(&p, 4, 4, &y))
        return QIAO_EINVAL;
    char sep = *p;
    if (sep != '-' && sep != '/' && sep != 'y')
        return QIAO_EINVAL;
    p++;
    if (!num(&p, 1, 2, &m) || *p != (sep == 'y' ? 'm' : sep))
        return QIAO_EINVAL;
    p++;
    if (!num(&p, 1, 2, &d))
        return QIAO_EINVAL;
    bool ri = sep == 'y' && *p == 'd';   /* 2027年1月15日09:00 needs no space */
    if (ri)
        p++;
    const char *q = skip_sp(p);
    if (*q == 'T' && q == p)
        q++;
    else if (*q && q == p && !ri)
        return QIAO_EINVAL;           /* "2027-01-15x" */
    if (*q) {
        time = true;
        p = q;
        if (!num(&p, 1, 2, &hh) || *p++ != ':' || !num(&p, 2, 2, &mi))
            return QIAO_EINVAL;
        if (*p == ':') {
            p++;
            if (!num(&p, 2, 2, &ss))
                return QIAO_EINVAL;
        }
        p = skip_sp(p);
        if (*p == 'Z') {
            zulu = offset = true;
            oh = 0;
            p++;
        } else if (*p == '+' || *p == '-') {
            offset = true;
            osign = *p++ == '-' ? -1 : 1;
            if (!num(&p, 2, 2, &oh) || *p++ != ':' || !num(&p, 2, 2, &om) || oh > 14 ||
                om > 59)
                return QIAO_EINVAL;
        }
        if (hh > 23 || mi > 59 || ss > 59)
            return QIAO_EINVAL;
    }
    if (*skip_sp(p))
        return QIAO_EINVAL;
    if (m < 1 || m > 12 || d < 1)
        return QIAO_EINVAL;
    if (y < YEAR_MIN || y > YEAR_MAX) {
        *code = "date_range";
        return QIAO_EINVAL;
    }
    if (d > mdays(y, m))
        return QIAO_EINVAL;
    if (time) {
        /* the year in Beijing time must be in range too (pages show it) */
        long long t = days_of(y, m, d) * 86400 + hh * 3600 + mi * 60 -
                      osign * (oh * 3600 + om * 60) + BEIJING;
        int by, bm, bd;
        civil_of(t >= 0 ? t / 86400 : -((-t + 86399) / 86400), &by, &bm, &bd);
        if (by < YEAR_MIN || by > YEAR_MAX) {
            *code = "date_range";
            return QIAO_EINVAL;
        }
    }
    int n;
    if (!time)
        n = snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
    else {
        char off[8];
        if (zulu)
            snprintf(off, sizeof off, "Z");
        else if (offset)
            snprintf(off, sizeof off, "%c%02d:%02d", osign < 0 ? '-' : '+', oh, om);
        else
            snprintf(off, sizeof off, "+08:00");
        char sec[16] = "";
        if (ss >= 0)
            snprintf(sec, sizeof sec, ":%02d", ss);
        n = snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d%s%s", y, m, d, hh, mi, sec, off);
    }
    if (n < 0 || (size_t)n >= cap)
        return QIAO_EINVAL;
    *code = NULL;
    return 0;
}

/* Splits a canonical value (model_valid_date's form) into its parts. */
static int split_iso(const char *iso, int *y, int *m, int *d, int *hh, int *mi, int *ss,
                     int *off, bool *time)
{
    const char *p = iso;
    if (!num(&p, 4, 4, y) || *p++ != '-' || !num(&p, 2, 2, m) || *p++ != '-' ||
        !num(&p, 2, 2, d) || *m < 1 || *m > 12 || *d < 1 || *d > mdays(*y, *m))
        return -1;
    *hh = *mi = *ss = *off = 0;
    *time = *p != '\0';
    if (!*time)
        return 0;
    if (*p++ != 'T' || !num(&p, 2, 2, hh) || *p++ != ':' || !num(&p, 2, 2, mi) || *hh > 23 ||
        *mi > 59)
        return -1;
    if (*p == ':') {
        p++;
        if (!num(&p, 2, 2, ss) || *ss > 60)
            return -1;
        if (*p == '.') {
            p++;
            while (*p >= '0' && *p <= '9')
                p++;
        }
    }
    if (*p == 'Z')
        return p[1] ? -1 : 0;
    if (*p != '+' && *p != '-')
        return -1;
    int sign = *p++ == '-' ? -1 : 1, oh, om;
    if (!num(&p, 2, 2, &oh) || *p++ != ':' || !num(&p, 2, 2, &om) || *p)
        return -1;
    *off = sign * (oh * 3600 + om * 60);
    return 0;
}

int model_when_epoch(const char *iso, long long *t)
{
    int y, m, d, hh, mi, ss, off;
    bool time;
    if (split_iso(iso, &y, &m, &d, &hh, &mi, &ss, &off, &time) < 0)
        return -1;
    *t = time ? days_of(y, m, d) * 86400 + hh * 3600 + mi * 60 + ss - off
              : days_of(y, m, d) * 86400 - BEIJING;
    return 0;
}

int model_when_format(const char *iso, char *out, size_t cap)
{
    int y, m, d, hh, mi, ss, off;
    bool time;
    if (split_iso(iso, &y, &m, &d, &hh, &mi, &ss, &off, &time) < 0) {
        snprintf(out, cap, "%s", iso);
        return -1;
    }
    if (!time) {
        snprintf(out, cap, "%d年%d月%d日", y, m, d);
        return 0;
    }
    long long t = days_of(y, m, d) * 86400 + hh * 3600 + mi * 60 + ss - off + BEIJING;
    long long day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    long long sec = t - day * 86400;
    civil_of(day, &y, &m, &d);
    int n = snprintf(out, cap, "%d年%d月%d日 %02lld:%02lld", y, m, d, sec / 3600,
                     sec / 60 % 60);
    if (sec % 60 && n > 0 && (size_t)n < cap)
        snprintf(out + n, cap - (size_t)n, ":%02lld", sec % 60);
    return 0;
}

void model_today(time_t now, char out[11])
{
    int y, m, d;
    civil_of(((long long)now + BEIJING) / 86400, &y, &m, &d);
    char t[32];
    snprintf(t, sizeof t, "%04d-%02d-%02d", y, m, d);
    memcpy(out, t, 10);
    out[10] = '\0';
}
