package io.zcbench.harness.sink;

import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.counters.CounterTotals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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

    /** The wire form's version: a reader refuses any other, by name. */
    private static final int WIRE = 1;

    /**
     * The wire form (the bytes after the sink's reply): plain data, no JSON, so neither end loads a parser on the way
     * of a counted transfer. Counters by their enum names, so a counter one side does not know is skipped, not misread.
     */
    public byte[] toBytes() {
        ByteArrayOutputStream b = new ByteArrayOutputStream(512);
        try (DataOutputStream o = new DataOutputStream(b)) {
            o.writeInt(WIRE);
            o.writeUTF(drain);
            o.writeLong(ops);
            o.writeLong(bytes);
            o.writeInt(counters.values().size());
            for (Map.Entry<Counter, Long> e : counters.values().entrySet()) {
                o.writeUTF(e.getKey().name());
                o.writeLong(e.getValue());
            }
            o.writeInt(counters.syscallsByName().size());
            for (Map.Entry<String, Long> e : counters.syscallsByName().entrySet()) {
                o.writeUTF(e.getKey());
                o.writeLong(e.getValue());
            }
            o.writeInt(counters.unavailable().size());
            for (Map.Entry<String, String> e : counters.unavailable().entrySet()) {
                o.writeUTF(e.getKey());
                o.writeUTF(e.getValue().length() > 8000 ? e.getValue().substring(0, 8000) : e.getValue());
            }
            writeNullable(o, counters.source());
            writeNullable(o, copiedBytes);
            writeNullable(o, copiedProblem);
            writeNullable(o, mappedBytes);
            writeNullable(o, readBytes);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return b.toByteArray();
    }

    private static void writeNullable(DataOutputStream o, Object v) throws IOException {
        o.writeBoolean(v != null);
        if (v instanceof Long l) {
            o.writeLong(l);
        } else if (v != null) {
            o.writeUTF((String) v);
        }
    }

    /** Reads the wire form; counter names this version does not know are left out. */
    public static ReceiverFigures fromBytes(byte[] data) throws SinkException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int wire = in.readInt();
            if (wire != WIRE) {
                throw new SinkException("the sink's figures are in form " + wire + ", this sender reads form " + WIRE
                        + "; run the same zcbench version on both hosts");
            }
            String drain = in.readUTF();
            long ops = in.readLong();
            long bytes = in.readLong();
            Map<Counter, Long> values = new EnumMap<>(Counter.class);
            for (int i = in.readInt(); i > 0; i--) {
                String name = in.readUTF();
                long v = in.readLong();
                try {
                    values.put(Counter.valueOf(name), v);
                } catch (IllegalArgumentException newer) {
                    // a counter a newer sink has: not this version's to show
                }
            }
            Map<String, Long> names = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                names.put(in.readUTF(), in.readLong());
            }
            Map<String, String> why = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                why.put(in.readUTF(), in.readUTF());
            }
            String source = in.readBoolean() ? in.readUTF() : null;
            Long copied = in.readBoolean() ? in.readLong() : null;
            String copiedProblem = in.readBoolean() ? in.readUTF() : null;
            Long mapped = in.readBoolean() ? in.readLong() : null;
            Long read = in.readBoolean() ? in.readLong() : null;
            return new ReceiverFigures(drain, ops, bytes, new CounterTotals(ops, values, names, why, source), copied,
                    copiedProblem, mapped, read);
        } catch (SinkException e) {
            throw e;
        } catch (IOException e) {
            throw new SinkException("the sink's figures are not readable (" + e.getMessage() + ")");
        }
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
        if (drain.equals(ReceiveMethod.ZEROCOPY_RECEIVE.id())) {
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
