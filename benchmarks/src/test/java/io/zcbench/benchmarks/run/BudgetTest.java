package io.zcbench.benchmarks.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a budget spends a run's time: whole rounds while they fit, then the widest intervals, never past the budget. */
class BudgetTest {
    private static List<List<Double>> figures(double[]... forks) {
        List<List<Double>> out = new ArrayList<>();
        for (double[] f : forks) {
            List<Double> l = new ArrayList<>();
            for (double v : f) {
                l.add(v);
            }
            out.add(l);
        }
        return out;
    }

    /** What a run resolves is the A/A ratio's 99% half-width compare computes: t(0.995, 2n-2) s sqrt(2/n) on logs. */
    @Test
    void resolvesIsTheHalfWidthOfTheRatioBetweenTwoSuchRuns() {
        List<Double> f = List.of(1.0, 1.1, 0.9, 1.05, 0.95);
        double s = Budget.logSd(f);
        double t = 3.3553873313; // t(0.995, 8)
        assertEquals(Math.expm1(t * s * Math.sqrt(2.0 / 5)), Budget.resolves(f), 1e-6);
        assertEquals(Double.POSITIVE_INFINITY, Budget.resolves(List.of(2.0)));
        assertTrue(Double.isNaN(Budget.resolves(List.of(2.0, Double.NaN))), "a fork without a figure: no interval");
    }

    /** While a whole round fits, every benchmark short of the target gets a fork, so forks stay spread over the run. */
    @Test
    void wholeRoundsWhileTheyFit() {
        Budget b = new Budget(Duration.ofSeconds(100), Double.NaN, 1);
        List<List<Double>> f = figures(new double[] {5.7, 5.96}, new double[] {2.0, 3.0}, new double[] {1.0, 1.01});
        List<Integer> round = b.nextRound(f, List.of(3.0, 3.0, 3.0), Duration.ofSeconds(10));
        assertEquals(3, round.size(), "two forks that agree still get the next round: " + round);
    }

    /** When no whole round fits, what is left goes to the widest intervals, spreads shrunk toward the typical one. */
    @Test
    void aPartialRoundGoesToTheWidestIntervalsWithinWhatIsLeft() {
        Budget b = new Budget(Duration.ofSeconds(100), Double.NaN, 1);
        List<List<Double>> f = figures(new double[] {5.7, 5.96, 5.8}, new double[] {2.0, 3.0, 2.4}, new double[] {1.0, 1.3, 1.1});
        List<Integer> round = b.nextRound(f, List.of(3.0, 3.0, 3.0), Duration.ofSeconds(7));
        assertEquals(List.of(1, 2), round.stream().sorted().toList(), "the two widest, as many as fit in 7 s");
        assertEquals(List.of(), b.nextRound(f, List.of(3.0, 3.0, 3.0), Duration.ofSeconds(2)), "no fork past the budget");
        assertTrue(Budget.shrunk(List.of(5.7, 5.71), 0.1) > Budget.resolves(List.of(5.7, 5.71)),
                "two forks that agree by chance are not taken at their word");
    }

    /** A benchmark that reached the target, or whose fork gave no figure, gets no more forks. */
    @Test
    void theTargetAndFailedForksStopABenchmark() {
        Budget b = new Budget(Duration.ofSeconds(100), 0.10, 1);
        List<List<Double>> f = figures(new double[] {5.0, 5.01, 5.0, 5.02, 5.01}, new double[] {2.0, 3.0},
                new double[] {1.0, Double.NaN});
        assertTrue(Budget.resolves(f.get(0)) <= 0.10);
        assertEquals(List.of(1), b.nextRound(f, List.of(3.0, 3.0, 3.0), Duration.ofSeconds(50)));
    }
}
