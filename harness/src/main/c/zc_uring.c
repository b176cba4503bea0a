/* zc_uring.c — io_uring for the `io-uring-splice`, `io-uring-send-zc` and `io-uring-direct` paths, spoken directly through
 * io_uring_setup(2)/io_uring_enter(2)/io_uring_register(2) and the rings mmap'd as <linux/io_uring.h>
 * describes them: the main job builds libzcbench with gcc and the kernel's UAPI headers only (no liburing).
 *
 * A transfer is a small state machine kept in the ring's struct; zc_uring_step() runs one io_uring_enter
 * (submit what is ready, wait for at least one completion, reap all). The Java path calls it once per
 * io_uring_enter from its own loop; the native twin loops over it in C. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "zc.h"

#ifndef IORING_SEND_ZC_REPORT_USAGE
#define IORING_SEND_ZC_REPORT_USAGE (1U << 3)
#endif
#ifndef IORING_NOTIF_USAGE_ZC_COPIED
#define IORING_NOTIF_USAGE_ZC_COPIED (1U << 31)
#endif
#ifndef IORING_CQE_F_NOTIF
#define IORING_CQE_F_NOTIF (1U << 3)
#endif

#define MODE_SPLICE 1
#define MODE_SEND_ZC 2
#define MODE_DIRECT 3 /* READ_FIXED from an O_DIRECT file into registered buffers, plain SEND of each in order */
#define MAX_BUFS 64

enum { B_FREE, B_READING, B_READY, B_SENDING };

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
    /* registered buffers (send-zc) */
    char *bufs;
    size_t buf_size, bufs_len;
    int nbufs;
    /* the transfer under way */
    int mode, in, out, pipe_read, pipe_write;
    long long align; /* MODE_DIRECT: reads are whole blocks of this many bytes (the tail is read as a whole block) */
    long long size, read_pos, sent, in_pipe;
    long long chunk_of[MAX_BUFS], filled[MAX_BUFS], len_of[MAX_BUFS], done_of[MAX_BUFS];
    int state[MAX_BUFS], notifs_of[MAX_BUFS];
    long long next_read_chunk, next_send_chunk, nchunks;
    int send_in_flight;
    long long notifs_pending;
    /* cumulative since open: [0] notifications, [1] of them copied, [2] io_uring_enter calls */
    long long counts[3];
    int failed_call;
} zc_ring;

enum { CALL_NONE, CALL_ENTER, CALL_SPLICE_IN, CALL_SPLICE_OUT, CALL_READ_FIXED, CALL_SEND_ZC, CALL_EOF, CALL_RING_FULL, CALL_SEND };

static int sys_setup(unsigned entries, struct io_uring_params *p) { return (int)syscall(__NR_io_uring_setup, entries, p); }

static int sys_enter(int fd, unsigned submit, unsigned wait, unsigned flags) {
    return (int)syscall(__NR_io_uring_enter, fd, submit, wait, flags, NULL, 0);
}

static void ring_free(zc_ring *r) {
    if (r->sqes && r->sqes != MAP_FAILED) {
        munmap(r->sqes, r->sqes_len);
    }
    if (r->cq_ptr && r->cq_ptr != MAP_FAILED && r->cq_ptr != r->sq_ptr) {
        munmap(r->cq_ptr, r->cq_len);
    }
    if (r->sq_ptr && r->sq_ptr != MAP_FAILED) {
        munmap(r->sq_ptr, r->sq_len);
    }
    if (r->bufs) {
        munmap(r->bufs, r->bufs_len);
    }
    if (r->fd >= 0) {
        close(r->fd);
    }
    free(r);
}

