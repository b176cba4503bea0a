package io.zcbench.harness.testing;

import io.zcbench.harness.sink.ReceiveMethod;
import io.zcbench.harness.sink.SinkServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** Base for tests that send to a quiet in-process sink (copy drain: it checksums) and keep files in {@link #dir}. */
public abstract class InProcessSink {
    protected static SinkServer sink;

    @TempDir
    protected static Path dir;

    @BeforeAll
    static void startSink() throws IOException {
        sink = SinkServer.start(new InetSocketAddress("127.0.0.1", 0), ReceiveMethod.COPY, null,
                new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterAll
    static void stopSink() throws IOException {
        sink.close();
    }
}
