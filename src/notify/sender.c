/* notify/sender.c — delivering the outbox (notify.h): claim due mail,
 * format it (mime.c), hand it to an SMTP server through libcurl or write it
 * as a .eml file, mark it sent or failed (next try later, the delay doubling
 * each time); and the thread `qiao serve` runs for it. */
#include <opencc.h>
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "notify/notify.h"

#define BATCH 100
#define BACKOFF_MAX (6 * 3600)

int64_t notify_backoff(const notify_mailer *m, int attempts)
{
    int64_t d = m->retry > 0 ? m->retry : 60;
    for (int i = 1; i < attempts && d < BACKOFF_MAX; i++)
        d *= 2;
    return d < BACKOFF_MAX ? d : BACKOFF_MAX;
}

/* ---- the text of a mail ---- */

static const char *kind_label(const char *kind)
{
    if (strcmp(kind, "digest") == 0)
        return "每日摘要";
    const notify_kind *k = notify_kind_find(kind);
    return k ? k->label : NULL;
}

static void base_trimmed(buf *b, const char *base)
{
    size_t n = strlen(base);
    while (n && base[n - 1] == '/')
        n--;
    buf_append(b, base, n);
}

/* Body text (with the link made absolute and the footer) and the
 * unsubscribe URL (empty when the mail concerns no account). */
static int compose(store *s, const notify_mailer *ml, const store_mail *m, buf *text,
                   buf *unsub, qiao_err *e)
{
    if (m->body && *m->body)
        buf_printf(text, "%s\n", m->body);
    if (m->link && *m->link) {
        buf_puts(text, "\n查看详情：");
        if (m->link[0] == '/')
            base_trimmed(text, ml->base_url);
        buf_printf(text, "%s\n", m->link);
    }
    buf_puts(text, "\n——\n桥 qiao · 科技成果转化对接平台\n");
    const char *label = m->kind ? kind_label(m->kind) : NULL;
    if (!m->login || !*m->login || !label || notify_kind_requested(m->kind)) {
        buf_puts(text, "这封邮件因您在平台上的操作而发出，无需退订。\n");
        return 0;
    }
    const char *kind = strcmp(m->kind, "digest") == 0 ? "*" : m->kind;
    int rc = notify_unsub_url(s, ml->base_url, m->login, kind, unsub, e);
    if (rc < 0)
        return rc;
    if (strcmp(kind, "*") == 0)
        buf_printf(text, "您选择了把通知汇总为每日摘要发送。\n不想再收到任何邮件通知"
                   "（一键退订，无需登录）：\n%s\n", buf_cstr(unsub));
    else
        buf_printf(text, "您收到这封邮件，是因为开启了“%s”的邮件通知。\n不想再收到这类邮件"
                   "（一键退订，无需登录）：\n%s\n", label, buf_cstr(unsub));
    buf_puts(text, "管理全部邮件通知：");
    base_trimmed(text, ml->base_url);
    buf_puts(text, "/me/notifications/settings\n");
    return 0;
}

/* true when the recipient reads 繁體: the account last chose it with the
 * site's 简/繁 switch (kept as the preference of kind NOTIFY_PREF_ZH). */
static bool wants_hant(store *s, const store_mail *m)
{
    int mail = 0, hant = 0;
    return m->login && *m->login &&
           store_pref_get(s, m->login, NOTIFY_PREF_ZH, &mail, &hant, NULL) == 0 && hant;
}

/* s converted to 繁體 by OpenCC s2t into out; false when it cannot be. */
static bool to_hant(opencc_t od, const char *s, buf *out)
{
    char *t = opencc_convert_utf8(od, s, strlen(s));
    if (!t)
        return false;
    buf_puts(out, t);
    opencc_convert_utf8_free(t);
    return true;
}

static int format(store *s, const notify_mailer *ml, const store_mail *m, buf *out, qiao_err *e)
{
    buf text = {0}, unsub = {0}, mid = {0}, hsubj = {0}, htext = {0};
    const char *at = strrchr(ml->from, '@');
    buf_printf(&mid, "qiao.%lld.%lld@%s", (long long)m->id, (long long)m->created,
               at ? at + 1 : "localhost");
    int rc = compose(s, ml, m, &text, &unsub, e);
    const char *subject = m->subject, *body = buf_cstr(&text);
    if (rc == 0 && wants_hant(s, m)) {
        /* opened per mail: only for the accounts that chose 繁體 */
        opencc_t od = opencc_open("s2t.json");
        if (od != (opencc_t)-1) {
            if (to_hant(od, m->subject, &hsubj) && to_hant(od, body, &htext)) {
                subject = buf_cstr(&hsubj);
                body = buf_cstr(&htext);
            }
            opencc_close(od);
        }
    }
    if (rc == 0) {
        notify_message msg = {.from = ml->from, .to = m->to, .subject = subject,
                              .body = body, .message_id = buf_cstr(&mid),
                              .unsubscribe = unsub.len ? buf_cstr(&unsub) : NULL,
                              .date = (int64_t)time(NULL)};
        rc = notify_mime(out, &msg, e);
    }
    buf_free(&text);
    buf_free(&unsub);
    buf_free(&mid);
    buf_free(&hsubj);
    buf_free(&htext);
    return rc;
}

