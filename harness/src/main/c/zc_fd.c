/* zc_fd.c — file descriptors behind JDK channels, errno text, thread id and page size.
 * JNI reads the JDK's private `fd` fields directly, so no --add-opens is needed. */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "zc.h"

static jclass fd_class;       /* java.io.FileDescriptor */
static jfieldID fd_int_field; /* FileDescriptor.fd */

int zc_fd_init(JNIEnv *env) {
    jclass local = (*env)->FindClass(env, "java/io/FileDescriptor");
    if (local == NULL) {
        return -1;
    }
    fd_class = (*env)->NewGlobalRef(env, local);
    fd_int_field = (*env)->GetFieldID(env, local, "fd", "I");
    return (fd_class == NULL || fd_int_field == NULL) ? -1 : 0;
}

/* Returns the fd behind a FileDescriptor, or a channel holding one in a field named `fd`
 * (FileChannelImpl, SocketChannelImpl, ServerSocketChannelImpl); -EBADF when there is none. */
static jint fd_of(JNIEnv *env, jclass unused, jobject obj) {
    (void)unused;
    if (obj == NULL) {
        return -EBADF;
    }
    jobject descriptor = obj;
    if (!(*env)->IsInstanceOf(env, obj, fd_class)) {
        jclass cls = (*env)->GetObjectClass(env, obj);
        jfieldID fid = (*env)->GetFieldID(env, cls, "fd", "Ljava/io/FileDescriptor;");
        if (fid == NULL) {
            (*env)->ExceptionClear(env);
            return -EBADF;
        }
        descriptor = (*env)->GetObjectField(env, obj, fid);
        if (descriptor == NULL) {
            return -EBADF;
        }
    }
    jint fd = (*env)->GetIntField(env, descriptor, fd_int_field);
    return fd < 0 ? -EBADF : fd;
}

static jstring errno_text(JNIEnv *env, jclass unused, jint err) {
    (void)unused;
    char buf[160];
    const char *name = NULL;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
    name = strerrorname_np(err);
#endif
    char msg[128];
    const char *text = strerror_r(err, msg, sizeof(msg));
    if (name != NULL) {
        snprintf(buf, sizeof(buf), "%s (%s)", name, text);
    } else {
        snprintf(buf, sizeof(buf), "errno %d (%s)", err, text);
    }
    return (*env)->NewStringUTF(env, buf);
}

static jint zc_gettid(JNIEnv *env, jclass unused) {
    (void)env;
    (void)unused;
    return (jint)syscall(SYS_gettid);
}

static jint page_size(JNIEnv *env, jclass unused) {
    (void)env;
    (void)unused;
    return (jint)sysconf(_SC_PAGESIZE);
}

static jint zc_close(JNIEnv *env, jclass unused, jint fd) {
    (void)env;
    (void)unused;
    /* close() is not retried on EINTR: on Linux the fd is gone either way. */
    return close(fd) == 0 ? 0 : -errno;
}

static jint open_flags(JNIEnv *env, jclass unused, jint fd) {
    (void)env;
    (void)unused;
    int flags = fcntl(fd, F_GETFL);
    return flags < 0 ? -errno : flags;
}

/* F_SETFL: the file status flags Linux lets change (O_NONBLOCK, O_APPEND...); returns 0 or -errno. */
static jint set_open_flags(JNIEnv *env, jclass unused, jint fd, jint flags) {
    (void)env;
    (void)unused;
    return fcntl(fd, F_SETFL, flags) == 0 ? 0 : -errno;
}

/* poll(2) until fd can take more bytes (POLLOUT): what a loop on a non-blocking socket does when a call returned
 * EAGAIN; blocks the calling thread (a virtual thread's carrier, in native code). 0, or -errno. */
static jint wait_writable(JNIEnv *env, jclass unused, jint fd) {
    (void)env;
    (void)unused;
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    int rc;
    do {
        rc = poll(&p, 1, -1);
    } while (rc < 0 && errno == EINTR);
    return rc < 0 ? -errno : 0;
}

/* A second descriptor for fd's open file, close-on-exec; -errno on failure. */
static jint zc_dup(JNIEnv *env, jclass unused, jint fd) {
    (void)env;
    (void)unused;
    int d = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    return d < 0 ? -errno : d;
}

