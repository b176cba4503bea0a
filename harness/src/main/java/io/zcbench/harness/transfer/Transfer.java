package io.zcbench.harness.transfer;

import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.Delivery;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.path.CopyPath;

import java.io.IOException;
import java.util.Map;

/**
 * One operation: one whole file transferred and its delivery confirmed. The timed window covers
 * the header frame, the path's own calls and the destination's confirmation (the sink's reply, or
 * fdatasync and fstat for a file). The counted {@link Window} covers only the path's own calls, so
 * per-operation counters describe the path, not zcbench's protocol.
 */
public final class Transfer {
    private Transfer() {
    }

    /** Bytes the path sent, what the destination confirmed, and nanoseconds in the timed window. */
    public record Outcome(long bytesSent, Delivery delivery, long nanos) {
    }

    /** Readies source and destination for the next transfer (rewind, create the file): not timed. */
    public static void prepare(CopyPath path, Source source, Target target) throws IOException {
        long now = source.channel().size();
        if (now != source.size()) {
            throw new SourceChangedException("the source " + source.path() + " changed size since it was opened ("
                    + source.size() + " -> " + now + " bytes); something else writes to it: give zcbench a file of its own", null);
        }
        source.rewind();
        target.prepare(path.directDestination());
    }

    /** The timed part; call {@link #prepare} first. Throws {@link DataLossException} on a short delivery. */
    public static Outcome execute(CopyPath path, Source source, Target target, Window window) throws IOException {
        long size = source.size();
        long t0 = System.nanoTime();
        target.begin(size);
        long sent;
        // What the path counts about itself, read around counted operations only (it may read /proc).
        Map<Counter, Long> before = window.countsPath() ? path.counts() : null;
        try {
            sent = path.transfer(source, target, window);
        } catch (IOException e) {
            throw sourceChanged(path, source, e);
        } finally {
            if (before != null) {
                path.counts().forEach((c, n) -> window.add(c, n - before.getOrDefault(c, 0L)));
            }
        }
        Delivery delivery = target.finish(sent);
        long nanos = System.nanoTime() - t0;
        if (sent != size) {
            throw new DataLossException(path.info().id() + " sent " + sent + " of " + size + " bytes");
        }
        if (delivery.bytesReceived() != size) {
            throw new DataLossException(path.info().id() + ": the " + target.destination().id() + " received "
                    + delivery.bytesReceived() + " of " + size + " bytes");
        }
        return new Outcome(sent, delivery, nanos);
    }

    /** A failure while sending is the source's fault when the file changed size under the transfer. */
    static IOException sourceChanged(CopyPath path, Source source, IOException e) {
        long now;
        try {
            now = source.channel().size();
        } catch (IOException again) {
            return e;
        }
        if (now == source.size()) {
            return e;
        }
        String verb = now < source.size() ? "shrank" : "grew";
        return new SourceChangedException("the source " + source.path() + " " + verb + " from " + source.size() + " to " + now
                + " bytes during the " + path.info().id() + " transfer: " + path.whenSourceShrinks()
                + " (what failed: " + e.getMessage() + "); the destination is not to blame", e);
    }

    /** prepare + execute, then the destination's checksum (outside the timed window); see {@link #checksumOk}. */
    public static Outcome runVerified(CopyPath path, Source source, Target target, Window window) throws IOException {
        prepare(path, source, target);
        Outcome o = execute(path, source, target, window);
        return new Outcome(o.bytesSent(), target.verify(o.delivery()), o.nanos());
    }

    /** True or false when both checksums are known; {@code null} when the bytes could not be checked. */
    public static Boolean checksumOk(Source source, Delivery delivery) {
        if (delivery.crc32c() == null || source.crc32c() < 0) {
            return null;
        }
        return delivery.crc32c() == source.crc32c();
    }

    public static String hex(long crc) {
        return String.format("0x%08x", crc);
    }
}
