package io.zcbench.harness;

/**
 * Bad input from the user (a flag, a size, a directory): the message is one line naming what is
 * wrong and what to do. The CLI prints it without a stack trace and exits with {@link #EXIT_CODE}.
 */
public class UsageException extends RuntimeException {
    public static final int EXIT_CODE = 2;

    public UsageException(String message) {
        super(message);
    }
}
