/* zc_cache.c — page-cache control and inspection: posix_fadvise to evict, mincore to count
 * resident pages (mapping a file for mincore does not fault its pages in). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "zc.h"

static jint zc_fadvise(JNIEnv *env, jclass unused, jint fd, jlong offset, jlong len, jint advice) {
    (void)env;
    (void)unused;
    int rc;
    do {
        rc = posix_fadvise(fd, (off_t)offset, (off_t)len, advice);
    } while (rc == EINTR);
    return rc == 0 ? 0 : -rc; /* posix_fadvise returns the error number itself */
}

/* Number of pages of [0, length) resident in the page cache, or -errno. */
static jlong resident_pages(JNIEnv *env, jclass unused, jint fd, jlong length) {
    (void)env;
    (void)unused;
    if (length <= 0) {
        return 0;
    }
    long page = sysconf(_SC_PAGESIZE);
    size_t pages = (size_t)((length + page - 1) / page);
    void *addr = mmap(NULL, (size_t)length, PROT_READ, MAP_SHARED, fd, 0);
    if (addr == MAP_FAILED) {
        return -errno;
    }
    unsigned char *vec = malloc(pages);
    if (vec == NULL) {
        munmap(addr, (size_t)length);
        return -ENOMEM;
    }
    jlong result;
    if (mincore(addr, (size_t)length, vec) != 0) {
        result = -errno;
    } else {
        result = 0;
        for (size_t i = 0; i < pages; i++) {
            result += vec[i] & 1;
        }
    }
    free(vec);
    munmap(addr, (size_t)length);
    return result;
}

static const JNINativeMethod methods[] = {
    {"fadvise", "(IJJI)I", (void *)zc_fadvise},
    {"residentPages", "(IJ)J", (void *)resident_pages},
};

zc_method_table zc_cache_methods(void) { return ZC_TABLE(methods, ZC_CLASS("Cache")); }
