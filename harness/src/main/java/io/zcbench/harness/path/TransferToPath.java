package io.zcbench.harness.path;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.path.mechanism.TwinLoop;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.EnumSet;

/**
 * {@code FileChannel.transferTo} for the whole remaining file: the JDK calls sendfile(2) to a
 * socket; for file → file, JDK 17 uses sendfile and newer JDKs try copy_file_range first. The
 * syscall counters (and the tests, with strace) record which route ran. The chunk size does not apply.
 */
public final class TransferToPath implements CopyPath {
    public static final PathInfo INFO = new PathInfo("transfer-to",
            "FileChannel.transferTo: sendfile (file→socket), sendfile or copy_file_range (file→file, by JDK)",
            "Java by nature (the JDK picks the route): sendfile(2) in C until the file is sent, to either destination; "
                    + "newer JDKs try copy_file_range first file→file, the twin does not",
            false, false, EnumSet.allOf(Destination.class),
            Model.builder().cpuCopies("1 (0 with SG-DMA)", "1 (in the kernel)").syscalls("1", "2")
                    .callsTo(Destination.SOCKET, "sendfile").callsTo(Destination.FILE, "sendfile", "copy_file_range")
                    .routes("copy_file_range", "sendfile").chunkless().count(0, 0, Model.MAX_RW_COUNT)
                    .note("FileChannel.transferTo: sendfile, or copy_file_range file to file on newer JDKs")
                    .copiesNote("since Linux 6.5 sendfile to a TCP socket hands the socket page references "
                            + "(splice_to_socket, MSG_SPLICE_PAGES), so the sender copies nothing even without SG-DMA; "
                            + "on loopback the receiver copies once").build(),
            (o, s, t) -> new TransferToPath());

    private final TwinLoop twin = new TwinLoop("sendfile");

    @Override
    public PathInfo info() {
        return INFO;
    }

    @Override
    public long transfer(Source source, Target target) throws IOException {
        FileChannel in = source.channel();
        WritableByteChannel out = target.channel();
        long size = source.size();
        long pos = 0;
        int idle = 0;
        try {
            while (pos < size) {
                long n = in.transferTo(pos, size - pos, out);
                if (n > 0) {
                    pos += n;
                    idle = 0;
                    target.progress(pos);
                } else if (++idle % 1000 == 0 && (in.size() < size || target.destination() == Destination.FILE)) {
                    // A blocking destination returns 0 only at the source's end: it shrank. A socket the JDK made
                    // non-blocking (a virtual thread's, JDK 21+) returns 0 whenever its buffer is full, and
                    // transferTo does not park: the loop calls again, as a server's would.
                    throw new IOException("transferTo made no progress at " + pos + " of " + size + " bytes");
                }
            }
        } catch (IOException e) {
            throw target.failure(e, pos);
        }
        return pos;
    }

    @Override
    public long transferNative(Source source, Target target) throws IOException {
        twin.args.in = source.fd();
        return twin.run(target, source.size());
    }

    @Override
    public void close() {
        // nothing held
    }
}
