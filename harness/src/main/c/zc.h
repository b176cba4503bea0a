/* zc.h — shared declarations for libzcbench: each area file exports its JNI method table here.
 * Natives on hot paths never throw: they retry EINTR and return >= 0 or -errno. */
#ifndef ZC_H
#define ZC_H

#include <jni.h>

/* The Java class of an area's natives, in io.zcbench.harness.nativeio (Fds, Pipes, Sockets, ...). */
#define ZC_CLASS(name) "io/zcbench/harness/nativeio/" name

/* An area's natives and the Java class they belong to, registered by JNI_OnLoad. */
typedef struct {
    const JNINativeMethod *methods;
    int count;
    const char *cls;
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
zc_method_table zc_ledger_methods(void);
zc_method_table zc_progress_methods(void);
zc_method_table zc_recv_methods(void);
zc_method_table zc_recv_uring_methods(void);

/* zc_zerocopy.c, shared with the twins: >= 0 or -errno. */
#include <sys/types.h>
int zc_msgzc_enable(int fd);
ssize_t zc_msgzc_send(int fd, const char *p, size_t len);
int zc_msgzc_reap(int fd, int wait, long long *done);
ssize_t zc_vmsplice(int pipe_write, const char *p, size_t len);

/* Caches class and field ids used by zc_fd.c and zc_twin.c; return 0 or -1 with a pending exception. */
int zc_fd_init(JNIEnv *env);
int zc_twin_init(JNIEnv *env);

/* Copies n bytes at ring offset off out of a perf ring's data area (data_len bytes after its first page),
 * wrapping at its end: the one reader of perf rings for the CPU split and the copy ledger. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
static inline void zc_ring_read(const void *ring, size_t ring_len, size_t data_len, uint64_t off, void *dst, size_t n) {
    const char *data = (const char *)ring + (ring_len - data_len);
    size_t at = (size_t)(off % data_len);
    size_t first = data_len - at < n ? data_len - at : n;
    memcpy(dst, data + at, first);
    if (first < n) {
        memcpy((char *)dst + first, data, n - first);
    }
}

#define ZC_TABLE(arr, cls) ((zc_method_table){ (arr), (int)(sizeof(arr) / sizeof((arr)[0])), (cls) })

#endif
