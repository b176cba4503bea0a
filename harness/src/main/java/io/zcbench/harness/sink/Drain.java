package io.zcbench.harness.sink;

import io.zcbench.harness.UsageException;

/** How a sink consumes bytes: {@code recv} into a 1 MiB buffer (can checksum), or {@code splice} to /dev/null. */
public enum Drain {
    COPY("copy", 0),
    SPLICE("splice", 1);

    private final String id;
    private final int wire;

    Drain(String id, int wire) {
        this.id = id;
        this.wire = wire;
    }

    public String id() {
        return id;
    }

    int wire() {
        return wire;
    }

    static Drain fromWire(int value) {
        return value == 1 ? SPLICE : COPY;
    }

    public static Drain parse(String text) {
        for (Drain d : values()) {
            if (d.id.equals(text)) {
                return d;
            }
        }
        throw new UsageException("unknown drain '" + text + "'; choose copy or splice");
    }
}
