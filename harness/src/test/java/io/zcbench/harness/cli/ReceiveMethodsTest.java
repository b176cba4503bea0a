package io.zcbench.harness.cli;

import io.zcbench.harness.testing.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receiving end as a dimension: each receive method of the sink delivers every byte intact (verified end to end
 * even where it never sees them) and the sink, counting its own receiving thread, reports what receiving cost it — the
 * copies socket → user exact from the kernel's records: 1 per byte for recv, none for splice and MSG_TRUNC.
 */
class ReceiveMethodsTest {
    @TempDir
    Path dir;

    final ObjectMapper json = new ObjectMapper();

    private JsonNode copy(String drain) throws Exception {
        CliRun r = CliRun.of("copy", "--path", "transfer-to", "--to", "socket", "--size", "16MiB", "--dir", dir.toString(),
                "--receive", drain, "--counters", "--json");
        assertEquals(0, r.exit(), r::toString);
        JsonNode o = json.readTree(r.out().lines().findFirst().orElseThrow());
        assertEquals(16L << 20, o.get("bytesReceived").asLong(), "every byte arrived: " + o);
        assertTrue(o.get("checksumOk").asBoolean(), "and intact, checked end to end: " + o);
        JsonNode rcv = o.get("receiver");
        assertTrue(rcv != null && rcv.get("method").asText().equals(drain), "the receiver's own figures: " + o);
        for (String f : new String[] {"onCpuNsPerKiB", "syscallNsPerKiB", "softirqNsPerKiB", "userNsPerKiB", "syscalls",
            "voluntaryContextSwitches", "readPerByte"}) {
            assertTrue(rcv.has(f), f + " measured: " + rcv);
        }
        assertTrue(rcv.get("onCpuNsPerKiB").asDouble() > 0, rcv.toString());
        return rcv;
    }

    @Test
    void recvCopiesEveryByteOnce() throws Exception {
        JsonNode r = copy("copy");
        assertEquals(1.0, r.get("copiesPerByte").asDouble(), 1e-6, "exact, from skb:skb_copy_datagram_iovec: " + r);
        assertEquals(1.0, r.get("readPerByte").asDouble(), 1e-9);
        assertTrue(r.get("syscallsByName").has("read") || r.get("syscallsByName").has("recvfrom"), r.toString());
    }

    @Test
    void spliceAndTruncCopyNothingToUserSpace() throws Exception {
        JsonNode splice = copy("splice");
        assertEquals(0.0, splice.get("copiesPerByte").asDouble(), 0.0, splice.toString());
        assertTrue(splice.get("syscallsByName").get("splice").asDouble() >= 2, "socket → pipe → /dev/null: " + splice);
        JsonNode trunc = copy("trunc");
        assertEquals(0.0, trunc.get("copiesPerByte").asDouble(), 0.0, trunc.toString());
        assertEquals(0.0, trunc.get("readPerByte").asDouble(), 0.0);
        assertTrue(trunc.get("syscallsByName").get("recvfrom").asDouble() >= 1, "recv(MSG_TRUNC): " + trunc);
        assertFalse(trunc.get("syscallsByName").has("read"), trunc.toString());
    }

    /**
     * io_uring's multishot recv into provided buffers: every byte copied once by the kernel, on the receiving thread
     * (the recv runs as its task work), through io_uring_enter calls, with fewer calls than bytes per 64 KiB buffer when
     * bundles (6.10+) put several buffers in one completion.
     */
    @Test
    void ioUringRecvCopiesEveryByteOnceThroughTheRing() throws Exception {
        JsonNode r = copy("io-uring-recv");
        assertEquals(1.0, r.get("copiesPerByte").asDouble(), 1e-6, "exact, from skb:skb_copy_datagram_iovec: " + r);
        assertEquals(1.0, r.get("readPerByte").asDouble(), 1e-9, r.toString());
        double enters = r.get("syscallsByName").path("other").asDouble() + r.get("syscallsByName").path("io_uring_enter").asDouble();
        assertTrue(enters >= 1, "io_uring_enter calls: " + r);
        assertFalse(r.get("syscallsByName").has("recvfrom") || r.get("syscallsByName").has("read"), "no recv of its own: " + r);
    }

    /** Whatever share the kernel maps here (on loopback from a sendfile sender: none), it is measured, and adds up. */
    @Test
    void zerocopyReceiveMeasuresItsMappedShare() throws Exception {
        JsonNode r = copy("zerocopy-receive");
        double mapped = r.get("mappedShare").asDouble();
        double read = r.get("readPerByte").asDouble();
        assertTrue(mapped >= 0 && mapped <= 1, r.toString());
        assertEquals(1.0, mapped + read, 1e-9, "every byte either mapped or read: " + r);
        assertEquals(read, r.get("copiesPerByte").asDouble(), 1e-3, "the kernel copied exactly what was read: " + r);
        assertTrue(r.get("syscallsByName").get("getsockopt").asDouble() >= 1, "TCP_ZEROCOPY_RECEIVE is a getsockopt: " + r);
    }

    @Test
    void ioUringZeroCopyReceiveIsUnsupportedWithItsReasonAndBadMethodsAreOneLine() {
        CliRun zcrx = CliRun.of("copy", "--path", "transfer-to", "--to", "socket", "--size", "1MiB", "--dir", dir.toString(),
                "--drain", "io-uring-zcrx");
        assertEquals(3, zcrx.exit(), zcrx::toString);
        assertTrue(zcrx.err().contains("unsupported: receive method io-uring-zcrx: io_uring zero-copy receive")
                && zcrx.err().contains("header split"), zcrx.err());
        CliRun sink = CliRun.of("sink", "--listen", "127.0.0.1:0", "--receive", "io-uring-zcrx");
        assertEquals(3, sink.exit(), sink::toString);
        CliRun bad = CliRun.of("copy", "--path", "transfer-to", "--to", "socket", "--size", "1MiB", "--dir", dir.toString(),
                "--drain", "mmap");
        assertEquals(2, bad.exit(), bad::toString);
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("unknown receive method 'mmap'; choose copy, splice, trunc, zerocopy-receive, io-uring-recv or io-uring-zcrx"),
                bad.err());
    }
}
