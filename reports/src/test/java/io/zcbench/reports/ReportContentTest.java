package io.zcbench.reports;

import io.zcbench.reports.chart.Charts;
import io.zcbench.reports.chart.WhiskerBarRenderer;
import io.zcbench.reports.model.RunData;
import io.zcbench.reports.table.ComparisonTable;
import io.zcbench.reports.table.CsvTable;
import io.zcbench.reports.table.TableRow;
import io.zcbench.reports.testing.JmhFixture;
import io.zcbench.reports.testing.Reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportContentTest {
    @TempDir
    Path tmp;

    static final boolean UPDATE = Boolean.getBoolean("zcbench.updateGolden");

    private void golden(String name, Path actual) throws IOException {
        Path expected = Path.of("src/test/resources/golden").resolve(name);
        String got = Files.readString(actual, StandardCharsets.UTF_8);
        if (UPDATE) {
            Files.createDirectories(expected.getParent());
            Files.writeString(expected, got, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(expected), "golden file " + expected + " (create with -Dzcbench.updateGolden=true)");
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), got, name + " differs from its golden file");
    }

    @Test
    void aMetricTheReportNeverHeardOfRendersFromMetricsJson() throws IOException {
        Path dir = JmhFixture.quickShape(5, 1.0).withMetric("zc.brandNew.perKiB", 42.5, "ns/KiB").write(tmp.resolve("new"));
        Files.writeString(dir.resolve("metrics.json"), """
                {"format": "zcbench-metrics/1", "prefix": "zc.", "metrics": [
                  {"id": "syscalls", "unit": "#/op", "label": "system calls", "better": "lower", "section": "system calls",
                   "compare": true, "family": false, "description": "calls"},
                  {"id": "brandNew.perKiB", "unit": "ns/KiB", "label": "a brand-new figure", "better": "lower",
                   "section": "new things", "compare": true, "family": false, "description": "what it means"}]}
                """);
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("a brand-new figure") && html.contains("new things") && html.contains("what it means"),
                "the every-figure section renders it with its label, section and meaning");
        try (Reader r = Files.newBufferedReader(dir.resolve("report/figures.csv"));
             CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            List<CSVRecord> rows = csv.getRecords().stream().filter(x -> x.get("metric").equals("zc.brandNew.perKiB")).toList();
            assertFalse(rows.isEmpty(), "figures.csv lists it");
            assertEquals("a brand-new figure", rows.get(0).get("label"));
            assertEquals("ns/KiB", rows.get(0).get("unit"));
            assertEquals("42.5", rows.get(0).get("value"));
        }
        Path other = JmhFixture.quickShape(6, 0.9).withMetric("zc.brandNew.perKiB", 50, "ns/KiB").write(tmp.resolve("new2"));
        Files.copy(dir.resolve("metrics.json"), other.resolve("metrics.json"));
        Path out = tmp.resolve("cmp");
        assertEquals(0, Reports.cli("compare", dir.toString(), other.toString(), "-o", out.toString()).exit());
        assertTrue(Files.readString(out.resolve("comparison.csv")).contains("a brand-new figure [ns/KiB] ratio other/base"),
                "compare diffs a metric metrics.json marks for comparison");
    }

    @Test
    void aMetricDeclaredAsAColumnGetsOneInTableCsvAndTheDetailedTableWithNoReportCode() throws IOException {
        Path dir = JmhFixture.quickShape(5, 1.0).withMetric("zc.brandNew.share", 12.5, "%").write(tmp.resolve("col"));
        Files.writeString(dir.resolve("metrics.json"), """
                {"format": "zcbench-metrics/1", "prefix": "zc.", "metrics": [
                  {"id": "syscalls", "unit": "#/op", "label": "system calls", "better": "lower", "section": "system calls",
                   "compare": true, "family": false, "description": "calls"},
                  {"id": "brandNew.share", "unit": "%", "label": "a brand-new share", "better": "higher",
                   "section": "new things", "compare": false, "family": false, "column": true,
                   "description": "what the share means"}]}
                """);
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        try (Reader r = Files.newBufferedReader(dir.resolve("report/table.csv"));
             CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            assertEquals(CsvTable.HEADER, csv.getHeaderNames().subList(0, CsvTable.HEADER.size()), "the fixed columns first");
            assertEquals("a brand-new share [%]", csv.getHeaderNames().get(CsvTable.HEADER.size()), "then the declared one");
            List<CSVRecord> rows = csv.getRecords();
            assertFalse(rows.isEmpty());
            rows.forEach(x -> assertEquals("12.5", x.get("a brand-new share [%]")));
        }
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("<th rowspan=\"2\" title=\"what the share means\">a brand-new share<br><small>[%]</small></th>"),
                "the detailed table's heading comes from the declaration");
        assertTrue(html.contains("title=\"what the share means\">12.5</td>"), "and each row's cell");
        // A run without it (or a metric not marked as a column) keeps the table as it was.
        Path plain = JmhFixture.quickShape(5, 1.0).write(tmp.resolve("plain"));
        assertEquals(0, Reports.cli("report", plain.toString()).exit());
        try (Reader r = Files.newBufferedReader(plain.resolve("report/table.csv"));
             CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            assertEquals(CsvTable.HEADER, csv.getHeaderNames());
        }
    }

    @Test
    void runsWrittenBeforeMetricsJsonRenderFromTheFrozenDeclarations() throws IOException {
        Path dir = JmhFixture.quickShape(5, 1.0).withMetric("zc.brandNew.perKiB", 42.5, "ns/KiB").write(tmp.resolve("old"));
        assertFalse(Files.exists(dir.resolve("metrics.json")));
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("voluntary context switches"), "declared metrics keep their labels");
        assertTrue(html.contains("zc.brandNew.perKiB") && html.contains("undeclared"), "an undeclared one is listed by its name");
    }

    @Test
    void theHeadlineRanksEachGroupsPathsByTheTablesFiguresAndNamesTheConditions() throws IOException {
        Path dir = JmhFixture.quickShape(5, 1.0).write(tmp.resolve("ranked"));
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        String html = Files.readString(dir.resolve("report/index.html"));
        String headline = html.substring(html.indexOf("id=\"headline\""), html.indexOf("id=\"table\""));
        assertTrue(headline.contains("Conditions: kernel "), "the conditions line");
        ComparisonTable table = ComparisonTable.of(RunData.load(dir));
        Matcher group = Pattern.compile("<table class=\"ranking\"(.*?)</table>", Pattern.DOTALL)
                .matcher(headline);
        int g = 0;
        while (group.find()) {
            Matcher e = Pattern.compile("data-path=\"([^\"]+)\" data-gbs=\"([^\"]+)\"")
                    .matcher(group.group(1));
            List<String> order = new ArrayList<>();
            double previous = Double.POSITIVE_INFINITY;
            while (e.find()) {
                double gbs = Double.parseDouble(e.group(2));
                assertTrue(gbs <= previous, "ranked by GB/s, highest first: " + group.group(1));
                previous = gbs;
                order.add(e.group(1));
            }
            List<String> expected = table.groups().get(g).rows().stream()
                    .sorted(Comparator.comparingDouble((TableRow t) -> t.throughput().gbs()).reversed()).map(t -> t.row().path()).toList();
            assertEquals(expected, order, "the headline's order is the table's rows by their GB/s, group " + (g + 1));
            g++;
        }
        assertEquals(table.groups().size(), g, "one ranking per table group");
    }

    @Test
    void quickShapedRunMatchesTheGoldenTables() throws IOException {
        Path dir = JmhFixture.quickShape(7, 1.0).write(tmp.resolve("run"));
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        golden("quick-shape/table.md", dir.resolve("report/table.md"));
        golden("quick-shape/table.csv", dir.resolve("report/table.csv"));
    }

    @Test
    void realQuickRunFromThisMachine() throws IOException {
        Path dir = Reports.resourceRun("real-quick", tmp.resolve("real"), "jmh.json.gz", "env.json");
        Reports.Run r = Reports.cli("report", dir.toString());
        assertEquals(0, r.exit(), r.err());
        RunData run = RunData.load(dir);
        ComparisonTable t = ComparisonTable.of(run);
        Set<String> pairs = new HashSet<>();
        for (TableRow row : t.rows()) {
            pairs.add(row.row().path() + "/" + row.row().destination());
            // One fork per benchmark in this fixture: a median with no interval (forks are the samples), and it says so.
            assertTrue(row.throughput().gbs() > 0 && (Double.isNaN(row.throughput().low()) ? row.gbsCoverage().startsWith("one value: no interval")
                    : row.throughput().low() <= row.throughput().gbs() && row.throughput().gbs() <= row.throughput().high()), row.gbsCoverage());
            if (row.row().path().equals("traditional") && row.row().size() == 64L << 20) {
                assertEquals(2048, row.counts().syscalls(), 2, "traditional: 2 syscalls per 64 KiB chunk");
            }
            if (row.row().path().equals("transfer-to") && row.row().destination().equals("socket")) {
                assertTrue(row.counts().byName().containsKey("sendfile"), row.counts().byName().toString());
            }
        }
        assertEquals(12, pairs.size());
        golden("real-quick/table.md", dir.resolve("report/table.md"));
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("transfer-to, file → socket: the JDK"), "route sentence");
    }

    @Test
    void withSeveralThreadsGbsIsTheirSumAndSaysSo() throws IOException {
        // 64 MiB in 10 ms per operation on each of 2 threads: 6.7 GB/s each, 13.4 GB/s together (the fork lines' figure).
        Path dir = new JmhFixture(3).add("ToSocket", "traditional", "64MiB", "warm", 10_000, 2048).threads(2)
                .add("ToSocket", "splice", "64MiB", "warm", 10_000, 2048).threads(2).write(tmp.resolve("run"));
        ComparisonTable t = ComparisonTable.of(RunData.load(dir));
        TableRow row = t.rows().get(0);
        assertEquals(2 * (64 << 20) / 0.01 / 1e9, row.throughput().gbs(), 0.2, "the aggregate of both threads");
        assertTrue(t.groups().get(0).title().contains("2 threads (GB/s: all of them together)"), t.groups().get(0).title());
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        assertTrue(Files.readString(dir.resolve("report/index.html")).contains("all of them together"));
    }

    /** Rows with the sink's own figures get the receiving end's section; a receive method's lone row is not ranked. */
    @Test
    void theReceivingEndHasASectionAndLoneReceiveRowsAreNotRanked() throws IOException {
        JmhFixture f = new JmhFixture(5).add("ToSocket", "traditional", "64MiB", "warm", 20_000, 2048)
                .add("ToSocket", "transfer-to", "64MiB", "warm", 10_000, 2)
                .add("ToSocket", "transfer-to", "64MiB", "warm", 11_000, 2, Map.of("drain", "copy"))
                .add("ToSocket", "transfer-to", "64MiB", "warm", 10_500, 2, Map.of("drain", "trunc"))
                .withMetric("zc.receiver.cpu.perKiB", 700, "ns/KiB").withMetric("zc.receiver.syscalls", 3, "#/op")
                .withMetric("zc.receiver.copies.perByte", 0, "copies/B").withMetric("zc.receiver.read.perByte", 0, "B/B");
        Path dir = f.write(tmp.resolve("run"));
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        String html = Files.readString(dir.resolve("report/index.html"));
        String section = html.substring(html.indexOf("<section id=\"receive\">"), html.indexOf("<section id=\"charts\">"));
        for (String drain : List.of(">copy<", ">trunc<", ">splice<")) {
            assertTrue(section.contains(drain), drain + " in " + section);
        }
        assertTrue(section.contains("charts/receive-cpu.svg"), "both ends' CPU, stacked");
        String headline = html.substring(html.indexOf("<section id=\"headline\">"), html.indexOf("</section>",
                html.indexOf("<section id=\"headline\">")));
        assertEquals(1, headline.split("<table class=\"ranking\"", -1).length - 1, "only the group with paths to rank: " + headline);
        assertTrue(Files.exists(dir.resolve("report/charts/receive-cpu.svg")));
        Reports.Run summary = Reports.cli("report", "--summary", dir.toString());
        assertTrue(summary.out().contains("transfer-to → copy") && summary.out().contains("transfer-to → splice"),
                "the console summary tells the receive methods apart: " + summary.out());
    }

    /**
     * The main job with Netty's paths (a real quick run here): ranked in the socket group beside zcbench's own paths,
     * marked as framework paths, with Netty ÷ raw and its baseline where the others show Java ÷ native; the table's
     * pair cell names the raw baseline; the report says whose figures they are; the console summary too.
     */
    @Test
    void frameworkPathsRankBesideTheRawOnesWithNettyOverRaw() throws IOException {
        Path dir = Reports.resourceRun("main-job-netty", tmp.resolve("netty"), "jmh.json.gz", "env.json", "paths.json", "metrics.json");
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        String html = Files.readString(dir.resolve("report/index.html"));
        String headline = html.substring(html.indexOf("<section id=\"headline\">"), html.indexOf("</section>",
                html.indexOf("<section id=\"headline\">")));
        String socket = headline.substring(0, headline.indexOf("</table>"));
        for (String[] p : new String[][] {{"netty-epoll-fileregion", "transfer-to"}, {"netty-io-uring-fileregion", "io-uring-splice"},
                {"netty-epoll-bytebuf", "traditional"}}) {
            int row = socket.indexOf("data-path=\"" + p[0] + "\"");
            assertTrue(row > 0, p[0] + " ranked in the socket group");
            String tr = socket.substring(row, socket.indexOf("</tr>", row));
            assertTrue(tr.contains("[Netty 4.2.18.Final]"), "marked as a framework path: " + tr);
            assertTrue(tr.matches("(?s).*title=\"Netty ÷ raw \\(raw: " + p[1] + ", the same kernel calls without Netty 4.2.18.Final\\): "
                    + "[0-9.]+×, interval [0-9.]+–[0-9.]+ \\(.*\\)\">[0-9.]+× <small>÷ " + p[1] + "</small>.*"), tr);
            assertTrue(socket.contains("data-path=\"" + p[1] + "\""), "its baseline in the same ranking");
        }
        String file = headline.substring(headline.indexOf("<table class=\"ranking\"", headline.indexOf("</table>")));
        file = file.substring(0, file.indexOf("</table>"));
        assertTrue(file.contains("data-path=\"copy-file-range\"") && !file.contains("netty-"), "no framework path writes to a file");
        assertTrue(headline.contains("<details class=\"legend outliers\"><summary>4 fork(s) disagreed"),
                "the forks that disagreed, folded under the ranking, not above the answer");
        assertFalse(html.substring(0, html.indexOf("<section id=\"headline\">")).contains("disagreed"));
        assertTrue(html.contains("<h3>Framework paths</h3>"), "the report says what a framework path is");
        assertTrue(html.contains("raw transfer-to: </small>"), "the table's pair cell names the raw baseline");
        assertTrue(html.contains("Their counters, CPU split and copy ledger are the event loop thread&#39;s"), "whose figures");
        Reports.Run summary = Reports.cli("report", "--summary", dir.toString());
        assertTrue(summary.out().contains("* netty-io-uring-fileregion (Netty 4.2.18.Final): twin GB/s is its raw baseline "
                + "io-uring-splice's, and Java/native is Netty ÷ raw; its counters are the event loop thread's"), summary.out());
    }

    @Test
    void disagreementsWithTheModelAreMarkedAndExplained() throws IOException {
        Path dir = JmhFixture.quickShape(7, 1.0).write(tmp.resolve("run"));
        ComparisonTable t = ComparisonTable.of(RunData.load(dir));
        TableRow transferTo = t.rows().stream().filter(r -> r.row().path().equals("transfer-to")).findFirst().orElseThrow();
        assertEquals(1, transferTo.check().syscalls());
        assertTrue(transferTo.disagrees());
        assertTrue(transferTo.check().disagreement().contains("newfstatat 1.00/op: the JDK checks the file size"), transferTo.check().disagreement());
        TableRow trad = t.rows().stream().filter(r -> r.row().path().equals("traditional") && r.row().size() == 64L << 20)
                .findFirst().orElseThrow();
        assertFalse(trad.disagrees(), "2 x 1024 chunks agrees with the model");
        assertEquals(1.0, trad.throughput().speedup(), 1e-9);
        assertTrue(transferTo.throughput().speedup() > 1);
    }

    @Test
    void unavailableCountersShowTheirReasonNeverZero() throws IOException {
        Path dir = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, Double.NaN).write(tmp.resolve("run"));
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("not counted: perf_event_open refused (EACCES (Permission denied)): run as root"), "reason shown");
        try (Reader r = Files.newBufferedReader(dir.resolve("report/table.csv"));
             CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            CSVRecord rec = p.getRecords().get(0);
            assertEquals("", rec.get("syscalls [#/op]"), "not counted is empty, not 0");
            assertTrue(rec.get("unavailable counters").contains("perf_event_open refused"));
        }
    }

    @Test
    void csvParsesBackWithUnitsInTheHeader() throws IOException {
        JmhFixture f = JmhFixture.quickShape(3, 1.0);
        Path dir = f.write(tmp.resolve("run"));
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        try (Reader r = Files.newBufferedReader(dir.resolve("report/table.csv"));
             CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            assertEquals(CsvTable.HEADER, p.getHeaderNames());
            List<CSVRecord> recs = p.getRecords();
            assertEquals(f.size(), recs.size());
            for (CSVRecord rec : recs) {
                double gbs = Double.parseDouble(rec.get("throughput, JMH mean [GB/s]"));
                long size = Long.parseLong(rec.get("size [B]"));
                double us = Double.parseDouble(rec.get("time [us/op]"));
                assertEquals(size / (us * 1e-6) / 1e9, gbs, gbs * 1e-9, "GB/s follows from size and time");
                assertTrue(Double.parseDouble(rec.get("JMH CI99.9 low [GB/s]")) < gbs);
                double median = Double.parseDouble(rec.get("throughput, median of forks [GB/s]"));
                assertTrue(Double.parseDouble(rec.get("throughput low [GB/s]")) <= median
                        && median <= Double.parseDouble(rec.get("throughput high [GB/s]")), "median inside its interval");
                assertEquals("93.8%: order statistics of 5 forks", rec.get("throughput interval (coverage: method)"),
                        "the interval says what it covers");
            }
        }
        for (String h : CsvTable.HEADER.subList(2, CsvTable.HEADER.size())) {
            if (!List.of("cache", "threads", "mode", "params", "impl", "model CPU copies", "model DMA copies", "model disagreement",
                    "unavailable counters", "syscalls by name [#/op]", "copies disagreement").contains(h)
                    && !h.contains("(coverage: method)") && !h.startsWith("on-CPU measured in") && !h.startsWith("on-CPU exceeds")
                    && !h.startsWith("paired with")) {
                assertTrue(h.matches(".*\\[.+].*"), "unit in header: " + h);
            }
        }
    }

    @Test
    void everyStringFromInputIsEscaped() throws IOException {
        ObjectNode env = JmhFixture.defaultEnv("6.1<script>alert('kernel')</script>", "17<img src=x onerror=alert(1)>");
        Path dir = new JmhFixture(1).env(env)
                .add("ToSocket", "traditional", "1MiB", "warm", 300, 32, Map.of("sink", "<script>alert('param')</script>"))
                .add("ToSocket", "splice", "1MiB", "warm", 250, 32, Map.of("sink", "<script>alert('param')</script>"))
                .write(tmp.resolve("run"));
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        for (String file : List.of("index.html", "table.md")) {
            String text = Files.readString(dir.resolve("report").resolve(file));
            assertFalse(text.contains("<script>alert"), file + " must not carry a live script tag");
            assertFalse(text.contains("<img src=x"), file + " must not carry a live img tag");
        }
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;kernel&#39;)&lt;/script&gt;")
                || html.contains("&lt;script&gt;alert(&#x27;kernel&#x27;)&lt;/script&gt;"), "rendered as text");
        try (var s = Files.list(dir.resolve("report/charts"))) {
            for (Path svg : s.toList()) {
                assertFalse(Files.readString(svg).contains("<script>alert"), svg + " escapes its text");
            }
        }
    }

    @Test
    void chartsDrawHeadlessIntoNonEmptyImages() throws IOException {
        Path dir = JmhFixture.quickShape(5, 1.0).write(tmp.resolve("run"));
        ComparisonTable t = ComparisonTable.of(RunData.load(dir));
        List<Charts.Chart> charts = Charts.all(t.groups(), 100);
        // two size sweeps (warm, to socket and to file: 1 MiB and 64 MiB) + for each of six groups throughput, CPU,
        // syscalls and switches (no copy map: this fixture has no copy ledger)
        assertEquals(2 + 6 * 4, charts.size(), charts.stream().map(Charts.Chart::file).toList().toString());
        Charts.Chart bars = charts.stream().filter(c -> c.file().startsWith("gbs-")).findFirst().orElseThrow();
        CategoryPlot barPlot = bars.chart().getCategoryPlot();
        assertEquals(PlotOrientation.HORIZONTAL, barPlot.getOrientation(), "throughput as horizontal bars");
        assertTrue(barPlot.getRenderer() instanceof WhiskerBarRenderer, "with interval whiskers");
        assertEquals(1, barPlot.getDataset().getRowCount(), "no twins in this fixture: no ghost bars");
        for (Charts.Chart c : charts) {
            BufferedImage img = c.chart().createBufferedImage(Charts.WIDTH, Charts.HEIGHT);
            Set<Integer> colours = new HashSet<>();
            for (int x = 0; x < img.getWidth(); x += 7) {
                for (int y = 0; y < img.getHeight(); y += 7) {
                    colours.add(img.getRGB(x, y));
                }
            }
            assertTrue(colours.size() > 5, c.file() + " draws something: " + colours.size() + " colours");
            String svg = c.svg();
            assertTrue(svg.contains("<svg") && svg.contains("</svg>"), c.file());
        }
        String sweep = charts.get(0).svg();
        assertTrue(sweep.contains("file size per operation [bytes, log scale]"), "x axis label with its unit");
        XYPlot plot = (XYPlot) charts.get(0).chart().getPlot();
        assertEquals("throughput [GB/s = 10^9 B/s]", plot.getRangeAxis().getLabel(), "y axis label with its unit (drawn as outlines)");
        for (Charts.Chart c : charts.subList(2, charts.size())) {
            String label = ((CategoryPlot) c.chart().getPlot()).getRangeAxis().getLabel();
            assertTrue(label.matches(".*\\[.+].*"), c.file() + " y axis has a unit: " + label);
        }
        assertTrue(sweep.contains("transfer-to") && sweep.contains("splice"), "legend names the paths");
    }

    /**
     * The large-file section from a real run at test scale (128 MiB through a 48 MiB cgroup, 16 MiB hot set at
     * 100 MB/s, and the control): the claim, the conditions with the limit and sizes, verdicts from the figures, a
     * row per result; and when no buffered path evicted anything, the verdict says no.
     */
    @Test
    void largeFileVerdictsNeverTurnMissingDataIntoFindings() throws IOException {
        Path dir = Reports.resourceRun("large-files", tmp.resolve("large-nan"), "jmh.json.gz", "env.json", "paths.json");
        ObjectMapper json = new ObjectMapper();
        JsonNode results = json.readTree(dir.resolve("jmh.json").toFile());
        for (JsonNode r : results) {
            ObjectNode sec = (ObjectNode) r.get("secondaryMetrics");
            String path = r.get("params").get("path").asText();
            String limit = r.get("params").get("limit").asText();
            if (limit.equals("none")) {
                continue;
            }
            if (path.equals("traditional")) { // kept the hot set, faults unreadable
                sec.set("zc.large.hot.residentAfter", json.readTree("{\"score\": 100, \"scoreUnit\": \"%\", \"rawData\": [[100, 100]]}"));
                sec.set("zc.large.hot.majorFaults", json.readTree("{\"score\": \"NaN\", \"scoreUnit\": "
                        + "\"#/op (n/a: the reader's /proc/self/task/TID/stat is unreadable)\", \"rawData\": [[\"NaN\", \"NaN\"]]}"));
            } else if (path.equals("io-uring-direct")) { // the residency itself unknown
                sec.set("zc.large.hot.residentAfter", json.readTree("{\"score\": \"NaN\", \"scoreUnit\": "
                        + "\"% (n/a: mincore failed)\", \"rawData\": [[\"NaN\", \"NaN\"]]}"));
            }
        }
        Files.writeString(dir.resolve("jmh.json"), results.toString());
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        String html = Files.readString(dir.resolve("report/index.html"));
        String section = html.substring(html.indexOf("<section id=\"large\">"), html.indexOf("<section id=\"table\">"));
        assertTrue(section.contains("traditional (100% → 100% cached, major faults not measured: the reader"), section);
        assertFalse(section.contains("traditional (100% → 100% cached, no major faults"), "NaN faults are no 'no faults'");
        assertTrue(section.contains("io-uring-direct (64 KiB chunks) may or may not have kept (not measured: mincore failed)"),
                "NaN residency is no 'did not keep': " + section);
    }

    @Test
    void largeFilesSectionAnswersFromTheFigures() throws IOException {
        Path dir = Reports.resourceRun("large-files", tmp.resolve("large"), "jmh.json.gz", "env.json", "paths.json");
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        String html = Files.readString(dir.resolve("report/index.html"));
        String section = html.substring(html.indexOf("<section id=\"large\">"), html.indexOf("<section id=\"table\">"));
        assertTrue(section.contains("nginx: sendfile on; aio on; directio 1024m"), "the textbook's claim");
        assertTrue(section.contains("memory cgroup of 48MiB and none (control)") && section.contains("16 MiB hot set at 100 MB/s")
                && section.contains("128 MiB cold file"), "limit and sizes named: " + section);
        assertTrue(section.contains("Yes, every one: transfer-to evicted 78.9% of the hot set (100% → 21.1% cached, 5.00 major "
                + "faults per operation); traditional evicted 46.9% of the hot set (100% → 53.1% cached"), "most first: " + section);
        assertTrue(section.contains("io-uring-direct (64 KiB chunks) kept the hot set (100% → 100%) and left 0 MiB of the file cached"), section);
        assertTrue(section.contains("io-uring-direct sent with 64 KiB chunks 1.56 GB/s: 2.20× synchronous o-direct"), section);
        assertTrue(section.contains("Control, no cgroup (the file fits in memory): transfer-to kept 100% of the hot set"), section);
        assertEquals(8, section.split("<tr data-path=").length - 1, "a row per result");
        assertTrue(section.contains("<img src=\"charts/large-files.svg\"") && Files.size(dir.resolve("report/charts/large-files.svg")) > 1000,
                "the section's chart: throughput against the hot set left");

        String kept = Files.readString(dir.resolve("jmh.json")).replaceAll(
                "(\"zc\\.large\\.hot\\.residentAfter\"\\s*:\\s*\\{\\s*\"score\"\\s*:\\s*)[0-9.E-]+", "$1100.0")
                .replaceAll("(\"zc\\.large\\.hot\\.majorFaults\"\\s*:\\s*\\{\\s*\"score\"\\s*:\\s*)[0-9.E-]+", "$10.0");
        Files.writeString(dir.resolve("jmh.json"), kept);
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        String again = Files.readString(dir.resolve("report/index.html"));
        assertTrue(again.contains("Do the buffered paths evict the hot set when the file outgrows the page cache? No, not here"),
                again.substring(again.indexOf("<section id=\"large\">"), again.indexOf("<section id=\"table\">")));
    }

    /** After a --hw pass the cycles cell says what that pass found, not the main pass's "opt in with hw=true". */
    @Test
    void afterAHardwarePassTheCyclesTooltipQuotesIt() throws IOException {
        Path dir = JmhFixture.quickShape(5, 1.0).write(tmp.resolve("hw"));
        String main = Files.readString(dir.resolve("jmh.json")).replace("hardware counters are not exposed on this machine",
                "off by default: opt in with -prof zc:hw=true or copy --hw-counters");
        Files.writeString(dir.resolve("jmh.json"), main);
        Files.writeString(dir.resolve("jmh-hw.json"), main.replace("off by default: opt in with -prof zc:hw=true or copy --hw-counters",
                "no hardware PMU: perf_event_open(PERF_TYPE_HARDWARE) failed with ENOENT"));
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        String html = Files.readString(dir.resolve("report/index.html"));
        assertFalse(html.contains("opt in with -prof zc:hw=true"), "the main pass's advice is gone after --hw");
        assertTrue(html.contains("the hardware-counter pass (--hw, jmh-hw.json) could not count it: no hardware PMU"), "what --hw found");
    }

    /** A chunk sweep (the full preset's) gets one line chart over chunk sizes on a log axis, a line per path that uses a chunk. */
    @Test
    void aChunkSweepIsALineOverChunkSizes() throws IOException {
        JmhFixture f = new JmhFixture(3);
        for (String chunk : List.of("4KiB", "16KiB", "64KiB", "256KiB")) {
            for (String path : List.of("traditional", "splice", "transfer-to")) {
                f.add("ToSocket", path, "64MiB", "warm", 30_000, 2048, Map.of("chunk", chunk));
            }
        }
        Path dir = f.write(tmp.resolve("chunks"));
        List<Charts.Chart> charts = Charts.all(ComparisonTable.of(RunData.load(dir)).groups(), 100);
        Charts.Chart sweep = charts.stream().filter(c -> c.file().startsWith("chunks-")).findFirst().orElseThrow();
        XYPlot plot = (XYPlot) sweep.chart().getPlot();
        assertTrue(plot.getDomainAxis() instanceof LogAxis, "log axis");
        assertTrue(plot.getDomainAxis().getLabel().startsWith("chunk"), plot.getDomainAxis().getLabel());
        XYDataset lines = plot.getDataset();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < lines.getSeriesCount(); i++) {
            keys.add(lines.getSeriesKey(i).toString());
        }
        assertEquals(List.of("traditional", "splice"), keys, "a line per path that uses a chunk (transfer-to sends the whole file per call)");
        assertEquals(4, ((YIntervalSeriesCollection) plot.getDataset()).getItemCount(0), "one point per chunk size");
        assertTrue(sweep.caption().contains("Throughput vs chunk size") && !sweep.caption().contains("chunk 4 KiB"), sweep.caption());
    }

    /** The main job's real run: per group a throughput chart with each twin as a ghost bar, and a copy map. */
    @Test
    void mainJobChartsShowTwinsAndTheCopyMap() throws IOException {
        Path dir = Reports.resourceRun("main-job", tmp.resolve("main"), "jmh.json.gz", "env.json", "paths.json");
        ComparisonTable t = ComparisonTable.of(RunData.load(dir));
        List<Charts.Chart> charts = Charts.all(t.groups(), 100);
        assertEquals(List.of("gbs-g1", "cpu-g1", "copies-g1", "syscalls-g1", "ctxsw-g1", "gbs-g2", "cpu-g2", "copies-g2",
                "syscalls-g2", "ctxsw-g2"), charts.stream().map(Charts.Chart::file).toList());
        CategoryPlot gbs = charts.get(0).chart().getCategoryPlot();
        assertEquals(List.of("Java path (solid)", "its native twin: the same calls from C (pale)"), ((List<?>) gbs.getDataset().getRowKeys())
                .stream().map(Object::toString).toList());
        assertEquals("transfer-to", gbs.getDataset().getColumnKey(0), "bars in the ranking's order: the fastest first");
        CategoryPlot copies = charts.get(2).chart().getCategoryPlot();
        assertTrue(((List<?>) copies.getDataset().getRowKeys()).stream().map(Object::toString).anyMatch(k -> k.contains("filemap_read")),
                "the copy map names the sites: " + copies.getDataset().getRowKeys());
        assertTrue(copies.getDataset().getColumnKeys().contains("traditional (2)"), "a path with its measured copies");
        CategoryPlot cpu = charts.get(1).chart().getCategoryPlot();
        assertEquals(List.of("own system calls", "softirq on this thread", "user space"),
                ((List<?>) cpu.getDataset().getRowKeys()).stream().map(Object::toString).toList());
    }

    @Test
    void twoThousandResultsMakeACompleteReport() throws IOException {
        JmhFixture f = new JmhFixture(11);
        String[] sizes = {"4KiB", "64KiB", "1MiB", "16MiB", "256MiB", "1GiB"};
        int n = 0;
        outer:
        for (String chunk : new String[] {"4KiB", "16KiB", "64KiB", "256KiB", "1MiB", "4MiB", "8MiB", "16MiB", "32MiB", "64MiB",
                "128MiB", "256MiB", "512MiB", "1GiB"}) {
            for (String bench : List.of("ToSocket", "ToFile")) {
                for (String cache : List.of("warm", "cold")) {
                    for (String size : sizes) {
                        for (String path : List.of("traditional", "traditional-heap", "mmap-write", "transfer-to", "splice", "o-direct")) {
                            f.add(bench, path, size, cache, 100 + n % 97, 64, Map.of("chunk", chunk));
                            if (++n == 2000) {
                                break outer;
                            }
                        }
                    }
                }
            }
        }
        Path dir = f.write(tmp.resolve("big"));
        Reports.Run r = Reports.cli("report", dir.toString());
        assertEquals(0, r.exit(), r.err());
        try (Reader rd = Files.newBufferedReader(dir.resolve("report/table.csv"));
             CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(rd)) {
            assertEquals(2000, p.getRecords().size());
        }
        String html = Files.readString(dir.resolve("report/index.html"));
        assertEquals(2000, html.split("<tr class=\"path\"", -1).length - 1, "every result has a table row");
    }
}
