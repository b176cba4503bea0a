package io.zcbench.benchmarks;

import io.zcbench.harness.endpoint.FileTarget;
import io.zcbench.harness.fixture.Sizes;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;

/** File → a new file in the data directory, one whole file per operation, re-created each time. */
@State(Scope.Thread)
public class ToFile extends SendingState {

    /** fdatasync: each operation ends on the disk; none: in the page cache (writeback not timed). */
    @Param({"fdatasync"})
    public String sync;

    @Setup(Level.Trial)
    public void open(BenchmarkParams params, SourceState src) throws IOException {
        FileTarget.Sync mode = Params.sync(sync);
        sender.open(params, path, impl, chunk, pipeSize, src, () -> {
            src.fs.requireFree(src.bytes, "a " + Sizes.format(src.bytes) + " destination file");
            return new FileTarget(src.fs, mode, false);
        });
        System.out.println("[zcbench] " + path + " (" + impl + ") → file in " + src.fs.describe() + ", " + Sizes.format(src.bytes)
                + " per operation, " + mode.id());
    }


    /*
     * What to expect, per path: with sync=fdatasync every operation ends on the device, so all
     * paths converge on the disk's write speed at large sizes and differ in CPU and syscalls;
     * transfer-to copies inside the kernel (sendfile on JDK 17, copy_file_range on newer JDKs) with
     * one call per file; splice moves pages file → pipe → file; o-direct bypasses the page cache on
     * both ends (pread64/pwrite64, a voluntary context switch per chunk), so it is slower on a
     * warm cache and leaves no dirty pages behind.
     */
    @Benchmark
    public long transfer() throws IOException {
        return sender.transfer();
    }

}
