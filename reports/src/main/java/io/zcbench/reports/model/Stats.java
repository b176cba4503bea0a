package io.zcbench.reports.model;

import org.apache.commons.math3.distribution.BinomialDistribution;

/** Small statistics the report needs beyond JMH's. */
public final class Stats {
    private Stats() {
    }

    /**
     * The 1-based rank k such that [x(k), x(n+1-k)] of n sorted values covers the median with at least
     * {@code confidence} (distribution-free: only independence is assumed); 1 when n is too small for more.
     */
    public static int medianRank(int n, double confidence) {
        BinomialDistribution b = new BinomialDistribution(null, n, 0.5);
        int k = 1;
        while (k + 1 <= n / 2 && 1 - 2 * b.cumulativeProbability(k) >= confidence) {
            k++;
        }
        return k;
    }
}
