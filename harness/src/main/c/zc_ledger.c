/* zc_ledger.c — the copy ledger: which CPU copies a thread's kernel made, from cpu-clock samples with kernel
 * call chains (every sample whose chain passes through a copy routine is charged to the copy's site, the first
 * caller above the copy routines and their helpers), plus, where a tracepoint carries a copy length
 * (skb:skb_copy_datagram_iovec: socket -> user), the exact bytes. One ring per ledger; symbols come from
 * /proc/kallsyms, classified in Java and handed over once. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "zc.h"

/* Symbol classes, as Java assigns them. */
enum { SYM_OTHER = 0, SYM_COPY = 1, SYM_HELPER = 2 };

/* out[] of ledgerDrain, added to (never reset by C); then pairs (site symbol index, samples). */
/* L_THROTTLED: PERF_RECORD_THROTTLE records, the kernel dropping samples of an event past perf_event_max_sample_rate / HZ
 * in one tick (it says so only this way: no LOST record follows). */
enum { L_SAMPLES, L_USER, L_KERNEL_OTHER, L_COPY, L_TP_BYTES, L_TP_RECORDS, L_LOST, L_THROTTLED, L_PAIRS, L_HEADER };
#define MAX_SITES 64
#define MAX_DEPTH 12

static uint64_t *g_addr;
static unsigned char *g_class;
static int g_nsyms;

typedef struct {
    int fd_clock, fd_tp;
    uint64_t id_clock, id_tp;
    void *ring;
    size_t ring_len, data_len;
    int tp_len_off;
    int own_group;
} ledger;

static void ledger_free(ledger *l) {
    if (l->ring != NULL && l->ring != MAP_FAILED) {
        munmap(l->ring, l->ring_len);
    }
    if (l->fd_tp >= 0) {
        close(l->fd_tp);
    }
    if (l->fd_clock >= 0) {
        close(l->fd_clock);
    }
    free(l);
}

static char *g_names;     /* every name, NUL-terminated, one after another */
static uint32_t *g_name_at; /* offset of each symbol's name in g_names, in address order */

typedef struct {
    uint64_t addr;
    uint32_t name;
} sym_row;

static int by_addr(const void *a, const void *b) {
    uint64_t x = ((const sym_row *)a)->addr, y = ((const sym_row *)b)->addr;
    return x < y ? -1 : x > y;
}

#define MAX_LISTED 64

/* The names of a Java String[] as C strings (at most MAX_LISTED); how many. Free each with free(). */
static int c_names(JNIEnv *env, jobjectArray list, char **out) {
    jsize n = (*env)->GetArrayLength(env, list);
    int k = 0;
    for (jsize i = 0; i < n && k < MAX_LISTED; i++) {
        jstring js = (*env)->GetObjectArrayElement(env, list, i);
        const char *c = (*env)->GetStringUTFChars(env, js, NULL);
        if (c != NULL) {
            out[k++] = strdup(c);
            (*env)->ReleaseStringUTFChars(env, js, c);
        }
        (*env)->DeleteLocalRef(env, js);
    }
    return k;
}

