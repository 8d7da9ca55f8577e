/* io/source.c — an input file as UTF-8 text: mapped, its encoding detected
 * (UTF-8, or GB18030/GBK converted with iconv line by line so that line
 * numbers stay those of the file), a BOM skipped. */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/internal.h"

static const char *canonical_encoding(const char *name)
{
    if (!strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8"))
        return "UTF-8";
    if (!strcasecmp(name, "gb18030"))
        return "GB18030";
    if (!strcasecmp(name, "gbk") || !strcasecmp(name, "cp936"))
        return "GBK";
    if (!strcasecmp(name, "gb2312"))
        return "GB2312";
    return NULL;
}

/* Converts raw[0..len) from `enc` to UTF-8 line by line into src->owned;
 * lines that do not convert are copied as they are and listed in src->bad.
 * Returns the number of bad lines, or -1 when iconv lacks the encoding. */
static long decode_lines(io_source *src, const char *raw, size_t len, const char *enc)
{
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1)
        return -1;
    buf out = {0};
    buf_reserve(&out, len + len / 2 + 16);
    size_t nbad = 0, capbad = 0, line = 0;
    io_badline *bad = NULL;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(raw + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - raw) : len;
        line++;
        char *in = (char *)raw + pos;
        size_t inleft = end - pos;
        size_t mark = out.len;
        iconv(cd, NULL, NULL, NULL, NULL);
        int ok = 1;
        while (inleft > 0) {
            buf_reserve(&out, inleft * 2 + 16);
            char *o = out.p + out.len;
            size_t oleft = out.cap - out.len - 1;
            size_t r = iconv(cd, &in, &inleft, &o, &oleft);
            out.len = (size_t)(o - out.p);
            if (r == (size_t)-1 && errno != E2BIG) {
                ok = 0;
                break;
            }
        }
        if (!ok) {
            if (nbad == capbad) {
                capbad = capbad ? capbad * 2 : 16;
                bad = qiao_realloc(bad, capbad * sizeof *bad);
            }
            bad[nbad].line = line;
            bad[nbad].byte = (size_t)(in - (raw + pos));
            nbad++;
            out.len = mark;
            buf_append(&out, raw + pos, end - pos);
        }
        if (nl)
            buf_putc(&out, '\n');
        pos = end + 1;
    }
    iconv_close(cd);
    if (!out.p)
        buf_reserve(&out, 1);
    out.p[out.len] = '\0';
    free(src->owned);
    free(src->bad);
    src->owned = out.p;
    src->data = out.p;
    src->len = out.len;
    src->bad = bad;
    src->nbad = nbad;
    return (long)nbad;
}

/* Counts the lines with non-ASCII bytes that are valid UTF-8 and those that
 * are not. */
static void count_utf8_lines(const char *raw, size_t len, size_t *ok, size_t *bad)
{
    *ok = *bad = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(raw + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - raw) : len;
        int ascii = 1;
        for (size_t i = pos; i < end && ascii; i++)
            ascii = (unsigned char)raw[i] < 0x80;
        if (!ascii) {
            if (qiao_utf8_valid(raw + pos, end - pos, NULL))
                ++*ok;
            else
                ++*bad;
        }
        pos = end + 1;
    }
}

static int read_all(int fd, io_source *src, qiao_err *e)
{
    buf b = {0};
    for (;;) {
        buf_reserve(&b, 65536);
        ssize_t r = read(fd, b.p + b.len, b.cap - b.len - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            buf_free(&b);
            return qiao_errf(e, QIAO_EIO, "%s: %s", src->path, strerror(errno));
        }
        if (r == 0)
            break;
        b.len += (size_t)r;
    }
    b.p[b.len] = '\0';
    src->owned = b.p;
    src->data = b.p;
    src->len = b.len;
    return 0;
}

