package io.zcbench.benchmarks;

import io.zcbench.benchmarks.profile.CounterRegistry;
import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.ThreadCounters;
import io.zcbench.harness.counters.Window;
import io.zcbench.harness.fixture.CacheState;
import io.zcbench.harness.fixture.PageCache;
import io.zcbench.harness.path.CopyPath;
import io.zcbench.harness.path.Impl;
import io.zcbench.harness.path.PathInfo;
import io.zcbench.harness.path.PathOptions;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.path.UnsupportedPathException;
import io.zcbench.harness.transfer.Transfer;

import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;

/**
 * One sending thread's side of a benchmark: its own source channel, target and path instance,
 * opened for the trial; per operation only the transfer itself. Counting happens only when the zc
 * profiler armed it for the iteration.
 */
final class Sender implements AutoCloseable {
    interface TargetFactory {
        Target open() throws IOException;
    }

    private BenchmarkParams params;
    private Source source;
    private Target target;
    private CopyPath path;
    private boolean cold;
    private ThreadCounters inline;

    void open(BenchmarkParams params, String pathId, String impl, String chunk, String pipeSize, SourceState src,
              TargetFactory targets) throws IOException {
        this.params = params;
        try {
            PathInfo info = Params.path(pathId);
            PathOptions options = PathOptions.of(Params.size("chunk", chunk), Params.size("pipeSize", pipeSize))
                    .withDepth(params.getParamsKeys().contains("depth") ? Params.count("depth", params.getParam("depth")) : 0);
            source = Source.open(src.file.path(), src.file.crc32c());
            target = targets.open();
            Impl how = Params.impl(impl);
            path = info.open(options, source, target).as(how);
        } catch (UnsupportedPathException e) {
            Outcomes.skipped(params, e.getMessage());
            close();
            throw e;
        } catch (IOException | RuntimeException e) {
            Outcomes.failed(params, e);
            close();
            throw e;
        }
        cold = src.cacheState == CacheState.COLD;
    }

    /** Timed operations are never counted (the zc profiler counts extra operations at teardown). */
    void beginIteration() {
        inline = null;
    }

    /** Counts every timed operation of this iteration with {@code config} (the overhead benchmark's "all"). */
    void countInline(CounterConfig config) {
        inline = ThreadCounters.forThisThread(config);
    }

    /** Outside the timed region: rewind, create or truncate the destination file, evict for cold. */
    void prepare() throws IOException {
        Transfer.prepare(path, source, target);
        if (cold) {
            PageCache.evict(source.channel());
            CounterRegistry.afterEvict(PageCache.residency(source.channel(), source.size()).resident());
        }
    }

    long transfer() throws IOException {
        try {
            // Throws DataLossException unless the destination confirms every byte.
            return Transfer.execute(path, source, target, inline == null ? Window.NONE : inline).bytesSent();
        } catch (IOException | RuntimeException e) {
            Outcomes.failed(params, e);
            throw e;
        }
    }

    /**
     * When the zc profiler is on: {@code ops} more transfers, each prepared like a timed one (evicted
     * for cold), counted, outside the timed region. Runs in the iteration teardown, on the same warmed
     * thread, connection and path instance as the timed operations.
     */
    void endIteration(CounterConfig config, int ops) throws IOException {
        if (inline != null) {
            CounterRegistry.publish(inline.totals());
            inline = null;
        }
        if (config == null) {
            return;
        }
        ThreadCounters counters = ThreadCounters.forThisThread(config);
        if (ops <= 0) {
            return;
        }
        for (int i = 0; i < ops; i++) {
            prepare();
            try {
                Transfer.execute(path, source, target, counters);
            } catch (IOException | RuntimeException e) {
                Outcomes.failed(params, e);
                throw e;
            }
        }
        CounterRegistry.publish(counters.totals());
        if (CounterRegistry.ledgerIteration()) {
            countCopies();
        }
    }

    /** One more operation, prepared like the others, sampled for the copy ledger (sampling costs CPU: never in the counted ones). */
    private void countCopies() throws IOException {
        io.zcbench.harness.counters.CopyLedger ledger;
        try {
            ledger = io.zcbench.harness.counters.CopyLedger.forThisThread();
        } catch (IllegalStateException e) {
            CounterRegistry.copiesUnavailable(e.getMessage());
            return;
        }
        prepare();
        try {
            Transfer.execute(path, source, target, ledger);
        } catch (IOException | RuntimeException e) {
            Outcomes.failed(params, e);
            throw e;
        }
        CounterRegistry.publishCopies(ledger.totals());
    }

    void endIteration() throws IOException {
        endIteration(CounterRegistry.armed(), CounterRegistry.countedOps());
    }

    @Override
    public void close() throws IOException {
        try (Source s = source; Target t = target; CopyPath p = path) {
            source = null;
            target = null;
            path = null;
        }
    }
}
