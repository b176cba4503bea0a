package io.zcbench.harness.transfer;

import io.zcbench.harness.counters.CounterTotals;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.List;
import java.util.Map;

/**
 * One transfer made by {@code zcbench copy}, as printed with {@code --json}: one flat object whose first nine fields
 * (the pair, then what was measured) are a stable contract for scripts. {@code checksumOk} is true or false when the
 * bytes were checked, {@code null} when they could not be (an older sink draining with splice), with
 * {@code checksumNote} saying why. A path that cannot run here has {@code skipped} set and no measurement; a transfer
 * that failed has {@code error} set (what failed, on which file or socket, after how many bytes).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CopyResult(@JsonUnwrapped Pair pair, @JsonUnwrapped Measured measured, String skipped,
                         @JsonUnwrapped Conditions conditions, @JsonUnwrapped Figures figures, String error) {

    /** Which path, to which destination, in which implementation, with a file of how many bytes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pair(String path, String destination, String impl, long size) {
    }

    /**
     * What one transfer moved and how fast, and whether the bytes arrived intact: the CRC32C of the source and of what
     * the destination received, or why it could not be checked. {@link #NONE} for a pair that did not run.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Measured(Long bytesSent, Long bytesReceived,
                           @JsonInclude(JsonInclude.Include.ALWAYS) Boolean checksumOk, Double seconds,
                           Double gbPerSecond, String checksumNote, String crc32cExpected, String crc32cReceived) {
        public static final Measured NONE = new Measured(null, null, null, null, null, null, null, null);
    }

    /**
     * How it ran: the chunk, the page cache's state and how many of the file's pages were cached before, the target as
     * described, the data directory and its file system, the JDK, and the kind of thread the transfer ran on as the
     * thread itself said (platform, or virtual).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Conditions(int chunk, String cache, Long residentPagesBefore, Long totalPages, String target,
                             String dir, String fsType, String jdk, String thread) {
    }

    /**
     * What was counted (the counters as JSON, and as totals for the text output), notes, and the copy ledgers of the
     * sending thread and of the receiver. {@link #NONE} where nothing was counted.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Figures(Map<String, Object> counters, List<String> notes, @JsonIgnore CounterTotals countersTotals,
                          Map<String, Object> copies, Map<String, Object> receiver) {
        public static final Figures NONE = new Figures(null, null, null, null, null);

        /** Only notes. */
        public static Figures notes(List<String> notes) {
            return new Figures(null, notes, null, null, null);
        }
    }

    /** A pair that could not run here, and why; nothing was measured. */
    public static CopyResult skipped(Pair pair, Conditions conditions, String why) {
        return new CopyResult(pair, Measured.NONE, why, conditions, Figures.NONE, null);
    }

    /** The same pair, failed: {@code error} says what happened; nothing was measured. */
    public CopyResult failed(String why) {
        Conditions c = new Conditions(conditions.chunk(), conditions.cache(), null, null, conditions.target(),
                conditions.dir(), conditions.fsType(), conditions.jdk(), conditions.thread());
        return new CopyResult(pair, Measured.NONE, null, c, Figures.notes(figures.notes()), why);
    }
}