/* A ring of `entries`; with nbufs > 0, nbufs registered buffers of buf_size bytes each. NULL with *err set. */
static zc_ring *ring_open(unsigned entries, int nbufs, size_t buf_size, int *err, int *stage) {
    zc_ring *r = calloc(1, sizeof(*r));
    if (r == NULL) {
        *err = ENOMEM;
        return NULL;
    }
    r->fd = -1;
    struct io_uring_params p;
    memset(&p, 0, sizeof(p));
    *stage = 1;
    r->fd = sys_setup(entries, &p);
    if (r->fd < 0) {
        *err = errno;
        ring_free(r);
        return NULL;
    }
    *stage = 2;
    r->sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    r->cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    int single = (p.features & IORING_FEAT_SINGLE_MMAP) != 0;
    if (single && r->cq_len > r->sq_len) {
        r->sq_len = r->cq_len;
    }
    r->sq_ptr = mmap(NULL, r->sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
    if (r->sq_ptr == MAP_FAILED) {
        *err = errno;
        ring_free(r);
        return NULL;
    }
    r->cq_ptr = single ? r->sq_ptr
                       : mmap(NULL, r->cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_CQ_RING);
    if (r->cq_ptr == MAP_FAILED) {
        *err = errno;
        ring_free(r);
        return NULL;
    }
    r->sqes_len = p.sq_entries * sizeof(struct io_uring_sqe);
    r->sqes = mmap(NULL, r->sqes_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
    if (r->sqes == MAP_FAILED) {
        *err = errno;
        ring_free(r);
        return NULL;
    }
    char *sq = r->sq_ptr, *cq = r->cq_ptr;
    r->sq_head = (unsigned *)(sq + p.sq_off.head);
    r->sq_tail = (unsigned *)(sq + p.sq_off.tail);
    r->sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
    r->sq_array = (unsigned *)(sq + p.sq_off.array);
    r->cq_head = (unsigned *)(cq + p.cq_off.head);
    r->cq_tail = (unsigned *)(cq + p.cq_off.tail);
    r->cq_mask = (unsigned *)(cq + p.cq_off.ring_mask);
    r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
    r->sq_entries = p.sq_entries;
    if (nbufs > 0) {
        *stage = 3;
        r->nbufs = nbufs;
        r->buf_size = buf_size;
        r->bufs_len = (size_t)nbufs * buf_size;
        r->bufs = mmap(NULL, r->bufs_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (r->bufs == MAP_FAILED) {
            r->bufs = NULL;
            *err = errno;
            ring_free(r);
            return NULL;
        }
        struct iovec iov[MAX_BUFS];
        for (int i = 0; i < nbufs; i++) {
            iov[i].iov_base = r->bufs + (size_t)i * buf_size;
            iov[i].iov_len = buf_size;
        }
        *stage = 4;
        if (syscall(__NR_io_uring_register, r->fd, IORING_REGISTER_BUFFERS, iov, nbufs) < 0) {
            *err = errno;
            ring_free(r);
            return NULL;
        }
    }
    return r;
}

static struct io_uring_sqe *next_sqe(zc_ring *r) {
    unsigned head = __atomic_load_n(r->sq_head, __ATOMIC_ACQUIRE);
    unsigned tail = *r->sq_tail + r->pending;
    if (tail - head >= r->sq_entries) {
        return NULL;
    }
    unsigned idx = tail & *r->sq_mask;
    struct io_uring_sqe *s = &r->sqes[idx];
    memset(s, 0, sizeof(*s));
    r->sq_array[idx] = idx;
    r->pending++;
    return s;
}

/* Publishes the SQEs written, enters once to submit them and wait for `wait` completions. */
static int enter(zc_ring *r, unsigned wait) {
    unsigned submit = r->pending;
    __atomic_store_n(r->sq_tail, *r->sq_tail + submit, __ATOMIC_RELEASE);
    r->pending = 0;
    int rc;
    do {
        rc = sys_enter(r->fd, submit, wait, wait ? IORING_ENTER_GETEVENTS : 0);
        if (rc >= 0) {
            break;
        }
        /* submitted nothing yet: retry the whole call; with submit done, wait again only */
        if (errno != EINTR) {
            return -errno;
        }
        submit = 0;
    } while (1);
    r->counts[2]++;
    return rc;
}

static void splice_sqe(struct io_uring_sqe *s, int fd_in, long long off_in, int fd_out, long long off_out, unsigned len,
                       unsigned flags, unsigned long long ud) {
    s->opcode = IORING_OP_SPLICE;
    s->fd = fd_out;
    s->off = (unsigned long long)off_out;
    s->splice_off_in = (unsigned long long)off_in;
    s->splice_fd_in = fd_in;
    s->len = len;
    s->splice_flags = flags;
    s->user_data = ud;
}

#define UD(kind, i) (((unsigned long long)(kind) << 32) | (unsigned)(i))
enum { UD_SPLICE_IN = 1, UD_SPLICE_OUT, UD_READ, UD_SEND };

/* One io_uring_enter of io-uring-splice: linked SPLICE(file -> pipe) + SPLICE(pipe -> out), or, with bytes
 * left in the pipe after a short splice out, SPLICE(pipe -> out) alone. */
static long long splice_step(zc_ring *r, int chunk, int *err) {
    long long want_in = 0;
    if (r->in_pipe == 0) {
        long long left = r->size - r->read_pos;
        want_in = left < chunk ? left : chunk;
        struct io_uring_sqe *a = next_sqe(r), *b = next_sqe(r);
        if (a == NULL || b == NULL) {
            r->failed_call = CALL_RING_FULL;
            *err = EBUSY;
            return -1;
        }
        splice_sqe(a, r->in, r->read_pos, r->pipe_write, -1, (unsigned)want_in, SPLICE_F_MOVE, UD(UD_SPLICE_IN, 0));
        a->flags |= IOSQE_IO_LINK;
        /* SPLICE_F_MORE until the last bytes, as the splice path does */
        unsigned more = r->read_pos + want_in < r->size ? SPLICE_F_MORE : 0;
        splice_sqe(b, r->pipe_read, -1, r->out, -1, (unsigned)want_in, SPLICE_F_MOVE | more, UD(UD_SPLICE_OUT, 0));
    } else {
        struct io_uring_sqe *b = next_sqe(r);
        if (b == NULL) {
            r->failed_call = CALL_RING_FULL;
            *err = EBUSY;
            return -1;
        }
        unsigned more = r->read_pos < r->size ? SPLICE_F_MORE : 0;
        splice_sqe(b, r->pipe_read, -1, r->out, -1, (unsigned)r->in_pipe, SPLICE_F_MOVE | more, UD(UD_SPLICE_OUT, 0));
    }
    unsigned expect = want_in ? 2 : 1;
    int rc = enter(r, expect);
    if (rc < 0) {
        r->failed_call = CALL_ENTER;
        *err = -rc;
        return -1;
    }
    unsigned seen = 0;
    while (seen < expect) {
        unsigned head = *r->cq_head;
        if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE)) {
            rc = enter(r, 1);
            if (rc < 0) {
                r->failed_call = CALL_ENTER;
                *err = -rc;
                return -1;
            }
            continue;
        }
        struct io_uring_cqe *c = &r->cqes[head & *r->cq_mask];
        unsigned long long ud = c->user_data;
        int res = c->res;
        __atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
        seen++;
        if ((ud >> 32) == UD_SPLICE_IN) {
            if (res < 0) {
                r->failed_call = CALL_SPLICE_IN;
                *err = -res;
                return -1;
            }
            if (res == 0) {
                r->failed_call = CALL_EOF;
                *err = 0;
                return -1;
            }
            r->read_pos += res;
            r->in_pipe += res;
        } else {
            if (res == -ECANCELED) {
                continue; /* the splice in was short: its partner was cancelled; the pipe is drained next step */
            }
            if (res < 0) {
                r->failed_call = CALL_SPLICE_OUT;
                *err = -res;
                return -1;
            }
            r->in_pipe -= res;
            r->sent += res;
        }
    }
    return r->sent;
}

static int queue_read(zc_ring *r, int i) {
    struct io_uring_sqe *s = next_sqe(r);
    if (s == NULL) {
        return -1;
    }
    long long off = r->chunk_of[i] * (long long)r->buf_size + r->filled[i];
    s->opcode = IORING_OP_READ_FIXED;
    s->fd = r->in;
    s->off = (unsigned long long)off;
    s->addr = (unsigned long long)(uintptr_t)(r->bufs + (size_t)i * r->buf_size + r->filled[i]);
    long long want = r->len_of[i] - r->filled[i];
    if (r->mode == MODE_DIRECT) {
        want = (want + r->align - 1) / r->align * r->align; /* O_DIRECT: whole blocks; the file's end stops the tail */
    }
    s->len = (unsigned)want;
    s->buf_index = (unsigned short)i;
    s->user_data = UD(UD_READ, i);
    r->state[i] = B_READING;
    return 0;
}

/* One io_uring_enter of io-uring-send-zc (or io-uring-direct): READ_FIXED into every free registered buffer,
 * SEND_ZC (io-uring-direct: SEND) of the next buffer in file order (one send in flight, so bytes leave in order),
 * then reap: a buffer is free again when its bytes are sent and every notification of its sends has arrived. */
static long long sendzc_step(zc_ring *r, int *err) {
    for (int k = 0; k < r->nbufs && r->next_read_chunk < r->nchunks; k++) {
        int i = (int)(r->next_read_chunk % r->nbufs);
        if (r->state[i] != B_FREE || r->notifs_of[i] > 0) {
            break;
        }
        long long pos = r->next_read_chunk * (long long)r->buf_size;
        long long left = r->size - pos;
        r->chunk_of[i] = r->next_read_chunk;
        r->len_of[i] = left < (long long)r->buf_size ? left : (long long)r->buf_size;
        r->filled[i] = 0;
        r->done_of[i] = 0;
        if (queue_read(r, i) < 0) {
            r->failed_call = CALL_RING_FULL;
            *err = EBUSY;
            return -1;
        }
        r->next_read_chunk++;
    }
    if (!r->send_in_flight && r->next_send_chunk < r->nchunks) {
        int i = (int)(r->next_send_chunk % r->nbufs);
        if (r->state[i] == B_READY) {
            struct io_uring_sqe *s = next_sqe(r);
            if (s == NULL) {
                r->failed_call = CALL_RING_FULL;
                *err = EBUSY;
                return -1;
            }
            s->opcode = r->mode == MODE_DIRECT ? IORING_OP_SEND : IORING_OP_SEND_ZC;
            s->fd = r->out;
            s->addr = (unsigned long long)(uintptr_t)(r->bufs + (size_t)i * r->buf_size + r->done_of[i]);
            s->len = (unsigned)(r->len_of[i] - r->done_of[i]);
            s->msg_flags = MSG_WAITALL;
            if (r->mode != MODE_DIRECT) {
                s->ioprio = IORING_RECVSEND_FIXED_BUF | IORING_SEND_ZC_REPORT_USAGE;
                s->buf_index = (unsigned short)i;
            }
            s->user_data = UD(UD_SEND, i);
            r->state[i] = B_SENDING;
            r->send_in_flight = 1;
        }
    }
    int rc = enter(r, 1);
    if (rc < 0) {
        r->failed_call = CALL_ENTER;
        *err = -rc;
        return -1;
    }
    unsigned head = *r->cq_head;
    unsigned tail = __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE);
    for (; head != tail; head++) {
        struct io_uring_cqe *c = &r->cqes[head & *r->cq_mask];
        unsigned long long ud = c->user_data;
        int res = c->res;
        unsigned flags = c->flags;
        int i = (int)(ud & 0xffffffffu);
        if ((ud >> 32) == UD_READ) {
            if (res <= 0) {
                __atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
                r->failed_call = res == 0 ? CALL_EOF : CALL_READ_FIXED;
                *err = res == 0 ? 0 : -res;
                return -1;
            }
            r->filled[i] += res;
            if (r->filled[i] < r->len_of[i]) {
                if (queue_read(r, i) < 0) { /* short read: the rest goes in with the next enter */
                    __atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
                    r->failed_call = CALL_RING_FULL;
                    *err = EBUSY;
                    return -1;
                }
            } else {
                r->state[i] = B_READY;
            }
        } else if (flags & IORING_CQE_F_NOTIF) {
            r->notifs_of[i]--;
            r->notifs_pending--;
            r->counts[0]++;
            if ((unsigned)res & IORING_NOTIF_USAGE_ZC_COPIED) {
                r->counts[1]++;
            }
        } else {
            if (flags & IORING_CQE_F_MORE) {
                r->notifs_of[i]++;
                r->notifs_pending++;
            }
            r->send_in_flight = 0;
            if (res < 0) {
                __atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
                r->failed_call = r->mode == MODE_DIRECT ? CALL_SEND : CALL_SEND_ZC;
                *err = -res;
                return -1;
            }
            r->done_of[i] += res;
            r->sent += res;
            if (r->done_of[i] < r->len_of[i]) {
                r->state[i] = B_READY; /* partial send: the rest next */
            } else {
                r->state[i] = B_FREE;
                r->next_send_chunk++;
            }
        }
    }
    __atomic_store_n(r->cq_head, head, __ATOMIC_RELEASE);
    return r->sent;
}