static int listed(char **names, int n, const char *name) {
    for (int i = 0; i < n; i++) {
        if (names[i] != NULL && strcmp(names[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The text symbols of /proc/kallsyms as read: rows of (address, offset of the name in names). */
typedef struct {
    sym_row *rows;
    size_t n, cap;
    char *names;
    size_t names_len, names_cap;
    int nonzero;
} sym_table;

/* Appends one symbol; 0, or -ENOMEM (the table freed). */
static int sym_add(sym_table *t, uint64_t addr, const char *name, size_t len) {
    if (t->n == t->cap) {
        t->cap *= 2;
        sym_row *r = realloc(t->rows, t->cap * sizeof(sym_row));
        if (r == NULL) {
            return -ENOMEM;
        }
        t->rows = r;
    }
    if (t->names_len + len + 1 > t->names_cap) {
        t->names_cap *= 2;
        char *nn = realloc(t->names, t->names_cap);
        if (nn == NULL) {
            return -ENOMEM;
        }
        t->names = nn;
    }
    memcpy(t->names + t->names_len, name, len);
    t->names[t->names_len + len] = 0;
    t->rows[t->n].addr = addr;
    t->rows[t->n].name = (uint32_t)t->names_len;
    t->names_len += len + 1;
    t->nonzero |= addr != 0;
    t->n++;
    return 0;
}

/* Reads the text ('t', 'T') symbols of /proc/kallsyms; 0 or -errno (t's memory freed on failure). */
static int sym_read(sym_table *t) {
    FILE *f = fopen("/proc/kallsyms", "re");
    if (f == NULL) {
        return -errno;
    }
    t->cap = 1 << 17;
    t->names_cap = 1 << 21;
    t->rows = malloc(t->cap * sizeof(sym_row));
    t->names = malloc(t->names_cap);
    char line[512];
    int rc = t->rows == NULL || t->names == NULL ? -ENOMEM : 0;
    while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
        char *end;
        uint64_t addr = strtoull(line, &end, 16);
        if (end[0] != ' ' || (end[1] != 't' && end[1] != 'T') || end[2] != ' ') {
            continue;
        }
        char *name = end + 3;
        rc = sym_add(t, addr, name, strcspn(name, " \t\n"));
    }
    fclose(f);
    if (rc == 0 && !t->nonzero) {
        rc = -EPERM;
    }
    if (rc != 0) {
        free(t->rows);
        free(t->names);
    }
    return rc;
}

/* Sorted by address into the process's tables, each symbol classed as a copy routine, a helper or other. */
static jint sym_publish(JNIEnv *env, sym_table *t, jobjectArray copyRoutines, jobjectArray helpers) {
    qsort(t->rows, t->n, sizeof(sym_row), by_addr);
    uint64_t *a = malloc(t->n * sizeof(uint64_t) + 1);
    unsigned char *c = malloc(t->n + 1);
    uint32_t *at = malloc(t->n * sizeof(uint32_t) + 1);
    if (a == NULL || c == NULL || at == NULL) {
        free(t->rows);
        free(t->names);
        free(a);
        free(c);
        free(at);
        return -ENOMEM;
    }
    char *copies[MAX_LISTED], *walked[MAX_LISTED];
    int ncopies = c_names(env, copyRoutines, copies);
    int nwalked = c_names(env, helpers, walked);
    for (size_t i = 0; i < t->n; i++) {
        a[i] = t->rows[i].addr;
        at[i] = t->rows[i].name;
        const char *nm = t->names + t->rows[i].name;
        c[i] = listed(copies, ncopies, nm) ? SYM_COPY : listed(walked, nwalked, nm) ? SYM_HELPER : SYM_OTHER;
    }
    for (int i = 0; i < ncopies; i++) {
        free(copies[i]);
    }
    for (int i = 0; i < nwalked; i++) {
        free(walked[i]);
    }
    free(t->rows);
    g_addr = a;
    g_class = c;
    g_names = t->names;
    g_name_at = at;
    g_nsyms = (int)t->n;
    return g_nsyms;
}

/* Reads the kernel's text symbols from /proc/kallsyms (once per process), sorts them by address and classes
 * them: names in copyRoutines are copy routines, in helpers the helpers walked through. Returns the number of
 * symbols, -EPERM when every address reads as 0 (kernel.kptr_restrict), or -errno. */
static jint ledger_load_symbols(JNIEnv *env, jclass unused, jobjectArray copyRoutines, jobjectArray helpers) {
    (void)unused;
    if (g_addr != NULL) {
        return g_nsyms;
    }
    sym_table t = {0};
    int rc = sym_read(&t);
    return rc < 0 ? rc : sym_publish(env, &t, copyRoutines, helpers);
}

/* The name of symbol i (as ledgerDrain reports sites), or null. */
static jstring ledger_symbol_name(JNIEnv *env, jclass unused, jint i) {
    (void)unused;
    if (g_names == NULL || i < 0 || i >= g_nsyms) {
        return NULL;
    }
    return (*env)->NewStringUTF(env, g_names + g_name_at[i]);
}

static int sym_of(uint64_t ip) {
    int lo = 0, hi = g_nsyms - 1, found = -1;
    while (lo <= hi) {
        int mid = (lo + hi) >> 1;
        if (g_addr[mid] <= ip) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

/* periodNs <= 0: no cpu-clock event, the tracepoint alone leads its group (exact bytes only). Grouped under a cpu-clock
 * leader, the tracepoint lost a varying share of its samples here (0-70% of a transfer's) with neither a LOST nor a
 * THROTTLE record; alone it records every copy.
 * Opens the ledger's events on thread tid (0: the calling thread): a cpu-clock sampling event every periodNs
 * with the kernel call chain and, with tpId >= 0, that tracepoint with its raw record. With groupFd >= 0 they
 * join that counting group (its one ioctl switches them); else the clock event leads a group of its own,
 * switched with ledgerEnable. Returns a handle or -errno. */
static jlong ledger_open(JNIEnv *env, jclass unused, jint tid, jint groupFd, jlong periodNs, jint tpId, jint tpLenOff,
                         jint pages) {
    (void)env;
    (void)unused;
    ledger *l = calloc(1, sizeof(ledger));
    if (l == NULL) {
        return -ENOMEM;
    }
    l->fd_clock = l->fd_tp = -1;
    l->tp_len_off = tpLenOff;
    l->own_group = groupFd < 0;
    struct perf_event_attr a;
    memset(&a, 0, sizeof(a));
    a.size = sizeof(a);
    a.type = PERF_TYPE_SOFTWARE;
    a.config = PERF_COUNT_SW_CPU_CLOCK;
    a.sample_period = (unsigned long long)periodNs;
    a.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_CALLCHAIN;
    a.exclude_callchain_user = 1;
    a.disabled = 1;
    a.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    long fd = -1;
    if (periodNs > 0) {
        fd = syscall(SYS_perf_event_open, &a, tid, -1, groupFd, PERF_FLAG_FD_CLOEXEC);
        if (fd < 0) {
            int err = errno;
            ledger_free(l);
            return -err;
        }
        l->fd_clock = (int)fd;
        if (ioctl(l->fd_clock, PERF_EVENT_IOC_ID, &l->id_clock) != 0) {
            int err = errno;
            ledger_free(l);
            return -err;
        }
    }
    if (tpId >= 0) {
        memset(&a, 0, sizeof(a));
        a.size = sizeof(a);
        a.type = PERF_TYPE_TRACEPOINT;
        a.config = (unsigned long long)tpId;
        a.sample_period = 1;
        a.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_RAW;
        a.disabled = 1;
        a.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
        fd = syscall(SYS_perf_event_open, &a, tid, -1, groupFd >= 0 ? groupFd : l->fd_clock, PERF_FLAG_FD_CLOEXEC);
        if (fd < 0) {
            int err = errno;
            ledger_free(l);
            return -err;
        }
        l->fd_tp = (int)fd;
        if (ioctl(l->fd_tp, PERF_EVENT_IOC_ID, &l->id_tp) != 0) {
            int err = errno;
            ledger_free(l);
            return -err;
        }
    }
    long page = sysconf(_SC_PAGESIZE);
    l->data_len = (size_t)pages * (size_t)page;
    l->ring_len = l->data_len + (size_t)page;
    int leader = l->fd_clock >= 0 ? l->fd_clock : l->fd_tp;
    if (leader < 0) {
        ledger_free(l);
        return -EINVAL;
    }
    l->ring = mmap(NULL, l->ring_len, PROT_READ | PROT_WRITE, MAP_SHARED, leader, 0);
    if (l->ring == MAP_FAILED) {
        int err = errno;
        ledger_free(l);
        return -err;
    }
    if (l->fd_tp >= 0 && l->fd_clock >= 0 && ioctl(l->fd_tp, PERF_EVENT_IOC_SET_OUTPUT, l->fd_clock) != 0) {
        int err = errno;
        ledger_free(l);
        return -err;
    }
    return (jlong)(intptr_t)l;
}

/* For a ledger with a group of its own (another thread's): switch it on or off. 0 or -errno. */
static jint ledger_enable(JNIEnv *env, jclass unused, jlong handle, jboolean on) {
    (void)env;
    (void)unused;
    ledger *l = (ledger *)(intptr_t)handle;
    if (!l->own_group) {
        return -EINVAL;
    }
    int rc = ioctl(l->fd_clock >= 0 ? l->fd_clock : l->fd_tp, on ? PERF_EVENT_IOC_ENABLE : PERF_EVENT_IOC_DISABLE,
                   PERF_IOC_FLAG_GROUP);
    return rc == 0 ? 0 : -errno;
}

static void ring_copy(const ledger *l, uint64_t off, void *dst, size_t n) {
    zc_ring_read(l->ring, l->ring_len, l->data_len, off, dst, n);
}

static void add_site(jlong *pairs, int *npairs, int site) {
    for (int i = 0; i < *npairs; i++) {
        if (pairs[2 * i] == site) {
            pairs[2 * i + 1]++;
            return;
        }
    }
    if (*npairs < MAX_SITES) {
        pairs[2 * *npairs] = site;
        pairs[2 * *npairs + 1] = 1;
        (*npairs)++;
    }
}

/* The copy site of a kernel call chain: the first caller above a copy routine that is not a helper (-1: unknown);
 * *in_copy says whether the sample was inside a copy routine at all. */
static int site_of(const uint64_t *chain, size_t take, int *in_copy) {
    *in_copy = 0;
    for (size_t i = 0; i < take; i++) {
        if (chain[i] >= (uint64_t)PERF_CONTEXT_MAX) {
            continue; /* a context marker, not an address */
        }
        int s = sym_of(chain[i]);
        int cls = s >= 0 ? g_class[s] : SYM_OTHER;
        if (cls == SYM_COPY) {
            *in_copy = 1;
        } else if (*in_copy && cls != SYM_HELPER) {
            return s;
        } else if (!*in_copy && i >= 2) {
            break; /* not in a copy: a copy routine is at the leaf or just above it */
        }
    }
    return -1;
}

/* One cpu-clock sample at ring offset at: user, kernel outside copies, or a copy charged to its site. */
static void clock_sample(const ledger *l, uint64_t at, jlong *out, jlong *pairs, int *npairs) {
    uint64_t ip, nr;
    ring_copy(l, at + 8, &ip, 8);
    ring_copy(l, at + 16, &nr, 8);
    out[L_SAMPLES]++;
    if (ip < 0xffff800000000000ULL) {
        out[L_USER]++;
        return;
    }
    uint64_t chain[MAX_DEPTH + 8];
    size_t take = nr < MAX_DEPTH + 8 ? (size_t)nr : MAX_DEPTH + 8;
    ring_copy(l, at + 24, chain, take * 8);
    int in_copy;
    int site = site_of(chain, take, &in_copy);
    if (in_copy) {
        out[L_COPY]++;
        add_site(pairs, npairs, site);
    } else {
        out[L_KERNEL_OTHER]++;
    }
}

/* One skb:skb_copy_datagram_iovec record at ring offset at: its len field, the bytes copied to user space. */
static void tracepoint_sample(const ledger *l, uint64_t at, jlong *out) {
    uint32_t raw_size;
    ring_copy(l, at + 8, &raw_size, 4);
    if ((uint32_t)l->tp_len_off + 4 <= raw_size) {
        int32_t len;
        ring_copy(l, at + 12 + (uint64_t)l->tp_len_off, &len, 4);
        if (len > 0) {
            out[L_TP_BYTES] += len;
        }
    }
    out[L_TP_RECORDS]++;
}

/* Reads every record since the last drain and adds to out (length L_HEADER + 2 * MAX_SITES). Records read or -errno. */
static jlong ledger_drain(JNIEnv *env, jclass unused, jlong handle, jlongArray outArr) {
    (void)unused;
    ledger *l = (ledger *)(intptr_t)handle;
    if ((*env)->GetArrayLength(env, outArr) < L_HEADER + 2 * MAX_SITES) {
        return -EINVAL;
    }
    jlong out[L_HEADER + 2 * MAX_SITES];
    (*env)->GetLongArrayRegion(env, outArr, 0, L_HEADER + 2 * MAX_SITES, out);
    int npairs = (int)out[L_PAIRS];
    struct perf_event_mmap_page *meta = l->ring;
    uint64_t head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
    uint64_t tail = meta->data_tail;
    long records = 0;
    while (tail < head) {
        struct perf_event_header h;
        ring_copy(l, tail, &h, sizeof(h));
        if (h.size < sizeof(h)) {
            break;
        }
        uint64_t at = tail + sizeof(h);
        if (h.type == PERF_RECORD_LOST) {
            uint64_t lost[2];
            ring_copy(l, at, lost, sizeof(lost));
            out[L_LOST] += (jlong)lost[1];
        } else if (h.type == PERF_RECORD_THROTTLE) {
            out[L_THROTTLED]++;
        } else if (h.type == PERF_RECORD_SAMPLE) {
            uint64_t id;
            ring_copy(l, at, &id, sizeof(id));
            if (id == l->id_clock && l->id_clock != 0) {
                clock_sample(l, at, out, out + L_HEADER, &npairs);
            } else if (id == l->id_tp && l->fd_tp >= 0) {
                tracepoint_sample(l, at, out);
            }
        }
        tail += h.size;
        records++;
    }
    __atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
    out[L_PAIRS] = npairs;
    (*env)->SetLongArrayRegion(env, outArr, 0, L_HEADER + 2 * MAX_SITES, out);
    return records;
}

static void ledger_close(JNIEnv *env, jclass unused, jlong handle) {
    (void)env;
    (void)unused;
    if (handle) {
        ledger_free((ledger *)(intptr_t)handle);
    }
}

static jint ledger_out_length(JNIEnv *env, jclass unused) {
    (void)env;
    (void)unused;
    return L_HEADER + 2 * MAX_SITES;
}

static const JNINativeMethod methods[] = {
    {"ledgerLoadSymbols0", "([Ljava/lang/String;[Ljava/lang/String;)I", (void *)ledger_load_symbols},
    {"ledgerSymbolName0", "(I)Ljava/lang/String;", (void *)ledger_symbol_name},
    {"ledgerOpen0", "(IIJIII)J", (void *)ledger_open},
    {"ledgerEnable0", "(JZ)I", (void *)ledger_enable},
    {"ledgerDrain0", "(J[J)J", (void *)ledger_drain},
    {"ledgerClose0", "(J)V", (void *)ledger_close},
    {"ledgerOutLength0", "()I", (void *)ledger_out_length},
};

zc_method_table zc_ledger_methods(void) { return ZC_TABLE(methods, ZC_CLASS("Ledger")); }
