package io.zcbench.benchmarks;

import io.zcbench.benchmarks.profile.CounterRegistry;
import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.ThreadCounters;
import io.zcbench.harness.counters.Window;
import io.zcbench.harness.fixture.CacheState;
import io.zcbench.harness.fixture.PageCache;
import io.zcbench.harness.path.CopyPath;
import io.zcbench.harness.path.PathInfo;
import io.zcbench.harness.path.PathOptions;
import io.zcbench.harness.path.Source;
import io.zcbench.harness.path.Target;
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
    private Window window = Window.NONE;

    void open(BenchmarkParams params, String pathId, String chunk, String pipeSize, SourceState src,
              TargetFactory targets) throws IOException {
        this.params = params;
        try {
            PathInfo info = Params.path(pathId);
            PathOptions options = PathOptions.of(Params.size("chunk", chunk), Params.size("pipeSize", pipeSize));
            source = Source.open(src.file.path(), src.file.crc32c());
            target = targets.open();
            path = info.open(options, source, target);
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

    void beginIteration() {
        CounterConfig armed = CounterRegistry.armed();
        window = armed == null ? Window.NONE : ThreadCounters.forThisThread(armed);
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
            return Transfer.execute(path, source, target, window).bytesSent();
        } catch (IOException | RuntimeException e) {
            Outcomes.failed(params, e);
            throw e;
        }
    }

    void endIteration() {
        if (window instanceof ThreadCounters counters) {
            CounterRegistry.publish(counters.totals());
        }
        window = Window.NONE;
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
