package io.zcbench.reports.model;

import java.util.Arrays;
import java.util.Map;

/**
 * One JMH result: which benchmark with which setting, and what was measured. {@code group} holds every parameter
 * except the path and its implementation, so rows of one group differ only in path.
 */
public record Row(int index, String benchmark, Setting setting, String group, Estimate primary,
                  Map<String, Estimate> secondary, String jdk, MetricCatalogue metrics) {

    /**
     * What ran: the destination, the path, the file's size, the chunk, the page cache's state, the threads, JMH's
     * mode and every parameter as JMH recorded it.
     */
    public record Setting(String destination, String path, long size, long chunk, String cache, int threads, String mode,
                          Map<String, String> params) {
        /** The impl parameter as a value (runs before it: java). */
        public Impl impl() {
            return Impl.of(params.get("impl"));
        }
    }

    /** The receive method's parameter (runs before it was so named called it drain: read as this). */
    public static final String RECEIVE = "receive";

    public String destination() {
        return setting.destination();
    }

    /** How the sink received a socket row's bytes: its receive parameter, splice (the default) where it has none. */
    public String receiveMethod() {
        return setting.params().getOrDefault(RECEIVE, "splice");
    }

    public String path() {
        return setting.path();
    }

    /** The thread kind the operations ran on: platform (the default, and every run before the parameter) or virtual. */
    public String thread() {
        return setting.params().getOrDefault("thread", "platform");
    }

    /**
     * What sets this row's path apart from the same path's plain row, for its label: " (virtual thread)" for
     * thread=virtual, " (FFM)" for impl=ffm; empty for neither.
     */
    public String variant() {
        return (impl() == Impl.FFM ? " (FFM)" : "") + (thread().equals("virtual") ? " (virtual thread)" : "");
    }

    /** The path at its destination: the key of a path's rows across groups. */
    public PathAt pathAt() {
        return new PathAt(setting.path(), setting.destination());
    }

    public long size() {
        return setting.size();
    }

    public long chunk() {
        return setting.chunk();
    }

    public String cache() {
        return setting.cache();
    }

    public int threads() {
        return setting.threads();
    }

    public String mode() {
        return setting.mode();
    }

    public Map<String, String> params() {
        return setting.params();
    }

    /** java (the path as zcbench implements it) or native (its twin, the loop in C); java for old runs. */
    public Impl impl() {
        return setting.impl();
    }

    /** The congestion control parameter as run: a name, "system", or "" / absent for runs before it was resolved. */
    public String cc() {
        return setting.params().getOrDefault("cc", "");
    }

    /** Seconds per operation from the primary score (converted from its unit). */
    public double secondsPerOp() {
        return Units.secondsPerOp(primary.score(), primary.unit());
    }

    /**
     * Bytes all threads move per operation as the primary score counts operations: JMH's average and single-shot
     * times are per thread (each thread's operations over its own time), so with several threads the run moved
     * {@code threads} × size in that time; a throughput score (ops/time) already sums the threads. GB/s in this report
     * is therefore the run's aggregate, what the fork lines print, never one thread's.
     */
    public double bytesPerOpAllThreads() {
        return Units.isThroughput(primary.unit()) ? size() : (double) size() * Math.max(1, threads());
    }

    /** GB/s of each measured iteration, fork by fork (all threads together: {@link #bytesPerOpAllThreads()}). */
    public double[][] gbsByFork() {
        double[][] forks = primary.forks();
        if (forks == null || forks.length == 0) {
            forks = new double[][] {primary.raw()};
        }
        double[][] out = new double[forks.length][];
        for (int f = 0; f < forks.length; f++) {
            out[f] = new double[forks[f].length];
            for (int i = 0; i < forks[f].length; i++) {
                out[f][i] = bytesPerOpAllThreads() / Units.secondsPerOp(forks[f][i], primary.unit()) / 1e9;
            }
        }
        return out;
    }

    /** Each fork's GB/s: the median of its measured iterations (the unit of noise, see {@link ForkStats}). */
    public double[] forkGbs() {
        return ForkStats.forkValues(gbsByFork());
    }

    /**
     * Throughput in GB/s (10^9 bytes per second): the median of the forks' values with an order-statistic interval
     * whose coverage is exact for independent forks ({@link #gbsCoverage()} says it). A run with one fork has no interval.
     */
    public ForkStats.Estimate gbs() {
        return ForkStats.estimate(forkGbs());
    }

    /** {value, low, high} of {@link #gbs()}. */
    public double[] gbPerSecond() {
        ForkStats.Estimate e = gbs();
        return new double[] {e.value(), e.low(), e.high()};
    }

    /** What {@link #gbPerSecond}'s interval truly covers, as a label ("93.8%: order statistics of 5 forks"). */
    public String gbsCoverage() {
        return gbs().label();
    }

    /** impl=paired: the native twin (a framework path's raw baseline) alternated with the path in every fork of this row. */
    public boolean paired() {
        Estimate partner = partnerTime();
        return (impl() == Impl.PAIRED || impl() == Impl.FFM) && partner != null && partner.available();
    }

    /**
     * The time per operation of what this row alternated with under impl=paired: its raw baseline's for a framework
     * path (runs before the baseline was named so recorded it as the twin's), else its native twin's; null for neither.
     */
    public Estimate partnerTime() {
        if (impl() == Impl.FFM) {
            return metric(MetricId.JNI_TIME);
        }
        Estimate baseline = metric(MetricId.BASELINE_TIME);
        return baseline != null ? baseline : metric(MetricId.TWIN_TIME);
    }

    /** impl=paired: each fork's native-twin GB/s (the median of its iterations'). */
    public double[] twinForkGbs() {
        double[][] twin = partnerTime().forks();
        double[][] gbs = new double[twin.length][];
        for (int f = 0; f < twin.length; f++) {
            gbs[f] = new double[twin[f].length];
            for (int i = 0; i < twin[f].length; i++) {
                gbs[f][i] = (double) size() * Math.max(1, threads()) / (twin[f][i] * 1e-9) / 1e9;
            }
        }
        return ForkStats.forkValues(gbs);
    }

    /**
     * impl=paired: Java ÷ native in each measured iteration of every fork — the Java path's throughput over its twin's,
     * both from operations that alternated one by one, so each iteration's pair shared the machine's regime: the pairs,
     * not the forks, are the samples of this ratio.
     */
    public double[] javaOverNativePairs() {
        return Arrays.stream(javaOverNativeByFork()).flatMapToDouble(Arrays::stream).filter(x -> !Double.isNaN(x)).toArray();
    }

    /**
     * impl=paired: each fork's Java ÷ native, the median of its paired iterations' ratios: between runs, where nothing
     * pairs, the forks are this ratio's samples as they are throughput's.
     */
    public double[] javaOverNativeForks() {
        return ForkStats.forkValues(javaOverNativeByFork());
    }

    /** Java ÷ native of each measured iteration, fork by fork. */
    private double[][] javaOverNativeByFork() {
        double[][] java = primary.forks();
        double[][] twin = partnerTime().forks();
        int forks = Math.min(java.length, twin.length);
        double[][] ratio = new double[forks][];
        for (int f = 0; f < forks; f++) {
            int n = Math.min(java[f].length, twin[f].length);
            ratio[f] = new double[n];
            for (int i = 0; i < n; i++) {
                double javaSeconds = Units.secondsPerOp(java[f][i], primary.unit());
                ratio[f][i] = twin[f][i] * 1e-9 / javaSeconds;
            }
        }
        return ratio;
    }

    /** JMH's own figure: the mean over iterations with its 99.9% interval (Student's t), as GB/s. */
    public double[] jmhGbPerSecond() {
        double s = secondsPerOp();
        double bytes = bytesPerOpAllThreads();
        double gbs = bytes / s / 1e9;
        double err = primary.error();
        if (Double.isNaN(err)) {
            return new double[] {gbs, Double.NaN, Double.NaN};
        }
        if (Units.isThroughput(primary.unit())) {
            double rel = err / primary.score();
            return new double[] {gbs, gbs * (1 - rel), gbs * (1 + rel)};
        }
        // time per op: the interval maps through 1/x, so it is not symmetric in GB/s
        double lo = bytes / Units.secondsPerOp(primary.score() + err, primary.unit()) / 1e9;
        double hiTime = primary.score() - err;
        double hi = hiTime <= 0 ? Double.POSITIVE_INFINITY : bytes / Units.secondsPerOp(hiTime, primary.unit()) / 1e9;
        return new double[] {gbs, lo, hi};
    }

    public Estimate metric(String name) {
        return secondary.get(name);
    }

    /** A metric this report knows by meaning, as the run's metrics.json names it; null when the run has none. */
    public Estimate metric(MetricId id) {
        return secondary.get(metrics.name(id));
    }

    /** Score of a metric known by meaning, or NaN when it is missing or unavailable. */
    public double value(MetricId id) {
        return value(metrics.name(id));
    }

    /** Score of a secondary metric, or NaN when it is missing or unavailable. */
    public double value(String name) {
        Estimate e = secondary.get(name);
        return e == null ? Double.NaN : e.score();
    }
}
