package io.zcbench.reports.model;

import io.zcbench.reports.ReportException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JMH score units and the byte sizes zcbench writes in parameters. */
public final class Units {
    private Units() {
    }

    public static boolean isThroughput(String unit) {
        return unit.startsWith("ops/");
    }

    public static boolean known(String unit) {
        try {
            secondsPerOp(1, unit);
            return true;
        } catch (ReportException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    /** Seconds per operation for a score in {@code unit} ("us/op", "ms/op", "ops/s", ...). */
    public static double secondsPerOp(double score, String unit) {
        if (isThroughput(unit)) {
            return factor(unit.substring(4)) / score;
        }
        if (!unit.endsWith("/op")) {
            throw new ReportException("score unit '" + unit + "' is neither time per operation nor operations per time");
        }
        return score * factor(unit.substring(0, unit.indexOf('/')));
    }

    private static double factor(String timeUnit) {
        return switch (timeUnit) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            case "hr" -> 3600;
            default -> throw new ReportException("unknown time unit '" + timeUnit + "'");
        };
    }

    /** Parses a size parameter ("64MiB", "4096", "1G"). */
    public static long parseSize(String s) {
        Matcher m = Pattern.compile("(\\d+)\\s*([A-Za-z]*)").matcher(s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("bad size '" + s + "'");
        }
        long mult = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "", "B" -> 1;
            case "K", "KIB" -> 1L << 10;
            case "M", "MIB" -> 1L << 20;
            case "G", "GIB" -> 1L << 30;
            case "T", "TIB" -> 1L << 40;
            default -> throw new IllegalArgumentException("bad size unit in '" + s + "'");
        };
        return Math.multiplyExact(Long.parseLong(m.group(1)), mult);
    }

    /** "64 MiB", "4 KiB", "1000 B", "1.50 GiB" (truncated, never rounded up). */
    public static String formatSize(long bytes) {
        String[] names = {"TiB", "GiB", "MiB", "KiB"};
        long[] units = {1L << 40, 1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes >= units[i]) {
                if (bytes % units[i] == 0) {
                    return bytes / units[i] + " " + names[i];
                }
                return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(units[i]), 2, RoundingMode.DOWN).toPlainString()
                        + " " + names[i];
            }
        }
        return bytes + " B";
    }

    /**
     * A count per operation: as {@link #num}, but one decimal where a large count is not whole, so 2048.6 reads
     * "2048.6", not "2049", beside a model of 2048.
     */
    public static String count(double v) {
        double a = Math.abs(v);
        if (!Double.isNaN(v) && !Double.isInfinite(v) && a < 1e15 && Math.abs(v - Math.rint(v)) < 0.005) {
            return Long.toString((long) Math.rint(v)); // a whole count reads as one: 1, 32, 2048
        }
        if (!Double.isNaN(v) && !Double.isInfinite(v) && a >= 99.95 && a < 1e7 && Math.abs(v - Math.rint(v)) >= 0.05) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return num(v);
    }

    /**
     * An interval in words: "2.89–3.26"; none where one fork is all there is (forks are the samples); or, where JMH's
     * interval on the time reaches 0 (too few iterations), only its lower end, saying why.
     */
    public static String range(double low, double high) {
        if (Double.isNaN(low) && Double.isNaN(high)) {
            return "no interval: one fork";
        }
        if (Double.isInfinite(high)) {
            return "≥ " + num(low) + ", no upper bound: too few iterations";
        }
        return num(low) + "–" + num(high);
    }

    /**
     * A number with three significant digits, larger ones whole, never in exponent notation: 0.0123, 1.23, 12.3, 263,
     * 2048, 1234567; from ten million on with a decimal prefix (25.4 M, 3.10 G), below 0.01 as a plain decimal (0.00012).
     */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 999.5e18) { // beyond the prefixes: absurd for a benchmark, shown as what it is
            int exp = (int) Math.floor(Math.log10(a));
            return String.format(Locale.ROOT, "%.2f×10^%d", v / Math.pow(10, exp), exp);
        }
        if (a >= 1e7) {
            String[] prefixes = {"M", "G", "T", "P", "E"};
            int k = 0;
            double scaled = v / 1e6;
            while (Math.abs(scaled) >= 999.5 && k < prefixes.length - 1) {
                scaled /= 1e3;
                k++;
            }
            return num(scaled) + " " + prefixes[k];
        }
        if (a >= 99.95) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 9.995) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 0.9995) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (a >= 0.01) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        return new BigDecimal(v).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    }

    /**
     * A value with its unit, times scaled to read at a glance: 25400000 ns/op is "25.4 ms/op", 830 ns/KiB stays
     * "830 ns/KiB"; other units as {@link #num} gives the number ("7.51 GB/s", "2048 #/op").
     */
    public static String quantity(double v, String unit) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return num(v);
        }
        if (unit != null && (unit.equals("ns") || unit.startsWith("ns/") || unit.startsWith("ns "))) {
            String rest = unit.substring(2);
            double a = Math.abs(v);
            return a >= 1e9 ? num(v / 1e9) + " s" + rest : a >= 1e6 ? num(v / 1e6) + " ms" + rest
                    : a >= 1e4 ? num(v / 1e3) + " µs" + rest : num(v) + " " + unit;
        }
        if (unit != null && (unit.equals("us") || unit.startsWith("us/"))) {
            return quantity(v * 1e3, "ns" + unit.substring(2));
        }
        if (unit != null && unit.startsWith("#")) {
            return count(v) + unit.substring(1); // "2048/op"
        }
        return unit == null || unit.isEmpty() ? num(v) : num(v) + " " + unit;
    }

    /** A fraction as a percentage to two significant digits at most: 0.05 is "5%", 0.135 "14%", 0.0672 "6.7%". */
    public static String pct(double fraction) {
        double v = 100 * fraction;
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return (Math.abs(v) >= 9.5 ? String.format(Locale.ROOT, "%.0f", v)
                : new BigDecimal(v).round(new MathContext(2)).stripTrailingZeros().toPlainString()) + "%";
    }
}
