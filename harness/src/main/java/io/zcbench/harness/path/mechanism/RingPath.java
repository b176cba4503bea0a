package io.zcbench.harness.path.mechanism;

import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.path.CopyPath;

import java.util.Map;

/**
 * An io_uring path that reads into its ring's registered buffers (io-uring-send-zc, io-uring-direct): the ring is the
 * path's resource, and what the ring counts (notifications, io-wq workers) is the path's own count.
 */
public abstract class RingPath implements CopyPath {
    protected final UringTransfer uring;

    protected RingPath(UringTransfer uring) {
        this.uring = uring;
    }

    @Override
    public Map<Counter, Long> counts() {
        return uring.counts();
    }

    @Override
    public void close() {
        uring.close();
    }
}