#define FINISHED (1LL << 62)

/* Bytes sent so far, with FINISHED set when the whole file is sent and (send-zc) every notification is in;
 * or -1 with *err (0 with failed_call == CALL_EOF: the file ended early). */
static int finished(const zc_ring *r) {
    return r->sent >= r->size && r->in_pipe == 0 && r->notifs_pending == 0;
}

static long long step(zc_ring *r, int chunk, int *err) {
    if (finished(r)) {
        return r->sent | FINISHED;
    }
    long long s = r->mode == MODE_SPLICE ? splice_step(r, chunk, err) : sendzc_step(r, err);
    if (s < 0) {
        return s;
    }
    return s | (finished(r) ? FINISHED : 0);
}

static void begin(zc_ring *r, int mode, int in, int out, long long size, int pipe_read, int pipe_write) {
    r->mode = mode;
    r->align = mode == MODE_DIRECT && pipe_read > 0 ? pipe_read : 1; /* io-uring-direct passes its block size there */
    r->in = in;
    r->out = out;
    r->size = size;
    r->pipe_read = pipe_read;
    r->pipe_write = pipe_write;
    r->read_pos = r->sent = r->in_pipe = 0;
    r->failed_call = CALL_NONE;
    r->send_in_flight = 0;
    r->next_read_chunk = r->next_send_chunk = 0;
    r->nchunks = r->buf_size ? (size + (long long)r->buf_size - 1) / (long long)r->buf_size : 0;
    for (int i = 0; i < MAX_BUFS; i++) {
        r->state[i] = B_FREE; /* notifications still owed from a failed transfer stay counted in notifs_of */
    }
}

