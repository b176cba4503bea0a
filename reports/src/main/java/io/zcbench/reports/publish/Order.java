package io.zcbench.reports.publish;

import io.zcbench.reports.ReportException;
import io.zcbench.reports.model.Units;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a site orders its runs: by kernel version, JDK version (each in its natural order: 6.1 &lt; 6.6 &lt; 6.12 &lt;
 * 6.18 &lt; 7.0), date, a benchmark parameter the runs differ in ({@code param:NAME}, e.g. param:pipeSize), or the
 * order given. Runs sharing a key value are repeats of one point; with the order given, each run is a point.
 */
public record Order(String kind, String param) {
    public static final String HELP = "kernel, jdk, date, param:NAME (a setting the runs differ in) or given";

    public static Order parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("param:") && t.length() > "param:".length()) {
            return new Order("param", t.substring("param:".length()));
        }
        if (List.of("kernel", "jdk", "date", "given").contains(t)) {
            return new Order(t, null);
        }
        throw new ReportException("--order " + text + ": choose " + HELP);
    }

    /** The key value of a run (from folder {@code dir}, the {@code given}th argument), as the index shows it. */
    String value(RunSummary run, Path dir, int given) {
        return switch (kind) {
            case "kernel" -> run.envText("/kernel/release");
            case "jdk" -> jdkOf(run);
            case "date" -> run.envText("/run/start");
            case "given" -> Integer.toString(given + 1);
            default -> paramOf(run, dir);
        };
    }

    private static final Pattern VERSION = Pattern.compile("(\\d[\\w.+-]*)$");

    /** The JDK the forks ran (JMH records it per result), else env.json's. */
    private static String jdkOf(RunSummary run) {
        Set<String> jdks = new TreeSet<>();
        for (RunSummary.Entry e : run.entries()) {
            Matcher m = VERSION.matcher(e.id().jdk());
            if (m.find()) {
                jdks.add(m.group(1));
            }
        }
        return jdks.size() == 1 ? jdks.iterator().next() : run.envText("/jdk/version");
    }

    private String paramOf(RunSummary run, Path dir) {
        Set<String> values = new TreeSet<>();
        for (Map<String, String> p : run.params()) {
            values.add(p.getOrDefault(param, ""));
        }
        if (values.size() != 1) {
            throw new ReportException("--order param:" + param + ": run " + dir + " has " + (values.isEmpty()
                    ? "no results" : "values " + values + " of it") + "; order by a parameter each run holds one value of");
        }
        String v = values.iterator().next();
        if (v.isEmpty()) {
            throw new ReportException("--order param:" + param + ": run " + dir + " has no parameter " + param);
        }
        return v;
    }

    /**
     * The runs' points in order: each distinct key value one point, sorted naturally (numbers as numbers, sizes as
     * bytes, dates as written); {@code given} keeps the order of the arguments.
     */
    List<List<Integer>> points(List<RunSummary> runs, List<Path> dirs) {
        Map<String, List<Integer>> byValue = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            byValue.computeIfAbsent(value(runs.get(i), dirs.get(i), i), k -> new ArrayList<>()).add(i);
        }
        List<String> keys = new ArrayList<>(byValue.keySet());
        if (!kind.equals("given")) {
            keys.sort(NATURAL);
        }
        List<List<Integer>> out = new ArrayList<>();
        keys.forEach(k -> out.add(byValue.get(k)));
        return out;
    }

    private static final Pattern CHUNK = Pattern.compile("\\d+|\\D+");

    /** Versions and sizes in their natural order: 6.6 before 6.12, 4KiB before 64KiB, text by its characters. */
    static final Comparator<String> NATURAL = (a, b) -> {
        long sa = size(a);
        long sb = size(b);
        if (sa >= 0 && sb >= 0) {
            return Long.compare(sa, sb);
        }
        Matcher ma = CHUNK.matcher(a);
        Matcher mb = CHUNK.matcher(b);
        while (true) {
            boolean ha = ma.find();
            boolean hb = mb.find();
            if (!ha || !hb) {
                return Boolean.compare(ha, hb);
            }
            String x = ma.group();
            String y = mb.group();
            int c;
            if (Character.isDigit(x.charAt(0)) && Character.isDigit(y.charAt(0))) {
                c = new java.math.BigInteger(x).compareTo(new java.math.BigInteger(y));
            } else {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return c;
            }
        }
    };

    private static long size(String s) {
        if (!s.matches("\\d+([KMGT]i?B)?")) {
            return -1;
        }
        try {
            return Units.parseSize(s);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return -1;
        }
    }
}
