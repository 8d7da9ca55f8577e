/* notify/digest.c — the daily digest (notify.h): the mail an account chose
 * to receive once a day, gathered into one message per account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "notify/notify.h"

#define DIGEST_HOUR 8          /* 08:00 Beijing time */
#define DIGEST_MAX_ITEMS 200   /* items listed in one digest (the rest are counted) */

int64_t notify_digest_cutoff(int64_t now)
{
    int64_t bj = now + 8 * 3600;
    int64_t day = bj - ((bj % 86400) + 86400) % 86400;   /* Beijing midnight, as bj */
    int64_t cut = day + DIGEST_HOUR * 3600;
    if (cut > bj)
        cut -= 86400;
    return cut - 8 * 3600;
}

/* The held mails, copied: the digest is built after the list is read. */
typedef struct item {
    int64_t id, created;
    char *login, *to, *subject, *body, *link;
} item;

typedef struct items {
    item *v;
    size_t n, cap;
} items;

static int collect(const store_mail *m, void *ud)
{
    items *it = ud;
    if (it->n == it->cap) {
        it->cap = it->cap ? 2 * it->cap : 64;
        it->v = realloc(it->v, it->cap * sizeof *it->v);
        if (!it->v)
            abort();
    }
    it->v[it->n++] = (item){m->id, m->created, qiao_strdup(m->login), qiao_strdup(m->to),
                            qiao_strdup(m->subject), qiao_strdup(m->body), qiao_strdup(m->link)};
    return 0;
}

static void items_free(items *it)
{
    for (size_t i = 0; i < it->n; i++) {
        free(it->v[i].login);
        free(it->v[i].to);
        free(it->v[i].subject);
        free(it->v[i].body);
        free(it->v[i].link);
    }
    free(it->v);
}

/* Queues the digest of v[0..n) (one account's, by id) and closes them. */
static int one_digest(store *s, const item *v, size_t n, qiao_err *e)
{
    buf body = {0}, subject = {0};
    buf_printf(&subject, "桥 qiao 每日摘要：%zu 条新通知", n);
    buf_printf(&body, "您好！以下是您的 %zu 条新通知：\n", n);
    for (size_t i = 0; i < n && i < DIGEST_MAX_ITEMS; i++) {
        char when[48];
        notify_time_text(v[i].created, when);
        buf_printf(&body, "\n%zu. %s（%s）\n", i + 1, v[i].subject, when);
        if (*v[i].body)
            buf_printf(&body, "   %s\n", v[i].body);
        if (*v[i].link)
            buf_printf(&body, "   链接：%s\n", v[i].link);
    }
    if (n > DIGEST_MAX_ITEMS)
        buf_printf(&body, "\n另有 %zu 条，请登录平台在“我的通知”中查看。\n", n - DIGEST_MAX_ITEMS);
    /* the newest address of the account is the one to use */
    store_mail m = {.to = v[n - 1].to, .subject = buf_cstr(&subject), .body = buf_cstr(&body),
                    .link = "/me/notifications", .kind = "digest", .login = v[0].login};
    int rc = store_mail_add(s, &m, e);
    if (rc == 0)
        rc = store_mail_held_done(s, v[0].login, v[n - 1].id, e);
    buf_free(&body);
    buf_free(&subject);
    return rc;
}

int notify_digest(store *s, int64_t before, size_t *count, qiao_err *e)
{
    items it = {0};
    if (count)
        *count = 0;
    int rc = store_begin(s, e);
    if (rc < 0)
        return rc;
    rc = store_mail_held(s, before, collect, &it, e);
    size_t done = 0;
    for (size_t i = 0; rc == 0 && i < it.n;) {
        size_t j = i;
        while (j < it.n && strcmp(it.v[j].login, it.v[i].login) == 0)
            j++;
        rc = one_digest(s, it.v + i, j - i, e);
        done++;
        i = j;
    }
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
    items_free(&it);
    if (rc == 0 && count)
        *count = done;
    return rc;
}
