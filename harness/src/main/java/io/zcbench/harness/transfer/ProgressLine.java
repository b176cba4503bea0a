package io.zcbench.harness.transfer;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.fixture.Sizes;

import java.io.PrintStream;
import java.util.Locale;

/**
 * While one transfer runs, how far it has got as the kernel sees it: the bytes the destination holds (a file's
 * size; for a socket the bytes the peer acknowledged, TCP_INFO), the rate so far and the time. Read from its own
 * thread twice a second, never from the sending thread, so the transfer does not pay for it. Says nothing for
 * transfers shorter than a second. On a terminal the line is rewritten in place and cleared at the end; otherwise
 * (progress asked for explicitly) one line per second.
 */
final class ProgressLine implements AutoCloseable {
    static final long FIRST_AFTER_NS = 1_000_000_000L;

    private final Thread thread;
    private final PrintStream out;
    private final boolean inPlace;
    private volatile boolean done;
    private volatile boolean printed;

    private ProgressLine(PrintStream out, boolean inPlace, String label, long size, Target target) {
        this.out = out;
        this.inPlace = inPlace;
        long start = System.nanoTime();
        long base = target.destination() == Destination.SOCKET ? target.bytesHeld() : 0;
        thread = new Thread(() -> watch(label, size, target, start, base), "zcbench-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /** A progress line for one transfer, or a no-op when progress is off. */
    static AutoCloseable start(boolean on, PrintStream out, boolean inPlace, String label, long size, Target target) {
        return on ? new ProgressLine(out, inPlace, label, size, target) : () -> { };
    }

    private void watch(String label, long size, Target target, long start, long base) {
        long period = inPlace ? 500_000_000L : 1_000_000_000L;
        long next = start + FIRST_AFTER_NS;
        while (!done) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            next += period;
            long held = target.bytesHeld();
            double seconds = (System.nanoTime() - start) / 1e9;
            String text;
            if (held < 0 || base < 0) {
                text = String.format(Locale.ROOT, "%s: %.0f s (this destination cannot report its bytes)", label, seconds);
            } else {
                long bytes = Math.max(0, Math.min(size, held - base));
                text = String.format(Locale.ROOT, "%s: %s of %s (%.0f%%), %s so far, %.0f s", label,
                        Sizes.format(bytes), Sizes.format(size), 100.0 * bytes / Math.max(1, size), rate(bytes / seconds), seconds);
            }
            synchronized (out) {
                if (!done) {
                    out.print(inPlace ? "\r\033[K" + text : text + System.lineSeparator());
                    out.flush();
                    printed = true;
                }
            }
        }
    }

    /** A rate with the unit that keeps three figures: GB/s, MB/s or kB/s (10^9, 10^6, 10^3 B/s). */
    static String rate(double bytesPerSecond) {
        if (bytesPerSecond >= 1e9) {
            return String.format(Locale.ROOT, "%.2f GB/s", bytesPerSecond / 1e9);
        }
        if (bytesPerSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f kB/s", bytesPerSecond / 1e3);
    }

    @Override
    public void close() {
        synchronized (out) {
            done = true;
            if (printed && inPlace) {
                out.print("\r\033[K");
                out.flush();
            }
        }
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
