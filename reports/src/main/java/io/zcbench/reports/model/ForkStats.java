package io.zcbench.reports.model;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;

import java.util.Arrays;
import java.util.Locale;

/**
 * Statistics with the fork as the unit of noise. On a VM the iterations inside a fork agree to a few per cent while
 * forks of one benchmark differ by up to 1.5×: iterations are not independent samples, forks are. So each fork is
 * reduced to one value (the median of its measured iterations) and everything else works on those values: a run's
 * estimate is the median of its forks' values with an order-statistic interval whose coverage is exact for n
 * independent forks (and labelled with it: five forks give 93.8%), and a comparison of runs is Welch's t on the
 * logarithms of the forks' values (the ratio of their geometric means, its interval and its test are one estimator).
 */
public final class ForkStats {
    /** The coverage an order-statistic interval aims for; below it only when there are too few forks for more. */
    public static final double TARGET_COVERAGE = 0.95;

    private ForkStats() {
    }

    /** An estimate from fork values: the median, its interval, how many forks, and the interval's exact coverage. */
    public record Estimate(double value, double low, double high, int forks, double coverage, String unit) {
        public static final Estimate NONE = new Estimate(Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, "forks");

        /** "93.8%: order statistics of 5 forks", or why there is no interval. */
        public String label() {
            if (forks == 0) {
                return "no figure";
            }
            if (forks == 1) {
                return "one value: no interval (" + unit + " are the unit of noise)";
            }
            return Stats.coverageLabel(coverage) + ": order statistics of " + forks + " " + unit;
        }

        /** Half the interval's width relative to the value (0.05 = ±5%), the larger side. */
        public double halfWidth() {
            return Math.max(high / value - 1, 1 - low / value);
        }
    }

    /** The median of one fork's iterations. */
    public static double forkValue(double[] iterations) {
        double[] v = Arrays.stream(iterations).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Each fork's value. */
    public static double[] forkValues(double[][] forks) {
        return Arrays.stream(forks).mapToDouble(ForkStats::forkValue).filter(x -> !Double.isNaN(x)).toArray();
    }

    /**
     * The median of the fork values with [x(k), x(n+1-k)]: the largest k whose coverage of the median is still at least
     * {@link #TARGET_COVERAGE} (k = 1, the whole range, when no k reaches it), and that coverage.
     */
    public static Estimate estimate(double[] forkValues) {
        return estimate(forkValues, "forks");
    }

    /** As {@link #estimate(double[])} for independent values of another kind ({@code unit}: "paired iterations"). */
    public static Estimate estimate(double[] values, String unit) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        int n = v.length;
        if (n == 0) {
            return Estimate.NONE;
        }
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        if (n == 1) {
            return new Estimate(median, Double.NaN, Double.NaN, 1, Double.NaN, unit);
        }
        int k = 1;
        while (2 * (k + 1) <= n && Stats.medianCoverage(n, k + 1) >= TARGET_COVERAGE) {
            k++;
        }
        return new Estimate(median, v[k - 1], v[n - k], n, Stats.medianCoverage(n, k), unit);
    }

    /** A ratio of two runs: other ÷ base, its interval, Welch's p, and how many forks each side had. */
    public record Ratio(double ratio, double low, double high, double p, int baseForks, int otherForks, double confidence) {
        /** Half the interval's width relative to the ratio (0.1 = ±10%), the larger side. */
        public double halfWidth() {
            return Math.max(high / ratio - 1, 1 - low / ratio);
        }

        public boolean hasInterval() {
            return !Double.isNaN(low);
        }

        public String label() {
            return String.format(Locale.ROOT, "%.0f%%: Welch's t on the logs of %d and %d forks' values", 100 * confidence,
                    baseForks, otherForks);
        }
    }

    /**
     * other ÷ base from fork values: the ratio of their geometric means, its {@code confidence} interval and Welch's p
     * on the logarithms (both sides positive). With fewer than two forks on a side there is a ratio and nothing else.
     */
    public static Ratio ratio(double[] base, double[] other, double confidence) {
        double[] a = logs(base);
        double[] b = logs(other);
        if (a.length == 0 || b.length == 0) {
            return new Ratio(Double.NaN, Double.NaN, Double.NaN, Double.NaN, a.length, b.length, confidence);
        }
        double d = StatUtils.mean(b) - StatUtils.mean(a);
        double ratio = Math.exp(d);
        if (a.length < 2 || b.length < 2) {
            return new Ratio(ratio, Double.NaN, Double.NaN, Double.NaN, a.length, b.length, confidence);
        }
        double qa = StatUtils.variance(a) / a.length;
        double qb = StatUtils.variance(b) / b.length;
        if (qa + qb == 0) {
            return new Ratio(ratio, ratio, ratio, d == 0 ? 1 : 0, a.length, b.length, confidence);
        }
        double df = (qa + qb) * (qa + qb) / (qa * qa / (a.length - 1) + qb * qb / (b.length - 1));
        double t = new TDistribution(null, Math.max(1, df)).inverseCumulativeProbability(1 - (1 - confidence) / 2);
        double se = Math.sqrt(qa + qb);
        double p = new TTest().tTest(a, b);
        return new Ratio(ratio, Math.exp(d - t * se), Math.exp(d + t * se), p, a.length, b.length, confidence);
    }

    private static double[] logs(double[] v) {
        return Arrays.stream(v).filter(x -> x > 0 && !Double.isInfinite(x)).map(Math::log).toArray();
    }
}
