package io.zcbench.reports.html;

import io.zcbench.reports.chart.Charts;
import io.zcbench.reports.model.Impl;
import io.zcbench.reports.model.Estimate;
import io.zcbench.reports.model.MetricId;
import io.zcbench.reports.model.Units;
import io.zcbench.reports.table.ComparisonTable;
import io.zcbench.reports.table.TableRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The "Large files" section: for the LargeFile benchmark's rows, each path's throughput beside what it did to the
 * hot set, the textbook's claim in one line, and verdicts computed from the figures (eviction by the buffered paths,
 * io-uring-direct against o-direct and the fastest buffered path), with the cgroup limit and sizes named.
 */
public final class LargeFiles {
    static final String CLAIM = "The textbook: a file much larger than the page cache still goes through it on every "
            + "zero-copy path (sendfile, splice, mmap), evicting the hot small files other requests need and wasting the "
            + "DMA into the cache; send large files with asynchronous direct I/O instead (nginx: sendfile on; aio on; "
            + "directio 1024m).";

    private LargeFiles() {
    }

    static boolean isLarge(TableRow t) {
        return t.row().benchmark().endsWith("LargeFile.transfer");
    }

    private static double v(TableRow t, MetricId id) {
        return t.row().value(id);
    }

    private static String why(TableRow t, MetricId id) {
        Estimate e = t.row().metric(id);
        return e == null ? "not measured" : e.unavailableReason() == null ? "" : e.unavailableReason();
    }

    private static String limit(TableRow t) {
        String l = t.row().params().getOrDefault("limit", "");
        return l.equals("none") ? "none (control)" : l;
    }

    private static boolean control(TableRow t) {
        return "none".equals(t.row().params().get("limit"));
    }

    /** The section's model, or null when the run has no large-file rows. */
    static Map<String, Object> model(ComparisonTable table) {
        List<TableRow> rows = table.rows().stream().filter(LargeFiles::isLarge).filter(t -> t.impl() == Impl.JAVA)
                .sorted(Comparator.comparing(LargeFiles::control).thenComparing(Comparator.comparingDouble((TableRow t) -> t.throughput().gbs()).reversed()))
                .toList();
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new HashMap<>();
        List<Map<String, Object>> out = new ArrayList<>();
        for (TableRow t : rows) {
            Map<String, Object> r = new HashMap<>();
            r.put("path", t.row().path());
            r.put("chunk", t.model().usesChunk() ? Units.formatSize(t.row().chunk()) : "whole file");
            r.put("limit", limit(t));
            r.put("bypass", t.model().bypassesPageCache());
            r.put("gbs", Units.num(t.throughput().gbs()));
            r.put("range", Units.range(t.throughput().low(), t.throughput().high()));
            r.put("hot", Units.num(v(t, MetricId.LARGE_HOT_BEFORE)) + "% → " + Units.num(v(t, MetricId.LARGE_HOT_AFTER)) + "%");
            r.put("faults", Units.num(v(t, MetricId.LARGE_HOT_FAULTS)));
            double rate = v(t, MetricId.LARGE_HOT_RATE);
            r.put("hotRate", Units.num(v(t, MetricId.LARGE_HOT_GBS) * 1000) + (Double.isNaN(rate) ? "" : " of " + Units.num(rate)));
            r.put("device", Double.isNaN(v(t, MetricId.LARGE_DEVICE_READ)) ? "n/a" : Units.num(v(t, MetricId.LARGE_DEVICE_READ)));
            r.put("deviceTitle", why(t, MetricId.LARGE_DEVICE_READ));
            r.put("footprint", Units.num(v(t, MetricId.LARGE_FOOTPRINT)));
            r.put("cgroup", Double.isNaN(v(t, MetricId.LARGE_CGROUP_CACHE)) ? "n/a" : Units.num(v(t, MetricId.LARGE_CGROUP_CACHE)));
            r.put("cgroupTitle", why(t, MetricId.LARGE_CGROUP_CACHE));
            out.add(r);
        }
        m.put("rows", out);
        m.put("chart", chart(table).figure());
        m.put("claim", CLAIM);
        m.put("conditions", conditions(rows));
        m.put("verdicts", verdicts(rows));
        return m;
    }

