package io.zcbench.harness.testing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which strace lines are the JVM's own code-cache commits rather than a path's calls. */
class StraceTest {
    @Test
    void anAnonymousExecutableMappingIsTheJvmsCodeCacheAndAFilesMappingIsNot() {
        // As a CI run saw it in copy-file-range's twin, with and without strace's thread prefix.
        String jvm = "mmap(0x7f38591a7000, 65536, PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0)"
                + " = 0x7f38591a7000";
        assertTrue(Strace.jvmCodeCache(jvm));
        assertTrue(Strace.jvmCodeCache("1234  " + jvm));
        // mmap-write's mapping of the source, and an anonymous data buffer: the path's.
        assertFalse(Strace.jvmCodeCache("mmap(NULL, 1048576, PROT_READ, MAP_SHARED, 40, 0) = 0x7f3858e00000"));
        assertFalse(Strace.jvmCodeCache("mmap(NULL, 1048576, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f38"));
        assertFalse(Strace.jvmCodeCache("mprotect(0x7f38591a7000, 65536, PROT_READ|PROT_EXEC) = 0"));
    }
}
