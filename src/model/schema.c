/* model/schema.c — the field table of each record kind (DATA.md), and the
 * checks of ids and dates. Limits that DATA.md does not state are chosen here
 * and documented in docs/data.md. */
#include <string.h>

#include "model/input.h"
#include "model/schema.h"

#define K(x) (1u << (x))
#define REF_PARTY (K(MODEL_PERSON) | K(MODEL_ORG))
/* amounts of money (price, budget, contract amount): 0 to 100 亿元 (input.h) */
#define YUAN_MAX MODEL_AMOUNT_MAX

static const char *const org_types[] = {"university", "institute", "platform", "team",
    "enterprise", "investor", "service", "government", "park", NULL};
static const char *const roles[] = {"scientist", "expert", "tech_manager", "entrepreneur",
    "investor", "staff", NULL};
static const char *const modes[] = {"self", "assign", "license", "cooperate", "equity",
    "other", NULL};
static const char *const ach_status[] = {"draft", "published", "withdrawn", NULL};
static const char *const dem_status[] = {"draft", "open", "closed", NULL};
static const char *const event_types[] = {"release", "park_visit", "salon",
    "school_enterprise", "roadshow", "other", NULL};
static const char *const mr_status[] = {"pending", "accepted", "declined", "expired",
    "cancelled", NULL};
static const char *const stages[] = {"contact", "talks", "signed", "implementing", "done",
    "stopped", NULL};

/* Short texts (names, zones, venues), long texts (summaries), keywords. */
#define SHORT 200
#define LONG 20000
#define TEXT(n, max) {n, FT_TEXT, 0, max, 0, NULL, 0, 0, 0}
#define RTEXT(n, max) {n, FT_TEXT, F_REQ, max, 0, NULL, 0, 0, 0}
#define ID {"id", FT_ID, F_REQ, 64, 0, NULL, 0, 0, 0}
#define REF(n, fl, k) {n, FT_REF, fl, 64, 0, NULL, 0, 0, k}
#define REFS(n, fl, k) {n, FT_REFLIST, fl, 1000, 64, NULL, 0, 0, k}
#define ENUM(n, fl, e) {n, FT_ENUM, fl, 0, 0, e, 0, 0, 0}
#define ENUMS(n, e) {n, FT_ENUMLIST, 0, 0, 0, e, 0, 0, 0}
#define INT(n, fl, lo, hi) {n, FT_INT, fl, 0, 0, NULL, lo, hi, 0}
#define BOOL(n) {n, FT_BOOL, 0, 0, 0, NULL, 0, 0, 0}
#define DATE(n, fl) {n, FT_DATE, fl, 0, 0, NULL, 0, 0, 0}
#define KEYWORDS {"keywords", FT_TEXTLIST, 0, 20, 40, NULL, 0, 0, 0}
#define CHAINS {"chains", FT_TEXTLIST, 0, 50, 100, NULL, 0, 0, 0}

static const model_fdef f_org[] = {
    ID, RTEXT("name", SHORT), ENUM("type", F_REQ, org_types),
    TEXT("region", SHORT), TEXT("zone", SHORT), CHAINS, TEXT("description", LONG),
    TEXT("website", 2000), BOOL("external"), DATE("founded", 0),
    REFS("founders", 0, K(MODEL_PERSON)), TEXT("credit_code", MODEL_CREDIT_CODE_LEN),
};
static const model_fdef f_person[] = {
    ID, RTEXT("name", SHORT), REF("org", 0, K(MODEL_ORG)),
    {"roles", FT_ENUMLIST, 0, 6, 0, roles, 0, 0, 0},
    TEXT("title", SHORT), TEXT("expertise", 2000), KEYWORDS,
    TEXT("email", 254), TEXT("phone", 40),
};
static const model_fdef f_achievement[] = {
    ID, RTEXT("title", SHORT), REF("org", F_REQ, K(MODEL_ORG)),
    TEXT("summary", LONG), KEYWORDS, TEXT("discipline", SHORT), CHAINS,
    INT("trl", 0, 1, 9), {"ip", FT_IP, 0, 0, 0, NULL, 0, 0, 0},
    {"modes", FT_ENUMLIST, 0, 6, 0, modes, 0, 0, 0},
    INT("price", 0, 0, YUAN_MAX), REFS("owners", 0, K(MODEL_PERSON)),
    TEXT("zone", SHORT), DATE("published", 0), ENUM("status", 0, ach_status),
};
static const model_fdef f_demand[] = {
    ID, RTEXT("title", SHORT), REF("org", F_REQ, K(MODEL_ORG)),
    TEXT("description", LONG), KEYWORDS, CHAINS, INT("trl_min", 0, 1, 9),
    {"modes", FT_ENUMLIST, 0, 6, 0, modes, 0, 0, 0},
    INT("budget", 0, 0, YUAN_MAX), DATE("deadline", 0), TEXT("zone", SHORT),
    DATE("published", 0), ENUM("status", 0, dem_status),
};
static const model_fdef f_event[] = {
    ID, RTEXT("title", SHORT), ENUM("type", F_REQ, event_types), DATE("starts", F_REQ),
    DATE("ends", 0), TEXT("venue", SHORT), REFS("organisers", 0, K(MODEL_ORG)), CHAINS,
    INT("capacity", 0, 0, 1000000), INT("slot_minutes", 0, 1, 1440),
    INT("slots", 0, 1, 1000), INT("tables", 0, 1, 10000),
    DATE("registration_deadline", 0), DATE("requests_deadline", 0),
    INT("max_requests", 0, 1, 1000), INT("max_meetings", 0, 1, 1000),
};
static const model_fdef f_registration[] = {
    REF("event", F_REQ, K(MODEL_EVENT)), REF("who", F_REQ, REF_PARTY),
    {"availability", FT_INTLIST, 0, 1000, 0, NULL, 1, 1000, 0},
    BOOL("waitlisted"), DATE("registered", 0),
};
static const model_fdef f_meeting_request[] = {
    REF("event", F_REQ, K(MODEL_EVENT)), REF("from", F_REQ, REF_PARTY),
    REF("to", F_REQ, REF_PARTY), {"id", FT_ID, 0, 64, 0, NULL, 0, 0, 0},
    TEXT("message", 2000), INT("priority", 0, 1, 3), ENUM("status", 0, mr_status),
    INT("slot", 0, 1, 1000), INT("table", 0, 1, 10000), BOOL("locked"),
    TEXT("reason", 2000),
};
static const model_fdef f_project[] = {
    ID, REFS("parties", F_REQ | F_NONEMPTY, REF_PARTY),
    REF("achievement", 0, K(MODEL_ACHIEVEMENT)), REF("demand", 0, K(MODEL_DEMAND)),
    REF("event", 0, K(MODEL_EVENT)), ENUM("stage", 0, stages), ENUM("mode", 0, modes),
    INT("amount", 0, 0, YUAN_MAX), DATE("signed_on", 0), TEXT("agreement", LONG),
    TEXT("stop_reason", 2000), {"milestones", FT_MILESTONES, 0, 100, 0, NULL, 0, 0, 0},
    {"brokers", FT_TEXTLIST, 0, 20, 64, NULL, 0, 0, 0},   /* managers' logins (docs/data.md) */
};

