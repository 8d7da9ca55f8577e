/* sched/parse.c — a direct reader for the instance JSON's usual shape.
 *
 * Reading a 1.3 MB instance (12,000 requests) through a jansson tree took
 * 50–150 ms of `qiao schedule`'s time limit; this reader builds the instance
 * straight from the text in one pass. It takes only what it is sure of — the
 * top-level keys in the order event, registrations, meeting_requests; the
 * fields of docs/scheduling.md with their JSON types; other keys with scalar
 * values; strings with the simple escapes and valid UTF-8 — and returns 0 for
 * anything else (a syntax error, an escape it does not decode, a value of
 * another type, a number out of range, a duplicate, an unknown participant),
 * so that sched_instance_parse reads the text again through jansson, which
 * accepts the rest and words every error. Whatever it accepts gives the
 * instance the jansson path gives (tests/unit/test_sched_parse.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched/internal.h"

typedef struct rd {
    const char *p, *end;
    char *s;              /* the last string read, NUL-terminated (owned) */
    size_t slen, scap;
} rd;

static void ws(rd *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int lit(rd *r, char c)
{
    ws(r);
    if (r->p < r->end && *r->p == c) {
        r->p++;
        return 1;
    }
    return 0;
}

static int peek(rd *r)
{
    ws(r);
    return r->p < r->end ? (unsigned char)*r->p : -1;
}

static void sput(rd *r, char c)
{
    if (r->slen + 2 > r->scap) {
        r->scap = r->scap ? 2 * r->scap : 256;
        r->s = qiao_realloc(r->s, r->scap);
    }
    r->s[r->slen++] = c;
}

/* Bytes of a valid UTF-8 sequence at p (no overlongs, surrogates or code
 * points past U+10FFFF), or 0. */
static int utf8_len(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    int n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    if (n == 0 || c > 0xF4 || end - p < n)
        return 0;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) || (c == 0xF0 && p[1] < 0x90) ||
        (c == 0xF4 && p[1] > 0x8F))
        return 0;
    return n;
}

/* A string into r->s; 0 on anything but plain text and simple escapes. */
static int str(rd *r)
{
    if (!lit(r, '"'))
        return 0;
    r->slen = 0;
    while (r->p < r->end) {
        unsigned char c = (unsigned char)*r->p;
        if (c == '"') {
            r->p++;
            sput(r, 0);
            r->slen--;
            return 1;
        }
        if (c < 0x20)
            return 0;
        if (c == '\\') {
            if (r->end - r->p < 2)
                return 0;
            const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
            const char *k = strchr(from, r->p[1]);
            if (!k || !r->p[1])
                return 0;
            sput(r, to[k - from]);
            r->p += 2;
        } else if (c < 0x80) {
            sput(r, (char)c);
            r->p++;
        } else {
            int n = utf8_len((const unsigned char *)r->p, (const unsigned char *)r->end);
            if (n == 0)
                return 0;
            for (int i = 0; i < n; i++)
                sput(r, r->p[i]);
            r->p += n;
        }
    }
    return 0;
}

/* A JSON integer (no fraction or exponent) of at most 9 digits. */
static int integer(rd *r, long *out)
{
    ws(r);
    const char *p = r->p;
    int neg = p < r->end && *p == '-';
    p += neg;
    if (p >= r->end || *p < '0' || *p > '9' || (*p == '0' && p + 1 < r->end && p[1] >= '0' && p[1] <= '9'))
        return 0;
    long v = 0;
    int nd = 0;
    for (; p < r->end && *p >= '0' && *p <= '9'; p++, nd++)
        if (nd < 10)
            v = v * 10 + (*p - '0');
    if (nd > 9 || (p < r->end && (*p == '.' || *p == 'e' || *p == 'E')))
        return 0;
    r->p = p;
    *out = neg ? -v : v;
    return 1;
}

static int word(rd *r, const char *w)
{
    ws(r);
    size_t n = strlen(w);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n) != 0)
        return 0;
    r->p += n;
    return 1;
}

/* A scalar value of a key nobody reads: a string, an integer, true, false
 * or null (anything else makes the reader give up). */
static int skip_scalar(rd *r)
{
    long v;
    int c = peek(r);
    if (c == '"')
        return str(r);
    if (c == 't')
        return word(r, "true");
    if (c == 'f')
        return word(r, "false");
    if (c == 'n')
        return word(r, "null");
    return integer(r, &v);
}

/* Keys of one object, for duplicates: known ones by bit, others by text. */
typedef struct keys {
    unsigned known;
    char *other[8];
    int nother;
} keys;

static void keys_free(keys *k)
{
    for (int i = 0; i < k->nother; i++)
        free(k->other[i]);
    k->nother = 0;
}

