package io.zcbench.reports.html;

import io.zcbench.reports.model.RunData;
import io.zcbench.reports.table.ComparisonTable;
import io.zcbench.reports.testing.Reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The java-next preset's real run (this VM, forks on Temurin 25, 5 forks): each path on a platform and on a virtual
 * thread side by side with its calls by name, and FFM ÷ JNI per path with its interval.
 */
class JavaNextTest {
    @TempDir
    Path tmp;

    private Path run() throws IOException {
        return Reports.resourceRun("java-next", tmp.resolve("jn"), "jmh.json.gz", "env.json", "paths.json", "metrics.json");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> section(String part) throws IOException {
        Map<String, Object> m = JavaNext.model(ComparisonTable.of(RunData.load(run())));
        assertNotNull(m, "a run with virtual-thread and FFM rows has the section");
        return (Map<String, Object>) m.get(part);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> part) {
        return (List<Map<String, Object>>) part.get("rows");
    }

    private static Map<String, Object> row(List<Map<String, Object>> rows, String path, String dest) {
        return rows.stream().filter(r -> r.get("path").equals(path) && r.get("dest").equals(dest)).findFirst().orElseThrow();
    }

    @Test
    void eachPathOnBothThreadKindsSideBySideWithItsCallsByName() throws IOException {
        List<Map<String, Object>> rows = rows(section("threads"));
        assertEquals(8, rows.size(), "4 paths x 2 destinations, each with a platform and a virtual row");
        Map<String, Object> transferTo = row(rows, "transfer-to", "socket");
        // the run's own figures: on the virtual thread transferTo returned 0 on a full socket and was called again
        assertEquals("copy_file_range 1 → 5.16, newfstat 1 → 5.16, sendfile 1 → 5.16", transferTo.get("calls"));
        assertEquals("7.30 / 6.56", transferTo.get("gbs"));
        assertTrue(((String) transferTo.get("ratio")).contains("intervals overlap"), transferTo.toString());
        assertEquals("0", transferTo.get("pinned"), "JFR saw no pinned park");
        assertEquals("read 1024 → 1024, write 1024 → 1024", row(rows, "traditional", "file").get("calls"));
    }

    @Test
    void ffmRowsGiveFfmOverJniWithTheirInterval() throws IOException {
        List<Map<String, Object>> rows = rows(section("ffm"));
        assertEquals(5, rows.size(), "splice and vmsplice to both destinations, copy-file-range to a file");
        Map<String, Object> splice = row(rows, "splice", "socket");
        assertEquals("1.00×", splice.get("ratio"));
        assertEquals("0.981–1.01", splice.get("range"));
        assertEquals("±1.6%", splice.get("halfWidth"));
        assertTrue(((String) splice.get("coverage")).contains("25 paired iterations"), splice.toString());
    }

    @Test
    void theReportLabelsTheRowsAndARunWithoutThemHasNoSection() throws Exception {
        Path dir = run();
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("<section id=\"java-next\">") && html.contains("splice (FFM)")
                && html.contains("transfer-to (virtual thread)") && html.contains("FFM ÷ JNI"), "labels in the report");
        Path other = Reports.resourceRun("receive-preset", tmp.resolve("recv"), "jmh.json.gz", "env.json", "paths.json",
                "metrics.json", "outcomes.jsonl");
        assertNull(JavaNext.model(ComparisonTable.of(RunData.load(other))));
    }
}
