package io.zcbench.harness.sink;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Bounds every blocking wait on a peer. One daemon thread for the whole process checks armed
 * guards every 50 ms; the guarded thread only bumps a volatile counter as it makes progress (no
 * clock read, no system call, so counters of the sending thread stay clean). A guard that sees no
 * progress for its stall time fires its action, which shuts the socket down and so wakes the
 * blocked call with an error.
 */
public final class Watchdog {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Watchdog SHARED = new Watchdog();

    private final Set<Guard> guards = ConcurrentHashMap.newKeySet();
    private volatile Thread thread;

    private Watchdog() {
    }

    public static Watchdog shared() {
        return SHARED;
    }

    public Guard guard(long stallNanos, Runnable onStall) {
        Guard g = new Guard(stallNanos, onStall);
        guards.add(g);
        startOnce();
        return g;
    }

    private void startOnce() {
        if (thread == null) {
            synchronized (this) {
                if (thread == null) {
                    Thread t = new Thread(this::loop, "zcbench-watchdog");
                    t.setDaemon(true);
                    t.start();
                    thread = t;
                }
            }
        }
    }

    private void loop() {
        while (true) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            for (Guard g : guards) {
                g.check(now);
            }
        }
    }

    /** Watches one thread's blocking calls on one peer. */
    public final class Guard implements AutoCloseable {
        private final long stallNanos;
        private final Runnable onStall;
        private volatile String activity;
        private volatile long progress;
        private volatile String fired;
        /** Progress the watchdog reads itself (bytes a socket received), for waits inside native loops; may be null. */
        private volatile LongSupplier source;
        // Touched only by the watchdog thread.
        private long lastSeen = -1;
        private long lastChange;

        private Guard(long stallNanos, Runnable onStall) {
            this.stallNanos = stallNanos;
            this.onStall = onStall;
        }

        /** Starts watching: {@code what} names the wait in the error ("waiting for the sink's reply"). */
        public void arm(String what) {
            activity = what;
            progress++;
        }

        /**
         * Progress read by the watchdog thread itself at each check (a socket's received bytes): a native loop that
         * cannot tick still shows it is moving, and the owner's counters see no extra call.
         */
        public void watch(LongSupplier progressSource) {
            source = progressSource;
        }

        /** Called by the owner thread only, as bytes move. */
        public void tick() {
            progress++;
        }

        public void disarm() {
            activity = null;
        }

        /** The activity that stalled, or {@code null} if the guard never fired. */
        public String fired() {
            return fired;
        }

        public long stallSeconds() {
            return TimeUnit.NANOSECONDS.toSeconds(stallNanos);
        }

        private void check(long now) {
            String what = activity;
            LongSupplier s = source;
            long p = progress + (s == null ? 0 : s.getAsLong());
            if (what == null || p != lastSeen) {
                lastSeen = p;
                lastChange = now;
                return;
            }
            if (fired == null && now - lastChange > stallNanos) {
                fired = what;
                onStall.run();
            }
        }

        @Override
        public void close() {
            guards.remove(this);
        }
    }
}
