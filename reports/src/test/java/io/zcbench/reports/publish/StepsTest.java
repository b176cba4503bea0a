package io.zcbench.reports.publish;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepsTest {
    /** Runs of {@code points} points with {@code repeats} each, lognormal noise {@code sd}, times {@code factor} from {@code at} on. */
    private static List<Steps.Value> series(long seed, int points, int repeats, double sd, int at, double factor) {
        Random rnd = new Random(seed);
        List<Steps.Value> out = new ArrayList<>();
        for (int p = 0; p < points; p++) {
            for (int k = 0; k < repeats; k++) {
                out.add(new Steps.Value(p, 5.0 * Math.exp(sd * rnd.nextGaussian()) * (p >= at ? factor : 1)));
            }
        }
        return out;
    }

    private static List<Steps.Step> steps(List<Steps.Value> v, int points) {
        return Steps.find(v, points, Steps.noise(v, points), 0.05, Steps.ALPHA);
    }

    @Test
    void aaSeriesHaveNoStepsInNearlyAllCases() {
        int falseSteps = 0;
        for (long seed = 0; seed < 400; seed++) {
            falseSteps += steps(series(seed, 8, 1, 0.08, 99, 1), 8).size(); // 8 runs, no repeats, 8% noise
            falseSteps += steps(series(seed + 1000, 4, 2, 0.08, 99, 1), 4).size(); // 4 points x 2 repeats
        }
        assertTrue(falseSteps <= 12, "false steps in 800 A/A series: " + falseSteps); // about 1% per series by design
    }

    @Test
    void aCausedStepIsFoundWhereItIsWithItsSize() {
        int found = 0;
        for (long seed = 0; seed < 100; seed++) {
            List<Steps.Step> s = steps(series(seed, 4, 2, 0.05, 2, 0.6), 4); // -40% from point 2, 5% noise, 2 repeats
            if (s.size() == 1 && s.get(0).after() == 1) {
                found++;
                assertTrue(s.get(0).low() < 0.6 && 0.6 < s.get(0).high() || Math.abs(s.get(0).ratio() - 0.6) < 0.1,
                        s.get(0).text());
            }
        }
        assertTrue(found >= 95, "the step found in " + found + " of 100 series");
    }

    @Test
    void noRepeatsUsesSuccessivePointsAndStillFindsALargeStep() {
        List<Steps.Value> v = series(7, 8, 1, 0.04, 5, 2.0);
        Steps.Noise n = Steps.noise(v, 8);
        assertTrue(n.how().contains("successive points"), n.how());
        List<Steps.Step> s = Steps.find(v, 8, n, 0.05, Steps.ALPHA);
        assertEquals(1, s.size(), s.toString());
        assertEquals(4, s.get(0).after());
        assertTrue(s.get(0).ratio() > 1.7 && s.get(0).ratio() < 2.3, s.get(0).text());
    }

    @Test
    void twoStepsAreBothFound() {
        List<Steps.Value> v = series(3, 6, 2, 0.03, 2, 1.5);
        List<Steps.Value> w = new ArrayList<>();
        v.forEach(x -> w.add(new Steps.Value(x.point(), x.point() >= 4 ? x.value() * 0.5 : x.value())));
        List<Steps.Step> s = steps(w, 6);
        assertEquals(List.of(1, 3), s.stream().map(Steps.Step::after).toList(), s.toString());
    }

    @Test
    void aChangeBelowTheMinimumIsNoStepHoweverSure() {
        List<Steps.Value> v = series(1, 2, 6, 0.001, 1, 1.03); // 3% with 0.1% noise: certain, but below 5%
        assertEquals(List.of(), steps(v, 2));
    }

    @Test
    void tooFewRunsToKnowTheNoiseGiveNoStepAndSaySo() {
        List<Steps.Value> v = List.of(new Steps.Value(0, 5), new Steps.Value(1, 9));
        Steps.Noise n = Steps.noise(v, 2);
        assertTrue(Double.isNaN(n.sigma()) && n.how().startsWith("unknown"), n.how());
        assertEquals(List.of(), Steps.find(v, 2, n, 0.05, Steps.ALPHA));
    }

    @Test
    void versionsSortNaturally() {
        List<String> k = new ArrayList<>(List.of("6.18.44-fc", "7.0", "6.6.1", "6.12.3", "6.1.0"));
        k.sort(Order.NATURAL);
        assertEquals(List.of("6.1.0", "6.6.1", "6.12.3", "6.18.44-fc", "7.0"), k);
        List<String> sizes = new ArrayList<>(List.of("64KiB", "0", "4KiB", "1MiB"));
        sizes.sort(Order.NATURAL);
        assertEquals(List.of("0", "4KiB", "64KiB", "1MiB"), sizes);
        List<String> j = new ArrayList<>(List.of("25.0.1+8", "17.0.15+6", "21.0.5+11"));
        j.sort(Order.NATURAL);
        assertEquals(List.of("17.0.15+6", "21.0.5+11", "25.0.1+8"), j);
    }
}
