/* libFuzzer harness for the web layer's parsers: query strings and form
 * bodies (web_parse_params), percent-decoding of paths, route matching,
 * parameter validators and static-file path checks. Whatever the input,
 * nothing may crash, and everything accepted must be valid UTF-8 without NUL. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/static.h"
#include "web/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    web_arena a = {0};
    const char *s = (const char *)data;
    web_kv *v;
    size_t n;
    qiao_err e = {0};
    if (web_parse_params(&a, s, size, 64, &v, &n, &e) == 0) {
        if (n > 64)
            abort();
        static const web_pspec specs[] = {
            {.name = "n", .type = WEB_P_INT, .min = -5, .max = 100},
            {.name = "t", .type = WEB_P_TEXT, .max = 10},
            {.name = "id", .type = WEB_P_ID},
            {.name = "b", .type = WEB_P_BOOL},
        };
        for (size_t i = 0; i < n; i++) {
            if (!qiao_utf8_valid(v[i].name, strlen(v[i].name), NULL) ||
                !qiao_utf8_valid(v[i].value, strlen(v[i].value), NULL))
                abort();
            for (size_t k = 0; k < sizeof specs / sizeof *specs; k++)
                web_check_param(&specs[k], v[i].value, &e);
            /* an integer accepted is exactly its plain decimal form, in range */
            if (web_check_param(&specs[0], v[i].value, &e) == 0) {
                char back[32];
                long x = strtol(v[i].value, NULL, 10);
                snprintf(back, sizeof back, "%ld", x);
                if (strcmp(back, v[i].value) != 0 || x < specs[0].min || x > specs[0].max)
                    abort();
            }
            web_static_path_ok(v[i].value);
            buf b = {0};
            web_html_attr(&b, v[i].value);
            web_url_arg(&b, v[i].value);
            web_json_str(&b, v[i].value);
            web_js_str(&b, v[i].value);
            buf_free(&b);
        }
    }
    char *path = web_pct_decode(&a, s, size, false);
    if (path) {
        if (!qiao_utf8_valid(path, strlen(path), NULL))
            abort();
        web_kv *pp;
        size_t np;
        web_match(&a, "/api/v1/achievements/{id}/matches", path, &pp, &np);
        web_match(&a, "/static/*", path, &pp, &np);
    }
    web_arena_free(&a);
    return 0;
}
