/* web_safe_next (web/html.c): the one rule for redirect targets taken from
 * the request. Only a local path passes; whatever a browser could read as
 * another host, in any encoding, becomes "/". */
#include "testutil.h"

#include "web/html.h"

static void test_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "/\t/evil.example", "/\r/evil.example", "/\n/evil.example", "/ /evil.example",
        "\t/evil.example", "/a\tb", "/a\nb", "/a\rb", "/a b", "/\x7f/x", "/\x01x",
        "//evil.example", "/\\evil.example", "\\/evil.example", "//", "/\\",
        "%2F%2Fevil.example", "/%2F/evil.example", "/%2f/evil.example", "/%5Cevil.example",
        "/%5cevil.example", "/%09/evil.example", "/%0d/x", "/%0A/x", "/%20/x", "/%00x",
        "/%7F/x", "/%252F/evil.example", "/%255C/evil.example", "/%2509/evil.example",
        "/%25252F/evil.example", "/x%2509y", "/x%0d%0aSet-Cookie:%20a=1",
        "https://evil.example/", "http:/x", "evil.example", "", "/", "x/y", NULL,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *got = web_safe_next(bad[i]);
        if (strcmp(got, "/") != 0)
            fail_msg("accepted %s as %s", bad[i] ? bad[i] : "NULL", got);
        if (bad[i] && got == bad[i] && strcmp(bad[i], "/") != 0)
            fail_msg("returned the input %s", bad[i]);
    }
}

static void test_accepted(void **state)
{
    (void)state;
    static const char *const good[] = {
        "/me", "/events/ev-1", "/achievements?q=%E8%8A%AF%E7%89%87&page=2",
        "/achievements?q=芯片", "/a/b//c", "/a\\b", "/%41bc", "/x%2Fy", "/x#frag", "/-",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (web_safe_next(good[i]) != good[i])
            fail_msg("refused the good path %s", good[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_accepted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
