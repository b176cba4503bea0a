package io.zcbench.reports.compare;

import io.zcbench.reports.compare.Comparison.EnvField;
import io.zcbench.reports.model.Row;
import io.zcbench.reports.model.RunData;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What tells compared runs apart: the environment facts users compare runs on, and labels built from what differs. */
public final class RunLabels {
    private RunLabels() {
    }

    /**
     * Labels for runs that say what differs: the environment fields whose values differ (JDK, kernel, cc, ...), as
     * "JDK 17.0.15" vs "JDK 25.0.1"; the run's own name where nothing differs or two runs would read alike.
     */
    public static List<String> defaultLabels(List<RunData> runs) {
        List<String> preferred = List.of("fork JDK", "JDK version", "kernel", "TCP congestion control", "JVM", "JDK vendor", "CPU", "host",
                "fork JVM flags", "preset", "git commit");
        Set<String> settings = Comparison.settings(runs);
        List<EnvField> diff = envDiff(runs).stream().filter(EnvField::differs)
                .filter(f -> !settingEcho(f, settings))
                // a fact an older run did not record says nothing of how the runs differ
                .filter(f -> f.values().stream().noneMatch(v -> v.equals("unknown (not recorded)")))
                .sorted(Comparator.comparingInt(f -> preferred.indexOf(f.label()) < 0 ? 99 : preferred.indexOf(f.label())))
                .limit(Math.max(0, 2 - settings.size())).toList();
        if (diff.isEmpty() && settings.isEmpty()) {
            return runs.stream().map(RunData::name).toList();
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            int k = i;
            List<String> parts = new ArrayList<>();
            Row any = runs.get(i).rows().get(0);
            settings.forEach(p -> parts.add(p + "=" + any.params().get(p)));
            diff.forEach(f -> parts.add((f.label().equals("JDK version") ? "JDK" : f.label()) + " "
                    + (f.label().equals("git commit") ? shortCommit(f.values().get(k)) : abbreviate(f.values().get(k)))));
            labels.add(String.join(", ", parts));
        }
        return new LinkedHashSet<>(labels).size() == labels.size() ? labels : runs.stream().map(RunData::name).toList();
    }

    /** An environment field that only repeats a setting the runs differ in (the cc in force, the pinning, the arguments). */
    private static boolean settingEcho(EnvField f, Set<String> settings) {
        return settings.contains("cc") && f.label().startsWith("cc for")
                || settings.contains("pin") && f.label().equals("pinning");
    }

    /** A commit as git shows it short: 12 hex digits (a dirty tree's suffix kept). */
    private static String shortCommit(String v) {
        return v.matches("[0-9a-f]{13,}.*") ? v.substring(0, 12) + v.replaceFirst("^[0-9a-f]+", "") : v;
    }

    private static String abbreviate(String v) {
        return v.length() > 40 ? v.substring(0, 37) + "..." : v;
    }

    /** The environment facts users compare runs on, in report order. */
    public static final Map<String, String> ENV_FIELDS = envFields();

    private static Map<String, String> envFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("host", "/host");
        f.put("kernel", "/kernel/release");
        f.put("kernel build", "/kernel/version");
        f.put("distribution", "/distribution");
        f.put("JDK vendor", "/jdk/vendor");
        f.put("JDK version", "/jdk/version");
        f.put("JVM", "/jdk/vmName");
        f.put("fork JDK", "/run/forkJvm/version");
        f.put("fork JVM flags", "/run/forkJvmFlags");
        f.put("JMH", "/run/jmhVersion");
        f.put("Netty", "/frameworks/netty/version");
        f.put("Netty epoll", "/frameworks/netty/epoll");
        f.put("Netty io_uring", "/frameworks/netty/ioUring");
        f.put("CPU", "/cpu/model");
        f.put("CPUs", "/cpu/availableProcessors");
        f.put("hypervisor", "/cpu/hypervisor");
        f.put("hypervisor vendor", "/cpu/hypervisorVendor");
        f.put("CPU MHz", "/cpu/mhz");
        f.put("CPU flags", "/cpu/flags");
        f.put("HZ", "/kernel/hz");
        f.put("preemption", "/kernel/preemption");
        f.put("IRQ time accounting", "/kernel/irqTimeAccounting");
        f.put("clocksource", "/kernel/clocksource");
        f.put("fs.pipe-max-size", "/kernel/pipeMaxSize");
        f.put("pinning", "/run/pinning");
        f.put("cc for the socket benchmarks", "/run/congestion/inForce");
        f.put("memory [B]", "/memory/totalBytes");
        f.put("data file system", "/dataDirectory/fileSystem");
        f.put("mount options", "/dataDirectory/mountOptions");
        f.put("block device", "/dataDirectory/blockDevice/disk");
        f.put("device model", "/dataDirectory/blockDevice/model");
        f.put("rotational", "/dataDirectory/blockDevice/rotational");
        f.put("I/O scheduler", "/dataDirectory/blockDevice/ioScheduler");
        f.put("interface to sink", "/network/interface/name");
        f.put("qdisc of that interface", "/network/interface/qdisc");
        f.put("net.core.default_qdisc", "/network/tcp/defaultQdisc");
        f.put("tcp_autocorking", "/network/tcp/autocorking");
        f.put("tcp_limit_output_bytes", "/network/tcp/limitOutputBytes");
        f.put("tcp_allowed_congestion_control", "/network/tcp/congestionControlAllowed");
        f.put("NIC driver", "/network/interface/driver");
        f.put("NIC speed [Mb/s]", "/network/interface/speedMbps");
        f.put("MTU", "/network/interface/mtu");
        f.put("scatter-gather", "/network/interface/offloads/scatterGather");
        f.put("TSO", "/network/interface/offloads/tso");
        f.put("GSO", "/network/interface/offloads/gso");
        f.put("GRO", "/network/interface/offloads/gro");
        f.put("tx checksum", "/network/interface/offloads/txChecksum");
        f.put("rx checksum", "/network/interface/offloads/rxChecksum");
        f.put("TCP congestion control", "/network/tcp/congestionControlDefault");
        f.put("perf_event_paranoid", "/perf/perfEventParanoid");
        f.put("counter source", "/perf/counterSource");
        f.put("preset", "/run/preset");
        f.put("git commit", "/git/commit");
        return f;
    }

    static List<EnvField> envDiff(List<RunData> runs) {
        List<EnvField> out = new ArrayList<>();
        for (Map.Entry<String, String> f : ENV_FIELDS.entrySet()) {
            List<String> values = runs.stream().map(r -> r.envText(f.getValue())).toList();
            Set<String> distinct = new LinkedHashSet<>(values);
            out.add(new EnvField(f.getKey(), values, distinct.size() > 1));
        }
        return out;
    }
}
