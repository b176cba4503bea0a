package io.zcbench.harness.sink;

import io.zcbench.harness.testing.FakePeer;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SinkServerTest {
    static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    /** Sends {@code payload} as one transfer and returns the sink's reply. */
    static SinkConnection.Reply send(SinkConnection c, byte[] payload, boolean checksum) throws IOException {
        c.begin(payload.length, checksum);
        ByteBuffer b = ByteBuffer.wrap(payload);
        while (b.hasRemaining()) {
            c.channel().write(b);
        }
        return c.awaitReply(payload.length);
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static long crc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        return c.getValue();
    }

    @Test
    void copyDrainCountsAndChecksumsEachTransfer() throws IOException {
        try (SinkServer sink = SinkServer.start(ANY_LOOPBACK, ReceiveMethod.COPY, null, System.err);
             SinkConnection c = SinkConnection.connect(sink.address(), Duration.ofSeconds(5), null)) {
            assertEquals(ReceiveMethod.COPY, c.drain());
            for (int n : new int[] {0, 1, 3 << 20}) {
                byte[] p = bytes(n, n);
                SinkConnection.Reply r = send(c, p, true);
                assertEquals(n, r.bytes());
                assertEquals(crc(p), r.crc32c());
            }
            SinkConnection.Reply unchecked = send(c, bytes(1000, 1), false);
            assertNull(unchecked.crc32c(), "no checksum unless asked");
            assertEquals(4, sink.transfers());
        }
    }

    /** Sends {@code payload} as one counted transfer (the receiver's figures come back). */
    static ReceiverFigures sendCounted(SinkConnection c, byte[] payload) throws IOException {
        c.begin(payload.length, SinkProtocol.FLAG_COUNT);
        ByteBuffer b = ByteBuffer.wrap(payload);
        while (b.hasRemaining()) {
            c.channel().write(b);
        }
        SinkConnection.Reply r = c.awaitReply(payload.length);
        assertEquals(payload.length, r.bytes());
        return r.receiver();
    }

    /** The receive calls one counted transfer took (recvfrom for trunc, read for copy's SocketChannel). */
    static long receiveCalls(ReceiverFigures f) {
        return f.counters().syscallsByName().getOrDefault("recvfrom", 0L) + f.counters().syscallsByName().getOrDefault("read", 0L);
    }

    /**
     * Equal footing: every receive method asks for at most 1 MiB per call (trunc asked for the whole transfer), and a
     * receive low-water mark asked in the greeting is set on the sink's socket: the receive calls then return no less.
     */
    @Test
    void receiveCallsAskForOneMiBAndHonourTheLowWaterMark() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.zcbench.harness.nativeio.NativeLibrary.isAvailable(), "needs libzcbench");
        byte[] p = bytes(16 << 20, 7);
        for (ReceiveMethod m : new ReceiveMethod[] {ReceiveMethod.TRUNC, ReceiveMethod.COPY}) {
            try (SinkServer sink = SinkServer.start(ANY_LOOPBACK, m, null, System.err)) {
                try (SinkConnection c = SinkConnection.connect(sink.address(), Duration.ofSeconds(5), null, true)) {
                    assertEquals(0, c.lowWater());
                    ReceiverFigures f = sendCounted(c, p);
                    org.junit.jupiter.api.Assumptions.assumeTrue(f.countersProblem() == null, f.countersProblem());
                    assertTrue(receiveCalls(f) >= 16, m.id() + ": 16 MiB at most 1 MiB per call: " + receiveCalls(f) + " calls");
                }
                int lowWater = 512 << 10;
                try (SinkConnection c = SinkConnection.connect(sink.address(), Duration.ofSeconds(5), null, true, lowWater)) {
                    assertEquals(lowWater, c.lowWater(), "the sink says it set SO_RCVLOWAT");
                    long calls = 0;
                    for (int i = 0; i < 3; i++) {
                        calls += receiveCalls(sendCounted(c, p));
                    }
                    // each call returns at least 512 KiB (the last of a transfer may return less): at most 32 + 1 per transfer
                    assertTrue(calls >= 3 * 16 && calls <= 3 * 33, m.id() + " with SO_RCVLOWAT 512 KiB: " + calls
                            + " calls for 3 x 16 MiB");
                }
            }
        }
    }

    @Test
    void spliceDrainCountsBytesButCannotChecksum() throws IOException {
        try (SinkServer sink = SinkServer.start(ANY_LOOPBACK, ReceiveMethod.SPLICE, null, System.err);
             SinkConnection c = SinkConnection.connect(sink.address(), Duration.ofSeconds(5), null)) {
            assertEquals(ReceiveMethod.SPLICE, c.drain());
            SinkConnection.Reply r = send(c, bytes(5 << 20, 3), true);
            assertEquals(5 << 20, r.bytes());
            assertNull(r.crc32c());
        }
    }

    @Test
    void servesConcurrentSenders() throws Exception {
        try (SinkServer sink = SinkServer.start(ANY_LOOPBACK, ReceiveMethod.COPY, null, System.err)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Long>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    long ok = 0;
                    try (SinkConnection c = SinkConnection.connect(sink.address(), Duration.ofSeconds(5), null)) {
                        for (int i = 0; i < 20; i++) {
                            byte[] p = bytes(100_000 + i, seed * 100 + i);
                            if (send(c, p, true).crc32c() == crc(p)) {
                                ok++;
                            }
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Long> f : done) {
                assertEquals(20, f.get());
            }
            pool.shutdown();
            assertEquals(80, sink.transfers());
        }
    }

    @Test
    void survivesASenderThatDiesMidTransfer() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (SinkServer sink = SinkServer.start(ANY_LOOPBACK, ReceiveMethod.COPY, null, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), sink.address().getPort())) {
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(SinkProtocol.HELLO);
                out.writeInt(SinkProtocol.VERSION);
                out.write(new byte[SinkProtocol.FRAME - 8]);
                out.writeInt(SinkProtocol.XFER);
                out.writeInt(0);
                out.writeLong(1_000_000);
                out.write(new byte[16]);
                out.write(new byte[1000]);
                out.flush();
                s.getInputStream().readNBytes(SinkProtocol.FRAME);
            } // dies after 1000 of 1,000,000 bytes
            try (SinkConnection c = SinkConnection.connect(sink.address(), Duration.ofSeconds(5), null)) {
                byte[] p = bytes(4096, 9);
                assertEquals(crc(p), send(c, p, true).crc32c(), "the next sender is served");
            }
            waitFor(() -> log.toString(StandardCharsets.UTF_8).contains("went away after 1000 of 1000000 bytes"));
        }
    }

    @Test
    void rejectsAPeerThatIsNotASender() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (SinkServer sink = SinkServer.start(ANY_LOOPBACK, ReceiveMethod.COPY, null, new PrintStream(log, true, StandardCharsets.UTF_8));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), sink.address().getPort())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, s.getInputStream().read(), "the sink hangs up");
            waitFor(() -> log.toString(StandardCharsets.UTF_8).contains("not a zcbench sender (it sent 'GET / HTTP/1.1"));
        }
    }

    @Test
    void listensOnlyOnTheAddressGiven() throws IOException {
        try (SinkServer sink = SinkServer.start(ANY_LOOPBACK, ReceiveMethod.COPY, null, System.err)) {
            assertTrue(sink.address().getAddress().isLoopbackAddress(), sink.address().toString());
        }
        SinkException e = assertThrows(SinkException.class,
                () -> SinkServer.start(new InetSocketAddress("198.18.255.254", 0), ReceiveMethod.COPY, null, System.err));
        assertTrue(e.getMessage().startsWith("cannot listen on 198.18.255.254:0"), e.getMessage());
    }

    @Test
    void sinkProcessStartsOnLoopbackAndStopsWithUs() throws IOException {
        try (SinkProcess p = SinkProcess.start(ReceiveMethod.SPLICE, null, Duration.ofSeconds(30), System.err);
             SinkConnection c = SinkConnection.connect(p.address(), Duration.ofSeconds(5), null)) {
            assertTrue(p.address().getAddress().isLoopbackAddress());
            assertTrue(p.pid() != ProcessHandle.current().pid(), "a separate process");
            assertEquals(ReceiveMethod.SPLICE, c.drain());
            assertEquals(1 << 20, send(c, bytes(1 << 20, 4), false).bytes());
            c.close();
            p.close();
            assertTrue(!p.isAlive(), "exits when closed");
        }
    }

    @Test
    void greetingOfAnotherVersionIsRefused() throws IOException {
        // v1: a sink from before the receiver's figures; named, not misread
        try (FakePeer peer = FakePeer.start(FakePeer.version(1))) {
            SinkException e = assertThrows(SinkException.class,
                    () -> SinkConnection.connect(HostPort.parse(peer.address(), "x"), Duration.ofSeconds(5), null));
            assertTrue(e.getMessage().contains("speaks protocol v1, this sender needs v2"), e.getMessage());
        }
    }

    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
