package io.zcbench.harness.path.mechanism;

import io.zcbench.harness.ProcFiles;
import io.zcbench.harness.counters.Counter;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time and context switches of io_uring's io-wq worker threads ({@code iou-wrk-<tid>}) of this
 * process: work the sending thread hands to them (io_uring runs every IORING_OP_SPLICE there) is not on the
 * sending thread's counters. Read from /proc/self/task/<tid>/schedstat (runtime) and status (switches),
 * cumulative per worker; a worker that exits (after about 5 s idle) takes its time with it, so totals only
 * ever add what each worker still alive ran since it was first seen.
 */
public final class IoWorkers {
    private final Map<String, long[]> last = new HashMap<>();
    private long cpuNs;
    private long switches;

    /** Counts since this reader was made: {@link Counter#WORKER_CPU_NS} and {@link Counter#WORKER_CONTEXT_SWITCHES}. */
    Map<Counter, Long> counts() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String comm = ProcFiles.read(task.resolve("comm"));
                if (comm == null || !comm.startsWith("iou-wrk-")) {
                    continue;
                }
                long[] now = read(task);
                if (now == null) {
                    continue;
                }
                long[] before = last.put(task.getFileName().toString(), now);
                if (before != null) {
                    cpuNs += Math.max(0, now[0] - before[0]);
                    switches += Math.max(0, now[1] - before[1]);
                } else {
                    cpuNs += now[0]; // a worker born since the last read: all it ran is new
                    switches += now[1];
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        Map<Counter, Long> m = new EnumMap<>(Counter.class);
        m.put(Counter.WORKER_CPU_NS, cpuNs);
        m.put(Counter.WORKER_CONTEXT_SWITCHES, switches);
        return m;
    }

    private static long[] read(Path task) {
        String sched = ProcFiles.read(task.resolve("schedstat"));
        String status = ProcFiles.read(task.resolve("status"));
        if (sched == null || status == null) {
            return null;
        }
        try {
            long runtime = Long.parseLong(sched.split(" ")[0]);
            long sw = 0;
            for (String line : status.split("\n")) {
                if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                    sw += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return new long[] {runtime, sw};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
