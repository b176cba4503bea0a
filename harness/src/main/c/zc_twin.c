/* zc_twin.c — the native twins: each copy path's whole transfer loop in one JNI call, with the
 * same fds, buffers, chunk and pipe as its Java path, so the JVM's own cost per path is a ratio. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/types.h>
#include <unistd.h>
#include "zc.h"

/* Which loop a twin runs; the Java side reads these through twinKinds(), never retypes them. */
enum {
    TWIN_READ_WRITE = 1,       /* read(in, buf) + write(out, buf) per chunk */
    TWIN_READ_COPY2_WRITE = 2, /* the same, plus the two user-space copies the JDK makes for a heap buffer */
    TWIN_MMAP_WRITE = 3,       /* mmap 1 GiB windows, write(out, mapped) per chunk, munmap */
    TWIN_SENDFILE = 4,         /* sendfile(out, in) until the file is sent */
    TWIN_SPLICE = 5,           /* splice(in -> pipe) + splice(pipe -> out) per chunk */
    TWIN_ODIRECT = 6,          /* O_DIRECT pread into an aligned buffer, then write (or O_DIRECT pwrite) */
    TWIN_COPY_FILE_RANGE = 7,  /* copy_file_range(in, out) until the file is copied */
    TWIN_MSG_ZEROCOPY = 8,     /* mmap 1 GiB windows, send(MSG_ZEROCOPY) per chunk, all completions, munmap */
    TWIN_VMSPLICE = 9,         /* mmap 1 GiB windows, vmsplice(pages -> pipe) + splice(pipe -> out) per chunk */
};

/* Failing call ids, reported in result[1] so Java can name the call. */
enum { CALL_NONE, CALL_READ, CALL_WRITE, CALL_MMAP, CALL_SENDFILE, CALL_SPLICE_IN, CALL_SPLICE_OUT, CALL_PREAD,
       CALL_PWRITE, CALL_FTRUNCATE, CALL_EOF, CALL_MUNMAP, CALL_COPY_FILE_RANGE, CALL_SEND_ZC, CALL_ERRQUEUE,
       CALL_VMSPLICE };

#define WINDOW (1L << 30)

