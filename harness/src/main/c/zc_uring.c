/* zc_uring.c — the io_uring behind the `io-uring-*` paths, spoken directly through io_uring_setup(2)/io_uring_enter(2)/
 * io_uring_register(2) and the rings mmap'd as <linux/io_uring.h> describes them: libzcbench builds with gcc and the
 * kernel's UAPI headers only (no liburing). Each path's state machine is a mode in its own file (zc_uring_*.c); the
 * Java path calls step() once per io_uring_enter, its native twin ("io-uring") loops over it in C. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "zc.h"
#include "zc_twin.h"
#include "zc_uring.h"

#define MAX_MODES 8
static const zc_uring_mode *modes[MAX_MODES];
static int mode_count;

void zc_uring_register(const zc_uring_mode *mode) {
    if (mode_count < MAX_MODES) {
        modes[mode_count++] = mode;
    }
}

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
        struct iovec iov[ZC_URING_MAX_BUFS];
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

zc_ring *zc_uring_open(unsigned entries, int *err) {
    int stage;
    return ring_open(entries, 0, 0, err, &stage);
}

void zc_uring_free(zc_ring *r) { ring_free(r); }

struct io_uring_sqe *zc_uring_sqe(zc_ring *r) {
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

int zc_uring_enter(zc_ring *r, unsigned wait) {
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

#define FINISHED (1LL << 62)

/* The whole file sent, nothing left in the pipe and (send-zc) every notification in. */
static int finished(const zc_ring *r) {
    return r->sent >= r->size && r->in_pipe == 0 && r->notifs_pending == 0;
}

/* Bytes sent so far, with FINISHED set when the transfer is finished; or -1 with *err and failed_call. */
static long long step(zc_ring *r, int chunk, int *err) {
    if (finished(r)) {
        return r->sent | FINISHED;
    }
    long long s = r->mode->step(r, chunk, err);
    if (s < 0) {
        return s;
    }
    return s | (finished(r) ? FINISHED : 0);
}

/* ---- JNI ---- */

/* Opens a ring; info: [0] stage that failed (1 setup, 2 mmap, 3 buffers, 4 register), [1] errno. */
static jlong uring_open(JNIEnv *env, jclass unused, jint entries, jint nbufs, jint bufSize, jintArray info) {
    (void)unused;
    if (nbufs < 0 || nbufs > ZC_URING_MAX_BUFS) {
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

/* The mode named `name`'s id, or -1. */
static jint uring_mode(JNIEnv *env, jclass unused, jstring name) {
    (void)unused;
    const char *n = (*env)->GetStringUTFChars(env, name, NULL);
    jint id = -1;
    for (int i = 0; n != NULL && i < mode_count; i++) {
        if (strcmp(modes[i]->name, n) == 0) {
            id = i;
        }
    }
    if (n != NULL) {
        (*env)->ReleaseStringUTFChars(env, name, n);
    }
    return id;
}

/* Starts a transfer in mode `mode` with the descriptors, size, pipe and read block of `args` (a Twins.TwinArgs). */
static jint uring_begin(JNIEnv *env, jclass unused, jlong handle, jint mode, jobject args) {
    (void)unused;
    zc_ring *r = (zc_ring *)(intptr_t)handle;
    if (mode < 0 || mode >= mode_count) {
        return -EINVAL;
    }
    zc_twin_args a;
    zc_twin_args_read(env, args, &a);
    r->mode = modes[mode];
    r->align = a.read_block > 0 ? a.read_block : 1;
    r->in = a.in;
    r->out = a.out;
    r->size = a.size;
    r->pipe_read = a.pipe_read;
    r->pipe_write = a.pipe_write;
    r->read_pos = r->sent = r->in_pipe = 0;
    r->failed_call = NULL;
    r->send_in_flight = 0;
    r->next_read_chunk = r->next_send_chunk = 0;
    r->nchunks = r->buf_size ? (a.size + (long long)r->buf_size - 1) / (long long)r->buf_size : 0;
    for (int i = 0; i < ZC_URING_MAX_BUFS; i++) {
        r->state[i] = ZC_B_FREE; /* notifications still owed from a failed transfer stay counted in notifs_of */
    }
    return 0;
}

/* One io_uring_enter of the transfer begun last; on failure the bytes sent, the call and errno go to args. */
static jlong uring_step(JNIEnv *env, jclass unused, jlong handle, jint chunk, jobject args) {
    (void)unused;
    zc_ring *r = (zc_ring *)(intptr_t)handle;
    int err = 0;
    long long s = step(r, chunk, &err);
    if (s < 0) {
        zc_twin_result res = {r->sent, r->failed_call, err};
        zc_twin_result_write(env, args, &res);
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

static jlong finished_flag(JNIEnv *env, jclass unused) {
    (void)env;
    (void)unused;
    return FINISHED;
}

/* The io_uring paths' native twin: the transfer begun last (uringBegin), stepped in C until it is finished. */
static void uring_twin(zc_twin_args *a, zc_twin_result *res) {
    zc_ring *r = (zc_ring *)(intptr_t)a->ring;
    if (r == NULL || r->mode == NULL) {
        zc_fail(res, "io_uring (no transfer begun)", EINVAL);
        return;
    }
    for (;;) {
        int err = 0;
        long long s = step(r, a->chunk, &err);
        if (s < 0) {
            res->done = r->sent;
            zc_fail(res, r->failed_call, err);
            return;
        }
        if (s & FINISHED) {
            res->done = s & ~FINISHED;
            return;
        }
    }
}

ZC_TWIN(twin_io_uring, "io-uring", uring_twin)

static const JNINativeMethod methods[] = {
    {"uringOpen0", "(III[I)J", (void *)uring_open},
    {"uringClose0", "(J)V", (void *)uring_close},
    {"uringMode0", "(Ljava/lang/String;)I", (void *)uring_mode},
    {"uringBegin0", "(JILio/zcbench/harness/nativeio/Twins$TwinArgs;)I", (void *)uring_begin},
    {"uringStep0", "(JILio/zcbench/harness/nativeio/Twins$TwinArgs;)J", (void *)uring_step},
    {"uringCounts0", "(J[J)V", (void *)uring_counts},
    {"uringFinishedFlag0", "()J", (void *)finished_flag},
};

zc_method_table zc_uring_methods(void) { return ZC_TABLE(methods, ZC_CLASS("Uring")); }
