/* zc.h — shared declarations for libzcbench: each area file exports its JNI method table here.
 * Natives on hot paths never throw: they retry EINTR and return >= 0 or -errno. */
#ifndef ZC_H
#define ZC_H

#include <jni.h>

#define ZC_NATIVE_CLASS "io/zcbench/harness/nativeio/NativeIo"

typedef struct {
    const JNINativeMethod *methods;
    int count;
} zc_method_table;

zc_method_table zc_fd_methods(void);
zc_method_table zc_splice_methods(void);
zc_method_table zc_cache_methods(void);
zc_method_table zc_socket_methods(void);
zc_method_table zc_counters_methods(void);
zc_method_table zc_twin_methods(void);
zc_method_table zc_cpusplit_methods(void);
zc_method_table zc_zerocopy_methods(void);
zc_method_table zc_uring_methods(void);

/* zc_zerocopy.c, shared with the twins: >= 0 or -errno. */
#include <sys/types.h>
int zc_msgzc_enable(int fd);
ssize_t zc_msgzc_send(int fd, const char *p, size_t len);
int zc_msgzc_reap(int fd, int wait, long long *done);
ssize_t zc_vmsplice(int pipe_write, const char *p, size_t len);

/* Caches class and field ids used by zc_fd.c; returns 0 or -1 with a pending exception. */
int zc_fd_init(JNIEnv *env);

#define ZC_TABLE(arr) ((zc_method_table){ (arr), (int)(sizeof(arr) / sizeof((arr)[0])) })

#endif
