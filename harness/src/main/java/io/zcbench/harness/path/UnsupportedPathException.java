package io.zcbench.harness.path;

/**
 * A copy path cannot run here as named (no native library, O_DIRECT refused, destination not
 * supported). It is never replaced by another mechanism: the caller reports it as skipped with
 * this reason. Message form: {@code unsupported: <reason>; <hint>}.
 */
public final class UnsupportedPathException extends RuntimeException {
    public static final int EXIT_CODE = 3;

    private final String pathId;
    private final String reason;
    private final String hint;

    public UnsupportedPathException(String pathId, String reason, String hint) {
        super("unsupported: " + reason + (hint == null || hint.isEmpty() ? "" : "; " + hint));
        this.pathId = pathId;
        this.reason = reason;
        this.hint = hint;
    }

    public String pathId() {
        return pathId;
    }

    public String reason() {
        return reason;
    }

    public String hint() {
        return hint;
    }
}
