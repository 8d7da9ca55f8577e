/* web/listen.c — the listening socket (a busy port refused with who holds
 * it; SO_REUSEPORT only beside servers of the same store) and the Host
 * names answered. See listen.h. */
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "web/listen.h"

static int parse_listen(const char *s, struct sockaddr_storage *ss, web_listener *l, qiao_err *e)
{
    memset(ss, 0, sizeof *ss);
    const char *colon = strrchr(s, ':');
    if (!colon)
        return qiao_errf(e, QIAO_EINVAL, "--listen '%s': expected HOST:PORT", s);
    char host[128];
    size_t hl = (size_t)(colon - s);
    if (hl >= sizeof host)
        return qiao_errf(e, QIAO_EINVAL, "--listen '%s': host too long", s);
    memcpy(host, s, hl);
    host[hl] = '\0';
    snprintf(l->host, sizeof l->host, "%s", host);
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535 || colon[1] == '\0')
        return qiao_errf(e, QIAO_EINVAL, "--listen '%s': the port must be 0-65535", s);
    struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
    if (hl == 0 || strcmp(host, "*") == 0) {
        in4->sin_family = AF_INET;
        in4->sin_addr.s_addr = htonl(INADDR_ANY);
        in4->sin_port = htons((uint16_t)port);
    } else if (host[0] == '[' && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        if (inet_pton(AF_INET6, host + 1, &in6->sin6_addr) != 1)
            return qiao_errf(e, QIAO_EINVAL, "--listen '%s': bad IPv6 address", s);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
    } else {
        if (inet_pton(AF_INET, host, &in4->sin_addr) != 1)
            return qiao_errf(e, QIAO_EINVAL, "--listen '%s': '%s' is not an IPv4 address "
                             "(use [::1]:PORT for IPv6)", s, host);
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)port);
    }
    return 0;
}

/* --- who holds a port: /proc/net/tcp{,6} gives the listening socket's
 * inode, /proc/PID/fd the processes that have it --- */

#define MAX_HOLDERS 8

/* The address as /proc/net/tcp* prints it (the raw words in host order). */
static void proc_addr(const struct sockaddr_storage *ss, char *out, size_t cap)
{
    if (ss->ss_family == AF_INET) {
        snprintf(out, cap, "%08X", (unsigned)((const struct sockaddr_in *)ss)->sin_addr.s_addr);
    } else {
        uint32_t w[4];
        memcpy(w, &((const struct sockaddr_in6 *)ss)->sin6_addr, sizeof w);
        snprintf(out, cap, "%08X%08X%08X%08X", w[0], w[1], w[2], w[3]);
    }
}

static bool wildcard(const char *hex)
{
    return strspn(hex, "0") == strlen(hex);
}

/* Inodes of the sockets listening on port whose address conflicts with
 * ours (equal, or either is a wildcard). */
static size_t listening_inodes(const struct sockaddr_storage *ss, unsigned port,
                               unsigned long *ino, size_t max)
{
    char mine[40];
    proc_addr(ss, mine, sizeof mine);
    size_t n = 0;
    static const char *const files[] = {"/proc/net/tcp", "/proc/net/tcp6"};
    for (size_t f = 0; f < 2; f++) {
        FILE *fp = fopen(files[f], "r");
        if (!fp)
            continue;
        char line[512];
        while (n < max && fgets(line, sizeof line, fp)) {
            char a[40];
            unsigned p, st;
            unsigned long inode;
            if (sscanf(line, " %*d: %39[0-9A-Fa-f]:%x %*s %x %*s %*s %*s %*u %*u %lu", a, &p,
                       &st, &inode) != 4 || st != 0x0A || p != port || inode == 0)
                continue;
            bool same_family = strlen(a) == strlen(mine);
            if ((same_family && strcasecmp(a, mine) == 0) || wildcard(a) || wildcard(mine))
                ino[n++] = inode;
        }
        fclose(fp);
    }
    return n;
}

