package io.zcbench.benchmarks.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.math3.distribution.TDistribution;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A run's time, spent where the noise is. Every benchmark gets its first rounds of forks (two: a fork-to-fork spread
 * needs two); after them the run adds whole rounds over every benchmark still short of the target while a round fits,
 * then spends what is left on the widest intervals, in random order, as long as the next fork fits in the budget. Between two runs nothing pairs, so what a run resolves is what its forks give: the half-width of the 99%
 * interval of the throughput ratio between two runs like this one, t(0.995, 2n-2) x s x sqrt(2/n) on the logarithms of
 * the n forks' GB/s (s their standard deviation), the interval compare will print for an A/A pair.
 */
final class Budget {
    static final int FIRST_ROUNDS = 2;
    /** No benchmark gets more forks than this, whatever the budget (a run of one benchmark and a long budget stops here). */
    static final int MOST_FORKS = 100;

    private final Duration budget;
    private final double target;
    private final Random random;

    /** {@code budget}: the forks' wall time; {@code target}: a half-width (0.05 = ±5%) after which a benchmark gets no more forks, NaN for none. */
    Budget(Duration budget, double target, long seed) {
        this.budget = budget;
        this.target = target;
        this.random = new Random(seed);
    }

    Duration budget() {
        return budget;
    }

    double target() {
        return target;
    }

    /**
     * What a run of these forks' GB/s resolves between two runs: the ratio's 99% half-width as a fraction (0.12 = ±12%),
     * +infinity with fewer than two forks, NaN when a fork gave no figure.
     */
    static double resolves(List<Double> forkGbs) {
        int n = forkGbs.size();
        if (n < 2) {
            return Double.POSITIVE_INFINITY;
        }
        double s = logSd(forkGbs);
        if (Double.isNaN(s)) {
            return Double.NaN;
        }
        double t = new TDistribution(2.0 * n - 2).inverseCumulativeProbability(0.995);
        return Math.expm1(t * s * Math.sqrt(2.0 / n));
    }

    /**
     * The next round: every benchmark again while a whole round fits in what is left, so each benchmark's forks stay
     * spread over the run's whole time (a benchmark whose few forks happen to agree is not trusted: an A/A pair of main
     * jobs made with a greedy allocation called three throughput changes of 18-27% where two forks of one run had
     * agreed within 5% and all three of the other run sat in a slower regime); then, when no whole round fits, a last
     * partial round for the widest intervals, each benchmark's spread shrunk toward the run's typical one (two forks
     * that agree say little). Combos short of the target only; none when the budget is spent. {@code figures}: each
     * combo's forks' GB/s so far (NaN: a fork without a figure, which leaves the combo out); {@code seconds}: each
     * combo's mean fork wall time so far; {@code left}: what is left of the budget.
     */
    List<Integer> nextRound(List<List<Double>> figures, List<Double> seconds, Duration left) {
        List<double[]> open = new ArrayList<>();
        List<Double> spreads = new ArrayList<>();
        for (int i = 0; i < figures.size(); i++) {
            double sd = logSd(figures.get(i));
            if (!Double.isNaN(sd)) {
                spreads.add(sd);
            }
        }
        Collections.sort(spreads);
        double typical = spreads.isEmpty() ? 0.1 : spreads.get(spreads.size() / 2);
        double room = left.toMillis() / 1000.0;
        double whole = 0;
        for (int i = 0; i < figures.size(); i++) {
            List<Double> f = figures.get(i);
            double hw = resolves(f);
            if (f.size() >= MOST_FORKS || Double.isNaN(hw) || hw <= target || f.contains(Double.NaN)) {
                continue;
            }
            open.add(new double[] {shrunk(f, typical), i});
            whole += seconds.get(i);
        }
        if (open.isEmpty()) {
            return List.of();
        }
        List<Integer> round = new ArrayList<>();
        if (whole <= room) {
            open.forEach(o -> round.add((int) o[1]));
        } else {
            open.sort((x, y) -> Double.compare(y[0], x[0]));
            for (double[] o : open) {
                double cost = seconds.get((int) o[1]);
                if (cost <= room) {
                    round.add((int) o[1]);
                    room -= cost;
                }
            }
        }
        Collections.shuffle(round, random);
        return round;
    }

    /** The standard deviation of the forks' log GB/s, NaN with fewer than two or a fork without a figure. */
    static double logSd(List<Double> forkGbs) {
        int n = forkGbs.size();
        if (n < 2 || forkGbs.stream().anyMatch(v -> !(v > 0))) {
            return Double.NaN;
        }
        double mean = forkGbs.stream().mapToDouble(Math::log).average().orElse(Double.NaN);
        double ss = forkGbs.stream().mapToDouble(v -> (Math.log(v) - mean) * (Math.log(v) - mean)).sum();
        return Math.sqrt(ss / (n - 1));
    }

