package io.zcbench.harness.testing;

import io.zcbench.harness.sink.SinkProtocol;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A misbehaving peer on loopback: not a sink, a stalled sink, a sink that hangs up mid-transfer. */
public final class FakePeer implements AutoCloseable {
    /** What the peer does with one accepted connection. */
    @FunctionalInterface
    public interface Behaviour {
        void serve(Socket s) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Thread thread;

    private FakePeer(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            try (Socket s = server.accept()) {
                behaviour.serve(s);
            } catch (IOException | InterruptedException ignored) {
                // the test is over
            }
        }, "fake-peer");
        thread.setDaemon(true);
        thread.start();
    }

    public static FakePeer start(Behaviour behaviour) throws IOException {
        return new FakePeer(behaviour);
    }

    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Reads the sender's HELLO and answers with an ACK of the given protocol version. */
    public static void greet(Socket s, int version) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        in.readFully(new byte[SinkProtocol.FRAME]);
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(SinkProtocol.ACK);
        out.writeInt(version);
        out.writeInt(0);
        out.writeInt(version == SinkProtocol.VERSION ? SinkProtocol.STATUS_OK : SinkProtocol.STATUS_VERSION_MISMATCH);
        out.write(new byte[SinkProtocol.FRAME - 16]);
        out.flush();
    }

    /** Behaviour: answer anything with an HTTP error, like a web server on the port. */
    public static Behaviour http() {
        return s -> {
            s.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            Thread.sleep(200);
        };
    }

    /** Behaviour: accept and say nothing, ever. */
    public static Behaviour silent() {
        return s -> Thread.sleep(60_000);
    }

    /** Behaviour: greet, then stop reading, so the sender's socket buffer fills. */
    public static Behaviour stalled() {
        return s -> {
            greet(s, SinkProtocol.VERSION);
            Thread.sleep(60_000);
        };
    }

    /** Behaviour: greet, read the header and {@code bytes} of payload, then hang up with a reset. */
    public static Behaviour hangUpAfter(int bytes) {
        return s -> {
            greet(s, SinkProtocol.VERSION);
            DataInputStream in = new DataInputStream(s.getInputStream());
            in.readFully(new byte[SinkProtocol.FRAME + bytes]);
            s.setSoLinger(true, 0);
        };
    }

    /** Behaviour: answer the greeting with another protocol version. */
    public static Behaviour version(int v) {
        return s -> {
            greet(s, v);
            Thread.sleep(500);
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
