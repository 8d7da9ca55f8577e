/* core/csv.h — the one CSV cell writer (RFC 4180), for every CSV qiao
 * writes: `qiao export --format csv`, the statistics (stats.csv, qiao stats
 * --format csv), an event's grid.csv and meetings.csv.
 *
 *   csv_put_cell(&line, s, strlen(s), CSV_FOR_PEOPLE);   // then ',' or "\r\n"
 *
 * One quoting rule: a cell is written in double quotes (a quote doubled)
 * when it holds ',', '"', CR or LF, or begins or ends with a space; else
 * as is. Reading it back (io/csv.c) gives exactly the bytes given.
 *
 * CSV_FOR_PEOPLE: the file is for opening in a spreadsheet (Excel, WPS),
 * which would run a cell that begins with '=', '+', '-', '@', tab or CR as
 * a formula (CSV formula injection). Such a cell gets a leading "'" (shown
 * by the spreadsheet as text, the quote hidden), unless it is a plain
 * decimal number ("-3", "-0.25"), which cannot be a formula. Without the
 * flag the cell is exact: the machine format of export and import.
 *
 * Lives in core (beside buf) because stats, event and io all write CSV and
 * none of them may depend on another for it. Reentrant; no state.
 */
#ifndef QIAO_CORE_CSV_H
#define QIAO_CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

enum { CSV_FOR_PEOPLE = 1 };

/* Appends the cell s[0..n) to out, quoted and (CSV_FOR_PEOPLE) neutralised
 * as above. */
void csv_put_cell(buf *out, const char *s, size_t n, unsigned flags);
/* true when a spreadsheet could read s[0..n) as a formula (the cells that
 * CSV_FOR_PEOPLE neutralises). */
bool csv_risky(const char *s, size_t n);

#endif