    /** The section's chart (ReportWriter draws it; the page shows it), or null without large-file rows. */
    public static Charts.Chart chart(ComparisonTable table) {
        List<TableRow> rows = table.rows().stream().filter(LargeFiles::isLarge).filter(t -> t.impl() == Impl.JAVA).toList();
        if (rows.isEmpty()) {
            return null;
        }
        List<Charts.LargePoint> points = rows.stream().map(t -> new Charts.LargePoint(
                t.row().path(), t.model().order(), control(t), v(t, MetricId.LARGE_HOT_AFTER), t.throughput().gbs())).toList();
        TableRow t = rows.get(0);
        return Charts.largeFiles("large-files", Units.formatSize(t.row().size()) + " " + t.row().cache()
                + " file to a socket, memory cgroup " + String.join(" / ", rows.stream().map(LargeFiles::limit).distinct().toList())
                + ", hot set " + Units.formatSize(Math.round(v(t, MetricId.LARGE_HOT_SIZE) * 1024 * 1024)), points);
    }

    private static String conditions(List<TableRow> rows) {
        TableRow t = rows.get(0);
        String limits = String.join(" and ", rows.stream().map(LargeFiles::limit).distinct().toList());
        return String.format(Locale.ROOT, "Conditions: a %s %s file sent to a socket per operation, from a benchmark fork in a "
                        + "memory cgroup of %s (its page cache included); a second thread reads a %s hot set at %s MB/s "
                        + "through a mapping. Each operation starts with the hot set fully cached.",
                Units.formatSize(t.row().size()), t.row().cache(), limits, Units.formatSize(Math.round(v(t, MetricId.LARGE_HOT_SIZE) * 1024 * 1024)),
                Double.isNaN(v(t, MetricId.LARGE_HOT_RATE)) ? "full speed" : Units.num(v(t, MetricId.LARGE_HOT_RATE)));
    }

