/* zc_progress.c — how far a transfer has got, as the kernel sees it, for `copy`'s progress line:
 * the bytes a TCP peer acknowledged (TCP_INFO's tcpi_bytes_acked, which glibc's struct lacks). */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/tcp.h>
#include "zc.h"

/* Bytes the peer has acknowledged on this TCP socket since it connected, or -errno. */
static jlong tcp_bytes_acked(JNIEnv *env, jclass unused, jint fd) {
    (void)env;
    (void)unused;
    struct tcp_info ti;
    memset(&ti, 0, sizeof(ti));
    socklen_t len = sizeof(ti);
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0) {
        return -errno;
    }
    if (len < offsetof(struct tcp_info, tcpi_bytes_acked) + sizeof(ti.tcpi_bytes_acked)) {
        return -EOPNOTSUPP;
    }
    return (jlong)ti.tcpi_bytes_acked;
}

static const JNINativeMethod methods[] = {
    {"tcpBytesAcked", "(I)J", (void *)tcp_bytes_acked},
};

zc_method_table zc_progress_methods(void) { return ZC_TABLE(methods); }
