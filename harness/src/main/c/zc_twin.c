/* zc_twin.c — the registry of native twins (each path's loop lives in its own zc_twin_*.c and registers itself),
 * the JNI entry that fills the argument struct from Twins.TwinArgs, and the loops several twins share. */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include "zc.h"
#include "zc_twin.h"

#define MAX_TWINS 32
#define WINDOW (1L << 30)

static const zc_twin *twins[MAX_TWINS];
static int twin_count;

void zc_twin_register(const zc_twin *twin) {
    if (twin_count < MAX_TWINS) {
        twins[twin_count++] = twin;
    }
}

/* Twins.TwinArgs's fields, looked up once. */
static struct {
    jfieldID in, out, size, chunk, buffer, heap, pipe_read, pipe_write, direct_block, read_block, ring, counts, done, call, err;
} f;

int zc_twin_init(JNIEnv *env) {
    jclass c = (*env)->FindClass(env, ZC_CLASS("Twins") "$TwinArgs");
    if (c == NULL) {
        return -1;
    }
    f.in = (*env)->GetFieldID(env, c, "in", "I");
    f.out = (*env)->GetFieldID(env, c, "out", "I");
    f.size = (*env)->GetFieldID(env, c, "size", "J");
    f.chunk = (*env)->GetFieldID(env, c, "chunk", "I");
    f.buffer = (*env)->GetFieldID(env, c, "buffer", "Ljava/nio/ByteBuffer;");
    f.heap = (*env)->GetFieldID(env, c, "heap", "[B");
    f.pipe_read = (*env)->GetFieldID(env, c, "pipeRead", "I");
    f.pipe_write = (*env)->GetFieldID(env, c, "pipeWrite", "I");
    f.direct_block = (*env)->GetFieldID(env, c, "directBlock", "I");
    f.read_block = (*env)->GetFieldID(env, c, "readBlock", "I");
    f.ring = (*env)->GetFieldID(env, c, "ring", "J");
    f.counts = (*env)->GetFieldID(env, c, "counts", "[J");
    f.done = (*env)->GetFieldID(env, c, "done", "J");
    f.call = (*env)->GetFieldID(env, c, "failedCall", "Ljava/lang/String;");
    f.err = (*env)->GetFieldID(env, c, "errno", "I");
    return f.err == NULL ? -1 : 0;
}

/* The twin named `name`'s id, or -1. */
static jint twin_id(JNIEnv *env, jclass unused, jstring name) {
    (void)unused;
    const char *n = (*env)->GetStringUTFChars(env, name, NULL);
    jint id = -1;
    for (int i = 0; n != NULL && i < twin_count; i++) {
        if (strcmp(twins[i]->name, n) == 0) {
            id = i;
        }
    }
    if (n != NULL) {
        (*env)->ReleaseStringUTFChars(env, name, n);
    }
    return id;
}

void zc_twin_args_read(JNIEnv *env, jobject args, zc_twin_args *a) {
    memset(a, 0, sizeof(*a));
    a->env = env;
    a->in = (*env)->GetIntField(env, args, f.in);
    a->out = (*env)->GetIntField(env, args, f.out);
    a->size = (*env)->GetLongField(env, args, f.size);
    a->chunk = (*env)->GetIntField(env, args, f.chunk);
    jobject buffer = (*env)->GetObjectField(env, args, f.buffer);
    a->buf = buffer ? (*env)->GetDirectBufferAddress(env, buffer) : NULL;
    a->heap = (*env)->GetObjectField(env, args, f.heap);
    a->pipe_read = (*env)->GetIntField(env, args, f.pipe_read);
    a->pipe_write = (*env)->GetIntField(env, args, f.pipe_write);
    a->direct_block = (*env)->GetIntField(env, args, f.direct_block);
    a->read_block = (*env)->GetIntField(env, args, f.read_block);
    a->ring = (*env)->GetLongField(env, args, f.ring);
    jlongArray counts = (*env)->GetObjectField(env, args, f.counts);
    (*env)->GetLongArrayRegion(env, counts, 0, 3, (jlong *)a->counts);
}

void zc_twin_result_write(JNIEnv *env, jobject args, const zc_twin_result *r) {
    (*env)->SetLongField(env, args, f.done, r->done);
    (*env)->SetIntField(env, args, f.err, r->err);
    (*env)->SetObjectField(env, args, f.call, r->call ? (*env)->NewStringUTF(env, r->call) : NULL);
}

/* Runs twin `id` with the arguments in `args` (a Twins.TwinArgs); writes done, failedCall and errno back.
 * Returns the bytes moved, or -errno (-EIO when a call failed without an errno: the file ended early). */
static jlong twin_run(JNIEnv *env, jclass unused, jint id, jobject args) {
    (void)unused;
    zc_twin_args a;
    zc_twin_args_read(env, args, &a);
    zc_twin_result r = {0, NULL, 0};
    if (id < 0 || id >= twin_count) {
        zc_fail(&r, "no such native twin", EINVAL);
    } else {
        twins[id]->run(&a, &r);
    }
    jlongArray counts = (*env)->GetObjectField(env, args, f.counts);
    (*env)->SetLongArrayRegion(env, counts, 0, 3, (const jlong *)a.counts);
    zc_twin_result_write(env, args, &r);
    return r.call ? -(r.err ? r.err : EIO) : (jlong)r.done;
}

void zc_mapped_windows(zc_twin_args *a, zc_twin_result *r, zc_window_fn fn) {
    while (r->done < a->size) {
        size_t window = (size_t)(a->size - r->done < WINDOW ? a->size - r->done : WINDOW);
        char *map = mmap(NULL, window, PROT_READ, MAP_SHARED, a->in, (off_t)r->done);
        if (map == MAP_FAILED) {
            zc_fail(r, "mmap", errno);
            return;
        }
        size_t off = 0;
        int failed = fn(a, map, window, &off, r);
        if (munmap(map, window) != 0 && !failed) {
            zc_fail(r, "munmap", errno);
            failed = 1;
        }
        r->done += (long long)off;
        if (failed) {
            return;
        }
    }
}

void zc_whole_file(zc_twin_args *a, zc_twin_result *r, zc_whole_file_fn fn, const char *call) {
    while (r->done < a->size) {
        long long left = a->size - r->done;
        ssize_t n = fn(a->in, a->out, r->done, (size_t)(left < 0x7fffffffLL ? left : 0x7fffffffLL));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            zc_fail(r, n == 0 ? "end of file" : call, n == 0 ? 0 : errno);
            return;
        }
        r->done += n;
    }
}

/* One copy_file_range(2) from in at offIn to out at its own position; bytes copied or -errno (the Java path's). */
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
    {"twinId0", "(Ljava/lang/String;)I", (void *)twin_id},
    {"twinRun0", "(ILio/zcbench/harness/nativeio/Twins$TwinArgs;)J", (void *)twin_run},
};

zc_method_table zc_twin_methods(void) { return ZC_TABLE(methods, ZC_CLASS("Twins")); }
