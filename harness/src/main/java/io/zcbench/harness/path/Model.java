package io.zcbench.harness.path;

import io.zcbench.harness.endpoint.Destination;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A path's textbook model, declared in its own class and written into every results folder
 * ({@code paths.json}), so the report puts theory beside measurement for any path, including one it
 * has never seen. Counts are per operation (one whole file) unless the text says "per chunk".
 *
 * @param textbook what the textbook says: copies, system calls and mode switches in words, a note
 * @param calls    the system calls the path makes and how many per operation
 * @param handling what changes what the path does (chunk, pipe), whether it bypasses the page cache, who helps it
 */
public record Model(Textbook textbook, Calls calls, Handling handling) {

    /**
     * @param cpuCopies    the model's CPU copies per destination, in words ("2", "0 with reflink")
     * @param dmaCopies    DMA copies, in words
     * @param syscalls     system calls, in words ("2 per chunk")
     * @param modeSwitches user↔kernel transitions, in words
     * @param note         one line on what the model means for this path
     * @param copiesNote   why the copies measured on this kernel may differ from the model's, or null
     */
    public record Textbook(Map<Destination, String> cpuCopies, String dmaCopies, String syscalls, String modeSwitches,
                           String note, String copiesNote) {
    }

    /**
     * @param byDestination the system calls the path itself makes, per destination
     * @param perChunk      of those, the ones made once per chunk (more of them means partial calls)
     * @param count         system calls per operation as a formula, or null where the count depends on timing
     * @param routes        calls among which the JDK picks, in the order it tries them (the report says which ran);
     *                      empty for most paths
     */
    public record Calls(Map<Destination, Set<String>> byDestination, Set<String> perChunk, CallCount count,
                        List<String> routes) {
    }

    /**
     * @param usesChunk         whether the chunk size changes what the path does
     * @param usesPipe          whether the path moves data through a pipe (the pipe size option applies)
     * @param bypassesPageCache whether the path reads around the page cache (warm/cold does not apply)
     * @param offThread         who besides the sending thread does the path's work, or null when nobody does
     */
    public record Handling(boolean usesChunk, boolean usesPipe, boolean bypassesPageCache, String offThread) {
    }

    public Map<Destination, String> cpuCopies() {
        return textbook.cpuCopies();
    }

    public String dmaCopies() {
        return textbook.dmaCopies();
    }

    public String syscalls() {
        return textbook.syscalls();
    }

    public String modeSwitches() {
        return textbook.modeSwitches();
    }

    public String note() {
        return textbook.note();
    }

    public String copiesNote() {
        return textbook.copiesNote();
    }

    /** The system calls the path itself makes, per destination. */
    public Map<Destination, Set<String>> callsByDestination() {
        return calls.byDestination();
    }

    public Set<String> perChunkCalls() {
        return calls.perChunk();
    }

    public CallCount count() {
        return calls.count();
    }

    public List<String> routeCalls() {
        return calls.routes();
    }

    public boolean usesChunk() {
        return handling.usesChunk();
    }

    public boolean usesPipe() {
        return handling.usesPipe();
    }

    public boolean bypassesPageCache() {
        return handling.bypassesPageCache();
    }

    public String offThread() {
        return handling.offThread();
    }

    /** {@code perOp + perChunk × chunks + ⌈size / bytesPerCall⌉} system calls for a non-empty file (0 for an empty one). */
    public record CallCount(long perOp, long perChunk, long bytesPerCall) {
        public long predict(long size, long chunk) {
            if (size == 0) {
                return 0;
            }
            long chunks = (size + chunk - 1) / chunk;
            return perOp + perChunk * chunks + (bytesPerCall > 0 ? (size + bytesPerCall - 1) / bytesPerCall : 0);
        }
    }

    /** The most one sendfile(2) or copy_file_range(2) call moves: 2 GiB - 4 KiB. */
    public static final long MAX_RW_COUNT = 0x7ffff000L;

    public static Builder builder() {
        return new Builder();
    }

    /** Declares a model field by field, so a path's class reads as its README row. */
    public static final class Builder {
        private final Map<Destination, String> cpuCopies = new EnumMap<>(Destination.class);
        private String dma = "2";
        private String syscalls;
        private String modeSwitches;
        private final Map<Destination, Set<String>> calls = new EnumMap<>(Destination.class);
        private final Set<String> perChunk = new LinkedHashSet<>();
        private CallCount count;
        private final List<String> routes = new ArrayList<>();
        private boolean usesChunk = true;
        private boolean bypass;
        private boolean pipe;
        private String offThread;
        private String note;
        private String copiesNote;

        public Builder cpuCopies(String socket, String file) {
            cpuCopies.put(Destination.SOCKET, socket);
            cpuCopies.put(Destination.FILE, file);
            return this;
        }

        public Builder dma(String text) {
            dma = text;
            return this;
        }

        public Builder syscalls(String text, String switches) {
            syscalls = text;
            modeSwitches = switches;
            return this;
        }

        /** Calls made to every destination. */
        public Builder calls(String... names) {
            for (Destination d : Destination.values()) {
                calls.computeIfAbsent(d, k -> new LinkedHashSet<>()).addAll(List.of(names));
            }
            return this;
        }

        /** Calls made to one destination only. */
        public Builder callsTo(Destination d, String... names) {
            calls.computeIfAbsent(d, k -> new LinkedHashSet<>()).addAll(List.of(names));
            return this;
        }

        public Builder perChunk(String... names) {
            perChunk.addAll(List.of(names));
            return this;
        }

        public Builder count(long perOp, long perChunkCalls, long bytesPerCall) {
            count = new CallCount(perOp, perChunkCalls, bytesPerCall);
            return this;
        }

        public Builder routes(String... names) {
            routes.addAll(List.of(names));
            return this;
        }

        public Builder chunkless() {
            usesChunk = false;
            return this;
        }

        public Builder pipe() {
            pipe = true;
            return this;
        }

        public Builder bypassesPageCache() {
            bypass = true;
            return this;
        }

        public Builder offThread(String who) {
            offThread = who;
            return this;
        }

        /** Why the copy ledger may measure other CPU copies than the model says, on current kernels. */
        public Builder copiesNote(String text) {
            copiesNote = text;
            return this;
        }

        public Builder note(String text) {
            note = text;
            return this;
        }

        public Model build() {
            if (cpuCopies.isEmpty() || syscalls == null || note == null || calls.isEmpty()) {
                throw new IllegalStateException("a path's model needs CPU copies, system calls, calls and a note");
            }
            Map<Destination, Set<String>> frozen = new EnumMap<>(Destination.class);
            calls.forEach((d, s) -> frozen.put(d, Set.copyOf(s)));
            return new Model(new Textbook(Map.copyOf(cpuCopies), dma, syscalls, modeSwitches, note, copiesNote),
                    new Calls(Map.copyOf(frozen), Set.copyOf(perChunk), count, List.copyOf(routes)),
                    new Handling(usesChunk, pipe, bypass, offThread));
        }
    }
}
