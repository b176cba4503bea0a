package io.zcbench.harness.transfer;

import java.io.IOException;

/** A transfer completed without error but the destination holds fewer (or other) bytes than the source. */
public final class DataLossException extends IOException {
    public DataLossException(String message) {
        super(message);
    }
}
