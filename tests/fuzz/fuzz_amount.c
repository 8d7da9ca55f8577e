/* tests/fuzz/fuzz_amount.c — libFuzzer harness for the parsers of values as
 * people write them (model/input.h): amounts, dates and lists. Properties:
 * nothing crashes; an accepted amount is within 0..MODEL_AMOUNT_MAX; an
 * accepted date is a valid canonical date; format(parse(x)) parses back to
 * the same value (the same amount, the same instant). Run with
 * `bash tests/fuzz/run.sh SECONDS`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "model/input.h"
#include "model/schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *code = NULL;

    long long v = -1;
    if (model_amount_parse(s, size, &v, &code) == 0) {
        if (code || v < 0 || v > MODEL_AMOUNT_MAX)
            abort();
        char shown[64];
        model_amount_format(v, shown, sizeof shown);
        long long back = -1;
        if (model_amount_parse(shown, strlen(shown), &back, &code) != 0 || back != v)
            abort();
    } else if (!code) {
        abort();
    }

    char iso[64], shown[96], again[64];
    if (model_when_parse(s, size, iso, sizeof iso, &code) == 0) {
        long long t1, t2;
        if (code || !model_valid_date(iso) || model_when_epoch(iso, &t1) != 0)
            abort();
        if (model_when_format(iso, shown, sizeof shown) != 0)
            abort();
        if (model_when_parse(shown, strlen(shown), again, sizeof again, &code) != 0 ||
            model_when_epoch(again, &t2) != 0 || t1 != t2 ||
            (strchr(iso, 'T') == NULL) != (strchr(again, 'T') == NULL))
            abort();
    } else if (!code) {
        abort();
    }

    /* lists: the input as a C string (up to its first NUL) */
    char *z = malloc(size + 1);
    memcpy(z, data, size);
    z[size] = '\0';
    json_t *a = model_split_list(z);
    if (!json_is_array(a))
        abort();
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x)
        if (!json_is_string(x) || json_string_length(x) == 0 || json_string_length(x) > size)
            abort();
    json_decref(a);
    free(z);
    return 0;
}
