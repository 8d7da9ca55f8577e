/* The route table: every route is in the OpenAPI document, with its method
 * and every path parameter; every {param} of a pattern is declared and
 * validated; patterns are unique per method; no route is shadowed; the
 * matcher and the parameter parser behave at their edges. */
#include "testutil.h"

#include "web/app.h"

static void test_openapi_has_every_route(void **state)
{
    (void)state;
    json_t *doc = web_openapi(web_routes, web_nroutes);
    json_t *paths = json_object_get(doc, "paths");
    assert_non_null(paths);
    for (size_t i = 0; i < web_nroutes; i++) {
        const web_route *r = &web_routes[i];
        char path[256];
        snprintf(path, sizeof path, "%s", r->pattern);
        char *star = strchr(path, '*');
        if (star)
            strcpy(star, "{path}");
        json_t *item = json_object_get(paths, path);
        if (!item)
            fail_msg("route %s is not in the OpenAPI document", r->pattern);
        for (unsigned m = 1; m <= WEB_HEAD; m <<= 1) {
            if (!(r->methods & m))
                continue;
            char lower[8] = {0};
            const char *name = web_method_name((web_method)m);
            for (size_t k = 0; name[k]; k++)
                lower[k] = (char)(name[k] | 0x20);
            json_t *op = json_object_get(item, lower);
            if (!op)
                fail_msg("%s %s is not in the OpenAPI document", name, r->pattern);
            assert_non_null(json_object_get(op, "responses"));
            /* every {param} of the path is a parameter of the operation */
            for (const char *p = strchr(path, '{'); p; p = strchr(p + 1, '{')) {
                size_t n = strcspn(p + 1, "}");
                bool found = false;
                size_t k;
                json_t *prm;
                json_array_foreach(json_object_get(op, "parameters"), k, prm) {
                    const char *pn = json_string_value(json_object_get(prm, "name"));
                    found |= pn && strlen(pn) == n && !strncmp(pn, p + 1, n);
                }
                if (!found)
                    fail_msg("%s %s: path parameter %.*s undocumented", name, r->pattern,
                             (int)n, p + 1);
            }
        }
    }
    json_decref(doc);
}

static void test_table_rules(void **state)
{
    (void)state;
    for (size_t i = 0; i < web_nroutes; i++) {
        const web_route *r = &web_routes[i];
        assert_non_null(r->handler);
        assert_non_null(r->summary);
        /* each {name} is declared as a validated path parameter */
        for (const char *p = strchr(r->pattern, '{'); p; p = strchr(p + 1, '{')) {
            size_t n = strcspn(p + 1, "}");
            bool declared = false;
            for (const web_pspec *s = r->params; s && s->name; s++)
                declared |= s->in == WEB_IN_PATH && strlen(s->name) == n &&
                            !strncmp(s->name, p + 1, n);
            if (!declared)
                fail_msg("%s: {%.*s} has no validator", r->pattern, (int)n, p + 1);
        }
        /* writes from pages are forms (CSRF-checked); API writes take JSON */
        if (r->methods & (WEB_POST | WEB_PUT | WEB_PATCH)) {
            if (r->flags & WEB_F_API)
                assert_true(r->flags & WEB_F_JSON);
            else
                assert_true(r->flags & WEB_F_FORM);
        }
        /* no earlier route with the same method matches this pattern literally */
        for (size_t j = 0; j < i; j++) {
            if (!(web_routes[j].methods & r->methods))
                continue;
            if (!strcmp(web_routes[j].pattern, r->pattern))
                fail_msg("%s listed twice", r->pattern);
        }
    }
}

static void test_match(void **state)
{
    (void)state;
    web_arena a = {0};
    web_kv *pp;
    size_t n;
    assert_true(web_match(&a, "/api/v1/demands/{id}", "/api/v1/demands/d-1", &pp, &n));
    assert_int_equal(n, 1);
    assert_string_equal(pp[0].name, "id");
    assert_string_equal(pp[0].value, "d-1");
    assert_false(web_match(&a, "/api/v1/demands/{id}", "/api/v1/demands/", &pp, &n));
    assert_false(web_match(&a, "/api/v1/demands/{id}", "/api/v1/demands/a/b", &pp, &n));
    assert_false(web_match(&a, "/demands", "/demands/", &pp, &n));
    assert_true(web_match(&a, "/static/*", "/static/a/b.css", &pp, &n));
    assert_string_equal(pp[0].value, "a/b.css");
    web_arena_free(&a);
}

