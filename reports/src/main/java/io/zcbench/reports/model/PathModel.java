package io.zcbench.reports.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One path as the run's catalogue described it ({@code paths.json}, written by the harness from the path's
 * own class): its textbook model and what zcbench expects to see it call, so the report can put theory beside
 * measurement for any path, including one this version of the reports has never heard of. The model counts
 * per chunk of a transfer; {@link #syscallsPerOp} turns that into calls per operation (one whole file).
 */
public record PathModel(String id, int order, String mechanism, String twin, Textbook textbook, Calls calls,
                        Handling handling, Framework framework, boolean known) {

    /**
     * What the textbook says per operation: CPU copies per destination, DMA copies, system calls and mode switches (as
     * the catalogue words them), a note on copies the ledger may disagree with, and a note for the reader.
     */
    public record Textbook(Map<String, String> cpuCopies, String dmaCopies, String syscalls, String modeSwitches,
                           String copiesNote, String note) {
    }

    /**
     * The calls zcbench expects per destination, those made once per chunk, those that name which route a path took
     * (transfer-to), and how to count calls per operation ({@code null}: the model cannot say).
     */
    public record Calls(Map<String, Set<String>> byDestination, Set<String> perChunk, List<String> route, Count count) {
    }

    /** Calls per operation: {@code perOp} once, {@code perChunk} per chunk, one more per {@code bytesPerCall} (0: none). */
    public record Count(long perOp, long perChunk, long bytesPerCall) {
    }

    /** Whether the path reads in chunks, bypasses the page cache, and who else works for it ({@code null}: nobody). */
    public record Handling(boolean usesChunk, boolean bypassesPageCache, String offThread) {
    }

    /**
     * A framework path (Netty): the framework's name and version, and its raw baseline — the zcbench path making the
     * same kernel calls without the framework, which it alternates with under impl=paired.
     */
    public record Framework(String name, String baseline) {
    }

    /** A path of a framework (Netty): it alternates with its raw baseline under impl=paired, not a native twin. */
    public boolean isFramework() {
        return framework != null;
    }

    /** The paired ratio's name: "Java ÷ native", or for a framework path "Netty ÷ raw". */
    public String pairRatio() {
        return framework == null ? "Java ÷ native" : framework.name().split(" ")[0] + " ÷ raw";
    }

    /** What the path alternates with under impl=paired: "native twin", or "raw transfer-to". */
    public String pairName() {
        return framework == null ? "native twin" : "raw " + framework.baseline();
    }

    /** The framework's name and version ("Netty 4.1.115.Final"); {@code null} for zcbench's own paths. */
    public String frameworkName() {
        return framework == null ? null : framework.name();
    }

    /** A framework path's raw baseline (a zcbench path id); {@code null} for zcbench's own paths. */
    public String baseline() {
        return framework == null ? null : framework.baseline();
    }

    public String dmaCopies() {
        return textbook.dmaCopies();
    }

    public String syscalls() {
        return textbook.syscalls();
    }

    public String note() {
        return textbook.note();
    }

    public String copiesNote() {
        return textbook.copiesNote();
    }

    public Set<String> perChunkCalls() {
        return calls.perChunk();
    }

    public List<String> routeCalls() {
        return calls.route();
    }

    public boolean usesChunk() {
        return handling.usesChunk();
    }

    public boolean bypassesPageCache() {
        return handling.bypassesPageCache();
    }

    public String offThread() {
        return handling.offThread();
    }

    /** Where a path without a catalogue entry sorts: after every described one. */
    static final int UNKNOWN_ORDER = 10_000;

    /** A path the run's catalogue does not describe: a row that says so, never a refused run. */
    static PathModel unknown(String id) {
        return new PathModel(id, UNKNOWN_ORDER, "?", "?", new Textbook(Map.of(), "?", "?", "?", null,
                "not described by this run's paths.json: no textbook figures to compare with"),
                new Calls(Map.of(), Set.of(), List.of(), null), new Handling(true, false, null), null, false);
    }

    /** One entry of {@code paths.json}; throws IllegalArgumentException naming what is missing. */
    static PathModel parse(JsonNode p) {
        String id = text(p, "id");
        JsonNode m = p.path("model");
        if (!m.isObject()) {
            throw new IllegalArgumentException("path " + id + " has no model");
        }
        Map<String, String> copies = new LinkedHashMap<>();
        m.path("cpuCopies").fields().forEachRemaining(e -> copies.put(e.getKey(), e.getValue().asText()));
        Map<String, Set<String>> calls = new LinkedHashMap<>();
        m.path("calls").fields().forEachRemaining(e -> calls.put(e.getKey(), strings(e.getValue())));
        JsonNode c = m.path("count");
        JsonNode fw = p.path("framework");
        Count count = c.isObject() ? new Count(c.path("perOp").asLong(), c.path("perChunk").asLong(),
                c.path("bytesPerCall").asLong()) : null;
        Textbook textbook = new Textbook(copies, m.path("dmaCopies").asText("?"), m.path("syscalls").asText("?"),
                m.path("modeSwitches").asText("?"), m.path("copiesNote").isTextual() ? m.path("copiesNote").asText() : null,
                m.path("note").asText(""));
        Handling handling = new Handling(m.path("usesChunk").asBoolean(true), m.path("bypassesPageCache").asBoolean(false),
                m.path("offThread").isTextual() ? m.path("offThread").asText() : null);
        Framework framework = fw.isObject() ? new Framework(fw.path("name").asText("?") + " "
                + fw.path("version").asText(""), fw.path("baseline").asText("?")) : null;
        return new PathModel(id, p.path("order").asInt(UNKNOWN_ORDER), p.path("mechanism").asText("?"),
                p.path("twin").asText("?"), textbook, new Calls(calls, strings(m.path("perChunkCalls")),
                List.copyOf(strings(m.path("routeCalls"))), count), handling, framework, true);
    }

    private static String text(JsonNode n, String field) {
        if (!n.path(field).isTextual() || n.path(field).asText().isEmpty()) {
            throw new IllegalArgumentException("a path without \"" + field + "\"");
        }
        return n.path(field).asText();
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** The calls the model expects to a destination (a socket cannot take copy_file_range). */
    public Set<String> expectedCalls(String destination) {
        return calls.byDestination().getOrDefault(destination, Set.of());
    }

    public String cpuCopies(String destination) {
        return textbook.cpuCopies().getOrDefault(destination, "?");
    }

    /** System calls per operation the model predicts for a file of {@code size} bytes in {@code chunk}-byte pieces; -1 when it cannot. */
    public long syscallsPerOp(long size, long chunk) {
        Count count = calls.count();
        if (count == null) {
            return -1;
        }
        if (size == 0) {
            return 0;
        }
        long chunks = (size + chunk - 1) / chunk;
        return count.perOp() + count.perChunk() * chunks
                + (count.bytesPerCall() > 0 ? (size + count.bytesPerCall() - 1) / count.bytesPerCall() : 0);
    }

    /** What a call outside the model usually is, for the "why it differs" note. */
    public static String explain(String call) {
        return switch (call) {
            case "newfstatat", "newfstat", "statx" -> "the JDK checks the file size (fstat)";
            case "copy_file_range" -> "newer JDKs try copy_file_range before sendfile; it cannot write to a socket";
            case "munmap" -> "the mapping is unmapped after the transfer";
            case "futex" -> "JVM safepoints and handshakes";
            case "ftruncate" -> "the O_DIRECT tail block is trimmed";
            case "lseek" -> "the JDK repositions the file";
            case "mmap" -> "the JDK maps memory";
            case "madvise" -> "the JVM returns memory";
            case "write" -> "partial writes: the socket took less than a chunk";
            case "splice" -> "partial splices: the destination took less than the pipe held";
            case "read" -> "extra reads";
            case "recvmsg" -> "completions read from the socket's error queue";
            case "poll", "ppoll" -> "waits for completions";
            case "io_uring_enter" -> "io_uring submissions and waits";
            default -> "other calls";
        };
    }

    /** The models as a list, for iteration in catalogue order. */
    static List<PathModel> sorted(Map<String, PathModel> byId) {
        List<PathModel> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparingInt(PathModel::order).thenComparing(PathModel::id));
        return out;
    }
}