int io_source_open(io_source *src, const char *path, const char *encoding, qiao_err *e)
{
    memset(src, 0, sizeof *src);
    src->path = path;
    const char *enc = NULL;
    if (encoding && !(enc = canonical_encoding(encoding)))
        return qiao_errf(e, QIAO_EINVAL, "unknown encoding \"%s\": use utf-8, gb18030 or gbk",
                         encoding);
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return qiao_errf(e, errno == ENOENT ? QIAO_ENOTFOUND : QIAO_EIO, "%s: %s", path,
                         strerror(errno));
    struct stat sb;
    int rc = 0;
    if (fstat(fd, &sb) < 0) {
        rc = qiao_errf(e, QIAO_EIO, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (S_ISDIR(sb.st_mode)) {
        rc = qiao_errf(e, QIAO_EINVAL, "%s: is a directory, not a file of records", path);
        goto out;
    }
    if (S_ISREG(sb.st_mode) && sb.st_size > 0) {
        src->maplen = (size_t)sb.st_size;
        src->map = mmap(NULL, src->maplen, PROT_READ, MAP_PRIVATE, fd, 0);
        if (src->map == MAP_FAILED) {
            src->map = NULL;
            rc = qiao_errf(e, QIAO_EIO, "%s: %s", path, strerror(errno));
            goto out;
        }
        madvise(src->map, src->maplen, MADV_SEQUENTIAL);
        src->data = src->map;
        src->len = src->maplen;
    } else if (!S_ISREG(sb.st_mode)) {
        rc = read_all(fd, src, e);
        if (rc)
            goto out;
    } else {
        src->data = "";
    }
    src->raw_size = src->len;

    const char *raw = src->data;
    size_t len = src->len;
    if (len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0 && (!enc || !strcmp(enc, "UTF-8"))) {
        src->data = raw + 3;     /* a UTF-8 BOM says UTF-8 */
        src->len = len - 3;
        enc = "UTF-8";
    }
    if (!enc || !strcmp(enc, "UTF-8")) {
        src->encoding = "UTF-8";
        src->all_utf8 = qiao_utf8_valid(src->data, src->len, NULL);
        if (src->all_utf8 || enc)
            goto out;
        /* Not UTF-8: GB18030 when most lines with non-ASCII text are not UTF-8
         * and fewer lines fail to decode as GB18030 (a UTF-8 file with a stray
         * bad line stays UTF-8, and that line is reported). */
        size_t nok, nbadu;
        count_utf8_lines(raw, len, &nok, &nbadu);
        long nbad = nbadu > nok ? decode_lines(src, raw, len, "GB18030") : -1;
        if (nbad >= 0 && (size_t)nbad < nbadu) {
            src->encoding = "GB18030";
        } else {
            free(src->owned);
            free(src->bad);
            src->owned = NULL;
            src->bad = NULL;
            src->nbad = 0;
            src->data = raw;
            src->len = len;
            goto out;    /* UTF-8 with bad lines: each is checked when read */
        }
    } else {
        if (decode_lines(src, raw, len, enc) < 0) {
            rc = qiao_errf(e, QIAO_EINVAL, "%s: this system's iconv cannot convert from %s",
                           path, enc);
            goto out;
        }
        src->encoding = enc;
    }
    if (src->len >= 3 && memcmp(src->data, "\xEF\xBB\xBF", 3) == 0) {
        src->data += 3;          /* a GB18030 BOM decodes to U+FEFF */
        src->len -= 3;
    }
    src->all_utf8 = src->nbad == 0;
out:
    if (fd > 0)
        close(fd);
    if (rc)
        io_source_close(src);
    return rc;
}

void io_source_close(io_source *src)
{
    if (src->map)
        munmap(src->map, src->maplen);
    free(src->owned);
    free(src->bad);
    memset(src, 0, sizeof *src);
}

const io_badline *io_source_bad_in(const io_source *src, size_t from, size_t to)
{
    size_t lo = 0, hi = src->nbad;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (src->bad[mid].line < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < src->nbad && src->bad[lo].line <= to ? &src->bad[lo] : NULL;
}
