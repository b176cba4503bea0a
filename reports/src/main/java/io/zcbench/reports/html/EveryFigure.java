package io.zcbench.reports.html;

import io.zcbench.reports.model.Estimate;
import io.zcbench.reports.model.MetricCatalogue;
import io.zcbench.reports.model.Units;
import io.zcbench.reports.table.Group;
import io.zcbench.reports.table.TableRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every figure a group's rows carry, metric by metric, as the run's metrics.json declares them (label, unit, section,
 * meaning): the report's own columns pick a few; this lists all, so a metric the report has never heard of is shown.
 */
final class EveryFigure {
    private EveryFigure() {
    }

    static Map<String, Object> model(Group g) {
        List<TableRow> rows = g.rows();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", g.title());
        m.put("paths", rows.stream().map(t -> t.row().path()).toList());
        List<Map<String, Object>> lines = new ArrayList<>();
        String section = null;
        for (String name : names(rows)) {
            MetricCatalogue.Info info = rows.get(0).row().metrics().of(name);
            String sec = info == null ? "undeclared" : info.section();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("section", sec.equals(section) ? null : sec); // a heading where the section changes
            section = sec;
            String label = info == null ? name : info.family() ? info.label() + ": " + name.substring(info.name().length())
                    : info.label();
            line.put("label", label);
            line.put("unit", info == null ? "" : info.unit());
            line.put("about", info == null ? "not declared in this run's metrics.json" : info.description());
            List<Map<String, String>> cells = new ArrayList<>();
            for (TableRow t : rows) {
                Estimate e = t.row().metric(name);
                String text = e == null ? "–" : e.available() ? Units.num(e.score()) : "n/a";
                String why = e == null ? "not measured for this path" : e.available() ? "" : String.valueOf(e.unavailableReason());
                cells.add(Map.of("value", text, "why", why));
            }
            line.put("cells", cells);
            lines.add(line);
        }
        m.put("lines", lines);
        return m;
    }

    /** The metric names of the group in the catalogue's order; undeclared ones last, by name. */
    private static List<String> names(List<TableRow> rows) {
        TreeSet<String> all = new TreeSet<>();
        rows.forEach(t -> all.addAll(t.row().secondary().keySet()));
        List<String> out = new ArrayList<>();
        for (MetricCatalogue.Info i : rows.get(0).row().metrics().all()) {
            for (String n : all) {
                MetricCatalogue.Info of = rows.get(0).row().metrics().of(n);
                if (of != null && of.id().equals(i.id()) && !out.contains(n)) {
                    out.add(n);
                }
            }
        }
        all.stream().filter(n -> !out.contains(n)).forEach(out::add);
        return out;
    }
}
