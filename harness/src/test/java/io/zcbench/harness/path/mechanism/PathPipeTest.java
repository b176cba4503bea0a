package io.zcbench.harness.path.mechanism;

import io.zcbench.harness.endpoint.Delivery;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.Pipes;
import io.zcbench.harness.nativeio.Zerocopy;
import io.zcbench.harness.path.PathOptions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathPipeTest {
    /** /dev/null as a file destination. */
    private static Target devNull(int fd) {
        return new Target() {
            @Override
            public Destination destination() {
                return Destination.FILE;
            }

            @Override
            public void prepare(boolean directIo) {
            }

            @Override
            public void begin(long size) {
            }

            @Override
            public WritableByteChannel channel() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int fd() {
                return fd;
            }

            @Override
            public void progress(long bytesSoFar) {
            }

            @Override
            public Delivery finish(long bytesSent) {
                return new Delivery(bytesSent, null, "not checked");
            }

            @Override
            public String describe() {
                return "/dev/null";
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    @Timeout(10)
    void aSpliceThatMovesNothingFailsInsteadOfLoopingForEver() throws IOException {
        try (PathPipe pipe = PathPipe.open("splice", new PathOptions(64 * 1024, 0))) {
            ByteBuffer some = ByteBuffer.allocateDirect(4096);
            long wrote = Fds.check(Zerocopy.vmsplice(pipe.write(), Zerocopy.address(some), 4096), "vmsplice");
            Fds.close(pipe.write()); // no writer left: once drained, splice from the pipe returns 0
            int sink = (int) Fds.check(Pipes.openDevNull(), "open(/dev/null)");
            try {
                IOException e = assertThrows(IOException.class, () -> pipe.drainTo(devNull(sink), wrote + 1000, false));
                assertTrue(e.getMessage().contains("moved no bytes with 1000 of " + (wrote + 1000) + " still to move"),
                        e.getMessage());
            } finally {
                Fds.close(sink);
            }
        }
    }
}
