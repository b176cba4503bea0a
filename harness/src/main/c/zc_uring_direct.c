/* zc_uring_direct.c — io-uring-direct's mode: O_DIRECT READ_FIXED of whole blocks into the registered buffers, depth
 * of them in flight, each sent with a plain IORING_OP_SEND as its read completes, in file order. */
#include "zc.h"
#include "zc_uring.h"

static long long direct_step(zc_ring *r, int chunk, int *err) {
    (void)chunk; /* the registered buffers' size is the chunk */
    return zc_uring_buffered_step(r, err, IORING_OP_SEND);
}

ZC_URING_MODE(mode_direct, "direct", direct_step)
