/* zc_progress.c — a connection as the kernel sees it: the bytes a TCP peer acknowledged (`copy`'s progress line, how far a
 * stalled transfer got) and the bytes a sink received (its watchdog's progress),
 * and the state a fork's connection settled in (congestion window, RTT, delivery rate, send buffer), from TCP_INFO
 * (the UAPI struct: glibc's lacks these fields). */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/tcp.h>
#include "zc.h"

/* TCP_INFO of fd into *ti, which must be filled at least up to `need` bytes (older kernels fill less): 0 or -errno. */
static int tcp_info_of(int fd, struct tcp_info *ti, size_t need) {
    memset(ti, 0, sizeof(*ti));
    socklen_t len = sizeof(*ti);
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, ti, &len) != 0) {
        return -errno;
    }
    return len < need ? -EOPNOTSUPP : 0;
}

/* Bytes the peer has acknowledged on this TCP socket since it connected, or -errno. */
static jlong tcp_bytes_acked(JNIEnv *env, jclass unused, jint fd) {
    (void)env;
    (void)unused;
    struct tcp_info ti;
    int rc = tcp_info_of(fd, &ti, offsetof(struct tcp_info, tcpi_bytes_acked) + sizeof(ti.tcpi_bytes_acked));
    return rc < 0 ? rc : (jlong)ti.tcpi_bytes_acked;
}

/* Bytes this TCP socket has received since it connected (the sink's progress, read by its watchdog), or -errno. */
static jlong tcp_bytes_received(JNIEnv *env, jclass unused, jint fd) {
    (void)env;
    (void)unused;
    struct tcp_info ti;
    int rc = tcp_info_of(fd, &ti, offsetof(struct tcp_info, tcpi_bytes_received) + sizeof(ti.tcpi_bytes_received));
    return rc < 0 ? rc : (jlong)ti.tcpi_bytes_received;
}

/* out: [0] snd_cwnd (segments), [1] smoothed RTT (us), [2] delivery rate (B/s), [3] SO_SNDBUF (B), [4] send MSS (B),
 * [5] retransmissions, [6] pacing rate (B/s). 0 or -errno. */
static jint tcp_state(JNIEnv *env, jclass unused, jint fd, jlongArray outArr) {
    (void)unused;
    struct tcp_info ti;
    int rc = tcp_info_of(fd, &ti, offsetof(struct tcp_info, tcpi_delivery_rate) + sizeof(ti.tcpi_delivery_rate));
    if (rc < 0) {
        return rc;
    }
    int sndbuf = 0;
    socklen_t blen = sizeof(sndbuf);
    if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, &blen) != 0) {
        return -errno;
    }
    jlong out[7] = {ti.tcpi_snd_cwnd, ti.tcpi_rtt, (jlong)ti.tcpi_delivery_rate, sndbuf, ti.tcpi_snd_mss,
                    ti.tcpi_total_retrans, (jlong)ti.tcpi_pacing_rate};
    (*env)->SetLongArrayRegion(env, outArr, 0, 7, out);
    return 0;
}

static const JNINativeMethod methods[] = {
    {"tcpBytesAcked", "(I)J", (void *)tcp_bytes_acked},
    {"tcpBytesReceived", "(I)J", (void *)tcp_bytes_received},
    {"tcpState0", "(I[J)I", (void *)tcp_state},
};

zc_method_table zc_progress_methods(void) { return ZC_TABLE(methods, ZC_CLASS("Sockets")); }
