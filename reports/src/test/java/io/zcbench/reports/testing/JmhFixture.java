package io.zcbench.reports.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Writes results folders shaped like the JMH suite's: jmh.json (JMH's format) and env.json. */
public final class JmhFixture {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ArrayNode results = F.arrayNode();
    private final Random random;
    private ObjectNode env = defaultEnv("6.18.44-test", "17.0.15");
    /** Whether {@link #write(Path)} writes metrics.json, the harness's declarations of today (else the run reads as older). */
    private boolean catalogue;

    public JmhFixture(long seed) {
        random = new Random(seed);
    }

    /** One result; {@code usPerOp} is the mean time per operation, {@code syscalls} per op (NaN: not counted). */
    public JmhFixture add(String bench, String path, String size, String cache, double usPerOp, double syscalls,
                          Map<String, String> extraParams) {
        ObjectNode r = results.addObject();
        r.put("jmhVersion", "1.37");
        r.put("benchmark", "io.zcbench.benchmarks." + bench + ".transfer");
        r.put("mode", "avgt");
        r.put("threads", 1);
        r.put("forks", 1);
        r.put("jdkVersion", "17.0.15");
        r.put("vmName", "OpenJDK 64-Bit Server VM");
        ObjectNode p = r.putObject("params");
        p.put("cache", cache);
        p.put("chunk", "64KiB");
        p.put("path", path);
        p.put("size", size);
        extraParams.forEach(p::put);
        // FORKS forks of ITERATIONS iterations: the forks differ by about 0.5%, iterations inside one by about 0.5%.
        double[][] raw = new double[FORKS][ITERATIONS];
        for (int f = 0; f < FORKS; f++) {
            double fork = 1 + 0.005 * random.nextGaussian();
            for (int i = 0; i < ITERATIONS; i++) {
                raw[f][i] = usPerOp * fork * (1 + 0.005 * random.nextGaussian());
            }
        }
        r.set("primaryMetric", metric(usPerOp, usPerOp * 0.05, "us/op", raw));
        ObjectNode sec = r.putObject("secondaryMetrics");
        if (Double.isNaN(syscalls)) {
            sec.set("zc.syscalls", nan("#/op (n/a: perf_event_open refused (EACCES (Permission denied)): run as root)"));
        } else {
            sec.set("zc.syscalls", exact(syscalls, "#/op"));
            sec.set("zc.syscalls.read", exact(path.startsWith("traditional") ? syscalls / 2 : 0, "#/op"));
            sec.set("zc.syscalls.write", exact(path.startsWith("traditional") ? syscalls / 2 : 0, "#/op"));
            sec.set("zc.syscalls.sendfile", exact(path.equals("transfer-to") ? 1 : 0, "#/op"));
            sec.set("zc.syscalls.newfstatat", exact(path.equals("transfer-to") ? 1 : 0, "#/op"));
            sec.set("zc.syscalls.splice", exact(path.equals("splice") ? syscalls : 0, "#/op"));
        }
        sec.set("zc.ctxsw.voluntary", exact(1.5, "#/op"));
        sec.set("zc.ctxsw.involuntary", exact(0.5, "#/op"));
        sec.set("zc.cpu.user", exact(usPerOp * 50, "ns/op"));
        sec.set("zc.cpu.sys", exact(usPerOp * 600, "ns/op"));
        sec.set("zc.faults.minor", exact(3, "#/op"));
        sec.set("zc.faults.major", exact(0, "#/op"));
        sec.set("zc.counted.ops", exact(20, "# operations counted"));
        sec.set("zc.cycles.user.perByte", nan("cycles/B (n/a: hardware counters are not exposed on this machine)"));
        return this;
    }

    /** Sets the thread count of the result added last (JMH's -t: its average time is then per thread). */
    public JmhFixture threads(int n) {
        ((ObjectNode) results.get(results.size() - 1)).put("threads", n);
        return this;
    }

