package io.orderseos.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reorder buffer's meters for one Kafka Streams instance, every task's together: events held
 * now ({@value #HELD}, {@code orders_reorder_held}), released (applied or decided once their
 * previous step arrived, {@code orders_reorder_released_total}) and expired (rejected after waiting
 * the window, {@code orders_reorder_expired_total}). A task adds what its store holds when it starts
 * and takes it back when it closes, so the gauge follows the tasks as they move. Handed to the order
 * stage through the configuration map under {@link #CONFIG}.
 */
public final class ReorderCounts {
    /** The configuration key the instance is passed under; not a setting a user writes. */
    public static final String CONFIG = "orders.internal.reorder.counts";

    public static final String HELD = "orders.reorder.held";
    public static final String RELEASED = "orders.reorder.released";
    public static final String EXPIRED = "orders.reorder.expired";

    private final AtomicLong held = new AtomicLong();
    private final Counter released;
    private final Counter expired;

    public ReorderCounts(MeterRegistry registry) {
        Gauge.builder(HELD, held, AtomicLong::get)
                .description("Events held in the reorder buffer now, waiting for their previous step.")
                .register(registry);
        released = Counter.builder(RELEASED)
                .description("Held events decided once their previous step arrived.")
                .register(registry);
        expired = Counter.builder(EXPIRED)
                .description("Held events rejected as ILLEGAL_TRANSITION after waiting the reorder window.")
                .register(registry);
    }

    /** Meters of their own, exported nowhere: for a test driver, or a stage wired up without the app. */
    public ReorderCounts() {
        this(new SimpleMeterRegistry());
    }

    void held(long change) {
        held.addAndGet(change);
    }

    void released() {
        released.increment();
    }

    void expired(int count) {
        expired.increment(count);
    }

    public long held() {
        return held.get();
    }

    public long releasedCount() {
        return (long) released.count();
    }

    public long expiredCount() {
        return (long) expired.count();
    }

    /** The instance in {@code configs}, or a new one nobody reads. */
    static ReorderCounts from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof ReorderCounts counts ? counts : new ReorderCounts();
    }
}