/* ---- JNI ---- */

/* Opens a ring; info: [0] stage that failed (1 setup, 2 mmap, 3 buffers, 4 register), [1] errno. */
static jlong uring_open(JNIEnv *env, jclass unused, jint entries, jint nbufs, jint bufSize, jintArray info) {
    (void)unused;
    if (nbufs < 0 || nbufs > MAX_BUFS) {
        jint i[2] = {0, EINVAL};
        (*env)->SetIntArrayRegion(env, info, 0, 2, i);
        return 0;
    }
    int err = 0, stage = 0;
    zc_ring *r = ring_open((unsigned)entries, nbufs, (size_t)bufSize, &err, &stage);
    jint i[2] = {r ? 0 : stage, r ? 0 : err};
    (*env)->SetIntArrayRegion(env, info, 0, 2, i);
    return (jlong)(intptr_t)r;
}

static void uring_close(JNIEnv *env, jclass unused, jlong handle) {
    (void)env;
    (void)unused;
    if (handle) {
        ring_free((zc_ring *)(intptr_t)handle);
    }
}

/* mode: 0 io-uring-splice, 1 io-uring-send-zc, 2 io-uring-direct (pipeRead then carries the read block size). */
static void uring_begin(JNIEnv *env, jclass unused, jlong handle, jint mode, jint in, jint out, jlong size, jint pipeRead,
                        jint pipeWrite) {
    (void)env;
    (void)unused;
    begin((zc_ring *)(intptr_t)handle, mode == 2 ? MODE_DIRECT : mode == 1 ? MODE_SEND_ZC : MODE_SPLICE, in, out, size, pipeRead,
          pipeWrite);
}

