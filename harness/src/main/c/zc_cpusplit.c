/* zc_cpusplit.c — where a thread's CPU time goes, from a timeline it records about itself: syscall
 * entry/exit and softirq entry/exit tracepoints plus context-switch records, sampled into one ring. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "zc.h"

/* Events of one split, in this order; the first is a dummy event that carries context switches. */
enum { EV_SWITCH, EV_SYS_ENTER, EV_SYS_EXIT, EV_SIRQ_ENTRY, EV_SIRQ_EXIT, EV_COUNT };

/* out[] layout of cpuSplitDrain: accumulated, never reset by C. */
enum { OUT_USER, OUT_SYSCALL, OUT_SOFTIRQ, OUT_OFFCPU, OUT_RECORDS, OUT_LOST, OUT_VEC0, OUT_LEN = OUT_VEC0 + 10 };

typedef struct {
    int fd[EV_COUNT];
    uint64_t id[EV_COUNT];
    void *ring;
    size_t ring_len;
    size_t data_len;
} split;

static long perf_open(struct perf_event_attr *attr, int group) {
    return syscall(SYS_perf_event_open, attr, 0, -1, group, PERF_FLAG_FD_CLOEXEC);
}

static void split_free(split *s) {
    if (s->ring != NULL && s->ring != MAP_FAILED) {
        munmap(s->ring, s->ring_len);
    }
    for (int i = EV_COUNT - 1; i >= 0; i--) {
        if (s->fd[i] >= 0) {
            close(s->fd[i]);
        }
    }
    free(s);
}

/* Opens the split's events as members of the counting group led by groupFd (so the group's one
 * enable/disable ioctl switches them too: no extra system call in the window), on the calling
 * thread. tp: tracepoint ids of raw_syscalls:sys_enter, sys_exit, irq:softirq_entry, softirq_exit.
 * pages: ring size in pages (a power of two). Returns a handle or -errno. */
static jlong split_open(JNIEnv *env, jclass unused, jint groupFd, jintArray tp, jint pages) {
    (void)unused;
    jint ids[4];
    if ((*env)->GetArrayLength(env, tp) != 4) {
        return -EINVAL;
    }
    (*env)->GetIntArrayRegion(env, tp, 0, 4, ids);
    split *s = calloc(1, sizeof(split));
    if (s == NULL) {
        return -ENOMEM;
    }
    for (int i = 0; i < EV_COUNT; i++) {
        s->fd[i] = -1;
    }
    for (int i = 0; i < EV_COUNT; i++) {
        struct perf_event_attr a;
        memset(&a, 0, sizeof(a));
        a.size = sizeof(a);
        a.sample_period = 1;
        a.sample_id_all = 1;
        a.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TIME;
        /* Disabled even as members: an enabled member of a disabled group still emits side-band
         * records (context switches). The group's PERF_IOC_FLAG_GROUP ioctl enables every member. */
        a.disabled = 1;
        a.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
        if (i == EV_SWITCH) {
            a.type = PERF_TYPE_SOFTWARE;
            a.config = PERF_COUNT_SW_DUMMY;
            a.context_switch = 1;
        } else {
            a.type = PERF_TYPE_TRACEPOINT;
            a.config = (unsigned long long)ids[i - 1];
            if (i == EV_SIRQ_ENTRY) {
                a.sample_type |= PERF_SAMPLE_RAW; /* the softirq vector */
            }
        }
        long fd = perf_open(&a, groupFd);
        if (fd < 0) {
            int err = errno;
            split_free(s);
            return -err;
        }
        s->fd[i] = (int)fd;
        if (ioctl(s->fd[i], PERF_EVENT_IOC_ID, &s->id[i]) != 0) {
            int err = errno;
            split_free(s);
            return -err;
        }
    }
    long page = sysconf(_SC_PAGESIZE);
    s->data_len = (size_t)pages * (size_t)page;
    s->ring_len = s->data_len + (size_t)page;
    s->ring = mmap(NULL, s->ring_len, PROT_READ | PROT_WRITE, MAP_SHARED, s->fd[EV_SWITCH], 0);
    if (s->ring == MAP_FAILED) {
        int err = errno;
        split_free(s);
        return -err;
    }
    for (int i = 1; i < EV_COUNT; i++) {
        if (ioctl(s->fd[i], PERF_EVENT_IOC_SET_OUTPUT, s->fd[EV_SWITCH]) != 0) {
            int err = errno;
            split_free(s);
            return -err;
        }
    }
    return (jlong)(intptr_t)s;
}

static void copy_out(const split *s, uint64_t off, void *dst, size_t n) {
    zc_ring_read(s->ring, s->ring_len, s->data_len, off, dst, n);
}

/* Where the thread is while its records are replayed. */
typedef struct {
    int in_sys, on_cpu, sirq;
    uint64_t last;
} split_state;

/* One record decoded: its event (-1: none of ours), time, softirq vector and whether it switched the thread out. */
typedef struct {
    int ev, vec, switch_out;
    uint64_t t;
} split_event;

