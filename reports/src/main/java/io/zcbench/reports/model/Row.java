package io.zcbench.reports.model;

import java.util.Map;

/**
 * One JMH result: which path, to which destination, with which parameters, and what was measured.
 * {@code group} holds every parameter except the path, so rows of one group differ only in path.
 */
public record Row(int index, String benchmark, String destination, String path, long size, long chunk, String cache,
                  int threads, String mode, Map<String, String> params, String group, Estimate primary,
                  Map<String, Estimate> secondary, String jdk) {

    /** Seconds per operation from the primary score (converted from its unit). */
    public double secondsPerOp() {
        return Units.secondsPerOp(primary.score(), primary.unit());
    }

    /** Throughput in GB/s (10^9 bytes per second) and its confidence interval [low, high]. */
    public double[] gbPerSecond() {
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

    /** Score of a secondary metric, or NaN when it is missing or unavailable. */
    public double value(String name) {
        Estimate e = secondary.get(name);
        return e == null ? Double.NaN : e.score();
    }
}
