/* zc_twin.h — what a native twin is: one path's whole transfer loop in C, registered by name (as fio's engines
 * register), called with one argument struct filled from the Java path's Twins.TwinArgs. */
#ifndef ZC_TWIN_H
#define ZC_TWIN_H

#include <errno.h>
#include <jni.h>
#include <sys/types.h>
#include <unistd.h>

/* What a twin needs; each loop reads the fields its path fills (the rest keep their defaults). */
typedef struct {
    int in;                  /* the source's descriptor (its O_DIRECT one for o-direct) */
    int out;                 /* the destination's descriptor */
    long long size;          /* bytes to move, from offset 0 */
    int chunk;               /* bytes per call */
    char *buf;               /* the path's direct buffer, or NULL */
    JNIEnv *env;             /* for traditional-heap's JVM copies */
    jbyteArray heap;         /* traditional-heap's heap array, or NULL */
    int pipe_read;           /* the path's pipe, or -1 */
    int pipe_write;
    int direct_block;        /* > 0: the destination is an O_DIRECT file written in whole blocks of this size */
    int read_block;          /* > 0: the source is read in whole blocks of this size (io-uring-direct's O_DIRECT reads) */
    long long ring;          /* an io_uring from zc_uring.c, or 0 */
    long long counts[3];     /* cumulative counts a path keeps across transfers (msg-zerocopy: sends, completed, copied) */
} zc_twin_args;

/* How it went: bytes moved; the call that failed (NULL: none) and its errno (0 with a call: the file ended early). */
typedef struct {
    long long done;
    const char *call;
    int err;
} zc_twin_result;

typedef struct {
    const char *name;        /* the id Java names it by: Twins.twinId("splice") */
    void (*run)(zc_twin_args *a, zc_twin_result *r);
} zc_twin;

/* Registers a twin when libzcbench is loaded (a constructor, as fio's engines register themselves). */
void zc_twin_register(const zc_twin *twin);
#define ZC_TWIN(ident, id, fn)                                                        \
    static const zc_twin ident = {(id), (fn)};                                        \
    __attribute__((constructor)) static void ident##_register(void) { zc_twin_register(&ident); }

/* Records the call that failed and its errno (the loops retry EINTR themselves). */
static inline void zc_fail(zc_twin_result *r, const char *call, int err) {
    r->call = call;
    r->err = err;
}

/* write(2) until every byte is out; 0 or -errno. */
static inline int zc_write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The fields of a Twins.TwinArgs into a; r's outcome back into it (JNI, from zc_twin.c). */
void zc_twin_args_read(JNIEnv *env, jobject args, zc_twin_args *a);
void zc_twin_result_write(JNIEnv *env, jobject args, const zc_twin_result *r);

/* One window of a mapped file moved by a path's own calls from *off until `window` bytes are out; 0, or -1 with r set. */
typedef int (*zc_window_fn)(zc_twin_args *a, const char *map, size_t window, size_t *off, zc_twin_result *r);

/* mmap-write, msg-zerocopy and vmsplice: 1 GiB windows of the mapped source, each moved by fn, then unmapped. */
void zc_mapped_windows(zc_twin_args *a, zc_twin_result *r, zc_window_fn fn);

/* transfer-to and copy-file-range: one kernel call moves what it can from pos; bytes, or -1 with errno. */
typedef ssize_t (*zc_whole_file_fn)(int in, int out, long long pos, size_t len);

/* Calls fn from the file's start until the whole file is moved. */
void zc_whole_file(zc_twin_args *a, zc_twin_result *r, zc_whole_file_fn fn, const char *call);

#endif