static jint o_direct_flag(JNIEnv *env, jclass unused) {
    (void)env;
    (void)unused;
    return O_DIRECT;
}

/* A set holding one CPU; -EINVAL when the number is out of range. */
static int one_cpu(jint cpu, cpu_set_t *set) {
    if (cpu < 0 || cpu >= CPU_SETSIZE) {
        return -EINVAL;
    }
    CPU_ZERO(set);
    CPU_SET(cpu, set);
    return 0;
}

/* Pins the calling thread to one CPU (sched_setaffinity on this thread only). */
static jint pin_this_thread(JNIEnv *env, jclass unused, jint cpu) {
    (void)env;
    (void)unused;
    cpu_set_t set;
    if (one_cpu(cpu, &set) != 0) {
        return -EINVAL;
    }
    return sched_setaffinity(0, sizeof(set), &set) == 0 ? 0 : -errno;
}

/* Pins every thread of this process to one CPU (threads started later inherit it from their
 * creator). Returns the number of threads pinned, or -errno. */
static jint pin_all_threads(JNIEnv *env, jclass unused, jint cpu) {
    (void)env;
    (void)unused;
    cpu_set_t set;
    if (one_cpu(cpu, &set) != 0) {
        return -EINVAL;
    }
    DIR *d = opendir("/proc/self/task");
    if (d == NULL) {
        return -errno;
    }
    int pinned = 0;
    int err = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        pid_t tid = (pid_t)strtol(e->d_name, NULL, 10);
        if (sched_setaffinity(tid, sizeof(set), &set) == 0) {
            pinned++;
        } else if (errno != ESRCH) {
            err = errno;
        }
    }
    closedir(d);
    return err != 0 && pinned == 0 ? -err : pinned;
}

/* A read lease on fd (F_SETLEASE F_RDLCK), or its release (read = false). The lease-break signal is set
 * to SIGRTMAX and ignored: the JVM has no handler for SIGIO, whose default would end the process; the
 * holder notices a break by polling lease_broken(). Returns 0 or -errno. */
static jint set_read_lease(JNIEnv *env, jclass unused, jint fd, jboolean read) {
    (void)env;
    (void)unused;
    if (read) {
        struct sigaction ign;
        memset(&ign, 0, sizeof(ign));
        ign.sa_handler = SIG_IGN;
        if (sigaction(SIGRTMAX, &ign, NULL) != 0 || fcntl(fd, F_SETSIG, SIGRTMAX) != 0) {
            return -errno;
        }
    }
    return fcntl(fd, F_SETLEASE, read ? F_RDLCK : F_UNLCK) == 0 ? 0 : -errno;
}

/* 1 when a writer is waiting for the read lease on fd to go (the kernel reports the break's target,
 * F_UNLCK, while it is pending), 0 while the lease holds, -errno on failure. */
static jint lease_broken(JNIEnv *env, jclass unused, jint fd) {
    (void)env;
    (void)unused;
    int t = fcntl(fd, F_GETLEASE);
    return t < 0 ? -errno : t == F_RDLCK ? 0 : 1;
}

static const JNINativeMethod methods[] = {
    {"setReadLease", "(IZ)I", (void *)set_read_lease},
    {"leaseBroken", "(I)I", (void *)lease_broken},
    {"fdOf", "(Ljava/lang/Object;)I", (void *)fd_of},
    {"errnoText", "(I)Ljava/lang/String;", (void *)errno_text},
    {"gettid", "()I", (void *)zc_gettid},
    {"pageSize", "()I", (void *)page_size},
    {"close", "(I)I", (void *)zc_close},
    {"openFlags", "(I)I", (void *)open_flags},
    {"setOpenFlags", "(II)I", (void *)set_open_flags},
    {"dup", "(I)I", (void *)zc_dup},
    {"waitWritable", "(I)I", (void *)wait_writable},
    {"oDirectFlag", "()I", (void *)o_direct_flag},
    {"pinThisThread", "(I)I", (void *)pin_this_thread},
    {"pinAllThreads", "(I)I", (void *)pin_all_threads},
};

zc_method_table zc_fd_methods(void) { return ZC_TABLE(methods, ZC_CLASS("Fds")); }
