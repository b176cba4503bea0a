/* zc_uring_send_zc.c — io-uring-send-zc's mode: READ_FIXED into registered buffers, each sent with
 * IORING_OP_SEND_ZC from the fixed buffer (IORING_SEND_ZC_REPORT_USAGE: whether the kernel copied after all). */
#include "zc.h"
#include "zc_uring.h"

static long long send_zc_step(zc_ring *r, int chunk, int *err) {
    (void)chunk; /* the registered buffers' size is the chunk */
    return zc_uring_buffered_step(r, err, IORING_OP_SEND_ZC);
}

ZC_URING_MODE(mode_send_zc, "send-zc", send_zc_step)
