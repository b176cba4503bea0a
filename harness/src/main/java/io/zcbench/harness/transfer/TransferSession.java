package io.zcbench.harness.transfer;

import io.zcbench.harness.counters.CopyLedger;
import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.CounterTotals;
import io.zcbench.harness.counters.OperationClock;
import io.zcbench.harness.counters.ThreadCounters;
import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.fixture.CacheState;
import io.zcbench.harness.fixture.PageCache;
import io.zcbench.harness.path.CopyPath;
import io.zcbench.harness.path.Impl;
import io.zcbench.harness.path.PathInfo;
import io.zcbench.harness.path.PathOptions;
import io.zcbench.harness.path.WorkThread;
import io.zcbench.harness.sink.ReceiverFigures;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * One path instance over one source and one destination, and the lifecycle every measured transfer follows, for the
 * benchmarks and for {@code zcbench copy} alike: open (support checked, buffers pre-touched), prepare each operation
 * outside the timed window (rewind, create the destination file, evict the source for a cold cache), the timed
 * operation, operations counted with the thread's counters, and an operation sampled for the copy ledger. Counting and
 * sampling never run in a timed operation the caller reports as such.
 */
public final class TransferSession implements AutoCloseable {
    private final CopyPath path;
    private CopyPath twin;
    private final Source source;
    private final Target target;
    private final CacheState cache;
    private PageCache.Residency evicted;

    private TransferSession(CopyPath path, Source source, Target target, CacheState cache) {
        this.path = path;
        this.source = source;
        this.target = target;
        this.cache = cache;
    }

    /** Opens {@code info} as {@code impl} over source and target; {@code UnsupportedPathException} says why it cannot run. */
    public static TransferSession open(PathInfo info, PathOptions options, Source source, Target target, Impl impl,
                                       CacheState cache) throws IOException {
        return new TransferSession(info.open(options, source, target).as(impl), source, target, cache);
    }

    public CopyPath path() {
        return path;
    }

    public Source source() {
        return source;
    }

    public Target target() {
        return target;
    }

    /**
     * Readies the next operation, untimed: the source rewound (and checked unchanged), the destination ready, and for a
     * cold cache the source evicted. Returns the source's residency right after an eviction, else null.
     */
    public PageCache.Residency prepare() throws IOException {
        Transfer.prepare(path, source, target);
        if (cache != CacheState.COLD) {
            return null;
        }
        PageCache.evict(source.channel());
        evicted = PageCache.residency(source.channel(), source.size());
        return evicted;
    }

    /** The source's residency right after the last eviction (cold), or null. */
    public PageCache.Residency lastEviction() {
        return evicted;
    }

    /**
     * One operation whose bytes are checked end to end even where the ordinary ones are not (a sink that drains with
     * splice reads this one and checksums it); throws DataLossException when the checksums differ. Untimed.
     */
    public Transfer.Outcome verifyOnce() throws IOException {
        target.verifyNextTransfer();
        Transfer.Outcome o = verified(Window.NONE);
        Boolean ok = Transfer.checksumOk(source, o.delivery());
        if (Boolean.FALSE.equals(ok)) {
            throw new DataLossException(path.info().id() + ": the " + target.destination().id() + " received bytes whose "
                    + "CRC32C " + Transfer.hex(o.delivery().crc32c()) + " differs from the source's " + Transfer.hex(source.crc32c()));
        }
        return o;
    }

    /**
     * A prepared operation whose delivery is then checked end to end where the destination can (a file read back, the
     * sink's CRC32C), outside the timed window.
     */
    public Transfer.Outcome verified(Window window) throws IOException {
        prepare();
        Transfer.Outcome o = execute(window);
        return new Transfer.Outcome(o.bytesSent(), target.verify(o.delivery()), o.nanos());
    }

    /** The operation itself, prepared before: the timed window, with {@code window} around the path's own calls. */
    public Transfer.Outcome execute(Window window) throws IOException {
        return Transfer.execute(path, source, target, window);
    }