/* ---- one pass ---- */

#define PARALLEL 8           /* SMTP transfers at once (libcurl multi; connections reused) */

enum { O_SKIPPED, O_SENT, O_FAILED };

/* One mail of a pass: its message, then its outcome, written with the others
 * in one transaction when the pass ends (one commit per batch, not per mail). */
typedef struct job {
    int64_t id, next_at;
    int attempts, state;
    char to[300];
    buf msg;
    char error[300];
} job;

typedef struct pass {
    store *s;
    const notify_mailer *ml;
    int64_t deadline;        /* start no more then: the claim's lease is running out */
    job jobs[BATCH];
    size_t n;
} pass;

static void job_failed(const notify_mailer *ml, job *j, const char *why)
{
    j->state = O_FAILED;
    j->next_at = (int64_t)time(NULL) + notify_backoff(ml, j->attempts + 1);
    snprintf(j->error, sizeof j->error, "%.299s", why);
}

/* Without --smtp: DIR/ID.eml, written to a temporary file renamed into place
 * (one file per mail even when it is written twice). */
static int to_file(const notify_mailer *ml, const job *j, qiao_err *e)
{
    if (mkdir(ml->dir, 0750) < 0 && errno != EEXIST)
        return qiao_errf(e, QIAO_EIO, "cannot make the mail folder %s: %s", ml->dir,
                         strerror(errno));
    char path[1200], tmp[1210];
    snprintf(path, sizeof path, "%s/%08lld.eml", ml->dir, (long long)j->id);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return qiao_errf(e, QIAO_EIO, "cannot write %s: %s", tmp, strerror(errno));
    size_t w = fwrite(j->msg.p, 1, j->msg.len, f);
    int bad = fclose(f) != 0 || w != j->msg.len;
    if (bad || rename(tmp, path) < 0) {
        unlink(tmp);
        return qiao_errf(e, QIAO_EIO, "cannot write %s", path);
    }
    return 0;
}

/* The claim's callback: formats each mail (delivery comes after the claim). */
static int take(const store_mail *m, void *ud)
{
    pass *p = ud;
    if (p->n >= BATCH)
        return 0;
    job *j = &p->jobs[p->n++];
    j->id = m->id;
    j->attempts = m->attempts;
    snprintf(j->to, sizeof j->to, "%s", m->to);
    qiao_err e = {0};
    if (format(p->s, p->ml, m, &j->msg, &e) < 0)
        job_failed(p->ml, j, e.msg);
    return 0;
}

static void to_files(pass *p)
{
    for (size_t i = 0; i < p->n; i++) {
        job *j = &p->jobs[i];
        qiao_err e = {0};
        if (j->state != O_SKIPPED || (int64_t)time(NULL) >= p->deadline)
            continue;
        if (to_file(p->ml, j, &e) < 0)
            job_failed(p->ml, j, e.msg);
        else
            j->state = O_SENT;
    }
}

typedef struct slot {
    CURL *h;
    job *j;
    const char *p;           /* what is left of j->msg to upload */
    size_t left;
    struct curl_slist *rcpt;
    char err[CURL_ERROR_SIZE];
} slot;

static size_t read_cb(char *dst, size_t size, size_t n, void *ud)
{
    slot *sl = ud;
    size_t k = size * n < sl->left ? size * n : sl->left;
    memcpy(dst, sl->p, k);
    sl->p += k;
    sl->left -= k;
    return k;
}

