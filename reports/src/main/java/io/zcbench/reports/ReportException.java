package io.zcbench.reports;

/** The report cannot be made from this input; the message is one line naming what is wrong and what to do. */
public final class ReportException extends RuntimeException {
    public static final int EXIT_CODE = 2;

    public ReportException(String message) {
        super(message);
    }
}