#define N(a) (sizeof a / sizeof a[0])
static const struct { const model_fdef *f; size_t n; } schemas[MODEL_KIND_COUNT] = {
    [MODEL_ORG] = {f_org, N(f_org)},
    [MODEL_PERSON] = {f_person, N(f_person)},
    [MODEL_ACHIEVEMENT] = {f_achievement, N(f_achievement)},
    [MODEL_DEMAND] = {f_demand, N(f_demand)},
    [MODEL_EVENT] = {f_event, N(f_event)},
    [MODEL_REGISTRATION] = {f_registration, N(f_registration)},
    [MODEL_MEETING_REQUEST] = {f_meeting_request, N(f_meeting_request)},
    [MODEL_PROJECT] = {f_project, N(f_project)},
};

const model_fdef *model_schema(model_kind k, size_t *n)
{
    if ((unsigned)k >= MODEL_KIND_COUNT) {
        *n = 0;
        return NULL;
    }
    *n = schemas[k].n;
    return schemas[k].f;
}

const model_fdef *model_schema_field(model_kind k, const char *name)
{
    size_t n;
    const model_fdef *f = model_schema(k, &n);
    for (size_t i = 0; i < n; i++)   /* the first byte first: imports ask for every field */
        if (f[i].name[0] == name[0] && strcmp(f[i].name, name) == 0)
            return &f[i];
    return NULL;
}

int model_valid_id(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        unsigned char c = (unsigned char)s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '-'))
            return 0;
    }
    return n >= 1 && n <= 64;
}

/* Reads exactly n digits at *p into *v and advances. */
static int digits(const char **p, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return 0;
        x = x * 10 + (c - '0');
    }
    *p += n;
    *v = x;
    return 1;
}

int model_valid_date(const char *s)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d, hh, mm, ss;
    const char *p = s;
    if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &m) || *p++ != '-' ||
        !digits(&p, 2, &d))
        return 0;
    if (m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[m - 1] + (m == 2 && leap))
        return 0;
    if (*p == '\0')
        return 1;
    if (*p++ != 'T' || !digits(&p, 2, &hh) || *p++ != ':' || !digits(&p, 2, &mm))
        return 0;
    if (hh > 23 || mm > 59)
        return 0;
    if (*p == ':') {
        p++;
        if (!digits(&p, 2, &ss) || ss > 60)
            return 0;
        if (*p == '.') {
            p++;
            if (*p < '0' || *p > '9')
                return 0;
            while (*p >= '0' && *p <= '9')
                p++;
        }
    }
    if (*p == 'Z')
        return p[1] == '\0';
    if (*p != '+' && *p != '-')
        return 0;   /* a time needs its offset */
    p++;
    if (!digits(&p, 2, &hh) || *p++ != ':' || !digits(&p, 2, &mm) || hh > 14 || mm > 59)
        return 0;
    return *p == '\0';
}

int model_field_info_of(model_kind k, const char *field, model_field_info *fi)
{
    const model_fdef *f = model_schema_field(k, field);
    if (!f)
        return -1;
    *fi = (model_field_info){
        .en = f->en, .max = f->max, .lo = f->lo, .hi = f->hi,
        .required = f->flags & F_REQ,
        .list = f->t == FT_TEXTLIST || f->t == FT_REFLIST,
        .enumlist = f->t == FT_ENUMLIST,
        .integer = f->t == FT_INT,
        .amount = f->t == FT_INT && f->hi == MODEL_AMOUNT_MAX,
        .date = f->t == FT_DATE,
        .trl = f->t == FT_INT && f->lo == 1 && f->hi == 9 && strncmp(field, "trl", 3) == 0,
    };
    return 0;
}

const char *model_status_default(model_kind k)
{
    return k == MODEL_ACHIEVEMENT ? "published" : k == MODEL_DEMAND ? "open" : NULL;
}
