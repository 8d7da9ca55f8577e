/* web/listen.h — the listening socket of `qiao serve` and the Host names it
 * answers to (server.c's helpers; Linux: /proc tells who holds a port).
 *
 * A busy port is refused with who holds it (the pid and command line when
 * /proc shows them) and how to choose another. With web_config.reuse_port
 * the socket carries SO_REUSEPORT so that a second server can take over the
 * port without a gap — but only beside servers of the same store: every
 * process listening there must have the same store file open (same device
 * and inode), else it is refused too. */
#ifndef QIAO_WEB_LISTEN_H
#define QIAO_WEB_LISTEN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "web/web.h"

typedef struct web_listener {
    int fd;                 /* listening, non-blocking; -1 when closed */
    unsigned port;          /* the bound port (the one picked for port 0) */
    char host[128];         /* the host part of --listen as given ("127.0.0.1", "[::1]", "") */
    char addr[160];         /* host:port for messages */
} web_listener;

/* Parses cfg->listen, binds and listens (see above). QIAO_EINVAL for a bad
 * address, QIAO_ECONFLICT for a busy port (the message names the holder and
 * suggests another port), QIAO_EIO otherwise. */
int web_listen_open(const web_config *cfg, web_listener *l, qiao_err *e);

/* web_serve (web.h) on a listener already open; takes it over (closes it)
 * whatever happens. */
int web_serve_on(const web_config *cfg, web_listener *l, qiao_err *e);

/* The Host values answered: the bound address and localhost, each with and
 * without the port, and cfg's list. The caller frees with web_hosts_free. */
typedef struct web_hosts {
    char **v;
    size_t n;
    bool any;               /* "*" was given */
} web_hosts;

void web_hosts_make(const web_config *cfg, const web_listener *l, web_hosts *h);
void web_hosts_free(web_hosts *h);
/* true when the Host header value (NULL: none was sent) is answered. */
bool web_host_allowed(const web_hosts *h, const char *host);

#endif
