/* test_mime.c — a mail as a MIME message (src/notify/mime.c): the Chinese
 * subject as RFC 2047 encoded-words that decode back to it, cut only between
 * characters and folded so that no line passes 76 characters; the headers;
 * the base64 body in lines of 76 that decodes to the text with CRLF; and
 * addresses that could inject headers are refused. */
#include <sodium.h>

#include "testutil.h"

#include "notify/notify.h"

static char *mime(const notify_message *m, int *rc)
{
    buf b = {0};
    qiao_err e = {0};
    *rc = notify_mime(&b, m, &e);
    return buf_steal(&b);
}

static notify_message sample(const char *subject)
{
    return (notify_message){.from = "noreply@qiao.example", .to = "wang@uestc.example",
                            .subject = subject, .body = "第一行\n第二行", .message_id =
                            "qiao.7.1796659200@qiao.example",
                            .unsubscribe = "https://qiao.example/unsubscribe?u=wang&k=message&t=ab",
                            .date = 1796601600 /* 2026-12-07 00:00 UTC = 08:00 Beijing */};
}

/* The value of header `name` with its folded lines joined (CRLF SP removed). */
static char *header(const char *msg, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = msg; p && *p && strncmp(p, "\r\n", 2) != 0;) {
        const char *end = strstr(p, "\r\n");
        if (!strncmp(p, name, n) && p[n] == ':') {
            buf v = {0};
            const char *q = p + n + 1;
            for (;;) {
                end = strstr(q, "\r\n");
                buf_append(&v, q, (size_t)(end - q));
                if (end[2] != ' ')
                    break;
                q = end + 2;
            }
            return buf_steal(&v);
        }
        p = end ? end + 2 : NULL;
    }
    return NULL;
}

/* Decodes " =?UTF-8?B?...?= =?UTF-8?B?...?=" (each word whole characters). */
static char *decode_words(const char *v)
{
    buf out = {0};
    const char *p = v;
    while ((p = strstr(p, "=?UTF-8?B?")) != NULL) {
        p += 10;
        const char *end = strstr(p, "?=");
        assert_non_null(end);
        unsigned char bin[200];
        size_t n = 0;
        assert_int_equal(sodium_base642bin(bin, sizeof bin, p, (size_t)(end - p), NULL, &n, NULL,
                                           sodium_base64_VARIANT_ORIGINAL), 0);
        /* a word never starts with a continuation byte: cut between characters */
        assert_true(n == 0 || (bin[0] & 0xC0) != 0x80);
        buf_append(&out, bin, n);
        p = end + 2;
    }
    return buf_steal(&out);
}

static void test_subject_encoded_and_folded(void **state)
{
    (void)state;
    const char *subj = "成都新思源科技有限公司对您的成果“高精度模数转换器芯片设计技术”有合作意向，"
                       "请尽快查看并回复";
    notify_message m = sample(subj);
    int rc;
    char *msg = mime(&m, &rc);
    assert_int_equal(rc, 0);
    char *v = header(msg, "Subject");
    assert_non_null(v);
    assert_non_null(strstr(v, "=?UTF-8?B?"));
    char *back = decode_words(v);
    assert_string_equal(back, subj);
    /* several encoded-words: the subject was folded */
    assert_non_null(strstr(strstr(v, "=?UTF-8?B?") + 1, "=?UTF-8?B?"));
    free(back);
    free(v);
    /* no header line longer than 76 characters except the unsubscribe URL */
    const char *body = strstr(msg, "\r\n\r\n");
    assert_non_null(body);
    for (const char *p = msg; p < body;) {
        const char *end = strstr(p, "\r\n");
        if (!strstr(p, "https://") || strstr(p, "https://") > end)
            assert_true(end - p <= 76);
        p = end + 2;
    }
    free(msg);

    /* plain ASCII stays readable */
    m = sample("Test 1");
    msg = mime(&m, &rc);
    assert_non_null(strstr(msg, "\r\nSubject: Test 1\r\n"));
    free(msg);
    /* a line break in a subject cannot start a new header */
    m = sample("x\r\nBcc: evil@example.org");
    msg = mime(&m, &rc);
    assert_int_equal(rc, 0);
    assert_null(strstr(msg, "\r\nBcc:"));
    free(msg);
}

