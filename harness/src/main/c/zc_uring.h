/* zc_uring.h — the io_uring that zc_uring.c opens (through io_uring_setup/enter/register, no liburing) and the modes
 * each io_uring path registers: a mode is one path's state machine, taking one io_uring_enter per step. */
#ifndef ZC_URING_H
#define ZC_URING_H

#define _GNU_SOURCE
#include <linux/io_uring.h>
#include <stddef.h>
#include <stdint.h>

#ifndef IORING_SEND_ZC_REPORT_USAGE
#define IORING_SEND_ZC_REPORT_USAGE (1U << 3)
#endif
#ifndef IORING_NOTIF_USAGE_ZC_COPIED
#define IORING_NOTIF_USAGE_ZC_COPIED (1U << 31)
#endif
#ifndef IORING_CQE_F_NOTIF
#define IORING_CQE_F_NOTIF (1U << 3)
#endif

#define ZC_URING_MAX_BUFS 64

enum { ZC_B_FREE, ZC_B_READING, ZC_B_READY, ZC_B_SENDING };

struct zc_uring_mode;

typedef struct {
    int fd;
    unsigned *sq_head, *sq_tail, *sq_mask, *sq_array;
    unsigned *cq_head, *cq_tail, *cq_mask;
    struct io_uring_sqe *sqes;
    struct io_uring_cqe *cqes;
    void *sq_ptr, *cq_ptr;
    size_t sq_len, cq_len, sqes_len;
    unsigned sq_entries;
    unsigned pending; /* SQEs written since the last enter */
    /* registered buffers (send-zc, direct) */
    char *bufs;
    size_t buf_size, bufs_len;
    int nbufs;
    /* the transfer under way */
    const struct zc_uring_mode *mode;
    int in, out, pipe_read, pipe_write;
    long long align; /* whole-block reads of this many bytes (io-uring-direct); 1 otherwise */
    long long size, read_pos, sent, in_pipe;
    long long chunk_of[ZC_URING_MAX_BUFS], filled[ZC_URING_MAX_BUFS], len_of[ZC_URING_MAX_BUFS], done_of[ZC_URING_MAX_BUFS];
    int state[ZC_URING_MAX_BUFS], notifs_of[ZC_URING_MAX_BUFS];
    long long next_read_chunk, next_send_chunk, nchunks;
    int send_in_flight;
    long long notifs_pending;
    /* cumulative since open: [0] notifications, [1] of them copied, [2] io_uring_enter calls */
    long long counts[3];
    const char *failed_call; /* the call or operation that failed, or NULL */
} zc_ring;

/* One path's state machine: step() makes one io_uring_enter and returns the bytes sent so far, or -1 with *err and
 * r->failed_call set (*err 0: the file ended early). */
typedef struct zc_uring_mode {
    const char *name; /* the id Java names it by: Uring.uringMode("splice") */
    long long (*step)(zc_ring *r, int chunk, int *err);
} zc_uring_mode;

void zc_uring_register(const zc_uring_mode *mode);
#define ZC_URING_MODE(ident, id, fn)                                                  \
    static const zc_uring_mode ident = {(id), (fn)};                                  \
    __attribute__((constructor)) static void ident##_register(void) { zc_uring_register(&ident); }

/* A ring of `entries` without registered buffers (the sink's receive); NULL with *err set. Freed by zc_uring_free. */
zc_ring *zc_uring_open(unsigned entries, int *err);
void zc_uring_free(zc_ring *r);

/* The next free SQE, zeroed and placed in the submission array; NULL when the queue is full. */
struct io_uring_sqe *zc_uring_sqe(zc_ring *r);

/* Publishes the SQEs written, enters once to submit them and wait for `wait` completions; >= 0 or -errno. */
int zc_uring_enter(zc_ring *r, unsigned wait);

/* Fails the step: records the call and its errno, returns -1. */
static inline long long zc_uring_fail(zc_ring *r, const char *call, int err, int *err_out) {
    r->failed_call = call;
    *err_out = err;
    return -1;
}

#define ZC_UD(kind, i) (((unsigned long long)(kind) << 32) | (unsigned)(i))
enum { ZC_UD_SPLICE_IN = 1, ZC_UD_SPLICE_OUT, ZC_UD_READ, ZC_UD_SEND };

/* io-uring-send-zc and io-uring-direct: READ_FIXED into the registered buffers, each sent in file order with `opcode`
 * (IORING_OP_SEND_ZC from the fixed buffer with its usage report, or a plain IORING_OP_SEND). */
long long zc_uring_buffered_step(zc_ring *r, int *err, int opcode);

#endif
