package io.zcbench.benchmarks;

import io.zcbench.harness.metrics.Unavailable;
import io.zcbench.benchmarks.profile.CounterRegistry;
import io.zcbench.harness.fixture.DeviceReads;
import io.zcbench.harness.fixture.HotSet;
import io.zcbench.harness.fixture.MemoryCgroup;
import io.zcbench.harness.fixture.PageCache;
import io.zcbench.harness.fixture.Sizes;
import io.zcbench.harness.fixture.SourceFile;
import io.zcbench.harness.metrics.Metrics;
import io.zcbench.harness.nativeio.NativeLibrary;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * The large-file scenario's memory: this fork joins a memory cgroup of {@code limit} that it creates (and removes
 * at the trial's end, or its shutdown hook, or the next run does), and a second thread reads a hot set of
 * {@code hot} bytes over and over. Around each timed operation it measures what the transfer did to the hot set
 * (its reader's GB/s and major faults, the share of it cached before and after), the bytes read from the device,
 * and the page cache the transfer left behind; published as {@code zc.large.*} through the zc profiler.
 */
@State(Scope.Benchmark)
public class MemoryState {
    /** Memory cgroup limit for this fork (its page cache included); "none": no cgroup, the control. */
    @Param({"256MiB"})
    public String limit;

    /** Size of the hot set read by the second thread. */
    @Param({"64MiB"})
    public String hot;

    /** How fast the second thread reads the hot set, MB/s (10^6 B/s): the rate other requests need it at; "max": flat out. */
    @Param({"200"})
    public String hotRate;

    private MemoryCgroup cgroup;
    private SourceFile hotFile;
    private HotSet hotSet;
    private DeviceReads device;
    private double residentBefore;
    private HotSet.Snapshot before;
    private long deviceBefore;

    /**
     * Takes the sink and the source as arguments so that JMH sets them up first: the sink process is started before
     * this fork joins the cgroup (a child started after would be charged to it), the large file is made outside it.
     */
    @Setup(Level.Trial)
    public void enter(BenchmarkParams params, SourceState src, SinkState sink) throws IOException {
        NativeLibrary.require("the large-file scenario (mincore, fadvise)");
        long limitBytes = limit.equals("none") ? 0 : Params.size("limit", limit);
        try {
            if (limitBytes > 0) {
                cgroup = MemoryCgroup.create(limitBytes).join();
            }
        } catch (MemoryCgroup.Unsupported e) {
            Outcomes.skipped(params, "unsupported: the large-file scenario needs a memory cgroup: " + e.getMessage());
            throw e;
        }
        hotFile = SourceFile.create(src.fs, Params.size("hot", hot), 7, 0, null, null);
        hotSet = HotSet.start(hotFile.path(), hotRate.equals("max") ? 0 : Params.count("hotRate", hotRate) * 1e6);
        hotSet.evict(); // its pages come back through this process, charged to the cgroup
        double share = hotSet.awaitResident(60_000);
        device = DeviceReads.of(src.file.path());
        System.out.println("[zcbench] large file: " + (cgroup == null ? "no memory cgroup (limit=none: the control)"
                : "memory cgroup " + cgroup.version() + " of " + Sizes.format(limitBytes) + " at " + cgroup.dir())
                + "; hot set " + Sizes.format(hotSet.size()) + " read by a second thread at "
                + (hotSet.rate() == 0 ? "full speed" : Math.round(hotSet.rate() / 1e6) + " MB/s") + " (" + Math.round(100 * share)
                + "% cached); " + Sizes.format(src.bytes) + " " + src.cache + " file sent per operation"
                + (device.problem() != null ? "; " + device.problem() : "; device " + device.device()));
    }

    /** Before a timed operation, untimed: the hot set fully cached again, then the counters' starting points. */
    void beforeOperation() throws IOException {
        residentBefore = hotSet.awaitResident(10_000);
        deviceBefore = device.bytesRead();
        before = hotSet.snapshot();
    }

    /** After it: what the operation did, published for the profiler. */
    void afterOperation(SourceState src) throws IOException {
        HotSet.Snapshot after = hotSet.snapshot();
        long deviceAfter = device.bytesRead();
        double residentAfter = hotSet.residentShare();
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        CounterRegistry.publishExtra(Metrics.LARGE_HOT_GBS, (after.bytesRead() - before.bytesRead()) / seconds / 1e9,
                "GB/s read by the hot-set thread during the operation");
        long faults = after.majorFaults() < 0 || before.majorFaults() < 0 ? -1 : after.majorFaults() - before.majorFaults();
        CounterRegistry.publishExtra(Metrics.LARGE_HOT_FAULTS, faults < 0 ? Double.NaN : faults,
                faults < 0 ? Unavailable.unit("#/op", "the reader's /proc/self/task/TID/stat is unreadable")
                        : "#/op major faults of the hot-set thread (pages it found evicted)");
        CounterRegistry.publishExtra(Metrics.LARGE_HOT_BEFORE, 100 * residentBefore, "% of the hot set cached at the start");
        CounterRegistry.publishExtra(Metrics.LARGE_HOT_AFTER, 100 * residentAfter, "% of the hot set cached at the end");
        boolean noDevice = deviceBefore < 0 || deviceAfter < 0;
        CounterRegistry.publishExtra(Metrics.LARGE_DEVICE_READ,
                noDevice ? Double.NaN : (deviceAfter - deviceBefore) / (1024.0 * 1024),
                noDevice ? Unavailable.unit("MiB", device.problem() != null ? device.problem()
                        : "the block device's stat could not be read")
                        : "MiB read from " + device.device() + " during the operation (every reader on it)");
        try (FileChannel ch = FileChannel.open(src.file.path(), StandardOpenOption.READ)) {
            CounterRegistry.publishExtra(Metrics.LARGE_FOOTPRINT, PageCache.residency(ch, src.bytes).residentBytes()
                    / (1024.0 * 1024), "MiB of the large file left in the page cache after the operation");
        }
        CounterRegistry.publishExtra(Metrics.LARGE_CGROUP_CACHE, cgroup == null ? Double.NaN : cgroup.pageCache() / (1024.0 * 1024),
                cgroup == null ? Unavailable.unit("MiB", "limit=none, the control: no memory cgroup")
                        : "MiB of page cache charged to the memory cgroup after the operation");
        CounterRegistry.publishExtra(Metrics.LARGE_CGROUP_LIMIT, cgroup == null ? Double.NaN : cgroup.limit() / (1024.0 * 1024),
                cgroup == null ? Unavailable.unit("MiB", "limit=none, the control: no memory cgroup") : "MiB memory cgroup limit");
        CounterRegistry.publishExtra(Metrics.LARGE_HOT_SIZE, hotSet.size() / (1024.0 * 1024), "MiB hot set");
        CounterRegistry.publishExtra(Metrics.LARGE_HOT_RATE, hotSet.rate() == 0 ? Double.NaN : hotSet.rate() / 1e6,
                hotSet.rate() == 0 ? Unavailable.unit("MB/s", "hotRate=max, read as fast as it can") : "MB/s the hot-set thread is asked to read at");
    }

    @TearDown(Level.Trial)
    public void leave() throws IOException {
        try {
            if (hotSet != null) {
                hotSet.close();
            }
            if (hotFile != null) {
                hotFile.close();
            }
        } finally {
            if (cgroup != null) {
                cgroup.close();
            }
        }
    }
}
