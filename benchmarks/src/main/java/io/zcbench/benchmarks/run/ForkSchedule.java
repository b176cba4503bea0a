package io.zcbench.benchmarks.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * In which order a run's forks go: with an interleaved preset, rounds — fork 1 of every benchmark, then fork 2 of every
 * benchmark, ... — each round in its own random order (randomized multiple interleaved trials, Abedi and Brecht 2017),
 * so neither the machine's slow drift nor its regimes of a few seconds land on one benchmark's forks or on a fixed
 * neighbour. The seed is recorded with the run, so the order can be replayed. A fork that disagrees with the other forks
 * of its benchmark is named; one more fork of that benchmark may follow while the run stays within its estimate.
 */
final class ForkSchedule {
    /** A fork's median GB/s this far from the median of its benchmark's other forks is named as an outlier. */
    static final double OUTLIER_RATIO = 1.25;

    /** One fork to run: which benchmark, which of its forks. */
    record Slot(int combo, int fork, boolean added) {
    }

    private final List<Slot> slots = new ArrayList<>();
    private final long seed;
    private final int rounds;

    ForkSchedule(int combos, int rounds, long seed) {
        this(Collections.nCopies(combos, rounds), rounds, seed);
    }

    /** With each combo's own fork count ({@code forks.get(i)} rounds of the {@code rounds}; the rest skip it). */
    ForkSchedule(List<Integer> forks, int rounds, long seed) {
        this.seed = seed;
        this.rounds = rounds;
        Random random = new Random(seed);
        for (int r = 0; r < rounds; r++) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < forks.size(); i++) {
                if (r < forks.get(i)) {
                    order.add(i);
                }
            }
            if (rounds > 1) {
                Collections.shuffle(order, random);
            }
            for (int i : order) {
                slots.add(new Slot(i, r + 1, false));
            }
        }
    }

    List<Slot> slots() {
        return slots;
    }

    long seed() {
        return seed;
    }

    int rounds() {
        return rounds;
    }

    /**
     * Whether {@code value} (a fork's median GB/s) is an outlier among {@code others} (its benchmark's earlier forks'),
     * and in words how far: "ran 1.41x slower than the median of its 3 other forks". Null when it is not, or when there
     * are fewer than two others to judge by.
     */
    static String outlier(double value, List<Double> others) {
        if (others.size() < 2 || !(value > 0)) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(others);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        double ratio = value / median;
        if (ratio < OUTLIER_RATIO && ratio > 1 / OUTLIER_RATIO) {
            return null;
        }
        return String.format(Locale.ROOT, "ran %.2fx %s than the median of its %d other forks (%.3f vs %.3f GB/s)",
                ratio >= 1 ? ratio : 1 / ratio, ratio >= 1 ? "faster" : "slower", n, value, median);
    }
}
