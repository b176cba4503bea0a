/* zc_jni.c — JNI_OnLoad: registers every native of NativeIo from the area tables, once.
 * Only JNI_OnLoad is exported; everything else is hidden (-fvisibility=hidden). */
#include <stdlib.h>
#include <string.h>
#include "zc.h"

JNIEXPORT jint JNI_OnLoad(JavaVM *vm, void *reserved) {
    (void)reserved;
    JNIEnv *env;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) {
        return JNI_ERR;
    }
    jclass cls = (*env)->FindClass(env, ZC_NATIVE_CLASS);
    if (cls == NULL) {
        return JNI_ERR;
    }
    zc_method_table tables[] = {
        zc_fd_methods(), zc_splice_methods(), zc_cache_methods(),
        zc_socket_methods(), zc_counters_methods(), zc_twin_methods(), zc_cpusplit_methods(),
        zc_zerocopy_methods(), zc_uring_methods(), zc_ledger_methods(), zc_progress_methods(), zc_recv_methods(),
    };
    int total = 0;
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        total += tables[i].count;
    }
    JNINativeMethod *all = calloc((size_t)total, sizeof(JNINativeMethod));
    if (all == NULL) {
        return JNI_ERR;
    }
    int n = 0;
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        memcpy(all + n, tables[i].methods, (size_t)tables[i].count * sizeof(JNINativeMethod));
        n += tables[i].count;
    }
    jint rc = (*env)->RegisterNatives(env, cls, all, total);
    free(all);
    if (rc != JNI_OK || zc_fd_init(env) != 0 || zc_twin_init(env) != 0) {
        return JNI_ERR;
    }
    return JNI_VERSION_1_8;
}
