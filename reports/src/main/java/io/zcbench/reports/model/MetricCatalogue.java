package io.zcbench.reports.model;

import io.zcbench.reports.ReportException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the metrics of a run are, as its own {@code metrics.json} declares them (the harness's one declaration of every
 * metric): name, unit, label, which direction is better, section, whether compare diffs it, and what it means. A run
 * written before zcbench wrote that file is read with the declarations of that time (a frozen copy,
 * {@value #BEFORE_METRICS_JSON}).
 */
public final class MetricCatalogue {
    static final String BEFORE_METRICS_JSON = "metrics-before-metrics-json.json";

    /** One declared metric; a family's {@code name} is the prefix of its members' names. */
    public record Info(String id, String name, String unit, String label, String better, String section, boolean compare,
                       boolean family, boolean column, String description) {
        /** "label [unit]", for headings and CSV columns. */
        public String heading() {
            return label + " [" + unit + "]";
        }

        /** Whether a lower value is the better one (a higher, for "higher"; neither, for "none"). */
        public boolean lowerIsBetter() {
            return better.equals("lower");
        }
    }

    private final String prefix;
    private final Map<String, Info> byId;

    private MetricCatalogue(String prefix, Map<String, Info> byId) {
        this.prefix = prefix;
        this.byId = byId;
    }

    /**
     * The catalogue of a results folder: its metrics.json, or (none there) the frozen copy for runs written before
     * zcbench wrote one. A metrics.json that is not a declaration fails naming that file: reading its run with another
     * catalogue would blame jmh.json for what metrics.json broke.
     */
    static MetricCatalogue read(Path dir, List<String> warnings) {
        Path file = dir.resolve("metrics.json");
        if (Files.exists(file)) {
            JsonNode root = RunData.readJson(file, "metrics.json");
            try {
                return parse(root);
            } catch (IllegalArgumentException e) {
                throw new ReportException("metrics.json in " + dir + " is not zcbench's declaration of the metrics ("
                        + e.getMessage() + "); copy it again from the run folder it came from, or remove it to read the run "
                        + "as one written before metrics.json existed");
            }
        }
        return before();
    }

    /** The declarations as zcbench had them before it wrote metrics.json. */
    static MetricCatalogue before() {
        try (InputStream in = MetricCatalogue.class.getResourceAsStream(BEFORE_METRICS_JSON)) {
            if (in == null) {
                throw new IllegalStateException(BEFORE_METRICS_JSON + " is missing from the reports jar");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BEFORE_METRICS_JSON + ": " + e.getMessage(), e);
        }
    }

    static MetricCatalogue parse(JsonNode root) {
        if (!root.path("metrics").isArray() || !root.path("prefix").isTextual()) {
            throw new IllegalArgumentException("no \"prefix\" and \"metrics\" array");
        }
        String prefix = root.get("prefix").asText();
        Map<String, Info> out = new LinkedHashMap<>();
        for (JsonNode m : root.get("metrics")) {
            if (!m.isObject()) {
                throw new IllegalArgumentException("a metric that is not an object: " + m);
            }
            String id = m.path("id").asText("");
            if (id.isEmpty()) {
                throw new IllegalArgumentException("a metric without an id");
            }
            out.put(id, new Info(id, prefix + id, m.path("unit").asText(""), m.path("label").asText(id),
                    m.path("better").asText("none"), m.path("section").asText(""), m.path("compare").asBoolean(false),
                    m.path("family").asBoolean(false), m.path("column").asBoolean(false), m.path("description").asText("")));
        }
        return new MetricCatalogue(prefix, out);
    }

    /** Several runs' catalogues in one (compare): the first run that declares a metric wins. */
    public static MetricCatalogue merge(Collection<RunData> runs) {
        Map<String, Info> out = new LinkedHashMap<>();
        String prefix = null;
        for (RunData r : runs) {
            r.metrics().byId.forEach(out::putIfAbsent);
            prefix = prefix == null ? r.metrics().prefix : prefix;
        }
        return new MetricCatalogue(prefix == null ? "" : prefix, out);
    }

    /** The JMH name of a metric this report knows by meaning. */
    public String name(MetricId id) {
        Info i = byId.get(id.id());
        return i != null ? i.name() : prefix + id.id();
    }

    /** The declaration of a JMH secondary result's name (a family's for its members), or null when undeclared. */
    public Info of(String name) {
        return resolved.computeIfAbsent(name, this::resolve).orElse(null);
    }

    /** Names already resolved: a run has some hundred distinct names, looked up for every row and report. */
    private final Map<String, Optional<Info>> resolved = new ConcurrentHashMap<>();

    private Optional<Info> resolve(String name) {
        if (!name.startsWith(prefix)) {
            return Optional.empty();
        }
        Info exact = byId.get(name.substring(prefix.length()));
        if (exact != null) {
            return Optional.of(exact);
        }
        return byId.values().stream().filter(i -> i.family() && name.startsWith(i.name())).findFirst();
    }

    /** The member key of {@code name} in family {@code id} ("sendfile" of zc.syscalls.sendfile), or null when not a member. */
    public String member(MetricId family, String name) {
        Info i = of(name);
        return i != null && i.family() && i.id().equals(family.id()) ? name.substring(i.name().length()) : null;
    }

    public Info info(MetricId id) {
        return byId.get(id.id());
    }

    /** Every declared metric, in the harness's order. */
    public List<Info> all() {
        return new ArrayList<>(byId.values());
    }

    /** The metrics compare diffs, in order. */
    public List<Info> compared() {
        return byId.values().stream().filter(Info::compare).toList();
    }
}
