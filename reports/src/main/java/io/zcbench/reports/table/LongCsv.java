package io.zcbench.reports.table;

import io.zcbench.reports.model.Estimate;
import io.zcbench.reports.model.MetricCatalogue;
import io.zcbench.reports.model.Row;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code figures.csv}: every figure of every benchmark in long form — one line per run, benchmark and metric with its
 * value, interval and unit — for a spreadsheet or a continuous-benchmarking service. Labels, units and sections come
 * from the run's metrics.json, so a metric this report has never heard of is listed like the others.
 */
public final class LongCsv {
    public static final List<String> HEADER = List.of("run", "benchmark", "destination", "path", "impl", "metric", "label",
            "value", "low", "high", "interval", "unit", "section", "unavailable");

    private LongCsv() {
    }

    public static void write(String run, ComparisonTable table, Writer out) throws IOException {
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(new String[0])).build())) {
            for (List<Object> row : rows(run, table)) {
                p.printRecord(row);
            }
        }
    }

    /** The lines of {@link #write}, one per benchmark and figure, in {@link #HEADER}'s columns. */
    public static List<List<Object>> rows(String run, ComparisonTable table) {
        List<List<Object>> out = new ArrayList<>();
        for (TableRow t : table.rows()) {
            Row r = t.row();
            String bench = ComparisonTable.title(r);
            out.add(List.of(run, bench, r.destination(), r.path(), r.impl(), "throughput", "throughput, median",
                    num(t.throughput().gbs()), num(t.throughput().low()), num(t.throughput().high()), t.gbsCoverage(), "GB/s",
                    "throughput", ""));
            for (Map.Entry<String, Estimate> e : r.secondary().entrySet()) {
                MetricCatalogue.Info info = r.metrics().of(e.getKey());
                Estimate m = e.getValue();
                String label = info == null ? e.getKey() : info.family()
                        ? info.label() + ": " + e.getKey().substring(info.name().length()) : info.label();
                double err = m.error();
                boolean ci = m.available() && !Double.isNaN(err);
                out.add(List.of(run, bench, r.destination(), r.path(), r.impl(), e.getKey(), label, num(m.score()),
                        ci ? num(m.score() - err) : "", ci ? num(m.score() + err) : "", ci ? "JMH 99.9%" : "",
                        info == null ? m.baseUnit() : info.unit(), info == null ? "" : info.section(),
                        m.available() ? "" : m.unavailableReason() == null ? "not measured" : m.unavailableReason()));
            }
        }
        return out;
    }

    private static String num(double d) {
        return CsvTable.num(d);
    }
}
