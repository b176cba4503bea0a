package io.zcbench.harness.testing;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.FileTarget;
import io.zcbench.harness.endpoint.SocketTarget;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.fixture.FileSystemInfo;
import io.zcbench.harness.fixture.SourceFile;
import io.zcbench.harness.path.CopyPath;
import io.zcbench.harness.path.PathInfo;
import io.zcbench.harness.path.PathOptions;
import io.zcbench.harness.sink.SinkConnection;
import io.zcbench.harness.sink.SinkServer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** A source file, a target and an opened path, closed together. */
public final class Rig implements AutoCloseable {
    public final SourceFile file;
    public final Source source;
    public final Target target;
    public final CopyPath path;

    private Rig(SourceFile file, Source source, Target target, CopyPath path) {
        this.file = file;
        this.source = source;
        this.target = target;
        this.path = path;
    }

    public static Rig open(PathInfo info, Destination dest, Path dir, long size, int chunk, SinkServer sink)
            throws IOException {
        FileSystemInfo fs = FileSystemInfo.of(dir, "--dir");
        SourceFile file = SourceFile.create(fs, size, 42, 0, null, null);
        Source source = null;
        Target target = null;
        try {
            source = Source.open(file.path(), file.crc32c());
            target = dest == Destination.SOCKET
                    ? new SocketTarget(SinkConnection.connect(sink.address(), Duration.ofSeconds(10), null), true)
                    : new FileTarget(fs, FileTarget.Sync.NONE, true);
            CopyPath path = info.open(new PathOptions(chunk, 0), source, target);
            return new Rig(file, source, target, path);
        } catch (IOException | RuntimeException e) {
            if (target != null) {
                target.close();
            }
            if (source != null) {
                source.close();
            }
            file.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try (SourceFile f = file; Source s = source; Target t = target; CopyPath p = path) {
            // closed in reverse order
        }
    }
}
