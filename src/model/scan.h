/* model/scan.h — word-at-a-time scans of text for the JSON reader and writer
 * (json.c) and the text checks (model.c): eight bytes per step instead of
 * one, for the long runs of plain text (mostly Chinese) that records are made
 * of. Internal to src/model; no state. */
#ifndef QIAO_MODEL_SCAN_H
#define QIAO_MODEL_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SCAN_ONES 0x0101010101010101ULL
#define SCAN_HIGH 0x8080808080808080ULL

/* Nonzero when some byte of x is below n (n at most 0x80). Exact as a
 * yes/no answer (a borrow can only mark bytes after a true one). */
static inline uint64_t scan_less(uint64_t x, unsigned n)
{
    return (x - SCAN_ONES * n) & ~x & SCAN_HIGH;
}

/* Nonzero when some byte of x is c. */
static inline uint64_t scan_has(uint64_t x, unsigned c)
{
    return scan_less(x ^ (SCAN_ONES * c), 1);
}

static inline uint64_t scan_load(const void *p)
{
    uint64_t x;
    memcpy(&x, p, sizeof x);
    return x;
}

/* How many of the n bytes at p come before the first control character,
 * '"' or '\\' (the bytes that end a plain run of a JSON string); n when
 * none. special[] is the caller's exact table of those bytes. */
static inline size_t scan_plain(const unsigned char *p, size_t n, const unsigned char *special)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x = scan_load(p + i);
        if (scan_less(x, 0x20) | scan_has(x, '"') | scan_has(x, '\\'))
            break;
    }
    while (i < n && !special[p[i]])
        i++;
    return i;
}

/* The number of UTF-8 continuation bytes (10xxxxxx) in the 8 bytes of x. */
static inline unsigned scan_cont(uint64_t x)
{
    uint64_t m = (x & ~(x << 1) & SCAN_HIGH) >> 7;   /* one per such byte */
    return (unsigned)((m * SCAN_ONES) >> 56);
}

#endif
