package io.zcbench.reports.model;

import io.zcbench.harness.metrics.Unavailable;

/**
 * One JMH metric of one benchmark: score with its 99.9% confidence half-width, unit, per-iteration
 * raw values (all forks, and fork by fork). A metric JMH wrote as NaN carries
 * the reason zcbench put in its unit ({@link Unavailable}).
 */
public record Estimate(double score, double error, String unit, double[] raw, String unavailableReason, double[][] forks) {

    public boolean available() {
        return !Double.isNaN(score);
    }

    /** The unit without the reason a missing figure carries ({@link Unavailable}). */
    public String baseUnit() {
        return Unavailable.bareUnit(unit);
    }

    static String reasonOf(String unit) {
        return Unavailable.reason(unit);
    }
}