static void start(CURLM *m, slot *sl, job *j, const notify_mailer *ml, const char *from)
{
    char rcpt[310];
    snprintf(rcpt, sizeof rcpt, "<%s>", j->to);
    sl->j = j;
    sl->p = j->msg.p;
    sl->left = j->msg.len;
    sl->rcpt = curl_slist_append(NULL, rcpt);
    sl->err[0] = '\0';
    curl_easy_setopt(sl->h, CURLOPT_URL, ml->smtp);
    curl_easy_setopt(sl->h, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(sl->h, CURLOPT_MAIL_RCPT, sl->rcpt);
    curl_easy_setopt(sl->h, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(sl->h, CURLOPT_READDATA, sl);
    curl_easy_setopt(sl->h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(sl->h, CURLOPT_ERRORBUFFER, sl->err);
    curl_easy_setopt(sl->h, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(sl->h, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(sl->h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(sl->h, CURLOPT_PRIVATE, sl);
    curl_multi_add_handle(m, sl->h);
}

/* The SMTP transfers of a pass, PARALLEL at a time. When the server cannot be
 * reached, the mails not yet started fail with the same error untried. */
static int to_smtp(pass *p, qiao_err *e)
{
    CURLM *m = curl_multi_init();
    slot slots[PARALLEL] = {0};
    for (int i = 0; m && i < PARALLEL; i++)
        if (!(slots[i].h = curl_easy_init())) {
            for (int k = 0; k < i; k++)
                curl_easy_cleanup(slots[k].h);
            curl_multi_cleanup(m);
            m = NULL;
        }
    if (!m)
        return qiao_errf(e, QIAO_EIO, "libcurl cannot be initialised");
    char from[310], down[300] = "";
    snprintf(from, sizeof from, "<%s>", p->ml->from);
    size_t next = 0;
    int active = 0;
    for (;;) {
        for (int i = 0; i < PARALLEL && next < p->n; i++) {
            if (slots[i].j)
                continue;
            while (next < p->n && p->jobs[next].state != O_SKIPPED)
                next++;                           /* failed already (formatting) */
            if (next == p->n || (int64_t)time(NULL) >= p->deadline) {
                next = p->n;                      /* the rest stay claimed, untried */
                break;
            }
            if (down[0]) {
                job_failed(p->ml, &p->jobs[next++], down);
                i--;                              /* this slot is still free */
                continue;
            }
            start(m, &slots[i], &p->jobs[next++], p->ml, from);
            active++;
        }
        if (!active)
            break;
        int still = 0;
        curl_multi_perform(m, &still);
        CURLMsg *msg;
        int q;
        while ((msg = curl_multi_info_read(m, &q)) != NULL) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            slot *sl = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&sl);
            CURLcode cc = msg->data.result;
            curl_multi_remove_handle(m, sl->h);
            if (cc == CURLE_OK) {
                sl->j->state = O_SENT;
            } else {
                char why[400];
                snprintf(why, sizeof why, "SMTP %.100s: %.250s", p->ml->smtp,
                         sl->err[0] ? sl->err : curl_easy_strerror(cc));
                job_failed(p->ml, sl->j, why);
                if (cc == CURLE_COULDNT_CONNECT || cc == CURLE_OPERATION_TIMEDOUT ||
                    cc == CURLE_COULDNT_RESOLVE_HOST)
                    snprintf(down, sizeof down, "%.299s", why);
            }
            curl_slist_free_all(sl->rcpt);
            sl->rcpt = NULL;
            sl->j = NULL;
            active--;
        }
        if (active)
            curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
    for (int i = 0; i < PARALLEL; i++)
        curl_easy_cleanup(slots[i].h);
    curl_multi_cleanup(m);
    return 0;
}

static int record(store *s, const pass *p, size_t *sent, size_t *failed, qiao_err *e)
{
    size_t todo = 0;
    for (size_t i = 0; i < p->n; i++)
        todo += p->jobs[i].state != O_SKIPPED;
    if (todo == 0)
        return 0;
    int rc = store_begin(s, e);
    for (size_t i = 0; rc == 0 && i < p->n; i++) {
        const job *j = &p->jobs[i];
        if (j->state == O_FAILED) {
            rc = store_mail_failed(s, j->id, j->next_at, j->error, e);
            (*failed)++;
        } else if (j->state == O_SENT) {
            rc = store_mail_sent(s, j->id, e);
            (*sent)++;
        }
    }
    if (rc == 0)
        return store_commit(s, e);
    store_rollback(s);
    return rc;
}

int notify_send_due(store *s, const notify_mailer *ml, size_t *sent, size_t *failed,
                    qiao_err *e)
{
    size_t ns = 0, nf = 0;
    if (sent)
        *sent = 0;
    if (failed)
        *failed = 0;
    if (!notify_addr_ok(ml->from))
        return qiao_errf(e, QIAO_EINVAL, "mail: --mail-from \"%.80s\" is not an address",
                         ml->from ? ml->from : "");
    pass *p = qiao_calloc(1, sizeof *p);
    p->s = s;
    p->ml = ml;
    int64_t now = (int64_t)time(NULL);
    int lease = ml->lease > 0 ? ml->lease : 300;
    p->deadline = now + lease / 2;
    int rc = store_mail_claim(s, now, now + lease, BATCH, take, p, e);
    if (rc == 0 && p->n) {
        if (ml->smtp)
            rc = to_smtp(p, e);
        else
            to_files(p);
    }
    if (rc == 0)
        rc = record(s, p, &ns, &nf, e);
    const char *last = NULL;
    for (size_t i = 0; i < p->n; i++) {
        if (p->jobs[i].state == O_FAILED)
            last = p->jobs[i].error;
        buf_free(&p->jobs[i].msg);
    }
    if (rc == 0 && last)
        qiao_errf(e, 0, "%s", last);     /* for the caller's report; not an error */
    free(p);
    if (sent)
        *sent = ns;
    if (failed)
        *failed = nf;
    return rc;
}

/* ---- the thread of qiao serve ---- */

struct notify_sender {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int stop;
    char *db;
    notify_mailer ml;
    char *strs[4];
};

static void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void log_line(const char *fmt, ...)
{
    char t[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(t, sizeof t, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(stderr, "%s mail: ", t);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void *sender_main(void *arg)
{
    notify_sender *sd = arg;
    store *s = NULL;
    int64_t last_digest = 0;
    pthread_mutex_lock(&sd->mu);
    while (!sd->stop) {
        pthread_mutex_unlock(&sd->mu);
        qiao_err e = {0};
        size_t sent = 0, failed = 0;
        if (!s && store_open(sd->db, &s, &e) < 0) {
            log_line("%s", e.msg);
            s = NULL;
        }
        if (s && (int64_t)time(NULL) - last_digest >= 60) {
            size_t n = 0;
            last_digest = (int64_t)time(NULL);
            if (notify_digest(s, notify_digest_cutoff(last_digest), &n, &e) < 0)
                log_line("digest: %s", e.msg);
            else if (n)
                log_line("%zu daily digest(s) queued", n);
        }
        if (s && notify_send_due(s, &sd->ml, &sent, &failed, &e) < 0)
            log_line("%s", e.msg);
        else if (failed)
            log_line("%zu sent, %zu failed (will retry)", sent, failed);
        pthread_mutex_lock(&sd->mu);
        if (sd->stop || sent + failed >= BATCH)
            continue;   /* a full batch: more may be waiting */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&sd->cv, &sd->mu, &until);
    }
    pthread_mutex_unlock(&sd->mu);
    if (s)
        store_close(s);
    return NULL;
}

static char *keep(notify_sender *sd, int i, const char *v)
{
    return sd->strs[i] = v ? qiao_strdup(v) : NULL;
}

int notify_sender_start(const char *db, const notify_mailer *m, notify_sender **out,
                        qiao_err *e)
{
    *out = NULL;
    if (!notify_addr_ok(m->from))
        return qiao_errf(e, QIAO_EINVAL, "--mail-from \"%.80s\" is not an address",
                         m->from ? m->from : "");
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return qiao_errf(e, QIAO_EIO, "libcurl cannot be initialised");
    notify_sender *sd = qiao_calloc(1, sizeof *sd);
    sd->db = qiao_strdup(db);
    sd->ml = *m;
    sd->ml.smtp = keep(sd, 0, m->smtp);
    sd->ml.dir = keep(sd, 1, m->dir);
    sd->ml.from = keep(sd, 2, m->from);
    sd->ml.base_url = keep(sd, 3, m->base_url);
    pthread_mutex_init(&sd->mu, NULL);
    pthread_cond_init(&sd->cv, NULL);
    if (pthread_create(&sd->th, NULL, sender_main, sd) != 0) {
        notify_sender_stop(NULL);
        for (int i = 0; i < 4; i++)
            free(sd->strs[i]);
        free(sd->db);
        free(sd);
        return qiao_errf(e, QIAO_EIO, "cannot start the mail sender thread");
    }
    *out = sd;
    return 0;
}

void notify_sender_stop(notify_sender *sd)
{
    if (!sd)
        return;
    pthread_mutex_lock(&sd->mu);
    sd->stop = 1;
    pthread_cond_signal(&sd->cv);
    pthread_mutex_unlock(&sd->mu);
    pthread_join(sd->th, NULL);
    pthread_mutex_destroy(&sd->mu);
    pthread_cond_destroy(&sd->cv);
    for (int i = 0; i < 4; i++)
        free(sd->strs[i]);
    free(sd->db);
    free(sd);
}
