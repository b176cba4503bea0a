/* zc_twin_copy_file_range.c — copy-file-range's twin: copy_file_range(2) between the files until all is copied. */
#define _GNU_SOURCE
#include <fcntl.h>
#include "zc_twin.h"

static ssize_t one_copy(int in, int out, long long pos, size_t len) {
    loff_t off = (loff_t)pos;
    return copy_file_range(in, &off, out, NULL, len, 0);
}

static void copy_file_range_twin(zc_twin_args *a, zc_twin_result *r) { zc_whole_file(a, r, one_copy, "copy_file_range"); }

ZC_TWIN(twin_copy_file_range, "copy-file-range", copy_file_range_twin)
