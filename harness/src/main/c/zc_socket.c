/* zc_socket.c — per-socket TCP congestion control (TCP_CONGESTION), which the JDK does not
 * expose, and NIC offload flags through SIOCETHTOOL (what `ethtool -k` shows) for env.json. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "zc.h"

static jint set_congestion(JNIEnv *env, jclass unused, jint fd, jstring algo) {
    (void)unused;
    const char *name = (*env)->GetStringUTFChars(env, algo, NULL);
    if (name == NULL) {
        return -ENOMEM;
    }
    int rc = setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, (socklen_t)strlen(name));
    int err = errno;
    (*env)->ReleaseStringUTFChars(env, algo, name);
    return rc == 0 ? 0 : -err;
}

/* The socket's congestion control name, or null when getsockopt fails. */
static jstring congestion(JNIEnv *env, jclass unused, jint fd) {
    (void)unused;
    char name[64] = {0};
    socklen_t len = sizeof(name) - 1;
    if (getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, &len) != 0) {
        return NULL;
    }
    return (*env)->NewStringUTF(env, name);
}

/* Offloads of one interface into out: scatter-gather, TSO, GSO, GRO, tx checksum, rx checksum;
 * each 0/1, or -errno when the driver does not answer that query. Returns 0 or -errno. */
static jint ethtool_offloads(JNIEnv *env, jclass unused, jstring ifname, jintArray out) {
    (void)unused;
    static const unsigned int cmds[] = {ETHTOOL_GSG, ETHTOOL_GTSO, ETHTOOL_GGSO, ETHTOOL_GGRO,
                                        ETHTOOL_GTXCSUM, ETHTOOL_GRXCSUM};
    const int n = (int)(sizeof(cmds) / sizeof(cmds[0]));
    if ((*env)->GetArrayLength(env, out) < n) {
        return -ENOBUFS;
    }
    const char *name = (*env)->GetStringUTFChars(env, ifname, NULL);
    if (name == NULL) {
        return -ENOMEM;
    }
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) {
        int err = errno;
        (*env)->ReleaseStringUTFChars(env, ifname, name);
        return -err;
    }
    jint values[6];
    for (int i = 0; i < n; i++) {
        struct ethtool_value ev = {.cmd = cmds[i], .data = 0};
        struct ifreq ifr;
        memset(&ifr, 0, sizeof(ifr));
        strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
        ifr.ifr_data = (char *)&ev;
        values[i] = ioctl(sock, SIOCETHTOOL, &ifr) == 0 ? (ev.data ? 1 : 0) : -errno;
    }
    close(sock);
    (*env)->ReleaseStringUTFChars(env, ifname, name);
    (*env)->SetIntArrayRegion(env, out, 0, n, values);
    return 0;
}

/* The driver name (ETHTOOL_GDRVINFO, what `ethtool -i` shows), or null when the device has none. */
static jstring ethtool_driver(JNIEnv *env, jclass unused, jstring ifname) {
    (void)unused;
    const char *name = (*env)->GetStringUTFChars(env, ifname, NULL);
    if (name == NULL) {
        return NULL;
    }
    struct ethtool_drvinfo info;
    memset(&info, 0, sizeof(info));
    info.cmd = ETHTOOL_GDRVINFO;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    (*env)->ReleaseStringUTFChars(env, ifname, name);
    ifr.ifr_data = (char *)&info;
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) {
        return NULL;
    }
    int rc = ioctl(sock, SIOCETHTOOL, &ifr);
    close(sock);
    if (rc != 0 || info.driver[0] == '\0') {
        return NULL;
    }
    info.driver[sizeof(info.driver) - 1] = '\0';
    return (*env)->NewStringUTF(env, info.driver);
}

/* Aborts a TCP connection without closing its descriptor: connect(AF_UNSPEC) disconnects it (tcp_disconnect: a reset
 * to the peer, the send queue purged), so what waits on it wakes with an error and zero-copy sends still queued are
 * released, their notifications posted. For a peer that stalled: a shutdown alone leaves the queued data waiting for
 * acknowledgements that never come. 0 or -errno. */
static jint abort_connection(JNIEnv *env, jclass unused, jint fd) {
    (void)env;
    (void)unused;
    struct sockaddr sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_family = AF_UNSPEC;
    return connect(fd, &sa, sizeof(sa)) == 0 ? 0 : -errno;
}

static const JNINativeMethod methods[] = {
    {"abortConnection", "(I)I", (void *)abort_connection},
    {"setCongestion", "(ILjava/lang/String;)I", (void *)set_congestion},
    {"congestion", "(I)Ljava/lang/String;", (void *)congestion},
    {"ethtoolOffloads", "(Ljava/lang/String;[I)I", (void *)ethtool_offloads},
    {"ethtoolDriver", "(Ljava/lang/String;)Ljava/lang/String;", (void *)ethtool_driver},
};

zc_method_table zc_socket_methods(void) { return ZC_TABLE(methods, ZC_CLASS("Sockets")); }
