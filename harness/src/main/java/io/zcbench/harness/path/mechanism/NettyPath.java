package io.zcbench.harness.path.mechanism;

import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.path.CopyPath;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.path.ForeignView;
import io.zcbench.harness.path.Impl;
import io.zcbench.harness.path.PathInfo;
import io.zcbench.harness.path.PathOptions;
import io.zcbench.harness.path.UnsupportedPathException;
import io.zcbench.harness.path.WorkThread;

import java.io.IOException;
import java.util.Map;

/**
 * What the framework paths share: the whole file handed to Netty as one message, written by its event loop (the
 * path's {@link WorkThread}, where counters and the ledger are kept), and the raw baseline, the zcbench path making the
 * same kernel calls without Netty, which impl=paired alternates with it over the same source, socket and options.
 * There is no native twin: the framework is the code under test.
 */
public abstract class NettyPath implements CopyPath {
    /**
     * The Netty version zcbench is built against (the parent pom's netty.version), declared as a constant so the path
     * catalogue names it without loading Netty in every JVM that reads the catalogue; a test holds it to the version
     * Netty reports at run time ({@link NettyChannel#VERSION}), which {@link #setupNote} quotes.
     */
    public static final String NETTY = "4.2.18.Final";

    protected final NettyChannel netty;
    private final PathOptions options;
    private final Source source;
    private final Target target;
    private final IoWorkers workers;
    private CopyPath raw;

    protected NettyPath(NettyChannel netty, PathOptions options, Source source, Target target, boolean ioWorkers) {
        this.netty = netty;
        this.options = options;
        this.source = source;
        this.target = target;
        this.workers = ioWorkers ? new IoWorkers() : null;
    }

    /**
     * The message that carries the whole source through Netty's pipeline, made anew for each operation: Netty's
     * zero-copy message, the file as a {@code DefaultFileRegion}, unless the path sends something else.
     */
    protected Object message(Source source) throws IOException {
        return new NettyChannel.SourceRegion(source.channel(), source.size());
    }

    @Override
    public final long transfer(Source source, Target target) throws IOException {
        return transfer(source, target, Window.NONE);
    }

    /** Netty completes the write's promise only once the whole message is written; the sink then confirms the bytes. */
    @Override
    public final long transfer(Source source, Target target, Window window) throws IOException {
        Object message = message(source);
        try {
            netty.send(message, window, target::stalled);
        } catch (IOException e) {
            throw target.failure(e, 0);
        }
        target.progress(source.size());
        return source.size();
    }

    @Override
    public final long transferNative(Source source, Target target) {
        throw noTwin();
    }

    @Override
    public CopyPath as(Impl impl) {
        if (impl == Impl.JAVA) {
            return this;
        }
        if (impl == Impl.FFM) {
            throw ForeignView.refuse(this);
        }
        close();
        throw noTwin();
    }

    private UnsupportedPathException noTwin() {
        String id = info().id();
        return new UnsupportedPathException(id, id + " has no native twin: it runs Netty's own code; impl=paired alternates "
                + "it with " + info().framework().baseline() + ", the same kernel calls without Netty",
                "run it as java (--impl java); in a benchmark run impl=paired alternates it with its baseline");
    }

    @Override
    public CopyPath partner() throws IOException {
        if (raw == null) {
            raw = CopyPaths.byId(info().framework().baseline()).open(options, source, target);
        }
        return raw;
    }

    @Override
    public WorkThread workThread() {
        return netty;
    }

    /** io_uring's io-wq workers' CPU and switches, for the io_uring transport (Netty's ring may hand them splices). */
    @Override
    public Map<Counter, Long> counts() {
        return workers == null ? Map.of() : workers.counts();
    }

    @Override
    public String setupNote() {
        return "written by " + netty.who() + ", Netty " + NettyChannel.VERSION + ": the counters, CPU split and copy ledger "
                + "are that thread's (the sending thread of these figures)";
    }

    @Override
    public void close() {
        try {
            if (raw != null) {
                raw.close();
            }
        } finally {
            netty.close();
        }
    }
}
