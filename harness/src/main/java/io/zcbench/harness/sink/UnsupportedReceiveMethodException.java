package io.zcbench.harness.sink;

/** A receive method that cannot run here (io_uring zero-copy receive without a suitable NIC queue): exit 3, with the reason. */
public final class UnsupportedReceiveMethodException extends RuntimeException {
    public UnsupportedReceiveMethodException(ReceiveMethod method, String reason) {
        super("unsupported: receive method " + method.id() + ": " + reason);
    }
}
