package io.zcbench.harness.path;

import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.nativeio.NativeLibrary;
import io.zcbench.harness.nativeio.NativeUnavailableException;

import java.io.IOException;
import java.util.Map;

/** A path seen through its native twin: {@link #transfer} runs {@link CopyPath#transferNative}. */
final class NativeTwin implements CopyPath {
    private final CopyPath path;

    NativeTwin(CopyPath path) {
        try {
            NativeLibrary.require("the native twin of " + path.info().id());
        } catch (NativeUnavailableException e) {
            path.close();
            throw new UnsupportedPathException(path.info().id(), e.getMessage(),
                    "build on Linux with a C compiler (gcc) so libzcbench is packaged");
        }
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
    public long transfer(Source source, Target target) throws IOException {
        return path.transferNative(source, target);
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
