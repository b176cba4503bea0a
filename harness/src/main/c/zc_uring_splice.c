/* zc_uring_splice.c — io-uring-splice's state machine: per io_uring_enter, linked IORING_OP_SPLICE(file -> pipe) +
 * IORING_OP_SPLICE(pipe -> dest), or, with bytes left in the pipe after a short splice out, the splice out alone. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include "zc.h"
#include "zc_uring.h"

static void splice_sqe(struct io_uring_sqe *s, int fd_in, long long off_in, int fd_out, unsigned len, unsigned flags,
                       unsigned long long ud) {
    s->opcode = IORING_OP_SPLICE;
    s->fd = fd_out;
    s->off = (unsigned long long)-1;
    s->splice_off_in = (unsigned long long)off_in;
    s->splice_fd_in = fd_in;
    s->len = len;
    s->splice_flags = flags;
    s->user_data = ud;
}

/* Queues this step's splices; the number of completions to wait for, or -1 when the ring is full. */
static int queue(zc_ring *r, int chunk) {
    if (r->in_pipe == 0) {
        long long left = r->size - r->read_pos;
        long long want = left < chunk ? left : chunk;
        struct io_uring_sqe *a = zc_uring_sqe(r), *b = zc_uring_sqe(r);
        if (a == NULL || b == NULL) {
            return -1;
        }
        splice_sqe(a, r->in, r->read_pos, r->pipe_write, (unsigned)want, SPLICE_F_MOVE, ZC_UD(ZC_UD_SPLICE_IN, 0));
        a->flags |= IOSQE_IO_LINK;
        /* SPLICE_F_MORE until the last bytes, as the splice path does */
        unsigned more = r->read_pos + want < r->size ? SPLICE_F_MORE : 0;
        splice_sqe(b, r->pipe_read, -1, r->out, (unsigned)want, SPLICE_F_MOVE | more, ZC_UD(ZC_UD_SPLICE_OUT, 0));
        return 2;
    }
    struct io_uring_sqe *b = zc_uring_sqe(r);
    if (b == NULL) {
        return -1;
    }
    unsigned more = r->read_pos < r->size ? SPLICE_F_MORE : 0;
    splice_sqe(b, r->pipe_read, -1, r->out, (unsigned)r->in_pipe, SPLICE_F_MOVE | more, ZC_UD(ZC_UD_SPLICE_OUT, 0));
    return 1;
}

/* One completion: 0, or -1 with the failure recorded. */
static int complete(zc_ring *r, unsigned long long ud, int res, int *err) {
    if ((ud >> 32) == ZC_UD_SPLICE_IN) {
        if (res <= 0) {
            return (int)zc_uring_fail(r, res == 0 ? "end of file" : "IORING_OP_SPLICE(file->pipe)", res == 0 ? 0 : -res, err);
        }
        r->read_pos += res;
        r->in_pipe += res;
    } else if (res != -ECANCELED) { /* cancelled: the splice in was short; the pipe is drained next step */
        if (res < 0) {
            return (int)zc_uring_fail(r, "IORING_OP_SPLICE(pipe->dest)", -res, err);
        }
        r->in_pipe -= res;
        r->sent += res;
    }
    return 0;
}

static long long splice_step(zc_ring *r, int chunk, int *err) {
    int expect = queue(r, chunk);
    if (expect < 0) {
        return zc_uring_fail(r, "a full submission queue", EBUSY, err);
    }
    int rc = zc_uring_enter(r, (unsigned)expect);
    for (int seen = 0; rc >= 0 && seen < expect;) {
        unsigned head = *r->cq_head;
        if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE)) {
            rc = zc_uring_enter(r, 1);
            continue;
        }
        struct io_uring_cqe *c = &r->cqes[head & *r->cq_mask];
        unsigned long long ud = c->user_data;
        int res = c->res;
        __atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
        seen++;
        if (complete(r, ud, res, err) < 0) {
            return -1;
        }
    }
    return rc < 0 ? zc_uring_fail(r, "io_uring_enter", -rc, err) : r->sent;
}

ZC_URING_MODE(mode_splice, "splice", splice_step)