/* Pids that have one of the sockets open. */
static size_t socket_pids(const unsigned long *ino, size_t nino, int *pids, size_t max)
{
    size_t n = 0;
    DIR *proc = opendir("/proc");
    if (!proc)
        return 0;
    struct dirent *d;
    while (n < max && (d = readdir(proc))) {
        if (!isdigit((unsigned char)d->d_name[0]))
            continue;
        char dir[64];
        snprintf(dir, sizeof dir, "/proc/%.20s/fd", d->d_name);
        DIR *fds = opendir(dir);
        if (!fds)
            continue;
        struct dirent *f;
        bool found = false;
        while (!found && (f = readdir(fds))) {
            char path[128], link[64];
            snprintf(path, sizeof path, "%s/%.20s", dir, f->d_name);
            ssize_t k = readlink(path, link, sizeof link - 1);
            if (k <= 0)
                continue;
            link[k] = '\0';
            unsigned long inode;
            if (sscanf(link, "socket:[%lu]", &inode) != 1)
                continue;
            for (size_t i = 0; i < nino; i++)
                found |= inode == ino[i];
        }
        closedir(fds);
        if (found)
            pids[n++] = atoi(d->d_name);
    }
    closedir(proc);
    return n;
}

/* "pid 123: qiao serve --db x.db" (the command line cut to 100 bytes). */
static void describe_pid(int pid, char *out, size_t cap)
{
    char path[64], cmd[101] = "";
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    FILE *fp = fopen(path, "r");
    size_t k = 0;
    if (fp) {
        k = fread(cmd, 1, sizeof cmd - 1, fp);
        fclose(fp);
    }
    while (k && cmd[k - 1] == '\0')
        k--;
    for (size_t i = 0; i < k; i++)
        if ((unsigned char)cmd[i] < 0x20)
            cmd[i] = ' ';
    cmd[k] = '\0';
    snprintf(out, cap, k ? "pid %d: %s" : "pid %d", pid, cmd);
}

/* true when process pid has the file dev/ino open. */
static bool pid_has_file(int pid, dev_t dev, ino_t ino)
{
    char dir[64];
    snprintf(dir, sizeof dir, "/proc/%d/fd", pid);
    DIR *fds = opendir(dir);
    if (!fds)
        return false;
    struct dirent *f;
    bool found = false;
    while (!found && (f = readdir(fds))) {
        char path[128];
        struct stat st;
        snprintf(path, sizeof path, "%s/%.20s", dir, f->d_name);
        found = stat(path, &st) == 0 && st.st_dev == dev && st.st_ino == ino;
    }
    closedir(fds);
    return found;
}

static int busy(const web_config *cfg, const struct sockaddr_storage *ss, web_listener *l,
                unsigned port, qiao_err *e)
{
    unsigned long ino[MAX_HOLDERS];
    int pids[MAX_HOLDERS];
    size_t np = socket_pids(ino, listening_inodes(ss, port, ino, MAX_HOLDERS), pids, MAX_HOLDERS);
    char who[200] = "";
    const char *why = cfg->reuse_port ? " without --reuse-port" : "";
    if (np) {
        char d[160];
        describe_pid(pids[0], d, sizeof d);
        snprintf(who, sizeof who, " (%s)", d);
        struct stat db;
        if (!cfg->reuse_port && cfg->db && stat(cfg->db, &db) == 0 &&
            pid_has_file(pids[0], db.st_dev, db.st_ino))
            why = ", serving this same store (to run beside it, start both with --reuse-port)";
    }
    return qiao_errf(e, QIAO_ECONFLICT, "another program is already listening on %s%s%s; stop "
                     "it, or choose another port: --listen %s:%u", l->addr, who, why, l->host,
                     port < 65535 ? port + 1 : 8081);
}

/* --reuse-port: every process listening there must have our store open. */
static int check_sharing(const web_config *cfg, const struct sockaddr_storage *ss,
                         web_listener *l, unsigned port, qiao_err *e)
{
    struct stat db;
    if (!cfg->db || stat(cfg->db, &db) < 0)
        return qiao_errf(e, QIAO_EINVAL, "--reuse-port needs the store file (--db): %s",
                         cfg->db ? strerror(errno) : "none given");
    unsigned long ino[MAX_HOLDERS];
    size_t ni = listening_inodes(ss, port, ino, MAX_HOLDERS);
    if (ni == 0)
        return 0;                         /* the first server there */
    int pids[MAX_HOLDERS];
    size_t np = socket_pids(ino, ni, pids, MAX_HOLDERS);
    if (np == 0)
        return qiao_errf(e, QIAO_ECONFLICT, "%s is held by a program this user cannot inspect; "
                         "--reuse-port shares a port only with a server of the same store, so "
                         "choose another port: --listen %s:%u", l->addr, l->host,
                         port < 65535 ? port + 1 : 8081);
    for (size_t i = 0; i < np; i++)
        if (!pid_has_file(pids[i], db.st_dev, db.st_ino)) {
            char d[160];
            describe_pid(pids[i], d, sizeof d);
            return qiao_errf(e, QIAO_ECONFLICT, "%s is held by %s, which does not serve the "
                             "store %s; --reuse-port shares a port only between servers of the "
                             "same store: choose another port: --listen %s:%u", l->addr, d,
                             cfg->db, l->host, port < 65535 ? port + 1 : 8081);
        }
    return 0;
}

