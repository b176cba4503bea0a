package io.zcbench.benchmarks;

import io.zcbench.benchmarks.profile.CounterRegistry;
import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.ThreadCounters;
import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.fixture.PageCache;
import io.zcbench.harness.path.PathInfo;
import io.zcbench.harness.path.PathOptions;
import io.zcbench.harness.path.UnsupportedPathException;
import io.zcbench.harness.transfer.TransferSession;

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
    private TransferSession session;
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
            session = TransferSession.open(info, options, source, target, Params.impl(impl), src.cacheState);
        } catch (UnsupportedPathException e) {
            Outcomes.skipped(params, e.getMessage());
            close();
            throw e;
        } catch (IOException | RuntimeException e) {
            Outcomes.failed(params, e);
            close();
            throw e;
        }
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
        PageCache.Residency evicted = session.prepare();
        if (evicted != null) {
            CounterRegistry.afterEvict(evicted.resident());
        }
    }

    long transfer() throws IOException {
        try {
            // Throws DataLossException unless the destination confirms every byte.
            return session.execute(inline == null ? Window.NONE : inline).bytesSent();
        } catch (IOException | RuntimeException e) {
            Outcomes.failed(params, e);
            throw e;
        }
    }

    /**
     * When the zc profiler is on: {@code ops} more transfers, each prepared like a timed one (evicted
     * for cold), counted, outside the timed region; in the ledger's iterations one more, sampled. Runs in the
     * iteration teardown, on the same warmed thread, connection and path instance as the timed operations.
     */
    void endIteration(CounterConfig config, int ops) throws IOException {
        if (inline != null) {
            CounterRegistry.publish(inline.totals());
            inline = null;
        }
        if (config == null) {
            return;
        }
        if (ops <= 0) {
            // Warmup iterations open the counters (so every measured iteration pays the same small cost of
            // registered tracepoints) but count nothing.
            ThreadCounters.forThisThread(config);
            return;
        }
        try {
            CounterRegistry.publish(session.count(config, ops));
            if (CounterRegistry.ledgerIteration()) {
                try {
                    CounterRegistry.publishCopies(session.sampleCopies());
                } catch (IllegalStateException e) {
                    CounterRegistry.copiesUnavailable(e.getMessage());
                }
            }
        } catch (IOException | RuntimeException e) {
            Outcomes.failed(params, e);
            throw e;
        }
    }

    void endIteration() throws IOException {
        endIteration(CounterRegistry.armed(), CounterRegistry.countedOps());
    }

    @Override
    public void close() throws IOException {
        try (Source s = source; Target t = target; TransferSession p = session) {
            source = null;
            target = null;
            session = null;
        }
    }
}
