/* sched/write.c — the result's JSON text written straight into a buffer:
 * the same bytes as json_dumps(sched_result_to_json(in, res), JSON_INDENT(1)
 * | JSON_REAL_PRECISION(6)), without building and freeing a tree of some
 * 100,000 values at 12,000 requests (that took as long as the rest of the
 * output). tests/unit/test_sched_write.c holds the two to the same text. */
#include <stdio.h>
#include <string.h>

#include "sched/sched.h"

/* A JSON string as jansson writes it without JSON_ENSURE_ASCII: UTF-8 as
 * it is; ", \ and the control characters escaped (\uXXXX in upper case). */
static void put_str(buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    buf_putc(b, '"');
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        buf_append(b, run, (size_t)(s - run));
        run = s + 1;
        switch (c) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\b': buf_puts(b, "\\b"); break;
        case '\f': buf_puts(b, "\\f"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default: {
            char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            buf_puts(b, u);
        }
        }
    }
    buf_append(b, run, (size_t)(s - run));
    buf_putc(b, '"');
}

/* A real with 6 significant digits as jansson writes it: ".0" added when it
 * reads as an integer; the exponent without '+' or leading zeros. */
static void put_real(buf *b, double v)
{
    char s[64];
    int n = snprintf(s, sizeof s - 3, "%.6g", v);
    if (n < 0 || n >= (int)sizeof s - 3)
        n = 0;
    s[n] = 0;
    char *x = strchr(s, 'e');
    if (x) {
        char *from = x + 1, *to = x + 1;
        if (*from == '+')
            from++;
        else if (*from == '-')
            from = ++to;
        while (*from == '0' && from[1])
            from++;
        memmove(to, from, strlen(from) + 1);
        n = (int)strlen(s);
    }
    if (strspn(s, "0123456789-") == (size_t)n) {
        s[n++] = '.';
        s[n++] = '0';
        s[n] = 0;
    }
    buf_append(b, s, (size_t)n);
}

static void key(buf *b, const char *indent, const char *k, int first)
{
    if (!first)
        buf_putc(b, ',');
    buf_putc(b, '\n');
    buf_puts(b, indent);
    put_str(b, k);
    buf_puts(b, ": ");
}

static void meetings(buf *b, const sched_instance *in, const sched_result *res, int scheduled)
{
    int n = 0;
    buf_putc(b, '[');
    for (int i = 0; i < in->nmeetings && i < res->nmeetings; i++) {
        if ((res->slot[i] != SCHED_NONE) != scheduled)
            continue;
        const sched_meeting *m = &in->meetings[i];
        buf_puts(b, n++ ? ",\n  {" : "\n  {");
        key(b, "   ", "id", 1);
        put_str(b, m->id);
        key(b, "   ", "from", 0);
        put_str(b, in->participants[m->a].id);
        key(b, "   ", "to", 0);
        put_str(b, in->participants[m->b].id);
        key(b, "   ", "priority", 0);
        buf_printf(b, "%d", m->priority);
        if (scheduled) {
            key(b, "   ", "slot", 0);
            buf_printf(b, "%d", res->slot[i] + 1);
            key(b, "   ", "table", 0);
            buf_printf(b, "%d", res->table[i] + 1);
            if (m->locked) {
                key(b, "   ", "locked", 0);
                buf_puts(b, "true");
            }
        } else {
            key(b, "   ", "reason", 0);
            put_str(b, sched_reason_name(res->reason[i]));
        }
        buf_puts(b, "\n  }");
    }
    buf_puts(b, n ? "\n ]" : "]");
}

void sched_result_write_json(const sched_instance *in, const sched_result *res, buf *b)
{
    buf_reserve(b, (size_t)res->nmeetings * 120 + 512);
    buf_putc(b, '{');
    int first = 1;
    if (in->event) {
        key(b, " ", "event", 1);
        put_str(b, in->event);
        first = 0;
    }
    key(b, " ", "meetings", first);
    meetings(b, in, res, 1);
    key(b, " ", "unscheduled", 0);
    meetings(b, in, res, 0);
    key(b, " ", "scheduled", 0);
    buf_printf(b, "%d", res->scheduled);
    key(b, " ", "requests", 0);
    buf_printf(b, "%d", res->nmeetings);
    key(b, " ", "weight", 0);
    buf_printf(b, "%ld", res->weight);
    key(b, " ", "total_weight", 0);
    buf_printf(b, "%ld", res->total_weight);
    key(b, " ", "bound", 0);
    buf_printf(b, "%ld", res->bound);
    key(b, " ", "bound_kind", 0);
    put_str(b, res->bound_kind ? res->bound_kind : "");
    key(b, " ", "ratio", 0);
    put_real(b, res->ratio);
    key(b, " ", "gaps", 0);
    buf_printf(b, "%ld", res->gaps);
    key(b, " ", "iterations", 0);
    buf_printf(b, "%ld", res->iterations);
    key(b, " ", "elapsed_ms", 0);
    put_real(b, res->elapsed_ms);
    key(b, " ", "stopped", 0);
    put_str(b, res->stopped ? res->stopped : "");
    buf_puts(b, "\n}");
}
