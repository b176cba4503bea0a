package io.zcbench.reports.model;

import io.zcbench.harness.metrics.BenchmarkNames;

import io.zcbench.reports.ReportException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * A results folder read and checked: {@code jmh.json} (required, JMH's own format), {@code env.json}
 * (optional: without it the environment is "unknown"), {@code jmh-hw.json} (optional hardware
 * counter pass), {@code outcomes.jsonl} (skipped and failed benchmarks), {@code paths.json} (the
 * catalogue's description of the paths measured; see {@link Catalogue}). Anything that makes the
 * report impossible is a {@link ReportException} naming the file and the problem.
 */
public record RunData(Path dir, String name, List<Row> rows, List<Row> hardwareRows, ObjectNode env, String envProblem,
                      List<Outcome> outcomes, Catalogue paths, MetricCatalogue metrics, List<String> warnings, List<Row> repeatRows) {

    /** A benchmark that produced no figure, and why. */
    public record Outcome(String benchmark, Map<String, String> params, String outcome, String reason) {
    }

    /** Doubles parsed with Jackson's fast parser: a site of 200 runs reads some 600 MB of JMH's JSON. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    public static RunData load(Path dir) {
        if (!Files.exists(dir)) {
            throw new ReportException(dir + " does not exist; give a results folder (results/<run-id>)");
        }
        if (!Files.isDirectory(dir)) {
            throw new ReportException(dir + " is not a directory; give a results folder (results/<run-id>)");
        }
        Path jmh = dir.resolve("jmh.json");
        if (!Files.exists(jmh)) {
            throw new ReportException("no jmh.json in " + dir + "; is it a zcbench results folder (results/<run-id>)?");
        }
        List<String> warnings = new ArrayList<>();
        MetricCatalogue metrics = MetricCatalogue.read(dir, warnings);
        List<Row> rows = parseRows(jmh, readJson(jmh, "jmh.json"), warnings, metrics);
        checkEnv(dir, warnings);
        List<Row> hw = List.of();
        Path hwFile = dir.resolve("jmh-hw.json");
        if (Files.exists(hwFile)) {
            hw = parseRows(hwFile, readJson(hwFile, "jmh-hw.json"), warnings, metrics);
        }
        List<Row> repeat = List.of();
        Path repeatFile = dir.resolve("jmh-repeat.json");
        if (Files.exists(repeatFile)) {
            repeat = parseRows(repeatFile, readJson(repeatFile, "jmh-repeat.json"), warnings, metrics);
        }
        ObjectNode env;
        String envProblem = null;
        Path envFile = dir.resolve("env.json");
        if (!Files.exists(envFile)) {
            envProblem = "no env.json in " + dir;
            env = JsonNodeFactory.instance.objectNode();
        } else {
            JsonNode n;
            try {
                n = readJson(envFile, "env.json");
            } catch (ReportException e) {
                n = null;
                envProblem = e.getMessage();
            }
            if (n != null && !n.isObject()) {
                envProblem = "env.json is not a JSON object";
                n = null;
            }
            env = n == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) n;
        }
        if (envProblem != null) {
            warnings.add("environment unknown: " + envProblem);
        }
        List<Outcome> outcomes = readOutcomes(dir.resolve("outcomes.jsonl"), warnings);
        Catalogue paths = Catalogue.read(dir, warnings);
        return new RunData(dir, dir.toAbsolutePath().normalize().getFileName().toString(), rows, hw, env, envProblem,
                outcomes, paths, metrics, warnings, repeat);
    }

    /** The same run under another name (compare's labels). */
    public RunData withName(String label) {
        return new RunData(dir, label, rows, hardwareRows, env, envProblem, outcomes, paths, metrics, warnings, repeatRows);
    }

    static JsonNode readJson(Path file, String what) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            JsonNode n = JSON.readTree(in.readAllBytes()); // from bytes: Jackson's fastest parser, and JMH's files are MBs
            if (n == null || n.isMissingNode()) {
                throw new ReportException(what + " in " + file.getParent() + " is empty");
            }
            return n;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ReportException(what + " in " + file.getParent() + " is not valid JSON" + where + ": "
                    + e.getOriginalMessage().split("\n")[0] + " (truncated or corrupt?)");
        } catch (IOException e) {
            throw new ReportException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static List<Row> parseRows(Path file, JsonNode root) {
        return parseRows(file, root, new ArrayList<>(), MetricCatalogue.before());
    }

    /**
     * Every usable result; a result that cannot be shown (no score, a score of 0, an unknown unit) is
     * left out with its reason in {@code warnings}, and the rest of the report stands. Fails only when
     * the file is not JMH output or no result is usable.
     */
    static List<Row> parseRows(Path file, JsonNode root, List<String> warnings, MetricCatalogue metrics) {
        String name = file.getFileName().toString();
        if (!root.isArray()) {
            throw new ReportException(name + " is not JMH output: expected a JSON array of benchmark results");
        }
        if (root.isEmpty()) {
            throw new ReportException(name + " in " + file.getParent() + " holds no results: the run measured nothing "
                    + "(was it interrupted at once?)");
        }
        List<Row> rows = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            if (!n.isObject() || !n.path("benchmark").isTextual() || !n.path("primaryMetric").isObject()) {
                throw new ReportException(name + " is not JMH output: " + "result " + (i + 1)
                        + " lacks benchmark, primaryMetric.score or primaryMetric.scoreUnit");
            }
            try {
                rows.add(row(name, i + 1, n, metrics));
            } catch (ReportException e) {
                invalid.add(e.getMessage());
            }
        }
        if (rows.isEmpty()) {
            throw new ReportException(name + " in " + file.getParent() + " holds no usable result: " + invalid.get(0)
                    + (invalid.size() > 1 ? " (and " + (invalid.size() - 1) + " more)" : ""));
        }
        for (String why : invalid) {
            warnings.add("left out, invalid: " + why);
        }
        checkDuplicates(name, file.getParent(), rows);
        return Collections.unmodifiableList(rows);
    }

    /**
     * A results file holds each benchmark once (the runner merges a benchmark's forks into one result); one held twice or
     * more was pasted together or corrupted, and its figures would count the same forks twice: refused, named.
     */
    private static void checkDuplicates(String name, Path dir, List<Row> rows) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Row r : rows) {
            seen.merge(r.benchmark() + " " + new TreeMap<>(r.params()) + " threads=" + r.threads() + " mode=" + r.mode(), 1,
                    Integer::sum);
        }
        List<String> twice = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(e -> e.getKey() + " (" + e.getValue()
                + " times)").toList();
        if (!twice.isEmpty()) {
            throw new ReportException(name + " in " + dir + " holds " + twice.size() + " benchmark" + (twice.size() == 1 ? "" : "s")
                    + " more than once, e.g. " + twice.get(0) + "; zcbench writes each benchmark once: was the file "
                    + "concatenated or edited? Use the run's own jmh.json");
        }
    }

    /** env.json fields a report shows whose type is wrong (a number where the kernel's object belongs): said, not hidden. */
    private static void checkEnv(Path dir, List<String> warnings) {
        Path f = dir.resolve("env.json");
        if (!Files.exists(f)) {
            return;
        }
        JsonNode env;
        try {
            env = readJson(f, "env.json");
        } catch (ReportException e) {
            return; // said as "environment unknown" by the caller
        }
        for (String field : List.of("kernel", "cpu", "jdk", "memory", "run", "network", "dataDirectory", "perf")) {
            JsonNode n = env.path(field);
            if (!n.isMissingNode() && !n.isNull() && !n.isObject()) {
                warnings.add("env.json: \"" + field + "\" is " + n + ", not an object: its fields are shown as unknown");
            }
        }
    }

    /** Where a benchmark wrote, "file" or "socket", from its JMH name ({@link BenchmarkNames}). */
    public static String destinationOf(String benchmark) {
        return BenchmarkNames.destinationOf(benchmark);
    }

    private static Row row(String file, int index, JsonNode n, MetricCatalogue metrics) {
        String where = file + " result " + index;
        if (!n.isObject() || !n.path("benchmark").isTextual() || !n.path("primaryMetric").isObject()
                || !n.path("primaryMetric").has("score") || !n.path("primaryMetric").path("scoreUnit").isTextual()) {
            throw new ReportException(file + " is not JMH output: " + "result " + index
                    + " lacks benchmark, primaryMetric.score or primaryMetric.scoreUnit");
        }
        String benchmark = n.get("benchmark").asText();
        Map<String, String> params = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.path("params").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            // the receive method's parameter was called drain before: an older run's rows read as a newer run's
            params.put(e.getKey().equals("drain") ? Row.RECEIVE : e.getKey(), e.getValue().asText());
        }
        String path = params.get("path");
        if (path == null) {
            throw new ReportException(where + " (" + benchmark + ") has no 'path' parameter: not a zcbench copy-path benchmark");
        }
        try {
            Impl.of(params.get("impl"));
        } catch (IllegalArgumentException e) {
            throw new ReportException(where + " (" + benchmark + "): parameter " + e.getMessage());
        }
        long size;
        long chunk;
        try {
            size = Units.parseSize(params.getOrDefault("size", ""));
            chunk = Units.parseSize(params.getOrDefault("chunk", "64KiB"));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ReportException(where + ": parameter size=" + params.get("size") + " or chunk=" + params.get("chunk")
                    + " is not a byte size (" + e.getMessage() + ")");
        }
        Estimate primary = estimate(n.get("primaryMetric"));
        if (!Units.known(primary.unit())) {
            throw new ReportException(where + " has score unit '" + primary.unit()
                    + "', which is not time per operation or operations per time; mixed or unknown units cannot be compared");
        }
        if (!primary.available() || primary.score() <= 0 || Double.isInfinite(primary.score())) {
            throw new ReportException(where + " has no usable score (" + n.get("primaryMetric").get("score") + ")");
        }
        String notNumbers = notNumbers(n.get("primaryMetric").path("rawData"));
        if (notNumbers != null) {
            throw new ReportException(where + " (" + benchmark + "): its iterations' rawData holds " + notNumbers
                    + " where JMH writes numbers: the file was edited or corrupted");
        }
        Map<String, Estimate> secondary = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> sec = n.path("secondaryMetrics").fields();
        MetricCatalogue.Info ledger = metrics.info(MetricId.COPIES_SENDER);
        while (sec.hasNext()) {
            Map.Entry<String, JsonNode> e = sec.next();
            MetricCatalogue.Info info = metrics.of(e.getKey());
            boolean sampled = info != null && ledger != null && info.section().equals(ledger.section());
            secondary.put(e.getKey(), sampled ? sampledOnly(estimate(e.getValue())) : estimate(e.getValue()));
        }
        checkUnits(where, secondary, metrics);
        String short_ = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        String destination = destinationOf(benchmark);
        int threads = n.path("threads").asInt(1);
        String mode = n.path("mode").asText("?");
        Map<String, String> groupParams = new TreeMap<>(params);
        groupParams.remove("path");
        groupParams.remove("impl"); // a path's native twin sits in its Java row
        String group = short_.replace(".transfer", "") + " " + groupParams + " threads=" + threads + " mode=" + mode;
        String jdk = n.path("vmName").asText("") + " " + n.path("jdkVersion").asText("");
        Row.Setting setting = new Row.Setting(destination, path, size, chunk, params.getOrDefault("cache", "?"), threads,
                mode, Collections.unmodifiableMap(params));
        return new Row(index, benchmark, setting, group, primary, Collections.unmodifiableMap(secondary), jdk.trim(), metrics);
    }

    /**
     * Every declared metric's unit as the run's metrics.json declares it (its first word: JMH units carry a note after
     * it); a metric in another unit is refused, as results of another zcbench version that cannot be compared.
     */
    private static void checkUnits(String where, Map<String, Estimate> secondary, MetricCatalogue metrics) {
        for (Map.Entry<String, Estimate> e : secondary.entrySet()) {
            MetricCatalogue.Info info = metrics.of(e.getKey());
            if (info == null || info.family()) {
                continue;
            }
            String unit = firstWord(e.getValue().baseUnit());
            if (!unit.equals(firstWord(info.unit()))) {
                throw new ReportException(where + ": metric " + e.getKey() + " is in '" + e.getValue().baseUnit() + "', expected '"
                        + info.unit() + "'; mixed units (results from another zcbench version?) cannot be compared");
            }
        }
    }

    private static String firstWord(String unit) {
        int sp = unit.indexOf(' ');
        return sp < 0 ? unit : unit.substring(0, sp);
    }

    /**
     * The copy ledger samples only some iterations of a fork; JMH divides its sum by every iteration. Its figure is
     * the mean of the iterations that have one.
     */
    private static Estimate sampledOnly(Estimate e) {
        if (e.raw().length == 0 || !e.available()) {
            return e;
        }
        double mean = Arrays.stream(e.raw()).average().orElse(Double.NaN);
        return new Estimate(mean, e.error(), e.unit(), e.raw(), null, e.forks());
    }

    private static Estimate estimate(JsonNode m) {
        double score = number(m.get("score"));
        double error = number(m.get("scoreError"));
        String unit = m.path("scoreUnit").asText("");
        JsonNode rawData = m.path("rawData");
        double[][] forks = new double[rawData.size()][];
        int total = 0;
        for (int i = 0; i < forks.length; i++) {
            JsonNode fork = rawData.get(i);
            forks[i] = new double[fork.size()];
            for (int j = 0; j < forks[i].length; j++) {
                forks[i][j] = number(fork.get(j));
            }
            total += forks[i].length;
        }
        double[] raw = new double[total];
        int at = 0;
        for (double[] f : forks) {
            System.arraycopy(f, 0, raw, at, f.length);
            at += f.length;
        }
        return new Estimate(score, error, unit, raw, Double.isNaN(score) ? Estimate.reasonOf(unit) : null, forks);
    }

    /** The first value in rawData that is neither a number nor JMH's "NaN"/"Infinity", quoted; null when all are. */
    private static String notNumbers(JsonNode rawData) {
        for (JsonNode fork : rawData) {
            if (!fork.isArray()) {
                return fork.toString();
            }
            for (JsonNode v : fork) {
                if (!v.isNumber() && !(v.isTextual() && (v.asText().matches("-?(NaN|Infinity)")))) {
                    return v.toString();
                }
            }
        }
        return null;
    }

    private static double number(JsonNode n) {
        if (n == null || n.isNull()) {
            return Double.NaN;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        String t = n.asText();
        return switch (t) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }

    private static List<Outcome> readOutcomes(Path file, List<String> warnings) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Outcome> out = new ArrayList<>();
        try {
            int line = 0;
            for (String l : Files.readAllLines(file)) {
                line++;
                if (l.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = JSON.readTree(l);
                    Map<String, String> params = new TreeMap<>();
                    n.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
                    out.add(new Outcome(n.path("benchmark").asText("?"), params, n.path("outcome").asText("?"),
                            n.path("reason").asText("")));
                } catch (JsonProcessingException e) {
                    warnings.add("outcomes.jsonl line " + line + " is not JSON; ignored");
                }
            }
        } catch (IOException e) {
            warnings.add("cannot read outcomes.jsonl: " + e.getMessage());
        }
        return out;
    }

    /** A value from env.json by JSON pointer, or the reason it is unknown. */
    public String envText(String pointer) {
        return envText(env, envProblem, pointer);
    }

    /** A fact of an env.json as text, "unknown (why)" where it is not known ({@code problem}: why the file is not). */
    public static String envText(JsonNode env, String problem, String pointer) {
        if (problem != null) {
            return "unknown (" + problem + ")";
        }
        JsonNode n = env.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            return "unknown (not recorded)";
        }
        if (n.isObject() && n.has("unknown")) {
            return "unknown (" + n.get("unknown").asText() + ")";
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }
}
