/* notify/notify.h — what the platform tells people, and how.
 *
 * Two ways out, both written to the store in the caller's transaction, so
 * that a change and the news of it commit (or roll back) together:
 *
 *   - notify_user: an in-app notification to an account (/me/notifications)
 *     and, when the account has an e-mail address, a mail in the outbox;
 *   - notify_mail: a mail to an address that has no account yet (an
 *     application reviewed, an invitation, a password reset link).
 *
 *   store_begin(s, &e);
 *   store_put(s, &interest_record, &e);
 *   notify_user(s, "uestc", "interest_received", "新的合作意向",
 *               "成都新思源科技有限公司对您的成果“……”有合作意向。", "/me/interests", &e);
 *   store_commit(s, &e);
 *
 * A sender delivers the outbox later (retrying with backoff): mail is never
 * sent from inside a request. Titles and bodies are Chinese product text; the
 * link is a path on the site ("/me/interests/12"), made absolute when mailed.
 *
 * Kinds are the codes of notify_kinds(); each has a label people read (the
 * preferences page lists them). An unknown kind is an error (QIAO_EINVAL).
 *
 * Preferences (store_pref_get/set, the page /me/notifications/settings):
 * per account and kind, mail on or off, and at once or in the daily digest.
 * notify_user always stores the in-app notification; its mail is skipped
 * when the kind is off and held (store_mail.digest = 1) when the account
 * chose the digest — except for the kinds notify_kind_requested() names (password_reset,
 * invitation), which always mail at once so that nobody can switch off their
 * own reset link. notify_mail (mail the person asked for) does not consult
 * preferences.
 *
 * Delivery (mime.c, unsub.c, sender.c): a sender claims due mail from the
 * outbox (store_mail_claim: a lease, so that several senders can share one
 * store), formats each as a plain-text MIME message with an unsubscribe link
 * signed with the store's key, and hands it to an SMTP server (libcurl) or
 * writes it as DIR/ID.eml. A failure keeps the mail for a later try, the
 * delay doubling each time. `qiao serve` runs a sender thread; `qiao mail
 * send` delivers once.
 */
#ifndef QIAO_NOTIFY_NOTIFY_H
#define QIAO_NOTIFY_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#include "core/err.h"
#include "store/store.h"

typedef struct notify_kind {
    const char *code;     /* "interest_received" */
    const char *label;    /* "收到合作意向" */
} notify_kind;

/* The script of an account's mail: the preference row of this pseudo-kind
 * (not a kind of notify_kinds()) with digest = 1 means 繁體 — the sender then
 * converts the subject and body with OpenCC s2t; none or 0: 简体 as written.
 * The site's 简/繁 switch sets it for the signed-in account (page_zh.c), so
 * mail follows the script the account last chose on the site. */
#define NOTIFY_PREF_ZH "zh_script"

/* Every kind, in the order the preferences page shows them; *n their number. */
const notify_kind *notify_kinds(size_t *n);
/* The kind with this code, or NULL. */
const notify_kind *notify_kind_find(const char *code);
/* 1 for the kinds of mail a person asked for (password_reset, invitation):
 * always sent at once whatever the preferences, without an unsubscribe link,
 * not on the settings page; 0 otherwise. */
int notify_kind_requested(const char *code);

/* Notifies account `login`: stores the in-app notification and queues a mail
 * to the account's address when it has one. title: one line, non-empty; body
 * and link may be "" or NULL. QIAO_ENOTFOUND when there is no such account,
 * QIAO_EINVAL for an unknown kind. */
int notify_user(store *s, const char *login, const char *kind, const char *title,
                const char *body, const char *link, qiao_err *e);

/* notify_user for every account of org `org`; *count (may be NULL) tells how
 * many were notified (0 when the org has no account). */
int notify_org(store *s, const char *org, const char *kind, const char *title,
               const char *body, const char *link, size_t *count, qiao_err *e);

/* Queues a mail to an address (no in-app notification). login: the account
 * it concerns, or "" / NULL. */
int notify_mail(store *s, const char *to, const char *login, const char *kind,
                const char *subject, const char *body, const char *link, qiao_err *e);

