package io.zcbench.harness.counters;

import io.zcbench.harness.metrics.MetricDef;
import io.zcbench.harness.metrics.Metrics;
import io.zcbench.harness.metrics.Unavailable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-operation figures derived from {@link CounterTotals}, each with its unit: the one place that
 * names them, used by the CLI's JSON and text and by the JMH profiler's secondary results. A counter
 * that was not counted yields {@code NaN} and its reason, never 0.
 */
public final class CounterMetrics {
    /** Prefix of every JMH secondary result from the zc profiler. */
    public static final String PREFIX = Metrics.PREFIX;

    private CounterMetrics() {
    }

    /** One figure. {@code reason} is set exactly when {@code value} is NaN. */
    public record Metric(String label, double value, String unit, String reason) {
        public boolean available() {
            return reason == null;
        }
    }

    /** Every per-op figure for operations of {@code bytesPerOp} bytes, in a stable order and label set. */
    public static List<Metric> perOp(CounterTotals t, long bytesPerOp) {
        List<Metric> out = new ArrayList<>();
        double kib = bytesPerOp / 1024.0;
        double mib = bytesPerOp / (1024.0 * 1024.0);
        add(out, t, Metrics.SYSCALLS, Counter.SYSCALLS, 1);
        Double sys = t.perOp(Counter.SYSCALLS);
        out.add(sys == null ? missing(Metrics.SYSCALLS_PER_MIB, reasonOf(t, Counter.SYSCALLS))
                : bytesPerOp == 0 ? missing(Metrics.SYSCALLS_PER_MIB, "the operation moves 0 bytes")
                : metric(Metrics.SYSCALLS_PER_MIB, sys / mib));
        out.add(sys == null ? missing(Metrics.MODE_SWITCHES, reasonOf(t, Counter.SYSCALLS))
                : metric(Metrics.MODE_SWITCHES, 2 * sys));
        for (String name : byNameLabels()) {
            String label = Metrics.SYSCALLS_BY_NAME.member(name);
            if (t.values().containsKey(Counter.SYSCALLS) && t.ops() > 0) {
                out.add(new Metric(label, (double) t.syscallsByName().getOrDefault(name, 0L) / t.ops(),
                        Metrics.SYSCALLS_BY_NAME.unit(), null));
            } else {
                out.add(new Metric(label, Double.NaN, Metrics.SYSCALLS_BY_NAME.unit(),
                        t.unavailable().getOrDefault("syscallsByName", "not counted")));
            }
        }
        add(out, t, Metrics.CTXSW_VOLUNTARY, Counter.VOLUNTARY_CONTEXT_SWITCHES, 1);
        add(out, t, Metrics.CTXSW_INVOLUNTARY, Counter.INVOLUNTARY_CONTEXT_SWITCHES, 1);
        add(out, t, Metrics.CPU_USER, Counter.CPU_USER_NS, 1);
        add(out, t, Metrics.CPU_SYS, Counter.CPU_SYSTEM_NS, 1);
        add(out, t, Metrics.CPU_TOTAL, Counter.CPU_TOTAL_NS, 1);
        add(out, t, Metrics.CPU_USER_PER_KIB, Counter.CPU_USER_NS, kib);
        add(out, t, Metrics.CPU_SYS_PER_KIB, Counter.CPU_SYSTEM_NS, kib);
        // The headline on-CPU figure: the scheduler's own runtime (task-clock misses 10-15 us per context
        // switch on nested-virtualisation guests); then where it went, from the thread's own timeline.
        add(out, t, Metrics.CPU_RUNTIME, Counter.CPU_RUNTIME_NS, 1);
        add(out, t, Metrics.CPU_RUNTIME_PER_KIB, Counter.CPU_RUNTIME_NS, kib);
        add(out, t, Metrics.CPU_TOTAL_PER_KIB, Counter.CPU_TOTAL_NS, kib);
        add(out, t, Metrics.SPLIT_SYSCALL, Counter.SPLIT_SYSCALL_NS, kib);
        add(out, t, Metrics.SPLIT_SOFTIRQ, Counter.SPLIT_SOFTIRQ_NS, kib);
        add(out, t, Metrics.SPLIT_USER, Counter.SPLIT_USER_NS, kib);
        add(out, t, Metrics.SOFTIRQ_NET_RX, Counter.SOFTIRQ_NET_RX_NS, kib);
        add(out, t, Metrics.SOFTIRQ_NET_TX, Counter.SOFTIRQ_NET_TX_NS, kib);
        add(out, t, Metrics.SOFTIRQ_TIMER, Counter.SOFTIRQ_TIMER_NS, kib);
        add(out, t, Metrics.SOFTIRQ_BLOCK, Counter.SOFTIRQ_BLOCK_NS, kib);
        add(out, t, Metrics.SOFTIRQ_OTHER, Counter.SOFTIRQ_OTHER_NS, kib);
        Double soft = t.perOp(Counter.SPLIT_SOFTIRQ_NS);
        Double run = t.perOp(Counter.CPU_RUNTIME_NS);
        out.add(soft == null ? missing(Metrics.SOFTIRQ_SHARE, reasonOf(t, Counter.SPLIT_SOFTIRQ_NS))
                : run == null || run <= 0 ? missing(Metrics.SOFTIRQ_SHARE, reasonOf(t, Counter.CPU_RUNTIME_NS))
                : metric(Metrics.SOFTIRQ_SHARE, 100 * soft / run));
        // Only paths that count these report them (msg-zerocopy, io_uring); for the others they do not apply.
        Double completions = t.perOp(Counter.ZEROCOPY_COMPLETIONS);
        if (completions != null) {
            out.add(metric(Metrics.ZC_COMPLETIONS, completions));
            Double copied = t.perOp(Counter.ZEROCOPY_COPIED);
            out.add(completions <= 0 ? missing(Metrics.ZC_COPIED_SHARE, "no completion arrived")
                    : metric(Metrics.ZC_COPIED_SHARE, 100 * copied / completions));
        }
        if (t.perOp(Counter.WORKER_CPU_NS) != null) {
            add(out, t, Metrics.WORKER_CPU, Counter.WORKER_CPU_NS, 1);
            add(out, t, Metrics.WORKER_CPU_PER_KIB, Counter.WORKER_CPU_NS, kib);
            add(out, t, Metrics.WORKER_CTXSW, Counter.WORKER_CONTEXT_SWITCHES, 1);
        }
        copies(out, t, bytesPerOp);
        add(out, t, Metrics.FAULTS_MINOR, Counter.MINOR_FAULTS, 1);
        add(out, t, Metrics.FAULTS_MAJOR, Counter.MAJOR_FAULTS, 1);
        add(out, t, Metrics.MIGRATIONS, Counter.MIGRATIONS, 1);
        add(out, t, Metrics.WAKEUPS, Counter.WAKEUPS, 1);
        add(out, t, Metrics.CYCLES_USER, Counter.CYCLES_USER, bytesPerOp);
        add(out, t, Metrics.CYCLES_KERNEL, Counter.CYCLES_KERNEL, bytesPerOp);
        add(out, t, Metrics.INSTRUCTIONS_USER, Counter.INSTRUCTIONS_USER, bytesPerOp);
        add(out, t, Metrics.INSTRUCTIONS_KERNEL, Counter.INSTRUCTIONS_KERNEL, bytesPerOp);
        return out;
    }