/* result on failure: [0] bytes sent, [1] failing call id, [2] errno. */
static jlong uring_step(JNIEnv *env, jclass unused, jlong handle, jint chunk, jlongArray result) {
    (void)unused;
    zc_ring *r = (zc_ring *)(intptr_t)handle;
    int err = 0;
    long long s = step(r, chunk, &err);
    if (s < 0) {
        jlong out[3] = {r->sent, r->failed_call, err};
        (*env)->SetLongArrayRegion(env, result, 0, 3, out);
    }
    return s;
}

/* counts since open: [0] send-zc notifications, [1] of them copied, [2] io_uring_enter calls. */
static void uring_counts(JNIEnv *env, jclass unused, jlong handle, jlongArray out) {
    (void)unused;
    zc_ring *r = (zc_ring *)(intptr_t)handle;
    jlong c[3] = {r->counts[0], r->counts[1], r->counts[2]};
    (*env)->SetLongArrayRegion(env, out, 0, 3, c);
}

static jstring uring_call_name(JNIEnv *env, jclass unused, jint call) {
    (void)unused;
    static const char *names[] = {"none", "io_uring_enter", "IORING_OP_SPLICE(file->pipe)", "IORING_OP_SPLICE(pipe->dest)",
                                  "IORING_OP_READ_FIXED", "IORING_OP_SEND_ZC", "end of file", "a full submission queue",
                                  "IORING_OP_SEND"};
    const char *n = call >= 0 && call < (jint)(sizeof(names) / sizeof(names[0])) ? names[call] : "unknown call";
    return (*env)->NewStringUTF(env, n);
}

