package io.orderseos.ops.replay;

import java.time.Duration;

/**
 * What {@code dlq-replay} does: which letters, whether for real, and how. Checked here, naming the
 * option of a bad value.
 *
 * @param again whether letters of records that were themselves replays are replayed too
 * @param show how many letters to list by their provenance
 * @param limit replay at most this many letters in this run (0: no limit)
 * @param batch letters per transaction at most
 * @param timeout how long a call to the brokers, or reading without progress, may take
 */
record ReplayOptions(
        Selection selection, boolean again, boolean dryRun, int show, long limit, int batch, Duration timeout) {

    ReplayOptions {
        atLeast("--show", show, 0);
        atLeast("--limit", limit, 0);
        atLeast("--batch", batch, 1);
    }

    /** Refuses {@code value} of {@code option} below {@code min}. */
    static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", was '" + value + "'");
        }
    }
}