    /**
     * The copy ledger per operation: CPU copies of the sending thread (sampled: copy sites seen), the time in
     * copies and in user space per KiB, and each site's ns/KiB as {@code zc.copies.site.<kernel function>} with the
     * site's plain words in its unit. Without the ledger, the first figure is NaN with the reason.
     */
    private static void copies(List<Metric> out, CounterTotals t, long bytesPerOp) {
        CopyLedger.Totals c = t.copies();
        if (c == null || c.ops() == 0 || bytesPerOp == 0) {
            String why = c != null && c.ops() == 0 ? "no operation was sampled" : bytesPerOp == 0 ? "the operation moves 0 bytes"
                    : t.unavailable().getOrDefault("copies", "the copy ledger was off (copy --copies, -prof zc:copies=true)");
            out.add(missing(Metrics.COPIES_SENDER, why));
            return;
        }
        long bytes = bytesPerOp * c.ops();
        out.add(metric(Metrics.COPIES_SENDER, CopyLedger.copySites(c, bytes).size()));
        double kib = bytes / 1024.0;
        out.add(metric(Metrics.COPIES_IN_COPIES, c.inCopies() * (double) CopyLedger.PERIOD_NS / kib));
        out.add(metric(Metrics.COPIES_USER, c.user() * (double) CopyLedger.PERIOD_NS / kib));
        c.nsPerKiB(bytes).forEach((site, ns) -> out.add(new Metric(Metrics.COPY_SITES.member(CopyLedger.function(site)
                .replaceAll("[^A-Za-z0-9_]", "_")), ns, Metrics.COPY_SITES.unit() + " (sampled): " + site, null)));
    }

