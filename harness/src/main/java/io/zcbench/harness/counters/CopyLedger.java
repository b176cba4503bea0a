package io.zcbench.harness.counters;

import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.Ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The copy ledger of one thread: which CPU copies its kernel made. A cpu-clock event samples the thread every
 * {@value #PERIOD_NS} ns with its kernel call chain; a sample whose chain passes through a copy routine
 * ({@code _copy_to_iter}, {@code _copy_from_iter}, {@code copy_folio_from_iter_atomic}, {@code memcpy}, ...) is
 * charged to the copy's <em>site</em>: the first caller above the copy routines and their helpers, named by its
 * kernel function and, where zcbench knows it, in plain words ("page cache → user"). That gives the CPU time per
 * KiB each site took: sampled, not a byte count (time per byte differs between sites). Where a tracepoint carries
 * the copy's length ({@code skb:skb_copy_datagram_iovec}: socket → user on a receiving thread) the bytes are
 * exact. This kernel kind has no kprobes, so the copy routines' own byte counts cannot be had.
 *
 * <p>Sampling at 20 kHz costs the sampled thread CPU time (a timer interrupt and a call-chain walk per sample, more
 * on a VM), so a ledger is kept in operations of its own, never in those whose counters are reported.
 */
public final class CopyLedger implements Window, AutoCloseable {
    /** 20 kHz: about 1,300 samples for a 64 MiB loopback transfer at 3 GB/s. */
    public static final long PERIOD_NS = 50_000;

    /** The routines that move the bytes (a sample in one of them is in a copy). */
    static final Set<String> COPY_ROUTINES = Set.of("_copy_to_iter", "_copy_from_iter", "_copy_from_iter_nocache",
            "copy_page_to_iter", "copy_page_from_iter", "copy_page_from_iter_atomic", "copy_folio_from_iter_atomic",
            "copy_folio_to_iter", "memcpy", "__memcpy", "__pi_memcpy", "memcpy_orig", "rep_movs_alternative",
            "copy_user_generic", "copy_user_generic_string", "copy_user_generic_unrolled", "copy_user_enhanced_fast_string",
            "csum_and_copy_to_iter", "csum_and_copy_from_iter", "csum_partial_copy_generic", "__copy_user_nocache",
            "memcpy_from_iter", "copy_to_user_iter", "copy_from_user_iter");

    /** Helpers between a copy routine and the site that asked for the copy (walked through). */
    static final Set<String> HELPERS = Set.of("__skb_datagram_iter", "skb_copy_datagram_iter", "simple_copy_to_iter",
            "iterate_iovec", "iterate_bvec", "iterate_and_advance", "copy_to_iter", "copy_from_iter",
            "memcpy_from_page", "memcpy_to_page", "skb_copy_to_page_nocache", "skb_do_copy_data_nocache",
            "skb_add_data_nocache");

    /** Sites that are zcbench's own measuring (perf copying its tracepoint records), shown but never a copy of the data. */
    static final Set<String> MEASURING = Set.of("perf_syscall_enter", "perf_syscall_exit", "perf_trace_buf_update",
            "perf_tp_event", "perf_output_sample", "perf_output_copy", "__perf_event_overflow", "perf_trace_run_bpf_submit");

    /** The label of the user-space pseudo-site (samples outside the kernel: the JVM's own copies land here, unnamed). */
    public static final String USER_SITE = "user space (unattributed: a heap buffer's JVM copies land here)";

    /** Sites in plain words, by the kernel function that asked for the copy. */
    static final Map<String, String> SITES = Map.ofEntries(
            Map.entry("filemap_read", "page cache → user"),
            Map.entry("tcp_sendmsg_locked", "user → socket buffer"),
            Map.entry("tcp_recvmsg_locked", "socket → user (receiver)"),
            Map.entry("generic_perform_write", "→ destination file's page cache"),
            Map.entry("skb_copy_ubufs", "zerocopy pages → kernel copy (deferred)"),
            Map.entry("__skb_linearize", "socket buffer linearized"),
            Map.entry("pskb_expand_head", "socket buffer reallocated"),
            Map.entry("skb_segment", "socket buffer segmented"));

    /** Kernel symbols, loaded once by libzcbench from /proc/kallsyms (sorted, classed: a fraction of a second in Java, ms in C). */
    private static final class Symbols {
        static final String PROBLEM;

        static {
            String problem = null;
            try {
                int rc = Ledger.ledgerLoadSymbols(COPY_ROUTINES.toArray(new String[0]), HELPERS.toArray(new String[0]));
                if (rc == -1) {
                    problem = "/proc/kallsyms shows no kernel addresses to this user (kernel.kptr_restrict): run as root, "
                            + "or sysctl kernel.kptr_restrict=0";
                } else if (rc < 0) {
                    problem = "cannot read /proc/kallsyms: " + Fds.errnoText(-rc);
                } else if (rc == 0) {
                    problem = "/proc/kallsyms lists no kernel text symbols";
                }
            } catch (RuntimeException | LinkageError e) {
                problem = "the kernel symbols could not be loaded: " + e.getMessage();
            }
            PROBLEM = problem;
        }
    }

    /** Why no ledger can be kept here, or null. */
    public static String unavailableReason() {
        return Symbols.PROBLEM;
    }

    private final long handle;
    private final long[] out;
    private long ops;
    private final Thread owner = Thread.currentThread();

    private static final ThreadLocal<CopyLedger> PER_THREAD = new ThreadLocal<>();

    /**
     * This thread's ledger (own group), opened on first use and kept for the thread's life, reset to zero; throws
     * with the reason when none can be kept here.
     */
    public static CopyLedger forThisThread() {
        CopyLedger l = PER_THREAD.get();
        if (l == null) {
            l = open(0, -1, false);
            PER_THREAD.set(l);
        }
        l.reset();
        return l;
    }

    /** As a window on its own thread: samples from begin to end of each operation. */
    @Override
    public void begin() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a ledger window belongs to " + owner.getName());
        }
        enable(true);
    }

    @Override
    public void end() {
        enable(false);
        drain();
        ops++;
    }

    private CopyLedger(long handle) {
        this.handle = handle;
        this.out = new long[Ledger.ledgerOutLength()];
    }

    /**
     * A ledger on thread {@code tid} (0: this thread). With {@code groupFd} >= 0 its events join that counting
     * group (switched with it, no extra system call in the window); otherwise {@link #enable} switches them.
     * With {@code receiverBytes}, also the exact socket → user bytes. Throws with the reason when it cannot.
     */
    public static CopyLedger open(int tid, int groupFd, boolean receiverBytes) {
        return open(tid, groupFd, receiverBytes, PERIOD_NS);
    }

    /**
     * Only the exact socket → user bytes of the calling thread (skb:skb_copy_datagram_iovec's len), for a receiver's
     * own counts: the tracepoint alone, no cpu-clock sampling (grouped under a cpu-clock leader it lost records here
     * without a LOST or THROTTLE record to say so).
     */
    public static CopyLedger receivedBytesOfThisThread() {
        return receivedBytesOf(0);
    }

    /** As {@link #receivedBytesOfThisThread()} for thread {@code tid} (a sink's receiving thread, from the sender). */
    public static CopyLedger receivedBytesOf(int tid) {
        return open(tid, -1, true, 0);
    }

    private static CopyLedger open(int tid, int groupFd, boolean receiverBytes, long periodNs) {
        if (Symbols.PROBLEM != null) {
            throw new IllegalStateException(Symbols.PROBLEM);
        }
        int tp = -1;
        int off = -1;
        if (receiverBytes) {
            int[] idOff = Tracefs.fieldOffset("skb", "skb_copy_datagram_iovec", "len");
            tp = idOff[0];
            off = idOff[1];
        }
        long h = Ledger.ledgerOpen(tid, groupFd, periodNs, tp, off, 512);
        if (h < 0) {
            int errno = (int) -h;
            throw new IllegalStateException("perf_event_open of the copy ledger's cpu-clock sampling failed: "
                    + Fds.errnoText(errno) + (errno == 1 || errno == 13
                    ? " (kernel call chains need root, or sysctl kernel.perf_event_paranoid=1 or lower)" : ""));
        }
        return new CopyLedger(h);
    }

    /** For a ledger of its own group (another thread's): on before the transfer, off after it. */
    public void enable(boolean on) {
        int rc = Ledger.ledgerEnable(handle, on);
        if (rc < 0) {
            throw new IllegalStateException("switching the copy ledger failed: " + Fds.errnoText(-rc));
        }
    }

    /** Reads what was recorded since the last drain into the running totals. */
    public void drain() {
        long rc = Ledger.ledgerDrain(handle, out);
        if (rc < 0) {
            throw new IllegalStateException("reading the copy ledger's ring failed: " + Fds.errnoText((int) -rc));
        }
    }

    /** Starts again from zero. */
    public void reset() {
        drain();
        Arrays.fill(out, 0);
        ops = 0;
    }

    /** Counts one operation (for a ledger switched with {@link #enable} rather than as a window). */
    public void countOp() {
        ops++;
    }

    /** What was recorded since opening or the last reset. */
    public Totals totals() {
        Map<String, Long> sites = new TreeMap<>();
        int pairs = (int) out[8];
        for (int i = 0; i < pairs; i++) {
            int sym = (int) out[9 + 2 * i];
            sites.merge(label(sym), out[10 + 2 * i], Long::sum);
        }
        return new Totals(ops, out[0], out[1], out[2], out[3], out[4], out[5], out[6], out[7], sites);
    }

    /** A site's label: plain words and the kernel function, or the function alone. */
    static String label(int sym) {
        String f = sym < 0 ? null : Ledger.ledgerSymbolName(sym);
        if (f == null) {
            return "(no caller above the copy routine)";
        }
        String plain = SITES.get(f);
        return MEASURING.contains(f) ? "zcbench's own counting (perf records) [" + f + "]"
                : plain != null ? plain + " [" + f + "]" : f;
    }

    /**
     * Samples of one thread over {@code ops} operations: all, in user space, in the kernel outside copies, in copies (by site, in samples),
     * plus the exact receive bytes and their records, and records the ring lost.
     */
    public record Totals(long ops, long samples, long user, long kernelOther, long inCopies, long receivedBytes,
                         long receivedRecords, long lost, long throttled, Map<String, Long> sites) {
        /**
         * Why the exact socket → user bytes are incomplete, or null: records lost to a full ring, or samples the kernel
         * throttled (an event past perf_event_max_sample_rate / HZ samples in one tick drops the rest of that tick's,
         * saying so only with a PERF_RECORD_THROTTLE).
         */
        public String receivedProblem() {
            if (throttled > 0) {
                return "incomplete: the kernel throttled skb:skb_copy_datagram_iovec's samples " + throttled + " time(s) (more "
                        + "than kernel.perf_event_max_sample_rate / HZ copies in one tick); raise that sysctl to count every copy";
            }
            return lost > 0 ? "incomplete: " + lost + " records were lost (the ring overflowed)" : null;
        }

        public Totals plus(Totals o) {
            Map<String, Long> s = new TreeMap<>(sites);
            o.sites.forEach((k, n) -> s.merge(k, n, Long::sum));
            return new Totals(ops + o.ops, samples + o.samples, user + o.user, kernelOther + o.kernelOther, inCopies + o.inCopies,
                    receivedBytes + o.receivedBytes, receivedRecords + o.receivedRecords, lost + o.lost, throttled + o.throttled, s);
        }

        /** Sampled ns per KiB of each site for {@code bytes} transferred (one sample stands for {@value #PERIOD_NS} ns). */
        public Map<String, Double> nsPerKiB(long bytes) {
            Map<String, Double> m = new LinkedHashMap<>();
            sites.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> m.put(e.getKey(), e.getValue() * (double) PERIOD_NS / (bytes / 1024.0)));
            return m;
        }
    }

    /**
     * A site counts as one CPU copy of the data when its sampled time is at least this many ns per KiB moved: a
     * kernel memcpy takes 70-250 ns/KiB here, so a site at a tenth of that copies a fraction of the bytes at most
     * (a partial write, a header), and one sample of a 64 MiB transfer is 0.76 ns/KiB.
     */
    public static final double SITE_MIN_NS_PER_KIB = 10;

    /** Sites whose sampled time is a copy of the data ({@link #SITE_MIN_NS_PER_KIB}). */
    public static List<String> copySites(Totals t, long bytes) {
        return t.nsPerKiB(bytes).entrySet().stream().filter(e -> e.getValue() >= SITE_MIN_NS_PER_KIB)
                .map(Map.Entry::getKey).filter(k -> !k.startsWith("zcbench's own")).toList();
    }

    /** The kernel function in a site label ({@code "page cache → user [filemap_read]"} gives filemap_read). */
    public static String function(String label) {
        int a = label.lastIndexOf('[');
        return a >= 0 && label.endsWith("]") ? label.substring(a + 1, label.length() - 1) : label;
    }

    /**
     * The {@code copies} object of {@code copy --copies --json}: measured CPU copies per byte on the sending thread
     * (sampled: copy sites seen) and on the receiving one (exact bytes socket → user, where zcbench started the
     * sink), each site with its thread, figure and method; a side that could not be measured says why.
     */
    public static Map<String, Object> json(Totals sender, String senderProblem, Totals receiver, String receiverProblem,
                                           long bytesPerOp) {
        long bytes = bytesPerOp * Math.max(1, sender != null ? sender.ops() : receiver != null ? receiver.ops() : 1);
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> sites = new ArrayList<>();
        if (sender != null && bytes > 0) {
            m.put("sender", copySites(sender, bytes).size());
            sender.nsPerKiB(bytes).forEach((site, ns) -> sites.add(site(site, "sender", "nsPerKiB", ns, "sampled")));
            sites.add(site(USER_SITE, "sender", "nsPerKiB", sender.user() * (double) PERIOD_NS / (bytes / 1024.0), "sampled"));
        } else {
            m.put("sender", null);
        }
        String receivedProblem = receiver == null ? receiverProblem : receiver.receivedProblem();
        if (receiver != null && receivedProblem != null) {
            receiver = null;
        }
        if (receiver != null && bytes > 0) {
            m.put("receiver", receiver.receivedBytes() / (double) bytes);
            sites.add(site("socket → user (receiver) [skb:skb_copy_datagram_iovec]", "receiver", "bytesPerByte",
                    receiver.receivedBytes() / (double) bytes, "exact"));
            receiver.nsPerKiB(bytes).forEach((site, ns) -> sites.add(site(site, "receiver", "nsPerKiB", ns, "sampled")));
        } else {
            m.put("receiver", null);
        }
        Map<String, String> method = new LinkedHashMap<>();
        method.put("sender", sender != null ? "sampled: copy sites seen at >= " + (int) SITE_MIN_NS_PER_KIB
                + " ns/KiB of cpu-clock samples every " + PERIOD_NS / 1000 + " us (time, not bytes: counting bytes would need kprobes)"
                : bytes == 0 ? "nothing moved" : senderProblem);
        method.put("receiver", receiver != null ? "exact: bytes of skb:skb_copy_datagram_iovec on the sink's thread"
                : bytes == 0 ? "nothing moved" : receivedProblem);
        m.put("method", method);
        m.put("sites", sites);
        if (sender != null) {
            m.put("samples", Map.of("sender", sender.samples(), "senderUser", sender.user(), "senderLost", sender.lost()));
        }
        return m;
    }

    private static Map<String, Object> site(String site, String thread, String unit, double value, String method) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("site", site);
        s.put("thread", thread);
        s.put(unit, value);
        s.put("method", method);
        return s;
    }

    @Override
    public void close() {
        Ledger.ledgerClose(handle);
    }
}
