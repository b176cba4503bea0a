package io.zcbench.reports.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paths a run measured, as its own {@code paths.json} describes them. A results folder written before
 * zcbench wrote that file is read with the description of the seven paths of that time (a frozen copy,
 * {@value #BEFORE_PATHS_JSON}); a path neither describes still gets its row, marked as not modelled.
 */
public final class Catalogue {
    static final String BEFORE_PATHS_JSON = "paths-before-paths-json.json";

    private final Map<String, PathModel> byId;

    private Catalogue(Map<String, PathModel> byId) {
        this.byId = byId;
    }

    /** The catalogue of a results folder; a problem with its paths.json is a warning, not a refused run. */
    static Catalogue read(Path dir, List<String> warnings) {
        Path file = dir.resolve("paths.json");
        if (Files.exists(file)) {
            try {
                return parse(RunData.readJson(file, "paths.json"));
            } catch (RuntimeException e) {
                warnings.add("paths.json unusable (" + e.getMessage() + "): the paths' models are those of results "
                        + "written before paths.json");
            }
        }
        return before();
    }

    /** The description of the paths as zcbench knew them before it wrote paths.json. */
    static Catalogue before() {
        try (InputStream in = Catalogue.class.getResourceAsStream(BEFORE_PATHS_JSON)) {
            if (in == null) {
                throw new IllegalStateException(BEFORE_PATHS_JSON + " is missing from the reports jar");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BEFORE_PATHS_JSON + ": " + e.getMessage(), e);
        }
    }

    static Catalogue parse(JsonNode root) {
        if (!root.path("paths").isArray()) {
            throw new IllegalArgumentException("no \"paths\" array");
        }
        Map<String, PathModel> out = new LinkedHashMap<>();
        for (JsonNode p : root.path("paths")) {
            PathModel m = PathModel.parse(p);
            out.put(m.id(), m);
        }
        return new Catalogue(out);
    }

    /** Several runs' catalogues in one (compare): the first run that describes a path wins. */
    public static Catalogue merge(Collection<RunData> runs) {
        Map<String, PathModel> out = new LinkedHashMap<>();
        for (RunData r : runs) {
            r.paths().byId.forEach(out::putIfAbsent);
        }
        return new Catalogue(out);
    }

    /** The model of a path; one the catalogue does not describe gets a row that says so. */
    public PathModel model(String id) {
        PathModel m = byId.get(id);
        return m != null ? m : PathModel.unknown(id);
    }

    /**
     * The path every other is measured against: the catalogue's first (traditional, the textbooks' baseline),
     * or "" when this run did not measure it.
     */
    public String baseline() {
        return byId.values().stream().filter(m -> m.order() == 0).map(PathModel::id).findFirst().orElse("");
    }

    /** The "vs ..." column heading. */
    public String baselineHeading() {
        String b = baseline();
        return b.isEmpty() ? "vs the catalogue's first path (not in this run)" : "vs " + b;
    }

    /** Where a path sorts: its place in the catalogue that wrote the run, undescribed paths last. */
    public int order(String id) {
        PathModel m = byId.get(id);
        return m != null ? m.order() : PathModel.UNKNOWN_ORDER;
    }
}
