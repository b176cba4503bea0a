package io.zcbench.harness.transfer;

import java.io.IOException;

/** The source file changed size while, or since, a transfer read it: the source is to blame, not the destination. */
public final class SourceChangedException extends IOException {
    public SourceChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}