/* Index of r->s in names, or -1 for another key; 0 (give up) on a duplicate. */
static int key(rd *r, keys *k, const char *const *names, int n, int *which)
{
    *which = -1;
    for (int i = 0; i < n; i++)
        if (strcmp(r->s, names[i]) == 0) {
            if (k->known & (1u << i))
                return 0;
            k->known |= 1u << i;
            *which = i;
            return 1;
        }
    for (int i = 0; i < k->nother; i++)
        if (strcmp(r->s, k->other[i]) == 0)
            return 0;
    if (k->nother == 8)
        return 0;
    k->other[k->nother++] = qiao_strdup(r->s);
    return 1;
}

/* An optional integer field: null keeps *out; lo..hi or give up. */
static int int_field(rd *r, long lo, long hi, long *out)
{
    if (peek(r) == 'n')
        return word(r, "null");
    return integer(r, out) && *out >= lo && *out <= hi;
}

/* An optional string field: null leaves *out NULL; non-empty or give up. */
static int str_field(rd *r, char **out)
{
    free(*out);
    *out = NULL;
    if (peek(r) == 'n')
        return word(r, "null");
    if (!str(r) || r->slen == 0)
        return 0;
    *out = qiao_strdup(r->s);
    return 1;
}

/* Participant ids → index, open addressing. */
typedef struct pindex {
    int *slot;            /* -1 or a participant index */
    size_t cap;
} pindex;

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int pindex_find(const pindex *x, const sched_instance *in, const char *id, size_t *at)
{
    if (x->cap == 0)
        return -1;
    size_t i = hash(id) & (x->cap - 1);
    for (; x->slot[i] >= 0; i = (i + 1) & (x->cap - 1))
        if (strcmp(in->participants[x->slot[i]].id, id) == 0)
            return x->slot[i];
    if (at)
        *at = i;
    return -1;
}

static void pindex_add(pindex *x, const sched_instance *in, int v)
{
    if ((size_t)(v + 1) * 2 > x->cap) {
        pindex old = *x;
        x->cap = old.cap ? old.cap * 2 : 1024;
        x->slot = qiao_malloc(sizeof(int) * x->cap);
        memset(x->slot, 0xff, sizeof(int) * x->cap);
        for (size_t i = 0; i < old.cap; i++)
            if (old.slot[i] >= 0)
                pindex_add(x, in, old.slot[i]);
        free(old.slot);
    }
    size_t at;
    pindex_find(x, in, in->participants[v].id, &at);
    x->slot[at] = v;
}

static int event_obj(rd *r, sched_instance **in)
{
    static const char *const names[] = {"id", "slots", "tables"};
    keys k = {0};
    char *id = NULL;
    long slots = 0, tables = 0;
    int ok = lit(r, '{');
    if (ok && !lit(r, '}')) {
        do {
            int w;
            ok = str(r) && key(r, &k, names, 3, &w) && lit(r, ':');
            if (ok)
                ok = w == 0 ? str_field(r, &id)
                   : w == 1 ? int_field(r, 0, SCHED_MAX_SLOTS, &slots)
                   : w == 2 ? int_field(r, 0, SCHED_MAX_TABLES, &tables) : skip_scalar(r);
        } while (ok && lit(r, ','));
        ok = ok && lit(r, '}');
    }
    ok = ok && slots >= 1 && tables >= 1;
    keys_free(&k);
    if (ok) {
        *in = sched_instance_new((int)slots, (int)tables);
        (*in)->event = id;
    } else {
        free(id);
    }
    return ok;
}

static int registration(rd *r, sched_instance *in, pindex *x, int *cap)
{
    static const char *const names[] = {"who", "availability"};
    keys k = {0};
    char *who = NULL;
    sched_slots av = {{0}};
    int all = 1, ok = lit(r, '{');
    if (ok && !lit(r, '}')) {
        do {
            int w;
            ok = str(r) && key(r, &k, names, 2, &w) && lit(r, ':');
            if (!ok)
                break;
            if (w == 0) {
                ok = str_field(r, &who);
            } else if (w == 1 && peek(r) == 'n') {
                ok = word(r, "null");
            } else if (w == 1) {
                long t;
                all = 0;
                ok = lit(r, '[') && !lit(r, ']');   /* an empty list is an error: give up */
                while (ok) {
                    ok = integer(r, &t) && t >= 1 && t <= in->nslots;
                    if (ok)
                        sched_slots_set(&av, (int)t - 1);
                    if (!ok || !lit(r, ','))
                        break;
                }
                ok = ok && lit(r, ']');
            } else {
                ok = skip_scalar(r);
            }
        } while (ok && lit(r, ','));
        ok = ok && lit(r, '}');
    }
    ok = ok && who && pindex_find(x, in, who, NULL) < 0;
    keys_free(&k);
    if (!ok) {
        free(who);
        return 0;
    }
    if (all)
        for (int t = 0; t < in->nslots; t++)
            sched_slots_set(&av, t);
    if (in->nparticipants == *cap) {
        *cap = *cap ? 2 * *cap : 256;
        in->participants = qiao_realloc(in->participants, sizeof *in->participants * ((size_t)*cap + 1));
    }
    in->participants[in->nparticipants] = (sched_participant){who, av};
    pindex_add(x, in, in->nparticipants++);
    return 1;
}

