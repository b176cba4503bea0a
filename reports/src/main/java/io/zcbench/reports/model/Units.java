package io.zcbench.reports.model;

import io.zcbench.reports.ReportException;

import java.math.BigDecimal;
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

    /** A number with three significant digits, larger ones whole: 0.0123, 1.23, 12.3, 263, 2048. */
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

    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return "∞";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e7) {
            return String.format(Locale.ROOT, "%.3g", v);
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
        return String.format(Locale.ROOT, "%.2g", v);
    }
}
