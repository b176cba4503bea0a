package io.zcbench.harness.path.mechanism;

import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.path.UnsupportedPathException;
import io.zcbench.harness.path.WorkThread;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.ZcbenchUring;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.util.Version;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The destination's connected socket handed to Netty: a second descriptor of it wrapped in a Netty socket channel
 * (epoll or io_uring transport) registered on an event loop of one thread of its own, with auto-read off so Netty never
 * reads the sink's replies (zcbench's protocol reads them, on the calling thread, as for every path). During each
 * operation the socket is non-blocking, as every socket Netty makes is; between operations it is blocking again, so
 * the protocol and the raw baseline run as they do for every path. The event loop is the {@link WorkThread}: a
 * window given to {@link #send} begins on it just before the write enters the pipeline and ends on it when Netty
 * reports the write complete.
 */
public final class NettyChannel implements WorkThread, AutoCloseable {
    /** Netty's native transports. */
    public enum Transport {
        EPOLL("epoll"), IO_URING("io_uring");

        private final String id;

        Transport(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** Why Netty cannot run this transport here, or null. */
        public String unavailable() {
            Throwable why = this == EPOLL ? (Epoll.isAvailable() ? null : Epoll.unavailabilityCause())
                    : (IoUring.isAvailable() ? null : IoUring.unavailabilityCause());
            return why == null ? null : String.valueOf(why.getMessage() != null ? why.getMessage() : why);
        }

        IoHandlerFactory handlers() {
            return this == EPOLL ? EpollIoHandler.newFactory() : IoUringIoHandler.newFactory();
        }
    }

    /**
     * What Netty can do on this machine, for env.json: its version, and per transport whether it runs here or why not,
     * and whether its io_uring transport can splice (else it would not send a FileRegion by splice).
     */
    public static ObjectNode facts() {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("version", VERSION);
        for (Transport t : Transport.values()) {
            String why;
            try {
                why = t.unavailable();
            } catch (LinkageError e) {
                why = "Netty's " + t.id() + " classes could not load: " + e;
            }
            n.put(t == Transport.EPOLL ? "epoll" : "ioUring", why == null ? "available" : "unavailable: " + why);
        }
        try {
            n.put("ioUringSplice", IoUring.isAvailable() && IoUring.isSpliceSupported());
        } catch (LinkageError e) {
            n.put("ioUringSplice", false);
        }
        return n;
    }

    /** The Netty version on the class path ("4.2.18.Final"). */
    public static final String VERSION = version();

    private final Transport transport;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Channel channel;
    private final int fd;
    private final int blockingFlags;
    private final int tid;
    private final String threadName;

    private NettyChannel(Transport transport, EventLoopGroup group, Channel channel, int fd, int flags, int tid,
                         String threadName) {
        this.transport = transport;
        this.group = group;
        this.loop = channel.eventLoop();
        this.channel = channel;
        this.fd = fd;
        this.blockingFlags = flags;
        this.tid = tid;
        this.threadName = threadName;
    }

    /** Netty's {@code transport} over the target's socket; UnsupportedPathException where Netty cannot run it here. */
    public static NettyChannel open(String pathId, Transport transport, Target target, ChannelHandler... handlers)
            throws IOException {
        if (transport == Transport.IO_URING) {
            UringTransfer.requireEnabled(pathId); // Netty decides once per JVM; the sysctl may have changed since
        }
        String why = transport.unavailable();
        if (why != null) {
            throw new UnsupportedPathException(pathId, "Netty's " + transport.id() + " transport is unavailable here: " + why,
                    transport == Transport.IO_URING ? "io_uring may be disabled (sysctl kernel.io_uring_disabled) or "
                            + "the kernel too old; the epoll paths still run" : "Netty's epoll needs Linux on x86_64");
        }
        int fd = target.fd();
        int flags = Fds.openFlags(fd);
        if (flags < 0) {
            throw new IOException("fcntl(F_GETFL) of the socket failed: " + Fds.errnoText(-flags));
        }
        int dup = Fds.dup(fd);
        if (dup < 0) {
            throw new IOException("dup of the socket for Netty failed: " + Fds.errnoText(-dup));
        }
        EventLoopGroup group;
        try {
            group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("zc-netty-" + transport.id(), true),
                    transport.handlers());
        } catch (RuntimeException e) {
            Fds.close(dup);
            throw new UnsupportedPathException(pathId, "Netty's " + transport.id() + " event loop could not start: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), "see the reason");
        }
        Channel channel = null;
        try {
            channel = transport == Transport.EPOLL ? new EpollSocketChannel(dup) : ZcbenchUring.wrap(dup);
            channel.config().setAutoRead(false);
            channel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
            channel.pipeline().addLast(handlers);
            ChannelFuture registered = group.next().register(channel).awaitUninterruptibly();
            if (!registered.isSuccess()) {
                throw new IOException("registering the socket with Netty's " + transport.id() + " event loop failed: "
                        + registered.cause(), registered.cause());
            }
            EventLoop loop = channel.eventLoop();
            int tid = await(loop.submit(Fds::gettid));
            String name = await(loop.submit(() -> Thread.currentThread().getName()));
            return new NettyChannel(transport, group, channel, fd, flags, tid, name);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close().awaitUninterruptibly();
            } else {
                Fds.close(dup);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            throw e;
        }
    }

    /**
     * Writes {@code message} through the channel's pipeline and waits until Netty reports it written: {@code window}
     * begins on the event loop just before the write and ends there when the write completes (or fails). When
     * {@code stalled} says the peer stalled (the destination's watchdog fired), the channel is closed, which makes Netty
     * cancel what its ring or loop still waits on (its io_uring transport's SPLICE into a socket that will never drain
     * can otherwise wait forever), and the write fails.
     */
    public void send(Object message, Window window, BooleanSupplier stalled) throws IOException {
        int rc = Fds.setOpenFlags(fd, blockingFlags | Fds.O_NONBLOCK);
        if (rc < 0) {
            throw new IOException("fcntl(F_SETFL, O_NONBLOCK) of the socket failed: " + Fds.errnoText(-rc));
        }
        // One operation at a time; the task, the listener and the semaphore are reused, so the harness allocates
        // nothing per operation (the region and Netty's promise are Netty's own cost)
        this.message = message;
        this.window = window;
        this.failure = null;
        try {
            loop.execute(writeTask);
            try {
                // a wake-up every 200 ms at most to look at the watchdog: one per 64 MiB operation here, on the caller
                while (!written.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                    if (stalled.getAsBoolean()) {
                        channel.close();
                        if (!written.tryAcquire(2, TimeUnit.SECONDS)) {
                            throw new IOException("Netty's write did not end within 2 s of closing its channel");
                        }
                        if (failure == null) {
                            failure = new IOException("the peer stalled; Netty's channel was closed");
                        }
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while Netty's event loop wrote");
            }
            Throwable f = failure;
            if (f instanceof IOException io) {
                throw io;
            }
            if (f instanceof RuntimeException r) {
                throw r;
            }
            if (f != null) {
                throw new IOException("Netty's write failed: " + f, f);
            }
        } finally {
            this.message = null;
            rc = Fds.setOpenFlags(fd, blockingFlags);
            if (rc < 0) {
                throw new IOException("fcntl(F_SETFL) restoring the socket's flags failed: " + Fds.errnoText(-rc));
            }
        }
    }

    private Object message;
    private Window window;
    private Throwable failure;
    private final Semaphore written = new Semaphore(0);
    private final Runnable writeTask = this::write;
    private final ChannelFutureListener onWritten = this::written;

    /** On the event loop: the window opens, the message enters the pipeline. */
    private void write() {
        try {
            window.begin();
        } catch (RuntimeException e) {
            failure = e;
            written.release();
            return;
        }
        channel.writeAndFlush(message).addListener(onWritten);
    }

    /** On the event loop, when Netty completes the write's promise: the window closes, the caller wakes. */
    private void written(ChannelFuture f) {
        try {
            window.end();
            if (!f.isSuccess()) {
                failure = f.cause();
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            written.release();
        }
    }

    /** Netty's own descriptor of the socket (a dup of the target's), which its calls name. */
    public int descriptor() {
        return ((UnixChannel) channel).fd().intValue();
    }

    @Override
    public String who() {
        return "Netty's " + transport.id() + " event loop, thread " + threadName + " (tid " + tid + ")";
    }

    @Override
    public int tid() {
        return tid;
    }

    @Override
    public <T> T call(Callable<T> task) throws IOException {
        return await(loop.submit(task));
    }

    private static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while Netty's event loop worked");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException("Netty's write failed: " + c, c);
        }
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Every Netty module here comes from one BOM; a shaded jar keeps one module's version file, whichever it is. */
    private static String version() {
        Map<String, Version> all = Version.identify();
        Version v = all.getOrDefault("netty-transport", all.isEmpty() ? null : all.values().iterator().next());
        return v == null ? "of unknown version (no META-INF/io.netty.versions.properties)" : v.artifactVersion();
    }

    /**
     * The source file as a {@link DefaultFileRegion} (so both transports take their sendfile or splice route), over the
     * source's own channel: released by Netty after the write, it leaves that channel open, as it is the source's and
     * serves every operation (Netty's own region would close it).
     */
    public static final class SourceRegion extends DefaultFileRegion {
        public SourceRegion(FileChannel file, long size) {
            super(file, 0, size);
        }

        @Override
        protected void deallocate() {
            // the channel is the source's
        }
    }

    /**
     * The source file read chunk by chunk into pooled direct ByteBufs by Netty's {@link ChunkedNioFile} (pread), over
     * the source's own channel, which it leaves open when done.
     */
    public static final class SourceChunks extends ChunkedNioFile {
        public SourceChunks(FileChannel file, long size, int chunk) throws IOException {
            super(file, 0, size, chunk);
        }

        @Override
        public void close() {
            // the channel is the source's
        }
    }
}