static int request(rd *r, sched_instance *in, const pindex *x, int *cap)
{
    static const char *const names[] = {"id", "from", "to", "status", "priority", "slot", "table",
                                        "locked"};
    keys k = {0};
    char *s[4] = {NULL, NULL, NULL, NULL};   /* id, from, to, status */
    long priority = 1, slot = 0, table = 0;
    int locked = 0, ok = lit(r, '{');
    if (ok && !lit(r, '}')) {
        do {
            int w;
            ok = str(r) && key(r, &k, names, 8, &w) && lit(r, ':');
            if (!ok)
                break;
            if (w >= 0 && w < 4)
                ok = str_field(r, &s[w]);
            else if (w == 4)
                ok = int_field(r, 1, 3, &priority);
            else if (w == 5)
                ok = int_field(r, 1, in->nslots, &slot);
            else if (w == 6)
                ok = int_field(r, 1, in->ntables, &table);
            else if (w == 7)
                ok = word(r, "true") ? (locked = 1) : word(r, "false") || word(r, "null");
            else
                ok = skip_scalar(r);
        } while (ok && lit(r, ','));
        ok = ok && lit(r, '}');
    }
    keys_free(&k);
    int skipped = ok && s[3] && strcmp(s[3], "accepted") != 0;
    if (skipped)
        ok = !strcmp(s[3], "pending") || !strcmp(s[3], "declined") || !strcmp(s[3], "expired") ||
             !strcmp(s[3], "cancelled");
    int a = -1, b = -1;
    if (ok && !skipped) {
        a = s[1] ? pindex_find(x, in, s[1], NULL) : -1;
        b = s[2] ? pindex_find(x, in, s[2], NULL) : -1;
        ok = a >= 0 && b >= 0;
    }
    if (ok && !skipped) {
        char *id = s[0];
        if (!id) {
            size_t len = strlen(s[1]) + strlen(s[2]) + (in->event ? strlen(in->event) : 0) + 3;
            id = qiao_malloc(len);
            if (in->event)
                snprintf(id, len, "%s/%s/%s", in->event, s[1], s[2]);
            else
                snprintf(id, len, "%s/%s", s[1], s[2]);
        }
        s[0] = NULL;
        if (in->nmeetings == *cap) {
            *cap = *cap ? 2 * *cap : 1024;
            in->meetings = qiao_realloc(in->meetings, sizeof *in->meetings * ((size_t)*cap + 1));
        }
        in->meetings[in->nmeetings++] = (sched_meeting){id, a, b, (int)priority, (int)slot - 1,
                                                        (int)table - 1, locked};
    }
    for (int i = 0; i < 4; i++)
        free(s[i]);
    return ok;
}

/* A list of objects, each read by one of the two readers above. */
static int list(rd *r, sched_instance *in, pindex *x, int regs)
{
    int cap = 0;
    if (!lit(r, '['))
        return 0;
    if (regs)
        in->participants = qiao_calloc(1, sizeof *in->participants);
    else
        in->meetings = qiao_calloc(1, sizeof *in->meetings);
    if (lit(r, ']'))
        return 1;
    do {
        if (!(regs ? registration(r, in, x, &cap) : request(r, in, x, &cap)))
            return 0;
    } while (lit(r, ','));
    return lit(r, ']');
}

int sched_instance_read(const char *text, size_t len, sched_instance **out)
{
    static const char *const order[] = {"event", "registrations", "meeting_requests"};
    rd r = {text, text + len, NULL, 0, 0};
    sched_instance *in = NULL;
    pindex x = {0};
    int ok = lit(&r, '{'), part = 0;
    while (ok && part < 3) {
        ok = (part == 0 || lit(&r, ',')) && str(&r) && strcmp(r.s, order[part]) == 0 && lit(&r, ':');
        if (ok)
            ok = part == 0 ? event_obj(&r, &in) : list(&r, in, &x, part == 1);
        part++;
    }
    ok = ok && lit(&r, '}');
    ws(&r);
    ok = ok && r.p == r.end;
    free(r.s);
    free(x.slot);
    if (!ok) {
        sched_instance_free(in);
        return 0;
    }
    *out = in;
    return 1;
}
