package io.zcbench.harness.sink;

import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.Pipes;
import io.zcbench.harness.nativeio.Sockets;
import io.zcbench.harness.nativeio.NativeLibrary;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * Receives transfers and confirms them. Binds only the address it is given. One thread per
 * connection, so many sequential and concurrent senders are served, and a sender that dies
 * mid-transfer costs only its own connection. Runs in-process (tests) or as its own process
 * ({@code zcbench sink}), which is the default for measurements so the sender's process holds only
 * the sender.
 */
public final class SinkServer implements AutoCloseable {
    /**
     * What every receive method asks for per call, so that they differ in what they do with the bytes, not in how many
     * they ask for: copy's buffer, splice's pipe, trunc's length, zerocopy-receive's mapping (was 2 MiB; trunc asked
     * for the whole transfer, up to 1 GiB, per call).
     */
    public static final int RECEIVE_CALL = 1 << 20;
    private static final int COPY_BUFFER = RECEIVE_CALL;
    private static final int SPLICE_PIPE = RECEIVE_CALL;
    /** The mapping zerocopy-receive maps the receive queue's pages into, per connection. */
    private static final int ZEROCOPY_MAP = RECEIVE_CALL;
    /** io-uring-recv's provided buffers: this many of RECEIVE_CALL / this bytes. */
    private static final int URING_BUFFERS = 16;
    /** The receiving thread's CPU clock (CLOCK_THREAD_CPUTIME_ID), read around each timed transfer's payload. */
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    /** Whether this process said if io-uring-recv runs with bundles (once, at its first transfer). */
    private static final java.util.concurrent.atomic.AtomicBoolean URING_BUNDLES_SAID = new java.util.concurrent.atomic.AtomicBoolean();
    private static final long GREETING_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final String RECEIVING = "receiving a transfer";

