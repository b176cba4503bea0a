/* zc_zerocopy.c — MSG_ZEROCOPY sends with completions from the socket's error queue, and vmsplice(2) of
 * mapped pages into a pipe: the `msg-zerocopy` and `vmsplice` paths and their twins. Hot-path natives
 * retry EINTR and return >= 0 or -errno, never throw. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include "zc.h"

#ifndef SO_ZEROCOPY
#define SO_ZEROCOPY 60
#endif
#ifndef MSG_ZEROCOPY
#define MSG_ZEROCOPY 0x4000000
#endif
#ifndef SO_EE_ORIGIN_ZEROCOPY
#define SO_EE_ORIGIN_ZEROCOPY 5
#endif
#ifndef SO_EE_CODE_ZEROCOPY_COPIED
#define SO_EE_CODE_ZEROCOPY_COPIED 1
#endif

int zc_msgzc_enable(int fd) {
    int one = 1;
    return setsockopt(fd, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof(one)) == 0 ? 0 : -errno;
}

ssize_t zc_msgzc_send(int fd, const char *p, size_t len) {
    ssize_t n;
    do {
        n = send(fd, p, len, MSG_ZEROCOPY);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : n;
}

/* Reads every notification waiting on fd's error queue; with wait, first blocks (poll) until one is there.
 * Adds completed send ids to done[0] and those the kernel copied after all to done[1].
 * Returns notifications read, or -errno (a socket error that is not a zerocopy notification: -ee_errno). */
int zc_msgzc_reap(int fd, int wait, long long *done) {
    int read_any = 0;
    for (;;) {
        char control[256];
        struct msghdr msg;
        memset(&msg, 0, sizeof(msg));
        msg.msg_control = control;
        msg.msg_controllen = sizeof(control);
        ssize_t rc = recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT);
        if (rc < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno != EAGAIN) {
                return -errno;
            }
            if (!wait || read_any > 0) {
                return read_any;
            }
            struct pollfd pfd = {.fd = fd, .events = 0};
            if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
                return -errno;
            }
            continue;
        }
        for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm != NULL; cm = CMSG_NXTHDR(&msg, cm)) {
            if (!((cm->cmsg_level == SOL_IP && cm->cmsg_type == IP_RECVERR)
                  || (cm->cmsg_level == SOL_IPV6 && cm->cmsg_type == IPV6_RECVERR))) {
                continue;
            }
            struct sock_extended_err serr;
            memcpy(&serr, CMSG_DATA(cm), sizeof(serr));
            if (serr.ee_origin != SO_EE_ORIGIN_ZEROCOPY || serr.ee_errno != 0) {
                return -(int)(serr.ee_errno ? serr.ee_errno : EPROTO);
            }
            long long ids = (long long)(unsigned int)(serr.ee_data - serr.ee_info) + 1;
            done[0] += ids;
            if (serr.ee_code & SO_EE_CODE_ZEROCOPY_COPIED) {
                done[1] += ids;
            }
            read_any++;
        }
    }
}

ssize_t zc_vmsplice(int pipe_write, const char *p, size_t len) {
    struct iovec iov = {.iov_base = (void *)p, .iov_len = len};
    ssize_t n;
    do {
        n = vmsplice(pipe_write, &iov, 1, 0);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : n;
}

static jint enable(JNIEnv *env, jclass unused, jint fd) {
    (void)env;
    (void)unused;
    return zc_msgzc_enable(fd);
}

/* One send(MSG_ZEROCOPY); when the socket's option memory is full of sends in flight (ENOBUFS), first waits
 * for completions (added to done as reap does) and sends again. Bytes sent or -errno. */
static jlong send_zc(JNIEnv *env, jclass unused, jint fd, jlong address, jlong len, jlongArray done) {
    (void)unused;
    for (;;) {
        ssize_t n = zc_msgzc_send(fd, (const char *)(intptr_t)address, (size_t)len);
        if (n != -ENOBUFS) {
            return n;
        }
        jlong d[2];
        (*env)->GetLongArrayRegion(env, done, 0, 2, d);
        long long t[2] = {d[0], d[1]};
        int rc = zc_msgzc_reap(fd, 1, t);
        d[0] = t[0];
        d[1] = t[1];
        (*env)->SetLongArrayRegion(env, done, 0, 2, d);
        if (rc < 0) {
            return rc;
        }
    }
}

/* done: [0] completed send ids, [1] of those copied by the kernel; added to. */
static jint reap(JNIEnv *env, jclass unused, jint fd, jboolean wait, jlongArray done) {
    (void)unused;
    jlong d[2];
    (*env)->GetLongArrayRegion(env, done, 0, 2, d);
    long long t[2] = {d[0], d[1]};
    int rc = zc_msgzc_reap(fd, wait, t);
    d[0] = t[0];
    d[1] = t[1];
    (*env)->SetLongArrayRegion(env, done, 0, 2, d);
    return rc;
}

static jlong vmsplice_call(JNIEnv *env, jclass unused, jint pipeWrite, jlong address, jlong len) {
    (void)env;
    (void)unused;
    return zc_vmsplice(pipeWrite, (const char *)(intptr_t)address, (size_t)len);
}

static jlong buffer_address(JNIEnv *env, jclass unused, jobject buffer) {
    (void)unused;
    void *p = (*env)->GetDirectBufferAddress(env, buffer);
    return (jlong)(intptr_t)p;
}

static const JNINativeMethod methods[] = {
    {"enableZerocopy0", "(I)I", (void *)enable},
    {"sendZerocopy0", "(IJJ[J)J", (void *)send_zc},
    {"reapZerocopy0", "(IZ[J)I", (void *)reap},
    {"vmsplice0", "(IJJ)J", (void *)vmsplice_call},
    {"bufferAddress0", "(Ljava/nio/ByteBuffer;)J", (void *)buffer_address},
};

zc_method_table zc_zerocopy_methods(void) { return ZC_TABLE(methods, ZC_CLASS("Zerocopy")); }
