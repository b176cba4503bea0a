package io.zcbench.harness.env;

import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.CounterTotals;
import io.zcbench.harness.counters.ThreadCounters;
import io.zcbench.harness.counters.Tracefs;
import io.zcbench.harness.nativeio.NativeLibrary;
import io.zcbench.harness.path.mechanism.NettyChannel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.zcbench.harness.env.Facts.F;
import static io.zcbench.harness.env.Facts.file;
import static io.zcbench.harness.env.Facts.read;
import static io.zcbench.harness.env.Facts.text;
import static io.zcbench.harness.env.Facts.unknown;

/**
 * Everything needed to compare runs across machines: kernel, distribution, CPU, memory, JDK, the
 * data directory's file system and block device, the network route to the sink with the NIC's
 * driver, speed, MTU and offloads, TCP settings, perf permissions, the project's commit. Each fact
 * is its value or {@code {"unknown": reason}}.
 */
public final class Environment {

    private Environment() {
    }

    /** Captures the environment of a run writing data under {@code dataDir} and sending to {@code sink} (may be null). */
    public static ObjectNode capture(Path dataDir, InetSocketAddress sink, Path projectDir) {
        ObjectNode env = F.objectNode();
        env.put("schema", "zcbench-env/1");
        env.put("capturedAt", Instant.now().toString());
        env.set("host", host());
        env.set("kernel", kernel());
        env.set("distribution", distribution());
        env.set("cpu", cpu());
        env.set("memory", memory());
        env.set("jdk", jdk());
        env.set("dataDirectory", dataDir == null ? unknown("no data directory given") : storage(dataDir));
        env.set("network", NetworkFacts.network(sink));
        env.set("perf", perf());
        env.set("nativeLibrary", NativeLibrary.isAvailable()
                ? F.objectNode().put("available", true).put("source", NativeLibrary.source())
                : F.objectNode().put("available", false).put("reason", NativeLibrary.unavailableReason()));
        env.set("frameworks", F.objectNode().set("netty", NettyChannel.facts()));
        env.set("git", git(projectDir));
        return env;
    }

