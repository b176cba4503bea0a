package io.zcbench.benchmarks.run;

import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JMH's console output, passed through, with an eye on how a forked benchmark JVM ended: JMH prints
 * {@code <forked VM failed with exit code N>} and goes on, which alone would make a killed fork vanish.
 */
final class ForkWatch {
    private static final Pattern FAILED = Pattern.compile("<forked VM failed with exit code (\\d+)>");
    private static final Pattern EXCEPTION = Pattern.compile("^([\\w.$]+(?:Exception|Error))(?:: (.*))?$");
    private final PrintStream out;
    private volatile Integer exitCode;
    private volatile boolean inFailure;
    private volatile String failure;

    ForkWatch(PrintStream out) {
        this.out = out;
    }

    OutputFormat format(CommandLineOptions user) {
        VerboseMode mode = user.verbosity().orElse(VerboseMode.NORMAL);
        return OutputFormatFactory.createFormatInstance(new PrintStream(new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            /** In bulk: the runner shares a 2-CPU machine with the fork it watches, so no byte-at-a-time copying. */
            @Override
            public void write(byte[] b, int off, int len) {
                out.write(b, off, len);
                for (int i = off; i < off + len; i++) {
                    scan(b[i]);
                }
            }

            @Override
            public void write(int b) {
                out.write(b);
                scan(b);
            }

            private void scan(int b) {
                if (b == '\n') {
                    Matcher m = FAILED.matcher(line);
                    if (m.find()) {
                        exitCode = Integer.parseInt(m.group(1));
                    }
                    String text = line.toString().trim();
                    if (text.equals("<failure>")) {
                        inFailure = true;
                    } else if (inFailure && failure == null) {
                        Matcher x = EXCEPTION.matcher(text);
                        if (x.matches()) {
                            String type = x.group(1).substring(x.group(1).lastIndexOf('.') + 1);
                            failure = type + (x.group(2) != null ? ": " + x.group(2) : "");
                        }
                    }
                    line.setLength(0);
                } else if (line.length() < 4096) {
                    line.append((char) b);
                }
            }

            @Override
            public void flush() {
                out.flush();
            }
        }, true, StandardCharsets.UTF_8), mode);
    }

    /** The first exception JMH reported from the fork ({@code <failure>}), or null. */
    String failure() {
        return failure;
    }

    /** Why the fork gave no result, in words. */
    String death() {
        if (exitCode == null) {
            return "the benchmark JVM gave no result and recorded no reason (see the console output above)";
        }
        int code = exitCode;
        if (code > 128) {
            int sig = code - 128;
            String name = switch (sig) {
                case 9 -> "SIGKILL: killed, e.g. by the OOM killer or kill -9";
                case 15 -> "SIGTERM: stopped";
                case 6 -> "SIGABRT: the JVM crashed (look for hs_err_pid*.log)";
                case 11 -> "SIGSEGV: the JVM crashed (look for hs_err_pid*.log)";
                case 2 -> "SIGINT: interrupted";
                default -> "signal " + sig;
            };
            return "the benchmark JVM died: exit code " + code + " (" + name + ")";
        }
        return "the benchmark JVM exited with code " + code + " before reporting a result";
    }
}