static void test_headers_and_body(void **state)
{
    (void)state;
    notify_message m = sample("新留言");
    int rc;
    char *msg = mime(&m, &rc);
    assert_int_equal(rc, 0);
    assert_true(strncmp(msg, "Date: Mon, 07 Dec 2026 08:00:00 +0800\r\n", 39) == 0);
    char *v = header(msg, "Message-ID");
    assert_string_equal(v, " <qiao.7.1796659200@qiao.example>");
    free(v);
    v = header(msg, "To");
    assert_string_equal(v, " <wang@uestc.example>");
    free(v);
    v = header(msg, "List-Unsubscribe");
    assert_string_equal(v, " <https://qiao.example/unsubscribe?u=wang&k=message&t=ab>");
    free(v);
    v = header(msg, "Content-Type");
    assert_string_equal(v, " text/plain; charset=UTF-8");
    free(v);
    v = header(msg, "MIME-Version");
    assert_string_equal(v, " 1.0");
    free(v);
    /* every line ends in CRLF: no bare LF */
    for (const char *p = msg; (p = strchr(p, '\n')) != NULL; p++)
        assert_true(p > msg && p[-1] == '\r');
    /* the body: base64 lines of at most 76, decoding to the text with CRLF */
    const char *body = strstr(msg, "\r\n\r\n") + 4;
    buf b64 = {0};
    for (const char *p = body; *p;) {
        const char *end = strstr(p, "\r\n");
        assert_non_null(end);
        assert_true(end - p <= 76);
        buf_append(&b64, p, (size_t)(end - p));
        p = end + 2;
    }
    unsigned char text[200];
    size_t n = 0;
    assert_int_equal(sodium_base642bin(text, sizeof text, b64.p, b64.len, NULL, &n, NULL,
                                       sodium_base64_VARIANT_ORIGINAL), 0);
    assert_int_equal(n, strlen("第一行\r\n第二行\r\n"));
    assert_memory_equal(text, "第一行\r\n第二行\r\n", n);
    buf_free(&b64);
    free(msg);

    /* a long body: still lines of 76 */
    buf big = {0};
    for (int i = 0; i < 300; i++)
        buf_puts(&big, "科技成果转化");
    m.body = big.p;
    msg = mime(&m, &rc);
    body = strstr(msg, "\r\n\r\n") + 4;
    for (const char *p = body; *p;) {
        const char *end = strstr(p, "\r\n");
        assert_true(end - p <= 76);
        p = end + 2;
    }
    free(msg);
    buf_free(&big);
    /* no unsubscribe link: no header */
    m = sample("x");
    m.unsubscribe = NULL;
    msg = mime(&m, &rc);
    assert_null(strstr(msg, "List-Unsubscribe"));
    free(msg);
}

static void test_addresses_checked(void **state)
{
    (void)state;
    assert_true(notify_addr_ok("wang@uestc.example"));
    assert_false(notify_addr_ok("wang"));
    assert_false(notify_addr_ok("@example.org"));
    assert_false(notify_addr_ok("a@b@c"));
    assert_false(notify_addr_ok("a b@example.org"));
    assert_false(notify_addr_ok("a@example.org>\r\nBcc: x@y"));
    assert_false(notify_addr_ok("王@example.org"));
    notify_message m = sample("x");
    m.to = "wang@uestc.example\r\nBcc: evil@example.org";
    int rc;
    free(mime(&m, &rc));
    assert_int_equal(rc, QIAO_EINVAL);
    m = sample("x");
    m.unsubscribe = "javascript:alert(1)";
    free(mime(&m, &rc));
    assert_int_equal(rc, QIAO_EINVAL);
}

static void test_time_text(void **state)
{
    (void)state;
    char t[48];
    notify_time_text(1796565600, t);     /* 2026-12-06 14:00 UTC */
    assert_string_equal(t, "2026年12月6日 22:00");
    notify_time_text(1796601600 - 60, t);
    assert_string_equal(t, "2026年12月7日 07:59");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subject_encoded_and_folded), cmocka_unit_test(test_headers_and_body),
        cmocka_unit_test(test_addresses_checked), cmocka_unit_test(test_time_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