/* "2026年12月7日 14:00": unix time t in Beijing time (UTC+8). */
void notify_time_text(int64_t t, char out[48]);

/* ---- mail messages (mime.c) ---- */

typedef struct notify_message {
    const char *from;         /* an address: local@domain */
    const char *to;
    const char *subject;      /* UTF-8, one line (line breaks become spaces) */
    const char *body;         /* UTF-8 plain text, "\n" line breaks */
    const char *message_id;   /* without <>: "qiao.12.1765090800@qiao.example" */
    const char *unsubscribe;  /* an https/http URL, or NULL: no List-Unsubscribe */
    int64_t date;             /* unix seconds; shown as +0800 */
} notify_message;

/* Appends the RFC 5322 message: Date, From, To, Subject (RFC 2047
 * encoded-words when not plain ASCII, folded so that no line passes 76
 * characters), Message-ID, List-Unsubscribe (the link, opened in a browser:
 * one click, no sign-in), MIME-Version, Content-Type text/plain; charset=UTF-8, base64 body
 * in lines of 76; CRLF line ends. QIAO_EINVAL for an address that is not
 * local@domain or holds spaces, controls, <, > or quotes. */
int notify_mime(buf *out, const notify_message *m, qiao_err *e);
/* 1 when s looks like local@domain without characters that could break a
 * header (the check notify_mime makes). */
int notify_addr_ok(const char *s);

/* ---- unsubscribe links (unsub.c) ---- */

/* The signature (64 hex digits) naming account `login` and kind `kind` ("*"
 * = every kind), made with libsodium crypto_auth under the store's key
 * "unsubscribe" (store_key_get: made once, shared by every node). */
int notify_unsub_sign(store *s, const char *login, const char *kind, char sig[65], qiao_err *e);
/* 0 when sig is login's and kind's; QIAO_EPERM when forged or altered. */
int notify_unsub_verify(store *s, const char *login, const char *kind, const char *sig,
                        qiao_err *e);
/* Appends BASE/unsubscribe?u=LOGIN&k=KIND&t=SIG (values percent-encoded). */
int notify_unsub_url(store *s, const char *base, const char *login, const char *kind, buf *out,
                     qiao_err *e);
/* Turns off the mail of `kind` ("*": every kind) for login (in-app
 * notifications stay). */
int notify_unsubscribe(store *s, const char *login, const char *kind, qiao_err *e);

/* ---- delivery (sender.c) ---- */

typedef struct notify_mailer {
    const char *smtp;       /* "smtp://host:port" (smtps:// for TLS), or NULL: files */
    const char *dir;        /* without smtp: where DIR/ID.eml files go (made if needed) */
    const char *from;       /* the sender's address */
    const char *base_url;   /* "https://qiao.example": links in mail are made absolute */
    int retry;              /* seconds before the first retry (doubles, at most 6 h) */
    int lease;              /* seconds a claim lasts (a crashed sender's mail returns) */
} notify_mailer;

/* The delay before retry n (1 = first) of a mail: retry, doubled each time,
 * at most 6 hours. */
int64_t notify_backoff(const notify_mailer *m, int attempts);

/* One pass: claims up to 100 due mails and delivers them (each marked sent,
 * or failed with its next try). *sent and *failed (may be NULL) count them.
 * An error is returned only when the store fails; a mail server that is down
 * is a failed delivery (kept for later). */
int notify_send_due(store *s, const notify_mailer *m, size_t *sent, size_t *failed,
                    qiao_err *e);

/* The daily digest: for each account with held mail created before
 * `before`, queues one mail listing them (kind "digest") and marks them
 * sent, in one transaction. *count (may be NULL): digests queued. */
int notify_digest(store *s, int64_t before, size_t *count, qiao_err *e);
/* The latest 08:00 Beijing time at or before now: the digest of a day
 * holds the mail held before it. */
int64_t notify_digest_cutoff(int64_t now);

/* A thread that sends due mail every second (and the digest once it is
 * due) with its own store handle, until notify_sender_stop. */
typedef struct notify_sender notify_sender;
int notify_sender_start(const char *db, const notify_mailer *m, notify_sender **out,
                        qiao_err *e);
void notify_sender_stop(notify_sender *s);   /* NULL: nothing */

#endif
