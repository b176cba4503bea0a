/* zc_uring_buffers.c — the state machine io-uring-send-zc and io-uring-direct share: READ_FIXED into every free
 * registered buffer, a send of the next buffer in file order (one send in flight, so bytes leave in order), then reap:
 * a buffer is free again when its bytes are sent and every notification of its sends has arrived. */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/socket.h>
#include "zc.h"
#include "zc_uring.h"

static int queue_read(zc_ring *r, int i) {
    struct io_uring_sqe *s = zc_uring_sqe(r);
    if (s == NULL) {
        return -1;
    }
    long long off = r->chunk_of[i] * (long long)r->buf_size + r->filled[i];
    s->opcode = IORING_OP_READ_FIXED;
    s->fd = r->in;
    s->off = (unsigned long long)off;
    s->addr = (unsigned long long)(uintptr_t)(r->bufs + (size_t)i * r->buf_size + r->filled[i]);
    long long want = r->len_of[i] - r->filled[i];
    want = (want + r->align - 1) / r->align * r->align; /* O_DIRECT: whole blocks; the file's end stops the tail */
    s->len = (unsigned)want;
    s->buf_index = (unsigned short)i;
    s->user_data = ZC_UD(ZC_UD_READ, i);
    r->state[i] = ZC_B_READING;
    return 0;
}

/* A read into every free buffer, in file order; 0 or -1 when the ring is full. */
static int queue_reads(zc_ring *r) {
    for (int k = 0; k < r->nbufs && r->next_read_chunk < r->nchunks; k++) {
        int i = (int)(r->next_read_chunk % r->nbufs);
        if (r->state[i] != ZC_B_FREE || r->notifs_of[i] > 0) {
            break;
        }
        long long left = r->size - r->next_read_chunk * (long long)r->buf_size;
        r->chunk_of[i] = r->next_read_chunk;
        r->len_of[i] = left < (long long)r->buf_size ? left : (long long)r->buf_size;
        r->filled[i] = 0;
        r->done_of[i] = 0;
        if (queue_read(r, i) < 0) {
            return -1;
        }
        r->next_read_chunk++;
    }
    return 0;
}

/* The send of the next buffer in file order when it is read and no send is in flight; 0 or -1 when the ring is full. */
static int queue_send(zc_ring *r, int opcode) {
    if (r->send_in_flight || r->next_send_chunk >= r->nchunks) {
        return 0;
    }
    int i = (int)(r->next_send_chunk % r->nbufs);
    if (r->state[i] != ZC_B_READY) {
        return 0;
    }
    struct io_uring_sqe *s = zc_uring_sqe(r);
    if (s == NULL) {
        return -1;
    }
    s->opcode = (unsigned char)opcode;
    s->fd = r->out;
    s->addr = (unsigned long long)(uintptr_t)(r->bufs + (size_t)i * r->buf_size + r->done_of[i]);
    s->len = (unsigned)(r->len_of[i] - r->done_of[i]);
    s->msg_flags = MSG_WAITALL;
    if (opcode == IORING_OP_SEND_ZC) {
        s->ioprio = IORING_RECVSEND_FIXED_BUF | IORING_SEND_ZC_REPORT_USAGE;
        s->buf_index = (unsigned short)i;
    }
    s->user_data = ZC_UD(ZC_UD_SEND, i);
    r->state[i] = ZC_B_SENDING;
    r->send_in_flight = 1;
    return 0;
}

/* A read completed: the buffer is ready, or the rest of a short read is queued. */
static long long read_done(zc_ring *r, int i, int res, int *err) {
    if (res <= 0) {
        return zc_uring_fail(r, res == 0 ? "end of file" : "IORING_OP_READ_FIXED", res == 0 ? 0 : -res, err);
    }
    r->filled[i] += res;
    if (r->filled[i] >= r->len_of[i]) {
        r->state[i] = ZC_B_READY;
    } else if (queue_read(r, i) < 0) { /* short read: the rest goes in with the next enter */
        return zc_uring_fail(r, "a full submission queue", EBUSY, err);
    }
    return 0;
}

/* A send completed (its notification, if any, comes later): the buffer is free, or the rest is sent next. */
static long long send_done(zc_ring *r, int i, int res, unsigned flags, int opcode, int *err) {
    if (flags & IORING_CQE_F_MORE) {
        r->notifs_of[i]++;
        r->notifs_pending++;
    }
    r->send_in_flight = 0;
    if (res < 0) {
        return zc_uring_fail(r, opcode == IORING_OP_SEND_ZC ? "IORING_OP_SEND_ZC" : "IORING_OP_SEND", -res, err);
    }
    r->done_of[i] += res;
    r->sent += res;
    if (r->done_of[i] < r->len_of[i]) {
        r->state[i] = ZC_B_READY;
    } else {
        r->state[i] = ZC_B_FREE;
        r->next_send_chunk++;
    }
    return 0;
}

static void notified(zc_ring *r, int i, int res) {
    r->notifs_of[i]--;
    r->notifs_pending--;
    r->counts[0]++;
    if ((unsigned)res & IORING_NOTIF_USAGE_ZC_COPIED) {
        r->counts[1]++;
    }
}

long long zc_uring_buffered_step(zc_ring *r, int *err, int opcode) {
    if (queue_reads(r) < 0 || queue_send(r, opcode) < 0) {
        return zc_uring_fail(r, "a full submission queue", EBUSY, err);
    }
    int rc = zc_uring_enter(r, 1);
    if (rc < 0) {
        return zc_uring_fail(r, "io_uring_enter", -rc, err);
    }
    unsigned head = *r->cq_head;
    unsigned tail = __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE);
    for (; head != tail; head++) {
        struct io_uring_cqe *c = &r->cqes[head & *r->cq_mask];
        int i = (int)(c->user_data & 0xffffffffu);
        long long failed = 0;
        if ((c->user_data >> 32) == ZC_UD_READ) {
            failed = read_done(r, i, c->res, err);
        } else if (c->flags & IORING_CQE_F_NOTIF) {
            notified(r, i, c->res);
        } else {
            failed = send_done(r, i, c->res, c->flags, opcode, err);
        }
        if (failed < 0) {
            __atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
            return -1;
        }
    }
    __atomic_store_n(r->cq_head, head, __ATOMIC_RELEASE);
    return r->sent;
}
