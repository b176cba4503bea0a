package io.zcbench.harness.transfer;

import io.zcbench.harness.ProcFiles;
import io.zcbench.harness.UsageException;
import io.zcbench.harness.counters.CopyLedger;
import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.CounterMetrics;
import io.zcbench.harness.counters.CounterTotals;
import io.zcbench.harness.counters.ThreadCounters;
import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.Delivery;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.FileTarget;
import io.zcbench.harness.endpoint.SocketTarget;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.fixture.CacheState;
import io.zcbench.harness.fixture.FileSystemInfo;
import io.zcbench.harness.fixture.Leftovers;
import io.zcbench.harness.fixture.PageCache;
import io.zcbench.harness.fixture.Sizes;
import io.zcbench.harness.fixture.SourceFile;
import io.zcbench.harness.nativeio.NativeLibrary;
import io.zcbench.harness.path.Impl;
import io.zcbench.harness.path.PathInfo;
import io.zcbench.harness.path.ThreadKind;
import io.zcbench.harness.path.PathOptions;
import io.zcbench.harness.path.UnsupportedPathException;
import io.zcbench.harness.sink.ReceiveMethod;
import io.zcbench.harness.sink.SinkConnection;
import io.zcbench.harness.sink.SinkProcess;
import io.zcbench.harness.sink.SinkServer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * {@code zcbench copy}: one verified transfer per (path, destination) pair, sharing one source file
 * and one sink. Each pair is set up, measured once and torn down; a pair that cannot run here is
 * reported as skipped with its reason, never replaced by another mechanism.
 */
public final class CopyJob {
    /** Where socket transfers go. */
    public enum SinkMode { PROCESS, IN_PROCESS, REMOTE }

    /**
     * What to copy: every path to every destination ({@code onlySupportedPairs}: skip the pairs a path does not
     * declare, quietly), from which file, through which sink, how each transfer ends ({@code sync}) and how long it may
     * take, counted how, after how many warm-up transfers.
     */
    public record Options(List<PathInfo> paths, List<Destination> destinations, Input input, PathOptions pathOptions,
                          Impl impl, SinkSpec sink, FileTarget.Sync sync, Duration timeout, CounterConfig counters,
                          int warmup, boolean onlySupportedPairs) {
    }

    /** The source file: its size, the page cache's state before each transfer, its directory and its contents' seed. */
    public record Input(long size, CacheState cache, Path dir, long seed) {
    }

    /**
     * Where socket transfers go: a sink process, one in this process, or a remote one at {@code address}; how the sink
     * receives, and the congestion control asked for.
     */
    /** Where to send and how the sink receives; {@code lowWater}: the SO_RCVLOWAT it sets on the connection, bytes (0: none). */
    public record SinkSpec(SinkMode mode, InetSocketAddress address, ReceiveMethod receiveMethod, String congestion, int lowWater) {
    }

    private final Options o;
    private final PrintStream log;

    private boolean progress;
    private boolean progressInPlace;

    public CopyJob(Options options, PrintStream log) {
        this.o = options;
        this.log = log;
    }

    /**
     * Shows a progress line on {@code log} during transfers longer than a second: rewritten in place when
     * {@code inPlace} (a terminal), else one line per second.
     */
    public CopyJob withProgress(boolean on, boolean inPlace) {
        this.progress = on;
        this.progressInPlace = inPlace;
        return this;
    }

