package io.zcbench.harness.nativeio;

/**
 * libzcbench's natives for the copy ledger's sampling: kernel symbols, the sampling events on a thread, and their drain
 * (zc_ledger.c), registered by {@code JNI_OnLoad}. Calls return {@code >= 0} or {@code -errno} unless they say
 * otherwise; {@link Fds#check} turns a negative result into an {@link java.io.IOException} naming the call and the
 * errno. Call {@link NativeLibrary#require(String)} before touching any method here.
 */
public final class Ledger {
    static {
        // Registers the natives (JNI_OnLoad) the first time any of them is reached. JNI_OnLoad's FindClass initializes
        // this class while NativeLibrary is still initializing, so only touch it.
        NativeLibrary.touch();
    }

    private Ledger() {
    }

    private static native int ledgerLoadSymbols0(String[] copyRoutines, String[] helpers);

    private static native String ledgerSymbolName0(int index);

    private static native long ledgerOpen0(int tid, int groupFd, long periodNs, int tracepointId, int lenOffset, int pages);

    private static native int ledgerEnable0(long handle, boolean on);

    private static native long ledgerDrain0(long handle, long[] out);

    private static native void ledgerClose0(long handle);

    private static native int ledgerOutLength0();

    /**
     * Has libzcbench read the kernel's text symbols from /proc/kallsyms (once per process) and class them: symbols,
     * -EPERM when the addresses read as 0 (kernel.kptr_restrict), or -errno.
     */
    public static int ledgerLoadSymbols(String[] copyRoutines, String[] helpers) {
        return ledgerLoadSymbols0(copyRoutines, helpers);
    }

    /** The name of a symbol a ledger drain reported, or null. */
    public static String ledgerSymbolName(int index) {
        return ledgerSymbolName0(index);
    }

    /** Opens a ledger's sampling events on {@code tid} (0: this thread), in {@code groupFd}'s group or their own; handle or -errno. */
    public static long ledgerOpen(int tid, int groupFd, long periodNs, int tracepointId, int lenOffset, int pages) {
        return ledgerOpen0(tid, groupFd, periodNs, tracepointId, lenOffset, pages);
    }

    /** Switches a ledger with a group of its own; 0 or -errno. */
    public static int ledgerEnable(long handle, boolean on) {
        return ledgerEnable0(handle, on);
    }

    /** Adds the records since the last drain to {@code out} ({@link #ledgerOutLength} longs); records or -errno. */
    public static long ledgerDrain(long handle, long[] out) {
        if (out.length < ledgerOutLength0()) {
            throw new IllegalArgumentException("a ledger drain needs " + ledgerOutLength0() + " longs");
        }
        return ledgerDrain0(handle, out);
    }

    public static int ledgerOutLength() {
        return ledgerOutLength0();
    }

    public static void ledgerClose(long handle) {
        ledgerClose0(handle);
    }
}
