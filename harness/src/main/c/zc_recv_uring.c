/* zc_recv_uring.c — the sink's io-uring-recv receive method: one multishot IORING_OP_RECV per transfer into a ring of
 * provided buffers (IORING_REGISTER_PBUF_RING), with bundles where the kernel has them (IORING_FEAT_RECVSEND_BUNDLE,
 * 6.10+: one completion covers several buffers). The kernel copies each byte once, socket -> buffer, in the sink
 * thread's context (the recv runs as task work when its io_uring_enter returns). Once the transfer's bytes are in, the
 * multishot request is cancelled before the reply, so it never takes the next header (the sender sends it only after
 * the reply). Counts: io_uring_enter calls, completions, and completions that held more than one buffer (bundles). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "zc.h"
#include "zc_uring.h"

#ifndef IORING_RECVSEND_BUNDLE
#define IORING_RECVSEND_BUNDLE (1U << 4)
#endif
#ifndef IORING_FEAT_RECVSEND_BUNDLE
#define IORING_FEAT_RECVSEND_BUNDLE (1U << 14)
#endif

#define RECV_TAG 1
#define CANCEL_TAG 2
#define BGID 0

typedef struct {
    zc_ring *ring;
    struct io_uring_buf_ring *br;
    size_t br_len;
    char *bufs;
    size_t bufs_len;
    unsigned buf_size, nbufs;
    unsigned short tail;
    unsigned head;          /* ring entries consumed so far (bundles take them in ring order) */
    unsigned short *order;  /* the buffer id at each ring position, as put back */
    int bundles;
} zc_urecv;

static void urecv_free(zc_urecv *u) {
    if (u->ring) {
        if (u->br) {
            struct io_uring_buf_reg reg;
            memset(&reg, 0, sizeof(reg));
            reg.bgid = BGID;
            syscall(__NR_io_uring_register, u->ring->fd, IORING_UNREGISTER_PBUF_RING, &reg, 1);
        }
        zc_uring_free(u->ring);
    }
    if (u->br && u->br != MAP_FAILED) {
        munmap(u->br, u->br_len);
    }
    if (u->bufs && u->bufs != MAP_FAILED) {
        munmap(u->bufs, u->bufs_len);
    }
    free(u->order);
    free(u);
}

/* Puts buffer `bid` back at the ring's tail. */
static void give_back(zc_urecv *u, unsigned short bid) {
    unsigned mask = u->nbufs - 1;
    struct io_uring_buf *b = &u->br->bufs[u->tail & mask];
    b->addr = (uint64_t)(uintptr_t)(u->bufs + (size_t)bid * u->buf_size);
    b->len = u->buf_size;
    b->bid = bid;
    u->order[u->tail & mask] = bid;
    u->tail++;
}

static void publish(zc_urecv *u) { __atomic_store_n(&u->br->tail, u->tail, __ATOMIC_RELEASE); }

/* A ring with `nbufs` (a power of two) provided buffers of `bufSize` bytes; out[0] 1 when bundles are used. A handle,
 * or -errno (-EINVAL: this kernel has no provided-buffer rings, 5.19+). */
