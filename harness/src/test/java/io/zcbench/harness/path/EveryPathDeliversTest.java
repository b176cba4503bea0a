package io.zcbench.harness.path;

import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.FileTarget;
import io.zcbench.harness.testing.InProcessSink;
import io.zcbench.harness.testing.Rig;
import io.zcbench.harness.transfer.Transfer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every path × destination, and its native twin (zcbench's own paths), delivers every byte intact, on the sizes where copy loops go wrong. */
class EveryPathDeliversTest extends InProcessSink {
    static final int CHUNK = 64 * 1024;

    static Stream<Arguments> cases() {
        long[] sizes = {
            0,                      // empty file
            1,                      // one byte
            3L * CHUNK + 4096 + 17, // not a multiple of the chunk
            12_345,                 // not a multiple of 4096
            3L * 1024 * 1024 + 511, // a few MiB, odd tail
        };
        List<Arguments> out = new ArrayList<>();
        for (PathInfo p : CopyPaths.all()) {
            for (Destination d : p.destinations()) {
                for (long s : sizes) {
                    // A framework path has no native twin (NettyPathsTest: refused, and its raw baseline instead).
                    for (Impl impl : p.framework() == null ? new Impl[] {Impl.JAVA, Impl.NATIVE} : new Impl[] {Impl.JAVA}) { // ffm: JavaNextIT, on JDK 22+
                        out.add(Arguments.of(p.id(), d, s, impl));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} ({3}) to {1}, {2} bytes")
    @MethodSource("cases")
    void deliversEveryByteIntact(String id, Destination dest, long size, Impl impl) throws IOException {
        try (Rig rig = Rig.open(CopyPaths.byId(id), dest, dir, size, CHUNK, sink)) {
            CopyPath path = rig.path.as(impl);
            // Twice through the same path instance: buffers, pipes and positions must reset between transfers.
            for (int round = 0; round < 2; round++) {
                Transfer.Outcome out = Transfer.runVerified(path, rig.source, rig.target, Window.NONE);
                assertEquals(size, out.bytesSent(), "bytes sent");
                assertEquals(size, out.delivery().bytesReceived(), "bytes received");
                assertEquals(rig.file.crc32c(), out.delivery().crc32c(), "CRC32C of what arrived");
                assertEquals(Boolean.TRUE, Transfer.checksumOk(rig.source, out.delivery()));
                if (dest == Destination.FILE) {
                    Path written = ((FileTarget) rig.target).file();
                    assertEquals(size, Files.size(written), "destination file size");
                    assertTrue(Files.mismatch(rig.file.path(), written) == -1, "destination content equals the source");
                }
            }
        }
    }
}
