/* zc_twin_msg_zerocopy.c — msg-zerocopy's twin: send(MSG_ZEROCOPY) per chunk from 1 GiB windows of the mapped file,
 * then every completion read from the error queue before the window is unmapped. counts: [0] sends made, [1] ids
 * completed, [2] of them copied by the kernel, cumulative over the path's transfers. */
#include "zc.h"
#include "zc_twin.h"

static int send_window(zc_twin_args *a, const char *map, size_t window, size_t *off, zc_twin_result *r) {
    long long *zc = a->counts;
    while (*off < window) {
        size_t n = window - *off < (size_t)a->chunk ? window - *off : (size_t)a->chunk;
        ssize_t w = zc_msgzc_send(a->out, map + *off, n);
        if (w == -ENOBUFS) { /* too many sends in flight for optmem: wait for completions, then send again */
            int rc = zc_msgzc_reap(a->out, 1, zc + 1);
            if (rc < 0) {
                zc_fail(r, "recvmsg(MSG_ERRQUEUE)", -rc);
                return -1;
            }
            continue;
        }
        if (w < 0) {
            zc_fail(r, "send(MSG_ZEROCOPY)", (int)-w);
            return -1;
        }
        zc[0]++;
        *off += (size_t)w;
    }
    while (zc[1] < zc[0]) {
        int rc = zc_msgzc_reap(a->out, 1, zc + 1);
        if (rc < 0) {
            zc_fail(r, "recvmsg(MSG_ERRQUEUE)", -rc);
            return -1;
        }
    }
    return 0;
}

static void msg_zerocopy(zc_twin_args *a, zc_twin_result *r) { zc_mapped_windows(a, r, send_window); }

ZC_TWIN(twin_msg_zerocopy, "msg-zerocopy", msg_zerocopy)
