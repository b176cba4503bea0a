package io.zcbench.reports.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatsTest {
    @Test
    void theMedianIntervalOfSixValuesCoversWith96point9Percent() {
        assertEquals(1, Stats.medianRank(6, 0.99), "six values: only [min, max]");
        assertEquals(1 - 2.0 / 64, Stats.medianCoverage(6, 1), 1e-12);
        assertEquals("96.9%", Stats.coverageLabel(Stats.medianCoverage(6, 1)));
        assertEquals("99.2%", Stats.coverageLabel(Stats.medianCoverage(8, 1)), "eight values reach 99%");
        assertEquals(1, Stats.medianRank(8, 0.99));
        assertEquals(3, Stats.medianRank(16, 0.99), "from 16 on, the 3rd smallest to the 3rd largest");
        assertEquals("99.6%", Stats.coverageLabel(Stats.medianCoverage(16, 3)));
    }
}
