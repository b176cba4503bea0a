package io.zcbench.benchmarks;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Does zero-copy still win when the file outgrows the page cache? File → socket as {@link ToSocket}, one large
 * cold file per operation (one shot per iteration), from a fork inside a memory cgroup smaller than the file,
 * while a second thread keeps reading a hot set ({@link MemoryState}). Buffered paths pull every byte through
 * the page cache and evict the hot set; O_DIRECT paths should not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 6)
public class LargeFile extends ToSocket {

    @Setup(Level.Invocation)
    public void beforeOperation(MemoryState memory) throws IOException {
        memory.beforeOperation();
    }

    @TearDown(Level.Invocation)
    public void afterOperation(MemoryState memory, SourceState src) throws IOException {
        memory.afterOperation(src);
    }
}
