package io.zcbench.harness.path;

import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.nativeio.KernelCalls;

import java.io.IOException;

/**
 * A path seen through FFM downcalls (impl=ffm): its own Java loop, unchanged, with each kernel call made through the
 * Foreign Function &amp; Memory API instead of libzcbench's JNI natives; under pairing it alternates with the same path
 * through JNI (the same instance, pipe and buffers), so FFM ÷ JNI is a ratio of neighbouring operations.
 */
public final class ForeignView extends PathView {
    /** The paths whose kernel calls, made one by one through JNI, FFM can make instead. */
    static final String PATHS = "splice, vmsplice and copy-file-range";

    /** A path whose loop takes the API its kernel calls go through. */
    interface Capable extends CopyPath {
        long transfer(Source source, Target target, KernelCalls calls) throws IOException;
    }

    private final Capable capable;
    private final KernelCalls calls;

    ForeignView(Capable path) {
        super(path);
        String why = KernelCalls.ffmUnavailable();
        if (why != null) {
            path.close();
            throw new UnsupportedPathException(path.info().id(), "impl=ffm: " + why,
                    "start the forks on JDK 22 or later (zcbench run --jvm /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)");
        }
        this.capable = path;
        this.calls = KernelCalls.ffm();
    }

    /** Refuses impl=ffm for a path that is not {@link Capable}, closing it. */
    public static UnsupportedPathException refuse(CopyPath path) {
        path.close();
        return new UnsupportedPathException(path.info().id(), "impl=ffm is built for " + PATHS + ", the paths whose "
                + "kernel calls go one by one through libzcbench's JNI; " + path.info().id() + " is not one of them", null);
    }

    @Override
    public long transfer(Source source, Target target) throws IOException {
        return capable.transfer(source, target, calls);
    }

    /** The same path through JNI. */
    @Override
    public CopyPath partner() {
        return path;
    }
}