    /** Adds a secondary metric of one score to every result so far (a metric the report may never have heard of). */
    public JmhFixture withMetric(String name, double value, String unit) {
        for (JsonNode r : results) {
            ((ObjectNode) r.get("secondaryMetrics")).set(name, exact(value, unit));
        }
        return this;
    }

    /**
     * The host's state fork by fork, applied to every result so far: fork f runs at {@code speed[f]} (its iterations'
     * times divided by it), and the memory bandwidth probe reads {@code probeGbs × speed[f]} with {@code probeNoise}
     * (relative, per iteration) on top, as for a path whose forks follow the host's memory. {@code speed.length} must
     * be {@link #FORKS}.
     */
    public JmhFixture hostStates(double[] speed, double probeGbs, double probeNoise) {
        catalogue = true;
        for (JsonNode r : results) {
            ArrayNode forks = (ArrayNode) r.get("primaryMetric").get("rawData");
            double[][] probe = new double[FORKS][ITERATIONS];
            for (int f = 0; f < FORKS; f++) {
                ArrayNode fork = (ArrayNode) forks.get(f);
                for (int i = 0; i < ITERATIONS; i++) {
                    fork.set(i, fork.get(i).asDouble() / speed[f]);
                    probe[f][i] = probeGbs * speed[f] * (1 + probeNoise * random.nextGaussian());
                }
            }
            ((ObjectNode) r.get("secondaryMetrics")).set("zc.host.membw", metric(probeGbs, 0, "GB/s", probe));
        }
        return this;
    }

    /**
     * Makes every result so far impl=paired: its native twin's operation, alternating with each Java one, takes the Java
     * operation's time (as it stands, host states included) times {@code javaOverNative}, with {@code noise} (relative,
     * per iteration) on top.
     */
    public JmhFixture twins(double javaOverNative, double noise) {
        catalogue = true;
        for (JsonNode r : results) {
            ((ObjectNode) r.get("params")).put("impl", "paired");
            ArrayNode forks = (ArrayNode) r.get("primaryMetric").get("rawData");
            double[][] twin = new double[FORKS][ITERATIONS];
            for (int f = 0; f < FORKS; f++) {
                for (int i = 0; i < ITERATIONS; i++) {
                    twin[f][i] = forks.get(f).get(i).asDouble() * 1e3 * javaOverNative * (1 + noise * random.nextGaussian());
                }
            }
            ((ObjectNode) r.get("secondaryMetrics")).set("zc.twin.time", metric(twin[0][0], 0, "ns/op", twin));
        }
        return this;
    }

    public JmhFixture add(String bench, String path, String size, String cache, double usPerOp, double syscalls) {
        return add(bench, path, size, cache, usPerOp, syscalls, Map.of());
    }

    /** Forks and measured iterations per fork of every result, as the quick preset makes them. */
    public static final int FORKS = 5;
    public static final int ITERATIONS = 3;

    private ObjectNode metric(double score, double error, String unit, double[][] raw) {
        ObjectNode m = F.objectNode();
        m.put("score", score);
        m.put("scoreError", error);
        m.putArray("scoreConfidence").add(score - error).add(score + error);
        ObjectNode pct = m.putObject("scorePercentiles");
        pct.put("0.0", score);
        pct.put("50.0", score);
        pct.put("100.0", score);
        m.put("scoreUnit", unit);
        ArrayNode forks = m.putArray("rawData");
        for (double[] f : raw) {
            ArrayNode fork = forks.addArray();
            for (double v : f) {
                fork.add(v);
            }
        }
        return m;
    }

    private ObjectNode exact(double v, String unit) {
        double[][] raw = new double[FORKS][ITERATIONS];
        for (double[] f : raw) {
            java.util.Arrays.fill(f, v);
        }
        return metric(v, 0, unit, raw);
    }

    private ObjectNode nan(String unit) {
        ObjectNode m = F.objectNode();
        m.put("score", "NaN");
        m.put("scoreError", "NaN");
        m.putArray("scoreConfidence").add("NaN").add("NaN");
        m.putObject("scorePercentiles");
        m.put("scoreUnit", unit);
        m.putArray("rawData").addArray().add("NaN");
        return m;
    }

