package io.zcbench.harness.path;

import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.nativeio.NativeLibrary;
import io.zcbench.harness.nativeio.NativeUnavailableException;

import java.io.IOException;

/** A path seen through its native twin: {@link #transfer} runs {@link CopyPath#transferNative}. */
final class NativeTwin extends PathView {
    NativeTwin(CopyPath path) {
        super(checked(path));
    }

    private static CopyPath checked(CopyPath path) {
        try {
            NativeLibrary.require("the native twin of " + path.info().id());
        } catch (NativeUnavailableException e) {
            path.close();
            throw new UnsupportedPathException(path.info().id(), e.getMessage(),
                    "build on Linux with a C compiler (gcc) so libzcbench is packaged");
        }
        return path;
    }

    @Override
    public long transfer(Source source, Target target) throws IOException {
        return path.transferNative(source, target);
    }
}
