/* zc_twin_sendfile.c — transfer-to's twin: sendfile(2) until the file is sent (what FileChannel.transferTo calls). */
#define _GNU_SOURCE
#include <sys/sendfile.h>
#include "zc_twin.h"

static ssize_t one_sendfile(int in, int out, long long pos, size_t len) {
    off_t off = (off_t)pos;
    return sendfile(out, in, &off, len);
}

static void sendfile_twin(zc_twin_args *a, zc_twin_result *r) { zc_whole_file(a, r, one_sendfile, "sendfile"); }

ZC_TWIN(twin_sendfile, "sendfile", sendfile_twin)
