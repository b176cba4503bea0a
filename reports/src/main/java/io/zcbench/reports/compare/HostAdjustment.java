package io.zcbench.reports.compare;

import io.zcbench.reports.model.Estimate;
import io.zcbench.reports.model.ForkStats;
import io.zcbench.reports.model.MetricCatalogue;
import io.zcbench.reports.model.MetricId;
import io.zcbench.reports.model.Row;
import io.zcbench.reports.model.Units;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark's throughput between two runs with a host probe as a covariate, where the probe follows the path's forks:
 * on this kind of VM the host's state moves a fork's GB/s by 3-33%, and for some paths a probe timed in the same fork
 * (memory bandwidth or latency; the disk read probe for a path the disk bounds) moves with it. Then the forks' log GB/s
 * is fitted as a run's own level plus a slope common to both runs times the fork's log probe (analysis of covariance,
 * by ordinary least squares), and the run effect is the ratio, with its 99% interval from Student's t at n - 3 degrees
 * of freedom. The probe's within-run noise leaves the interval; a probe that moved between the runs is in the fit, the
 * slope carrying it, so the interval widens by what the slope leaves unsure.
 *
 * <p>It is evidence, not a correction, and is used only where it stands on its own: the slope's test must pass at 0.01
 * divided by the probes tried (from the forks' spread within each run alone, which says nothing about the runs'
 * difference, so choosing it does not bias the call); the two runs' probe values must overlap, so the fit compares forks
 * at host states both runs met and never extrapolates (a host that changed further is the page's to say, "possibly the
 * host's", not a figure to subtract); and the adjusted interval must be the narrower. Otherwise the ratio stays the
 * forks' own and nothing normalized is published.
 */
public record HostAdjustment(String probe, double slope, double slopeP, double ratio, double low, double high, double p,
                      double halfWidth, double rawRatio, double rawHalfWidth, int forks) {

    /** The probes tried, in order; the disk's only for a path the disk bounds. */
    private static final MetricId[] PROBES = {MetricId.HOST_MEMBW, MetricId.HOST_LATENCY, MetricId.HOST_DISK};

    /** "adjusted for the memory bandwidth probe, which follows this path's forks (slope 0.86, p = 0.00002): ...". */
    public String describe() {
        return String.format(Locale.ROOT, "adjusted for the host's %s, which follows this path's forks within each run "
                        + "(log GB/s against log probe: slope %s, p = %s, %d forks): resolves %s where the forks alone resolve %s "
                        + "(unadjusted ×%s)", probe, Units.num(slope), Units.num(slopeP), forks, ComparePage.resolves(halfWidth),
                ComparePage.resolves(rawHalfWidth), Units.num(rawRatio));
    }

    /**
     * The adjustment of {@code b} ÷ {@code a}'s throughput, or null where no probe qualifies ({@code rawHalfWidth}: what the
     * forks alone resolve).
     */
    static HostAdjustment of(Row a, Row b, MetricCatalogue metrics, boolean diskBound, double rawRatio, double rawHalfWidth) {
        List<MetricCatalogue.Info> tried = new ArrayList<>();
        for (MetricId id : PROBES) {
            MetricCatalogue.Info info = metrics.info(id);
            if (info != null && (id != MetricId.HOST_DISK || diskBound)) {
                tried.add(info);
            }
        }
        HostAdjustment best = null;
        for (MetricCatalogue.Info info : tried) {
            HostAdjustment h = fit(a, b, info, rawRatio, rawHalfWidth);
            if (h != null && (best == null || h.slopeP < best.slopeP)) {
                best = h;
            }
        }
        return best != null && best.slopeP < Comparison.ALPHA / tried.size() && best.halfWidth < rawHalfWidth ? best : null;
    }

    /** The covariance fit with one probe, or null where a fork lacks it, the forks are too few, or the fit is singular. */
    static HostAdjustment fit(Row a, Row b, MetricCatalogue.Info probe, double rawRatio, double rawHalfWidth) {
        double[][] xa = pairs(a, probe.name());
        double[][] xb = pairs(b, probe.name());
        if (xa == null || xb == null) {
            return null;
        }
        return fit(xa[0], xa[1], xb[0], xb[1], probe.label(), rawRatio, rawHalfWidth);
    }

    /**
     * The fit on each run's forks: GB/s {@code ga}, {@code gb} and the probe {@code pa}, {@code pb} (positive), both
     * taken as logarithms.
     */
    static HostAdjustment fit(double[] ga, double[] pa, double[] gb, double[] pb, String label, double rawRatio,
                              double rawHalfWidth) {
        int n = ga.length + gb.length;
        if (ga.length < 2 || gb.length < 2 || n < 5 || !overlap(pa, pb)) {
            return null;
        }
        double[] y = new double[n];
        double[][] x = new double[n][2];
        for (int i = 0; i < n; i++) {
            boolean other = i >= ga.length;
            double g = other ? gb[i - ga.length] : ga[i];
            double p = other ? pb[i - ga.length] : pa[i];
            if (!(g > 0) || !(p > 0)) {
                return null;
            }
            y[i] = Math.log(g);
            x[i][0] = other ? 1 : 0;
            x[i][1] = Math.log(p);
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        double[] beta;
        double[] se;
        try {
            beta = ols.estimateRegressionParameters();
            se = ols.estimateRegressionParametersStandardErrors();
        } catch (SingularMatrixException e) {
            return null; // a probe constant within both runs: nothing to fit
        }
        int df = n - 3;
        if (!(se[1] > 0) || !(se[2] > 0) || Double.isNaN(beta[1]) || Double.isNaN(beta[2])) {
            return null;
        }
        TDistribution t = new TDistribution(df);
        double slopeP = 2 * t.cumulativeProbability(-Math.abs(beta[2] / se[2]));
        double p = 2 * t.cumulativeProbability(-Math.abs(beta[1] / se[1]));
        double q = t.inverseCumulativeProbability(1 - Comparison.ALPHA / 2);
        double ratio = Math.exp(beta[1]);
        double low = Math.exp(beta[1] - q * se[1]);
        double high = Math.exp(beta[1] + q * se[1]);
        return new HostAdjustment(label, beta[2], slopeP, ratio, low, high, p, Math.expm1(q * se[1]), rawRatio, rawHalfWidth, n);
    }

    /** Whether the two runs' probe values overlap: each run's largest at least the other's smallest. */
    static boolean overlap(double[] pa, double[] pb) {
        double loA = Arrays.stream(pa).min().orElse(Double.NaN);
        double hiA = Arrays.stream(pa).max().orElse(Double.NaN);
        double loB = Arrays.stream(pb).min().orElse(Double.NaN);
        double hiB = Arrays.stream(pb).max().orElse(Double.NaN);
        return hiA >= loB && hiB >= loA;
    }

    /**
     * {forks' GB/s, the probe's fork means} of a row, fork by fork, or null where the probe is missing from a fork or the
     * forks do not line up (a fork's value must come from the same fork's iterations as its probe).
     */
    private static double[][] pairs(Row r, String probe) {
        Estimate e = r.metric(probe);
        if (e == null || !e.available() || e.forks() == null) {
            return null;
        }
        double[][] gbs = r.gbsByFork();
        double[][] pf = e.forks();
        if (gbs.length != pf.length || gbs.length < 2) {
            return null;
        }
        double[] g = new double[gbs.length];
        double[] p = new double[gbs.length];
        for (int f = 0; f < gbs.length; f++) {
            g[f] = ForkStats.forkValue(gbs[f]);
            p[f] = Arrays.stream(pf[f]).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
            if (!(g[f] > 0) || !(p[f] > 0)) {
                return null;
            }
        }
        return new double[][] {g, p};
    }
}
