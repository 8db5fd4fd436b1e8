package io.orderseos.deadletter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Dead letters written by one Kafka Streams instance, by reason: every reason, the undecodable
 * ones included, which only the exception handlers see. Counters {@value #METER} by {@code reason}
 * ({@code orders_dead_letters_total} in {@code /metrics}), each registered at 0 from the start so a
 * rate over it exists before the first dead letter. Handed to the handlers through the configuration
 * map under {@link #CONFIG} (Kafka configures them from it).
 */
public final class DeadLetterCounts {
    /** The configuration key the instance is passed under; not a setting a user writes. */
    public static final String CONFIG = "orders.internal.dead.letter.counts";

    public static final String METER = "orders.dead.letters";

    private final Map<DeadLetterReason, Counter> counts = new EnumMap<>(DeadLetterReason.class);

    /** Counts registered with {@code registry}. */
    public DeadLetterCounts(MeterRegistry registry) {
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counts.put(
                    reason,
                    Counter.builder(METER)
                            .description("Dead letters written by this instance, by reason.")
                            .tag("reason", reason.name())
                            .register(registry));
        }
    }

    /** Counts of their own, exported nowhere: for a test driver, or a handler wired up without the app. */
    public DeadLetterCounts() {
        this(new SimpleMeterRegistry());
    }

    void record(DeadLetterReason reason) {
        counts.get(reason).increment();
    }

    public long count(DeadLetterReason reason) {
        return (long) counts.get(reason).count();
    }

    /** The instance in {@code configs}, or a new one nobody reads (a handler configured elsewhere). */
    static DeadLetterCounts from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof DeadLetterCounts counts ? counts : new DeadLetterCounts();
    }
}
