package io.zcbench.benchmarks.run;

import io.zcbench.harness.UsageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One benchmark run at a time on a machine (two would disturb each other's figures), and a results
 * folder of its own for every run, even two started in the same second. The lock is an OS file lock,
 * so a killed run never leaves it stale; JMH's own lock then never sees two zcbench runs.
 */
final class RunLock {
    private static FileChannel channel;
    private static FileLock lock;

    private RunLock() {
    }

    static synchronized void acquire(Path results) throws IOException {
        if (lock != null) {
            return;
        }
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "zcbench-run.lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l = ch.tryLock();
        if (l == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
            ch.close();
            throw new UsageException("another zcbench run is in progress (" + (holder.isEmpty() ? "see " + file : holder)
                    + "); runs at the same time disturb each other's figures: wait for it to end, or stop it");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", results in "
                + results.toAbsolutePath()).getBytes(StandardCharsets.UTF_8)));
        channel = ch;
        lock = l;
    }

    /**
     * Bad --results before anything starts: a file where a folder belongs, or a folder that cannot be made or written,
     * is a usage error (exit 2) that names the folder and what to do.
     */
    static void checkResults(Path results) {
        if (Files.exists(results) && !Files.isDirectory(results)) {
            throw new UsageException("--results " + results + " is a file, not a folder: name a folder for the runs' results "
                    + "(it is made if missing)");
        }
        try {
            Files.createDirectories(results);
        } catch (IOException e) {
            throw new UsageException("--results " + results + ": cannot make the folder (" + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + e.getMessage() : "") + "); name a folder you can write");
        }
        if (!Files.isWritable(results)) {
            throw new UsageException("--results " + results + ": the folder is not writable; name a folder you can write");
        }
    }

    /** results/ID, or results/ID-2, -3, ... when a run of the same second already has ID: never a shared folder. */
    static Path newRunDir(Path results, String id) throws IOException {
        Files.createDirectories(results);
        for (int n = 1; n < 1000; n++) {
            Path dir = results.resolve(n == 1 ? id : id + "-" + n).toAbsolutePath();
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // taken: try the next suffix
            }
        }
        throw new UsageException("cannot find a free run folder name for " + id + " in " + results);
    }
}
