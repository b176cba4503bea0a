package io.zcbench.benchmarks.profile;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.ProfilerException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZcProfilerTest {
    @Test
    void optionsFollowJmhSyntax() throws ProfilerException {
        ZcProfiler plain = new ZcProfiler("");
        assertFalse(plain.config().hardware());
        assertTrue(plain.config().perf());
        assertEquals(ZcProfiler.DEFAULT_OPS, plain.opsPerIteration());
        ZcProfiler hw = new ZcProfiler("hw=true");
        assertTrue(hw.config().hardware(), "-prof zc:hw=true turns hardware counters on");
        ZcProfiler both = new ZcProfiler("rusage=true;ops=5");
        assertFalse(both.config().perf());
        assertEquals(5, both.opsPerIteration());
    }

    @Test
    void badOptionsSayWhatIsAccepted() {
        ProfilerException e = assertThrows(ProfilerException.class, () -> new ZcProfiler("bogus=1"));
        assertTrue(e.getMessage().startsWith("zc profiler: unknown option 'bogus'") && e.getMessage().contains("hw=true|false")
                && e.getMessage().contains("-prof zc:help"), e.getMessage());
        ProfilerException yes = assertThrows(ProfilerException.class, () -> new ZcProfiler("hw=yes"));
        assertTrue(yes.getMessage().contains("hw=yes: use hw=true or hw=false"), yes.getMessage());
        ProfilerException zero = assertThrows(ProfilerException.class, () -> new ZcProfiler("ops=0"));
        assertTrue(zero.getMessage().contains("ops=0: must be at least 1"), zero.getMessage());
    }

    @Test
    void helpIsPrintedFromTheParser() {
        ProfilerException help = assertThrows(ZcProfiler.HelpRequested.class, () -> new ZcProfiler("help"));
        for (String option : new String[] {"hw=true|false", "rusage=true|false", "ops=N", "copies=true|false", "(default 2)"}) {
            assertTrue(help.getMessage().contains(option), help.getMessage());
        }
    }

    @Test
    void theShortNameIsAClassNamedZc() throws Exception {
        Class<?> shortName = Class.forName("zc");
        assertTrue(ZcProfiler.class.isAssignableFrom(shortName), "-prof zc resolves to the zc profiler");
    }
}
