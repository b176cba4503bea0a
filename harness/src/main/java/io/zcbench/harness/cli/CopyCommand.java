package io.zcbench.harness.cli;

import io.zcbench.harness.UsageException;
import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.CounterMetrics;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.FileTarget;
import io.zcbench.harness.fixture.CacheState;
import io.zcbench.harness.fixture.Sizes;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.path.Impl;
import io.zcbench.harness.path.PathInfo;
import io.zcbench.harness.path.ThreadKind;
import io.zcbench.harness.path.PathOptions;
import io.zcbench.harness.path.UnsupportedPathException;
import io.zcbench.harness.sink.Congestion;
import io.zcbench.harness.sink.ReceiveMethod;
import io.zcbench.harness.sink.UnsupportedReceiveMethodException;
import io.zcbench.harness.sink.HostPort;
import io.zcbench.harness.sink.SinkServer;
import io.zcbench.harness.transfer.CopyJob;
import io.zcbench.harness.transfer.CopyResult;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "copy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Makes one verified transfer per path and destination and prints what it measured:",
                "path, destination, bytes sent and received, checksum verdict, seconds, GB/s (10^9 bytes/s).",
                "This is a one-off check, not a benchmark: use the JMH suite (scripts/zcbench run) for figures to publish.",
                "Path ids: ${sys:zcbench.pathIds}.",
                "Exit codes: 0 every transfer verified, 1 a transfer failed or lost data, 2 bad input, 3 a path is unsupported here."})
