package io.zcbench.harness.path;

import io.zcbench.harness.UsageException;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.nativeio.KernelCalls;
import io.zcbench.harness.nativeio.NativeLibrary;
import io.zcbench.harness.testing.Rig;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * thread=virtual and impl=ffm refuse, with their reasons, what they do not measure and what this JVM cannot run (the
 * build's tests run on JDK 17; JavaNextIT runs them on JDK 25).
 */
class JavaNextRefusalsTest {
    @TempDir
    Path dir;

    @Test
    void threadKindsParseAndABadOneIsNamed() {
        assertEquals(ThreadKind.VIRTUAL, ThreadKind.parse("virtual"));
        assertEquals(ThreadKind.PLATFORM, ThreadKind.parse("platform"));
        UsageException e = assertThrows(UsageException.class, () -> ThreadKind.parse("green"));
        assertTrue(e.getMessage().contains("'green'") && e.getMessage().contains("platform or virtual"), e.getMessage());
    }

    @Test
    void virtualThreadsAreMeasuredForTheJdksIoAndSpliceAndRefusedForTheRestWithTheReason() {
        for (String id : new String[] {"traditional", "traditional-heap", "mmap-write", "transfer-to", "splice"}) {
            assertNull(ThreadKind.VIRTUAL.refusal(CopyPaths.byId(id)), id);
        }
        String netty = ThreadKind.VIRTUAL.refusal(CopyPaths.byId("netty-epoll-fileregion"));
        assertTrue(netty.contains("event loop"), netty);
        String msgzc = ThreadKind.VIRTUAL.refusal(CopyPaths.byId("msg-zerocopy"));
        assertTrue(msgzc.contains("msg-zerocopy") && msgzc.contains("carrier"), msgzc);
        for (PathInfo p : CopyPaths.all()) {
            assertNull(ThreadKind.PLATFORM.refusal(p), p.id() + " runs on a platform thread");
        }
    }

    @Test
    void onAJdkBefore21VirtualThreadsSayWhy() {
        Assumptions.assumeTrue(Runtime.version().feature() < 21, "this test JVM has virtual threads");
        assertTrue(ThreadKind.virtualUnavailable().contains("JDK 21 or later"), ThreadKind.virtualUnavailable());
        assertEquals(false, ThreadKind.currentIsVirtual());
        UsageException e = assertThrows(UsageException.class, () -> ThreadKind.startVirtual("x", () -> { }));
        assertTrue(e.getMessage().contains("JDK 21"), e.getMessage());
    }

    @Test
    void ffmOnAJdkBefore22SaysWhyAndClosesThePath() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() < 22, "this test JVM has FFM");
        Assumptions.assumeTrue(NativeLibrary.isAvailable(), "libzcbench is not built here");
        assertNotNull(KernelCalls.ffmUnavailable());
        try (Rig rig = Rig.open(SplicePath.INFO, Destination.FILE, dir, 64 * 1024, 64 * 1024, null)) {
            UnsupportedPathException e = assertThrows(UnsupportedPathException.class, () -> rig.path.as(Impl.FFM));
            assertTrue(e.getMessage().contains("needs JDK 22 or later") && e.getMessage().contains("--jvm"), e.getMessage());
        }
    }

    @Test
    void ffmIsRefusedForAPathWhoseCallsDoNotGoThroughJni() throws Exception {
        try (Rig rig = Rig.open(TransferToPath.INFO, Destination.FILE, dir, 64 * 1024, 64 * 1024, null)) {
            UnsupportedPathException e = assertThrows(UnsupportedPathException.class, () -> rig.path.as(Impl.FFM));
            assertTrue(e.getMessage().contains("splice, vmsplice and copy-file-range") && e.getMessage().contains("transfer-to"),
                    e.getMessage());
        }
        assertEquals(Impl.FFM, Impl.parse("ffm"));
        UsageException bad = assertThrows(UsageException.class, () -> Impl.parse("panama"));
        assertTrue(bad.getMessage().contains("java, native or ffm"), bad.getMessage());
    }
}
