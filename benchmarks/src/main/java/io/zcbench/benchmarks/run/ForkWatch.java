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
    private static final Pattern ITERATION = Pattern.compile("^(# Warmup Iteration|Iteration)\\s+\\d+:");
    private static final Pattern FORK = Pattern.compile("^# Fork: \\d+ of \\d+");
    private long lineStart;
    // The fork being read (a Runner call with -f N runs N forks back to back), and the sums of those before it.
    private long forkStart = System.nanoTime();
    private long firstIteration = -1;
    private long lastIterationEnd = -1;
    private long warmupEnd = -1;
    private long measuredWall;
    private int measuredIterations;
    private Time done = new Time(0, 0, 0, 0, 0, 0);

    ForkWatch(PrintStream out) {
        this.out = out;
    }

    /**
     * Where forks' wall time went, summed over the forks of one Runner call, read off JMH's own lines as they arrive
     * (JMH prints "# Fork: n of N" as a fork starts, "Iteration n: " when an iteration starts and its score when it ends,
     * its teardown included): before the first iteration (the JVM's start, JMH's and the trial's set-up), the warm-up,
     * the measured iterations, and after the last (verification, teardown, exit). Seconds; a fork that printed no
     * iteration counts whole as set-up.
     */
    record Time(int forks, double setup, double warmup, double iterations, int measured, double teardown) {
        double total() {
            return setup + warmup + iterations + teardown;
        }

        Time plus(Time o) {
            return new Time(forks + o.forks, setup + o.setup, warmup + o.warmup, iterations + o.iterations,
                    measured + o.measured, teardown + o.teardown);
        }
    }

    /** The forks read so far, the last one ending at {@code ended}. */
    Time time(long ended) {
        return done.plus(segment(ended));
    }

    private Time segment(long ended) {
        if (firstIteration < 0) {
            return new Time(1, (ended - forkStart) / 1e9, 0, 0, 0, 0);
        }
        long measuredStart = warmupEnd < 0 ? firstIteration : warmupEnd;
        return new Time(1, (firstIteration - forkStart) / 1e9, (measuredStart - firstIteration) / 1e9, measuredWall / 1e9,
                measuredIterations, (ended - lastIterationEnd) / 1e9);
    }

    /** At the end of each line of JMH's output: a fork's start, or an iteration's end (and its teardown's). */
    private void iterationLine(String text) {
        if (FORK.matcher(text).find()) {
            if (lastIterationEnd >= 0 || firstIteration >= 0) {
                done = done.plus(segment(lineStart));
                forkStart = lineStart;
            }
            firstIteration = -1;
            lastIterationEnd = -1;
            warmupEnd = -1;
            measuredWall = 0;
            measuredIterations = 0;
            return;
        }
        Matcher m = ITERATION.matcher(text);
        if (!m.find()) {
            return;
        }
        long now = System.nanoTime();
        if (firstIteration < 0) {
            firstIteration = lineStart;
        }
        if (m.group(1).startsWith("#")) {
            warmupEnd = now;
        } else {
            measuredWall += now - lineStart;
            measuredIterations++;
        }
        lastIterationEnd = now;
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
                if (line.length() == 0 && b != '\n') {
                    lineStart = System.nanoTime();
                }
                if (b == '\n') {
                    iterationLine(line.toString());
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
