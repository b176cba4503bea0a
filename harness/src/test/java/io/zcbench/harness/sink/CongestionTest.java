package io.zcbench.harness.sink;

import io.zcbench.harness.UsageException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The congestion control a transfer uses is chosen from what the kernel allows, and always says why. */
class CongestionTest {
    @Test
    void autoToALocalSinkNeverPacesWhereTheKernelOffersAnAlternative() {
        Congestion c = Congestion.choose("auto", true);
        assertFalse(c.why().isBlank());
        boolean alternative = Congestion.available().contains("cubic") || Congestion.available().contains("reno");
        if (alternative) {
            assertFalse(c.pacing(), c.toString());
            assertTrue(c.setting() != null, "set per socket: " + c);
            if (!Congestion.allowed().contains("cubic") && !Congestion.netAdmin()) {
                assertEquals("reno", c.setting(), "cubic needs CAP_NET_ADMIN here; reno is allowed");
            }
        }
        if (Congestion.systemDefault().startsWith("bbr")) {
            assertTrue(c.why().contains("paces inside TCP"), c.why());
        }
    }

    @Test
    void autoToARemoteSinkAndSystemKeepTheSystemDefaultAndNameIt() {
        Congestion remote = Congestion.choose("auto", false);
        assertNull(remote.setting());
        assertTrue(remote.inForce().endsWith("(system default)"), remote.inForce());
        Congestion sys = Congestion.choose("system", true);
        assertNull(sys.setting());
        assertTrue(sys.why().startsWith("cc=system"), sys.why());
        assertEquals(Congestion.systemDefault() + " (system default)", sys.inForce());
    }

    @Test
    void aNamedAlgorithmIsCheckedAgainstWhatTheKernelHasAndAllows() {
        assertThrows(UsageException.class, () -> Congestion.choose("no such", true));
        UsageException e = assertThrows(UsageException.class, () -> Congestion.choose("vegas9", true));
        assertTrue(e.getMessage().contains("is not loaded") && e.getMessage().contains("modprobe tcp_vegas9"), e.getMessage());
        Congestion reno = Congestion.choose("reno", true);
        assertEquals("reno", reno.setting());
    }
}
