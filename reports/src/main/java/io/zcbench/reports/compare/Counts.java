package io.zcbench.reports.compare;

import io.zcbench.reports.model.Estimate;
import io.zcbench.reports.model.MetricCatalogue;
import io.zcbench.reports.model.Units;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;

import java.util.Arrays;

/**
 * Small per-operation counts (context switches, faults, system calls) compared as counts: how many events each run
 * counted over how many counted operations. Two forks of one counted operation each that saw 0 and 0 switches against 1
 * and 1 are four operations and two events, not "the same in every fork": under equal rates the two events fall in
 * either run like coin tosses, and the exact conditional test (the later run's share of the events, binomial given
 * their total) says p = 0.5. Where the forks vary more than counting explains (a regime of the host), Welch's t on the
 * forks must agree too. Where no split of the events could reach the bar, the figure says it cannot be resolved.
 */
final class Counts {
    private Counts() {
    }

    /** A run's count of one figure: events and the operations they were counted over, and each fork's rate. */
    record Tally(long events, long ops, double[] forkRates, boolean integral) {
        double rate() {
            return ops == 0 ? Double.NaN : (double) events / ops;
        }
    }

    /** Whether a figure is a count per counted operation ("#/op"; the timed operations' figures count other operations). */
    static boolean applies(MetricCatalogue.Info m) {
        return m.unit().equals("#/op") && !m.id().startsWith("timed.");
    }

    /**
     * The events behind {@code e}'s per-operation values: each iteration's value times its counted operations ({@code ops},
     * zc.counted.ops; one per iteration where the run does not say, which can only make a test more cautious).
     */
    static Tally of(Estimate e, Estimate ops) {
        double[][] forks = e.forks() == null || e.forks().length == 0 ? new double[][] {e.raw()} : e.forks();
        double[][] opsForks = ops == null ? null : ops.forks() == null || ops.forks().length == 0 ? new double[][] {ops.raw()}
                : ops.forks();
        double events = 0;
        long n = 0;
        boolean integral = true;
        double[] rates = new double[forks.length];
        int used = 0;
        for (int f = 0; f < forks.length; f++) {
            double fe = 0;
            long fo = 0;
            for (int i = 0; i < forks[f].length; i++) {
                double v = forks[f][i];
                if (Double.isNaN(v)) {
                    continue;
                }
                long o = opsAt(opsForks, f, i);
                double ev = v * o;
                integral &= Math.abs(ev - Math.rint(ev)) < 1e-6;
                fe += ev;
                fo += o;
            }
            if (fo > 0) {
                rates[used++] = fe / fo;
                events += fe;
                n += fo;
            }
        }
        return new Tally(Math.round(events), n, Arrays.copyOf(rates, used), integral);
    }

    private static long opsAt(double[][] ops, int fork, int iteration) {
        if (ops == null || fork >= ops.length || iteration >= ops[fork].length || !(ops[fork][iteration] >= 1)) {
            return 1;
        }
        return Math.round(ops[fork][iteration]);
    }

    /**
     * Other against base: the exact conditional test on the counts, and Welch's t on the forks where they vary; the
     * larger p decides. The interval is the rate ratio's, from the Clopper-Pearson interval of the other run's share.
     */
    static Comparison.Ratio compare(String heading, Tally a, Tally b, double minChange, double alpha) {
        if (!a.integral() || !b.integral() || a.ops() == 0 || b.ops() == 0) {
            double[] fa = a.forkRates();
            double[] fb = b.forkRates();
            return Comparison.compare(heading, fa, fb, StatUtils.mean(fa), StatUtils.mean(fb), minChange, alpha);
        }
        double ra = a.rate();
        double rb = b.rate();
        long n = a.events() + b.events();
        String counted = n + " event" + (n == 1 ? "" : "s") + " over " + a.ops() + " and " + b.ops() + " counted operations";
        if (n == 0) {
            return new Comparison.Ratio(heading, 0, 0, 1, 1, false, "none counted in either run (" + a.ops() + " and " + b.ops()
                    + " counted operations)");
        }
        double share = (double) b.ops() / (a.ops() + b.ops());
        double ratio = ra == 0 ? (rb == 0 ? 1 : Double.NaN) : rb / ra;
        // the smallest p any split of these n events could give: all of them in one run
        double best = Math.min(1, 2 * Math.min(Math.pow(share, n), Math.pow(1 - share, n)));
        if (best >= alpha) {
            return new Comparison.Ratio(heading, ra, rb, ratio, Double.NaN, false, "too few to resolve: " + counted
                    + " (no split of them could pass p < " + Units.num(alpha) + ")");
        }
        double pCount = twoSided(n, share, b.events());
        double pFork = Double.NaN;
        if (a.forkRates().length >= 2 && b.forkRates().length >= 2
                && (StatUtils.variance(a.forkRates()) > 0 || StatUtils.variance(b.forkRates()) > 0)) {
            pFork = new TTest().tTest(a.forkRates(), b.forkRates());
        }
        double p = Double.isNaN(pFork) ? pCount : Math.max(pCount, pFork);
        boolean big = ra == 0 ? rb != 0 : Math.abs(ratio - 1) >= minChange;
        double[] ci = rateRatioInterval(a, b);
        String note = !Double.isNaN(pFork) && pFork > pCount && pFork >= alpha && pCount < alpha
                ? "the counts differ (exact test p = " + Units.num(pCount) + ", " + counted + ") but the forks vary more than "
                + "counting explains (Welch's t on the forks, p = " + Units.num(pFork) + ")"
                : p < alpha && !big ? "beyond the noise but smaller than the minimum change"
                : p < Comparison.ALPHA && p >= alpha ? "p < " + Comparison.ALPHA + " but not below " + Units.num(alpha)
                + ", the bar for one of " + Math.round(Comparison.ALPHA / alpha) + " counters tested at once"
                : "tested as counts: " + counted;
        return new Comparison.Ratio(heading, ra, rb, ratio, p, p < alpha && big, note, ci[0], ci[1]);
    }

    /** Two-sided p of {@code k} of {@code n} events in the other run, its share of the operations being {@code share}. */
    static double twoSided(long n, double share, long k) {
        BinomialDistribution d = new BinomialDistribution(null, (int) Math.min(n, Integer.MAX_VALUE), share);
        int ki = (int) Math.min(k, Integer.MAX_VALUE);
        double lower = d.cumulativeProbability(ki);
        double upper = 1 - d.cumulativeProbability(ki - 1);
        return Math.min(1, 2 * Math.min(lower, upper));
    }

    /** The rate ratio's 99% interval: the other run's share of the events (Clopper-Pearson) mapped to rates. NaN from 0. */
    private static double[] rateRatioInterval(Tally a, Tally b) {
        long n = a.events() + b.events();
        if (a.events() == 0 || n > Integer.MAX_VALUE) {
            return new double[] {Double.NaN, Double.NaN};
        }
        // Clopper-Pearson by its beta quantiles, with the exact ends where the other run counted none or all
        long x = b.events();
        double half = Comparison.ALPHA / 2;
        double lo = x == 0 ? 0 : new BetaDistribution(null, x, n - x + 1).inverseCumulativeProbability(half);
        double hi = x == n ? 1 : new BetaDistribution(null, x + 1, n - x).inverseCumulativeProbability(1 - half);
        double exposure = (double) a.ops() / b.ops();
        return new double[] {lo / (1 - lo) * exposure, hi >= 1 ? Double.NaN : hi / (1 - hi) * exposure};
    }
}