/* The native twin: the same state machine, looped in C until the transfer is finished. */
static long long zc_uring_run(long long handle, int chunk, int *err, int *call) {
    zc_ring *r = (zc_ring *)(intptr_t)handle;
    for (;;) {
        long long s = step(r, chunk, err);
        if (s < 0) {
            *call = r->failed_call;
            return -1;
        }
        if (s & FINISHED) {
            return s & ~FINISHED;
        }
    }
}

/* The twin's JNI entry: result as uring_step's on failure; bytes sent on success. */
static jlong uring_run(JNIEnv *env, jclass unused, jlong handle, jint chunk, jlongArray result) {
    (void)unused;
    int err = 0, call = 0;
    long long s = zc_uring_run(handle, chunk, &err, &call);
    if (s < 0) {
        zc_ring *r = (zc_ring *)(intptr_t)handle;
        jlong out[3] = {r->sent, call, err};
        (*env)->SetLongArrayRegion(env, result, 0, 3, out);
    }
    return s;
}

static jlong finished_flag(JNIEnv *env, jclass unused) {
    (void)env;
    (void)unused;
    return FINISHED;
}

static const JNINativeMethod methods[] = {
    {"uringOpen0", "(III[I)J", (void *)uring_open},
    {"uringClose0", "(J)V", (void *)uring_close},
    {"uringBegin0", "(JIIIJII)V", (void *)uring_begin},
    {"uringStep0", "(JI[J)J", (void *)uring_step},
    {"uringRun0", "(JI[J)J", (void *)uring_run},
    {"uringCounts0", "(J[J)V", (void *)uring_counts},
    {"uringCallName0", "(I)Ljava/lang/String;", (void *)uring_call_name},
    {"uringFinishedFlag0", "()J", (void *)finished_flag},
};

zc_method_table zc_uring_methods(void) { return ZC_TABLE(methods); }
