/* model/credit_code.c — 统一社会信用代码 (unified social credit code,
 * GB 32100-2015): 18 characters from a 31-character alphabet (the digits and
 * the capital letters without I, O, Z, S and V); characters 3-8 are the
 * administrative division (digits); the 18th is a check character: with the
 * value of each character its index in the alphabet and the weights
 * 3^(i-1) mod 31 for positions i = 1..17, it is the character whose value is
 * (31 - sum mod 31) mod 31. */
#include <stdbool.h>
#include <string.h>

#include "model/model.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* The value of c in the alphabet, or -1. */
static int value_of(char c)
{
    if (!c)
        return -1;
    const char *p = strchr(alphabet, c);
    return p ? (int)(p - alphabet) : -1;
}

char model_credit_code_check_char(const char *first17)
{
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        int v = value_of(first17[i]);
        if (v < 0)
            return 0;
        sum += v * weights[i];
    }
    return alphabet[(31 - sum % 31) % 31];
}

model_cc_status model_credit_code_check(const char *s, size_t *pos)
{
    size_t n = s ? strlen(s) : 0;
    if (pos)
        *pos = 0;
    if (n == 0)
        return MODEL_CC_EMPTY;
    if (n != MODEL_CREDIT_CODE_LEN)
        return MODEL_CC_LENGTH;
    for (size_t i = 0; i < n; i++) {
        int v = value_of(s[i]);
        bool digit_only = i >= 2 && i <= 7;
        if (v < 0 || (digit_only && v > 9)) {
            if (pos)
                *pos = i + 1;
            return v < 0 ? MODEL_CC_CHAR : MODEL_CC_DIVISION;
        }
    }
    if (model_credit_code_check_char(s) != s[17]) {
        if (pos)
            *pos = 18;
        return MODEL_CC_CHECK;
    }
    return MODEL_CC_OK;
}

model_cc_status model_credit_code_normalize(const char *in, char out[MODEL_CREDIT_CODE_LEN + 1],
                                            size_t *pos)
{
    out[0] = '\0';
    if (pos)
        *pos = 0;
    if (!in)
        return MODEL_CC_EMPTY;
    while (*in == ' ' || *in == '\t' || *in == '\r' || *in == '\n')
        in++;
    size_t n = strlen(in);
    while (n && (in[n - 1] == ' ' || in[n - 1] == '\t' || in[n - 1] == '\r' || in[n - 1] == '\n'))
        n--;
    if (n == 0)
        return MODEL_CC_EMPTY;
    if (n != MODEL_CREDIT_CODE_LEN)
        return MODEL_CC_LENGTH;
    for (size_t i = 0; i < n; i++)
        out[i] = in[i] >= 'a' && in[i] <= 'z' ? (char)(in[i] - 'a' + 'A') : in[i];
    out[n] = '\0';
    model_cc_status st = model_credit_code_check(out, pos);
    if (st != MODEL_CC_OK)
        out[0] = '\0';
    return st;
}

const char *model_credit_code_reason(model_cc_status st)
{
    switch (st) {
    case MODEL_CC_OK: return "valid";
    case MODEL_CC_EMPTY: return "is empty";
    case MODEL_CC_LENGTH: return "must be 18 characters";
    case MODEL_CC_CHAR: return "may hold only digits and the capital letters except I, O, Z, "
                               "S and V";
    case MODEL_CC_DIVISION: return "characters 3-8 (the administrative division) must be digits";
    case MODEL_CC_CHECK: return "the check character (the 18th) does not match the other 17 "
                                "(GB 32100-2015)";
    }
    return "is not a valid credit code";
}
