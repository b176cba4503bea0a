package io.zcbench.harness.counters;

/**
 * A measurement around a path's own calls. Implementations must not allocate or make system calls
 * they do not account for: they run inside the timed operation.
 */
public interface Window {
    Window NONE = new Window() {
        @Override
        public void begin() {
        }

        @Override
        public void end() {
        }
    };

    void begin();

    void end();

    /** Adds what the path itself counted during the window (zerocopy completions, io-wq workers' CPU). */
    default void add(Counter counter, long delta) {
    }
}