    /** The syscall names reported one by one, plus "other" for the rest. */
    public static List<String> byNameLabels() {
        List<String> l = new ArrayList<>(ThreadCounters.NAMES);
        l.add("other");
        return l;
    }

    private static Metric metric(MetricDef d, double value) {
        return new Metric(d.name(), value, d.unit(), null);
    }

    /** A counter per operation, divided by {@code units} (KiB or bytes per operation; 1 for per operation). */
    private static void add(List<Metric> out, CounterTotals t, MetricDef d, Counter c, double units) {
        Double v = t.perOp(c);
        if (v == null) {
            out.add(missing(d, reasonOf(t, c)));
        } else if (units <= 0) {
            out.add(missing(d, "the operation moves 0 bytes"));
        } else {
            out.add(metric(d, v / units));
        }
    }

    private static Metric missing(MetricDef d, String reason) {
        return new Metric(d.name(), Double.NaN, d.unit(), reason);
    }

    private static String reasonOf(CounterTotals t, Counter c) {
        if (t.ops() == 0) {
            return "no operation was counted";
        }
        return t.unavailable().getOrDefault(c.key(), "not counted");
    }

    /**
     * The {@code counters} object of {@code zcbench copy --json}: totals of one transfer under the
     * stable field names, {@code null} for what was not counted, and {@code unavailable} with reasons.
     */
    public static Map<String, Object> json(CounterTotals t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", t.source());
        Long sys = t.values().get(Counter.SYSCALLS);
        m.put("syscalls", sys);
        m.put("syscallsByName", sys == null ? null : new TreeMap<>(t.syscallsByName()));
        m.put("modeSwitches", sys == null ? null : 2 * sys);
        for (Counter c : Counter.values()) {
            if (c != Counter.SYSCALLS && (!c.byPath() || t.values().containsKey(c))) { // byPath: only paths that have them
                m.put(c.key(), t.values().get(c));
            }
        }
        m.put("unavailable", t.unavailable());
        m.put("notes", List.of("modeSwitches is derived: 2 user/kernel transitions per syscall",
                "counted on the sending thread, around the path's own calls only (not the sink protocol or file open)"));
        return m;
    }

