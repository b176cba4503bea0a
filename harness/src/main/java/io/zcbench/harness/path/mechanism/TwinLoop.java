package io.zcbench.harness.path.mechanism;

import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.nativeio.Twins;

import java.io.IOException;

/**
 * A path's loop in C: the twin libzcbench registered under {@code name} (zc_twin_*.c) and its one argument struct,
 * filled by the path once; each run sets the destination and size. Resolved on first use, so a path can be
 * declared where libzcbench is unavailable.
 */
public final class TwinLoop {
    private final String name;
    private int id = -1;
    /** The fields this path's loop reads (zc_twin.h): set them when the path opens. */
    public final Twins.TwinArgs args = new Twins.TwinArgs();

    public TwinLoop(String name) {
        this.name = name;
    }

    /** Runs the whole transfer of {@code size} bytes into {@code target}; a failure names the call and the bytes done. */
    public long run(Target target, long size) throws IOException {
        if (id < 0) {
            id = Twins.twinId(name);
        }
        args.out = target.fd();
        args.size = size;
        try {
            return Twins.twin(id, name, args);
        } catch (Twins.TwinFailure e) {
            throw target.failure(e, e.bytesDone());
        }
    }
}