    /** One verified transfer, with the progress line (if on) watching the destination from its own thread. */
    private Transfer.Outcome transfer(String what, TransferSession s, Window w) throws IOException {
        Target t = s.target();
        try (AutoCloseable line = ProgressLine.start(progress, log, progressInPlace,
                s.path().info().id() + " -> " + t.destination().id() + (what.isEmpty() ? "" : " (" + what + ")"),
                s.source().size(), t)) {
            return s.verified(w);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs every pair, handing each result to {@code sink} as soon as it exists. */
    public void run(Consumer<CopyResult> results) throws IOException {
        FileSystemInfo fs = FileSystemInfo.of(o.input().dir(), "--dir");
        Leftovers.clean(fs.dir(), log);
        if (o.input().cache() == CacheState.COLD) {
            NativeLibrary.require("cache=cold (posix_fadvise and mincore)");
        }
        boolean anyFile = o.destinations().contains(Destination.FILE);
        long reserve = anyFile ? Sizes.roundUpToBlock(o.input().size(), fs.blockSize()) : 0;
        try (SourceFile file = SourceFile.create(fs, o.input().size(), o.input().seed(), reserve,
                anyFile ? "a destination file of the same size" : null, creationProgress(fs));
             Source source = Source.open(file.path(), file.crc32c());
             SinkHolder sink = new SinkHolder()) {
            for (Destination dest : o.destinations()) {
                for (PathInfo info : o.paths()) {
                    if (o.onlySupportedPairs() && !info.destinations().contains(dest)) {
                        continue; // 'all' means every pair the catalogue declares, not copy_file_range to a socket
                    }
                    CopyResult r;
                    try {
                        r = runPair(info, dest, fs, source, sink);
                    } catch (IOException e) {
                        // One object per pair, also for a pair that failed; the other pairs still run.
                        String why = e.getMessage() == null ? e.toString() : e.getMessage();
                        if (e instanceof DataLossException) {
                            why = "data loss: " + why;
                        }
                        r = skipped(info, dest, null).failed(why);
                    }
                    results.accept(r);
                }
            }
        }
    }

    private LongConsumer creationProgress(FileSystemInfo fs) {
        if (o.input().size() < 256 * Sizes.MIB) {
            return null;
        }
        long start = System.nanoTime();
        long[] lastReport = {start};
        return written -> {
            long now = System.nanoTime();
            if (lastReport[0] == start) {
                // First block written: the space check has passed, so announce the work now.
                log.println("creating a " + Sizes.format(o.input().size()) + " source file in " + fs.describe());
                lastReport[0] = start - 1;
            }
            if (now - lastReport[0] > 2_000_000_000L || written == o.input().size()) {
                lastReport[0] = now;
                log.printf(Locale.ROOT, "  %s of %s written (%.0f%%, %.1f s)%n", Sizes.format(written),
                        Sizes.format(o.input().size()), 100.0 * written / Math.max(1, o.input().size()), (now - start) / 1e9);
            }
        };
    }

    private CopyResult runPair(PathInfo info, Destination dest, FileSystemInfo fs, Source source, SinkHolder sink)
            throws IOException {
        List<String> notes = new ArrayList<>();
        Target target;
        try {
            target = dest == Destination.SOCKET ? socketTarget(sink, notes) : new FileTarget(fs, o.sync(), true);
        } catch (UnsupportedPathException e) {
            return skipped(info, dest, e.getMessage());
        }
        try (Target t = target) {
            TransferSession session;
            try {
                session = TransferSession.open(info, o.pathOptions(), source, t, o.impl(), o.input().cache());
            } catch (UnsupportedPathException e) {
                return skipped(info, dest, e.getMessage());
            }
            try (TransferSession s = session) {
                addNotes(info, dest, fs, notes);
                if (s.path().setupNote() != null) {
                    notes.add(s.path().setupNote());
                }
                // Class loading and the JIT would otherwise land in the one measured transfer.
                for (int i = 0; i < o.warmup(); i++) {
                    transfer("warm-up " + (i + 1) + " of " + o.warmup(), s, Window.NONE);
                }
                warmCache(source, notes);
                CounterTotals counted = null;
                Transfer.Outcome out;
                Map<String, Object> copies = null;
                Map<String, Object> receiver = null;
                if (o.counters() != null) {
                    ThreadCounters counters = s.counters(o.counters());
                    t.countNextTransfer(); // a sink counts its receiving thread too, and says so in its reply
                    out = transfer("counted", s, counters);
                    if (out.delivery().receiver() != null) {
                        receiver = out.delivery().receiver().json();
                    }
                    counted = s.onWork(counters::totals);
                    addMechanismNote(info, dest, counted, notes);
                    if (o.counters().copies()) {
                        // Sampling costs the sampled threads CPU: the ledger gets a transfer of its own.
                        copies = ledgerTransfer(s, dest);
                        notes.add("copies: from a second transfer of the same file, sampled; the figures above are the first's");
                    }
                } else {
                    out = transfer("", s, Window.NONE);
                }
                PageCache.Residency residency = o.input().cache() == CacheState.COLD ? s.lastEviction() : warmResidency;
                if (residency != null && o.input().cache() == CacheState.COLD && residency.resident() > 0) {
                    notes.add(residency.resident() + " of " + residency.total() + " pages stayed cached after POSIX_FADV_DONTNEED");
                }
                Delivery checked = out.delivery();
                if (checked.crc32c() == null && !t.checksums()) {
                    // A sink that drains without reading cannot checksum: one more transfer it reads and checksums.
                    checked = s.verifyOnce().delivery();
                }
                Boolean ok = Transfer.checksumOk(source, checked);
                double seconds = out.nanos() / 1e9;
                CopyResult.Measured measured = new CopyResult.Measured(out.bytesSent(), out.delivery().bytesReceived(), ok,
                        seconds, seconds > 0 && source.size() > 0 ? source.size() / seconds / 1e9 : null,
                        checked.checksumNote(), Transfer.hex(source.crc32c()),
                        checked.crc32c() == null ? null : Transfer.hex(checked.crc32c()));
                CopyResult.Conditions conditions = new CopyResult.Conditions(o.pathOptions().chunk(), o.input().cache().id(),
                        residency == null ? null : residency.resident(), residency == null ? null : residency.total(),
                        t.describe(), fs.dir().toString(), fs.type(), System.getProperty("java.vm.vendor") + " "
                        + System.getProperty("java.runtime.version"),
                        (ThreadKind.currentIsVirtual() ? ThreadKind.VIRTUAL : ThreadKind.PLATFORM).id());
                CopyResult.Figures figures = new CopyResult.Figures(counted == null ? null : CounterMetrics.json(counted),
                        notes.isEmpty() ? null : notes, counted, copies, receiver);
                return new CopyResult(new CopyResult.Pair(info.id(), dest.id(), o.impl().id(), source.size()), measured,
                        null, conditions, figures, null);
            }
        }
    }

    /** Says which route a path whose model names routes (transfer-to) took on this JDK, from what the counters saw. */
    private static void addMechanismNote(PathInfo info, Destination dest, CounterTotals counted, List<String> notes) {
        List<String> routes = info.model().routeCalls();
        if (routes.isEmpty() || counted.values().get(Counter.SYSCALLS) == null) {
            return;
        }
        Map<String, Long> n = counted.syscallsByName();
        List<String> used = routes.stream().filter(n::containsKey).toList(); // in the order the JDK tries them
        if (used.size() > 1) {
            notes.add(info.id() + " tried " + String.join(", then ", used.subList(0, used.size() - 1)) + " first, then "
                    + used.get(used.size() - 1) + " carried the data (this JDK tries them in that order)");
        } else if (used.size() == 1) {
            notes.add(info.id() + " used " + used.get(0) + " on this JDK");
        } else if (counted.ops() > 0 && n.values().stream().mapToLong(Long::longValue).sum() > 0) {
            notes.add(info.id() + " made none of " + String.join(", ", routes)
                    + ": the JDK fell back to " + n.keySet());
        }
    }

    private CopyResult skipped(PathInfo info, Destination dest, String why) {
        return CopyResult.skipped(new CopyResult.Pair(info.id(), dest.id(), o.impl().id(), o.input().size()),
                new CopyResult.Conditions(o.pathOptions().chunk(), o.input().cache().id(), null, null, null, o.input().dir().toString(),
                        null, null, null), why);
    }

    /** One more verified transfer with the sending thread's ledger and, where zcbench runs the sink, the receiver's. */
    private Map<String, Object> ledgerTransfer(TransferSession s, Destination dest) throws IOException {
        Target t = s.target();
        CopyLedger sender = null;
        String senderProblem = null;
        try {
            sender = s.ledger();
        } catch (IllegalStateException e) {
            senderProblem = e.getMessage();
        }
        CopyLedger receiver = null;
        CopyLedger receiverBytes = null;
        String receiverProblem = null;
        try {
            receiver = receiverLedger(dest, t);
            // the exact bytes from a tracepoint of its own: under the sampling clock's group it lost records here
            receiverBytes = CopyLedger.receivedBytesOf(receiverTid);
        } catch (IllegalStateException e) {
            receiverProblem = e.getMessage();
        }
        try {
            if (receiver != null && receiverBytes != null) {
                receiver.enable(true);
                receiverBytes.enable(true);
            }
            transfer("copy ledger", s, sender != null ? sender : Window.NONE);
            if (receiver != null && receiverBytes != null) {
                receiverBytes.enable(false);
                receiver.enable(false);
                receiver.drain();
                receiverBytes.drain();
                receiver.countOp();
            }
            CopyLedger.Totals sent = sender == null ? null : s.onWork(sender::totals);
            return CopyLedger.json(sent, senderProblem,
                    receiver == null || receiverBytes == null ? null : receiver.totals().plus(receiverBytes.totals()),
                    receiverProblem, s.source().size());
        } finally {
            if (receiver != null) {
                receiver.close();
            }
            if (receiverBytes != null) {
                receiverBytes.close();
            }
        }
    }

    /** The sink thread serving the connection just made (a thread that appeared with it), for the receiver's ledger. */
    private int receiverTid;

    /** Where zcbench started the sink, a ledger on the thread that receives this pair's bytes. */
    private CopyLedger receiverLedger(Destination dest, Target target) {
        if (dest != Destination.SOCKET) {
            throw new IllegalStateException("no receiver: the destination is a file");
        }
        if (o.sink().mode() == SinkMode.REMOTE) {
            throw new IllegalStateException("the sink runs on another host (--sink): its receiving thread cannot be sampled from here");
        }
        if (receiverTid <= 0) {
            throw new IllegalStateException("the sink's receiving thread was not found (no zcbench-sink-N thread appeared "
                    + "for this connection)");
        }
        return CopyLedger.open(receiverTid, -1, false);
    }

    /** Thread ids of the sink's connection threads ({@code zcbench-sink-N}) in process {@code pid}. */
    private static Set<Integer> sinkThreads(long pid) {
        Set<Integer> out = new HashSet<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                String comm = ProcFiles.read(t.resolve("comm"));
                if (comm != null && comm.matches("zcbench-sink-\\d+")) {
                    out.add(Integer.parseInt(t.getFileName().toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no such process any more: no receiver thread
        }
        return out;
    }

    private Target socketTarget(SinkHolder sink, List<String> notes) throws IOException {
        InetSocketAddress addr = sink.address();
        long sinkPid = sink.pid();
        Set<Integer> before = sinkPid > 0 && o.counters() != null && o.counters().copies()
                ? sinkThreads(sinkPid) : null;
        SinkConnection conn = SinkConnection.connect(addr, o.timeout(), o.sink().congestion(), o.counters() != null,
                o.sink().lowWater());
        receiverTid = -1;
        if (before != null) {
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (receiverTid < 0 && System.nanoTime() < deadline) {
                Set<Integer> now = sinkThreads(sinkPid);
                now.removeAll(before);
                if (now.size() == 1) {
                    receiverTid = now.iterator().next();
                } else {
                    Thread.onSpinWait();
                }
            }
        }
        if (addr.getAddress() != null && addr.getAddress().isLoopbackAddress()) {
            notes.add("loopback: no NIC and no DMA; the sink receives with " + conn.drain().id() + " (" + conn.drain().what() + ")"
                    + (o.counters() == null ? "" : conn.receiverCounts() ? "; what that cost it is under receiver"
                    : "; the sink did not count itself (an older zcbench sink?)"));
        }
        return new SocketTarget(conn, true);
    }

    private void addNotes(PathInfo info, Destination dest, FileSystemInfo fs, List<String> notes) {
        if (fs.inMemory() && dest == Destination.FILE) {
            notes.add(fs.dir() + " is " + fs.type() + ": files live in memory, so this is a memory figure, not a disk figure");
        }
        if (fs.inMemory() && info.needsODirect()) {
            notes.add(fs.type() + " accepts O_DIRECT on this kernel but has no device behind it: this is not a disk figure");
        }
        if (fs.inMemory() && o.input().cache() == CacheState.COLD) {
            notes.add("cache=cold has no effect on " + fs.type() + ": its page cache is the storage itself");
        }
        if (dest == Destination.FILE && o.sync() == FileTarget.Sync.NONE) {
            notes.add("--sync none: the transfer ends in the page cache; writeback to disk is not included");
        }
    }

    /** The warm source's residency checked before the measured transfer (null for cold: see lastEviction). */
    private PageCache.Residency warmResidency;

    /** warm: the source read into the page cache and its residency checked before the measured transfer. */
    private void warmCache(Source source, List<String> notes) throws IOException {
        warmResidency = null;
        if (o.input().cache() == CacheState.COLD) {
            return;
        }
        PageCache.warm(source.channel(), source.size());
        if (!NativeLibrary.isAvailable()) {
            notes.add("warm: residency not checked (libzcbench unavailable: " + NativeLibrary.unavailableReason() + ")");
            return;
        }
        warmResidency = PageCache.residency(source.channel(), source.size());
        if (!warmResidency.complete()) {
            notes.add(String.format(Locale.ROOT, "warm: only %.1f%% of the source was cached before the transfer",
                    100 * warmResidency.fraction()));
        }
    }

    /** Starts the sink this job needs, once, on first use. */
    private final class SinkHolder implements AutoCloseable {
        private SinkProcess process;
        private SinkServer server;

        InetSocketAddress address() throws IOException {
            switch (o.sink().mode()) {
                case REMOTE:
                    return o.sink().address();
                case IN_PROCESS:
                    if (server == null) {
                        server = SinkServer.start(new InetSocketAddress("127.0.0.1", 0), o.sink().receiveMethod(), o.sink().congestion(), log);
                    }
                    return server.address();
                default:
                    if (process == null) {
                        process = SinkProcess.start(o.sink().receiveMethod(), o.sink().congestion(), Duration.ofSeconds(30), log);
                    }
                    return process.address();
            }
        }

        /** The local sink's process id (this process for an in-process sink), or -1 for a remote one. */
        long pid() {
            return server != null ? ProcessHandle.current().pid() : process != null ? process.pid() : -1;
        }

        @Override
        public void close() throws IOException {
            if (process != null) {
                process.close();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    /** Fails fast on option combinations that cannot work, before any file is created. */
    public static void validate(Options o) {
        if (o.paths().isEmpty() || o.destinations().isEmpty()) {
            throw new UsageException("nothing to do: give at least one --path and one --to");
        }
        if (o.input().size() < 0) {
            throw new UsageException("--size must not be negative");
        }
        if (o.warmup() < 0) {
            throw new UsageException("--warmup must not be negative, got " + o.warmup());
        }
    }
}
