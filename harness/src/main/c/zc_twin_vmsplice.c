/* zc_twin_vmsplice.c — vmsplice's twin: vmsplice(2) the mapped file's pages into the pipe and splice(2) them on to the
 * destination, a pipe-full at a time, from 1 GiB windows. */
#define _GNU_SOURCE
#include <fcntl.h>
#include "zc.h"
#include "zc_twin.h"

static int vmsplice_window(zc_twin_args *a, const char *map, size_t window, size_t *off, zc_twin_result *r) {
    while (*off < window) {
        size_t want = window - *off < (size_t)a->chunk ? window - *off : (size_t)a->chunk;
        ssize_t n = zc_vmsplice(a->pipe_write, map + *off, want);
        if (n < 0) {
            zc_fail(r, "vmsplice", (int)-n);
            return -1;
        }
        unsigned int more = *off + (size_t)n < window ? SPLICE_F_MORE : 0;
        for (ssize_t left = n; left > 0;) {
            ssize_t m = splice(a->pipe_read, NULL, a->out, NULL, (size_t)left, SPLICE_F_MOVE | more);
            if (m < 0 && errno == EINTR) {
                continue;
            }
            if (m <= 0) {
                zc_fail(r, "splice(pipe->dest)", m == 0 ? EPIPE : errno);
                return -1;
            }
            left -= m;
        }
        *off += (size_t)n;
    }
    return 0;
}

static void vmsplice_twin(zc_twin_args *a, zc_twin_result *r) { zc_mapped_windows(a, r, vmsplice_window); }

ZC_TWIN(twin_vmsplice, "vmsplice", vmsplice_twin)
