/* cli/cmd_text.c — `qiao text`: inspect the Chinese text pipeline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/err.h"
#include "text/text.h"

extern const cli_command cmd_text;

static const char *const KIND[] = {"?", "word", "bigram", "unigram", "latin", "num"};

static int read_all(FILE *f, buf *b)
{
    char chunk[65536];
    size_t r;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(b, chunk, r);
    if (ferror(f)) {
        fprintf(stderr, "qiao text: cannot read standard input\n");
        return -1;
    }
    if (!b->p)
        buf_reserve(b, 0);
    return 0;
}

/* Writes s with tabs, newlines, carriage returns and backslashes escaped, so
 * that a token line stays one line of four tab-separated fields. */
static void put_escaped(const char *s, size_t n, FILE *f)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '\t': fputs("\\t", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\\': fputs("\\\\", f); break;
        default: fputc(s[i], f);
        }
    }
}

static int run_tokens(const buf *in)
{
    qiao_err e = {0};
    text_tokens t = {0};
    if (text_tokenize(in->p, in->len, &t, &e) < 0) {
        fprintf(stderr, "qiao text tokens: %s\n", e.msg);
        return 1;
    }
    for (size_t i = 0; i < t.n; i++) {
        const text_token *k = &t.v[i];
        printf("%s\t%s\t%u\t", text_token_term(&t, i),
               KIND[k->kind <= TEXT_TOK_NUM ? k->kind : 0], k->pos);
        put_escaped(in->p + k->src_off, k->src_len, stdout);
        putchar('\n');
    }
    text_tokens_free(&t);
    return 0;
}

static int text_run(int argc, char **argv)
{
    if (argc != 2)
        return cli_usage_error(&cmd_text, "expected one action: normalize, strip or tokens");
    const char *act = argv[1];
    if (strcmp(act, "normalize") && strcmp(act, "strip") && strcmp(act, "tokens"))
        return cli_usage_error(&cmd_text, "unknown action '%s'", act);

    buf in = {0};
    int rc = 1;
    if (read_all(stdin, &in) < 0)
        goto out;
    qiao_err e = {0};
    if (strcmp(act, "strip") != 0 && text_init(&e) < 0) {
        fprintf(stderr, "qiao text: %s\n", e.msg);
        goto out;
    }
    if (strcmp(act, "tokens") == 0) {
        rc = run_tokens(&in);
        goto out;
    }
    size_t n = 0;
    char *s = strcmp(act, "strip") == 0 ? text_strip_pinyin(in.p, in.len, &n)
                                        : text_normalize(in.p, in.len, &n);
    if (!s) {
        fprintf(stderr, "qiao text %s: the text could not be converted (OpenCC failed)\n", act);
        goto out;
    }
    fwrite(s, 1, n, stdout);
    free(s);
    rc = 0;
out:
    text_shutdown();
    buf_free(&in);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "qiao text: cannot write standard output\n");
        rc = 1;
    }
    return rc;
}

const cli_command cmd_text = {
    "text", "show how qiao normalises and tokenises Chinese text",
    "usage: qiao text ACTION < input\n"
    "\n"
    "Reads UTF-8 text on standard input and writes to standard output what the\n"
    "matching engine sees. ACTION is one of:\n"
    "\n"
    "  normalize  the text as it is keyed: pinyin annotations removed\n"
    "             (成(chéng)都 -> 成都), traditional folded to simplified (OpenCC\n"
    "             t2s), Unicode NFKC and case folding (ＡＤＣ -> adc).\n"
    "  strip      only the pinyin annotations removed; every other byte as given.\n"
    "  tokens     one token per line, four tab-separated fields:\n"
    "               TERM  KIND  POSITION  ORIGINAL\n"
    "             TERM is the normalised term; KIND is word (a friso dictionary\n"
    "             word), bigram (two adjacent Han characters), unigram (a Han\n"
    "             character with no Han neighbour), latin (a run of letters) or\n"
    "             num (a run of digits, with at most one decimal point);\n"
    "             POSITION counts characters of the normalised text from 0;\n"
    "             ORIGINAL is the span of the input the token came from, in the\n"
    "             author's own script (tab, newline, CR and backslash escaped).\n"
    "\n"
    "Invalid UTF-8 bytes read as U+FFFD. friso reads /etc/friso/friso.ini unless\n"
    "QIAO_FRISO_INI names another file. docs/text.md describes the rules.\n"
    "\n"
    "Exit status: 0 ok, 1 the dictionaries could not be loaded or input/output\n"
    "failed, 2 usage error.\n",
    text_run,
};
