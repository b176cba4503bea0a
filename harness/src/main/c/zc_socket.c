/* zc_socket.c — per-socket TCP congestion control (TCP_CONGESTION), which the JDK does not
 * expose; loopback throughput depends on it (bbr vs cubic). */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
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

static const JNINativeMethod methods[] = {
    {"setCongestion", "(ILjava/lang/String;)I", (void *)set_congestion},
    {"congestion", "(I)Ljava/lang/String;", (void *)congestion},
};

zc_method_table zc_socket_methods(void) { return ZC_TABLE(methods); }