    public static ObjectNode defaultEnv(String kernel, String jdk) {
        ObjectNode e = F.objectNode();
        e.put("schema", "zcbench-env/1");
        e.put("host", "testhost");
        e.putObject("kernel").put("release", kernel).put("version", "#1 SMP");
        e.put("distribution", "Debian GNU/Linux 12 (bookworm)");
        e.putObject("cpu").put("model", "Test CPU").put("availableProcessors", 2);
        e.putObject("memory").put("totalBytes", 25_000_000_000L);
        e.putObject("jdk").put("vendor", "Debian").put("version", jdk).put("vmName", "OpenJDK 64-Bit Server VM");
        e.putObject("dataDirectory").put("path", "/tmp").put("fileSystem", "ext4").put("mountOptions", "rw,relatime")
                .putObject("blockDevice").put("disk", "vda").put("rotational", true).put("ioScheduler", "mq-deadline");
        ObjectNode nic = e.putObject("network").putObject("interface");
        nic.put("name", "lo").put("driver", "loopback (no device)").put("mtu", 65536);
        nic.putObject("speedMbps").put("unknown", "the driver reports no link speed");
        nic.putObject("offloads").put("source", "ethtool -k").put("scatterGather", true).put("tso", true).put("gso", true)
                .put("gro", true).put("txChecksum", true).put("rxChecksum", true);
        ((ObjectNode) e.get("network")).putObject("tcp").put("congestionControlDefault", "bbr");
        e.putObject("perf").put("perfEventParanoid", 2).put("counterSource", "perf_event_open on the thread");
        e.putObject("git").put("commit", "0123456789abcdef");
        e.putObject("run").put("preset", "quick").put("status", "completed").put("start", "2026-11-22T04:00:00Z");
        return e;
    }

    public JmhFixture env(ObjectNode env) {
        this.env = env;
        return this;
    }

    public ObjectNode env() {
        return env;
    }

    /** The quick preset's shape: 6 paths x 2 destinations x (1 MiB warm, 64 MiB warm, 64 MiB cold). */
    public static JmhFixture quickShape(long seed, double speed) {
        JmhFixture f = new JmhFixture(seed);
        Map<String, Double> gbs = new LinkedHashMap<>();
        gbs.put("traditional", 3.0);
        gbs.put("traditional-heap", 2.8);
        gbs.put("mmap-write", 2.5);
        gbs.put("transfer-to", 3.6);
        gbs.put("splice", 3.2);
        gbs.put("o-direct", 0.5);
        for (String bench : List.of("ToSocket", "ToFile")) {
            for (String[] sc : new String[][] {{"1MiB", "warm"}, {"64MiB", "warm"}, {"64MiB", "cold"}}) {
                long bytes = sc[0].equals("1MiB") ? 1L << 20 : 64L << 20;
                for (Map.Entry<String, Double> p : gbs.entrySet()) {
                    double us = bytes / (p.getValue() * speed * (sc[1].equals("cold") ? 0.5 : 1)) / 1e3;
                    long chunks = bytes / 65536;
                    double sys = switch (p.getKey()) {
                        case "transfer-to" -> 2;
                        case "mmap-write" -> chunks + 3;
                        default -> 2 * chunks;
                    };
                    f.add(bench, p.getKey(), sc[0], sc[1], us, sys);
                }
            }
        }
        return f;
    }

    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("jmh.json"), JSON.writeValueAsString(results));
        if (env != null) {
            Files.writeString(dir.resolve("env.json"), JSON.writeValueAsString(env));
        }
        if (catalogue) {
            Files.writeString(dir.resolve("metrics.json"), JSON.writeValueAsString(io.zcbench.harness.metrics.Metrics.describe()));
        }
        return dir;
    }

    public int size() {
        return results.size();
    }
}
