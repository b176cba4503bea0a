/* zc_splice.c — pipes and splice(2) for the `splice` path and the sink's splice drain.
 * Hot path: splice() retries EINTR and returns bytes moved or -errno, never throws. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>
#include "zc.h"

/* Returns (readFd << 32) | writeFd, or -errno. */
static jlong zc_pipe(JNIEnv *env, jclass unused) {
    (void)env;
    (void)unused;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        return -errno;
    }
    return ((jlong)fds[0] << 32) | (jlong)(unsigned int)fds[1];
}

/* F_SETPIPE_SZ: the kernel rounds up to a power-of-two number of pages; returns the size set. */
static jint set_pipe_size(JNIEnv *env, jclass unused, jint fd, jint size) {
    (void)env;
    (void)unused;
    int rc = fcntl(fd, F_SETPIPE_SZ, size);
    return rc < 0 ? -errno : rc;
}

static jint pipe_size(JNIEnv *env, jclass unused, jint fd) {
    (void)env;
    (void)unused;
    int rc = fcntl(fd, F_GETPIPE_SZ);
    return rc < 0 ? -errno : rc;
}

/* offIn/offOut < 0 mean "use and advance the fd's own position" (NULL offset). */
static jlong zc_splice(JNIEnv *env, jclass unused, jint fdIn, jlong offIn, jint fdOut, jlong offOut,
                       jlong len, jint flags) {
    (void)env;
    (void)unused;
    off64_t in = (off64_t)offIn;
    off64_t out = (off64_t)offOut;
    ssize_t n;
    do {
        n = splice(fdIn, offIn < 0 ? NULL : &in, fdOut, offOut < 0 ? NULL : &out, (size_t)len,
                   (unsigned int)flags);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : (jlong)n;
}

static jint open_dev_null(JNIEnv *env, jclass unused) {
    (void)env;
    (void)unused;
    int fd;
    do {
        fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    return fd < 0 ? -errno : fd;
}

static const JNINativeMethod methods[] = {
    {"pipe", "()J", (void *)zc_pipe},
    {"setPipeSize", "(II)I", (void *)set_pipe_size},
    {"pipeSize", "(I)I", (void *)pipe_size},
    {"splice", "(IJIJJI)J", (void *)zc_splice},
    {"openDevNull", "()I", (void *)open_dev_null},
};

zc_method_table zc_splice_methods(void) { return ZC_TABLE(methods, ZC_CLASS("Pipes")); }