int web_listen_open(const web_config *cfg, web_listener *l, qiao_err *e)
{
    struct sockaddr_storage ss;
    memset(l, 0, sizeof *l);
    l->fd = -1;
    if (parse_listen(cfg->listen, &ss, l, e) < 0)
        return QIAO_EINVAL;
    unsigned port = ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                                                  : ((struct sockaddr_in6 *)&ss)->sin6_port);
    if (!*l->host || strcmp(l->host, "*") == 0)
        snprintf(l->host, sizeof l->host, "0.0.0.0");
    snprintf(l->addr, sizeof l->addr, "%s:%u", l->host, port);
    if (cfg->reuse_port && port != 0 && check_sharing(cfg, &ss, l, port, e) < 0)
        return e ? e->code : QIAO_ECONFLICT;
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return qiao_errf(e, QIAO_EIO, "cannot listen on %s: %s", l->addr, strerror(errno));
    int one = 1;
    /* SO_REUSEADDR only lets a restart bind past connections in TIME_WAIT:
     * on Linux it never lets two sockets listen on one port */
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (cfg->reuse_port)
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    if (ss.ss_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    socklen_t len = ss.ss_family == AF_INET ? sizeof(struct sockaddr_in)
                                            : sizeof(struct sockaddr_in6);
    if (bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, SOMAXCONN) < 0) {
        int err = errno;
        close(fd);
        if (err == EADDRINUSE)
            return busy(cfg, &ss, l, port, e);
        return qiao_errf(e, QIAO_EIO, "cannot listen on %s: %s", l->addr, strerror(err));
    }
    struct sockaddr_storage got;
    socklen_t gl = sizeof got;
    if (getsockname(fd, (struct sockaddr *)&got, &gl) == 0)
        port = ntohs(got.ss_family == AF_INET ? ((struct sockaddr_in *)&got)->sin_port
                                              : ((struct sockaddr_in6 *)&got)->sin6_port);
    l->fd = fd;
    l->port = port;
    snprintf(l->addr, sizeof l->addr, "%s:%u", l->host, port);
    return 0;
}

/* --- Host --- */

static void hosts_add(web_hosts *h, const char *fmt, const char *host, unsigned port)
{
    char s[200];
    snprintf(s, sizeof s, fmt, host, port);
    h->v = qiao_realloc(h->v, (h->n + 1) * sizeof *h->v);
    h->v[h->n++] = qiao_strdup(s);
}

void web_hosts_make(const web_config *cfg, const web_listener *l, web_hosts *h)
{
    memset(h, 0, sizeof *h);
    for (size_t i = 0; cfg->allowed_hosts && i < cfg->nallowed_hosts; i++) {
        if (strcmp(cfg->allowed_hosts[i], "*") == 0)
            h->any = true;
        else
            hosts_add(h, "%s", cfg->allowed_hosts[i], 0);
    }
    const char *names[2] = {"localhost", l->host};
    for (size_t i = 0; i < 2; i++) {
        if (strcmp(names[i], "0.0.0.0") == 0 || strcmp(names[i], "[::]") == 0)
            continue;                     /* no client sends these */
        hosts_add(h, "%s", names[i], 0);
        hosts_add(h, "%s:%u", names[i], l->port);
    }
}

void web_hosts_free(web_hosts *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->v[i]);
    free(h->v);
    memset(h, 0, sizeof *h);
}

bool web_host_allowed(const web_hosts *h, const char *host)
{
    if (!host || h->any)
        return true;
    for (size_t i = 0; i < h->n; i++)
        if (strcasecmp(h->v[i], host) == 0)
            return true;
    return false;
}