    /**
     * The half-width a benchmark would resolve with its spread shrunk toward the run's typical one ({@code typical}, a
     * log standard deviation) as if that were worth 3 forks' evidence: (df s^2 + 3 typical^2) / (df + 3).
     */
    static double shrunk(List<Double> forkGbs, double typical) {
        int n = forkGbs.size();
        double s = logSd(forkGbs);
        double df = n - 1;
        double var = Double.isNaN(s) ? typical * typical : (df * s * s + 3 * typical * typical) / (df + 3);
        double t = new TDistribution(Math.max(1, 2.0 * n - 2)).inverseCumulativeProbability(0.995);
        return Math.expm1(t * Math.sqrt(var) * Math.sqrt(2.0 / Math.max(1, n)));
    }

    /**
     * What the run resolves between two runs like it, said at its end and kept in env.json (run.resolution): the median
     * and range over the benchmarks with an interval, and with a target the benchmarks that did not reach it, with what
     * more they would cost.
     */
    static void summarize(PrintStream out, ObjectNode env, List<Combo> combos, Execution.ForkLog log, double target) {
        ObjectNode res = env.withObjectProperty("run").putObject("resolution");
        res.put("what", "the half-width of the 99% interval of the throughput ratio between two runs like this one, "
                + "t(0.995, 2n-2) x s x sqrt(2/n) on the logarithms of the n forks' GB/s");
        if (!Double.isNaN(target)) {
            res.put("targetPercent", 100 * target);
        }
        ArrayNode per = res.putArray("benchmarks");
        List<Double> all = new ArrayList<>();
        List<String> shortOf = new ArrayList<>();
        for (int i = 0; i < combos.size() && i < log.forkGbs().size(); i++) {
            List<Double> gbs = log.forkGbs().get(i);
            double hw = resolves(gbs);
            ObjectNode b = per.addObject().put("benchmark", combos.get(i).describe()).put("forks", gbs.size());
            if (Double.isFinite(hw)) {
                b.put("resolvesPercent", Math.round(1000 * hw) / 10.0);
                all.add(hw);
            } else {
                b.put("resolvesPercent", (String) null);
            }
            if (!Double.isNaN(target) && !(hw <= target) && !gbs.isEmpty() && !gbs.contains(Double.NaN)) {
                shortOf.add(combos.get(i).brief() + ": " + shortOf(gbs, target, log.forkSeconds().get(i)));
            }
        }
        if (!all.isEmpty()) {
            Collections.sort(all);
            double median = all.size() % 2 == 1 ? all.get(all.size() / 2) : (all.get(all.size() / 2 - 1) + all.get(all.size() / 2)) / 2;
            res.put("medianPercent", Math.round(1000 * median) / 10.0).put("maxPercent", Math.round(1000 * all.get(all.size() - 1)) / 10.0);
            out.printf(Locale.ROOT, "zcbench run: between two runs like this one, throughput resolves ±%.0f%% at the median "
                    + "(±%.0f%% to ±%.0f%%, 99%% intervals) over %d benchmarks%n", 100 * median, 100 * all.get(0),
                    100 * all.get(all.size() - 1), all.size());
        }
        if (!Double.isNaN(target)) {
            if (shortOf.isEmpty()) {
                out.printf(Locale.ROOT, "zcbench run: every benchmark reached ±%.1f%%%n", 100 * target);
            } else {
                out.printf(Locale.ROOT, "zcbench run: %d benchmark(s) did not reach ±%.1f%% within the budget (%s) or %d forks "
                        + "each: between runs only more forks narrow an interval, as 1/sqrt(forks), and compare's host adjustment where a "
                        + "host probe follows a path's forks%n", shortOf.size(), 100 * target,
                        env.path("run").path("budget").has("seconds") ? RunMain.human(Duration.ofSeconds(env.path("run").path("budget")
                                .path("seconds").asLong())) : "none", MOST_FORKS);
                shortOf.forEach(l -> out.println("  " + l));
                shortOf.forEach(res.putArray("shortOfTarget")::add);
            }
        }
    }

    /** "±12% after 6 forks, whose GB/s vary by 9%; about 9 more forks (40 s) for ±5%", for a combo short of the target. */
    static String shortOf(List<Double> forkGbs, double target, double forkSeconds) {
        double hw = resolves(forkGbs);
        int n = forkGbs.size();
        if (Double.isNaN(hw) || Double.isInfinite(hw)) {
            return String.format(Locale.ROOT, "%d fork(s) with figures: no interval yet", n);
        }
        // the half-width shrinks about as 1/sqrt(n) (a little faster while t's degrees of freedom grow)
        int more = (int) Math.ceil(n * (hw / target) * (hw / target)) - n;
        return String.format(Locale.ROOT, "±%.1f%% after %d forks, whose GB/s vary by %.0f%% (standard deviation of their "
                        + "logarithms); about %d more forks (%s) for ±%.1f%%", 100 * hw, n, 100 * logSd(forkGbs), more,
                RunMain.human(Duration.ofMillis((long) (1000 * more * forkSeconds))), 100 * target);
    }
}
