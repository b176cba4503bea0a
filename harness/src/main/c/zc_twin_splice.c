/* zc_twin_splice.c — splice's twin: splice(file -> pipe) + splice(pipe -> dest) per chunk through the path's pipe. */
#define _GNU_SOURCE
#include <fcntl.h>
#include "zc_twin.h"

static void splice_twin(zc_twin_args *a, zc_twin_result *r) {
    while (r->done < a->size) {
        loff_t off = (loff_t)r->done;
        size_t want = (size_t)(a->size - r->done < a->chunk ? a->size - r->done : a->chunk);
        ssize_t n = splice(a->in, &off, a->pipe_write, NULL, want, SPLICE_F_MOVE);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            zc_fail(r, n == 0 ? "end of file" : "splice(file->pipe)", n == 0 ? 0 : errno);
            return;
        }
        r->done += n;
        unsigned int more = r->done < a->size ? SPLICE_F_MORE : 0;
        while (n > 0) {
            ssize_t m = splice(a->pipe_read, NULL, a->out, NULL, (size_t)n, SPLICE_F_MOVE | more);
            if (m < 0 && errno == EINTR) {
                continue;
            }
            if (m <= 0) {
                zc_fail(r, "splice(pipe->dest)", m == 0 ? EPIPE : errno);
                return;
            }
            n -= m;
        }
    }
}

ZC_TWIN(twin_splice, "splice", splice_twin)
