package io.zcbench.reports.model;

import java.util.Map;

/**
 * One JMH metric of one benchmark: score with its 99.9% confidence half-width, unit, per-iteration
 * raw values (all forks), percentiles where the mode gives them. A metric JMH wrote as NaN carries
 * the reason zcbench put in its unit ({@code "#/op (n/a: perf_event_open refused ...)"}).
 */
public record Estimate(double score, double error, String unit, double[] raw, Map<String, Double> percentiles,
                       String unavailableReason, double[][] forks) {

    public Estimate(double score, double error, String unit, double[] raw, Map<String, Double> percentiles,
                    String unavailableReason) {
        this(score, error, unit, raw, percentiles, unavailableReason, null);
    }

    public boolean available() {
        return !Double.isNaN(score);
    }

    /** The unit without the "(n/a: ...)" explanation. */
    public String baseUnit() {
        int i = unit.indexOf(" (n/a: ");
        return i < 0 ? unit : unit.substring(0, i);
    }

    static String reasonOf(String unit) {
        int i = unit.indexOf("(n/a: ");
        if (i < 0) {
            return null;
        }
        String r = unit.substring(i + 6);
        return r.endsWith(")") ? r.substring(0, r.length() - 1) : r;
    }
}
