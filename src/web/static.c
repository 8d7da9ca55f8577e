/* web/static.c — files under cfg->static_dir served at /static/. Only plain
 * names ([A-Za-z0-9_-] segments with one dot before an extension) in
 * regular files, never through a symbolic link: "..", hidden files,
 * backslashes and anything odd are refused with 400 before the file system
 * is touched. */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "web/static.h"

static bool segment_ok(const char *s, size_t n)
{
    if (n == 0 || n > 100 || s[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
            return false;
    for (size_t i = 1; i < n; i++)
        if (s[i] == '.' && s[i - 1] == '.')
            return false;
    return true;
}

bool web_static_path_ok(const char *rel)
{
    if (!rel || !*rel || strlen(rel) > 200)
        return false;
    const char *p = rel;
    for (;;) {
        size_t n = strcspn(p, "/");
        if (!segment_ok(p, n))
            return false;
        if (!p[n])
            return true;
        p += n + 1;
    }
}

static const char *mime(const char *path)
{
    static const char *const t[][2] = {
        {".css", "text/css; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"}, {".json", "application/json"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof t / sizeof *t; i++)
        if (strcmp(dot, t[i][0]) == 0)
            return t[i][1];
    return "application/octet-stream";
}

int web_static(web_req *rq, web_resp *rs)
{
    const char *rel = web_param(rq, "path");
    if (!web_static_path_ok(rel))
        return web_fail(rq, rs, 400, "bad_path", NULL, "'%.100s' is not a file name this "
                        "server serves", rel ? rel : "");
    char full[1024];
    snprintf(full, sizeof full, "%s/%s", rq->cfg->static_dir ? rq->cfg->static_dir : ".", rel);
    int fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > 4 * 1024 * 1024) {
        if (fd >= 0)
            close(fd);
        return web_fail(rq, rs, 404, "not_found", NULL, "there is no file /static/%.100s", rel);
    }
    buf_reserve(&rs->body, (size_t)st.st_size);
    ssize_t n;
    char tmp[16384];
    while ((n = read(fd, tmp, sizeof tmp)) > 0)
        buf_append(&rs->body, tmp, (size_t)n);
    close(fd);
    rs->status = 200;
    rs->ctype = mime(rel);
    web_add_header(rq, rs, "Cache-Control", "public, max-age=3600");
    return 0;
}
