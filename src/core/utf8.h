/* core/utf8.h — the one place where qiao checks and cuts UTF-8: the
 * importer's validation of every line, the web's check of every parameter,
 * and the excerpts that lists, result pages and API answers show.
 *
 *   if (!qiao_utf8_valid(s, n, &bad)) ... bad = offset of the first bad byte
 *   size_t k = qiao_utf8_prefix(s, 120);   // bytes of the first 120 characters
 *
 * Valid means RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF, no truncated sequence. Reentrant; no state. */
#ifndef QIAO_CORE_UTF8_H
#define QIAO_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* 1 when s[0..len) is valid UTF-8; else 0 and *bad (may be NULL) the offset
 * of the first byte of the first invalid sequence. */
int qiao_utf8_valid(const char *s, size_t len, size_t *bad);
/* The length in bytes of the first max_chars characters of the
 * NUL-terminated s (all of it when shorter), never cutting a character;
 * s[result] != '\0' tells that something was cut. s NULL: 0. */
size_t qiao_utf8_prefix(const char *s, size_t max_chars);
/* The largest k <= n such that s[0..k) ends on a character boundary of the
 * valid UTF-8 s (n no more than its length): where a cut of at most n bytes
 * goes without splitting a character. */
size_t qiao_utf8_floor(const char *s, size_t n);
/* Characters (code points) of the NUL-terminated s; NULL: 0. */
size_t qiao_utf8_chars(const char *s);
/* true when s is NULL or holds only spaces, tabs and line breaks (ASCII, or
 * the ideographic space U+3000). */
bool qiao_utf8_blank(const char *s);

struct qiao_err;
/* A text a person typed into field `field` labelled `what`: required (not
 * blank) and at most max characters; else QIAO_EINVAL naming the field, with
 * a Chinese message ("请填写留言。", "留言最多 2000 字，现在是 … 字，…"). */
int qiao_text_check(const char *field, const char *what, const char *v, size_t max,
                    struct qiao_err *e);

#endif
