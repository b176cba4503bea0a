package io.zcbench.harness.nativeio;

/** Something needs libzcbench and it could not be loaded; the message carries the loader's reason. */
public final class NativeUnavailableException extends RuntimeException {
    public NativeUnavailableException(String message) {
        super(message);
    }
}
