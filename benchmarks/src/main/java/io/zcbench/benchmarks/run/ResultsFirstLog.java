package io.zcbench.benchmarks.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * jmh-output.log, written only while the results disk keeps room for the results: JMH's full output of a quick run
 * (7 MB here) is larger than its jmh.json, and on a disk that fills the results must not be what is lost. Before
 * every 16 KiB it checks the file system's usable space against a reserve (three times the last jmh.json written, at
 * least 1 MiB: the next write needs the file and its temporary copy); below it, or on any write error, the log
 * ends with a line saying why, and the rest of JMH's output is dropped. {@link #cut()} says it happened, so the run
 * can name it and exit non-zero.
 */
final class ResultsFirstLog extends OutputStream {
    static final long MIN_RESERVE = 1 << 20;
    private static final long CHECK_EVERY = 16 << 10;

    private final Path file;
    private final OutputStream out;
    private final FileStore store;
    private final LongSupplier resultsBytes;
    private long written;
    private long sinceCheck = CHECK_EVERY;
    private volatile String cut;

    ResultsFirstLog(Path file, LongSupplier resultsBytes) throws IOException {
        this.file = file;
        this.out = Files.newOutputStream(file);
        this.store = Files.getFileStore(file);
        this.resultsBytes = resultsBytes;
    }

    /** Why the log stopped short ("cut at 12 KiB: ..."), or null when it holds all of JMH's output. */
    String cut() {
        return cut;
    }

    Path file() {
        return file;
    }

    long reserve() {
        return Math.max(MIN_RESERVE, 3 * resultsBytes.getAsLong());
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (cut != null) {
            return;
        }
        try {
            sinceCheck += len;
            if (sinceCheck >= CHECK_EVERY) {
                sinceCheck = 0;
                long free = store.getUsableSpace();
                if (free - CHECK_EVERY < reserve()) {
                    stop(String.format(Locale.ROOT, "cut at %d KiB: the results disk had %d KiB left, kept for the results "
                            + "(they need %d KiB)", written >> 10, free >> 10, reserve() >> 10));
                    return;
                }
            }
            out.write(b, off, len);
            written += len;
        } catch (IOException e) {
            stop("cut at " + (written >> 10) + " KiB: " + e.getMessage());
        }
    }

    private void stop(String why) {
        cut = why;
        try {
            out.write(("\n[zcbench] jmh-output.log " + why + "; the rest of JMH's output was dropped\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // the disk is full: the run says it on the console instead
        }
    }

    @Override
    public synchronized void flush() {
        if (cut == null) {
            try {
                out.flush();
            } catch (IOException e) {
                stop("cut at " + (written >> 10) + " KiB: " + e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