    /**
     * As {@link #execute(Window)}, the operation also read by {@code clock}, which the caller begins before and ends
     * after: where the path's calls run on another thread (a framework's event loop), the clock adds that thread's
     * on-CPU time, switches and faults, read there around the path's calls.
     */
    public Transfer.Outcome execute(Window window, OperationClock clock) throws IOException {
        return Transfer.execute(path, source, target, onWorkThread(path, window, clock));
    }

    /**
     * The same operation through what the path alternates with under impl=paired (its native twin, or a framework
     * path's raw baseline: the same fds and options), prepared before; see {@link #execute(Window, OperationClock)}.
     */
    public Transfer.Outcome executeTwin(Window window, OperationClock clock) throws IOException {
        if (twin == null) {
            pairTwin();
        }
        return Transfer.execute(twin, source, target, onWorkThread(twin, window, clock));
    }

    private static Window onWorkThread(CopyPath p, Window window, OperationClock clock) {
        return clock == null || p.workThread() == null ? window : Window.around(clock.onWorkThread(), window);
    }

    /** Readies the pair now; UnsupportedPathException (closing this session's path) where it cannot run. */
    public TransferSession pairTwin() throws IOException {
        twin = path.partner();
        return this;
    }

    /** What impl=paired alternates with: the native twin, or a framework path's raw baseline; null before {@link #pairTwin}. */
    public CopyPath twin() {
        return twin;
    }

    /** Who makes the path's system calls, where it is not the calling thread (a framework's event loop), or null. */
    public String workThread() {
        WorkThread w = path.workThread();
        return w == null ? null : w.who();
    }

    /**
     * The counters for {@code config} of the thread that makes the path's calls (the calling thread, or a framework's
     * event loop), opened there on first use and reset.
     */
    public ThreadCounters counters(CounterConfig config) throws IOException {
        return onWork(() -> ThreadCounters.forThisThread(config));
    }

    /** The copy ledger of the thread that makes the path's calls, opened there on first use and reset. */
    public CopyLedger ledger() throws IOException {
        return onWork(CopyLedger::forThisThread);
    }

    /** Runs {@code task} on the thread that makes the path's calls (to read its counters' totals there). */
    public <T> T onWork(Callable<T> task) throws IOException {
        WorkThread w = path.workThread();
        if (w != null) {
            return w.call(task);
        }
        try {
            return task.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ops} operations, each prepared like a timed one, counted with {@code config} on the thread making the calls. */
    public CounterTotals count(CounterConfig config, int ops) throws IOException {
        return count(config, ops, null);
    }

    /** As {@link #count(CounterConfig, int)}, each whole operation also read by {@code clock} (its wall and CPU time). */
    public CounterTotals count(CounterConfig config, int ops, OperationClock clock) throws IOException {
        ThreadCounters counters = counters(config);
        receiver = null;
        for (int i = 0; i < ops; i++) {
            prepare();
            target.countNextTransfer();
            if (clock != null) {
                clock.begin();
            }
            Transfer.Outcome o = execute(counters, clock);
            if (clock != null) {
                clock.end();
            }
            ReceiverFigures r = o.delivery().receiver();
            if (r != null) {
                receiver = receiver == null ? r : receiver.plus(r);
            }
        }
        return onWork(counters::totals);
    }

    /**
     * What the receiving end counted in the last {@link #count} (a sink counting its receiving thread, when the
     * connection asked for it at its greeting), or null: a file destination, or a sink that did not count.
     */
    public ReceiverFigures receiver() {
        return receiver;
    }

    private ReceiverFigures receiver;

    /**
     * One more operation, prepared like the others, sampled for the copy ledger of this thread (sampling costs the
     * thread CPU, so never in an operation whose figures are reported). Throws IllegalStateException where the ledger
     * cannot be kept, with the reason.
     */
    public CopyLedger.Totals sampleCopies() throws IOException {
        CopyLedger ledger = ledger();
        prepare();
        execute(ledger);
        return onWork(ledger::totals);
    }

    @Override
    public void close() {
        path.close();
    }
}
