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
import io.zcbench.harness.sink.ReceiverFigures;

import java.io.IOException;

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
     * The same operation through the path's native twin (the same instance: its fds, buffers and pipe), prepared before;
     * for a Java path and its twin alternating in one fork.
     */
    public Transfer.Outcome executeTwin(Window window) throws IOException {
        if (twin == null) {
            pairTwin();
        }
        return Transfer.execute(twin, source, target, window);
    }

    /** Readies the twin view now; UnsupportedPathException (closing this session's path) where libzcbench is missing. */
    public TransferSession pairTwin() {
        twin = path.as(Impl.NATIVE);
        return this;
    }

    /** {@code ops} operations, each prepared like a timed one, counted on this thread with {@code config}. */
    public CounterTotals count(CounterConfig config, int ops) throws IOException {
        return count(config, ops, null);
    }

    /** As {@link #count(CounterConfig, int)}, each whole operation also read by {@code clock} (its wall and CPU time). */
    public CounterTotals count(CounterConfig config, int ops, OperationClock clock) throws IOException {
        ThreadCounters counters = ThreadCounters.forThisThread(config);
        receiver = null;
        for (int i = 0; i < ops; i++) {
            prepare();
            target.countNextTransfer();
            if (clock != null) {
                clock.begin();
            }
            Transfer.Outcome o = execute(counters);
            if (clock != null) {
                clock.end();
            }
            ReceiverFigures r = o.delivery().receiver();
            if (r != null) {
                receiver = receiver == null ? r : receiver.plus(r);
            }
        }
        return counters.totals();
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
        CopyLedger ledger = CopyLedger.forThisThread();
        prepare();
        execute(ledger);
        return ledger.totals();
    }

    @Override
    public void close() {
        path.close();
    }
}
