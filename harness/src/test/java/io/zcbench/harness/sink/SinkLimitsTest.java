package io.zcbench.harness.sink;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one peer may hold of a sink: no buffer before its greeting, no connection idle past the sink's limit (between
 * transfers or inside one), no more connections than the cap, an accept that fails (out of descriptors) said once a
 * second and backed off; and frames that are not valid are refused, never answered OK.
 */
class SinkLimitsTest {
    static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private static long directBytes() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream().filter(b -> b.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    private static void await(BooleanSupplier done, long millis, String what) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + millis + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static void greet(Socket s) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(SinkProtocol.HELLO);
        out.writeInt(SinkProtocol.VERSION);
        out.write(new byte[SinkProtocol.FRAME - 8]);
        out.flush();
        new DataInputStream(s.getInputStream()).readFully(new byte[SinkProtocol.FRAME]);
    }

    private static PrintStream lines(List<String> into) {
        return new PrintStream(new java.io.OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    into.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** 300 connections that never greet: before the fix each held a 1 MiB direct buffer (the copy drain's). */
    @Test
    void silentConnectionsHoldNoBuffer() throws Exception {
        try (SinkServer sink = SinkServer.start(LOOPBACK, ReceiveMethod.COPY, null, -1, new SinkServer.Limits(Duration.ofSeconds(60), 1000),
                System.err)) {
            long before = directBytes();
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    silent.add(new Socket(sink.address().getAddress(), sink.address().getPort()));
                }
                await(() -> sink.openConnections() == 300, 10_000, "300 connections accepted");
                long grew = directBytes() - before;
                assertTrue(grew < (1 << 20), "300 silent connections took " + grew + " bytes of direct memory");
            } finally {
                for (Socket s : silent) {
                    s.close();
                }
            }
        }
    }

    /** Greeted peers that then send nothing are closed after the idle limit, each said in the log. */
    @Test
    void idleGreetedPeersAreClosedAfterTheIdleLimit() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        try (SinkServer sink = SinkServer.start(LOOPBACK, ReceiveMethod.SPLICE, null, -1, new SinkServer.Limits(Duration.ofSeconds(1), 256),
                lines(log))) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    Socket s = new Socket(sink.address().getAddress(), sink.address().getPort());
                    greet(s);
                    idle.add(s);
                }
                assertEquals(40, sink.openConnections());
                await(() -> sink.openConnections() == 0, 5_000, "idle peers closed");
                for (Socket s : idle) {
                    s.setSoTimeout(2000);
                    assertEquals(-1, s.getInputStream().read(), "the sink closed its end");
                }
                assertEquals(40, log.stream().filter(l -> l.contains("no byte for 1 s while idle between transfers")).count(),
                        String.join("\n", log));
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    /** A peer that announces 1 GiB, sends 10 bytes and stalls is closed after the idle limit, whatever the receive method. */
    @Test
    void aPeerThatStallsInsideATransferIsClosed() throws Exception {
        for (ReceiveMethod d : new ReceiveMethod[] {ReceiveMethod.COPY, ReceiveMethod.SPLICE, ReceiveMethod.TRUNC}) {
            List<String> log = new CopyOnWriteArrayList<>();
            try (SinkServer sink = SinkServer.start(LOOPBACK, d, null, -1, new SinkServer.Limits(Duration.ofSeconds(1), 256),
                    lines(log)); Socket s = new Socket(sink.address().getAddress(), sink.address().getPort())) {
                greet(s);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(SinkProtocol.XFER);
                out.writeInt(0);
                out.writeLong(1L << 30);
                out.write(new byte[SinkProtocol.FRAME - 16]);
                out.write(new byte[10]);
                out.flush();
                await(() -> sink.openConnections() == 0, 5_000, d.id() + ": the stalled peer closed");
                assertTrue(log.stream().anyMatch(l -> l.contains("no byte for 1 s while receiving a transfer of 1073741824 bytes")),
                        d.id() + ": " + String.join("\n", log));
            }
        }
    }

