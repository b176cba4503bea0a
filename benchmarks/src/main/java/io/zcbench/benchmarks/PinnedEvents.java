package io.zcbench.benchmarks;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The JDK's own account of a virtual thread that could not unmount: JFR's {@code jdk.VirtualThreadPinned} events
 * (a park while pinned, e.g. in native code or, before JDK 24, in a synchronized block), recorded with no threshold
 * from the fork's first operation to its last measured iteration, counted for the benchmark's virtual thread. Only
 * thread=virtual forks record; JFR costs them its start-up (about 0.3 s), not their operations.
 */
final class PinnedEvents implements AutoCloseable {
    static final String EVENT = "jdk.VirtualThreadPinned";

    private final Recording recording = new Recording();
    private final long threadId = Thread.currentThread().getId();

    PinnedEvents() {
        recording.enable(EVENT).withThreshold(Duration.ZERO).withoutStackTrace();
        recording.setToDisk(true);
        recording.start();
    }

    /** Stops recording and returns the benchmark thread's pinned events so far; -1 when they could not be read. */
    long stopAndCount() {
        Path f = null;
        try {
            recording.stop();
            f = Files.createTempFile("zcbench-pinned-", ".jfr");
            recording.dump(f);
            long n = 0;
            for (RecordedEvent e : RecordingFile.readAllEvents(f)) {
                if (e.getEventType().getName().equals(EVENT) && e.getThread() != null
                        && e.getThread().getJavaThreadId() == threadId) {
                    n++;
                }
            }
            return n;
        } catch (IOException | RuntimeException e) {
            System.out.println("[zcbench] JFR " + EVENT + " unreadable: " + e);
            return -1;
        } finally {
            if (f != null) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }
    }

    @Override
    public void close() {
        recording.close();
    }
}
