/* libFuzzer harness for web_safe_next (web/html.c), the rule for redirect
 * targets taken from the request. Property: whatever it accepts (returns
 * as is) starts with "/" and a byte other than "/" and "\", and holds no
 * byte <= 0x20 or 0x7f, in its raw form and in every percent-decoded form;
 * whatever it refuses comes back as "/". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_form(const unsigned char *s, size_t n)
{
    if (n < 2 || s[0] != '/' || s[1] == '/' || s[1] == '\\')
        abort();
    for (size_t i = 0; i < n; i++)
        if (s[i] <= 0x20 || s[i] == 0x7f)
            abort();
}

static int hex(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';                        /* the server never passes NUL bytes */
    const char *got = web_safe_next(s);
    if (got != s) {
        if (strcmp(got, "/") != 0)
            abort();
        free(s);
        return 0;
    }
    /* accepted: check the raw form, then decode one level at a time */
    unsigned char *cur = (unsigned char *)s;
    size_t n = strlen(s);
    for (int pass = 0; pass < 64; pass++) {
        check_form(cur, n);
        size_t j = 0;
        int changed = 0;
        for (size_t i = 0; i < n; i++) {
            int hi, lo;
            if (cur[i] == '%' && i + 2 < n && (hi = hex(cur[i + 1])) >= 0 && (lo = hex(cur[i + 2])) >= 0) {
                cur[j++] = (unsigned char)(hi * 16 + lo);
                i += 2;
                changed = 1;
            } else {
                cur[j++] = cur[i];
            }
        }
        n = j;
        if (!changed)
            break;
    }
    free(s);
    return 0;
}
