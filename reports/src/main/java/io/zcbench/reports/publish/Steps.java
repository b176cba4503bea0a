package io.zcbench.reports.publish;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Steps in one benchmark's history: binary segmentation of the runs in order, each split tested on the log of the runs'
 * values (each run's median GB/s) with Student's t, against the noise between runs measured on the series itself.
 *
 * <p>The noise is what separates runs made alike: with repeats (runs sharing the order's key value), the pooled spread
 * of the repeats around their point's mean; without, a robust estimate from the differences between successive points
 * (1.4826 × their median absolute deviation ÷ √2, which one step among them does not move). A split is a step when its
 * |t| passes the two-sided {@code alpha} level corrected for the splits tried in its segment (Bonferroni), and the change
 * is at least {@code minChange}; the segments on either side are searched again. So an A/A series yields no step, and a
 * step in one benchmark says nothing of the others: each is tested on its own runs.
 */
public final class Steps {
    /** The default level of a step, two-sided, before the correction for the splits tried. */
    public static final double ALPHA = 0.01;

    private Steps() {
    }

    /** A run's figure: the point (the order's key value) it belongs to, 0-based, and its value (> 0). */
    public record Value(int point, double value) {
    }

    /** What separates runs made alike, as a standard deviation of the log of their values, and how it was measured. */
    public record Noise(double sigma, double df, String how) {
    }

    /**
     * A step between point {@code after} and the next: the ratio of the geometric means of the segments on either side
     * (right ÷ left) with its 99% interval, and the t statistic that passed.
     */
    public record Step(int after, double ratio, double low, double high, double t, int runsBefore, int runsAfter) {
        public String text() {
            return String.format(Locale.ROOT, "%+.1f%% (99%% interval %+.1f%% to %+.1f%%; t = %.1f over %d and %d runs)",
                    100 * (ratio - 1), 100 * (low - 1), 100 * (high - 1), t, runsBefore, runsAfter);
        }
    }

    /** The noise of a series: between repeats where there are any (at least 2 degrees of freedom), else successive points. */
    public static Noise noise(List<Value> values, int points) {
        double[] sum = new double[points];
        int[] n = new int[points];
        for (Value v : values) {
            sum[v.point()] += Math.log(v.value());
            n[v.point()]++;
        }
        double ss = 0;
        int df = 0;
        for (Value v : values) {
            double d = Math.log(v.value()) - sum[v.point()] / n[v.point()];
            ss += d * d;
        }
        for (int k : n) {
            df += Math.max(0, k - 1);
        }
        if (df >= 2) {
            return new Noise(Math.sqrt(ss / df), df, "between repeats (" + df + " degrees of freedom)");
        }
        List<Double> means = new ArrayList<>();
        for (int p = 0; p < points; p++) {
            if (n[p] > 0) {
                means.add(sum[p] / n[p]);
            }
        }
        if (means.size() < 3) {
            return new Noise(Double.NaN, 0, "unknown: fewer than 3 points and no repeats");
        }
        double[] diffs = new double[means.size() - 1];
        for (int i = 0; i < diffs.length; i++) {
            diffs[i] = means.get(i + 1) - means.get(i);
        }
        double med = median(diffs);
        double[] dev = Arrays.stream(diffs).map(d -> Math.abs(d - med)).toArray();
        double sigma = 1.4826 * median(dev) / Math.sqrt(2);
        // a median absolute deviation carries about half what a standard deviation of as many values does (37% for
        // normal noise): its t gets half the degrees of freedom, which holds false steps near 1% (0.85% in 2,000
        // simulated A/A series of 8 runs with 8% noise; 3.5% with the full degrees of freedom)
        return new Noise(sigma, Math.max(1, (diffs.length - 1) / 2.0), "from " + diffs.length
                + " successive points, no repeats (a robust estimate: repeats measure it better)");
    }

    /** Steps of a series of {@code points} points, in order of the points they follow. */
    public static List<Step> find(List<Value> values, int points, Noise noise, double minChange, double alpha) {
        List<Step> out = new ArrayList<>();
        if (values.isEmpty() || Double.isNaN(noise.sigma())) {
            return out;
        }
        double sigma = Math.max(noise.sigma(), 1e-3); // runs are never closer than 0.1% apart in truth
        segment(values, 0, points, sigma, noise.df(), minChange, alpha, out);
        out.sort(Comparator.comparingInt(Step::after));
        return out;
    }

    private static void segment(List<Value> values, int from, int to, double sigma, double df, double minChange,
                                double alpha, List<Step> out) {
        int splits = to - from - 1;
        if (splits < 1) {
            return;
        }
        Step best = null;
        double bestT = 0;
        TDistribution t = new TDistribution(df);
        double crit = t.inverseCumulativeProbability(1 - alpha / 2 / splits);
        double crit99 = t.inverseCumulativeProbability(0.995);
        for (int k = from + 1; k < to; k++) {
            double sl = 0;
            double sr = 0;
            int nl = 0;
            int nr = 0;
            for (Value v : values) {
                if (v.point() >= from && v.point() < k) {
                    sl += Math.log(v.value());
                    nl++;
                } else if (v.point() >= k && v.point() < to) {
                    sr += Math.log(v.value());
                    nr++;
                }
            }
            if (nl == 0 || nr == 0) {
                continue;
            }
            double diff = sr / nr - sl / nl;
            double se = sigma * Math.sqrt(1.0 / nl + 1.0 / nr);
            double tk = diff / se;
            if (Math.abs(tk) > Math.abs(bestT)) {
                bestT = tk;
                best = new Step(k - 1, Math.exp(diff), Math.exp(diff - crit99 * se), Math.exp(diff + crit99 * se), tk, nl, nr);
            }
        }
        if (best == null || Math.abs(bestT) <= crit || Math.abs(best.ratio() - 1) < minChange) {
            return;
        }
        out.add(best);
        segment(values, from, best.after() + 1, sigma, df, minChange, alpha, out);
        segment(values, best.after() + 1, to, sigma, df, minChange, alpha, out);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
