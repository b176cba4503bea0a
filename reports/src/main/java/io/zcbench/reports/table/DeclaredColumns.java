package io.zcbench.reports.table;

import io.zcbench.reports.model.Estimate;
import io.zcbench.reports.model.MetricCatalogue;
import io.zcbench.reports.model.Units;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns a run's metrics.json asks for ({@code "column": true}): one per declared metric that some row carries,
 * in declaration order, rendered from the declaration alone (label, unit, meaning). A metric gets a column in
 * {@code table.csv} and the detailed table by its declaration and its publisher; no report code names it.
 */
public final class DeclaredColumns {
    private DeclaredColumns() {
    }

    /** One cell: the figure in plain words ("n/a" when missing), its raw value for CSV ("" when missing), and why. */
    public record Cell(String text, String raw, String why) {
        public boolean missing() {
            return raw.isEmpty();
        }
    }

    /** The declared columns of these rows, in the order of their runs' catalogues. */
    public static List<MetricCatalogue.Info> of(List<TableRow> rows) {
        Map<String, MetricCatalogue.Info> out = new LinkedHashMap<>();
        for (TableRow t : rows) {
            for (MetricCatalogue.Info info : t.row().metrics().all()) {
                if (info.column() && !info.family() && t.row().metric(info.name()) != null) {
                    out.putIfAbsent(info.name(), info);
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** A row's cell in a declared column. */
    public static Cell cell(TableRow t, MetricCatalogue.Info info) {
        Estimate e = t.row().metric(info.name());
        if (e == null) {
            return new Cell("n/a", "", "this benchmark did not record " + info.label());
        }
        if (!e.available()) {
            return new Cell("n/a", "", e.unavailableReason() == null ? "not measured" : e.unavailableReason());
        }
        return new Cell(Units.num(e.score()), CsvTable.num(e.score()), info.description());
    }
}
