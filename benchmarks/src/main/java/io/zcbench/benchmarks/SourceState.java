package io.zcbench.benchmarks;

import io.zcbench.benchmarks.profile.CounterRegistry;
import io.zcbench.harness.fixture.CacheState;
import io.zcbench.harness.fixture.FileSystemInfo;
import io.zcbench.harness.fixture.PageCache;
import io.zcbench.harness.fixture.Sizes;
import io.zcbench.harness.fixture.SourceFile;
import io.zcbench.harness.nativeio.NativeLibrary;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The source file, shared by all threads of a benchmark. For {@code cache=warm} its residency is
 * checked with mincore at the start of every iteration and missing pages are re-read: this kind of
 * machine evicts page cache that sat idle for about a minute.
 */
@State(Scope.Benchmark)
public class SourceState {
    /** Source file size: bytes with an optional binary unit. */
    @Param({"1MiB", "64MiB"})
    public String size;

    /** warm: fully cached before each iteration; cold: evicted before each operation. */
    @Param({"warm", "cold"})
    public String cache;

    /** Data directory for source and destination files; "" = -Dzcbench.dir or the system temp directory. */
    @Param({""})
    public String dir;

    /** The property the runner sets so that its forks share one source file per size ({@code SourceFile.shared}). */
    public static final String SHARED_FIXTURES = "zcbench.fixtureOwner";

    FileSystemInfo fs;
    SourceFile file;
    CacheState cacheState;
    long bytes;

    @Setup(Level.Trial)
    public void create() throws IOException {
        bytes = Params.size("size", size);
        cacheState = Params.cache(cache);
        String d = dir.isEmpty() ? System.getProperty("zcbench.dir", System.getProperty("java.io.tmpdir")) : dir;
        fs = FileSystemInfo.of(Path.of(d), "parameter dir");
        String owner = System.getProperty(SHARED_FIXTURES);
        // Under the runner, forks share one source file per size (made once, the same bytes); alone, each makes its own.
        file = owner != null ? SourceFile.shared(fs, bytes, 42, Long.parseLong(owner)) : SourceFile.create(fs, bytes, 42, 0, null, null);
    }

    @Setup(Level.Iteration)
    public void checkWarm() throws IOException {
        if (cacheState != CacheState.WARM || !NativeLibrary.isAvailable()) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            PageCache.Residency before = PageCache.residency(ch, bytes);
            long rewarmed = 0;
            PageCache.Residency now = before;
            if (!before.complete()) {
                PageCache.warm(ch, bytes);
                now = PageCache.residency(ch, bytes);
                rewarmed = before.total() - before.resident();
                System.out.println("[zcbench] warm: " + rewarmed + " of " + before.total() + " pages of the "
                        + Sizes.format(bytes) + " source had been evicted; re-read (now " + now + ")");
            }
            CounterRegistry.cacheChecked(now.resident(), now.total(), rewarmed);
        }
    }

    @TearDown(Level.Trial)
    public void delete() {
        if (file != null) {
            file.close();
        }
    }
}
