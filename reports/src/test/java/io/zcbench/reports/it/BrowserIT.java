package io.zcbench.reports.it;

import io.zcbench.reports.publish.PublishTest;
import io.zcbench.reports.testing.JmhFixture;
import io.zcbench.reports.testing.Reports;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opens the report from disk (file://) in headless Chromium, as a reader would: every chart image
 * renders, the table has a row for every path, and a screenshot is not blank. Debian's chromium and
 * chromium-driver are installed by scripts/test.sh; with ZCBENCH_REQUIRE_BROWSER=1 (set there) a
 * missing browser fails the test instead of skipping it.
 */
class BrowserIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path tmp;

    static ChromeDriver browser(Path profile) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present && "1".equals(System.getenv("ZCBENCH_REQUIRE_BROWSER"))) {
            throw new AssertionError("chromium and chromium-driver must be installed (scripts/test.sh installs them)");
        }
        Assumptions.assumeTrue(present, "Debian's chromium and chromium-driver are not installed");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,2200", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    @Test
    void reportOpensFromDiskWithEveryChartAndEveryPath() throws Exception {
        Path dir = Reports.resourceRun("real-quick", tmp.resolve("run"), "jmh.json.gz", "env.json");
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        ChromeDriver driver = browser(Files.createDirectories(tmp.resolve("profile")));
        try {
            driver.get(dir.resolve("report/index.html").toUri().toString());
            JavascriptExecutor js = driver;
            Object complete = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "const imgs = Array.from(document.images);"
                    + "Promise.all(imgs.map(i => i.complete ? 0 : new Promise(r => { i.onload = r; i.onerror = r; })))"
                    + ".then(() => done(imgs.length));");
            List<WebElement> images = driver.findElements(By.tagName("img"));
            assertEquals(((Number) complete).intValue(), images.size());
            assertTrue(images.size() >= 20, "charts on the page: " + images.size());
            for (WebElement img : images) {
                Number w = (Number) js.executeScript("return arguments[0].naturalWidth;", img);
                assertTrue(w.intValue() > 0, "image renders (not broken): " + img.getAttribute("src"));
            }
            Set<String> paths = new HashSet<>();
            for (WebElement tr : driver.findElements(By.cssSelector("tr.path"))) {
                paths.add(tr.getAttribute("data-path"));
            }
            assertEquals(Set.of("traditional", "traditional-heap", "mmap-write", "transfer-to", "splice", "o-direct"), paths);
            assertEquals(36, driver.findElements(By.cssSelector("tr.path")).size(), "a row per result");
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
            Set<Integer> colours = new HashSet<>();
            for (int x = 0; x < shot.getWidth(); x += 5) {
                for (int y = 0; y < shot.getHeight(); y += 5) {
                    colours.add(shot.getRGB(x, y));
                }
            }
            assertTrue(colours.size() > 20, "the screenshot is not blank: " + colours.size() + " colours");
            Files.write(Path.of("target", "report-screenshot.png"), png);
        } finally {
            driver.quit();
        }
    }

    /**
     * The main job's own report (a real quick-preset run: 12 paths, both destinations, twins, copy ledger) read at
     * 1280 × 800 as a laptop shows it: the conditions and the first group's whole ranking are on the first screen,
     * the ranking's order is the table's order by median GB/s, and nothing on the page scrolls sideways.
     */
    @Test
    void mainJobReportAnswersOnTheFirstScreenAndNeverScrollsSideways() throws Exception {
        ChromeDriver driver = reportAt1280x800("main-job");
        try {
            JavascriptExecutor js = driver;
            Number viewport = (Number) js.executeScript("return window.innerHeight;");
            Number conditions = (Number) js.executeScript(
                    "return document.querySelector('.conditions').getBoundingClientRect().bottom;");
            Number ranking = (Number) js.executeScript(
                    "return document.querySelector('table.ranking').getBoundingClientRect().bottom;");
            assertTrue(conditions.doubleValue() <= viewport.doubleValue() && ranking.doubleValue() <= viewport.doubleValue(),
                    "conditions end at " + conditions + " px and the first ranking at " + ranking + " px of a "
                            + viewport + " px high window");
            Files.write(Path.of("target", "report-1280x800.png"), driver.getScreenshotAs(OutputType.BYTES));

            List<WebElement> rankings = driver.findElements(By.cssSelector("table.ranking"));
            assertEquals(2, rankings.size(), "a ranking per group (socket, file)");
            for (WebElement r : rankings) {
                String group = r.getAttribute("data-group");
                List<String> ranked = r.findElements(By.cssSelector("tbody tr")).stream()
                        .map(tr -> tr.getAttribute("data-path")).toList();
                List<WebElement> rows = driver.findElements(By.cssSelector("#" + group + " + .scroll tr.path"));
                assertEquals(ranked.size(), rows.size(), "ranking " + group + " has every row of its table");
                List<String> byTable = rows.stream()
                        .sorted(Comparator.comparingDouble((WebElement tr) -> -Double.parseDouble(tr.getAttribute("data-gbs"))))
                        .map(tr -> tr.getAttribute("data-path")).toList();
                assertEquals(byTable, ranked, "the ranking's order is the table's figures' order in " + group);
            }

            List<String> overflowing = overflowing(js);
            assertEquals(List.of(), overflowing, "elements wider than the 1280 px window");
        } finally {
            driver.quit();
        }
    }

    /** The main job with Netty's framework paths: still no sideways scrolling, the first ranking whole on the first screen. */
    @Test
    void mainJobWithFrameworkPathsStillAnswersOnTheFirstScreen() throws Exception {
        ChromeDriver driver = reportAt1280x800("main-job-netty", "metrics.json");
        try {
            JavascriptExecutor js = driver;
            Number viewport = (Number) js.executeScript("return window.innerHeight;");
            Number ranking = (Number) js.executeScript(
                    "return document.querySelector('table.ranking').getBoundingClientRect().bottom;");
            assertTrue(ranking.doubleValue() <= viewport.doubleValue(), "the first ranking ends at " + ranking + " px of " + viewport);
            assertTrue(driver.findElement(By.cssSelector("table.ranking")).getText().contains("netty-epoll-fileregion [Netty 4.2.18.Final]"));
            assertEquals(List.of(), overflowing(js), "elements wider than the 1280 px window");
        } finally {
            driver.quit();
        }
    }

    /** The receive preset's report: its receiving-end table, every method beside both ends' figures, fits the window. */
    @Test
    void receivingEndTableFitsTheWindow() throws Exception {
        ChromeDriver driver = reportAt1280x800("receive-preset", "metrics.json", "outcomes.jsonl");
        try {
            JavascriptExecutor js = driver;
            assertTrue(driver.findElement(By.cssSelector("table.receive")).getText().contains("io-uring-recv"));
            assertEquals(List.of(), overflowing(js), "elements wider than the 1280 px window");
        } finally {
            driver.quit();
        }
    }

    /** The report of a fixture run (jmh.json.gz, env.json, paths.json, and {@code more}), opened in a 1280 × 800 window. */
    private ChromeDriver reportAt1280x800(String fixture, String... more) throws Exception {
        Path dir = Reports.resourceRun(fixture, tmp.resolve(fixture), "jmh.json.gz", "env.json", "paths.json");
        Reports.resourceRun(fixture, dir, more);
        Reports.Run report = Reports.cli("report", dir.toString());
        assertEquals(0, report.exit(), report.err());
        return openAt1280x800(dir.resolve("report/index.html"));
    }

    /** A fresh browser with its window at 1280 x 800, showing {@code page}. */
    private ChromeDriver openAt1280x800(Path page) throws Exception {
        ChromeDriver driver = browser(Files.createDirectories(tmp.resolve("profile")));
        driver.manage().window().setSize(new Dimension(1280, 800));
        driver.get(page.toUri().toString());
        return driver;
    }

    /** An image's natural width once it has loaded; 0 when it is broken. */
    static int naturalWidth(ChromeDriver driver, WebElement img) {
        return ((Number) ((JavascriptExecutor) driver).executeAsyncScript("const i = arguments[0], done = arguments[1];"
                + "if (i.complete) done(i.naturalWidth); else { i.onload = () => done(i.naturalWidth); i.onerror = () => done(0); }",
                img)).intValue();
    }

    /** Every element wider than the window, or scrolling sideways inside itself; the page's own width first. */
    @SuppressWarnings("unchecked")
    static List<String> overflowing(JavascriptExecutor js) {
        return (List<String>) js.executeScript(
                "const out = [];"
                + "if (document.documentElement.scrollWidth > window.innerWidth) out.push('page ' + document.documentElement.scrollWidth);"
                + "for (const e of document.querySelectorAll('body *')) {"
                + "  if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') out.push(e.tagName + '.' + e.className + ' ' + e.scrollWidth + '>' + e.clientWidth);"
                + "  const r = e.getBoundingClientRect(); if (r.right > document.documentElement.clientWidth + 1) out.push(e.tagName + '.' + e.className + ' right ' + r.right);"
                + "}"
                + "return out;");
    }

    /**
     * A site of the eight real runs of the publish tests (pipeSize 0 and 4 KiB, four each) at 1280 × 800: the index
     * reads without scrolling sideways and lists the two steps first; a stepped benchmark's page shows its history chart
     * on the first screen, and the step's compare page opens.
     */
    @Test
    void publishedSiteFits1280AndShowsEachHistoryOnTheFirstScreen() throws Exception {
        List<String> args = new ArrayList<>(List.of("publish", "--order", "param:pipeSize", "-o", tmp.resolve("site").toString()));
        PublishTest.series(tmp, "a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4").forEach(r -> args.add(r.toString()));
        assertEquals(0, Reports.cli(args.toArray(new String[0])).exit());
        ChromeDriver driver = openAt1280x800(tmp.resolve("site/index.html"));
        try {
            JavascriptExecutor js = driver;
            assertEquals(List.of(), overflowing(js), "elements wider than the 1280 px window on the index");
            List<WebElement> steps = driver.findElements(By.xpath("//h2[@id='steps']/following-sibling::table[1]//tbody/tr"));
            assertEquals(2, steps.size(), "the two steps the 4 KiB pipe caused, listed first");
            Number viewport = (Number) js.executeScript("return window.innerHeight;");
            assertTrue(steps.get(1).getRect().getY() + steps.get(1).getRect().getHeight() <= viewport.doubleValue(),
                    "both steps on the first screen");
            Files.write(Path.of("target", "site-index-1280x800.png"), driver.getScreenshotAs(OutputType.BYTES));
            String compare = steps.get(0).findElement(By.xpath("td[4]/a")).getAttribute("href");
            steps.get(0).findElement(By.xpath("td[1]/a")).click();
            WebElement chart = driver.findElement(By.id("history"));
            assertTrue(naturalWidth(driver, chart) > 0, "the history chart renders");
            assertTrue(chart.getRect().getY() < viewport.doubleValue() / 2, "the chart starts on the first screen: "
                    + chart.getRect().getY());
            assertEquals(List.of(), overflowing(js), "elements wider than the 1280 px window on a history page");
            Files.write(Path.of("target", "site-history-1280x800.png"), driver.getScreenshotAs(OutputType.BYTES));
            driver.get(compare);
            assertTrue(driver.findElements(By.tagName("img")).size() > 0, "the step's compare page with its charts");
        } finally {
            driver.quit();
        }
    }

    /** The large-files section (a real run at test scale) fits 1280 px too, and its chart renders. */
    @Test
    void largeFilesSectionFitsTheWindowAndDrawsItsChart() throws Exception {
        ChromeDriver driver = reportAt1280x800("large-files");
        try {
            assertTrue(naturalWidth(driver, driver.findElement(By.cssSelector("#large img"))) > 0, "the chart renders");
            assertEquals(8, driver.findElements(By.cssSelector("table.large tbody tr")).size());
            assertEquals(List.of(), overflowing(driver), "elements wider than the 1280 px window");
        } finally {
            driver.quit();
        }
    }

    @Test
    void comparisonPageRendersItsCharts() throws Exception {
        Path a = JmhFixture.quickShape(1, 1.0).write(tmp.resolve("a"));
        Path b = JmhFixture.quickShape(2, 1.2).write(tmp.resolve("b"));
        Path out = tmp.resolve("cmp");
        assertEquals(0, Reports.cli("compare", a.toString(), b.toString(), "-o", out.toString()).exit());
        ChromeDriver driver = browser(Files.createDirectories(tmp.resolve("profile")));
        try {
            driver.get(new File(out.resolve("index.html").toString()).toURI().toString());
            List<WebElement> images = driver.findElements(By.tagName("img"));
            assertEquals(4 + 6, images.size(), "4 ratio charts, a runs chart per group");
            for (WebElement img : images) {
                assertTrue(naturalWidth(driver, img) > 0, img.getAttribute("src"));
            }
        } finally {
            driver.quit();
        }
    }

    /**
     * Three real runs (default, -p cc=reno, Temurin 25) on one comparison page at 1280 × 800: the first screen holds the
     * answer for the first run against the base (its changes or "nothing changed"), and nothing scrolls sideways.
     */
    @Test
    void threeRunComparisonAnswersOnTheFirstScreenAndFits1280() throws Exception {
        List<String> args = new ArrayList<>(List.of("compare"));
        for (String run : List.of("default", "cc-reno", "jdk25")) {
            args.add(Reports.comparedRun(run, tmp.resolve(run)).toString());
        }
        Path out = tmp.resolve("three");
        args.addAll(List.of("-o", out.toString()));
        assertEquals(0, Reports.cli(args.toArray(new String[0])).exit());
        ChromeDriver driver = openAt1280x800(out.resolve("index.html"));
        try {
            JavascriptExecutor js = driver;
            Number viewport = (Number) js.executeScript("return window.innerHeight;");
            Number answer = (Number) js.executeScript("const s = document.querySelector('#answer');"
                    + "const first = s.querySelector('.answer tbody tr, .nothing');"
                    + "return first ? first.getBoundingClientRect().bottom : 1e9;");
            assertTrue(answer.doubleValue() <= viewport.doubleValue(), "the first answer ends at " + answer + " px of "
                    + viewport + " px");
            Files.write(Path.of("target", "compare-1280x800.png"), driver.getScreenshotAs(OutputType.BYTES));
            assertEquals(List.of(), overflowing(js), "elements wider than the 1280 px window");
            for (WebElement img : driver.findElements(By.tagName("img"))) {
                assertTrue(naturalWidth(driver, img) > 0, img.getAttribute("alt"));
            }
        } finally {
            driver.quit();
        }
    }

    /**
     * The repo's main-job-netty run (another host) against a main job of this host at 1280 × 800: the first change on the
     * first screen is a throughput change, every worse figure is drawn red (never green), nothing scrolls sideways.
     */
    @Test
    void anotherHostsRunLeadsWithThroughputAndWorseIsNeverGreen() throws Exception {
        String[] files = {"jmh.json.gz", "env.json", "paths.json", "metrics.json"};
        Path a = Reports.resourceRun("main-job-netty", tmp.resolve("fixture"), files);
        Path b = Reports.resourceRun("aa-main-1", tmp.resolve("today"), files);
        Path out = tmp.resolve("hosts");
        assertEquals(0, Reports.cli("compare", a.toString(), b.toString(), "-o", out.toString()).exit());
        ChromeDriver driver = openAt1280x800(out.resolve("index.html"));
        try {
            JavascriptExecutor js = driver;
            Number viewport = (Number) js.executeScript("return window.innerHeight;");
            @SuppressWarnings("unchecked")
            List<Object> first = (List<Object>) js.executeScript("const r = document.querySelector('#answer .answer tbody tr');"
                    + "return r ? [r.cells[2].innerText, r.getBoundingClientRect().bottom] : null;");
            assertTrue(first != null && String.valueOf(first.get(0)).matches("(throughput|native twin's throughput).*"),
                    "the first change is a throughput change: " + first);
            assertTrue(((Number) first.get(1)).doubleValue() <= viewport.doubleValue(), "on the first screen: " + first);
            @SuppressWarnings("unchecked")
            List<Object> colours = (List<Object>) js.executeScript("return Array.from(document.querySelectorAll('#answer td.worse'))"
                    + ".map(td => getComputedStyle(td).color);");
            assertFalse(colours.isEmpty(), "worse figures on this page");
            for (Object c : colours) {
                String rgb = String.valueOf(c).replaceAll("[^0-9,]", "");
                String[] v = rgb.split(",");
                int red = Integer.parseInt(v[0]);
                int green = Integer.parseInt(v[1]);
                assertTrue(red > green, "a worse figure is drawn " + c + ", not green");
            }
            Files.write(Path.of("target", "compare-hosts-1280x800.png"), driver.getScreenshotAs(OutputType.BYTES));
            assertEquals(List.of(), overflowing(js), "elements wider than the 1280 px window");
        } finally {
            driver.quit();
        }
    }

    /** A single-file comparison copied alone to another folder still shows every chart. */
    @Test
    void aSingleFilePageOpensAloneWithItsCharts() throws Exception {
        Path a = JmhFixture.quickShape(1, 1.0).write(tmp.resolve("a"));
        Path b = JmhFixture.quickShape(2, 1.2).write(tmp.resolve("b"));
        Path out = tmp.resolve("cmp");
        assertEquals(0, Reports.cli("compare", a.toString(), b.toString(), "-o", out.toString(), "--single-file").exit());
        Path alone = Files.createDirectories(tmp.resolve("elsewhere")).resolve("comparison.html");
        Files.copy(out.resolve("index.html"), alone);
        ChromeDriver driver = browser(Files.createDirectories(tmp.resolve("profile")));
        try {
            driver.get(alone.toUri().toString());
            List<WebElement> images = driver.findElements(By.tagName("img"));
            assertEquals(10, images.size());
            for (WebElement img : images) {
                assertTrue(naturalWidth(driver, img) > 0, "renders with no other file: " + img.getAttribute("alt"));
            }
        } finally {
            driver.quit();
        }
    }
}
