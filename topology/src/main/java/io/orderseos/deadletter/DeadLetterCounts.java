package io.orderseos.deadletter;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Dead letters written by one Kafka Streams instance, by reason: every reason, the undecodable
 * ones included, which only the exception handlers see. Handed to the handlers through the
 * configuration map under {@link #CONFIG} (Kafka configures them from it), read by {@code /metrics}.
 */
public final class DeadLetterCounts {
    /** The configuration key the instance is passed under; not a setting a user writes. */
    public static final String CONFIG = "orders.internal.dead.letter.counts";

    private final Map<DeadLetterReason, LongAdder> counts = new EnumMap<>(DeadLetterReason.class);

    public DeadLetterCounts() {
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counts.put(reason, new LongAdder());
        }
    }

    void record(DeadLetterReason reason) {
        counts.get(reason).increment();
    }

    public long count(DeadLetterReason reason) {
        return counts.get(reason).sum();
    }

    /** The instance in {@code configs}, or a new one nobody reads (a handler configured elsewhere). */
    static DeadLetterCounts from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof DeadLetterCounts counts ? counts : new DeadLetterCounts();
    }
}
