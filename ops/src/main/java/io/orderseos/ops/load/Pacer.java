package io.orderseos.ops.load;

import java.util.concurrent.TimeUnit;

/**
 * Holds sends to a rate by sleeping until each record is due, measured from the start, so that a
 * slow send is made up for and no error accumulates; it never spins.
 */
final class Pacer {
    /** Shorter sleeps cost more than they pace: records due within a millisecond go at once. */
    private static final long MIN_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final int perSecond;
    private final long startNanos = System.nanoTime();

    /** {@code perSecond} records a second; 0 for no limit. */
    Pacer(int perSecond) {
        this.perSecond = perSecond;
    }

    /** Returns when record number {@code sent} (from 0) is due. */
    void awaitTurn(long sent) throws InterruptedException {
        if (perSecond == 0) {
            return;
        }
        long due = startNanos + (long) (sent * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait >= MIN_SLEEP_NANOS) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
