package io.zcbench.harness.path;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.nativeio.NativeLibrary;
import io.zcbench.harness.nativeio.NativeUnavailableException;

import java.io.IOException;
import java.util.Set;

/**
 * What a copy path is and needs, declared up front (fio's engine habit): its stable id, the
 * system calls it makes per chunk, what its native twin does (the same loop in C, one JNI call),
 * whether it needs libzcbench or O_DIRECT, its destinations and its textbook {@link Model}.
 */
public record PathInfo(String id, String mechanism, String twin, boolean needsNative, boolean needsODirect,
                       Set<Destination> destinations, Model model, Factory factory, Framework framework) {

    /** One of zcbench's own paths: its pair under impl=paired is its native twin. */
    public PathInfo(String id, String mechanism, String twin, boolean needsNative, boolean needsODirect,
                    Set<Destination> destinations, Model model, Factory factory) {
        this(id, mechanism, twin, needsNative, needsODirect, destinations, model, factory, null);
    }

    /**
     * A framework path (Netty's): the framework and version it runs, and its baseline, the zcbench path making the same
     * kernel calls without the framework, which it alternates with under impl=paired ("Netty ÷ raw").
     */
    public record Framework(String name, String version, String baseline) {
    }

    /** The id of what this path alternates with under impl=paired: its baseline path, or its native twin. */
    public String pairLabel() {
        return framework == null ? "native twin" : "raw " + framework.baseline();
    }

    /** Opens a path instance for one source and target: checks support, allocates and pre-touches buffers. */
    @FunctionalInterface
    public interface Factory {
        CopyPath open(PathOptions options, Source source, Target target) throws IOException;
    }

    public CopyPath open(PathOptions options, Source source, Target target) throws IOException {
        if (!destinations.contains(target.destination())) {
            throw new UnsupportedPathException(id, id + " cannot write to a " + target.destination().id() + " ("
                    + mechanism + "; it writes to: " + String.join(", ", destinations.stream().map(Destination::id).toList()) + ")",
                    "choose another --to");
        }
        if (needsNative) {
            try {
                NativeLibrary.require(id);
            } catch (NativeUnavailableException e) {
                throw new UnsupportedPathException(id, e.getMessage(),
                        "build on Linux with a C compiler (gcc) so libzcbench is packaged");
            }
        }
        return factory.open(options, source, target);
    }
}
