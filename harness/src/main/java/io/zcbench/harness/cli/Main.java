package io.zcbench.harness.cli;

import io.zcbench.harness.UsageException;
import io.zcbench.harness.nativeio.NativeUnavailableException;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.path.UnsupportedPathException;
import io.zcbench.harness.sink.UnsupportedReceiveMethodException;
import io.zcbench.harness.transfer.DataLossException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;

/**
 * {@code zcbench} for the harness: one-off copies and the sink server. Errors are one line on
 * stderr and an exit code: 2 bad input, 3 unsupported here, 1 a transfer failed, 70 an internal
 * error (set ZCBENCH_DEBUG=1 for its stack trace).
 */
@Command(name = "zcbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Measures Linux zero-copy I/O paths: file to TCP socket and file to file.",
                "Exit codes: 0 ok, 1 a transfer failed, 2 bad input, 3 a path is unsupported here, 70 internal error."},
        subcommands = {CopyCommand.class, SinkCommand.class, EnvCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_INTERNAL = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return UsageException.EXIT_CODE;
    }

    public static void main(String[] args) {
        int code = execute(args, System.out, System.err);
        System.exit(code);
    }

    /** Runs the CLI with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        // copy's help lists the catalogue's ids (picocli reads ${sys:...} when it renders the help)
        System.setProperty("zcbench.pathIds", String.join(", ", CopyPaths.ids()));
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler((ex, a) -> {
            String name = ex.getCommandLine().getCommandName();
            String prefix = "zcbench".equals(name) ? "zcbench" : "zcbench " + name;
            err.println(prefix + ": " + oneLine(ex.getMessage()) + " (see " + prefix + " --help)");
            return UsageException.EXIT_CODE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> report(ex, err));
        return cl.execute(args);
    }

    /** Maps an exception to one line on stderr and an exit code. */
    static int report(Exception ex, PrintStream err) {
        if (ex instanceof UsageException) {
            err.println("zcbench: " + ex.getMessage());
            return UsageException.EXIT_CODE;
        }
        if (ex instanceof UnsupportedPathException || ex instanceof NativeUnavailableException
                || ex instanceof UnsupportedReceiveMethodException) {
            err.println("zcbench: " + ex.getMessage());
            return UnsupportedPathException.EXIT_CODE;
        }
        if (ex instanceof DataLossException) {
            err.println("zcbench: data loss: " + ex.getMessage());
            return EXIT_FAILED;
        }
        if (ex instanceof IOException) {
            err.println("zcbench: " + oneLine(describe((IOException) ex)));
            return EXIT_FAILED;
        }
        err.println("zcbench: internal error: " + ex + (debug() ? "" : " (set ZCBENCH_DEBUG=1 for the stack trace)"));
        if (debug()) {
            ex.printStackTrace(err);
        }
        return EXIT_INTERNAL;
    }

    /**
     * The JDK's file-system exceptions carry only a path as their message ("/tmp/x"); say what happened
     * to it, and what to do.
     */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + " does not exist (any more: was it deleted while zcbench ran?)"
                    + (n.getReason() != null ? ": " + n.getReason() : "") + "; check --dir";
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile() + "; choose a --dir you may write to";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static boolean debug() {
        return "1".equals(System.getenv("ZCBENCH_DEBUG"));
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ').trim();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"zcbench " + (v == null ? "(development build)" : v)};
        }
    }
}