    private static JsonNode host() {
        String name = read(Path.of("/proc/sys/kernel/hostname"));
        if (name == null) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                name = null;
            }
        }
        return text(name, "hostname not readable");
    }

    private static ObjectNode kernel() {
        ObjectNode k = F.objectNode();
        k.set("release", file(Path.of("/proc/sys/kernel/osrelease")));
        k.set("version", file(Path.of("/proc/sys/kernel/version")));
        k.put("arch", System.getProperty("os.arch"));
        k.put("os", System.getProperty("os.name"));
        k.set("clocksource", file(Path.of("/sys/devices/system/clocksource/clocksource0/current_clocksource")));
        k.set("pipeMaxSize", file(Path.of("/proc/sys/fs/pipe-max-size")));
        KernelConfig cfg = KernelConfig.load();
        if (cfg.reason() != null) {
            k.set("hz", unknown(cfg.reason()));
            k.set("irqTimeAccounting", unknown(cfg.reason()));
        } else {
            k.set("hz", text(cfg.get("CONFIG_HZ"), "CONFIG_HZ not in " + cfg.source()));
            k.put("irqTimeAccounting", "y".equals(cfg.get("CONFIG_IRQ_TIME_ACCOUNTING")));
            k.put("configSource", cfg.source());
        }
        k.set("preemption", text(preemption(cfg), "neither /sys/kernel/debug/sched/preempt, the kernel config nor uname -v say"));
        return k;
    }

    /** The preemption model in force: debugfs knows it under PREEMPT_DYNAMIC, else the config or the version string. */
    private static String preemption(KernelConfig cfg) {
        String dyn = read(Path.of("/sys/kernel/debug/sched/preempt"));
        if (dyn != null) {
            Matcher m = Pattern.compile("\\((\\w+)\\)").matcher(dyn);
            return m.find() ? m.group(1) + " (dynamic)" : dyn;
        }
        String model = null;
        if (cfg.reason() == null) {
            for (String[] c : new String[][] {{"CONFIG_PREEMPT_RT", "full (RT)"}, {"CONFIG_PREEMPT", "full"},
                    {"CONFIG_PREEMPT_LAZY", "lazy"}, {"CONFIG_PREEMPT_VOLUNTARY", "voluntary"}, {"CONFIG_PREEMPT_NONE", "none"}}) {
                if ("y".equals(cfg.get(c[0]))) {
                    model = c[1];
                    break;
                }
            }
            if (model != null && "y".equals(cfg.get("CONFIG_PREEMPT_DYNAMIC"))) {
                model += " by default (PREEMPT_DYNAMIC: the boot option preempt= may change it)";
            }
        }
        if (model == null) {
            String v = read(Path.of("/proc/sys/kernel/version"));
            model = v == null ? null : v.contains("PREEMPT_RT") ? "full (RT)" : v.contains("PREEMPT_DYNAMIC") ? "dynamic"
                    : v.contains("PREEMPT") ? "full" : null;
        }
        return model;
    }

    private static JsonNode distribution() {
        String osRelease = read(Path.of("/etc/os-release"));
        if (osRelease == null) {
            return unknown("/etc/os-release not readable");
        }
        for (String line : osRelease.split("\n")) {
            if (line.startsWith("PRETTY_NAME=")) {
                return F.textNode(line.substring(12).replace("\"", ""));
            }
        }
        return unknown("/etc/os-release has no PRETTY_NAME");
    }

    private static ObjectNode cpu() {
        ObjectNode c = F.objectNode();
        String info = read(Path.of("/proc/cpuinfo"));
        String model = null;
        int logical = 0;
        if (info != null) {
            for (String line : info.split("\n")) {
                if (line.startsWith("model name") && model == null) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                }
                if (line.startsWith("processor")) {
                    logical++;
                }
            }
        }
        c.set("model", text(model, "no 'model name' in /proc/cpuinfo"));
        c.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        if (logical > 0) {
            c.put("logicalCpus", logical);
        } else {
            c.set("logicalCpus", unknown("/proc/cpuinfo not readable"));
        }
        String hyper = info != null && info.contains(" hypervisor") ? "yes" : info != null ? "no" : null;
        c.set("hypervisor", text(hyper, "/proc/cpuinfo not readable"));
        String vendor = read(Path.of("/sys/hypervisor/type"));
        String dmi = read(Path.of("/sys/class/dmi/id/sys_vendor"));
        c.set("hypervisorVendor", text(vendor != null ? vendor : "yes".equals(hyper) ? dmi : "none",
                "neither /sys/hypervisor/type nor /sys/class/dmi/id/sys_vendor is readable"));
        c.set("mhz", text(cpuinfoField(info, "cpu MHz"), "no 'cpu MHz' in /proc/cpuinfo"));
        c.set("flags", text(cpuinfoField(info, "flags"), "no 'flags' in /proc/cpuinfo"));
        return c;
    }

    private static String cpuinfoField(String info, String key) {
        if (info == null) {
            return null;
        }
        for (String line : info.split("\n")) {
            if (line.startsWith(key) && line.contains(":")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return null;
    }

    private static ObjectNode memory() {
        ObjectNode m = F.objectNode();
        String meminfo = read(Path.of("/proc/meminfo"));
        Long total = meminfoKiB(meminfo, "MemTotal");
        if (total != null) {
            m.put("totalBytes", total * 1024);
        } else {
            m.set("totalBytes", unknown("/proc/meminfo has no MemTotal"));
        }
        Long avail = meminfoKiB(meminfo, "MemAvailable");
        if (avail != null) {
            m.put("availableBytesAtStart", avail * 1024);
        }
        return m;
    }

    private static Long meminfoKiB(String meminfo, String key) {
        if (meminfo == null) {
            return null;
        }
        for (String line : meminfo.split("\n")) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return null;
    }

    private static ObjectNode jdk() {
        ObjectNode j = F.objectNode();
        j.put("vendor", System.getProperty("java.vendor"));
        j.put("version", System.getProperty("java.runtime.version"));
        j.put("vmName", System.getProperty("java.vm.name"));
        j.put("vmVersion", System.getProperty("java.vm.version"));
        j.put("home", System.getProperty("java.home"));
        ArrayNode flags = j.putArray("runnerJvmFlags");
        ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(flags::add);
        return j;
    }

    /** File system, mount options and block device behind a directory. */
    static ObjectNode storage(Path dir) {
        ObjectNode s = F.objectNode();
        Path abs = dir.toAbsolutePath().normalize();
        s.put("path", abs.toString());
        String mountinfo = read(Path.of("/proc/self/mountinfo"));
        if (mountinfo == null) {
            s.set("fileSystem", unknown("/proc/self/mountinfo not readable"));
            return s;
        }
        String[] best = null;
        for (String line : mountinfo.split("\n")) {
            String[] f = line.split(" ");
            if (f.length < 10) {
                continue;
            }
            String mp = unescape(f[4]);
            if ((abs.toString().equals(mp) || abs.startsWith(mp)) && (best == null || mp.length() >= unescape(best[4]).length())) {
                best = f;
            }
        }
        if (best == null) {
            s.set("fileSystem", unknown("no mount in /proc/self/mountinfo contains " + abs));
            return s;
        }
        int dash = List.of(best).indexOf("-");
        s.put("mountPoint", unescape(best[4]));
        s.put("fileSystem", best[dash + 1]);
        s.put("mountSource", best[dash + 2]);
        s.put("mountOptions", best[5]);
        if (best.length > dash + 3) {
            s.put("superOptions", best[dash + 3]);
        }
        s.set("blockDevice", blockDevice(best[2], best[dash + 1]));
        return s;
    }

    private static String unescape(String mountPath) {
        return mountPath.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    private static JsonNode blockDevice(String majorMinor, String fsType) {
        if (majorMinor.startsWith("0:")) {
            return unknown(fsType + " has no block device behind it (device " + majorMinor + ")");
        }
        Path link = Path.of("/sys/dev/block", majorMinor);
        Path real;
        try {
            real = link.toRealPath();
        } catch (IOException e) {
            return unknown(link + " does not resolve: " + e.getMessage());
        }
        ObjectNode d = F.objectNode();
        d.put("majorMinor", majorMinor);
        Path disk = Files.exists(real.resolve("partition")) ? real.getParent() : real;
        d.put("name", real.getFileName().toString());
        d.put("disk", disk.getFileName().toString());
        String model = read(disk.resolve("device/model"));
        String vendor = read(disk.resolve("device/vendor"));
        String driver = null;
        try {
            driver = disk.resolve("device/driver").toRealPath().getFileName().toString();
        } catch (IOException ignored) {
            // no driver link (e.g. zram)
        }
        if (model != null) {
            d.put("model", (vendor != null ? vendor + " " : "") + model);
        } else {
            d.set("model", unknown("no model string in sysfs" + (driver != null ? " (driver " + driver + ")" : "")));
        }
        d.set("driver", text(driver, "no driver link in sysfs"));
        String rota = read(disk.resolve("queue/rotational"));
        if (rota != null) {
            d.put("rotational", "1".equals(rota));
        } else {
            d.set("rotational", unknown("queue/rotational not readable"));
        }
        String lbs = read(disk.resolve("queue/logical_block_size"));
        d.set("logicalBlockSize", lbs == null ? unknown("queue/logical_block_size not readable") : F.numberNode(Long.parseLong(lbs)));
        String pbs = read(disk.resolve("queue/physical_block_size"));
        if (pbs != null) {
            d.put("physicalBlockSize", Long.parseLong(pbs));
        }
        String sched = read(disk.resolve("queue/scheduler"));
        if (sched != null) {
            Matcher m = Pattern.compile("\\[(.+?)]").matcher(sched);
            d.put("ioScheduler", m.find() ? m.group(1) : sched);
        } else {
            d.set("ioScheduler", unknown("queue/scheduler not readable"));
        }
        return d;
    }

    private static ObjectNode perf() {
        ObjectNode p = F.objectNode();
        String paranoid = read(Path.of("/proc/sys/kernel/perf_event_paranoid"));
        p.set("perfEventParanoid", paranoid == null ? unknown("/proc/sys/kernel/perf_event_paranoid not readable")
                : F.numberNode(Integer.parseInt(paranoid)));
        p.put("user", System.getProperty("user.name"));
        String tracefs = Tracefs.unavailableReason();
        p.set("tracefs", tracefs == null ? F.textNode(Tracefs.events().getParent().toString()) : unknown(tracefs));
        p.put("tracefsMountedByZcbench", Tracefs.mountedByZcbench());
        if (NativeLibrary.isAvailable()) {
            CounterTotals probe = ThreadCounters.probe(CounterConfig.fromSystemProperties(true));
            p.put("counterSource", probe.source());
            ObjectNode missing = p.putObject("countersUnavailable");
            probe.unavailable().forEach(missing::put);
        } else {
            p.set("counterSource", unknown("libzcbench unavailable: " + NativeLibrary.unavailableReason()));
        }
        return p;
    }

    private static ObjectNode git(Path projectDir) {
        ObjectNode g = F.objectNode();
        if (projectDir == null || !Files.exists(projectDir.resolve(".git"))) {
            g.set("commit", unknown("not run from a git checkout"));
            return g;
        }
        if (!Facts.onPath("git")) {
            g.set("commit", unknown("git is not installed"));
            return g;
        }
        String commit = Facts.run(List.of("git", "rev-parse", "HEAD"), projectDir);
        g.set("commit", text(commit, "git rev-parse HEAD failed in " + projectDir));
        String status = Facts.run(List.of("git", "status", "--porcelain", "--untracked-files=no"), projectDir);
        if (status != null) {
            g.put("dirty", !status.isBlank());
        }
        return g;
    }

    /** A run id naming host, kernel and time: {@code vm_6.18.44_20261122-041500}. */
    public static String runId(Instant at) {
        String host = read(Path.of("/proc/sys/kernel/hostname"));
        String kernel = read(Path.of("/proc/sys/kernel/osrelease"));
        String time = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
                .withZone(ZoneId.systemDefault()).format(at);
        return (sanitize(host == null ? "host" : host) + "_" + sanitize(kernel == null ? "kernel" : kernel) + "_" + time);
    }

    private static String sanitize(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    /** Used by tests: every top-level key capture() writes. */
    static List<String> topLevelKeys() {
        return Stream.of("schema", "capturedAt", "host", "kernel", "distribution", "cpu", "memory", "jdk", "dataDirectory",
                "network", "perf", "nativeLibrary", "frameworks", "git").toList();
    }
}
