package io.zcbench.harness.cli;

import io.zcbench.harness.UsageException;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.NativeLibrary;
import io.zcbench.harness.sink.Congestion;
import io.zcbench.harness.sink.ReceiveMethod;
import io.zcbench.harness.sink.UnsupportedReceiveMethodException;
import io.zcbench.harness.sink.HostPort;
import io.zcbench.harness.sink.SinkProtocol;
import io.zcbench.harness.sink.SinkServer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "sink", mixinStandardHelpOptions = true,
        description = {"Receives transfers from zcbench senders and confirms each one (bytes received, CRC32C with the copy receive method).",
                "Binds only the address given. Runs until interrupted (Ctrl-C)."})
final class SinkCommand implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7077",
            description = "Address to listen on; port 0 picks a free port (default: ${DEFAULT-VALUE}). "
                    + "Only this address is bound: give a non-loopback address to accept senders from other hosts.")
    String listen;

    @Option(names = "--receive", paramLabel = "copy|splice|trunc|zerocopy-receive|io-uring-recv|io-uring-zcrx",
            description = "How to receive: splice to /dev/null (no copy), copy = recv into a 1 MiB buffer (one copy; computes "
                    + "CRC32C when the sender asks), trunc = recv with MSG_TRUNC (the kernel drops the bytes), zerocopy-receive "
                    + "= TCP_ZEROCOPY_RECEIVE (maps whole pages, reads the rest; advertises a 4108-byte MSS), io-uring-recv = one "
                    + "multishot io_uring recv per transfer into 16 provided buffers of 64 KiB (one copy), io-uring-zcrx "
                    + "(needs a NIC queue with header split: unsupported on loopback and veth, exit 3). Any method reads and "
                    + "checksums a transfer the sender flags for verification. Default: splice.")
    String receive = "splice";

    /** The option's name before it was --receive; scripts that pass it keep working (no default of its own to override it). */
    @Option(names = "--drain", hidden = true, paramLabel = "METHOD")
    void drain(String method) {
        receive = method;
    }

    @Option(names = "--cc", paramLabel = "ALGO",
            description = "TCP congestion control for accepted connections (e.g. cubic, bbr). Default: the system's.")
    String congestion;

    @Option(names = "--cpu", paramLabel = "N",
            description = "Pin the sink process (every thread) to CPU N, away from the sender's CPU. Default: not pinned.")
    Integer cpuOption;

    @Option(names = "--all-interfaces", description = "Allow a wildcard --listen address (0.0.0.0, ::, 0): listen on every "
            + "interface of this host. Without it a wildcard is refused, so nothing listens beyond what was named.")
    boolean allInterfaces;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Close a connection that sends no byte for this long, between transfers or inside one (a peer "
                    + "that stalled or went idle); said in the log. Default: ${DEFAULT-VALUE} s.")
    long idleSeconds;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "256",
            description = "Refuse (close at once, said in the log at most once a second) connections beyond N open at once. "
                    + "Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--exit-on-stdin-eof", description = "Exit when standard input closes (used when a sender starts the sink).")
    boolean exitOnStdinEof;

    @Override
    public Integer call() throws IOException, InterruptedException {
        InetSocketAddress bind = HostPort.parse(listen, "--listen");
        if (bind.getAddress() != null && bind.getAddress().isAnyLocalAddress() && !allInterfaces) {
            throw new UsageException("--listen " + listen + " would listen on every interface of this host; "
                    + "name the address senders reach (e.g. 10.0.0.2:7077), or add --all-interfaces to mean it");
        }
        if (cpuOption != null && cpuOption < 0) {
            // (CPUs above the machine's are refused by sched_setaffinity below, with its errno.)
            throw new UsageException("--cpu " + cpuOption + ": CPU numbers start at 0; leave --cpu out to not pin");
        }
        int cpu = cpuOption == null ? -1 : cpuOption;
        if (idleSeconds < 1) {
            throw new UsageException("--idle-timeout " + idleSeconds + ": give a number of seconds of at least 1");
        }
        if (maxConnections < 1) {
            throw new UsageException("--max-connections " + maxConnections + ": give at least 1");
        }
        if (congestion != null) {
            try {
                Congestion.choose(congestion, true);
            } catch (UsageException e) {
                throw new UsageException("--cc " + congestion + ": " + e.getMessage());
            }
            if (congestion.equals("auto") || congestion.equals("system")) {
                congestion = congestion.equals("auto") ? Congestion.choose("auto", true).setting() : null;
            }
        }
        ReceiveMethod d = ReceiveMethod.parse(receive);
        if (d.unsupportedReason() != null) {
            throw new UnsupportedReceiveMethodException(d, d.unsupportedReason());
        }
        if (cpu >= 0) {
            // The whole sink process (JIT, GC, connection threads) on its own CPU, away from the sender.
            NativeLibrary.require("--cpu");
            int rc = Fds.pinAllThreads(cpu);
            if (rc < 0) {
                throw new UsageException("--cpu " + cpu + ": sched_setaffinity failed: "
                        + Fds.errnoText(-rc));
            }
        }
        SinkServer server = SinkServer.start(bind, d, congestion, cpu,
                new SinkServer.Limits(Duration.ofSeconds(idleSeconds), maxConnections), System.err);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException ignored) {
                // exiting anyway
            }
            done.countDown();
        }, "zcbench-sink-shutdown"));
        System.out.println("zcbench sink listening on " + HostPort.format(server.address()) + " (receive " + d.id()
                + ", protocol v" + SinkProtocol.VERSION + (cpu >= 0 ? ", pinned to CPU " + cpu : "") + ")");
        System.out.flush();
        if (exitOnStdinEof) {
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
            server.close();
            return 0;
        }
        done.await();
        return 0;
    }
}
