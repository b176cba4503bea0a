package io.zcbench.reports.model;

import org.apache.commons.math3.distribution.BinomialDistribution;

import java.util.Locale;

/** Small statistics the report needs beyond JMH's. */
public final class Stats {
    private Stats() {
    }

    /**
     * The 1-based rank k such that [x(k), x(n+1-k)] of n sorted values covers the median with at least
     * {@code confidence} (distribution-free: only independence is assumed); 1 when n is too small for more.
     */
    public static int medianRank(int n, double confidence) {
        return medianRankAtLeast(n, confidence);
    }

    /**
     * The coverage [x(k), x(n+1-k)] of n sorted independent values truly has for their median: 1 - 2 P(Bin(n, 1/2) <= k-1).
     * n = 6, k = 1 gives 96.9%: six values cannot give a 99% interval for a median.
     */
    public static double medianCoverage(int n, int k) {
        if (k < 1 || 2 * k > n + 1) {
            return Double.NaN;
        }
        return 1 - 2 * new BinomialDistribution(null, n, 0.5).cumulativeProbability(k - 1);
    }

    /** A coverage as a label, to one decimal: "96.9%" (n = 6), "99.2%" (n = 8). */
    public static String coverageLabel(double coverage) {
        return Double.isNaN(coverage) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * coverage);
    }

    private static int medianRankAtLeast(int n, double confidence) {
        BinomialDistribution b = new BinomialDistribution(null, n, 0.5);
        int k = 1;
        while (k + 1 <= n / 2 && 1 - 2 * b.cumulativeProbability(k) >= confidence) {
            k++;
        }
        return k;
    }
}
