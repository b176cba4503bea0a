package io.zcbench.harness.sink;

/** A receive method that cannot run here (io_uring zero-copy receive without a suitable NIC queue): exit 3, with the reason. */
public final class UnsupportedDrainException extends RuntimeException {
    public UnsupportedDrainException(Drain drain, String reason) {
        super("unsupported: drain " + drain.id() + ": " + reason);
    }
}
