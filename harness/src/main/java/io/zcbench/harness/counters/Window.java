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

        @Override
        public boolean countsPath() {
            return false;
        }
    };

    /**
     * Whether the operation is a counted one, so what the path counts about itself is read around it ({@link #add}):
     * some paths read /proc for that (io-wq workers), which must never land in a timed operation.
     */
    default boolean countsPath() {
        return true;
    }

    /**
     * {@code inner} inside {@code outer}: outer begins first and ends last, so what outer does to begin and end falls
     * outside inner; what the path counts about itself goes to inner.
     */
    static Window around(Window outer, Window inner) {
        if (outer == NONE) {
            return inner;
        }
        if (inner == NONE) {
            return outer;
        }
        return new Window() {
            @Override
            public void begin() {
                outer.begin();
                inner.begin();
            }

            @Override
            public void end() {
                try {
                    inner.end();
                } finally {
                    outer.end();
                }
            }

            @Override
            public void add(Counter counter, long delta) {
                inner.add(counter, delta);
            }

            @Override
            public boolean countsPath() {
                return inner.countsPath();
            }
        };
    }

    void begin();

    void end();

    /** Adds what the path itself counted during the window (zerocopy completions, io-wq workers' CPU). */
    default void add(Counter counter, long delta) {
    }
}
