/* web/html.h — one escaper per output context (after cgit's html.c).
 *
 * User data never reaches a page, an attribute, a URL, a JSON document or a
 * script without passing through the escaper of that exact context:
 *
 *   web_html_text(&b, title);                 // <p>…</p>
 *   web_html_attr(&b, value);                 // value="…"   (always double quotes)
 *   web_url_arg(&b, query);                   // href="/achievements?q=…"
 *   web_json_str(&b, s);                      // "…" in a JSON document
 *   web_js_str(&b, s);                        // "…" in a <script> block
 *
 * Each appends to a core/buf. Bytes that are not valid UTF-8 are written as
 * U+FFFD, never copied through. Reentrant; no global state.
 */
#ifndef QIAO_WEB_HTML_H
#define QIAO_WEB_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/utf8.h"

/* Text between tags: & < > " ' become entities; C0 controls other than
 * tab, LF and CR become U+FFFD. */
void web_html_text(buf *b, const char *s);
void web_html_textn(buf *b, const char *s, size_t n);
/* A double-quoted attribute value: as text, and also ` = and LF/CR/tab as
 * numeric references. */
void web_html_attr(buf *b, const char *s);
/* A URL query/path component: every byte but A-Z a-z 0-9 - . _ ~ is
 * percent-encoded (so the result is also safe in an attribute). */
void web_url_arg(buf *b, const char *s);
/* A URL from user data placed in href="": written (attribute-escaped) only
 * when it is http(s):// or a path starting with a single '/'; otherwise "#". */
void web_html_href(buf *b, const char *url);
/* A redirect target taken from the request (next=, a Location): `next`
 * itself when it is a local path — "/" followed by a byte other than "/"
 * and "\\", with no control character, space or DEL (bytes <= 0x20, 0x7f)
 * anywhere, in the raw form and in its percent-decoded forms (decoded again
 * while a "%XX" remains, so "%2509" is caught) — else the string "/".
 * Browsers strip tabs and newlines and read "\\" as "/", so "/<TAB>/host"
 * or "/%5Chost" would lead to another host. Never NULL; NULL gives "/". */
const char *web_safe_next(const char *next);
/* A JSON string literal with its quotes. Besides JSON's own escapes, < > &
 * ' U+2028 U+2029 are \u-escaped, so the result is also safe in HTML. */
void web_json_str(buf *b, const char *s);
void web_json_strn(buf *b, const char *s, size_t n);
/* A JavaScript string literal (with double quotes) for inside <script>:
 * everything but letters, digits, space and , . _ - is \x or \u escaped,
 * so "</script>", "<!--" and line terminators cannot occur. */
void web_js_str(buf *b, const char *s);

/* Decodes one UTF-8 sequence of s[0..n); returns its length (1–4) and sets
 * *cp, or 0 when the bytes are not a valid, shortest-form scalar value. */
size_t web_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Validity, length in characters and cuts of UTF-8: core/utf8.h. */

#endif
