package io.zcbench.harness.counters;

import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.path.PathInfo;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToLongFunction;

/** The system calls {@link ThreadCounters} counts one by one (syscalls:sys_enter_NAME), the rest as "other". */
final class SyscallNames {
    private SyscallNames() {
    }

    /** Syscalls broken out by name: the ones the sink protocol and the JVM make, then every call a path's model names. */
    static final List<String> NAMES = names();

    private static List<String> names() {
        Set<String> n = new LinkedHashSet<>(List.of("read", "write", "pread64", "pwrite64", "readv",
                "writev", "sendfile", "splice", "copy_file_range", "mmap", "munmap", "madvise", "fadvise64", "openat", "close",
                "lseek", "newfstatat", "newfstat", "statx", "ftruncate", "fdatasync", "ioctl", "recvfrom", "sendto", "getsockopt", "poll",
                "ppoll", "epoll_wait", "epoll_pwait", "futex"));
        for (PathInfo p : CopyPaths.all()) {
            p.model().callsByDestination().values().forEach(calls -> calls.stream().sorted().forEach(n::add));
        }
        return List.copyOf(n);
    }

    /** The calls counted by name (labels[i] counted value(i) times) into out, and the rest of total as "other". */
    static void breakdown(long total, List<String> labels, IntToLongFunction value, Map<String, Long> out) {
        long named = 0;
        for (int i = 0; i < labels.size(); i++) {
            long n = value.applyAsLong(i);
            named += n;
            if (n != 0) {
                out.put(labels.get(i), n);
            }
        }
        if (total - named != 0) {
            out.put("other", total - named);
        }
    }
}
