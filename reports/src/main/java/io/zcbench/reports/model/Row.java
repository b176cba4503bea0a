package io.zcbench.reports.model;

import java.util.Arrays;
import java.util.Map;

/**
 * One JMH result: which path, to which destination, with which parameters, and what was measured.
 * {@code group} holds every parameter except the path, so rows of one group differ only in path.
 */
public record Row(int index, String benchmark, String destination, String path, long size, long chunk, String cache,
                  int threads, String mode, Map<String, String> params, String group, Estimate primary,
                  Map<String, Estimate> secondary, String jdk, MetricCatalogue metrics) {

    /** java (the path as zcbench implements it) or native (its twin, the loop in C); java for old runs. */
    public String impl() {
        return params.getOrDefault("impl", "java");
    }

    /** The congestion control parameter as run: a name, "system", or "" / absent for runs before it was resolved. */
    public String cc() {
        return params.getOrDefault("cc", "");
    }

    /** Seconds per operation from the primary score (converted from its unit). */
    public double secondsPerOp() {
        return Units.secondsPerOp(primary.score(), primary.unit());
    }

    /** Fewest measured iterations for the median and its order-statistic interval; fewer: JMH's mean. */
    public static final int MIN_ITERATIONS_FOR_MEDIAN = 6;

    /**
     * Throughput in GB/s (10^9 bytes per second) and its interval [low, high]: the median of the
     * measured iterations of every fork with its distribution-free 99% confidence interval (order
     * statistics), which an outlying iteration (a sink still compiling, a hiccup of the host) does not
     * drag; with fewer than {@value #MIN_ITERATIONS_FOR_MEDIAN} iterations, JMH's mean and 99.9% interval.
     */
    public double[] gbPerSecond() {
        double[] raw = primary.raw();
        if (raw != null && raw.length >= MIN_ITERATIONS_FOR_MEDIAN) {
            double[] g = new double[raw.length];
            for (int i = 0; i < raw.length; i++) {
                g[i] = size / Units.secondsPerOp(raw[i], primary.unit()) / 1e9;
            }
            Arrays.sort(g);
            int n = g.length;
            double median = n % 2 == 1 ? g[n / 2] : (g[n / 2 - 1] + g[n / 2]) / 2;
            int k = Stats.medianRank(n, 0.99);
            return new double[] {median, g[k - 1], g[n - k]};
        }
        return jmhGbPerSecond();
    }

    /** What {@link #gbPerSecond}'s interval truly covers, as a label ("96.9%: order statistics of 6 iterations"). */
    public String gbsCoverage() {
        double[] raw = primary.raw();
        if (raw != null && raw.length >= MIN_ITERATIONS_FOR_MEDIAN) {
            int k = Stats.medianRank(raw.length, 0.99);
            return Stats.coverageLabel(Stats.medianCoverage(raw.length, k)) + ": order statistics of " + raw.length + " iterations";
        }
        return "99.9%: JMH's Student's t over iterations";
    }

    /** JMH's own figure: the mean over iterations with its 99.9% interval (Student's t), as GB/s. */
    public double[] jmhGbPerSecond() {
        double s = secondsPerOp();
        double gbs = size / s / 1e9;
        double err = primary.error();
        if (Double.isNaN(err)) {
            return new double[] {gbs, Double.NaN, Double.NaN};
        }
        if (Units.isThroughput(primary.unit())) {
            double rel = err / primary.score();
            return new double[] {gbs, gbs * (1 - rel), gbs * (1 + rel)};
        }
        // time per op: the interval maps through 1/x, so it is not symmetric in GB/s
        double lo = size / Units.secondsPerOp(primary.score() + err, primary.unit()) / 1e9;
        double hiTime = primary.score() - err;
        double hi = hiTime <= 0 ? Double.POSITIVE_INFINITY : size / Units.secondsPerOp(hiTime, primary.unit()) / 1e9;
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
