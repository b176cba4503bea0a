package io.zcbench.reports.compare;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which host probe may account for a path's change: the memory probes for any path, the disk probe for disk-bound ones. */
class HostProbesTest {
    /** The disk read probe 30% slower in the second run, beyond its noise (as in an A/A pair whose disk changed regime). */
    private static final HostProbes.Probe DISK = new HostProbes.Probe("disk read probe", "us", "lower", 500, 650, 1.3, 1.2,
            1.4, 1e-6, 5, true, true);
    private static final HostProbes.Probe MEMORY = new HostProbes.Probe("memory bandwidth probe", "GB/s", "higher", 12, 12.1,
            1.008, 0.98, 1.04, 0.6, 5, true, false);

    @Test
    void aSlowerDiskAccountsForADiskBoundPathsSlowdownOnly() {
        String why = HostProbes.accounts(0.78, List.of(MEMORY, DISK), true);
        assertTrue(why != null && why.startsWith("possibly the host's: its disk read probe"), why);
        assertNull(HostProbes.accounts(0.78, List.of(MEMORY, DISK), false), "a socket path the page cache feeds: not the disk");
        assertNull(HostProbes.accounts(1.25, List.of(MEMORY, DISK), true), "faster while the disk was slower: the path's own");
        assertNull(HostProbes.accounts(0.5, List.of(MEMORY, DISK), true), "further than the disk moved: the path's own");
    }
}
