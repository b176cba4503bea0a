package io.zcbench.harness.transfer;

import io.zcbench.harness.counters.CounterTotals;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * One transfer made by {@code zcbench copy}, as printed with {@code --json}. The first eight fields
 * are a stable contract for scripts. {@code checksumOk} is true or false when the bytes were checked,
 * {@code null} when they could not be (an older sink draining with splice), with {@code checksumNote} saying why.
 * A path that cannot run here has {@code skipped} set and no measurement; a transfer that failed has
 * {@code error} set (what failed, on which file or socket, after how many bytes).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"path", "destination", "impl", "size", "bytesSent", "bytesReceived", "checksumOk", "seconds", "gbPerSecond"})
public record CopyResult(
        String path,
        String destination,
        String impl,
        long size,
        Long bytesSent,
        Long bytesReceived,
        @JsonInclude(JsonInclude.Include.ALWAYS) Boolean checksumOk,
        Double seconds,
        Double gbPerSecond,
        String skipped,
        String checksumNote,
        String crc32cExpected,
        String crc32cReceived,
        int chunk,
        String cache,
        Long residentPagesBefore,
        Long totalPages,
        String target,
        String dir,
        String fsType,
        String jdk,
        Map<String, Object> counters,
        List<String> notes,
        @JsonIgnore CounterTotals countersTotals,
        String error,
        Map<String, Object> copies,
        Map<String, Object> receiver) {

    /** The same pair, failed: {@code error} says what happened; nothing was measured. */
    public CopyResult failed(String why) {
        return new CopyResult(path, destination, impl, size, null, null, null, null, null, null, null, null, null, chunk, cache,
                null, null, target, dir, fsType, jdk, null, notes, null, why, null, null);
    }
}
