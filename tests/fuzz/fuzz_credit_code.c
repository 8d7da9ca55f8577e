/* tests/fuzz/fuzz_credit_code.c — libFuzzer harness for the 统一社会信用代码
 * check (src/model/credit_code.c): arbitrary bytes through the strict check
 * and the normaliser never crash, and whatever either accepts is 18
 * characters of the GB 32100-2015 alphabet (no I, O, Z, S, V, no lower case)
 * whose 18th is the check character — recomputed here independently (the
 * weights 3^(i-1) mod 31 made by repeated multiplication). Run with
 * `bash tests/fuzz/run.sh SECONDS`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int value(char c)
{
    static const char a[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (int i = 0; i < 31; i++)
        if (a[i] == c)
            return i;
    return -1;
}

/* abort()s unless code is a valid canonical credit code. */
static void valid_or_abort(const char *code)
{
    if (strlen(code) != 18)
        abort();
    int sum = 0, w = 1;
    for (int i = 0; i < 18; i++) {
        int v = value(code[i]);
        if (v < 0 || (i >= 2 && i <= 7 && v > 9))
            abort();
        if (i < 17) {
            sum += v * w;
            w = w * 3 % 31;
        } else if (v != (31 - sum % 31) % 31) {
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';            /* an embedded NUL just ends the text early */

    size_t pos = 99;
    model_cc_status st = model_credit_code_check(s, &pos);
    if (st == MODEL_CC_OK) {
        valid_or_abort(s);
        if (pos != 0)
            abort();
    } else if (pos > 18) {
        abort();
    }

    char out[MODEL_CREDIT_CODE_LEN + 1];
    memset(out, 'x', sizeof out);
    st = model_credit_code_normalize(s, out, &pos);
    if (st == MODEL_CC_OK) {
        valid_or_abort(out);
        if (model_credit_code_check(out, NULL) != MODEL_CC_OK)
            abort();
    } else if (out[0] != '\0') {
        abort();
    }
    if (model_credit_code_reason(st)[0] == '\0')
        abort();
    free(s);
    return 0;
}
