/* tests/fuzz/fuzz_query.c — libFuzzer harness for the query parser and
 * the search it drives (match_query_parse + match_search). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "match/match.h"
#include "text/text.h"

static match_index *ix;

static void put(const char *json)
{
    json_error_t je;
    json_t *j = json_loads(json, 0, &je);
    model_record r;
    model_errors errs = {0};
    if (j && model_from_json(j, &r, &errs) == 0) {
        match_index_put(ix, &r, NULL);
        model_record_clear(&r);
    }
    model_errors_clear(&errs);
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ix) {
        qiao_err e = {0};
        if (text_init(&e) < 0 || match_index_new(&ix, &e) < 0)
            abort();
        put("{\"kind\":\"achievement\",\"id\":\"a1\",\"org\":\"o\",\"title\":\"射频标签芯片\","
            "\"chains\":[\"集成电路\"],\"trl\":6,\"modes\":[\"license\"],\"zone\":\"天府\"}");
        put("{\"kind\":\"achievement\",\"id\":\"a2\",\"org\":\"o\",\"title\":\"RFID reader 2023\"}");
        put("{\"kind\":\"demand\",\"id\":\"d1\",\"org\":\"o\",\"title\":\"射頻標籤\"}");
    }
    qiao_err e = {0};
    match_query *q = NULL;
    if (match_query_parse(ix, (const char *)data, size, &q, &e) == 0) {
        match_hits h = {0};
        match_search(ix, q, MODEL_ACHIEVEMENT, 5, &h, &e);
        match_search(ix, q, MODEL_DEMAND, 5, &h, &e);
        match_hits_free(&h);
        match_query_free(q);
    } else if (!e.msg[0] || q) {
        abort();   /* an error must say what is wrong and return no query */
    }
    return 0;
}
