package io.zcbench.harness.sink;

import io.zcbench.harness.UsageException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a sink receives the bytes: the receive method, a measured dimension of its own. {@code copy}: recv into a 1 MiB
 * buffer (one copy, can checksum); {@code splice}: socket → pipe → /dev/null (no copy to user space);
 * {@code trunc}: recv with MSG_TRUNC (the kernel discards the bytes, no copy); {@code zerocopy-receive}:
 * TCP_ZEROCOPY_RECEIVE maps the receive queue's pages, and what it will not map is read (both counted);
 * {@code io-uring-recv}: one multishot IORING_OP_RECV per transfer into provided buffers (one copy);
 * {@code io-uring-zcrx}: io_uring's zero-copy receive into a NIC queue's memory (kernel and NIC permitting).
 */
public enum ReceiveMethod {
    COPY("copy", 0, 1, "recv into a 1 MiB buffer: one copy, socket → user"),
    SPLICE("splice", 1, 0, "splice socket → pipe → /dev/null: no copy to user space"),
    TRUNC("trunc", 2, 0, "recv with MSG_TRUNC: the kernel drops the bytes, no copy"),
    ZEROCOPY_RECEIVE("zerocopy-receive", 3, 0, "TCP_ZEROCOPY_RECEIVE: whole pages of the receive queue mapped, the rest read "
            + "(the model's 0 copies hold only for the mapped share)"),
    IO_URING_RECV("io-uring-recv", 5, 1, "io_uring multishot recv into a ring of provided buffers (bundles where the kernel "
            + "has them): one copy, socket → buffer, in the receiving thread's task work"),
    IO_URING_ZCRX("io-uring-zcrx", 4, 0, "io_uring zero-copy receive (IORING_OP_RECV_ZC) into a NIC queue's memory");

    /** TCP_MAXSEG a zerocopy-receive sink advertises: a 4096-byte payload plus the 12 bytes of the timestamp option, as tcp_mmap does. */
    public static final int ZEROCOPY_MSS = 4096 + 12;

    private final String id;
    private final int wire;
    private final int modelCopies;
    private final String what;

    ReceiveMethod(String id, int wire, int modelCopies, String what) {
        this.id = id;
        this.wire = wire;
        this.modelCopies = modelCopies;
        this.what = what;
    }

    public String id() {
        return id;
    }

    /** CPU copies the textbook gives this receive method per byte received. */
    public int modelCopies() {
        return modelCopies;
    }

    /** The method in a few words, for the report. */
    public String what() {
        return what;
    }

    int wire() {
        return wire;
    }

    static ReceiveMethod fromWire(int value) {
        for (ReceiveMethod d : values()) {
            if (d.wire == value) {
                return d;
            }
        }
        return COPY;
    }

    /**
     * Why this receive method cannot run here, or null. io_uring's zero-copy receive needs a NIC queue with header split
     * and flow steering registered to the ring: loopback and veth have none, and its copy fallback without a device
     * arrives only in Linux 7.1.
     */
    public String unsupportedReason() {
        if (this == IO_URING_ZCRX) {
            return "io_uring zero-copy receive (IORING_OP_RECV_ZC, Linux 6.15+) needs a NIC receive queue with header split "
                    + "and flow steering registered to the ring (ethtool -G DEV tcp-data-split on, an ntuple rule to that "
                    + "queue); zcbench's sinks receive on loopback or a veth here, which have no such queue, and the "
                    + "device-less copy fallback arrives only in Linux 7.1";
        }
        return null;
    }

    public static String choices() {
        String[] ids = Arrays.stream(values()).map(ReceiveMethod::id).toArray(String[]::new);
        return String.join(", ", Arrays.copyOf(ids, ids.length - 1)) + " or " + ids[ids.length - 1];
    }

    public static ReceiveMethod parse(String text) {
        for (ReceiveMethod d : values()) {
            if (d.id.equals(text)) {
                return d;
            }
        }
        throw new UsageException("unknown receive method '" + text + "'; choose " + choices());
    }

    /** Why a receive low-water mark (SO_RCVLOWAT) cannot be set with this method, or null. */
    public String lowWaterRefusal() {
        return this == IO_URING_RECV ? "io-uring-recv arms one multishot receive per transfer, which stops at no byte count, "
                + "so a low-water mark would hold back a transfer's tail; the mark applies to copy, splice, trunc and "
                + "zerocopy-receive" : null;
    }

    /** The ids, comma-separated (JMH's parameter list). */
    public static String ids() {
        return Arrays.stream(values()).map(ReceiveMethod::id).collect(Collectors.joining(","));
    }
}