static jlong urecv_open(JNIEnv *env, jclass unused, jint bufSize, jint nbufs, jintArray info) {
    (void)unused;
    if (nbufs <= 0 || (nbufs & (nbufs - 1)) != 0 || nbufs > 32768 || bufSize <= 0) {
        return -EINVAL;
    }
    zc_urecv *u = calloc(1, sizeof(*u));
    if (u == NULL) {
        return -ENOMEM;
    }
    int err = 0;
    u->ring = zc_uring_open(8, &err);
    if (u->ring == NULL) {
        free(u);
        return -err;
    }
    u->buf_size = (unsigned)bufSize;
    u->nbufs = (unsigned)nbufs;
    u->order = calloc((size_t)nbufs, sizeof(unsigned short));
    u->br_len = (size_t)nbufs * sizeof(struct io_uring_buf);
    u->br = mmap(NULL, u->br_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    u->bufs_len = (size_t)nbufs * (size_t)bufSize;
    u->bufs = mmap(NULL, u->bufs_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (u->order == NULL || u->br == MAP_FAILED || u->bufs == MAP_FAILED) {
        int e = u->order == NULL ? ENOMEM : errno;
        if (u->br == MAP_FAILED) {
            u->br = NULL;
        }
        urecv_free(u);
        return -e;
    }
    struct io_uring_buf_reg reg;
    memset(&reg, 0, sizeof(reg));
    reg.ring_addr = (uint64_t)(uintptr_t)u->br;
    reg.ring_entries = (unsigned)nbufs;
    reg.bgid = BGID;
    if (syscall(__NR_io_uring_register, u->ring->fd, IORING_REGISTER_PBUF_RING, &reg, 1) < 0) {
        int e = errno;
        struct io_uring_buf_ring *keep = u->br;
        u->br = NULL; /* not registered: nothing to unregister */
        munmap(keep, u->br_len);
        urecv_free(u);
        return -e;
    }
    for (unsigned i = 0; i < u->nbufs; i++) {
        give_back(u, (unsigned short)i);
    }
    publish(u);
    /* bundles (6.10+) are asked for; a kernel without them fails the first request with EINVAL, then they are off */
    u->bundles = -1;
    jint flags[1] = {0};
    (*env)->SetIntArrayRegion(env, info, 0, 1, flags);
    return (jlong)(uintptr_t)u;
}

/* Arms one multishot recv into the buffer group. */
static int arm(zc_urecv *u, int fd) {
    struct io_uring_sqe *s = zc_uring_sqe(u->ring);
    if (s == NULL) {
        return -EBUSY;
    }
    s->opcode = IORING_OP_RECV;
    s->fd = fd;
    s->flags = IOSQE_BUFFER_SELECT;
    s->buf_group = BGID;
    s->ioprio = IORING_RECV_MULTISHOT | (u->bundles != 0 ? IORING_RECVSEND_BUNDLE : 0);
    s->user_data = RECV_TAG;
    return 0;
}

/* Receives exactly `length` bytes from `fd` (fewer only at end of stream); out: [0] io_uring_enter calls, [1]
 * completions, [2] completions holding more than one buffer, [3] 1 when bundles are in use. The bytes, or -errno. */
static jlong urecv(JNIEnv *env, jclass unused, jlong handle, jint fd, jlong length, jlongArray out) {
    (void)unused;
    zc_urecv *u = (zc_urecv *)(uintptr_t)handle;
    long long got = 0, enters0 = u->ring->counts[2], cqes = 0, multi = 0;
    int armed = 0, cancelling = 0, eof = 0;
    long long rc = 0;
    if (length > 0) {
        if (arm(u, fd) != 0) {
            return -EBUSY;
        }
        armed = 1;
    }
    while (armed) {
        if (got >= length && !cancelling) {
            struct io_uring_sqe *s = zc_uring_sqe(u->ring);
            if (s == NULL) {
                rc = -EBUSY;
                break;
            }
            s->opcode = IORING_OP_ASYNC_CANCEL;
            s->addr = RECV_TAG;
            s->user_data = CANCEL_TAG;
            cancelling = 1;
        }
        int e = zc_uring_enter(u->ring, 1);
        if (e < 0) {
            rc = e;
            break;
        }
        unsigned head = *u->ring->cq_head;
        unsigned tail = __atomic_load_n(u->ring->cq_tail, __ATOMIC_ACQUIRE);
        int rearm = 0;
        for (; head != tail; head++) {
            struct io_uring_cqe *c = &u->ring->cqes[head & *u->ring->cq_mask];
            if (c->user_data != RECV_TAG) {
                continue; /* the cancel's own completion */
            }
            cqes++;
            int more = (c->flags & IORING_CQE_F_MORE) != 0;
            if (c->res > 0) {
                /* the kernel takes ring entries in order: this completion used the next n of them, the first named
                 * in its flags (a bundle fills all but its last buffer) */
                unsigned n = ((unsigned)c->res + u->buf_size - 1) / u->buf_size;
                unsigned first = c->flags >> IORING_CQE_BUFFER_SHIFT;
                unsigned mask = u->nbufs - 1;
                if ((c->flags & IORING_CQE_F_BUFFER) == 0 || u->order[u->head & mask] != first) {
                    rc = -EPROTO; /* not the buffer the ring's order says: stop rather than recycle a wrong one */
                } else {
                    for (unsigned k = 0; k < n; k++) {
                        give_back(u, u->order[(u->head + k) & mask]);
                    }
                    u->head += n;
                    multi += n > 1;
                    got += c->res;
                }
            } else if (c->res == 0) {
                eof = 1;
            } else if (c->res == -EINVAL && u->bundles == -1 && got == 0 && !cancelling) {
                u->bundles = 0; /* a kernel without recv bundles: arm again without them */
                rearm = 1;
            } else if (c->res == -ENOBUFS) {
                rearm = 1; /* every buffer was in use: they are back now, go on */
            } else if (c->res != -ECANCELED) {
                rc = c->res;
            }
            if (!more) {
                armed = 0;
            }
        }
        __atomic_store_n(u->ring->cq_head, head, __ATOMIC_RELEASE);
        publish(u);
        if (u->bundles == -1 && got > 0) {
            u->bundles = 1;
        }
        if (rc != 0) {
            break;
        }
        if (!armed && !eof && got < length) {
            if (rearm || !cancelling) {
                if (arm(u, fd) != 0) {
                    rc = -EBUSY;
                    break;
                }
                armed = 1;
                cancelling = 0;
            }
        }
    }
    if (rc == 0 && got > length) {
        rc = -EPROTO; /* bytes past the transfer: the sender broke the protocol (it sends the next header after the reply) */
    }
    jlong counts[4] = {u->ring->counts[2] - enters0, cqes, multi, u->bundles == 1 ? 1 : 0};
    (*env)->SetLongArrayRegion(env, out, 0, 4, counts);
    if (rc < 0) {
        return rc;
    }
    return got;
}

static void urecv_close(JNIEnv *env, jclass unused, jlong handle) {
    (void)env;
    (void)unused;
    if (handle != 0) {
        urecv_free((zc_urecv *)(uintptr_t)handle);
    }
}

static const JNINativeMethod methods[] = {
    {"uringRecvOpen", "(II[I)J", (void *)urecv_open},
    {"uringRecv", "(JIJ[J)J", (void *)urecv},
    {"uringRecvClose", "(J)V", (void *)urecv_close},
};

zc_method_table zc_recv_uring_methods(void) { return ZC_TABLE(methods, ZC_CLASS("Sockets")); }
