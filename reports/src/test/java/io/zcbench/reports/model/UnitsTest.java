package io.zcbench.reports.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnitsTest {
    @Test
    void numbersNeverReadInExponentNotation() {
        assertEquals("25.4 M", Units.num(25_400_000));
        assertEquals("3.10 G", Units.num(3.1e9));
        assertEquals("9999999", Units.num(9_999_999));
        assertEquals("0.000012", Units.num(1.2e-5));
        assertEquals("0.0012", Units.num(0.00123));
        assertEquals("2048", Units.num(2048));
        assertEquals("1.23", Units.num(1.234));
        assertEquals("n/a", Units.num(Double.NaN));
    }

    @Test
    void timesAreScaledToReadAtAGlance() {
        assertEquals("25.4 ms/op", Units.quantity(25_400_000, "ns/op"));
        assertEquals("830 ns/KiB", Units.quantity(830, "ns/KiB"));
        assertEquals("12.5 µs/op", Units.quantity(12_500, "ns/op"));
        assertEquals("2.00 s/op", Units.quantity(2e9, "ns/op"));
        assertEquals("1.50 ms/op", Units.quantity(1500, "us/op"));
        assertEquals("7.51 GB/s", Units.quantity(7.51, "GB/s"));
        assertEquals("2048/op", Units.quantity(2048, "#/op"));
        assertEquals("2.50/op", Units.quantity(2.5, "#/op"));
        assertEquals("1.00×10^308", Units.num(1e308));
        assertEquals("5%", Units.pct(0.05));
        assertEquals("14%", Units.pct(0.135));
        assertEquals("6.7%", Units.pct(0.0672));
    }
}
