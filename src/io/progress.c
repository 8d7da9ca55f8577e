/* io/progress.c — a one-line progress bar (records/s, ETA from bytes read)
 * on a terminal; nothing at all otherwise. */
#include <time.h>
#include <unistd.h>

#include "io/internal.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void io_progress_start(io_progress *p, FILE *out, int on, uint64_t total_bytes)
{
    p->out = out;
    p->on = on && out && isatty(fileno(out));
    p->total = total_bytes ? total_bytes : 1;
    p->t0 = p->last = now();
}

void io_progress_update(io_progress *p, uint64_t bytes, uint64_t records)
{
    if (!p->on)
        return;
    double t = now();
    if (t - p->last < 0.1)
        return;
    p->last = t;
    double el = t - p->t0, frac = (double)bytes / (double)p->total;
    if (frac > 1)
        frac = 1;
    int width = 30, fill = (int)(frac * width);
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    double rate = el > 0 ? (double)records / el : 0;
    double eta = frac > 0 ? el / frac - el : 0;
    fprintf(p->out, "\r[%s] %3d%%  %llu records  %.0f records/s  ETA %d:%02d ", bar,
            (int)(frac * 100), (unsigned long long)records, rate, (int)eta / 60, (int)eta % 60);
    fflush(p->out);
}

void io_progress_end(io_progress *p)
{
    if (!p->on)
        return;
    fprintf(p->out, "\r%*s\r", 90, "");
    fflush(p->out);
}