static int write_all(int fd, const char *p, size_t n) {
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

/* After a call inside a twin's loop returned n: retry on EINTR, else record the failing call and stop.
 * (Macros, as the loops' own `continue` and `goto done` are what they stand for.) */
#define TWIN_RETRY_OR_FAIL(n, which)                                                                     \
    if ((n) < 0) {                                                                                        \
        if (errno == EINTR) {                                                                             \
            continue;                                                                                     \
        }                                                                                                 \
        call = (which);                                                                                   \
        err = errno;                                                                                      \
        goto done;                                                                                        \
    }

/* The same for a call that reads the source: 0 bytes means the file ended early. */
#define TWIN_READ_CHECK(n, which)                                                                        \
    TWIN_RETRY_OR_FAIL(n, which)                                                                          \
    if ((n) == 0) {                                                                                       \
        call = CALL_EOF;                                                                                  \
        goto done;                                                                                        \
    }

/* One call of the whole-file twins from offset pos: sendfile(2), or copy_file_range(2) between files. */
static ssize_t whole_file_call(int kind, int in, int out, long long pos, size_t len) {
    if (kind == TWIN_SENDFILE) {
        off_t off = (off_t)pos;
        return sendfile(out, in, &off, len);
    }
    loff_t off = (loff_t)pos;
    return copy_file_range(in, &off, out, NULL, len, 0);
}

/* write(2) from one mapped window, a chunk at a time. Returns 0, or the failing call. */
static int write_window(int out, const char *map, size_t window, int chunk, size_t *off, int *err) {
    while (*off < window) {
        size_t n = window - *off < (size_t)chunk ? window - *off : (size_t)chunk;
        int rc = write_all(out, map + *off, n);
        if (rc < 0) {
            *err = -rc;
            return CALL_WRITE;
        }
        *off += n;
    }
    return CALL_NONE;
}

/* MSG_ZEROCOPY from one mapped window: send per chunk, then wait until every send's completion is in.
 * zc: [0] sends made, [1] ids completed, [2] of them copied (cumulative). Returns 0, or the failing call. */
static int msgzc_window(int out, const char *map, size_t window, int chunk, long long *zc, size_t *off, int *err) {
    while (*off < window) {
        size_t n = window - *off < (size_t)chunk ? window - *off : (size_t)chunk;
        ssize_t w = zc_msgzc_send(out, map + *off, n);
        if (w == -ENOBUFS) { /* too many sends in flight for optmem: wait for completions, then send again */
            int rc = zc_msgzc_reap(out, 1, zc + 1);
            if (rc < 0) {
                *err = -rc;
                return CALL_ERRQUEUE;
            }
            continue;
        }
        if (w < 0) {
            *err = (int)-w;
            return CALL_SEND_ZC;
        }
        zc[0]++;
        *off += (size_t)w;
    }
    while (zc[1] < zc[0]) {
        int rc = zc_msgzc_reap(out, 1, zc + 1);
        if (rc < 0) {
            *err = -rc;
            return CALL_ERRQUEUE;
        }
    }
    return CALL_NONE;
}

/* vmsplice from one mapped window into the pipe and splice on to out, a pipe-full at a time. */
static int vmsplice_window(int out, const char *map, size_t window, int chunk, int pipeRead, int pipeWrite, size_t *off,
                           int *err) {
    while (*off < window) {
        size_t want = window - *off < (size_t)chunk ? window - *off : (size_t)chunk;
        ssize_t n = zc_vmsplice(pipeWrite, map + *off, want);
        if (n < 0) {
            *err = (int)-n;
            return CALL_VMSPLICE;
        }
        unsigned int more = *off + (size_t)n < window ? SPLICE_F_MORE : 0;
        for (ssize_t left = n; left > 0;) {
            ssize_t m = splice(pipeRead, NULL, out, NULL, (size_t)left, SPLICE_F_MOVE | more);
            if (m < 0) {
                if (errno == EINTR) {
                    continue;
                }
                *err = errno;
                return CALL_SPLICE_OUT;
            }
            left -= m;
        }
        *off += (size_t)n;
    }
    return CALL_NONE;
}

/* result: [0] bytes moved, [1] failing call id, [2] errno (0 on success), and for msg-zerocopy [3] sends,
 * [4] completed ids, [5] copied ids (cumulative, read from and written back to result). Returns bytes or -errno. */
static jlong twin(JNIEnv *env, jclass unused, jint kind, jint in, jint out, jlong size, jint chunk,
                  jobject buffer, jbyteArray heap, jint pipeRead, jint pipeWrite, jint alignment,
                  jlongArray result) {
    (void)unused;
    char *buf = buffer ? (*env)->GetDirectBufferAddress(env, buffer) : NULL;
    long long pos = 0;
    int call = CALL_NONE;
    int err = 0;
    if ((kind == TWIN_READ_WRITE || kind == TWIN_READ_COPY2_WRITE || kind == TWIN_ODIRECT) && buf == NULL) {
        err = EINVAL;
        goto done;
    }
    if (kind == TWIN_READ_COPY2_WRITE && (heap == NULL || (*env)->GetArrayLength(env, heap) < chunk)) {
        err = EINVAL;
        goto done;
    }
    switch (kind) {
    case TWIN_READ_WRITE:
    case TWIN_READ_COPY2_WRITE:
        while (pos < size) {
            size_t want = (size_t)(size - pos < chunk ? size - pos : chunk);
            ssize_t n = read(in, buf, want);
            TWIN_READ_CHECK(n, CALL_READ);
            const char *from = buf;
            if (kind == TWIN_READ_COPY2_WRITE) {
                /* As IOUtil does for a heap ByteBuffer: the temporary direct buffer into the path's own
                 * heap array after the read, and the heap array back into it before the write. */
                (*env)->SetByteArrayRegion(env, heap, 0, (jsize)n, (const jbyte *)buf);
                (*env)->GetByteArrayRegion(env, heap, 0, (jsize)n, (jbyte *)buf);
            }
            int rc = write_all(out, from, (size_t)n);
            if (rc < 0) {
                call = CALL_WRITE;
                err = -rc;
                goto done;
            }
            pos += n;
        }
        break;
    case TWIN_SENDFILE:
    case TWIN_COPY_FILE_RANGE:
        while (pos < size) {
            long long left = size - pos;
            size_t len = (size_t)(left < 0x7fffffffLL ? left : 0x7fffffffLL);
            ssize_t n = whole_file_call(kind, in, out, pos, len);
            TWIN_READ_CHECK(n, kind == TWIN_SENDFILE ? CALL_SENDFILE : CALL_COPY_FILE_RANGE);
            pos += n;
        }
        break;
    case TWIN_MMAP_WRITE:
    case TWIN_MSG_ZEROCOPY:
    case TWIN_VMSPLICE: {
        /* 1 GiB windows of the mapped file, each moved a chunk at a time by the kind's own calls, then unmapped. */
        long long zc[3] = {0, 0, 0};
        jlong zcj[3];
        if (kind == TWIN_MSG_ZEROCOPY) {
            (*env)->GetLongArrayRegion(env, result, 3, 3, zcj);
            zc[0] = zcj[0];
            zc[1] = zcj[1];
            zc[2] = zcj[2];
        }
        while (pos < size) {
            size_t window = (size_t)(size - pos < WINDOW ? size - pos : WINDOW);
            char *map = mmap(NULL, window, PROT_READ, MAP_SHARED, in, (off_t)pos);
            if (map == MAP_FAILED) {
                call = CALL_MMAP;
                err = errno;
                break;
            }
            size_t off = 0;
            call = kind == TWIN_MMAP_WRITE ? write_window(out, map, window, chunk, &off, &err)
                   : kind == TWIN_MSG_ZEROCOPY ? msgzc_window(out, map, window, chunk, zc, &off, &err)
                                               : vmsplice_window(out, map, window, chunk, pipeRead, pipeWrite, &off, &err);
            if (munmap(map, window) != 0 && call == CALL_NONE) {
                call = CALL_MUNMAP;
                err = errno;
            }
            pos += (long long)off;
            if (call != CALL_NONE) {
                break;
            }
        }
        if (kind == TWIN_MSG_ZEROCOPY) {
            zcj[0] = zc[0];
            zcj[1] = zc[1];
            zcj[2] = zc[2];
            (*env)->SetLongArrayRegion(env, result, 3, 3, zcj);
        }
        break;
    }
    case TWIN_SPLICE:
        while (pos < size) {
            loff_t off = (loff_t)pos;
            size_t want = (size_t)(size - pos < chunk ? size - pos : chunk);
            ssize_t n = splice(in, &off, pipeWrite, NULL, want, SPLICE_F_MOVE);
            TWIN_READ_CHECK(n, CALL_SPLICE_IN);
            pos += n;
            unsigned int more = pos < size ? SPLICE_F_MORE : 0;
            while (n > 0) {
                ssize_t m = splice(pipeRead, NULL, out, NULL, (size_t)n, SPLICE_F_MOVE | more);
                TWIN_RETRY_OR_FAIL(m, CALL_SPLICE_OUT);
                n -= m;
            }
        }
        break;
    case TWIN_ODIRECT: {
        /* out >= 0 with alignment > 1: an O_DIRECT file written with pwrite at pos (padded tail). */
        int direct_out = alignment > 1;
        while (pos < size) {
            ssize_t n = pread(in, buf, (size_t)chunk, (off_t)pos);
            TWIN_READ_CHECK(n, CALL_PREAD);
            if (direct_out) {
                size_t padded = (size_t)((n + alignment - 1) / alignment * alignment);
                size_t done_w = 0;
                while (done_w < padded) {
                    ssize_t w = pwrite(out, buf + done_w, padded - done_w, (off_t)(pos + (long long)done_w));
                    TWIN_RETRY_OR_FAIL(w, CALL_PWRITE);
                    done_w += (size_t)w;
                }
            } else {
                int rc = write_all(out, buf, (size_t)n);
                if (rc < 0) {
                    call = CALL_WRITE;
                    err = -rc;
                    goto done;
                }
            }
            pos += n;
        }
        if (direct_out && size % alignment != 0 && ftruncate(out, (off_t)size) != 0) {
            call = CALL_FTRUNCATE;
            err = errno;
            goto done;
        }
        break;
    }
    default:
        err = EINVAL;
    }
done:;
    jlong r[3] = {(jlong)pos, call, err};
    (*env)->SetLongArrayRegion(env, result, 0, 3, r);
    return err ? -err : (jlong)pos;
}

/* The twin kinds in declaration order, and the call names for result[1], so Java never retypes them. */
static jintArray twin_kinds(JNIEnv *env, jclass unused) {
    (void)unused;
    jint kinds[] = {TWIN_READ_WRITE, TWIN_READ_COPY2_WRITE, TWIN_MMAP_WRITE, TWIN_SENDFILE, TWIN_SPLICE, TWIN_ODIRECT,
                    TWIN_COPY_FILE_RANGE, TWIN_MSG_ZEROCOPY, TWIN_VMSPLICE};
    const jsize n = (jsize)(sizeof(kinds) / sizeof(kinds[0]));
    jintArray a = (*env)->NewIntArray(env, n);
    if (a != NULL) {
        (*env)->SetIntArrayRegion(env, a, 0, n, kinds);
    }
    return a;
}

static jstring twin_call_name(JNIEnv *env, jclass unused, jint call) {
    (void)unused;
    static const char *names[] = {"none", "read", "write", "mmap", "sendfile", "splice(file->pipe)",
                                  "splice(pipe->dest)", "pread64", "pwrite64", "ftruncate", "end of file", "munmap",
                                  "copy_file_range", "send(MSG_ZEROCOPY)", "recvmsg(MSG_ERRQUEUE)", "vmsplice"};
    const char *n = call >= 0 && call < (jint)(sizeof(names) / sizeof(names[0])) ? names[call] : "unknown call";
    return (*env)->NewStringUTF(env, n);
}

/* One copy_file_range(2) from in at offIn to out at its own position; bytes copied or -errno. */
static jlong copy_range(JNIEnv *env, jclass unused, jint in, jlong offIn, jint out, jlong len) {
    (void)env;
    (void)unused;
    loff_t off = (loff_t)offIn;
    ssize_t n;
    do {
        n = copy_file_range(in, &off, out, NULL, (size_t)len, 0);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : (jlong)n;
}

static const JNINativeMethod methods[] = {
    {"copyFileRange0", "(IJIJ)J", (void *)copy_range},
    {"twin0", "(IIIJILjava/nio/ByteBuffer;[BIII[J)J", (void *)twin},
    {"twinKinds0", "()[I", (void *)twin_kinds},
    {"twinCallName0", "(I)Ljava/lang/String;", (void *)twin_call_name},
};

zc_method_table zc_twin_methods(void) { return ZC_TABLE(methods); }
