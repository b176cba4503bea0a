package io.zcbench.harness.sink;

import io.zcbench.harness.counters.CopyLedger;
import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.ThreadCounters;

/**
 * A sink's receiving thread counting itself, for the transfers the sender asks it to count: the same per-thread counters
 * as the sender's (system calls by name, switches, on-CPU time and its split) and the exact bytes it copied socket →
 * user. Opened when the sender's greeting asks for it, so opening (tracepoints, a ring) never delays a transfer, and
 * closed with the connection: a sink serves many forks, and every fork's connection thread would otherwise keep its
 * perf descriptors.
 */
final class ReceiverCounting implements AutoCloseable {
    private final ThreadCounters counters;
    private final String countersProblem;
    private final CopyLedger ledger;
    private final String ledgerProblem;

    private ReceiverCounting(ThreadCounters counters, String countersProblem, CopyLedger ledger, String ledgerProblem) {
        this.counters = counters;
        this.countersProblem = countersProblem;
        this.ledger = ledger;
        this.ledgerProblem = ledgerProblem;
    }

    /** Opens what can be opened on the calling thread; what cannot is kept with its reason. */
    static ReceiverCounting open() {
        ThreadCounters c = null;
        String cp = null;
        try {
            c = ThreadCounters.open(CounterConfig.DEFAULT);
        } catch (RuntimeException e) {
            cp = "the sink could not count its receiving thread: " + e.getMessage();
        }
        CopyLedger l = null;
        String lp = null;
        try {
            l = CopyLedger.receivedBytesOfThisThread();
        } catch (RuntimeException | LinkageError e) {
            lp = "the sink could not count the bytes it copied: " + e.getMessage();
        }
        return new ReceiverCounting(c, cp, l, lp);
    }

    boolean counts() {
        return counters != null;
    }

    void begin() {
        if (ledger != null) {
            ledger.reset();
            ledger.enable(true);
        }
        if (counters != null) {
            counters.reset();
            counters.begin();
        }
    }

    /** Ends the window around one transfer of {@code bytes}: the figures (mapped and read bytes for zerocopy-receive). */
    ReceiverFigures end(ReceiveMethod drain, long bytes, Long mapped, Long read) {
        if (counters != null) {
            counters.end();
        }
        Long copied = null;
        String copiedProblem = ledgerProblem;
        if (ledger != null) {
            ledger.enable(false);
            ledger.drain();
            CopyLedger.Totals t = ledger.totals();
            copiedProblem = t.receivedProblem();
            if (copiedProblem == null) {
                copied = t.receivedBytes();
            }
        }
        if (counters == null) {
            ReceiverFigures f = ReceiverFigures.unavailable(drain.id(), 1, bytes, countersProblem);
            return new ReceiverFigures(f.drain(), 1, bytes, f.counters(), copied, copiedProblem, mapped, read);
        }
        return new ReceiverFigures(drain.id(), 1, bytes, counters.totals(), copied, copiedProblem, mapped, read);
    }

    @Override
    public void close() {
        if (counters != null) {
            counters.close();
        }
        if (ledger != null) {
            ledger.close();
        }
    }
}