    /** Human-readable lines for one transfer of {@code bytes} bytes. */
    public static List<String[]> text(CounterTotals t, long bytes) {
        List<String[]> rows = new ArrayList<>();
        Long sys = t.values().get(Counter.SYSCALLS);
        if (sys != null) {
            StringBuilder names = new StringBuilder();
            t.syscallsByName().entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> names.append(names.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()));
            rows.add(new String[] {"syscalls", sys + (names.length() > 0 ? " (" + names + ")" : "")});
            rows.add(new String[] {"mode switches", (2 * sys) + " (derived: 2 user/kernel transitions per syscall)"});
        } else {
            rows.add(new String[] {"syscalls", "unavailable: " + t.unavailable().get("syscalls")});
        }
        rows.add(new String[] {"ctx switches", value(t, Counter.VOLUNTARY_CONTEXT_SWITCHES) + " voluntary, "
                + value(t, Counter.INVOLUNTARY_CONTEXT_SWITCHES) + " involuntary (scheduler switches of the sending thread)"});
        Long user = t.values().get(Counter.CPU_USER_NS);
        Long system = t.values().get(Counter.CPU_SYSTEM_NS);
        String perKib = bytes > 0 && system != null
                ? String.format(Locale.ROOT, "; system %.1f ns/KiB", system / (bytes / 1024.0)) : "";
        rows.add(new String[] {"cpu", String.format(Locale.ROOT, "user %s, system %s, on-CPU %s%s", ms(user), ms(system),
                ms(t.values().get(Counter.CPU_TOTAL_NS)), perKib)});
        Long su = t.values().get(Counter.SPLIT_USER_NS);
        rows.add(new String[] {"cpu split", su == null ? "unavailable: " + t.unavailable().get(Counter.SPLIT_USER_NS.key())
                : String.format(Locale.ROOT, "system calls %s, softirq %s (net rx %s, timers %s), user %s; "
                        + "scheduler runtime %s; off CPU %s (%s records)", ms(t.values().get(Counter.SPLIT_SYSCALL_NS)),
                ms(t.values().get(Counter.SPLIT_SOFTIRQ_NS)), ms(t.values().get(Counter.SOFTIRQ_NET_RX_NS)),
                ms(t.values().get(Counter.SOFTIRQ_TIMER_NS)), ms(su), ms(t.values().get(Counter.CPU_RUNTIME_NS)),
                ms(t.values().get(Counter.SPLIT_OFF_CPU_NS)), t.values().get(Counter.SPLIT_RECORDS))});
        Long zc = t.values().get(Counter.ZEROCOPY_COMPLETIONS);
        if (zc != null) {
            long copied = t.values().getOrDefault(Counter.ZEROCOPY_COPIED, 0L);
            rows.add(new String[] {"zerocopy", zc + " completions, " + copied + " of them copied by the kernel after all"
                    + (zc > 0 ? String.format(Locale.ROOT, " (%.0f%%)", 100.0 * copied / zc) : "")});
        }
        Long worker = t.values().get(Counter.WORKER_CPU_NS);
        if (worker != null) {
            rows.add(new String[] {"io-wq workers", ms(worker) + " on CPU, " + t.values().get(Counter.WORKER_CONTEXT_SWITCHES)
                    + " context switches (io_uring's worker threads, not the sending thread)"});
        }
        rows.add(new String[] {"page faults", value(t, Counter.MINOR_FAULTS) + " minor, " + value(t, Counter.MAJOR_FAULTS) + " major"});
        Long cu = t.values().get(Counter.CYCLES_USER);
        rows.add(new String[] {"cycles", cu == null ? "unavailable: " + t.unavailable().get("cyclesUser")
                : cu + " user, " + t.values().get(Counter.CYCLES_KERNEL) + " kernel"});
        return rows;
    }

    private static String value(CounterTotals t, Counter c) {
        Long v = t.values().get(c);
        return v == null ? "n/a" : v.toString();
    }

    private static String ms(Long ns) {
        return ns == null ? "n/a" : String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
    }

    /** A unit carrying the reason a value is missing, safe for JMH's JSON ({@link #jmhSafe}). */
    public static String unavailableUnit(Metric m) {
        return jmhSafe(Unavailable.unit(m.unit(), m.reason()));
    }

    /**
     * JMH writes units into its JSON verbatim and then "tidies" the text: it breaks the line after
     * every comma, bracket and brace (inside strings too, which makes the JSON invalid), and turns
     * ';' into ',', '<' and '>' into brackets, and '&'-sequences into other characters. So a unit
     * may carry only what survives: a comma is written as ';' (it comes out as ','), brackets and
     * braces as parentheses, and '&', quotes, backslashes and control characters are replaced.
     */
    public static String jmhSafe(String unit) {
        StringBuilder sb = new StringBuilder(unit.length());
        for (char c : unit.toCharArray()) {
            switch (c) {
                case ',' -> sb.append(';');
                case '[', '{', '<' -> sb.append('(');
                case ']', '}', '>' -> sb.append(')');
                case '&' -> sb.append('+');
                case '"', '\\' -> sb.append('\'');
                default -> sb.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return sb.toString();
    }
}
