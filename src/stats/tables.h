/* stats/tables.h — internal to src/stats/: the figures as tables, shared by
 * the CSV, XLSX and text renderings. Cells borrow their strings from the
 * stats struct or from static text: a table lives no longer than its stats. */
#ifndef QIAO_STATS_TABLES_H
#define QIAO_STATS_TABLES_H

#include <stddef.h>
#include <stdint.h>

#include "core/label.h"
#include "stats/stats.h"

enum { ST_NULL, ST_STR, ST_INT, ST_REAL };
#define ST_MAXCOLS 8

typedef struct st_cell {
    int type;
    const char *s;
    int64_t i;
    double d;
    int label;    /* an ST_STR of the table's own words (a figure's name), not data */
} st_cell;

typedef struct st_row {
    st_cell c[ST_MAXCOLS];
} st_row;

typedef struct st_table {
    const char *name;                 /* stats_table_name */
    const char *head[ST_MAXCOLS];     /* JSON keys and the text report's columns */
    const char *label[ST_MAXCOLS];    /* CSV and XLSX headers, as on the page; NULL:
                                       * a code column people do not get */
    int ncols;
    st_row *rows;                     /* owned */
    size_t nrows, cap;
} st_table;

void st_table_build(const stats *st, int which, st_table *t);
void st_table_free(st_table *t);
const char *st_table_title(int which);   /* "指标 figures", ... */
/* The table's Chinese name: the XLSX sheet, the heading of a CSV of every
 * table ("主要指标", "月度趋势", ...). */
const char *st_table_sheet(int which);
/* Whether column i of t goes to people (CSV, XLSX), and its text there
 * ("(none)" becomes "（无）"). */
int st_col_shown(const st_table *t, int i);
const char *st_people_text(const char *s);
void st_cell_text(const st_cell *c, buf *out);   /* nothing for null */
/* A cell as people get it in CSV and XLSX: its text (st_people_text), the
 * table's own words passed through lb (core/label.h), data as written. */
void st_cell_people(const st_cell *c, const qiao_labels *lb, buf *out);
void st_real(double d, buf *out);

#endif
