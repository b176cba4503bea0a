package io.zcbench.harness.metrics;

/**
 * A figure that could not be measured, and why, as zcbench writes it into JMH's output: JMH's results carry no field for
 * a reason, so the metric's score is NaN and its unit says why, {@code "#/op (n/a: perf_event_open refused ...)"}.
 * Written and read here only; the report shows "n/a" with the reason, never 0.
 */
public final class Unavailable {
    private static final String OPEN = "(n/a: ";

    private Unavailable() {
    }

    /** {@code unit} with why the figure is missing: "#/op (n/a: why)". */
    public static String unit(String unit, String why) {
        return unit + " " + OPEN + why + ")";
    }

    /** The reason a unit carries, or {@code null} when it carries none. */
    public static String reason(String unit) {
        int i = unit.indexOf(OPEN);
        if (i < 0) {
            return null;
        }
        String r = unit.substring(i + OPEN.length());
        return r.endsWith(")") ? r.substring(0, r.length() - 1) : r;
    }

    /** The unit without the reason. */
    public static String bareUnit(String unit) {
        int i = unit.indexOf(" " + OPEN);
        return i < 0 ? unit : unit.substring(0, i);
    }
}
