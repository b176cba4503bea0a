/* zc_twin_o_direct.c — o-direct's twin: O_DIRECT pread(2) into the path's aligned buffer, then write(2) it out, or
 * to an O_DIRECT file pwrite(2) in whole blocks (the tail block padded, then the file truncated to size). */
#include "zc_twin.h"

/* Writes n bytes of buf at pos: whole blocks to an O_DIRECT file, else all of them; 0, or -1 with r set. */
static int put(zc_twin_args *a, long long pos, size_t n, zc_twin_result *r) {
    if (a->direct_block <= 0) {
        int rc = zc_write_all(a->out, a->buf, n);
        if (rc < 0) {
            zc_fail(r, "write", -rc);
            return -1;
        }
        return 0;
    }
    size_t block = (size_t)a->direct_block;
    size_t padded = (n + block - 1) / block * block;
    for (size_t done = 0; done < padded;) {
        ssize_t w = pwrite(a->out, a->buf + done, padded - done, (off_t)(pos + (long long)done));
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            zc_fail(r, "pwrite64", w == 0 ? EIO : errno);
            return -1;
        }
        done += (size_t)w - (size_t)w % block; /* a write that ended inside a block: that block again, aligned */
    }
    return 0;
}

#define MAX_STALLS 100

static void o_direct(zc_twin_args *a, zc_twin_result *r) {
    if (a->buf == NULL || a->read_block <= 0) {
        zc_fail(r, "the twin's buffer or block size", EINVAL);
        return;
    }
    int stalls = 0;
    while (r->done < a->size) {
        ssize_t n = pread(a->in, a->buf, (size_t)a->chunk, (off_t)r->done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            zc_fail(r, n == 0 ? "end of file" : "pread64", n == 0 ? 0 : errno);
            return;
        }
        if (r->done + n < a->size) { /* inside the file: only whole blocks, so the next read starts aligned */
            n -= n % a->read_block;
            if (n == 0) {
                if (++stalls > MAX_STALLS) {
                    zc_fail(r, "pread64 (less than a block, again and again)", EIO);
                    return;
                }
                continue;
            }
        }
        stalls = 0;
        if (put(a, r->done, (size_t)n, r) < 0) {
            return;
        }
        r->done += n;
    }
    if (a->direct_block > 0 && a->size % a->direct_block != 0 && ftruncate(a->out, (off_t)a->size) != 0) {
        zc_fail(r, "ftruncate", errno);
    }
}

ZC_TWIN(twin_o_direct, "o-direct", o_direct)