/* Decodes record rec (n bytes read of it); a lost-records record is added to out. */
static split_event decode(const split *s, const struct perf_event_header *h, const unsigned char *rec, size_t n, jlong *out) {
    split_event e = {-1, -1, 0, 0};
    if (h->type == PERF_RECORD_SAMPLE && n >= sizeof(*h) + 16) {
        uint64_t id;
        memcpy(&id, rec + sizeof(*h), 8);
        memcpy(&e.t, rec + sizeof(*h) + 8, 8);
        for (int i = 0; i < EV_COUNT; i++) {
            if (s->id[i] == id) {
                e.ev = i;
            }
        }
        if (e.ev == EV_SIRQ_ENTRY && n >= sizeof(*h) + 16 + 4 + 12) {
            /* raw: u32 size, then the trace entry: 8 bytes of common fields, then vec */
            uint32_t v;
            memcpy(&v, rec + sizeof(*h) + 16 + 4 + 8, 4);
            e.vec = (int)v;
        }
    } else if (h->type == PERF_RECORD_SWITCH && n >= sizeof(*h) + 16) {
        /* sample_id: time, then identifier, at the record's end */
        memcpy(&e.t, rec + n - 16, 8);
        e.ev = EV_SWITCH;
        e.switch_out = (h->misc & PERF_RECORD_MISC_SWITCH_OUT) != 0;
    } else if (h->type == PERF_RECORD_LOST && n >= sizeof(*h) + 16) {
        uint64_t lost;
        memcpy(&lost, rec + sizeof(*h) + 8, 8);
        out[OUT_LOST] += (jlong)lost;
    }
    return e;
}

/* Charges the time since the last record to where the thread was, then moves it by event e. */
static void replay(split_state *st, const split_event *e, jlong *out) {
    if (st->last != 0 && e->t > st->last) {
        jlong dt = (jlong)(e->t - st->last);
        if (!st->on_cpu) {
            out[OUT_OFFCPU] += dt;
        } else if (st->sirq >= 0) {
            out[OUT_SOFTIRQ] += dt;
            if (st->sirq < 10) {
                out[OUT_VEC0 + st->sirq] += dt;
            }
        } else if (st->in_sys) {
            out[OUT_SYSCALL] += dt;
        } else {
            out[OUT_USER] += dt;
        }
    }
    if (e->t > st->last) {
        st->last = e->t;
    }
    switch (e->ev) {
    case EV_SYS_ENTER: st->in_sys = 1; break;
    case EV_SYS_EXIT: st->in_sys = 0; break;
    case EV_SIRQ_ENTRY: st->sirq = e->vec < 0 ? 10 : e->vec; break;
    case EV_SIRQ_EXIT: st->sirq = -1; break;
    case EV_SWITCH: st->on_cpu = !e->switch_out; break;
    default: break;
    }
}

/* Reads every record since the last drain and adds the window's time split to out (OUT_LEN longs).
 * The window starts at its first record (the exit of the enabling ioctl: the thread is in a system
 * call until then) and ends at its last (the entry of the closing read). Time is charged to
 * softirq (by vector) while one runs on the thread, else to the system call in progress, else to
 * user space (which includes page faults taken in user mode); off-CPU time between a switch-out
 * and the next switch-in is charged to nobody and reported apart. Returns records read or -errno. */
static jlong split_drain(JNIEnv *env, jclass unused, jlong handle, jlongArray outArr) {
    (void)unused;
    split *s = (split *)(intptr_t)handle;
    if (s == NULL || (*env)->GetArrayLength(env, outArr) < OUT_LEN) {
        return -EINVAL;
    }
    jlong out[OUT_LEN];
    (*env)->GetLongArrayRegion(env, outArr, 0, OUT_LEN, out);
    struct perf_event_mmap_page *meta = s->ring;
    uint64_t head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
    uint64_t tail = meta->data_tail;
    split_state st = {1, 1, -1, 0};
    jlong records = 0;
    unsigned char rec[512];
    while (tail < head) {
        struct perf_event_header h;
        copy_out(s, tail, &h, sizeof(h));
        if (h.size < sizeof(h)) {
            break;
        }
        size_t n = h.size < sizeof(rec) ? h.size : sizeof(rec);
        copy_out(s, tail, rec, n);
        tail += h.size;
        split_event e = decode(s, &h, rec, n, out);
        if (e.ev >= 0) {
            records++;
            replay(&st, &e, out);
        }
    }
    __atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
    out[OUT_RECORDS] += records;
    (*env)->SetLongArrayRegion(env, outArr, 0, OUT_LEN, out);
    return records;
}

static void split_close(JNIEnv *env, jclass unused, jlong handle) {
    (void)env;
    (void)unused;
    if (handle != 0) {
        split_free((split *)(intptr_t)handle);
    }
}

/* The calling thread's scheduler runtime (sum_exec_runtime, what /proc/<tid>/schedstat shows),
 * brought up to date by the kernel on this call; ns, or -errno. */
static jlong thread_cpu_ns(JNIEnv *env, jclass unused) {
    (void)env;
    (void)unused;
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) {
        return -errno;
    }
    return (jlong)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static jint split_out_len(JNIEnv *env, jclass unused) {
    (void)env;
    (void)unused;
    return OUT_LEN;
}

static const JNINativeMethod methods[] = {
    {"cpuSplitOpen0", "(I[II)J", (void *)split_open},
    {"cpuSplitDrain0", "(J[J)J", (void *)split_drain},
    {"cpuSplitClose0", "(J)V", (void *)split_close},
    {"cpuSplitOutLength0", "()I", (void *)split_out_len},
    {"threadCpuNs", "()J", (void *)thread_cpu_ns},
};

zc_method_table zc_cpusplit_methods(void) { return ZC_TABLE(methods, ZC_CLASS("Perf")); }
