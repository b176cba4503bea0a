package io.zcbench.reports;

import io.zcbench.reports.chart.Charts;
import io.zcbench.reports.html.HtmlReport;
import io.zcbench.reports.html.LargeFiles;
import io.zcbench.reports.html.ReceiveSide;
import io.zcbench.reports.model.RunData;
import io.zcbench.reports.table.ComparisonTable;
import io.zcbench.reports.table.CsvTable;
import io.zcbench.reports.table.LongCsv;
import io.zcbench.reports.table.MarkdownTable;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes {@code report/} for one run: index.html, charts/*.svg, table.csv, table.md. Everything goes
 * to a temporary folder beside the target first and is moved into place only when complete, so a
 * failed report never leaves a half-written folder that looks finished.
 */
public final class ReportWriter {
    /** Charts beyond this many are left out (and the page says so): a 2,000-result run stays fast. */
    public static final int MAX_CHARTS = 60;

    private ReportWriter() {
    }

    public static Path write(RunData run, Path target) {
        return write(run, target, false);
    }

    /** As {@link #write(RunData, Path)}; with {@code singleFile}, index.html carries its charts and opens alone. */
    public static Path write(RunData run, Path target, boolean singleFile) {
        ComparisonTable table = ComparisonTable.of(run);
        List<Charts.Chart> charts = Charts.all(table.groups(), MAX_CHARTS);
        int possible = table.groups().size() * Charts.PER_GROUP;
        List<String> omitted = new ArrayList<>();
        if (charts.size() < possible) {
            omitted.add("Bar charts are drawn for the first " + charts.size() + " charts' worth of groups; the table above has every group.");
        }
        return writeAtomically(target, tmp -> {
            Path chartDir = Files.createDirectories(tmp.resolve("charts"));
            List<Charts.Chart> drawn = new ArrayList<>(charts);
            Charts.Chart large = LargeFiles.chart(table);
            if (large != null) {
                drawn.add(large);
            }
            Charts.Chart receive = ReceiveSide.chart(table);
            if (receive != null) {
                drawn.add(receive);
            }
            renderCharts(drawn, chartDir);
            try (Writer w = Files.newBufferedWriter(tmp.resolve("table.csv"), StandardCharsets.UTF_8)) {
                CsvTable.write(table, w);
            }
            try (Writer w = Files.newBufferedWriter(tmp.resolve("figures.csv"), StandardCharsets.UTF_8)) {
                LongCsv.write(run.name(), table, w);
            }
            try (Writer w = Files.newBufferedWriter(tmp.resolve("table.md"), StandardCharsets.UTF_8)) {
                MarkdownTable.write(table, run.name(), run.paths().baselineHeading(), w);
            }
            try (Writer w = Files.newBufferedWriter(tmp.resolve("index.html"), StandardCharsets.UTF_8)) {
                HtmlReport.write(run, table, charts, omitted, w);
            }
            if (singleFile) {
                inlineCharts(tmp);
            }
        });
    }

    private static final Pattern CHART_SRC = Pattern.compile("src=\"charts/([A-Za-z0-9._-]+\\.svg)\"");

    /**
     * Makes {@code dir/index.html} self-contained: every chart it shows from charts/ becomes a data: URI in its img tag,
     * and charts/ goes, so the one HTML file can be attached or published as it is.
     */
    public static void inlineCharts(Path dir) throws IOException {
        Path index = dir.resolve("index.html");
        String html = Files.readString(index, StandardCharsets.UTF_8);
        Matcher m = CHART_SRC.matcher(html);
        StringBuilder out = new StringBuilder(html.length() * 2);
        while (m.find()) {
            byte[] svg = Files.readAllBytes(dir.resolve("charts").resolve(m.group(1)));
            m.appendReplacement(out, Matcher.quoteReplacement("src=\"data:image/svg+xml;base64,"
                    + Base64.getEncoder().encodeToString(svg) + "\""));
        }
        m.appendTail(out);
        Files.writeString(index, out.toString(), StandardCharsets.UTF_8);
        deleteTree(dir.resolve("charts"));
    }

