package io.orderseos.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies: bad records never get here (they become dead letters),
 * so this is a fault — a broker that stayed away too long, a store that failed, a bug. A fault may
 * be transient, so the thread is replaced, and the task restarts from its last commit (nothing is
 * lost or applied twice under exactly-once). A fault that keeps killing threads is not transient:
 * after {@code maxReplacements} within {@code window} this instance shuts down (exit code 1), so an
 * operator or orchestrator sees it instead of a silent crash loop.
 */
public final class ThreadReplacementPolicy implements StreamsUncaughtExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ThreadReplacementPolicy.class);

    private final int maxReplacements;
    private final long windowMs;
    private final LongSupplier clock;
    private final Deque<Long> replacements = new ArrayDeque<>();

    public ThreadReplacementPolicy(int maxReplacements, Duration window, LongSupplier clock) {
        this.maxReplacements = maxReplacements;
        this.windowMs = window.toMillis();
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        long now = clock.getAsLong();
        while (!replacements.isEmpty() && now - replacements.peekFirst() >= windowMs) {
            replacements.pollFirst();
        }
        if (replacements.size() >= maxReplacements) {
            log.error(
                    "Stream thread died {} times within {} ms; shutting this instance down",
                    replacements.size() + 1,
                    windowMs,
                    exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        log.error(
                "Stream thread died; replacing it ({} of {} within the window)",
                replacements.size(),
                maxReplacements,
                exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
