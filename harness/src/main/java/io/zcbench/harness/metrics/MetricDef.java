package io.zcbench.harness.metrics;

import java.util.Locale;

/**
 * One measured figure, declared once: its id (the JMH secondary result is {@link Metrics#PREFIX} + id), unit, label, which
 * direction is better, the section of the report it belongs to, whether {@code compare} diffs it, whether the id names
 * a family (a prefix: {@code syscalls.} + a call's name), whether it gets a column of its own in the report's tables
 * ({@code table.csv} and the detailed table, rendered from this declaration: no report code names it) and what it
 * means. Written to {@code metrics.json} with every
 * run; the report renders any metric from there.
 */
public record MetricDef(String id, String unit, String label, Better better, String section, boolean compare,
                        boolean family, boolean column, String description) {

    /** Which way a change is an improvement. */
    public enum Better {
        LOWER, HIGHER, NONE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The JMH secondary result's name ({@code zc.syscalls}); for a family, its prefix ({@code zc.syscalls.}). */
    public String name() {
        return Metrics.PREFIX + id;
    }

    /** The name of one member of a family ({@code zc.syscalls.sendfile}). */
    public String member(String key) {
        if (!family) {
            throw new IllegalStateException(id + " is not a family of metrics");
        }
        return name() + key;
    }
}
