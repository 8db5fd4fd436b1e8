package io.orderseos.time;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.orderseos.config.OrdersConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * How far ahead of the wall clock a record's timestamp may be: {@code orders.timestamp.max.future}.
 * A later timestamp counts as the wall clock plus that allowance, and is counted.
 *
 * <p>Why clamp. Stream time is the largest record timestamp seen, and the dedup window is measured
 * in it: one record stamped in the year 3000 would move stream time there for good, and every event
 * ID remembered so far would expire at once, so the next copy of any earlier event would be applied
 * again. Outputs and dead letters also carry the record's timestamp, and a broker refuses one more
 * than its {@code message.timestamp.after.max.ms} (Kafka's default: 1 h) ahead of its clock; a
 * refused send would stop the stream thread. Rejecting instead is impossible where it matters: the
 * timestamp extractor cannot dead-letter a record, and a negative answer makes Kafka Streams drop it
 * silently.
 *
 * <p>The price: the clamp reads the wall clock, so a replay of such a record, later, can see stream
 * time move differently. A record is only clamped if it is more than the allowance ahead of the
 * clock of the instance processing it, which a broker with default settings refuses to accept in
 * the first place (and the record itself, {@code occurredAt} included, is never changed).
 *
 * <p>One instance per Kafka Streams instance, handed to the timestamp extractor and the dead-letter
 * handlers through the configuration map under {@link #CONFIG} (Kafka configures them from it). It
 * counts in the counter {@value #METER} ({@code orders_timestamps_clamped_total} in {@code /metrics}).
 */
public final class FutureTimestamps {
    /** The configuration key the instance is passed under; not a setting a user writes. */
    public static final String CONFIG = "orders.internal.future.timestamps";

    public static final String METER = "orders.timestamps.clamped";

    private final long allowanceMs;
    private final Clock clock;
    private final Counter clamped;

    /** Counting in {@code registry}. */
    public FutureTimestamps(Duration allowance, Clock clock, MeterRegistry registry) {
        this.allowanceMs = allowance.toMillis();
        this.clock = clock;
        this.clamped = Counter.builder(METER)
                .description("Records whose timestamp was further ahead of the wall clock than "
                        + OrdersConfig.TIMESTAMP_MAX_FUTURE + ".")
                .register(registry);
    }

    /** Counting in a registry of its own, exported nowhere: for a test driver, or the fallback of {@link #from}. */
    public FutureTimestamps(Duration allowance, Clock clock) {
        this(allowance, clock, new SimpleMeterRegistry());
    }

    /** {@code timestamp}, or the latest one allowed now if it is later (counted). */
    public long clamp(long timestamp) {
        long latest = latest();
        if (timestamp > latest) {
            clamped.increment();
            return latest;
        }
        return timestamp;
    }

    /** The latest timestamp allowed now: the wall clock plus the allowance. */
    public long latest() {
        return clock.millis() + allowanceMs;
    }

    /** How many timestamps were clamped. */
    public long clampedCount() {
        return (long) clamped.count();
    }

    /**
     * The instance in {@code configs}; else a new one (with the system clock) for the allowance
     * configured there, so a handler or extractor wired up without the app still clamps.
     */
    public static FutureTimestamps from(Map<String, ?> configs) {
        if (configs.get(CONFIG) instanceof FutureTimestamps shared) {
            return shared;
        }
        Object allowance = configs.get(OrdersConfig.TIMESTAMP_MAX_FUTURE);
        String text = allowance == null
                ? OrdersConfig.APP_DEFAULTS.get(OrdersConfig.TIMESTAMP_MAX_FUTURE)
                : allowance.toString();
        return new FutureTimestamps(Duration.parse(text), Clock.systemUTC());
    }
}
