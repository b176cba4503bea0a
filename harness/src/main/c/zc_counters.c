/* zc_counters.c — per-thread cost counters: perf_event_open groups on the calling thread
 * (software events, tracepoints, optional hardware cycles) and getrusage(RUSAGE_THREAD). */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "zc.h"

#define ZC_EXCLUDE_USER 1
#define ZC_EXCLUDE_KERNEL 2
#define ZC_EXCLUDE_HV 4
#define ZC_MAX_GROUP 96

/* Opens one counter on the calling thread (pid 0, any CPU); groupFd -1 makes a leader, which
 * starts disabled (members follow their leader): windows enable the group only while counting.
 * Every counter reads as a group: nr, time_enabled, time_running, values in open order. */
static jint perf_open(JNIEnv *env, jclass unused, jint type, jlong config, jint groupFd, jint flags) {
    (void)env;
    (void)unused;
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.size = sizeof(attr);
    attr.type = (unsigned int)type;
    attr.config = (unsigned long long)config;
    attr.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    attr.disabled = groupFd < 0 ? 1 : 0;
    attr.inherit = 0;
    attr.exclude_user = (flags & ZC_EXCLUDE_USER) ? 1 : 0;
    attr.exclude_kernel = (flags & ZC_EXCLUDE_KERNEL) ? 1 : 0;
    attr.exclude_hv = (flags & ZC_EXCLUDE_HV) ? 1 : 0;
    long fd = syscall(SYS_perf_event_open, &attr, 0, -1, groupFd, PERF_FLAG_FD_CLOEXEC);
    return fd < 0 ? -errno : (jint)fd;
}

/* Tracepoint filter, e.g. "prev_state != 0" on sched:sched_switch. */
static jint perf_set_filter(JNIEnv *env, jclass unused, jint fd, jstring filter) {
    (void)unused;
    const char *text = (*env)->GetStringUTFChars(env, filter, NULL);
    if (text == NULL) {
        return -ENOMEM;
    }
    int rc = ioctl(fd, PERF_EVENT_IOC_SET_FILTER, text);
    int err = errno;
    (*env)->ReleaseStringUTFChars(env, filter, text);
    return rc == 0 ? 0 : -err;
}

/* One read(2) of the whole group into out: [nr, enabled, running, v0 .. v(nr-1)].
 * Returns the number of longs written or -errno. No allocation, no exception. */
static jint perf_read_group(JNIEnv *env, jclass unused, jint leaderFd, jlongArray out) {
    (void)unused;
    unsigned long long buf[ZC_MAX_GROUP + 3];
    ssize_t n;
    do {
        n = read(leaderFd, buf, sizeof(buf));
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return -errno;
    }
    jsize words = (jsize)(n / (ssize_t)sizeof(buf[0]));
    jsize cap = (*env)->GetArrayLength(env, out);
    if (words > cap) {
        return -ENOBUFS;
    }
    (*env)->SetLongArrayRegion(env, out, 0, words, (const jlong *)buf);
    return words;
}

/* PERF_EVENT_IOC_ENABLE / DISABLE of a whole group. A disabled per-task event costs a traced
 * syscall almost nothing, so counting can be switched on for the operations that are counted. */
static jint perf_enable(JNIEnv *env, jclass unused, jint leaderFd, jboolean on) {
    (void)env;
    (void)unused;
    int rc = ioctl(leaderFd, on ? PERF_EVENT_IOC_ENABLE : PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
    return rc == 0 ? 0 : -errno;
}

/* getrusage(RUSAGE_THREAD) into out: utime ns, stime ns, minflt, majflt, nvcsw, nivcsw. */
static jint rusage_thread(JNIEnv *env, jclass unused, jlongArray out) {
    (void)unused;
    struct rusage ru;
    if (getrusage(RUSAGE_THREAD, &ru) != 0) {
        return -errno;
    }
    jlong v[6];
    v[0] = (jlong)ru.ru_utime.tv_sec * 1000000000LL + (jlong)ru.ru_utime.tv_usec * 1000LL;
    v[1] = (jlong)ru.ru_stime.tv_sec * 1000000000LL + (jlong)ru.ru_stime.tv_usec * 1000LL;
    v[2] = ru.ru_minflt;
    v[3] = ru.ru_majflt;
    v[4] = ru.ru_nvcsw;
    v[5] = ru.ru_nivcsw;
    (*env)->SetLongArrayRegion(env, out, 0, 6, v);
    return 6;
}

static const JNINativeMethod methods[] = {
    {"perfOpen", "(IJII)I", (void *)perf_open},
    {"perfSetFilter", "(ILjava/lang/String;)I", (void *)perf_set_filter},
    {"perfReadGroup", "(I[J)I", (void *)perf_read_group},
    {"perfEnable", "(IZ)I", (void *)perf_enable},
    {"rusageThread", "([J)I", (void *)rusage_thread},
};

zc_method_table zc_counters_methods(void) { return ZC_TABLE(methods, ZC_CLASS("Perf")); }
