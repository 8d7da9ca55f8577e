/* project/time.c — instants and Beijing calendar dates for history, filters
 * and overdue milestones. The calendar is the proleptic Gregorian one; the
 * conversion between days and dates is the usual era/day-of-era arithmetic. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "project/project.h"

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int month_days(int y, int m)
{
    static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : md[m - 1];
}

int project_time_parse(const char *s, int64_t *t, char day[11])
{
    int y, mo, d, h = 0, mi = 0, sec = 0, off = PROJECT_TZ_OFFSET;
    if (!s || strlen(s) < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
        s[7] != '-' || digits(s + 8, 2, &d) || mo < 1 || mo > 12 || d < 1 ||
        d > month_days(y, mo))
        return QIAO_EINVAL;
    const char *p = s + 10;
    if (*p) {
        if (*p != 'T' || digits(p + 1, 2, &h) || p[3] != ':' || digits(p + 4, 2, &mi) ||
            h > 23 || mi > 59)
            return QIAO_EINVAL;
        p += 6;
        if (*p == ':') {
            if (digits(p + 1, 2, &sec) || sec > 60)
                return QIAO_EINVAL;
            p += 3;
            if (*p == '.') {
                p++;
                if (*p < '0' || *p > '9')
                    return QIAO_EINVAL;
                while (*p >= '0' && *p <= '9')
                    p++;
            }
        }
        int oh, om;
        if (*p == 'Z' && p[1] == '\0')
            off = 0;
        else if ((*p == '+' || *p == '-') && !digits(p + 1, 2, &oh) && p[3] == ':' &&
                 !digits(p + 4, 2, &om) && p[6] == '\0' && oh <= 23 && om <= 59)
            off = (*p == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        else
            return QIAO_EINVAL;
    }
    *t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec - off;
    if (day)
        project_day_of(*t, day);
    return 0;
}

static void split(int64_t t, int *y, unsigned *m, unsigned *d, int *secs)
{
    int64_t local = t + PROJECT_TZ_OFFSET;
    int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    *secs = (int)(local - days * 86400);
    civil_from_days(days, y, m, d);
}

void project_day_of(int64_t t, char day[11])
{
    int y, secs;
    unsigned m, d;
    split(t, &y, &m, &d, &secs);
    snprintf(day, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, m % 13u, d % 32u);
}

void project_time_format(int64_t t, char out[32])
{
    int y, secs;
    unsigned m, d;
    split(t, &y, &m, &d, &secs);
    unsigned u = (unsigned)secs % 86400u;
    snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02u+08:00", (unsigned)y % 10000u, m % 13u,
             d % 32u, u / 3600u, u / 60u % 60u, u % 60u);
}

int64_t project_time_now(void)
{
    return (int64_t)time(NULL);
}

long project_days_between(const char *a, const char *b)
{
    int64_t ta, tb;
    if (project_time_parse(a, &ta, NULL) || project_time_parse(b, &tb, NULL))
        return 0;
    return (long)((tb - ta) / 86400);
}