static void test_params(void **state)
{
    (void)state;
    web_arena a = {0};
    web_kv *v;
    size_t n;
    qiao_err e = {0};
    const char *q = "q=%E6%88%90+%E9%83%BD&page=2&flag&&x=";
    assert_int_equal(web_parse_params(&a, q, strlen(q), 10, &v, &n, &e), 0);
    assert_int_equal(n, 4);
    assert_string_equal(v[0].value, "成 都");
    assert_string_equal(v[2].name, "flag");
    assert_string_equal(v[2].value, "");
    const char *bad[] = {"q=%", "q=%4", "q=%G0", "q=%00", "q=%C3%28", "=x", "%FF=1", NULL};
    for (int i = 0; bad[i]; i++)
        assert_int_equal(web_parse_params(&a, bad[i], strlen(bad[i]), 10, &v, &n, &e), QIAO_EINVAL);
    web_pspec ip = {.name = "n", .type = WEB_P_INT, .min = 1, .max = 10};
    assert_int_equal(web_check_param(&ip, "10", &e), 0);
    assert_int_equal(web_check_param(&ip, "11", &e), QIAO_EINVAL);
    assert_int_equal(web_check_param(&ip, "1x", &e), QIAO_EINVAL);
    assert_int_equal(web_check_param(&ip, "99999999999999999999", &e), QIAO_EINVAL);
    /* plain decimals only: no spaces, '+', leading zeros or "-0"; errors name it */
    const char *not_plain[] = {" 5", "5 ", "\t5", "+5", "05", "005", "", "-", "0x5", "5.0",
                               "1e1", "9223372036854775808", NULL};
    for (int i = 0; not_plain[i]; i++) {
        e = (qiao_err){0};
        assert_int_equal(web_check_param(&ip, not_plain[i], &e), QIAO_EINVAL);
        assert_string_equal(e.field, "n");
    }
    web_pspec sp = {.name = "s", .type = WEB_P_INT, .min = -5, .max = 5};
    assert_int_equal(web_check_param(&sp, "0", &e), 0);
    assert_int_equal(web_check_param(&sp, "-5", &e), 0);
    assert_int_equal(web_check_param(&sp, "-0", &e), QIAO_EINVAL);
    assert_int_equal(web_check_param(&sp, "-05", &e), QIAO_EINVAL);
    assert_int_equal(web_check_param(&sp, "-6", &e), QIAO_EINVAL);
    /* at most max parameters: the count is told */
    const char *many = "a=1&b=2&&c&d=";
    assert_int_equal(web_parse_params(&a, many, strlen(many), 4, &v, &n, &e), 0);
    assert_int_equal(n, 4);
    assert_int_equal(web_parse_params(&a, many, strlen(many), 3, &v, &n, &e), QIAO_EINVAL);
    assert_int_equal(n, 4);
    assert_int_equal(web_parse_params(&a, "&&&", 3, 0, &v, &n, &e), 0);
    assert_int_equal(n, 0);
    web_pspec tp = {.name = "t", .type = WEB_P_TEXT, .max = 2};
    assert_int_equal(web_check_param(&tp, "成都", &e), 0);
    assert_int_equal(web_check_param(&tp, "成都市", &e), QIAO_EINVAL);
    web_pspec idp = {.name = "id", .type = WEB_P_ID};
    assert_int_equal(web_check_param(&idp, "uestc-ic:01.a_b", &e), 0);
    assert_int_equal(web_check_param(&idp, "a/b", &e), QIAO_EINVAL);
    assert_int_equal(web_check_param(&idp, "成都", &e), QIAO_EINVAL);
    web_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openapi_has_every_route), cmocka_unit_test(test_table_rules),
        cmocka_unit_test(test_match), cmocka_unit_test(test_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
