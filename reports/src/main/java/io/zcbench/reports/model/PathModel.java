package io.zcbench.reports.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The textbook model of each copy path (README's path table), with what zcbench expects to see it call, so the
 * report can put theory beside measurement and say where they part. The model counts per chunk of
 * a transfer; {@link #syscallsPerOp} turns that into calls per operation (one whole file).
 */
public record PathModel(String id, String cpuCopiesSocket, String cpuCopiesFile, String dmaCopies, String syscalls,
                        String modeSwitches, Set<String> expectedCalls, String note) {

    public static final List<String> IDS = List.of("traditional", "traditional-heap", "mmap-write", "transfer-to", "splice",
            "o-direct", "copy-file-range");

    private static final Map<String, PathModel> MODELS = Map.of(
            "traditional", new PathModel("traditional", "2", "2", "2", "2 per chunk", "4 per chunk",
                    Set.of("read", "write"), "read(2) into a direct buffer, write(2) out"),
            "traditional-heap", new PathModel("traditional-heap", "4 (2 in user space)", "4 (2 in user space)", "2",
                    "2 per chunk", "4 per chunk", Set.of("read", "write"),
                    "textbooks count 3; the JDK copies through a temporary direct buffer on the read and again "
                            + "on the write (sun.nio.ch.IOUtil), so user space copies twice"),
            "mmap-write", new PathModel("mmap-write", "1", "1", "2", "mmap + 1 per chunk", "2 + 2 per chunk",
                    Set.of("mmap", "write"), "page faults replace read(2); munmap ends each transfer"),
            "transfer-to", new PathModel("transfer-to", "1 (0 with SG-DMA)", "1 (in the kernel)", "2", "1", "2",
                    Set.of("sendfile", "copy_file_range"), "FileChannel.transferTo: sendfile, or copy_file_range file to file on newer JDKs"),
            "splice", new PathModel("splice", "0", "0", "2", "2 per chunk", "4 per chunk", Set.of("splice"),
                    "file to pipe to destination; pages move by reference"),
            "o-direct", new PathModel("o-direct", "1", "0 (O_DIRECT write)", "2", "2 per chunk", "4 per chunk",
                    Set.of("pread64", "write", "pwrite64"), "bypasses the page cache: the device reads into user memory"),
            "copy-file-range", new PathModel("copy-file-range", "n/a (files only)", "1 in the kernel (0 with reflink)", "2",
                    "1", "2", Set.of("copy_file_range"),
                    "page cache to page cache inside the kernel; file systems that share extents (XFS, Btrfs) copy nothing"));

    /** The model of a path; a path this version does not know gets a row that says so, never a refused run. */
    public static PathModel of(String id) {
        PathModel m = MODELS.get(id);
        return m != null ? m : new PathModel(id, "?", "?", "?", "?", "?", Set.of(),
                "not in this zcbench version's model table: no textbook figures to compare with");
    }

    /** True for a path that reads around the page cache, for which a group's warm/cold state does not apply. */
    public boolean bypassesPageCache() {
        return id.equals("o-direct");
    }

    /** False for a path this version has no textbook figures for. */
    public boolean known() {
        return MODELS.containsKey(id);
    }

    /** The calls the model expects for a destination: a socket cannot take copy_file_range. */
    public Set<String> expectedCalls(String destination) {
        if (id.equals("transfer-to") && "socket".equals(destination)) {
            return Set.of("sendfile");
        }
        return expectedCalls;
    }

    public String cpuCopies(String destination) {
        return "file".equals(destination) ? cpuCopiesFile : cpuCopiesSocket;
    }

    /** System calls per operation the model predicts for a file of {@code size} bytes in {@code chunk}-byte pieces. */
    public long syscallsPerOp(long size, long chunk) {
        if (!known()) {
            return -1;
        }
        long chunks = size == 0 ? 0 : (size + chunk - 1) / chunk;
        return switch (id) {
            case "mmap-write" -> size == 0 ? 0 : 1 + chunks;
            case "transfer-to", "copy-file-range" -> size == 0 ? 0 : (size + 0x7ffff000L - 1) / 0x7ffff000L; // one call moves at most 2 GiB - 4 KiB
            default -> 2 * chunks;
        };
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
            default -> "other calls";
        };
    }
}