    /**
     * What one peer may hold: a connection with no byte for {@code idle} (between transfers or inside one) is closed, and
     * no more than {@code maxConnections} are open at once (more are refused at accept, said in the log). Nothing is
     * allocated for a connection before its greeting.
     */
    public record Limits(Duration idle, int maxConnections) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(60), 256);

        public Limits {
            if (idle.isNegative() || idle.isZero() || maxConnections < 1) {
                throw new IllegalArgumentException("sink limits must be positive: " + idle + ", " + maxConnections);
            }
        }
    }

    private final ServerSocketChannel server;
    private final InetSocketAddress address;
    private final ReceiveMethod drain;
    private final String congestion;
    private final PrintStream log;
    private final int cpu;
    private final Limits limits;
    private final Thread acceptor;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong transfers = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean closed;

    private SinkServer(ServerSocketChannel server, ReceiveMethod drain, String congestion, int cpu, Limits limits, PrintStream log)
            throws IOException {
        this.server = server;
        this.cpu = cpu;
        this.limits = limits;
        this.address = (InetSocketAddress) server.getLocalAddress();
        this.drain = drain;
        this.congestion = congestion;
        this.log = log;
        this.acceptor = new Thread(this::acceptLoop, "zcbench-sink-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds {@code bind} (port 0: any free port) and starts accepting. {@code congestion} sets
     * TCP_CONGESTION on accepted sockets ({@code null}: the system default).
     */
    public static SinkServer start(InetSocketAddress bind, ReceiveMethod drain, String congestion, PrintStream log) throws IOException {
        return start(bind, drain, congestion, -1, log);
    }

    /** As {@link #start(InetSocketAddress, ReceiveMethod, String, PrintStream)}, with connection threads pinned to {@code cpu} (-1: not pinned). */
    public static SinkServer start(InetSocketAddress bind, ReceiveMethod drain, String congestion, int cpu, PrintStream log)
            throws IOException {
        return start(bind, drain, congestion, cpu, Limits.DEFAULT, log);
    }

    /** As {@link #start(InetSocketAddress, ReceiveMethod, String, int, PrintStream)}, with what one peer may hold. */
    public static SinkServer start(InetSocketAddress bind, ReceiveMethod drain, String congestion, int cpu, Limits limits,
                                   PrintStream log) throws IOException {
        if (cpu >= 0) {
            NativeLibrary.require("pinning the sink to a CPU");
        }
        if (drain.unsupportedReason() != null) {
            throw new UnsupportedReceiveMethodException(drain, drain.unsupportedReason());
        }
        if (drain != ReceiveMethod.COPY) {
            NativeLibrary.require("the " + drain.id() + " receive method (use --receive copy instead)");
        }
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(bind, 64);
            if (drain == ReceiveMethod.ZEROCOPY_RECEIVE) {
                // whole pages per segment, or the kernel has nothing to map: the MSS connections to this sink advertise
                Fds.check(Sockets.setMaxSegment(Fds.fd(ch), ReceiveMethod.ZEROCOPY_MSS), "setsockopt(TCP_MAXSEG)");
            }
        } catch (IOException e) {
            ch.close();
            throw new SinkException("cannot listen on " + HostPort.format(bind) + ": " + e.getMessage());
        }
        SinkServer s = new SinkServer(ch, drain, congestion, cpu, limits, log);
        s.acceptor.start();
        return s;
    }

    public InetSocketAddress address() {
        return address;
    }

    public ReceiveMethod drain() {
        return drain;
    }

    public long transfers() {
        return transfers.get();
    }

    public long bytes() {
        return bytes.get();
    }

    /** Connections currently open. */
    public int openConnections() {
        return open.size();
    }

    /**
     * Accepts until closed. A failing accept (out of descriptors) backs off up to a second and is said at most once a
     * second with how often it failed; a connection past {@link Limits#maxConnections} is closed at once, said likewise.
     */
    private void acceptLoop() {
        RateLimitedLog refusals = new RateLimitedLog(log);
        RateLimitedLog failures = new RateLimitedLog(log);
        long backoffMs = 0;
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
                backoffMs = 0;
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    failures.say("zcbench sink: accept failed: " + e.getMessage() + "; retrying");
                    backoffMs = Math.min(1000, Math.max(10, backoffMs * 2));
                    sleep(backoffMs);
                }
                continue;
            }
            if (open.size() >= limits.maxConnections()) {
                refusals.say("zcbench sink: refused a connection: " + open.size() + " are open, the most this sink holds "
                        + "(--max-connections " + limits.maxConnections() + ")");
                closeQuietly(ch);
                continue;
            }
            open.add(ch);
            Thread t = new Thread(() -> serve(ch), "zcbench-sink-" + connections.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // refused anyway
        }
    }

    /** A line said at most once a second; repeats in between are counted and the count said with the next line. */
    static final class RateLimitedLog {
        private final PrintStream log;
        private long last = Long.MIN_VALUE;
        private int suppressed;

        RateLimitedLog(PrintStream log) {
            this.log = log;
        }

        void say(String line) {
            long now = System.nanoTime();
            if (last != Long.MIN_VALUE && now - last < TimeUnit.SECONDS.toNanos(1)) {
                suppressed++;
                return;
            }
            log.println(line + (suppressed > 0 ? " (" + suppressed + " more times since the last such line)" : ""));
            suppressed = 0;
            last = now;
        }
    }

    private void serve(SocketChannel ch) {
        String peer = "?";
        if (cpu >= 0) {
            int rc = Fds.pinThisThread(cpu);
            if (rc < 0) {
                log.println("zcbench sink: cannot pin to CPU " + cpu + ": " + Fds.errnoText(-rc));
            }
        }
        try (SocketChannel c = ch; Connection conn = new Connection(c)) {
            peer = HostPort.format((InetSocketAddress) c.getRemoteAddress());
            conn.run(peer);
        } catch (IOException e) {
            if (!closed) {
                log.println("zcbench sink: connection from " + peer + " ended: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            // a bug of the sink's own: said, with the connection closed, never a silent end of the thread
            log.println("zcbench sink: connection from " + peer + " ended by an internal error: " + e);
        } finally {
            open.remove(ch);
        }
    }

    /** One connection's state: frames, the drain buffer or pipe. */
    private final class Connection implements AutoCloseable {
        private final SocketChannel ch;
        private final ByteBuffer frame = ByteBuffer.allocateDirect(SinkProtocol.FRAME);
        private ByteBuffer buffer;
        private int pipeRead = -1;
        private int pipeWrite = -1;
        private int devNull = -1;
        private int pipeCapacity;
        private long zerocopy;
        private final long[] zerocopyCounts = new long[2];
        /** Whether the sender asked for every transfer's receiving time (HELLO_TIMED), and where it is written. */
        private boolean timed;
        private final ByteBuffer times = ByteBuffer.allocateDirect(16);
        private long uring;
        private final long[] uringCounts = new long[4];
        private boolean bundlesSaid;
        private ReceiverCounting counting;
        /** The length of the transfer being received, for the log line of a peer that stalled inside it. */
        private long receiving;
        /** The receive low-water mark the peer asked for (bytes), set around each transfer's payload; 0: none. */
        private int mark;

        Connection(SocketChannel ch) throws IOException {
            this.ch = ch;
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (congestion != null) {
                NativeLibrary.require("choosing TCP congestion control on the sink");
                Fds.check(Sockets.setCongestion(Fds.fd(ch), congestion), "setsockopt(TCP_CONGESTION, " + congestion + ")");
            }
        }

        /** The receive method's buffer, pipe or mapping: made only for a peer that greeted as a zcbench sender. */
        private void allocate() throws IOException {
            if (drain == ReceiveMethod.COPY) {
                buffer = ByteBuffer.allocateDirect(COPY_BUFFER);
            } else if (drain == ReceiveMethod.ZEROCOPY_RECEIVE) {
                zerocopy = Fds.check(Sockets.zerocopyRxOpen(Fds.fd(ch), ZEROCOPY_MAP), "mmap of the TCP socket "
                        + "(TCP_ZEROCOPY_RECEIVE)");
            } else if (drain == ReceiveMethod.IO_URING_RECV) {
                // 16 buffers of 64 KiB: a bundle takes at most 1 MiB per completion, what every method asks per call
                uring = Fds.check(Sockets.uringRecvOpen(RECEIVE_CALL / URING_BUFFERS, URING_BUFFERS, new int[1]),
                        "io_uring with a provided-buffer ring (IORING_REGISTER_PBUF_RING)");
            } else if (drain == ReceiveMethod.SPLICE) {
                long fds = Fds.check(Pipes.pipe(), "pipe2");
                pipeRead = (int) (fds >>> 32);
                pipeWrite = (int) fds;
                int size = Pipes.setPipeSize(pipeWrite, SPLICE_PIPE);
                pipeCapacity = size > 0 ? size : Pipes.pipeSize(pipeWrite);
                devNull = (int) Fds.check(Pipes.openDevNull(), "open(/dev/null)");
            }
        }

        void run(String peer) throws IOException {
            boolean greeted;
            try (Watchdog.Guard guard = Watchdog.shared().guard(GREETING_NANOS, this::shutdownQuietly)) {
                guard.arm("waiting for the greeting");
                greeted = readGreeting(guard);
                if (guard.fired() != null && !greeted) {
                    log.println("zcbench sink: rejected " + peer + ": no greeting within "
                            + guard.stallSeconds() + " s");
                    return;
                }
            }
            if (!greeted) {
                return;
            }
            if (frame.getInt(0) != SinkProtocol.HELLO) {
                log.println("zcbench sink: rejected " + peer + ": not a zcbench sender (it sent '"
                        + SinkProtocol.printable(bytesOf(frame), frame.position()) + "')");
                return;
            }
            if (frame.position() < SinkProtocol.FRAME) {
                log.println("zcbench sink: rejected " + peer + ": truncated greeting (" + frame.position() + " of "
                        + SinkProtocol.FRAME + " bytes, then the end of the stream)");
                return;
            }
            int version = frame.getInt(4);
            if (version == SinkProtocol.VERSION) {
                allocate();
            }
            if (version == SinkProtocol.VERSION && (frame.getInt(8) & SinkProtocol.HELLO_COUNTS) != 0) {
                counting = ReceiverCounting.open(); // now, before the first transfer: opening takes a while
            }
            timed = version == SinkProtocol.VERSION && (frame.getInt(8) & SinkProtocol.HELLO_TIMED) != 0;
            int lowWater = version == SinkProtocol.VERSION ? lowWater(frame.getInt(12), peer) : 0;
            frame.clear();
            frame.putInt(SinkProtocol.ACK).putInt(SinkProtocol.VERSION).putInt(drain.wire())
                    .putInt(version == SinkProtocol.VERSION ? SinkProtocol.STATUS_OK : SinkProtocol.STATUS_VERSION_MISMATCH)
                    .putInt((counting != null ? SinkProtocol.HELLO_COUNTS : 0) | (timed ? SinkProtocol.HELLO_TIMED : 0))
                    .putInt(lowWater).putLong(0).clear();
            writeFrame();
            if (version != SinkProtocol.VERSION) {
                log.println("zcbench sink: rejected " + peer + ": it speaks protocol v" + version + ", this sink v"
                        + SinkProtocol.VERSION);
                return;
            }
            try (Watchdog.Guard guard = Watchdog.shared().guard(limits.idle().toNanos(), this::shutdownQuietly)) {
                int fd = NativeLibrary.isAvailable() ? Fds.fd(ch) : -1;
                if (fd >= 0) {
                    guard.watch(() -> Math.max(0, Sockets.tcpBytesReceived(fd)));
                }
                transfers(peer, guard);
            }
        }

        /**
         * The receive low-water mark the sender asked for (SO_RCVLOWAT, bytes; 0: the kernel's default of 1), set on this
         * connection; what is in force, which the ACK carries back (0 when none was asked or setting it failed, said here).
         */
        private int lowWater(int asked, String peer) throws IOException {
            if (asked <= 0) {
                return 0;
            }
            if (drain.lowWaterRefusal() != null) {
                log.println("zcbench sink: " + peer + " asked for a receive low-water mark of " + asked + " B: "
                        + drain.lowWaterRefusal());
                return 0;
            }
            int rc = NativeLibrary.isAvailable() ? Sockets.setReceiveLowWater(Fds.fd(ch), asked) : -1;
            if (rc != 0) {
                log.println("zcbench sink: " + peer + " asked for a receive low-water mark of " + asked + " B: "
                        + (rc < -1 ? Fds.errnoText(-rc) : "libzcbench is not loaded") + "; the kernel's default stays");
                return 0;
            }
            setMark(1); // set per transfer, around its payload only (receive)
            mark = asked;
            return asked;
        }

        private void setMark(int bytes) throws IOException {
            Fds.check(Sockets.setReceiveLowWater(Fds.fd(ch), bytes), "setsockopt(SO_RCVLOWAT, " + bytes + ")");
        }

        /**
         * One transfer's payload. With a low-water mark, the mark is set for all of the payload but its last {@code mark}
         * bytes, which are received without it: TCP wakes a sleeping reader only once the mark's worth of unread bytes is
         * queued (tcp_data_ready), counting none it already took in the same call, so a call waiting for a tail shorter
         * than the mark, or for the next 32-byte header, would never be woken (seen here: 1 in 6 transfers of 16 MiB hung
         * with a mark of 128 KiB kept to the end). That costs two setsockopt calls per transfer, counted with the
         * receiver's calls; a transfer no longer than the mark is received without it.
         */
        private long receive(long length, CRC32C crc, boolean copy) throws IOException {
            if (mark <= 0 || length <= mark) {
                return copy ? drainCopy(length, crc) : drain(length);
            }
            long body = length - mark;
            long got;
            setMark(mark);
            try {
                got = copy ? drainCopy(body, crc) : drain(body);
            } finally {
                setMark(1);
            }
            return got < body ? got : got + (copy ? drainCopy(mark, crc) : drain(mark));
        }

        /** Transfers until the peer closes; a peer that sends nothing for the idle limit is closed, said in the log. */
        private void transfers(String peer, Watchdog.Guard guard) throws IOException {
            while (true) {
                guard.arm("idle between transfers");
                boolean more;
                try {
                    more = readFrame(guard);
                } catch (IOException e) {
                    if (guard.fired() != null) {
                        log.println(stalled(peer, guard));
                        return;
                    }
                    throw e;
                }
                if (!more) {
                    if (guard.fired() != null) {
                        log.println(stalled(peer, guard));
                    }
                    return;
                }
                if (frame.getInt(0) != SinkProtocol.XFER) {
                    log.println("zcbench sink: " + peer + " sent a malformed transfer header; closing");
                    return;
                }
                int flags = frame.getInt(4);
                boolean verify = (flags & SinkProtocol.FLAG_VERIFY) != 0;
                boolean copy = drain == ReceiveMethod.COPY || verify;
                long length = frame.getLong(8);
                if (length < 0) {
                    log.println("zcbench sink: rejected a transfer from " + peer + ": its header announces " + length
                            + " bytes; closing");
                    frame.clear();
                    frame.putInt(SinkProtocol.REPLY).putInt(SinkProtocol.STATUS_BAD_FRAME).putLong(0).putLong(0).putInt(0)
                            .putInt(0).clear();
                    writeFrame();
                    return;
                }
                receiving = length;
                guard.arm(RECEIVING); // a constant: nothing allocated per transfer on the receiving thread
                CRC32C crc = copy && (flags & (SinkProtocol.FLAG_CHECKSUM | SinkProtocol.FLAG_VERIFY)) != 0 ? new CRC32C() : null;
                long got;
                int status = SinkProtocol.STATUS_OK;
                boolean count = (flags & SinkProtocol.FLAG_COUNT) != 0;
                if (count && counting != null) {
                    counting.begin();
                }
                long cpu0 = timed ? THREADS.getCurrentThreadCpuTime() : 0;
                long wall0 = timed ? System.nanoTime() : 0;
                try {
                    got = receive(length, crc, copy);
                } catch (IOException e) {
                    if (guard.fired() != null) {
                        log.println(stalled(peer, guard));
                        return;
                    }
                    log.println("zcbench sink: receiving from " + peer + " failed: " + e.getMessage());
                    throw e;
                }
                long cpuNs = timed ? THREADS.getCurrentThreadCpuTime() - cpu0 : -1;
                long wallNs = timed ? System.nanoTime() - wall0 : -1;
                ReceiverFigures figures = !count ? null : counting == null
                        ? ReceiverFigures.unavailable(drain.id(), 1, got, "the sender did not ask for counts at its greeting")
                        : counting.end(copy ? ReceiveMethod.COPY : drain, got, copy || drain != ReceiveMethod.ZEROCOPY_RECEIVE ? null : zerocopyCounts[0],
                        copy || drain == ReceiveMethod.IO_URING_RECV ? got : drain == ReceiveMethod.ZEROCOPY_RECEIVE
                                ? zerocopyCounts[1] : 0L);
                if (got < length) {
                    log.println(guard.fired() != null ? stalled(peer, guard)
                            : "zcbench sink: " + peer + " went away after " + got + " of " + length + " bytes");
                    return;
                }
                guard.arm("sending the reply");
                transfers.incrementAndGet();
                bytes.addAndGet(got);
                byte[] json = figures == null ? null : figures.toBytes();
                frame.clear();
                frame.putInt(SinkProtocol.REPLY).putInt(status).putLong(got).putLong(crc == null ? 0 : crc.getValue())
                        .putInt((crc == null ? 0 : SinkProtocol.FLAG_CHECKSUM) | (json == null ? 0 : SinkProtocol.REPLY_FIGURES)
                                | (timed ? SinkProtocol.REPLY_TIMED : 0))
                        .putInt(json == null ? 0 : json.length).clear();
                writeFrame();
                if (timed) {
                    times.clear();
                    times.putLong(cpuNs).putLong(wallNs).flip();
                    while (times.hasRemaining()) {
                        ch.write(times);
                    }
                }
                if (json != null) {
                    ByteBuffer b = ByteBuffer.wrap(json);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
            }
        }

        /**
         * Reads the first frame, but stops as soon as its first four bytes show it is not a HELLO
         * (an HTTP client sends fewer than 32 bytes and then waits). False on end of stream.
         */
        private boolean readGreeting(Watchdog.Guard guard) throws IOException {
            frame.clear();
            while (frame.hasRemaining()) {
                int n;
                try {
                    n = ch.read(frame);
                } catch (IOException e) {
                    if (guard.fired() != null) {
                        return false;
                    }
                    throw e;
                }
                if (n < 0) {
                    return frame.position() >= 4;
                }
                guard.tick();
                if (frame.position() >= 4 && frame.getInt(0) != SinkProtocol.HELLO) {
                    return true;
                }
            }
            return true;
        }

        private void shutdownQuietly() {
            try {
                ch.shutdownInput();
            } catch (IOException ignored) {
                // already closed
            }
        }

        private String stalled(String peer, Watchdog.Guard guard) {
            String what = RECEIVING.equals(guard.fired()) ? RECEIVING + " of " + receiving + " bytes" : guard.fired();
            return "zcbench sink: closed " + peer + ": no byte for " + guard.stallSeconds() + " s while " + what
                    + " (the sink's idle limit)";
        }

        /** Reads one frame; false on a clean end of stream before its first byte. */
        private boolean readFrame(Watchdog.Guard guard) throws IOException {
            frame.clear();
            while (frame.hasRemaining()) {
                int n = ch.read(frame);
                guard.tick();
                if (n < 0) {
                    if (frame.position() == 0) {
                        return false;
                    }
                    throw new IOException("truncated frame (" + frame.position() + " bytes)");
                }
            }
            return true;
        }

        private void writeFrame() throws IOException {
            while (frame.hasRemaining()) {
                ch.write(frame);
            }
        }

        private long drainCopy(long length, CRC32C crc) throws IOException {
            if (buffer == null) { // a splice-drain sink reading one transfer to verify it
                buffer = ByteBuffer.allocateDirect(COPY_BUFFER);
            }
            long got = 0;
            while (got < length) {
                buffer.clear();
                if (length - got < buffer.capacity()) {
                    buffer.limit((int) (length - got));
                }
                int n = ch.read(buffer);
                if (n < 0) {
                    break;
                }
                if (crc != null) {
                    crc.update(buffer.flip());
                }
                got += n;
            }
            return got;
        }

        /** This sink's receive method (other than copy) for one transfer. */
        private long drain(long length) throws IOException {
            return switch (drain) {
                case SPLICE -> drainSplice(length);
                case TRUNC -> Fds.check(Sockets.recvTrunc(Fds.fd(ch), length, RECEIVE_CALL), "recv(MSG_TRUNC)");
                case ZEROCOPY_RECEIVE -> Fds.check(Sockets.zerocopyRx(zerocopy, Fds.fd(ch), length, zerocopyCounts),
                        "getsockopt(TCP_ZEROCOPY_RECEIVE)");
                case IO_URING_RECV -> uringRecv(length);
                default -> throw new IllegalStateException("receive method " + drain.id() + " has no receive loop");
            };
        }

        private long uringRecv(long length) throws IOException {
            long got = Fds.check(Sockets.uringRecv(uring, Fds.fd(ch), length, uringCounts), "io_uring multishot recv");
            if (!bundlesSaid && uringCounts[1] > 0) {
                bundlesSaid = true;
                if (URING_BUNDLES_SAID.compareAndSet(false, true)) {
                    log.println("zcbench sink: io-uring-recv: multishot recv into 16 provided buffers of 64 KiB, "
                            + (uringCounts[3] == 1 ? "with bundles (a completion may hold several buffers)"
                            : "without bundles (this kernel refused them, Linux 6.10+: one buffer per completion)"));
                }
            }
            return got;
        }

        private long drainSplice(long length) throws IOException {
            int sock = Fds.fd(ch);
            long got = 0;
            while (got < length) {
                long want = Math.min(pipeCapacity, length - got);
                long n = Fds.check(Pipes.splice(sock, -1, pipeWrite, -1, want, Pipes.SPLICE_F_MOVE),
                        "splice(socket->pipe)");
                if (n == 0) {
                    break;
                }
                got += n;
                while (n > 0) {
                    n -= Fds.check(Pipes.splice(pipeRead, -1, devNull, -1, n, Pipes.SPLICE_F_MOVE),
                            "splice(pipe->/dev/null)");
                }
            }
            return got;
        }

        @Override
        public void close() {
            if (counting != null) {
                counting.close();
            }
            if (zerocopy > 0) {
                Sockets.zerocopyRxClose(zerocopy);
            }
            if (uring > 0) {
                Sockets.uringRecvClose(uring);
            }
            for (int fd : new int[] {pipeRead, pipeWrite, devNull}) {
                if (fd >= 0) {
                    Fds.close(fd);
                }
            }
        }
    }

    private static byte[] bytesOf(ByteBuffer buf) {
        byte[] b = new byte[buf.capacity()];
        buf.duplicate().clear().get(b);
        return b;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        // shutdown (not close) wakes a handler blocked in recv or in a native splice on the socket;
        // the handler then closes its own channel, so no fd is closed under a native call using it.
        for (SocketChannel ch : open) {
            try {
                ch.shutdownInput();
                ch.shutdownOutput();
            } catch (IOException ignored) {
                // the handler already closed it
            }
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
