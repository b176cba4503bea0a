/* zc_jni.c — JNI_OnLoad: registers every area's natives on its Java class (Fds, Pipes, Sockets, ...), once.
 * Only JNI_OnLoad is exported; everything else is hidden (-fvisibility=hidden). */
#include "zc.h"

JNIEXPORT jint JNI_OnLoad(JavaVM *vm, void *reserved) {
    (void)reserved;
    JNIEnv *env;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) {
        return JNI_ERR;
    }
    zc_method_table tables[] = {
        zc_fd_methods(), zc_splice_methods(), zc_cache_methods(),
        zc_socket_methods(), zc_counters_methods(), zc_twin_methods(), zc_cpusplit_methods(),
        zc_zerocopy_methods(), zc_uring_methods(), zc_ledger_methods(), zc_progress_methods(), zc_recv_methods(),
        zc_recv_uring_methods(),
    };
    jint rc = JNI_OK;
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]) && rc == JNI_OK; i++) {
        jclass cls = (*env)->FindClass(env, tables[i].cls);
        if (cls == NULL) {
            return JNI_ERR;
        }
        rc = (*env)->RegisterNatives(env, cls, tables[i].methods, tables[i].count);
        (*env)->DeleteLocalRef(env, cls);
    }
    if (rc != JNI_OK || zc_fd_init(env) != 0 || zc_twin_init(env) != 0) {
        return JNI_ERR;
    }
    return JNI_VERSION_1_8;
}