    /** Plain sentences from the figures: who evicted how much, and how the direct paths compare. */
    static List<String> verdicts(List<TableRow> rows) {
        List<String> out = new ArrayList<>();
        List<TableRow> squeezed = rows.stream().filter(t -> !control(t)).toList();
        List<TableRow> buffered = squeezed.stream().filter(t -> !t.model().bypassesPageCache()).toList();
        List<String> evicting = new ArrayList<>();
        List<String> keeping = new ArrayList<>();
        List<TableRow> byLoss = new ArrayList<>(buffered);
        byLoss.sort(Comparator.comparingDouble((TableRow t) -> v(t, MetricId.LARGE_HOT_BEFORE) - v(t, MetricId.LARGE_HOT_AFTER)).reversed());
        List<String> unknown = new ArrayList<>();
        for (TableRow t : byLoss) {
            double lost = v(t, MetricId.LARGE_HOT_BEFORE) - v(t, MetricId.LARGE_HOT_AFTER);
            double faults = v(t, MetricId.LARGE_HOT_FAULTS);
            if (Double.isNaN(lost)) { // missing data is no finding either way
                unknown.add(t.row().path() + " (hot set cached not measured: " + why(t, MetricId.LARGE_HOT_AFTER) + ")");
            } else if (lost >= 1) {
                evicting.add(String.format(Locale.ROOT, "%s evicted %s%% of the hot set (%s%% → %s%% cached, %s)", t.row().path(),
                        Units.num(lost), Units.num(v(t, MetricId.LARGE_HOT_BEFORE)), Units.num(v(t, MetricId.LARGE_HOT_AFTER)),
                        Double.isNaN(faults) ? "major faults not measured" : Units.num(faults) + " major faults per operation"));
            } else if (faults >= 1) {
                evicting.add(String.format(Locale.ROOT, "%s made the hot-set thread take %s major faults per operation (pages "
                        + "it found evicted), though %s%% was cached again by the end", t.row().path(), Units.num(faults),
                        Units.num(v(t, MetricId.LARGE_HOT_AFTER))));
            } else {
                keeping.add(String.format(Locale.ROOT, "%s (%s%% → %s%% cached, %s)", t.row().path(),
                        Units.num(v(t, MetricId.LARGE_HOT_BEFORE)), Units.num(v(t, MetricId.LARGE_HOT_AFTER)),
                        Double.isNaN(faults) ? "major faults not measured: " + why(t, MetricId.LARGE_HOT_FAULTS)
                                : "no major faults"));
            }
        }
        if (!buffered.isEmpty()) {
            out.add("Do the buffered paths evict the hot set when the file outgrows the page cache? "
                    + (evicting.isEmpty() ? "No, not here: " + String.join("; ", keeping) + "."
                    : (keeping.isEmpty() ? "Yes, every one: " : evicting.size() + " of " + buffered.size() + " did: ")
                    + String.join("; ", evicting) + "." + (keeping.isEmpty() ? "" : " Kept it: " + String.join("; ", keeping) + "."))
                    + (unknown.isEmpty() ? "" : " Not known for " + String.join("; ", unknown) + "."));
        }
        for (TableRow t : squeezed.stream().filter(x -> x.model().bypassesPageCache()).toList()) {
            double lost = v(t, MetricId.LARGE_HOT_BEFORE) - v(t, MetricId.LARGE_HOT_AFTER);
            out.add(String.format(Locale.ROOT, "%s %s the hot set (%s%% → %s%%) and left %s MiB of the file cached.",
                    t.row().path() + " (" + Units.formatSize(t.row().chunk()) + " chunks)",
                    Double.isNaN(lost) ? "may or may not have kept (not measured: " + why(t, MetricId.LARGE_HOT_AFTER) + ")"
                            : lost < 1 ? "kept" : "did not keep",
                    Units.num(v(t, MetricId.LARGE_HOT_BEFORE)), Units.num(v(t, MetricId.LARGE_HOT_AFTER)), Units.num(v(t, MetricId.LARGE_FOOTPRINT))));
        }
        Optional<TableRow> fastest = buffered.stream().max(Comparator.comparingDouble((TableRow t) -> t.throughput().gbs()));
        List<TableRow> directs = squeezed.stream().filter(t -> t.row().path().equals("io-uring-direct"))
                .sorted(Comparator.comparingLong(t -> t.row().chunk())).toList();
        List<String> parts = new ArrayList<>();
        for (TableRow d : directs) {
            // synchronous o-direct with the same chunk, the fair comparison
            Optional<TableRow> sync = squeezed.stream().filter(t -> t.row().path().equals("o-direct") && t.row().chunk() == d.row().chunk())
                    .findFirst();
            List<String> vs = new ArrayList<>();
            sync.ifPresent(s -> vs.add(ratio(d, s) + " synchronous o-direct's (" + Units.num(s.throughput().gbs()) + " GB/s)"
                    + (overlap(d, s) ? ", not distinguishable here" : "")));
            fastest.ifPresent(f -> vs.add(ratio(d, f) + " the fastest buffered path's, " + f.row().path() + " ("
                    + Units.num(f.throughput().gbs()) + " GB/s)" + (overlap(d, f) ? ", not distinguishable here" : "")));
            parts.add("with " + Units.formatSize(d.row().chunk()) + " chunks " + Units.num(d.throughput().gbs()) + " GB/s"
                    + (vs.isEmpty() ? "" : ": " + String.join("; ", vs)));
        }
        if (!parts.isEmpty()) {
            out.add("Does asynchronous direct I/O come near? io-uring-direct sent " + String.join(". And ", parts) + ".");
        }
        List<TableRow> controls = rows.stream().filter(LargeFiles::control).toList();
        if (!controls.isEmpty()) {
            out.add("Control, no cgroup (the file fits in memory): " + String.join("; ", controls.stream().map(t -> String.format(
                    Locale.ROOT, "%s kept %s%% of the hot set, %s GB/s, %s MiB of the file cached", t.row().path(),
                    Units.num(v(t, MetricId.LARGE_HOT_AFTER)), Units.num(t.throughput().gbs()), Units.num(v(t, MetricId.LARGE_FOOTPRINT)))).toList()) + ".");
        }
        return out;
    }

    private static String ratio(TableRow a, TableRow b) {
        return Units.num(a.throughput().gbs() / b.throughput().gbs()) + "×";
    }

    private static boolean overlap(TableRow a, TableRow b) {
        return !(Double.isNaN(a.throughput().low()) || Double.isNaN(b.throughput().low())) && a.throughput().low() <= b.throughput().high() && b.throughput().low() <= a.throughput().high();
    }
}
