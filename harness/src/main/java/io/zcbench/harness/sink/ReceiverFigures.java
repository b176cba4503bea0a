package io.zcbench.harness.sink;

import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.counters.CounterTotals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What receiving counted transfers cost the sink's receiving thread, as the sink counted it on itself and sent it back
 * in its reply: its counters (on-CPU time and its split, system calls by name, context switches), the bytes it copied
 * socket → user (exact, skb:skb_copy_datagram_iovec), and for zerocopy-receive the bytes mapped and read. A figure that
 * could not be counted is null with its reason, never 0.
 */
public record ReceiverFigures(String drain, long ops, long bytes, CounterTotals counters, Long copiedBytes, String copiedProblem,
                              Long mappedBytes, Long readBytes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Writes and reads figures once, so the JSON classes are loaded (a tenth of a second in a fresh JVM) before a
     * counted transfer rather than in it: the sink at its greeting, the sender when it connects.
     */
    public static void warmUp() {
        try {
            fromJson(unavailable(Drain.COPY.id(), 0, 0, "warm-up").toJson());
        } catch (SinkException e) {
            throw new IllegalStateException("receiver figures do not read back: " + e.getMessage(), e);
        }
    }

    /** Figures for {@code ops} transfers that could not be counted, with the reason. */
    public static ReceiverFigures unavailable(String drain, long ops, long bytes, String why) {
        return new ReceiverFigures(drain, ops, bytes, new CounterTotals(ops, new EnumMap<>(Counter.class), Map.of(),
                Map.of("receiver", why), null), null, why, null, null);
    }

    /** Sums the figures of two sets of transfers; a figure missing on either side stays missing. */
    public ReceiverFigures plus(ReceiverFigures o) {
        return new ReceiverFigures(drain, ops + o.ops, bytes + o.bytes, counters.plus(o.counters), sum(copiedBytes, o.copiedBytes),
                copiedProblem != null ? copiedProblem : o.copiedProblem, sum(mappedBytes, o.mappedBytes), sum(readBytes, o.readBytes));
    }

    private static Long sum(Long a, Long b) {
        return a == null || b == null ? null : a + b;
    }

    /** On-CPU ns per KiB received, or NaN. */
    public double onCpuNsPerKiB() {
        Long ns = counters.values().get(Counter.CPU_RUNTIME_NS);
        return ns == null || bytes == 0 ? Double.NaN : ns / (bytes / 1024.0);
    }

    /**
     * CPU copies socket → user per byte received, from the kernel's own records (skb:skb_copy_datagram_iovec), or NaN:
     * not counted, or the records cover fewer bytes than the receive loop itself read with recv (the kernel dropped
     * some without saying so, as it does for bursts of small reads here; see {@link #copiesProblem}).
     */
    public double copiesPerByte() {
        return copiesProblem() != null || bytes == 0 ? Double.NaN : copiedBytes / (double) bytes;
    }

    /** Why {@link #copiesPerByte} is NaN, or null. */
    public String copiesProblem() {
        if (copiedBytes == null) {
            return copiedProblem == null ? "not counted" : copiedProblem;
        }
        if (readBytes != null && copiedBytes < readBytes - readBytes / 1000) {
            return String.format(Locale.ROOT, "incomplete: the kernel's skb:skb_copy_datagram_iovec records cover %.1f%% of the "
                    + "bytes the receive loop read with recv (records dropped without a LOST or THROTTLE record); the loop's "
                    + "own count is readPerByte", 100.0 * copiedBytes / Math.max(1, readBytes));
        }
        return null;
    }

    /** Bytes the sink's receive loop itself read into user memory with recv, per byte received (its own count), or NaN. */
    public double readPerByte() {
        return readBytes == null || bytes == 0 ? Double.NaN : readBytes / (double) bytes;
    }

    /** zerocopy-receive: the share of the bytes the kernel mapped rather than copied (0-1), or NaN for other drains. */
    public double mappedShare() {
        return mappedBytes == null || bytes == 0 ? Double.NaN : mappedBytes / (double) bytes;
    }

    /** A counter per transfer, or NaN. */
    public double perOp(Counter c) {
        Double v = counters.perOp(c);
        return v == null ? Double.NaN : v;
    }

    /** Why the counters are missing, or null. */
    public String countersProblem() {
        return counters.values().isEmpty() ? counters.unavailable().getOrDefault("receiver", counters.unavailable().toString()) : null;
    }

    /** The wire form (UTF-8 JSON in the sink's reply). */
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("drain", drain);
        n.put("ops", ops);
        n.put("bytes", bytes);
        ObjectNode v = n.putObject("counters");
        counters.values().forEach((k, x) -> v.put(k.name(), x));
        ObjectNode names = n.putObject("syscallsByName");
        counters.syscallsByName().forEach(names::put);
        ObjectNode why = n.putObject("unavailable");
        counters.unavailable().forEach(why::put);
        n.put("source", counters.source());
        putNullable(n, "copiedBytes", copiedBytes);
        n.put("copiedProblem", copiedProblem);
        putNullable(n, "mappedBytes", mappedBytes);
        putNullable(n, "readBytes", readBytes);
        return n.toString();
    }

    private static void putNullable(ObjectNode n, String k, Long v) {
        if (v == null) {
            n.putNull(k);
        } else {
            n.put(k, v);
        }
    }

    /** Reads the wire form; counter names this version does not know are left out. */
    public static ReceiverFigures fromJson(String text) throws SinkException {
        try {
            JsonNode n = JSON.readTree(text);
            Map<Counter, Long> values = new EnumMap<>(Counter.class);
            n.path("counters").fields().forEachRemaining(e -> {
                try {
                    values.put(Counter.valueOf(e.getKey()), e.getValue().asLong());
                } catch (IllegalArgumentException newer) {
                    // a counter a newer sink has: not this version's to show
                }
            });
            Map<String, Long> names = new LinkedHashMap<>();
            n.path("syscallsByName").fields().forEachRemaining(e -> names.put(e.getKey(), e.getValue().asLong()));
            Map<String, String> why = new TreeMap<>();
            n.path("unavailable").fields().forEachRemaining(e -> why.put(e.getKey(), e.getValue().asText()));
            long ops = n.path("ops").asLong();
            return new ReceiverFigures(n.path("drain").asText(), ops, n.path("bytes").asLong(),
                    new CounterTotals(ops, values, names, why, n.path("source").isNull() ? null : n.path("source").asText()),
                    nullableLong(n, "copiedBytes"), n.path("copiedProblem").isNull() ? null : n.path("copiedProblem").asText(null),
                    nullableLong(n, "mappedBytes"), nullableLong(n, "readBytes"));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new SinkException("the sink's figures are not readable (" + e.getMessage() + ")");
        }
    }

    private static Long nullableLong(JsonNode n, String k) {
        JsonNode v = n.get(k);
        return v == null || v.isNull() ? null : v.asLong();
    }

    /** For copy --json: the receiver's figures per transfer, each NaN figure left out with its reason under unavailable. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", drain);
        Map<String, String> unavailable = new TreeMap<>(counters.unavailable());
        // hardware counters are off unless asked for, and the receiver is never asked: not a missing figure
        unavailable.keySet().removeIf(k -> k.startsWith("cycles") || k.startsWith("instructions"));
        put(m, unavailable, "onCpuNsPerKiB", onCpuNsPerKiB(), countersProblem());
        double kib = bytes / 1024.0;
        for (Object[] s : new Object[][] {{"syscallNsPerKiB", Counter.SPLIT_SYSCALL_NS}, {"softirqNsPerKiB", Counter.SPLIT_SOFTIRQ_NS},
            {"userNsPerKiB", Counter.SPLIT_USER_NS}}) {
            Long ns = counters.values().get((Counter) s[1]);
            put(m, unavailable, (String) s[0], ns == null || kib == 0 ? Double.NaN : ns / kib, countersProblem());
        }
        put(m, unavailable, "syscalls", perOp(Counter.SYSCALLS), countersProblem());
        Map<String, Double> byName = new TreeMap<>();
        counters.syscallsByName().forEach((k, v) -> {
            if (v > 0 && ops > 0) {
                byName.put(k, v / (double) ops);
            }
        });
        if (!counters.values().isEmpty()) {
            m.put("syscallsByName", byName);
        }
        put(m, unavailable, "voluntaryContextSwitches", perOp(Counter.VOLUNTARY_CONTEXT_SWITCHES), countersProblem());
        put(m, unavailable, "copiesPerByte", copiesPerByte(), copiesProblem());
        put(m, unavailable, "readPerByte", readPerByte(), "not counted by this sink");
        if (drain.equals(Drain.ZEROCOPY_RECEIVE.id())) {
            put(m, unavailable, "mappedShare", mappedShare(), "not counted");
        }
        if (!unavailable.isEmpty()) {
            m.put("unavailable", unavailable);
        }
        return m;
    }

    private static void put(Map<String, Object> m, Map<String, String> unavailable, String k, double v, String why) {
        if (Double.isNaN(v)) {
            unavailable.putIfAbsent(k, why == null ? "not counted" : why);
        } else {
            m.put(k, Double.parseDouble(String.format(Locale.ROOT, "%.6g", v)));
        }
    }
}
