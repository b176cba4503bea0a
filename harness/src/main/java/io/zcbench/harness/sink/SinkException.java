package io.zcbench.harness.sink;

import java.io.IOException;

/** A sink could not be reached, is not a zcbench sink, stalled, or broke off a transfer. */
public final class SinkException extends IOException {
    public SinkException(String message) {
        super(message);
    }

    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
