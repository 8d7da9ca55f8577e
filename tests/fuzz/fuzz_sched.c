/* tests/fuzz/fuzz_sched.c — libFuzzer harness for the instance JSON parser.
 * Whatever parses must also validate, solve (briefly) and pass sched_check. */
#include <stdint.h>
#include <stdlib.h>

#include "sched/sched.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sched_instance *in = NULL;
    qiao_err e = {0};
    if (sched_instance_parse((const char *)data, size, &in, &e) < 0)
        return 0;
    if (sched_instance_validate(in, 0, &e) < 0)
        abort();   /* the parser promised a valid instance */
    if (in->nmeetings <= 200 && in->nparticipants <= 200) {
        sched_options o = sched_default_options();
        o.time_limit_ms = 50;
        o.max_iterations = 200;
        sched_result r = {0};
        if (sched_solve(in, &o, &r, &e) < 0 || sched_check(in, &r, &e) < 0)
            abort();
        json_t *j = sched_result_to_json(in, &r);
        json_decref(j);
        sched_result_free(&r);
    }
    sched_instance_free(in);
    return 0;
}
