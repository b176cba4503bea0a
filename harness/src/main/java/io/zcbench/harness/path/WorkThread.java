package io.zcbench.harness.path;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * The thread that makes a path's system calls when it is not the calling thread: a framework's event loop (Netty
 * writes on its own thread, not the caller's). Counters, the CPU split and the copy ledger are opened and switched
 * on this thread, so a path's figures are those of the thread that did its work.
 */
public interface WorkThread {
    /** Who this is, for the results and the report ("Netty's epoll event loop, thread zc-netty-epoll (tid 1234)"). */
    String who();

    /** Its kernel thread id. */
    int tid();

    /** Runs {@code task} on this thread, waits for it and returns its result; its failure is rethrown here. */
    <T> T call(Callable<T> task) throws IOException;
}