final class CopyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--path", required = true, paramLabel = "ID[,ID...]|all",
            description = "Copy path id(s), comma-separated, or 'all'.")
    String paths;

    @Option(names = "--to", required = true, paramLabel = "socket|file|all",
            description = "Destination: socket (TCP to a sink), file (a new file in --dir), or all (both).")
    String to;

    @Option(names = "--size", required = true, paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Source file size: 4096, 64KiB, 1MiB, 1GiB (K, M, G = KiB, MiB, GiB).")
    long size;

    @Option(names = "--chunk", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "64KiB",
            description = "Bytes per read/write or splice pair (default: ${DEFAULT-VALUE}). transfer-to sends the whole file per call.")
    long chunk;

    @Option(names = "--cache", paramLabel = "warm|cold", defaultValue = "warm",
            description = "Source page-cache state: warm = read fully first; cold = evicted with posix_fadvise(DONTNEED) "
                    + "(default: ${DEFAULT-VALUE}).")
    String cache;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Directory for the source file and the destination file (default: the system temp directory). "
                    + "Both are deleted afterwards.")
    Path dir;

    @Option(names = "--sink", paramLabel = "HOST:PORT",
            description = "A running 'zcbench sink' to send to. Default: start a sink process on 127.0.0.1.")
    String sink;

    @Option(names = "--sink-in-process", hidden = true, description = "Run the sink inside this JVM (tests only).")
    boolean sinkInProcess;

    @Option(names = "--receive", paramLabel = "copy|splice|trunc|zerocopy-receive|io-uring-recv|io-uring-zcrx",
            description = "How the sink this command starts receives: copy (recv into a buffer; checksums every transfer), "
                    + "splice (to /dev/null), trunc (recv with MSG_TRUNC), zerocopy-receive (TCP_ZEROCOPY_RECEIVE), io-uring-recv "
                    + "(a multishot io_uring recv into provided buffers) or "
                    + "io-uring-zcrx (needs a NIC queue with header split; unsupported here, exit 3). The methods that never "
                    + "see the bytes have one more transfer read and checksummed. With --counters the sink counts its "
                    + "receiving thread too (receiver in --json). Default: copy.")
    String receive = "copy";

    private int lowWater() {
        if (rcvLowWater < 0 || rcvLowWater > SinkServer.RECEIVE_CALL) {
            throw new UsageException("--rcvlowat " + io.zcbench.harness.fixture.Sizes.format(rcvLowWater) + ": expected 0 (the kernel's default) or a size up to 1MiB, "
                    + "what every receive method asks for per call");
        }
        if (rcvLowWater > 0 && ReceiveMethod.parse(receive).lowWaterRefusal() != null) {
            throw new UsageException("--rcvlowat with --receive " + receive + ": " + ReceiveMethod.parse(receive).lowWaterRefusal());
        }
        return (int) rcvLowWater;
    }

    /** The option's name before it was --receive; scripts that pass it keep working (no default of its own to override it). */
    @Option(names = "--drain", hidden = true, paramLabel = "METHOD")
    void drain(String method) {
        receive = method;
    }

    @Option(names = "--rcvlowat", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "0",
            description = "The receive low-water mark the sink sets on each connection (SO_RCVLOWAT: a receive call returns, "
                    + "and TCP wakes the receiver, once this many bytes are queued), up to 1MiB, what every receive method "
                    + "asks for per call. Default: 0, the kernel's own (1 byte).")
    long rcvLowWater;

    @Option(names = "--pipe-size", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "0",
            description = "splice: pipe size asked with F_SETPIPE_SZ (default: the chunk size).")
    long pipeSize;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "0",
            description = "io-uring-direct: O_DIRECT reads in flight, one registered buffer of --chunk each (1-64; default: 8).")
    int depth;

    @Option(names = "--sync", paramLabel = "fdatasync|none", defaultValue = "fdatasync",
            description = "End of a transfer to a file: fdatasync (a disk figure) or none (page cache only). Default: ${DEFAULT-VALUE}.")
    String sync;

    @Option(names = "--cc", paramLabel = "auto|system|ALGO", defaultValue = "auto",
            description = "TCP congestion control for the sender and the started sink: auto (to a sink zcbench starts, "
                    + "one that does not pace inside TCP: cubic, or reno where cubic needs CAP_NET_ADMIN; to --sink, the "
                    + "system's), system, or a name such as cubic. Default: ${DEFAULT-VALUE}.")
    String congestion;

    @Option(names = "--lease", description = "mmap-write: hold a read lease (F_SETLEASE) on the source during each transfer, "
            + "so a process that truncates or opens it for writing is noticed (it waits) and the transfer stops naming it, "
            + "instead of failing with EFAULT. Costs 2 fcntl per transfer and 1 per 16 chunks; off by default.")
    boolean lease;

    @Option(names = "--impl", paramLabel = "java|native|ffm", defaultValue = "java",
            description = "java: the path as zcbench implements it; native: its twin, the same loop in C in one JNI call (framework paths have none) "
                    + "(same descriptors, buffers, chunk and pipe); ffm: the Java path with its kernel calls through FFM "
                    + "downcalls instead of JNI (splice, vmsplice, copy-file-range; JDK 22+). Default: ${DEFAULT-VALUE}.")
    String impl;

    @Option(names = "--thread", paramLabel = "platform|virtual", defaultValue = "platform",
            description = "platform: the transfer runs on a platform thread; virtual: on a virtual thread of one carrier "
                    + "(JDK 21+; traditional, traditional-heap, mmap-write, transfer-to, splice), which --counters follow. "
                    + "Default: ${DEFAULT-VALUE}.")
    String thread;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Longest wait without progress on the sink before giving up (default: ${DEFAULT-VALUE} s).")
    int timeoutSeconds;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1",
            description = "Unreported transfers before the measured one, so class loading and the JIT stay out of "
                    + "its time and counters (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the source file's pseudo-random content (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--counters", description = "Count what the sending thread did during the transfer: syscalls "
            + "(by name), context switches, CPU user/system, page faults (perf_event_open; getrusage where refused).")
    boolean counters;

    @Option(names = "--hw-counters", description = "With --counters: also cycles and instructions split user/kernel, "
            + "where the machine exposes them. They slow loopback transfers on VMs, so the GB/s shown is then not a throughput figure.")
    boolean hwCounters;

    @Option(names = "--copies", description = "With the counters: the copy ledger. Which CPU copies the sending "
            + "thread's kernel made, by site (cpu-clock samples with kernel call chains: ns/KiB per site, sampled), and "
            + "on the sink's receiving thread where zcbench started the sink, the exact bytes copied socket -> user "
            + "(skb:skb_copy_datagram_iovec). Implies --counters; needs root (kallsyms, perf).")
    boolean copies;

    @Option(names = "--json", description = "Print one JSON object per transfer (JSON Lines) instead of text.")
    boolean json;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
            description = "Progress of transfers longer than a second on stderr (bytes the destination holds, rate): "
                    + "auto (on a terminal, rewritten in place), always (one line per second), never. Default: ${DEFAULT-VALUE}.")
    String progress;

    private Congestion ccChoice() {
        try {
            return Congestion.choose(congestion, sink == null);
        } catch (UsageException e) {
            throw new UsageException("--cc " + congestion + ": " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds <= 0) {
            throw new UsageException("--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        if (sink != null && sinkInProcess) {
            throw new UsageException("--sink and --sink-in-process exclude each other");
        }
        ReceiveMethod receiveMethod = ReceiveMethod.parse(receive);
        if (receiveMethod.unsupportedReason() != null && sink == null) {
            throw new UnsupportedReceiveMethodException(receiveMethod, receiveMethod.unsupportedReason());
        }
        List<Destination> destinations = "all".equals(to) ? Arrays.asList(Destination.values())
                : Arrays.stream(to.split(",")).map(String::trim).map(Destination::parse).toList();
        CopyJob.Input input = new CopyJob.Input(size, CacheState.parse(cache),
                dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir")), seed);
        CopyJob.SinkSpec sinkSpec = new CopyJob.SinkSpec(
                sink != null ? CopyJob.SinkMode.REMOTE : sinkInProcess ? CopyJob.SinkMode.IN_PROCESS : CopyJob.SinkMode.PROCESS,
                sink != null ? HostPort.parse(sink, "--sink") : null, receiveMethod, ccChoice().setting(), lowWater());
        CopyJob.Options options = new CopyJob.Options(CopyPaths.parseList(paths), destinations, input,
                PathOptions.of(chunk, pipeSize).withLease(lease).withDepth(depth), Impl.parse(impl), sinkSpec,
                FileTarget.Sync.parse(sync), Duration.ofSeconds(timeoutSeconds),
                counters || copies ? CounterConfig.fromSystemProperties(hwCounters).withCopies(copies) : null, warmup,
                "all".equals(paths) || "all".equals(to));
        if (hwCounters && !counters && !copies) {
            throw new UsageException("--hw-counters needs --counters");
        }
        CopyJob.validate(options);
        ThreadKind kind = threadKind(options);
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        List<CopyResult> results = new ArrayList<>();
        boolean single = options.paths().size() * options.destinations().size() == 1 && !options.onlySupportedPairs();
        boolean terminal = System.console() != null;
        boolean showProgress = switch (progress) {
            case "auto" -> terminal;
            case "always" -> true;
            case "never" -> false;
            default -> throw new UsageException("--progress " + progress + ": expected auto, always or never");
        };
        CopyJob job = new CopyJob(options, System.err).withProgress(showProgress, terminal);
        onThread(kind, () -> job.run(r -> {
            results.add(r);
            if (single && r.skipped() != null) {
                // One pair asked for and it cannot run: that is an error, reported as one line (and its JSON object).
                if (json) {
                    printJson(out, mapper, r);
                }
                throw new UnsupportedPathException(r.pair().path(), r.skipped().replaceFirst("^unsupported: ", ""), null);
            }
            if (r.error() != null) {
                // The failure's one place: stderr (the result lines below say only that it failed).
                System.err.println("zcbench: " + r.pair().path() + " to " + r.pair().destination() + ": " + Main.oneLine(r.error()));
            }
            if (json) {
                try {
                    out.println(mapper.writeValueAsString(r));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                printText(out, r, results.size() > 1);
            }
            out.flush();
        }));
        if (!json && results.size() > 1) {
            printSummary(out, results);
        }
        return exitCode(results);
    }

    /** The --thread kind, refused with one line where it cannot run: a JDK before 21, or a path not measured on it. */
    private ThreadKind threadKind(CopyJob.Options options) {
        ThreadKind kind;
        try {
            kind = ThreadKind.parse(thread);
        } catch (UsageException e) {
            throw new UsageException("--thread " + thread + ": " + e.getMessage());
        }
        if (kind == ThreadKind.VIRTUAL) {
            String why = ThreadKind.virtualUnavailable();
            if (why != null) {
                throw new UsageException("--thread virtual: " + why + "; run with JAVA_HOME set to a JDK 21 or later");
            }
            if (options.impl() == Impl.NATIVE) {
                throw new UsageException("--thread virtual runs the Java path (--impl java or ffm); --impl native is plain C "
                        + "making blocking calls on a socket the JDK makes non-blocking for a virtual thread");
            }
            for (PathInfo p : options.paths()) {
                String refusal = kind.refusal(p);
                if (refusal != null) {
                    throw new UsageException("--thread virtual with --path " + p.id() + ": " + refusal);
                }
            }
        }
        return kind;
    }

    /** A job that may throw what the command throws. */
    private interface Job {
        void run() throws Exception;
    }

    /**
     * Runs {@code job} here (platform), or on a virtual thread of a scheduler with one carrier (its properties set
     * before this JVM's first virtual thread), waiting for it and rethrowing what it threw.
     */
    private static void onThread(ThreadKind kind, Job job) throws Exception {
        if (kind == ThreadKind.PLATFORM) {
            job.run();
            return;
        }
        System.setProperty("jdk.virtualThreadScheduler.parallelism", "1");
        System.setProperty("jdk.virtualThreadScheduler.maxPoolSize", "1");
        Exception[] failed = new Exception[1];
        Error[] error = new Error[1];
        Thread t = ThreadKind.startVirtual("zcbench-copy", () -> {
            try {
                job.run();
            } catch (Exception e) {
                failed[0] = e;
            } catch (Error e) {
                error[0] = e;
            }
        });
        t.join();
        if (error[0] != null) {
            throw error[0];
        }
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    private static void printJson(PrintWriter out, ObjectMapper mapper, CopyResult r) {
        try {
            out.println(mapper.writeValueAsString(r));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    static int exitCode(List<CopyResult> results) {
        boolean skipped = false;
        for (CopyResult r : results) {
            if (r.error() != null) {
                return Main.EXIT_FAILED;
            }
            if (r.skipped() != null) {
                skipped = true;
            } else if (Boolean.FALSE.equals(r.measured().checksumOk())) {
                return Main.EXIT_FAILED;
            }
        }
        return skipped ? UnsupportedPathException.EXIT_CODE : 0;
    }

    private static void printText(PrintWriter out, CopyResult r, boolean separate) {
        if (separate) {
            out.println();
        }
        row(out, "path", r.pair().path() + ("native".equals(r.pair().impl()) ? " (native twin)" : ""));
        if (r.skipped() != null || r.error() != null) {
            row(out, "destination", r.pair().destination());
            row(out, "result", r.skipped() != null ? "skipped: " + r.skipped() : "FAILED (why: on stderr)");
            return;
        }
        row(out, "destination", r.pair().destination() + " — " + r.conditions().target());
        String residency = r.conditions().residentPagesBefore() == null ? ""
                : " (" + r.conditions().residentPagesBefore() + "/" + r.conditions().totalPages() + " pages cached before)";
        if ("virtual".equals(r.conditions().thread())) {
            row(out, "thread", "virtual, on one carrier (the counters follow the carrier)");
        }
        row(out, "source", Sizes.format(r.pair().size()) + " (" + r.pair().size() + " B), chunk " + Sizes.format(r.conditions().chunk())
                + ", cache " + r.conditions().cache() + residency);
        row(out, "bytes sent", r.measured().bytesSent() + " B");
        row(out, "bytes received", r.measured().bytesReceived() + " B");
        String verdict = r.measured().checksumOk() == null ? "not checked — " + r.measured().checksumNote()
                : r.measured().checksumOk() ? "OK (CRC32C " + r.measured().crc32cReceived() + ")"
                : "MISMATCH (CRC32C " + r.measured().crc32cReceived() + ", expected " + r.measured().crc32cExpected() + ")";
        row(out, "checksum", verdict);
        row(out, "time", String.format(Locale.ROOT, "%.6f s", r.measured().seconds()));
        row(out, "throughput", r.measured().gbPerSecond() == null ? (r.pair().size() == 0 ? "n/a (nothing to move: the file is empty)" : "n/a (no time elapsed)")
                : String.format(Locale.ROOT, "%.3f GB/s (10^9 B/s)", r.measured().gbPerSecond()));
        if (r.figures().countersTotals() != null) {
            for (String[] row : CounterMetrics.text(r.figures().countersTotals(), r.pair().size())) {
                row(out, row[0], row[1]);
            }
        }
        if (r.figures().receiver() != null) {
            receiverText(out, r.figures().receiver());
        }
        if (r.figures().copies() != null) {
            copiesText(out, r.figures().copies());
        }
        if (r.figures().notes() != null) {
            for (String n : r.figures().notes()) {
                row(out, "note", n);
            }
        }
    }

    /** What receiving cost the sink's thread, as it counted itself: a line for CPU, one for calls and copies. */
    @SuppressWarnings("unchecked")
    private static void receiverText(PrintWriter out, Map<String, Object> r) {
        Map<String, String> missing = (Map<String, String>) r.getOrDefault("unavailable", Map.of());
        row(out, "receiver", r.get("method") + ": " + (r.containsKey("onCpuNsPerKiB") ? String.format(Locale.ROOT,
                "on-CPU %s ns/KiB (system calls %s, softirq %s, user %s)", fmt(r.get("onCpuNsPerKiB")), fmt(r.get("syscallNsPerKiB")),
                fmt(r.get("softirqNsPerKiB")), fmt(r.get("userNsPerKiB"))) : "on-CPU n/a (" + missing.get("onCpuNsPerKiB") + ")"));
        StringBuilder calls = new StringBuilder();
        if (r.containsKey("syscalls")) {
            calls.append(fmt(r.get("syscalls"))).append(" syscalls ").append(r.get("syscallsByName")).append(", ")
                    .append(fmt(r.get("voluntaryContextSwitches"))).append(" voluntary switches, ");
        }
        calls.append(r.containsKey("copiesPerByte") ? fmt(r.get("copiesPerByte")) + " copies per byte (exact)"
                : "copies n/a (" + missing.get("copiesPerByte") + ")");
        if (r.containsKey("readPerByte")) {
            calls.append(", ").append(fmt(r.get("readPerByte"))).append(" bytes read per byte (the sink's own count)");
        }
        if (r.containsKey("mappedShare")) {
            calls.append(String.format(Locale.ROOT, ", %.1f%% of the bytes mapped", 100 * ((Number) r.get("mappedShare")).doubleValue()));
        }
        row(out, "", calls.toString());
    }

    private static String fmt(Object n) {
        return n == null ? "n/a" : String.format(Locale.ROOT, "%.3g", ((Number) n).doubleValue());
    }

    /** The copy ledger in lines: measured copies per side with the method, then each site. */
    @SuppressWarnings("unchecked")
    private static void copiesText(PrintWriter out, Map<String, Object> c) {
        Map<String, String> method = (Map<String, String>) c.get("method");
        Object sender = c.get("sender");
        Object receiver = c.get("receiver");
        row(out, "copies", "sender " + (sender == null ? "n/a (" + method.get("sender") + ")" : sender + " (" + method.get("sender") + ")"));
        row(out, "", "receiver " + (receiver == null ? "n/a (" + method.get("receiver") + ")"
                : String.format(Locale.ROOT, "%.3f bytes per byte (%s)", ((Number) receiver).doubleValue(), method.get("receiver"))));
        for (Map<String, Object> site : (List<Map<String, Object>>) c.get("sites")) {
            Object ns = site.get("nsPerKiB");
            row(out, "  " + site.get("thread"), ns != null
                    ? String.format(Locale.ROOT, "%s: %.1f ns/KiB (%s)", site.get("site"), ((Number) ns).doubleValue(), site.get("method"))
                    : String.format(Locale.ROOT, "%s: %.3f bytes per byte (%s)", site.get("site"),
                    ((Number) site.get("bytesPerByte")).doubleValue(), site.get("method")));
        }
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf(Locale.ROOT, "%-15s %s%n", key, value);
    }

    private static void printSummary(PrintWriter out, List<CopyResult> results) {
        out.println();
        out.printf(Locale.ROOT, "%-17s %-7s %12s  %s%n", "path", "to", "GB/s", "checksum");
        for (CopyResult r : results) {
            String gbs = r.measured().gbPerSecond() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.measured().gbPerSecond());
            String check = r.skipped() != null ? "skipped: " + r.skipped() : r.error() != null ? "FAILED (why: on stderr)"
                    : r.measured().checksumOk() == null ? "not checked" : r.measured().checksumOk() ? "OK" : "MISMATCH";
            out.printf(Locale.ROOT, "%-17s %-7s %12s  %s%n", r.pair().path(), r.pair().destination(), gbs, check);
        }
    }
}
