/* model/input.h — values as people write them: amounts ("50万", "1.2亿",
 * "300,000", "30万元"), dates and times ("2027-01-15 09:00", "2027年1月15日"),
 * lists ("a；b, c" or one per line). Each parser gives the canonical value
 * the model stores, or QIAO_EINVAL and the code of the message catalogue's
 * rule (model_message) that tells the person what to write instead. Each
 * format function writes what a page shows, and its output parses back to
 * the same value.
 *
 * Thread-safety: reentrant; no state.
 */
#ifndef QIAO_MODEL_INPUT_H
#define QIAO_MODEL_INPUT_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

/* The largest amount (yuan) a budget, price or contract amount may have:
 * 100 亿元. Above it the model refuses the value (rule "amount_range"). */
#define MODEL_AMOUNT_MAX 10000000000LL

/* Parses s[0..len): optional ¥/￥, digits (full-width too) with optional
 * thousands commas (, or ，) and a decimal point, then an optional unit 元,
 * 万, 万元, 亿, 亿元; spaces around the number and before the unit are
 * ignored. The value must be whole yuan, from 0 to MODEL_AMOUNT_MAX.
 * Returns 0 with *yuan set, or QIAO_EINVAL with *code one of "required"
 * (empty), "amount_format" (not a number: "五十万", "abc"), "amount_negative",
 * "amount_fraction" (less than one yuan: "0.5元"), "amount_range". */
int model_amount_parse(const char *s, size_t len, long long *yuan, const char **code);

/* "30 万元", "1.2 亿元", "12,345.6789 万元", "5,000 元", "0 元": 亿 when the
 * amount is a whole multiple of 1万元 and at least 1亿, else 万 from 1万 on,
 * else 元. Writes at most cap bytes (cap >= 32 holds any amount). */
void model_amount_format(long long yuan, char *out, size_t cap);

/* Parses a date or a date and time: 2027-01-15, 2027/1/15, 2027年1月15日,
 * then optionally a time after spaces or 'T' (09:00, 9:00, 09:00:30) and,
 * with a time, an offset (Z, +08:00); a time without an offset is Beijing
 * time. Full-width digits and ：are accepted. Years 1900–2200.
 * Writes the canonical ISO 8601 form ("2027-01-15" or
 * "2027-01-15T09:00+08:00", seconds kept when given) into out (cap >= 32)
 * and returns 0, or QIAO_EINVAL with *code "required", "date" (not a date)
 * or "date_range" (year out of range). */
int model_when_parse(const char *s, size_t len, char *out, size_t cap, const char **code);

/* A canonical date or date-time (model_valid_date) as a page shows it, in
 * Beijing time: "2027年1月15日" or "2027年1月15日 09:00" (":30" seconds when
 * not zero). Returns 0, or -1 (out holds the text as given) when iso is not
 * a valid date. */
int model_when_format(const char *iso, char *out, size_t cap);

/* The instant of a canonical date or date-time in seconds since 1970 UTC
 * (a date is its midnight in Beijing). Returns 0, or -1 when not valid. */
int model_when_epoch(const char *iso, long long *t);

/* Today's date in Beijing at `now` ("2026-12-07"); out needs 11 bytes. */
void model_today(time_t now, char out[11]);

/* Splits what a person typed as a list into its items: separated by line
 * breaks or any of ； ; ， , 、 ; each item trimmed of spaces (U+3000 too);
 * empty items dropped. Returns a new JSON array of strings. */
json_t *model_split_list(const char *s);

#endif
