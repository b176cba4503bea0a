package io.zcbench.reports.it;

import io.zcbench.reports.testing.JmhFixture;
import io.zcbench.reports.testing.Reports;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            assertEquals(4, images.size());
            for (WebElement img : images) {
                Number w = (Number) ((JavascriptExecutor) driver).executeAsyncScript("const i = arguments[0], done = arguments[1];"
                        + "if (i.complete) done(i.naturalWidth); else { i.onload = () => done(i.naturalWidth); i.onerror = () => done(0); }", img);
                assertTrue(w.intValue() > 0, img.getAttribute("src"));
            }
        } finally {
            driver.quit();
        }
    }
}