    /** Draws charts on all cores; SVG generation is independent per chart. */
    static void renderCharts(List<Charts.Chart> charts, Path dir) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Charts.Chart c : charts) {
                done.add(pool.submit(() -> {
                    Files.writeString(dir.resolve(c.file() + ".svg"), c.svg(), StandardCharsets.UTF_8);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new ReportException("drawing a chart failed: " + c + (c instanceof Error
                    ? " (headless Java2D needs fontconfig and a font: apt-get install fontconfig fonts-dejavu-core)" : ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportException("interrupted while drawing charts");
        } finally {
            pool.shutdownNow();
        }
    }

    /** What fills the temporary folder. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    /** The file that marks a folder as written by zcbench report or compare, so it may be replaced. */
    public static final String MARKER = ".zcbench-output";

    /** The first line of the marker; the files zcbench wrote there follow, one per line. */
    private static final String MARKER_HEAD = "written by zcbench; report and compare may replace this folder. Files it wrote:";

    /**
     * Why {@code abs} must not be replaced, or {@code null} when it may: it does not exist, it is empty, or zcbench wrote
     * it and every file in it is one its marker lists (a file a user added there would be lost). Never a run's own
     * folder, a folder of runs, a file, {@code /} or the working directory.
     */
    static String refusal(Path abs) {
        if (abs.getParent() == null) {
            return abs + " is the root of the file system";
        }
        if (abs.equals(Path.of("").toAbsolutePath().normalize())) {
            return abs + " is the current directory";
        }
        if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (Files.isSymbolicLink(abs)) {
            return abs + " is a symbolic link";
        }
        if (!Files.isDirectory(abs)) {
            return abs + " is a file";
        }
        try {
            List<String> present = files(abs);
            if (present.isEmpty()) {
                return null;
            }
            if (!Files.exists(abs.resolve(MARKER))) {
                return abs + " exists and zcbench did not write it (it holds " + String.join(", ", present.stream().limit(3).toList())
                        + (present.size() > 3 ? ", ..." : "") + ")";
            }
            Set<String> ours = new HashSet<>(Files.readAllLines(abs.resolve(MARKER), StandardCharsets.UTF_8));
            ours.add(MARKER);
            List<String> foreign = present.stream().filter(f -> !ours.contains(f)).limit(3).toList();
            return foreign.isEmpty() ? null : abs + " holds files zcbench did not write there (" + String.join(", ", foreign)
                    + "): move them first";
        } catch (IOException e) {
            return abs + " cannot be listed: " + e.getMessage();
        }
    }

    /** Every file below {@code dir}, as paths relative to it with '/', sorted. */
    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !Files.isDirectory(p)).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    /**
     * Fills a fresh temporary folder next to {@code target}, then swaps it into place. The target is
     * replaced only when zcbench wrote it (see {@link #refusal}); anything else is refused with one line
     * and left untouched.
     */
    public static Path writeAtomically(Path target, Content content) {
        Path abs = target.toAbsolutePath().normalize();
        String refused = refusal(abs);
        if (refused != null) {
            throw new ReportException("refusing to write to " + target + ": " + refused
                    + "; give -o a new folder (or one an earlier report or compare wrote)");
        }
        Path parent = abs.getParent();
        Path tmp;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".tmp-");
        } catch (FileSystemException e) {
            throw new ReportException("cannot write the report in " + parent + ": " + why(e) + "; choose a writable output folder");
        } catch (IOException e) {
            throw new ReportException("cannot write the report in " + parent + ": " + e.getMessage());
        }
        try {
            content.writeTo(tmp);
            Files.writeString(tmp.resolve(MARKER), MARKER_HEAD + "\n" + String.join("\n", files(tmp)) + "\n",
                    StandardCharsets.UTF_8);
            readable(tmp);
            Path old = null;
            if (Files.exists(abs)) {
                old = parent.resolve("." + abs.getFileName() + ".old-" + System.nanoTime());
                Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                deleteTree(old);
            }
            return abs;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new ReportException("writing the report to " + abs + " failed: " + (e instanceof FileSystemException f ? why(f) : e.getMessage()));
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** createTempDirectory makes 0700 folders; a report is published, so folders become 0755 (files keep the umask's). */
    private static void readable(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isDirectory).toList()) {
                try {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                } catch (UnsupportedOperationException e) {
                    return; // not a POSIX file system
                }
            }
        }
    }

    private static String why(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getReason() != null ? e.getReason() : e.getMessage();
    }

    private static void deleteQuietly(Path p) {
        try {
            deleteTree(p);
        } catch (IOException ignored) {
            // best effort: a hidden .tmp folder may stay behind
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
