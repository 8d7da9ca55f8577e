/* stats/render.c — the text report and the XLSX workbook. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "stats/tables.h"

/* Columns a terminal gives s: East Asian wide characters count two. */
static size_t display_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned cp;
        int n;
        if (*p < 0x80) { cp = *p; n = 1; }
        else if ((*p & 0xE0) == 0xC0) { cp = *p & 0x1F; n = 2; }
        else if ((*p & 0xF0) == 0xE0) { cp = *p & 0x0F; n = 3; }
        else { cp = *p & 0x07; n = 4; }
        for (int i = 1; i < n && p[i]; i++)
            cp = (cp << 6) | (p[i] & 0x3F);
        for (int i = 0; i < n && *p; i++)
            p++;
        w += (cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                                (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                                (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                                (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000)) ? 2 : 1;
    }
    return w;
}

static void pad(buf *out, const char *s, size_t width, int right)
{
    size_t w = display_width(s);
    if (right)
        for (size_t i = w; i < width; i++)
            buf_putc(out, ' ');
    buf_puts(out, s);
    if (!right)
        for (size_t i = w; i < width; i++)
            buf_putc(out, ' ');
}

static void text_table(const st_table *t, int title, buf *out)
{
    size_t width[ST_MAXCOLS] = {0};
    buf cell = {0};
    char **cells = qiao_calloc(t->nrows * (size_t)t->ncols + 1, sizeof *cells);
    for (int i = 0; i < t->ncols; i++)
        width[i] = display_width(t->head[i]);
    for (size_t r = 0; r < t->nrows; r++)
        for (int i = 0; i < t->ncols; i++) {
            buf_clear(&cell);
            st_cell_text(&t->rows[r].c[i], &cell);
            if (t->rows[r].c[i].type == ST_NULL)
                buf_puts(&cell, "-");
            cells[r * (size_t)t->ncols + (size_t)i] = qiao_strdup(buf_cstr(&cell));
            size_t w = display_width(buf_cstr(&cell));
            if (w > width[i])
                width[i] = w;
        }
    buf_printf(out, "== %s\n", st_table_title(title));
    for (int i = 0; i < t->ncols; i++) {
        pad(out, t->head[i], width[i], 0);
        buf_puts(out, i + 1 < t->ncols ? "  " : "\n");
    }
    for (size_t r = 0; r < t->nrows; r++)
        for (int i = 0; i < t->ncols; i++) {
            const st_cell *c = &t->rows[r].c[i];
            pad(out, cells[r * (size_t)t->ncols + (size_t)i], width[i], c->type != ST_STR);
            buf_puts(out, i + 1 < t->ncols ? "  " : "\n");
        }
    for (size_t k = 0; k < t->nrows * (size_t)t->ncols; k++)
        free(cells[k]);
    free(cells);
    buf_free(&cell);
}

void stats_render_text(const stats *st, buf *out)
{
    const stats_filter *f = &st->filter;
    buf_printf(out, "qiao statistics — dates %s to %s, zone %s, chain %s (generated %s)\n",
               *f->from ? f->from : "(any)", *f->to ? f->to : "(any)",
               *f->zone ? f->zone : "(all)", *f->chain ? f->chain : "(all)", st->generated);
    for (int t = 0; t < STATS_NTABLES; t++) {
        st_table tb;
        st_table_build(st, t, &tb);
        buf_putc(out, '\n');
        text_table(&tb, t, out);
        st_table_free(&tb);
    }
}

int stats_write_xlsx(const stats *st, const char *path, qiao_err *e)
{
    return stats_write_xlsx_labeled(st, path, NULL, e);
}

int stats_write_xlsx_labeled(const stats *st, const char *path, const qiao_labels *lb,
                             qiao_err *e)
{
    size_t n = strlen(path);
    char *tmp = qiao_malloc(n + 5);
    snprintf(tmp, n + 5, "%s.tmp", path);
    int rc = 0;
    lxw_workbook *wb = workbook_new(tmp);
    if (!wb) {
        rc = qiao_errf(e, QIAO_EIO, "%s: cannot create the workbook", tmp);
        goto out;
    }
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    buf cell = {0};
    for (int t = 0; t < STATS_NTABLES; t++) {
        st_table tb;
        st_table_build(st, t, &tb);
        char *sheet = qiao_label(lb, st_table_sheet(t));
        lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
        free(sheet);
        lxw_col_t col = 0;
        for (int i = 0; i < tb.ncols; i++) {
            if (!st_col_shown(&tb, i))
                continue;
            char *head = qiao_label(lb, tb.label[i]);
            worksheet_write_string(ws, 0, col, head, bold);
            free(head);
            worksheet_set_column(ws, col, col, col == 0 ? 28 : 20, NULL);
            col++;
        }
        for (size_t r = 0; r < tb.nrows; r++) {
            col = 0;
            for (int i = 0; i < tb.ncols; i++) {
                if (!st_col_shown(&tb, i))
                    continue;
                const st_cell *c = &tb.rows[r].c[i];
                lxw_row_t row = (lxw_row_t)(r + 1);
                if (c->type == ST_STR) {
                    buf_clear(&cell);
                    st_cell_people(c, lb, &cell);
                    worksheet_write_string(ws, row, col, buf_cstr(&cell), NULL);
                } else if (c->type == ST_INT)
                    worksheet_write_number(ws, row, col, (double)c->i, NULL);
                else if (c->type == ST_REAL) {
                    buf_clear(&cell);
                    st_real(c->d, &cell);
                    worksheet_write_number(ws, row, col, strtod(cell.p, NULL), NULL);
                }
                col++;
            }
        }
        worksheet_freeze_panes(ws, 1, 0);
        st_table_free(&tb);
    }
    buf_free(&cell);
    lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR) {
        rc = qiao_errf(e, QIAO_EIO, "%s: writing the workbook failed: %s", tmp,
                       lxw_strerror(err));
        remove(tmp);
        goto out;
    }
    if (rename(tmp, path) != 0) {
        rc = qiao_errf(e, QIAO_EIO, "%s: cannot rename %s into place", path, tmp);
        remove(tmp);
    }
out:
    free(tmp);
    return rc;
}
