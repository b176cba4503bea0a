/* zc_recv.c — the sink's receive methods beyond recv and splice: MSG_TRUNC (the kernel discards the bytes, no copy)
 * and TCP_ZEROCOPY_RECEIVE (the receive queue's pages mapped into the sink; what the kernel will not map is read as
 * its recv_skip_hint says, and both are counted). The UAPI headers, not glibc's, for struct tcp_zerocopy_receive. */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <linux/tcp.h>
#include "zc.h"

#define ZC_RECV_COPY_BUF (256 * 1024)

/* recv, again after EINTR: bytes, 0 at end of stream, or -errno. */
static ssize_t recv_retrying(int fd, void *buf, size_t n, int flags) {
    for (;;) {
        ssize_t r = recv(fd, buf, n, flags);
        if (r >= 0 || errno != EINTR) {
            return r < 0 ? -errno : r;
        }
    }
}

/* Discards `length` bytes from a TCP socket with recv(MSG_TRUNC): no copy to user space, at most `per_call` bytes
 * asked for per call (the other receive methods' buffer). Returns the bytes discarded (less than length only at end
 * of stream) or -errno. */
static jlong recv_trunc(JNIEnv *env, jclass unused, jint fd, jlong length, jint per_call) {
    (void)env;
    (void)unused;
    jlong got = 0;
    if (per_call <= 0) {
        return -EINVAL;
    }
    while (got < length) {
        size_t want = (size_t)(length - got < per_call ? length - got : per_call);
        ssize_t n = recv_retrying(fd, NULL, want, MSG_TRUNC);
        if (n <= 0) {
            if (n < 0) {
                return n;
            }
            break;
        }
        got += n;
    }
    return got;
}

typedef struct {
    void *map;
    size_t map_len;
    char *buf;
} zc_zerocopy_rx;

/* A mapping of `mapLen` bytes of the TCP socket fd (its receive queue's pages go there) and a buffer for what the
 * kernel will not map. Returns a handle or -errno. */
static jlong zerocopy_rx_open(JNIEnv *env, jclass unused, jint fd, jint mapLen) {
    (void)env;
    (void)unused;
    zc_zerocopy_rx *z = calloc(1, sizeof(*z));
    if (z == NULL) {
        return -ENOMEM;
    }
    z->map_len = (size_t)mapLen;
    z->map = mmap(NULL, z->map_len, PROT_READ, MAP_SHARED, fd, 0);
    if (z->map == MAP_FAILED) {
        int err = errno;
        free(z);
        return -err;
    }
    z->buf = malloc(ZC_RECV_COPY_BUF);
    if (z->buf == NULL) {
        munmap(z->map, z->map_len);
        free(z);
        return -ENOMEM;
    }
    return (jlong)(intptr_t)z;
}

/* Receives `length` bytes with TCP_ZEROCOPY_RECEIVE: whole pages mapped, the rest (the skip hint) read into the
 * buffer. out: [0] bytes mapped, [1] bytes copied by recv. Returns the bytes received or -errno. */
static jlong zerocopy_rx(JNIEnv *env, jclass unused, jlong handle, jint fd, jlong length, jlongArray outArr) {
    (void)unused;
    zc_zerocopy_rx *z = (zc_zerocopy_rx *)(intptr_t)handle;
    long page = sysconf(_SC_PAGESIZE);
    jlong got = 0, mapped = 0, copied = 0;
    while (got < length) {
        jlong left = length - got;
        struct tcp_zerocopy_receive zc;
        memset(&zc, 0, sizeof(zc));
        zc.address = (uint64_t)(uintptr_t)z->map;
        zc.length = (uint32_t)((size_t)left < z->map_len ? ((size_t)left & ~((size_t)page - 1)) : z->map_len);
        uint32_t skip = 0;
        if (zc.length > 0) {
            socklen_t len = sizeof(zc);
            if (getsockopt(fd, IPPROTO_TCP, TCP_ZEROCOPY_RECEIVE, &zc, &len) != 0) {
                if (errno == EINTR) {
                    continue;
                }
                return -errno;
            }
            mapped += zc.length;
            got += zc.length;
            skip = zc.recv_skip_hint;
        } else {
            skip = (uint32_t)left; /* less than a page left: it can only be read */
        }
        if (skip > 0 && got < length) {
            size_t want = skip;
            if (want > ZC_RECV_COPY_BUF) {
                want = ZC_RECV_COPY_BUF;
            }
            if ((jlong)want > length - got) {
                want = (size_t)(length - got);
            }
            ssize_t n = recv_retrying(fd, z->buf, want, 0);
            if (n <= 0) {
                if (n < 0) {
                    return n;
                }
                break;
            }
            copied += n;
            got += n;
        } else if (zc.length == 0 && got < length) {
            /* nothing queued yet: wait for data (the socket is blocking, the getsockopt is not) */
            struct pollfd p = {.fd = fd, .events = POLLIN};
            if (poll(&p, 1, -1) < 0 && errno != EINTR) {
                return -errno;
            }
            if (p.revents & (POLLHUP | POLLERR)) {
                char c;
                ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
                if (n == 0) {
                    break;
                }
            }
        }
    }
    jlong out[2] = {mapped, copied};
    (*env)->SetLongArrayRegion(env, outArr, 0, 2, out);
    return got;
}

static void zerocopy_rx_close(JNIEnv *env, jclass unused, jlong handle) {
    (void)env;
    (void)unused;
    zc_zerocopy_rx *z = (zc_zerocopy_rx *)(intptr_t)handle;
    if (z != NULL) {
        munmap(z->map, z->map_len);
        free(z->buf);
        free(z);
    }
}

/* TCP_MAXSEG on a socket (a listener: the MSS its connections advertise). 0 or -errno. */
static jint set_max_segment(JNIEnv *env, jclass unused, jint fd, jint mss) {
    (void)env;
    (void)unused;
    return setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof(mss)) == 0 ? 0 : -errno;
}

/* SO_RCVLOWAT: the receive calls (and poll) return no sooner than `bytes` are queued, and TCP wakes the reader no
 * sooner either (tcp_data_ready). 0 or -errno. */
static jint set_receive_low_water(JNIEnv *env, jclass unused, jint fd, jint bytes) {
    (void)env;
    (void)unused;
    return setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &bytes, sizeof(bytes)) == 0 ? 0 : -errno;
}

static const JNINativeMethod methods[] = {
    {"recvTrunc", "(IJI)J", (void *)recv_trunc},
    {"setReceiveLowWater", "(II)I", (void *)set_receive_low_water},
    {"zerocopyRxOpen", "(II)J", (void *)zerocopy_rx_open},
    {"zerocopyRx", "(JIJ[J)J", (void *)zerocopy_rx},
    {"zerocopyRxClose", "(J)V", (void *)zerocopy_rx_close},
    {"setMaxSegment", "(II)I", (void *)set_max_segment},
};

zc_method_table zc_recv_methods(void) { return ZC_TABLE(methods, ZC_CLASS("Sockets")); }
