package io.zcbench.harness.path;

import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.Zerocopy;
import io.zcbench.harness.path.mechanism.MappedWindows;
import io.zcbench.harness.path.mechanism.TwinLoop;
import io.zcbench.harness.path.mechanism.Unmapper;

import java.io.IOException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/**
 * {@code SO_ZEROCOPY} + {@code send(MSG_ZEROCOPY)} per chunk from the file's mapped pages: the socket takes
 * page references instead of copying, and the kernel reports on the socket's error queue when it is done
 * with them ({@code SO_EE_ORIGIN_ZEROCOPY}). An operation ends when every completion has arrived. A completion
 * flagged {@code SO_EE_CODE_ZEROCOPY_COPIED} means the kernel copied after all, as it always does on loopback
 * (and for a device without scatter-gather); the share is counted, not assumed.
 */
public final class MsgZerocopyPath implements CopyPath {
    public static final PathInfo INFO = new PathInfo("msg-zerocopy",
            "mmap(file) per GiB, send(sock, mapped, MSG_ZEROCOPY) per chunk, completions read from the error queue",
            "the same sends from its own mmap(2) per GiB, completions reaped the same way, in C", true, false,
            EnumSet.of(Destination.SOCKET),
            Model.builder().cpuCopies("0 if the device can (else a deferred copy: always on loopback)", "n/a (sockets only)")
                    .syscalls("1 send per chunk + error-queue reads", "2 per call").calls("mmap", "sendto", "recvmsg", "poll")
                    .perChunk("sendto")
                    .note("page references go to the socket; the error queue says when they are released and whether "
                            + "the kernel copied after all")
                    .copiesNote("on loopback the kernel copies every zerocopy send when it is delivered (skb_copy_ubufs, "
                            + "the deferred copy), on whichever thread delivers it").build(),
            MsgZerocopyPath::open);

    private final int chunk;
    private final int socket;
    private long sends;
    private final long[] done = new long[2];
    private final TwinLoop twin = new TwinLoop("msg-zerocopy");
    private final MappedWindows.Step step = this::send;
    private final MappedWindows.ReceiveMethod drain = this::awaitCompletions;

    private MsgZerocopyPath(int chunk, int socket) {
        this.chunk = chunk;
        this.socket = socket;
    }

    private static CopyPath open(PathOptions options, Source source, Target target) throws IOException {
        if (Unmapper.unavailableReason() != null) {
            throw new UnsupportedPathException(INFO.id(), Unmapper.unavailableReason(),
                    "run on JDK 22+ (FFM) or a JDK that ships jdk.unsupported");
        }
        int rc = Zerocopy.enableZerocopy(target.fd());
        if (rc < 0) {
            throw new UnsupportedPathException(INFO.id(), "setsockopt(SO_ZEROCOPY) on the socket failed: "
                    + Fds.errnoText(-rc), "MSG_ZEROCOPY needs Linux 4.14+ (TCP) and a TCP socket");
        }
        return new MsgZerocopyPath(options.chunk(), target.fd());
    }

    @Override
    public PathInfo info() {
        return INFO;
    }

    private long send(Target target, long address, long pos, long left) throws IOException {
        long n = Zerocopy.sendZerocopy(socket, address, Math.min(chunk, left), done);
        sends++;
        return n;
    }

    /** Until every send's completion is in: the pages stay referenced until then. */
    private void awaitCompletions(Target target) throws IOException {
        while (done[0] < sends) {
            Zerocopy.reapZerocopy(socket, true, done);
        }
    }

    @Override
    public long transfer(Source source, Target target) throws IOException {
        return MappedWindows.run(source, target, step, drain);
    }

    @Override
    public long transferNative(Source source, Target target) throws IOException {
        twin.args.in = source.fd();
        twin.args.chunk = chunk;
        return twin.run(target, source.size());
    }

    /** Completions and copied completions, Java path and twin together. */
    @Override
    public Map<Counter, Long> counts() {
        Map<Counter, Long> m = new EnumMap<>(Counter.class);
        m.put(Counter.ZEROCOPY_COMPLETIONS, done[0] + twin.args.counts[1]);
        m.put(Counter.ZEROCOPY_COPIED, done[1] + twin.args.counts[2]);
        return m;
    }

    @Override
    public String whenSourceShrinks() {
        return "the mapping's pages past the new end of file are gone, so send() from them fails with EFAULT";
    }

    @Override
    public void close() {
        // every mapping is unmapped at the end of its transfer; SO_ZEROCOPY stays with the socket
    }
}
