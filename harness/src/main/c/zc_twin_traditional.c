/* zc_twin_traditional.c — traditional's and traditional-heap's twin: read(2) into the path's direct buffer, write(2)
 * it out, per chunk; for the heap buffer also the two user-space copies the JDK makes (IOUtil's temporary buffer). */
#include "zc_twin.h"

static void read_write(zc_twin_args *a, zc_twin_result *r, int heap_copies) {
    if (a->buf == NULL || (heap_copies && (a->heap == NULL || (*a->env)->GetArrayLength(a->env, a->heap) < a->chunk))) {
        zc_fail(r, "the twin's buffers", EINVAL);
        return;
    }
    while (r->done < a->size) {
        size_t want = (size_t)(a->size - r->done < a->chunk ? a->size - r->done : a->chunk);
        ssize_t n = read(a->in, a->buf, want);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            zc_fail(r, n == 0 ? "end of file" : "read", n == 0 ? 0 : errno);
            return;
        }
        if (heap_copies) {
            /* As IOUtil does for a heap ByteBuffer: the temporary direct buffer into the heap array after the read,
             * and the heap array back into it before the write. */
            (*a->env)->SetByteArrayRegion(a->env, a->heap, 0, (jsize)n, (const jbyte *)a->buf);
            (*a->env)->GetByteArrayRegion(a->env, a->heap, 0, (jsize)n, (jbyte *)a->buf);
        }
        int rc = zc_write_all(a->out, a->buf, (size_t)n);
        if (rc < 0) {
            zc_fail(r, "write", -rc);
            return;
        }
        r->done += n;
    }
}

static void traditional(zc_twin_args *a, zc_twin_result *r) { read_write(a, r, 0); }

static void traditional_heap(zc_twin_args *a, zc_twin_result *r) { read_write(a, r, 1); }

ZC_TWIN(twin_traditional, "read-write", traditional)
ZC_TWIN(twin_traditional_heap, "read-copy2-write", traditional_heap)
