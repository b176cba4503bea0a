package io.zcbench.reports;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shape the data between a path's call and a report's cell keeps: named records of a few components, keys as
 * types (never strings joined with "|"), and a missing figure's reason written and read by one type.
 */
class CodeShapeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern RECORD = Pattern.compile("\\brecord\\s+(\\w+)\\s*(?:<[^>]*>)?\\s*\\(");

    private static List<Path> mainSources() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String module : List.of("harness", "benchmarks", "reports")) {
            Path dir = ROOT.resolve(module).resolve("src/main/java");
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
            }
        }
        assertTrue(out.size() > 100, "found the main sources under " + ROOT + ": " + out.size());
        return out;
    }

    /** The number of top-level components between a record's parentheses. */
    static int components(String source, int open) {
        int depth = 1;
        int n = 0;
        boolean any = false;
        for (int i = open; depth > 0; i++) {
            char c = source.charAt(i);
            if (c == '(' || c == '<') {
                depth++;
            } else if (c == ')' || c == '>') {
                depth--;
            } else if (c == ',' && depth == 1) {
                n++;
            } else if (!Character.isWhitespace(c)) {
                any = true;
            }
        }
        return any ? n + 1 : 0;
    }

    @Test
    void noRecordInMainCodeHasMoreThanTwelveComponents() throws IOException {
        List<String> wide = new ArrayList<>();
        for (Path p : mainSources()) {
            String s = Files.readString(p);
            Matcher m = RECORD.matcher(s);
            while (m.find()) {
                int n = components(s, m.end());
                if (n > 12) {
                    wide.add(m.group(1) + " (" + n + ") in " + ROOT.relativize(p));
                }
            }
        }
        assertEquals(List.of(), wide);
    }

    @Test
    void noStringKeyIsBuiltWithABar() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path p : mainSources()) {
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches(".*\\+\\s*\"\\|\"\\s*\\+.*") || lines.get(i).contains("split(\"\\\\|\")")) {
                    found.add(ROOT.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void aMissingFiguresReasonIsWrittenAndReadInOneType() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path p : mainSources()) {
            if (p.getFileName().toString().equals("Unavailable.java")) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("(n/a")) {
                    found.add(ROOT.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theCountOfComponentsIsRight() {
        assertEquals(3, components("int a, Map<String, List<Long>> b, long[] c) {", 0));
        assertEquals(0, components(") {", 0));
    }
}