    /** Past the cap, connections are closed at once and said at most once a second, with how many more were refused. */
    @Test
    void connectionsPastTheCapAreRefusedAndSaidOnceASecond() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        try (SinkServer sink = SinkServer.start(LOOPBACK, ReceiveMethod.SPLICE, null, -1, new SinkServer.Limits(Duration.ofSeconds(60), 5),
                lines(log))) {
            List<Socket> all = new ArrayList<>();
            try {
                for (int i = 0; i < 25; i++) {
                    all.add(new Socket(sink.address().getAddress(), sink.address().getPort()));
                }
                await(() -> sink.openConnections() == 5, 5_000, "five held");
                int refused = 0;
                for (Socket s : all.subList(5, 25)) {
                    s.setSoTimeout(3000);
                    refused += s.getInputStream().read() == -1 ? 1 : 0;
                }
                assertEquals(20, refused, "every connection past the cap is closed");
                assertEquals(5, sink.openConnections());
                long said = log.stream().filter(l -> l.contains("refused a connection: 5 are open")).count();
                assertTrue(said >= 1 && said <= 2, "said once a second at most: " + log);
            } finally {
                for (Socket s : all) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aRepeatedLineIsSaidOnceASecondWithItsCount() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        SinkServer.RateLimitedLog l = new SinkServer.RateLimitedLog(lines(log));
        for (int i = 0; i < 1000; i++) {
            l.say("accept failed");
        }
        assertEquals(List.of("accept failed"), log);
        Thread.sleep(1100);
        l.say("accept failed");
        assertEquals("accept failed (999 more times since the last such line)", log.get(1));
    }

    /**
     * A sink process at its descriptor limit (ulimit -n 128) with 250 peers connecting: accept fails, and says so at most
     * once a second (20,465 lines in 15 s before), and serves again once peers leave.
     */
    @Test
    void acceptAtTheDescriptorLimitIsSaidOnceASecond() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = "ulimit -n 128 && exec '" + java + "' --enable-native-access=ALL-UNNAMED -cp '" + System.getProperty("java.class.path")
                + "' " + SinkProcess.MAIN_CLASS + " sink --listen 127.0.0.1:0 --receive splice";
        Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
        List<String> out = new CopyOnWriteArrayList<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        pump.start();
        List<SocketChannel> peers = new ArrayList<>();
        try {
            await(() -> out.stream().anyMatch(l -> l.contains("listening on")), 20_000, "the sink started: " + out);
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(String.join("\n", out));
            assertTrue(m.find(), out.toString());
            int port = Integer.parseInt(m.group(1));
            for (int i = 0; i < 250; i++) {
                SocketChannel c = SocketChannel.open(); // non-blocking: a full backlog must not hold the test
                c.configureBlocking(false);
                c.connect(new InetSocketAddress("127.0.0.1", port));
                peers.add(c);
            }
            Thread.sleep(3000);
            long failed = out.stream().filter(l -> l.contains("accept failed")).count();
            assertTrue(failed >= 1 && failed <= 4, "accept failures said " + failed + " times in 3 s:\n" + String.join("\n", out));
        } finally {
            for (SocketChannel c : peers) {
                c.close();
            }
            p.destroy();
            p.waitFor();
            pump.join(5000);
        }
    }

    /** A header announcing a negative length gets an error status, never OK, and the connection is closed. */
    @Test
    void aNegativeLengthIsRefusedNotAnsweredOk() throws Exception {
        for (long length : new long[] {-1, Long.MIN_VALUE}) {
            List<String> log = new CopyOnWriteArrayList<>();
            try (SinkServer sink = SinkServer.start(LOOPBACK, ReceiveMethod.SPLICE, null, -1, SinkServer.Limits.DEFAULT, lines(log));
                 Socket s = new Socket(sink.address().getAddress(), sink.address().getPort())) {
                s.setSoTimeout(5000);
                greet(s);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(SinkProtocol.XFER);
                out.writeInt(0);
                out.writeLong(length);
                out.write(new byte[SinkProtocol.FRAME - 16]);
                out.flush();
                DataInputStream in = new DataInputStream(s.getInputStream());
                assertEquals(SinkProtocol.REPLY, in.readInt());
                assertEquals(SinkProtocol.STATUS_BAD_FRAME, in.readInt(), "not OK");
                in.readFully(new byte[SinkProtocol.FRAME - 8]);
                assertEquals(-1, in.read(), "closed after the refusal");
                assertEquals(0, sink.transfers());
                assertTrue(log.stream().anyMatch(l -> l.contains("announces " + length + " bytes")), log.toString());
            }
        }
    }

    /** A greeting cut short (10 bytes, then the end of the stream) gets no ACK and a line in the log. */
    @Test
    void aTruncatedGreetingIsRefusedAndSaid() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        try (SinkServer sink = SinkServer.start(LOOPBACK, ReceiveMethod.SPLICE, null, -1, SinkServer.Limits.DEFAULT, lines(log));
             Socket s = new Socket(sink.address().getAddress(), sink.address().getPort())) {
            s.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(SinkProtocol.HELLO);
            out.writeInt(SinkProtocol.VERSION);
            out.writeShort(0);
            out.flush();
            s.shutdownOutput();
            assertEquals(-1, s.getInputStream().read(), "no ACK: closed");
            await(() -> log.stream().anyMatch(l -> l.contains("truncated greeting (10 of 32 bytes")), 5_000, log.toString());
        }
    }
}
