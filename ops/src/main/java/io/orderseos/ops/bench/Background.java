package io.orderseos.ops.bench;

import java.time.Duration;

/** The threads a measurement runs beside the system it measures: daemons, joined with a bound. */
final class Background {
    private static final Duration JOIN = Duration.ofSeconds(10);

    private Background() {}

    static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Waits up to 10 s for {@code thread}, which has been told to stop, to end. */
    static void join(Thread thread) {
        try {
            thread.join(JOIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
