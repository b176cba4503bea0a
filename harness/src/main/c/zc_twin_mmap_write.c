/* zc_twin_mmap_write.c — mmap-write's twin: write(2) from 1 GiB windows of the mapped file, a chunk at a time. */
#include "zc_twin.h"

static int write_window(zc_twin_args *a, const char *map, size_t window, size_t *off, zc_twin_result *r) {
    while (*off < window) {
        size_t n = window - *off < (size_t)a->chunk ? window - *off : (size_t)a->chunk;
        int rc = zc_write_all(a->out, map + *off, n);
        if (rc < 0) {
            zc_fail(r, "write", -rc);
            return -1;
        }
        *off += n;
    }
    return 0;
}

static void mmap_write(zc_twin_args *a, zc_twin_result *r) { zc_mapped_windows(a, r, write_window); }

ZC_TWIN(twin_mmap_write, "mmap-write", mmap_write)
