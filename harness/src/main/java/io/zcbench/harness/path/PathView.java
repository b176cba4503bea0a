package io.zcbench.harness.path;

import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;

import java.io.IOException;
import java.util.Map;

/**
 * A path run another way than its own Java loop — its native twin, or its kernel calls through FFM — which is
 * otherwise the path: its id, fds, buffers, pipe, counts and twin; closing the view closes the path.
 */
abstract class PathView implements CopyPath {
    protected final CopyPath path;

    PathView(CopyPath path) {
        this.path = path;
    }

    @Override
    public PathInfo info() {
        return path.info();
    }

    @Override
    public String whenSourceShrinks() {
        return path.whenSourceShrinks();
    }

    @Override
    public String setupNote() {
        return path.setupNote();
    }

    @Override
    public Map<Counter, Long> counts() {
        return path.counts();
    }

    @Override
    public boolean directDestination() {
        return path.directDestination();
    }

    @Override
    public long transferNative(Source source, Target target) throws IOException {
        return path.transferNative(source, target);
    }

    @Override
    public void close() {
        path.close();
    }
}
